#!/usr/bin/env python3
"""Check that a change (a speed-up) leaves every output byte-identical.

    python scripts/same_outputs.py record  [--sets dev,samples,real] [--file FP.json]
    python scripts/same_outputs.py compare [--sets dev,samples,real] [--file FP.json]

``record`` converts every input of the chosen sets to Markdown, DOCX and EPUB with this
checkout (``SOURCE_DATE_EPOCH`` fixed, plugins off) and writes the SHA-256 of each output
file, and of each member of each DOCX/EPUB, to a fingerprint file; ``compare`` converts again
and lists what differs (the Markdown diff is printed). Exit status 0 when identical, 1 when
not. Sets: ``dev`` (../shared/corpus/dev/inputs), ``samples``, ``real``
(../shared/corpus/real), ``realtxt`` (../shared/corpus/realtxt/cases), ``external`` (the
external PDF set; slow). Record before the optimisation, compare after it.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SETS = {
    "dev": SHARED / "dev" / "inputs",
    "samples": ROOT / "samples",
    "real": SHARED / "real",
    "realtxt": SHARED / "realtxt" / "cases",
    "external": SHARED / "external" / "pdf",
}
SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".md"}
DEFAULT_FILE = ROOT / "dev-out" / "same-outputs.json"


def inputs(names: list[str]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for name in names:
        folder = SETS[name]
        if not folder.exists():
            print(f"skipped {name}: {folder} not found", file=sys.stderr)
            continue
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if name == "external":
            files = [p for p in files if p.suffix.lower() == ".pdf"]
        found[name] = files
    return found


def fingerprint(path: Path) -> dict[str, str]:
    """The file's hash, and for a ZIP (DOCX/EPUB) each member's, so a diff names the part."""
    data = path.read_bytes()
    prints = {"": hashlib.sha256(data).hexdigest()}
    if path.suffix in (".docx", ".epub"):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                prints[info.filename] = hashlib.sha256(z.read(info)).hexdigest()
    return prints


def convert(sets: dict[str, list[Path]], out: Path) -> dict[str, dict[str, str]]:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1764558000",
        "DOCCONV_DISABLE_PLUGINS": "1",
        "PYTHONPATH": str(ROOT / "src"),
    }
    prints: dict[str, dict[str, str]] = {}
    for name, files in sets.items():
        target = out / name
        command = [sys.executable, "-m", "convert", "convert", "-q", "-t", "md,docx,epub", "-o", str(target)]
        proc = subprocess.run([*command, *map(str, files)], env=env, capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            sys.exit(f"docconv failed on set {name} ({proc.returncode}):\n{proc.stderr}")
        for path in sorted(p for p in target.rglob("*") if p.is_file()):
            prints[f"{name}/{path.relative_to(target)}"] = fingerprint(path)
    return prints


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["record", "compare"])
    ap.add_argument("--sets", default="dev,samples,real", help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE, help="fingerprint file")
    ap.add_argument("--keep", type=Path, help="keep the outputs here (record keeps them beside --file for the diffs)")
    a = ap.parse_args()
    names = [s for s in a.sets.split(",") if s]
    unknown = [s for s in names if s not in SETS]
    if unknown:
        sys.exit(f"unknown set(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="docconv-same-") as tmp:
        out = a.keep or (a.file.with_suffix("") if a.action == "record" else Path(tmp))
        if a.action == "record" and out.exists():
            shutil.rmtree(out)
        prints = convert(inputs(names), out)
        if a.action == "record":
            a.file.parent.mkdir(parents=True, exist_ok=True)
            a.file.write_text(json.dumps({"outputs": str(out.resolve()), "prints": prints}, indent=1), "utf-8")
            print(f"recorded {len(prints)} outputs in {a.file}")
            return
        recorded = json.loads(a.file.read_text("utf-8"))
        before, old_dir = recorded["prints"], Path(recorded["outputs"])
        differ = 0
        for key in sorted(set(before) | set(prints)):
            if before.get(key) == prints.get(key):
                continue
            differ += 1
            if key not in prints or key not in before:
                print(f"{'missing' if key not in prints else 'new'}: {key}")
                continue
            parts = sorted(k for k in set(before[key]) | set(prints[key]) if before[key].get(k) != prints[key].get(k))
            print(f"differs: {key}" + (f" (members: {', '.join(p for p in parts if p)})" if parts != [""] else ""))
            old, new = old_dir / key, out / key
            if key.endswith(".md") and old.exists():
                diff = difflib.unified_diff(
                    old.read_text("utf-8").splitlines(), new.read_text("utf-8").splitlines(), lineterm="", n=1
                )
                print("\n".join(list(diff)[:40]))
        print(f"{len(prints)} outputs, {differ} differ")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
