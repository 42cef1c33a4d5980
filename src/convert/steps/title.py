"""The document title, its language, and the site header standing before the title."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from convert.core.contracts import Context, Step
from convert.core.model import Document, Line
from convert.core.rules import RuleSet
from convert.core.textutil import (
    CLAUSE_END,
    NOT_TITLE_END,
    ORGANISATION,
    SENTENCE_END,
    SENTENCE_MARKS,
    fold,
    han_ratio,
    letterhead,
    width,
)
from convert.steps._evidence import FIELD_LABELS, chrome_evidence, date_bar, running_text
from convert.steps._features import (
    POSTED_ON,
    READ_TIME,
    SITE_VOICE,
    TITLE_CASE,
    apart,
    title_case,
    voice_hits,
)
from convert.steps._layout import FULL_LINE, MOSTLY_FULL, small_print, wrap_of
from convert.steps._numbering import starts_structure

MASTHEAD_CHARS = 30  # characters of a site's name and slogan above the title
NAME_CHARS = 12  # characters of the name part
PART = re.compile(r"(?:part|section|chapter|annex|appendix)\b|\u7b2c\S{1,3}(?:\u90e8\u5206|\u7ae0|\u7bc7|\u8282)", re.I)
QUESTION_WORDS = 12  # words of an English headline that asks (Are league tables still useful?)
QUESTION_TITLE = 40  # characters of a Chinese headline that asks or exclaims (a longer one is a sentence)
MARKING = re.compile(
    "(?:\u7279\u6025|\u52a0\u6025|\u5e73\u6025|\u7279\u63d0|\u6025\u4ef6|\u7edd\u5bc6|\u673a\u5bc6|\u79d8\u5bc6|"
    "\u5185\u90e8|\u5185\u90e8\u8d44\u6599|\u5185\u90e8\u6587\u4ef6|\u516c\u5f00|\u6587\u4ef6"
    "|OFFICIAL|SECRET|TOP SECRET|RESTRICTED|CONFIDENTIAL|PROTECT|UNCLASSIFIED"
    "|(?:FOR IMMEDIATE|PRESS|NEWS|MEDIA) RELEASE|EMBARGOED[^a-z]*)"
)  # 特急 加急 平急 特提 急件 绝密 机密 秘密 内部 内部资料 内部文件 公开 文件 (a red-headed letterhead's),
# OFFICIAL …: a document's markings
TITLED_VALUE = 3  # words of a title-case value after a label that make the line a title (Cookies: Questions and …)
BAR_LINES = 3  # a page's title bar is among its first lines
ORDINAL = re.compile(r"[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]$")  # 专题一, 第二篇
LOOK_AHEAD = 15  # the title is among the first lines left after furniture removal
HEADLINES = 12  # lines of a list of headlines above a document (the title repeated among them)
HEADLINE_CHARS = 40  # characters of one headline
MIN_HEADLINES = 3  # lines of a list of headlines
HEADLINE_MIN = 5  # letters: a line with fewer repeated is a label or a rule, not a headline
NAV_CHARS = 6  # a line above the title this short, without digits or punctuation, is a navigation word
PLACE = re.compile(
    "[\u7701\u5e02\u53bf\u533a\u9547\u4e61\u6751\u5dde]|\u4e2d\u5171|\u56fd\u5bb6|\u4e2d\u534e"
)  # 省市县区镇乡村州 中共 国家 中华
OFFICE_WORDS = 4  # words of an office's name standing alone
OFFICE_CHARS = 12  # characters of a Chinese office's name standing alone
SITE_NOTICE_LINES = 3  # a lone sentence in the site's voice among these first lines does not start the text
TITLE_PARTS = re.compile(r"\s+[-|\u2013\u2014_~]+\s+|\u2014\u2014|\uff5c|\s*\|\s*")  # Site - Title, 标题——站名
BARE_TITLE = 5  # characters of a title part
NAV_WORD = 20  # ... and so is a single Latin word (a site's name) up to this long
LABELLED = re.compile(r"^[A-Za-z\u4e00-\u9fff]{1,12}\s*:\s*\S")  # "Label: value"


def title_score(line: Line, index: int, rules: RuleSet, wrap: float | None, after: Line | None = None) -> float | None:
    """How much ``line`` looks like a document title, or ``None`` when it cannot be one
    (``after`` is the next line: a title is not continued in lower case)."""
    text = unicodedata.normalize("NFKC", line.text).strip()
    if after is not None and not after.blank_before and after.text[:1].islower() and not apart(text, after.text):
        return None  # a wrapped line of an English sentence
    asked = text[-1:] == "?" and not any(ch in SENTENCE_MARKS for ch in text[:-1])  # a headline that asks
    if not text or (text[-1] in NOT_TITLE_END and not asked) or starts_structure(line.text):
        return None
    if MARKING.fullmatch(text.upper() if text.isascii() else text):
        return None  # FOR IMMEDIATE RELEASE, OFFICIAL, 特急: a marking above the title
    if letterhead(text):
        return None  # 某市人民政府办公室文件: a red-headed document's letterhead, not its title
    label, _, value = text.partition(":")
    if (
        LABELLED.match(text)
        and label.strip().lower() not in {w.lower() for w in rules.title_words}
        and not (
            len(value.split()) >= TITLED_VALUE
            and title_case(value) >= TITLE_CASE
            and label.strip().lower() not in FIELD_LABELS  # (From: Chief Operating Officer is a memo's field)
        )
    ):
        return None  # "Date: 5 March", not "Guidance: applying for a licence" or "Cookies: Questions and Answers"
    if chrome_evidence(text) or date_bar(text):
        return None  # a link list, info bar, time stamp, web address or date bar
    if READ_TIME.search(text.lower()) or POSTED_ON.search(text.lower()):
        return None  # a post's stamp: 4 min read, By the Waste Team on 3 March 2024
    if voice_hits(text) >= SITE_VOICE and not text.endswith(tuple(rules.title_words)):
        return None  # "Accept additional cookies | Reject additional cookies": the site speaking
    if wrap and width(line.text) >= FULL_LINE * wrap and index + 1 < LOOK_AHEAD:
        return None  # a full wrapped line: the start of a paragraph
    if han_ratio(text) > 0.3:
        asks = any(ch in "?!" for ch in text)  # (NFKC: full-width ？！ too)
        if not 5 <= len(text) <= 60 or any(ch in SENTENCE_MARKS and ch not in "?!" for ch in text):
            return None  # a Chinese title holds no finished sentence (a headline may ask: 为什么…?当…)
        if asks and (len(text) > QUESTION_TITLE or any(ch in ",\u3001" for ch in text)):
            return None
    else:
        words = text.split()
        if not 2 <= len(words) <= (QUESTION_WORDS if asked else 24) or not re.match(r"[A-Z0-9\"'(]", text):
            return None
    han_words = [w for w in rules.title_words if not w.isascii()]
    named = any(w in text for w in han_words) or any(w in text.split() for w in rules.title_words if w.isascii())
    if not named and office_name(text):
        return None  # an office's name (Riverton District Council, 市档案局): who issues, not what
    score = min(len(text), 24) / 12 - 0.1 * index
    if any(ch in "?!" for ch in text):
        score -= 1  # a headline that asks is often the deck under the title (家门口的调解室灵不灵？…)
    if any(text.endswith(w) for w in han_words):
        score += 3  # a Chinese title ends with its document type
    elif named:
        score += 1  # an English one names it somewhere ("Minutes of ...", "Annual Review")
    if text.isascii() and title_case(text) >= TITLE_CASE:
        score += 1  # English titles are set in title case, their subtitles and sentences are not
    if line.size:  # a reader that knows font sizes marks big text
        score += min(line.size / 12, 3)
    return score


def office_name(text: str) -> bool:
    """A line that is only an office's name: at most four words (twelve Chinese characters),
    no digits, ending in an office's word (``Riverton District Council``, ``江城市档案局``);
    a headline that ends in one (``江城市召开2024年安全生产工作推进会``) is longer or dated."""
    if any(ch.isdigit() for ch in text) or len(text.split()) > OFFICE_WORDS:
        return False
    if text.isascii():  # a name: capitalised words, joined only by "of", "and", "for" (not "Welcome to the Team")
        if any(w[0].islower() and w not in ("of", "and", "for") for w in text.split()):
            return False
    elif len(text) > OFFICE_CHARS or not PLACE.search(text) or "\u5c4a" in text:
        return False  # a Chinese office names its place (江城市档案局); 第十五届运动会 is an event, 新发展格局 a phrase
    return bool(ORGANISATION.search(text.rstrip(".")))


def _recurs(name: str, doc: Document) -> bool:
    """Whether ``name`` (folded) stands again in what earlier steps removed from ``doc`` as
    the site's: a site signs its pages (``© 2024 某某社区``, its address, its app); a
    document's column label or its topic (``乡村振兴｜江城实践``) is the document's words."""
    return len(name) >= 2 and any(name in fold(r.text) for r in doc.removals)


class Title(Step):
    name = "title"
    description = (
        "Find the title (a short unpunctuated line near the top, favouring document-type "
        "words such as 讲话/办法/报告); drop site header lines above it."
    )
    order = 350

    def run(self, doc: Document, ctx: Context) -> Document:
        lines = doc.lines
        wrap = wrap_of(doc)
        headlines: list[int] = []
        bar: int | None = None  # the page's title bar (``Site - Title``) when the title stands again alone
        marked = next((i for i, line in enumerate(lines) if line.heading == 1), None)
        if marked is not None:
            title_index = marked
        elif doc.meta.title:
            want = unicodedata.normalize("NFKC", doc.meta.title).strip()
            title_index = next(
                (
                    i
                    for i, line in enumerate(lines[:LOOK_AHEAD])
                    if unicodedata.normalize("NFKC", line.text).strip() == want
                ),
                -1,
            )
        elif doc.meta.structured:
            return doc  # the reader marks titles; this document has none
        else:
            small = small_print(lines)  # small print is never the title
            for past_notices in (False, True):  # no title before the first sentence: look past a site's notice
                window = lines[: min(LOOK_AHEAD, self._first_body(lines, wrap, past_notices) + 1)]
                scored = [
                    (score, i)
                    for i, line in enumerate(window)
                    if not (line.size and line.size < small)
                    and (score := title_score(line, i, ctx.rules, wrap, lines[i + 1] if i + 1 < len(lines) else None))
                    is not None
                ]
                if scored:
                    break
            title_index = max(scored, key=lambda si: (si[0], -si[1]))[1] if scored else -1
            prose = next(  # the first running line longer than a headline: the text has begun
                (i for i, line in enumerate(lines) if len(line.text) > HEADLINE_CHARS and running_text(line, wrap)),
                len(lines),
            )
            repeat = self._repeated(lines, min(LOOK_AHEAD, prose + 1), wrap)
            if (
                repeat is not None
                and not any(  # no title stands above the list (a date may: pages print one)
                    i < min(repeat[1]) and not any(ch.isdigit() for ch in lines[i].text) for _, i in scored
                )
                and (
                    title_score(lines[repeat[0]], repeat[0], ctx.rules, wrap) is not None
                    or lines[repeat[0]].text.rstrip()[-1:] in "?!\uff1f\uff01"
                )
            ):
                title_index, headlines = repeat  # (a question may be a news title)
            words = tuple(ctx.rules.title_words)
            if title_index < 0:  # nothing scored (the title bar is as wide as a wrapped line): the bar says it
                bar, title_index = next(
                    (
                        (i, j)
                        for i in range(min(BAR_LINES, len(lines)))
                        if (j := self._bare_title(lines, i, LOOK_AHEAD, words)) is not None and j > i
                    ),
                    (None, -1),
                )
            else:  # the bar's title stands again alone, perhaps after a sentence of the site's
                bare = self._bare_title(lines, title_index, LOOK_AHEAD, words)
                if bare is not None:
                    bar, title_index = title_index, bare
        if title_index < 0:
            return doc
        title = lines[title_index]
        new_lines = list(lines)
        new_lines[title_index] = dataclasses.replace(title, heading=1)
        doc = doc.replace(lines=tuple(new_lines))
        if not doc.meta.title:
            doc = doc.with_meta(title=title.text.strip())
        if marked is not None:
            return doc  # the reader placed the title by layout: what stands above it is text
        above = [i for i in range(title_index) if not self._text_like(lines[i], wrap)]
        drop = {
            i: ("header", f"site header before the document title ({evidence})")
            for i in above
            if (evidence := self._header_evidence(lines, i, doc, tuple(ctx.rules.title_words)))
        }
        for i in headlines:
            drop[i] = ("header", "a list of headlines above the document that holds its title again")
        if bar is not None:
            drop[bar] = ("header", "the page's title bar: the title again with the site's name")
        unsure = [lines[i].text for i in above if i not in drop]
        if unsure:
            doc = doc.warn(
                f"kept {len(unsure)} short line(s) above the title that may be site furniture "
                f"(first: {unsure[0][:30]!r}); see docconv inspect"
            )
        header = tuple(lines[i].text for i in sorted(drop))
        if header:
            doc = doc.with_layout(site_names=doc.layout.site_names + header)
        return doc.drop_lines(drop, self.name)

    @staticmethod
    def _repeated(lines: tuple[Line, ...], end: int, wrap: float | None = None) -> tuple[int, list[int]] | None:
        """A headline that stands twice before the text (among the first ``end`` lines): the
        page lists it among other headlines, then gives it again above the document (a
        question mark allowed: news titles ask). Scraped pages only: a paged document (a PDF)
        repeats lines for reasons of its own. Returns the second one's index and the lines
        of the list the first one stands in (a block of short lines between blank lines, at
        most :data:`HEADLINES` of them), or ``None``."""
        seen: dict[str, int] = {}
        for j in range(min(end, len(lines))):
            if lines[j].origin.page is not None:
                return None  # a paged document repeats its lines for other reasons (forms, headers)
            key = fold(lines[j].text)
            if len(key) > HEADLINE_CHARS or sum(ch.isalpha() for ch in key) < HEADLINE_MIN:
                continue
            if key[-1] in CLAUSE_END or starts_structure(key) or chrome_evidence(lines[j].text):
                continue  # a sentence, a numbered heading or a site line
            if "\uff0c" in key or "\u3001" in key or (wrap and width(lines[j].text) >= MOSTLY_FULL * wrap):
                continue  # Chinese clauses, or a full line: wrapped text that repeats, not a headline
            first = seen.setdefault(key, j)
            if first == j:
                continue
            if j + 1 < len(lines) and fold(lines[j + 1].text) == fold(lines[first + 1].text):
                seen[key] = j
                continue  # a block that recurs (a page's head, a repeated section), not a list
            start = first
            while start > 0 and not lines[start].blank_before:
                start -= 1
            stop = first
            while stop + 1 < j and not lines[stop + 1].blank_before:
                stop += 1
            block = list(range(start, stop + 1))
            if (
                len(block) > HEADLINES
                or any(len(fold(lines[i].text)) > HEADLINE_CHARS for i in block)
                or any(wrap and width(lines[i].text) >= MOSTLY_FULL * wrap for i in block)
            ):
                return None  # not a list of headlines
            if len(block) < MIN_HEADLINES or sum(running_text(lines[k], wrap) for k in range(first + 1, j)) > 2:
                return None  # one line again (an office that also signs), or a copy after the text began
            return j, block
        return None

    @staticmethod
    def _bare_title(lines: tuple[Line, ...], index: int, end: int, title_words: tuple[str, ...] = ()) -> int | None:
        """The line among the first ``end`` that is the title ``lines[index]`` without the site's
        name joined to it by a separator (``Quillpad - Minutes of the Meeting`` and, a line
        or two below, ``Minutes of the Meeting``): a page's title bar, then its title."""
        parts = [p.strip() for p in TITLE_PARTS.split(lines[index].text) if p.strip()]
        if len(parts) < 2:
            return None
        longest = max(parts, key=lambda p: len(fold(p)))  # the title is the longer part, never a date or a name
        if len(fold(longest)) < BARE_TITLE or longest[:1].isdigit() or office_name(longest):
            return None
        others = [part for part in parts if part != longest]
        if any(
            any(ch.isdigit() for ch in p) or starts_structure(p) or PART.match(p) or ORDINAL.search(p) for p in others
        ):
            return None  # a contents line or a programme (Part 1 - …, 10.00 - …, 专题一｜…), not a site's name
        words = [w.lower() for w in title_words]
        if any(
            w in part.lower().split() or (not w.isascii() and w in part)
            for part in parts
            if part != longest
            for w in words
        ):
            return None  # the shorter part names the document (Agenda - …, Speech by … - …): the bar is the title
        want = fold(longest)
        return next((j for j in range(min(end, len(lines))) if j != index and fold(lines[j].text) == want), None)

    @staticmethod
    def _first_body(lines: tuple[Line, ...], wrap: float | None, past_notices: bool = False) -> int:
        """Index of the first line of running text: the title stands before it.
        ``len(lines)`` when there is none. ``past_notices``: a lone sentence in the site's
        voice among the first lines (a cookie notice) does not count."""

        def site_notice(i: int) -> bool:
            lone = i + 1 < len(lines) and not running_text(lines[i + 1], wrap)
            return past_notices and i < SITE_NOTICE_LINES and lone and voice_hits(lines[i].text) >= SITE_VOICE

        return next(
            (i for i, line in enumerate(lines) if running_text(line, wrap) and not site_notice(i)),
            len(lines),
        )

    @staticmethod
    def _header_evidence(
        lines: tuple[Line, ...], i: int, doc: Document | None = None, title_words: tuple[str, ...] = ()
    ) -> str | None:
        """Why a line above the title is the site's header: a chrome shape, a lone word of
        navigation or a site's name (a short line with no digits and no punctuation), or a
        page's first line set smaller than the text (a running head). Anything else above
        the title (an issuing office, a document number, a date) is kept."""
        line = lines[i]
        shape = chrome_evidence(line.text)
        if shape:
            return shape
        if line.size and line.origin.page is not None and (i == 0 or lines[i - 1].origin.page != line.origin.page):
            if line.size < small_print(lines):
                return "a page's first line, set smaller than the text"
        text = unicodedata.normalize("NFKC", line.text).strip()
        parts = [p.strip() for p in TITLE_PARTS.split(text) if p.strip()]
        if (
            len(parts) == 2
            and len(text) <= MASTHEAD_CHARS
            and len(parts[0]) <= NAME_CHARS
            and not any(ch.isdigit() for ch in text)
            and not ORGANISATION.search(parts[0])
            and not text.isupper()  # OFFICIAL – SENSITIVE: a marking
            and not starts_structure(text)
            and not PART.match(text)  # Part One - Background, 第二部分——主要任务
            and doc is not None
            and _recurs(fold(parts[0]), doc)
        ):
            return "a site's name with its slogan"  # 某某社区 - 文秘人的网上家园 (the name again in its footer)
        if date_bar(text) and sum(date_bar(unicodedata.normalize("NFKC", x.text).strip()) for x in lines) == 1:
            return "a page's date bar (a date with its day of the week)"  # (a schedule's days are many)
        if any(ch.isdigit() or not ch.isalnum() for ch in text.replace(" ", "")):
            return None
        if ORGANISATION.search(text) or MARKING.fullmatch(text):
            return None  # an issuing office (厦门市档案局), or an urgency or secrecy marking (特急): the document's own
        if text.endswith(tuple(w for w in title_words if not w.isascii())):
            return None  # 致全体市民书: a title itself, however short
        if line.origin.page is not None:
            return None  # a PDF's page has no site navigation: a short line there is the document's (a form's label)
        if len(text) <= NAV_CHARS or (text.isascii() and " " not in text and len(text) <= NAV_WORD):
            return "a lone navigation word or site name"
        return None

    @staticmethod
    def _text_like(line: Line, wrap: float | None) -> bool:
        """A full wrapped line or a finished sentence: not site furniture."""
        text = line.text.rstrip()
        if text[-1] in SENTENCE_END and len(text) > 12:
            return True
        if LABELLED.match(unicodedata.normalize("NFKC", text)):
            return True  # "To: All staff", "Date: 5 March": the document's own head
        return wrap is not None and width(text) >= MOSTLY_FULL * wrap
