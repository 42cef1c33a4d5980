"""Character classes and measures for mixed Chinese/Latin text, and the punctuation sets and
page-number patterns that readers and steps share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")

# Han ideographs (with extensions), kana, hangul, CJK symbols and punctuation, full-width forms.
CJK_CHARS = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
CJK_RE = re.compile(f"[{CJK_CHARS}]")
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
HAN_RUNS = re.compile(HAN_RE.pattern + "+")

# Quotes and dashes used inside Chinese text (width-ambiguous in Unicode, wide in practice).
CJK_QUOTES = "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"

# ----------------------------------------------------------------------------- punctuation
# The sets of final punctuation that readers and steps test a line's (or a sentence's) last
# character against, each named for the question it answers. A mark is listed in both
# widths wherever both occur; only single characters are ever tested for membership.

#: Marks that end a sentence wherever they stand: the ideographic full stop (U+3002) and
#: ``!`` and ``?`` in both widths. Not the Latin period, which also stands in abbreviations,
#: decimals and section numbers, nor the ellipsis, with which Chinese titles elide a phrase.
SENTENCE_MARKS = "\u3002\uff01\uff1f!?"
#: What ends a sentence at the end of a line: the marks above, the Latin and the full-width
#: full stop, and the ellipsis.
SENTENCE_END = SENTENCE_MARKS + ".\u2026\uff0e"
#: What ends a statement of running text: a sentence, or a lead-in that ends in a colon (in
#: either width) and goes on in what follows. A line ending so is text, not a label.
STATEMENT_END = SENTENCE_END + "\uff1a:"
#: The full stops and the marks that end a clause inside a sentence (semicolon, comma,
#: colon, all in both widths, and the enumeration comma U+3001). A numbered line ending so
#: is a list item, not a heading. Unlike :data:`SENTENCE_END` this leaves out ``!``, ``?``
#: and the ellipsis, which end questions and exclamations that are headings too.
CLAUSE_END = "\u3002.\uff1b;\uff0c,\uff1a:\u3001"
#: What a title never ends with: the end of a sentence or of a clause.
NOT_TITLE_END = SENTENCE_END + CLAUSE_END
#: What ends a sentence or an item of a list (a semicolon, in either width). A bold line
#: ending so is text, not a heading; a colon or a comma may end a run-in heading or a
#: form's label (``Date of Incident:``), so they are not in this set.
SENTENCE_OR_ITEM_END = SENTENCE_END + "\uff1b;"
#: Closing quotes and brackets, which may follow the mark that ends a sentence.
CLOSERS = "\u201d\u300d\u300f\uff09)\u300b\"'"
#: What the last line of a paragraph may end with: a sentence end, a colon or a semicolon
#: (which introduce or separate list items), or a closing quote or bracket after one.
PARA_END = SENTENCE_END + "\uff1a:\uff1b;" + CLOSERS

# ----------------------------------------------------------------------------- page numbers
# Two patterns for a line (or block) that is nothing but a page number, matched against
# its NFKC-folded text. They differ on purpose, by how much is known about where the text
# stands. (The text steps use the ``page-number-*`` rules of default_rules.toml instead:
# rules users can extend, whose groups also fill in the page count.)

#: Safe anywhere in the text; used on every block inside a web page's body: ``12``,
#: ``- 12 -``, ``Page 3 of 6``, ``p. 3``, ``3/6``, ``第3页`` with or without ``共6页``.
PAGE_NUMBER = re.compile(
    r"^(?:[-\u2013\u2014\s]*\d{1,5}[-\u2013\u2014\s]*|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*/\s*\d+"
    r"|第\s*\d+\s*页(?:\s*[/,]?\s*共\s*\d+\s*页)?)$",
    re.IGNORECASE,
)
#: Only for a line known to stand in a page's top or bottom margin (a PDF page's header or
#: footer band). It adds forms that are page numbers only there: Roman numerals (``iv``; in
#: running text they would also match words such as ``mild`` or ``did``), numbers in
#: brackets or set off by dots, middle dots or minus signs (``[3]``, ``(3)``, ``3.``),
#: ``pg. 3``, a chapter's page (``7-45``, ``A-3``: at most three digits before the dash, so
#: ``2019-2020`` is none), Chinese numerals (``第三页``) and ``共6页`` before ``第3页``; on the other hand
#: its bare, ``Page N`` and ``N/M`` forms take numbers of at most five digits.
MARGIN_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-\u2013\u2014\u2212\u00b7.\s\[\(]*\d{1,5}[-\u2013\u2014\u2212\u00b7.\s\]\)]*
      | (?:page|p\.|pg\.?)\s*\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?
      | \d{1,5}\s*/\s*\d{1,5}
      | (?:\d{1,3}|(?-i:[A-Z]))[-\u2013]\d{1,4}
      | 第\s*[\d\u4e00-\u4e5d\u5341\u767e]+\s*页\s*[/,\uff0c]?\s*(?:共\s*\d+\s*页)?
      | 共\s*\d+\s*页\s*[/,\uff0c]?\s*第\s*\d+\s*页
      | [ivxlcdm]{1,7}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK character or CJK/full-width punctuation."""
    return bool(ch) and bool(CJK_RE.match(ch))


HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def is_unspaced(ch: str) -> bool:
    """Whether ``ch`` belongs to a script written without spaces between words (Chinese,
    Japanese) or is CJK punctuation: CJK but not Hangul, since Korean separates its words
    with spaces as Latin text does."""
    return is_cjk(ch) and not HANGUL_RE.match(ch)


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Han ideograph (CJK unified or compatibility, any extension)."""
    return bool(ch) and bool(HAN_RE.match(ch))


def char_width(ch: str) -> int:
    """Display columns of one character: 2 for wide characters and CJK quotes, else 1."""
    if ch in CJK_QUOTES:
        return 2
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


LONG = 2000  # characters: longer text is never a wrapped line, so its exact width is moot

#: Runs of characters wide in every Unicode version since 14 (:func:`char_width` is 2 for each
#: on the running Python: tests/test_scaling.py checks every one): Hangul jamo and syllables, CJK radicals,
#: symbols, punctuation, kana, Han (all extensions), full-width forms, and the CJK quotes. A
#: line's width is then its length plus the characters these runs hold, counted in C; only
#: the characters outside them (rare in a line: accented letters, symbols) go one by one.
WIDE_RUNS = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3040-\u3247\u3250-\u4dbf\u4e00-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
    "\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6\U00020000-\U0002fffd\U00030000-\U0003fffd"
    f"{CJK_QUOTES}]+"
)


class _ExtraColumns(dict[str, int]):
    """The columns a character takes beyond one (1 for a wide character, else 0), looked up
    once per character and kept (for at most :data:`CHARACTERS` characters)."""

    CHARACTERS = 1 << 16

    def __missing__(self, ch: str) -> int:
        extra = char_width(ch) - 1
        if len(self) < self.CHARACTERS:
            self[ch] = extra
        return extra


_EXTRA = _ExtraColumns()


def width(text: str) -> int:
    """Display columns of ``text`` (a CJK character counts 2, a Latin letter 1).

    Widths are only compared with wrap widths of a few hundred columns, so for very long
    text (a 50 MB single line) an upper bound is returned instead of walking every character.
    """
    if len(text) > LONG:
        return 2 * len(text)
    if text.isascii():
        return len(text)
    return _width(text)


@lru_cache(maxsize=1 << 16)
def _width(text: str) -> int:  # every step measures the same lines: measure each once
    rest = WIDE_RUNS.sub("", text)  # (what is left: narrow characters, and the odd wide one)
    columns = 2 * len(text) - len(rest)
    return columns if rest.isascii() else columns + sum(map(_EXTRA.__getitem__, rest))


#: Lines (texts) whose measures each per-line cache keeps, the most recently used: more than
#: a long document has, so that every step finds each of its lines (a cache smaller than the
#: lines that steps walk in order would find none).
PER_LINE = 1 << 13
#: Characters: a longer text is not kept by the per-line caches (a paragraph on one line is
#: asked about less often, and this bounds what the caches hold to some 8 MB a cache).
PER_LINE_CHARS = 1000
_CACHES: list[Callable[[], None]] = [_width.cache_clear]


def per_line(fn: Callable[[str], T]) -> Callable[[str], T]:
    """``fn``, a pure function of one line's text, remembered per text: each step asks the
    same questions of the same lines (its NFKC form, its chrome shape, its numbering), so
    each is answered once per conversion. ``fn`` must return an immutable value. At most
    :data:`PER_LINE` texts of at most :data:`PER_LINE_CHARS` characters are kept."""
    cached = lru_cache(maxsize=PER_LINE)(fn)
    _CACHES.append(cached.cache_clear)

    @wraps(fn)
    def lookup(text: str) -> T:
        return fn(text) if len(text) > PER_LINE_CHARS else cached(text)

    lookup.cache_info = cached.cache_info  # type: ignore[attr-defined]  # (tests: what is kept)
    return lookup


def clear_caches() -> None:
    """Forget every measure cached per line (:func:`width`, :func:`per_line`): benchmarks time
    a document's first conversion with it."""
    for clear in _CACHES:
        clear()


@per_line
def nfkc(text: str) -> str:
    """``text`` in Unicode NFKC (full-width letters and digits folded to ASCII...)."""
    return unicodedata.normalize("NFKC", text)


def han_count(text: str) -> int:
    """How many Han characters ``text`` has (counted in C: the length the runs of them take)."""
    return len(text) - len(HAN_RUNS.sub("", text))


def han_ratio(text: str) -> float:
    """Share of Han characters among the non-space characters of ``text``."""
    chars = len("".join(text.split()))  # (``split`` drops what ``isspace`` calls white space)
    if not chars:
        return 0.0
    return han_count(text) / chars


SPACES = re.compile(r"\s+")
DIGIT_RUNS = re.compile(r"\d+")


@per_line
def fold(text: str) -> str:
    """A comparison key: NFKC, no white space, lower case (widths and spacing ignored)."""
    return SPACES.sub("", nfkc(text)).lower()


def fold_masked(text: str) -> str:
    """:func:`fold` with every run of digits masked as ``#``: the key under which running
    headers and footers that differ only in a number (``Page 3 of 6``, ``Page 4 of 6``) match."""
    return DIGIT_RUNS.sub("#", fold(text))


def needs_space(left: str, right: str) -> bool:
    """Whether joining two line fragments needs a space between them.

    No space where either side is Chinese or Japanese (:func:`is_unspaced`: they do not
    separate words); a space where Latin letters, digits, Latin punctuation or Hangul meet
    (Korean separates its words). A curly quote or ellipsis at the seam counts as the script
    of the character beside it (``“annual review”`` + ``document``).
    """
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    # curly quotes, ellipses and dashes belong to the script next to them
    if a in CJK_QUOTES and len(left) > 1:
        a = left[-2]
    if b in CJK_QUOTES and len(right) > 1:
        b = right[1]
    return not (is_unspaced(a) or is_unspaced(b) or a in CJK_QUOTES or b in CJK_QUOTES)


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


#: An office's name ends in one of these (局 委 会 办公室 政府 部 厅 院 中心 公司 处 办 站 所; Council…).
ORGANISATION = re.compile(
    "(?:\u5c40|\u59d4|\u4f1a|\u529e\u516c\u5ba4|\u653f\u5e9c|\u90e8|\u5385|\u9662|\u4e2d\u5fc3|\u516c\u53f8|\u5904|\u529e|\u7ad9|\u6240)$"
    r"|\b(?:team|council|office|department|committee|board|services?|authority|secretariat|unit|partnership|trust"
    r"|society|association|foundation|commission|agency|institute|school|college|university|librar(?:y|ies)"
    r"|hospital|church|charity)$",
    re.IGNORECASE,
)


def letterhead(text: str) -> bool:
    """A red-headed document's letterhead: an office's name and 文件 (``某市人民政府办公室文件``)."""
    text = text.strip()
    return text.endswith("\u6587\u4ef6") and ORGANISATION.search(text[:-2].rstrip()) is not None


DATE_ONLY = re.compile(
    r"\d{4}\s*[\u5e74./-]\s*\d{1,2}\s*[\u6708./-]\s*\d{1,2}\s*\u65e5?"
    r"|[\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d]{4}\u5e74"  # 二〇二四年一月十九日
    r"[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,2}\u6708"
    r"[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3}\u65e5"
    r"|(?:\u4e2d\u83ef\u6c11\u570b|\u6c11\u570b)\d{2,3}\u5e74\d{1,2}\u6708\d{1,2}\u65e5"  # 中華民國113年4月2日
    r"|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}"
)


WEEKDAY = re.compile(
    r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+|\s*(?:\u661f\u671f|\u5468)[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u65e5\u5929]$",
    re.IGNORECASE,
)  # Tuesday, January 13, 2009; 2024年3月1日 星期五


def date_alone(text: str) -> bool:
    """A date and nothing else (brackets and a weekday allowed); ``text`` NFKC-normalised and
    stripped."""
    return bool(DATE_ONLY.fullmatch(WEEKDAY.sub("", text.strip("()\uff08\uff09 "))))


def office_line(text: str) -> bool:
    """A short line ending in an office's name; ``text`` NFKC-normalised and stripped."""
    return len(text) <= 30 and bool(ORGANISATION.search(text.rstrip(".")))


def closing_line(text: str) -> bool:
    """A date alone or an office's name: how a document signs off."""
    text = unicodedata.normalize("NFKC", text).strip()
    return date_alone(text) or office_line(text)
