"""Fuzzing: damaged copies of real inputs (PDF, HTML, text) through the real command line.

Hypothesis draws a batch of mutated files (each a sample truncated, with bytes flipped or
zeroed, or with a piece of another sample spliced in), and one ``docconv convert`` run converts
the batch under the resource limits (``--timeout``, ``--max-memory``). For every batch:

- the exit status is 0 or 1 and nothing on stderr is a traceback: each line is docconv's own;
- each input either has its outputs (complete: the DOCX and EPUB open as ZIP files) or one
  error line, and is never an "internal error";
- no input is changed, no file appears outside ``-o``, no temporary file is left in it.

CI runs a few batches with a fixed seed (``derandomize``); ``make fuzz`` runs many more
(``DOCCONV_FUZZ_EXAMPLES``, random unless ``DOCCONV_FUZZ_SEED`` is set).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    ROOT / "samples" / "speech.txt",
    ROOT / "samples" / "dev-en-01-txt-scr.txt",
    ROOT / "samples" / "speech-site.html",
    ROOT / "samples" / "speech-site.pdf",
    ROOT / "tests" / "data" / "review8" / "p02_hongtou_zh.pdf",
    ROOT / "tests" / "data" / "review4" / "p13_en_two_page_small.pdf",
    ROOT / "tests" / "data" / "review4" / "h01_en_social_policy.html",
]
EXAMPLES = int(os.environ.get("DOCCONV_FUZZ_EXAMPLES", "4"))
FIXED = "DOCCONV_FUZZ_EXAMPLES" not in os.environ or "DOCCONV_FUZZ_SEED" in os.environ
FORMATS = "md,docx,epub"


@dataclass(frozen=True)
class Mutation:
    """One change to a file's bytes, at a fraction of its length (so it fits any seed)."""

    kind: str  # truncate | flip | zero | splice | repeat
    at: float
    size: int
    other: int  # for splice: which seed the piece comes from

    def apply(self, data: bytes, seeds: list[bytes]) -> bytes:
        if not data:
            return data
        pos = min(len(data) - 1, int(self.at * len(data)))
        if self.kind == "truncate":
            return data[:pos]
        if self.kind == "flip":
            end = min(len(data), pos + self.size)
            return data[:pos] + bytes(b ^ 0xFF for b in data[pos:end]) + data[end:]
        if self.kind == "zero":
            return data[:pos] + bytes(min(self.size, len(data) - pos)) + data[pos + self.size :]
        if self.kind == "splice":
            piece = seeds[self.other % len(seeds)]
            start = int(self.at * len(piece)) % max(1, len(piece))
            return data[:pos] + piece[start : start + self.size * 64] + data[pos:]
        return data[:pos] + data[pos : pos + self.size * 16] * 8 + data[pos:]  # repeat


mutation = st.builds(
    Mutation,
    kind=st.sampled_from(["truncate", "flip", "zero", "splice", "repeat"]),
    at=st.floats(min_value=0, max_value=1, allow_nan=False),
    size=st.integers(min_value=1, max_value=64),
    other=st.integers(min_value=0, max_value=len(SEEDS) - 1),
)
damaged_file = st.tuples(st.integers(min_value=0, max_value=len(SEEDS) - 1), st.lists(mutation, min_size=1, max_size=3))


def _tree(root: Path, skip: Path) -> dict[str, str]:
    """Every file under ``root`` (but not under ``skip``) with its SHA-256."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        if Path(folder) == skip:
            dirs[:] = []
            continue
        for name in files:
            path = Path(folder, name)
            found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _check_outputs(record: dict[str, object]) -> None:
    outputs = [Path(str(p)) for p in record["outputs"]]  # type: ignore[union-attr]
    assert len(outputs) == len(FORMATS.split(",")), record
    for out in outputs:
        assert out.stat().st_size > 0, out
        if out.suffix in (".docx", ".epub"):
            with zipfile.ZipFile(out) as archive:
                assert archive.testzip() is None, out


def run_batch(tmp: Path, batch: list[tuple[int, list[Mutation]]]) -> None:
    """Convert the damaged files of ``batch`` in one run and check every guarantee."""
    seeds = [p.read_bytes() for p in SEEDS]
    src, out = tmp / "in", tmp / "out"
    src.mkdir()
    for n, (seed, changes) in enumerate(batch):
        data = seeds[seed]
        for change in changes:
            data = change.apply(data, seeds)
        (src / f"f{n:02d}{SEEDS[seed].suffix}").write_bytes(data)
    before = _tree(tmp, out)
    report = tmp / "report.json"
    command = [sys.executable, "-m", "convert", "convert", "-q", "-r", str(src), "-o", str(out)]
    command += ["-t", FORMATS, "--timeout", "30", "--max-memory", "1G", "--report", str(report)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    for line in proc.stderr.splitlines():
        assert line.startswith("docconv: "), line
    after = _tree(tmp, out)
    assert {k: v for k, v in after.items() if k != "report.json"} == before, "an input changed or a file appeared"
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".part")] if out.exists() else []
    assert not leftovers, leftovers
    records = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert len(records) == len(batch), records
    for record in records:
        if record["status"] == "converted":
            _check_outputs(record)
        else:
            error = str(record["error"])
            assert error and "\n" not in error, record
            assert not error.startswith("internal error"), record
            assert f"docconv: error: {record['input']}: " in proc.stderr, record


@pytest.mark.skipif(not all(p.exists() for p in SEEDS), reason="fuzz seed files missing")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=FIXED,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(damaged_file, min_size=1, max_size=12))
def test_damaged_inputs_fail_alone_and_change_nothing(tmp_path_factory: pytest.TempPathFactory, batch) -> None:  # type: ignore[no-untyped-def]
    run_batch(tmp_path_factory.mktemp("fuzz"), batch)
