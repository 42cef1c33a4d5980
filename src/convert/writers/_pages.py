"""Source page marks in the writers (``--page-marks``): a text block's text cut where pages
begin and where note markers stand, shared by the Markdown, DOCX and EPUB writers.

A block's :attr:`~convert.core.model.Block.page_starts` hold character offsets into its
text; each writer puts its own anchor there (Markdown ``<span id="page-3" data-page="3">``,
EPUB ``<span epub:type="pagebreak">``, a DOCX bookmark). A page that begins inside a note
marker is marked before the marker. Tables, figures and lists have their marks before them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from convert.core.model import PageStart
from convert.writers._notes import Span

#: A piece of a text block: text, a note marker's span, or a page start.
Piece = str | Span | PageStart


def shifted(pages: Sequence[PageStart], lead: int, length: int) -> tuple[PageStart, ...]:
    """``pages`` for a text that lost ``lead`` leading characters and is ``length`` long."""
    return tuple(dataclasses.replace(ps, offset=max(0, min(ps.offset - lead, length))) for ps in pages)


def interleave(text: str, links: Sequence[Span], pages: Sequence[PageStart] = ()) -> list[Piece]:
    """``text`` cut at its note markers (``links``) and page starts (``pages``), in order: the
    text pieces (strings, the empty ones left out except around a marker), each marker's
    span and each page start. Without pages: ``text`` cut at the markers as
    :func:`~convert.writers._notes.split_at_markers` cuts it."""
    events: list[tuple[int, int, Span | PageStart]] = []
    for span in links:
        events.append((span[0], 1, span))
    for ps in pages:
        at = max(0, min(ps.offset, len(text)))
        inside = next((s for s, e, _ in links if s < at < e), None)  # never inside a marker
        events.append((at if inside is None else inside, 0, ps))
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[Piece] = []
    pos = 0
    for at, _, what in events:
        if at > pos or isinstance(what, tuple):
            out.append(text[pos:at])
        if isinstance(what, tuple):
            out.append(what)
            pos = what[1]
        else:
            out.append(what)
            pos = max(pos, at)
    out.append(text[pos:])
    return out


def bookmark_name(page: PageStart) -> str:
    """A DOCX bookmark name for a page start: its anchor with ``_`` for ``-`` (Word allows
    letters, digits and underscores), ``page_47698`` or ``p12``."""
    return page.anchor.replace("-", "_")
