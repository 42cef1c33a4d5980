"""The worker pool of a batch: each input converted in its own forked process.

At most ``processes`` workers run at a time, so a file that crashes the converter (even a
segfault in a C library) or runs longer than the time limit fails alone: its worker is
killed, whatever it had written is removed (:func:`~convert.app.staging.discard_outputs`)
and the batch goes on. Ctrl-C or SIGTERM stops every worker and raises :class:`Interrupted`;
a worker dies with its parent, even when the parent is killed with SIGKILL.

- :func:`run_jobs`: run the jobs, calling back in the parent as each finishes.
- :func:`default_processes`: one worker per CPU core this process may use.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from convert.core.contracts import Writer

from .inputs import Job
from .report import Outcome
from .staging import Identity, discard_outputs, output_identities

#: Seconds a file may take before its worker is stopped (``--timeout``; 0 or ``None``: no limit).

#: How long the parent waits for results at most before it looks at the clock again.
_POLL = 0.5

Work = Callable[[Job], Outcome]
OnResult = Callable[[Job, Outcome], None]


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during a batch."""


def default_processes() -> int:
    """One worker per CPU core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this worker when the parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _worker(conn: Any, work: Work, job: Job, parent: int) -> None:
    """A worker process: run ``work(job)`` and send the outcome to the parent."""
    import faulthandler

    _die_with_parent(parent)
    faulthandler.disable()  # a crash is reported as one line by the parent, not as a dump
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # SystemExit: staging removes its temp files
    try:
        outcome = work(job)
    except Exception as exc:
        outcome = Outcome(input=job.display, status="failed", error=f"internal error: {type(exc).__name__}: {exc}")
    conn.send(outcome)
    conn.close()


def _crash_reason(exitcode: int | None) -> str:
    """Why a worker that died without a result failed its file."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the converter crashed on this file ({name})"
    return f"the converter stopped on this file without a result (exit status {exitcode})"


def _timeout_reason(timeout: float) -> str:
    return f"took longer than {timeout:g} s and was stopped (see --timeout)"


def _failed(job: Job, error: str, duration: float = 0.0) -> Outcome:
    return Outcome(input=job.display, status="failed", error=error, duration=duration, rel=job.rel)


@dataclass(slots=True)
class _Running:
    """A worker at work: its process, its job, when it started, and the job's outputs before."""

    proc: Any
    job: Job
    start: float
    before: list[Identity]

    def end(self) -> None:
        """Make sure the process is gone (it may still be flushing after it sent its result)."""
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


class _Pool:
    """The forked workers of one :func:`run_jobs` call, keyed by the pipe each reports on."""

    def __init__(self, work: Work, on_result: OnResult, writers: Sequence[Writer], timeout: float | None) -> None:
        import multiprocessing

        self.ctx = multiprocessing.get_context("fork")
        self.work = work
        self.on_result = on_result
        self.writers = writers
        self.timeout = timeout
        self.parent = os.getpid()
        self.running: dict[Any, _Running] = {}

    def start(self, job: Job) -> None:
        """Fork a worker for ``job``, noting its outputs as they are now."""
        before = output_identities(job, self.writers)
        reader, writer = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_worker, args=(writer, self.work, job, self.parent), daemon=True)
        proc.start()
        writer.close()
        self.running[reader] = _Running(proc, job, time.monotonic(), before)

    def wait_time(self) -> float:
        """How long to wait for results before the next worker's time is up."""
        if not self.timeout:
            return _POLL
        now = time.monotonic()
        return max(0.0, min([_POLL, *(r.start + self.timeout - now for r in self.running.values())]))

    def collect(self) -> None:
        """Wait a little for results and hand each on; a worker that died without one fails its
        job and its outputs are discarded."""
        from multiprocessing.connection import wait

        for conn in wait(list(self.running), timeout=self.wait_time()):
            run = self.running.pop(conn)
            outcome: Outcome | None
            try:
                outcome = conn.recv()
            except (EOFError, OSError):
                outcome = None
            conn.close()
            run.end()
            if outcome is None:
                discard_outputs(run.job, self.writers, run.before)
                outcome = _failed(run.job, _crash_reason(run.proc.exitcode))
            outcome.rel = run.job.rel
            outcome.duration = time.monotonic() - run.start
            self.on_result(run.job, outcome)

    def expire(self) -> None:
        """Kill the workers that ran past the time limit and fail their jobs."""
        if not self.timeout:
            return
        now = time.monotonic()
        for conn, run in list(self.running.items()):
            if now - run.start < self.timeout:
                continue
            del self.running[conn]
            run.proc.kill()
            run.proc.join()
            conn.close()
            discard_outputs(run.job, self.writers, run.before)
            self.on_result(run.job, _failed(run.job, _timeout_reason(self.timeout), now - run.start))

    def stop(self) -> None:
        """Stop every worker (SIGTERM, then SIGKILL after 2 s) and discard their outputs."""
        for run in self.running.values():
            with contextlib.suppress(Exception):
                run.proc.terminate()
        deadline = time.monotonic() + 2
        for conn, run in self.running.items():
            run.proc.join(max(0.0, deadline - time.monotonic()))
            if run.proc.is_alive():
                run.proc.kill()
                run.proc.join()
            conn.close()
            discard_outputs(run.job, self.writers, run.before)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted


def _run_forked(pool: _Pool, jobs: Sequence[Job], processes: int, tick: Callable[[], None] | None) -> None:
    """Keep up to ``processes`` workers busy until every job has its outcome."""
    pending = deque(jobs)
    while pending or pool.running:
        while pending and len(pool.running) < max(1, processes):
            pool.start(pending.popleft())
        if tick:
            tick()
        pool.collect()
        pool.expire()


def run_jobs(
    jobs: Sequence[Job],
    work: Work,
    on_result: OnResult,
    *,
    processes: int,
    timeout: float | None,
    writers: Sequence[Writer] = (),
    tick: Callable[[], None] | None = None,
) -> None:
    """Run ``work(job)`` for every job in forked workers, at most ``processes`` at a time,
    calling ``on_result`` in the parent as each finishes. A worker that crashes or exceeds
    ``timeout`` seconds is killed and its job failed; ``writers`` name the outputs to clean up
    after it (its temporary files, and any output it renamed into place before it was killed:
    a failed job leaves no outputs). Raises :class:`Interrupted` on Ctrl-C/SIGTERM after stopping the
    workers. Without ``fork`` (not POSIX) the jobs run one by one in this process, with no time limit."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            on_result(job, work(job))
        return
    pool = _Pool(work, on_result, writers, timeout)
    old_term = signal.signal(signal.SIGTERM, _raise_interrupted) if _main_thread() else None
    try:
        _run_forked(pool, jobs, processes, tick)
    except (KeyboardInterrupt, Interrupted):
        pool.stop()
        raise Interrupted from None
    except BaseException:  # on_result failed (the sync state, say): no worker goes on alone
        pool.stop()
        raise
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
