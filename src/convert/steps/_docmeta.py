"""A document's own metadata lines: dates, speakers, bylines and issuers.

Pure functions on one line of text each, shared by the ``metadata`` step (which reads the
document's date and author from them), the ``paragraphs`` step (which never joins such a
line directly under the title to its neighbour) and the ``classify`` step (which does not
take it for site furniture). Each answers only for a whole line that is nothing but what it
looks for: a date inside a sentence is not a date line, a heading is not an issuer.

- :func:`parse_date`: one date, as ISO ``YYYY-MM-DD`` (``YYYY-MM`` when the day is not given):
  ``2022年3月5日``, ``二〇一八年一月二日``, ``2022-03-05``, ``March 5, 2022``, ``5 March 2022``.
- :func:`date_line`: a line that is a date, perhaps bracketed (``（2018年1月2日）``), led by a
  dash and followed by the occasion (``——2022年3月5日在…会议上``), or labelled (``Dated: …``).
- :func:`speaker`: a role and a person's name (``国务院总理　李克强``), a labelled author
  (``作者：张三``), or an English byline (``By Jane Doe``, ``Jane Doe, Chair``).
- :func:`issuer`: an office's name standing alone (``国务院``, ``中共中央 国务院``,
  ``Riverton District Council``), as in a closing signature block.
- :func:`title_issuer`: the issuer a Chinese official title names (``中共中央 国务院关于…的意见``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from convert.core.model import Line
from convert.core.names import COMPOUND_SURNAMES, SURNAMES
from convert.core.textutil import ORGANISATION
from convert.steps._numbering import starts_structure

HAN = "\u4e00-\u9fff"
# 〇 ○ 零 一 二 三 四 五 六 七 八 九 十
CN_DIGITS = {
    "\u3007": 0,
    "\u25cb": 0,
    "\u96f6": 0,
    "\u4e00": 1,
    "\u4e8c": 2,
    "\u4e09": 3,
    "\u56db": 4,
    "\u4e94": 5,
    "\u516d": 6,
    "\u4e03": 7,
    "\u516b": 8,
    "\u4e5d": 9,
}
TEN = "\u5341"  # 十
CN_NUM = "[\u3007\u25cb\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]"
YEAR, MONTH, DAY = "\u5e74", "\u6708", "\u65e5"  # 年 月 日
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
ORDINAL = r"(?:st|nd|rd|th)?"
MIN_YEAR, MAX_YEAR = 1900, 2100
ROC_YEARS = 1911  # 中華民國 year 1 is 1912

#: The date forms, each with the groups ``y``, ``m`` and optionally ``d`` (``cy``/``cm``/``cd``:
#: written in Chinese numerals; ``roc``: a year of the Republic of China).
DATE_FORMS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?P<y>\d{{4}})\s*{YEAR}\s*(?P<m>\d{{1,2}})\s*{MONTH}(?:\s*(?P<d>\d{{1,2}})\s*{DAY})?",
        rf"(?P<cy>{CN_NUM}{{4}}){YEAR}(?P<cm>{CN_NUM}{{1,2}}){MONTH}(?:(?P<cd>{CN_NUM}{{1,3}}){DAY})?",
        # 中華民國 / 中华民国 / 民國 / 民国 113年4月2日
        rf"(?:\u4e2d\u83ef\u6c11\u570b|\u4e2d\u534e\u6c11\u56fd|\u6c11\u570b|\u6c11\u56fd)\s*(?P<roc>\d{{1,3}})\s*{YEAR}"
        rf"\s*(?P<m>\d{{1,2}})\s*{MONTH}(?:\s*(?P<d>\d{{1,2}})\s*{DAY})?",
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)",
        r"(?<!\d)(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?!\d)",
        rf"(?:{WEEKDAY})?(?P<mn>{MONTH_NAME})\s+(?P<d>\d{{1,2}}){ORDINAL},?\s+(?P<y>\d{{4}})(?!\d)",
        rf"(?:{WEEKDAY})?(?<!\d)(?P<d>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<mn>{MONTH_NAME}),?\s+(?P<y>\d{{4}})(?!\d)",
        rf"(?P<mn>{MONTH_NAME})\s+(?P<y>\d{{4}})(?!\d)",
    )
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a line: ISO text and where it stands in the (NFKC-folded) line."""

    iso: str
    start: int
    end: int


def cn_number(text: str) -> int | None:
    """``十二`` -> 12, ``二十一`` -> 21, ``三十`` -> 30, ``九`` -> 9 (months and days; the
    numbers of a document's parts, ``二十一、``)."""
    if TEN not in text:
        return CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition(TEN)
    high = CN_DIGITS.get(tens, -1) if tens else 1
    low = CN_DIGITS.get(units, -1) if units else 0
    return None if high < 0 or low < 0 or len(units) > 1 else high * 10 + low


def _cn_year(text: str) -> int | None:
    """``二〇一八`` -> 2018 (digit by digit)."""
    digits = [CN_DIGITS.get(ch) for ch in text]
    return None if any(d is None for d in digits) else int("".join(str(d) for d in digits))


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    """The ISO text of a date that exists (a day only with its month), else ``None``."""
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> str | None:
    groups = {k: v for k, v in m.groupdict().items() if v}
    if "cy" in groups:
        day = cn_number(groups["cd"]) if "cd" in groups else None
        return _iso(_cn_year(groups["cy"]), cn_number(groups["cm"]), day)
    year = int(groups["roc"]) + ROC_YEARS if "roc" in groups else int(groups["y"])
    if "mn" in groups:
        key = groups["mn"].rstrip(".").lower()[:3]
        month = next(i + 1 for i, name in enumerate(MONTHS) if name.startswith(key))
    else:
        month = int(groups["m"])
    return _iso(year, month, int(groups["d"]) if "d" in groups else None)


def fold(text: str) -> str:
    """NFKC (full-width digits, brackets and spaces as ASCII), spaces collapsed, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def find_date(text: str) -> FoundDate | None:
    """The first valid date in ``text`` (already folded by :func:`fold`), or ``None``."""
    best: FoundDate | None = None
    for form in DATE_FORMS:
        for m in form.finditer(text):
            iso = _from_match(m)
            if iso and (best is None or m.start() < best.start or (m.start() == best.start and m.end() > best.end)):
                best = FoundDate(iso, m.start(), m.end())
                break
    return best


def parse_date(text: str) -> str | None:
    """``text`` as an ISO date when it is one date and nothing else (``2022年3月5日``,
    ``二〇一八年一月二日``, ``March 5, 2022``, ``5 March 2022``, ``2022-03-05``, ``March 2022``)."""
    folded = fold(text)
    found = find_date(folded)
    return found.iso if found and found.start == 0 and found.end == len(folded) else None


DASHES = "\u2014\u2013\u2015\u2500-~\u301c"  # — – ― ─ - ~ 〜
BRACKETS = "()[]\u3010\u3011\u3014\u3015<>\u300a\u300b"  # ( ) [ ] 【 】 〔 〕 < > 《 》
# Labels of a date line: Dated, Date, Signed, Issued, Published, Posted, (Last) updated; 发布时间 发布日期
# 印发日期 成文日期 (a colon after a Chinese one)
LABEL = re.compile(
    r"^(?:(?:dated|date|signed|issued|published|posted|(?:last\s+)?updated)\s*(?:on\s*)?[:.]?"
    "|(?:\u53d1\u5e03\u65f6\u95f4|\u53d1\u5e03\u65e5\u671f|\u5370\u53d1\u65e5\u671f|\u6210\u6587\u65e5\u671f)\\s*:)\\s*",
    re.IGNORECASE,
)
# An occasion after (or before) the date: 在…会议上, 于…, …通过 / 批准 / 印发 / 发布 / 公布 / 修正 / 修订,
# …上的讲话 / 报告 / 发言 / 致辞 / 演讲 / 说明
OCCASION_END = (
    "(?:\u4e0a|\u4e2d|\u65f6|\u671f\u95f4|\u901a\u8fc7|\u6279\u51c6|\u5370\u53d1|\u53d1\u5e03|\u516c\u5e03|\u4fee\u6b63"
    "|\u4fee\u8ba2|\u65bd\u884c|\u8bb2\u8bdd|\u62a5\u544a|\u53d1\u8a00|\u81f4\u8f9e|\u6f14\u8bb2|\u8bf4\u660e)"
)
OCCASION = re.compile(rf"^(?:[\u5728\u4e8e])?[^\u3002\uff1b;!\uff01?\uff1f,\uff0c:\uff1a]{{2,50}}{OCCASION_END}$")
OCCASION_CHARS = 60


def _bare(text: str) -> str:
    """``text`` without brackets, white space at its ends and commas at its ends."""
    return text.strip().strip(BRACKETS).strip(" ,").strip()


def date_line(text: str) -> str | None:
    """The ISO date of a line that is a date line, else ``None``: a date alone (perhaps in
    brackets, after a dash or a label such as ``Dated:``), or a date with the occasion it was
    spoken or passed at (``——2022年3月5日在第十三届全国人民代表大会第五次会议上``,
    ``（2021年3月11日第十三届全国人民代表大会第四次会议通过）``). A sentence that mentions a
    date (``2022年3月5日，大会开幕。``) is no date line."""
    folded = fold(text)
    if not folded or len(folded) > OCCASION_CHARS + 20:
        return None
    body = folded.lstrip(DASHES + " ")
    body = LABEL.sub("", body, count=1)
    body = "".join(ch for ch in body if ch not in BRACKETS).strip()
    found = find_date(body)
    if found is None:
        return None
    before, after = _bare(body[: found.start]), _bare(body[found.end :])
    if before and after:
        return None
    rest = before or after
    if not rest:
        return found.iso
    if len(rest) <= OCCASION_CHARS and OCCASION.match(rest) and not re.search(r"\d{4}", rest):
        return found.iso
    return None


# Roles a speaker's name follows: 总理 主席 书记 主任 经理 委员 代表 总裁 总编辑 首相 大使 主编 教授 研究员
# 常委 总干事 董事 执行官 总统 (總理 書記 經理 委員 總統), and the offices' heads that end in 长 (長): 部长 市长
# 县长 院长 校长 局长 厅长 省长 区长 镇长 乡长 村长 处长 科长 所长 站长 会长 社长 行长 署长 司长 团长 队长
# 组长 厂长 馆长 台长 庭长 州长 军长 师长 旅长 营长 连长 排长 舰长 船长 机长 盟长 旗长 警长 课长, 秘书长
# 委员长 理事长 董事长 检察长 审计长 监狱长 (not every word ending in 长: 增长 成长 延长 擅长)
# The office of a head (X长), then its traditional forms
ROLE_HEAD = (
    "\u90e8\u5e02\u53bf\u9662\u6821\u5c40\u5385\u7701\u533a\u9547\u4e61\u6751\u5904\u79d1\u6240\u7ad9"
    "\u4f1a\u793e\u884c\u7f72\u53f8\u56e2\u961f\u7ec4\u5382\u9986\u53f0\u5ead\u5dde\u519b\u5e08\u65c5"
    "\u8425\u8fde\u6392\u8230\u8239\u673a\u76df\u65d7\u8b66\u8bfe"
)
ROLE_HEAD_T = (
    "\u7e23\u5ef3\u5340\u93ae\u9109\u8655\u6703\u5718\u968a\u7d44\u5ee0\u9928\u8ecd\u5e2b\u71df\u9023\u8266\u6a5f\u8ab2"
)
ROLE_HEADS = (  # 秘书 委员 理事 董事 检察 审计 监狱 (then traditional)
    "\u79d8\u4e66|\u59d4\u5458|\u7406\u4e8b|\u8463\u4e8b|\u68c0\u5bdf|\u5ba1\u8ba1|\u76d1\u72f1"
    "|\u79d8\u66f8|\u59d4\u54e1|\u6aa2\u5bdf|\u5be9\u8a08|\u76e3\u7344"
)
ROLE_END = re.compile(
    "(?:\u603b\u7406|\u4e3b\u5e2d|\u4e66\u8bb0|\u4e3b\u4efb|\u7ecf\u7406|\u59d4\u5458|\u4ee3\u8868|\u603b\u88c1"
    "|\u603b\u7f16\u8f91|\u9996\u76f8|\u5927\u4f7f|\u4e3b\u7f16|\u6559\u6388|\u7814\u7a76\u5458|\u5e38\u59d4"
    "|\u603b\u5e72\u4e8b|\u8463\u4e8b|\u6267\u884c\u5b98|\u603b\u7edf"
    "|\u7e3d\u7406|\u66f8\u8a18|\u7d93\u7406|\u59d4\u54e1|\u7e3d\u7d71"
    f"|(?:[{ROLE_HEAD}{ROLE_HEAD_T}]|{ROLE_HEADS})[\u957f\u9577])$"
)
CHINESE_NAME = re.compile(rf"[{HAN}]{{2,4}}|[{HAN}] [{HAN}]")  # 李克强, 王 军 (a two-character name spaced)
# 作者 文 撰文 撰稿 报告人 讲话人 主讲人 发言人 署名 执笔 ("作者：张三", "文/张三")
AUTHOR_LABEL = re.compile(
    "^(?:\u4f5c\u8005|\u6587|\u64b0\u6587|\u64b0\u7a3f|\u62a5\u544a\u4eba|\u8bb2\u8bdd\u4eba|\u4e3b\u8bb2\u4eba"
    "|\u53d1\u8a00\u4eba|\u7f72\u540d|\u6267\u7b14)\\s*[:/]\\s*(?P<name>.+)$"
)
ROLE_TEXT = re.compile(rf"^[{HAN}\u3001]{{2,24}}$")
LATIN_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*|[A-Z]\.)"
PARTICLE = r"(?:de|del|della|der|den|van|von|da|di|du|la|le|bin|al|ibn|dos|das)"
LATIN_NAME = rf"{LATIN_NAME_WORD}(?:\s+(?:{PARTICLE}\s+)?{LATIN_NAME_WORD}){{1,3}}"
NAMES = rf"{LATIN_NAME}(?:\s*(?:,|and|&)\s*{LATIN_NAME})*"
BYLINE = re.compile(r"^(?:By|BY|by)\s+(?P<rest>.{4,120})$")
BY = re.compile(r"^by\s", re.IGNORECASE)
ROLE_WORDS = 8  # words of an English role after a name
NAME_ROLE = re.compile(rf"^(?P<name>{LATIN_NAME})\s*,\s*(?P<role>.{{2,60}})$")
# An English role: Chair, President, Director, Secretary, Minister...
ROLE_WORD = re.compile(
    r"\b(?:chair(?:man|woman|person)?|president|director|secretary|minister|mayor|governor|commissioner|"
    r"chief executive|ceo|clerk|editor|professor|justice|judge|manager|officer|head|dean|principal|treasurer|"
    r"councillor|councilor|senator|representative|ambassador|administrator|registrar|coordinator|founder|"
    r"leader|chancellor|rapporteur|counsel|attorney general|solicitor|speaker|trustee|convenor|convener)\b",
    re.IGNORECASE,
)
NOT_NAME_WORDS = frozenset(
    {
        "the",
        "team",
        "staff",
        "office",
        "department",
        "council",
        "committee",
        "board",
        "news",
        "editor",
        "editors",
        "admin",
        "reporter",
        "press",
        "media",
        "service",
        "services",
        "group",
        "desk",
        "unit",
        "agency",
        "government",
        "ministry",
        "university",
        "college",
        "school",
        "trust",
        "association",
        "society",
        "company",
        "limited",
        "ltd",
        "inc",
    }
)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person a line names as the document's speaker or author, with their role if given."""

    name: str
    role: str = ""


def chinese_name(text: str) -> bool:
    """A Chinese personal name: two to four Han characters, a common surname first
    (``李克强``, ``欧阳修``; ``王 军`` spaced)."""
    text = text.strip()
    if not CHINESE_NAME.fullmatch(text):
        return False
    plain = text.replace(" ", "")
    if plain.startswith(COMPOUND_SURNAMES):
        return 3 <= len(plain) <= 4
    return plain[0] in SURNAMES and len(plain) <= 3


def latin_names(text: str) -> bool:
    """One or more English personal names (``Jane Doe``, ``J. R. Smith and Ann Lee``): no
    word of an office's or a team's name among them."""
    if not re.fullmatch(NAMES, text.strip()):
        return False
    words = {w.lower().strip(".,") for w in text.split()}
    if words & NOT_NAME_WORDS or ROLE_WORD.search(text):
        return False
    return ORGANISATION.search(text.strip()) is None


def speaker(text: str) -> Speaker | None:
    """The person a line names as its speaker or author, when the line is nothing else:
    ``国务院总理　李克强`` (a role, a space, a name), ``作者：张三`` / ``文/张三`` (labelled),
    ``By Jane Doe`` (a byline, with a role after a comma if any), ``Jane Doe, Chair``."""
    folded = fold(text)
    if not folded or len(folded) > 80 or starts_structure(folded):
        return None
    m = AUTHOR_LABEL.match(folded)
    if m:
        name = m.group("name").strip()
        if chinese_name(name) or latin_names(name):
            return Speaker(name)
        return None
    role, _, name = folded.rpartition(" ")
    if role and ROLE_TEXT.match(role.replace(" ", "")) and ROLE_END.search(role) and chinese_name(name):
        return Speaker(name, role)
    if role and " " in role:  # a two-character name spaced: 国务院总理 王 军
        head, _, first = role.rpartition(" ")
        if head and ROLE_END.search(head) and ROLE_TEXT.match(head) and chinese_name(f"{first} {name}"):
            return Speaker(first + name, head)
    m = BYLINE.match(folded)
    if m:
        rest = m.group("rest")
        names, comma, role = rest.rpartition(",")
        if comma and ROLE_WORD.search(role) and latin_names(names):
            return Speaker(names.strip(), role.strip())  # By Jane Doe, Chair of the Board
        return Speaker(rest) if latin_names(rest) else None  # (By Jane Doe, 12 March: a stamp)
    m = NAME_ROLE.match(folded)
    if (
        m
        and not BY.match(folded)
        and latin_names(m.group("name"))
        and ROLE_WORD.search(m.group("role"))
        and len(m.group("role").split()) <= ROLE_WORDS
    ):
        return Speaker(m.group("name").strip(), m.group("role").strip())
    return None


# Central bodies whose names end in no office's word: 中共中央 中央 全国人大 党组 人民政府 政府
ISSUER_END = re.compile("(?:\u4e2d\u5171\u4e2d\u592e|\u4e2d\u592e|\u5168\u56fd\u4eba\u5927|\u515a\u7ec4|\u653f\u5e9c)$")
# Words that end like an office's name but name none: 格局 布局 结局 大局 全局 开局 变局 社会 机会 体会 大会 晚会
NOT_OFFICE = re.compile(
    "(?:\u683c\u5c40|\u5e03\u5c40|\u7ed3\u5c40|\u5927\u5c40|\u5168\u5c40|\u5f00\u5c40|\u53d8\u5c40"
    "|\u793e\u4f1a|\u673a\u4f1a|\u4f53\u4f1a|\u5927\u4f1a|\u665a\u4f1a)$"
)
# Words that point at an office instead of naming it: 本 我 该 此 各 贵 有关, 全 (not 全国): 本站 我所
# 该局 全部 各部门 贵公司 有关部门
DEICTIC = re.compile("^(?:[\u672c\u6211\u8be5\u6b64\u5404\u8d35]|\u6709\u5173|\u5168(?!\u56fd))")
# Where an office of two characters stands: 省 市 县 区 州 镇 乡 村 盟 旗 (省委 市委 县府), and 中央
PLACE_LEVEL = "\u7701\u5e02\u53bf\u533a\u5dde\u9547\u4e61\u6751\u76df\u65d7"
CENTRAL = "\u4e2d\u592e"
# An office's kind without its name: 办公室 委员会 董事会 理事会 监事会 办事处 分公司 总公司 子公司 管委会 居委会
# 村委会 工作站 服务站 服务中心 研究所 研究院 指挥部 编辑部 管理处 网站 全站
GENERIC_OFFICES = frozenset(
    {
        "\u529e\u516c\u5ba4",
        "\u59d4\u5458\u4f1a",
        "\u8463\u4e8b\u4f1a",
        "\u7406\u4e8b\u4f1a",
        "\u76d1\u4e8b\u4f1a",
        "\u529e\u4e8b\u5904",
        "\u5206\u516c\u53f8",
        "\u603b\u516c\u53f8",
        "\u5b50\u516c\u53f8",
        "\u7ba1\u59d4\u4f1a",
        "\u5c45\u59d4\u4f1a",
        "\u6751\u59d4\u4f1a",
        "\u5de5\u4f5c\u7ad9",
        "\u670d\u52a1\u7ad9",
        "\u670d\u52a1\u4e2d\u5fc3",
        "\u7814\u7a76\u6240",
        "\u7814\u7a76\u9662",
        "\u6307\u6325\u90e8",
        "\u7f16\u8f91\u90e8",
        "\u7ba1\u7406\u5904",
        "\u7f51\u7ad9",
        "\u5168\u7ad9",
    }
)
ISSUER_CHARS = 30  # characters of one office's name
OFFICE_WORDS = 8  # words of an English office's name
LINK_WORDS = ("of", "and", "for", "the", "on")  # the words of an office's name not capitalised
ISSUERS = 4  # offices signing together


def _office(part: str) -> bool:
    if not part or any(ch.isdigit() for ch in part) or len(part) > ISSUER_CHARS:
        return False
    if any(unicodedata.category(ch)[0] in "PS" for ch in part.replace(".", "").replace("&", "").replace("'", "")):
        return False
    if part.isascii():
        words = part.split()
        if BY.match(part) or len(words) > OFFICE_WORDS or any(w[0].islower() and w not in LINK_WORDS for w in words):
            return False
        return ORGANISATION.search(part) is not None
    if NOT_OFFICE.search(part) or DEICTIC.match(part) or part in GENERIC_OFFICES:
        return False
    if len(part) < 2 or (len(part) == 2 and part[0] not in PLACE_LEVEL and part != CENTRAL):
        return False  # 网站, 全部: no name (市委, 中央: an office by its place)
    return ORGANISATION.search(part) is not None or ISSUER_END.search(part) is not None


def issuer(text: str) -> str | None:
    """The line as an issuer's name when it is only the names of one to four offices
    (``国务院``, ``中共中央 国务院``, ``中共中央、国务院``, ``Riverton District Council``),
    else ``None``. A heading (``一、总体要求``) or a sentence is none."""
    folded = fold(text)
    if not folded or starts_structure(folded) or len(folded) > ISSUER_CHARS * 2:
        return None
    if folded.isascii():
        return folded if _office(folded) else None
    parts = [p for p in re.split(r"[ \u3001]+", folded) if p]
    if not 1 <= len(parts) <= ISSUERS or not all(_office(p) for p in parts):
        return None
    return folded


ABOUT = "\u5173\u4e8e"  # 关于
FORWARDS = re.compile("\u8f6c\u53d1|\u6279\u8f6c|\u5370\u53d1")  # 转发 批转 印发: X forwards Y's document


def title_issuer(title: str) -> str | None:
    """The issuer a Chinese official title names before ``关于`` (``中共中央 国务院关于实施乡村振兴
    战略的意见`` -> ``中共中央 国务院``; ``国务院办公厅关于…的通知`` -> ``国务院办公厅``), else ``None``."""
    folded = fold(title)
    head, found, _ = folded.partition(ABOUT)
    if not found or not head:
        return None
    head = FORWARDS.split(head, maxsplit=1)[0]  # 某办公厅转发市文化局关于…: the office that forwards
    return issuer(head) if head else None


def occasion_line(text: str) -> bool:
    """A subtitle that names the occasion after a dash (``——在全市工作会议上的讲话``)."""
    folded = fold(text)
    if not folded[:1] or folded[0] not in DASHES:
        return False
    rest = _bare(folded.lstrip(DASHES + " "))
    return len(rest) <= OCCASION_CHARS and OCCASION.match(rest) is not None


FRONT_LINES = 4  # lines of a title block under the title (subtitle, date line, speaker)


def front_matter(lines: Sequence[Line]) -> frozenset[int]:
    """The indexes of the lines that stand directly under the title (the line the reader or the
    ``title`` step marked ``heading=1``) and are its date line, its occasion or its speaker
    (``——2022年3月5日在…会议上`` / ``国务院总理　李克强``): the document's own front matter,
    each a paragraph of its own, never site furniture."""
    title = next((i for i, line in enumerate(lines) if line.heading == 1), None)
    if title is None:
        return frozenset()
    out: set[int] = set()
    for i in range(title + 1, min(len(lines), title + 1 + FRONT_LINES)):
        text = lines[i].text
        if lines[i].heading is not None or not (date_line(text) or speaker(text) or occasion_line(text)):
            break
        out.add(i)
    return frozenset(out)
