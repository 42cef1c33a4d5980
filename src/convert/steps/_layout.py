"""Layout facts the steps share: how wide the wrapped lines are (measured once per document
by the ``layout`` step and kept in :attr:`Document.layout <convert.core.model.Layout>`),
when a line counts as full, and where the page breaks were.

A hard-wrapped line is *full* when the wrapper filled it: its width is close to the wrap
width found by :func:`wrap_width`. Full lines belong to the running text (a phrase in one
is part of a sentence, a paragraph goes on after one); short lines end paragraphs or stand
alone (headings, labels, site furniture). How close counts as full depends on the cost of a
wrong guess, so there are three thresholds, fractions of the wrap width:

:data:`FULL_LINE` (0.95)
    filled but for a character or two: the wrapper could not have fitted more.
:data:`NEARLY_FULL` (0.9)
    full, allowing for a long word or a few wide characters that did not fit.
:data:`MOSTLY_FULL` (0.8)
    long enough to be a line of the running text rather than a title, a heading, a label
    or a slogan.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

from convert.core.model import Document, Line
from convert.core.textutil import SENTENCE_END, char_width, needs_space, width

#: Columns: no wrapper breaks lines this long (scraped text wraps at 60 to 100 columns, a
#: dense PDF line stays under about 150), so a "wrap width" above it is one paragraph per line.
MAX_WRAP = 200

#: Columns: a line this wide was not hard-wrapped (wrappers break at 60 to 100 columns), so
#: in text without one wrap width it is a whole paragraph, never the start of one.
UNWRAPPED = 160

#: The share of lines (by width) at or under a typical line of the text; lines over twice as wide
#: as it are summary boxes or pasted paragraphs, left out when the wrap width is measured.
TYPICAL = 0.75
#: A line at least this share of the wrap width is filled but for a character or two.
FULL_LINE = 0.95
#: A line at least this share of the wrap width is full (a long word did not fit).
NEARLY_FULL = 0.9
#: A line at least this share of the wrap width is running text, not a short line.
MOSTLY_FULL = 0.8
#: Share of lines that must follow the line above with no blank line between for the text to
#: be hard-wrapped at all (a PDF's short paragraphs, set apart by space, may be half its lines).
CONTINUED = 0.3
#: A line set under this share of the text's (median) font size is small print.
SMALL_PRINT = 0.9
#: lines of figures in a row on a page that make a table's column read line by line
FIGURE_RUN = 3
#: columns of a table's label cell read on a line of its own
CELL_WIDTH = 16


def small_print(lines: Sequence[Line]) -> float:
    """The font size under which a line of ``lines`` is small print (:data:`SMALL_PRINT` of
    the median size), or 0.0 when the reader gave no sizes (text, HTML)."""
    sizes = sorted(line.size for line in lines if line.size)
    return SMALL_PRINT * sizes[len(sizes) // 2] if sizes else 0.0


def wrap_width(lines: Sequence[Line]) -> float | None:
    """The column at which the text was hard-wrapped, or ``None`` if it was not wrapped.

    Wrapped text has many lines of about the same width (the full ones) and a few shorter
    ones (paragraph ends). Unwrapped text (one paragraph per line) has widths spread
    widely, with long lines. Lines more than twice the typical width (summary boxes pasted
    as one line) are ignored.
    """
    widths = sorted(width(line.text) for line in lines if line.heading is None)
    if len(widths) < 4:
        return None
    if sum(1 for line in lines[1:] if not line.blank_before) < CONTINUED * len(lines):
        return None  # blank lines between nearly all lines: paragraphs, not wrapped lines
    p90 = widths[int(0.9 * (len(widths) - 1))]
    typical = widths[int(TYPICAL * (len(widths) - 1))]  # (not the median: a notice has many short lines)
    body = [w for w in widths if w <= 2 * max(typical, 1)] or widths
    body.sort()
    high = _full_width(body)
    if high is None or p90 > 400:
        return None
    if sum(1 for w in widths if w > 1.15 * high) > 0.1 * len(widths):
        return None  # many lines run past it: short headings, not a wrap width
    full = [
        line.text.rstrip() for line in lines if line.heading is None and 0.85 * high <= width(line.text) <= 1.1 * high
    ]
    if sum(1 for text in full if text[-1:] in SENTENCE_END) > len(full) / 2:
        return None  # the "full" lines end their sentences: one sentence or paragraph per line, of one length
    if high > (MAX_WRAP if paged(lines) else UNWRAPPED):
        return None  # paragraphs of about one length, each on one line: not wrapped (text wraps under 160)
    return float(high)


def paged(lines: Sequence[Line]) -> bool:
    """Whether ``lines`` came from a paged input (a PDF: each line knows its page)."""
    return any(line.origin.page is not None for line in lines)


def _near(body: Sequence[float], high: float) -> int:
    return sum(1 for w in body if 0.85 * high <= w <= 1.1 * high)


def _full_width(body: list[float]) -> float | None:
    """The width of the full lines among ``body`` (sorted widths): the 80th percentile when
    enough lines stand near it; else, in a short notice whose headings, list items and
    signature outnumber its full lines, the widest width three or more lines stand near, if
    they are half the long lines (half of it wide or more). ``None``: no such cluster."""

    def clustered(high: float) -> bool:
        near = _near(body, high)
        long = sum(1 for w in body if w >= 0.5 * high)
        return near >= 3 and (near >= 0.3 * len(body) or near >= 0.5 * long)

    high = body[int(0.8 * (len(body) - 1))]
    if clustered(high):
        return high
    return next((w for w in sorted(set(body), reverse=True) if w > high and clustered(w)), None)


def first_unit_width(prev: str, line: str) -> float:
    """Columns the next line's first character (CJK) or word would take at the end of
    ``prev``, with the space before it: a wrapper that left ``prev`` this much room or more
    did not break the line there."""
    unit = line[0] if char_width(line[0]) == 2 else line.split(" ", 1)[0]
    return width(unit) + (1 if needs_space(prev, line) else 0)


def wrap_of(doc: Document) -> float | None:
    """The document's wrap width: as the ``layout`` step measured it, or (when that step did
    not run, or has not yet) measured now on the lines left."""
    return doc.layout.wrap if doc.layout.wrap_measured else wrap_width(doc.lines)


def page_breaks(doc: Document) -> frozenset[int]:
    """Input line numbers of the page-break markers that readers and steps recorded
    (:attr:`Layout.page_breaks <convert.core.model.Layout.page_breaks>`)."""
    return doc.layout.page_breaks


def beside_break(line: Line, breaks: frozenset[int]) -> bool:
    """Whether ``line`` stands right before or after a page break (see :func:`page_breaks`)."""
    return bool({line.origin.line - 1, line.origin.line + 1} & breaks)


def inside_a_page(lines: Sequence[Line], i: int, small: float = 0.0) -> bool:
    """Whether line ``i`` of a paged document, a page marker (``page 30``, ``12``), stands
    inside its page: neither the first nor the last line left on it, where page numbers are
    printed. A bare number inside the page is inside only in a column of figures
    (:func:`in_a_column_of_figures`: a table read line by line) at the text's size; alone
    between lines of text it is a page number the reading order moved (a footer above its
    rule, a number in the margin), set under ``small`` (:func:`small_print`) a footnote's mark."""
    page = lines[i].origin.page
    if page is None or not (0 < i < len(lines) - 1):
        return False
    if lines[i - 1].origin.page != page or lines[i + 1].origin.page != page:
        return False
    text = lines[i].text.strip()
    if any(ch.isalpha() for ch in text):
        return True
    if figure_value(text) is None:
        return False  # a page marker's own shape (- 3 -, 3/12)
    size = lines[i].size
    return not (size is not None and size < small) and in_a_column_of_figures(lines, i)


@functools.lru_cache(maxsize=4096)
def figure_value(text: str) -> float | None:
    """The value of a line that is only a figure (``120``, ``１２``, ``10.5``, ``3,200``), else
    ``None``."""
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not folded or not folded.isascii() or not any(ch.isdigit() for ch in folded):
        return None
    try:
        return float(folded)
    except ValueError:
        return None


def in_a_column_of_figures(lines: Sequence[Line], i: int) -> bool:
    """Whether line ``i`` (a figure) stands in a run of at least :data:`FIGURE_RUN` lines of
    figures on its page, a table's column read line by line, and counts in no steady step with
    its neighbours: three figures in a row that step evenly (2, 3, 4; 25, 20, 15; 12, 10, 8)
    number lines or mark a chart's axis, which are no part of the text. A figure alone between
    two short labels is a cell of a table read row by row (:func:`_row_cell`)."""
    page = lines[i].origin.page

    def figure(j: int) -> bool:
        return _figure_at(lines, j, page)

    before = 0 if not figure(i - 1) else 2 if figure(i - 2) else 1  # (figures in a row beside it, up
    after = 0 if not figure(i + 1) else 2 if figure(i + 2) else 1  # to two a side: enough to tell)
    if before + 1 + after >= FIGURE_RUN:
        return not steady_count(lines, i)
    return before == after == 0 and _row_cell(lines, i)


def _row_cell(lines: Sequence[Line], i: int) -> bool:
    """Whether figure line ``i`` is a cell of a table read row by row, its cells one per line:
    after a short label, with a label and a figure after it (东湖区 / １２ / 西湖区 / ３７) or a
    figure and a label before the label (the last row: 西湖区 / ３７ / 青山湖区 / 45)."""
    page = lines[i].origin.page

    def label(j: int) -> bool:
        text = lines[j].text.strip() if 0 <= j < len(lines) and lines[j].origin.page == page else ""
        return 0 < width(text) <= CELL_WIDTH and text[-1] not in SENTENCE_END and figure_value(text) is None

    def figure(j: int) -> bool:
        return _figure_at(lines, j, page)

    return label(i - 1) and ((label(i + 1) and figure(i + 2)) or (figure(i - 2) and label(i - 3)))


def _figure_at(lines: Sequence[Line], j: int, page: int | None) -> bool:
    """Whether line ``j`` exists, stands on ``page`` and is only a figure."""
    return 0 <= j < len(lines) and lines[j].origin.page == page and figure_value(lines[j].text) is not None


def steady_count(lines: Sequence[Line], i: int) -> bool:
    """Whether line ``i`` (a figure) and two figure lines beside it on its page step evenly
    (2, 3, 4; 25, 20, 15; 12, 10, 8): a count that numbers lines or marks a chart's axis."""
    page = lines[i].origin.page
    for a in range(i - 2, i + 1):
        if a < 0 or a + 2 >= len(lines) or any(lines[a + k].origin.page != page for k in range(3)):
            continue
        x, y, z = (figure_value(lines[a + k].text) for k in range(3))
        if x is not None and y is not None and z is not None and y - x == z - y != 0:
            return True
    return False
