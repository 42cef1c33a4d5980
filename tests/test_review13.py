"""Regressions from the review of the issue-13 build: holes left where the path policy,
the limits and the escaping met (each test first reproduced the hole)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from test_limits import TEXT, docconv, errors, inputs, plugin, run

from convert.app.limits import parse_size


def test_report_never_replaces_a_file_that_is_not_a_report(tmp_path: Path) -> None:
    """``convert -o out --report *.txt``: the shell hands the first .txt to --report; it was
    overwritten with the JSON report, exit 0 (issue 13 item 1's own reproducer)."""
    first, second = inputs(tmp_path, "x1", "x2")
    before = first.read_bytes()
    result = run("convert", "-o", tmp_path / "out", "--report", first, second)
    assert result.exit_code == 2, result.output
    assert "--report exists and is not a docconv report" in result.stderr
    assert first.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_report_replaces_an_earlier_report_and_writes_into_a_device(tmp_path: Path) -> None:
    (src,) = inputs(tmp_path, "a")
    report = tmp_path / "run.json"
    for _ in range(2):  # the second run replaces the first run's report
        assert run("convert", src, "-o", tmp_path / "out", "--report", report).exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["status"] == "converted"
    result = run("convert", src, "-o", tmp_path / "out", "--report", os.devnull)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # written into, never replaced by a file


def test_clean_report_naming_its_input_is_a_usage_error(tmp_path: Path) -> None:
    (src,) = inputs(tmp_path, "a")
    before = src.read_bytes()
    result = run("clean", src, "--report", src)
    assert result.exit_code == 2, result.output
    assert src.read_bytes() == before


def test_sync_log_named_like_an_output_is_a_usage_error(tmp_path: Path) -> None:
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    result = run("sync", "-q", src, dest, "--log", dest / "a.md")
    assert result.exit_code == 2, result.output
    assert "named like an output" in result.stderr


def test_named_pipes_and_devices_are_refused_not_read(tmp_path: Path) -> None:
    """``clean FIFO`` hung past --timeout (read in the parent); ``clean /dev/zero`` grew without
    bound; ``sync --log FIFO`` hung holding the lock."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for args in (["clean", fifo, "--timeout", "3"], ["clean", "/dev/zero"], ["convert", "/dev/zero", "-o", tmp_path]):
        proc = docconv(*args, timeout=30)
        assert proc.returncode == 1, proc.stderr
        assert errors(proc.stderr) == [f"docconv: error: {args[1]}: " + errors(proc.stderr)[0].split(": ", 3)[3]]
        assert "not a regular file" in proc.stderr
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    proc = docconv("sync", "-q", src, dest, "--log", fifo, timeout=30)
    assert proc.returncode == 1, proc.stderr
    again = docconv("sync", "-q", src, dest, timeout=30)  # the lock was released
    assert again.returncode == 0, again.stderr


def test_an_overflowing_repeat_in_a_rule_is_a_usage_error(tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[[line]]\nname = "x"\nmatch = "a{99999999999}"\n', encoding="utf-8")
    (src,) = inputs(tmp_path, "a")
    result = run("clean", src, "--rules", rules)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_a_long_name_converts_to_docx_too(tmp_path: Path) -> None:
    """The DOCX writer failed for names of 248-251 bytes: a core property holds 255 characters."""
    src = tmp_path / ("a" * 246 + ".txt")
    src.write_text(TEXT, encoding="utf-8")
    result = run("convert", src, "-t", "md,docx,epub", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").iterdir())) == 3


def test_stray_bytes_in_ascii_are_named_in_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_bytes(b"Plain ascii text \xc3\x28 here, and a second clause of it.\n")
    result = run("clean", src)
    assert result.exit_code == 0
    assert "from only 1 byte outside ASCII" in result.stderr


def test_inspect_json_shows_c1_controls_as_escapes(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT + "A line with a one-byte CSI \u009b2J in it.\n", encoding="utf-8")
    result = run("inspect", src, "--json")
    assert result.exit_code == 0, result.output
    assert "\u009b" not in result.stdout and "\\u009b" in result.stdout
    json.loads(result.stdout)


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    (src,) = inputs(tmp_path, "a")
    src.write_bytes(b"Plain ascii text \xc3\x28 here, and a second clause of it.\n")
    result = run("convert", "-q", src, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_convert_removes_a_killed_run_s_temporary_files_of_other_formats(tmp_path: Path) -> None:
    (src,) = inputs(tmp_path, "b")
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".b.epub.4194303-abcdefgh.part"  # a writer's pid that is gone
    stale.write_bytes(b"half")
    assert run("convert", src, "-t", "md", "-o", out).exit_code == 0
    assert not stale.exists()


@pytest.mark.parametrize("text", ["0.5", "99999999999999999999T"])
def test_sizes_that_mean_nothing_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_a_private_input_gives_private_outputs(tmp_path: Path) -> None:
    (src,) = inputs(tmp_path, "a")
    src.chmod(0o600)
    assert run("convert", src, "-t", "md,docx", "-o", tmp_path / "out").exit_code == 0
    for out in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0, out


def test_clean_runs_plugins_in_a_worker_even_without_limits(tmp_path: Path) -> None:
    """With --timeout 0 --max-memory 0 clean ran in process: a step's os._exit(0) gave exit 0
    and no output."""
    path = plugin(
        tmp_path,
        "exit_step",
        "class Quit(Step):\n    name = 'quit'\n    order = 150\n\n"
        "    def run(self, doc, ctx):\n        os._exit(0)\n\n"
        "@hookimpl\ndef register_steps(register):\n    register(Quit())\n",
    )
    (src,) = inputs(tmp_path, "a")
    proc = docconv("--plugin", path, "clean", src, "--timeout", "0", "--max-memory", "0")
    assert proc.returncode == 1, proc.stderr
    assert len(errors(proc.stderr)) == 1


def test_a_walked_file_swapped_for_a_link_is_not_followed(tmp_path: Path) -> None:
    """A file found walking a folder and replaced by a link to a secret before it is read
    (the race the walk-time check leaves) is not followed."""
    from convert.app.batch import convert_job
    from convert.app.inputs import make_plan
    from convert.app.plugins import build_registry
    from convert.app.session import Session
    from convert.core.contracts import Options

    src, secret = tmp_path / "src", tmp_path / "secret.txt"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    secret.write_text("top secret\n", encoding="utf-8")
    registry = build_registry()
    plan = make_plan([src], tmp_path / "out", registry, recursive=True)
    (job,) = plan.jobs
    assert job.no_follow
    (src / "a.txt").unlink()
    (src / "a.txt").symlink_to(secret)  # swapped after the walk
    session = Session.create(registry, Options(), [registry.writer("md")])
    outcome = convert_job(job, session)
    assert outcome.failed and "symbolic link" in (outcome.error or "")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_sigterm_exits_143_and_the_report_says_what_was_done(tmp_path: Path) -> None:
    """SIGTERM exited 130 (Ctrl-C's status) and no --report was written."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT
    from test_limits import BAD_STEP

    path = plugin(tmp_path, "bad_step_plugin", BAD_STEP)
    first, slow = inputs(tmp_path, "a", "SLOW")
    mark, report = tmp_path / "in-the-slow-step", tmp_path / "run.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SLOW_MARK": str(mark)}
    command = [sys.executable, "-m", "convert", "--plugin", str(path), "convert", str(first), str(slow)]
    command += ["-j", "1", "-o", str(tmp_path / "out"), "--report", str(report)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while not mark.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 143, err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["interrupted"] is True
    assert [f["status"] for f in data["files"]] == ["converted"]


def test_clean_warnings_cannot_forge_a_line_with_the_file_name(tmp_path: Path) -> None:
    """``clean`` printed its warnings without escaping: a file name holding a newline and
    ``docconv: error:`` forged an error line (convert's lines were already escaped)."""
    src = tmp_path / "a\ndocconv: error: forged.txt"
    src.write_text("x\n", encoding="utf-8")
    proc = docconv("clean", src)
    assert proc.returncode == 0, proc.stderr
    assert all(line.startswith("docconv: warning: ") for line in proc.stderr.splitlines()), proc.stderr
    assert "\\ndocconv: error: forged.txt" in proc.stderr
