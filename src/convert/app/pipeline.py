"""The docconv pipeline: reader -> cleaning steps (in order) -> writers.

:func:`read` picks the reader and :func:`clean` runs the steps; :func:`convert_source` is
read + clean (+ the provenance). Everything a user can run (``convert``, ``sync``, ``clean``, ``inspect``, the
test kit) goes through them. Writing is staged (a temporary file renamed into place when
complete): see :mod:`convert.app.staging`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from convert.core.contracts import BLOCKS_FROM, Context, ConversionError, Options, Source, Step
from convert.core.language import chinese_tag, guess_language
from convert.core.metadata import apply_metadata
from convert.core.model import Block, Document, Line
from convert.core.pages import finish as finish_page_marks
from convert.core.segment import lines_as_blocks

from .images import carry_over
from .plugins import Registry
from .provenance import stamp
from .session import Session

#: Block kinds that are body text (a document with none of them warns).
BODY_KINDS = frozenset({"paragraph", "table", "list", "figure", "footnote", "code"})


@dataclass(frozen=True, slots=True)
class StepRun:
    """What one step did to one document: for ``--report`` (``steps``) and profiling."""

    step: str
    seconds: float
    removed: int
    changed: int
    warnings: int

    def as_dict(self) -> dict[str, object]:
        return {
            "step": self.step,
            "seconds": round(self.seconds, 4),
            "removed": self.removed,
            "changed": self.changed,
            "warnings": self.warnings,
        }


def _session(session: Session | Registry, options: Options | None) -> Session:
    """Accept the pre-0.2 ``(registry, options)`` pair as well as a :class:`Session`."""
    if isinstance(session, Session):
        return session
    return Session.create(session, options)


def read(source: Source, session: Session | Registry, options: Options | None = None) -> Document:
    """Read ``source`` with the highest-priority reader that accepts it."""
    session = _session(session, options)
    reader = session.registry.reader_for(source)
    try:
        doc = reader.read(source, session.read_options)
    except (ConversionError, MemoryError):  # out of memory: the worker names the limit
        raise
    except RecursionError:
        raise ConversionError("input is nested too deeply to read") from None
    except SystemExit as exc:  # a plugin's sys.exit() is its failure, never a result
        raise ConversionError(f"reader {reader.name!r} failed: it called sys.exit({exc.code!r})") from None
    except Exception as exc:  # a reader bug must still be one line about this file
        raise ConversionError(f"reader {reader.name!r} failed: {type(exc).__name__}: {exc}") from exc
    _check_document(doc, f"reader {reader.name!r}")
    return doc


def _check_document(doc: object, who: str) -> None:
    """A reader's or step's result must be a :class:`Document` whose lines are lines and
    whose blocks are blocks: anything else is that plugin's bug, named here rather than
    blamed on the step that would trip over it next."""
    if not isinstance(doc, Document):
        raise ConversionError(f"{who} failed: it returned {type(doc).__name__}, not a Document")
    for name, kind in (("lines", Line), ("structures", Block), ("blocks", Block)):
        items = getattr(doc, name)
        if not isinstance(items, tuple | list) or not all(isinstance(item, kind) for item in items):
            raise ConversionError(f"{who} failed: it returned a Document whose {name} are not all {kind.__name__}s")


def clean(
    doc: Document,
    session: Session | Registry,
    options: Options | None = None,
    *,
    trace: list[StepRun] | None = None,
) -> Document:
    """Run every enabled cleaning step on a freshly read document, in two phases with the
    segmentation between them.

    Line steps (``order`` below :data:`~convert.core.contracts.BLOCKS_FROM`) work on
    ``doc.lines``; the segmenter (the ``paragraphs`` step, at ``BLOCKS_FROM``) turns the
    lines into blocks, and if it is switched off every remaining line becomes a block of its
    own; block steps (above ``BLOCKS_FROM``) then work on ``doc.blocks``. So switching the
    paragraphs step off never switches the heading or punctuation steps off with it.

    :param trace: a list to append one :class:`StepRun` per step to (time, removals, changes).
    """
    session = _session(session, options)
    ctx = session.context
    given = dict(session.options.metadata).get("language")
    doc = doc.with_meta(language=given) if given else _name_language(doc)  # --language: the steps go by it too
    steps = session.steps()
    for step in [s for s in steps if s.order <= BLOCKS_FROM]:
        doc = _run_step(step, doc, ctx, trace)
    if doc.lines or doc.structures:  # no segmenter ran (or it left lines): every line is a block
        doc = lines_as_blocks(doc, pages=session.options.page_marks)
    for step in [s for s in steps if s.order > BLOCKS_FROM]:
        doc = _run_step(step, doc, ctx, trace)
    doc = carry_over(doc, session.options)  # --no-images; what no output can carry
    if session.options.page_marks:
        doc = finish_page_marks(doc)  # (after the block steps, which may have changed the text)
    doc = apply_metadata(doc, session.options.metadata)  # --title, --author, -M...: over all found
    for writer in session.writers:  # what a writer will not do as asked for this document
        if (warnings_for := getattr(writer, "warnings_for", None)) is not None:
            doc = doc.warn(*warnings_for(doc, session.options))
    if not any(b.kind in BODY_KINDS for b in doc.blocks):
        doc = doc.warn("no body text left after cleaning: check the removals (docconv inspect)")
    return doc


def _name_language(doc: Document) -> Document:
    """``doc`` with its language named from all the input, before any of it is removed: guessed
    when the reader left it unknown (the language the source declares, an HTML ``lang``, a hint
    in ``meta.extra``), and a bare ``zh`` told apart into ``zh-Hant`` when the characters are
    clearly Traditional (a Markdown front matter's ``language: zh``)."""
    language = doc.meta.language
    if language and language.strip().lower() != "zh":
        return doc
    text = "\n".join(line.text for line in doc.lines)
    if not language:
        return doc.with_meta(language=guess_language(text, dict(doc.meta.extra).get("lang")))
    tag = chinese_tag(text)
    return doc.with_meta(language=tag) if tag != "zh" else doc


def _run_step(step: Step, doc: Document, ctx: Context, trace: list[StepRun] | None) -> Document:
    """One step on ``doc``: a step's bug (an exception, ``sys.exit()``, a result that is not a
    proper :class:`Document`) is one :class:`ConversionError` naming the step. Running out of
    memory and ``KeyboardInterrupt`` pass through (the worker reports them)."""
    before = doc
    start = time.perf_counter()
    who = f"cleaning step {step.name!r}"
    try:
        doc = step.run(doc, ctx)
    except (ConversionError, MemoryError):
        raise
    except SystemExit as exc:
        raise ConversionError(f"{who} failed: it called sys.exit({exc.code!r})") from None
    except Exception as exc:
        raise ConversionError(f"{who} failed: {type(exc).__name__}: {exc}") from exc
    _check_document(doc, who)
    if trace is not None:
        trace.append(
            StepRun(
                step=step.name,
                seconds=time.perf_counter() - start,
                removed=len(doc.removals) - len(before.removals),
                changed=len(doc.changes) - len(before.changes),
                warnings=len(doc.warnings) - len(before.warnings),
            )
        )
    return doc


def convert_source(
    source: Source,
    session: Session | Registry,
    options: Options | None = None,
    *,
    trace: list[StepRun] | None = None,
) -> Document:
    """Read ``source`` and clean it: the whole pipeline short of writing. The result's
    ``meta.provenance`` says how it was made (:func:`~convert.app.provenance.stamp`)."""
    session = _session(session, options)
    return stamp(clean(read(source, session), session, trace=trace), source, session)


#: The pre-0.2 name of :func:`read`.
read_source = read
