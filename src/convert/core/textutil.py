"""Character classes and measures for mixed Chinese/Latin text."""

from __future__ import annotations

import re
import unicodedata

# Han ideographs (with extensions), kana, hangul, CJK symbols and punctuation, full-width forms.
CJK_CHARS = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
CJK_RE = re.compile(f"[{CJK_CHARS}]")
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# Punctuation that ends a sentence or a clause that may end a paragraph, in either width.
SENTENCE_END = "。！？!?….．"
PARA_END = SENTENCE_END + "：:；;”」』）)》\"'"
# Quotes and dashes used inside Chinese text (width-ambiguous in Unicode, wide in practice).
CJK_QUOTES = "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK character or CJK/full-width punctuation."""
    return bool(ch) and bool(CJK_RE.match(ch))


def is_han(ch: str) -> bool:
    return bool(ch) and bool(HAN_RE.match(ch))


def char_width(ch: str) -> int:
    """Display columns of one character: 2 for wide characters and CJK quotes, else 1."""
    if ch in CJK_QUOTES:
        return 2
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


LONG = 2000  # characters: longer text is never a wrapped line, so its exact width is moot


def width(text: str) -> int:
    """Display columns of ``text`` (a CJK character counts 2, a Latin letter 1).

    Widths are only compared with wrap widths of a few hundred columns, so for very long
    text (a 50 MB single line) an upper bound is returned instead of walking every character.
    """
    if len(text) > LONG:
        return 2 * len(text)
    return sum(char_width(ch) for ch in text)


def han_ratio(text: str) -> float:
    """Share of Han characters among the non-space characters of ``text``."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    return sum(1 for ch in chars if is_han(ch)) / len(chars)


def guess_language(text: str) -> str:
    """``zh`` when Han characters make up a fair share of the text, else ``en``."""
    sample = text[:20000]
    return "zh" if han_ratio(sample) > 0.2 else "en"


def fold(text: str) -> str:
    """A comparison key: NFKC, no white space, lower case (widths and spacing ignored)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def needs_space(left: str, right: str) -> bool:
    """Whether joining two line fragments needs a space between them.

    No space where either side is CJK (Chinese does not separate words); a space where
    Latin letters, digits or Latin punctuation meet. A curly quote or ellipsis at the seam
    counts as the script of the character beside it (``“annual review”`` + ``document``).
    """
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    # curly quotes, ellipses and dashes belong to the script next to them
    if a in CJK_QUOTES and len(left) > 1:
        a = left[-2]
    if b in CJK_QUOTES and len(right) > 1:
        b = right[1]
    return not (is_cjk(a) or is_cjk(b) or a in CJK_QUOTES or b in CJK_QUOTES)


def leading_indent(raw: str) -> tuple[str, int]:
    """Split leading white space off ``raw``; return the rest and the indent in columns."""
    stripped = raw.lstrip(" \t\u3000\u00a0")
    lead = raw[: len(raw) - len(stripped)]
    cols = sum(2 if ch == "\u3000" else 4 if ch == "\t" else 1 for ch in lead)
    return stripped, cols


def iso_date(text: str) -> str | None:
    """``2024-01-12``, ``2024年1月12日``, ``2024/1/12``, ``March 15, 2021`` -> ISO date."""
    m = re.search(r"(\d{4})\s*[-/.\u5e74]\s*(\d{1,2})\s*[-/.\u6708]\s*(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        return None
    m = re.search(r"([A-Z][a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if m:
        months = "jan feb mar apr may jun jul aug sep oct nov dec".split()
        key = m.group(1)[:3].lower()
        if key in months:
            return f"{int(m.group(3)):04d}-{months.index(key) + 1:02d}-{int(m.group(2)):02d}"
    return None
