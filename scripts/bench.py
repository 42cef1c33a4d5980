#!/usr/bin/env python3
"""docconv's speed against its peers: one table, measured in one run on the same inputs.

    python scripts/bench.py [--quick] [--peers-python PY] [--only NAMES]

Rows (each: docconv's figure, the reference's, their ratio, the goal and whether it is met):

- ``batch vs pandoc``: the scraped texts (dev, samples, realtxt, real) in one
  ``docconv convert -t md,docx,epub --jobs 1`` batch, against pandoc converting docconv's
  Markdown of each to DOCX and to EPUB file by file (whole processes, both).
- cleaning per document (``scripts/bench_clean.py``: CPU time, mean and slowest) and its cost
  per line at 64 times a document's length over once (linear: no step quadratic);
- the ``docx``, ``epub``, ``md`` writers per document, in process (best of 3), against pandoc's
  time per output (the batch row's pandoc time over its outputs).
- ``markitdown txt/html/pdf``: one process per file, docconv ``-t md`` against the
  markitdown CLI (from ``--peers-python``'s environment: ``make bench-peers`` makes one).
- ``PDF vs pdfplumber``: whole process, docconv ``-t md`` against a process running
  pdfplumber's ``extract_text`` on every page: the Federal Register issue in
  ``../shared/corpus/real`` and the external PDF set (``--quick`` skips the latter).
- ``--help``: start-up, median of 11, with the installed plugins and with them disabled.
- ``RSS``: peak memory and time of ``docconv convert -t md`` on a 100-page and a 1,000-page PDF
  made by repeating the dev corpus's PDF pages (``--quick``: 50 and 200 pages).
- ``docs/s``: the dev inputs (txt, html, pdf) ×4 with ``--jobs 1`` and ``--jobs 2``.
- ``ocr``: seconds per scanned page at 300 dpi with the docconv-ocr plugin, ``--jobs 2``: per
  language two one-page image-only PDFs (the first pages of the dev gold documents, printed
  with site furniture by ``plugins/docconv-ocr/tests/ocr_scans.py``; one document: its page
  twice). Skipped, with a note, without the plugin, ``tesseract`` or the fonts.

Ratios, not absolute times, are what to compare between machines and runs. Plugins are
disabled for everything but the start-up and OCR rows, so the figures are docconv's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
DEV = SHARED / "dev" / "inputs"
FEDERAL_REGISTER = SHARED / "real" / "en-federal-register-2020-17221.pdf"
EXTERNAL_PDF = SHARED / "external" / "pdf" / "gt"  # (the PDFs with ground truth; robust/ are hostile files)
DOCCONV = [sys.executable, "-m", "convert"]
ENV = {**os.environ, "DOCCONV_DISABLE_PLUGINS": "1", "PYTHONPATH": str(ROOT / "src")}

PLUMBER = (
    "import sys, pdfplumber\n"
    "for path in sys.argv[1:]:\n"
    "    with pdfplumber.open(path) as pdf:\n"
    "        for page in pdf.pages:\n"
    "            page.extract_text()\n"
    "            page.close()\n"
)


@dataclass
class Row:
    name: str
    ours: str
    reference: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None


def run(command: list[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one process; exits on failure (a benchmark of a failing run means nothing)."""
    start = time.perf_counter()
    proc = subprocess.run(command, env=env or ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr[-2000:]}")
    return elapsed


def best(fn: Callable[[], float], repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def peak_rss(command: list[str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of one process, from ``/usr/bin/time``."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command], env=ENV, capture_output=True)
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr.decode()[-2000:]}")
        return elapsed, int(report.read().split()[-1])


def scraped_texts() -> list[Path]:
    folders = (DEV, ROOT / "samples", SHARED / "realtxt" / "cases", SHARED / "real")
    return sorted(p for d in folders if d.exists() for p in d.glob("*.txt"))


# ----------------------------------------------------------------------------- rows


def batch_vs_pandoc(tmp: Path, texts: list[Path], repeat: int) -> tuple[list[Row], float]:
    src = tmp / "texts"
    src.mkdir()
    for p in texts:
        shutil.copyfile(p, src / f"{p.parent.name}-{p.name}")
    out = tmp / "texts-out"

    def ours() -> float:
        shutil.rmtree(out, ignore_errors=True)
        return run([*DOCCONV, "convert", "-q", "-r", str(src), "-o", str(out), "-t", "md,docx,epub", "--jobs", "1"])

    docconv = best(ours, repeat)
    markdown = sorted(out.glob("*.md"))
    if not shutil.which("pandoc"):
        return [Row("batch md+docx+epub --jobs 1", f"{docconv:.2f} s", "pandoc not installed")], 0.0

    def pandoc() -> float:
        total = 0.0
        for md in markdown:
            for suffix in (".docx", ".epub"):
                total += run(["pandoc", "-f", "markdown", str(md), "-o", str(tmp / f"pandoc{suffix}")])
        return total

    reference = best(pandoc, repeat)
    ratio = docconv / reference
    row = Row(
        f"{len(markdown)} scraped texts -> md+docx+epub",
        f"{docconv:.2f} s (batch, --jobs 1)",
        f"{reference:.2f} s (pandoc md->docx, md->epub)",
        ratio,
        "<= 0.50",
        ratio <= 0.5,
    )
    return [row], reference / (2 * len(markdown))


def in_process(texts: list[Path], pandoc_per_output: float, repeat: int) -> list[Row]:
    """Cleaning and each writer per document, in this process (docconv's own figures)."""
    sys.path.insert(0, str(ROOT / "src"))
    import io

    from convert.app.pipeline import clean, read
    from convert.app.plugins import build_registry
    from convert.app.session import Session
    from convert.core.contracts import Options, Source

    registry = build_registry(load_entry_points=False)
    session = Session.create(registry, Options())
    raw = [read(Source(name=p.name, data=p.read_bytes(), path=p), session) for p in texts]
    timings: dict[str, float] = {}
    docs = [clean(d, session) for d in raw]
    options = Options()
    for fmt in ("docx", "epub", "md"):
        writer = registry.writer(fmt)
        for doc in docs:
            writer.write(doc, io.BytesIO(), options)  # warm-up: imports, a template per language
        for _ in range(repeat):
            start = time.perf_counter()
            for doc in docs:
                writer.write(doc, io.BytesIO(), options)
            timings[fmt] = min(timings.get(fmt, float("inf")), time.perf_counter() - start)
    rows = cleaning(repeat)
    goals = {"docx": 0.025}
    for name, total in timings.items():
        per = total / len(docs)
        ref = pandoc_per_output or None
        goal = goals.get(name)
        rows.append(
            Row(
                f"{name} writer per document (in process)",
                f"{per * 1000:.1f} ms",
                f"{ref * 1000:.0f} ms (pandoc per output, process)" if ref else "",
                per / ref if ref else None,
                f"<= {goal * 1000:.0f} ms" if goal else "",
                per <= goal if goal else None,
            )
        )
    return rows


def cleaning(repeat: int) -> list[Row]:
    """Cleaning per document (CPU time, each a first conversion) and its scaling with the
    input's length: :mod:`bench_clean`'s figures."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_clean

    mean, worst, slowest, count = bench_clean.per_document(max(repeat, 3))
    rows = [
        Row(
            f"clean per document, {count} texts (in process)",
            f"{mean:.1f} ms mean",
            f"slowest {worst:.1f} ms ({slowest})",  # (the goal is the issue's: per document, on average)
            None,
            "<= 25 ms",
            mean <= 25,
        )
    ]
    scaled = bench_clean.scaling((1, 64), 2)
    (c1, n1, per1), (c2, n2, per2) = scaled
    rows.append(
        Row(
            f"clean per line, x{c2} ({n2} lines) / x{c1} ({n1} lines)",
            f"{per2:.0f} ms/1000 lines",
            f"{per1:.0f} ms/1000 lines",
            per2 / per1,
            "<= 1.5 (linear)",
            per2 / per1 <= 1.5,
        )
    )
    return rows


def markitdown(tmp: Path, peers_python: str | None, repeat: int) -> list[Row]:
    command = [str(Path(peers_python).parent / "markitdown")] if peers_python else []
    if not command or not Path(command[0]).exists():
        return [Row("markitdown", "", "not installed: make bench-peers (or --peers-python)")]
    rows = []
    for suffix in (".txt", ".html", ".pdf"):
        files = sorted(DEV.glob(f"*{suffix}"))
        if not files:
            continue
        out = tmp / f"md{suffix}"

        def ours(files: list[Path] = files, out: Path = out) -> float:
            return sum(run([*DOCCONV, "convert", "-q", str(f), "-t", "md", "-o", str(out)]) for f in files)

        def theirs(files: list[Path] = files) -> float:
            return sum(run([*command, str(f)]) for f in files)

        a, b = best(ours, repeat), best(theirs, repeat)
        rows.append(
            Row(
                f"{suffix[1:]} -> md, {len(files)} files, process each",
                f"{a / len(files) * 1000:.0f} ms/file",
                f"{b / len(files) * 1000:.0f} ms/file (markitdown)",
                a / b,
                "< 1",
                a < b,
            )
        )
    return rows


def pdf_vs_pdfplumber(tmp: Path, quick: bool, repeat: int) -> list[Row]:
    sets = [("Federal Register issue", [FEDERAL_REGISTER] if FEDERAL_REGISTER.exists() else [])]
    if not quick:
        sets.append(("external PDF set", sorted(EXTERNAL_PDF.glob("*.pdf"))))
    rows = []
    for name, files in sets:
        if not files:
            continue
        pages = _pages(files)
        out = tmp / "pdf-out"

        def ours(files: list[Path] = files, out: Path = out) -> float:
            return sum(run([*DOCCONV, "convert", "-q", str(f), "-t", "md", "-o", str(out)]) for f in files)

        def theirs(files: list[Path] = files) -> float:
            return sum(run([sys.executable, "-c", PLUMBER, str(f)]) for f in files)

        n = repeat if len(files) == 1 else 1
        a, b = best(ours, n), best(theirs, n)
        rows.append(
            Row(
                f"PDF -> md, {name} ({pages} pages)",
                f"{pages / a:.1f} pages/s",
                f"{pages / b:.1f} pages/s (pdfplumber extract_text)",
                a / b,
                "<= 0.67",
                a / b <= 0.67,
            )
        )
    return rows


def _pages(files: list[Path]) -> int:
    import pypdfium2

    total = 0
    for f in files:
        pdf = pypdfium2.PdfDocument(str(f))
        total += len(pdf)
        pdf.close()
    return total


def startup(repeat: int) -> list[Row]:
    def median(command: list[str], env: dict[str, str]) -> float:
        return statistics.median(run(command, env) for _ in range(repeat))

    plain = {k: v for k, v in ENV.items() if k != "DOCCONV_DISABLE_PLUGINS"}
    docconv = shutil.which("docconv", path=str(Path(sys.executable).parent)) or ""
    command = [docconv] if docconv else DOCCONV
    rows = []
    for label, env in (("plugins installed", plain), ("plugins disabled", ENV)):
        t = median([*command, "--help"], env)
        rows.append(Row(f"docconv --help ({label})", f"{t * 1000:.0f} ms", "", None, "<= 150 ms", t <= 0.15))
    if shutil.which("pandoc"):
        t = median(["pandoc", "--help"], ENV)
        rows[0].reference = f"{t * 1000:.0f} ms (pandoc --help)"
        rows[0].ratio = float(rows[0].ours.split()[0]) / (t * 1000)
    return rows


def long_pdfs(tmp: Path, quick: bool) -> list[Row]:
    sys.path.insert(0, str(ROOT / "src"))
    from convert.app.limits import DEFAULT_TIMEOUT

    sizes = (50, 200) if quick else (100, 1000)
    sources = sorted(DEV.glob("*.pdf"))
    if not sources:
        return []
    results = []
    for n in sizes:
        path = tmp / f"long-{n}.pdf"
        _repeat_pages(sources, n, path)
        elapsed, rss = peak_rss([*DOCCONV, "convert", "-q", str(path), "-t", "md", "-o", str(tmp / "long-out")])
        results.append((n, elapsed, rss))
    (n1, t1, m1), (n2, t2, m2) = results
    per1, per2 = t1 / n1, t2 / n2
    return [
        Row(f"peak RSS, {n1}-page PDF -> md", f"{m1 / 1024:.0f} MiB", f"{t1:.1f} s, {per1 * 1000:.0f} ms/page"),
        Row(
            f"peak RSS, {n2}-page PDF -> md",
            f"{m2 / 1024:.0f} MiB",
            f"{t2:.1f} s, {per2 * 1000:.0f} ms/page",
            m2 / m1,
            "RSS ratio <= 1.5",
            m2 / m1 <= 1.5,
        ),
        Row(
            "time per page, long / short",
            f"{per2 / per1:.2f} x",
            f"1,000 pages in ~{per2 * 1000:.0f} s (default --timeout {DEFAULT_TIMEOUT:.0f} s)",
            per2 * 1000 / DEFAULT_TIMEOUT,
            "<= 0.5 of --timeout",
            per2 * 1000 <= 0.5 * DEFAULT_TIMEOUT,
        ),
    ]


def _repeat_pages(sources: list[Path], count: int, target: Path) -> None:
    """A ``count``-page PDF of the sources' pages, over and over (pdfium copies the pages)."""
    import pypdfium2

    out = pypdfium2.PdfDocument.new()
    docs = [pypdfium2.PdfDocument(str(p)) for p in sources]
    while len(out) < count:
        for doc in docs:
            if len(out) >= count:
                break
            out.import_pages(doc, list(range(min(len(doc), count - len(out)))))
    out.save(str(target))
    out.close()
    for doc in docs:
        doc.close()


def docs_per_second(tmp: Path, copies: int) -> list[Row]:
    samples = sorted(p for p in DEV.iterdir() if p.suffix in (".txt", ".html", ".pdf"))
    src = tmp / "dev-copies"
    src.mkdir()
    for i in range(copies):
        for sample in samples:
            shutil.copyfile(sample, src / f"{i:03d}-{sample.name}")
    count = copies * len(samples)
    rates = {}
    for jobs in (1, 2):
        out = tmp / f"dev-out-{jobs}"
        elapsed = run([*DOCCONV, "convert", "-q", "-r", str(src), "-o", str(out), "-t", "all", "--jobs", str(jobs)])
        rates[jobs] = count / elapsed
    rows = [
        Row(f"dev inputs x{copies} -> all formats, --jobs 1", f"{rates[1]:.2f} docs/s"),
        Row(f"dev inputs x{copies} -> all formats, --jobs 2", f"{rates[2]:.2f} docs/s", "", rates[2] / rates[1]),
    ]
    for workers in (1, 2):
        rate = _dask_rate(tmp, src, count, workers)
        if rate is not None:
            rows.append(
                Row(
                    f"dev inputs x{copies} -> all formats, --cluster, {workers} dask worker(s)",
                    f"{rate:.2f} docs/s",
                    "vs --jobs 1",
                    rate / rates[1],
                )
            )
    return rows


def _dask_rate(tmp: Path, src: Path, count: int, workers: int) -> float | None:
    """Documents/s of ``docconv convert --cluster`` on a scheduler and ``workers`` workers
    started as the ``dask`` commands (one thread each), warm: the second of two runs (the
    first warms the workers up, as any long batch would). ``None`` without Dask."""
    dask = Path(sys.executable).parent / "dask"
    if not dask.exists():
        return None
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": ENV, "cwd": tmp}
    procs = [
        subprocess.Popen(
            [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
        )
    ]
    worker = [str(dask), "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    procs += [subprocess.Popen(worker, **quiet) for _ in range(workers)]
    try:
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=60)
        elapsed = 0.0
        for attempt in range(2):
            out = tmp / f"dask-out-{workers}-{attempt}"
            elapsed = run(
                [*DOCCONV, "convert", "-q", "-r", str(src), "-o", str(out), "-t", "all", "--cluster", address]
            )
        return count / elapsed
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def ocr_pages(tmp: Path) -> list[Row]:
    """Seconds per scanned page (300 dpi, ``--jobs 2``) through the docconv-ocr plugin."""
    name = "OCR, scanned A4 pages at 300 dpi -> md, --jobs 2"
    plain = {k: v for k, v in ENV.items() if k != "DOCCONV_DISABLE_PLUGINS"}
    probe = subprocess.run([sys.executable, "-c", "import docconv_ocr"], env=plain, capture_output=True)
    if probe.returncode != 0:
        return [Row(name, "", "skipped: docconv-ocr is not installed (make plugins-test)")]
    if shutil.which("tesseract") is None:
        return [Row(name, "", "skipped: tesseract is not installed")]
    sys.path.insert(0, str(ROOT / "plugins" / "docconv-ocr" / "tests"))
    try:
        import ocr_scans
    except ImportError as error:
        return [Row(name, "", f"skipped: {error}")]
    if ocr_scans.font_path() is None or not ocr_scans.GOLD.exists():
        return [Row(name, "", "skipped: no Noto CJK font or no ../shared gold documents")]
    rows = []
    for lang in ("zh", "en"):
        golds = sorted(ocr_scans.GOLD.glob(f"dev-{lang}-*.md"))[:2]
        if not golds:
            continue
        src, out = tmp / f"ocr-{lang}", tmp / f"ocr-{lang}-out"
        src.mkdir()
        for i, gold in enumerate(golds):  # (fewer than two: the page is printed twice)
            page = ocr_scans.document_pages(gold, lang, seed=i + 1, max_pages=1).pages
            for copy in range(2 // len(golds)):
                (src / f"{gold.stem}-{copy}.pdf").write_bytes(ocr_scans.pdf_of(page, 300))
        pages = len(list(src.glob("*.pdf")))
        command = [*DOCCONV, "convert", "-q", "-r", str(src), "-o", str(out), "-t", "md", "--jobs", "2"]
        elapsed = run([*command, "--ocr-lang", ocr_scans.LANGS[lang]], plain)
        label = "Chinese, chi_sim" if lang == "zh" else "English, eng"
        rows.append(Row(f"{name} ({label}, {pages} pages)", f"{elapsed / pages:.1f} s/page"))
    return rows


# ----------------------------------------------------------------------------- table


def print_table(rows: list[Row]) -> None:
    header = ("measure", "docconv", "reference", "ratio", "goal", "met")
    cells = [
        (
            r.name,
            r.ours,
            r.reference,
            f"{r.ratio:.2f}" if r.ratio is not None else "",
            r.goal,
            "" if r.met is None else ("yes" if r.met else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())


SECTIONS = ("pandoc", "markitdown", "pdf", "startup", "memory", "batch", "ocr")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats, no external set, shorter long PDFs")
    ap.add_argument("--peers-python", help="Python of an environment with markitdown (default: .venv-peers)")
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ", ".join(SECTIONS))
    a = ap.parse_args()
    only = set(a.only.split(","))
    peers = a.peers_python or str(ROOT / ".venv-peers" / "bin" / "python")
    repeat = 1 if a.quick else 3
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="docconv-bench-") as name:
        tmp = Path(name)
        texts = scraped_texts()
        if "pandoc" in only and texts:
            batch, per_output = batch_vs_pandoc(tmp, texts, repeat)
            rows += batch + in_process(texts, per_output, repeat)
        if "markitdown" in only:
            rows += markitdown(tmp, peers, repeat)
        if "pdf" in only:
            rows += pdf_vs_pdfplumber(tmp, a.quick, repeat)
        if "startup" in only:
            rows += startup(5 if a.quick else 11)
        if "memory" in only:
            rows += long_pdfs(tmp, a.quick)
        if "batch" in only:
            rows += docs_per_second(tmp, 2 if a.quick else 4)
        if "ocr" in only:
            rows += ocr_pages(tmp)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"docconv benchmark: {cores} cores, Python {sys.version.split()[0]}, {time.perf_counter() - started:.0f} s")
    print_table(rows)


if __name__ == "__main__":
    main()
