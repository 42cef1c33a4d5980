"""Finding a document's text in a saved web page, by structure and text density.

Saved pages of document-sharing sites wrap the document in navigation, breadcrumbs,
sidebars of related documents, ad blocks, cookie notices and footers. This module scores
every block element by the amount of plain (non-link) text it holds directly, passes the
score up to its parent and grandparent (so the parent of repeated per-page containers
collects all their text), and takes the best-scoring element as the document body. The
prose beside it joins it (an article's lead above its text, a long paragraph after it:
:func:`widened_body`). Inside it, link-heavy blocks (ads), page-number blocks and blocks
whose class or id names a site's part (``comments``, ``share``, ``related``…, never one
that also names the text) are dropped; everything outside it is furniture. Class names are
one piece of evidence, never the only way in: the body is found by its text. Scripts never
run and nothing is fetched. A page whose text is all in furniture (``<noscript>``,
``<aside>``, hidden elements) is read again with those as plain blocks (:func:`relax`).

All traversals are iterative (no recursion), so deeply nested pages are handled.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from convert.core.model import Block, Figure, Line, Origin, Removal
from convert.core.textutil import (
    PAGE_NUMBER,
    SENTENCE_END,
    STATEMENT_END,
    closing_line,
    fold,
    is_cjk,
    leading_indent,
    width,
)

ATTACHED_FILE = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|wps|zip|rar|txt|csv)\s*$", re.IGNORECASE)  # an attachment link
STEP = "html-reader"
DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "head"}
DROP_TAGS |= {"select", "button", "input", "textarea", "form", "map", "audio", "video", "picture"}  # (images are
# read: :mod:`convert.readers.html.structures`; a <picture> leaves its <img> in its place)
DROP_TAGS |= {"rt", "rp"}  # ruby: the readings over a base text (漢字<rt>かんじ</rt>) are no text of their own
BOILERPLATE_TAGS = {"nav", "aside", "footer", "menu", "dialog"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "caption",
}  # fmt: skip
DIGITS = re.compile(r"\d+")
TWIN_TEXT = 40  # plain characters a page container after the first must hold
TWIN_NUMBERED_TEXT = 4  # or, numbered like the first (id="p2" after id="p1"), this few: a short last page
TWIN_LINKS = 0.2  # and at most this share of link text
PROSE = 20  # characters (not counting links) from which a block's text counts as prose on its own
SHORT_LINES = 8  # shorter blocks in one container from which they count as its lines of text
TITLED_TEXT = 80  # plain characters under the page's title heading that make its container the document
TITLED_LINKS = 0.3  # at most this share of them in links
CLIMB_GAIN = 1.25  # times the plain text that container must hold
CLIMB_LINKS = 0.35  # at most this share of links in the rest of it
ARTICLE_LEVELS = 6  # levels above the text block at which the <article> holding it is looked for
ARTICLE_LINKS = 0.5  # at most this share of the <article> in links (else it is a list of teasers)
TITLED_OVER = 8  # times the text under the page's title heading a best block elsewhere may hold and lose to it
HEAD_NAMES = re.compile(r"(?<![a-z])(?:header|heading|headline|title)(?![a-z])", re.IGNORECASE)
WIDEN = 1.25  # a container holding two text blocks and this much more text at most holds one document
WIDEN_LEVELS = 2  # levels above the body at which a sibling of prose may join it
TRAILING_PROSE = 200  # plain characters of a block of prose after the body that joins it
LEAD = 80  # columns (a Han character is two) of a block of prose before the body that joins it
REPEAT = 24  # characters a summary box repeats of the text's start
REPEAT_SPAN = 2000  # characters of the text's start a summary box may repeat
CARD_TEXT = 600  # characters at most of a link around blocks (a teaser card), whose text is link text
IMAGE_LINK = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif)(?:[?#]|$)", re.IGNORECASE)  # a lightbox's link
LEAD_LEVELS = 8  # levels above the text at which a block named as its lead is looked for
LEAD_NAMES = re.compile(
    r"(?:^|[-_])(?:lead|intro|introduction|excerpt|abstract|standfirst|subtitle|sub-?headline|chapo|bajada|deck"
    r"|teaser-?(?:text|intro))(?:[-_]+(?:text|content|body|wrapper|container|inner))?$",
    re.IGNORECASE,
)  # an article's lead: p.lead, div.article-intro, p.article-excerpt, div.teaser-text, h2.subheadline
PROSE_LINKS = 0.25  # at most this share of a block of prose in links
NAMED_KINDS = {"comment": "comments", "related": "related", "ad": "ad", "advert": "ad", "advertisement": "ad"}
CAMEL = re.compile(r"([a-z])([A-Z])")
SURE_NAMES = (
    r"share|sharing|newsletter|subscribe|subscription|signup|advert(?:isement)?s?|ads|ad|cookies?|consent|"
    r"breadcrumbs?|tagcloud|pagination|pager|popup|modal|toolbar|login|donate|read(?:ing)?-?time"
)  # words of a class that name a site's part whatever the block holds
LOOSE_NAMES = (
    r"comments?|related(?:posts|articles|stories)?|social|promo(?:tion)?|disclaimer|disclosure|paywall|author|byline|sidebar|rating|meta|"
    r"credits?|copyright|print|follow|tags|sponsor(?:ed|s)?|recommend(?:ed|ations?)?|dialog|overlay|alert|embeds?"
)  # and words that may name a document's own part too (div.author holds a signature, .related-files
# the attachments, .consultee-comments a planning report's consultations, .print-area the text,
# .tags a notice's 主题词, #recommendations a report's, .heritage-overlay a planning scheme's)
GENERIC_NAMES = frozenset(
    "bar box block blocks wrap wrapper container area tools links buttons button btn btns icons icon list "
    "widget widgets section inner holder module panel item items row col group zone outer top bottom left "
    "right inline small large mobile desktop sm md lg xs new default posts articles stories".split()
)  # words after the one that says what a thing is (share-bar, comments-section, newsletter-box)
CONTENT_NAMES = r"article|body|content|main|entry|story|text"  # and the text's
STATE = re.compile(r"(?:has|is|with|no|show|hide|enable|enabled|disable|js)-", re.IGNORECASE)
NAMED_LEVELS = 2  # ancestors of a block whose names count for it when the text is looked for
TAXONOMY = re.compile(r"(?:tag|category|type|format|status|topic|rubrik|ressort)-", re.IGNORECASE)
NAMED_WORDS = re.compile(
    rf"(?<![a-z])(?:(?P<sure>{SURE_NAMES})|(?P<loose>{LOOSE_NAMES})|(?:{CONTENT_NAMES}))(?![a-z])", re.IGNORECASE
)
COMMENTS = re.compile(r"comments?$")
NAMED_LINKS = 0.5  # share of links from which a block with a loose name is the site's
CLOSING_NOTE = re.compile(r"[(\uff08][^()\uff08\uff09]{2,160}[)\uff09]")  # （此件公开发布）, （…审议通过…施行）
DOC_NUMBER = re.compile(r"[\u3014\[\uff3b\u3010(\uff08](?:19|20)\d\d[\u3015\]\uff3d\u3011)\uff09]\s*\d+\s*\u53f7")
FIELD_LABEL = re.compile(r"\s*(?:[^\W\d_]{1,6}|[A-Za-z]+(?: [A-Za-z]+){0,2})\s*[:\uff1a]")  # 文档简介：, Summary:
NO_PROSE = 1 << 30  # (a length no block reaches: prose never joins)
PART_START = re.compile(  # 第一章, 一、, Chapter 2: a part's heading between numbered blocks
    r"\s*(?:\u7b2c[\u4e00-\u5341\u767e\u96f6\u3007\d]+[\u7ae0\u8282\u7f16\u90e8\u7bc7]|[\u4e00-\u5341]+\u3001"
    r"|(?:chapter|part|section)\s+[\divx]+\b)",
    re.IGNORECASE,
)
VIEWER_DEPTH = 3  # levels inside the body looked at for a viewer of numbered pages
VIEWER_SHARE = 0.8  # share of a viewer's plain text its numbered pages hold
SPEAKER = re.compile(  # 市长　陈国华, 县委常委、副县长　赵丽华, 臺中市市長　盧秀燕, 市长　刘　强: a speaker
    r"[\u4e00-\u9fff\u3001]{0,20}(?:\u957f|\u9577|\u4e66\u8bb0|\u66f8\u8a18|\u4e3b\u4efb|\u4e3b\u5e2d|\u59d4\u5458"
    r"|\u59d4\u54e1|\u7406|\u4ee3\u8868)[\u3000 ]+[\u4e00-\u9fff](?:[\u3000 ]?[\u4e00-\u9fff]){1,3}"
)
SUBTITLE = re.compile(r"[\u2014\u2015\u2500-]{2}.{4,60}")  # ——2024年1月16日在…会议上: a speech's occasion
DOC_NUMBER_LINE = 30  # characters of a line holding a document number (长政发〔2024〕21号)
ATTACHMENT_LABEL = re.compile(r"^\W*(?:\u9644\s*\u4ef6|(?:attachments?|enclosures?|annex(?:es)?)\b)", re.IGNORECASE)
PUNCTUATED = re.compile(r"[\uff0c\u3002\u3001\uff1b\uff1a\uff01\uff1f,.;:!?]")  # a line of prose or verse
MENU_LINKS = 3  # links side by side (in one list or one parent) make a menu
IMAGE_TAGS = {"img", "picture", "source"}  # (no text: a page container with a picture is built like one without)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
TITLE_SEPARATORS = re.compile(r"\s+[-|\u2013\u2014_]\s+|\s*[|_\u2014]\s*|\s*-{2,}\s*|\s+-\s*|\s*-\s+")
WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
CJK_NEWLINE = re.compile(r"(?<=[\u2e80-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u2e80-\u9fff\uff00-\uffef])")


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def is_block(el: Any) -> bool:
    return _tag(el) in BLOCK_TAGS


def hidden(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return el.get("hidden") is not None or "display:none" in style or el.get("aria-hidden") == "true"


def prune(root: Any) -> None:
    """Remove elements that are never document text (scripts, styles, forms, hidden ones)."""
    doomed = [el for el in root.iter() if not isinstance(el.tag, str) or _tag(el) in DROP_TAGS or hidden(el)]
    for el in doomed:
        if _tag(el) == "picture" and el.getparent() is not None:
            img = next(el.iter("img"), None)
            if img is not None and not hidden(img):  # (the picture's image, without what a broken page nests in it)
                img.getparent().remove(img)
                img.tail = None
                el.addprevious(img)
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        # keep the tail text: it belongs to the parent
        prev = el.getprevious()
        parent.remove(el)
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


FALLBACK_TAGS = {"noscript", "form", "menu", "dialog", "aside"}


def relax(root: Any, everything: bool = False) -> None:
    """Make a page whose text was all found in furniture readable as a last resort: the
    ``<noscript>`` fallbacks, forms, asides and hidden elements become plain blocks (their
    text is then weighed like any other's); with ``everything``, ``nav`` and ``footer`` too."""
    tags = FALLBACK_TAGS | BOILERPLATE_TAGS if everything else FALLBACK_TAGS
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if _tag(el) in tags:
            el.tag = "div"
        for attr in ("hidden", "style", "aria-hidden"):
            el.attrib.pop(attr, None)


@dataclass
class Stats:
    """Text directly owned by each block (not by a block inside it)."""

    own: dict[Any, int] = field(default_factory=dict)
    links: dict[Any, int] = field(default_factory=dict)

    def add(self, block: Any, text: str, linked: bool) -> None:
        """Count ``text`` as ``block``'s own, and as link text when ``linked``."""
        n = _count(text)
        self.own[block] = self.own.get(block, 0) + n
        if linked:
            self.links[block] = self.links.get(block, 0) + n


def _nearest_block(el: Any) -> Any:
    while el is not None and not is_block(el):
        el = el.getparent()
    return el


def _in_link(el: Any, block: Any) -> bool:
    while el is not None and el is not block:
        if _tag(el) == "a":
            return True
        el = el.getparent()
    return False


def _count(text: str | None) -> int:
    return len(WS.sub("", text)) if text else 0


def measure(root: Any) -> Stats:
    """The text each block owns, and how much of it is in links: in an ``<a>`` inside the
    block, or in a short link around it (:func:`_card_links`: a teaser card whose title and
    blurb are one link)."""
    stats = Stats()
    cards = _card_links(root)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        own_block = _nearest_block(el)  # the element itself when it is a block
        if own_block is not None and el.text:
            stats.add(own_block, el.text, _in_link(el, own_block) or own_block in cards)
        if el.tail and el.getparent() is not None:
            parent_block = _nearest_block(el.getparent())
            if parent_block is not None:
                stats.add(parent_block, el.tail, _in_link(el.getparent(), parent_block) or parent_block in cards)
    return stats


def _card_links(root: Any) -> set[Any]:
    """The blocks inside teaser cards: links around a title and a blurb (:func:`_card`),
    unless the cards hold half the page's text or more (a catalogue whose cards are its
    content: courses, products, a report's chapters)."""
    cards = [link for link in root.iter("a") if _card(link)]
    if 2 * sum(_count(link.text_content()) for link in cards) >= _count(root.text_content()):
        return set()
    return {sub for link in cards for sub in link.iterdescendants() if is_block(sub)}


def _card(link: Any) -> bool:
    """Whether a link is a teaser card whose text is link text: around blocks,
    :data:`CARD_TEXT` characters at most (a longer one is an unclosed ``<a>`` that swallowed
    the page), to another page: not a lightbox's image (a figure and its caption), an e-mail
    address, this page's anchor or the site's home (a logo's unclosed ``<a href="/">``)."""
    href = (link.get("href") or "").strip()
    return (
        bool(href)
        and href not in ("/", "#")
        and not href.startswith(("#", "mailto:", "tel:", "javascript:"))
        and not IMAGE_LINK.search(href)
        and any(is_block(sub) for sub in link.iterdescendants())
        and _count(link.text_content()) <= CARD_TEXT
    )


def _text_counts(el: Any, stats: Stats) -> tuple[int, int]:
    """Characters of ``el``'s text, and of its link text."""
    total = links = 0
    for sub in el.iter():
        total += stats.own.get(sub, 0)
        links += stats.links.get(sub, 0)
    return total, links


def link_density(el: Any, stats: Stats) -> float:
    total, links = _text_counts(el, stats)
    return links / total if total else 0.0


def boilerplate_ancestor(el: Any) -> bool:
    while el is not None:
        if _tag(el) in BOILERPLATE_TAGS:
            return True
        el = el.getparent()
    return False


def _ceiling(el: Any) -> bool:
    """Whether a search climbing from the text stops at ``el``: none, the page itself
    (``<body>``, ``<html>``) or inside the page's furniture (:data:`BOILERPLATE_TAGS`)."""
    return el is None or _tag(el) in ("body", "html") or boilerplate_ancestor(el)


def find_body(root: Any, stats: Stats, page_title: str = "") -> Any:
    """The element holding the document text: highest accumulated text score, or the
    container of the page's title heading (``page_title``: its ``<title>``) when that holds
    text of its own elsewhere (see :func:`_titled_container`)."""
    scores: dict[Any, float] = {}
    lines_of: dict[Any, list[int]] = {}  # parent -> the plain text of its short blocks
    for block, own in stats.own.items():
        plain = own - stats.links.get(block, 0)
        if boilerplate_ancestor(block) or plain < 0.5 * own or _named_within(block):
            continue  # (comments are prose too: named as such, they are no candidate)
        parent = block.getparent()
        if plain < PROSE:
            if parent is not None:
                lines_of.setdefault(parent, []).append(plain if PUNCTUATED.search(block.text_content()) else -plain)
            continue
        # long lines of prose weigh more than many short items
        scores[block] = scores.get(block, 0.0) + plain
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + plain
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + plain / 2
    for parent, sizes in lines_of.items():
        # a page that prints every line of its text in its own element: the lines count for their container
        # when most of them hold punctuation (lines of prose or verse, not a directory)
        if len(sizes) >= SHORT_LINES and sum(size > 0 for size in sizes) * 2 >= len(sizes):
            scores[parent] = scores.get(parent, 0.0) + sum(abs(size) for size in sizes)
    for viewer in {el.getparent() for el in list(scores) if el.getparent() is not None}:
        pages = _numbered_pages(viewer, stats)
        if pages:  # a viewer's pages (data-page="1", "2"…): together they are the document
            scores[viewer] = scores.get(viewer, 0.0) + sum(_plain_chars(page, stats) for page in pages)
    if not scores:
        return root
    best = max(scores, key=lambda el: scores[el])
    best = _climb(best, stats)
    titled = _titled_container(root, stats, page_title)
    if titled is not None and best not in titled.iterancestors() and titled not in best.iterancestors():
        both = _common_ancestor(best, titled)
        if both is not None and _plain_chars(both, stats) <= WIDEN * (
            _plain_chars(best, stats) + _plain_chars(titled, stats)
        ):
            return both  # the title's block and the text block side by side in one container with little else:
            # both (an article's head and its text; a notice beside a sidebar: a sidebar kept beats a notice lost)
        if not _article_head(titled) and _plain_chars(best, stats) <= TITLED_OVER * _plain_chars(titled, stats):
            return titled  # the page's title heading stands over its own text, beside a longer sidebar block
    return _sections(best, stats)  # (an article's head with its deck, or a title's block beside a text 8 times
    # longer, far apart)


def _sections(best: Any, stats: Stats) -> Any:
    """:func:`_climb` once more from the outermost wrapper holding nothing but ``best``'s text:
    an article split into sections, each in its own stack of wrappers (``section > div.row >
    div.col > div.text``), gains its sibling sections one level above the stack, where
    :func:`_climb` from the text block itself stopped at the first wrapper. Only from a
    ``div``, ``section`` or ``article`` wrapper (a layout table's row is no section: the rows
    around it are the page's) and never inside a page's ``header``, ``footer``, ``nav`` or
    ``aside`` (a league table in a header's menu that won the score stays alone, so the rest of
    the reader still finds the article)."""
    if any(_tag(x) in ("header", "footer", "nav", "aside") for x in best.iterancestors()):
        return best  # (a table in a page's header menu won the score: the rest of the reader knows better)
    top = best
    plain = _unnamed_chars(best, stats)
    while not _ceiling(parent := top.getparent()):
        if _unnamed_chars(parent, stats) > plain or _text_counts(parent, stats) != _text_counts(top, stats):
            break
        top = parent
    if top is best or _tag(top) not in ("div", "section", "article"):
        return best  # (no stack of wrappers, or a table's row: no article split into sections)
    climbed = _climb(top, stats)
    return best if climbed is top else climbed


def article_around(body: Any, stats: Stats) -> Any:
    """The ``<article>`` element around ``body`` (up to :data:`ARTICLE_LEVELS` levels up, not
    inside a page's furniture), unless it is mostly links (:data:`ARTICLE_LINKS`: a list of
    teasers): an article's lead, its sections and its facts stand beside the block of text
    that won the score, inside the element the page marks as the article. ``body`` itself
    when there is none. (What stands beside the text in it is weeded more strictly than the
    text: :func:`_beside_part`; the wrappers around the text are never weeded.)"""
    for level, anc in enumerate(body.iterancestors()):
        if level >= ARTICLE_LEVELS or _ceiling(anc):
            break
        if _tag(anc) == "article":
            return anc if link_density(anc, stats) <= ARTICLE_LINKS else body
    return body


def named_leads(bodies: list[Any], stats: Stats) -> list[Any]:
    """The blocks before the text (up to :data:`LEAD_LEVELS` levels above its first block,
    not in a page's furniture) whose class names an article's lead (``lead``, ``intro``,
    ``excerpt``, ``standfirst``, ``teaser-text``…: :data:`LEAD_NAMES`) and that hold prose:
    :data:`PROSE` characters or more, mostly not links, not repeating the text's start (a
    summary box), in document order. The lead stands in the article's head, apart from its
    text; the outermost named block is taken, once."""
    first = bodies[0]
    start = _fold_text(first)[:REPEAT_SPAN]
    taken = set(bodies)
    out: list[Any] = []
    node = first
    for _ in range(LEAD_LEVELS):
        parent = node.getparent()
        if _ceiling(parent):
            break
        level: list[Any] = []
        for sib in parent:
            if sib is node:
                break
            if isinstance(sib.tag, str) and sib not in taken:
                level += [el for el in _lead_blocks(sib) if _lead_prose(el, stats, start)]
        out = level + out  # (a level further up stands before the ones below it)
        node = parent
    return [el for el in out if el not in taken]


def _lead_blocks(el: Any) -> list[Any]:
    """The outermost elements in ``el`` (itself included) whose class names a lead."""
    out: list[Any] = []
    stack = [el]
    while stack:
        sub = stack.pop()
        if not isinstance(sub.tag, str):
            continue
        if any(LEAD_NAMES.search(token) for token in (sub.get("class") or "").split()):
            out.append(sub)
            continue
        stack.extend(reversed(list(sub)))
    return out


def _lead_prose(el: Any, stats: Stats, start: str) -> bool:
    """Whether a block named as a lead holds one: prose, not a summary of the text's start."""
    text = clean_text(el.text_content()).strip()
    return (
        _plain_chars(el, stats) >= PROSE
        and link_density(el, stats) < PROSE_LINKS
        and not named_furniture(el, loose=False)
        and not boilerplate_ancestor(el)
        and not _repeats(fold(text), start)
        and not _teaser(el)
    )


def _kind_word(name: str) -> str:
    """The word :data:`NAMED_KINDS` knows a site's part by (``relatedposts`` is ``related``)."""
    return "related" if name.startswith("related") else name.rstrip("s")


def _teaser(el: Any) -> bool:
    """Whether ``el`` stands in a teaser of another page: beside a heading linking away (not
    an ``<h1>``: the article's own headline may link to its own address)."""
    parent = el.getparent()
    return parent is not None and any(_tag(h) in HEADINGS and _tag(h) != "h1" and _links_away(h) for h in parent.iter())


def _beside(el: Any, core: Any) -> bool:
    """Whether ``el`` is neither ``core``, inside it nor around it."""
    return el is not core and core not in el.iterancestors() and el not in core.iterancestors()


def _beside_part(el: Any, core: Any, text: str, stats: Stats, start: str) -> tuple[str, str] | None:
    """The kind of furniture ``el`` is, and why, when it stands beside the text block ``core``
    in the article around it (:func:`article_around`), or ``None``: a block whose class names
    a site's part, loosely or not (:func:`_named_part`); a summary repeating the text's start
    (``start``)."""
    name = _named_part(el, stats, text, beside=True)
    if name and not (SECTION_NAMES.fullmatch(name) and _sectioned(el)):
        return NAMED_KINDS.get(
            _kind_word(name), "furniture"
        ), f"its class names a site's part ({name!r}), beside the text"
    if len(text) >= 2 * REPEAT and _mostly_repeats(fold(text), start):
        return "info", "a summary repeating the text's start, beside it"
    return None


#: Loose names that a document's own section under its heading may carry too (a terms page's
#: Disclaimer and Copyright, a report's Social, a rating scale), unlike a related list's,
#: the comments' or an author box's.
SECTION_NAMES = re.compile(r"disclaimer|disclosure|copyright|credits?|social|sponsor(?:ed|s)?|rating|print|alert|meta")


def _sectioned(el: Any) -> bool:
    """Whether ``el`` is a section of the document under its own heading (a terms page's
    ``section#copyright``, a report's ``div.social``): a heading in it, or one right before
    it; a loose name beside the text does not make that a site's part."""
    prev = el.getprevious()
    return any(_tag(sub) in HEADINGS for sub in el.iterdescendants()) or (prev is not None and _tag(prev) in HEADINGS)


def _mostly_repeats(text: str, start: str) -> bool:
    """Whether most stretches of :data:`REPEAT` characters of ``text`` repeat ``start``."""
    spans = range(0, max(len(text) - REPEAT, 0) + 1, REPEAT // 2)
    return 2 * sum(text[i : i + REPEAT] in start for i in spans) > len(spans)


def _common_ancestor(a: Any, b: Any) -> Any:
    """The nearest element holding both ``a`` and ``b`` (``None`` when that is the page's
    ``<body>``: the whole page is no document)."""
    above = set(a.iterancestors())
    common = next((el for el in b.iterancestors() if el in above), None)
    return None if common is None or _tag(common) in ("body", "html") else common


def _article_head(el: Any) -> bool:
    """Whether ``el`` (holding the page's title heading) is an article's head rather than a
    text: a ``<header>`` or ``<hgroup>``, inside one (two levels up at most), or a block whose
    class says header, heading, headline or title."""
    near = itertools.islice(itertools.chain([el], el.iterancestors()), 3)
    return any(_tag(x) in ("header", "hgroup") or HEAD_NAMES.search(x.get("class") or "") for x in near)


def _named_within(el: Any) -> bool:
    """Whether ``el`` or one of its :data:`NAMED_LEVELS` nearest ancestors is named as a
    site's part (:func:`named_furniture`): a comment's paragraph in its item in its list.
    (Further up, names describe the layout: ``right-sidebar`` on a page's content column.)"""
    return any(site_part(x) for x in itertools.islice(itertools.chain([el], el.iterancestors()), NAMED_LEVELS + 1))


def _climb(best: Any, stats: Stats) -> Any:
    """``best``'s parent while it holds clearly more plain text outside blocks named as a
    site's part (:data:`CLIMB_GAIN` times) and little of the rest in links
    (:data:`CLIMB_LINKS`): the best block may be one of several per-page containers, or one
    section of an article split into several blocks (its ingredients, its steps), whose
    common ancestor is the document. One level at a time: climbing to a container two or
    three levels up took a document-sharing page's summary box, preview wall and comments
    with its text (held-out generated html leak 1.5 -> 2.5-3.8 %, some text lost, for web
    F1 0.890 -> 0.896)."""
    while not _ceiling(parent := best.getparent()):
        if _unnamed_chars(parent, stats) < CLIMB_GAIN * _plain_chars(best, stats):
            break
        if _extra_links(parent, best, stats) > CLIMB_LINKS:
            break
        best = parent
    return best


def _links_to_files(el: Any) -> bool:
    """Whether a link inside ``el`` leads to a file (``.pdf``, ``.docx``…): an attachment."""
    return any(ATTACHED_FILE.search(a.get("href") or "") for a in el.iter("a"))


def _listed_attachment(el: Any) -> bool:
    """Whether ``el`` is an item of a list of attachments: its container's text opens with an
    attachment's label (``附件：`` / ``1.…申报指南`` / ``2.…``), links to downloads however named."""
    parent = el.getparent()
    while parent is not None and _tag(parent) in ("li", "ul", "ol", "p", "span"):
        parent = parent.getparent()
    return parent is not None and bool(ATTACHMENT_LABEL.match(clean_text(parent.text_content())))


def _links_away(el: Any) -> bool:
    """Whether ``el`` (a heading) is a link to another page: a teaser's title, where a
    document's own headings link nowhere or to a place in the page (``#part-2``)."""
    link = next((a for a in el.iterancestors("a")), None)
    if link is None:
        link = next(iter(el.iter("a")), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    return bool(href) and not href.startswith("#")


def _unnamed_chars(el: Any, stats: Stats) -> int:
    """Plain characters of ``el`` outside the blocks named as a site's part (comments are
    prose too, and no more of the text)."""
    total = 0
    stack = [el]
    while stack:
        sub = stack.pop()
        if sub is not el and site_part(sub):
            continue
        total += stats.own.get(sub, 0) - stats.links.get(sub, 0)
        stack.extend(c for c in sub if isinstance(c.tag, str))
    return total


def _extra_links(outer: Any, inner: Any, stats: Stats) -> float:
    """Share of link text in what ``outer`` holds besides ``inner`` (one of its descendants)."""
    (total, links), (inside, inside_links) = _text_counts(outer, stats), _text_counts(inner, stats)
    return (links - inside_links) / (total - inside) if total > inside else 0.0


def _titled_container(root: Any, stats: Stats, page_title: str) -> Any:
    """The element that holds the page's title as a heading (its ``<title>`` or a part of it
    between separators) and at least :data:`TITLED_TEXT` characters of plain text besides,
    mostly not in links: a short poem or a notice printed line by line under its title, beside
    a longer paragraph of a sidebar. ``None`` when there is no such heading."""
    parts = {fold(p) for p in TITLE_SEPARATORS.split(page_title) if len(fold(p)) >= 4}
    if not parts:
        return None
    for el in root.iter("h1", "h2", "h3"):
        if fold(el.text_content()) not in parts or boilerplate_ancestor(el):
            continue
        holder = el.getparent()
        if holder is None or _tag(holder) in ("body", "html"):
            return None
        plain = _plain_chars(holder, stats) - len(fold(el.text_content()))
        if plain >= TITLED_TEXT and link_density(holder, stats) < TITLED_LINKS:
            return holder
        return None
    return None


def _chunks(body: Any, skip: set[Any], marks: Container[Any] = ()) -> Iterator[tuple[str, Any]]:
    """Events in document order: ("text", str), ("break", el), ("start"/"end", block),
    ("mark", el) where a structure read whole stands (its text is left out)."""
    stack: list[tuple[Any, bool]] = [(body, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if is_block(el):
                yield "end", el
            if el is not body and el.tail:
                yield "tail", el
            continue
        if el in skip or el in marks:
            if el in marks:
                yield "mark", el
            if el.tail:
                yield "tail", el
            continue
        tag = _tag(el)
        if tag == "br":
            yield "break", el
            if el.tail:
                yield "tail", el
            continue
        if is_block(el):
            yield "start", el
        if el.text:
            yield "text", el
        stack.append((el, True))
        for child in reversed([c for c in el if isinstance(c.tag, str)]):
            stack.append((child, False))


def clean_text(text: str) -> str:
    text = CJK_NEWLINE.sub("", text)
    return WS.sub(" ", text)


def lines_from(
    body: Any, skip: set[Any], marks: Container[Any] = (), slots: list[tuple[Any, int]] | None = None
) -> list[Line]:
    """Lines of the body: a line ends at ``<br>`` and at block boundaries; ``<p>`` and
    ``<br><br>`` start paragraphs; ``<hN>`` gives heading levels. Where one of ``marks``
    stands (a structure read whole), its text is left out and ``(mark, index of the next
    line)`` is added to ``slots``; a block mark ends the line, an image inside a line stands
    after it."""
    out: list[Line] = []
    buf: list[str] = []
    line_no = [body.sourceline or 1]
    state = {"blank": False, "para": False}
    heading_stack: list[int] = []

    def flush(hard: bool) -> None:
        raw = "".join(buf).replace("\n", " ")
        buf.clear()
        body_text, indent = leading_indent(raw.rstrip())
        text = body_text.strip()
        if not text:
            if hard:
                state["blank"] = True
            return
        level = heading_stack[-1] if heading_stack else None
        out.append(
            Line(
                text=unicodedata.normalize("NFC", text),
                origin=Origin(line=line_no[0]),
                indent=indent,
                blank_before=bool(out) and (state["blank"] or state["para"]),
                heading=level,
            )
        )
        state["blank"] = state["para"] = False

    for kind, el in _chunks(body, skip, marks):
        if kind in ("text", "tail"):
            raw = el.text if kind == "text" else el.tail
            if not "".join(buf).strip():
                src = el.sourceline or line_no[0]
                lead = raw[: len(raw) - len(raw.lstrip())]
                line_no[0] = src + lead.count("\n")
            text = CJK_NEWLINE.sub("", raw)
            text = re.sub(r"[\r\n\t\f\v]+", " ", text)
            buf.append(re.sub(r" {2,}", " ", text) if "\u3000" not in text else text)
        elif kind == "break":
            if not "".join(buf).strip():
                state["blank"] = bool(out)
            flush(False)
        elif kind == "mark":
            inline = _tag(el) == "img" and bool("".join(buf).strip())
            if not inline:
                flush(False)
                state["para"] = bool(out)
            if slots is not None:
                slots.append((el, len(out) + (1 if inline else 0)))
        elif kind == "start":
            flush(False)
            tag = _tag(el)
            if tag in HEADINGS:
                heading_stack.append(HEADINGS[tag])
            if tag in ("p", "blockquote", "li", "pre", "dd", "dt") or tag in HEADINGS:
                state["para"] = True
        elif kind == "end":
            flush(False)
            tag = _tag(el)
            if tag in HEADINGS and heading_stack:
                heading_stack.pop()
            if tag in ("p", "blockquote", "pre") or tag in HEADINGS:
                state["para"] = True
    flush(False)
    return out


def block_texts(el: Any) -> list[str]:
    """The text of an element as short lines (for the removal records)."""
    pieces = [clean_text(t).strip() for t in el.itertext()]
    return [p for p in pieces if p]


def menu_items(el: Any) -> set[str]:
    """The link texts inside ``el`` that are items of a menu: one of at least
    :data:`MENU_LINKS` links in the same list or the same parent. A header block mixes the
    site's name with its menu; only the name may be taken for one."""
    rows: dict[Any, list[Any]] = {}
    for link in el.iter("a"):
        parent = link.getparent()
        row = parent.getparent() if parent is not None and _tag(parent) == "li" else parent
        rows.setdefault(row, []).append(link)
    return {
        text
        for row, links in rows.items()
        if row is not None and len(links) >= MENU_LINKS
        for link in links
        if (text := clean_text(link.text_content()).strip())
    }


def classify_outside(el: Any, stats: Stats, before: bool) -> str:
    if boilerplate_ancestor(el):
        return "nav" if _tag(el) in ("nav", "menu") else "footer" if _tag(el) == "footer" else "sidebar"
    if link_density(el, stats) > 0.5:
        return "nav" if before else "related"
    return "header" if before else "footer"


@dataclass
class Extraction:
    lines: list[Line]
    removals: list[Removal]
    outside_text: list[str]
    structures: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract(root: Any, folder: Path | None = None) -> Extraction:
    """Split a parsed page into document lines, the structures read whole (tables, figures,
    lists, footnotes: :mod:`convert.readers.html.structures`; image files looked for in
    ``folder``, the page's own) and recorded furniture."""
    page_title = next((t.text_content() for t in root.iter("title")), "") or ""
    prune(root)
    stats = measure(root)
    body = find_body(root, stats, page_title)
    core = body
    body = article_around(body, stats)
    viewer = _inner_viewer(body, stats)
    if viewer is not None:  # a viewer inside the body with most of its text is the document
        body = viewer
    pages = _numbered_pages(body, stats)  # a viewer's pages (data-page="1", "2"…), without what is between
    if not pages:
        pages = paged_body(body, stats)  # or the body's page and its later ones
        pages = pages if len(pages) > 1 else []
    if pages and body in pages:
        bodies = pages
    else:  # the body (or its pages) with the blocks beside it: an article's lead, its closing block
        beside = widened_body(body, stats, prose=not pages) if body is core else [body]  # (a viewer's: its head,
        # never a site's blurb; an article stands whole)
        bodies = [p for b in beside for p in (pages if b is body and pages else [b])]
        if not pages:
            bodies = [*named_leads(bodies, stats), *bodies]
    going_on = set(pages[1:])  # a page goes on with the one before; a block beside the text starts a paragraph
    removals: list[Removal] = list(_strip_preface(pages[0] if pages else body, stats))
    text_size = sum(_plain_chars(b, stats) for b in bodies)
    start = _fold_text(core)[:REPEAT_SPAN]
    frame = set(core.iterancestors())
    skip: set[Any] = set()
    # blocks inside the body that are not document text: link-heavy (ads), page numbers
    for el in (el for b in bodies for el in b.iter()):
        if el in bodies or not isinstance(el.tag, str) or not is_block(el) or el in frame:
            continue  # (the article's wrappers around the text block are no furniture of it)
        if any(anc in skip for anc in el.iterancestors()):
            continue
        text = clean_text(el.text_content()).strip()
        if not text:
            continue
        kind = None
        tabled = _tag(el) in ("td", "th") or any(_tag(a) == "table" for a in el.iterancestors())
        if PAGE_NUMBER.match(unicodedata.normalize("NFKC", text)) and not tabled:
            kind, reason = "page-number", "page number block between page containers"  # (not a table's cell)
        elif (
            link_density(el, stats) > 0.6
            and (_tag(el) not in HEADINGS or _links_away(el))
            and not ATTACHED_FILE.search(text)
            and not ATTACHMENT_LABEL.match(text)
            and not _listed_attachment(el)
            and not _links_to_files(el)
        ):  # (a link to the document's file, Draft Play Area Strategy 2025 -> .pdf, is its attachment)
            kind, reason = "ad", f"link block inside the text (link density {link_density(el, stats):.0%})"
        elif boilerplate_ancestor(el) and el.getparent() is not None and not boilerplate_ancestor(body):
            kind, reason = "nav", "navigation or aside element inside the text"
        elif core is not body and _beside(el, core) and (found := _beside_part(el, core, text, stats, start)):
            kind, reason = found
        elif (
            _tag(el) not in HEADINGS
            and (name := _named_part(el, stats, text))
            and _plain_chars(el, stats) * 2 < text_size
        ):
            kind = NAMED_KINDS.get(_kind_word(name), "furniture")  # (not the text itself: paywalled-content)
            reason = f"its class names a site's part ({name!r})"
        if kind:
            skip.add(el)
            removals.append(
                Removal(text=text, step=STEP, kind=kind, reason=reason, origin=Origin(line=el.sourceline or 1))
            )
    # everything outside the body
    outside: list[str] = []
    body_ancestors = {anc for b in bodies for anc in b.iterancestors()}
    seen_body = False
    for el in root.iter():
        if el in bodies:
            seen_body = True
            continue
        if not isinstance(el.tag, str) or el in body_ancestors or any(b in bodies for b in el.iterancestors()):
            continue
        if any(anc not in body_ancestors for anc in el.iterancestors() if is_block(anc) and anc is not el):
            # only the outermost blocks outside the body are recorded
            if _nearest_block(el.getparent()) not in body_ancestors:
                continue
        kind = classify_outside(el, stats, not seen_body)
        menu = menu_items(el) if kind == "header" else set()
        for text in block_texts(el):
            outside.append(text)
            removals.append(
                Removal(
                    text=text,
                    step=STEP,
                    kind="nav" if text in menu else kind,
                    reason="outside the document text (page furniture by position and link density)",
                    origin=Origin(line=el.sourceline or 1),
                )
            )
    # text directly in ancestors of the body (e.g. loose text in <body>)
    for anc in body_ancestors:
        for piece in [anc.text] + [c.tail for c in anc if c not in body_ancestors and c not in bodies]:
            text = clean_text(piece or "").strip()
            if text:
                outside.append(text)
                removals.append(
                    Removal(text=text, step=STEP, kind="furniture", reason="loose text outside the document text")
                )
    lines, structures, warnings = _lines_and_structures(root, bodies, skip, going_on, stats, folder, removals)
    return Extraction(lines=lines, removals=removals, outside_text=outside, structures=structures, warnings=warnings)


def _lines_and_structures(
    root: Any,
    bodies: list[Any],
    skip: set[Any],
    going_on: set[Any],
    stats: Stats,
    folder: Path | None,
    removals: list[Removal],
) -> tuple[list[Line], list[Block], list[str]]:
    """The bodies' lines and the structures among them, each given an origin between the
    lines around it; a table or list with no room there (lines sharing one source line, a
    minified page) is given up and read as lines, as before."""
    from convert.readers.html.structures import find_structures, image_removal, outside_images, place

    found = find_structures(
        bodies, skip, folder, lambda el: link_density(el, stats), lambda el: named_furniture(el) is not None
    )
    removals += found.removals + outside_images(root, bodies)
    given_up: Counter[str] = Counter()
    for _ in range(8):
        lines: list[Line] = []
        slots: list[tuple[Any, int]] = []
        for b in bodies:
            here: list[tuple[Any, int]] = []
            more = lines_from(b, skip | set(found.hidden), found.marks, here)
            if more and lines and b not in going_on:
                more[0] = replace(more[0], blank_before=True)
            slots += [(mark, at + len(lines)) for mark, at in here]
            lines += more
        structures, failed = place(found, slots, lines)
        if not failed:
            break
        for mark in failed:
            # (a figure's caption goes back to the lines; its image is recorded)
            given_up.update(b.kind for b in found.marks[mark])
            for img in mark.iter("img") if any(isinstance(b, Figure) for b in found.marks[mark]) else ():
                removals.append(image_removal(img, "an image with no place among the lines (one source line)"))
            found.drop(mark)
    warnings = []
    if given_up:
        kinds = ", ".join(f"{n} {kind}(s)" for kind, n in sorted(given_up.items()))
        warnings.append(
            f"{kinds} could not be kept whole: the page's text shares one source line (a minified page), "
            "so their text is read as lines and their images are recorded as removals"
        )
    if found.missing:
        warnings.append(
            f"{found.missing} image(s) of the text neither embedded nor found beside the page: "
            "kept as figures with their caption or alt text only"
        )
    return lines, structures, warnings


def widened_body(body: Any, stats: Stats, prose: bool = True) -> list[Any]:
    """``body`` and the blocks beside it that go on with its text, in document order: at each
    of :data:`WIDEN_LEVELS` levels up from ``body``, the blocks of prose (:func:`_prose_block`)
    right before it (an article's lead or deck above its text, :data:`LEAD` columns or more:
    a one-line editor's note is shorter) and right after it (:data:`TRAILING_PROSE`
    characters or more: a short one there is a copyright line or a newsletter box). A block
    that repeats the text's start is a summary box, not a lead; any block that is no prose
    ends the run (a byline, a share bar: the lead and the text stand together)."""
    start = _fold_text(body)[:REPEAT_SPAN]
    alone = True  # every level so far held the text alone (div#zoom > div.TRS_Editor)
    before: list[Any] = []
    after: list[Any] = []
    node = body
    for _ in range(WIDEN_LEVELS):
        parent = node.getparent()
        if _ceiling(parent):
            break
        siblings = [el for el in parent if isinstance(el.tag, str) and _count(el.text_content())]
        at = siblings.index(node)
        lead = _run(reversed(siblings[:at]), stats, LEAD if prose else NO_PROSE, width, start, _head_block)[::-1]
        trail: list[Any] = []
        if node is body or alone:  # (further up, prose after the text is a site's: an "about us" box)
            trail = _run(siblings[at + 1 :], stats, TRAILING_PROSE, _count, "") if prose and node is body else []
            if not trail:  # the document's closing block: signature, date, 此件公开发布, 附件
                trail = list(itertools.takewhile(lambda el: _closing_block(el, stats), siblings[at + 1 :]))
        alone = alone and len(siblings) == 1  # (a wrapper holding the text alone: its parent is the next level)
        if not lead and not trail and not alone:
            break  # (the level above holds the text with nothing of its own: no higher level)
        before = lead + before
        after += trail
        node = parent
    return [*before, body, *after]


def _closing_block(el: Any, stats: Stats) -> bool:
    """A block after the text that closes the document: each of its lines an office's name,
    a date alone (:func:`~convert.core.textutil.closing_line`), a note in brackets
    (``（此件公开发布）``), an attachment's label or a link to an attachment (a file)."""
    if named_furniture(el, loose=False) or _tag(el) in HEADINGS:
        return False
    texts = block_texts(el)
    links = [a for a in el.iter("a") if clean_text(a.text_content()).strip()]
    if not texts or any(not ATTACHED_FILE.search((a.get("href") or "") + " " + a.text_content()) for a in links):
        return False
    return all(
        ATTACHMENT_LABEL.match(t) or ATTACHED_FILE.search(t) or (closing_line(t) and not _field(t)) or _note(t)
        for t in texts
    )  # (a field, 来源：…, （来源：青阳日报）, is a news page's, no signature)


def _field(text: str) -> bool:
    """A field, in brackets or not (``来源：…``, ``（来源：青阳日报）``): a page's, no signature or note."""
    return bool(FIELD_LABEL.match(text.strip("()\uff08\uff09")))


def _note(text: str) -> bool:
    """A note in brackets (``（此件公开发布）``) that is no field."""
    return bool(CLOSING_NOTE.fullmatch(text)) and not _field(text)


def _run(
    siblings: Iterable[Any],
    stats: Stats,
    least: int,
    size: Callable[[str], int],
    start: str,
    head: Callable[[Any, Stats], bool] | None = None,
) -> list[Any]:
    """The blocks of prose among ``siblings`` (walked away from the body), and the blocks
    ``head`` accepts (a document's number or note above its text), up to the first block
    that is neither and is not short either (a list of links, a summary box repeating
    ``start``): short ones between (a byline, a photo's credit) are passed over and left out."""
    out: list[Any] = []
    for el in siblings:
        if (
            _prose_block(el, stats, least, size)
            and not (start and (_repeats(_fold_text(el), start) or FIELD_LABEL.match(clean_text(el.text_content()))))
        ) or (head is not None and head(el, stats)):
            out.append(el)
        elif width(clean_text(el.text_content()).strip()) >= LEAD and not _contents_list(el):
            break  # (a table of contents between the head and the text is passed over)
    return out


def _contents_list(el: Any) -> bool:
    """A table of contents: links, all of them to places in the page (``#c1``)."""
    hrefs = [(a.get("href") or "").strip() for a in el.iter("a")]
    return bool(hrefs) and all(h.startswith("#") and len(h) > 1 for h in hrefs)


def _head_block(el: Any, stats: Stats) -> bool:
    """A block of a document's head above its text: each of its lines a document number
    (``长政发〔2024〕21号``), a note in brackets (``（2023年11月28日…审议通过…施行）``), a
    speaker's post and name (``市长　陈国华``). (A date alone or an office's name there is as
    often a site's: an upload date, a publisher's name above a viewer.)"""
    if named_furniture(el, loose=False) or _tag(el) in HEADINGS or any(True for _ in el.iter("a")):
        return False
    heads = [h for h in el.iter() if _tag(h) in HEADINGS]  # (the title beside the number: 文号 above 标题)
    texts = [t for sub in el.iter() if sub not in heads for t in _texts_outside(sub, heads)]
    return bool(texts) and all(
        (DOC_NUMBER.search(t) and len(t) <= DOC_NUMBER_LINE)
        or _note(t)
        or SPEAKER.fullmatch(t)
        or SUBTITLE.fullmatch(t)
        for t in texts
    )


def _fold_text(el: Any) -> str:
    return fold(clean_text(el.text_content()))


def _repeats(text: str, start: str) -> bool:
    """Whether ``text`` repeats a stretch of :data:`REPEAT` characters of ``start`` (the
    text's first characters): a summary or preview of the document above it."""
    return any(text[i : i + REPEAT] in start for i in range(0, max(len(text) - REPEAT, 0) + 1, REPEAT // 2))


def _prose_block(el: Any, stats: Stats, least: int, size: Callable[[str], int]) -> bool:
    """A block of running prose: at least ``least`` long (by ``size``), mostly not in
    links, ending a sentence, with no class or id of a site's part and no heading, figure,
    list or table."""
    if _tag(el) in HEADINGS or _tag(el) in ("figure", "figcaption", "header", "table", "ul", "ol", "dl"):
        return False
    if boilerplate_ancestor(el) or named_furniture(el):
        return False  # (a part named inside it, a photo's credit, goes on its own; a site-alert is no lead)
    text = clean_text(el.text_content()).strip()
    return size(text) >= least and link_density(el, stats) < PROSE_LINKS and text[-1:] in SENTENCE_END + '"\u201d'


def named_furniture(el: Any, loose: bool = True) -> str | None:
    """The word of ``el``'s class that names a site's part (``share-bar``, ``newsletter``,
    ``breadcrumbs``: :data:`SURE_NAMES`; with ``loose``, also ``comments``, ``related``,
    ``author``…: :data:`LOOSE_NAMES`, which may name a document's own part), or ``None``.
    Each class name is read as an English compound, whose last word says what the thing is
    (``article-comments`` are comments, ``comment-body`` is text); in a BEM name
    (``block__element--modifier``) only the element counts (``article-header__author`` is a
    byline). A name for the text among them wins (``entry themeform share`` is the text);
    a post's taxonomy (``tag-…``, ``category-…``) and a layout's state (``has-sidebar``) are
    no names. An id counts only when it is one such word (``id="comments"``): longer ids are
    made from headings (``#social-value``, ``#how-to-comment``)."""
    classes, ident = el.get("class") or "", (el.get("id") or "").strip()
    if not classes and not ident:
        return None
    return _named(classes, "" if _tag(el) in HEADINGS else ident, loose)


@functools.lru_cache(maxsize=4096)
def _named(classes: str, ident: str, loose: bool) -> str | None:
    """:func:`named_furniture` of a class and an id (pages repeat the same few names)."""
    found: str | None = None
    tokens = CAMEL.sub(r"\1-\2", classes).split()
    if (m := NAMED_WORDS.fullmatch(ident)) and (m.group("sure") or m.group("loose")):
        tokens.append(ident)
    for token in tokens:
        if TAXONOMY.match(token):
            continue
        name = token.split("__")[-1].split("--")[0]
        if STATE.match(name):
            continue
        parts = [w for w in re.split(r"[-_]+", name) if w]
        while parts and (parts[-1].lower() in GENERIC_NAMES or parts[-1].isdigit()):
            parts.pop()  # (share-bar is a share widget, comments-section comments)
        head = "-".join(parts)
        words = list(NAMED_WORDS.finditer(head))
        if not words or words[-1].end() != len(head):
            continue  # the last word names something else (consent-conditions, share-information, ad-hoc-committee)
        last = words[-1]
        if not (last.group("sure") or last.group("loose")):
            if any(w.group("sure") or w.group("loose") for w in words[:-1]):
                continue  # a part's own text (sd-social-icon-text, disclosure-text): no name of the document's
            return None  # the text's own name
        if last.group("sure") or loose:
            found = found or last.group(0).lower()
    return found


def _named_part(el: Any, stats: Stats, text: str, beside: bool = False) -> str | None:
    """The name of a site's part ``el`` carries, when that is evidence enough to drop it: a
    sure name (:data:`SURE_NAMES`), or a loose one on a block mostly of links
    (:data:`NAMED_LINKS`) that links to no attachment (``.related-files`` with a notice's
    附件 stays; so does ``div.author`` with its signature). ``beside`` the text, in the
    article around it (:func:`article_around`), a loose name is enough however few links the
    block holds (a byline, a comment form, an author box)."""
    name = named_furniture(el)
    if name is None or named_furniture(el, loose=False):
        return name
    if (
        (not beside and link_density(el, stats) < NAMED_LINKS)
        or ATTACHED_FILE.search(text)
        or ATTACHMENT_LABEL.match(text)
    ):
        return None
    if _links_to_files(el):
        return None
    return name


def site_part(el: Any) -> bool:
    """Whether ``el``'s class names a site's part surely, or names comments: no candidate for
    the text, and no more of it (comments are prose too)."""
    name = named_furniture(el)
    return name is not None and (named_furniture(el, loose=False) is not None or bool(COMMENTS.match(name)))


def paged_body(body: Any, stats: Stats) -> list[Any]:
    """``[body]``, or the page container holding it (the body itself or one of its two
    nearest ancestors) followed by its :func:`page_twins`, in document order."""
    el = body
    for _ in range(3):
        if el is None or _tag(el) in ("body", "html"):
            break
        twins = page_twins(el, stats)
        if twins:
            return sorted([el, *twins], key=lambda e: e.getparent().index(e))
        el = el.getparent()
    return [body]


def page_twins(body: Any, stats: Stats) -> list[Any]:
    """The body's siblings built like it: the same tag, the same attributes but for their
    numbers and children of the same tags, holding plain text (``<div data-page="2">`` after ``<div
    data-page="1">``, a page shorter than the first, with a paywall banner between). A page
    viewer splits one document into such containers; a box of related links is link text."""
    parent = body.getparent()
    if parent is None or not isinstance(body.tag, str):
        return []
    shape = _shape(body)
    if not shape[2]:
        return []
    return [
        sib
        for sib in parent
        if sib is not body
        and isinstance(sib.tag, str)
        and (twin := _shape(sib))[:2] == shape[:2]
        and twin[2]
        and twin[2] <= shape[2]
        and not boilerplate_ancestor(sib)
        and _plain_chars(sib, stats) >= (TWIN_NUMBERED_TEXT if _numbered(body) else TWIN_TEXT)
        and link_density(sib, stats) < TWIN_LINKS
    ]


def _inner_viewer(body: Any, stats: Stats) -> Any:
    """The element inside ``body`` (up to :data:`VIEWER_DEPTH` levels down) whose children are
    a viewer's numbered pages (:func:`_numbered_pages`) holding half of the body's text or
    more: the document, where the rest of the body is the page's title and a site's boxes."""
    level = [c for c in body if isinstance(c.tag, str)]
    total = _plain_chars(body, stats)
    for _ in range(VIEWER_DEPTH):
        for el in level:
            pages = _numbered_pages(el, stats)
            if pages and 2 * sum(_plain_chars(p, stats) for p in pages) >= total:
                return el
        level = [c for el in level for c in el if isinstance(c.tag, str)]
    return None


def _numbered_pages(viewer: Any, stats: Stats) -> list[Any]:
    """The children of ``viewer`` that are a viewer's pages: two or more ``div`` built alike
    (:func:`_shape`, numbers masked) and numbered 1, 2, 3… in one attribute (``data-page``,
    ``id="page2"``; a list's rows and ids of a CMS are no pages), mostly plain text, holding
    most of the viewer's text (numbered ad slots, code blocks or captions inside an article
    hold little of it), no more than one with a link (related documents each have theirs)
    and no heading between them (a regulation's chapters and articles). Empty when there
    are none."""
    groups: dict[Any, list[Any]] = {}
    children = [c for c in viewer if isinstance(c.tag, str)]
    for child in children:
        if _tag(child) == "div" and _numbered(child) and not boilerplate_ancestor(child):
            groups.setdefault(_shape(child)[:2], []).append(child)
    for group in groups.values():
        if len(group) < 2 or any(link_density(c, stats) >= TWIN_LINKS for c in group):
            continue
        if sum(1 for c in group if any(not ATTACHED_FILE.search(a.get("href") or "") for a in c.iter("a"))) > 1:
            continue  # (related documents, each with its link and summary: no viewer's pages)
        between = children[children.index(group[0]) : children.index(group[-1]) + 1]
        if any(
            PART_START.match(clean_text(c.text_content())) or any(_tag(h) in HEADINGS for h in c.iter())
            for c in between
            if c not in group
        ):
            continue  # (a heading between them: a document's sections, chapters or articles)
        if all(_opens_with_heading(c) for c in group):
            continue  # (each opens with its heading: chapters, not pages cut wherever a page ended)
        for attr in group[0].attrib:
            numbers = [DIGITS.findall(c.get(attr) or "") for c in group]
            if (
                all(numbers)
                and [int(n[-1]) for n in numbers] == list(range(int(numbers[0][-1]), int(numbers[0][-1]) + len(group)))
                and sum(_plain_chars(c, stats) for c in group) >= VIEWER_SHARE * _plain_chars(viewer, stats)
            ):
                return group
    return []


def _opens_with_heading(el: Any) -> bool:
    """Whether ``el``'s first text is a heading (``<h2>``, or a part's number: 第一章)."""
    for sub in el.iter():
        if not isinstance(sub.tag, str):
            continue
        if _tag(sub) in HEADINGS:
            return True
        if (sub.text or "").strip():
            return bool(PART_START.match(sub.text))
    return False


def _numbered(el: Any) -> bool:
    """Whether an attribute of ``el`` holds a number (``id="p1"``, ``data-page="1"``): its
    twins are a numbered sequence of pages, not look-alike boxes."""
    return any(DIGITS.search(str(v)) for v in el.attrib.values())


def _shape(el: Any) -> tuple[str, frozenset[tuple[str, str]], frozenset[str]]:
    """Tag, attributes with their digits masked (``id="p2"`` and ``id="p3"`` alike; a class
    name is compared, never interpreted) and the tags of the children."""
    attrs = frozenset((k, DIGITS.sub("#", str(v))) for k, v in el.attrib.items())
    return _tag(el), attrs, frozenset(_tag(c) for c in el if isinstance(c.tag, str) and _tag(c) not in IMAGE_TAGS)


def _plain_chars(el: Any, stats: Stats) -> int:
    return sum(stats.own.get(sub, 0) - stats.links.get(sub, 0) for sub in el.iter())


def _strip_preface(body: Any, stats: Stats) -> Iterator[Removal]:
    """Short info blocks before the text inside the body (upload date, page and view
    counts next to a repeated title): keep their headings, drop the rest. Stops at the
    first paragraph, sentence or block without a number: that is the document."""
    for child in list(body):
        if not isinstance(child.tag, str):
            continue
        if _plain_chars(child, stats) >= 100:
            break  # the text starts here
        if _tag(child) in HEADINGS:
            continue
        if _tag(child) == "p" or child.find(".//p") is not None:
            break  # a paragraph: prose starts here, however short
        whole = clean_text(child.text_content()).strip()
        if not re.search(r"\d", whole) or whole[-1:] in STATEMENT_END:
            break  # info bars carry dates and counts, and are not sentences
        if any(mark in whole for mark in "\uff0c\u3001\u3002\uff01\uff1f"):
            break  # Chinese clauses or a sentence: the first line of the text (a page that prints each line apart)
        heads = [el for el in child.iter() if _tag(el) in HEADINGS]
        rest = sum(_count(t) for t in child.itertext()) - sum(_count(h.text_content()) for h in heads)
        if rest == 0 or rest >= 80:
            continue
        texts = [t for el in child.iter() if el not in heads for t in _texts_outside(el, heads)]
        for text in texts:
            yield Removal(
                text=text,
                step=STEP,
                kind="info",
                reason="short info block before the document text",
                origin=Origin(line=child.sourceline or 1),
            )
        index = body.index(child)
        tail = child.tail
        body.remove(child)
        for offset, head in enumerate(heads):
            head.tail = None
            body.insert(index + offset, head)
        if tail:
            body.text = (body.text or "") + tail if index == 0 else body.text


def _texts_outside(el: Any, heads: list[Any]) -> list[str]:
    if any(anc in heads for anc in el.iterancestors()):
        return []
    out = []
    if el.text and el not in heads:
        out.append(clean_text(el.text).strip())
    if el.tail and el.getparent() is not None and el.getparent() not in heads:
        out.append(clean_text(el.tail).strip())
    return [t for t in out if t]


def strip_site_name(title: str, site_names: list[str]) -> str:
    """``Document title - SiteName`` -> ``Document title`` (doubled separators too:
    ``标题——站名``, ``标题--站名``)."""
    title = WS.sub(" ", title).strip()
    parts = [p.strip() for p in TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    last = parts[-1]
    named = any(name.strip() and last.lower() == name.strip().lower() for name in site_names)
    # otherwise: the site name is the short last part
    if named or len(last) <= len(parts[0]) or (is_cjk(parts[0][:1]) and len(last) <= 8):
        return re.sub(rf"\s*[-|\u2013\u2014_]+\s*{re.escape(last)}\s*$", "", title).strip()
    return title
