"""Batch conversion: what ``docconv convert`` and ``docconv sync`` share.

- :func:`run_batch`: a :class:`~convert.app.inputs.Plan`'s inputs converted in parallel,
  with progress shown; hooks for what the two commands do differently.
- :func:`convert_job`: one input read, cleaned and written (in a worker).
- :func:`preload`: what the workers need, imported once in the parent before forking.
  Only docconv's own code runs in the parent: a plugin's reader, step or writer runs only
  in a worker, where a crash, ``os._exit`` or a hang fails one file, never the batch.

Finding the inputs is :mod:`~convert.app.inputs`, the worker pool
:mod:`~convert.app.workers`, writing the outputs :mod:`~convert.app.staging`, the progress
display :mod:`~convert.app.progress` and every record of the results (:class:`Outcome`
included) :mod:`~convert.app.report`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from convert.core.contracts import ConversionError, Source

from .inputs import Failure, Job, Plan, load_source
from .limits import DEFAULT_TIMEOUT, check_input_size, input_limit, memory_reason, out_of_memory
from .pipeline import StepRun, convert_source
from .report import Outcome
from .staging import write_job_outputs
from .workers import Interrupted, default_processes, run_jobs

if TYPE_CHECKING:
    from .cluster import Target
    from .progress import Feedback
    from .session import Session

__all__ = ["DEFAULT_TIMEOUT", "PRELOAD", "BatchRun", "Outcome", "convert_job", "preload", "run_batch"]

#: Modules the built-in readers and writers import lazily; the parent imports them once before
#: forking so that each worker does not pay for the import again. Third-party readers and
#: writers can name theirs in a ``preload_modules`` attribute.
PRELOAD: dict[str, tuple[str, ...]] = {
    "text": ("charset_normalizer",),
    "pdf": ("convert.readers.pdf.parse", "convert.readers.pdf.layout"),
    "html": ("lxml.etree", "lxml.html", "convert.readers.html.extract", "charset_normalizer"),
    "docx": ("docx",),
    "epub": ("ebooklib", "ebooklib.epub", "lxml.etree"),
}

#: A hook that picks the jobs to run from the plan (and gets ready for them).
Select = Callable[[Plan], Sequence[Job]]
#: A hook called in the parent with each outcome, before it is counted and shown.
OnOutcome = Callable[[Outcome], None]


#: The longest error line kept for one input (a library may put a whole file name, or raw
#: bytes, into its message).
MAX_REASON = 400


def _reason(exc: Exception, memory: int | None = None) -> str:
    """What went wrong converting an input, as the one line its error is (``memory``: the
    worker's cap, named when the conversion ran out of it, even inside a writer): white space
    runs (line breaks in a library's message) become one space, and it is cut at
    :data:`MAX_REASON` characters."""
    text = " ".join(_raw_reason(exc, memory).split())
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 3] + "..."


def _raw_reason(exc: Exception, memory: int | None) -> str:
    if out_of_memory(exc):
        return memory_reason(memory)
    if isinstance(exc, ConversionError):
        return exc.reason
    if isinstance(exc, RecursionError):
        return "input is nested too deeply to convert"
    return f"internal error: {type(exc).__name__}: {exc}"  # a bug must still be one line about this file


def convert_job(job: Job, session: Session, *, detail: bool = False, memory: int | None = None) -> Outcome:
    """Read, clean and write one input (in a worker); every problem becomes ``outcome.error``.

    An input over its size limit (``session.limits``) is refused before it is read;
    ``memory`` is the worker's memory cap, named if the conversion runs out of it. The
    outputs are renamed into place only when every writer has finished
    (:func:`~convert.app.staging.write_job_outputs`): a failure (or a kill) before that
    leaves no output. With ``detail`` (``--report``) the outcome keeps the document's metadata,
    removals and changes, and what each cleaning step did.
    """
    start = time.monotonic()
    outcome = Outcome(input=job.display, status="converted", rel=job.rel)
    trace: list[StepRun] | None = [] if detail else None
    doc = None
    try:
        source = _read(job, session)
        outcome.digest = hashlib.sha256(source.data).hexdigest()
        doc = convert_source(source, session, trace=trace)
        outcome.outputs = [str(p) for p in write_job_outputs(job, doc, session)]
    except Exception as exc:
        outcome.error = _reason(exc, memory)
        outcome.status = "failed"
    if doc is not None:
        outcome.note_document(doc, detail=detail, trace=trace)
    outcome.duration = time.monotonic() - start
    return outcome


def _read(job: Job, session: Session) -> Source:
    """``job``'s input, refused before it is read when over its size limit: a local file, or
    by its URL (:mod:`~convert.app.remote`)."""
    if job.url is not None:
        from .remote import read_source

        return read_source(job.url, input_limit(job.url, session.limits))
    check_input_size(job.path, session.limits)
    return load_source(job.path, no_follow=job.no_follow)


def _import_quietly(names: Iterable[str]) -> None:
    import importlib

    for module in names:
        with contextlib.suppress(Exception):
            importlib.import_module(module)


def _builtin(obj: object) -> bool:
    """Whether ``obj`` (a reader, step or writer) is docconv's own, not a plugin's."""
    return type(obj).__module__.split(".")[0] == "convert"


def _builtin_session(session: Session) -> Session:
    """``session`` with only docconv's own readers, steps and writers: what the warm-up may run."""
    registry = dataclasses.replace(
        session.registry,
        readers=[r for r in session.registry.readers if _builtin(r)],
        steps=[s for s in session.registry.steps if _builtin(s)],
    )
    writers = tuple(w for w in session.writers if _builtin(w))
    return dataclasses.replace(session, registry=registry, writers=writers)


def preload(session: Session, extensions: Iterable[str]) -> None:
    """Import, once in the parent, what the workers will need, so each forked worker starts
    warm: the lazily imported libraries of the readers (of files with these ``extensions``)
    and writers in use (a plugin's are named by its ``preload_modules``), and docconv's own
    cleaning steps and writers (by converting a tiny text in memory, writing nothing).

    A plugin's reader, step or writer is never called here: in the parent, its crash,
    ``os._exit`` or hang would be the whole batch's (issue 13 item 2)."""
    import io

    exts = set(extensions)
    readers = [r for r in session.registry.readers if exts & set(r.extensions)]
    for obj in [*readers, *session.writers]:
        _import_quietly(PRELOAD.get(getattr(obj, "name", ""), ()) + tuple(getattr(obj, "preload_modules", ())))
    own = _builtin_session(session)
    with contextlib.suppress(Exception):
        doc = convert_source(Source(name="warm-up.txt", data=b"Warm up\n\nText.\n"), own)
        for writer in own.writers:
            with contextlib.suppress(Exception):
                writer.write(doc, io.BytesIO(), own.options)


@dataclass(slots=True)
class BatchRun:
    """What :func:`run_batch` did.

    :param outcomes: the outcomes of the jobs run, in the plan's order, then the plan's failures.
    :param jobs: the jobs that were run.
    :param processes: how many worker processes at most.
    :param interrupted: Ctrl-C or SIGTERM stopped the run (the jobs not done have no outcome).
    """

    outcomes: list[Outcome]
    jobs: list[Job]
    processes: int
    interrupted: bool = False
    #: the exit status of the signal that interrupted it (130 Ctrl-C, 143 SIGTERM)
    interrupted_status: int = 130


def _failed(failure: Failure) -> Outcome:
    """The outcome of an input that failed before it could be converted."""
    return Outcome(input=failure.input, status="failed", error=failure.error, rel=failure.rel)


def _announce(plan: Plan, feedback: Feedback) -> None:
    """Count the files skipped and print the plan's notes."""
    feedback.skipped = len(plan.skipped)
    for note in plan.notes:
        feedback.warn(note)


def run_batch(
    plan: Plan,
    session: Session,
    feedback: Feedback,
    *,
    processes: int = 0,
    timeout: float | None = DEFAULT_TIMEOUT,
    detail: bool = False,
    select: Select | None = None,
    on_outcome: OnOutcome | None = None,
    cluster: Target | None = None,
) -> BatchRun:
    """Convert the inputs of ``plan`` with ``session``, showing progress on ``feedback``.

    The plan's skipped files are counted and its notes printed; ``select(plan)`` picks the
    jobs to run (default: all; ``convert`` creates its output folder there, ``sync`` leaves
    out what is unchanged). They run in up to ``processes`` workers (0: one per core) after a
    :func:`preload`, each stopped after ``timeout`` seconds (0 or ``None``: no limit) and
    held to ``session.limits`` (memory per worker, input size, the run's whole time); with
    ``detail`` each outcome keeps what ``--report`` shows. Every outcome, the plan's failures
    first, goes to ``on_outcome`` (``sync`` records it) and is then counted and shown. The
    progress bar is gone when this returns; the summary line is the caller's
    (:meth:`~convert.app.progress.Feedback.finish`), as is what to do when interrupted.
    With ``cluster`` the jobs run as tasks on that Dask cluster instead
    (:mod:`~convert.app.cluster`: same limits, same outcomes; ``processes`` is then the
    number of its workers); a cluster that cannot be used raises :class:`ConversionError`.
    """
    _announce(plan, feedback)
    jobs = list(select(plan) if select else plan.jobs)
    workers = min(processes or default_processes(), max(1, len(jobs)))
    if len(jobs) > 1 and cluster is None:
        preload(session, {j.path.suffix.lower() for j in jobs})
    done: dict[Job, Outcome] = {}

    def report(outcome: Outcome) -> None:
        if on_outcome is not None:
            on_outcome(outcome)
        feedback.result(outcome)

    def on_result(job: Job, outcome: Outcome) -> None:
        outcome.rel = job.rel
        done[job] = outcome
        report(outcome)

    failures = [_failed(f) for f in plan.failures]
    feedback.start(len(jobs) + len(failures))
    for outcome in failures:
        report(outcome)
    run = BatchRun(outcomes=[], jobs=jobs, processes=workers)
    memory = session.limits.memory_cap(workers)
    try:
        if cluster is not None:
            run.processes = cluster.run(
                jobs, session, on_result, timeout=timeout or None, detail=detail, tick=feedback.tick
            )
        else:
            work = functools.partial(convert_job, session=session, detail=detail, memory=memory)
            run_jobs(
                jobs,
                work,
                on_result,
                processes=workers,
                timeout=timeout or None,
                writers=session.writers,
                tick=feedback.tick,
                on_start=lambda job: feedback.begin(job.display),
                memory=memory,
                max_runtime=session.limits.max_runtime,
            )
    except Interrupted as exc:
        run.interrupted = True
        run.interrupted_status = exc.exit_status
    finally:
        feedback.close()
    run.outcomes = [done[j] for j in jobs if j in done] + failures
    return run
