"""Layout facts the steps measure from the text itself: how wide its wrapped lines are,
when a line counts as full, and where its page breaks were.

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

from collections.abc import Sequence

from convert.core.model import Document, Line
from convert.core.textutil import width

#: A line at least this share of the wrap width is filled but for a character or two.
FULL_LINE = 0.95
#: A line at least this share of the wrap width is full (a long word did not fit).
NEARLY_FULL = 0.9
#: A line at least this share of the wrap width is running text, not a short line.
MOSTLY_FULL = 0.8

#: Removals that mark a page break in the text: a page number, or an ad a site inserts
#: between pages.
BREAK_KINDS = {"page-number", "ad"}


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
    if sum(1 for line in lines if line.blank_before) > len(lines) / 2:
        return None  # blank lines between most lines: paragraphs, not wrapped lines
    p90 = widths[int(0.9 * (len(widths) - 1))]
    body = [w for w in widths if w <= 2 * max(widths[len(widths) // 2], 1)] or widths
    body.sort()
    high = body[int(0.8 * (len(body) - 1))]
    near = sum(1 for w in body if 0.85 * high <= w <= 1.1 * high)
    if near < max(3, 0.3 * len(body)) or p90 > 400:
        return None
    if sum(1 for w in widths if w > 1.15 * high) > 0.1 * len(widths):
        return None  # many lines run past it: short headings, not a wrap width
    return float(high)


def page_breaks(doc: Document) -> set[int]:
    """Input line numbers of the removals that mark page breaks (see :data:`BREAK_KINDS`)."""
    return {r.origin.line for r in doc.removals if r.kind in BREAK_KINDS and r.origin}


def beside_break(line: Line, breaks: set[int]) -> bool:
    """Whether ``line`` stands right before or after a page break (see :func:`page_breaks`)."""
    return bool({line.origin.line - 1, line.origin.line + 1} & breaks)
