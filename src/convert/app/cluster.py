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

import dataclasses
import functools
import os
import pickle
import re
import uuid
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
#: The environment variable that gives ``--cluster`` when the option is not given.
ENV = "DOCCONV_CLUSTER"
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


def client_environ() -> Environ:
    """This process's values of :data:`PASSED_ENVIRONMENT` (``None``: not set)."""
    return tuple((name, os.environ.get(name)) for name in PASSED_ENVIRONMENT)


@contextmanager
def _environ(values: Environ) -> Iterator[None]:
    """The client's values of :data:`PASSED_ENVIRONMENT` in this worker while a task runs
    (what the task forks inherits them), the worker's own put back after it."""
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


def spec_of(session: Session, plugin_modules: Sequence[str] = (), allow: Sequence[str] | None = None) -> SessionSpec:
    """The :class:`SessionSpec` of the client's session."""
    return SessionSpec(
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

_SESSIONS: dict[bytes, Session] = {}
_WARM: set[tuple[int, str]] = set()  # (session, file extension) this worker has preloaded


def _worker_session(spec: SessionSpec) -> Session:
    """The session ``spec`` describes, built once per worker process."""
    key = pickle.dumps(spec)
    session = _SESSIONS.get(key)
    if session is None:
        from .plugins import build_registry
        from .session import Session

        registry = build_registry(spec.plugin_modules, allow=spec.allow)
        writers = [registry.writers[name] for name in spec.writers]
        session = _SESSIONS[key] = Session.create(registry, spec.options, writers, spec.limits)
    return session


def plugin_versions(
    plugin_modules: Sequence[str] = (), allow: Sequence[str] | None = None, environ: Environ = ()
) -> dict[str, str]:
    """The third-party plugins this process loads (with the environment ``environ``), with
    their versions (``?``: unknown)."""
    from .plugins import build_registry

    with _environ(environ):
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


def convert_on_worker(job: Job, spec: SessionSpec, detail: bool, timeout: float | None) -> Outcome:
    """One task: ``job`` converted on this worker as a local batch converts it, in a forked
    process (time limit, memory cap, crash isolation, outputs whole or absent) that stays for
    this worker thread's next task of the same run."""
    from .batch import preload

    _may_fork()
    with _environ(spec.environ):
        session = _worker_session(spec)
        warm = (id(session), job.path.suffix.lower())
        if warm not in _WARM:  # (as a local batch does before forking: each process starts warm)
            _WARM.add(warm)
            preload(session, {warm[1]})
        outcome = _kept_workers(session, spec, detail, timeout).run(job)
    outcome.rel = job.rel
    return outcome


_KEPT: dict[int, tuple[bytes, KeptWorkers]] = {}  # this process's threads' workers, and for what


def _kept_workers(session: Session, spec: SessionSpec, detail: bool, timeout: float | None) -> KeptWorkers:
    """This thread's forked workers for ``spec`` (a run's settings); those of an earlier run
    are let go."""
    import threading

    from .batch import convert_job
    from .workers import KeptWorkers

    key = pickle.dumps((spec, detail, timeout))
    thread = threading.get_ident()
    held = _KEPT.get(thread)
    if held is not None and held[0] == key:
        return held[1]
    if held is not None:
        held[1].close()
    memory = session.limits.memory_cap(1)
    work = functools.partial(convert_job, session=session, detail=detail, memory=memory)
    kept = KeptWorkers(work, session.writers, timeout, memory)
    _KEPT[thread] = (key, kept)
    return kept


# ----------------------------------------------------------------------------- on the client


def cluster_address(option: str | None) -> str | None:
    """The cluster to use: the option, else :data:`ENV`, else none (an empty value: none)."""
    value = option if option is not None else os.environ.get(ENV)
    return value.strip() or None if value else None


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
            with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
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


def check_workers(client: Client, plugin_modules: Sequence[str] = (), allow: Sequence[str] | None = None) -> None:
    """Refuse the run if a worker lacks a plugin the client has (or has another version),
    naming the plugin and the worker: its files would be converted differently."""
    ours = plugin_versions(plugin_modules, allow)
    wanted = (tuple(plugin_modules), tuple(allow) if allow is not None else None, client_environ())
    theirs: dict[str, Any] = client.run(plugin_versions, *wanted)
    for worker, plugins in sorted(theirs.items()):
        for name, version in sorted(ours.items()):
            if name not in plugins:
                raise ConversionError(f"worker {worker} lacks the plugin {name!r} ({version}) that this client has")
            if plugins[name] != version:
                raise ConversionError(f"worker {worker} has the plugin {name!r} {plugins[name]}, this client {version}")


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
    seconds the tasks not done are cancelled and :class:`_RanOut` raised."""
    from distributed import as_completed

    run = uuid.uuid4().hex[:8]  # (keys unique on a scheduler that other runs share)
    futures = {}
    for i, job in enumerate(jobs):
        key = f"docconv-{run}-{i}-{job.rel}"
        task = client.submit(convert_on_worker, _absolute(job), spec, detail, timeout, pure=False, key=key)
        futures[task] = job
    try:
        for future in as_completed(futures, timeout=max_runtime or None):
            _finished(future, futures[future], on_result, tick)
    except TimeoutError:
        client.cancel([f for f in futures if not f.done()])
        raise _RanOut from None
    except BaseException:
        client.cancel(list(futures))
        raise


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

        spec = spec_of(session, self.plugin_modules, self.allow)
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
            except _RanOut:
                reason = _runtime_reason(limit or 0, True)
                for job in jobs:
                    if job not in done:
                        on_result(job, Outcome(input=job.display, status="failed", error=reason, rel=job.rel))
            except KeyboardInterrupt:
                raise Interrupted(signal.SIGINT) from None
            finally:
                remove_stale_partial(jobs, session.writers)
        return workers


class _RanOut(Exception):
    """The run's time limit (``--max-runtime``) ran out before every task finished."""
