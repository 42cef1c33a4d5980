"""A batch run on a Dask cluster (``docconv convert --cluster ADDRESS``): one task per input.

The cluster is the user's own: a scheduler address (``tcp://host:8786``) or ``local[:N]``,
a ``LocalCluster`` of N worker processes started for the run (Dask's dashboard and
scheduling on one machine). Only this module imports Dask, and only when ``--cluster`` is
given (``pip install 'docconv[cluster]'``).

The guarantees are those of a local batch (:mod:`~convert.app.workers`):

- Each task converts its file on a worker the way a local worker does: in a forked process
  (kept for the worker's next tasks, :class:`~convert.app.workers.KeptWorkers`) stopped
  after ``--timeout``, under the memory cap, its outputs renamed into place only when all
  are written. A file that crashes the converter or runs too long fails alone with the
  same one-line reason.
- A worker that dies mid-task (killed, out of memory) has its file run again on another
  worker by the scheduler, as many times as the scheduler's ``allowed-failures`` says
  (``local[:N]`` sets it to 1: retried once), then the file fails, named; the temporary files
  the dead worker left are removed at the end of the run.
- The workers must have the plugins the client has: :func:`check_workers` asks each one
  before any file is sent and refuses the run naming the missing plugin and the worker.
- Progress and the outcomes come back as the tasks finish; ``--report`` gets the same
  records as a local run.

Inputs and outputs are paths the workers see under the same names (a shared file system).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import pickle
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from convert.core.contracts import ConversionError, Options

from .inputs import Job
from .limits import Limits
from .report import Outcome

if TYPE_CHECKING:
    from distributed import Client

    from .session import Session
    from .workers import KeptWorkers

#: ``--cluster local`` or ``local:N``: a cluster of N worker processes started for the run.
LOCAL = re.compile(r"^local(?::(\d+))?$")
#: Seconds to reach the scheduler (and, for ``local``, to start the workers).
CONNECT_TIMEOUT = 30.0
#: Seconds to wait for at least one worker to join the scheduler.
WORKERS_TIMEOUT = 60.0

OnResult = Callable[[Job, Outcome], None]
#: The environment variables that change a conversion: the client's values are the workers'.
PASSED_ENVIRONMENT = ("DOCCONV_PLUGINS", "DOCCONV_DISABLE_PLUGINS", "SOURCE_DATE_EPOCH")
Environ = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class SessionSpec:
    """What a worker needs to build the client's session: the options, the writers by name,
    the limits and how the plugins were chosen (``--plugin`` modules, ``--plugins``)."""

    options: Options
    writers: tuple[str, ...]
    limits: Limits
    plugin_modules: tuple[str, ...] = ()
    allow: tuple[str, ...] | None = None
    environ: Environ = ()
    #: The run it belongs to: a worker builds the session once per run (so a rule file edited
    #: between two runs is read again) and lets its converting processes go when it ends.
    run: str = ""


def client_environ() -> Environ:
    """This process's values of :data:`PASSED_ENVIRONMENT` (``None``: not set)."""
    return tuple((name, os.environ.get(name)) for name in PASSED_ENVIRONMENT)


@contextmanager
def _environ(values: Environ) -> Iterator[None]:
    """The client's values of :data:`PASSED_ENVIRONMENT` in this process while the block runs,
    its own put back after it. On a worker, only under :data:`_ENV_LOCK` (the environment is
    the process's, shared by its threads); a conversion gets them in its own forked process
    (:func:`_convert_with`)."""
    saved = {name: os.environ.get(name) for name, _ in values}
    try:
        for name, value in values:
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def spec_of(
    session: Session, plugin_modules: Sequence[str] = (), allow: Sequence[str] | None = None, run: str = ""
) -> SessionSpec:
    """The :class:`SessionSpec` of the client's session, for the run ``run``."""
    return SessionSpec(
        run=run,
        options=_absolute_paths(session.options),
        writers=tuple(w.name for w in session.writers),
        limits=session.limits,
        plugin_modules=tuple(plugin_modules),
        allow=tuple(allow) if allow is not None else None,
        environ=client_environ(),
    )


def _absolute_paths(options: Options) -> Options:
    """``options`` with the files they name (``--rules``, a writer's path options such as
    ``--reference-docx``) as absolute paths: a worker's working folder is not the client's."""

    def absolute(value: object) -> object:
        return Path(os.path.abspath(value)) if isinstance(value, Path) else value

    writer_options = {}
    for name, given in options.writer_options.items():
        if dataclasses.is_dataclass(given) and not isinstance(given, type):
            changed = {f.name: absolute(getattr(given, f.name)) for f in dataclasses.fields(given)}
            given = dataclasses.replace(given, **changed)
        writer_options[name] = given
    return dataclasses.replace(
        options,
        rule_files=tuple(Path(os.path.abspath(f)) for f in options.rule_files),
        writer_options=writer_options,
    )


# ----------------------------------------------------------------------------- on a worker

SESSIONS_KEPT = 4  # runs whose session a worker keeps (the last ones)
_SESSIONS: OrderedDict[bytes, Session] = OrderedDict()
_WARM: set[tuple[str, str]] = set()  # (run, file extension) this worker has preloaded
_ENV_LOCK = threading.Lock()  # (the process's environment is changed only under it)


def _worker_session(spec: SessionSpec) -> Session:
    """The session ``spec`` describes, built once per run in this worker process (plugins
    chosen under the client's environment)."""
    key = pickle.dumps(spec)
    with _ENV_LOCK:
        session = _SESSIONS.get(key)
        if session is None:
            from .plugins import build_registry
            from .session import Session

            with _environ(spec.environ):
                registry = build_registry(spec.plugin_modules, allow=spec.allow)
                writers = [registry.writers[name] for name in spec.writers]
                session = Session.create(registry, spec.options, writers, spec.limits)
            _SESSIONS[key] = session
            while len(_SESSIONS) > SESSIONS_KEPT:
                _SESSIONS.popitem(last=False)
        return session


def plugin_versions(
    plugin_modules: Sequence[str] = (), allow: Sequence[str] | None = None, environ: Environ = ()
) -> dict[str, str]:
    """The third-party plugins this process loads (with the environment ``environ``), with
    their versions (``?``: unknown)."""
    from .plugins import build_registry

    with _ENV_LOCK, _environ(environ):
        registry = build_registry(tuple(plugin_modules), allow=list(allow) if allow is not None else None, kinds=())
    return {name: info.version or "?" for name, info in registry.plugins.items() if not info.builtin}


def _may_fork() -> None:
    """Let this Dask worker fork the conversion's process. A worker started by a nanny is a
    daemonic ``multiprocessing`` child, and those may not have children; the rule is there
    so that children do not outlive it, and docconv's do not (a converting process dies
    with its parent, :mod:`~convert.app.workers`)."""
    import multiprocessing

    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]  (what the daemon property reads)


def convert_on_worker(job: Job, spec: SessionSpec, detail: bool, timeout: float | None, stop: str) -> Outcome:
    """One task: ``job`` converted on this worker as a local batch converts it, in a forked
    process (time limit, memory cap, crash isolation, outputs whole or absent) that stays for
    this worker thread's next task of the same run. When the client sets the Dask event
    ``stop`` (Ctrl-C, ``--max-runtime``) or cannot be asked any more (the scheduler is gone),
    the conversion is killed and what it wrote removed, as a local run does."""
    from .batch import preload

    _may_fork()
    session = _worker_session(spec)
    warm = (spec.run, job.path.suffix.lower())
    if warm not in _WARM:  # (as a local batch does before forking: each process starts warm)
        _WARM.add(warm)
        preload(session, {warm[1]})
    outcome = _kept_workers(session, spec, detail, timeout).run(job, _stopped(stop))
    outcome.rel = job.rel
    return outcome


def _stopped(name: str) -> Callable[[], bool]:
    """Whether the run's stop event is set (or can no longer be read: the scheduler is gone)."""
    from distributed import Event

    event = Event(name)

    def stopped() -> bool:
        try:
            return bool(event.is_set())
        except Exception:
            return True

    return stopped


def _convert_with(job: Job, *, environ: Environ, **kwargs: Any) -> Outcome:
    """:func:`~convert.app.batch.convert_job` in the forked process, under the client's
    environment (the process is the conversion's own: nothing is shared)."""
    from .batch import convert_job

    with _environ(environ):
        return convert_job(job, **kwargs)


_KEPT: dict[int, tuple[str, KeptWorkers]] = {}  # this process's threads' converting processes, by run


def _kept_workers(session: Session, spec: SessionSpec, detail: bool, timeout: float | None) -> KeptWorkers:
    """This thread's forked workers for the run of ``spec``; an earlier run's are let go."""
    from .workers import KeptWorkers

    thread = threading.get_ident()
    held = _KEPT.get(thread)
    if held is not None and held[0] == spec.run:
        return held[1]
    if held is not None:
        held[1].close()
    memory = session.limits.memory_cap(1)
    work = functools.partial(_convert_with, environ=spec.environ, session=session, detail=detail, memory=memory)
    kept = KeptWorkers(work, session.writers, timeout, memory)
    _KEPT[thread] = (spec.run, kept)
    return kept


def release(run: str) -> int:
    """Let go of the converting processes this worker kept for ``run`` (called on every worker
    when the run ends: they would wait for a next task that never comes); how many."""
    done = 0
    for thread, (owner, kept) in list(_KEPT.items()):
        if owner == run:
            del _KEPT[thread]
            kept.close()
            done += 1
    return done


# ----------------------------------------------------------------------------- on the client


@contextmanager
def connect(address: str, say: Callable[[str], None] | None = None) -> Iterator[Client]:
    """A client of the cluster at ``address`` (``local[:N]``: a local cluster started for the
    run and stopped after it, its dashboard on a free port, which ``say`` is told). A cluster
    that cannot be reached or has no worker is a :class:`ConversionError` with the reason."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConversionError("--cluster needs Dask: pip install 'docconv[cluster]' (dask.distributed)") from None
    local = LOCAL.match(address)
    cluster = None
    try:
        if local:
            from .workers import default_processes

            n = int(local.group(1) or default_processes())
            if n < 1:
                raise ConversionError(f"--cluster {address}: a local cluster needs at least one worker")
            with dask.config.set({"distributed.scheduler.allowed-failures": 1}), _sigint_ignored():
                cluster = LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address="127.0.0.1:0",  # (a free port: 8787 may be taken)
                    silence_logs=50,
                )
            client = Client(cluster, timeout=CONNECT_TIMEOUT)
            if say is not None and client.dashboard_link:
                say(f"docconv: the local Dask cluster's dashboard: {client.dashboard_link}")
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT)
    except ConversionError:
        raise
    except Exception as exc:
        if cluster is not None:
            cluster.close()
        raise ConversionError(f"cannot reach the Dask scheduler at {address}: {_brief(exc)}") from None
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except Exception:
            waited = f"waited {WORKERS_TIMEOUT:.0f} s"
            raise ConversionError(f"the Dask cluster at {address} has no worker ({waited})") from None
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while a local cluster's processes start (they inherit it): Ctrl-C, which
    the terminal sends to the whole group, stops the run through the client alone instead of
    printing a traceback from every worker."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def check_workers(client: Client, plugin_modules: Sequence[str] = (), allow: Sequence[str] | None = None) -> None:
    """Refuse the run if a worker lacks a plugin the client has (or has another version),
    naming the plugin and the worker: its files would be converted differently."""
    ours = plugin_versions(plugin_modules, allow)
    wanted = (tuple(plugin_modules), tuple(allow) if allow is not None else None, client_environ())
    theirs: dict[str, Any] = client.run(plugin_versions, *wanted)
    for worker, plugins in sorted(theirs.items()):
        for name in sorted(set(plugins) - set(ours)):
            raise ConversionError(
                f"worker {worker} has the plugin {name!r} ({plugins[name]}) that this client lacks: "
                "its files would be converted differently"
            )
        for name, version in sorted(ours.items()):
            if name not in plugins:
                raise ConversionError(f"worker {worker} lacks the plugin {name!r} ({version}) that this client has")
            if plugins[name] != version:
                raise ConversionError(f"worker {worker} has the plugin {name!r} {plugins[name]}, this client {version}")


#: Seconds the client waits, after asking the workers to stop, for the conversions at work to
#: be killed and their outputs removed.
STOP_WAIT = 10.0


def run_on_cluster(
    client: Client,
    jobs: Sequence[Job],
    spec: SessionSpec,
    on_result: OnResult,
    *,
    timeout: float | None,
    detail: bool,
    tick: Callable[[], None] | None = None,
    max_runtime: float | None = None,
) -> None:
    """Send one task per job to the cluster and call ``on_result`` as each finishes (in the
    order they finish). A task whose worker died more often than the scheduler allows, or
    that failed in Dask itself, fails its file with the reason. After ``max_runtime``
    seconds, or on Ctrl-C, the run is stopped (:func:`_stop_run`: the conversions at work
    killed and their outputs removed, the others cancelled) and :class:`_RanOut` (with the
    jobs that had started) or ``KeyboardInterrupt`` raised."""
    from distributed import Event, as_completed

    stop = f"docconv-stop-{spec.run}"
    Event(stop, client=client).clear()
    futures = {}
    for i, job in enumerate(jobs):
        key = f"docconv-{spec.run}-{i}"  # (not the file's name: one that is not UTF-8 cannot be a key)
        task = client.submit(convert_on_worker, _absolute(job), spec, detail, timeout, stop, pure=False, key=key)
        futures[task] = job
    try:
        for future in as_completed(futures, timeout=max_runtime or None):
            _finished(future, futures[future], on_result, tick)
    except TimeoutError:
        started = _stop_run(client, stop, futures)
        raise _RanOut(started) from None
    except BaseException:
        _stop_run(client, stop, futures)
        raise


def _executing(dask_worker: Any) -> list[str]:
    """The keys of the tasks a worker is running now (not those only queued on it)."""
    return [str(key) for key, task in dask_worker.state.tasks.items() if task.state in ("executing", "long-running")]


def _stop_run(client: Client, stop: str, futures: dict[Any, Job]) -> set[Job]:
    """Stop a run: the tasks not started cancelled, the workers told to kill the conversions
    at work (which remove what they wrote), and those waited for (at most :data:`STOP_WAIT`
    seconds); return the jobs that had started."""
    from distributed import Event, wait

    with contextlib.suppress(Exception):
        Event(stop, client=client).set()
    running: set[str] = set()
    with contextlib.suppress(Exception):
        running = {key for keys in client.run(_executing).values() for key in keys}
    at_work = [f for f in futures if f.key in running and not f.done()]
    with contextlib.suppress(Exception):
        client.cancel([f for f in futures if f.key not in running and not f.done()])
    with contextlib.suppress(Exception):
        wait(at_work, timeout=STOP_WAIT)
    with contextlib.suppress(Exception):
        client.cancel(list(futures))
    return {futures[f] for f in at_work}


def _absolute(job: Job) -> Job:
    """``job`` with absolute paths: a worker's working folder is not the client's (the paths
    are not resolved: a symbolic link stays one, as in a local run). An input or output folder
    given as a URL (``job.url``, ``job.out_url``) is left as it is: every worker reads it alike."""
    path = job.path if job.url is not None else Path(os.path.abspath(job.path))
    outdir = job.outdir if job.out_url is not None else Path(os.path.abspath(job.outdir))
    return dataclasses.replace(job, path=path, outdir=outdir)


def _as_given(output: str, job: Job) -> str:
    """An output's path as a local run names it: under ``job.outdir`` as given (relative
    if it was), not under the absolute folder the worker was sent."""
    if job.out_url is not None:  # (a URL, as given)
        return output
    root = os.path.abspath(job.outdir)
    if job.outdir.is_absolute() or os.path.commonpath([root, output]) != root:
        return output
    return str(job.outdir / os.path.relpath(output, root))


def _finished(future: Any, job: Job, on_result: OnResult, tick: Callable[[], None] | None) -> None:
    try:
        outcome = future.result()
    except Exception as exc:
        outcome = Outcome(input=job.display, status="failed", error=_task_reason(exc), rel=job.rel)
    outcome.outputs = [_as_given(path, job) for path in outcome.outputs]
    on_result(job, outcome)
    if tick:
        tick()


def _task_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return "the worker converting it died (killed or out of memory), on every worker it was tried on"
    return f"the cluster could not run it: {name}: {_brief(exc)}"


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200] + ("..." if len(text) > 200 else "")


@dataclass(frozen=True, slots=True)
class Target:
    """The cluster a batch runs on and how the client chose its plugins (the workers must
    load the same ones); :meth:`run` runs a batch there."""

    address: str
    plugin_modules: tuple[str, ...] = ()
    allow: tuple[str, ...] | None = None

    def run(
        self,
        jobs: Sequence[Job],
        session: Session,
        on_result: OnResult,
        *,
        timeout: float | None,
        detail: bool,
        tick: Callable[[], None] | None = None,
        say: Callable[[str], None] | None = None,
    ) -> int:
        """``jobs`` converted on the cluster (connect, check the workers' plugins, run, then
        remove the temporary files a dead worker left); return how many workers it had.
        ``session.limits.max_runtime`` fails the files not done when it runs out; Ctrl-C
        cancels the tasks and raises :class:`~convert.app.workers.Interrupted`."""
        import signal

        from .staging import remove_stale_partial
        from .workers import Interrupted, _runtime_reason

        spec = spec_of(session, self.plugin_modules, self.allow, run=uuid.uuid4().hex[:12])
        with connect(self.address, say) as client:
            check_workers(client, self.plugin_modules, self.allow)
            workers = len(client.scheduler_info().get("workers", {})) or 1
            done: set[Job] = set()

            def finished(job: Job, outcome: Outcome) -> None:
                done.add(job)
                on_result(job, outcome)

            limit = session.limits.max_runtime
            try:
                run_on_cluster(
                    client, jobs, spec, finished, timeout=timeout, detail=detail, tick=tick, max_runtime=limit
                )
            except _RanOut as ran_out:
                for job in jobs:
                    if job not in done:
                        reason = _runtime_reason(limit or 0, started=job in ran_out.started)
                        on_result(job, Outcome(input=job.display, status="failed", error=reason, rel=job.rel))
            except KeyboardInterrupt:
                raise Interrupted(signal.SIGINT) from None
            finally:
                with contextlib.suppress(Exception):
                    client.run(release, spec.run)  # (the workers' converting processes for this run)
                remove_stale_partial(jobs, session.writers)
        return workers


class _RanOut(Exception):
    """The run's time limit (``--max-runtime``) ran out before every task finished;
    ``started``: the jobs that were at work then."""

    def __init__(self, started: set[Job]) -> None:
        super().__init__(len(started))
        self.started = started
