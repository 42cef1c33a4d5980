"""Access to ../shared/corpus/dev/score.py (the dev corpus scorer) from tests."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from conftest import DEV, need_shared


def scorer() -> ModuleType:
    path = need_shared(DEV / "score.py")
    spec = importlib.util.spec_from_file_location("dev_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manifest() -> dict:
    return json.loads(need_shared(DEV / "inputs" / "manifest.json").read_text(encoding="utf-8"))


def score_outputs(outdir: Path, formats: tuple[str, ...]) -> tuple[dict[str, dict], list[dict]]:
    """Score ``outdir/<case id>.md`` for the manifest's cases of ``formats``; return
    per-format aggregates and per-case rows."""
    score = scorer()
    man = manifest()
    base = DEV / "inputs"
    rows = []
    for case in man["cases"]:
        if case["format"] not in formats:
            continue
        gold = score.Doc((base / case["gold"]).read_text(encoding="utf-8"))
        out_file = outdir / f"{case['id']}.md"
        out = score.Doc(out_file.read_text(encoding="utf-8") if out_file.exists() else "")
        row = score.score_case(case, gold, out)
        row.update(id=case["id"], format=case["format"])
        rows.append(row)
    by_format = {f: score.aggregate([r for r in rows if r["format"] == f]) for f in formats}
    return by_format, rows
