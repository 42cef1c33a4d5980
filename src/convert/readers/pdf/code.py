"""Code listings of a PDF: runs of lines set in a fixed-width face, taken out of the running
text as :class:`~convert.core.model.Code` structures.

A line is set in a fixed-width face when its Latin letters all measure the same
(``PdfLine.mono``), or when it is set in a font whose lines measured so elsewhere in the
document (a short line such as ``usage,`` has too few letters to tell by itself). Two or
more such lines in a row, in one column (going on over a page break), are a listing when
they read as one (:mod:`convert.core.listing`): a program's marks on many lines, or on some
lines indented at several depths, and not wrapped text. Its lines keep their indentation
(measured from the column's left edge in the face's character width, the same on every
page), the spaces inside them and its blank lines, and no cleaning step sees them: a
listing's ``END;`` at the same place on every page is no running footer
(:func:`listing_lines` is asked before the furniture is), ``ORDER BY name;`` no sentence
to join.

Not a listing:

- a single fixed-width line (a URL, a command named in the text): it stays a paragraph;
- lines of one word each, such as a long URL wrapped over two lines;
- lines in the document's own body font: a document set mostly in a fixed-width face (a
  typewritten letter), or a Chinese document whose font sets Latin letters at one width
  (its English abstract is text, not code);
- a document over half of whose text is fixed-width;
- wrapped text set in a fixed-width face (a statute quoted in Courier, a typed letter
  inside a printed report), and lines without a program's marks (a signature or an
  address block in Courier, a two-line heading in a typewriter face);
- Chinese text: a line more than a fifth Han, or ending a Chinese sentence, unless it
  carries a program's mark (``# 逐行读取``, ``print("…")``).
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from convert.core.listing import CODE_MARK, marked_share, wrapped_text
from convert.core.model import Code, Origin
from convert.core.textutil import HAN_RE, MARGIN_PAGE_NUMBER

if TYPE_CHECKING:
    from convert.readers.pdf.layout import PdfLine

MIN_LINES = 2  # a listing has at least this many lines
MAX_SHARE = 0.5  # above this share of the text in a fixed-width face, the document is typewritten
FONT_SHARE = 0.6  # a font whose measurable lines are this share fixed-width is a code font
MAX_HAN = 0.2  # a line more Han than this is Chinese text, whatever its Latin letters measure
BLANK_PITCH = 1.7  # a line this many times the listing's closest line pitch below the last has a blank line above
BREAK_GAP = 3.0  # a gap of more than this many type sizes ends the listing
MAX_SIZE = 1.15  # a listing is set no larger than this times the body type
MARKED = 0.3  # a listing: this share of its lines carry a program's mark...
MARKED_INDENTED = 0.1  # ...or this share, with its lines indented at two depths or more

SUBSET = re.compile(r"^[A-Z]{6}\+")  # a font subset's tag (``WRRGEZ+LMRoman12``)
CHINESE_SENTENCE_END = ("\u3002", "\uff01", "\uff1f", "\uff1b")


def take_code(body: list[PdfLine], body_size: float) -> tuple[list[PdfLine], list[Code]]:
    """``body`` without its listings, and the listings as :class:`Code` structures, in order."""
    runs = find_listings(body, body_size)
    if not runs:
        return body, []
    taken = {id(p) for run in runs for p in run}
    return [p for p in body if id(p) not in taken], [_listing(run) for run in runs]


def listing_lines(lines: Sequence[PdfLine], body_size: float) -> set[int]:
    """The ids of the lines of listings among ``lines`` (all of a document's, in reading
    order): what the furniture finder must not take for a running header or footer."""
    return {id(p) for run in find_listings(lines, body_size, across_pages=False) for p in run}


def find_listings(lines: Sequence[PdfLine], body_size: float, *, across_pages: bool = True) -> list[list[PdfLine]]:
    """The runs of ``lines`` (in reading order) that are listings (see the module's doc);
    ``across_pages``: a run goes on at the top of the next page (the lines are the body's,
    the page's header and footer gone)."""
    fixed = _fixed_width(lines, body_size)
    fixed |= _bridges(lines, fixed, body_size)
    total = sum(len(p.text) for p in lines)
    if not fixed or sum(len(p.text) for p in lines if id(p) in fixed) > MAX_SHARE * total:
        return []
    runs: list[list[PdfLine]] = []
    run: list[PdfLine] = []
    for p in [*lines, None]:
        if p is not None and id(p) in fixed and (not run or _goes_on(run[-1], p, across_pages)):
            run.append(p)
            continue
        if _a_listing(run):
            runs.append(run)
        run = [p] if p is not None and id(p) in fixed else []
    return runs


def measurable(text: str) -> bool:
    """Whether a line has Latin letters enough (six) to tell a fixed-width face by: fewer
    (``usage,``, ``= 1``) measure alike in any face."""
    return sum(1 for ch in text if ch.isascii() and ch.isalpha()) >= 6


def font_name(p: PdfLine) -> str:
    """The line's font without its subset tag: every subset of one font is that font."""
    return SUBSET.sub("", p.font)


def _fixed_width(lines: Sequence[PdfLine], body_size: float) -> set[int]:
    """The ids of the ``lines`` set in a fixed-width face other than the body's own."""
    measured: defaultdict[str, list[bool]] = defaultdict(list)  # font -> mono, for lines that can tell
    chars: Counter[str] = Counter()
    for p in lines:
        chars[font_name(p)] += len(p.text)
        if measurable(p.text):
            measured[font_name(p)].append(p.mono)
    body_font = chars.most_common(1)[0][0] if chars else ""
    code_fonts = {
        font for font, monos in measured.items() if font and sum(monos) >= 2 and sum(monos) >= FONT_SHARE * len(monos)
    }
    return {
        id(p)
        for p in lines
        if (p.mono or font_name(p) in code_fonts)
        and font_name(p) != body_font
        and p.size <= MAX_SIZE * body_size
        and _code_text(p.text)
    }


def _bridges(lines: Sequence[PdfLine], fixed: set[int], body_size: float) -> set[int]:
    """The ids of lines between two fixed-width lines that go on with both and carry a
    program's mark: a comment in Chinese set in the body's font (``# 逐行读取配置文件``)."""
    return {
        id(p)
        for prev, p, nxt in zip(lines, lines[1:], lines[2:], strict=False)
        if id(p) not in fixed
        and id(prev) in fixed
        and id(nxt) in fixed
        and CODE_MARK.search(p.text)
        and p.size <= MAX_SIZE * body_size
        and _goes_on(prev, p, across_pages=False)
        and _goes_on(p, nxt, across_pages=False)
    }


def _code_text(text: str) -> bool:
    """Whether a line's text can be code: not a page number (in a listing's face, close
    under its last line), not Chinese running text (unless it carries a program's mark: a
    comment, a call)."""
    visible = len(text) - text.count(" ")
    if visible == 0 or MARGIN_PAGE_NUMBER.match(unicodedata.normalize("NFKC", text).strip()):
        return False
    chinese = len(HAN_RE.findall(text)) > MAX_HAN * visible or text.rstrip().endswith(CHINESE_SENTENCE_END)
    return not chinese or CODE_MARK.search(text) is not None


def _goes_on(prev: PdfLine, p: PdfLine, across_pages: bool) -> bool:
    """Whether ``p`` goes on with the listing whose last line is ``prev``: close below it in
    the same column, or (``across_pages``) at the top of the next page, ``p`` coming right
    after ``prev`` in reading order."""
    if p.page == prev.page + 1:
        return across_pages
    return (  # (baselines: lines set closer than their type's size have overlapping boxes)
        p.page == prev.page and p.column == prev.column and 0 < p.bottom - prev.bottom <= (BREAK_GAP + 1) * p.size
    )


def _a_listing(run: Sequence[PdfLine]) -> bool:
    """Whether a run of fixed-width lines reads as a listing (see the module's doc)."""
    if len(run) < MIN_LINES or not any(" " in p.text.strip() for p in run):
        return False
    texts = [p.text for p in run]
    marked = marked_share(texts)
    indented = len({round(p.x0 - p.col_left) for p in run}) >= 2
    return (marked >= MARKED or (marked >= MARKED_INDENTED and indented)) and not wrapped_text(texts)


def _listing(run: Sequence[PdfLine]) -> Code:
    """The listing of ``run``: each line indented by its offset from the column's left edge
    (less the smallest), in the face's character width, with a blank line where the gap
    above holds one."""
    widths = [(p.x1 - p.x0) / len(p.columns or p.text) for p in run if len(p.text.strip()) >= 4]
    char = statistics.median(widths) if widths else 0.0
    if char <= 0:
        char = run[0].size * 0.6 or 1.0  # (a face's usual width, where the glyphs give none)
    left = min(p.x0 - p.col_left for p in run)
    pitches = [p.bottom - q.bottom for q, p in itertools.pairwise(run) if p.page == q.page and p.bottom > q.bottom]
    pitch = min(pitches) if pitches else None
    lines: list[str] = []
    for prev, p in zip([None, *run], run, strict=False):
        if prev is not None and pitch and p.page == prev.page and p.bottom - prev.bottom >= BLANK_PITCH * pitch:
            lines.append("")
        indent = max(0, round((p.x0 - p.col_left - left) / char))
        lines.append(" " * indent + (p.columns or p.text).strip())
    return Code(text="\n".join(lines), origins=tuple(Origin(line=p.number, page=p.page) for p in run))
