"""Issue 16: the batch's workers are reused for file after file, with every guarantee kept.

A worker that converted a file converts the next one; a file past its time limit or a worker
that crashes fails that file alone (and the next file gets a fresh worker); a file that
changes process-wide state (working folder, warnings filters, environment, umask, signal
handlers) leaves the next file as a fresh worker would; a failed file retires its worker.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from conftest import ROOT

from convert.app.inputs import Job
from convert.app.report import Outcome
from convert.app.workers import run_jobs
from convert.core import textutil

TEXT = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"


def jobs(tmp_path: Path, *names: str) -> list[Job]:
    return [Job(path=tmp_path / n, display=n, outdir=tmp_path, name=n, rel=n) for n in names]


def pid_work(job: Job) -> Outcome:
    """Report the worker's process id; misbehave as the job's name says."""
    if job.name.startswith("hang"):
        time.sleep(30)
    if job.name.startswith("exit"):
        os._exit(5)
    if job.name.startswith("kill"):
        os.kill(os.getpid(), signal.SIGKILL)
    if job.name.startswith("fail"):
        return Outcome(input=job.display, status="failed", error="bad input", outputs=[str(os.getpid())])
    return Outcome(input=job.display, status="converted", outputs=[str(os.getpid())])


def run(tmp_path: Path, *names: str, processes: int = 1, timeout: float | None = None) -> dict[str, Outcome]:
    seen: dict[str, Outcome] = {}
    run_jobs(
        jobs(tmp_path, *names), pid_work, lambda j, o: seen.__setitem__(j.name, o), processes=processes, timeout=timeout
    )
    return seen


def pid(outcome: Outcome) -> str:
    assert outcome.status == "converted", outcome.error
    return outcome.outputs[0]


def test_a_worker_that_converted_a_file_converts_the_next(tmp_path: Path) -> None:
    seen = run(tmp_path, "a", "b", "c", "d")
    assert len({pid(o) for o in seen.values()}) == 1
    assert pid(seen["a"]) != str(os.getpid())  # not in this process
    two = run(tmp_path, *"abcdefgh", processes=2)
    assert len({pid(o) for o in two.values()}) <= 2


def test_a_timeout_in_the_middle_fails_that_file_alone_and_a_fresh_worker_goes_on(tmp_path: Path) -> None:
    seen = run(tmp_path, "a", "hang", "b", "c", timeout=1)
    assert seen["hang"].failed and seen["hang"].error == "took longer than 1 s and was stopped (see --timeout)"
    assert pid(seen["a"]) != pid(seen["b"]) == pid(seen["c"])


def test_a_crash_in_the_middle_fails_that_file_alone_and_a_fresh_worker_goes_on(tmp_path: Path) -> None:
    seen = run(tmp_path, "a", "exit", "b", "kill", "c")
    assert seen["exit"].error == "the converter stopped on this file without a result (exit status 5)"
    assert seen["kill"].error == "the converter crashed on this file (SIGKILL)"
    assert len({pid(seen["a"]), pid(seen["b"]), pid(seen["c"])}) == 3


def test_a_failed_file_retires_its_worker(tmp_path: Path) -> None:
    seen = run(tmp_path, "a", "fail", "b")
    assert seen["fail"].failed and seen["fail"].error == "bad input"
    assert pid(seen["a"]) == seen["fail"].outputs[0] != pid(seen["b"])


def test_an_idle_worker_that_died_is_replaced(tmp_path: Path) -> None:
    killed: list[str] = []

    def on_result(job: Job, outcome: Outcome) -> None:
        seen[job.name] = outcome
        if not killed:  # the worker is idle now: kill it behind the pool's back
            killed.append(pid(outcome))
            os.kill(int(killed[0]), signal.SIGKILL)
            time.sleep(0.2)

    seen: dict[str, Outcome] = {}
    run_jobs(jobs(tmp_path, "a", "b"), pid_work, on_result, processes=1, timeout=5)
    assert pid(seen["b"]) != killed[0]


def dirty_work(job: Job) -> Outcome:
    """Report the process-wide state the worker sees, then (for ``dirty``) change all of it."""
    state = [
        str(os.getpid()),
        os.getcwd(),
        repr(warnings.filters[:3]),
        os.environ.get("DOCCONV_REUSE_TEST", "-"),
        str(os.umask(0o022)),
        repr(signal.getsignal(signal.SIGUSR1)),
        str(sys.getrecursionlimit()),
        repr(resource.getrlimit(resource.RLIMIT_NOFILE)),
        str(textutil.nfkc.cache_info().currsize),  # type: ignore[attr-defined],  # (per-line caches: emptied after each file)
    ]
    os.umask(int(state[4]))
    if job.name == "dirty":
        os.chdir(job.outdir / "elsewhere")
        warnings.simplefilter("error")
        os.environ["DOCCONV_REUSE_TEST"] = "dirty"
        os.umask(0o077)
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        sys.setrecursionlimit(123456)
        signal.setitimer(signal.ITIMER_REAL, 1.0)  # would kill the worker during the next file
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 64), hard))
        textutil.nfkc("a line measured in this file only")
    else:
        time.sleep(1.5 if job.name == "after" else 0)
    return Outcome(input=job.display, status="converted", outputs=state)


def test_a_file_that_changes_process_state_leaves_the_next_as_a_fresh_worker_would(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    textutil.clear_caches()  # (the worker starts with this process's caches: empty, as after each file)
    seen: dict[str, Outcome] = {}
    run_jobs(
        jobs(tmp_path, "before", "dirty", "after"),
        dirty_work,
        lambda j, o: seen.__setitem__(j.name, o),
        processes=1,
        timeout=10,
    )
    assert seen["after"].status == "converted", seen["after"].error
    assert seen["before"].outputs[0] == seen["dirty"].outputs[0] == seen["after"].outputs[0]  # one worker
    assert seen["after"].outputs == seen["before"].outputs


PID_STEP = """
import os
from convert import Step, hookimpl

class Pid(Step):
    name = "pid-step"
    order = 150

    def run(self, doc, ctx):
        with open(os.environ["PID_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\\n")
        return doc

@hookimpl
def register_steps(register):
    register(Pid())
"""


def test_convert_reuses_one_worker_for_a_batch_with_jobs_1(tmp_path: Path) -> None:
    (tmp_path / "pid_step_plugin.py").write_text(PID_STEP, encoding="utf-8")
    (tmp_path / "in").mkdir()
    for n in range(6):
        (tmp_path / "in" / f"f{n}.txt").write_text(f"{TEXT}{n}\n", encoding="utf-8")
    log = tmp_path / "pids.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PID_LOG": str(log)}
    command = [sys.executable, "-m", "convert", "--plugin", str(tmp_path / "pid_step_plugin.py"), "convert"]
    command += ["-r", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1", "-t", "md,epub"]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    pids = log.read_text(encoding="utf-8").split()
    assert len(pids) == 6 and len(set(pids)) == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"f{n}.{ext}" for n in range(6) for ext in ("md", "epub")
    )


def test_stale_temporary_files_of_many_jobs_in_one_folder_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    from convert.app.staging import remove_stale_partial
    from convert.writers.markdown import MarkdownWriter

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = int(dead.stdout)  # a process id no longer in use
    names = ("a", "b*c", "d")  # (glob characters in a name)
    for name in names:
        (tmp_path / f".{name}.md.{gone}-0123abcd.part").write_text("half", encoding="utf-8")
    live = tmp_path / f".a.md.{os.getpid()}-0123abcd.part"  # a live run's: kept
    live.write_text("half", encoding="utf-8")
    other = tmp_path / f".z.md.{gone}-0123abcd.part"  # no job's: kept
    other.write_text("half", encoding="utf-8")
    removed = remove_stale_partial(jobs(tmp_path, *names), [MarkdownWriter()])
    assert removed == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])


SLEEPY_STEP = PID_STEP.replace(
    "        return doc\n",
    "        if 'SLOW' in ' '.join(line.text for line in doc.lines):\n            time.sleep(60)\n        return doc\n",
    1,
).replace("import os\n", "import os, time\n", 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_idle_and_busy_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    (tmp_path / "sleepy_step_plugin.py").write_text(SLEEPY_STEP, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "slow.txt").write_text(f"{TEXT}SLOW\n", encoding="utf-8")
    log = tmp_path / "pids.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PID_LOG": str(log)}
    command = [sys.executable, "-m", "convert", "--plugin", str(tmp_path / "sleepy_step_plugin.py"), "convert"]
    command += [str(tmp_path / "a.txt"), str(tmp_path / "slow.txt"), "-o", str(tmp_path / "out"), "-j", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        log.exists() and len(log.read_text(encoding="utf-8").split()) == 2 and (tmp_path / "out" / "a.md").exists()
    ):
        time.sleep(0.05)
    workers = [int(p) for p in log.read_text(encoding="utf-8").split()]
    assert len(set(workers)) == 2  # one idle (a.txt done), one busy (slow.txt)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]
        time.sleep(0.05)
    assert not alive


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
