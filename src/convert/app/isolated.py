"""One conversion in one forked worker, under the run's limits: ``docconv clean`` and ``inspect``.

``convert`` and ``sync`` hold each file to ``--timeout`` and ``--max-memory`` by converting it
in a worker (:mod:`~convert.app.workers`). ``clean`` and ``inspect`` convert one input and
print the result; :func:`run_isolated` gives them the same limits by computing what they
print in one worker of the same pool and handing it back to the parent, which prints it. A
catastrophic rule (``(a+)+$``), a PDF with a billion drawing operations or a decompression
bomb then ends as one error line, and a plugin that crashes or calls ``sys.exit`` cannot
pass an empty result off as a success (issue 13 items 18, 21).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from convert.core.contracts import ConversionError

from .inputs import Job
from .limits import memory_reason, out_of_memory
from .report import Outcome
from .workers import run_jobs

T = TypeVar("T")


@dataclass(slots=True)
class _Finished(Outcome, Generic[T]):
    """A worker's outcome with the value it computed."""

    value: T | None = None


def run_isolated(
    compute: Callable[[], T],
    *,
    display: str,
    timeout: float | None,
    memory: int | None,
) -> T:
    """``compute()`` in one forked worker stopped after ``timeout`` seconds, its address space
    capped at ``memory`` bytes (``None``: no limit), and its value returned. It runs in a worker
    even with neither limit, so that a plugin's ``os._exit`` or crash is still one error line
    (where there is no ``fork``, in this process). Whatever goes wrong (a :class:`ConversionError`, a crash, the
    time or the memory running out, a plugin's ``sys.exit``) is raised as a
    :class:`ConversionError` with the one-line reason; Ctrl-C or SIGTERM raise
    :class:`~convert.app.workers.Interrupted`. ``display`` names the input in the outcome."""
    job = Job(path=Path(), display=display, outdir=Path(), name="", rel="")

    def work(_job: Job) -> Outcome:
        try:
            return _Finished(input=display, status="converted", value=compute())
        except ConversionError as exc:
            if out_of_memory(exc):
                return Outcome(input=display, status="failed", error=memory_reason(memory))
            return Outcome(input=display, status="failed", error=exc.reason)
        except MemoryError:  # in the worker; or in this process where there is no fork
            return Outcome(input=display, status="failed", error=memory_reason(memory))

    results: list[Outcome] = []
    run_jobs([job], work, lambda _job, outcome: results.append(outcome), processes=1, timeout=timeout, memory=memory)
    outcome = results[0]
    if isinstance(outcome, _Finished) and not outcome.failed:
        return outcome.value  # type: ignore[return-value]
    raise ConversionError(outcome.error or "the converter stopped without a result")
