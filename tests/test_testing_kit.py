"""The plugin authors' test kit grows with the hooks: ``check_step`` and ``check_reader`` pass
good steps and readers (docconv's own among them) and fail broken ones with a message that
names the sample and the problem."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import DEV

from convert import (
    BLOCKS_FROM,
    Change,
    Context,
    ConversionError,
    Document,
    Line,
    Metadata,
    Options,
    Origin,
    Reader,
    Source,
    Step,
)
from convert.app.testing import CJK_SAMPLE_NAME, check_reader, check_step, cjk_sample_text, registry_with

DATA = Path(__file__).parent / "data"
ENGLISH = "library-plan.txt"  # check_step's English sample
EMPTYISH = "furniture-only.txt"  # check_step's sample that leaves steps nothing


# ---------------------------------------------------------------- steps


class DropPageMarkers(Step):
    """A good line step: drops "Page N of M" lines, each with a removal record."""

    name = "drop-page-markers"
    description = "Drop 'Page N of M' lines."
    order = 150  # before the built-in furniture step, so it does the work

    def run(self, doc: Document, ctx: Context) -> Document:
        drop = {i: ("page-number", "page marker") for i, line in enumerate(doc.lines) if line.text.startswith("Page ")}
        return doc.drop_lines(drop, self.name)


class ShoutLibrary(Step):
    """A good block step: edits block text and records each edit."""

    name = "shout-library"
    description = "Write 'library' in capitals."
    order = 650

    def run(self, doc: Document, ctx: Context) -> Document:
        blocks, changes = [], []
        for block in doc.blocks:
            new = block.text.replace("library", "LIBRARY")
            if new != block.text:
                changes.append(Change(step=self.name, reason="shouted", before=block.text, after=new))
                block = dataclasses.replace(block, text=new)
            blocks.append(block)
        return doc.replace(blocks=tuple(blocks)).record(changes)


class SilentDrop(DropPageMarkers):
    """Drops the first line it gets without recording it."""

    name = "silent-drop"

    def run(self, doc: Document, ctx: Context) -> Document:
        return doc.replace(lines=doc.lines[1:])


class SilentEdit(DropPageMarkers):
    """Changes the text of lines without a Change record."""

    name = "silent-edit"

    def run(self, doc: Document, ctx: Context) -> Document:
        return doc.replace(lines=tuple(dataclasses.replace(line, text=line.text.lower()) for line in doc.lines))


class LastLineOnly(DropPageMarkers):
    """Assumes there is always a line left: fails on a document the furniture step emptied."""

    name = "last-line"
    order = 450

    def run(self, doc: Document, ctx: Context) -> Document:
        return doc.warn(f"ends with {doc.lines[-1].text[:10]}")


class ReturnsNothing(DropPageMarkers):
    name = "returns-nothing"

    def run(self, doc: Document, ctx: Context) -> Document:
        doc.drop_lines({}, self.name)  # forgets to return the result
        return None  # type: ignore[return-value]


class SilentBlockDrop(ShoutLibrary):
    """Drops the last block without a Removal record."""

    name = "silent-block-drop"

    def run(self, doc: Document, ctx: Context) -> Document:
        return doc.replace(blocks=doc.blocks[:-1])


class BorrowedName(DropPageMarkers):
    """Records its removals under a built-in step's name."""

    name = "borrowed-name"

    def run(self, doc: Document, ctx: Context) -> Document:
        drop = {i: ("page-number", "page marker") for i, line in enumerate(doc.lines) if line.text.startswith("Page ")}
        return doc.drop_lines(drop, "furniture")


class ForgetsTheAudit(DropPageMarkers):
    """Starts the audit trail afresh."""

    name = "forgets-the-audit"
    order = 250

    def run(self, doc: Document, ctx: Context) -> Document:
        return doc.replace(removals=())


class Exclaim(ShoutLibrary):
    """Keeps every block's text, with a record, but adds to it each time it runs."""

    name = "exclaim"

    def run(self, doc: Document, ctx: Context) -> Document:
        blocks = tuple(dataclasses.replace(b, text=b.text + "!") if b.kind == "paragraph" else b for b in doc.blocks)
        pairs = zip(doc.blocks, blocks, strict=True)
        return doc.replace(blocks=blocks).record(
            Change(step=self.name, reason="!", before=a.text, after=b.text) for a, b in pairs if a != b
        )


def test_a_good_line_step_passes_and_its_removals_are_in_the_documents() -> None:
    docs = check_step(DropPageMarkers(), idempotent=True)
    assert set(docs) == {CJK_SAMPLE_NAME, ENGLISH, EMPTYISH}
    removed = [r.text for r in docs[ENGLISH].removals if r.step == "drop-page-markers"]
    assert removed == ["Page 1 of 2", "Page 2 of 2"]
    assert docs[EMPTYISH].blocks == ()  # the empty-ish sample really leaves nothing


def test_a_good_block_step_passes_idempotent() -> None:
    docs = check_step(ShoutLibrary(), idempotent=True)
    assert "LIBRARY service" in docs[ENGLISH].body_text
    assert [c.step for c in docs[ENGLISH].changes] == ["shout-library"]


def test_a_step_that_is_off_by_default_is_switched_on() -> None:
    step = DropPageMarkers()
    step.default_enabled = False
    docs = check_step(step, options=Options(disabled_steps=frozenset({"drop-page-markers"})))
    assert any(r.step == "drop-page-markers" for r in docs[ENGLISH].removals)


def test_samples_can_be_given() -> None:
    docs = check_step(ShoutLibrary(), samples={"memo.md": "# Memo\n\nThe library opens at nine.\n"})
    assert list(docs) == ["memo.md"] and docs["memo.md"].blocks[-1].text == "The LIBRARY opens at nine."


# docconv's own steps keep the contract: each is checked as a copy ordered just before the
# original, so the copy does the real work. (The paragraphs step is left out: it turns lines
# into blocks, which only the step at BLOCKS_FROM may do.)
BUILT_IN_STEPS = [s for s in registry_with().ordered_steps() if s.order != BLOCKS_FROM]


@pytest.mark.parametrize("builtin", BUILT_IN_STEPS, ids=lambda s: s.name)
def test_docconv_steps_pass(builtin: Step) -> None:
    copy = type(f"Early{type(builtin).__name__}", (type(builtin),), {"name": f"early-{builtin.name}"})()
    copy.order = builtin.order - 1
    check_step(copy, idempotent=True)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (SilentDrop(), f"{ENGLISH}: 1 of 16 lines dropped or changed without a removal record"),
        (SilentDrop(), "l1: 'Docshare'"),
        (SilentEdit(), "lines dropped or changed without a removal record"),
        (LastLineOnly(), f"{EMPTYISH}: raised IndexError: tuple index out of range at test_testing_kit.py:"),
        (ReturnsNothing(), "returned None, not a Document"),
        (SilentBlockDrop(), f"{ENGLISH}: 1 of "),
        (SilentBlockDrop(), "blocks lost their text without a Removal or Change record"),
        (SilentBlockDrop(), "'Urgent repairs, those that affect safety"),  # the last block
        (BorrowedName(), "records removals or changes under the step name(s) ['furniture']"),
        (ForgetsTheAudit(), "earlier removals were dropped or altered"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Step) else "",
)
def test_a_broken_step_fails_naming_the_problem(step: Step, message: str) -> None:
    with pytest.raises(AssertionError) as failure:
        check_step(step)
    assert str(failure.value).startswith(f"step {step.name!r}:")
    assert message in str(failure.value)


def test_a_step_that_is_not_idempotent_fails_only_when_it_claims_to_be() -> None:
    check_step(Exclaim())
    with pytest.raises(AssertionError, match=r"not idempotent: cleaning the Markdown output again changes it"):
        check_step(Exclaim(), idempotent=True)


def test_step_attributes_are_checked() -> None:
    step = DropPageMarkers()
    step.name, step.description, step.order = "Page Markers", "", "early"  # type: ignore[assignment]
    with pytest.raises(AssertionError) as failure:
        check_step(step)
    for part in ("must be a short lower-case word", "description is empty", "order 'early' must be an integer"):
        assert part in str(failure.value)


def test_a_step_named_like_a_built_in_fails() -> None:
    step = DropPageMarkers()
    step.name = "furniture"
    with pytest.raises(AssertionError, match=r"step 'furniture' is already registered"):
        check_step(step)


def test_only_steps_are_checked() -> None:
    with pytest.raises(AssertionError, match=r"is not a convert\.Step"):
        check_step(object())  # type: ignore[arg-type]


# ---------------------------------------------------------------- readers


class MemoReader(Reader):
    """A good reader: ``key: value`` header lines, a blank line, then the text."""

    name = "memo"
    description = "Memos: a 'title: ...' header, a blank line, the text."
    extensions = (".memo",)

    def read(self, source: Source, options: Options) -> Document:
        try:
            text = source.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConversionError(f"not a memo: not UTF-8 ({exc.reason})") from None
        fields, lines = self.parse(text)
        if "title" not in fields:
            raise ConversionError("not a memo: no 'title:' header")
        if not lines:
            raise ConversionError("empty memo: no text after the header")
        return Document(meta=Metadata(title=fields["title"], source=source.name), lines=lines)

    @staticmethod
    def parse(text: str, first: int = 1) -> tuple[dict[str, str], tuple[Line, ...]]:
        head, _, body = text.partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        start = head.count("\n") + 2 + first
        numbered = enumerate(body.splitlines(), start=start)
        return fields, tuple(Line(text=t.strip(), origin=Origin(line=n)) for n, t in numbered if t.strip())


MEMO = "title: Heating\nfrom: Estates\n\nThe boilers are serviced in October.\n\nRadiators are bled in November.\n"


class KeyErrorReader(MemoReader):
    """Trusts its input: a file without a title header raises KeyError."""

    def read(self, source: Source, options: Options) -> Document:
        fields, lines = self.parse(source.data.decode("utf-8", errors="replace"))
        return Document(meta=Metadata(title=fields["title"], source=source.name), lines=lines)


class CountsFromZero(MemoReader):
    def read(self, source: Source, options: Options) -> Document:
        doc = super().read(source, options)
        return doc.replace(lines=MemoReader.parse(source.data.decode("utf-8"), first=-3)[1])


class Backwards(MemoReader):
    def read(self, source: Source, options: Options) -> Document:
        doc = super().read(source, options)
        return doc.replace(lines=doc.lines[::-1])


class Anonymous(MemoReader):
    def read(self, source: Source, options: Options) -> Document:
        return super().read(source, options).with_meta(source=None)


class ReadsAnything(MemoReader):
    """Never refuses: an empty file is a document without lines."""

    def read(self, source: Source, options: Options) -> Document:
        _, lines = self.parse(source.data.decode("utf-8", errors="replace"))
        return Document(meta=Metadata(source=source.name), lines=lines)


class WrongExtension(MemoReader):
    extensions = (".txt",)


class ExtensionString(MemoReader):
    extensions = ".memo"  # type: ignore[assignment]


def test_a_good_reader_passes_and_returns_what_it_read() -> None:
    docs = check_reader(MemoReader(), {"heating.memo": MEMO})
    doc = docs["heating.memo"]
    assert doc.meta.title == "Heating" and [line.origin.line for line in doc.lines] == [4, 6]


@pytest.mark.parametrize(
    ("name", "samples"),
    [
        ("text", {CJK_SAMPLE_NAME: cjk_sample_text(), "plan.txt": (DATA / "unseen-site-en.txt").read_bytes()}),
        ("markdown", {"speech.md": (DATA / "speech.gold.md").read_bytes()}),
        ("html", {"page.html": (DATA / "unseen-site-zh.html").read_bytes()}),
    ],
)
def test_docconv_readers_pass(name: str, samples: dict[str, bytes | str]) -> None:
    [reader] = [r for r in registry_with().readers if r.name == name]
    assert set(check_reader(reader, samples)) == set(samples)


def test_docconv_pdf_reader_passes() -> None:
    pdfs = sorted((DEV / "inputs").glob("*.pdf"))[:1]
    if not pdfs:
        pytest.skip("no PDF in the shared dev corpus")
    [reader] = [r for r in registry_with().readers if r.name == "pdf"]
    check_reader(reader, {p.name: p.read_bytes() for p in pdfs})


@pytest.mark.parametrize(
    ("reader", "message"),
    [
        (
            KeyErrorReader(),
            "random bytes (garbage.memo): raised KeyError: 'title' at test_testing_kit.py:",
        ),
        (KeyErrorReader(), "an empty file (empty.memo): raised KeyError: 'title'"),
        (KeyErrorReader(), "instead of ConversionError"),
        (CountsFromZero(), "heating.memo: 1 lines without an Origin with line >= 1"),
        (Backwards(), "heating.memo: provenance goes backwards: line 2 (l4) comes after l6"),
        (Anonymous(), "heating.memo: meta.source is not set"),
        (ReadsAnything(), "an empty file (empty.memo): read without complaint"),
        (WrongExtension(), "heating.memo: accepts returned false for a sample it should read"),
        (ExtensionString(), "extensions '.memo' must be a tuple such as ('.docx',)"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Reader) else "",
)
def test_a_broken_reader_fails_naming_the_problem(reader: Reader, message: str) -> None:
    with pytest.raises(AssertionError) as failure:
        check_reader(reader, {"heating.memo": MEMO})
    assert str(failure.value).startswith("reader 'memo':")
    assert message in str(failure.value)


def test_a_reader_that_cannot_read_its_sample_fails() -> None:
    with pytest.raises(AssertionError, match=r"notes\.memo: could not read a sample: not a memo: no 'title:' header"):
        check_reader(MemoReader(), {"notes.memo": "Just text.\n"})


def test_reader_attributes_and_samples_are_checked() -> None:
    reader = MemoReader()
    reader.name, reader.description = "Memo Reader", ""
    with pytest.raises(AssertionError) as failure:
        check_reader(reader, {})
    for part in ("must be a short lower-case word", "description is empty", "no samples given"):
        assert part in str(failure.value)
