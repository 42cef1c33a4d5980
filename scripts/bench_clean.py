#!/usr/bin/env python3
"""Cleaning speed: the steps after the reader, in process, on scraped texts.

    python scripts/bench_clean.py [--repeat N] [--sizes 1,8,64]

Two figures:

* per document: each scraped text of ``../shared/corpus/dev/inputs`` (txt and html),
  ``samples/``, ``../shared/corpus/realtxt/cases`` and ``../shared/corpus/real`` is read once,
  then only the cleaning (:func:`convert.app.pipeline.clean`) is timed, best of ``--repeat``;
  the mean and the slowest document in ms;
* scaling: a dev document repeated 1, 8 and 64 times, with a page break (a page number and a
  site's ad) between the copies, cleaned whole; ms per 1,000 input lines at each size. The
  per-line cost must stay flat: a step quadratic in lines or characters shows here.

Times are CPU time of this process (``time.process_time``), so other programs on a shared
machine disturb them less; the per-line caches of :mod:`convert.core.textutil` are cleared
before each run, so every run measures a document as a first conversion would.
:func:`measure` returns the rows for ``scripts/bench.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from convert.core.model import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
#: Where the scraped texts are, and which files of each folder.
SETS: tuple[tuple[Path, str], ...] = (
    (SHARED / "dev" / "inputs", "*.txt"),
    (SHARED / "dev" / "inputs", "*.html"),
    (ROOT / "samples", "*.txt"),
    (SHARED / "realtxt" / "cases", "*.txt"),
    (SHARED / "real", "*.txt"),
)
#: The document repeated for the scaling figures (hard-wrapped, with a site's furniture).
SCALED = SHARED / "dev" / "inputs" / "dev-zh-01-txt-gwt.txt"
#: What a site puts between two pages: a page number and an ad (``{n}``: the page).
PAGE_BREAK = "\n- {n} -\n\u4e0b\u8f7d\u6587\u6863\u5230\u7535\u8111\uff0c\u67e5\u627e\u4f7f\u7528\u66f4\u65b9\u4fbf\n"
SIZES = (1, 8, 64)


def _setup() -> None:
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)


def _cleaner() -> tuple[Callable[[str, bytes], Document], Callable[[Document], None]]:
    """``read(name, data) -> Document`` and ``clean(doc)``, with docconv's built-ins only."""
    _setup()
    from convert.app.pipeline import clean, read
    from convert.app.session import Session
    from convert.app.testing import registry_with
    from convert.core.contracts import Source

    session = Session.create(registry_with())

    def read_one(name: str, data: bytes) -> Document:
        return read(Source(name=name, data=data), session)

    def clean_one(doc: Document) -> None:
        clean(doc, session)

    return read_one, clean_one


def _clear_caches() -> None:
    """Forget the per-line measures, so each run is a document's first conversion."""
    from convert.core import textutil

    textutil.clear_caches()


def _best(fn: Callable[[], None], repeat: int) -> float:
    """Best CPU time of ``repeat`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        _clear_caches()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def documents() -> list[Path]:
    """The scraped texts that are there (the shared corpus may be missing)."""
    return [p for folder, pattern in SETS if folder.exists() for p in sorted(folder.glob(pattern))]


def scaled_input(copies: int) -> str:
    """:data:`SCALED` repeated ``copies`` times with a page break between the copies."""
    text = SCALED.read_text(encoding="utf-8").strip("\n")
    return "".join((PAGE_BREAK.format(n=i + 1) if i else "") + text for i in range(copies)) + "\n"


def per_document(repeat: int = 5) -> tuple[float, float, str, int]:
    """Mean and slowest cleaning time in ms per document, the slowest's name, the count."""
    read_one, clean_one = _cleaner()
    docs = [(p.name, read_one(p.name, p.read_bytes())) for p in documents()]
    if not docs:
        return 0.0, 0.0, "", 0
    clean_one(docs[0][1])  # warm-up: imports, rule files, the line model
    times = {name: _best(partial(clean_one, doc), repeat) * 1000 for name, doc in docs}
    slowest = max(times, key=times.__getitem__)
    return statistics.mean(times.values()), times[slowest], slowest, len(times)


def scaling(sizes: Sequence[int] = SIZES, repeat: int = 3) -> list[tuple[int, int, float]]:
    """``(copies, lines, ms per 1,000 lines)`` of :func:`scaled_input` at each size."""
    read_one, clean_one = _cleaner()
    rows = []
    for copies in sizes:
        text = scaled_input(copies)
        doc = read_one("scaled.txt", text.encode("utf-8"))
        lines = text.count("\n")
        secs = _best(partial(clean_one, doc), repeat if copies < 64 else max(1, repeat - 1))
        rows.append((copies, lines, secs * 1000 / lines * 1000))
    return rows


def measure(repeat: int = 5, sizes: Sequence[int] = SIZES) -> list[tuple[str, str]]:
    """The benchmark's rows, name -> value, for ``scripts/bench.py`` to print."""
    mean, worst, slowest, count = per_document(repeat)
    rows = [
        ("cleaning: documents", str(count)),
        ("cleaning: mean ms/doc", f"{mean:.1f}"),
        ("cleaning: slowest ms/doc", f"{worst:.1f} ({slowest})"),
    ]
    scaled = scaling(sizes, max(1, repeat // 2))
    for copies, lines, per_k in scaled:
        rows.append((f"cleaning x{copies} ({lines} lines): ms/1000 lines", f"{per_k:.1f}"))
    if len(scaled) > 1 and scaled[0][2]:
        rows.append(
            (f"cleaning per-line cost x{scaled[-1][0]} / x{scaled[0][0]}", f"{scaled[-1][2] / scaled[0][2]:.2f}")
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="runs per document; the best is reported")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="copies of the scaled document")
    a = ap.parse_args()
    rows = measure(a.repeat, [int(s) for s in a.sizes.split(",")])
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:{width}s}  {value}")


if __name__ == "__main__":
    main()
