"""Tables on PDF pages: found, read cell by cell, and kept out of the page's lines.

Two kinds are found, per page, before the page's characters are laid out into lines:

* **Ruled tables** (cell borders drawn): pdfplumber's table finder with the "lines"
  strategy on both axes (:data:`RULED_SETTINGS`: edges snapped and joined within 3 points,
  edges at least 3 points long). A table needs at least two rows and two columns (a frame
  round a paragraph is no table). The grid is the set of distinct cell borders; a cell box
  that covers several grid columns (rows) gets ``colspan`` (``rowspan``).
* **Unruled tables** (columns set apart by white space only): rows of characters are split
  at gaps wider than :data:`COLUMN_GAP` ems; a run of at least :data:`MIN_ROWS` consecutive
  rows, at most :data:`ROW_GAP` line heights apart, each split into at least two pieces and
  at least :data:`MIN_ROWS` of them into three or more, whose pieces fall into the same
  :data:`MIN_COLUMNS` or more column strips (white strips that no body row crosses), with
  at least :data:`MIN_NUMERIC` of the cells numbers, is a table. Conservative on purpose:
  prose, two-column pages (two pieces per row), numbered lists and tables of contents
  (section number, title, page number: :func:`_contents_like`) stay text.

Cell text is joined as the page's lines are (:func:`convert.readers.pdf.layout._line_from_chars`:
no spaces inside CJK, words of Latin text spaced); a cell's text wrapped over several lines
is joined into one line (the wrap is the narrow column's, not the author's).

**Header rows**: the leading rows set in bold or drawn on a shaded fill; otherwise the first
row when it holds no number and either most cells of the later rows are numbers or one of
its cells spans several columns (a label over sub-columns), extended down
through the rows that its cells span (a two-level header: a group label over two columns,
with the sub-labels, years included, in the row under it).

**Captions**: a line just above a table (or, failing that, just below it) that starts with
``表 N``, ``附表 N`` or ``Table N`` becomes the table's caption and is taken out of the lines.

**Across a page break**: a table that ends a page (nothing under it but the footer band)
and one that starts the next page (nothing above it but the header band) with the same
number of columns, their borders within :data:`SAME_X` points, are one table; the second
page's first row is dropped when it repeats the header row.

Each table gets ``Origin(line=N, page=P)`` in the page's line numbering: the page's lines
are renumbered so that the table takes the number of the place where it stood in reading
order (:func:`place_tables`). Nothing inside a table's box becomes a line, so no cell is
ever taken for a page number, a running header or a heading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from convert.core.model import Cell, Origin, Table, make_table
from convert.core.textutil import needs_space
from convert.readers.pdf.layout import (
    PageLayout,
    PdfLine,
    _bold_font,
    _line_from_chars,
    _quarter_turn,
    _rows,
    _segments,
    is_rotated,
)

Char = Mapping[str, object]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom

#: pdfplumber ``table_settings`` for ruled tables.
RULED_SETTINGS: dict[str, object] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "edge_min_length": 3,
    "intersection_tolerance": 3,
}
OVERLAP = 0.05  # share of a ruled table's characters that may fall in two cells at once
GRID_TOLERANCE = 2.0  # points: cell borders this close are one grid line
COLUMN_GAP = 1.0  # ems: the least gap between two columns of an unruled table
MIN_ROWS = 3  # rows of three or more cells an unruled table needs
MIN_COLUMNS = 3  # columns an unruled table needs
ROW_GAP = 2.2  # line heights: the most space between two rows of one unruled table
MIN_NUMERIC = 0.3  # share of an unruled table's filled cells that must be numbers
SAME_X = 3.0  # points: borders of a table continued on the next page
BAND = 0.13  # share of the page height of its header and footer bands
CAPTION = re.compile(
    r"^(?:\u9644?\u8868\s*[\dA-Z]+(?:[-.\u2013]\d+)*|Table\s+[\dA-Z]+(?:[-.\u2013]\d+)*)(?=[\s.:\uff1a\u3000]|\S)"
)
NUMBER = re.compile(r"^[-+\u2212(\uff08]?[$\u00a5\u20ac\u00a3]?\d[\d,.\u2009\u00a0 ]*[%\u2030)\uff09]?$")
SECTION = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|\u7b2c.{1,4}[\u7ae0\u8282\u6761])$")


@dataclass(slots=True)
class PageTable:
    """A table found on a page, before it is numbered among the page's lines."""

    box: Box
    grid: list[list[Cell]]  # rows of the cells that start in them (spanned positions left out)
    columns: list[float]  # x of the column borders (left edges and the right edge)
    header_rows: int
    ruled: bool
    page: int
    caption: str = ""
    number: int = 0
    last_page: int = 0  # the page it ends on, when continued across a page break

    def table(self) -> Table:
        """The model's :class:`Table` for this one."""
        return make_table(
            [tuple(row) for row in self.grid],
            header_rows=self.header_rows,
            caption=self.caption,
            origins=(Origin(line=self.number, page=self.page),),
        )


def is_number(text: str) -> bool:
    """Whether a cell holds a number (``1.25``, ``-3``, ``12 %``, ``(4.0)``, ``1,200``)."""
    return bool(NUMBER.match(text.strip()))


def _middle_y(ch: Char) -> float:
    return (float(ch["top"]) + float(ch["bottom"])) / 2  # type: ignore[arg-type]


def _inside(ch: Char, box: Box) -> bool:
    x = (float(ch["x0"]) + float(ch["x1"])) / 2  # type: ignore[arg-type]
    y = (float(ch["top"]) + float(ch["bottom"])) / 2  # type: ignore[arg-type]
    return box[0] - 0.5 <= x <= box[2] + 0.5 and box[1] - 0.5 <= y <= box[3] + 0.5


def cell_text(chars: Sequence[Char], page: int, lines: Sequence[tuple[float, str]] | None = None) -> str:
    """The text of a cell's characters: its rows joined as lines are, wrapped rows joined
    into one line (no space inside CJK, one between Latin words).

    :param lines: :func:`cell_lines` of ``chars`` when the caller has them already."""
    turned = [c for c in chars if _quarter_turn(c)]
    if len(turned) > 0.5 * len(chars):
        return _turned_text(turned)
    out = ""
    for _, text in cell_lines(chars, page) if lines is None else lines:
        out = out + (" " if needs_space(out, text) else "") + text if out else text
    return out


def cell_lines(chars: Sequence[Char], page: int) -> list[tuple[float, str]]:
    """A cell's text rows, top to bottom, each as ``(top, text)``."""
    visible = [c for c in chars if str(c.get("text", "")).strip() and not is_rotated(c)]
    out = []
    for row in _rows(list(visible)):
        line = _line_from_chars(list(row), page)
        out.append((min(float(c["top"]) for c in row), line.text))  # type: ignore[arg-type]
    return out


def _split_stacked_rows(placed: list[Placed], lines: Mapping[tuple[int, int], list[tuple[float, str]]]) -> list[Placed]:
    """A grid row whose filled cells all hold the same number of text rows (two or more)
    at the same heights holds that many table rows the ruling did not separate (a table
    ruled every five rows): split it into them. A row some cell spans into, or whose cells
    wrap differently (one cell's long text over two rows beside one-row cells), stays one."""
    rows = max((p[1] for p in placed), default=0)
    out: list[Placed] = []
    shift = 0
    for r in range(rows):
        mine = sorted((p for p in placed if p[0] == r), key=lambda p: p[2])
        spanned = any(p[0] < r < p[1] for p in placed) or any(p[1] - p[0] != 1 for p in mine)
        filled = [lines.get((p[0], p[2]), []) for p in mine if p[4].text]
        counts = {len(x) for x in filled}
        k = counts.pop() if len(counts) == 1 else 0
        aligned = (
            k >= 2
            and len(filled) >= 2
            and all(max(x[i][0] for x in filled) - min(x[i][0] for x in filled) < 2.0 for i in range(k))
        )
        if spanned or not aligned:
            out += [(p[0] + shift, p[1] + shift, p[2], p[3], p[4], p[5]) for p in mine]
            continue
        for i in range(k):
            for p in mine:
                rows_of = lines.get((p[0], p[2]), [])
                text = rows_of[i][1] if len(rows_of) == k else ""
                out.append((r + shift + i, r + shift + i + 1, p[2], p[3], Cell(text=text), False))
        shift += k - 1
    return out


def _turned_text(chars: Sequence[Char]) -> str:
    """The text of a cell set a quarter turn round (a narrow column's header reading up or
    down): characters in lines by x (left to right: text reading up wraps rightwards), along
    each line in reading direction, spaced at gaps."""
    up = _quarter_turn(chars[0]) == -1
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: float(c["x0"])):  # type: ignore[arg-type]
        if lines and abs(float(ch["x0"]) - float(lines[-1][0]["x0"])) <= 0.5 * float(ch["size"]):  # type: ignore[arg-type]
            lines[-1].append(ch)
        else:
            lines.append([ch])
    if not up:
        lines.reverse()  # text reading down wraps leftwards
    out: list[str] = []
    for line in lines:
        line.sort(key=lambda c: -float(c["bottom"]) if up else float(c["top"]))  # type: ignore[arg-type]
        text = ""
        prev: Char | None = None
        for ch in line:
            if prev is not None:
                gap = (float(prev["top"]) - float(ch["bottom"])) if up else (float(ch["top"]) - float(prev["bottom"]))  # type: ignore[arg-type]
                if gap > 0.17 * float(ch["size"]) and not text.endswith(" "):  # type: ignore[arg-type]
                    text += " "
            text += str(ch["text"])
            prev = ch
        out.append(" ".join(text.split()))
    return " ".join(t for t in out if t)


def outside(chars: Sequence[Char], tables: Sequence[PageTable]) -> list[Char]:
    """The characters not inside any of ``tables``' boxes: what becomes the page's lines."""
    if not tables:
        return list(chars)
    return [c for c in chars if not any(_inside(c, t.box) for t in tables)]


# ----------------------------------------------------------------------------- ruled


def _levels(values: Sequence[float]) -> list[float]:
    """Distinct positions, those within :data:`GRID_TOLERANCE` taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > GRID_TOLERANCE:
            out.append(v)
    return out


def _index(levels: Sequence[float], v: float) -> int:
    return min(range(len(levels)), key=lambda i: abs(levels[i] - v))


def ruled_tables(page: object, chars: Sequence[Char], number: int, fills: Sequence[object] = ()) -> list[PageTable]:
    """The ruled tables pdfplumber's finder sees on ``page`` (see :data:`RULED_SETTINGS`)."""
    edges = getattr(page, "edges", ())
    across = {round(float(e["top"])) for e in edges if e.get("orientation") == "h"}
    down = {round(float(e["x0"])) for e in edges if e.get("orientation") == "v"}
    if len(across) < 3 or len(down) < 3:
        return []  # (two rows of two cells need three rules each way: no finder run on a bare page)
    found = page.find_tables(RULED_SETTINGS)  # type: ignore[attr-defined]
    sides = _open_sides([tuple(float(v) for v in t.bbox) for t in found], edges, chars)
    if sides:
        found = page.find_tables({**RULED_SETTINGS, "explicit_vertical_lines": sides})  # type: ignore[attr-defined]
    out: list[PageTable] = []
    for t in found:
        table = _ruled_table(t, chars, number, fills)
        if table is not None:
            out.append(table)
    return out


def _open_sides(
    boxes: Sequence[Box], edges: Sequence[Mapping[str, object]], chars: Sequence[Char]
) -> list[dict[str, object]]:
    """The outer borders of tables ruled without them: when two or more of the rules across
    a table run on past its first or last vertical rule (by more than :data:`SAME_X`) and
    text stands in that margin between them, the finder has left out the table's first or
    last column (the row labels of a table drawn with inner rules only). Each border is
    an edge from the highest to the lowest of those rules, at their common end."""
    out: list[dict[str, object]] = []
    across = [e for e in edges if e.get("orientation") == "h"]
    for x0, top, x1, bottom in boxes:
        rules = [e for e in across if top - GRID_TOLERANCE <= float(e["top"]) <= bottom + GRID_TOLERANCE]  # type: ignore[arg-type]
        for left in (True, False):
            ends = [float(e["x0"] if left else e["x1"]) for e in rules]  # type: ignore[arg-type]
            past = [x for x in ends if (x0 - x if left else x - x1) > SAME_X]
            side = x0 if left else x1
            if len(past) < 2 or any(abs(x - side) <= SAME_X for x in ends):
                continue  # (rows closed at the side: no open side)
            edge = min(past) if left else max(past)
            lo, hi = (edge, x0) if left else (x1, edge)
            if not any(lo <= float(c["x0"]) and float(c["x1"]) <= hi and top <= _middle_y(c) <= bottom for c in chars):  # type: ignore[arg-type]
                continue
            ys = [float(e["top"]) for e in rules if abs(float(e["x0"] if left else e["x1"]) - edge) <= SAME_X]  # type: ignore[arg-type]
            if len(ys) < 2 or min(ys) > top + GRID_TOLERANCE or max(ys) < bottom - GRID_TOLERANCE:
                continue  # (a border the table's whole height, or none: cells no rule closes lose their text)
            out.append(
                {
                    "object_type": "v_edge",
                    "orientation": "v",
                    "x0": edge,
                    "x1": edge,
                    "top": min(ys),
                    "bottom": max(ys),
                    "width": 0.0,
                    "height": max(ys) - min(ys),
                }
            )
    return out


Placed = tuple[int, int, int, int, Cell, bool]  # first row, row after, first column, column after, cell, marked


def _ruled_table(t: object, chars: Sequence[Char], number: int, fills: Sequence[object]) -> PageTable | None:
    """One table of pdfplumber's finder read cell by cell, or ``None`` when it is no table:
    one row or column (a frame), fewer than two rows with two filled cells (a box round
    a letterhead, a form's outline), or cell boxes that overlap (more than :data:`OVERLAP` of
    the characters in two cells: the boxes and labels of a diagram)."""
    cells = [tuple(float(v) for v in c) for c in t.cells]  # type: ignore[attr-defined]
    xs = _levels([v for c in cells for v in (c[0], c[2])])
    ys = _levels([v for c in cells for v in (c[1], c[3])])
    if len(xs) < 3 or len(ys) < 3:
        return None
    box: Box = tuple(float(v) for v in t.bbox)  # type: ignore[attr-defined, assignment]
    inside = sorted((c for c in chars if _inside(c, box)), key=_middle_y)
    middles = [_middle_y(c) for c in inside]  # (cells look only at the characters of their band)
    placed: list[Placed] = []
    seen: set[tuple[int, int]] = set()
    taken: set[int] = set()
    claimed = 0  # characters inside two cells or more
    rows_of: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for c in cells:
        r0, r1 = _index(ys, c[1]), _index(ys, c[3])
        c0, c1 = _index(xs, c[0]), _index(xs, c[2])
        if r1 <= r0 or c1 <= c0 or (r0, c0) in seen:
            continue
        seen.add((r0, c0))
        band = inside[bisect.bisect_left(middles, c[1] - 0.5) : bisect.bisect_right(middles, c[3] + 0.5)]
        own = [ch for ch in band if _inside(ch, c)]
        claimed += sum(1 for ch in own if id(ch) in taken)
        taken.update(id(ch) for ch in own)
        rows_of[(r0, c0)] = lines = cell_lines(own, number)
        text = cell_text(own, number, lines)
        placed.append((r0, r1, c0, c1, Cell(text=text), bool(own) and (_bold(own) or _shaded(c, fills))))
    if claimed > OVERLAP * max(len(inside), 1):
        return None  # cell boxes overlapping one another: a diagram's boxes, not a grid
    placed = _split_stacked_rows(placed, rows_of)
    placed, xs = _collapse(placed, xs)
    rows = max((p[1] for p in placed), default=0)
    grid = [
        [
            Cell(text=p[4].text, colspan=p[3] - p[2], rowspan=p[1] - p[0])
            for p in sorted(placed, key=lambda p: p[2])
            if p[0] == r
        ]
        for r in range(rows)
    ]
    if sum(1 for row in grid if sum(1 for cell in row if cell.text) >= 2) < 2:
        return None
    if _right_to_left(inside):
        grid = [row[::-1] for row in grid]  # columns read from the right
    marked = [all(p[5] for p in placed if p[0] == r and p[4].text) for r in range(rows)]
    header = _header_rows(grid, marked)
    return PageTable(box=box, grid=grid, columns=xs, header_rows=header, ruled=True, page=number)


def _collapse(placed: list[Placed], xs: list[float]) -> tuple[list[Placed], list[float]]:
    """The cells with the grid's empty columns and rows taken out (no cell with text starts
    in them: a ruled gap between a label and its value, a spacer row), the cells that
    covered them narrowed; the column borders kept."""
    cols = sorted({p[2] for p in placed if p[4].text})
    rows = sorted({p[0] for p in placed if p[4].text})

    def squeeze(keep: list[int], lo: int, hi: int) -> tuple[int, int]:
        return sum(1 for k in keep if k < lo), sum(1 for k in keep if k < hi)

    out: list[Placed] = []
    for r0, r1, c0, c1, cell, marked in placed:
        a, b = squeeze(rows, r0, r1)
        c, d = squeeze(cols, c0, c1)
        if b > a and d > c and (cell.text or (r0 in rows and c0 in cols)):
            out.append((a, b, c, d, cell, marked))
    return out, [xs[k] for k in cols] + [xs[-1]]


def _right_to_left(chars: Sequence[Char]) -> bool:
    """Whether most letters in a table are Arabic or Hebrew (its columns read from the right)."""
    from convert.core.language import has_rtl

    letters = [str(c.get("text", "")) for c in chars if str(c.get("text", "")).isalpha()]
    return bool(letters) and sum(1 for t in letters if has_rtl(t)) > 0.5 * len(letters)


def _bold(chars: Sequence[Char]) -> bool:
    return sum(1 for c in chars if _bold_font(c.get("fontname", ""))) > 0.6 * len(chars)


def _shaded(box: Box, fills: Sequence[object]) -> bool:
    """Whether a cell is drawn on a grey or coloured fill (a header row's shading)."""
    for f in fills:
        x0, top, x1, bottom, lum = (getattr(f, k) for k in ("x0", "top", "x1", "bottom", "luminance"))
        if x0 <= box[0] + 1 and x1 >= box[2] - 1 and top <= box[1] + 1 and bottom >= box[3] - 1 and 0.3 <= lum < 0.97:
            return True
    return False


def _header_rows(grid: Sequence[Sequence[Cell]], marked: Sequence[bool]) -> int:
    """How many leading rows are headers (see the module's docstring)."""
    n = 0
    while n < len(grid) - 1 and marked[n]:
        n += 1
    if n:
        return n
    if len(grid) < 2 or any(is_number(c.text) for c in grid[0] if c.text):
        return 0
    later = [c.text for row in grid[1:] for c in row if c.text]
    grouped = any(c.colspan > 1 for c in grid[0]) and all(c.text for c in grid[0])  # a label over sub-columns
    if not grouped and (not later or sum(1 for t in later if is_number(t)) < 0.5 * len(later)):
        return 0
    depth = max(c.rowspan for c in grid[0])
    while depth > 1 and not grouped and any(is_number(c.text) for row in grid[1:depth] for c in row if c.text):
        depth -= 1
    return min(depth, len(grid) - 1)


# ----------------------------------------------------------------------------- unruled


@dataclass(slots=True)
class _Row:
    """One text row of a page, split at column gaps into segments of characters; the
    segments' text (:attr:`pieces`) is made only when the row may belong to a table (making
    text is the costly part, and most rows are running text)."""

    segments: list[list[Char]]
    top: float
    bottom: float
    size: float
    page: int
    made: list[tuple[float, float, str]] | None = None

    @property
    def pieces(self) -> list[tuple[float, float, str]]:
        """``(x0, x1, text)`` per segment."""
        if self.made is None:
            self.made = []
            for seg in self.segments:
                line = _line_from_chars(seg, self.page)
                self.made.append((line.x0, line.x1, line.text))
        return self.made


def _text_rows(chars: Sequence[Char], number: int) -> list[_Row]:
    out = []
    for row in _rows([c for c in chars if str(c.get("text", "")).strip() and not is_rotated(c)]):
        size = max(float(c["size"]) for c in row)  # type: ignore[arg-type]
        out.append(
            _Row(
                segments=[list(seg) for seg in _segments(list(row), COLUMN_GAP * size)],
                top=min(float(c["top"]) for c in row),  # type: ignore[arg-type]
                bottom=max(float(c["bottom"]) for c in row),  # type: ignore[arg-type]
                size=size,
                page=number,
            )
        )
    return out


def _strips(rows: Sequence[_Row]) -> list[tuple[float, float]]:
    """Column strips: the x-ranges covered by the rows' pieces, merged where they overlap."""
    spans = sorted((x0, x1) for r in rows for x0, x1, _ in r.pieces)
    out: list[tuple[float, float]] = []
    for x0, x1 in spans:
        if out and x0 <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _contents_like(rows: Sequence[_Row]) -> bool:
    """Rows that read as a table of contents or a numbered list: a section number first,
    a page number or nothing numeric after the title."""
    hits = sum(1 for r in rows if SECTION.match(r.pieces[0][2]) and not any(is_number(p[2]) for p in r.pieces[1:-1]))
    return hits >= 0.6 * len(rows)


def unruled_tables(chars: Sequence[Char], number: int) -> list[PageTable]:
    """The tables set out by white space alone among ``chars`` (see the module docstring)."""
    rows = _text_rows(chars, number)
    out: list[PageTable] = []
    i = 0
    while i < len(rows):
        j = i
        while (
            j < len(rows)
            and len(rows[j].segments) >= 2
            and (j == i or rows[j].top - rows[j - 1].bottom <= ROW_GAP * rows[j].size)
        ):
            j += 1
        if j - i >= MIN_ROWS and sum(1 for r in rows[i:j] if len(r.segments) >= MIN_COLUMNS) >= MIN_ROWS:
            found = _table_from_rows(rows[i:j], number)
            if found is not None:
                out.append(found)
        i = max(j, i + 1)
    return out


NUMBER_CHARS = frozenset("-+\u2212(\uff08$\u00a5\u20ac\u00a3,.\u2009\u00a0 %\u2030)\uff09")


def _numbers_enough(run: Sequence[_Row]) -> bool:
    """Whether enough of the run's pieces may be numbers for :data:`MIN_NUMERIC`: a piece
    can only read as one (:func:`is_number`) when each of its characters is a digit or a
    sign, currency, separator or bracket of a number. Every piece has some text, so this
    bounds the share :func:`_table_from_rows` finds, before any text is made."""
    pieces = sum(len(r.segments) for r in run)
    could = sum(1 for r in run for seg in r.segments if _number_chars(seg))
    return could >= MIN_NUMERIC * pieces


def _number_chars(seg: Sequence[Char]) -> bool:
    return all(ch.isdecimal() or ch in NUMBER_CHARS for c in seg for ch in str(c["text"]))


def _table_from_rows(run: Sequence[_Row], number: int) -> PageTable | None:
    """A table from a run of split rows, or ``None`` when they do not line up as one."""
    wide = [r for r in run if len(r.segments) >= MIN_COLUMNS]  # (a row has a piece per segment)
    if len(wide) < MIN_ROWS:
        return None
    start = next(k for k, r in enumerate(run) if len(r.segments) >= MIN_COLUMNS)
    if not _numbers_enough(run[max(0, start - 1) :] if start else run):
        return None  # (told from the characters: the rows of running text in columns make no text here)
    widest = max(len(x.segments) for x in run)
    body = [r for r in run if len(r.segments) == widest]
    strips = _strips(body)
    if len(strips) < MIN_COLUMNS:
        return None
    run = run[max(0, start - 1) :] if start else run
    grid: list[list[Cell]] = []
    for r in run:
        cells: list[Cell] = []
        at = 0
        for x0, x1, text in r.pieces:
            cols = [k for k, (a, b) in enumerate(strips) if x0 < b + 1 and x1 > a - 1]
            if not cols or cols[0] < at:
                return None  # a piece between the columns or across a gutter already used
            while at < cols[0]:
                cells.append(Cell(text=""))
                at += 1
            cells.append(Cell(text=text, colspan=cols[-1] - cols[0] + 1))
            at = cols[-1] + 1
        while at < len(strips):
            cells.append(Cell(text=""))
            at += 1
        grid.append(cells)
    filled = [c.text for row in grid for c in row if c.text]
    if sum(1 for t in filled if is_number(t)) < MIN_NUMERIC * len(filled) or _contents_like(run):
        return None
    if any(len(t) > 80 for t in filled):
        return None  # a cell as long as a line of prose: text set with wide gaps, not a table
    box = (
        min(p[0] for r in run for p in r.pieces),
        min(r.top for r in run),
        max(p[1] for r in run for p in r.pieces),
        max(r.bottom for r in run),
    )
    columns = [a for a, _ in strips] + [strips[-1][1]]
    header = _header_rows(grid, [False] * len(grid))
    return PageTable(box=box, grid=grid, columns=columns, header_rows=header, ruled=False, page=number)


# ----------------------------------------------------------------------------- on the page


def find_tables(page: object, number: int, fills: Sequence[object] = ()) -> list[PageTable]:
    """The ruled and unruled tables on a pdfplumber ``page`` (page ``number``)."""
    chars = list(page.chars)  # type: ignore[attr-defined]
    tables = ruled_tables(page, chars, number, fills)
    rest = outside(chars, tables)
    tables += [t for t in unruled_tables(rest, number) if not any(_overlap(t.box, r.box) for r in tables)]
    return tables


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_tables(layout: PageLayout, tables: Sequence[PageTable]) -> None:
    """Take each table's caption out of the page's lines and number the tables among the
    lines: every line and table of the page gets its place in reading order, 1, 2, ..."""
    if not tables:
        return
    for t in tables:
        _take_caption(layout, t)
    slots: list[tuple[int, int, PageTable]] = []
    for k, t in enumerate(sorted(tables, key=lambda t: (t.box[1], t.box[0]))):
        slots.append((_slot(layout.lines, t.box), k, t))
    slots.sort(key=lambda s: (s[0], s[1]))
    n = 0
    at = 0
    for i, line in enumerate(layout.lines):
        while at < len(slots) and slots[at][0] <= i:
            n += 1
            slots[at][2].number = n
            at += 1
        n += 1
        line.number = n
    for _, _, t in slots[at:]:
        n += 1
        t.number = n


def _slot(lines: Sequence[PdfLine], box: Box) -> int:
    """Where a table stands in the page's reading order: after the last line above it in
    its column (overlapping it across), else before the first line under it."""
    above = [i for i, p in enumerate(lines) if p.x0 < box[2] and p.x1 > box[0] and p.bottom <= box[1] + 2]
    if above:  # (the nearest one: a running head or page number above may stand late in reading order)
        return max(above, key=lambda i: (lines[i].bottom, i)) + 1
    below = [i for i, p in enumerate(lines) if p.x0 < box[2] and p.x1 > box[0] and p.top >= box[3] - 2]
    return min(below) if below else len(lines)


def _take_caption(layout: PageLayout, t: PageTable) -> None:
    """Move a caption line just above (else just below) the table into ``t.caption``."""
    near = [
        p for p in layout.lines if p.x0 < t.box[2] and p.x1 > t.box[0] and CAPTION.match(p.text) and len(p.text) <= 120
    ]
    above = [p for p in near if 0 <= t.box[1] - p.bottom <= 2.5 * p.size]
    below = [p for p in near if 0 <= p.top - t.box[3] <= 2.5 * p.size]
    pick = max(above, key=lambda p: p.bottom) if above else min(below, key=lambda p: p.top) if below else None
    if pick is not None:
        t.caption = pick.text
        layout.lines.remove(pick)


def _ends_page(layout: PageLayout, t: PageTable) -> bool:
    return not any(p.top >= t.box[3] - 1 and p.top < (1 - BAND) * layout.height for p in layout.lines)


def _starts_page(layout: PageLayout, t: PageTable) -> bool:
    return not any(p.bottom <= t.box[1] + 1 and p.bottom > BAND * layout.height for p in layout.lines)


def join_across_pages(layouts: Sequence[PageLayout], found: Mapping[int, Sequence[PageTable]]) -> list[Table]:
    """The document's tables, a table continued on the next page joined into one (see the
    module docstring). ``found``: page number -> its tables (already placed)."""
    out: list[PageTable] = []
    previous: PageLayout | None = None
    for layout in layouts:
        tables = sorted(found.get(layout.number, ()), key=lambda t: t.number)
        if tables and out and previous is not None and previous.number == layout.number - 1:
            last, first = out[-1], tables[0]
            if (
                (last.last_page or last.page) == previous.number
                and _ends_page(previous, last)
                and _starts_page(layout, first)
                and len(last.columns) == len(first.columns)
                and all(abs(a - b) <= SAME_X for a, b in zip(last.columns, first.columns, strict=True))
            ):
                rows = first.grid
                if last.header_rows and [c.text for c in rows[0]] == [c.text for c in last.grid[0]]:
                    rows = rows[first.header_rows or 1 :]
                last.grid.extend(rows)
                last.last_page = layout.number  # a third page may go on with it
                tables = tables[1:]
        out.extend(tables)
        previous = layout
    return [t.table() for t in out]
