"""What ``docconv clean`` and ``docconv inspect`` print, computed from one source.

The commands read the input in the parent (stdin cannot be read twice) and compute what they
print with :func:`clean_output` or :func:`inspect_output` in one forked worker under the run's
limits (:func:`~convert.app.isolated.run_isolated`); the parent prints the :class:`Printed`
result. Both functions raise :class:`~convert.core.contracts.ConversionError` for an input
that cannot be converted.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from convert.core.contracts import Source

from .display import json_safe
from .pipeline import StepRun
from .report import Record
from .session import Session


@dataclass(slots=True)
class Printed:
    """What a command prints: ``text`` on stdout, each warning on stderr, the record its
    ``--report`` file gets (``None`` without one) and the audit page ``inspect --html``
    writes (``None`` without one)."""

    text: str
    warnings: list[str] = field(default_factory=list)
    record: Record | None = None
    page: str | None = None


def clean_output(source: Source, session: Session, shown: str, *, report: bool) -> Printed:
    """``docconv clean``: the document as Markdown, its warnings and (with ``report``) its record."""
    from convert.writers.markdown import render

    from .images import figures_without_files
    from .pipeline import convert_source
    from .report import clean_report, document_outcome

    trace: list[StepRun] | None = [] if report else None
    start = time.monotonic()
    doc = figures_without_files(convert_source(source, session, trace=trace))
    record = None
    if report:
        outcome = document_outcome(doc, shown, duration=time.monotonic() - start, trace=trace)
        record = clean_report(outcome)
    text = render(doc, notices=session.options.notices)
    return Printed(text=text, warnings=list(doc.warnings), record=record)


def inspect_output(
    source: Source, session: Session, shown: str, *, as_json: bool, color: bool, html: bool = False
) -> Printed:
    """``docconv inspect``: the audit of every input line, as text (coloured with ``color``)
    or, with ``as_json``, as JSON; with ``html`` also as an HTML page (``page``; the text is
    then empty unless ``as_json``)."""
    from .audit import audit, render
    from .pipeline import clean, read
    from .provenance import stamp
    from .report import document_outcome, inspect_record

    trace: list[StepRun] | None = [] if as_json or html else None
    start = time.monotonic()
    raw = read(source, session)
    doc = stamp(clean(raw, session, trace=trace), source, session)
    rows = audit(raw, doc)
    page = None
    if html:
        from .audit_page import PageFacts, audit_page

        reader = session.registry.reader_for(source).name
        page = audit_page(raw, doc, rows, PageFacts(source=shown, reader=reader, trace=tuple(trace or ())))
    if as_json:
        outcome = document_outcome(doc, shown, duration=time.monotonic() - start, trace=trace)
        record = json.dumps(inspect_record(outcome, rows), ensure_ascii=False, indent=1)
        return Printed(text=json_safe(record) + "\n", page=page)
    return Printed(text="" if html else render(rows, doc, color=color), page=page)
