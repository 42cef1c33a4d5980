"""``docconv sync SRC DEST``: only new or changed files, state in DEST, lock, crash safety."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import DEV, SEED, need_shared

from convert.app.cli import cli
from convert.app.sync import LOCK_NAME, STATE_NAME

TEXT = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\nVIP\u4e13\u514d\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"


def sync(src: Path, dest: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["sync", str(src), str(dest), *map(str, args)])


def summary(result: Result) -> str:
    return result.stderr.splitlines()[-1]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
    }


def outputs(dest: Path) -> list[str]:
    return sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "b.txt").write_text(TEXT + "\u7b2c\u4e8c\u7bc7\u3002\n", encoding="utf-8")
    (root / "sub" / "c.txt").write_text(TEXT + "\u7b2c\u4e09\u7bc7\u3002\n", encoding="utf-8")
    return root


def test_converts_only_new_or_changed_and_never_touches_src(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    before = snapshot(src)
    first = sync(src, dest, "--log", tmp_path / "sync.log")
    assert first.exit_code == 0, first.output
    assert summary(first).startswith("docconv: 3 converted, 0 unchanged, 0 skipped, 0 failed")
    assert outputs(dest) == ["a.md", "b.md", "sub/c.md"]
    assert (dest / STATE_NAME).is_file()
    second = sync(src, dest, "--log", tmp_path / "sync.log")
    assert summary(second).startswith("docconv: 0 converted, 3 unchanged")
    os.utime(src / "a.txt", (1, 1))  # new mtime, same content: not converted again
    assert summary(sync(src, dest)).startswith("docconv: 0 converted, 3 unchanged")
    (src / "b.txt").write_text(TEXT + "\u6539\u8fc7\u4e86\u3002\n", encoding="utf-8")
    (src / "sub" / "d.txt").write_text(TEXT, encoding="utf-8")
    third = sync(src, dest, "--log", tmp_path / "sync.log")
    assert summary(third).startswith("docconv: 2 converted, 2 unchanged")
    assert "\u6539\u8fc7\u4e86" in (dest / "b.md").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in (tmp_path / "sync.log").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5  # 3 + 0 + 2 conversions
    assert set(lines[0]) >= {"time", "input", "status", "outputs", "error", "duration"}
    assert lines[-1]["status"] == "converted" and lines[-1]["error"] is None
    after = snapshot(src)
    del after["b.txt"], after["sub/d.txt"]
    before.pop("b.txt")
    before["a.txt"] = (before["a.txt"][0], after["a.txt"][1])  # only the test's utime
    assert after == before


def test_changed_options_formats_or_missing_outputs_convert_again(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert sync(src, dest).exit_code == 0
    assert summary(sync(src, dest, "--no-step", "punctuation")).startswith("docconv: 3 converted")
    assert summary(sync(src, dest, "--no-step", "punctuation")).startswith("docconv: 0 converted")
    assert summary(sync(src, dest, "-t", "md,epub", "--no-step", "punctuation")).startswith("docconv: 3 converted")
    assert outputs(dest) == ["a.epub", "a.md", "b.epub", "b.md", "sub/c.epub", "sub/c.md"]
    rules = tmp_path / "extra.toml"
    rules.write_text("", encoding="utf-8")
    args = ("-t", "md,epub", "--no-step", "punctuation", "--rules", rules)
    assert summary(sync(src, dest, *args)).startswith("docconv: 3 converted")
    assert summary(sync(src, dest, *args)).startswith("docconv: 0 converted")
    (dest / "a.epub").unlink()  # an output deleted in DEST is made again
    assert summary(sync(src, dest, *args)).startswith("docconv: 1 converted")


def test_failures_are_retried_and_reported_every_run(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    (src / "bad.txt").write_bytes(b"")
    for _ in range(2):
        result = sync(src, dest, "--log", tmp_path / "log")
        assert result.exit_code == 1
        assert f"docconv: error: {src / 'bad.txt'}: empty file" in result.stderr
    (src / "bad.txt").write_text(TEXT, encoding="utf-8")
    result = sync(src, dest, "--log", tmp_path / "log")
    assert result.exit_code == 0 and summary(result).startswith("docconv: 1 converted, 3 unchanged")
    statuses = [json.loads(line)["status"] for line in (tmp_path / "log").read_text(encoding="utf-8").splitlines()]
    assert statuses.count("failed") == 2 and statuses[-1] == "converted"


def test_renamed_outputs_and_delete(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert sync(src, dest).exit_code == 0
    (src / "a.html").write_text("<html><body><p>" + "\u6b63\u6587\u3002" * 20 + "</p></body></html>", encoding="utf-8")
    assert sync(src, dest).exit_code == 0
    assert outputs(dest) == ["a.html.md", "a.txt.md", "b.md", "sub/c.md"]  # the old a.md is gone
    (src / "b.txt").unlink()
    assert sync(src, dest).exit_code == 0
    assert "b.md" in outputs(dest)  # kept without --delete
    assert sync(src, dest, "--delete").exit_code == 0
    assert outputs(dest) == ["a.html.md", "a.txt.md", "sub/c.md"]


def test_stale_temporary_files_are_removed_at_start(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    (dest / "sub").mkdir(parents=True)
    (dest / "sub" / ".c.md.k2j3h4.part").write_text("half", encoding="utf-8")
    result = sync(src, dest)
    assert result.exit_code == 0 and "removed 1 temporary file" in result.stderr
    assert not list(dest.rglob("*.part"))


def test_second_run_waits_or_exits_3_while_the_lock_is_held(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    with open(dest / LOCK_NAME, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        busy = sync(src, dest)
        assert busy.exit_code == 3
        assert "another docconv sync is running" in busy.stderr and "--wait" in busy.stderr
        start = time.monotonic()
        assert sync(src, dest, "--wait", "0.5").exit_code == 3
        assert time.monotonic() - start >= 0.5
        timer = threading.Timer(0.5, held.close)  # closing the file releases the lock
        timer.start()
        waited = sync(src, dest, "--wait", "20")
        timer.join()
    assert waited.exit_code == 0, waited.output
    assert outputs(dest) == ["a.md", "b.md", "sub/c.md"]
    assert "3 another sync is running" in " ".join(CliRunner().invoke(cli, ["sync", "--help"]).output.split())


def test_src_and_dest_must_not_contain_each_other(src: Path) -> None:
    assert sync(src, src / "out").exit_code == 2
    assert sync(src, src).exit_code == 2
    assert sync(src / "sub", src).exit_code == 2
    assert not (src / "out").exists()


def test_kill_9_part_way_then_next_run_completes_with_whole_outputs(tmp_path: Path) -> None:
    seed = need_shared(SEED / "speech.scraped.txt")
    originals = [seed, *sorted(need_shared(DEV / "inputs").glob("*.txt")), *sorted((DEV / "inputs").glob("*.html"))]
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    for i in range(40):
        original = originals[i % len(originals)]
        shutil.copyfile(original, src / f"{i:02d}-{original.name}")
    env = {**os.environ, "DOCCONV_DISABLE_PLUGINS": "1"}
    command = [sys.executable, "-m", "convert", "sync", str(src), str(dest), "--jobs", "1", "-t", "md,docx"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and len(list(dest.glob("*.md"))) < 3:
        time.sleep(0.02)
    assert proc.poll() is None, "the first run finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list(dest.glob("*.md")))
    assert 0 < done_before < 40
    rerun = subprocess.run([*command, "--wait", "30"], env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert " converted, " in rerun.stderr.splitlines()[-1]
    mds = sorted(dest.glob("*.md"))
    assert len(mds) == 40 and len(list(dest.glob("*.docx"))) == 40
    for md in mds:
        text = md.read_text(encoding="utf-8")
        assert text.startswith("---\n") and "\n---\n" in text[4:] and text.endswith("\n"), md
    for docx in dest.glob("*.docx"):
        assert docx.read_bytes()[:2] == b"PK" and docx.read_bytes()[-22:-18] == b"PK\x05\x06", docx  # whole zip
    assert not [p for p in dest.rglob("*") if p.name.endswith(".part")]
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and again.stderr.splitlines()[-1].startswith("docconv: 0 converted, 40 unchanged")


def test_non_utf8_source_names_are_synced_found_again_and_deleted(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    bad = src / "sub" / os.fsdecode(b"b\xffd.txt")  # a GBK-style name: not UTF-8
    bad.write_text(TEXT + "\u7b2c\u56db\u7bc7\u3002\n", encoding="utf-8")
    first = sync(src, dest, "--log", tmp_path / "sync.log")
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    assert summary(first).startswith("docconv: 4 converted, 0 unchanged, 0 skipped, 0 failed")
    assert b"b\xffd.md" in os.listdir(os.fsencode(dest / "sub"))
    assert "source: b\ufffdd.txt" in (dest / "sub" / os.fsdecode(b"b\xffd.md")).read_text(encoding="utf-8")
    lines = [json.loads(line) for line in (tmp_path / "sync.log").read_text(encoding="utf-8").splitlines()]
    assert any(line["input"] == str(src / "sub" / "b\ufffdd.txt") for line in lines)
    second = sync(src, dest)
    assert summary(second).startswith("docconv: 0 converted, 4 unchanged"), second.output
    bad.unlink()
    assert sync(src, dest, "--delete").exit_code == 0
    assert outputs(dest) == ["a.md", "b.md", "sub/c.md"]


def test_damaged_state_is_moved_aside_and_rebuilt(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert sync(src, dest).exit_code == 0
    (dest / STATE_NAME).write_text("garbage\n", encoding="utf-8")
    result = sync(src, dest)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    warning = f"docconv: warning: {dest / STATE_NAME}: the sync state is damaged (file is not a database); "
    assert warning + f"moved it to {STATE_NAME}.damaged-1" in result.stderr
    assert summary(result).startswith("docconv: 3 converted, 0 unchanged")  # everything again
    assert (dest / f"{STATE_NAME}.damaged-1").read_text(encoding="utf-8") == "garbage\n"
    assert summary(sync(src, dest)).startswith("docconv: 0 converted, 3 unchanged")
    (dest / STATE_NAME).write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)  # a damaged header
    again = sync(src, dest)
    assert again.exit_code == 0 and (dest / f"{STATE_NAME}.damaged-2").is_file(), again.output
    assert summary(again).startswith("docconv: 3 converted, 0 unchanged")
    help_words = CliRunner().invoke(cli, ["sync", "--help"]).output.split()
    assert "damaged state file is moved aside" in " ".join(help_words)
    assert "(DEST/.docconv-sync.sqlite.damaged-N)" in "".join(help_words)  # help wraps at the hyphen


def test_unwritable_log_is_one_error_line_and_nothing_converted(src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    (tmp_path / "afile").write_text("", encoding="utf-8")
    result = sync(src, dest, "--log", tmp_path / "afile" / "sync.log")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"docconv: error: {tmp_path / 'afile' / 'sync.log'}: cannot write the log: Not a directory; nothing converted"
    ]
    assert outputs(dest) == []
