"""Re-joining hard-wrapped lines into paragraphs (lines become blocks).

A break between two lines is a paragraph break when any of these holds:

* the input marks it: a blank line, an indent the document uses for paragraph starts, a
  heading the reader already knows;
* the first line is short: wrapping fills lines, so only the last line of a paragraph
  falls clearly short of the wrap width (less slack is needed when it ends a sentence);
* the next line starts a numbered part, article or list item and the first line ends a
  clause, or either line is itself a short numbered heading (``4. Simplified Reporting``
  after a site's line that went is no continuation; ``4.2 of the guidance at``, in lower
  case, is a sentence wrapped after a number);
* the next line is shortened by the width of a lost two-character indent while the first
  line ends a sentence (the "shortened first line" of a paragraph whose indent was lost);
* either line is the title's own front matter, directly under it: its date line or occasion
  (``——2022年3月5日在…会议上``) or its speaker (``国务院总理　李克强``), see
  :func:`convert.steps._docmeta.front_matter`.

Joining is CJK-aware: no space where a CJK character meets anything; one space between
Latin words. An English word hyphenated at a line end is rejoined without the hyphen when
the document itself uses the joined word (or does not use both halves as words), and keeps
it for compounds such as ``long-term``.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from convert.core.contracts import Context, Step
from convert.core.model import Document, Line
from convert.core.segment import make_blocks, structure_between
from convert.core.textutil import (
    PARA_END,
    SENTENCE_END,
    STATEMENT_END,
    is_han,
    width,
)
from convert.steps._docmeta import front_matter
from convert.steps._features import apart
from convert.steps._layout import MOSTLY_FULL, NEARLY_FULL, UNWRAPPED, first_unit_width, wrap_of
from convert.steps._numbering import NUMBER_LEAD, heading_candidate, starts_structure, unnumbered_heading

STANDALONE = 0.6  # of the wrap width: a line standing alone between paragraphs is no wider
STANDALONE_WORDS = 10  # nor longer than this many words
ROOM_MARGIN = 2  # columns: measured room this much wider than the next word is a deliberate break


class Paragraphs(Step):
    name = "paragraphs"
    description = (
        "Re-join hard-wrapped lines into paragraphs (CJK-aware: no spaces inside Chinese; "
        "English line-end hyphens resolved from the document's own vocabulary)."
    )
    order = 500

    def run(self, doc: Document, ctx: Context) -> Document:
        lines = doc.lines
        if not lines:
            return make_blocks(doc, [], pages=ctx.options.page_marks) if doc.structures else doc
        wrap = wrap_of(doc)
        layout = Layout(wrap=wrap, indented=uses_indent(lines), gap_marked=gaps_mark_paragraphs(lines))
        if wrap is not None:
            layout.first_line_short = first_line_shortening(lines, layout)
        front = front_matter(lines)  # the title's date line and speaker: each a paragraph of its own
        groups: list[list[Line]] = []
        for i, line in enumerate(lines):
            after = lines[i + 1] if i + 1 < len(lines) else None
            prev = groups[-1][-1] if groups else None
            if (
                prev is not None
                and i not in front
                and i - 1 not in front
                and not layout.breaks(prev, line, after, first=len(groups[-1]) == 1)
                and not structure_between(doc.structures, prev, line)
            ):
                groups[-1].append(line)
            else:
                groups.append([line])
        return make_blocks(doc, groups, pages=ctx.options.page_marks)


def continues(prev: str, line: str) -> bool:
    """Without a wrap width: a long line that stops mid-sentence and a next line that goes
    on (lower-case Latin, or Chinese after Chinese) are one paragraph. Never after a line
    too long to have been wrapped (one paragraph per line), and never after a numbered
    heading (``三、提升农业发展质量，培育乡村发展新动能`` is not glued to its first paragraph)."""
    if width(prev) < 40 or width(prev) > UNWRAPPED or prev[-1] in PARA_END or starts_structure(line):
        return False
    if apart(prev, line):
        return False
    if heading_candidate(prev) is not None and not line[0].islower():
        return False  # (a numbered Latin line whose next line goes on in lower case is a sentence)
    return line[0].islower() or (is_han(prev[-1]) and is_han(line[0]))


def titled(line: Line, after: Line | None) -> bool:
    """Whether a numbered line reads as a heading's title rather than a sentence wrapped after
    a number (``4.2 of the national guidance at``): its first word after the number is not in
    lower case, and the line after it does not go on in lower case."""
    words = NUMBER_LEAD.sub("", line.text.strip(), count=1)
    if words[:1].isascii() and words[:1].islower():
        return False
    nxt = after.text.lstrip()[:1] if after is not None else ""
    return not (nxt.isascii() and nxt.islower())


def standalone(line: Line, after: Line | None, wrap: float) -> bool:
    """A line that stands alone between paragraphs: short, a few words, no punctuation at
    its end, starting a new sentence, and followed by one (``Background`` between two
    paragraphs of a memo). A paragraph's own last line ends in punctuation."""
    if after is None or width(line.text.strip()) > STANDALONE * wrap:
        return False
    if not unnumbered_heading(line.text, STANDALONE_WORDS):
        return False
    nxt = after.text.strip()
    return bool(nxt) and (nxt[0].isupper() or is_han(nxt[0]) or nxt[0].isdigit())


def broken_on_purpose(prev: Line, line: Line) -> bool:
    """``prev`` had room to spare for ``line``'s first word (the reader measured it)."""
    return prev.room is not None and prev.room >= first_unit_width(prev.text, line.text) + ROOM_MARGIN


def gaps_mark_paragraphs(lines: Sequence[Line]) -> bool:
    """Whether the page marks every paragraph start with space above it: the lines after
    lines broken on purpose (paragraph ends the reader measured) nearly all have it."""
    ends = [
        line.blank_before
        for prev, line in itertools.pairwise(lines)
        if prev.heading is None and line.heading is None and broken_on_purpose(prev, line)
    ]
    return len(ends) >= 3 and sum(ends) >= 0.9 * len(ends)


def by_room(prev: Line, line: Line, *, gap_marked: bool) -> bool | None:
    """The break the page's geometry shows (the reader measured ``prev.room``): a line with
    no room for the next line's first word was wrapped there, one with room to spare was
    broken on purpose; ``None`` when the room says neither, or when a full line ends a
    sentence (the next may start a paragraph that the layout does not mark) unless the page
    marks paragraphs with space (``gap_marked``) and there is none."""
    assert prev.room is not None
    ends_clause = prev.text[-1] in PARA_END
    if starts_structure(line.text) and ends_clause:
        return True
    if broken_on_purpose(prev, line):
        return True
    if prev.room < first_unit_width(prev.text, line.text) and (not ends_clause or gap_marked):
        return False
    return None


def uses_indent(lines: Sequence[Line]) -> bool:
    """Paragraph starts are indented when some, but not most, lines are."""
    share = sum(1 for line in lines if line.indent >= 2) / len(lines)
    return 0.03 <= share <= 0.6


#: A table of contents' entry's end: a leader of dots or ellipses, then a page number
#: (``Security fundamentals . . . . . 2``, ``总则……1``, ``Preface ........ xi``).
CONTENTS_ENTRY = re.compile(
    r"(?:(?:\.\s?){4,}|[\u2026\u22ef]{2,}|(?:\u00b7\s?){4,})\s*"
    r"(?:\d{1,4}|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))$"
)  # (front matter's pages in lower-case Roman numerals: ``He paused.... I`` ends no entry)


def clear_break(prev: Line, line: Line, wrap: float) -> bool:
    """A break no wrap-width noise can explain: blank line, heading, very short line."""
    if line.blank_before or prev.heading is not None or line.indent >= 2:
        return True
    return prev.text[-1] in PARA_END and width(prev.text) < 0.7 * wrap


def first_line_shortening(lines: Sequence[Line], layout: Layout) -> float:
    """How much shorter than the wrap width the first line of a paragraph runs.

    When text was wrapped with a two-character paragraph indent that was lost (or
    stripped), every paragraph's first line is short by about 4 columns. Measured on first
    lines after clear breaks that are themselves followed by more of the paragraph.
    """
    assert layout.wrap is not None
    wrap = layout.wrap
    deficits = []
    for i in range(1, len(lines) - 1):
        prev, line, after = lines[i - 1], lines[i], lines[i + 1]
        if not clear_break(prev, line, wrap) or clear_break(line, after, wrap):
            continue
        if starts_structure(line.text) or width(line.text) < 0.75 * wrap:
            continue
        deficits.append(wrap - width(line.text))
    if len(deficits) < 3:
        return 0.0
    typical = statistics.median(deficits)
    return typical if 2.5 <= typical <= 0.15 * wrap else 0.0


@dataclass
class Layout:
    """What the paragraph decision needs to know about the text's layout."""

    wrap: float | None
    indented: bool
    first_line_short: float = 0.0
    gap_marked: bool = False  # paragraph starts have space above them (PDF)

    def breaks(self, prev: Line, line: Line, after: Line | None, *, first: bool) -> bool:
        """Whether a paragraph ends between ``prev`` and ``line``; ``first`` says whether
        ``prev`` is the first line of its paragraph."""
        if line.blank_before or prev.heading is not None or line.heading is not None:
            return True
        if CONTENTS_ENTRY.search(prev.text):
            return True  # a contents line's leader and page end its entry, however full the line
        if self.indented and line.indent >= 2 and line.indent > prev.indent:
            return True
        if prev.room is not None and (measured := by_room(prev, line, gap_marked=self.gap_marked)) is not None:
            return measured
        if self.wrap is None:  # too little text to measure, or one paragraph per line
            return not continues(prev.text, line.text)
        wrap = self.wrap
        end = prev.text[-1]
        ends_clause = end in PARA_END
        if starts_structure(line.text) and ends_clause:
            return True
        if heading_candidate(prev.text) is not None and width(prev.text) < MOSTLY_FULL * wrap:
            return True
        if heading_candidate(line.text) is not None and width(line.text) < MOSTLY_FULL * wrap and titled(line, after):
            return True  # a short numbered heading is a block of its own, whatever the line above left open
        room = wrap - (self.first_line_short if first else 0)
        slack = room - width(prev.text)
        # room for the next line's first character (or word) on this line: it was a break
        need = first_unit_width(prev.text, line.text)
        if ends_clause and slack >= need:
            return True
        if end in SENTENCE_END and standalone(line, after, wrap):
            return True  # a short unpunctuated line between sentences: a heading, not a last line
        if slack >= max(need + 0.1 * wrap, 0.2 * wrap):
            return True
        # the next line is a shortened first line of a new paragraph
        if end in STATEMENT_END and after is not None and not after.blank_before and not first:
            short_by = wrap - width(line.text)
            if max(3, slack + 2) <= short_by <= 0.15 * wrap and width(after.text) >= NEARLY_FULL * wrap:
                return True
        return False
