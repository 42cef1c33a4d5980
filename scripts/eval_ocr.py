#!/usr/bin/env python3
"""docconv-ocr measured on the dev gold documents, printed and scanned here.

    python scripts/eval_ocr.py [--dpi 300,150] [--json scores.json] [--keep DIR]

Every gold document of ``../shared/corpus/dev/gold`` is printed whole (title, headings,
paragraphs) on as many A4 pages as it needs, each with the site's furniture (a running
header with the site name, a page number footer, a light diagonal watermark repeated over
the page), scanned (speckles, a blur, a seeded skew within +-2 degrees) and packed into one
image-only PDF per resolution (``plugins/docconv-ocr/tests/ocr_scans.py`` does all that).
The PDFs of one language and resolution are converted in one
``docconv convert -r DIR -t md -o OUT --jobs 2 --ocr-lang chi_sim|eng`` and each output is
scored against its gold: CER (body text; Chinese without whitespace), furniture leak (share
of the furniture strings still in the output, ``score.py``'s rule), paragraph F1 (first 10
non-space characters, ``score.py``), spaces between CJK characters not in the gold per 1000
characters (``score.py``'s ``cjk_space``: CER ignores them) and wall seconds per page of
the conversion. Needs the
docconv-ocr plugin, ``tesseract`` with ``chi_sim`` and ``eng``, Pillow, rapidfuzz and the
Noto CJK fonts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins" / "docconv-ocr" / "tests"))

import ocr_scans  # noqa: E402


def convert(src: Path, out: Path, lang: str, jobs: int) -> float:
    """Wall seconds of one ``docconv convert -r`` of the folder ``src``."""
    command = [sys.executable, "-m", "convert", "convert", "-q", "-r", str(src), "-t", "md", "-o", str(out)]
    command += ["--jobs", str(jobs), "--ocr-lang", ocr_scans.LANGS[lang], "--no-provenance", "--no-notices"]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ})
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dpi", default="300,150", help="comma-separated resolutions (default 300,150)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the per-document and per-group figures here")
    ap.add_argument("--keep", type=Path, help="keep the PDFs and outputs in this folder")
    a = ap.parse_args()
    if shutil.which("tesseract") is None or ocr_scans.font_path() is None:
        sys.exit("needs tesseract and the Noto CJK fonts (fonts-noto-cjk)")
    golds = sorted(ocr_scans.GOLD.glob("*.md"))
    if not golds:
        sys.exit(f"no gold documents in {ocr_scans.GOLD}")
    dpis = [int(d) for d in a.dpi.split(",")]
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="docconv-eval-ocr-")) if a.keep is None else a.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        scans = {}
        for i, gold in enumerate(golds):
            lang = "zh" if "-zh-" in gold.name else "en"
            scans[gold] = (lang, ocr_scans.document_pages(gold, lang, seed=i + 1))
        cases, groups = [], []
        for dpi in dpis:
            for lang in sorted({lang for lang, _ in scans.values()}, reverse=True):
                src, out = work / f"{lang}-{dpi}", work / f"{lang}-{dpi}-out"
                src.mkdir(exist_ok=True)
                mine = [(g, s) for g, (lg, s) in scans.items() if lg == lang]
                for gold, scanned in mine:
                    (src / f"{gold.stem}.pdf").write_bytes(ocr_scans.pdf_of(scanned.pages, dpi))
                seconds = convert(src, out, lang, a.jobs)
                pages = sum(len(s.pages) for _, s in mine)
                rows = []
                for gold, scanned in mine:
                    markdown = (out / f"{gold.stem}.md").read_text(encoding="utf-8")
                    m = ocr_scans.measure(markdown, gold.read_text(encoding="utf-8"), lang, scanned.furniture)
                    rows.append({"doc": gold.stem, "lang": lang, "dpi": dpi, "pages": len(scanned.pages), **m})
                cases += rows
                n = len(rows)
                groups.append(
                    {
                        "lang": lang,
                        "dpi": dpi,
                        "docs": n,
                        "pages": pages,
                        "cer": sum(r["cer"] for r in rows) / n,
                        "leak": sum(r["leak"] for r in rows) / n,
                        "para_f1": sum(r["para_f1"] for r in rows) / n,
                        "cjk_space": sum(r["cjk_space"] for r in rows) / n,
                        "s_per_page": seconds / pages,
                    }
                )
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"docconv-ocr on the dev gold documents: {cores} cores, --jobs {a.jobs}, {time.perf_counter() - started:.0f} s"
    )
    print()
    print("| language | dpi | docs | pages | CER    | leak   | para F1 | CJK sp/1k | s/page |")
    print("| -------- | --: | ---: | ----: | -----: | -----: | ------: | --------: | -----: |")
    for g in groups:
        print(
            f"| {g['lang']:8} | {g['dpi']:3} | {g['docs']:4} | {g['pages']:5} | {g['cer']:6.2%} | {g['leak']:6.1%}"
            f" | {g['para_f1']:7.2f} | {g['cjk_space']:9.1f} | {g['s_per_page']:6.1f} |"
        )
    for r in cases:
        if r["leaked"]:
            print(f"leaked in {r['doc']} at {r['dpi']} dpi: {', '.join(r['leaked'])}", file=sys.stderr)
    if a.json:
        report = {"cores": cores, "jobs": a.jobs, "groups": groups, "cases": cases}
        a.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
