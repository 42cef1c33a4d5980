"""The document model passed between pipeline stages.

Everything here is immutable: a stage returns a new :class:`Document` made with
:func:`dataclasses.replace` (or the helpers below) instead of changing the one it got.

A reader produces a document whose ``lines`` hold the source text line by line, each with
its provenance (page, line number) and whatever layout hints the format offers. Line-level
cleaning steps drop lines (recording each in ``removals``); the paragraph step turns the
remaining lines into ``blocks``; block-level steps work on those. Writers read ``meta`` and
``blocks`` only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["title", "heading", "paragraph"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a piece of text came from in the input: 1-based page and line numbers.

    ``page`` is ``None`` for formats without pages (scraped text, HTML).
    """

    line: int
    page: int | None = None

    def __str__(self) -> str:
        return f"p{self.page}:l{self.line}" if self.page is not None else f"l{self.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One line of input text with its provenance and layout hints.

    :param text: the line without its line break and without leading/trailing white space.
    :param origin: where the line stands in the input.
    :param indent: leading white space that was stripped, in columns (a full-width space
        counts 2); for PDFs the offset from the column's left margin in the same columns;
        ``0`` when there was none.
    :param blank_before: a blank line preceded this line in the input (a hard break).
    :param size: font size in points, where the format knows it.
    :param bold: the line is set in a bold font, where the format knows it.
    :param heading: a level the reader already knows (Markdown ``#`` marks, HTML ``<h2>``),
        ``1`` being the document title; ``None`` when the reader cannot tell.
    :param room: free space left at the line's right end before its column's right edge, in
        columns (half an em), where the reader measured the page (PDF); ``None`` otherwise.
        A line whose room is smaller than the next line's first word was wrapped there; a
        line with room for it was broken on purpose.
    """

    text: str
    origin: Origin
    indent: float = 0
    blank_before: bool = False
    size: float | None = None
    bold: bool = False
    heading: int | None = None
    room: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A unit of the recovered document: the title, a heading or a paragraph.

    :param level: ``1`` for the title, ``2``.. for headings, ``0`` for paragraphs.
    :param origins: the input lines the block was made from, in order.
    """

    kind: BlockKind
    text: str
    level: int = 0
    origins: tuple[Origin, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Removal:
    """Input text that a step dropped, and why. Nothing leaves a document without one.

    ``kind`` classes the removal (``furniture``, ``page-number``, ``summary-ui``, ``ad``,
    ``duplicate``, ``header``...); ``reason`` says why in words.
    """

    text: str
    step: str
    kind: str
    reason: str
    origin: Origin | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """An edit that kept the text but changed it (punctuation width, control characters...)."""

    step: str
    reason: str
    before: str
    after: str
    origin: Origin | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """What is known about the document as a whole.

    ``pages`` is the page count the source announced (site furniture such as ``6 页``), or
    the PDF's page count; ``pages_present`` how many pages of text the input actually holds,
    where that can be told; ``truncated`` is set when the input is a cut preview;
    ``damaged`` when the reader met damage it recovered from (a PDF stream that could not be
    decoded fully, a page it could not read), so text may be missing or garbled.
    ``structured`` says the reader knows the document's structure (Markdown: its title and
    headings are marked, a document without ``#`` has no title), so steps do not guess it.
    """

    title: str | None = None
    date: str | None = None
    language: str | None = None
    author: str | None = None
    source: str | None = None
    pages: int | None = None
    pages_present: int | None = None
    truncated: bool = False
    damaged: bool = False
    structured: bool = False
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """Facts about the input that one stage establishes and later stages use: explicit
    fields, so no step has to guess them from the text of earlier removals.

    :param page_breaks: input line numbers (``Origin.line``) of lines that marked a page
        break in text without real pages (a page number, an ad a site inserts between
        pages); the marker itself is gone. Readers of paged formats need not set it: a
        change of ``Origin.page`` between neighbouring lines is a page break too.
    :param site_names: the site's own name as its header shows it above the document (a
        document-sharing site's name, an HTML ``og:site_name``). Not a PDF running header,
        which may be the document's own words.
    :param running_heads: running header and footer texts a paged reader removed (they may
        come back as slogans beside page breaks).
    :param wrap: the column at which the body text was hard-wrapped, ``None`` when it was
        not hard-wrapped (one paragraph per line) or cannot be told; only meaningful when
        ``wrap_measured`` (the ``layout`` step measures it once, after the site furniture
        is gone).
    """

    page_breaks: frozenset[int] = frozenset()
    site_names: tuple[str, ...] = ()
    running_heads: tuple[str, ...] = ()
    wrap: float | None = None
    wrap_measured: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """The document at one stage of the pipeline."""

    meta: Metadata = field(default_factory=Metadata)
    layout: Layout = field(default_factory=Layout)
    lines: tuple[Line, ...] = ()
    blocks: tuple[Block, ...] = ()
    removals: tuple[Removal, ...] = ()
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()

    def replace(self, **changes: object) -> Document:
        """A copy with the given fields replaced."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def with_meta(self, **changes: object) -> Document:
        """A copy whose metadata has the given fields replaced."""
        return dataclasses.replace(self, meta=dataclasses.replace(self.meta, **changes))  # type: ignore[arg-type]

    def with_layout(self, **changes: object) -> Document:
        """A copy whose layout facts have the given fields replaced."""
        return dataclasses.replace(self, layout=dataclasses.replace(self.layout, **changes))  # type: ignore[arg-type]

    def mark_page_breaks(self, indexes: Iterable[int]) -> Document:
        """A copy that records the lines at ``indexes`` (about to be dropped) as page-break
        markers (:attr:`Layout.page_breaks`)."""
        found = frozenset(self.lines[i].origin.line for i in indexes)
        return self.with_layout(page_breaks=self.layout.page_breaks | found) if found else self

    def drop_lines(self, drop: Mapping[int, tuple[str, str]], step: str) -> Document:
        """A copy without the lines at the given indexes.

        :param drop: line index -> ``(kind, reason)``; ``kind`` is a short class of what was
            removed (``furniture``, ``page-number``, ``ad``, ``duplicate``...), ``reason`` a
            sentence for the audit.
        """
        if not drop:
            return self
        removed = tuple(
            Removal(text=self.lines[i].text, step=step, kind=kind, reason=reason, origin=self.lines[i].origin)
            for i, (kind, reason) in sorted(drop.items())
        )
        kept = tuple(line for i, line in enumerate(self.lines) if i not in drop)
        return dataclasses.replace(self, lines=kept, removals=self.removals + removed)

    def warn(self, *messages: str) -> Document:
        """A copy with warnings added (duplicates are not added twice)."""
        new = tuple(m for m in messages if m not in self.warnings)
        return dataclasses.replace(self, warnings=self.warnings + new) if new else self

    def record(self, changes: Iterable[Change]) -> Document:
        """A copy with in-place edits recorded."""
        changes = tuple(changes)
        return dataclasses.replace(self, changes=self.changes + changes) if changes else self

    @property
    def body_text(self) -> str:
        """The text of all blocks, one per line (for tests and language guesses)."""
        return "\n".join(b.text for b in self.blocks)
