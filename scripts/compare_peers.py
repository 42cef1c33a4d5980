#!/usr/bin/env python3
"""Score docconv against peer tools on the dev corpus, with the corpus's own scorer.

    python scripts/compare_peers.py [--peers-python /path/to/venv/bin/python] [--out DIR]

Runs on every input of ../shared/corpus/dev/inputs:
  docconv      this checkout (txt, html, pdf)
  pandoc       `pandoc -f markdown` on text, `-f html` on pages (it has no PDF reader)
  markitdown   its CLI on every format (needs `pip install 'markitdown[pdf]'`)
  trafilatura  its extractor on pages only, Markdown output (`pip install trafilatura lxml_html_clean`)
Peers that are not installed are left out. markitdown and trafilatura run with the Python
given by --peers-python (a separate virtualenv, so docconv's own does not need them).
Prints score.py's table: furniture leak, sentence loss, CER, CJK spaces, paragraph and
heading F1, title.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"

TRAFILATURA = (
    "import sys, trafilatura\n"
    "html = open(sys.argv[1], encoding='utf-8', errors='replace').read()\n"
    "out = trafilatura.extract(html, output_format='markdown', include_formatting=True) or ''\n"
    "sys.stdout.write(out)\n"
)


def run(cmd: list[str], out: Path) -> bool:
    proc = subprocess.run(cmd, capture_output=True, timeout=300)
    if proc.returncode != 0:
        return False
    out.write_bytes(proc.stdout)
    return True


def importable(python: str, module: str) -> bool:
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peers-python", default=sys.executable, help="Python that has markitdown/trafilatura")
    ap.add_argument("--out", type=Path, default=ROOT / "dev-out" / "peers")
    a = ap.parse_args()
    inputs = sorted(p for p in (DEV / "inputs").iterdir() if p.suffix in (".txt", ".html", ".pdf"))
    if not inputs:
        sys.exit(f"no dev corpus at {DEV}")
    systems: list[str] = []

    docconv_dir = a.out / "docconv"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "docconv"), "convert", "-q", "-o", str(docconv_dir), *map(str, inputs)],
        check=False,
    )
    systems.append(f"docconv={docconv_dir}")

    if shutil.which("pandoc"):
        d = a.out / "pandoc"
        d.mkdir(parents=True, exist_ok=True)
        for p in inputs:
            if p.suffix == ".pdf":
                continue
            fmt = "html" if p.suffix == ".html" else "markdown"
            text = p.read_bytes()
            for enc in ("utf-8-sig", "gb18030"):  # pandoc reads UTF-8 only: convert first
                try:
                    decoded = text.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            tmp = d / f"{p.stem}.in"
            tmp.write_text(decoded, encoding="utf-8")
            run(["pandoc", "-f", fmt, "-t", "gfm", "--wrap=none", str(tmp)], d / f"{p.stem}.md")
            tmp.unlink()
        systems.append(f"pandoc={d}")

    if importable(a.peers_python, "markitdown"):
        d = a.out / "markitdown"
        d.mkdir(parents=True, exist_ok=True)
        for p in inputs:
            run([a.peers_python, "-m", "markitdown", str(p)], d / f"{p.stem}.md")
        systems.append(f"markitdown={d}")

    if importable(a.peers_python, "trafilatura"):
        d = a.out / "trafilatura"
        d.mkdir(parents=True, exist_ok=True)
        for p in inputs:
            if p.suffix == ".html":
                run([a.peers_python, "-c", TRAFILATURA, str(p)], d / f"{p.stem}.md")
        systems.append(f"trafilatura={d}")

    subprocess.run(
        [sys.executable, str(DEV / "score.py"), str(DEV / "inputs" / "manifest.json"), *systems], check=False
    )


if __name__ == "__main__":
    main()
