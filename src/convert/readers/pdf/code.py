"""Code listings of a PDF page: runs of lines set in a fixed-width font, taken out of the
running text as :class:`~convert.core.model.Code` structures.

A line is set in a fixed-width face when its Latin letters all measure the same
(``PdfLine.mono``), or when it is set in a font whose lines measured so elsewhere in the
document (a short line such as ``usage,`` has too few letters to tell by itself). Two or
more such lines in a row, in one column of one page, are a listing: its lines keep their
indentation (measured in the face's character width) and its blank lines, and no cleaning
step sees them (a listing's repeated ``END;`` is no running footer, ``ORDER BY name;`` no
sentence to join).

Not a listing:

- a single fixed-width line (a URL, a command named in the text): it stays a paragraph;
- lines of one word each (a long URL wrapped over two lines): it is read as the text it is in;
- a document set mostly in a fixed-width face (a typewritten letter, a plain-text dump
  printed to PDF): its text is the document, read as running text;
- Chinese text: a CJK font's Latin letters are often all one width, so a line whose
  characters are more than a fifth Han, or that ends a Chinese sentence, is never code.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from convert.core.model import Code, Origin

if TYPE_CHECKING:
    from convert.readers.pdf.layout import PdfLine

MIN_LINES = 2  # a listing has at least this many lines
MAX_SHARE = 0.5  # above this share of the text in a fixed-width face, the document is typewritten
FONT_SHARE = 0.6  # a font whose measurable lines are this share fixed-width is a code font
MAX_HAN = 0.2  # a line more Han than this is Chinese text, whatever its Latin letters measure
BLANK_GAP = 0.8  # a gap above a line of more than this many type sizes holds a blank line
BREAK_GAP = 3.0  # a gap of more than this many type sizes ends the listing
MAX_SIZE = 1.15  # a listing is set no larger than this times the body type

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_LETTERS = re.compile(r"[A-Za-z]")
CHINESE_SENTENCE_END = ("\u3002", "\uff01", "\uff1f", "\uff1b")


def take_code(body: list[PdfLine], body_size: float) -> tuple[list[PdfLine], list[Code]]:
    """``body`` without its listings, and the listings as :class:`Code` structures, in order."""
    fixed = _fixed_width(body, body_size)
    total = sum(len(p.text) for p in body)
    if not fixed or sum(len(p.text) for p in body if id(p) in fixed) > MAX_SHARE * total:
        return body, []
    kept: list[PdfLine] = []
    codes: list[Code] = []
    run: list[PdfLine] = []
    for p in [*body, None]:
        if p is not None and id(p) in fixed and (not run or _goes_on(run[-1], p)):
            run.append(p)
            continue
        if len(run) >= MIN_LINES and any(" " in p.text.strip() for p in run):
            codes.append(_listing(run))
        else:
            kept += run
        run = []
        if p is not None and id(p) in fixed:
            run = [p]
        elif p is not None:
            kept.append(p)
    return kept, codes


def _fixed_width(body: Sequence[PdfLine], body_size: float) -> set[int]:
    """The ids of the lines of ``body`` set in a fixed-width face (see the module's doc)."""
    measured: defaultdict[str, list[bool]] = defaultdict(list)  # font -> mono, for lines that can tell
    chars: Counter[str] = Counter()
    for p in body:
        chars[p.font] += len(p.text)
        if len(LATIN_LETTERS.findall(p.text)) >= 6:
            measured[p.font].append(p.mono)
    body_font = chars.most_common(1)[0][0] if chars else ""
    code_fonts = {
        font
        for font, monos in measured.items()
        if font and font != body_font and sum(monos) >= 2 and sum(monos) >= FONT_SHARE * len(monos)
    }
    return {
        id(p)
        for p in body
        if (p.mono or p.font in code_fonts) and p.size <= MAX_SIZE * body_size and _code_text(p.text)
    }


def _code_text(text: str) -> bool:
    """Whether a line's text can be code: not Chinese running text."""
    visible = len(text) - text.count(" ")
    return (
        visible > 0 and len(HAN.findall(text)) <= MAX_HAN * visible and not text.rstrip().endswith(CHINESE_SENTENCE_END)
    )


def _goes_on(prev: PdfLine, p: PdfLine) -> bool:
    """Whether ``p`` goes on with the listing whose last line is ``prev``: the same page and
    column, close below it."""
    return p.page == prev.page and p.column == prev.column and 0 <= p.top - prev.bottom <= BREAK_GAP * p.size


def _listing(run: Sequence[PdfLine]) -> Code:
    """The listing of ``run``: each line indented by its offset from the leftmost, in the
    face's character width, with a blank line where the gap above holds one."""
    widths = [(p.x1 - p.x0) / len(p.text) for p in run if len(p.text.strip()) >= 4]
    char = statistics.median(widths) if widths else run[0].size * 0.6
    left = min(p.x0 for p in run)
    lines: list[str] = []
    for prev, p in zip([None, *run], run, strict=False):
        if prev is not None and p.top - prev.bottom > BLANK_GAP * p.size:
            lines.append("")
        lines.append(" " * max(0, round((p.x0 - left) / char)) + p.text.strip())
    return Code(text="\n".join(lines), origins=tuple(Origin(line=p.number, page=p.page) for p in run))
