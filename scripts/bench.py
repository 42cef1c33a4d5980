#!/usr/bin/env python3
"""PDF throughput: our reader vs pdfplumber's own ``page.extract_text()``, same files, one run.

    python scripts/bench.py [FILE.pdf ...] [--repeat N]

Defaults to the PDFs in ``samples/`` and ``../shared/corpus/{dev/inputs,real}``. Prints
pages/second for each and the ratio (ours / extract_text); the cleaning steps are not run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = (
    ROOT / "samples",
    ROOT.parent / "shared" / "corpus" / "dev" / "inputs",
    ROOT.parent / "shared" / "corpus" / "real",
)


def ours(path: Path) -> int:
    from convert.core.contracts import Options, Source
    from convert.readers.pdf import PdfReader

    doc = PdfReader().read(Source(name=path.name, data=path.read_bytes(), path=path), Options())
    return doc.meta.pages or 0


def plumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def timed(fn, files: list[Path], repeat: int) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        start = time.perf_counter()
        pages = sum(fn(f) for f in files)
        best = min(best, time.perf_counter() - start)
    return pages, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=1, help="runs per reader; the best is reported")
    a = ap.parse_args()
    files = a.files or sorted(f for d in DEFAULT_DIRS if d.exists() for f in d.glob("*.pdf"))
    if not files:
        raise SystemExit("no PDF files given or found")
    plumber(files[0])  # warm-up: imports and font caches
    rows = []
    for label, fn in (("docconv pdf reader", ours), ("pdfplumber extract_text", plumber)):
        pages, secs = timed(fn, files, a.repeat)
        rows.append((label, pages, secs, pages / secs if secs else 0.0))
    print(f"{len(files)} files")
    for label, pages, secs, rate in rows:
        print(f"{label:26s} {pages:5d} pages {secs:8.2f} s {rate:8.1f} pages/s")
    print(f"ratio (ours / extract_text): {rows[0][3] / rows[1][3]:.2f}")


if __name__ == "__main__":
    main()
