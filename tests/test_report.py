"""One record format: ``convert --report``, ``sync --log``, ``clean --report`` and ``inspect --json``
agree on the keys they share, and a report's ``steps`` say what each cleaning step did."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import SEED, need_shared

from convert.app.cli import cli
from convert.app.report import Outcome, file_record, log_record, outcome_fields, step_totals, write_report

TEXT = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\nVIP\u4e13\u514d\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"
SHARED = ("input", "status", "outputs", "error", "warnings", "removal_counts", "duration")
STEP_KEYS = {"step", "seconds", "removed", "changed", "warnings"}


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def same(record: dict[str, Any], other: dict[str, Any], keys: tuple[str, ...]) -> None:
    assert {k: record[k] for k in keys} == {k: other[k] for k in keys}


def test_report_log_line_and_inspect_share_one_format(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    src = tmp_path / "src" / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert run("convert", src, "-o", tmp_path / "out", "--report", tmp_path / "r.json").exit_code == 0
    assert run("sync", tmp_path / "src", tmp_path / "dest", "--log", tmp_path / "sync.log").exit_code == 0
    assert run("clean", src, "--report", tmp_path / "c.json").exit_code == 0
    inspected = run("inspect", src, "--json")
    assert inspected.exit_code == 0, inspected.output
    [report] = load(tmp_path / "r.json")["files"]
    [line] = [json.loads(x) for x in (tmp_path / "sync.log").read_text(encoding="utf-8").splitlines()]
    [cleaned] = load(tmp_path / "c.json")["files"]
    inspect = json.loads(inspected.stdout)
    assert set(line) == {"time", *SHARED}  # a log line is exactly the shared keys and its time
    for record in (report, cleaned, inspect):
        assert set(record) >= {*SHARED, "metadata", "removals", "changes", "steps"}
    assert report["error"] is None and line["error"] is None  # present, null when converted
    same(report, line, ("input", "status", "error", "warnings", "removal_counts"))
    same(report, cleaned, ("input", "status", "error", "warnings", "removal_counts", "metadata", "removals"))
    same(report, inspect, ("input", "status", "error", "warnings", "removal_counts", "metadata", "removals"))
    assert report["outputs"] == [str(tmp_path / "out" / "a.md")] and line["outputs"] == [
        str(tmp_path / "dest" / "a.md")
    ]
    assert cleaned["outputs"] == inspect["outputs"] == []
    assert [r["status"] for r in inspect["lines"]] == ["title", "removed", "paragraph"]
    assert [s["step"] for s in report["steps"]] == [s["step"] for s in inspect["steps"]]


def test_failed_file_records_agree_too(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    bad = tmp_path / "src" / "bad.txt"
    bad.write_bytes(b"")
    assert run("convert", bad, "-o", tmp_path / "out", "--report", tmp_path / "r.json").exit_code == 1
    assert run("sync", tmp_path / "src", tmp_path / "dest", "--log", tmp_path / "sync.log").exit_code == 1
    [report] = load(tmp_path / "r.json")["files"]
    [line] = [json.loads(x) for x in (tmp_path / "sync.log").read_text(encoding="utf-8").splitlines()]
    same(report, line, ("input", "status", "outputs", "error", "warnings", "removal_counts"))
    assert report["status"] == "failed" and "empty file" in report["error"] and report["removals"] == []
    assert "steps" not in report  # nothing was cleaned


def steps_agree_with_removals(record: dict[str, Any]) -> None:
    removed = Counter(r["step"] for r in record["removals"])
    changed = Counter(c["step"] for c in record["changes"])
    for run_ in record["steps"]:
        assert set(run_) == STEP_KEYS and run_["seconds"] >= 0
        assert run_["removed"] == removed[run_["step"]], run_
        assert run_["changed"] == changed[run_["step"]], run_


def test_steps_trace_counts_what_each_step_did(tmp_path: Path) -> None:
    seed = need_shared(SEED / "speech.scraped.txt")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    args = ["convert", seed, tmp_path / "a.txt", "-o", tmp_path / "out", "--report", tmp_path / "r.json", "-j", "2"]
    assert run(*args).exit_code == 0
    data = load(tmp_path / "r.json")
    for record in data["files"]:
        steps_agree_with_removals(record)
    entry = next(f for f in data["files"] if f["input"] == str(seed))
    furniture = next(s for s in entry["steps"] if s["step"] == "furniture")
    assert furniture["removed"] == sum(r["step"] == "furniture" for r in entry["removals"]) > 0
    totals = {s["step"]: s for s in data["summary"]["steps"]}
    assert [s["step"] for s in data["summary"]["steps"]] == [s["step"] for s in entry["steps"]]
    for name, total in totals.items():
        assert total["removed"] == sum(s["removed"] for f in data["files"] for s in f["steps"] if s["step"] == name)
    cleaned = run("clean", seed, "--report", tmp_path / "c.json")
    assert cleaned.exit_code == 0
    [record] = load(tmp_path / "c.json")["files"]
    steps_agree_with_removals(record)
    assert record["steps"] and [s["removed"] for s in record["steps"]] == [s["removed"] for s in entry["steps"]]


def test_records_of_one_outcome() -> None:
    outcome = Outcome(input="a.txt", status="failed", error="empty file", duration=0.12345)
    assert outcome_fields(outcome) == {
        "input": "a.txt",
        "status": "failed",
        "outputs": [],
        "error": "empty file",
        "warnings": [],
        "removal_counts": {},
        "duration": 0.123,
    }
    assert file_record(outcome) == outcome_fields(outcome) | {"removals": []}
    assert log_record(outcome, time="2026-01-01T00:00:00+00:00") == {"time": "2026-01-01T00:00:00+00:00"} | (
        outcome_fields(outcome)
    )
    records = [{"steps": [{"step": "a", "seconds": 0.5, "removed": 1, "changed": 0, "warnings": 0}]}] * 2
    assert step_totals(records) == [{"step": "a", "seconds": 1.0, "removed": 2, "changed": 0, "warnings": 0}]


def test_write_report_failure_is_one_error_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    target = tmp_path / "afile" / "r.json"
    with pytest.raises(SystemExit) as exit_:
        write_report(target, {"files": []})
    assert exit_.value.code == 1
    assert capsys.readouterr().err == f"docconv: error: {target}: cannot write report: Not a directory\n"
    write_report(tmp_path / "ok.json", {"files": []})
    assert load(tmp_path / "ok.json") == {"files": []}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "ok.json"]
