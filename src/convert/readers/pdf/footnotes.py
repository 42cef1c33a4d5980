"""Footnotes of a PDF page as :class:`~convert.core.model.Footnote` structures.

A footnote is small print (at most 85 % of the body's size) below the last body line of a
page (a footer in the page's bottom tenth aside) that opens with a marker (``1``, ``*``,
``\u2020``, ``\u2460``..), where a body line of the same page carries that marker raised
(a superscript: :attr:`PdfLine.raised`). Only then: small text at a page's foot is more
often a running footer or a page number, and those are left to the furniture analysis.
A note's lines leave the page's lines.

How the reference appears in the body text: a raised digit is written as a Unicode
superscript digit in its line (``2020`` with a raised ``1`` reads ``2020\u00b9``, see
:func:`convert.readers.pdf.layout._mark_raised`); ``*``, ``\u2020``, ``\u2460`` stay as
they are. :attr:`Footnote.marker` is the marker as printed (``1``), and
:func:`reference_mark` gives the form it takes in the referencing line (``\u00b9``), at the
end of a word there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from convert.core.model import Footnote, Origin
from convert.core.textutil import SENTENCE_OR_ITEM_END
from convert.readers.pdf.layout import SUPERSCRIPT_DIGITS, PageLayout, PdfLine, body_type_size, join_wrapped

MARKER = re.compile(r"^([*\u2020\u2021\u00a7]{1,3}|\d{1,3}|[\u2460-\u2473])\s*(?=\S)")
SMALL = 0.85  # a note's type is at most this share of the body's size
FOOTER_BAND = 0.1  # the bottom share of a page where a footer in body-size type may stand below the notes
FROM_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")


def reference_mark(marker: str) -> str:
    """How a note's marker appears in the line that references it (digits as superscripts)."""
    return marker.translate(SUPERSCRIPT_DIGITS)


def take_footnotes(pages: Sequence[PageLayout]) -> list[Footnote]:
    """The footnotes of all pages, their lines taken out of the pages' lines."""
    body_size = body_type_size(pages)
    notes: list[Footnote] = []
    for page in pages:
        notes.extend(_page_notes(page, body_size))
    return notes


def _page_notes(page: PageLayout, body_size: float) -> list[Footnote]:
    """One page's footnotes (see the module's description)."""
    body = [p for p in page.lines if p.size > SMALL * body_size]
    if not body:
        return []
    text = [p for p in body if p.bottom <= (1 - FOOTER_BAND) * page.height]  # (a footer under the notes aside)
    foot = max((p.bottom for p in text), default=0.0)
    small = [p for p in page.lines if p.size <= SMALL * body_size and p.top >= foot - 1 and p.top >= 0.5 * page.height]
    if not small:
        return []
    refs: dict[str, PdfLine] = {}
    for p in body:
        for run in p.raised:
            refs.setdefault(run.strip(), p)
    notes: list[Footnote] = []
    taken: set[int] = set()
    current: list[PdfLine] = []
    marker = ""

    def close() -> None:
        if current and marker:
            ref = refs[marker]
            text = _note_text(current, marker)
            origin = Origin(line=current[0].number, page=page.number)
            notes.append(
                Footnote(text=text, marker=marker, ref=Origin(line=ref.number, page=page.number), origins=(origin,))
            )
            taken.update(id(p) for p in current)

    above: PdfLine | None = None
    for p in small:
        mark = _marker(p)
        if mark and not p.raised and _goes_on(above, p):
            mark = ""  # a plain number at the start of a note's next line (``10 seconds.``)
        above = p
        if mark and mark in refs:
            close()
            current, marker = [p], mark
        elif current and abs(p.size - current[-1].size) < 0.3 and 0 <= p.top - current[-1].bottom <= 0.8 * p.size:
            current.append(p)  # the note goes on
        else:
            close()
            current, marker = [], ""
    close()
    if taken:
        page.lines = [p for p in page.lines if id(p) not in taken]
    return notes


def _goes_on(above: PdfLine | None, p: PdfLine) -> bool:
    """Whether ``p`` goes on with the small-print line just above it: that line does not
    end a sentence and ``p`` follows at the usual spacing, in the same size."""
    return (
        above is not None
        and above.text[-1:] not in SENTENCE_OR_ITEM_END
        and abs(p.size - above.size) < 0.3
        and 0 <= p.top - above.bottom <= 0.8 * p.size
    )


def _marker(p: PdfLine) -> str:
    """The marker a line opens with, as printed (a raised ``1`` written ``\u00b9`` is ``1``), or ``""``."""
    m = MARKER.match(p.text.translate(FROM_DIGITS))
    return m.group(1) if m else ""


def _note_text(lines: Sequence[PdfLine], marker: str) -> str:
    """A note's lines joined, without its marker."""
    text = join_wrapped(p.text for p in lines)
    plain = text.translate(FROM_DIGITS)
    rest = plain[len(marker) :] if plain.startswith(marker) else plain
    return text[len(text) - len(rest) :].lstrip()
