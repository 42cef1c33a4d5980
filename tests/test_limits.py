"""Worker isolation and resource limits (issue 13 items 2, 8, 10, 18, 21).

Plugins that crash, exit, hang or eat memory are small ``.py`` files loaded with
``--plugin path.py``. Where the old code took the test process down with it (a segfault in
the parent, a hang with no limit), the command runs in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT

from convert.app.cli import cli
from convert.app.limits import (
    MEMORY_CEILING,
    MEMORY_FLOOR,
    GiB,
    Limits,
    MiB,
    default_memory_cap,
    format_size,
    parse_size,
)

TEXT = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"


def run(*args: str | Path, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def docconv(*args: str | Path, timeout: float = 30, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """docconv in its own process (for what the old code did to its parent: crash it, hang it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "convert", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kwargs,  # type: ignore[arg-type]
    )


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("docconv: error: ")]


def plugin(tmp_path: Path, name: str, body: str) -> Path:
    """A plugin module file for ``--plugin``."""
    path = tmp_path / f"{name}.py"
    path.write_text(
        "import os, signal, sys, time\nfrom convert import Step, Writer, hookimpl\n" + body, encoding="utf-8"
    )
    return path


def inputs(tmp_path: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / f"{name}.txt"
        path.write_text(f"{TEXT}{name} \u6587\u5b57\u3002\n", encoding="utf-8")
        paths.append(path)
    return paths


def writer_plugin(tmp_path: Path, action: str) -> Path:
    """A writer that does ``action`` on every document (the old warm-up called it in the parent)."""
    return plugin(
        tmp_path,
        f"bad_writer_{abs(hash(action))}",
        f"""
class Bad(Writer):
    name = "bad"
    extension = ".bad"

    def write(self, doc, out, options):
        {action}
        out.write(b"never")

@hookimpl
def register_writers(register):
    register(Bad())
""",
    )


# ---------------------------------------------------------------- item 2: writers run only in workers


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        ("os.kill(os.getpid(), signal.SIGSEGV)", "crashed on this file (SIGSEGV)"),
        ("os._exit(0)", "without a result (exit status 0)"),
        ("time.sleep(60)", "longer than 0.5 s"),
        ("sys.exit(0)", "called sys.exit(0)"),
    ],
    ids=["segfault", "os-exit", "sleep", "sys-exit"],
)
def test_item_2_a_writer_that_crashes_exits_or_hangs_fails_each_file_alone(
    tmp_path: Path, action: str, reason: str
) -> None:
    """issue 13 item 2: the parent's warm-up called plugin writers, so a segfault was exit 139
    with no outputs, os._exit was exit 0 with nothing converted, and a sleep ignored --timeout."""
    path = writer_plugin(tmp_path, action)
    files = inputs(tmp_path, "one", "two")
    start = time.monotonic()
    proc = docconv("--plugin", path, "convert", *files, "-t", "md,bad", "-o", tmp_path / "out", "--timeout", "0.5")
    assert time.monotonic() - start < 15
    assert proc.returncode == 1, proc.stderr
    lines = errors(proc.stderr)
    assert len(lines) == 2 and all(reason in line for line in lines), proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(os.listdir(tmp_path / "out")) == []  # a failed file leaves no outputs, not some


def test_item_2_warm_up_never_calls_a_plugin_writer_or_step_in_the_parent(tmp_path: Path) -> None:
    """issue 13 item 2: only docconv's own code is warmed up in the parent."""
    calls = tmp_path / "calls"
    path = plugin(
        tmp_path,
        "pid_plugin",
        f"""
CALLS = {str(calls)!r}

def note(what):
    with open(CALLS, "a") as f:
        f.write(f"{{what}} {{os.getpid()}}\\n")

class PidWriter(Writer):
    name = "pid"
    extension = ".pid"

    def write(self, doc, out, options):
        note("writer")
        out.write(b"x")

class PidStep(Step):
    name = "pid-step"
    order = 150

    def run(self, doc, ctx):
        note("step")
        return doc

@hookimpl
def register_writers(register):
    register(PidWriter())

@hookimpl
def register_steps(register):
    register(PidStep())
""",
    )
    files = inputs(tmp_path, "one", "two", "three")
    result = run("--plugin", path, "convert", *files, "-t", "md,pid", "-o", tmp_path / "out", "-j", "2")
    assert result.exit_code == 0, result.output
    pids = [line.split() for line in calls.read_text(encoding="utf-8").splitlines()]
    assert sorted(what for what, _ in pids) == ["step"] * 3 + ["writer"] * 3  # once per file, no warm-up
    assert str(os.getpid()) not in {pid for _, pid in pids}


def test_item_2_a_hung_sync_ends_and_releases_its_lock(tmp_path: Path) -> None:
    """issue 13 item 2: a sync whose writer hangs ends at --timeout (the lock is free for the
    next cron run, which retries the file); with no per-file limit, --max-runtime ends it."""
    path = writer_plugin(tmp_path, "time.sleep(60)")
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    inputs(src, "one", "two", "three")
    start = time.monotonic()
    first = docconv("--plugin", path, "sync", "-q", src, dest, "-t", "md,bad", "--timeout", "0.5", "-j", "3")
    assert time.monotonic() - start < 15
    assert first.returncode == 1 and len(errors(first.stderr)) == 3, first.stderr
    start = time.monotonic()
    second = docconv(
        "--plugin", path, "sync", "-q", src, dest, "-t", "md,bad", "--timeout", "0", "--max-runtime", "1", "-j", "2"
    )
    assert time.monotonic() - start < 15
    assert second.returncode == 1, second.stderr  # not 3: the first run let go of the lock
    lines = errors(second.stderr)
    assert len(lines) == 3 and all("--max-runtime" in line for line in lines), second.stderr
    assert sum("was not converted" in line for line in lines) == 1  # the third never started
    assert "Traceback" not in second.stderr
    assert not [p for p in dest.iterdir() if not p.name.startswith(".docconv-sync")]


# ---------------------------------------------------------------- item 18: a step's failure is its own

BAD_STEP = """
class Bad(Step):
    name = "bad-step"
    order = 150

    def run(self, doc, ctx):
        text = " ".join(line.text for line in doc.lines)
        if "NONE" in text:
            return None
        if "LIST" in text:
            return doc.__class__(meta=doc.meta, layout=doc.layout, lines=(*doc.lines, "not a line"))
        if "EXIT" in text:
            sys.exit(0)
        if "INTERRUPT" in text:
            raise KeyboardInterrupt
        if "SLOW" in text:
            open(os.environ.get("SLOW_MARK", os.devnull), "w").close()  # tell the test it is here
            time.sleep(60)
        return doc

@hookimpl
def register_steps(register):
    register(Bad())
"""


@pytest.mark.parametrize(
    ("word", "reason"),
    [
        ("NONE", "cleaning step 'bad-step' failed: it returned NoneType, not a Document"),
        ("LIST", "cleaning step 'bad-step' failed: it returned a Document whose lines are not all Lines"),
        ("EXIT", "cleaning step 'bad-step' failed: it called sys.exit(0)"),
        ("INTERRUPT", "interrupted while converting (KeyboardInterrupt raised by the converter)"),
    ],
)
def test_item_18_a_step_s_failure_is_blamed_on_that_step_in_clean_and_convert(
    tmp_path: Path, word: str, reason: str
) -> None:
    """issue 13 item 18: a bad result was blamed on the next built-in step ('furniture'),
    sys.exit(0) made clean exit 0 with empty output, KeyboardInterrupt printed a traceback."""
    path = plugin(tmp_path, "bad_step_plugin", BAD_STEP)
    (src,) = inputs(tmp_path, word)
    cleaned = run("--plugin", path, "clean", src)
    assert cleaned.exit_code == 1, cleaned.output
    assert cleaned.stdout == ""
    assert errors(cleaned.stderr) == [f"docconv: error: {src}: {reason}"]
    converted = run("--plugin", path, "convert", src, "-o", tmp_path / "out")
    assert converted.exit_code == 1
    assert errors(converted.stderr) == [f"docconv: error: {src}: {reason}"]
    assert "Traceback" not in converted.stderr + cleaned.stderr


@pytest.mark.parametrize("limits", [(), ("--timeout", "0", "--max-memory", "0")], ids=["in-a-worker", "in-process"])
def test_item_18_ctrl_c_during_clean_is_reported_as_interrupted_without_a_traceback(
    tmp_path: Path, limits: tuple[str, ...]
) -> None:
    """issue 13 item 18: Ctrl-C reaches the worker and the parent; the worker exits quietly and
    the parent says the run was interrupted (exit status 130). Without limits (no worker) the
    same."""
    path = plugin(tmp_path, "bad_step_plugin", BAD_STEP)
    (src,) = inputs(tmp_path, "SLOW")
    mark = tmp_path / "in-the-slow-step"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SLOW_MARK": str(mark)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "convert", "--plugin", str(path), "clean", str(src), *limits],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while not mark.exists() and time.monotonic() < deadline:  # wait until the worker is in the slow step
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 130, err
    assert errors(err) == [f"docconv: error: {src}: interrupted"]
    assert "Traceback" not in err and out == ""


# ---------------------------------------------------------------- item 8: a memory cap per worker

GREEDY_STEP = """
class Greedy(Step):
    name = "greedy"
    order = 150

    def run(self, doc, ctx):
        if any("GREEDY" in line.text for line in doc.lines):
            hoard = bytearray(1 << 30)  # 1 GiB
            hoard[-1] = 1
        return doc

@hookimpl
def register_steps(register):
    register(Greedy())
"""


def test_item_8_a_file_that_needs_more_than_max_memory_fails_with_one_line(tmp_path: Path) -> None:
    """issue 13 item 8: a worker's address space is capped (--max-memory), and running out is
    one line naming the option; the other files convert, the parent is not capped."""
    path = plugin(tmp_path, "greedy_plugin", GREEDY_STEP)
    greedy, fine = inputs(tmp_path, "GREEDY", "fine")
    before = resource.getrlimit(resource.RLIMIT_AS)
    result = run("--plugin", path, "convert", greedy, fine, "-o", tmp_path / "out", "--max-memory", "512M")
    assert result.exit_code == 1, result.output
    assert errors(result.stderr) == [f"docconv: error: {greedy}: needs more than 512 MiB of memory (see --max-memory)"]
    assert sorted(os.listdir(tmp_path / "out")) == ["fine.md"]
    cleaned = run("--plugin", path, "clean", greedy, "--max-memory", "512M")
    assert cleaned.exit_code == 1 and cleaned.stdout == ""
    assert errors(cleaned.stderr) == [f"docconv: error: {greedy}: needs more than 512 MiB of memory (see --max-memory)"]
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_item_8_the_default_cap_converts_an_ordinary_pdf(tmp_path: Path) -> None:
    """issue 13 item 8: the default cap (2 to 4 GiB) is far above what a real PDF needs (a 300-page
    3 MB report peaks at about 100 MB of address space), so nothing ordinary is refused."""
    pdf = ROOT / "samples" / "speech-site.pdf"
    result = run("convert", pdf, "-o", tmp_path / "out", "--max-memory", format_size(MEMORY_FLOOR).replace(" ", ""))
    assert result.exit_code == 0, result.output
    assert MEMORY_FLOOR <= default_memory_cap(1) <= MEMORY_CEILING
    assert default_memory_cap(10_000) == MEMORY_FLOOR  # many workers never cap below the floor


def test_item_8_sizes_parse_and_read_back() -> None:
    """issue 13 item 8: --max-memory and --max-input-size sizes."""
    assert parse_size("2G") == 2 * GiB and parse_size("512m") == 512 * MiB and parse_size("0") == 0
    assert parse_size("1.5GiB") == 3 * GiB // 2 and parse_size("1500") == 1500 and parse_size("64KB") == 64 << 10
    with pytest.raises(ValueError):
        parse_size("lots")
    assert (
        format_size(2 * GiB) == "2 GiB"
        and format_size(512 * MiB) == "512 MiB"
        and format_size(3 * GiB // 2) == "1.5 GiB"
    )
    assert Limits(max_memory=0).memory_cap(4) is None and Limits(max_memory=GiB).memory_cap(4) == GiB
    bad = run("convert", "x.txt", "--max-memory", "lots")
    assert bad.exit_code == 2 and "is not a size" in bad.stderr


# ---------------------------------------------------------------- item 21: clean and inspect are held to limits


def test_item_21_a_catastrophic_rule_is_stopped_by_the_timeout_of_clean_and_inspect(tmp_path: Path) -> None:
    """issue 13 item 21: (a+)+$ against forty a's and a bang runs for ever; clean and inspect
    now stop at --timeout with one line (the old code hung: hence the subprocess)."""
    rules = tmp_path / "evil.toml"
    rules.write_text('[[contact]]\nname = "evil"\nsearch = "(a+)+$"\nreason = "evil"\n', encoding="utf-8")
    src = tmp_path / "evil.txt"
    src.write_text(f"{TEXT}{'a' * 40}!\n", encoding="utf-8")
    for command in ("clean", "inspect"):
        start = time.monotonic()
        proc = docconv(command, src, "--rules", rules, "--timeout", "0.5", timeout=20)
        assert time.monotonic() - start < 10
        assert proc.returncode == 1, proc.stderr
        assert errors(proc.stderr) == [f"docconv: error: {src}: took longer than 0.5 s and was stopped (see --timeout)"]
        assert proc.stdout == ""


def _untimed(record: dict[str, object]) -> dict[str, object]:
    """An inspect record without its timings."""
    steps = [{k: v for k, v in step.items() if k != "seconds"} for step in record.get("steps", [])]  # type: ignore[attr-defined]
    return {k: v for k, v in record.items() if k != "duration"} | {"steps": steps}


def test_item_21_clean_and_inspect_print_the_same_from_a_worker_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 13 item 21: with the limits off (0) clean and inspect run in this process; with
    them on, in a worker: the output, warnings and report are the same."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # (the provenance records the conversion time)
    (src,) = inputs(tmp_path, "same")
    for args in (["clean", src], ["inspect", src, "--no-color"], ["inspect", src, "--json"]):
        limited = run(*args)
        free = run(*args, "--timeout", "0", "--max-memory", "0")
        assert limited.exit_code == free.exit_code == 0, limited.output + free.output
        assert limited.stderr == free.stderr
        if "--json" in args:
            one, two = (_untimed(json.loads(r.stdout)) for r in (limited, free))
            assert one == two
        else:
            assert limited.stdout == free.stdout and limited.stdout
    report = tmp_path / "r.json"
    assert run("clean", src, "--report", report).exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["status"] == "converted"


# ---------------------------------------------------------------- item 10: an input-size limit


def test_item_10_inputs_over_max_input_size_are_refused_before_they_are_read(tmp_path: Path) -> None:
    """issue 13 item 10: 200 MB of text took 480 s and 4.4 GB; inputs over the limit (default
    50 MB of text) are now refused at once, one line naming the option, the others go on."""
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: 60 MB on paper, nothing on disk
        f.truncate(60_000_000)
    (small,) = inputs(tmp_path, "small")
    start = time.monotonic()
    result = run("convert", big, small, "-o", tmp_path / "out")
    assert time.monotonic() - start < 10
    assert result.exit_code == 1, result.output
    assert errors(result.stderr) == [
        f"docconv: error: {big}: input is 60 MB, larger than the 50 MB limit (see --max-input-size)"
    ]
    assert sorted(os.listdir(tmp_path / "out")) == ["small.md"]
    tight = run("convert", small, "-o", tmp_path / "out2", "--max-input-size", "20")
    assert tight.exit_code == 1
    assert errors(tight.stderr)[0].endswith("larger than the 20 bytes limit (see --max-input-size)")
    assert run("clean", big).stderr.startswith(f"docconv: error: {big}: input is 60 MB, larger than")
    piped = run("clean", "-", "--max-input-size", "1K", input=b"x" * 2000)
    assert piped.exit_code == 1 and "(see --max-input-size)" in piped.stderr
    assert run("clean", small, "--max-input-size", "0").exit_code == 0  # 0: no limit
