"""The document model passed between pipeline stages.

Everything here is immutable: a stage returns a new :class:`Document` made with
:func:`dataclasses.replace` (or the helpers below) instead of changing the one it got.

A reader produces a document whose ``lines`` hold the source text line by line, each with
its provenance (page, line number) and whatever layout hints the format offers. Line-level
cleaning steps drop lines (recording each in ``removals``); the paragraph step turns the
remaining lines into ``blocks``; block-level steps work on those. Writers read ``meta`` and
``blocks`` only.

What a reader recovers whole (a :class:`Table`, :class:`Figure`, :class:`ListBlock`,
:class:`Footnote` or :class:`Code`) goes into ``structures`` instead of ``lines``: it is document content, so
line-level cleaning never sees it (it cannot be taken for furniture, and its cells do not
disturb the wrap width); the paragraph step places each among the paragraphs by its origin.
These kinds are :class:`Block` subclasses whose ``text`` is a plain-text rendering, so a
writer that does not know a kind can still write it as a paragraph.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["title", "heading", "paragraph", "table", "figure", "list", "footnote", "code"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a piece of text came from in the input: 1-based page and line numbers.

    ``page`` is ``None`` for formats without pages (scraped text, HTML).
    """

    line: int
    page: int | None = None

    def __str__(self) -> str:
        return f"p{self.page}:l{self.line}" if self.page is not None else f"l{self.line}"


@dataclass(frozen=True, slots=True)
class PageStart:
    """Where a page of the source begins inside a block (``--page-marks``).

    :param offset: the character offset in the block's ``text`` where the page begins (``0``:
        before the block; a table, figure, list or note has its pages before it). In a
        :class:`Line`, the offset in the line's text.
    :param page: the physical page, 1-based (the PDF's page, or the count of page breaks of
        scraped text).
    :param label: the page's printed number (``47698``, ``3``) when the reader or a step
        removed one for that page; ``""`` when none is known. Letters and digits only (it
        is part of the anchor).
    """

    offset: int
    page: int
    label: str = ""

    @property
    def name(self) -> str:
        """What a reader is shown for the page: its printed number, else its index."""
        return self.label or str(self.page)

    @property
    def anchor(self) -> str:
        """A stable, valid anchor id: ``page-47698`` for a printed number, ``p12`` otherwise."""
        return f"page-{self.label}" if self.label else f"p{self.page}"


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
    :param page_starts: pages that begin inside the line, where the format marks them in
        the text (docconv's own Markdown with page marks); offsets into ``text``.
    :param confidence: how sure a recognizer (OCR) was of the line's text, 0-100 (the lowest
        of its rows' mean word confidences); ``None`` for text read from a text layer or a file.
    """

    text: str
    origin: Origin
    indent: float = 0
    blank_before: bool = False
    size: float | None = None
    bold: bool = False
    heading: int | None = None
    room: float | None = None
    page_starts: tuple[PageStart, ...] = ()
    confidence: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A unit of the recovered document: the title, a heading or a paragraph.

    :param level: ``1`` for the title, ``2``.. for headings, ``0`` for paragraphs.
    :param origins: the input lines the block was made from, in order.
    :param page_starts: the source pages that begin in this block, in order (only with
        ``--page-marks``: :mod:`convert.core.pages`); empty otherwise.
    """

    kind: BlockKind
    text: str
    level: int = 0
    origins: tuple[Origin, ...] = ()
    page_starts: tuple[PageStart, ...] = ()

    @property
    def key(self) -> tuple[int, int]:
        """Where the block starts in the input, for ordering: ``(page or 0, line)``."""
        return order_key(self.origins[0]) if self.origins else (0, 0)


def order_key(origin: Origin) -> tuple[int, int]:
    """An origin's place in reading order: ``(page or 0, line)``."""
    return (origin.page or 0, origin.line)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """One table cell.

    :param text: the cell's text (line breaks inside a cell are kept as ``\\n``).
    :param colspan: how many columns the cell spans (``1``: none).
    :param rowspan: how many rows the cell spans; the rows below leave that column out.
    """

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(Block):
    """A table: rows of cells, the first ``header_rows`` of them headers, and a caption.

    A cell spanning several columns or rows appears once, in its first row and column, and
    the cells it covers are left out of the rows (as in HTML). ``text`` is the plain-text
    rendering (cells joined by tabs, rows by line breaks, the caption first).
    """

    kind: BlockKind = "table"
    rows: tuple[tuple[Cell, ...], ...] = ()
    header_rows: int = 0
    caption: str = ""

    @property
    def columns(self) -> int:
        """The number of columns: the widest row, spans counted, also the columns a cell
        spanning rows from above takes from the rows below it."""
        return max((col + cell.colspan for _, col, cell in self.placed()), default=0)

    def placed(self) -> list[tuple[int, int, Cell]]:
        """``(row, column, cell)`` for every cell: where it starts in the full grid, after the
        positions that cells spanning from above or from the left cover (as in HTML)."""
        filled: set[tuple[int, int]] = set()
        out: list[tuple[int, int, Cell]] = []
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                while (r, col) in filled:
                    col += 1
                out.append((r, col, cell))
                for dr in range(1, min(cell.rowspan, len(self.rows) - r)):
                    for dc in range(cell.colspan):
                        filled.add((r + dr, col + dc))
                col += cell.colspan
        return out

    def grid(self) -> list[list[str]]:
        """The table as a full rectangle of cell texts: a spanned cell's text in its first
        position, ``""`` in the positions it covers."""
        grid = [[""] * self.columns for _ in self.rows]
        for r, col, cell in self.placed():
            grid[r][col] = cell.text
        return grid

    @property
    def spanned(self) -> bool:
        """Whether any cell spans rows or columns (Markdown pipe tables cannot show it)."""
        return any(c.colspan > 1 or c.rowspan > 1 for row in self.rows for c in row)


def table_text(rows: tuple[tuple[Cell, ...], ...], caption: str = "") -> str:
    """The plain-text rendering of a table (:attr:`Table.text`)."""
    body = "\n".join("\t".join(c.text.replace("\n", " ") for c in row) for row in rows)
    return f"{caption}\n{body}" if caption else body


def make_table(
    rows: Iterable[Iterable[Cell | str]],
    *,
    header_rows: int = 0,
    caption: str = "",
    origins: tuple[Origin, ...] = (),
) -> Table:
    """A :class:`Table` with its ``text`` filled in; plain strings become one-cell spans."""
    cells = tuple(tuple(c if isinstance(c, Cell) else Cell(text=c) for c in row) for row in rows)
    return Table(text=table_text(cells, caption), rows=cells, header_rows=header_rows, caption=caption, origins=origins)


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(Block):
    """An image of the document (a photo, chart or diagram), with its caption.

    :param data: the image file's bytes (empty when the reader could not extract them: the
        writers then show the caption alone and warn).
    :param media_type: ``image/png``, ``image/jpeg``... of ``data``.
    :param caption: the caption printed with it (``图1 ...``, ``Figure 1: ...``), or ``""``.
    :param alt: a text alternative (HTML ``alt``), or ``""``.
    :param page: the source page, where the format has pages.
    :param name: a file name for the image (``figure-1.png``), unique in the document.
    :param path: where the core wrote the image beside an output that links it instead of
        embedding it (relative to that output's folder), ``""`` before that.
    :param width: the image's width in pixels, ``0`` when unknown.
    :param height: its height in pixels, ``0`` when unknown.

    ``text`` is the caption (or the alt text): what a plain-text writer shows.
    """

    kind: BlockKind = "figure"
    data: bytes = b""
    media_type: str = ""
    caption: str = ""
    alt: str = ""
    page: int | None = None
    name: str = ""
    path: str = ""
    width: int = 0
    height: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ListItem:
    """One item of a list: its text, its nesting depth (``0`` at the top) and the marker the
    source printed (``1.``, ``(a)``, ``\u2022``), kept for the audit."""

    text: str
    depth: int = 0
    marker: str = ""
    ordered: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBlock(Block):
    """A numbered (``ordered``) or bulleted list; nested lists are items with a larger
    ``depth``, each with its own ``ordered``. ``start`` is the first number of an ordered
    list. ``text`` is the items one per line, with their markers."""

    kind: BlockKind = "list"
    items: tuple[ListItem, ...] = ()
    ordered: bool = False
    start: int = 1


def make_list(
    items: Iterable[ListItem], *, ordered: bool, start: int = 1, origins: tuple[Origin, ...] = ()
) -> ListBlock:
    """A :class:`ListBlock` with its ``text`` filled in."""
    items = tuple(items)
    text = "\n".join(("  " * i.depth) + (f"{i.marker} " if i.marker else "") + i.text for i in items)
    return ListBlock(text=text, items=items, ordered=ordered, start=start, origins=origins)


@dataclass(frozen=True, slots=True, kw_only=True)
class Footnote(Block):
    """A note: its ``marker`` as printed (``1``, ``*``, ``\u2460``), its ``text``, and
    ``ref`` the origin of the line that references it (``None`` when no reference was
    found). Writers link the marker in the referencing block to the note."""

    kind: BlockKind = "footnote"
    marker: str = ""
    ref: Origin | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Code(Block):
    """A listing printed in a fixed-width font (program code, a command and its output, a
    configuration file): ``text`` is its lines as printed, joined by line breaks, with their
    leading spaces (indentation is meaning in code). Writers keep every line and space (a
    Markdown fence, ``<pre>``, a fixed-width paragraph), and no step rewraps or re-punctuates
    it. ``language`` names the language when the source said so (``sql``), else ``""``."""

    kind: BlockKind = "code"
    language: str = ""


#: The kinds of :class:`Block` a reader recovers whole (they go into ``Document.structures``).
STRUCTURES: tuple[type[Block], ...] = (Table, Figure, ListBlock, Footnote, Code)


def has_content(block: Block) -> bool:
    """Whether a block has something to show: a blank paragraph, or a table, figure or list
    with nothing in it, is skipped by the writers."""
    if isinstance(block, Table):
        return any(c.text.strip() for row in block.rows for c in row) or bool(block.caption.strip())
    if isinstance(block, Figure):
        return bool(block.data) or bool(block.caption.strip() or block.alt.strip())
    if isinstance(block, ListBlock):
        return any(i.text.strip() for i in block.items)
    return bool(block.text.strip())


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
class Provenance:
    """How an output was made, so an archive can tell where it came from and redo it.

    :param source: the input's name.
    :param sha256: the SHA-256 of the input's bytes (hex).
    :param converted: when it was converted: UTC, ISO 8601 to the second
        (``2026-12-01T03:04:05Z``); ``SOURCE_DATE_EPOCH``, when set, for reproducible builds.
    :param version: docconv's version.
    :param reader: the reader that read the input.
    :param steps: the cleaning steps that ran, in order.
    :param plugins: ``(package, version)`` of each package whose reader, steps or writers took
        part (docconv's own are ``("docconv", version)``), sorted.
    :param options: ``(name, value)`` of each option that differs from its default (steps
        switched on or off, rule files, writer options, ``--no-images``...), as text.
    :param removals: ``(kind, count)`` of the removals, sorted by kind.
    :param derived_from: the provenance the input itself carried (a docconv Markdown output
        read again): the earlier conversion, kept as such rather than as the current one.
    """

    source: str
    sha256: str
    converted: str
    version: str
    reader: str = ""
    steps: tuple[str, ...] = ()
    plugins: tuple[tuple[str, str], ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    removals: tuple[tuple[str, int], ...] = ()
    derived_from: Provenance | None = None

    def as_dict(self) -> dict[str, object]:
        """The provenance as JSON-ready data (the keys of the Markdown front matter's
        ``docconv:`` mapping); empty collections and a missing ``derived_from`` left out."""
        data: dict[str, object] = {
            "version": self.version,
            "converted": self.converted,
            "source": self.source,
            "sha256": self.sha256,
            "reader": self.reader,
            "steps": list(self.steps),
            "plugins": dict(self.plugins),
            "options": dict(self.options),
            "removals": dict(self.removals),
        }
        if self.derived_from is not None:
            data["derived_from"] = self.derived_from.as_dict()
        return {k: v for k, v in data.items() if v not in ("", [], {})}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Provenance | None:
        """The provenance :meth:`as_dict` gave (``None`` when ``source``, ``sha256``,
        ``converted`` or ``version`` is missing); values are taken as text, counts as numbers."""

        def pairs(value: object) -> tuple[tuple[str, str], ...]:
            return tuple((str(k), str(v)) for k, v in value.items()) if isinstance(value, Mapping) else ()

        required = [data.get(key) for key in ("source", "sha256", "converted", "version")]
        if not all(isinstance(value, str | int | float) and str(value) for value in required):
            return None
        steps = data.get("steps")
        earlier = data.get("derived_from")
        return cls(
            source=str(data["source"]),
            sha256=str(data["sha256"]),
            converted=str(data["converted"]),
            version=str(data["version"]),
            reader=str(data.get("reader") or ""),
            steps=tuple(str(s) for s in steps) if isinstance(steps, list | tuple) else (),
            plugins=pairs(data.get("plugins")),
            options=pairs(data.get("options")),
            removals=tuple((k, int(v)) for k, v in pairs(data.get("removals")) if v.isdigit()),
            derived_from=cls.from_dict(earlier) if isinstance(earlier, Mapping) else None,
        )


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
    ``provenance`` says how the output is made (:class:`Provenance`): the core fills it in
    after cleaning (``None`` before that, or with ``--no-provenance``).
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
    #: the user's own keys (``-M KEY=VALUE``, or read back from docconv's Markdown front
    #: matter), which every built-in writer writes: front matter keys, DOCX custom
    #: properties, EPUB ``<meta property="custom:KEY">``
    custom: tuple[tuple[str, str], ...] = ()
    provenance: Provenance | None = None


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
    :param plain_text: the lines are typed plain text (the text reader): the spacing and
        markers inside a line are the source's own, so the ``plain-lists`` step may read
        bulleted and numbered lists from what the furniture steps leave.
    """

    page_breaks: frozenset[int] = frozenset()
    site_names: tuple[str, ...] = ()
    running_heads: tuple[str, ...] = ()
    wrap: float | None = None
    wrap_measured: bool = False
    plain_text: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """The document at one stage of the pipeline.

    ``structures`` holds what the reader recovered whole (tables, figures, lists,
    footnotes) until the paragraph step places it among the ``blocks`` by origin.
    """

    meta: Metadata = field(default_factory=Metadata)
    layout: Layout = field(default_factory=Layout)
    lines: tuple[Line, ...] = ()
    structures: tuple[Block, ...] = ()
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
