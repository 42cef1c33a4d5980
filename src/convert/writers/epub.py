"""EPUB 3 output (ebooklib): chapters split at a heading level, a nav document and an NCX
built from the headings, Dublin Core metadata, a small CJK-aware stylesheet; reproducible.

``split_level`` (:class:`EpubOptions`: ``--epub-split-level N``, ``-O epub.split_level=N``)
chooses where chapters start, counted like Markdown ``#`` marks (``2`` = every ``##``
heading starts a chapter; ``1`` = one chapter). The default is the highest heading level
present; a document without headings is one chapter. The identifier is ``urn:uuid:`` + a
UUID derived from the content, and ``dcterms:modified`` is the document date (or, without
one, the conversion time the provenance records: ``SOURCE_DATE_EPOCH`` makes it the same
across runs; 1980-01-01 for a document without provenance), so the same document always
gives the same bytes. A title page comes first (:mod:`convert.writers._epub_titlepage`), the
provenance is ``<meta property="docconv:...">`` in the package metadata (the ``docconv``
prefix declared in the package's ``prefix`` attribute), and the notices are shown on the
title page and, for a truncated source, at the end of the last chapter.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

from convert.core.contracts import Options, Writer, WriterOptions, writer_option
from convert.core.hookspecs import hookimpl
from convert.core.metadata import custom_metadata, overridden
from convert.core.model import Code, Document, Figure, Footnote, ListBlock, PageStart, Table
from convert.core.notices import notices
from convert.writers import _epub_blocks as structures
from convert.writers import _epub_titlepage as titlepage
from convert.writers import _provenance as provenance
from convert.writers._outline import (
    book_title,
    book_uuid,
    fixed_datetime,
    is_chinese,
    is_traditional,
    language_tag,
    xml_text,
)
from convert.writers._parts import Part, parts
from convert.writers._zip import normalize_zip

CSS_COMMON = """\
body { margin: 0 5%; line-height: 1.6; }
h1, h2, h3, h4, h5, h6 { line-height: 1.3; margin: 1.2em 0 0.6em; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.6em; text-align: center; margin-top: 2em; }
h2 { font-size: 1.3em; }
h3 { font-size: 1.15em; }
h4, h5, h6 { font-size: 1em; }
p { margin: 0 0 0.5em; }
table { border-collapse: collapse; margin: 0.8em 0; }
caption, figcaption, p.caption { font-size: 0.9em; text-align: center; margin: 0.3em 0; }
th, td { border: 1px solid #888; padding: 0.2em 0.4em; vertical-align: top; }
th { font-weight: bold; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; height: auto; }
li { margin: 0.2em 0; }
aside.footnote, p.footnote { font-size: 0.85em; }
pre.code { margin: 0.8em 0; padding: 0.3em 0.6em; border-left: 2px solid #888; text-align: left;
  white-space: pre-wrap; line-height: 1.4; font-family: "Courier New", Courier, monospace; font-size: 0.9em; }
pre.code code { font-family: inherit; font-size: 1em; }
"""

#: CSS font-family lists for Chinese text: (body serif, heading sans) by script and region.
#: Each names the fonts of Noto/Source Han for that script first (reading systems and
#: LibreOffice have them), then those of Apple and Windows systems, then the generic family.
FONTS_ZH = {
    "Hans": (
        '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", STSong, SimSun, "\\5B8B\\4F53", serif',
        '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Heiti SC", SimHei, "\\9ED1\\4F53", sans-serif',
    ),
    "Hant": (  # 新細明體 (PMingLiU), 微軟正黑體 (Microsoft JhengHei)
        '"Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", PMingLiU, "\\65B0\\7D30\\660E\\9AD4", serif',
        '"Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Heiti TC", "Microsoft JhengHei", '
        '"\\5FAE\\8EDF\\6B63\\9ED1\\9AD4", sans-serif',
    ),
    "HK": (  # 細明體_HKSCS (MingLiU_HKSCS)
        '"Noto Serif CJK HK", "Source Han Serif HC", "Noto Serif CJK TC", "Songti TC", MingLiU_HKSCS, PMingLiU, serif',
        '"Noto Sans CJK HK", "Source Han Sans HC", "PingFang HK", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif',
    ),
}

CSS_ZH_TEMPLATE = """\
body {{
  font-family: {serif};
  text-align: justify;
}}
h1, h2, h3, h4, h5, h6 {{
  font-family: {sans};
  font-weight: bold;
}}
p {{ text-indent: 2em; margin: 0 0 0.3em; }}
td p, th p, li p, aside p, p.caption, p.footnote, section.titlepage p, div.docconv-notice p {{ text-indent: 0; }}
"""


def css_zh(script: str = "Hans") -> str:
    """The Chinese part of the stylesheet for ``script`` (a key of :data:`FONTS_ZH`)."""
    serif, sans = FONTS_ZH[script]
    return CSS_ZH_TEMPLATE.format(serif=serif, sans=sans)


def chinese_fonts(lang: str) -> str:
    """Which :data:`FONTS_ZH` list suits a document tagged ``lang`` (:func:`language_tag`)."""
    return {"zh-TW": "Hant", "zh-HK": "HK", "zh-MO": "HK"}.get(lang, "Hans")


#: The stylesheet's Chinese part for Simplified Chinese.
CSS_ZH = css_zh("Hans")

CSS_LATIN = """\
body { font-family: Georgia, "Times New Roman", serif; }
h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, sans-serif; }
"""


@dataclass
class Chapter:
    """A run of blocks that becomes one XHTML file; ``anchors`` are the ids of its title and
    headings, in order; ``pages`` the source pages that begin in it (``--page-marks``)."""

    number: int
    blocks: list[Part] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    pages: list[PageStart] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"chapter-{self.number:03d}.xhtml"


@dataclass(frozen=True)
class EpubOptions(WriterOptions):
    """The EPUB writer's options."""

    split_level: int | None = field(
        default=None,
        metadata=writer_option(
            help="Start a new chapter at headings of this Markdown level (1: one chapter; default: the top level).",
            flag="--epub-split-level",
            minimum=1,
            maximum=6,
        ),
    )


def split_level(doc_items: list[Part], wanted: int | None) -> int:
    """The Markdown level at which chapters start (``1`` = no split): ``wanted``, else the top
    heading level present."""
    if wanted is not None:
        return max(1, min(wanted, 6))
    levels = [i.level for i in doc_items if i.kind == "heading"]
    return min(levels) if levels else 1


def chapters(doc_items: list[Part], level: int) -> list[Chapter]:
    """Split the blocks into chapters: a heading at ``level`` or above starts a new one."""
    result = [Chapter(1)]
    for item in doc_items:
        current = result[-1]
        if item.kind == "heading" and item.level <= level and current.blocks:
            current = Chapter(len(result) + 1)
            result.append(current)
        current.blocks.append(item)
    return result


@dataclass
class Images:
    """The figures' images as package items, made once per figure (:func:`_epub_blocks.package_image`);
    ``missing`` counts the figures whose image could not be read."""

    found: dict[int, structures.Image | None] = field(default_factory=dict)
    missing: int = 0

    def get(self, figure: Figure) -> structures.Image | None:
        key = id(figure)
        if key not in self.found:
            image = structures.package_image(figure, len(self.found) + 1)
            self.found[key] = image
            self.missing += image is None and bool(figure.data or figure.caption or figure.alt)
        return self.found[key]


def part_html(part: Part, images: Images) -> str:
    """The XHTML of one part that is not the title or a heading."""
    block = part.block
    marks = "".join(structures.page_break_html(ps) for ps in part.pages) if block is not None else ""
    if isinstance(block, Table):
        return marks + structures.table_html(block)
    if isinstance(block, Figure):
        return marks + structures.figure_html(block, images.get(block))
    if isinstance(block, ListBlock):
        return marks + structures.list_html(block)
    if isinstance(block, Code):
        return marks + structures.code_html(block)
    if isinstance(block, Footnote):
        return "" if part.number else marks + structures.unlinked_note_html(block)
    return f"<p>{structures.linked_text(part.text, part.links, part.pages)}</p>"


def chapter_body(
    chapter: Chapter,
    counter: list[int],
    images: Images | None = None,
    notes: dict[int, Footnote] | None = None,
    tail: str = "",
) -> str:
    """The chapter's XHTML body; title and headings get ids ``h1``, ``h2``.. (book-wide); the
    notes (``notes``: number -> note, book-wide) referred to in the chapter follow it as
    EPUB 3 footnote asides; ``tail`` (XHTML: the truncation notice) ends the body."""
    images = images or Images()
    notes = notes or {}
    parts_html: list[str] = []
    referred: list[int] = []
    for part in chapter.blocks:
        referred += [number for _, _, number in part.links]
        if not (isinstance(part.block, Footnote) and part.number):  # (a linked note is written apart)
            chapter.pages += part.pages
        if not part.marked:
            rendered = part_html(part, images)
            if rendered:
                parts_html.append(rendered)
            continue
        counter[0] += 1
        anchor = f"h{counter[0]}"
        chapter.anchors.append(anchor)
        text = structures.linked_text(part.text, part.links, part.pages)
        parts_html.append(f'<h{part.level} id="{anchor}">{text}</h{part.level}>')
    for number in referred:
        if number in notes:
            parts_html.append(structures.note_html(notes[number], number))
    if tail:
        parts_html.append(tail)
    if not parts_html:  # an empty document still needs a body with content
        parts_html.append('<div class="empty"></div>')
    return "<html><head></head><body>" + "\n".join(parts_html) + "</body></html>"


def toc_entries(parts: list[Chapter], title: str, level: int) -> list[tuple[int, str, str, str]]:
    """``(level, label, href, uid)`` per title/heading, in order. The title ranks with the
    top headings (it is not their parent); a chapter that starts without a heading gets an
    entry named after the book, so every chapter and the document as a whole is reachable."""
    levels = [i.level for c in parts for i in c.blocks if i.kind == "heading"]
    top = min(levels) if levels else 2
    entries: list[tuple[int, str, str, str]] = []
    for chapter in parts:
        marked = [i for i in chapter.blocks if i.marked]
        if not chapter.blocks or not chapter.blocks[0].marked:
            entries.append((top, title, chapter.file_name, f"nav-{chapter.number}"))
        for item, anchor in zip(marked, chapter.anchors, strict=True):
            rank = top if item.kind == "title" else item.level
            label = xml_text(item.text)
            href = chapter.file_name if item is chapter.blocks[0] else f"{chapter.file_name}#{anchor}"
            entries.append((rank, label, href, f"nav-{anchor}"))
    return entries


def nest(entries: list[tuple[int, str, str, str]]) -> list[Any]:
    """ebooklib's TOC structure: a ``Link`` per entry, ``(Link, [children])`` where it has
    deeper entries after it (never an empty child list: that would be an empty ``<ol>``)."""
    from ebooklib import epub

    def build(start: int, end: int) -> list[Any]:
        out: list[Any] = []
        i = start
        while i < end:
            level, label, href, uid = entries[i]
            j = i + 1
            while j < end and entries[j][0] > level:
                j += 1
            link = epub.Link(href, label, uid)
            out.append((link, build(i + 1, j)) if j > i + 1 else link)
            i = j
        return out

    return build(0, len(entries))


#: The prefix of docconv's own OPF ``<meta property>`` names, and the URI it stands for.


#: The prefix of the user's own metadata keys (``-M KEY=VALUE``) in the OPF, and its IRI.
CUSTOM_PREFIX = "custom"
CUSTOM_PREFIX_IRI = "https://github.com/docconv/docconv/blob/main/docs/metadata#"


class EpubWriter(Writer):
    name = "epub"
    description = "EPUB 3 e-book: chapters at the top heading level, nav + NCX table of contents."
    extension = ".epub"
    options_class = EpubOptions

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        from ebooklib import epub

        chinese = is_chinese(doc)
        lang = language_tag(doc)
        title = xml_text(doc.meta.title) if overridden(options, "title") and doc.meta.title else book_title(doc)
        doc_parts = parts(doc)
        level = split_level(doc_parts, cast(EpubOptions, self.options_from(options)).split_level)
        book_parts = chapters(doc_parts, level)
        notes = {p.number: p.block for p in doc_parts if isinstance(p.block, Footnote) and p.number}
        when = fixed_datetime(doc)

        book = epub.EpubBook()
        book.set_identifier(f"urn:uuid:{book_uuid(doc)}")
        book.set_title(title)
        book.set_language(lang)
        meta = doc.meta
        if meta.author:
            book.add_author(xml_text(meta.author))
        if meta.date:
            book.add_metadata("DC", "date", xml_text(meta.date))
        if meta.source:
            book.add_metadata("DC", "source", xml_text(meta.source))
        if meta.truncated:
            book.add_metadata("DC", "description", "Truncated preview: the source held only part of the document.")
        custom = custom_metadata(meta)  # the user's keys: <meta property="custom:KEY"> (never docconv's)
        if custom:  # (each prefix declared in the package's prefix attribute)
            book.add_prefix(CUSTOM_PREFIX, CUSTOM_PREFIX_IRI)
        for key, value in custom:
            book.add_metadata(None, "meta", xml_text(value), {"property": f"{CUSTOM_PREFIX}:{key}"})
        if meta.provenance is not None:
            book.add_prefix(provenance.PREFIX, provenance.PREFIX_IRI)
            for name, value in provenance.properties(meta.provenance):
                book.add_metadata(None, "meta", xml_text(value), {"property": name})

        css = epub.EpubItem(
            uid="style",
            file_name="style/book.css",
            media_type="text/css",
            content=(CSS_COMMON + titlepage.CSS + (css_zh(chinese_fonts(lang)) if chinese else CSS_LATIN)).encode(
                "utf-8"
            ),
        )
        book.add_item(css)

        title_page = epub.EpubHtml(title=title, file_name=titlepage.FILE_NAME, lang=lang, uid="titlepage")
        title_page.content = titlepage.title_page_html(doc, title, with_notices=options.notices)
        title_page.add_item(css)
        book.add_item(title_page)
        ending = [n for n in notices(doc) if n.bottom] if options.notices else []

        counter = [0]
        pages = []
        images = Images()
        for chapter in book_parts:
            tail = "".join(titlepage.notice_html(n) for n in ending) if chapter is book_parts[-1] else ""
            body = chapter_body(chapter, counter, images, notes, tail)
            heading = next((i.text for i in chapter.blocks if i.marked), title)
            page = epub.EpubHtml(
                title=xml_text(heading), file_name=chapter.file_name, lang=lang, uid=f"chapter-{chapter.number:03d}"
            )
            page.content = body
            page.add_item(css)
            book.add_item(page)
            pages.append(page)
        for n, image in enumerate(i for i in images.found.values() if i is not None):
            book.add_item(
                epub.EpubImage(
                    uid=f"image-{n + 1:03d}", file_name=image.file_name, media_type=image.media_type, content=image.data
                )
            )

        book.toc = nest(toc_entries(book_parts, title, level))
        book.add_item(epub.EpubNcx())
        contents = "\u76ee\u9304" if is_traditional(doc) else "\u76ee\u5f55"  # 目錄, 目录
        nav = epub.EpubNav(title=contents if chinese else "Contents")
        nav.add_item(css)
        book.add_item(nav)
        book.spine = [title_page, *pages]
        said = titlepage.words(doc)
        book.guide = [  # the nav's landmarks (only spine items: the nav itself is not one)
            {"href": titlepage.FILE_NAME, "title": said["titlepage"], "type": "titlepage"},
            {"href": pages[0].file_name, "title": said["bodymatter"], "type": "bodymatter"},
        ]

        buffer = io.BytesIO()
        settings = {
            "mtime": when,
            "raise_exceptions": True,
            "epub3_pages": False,
            "epub3_landmark": True,
            "epub2_guide": False,
            "landmark_title": said["landmarks"],
        }
        page_list = [(f"{c.file_name}#{ps.anchor}", xml_text(ps.name)) for c in book_parts for ps in c.pages]
        if page_list:  # (--page-marks: a page-list in the nav document)
            from convert.writers._epub_pages import write_with_page_list

            write_with_page_list(buffer, book, settings, page_list, "\u9875\u7801" if chinese else "Pages")  # 页码
        else:
            epub.write_epub(buffer, book, settings)
        out.write(normalize_zip(buffer.getvalue(), when))


@hookimpl
def register_writers(register: Callable[[Writer], None]) -> None:
    register(EpubWriter())
