"""The page marks docconv's Markdown writer writes with ``--page-marks``, read back (so that
``md -> md`` keeps them where they were and ``md -> epub`` has the same page breaks):

- ``<span id="page-47698" data-page="3"></span>`` inside a paragraph or heading: page 3
  (printed number ``47698``; an id ``p3`` means no printed number) begins there;
- ``<div id="p4" data-page="4"></div>`` lines alone in their paragraph: the page begins
  before the next block (a table, figure or list is written after its marks).

A mark preceded by an escaping backslash is text. The marks are taken out of the text before
the blocks are joined (each replaced by one character the text does not hold, found again
after the escapes are removed) so that their offsets are those of the unescaped text.
Without ``--page-marks`` they are left out (markup, like HTML comments: no removal recorded).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from convert.core.model import Block, Line, PageStart

PAGE_MARK = re.compile(r'<(span|div) id="(p\d{1,7}|page-[0-9A-Za-z]{1,20})" data-page="(\d{1,7})"></\1>')
#: Characters that stand in for a mark while the text is joined and unescaped: private-use
#: code points of plane 16, the first one the text does not hold.
STAND_INS = [chr(code) for code in range(0x10FFFD, 0x10FF00, -1)]


@dataclass
class Marks:
    """The marks :func:`hide_page_marks` took out, in order, and the character standing in for each."""

    stand_in: str = ""
    found: list[PageStart] = field(default_factory=list)
    used: int = 0


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd run of backslashes (is escaped)."""
    run = 0
    while at - run - 1 >= 0 and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def hide_page_marks(body: str) -> tuple[str, Marks]:
    """``body`` with each page mark replaced by a stand-in character, and the marks."""
    marks = Marks()
    if "data-page" not in body:
        return body, marks
    marks.stand_in = next((c for c in STAND_INS if c not in body), "")
    if not marks.stand_in:
        return body, marks

    def swap(m: re.Match[str]) -> str:
        if _escaped(body, m.start()):
            return m.group(0)
        anchor, page = m.group(2), int(m.group(3))
        label = anchor[len("page-") :] if anchor.startswith("page-") else ""
        marks.found.append(PageStart(offset=0, page=page, label=label))
        return marks.stand_in

    return PAGE_MARK.sub(swap, body), marks


def take_page_marks(text: str, marks: Marks) -> tuple[str, tuple[PageStart, ...]]:
    """``text`` (a joined, unescaped block) without its stand-ins, stripped, and the marks
    they stood for at their offsets in it."""
    if not marks.stand_in or marks.stand_in not in text:
        return text, ()
    pieces = text.split(marks.stand_in)
    clean = "".join(pieces)
    lead = len(clean) - len(clean.lstrip())
    stripped = clean.strip()
    starts: list[PageStart] = []
    at = 0
    for piece in pieces[:-1]:
        at += len(piece)
        if marks.used < len(marks.found):
            offset = max(0, min(at - lead, len(stripped)))
            starts.append(dataclasses.replace(marks.found[marks.used], offset=offset))
        marks.used += 1
    return stripped, tuple(starts)


def attach_page_marks(
    lines: list[Line], structures: Sequence[Block], pending: Sequence[tuple[int, tuple[PageStart, ...]]]
) -> tuple[list[Line], tuple[Block, ...]]:
    """The marks that stood alone at line ``n`` (``pending``) put on what follows them: the
    next line (at its start) or structure, whichever comes first; on the last line's end
    when nothing follows."""
    if not pending:
        return lines, tuple(structures)
    lines = list(lines)
    items = list(structures)
    for n, starts in pending:
        line_at = next((i for i, line in enumerate(lines) if line.origin.line > n), None)
        item_at = next((i for i, s in enumerate(items) if s.origins and s.origins[0].line > n), None)
        line_n = lines[line_at].origin.line if line_at is not None else None
        item_n = items[item_at].origins[0].line if item_at is not None else None
        if item_at is not None and (line_n is None or (item_n is not None and item_n < line_n)):
            item = items[item_at]
            items[item_at] = dataclasses.replace(item, page_starts=item.page_starts + starts)
        elif line_at is not None:
            line = lines[line_at]
            lines[line_at] = dataclasses.replace(line, page_starts=starts + line.page_starts)
        elif lines:
            line = lines[-1]
            end = tuple(dataclasses.replace(ps, offset=len(line.text)) for ps in starts)
            lines[-1] = dataclasses.replace(line, page_starts=line.page_starts + end)
    return lines, tuple(items)
