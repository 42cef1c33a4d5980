"""DOCX output (python-docx): Word's built-in styles, CJK typography for Chinese documents,
core properties from the metadata, the provenance as custom properties
(``docProps/custom.xml``), notices in a shaded *Notice* style, byte-for-byte reproducible
(with ``SOURCE_DATE_EPOCH`` set, or ``--no-provenance``: the provenance records the time).

Blocks map to styles as the Markdown writer maps them to ``#`` marks: the title to *Title*,
``##`` to *Heading 1*, ``###`` to *Heading 2*..., paragraphs to *Normal*, code listings to
*Source Code* (a fixed-width font, added when a listing needs it). With
``--reference-docx FILE`` (``-O docx.reference=FILE``, :class:`DocxOptions`) the file's body is
cleared and its styles (and page) are used as they are; otherwise python-docx's default
template gets sensible settings (:mod:`convert.writers._docx_styles`: for Simplified Chinese
SimSun/SimHei and zh-CN, for Traditional Chinese PMingLiU/Microsoft JhengHei and zh-TW or
zh-HK, 1.5 line spacing, two-character first-line indent; black headings), A4 or US Letter
by language and a centred page-number footer (:mod:`convert.writers._docx_page`).
``--style gongwen`` (``-O docx.style=gongwen``) lays a Chinese document out as GB/T 9704-2012
official documents are.

The styled template is built once per process for each house style, language and paper (or
reference file) and copied for each document (:mod:`convert.writers._docx_template`); the
body is written with each style's id looked up once
(:class:`~convert.writers._docx_styles.StyleIds`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from convert.core.contracts import ConversionError, Options, Writer, WriterOptions, writer_option
from convert.core.hookspecs import hookimpl
from convert.core.metadata import custom_metadata, overridden
from convert.core.model import Code, Document, Figure, Footnote, ListBlock, PageStart, Table
from convert.core.notices import notices
from convert.writers._docx_notice import add_notices
from convert.writers._docx_provenance import set_custom_properties
from convert.writers._docx_styles import BODY_SIZE_ZH, CODE_STYLE, GONGWEN_SIZE, StyleIds, code_style
from convert.writers._docx_styles import qn as _qn
from convert.writers._outline import (
    document_datetime,
    fixed_datetime,
    is_chinese,
    is_traditional,
    items,
    language_tag,
    xml_text,
)
from convert.writers._parts import parts
from convert.writers._provenance import PREFIX, properties
from convert.writers._zip import zip_members

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

#: Footnote text size, in points.
NOTE_SIZE = 9
#: ``-O docx.style``: Word's default template with sensible settings, or GB/T 9704.
STYLES = ("default", "gongwen")
#: ``-O docx.page``: paper by language (:func:`convert.writers._docx_page.paper_for`), or fixed.
PAGES = ("auto", "a4", "letter")


def _clear_body(doc: DocxDocument) -> None:
    """Remove everything from the body except the final section properties."""
    body = doc.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)


def _core_properties(doc: DocxDocument, source: Document, lang: str, title: str | None = None) -> None:
    """Core properties from the metadata; dates are the document's, never the current time.
    ``title``: the user's (``--title``), else the title block's, else the metadata's."""
    props = doc.core_properties
    meta = source.meta
    title = title or next((i.text for i in items(source) if i.kind == "title"), meta.title or "")
    props.title = xml_text(title)[:255]
    props.author = xml_text(meta.author or "")[:255]
    props.last_modified_by = "docconv"
    props.language = lang
    props.subject = xml_text(title)[:255]
    keywords = [lang]
    if meta.date:
        keywords.append(meta.date)
    if meta.truncated:
        keywords.append("truncated")
    props.keywords = "; ".join(keywords)
    props.identifier = xml_text(meta.source or "")[:255]
    comments = [f"source: {meta.source}"] if meta.source else []
    if meta.pages is not None:
        comments.append(f"pages: {meta.pages}")
    if meta.truncated:
        comments.append("truncated preview: the source held only part of the document")
    if meta.damaged:
        comments.append("damaged source: some text may be missing or garbled")
    props.comments = xml_text("; ".join(comments))[:255]  # (a core property holds 255 characters)
    props.category = ""
    props.content_status = ""
    props.version = ""
    props.revision = 1
    when = document_datetime(source)
    element = props._element
    if when is not None:
        props.created = when.replace(tzinfo=None)
        props.modified = when.replace(tzinfo=None)
    else:  # no date known: leave the dates out rather than invent one
        for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for el in element.findall(_qn(tag)):
                element.remove(el)


def _fix_app_properties(doc: DocxDocument) -> None:
    """``docProps/app.xml`` of the template names Word for Mac as the application."""
    from lxml import etree

    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/docProps/app.xml" or not hasattr(part, "_blob"):
            continue
        root = etree.fromstring(part.blob)
        for el in root:
            if etree.QName(el).localname == "Application":
                el.text = "docconv"
            elif etree.QName(el).localname == "Template":
                el.text = ""
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_parts(doc: DocxDocument, *, styles_with_effects: bool) -> None:
    """Drop the template's thumbnail (a picture of some other page) and, for the default
    template, its Word 2010 ``stylesWithEffects`` copy of the styles (430 KB that would not
    carry the settings made here)."""
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package_rels.pop(rid)
    if styles_with_effects:
        for rid, rel in list(doc.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                doc.part.rels.pop(rid)


def _filled(body: Any) -> int:
    """How many elements the body holds before its final section properties."""
    return len(body) - (1 if len(body) and body[-1].tag == _qn("w:sectPr") else 0)


def _write_parts(
    document: DocxDocument, doc: Document, style_id: StyleIds, *, chinese: bool, body_size: int | None = None
) -> None:
    """Every block of ``doc`` (:func:`convert.writers._parts.parts`) into the body: text
    blocks in their styles (ids from ``style_id``), structures as Word tables, pictures,
    numbered lists, footnotes and code listings (:mod:`convert.writers._docx_blocks`)."""
    from convert.writers import _docx_blocks as blocks

    char_emu = (body_size or (BODY_SIZE_ZH if chinese else 11)) * 12700 // 2  # half an em: one display column
    numbering: blocks.Numbering | None = None
    caption = style_id("Caption")
    notes = blocks.Footnotes(document)
    bookmarks = blocks.Bookmarks()
    body = document.element.body
    pending: list[PageStart] = []  # pages of a part that wrote nothing in the body
    for part in parts(doc):
        block, item = part.block, part.item
        before = _filled(body)
        if isinstance(block, Table):
            if not block.caption.strip() and blocks.ends_with_table(document):
                blocks.add_paragraph(document, "", style_id("Normal"))  # Word would join the two tables
            blocks.add_table(document, block, char_emu, caption)
        elif isinstance(block, Figure):
            blocks.add_figure(document, block, caption)
        elif isinstance(block, ListBlock):
            numbering = numbering or blocks.Numbering(document)
            blocks.add_list(document, block, numbering, style_id("List Paragraph"))
        elif isinstance(block, Code):
            blocks.add_code(document, block, style_id(CODE_STYLE, make=code_style))
        elif isinstance(block, Footnote) and part.number:
            notes.add(part.number, block.text, NOTE_SIZE * 2)
        elif isinstance(block, Footnote):  # no reference found: the note as a paragraph
            text = f"{block.marker.strip()} {item.text}" if block.marker.strip() else item.text
            blocks.add_paragraph(document, xml_text(text), style_id("Normal"))
        else:
            if item.kind == "title":
                style = style_id("Title")
            elif item.kind == "heading":
                style = style_id(f"Heading {item.level - 1}", item.level - 1)
            else:
                style = style_id("Normal")
            blocks.add_linked_paragraph(document, item.text, style, part.links, (*pending, *part.pages), bookmarks)
            pending = []
            continue
        if (pending or part.pages) and _filled(body) > before:  # a structure's pages: bookmarks at its start
            bookmarks.before(body[before], [*pending, *part.pages])
            pending = []
        else:  # (nothing written here: a note, a picture that cannot be shown)
            pending += part.pages
    if blocks.ends_with_table(document):  # Word expects a paragraph after the last table
        blocks.add_paragraph(document, "", style_id("Normal"))


def open_reference(path: Path) -> DocxDocument:
    """The reference DOCX at ``path``, opened with python-docx.

    :raises ConversionError: when it is missing or does not open as a DOCX.
    """
    import docx

    if not path.is_file():
        raise ConversionError(f"cannot use reference DOCX {path}: no such file")
    try:
        return docx.Document(str(path))
    except Exception as exc:
        reason = f"it does not open as a DOCX ({type(exc).__name__}: {exc})"
        raise ConversionError(f"cannot use reference DOCX {path}: {reason}") from None


def east_asian_language(doc: Document) -> str:
    """The ``w:lang w:eastAsia`` tag of a Chinese document: the writers' language tag
    (:func:`~convert.writers._outline.language_tag`: the region the metadata names, such as
    ``zh-HK`` or ``zh-MO``, else ``zh-TW`` for Traditional and ``zh-CN`` for other Chinese)."""
    return language_tag(doc) if is_chinese(doc) else "zh-CN"


@dataclass(frozen=True)
class DocxOptions(WriterOptions):
    """The DOCX writer's options: a reference document, a built-in house style, the paper."""

    reference: Path | None = field(
        default=None,
        metadata=writer_option(
            help="DOCX whose styles the DOCX output uses (like pandoc's reference doc).", flag="--reference-docx"
        ),
    )
    style: str = field(
        default="default",
        metadata=writer_option(
            help="House style: default, or gongwen (GB/T 9704 Chinese official documents: A4, "
            "22 lines of 28 characters, FangSong body, XiaoBiaoSong title).",
            flag="--style",
            choices=STYLES,
        ),
    )
    page: str = field(
        default="auto",
        metadata=writer_option(
            help="Paper: auto (US Letter for US/Canada/Latin-American language tags, else A4), a4 or letter.",
            choices=PAGES,
        ),
    )

    def validate(self) -> None:
        """A reference must open as a DOCX, so a broken one is one usage error, not one error
        per file; ``gongwen`` sets its own styles and A4 page, so it takes neither a reference
        nor Letter paper."""
        super().validate()
        if self.style == "gongwen" and self.reference is not None:
            raise ConversionError(
                "style gongwen sets its own styles and page: it cannot be combined with a reference DOCX"
            )
        if self.style == "gongwen" and self.page == "letter":
            raise ConversionError("style gongwen is laid out on A4 (GB/T 9704): it cannot be combined with page letter")
        if self.reference is not None:
            open_reference(self.reference)


class DocxWriter(Writer):
    name = "docx"
    description = (
        "Word document with built-in Title/Heading/Normal styles, A4 or Letter by language, page numbers "
        "(--style gongwen: Chinese official documents; --reference-docx to restyle)."
    )
    extension = ".docx"
    options_class = DocxOptions

    def warnings_for(self, doc: Document, options: Options) -> tuple[str, ...]:
        """``--style gongwen`` on a document that is not Chinese: written in the default style."""
        if cast(DocxOptions, self.options_from(options)).style == "gongwen" and not is_chinese(doc):
            lang = language_tag(doc)
            return (f"style gongwen (GB/T 9704) is for Chinese documents, not {lang}: written in the default style",)
        return ()

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        from convert.writers import _docx_template as templates
        from convert.writers._docx_notice import STYLE, notice_style

        opts = cast(DocxOptions, self.options_from(options))
        lang = language_tag(doc)
        chinese = is_chinese(doc)
        gongwen = opts.style == "gongwen" and chinese and opts.reference is None
        shown = notices(doc) if options.notices else []
        key, build = _template_recipe(doc, opts)
        base = templates.template(key, build)
        if shown and opts.reference is None:
            # A house style's template has every style the body uses, so the Notice style,
            # added after the body, is the last style either way: it is added once, to a
            # copy of the template kept beside it.
            plain = base
            base = templates.template((*key, STYLE), lambda: _with(templates.fresh(plain), notice_style))
        document = templates.fresh(base)
        style_id = StyleIds(document, base)

        body_size = GONGWEN_SIZE if gongwen else None
        _write_parts(document, doc, style_id, chinese=chinese and opts.reference is None, body_size=body_size)
        add_notices(document, shown, style_id)
        _core_properties(document, doc, lang, doc.meta.title if overridden(options, "title") else None)
        custom = custom_metadata(doc.meta)  # -M KEY=VALUE
        if doc.meta.provenance is not None:
            custom += properties(doc.meta.provenance)
        set_custom_properties(document, custom, f"{PREFIX}:")

        written, same = templates.members(document, base)
        out.write(zip_members(written, fixed_datetime(doc), reuse=same))


def _with(document: DocxDocument, change: Callable[[DocxDocument], object]) -> DocxDocument:
    """``document`` after ``change``."""
    change(document)
    return document


def _template_recipe(doc: Document, opts: DocxOptions) -> tuple[tuple[object, ...], Callable[[], DocxDocument]]:
    """The key of the styled template ``doc`` is written on (what the template depends on:
    a reference file's bytes and the paper; or the house style, the script and the language
    tags, the paper) and how to build it: the reference, its body cleared; or python-docx's
    default template with the house style, page and page-number footer."""
    from convert.writers import _docx_page as page
    from convert.writers import _docx_styles as styles

    lang = language_tag(doc)
    reference = opts.reference
    if reference is not None:
        try:  # (the key is the file's content: a file changed between two documents is read again)
            data = reference.read_bytes()
        except OSError:
            data = b""  # (building fails as opening it always did)

        def build_reference() -> DocxDocument:
            assert reference is not None
            document = open_reference(reference)
            _clear_body(document)
            _drop_parts(document, styles_with_effects=False)
            if opts.page != "auto":  # asked for: the paper changes, the reference's margins stay
                page.set_paper(document.sections[-1], opts.page, margins=False)
            return document

        return ("reference", hashlib.sha256(data).hexdigest(), str(reference), opts.page), build_reference
    chinese = is_chinese(doc)
    east_asia = east_asian_language(doc)
    gongwen = opts.style == "gongwen" and chinese
    traditional = chinese and is_traditional(doc)
    paper = "a4" if gongwen else page.paper_for(lang) if opts.page == "auto" else opts.page

    def build_house() -> DocxDocument:
        import docx

        document = docx.Document()
        _clear_body(document)
        if gongwen:
            styles.style_gongwen(document, east_asia)
            page.gongwen_page(document.sections[-1])
            page.gongwen_footer(document)
        else:
            if chinese:
                styles.style_chinese(document, styles.TRADITIONAL if traditional else styles.SIMPLIFIED, east_asia)
            else:
                styles.style_latin(document, lang)
            page.set_paper(document.sections[-1], paper)
            page.page_number_footer(document)
        _fix_app_properties(document)
        _drop_parts(document, styles_with_effects=True)
        return document

    if gongwen:
        return ("gongwen", east_asia), build_house
    if chinese:
        return ("chinese", traditional, east_asia, paper), build_house
    return ("latin", lang, paper), build_house


@hookimpl
def register_writers(register: Callable[[Writer], None]) -> None:
    register(DocxWriter())
