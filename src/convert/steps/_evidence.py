"""Evidence that a line is site chrome, from its shape rather than from known words.

Site furniture differs from a document's own lines in ways that hold on sites never seen:
navigation, breadcrumbs, tag and related-link lists are several short items between
separators; info bars carry several ``label: value`` pairs on one line; publication stamps
are dates with a clock time; widgets are bracketed buttons. Some of these shapes also occur
in documents (a table in pipes, a notice's contact line, a date), so each shape is trusted
only where chrome stands and documents rarely put it: :func:`chrome_evidence` takes where the
line stands (before, inside or after the running text), and :func:`running_text` tells
where the running text is. When unsure, a line is kept.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from types import EllipsisType

from convert.core.model import Line
from convert.core.names import COMMON_COMPOUND_SURNAMES as COMPOUND_SURNAMES
from convert.core.names import COMMON_SURNAMES as SURNAMES
from convert.core.textutil import (
    HAN_RE,
    ORGANISATION,
    SENTENCE_END,
    SENTENCE_MARKS,
    han_ratio,
    is_han,
    nfkc,
    per_line,
    width,
)
from convert.steps._layout import FULL_LINE, UNWRAPPED
from convert.steps._numbering import starts_structure

#: Separators between the items of a navigation bar, breadcrumb trail or link list.
SEPARATORS = re.compile(r"\s*(?:(?<!\|)\|(?!\|)|\uff5c|>>?|\u00bb|\u203a|\u2192|\s/\s|\s\u00b7\s|\s\u2022\s|\s~\s)\s*")
#: Every separator of :data:`SEPARATORS` has one of these: a line without any is one item.
SEPARATOR_MARKS = frozenset("|\uff5c>\u00bb\u203a\u2192/\u00b7\u2022~")
SEPARATOR_MARK = re.compile(f"[{re.escape(''.join(sorted(SEPARATOR_MARKS)))}]")  # (one C search for any of them)
ARROW = re.compile(r">>?|\u00bb|\u203a|\u2192")  # the separators of a breadcrumb path
#: ``label: value`` with a short label (after NFKC, so the full-width colon is ASCII).
KEY_VALUE = re.compile(r"(?:^|\s)([^\s:\d]{1,6})\s*:\s*\S")  # a label has no digits (not 9:00, not 3:16)
LABEL = re.compile(r"(?:^|\s)[^\s:\d]{1,6}\s*:")
#: The words that set the previous and the next document's links apart: 上/下, 前/后, previous/next...
SIBLING_WORDS = (
    {"\u4e0a", "\u4e0b"},
    {"\u524d", "\u540e"},
    {"previous", "next"},
    {"prev", "next"},
    {"older", "newer"},
)
MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
#: What the previous and next links name: an article, a post, a page… (not a meeting or a year)
SIBLING_THINGS = frozenset(
    {"article", "articles", "post", "story", "entry", "page", "chapter", "document", "file", "lesson", "section"}
)
#: The measure word after 上一/下一 of a text's link: 篇 条 章 页 则 期 份 个 节 部 集 (not 次 任 年)
SIBLING_MEASURES = frozenset("\u7bc7\u6761\u7ae0\u9875\u5219\u671f\u4efd\u4e2a\u8282\u90e8\u96c6")
SIBLING_SENTENCE = re.compile(r"[\u3002\uff0c\uff1b;]|[.!?](?:\s|$)")  # a value that is a sentence is no link's
#: The fields of a line, each its label (one or two words) and value: ``上一篇：… 下一篇：…``.
LABELLED_VALUES = re.compile(r"(?:^|\s)([^\s:\d]{1,8}(?: [^\s:\d]{1,10})?)\s*:\s*(.+?)(?=\s+\S+(?: \S+)?\s*:|$)")
LABELLED_DATE = re.compile(r"[^\d\s:,\uff0c]{1,6}\s+\d{4}\s*[-/.\u5e74]\s*\d{1,2}\s*[-/.\u6708]\s*\d{1,2}\s*\u65e5?")
#: One line of a metadata table: ``• 索引号:``, ``• 博客访问: 363202`` (a short label, a colon,
#: a short value or none).
TABLE_ROW = re.compile(r"^([\u2022\u00b7*\-]\s*)?([^\s:][^:]{0,7})\s*:\s*(.{0,30})$")
CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
DATE = re.compile(r"\d{4}\s*[-/.\u5e74]\s*\d{1,2}")
#: A Chinese day of the week with a day of a month: a page's date bar (2002年3月19日 星期二,
#: 91年3月19日星期二). English documents date themselves so (a transcript's "Tuesday, January 13,
#: 2009"); Chinese official documents do not.
WEEKDAY = re.compile(
    r"(?:\u661f\u671f|\u793c\u62dc|\u79ae\u62dc|\u5468|\u9031)[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u65e5\u5929]"
)
DATE_BAR_WORDS = 4  # characters of words beside a date and its weekday in a date bar
DAY_OF_MONTH = re.compile(r"\d{1,2}\s*\u6708\s*\d{1,2}\s*\u65e5|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")
ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)+\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)

HASHTAGS = re.compile(r"(?:#[^#\s]{1,20}#\s*)+[^#]{0,20}")
WIDE_GAP = re.compile(r"\s{2,}")
WIDGETS = re.compile(r"\s*(?:(?:\u3010[^\u3010\u3011]{1,6}\u3011|\[[^\[\]]{1,12}\])\s*){2,}")  # one \s* per gap: linear
ORNAMENTED_NUMBER = re.compile(
    r"[-\u2013\u2014\u00b7\u2022\u3014\u3008\u300a<\[~*=\s]+(?:\u7b2c\s*)?\d{1,4}(?:\s*[\u9875\u5f20])?"
    r"[-\u2013\u2014\u00b7\u2022\u3015\u3009\u300b>\]~*=\s]+"  # (第…页, 第…张: page, slide)
)
NUMBER_OF = re.compile(  # a page word only: "Step 3 of 5" and "Table 3 of 5" are the text's own
    r"(?:page|pg\.?|p\.?)\s*\d{1,4}\s*(?:/|of)\s*\d{1,4}(?:\s*[|\u00b7]\s*\w{1,12}(?:\s\w{1,12})?)?", re.I
)
PAGER_WORD = re.compile(
    r"\u4e0a\u4e00\u9875|\u4e0b\u4e00\u9875|\u9996\u9875|\u5c3e\u9875|\u672b\u9875|[\u00ab\u00bb\u2039\u203a]"
    r"|\b(?:next|prev|previous|first|last)\b",  # 上一页 下一页 首页 尾页 末页 (跳转: go to)
    re.IGNORECASE,
)
PAGER_FILLER = re.compile(
    r"\.{2,3}|\u2026|\u7b2c?\d{1,4}\u9875|\u5171\d{1,4}\u9875|[\u7b2c\u5171\u9875]|page|go\s*to|\u8df3\u8f6c", re.I
)
PAGE_LIST = re.compile(r"(?P<label>[^:\uff1a\d]{1,30})[:\uff1a]\s*(?P<pages>\d{1,3}(?:\s+\d{1,3})+)")
PAGE_LIST_WORDS = 5  # words of a page list's label (Contents of this guide: 1 2, 页码：1 2 3)
PAGE_LABEL = re.compile(
    r"\b(?:pages?|parts?|contents|jump|go\s*to)\b|\u9875|\u8df3\u8f6c|\u76ee\u5f55", re.IGNORECASE
)  # a page list's label speaks of pages or parts (页 页码 分页 跳转 目录), not Rating: 1 2 3 4 5
PAGER_TOKENS = re.compile(r"[\s|\uff5c\u00b7:\uff1a\[\]\u3010\u3011()\uff08\uff09]+")  # [1] 【2】: buttons
PAGE_OF = re.compile(
    r"\u7b2c\s*\d{1,4}\s*\u9875\s*[/,\uff0c]?\s*\u5171\s*\d{1,4}\s*\u9875|\u5171\s*\d{1,4}\s*\u9875"
)  # 第1页 共2页, 共3页
PAGE_WORD = re.compile(r"(?:page|pg|p)\.?\s*\d{1,4}", re.IGNORECASE)  # a line that is only P1, p. 3, Page 12
URL = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\.[a-z]{2,}\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def find_url(text: str) -> re.Match[str] | None:
    """:data:`URL` in ``text``; text with neither a dot nor ``://`` holds none, and is not
    searched (the pattern tries every position of a long line of Chinese)."""
    return URL.search(text) if "." in text or "://" in text else None


def find_email(text: str) -> re.Match[str] | None:
    """:data:`EMAIL` in ``text``; text without an ``@`` holds none, and is not searched (the
    pattern's run of word characters goes over every word of a line and back again)."""
    return EMAIL.search(text) if "@" in text else None


def has_address(text: str) -> bool:
    """Whether ``text`` holds a web or e-mail address."""
    return find_url(text) is not None or find_email(text) is not None


BANNER = re.compile(
    r"[-\u2013\u2014~=*\u2022\u00b7]{2,}\s*[^-\u2013\u2014]{2,40}?\s*[-\u2013\u2014~=*\u2022\u00b7]{2,}"
)
STRONG = re.compile(r"(\*\*|__)[^\s*_](?:.*[^\s*_])?\1")  # **bold**, __bold__
CREDIT = re.compile(
    r"(?:photo|image|picture|illustration)s?\s+(?:by|courtesy of|credits?:?)\s+(?:\S+\s+){0,6}\S+"
    r"|(?:\u56fe\u7247(?:\u6765\u6e90|\u6765\u81ea)[:\uff1a]?|\u6444\u5f71[:\uff1a]|\u56fe\s*[/\uff0f])"
    r"\s*[^\W\d_][\w \u3000/\uff0f\u00b7]{0,19}",
    re.IGNORECASE,
)  # Photo by … on …, Images courtesy of …, 图片来源：…, 摄影：…, 图/… (a name, no clause)
AD_WORD = (
    r"(?:advertisement|advert|sponsored(?: content| post)?|anzeige|publicit\u00e9|reklama|\u5e7f\u544a|\u5ee3\u544a)"
)
AD_LABEL = re.compile(
    rf"(?P<lead>[-\u2013\u2014~*=\u00b7\s]*[\[(\u3010\uff08<]?)\s*(?P<word>{AD_WORD})"
    rf"\s*(?P<tail>[\])\u3011\uff09>]?[-\u2013\u2014~*=\u00b7\s]*)",
    re.IGNORECASE,
)  # ADVERTISEMENT, - Anzeige -, [Sponsored], 【广告】: the label over an ad's place, alone on its line
#: The stem of each label's word, as running text about ads uses it (advertising, sponsorship,
#: anzuzeigen, publicitaires, reklamowe, 广告法): a document that uses it is about ads, and a
#: label of the same word is its heading, list item or term.
AD_TOPIC = re.compile(
    r"advert|sponsor|anzeig|anzuzeig|angezeig|publicit|reklam|\u5e7f\u544a|\u5ee3\u544a", re.IGNORECASE
)
MAX_ITEM = 12  # characters of one item of a link list
LONG_LIST = 5  # items from which a link list's items are judged by their median
MAX_LONG_ITEM = 24  # characters of the longest item of such a list (three words: "Roads and transport")
MAX_PATH_ITEM = 30  # characters of a section's name in a breadcrumb path (items between arrows)
MAX_CHROME = 400  # characters: a longer line is never site chrome
FOOTER_LINE = 60  # characters: after a site's footer began, a longer line goes only with evidence


def _items(text: str) -> list[str]:
    parts = [text] if SEPARATOR_MARK.search(text) is None else SEPARATORS.split(text)  # (a split tries every position)
    return [item for item in parts if item and item.strip()]


def link_list(text: str) -> bool:
    """Three or more items between separators (``首页 > 新闻 > 正文``, ``About | Contact |
    Privacy``), most of them short and none a sentence (a breadcrumb's first item may be a
    label such as ``您现在的位置：演讲稿范文大全``)."""
    items = _items(text)
    if len(items) < 3 or not SEPARATORS.search(text):
        return False
    if sum(1 for item in items if any(ch.isalpha() for ch in item)) < len(items) - 1:
        return False  # items of code or numbers, not of words
    if any(item.strip()[-1:] in SENTENCE_END or any(m in item for m in SENTENCE_MARKS) for item in items):
        return False
    labelled = LABEL.match(items[0]) is not None  # a breadcrumb's "You are here:" may be long
    sizes = sorted(len(item.strip()) for item in items[1 if labelled else 0 :])
    if all(ARROW.fullmatch(sep.strip()) for sep in SEPARATORS.findall(text)) and len(items[0].strip()) <= MAX_ITEM:
        return sizes[-1] <= MAX_PATH_ITEM  # a path of sections from a short first one (Home > Community and living)
    if len(sizes) >= LONG_LIST:  # a long menu may hold a longer word ("Announcements")
        return sizes[len(sizes) // 2] <= MAX_ITEM and sizes[-1] <= MAX_LONG_ITEM
    return sizes[-1] <= MAX_ITEM


def word_row(text: str) -> bool:
    """Four or more short Chinese words separated by spaces (``今日新闻 社论 评论 专题报导``),
    since Chinese text does not put spaces between its words, or four or more short Latin
    items two spaces apart (``Home  World  Business  Opinion``): a navigation bar. (A table's
    header row has the same shape, so this is evidence only outside the running text.)"""
    items = text.split()
    if len(items) >= 4 and all(len(item) <= 6 and all(is_han(ch) for ch in item) for item in items):
        return not people(items)
    spaced = [item for item in WIDE_GAP.split(text) if item]
    return (
        len(spaced) >= 4
        and all(len(item.split()) <= 3 and len(item) <= 24 for item in spaced)
        and not any(m in text for m in SENTENCE_MARKS)
        and not any(ch.isdigit() for ch in text)  # a table row of figures is not a menu
    )


def pager(text: str) -> bool:
    """A pagination bar: a word that turns pages (``上一页``, ``Next``, ``»``) among page
    numbers running on (``首页 上一页 1 2 下一页 尾页``, ``« Prev 1 2 3 Next »``) or a ``page N
    of M`` (``第1页 共2页 下一页``), and nothing else; the numbers may be buttons (``[1] [2]
    下一页``). Or a short label that speaks of pages over the pages from the first on
    (``Pages: 1 2 3``; not a rating scale, ``Rating: 1 2 3 4 5``)."""
    if len(text) > 60 or any(m in text for m in SENTENCE_MARKS):
        return False
    listed = PAGE_LIST.fullmatch(text.strip())
    if listed and len(listed["label"].split()) <= PAGE_LIST_WORDS and PAGE_LABEL.search(listed["label"]):
        pages = [int(n) for n in listed["pages"].split()]
        if pages == list(range(1, len(pages) + 1)):
            return True
    if not PAGER_WORD.search(text):
        return False
    tokens = [t for t in PAGER_TOKENS.split(text) if t]
    numbers = [int(t) for t in tokens if t.isdigit() and len(t) <= 3]
    words = [t for t in tokens if not t.isdigit()]
    if not all(PAGER_WORD.fullmatch(t) or PAGER_FILLER.fullmatch(t) for t in words):
        return False  # a word that turns no page: a sentence or a table's row
    running_on = (
        len(numbers) >= 2 and numbers[1] == numbers[0] + 1 and all(a < b for a, b in itertools.pairwise(numbers))
    )
    return running_on or bool(PAGE_OF.search(text))


def people(items: list[str]) -> bool:
    """Whether most items are people's names (two to four characters after a common family
    name, one- or two-character; a two-character name padded to three, ``王　磊``, joined
    again): a list of names (``张三丰 李四海 王五``, ``欧阳明月``), not a menu."""
    joined: list[str] = []
    for item in items:
        if joined and len(joined[-1]) == 1 and len(item) == 1:
            joined[-1] += item  # 王 磊: a padded two-character name
        else:
            joined.append(item)
    named = sum(1 for item in joined if 2 <= len(item) <= 4 and (item[0] in SURNAMES or item[:2] in COMPOUND_SURNAMES))
    return named >= 0.75 * len(joined)


def widget_row(text: str) -> bool:
    """Two or more short bracketed buttons and nothing else (``【打印】【关闭】``, ``[Print] [Close]``)."""
    return bool(WIDGETS.fullmatch(text))


def page_marker(text: str) -> bool:
    """A page number set off by ornaments (``·3·``, ``〔3〕``, ``- 3 -``, ``〔第3张〕``) or after a
    page word alone (``P1``, ``Page 12``), or a word with
    ``N of M`` / ``N/M`` (``Page 3 of 5``, ``P3/5``). A bare number is left to the rules
    (it may be a table cell)."""
    return bool(ORNAMENTED_NUMBER.fullmatch(text) or NUMBER_OF.fullmatch(text) or PAGE_WORD.fullmatch(text))


def site_line(text: str) -> bool:
    """A web address with a few words (a site's name) and no sentence around it
    (``某某资源网 www.example.cn``)."""
    m = find_url(text)
    if not m or any(ch in SENTENCE_MARKS for ch in text):
        return False
    rest = (text[: m.start()] + text[m.end() :]).strip()
    if mailbox(text, m.start()):
        return False  # (电子邮箱：jczq@mz.gov.cn: a notice's contact; "Email us at …" is the site's)
    return 0 < len(rest) <= 16  # a bare address is a web address (only outside the text)


def banner(text: str) -> bool:
    """A short notice between ornaments on both sides (``—— 以下内容需登录后查看 ——``); not
    Markdown's bold or strong emphasis (``**What you can get**``: a heading set in bold)."""
    return bool(BANNER.fullmatch(text)) and not STRONG.fullmatch(text)


def email_line(text: str) -> bool:
    """An e-mail address with a short label (``Letters: desk@paper.example``)."""
    m = find_email(text)
    return bool(m) and len(text) - len(m.group(0)) <= 32


def rule_line(text: str) -> bool:
    """A decorative rule: five or more marks, no letter, digit or CJK character, and not an
    ellipsis or a scene break (``*******``, ``======``; not ``……`` or ``* * *``)."""
    marks = text.replace(" ", "")
    return len(marks) >= 5 and not any(ch.isalnum() for ch in marks) and bool(set(marks) - {".", "\u2026", "\u00b7"})


def noise(text: str) -> bool:
    """Anti-scraping noise: eight or more tokens, nearly all of one or two characters, many
    of them symbols and a third of them a character glued to a symbol (``9 Y8 f3 E5 k. p.
    Q8 f$ Y) |. D#``, never a formula's ``x = a + b``); from five tokens when they mix
    capitals, small letters, digits and symbols, half of them a character glued to a symbol
    (``; G) X3 q. q/ q``), which no list of ``a) b) c)`` and no formula does."""
    tokens = text.split()
    if len(tokens) < 5:
        return False
    glued = sum(1 for t in tokens if len(t) == 2 and t[0].isalnum() != t[1].isalnum())
    if glued < (0.3 if len(tokens) >= 8 else 0.5) * len(tokens):
        return False  # a formula's lone letters and operators (x = a + b; y = 2)
    if len(tokens) < 8:
        kinds = (str.isupper, str.islower, str.isdigit, lambda ch: not ch.isalnum())
        if sum(1 for kind in kinds if any(kind(ch) for ch in text if not ch.isspace())) < 4:
            return False
    tiny = [t for t in tokens if len(t) <= 2]
    symbols = sum(1 for t in tokens if any(not ch.isalnum() for ch in t))
    in_tiny = sum(len(t) for t in tiny) / sum(len(t) for t in tokens)  # text with noise around it is text
    varied = len(set(tiny)) >= 0.6 * len(tiny)  # random tokens, not a leader of dots or dashes
    return len(tiny) >= 0.75 * len(tokens) and symbols >= 0.3 * len(tokens) and in_tiny >= 0.8 and varied


#: What a tag list's label says: tags, topics, categories, filed under, more on, 关键词, 标签,
#: 专题, 分类, 栏目 (not a paper's Keywords, nor Related documents or Similar cases: a
#: policy's or a guidance's own fields)
TAG_LABEL = re.compile(
    r"\btags?\b|\btopics?\b|\bcategor|\blabels?\b|\bfiled\b|\bposted in\b|\bmore on\b"
    r"|\u5173\u952e\u8bcd|\u6807\u7b7e|\u4e13\u9898|\u5206\u7c7b|\u680f\u76ee"
)
CJK_ITEMS = re.compile(r"\s+|\s*[,\uff0c\u3001|\uff5c/\u00b7;\uff1b]\s*")
TAG_ITEMS = re.compile(r"\s{2,}|\s*[,\uff0c\u3001|\uff5c/\u00b7;\uff1b]\s*|\s+\u00b7\s+")
#: Labels of a document's own fields that list things on one line (enclosures, copies, who attended)
FIELD_LABELS = frozenset(
    {
        "\u9644\u4ef6",  # 附件
        "\u6284\u9001",  # 抄送
        "\u4e3b\u9001",  # 主送
        "\u51fa\u5e2d",  # 出席
        "\u5217\u5e2d",  # 列席
        "\u7f3a\u5e2d",  # 缺席
        "\u8054\u7cfb\u4eba",  # 联系人
        "\u4e3b\u9898\u8bcd",  # 主题词 (an official document's own, on its last page)
        "\u8bb0\u5f55",  # 记录
        "\u4e3b\u6301",  # 主持
        "cc",
        "to",
        "from",
        "present",
        "apologies",
        "attendees",
        "attending",
        "distribution",
        "copy",
        "copies",
        "enclosures",
        "attachments",
        "annexes",
        "signed",
        "subject",
        "re",
        "ref",
        "date",
        "keywords",  # a paper's own (its head)
    }
)


COLON = re.compile(r"[:\uff1a]")  # a field's colon, ASCII or full-width


def own_field(text: str) -> bool:
    """Whether ``text`` is a field of the document's own: its label before the first colon is
    one of :data:`FIELD_LABELS` (``主题词：…``, ``抄送：…``, ``Present: …``)."""
    return COLON.split(text, maxsplit=1)[0].strip().lower() in FIELD_LABELS


def tag_line(text: str) -> bool:
    """A label that names tags (:data:`TAG_LABEL`) and two or more short items on one line
    (``关键词：营商环境  民生实事``, ``Filed under: Community · Volunteering``): a tag list,
    after the text. Never a field of the
    document's (附件, 抄送, 出席, 主题词, Present, Apologies, cc...), items with digits or
    sentences, items set apart by semicolons (a paper's keywords), or a list of people's
    names."""
    label, sep, rest = text.partition(":") if ":" in text else text.partition("\uff1a")
    label = label.strip()
    if not sep or not label or not rest.strip() or any(ch.isdigit() for ch in text):
        return False
    if label.lower() in FIELD_LABELS or len(label.split()) > 3 or (not label.isascii() and len(label) > 6):
        return False
    if not TAG_LABEL.search(label.lower()):
        return False  # (Venue: Council Chamber, Town Hall is a field of the document's)
    split = TAG_ITEMS if rest.isascii() else CJK_ITEMS  # (Chinese words stand one space apart)
    items = [item.strip() for item in split.split(rest.strip()) if item.strip()]
    if len(items) < 2 or any(ch in SENTENCE_MARKS or ch in ".\u3002;\uff1b" for ch in rest):
        return False  # (items set apart by semicolons: a paper's keywords, 关键词：乡村振兴；产业融合)
    if any(len(item.split()) > 3 or (not item.isascii() and len(item) > 8) for item in items):
        return False
    return not people(items)


def date_bar(text: str) -> bool:
    """A date with its Chinese day of the week and little else (``2002年3月19日 星期二``,
    ``中華民國91年3月19日星期二``): above a page's title, the page's date bar. (Below the title
    it may be the document's own: minutes, a diary, a schedule.)"""
    if len(text) > 30 or not WEEKDAY.search(text) or not DAY_OF_MONTH.search(text):
        return False
    rest = re.sub(r"[\d\W_]|\u5e74|\u6708|\u65e5", "", DAY_OF_MONTH.sub("", WEEKDAY.sub("", text)))
    return len(rest) <= DATE_BAR_WORDS


def image_credit(text: str) -> bool:
    """A picture's credit on a line of its own: a few words after ``Photo by``, ``Images
    courtesy of``, ``图片来源``, ``摄影：`` or ``图/`` (``Photo by A. Name on Example.``,
    ``摄影：本报记者 李明``): the page's picture is gone, its credit is the site's. A caption
    (``Photo: Volunteers carry sandbags…``, ``图/孩子们在操场上升国旗，…``), a figure's label
    (``图1 …``, ``Figure 2: …``) or a field (``Image: JPEG or PNG``) is the document's."""
    return bool(CREDIT.fullmatch(text.rstrip(".\u3002")))


def ad_label(text: str) -> bool:
    """An ad's label alone on its line: in capitals (``ADVERTISEMENT``, ``SPONSORED``) or set
    between ornaments (``- Anzeige -``, ``[Sponsored]``, ``【广告】``). The ad it marked is gone,
    or follows it. The word alone in the text's own case is the text's (``Advertisement`` or
    ``廣告`` as a heading among others, ``§ 7`` / ``Anzeige`` as a lease's section, ``- Sponsored
    content`` as a list's item, ``advertisement.`` ending a wrapped sentence); so is any of
    them in a text about ads (see :func:`about_ads`). Between two paragraphs it counts only
    with running text on both sides (see :func:`~convert.steps.classifier.inside_mark`):
    ``广告`` among a flattened table's cells is an expense's name."""
    m = AD_LABEL.fullmatch(text.strip())
    if m is None:
        return False
    framed = bool(m.group("lead").strip()) and bool(m.group("tail").strip())
    return framed or (m.group("word").isupper() and m.group("word").isascii())


def about_ads(texts: Iterable[str]) -> bool:
    """Whether running text (``texts``) speaks of ads (advertising, sponsorship, 广告法): then a
    line of an ad label's word alone is its heading, list item or term, not an ad's label."""
    return any(AD_TOPIC.search(t) for t in texts)


def hashtags(text: str) -> bool:
    """Tags: the line is ``#tag#`` items (``#川震10年#中国大陆``)."""
    return bool(HASHTAGS.fullmatch(text))


DOC_NUMBER = re.compile(
    r"[\u3014\u3008\[\uff3b\u3010(\uff08](?:19|20)\d\d[\u3015\u3009\]\uff3d\u3011)\uff09]\s*\d+\s*\u53f7"
)
# 〔2025〕18号, [2008]75号: a document number
QUOTED = re.compile(
    r"\u201c[^\u201d]{1,20}\u201d|\u300c[^\u300d]{1,20}\u300d|\u300a[^\u300b]{1,30}\u300b"
)  # “…” 「…」 《…》: names the text quotes
US = re.compile(r"\b(?:e-?mail|contact|write to|message)\s+us\b|\u8054\u7cfb\u6211\u4eec", re.IGNORECASE)  # 联系我们
FIELD_NAME = re.compile(r"\s*([^\d:\uff1a]{1,12})[:\uff1a]")  # a field's label before its colon
POSTING = re.compile(
    r"\u53d1\u5e03|\u53d1\u8868|\u66f4\u65b0|\u4e0a\u4f20|\u7f16\u8f91|\u520a\u767b|posted|published|updated|uploaded",
    re.IGNORECASE,
)  # 发布 发表 更新 上传 编辑 刊登: a page's posting labels (发布时间：… is the site's stamp)
POSTED_AT = re.compile(r"\u53d1\u5e03\u4e8e|\u53d1\u8868\u4e8e|\u66f4\u65b0\u4e8e")  # 发布于 发表于 更新于
SCHEDULED = 4  # Han characters before 发布于 that name what is published (资格复审结果)
TABLE_ROWS_BELOW = 2  # rows of figures under a header row of words
FEEDBACK = re.compile(
    r"(?:(?:was|is|did|were|are)\s+(?:this|the)\s+(?:page|article|document|post|story|answer|content|information)\b"
    r"[^.!?]{0,30}\b(?:helpful|useful)\s*\?"
    r"|did\s+you\s+find\s+(?:this|the|what)\s+(?:page|article|document|post|story|answer|content|information|you)\b"
    r"[^.!?]{0,30}\?"
    r"|(?:\u672c\u6587|\u672c\u9875|\u8fd9\u7bc7\u6587\u7ae0|\u6b64\u6587|\u8be5\u6587\u6863|\u8fd9\u4e2a\u56de\u7b54)"
    r"[\u4e00-\u9fff]{0,6}(?:\u6709\u5e2e\u52a9|\u6709\u7528)\u5417\?)"
    r"(?:\s*[|/\u00b7]?\s*(?:yes|no|\u6709\u7528|\u6ca1\u7528))*",
    re.IGNORECASE,
)  # 本文/本页/这篇文章/此文/该文档/这个回答 … 有帮助吗? / 有用吗? … 有用 没用


def scheduled(before: str) -> bool:
    """Whether ``before``, what stands before a posting label (发布于, 发表于), names a thing
    published: four Han characters or more with no space (``资格复审结果``), a schedule of the
    document's; a floor and a user name (``沙发 周杰``) are a forum reply's stamp."""
    before = before.strip()
    return len(HAN_RE.findall(before)) >= SCHEDULED and " " not in before


def mailbox(text: str, start: int) -> bool:
    """Whether the host found at ``start`` in ``text`` is an e-mail address's (``…@host``): a
    contact, a document's as often as a site's, unless the line says ``Email us`` (:data:`US`)."""
    return text[max(start - 1, 0) : start] == "@" and not US.search(text)


def feedback(text: str) -> bool:
    """A page's feedback prompt: a short question whether *this page* (article, document,
    post, answer) helped, with its answer buttons or without (``Was this page helpful? Yes /
    No``, ``Did you find this document useful?``, ``本文对你有帮助吗？``). A question about
    anything else (``Was the course useful for your role? Yes / No``, a title that asks
    ``Are league tables still useful?``) is a document's, and so is a bare ``Yes / No``."""
    return bool(FEEDBACK.fullmatch(text))


def sibling_links(text: str) -> bool:
    """Links to the documents before and after this one: two ``label: value`` fields whose
    labels say previous and next and differ in that word alone (``上一篇：… 下一篇：…``,
    ``前一条：… 后一条：…``, ``Previous article: … Next article: …``), with titles
    for values. A meeting's fields (``上次会议：…``, ``Previous meeting: 3 February 2025``:
    a date), a contract's parties (``甲方：… 乙方：…``) and figures are a document's own."""
    pairs = LABELLED_VALUES.findall(text)
    if len(pairs) != 2:
        return False
    for _, value in pairs:
        if sum(ch.isalpha() for ch in value) < 2 or SIBLING_SENTENCE.search(value) or _named_or_dated("", value):
            return False  # (Next meeting: 7 April 2025; 上一任：张伟 下一任：李娜: a date, people)
    (a, _), (b, _) = pairs
    if a.isascii() and b.isascii():
        first_a, *rest_a = a.lower().split()
        first_b, *rest_b = b.lower().split()
        return (
            bool(rest_a) and rest_a == rest_b and rest_a[-1] in SIBLING_THINGS and {first_a, first_b} in SIBLING_WORDS
        )
    return (
        len(a) >= 3
        and a[1:] == b[1:]
        and a[1] == "\u4e00"
        and a[2] in SIBLING_MEASURES
        and {a[0], b[0]} in SIBLING_WORDS
    )  # 上一篇 / 下一篇 (not 上一次会议, 上一年度, 上一任)


#: Labels of a page's publishing facts: 来源 作者 浏览 发布 编辑 阅读 点击 出处 评论 收藏 下载 主办 承办
#: 更新 上传 发表 刊登 大小 (a file's) 供稿 撰稿 摄影 审核 录入 信息员, source,
#: author, by, views, reads, posted, published, updated, editor, comments, likes, downloads.
PUBLISHED = re.compile(
    r"\u6765\u6e90|\u4f5c\u8005|\u6d4f\u89c8|\u53d1\u5e03|\u7f16\u8f91|\u9605\u8bfb|\u70b9\u51fb|\u51fa\u5904|"
    r"\u8bc4\u8bba|\u6536\u85cf|\u4e0b\u8f7d|\u4e3b\u529e|\u627f\u529e|\u66f4\u65b0|\u4e0a\u4f20|\u53d1\u8868|\u520a\u767b|"
    r"\u5927\u5c0f|\u4f9b\u7a3f|\u64b0\u7a3f|\u6444\u5f71|\u5ba1\u6838|\u5f55\u5165|\u4fe1\u606f\u5458|"
    r"\b(?:source|author|by|views?|reads?|posted|published|updated|editor|comments?|likes?|downloads?)\b",
    re.IGNORECASE,
)


def published(text: str) -> bool:
    """Whether a line tells how a page was published: a label of :data:`PUBLISHED` or a
    clock time."""
    return bool(PUBLISHED.search(text) or CLOCK.search(text))


ENGLISH_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Prof)\.?\s+)?[A-Z][a-z]+(?:[ -][A-Z][a-z'\u2019]+){1,2}")


def _named_or_dated(label: str, value: str) -> bool:
    """A field's value that names people (``张伟、李娜``, ``主持人：张伟``, ``Mr Arun Patel``)
    or is a date."""
    value = value.strip()
    if DATE.search(value) or (any(ch.isdigit() for ch in value) and MONTH.search(value)):
        return True
    if ENGLISH_NAME.fullmatch(value):
        return True
    items = [item for item in re.split(r"[\s,\u3001\uff0c]+", value) if item]
    if value.isascii() or not items:
        return False
    if label.endswith(("\u4eba", "\u5458")) and people(items):
        return True  # 主持人：张伟, 记录员：陈静 (a person's role)
    return len(items) >= 2 and people(items)  # (one name alone: 高一 is a school year, not Mr Gao)


def info_bar(text: str) -> bool:
    """Two or more ``label: value`` pairs on one line (``作者：… 时间：… 浏览：…``), or a
    date with two labels (``2020-03-09 来源：学习时报 作者：``). One label with a date
    (``披露日期：2012年3月27日``) is a document's own line, and so are fields that all name
    people or give dates without a word of how a page was published (:data:`PUBLISHED`) or a
    clock time: ``出席人：张伟、李娜 列席人：赵敏``, ``Start date: 1 April 2025  End date: …``
    (``时间：2024-03-05 供稿单位：市应急管理局`` is a page's)."""
    if ":" not in text or "\u3002" in text or ". " in text or text.endswith("."):
        return False  # (every label has its colon); "To: All staff. From: The clerk.": a memo's own head
    fields = LABELLED_VALUES.findall(text)
    if not published(text) and fields and all(_named_or_dated(label, value) for label, value in fields):
        return False  # (出席人：… 列席人：…, Landlord name: … Tenant name: …: a document's own fields)
    return len(KEY_VALUE.findall(text)) >= 2 or (len(LABEL.findall(text)) >= 2 and bool(DATE.search(text)))


def stamp(text: str) -> bool:
    """A date with a clock time and little else (``2024-07-09 08:32:22``), or a date after
    a short label and a space (``刊登於 2018-05-13``, ``Posted 2021-03-05``): a publication
    stamp. A date alone, or a field (``披露日期：2012年3月27日``), is kept: it may be the
    document's own."""
    if not DATE.search(text) or len(text) > 40 or any(ch in text for ch in "\u3002\uff0c"):
        return False  # (面试时间为…08:30，考生须于…: a sentence)
    field = FIELD_NAME.match(text)
    if field and not POSTING.search(field.group(1)):
        return False  # 会议时间：2025年3月5日 14:30, 开标时间：…: when something happens, the document's field
    posted = POSTED_AT.search(text)
    if posted and scheduled(text[: posted.start()]):
        return False  # 资格复审结果发布于2025年4月22日 17:00: the document's schedule (沙发 周杰 发表于 … is a stamp)
    if CLOCK.search(text):
        return True
    m = LABELLED_DATE.fullmatch(text)
    if m and ORGANISATION.search(text[: text.find(" ")].strip() if " " in text else ""):
        return False  # 某市统计局 2025年1月20日: an office's dateline, the document's own
    return bool(m)


def web_address(text: str) -> bool:
    return bool(ADDRESS.match(text.strip()))


Shape = tuple[str, Callable[[str], bool]]
#: Shapes that are chrome wherever they stand: no document has a line of them.
ANYWHERE: tuple[Shape, ...] = (
    ("decorative rule", rule_line),
    ("anti-scraping noise", noise),
    ("widget buttons", widget_row),
    ("page marker", page_marker),
    ("banner", banner),
    ("pagination bar", pager),
    ("image credit", image_credit),
    ("ad label", ad_label),
)
#: Shapes that are chrome before the running text or after it (a menu path or a table in
#: pipes may stand inside it).
AT_THE_EDGES: tuple[Shape, ...] = (
    ("link list", link_list),
    ("previous and next links", sibling_links),
    ("site address", site_line),
    ("navigation words", word_row),
    ("tag list", hashtags),
    ("feedback prompt", feedback),
)
#: Shapes that are chrome only before the running text, where sites put their info bars: after
#: it a notice's own contact lines, dates and addresses look the same.
AT_THE_HEAD: tuple[Shape, ...] = (
    ("web address", web_address),
    ("info bar", info_bar),
    ("time stamp", stamp),
    ("e-mail line", email_line),
)
#: Every shape, tried in this order: the shapes that count in fewer places come later, so
#: the first shape a line has also tells where it counts.
SHAPES: tuple[Shape, ...] = ANYWHERE + AT_THE_EDGES + AT_THE_HEAD
#: The shapes that count before (``head``), inside (``text``) and after (``tail``) the text.
COUNTS: dict[str, frozenset[str]] = {
    "head": frozenset(name for name, _ in SHAPES),
    "text": frozenset(name for name, _ in ANYWHERE),
    "tail": frozenset(name for name, _ in ANYWHERE + AT_THE_EDGES),
}


@per_line
def chrome_shape(text: str) -> str | None:
    """The first chrome shape ``text`` has (in :data:`SHAPES` order), wherever it stands, or
    ``None``. Where it counts is :data:`COUNTS`' business (see :func:`chrome_evidence`)."""
    if len(text) > MAX_CHROME:
        return None  # chrome is short; and no pattern here should walk a megabyte line
    folded = nfkc(text).strip()
    if not folded:
        return None
    return next((name for name, test in SHAPES if test(folded)), None)


def chrome_evidence(text: str, *, where: str = "head") -> str | None:
    """The chrome shape ``text`` has, or ``None`` when its shape says nothing.

    :param where: ``head`` (before the running text: every shape counts), ``text`` (inside
        it: only the shapes no document line has) or ``tail`` (after it: those and the
        lists and rows sites put around a text, but no info bar, date or address, which a
        document's own closing lines may be).
    """
    shape = chrome_shape(text)
    return shape if shape in COUNTS[where] else None


@per_line
def finished_sentence(text: str) -> bool:
    """A sentence of running text: Chinese ending in a full stop, question or exclamation
    mark, or words of five or more, some in lower case or in a script without case (Korean,
    Arabic), ending in one (not a name in capitals such as ``ANHUI ANLI ARTIFICIAL LEATHER
    CO.,LTD.``)."""
    if not text or text[-1] not in SENTENCE_END or len(text) <= 12:
        return False
    words = text.split()
    return han_ratio(text) > 0.3 or (len(words) >= 5 and any(w.islower() or _caseless(w) for w in words))


def _caseless(word: str) -> bool:
    """A word of letters that have no case (Hangul, Arabic, Hebrew, Thai...)."""
    return any(ch.isalpha() for ch in word) and not any(ch.isupper() or ch.islower() for ch in word)


def running_text(line: Line, wrap: float | None, shape: str | EllipsisType | None = ...) -> bool:
    """A line of the document's running text: a finished sentence, a full wrapped line, or
    a line too long to have been wrapped; never one with a chrome shape.

    :param shape: the line's :func:`chrome_shape`, when the caller has it already.
    """
    text = line.text.rstrip()
    if chrome_shape(text) if shape is ... else shape:
        return False
    if wrap is not None and width(text) >= FULL_LINE * wrap:
        return True
    return width(text) > UNWRAPPED or finished_sentence(text)


def metadata_table(texts: list[str]) -> list[int]:
    """Indexes of the lines of site metadata tables among ``texts``: runs of three or more
    ``label: value`` rows (values may stand on the next line), when the rows are bulleted or
    two of them have no value (``• 索引号:`` / ``6107280000/2024-001005``). A memo's own
    head (``To: All staff`` / ``Date: 5 March``) has neither, and is kept."""
    found: list[int] = []
    run: list[int] = []
    rows = 0
    marked = 0
    open_row = False  # the last line was a row without its value
    for i, text in enumerate([nfkc(t).strip() for t in texts] + ["."]):
        m = TABLE_ROW.match(text)
        if m and not any(ch in SENTENCE_MARKS for ch in text):
            run.append(i)
            rows += 1
            marked += bool(m.group(1)) + (not m.group(3))
            open_row = not m.group(3)
            continue
        if open_row and len(text) <= 30 and text[-1:] not in SENTENCE_END and not starts_structure(text):
            run.append(i)  # the value of the row above, on a line of its own
            open_row = False
            continue
        open_row = False
        if rows >= 3 and marked >= 2:
            found += run
        run, rows, marked = [], 0, 0
    return found


def tabled_rows(texts: Sequence[str], shapes: Sequence[str | None]) -> list[int]:
    """Indexes of rows shaped like navigation bars that stand in a block of two or more with as
    many items each (a list of names four to a row, a table): the document's, not a menu."""
    out: list[int] = []
    i = 0
    while i < len(texts):
        if shapes[i] != "navigation words":
            i += 1
            continue
        j = i
        while j + 1 < len(texts) and shapes[j + 1] == "navigation words":
            j += 1
        if j > i and len({len(texts[k].split()) for k in range(i, j + 1)}) == 1:
            out.extend(range(i, j + 1))
        elif j == i and _heads_rows(texts, i):
            out.append(i)  # a table's header row: 区域 预算数 完成数 增减额 over rows of figures
        i = j + 1
    return out


def _heads_rows(texts: Sequence[str], i: int) -> bool:
    """Whether the line ``i`` stands over :data:`TABLE_ROWS_BELOW` rows with as many items,
    figures among them (``东城区 98.5 101.2 3.4``)."""
    n = len(texts[i].split())
    rows = texts[i + 1 : i + 1 + TABLE_ROWS_BELOW]
    return len(rows) == TABLE_ROWS_BELOW and all(len(r.split()) == n and any(ch.isdigit() for ch in r) for r in rows)
