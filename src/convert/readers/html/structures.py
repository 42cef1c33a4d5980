"""Tables, figures, lists, footnotes and code listings of a saved web page, read whole (issue 14).

Inside the document's body (found by :mod:`convert.readers.html.extract`), a data
``<table>`` becomes a :class:`~convert.core.model.Table`, an ``<img>`` or ``<figure>`` a
:class:`~convert.core.model.Figure`, a content ``<ul>``/``<ol>`` a
:class:`~convert.core.model.ListBlock`, a note a footnote link points to a
:class:`~convert.core.model.Footnote` and a listing's ``<pre>`` a
:class:`~convert.core.model.Code` (its lines as they are; the language from a
``language-NAME`` or ``lang-NAME`` class on it or on its ``<code>``). What is not clearly one
of them keeps today's path through the lines: a layout table (nested tables, headings or
paragraphs of prose in its cells, one row or one column, mostly links), a list of links (a
menu, related documents), a ``<pre>`` that holds the page's prose (much of the text, lines
that end sentences, Chinese sentences) or blocks.
Decorative images (spacers, icons, logos, QR codes, ad banners) are furniture, recorded as
``Removal(kind="image")``.

Each structure is found here as a *mark*: the element whose text the lines leave out (the
reader's line walk records where it stood). Nothing is fetched: image bytes come from
``data:`` URIs or from a file beside the saved page, inside its own folder.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convert.core.imagefiles import MEDIA_BY_SUFFIX, image_bytes
from convert.core.imagefiles import dimensions as _dimensions
from convert.core.listing import reads_as_text
from convert.core.model import (
    Block,
    Cell,
    Code,
    Figure,
    Footnote,
    ListItem,
    Origin,
    Removal,
    make_list,
    make_table,
)

STEP = "html-reader"
MAX_SPAN = 100  # colspan/rowspan above this are taken as 1 (a page's error, not a table)
SPACER = 2  # pixels: an image this small in either side is a spacer or a tracking pixel
ICON = 48  # pixels: an image no larger than this both ways is an icon
BANNER_RATIO = 5  # an image this many times wider than high...
BANNER_HEIGHT = 100  # ...and no higher than this is a banner
TABLE_LINKS = 0.5  # a table with more of its text in links is a menu
LIST_LINKS = 0.3  # a list with more of its text in links is a menu or related links
LONG_CELL = 400  # characters of prose in one cell of a two-column table: a page's layout
CAPTION = re.compile(r"^\s*(?:\u8868|table|tab\.)\s*[\dA-Z\u4e00-\u9fff]{1,6}(?:[.\-\u2010\u2013]\d+)?", re.I)
CAPTION_LEN = 120  # characters of a caption line, at most
DECORATIVE_WORDS = re.compile(
    r"(?<![a-z])(?:logo|logos|qr|qrcode|ad|ads|advert|advertisement|banner|icon|icons|spacer|pixel|blank|"
    r"sprite|avatar|emoji|badge|btn|button|share|favicon)(?![a-z])|\u4e8c\u7ef4\u7801|\u5e7f\u544a|\u56fe\u6807",
    re.I,
)  # (QR code, advertisement, icon in Chinese)
MARKER = re.compile(r"^[\[(]?(\d{1,3}|[*\u2020\u2021\u00a7]{1,3}|[a-z]|[ivx]{1,4})[\])]?$")
BACKLINK = re.compile(r"^[\u21a9\u21aa\u2191^\u25b2]\ufe0e?$|^(?:back|return)\b", re.I)
CAMEL = re.compile(r"([a-z])([A-Z])")
WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
CJK_NEWLINE = re.compile(r"(?<=[\u2e80-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u2e80-\u9fff\uff00-\uffef])")
BLOCKS = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "del", "ins", "font", "wbr", "tt",
}  # fmt: skip
NAME_PART = r"[^\s.!?,;:|/\u3002\uff0c]+(?:\.[^\s.!?,;:|/\u3002\uff0c]+)*\.?"  # Shutterstock.com, D.A.Press, Jr.
CREDIT = re.compile(
    r"(?:^|(?<=[.!?\u3002|/\s]))\s*[(\[]?(?:(?:photos?|fotos?|bild(?:er)?|titelbild|images?|pictures?)\s*"
    r"(?:credits?\s*)?[:\uff1a]|(?:photos?|images?)\s+(?:by|courtesy of)|(?:credits?|cr\u00e9dits?|cr\u00e9ditos?)"
    r"(?:\s+photos?)?\s*[:\uff1a]|\u00a9|\(c\)|\u6444\u5f71\s*[:\uff1a]|\u56fe\u7247\u6765\u6e90\s*[:\uff1a]?)"
    rf"\s*{NAME_PART}(?:\s*[ /|]\s*{NAME_PART}){{0,4}}[)\]]?\s*$",
    re.I,
)  # Foto: GdP/Hagen Immel, Bild: TebNad/Shutterstock.com, Foto: Timur | flickr | CC BY 2.0, (crédito: …),
# Photo by A. Name, (c) Agency, 摄影：李明 at a caption's end: a credit (a name of a few parts, no clause)
LAYOUT_CHILDREN = {"table", "h1", "h2", "h3", "h4", "h5", "h6", "form", "nav", "aside", "header", "footer"}
PROSE_SHARE = 0.4  # a <pre> holding this share of the body's text is the page's text, not a listing
LANGUAGE_CLASS = re.compile(r"(?:^|\s)(?:language|lang)-([A-Za-z0-9][A-Za-z0-9+#._-]*)")


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _clean(text: str) -> str:
    return WS.sub(" ", text).strip()


def _inside(el: Any, group: Iterable[Any]) -> bool:
    group = set(group)
    return any(anc in group for anc in el.iterancestors())


# ----------------------------------------------------------------------------- what was found


@dataclass
class Found:
    """The structures of a page: ``marks`` maps each element the lines leave out where a
    structure stands to the structures it makes (in order); ``hidden`` elements are left out
    of the lines without standing anywhere (a table's caption line, taken into it)."""

    marks: dict[Any, list[Block]] = field(default_factory=dict)
    hidden: dict[Any, Any] = field(default_factory=dict)  # element -> the mark it belongs to
    removals: list[Removal] = field(default_factory=list)
    refs: dict[int, Any] = field(default_factory=dict)  # id(footnote) -> the anchor referencing it
    missing: int = 0  # figures whose bytes could not be had

    def drop(self, mark: Any) -> None:
        """Give a mark up: its text goes through the lines as before."""
        self.marks.pop(mark, None)
        for el in [el for el, owner in self.hidden.items() if owner is mark]:
            del self.hidden[el]


def find_structures(
    bodies: list[Any],
    skip: set[Any],
    folder: Path | None,
    link_density: Callable[[Any], float],
    named_furniture: Callable[[Any], object],
) -> Found:
    """The tables, figures, lists, footnotes and code listings inside ``bodies`` (not inside
    ``skip``), and the decorative images there recorded as removals. ``link_density`` gives an
    element's share of text in links, ``named_furniture`` whether its class names a site's part."""

    found = Found()
    inner = [el for b in bodies for el in b.iter() if isinstance(el.tag, str) and el not in bodies]
    inner = [el for el in inner if el not in skip and not any(a in skip for a in el.iterancestors())]
    taken: set[Any] = set()  # marks and everything inside them

    def take(el: Any, blocks: list[Block]) -> None:
        found.marks[el] = blocks
        taken.add(el)
        taken.update(el.iter())

    for el, note, anchor in _footnotes(bodies, inner):
        if el not in taken:
            take(el, [note])
            found.refs[id(note)] = anchor
    for el in inner:
        if _tag(el) == "table" and el not in taken and data_table(el, link_density(el)):
            table, caption_el = read_table(el)
            take(el, [table])
            if caption_el is not None and caption_el not in taken:
                found.hidden[caption_el] = el
                taken.update(caption_el.iter())
    for el in inner:
        if _tag(el) in ("ul", "ol") and not taken.intersection(el.iter()) and not _inside_list(el):
            if content_list(el, link_density(el)) and not named_furniture(el):
                take(el, [read_list(el)])
    size = _Size(bodies, skip)
    for el in inner:
        if _tag(el) == "pre" and not taken.intersection(el.iter()):
            code = read_listing(el, size)
            if code is not None:
                take(el, [code])
    for el in inner:
        if el in taken or _tag(el) != "img":
            continue
        figure_el = next((a for a in el.iterancestors() if _tag(a) == "figure"), None)
        if figure_el is not None and figure_el not in taken and _captioned_image(figure_el):
            figures = [_figure(img, folder, found) for img in figure_el.iter("img")]
            kept = [f for f in figures if f is not None]
            if kept:
                caption, credit = split_credit(_figcaption(figure_el))
                if credit:
                    found.removals.append(
                        Removal(
                            text=credit,
                            step=STEP,
                            kind="credit",
                            reason="a picture's credit in its caption (the site's, not the document's)",
                            origin=Origin(line=figure_el.sourceline or 1),
                        )
                    )
                kept[-1] = _with_caption(kept[-1], caption)
                take(figure_el, list(kept))
            else:
                taken.update(figure_el.iter("img"))
            continue
        figure = _figure(el, folder, found)
        if figure is not None:
            take(el, [figure])
        taken.add(el)
    for el in inner:  # images left inside a table, list or note: not carried (their text is)
        if _tag(el) == "img" and el not in found.marks and any(a in found.marks for a in el.iterancestors()):
            if not any(isinstance(b, Figure) for a in el.iterancestors() for b in found.marks.get(a, [])):
                found.removals.append(image_removal(el, "an image inside a table, list or note: not carried"))
    return found


def outside_images(root: Any, bodies: list[Any]) -> list[Removal]:
    """The images outside the document text, recorded as furniture."""
    return [
        image_removal(img, "an image outside the document text (page furniture by position)")
        for img in root.iter("img")
        if not any(a in bodies for a in img.iterancestors())
    ]


def image_removal(img: Any, reason: str) -> Removal:
    return Removal(
        text=_image_label(img), step=STEP, kind="image", reason=reason, origin=Origin(line=img.sourceline or 1)
    )


def _image_label(img: Any) -> str:
    """What an image is called in the audit: its alt text, else its file name."""
    alt = _clean(img.get("alt") or "")
    if alt:
        return f"[image: {alt}]"
    src = (img.get("src") or "").strip()
    name = "inline data" if src.startswith("data:") else src.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return f"[image: {name or 'no source'}]"


# ----------------------------------------------------------------------------- tables


def data_table(el: Any, links: float) -> bool:
    """Whether a ``<table>`` holds data (rows and columns of cells), not a page's layout: no
    table, heading or form inside, ``role="presentation"`` absent, two rows and two columns
    at least, not mostly links, no cell of long prose beside a narrow column."""
    if (el.get("role") or "").lower() in ("presentation", "none") or links > TABLE_LINKS:
        return False
    if any(_tag(sub) in LAYOUT_CHILDREN for sub in el.iter() if sub is not el):
        return False
    rows = _rows(el)
    if len(rows) < 2 or max((sum(_span(c, "colspan") for c in row) for row in rows), default=0) < 2:
        return False
    texts = [_clean(c.text_content()) for row in rows for c in row]
    if sum(1 for t in texts if t) < 3:
        return False
    width = max(len(row) for row in rows)
    if width <= 2 and any(len(t) > LONG_CELL for t in texts):
        return False  # (a sidebar beside the text, laid out in a table)
    return not any(len(sub.findall(".//p")) > 3 for row in rows for sub in row)  # paragraphs in a cell: layout


def _rows(table: Any) -> list[list[Any]]:
    """The table's rows (``<tr>`` of its own, not of a table inside), each its cells."""
    out = []
    for tr in table.iter("tr"):
        owner = next((a for a in tr.iterancestors() if _tag(a) == "table"), None)
        if owner is table:
            out.append([c for c in tr if _tag(c) in ("td", "th")])
    return [row for row in out if row]


def _span(cell: Any, attr: str) -> int:
    value = re.sub(r"\D", "", cell.get(attr) or "")
    n = int(value) if value else 1
    return n if 1 <= n <= MAX_SPAN else 1


def cell_text(el: Any) -> str:
    """A cell's text: ``<br>`` and block boundaries are line breaks, other white space one space."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if _tag(node) == "br":
            parts.append("\n")
        elif _tag(node) in BLOCKS and node is not el:
            parts.append("\n")
        if node.text and _tag(node) != "br":
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if _tag(node) in BLOCKS and node is not el:
            parts.append("\n")

    walk(el)
    lines = [_clean(line) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def read_table(el: Any) -> tuple[Any, Any]:
    """The :class:`Table` of a data ``<table>`` (origins set later), and the element of a
    caption line just before or after it that it took (``表1 …``/``Table 1 …``), or None."""
    rows = _rows(el)
    cells = [
        tuple(Cell(text=cell_text(c), colspan=_span(c, "colspan"), rowspan=_span(c, "rowspan")) for c in row)
        for row in rows
    ]
    head = sum(1 for tr in el.iter("tr") if any(_tag(a) == "thead" for a in tr.iterancestors()))
    if not head:  # leading rows of header cells only
        for row in rows:
            if not all(_tag(c) == "th" for c in row):
                break
            head += 1
    head = min(head, len(rows) - 1)
    caption_el = el.find("caption")
    caption = cell_text(caption_el).replace("\n", " ") if caption_el is not None else ""
    taken = None
    if not caption:
        for near in (_sibling(el, -1), _sibling(el, 1)):
            text = _clean(near.text_content()) if near is not None else ""
            if text and len(text) <= CAPTION_LEN and CAPTION.match(text) and not near.findall(".//table"):
                caption, taken = text, near
                break
    return make_table(cells, header_rows=head, caption=caption), taken


def _sibling(el: Any, step: int) -> Any:
    """The element next to ``el`` (before it with ``step=-1``) when no text stands between."""
    if step < 0:
        prev = el.getprevious()
        if prev is None or (prev.tail or "").strip():
            return None
        return prev if isinstance(prev.tag, str) else None
    if (el.tail or "").strip():
        return None
    nxt = el.getnext()
    return nxt if nxt is not None and isinstance(nxt.tag, str) else None


# ----------------------------------------------------------------------------- lists


def _inside_list(el: Any) -> bool:
    return any(_tag(a) in ("ul", "ol") for a in el.iterancestors())


def content_list(el: Any, links: float) -> bool:
    """Whether a ``<ul>``/``<ol>`` is part of the text: items of plain text (not mostly
    links: a menu, related documents, a table of contents), each holding only inline text
    and at most one paragraph besides its nested lists (an item holding an image, a box or
    a heading is a teaser or a banner: the list keeps today's path, through the lines)."""
    items = [li for li in el if _tag(li) == "li"]
    if not items or links > LIST_LINKS or (el.get("role") or "").lower() in ("menu", "menubar", "tablist"):
        return False
    if any(isinstance(c.tag, str) and _tag(c) != "li" for c in el):
        return False
    return all(_plain_item(li) for li in el.iter("li")) and any(_clean(li.text_content()) for li in items)


def _plain_item(li: Any) -> bool:
    """An item of inline text (one paragraph at most) and nested lists."""
    paragraphs = 0
    stack = [c for c in li if isinstance(c.tag, str)]
    while stack:
        el = stack.pop()
        tag = _tag(el)
        if tag in ("ul", "ol"):
            continue  # (its items are looked at in turn)
        if tag == "p" and el.getparent() is li:
            paragraphs += 1
        elif tag not in INLINE:
            return False
        stack.extend(c for c in el if isinstance(c.tag, str))
    return paragraphs <= 1


def read_list(el: Any) -> Any:
    """The :class:`ListBlock` of a list, nested lists as deeper items."""
    items: list[ListItem] = []
    ordered = _tag(el) == "ol"
    start = _int(el.get("start"), 1)

    def walk(lst: Any, depth: int) -> None:
        is_ordered = _tag(lst) == "ol"
        number = _int(lst.get("start"), 1)
        for li in lst:
            if _tag(li) != "li":
                continue
            number = _int(li.get("value"), number)
            nested = [c for c in li.iter("ul", "ol") if not any(_tag(a) in ("ul", "ol") for a in _between(c, li))]
            text = _own_text(li, nested)
            if text:
                marker = f"{number}." if is_ordered else "-"
                items.append(ListItem(text=text, depth=depth, marker=marker, ordered=is_ordered))
                number += 1
            for sub in nested:
                walk(sub, depth + 1 if text else depth)

    walk(el, 0)
    return make_list(items, ordered=ordered, start=start)


def _between(el: Any, top: Any) -> list[Any]:
    """The ancestors of ``el`` below ``top``."""
    out = []
    for anc in el.iterancestors():
        if anc is top:
            break
        out.append(anc)
    return out


def _own_text(li: Any, nested: list[Any]) -> str:
    """An item's text without its nested lists (line breaks inside it become spaces)."""
    return _clean(CJK_NEWLINE.sub("", _text(li, skip=lambda node: node in nested)))


def _text(el: Any, *, skip: Callable[[Any], bool] = lambda node: False, br: str | None = None) -> str:
    """The text of ``el`` and what it holds, in document order: the elements ``skip`` names
    left out (the text after them kept), a ``<br>`` written ``br`` when given."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if br is not None and _tag(node) == "br":
            parts.append(br)
        elif node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not skip(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _int(value: str | None, default: int) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 7 else default


# ----------------------------------------------------------------------------- code


class _Size:
    """The count of characters (white space aside) of the text of ``bodies`` outside
    ``skip``, counted once, when first asked for."""

    def __init__(self, bodies: list[Any], skip: set[Any]) -> None:
        self.bodies = bodies
        self.skip = skip
        self.found: int | None = None

    def __call__(self) -> int:
        if self.found is None:
            self.found = sum(_chars(b.text_content()) for b in self.bodies) - sum(
                _chars(el.text_content()) for el in self._skipped()
            )
        return self.found

    def _skipped(self) -> Iterable[Any]:
        """The outermost elements of ``skip`` inside the bodies."""
        for body in self.bodies:
            for el in body.iter():
                if el in self.skip and el is not body and not any(a in self.skip for a in el.iterancestors()):
                    yield el


def _chars(text: str) -> int:
    return len(text) - sum(1 for ch in text if ch.isspace())


def read_listing(pre: Any, size: Callable[[], int]) -> Code | None:
    """The :class:`Code` of a ``<pre>`` that is a listing, or ``None`` when it is blank,
    holds blocks, or holds the page's prose: lines that read as text (:func:`~convert.core.listing.reads_as_text`), or
    :data:`PROSE_SHARE` of the body's text at least (``size`` gives that text's size)."""
    if any(_tag(sub) not in INLINE for sub in pre.iter() if sub is not pre and isinstance(sub.tag, str)):
        return None
    text = listing_text(pre)
    if not text or reads_as_text(text.split("\n")) or _chars(text) >= PROSE_SHARE * size():
        return None
    return Code(text=text, language=listing_language(pre))


def listing_text(pre: Any) -> str:
    """A ``<pre>``'s lines as they are (``<br>`` a line break too; a no-break space a
    space), without white space at their ends or blank lines around them."""
    text = _text(pre, br="\n").replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [unicodedata.normalize("NFC", line.rstrip()) for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def listing_language(pre: Any) -> str:
    """The language a ``language-NAME`` or ``lang-NAME`` class names on the ``<pre>`` or on
    a ``<code>`` in it (``""`` when none does), in lower case."""
    for el in (pre, *pre.iter("code")):
        m = LANGUAGE_CLASS.search(el.get("class") or "")
        if m:
            return m.group(1).lower()
    return ""


# ----------------------------------------------------------------------------- footnotes


def _footnotes(bodies: list[Any], inner: list[Any]) -> list[tuple[Any, Footnote, Any]]:
    """``(note element, Footnote, anchor)`` for each footnote link (``<a href="#fn1">`` with
    a short marker, in ``<sup>`` or named as a note reference) whose target is a block of
    the text after it. The note's own back link (``↩``) is left out of its text."""
    ids: dict[str, Any] = {}
    for el in inner:
        for attr in ("id", "name"):
            if el.get(attr):
                ids.setdefault(el.get(attr), el)
    order = {el: i for i, el in enumerate(inner)}
    out: list[tuple[Any, Footnote, Any]] = []
    seen: set[Any] = set()
    for a in (el for el in inner if _tag(el) == "a"):
        href = (a.get("href") or "").strip()
        if not href.startswith("#") or len(href) < 2:
            continue
        marker = _clean(a.text_content())
        m = MARKER.match(marker)
        if not m or not _noteref(a):
            continue
        target = ids.get(urllib.parse.unquote(href[1:]))
        if target is None or target in seen:
            continue
        note = _note_block(target)
        if note is None or order.get(note, -1) <= order.get(a, 0) or a in note.iter():
            continue
        text = _note_text(note, m.group(1))
        if not text:
            continue
        seen.add(target)
        out.append((note, Footnote(text=text, marker=m.group(1)), a))
    return out


def _noteref(a: Any) -> bool:
    """Whether a link is a note's reference: in or around ``<sup>``, or named one."""
    if any(_tag(x) == "sup" for x in a.iter()) or any(_tag(x) == "sup" for x in list(a.iterancestors())[:2]):
        return True
    names = " ".join(a.get(k) or "" for k in ("class", "id", "rel", "role", "{http://www.idpf.org/2007/ops}type"))
    names += " " + " ".join(v for k, v in a.attrib.items() if k.endswith("type"))
    return bool(re.search(r"foot|note|fnref|(?<![a-z])fn(?![a-z])", CAMEL.sub(r"\1-\2", names), re.I))


def _note_block(target: Any) -> Any:
    """The block a note's target names: itself when it is an ``<li>``, ``<p>``, ``<div>``,
    ``<dd>`` or ``<aside>``, else (an ``<a name>`` inside a paragraph) its nearest such block."""
    for el in (target, *target.iterancestors()):
        if _tag(el) in ("li", "p", "div", "dd", "aside", "section"):
            return el if _tag(el) != "section" or el is target else None
        if _tag(el) in ("body", "html"):
            return None
    return None


def _note_text(note: Any, marker: str) -> str:
    """A note's text: back links and the printed marker in front (``1.``, ``[1]``) removed."""

    def backlink(node: Any) -> bool:
        return _tag(node) == "a" and bool(
            BACKLINK.match(_clean(node.text_content())) or (node.get("href") or "").startswith("#fnref")
        )

    text = _clean(_text(note, skip=backlink))
    return re.sub(rf"^[\[(]?{re.escape(marker)}[\])]?(?:[.:\uff0e\uff1a]\s*|\s+)", "", text).strip()


# ----------------------------------------------------------------------------- figures


def decorative(img: Any) -> str | None:
    """Why an image is decoration rather than a figure of the text, or ``None``: a spacer or
    tracking pixel, an icon (by its size attributes), a banner's shape, or a file name,
    class, id or alt text that says logo, QR code, ad, banner, icon..."""
    w, h = _px(img.get("width")), _px(img.get("height"))
    if (w is not None and w <= SPACER) or (h is not None and h <= SPACER):
        return "a spacer or tracking pixel (by its size)"
    if w is not None and h is not None and w <= ICON and h <= ICON:
        return f"an icon ({w}x{h} pixels)"
    if w is not None and h is not None and w >= BANNER_RATIO * h and h <= BANNER_HEIGHT:
        return f"a banner ({w}x{h} pixels)"
    src = img.get("src") or ""
    name = "" if src.startswith("data:") else urllib.parse.unquote(src.split("?")[0]).rsplit("/", 1)[-1]
    words = " ".join([name, img.get("class") or "", img.get("id") or "", img.get("alt") or ""])
    words = re.sub(r"[_\-.]+", " ", CAMEL.sub(r"\1 \2", words))
    m = DECORATIVE_WORDS.search(words)
    if m:
        return f"decoration (its name or alt text says {m.group(0).lower()!r})"
    for anc in list(img.iterancestors())[:2]:  # (a banner's box: <p class="registration-banner"><img>)
        m = DECORATIVE_WORDS.search(
            re.sub(r"[_\-.]+", " ", CAMEL.sub(r"\1 \2", f"{anc.get('class') or ''} {anc.get('id') or ''}"))
        )
        if m:
            return f"decoration (its container's name says {m.group(0).lower()!r})"
    if not src.strip() and not (img.get("alt") or "").strip():
        return "an image without a source or alt text"
    return None


def _linked(img: Any) -> str | None:
    """An image that links to another page (not to its own larger file): a banner or a
    teaser, no figure of the text."""
    link = next((a for a in img.iterancestors() if _tag(a) == "a"), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    if not href or href.startswith("#"):
        return None
    path = urllib.parse.urlsplit(href).path.lower()
    return None if path.endswith(tuple(MEDIA_BY_SUFFIX)) else "a linked image (a banner or a teaser)"


def _px(value: str | None) -> int | None:
    m = re.fullmatch(r"\s*(\d+)(?:\.\d+)?\s*(?:px)?\s*", value or "")
    return int(m.group(1)) if m else None


def _figure(img: Any, folder: Path | None, found: Found) -> Figure | None:
    """The :class:`Figure` of an image of the text, or ``None`` (recorded as a removal) when
    it is decoration."""
    why = decorative(img) or _linked(img)
    if why:
        found.removals.append(image_removal(img, f"decorative image: {why}"))
        return None
    data, media = image_bytes(img.get("src") or img.get("data-src") or "", folder)  # (data-src: a lazy page's)
    dims = _dimensions(data)
    width = dims[0] if dims else _px(img.get("width")) or 0
    height = dims[1] if dims else _px(img.get("height")) or 0
    if dims and (dims[0] <= SPACER or dims[1] <= SPACER):
        found.removals.append(image_removal(img, "decorative image: a spacer or tracking pixel (by its size)"))
        return None
    if not data:
        found.missing += 1
    alt = _clean(img.get("alt") or "")
    return Figure(text=alt, data=data, media_type=media, alt=alt, width=width, height=height)


def split_credit(caption: str) -> tuple[str, str]:
    """A caption without the picture's credit at its end, and the credit (``""`` when none):
    a label (``Photo:``, ``©``, ``摄影：``) and a name of a few words, no clause."""
    m = CREDIT.search(caption)
    if not m:
        return caption, ""
    return caption[: m.start()].strip(), m.group(0).strip()


def _captioned_image(figure_el: Any) -> bool:
    """Whether a ``<figure>`` is an image and its caption: no text outside its
    ``<figcaption>`` (a teaser laid out as a figure holds a heading and a summary)."""
    caption = next(iter(figure_el.iter("figcaption")), None)
    text = _clean(figure_el.text_content())
    if caption is not None:
        text = text.replace(_clean(caption.text_content()), "", 1).strip()
    heads = any(_tag(sub) in LAYOUT_CHILDREN for sub in figure_el.iter() if sub is not figure_el)
    return not text and not heads


def _with_caption(fig: Figure, caption: str) -> Figure:
    from dataclasses import replace

    return replace(fig, caption=caption, text=caption or fig.text) if caption else fig


def _figcaption(figure_el: Any) -> str:
    cap = next(iter(figure_el.iter("figcaption")), None)
    return cell_text(cap).replace("\n", " ") if cap is not None else ""


# ----------------------------------------------------------------------------- placing them


def place(found: Found, slots: list[tuple[Any, int]], lines: list[Any]) -> tuple[list[Block], list[Any]]:
    """Give each mark's structures an origin between the lines around it (``slots``: mark,
    index of the first line after it), or the line before's own when the two share a source
    line. Returns the placed structures and the marks that had no room (the lines before and
    after them share one source line): those go back to the lines."""
    from dataclasses import replace

    placed: list[Block] = []
    failed: list[Any] = []
    floor = 0
    for mark, at in slots:
        blocks = found.marks.get(mark)
        if not blocks:
            continue
        low = lines[at - 1].origin.line if at > 0 else 0
        high = lines[at].origin.line if at < len(lines) else 1 << 40
        want = max(
            min(mark.sourceline or 0, high - 1), low + 1 if low + 1 < high else low, floor
        )  # (after the line before:
        # sharing its source line, it still goes after that line's block, and before the next line's)
        if want >= high:
            failed.append(mark)
            continue
        floor = want
        origin = Origin(line=want)
        for block in blocks:
            if isinstance(block, Footnote):
                block = replace(block, ref=_ref_origin(found.refs.get(id(block)), lines))
            placed.append(replace(block, origins=(origin,)))
    return placed, failed


def _ref_origin(anchor: Any, lines: list[Any]) -> Origin | None:
    """The origin of the line holding a footnote's reference: the last line starting on or
    before the anchor's source line."""
    if anchor is None:
        return None
    line = anchor.sourceline or 0
    before = [ln.origin for ln in lines if ln.origin.line <= line]
    return before[-1] if before else None
