"""DOCX output (python-docx): Word's built-in styles, CJK typography for Chinese documents,
core properties from the metadata, the provenance as custom properties
(``docProps/custom.xml``), notices in a shaded *Notice* style, byte-for-byte reproducible
(with ``SOURCE_DATE_EPOCH`` set, or ``--no-provenance``: the provenance records the time).

Blocks map to styles as the Markdown writer maps them to ``#`` marks: the title to *Title*,
``##`` to *Heading 1*, ``###`` to *Heading 2*..., paragraphs to *Normal*. With
``--reference-docx FILE`` (``-O docx.reference=FILE``, :class:`DocxOptions`) the file's body is
cleared and its styles are used as they are; otherwise python-docx's default template gets
sensible settings (for Chinese: SimSun/SimHei, zh-CN, 1.5 line spacing, two-character
first-line indent).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from convert.core.contracts import ConversionError, Options, Writer, WriterOptions, writer_option
from convert.core.hookspecs import hookimpl
from convert.core.model import Document, Figure, Footnote, ListBlock, Table
from convert.core.notices import notices
from convert.writers._docx_blocks import ORDER
from convert.writers._docx_notice import add_notices
from convert.writers._docx_provenance import set_custom_properties
from convert.writers._outline import document_datetime, fixed_datetime, is_chinese, items, language_tag, xml_text
from convert.writers._parts import parts
from convert.writers._provenance import PREFIX, properties
from convert.writers._zip import normalize_zip

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle

#: East Asian fonts: body text and headings, with the Chinese names Word also knows them by.
BODY_FONT_ZH = ("SimSun", "\u5b8b\u4f53")  # 宋体
HEADING_FONT_ZH = ("SimHei", "\u9ed1\u4f53")  # 黑体
LATIN_FONT_ZH = "Times New Roman"
BODY_SIZE_ZH = 12  # points (小四)
#: Footnote text size, in points.
NOTE_SIZE = 9
#: Twips per point.
TWIPS = 20


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _child(parent: Any, tag: str) -> Any:
    """The ``tag`` (``w:name``) child of ``parent``, created in schema order when missing."""
    from lxml import etree

    found = parent.find(_qn(tag))
    if found is not None:
        return found
    found = etree.Element(_qn(tag))
    order = ORDER.get(etree.QName(parent).localname, [])
    name = tag.split(":", 1)[1]
    rank = order.index(name) if name in order else len(order)
    for i, sibling in enumerate(parent):
        other = etree.QName(sibling).localname
        if other in order and order.index(other) > rank:
            parent.insert(i, found)
            return found
    parent.append(found)
    return found


def _set_fonts(rpr: Any, east_asia: str | None, latin: str | None) -> None:
    """Explicit fonts on a ``w:rPr`` (theme attributes would override them, so they go)."""
    rfonts = _child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(_qn(attr), None)
    if latin:
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(_qn(attr), latin)
    if east_asia:
        rfonts.set(_qn("w:eastAsia"), east_asia)
        rfonts.set(_qn("w:hint"), "eastAsia")


def _set_lang(rpr: Any, val: str, east_asia: str | None) -> None:
    lang = _child(rpr, "w:lang")
    lang.set(_qn("w:val"), val)
    if east_asia:
        lang.set(_qn("w:eastAsia"), east_asia)


def _set_indent(ppr: Any, chars: int, twips: int) -> None:
    """First-line indent in hundredths of a character (``firstLineChars``) and in twips."""
    ind = _child(ppr, "w:ind")
    ind.attrib.pop(_qn("w:hanging"), None)
    ind.attrib.pop(_qn("w:hangingChars"), None)
    ind.set(_qn("w:firstLineChars"), str(chars))
    ind.set(_qn("w:firstLine"), str(twips))


def _style(doc: DocxDocument, name: str, level: int = 0) -> ParagraphStyle:
    """The paragraph style ``name``, added (based on Normal) when a reference file lacks it."""
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return doc.styles[name]  # type: ignore[return-value]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        if level:
            style.font.bold = True
            ppr = style.element.get_or_add_pPr()
            _child(ppr, "w:keepNext")
            _child(ppr, "w:outlineLvl").set(_qn("w:val"), str(level - 1))
        return style  # type: ignore[return-value]


def _add_font_table_entries(doc: DocxDocument) -> None:
    """Declare SimSun/SimHei in the font table with their Chinese names as ``altName`` and
    the GB2312 character set, so applications substitute a CJK font when they lack them."""
    from lxml import etree

    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        names = {el.get(_qn("w:name")) for el in root.findall(_qn("w:font"))}
        for name, alt in (BODY_FONT_ZH, HEADING_FONT_ZH):
            if name in names:
                continue
            font = etree.SubElement(root, _qn("w:font"), {_qn("w:name"): name})
            etree.SubElement(font, _qn("w:altName"), {_qn("w:val"): alt})
            etree.SubElement(font, _qn("w:charset"), {_qn("w:val"): "86"})
            etree.SubElement(font, _qn("w:family"), {_qn("w:val"): "modern" if name == "SimHei" else "roman"})
            etree.SubElement(font, _qn("w:pitch"), {_qn("w:val"): "variable"})
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if hasattr(part, "_element"):  # an XmlPart serialises its element
            part._element = etree.fromstring(blob)
        else:
            part._blob = blob
        return


def _style_chinese(doc: DocxDocument) -> None:
    """CJK settings on the default template's styles (Normal, Title, Heading 1..9)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    styles_el = doc.styles.element
    defaults = styles_el.find(_qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, BODY_FONT_ZH[0], LATIN_FONT_ZH)
            _set_lang(rpr, "en-US", "zh-CN")

    normal = doc.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_FONT_ZH[0], LATIN_FONT_ZH)
    _set_lang(rpr, "en-US", "zh-CN")
    normal.font.size = Pt(BODY_SIZE_ZH)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _set_indent(normal.element.get_or_add_pPr(), 200, 2 * BODY_SIZE_ZH * TWIPS)

    for name, level in [("Title", 0)] + [(f"Heading {n}", n) for n in range(1, 10)]:
        style = _style(doc, name, level)
        rpr = style.element.get_or_add_rPr()
        _set_fonts(rpr, HEADING_FONT_ZH[0], LATIN_FONT_ZH)
        _set_lang(rpr, "en-US", "zh-CN")
        _set_indent(style.element.get_or_add_pPr(), 0, 0)  # headings are not indented
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if name == "Title":
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            style.font.size = Pt(22)
            style.paragraph_format.space_after = Pt(18)
        else:
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.space_after = Pt(6)
    font_lang = doc.settings.element.find(_qn("w:themeFontLang"))
    if font_lang is not None:
        font_lang.set(_qn("w:eastAsia"), "zh-CN")
    _add_font_table_entries(doc)


def _style_latin(doc: DocxDocument, lang: str) -> None:
    """An ordinary Latin style: the template's fonts, 1.15 line spacing, 6 pt after."""
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    _set_lang(normal.element.get_or_add_rPr(), lang, None)
    normal.font.size = Pt(11)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.space_after = Pt(6)


def _clear_body(doc: DocxDocument) -> None:
    """Remove everything from the body except the final section properties."""
    body = doc.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)


def _core_properties(doc: DocxDocument, source: Document, lang: str) -> None:
    """Core properties from the metadata; dates are the document's, never the current time."""
    props = doc.core_properties
    meta = source.meta
    title = next((i.text for i in items(source) if i.kind == "title"), meta.title or "")
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


def _write_parts(document: DocxDocument, doc: Document, *, chinese: bool) -> None:
    """Every block of ``doc`` (:func:`convert.writers._parts.parts`) into the body: text
    blocks in their styles, structures as Word tables, pictures, numbered lists and
    footnotes (:mod:`convert.writers._docx_blocks`)."""
    from convert.writers import _docx_blocks as blocks

    char_emu = (BODY_SIZE_ZH if chinese else 11) * 12700 // 2  # half an em: one display column
    numbering: blocks.Numbering | None = None
    caption = _style(document, "Caption")
    notes = blocks.Footnotes(document)
    for part in parts(doc):
        block, item = part.block, part.item
        if isinstance(block, Table):
            if not block.caption.strip() and blocks.ends_with_table(document):
                document.add_paragraph(style=_style(document, "Normal"))  # Word would join the two tables
            blocks.add_table(document, block, char_emu, caption)
        elif isinstance(block, Figure):
            blocks.add_figure(document, block, caption)
        elif isinstance(block, ListBlock):
            numbering = numbering or blocks.Numbering(document)
            blocks.add_list(document, block, numbering, _style(document, "List Paragraph"))
        elif isinstance(block, Footnote) and part.number:
            notes.add(part.number, block.text, NOTE_SIZE * 2)
        elif isinstance(block, Footnote):  # no reference found: the note as a paragraph
            text = f"{block.marker.strip()} {item.text}" if block.marker.strip() else item.text
            document.add_paragraph(xml_text(text), style=_style(document, "Normal"))
        else:
            if item.kind == "title":
                style = _style(document, "Title")
            elif item.kind == "heading":
                style = _style(document, f"Heading {item.level - 1}", item.level - 1)
            else:
                style = _style(document, "Normal")
            blocks.add_linked_paragraph(document, item.text, style, part.links)
    if blocks.ends_with_table(document):  # Word expects a paragraph after the last table
        document.add_paragraph(style=_style(document, "Normal"))


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


@dataclass(frozen=True)
class DocxOptions(WriterOptions):
    """The DOCX writer's options."""

    reference: Path | None = field(
        default=None,
        metadata=writer_option(
            help="DOCX whose styles the DOCX output uses (like pandoc's reference doc).", flag="--reference-docx"
        ),
    )

    def validate(self) -> None:
        """A reference must open as a DOCX, so a broken one is one usage error, not one error per file."""
        super().validate()
        if self.reference is not None:
            open_reference(self.reference)


class DocxWriter(Writer):
    name = "docx"
    description = "Word document with built-in Title/Heading/Normal styles (--reference-docx to restyle)."
    extension = ".docx"
    options_class = DocxOptions

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        import docx

        reference = cast(DocxOptions, self.options_from(options)).reference
        lang = language_tag(doc)
        if reference is not None:
            document = open_reference(reference)
            _clear_body(document)
            _drop_parts(document, styles_with_effects=False)
        else:
            document = docx.Document()
            _clear_body(document)
            if is_chinese(doc):
                _style_chinese(document)
            else:
                _style_latin(document, lang)
            _fix_app_properties(document)
            _drop_parts(document, styles_with_effects=True)

        _write_parts(document, doc, chinese=is_chinese(doc) and reference is None)
        if options.notices:
            add_notices(document, notices(doc))
        _core_properties(document, doc, lang)
        if doc.meta.provenance is not None:
            set_custom_properties(document, properties(doc.meta.provenance), f"{PREFIX}:")

        buffer = io.BytesIO()
        document.save(buffer)
        out.write(normalize_zip(buffer.getvalue(), fixed_datetime(doc)))


@hookimpl
def register_writers(register: Callable[[Writer], None]) -> None:
    register(DocxWriter())
