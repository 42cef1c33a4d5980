"""A test kit for docconv plugin authors.

Plain functions, no pytest fixtures and no global state, so they work in any test runner::

    from convert.app.testing import check_reader, check_step, check_writer, convert_text

    def test_my_step() -> None:
        check_step(MyStep())
        doc = convert_text("Title\\n\\nSome text.\\n", plugins=["my_plugin"])
        assert doc.blocks[-1].text == "Some text."

    def test_my_reader() -> None:
        check_reader(MyReader(), {"sample.docx": Path("tests/data/sample.docx").read_bytes()})

    def test_my_writer() -> None:
        check_writer(MyWriter(), read_back=lambda data: data.decode("utf-8"))

Everything here builds its own registry with installed entry-point plugins switched off (as
docconv's own tests do), so a test sees docconv's built-ins plus exactly the plugins it names.
Failures raise :class:`AssertionError` with a message that says what went wrong.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from convert.core.contracts import BLOCKS_FROM, Context, ConversionError, Options, Reader, Source, Step, Writer
from convert.core.hookspecs import hookimpl
from convert.core.model import Block, Change, Document, Line, Metadata, Origin, Removal

from .pipeline import convert_source
from .plugins import ENTRY_POINT_GROUP, Registry, build_registry
from .session import Session
from .staging import write_atomic

__all__ = [
    "CJK_SAMPLE_NAME",
    "LARGE_PARAGRAPHS",
    "check_reader",
    "check_step",
    "check_writer",
    "cjk_sample_text",
    "convert_text",
    "listed_plugins",
    "registry_with",
    "sample_documents",
]

#: The bundled Chinese sample: a speech scraped from a document-sharing site, with its site
#: furniture, page-break ads and hard-wrapped lines (``convert/testdata/``).
CJK_SAMPLE_NAME = "speech.scraped.txt"
#: How many paragraphs the "large" sample document of :func:`sample_documents` has.
LARGE_PARAGRAPHS = 2000

#: What names must look like: what users type after ``-t``, ``--step`` and ``--no-step``.
_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")
#: A reader's extension: lower case, with the dot.
_EXTENSION = re.compile(r"\.[^./\\\s]+")
#: How many offending lines or blocks a failure message quotes.
_SHOWN = 3

Plugin = str | ModuleType | object
T = TypeVar("T", Removal, Change)
_counter = itertools.count(1)


def _as_module(plugin: Plugin) -> tuple[str, ModuleType | None]:
    """A module name that :func:`build_registry` can import for ``plugin``.

    Module names are used as they are; an imported module by its ``__name__``; any other object
    (a class or instance with ``@hookimpl`` methods) is wrapped in a throw-away module.
    """
    if isinstance(plugin, str):
        return plugin, None
    if isinstance(plugin, ModuleType) and sys.modules.get(plugin.__name__) is plugin:
        return plugin.__name__, None
    name = f"_docconv_testing_plugin_{next(_counter)}"
    wrapper = ModuleType(name)
    for attr in dir(plugin):
        value = getattr(plugin, attr, None)
        if callable(value) and getattr(value, f"{ENTRY_POINT_GROUP}_impl", None) is not None:
            setattr(wrapper, attr, value)
    return name, wrapper


def registry_with(*plugins: Plugin) -> Registry:
    """A registry with docconv's built-ins and ``plugins``, but no installed plugins.

    :param plugins: module names (``"my_plugin"``), imported modules, or objects whose
        ``@hookimpl`` methods implement hooks (e.g. an instance of a class).
    :raises AssertionError: when a plugin fails to load or to register (docconv itself would
        only warn on stderr and go on without it).
    """
    names: list[str] = []
    wrappers: dict[str, ModuleType] = {}
    for plugin in plugins:
        name, wrapper = _as_module(plugin)
        names.append(name)
        if wrapper is not None:
            wrappers[name] = wrapper
    sys.modules.update(wrappers)
    try:
        registry = build_registry(names, load_entry_points=False)
    finally:
        for name in wrappers:
            sys.modules.pop(name, None)
    if registry.problems:
        raise AssertionError("plugin problems:\n  " + "\n  ".join(registry.problems))
    return registry


def convert_text(
    text: str | bytes,
    *,
    plugins: Iterable[Plugin] = (),
    name: str = "input.txt",
    options: Options | None = None,
    registry: Registry | None = None,
) -> Document:
    """Run the whole pipeline short of writing (reader, then every enabled step) on ``text``.

    :param text: the input; a ``str`` is encoded as UTF-8. Pass ``bytes`` for binary formats.
    :param plugins: what :func:`registry_with` gets (ignored when ``registry`` is given).
    :param name: the input's file name; its extension picks the reader.
    :param options: conversion options (default: ``Options()``).
    :param registry: a registry to reuse across calls (faster than building one per call).
    :returns: the cleaned :class:`~convert.Document` (``blocks``, ``meta``,
        ``removals``...). A reader or step failure raises :class:`~convert.ConversionError`.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    reg = registry if registry is not None else registry_with(*plugins)
    return convert_source(Source(name=name, data=data), reg, options or Options())


def cjk_sample_text() -> str:
    """The bundled Chinese sample (scraped text with site furniture), as text."""
    return resources.files("convert").joinpath("testdata", CJK_SAMPLE_NAME).read_text(encoding="utf-8")


def sample_documents(registry: Registry | None = None) -> dict[str, Document]:
    """The documents :func:`check_writer` writes, by name.

    ``minimal``: one paragraph, no metadata at all. ``large``: a title, headings and
    :data:`LARGE_PARAGRAPHS` paragraphs. ``cjk``: the bundled Chinese sample after docconv's
    cleaning (title, ``一、`` headings, long Chinese paragraphs, date and page metadata).
    """
    minimal = Document(blocks=(Block(kind="paragraph", text="A single short paragraph.", origins=(Origin(1),)),))
    blocks = [Block(kind="title", text="A Large Test Document", level=1)]
    for i in range(1, LARGE_PARAGRAPHS + 1):
        if i % 100 == 1:
            blocks.append(Block(kind="heading", text=f"Part {i // 100 + 1}", level=2))
        blocks.append(Block(kind="paragraph", text=f'Paragraph {i} of the large document: <tag> & "quotes" *stars*.'))
    large = Document(meta=Metadata(title="A Large Test Document", language="en"), blocks=tuple(blocks))
    reg = registry if registry is not None else registry_with()
    cjk = convert_text(cjk_sample_text(), name=CJK_SAMPLE_NAME, registry=reg)
    return {"minimal": minimal, "large": large, "cjk": cjk}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_writer(
    writer: Writer,
    read_back: Callable[[bytes], str],
    *,
    options: Options | None = None,
    documents: Mapping[str, Document] | None = None,
) -> dict[str, bytes]:
    """Check the contract every writer must keep; raise :class:`AssertionError` if it does not.

    The writer must have a ``name``, a ``description`` and an ``extension`` starting with a
    dot; for each sample document (:func:`sample_documents`: minimal, large, CJK) it must write
    a non-empty file the way ``docconv convert`` does (a temporary file renamed into place),
    and the text of every block (title, headings, paragraphs) must be found in what
    ``read_back`` returns for the file's bytes. White space is ignored in that comparison, so
    a writer may wrap lines.

    :param writer: an instance of the writer to check.
    :param read_back: turns the written bytes back into text: e.g.
        ``lambda data: data.decode("utf-8")`` for a text format, or a function that opens a
        zip and strips the markup for a packaged one.
    :param options: the options the writer gets (default: ``Options()``).
    :param documents: other documents to check instead of the samples.
    :returns: the bytes written for each document, by name, for further checks.
    """
    problems: list[str] = []
    if not isinstance(writer, Writer):
        raise AssertionError(f"{writer!r} is not a convert.Writer")
    if not writer.name or not _NAME.fullmatch(writer.name):
        problems.append(f"name {writer.name!r} must be a short lower-case word (what users pass to -t)")
    if not writer.extension.startswith(".") or len(writer.extension) < 2:
        problems.append(f"extension {writer.extension!r} must start with a dot, e.g. '.txt'")
    if not writer.description:
        problems.append("description is empty (docconv formats shows it)")
    if problems:
        raise AssertionError(f"writer {writer.name!r}: " + "; ".join(problems))
    docs = dict(documents) if documents is not None else sample_documents()
    written: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="docconv-check-writer-") as tmp:
        for label, doc in docs.items():
            target = Path(tmp) / f"{label}{writer.extension}"
            try:
                write_atomic(target, writer, doc, options or Options())
            except ConversionError as exc:
                problems.append(f"{label}: {exc}")
                continue
            data = target.read_bytes()
            if not data:
                problems.append(f"{label}: wrote an empty file")
                continue
            written[label] = data
            text = _squash(read_back(data))
            missing = [b.text for b in doc.blocks if _squash(b.text) not in text]
            if missing:
                shown = "; ".join(repr(m[:60]) for m in missing[:3])
                problems.append(
                    f"{label}: {len(missing)} of {len(doc.blocks)} blocks not found when read back: {shown}"
                )
            leftovers = sorted(p.name for p in Path(tmp).iterdir() if p.name.endswith(".part"))
            if leftovers:
                problems.append(f"{label}: temporary files left behind: {leftovers}")
    if problems:
        raise AssertionError(f"writer {writer.name!r}:\n  " + "\n  ".join(problems))
    return written


#: An English page scraped from a document-sharing site: a site header, page markers,
#: numbered headings and hard-wrapped, indented paragraphs.
_ENGLISH_SAMPLE = """Docshare
Home | Upload | Log in
Uploaded by jsmith
Annual Maintenance Plan for Public Libraries
    The library service maintains twelve branch buildings across the borough. This
plan sets out the routine work that keeps them safe, warm and open, and explains
how repairs are prioritised when budgets are tight.
Page 1 of 2
1. Condition surveys
    Each branch receives an annual condition survey carried out by a qualified
surveyor. The survey records the state of the roof, heating, lighting and
accessibility features (ramps, lifts and doors), and each item is scored.
2. Repairs
    Urgent repairs, those that affect safety, are made within two working days;
other repairs are planned for the following quarter.
Page 2 of 2
"""
#: Nothing but site furniture, an invisible character and a page number: the built-in steps
#: remove every line, so the steps after them get a document with no lines and no blocks.
_EMPTYISH_SAMPLE = "Home\n\u200b\nPage 1 of 1\n"


def _step_samples() -> dict[str, str]:
    """The inputs :func:`check_step` converts by default, by file name."""
    return {
        CJK_SAMPLE_NAME: cjk_sample_text(),
        "library-plan.txt": _ENGLISH_SAMPLE,
        "furniture-only.txt": _EMPTYISH_SAMPLE,
    }


class _Spy(Step):
    """Stands in the pipeline for ``step``: runs it and keeps what it got and returned."""

    def __init__(self, step: Step) -> None:
        self.step = step
        self.name = step.name
        self.description = step.description
        self.order = step.order
        self.default_enabled = step.default_enabled
        self.runs: list[tuple[Document, object]] = []
        self.error: Exception | None = None

    def run(self, doc: Document, ctx: Context) -> Document:
        try:
            result = self.step.run(doc, ctx)
        except Exception as exc:
            self.error = exc
            raise
        self.runs.append((doc, result))
        return result if isinstance(result, Document) else doc  # checked afterwards, not passed on


class _StepPlugin:
    """A plugin that registers one step object."""

    def __init__(self, step: Step) -> None:
        self._step = step

    @hookimpl
    def register_steps(self, register: Callable[[Step], None]) -> None:
        register(self._step)


def _raised(exc: BaseException) -> str:
    """``raised KeyError: 3 at my_step.py:12``: the exception and where it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"raised {type(exc).__name__}: {exc}{where}"


def _shown(items: Iterable[Line | Block]) -> str:
    """The first few lines or blocks, with their provenance, for a failure message."""
    quoted = []
    for item in itertools.islice(items, _SHOWN):
        where = item.origin if isinstance(item, Line) else (item.origins[0] if item.origins else "?")
        quoted.append(f"{where}: {item.text[:60]!r}")
    return "; ".join(quoted)


def _added(old: tuple[T, ...], new: tuple[T, ...]) -> list[T]:
    """What ``new`` holds beyond ``old`` (both are append-only trails)."""
    if new[: len(old)] == old:
        return list(new[len(old) :])
    left = Counter(old)
    added = []
    for item in new:
        if left[item] > 0:
            left[item] -= 1
        else:
            added.append(item)
    return added


def _take(pool: Counter[tuple[Origin | None, str]], origin: Origin, text: str) -> bool:
    """Use up one ``(origin, text)`` entry of ``pool`` (an entry without an origin matches any)."""
    for key in ((origin, text), (None, text)):
        if pool[key] > 0:
            pool[key] -= 1
            return True
    return False


def _lost_lines(before: Document, after: Document, removals: list[Removal], changes: list[Change]) -> list[Line]:
    """The input lines that are neither kept (as they were, or edited with a :class:`Change`
    on record) nor recorded as a :class:`Removal`."""
    kept: Counter[tuple[Origin | None, str]] = Counter((line.origin, line.text) for line in after.lines)
    removed: Counter[tuple[Origin | None, str]] = Counter((r.origin, r.text) for r in removals)
    lost = []
    for line in before.lines:
        text, used = line.text, set()
        while not (_take(kept, line.origin, text) or _take(removed, line.origin, text)):
            edit = next(
                (
                    i
                    for i, c in enumerate(changes)
                    if i not in used and c.before == text and c.origin in (None, line.origin)
                ),
                None,
            )
            if edit is None:
                lost.append(line)
                break
            used.add(edit)  # follow the edit: the line may have been changed, then dropped
            text = changes[edit].after
    return lost


def _lost_blocks(before: Document, after: Document, removals: list[Removal], changes: list[Change]) -> list[Block]:
    """The input blocks whose text is in no output block and in no new :class:`Removal` or
    :class:`Change` (white space ignored; a block merged into another, or split, keeps its text)."""
    unused = Counter(b.text for b in after.blocks)
    unmatched = []
    for block in before.blocks:
        if unused[block.text] > 0:
            unused[block.text] -= 1
        else:
            unmatched.append(block)
    if not unmatched:
        return []
    matched = Counter(b.text for b in before.blocks) - Counter(b.text for b in unmatched)
    rest = []  # the output blocks no input block was found in unchanged, in order
    for block in after.blocks:
        if matched[block.text] > 0:
            matched[block.text] -= 1
        else:
            rest.append(_squash(block.text))
    recorded = [_squash(r.text) for r in removals] + [_squash(c.before) for c in changes]
    joined = "".join(rest)
    return [b for b in unmatched if _squash(b.text) not in joined and not any(_squash(b.text) in r for r in recorded)]


def _run_problems(step: Step, before: Document, after: object) -> list[str]:
    """What is wrong with one run of ``step``: ``before`` is what it got, ``after`` what it returned."""
    if not isinstance(after, Document):
        return [f"returned {after!r:.60}, not a Document (return doc itself when there is nothing to do)"]
    problems = []
    for trail in ("removals", "changes", "warnings"):
        old, new = getattr(before, trail), getattr(after, trail)
        if new[: len(old)] != old:
            problems.append(f"earlier {trail} were dropped or altered (add to doc.{trail}, never replace them)")
    removals = _added(before.removals, after.removals)
    changes = _added(before.changes, after.changes)
    others = sorted({r.step for r in [*removals, *changes] if r.step != step.name})
    if others:
        problems.append(f"records removals or changes under the step name(s) {others} (pass self.name)")
    if step.order < BLOCKS_FROM:
        lost_lines = _lost_lines(before, after, removals, changes)
        if lost_lines:
            problems.append(
                f"{len(lost_lines)} of {len(before.lines)} lines dropped or changed without a removal record "
                f"(drop lines with doc.drop_lines, record edits with doc.record): {_shown(lost_lines)}"
            )
    else:
        lost_blocks = _lost_blocks(before, after, removals, changes)
        if lost_blocks:
            problems.append(
                f"{len(lost_blocks)} of {len(before.blocks)} blocks lost their text without a Removal or Change "
                f"record: {_shown(lost_blocks)}"
            )
    return problems


def _markdown(doc: Document, session: Session) -> bytes:
    """``doc`` as docconv's Markdown writer writes it, without its provenance (which records
    each conversion, so cleaning the output again gives a new one; the document itself must
    not change)."""
    out = io.BytesIO()
    session.registry.writer("md").write(doc.with_meta(provenance=None), out, session.options)
    return out.getvalue()


def _first_difference(first: bytes, second: bytes) -> str:
    """``line 3: 'a' became 'b'``: where two outputs part."""
    old = first.decode("utf-8", errors="replace").splitlines()
    new = second.decode("utf-8", errors="replace").splitlines()
    for number, (a, b) in enumerate(itertools.zip_longest(old, new, fillvalue=""), start=1):
        if a != b:
            return f"line {number}: {a[:60]!r} became {b[:60]!r}"
    return "the outputs differ in their line endings"


def _step_attribute_problems(step: Step) -> list[str]:
    problems = []
    if not isinstance(step.name, str) or not _NAME.fullmatch(step.name):
        problems.append(f"name {step.name!r} must be a short lower-case word (what users pass to --no-step)")
    if not step.description:
        problems.append("description is empty (docconv steps shows it)")
    if not isinstance(step.order, int) or isinstance(step.order, bool):
        problems.append(f"order {step.order!r} must be an integer (lines become blocks at BLOCKS_FROM = {BLOCKS_FROM})")
    return problems


def check_step(
    step: Step,
    *,
    idempotent: bool = False,
    samples: Mapping[str, str | bytes] | None = None,
    options: Options | None = None,
) -> dict[str, Document]:
    """Check the contract every cleaning step must keep; raise :class:`AssertionError` if it does not.

    The step must have a ``name`` (a short lower-case word), a ``description`` and an integer
    ``order``. It is registered beside docconv's built-ins, switched on, and each sample is
    converted by the real pipeline (reader, then every step in order). At its turn, the step
    must not raise, must return a :class:`~convert.Document`, must keep the earlier removals,
    changes and warnings, and must account for what it got:

    - a step ordered below :data:`~convert.BLOCKS_FROM` works on ``doc.lines``: every line it
      got is still in ``doc.lines`` (edited only with a :class:`~convert.Change` on record)
      or is in a new :class:`~convert.Removal` (``doc.drop_lines`` records one);
    - a step ordered at or above it works on ``doc.blocks``: the text of every block it got
      is still in the blocks (white space ignored, so blocks may be merged or split) or in a
      new removal or change.

    New removals and changes must carry the step's name.

    :param step: an instance of the step to check.
    :param idempotent: the step claims that cleaning a cleaned document changes nothing: each
        sample's Markdown output, cleaned again, must give the same Markdown (but for the
        provenance, which records each conversion).
    :param samples: inputs by file name (the extension picks the reader); ``str`` is encoded
        as UTF-8. Default: the bundled Chinese sample (:data:`CJK_SAMPLE_NAME`), a scraped
        English page (``library-plan.txt``) and a page of nothing but site furniture
        (``furniture-only.txt``, which leaves the step no lines and no blocks).
    :param options: the conversion options (the step is switched on whatever they say).
    :returns: the cleaned document for each sample, by file name, for further checks.
    """
    if not isinstance(step, Step):
        raise AssertionError(f"{step!r} is not a convert.Step")
    problems = _step_attribute_problems(step)
    if problems:
        raise AssertionError(f"step {step.name!r}: " + "; ".join(problems))
    spy = _Spy(step)
    try:
        registry = registry_with(_StepPlugin(spy))
    except AssertionError as exc:
        raise AssertionError(f"step {step.name!r}: {exc}") from None
    opts = options or Options()
    opts = dataclasses.replace(
        opts, enabled_steps=opts.enabled_steps | {step.name}, disabled_steps=opts.disabled_steps - {step.name}
    )
    session = Session.create(registry, opts)
    cleaned: dict[str, Document] = {}
    for label, text in (samples if samples is not None else _step_samples()).items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        doc = _run_step_on(spy, session, Source(name=label, data=data), label, problems)
        if doc is None:
            continue
        cleaned[label] = doc
        if idempotent and doc.blocks:  # nothing left is nothing to read again
            first = _markdown(doc, session)
            again = _run_step_on(
                spy, session, Source(name=f"{Path(label).stem}.md", data=first), f"{label} (cleaned again)", problems
            )
            if again is not None and (second := _markdown(again, session)) != first:
                problems.append(
                    f"{label}: not idempotent: cleaning the Markdown output again changes it "
                    f"({_first_difference(first, second)})"
                )
    if problems:
        raise AssertionError(f"step {step.name!r}:\n  " + "\n  ".join(problems))
    return cleaned


def _run_step_on(spy: _Spy, session: Session, source: Source, label: str, problems: list[str]) -> Document | None:
    """Convert ``source`` with the spied step in the pipeline; add what went wrong to ``problems``."""
    spy.runs.clear()
    spy.error = None
    try:
        doc = convert_source(source, session)
    except ConversionError as exc:
        if spy.error is not None:
            problems.append(f"{label}: {_raised(spy.error)}")
        elif spy.runs:
            problems.append(f"{label}: a later step failed on what the step returned: {exc}")
        else:
            problems.append(f"{label}: the sample failed before the step ran: {exc}")
        return None
    if not spy.runs:
        problems.append(f"{label}: the step did not run")
        return None
    before, after = spy.runs[0]
    problems.extend(f"{label}: {problem}" for problem in _run_problems(spy.step, before, after))
    return doc


def _reader_attribute_problems(reader: Reader) -> list[str]:
    problems = []
    if not isinstance(reader.name, str) or not _NAME.fullmatch(reader.name):
        problems.append(f"name {reader.name!r} must be a short lower-case word")
    if not reader.description:
        problems.append("description is empty (docconv formats shows it)")
    extensions = reader.extensions
    if isinstance(extensions, str) or not isinstance(extensions, tuple | list):
        problems.append(f"extensions {extensions!r} must be a tuple such as ('.docx',)")
    elif not extensions:
        problems.append("extensions is empty (folder inputs pick files by the extensions readers list)")
    else:
        bad = [e for e in extensions if not isinstance(e, str) or e != e.lower() or (e and not _EXTENSION.fullmatch(e))]
        if bad:
            problems.append(f"extensions {bad!r} must be lower case and start with a dot, e.g. '.docx'")
    return problems


def _document_problems(doc: object) -> list[str]:
    """What is wrong with a document a reader returned."""
    if not isinstance(doc, Document):
        return [f"read returned {doc!r:.60}, not a Document"]
    problems = []
    if not doc.lines:
        problems.append("the document has no lines (fill doc.lines; raise ConversionError when there is no text)")
    bad = [
        (i, line)
        for i, line in enumerate(doc.lines)
        if not isinstance(line, Line)
        or not isinstance(line.origin, Origin)
        or not isinstance(line.origin.line, int)
        or line.origin.line < 1
        or (line.origin.page is not None and (not isinstance(line.origin.page, int) or line.origin.page < 1))
    ]
    if bad:
        shown = "; ".join(f"line {i + 1}: {line!r:.80}" for i, line in bad[:_SHOWN])
        problems.append(f"{len(bad)} lines without an Origin with line >= 1 (and page None or >= 1): {shown}")
    else:
        keys = [(line.origin.page or 0, line.origin.line) for line in doc.lines]
        back = next((i for i in range(1, len(keys)) if keys[i] < keys[i - 1]), None)
        if back is not None:
            problems.append(
                f"provenance goes backwards: line {back + 1} ({doc.lines[back].origin}) comes after "
                f"{doc.lines[back - 1].origin} (lines must be in input order)"
            )
    if not doc.meta.source:
        problems.append("meta.source is not set (use the source's name)")
    return problems


def _read(reader: Reader, source: Source, options: Options) -> tuple[object, str | None]:
    """``(what read returned, None)``, or ``(None, problem)`` when accepts or read raised;
    ``(None, None)`` when the reader does not accept ``source`` or raised ConversionError."""
    try:
        if not reader.accepts(source):
            return None, None
    except Exception as exc:
        return None, f"accepts {_raised(exc)}"
    try:
        return reader.read(source, options), None
    except ConversionError:
        return None, None
    except Exception as exc:
        return None, f"{_raised(exc)} instead of ConversionError (docconv reports that as a bug in the reader)"


def check_reader(
    reader: Reader, samples: Mapping[str, bytes | str], *, options: Options | None = None
) -> dict[str, Document]:
    """Check the contract every reader must keep; raise :class:`AssertionError` if it does not.

    The reader must have a ``name`` (a short lower-case word), a ``description`` and
    ``extensions`` (a tuple of lower-case suffixes with the dot). For each sample it must
    accept the file (``accepts``) and ``read`` it into a :class:`~convert.Document` with
    ``meta.source`` set and at least one line, each line with an :class:`~convert.Origin`
    whose ``line`` is 1 or more, in input order (page, then line, never going backwards).
    Garbage must raise :class:`~convert.ConversionError` and never another exception: random
    bytes and an empty file (named like the first sample) must not be read at all; each
    sample cut in half may be read (then it is checked like a sample) or refused. Garbage
    the reader does not accept is not read, as docconv would not read it either.

    :param reader: an instance of the reader to check.
    :param samples: good inputs, by file name: ``{"report.docx": data}``; ``str`` is encoded
        as UTF-8.
    :param options: the options ``read`` gets (default: ``Options()``).
    :returns: the document read from each sample, by file name, for further checks.
    """
    if not isinstance(reader, Reader):
        raise AssertionError(f"{reader!r} is not a convert.Reader")
    problems = _reader_attribute_problems(reader)
    if not samples:
        problems.append("no samples given: pass {file name: bytes} of files the reader must read")
    if problems:
        raise AssertionError(f"reader {reader.name!r}: " + "; ".join(problems))
    opts = options or Options()
    inputs = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in samples.items()}
    docs: dict[str, Document] = {}
    for name, data in inputs.items():
        source = Source(name=name, data=data)
        try:
            accepted = reader.accepts(source)
        except Exception as exc:
            problems.append(f"{name}: accepts {_raised(exc)}")
            continue
        if not accepted:
            problems.append(f"{name}: accepts returned false for a sample it should read")
            continue
        try:
            doc = reader.read(source, opts)
        except ConversionError as exc:
            problems.append(f"{name}: could not read a sample: {exc}")
            continue
        except Exception as exc:
            problems.append(f"{name}: {_raised(exc)}")
            continue
        found = _document_problems(doc)
        problems.extend(f"{name}: {problem}" for problem in found)
        if not found:
            docs[name] = doc
    suffix = Path(next(iter(inputs))).suffix
    refused = {
        f"random bytes (garbage{suffix})": Source(name=f"garbage{suffix}", data=random.Random(0).randbytes(4096)),
        f"an empty file (empty{suffix})": Source(name=f"empty{suffix}", data=b""),
    }
    for label, source in refused.items():
        doc, problem = _read(reader, source, opts)
        if problem:
            problems.append(f"{label}: {problem}")
        elif doc is not None:
            problems.append(f"{label}: read without complaint (raise ConversionError for input it cannot read)")
    for name, data in inputs.items():
        label = f"{name} cut in half"
        doc, problem = _read(reader, Source(name=name, data=data[: len(data) // 2]), opts)
        if problem:
            problems.append(f"{label}: {problem}")
        elif doc is not None:
            problems.extend(f"{label}: {problem}" for problem in _document_problems(doc))
    if problems:
        raise AssertionError(f"reader {reader.name!r}:\n  " + "\n  ".join(problems))
    return docs


def listed_plugins(*, all_plugins: bool = False, env: Mapping[str, str] | None = None) -> list[dict[str, object]]:
    """What ``docconv plugins`` lists in a fresh process, with installed plugins enabled.

    Use it to check that a package's ``[project.entry-points.docconv]`` entry works once it
    is installed (``pip install -e .``): the in-process helpers above never load entry points.
    ``DOCCONV_DISABLE_PLUGINS`` is removed from the child's environment.

    :returns: one dict per plugin: ``name``, ``package``, ``version``, ``module``, ``hooks``,
        ``readers``, ``writers``, ``steps``, ``rules``.
    :raises AssertionError: when the command fails or warns about a plugin.
    """
    child = {k: v for k, v in (env if env is not None else os.environ).items() if k != "DOCCONV_DISABLE_PLUGINS"}
    command = [sys.executable, "-m", "convert", "plugins", *(["--all"] if all_plugins else [])]
    proc = subprocess.run(command, capture_output=True, text=True, env=child, timeout=120, check=False)
    if proc.returncode != 0 or "warning" in proc.stderr:
        raise AssertionError(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stderr}")
    rows: list[dict[str, object]] = json.loads(proc.stdout)
    return rows
