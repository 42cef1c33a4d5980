"""Tables, figures, lists, footnotes and code listings as EPUB 3 XHTML.

- A :class:`~convert.core.model.Table` is a ``<table>`` with its ``<caption>``, header rows
  in ``<thead>`` as ``<th>``, the others in ``<tbody>``, spans as ``colspan``/``rowspan``.
- A :class:`~convert.core.model.Figure` is a ``<figure>`` with an ``<img>`` whose file is
  an item of the package (``images/NAME``, a media type checked on the bytes; an image in a
  format EPUB does not list is converted to PNG) and a ``<figcaption>``; a figure whose
  image cannot be read keeps its caption alone.
- A :class:`~convert.core.model.ListBlock` is ``<ol start="..">``/``<ul>``, nested by depth.
- A linked :class:`~convert.core.model.Footnote` is an ``<aside epub:type="footnote">`` at
  the end of the chapter that refers to it, the marker there an ``<a epub:type="noteref">``.
- A :class:`~convert.core.model.Code` listing is ``<pre class="code"><code>`` with its lines
  as they are (escaped; trailing blank lines left out), the ``<code>`` of a named language
  in the class ``language-NAME`` (the HTML standard's convention).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from convert.core import imageverdict
from convert.core.model import Code, Figure, Footnote, ListBlock, PageStart, Table
from convert.writers._outline import listing_lines, xml_text
from convert.writers._pages import interleave

#: Image formats every EPUB 3 reading system must show, by Pillow's format name.
CORE_IMAGES = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "GIF": ("image/gif", ".gif")}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
#: A language name that can be part of a class name (``sql``, ``c++``, ``objective-c``).
LANGUAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#._-]{0,40}")


def esc(text: str) -> str:
    """Text content for XHTML: XML-safe and escaped."""
    return html.escape(xml_text(text), quote=False)


def attr(text: str) -> str:
    """An attribute value for XHTML: XML-safe, on one line, escaped with its quotes."""
    return html.escape(" ".join(xml_text(text).split()), quote=True)


def _lines(text: str) -> str:
    """Cell text whose inner line breaks stay breaks."""
    return "<br/>".join(esc(line) for line in text.split("\n"))


def table_html(table: Table) -> str:
    """The ``<table>`` (see the module docstring)."""
    out = ["<table>"]
    if table.caption.strip():
        out.append(f"<caption>{esc(table.caption.strip())}</caption>")
    head, body = table.rows[: table.header_rows], table.rows[table.header_rows :]
    for group, rows, tag in (("thead", head, "th"), ("tbody", body, "td")):
        if not rows:
            continue
        out.append(f"<{group}>")
        for row in rows:
            cells = []
            for cell in row:
                span = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
                span += f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
                cells.append(f"<{tag}{span}>{_lines(cell.text)}</{tag}>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append(f"</{group}>")
    out.append("</table>")
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Image:
    """An image to put in the package: its file name inside the book, type and bytes."""

    file_name: str
    media_type: str
    data: bytes


def _svg(data: bytes) -> bool:
    """Whether ``data`` is a well-formed SVG document with nothing active in it: no script,
    no embedded foreign content, no event handler, no ``javascript:`` link (a reading system
    would run them, and epubcheck requires a scripted image to be declared as such)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except Exception:
        return False
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        return False
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # (a comment or processing instruction)
        if etree.QName(el).localname in ("script", "foreignObject", "handler"):
            return False
        for name, value in el.attrib.items():
            if etree.QName(name).localname.lower().startswith("on") or "javascript:" in value.lower():
                return False
    return True


def package_image(figure: Figure, number: int) -> Image | None:
    """The figure's image as a package item named after the figure (``images/figure-3.png``),
    or ``None`` when its bytes are not an image Pillow (or an SVG parser) reads."""
    stem = SAFE_NAME.sub("-", figure.name.rsplit(".", 1)[0]).strip("-.") if figure.name else ""
    stem = f"{number:03d}-{stem or 'figure'}"[:80]
    if not figure.data:
        return None
    verdict = imageverdict.known(figure.data)  # (decoded once per process: see that module)
    if verdict in CORE_IMAGES:
        media_type, ext = CORE_IMAGES[verdict]
        return Image(f"images/{stem}{ext}", media_type, figure.data)
    if verdict == "":
        return None
    if _svg(figure.data):
        return Image(f"images/{stem}.svg", "image/svg+xml", figure.data)
    try:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(figure.data)) as pil:
            pil.load()
            if pil.format in CORE_IMAGES:
                imageverdict.remember(figure.data, pil.format)
                media_type, ext = CORE_IMAGES[pil.format]
                return Image(f"images/{stem}{ext}", media_type, figure.data)
            buffer = io.BytesIO()
            pil.save(buffer, format="PNG")  # (not remembered: made again each time, as it is not kept)
            return Image(f"images/{stem}.png", "image/png", buffer.getvalue())
    except MemoryError:
        return None  # (not remembered: another time it may fit)
    except Exception:
        imageverdict.remember(figure.data, "")
        return None


def figure_html(figure: Figure, image: Image | None, chapter_folder: str = "") -> str:
    """The ``<figure>``; ``image`` as :func:`package_image` made it (``None``: caption alone)."""
    caption = figure.caption.strip()
    if image is None:
        text = caption or figure.alt.strip()
        return f'<p class="caption">{esc(text)}</p>' if text else ""
    alt = attr(figure.alt or caption)
    parts = ["<figure>", f'<img src="{chapter_folder}{image.file_name}" alt="{alt}"/>']
    if caption:
        parts.append(f"<figcaption>{esc(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def list_html(block: ListBlock) -> str:
    """Nested ``<ol>``/``<ul>``: a deeper item opens a list inside the item before it (a
    depth that jumps by more than one is taken as one deeper)."""
    out: list[str] = []
    stack: list[str] = []  # open list tags
    for n, item in enumerate(block.items):
        depth = min(max(item.depth, 0), len(stack)) if stack else 0
        ordered = item.ordered or (depth == 0 and block.ordered)
        while len(stack) > depth + 1:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == depth + 1 and (stack[-1] == "ol") != ordered:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == depth + 1:
            out.append("</li>")
        else:
            tag = "ol" if ordered else "ul"
            start = f' start="{block.start}"' if ordered and depth == 0 and n == 0 and block.start != 1 else ""
            out.append(f"<{tag}{start}>")
            stack.append(tag)
        out.append(f"<li>{esc(' '.join(item.text.split()))}")
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


def code_html(block: Code) -> str:
    """The ``<pre class="code">`` of a listing (see the module docstring); ``""`` when blank."""
    lines = listing_lines(block.text)
    if not lines:
        return ""
    language = block.language.strip()
    named = f' class="language-{language}"' if LANGUAGE.fullmatch(language) else ""
    text = esc("\n".join(lines))
    return f'<pre class="code"><code{named}>{text}</code></pre>'


def page_break_html(page: PageStart) -> str:
    """An EPUB 3 page break marker where a source page begins (``--page-marks``)."""
    return f'<span id="{page.anchor}" epub:type="pagebreak" role="doc-pagebreak" aria-label="{attr(page.name)}"></span>'


def linked_text(text: str, links: Sequence[tuple[int, int, int]], pages: Sequence[PageStart] = ()) -> str:
    """``text`` escaped, its note markers (``links``: start, end, number) turned into
    ``<a epub:type="noteref">`` links to ``#fn-NUMBER``, a page break marker where each of
    ``pages`` begins."""
    out: list[str] = []
    for piece in interleave(text, sorted(links), pages):
        if isinstance(piece, str):
            out.append(esc(piece))
        elif isinstance(piece, PageStart):
            out.append(page_break_html(piece))
        else:
            start, end, number = piece
            marker = esc(text[start:end])
            out.append(f'<a epub:type="noteref" id="fnref-{number}" href="#fn-{number}"><sup>{marker}</sup></a>')
    return "".join(out)


def note_html(note: Footnote, number: int) -> str:
    """The ``<aside epub:type="footnote">`` of note ``number``, with a link back."""
    marker = esc(note.marker.strip() or str(number))
    text = esc(" ".join(note.text.split()))
    return (
        f'<aside epub:type="footnote" id="fn-{number}" class="footnote">'
        f'<p><a href="#fnref-{number}">{marker}</a> {text}</p></aside>'
    )


def unlinked_note_html(note: Footnote) -> str:
    """A note whose reference was not found: an ordinary paragraph, marker first."""
    marker = note.marker.strip()
    text = " ".join(note.text.split())
    return f'<p class="footnote">{esc(f"{marker} {text}" if marker else text)}</p>'
