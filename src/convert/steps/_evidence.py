"""Evidence that a line is site chrome, from its shape rather than from known words.

Site furniture differs from a document's own lines in ways that hold on sites never seen:
navigation, breadcrumbs, tag and related-link lists are several short items between
separators; info bars carry several ``label: value`` pairs on one line; publication stamps
are dates with a clock time; a bare web address is a site's, not the text's. A document's
own short lines (headings, document numbers, addressees, signatures, dates) have none of
these shapes, so a step that drops a line on this evidence alone does not lose them.

:func:`chrome_evidence` names the shape a line has, or ``None``.
"""

from __future__ import annotations

import re
import unicodedata

from convert.core.textutil import SENTENCE_MARKS

#: Separators between the items of a navigation bar, breadcrumb trail or link list.
SEPARATORS = re.compile(r"\s*(?:\||\uff5c|>>?|\u00bb|\u203a|\u2192|\s/\s|\s\u00b7\s|\s\u2022\s)\s*|\s{2,}")
#: ``label: value`` with a short label (after NFKC, so the full-width colon is ASCII).
KEY_VALUE = re.compile(r"(?:^|\s)([^\s:]{1,6})\s*:\s*\S")
CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
DATE = re.compile(r"\d{4}\s*[-/.\u5e74]\s*\d{1,2}")
ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+){2,}(?:/\S*)?$", re.IGNORECASE)

MAX_ITEM = 12  # characters of one item of a link list


def _items(text: str) -> list[str]:
    return [item for item in SEPARATORS.split(text) if item and item.strip()]


def link_list(text: str) -> bool:
    """Three or more short items between separators (``首页 > 新闻 > 正文``,
    ``About | Contact | Privacy``), none of them a sentence."""
    items = _items(text)
    if len(items) < 3 or not SEPARATORS.search(text):
        return False
    return all(len(item.strip()) <= MAX_ITEM and not any(m in item for m in SENTENCE_MARKS) for item in items)


def info_bar(text: str) -> bool:
    """Two or more ``label: value`` pairs on one line (``作者：… 时间：… 浏览：…``)."""
    return len(KEY_VALUE.findall(text)) >= 2


def stamp(text: str) -> bool:
    """A date with a clock time and little else (``2024-07-09 08:32:22``): a publication
    stamp, not a signature date (which has no time)."""
    return bool(CLOCK.search(text) and DATE.search(text)) and len(text) <= 40


def web_address(text: str) -> bool:
    return bool(ADDRESS.match(text.strip()))


def chrome_evidence(text: str) -> str | None:
    """The chrome shape ``text`` has (``link list``, ``info bar``, ``time stamp``, ``web
    address``), or ``None`` when its shape says nothing."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded:
        return None
    if web_address(folded):
        return "web address"
    if link_list(folded):
        return "link list"
    if info_bar(folded):
        return "info bar"
    if stamp(folded):
        return "time stamp"
    return None
