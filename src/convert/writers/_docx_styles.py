"""The DOCX writer's house styles, set once on the styles part (never per paragraph).

- :func:`style_chinese`: the default style for Chinese: body and heading fonts by script
  (:data:`SIMPLIFIED`: SimSun/SimHei; :data:`TRADITIONAL`: PMingLiU/Microsoft JhengHei),
  the East Asian language tag, 1.5 line spacing, a two-character first-line indent.
- :func:`style_latin`: the default style for other languages.
- :func:`style_gongwen`: ``--style gongwen``, the type of GB/T 9704-2012 (official documents
  of Chinese state organs): 小标宋 title, 仿宋 body, 黑体/楷体/仿宋 heading levels, all in
  三号 (16 pt) but the 二号 (22 pt) title.
- :func:`black_headings`: Title, Subtitle, Heading 1-9 and Caption in black (python-docx's
  template colours them in Word's blue theme), sizes kept.
- :func:`code_style`: *Source Code* (pandoc's name, so a reference file made for pandoc
  styles listings too), added only to a document that has a code listing.

Every font is declared in ``word/fontTable.xml`` with its Chinese name as ``w:altName``, its
character set and family, so an application without it substitutes a font for that script.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from convert.writers._docx_blocks import ORDER

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle

    from convert.writers._docx_template import Template

#: Latin text in Chinese documents.
LATIN_FONT_ZH = "Times New Roman"
BODY_SIZE_ZH = 12  # points (小四)
#: GB/T 9704: 三号 (16 pt) for body text and headings, 二号 (22 pt) for the title.
GONGWEN_SIZE = 16
GONGWEN_TITLE_SIZE = 22
#: Twips per point.
TWIPS = 20
#: GB/T 9704's 28 characters of 16 pt are 158 mm, its body 156 mm wide: the text is condensed
#: by 0.25 pt (``w:spacing``, in twentieths of a point), so 28 characters (441 pt) fit on a
#: line of 442 pt and a 29th does not (see :func:`convert.writers._docx_page.gongwen_page`).
GONGWEN_CONDENSE = -5
#: Styles whose text colour :func:`black_headings` sets to black (with their linked
#: character styles, which Word shows when a heading is applied to part of a paragraph).
COLOURED_STYLES = ("Title", "Subtitle", *(f"Heading {n}" for n in range(1, 10)), "Caption")
#: Every style a house style sets.
HOUSE_STYLES = ("Normal", "Footer", *COLOURED_STYLES)
#: The paragraph style of code listings, and its fixed-width font for Latin text.
CODE_STYLE = "Source Code"
CODE_FONT = "Courier New"
#: Space before and after a listing, in points (its lines have none between them).
CODE_SPACE = 6


@dataclass(frozen=True, slots=True)
class Font:
    """A font as the DOCX asks for it.

    :param name: the name in ``w:rFonts`` (the family's English name, as Word on any
        language of Windows finds it).
    :param alt: its Chinese name (``w:altName`` in the font table).
    :param charset: ``w:charset`` in hexadecimal: ``86`` (134, GB2312) or ``88`` (136, Big5).
    :param family: ``w:family``: ``roman`` (serif, 宋/明), ``modern`` or ``swiss`` (sans, 黑).
    :param fallbacks: what to install or substitute when the font is missing (README).
    """

    name: str
    alt: str
    charset: str
    family: str
    fallbacks: tuple[str, ...] = ()


SIMSUN = Font("SimSun", "\u5b8b\u4f53", "86", "roman")  # 宋体
SIMHEI = Font("SimHei", "\u9ed1\u4f53", "86", "modern")  # 黑体
PMINGLIU = Font("PMingLiU", "\u65b0\u7d30\u660e\u9ad4", "88", "roman", ("MingLiU",))  # 新細明體
JHENGHEI = Font("Microsoft JhengHei", "\u5fae\u8edf\u6b63\u9ed1\u9ad4", "88", "swiss", ("PMingLiU",))  # 微軟正黑體
#: GB/T 9704's fonts: 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312 (and 黑体 above).
XIAOBIAOSONG = Font(
    "FZXiaoBiaoSong-B05S", "\u65b9\u6b63\u5c0f\u6807\u5b8b\u7b80\u4f53", "86", "roman", ("SimHei", "SimSun")
)
FANGSONG = Font("FangSong_GB2312", "\u4eff\u5b8b_GB2312", "86", "modern", ("FangSong", "\u4eff\u5b8b"))
KAITI = Font("KaiTi_GB2312", "\u6977\u4f53_GB2312", "86", "modern", ("KaiTi", "\u6977\u4f53"))


@dataclass(frozen=True, slots=True)
class Fonts:
    """The East Asian fonts of one script: body text and headings (and the title)."""

    body: Font
    heading: Font


SIMPLIFIED = Fonts(SIMSUN, SIMHEI)
TRADITIONAL = Fonts(PMINGLIU, JHENGHEI)


def qn(tag: str) -> str:
    """``w:name`` as a Clark name."""
    from docx.oxml.ns import qn as _qn

    return _qn(tag)


def child(parent: Any, tag: str) -> Any:
    """The ``tag`` (``w:name``) child of ``parent``, created in schema order when missing."""
    from lxml import etree

    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = etree.Element(qn(tag))
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


def set_fonts(rpr: Any, east_asia: str | None, latin: str | None) -> None:
    """Explicit fonts on a ``w:rPr`` (theme attributes would override them, so they go)."""
    rfonts = child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    if latin:
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), latin)
    if east_asia:
        rfonts.set(qn("w:eastAsia"), east_asia)
        rfonts.set(qn("w:hint"), "eastAsia")


def set_lang(rpr: Any, val: str, east_asia: str | None) -> None:
    """``w:lang`` on a ``w:rPr``: ``val`` for Latin text, ``east_asia`` for CJK text."""
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), val)
    if east_asia:
        lang.set(qn("w:eastAsia"), east_asia)


def set_indent(ppr: Any, chars: int, twips: int) -> None:
    """First-line indent in hundredths of a character (``firstLineChars``) and in twips."""
    ind = child(ppr, "w:ind")
    ind.attrib.pop(qn("w:hanging"), None)
    ind.attrib.pop(qn("w:hangingChars"), None)
    ind.set(qn("w:firstLineChars"), str(chars))
    ind.set(qn("w:firstLine"), str(twips))


def style(doc: DocxDocument, name: str, level: int = 0) -> ParagraphStyle:
    """The paragraph style ``name``, added (based on Normal) when a reference file lacks it."""
    from docx.enum.style import WD_STYLE_TYPE

    found = named(doc, name)
    if found is not None:
        return found
    added = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    added.base_style = doc.styles["Normal"]
    added.quick_style = True
    if level:
        added.font.bold = True
        ppr = added.element.get_or_add_pPr()
        child(ppr, "w:keepNext")
        child(ppr, "w:outlineLvl").set(qn("w:val"), str(level - 1))
    return added  # type: ignore[return-value]


class StyleIds:
    """The ``w:pStyle`` id of each paragraph style a document's body uses, by name, looked up
    once (python-docx's ``paragraph.style = ...`` looks the style up and walks every style
    for the default one on each paragraph). The default paragraph style's id is ``None``:
    python-docx writes no ``w:pStyle`` for it, only an empty ``w:pPr``.

    With ``base`` (the :class:`~convert.writers._docx_template.Template` the document was
    copied from) styles are looked up in the template, once per process, so the document's
    own styles part is not even read. A style the document lacks is added to it, as
    :func:`style` adds it (or as ``make`` does), when first asked for."""

    def __init__(self, doc: DocxDocument, base: Template | None = None) -> None:
        self.doc = doc
        self.source = base.document if base is not None else doc
        self.found: dict[str, str | None] = base.style_ids if base is not None else {}
        self.added: dict[str, str | None] = {}

    def __call__(self, name: str, level: int = 0, make: Callable[[DocxDocument], Any] | None = None) -> str | None:
        """The id of paragraph style ``name`` (``level``: a heading's, for a style added)."""
        from docx.enum.style import WD_STYLE_TYPE

        if name in self.found:
            return self.found[name]
        if name not in self.added:
            existing = named(self.source, name)
            if existing is not None:
                self.found[name] = self.source.part.get_style_id(existing, WD_STYLE_TYPE.PARAGRAPH)
                return self.found[name]
            added = make(self.doc) if make is not None else style(self.doc, name, level)
            self.added[name] = self.doc.part.get_style_id(added, WD_STYLE_TYPE.PARAGRAPH)
        return self.added[name]

    def existing(self, name: str) -> str | None:
        """The ``w:styleId`` of style ``name`` if the document has it (nothing is added)."""
        found = named(self.doc if name in self.added else self.source, name)
        return found.style_id if found is not None else None


def named(doc: DocxDocument, name: str) -> ParagraphStyle | None:
    """The style ``name`` of ``doc`` (as python-docx finds it), or ``None``."""
    import warnings

    try:
        with warnings.catch_warnings():  # a reference whose style has this id, not this name (pandoc's
            warnings.simplefilter("ignore", UserWarning)  # "caption"): python-docx warns and returns it
            return doc.styles[name]  # type: ignore[return-value]
    except KeyError:
        return None


def styles_named(doc: DocxDocument, names: Iterable[str]) -> dict[str, ParagraphStyle]:
    """The paragraph styles ``names`` (as Word shows them: ``Heading 1``), found in one pass
    over the styles part (python-docx's lookup by name walks every style each time); a
    missing one is added as :func:`style` adds it."""
    from docx.styles.style import StyleFactory

    names = list(names)
    wanted = {name.lower(): name for name in names}
    found: dict[str, ParagraphStyle] = {}
    name_tag, val, kind = qn("w:name"), qn("w:val"), qn("w:type")
    for element in doc.styles.element.iterchildren(qn("w:style")):
        name = element.find(name_tag)
        key = (name.get(val) or "").lower() if name is not None else ""
        if key in wanted and element.get(kind) == "paragraph" and wanted[key] not in found:
            found[wanted[key]] = StyleFactory(element)  # type: ignore[assignment]
    for name in names:
        if name not in found:
            found[name] = style(doc, name, int(name[-1]) if name.startswith("Heading ") else 0)
    return found


def _set_black(rpr: Any) -> None:
    """Black text on a ``w:rPr``: the theme colour (which would win over ``w:val``) goes."""
    color = child(rpr, "w:color")
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attr), None)
    color.set(qn("w:val"), "000000")


def black_headings(doc: DocxDocument, found: dict[str, ParagraphStyle] | None = None) -> None:
    """Title, Subtitle, Heading 1-9 and Caption (and their linked character styles) in black;
    the Title's blue rule under it goes. Sizes and weights are kept. ``found``: those styles
    by name, when the caller has them (:func:`styles_named`)."""
    found = found if found is not None else styles_named(doc, COLOURED_STYLES)
    style_id = qn("w:styleId")
    by_id = {el.get(style_id): el for el in doc.styles.element.iterchildren(qn("w:style"))}
    for name in COLOURED_STYLES:
        found_style = found[name]
        _set_black(found_style.element.get_or_add_rPr())
        ppr = found_style.element.pPr
        border = ppr.find(qn("w:pBdr")) if ppr is not None else None
        if border is not None:
            ppr.remove(border)
        link = found_style.element.find(qn("w:link"))
        linked = by_id.get(link.get(qn("w:val"))) if link is not None else None
        if linked is not None:
            _set_black(linked.get_or_add_rPr())


def _add_font_table_entries(doc: DocxDocument, fonts: tuple[Font, ...]) -> None:
    """Declare ``fonts`` in the font table with their Chinese names as ``altName``, their
    character set and family, so applications substitute a CJK font when they lack them."""
    from lxml import etree

    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        names = {el.get(qn("w:name")) for el in root.findall(qn("w:font"))}
        for font in fonts:
            if font.name in names:
                continue
            names.add(font.name)
            entry = etree.SubElement(root, qn("w:font"), {qn("w:name"): font.name})
            etree.SubElement(entry, qn("w:altName"), {qn("w:val"): font.alt})
            etree.SubElement(entry, qn("w:charset"), {qn("w:val"): font.charset})
            etree.SubElement(entry, qn("w:family"), {qn("w:val"): font.family})
            etree.SubElement(entry, qn("w:pitch"), {qn("w:val"): "variable"})
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if hasattr(part, "_element"):  # an XmlPart serialises its element
            part._element = etree.fromstring(blob)
        else:
            part._blob = blob
        return


def _default_rpr(doc: DocxDocument) -> Any:
    """The ``w:rPr`` of the document defaults (``w:docDefaults/w:rPrDefault``), made if missing."""
    defaults = child(doc.styles.element, "w:docDefaults")
    return child(child(defaults, "w:rPrDefault"), "w:rPr")


def _east_asian_defaults(
    doc: DocxDocument, body: Font, east_asia: str, size: int | None = None, *, normal: ParagraphStyle
) -> None:
    """The document defaults and Normal in ``body`` (Times New Roman for Latin text), the
    East Asian language ``east_asia``; the theme's East Asian language too."""
    from docx.shared import Pt

    rpr = _default_rpr(doc)
    set_fonts(rpr, body.name, LATIN_FONT_ZH)
    set_lang(rpr, "en-US", east_asia)
    if size:
        for tag in ("w:sz", "w:szCs"):
            child(rpr, tag).set(qn("w:val"), str(size * 2))
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr, body.name, LATIN_FONT_ZH)
    set_lang(rpr, "en-US", east_asia)
    normal.font.size = Pt(size or BODY_SIZE_ZH)
    font_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if font_lang is not None:
        font_lang.set(qn("w:eastAsia"), east_asia)


def style_chinese(doc: DocxDocument, fonts: Fonts = SIMPLIFIED, east_asia: str = "zh-CN") -> None:
    """CJK settings on the default template's styles (Normal, Title, Heading 1..9): ``fonts``
    for body and headings, ``east_asia`` as the East Asian language (``zh-CN``, ``zh-TW``,
    ``zh-HK``), 1.5 lines, justified, a two-character first-line indent, black headings."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    headings = ["Title", *(f"Heading {n}" for n in range(1, 10))]
    found_styles = styles_named(doc, HOUSE_STYLES)
    _east_asian_defaults(doc, fonts.body, east_asia, normal=found_styles["Normal"])
    fmt = found_styles["Normal"].paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    set_indent(found_styles["Normal"].element.get_or_add_pPr(), 200, 2 * BODY_SIZE_ZH * TWIPS)

    for name in headings:
        found = found_styles[name]
        rpr = found.element.get_or_add_rPr()
        set_fonts(rpr, fonts.heading.name, LATIN_FONT_ZH)
        set_lang(rpr, "en-US", east_asia)
        set_indent(found.element.get_or_add_pPr(), 0, 0)  # headings are not indented
        found.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if name == "Title":
            found.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            found.font.size = Pt(22)
            found.paragraph_format.space_after = Pt(18)
        else:
            found.paragraph_format.space_before = Pt(12)
            found.paragraph_format.space_after = Pt(6)
    _unindented_footer(found_styles["Footer"])
    black_headings(doc, found_styles)
    _add_font_table_entries(doc, (fonts.body, fonts.heading))


def style_latin(doc: DocxDocument, lang: str) -> None:
    """An ordinary Latin style: the template's fonts, 1.15 line spacing, 6 pt after, black headings."""
    from docx.shared import Pt

    found = styles_named(doc, HOUSE_STYLES)
    normal = found["Normal"]
    set_lang(normal.element.get_or_add_rPr(), lang, None)
    normal.font.size = Pt(11)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.space_after = Pt(6)
    _unindented_footer(found["Footer"])
    black_headings(doc, found)


def _unindented_footer(footer: ParagraphStyle) -> None:
    """The Footer style without Normal's first-line indent and spacing (the page number is
    centred on the page, not on the page less an indent)."""
    from docx.shared import Pt

    set_indent(footer.element.get_or_add_pPr(), 0, 0)
    footer.paragraph_format.space_before = Pt(0)
    footer.paragraph_format.space_after = Pt(0)


#: ``--style gongwen``: per heading level (Heading 1 is the document's first level, the
#: \u4e00\u3001 level), its font and whether it is bold. GB/T 9704-2012 7.3.3: the first
#: level in 黑体, the second in 楷体, the third and fourth in 仿宋; the third is usually
#: set in bold 仿宋 (common practice in offices' implementing rules, not the standard's text).
GONGWEN_HEADINGS = {1: (SIMHEI, False), 2: (KAITI, False), 3: (FANGSONG, True)}


def style_gongwen(doc: DocxDocument, east_asia: str = "zh-CN") -> None:
    """GB/T 9704-2012 type on the default template's styles.

    The body in 仿宋_GB2312 三号 (16 pt), justified, a two-character first-line indent, no
    space before or after, single lines on the document's line grid, condensed by 0.25 pt
    so a line holds 28 characters (:func:`convert.writers._docx_page.gongwen_page` sets
    22 lines a page); the title in 方正小标宋简体 二号 (22 pt), centred, one line after
    it; headings by level (:data:`GONGWEN_HEADINGS`, deeper levels in 仿宋) in 三号,
    indented like body text, never coloured; the page number in 宋体 四号 (14 pt).
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    found = styles_named(doc, HOUSE_STYLES)
    normal = found["Normal"]
    _east_asian_defaults(doc, FANGSONG, east_asia, GONGWEN_SIZE, normal=normal)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    set_indent(normal.element.get_or_add_pPr(), 200, 2 * GONGWEN_SIZE * TWIPS)
    for rpr in (normal.element.get_or_add_rPr(), _default_rpr(doc)):
        child(rpr, "w:spacing").set(qn("w:val"), str(GONGWEN_CONDENSE))

    black_headings(doc, found)
    title = found["Title"]
    set_fonts(title.element.get_or_add_rPr(), XIAOBIAOSONG.name, LATIN_FONT_ZH)
    title.font.size = Pt(GONGWEN_TITLE_SIZE)
    title.font.bold = False
    title.font.italic = False
    _no_spacing_attributes(title.element.get_or_add_rPr())
    set_indent(title.element.get_or_add_pPr(), 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.paragraph_format.space_before = Pt(0)
    spacing = child(title.element.get_or_add_pPr(), "w:spacing")  # one grid line after the title
    spacing.set(qn("w:after"), str(GONGWEN_SIZE * TWIPS))
    spacing.set(qn("w:afterLines"), "100")
    for level in range(1, 10):
        font, bold = GONGWEN_HEADINGS.get(level, (FANGSONG, False))
        heading = found[f"Heading {level}"]
        set_fonts(heading.element.get_or_add_rPr(), font.name, LATIN_FONT_ZH)
        heading.font.size = Pt(GONGWEN_SIZE)
        heading.font.bold = bold
        heading.font.italic = False
        set_indent(heading.element.get_or_add_pPr(), 200, 2 * GONGWEN_SIZE * TWIPS)
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        heading.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        heading.paragraph_format.space_before = Pt(0)
        heading.paragraph_format.space_after = Pt(0)
    footer = found["Footer"]
    _unindented_footer(footer)
    set_fonts(footer.element.get_or_add_rPr(), SIMSUN.name, SIMSUN.name)  # 半角宋体 numerals
    footer.font.size = Pt(14)  # 四号
    _add_font_table_entries(doc, (FANGSONG, XIAOBIAOSONG, SIMHEI, KAITI, SIMSUN))


def _no_spacing_attributes(rpr: Any) -> None:
    """Drop the template's letter spacing and kerning from a title's ``w:rPr``."""
    for tag in ("w:spacing", "w:kern"):
        found = rpr.find(qn(tag))
        if found is not None:
            rpr.remove(found)


def code_style(doc: DocxDocument) -> ParagraphStyle:
    """:data:`CODE_STYLE` added to ``doc``, based on Normal: :data:`CODE_FONT` for Latin text
    (the East Asian font stays Normal's), no spelling marks, single lines with
    :data:`CODE_SPACE` points before and after the listing, no first-line indent, left
    aligned (never justified)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    added = doc.styles.add_style(CODE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    added.base_style = doc.styles["Normal"]
    added.quick_style = True
    rpr = added.element.get_or_add_rPr()
    set_fonts(rpr, None, CODE_FONT)
    child(rpr, "w:noProof")
    fmt = added.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(CODE_SPACE)
    fmt.space_after = Pt(CODE_SPACE)
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    set_indent(added.element.get_or_add_pPr(), 0, 0)
    return added  # type: ignore[return-value]
