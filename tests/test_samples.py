"""Every sample in samples/ converts to the seed speech's hand-made gold, block for block."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert.app.inputs import load_source
from convert.app.pipeline import convert_source
from convert.core.contracts import Options

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "speech.gold.md"


def gold_blocks() -> list[str]:
    body = GOLD.read_text(encoding="utf-8").split("---", 2)[2]
    return [b.lstrip("# ") for b in body.strip().split("\n\n")]


@pytest.mark.parametrize("name", ["speech.txt", "speech-site.pdf", "speech-site.html"])
def test_sample_equals_gold(name: str, registry) -> None:  # type: ignore[no-untyped-def]
    doc = convert_source(load_source(ROOT / "samples" / name), registry, Options())
    assert [b.text for b in doc.blocks] == gold_blocks()
    assert [b.level for b in doc.blocks if b.kind != "paragraph"] == [1, 2, 2]
    assert doc.meta.title == gold_blocks()[0]
    assert doc.removals  # the site's furniture was there, and went


def test_sample_generator_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    import subprocess
    import sys

    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--out", str(tmp_path)], check=True)
    for name in ("speech-site.pdf", "speech-site.html"):
        assert (tmp_path / name).read_bytes() == (ROOT / "samples" / name).read_bytes(), name
