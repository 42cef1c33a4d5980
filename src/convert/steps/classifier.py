"""The ``classify`` step: site lines recognised by weighed evidence, on sites never seen.

Every line left after the rule and shape steps gets a furniture score: a logistic regression
over the evidence of :mod:`convert.steps._features` (its shape, where it stands against the
running text, its neighbours, words of a site's own voice), with weights fitted offline on the
generator's tuning families (``scripts/fit_classifier.py`` writes ``line_model.json``; nothing
is fitted at run time). A line goes only when it carries evidence of its own and scores high
enough for where it stands: ``drop`` before or after the running text (or beside a page
break), ``warn`` when it cuts a sentence in two, the stricter ``drop_inside`` between
paragraphs (structural evidence only). The site's footer after the text, and the site's name
above the title, follow from the lines that went. Anything else that scores at least ``warn``
is kept and reported in a warning with its score. Headings, the title, numbered lines, the
closing block after the text (signature, contacts) and lines too long to be site chrome are
never dropped, nor the title's own date line and speaker directly under it
(:func:`~convert.steps._docmeta.front_matter`): deleting a document's text is worse than
leaving a site line in.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import operator
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from convert.core.contracts import Context, Step
from convert.core.model import Document, Line
from convert.core.textutil import (
    HAN_RE,
    ORGANISATION,
    PARA_END,
    SENTENCE_END,
    SENTENCE_MARKS,
    date_alone,
    fold,
    fold_masked,
    han_ratio,
    width,
)
from convert.steps._docmeta import cn_number, front_matter
from convert.steps._evidence import DOC_NUMBER, FOOTER_LINE, TABLE_ROW, URL, about_ads, people, tag_line
from convert.steps._features import (
    ATTACHMENT,
    FEATURES,
    FIELD,
    NAMED,
    SENTENCE_STOP,
    SHORT_ISLAND,
    VOICE_GROUPS,
    LineEvidence,
    blurb,
    continues,
    function_density,
    line_features,
    listed_item,
    own_banner,
    site_and_rights,
)
from convert.steps._layout import MOSTLY_FULL, NEARLY_FULL, UNWRAPPED, small_print, wrap_of
from convert.steps._numbering import heading_candidate, numbering_rank, starts_structure

GENRE = FEATURES.index("genre_end")
RUNNING = FEATURES.index("running")
SENTENCE = FEATURES.index("sentence")
STRUCTURAL = FEATURES.index("structural_evidence")
BESIDE_BREAK = FEATURES.index("beside_break")
INTERRUPTS = FEATURES.index("interrupts")
#: A site's own marks (a shape no document line has, or one that is chrome around a text; its name): not
#: an address or a contact line, which a document's own page may open with, nor a figure (a chart's caption)
SITE_MARKS = tuple(FEATURES.index(f) for f in ("shape_anywhere", "shape_edges", "site_name"))
VOICED = tuple(FEATURES.index(f"terms_{g}") for g in VOICE_GROUPS)
CLOSING_FEATURES = (FEATURES.index("organisation"), FEATURES.index("date_only"))
MODEL_FILE = Path(__file__).with_name("line_model.json")
SHOWN = 3  # unsure lines quoted in the warning
MASTHEAD_LINES = 2  # dropped site lines that must repeat a name for the line above the title to be it
MASTHEAD_CHARS = 30  # characters of a site's name line
CONTACT = re.compile(
    r"\s*[\u4e00-\u9fff]{0,4}(?:\u8054\u7cfb\u4eba|\u8054\u7cfb\u7535\u8bdd|\u7535\u8bdd|\u4f20\u771f|\u90ae\u7bb1|\u5730\u5740|"
    r"\u90ae\u7f16|tel|telephone|phone|e-?mail|fax|address|contact)\s*[:\uff1a]",
    re.IGNORECASE,
)  # (咨询)联系人 联系电话 电话 传真 邮箱 地址 邮编
BRACKETED = re.compile(r"[(\uff08\[\u3010].*[)\uff09\]\u3011]")  # (此件公开发布): the document's note
SPEECH = 0.6  # function-word density (see _features) from which Chinese is a sentence
SPEECH_CHARS = 10  # Han characters a line needs for its density to count
PART_HEADING = re.compile(r"(?:chapter|section|part|article|schedule|annex|appendix)\s+(?:\d+|[ivxlc]+)\b", re.I)
DATE_LABEL = 12  # characters of a date field's label (签订时间, Date of signature)
SMALL_TAIL = 4  # lines of a site's small print after a PDF's text (a paper's references are longer)
FOOTNOTE = re.compile(
    r"\s*(?:\d{1,2}|[*\u2020\u2021\u00a7\u00b9\u00b2\u00b3\u2070-\u2079\u2460-\u2473])\s*[A-Z\u4e00-\u9fff\[(]"
)
NOTE = re.compile(
    r"\s*(?:notes?|sources?|figure|fig\.|table|chart|base|acknowledge?ments?|\u6ce8|\u8bf4\u660e|"
    r"\u6570\u636e\u6765\u6e90|\u8d44\u6599\u6765\u6e90|\u56fe|\u8868)\s*[\d.:\uff1a]",
    re.IGNORECASE,
)  # Note: / Source: / Figure 2: / Table 1 / 注： / 说明： / 数据来源： / 图1 / 表1
CAPTION_LABEL = re.compile(
    r"\s*(?:figure|fig\.|table|chart|map|\u56fe|\u8868)\s*\d+(?:[.\-\u2010\u2013]\d+)*(?:\s|[:.\uff1a]|$)",
    re.IGNORECASE,
)  # Figure 3: …, Table 2.1 …, 图1 …, 表3 …: a caption's label
SELF = re.compile(
    r"\b(?:this|these)\s+(?:document|report|minutes|briefing|guide|guidance|plan|strategy|policy|paper|"
    r"newsletter|leaflet|booklet|publication|draft)\b|\u672c(?:\u62a5\u544a|\u6587\u4ef6|\u529e\u6cd5|"
    r"\u89c4\u5b9a|\u65b9\u6848|\u8ba1\u5212|\u7eaa\u8981|\u901a\u77e5|\u610f\u89c1)",
    re.IGNORECASE,
)  # the document speaking of itself (本报告 本文件 本办法 本规定 本方案 本计划 本纪要 本通知 本意见)
WEB_SIGNS = 2  # lines removed as a site's that show a PDF was printed from a web page
WEB_KINDS = frozenset({"furniture", "ad", "nav", "related", "sidebar"})
TABLE_ROWS = 3  # label: value rows that make a table
WEAK_EVIDENCE = re.compile(r"^(?:a percentage|an address|shape: (?:site|web) address|shape: e-mail line)$")
AD_BREAK = 2  # lines after the text: a sentence this close may be the text's end after an ad at a page break
TABLED_MARKS = frozenset({"shape: navigation words", "shape: info bar", "a counter", "a percentage"})
# evidence a table's cells or a list's items have as often as a site's lines (see inside_mark)
INSERTED_RUN = 4  # lines a site inserts inside a sentence at a page break (an ad, a preview wall)
OFFICE_WORDS = 6  # words of an office's bare name (Department for Levelling Up, Housing and Communities)
OFFICE_CHARS = 20  # characters of a Chinese one (中国注册会计师协会)
LOUD_CHINESE = 2  # words of a site's voice that let a Chinese line cutting a sentence go
CLAUSE_GOES_ON = ",;\uff0c\uff1b"  # a line ending in one goes on with its sentence (a verse's line)
OPEN_LINE = 0.7  # share of the wrap width of a line ending on OPEN_END that is the text's, not a short insert
LOUD_INSERT = 3  # words of a site's voice that make a full line inside a sentence an insert (Unlock, free, trial)
PAGE_TOTAL = re.compile(
    r"\u7b2c\s*(?P<page>\d+)\s*\u9875\s*[/,\uff0c]?\s*\u5171\s*(?P<total>\d+)\s*\u9875"
    r"|\u5171\s*(?P<total2>\d+)\s*\u9875\s*[/,\uff0c]?\s*\u7b2c\s*(?P<page2>\d+)\s*\u9875"
    r"|(?P<page3>\d+)\s*(?:/|of)\s*(?P<total3>\d+)",
    re.IGNORECASE,
)  # 第2页 共2页, 共2页 第2页, 2 / 2, Page 2 of 2
REFERENCE = re.compile(
    r"\s*(?:[\u4e00-\u9fff]{0,4}\u7f16\u53f7|\u6587\u53f7|no\.|ref(?:erence)?\.?|our ref)\s*[:\uff1a]?\s*\S*\d",
    re.IGNORECASE,
)  # 编号 / 合同编号 / 文号 / No. / Ref: and a code: perhaps the document's own number
INFO_BAR = re.compile(r"\d.*\s[|\u00b7~\u2022\uff5c]\s|\s[|\u00b7~\u2022\uff5c]\s.*\d")
# items apart with a separator and a figure among them: 12345阅 · 67藏, 贡献值 120 | 评级 A+
INFO_LINES = 3  # lines of a site's info block with no mark of their own (a count, a byline, a slogan)
PAGE_NUMBER = re.compile(r"\d+")
OPEN_END = re.compile(
    r"\b(?:the|a|an|of|and|or|but|that|which|whose|will|would|shall|should|must|could|might|"
    r"is|are|was|were|been|has|have|had)$",
    re.IGNORECASE,
)  # a word no sentence, and no site's line, ends on (``… Federal Register. The FAA will``)
PAGE_RUN = 2  # page numbers running on one by one that show where the pages were
WIDGET_LABEL = 8  # characters (or 3 words) of a widget's bare label (文章分类, Archives)


@dataclass(frozen=True, slots=True)
class LineModel:
    """The fitted weights (in :data:`FEATURES` order), bias and thresholds."""

    weights: tuple[float, ...]
    bias: float
    drop: float
    warn: float
    drop_inside: float = 1.01  # inside the running text (1.01: never)

    def score(self, row: list[float]) -> float:
        if len(row) != len(self.weights):
            raise ValueError(f"{len(row)} features for a model of {len(self.weights)}")
        z = self.bias + sum(map(operator.mul, self.weights, row))  # (as a generator would, in C)
        return 1 / (1 + math.exp(-max(min(z, 40.0), -40.0)))


@cache
def line_model() -> LineModel | None:
    """The model in ``line_model.json``, or ``None`` before one was fitted. A model fitted on
    other features than :data:`FEATURES` is an error (refit it)."""
    if not MODEL_FILE.exists():
        return None
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE.name} was fitted on other features: run scripts/fit_classifier.py")
    return LineModel(
        weights=tuple(float(data["weights"][name]) for name in FEATURES),
        bias=float(data["bias"]),
        drop=float(data["drop"]),
        warn=float(data["warn"]),
        drop_inside=float(data.get("drop_inside", 1.01)),
    )


def scored(
    lines: tuple[Line, ...], i: int, wrap: float | None, title: str | None = None, row: list[float] | None = None
) -> bool:
    """Whether line ``i`` may be site furniture at all: not a heading or the title (nor the
    title repeated), not a numbered part, not two sentences or more, not too long for chrome,
    and not the rest of the paragraph the line above it began."""
    line = lines[i]
    text = line.text.strip()
    if line.heading is not None or not text or width(text) > UNWRAPPED or starts_structure(text):
        return False
    if PART_HEADING.match(text) or DOC_NUMBER.search(text) or CAPTION_LABEL.match(text):
        return False  # Chapter 1: …, Section 2 …, Part III …: the document's own parts; 〔2025〕18号: its number;
        # 图1 …, Table 2: …: its figure's or table's caption
    if title and fold(text) == fold(title):
        return False
    if len(SENTENCE_STOP.findall(text)) >= 2:
        return False
    if row is not None and row[INTERRUPTS]:
        return True  # it stands inside a paragraph it does not belong to (see _features.interruptions)
    if (
        row is not None
        and row[BESIDE_BREAK]
        and any(row[k] for k in SITE_MARKS)
        and text[-1:] not in SENTENCE_END
        and i > 0
        and lines[i - 1].text.rstrip()[-1:] in SENTENCE_END
        and page_edge(lines, i)
    ):
        return True  # a site's mark where a page ends, after a sentence's end: no paragraph it goes on with
        # (after "… can be found at", www.example.gov.uk ends that sentence)
    return not (i > 0 and continues(lines[i - 1], line, wrap))


def page_edge(lines: Sequence[Line], i: int) -> bool:
    """Whether line ``i`` is the first or last line of its page; always, without real pages. (In
    a PDF a page break's line number is its page's: ``beside_break`` also holds for the lines
    of that number on every other page.)"""
    page = lines[i].origin.page
    return page is None or any(not 0 <= j < len(lines) or lines[j].origin.page != page for j in (i - 1, i + 1))


def mastheads(doc: Document, found: LineEvidence, drop: dict[int, tuple[str, str]]) -> dict[int, str]:
    """Short lines above the title that are the site's name: a word of theirs (or the whole
    line) recurs in :data:`MASTHEAD_LINES` or more lines dropped as the site's, and in no line
    of the running text (``Riverside Gazette`` above the title, ``the Gazette team`` and ``the
    Gazette app`` in the footer; what earlier steps removed counts too). A line that went
    already for another reason is named too (the better reason). Returns line index -> the
    recurring name."""
    lines = doc.lines
    title = next((i for i, line in enumerate(lines) if line.heading == 1), None)
    if title is None:
        return {}
    removed = [(i, fold(lines[i].text)) for i in drop] + [
        (None, fold(r.text)) for r in doc.removals if r.kind not in ("page-number", "title-dup")
    ]
    text = [fold(lines[i].text) for i in range(found.first, found.last + 1) if i not in drop and found.rows[i][RUNNING]]
    out: dict[int, str] = {}
    for i in range(title):
        line = lines[i].text.strip()
        if not line or len(line) > MASTHEAD_CHARS or any(ch.isdigit() for ch in line):
            continue
        names = [fold(line)] + [w.lower() for w in re.findall(r"[A-Z][A-Za-z]{3,}", line)]
        for name in names:
            if (
                len(name) >= 2
                and sum(name in r for j, r in removed if j != i) >= MASTHEAD_LINES
                and not any(name in t for t in text)
            ):
                out[i] = name
                break
    return out


def document_features(
    doc: Document, title_words: Sequence[str], site_names: Sequence[str] | None = None
) -> LineEvidence:
    """The classifier's view of ``doc``: :func:`~convert.steps._features.line_features` with
    every fact the document carries (site names, page breaks, what earlier steps removed
    around the title). ``scripts/fit_classifier.py`` fits on exactly this."""
    return line_features(
        doc.lines,
        wrap_of(doc),
        site_names=doc.layout.site_names if site_names is None else site_names,
        genre_words=title_words,
        page_breaks=doc.layout.page_breaks,
        removed=removed_around(doc),
    )


def removed_around(doc: Document) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What earlier steps removed above the title (or above the first line when the title is
    no line) on its page (a menu, a site header), and what they removed below it (a footer),
    leaving out the title repeated and page numbers."""
    title = next((line.origin for line in doc.lines if line.heading == 1), None)
    if title is None:
        if not doc.lines or not doc.meta.title:
            return (), ()
        title = doc.lines[0].origin
    named = fold(doc.meta.title or "")
    above: list[str] = []
    below: list[str] = []
    for r in doc.removals:
        if r.origin is None or r.kind == "page-number" or (named and (named in fold(r.text) or fold(r.text) in named)):
            continue
        if r.origin.page == title.page and r.origin.line < title.line:
            above.append(r.text)
        elif (r.origin.page or 0, r.origin.line) > (title.page or 0, title.line):
            below.append(r.text)
    return tuple(above), tuple(below)


def last_page_end(doc: Document) -> tuple[int, int, str] | None:
    """In text without real pages, the input lines of the first page number removed and of
    the one that closed the last page, and that one's text, or ``None``: every page's number there, the last one
    its total (``1 / 2`` … ``2 / 2``, ``第6页 共6页``, ``Page 3 of 3``), or :data:`PAGE_RUN` or
    more numbers from 1 that run on one by one (``Page 1``, ``Page 2``: a page after the last
    would have its number too)."""
    if any(line.origin is None or line.origin.page is not None for line in doc.lines):
        return None  # a paged reader's lines: a page's foot is where its lines end
    marks = sorted((r.origin.line, r.text) for r in doc.removals if r.kind == "page-number" and r.origin is not None)
    if not marks:
        return None
    first, (end, text) = marks[0][0], marks[-1]
    m = PAGE_TOTAL.search(unicodedata.normalize("NFKC", text))
    if m is not None:
        page = int(m["page"] or m["page2"] or m["page3"])
        total = int(m["total"] or m["total2"] or m["total3"])
        return (first, end, text) if page == total == len(marks) >= 2 else None  # (one number a page, all there)
    numbers = [
        int(n[0]) if len(n := PAGE_NUMBER.findall(unicodedata.normalize("NFKC", t))) == 1 else None for _, t in marks
    ]
    if (
        len(numbers) >= PAGE_RUN
        and numbers[0] == 1
        and all(b is not None and a is not None and b == a + 1 for a, b in itertools.pairwise(numbers))
    ):
        return first, end, text
    return None


def _runs(indexes: Sequence[int]) -> list[list[int]]:
    """Sorted ``indexes`` split into runs of consecutive numbers."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def printed_from_the_web(doc: Document, drop: dict[int, tuple[str, str]]) -> bool:
    """Whether a document shows the signs of a web page printed or saved: a site's name
    found above its title, a web address in what was removed as running header, footer or
    watermark, or :data:`WEB_SIGNS` lines already removed as a site's furniture, ads or
    navigation (a report's running head and page numbers are no such sign)."""
    if doc.layout.site_names:
        return True
    if any(r.kind in ("header", "footer", "watermark") and URL.search(r.text) for r in doc.removals):
        return True
    site = sum(1 for r in doc.removals if r.kind in WEB_KINDS) + sum(
        1 for kind, _ in drop.values() if kind in WEB_KINDS
    )
    return site >= WEB_SIGNS


def _removed_between(removed: Sequence[tuple[tuple[int, int], str]], above: Line, below: Line) -> str:
    """The text (its start) of the last line an earlier step removed between ``above`` and
    ``below`` (``removed``: sorted (page, line) origins with texts), or ``""``."""
    if above.origin is None or below.origin is None:
        return ""
    start = (above.origin.page or 0, above.origin.line)
    end = (below.origin.page or 0, below.origin.line)
    k = bisect.bisect_left(removed, (end, ""))  # the first removal at or after ``below``
    if k == 0 or removed[k - 1][0] <= start:
        return ""
    return removed[k - 1][1].strip()[:20]


def resumes(above: Line, below: Line, wrap: float | None) -> bool:
    """Whether ``below`` goes on with the sentence the full wrapped line ``above`` left open
    (lines between them having gone): ``above`` ends in a letter, a Han character or a comma,
    ``below`` starts in lower case, or in Han after Han, with no blank line before it."""
    if wrap is None or below.blank_before or below.heading is not None or above.heading is not None:
        return False
    before, after = above.text.rstrip(), below.text.lstrip()
    if not before or not after or width(before) < NEARLY_FULL * wrap or before[-1] in PARA_END:
        return False
    if after[0].islower() and after[0].isascii():
        return before[-1].isalpha() or before[-1] == ","
    return HAN_RE.match(before[-1]) is not None and HAN_RE.match(after[0]) is not None and not starts_structure(after)


def widget_mark(evidence: str | None) -> bool:
    """Evidence of a widget's body: a run of lines alike but for their numbers (an archive
    list) or a chrome shape (a menu, a time stamp), not a word of the lexicon or a byline."""
    return bool(evidence) and (evidence.startswith("shape:") or evidence.startswith("one of a run"))


def _bare_label(text: str) -> bool:
    """A short line of words only: no digit, no punctuation or symbol."""
    if not text or len(text) > WIDGET_LABEL * (3 if text.isascii() else 1) or len(text.split()) > 3:
        return False
    return not any(ch.isdigit() or unicodedata.category(ch)[0] in "PS" for ch in text)


ORDINAL = re.compile(r"\W*(\d{1,3}|[\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3})")


def ordinal(text: str) -> int | None:
    """The number a numbered line starts with (``二、…`` 2, ``（十二）…`` 12, ``3.…`` 3), or ``None``."""
    m = ORDINAL.match(unicodedata.normalize("NFKC", text))
    if m is None:
        return None
    token = m.group(1)
    return int(token) if token.isdigit() else cn_number(token)


def part_heading(text: str) -> bool:
    """A numbered line with no sentence end: a heading of the document's parts (``二、围绕…``)."""
    text = text.strip()
    return numbering_rank(text) is not None and text[-1:] not in SENTENCE_END


def closing(row: list[float], text: str = "") -> bool:
    """A signature's office, a date or a contact line (``联系电话：…``, ``Tel: …``): how
    documents end (never taken as part of a site's list)."""
    return bool(row[CLOSING_FEATURES[0]] or row[CLOSING_FEATURES[1]] or CONTACT.match(text))


def dated_field(text: str) -> bool:
    """A field whose value is a date (``签订时间：2024年8月28日``, ``Date signed: 3 May 2025``)."""
    label, colon, value = text.replace("\uff1a", ":").partition(":")
    return bool(colon) and len(label) <= DATE_LABEL and date_alone(value.strip())


def inside_mark(lines: Sequence[Line], found: LineEvidence, i: int) -> bool:
    """Whether line ``i``'s evidence holds between two paragraphs: any but a row of short
    words, which there is a table's header as often as a menu (``序号 姓名 单位 职务``), and
    a count or a percentage next to another line of figures: the document's table or list of
    figures (``网站访问量 1560万人次`` / ``公众号关注 12.6万人``, ``教育 86.2 20.0%``); and a
    banner with no site's word away from a page break, the document's own decorated heading
    or separator (``===== Items for the agenda =====``, ``———— 以下为附件 ————``)."""
    evidence = found.evidence[i] or ""
    if evidence in ("shape: navigation words", "shape: info bar"):
        return False  # (执笔：综合处 王晓燕 审核：李国平: a report's credits between its paragraphs)
    if evidence == "shape: banner":
        return not own_banner(lines[i].text, lines[i - 1] if i else None, bool(found.rows[i][BESIDE_BREAK]))
    if evidence == "shape: ad label":
        return all(0 <= j < len(lines) and found.rows[j][RUNNING] for j in (i - 1, i + 1)) and not about_ads(
            line.text for line, row in zip(lines, found.rows, strict=True) if row[RUNNING]
        )
    if evidence in ("a counter", "a percentage"):
        return not any(
            0 <= j < len(lines)
            and not found.rows[j][RUNNING]
            and found.evidence[j] in (None, "a counter", "a percentage")
            and any(ch.isdigit() for ch in lines[j].text)
            for j in (i - 1, i + 1)
        )
    return True


def interrupting_runs(found: LineEvidence) -> list[range]:
    """The runs of consecutive lines that cut a paragraph's sentence in two (the
    ``interrupts`` feature, see :func:`~convert.steps._features.interruptions`)."""
    cutting = [i for i, row in enumerate(found.rows) if row[INTERRUPTS]]
    return [range(run[0], run[-1] + 1) for run in _runs(cutting)]


def voice_count(row: list[float]) -> int:
    """Words of a site's voice a line holds, read back from its features (each group's count,
    up to three, is stored as a third)."""
    return round(sum(row[c] for c in VOICED) * 3)


def loud(text: str, row: list[float]) -> bool:
    """Evidence enough for a line cutting a sentence in two to be a site's insert: in Latin
    text any (the sentence goes on in lower case after it); a Chinese line, which may be its
    paragraph's own short last line before a list (``款至指定账户``), needs a site's mark
    (a shape, its name, a counter) or two words of a site's voice."""
    if not HAN_RE.search(text):
        return True
    return bool(row[STRUCTURAL]) or voice_count(row) >= LOUD_CHINESE


def reads_on(line: Line, after: Line) -> bool:
    """Whether a Latin line with no more than a site's words (``This section of the FEDERAL
    REGISTER``) reads on into the line under it: it ends in a letter or a figure, no stop,
    and the next line, in the same block (no blank line between), goes on in lower case
    (``contains notices to the public …``). Its words are the text's, not a site's."""
    text, nxt = line.text.rstrip(), after.text.lstrip()
    return not HAN_RE.search(text) and text[-1:].isalnum() and nxt[:1].islower() and not after.blank_before


def annex_start(lines: Sequence[Line], found: LineEvidence) -> int:
    """After the text, the line of an attachment's label (``附件：收费项目一览表``, ``Annex A``):
    what follows it is the attachment, the document's own (``len(lines)`` when there is none)."""
    return next((i for i in range(found.last + 1, len(lines)) if ATTACHMENT.match(lines[i].text.strip())), len(lines))


def attachment_mark(evidence: str | None, row: list[float]) -> bool:
    """Evidence that holds after an attachment's label: structural, but not a run of lines
    alike (an attached table's column: 4月21日 / 4月22日 …)."""
    return bool(row[STRUCTURAL]) and not (evidence or "").startswith("one of a run")


def official(text: str, row: list[float]) -> bool:
    """A line of a document's own head or signature: an office's bare name (``北山市价格监测中心``,
    one of several issuers; no digit, no punctuation, a few words), a date alone, or a document
    number (``杭发改价格〔2025〕18号``). ``网站声明：…请注明出处`` or ``Page reviewed 23 May by the
    Communities team`` end in an office's word but say more."""
    if row[CLOSING_FEATURES[1]] or DOC_NUMBER.search(text):
        return True
    name = text.strip().rstrip(".")
    if any(ch.isdigit() or unicodedata.category(ch)[0] == "P" for ch in name):
        return False
    short = len(name.split()) <= OFFICE_WORDS if name.isascii() else len(name) <= OFFICE_CHARS
    return short and ORGANISATION.search(name) is not None


def addressed(evidence: str) -> bool:
    """Evidence that is only an address: inside a sentence it may be the sentence's own
    (``write to grants@example.org, or call``)."""
    return evidence in {"an address", "shape: site address", "shape: web address", "shape: e-mail line"}


def speech(text: str, titled: bool = False) -> bool:
    """Chinese dense with function words (的、了、是、在…): someone's sentence, not a site's
    label, button or link (English furniture is as wordy as English text: not used there).
    A line ending in a document-type word is a title (``关于…的通知``), not a sentence; one
    that speaks of the site and of rights (``本网所载文章…其著作权…``) is the site's notice."""
    if titled or len(HAN_RE.findall(text)) < SPEECH_CHARS:
        return False  # too short for a density to mean anything
    if site_and_rights(text):
        return False
    return han_ratio(text) > 0.3 and function_density(text) >= SPEECH


class Classify(Step):
    name = "classify"
    description = (
        "Score every line left for site furniture from weighed evidence (shape, position against "
        "the running text, neighbours, a site's own words); drop high scorers before or after "
        "the text, warn about the unsure ones."
    )
    order = 380

    def run(self, doc: Document, ctx: Context) -> Document:
        model = line_model()
        if model is None or not doc.lines:
            return doc
        found, drop, unsure = self._decide(doc, ctx, model, doc.layout.site_names)
        names = mastheads(doc, found, drop)
        if names:  # the site's name, now known: a second look with it
            site_names = doc.layout.site_names + tuple(names.values())
            found, drop, unsure = self._decide(doc, ctx, model, site_names)
            for i, name in names.items():
                drop[i] = ("header", f"the site's name: {MASTHEAD_LINES}+ site lines repeat {name!r}")
            doc = doc.with_layout(site_names=site_names)
        lines = doc.lines
        unsure = [(s, t) for s, t in unsure if t not in {lines[i].text.strip() for i in drop}]
        if unsure:
            shown = "; ".join(f"{s:.2f} {t[:30]!r}" for s, t in sorted(unsure, reverse=True)[:SHOWN])
            doc = doc.warn(
                f"kept {len(unsure)} line(s) that may be site furniture (score: {shown}); see docconv inspect"
            )
        return doc.drop_lines(drop, self.name)

    def _decide(
        self, doc: Document, ctx: Context, model: LineModel, site_names: tuple[str, ...]
    ) -> tuple[LineEvidence, dict[int, tuple[str, str]], list[tuple[float, str]]]:
        """Score every line; the lines to drop (with their reasons) and the unsure ones."""
        lines = doc.lines
        wrap = wrap_of(doc)
        found = document_features(doc, ctx.rules.title_words, site_names)
        scores = [model.score(row) for row in found.rows]
        drop: dict[int, tuple[str, str]] = {}
        unsure: list[tuple[float, str]] = []
        first: tuple[float, str] | None = None  # an untitled document's first line, if it scores as the site's
        unmarked = self._unmarked_runs(found, lines)
        titled = next((i for i, line in enumerate(lines) if line.heading == 1), 0)  # above it, a site's mark
        # (not its words: a title above a wrong one has those) and ``warn`` will do
        annex = annex_start(lines, found)
        located = found.first <= found.last  # no running text found: only a line's own marks of a site count
        front = front_matter(lines)  # the title's date line and speaker: the document's own head
        for i, (line, row) in enumerate(zip(lines, found.rows, strict=True)):
            text = line.text.strip()
            if i in front or not scored(lines, i, wrap, doc.meta.title, row):
                continue
            score = scores[i]
            if score < model.warn:
                continue
            where = (
                None
                if not located and found.evidence[i] == NAMED  # (the publication's name in a sentence)
                else "before"
                if i < found.first
                else "after"
                if i > found.last
                else "beside a page break in"
                if row[BESIDE_BREAK] and found.evidence[i]
                else "inside a paragraph of"
                if row[INTERRUPTS]
                and found.evidence[i]
                and not addressed(found.evidence[i])
                and loud(text, row)
                and i not in unmarked
                else None
            )
            if (
                where is None
                and located
                and row[STRUCTURAL]
                and not addressed(found.evidence[i] or "")
                and not row[RUNNING]
                and not row[SENTENCE]
                and score >= model.drop_inside
                and inside_mark(lines, found, i)
            ):
                where = "inside"  # a line with a site's mark between paragraphs: only the surest
            if (
                i in found.closing
                or (official(text, row) and not row[STRUCTURAL])
                or (listed_item(lines, i, wrap) and not (row[STRUCTURAL] and found.evidence[i] not in TABLED_MARKS))
                or (
                    not row[STRUCTURAL]
                    and i + 1 < len(lines)
                    and found.rows[i + 1][RUNNING]
                    and reads_on(line, lines[i + 1])
                )
                or (i > annex and not attachment_mark(found.evidence[i], row))
            ):
                unsure.append((score, text))  # how the document ends (signature, contacts, enclosures), an
                continue  # office, a date or a number with no more than a site's word (中国注册会计师协会), or an
                # item of a list the text introduces (以下渠道：/ “浙里办”APP, see listed_item), unless a
                # site's own shape
            listed = (
                where == "after"
                and i - 1 in drop
                and not closing(found.rows[i], text)
                and not dated_field(text)  # (签订时间：…: a contract's closing field)
                and text[-1:] not in SENTENCE_END
            )  # (a list's items end in no full stop: a sentence after an ad is the text's, cut short)
            why = found.evidence[i] or (f"a list after {lines[i - 1].text.strip()[:20]!r}" if listed else None)
            if i == 0 and not doc.meta.title:
                unsure.append((score, text))  # no title was found: the first line may be it,
                if where == "before" and why and row[STRUCTURAL] and score >= model.drop:
                    first = (score, why)  # unless the line below it goes as the site's too (a chrome mark
                    # of its own: a title's words may be a site's, 关注孩子的网络账号安全)
                continue
            if (
                where
                and score
                >= (
                    model.warn
                    if (listed and not found.evidence[i]) or row[INTERRUPTS] or (i < titled and row[STRUCTURAL])
                    else model.drop
                )
                and why
                and (not speech(text, bool(row[GENRE])) or blurb(text, doc.meta.title, sum(row[c] > 0 for c in VOICED)))
            ):
                drop[i] = ("furniture", f"site line (score {score:.2f}, {where} the running text; {why})")
            else:
                unsure.append((score, text))
        if first is not None and 1 in drop:
            drop[0] = ("furniture", f"site line (score {first[0]:.2f}, above another site line; {first[1]})")
        drop |= self._footer(doc, found, model, scores, drop)
        drop |= self._after_last_page(doc, found, model, scores, drop)
        drop |= self._info_block(doc, found, model, scores, drop, front)
        drop |= self._inserted(doc, found, drop)
        drop |= self._repeated_inserts(doc, found, model, scores, drop)
        drop |= self._labels(doc, found, model, scores, drop)
        drop |= self._notices(doc, found, drop)
        drop |= self._table(doc, found, model, scores, drop)
        drop |= self._small_print(doc, found, drop)
        drop |= {
            i: ("furniture", "a tag list after the text (a label and short items)")
            for i in range(found.last + 1, len(doc.lines))
            if i not in drop and doc.lines[i].heading is None and tag_line(doc.lines[i].text.strip())
        }
        return found, {i: why for i, why in drop.items() if i not in front}, unsure

    @staticmethod
    def _after_last_page(
        doc: Document, found: LineEvidence, model: LineModel, scores: list[float], drop: dict[int, tuple[str, str]]
    ) -> dict[int, tuple[str, str]]:
        """In text without real pages whose numbers stand at the pages' feet (running text
        before page 1's number), the lines after the number that closed the last page
        (``2 / 2``, see :func:`last_page_end`): outside the document's pages. Only when every
        one of them shows a site's hand (evidence of its own, a word of its voice, or a score
        of ``warn`` or more: a site's notice, a list of other documents), at most
        :data:`SHORT_ISLAND` of them are running text, and none is a numbered part or heading,
        a signature or a date: a reply slip, an annex or a page whose number was lost is the
        document's, and all of it stays."""
        pages_end = last_page_end(doc)
        if pages_end is None:
            return {}
        first_mark, end, mark = pages_end
        lines = doc.lines
        if not any(
            found.rows[i][RUNNING] and line.origin is not None and line.origin.line < first_mark
            for i, line in enumerate(lines)
        ):
            return {}  # (the numbers head the pages: what follows the last one is its page)
        after = [i for i, line in enumerate(lines) if line.origin is not None and line.origin.line > end]
        if not after or sum(1 for i in after if found.rows[i][RUNNING]) > SHORT_ISLAND:
            return {}
        for i in after:
            text = lines[i].text.strip()
            if (
                lines[i].heading is not None
                or starts_structure(text)
                or heading_candidate(text) is not None
                or closing(found.rows[i], text)
                or official(text, found.rows[i])
                or not (found.evidence[i] or voice_count(found.rows[i]) or scores[i] >= model.warn)
            ):
                return {}
        return {
            i: ("furniture", f"after the page number that closed the last page ({mark.strip()!r})")
            for i in after
            if i not in drop
        }

    @staticmethod
    def _info_block(
        doc: Document,
        found: LineEvidence,
        model: LineModel,
        scores: list[float],
        drop: dict[int, tuple[str, str]],
        front: set[int] | frozenset[int],
    ) -> dict[int, tuple[str, str]]:
        """Before the running text, in a page that shows a site's hand
        (:func:`printed_from_the_web`), short bars of items apart with a separator, a figure
        among them (:data:`INFO_BAR`), that score at least ``drop`` without another mark of
        their own (``64439阅 · 38藏``, ``贡献值 120 | 评级 A+``): the site's info block, whose
        words no lexicon holds (a field, ``主持：王建国``, a marking, ``特急``, or a name is no
        bar). At most :data:`INFO_LINES` of them together, beside the
        title or a line that went as the site's (a song's or a poem's lines before the text
        are many, or one block), and only where running text was found. Never the title's
        date line or speaker (:func:`~convert.steps._docmeta.front_matter`), a person's bare
        name (``王 福``, an author), a signature's office, a date, a document number or a
        labelled reference (``合同编号：HT-2024-01``, ``Our ref: AB/12``), a sentence dense
        with function words, or a line the classifier does not score."""
        lines = doc.lines
        wrap = wrap_of(doc)
        title = next((i for i, line in enumerate(lines) if line.heading == 1), None)
        candidates = [
            i
            for i in range(min(found.first, len(lines)))
            if i != title
            and i not in drop
            and i not in front
            and not found.evidence[i]
            and scores[i] >= model.drop
            and "\n" not in (text := lines[i].text.strip())
            and width(text) <= FOOTER_LINE
            and INFO_BAR.search(text) is not None
            and scored(lines, i, wrap, doc.meta.title, found.rows[i])
            and not closing(found.rows[i], text)
            and not official(text, found.rows[i])
            and not REFERENCE.match(text)
            and not people(text.split())
            and not speech(text, bool(found.rows[i][GENRE]))
        ]
        if not candidates or found.first >= len(lines) or not printed_from_the_web(doc, drop):
            return {}  # (no running text found: nothing tells an info block from the text's own short lines)
        out: dict[int, tuple[str, str]] = {}
        for run in _runs(candidates):
            before, after = run[0] - 1, run[-1] + 1
            beside = [j for j in (before, after) if j in drop or (0 <= j < len(lines) and lines[j].heading == 1)]
            if len(run) <= INFO_LINES and beside:
                for i in run:
                    out[i] = ("furniture", f"the site's info block before the text (score {scores[i]:.2f})")
        return out

    @staticmethod
    def _repeated_inserts(
        doc: Document, found: LineEvidence, model: LineModel, scores: list[float], drop: dict[int, tuple[str, str]]
    ) -> dict[int, tuple[str, str]]:
        """Inside the running text, a line given twice or more (digits masked; a copy may
        have gone already) between paragraphs, each copy in a site's voice (evidence of its
        own, or a word of the lexicon), one of them gone already or scoring at least
        ``warn``, and one cutting a sentence in two or standing beside a page break (or every
        copy with a site's mark, a shape or its name): an insert the site repeats
        (``ADVERTISEMENT``, ``Scroll to continue reading``, ``[1] [2] 下一页``). Between
        paragraphs means a paragraph's line or end, a heading or another site line on either
        side: a table's or a list's repeated cells have short neighbours. A line without a
        site's word (``(Applause)``, ``同志们：``), a finished sentence or a line of running
        text, and a pattern given once a paragraph or more stay."""
        lines = doc.lines
        wrap = wrap_of(doc)
        copies: dict[str, list[int]] = {}
        for i in range(max(found.first, 0), min(found.last + 1, len(lines))):
            text = lines[i].text.strip()
            key = fold_masked(text)
            if key and width(text) <= FOOTER_LINE and text[-1] not in SENTENCE_END and not found.rows[i][RUNNING]:
                copies.setdefault(key, []).append(i)

        def between(j: int) -> bool:  # a paragraph's line or end, a heading, or another line in a site's voice
            if not 0 <= j < len(lines) or lines[j].heading is not None or found.evidence[j]:
                return True
            if voice_count(found.rows[j]) or starts_structure(lines[j].text):
                return True  # (a numbered heading not marked yet: 1.2 Why We Ask)
            row = found.rows[j]
            return bool(row[RUNNING] or row[INTERRUPTS]) or lines[j].text.rstrip()[-1:] in PARA_END

        running = sum(1 for row in found.rows if row[RUNNING])
        out: dict[int, tuple[str, str]] = {}
        for found_at in copies.values():
            kept = [i for i in found_at if i not in drop]
            if len(found_at) < 2 or not kept or len(found_at) * 2 > running:
                continue  # (as many copies as paragraphs: the document's own pattern)
            placed = any(found.rows[i][INTERRUPTS] or found.rows[i][BESIDE_BREAK] for i in found_at) or all(
                found.rows[i][STRUCTURAL] for i in found_at
            )  # (a subheading the text repeats, Your rights, 延伸阅读, stands between paragraphs too)
            sure = len(kept) < len(found_at) or max(scores[i] for i in found_at) >= model.warn  # (one went already)
            if (
                placed
                and sure
                and all(
                    (found.evidence[i] or voice_count(found.rows[i]))
                    and scored(lines, i, wrap, doc.meta.title, found.rows[i])
                    and not closing(found.rows[i], lines[i].text)
                    and between(i - 1)
                    and between(i + 1)
                    for i in kept
                )
            ):
                for i in kept:
                    out[i] = ("furniture", f"an insert the site repeats ({len(found_at)} times; score {scores[i]:.2f})")
        return out

    @staticmethod
    def _small_print(
        doc: Document, found: LineEvidence, drop: dict[int, tuple[str, str]]
    ) -> dict[int, tuple[str, str]]:
        """A PDF's last lines in small print after its text (``10 comments`` / ``The opinions
        here do not represent the author's employer.``): at most :data:`SMALL_TAIL` lines on
        the last page, set smaller than the text, after the last line in the text's size, half
        of them or more in a site's voice (a word of the lexicon, or evidence of their own), none
        a footnote (``1 See the 2019 report``), a note (``Source: …``, ``注：…``), a line where
        the document speaks of itself (``These minutes…``, ``本报告…``), a signature or a date;
        and only in a PDF printed from a web page (:func:`printed_from_the_web`). A paper's
        references are longer; its footnotes have their marks; a report's colophon is its own."""
        lines = doc.lines
        small = small_print(lines)
        if not small or not printed_from_the_web(doc, drop):
            return {}
        tail: list[int] = []
        for i in range(len(lines) - 1, -1, -1):
            if lines[i].size and lines[i].size < small and i not in drop:
                tail.append(i)
            elif i not in drop:
                break
        if not tail or len(tail) > SMALL_TAIL or len({lines[i].origin.page for i in tail}) > 1:
            return {}
        voiced = sum(1 for i in tail if found.evidence[i] or any(found.rows[i][c] for c in VOICED))
        if voiced * 2 < len(tail) or any(
            FOOTNOTE.match(lines[i].text)
            or NOTE.match(lines[i].text)
            or SELF.search(lines[i].text)
            or closing(found.rows[i], lines[i].text)
            or i in found.closing
            for i in tail
        ):
            return {}
        return {i: ("furniture", "small print after the text on its last page, in the site's voice") for i in tail}

    @staticmethod
    def _table(
        doc: Document, found: LineEvidence, model: LineModel, scores: list[float], drop: dict[int, tuple[str, str]]
    ) -> dict[int, tuple[str, str]]:
        """Before the text, the other rows of a site's metadata table (``索引号：…`` /
        ``发文机关：本网`` / ``成文日期：…``): a run of :data:`TABLE_ROWS` or more ``label: value``
        rows, one of which went as the site's for evidence of its own, the others scoring at
        least ``warn``. One row without a high score keeps the rest (a memo's own head)."""
        lines = doc.lines
        rows = [  # (a row with a value: an addressee, 各区县水务局：, is none)
            bool((m := TABLE_ROW.match(unicodedata.normalize("NFKC", line.text).strip())) and m.group(3))
            and line.heading is None
            for line in lines[: min(found.first, len(lines))]
        ]
        out: dict[int, tuple[str, str]] = {}
        i = 0
        while i < len(rows):
            j = i
            while j < len(rows) and rows[j]:
                j += 1
            run = range(i, j)
            sure = [k for k in run if k in drop and found.evidence[k]]
            if (
                len(run) >= TABLE_ROWS
                and sure
                and all(
                    k in drop or (scores[k] >= model.warn and not closing(found.rows[k], lines[k].text)) for k in run
                )
            ):
                row = lines[sure[0]].text.strip()[:20]
                for k in run:
                    if k not in drop:
                        out[k] = ("furniture", f"a row of the site's table with {row!r} (score {scores[k]:.2f})")
            i = max(j, i + 1)
        return out

    @staticmethod
    def _notices(doc: Document, found: LineEvidence, drop: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
        """A site's numbered notice before or after the text (``1、下载文档前请…平台不提供…。``,
        ``2、…申请退款。``, ``3、如…请联系客服。``): a run of numbered sentences right after
        a bare label dropped as the site's (``合集下载``), every one of which carries a site's
        evidence of its own (a word of its voice, not an address) and none of which closes the
        document. Numbered lines are otherwise never dropped; one item without evidence, or a
        step of a procedure (no full stop: ``1. Sign in to your account``), keeps the run; so
        does a list after an address, an info bar or a byline."""
        lines = doc.lines
        out: dict[int, tuple[str, str]] = {}
        removed = sorted(((r.origin.page or 0, r.origin.line), r.text) for r in doc.removals if r.origin is not None)
        for i in range(1, len(lines)):
            if i in drop or found.first <= i <= found.last:
                continue
            opener = lines[i - 1].text.strip() if i - 1 in drop else _removed_between(removed, lines[i - 1], lines[i])
            if not _bare_label(opener):
                continue  # (a notice's label: 合集下载, 下载须知; not an address, an info bar or a byline)
            rank = numbering_rank(lines[i].text)
            run: list[int] = []
            j = i
            while j < len(lines) and lines[j].heading is None and numbering_rank(text := lines[j].text) == rank:
                evidence = found.evidence[j]
                if (
                    not evidence
                    or addressed(evidence)
                    or j in found.closing
                    or closing(found.rows[j], text)
                    or text.rstrip()[-1:] not in SENTENCE_END  # a step of a procedure, not a notice's sentence
                ):
                    run = []
                    break
                run.append(j)
                j += 1
            if rank is not None and len(run) >= 2:
                for k in run:
                    out[k] = ("furniture", f"a site's numbered notice after {opener[:20]!r} ({found.evidence[k]})")
        return out

    @staticmethod
    def _labels(
        doc: Document, found: LineEvidence, model: LineModel, scores: list[float], drop: dict[int, tuple[str, str]]
    ) -> dict[int, tuple[str, str]]:
        """Before the text, the bare labels of the site's widgets (``文章分类`` above an archive
        list, ``我的朋友`` between two): a short line with no digit, no punctuation and no
        document-type ending, scoring at least ``warn``, right beside a line dropped as a
        widget's body (:func:`widget_mark`), and not above running text (a heading). A
        document's own head (its number, date, office, addressee, 特急) has digits, punctuation
        or an office's name, or stands beside no widget, and stays."""
        lines = doc.lines
        wrap = wrap_of(doc)
        out: dict[int, tuple[str, str]] = {}
        marked = {j for j in drop if widget_mark(found.evidence[j])}
        labels = [
            i
            for i in range(min(found.first, len(lines)))
            if i not in drop
            and scores[i] >= model.warn
            and _bare_label(text := lines[i].text.strip())
            and not closing(found.rows[i], text)
            and not found.rows[i][GENRE]
            and scored(lines, i, wrap, doc.meta.title, found.rows[i])
            and not (i + 1 < len(lines) and found.rows[i + 1][RUNNING])  # a heading over the text (Summary)
        ]
        changed = True
        while changed:  # labels stacked against a widget go with it (文章分类 / 文章存档 / 2017年(1) …)
            changed = False
            for i in labels:
                beside = next((j for j in (i - 1, i + 1) if j in marked or j in out), None)
                if i not in out and beside is not None:
                    near = lines[beside].text.strip()[:20]
                    out[i] = ("furniture", f"a widget's label beside {near!r} (score {scores[i]:.2f})")
                    changed = True
        return out

    @staticmethod
    def _inserted(doc: Document, found: LineEvidence, drop: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
        """The other lines of a run inserted inside a paragraph (see
        :func:`~convert.steps._features.interruptions`) one of which went as the site's: the
        whole run is the site's, and the sentence it cut is whole again. So are the lines with
        evidence of their own (not running text) next to a line that went, when the run they
        make, at most :data:`INSERTED_RUN` lines, stands between a full line leaving a sentence
        open and the line that goes on with it (``… arrange for it to be`` / an ad / ``You're
        reading a preview. Unlock full access`` / ``collected, or …``): one of them went, or is short
        (a short line cannot stand inside a sentence), and each carries evidence."""
        lines = doc.lines
        wrap = wrap_of(doc)
        out: dict[int, tuple[str, str]] = {}
        for run in interrupting_runs(found):
            hit = next((k for k in run if k in drop), None)
            if hit is not None:
                for k in run:
                    if k not in drop and lines[k].heading is None and not starts_structure(lines[k].text):
                        out[k] = ("furniture", f"inserted inside a paragraph with {lines[hit].text.strip()[:20]!r}")
        a = 0
        while a + 2 < len(lines):  # a run of site lines inside a sentence: from a full line left open to its end
            b = a + 1
            while b < len(lines) and b - a <= INSERTED_RUN and b not in out and (b in drop or found.evidence[b]):
                b += 1
            run = range(a + 1, b)
            if (
                run
                and b - a - 1 <= INSERTED_RUN
                and b < len(lines)
                and a not in drop
                and resumes(lines[a], lines[b], wrap)
                and any(k in drop or width(lines[k].text) < MOSTLY_FULL * (wrap or 0) for k in run)
                and not any(
                    lines[k].heading is not None
                    or starts_structure(lines[k].text)
                    or lines[k].text.rstrip()[-1:] in SENTENCE_END + CLAUSE_GOES_ON  # a paragraph's end, a verse
                    or (k not in drop and WEAK_EVIDENCE.search(found.evidence[k] or ""))
                    or (lines[b].text.lstrip()[:1].islower() and lines[k].text.lstrip()[:1].islower())
                    or (
                        k == b - 1
                        and lines[b].text.lstrip()[:1].islower()
                        and OPEN_END.search(lines[k].text.rstrip())
                        and width(lines[k].text) >= OPEN_LINE * (wrap or 0)
                    )
                    or (k not in drop and not Classify._loud_insert(lines[k], found.rows[k], lines[b], wrap))
                    for k in run
                )
            ):  # (a short line cannot stand inside a sentence; the text's own lines go on in lower case)
                near = lines[a + 1].text.strip()[:20]
                for k in run:
                    if k not in drop:
                        out[k] = ("furniture", f"inserted inside a sentence with {near!r} ({found.evidence[k]})")
                a = b
            else:
                a += 1
        return out

    @staticmethod
    def _unmarked_runs(found: LineEvidence, lines: Sequence[Line]) -> set[int]:
        """The lines of runs cutting a sentence in two (see
        :func:`~convert.steps._features.interruptions`) one line of which has no evidence of a
        site's hand: a list or a verse the sentence quotes (``…the revised versions of the`` /
        ``Privacy Notice for Volunteers`` / ``Photography and Filming Consent Form`` / ``and
        asked …``), or a field (``Also present: …``), or a line ending in a comma (a verse: ``Home is
        the sailor, home from sea,``): not what a site inserted, every line of which carries its
        marks and none of which goes on with a clause."""
        out: set[int] = set()
        for run in interrupting_runs(found):
            if any(not found.evidence[k] or lines[k].text.rstrip()[-1:] in CLAUSE_GOES_ON for k in run):
                out.update(run)
        return out

    @staticmethod
    def _loud_insert(line: Line, row: list[float], resumed: Line, wrap: float | None) -> bool:
        """Whether ``line`` (not dropped, with evidence) may be a site's line inserted inside a
        sentence: a short one, with no sentence mark inside in Chinese; one as wide as the
        text only in Latin text going on in lower case, and loud with a site's words (three or
        more) or with a chrome mark (a line of the text may hold one word such as app or 平台)."""
        text = line.text.strip()
        if HAN_RE.search(text) and any(m in text for m in SENTENCE_MARKS):
            return False  # …“免申即享”。所有惠企政策…: a Chinese sentence ends inside it
        if width(text) < MOSTLY_FULL * (wrap or 0):
            return loud(text, row)  # (款至指定账户: a paragraph's short last line may hold one such word)
        if not resumed.text.lstrip()[:1].islower():
            return False  # Chinese goes on in Han after Han: a full line there is the text's
        return bool(row[STRUCTURAL]) or voice_count(row) >= LOUD_INSERT

    @staticmethod
    def _footer(
        doc: Document, found: LineEvidence, model: LineModel, scores: list[float], drop: dict[int, tuple[str, str]]
    ) -> dict[int, tuple[str, str]]:
        """The site's footer after the text, once a line of it was dropped for sure: from the
        first line after the text that carries evidence and scores at least ``warn``, every
        line but a signature, a date, a note in brackets, a numbered line or a sentence of
        someone's (a document does not resume after its site's footer began). None when the
        first heading numbered like the text's parts after it goes on with their count
        (``一、…`` / ``【广告】`` / ``二、…``): the text goes on after what only looked like a
        footer's start (a site's ``热门排行`` list counting from 1 again is no such part)."""
        lines = doc.lines
        if found.last < 0:
            return {}  # no running text was found: nothing is known to have ended
        tail = [i for i in range(found.last + 1, len(lines))]
        if not any(i in drop for i in tail):
            return {}
        start = next(
            (
                i
                for i in tail
                if i not in found.closing
                and (
                    i in drop or (found.evidence[i] and scores[i] >= model.warn and not starts_structure(lines[i].text))
                )
            ),
            None,
        )
        if start is None or not (
            found.rows[start][STRUCTURAL]
            or (scores[start] >= model.drop and not FIELD.match(lines[start].text))  # (Payment terms: …)
            or any(j in drop and found.rows[j][STRUCTURAL] for j in tail if j > start)
        ):
            return {}  # (a field with a word of the lexicon opens no footer, unless a site's mark follows it:
            # Payment terms: … before a signature stays; a label of related links before 上一篇：… goes)
        last_part: dict[int | None, int] = {}  # a numbering's rank -> the last number the text gave it
        for line in lines[:start]:
            if part_heading(line.text) and (n := ordinal(line.text)) is not None:
                last_part[numbering_rank(line.text)] = n
        after = next(
            (
                i
                for i in tail
                if i > start and part_heading(lines[i].text) and numbering_rank(lines[i].text) in last_part
            ),
            None,
        )
        if after is not None and ordinal(lines[after].text) == last_part[numbering_rank(lines[after].text)] + 1:
            return {}  # the text's next part (二、… after 一、…): the document goes on, no footer began
        swept: dict[int, tuple[str, str]] = {}
        wrap = wrap_of(doc)
        annex = annex_start(lines, found)
        opener = lines[start].text.strip()[:20]
        for i in tail:
            line = lines[i]
            text = line.text.strip()
            if i < start or i in drop or i in found.closing or not text or line.heading is not None:
                continue
            if i > annex and not attachment_mark(found.evidence[i], found.rows[i]):
                continue  # the attachment's own lines
            if starts_structure(text) or (
                i > 0
                and i - 1 not in drop
                and i - 1 not in swept
                and text[-1] in SENTENCE_END
                and continues(lines[i - 1], line, wrap)
            ):
                continue  # (a numbered part, or the wrapped rest of a kept line above: its sentence's end)
            if closing(found.rows[i], text) or BRACKETED.fullmatch(text) or speech(text, bool(found.rows[i][GENRE])):
                continue
            if listed_item(lines, i, wrap) and not found.rows[i][STRUCTURAL]:
                continue  # an item of a list the text introduces (可通过以下渠道缴费： / “浙里办”APP)
            if (
                i - found.last <= AD_BREAK
                and text[-1] in SENTENCE_END
                and not found.evidence[i]
                and not any(found.rows[i][c] for c in VOICED)
            ):
                continue  # a finished sentence with no word of a site's right after an ad: the text's end
            if len(text) <= FOOTER_LINE or found.evidence[i] or scores[i] >= model.warn:
                swept[i] = ("furniture", f"site footer: after {opener!r} (score {scores[i]:.2f})")
        return swept
