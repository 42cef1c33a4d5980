"""Every record docconv writes about what it did, in one format, and the one place that builds them.

- :class:`Outcome`: what became of one input (in memory, sent from a batch worker to the parent).
- :func:`file_record`: one input's record in a ``--report`` file (``convert`` and ``clean``).
- :func:`run_report`: the whole ``--report`` file of ``convert``: files, skipped, summary.
- :func:`log_record`: one line of the ``sync --log`` file.
- :func:`inspect_record`: what ``inspect --json`` prints.
- :func:`write_report`: writing a report file atomically (one error line and exit status 1
  if that fails).

The records share their keys (:func:`outcome_fields`): ``input``, ``status``, ``outputs``,
``error``, ``warnings``, ``removal_counts``, ``duration``; with details asked for (``--report``,
``inspect``) also ``metadata``, ``provenance``, ``removals``, ``changes`` and ``steps``, what
each cleaning step did (:class:`~convert.app.pipeline.StepRun`).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from convert.core.model import Change, Document, Removal

from .display import json_safe, message
from .inputs import safe_text
from .staging import write_text_atomic

if TYPE_CHECKING:
    from .audit import AuditLine
    from .pipeline import StepRun
    from .progress import Feedback

Record = dict[str, Any]

#: The numbers a step's trace adds up over a run (``summary.steps`` of a ``--report`` file).
STEP_TOTALS = ("seconds", "removed", "changed", "warnings")


@dataclass(slots=True)
class Outcome:
    """What became of one input.

    :param input: the input as messages name it (:func:`~convert.app.inputs.safe_text`).
    :param status: ``"converted"`` or ``"failed"``.
    :param outputs: the outputs written (none when it failed).
    :param error: why it failed.
    :param warnings: the document's warnings.
    :param removal_counts: how many removals of each kind.
    :param duration: seconds taken.
    :param digest: SHA-256 of the bytes that were converted (for ``sync``).
    :param details: metadata, removals, changes and steps, when a report asked for them.
    :param rel: its path relative to the folder argument (for ``sync``).
    """

    input: str
    status: str
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    removal_counts: dict[str, int] = field(default_factory=dict)
    duration: float = 0.0
    digest: str | None = None
    details: Record | None = None
    rel: str = ""

    @property
    def failed(self) -> bool:
        """The input was not converted."""
        return self.status == "failed"

    def note_document(self, doc: Document, *, detail: bool = False, trace: Sequence[StepRun] | None = None) -> None:
        """Take the warnings and removal counts of the converted ``doc`` (and, with ``detail``,
        its metadata, removals, changes and the steps' ``trace``)."""
        self.warnings = list(doc.warnings)
        self.removal_counts = dict(Counter(r.kind for r in doc.removals))
        if detail:
            self.details = document_details(doc, trace)


def _record(item: Removal | Change) -> dict[str, object]:
    """A removal or change as a flat JSON object, its origin as ``page`` and ``line``."""
    data = dataclasses.asdict(item)
    origin = data.pop("origin") or {}
    return data | {"page": origin.get("page"), "line": origin.get("line")}


def document_details(doc: Document, trace: Sequence[StepRun] | None = None) -> Record:
    """What a report shows of a converted document: metadata, its ``provenance`` (how it was
    made: :meth:`~convert.core.model.Provenance.as_dict`), removals, changes and, when the
    steps were traced, what each step did (``steps``)."""
    meta = dataclasses.replace(doc.meta, provenance=None)
    details: Record = {
        "metadata": {k: v for k, v in dataclasses.asdict(meta).items() if v not in (None, (), "")},
        "removals": [_record(r) for r in doc.removals],
        "changes": [_record(c) for c in doc.changes],
    }
    if doc.meta.provenance is not None:
        details["provenance"] = doc.meta.provenance.as_dict()
    if trace is not None:
        details["steps"] = [run.as_dict() for run in trace]
    return details


def outcome_fields(outcome: Outcome) -> Record:
    """The keys every record has: ``input``, ``status``, ``outputs``, ``error`` (``null``
    when converted), ``warnings``, ``removal_counts``, ``duration`` (seconds)."""
    return {
        "input": outcome.input,
        "status": outcome.status,
        "outputs": list(outcome.outputs),
        "error": outcome.error,
        "warnings": list(outcome.warnings),
        "removal_counts": dict(outcome.removal_counts),
        "duration": round(outcome.duration, 3),
    }


def file_record(outcome: Outcome) -> Record:
    """One input's record in a ``--report`` file: :func:`outcome_fields` and its details
    (``removals`` is always there, empty for an input that was never read)."""
    record = outcome_fields(outcome) | (outcome.details or {})
    record.setdefault("removals", [])
    return record


def document_outcome(
    doc: Document, source: str, *, duration: float = 0.0, trace: Sequence[StepRun] | None = None
) -> Outcome:
    """A document converted in this process (``clean``, ``inspect``) as a converted
    :class:`Outcome` with its details, for :func:`clean_report` and :func:`inspect_record`."""
    outcome = Outcome(input=source, status="converted", duration=duration)
    outcome.note_document(doc, detail=True, trace=trace)
    return outcome


def report_entry(doc: Document | None, source: str, outputs: Sequence[Path], error: str | None) -> Record:
    """One document's ``--report`` record (the 0.1 API): as :func:`file_record`."""
    outcome = document_outcome(doc, source) if doc is not None else Outcome(input=source, status="converted")
    if error:
        outcome.status, outcome.error = "failed", error
    outcome.outputs = [str(p) for p in outputs]
    return file_record(outcome)


def step_totals(records: Iterable[Record]) -> list[Record]:
    """Each step's :data:`STEP_TOTALS` added up over the records' ``steps``, in the order the
    steps ran."""
    totals: dict[str, Record] = {}
    for record in records:
        for run in record.get("steps", ()):
            total = totals.setdefault(run["step"], {"step": run["step"]} | dict.fromkeys(STEP_TOTALS, 0))
            for key in STEP_TOTALS:
                total[key] += run[key]
    for total in totals.values():
        total["seconds"] = round(total["seconds"], 4)
    return list(totals.values())


def run_report(
    outcomes: Sequence[Outcome],
    skipped: Sequence[tuple[str, str]],
    feedback: Feedback,
    *,
    jobs: int,
    formats: Sequence[str],
) -> Record:
    """The ``--report`` file of ``convert``: a record per file, the files skipped, and a summary
    (counts, seconds, worker processes, formats, version, and ``steps`` added up when traced)."""
    from convert import __version__

    files = [file_record(o) for o in outcomes]
    summary: Record = {
        "converted": feedback.converted,
        "skipped": feedback.skipped,
        "failed": feedback.failed,
        "warnings": feedback.warnings,
        "seconds": round(feedback.elapsed, 3),
        "jobs": jobs,
        "formats": list(formats),
        "version": __version__,
    }
    totals = step_totals(files)
    if totals:
        summary["steps"] = totals
    return {
        "files": files,
        "skipped": [{"input": path, "reason": reason} for path, reason in skipped],
        "summary": summary,
    }


def clean_report(outcome: Outcome) -> Record:
    """The ``--report`` file of ``clean``: the one input's :func:`file_record`."""
    return {"files": [file_record(outcome)]}


def log_record(outcome: Outcome, *, time: str) -> Record:
    """One ``sync --log`` line: ``time`` (ISO, of the run) and :func:`outcome_fields`."""
    return {"time": time} | outcome_fields(outcome)


def json_line(record: Record) -> str:
    """``record`` as one line of JSON (names that are not UTF-8 show U+FFFD), with its newline."""
    return json_safe(safe_text(json.dumps(record, ensure_ascii=False))) + "\n"


def audit_rows(rows: Sequence[AuditLine]) -> list[Record]:
    """``inspect``'s audit lines as JSON objects: page, line, text, status, note (and
    ``unsure``, why an OCR reading is doubtful, on the lines a recognizer was unsure of)."""
    return [
        {"page": r.origin.page, "line": r.origin.line, "text": r.text, "status": r.status, "note": r.note}
        | ({"unsure": r.unsure} if r.unsure else {})
        for r in rows
    ]


def inspect_record(outcome: Outcome, rows: Sequence[AuditLine]) -> Record:
    """What ``inspect --json`` prints: the input's :func:`file_record` and ``lines``, every
    input line with what became of it."""
    return file_record(outcome) | {"lines": audit_rows(rows)}


def write_report(path: Path, data: object) -> None:
    """Write ``data`` as JSON to ``path`` atomically (names that are not UTF-8 show U+FFFD): a
    new temporary file renamed over ``path``, so a symbolic link there is replaced, never
    written through (``convert`` has already refused a ``path`` that is an input or output).
    If that fails: one line ``docconv: error: PATH: cannot write report: REASON`` on stderr and
    exit status 1 (``SystemExit``), never a traceback or a temporary file."""
    from .paths import report_target

    text = json_safe(json.dumps(data, ensure_ascii=False, indent=1)) + "\n"  # (cat-safe)
    try:
        if report_target(path) == "stream":  # /dev/stdout, a named pipe: written in place
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(safe_text(text))
        else:
            write_text_atomic(path, text)
    except Exception as exc:
        if isinstance(exc, ValueError):  # (refused by the path policy)
            reason = str(exc)
        else:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        print(message("error", f"{path}: cannot write report: {reason}"), file=sys.stderr, flush=True)
        raise SystemExit(1) from None
