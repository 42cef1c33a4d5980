"""Layout analysis of PDF pages from their characters (positions, sizes, fonts, colours).

The PDF reader feeds this module one page at a time (the characters pdfplumber reports);
it keeps only small :class:`PdfLine` records, so memory stays bounded by the text, not by
pdfplumber's page objects. After the last page, :func:`analyse` decides which lines are
running headers/footers, page numbers and watermarks, where paragraphs start and which
lines are headings, and returns the document's :class:`~convert.core.model.Line` objects
with the :class:`~convert.core.model.Removal` records for what it dropped.

Nothing here imports pdfplumber: the input is plain dictionaries with the keys pdfplumber
uses for characters (``text x0 x1 top bottom size fontname matrix upright
non_stroking_color``), which keeps the module testable without PDF files.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from typing import Any, TypeVar

from convert.core.language import RTL_RE, has_rtl, logical_order
from convert.core.model import Code, Line, Origin, Removal
from convert.core.textutil import (
    CJK_QUOTES,
    MARGIN_PAGE_NUMBER,
    SENTENCE_OR_ITEM_END,
    fold_masked,
    is_unspaced,
    letterhead,
    needs_space,
)
from convert.readers.pdf.code import listing_lines, measurable, take_code

STEP = "pdf-reader"
CJK_SPACE = 0.35  # ems: the least gap between two CJK characters that is a space
SAME_EDGE = 1.5  # points: a piece starting this close to a column's left edge starts there
GUTTER_LINE = 8.0  # ems: the least width of the left column's part of a row split at a gutter
WORD_GAP = 0.15  # ems: a gap between two characters wider than this is a word space
GUTTER_GAP = 0.6  # ems: the least gap inside a row piece, over a column gutter, that splits it (see _at_gutters)
LETTER_RE = re.compile(r"[^\W\d_]")
SENTENCE_STOP = re.compile(r"[^\W\d_][.!?](?:\s|$)")  # a word ending a sentence
BOLD_FONT = re.compile(r"bold|heavy|black|demi|semibold|[-,]b$|黑体|粗", re.IGNORECASE)


@dataclass(slots=True)
class PdfLine:
    """One line (or column segment of a line) of a page, in page coordinates (points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    number: int = 0  # 1-based line number on its page, in reading order
    column: int = 0
    col_left: float = 0.0
    col_right: float = 0.0
    spans: bool = False  # crosses a column gutter (full-width title, table row)
    cells: int = 1  # pieces of a row set apart by wide gaps and joined again (a table or form row)
    mono: bool = False  # set in a fixed-width font (code, a terminal listing)
    font: str = ""  # the name of the font most of its characters are set in
    columns: str = ""  # a fixed-width line's text with the spaces its glyphs' places show, else ""
    drawn: bool = False  # a short line among the shapes of a diagram or a ruled table
    tinted: bool = False  # drawn in a colour or grey, not black
    raised: tuple[str, ...] = ()  # runs of small raised characters (footnote marks), as printed
    confidence: float | None = None  # a recognizer's (OCR): the lowest of its rows' (see Line.confidence)


@dataclass(slots=True)
class PageLayout:
    """What one page contributed: its lines, its watermark text, its size."""

    number: int
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    watermarks: list[str] = field(default_factory=list)
    sizes: Counter[float] = field(default_factory=Counter)
    text_chars: int = 0
    off_page: int = 0  # characters drawn outside the page's box
    rules: list[float] = field(default_factory=list)  # heights of long horizontal rules
    tables: list[object] = field(default_factory=list)  # its tables (:class:`~convert.readers.pdf.tables.PageTable`)


# ----------------------------------------------------------------------------- characters


_SEQUENCES = (tuple, list)  # (made once: ``tuple | list`` in a call is made anew each time)
T = TypeVar("T")
_CACHE_LIMIT = 4096  # answers a memo keeps (a hostile file's many colours or fonts stay bounded)


def _remembered(fn: Callable[[Any], T]) -> Callable[[Any], T]:
    """``fn``, a pure function of one value, remembered per value (at most
    :data:`_CACHE_LIMIT`): a page draws thousands of glyphs in a few colours, fonts and
    characters. A value that cannot be hashed (a colour given as a list) is answered afresh."""
    cached = lru_cache(maxsize=_CACHE_LIMIT)(fn)

    @wraps(fn)
    def lookup(value: Any) -> T:
        try:
            return cached(value)
        except TypeError:  # (unhashable)
            return fn(value)

    return lookup


def luminance(color: object) -> float | None:
    """Brightness 0 (black) .. 1 (white) of a pdfminer colour value, ``None`` if unknown
    (remembered per colour)."""
    return _luminance(color)


@_remembered
def _luminance(color: object) -> float | None:
    if isinstance(color, int | float):
        values: Sequence[float] = (float(color),)
    elif isinstance(color, list | tuple) and all(isinstance(v, int | float) for v in color):
        values = [float(v) for v in color]
    else:
        return None
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        r, g, b = values
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(values) == 4:
        c, m, y, k = values
        return (1 - k) * (1 - (0.299 * c + 0.587 * m + 0.114 * y))
    return None


def is_rotated(ch: Mapping[str, object]) -> bool:
    """Whether a character is drawn turned or slanted (its matrix), or not upright."""
    matrix = ch.get("matrix")
    if isinstance(matrix, _SEQUENCES) and len(matrix) >= 4 and (matrix[1] or matrix[2]):  # (upright: b = c = 0)
        a, b, c, d = float(matrix[0]), float(matrix[1]), float(matrix[2]), float(matrix[3])
        if abs(b) > 0.05 * max(abs(a), 1e-6) or abs(c) > 0.05 * max(abs(d), 1e-6):
            return True
    return not ch.get("upright", True)


def half_point(size: float) -> float:
    """A font size rounded to the half point: the key under which sizes are counted and
    heading levels looked up, so that rendering noise does not split one size in two."""
    return round(size * 2) / 2


def dominant(values: Iterable[float]) -> float:
    """The most common of ``values`` (font sizes), rounded to the half point; 0 if none."""
    counts = half_points(values)
    return counts.most_common(1)[0][0] if counts else 0.0


def half_points(values: Iterable[float]) -> Counter[float]:
    """``values`` counted by :func:`half_point`, in the order each first occurs (so that a tie
    goes to the same size as when counting them one by one): the values are counted as they
    are first, which is fast, and the few distinct ones rounded after."""
    return _grouped(Counter(values), half_point)


def _grouped(counts: Counter[float], key: Callable[[float], float]) -> Counter[float]:
    """``counts`` merged under ``key`` of each value, keys in the order of first occurrence."""
    out: Counter[float] = Counter()
    for value, n in counts.items():
        k = key(value)
        out[k] = out.get(k, 0) + n
    return out


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled shape's box (page coordinates, points) and brightness (0 black .. 1 white)."""

    x0: float
    top: float
    x1: float
    bottom: float
    luminance: float


def background(ch: Mapping[str, object], fills: Sequence[Fill]) -> float:
    """Brightness of what a character may be drawn on: the darkest filled shape under its
    centre, else the paper (white). The darkest, not the last drawn: pdfplumber does not
    report transparency, and slides lay translucent light shapes over a dark background."""
    x = (float(ch["x0"]) + float(ch["x1"])) / 2  # type: ignore[arg-type]
    y = (float(ch["top"]) + float(ch["bottom"])) / 2  # type: ignore[arg-type]
    return min((f.luminance for f in fills if f.x0 <= x <= f.x1 and f.top <= y <= f.bottom), default=1.0)


MAX_FILLS = 2000  # filled shapes kept per page (a chart can draw tens of thousands)
MAX_SHAPES = 5000  # shapes whose boxes are kept per page


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def page_drawing(page: object) -> tuple[list[Fill], list[Box]]:
    """What a pdfplumber page draws besides text: its filled rectangles and curves at least
    a few points each way (at most :data:`MAX_FILLS`, the last drawn), and the boxes of its
    shapes, rules shorter than 40 % of the page's width included (at most
    :data:`MAX_SHAPES`): the parts of a diagram, a table's cell borders."""
    fills: list[Fill] = []
    shapes: list[Box] = []
    width = float(page.width)  # type: ignore[attr-defined]
    for obj in (*page.rects, *page.curves, *page.lines):  # type: ignore[attr-defined]
        box = (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))
        if box[2] - box[0] <= 0.4 * width or box[3] - box[1] >= 3:
            shapes.append(box)
        if obj.get("fill") and box[2] - box[0] >= 4 and box[3] - box[1] >= 4:
            lum = luminance(obj.get("non_stroking_color"))
            if lum is not None:
                fills.append(Fill(*box, lum))
    return fills[-MAX_FILLS:], shapes[:MAX_SHAPES]


def _mark_drawn(lines: Sequence[PdfLine], shapes: Sequence[Box]) -> None:
    """Flag the short lines that sit among three or more shapes within an em of them: the
    labels of a diagram, the cells of a ruled table (never headings)."""
    if len(shapes) < 3:
        return
    labels = [p for p in lines if len(p.text) <= 80]
    if not labels:
        return
    # shapes by 20-point bands, so that each line looks at few; only the bands some line looks
    # at (a shape a billion points tall must not make a billion bands)
    first = min(int(p.top - p.size) // 20 for p in labels)
    last = max(int(p.bottom + p.size) // 20 for p in labels)
    rows: dict[int, list[Box]] = {}
    for box in shapes:
        for band in range(max(first, int(box[1]) // 20), min(last, int(box[3]) // 20) + 1):
            rows.setdefault(band, []).append(box)
    for p in labels:
        m = p.size
        near = {
            box
            for band in range(int(p.top - m) // 20, int(p.bottom + m) // 20 + 1)
            for box in rows.get(band, ())
            if box[0] < p.x1 + m and box[2] > p.x0 - m and box[1] < p.bottom + m and box[3] > p.top - m
        }
        p.drawn = len(near) >= 3


def watermark_reason(ch: Mapping[str, object], body_size: float, fills: Sequence[Fill] = ()) -> str | None:
    """Why a character is part of a watermark or a stamp drawn across the page, or ``None``.

    :param fills: the page's filled shapes: light text on a dark one (white on a coloured
        band or slide background) is ordinary text.
    """
    return _watermark_reason(ch, body_size, fills, is_rotated(ch))


def _watermark_reason(ch: Mapping[str, object], body_size: float, fills: Sequence[Fill], rotated: bool) -> str | None:
    """:func:`watermark_reason` with :func:`is_rotated` known."""
    if rotated:
        return "rotated text"
    size = float(ch.get("size") or 0)  # type: ignore[arg-type]
    lum = luminance(ch.get("non_stroking_color"))
    if lum is not None and lum >= 0.5 and background(ch, fills) <= lum - 0.4:
        lum = None  # it stands out from what it is drawn on
    if body_size and size >= 3.5 * body_size:
        return "very large text"
    if lum is not None and lum >= 0.8 and size >= 0.8 * body_size:
        return "very light text"
    if body_size and size >= 2.2 * body_size and lum is not None and lum >= 0.5:
        return "large light text"
    return None


LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}


def _dedupe(chars: Sequence[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """Drop characters drawn again over themselves (fake bold by overprinting)."""
    out: list[Mapping[str, object]] = []
    recent: list[object] = []  # the texts of ``out``, so that most glyphs pass one ``in``
    for ch in chars:
        text = ch["text"]
        if text not in recent[-4:]:  # (no recent glyph alike: the costly test below only where it may hold)
            out.append(ch)
            recent.append(text)
            continue
        size = float(ch["size"])  # type: ignore[arg-type]
        x0 = float(ch["x0"])  # type: ignore[arg-type]
        reach = min(0.15 * size, 0.5 * (float(ch["x1"]) - x0))  # type: ignore[arg-type]
        top = float(ch["top"])  # type: ignore[arg-type]
        if not any(
            q["text"] == text
            and abs(float(q["x0"]) - x0) < reach  # type: ignore[arg-type]
            and abs(float(q["top"]) - top) < 0.3 * size  # type: ignore[arg-type]
            for q in out[-4:]
        ):
            out.append(ch)
            recent.append(text)
    return out


def _cjk_space(texts: Sequence[str], x0s: Sequence[float], x1s: Sequence[float], sizes: Sequence[float]) -> float:
    """The gap (in ems) between two CJK characters of this line that is a space: wider than
    the line's own spacing by far (fields ``2024年5月9日  来源：…`` set apart), so a title
    set with wide tracking (``通 知`` drawn apart letter by letter) gets none. The line is
    given as its characters' texts, left and right ends and sizes."""
    gaps = sorted(
        (b_x0 - a_x1) / max(a_size, 1.0)
        for a, b, a_x1, b_x0, a_size in zip(texts, texts[1:], x1s, x0s[1:], sizes, strict=False)
        if _unspaced(a[-1:]) and _unspaced(b[:1])
    )
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    return max(CJK_SPACE, 2.5 * max(usual, 0.0) + 0.1)


def _quiet(ch: str) -> bool:
    """Whether a drawn space glyph next to ``ch`` (at most one character) is no word space:
    CJK sets no word spaces, there the gaps decide."""
    return any(_unspaced(c) or c in CJK_QUOTES for c in ch)


def _join_chars(
    texts: Sequence[str],
    x0s: Sequence[float],
    x1s: Sequence[float],
    sizes: Sequence[float],
    rtl: bool = False,
    spaces: Sequence[float] = (),
) -> str:
    """Characters of one line, left to right, with spaces where the PDF draws a space glyph
    or the gaps show one (tightly justified text may set its words closer than any gap rule).

    The characters come as columns (their texts, left and right ends, sizes: read from the
    dictionaries once per line, not once per question).

    :param rtl: the line holds right-to-left letters and will be reversed into reading
        order: a glyph standing for several of them (an Arabic lam-alef) is reversed here, so
        that it reads right after.
    :param spaces: the centres (x) of the space glyphs drawn on the line, in order.
    """
    if not texts:
        return ""
    shown = list(map(LIGATURES.get, texts, texts))
    if rtl:
        shown = [t[::-1] if len(t) > 1 and has_rtl(t) else t for t in shown]
    if "".join(texts).isascii():  # (no CJK: gaps against 0.17 em, every drawn space counts)
        un_last = un_head = quiet_last = quiet_head = itertools.repeat(False)
        cjk_space = CJK_SPACE
    else:
        lasts = [t[-1:] for t in texts]
        heads = [t[:1] for t in shown]
        un_last, un_head = list(map(_unspaced, lasts)), list(map(_unspaced, heads))
        quiet_last, quiet_head = list(map(_quiet, lasts)), list(map(_quiet, heads))
        cjk_space = _cjk_space(texts, x0s, x1s, sizes)
    out = [shown[0]]
    k = 0  # the next space glyph not yet passed
    n_spaces = len(spaces)
    for text, x0, x1, size_ch, prev_x0, prev_x1, prev_size, prev_un, un, prev_quiet, quiet in zip(
        itertools.islice(shown, 1, None),
        itertools.islice(x0s, 1, None),
        itertools.islice(x1s, 1, None),
        itertools.islice(sizes, 1, None),
        x0s,
        x1s,
        sizes,
        un_last,
        itertools.islice(un_head, 1, None),
        quiet_last,
        itertools.islice(quiet_head, 1, None),
        strict=False,
    ):
        size = max(prev_size, size_ch, 1.0)
        left = (prev_x0 + prev_x1) / 2
        while k < n_spaces and spaces[k] <= left:
            k += 1
        drawn = k < n_spaces and spaces[k] < (x0 + x1) / 2 and not (prev_quiet or quiet)
        if (drawn or x0 - prev_x1 > (cjk_space if prev_un and un else 0.17) * size) and out[-1] != " ":
            out.append(" ")
        out.append(text)
    return "".join(out).strip()


#: :func:`~convert.core.textutil.is_unspaced`, remembered per character.
_unspaced = _remembered(is_unspaced)


def _quarter_turn(ch: Mapping[str, object]) -> int:
    """``1`` for a glyph turned a quarter clockwise (its line reads down the page), ``-1``
    for one turned anticlockwise (reads up), ``0`` otherwise."""
    matrix = ch.get("matrix")
    if not isinstance(matrix, _SEQUENCES) or len(matrix) < 4:
        return 0
    a, b, c, d = float(matrix[0]), float(matrix[1]), float(matrix[2]), float(matrix[3])
    if not b or not c or abs(a) > 0.05 * abs(b) or abs(d) > 0.05 * abs(c):
        return 0
    return 1 if b < 0 < c else -1 if c < 0 < b else 0


def _plain_matrices(chars: Iterable[Mapping[str, object]]) -> list[bool]:
    """Whether each character's matrix is a tuple that neither turns nor slants it (``b = c =
    0``, what nearly every glyph has): then it is neither :func:`is_rotated` by its matrix
    nor quarter-turned, which is decided without those functions' other questions."""
    return [
        (m := c.get("matrix")).__class__ is tuple and len(m) >= 4 and m[1] == 0 and m[2] == 0  # type: ignore[arg-type, index]
        for c in chars
    ]


def _rotations(chars: Sequence[Mapping[str, object]], plain: Sequence[bool] | None = None) -> list[bool]:
    """:func:`is_rotated` of each character (a plain matrix: only ``upright`` is asked);
    ``plain``: their :func:`_plain_matrices` when known."""
    if plain is None:
        plain = _plain_matrices(chars)
    return [not c.get("upright", True) if p else is_rotated(c) for c, p in zip(chars, plain, strict=True)]


def _turned_upright(
    chars: Sequence[Mapping[str, object]], width: float, height: float, plain: Sequence[bool] | None = None
) -> tuple[list[Mapping[str, object]], float, float] | None:
    """When most of a page's text is turned a quarter round one way, its characters as the
    page reads turned upright (coordinates, size from the glyph matrix), with the turned
    page's width and height; ``None`` for a page set upright. Text turned the other way
    stays turned (a margin note: set aside as a watermark). ``plain``: the characters'
    :func:`_plain_matrices`, when known."""
    if plain is None:
        plain = _plain_matrices(chars)
    turns = Counter(_quarter_turn(c) for c, p in zip(chars, plain, strict=True) if not p)  # (only turns are weighed)
    way, count = max(((t, n) for t, n in turns.items() if t), key=lambda tn: tn[1], default=(0, 0))
    if not way or count <= 0.5 * len(chars):
        return None
    out: list[Mapping[str, object]] = []
    for c in chars:
        if _quarter_turn(c) != way:
            out.append(c)
            continue
        x0, x1, top, bottom = (float(c[k]) for k in ("x0", "x1", "top", "bottom"))  # type: ignore[arg-type]
        size = abs(float(c["matrix"][1]))  # type: ignore[index, arg-type]
        if way == 1:  # reads down, lines follow leftwards
            box = {"x0": top, "x1": bottom, "top": width - x1, "bottom": width - x0}
        else:  # reads up, lines follow rightwards
            box = {"x0": height - bottom, "x1": height - top, "top": x0, "bottom": x1}
        out.append({**c, **box, "size": size, "matrix": (size, 0.0, 0.0, size, 0.0, 0.0), "upright": True})
    return out, height, width


def _line_from_chars(
    chars: list[Mapping[str, object]], page: int, spaces: Sequence[tuple[float, float]] = ()
) -> PdfLine:
    """One line from its characters; ``spaces``: the page's space glyphs as ``(y, x)``
    centres, sorted (see :func:`_join_chars`).

    Each character's dictionary is read once (:data:`_FIELDS`, into columns): a line's
    questions (size, weight, colour, spacing, raised marks) are then asked of the columns."""
    chars.sort(key=_by_x0)
    chars = _dedupe(chars)
    n = len(chars)
    raw_texts, raw_x0s, raw_x1s, raw_tops, raw_bottoms, raw_sizes = zip(*map(_FIELDS, chars), strict=True)
    colours = [c.get("non_stroking_color") for c in chars]
    tinted = (
        _light_share(colours) > 0.6 * n
        or any(
            isinstance(v, _SEQUENCES) and len(v) == 3 and max(v) - min(v) > 0.25  # type: ignore[type-var, operator]
            for v in colours[:3]
        )
    )
    sizes = list(map(float, raw_sizes))  # type: ignore[arg-type]
    size = _grouped(Counter(sizes), _tenth).most_common(1)[0][0]
    fontnames = [c.get("fontname", "") for c in chars]
    bold = _bold_count(fontnames) > 0.6 * n
    texts = list(map(str, raw_texts))
    x0s = list(map(float, raw_x0s))  # type: ignore[arg-type]
    x1s = list(map(float, raw_x1s))  # type: ignore[arg-type]
    latin = [x1 - x0 for t, x0, x1 in zip(texts, x0s, x1s, strict=True) if t.isascii() and t.isalpha()]
    mono = len(latin) >= 6 and len(set(texts)) >= 4 and max(latin) - min(latin) <= 0.02 * size
    rtl = has_rtl("".join(texts))
    top = min(map(float, raw_tops))  # type: ignore[arg-type]
    bottoms = list(map(float, raw_bottoms))  # type: ignore[arg-type]
    bottom = max(bottoms)
    lo, hi = bisect.bisect_left(spaces, (top,)), bisect.bisect_right(spaces, (bottom,))
    row = sorted(x for _, x in spaces[lo:hi])
    shown, raised = _mark_raised(texts, sizes, bottoms, size)
    text = unicodedata.normalize("NFC", _join_chars(shown, x0s, x1s, sizes, rtl, row))
    if rtl:  # drawn left to right as seen: put Arabic/Hebrew back in reading order
        text = logical_order(text)
    sure = (
        [float(c["confidence"]) for c in chars if c.get("confidence") is not None] if "confidence" in chars[0] else []
    )
    return PdfLine(
        confidence=min(sure) if sure else None,
        text=text,
        columns="" if rtl else _in_columns(shown, x0s, x1s, size),
        x0=x0s[0],
        x1=max(x1s),
        top=top,
        bottom=bottom,
        size=size,
        bold=bold,
        page=page,
        tinted=tinted,
        mono=mono,
        font=_main_font(fontnames),
        raised=raised,
    )


_FIELDS = operator.itemgetter("text", "x0", "x1", "top", "bottom", "size")


def _light_share(colours: Sequence[object]) -> int:
    """How many of ``colours`` are light or grey (luminance at least 0.25): each distinct
    colour weighed once (a line draws few)."""
    try:
        counts = Counter(colours)
    except TypeError:  # (a colour that is a list)
        return sum(1 for v in colours if (lum := luminance(v)) is not None and lum >= 0.25)
    return sum(k for v, k in counts.items() if (lum := luminance(v)) is not None and lum >= 0.25)


def _in_columns(texts: Sequence[str], x0s: Sequence[float], x1s: Sequence[float], size: float) -> str:
    """A line whose glyphs all measure the same (a fixed-width face) with the spaces its
    glyphs' places show, in that width (``1024 Mar  4``, aligned ``key      = value``), not
    one per gap; ``""`` for a line in a proportional face."""
    glyphs = [(t, x0, x1) for t, x0, x1 in zip(texts, x0s, x1s, strict=True) if t.strip()]
    low, high, narrow = math.inf, 0.0, 0
    for t, x0, x1 in glyphs:
        if len(t) == 1 and t < "\u1100":  # (below the wide scripts: Latin, Greek, Cyrillic, digits, marks)
            low, high, narrow = min(low, x1 - x0), max(high, x1 - x0), narrow + 1
            if high - low > 0.02 * size:
                return ""  # (a proportional face: most lines end here, a few glyphs in)
    if narrow < 2 or low <= 0:
        return ""
    width = (low + high) / 2
    out: list[str] = []
    end: float | None = None
    for text, x0, x1 in glyphs:
        if end is not None and (gap := round((x0 - end) / width)) > 0:
            out.append(" " * gap)
        out.append(text)
        end = x1
    return unicodedata.normalize("NFC", "".join(out))


def _main_font(fontnames: Sequence[object]) -> str:
    """The font name most of a line's characters are set in (``""`` when unknown)."""
    try:
        return str(Counter(fontnames).most_common(1)[0][0])
    except (TypeError, IndexError):  # (a name that cannot be hashed; no characters)
        return ""


def _bold_count(fontnames: Sequence[object]) -> int:
    """How many of ``fontnames`` name a bold font: each distinct name asked once."""
    try:
        counts = Counter(fontnames)
    except TypeError:  # (a name that cannot be hashed)
        return sum(1 for f in fontnames if _bold_font(f))
    return sum(k for f, k in counts.items() if _bold_font(f))


_by_x0 = operator.itemgetter("x0")  # (sort keys: the characters' numbers as they are)
_by_bottom_x0 = operator.itemgetter("bottom", "x0")


def _tenth(size: float) -> float:
    return round(size, 1)


@_remembered
def _bold_font(fontname: object) -> bool:
    """Whether a font's name says it is bold (:data:`BOLD_FONT`), remembered per name."""
    return BOLD_FONT.search(str(fontname)) is not None


RAISED_SIZE = 0.85  # a raised mark's type is at most this share of its line's (reportlab sets 8.5 on 10.5)
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def _mark_raised(
    texts: list[str], sizes: Sequence[float], bottoms: Sequence[float], size: float
) -> tuple[list[str], tuple[str, ...]]:
    """The line's characters' texts (given with their sizes and bottoms) with raised digits
    (a footnote mark, an exponent: at most :data:`RAISED_SIZE` of the line's size, set above
    its baseline) written as superscript digits, so that ``2020`` with a raised ``1`` reads
    ``2020\u00b9``, not ``20201``; and the runs of raised characters as printed (``("1",)``)."""
    limit = RAISED_SIZE * size
    small = [s <= limit for s in sizes]
    if not any(small) or all(small):
        return texts, ()
    base = statistics.median(b for b, s in zip(bottoms, small, strict=True) if not s)
    out: list[str] = []
    runs: list[str] = []
    last = False
    for text, bottom, s in zip(texts, bottoms, small, strict=True):
        up = s and base - bottom > 0.15 * size
        if up:
            if last:
                runs[-1] += text
            else:
                runs.append(text)
            text = text.translate(SUPERSCRIPT_DIGITS)
        last = up
        out.append(text)
    return out, tuple(runs)


def _rows(chars: list[Mapping[str, object]]) -> list[list[Mapping[str, object]]]:
    """Group characters into rows sharing a baseline (tolerating superscripts)."""
    ordered = sorted(chars, key=_by_bottom_x0)
    rows: list[list[Mapping[str, object]]] = []
    row: list[Mapping[str, object]] = []
    base = 0.0
    for ch, bottom, size in zip(ordered, map(_by_bottom, ordered), map(_by_size, ordered), strict=True):
        bottom = float(bottom)  # type: ignore[arg-type]
        reach = 0.35 * float(size)  # type: ignore[arg-type]
        if rows and abs(bottom - base) <= (reach if reach > 1.5 else 1.5):
            row.append(ch)
        else:
            row = [ch]
            rows.append(row)
            base = bottom
    return _attach_raised(rows)


_by_bottom = operator.itemgetter("bottom")
_by_size = operator.itemgetter("size")


def _attach_raised(rows: list[list[Mapping[str, object]]]) -> list[list[Mapping[str, object]]]:
    """Put a row of small raised characters (a footnote mark, an exponent set higher than
    the row tolerance reaches) into the row it stands on: smaller than that row's type,
    within half an em above its baseline, and right after one of its characters or at most
    an em before one (a note's own mark, set off by a space). Alone, it
    would become a line of its own (a lone digit, taken for a page number)."""
    out: list[list[Mapping[str, object]]] = []
    for i, row in enumerate(rows):
        below = rows[i + 1] if i + 1 < len(rows) else None
        if below is not None and _raised_over(row, below):
            below.extend(row)
            continue
        out.append(row)
    return out


def _raised_over(row: Sequence[Mapping[str, object]], below: Sequence[Mapping[str, object]]) -> bool:
    """Whether every character of ``row`` is a small raised mark beside a character of ``below``."""
    if len(row) > 4:
        return False
    size = dominant(float(c["size"]) for c in below)  # type: ignore[arg-type]
    base = statistics.median(float(c["bottom"]) for c in below)  # type: ignore[arg-type]
    for ch in row:
        ch_size, bottom = float(ch["size"]), float(ch["bottom"])  # type: ignore[arg-type]
        if ch_size > RAISED_SIZE * size or not 0 < base - bottom <= 0.6 * size:
            return False
        x0, x1 = float(ch["x0"]), float(ch["x1"])  # type: ignore[arg-type]
        if not any(abs(float(c["x1"]) - x0) <= 0.3 * size or abs(x1 - float(c["x0"])) <= size for c in below):  # type: ignore[arg-type]
            return False
    return True


def _segments(row: list[Mapping[str, object]], gap: float) -> list[list[Mapping[str, object]]]:
    """Split a row at horizontal gaps wider than ``gap`` (column gutters, tab stops)."""
    row = sorted(row, key=_by_x0)
    piece: list[Mapping[str, object]] = [row[0]]
    out: list[list[Mapping[str, object]]] = [piece]
    right = float(row[0]["x1"])  # type: ignore[arg-type]
    for ch, x0, x1 in itertools.islice(zip(row, map(_by_x0, row), map(_by_x1, row), strict=True), 1, None):
        if float(x0) - right > gap:  # type: ignore[arg-type]
            piece = []
            out.append(piece)
        piece.append(ch)
        x1 = float(x1)  # type: ignore[arg-type]
        if x1 > right:
            right = x1
    return out


_by_x1 = operator.itemgetter("x1")


def _at_gutters(
    seg: list[Mapping[str, object]], gutters: Sequence[tuple[float, float]], size: float
) -> list[list[Mapping[str, object]]]:
    """A row piece that runs over a column gutter the page's other lines show, split there:
    its two columns' lines set a little under an em apart (a narrow gutter, closer than the
    row split's em). The gap split at is most of an em (:data:`GUTTER_GAP`, of the body type
    or the characters' own if larger: a title's word space is wider) and half as wide again
    as the piece's usual word space (a justified line's spaces are all alike: a caption or
    abstract across both columns stays whole); its left side ends no more than an em before
    the gutter, after a line's worth of text (:data:`GUTTER_LINE`: a hanging label, ``26.``
    or ``[KMN02]``, stays on its item's row), and its right side starts at the right
    column's left edge."""
    gaps = [float(b["x0"]) - float(a["x1"]) for a, b in itertools.pairwise(seg)]  # type: ignore[arg-type]
    words = sorted(g for g in gaps if g > WORD_GAP * size)
    usual = words[len(words) // 2] if words else 0.0
    out = [seg]
    for lo, hi in gutters:
        last = out[-1]
        for k in range(1, len(last)):
            a1, b0 = float(last[k - 1]["x1"]), float(last[k]["x0"])  # type: ignore[arg-type]
            if (
                abs(b0 - hi) <= SAME_EDGE
                and lo - size <= a1
                and b0 - a1 >= GUTTER_GAP * max(size, float(last[k - 1]["size"]), float(last[k]["size"]))  # type: ignore[arg-type]
                and b0 - a1 >= 1.5 * usual
                and a1 - float(last[0]["x0"]) >= GUTTER_LINE * size  # type: ignore[arg-type]
            ):
                out[-1:] = [last[:k], last[k:]]
                break
    return out


def join_wrapped(texts: Iterable[str]) -> str:
    """Lines of one caption or note joined: no space inside Chinese, one between Latin
    words, a soft hyphen before a lower-case continuation dropped."""
    text = ""
    for part in texts:
        if text.endswith("-") and part[:1].islower():
            text = text[:-1] + part
        else:
            text = text + (" " if text and needs_space(text, part) else "") + part
    return text


def page_layout(
    chars: Sequence[Mapping[str, object]],
    number: int,
    width: float,
    height: float,
    rules: Sequence[float] = (),
    fills: Sequence[Fill] = (),
    shapes: Sequence[Box] = (),
) -> PageLayout:
    """Turn one page's characters into lines in reading order; set watermarks aside.

    :param rules: vertical positions (top) of long horizontal rules drawn on the page.
    :param fills: filled shapes (see :func:`watermark_reason`).
    :param shapes: boxes of the page's shapes (see :func:`page_drawing`).
    """
    page = PageLayout(number=number, width=width, height=height, rules=list(rules))
    visible = [c for c in chars if str(c.get("text", "")).strip()]
    plain: list[bool] | None = _plain_matrices(visible)
    turned = None if all(plain) else _turned_upright(visible, width, height, plain)  # type: ignore[arg-type]
    if turned is not None:  # a page set a quarter turn round (a landscape table, a vertical line)
        visible, width, height = turned
        fills, shapes, page.rules = (), (), []
        plain = None
    blanks = [c for c in chars if c.get("text") == " "]
    spaces = sorted(
        ((float(c["top"]) + float(c["bottom"])) / 2, (float(c["x0"]) + float(c["x1"])) / 2)  # type: ignore[arg-type]
        for c, r in zip(blanks, _rotations(blanks), strict=True)
        if not r
    )
    rotated = _rotations(visible, plain)  # (once per character: it is asked twice)
    body_size = dominant([float(c["size"]) for c, r in zip(visible, rotated, strict=True) if not r])  # type: ignore[arg-type]
    kept: list[Mapping[str, object]] = []
    marks: list[Mapping[str, object]] = []
    large = 3.5 * body_size
    for ch, r in zip(visible, rotated, strict=True):
        if ch.get("x1", 0) < 0 or ch.get("x0", 0) > width or ch.get("bottom", 0) < 0 or ch.get("top", 0) > height:  # type: ignore[operator]
            page.off_page += 1
            continue  # drawn outside the page: never seen by a reader
        if not r and ((lum := luminance(ch.get("non_stroking_color"))) is None or lum < 0.5):
            # dark text (most of it): only its size can make it a watermark
            mark = body_size and float(ch.get("size") or 0) >= large  # type: ignore[arg-type]
        else:
            mark = _watermark_reason(ch, body_size, fills, r) is not None
        (marks if mark else kept).append(ch)
    if marks:
        page.watermarks.append("".join(str(c["text"]) for c in marks))
    page.text_chars = len(kept)
    page.sizes = half_points([float(c["size"]) for c in kept])  # type: ignore[arg-type]
    if not kept:
        return page
    size = (page.sizes.most_common(1)[0][0] if page.sizes else 0.0) or 10.0  # (:func:`dominant` of the kept)
    segments = [seg for row in _rows(kept) for seg in _segments(row, 1.0 * size)]
    pieces = [_line_from_chars(seg, number, spaces) for seg in segments]
    gutters = find_gutters(pieces, width, size)
    if gutters:
        split = [_at_gutters(seg, gutters, size) for seg in segments]
        if any(len(parts) > 1 for parts in split):
            pieces = [_line_from_chars(part, number, spaces) for parts in split for part in parts]
            gutters = find_gutters(pieces, width, size)
    if sum(len(RTL_RE.findall(p.text)) for p in pieces) > sum(len(LETTER_RE.findall(p.text)) for p in pieces) / 2:
        for p in pieces:  # a right-to-left page: mirrored, its lines start at the left margin
            p.x0, p.x1 = width - p.x1, width - p.x0
        gutters = sorted((width - hi, width - lo) for lo, hi in gutters)
    page.lines = reading_order(pieces, width, size, gutters)
    _mark_drawn(page.lines, shapes)
    for i, line in enumerate(page.lines, start=1):
        line.number = i
    return page


# ----------------------------------------------------------------------------- columns


def find_gutters(pieces: Sequence[PdfLine], width: float, size: float) -> list[tuple[float, float]]:
    """Vertical white strips that separate text columns: few pieces cross them and many
    lie wholly on either side.

    A page whose columns sit under a full-width title or abstract, or above full-width
    footnotes, has many pieces crossing the strip: then the strip is looked for among the
    narrower pieces, and kept when every wide piece crossing it lies above or below the
    stretch where both columns run, and both sides read as text columns (most of their
    lines fill the column), not as the cells of a table.
    """
    if len(pieces) < 8:
        return []
    found = _gutters(pieces, width, size)
    if found:
        edges = [-1.0, *(x for g in found for x in g), width + 1]
        inner = []  # (a column of its own with a sidebar beside its text, under a title across both)
        for lo, hi in zip(edges[::2], edges[1::2], strict=True):
            column: list[PdfLine] = []
            others: list[PdfLine] = []
            for p in pieces:
                (column if p.x0 >= lo - 1 and p.x1 <= hi + 1 else others).append(p)
            for g in _relaxed_gutters(column, width, size):
                mid = (g[0] + g[1]) / 2
                across = [p for p in column if p.x0 < mid - 1 and p.x1 > mid + 1]
                if not any(q.top < p.bottom and p.top < q.bottom for p in across for q in others):
                    inner.append(g)  # (a line across it beside another column's text would be read as
                    # spanning the page, between that column's lines: sub-figures' captions side by side)
        return sorted(found + inner)
    return _relaxed_gutters(pieces, width, size)


def _relaxed_gutters(pieces: Sequence[PdfLine], width: float, size: float) -> list[tuple[float, float]]:
    """:func:`find_gutters`' search among the narrower pieces (see there)."""
    if len(pieces) < 8:
        return []
    left, right = min(p.x0 for p in pieces), max(p.x1 for p in pieces)
    narrow = [p for p in pieces if p.x1 - p.x0 < 0.6 * (right - left)]
    if len(narrow) == len(pieces) or len(narrow) < 8:
        return []
    return [  # (a strip wider than 4 ems between a table's labels and its counts is no gutter)
        g
        for g in _gutters(narrow, width, size)
        if g[1] - g[0] <= 4 * size and _columns_beside(pieces, narrow, g, left, right)
    ]


def _gutters(pieces: Sequence[PdfLine], width: float, size: float) -> list[tuple[float, float]]:
    """:func:`find_gutters` among ``pieces``: strips crossed by at most 4 % of them (on whole
    points, scanning the middle 70 % of the page)."""
    limit = max(1, int(0.04 * len(pieces)))
    gutters: list[tuple[float, float]] = []
    for start, stop in _sparse_runs(pieces, width, limit):
        if stop - start >= 0.6 * size:
            lo, hi = float(start), float(stop)
            left = sum(1 for p in pieces if p.x1 <= lo + 1)
            right = sum(1 for p in pieces if p.x0 >= hi - 1)
            if left >= 0.2 * len(pieces) and right >= 0.2 * len(pieces):
                gutters.append((lo, hi))
    return gutters


def _sparse_runs(pieces: Sequence[PdfLine], width: float, limit: int) -> Iterator[tuple[int, int]]:
    """The longest runs ``[start, stop)`` of whole points in the middle 70 % of the page
    that at most ``limit`` pieces cover (a piece covers the points ``int(x0)..int(x1)``).

    Found from the pieces' ends, sorted, so that time and memory follow the number of
    pieces, not the page's width (a hostile page box can be a billion points wide)."""
    first, end = int(0.15 * width), int(0.85 * width)
    if first >= end:
        return
    changes: Counter[int] = Counter()  # point -> change of the cover there
    for p in pieces:
        lo, hi = max(0, int(p.x0)), min(int(width) + 2, int(p.x1) + 1)
        if lo < hi:
            changes[lo] += 1
            changes[hi] -= 1
    cover = sum(n for x, n in changes.items() if x <= first)  # the cover at ``first``
    run_start: int | None = None
    for x in sorted({first, *(x for x in changes if first < x < end)}):
        if x != first:
            cover += changes[x]  # it holds from ``x`` up to the next point
        if cover <= limit:
            run_start = x if run_start is None else run_start
        elif run_start is not None:
            yield run_start, x
            run_start = None
    if run_start is not None:
        yield run_start, end


def _columns_beside(
    pieces: Sequence[PdfLine], narrow: Sequence[PdfLine], gutter: tuple[float, float], left: float, right: float
) -> bool:
    """Whether the wide pieces crossing ``gutter`` stand apart from the columns (a title or
    abstract above them, footnotes below: no wide piece has text on both sides of the gutter
    just above it and just below it), and both sides are text columns: their usual line
    fills at least 60 % of the column's width."""
    lo, hi = gutter
    lefts = [p for p in narrow if p.x1 <= lo + 1]
    rights = [p for p in narrow if p.x0 >= hi - 1]

    def both_sides(near: Callable[[PdfLine], bool]) -> bool:
        return any(near(p) for p in lefts) and any(near(p) for p in rights)

    for w in pieces:
        if w.x0 < lo and w.x1 > hi:
            reach = 3 * w.size
            if both_sides(lambda p, w=w, reach=reach: 0 <= w.top - p.bottom < reach) and both_sides(
                lambda p, w=w, reach=reach: 0 <= p.top - w.bottom < reach
            ):
                return False  # a row across the columns' stretch: a table's, or no columns at all
    return statistics.median(p.x1 - p.x0 for p in lefts) >= 0.6 * (lo - left) and statistics.median(
        p.x1 - p.x0 for p in rights
    ) >= 0.6 * (right - hi)


def reading_order(
    pieces: list[PdfLine], width: float, size: float, gutters: list[tuple[float, float]] | None = None
) -> list[PdfLine]:
    """Order line pieces for reading: top to bottom, column by column between full-width
    lines; pieces of one row in a single-column page are joined again. (A right-to-left
    page comes mirrored, so that its columns and row pieces are read from the right.)"""
    pieces.sort(key=lambda p: (p.bottom, p.x0))
    marks = _list_marks(pieces)
    for i in range(1, len(pieces)):  # a side heading (larger, in the margin) whose baseline sits a
        j = i  # point below its paragraph's first line comes before that line
        while (
            j > 0
            and _same_row(pieces[j - 1], pieces[j])
            and pieces[j].x1 <= pieces[j - 1].x0
            and (
                pieces[j].size >= 1.15 * pieces[j - 1].size
                or id(pieces[j]) in marks
                or _hair_lower(pieces[j], pieces[j - 1])
            )
        ):  # (and a list's bullet or number, set a little lower in a larger size, before its item;
            # and a piece of the row's own type set a hair lower, as a bold ``Table 1.`` before its caption)
            pieces[j - 1], pieces[j] = pieces[j], pieces[j - 1]
            j -= 1
    if gutters is None:
        gutters = find_gutters(pieces, width, size)
    edges = [0.0] + [(lo + hi) / 2 for lo, hi in gutters] + [width + 1]
    if len(edges) == 2:
        merged = _merge_rows(pieces, marks)
        lefts = Counter(round(p.x0) for p in merged if p.size <= size * 1.05)
        left = float(lefts.most_common(1)[0][0]) if lefts else min(p.x0 for p in merged)
        right = max((p.x1 for p in merged), default=width)
        for p in merged:
            p.col_left, p.col_right = min(left, p.x0), right
        return merged
    bounds = list(itertools.pairwise(edges))
    for p in pieces:
        inside = [i for i, (lo, hi) in enumerate(bounds) if p.x0 >= lo - 1 and p.x1 <= hi + 1]
        p.spans = not inside
        p.column = inside[0] if inside else 0
    col_left: dict[int, float] = {}
    col_right: dict[int, float] = {}
    for i in range(len(bounds)):
        xs = Counter(round(p.x0) for p in pieces if not p.spans and p.column == i)
        col_left[i] = float(xs.most_common(1)[0][0]) if xs else bounds[i][0]
        col_right[i] = max((p.x1 for p in pieces if not p.spans and p.column == i), default=bounds[i][1])
    out: list[PdfLine] = []
    band: list[PdfLine] = []

    def flush() -> None:
        band.sort(key=lambda p: (p.column, p.bottom, p.x0))
        out.extend(band)
        band.clear()

    for p in pieces:
        if p.spans:
            flush()
            p.col_left, p.col_right = min(col_left.values()), max(col_right.values())
            out.append(p)
        else:
            p.col_left, p.col_right = min(col_left[p.column], p.x0), col_right[p.column]
            band.append(p)
    flush()
    return out


BULLET_ALONE = re.compile(r"[\u2022\u25cf\u25aa\u25a0\u25e6\u2013\u2014\-*\u00b7]")
NUMBER_ALONE = re.compile(r"\d{1,2}[.)]?|\(\d{1,2}\)|[a-z][.)]")


def _list_marks(pieces: Sequence[PdfLine]) -> set[int]:
    """The pieces (as ``id``) that are only a list's bullet or item number, set apart from
    their item by a tab stop: a bullet glyph, or a number with another one under or over it
    at the same left edge within a few lines (a lone number is more often a page number
    beside a running footer)."""
    numbers = [p for p in pieces if NUMBER_ALONE.fullmatch(p.text)]
    out = {id(p) for p in pieces if BULLET_ALONE.fullmatch(p.text)}
    for p in numbers:
        if any(q is not p and abs(q.x0 - p.x0) <= 1 and 0 < abs(q.bottom - p.bottom) <= 5 * p.size for q in numbers):
            out.add(id(p))
    return out


def _hair_lower(p: PdfLine, before: PdfLine) -> bool:
    """Whether ``p``, left of the piece sorted ``before`` it, is the same row's start in the
    same type with its baseline a hair lower (a twentieth of an em, as a bold ``Table 1.``
    before its caption's words): within two ems of it. Pieces set a point or more lower are
    other columns or a table's cells, and keep their order."""
    return p.size == before.size and p.bottom - before.bottom <= 0.05 * p.size and before.x0 - p.x1 <= 2 * p.size


def _same_row(a: PdfLine, b: PdfLine) -> bool:
    """Whether two pieces share a baseline (within a third of an em)."""
    return abs(a.bottom - b.bottom) <= max(1.5, 0.35 * b.size)


def _merge_rows(pieces: list[PdfLine], marks: AbstractSet[int] = frozenset()) -> list[PdfLine]:
    """Join pieces of the same row (split at wide gaps) back into one line; a larger piece
    on the left (a side heading in the margin) stays a line of its own. A list's bullet or
    number (``marks``, see :func:`_list_marks`) opens its item's line, in the item's size."""
    out: list[PdfLine] = []
    for p in pieces:
        last = out[-1] if out else None
        if last is not None and _same_row(last, p) and p.x0 >= last.x1 and last.size < 1.15 * p.size:
            mark = last.cells == 1 and id(last) in marks  # (``-   Collect``: one item)
            if not (
                mark or (last.cells == 1 and SECTION_NUMBER.fullmatch(last.text))
            ):  # (``2.1   Scope``: one heading)
                last.cells += 1
            if mark:
                last.size, last.bottom = p.size, p.bottom  # the item's type and baseline
            width = (last.x1 - last.x0) / len(last.columns) if last.columns else 0.0
            alike = bool(p.columns) and width > 0 and abs((p.x1 - p.x0) / len(p.columns) - width) <= 0.02 * last.size
            mono = (last.mono and p.mono) or (alike and (last.mono or p.mono or measurable(last.text + p.text)))
            if alike:  # (the spaces between the pieces as printed, in the face's width)
                last.columns += " " * max(1, round((p.x0 - last.x1) / width)) + p.columns
            else:
                last.columns = ""
            last.text = f"{last.text} {p.text}"
            last.x1 = p.x1
            last.top = min(last.top, p.top)
            last.bold = last.bold and p.bold
            last.mono = mono
            last.size = max(last.size, p.size) if len(last.text) < 3 else last.size
        elif last is not None and _same_row(last, p) and p.x1 <= last.x0 and has_rtl(p.text + last.text):
            last.text = f"{p.text} {last.text}"  # a right-to-left row's earlier piece sits a little lower
            last.x0 = p.x0
            last.top = min(last.top, p.top)
            last.bold = last.bold and p.bold
        else:
            out.append(p)
    return out


# ----------------------------------------------------------------------------- the document


def is_page_number(text: str) -> bool:
    """Whether a line in a page's header or footer band is a page number."""
    return bool(MARGIN_PAGE_NUMBER.match(unicodedata.normalize("NFKC", text).strip()))


BAND = 0.13  # share of a page's height at its top (bottom) where headers (footers) stand


@dataclass(slots=True)
class Analysis:
    """The result of :func:`analyse`: lines for the pipeline, what was removed and the code
    listings taken out of the text (:mod:`convert.readers.pdf.code`)."""

    lines: list[Line]
    removals: list[Removal]
    codes: list[Code] = field(default_factory=list)


def _band_lines(page: PageLayout, top: bool) -> list[PdfLine]:
    """The up to three outermost lines of a page that lie in its top (bottom) band."""
    limit = BAND * page.height
    lines = page.lines if top else sorted(page.lines, key=lambda p: -p.bottom)
    ordered = sorted(lines, key=lambda p: p.top) if top else lines
    out = []
    for p in ordered[:3]:
        if (p.top <= limit) if top else (p.bottom >= page.height - limit):
            out.append(p)
    return out


def _continues_a_line(p: PdfLine, page: PageLayout, furniture: dict[int, tuple[str, str]]) -> bool:
    """Whether a lone number is the last word of a wrapped line above it (a title's year).

    A page number is set apart; the rest of a wrapped line sits one line-spacing below a
    text line (not itself furniture) in the same size.
    """
    for q in page.lines:
        if q is p or id(q) in furniture or q.bottom > p.top + 1:
            continue
        gap = p.top - q.bottom
        if 0 <= gap <= 0.8 * p.size and abs(q.size - p.size) <= 0.1 * p.size:
            return True
    return False


def _pages_near(hits: Sequence[tuple[int, PdfLine]], top: bool, reach: float) -> list[int]:
    """For each of ``hits`` (page number, line), on how many pages one of them stands within
    ``reach`` of it (its top, or its bottom in the footer band): a window slid over them
    sorted by height, so that a header repeated on a thousand pages costs a thousand steps,
    not a million."""
    ys = [p.top if top else p.bottom for _, p in hits]
    if not (reach >= 0 and all(math.isfinite(y) for y in ys)):  # (NaN or infinity: compared one by one)
        return [len({n for (n, _), y2 in zip(hits, ys, strict=True) if abs(y2 - y) <= reach}) for y in ys]
    order = sorted(range(len(ys)), key=ys.__getitem__)
    counts = [0] * len(ys)
    inside: Counter[int] = Counter()  # page number -> hits of it in the window
    lo = hi = 0
    for i in order:
        y = ys[i]
        while hi < len(order) and ys[order[hi]] - y <= reach:
            inside[hits[order[hi]][0]] += 1
            hi += 1
        while y - ys[order[lo]] > reach:
            n = hits[order[lo]][0]
            inside[n] -= 1
            if not inside[n]:
                del inside[n]
            lo += 1
        counts[i] = len(inside)
    return counts


STACK_KEY = 12  # letters and digits a stack of lines must share with a running header
STACK_SIZE = 1.15  # times the header's size, at most, for the lines of that stack
STACK_BODY = 0.95  # times the body's size: a stack's lines are set smaller than the text
STACK_WIDTH = 0.75  # share of their column a stack's lines fill, less: short lines, not wrapped text


def _stack_key(text: str) -> str:
    """A line's letters and digits, folded, digit runs masked: what a running header keeps
    when it is set over several lines instead of one (its separators and spaces go)."""
    return "".join(ch for ch in fold_masked(text) if ch.isalnum() or ch == "#")


def _stacked_headers(
    pages: Sequence[PageLayout], found: dict[int, tuple[str, str]], keep: AbstractSet[int], body_size: float
) -> dict[int, tuple[str, str]]:
    """The running header set on one page as a stack of lines (a first page's masthead:
    ``Federal Register`` / ``Vol. 85, No. 152`` / ``Thursday, August 6, 2020`` where the
    other pages print ``Federal Register/Vol. 85, No. 152/Thursday, August 6, 2020/Proposed
    Rules``): two lines or more in the top band, one under the other at one left edge, whose
    words in order (separators and spaces aside, digits masked) are part of a running header
    found on other pages, :data:`STACK_KEY` letters or more, set no larger than that header
    (:data:`STACK_SIZE`), smaller than the text (:data:`STACK_BODY`), each filling less than
    :data:`STACK_WIDTH` of its column, and beside other text at its height (the masthead in
    one corner, the section's name in the other). A title or a chapter's heading the header
    repeats (``Anytown Parish Council`` / ``Minutes of the Full Council Meeting``, ``Chapter
    2`` / ``Housing Need``) stands alone at the top, mostly at the text's size or more; the
    wrapped end of a reference naming the same proceedings fills its column."""
    headers: dict[str, float] = {}  # a running header's key -> its largest size
    for page in pages:
        for p in _band_lines(page, True):
            if found.get(id(p), ("", ""))[0] == "header" and (key := _stack_key(p.text)):
                headers[key] = max(headers.get(key, 0.0), p.size)
    out: dict[int, tuple[str, str]] = {}
    if not headers:
        return out
    for page in pages:
        stacks: list[list[PdfLine]] = []  # lines one under the other at one left edge
        for p in sorted(page.lines, key=lambda p: p.top):
            if p.top > BAND * page.height or id(p) in found or id(p) in keep:
                continue
            if p.size >= STACK_BODY * body_size or p.x1 - p.x0 >= STACK_WIDTH * (p.col_right - p.col_left):
                continue  # a title or a heading (the text's size or more), a wrapped line of the text
            below = next(
                (s for s in stacks if abs(p.x0 - s[-1].x0) <= 2 and 0 <= p.top - s[-1].bottom <= 2 * p.size), None
            )
            if below is None:
                stacks.append([p])
            else:
                below.append(p)
        for stack in stacks:
            key = "".join(_stack_key(q.text) for q in stack)
            largest = max(q.size for q in stack)
            if (
                len(stack) < 2
                or len(key) < STACK_KEY
                or not any(key in h and largest <= STACK_SIZE * size for h, size in headers.items())
            ):
                continue
            top, bottom = stack[0].top, stack[-1].bottom
            left, right = min(q.x0 for q in stack), max(q.x1 for q in stack)
            if any(q.bottom > top and q.top < bottom and (q.x1 < left or q.x0 > right) for q in page.lines):
                # (a masthead shares its height with the page's other text, left or right of it: a title
                # stands alone)
                for q in stack:
                    out[id(q)] = ("header", "running header: set on this page as a stack of lines")
    return out


def find_furniture(
    pages: Sequence[PageLayout], body_size: float, keep: AbstractSet[int] = frozenset()
) -> dict[int, tuple[str, str]]:
    """Running headers/footers and page numbers: ``id(line)`` -> ``(kind, reason)``; the
    lines in ``keep`` (a listing's) are none."""
    found: dict[int, tuple[str, str]] = {}
    npages = len(pages)
    need = 2 if npages <= 6 else max(3, int(0.2 * npages))
    for top in (True, False):
        kind = "header" if top else "footer"
        seen: dict[str, list[tuple[int, PdfLine]]] = {}
        for page in pages:
            for p in _band_lines(page, top):
                seen.setdefault(fold_masked(p.text), []).append((page.number, p))
        for key, hits in seen.items():
            if not key:
                continue
            # the same text at about the same height on enough pages
            for (_, p), near in zip(hits, _pages_near(hits, top, 0.02 * pages[0].height + 2), strict=True):
                if near >= need and id(p) not in keep:
                    what = "page-number" if is_page_number(p.text) else kind
                    found[id(p)] = (what, f"running {kind}: repeats on {near} pages (digits masked)")
        if top:
            found |= _stacked_headers(pages, found, keep, body_size)
        for page in pages:
            for p in _band_lines(page, top):
                if (
                    id(p) not in found
                    and id(p) not in keep
                    and is_page_number(p.text)
                    and not _continues_a_line(p, page, found)
                ):
                    found[id(p)] = ("page-number", f"page number in the {kind} band")
        # the outermost line, smaller than the body and cut off from it by a rule
        for page in pages:
            band = _band_lines(page, top)
            if (
                not band
                or id(band[0]) in found
                or id(band[0]) in keep
                or band[0].size >= 0.95 * body_size
                or FOOTNOTE.match(band[0].text)
            ):
                continue  # (a footnote under its rule is the text's: ``* Author, Office…``, ``1) See…``)
            p = band[0]
            rest = sorted((q for q in page.lines if q is not p), key=lambda q: q.top)
            if not rest:
                continue
            nxt = rest[0] if top else rest[-1]
            lo, hi = (p.bottom, nxt.top) if top else (nxt.bottom, p.top)
            if any(lo - 2 <= y <= hi + 2 for y in page.rules):
                found[id(p)] = (kind, f"running {kind}: small text set off by a rule")
        # small, coloured text in the outer band that is not body text: a stamp or an ad
        for page in pages:
            for p in _band_lines(page, top):
                if id(p) in found or id(p) in keep or p.size >= 0.85 * body_size or not p.tinted:
                    continue
                others = [q for q in page.lines if id(q) not in found and q is not p]
                inner = [q for q in others if q.size >= 0.85 * body_size]
                if not inner:
                    continue
                outside = p.bottom < min(q.top for q in inner) if top else p.top > max(q.bottom for q in inner)
                if outside and len(p.text) <= 120:
                    found[id(p)] = (kind, f"small text outside the body area at the {'top' if top else 'bottom'}")
    return found


def _heading_levels(lines: Sequence[PdfLine], body_size: float) -> dict[float, int]:
    """Font sizes (larger than the body's) that mark headings -> heading levels 2..6."""
    sizes = sorted({half_point(p.size) for p in lines if p.size >= 1.12 * body_size}, reverse=True)
    return {s: min(2 + i, 6) for i, s in enumerate(sizes)}


BOLD_PARAGRAPH = 3  # bold lines in a run, most of them full, that are a paragraph set in bold
#: a sentence ending inside a line: a lower-case word of four letters or more before the stop
#: (not Dr. Smith, St. Louis, Inc., et al., Fig. 2), or a Chinese full stop
SENTENCE_INSIDE = re.compile(r"[a-z\u00df-\u00ff]{4}[.!?][\u201d\"\u2019']?\s+[A-Z\u00c0-\u00de]|[\u3002\uff01\uff1f]")


def _ends_sentence(text: str) -> bool:
    """Whether a sentence ends in ``text``, inside it or at its end (:data:`SENTENCE_INSIDE`)."""
    return SENTENCE_INSIDE.search(text + " A") is not None  # (" A": a stop at the line's end counts)


def _bold_paragraphs(body: Sequence[PdfLine]) -> set[int]:
    """The ids of lines in a paragraph set in bold (an IEEE abstract, a bold notice): a run of
    at least :data:`BOLD_PARAGRAPH` bold lines of one size, one under the other at the line
    pitch in one column, two or more of them filling the column, a sentence ending among them.
    Each is short enough to pass for a heading; together they are prose (a heading wrapped over
    three lines of a narrow column fills two, and ends no sentence)."""
    out: set[int] = set()
    run: list[PdfLine] = []

    def close() -> None:
        if run and run[0].col_right - run[0].x1 > 2 * run[0].size and not _ends_sentence(run[0].text):
            del run[0]  # a short line atop the run is its heading (Important Safety Notice over the notice)
        full = sum(1 for q in run if q.col_right - q.x1 <= 2 * q.size)
        said = any(_ends_sentence(q.text) for q in run)
        if len(run) >= BOLD_PARAGRAPH and full >= 2 and said:
            out.update(id(q) for q in run)
        run.clear()

    for p in body:
        prev = run[-1] if run else None
        if (
            prev is not None
            and p.bold
            and p.page == prev.page
            and p.column == prev.column
            and abs(p.size - prev.size) < 0.3
            and 0 <= p.top - prev.bottom < 0.9 * p.size
        ):
            run.append(p)
            continue
        close()
        if p.bold:
            run.append(p)
    close()
    return out


def _is_centred(p: PdfLine) -> bool:
    left = p.x0 - p.col_left
    right = p.col_right - p.x1
    return left > 2 * p.size and abs(left - right) <= max(3.0, 0.08 * (p.col_right - p.col_left))


def body_type_size(pages: Iterable[PageLayout]) -> float:
    """The body's type size: the most common size of the characters on ``pages`` (10 when
    they hold none)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        sizes.update(page.sizes)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def analyse(pages: Sequence[PageLayout]) -> Analysis:
    """Decide furniture, paragraph starts and headings for the whole document."""
    body_size = body_type_size(pages)
    removals: list[Removal] = []
    for page in pages:
        for text in page.watermarks:
            removals.append(
                Removal(
                    text=text,
                    step=STEP,
                    kind="watermark",
                    reason="watermark: rotated, very large or very light text across the page",
                    origin=Origin(line=1, page=page.number),
                )
            )
    furniture = find_furniture(
        pages, body_size, keep=listing_lines([p for page in pages for p in page.lines], body_size)
    )
    body: list[PdfLine] = []
    for page in pages:
        for p in page.lines:
            hit = furniture.get(id(p))
            if hit:
                removals.append(
                    Removal(text=p.text, step=STEP, kind=hit[0], reason=hit[1], origin=Origin(p.number, page.number))
                )
            else:
                body.append(p)
    if not body:
        return Analysis(lines=[], removals=removals)
    body = _float_inserts(body, body_size)
    _read_glyph_bullets(body)
    body, codes = take_code(body, body_size)
    if not body:
        return Analysis(lines=[], removals=removals, codes=codes)
    pitch = _line_pitch(body, body_size)
    edges = _right_edges(body, body_size)
    bold_body = sum(len(p.text) for p in body if p.bold) > 0.5 * sum(len(p.text) for p in body)
    bold_prose = _bold_paragraphs(body)
    first_page = body[0].page
    title_size = max((p.size for p in body[:15] if p.page == first_page and not letterhead(p.text)), default=0.0)
    has_title = title_size >= 1.3 * body_size
    levels = _heading_levels([p for p in body if not (has_title and p.size == title_size)], body_size)
    if has_title:
        levels[half_point(title_size)] = 2
    out: list[Line] = []
    prev: PdfLine | None = None
    title_state = 0 if has_title else 2  # 0 not seen yet, 1 reading its lines, 2 done
    for p in body:
        level: int | None = levels.get(half_point(p.size))
        short = len(p.text) <= 80
        if (
            level is None
            and p.bold
            and not bold_body
            and short
            and p.text[-1:] not in SENTENCE_OR_ITEM_END
            and id(p) not in bold_prose
        ):
            level = min(len(set(levels.values())) + 2, 6)
        if level is not None and (not short or letterhead(p.text)):
            level = None  # (某市人民政府办公室文件: the letterhead, above the title, is no heading)
        last = out[-1] if out else None
        under_heading = (  # a heading-level line right under a heading in the same type, on its page
            level is not None
            and last is not None
            and last.heading is not None
            and prev is not None
            and prev.page == p.page
            and abs(prev.size - p.size) < 0.3
        )
        continues = (
            under_heading
            and prev is not None
            and prev.bold == p.bold
            and (p.top - prev.bottom) < 0.9 * p.size
            and len(last.text) + len(p.text) <= 120
        )
        labelled = (  # ``Chapter 1`` over the chapter's name: one heading (or title)
            under_heading
            and prev is not None
            and last is not None
            and 0 <= p.top - prev.bottom < 2 * p.size
            and PART_LABEL.fullmatch(last.text.strip()) is not None
            and PART_LABEL.fullmatch(p.text.strip()) is None
        )
        if (continues or labelled) and last is not None:  # a heading wrapped over several lines: one Line
            if labelled:
                label = last.text.rstrip().rstrip(".:\uff1a")
                joined = label + (": " if label[-1:].isascii() else " ") + p.text
            else:
                joined = last.text.rstrip() + (" " if needs_space(last.text, p.text) else "") + p.text
            out[-1] = Line(
                text=joined,
                origin=last.origin,
                indent=last.indent,
                blank_before=last.blank_before,
                size=last.size,
                bold=last.bold,
                heading=last.heading,
                confidence=_lower(last.confidence, p.confidence),
            )
            prev = p
            continue
        cover = has_title and p.size == title_size and p.page == first_page  # (a cover's title may sit on a design)
        if level is not None and not _heading_like(p, cover):
            level = None
        if title_state == 1:
            title_state = 2
        if title_state == 0 and level is not None and p.size == title_size and p.page == first_page:
            level, title_state = 1, 1
        indent_pt = p.x0 - p.col_left
        centred = _is_centred(p)
        same_flow = prev is not None and prev.page == p.page and prev.column == p.column and not p.spans
        gap_break = (
            same_flow and prev is not None and (p.bottom - prev.bottom) > 1.22 * pitch * max(1.0, p.size / body_size)
        )
        hangs = (same_flow and _hangs(prev, p, edges)) or _spanning_block(prev, p)
        indent_break = 0.9 * p.size <= indent_pt <= 8 * p.size and not centred and not hangs
        caption_break = (
            prev is not None
            and CAPTION_START.match(p.text) is not None
            and prev.text[-1:] in SENTENCE_OR_ITEM_END
            and not CLAUSE_INSIDE.search(p.text[:-1])
        )  # (Figure 7-26. Self-locking nuts.: a caption after a sentence, never part of its paragraph;
        # 图 2 显示，制造业投资占比…: a sentence about a figure)
        indent = 0 if centred else max(0, round(indent_pt / max(p.size / 2, 1)))
        if hangs and out:
            indent = min(indent, out[-1].indent)  # a hanging line's indent is no paragraph start
        edge = None if level is not None else p.col_right if p.spans else edges.get(_column_key(p))
        out.append(
            Line(
                text=p.text,
                origin=Origin(line=p.number, page=p.page),
                indent=indent,
                blank_before=bool(out) and (gap_break or indent_break or caption_break),
                size=p.size,
                bold=p.bold,
                heading=level,
                room=None if edge is None or centred else round(max(0.0, edge - p.x1) / max(p.size / 2, 1), 1),
                confidence=p.confidence,
            )
        )
        prev = p
    return Analysis(lines=out, removals=removals, codes=codes)


GLYPH_START = re.compile(r"^((?:\(cid:\d+\))+)\s+(?=\S)")  # unmapped glyphs opening a line, then a space
UNMAPPED = re.compile(r"\(cid:\d+\)")
BULLET = "\u2022"


def _read_glyph_bullets(body: Sequence[PdfLine]) -> None:
    """Write a glyph the font maps to no character as the bullet it is, where it opens two
    or more lines whose text is otherwise read (``(cid:2) Security fundamentals``: a list's
    marker in a symbol font). Elsewhere, and on a line whose text is not read either, it
    stays ``(cid:N)`` and is counted in the warning."""
    opening: Counter[str] = Counter()
    for p in body:
        m = GLYPH_START.match(p.text)
        if m and _read_text(p.text[m.end() :]):
            opening[m.group(1)] += 1
    bullets = {glyphs for glyphs, n in opening.items() if n >= 2}
    for p in body:
        m = GLYPH_START.match(p.text)
        if m and m.group(1) in bullets and _read_text(p.text[m.end() :]):
            p.text = BULLET + " " + p.text[m.end() :]
            p.columns = ""  # (measured on the glyphs as they were)


def _read_text(text: str) -> bool:
    """Whether ``text`` holds read letters and no unmapped glyph."""
    return UNMAPPED.search(text) is None and len(LETTER_RE.findall(text)) >= 2


def _lower(a: float | None, b: float | None) -> float | None:
    """The lower of two confidences, either of which may be unknown."""
    return b if a is None else a if b is None else min(a, b)


LIST_MARKER = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u2013\u2014\-*\u00b7\uf0b7\uf0a7]|\(cid:\d+\)|\(?\d{1,2}[.)]|[a-z][.)])\s"
)


#: A part's label alone (``Chapter 1``, ``Part II``, ``Appendix A``, ``第一章``): no title by itself.
PART_LABEL = re.compile(
    r"(?i:(?:chapter|part|unit|lesson|module|book|volume|appendix|annex)\s+"
    r"(?:\d{1,3}|[ivxlc]{1,6}|[a-z]|one|two|three|four|five|six|seven|eight|nine|ten)\.?)"
    "|\u7b2c[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u96f6\u3007\\d]{1,4}"
    "[\u7ae0\u7bc7\u90e8\u7f16\u5377\u8bfe\u8bb2]"
)


SECTION_NUMBER = re.compile(r"(?:\d{1,3}\.)*\d{1,3}\.?|[IVXLC]{1,6}\.|[A-Z]\.|\(?\d{1,3}\)|\u00a7\s*\d+")


def _heading_like(p: PdfLine, cover: bool = False) -> bool:
    """Whether a short line set apart by size or weight can be a heading: not a row of a
    table or form (cells set apart by wide gaps), not code (a fixed-width font), not a label
    in a diagram or a ruled table's cell (among shapes), not a cell holding one letter or a
    number, not a Chinese sentence (ending in 。: a paragraph's last line whose scanned boxes
    measure large, a run-in heading's ``（一）指导思想。``)."""
    return (
        p.cells == 1
        and not p.mono
        and (cover or not p.drawn)
        and len(LETTER_RE.findall(p.text)) >= 2
        and not p.text.rstrip().endswith("\u3002")
    )


FOOTNOTE = re.compile(r"[*\u2020\u2021\u00a7\u00b9\u00b2\u00b3\u2070-\u2079\u2460-\u2473]|\d{1,2}\)\s")


ITEM_START = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})+\.?\s|\d{1,2}[.)\u3001\uff0e](?!\d)|[\uff08(][\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\d]{1,3}[)\uff09]"
    r"|[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3}\u3001)"
)


def _hangs(prev: PdfLine | None, p: PdfLine, edges: Mapping[tuple[int, int], float]) -> bool:
    """Whether an indented line goes on with the full line above it: both start at the same
    indent (an indented block, the hanging lines of a list item), or the line above is a list
    item and this one starts under its text, right of the marker. Never under a line set
    apart by weight or size (a numbered heading)."""
    if prev is None or prev.spans or p.spans or not _set_alike(prev, p):
        return False
    edge = edges.get(_column_key(prev))
    reach = 3 * prev.size if prev.mono else max(3 * prev.size, _first_word_width(p) + prev.size)  # (code: each line)
    if edge is None or edge - prev.x1 > reach:
        return False  # the line above stops short: its paragraph ended there (not when the next
        # line's first word would not have fitted: "… resource security. If" / "implemented properly")
    if _opens_item(p):
        return False  # a line that opens with its own marker or number starts an item (a contents line)
    mark = p.text.split(maxsplit=1)[0] if p.text.strip() else ""
    if len(mark) <= 2 and prev.text.startswith(mark + " "):
        return False  # both open with the same short glyph: a bullet in a symbol font (read as "y")
    if edge - prev.col_left < 15 * prev.size:
        return False  # a table's narrow column of cells, not a column of running text
    under_item = LIST_MARKER.match(prev.text) is not None and prev.x0 + 0.5 * p.size < p.x0 <= prev.x0 + 4 * p.size
    return _same_indent(prev, p) or under_item


def _first_word_width(p: PdfLine) -> float:
    """About how wide ``p``'s first word is printed (its share of the line's width)."""
    text = p.text.strip()
    if not text:
        return 0.0
    return len(text.split(maxsplit=1)[0]) * (p.x1 - p.x0) / len(text)


def _set_alike(prev: PdfLine, p: PdfLine) -> bool:
    """Same weight and size: neither line is set apart from the other (a heading)."""
    return prev.bold == p.bold and abs(prev.size - p.size) < 0.3


def _opens_item(p: PdfLine) -> bool:
    """Whether a line opens with its own list marker or item number."""
    return LIST_MARKER.match(p.text) is not None or ITEM_START.match(p.text) is not None


def _same_indent(prev: PdfLine, p: PdfLine) -> bool:
    """Both lines start at one indent from their column's left edge."""
    return abs(p.x0 - prev.x0) <= 1.0 and prev.x0 - prev.col_left >= 0.9 * prev.size


def _spanning_block(prev: PdfLine | None, p: PdfLine) -> bool:
    """Whether a full-width line goes on with the one above it in an indented block set
    across the columns (an abstract above a two-column text): same page, same indent, the
    line above full to the block's right edge, no marker of its own."""
    return (
        prev is not None
        and prev.spans
        and p.spans
        and prev.page == p.page
        and _set_alike(prev, p)
        and _same_indent(prev, p)
        and prev.col_right - prev.x1 <= 3 * prev.size
        and 0 < p.top - prev.bottom < prev.size
        and not _opens_item(p)
    )


def _float_inserts(body: list[PdfLine], body_size: float) -> list[PdfLine]:
    """Move what is set into a column's foot (a figure: labels among a drawing's shapes, a
    caption; footnotes: small print after a footnote mark) out of a sentence that goes on
    at the top of the next column or page: after the end of that sentence's paragraph,
    where a reader takes it up."""
    out = list(body)
    i = 1
    while i < len(out):
        before = out[i - 1]
        if not _insert_line(out[i], body_size) or _insert_line(before, body_size):
            i += 1
            continue
        j = i
        while j < len(out) and _insert_line(out[j], body_size):
            j += 1
        after = out[j] if j < len(out) else None
        figure = any(q.drawn or CAPTION.match(q.text) for q in out[i:j]) or FOOTNOTE.match(out[i].text)
        if (
            after is None
            or not figure  # (smaller type alone may be a list's: it stays where it is)
            or before.text[-1:] in SENTENCE_OR_ITEM_END
            or not after.text[:1].islower()
            or (after.page, after.column) == (before.page, before.column)
        ):
            i = j
            continue
        k = next((n for n in range(j, len(out)) if out[n].text[-1:] in SENTENCE_OR_ITEM_END), len(out) - 1)
        out[i : k + 1] = out[j : k + 1] + out[i:j]
        i = k + 1
    return out


CAPTION = re.compile(r"(?:Figure|Fig\.|Table|Chart|Exhibit|\u56fe|\u8868)\s*[\dA-Z]+(?:[-.]\d+)*[.:\s]", re.IGNORECASE)
#: A caption's start, which a sentence's (``Figure 3 shows``) is not: its number, then a stop
#: or colon (``Figure 7-26. Self-locking nuts.``, ``Table 2: Costs``); ``图1 流程`` with a space.
CLAUSE_INSIDE = re.compile(r"[\uff0c\u3002\uff1b]")  # ，。； inside a line: a sentence, no caption
CAPTION_START = re.compile(
    r"(?:(?:Figure|Fig\.|Table|Chart|Exhibit)\s*\d+(?:[-.]\d+)*\s*[.:]\s|[\u56fe\u8868]\s*\d+(?:[-.]\d+)*\s+\S)"
)


def _insert_line(p: PdfLine, body_size: float) -> bool:
    """A line of what is set into the text: a label among a drawing's shapes, a caption, or
    small print (a footnote: at most 85 % of the body's size)."""
    return p.drawn or p.size <= 0.85 * body_size or (p.size < body_size and CAPTION.match(p.text) is not None)


def _right_edges(lines: Sequence[PdfLine], body_size: float) -> dict[tuple[int, int], float]:
    """Where each column's body lines end on the right when full: column key -> x.

    Ragged-right text fills most lines to within a word of the edge, justified text to the
    edge, so the upper quartile of body lines' right ends is the edge; page furniture and a
    page of short lines do not move it. A column with too few body lines is measured on its
    own type instead, when that is running text (a flyer's page, a sidebar, set smaller: its
    most common size, six lines or more, most of them 40 characters or longer, or half of
    them going on in lower case after a line with no room left for their first word, with a
    sentence ending somewhere, as a narrow column's wrapped sentences do: not a poem's
    lines, nor a list of terms, keywords or index entries); else it has no edge.
    """
    ends: dict[tuple[int, int], list[float]] = {}
    own: dict[tuple[int, int], dict[float, list[PdfLine]]] = {}
    for p in lines:
        if p.spans:
            continue
        if abs(p.size - body_size) < 0.6:
            ends.setdefault(_column_key(p), []).append(p.x1)
        else:
            own.setdefault(_column_key(p), {}).setdefault(half_point(p.size), []).append(p)
    edges = {key: sorted(xs)[int(0.75 * (len(xs) - 1))] for key, xs in ends.items() if len(xs) >= 6}
    for key, sizes in own.items():
        if key in edges:
            continue
        typed = max(sizes.values(), key=len)
        if len(typed) < 6:
            continue
        edge = sorted(p.x1 for p in typed)[int(0.75 * (len(typed) - 1))]
        goes_on = [(a, b) for a, b in itertools.pairwise(typed) if b.text[:1].islower() and a.page == b.page]
        if statistics.median(len(p.text) for p in typed) >= 40 or (
            len(goes_on) >= len(typed) / 2
            and sum(edge - a.x1 <= _first_word_width(b) + 0.5 * b.size for a, b in goes_on) >= 0.8 * len(goes_on)
            and any(SENTENCE_STOP.search(p.text) for p in typed)
        ):  # (wrapped sentences: the line before a lower-case one had no room for its first word, and a
            # sentence ends somewhere; a poem's lines have room, a list of keywords, terms, links or index
            # entries no full stop)
            edges[key] = edge
    return edges


def _column_key(p: PdfLine) -> tuple[int, int]:
    """Which column a line is set in, alike on every page with the same column layout."""
    return round(p.col_left / 10), round(p.col_right / 20)


def _line_pitch(lines: Sequence[PdfLine], body_size: float) -> float:
    """The usual distance between baselines of consecutive body lines."""
    deltas = [
        b.bottom - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.column == b.column and abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6
    ]
    deltas = [d for d in deltas if 0.8 * body_size <= d <= 4 * body_size]
    return statistics.median(deltas) if deltas else 1.2 * body_size
