"""Tables and lists in text input, read whole (issue 14): a core service of the text and
Markdown readers.

Plain text (:func:`plain_structures`) gives its tables and lists away only where they are
sure: a table is three or more consecutive lines of two or more cells (separated by two or
more spaces or a tab) whose columns start (or end) at the same places; a list is two or
more consecutive short items with the same marker (``- ``, ``* ``, ``\u2022``, ``\u25cf``,
``\u25aa``, or ``1. ``/``1) `` numbered in sequence). Chinese numbered parts (``\u4e00\u3001``,
``\uff08\u4e00\uff09``, ``1\uff0e``, and ``1. `` before Chinese text) are headings and
paragraphs, never lists: Chinese documents number their paragraphs so.

Markdown (:func:`markdown_structures`) marks them: pipe tables and ``-``/``*``/``+``/``1.``
lists are always read as such.

Each structure takes the origin of its first line; its lines are not also kept as lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Block, Line, ListItem, Origin, make_list, make_table
from .textutil import is_cjk, width

SEPARATOR = re.compile(r"\t+| {2,}")
MIN_ROWS = 3  # lines a whitespace-aligned table has at least
ALIGN = 1  # columns two cell edges may differ by and still be aligned
CAPTION = re.compile(r"^(?:\u8868|table)\s*[\dA-Z\u4e00-\u9fff]{1,6}(?:[.\-\u2010\u2013]\d+)?(?:\s|[:.\uff1a]|$)", re.I)
CAPTION_WIDTH = 80  # columns of a caption line, at most
BULLET = re.compile(r"^(?:([-*])\s+|([\u2022\u25cf\u25aa])\s*)(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,3})([.)])\s+(\S.*)$")
SHORT_ITEM = 80  # columns of a plain-text list item, at most
DIGIT = re.compile(r"\d")


# ----------------------------------------------------------------------------- plain text


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _row(line: Line) -> _Row | None:
    """A line split into cells at runs of two or more spaces or tabs, with the display
    columns where each cell starts and ends (``None`` for fewer than two cells)."""
    text = line.text
    cells: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    col = int(line.indent)
    for m in [*SEPARATOR.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        if piece.strip():
            cells.append(piece.strip())
            starts.append(col)
            ends.append(col + width(piece.rstrip()))
        col += width(piece)
        if m:
            col += sum(8 - (col + i) % 8 if ch == "\t" else 1 for i, ch in enumerate(m.group(0)))
            pos = m.end()
    return _Row(tuple(cells), tuple(starts), tuple(ends)) if len(cells) >= 2 else None


def _aligned(rows: Sequence[_Row]) -> bool:
    """Whether every column after the first starts, or ends, at the same place in every row."""
    for j in range(1, len(rows[0].cells)):
        starts = [r.starts[j] for r in rows]
        ends = [r.ends[j] for r in rows]
        if max(starts) - min(starts) > ALIGN and max(ends) - min(ends) > ALIGN:
            return False
    return True


def _header_rows(rows: Sequence[_Row]) -> int:
    """``1`` when the first row is words over rows of numbers, else ``0``."""
    if DIGIT.search("".join(rows[0].cells)):
        return 0
    numeric = sum(1 for r in rows[1:] for c in r.cells if DIGIT.search(c))
    return 1 if numeric * 2 >= sum(len(r.cells) for r in rows[1:]) else 0


def _caption(lines: Sequence[Line], at: int) -> bool:
    line = lines[at] if 0 <= at < len(lines) else None
    return line is not None and width(line.text) <= CAPTION_WIDTH and bool(CAPTION.match(line.text))


def _tables(lines: Sequence[Line]) -> list[tuple[int, int, Block]]:
    """``(first line index, end index, Table)`` for each whitespace-aligned table."""
    out: list[tuple[int, int, Block]] = []
    i = 0
    while i < len(lines):
        first = _row(lines[i])
        j = i + 1
        rows = [first] if first else []
        while first and j < len(lines):
            nxt = _row(lines[j])
            if (
                nxt is None
                or len(nxt.cells) != len(first.cells)
                or lines[j].blank_before
                or lines[j].origin.page != lines[i].origin.page
                or not _aligned([*rows, nxt])
            ):
                break
            rows.append(nxt)
            j += 1
        if len(rows) < MIN_ROWS:
            i += 1
            continue
        start, end, caption = i, j, ""
        if _caption(lines, i - 1) and not any(s <= i - 1 < e for s, e, _ in out):
            start, caption = i - 1, lines[i - 1].text
        elif _caption(lines, j):
            end, caption = j + 1, lines[j].text
        table = make_table(
            [r.cells for r in rows],
            header_rows=_header_rows(rows),
            caption=caption,
            origins=(lines[start].origin,),
        )
        out.append((start, end, table))
        i = end
    return out


def _item(line: Line) -> tuple[str, str, int | None] | None:
    """``(marker style, text, number)`` of a list item line, ``None`` for another line."""
    m = BULLET.match(line.text)
    if m:
        return (m.group(1) or m.group(2)), m.group(3), None
    m = NUMBERED.match(line.text)
    if m and not is_cjk(m.group(3)[:1]):  # (1. 新建…: a Chinese document's numbered paragraphs, kept as such)
        return f"#{m.group(2)}", m.group(3), int(m.group(1))
    return None


def _lists(lines: Sequence[Line], used: set[int]) -> list[tuple[int, int, Block]]:
    """``(first line index, end index, ListBlock)`` for each run of two or more short items
    with one marker style (numbers in sequence)."""
    out: list[tuple[int, int, Block]] = []
    i = 0
    while i < len(lines):
        head = _item(lines[i]) if i not in used else None
        if head is None or width(lines[i].text) > SHORT_ITEM:
            i += 1
            continue
        style = head[0]
        run = [i]
        j = i + 1
        while j < len(lines) and j not in used:
            got = _item(lines[j])
            nested = lines[j].indent > lines[i].indent  # (a nested list may have its own marker)
            if got is None or (got[0] != style and not nested) or width(lines[j].text) > SHORT_ITEM:
                break
            run.append(j)
            j += 1
        indents = sorted({lines[k].indent for k in run})
        numbers = [_item(lines[k])[2] for k in run if lines[k].indent == indents[0]]  # type: ignore[index]
        if not numbers:
            i += 1
            continue
        top = len(numbers)
        in_order = style[0] != "#" or numbers == list(range(numbers[0] or 0, (numbers[0] or 0) + top))
        if len(run) < 2 or top < 2 or not in_order or lines[i].indent != indents[0]:
            i += 1
            continue
        ordered = style[0] == "#"
        items = []
        for k in run:
            kind, text, number = _item(lines[k])  # type: ignore[misc]
            numbered = kind[0] == "#"
            marker = f"{number}{kind[1]}" if numbered else kind
            items.append(ListItem(text=text, depth=indents.index(lines[k].indent), marker=marker, ordered=numbered))
        start = numbers[0] or 1
        origins = tuple(lines[k].origin for k in run)
        out.append((i, j, make_list(items, ordered=ordered, start=start, origins=origins)))
        i = j
    return out


def plain_structures(
    lines: Sequence[Line], *, tables: bool = True, lists: bool = True
) -> tuple[tuple[Line, ...], tuple[Block, ...]]:
    """The lines of plain text without those of its sure tables and lists, and those
    tables and lists (each with the origin of its first line)."""
    tables = _tables(lines) if tables else []
    used = {k for s, e, _ in tables for k in range(s, e)}
    lists = _lists(lines, used) if lists else []
    used |= {k for s, e, _ in lists for k in range(s, e)}
    if not used:
        return tuple(lines), ()
    found = sorted([*tables, *lists], key=lambda t: t[0])
    return tuple(line for k, line in enumerate(lines) if k not in used), tuple(b for _, _, b in found)


# ----------------------------------------------------------------------------- Markdown

PIPE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
MD_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
THEMATIC = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
CELL_BREAK = re.compile(r"<br\s*/?>", re.I)
UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _pipe_cells(line: str) -> list[str]:
    """A pipe table row's cells (escaped ``\\|`` kept inside a cell, ``<br>`` a line break
    without the space the writer puts before it)."""
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    cells = re.split(r"(?<!\\)\|", text)
    return [UNESCAPE.sub(r"\1", "\n".join(part.strip() for part in CELL_BREAK.split(c.strip()))) for c in cells]


def _pipe_table(raw: Sequence[str], i: int) -> tuple[int, list[list[str]]] | None:
    """The pipe table whose header is ``raw[i]``: ``(end index, rows)``, or ``None``."""
    if i + 1 >= len(raw) or "|" not in raw[i] or not PIPE_DELIMITER.match(raw[i + 1]) or "-" not in raw[i + 1]:
        return None
    header = _pipe_cells(raw[i])
    if len(_pipe_cells(raw[i + 1])) != len(header):
        return None
    rows = [header]
    j = i + 2
    while j < len(raw) and raw[j].strip() and "|" in raw[j]:
        rows.append(_pipe_cells(raw[j]))
        j += 1
    # A row with more cells than the header widens the table (GFM drops the extra cells:
    # that would be text lost without a record); shorter rows are filled with empty cells.
    width = max(len(row) for row in rows)
    return j, [row + [""] * (width - len(row)) for row in rows]


def _md_list(raw: Sequence[str], i: int) -> tuple[int, Block] | None:
    """The Markdown list starting at ``raw[i]``: ``(end index, ListBlock)``, or ``None``."""
    if THEMATIC.match(raw[i]) or not MD_ITEM.match(raw[i]) or not (MD_ITEM.match(raw[i]).group(3) or "").strip():
        return None
    items: list[ListItem] = []
    indents: list[int] = []
    j = i
    blank = False
    while j < len(raw):
        line = raw[j]
        m = MD_ITEM.match(line) if not THEMATIC.match(line) else None
        if not line.strip():
            blank = True
            j += 1
            continue
        if m and (m.group(3) or "").strip():
            indent = len(m.group(1))
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            marker = m.group(2)
            ordered = marker[0].isdigit()
            items.append(ListItem(text=m.group(3).strip(), depth=len(indents) - 1, marker=marker, ordered=ordered))
        elif items and (not blank or line.startswith(("  ", "\t"))):  # a continuation of the item
            last = items[-1]
            items[-1] = ListItem(
                text=f"{last.text} {line.strip()}", depth=last.depth, marker=last.marker, ordered=last.ordered
            )
        else:
            break
        blank = False
        j += 1
    while j > i and not raw[j - 1].strip():
        j -= 1
    items = [
        ListItem(text=UNESCAPE.sub(r"\1", t.text), depth=t.depth, marker=t.marker, ordered=t.ordered) for t in items
    ]
    first = items[0]
    start = int(first.marker[:-1]) if first.ordered else 1
    return j, make_list(items, ordered=first.ordered, start=start)


def markdown_structures(body: str, first_line: int = 1) -> tuple[str, tuple[Block, ...]]:
    """``body`` with the lines of its pipe tables and lists blanked (the line numbering
    kept), and those tables and lists (origin: their first line). A list starts at a
    paragraph's start; a ``Table: caption`` line next to a table is its caption."""
    raw = body.split("\n")
    found: list[Block] = []
    in_paragraph = False
    i = 0
    while i < len(raw):
        line = raw[i]
        table = _pipe_table(raw, i) if not in_paragraph else None
        listed = _md_list(raw, i) if not in_paragraph and table is None else None
        if table is not None or listed is not None:
            end = table[0] if table is not None else listed[0]  # type: ignore[index]
            start = i
            if table is not None:
                caption = ""
                for at in (i - 2, end + 1):  # (a blank line between)
                    if 0 <= at < len(raw) and raw[at].startswith("Table: "):
                        caption = UNESCAPE.sub(r"\1", raw[at][len("Table: ") :].strip())
                        raw[at] = ""
                        break
                rows = table[1]
                header = 1 if any(c.strip() for c in rows[0]) or len(rows) == 1 else 0  # (empty: no header)
                block: Block = make_table(
                    rows[1 - header :], header_rows=header, caption=caption, origins=(Origin(line=first_line + i),)
                )
            else:
                block = listed[1]  # type: ignore[index]
                from dataclasses import replace

                block = replace(block, origins=(Origin(line=first_line + start),))
            found.append(block)
            for k in range(start, end):
                raw[k] = ""
            i = end
            in_paragraph = False
            continue
        in_paragraph = bool(line.strip()) and not line.lstrip().startswith("#")
        i += 1
    return "\n".join(raw), tuple(found)
