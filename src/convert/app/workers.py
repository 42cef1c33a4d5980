"""The worker pool of a batch: the inputs converted in forked worker processes, reused.

At most ``processes`` workers run at a time. Each is forked once (from a parent that has
imported what they need, :func:`~convert.app.batch.preload`) and then takes job after job
over its pipe, so a batch of many small files pays for one fork per worker, not one per file.
A file that crashes the converter (even a segfault in a C library) or runs longer than the
time limit still fails alone: its worker is killed, whatever it had written is removed
(:func:`~convert.app.staging.discard_outputs`), the file fails with the same message as
before, and the next job gets a freshly forked worker. Ctrl-C or SIGTERM stops every worker,
idle or at work, and raises :class:`Interrupted`; a worker dies with its parent, even when
the parent is killed with SIGKILL.

Each worker runs under the address-space cap it is given (``--max-memory``, see
:mod:`~convert.app.limits`), so a decompression bomb fails its file with "needs more than N
of memory" instead of taking the machine. Nothing a worker runs can end the batch: a plugin
that calls ``sys.exit``, ``os._exit`` or raises ``KeyboardInterrupt`` fails its file alone,
and a worker never prints a traceback. The whole run may be given a deadline
(``--max-runtime``): the workers still at work then are stopped and the jobs not done fail.

Between two files a worker puts back the process-wide settings one file may have changed
(working folder, umask, environment, signal handlers and timers, warnings filters, ...), and
it is replaced instead of reused after a file that failed, when a thread was left running,
when its address space grew by more than 256 MiB or an eighth of the memory cap (the cap
counts it: the next file must get the room a fresh worker would give it) and after 500 files
(:mod:`~convert.app.worker_state` says what and why). Reuse is therefore invisible in the
outputs: ``scripts/same_outputs.py`` finds them identical.

- :func:`run_jobs`: run the jobs, calling back in the parent as each finishes.
- :class:`KeptWorkers`: one job at a time on workers kept between calls (a Dask worker's).
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
from typing import TYPE_CHECKING, Any

from convert.core.contracts import Writer

from .inputs import Job
from .limits import apply_memory_cap, memory_reason
from .report import Outcome
from .staging import Identity, discard_outputs, output_identities

if TYPE_CHECKING:
    from .worker_state import Snapshot

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


def _serve(conn: Any, work: Work, parent: int, memory: int | None, others: Sequence[Any]) -> None:
    """A worker process: take job after job from the parent over ``conn`` (``None``: stop),
    run ``work(job)`` under the memory cap and send back ``(outcome, retiring)``. Whatever
    ``work`` raises becomes the job's error; the worker never prints a traceback. After each
    job the process-wide settings are put back (:mod:`~convert.app.worker_state`); a worker
    that is worn out says it is retiring and leaves."""
    import faulthandler

    from .worker_state import Snapshot

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, _stop_worker)  # SystemExit: staging removes its temp files
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _FORK_BLOCKED)  # blocked by the parent around the fork
    _die_with_parent(parent)
    for other in others:  # the parent's ends of the pipes (so that closing them reaches the workers)
        with contextlib.suppress(OSError):
            other.close()
    faulthandler.disable()  # a crash is reported as one line by the parent, not as a dump
    apply_memory_cap(memory)
    try:
        state = Snapshot.take()
        files = 0
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                job = None
            if job is None:
                break
            outcome = _run_one(work, job, memory)
            files += 1
            retiring = _retiring(state, files, outcome)
            _flush()
            try:
                conn.send((outcome, retiring))
            except _Stopped:
                raise
            except BaseException:  # the parent reports it as a worker that stopped without a result
                os._exit(1)
            if retiring:
                break
    except _Stopped:
        os._exit(143)
    except BaseException:  # a bug here: no traceback, the parent reports the job as stopped
        os._exit(1)
    _flush()
    os._exit(0)


def _retiring(state: Snapshot, files: int, outcome: Outcome) -> bool:
    """Put the settings back after a job; whether the worker must be replaced rather than
    reused (also when the settings could not be put back)."""
    try:
        return not state.restore() or state.worn_out(files, outcome.failed)
    except _Stopped:
        raise
    except BaseException:  # whatever the job left behind, a fresh worker will not have it
        return True


def _run_one(work: Work, job: Job, memory: int | None) -> Outcome:
    """``work(job)``, whatever it raises turned into the job's error (SIGTERM goes on up);
    warnings filters it changes are put back."""
    import warnings

    try:
        with warnings.catch_warnings():
            return work(job)
    except _Stopped:
        raise
    except MemoryError:
        return _failed(job, memory_reason(memory))
    except KeyboardInterrupt:  # raised by a plugin: SIGINT itself is ignored here
        return _failed(job, "interrupted while converting (KeyboardInterrupt raised by the converter)")
    except SystemExit as exc:  # a plugin's sys.exit() must not pass for a result
        return _failed(job, f"the converter called sys.exit({exc.code!r}) on this file")
    except Exception as exc:
        return _failed(job, f"internal error: {type(exc).__name__}: {exc}")


def _flush() -> None:
    """Flush what the job printed (the streams are the worker's own after the fork)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):
            stream.flush()


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
    """A job at work: the job, when it was handed over, and its outputs before."""

    job: Job
    start: float
    before: list[Identity]


@dataclass(slots=True)
class _Worker:
    """A forked worker: its process, the parent's end of its pipe, and its job if it has one."""

    proc: Any
    conn: Any
    run: _Running | None = None

    def end(self, grace: float = 5.0) -> None:
        """Make sure the process is gone (told to stop if it is idle; killed if it lingers)."""
        if self.run is None:
            with contextlib.suppress(Exception):
                self.conn.send(None)
        self.proc.join(grace)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class _Pool:
    """The forked workers of one :func:`run_jobs` call: at most one per job at work, each
    reused for job after job while it lasts."""

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
        self.idle: list[_Worker] = []
        self.busy: dict[Any, _Worker] = {}  # keyed by the pipe it reports on

    @property
    def running(self) -> int:
        """How many jobs are at work."""
        return len(self.busy)

    def _fork(self) -> None:
        """Fork a new idle worker. Ctrl-C and SIGTERM wait until it is known, so that stopping
        the pool stops it too."""
        mine, theirs = self.ctx.Pipe(duplex=True)
        others = [mine, *(w.conn for w in self.idle), *self.busy]
        proc = self.ctx.Process(target=_serve, args=(theirs, self.work, self.parent, self.memory, others), daemon=True)
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _FORK_BLOCKED)
        try:
            proc.start()
            theirs.close()
            self.idle.append(_Worker(proc, mine))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def start(self, job: Job) -> None:
        """Hand ``job`` to an idle worker (a new one if none is left), noting its outputs as
        they are now."""
        before = output_identities(job, self.writers)
        while True:
            if not self.idle:
                self._fork()
            worker = self.idle[-1]
            worker.run = _Running(job, time.monotonic(), before)
            self.busy[worker.conn] = worker  # (known to the pool all the while)
            self.idle.pop()
            try:
                worker.conn.send(job)
                return
            except OSError:  # it died while idle: another one takes the job
                del self.busy[worker.conn]
                worker.run = None
                worker.end(0)

    def wait_time(self) -> float:
        """How long to wait for results before the next worker's time is up."""
        if not self.timeout:
            return _POLL
        now = time.monotonic()
        return max(0.0, min([_POLL, *(w.run.start + self.timeout - now for w in self.busy.values() if w.run)]))

    def collect(self) -> None:
        """Wait a little for results and hand each on; a worker that died without one fails its
        job and its outputs are discarded."""
        from multiprocessing.connection import wait

        sentinels = {w.proc.sentinel: conn for conn, w in self.busy.items()}
        for ready in wait([*self.busy, *sentinels], timeout=self.wait_time()):
            conn = sentinels.get(ready, ready)
            worker = self.busy.pop(conn, None)
            if worker is None or worker.run is None:  # both its pipe and its process were ready
                continue
            run, worker.run = worker.run, None
            message: tuple[Outcome, bool] | None = None
            with contextlib.suppress(EOFError, OSError):
                if conn.poll():
                    message = conn.recv()
            if message is None:
                worker.end()
                discard_outputs(run.job, self.writers, run.before)
                outcome = _failed(run.job, _crash_reason(worker.proc.exitcode))
            else:
                outcome, retiring = message
                if retiring:
                    worker.end()
                else:
                    self.idle.append(worker)
            outcome.rel = run.job.rel
            outcome.duration = time.monotonic() - run.start
            self.on_result(run.job, outcome)

    def expire(self) -> None:
        """Kill the workers that ran past the time limit and fail their jobs."""
        if not self.timeout:
            return
        now = time.monotonic()
        for worker in list(self.busy.values()):
            if worker.run and now - worker.run.start >= self.timeout:
                self._kill(worker, _timeout_reason(self.timeout), now)

    def stop_all(self, reason: str) -> None:
        """Kill every worker at work and fail its job with ``reason`` (the run's deadline)."""
        now = time.monotonic()
        for worker in list(self.busy.values()):
            self._kill(worker, reason, now)
        self.close()

    def _kill(self, worker: _Worker, reason: str, now: float) -> None:
        """Kill ``worker``, discard what it wrote and fail its job with ``reason``."""
        del self.busy[worker.conn]
        run, worker.run = worker.run, None
        worker.proc.kill()
        worker.proc.join()
        worker.conn.close()
        if run is not None:
            discard_outputs(run.job, self.writers, run.before)
            self.on_result(run.job, _failed(run.job, reason, now - run.start))

    def close(self) -> None:
        """Let the idle workers go (every job is done)."""
        while self.idle:
            self.idle.pop().end()

    def stop(self) -> None:
        """Stop every worker (SIGTERM, then SIGKILL after 2 s) and discard the outputs of the
        jobs at work."""
        workers = list({id(w): w for w in [*self.busy.values(), *self.idle]}.values())
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.proc.terminate()
        deadline = time.monotonic() + 2
        for worker in workers:
            worker.proc.join(max(0.0, deadline - time.monotonic()))
            if worker.proc.is_alive():
                worker.proc.kill()
                worker.proc.join()
            worker.conn.close()
            if worker.run is not None:
                discard_outputs(worker.run.job, self.writers, worker.run.before)
        self.busy.clear()
        self.idle.clear()


class KeptWorkers:
    """Forked workers kept from one call to the next: :meth:`run` converts one job with the
    guarantees of :func:`run_jobs` (time limit, memory cap, crash isolation, outputs whole or
    absent, a worker replaced when :mod:`~convert.app.worker_state` says so), and the worker
    that did it waits for the next job instead of ending. A Dask worker converts its tasks
    this way (:mod:`~convert.app.cluster`): one fork per worker, not one per file. Not
    thread-safe: one per thread."""

    def __init__(self, work: Work, writers: Sequence[Writer], timeout: float | None, memory: int | None) -> None:
        self._results: list[Outcome] = []
        self._pool = _Pool(work, lambda _job, outcome: self._results.append(outcome), writers, timeout, memory)

    def run(self, job: Job, stopped: Callable[[], bool] | None = None) -> Outcome:
        """``job``'s outcome (a crash or the time limit: a failed outcome with the reason).
        When ``stopped()`` (asked between waits) says so, the worker is killed and what it
        wrote removed, and the job fails as stopped."""
        self._results.clear()
        try:
            self._pool.start(job)
            while self._pool.running:
                self._pool.collect()
                self._pool.expire()
                if self._pool.running and stopped is not None and stopped():
                    self._pool.stop()
                    return _failed(job, "was stopped: the run was stopped")
        except BaseException:
            self._pool.stop()
            raise
        return self._results[0]

    def close(self) -> None:
        """Let the idle workers go."""
        self._pool.close()


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
        while pending and pool.running < max(1, processes):
            job = pending.popleft()
            if on_start:
                on_start(job)
            pool.start(job)
        if tick:
            tick()
        pool.collect()
        pool.expire()
    pool.close()


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
