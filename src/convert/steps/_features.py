"""Evidence about each line that holds on sites never seen: the classifier's features.

Each line gets the same named numbers (:data:`FEATURES`), in three kinds:

* its own shape: length and width against the wrap, a finished sentence, function-word density
  (的、了、是、在… and the, of, and…, the stopwords of jusText), clause marks, digits, a
  ``label:`` start, separators between short items, an address, a chrome shape
  (:mod:`convert.steps._evidence`), words of a site's own voice by group
  (``evidence_terms.toml``), the site's name, brackets, a percentage, title case, a
  document-type word at the end (a related-article title);
* where it stands: before the running text, inside it or after it, and how far from it
  (boilerpipe's position); the running text's end is found after peeling off short islands of
  sentences that sit among site lines after it (a disclaimer is a sentence too);
* its neighbours: whether the lines around it are short, running text or site-voiced (the
  context revision of jusText).

Everything is computed from the text and the shared layout facts; nothing here names a site.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from convert.core.model import Line
from convert.core.textutil import (
    CLOSERS,
    HAN_RE,
    ORGANISATION,
    PARA_END,
    SENTENCE_END,
    SENTENCE_MARKS,
    closing_line,
    date_alone,
    fold,
    han_count,
    han_ratio,
    nfkc,
    office_line,
    per_line,
    width,
)
from convert.steps._evidence import (
    ANYWHERE,
    AT_THE_EDGES,
    CLOCK,
    DOC_NUMBER,
    LABEL,
    QUOTED,
    SEPARATORS,
    _items,
    chrome_shape,
    finished_sentence,
    has_address,
    own_field,
    published,
    running_text,
    scheduled,
    tabled_rows,
)
from convert.steps._layout import MOSTLY_FULL, NEARLY_FULL, beside_break, first_unit_width, inside_a_page, small_print
from convert.steps._numbering import starts_structure

#: The groups of ``evidence_terms.toml``, each one feature.
TERM_GROUPS = ("site", "action", "navigation", "rights", "money", "metadata")

FEATURES: tuple[str, ...] = (
    "length",
    "short",
    "running",
    "sentence",
    "ends_colon",
    "han",
    "function_words",
    "clause_marks",
    "digits",
    "numbered",
    "label",
    "separators",
    "address",
    "shape_anywhere",
    "shape_edges",
    "shape_head",
    *(f"terms_{g}" for g in TERM_GROUPS),
    "site_name",
    "brackets",
    "percent",
    "title_case",
    "genre_end",
    "date_only",
    "organisation",
    "clean_gap",
    "sentences",
    "head",
    "tail",
    "head_distance",
    "tail_distance",
    "beside_break",
    "interrupts",
    "evidence",
    "structural_evidence",
    "byline",
    "prev_short",
    "next_short",
    "prev_running",
    "next_running",
    "prev_terms",
    "next_terms",
    "run_length",
)

#: Each term group with its feature's name.
TERM_KEYS: tuple[tuple[str, str], ...] = tuple((g, f"terms_{g}") for g in TERM_GROUPS)

ZH_FUNCTION = frozenset(
    "\u7684\u4e86\u662f\u5728\u548c\u8981\u5bf9\u4e3a\u628a\u8fd9\u6709\u4e5f\u5c31\u90fd\u800c\u4e0e\u53ca\u5c06\u4ece\u4ee5\u88ab\u5e76\u5176"
)
ZH_FUNCTION_RE = re.compile(f"[{''.join(sorted(ZH_FUNCTION))}]")  # (all Han: counted among HAN_RE's)
EN_FUNCTION = frozenset(
    "the of and to in is that for be we will are it with as on this by which our from have has not can "
    "would should their they its an or at".split()
)
EN_WORD = re.compile(r"[a-z']+")  # a word of an English line, lower-cased
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")  # a Latin word as it is written
LATIN_LETTER = re.compile(r"[a-z$\u00a3\u20ac]")
#: What a site's link label names when it points at another document of its own (``Older article:``);
#: ``Next Meeting:`` names no such thing.
CONTENT_UNIT = re.compile(r"^\D*\b(?:article|story|stories|post|entry|page|news|video|episode)s?\b\D*$", re.I)
#: Labels of links that come in pairs or lists: previous / next, related, more.
PAIRED = re.compile(
    r"previous|prev\b|next|earlier|later|older|newer|related|more|see also"
    r"|\u4e0a\u4e00|\u4e0b\u4e00|\u76f8\u5173|\u66f4\u591a"  # 上一 下一 相关 更多
)
#: A document's statement of its own authorship (not a site's byline).
AUTHORED = re.compile(
    r"\W*(?:prepared|issued|approved|compiled|drafted|authorised|authorized|adopted|agreed|ratified|endorsed|signed"
    r"|chaired|presented|submitted|commissioned)\b",
    re.I,
)
#: An enclosure's label: a letter's own closing line, never a link to another document.
ATTACHMENT = re.compile(
    r"^\W*(?:\u9644(?:\u4ef6|\s*[\d\u4e00\u4e8c\u4e09\u56db\u4e94]+|\s*(?=[:\uff1a]))"
    r"|(?:attachments?|enclosures?|appendix|appendices|annex)\b)",
    re.I,
)  # (附件1：, 附件：)
LINK_LABEL = re.compile(r"^\W*[^\W\d][\w' ]{0,24}?\s*:\s*")  # "<< Older article: "
CLAUSE_RE = re.compile("[\uff0c\uff1b\u3001,;]")
DIGIT_RE = re.compile(r"\d")
BRACKETS = "\u3010\u3011[]\u3014\u3015"
BRACKET_RE = re.compile(f"[{re.escape(BRACKETS)}]")  # (searched in C: a set walks a long line in Python objects)
#: A button: ``【打印】``, ``[Print]`` (not an index in code, ``x[1]``, nor a document number).
BUTTON = re.compile(
    r"\u3010[^\u3010\u3011]{1,12}\u3011|(?<![\w\]])\[[^\[\]\d;(){}=<>]{1,16}\]"
    r"|^\u3014[^\u3014\u3015\d]{1,6}\u3015$"  # a line that is only 〔展开〕 (never a document number's 〔2008〕)
)
#: A button's label ending a short line after a space or an exclamation mark: act now (立即了解,
#: 马上下载, 点击查看, 免费试用; Learn more, Try it free, Get started, Sign up now).
CALL_TO_ACTION = re.compile(
    r"(?:\s|!)(?:(?:\u7acb\u5373|\u9a6c\u4e0a|\u70b9\u51fb|\u514d\u8d39)[\u4e00-\u9fff]{1,3}"
    r"|learn more|find out more|try it (?:free|now|today)|get started|sign up (?:now|today|free)|download now"
    r"|start (?:your )?free trial)\s*[>\u00bb\u2192]*$",
    re.IGNORECASE,
)
CTA_LINE = 60  # characters of a line that ends in a call to action (a longer one is a sentence)
#: The word groups that are a site's voice on their own (page metadata words such as 日期 or
#: 来源 are a document's words as often: they weigh in the score but are no evidence alone).
VOICE_GROUPS = ("site", "action", "navigation", "rights", "money")
SENTENCE_STOP = re.compile(r"[\u3002\uff01\uff1f!?]|\.(?:\s|$)")
#: A signature's last word: an office, a body, a team (``市档案局``, ``Community Grants Team``).
CLOSING = 4  # lines after the text in which a signature and date stand
CLOSING_BLOCK = 8  # lines after the text that may be its closing block (signature, contacts, enclosures)
SITE_VOICE = 2  # words of a site's own voice that rule a line out as the title
WRAPPED_AT_MOST = 1.15  # of the wrap width: a wider line was not wrapped with the text
EDGE_NAME_LINES = 2  # lines after the text that must repeat a word of the line above the title
EDGE_NAME_BODY = 5  # running lines a document needs for the test to mean anything
EDGE_NAME_CHARS = 40  # characters of a line above the title that may hold the site's name
EDGE_LATIN = re.compile(r"\b[A-Z][A-Za-z]{3,}")
EDGE_HAN = re.compile(r"[\u4e00-\u9fff]+")
COPYRIGHT_OWNER = re.compile(
    r"(?:copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?(?:(?:19|20)\d\d(?:\s*[-\u2013~]\s*(?:19|20)\d\d)?\s*)?"
    r"(?P<owner>[^|\u00b7,;:]{2,40}?)\s*(?:[|\u00b7,;:]|all rights reserved|\u7248\u6743\u6240\u6709|(?:19|20)\d\d|$)",
    re.IGNORECASE,
)  # © 2024 Owner | …, Copyright © 2019-2024 某某 版权所有
OWNER_SUFFIX = re.compile(r"\s*\b(?:inc|ltd|limited|llc|plc|gmbh|co)\b\.?\s*$", re.IGNORECASE)
#: Shapes a document's own closing lines may have (a contact line reads like an info bar).
CLOSING_SHAPES = frozenset({"info bar", "e-mail line", "time stamp", "web address", "site address"})
INSERTED = 3  # lines a site inserts inside a paragraph at a page break
ALIKE = 3  # lines alike but for their numbers that make a list of counters
HEAD_MARKS = 2  # lines with a site's marks between an opening sentence and the text proper
DIGITS = re.compile(r"\d+")
FIGURE = re.compile(r"[\d.,%\s]+")  # a line that is only a figure (12, 10.5, 3,200, 45 %)
HAN_CLOCK = re.compile(r"\d{1,2}\s*[\u65f6\u70b9](?:\s*\d{1,2}\s*\u5206)?")  # 2时30分, 9点
GROUPED_DIGITS = re.compile(r"\d{3,4}(?:[ -]\d{3,4}){2,}")  # a card's or an account's number in groups
FILE_SIZE = re.compile(r"\d+(?:\.\d+)?\s*(?:kb|mb|gb)\b")
COUNT = re.compile(r"\d{2,}")
DATE_ANY = re.compile(
    r"\d{4}\s*[\u5e74./-]\s*\d{1,2}(?:\s*[\u6708./-]\s*\d{1,2}\s*\u65e5?)?"
    r"|\d{1,2}\s+[a-z]{3,9}\s+\d{4}|[a-z]{3,9}\s+\d{1,2},?\s+\d{4}"
)
BY = re.compile(r"\bby\s+\S")
FOUR_DIGITS = re.compile(r"\d{4}")  # what every form of DATE_ANY has: a year
#: The labels of a post's info bar (a meeting's time and place, a contact's hours are the document's)
POST_INFO = re.compile(
    r"\u6765\u6e90|\u4f5c\u8005|\u6d4f\u89c8|\u53d1\u5e03|\u7f16\u8f91|\u9605\u8bfb|"
    r"\b(?:source|author|views|posted|published|updated|editor)\b"
)  # 来源 作者 浏览 发布 编辑 阅读
STAMP_LABEL = 4  # characters of a Chinese stamp's label (发布时间, 更新时间)
STAMP_LABELS = frozenset(
    {
        "posted",
        "posted on",
        "updated",
        "last updated",
        "published",
        "published on",
        "\u53d1\u5e03\u4e8e",
        "\u53d1\u8868\u4e8e",
    }
)
#: A field of the document's: a label of a few words, a colon, a value (Date of next meeting: 2 April 2024)
FIELD = re.compile(r"[^\W\d][^:\uff1a]{0,29}[:\uff1a]\s*\S")
#: A post's stamp after its label: ``发表于 2022-03-25 16:06``, ``编辑于 …``, ``Posted on 3 May 2024
#: 09:12`` (a date with a clock time: a document dates itself, it does not time its posting).
POSTED_STAMP = re.compile(
    r"(?:\u53d1\u8868\u4e8e|\u53d1\u5e03\u4e8e|\u7f16\u8f91\u4e8e|\u7b54\u4e8e|\u56de\u590d\u4e8e"
    r"|\bposted(?:\s+on)?|\bpublished(?:\s+on)?|\bupdated(?:\s+on)?|\bedited(?:\s+on)?)\s*[:\uff1a]?\s*(?:"
    + r"\d{4}\s*[\u5e74./-]\s*\d{1,2}\s*[\u6708./-]\s*\d{1,2}\s*\u65e5?"
    + r"|\d{1,2}\s+[a-z]{3,9}\s+\d{4}|[a-z]{3,9}\s+\d{1,2},?\s+\d{4}"
    + r")[\s,]*(?:at\s+)?\d{1,2}:\d{2}",
    re.IGNORECASE,
)  # 发表于 发布于 编辑于 答于 回复于
STAMP_BEFORE = 12  # characters before a Chinese post's stamp label (a floor and a user name: 沙发 周杰)
#: A post's stamp: "by <name> on <date>" (a document signs "Prepared by the team, March 2024")
POSTED_ON = re.compile(r"\bby\s+\S.{0,40}?\bon\s+(?:" + DATE_ANY.pattern + r")")
#: A reading time: only a web page says how long it takes to read (4 min read, 阅读需5分钟)
READ_TIME = re.compile(
    r"\b\d{1,3}\s*(?:min|mins|minute|minutes)\s+read\b"
    r"|(?:\u9884\u8ba1)?\u9605\u8bfb(?:\u65f6\u95f4|\u9700|\u7ea6|\u5927\u7ea6)[:\uff1a]?\s*\d{1,3}\s*\u5206\u949f"
    r"|\u8bfb\u5b8c(?:\u9700|\u7ea6)\s*\d{1,3}\s*\u5206\u949f"
)  # (每天阅读30分钟 is a slogan: the reading time has its 需/约/时间)
#: What each form of :data:`READ_TIME` has in it: ``read``, 阅读 or 读完.
READ_WORDS = ("read", "\u9605\u8bfb", "\u8bfb\u5b8c")
MONTH_YEAR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{4}\s*\u5e74\s*\d{1,2}\s*\u6708",
    re.IGNORECASE,
)  # March 2025, 2025年3月
SALUTATION = re.compile(r"(?:dear|hi|hello)\b[^.!?]{0,40},$|\u5c0a\u656c\u7684|\u4eb2\u7231\u7684", re.IGNORECASE)
# Dear member, / 尊敬的… / 亲爱的…: a letter's greeting
MONTH_DAY = re.compile(r"\d{1,2}\s*\u6708\s*\d{1,2}\s*\u65e5")  # 4月12日
REFERENCE = re.compile(r"\d{1,4}/\d{1,4}\s+[a-z\u4e00-\u9fff]", re.IGNORECASE)  # 24/036 Allotments
CURRENCY = frozenset({"\u5143", "\u00a3", "$", "\u20ac"})  # 元 £ $ €: a price alone is no site's count
COUNTER = 30  # characters of a line that is a counter (a number with a site's word)
BYLINE = 80  # characters of a byline
BYLINE_WORDS = 10  # words of a name and a date across a separator
TOPIC = 3  # running lines that use a site's word before it is the document's topic
HEAD_BLURBS = 3  # lone site-voiced sentences before the text that are not taken for its start
BLURB = 80  # characters: a longer sentence is the text's own
LOUD_VOICE = 4  # words of a site's voice in an island that make one line between it and the text enough
ISLAND_VOICE = 2  # words of the site or of rights an island must hold to be the site's
SHORT_ISLAND = 2  # running lines: an island this small after the text, among site lines, is not the text
ISLAND_GAP = 3  # non-running lines before such an island
QUOTED_TITLE = 6  # characters (folded) of a title a blurb quotes whole, and of what the blurb says besides
CHROME_VOICE = ("site", "action", "navigation")  # a site's words about itself, its buttons, its links
FOOTER_GAP = 6  # non-running lines after the text, on its last page, ...
FOOTER_MARKS = 4  # ... this many with a site's shape or words: its footer began, an island after is its own


@dataclass(frozen=True, slots=True)
class Terms:
    """The lexicon of ``evidence_terms.toml``: the Chinese terms by their first character, and
    one regex of whole Latin words (``app`` and ``vip`` of the Chinese lists among them)."""

    by_first: dict[str, tuple[tuple[str, str], ...]]  # first character -> (term, group) of the Chinese terms
    any_latin: re.Pattern[str] | None  # every Latin term, one named group per word group
    firsts: re.Pattern[str] | None = None  # any first character of a Chinese term

    def hits(self, folded: str) -> list[tuple[str, str]]:
        """The ``(group, term)`` of every term in ``folded`` (NFKC, lower case), in one pass
        over the characters (the regex :attr:`firsts` skips to those that begin a term)."""
        out = []
        by_first = self.by_first
        for m in self.firsts.finditer(folded) if self.firsts is not None else ():
            i = m.start()
            for term, group in by_first[m.group()]:
                if folded.startswith(term, i):
                    out.append((group, term))
        if self.any_latin is not None and LATIN_LETTER.search(folded):
            out += [(m.lastgroup or "", m.group(0)) for m in self.any_latin.finditer(folded)]
        return out

    def counts(self, folded: str) -> dict[str, int]:
        """Hits per group in ``folded``."""
        return tally(self.hits(folded))


def tally(hits: Sequence[tuple[str, str]], topic: frozenset[str] = frozenset()) -> dict[str, int]:
    """Hits per group, leaving out the document's topic words (see :func:`line_features`)."""
    out = dict.fromkeys(TERM_GROUPS, 0)
    for group, term in hits:
        if term not in topic:
            out[group] += 1
    return out


#: What stands before a Latin term that starts with a letter or a digit: no letter, digit or ``_``.
WORD_CHARS = r"a-z0-9_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # a word goes on in accented letters too (adéquate)
WORD_START = rf"(?<![{WORD_CHARS}])"


def _latin_term(word: str) -> str:
    """A Latin term as a whole word (a plural allowed): ``app`` is not in ``approve``, nor
    ``ad`` in ``adéquate``, but it is in ``新闻APP`` (Chinese around a Latin word bounds it as
    a space would). Its start is bounded by :data:`WORD_START`, which :func:`terms` puts
    once before all the terms (one test per position instead of one per term and position)."""
    body = re.escape(word.strip())
    if not word[:1].isalnum():
        return body
    end = rf"(?:s|es)?(?![{WORD_CHARS}])" if word[-1:].isalnum() else ""
    return f"{body}{end}" if not word.endswith(" ") else rf"{body}\s"


def _term_start(words: Sequence[str]) -> str:
    """Where any of the Latin ``words`` may start: at :data:`WORD_START`, or at the first
    character of a term that starts with neither a letter nor a digit (``£``, ``$``). A term
    that starts with a letter cannot match where that character stands, so the guard before
    all the terms finds exactly what a guard before each word-bounded term would."""
    symbols = sorted({w[0] for w in words if w and not w[:1].isalnum()})
    if not symbols:
        return WORD_START
    return f"(?:{WORD_START}|(?=[{''.join(re.escape(ch) for ch in symbols)}]))"


@cache
def evidence_terms() -> dict[str, dict[str, list[str]]]:
    """``evidence_terms.toml`` as read: group -> language -> terms."""
    return tomllib.loads(files("convert.steps").joinpath("evidence_terms.toml").read_text(encoding="utf-8"))


@cache
def terms() -> Terms:
    data = evidence_terms()
    han: dict[str, tuple[str, ...]] = {}
    latin: dict[str, re.Pattern[str] | None] = {}
    all_words: list[list[str]] = []
    for group in TERM_GROUPS:
        entry = data.get(group, {})
        zh = [unicodedata.normalize("NFKC", t).lower() for t in entry.get("zh", ())]
        han[group] = tuple(t for t in zh if not t.isascii())
        words = [t for t in zh if t.isascii()] + [
            unicodedata.normalize("NFKC", t).lower() for language, ts in entry.items() if language != "zh" for t in ts
        ]
        all_words.append(words)
        alternatives = "|".join(_latin_term(w) for w in words)
        latin[group] = re.compile(alternatives) if alternatives else None
    by_first: dict[str, list[tuple[str, str]]] = {}
    for group in TERM_GROUPS:
        for term in han[group]:
            by_first.setdefault(term[0], []).append((term, group))
    named = [f"(?P<{g}>{latin[g].pattern})" for g in TERM_GROUPS if latin[g] is not None]  # type: ignore[union-attr]
    start = _term_start([w for ws in all_words for w in ws])
    return Terms(
        {ch: tuple(found) for ch, found in by_first.items()},
        re.compile(start + "(?:" + "|".join(named) + ")") if named else None,
        re.compile("[" + "".join(re.escape(ch) for ch in sorted(by_first)) + "]") if by_first else None,
    )


@per_line
def _fold(text: str) -> str:
    return nfkc(text).strip().lower()


def quotes_title(text: str, title: str | None) -> bool:
    """Whether ``text`` names the document by its whole title and says more: an editor's blurb
    about it (``下面是小编整理的<title>，欢迎阅读``, ``<title> was first shared in our weekly
    roundup``). The document's own lines name parts of its subject, rarely its whole title;
    when they do, it is in book-title marks or after 本 / this (``《title》已经…审议通过``,
    ``本title适用于…``)."""
    if not title:
        return False
    key = fold(title)
    line = fold(text)
    if len(key) < QUOTED_TITLE or key not in line or len(line) - len(key) < QUOTED_TITLE:
        return False
    at = line.index(key)
    before, after = line[:at], line[at + len(key) :]
    if before.endswith(("\u300a", "\u672c", "this", "the")) and not after.startswith(("\uff08", "(")):
        return False  # 《title》已经…通过, 本title适用于…, This Policy sets out…: the document speaking
    return True


def blurb(text: str, title: str | None, voiced: int) -> bool:
    """A line about the document (:func:`quotes_title`): any in Chinese, where editors'
    blurbs quote titles and documents do not; in English only with a word of a site's voice
    (``voiced``), since a report may open with its own name (``This Annual Report sets out…``)."""
    return quotes_title(text, title) and (not text.isascii() or voiced > 0)


@per_line
def function_density(text: str) -> float:
    """Share of function words: of Han characters in Chinese, of words in English (scaled so
    that running text is near 1)."""
    hans = han_count(text)
    if hans and hans >= len(text) * 0.3:
        return min(len(ZH_FUNCTION_RE.findall(text)) / hans * 5, 1.0)
    words = EN_WORD.findall(text.lower())
    if not words:
        return 0.0
    return min(sum(w in EN_FUNCTION for w in words) / len(words) * 2.5, 1.0)


def _titled_value(text: str) -> bool:
    """``Label: A Title In Capitals`` (three words or more, most capitalised): a link to
    another document (``Older article: Why Library Services Matter``)."""
    label = LINK_LABEL.match(text)
    if not label:
        return False
    value = text[label.end() :].strip(" <>-\u2190\u2192")
    return len(value.split()) >= 3 and title_case(value) >= 0.6 and not any(ch in value for ch in ".,;!?")


TITLE_CASE = 0.75  # share of an English line's longer words capitalised that makes it title case


def title_case(text: str) -> float:
    words = [w for w in LATIN_WORD.findall(text) if len(w) >= 4]
    if len(words) < 2:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def apart(prev: str, line: str) -> bool:
    """Two lines that no wrap split, though the second starts in lower case: an English
    title in title case above its byline (``Guidance on Road Closures for Street Parties`` /
    ``quietreader_writes · Follow``), or a second line of items between separators."""
    return (prev.isascii() and title_case(prev) >= TITLE_CASE) or SEPARATORS.search(line) is not None


def text_bounds(
    lines: Sequence[Line],
    wrap: float | None,
    shapes: Sequence[str | None],
    counts: Sequence[dict[str, int]] | None = None,
    alike: Sequence[bool] | None = None,
    named: Sequence[bool] | None = None,
    linked: Sequence[bool] | None = None,
    running: list[bool] | None = None,
) -> tuple[int, int, list[bool]]:
    """``(first, last, running)``: the first and last line of the running text and which lines
    are running text. Short islands of running text after the text (one or two sentences
    after three or more other lines, some of them with a site's shape or voice, or after one
    such line when the island is loud with a site's words) are not part of it: a site's
    disclaimer and blurb are sentences too. Nor are up to three short lone
    sentences at the start that speak in a site's voice (two or more of its words).
    After the document's signature or date, one such island speaking of rights is enough,
    however short the gap. A line holding the site's name (``named``, see :func:`edge_names`) speaks for the site:
    an island with one is the site's, and a gap of such lines before it is gap enough. So
    is an island after a link to another document (``上一篇：…的通知``, ``Next: A Title``):
    the document ended before the site's navigation. And so is any island after a footer
    (:data:`FOOTER_GAP` lines on the text's last page, :data:`FOOTER_MARKS` of them with a
    site's shape or words, one with a chrome shape): a disclaimer in words no lexicon holds;
    or after a gap the site's lines took over (:data:`ISLAND_GAP` or more lines with its
    shape or words about itself, its buttons or links, half of the gap at least) when the
    island holds one word of the site or of rights (``… is not legal advice``; a closing
    sentence of the document's own after its list of links has none).
    ``running``: which lines are running text (:func:`~convert.steps._evidence.running_text`),
    when an earlier call with the same lines, wrap and shapes returned it."""
    if running is None:
        running = [running_text(line, wrap, shapes[i]) for i, line in enumerate(lines)]
    idx = [i for i, r in enumerate(running) if r]
    if not idx:
        return len(lines), -1, running
    if counts is None:
        lexicon = terms()
        counts = [lexicon.counts(_fold(line.text)) for line in lines]
    k = len(idx) - 1  # idx[k] is the last line of the text so far
    while True:
        last_line = idx[k]
        if (
            k > 0
            and last_line - idx[k - 1] >= 2
            and _hits(counts[last_line], VOICE_GROUPS) >= LOUD_VOICE
            and _hits(counts[last_line], ("site", "rights")) >= ISLAND_VOICE
            and any(shapes[g] or _hits(counts[g], TERM_GROUPS) for g in range(idx[k - 1] + 1, last_line))
        ):
            k -= 1  # one loud sentence after a site's line: a disclaimer
            continue
        a = k
        while a > 0 and idx[a] - idx[a - 1] <= 2:  # an island: running lines at most one line apart
            a -= 1
        size = k - a + 1
        if a == 0 or size > SHORT_ISLAND or a < 2 * size:
            break
        gap = range(idx[a - 1] + 1, idx[a])
        own = [g for g in gap if not continues(lines[g - 1], lines[g], wrap)]  # not the text's last line
        signed_off = any(closing_line(lines[g].text) for g in gap)  # the document's signature or date
        if len(gap) < ISLAND_GAP and not (own and named and all(named[g] for g in own)) and not signed_off:
            break
        island = idx[a : k + 1]
        if signed_off and len(gap) < ISLAND_GAP and not any(counts[j]["rights"] for j in island):
            break  # after the signature only a notice of rights goes (本通知…在门户网站公开 is the text's)
        footer = (  # a footer had begun: most of a long gap on one page carries a site's marks, one a chrome shape
            len(gap) >= FOOTER_GAP
            and any(shapes[g] for g in gap)
            and sum(1 for g in gap if shapes[g] or _hits(counts[g], TERM_GROUPS)) >= FOOTER_MARKS
            and len({lines[g].origin.page for g in range(idx[a - 1], idx[k] + 1) if lines[g].origin}) <= 1
        )
        marked = sum(1 for g in gap if shapes[g] or _hits(counts[g], CHROME_VOICE))  # (not a price or a date:
        # a table of fees or figures is the document's)
        voiced = sum(_hits(counts[j], ("site", "rights")) for j in island)
        crowded = marked >= ISLAND_GAP and 2 * marked >= len(gap) and voiced  # the site's lines took over
        if (
            not footer
            and not crowded
            and not (named and any(named[j] for j in island))
            and not (linked and any(linked[g] for g in gap))
            and voiced < ISLAND_VOICE
        ):
            break  # the island does not speak of the site or of rights: the document's own
        if not signed_off and not any(shapes[g] or _hits(counts[g], TERM_GROUPS) for g in gap):
            break  # headings or list items between: the document's own
        k = a - 1
    title = next((line.text for line in lines if line.heading == 1), None)
    h = 0  # and before it: a lone sentence in a site's voice (a blurb, a reprint notice) or about the document
    while (
        h < min(HEAD_BLURBS, k)
        and len(lines[idx[h]].text.strip()) <= BLURB
        and not continues(lines[idx[h]], lines[idx[h] + 1], wrap)
        and (
            _hits(counts[idx[h]], VOICE_GROUPS) >= ISLAND_VOICE
            or blurb(lines[idx[h]].text, title, _hits(counts[idx[h]], VOICE_GROUPS))
        )
    ):
        h += 1
    if alike is None:
        alike = alike_runs(lines)
    while True:  # and one or two sentences standing before a run of lines with a site's marks (a
        b = h  # sidebar's motto above its archive list)
        while b < k and idx[b + 1] - idx[b] <= 2:
            b += 1
        size = b - h + 1
        if b >= k or size > SHORT_ISLAND or idx[b + 1] - idx[b] - 1 < ISLAND_GAP or k - b < 2 * size:
            break
        if any(len(lines[idx[x]].text.strip()) > BLURB for x in range(h, b + 1)):
            break  # a motto is short: a long sentence before a list with a site's words in it is the text's
        gap = range(idx[b] + 1, idx[b + 1])
        if sum(1 for g in gap if shapes[g] or alike[g] or _hits(counts[g], TERM_GROUPS)) < HEAD_MARKS:
            break
        h = b + 1
    last = idx[k]
    while (
        last + 1 < len(lines)
        and continues(lines[last], lines[last + 1], wrap)
        and not shapes[last + 1]
        and not (named and named[last + 1])
        and (lines[last + 1].text.rstrip()[-1:] in PARA_END or not _hits(counts[last + 1], TERM_GROUPS))
    ):
        last += 1  # the short last line of the text's last paragraph (a site's unfinished label is not)
    return idx[h], last, running


def posted_at(text: str) -> bool:
    """A post's stamp: a line that starts with a date and a clock time (``2023-12-07 09:31
    来源：…``). A field that times something (``报送截止时间：… 17:00``, ``Meeting closed …
    21:05``) names it first, and is the document's."""
    date = DATE_ANY.match(text.strip().lower())
    return date is not None and CLOCK.match(text.strip()[date.end() :].strip()) is not None


def timed_field(text: str) -> bool:
    """A date and time under a label of the document's own (``报送截止时间：2024年4月10日
    17:00``, ``Meeting closed 2024-03-05 21:05``), not a post's stamp (``2023-12-07 09:31``,
    ``发布时间：…``, ``Posted …``): the label before the date is longer than a stamp's."""
    date = DATE_ANY.search(text.lower())
    if date is None:
        return False
    label = text[: date.start()].strip().rstrip(":\uff1a").strip()
    if not label or label.lower().endswith(tuple(STAMP_LABELS)):
        return False  # (沙发 周杰 发表于 …: a reply's stamp)
    return len(label) > STAMP_LABEL if not label.isascii() else len(label.split()) > 1


def interruptions(lines: Sequence[Line], wrap: float | None, running: Sequence[bool]) -> list[bool]:
    """Which lines stand inside a paragraph: one to three lines that are not running text
    between a full wrapped line whose sentence is not finished and the line that finishes it
    (running text, or the paragraph's short last line going on with the sentence): what a
    site inserts at a page break of hard-wrapped text, an ad or a banner.
    None of them ends a sentence (a paragraph's own short last line does) or is a line the
    text could have been wrapped at: mostly full, with no room left for the first word of
    the line that finishes the sentence (a line of the text that fell a little short)."""
    out = [False] * len(lines)
    if wrap is None:
        return out
    running = [  # and the lines wrapped before the next line's first word
        run or (k + 1 < len(lines) and _wrapped_before(lines[k].text, lines[k + 1].text, wrap))
        for k, run in enumerate(running)
    ]
    i = 0
    while i < len(lines):
        if running[i] or i == 0:
            i += 1
            continue
        j = i
        before = lines[i - 1].text.rstrip()
        while j < len(lines) and not running[j] and not (j > i and _finishes(before, lines[j].text)):
            j += 1
        if (
            j < len(lines)
            and j - i <= INSERTED
            and running[i - 1]
            and not any(lines[k].text.rstrip()[-1:] in SENTENCE_END for k in range(i, j))
            and not any(_wrapped_before(lines[k].text, lines[j].text, wrap) for k in range(i, j))
            and width(before) >= NEARLY_FULL * wrap
            and before[-1:] not in PARA_END
            and not lines[j].blank_before
        ):
            out[i:j] = [True] * (j - i)
        i = j
    for i in range(1, len(lines)):  # Latin text says more: the sentence goes on in lower case
        if not out[i - 1] and (j := _lower_case_resumes(lines, i, wrap)) is not None:
            out[i:j] = [True] * (j - i)
    return out


def _lower_case_resumes(lines: Sequence[Line], i: int, wrap: float) -> int | None:
    """Where a Latin sentence that a full line left open at ``i - 1`` resumes, in lower case,
    after one to :data:`INSERTED` lines that start in upper case and were not wrapped before
    it (sentences of a site's among them: ``… arrange for it to`` / ``Docshelf Gold: read
    without ads. Try it today.`` / ``be collected, …``); ``None`` when it does not."""
    before = lines[i - 1].text.rstrip()
    if not before or not (before[-1].isascii() and (before[-1].isalpha() or before[-1] == ",")):
        return None
    if width(before) < NEARLY_FULL * wrap or lines[i].text.lstrip()[:1].islower():
        return None
    for j in range(i + 1, min(len(lines), i + INSERTED + 1)):
        text = lines[j].text.lstrip()
        if lines[j].blank_before or lines[j].heading is not None:
            return None
        if text[:1].islower():
            run = range(i, j)
            if any(lines[k].text.lstrip()[:1].islower() or lines[k].heading is not None for k in run):
                return None
            if any(_wrapped_before(lines[k].text, text, wrap) for k in run):
                return None
            return j
    return None


def _finishes(before: str, text: str) -> bool:
    """Whether ``text`` could be the short last line of the sentence ``before`` left open:
    it goes on in the same script (Chinese after Chinese, lower case) and ends a sentence."""
    text = text.strip()
    if not text or text[-1] not in SENTENCE_END or starts_structure(text):
        return False
    return text[0].islower() or (HAN_RE.match(before[-1:]) is not None and HAN_RE.match(text) is not None)


def _wrapped_before(text: str, nxt: str, wrap: float) -> bool:
    """Whether ``text`` could be a wrapped line of the running text with ``nxt`` after it
    (two columns of margin for a wrap width measured a little short)."""
    w = width(text)
    return w >= MOSTLY_FULL * wrap and wrap - w < first_unit_width(text, nxt) + 2


def alike_runs(lines: Sequence[Line]) -> list[bool]:
    """Which lines stand in a run of three or more lines alike but for their numbers
    (``2017年(1)``, ``2016年(4)``...: an archive, a pager, counters). On a printed page, lines
    that are only figures are not alike in any telling way: a table's column or a list of
    sizes read line by line (a site's pager is a web page's, and has no pages)."""
    keys = [
        None
        if not DIGITS.search(line.text) or (line.origin.page is not None and FIGURE.fullmatch(line.text))
        else DIGITS.sub("#", _fold(line.text))
        for line in lines
    ]
    out = [False] * len(lines)
    i = 0
    while i < len(keys):
        j = i
        while j + 1 < len(keys) and keys[i] is not None and keys[j + 1] == keys[i]:
            j += 1
        if j - i + 1 >= ALIKE:
            out[i : j + 1] = [True] * (j - i + 1)
        i = j + 1
    return out


def site_and_rights(text: str) -> bool:
    """Whether ``text`` speaks both of the site (本站, 本网, site) and of rights (版权,
    著作权, copyright): a site's notice, however sentence-like."""
    counts = terms().counts(_fold(text))
    return counts["site"] > 0 and counts["rights"] > 0


def voice_hits(text: str) -> int:
    """How many words of a site's own voice (:data:`VOICE_GROUPS`) ``text`` holds."""
    return _hits(terms().counts(_fold(QUOTED.sub(" ", text))), VOICE_GROUPS)


#: columns of a sentence that introduces a list (``参保人可通过以下渠道自助缴费：``), at least
LEAD_IN = 20
#: lines a list introduced by a sentence may run to
LIST_REACH = 12
#: words of a site's voice that make an item of such a list loud (it must then share a word with its lead-in)
LOUD_ITEM = 3
LEAD_WORDS = frozenset({"\u4ee5\u4e0b", "\u5982\u4e0b"})  # 以下, 如下: what every lead-in says


def lead_in(lines: Sequence[Line], i: int, wrap: float | None) -> str | None:
    """The sentence of the text that introduces the list line ``i`` is an item of, or
    ``None``: going up over the items before it (none a finished sentence or a heading, nor in
    hard-wrapped text a full line running on into the next one), the first line ending in a
    colon ends a sentence of :data:`LEAD_IN` columns or more (read whole when the colon ends a
    wrapped one), with fewer than :data:`SITE_VOICE` words of a site's voice, that speaks
    neither to the reader nor of the page (:data:`TO_THE_READER`: ``如需获取本文完整版，请通过
    以下方式联系：``, ``Want more stories like this one? Here is how to stay in touch with
    us:`` are a site's): ``参保人可通过以下渠道自助缴费：`` / ``“浙里办”APP`` / ``微信公众号：
    …``. Lines an earlier step removed (a page's pager) are not among ``lines``."""
    full = MOSTLY_FULL * wrap if wrap else float("inf")  # (one paragraph a line: items as long as they come)
    for j in range(i - 1, max(i - 1 - LIST_REACH, -1), -1):
        text = lines[j].text.strip()
        if lines[j].heading is not None or not text:
            return None
        if text[-1] in (":", "\uff1a"):  # a sentence's end, or the last line of one (重点 / 做好以下工作：)
            wrapped = j > 0 and wrap is not None and width(lines[j - 1].text) >= full
            if wrapped:  # (the sentence's last line: read it whole, 以下渠道自助缴 / 费：)
                text = lines[j - 1].text.strip() + text
            sentence = wrapped or width(text) >= LEAD_IN
            return text if sentence and voice_hits(text) < SITE_VOICE and not TO_THE_READER.search(text) else None
        if text[-1] in SENTENCE_END:
            return None
        if width(text) >= full and not (lines[j].indent and j + 1 < len(lines) and lines[j + 1].indent):
            return None  # (a full line running on into the next: the text's paragraph, not an item; one
            # set in by an indent, with the next set in too, is an item of its own)
    return None


def listed_item(lines: Sequence[Line], i: int, wrap: float | None) -> bool:
    """Whether line ``i`` is an item of the text's own list (see :func:`lead_in`) however it
    names apps, websites and accounts: no detail of a site's contacts (:data:`ITEM_DETAIL`),
    and an item loud with a site's words (:data:`LOUD_ITEM` or more) shares a word with its
    lead-in (``家长可任选以下一种方式进行报名：`` / ``关注微信公众号“…”，点击底部菜单“招生报名”``);
    an ad a site put after the text's ``通知如下：`` (``关注公众号“…”，回复关键词即可领取``)
    shares none."""
    lead = lead_in(lines, i, wrap)
    text = lines[i].text
    if lead is None or ITEM_DETAIL.search(text):
        return False
    return voice_hits(text) < LOUD_ITEM or bool(_content_words(lead) & _content_words(text))


def _content_words(text: str) -> set[str]:
    """Pairs of Han characters with no function word among them, and Latin words of four
    letters or more: what a list's lead-in and its items speak of."""
    folded = nfkc(text).lower()
    pairs = {a + b for a, b in itertools.pairwise(folded) if HAN_RE.match(a) and HAN_RE.match(b)}
    return {p for p in pairs if not ZH_FUNCTION_RE.search(p) and p not in LEAD_WORDS} | {
        w for w in EN_WORD.findall(folded) if len(w) >= 4 and w not in EN_FUNCTION
    }


#: A lead-in in a site's voice: speaking to the reader, of us, or of the page or document itself
TO_THE_READER = re.compile(
    r"[\u4f60\u60a8]|\u6211\u4eec|\u54b1\u4eec|\u672c\u6587|\u672c\u7bc7|\u6b64\u6587|\u6587\u6863"
    r"|\b(?:you|your|we|us|our)\b|\bthis (?:document|article|piece|story|page|post|file|one)\b",
    re.IGNORECASE,
)  # 你 您 我们 咱们 本文 本篇 此文 文档; you, we, this article
#: A detail a site's contact or download line gives and a list of the text's channels does not:
#: an account's or a product's code (``wenku8899``), a telephone number, a file's name, an address
ITEM_DETAIL = re.compile(
    r"[a-z][a-z0-9_-]*\d|\d{3,}[-\s]\d{3,}|\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)\b|https?://|www\.|@", re.IGNORECASE
)


def own_banner(text: str, above: Line | None, beside: bool) -> bool:
    """Whether a banner's line inside the text (``text``) is the document's own decorated
    heading, separator or dedication (``===== Items for the AGM agenda =====``, ``———— 以下为附件
    ————``): no word of a site's voice in it, no page break ``beside`` it, and right ``above``
    it a finished sentence or a heading of the text, not a site's line or a page's marker
    (``None``), where a preview's wall stands (``—— 以下内容需登录后查看 ——``)."""
    if voice_hits(text) or beside or above is None:
        return False
    return above.heading is not None or above.text.rstrip().rstrip(CLOSERS)[-1:] in SENTENCE_END


def _hits(counts: dict[str, int], groups: Sequence[str]) -> int:
    return sum(counts[g] for g in groups)


def continues(line: Line, after: Line, wrap: float | None) -> bool:
    """Whether ``after`` is the next line of the paragraph ``line`` is in: ``line`` was filled
    by the wrapper and nothing separates them."""
    return wrap is not None and not after.blank_before and width(line.text.rstrip()) >= NEARLY_FULL * wrap


NAMED = "the site's name"  # the evidence of a line that holds the site's name (:func:`edge_names`)


@dataclass(frozen=True, slots=True)
class LineEvidence:
    """What :func:`line_features` found: a row of :data:`FEATURES` per line, the first and
    last line of the running text (:func:`text_bounds`), per line the evidence of a site's
    hand the line carries itself (``None``: none; a score alone is never enough to drop a
    line), and the closing block: the lines right after the text, up to the first in a
    site's voice (a letter's signature, contact lines, address, enclosures), never dropped."""

    rows: list[list[float]]
    first: int
    last: int
    evidence: list[str | None]
    closing: frozenset[int] = frozenset()  # the lines right after the text in no site's voice


def own_evidence(
    text: str,
    shape: str | None,
    hits: Sequence[tuple[str, str]],
    named: bool,
    titled: bool = False,
    alike: bool = False,
) -> str | None:
    """The first piece of direct evidence that ``text`` (folded) is the site's, or ``None``.

    :param hits: the line's words of a site's voice, less the document's topic words.
    :param titled: the line ends in a document-type word (a title of another document).
    :param alike: the line is one of a run alike but for their numbers (:func:`alike_runs`).
    """
    if shape:
        return f"shape: {shape}"
    if alike:
        return "one of a run of lines alike but for their numbers"
    label = LINK_LABEL.match(text)
    # (附件：…, Enclosure: …, 主题词：… 通知, 抄送：… are the document's own)
    if titled and label and not ATTACHMENT.match(text) and not own_field(text):
        return f"a link to another document ({label.group(0).strip()!r})"
    if named:
        return NAMED
    if has_address(text):
        return "an address"
    m = (BUTTON.search(text) if BRACKET_RE.search(text) else None) or (  # (a button has its brackets)
        CALL_TO_ACTION.search(text) if len(text) <= CTA_LINE else None
    )
    if m:
        return f"a button {m.group(0).strip()!r}"
    if "%" in text and any(ch.isdigit() for ch in text):
        return "a percentage"
    if "b" in text and FILE_SIZE.search(text):  # (kb, mb, gb)
        return "a file size"
    if reading_time(text):
        return "a reading time"
    if posted_stamp(text):
        return "a post's stamp (a date and a time after its label)"
    if (
        len(text) <= COUNTER
        and COUNT.search(
            HAN_CLOCK.sub("", CLOCK.sub("", MONTH_YEAR.sub("", MONTH_DAY.sub("", DATE_ANY.sub("", text)))))
        )  # (a date, a month or a time is no count: 时间：4月12日 14:30, Published March 2025, 下午2时30分)
        and not GROUPED_DIGITS.search(text)  # 银行账号：1901 0000 0000 1234 567: an account's number, no count
        and any(g != "navigation" and t not in CURRENCY for g, t in hits)  # (培训费 1200元/人: a document's fee)
        and not DOC_NUMBER.search(text)  # 杭发改价格〔2025〕18号: a document's number, not a count
        and not REFERENCE.match(text)  # 24/036 Community newsletter: a minute's number and heading
    ):
        return "a counter"  # 访问量：12345, 1234 views
    if own_field(text) or SALUTATION.match(text):
        return None  # Subject: … accounts, Present: 27 members, Dear member,: the document's, whatever its words
    for group in VOICE_GROUPS:
        word = next((term for g, term in hits if g == group), None)
        if word:
            return f"{group} words ({word!r})"
    return None


def edge_names(
    lines: Sequence[Line],
    wrap: float | None,
    folded: Sequence[str],
    running: Sequence[bool],
    removed_above: Sequence[str] = (),
    removed_below: Sequence[str] = (),
) -> tuple[str, ...]:
    """Names a site signs its own lines with, read off the document (folded lines): a word of
    a short line above the title (a capitalised word, a run of Chinese between separators, or
    the whole line; not an office's name) that :data:`EDGE_NAME_LINES` or more lines below
    repeat, none of them the title, a sentence of the running text or a signature after it
    (``Docshelf - read it all`` above the title, ``... behind the Docshelf paywall`` and
    ``Docshelf Media Ltd`` below the text). A name the text itself uses (an
    issuing office signing at the end and named in the text) is the document's. In
    hard-wrapped text only the sentences of wrapped paragraphs are the text's: a lone line
    naming the site between them is what the site inserted at a page break.
    ``removed_above``: what earlier steps removed above the title (a menu), read the same way;
    ``removed_below``: what they removed below it (a footer), each one more line repeating it."""
    title = next((i for i, line in enumerate(lines) if line.heading == 1), -1)  # -1: the title is no line

    def in_paragraph(j: int) -> bool:
        if wrap is None:
            return True  # one paragraph per line: every sentence may be the text's
        if width(lines[j].text) > WRAPPED_AT_MOST * wrap:
            return False  # far wider than the wrap: not a line of the wrapped paragraphs
        return (j > 0 and continues(lines[j - 1], lines[j], wrap)) or (
            j + 1 < len(lines) and continues(lines[j], lines[j + 1], wrap)
        )

    body = [i for i, r in enumerate(running) if r]
    if len(body) < EDGE_NAME_BODY or (title < 0 and not removed_above):
        return ()
    found: list[str] = []
    below = [_fold(t) for t in removed_below]
    last_text = body[-1]
    heads = [(folded[i], lines[i].text, False, 0) for i in range(title)]
    heads += [(_fold(t), t, True, 0) for t in removed_above]
    for t in [*removed_below, *(lines[j].text for j in range(last_text + 1, len(lines)))]:
        owner = copyright_owner(t)
        if owner:  # the owner a copyright line names signs the site's other lines too (its own line not counted)
            heads.append((_fold(owner), owner, False, 1))
    for line, text, menu, source in heads:
        if not line or ORGANISATION.search(line.rstrip(".")):
            continue  # (an issuing office's letterhead is the document's)
        if len(line) > EDGE_NAME_CHARS and (CLAUSE_RE.search(line) or any(m in line for m in SENTENCE_END)):
            continue  # a synopsis or a blurb, not a header or a menu: its words are the text's
        if source:  # an owner by its whole name (Community Safety Partnership, not Community)
            words = {line} if len(line) <= EDGE_NAME_CHARS else set()
        else:
            words = {w.lower() for w in EDGE_LATIN.findall(unicodedata.normalize("NFKC", text))}
            words |= {run for run in EDGE_HAN.findall(line) if 3 <= len(run) <= EDGE_NAME_CHARS // 2}
            if len(line) <= EDGE_NAME_CHARS:
                words.add(line)
        for name in sorted(words):
            if ORGANISATION.search(name):
                continue  # 某市统计局 in a running head: the publisher, who dates and signs the document
            hits = [j for j in range(title + 1, len(folded)) if name in folded[j]]
            if (
                len(hits) + (0 if menu and name.isascii() else sum(1 for t in below if name in t)) - source
                < EDGE_NAME_LINES
                or (title >= 0 and name in folded[title])
                or name in found
            ):
                continue  # (a menu's English word must come back in lines of the page itself: Contact, News)
            if any(j > last_text and folded[j].strip(" .") in (name, line) for j in hits):
                continue  # the letterhead signing at the end (Harbour Trust, 江城市第一中学): the document's
            if any(running[j] and in_paragraph(j) for j in hits):
                continue  # a sentence of the text names it: the document's own name
            if source and any(voice_hits(lines[j].text) == 0 and _names_a_place(lines[j].text, name) for j in hits):
                continue  # the owner's name in a plain line naming a place of its (Riverton Central Library, 10.30am)
            found.append(name)
    return tuple(found)


def reading_time(text: str) -> bool:
    """Whether ``text`` (folded) gives a reading time (:data:`READ_TIME`); a line without any
    of :data:`READ_WORDS` is not searched."""
    return any(word in text for word in READ_WORDS) and READ_TIME.search(text) is not None


def posted_stamp(text: str) -> bool:
    """A post's stamp ending the line (``沙发 周杰 发表于 2022-03-25 16:06``, ``Posted on 3 May
    2024 09:12``): in English the label starts the line; a few words at most stand before a
    Chinese one. ``Posted on … 09:12 by the Secretary`` (signed) and ``Results published 21
    August 2025 08:00`` (a dated field) are the document's."""
    m = POSTED_STAMP.search(text) if ":" in text else None  # (its time has a colon: 16:06)
    if m is None or text[m.end() :].strip(" :0123456789"):
        return False
    before = text[: m.start()].strip()
    if before.isascii():
        return not before
    if len(before) > STAMP_BEFORE or any(c in before for c in "\u3002\uff0c"):
        return False
    return not scheduled(before)  # (资格复审结果发布于…: a schedule, not 沙发 周杰)


def _names_a_place(text: str, name: str) -> bool:
    """Whether ``name`` (folded) stands in ``text`` as the start of a longer name (``Riverton
    Central Library``, ``Greenway Food Bank``) or beside figures (an address, a time)."""
    plain = unicodedata.normalize("NFKC", text)
    if any(ch.isdigit() for ch in plain):
        return True
    return re.search(rf"(?i:{re.escape(name)})\s+[A-Z]", plain) is not None


def copyright_owner(text: str) -> str | None:
    """The owner a copyright line names (``© 2024 Docshelf Inc. | Terms`` -> ``Docshelf``,
    ``Copyright © 2019-2024 某某文库 版权所有`` -> ``某某文库``), or ``None``."""
    m = COPYRIGHT_OWNER.search(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return None
    owner = OWNER_SUFFIX.sub("", m.group("owner")).strip(" .,-")
    return owner if len(owner) >= 2 and not owner.isdigit() else None


def _byline(text: str) -> bool:
    """``By Jane Doe | 5 March 2024``, ``posted by x on 1 Jan 2025``, ``Jane Doe | Monday 15
    July 2024``: a name with a date or a separator, or a short name and a date across one."""
    if "by" in text and BY.search(text):
        return _dated(text) or SEPARATORS.search(text) is not None
    return len(text.split()) <= BYLINE_WORDS and _dated(text) and SEPARATORS.search(text) is not None


def _dated(text: str) -> bool:
    """Whether :data:`DATE_ANY` finds a date in ``text``; each of its forms has a year of four
    digits, so a line without four digits in a row is not searched (the form that starts
    with a month's name would try every letter)."""
    return FOUR_DIGITS.search(text) is not None and DATE_ANY.search(text) is not None


def line_features(
    lines: Sequence[Line],
    wrap: float | None,
    *,
    site_names: Sequence[str] = (),
    genre_words: Sequence[str] = (),
    page_breaks: frozenset[int] = frozenset(),
    removed: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> LineEvidence:
    """The features, text bounds and direct evidence of ``lines`` (see :class:`LineEvidence`);
    ``removed``: the texts earlier steps removed above and below the title (see :func:`edge_names`)."""
    n = len(lines)
    shapes = [chrome_shape(line.text) for line in lines]
    for i in tabled_rows([line.text for line in lines], shapes):
        shapes[i] = None  # rows of a list or a table, not a menu
    small = small_print(lines)
    for i, shape in enumerate(shapes):
        if shape == "page marker" and inside_a_page(lines, i, small):
            shapes[i] = None  # inside a PDF's page: a list item's last words ("… on page 30")
    texts = [nfkc(line.text).strip() for line in lines]
    lexicon = terms()
    folded = [t.lower() for t in texts]  # (what _fold gives, without a second NFKC of a long line)
    all_hits = [lexicon.hits(QUOTED.sub(" ", low)) for low in folded]  # (not in a name the text quotes)
    alike = alike_runs(lines)
    genre = tuple(genre_words)
    titled_links = [
        bool(LINK_LABEL.match(t))
        and not ATTACHMENT.match(t)
        and not own_field(t)  # 主题词：… 通知, 抄送：…
        and (t.endswith(genre) or _titled_value(t))
        for t in texts
    ]
    # a link to another document comes with another (previous / next, a list): one "Next Meeting:
    # Annual General Meeting" is the text's own line (a Chinese 下一篇：…的通知 or an English "Older
    # article: A Title", naming what it links to, may stand alone)
    labels = [_fold(t.split(":", 1)[0]) if link else "" for t, link in zip(texts, titled_links, strict=True)]
    linked = [
        link
        and (
            (not texts[i].isascii() and PAIRED.search(labels[i]) is not None)  # 上一条：… may stand alone
            or any(
                titled_links[j] and (labels[j] == labels[i] or (PAIRED.search(labels[i]) and PAIRED.search(labels[j])))
                for j in range(max(0, i - 2), min(n, i + 3))
                if j != i
            )
        )
        for i, link in enumerate(titled_links)
    ]  # (To: / From: / Subject: or Department: / Reports to: are a memo's fields, not links)
    first, last, running = text_bounds(lines, wrap, shapes, [tally(h) for h in all_hits], alike, None, linked)
    title = next((line.text for line in lines if line.heading == 1), None)
    named: list[bool] | None = None
    signed = edge_names(lines, wrap, folded, running, *removed)
    if signed:  # the site's name, read off its own lines: a word in the site's voice
        named = [any(name in low for name in signed) for low in folded]
        all_hits = [h + [("site", name) for name in signed if name in folded[i]] for i, h in enumerate(all_hits)]
        first, last, running = text_bounds(
            lines, wrap, shapes, [tally(h) for h in all_hits], alike, named, linked, running
        )
    # A site's word that three lines of running text use, or the title, is the document's topic
    # (打印 in a text about printers, 网站 in an opinion on websites): no evidence of the site.
    seen = Counter(term for i, h in enumerate(all_hits) if running[i] for term in {t for _, t in h})
    titled_terms = {t for i, h in enumerate(all_hits) if lines[i].heading == 1 for _, t in h}
    topic = (frozenset(term for term, n in seen.items() if n >= TOPIC) | titled_terms) - set(signed)
    if topic:
        all_hits = [[(g, t) for g, t in h if t not in topic] for h in all_hits]
        first, last, running = text_bounds(
            lines, wrap, shapes, [tally(h) for h in all_hits], alike, named, linked, running
        )
    all_counts = [tally(h) for h in all_hits]
    cuts = interruptions(lines, wrap, running)
    anywhere = {name for name, _ in ANYWHERE}
    edges = {name for name, _ in AT_THE_EDGES}
    names = [unicodedata.normalize("NFKC", s).lower().strip() for s in site_names]
    names = [s for s in names if 3 <= len(s) <= 30] + list(signed)  # (not a two-character menu word)
    breaks = page_breaks
    own: list[dict[str, float]] = []
    evidence: list[str | None] = []
    for i, line in enumerate(lines):
        text = texts[i]
        low = folded[i]
        w = width(text)
        counts = all_counts[i]
        shape = shapes[i]
        if shape == "info bar" and i > last and not published(low):
            shape = None  # after the text, fields without a word of how a page was published are the
            # document's closing ones (Payment terms: …  Delivery terms: …, Last litter pick: …  Next …)
        f = {
            "length": min(math.log1p(len(text)) / 5, 1.5),
            "short": float(w < (0.5 * wrap if wrap else 30)),
            "running": float(running[i]),
            "sentence": float(finished_sentence(text)),
            "ends_colon": float(text.endswith(":")),
            "han": han_ratio(text),
            "function_words": function_density(text),
            "clause_marks": min(len(CLAUSE_RE.findall(text)) / max(len(text) / 20, 1), 1.0),
            "digits": len(DIGIT_RE.findall(text)) / max(len(text), 1),
            "numbered": float(starts_structure(text)),
            "label": float(bool(LABEL.match(text))),
            "separators": min(max(len(_items(text)) - 1, 0), 4) / 4,
            "address": float(has_address(text)),
            "shape_anywhere": float(shape in anywhere),
            "shape_edges": float(shape in edges),
            "shape_head": float(shape is not None and shape not in anywhere and shape not in edges),
            "site_name": float(any(s in low for s in names)),
            "brackets": float(BRACKET_RE.search(text) is not None),
            "percent": float("%" in text),
            "title_case": title_case(text),
            "genre_end": float(bool(genre) and text.endswith(genre) and not any(m in text for m in SENTENCE_MARKS)),
            "date_only": float(date_alone(text)),
            "organisation": float(office_line(text)),
            "clean_gap": 0.0,
            "sentences": min(len(SENTENCE_STOP.findall(text)), 3) / 3,
            "head": float(i < first),
            "tail": float(i > last),
            "head_distance": math.log1p(first - i) / 3 if i < first else 0.0,
            "tail_distance": math.log1p(i - last) / 3 if i > last else 0.0,
            "beside_break": float(beside_break(line, breaks)),
            "interrupts": float(cuts[i]),
        }
        for group, key in TERM_KEYS:
            f[key] = min(counts[group], 3) / 3
        own.append(f)
        titled = linked[i] or (
            (not text.isascii() or CONTENT_UNIT.search(text.split(":", 1)[0]) is not None)
            and (bool(f["genre_end"]) or _titled_value(text))
        )
        why = own_evidence(low, shape, all_hits[i], bool(f["site_name"]), titled, alike[i])
        # a byline weighs in the score but is no evidence alone: the document's own author and date look the
        # same (Jane Doe | 15 July 2024); before the text, with a separator and a word of a page's metadata
        # (Posted by x | 3 min read, Published 5 May | Owner: y), it is the site's; the document's own
        # authorship (Prepared by the People Team | Updated March 2024) is not
        f["byline"] = float(len(text) <= BYLINE and text[-1:] not in ".!?" and _byline(low))
        metadata = any(g == "metadata" for g, _ in all_hits[i])
        if why is None and f["byline"] and i < first and metadata and SEPARATORS.search(text):
            why = None if AUTHORED.match(text) else "a byline with a separator before the text"
        if why is None and f["byline"] and i < first and POSTED_ON.search(low) and not AUTHORED.match(text):
            why = "a post's byline (by … on a date) before the text"
        if shape == "time stamp" and i > last and timed_field(text):
            why = None  # after the text a timed field is the document's (报送截止时间：…17:00, Meeting closed …)
        if why is None and i < first and blurb(text, title, _hits(counts, VOICE_GROUPS)):
            why = "names the document by its whole title"
        evidence.append(why)
        f["evidence"] = float(why is not None)
        f["structural_evidence"] = float(why is not None and " words (" not in why)  # not the lexicon's
    for i in range(last + 1, min(last + 1 + CLOSING, n)):  # a signature block right after the text
        if any(own[j][key] for j in range(last + 1, i + 1) for _, key in TERM_KEYS) or shapes[i]:
            break
        own[i]["clean_gap"] = 1.0
    closing_block: list[int] = []
    for i in range(last + 1, min(last + 1 + CLOSING_BLOCK, n)):  # how a letter or notice ends
        dated_field = bool(FIELD.match(texts[i]) and DATE_ANY.search(texts[i].lower())) and not posted_at(texts[i])
        voiced = (
            (any(g in VOICE_GROUPS for g, _ in all_hits[i]) and not dated_field)  # (Date of next meeting: 2 April)
            or own[i]["site_name"]
            or linked[i]
            or alike[i]
            or (evidence[i] or "").startswith("a link to another document")  # 本文关键词：…实施方案 (a tag's link)
            or posted_at(texts[i])  # a post's time: no signature's
            or posted_stamp(texts[i].lower())  # 沙发 周杰 发表于 2022-03-25 16:06
            or (shapes[i] == "info bar" and CLOCK.search(texts[i]) is not None and POST_INFO.search(texts[i].lower()))
            # (来源：… 作者：… 2023年10月11日 13:02; not 会议时间：… 14:30 会议地点：…)
        )
        if voiced or (shapes[i] is not None and shapes[i] not in CLOSING_SHAPES) or len(lines[i].text) > BYLINE:
            break  # (a link to another document or a pager is the site's, never the letter's ending)
        closing_block.append(i)
    voiced = [min(sum(f[key] for _, key in TERM_KEYS), 1.0) for f in own]
    runs = [0] * n
    i = 0
    while i < n:
        j = i
        while j < n and not running[j]:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j + 1 if j == i else j
    rows = []
    row_of = operator.itemgetter(*FEATURES)  # (the row in FEATURES order, picked in C)
    for i, f in enumerate(own):
        prev, nxt = (own[i - 1] if i > 0 else None), (own[i + 1] if i + 1 < n else None)
        f["prev_short"] = prev["short"] if prev else 1.0
        f["next_short"] = nxt["short"] if nxt else 1.0
        f["prev_running"] = prev["running"] if prev else 0.0
        f["next_running"] = nxt["running"] if nxt else 0.0
        f["prev_terms"] = voiced[i - 1] if i > 0 else 0.0
        f["next_terms"] = voiced[i + 1] if i + 1 < n else 0.0
        f["run_length"] = min(math.log1p(runs[i]) / 3, 1.0)
        rows.append(list(row_of(f)))
    return LineEvidence(rows, first, last, evidence, frozenset(closing_block))
