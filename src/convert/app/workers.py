"""The worker pool of a batch: each input converted in its own forked process.

At most ``processes`` workers run at a time, so a file that crashes the converter (even a
segfault in a C library) or runs longer than the time limit fails alone: its worker is
killed, whatever it had written is removed (:func:`~convert.app.staging.discard_outputs`)
and the batch goes on. Ctrl-C or SIGTERM stops every worker and raises :class:`Interrupted`;
a worker dies with its parent, even when the parent is killed with SIGKILL.

Each worker runs under the address-space cap it is given (``--max-memory``, see
:mod:`~convert.app.limits`), so a decompression bomb fails its file with "needs more than N
of memory" instead of taking the machine. Nothing a worker runs can end the batch: a plugin
that calls ``sys.exit``, ``os._exit`` or raises ``KeyboardInterrupt`` fails its file alone,
and a worker never prints a traceback. The whole run may be given a deadline
(``--max-runtime``): the workers still at work then are stopped and the jobs not done fail.

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
from .limits import apply_memory_cap, memory_reason
from .report import Outcome
from .staging import Identity, discard_outputs, output_identities

#: How long the parent waits for results at most before it looks at the clock again.
_POLL = 0.5

Work = Callable[[Job], Outcome]
OnResult = Callable[[Job, Outcome], None]


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during a batch; ``signum`` says which (the exit status is 128 + it)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def exit_status(self) -> int:
        """The shell's status for a process stopped by the signal: 130 (Ctrl-C), 143 (SIGTERM)."""
        return 128 + self.signum


class _Stopped(SystemExit):
    """SIGTERM in a worker (the parent stops it): unwinds like ``sys.exit`` so that staging
    removes its temporary files, and is not taken for a plugin's ``sys.exit``."""


def _stop_worker(signum: int, frame: object) -> None:
    raise _Stopped(143)


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


def _worker(conn: Any, work: Work, job: Job, parent: int, memory: int | None) -> None:
    """A worker process: run ``work(job)`` under the memory cap and send the outcome to the
    parent. Whatever ``work`` raises becomes the job's error; the worker never prints a
    traceback."""
    import faulthandler

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, _stop_worker)  # SystemExit: staging removes its temp files
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _FORK_BLOCKED)  # blocked by the parent around the fork
    _die_with_parent(parent)
    faulthandler.disable()  # a crash is reported as one line by the parent, not as a dump
    apply_memory_cap(memory)
    try:
        outcome = work(job)
    except _Stopped:
        os._exit(143)
    except MemoryError:
        outcome = _failed(job, memory_reason(memory))
    except KeyboardInterrupt:  # raised by a plugin: SIGINT itself is ignored here
        outcome = _failed(job, "interrupted while converting (KeyboardInterrupt raised by the converter)")
    except SystemExit as exc:  # a plugin's sys.exit() must not pass for a result
        outcome = _failed(job, f"the converter called sys.exit({exc.code!r}) on this file")
    except Exception as exc:
        outcome = _failed(job, f"internal error: {type(exc).__name__}: {exc}")
    _send(conn, outcome)


def _send(conn: Any, outcome: object) -> None:
    """Send the result and leave at once (no exit handlers, no traceback: the parent reports
    a worker that could not send as one that stopped without a result)."""
    code = 0
    try:
        conn.send(outcome)
        conn.close()
    except BaseException:
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):
            stream.flush()
    os._exit(code)


#: Signals held back while a worker is forked, so that neither the new worker (before it
#: ignores Ctrl-C) nor the parent (before it knows the worker) is interrupted in between.
_FORK_BLOCKED = frozenset({signal.SIGINT, signal.SIGTERM})


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


def _runtime_reason(max_runtime: float, started: bool) -> str:
    what = "was stopped" if started else "was not converted"
    return f"{what}: the run reached its time limit of {max_runtime:g} s (see --max-runtime)"


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

    def __init__(
        self,
        work: Work,
        on_result: OnResult,
        writers: Sequence[Writer],
        timeout: float | None,
        memory: int | None = None,
    ) -> None:
        import multiprocessing

        self.ctx = multiprocessing.get_context("fork")
        self.work = work
        self.on_result = on_result
        self.writers = writers
        self.timeout = timeout
        self.memory = memory
        self.parent = os.getpid()
        self.running: dict[Any, _Running] = {}

    def start(self, job: Job) -> None:
        """Fork a worker for ``job``, noting its outputs as they are now. Ctrl-C and SIGTERM
        wait until the worker is known, so that stopping the pool stops it too."""
        before = output_identities(job, self.writers)
        reader, writer = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_worker, args=(writer, self.work, job, self.parent, self.memory), daemon=True)
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _FORK_BLOCKED)
        try:
            proc.start()
            writer.close()
            self.running[reader] = _Running(proc, job, time.monotonic(), before)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

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
            if now - run.start >= self.timeout:
                self._kill(conn, run, _timeout_reason(self.timeout), now)

    def stop_all(self, reason: str) -> None:
        """Kill every worker at work and fail its job with ``reason`` (the run's deadline)."""
        now = time.monotonic()
        for conn, run in list(self.running.items()):
            self._kill(conn, run, reason, now)

    def _kill(self, conn: Any, run: _Running, reason: str, now: float) -> None:
        """Kill ``run``'s worker, discard what it wrote and fail its job with ``reason``."""
        del self.running[conn]
        run.proc.kill()
        run.proc.join()
        conn.close()
        discard_outputs(run.job, self.writers, run.before)
        self.on_result(run.job, _failed(run.job, reason, now - run.start))

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
    raise Interrupted(signum)


def _run_forked(
    pool: _Pool,
    jobs: Sequence[Job],
    processes: int,
    tick: Callable[[], None] | None,
    max_runtime: float | None = None,
    on_start: Callable[[Job], None] | None = None,
) -> None:
    """Keep up to ``processes`` workers busy until every job has its outcome, or until
    ``max_runtime`` seconds have passed: then the jobs at work and those not started fail."""
    pending = deque(jobs)
    deadline = time.monotonic() + max_runtime if max_runtime else None
    while pending or pool.running:
        if deadline is not None and time.monotonic() >= deadline:
            assert max_runtime is not None
            pool.stop_all(_runtime_reason(max_runtime, started=True))
            for job in pending:
                pool.on_result(job, _failed(job, _runtime_reason(max_runtime, started=False)))
            return
        while pending and len(pool.running) < max(1, processes):
            job = pending.popleft()
            if on_start:
                on_start(job)
            pool.start(job)
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
    memory: int | None = None,
    max_runtime: float | None = None,
    on_start: Callable[[Job], None] | None = None,
) -> None:
    """Run ``work(job)`` for every job in forked workers, at most ``processes`` at a time,
    calling ``on_result`` in the parent as each finishes. A worker that crashes or exceeds
    ``timeout`` seconds is killed and its job failed; ``writers`` name the outputs to clean up
    after it (its temporary files, and any output it renamed into place before it was killed:
    a failed job leaves no outputs). Each worker's address space is capped at ``memory`` bytes
    (``None``: no cap); after ``max_runtime`` seconds (``None``: no limit) the jobs not done
    fail; ``on_start(job)`` is called as each job is handed to a worker. Raises
    :class:`Interrupted` on Ctrl-C/SIGTERM after stopping the workers. Without ``fork``
    (not POSIX) the jobs run one by one in this process, with no limits."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            if on_start:
                on_start(job)
            on_result(job, work(job))
        return
    pool = _Pool(work, on_result, writers, timeout, memory)
    old_term = signal.signal(signal.SIGTERM, _raise_interrupted) if _main_thread() else None
    try:
        _run_forked(pool, jobs, processes, tick, max_runtime, on_start)
    except KeyboardInterrupt:
        pool.stop()
        raise Interrupted(signal.SIGINT) from None
    except Interrupted:
        pool.stop()
        raise
    except BaseException:  # on_result failed (the sync state, say): no worker goes on alone
        pool.stop()
        raise
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
