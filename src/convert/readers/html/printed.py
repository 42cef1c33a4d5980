"""Pages whose every printed line is an element of its own.

Document-sharing sites and PDF-to-HTML converters put each line of the printed page in its own
``<p>`` (or ``<div>``), wrapped where the page wrapped it: ``<p>营商环境就是生产力……进一步</p>``,
``<p>统一思想、明确任务……</p>``. Read as HTML, every such element starts a paragraph, and a
paragraph comes out cut into its printed lines. When a page reads so (many elements of about the
same width stopping mid-sentence, the next going on with the sentence), its elements stop marking paragraph starts
and the lines are left to the paragraph step, which joins them as it joins hard-wrapped text: by
the wrap width, the indent of a paragraph's first line (``　　``) and the ends of sentences.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from convert.core.model import Line
from convert.core.textutil import PARA_END, is_han, width

MIN_LINES = 8  # element lines a page needs for its widths to tell anything
NARROWEST = 40  # columns of a printed line at the least (CJK characters count two): shorter ones are items
PRINTED = 120  # columns of a printed line at the most (longer elements are paragraphs, one a line)
CLUSTER = 0.06  # how far from the usual width a full line may be (a wrapper fills lines to one width)
FILLED = 0.4  # share of the lines that must be full: wrapped at one width
SAID = 0.4  # share of the lines with a clause mark inside them: prose, not items, verse or chat
CUT = 0.3  # share of element boundaries cut mid-sentence after a full line
CLAUSE_MARKS = "\uff0c\u3001\uff1b\uff1a\u3002\uff09\u201d\u2019\u300b"  # ，、；：。）”’》 pushed to a line's start
#: a clause mark inside a line, as prose has them: a Chinese comma, stop or enumeration mark, or
#: a Latin one followed by a space and a word (not a speaker's or a field's colon, not 3.5 or a URL)
INSIDE = re.compile(r"[\uff0c\u3002\u3001\uff1b](?=.)|[,;.!?](?=\s+[^\W\d_])")


def printed_lines(lines: Sequence[Line]) -> list[Line]:
    """``lines`` with the element boundaries after full printed lines no longer marked as
    paragraph starts (``blank_before``), when the page reads as printed lines; else ``lines``
    as they are. The page reads so when its lines are prose (most hold a clause mark inside),
    most are filled to one width of 40 to 120 columns, and many full ones stop mid-sentence
    with the next going on. A boundary after a line short of that width (a paragraph's last
    line), a heading and the line after a heading keep their marks."""
    body = [line for line in lines if line.heading is None]
    if len(body) < MIN_LINES:
        return list(lines)
    widths = [_printed_width(line) for line in body]
    usual = _filled_width(widths)
    if not NARROWEST <= usual <= PRINTED:
        return list(lines)  # (items, verse or chat; a blog's paragraphs, one per element)
    full = {id(line) for line, w in zip(body, widths, strict=True) if abs(w - usual) <= CLUSTER * usual}
    said = sum(1 for line in body if INSIDE.search(line.text.strip()))
    if len(full) < FILLED * len(body) or said < SAID * len(body):
        return list(lines)
    bounds = [  # element boundaries between two lines of text
        i
        for i in range(1, len(lines))
        if lines[i].blank_before and lines[i - 1].heading is None and lines[i].heading is None
    ]
    after_full = [i for i in bounds if id(lines[i - 1]) in full]
    cut = [i for i in after_full if _goes_on(lines[i - 1].text.rstrip(), lines[i].text.lstrip())]
    if len(cut) < MIN_LINES // 2 or len(cut) < CUT * len(bounds):
        return list(lines)
    out = list(lines)
    for i in after_full:
        out[i] = dataclasses.replace(lines[i], blank_before=False)
    return out


def _filled_width(widths: Sequence[float]) -> float:
    """The width most lines are filled to: the one with the most lines within
    :data:`CLUSTER` of it (the widest of equals); 0 when there are no lines."""
    best, most = 0.0, 0
    for w in sorted(set(widths), reverse=True):
        near = sum(1 for v in widths if abs(v - w) <= CLUSTER * w)
        if near > most:
            best, most = w, near
    return best


def _printed_width(line: Line) -> float:
    """A line's width as printed: its text and the indent before it (a paragraph's first line,
    indented ``　　``, fills the line too)."""
    return width(line.text) + line.indent


def _goes_on(prev: str, line: str) -> bool:
    """Whether ``line`` goes on with the sentence ``prev`` broke off: no stop at ``prev``'s
    end, and ``line`` starts in lower case, or Chinese after Chinese (a mark the wrap pushed
    to the line's start, ``，``, counts: ``讲`` / ``得很实在``; figures do not, a table's
    rows end and start with them)."""
    if not prev or not line or prev[-1] in PARA_END:
        return False
    if line[0].islower():
        return True
    return is_han(prev[-1]) and (is_han(line[0]) or line[0] in CLAUSE_MARKS)
