"""What the DOCX and EPUB writers render, block by block, structures included.

:func:`convert.writers._outline.items` gives the title, headings and paragraphs as the
Markdown writer writes them; :func:`parts` gives the same sequence with the structure
blocks (:class:`~convert.core.model.Table`, :class:`~convert.core.model.Figure`,
:class:`~convert.core.model.ListBlock`, :class:`~convert.core.model.Footnote`,
:class:`~convert.core.model.Code`) kept whole,
and with the footnote markers to link (:mod:`convert.writers._notes`, shared with the Markdown writer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from convert.core.model import STRUCTURES, Block, Document, Figure, PageStart, has_content
from convert.writers._notes import link_notes
from convert.writers._outline import Item
from convert.writers._pages import shifted


@dataclass(frozen=True, slots=True)
class Part:
    """One rendered block.

    :param item: kind, level and one-line text, as :func:`~convert.writers._outline.items`
        has them; a structure keeps its own kind (``table``, ``figure``, ``list``,
        ``footnote``, ``code``) and its plain-text rendering.
    :param block: the structure block itself, ``None`` for the title, headings, paragraphs.
    :param links: ``(start, end, number)`` per footnote marker in ``item.text`` to link to
        note ``number``.
    :param number: for a footnote whose marker was found: its number (the writer puts it
        where the reference is, not here); ``0`` for an unlinked one (shown as a paragraph).
    :param pages: the source pages that begin in the part (``--page-marks``), offsets into
        ``item.text``; a structure's go before it.
    """

    item: Item
    block: Block | None = None
    links: tuple[tuple[int, int, int], ...] = ()
    number: int = 0
    pages: tuple[PageStart, ...] = ()

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def level(self) -> int:
        return self.item.level

    @property
    def text(self) -> str:
        return self.item.text

    @property
    def marked(self) -> bool:
        """Whether the part is the title or a heading (what a table of contents lists)."""
        return self.item.kind in ("title", "heading")


def parts(doc: Document) -> list[Part]:
    """The blocks to render, in order (see the module docstring)."""
    out: list[Part] = []
    if doc.meta.title and not any(b.kind == "title" for b in doc.blocks):
        out.append(Part(Item("title", 1, doc.meta.title)))
    links = link_notes(doc.blocks)
    spans = links.spans
    unlinked = set(links.unreferenced)
    numbers = {i: n for i, n in links.numbers.items() if n not in unlinked}
    for i, block in enumerate(doc.blocks):
        if isinstance(block, STRUCTURES):
            if has_content(block):
                text = " ".join(block.text.split("\n")).strip()
                out.append(Part(Item(block.kind, 0, text), block, number=numbers.get(i, 0), pages=block.page_starts))
            continue
        joined = " ".join(block.text.split("\n"))
        text = joined.strip()
        if not text:
            continue
        lead = len(joined) - len(joined.lstrip())
        own = tuple(
            sorted((s - lead, e - lead, n) for s, e, n in spans.get(i, ()) if s >= lead and e - lead <= len(text))
        )
        pages = shifted(block.page_starts, lead, len(text)) if block.page_starts else ()
        if block.kind == "title":
            out.append(Part(Item("title", 1, text), links=own, pages=pages))
        elif block.kind == "heading":
            out.append(Part(Item("heading", max(2, min(block.level, 6)), text), links=own, pages=pages))
        else:
            out.append(Part(Item("paragraph", 0, text), links=own, pages=pages))
    return out


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced view: East Asian wide characters count 2."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def unreadable_figures(blocks: Sequence[Block]) -> list[int]:
    """The indexes of the figures among ``blocks`` whose image the DOCX and EPUB writers
    cannot embed (no data, or data no image library here reads: they write the caption
    alone)."""
    from convert.writers._epub_blocks import package_image

    return [i for i, b in enumerate(blocks) if isinstance(b, Figure) and package_image(b, i + 1) is None]


def figure_warning(doc: Document, unreadable: Sequence[int] | None = None) -> str | None:
    """A warning with the count of figures whose image cannot be embedded
    (:func:`unreadable_figures`, or the ``unreadable`` indexes already found). Writers have
    no channel for warnings, so the core adds this one to the document's."""
    lost = len(unreadable_figures(doc.blocks) if unreadable is None else unreadable)
    if not lost:
        return None
    figures = sum(1 for b in doc.blocks if isinstance(b, Figure))
    return f"{lost} of {figures} figure(s) without readable image data: only their captions are written"
