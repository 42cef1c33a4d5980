"""DOCX notices (:mod:`convert.core.notices`): each a paragraph in its own *Notice* style,
shaded and bordered, its label in bold; the top ones after the title (or first in the
body), the truncation notice last. A reference DOCX with a *Notice* style keeps its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from convert.core.notices import Notice
from convert.writers._docx_blocks import add_paragraph
from convert.writers._outline import xml_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from convert.writers._docx_styles import StyleIds

STYLE = "Notice"
#: Shading and border colours (light grey fill, mid grey rule), and the text's size in points.
FILL = "F2F2F2"
RULE = "999999"
SIZE = 10


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def notice_style(document: DocxDocument) -> Any:
    """The *Notice* paragraph style: the document's own if it has one, else one based on
    *Normal*: shaded, with a thin border, no first-line indent, smaller grey text."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor
    from lxml import etree

    try:
        return document.styles[STYLE]
    except KeyError:
        pass
    style = document.styles.add_style(STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(SIZE)
    style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    fmt = style.paragraph_format
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(6)
    fmt.first_line_indent = Pt(0)
    ppr = style.element.get_or_add_pPr()
    # (schema order of w:pPr: ... keepNext, ..., pBdr, shd, ..., spacing, ind, ...)
    borders = etree.Element(_qn("w:pBdr"))
    for side in ("top", "left", "bottom", "right"):
        etree.SubElement(
            borders,
            _qn(f"w:{side}"),
            {_qn("w:val"): "single", _qn("w:sz"): "4", _qn("w:space"): "4", _qn("w:color"): RULE},
        )
    shading = etree.Element(_qn("w:shd"), {_qn("w:val"): "clear", _qn("w:color"): "auto", _qn("w:fill"): FILL})
    ppr.insert(0, shading)
    ppr.insert(0, borders)
    ind = ppr.find(_qn("w:ind"))
    if ind is not None:
        for attr in ("w:firstLineChars", "w:hangingChars", "w:hanging"):
            ind.attrib.pop(_qn(attr), None)
        ind.set(_qn("w:firstLineChars"), "0")
        ind.set(_qn("w:firstLine"), "0")
    return style


def _paragraph(document: DocxDocument, notice: Notice, style_id: str | None) -> Any:
    """A new *Notice* paragraph at the end of the body: the label in bold, then the text."""
    paragraph = add_paragraph(document, "", style_id)
    paragraph.add_run(xml_text(notice.label)).bold = True
    paragraph.add_run(notice.gap + xml_text(notice.text))
    return paragraph


def add_notices(document: DocxDocument, notices: Sequence[Notice], style_id: StyleIds) -> None:
    """Put ``notices`` into the body written so far: the top ones after a leading *Title*
    paragraph (else first), the bottom ones (the truncation) at the end. ``style_id``: the
    document's style ids (the *Notice* style is added through it, by :func:`notice_style`)."""
    if not notices:
        return
    style = style_id(STYLE, make=notice_style)
    body = document.element.body
    children = [c for c in body if c.tag != _qn("w:sectPr")]
    at = 0
    if children and children[0].tag == _qn("w:p"):
        pstyle = children[0].find(f"{_qn('w:pPr')}/{_qn('w:pStyle')}")
        title_id = style_id.existing("Title") or "Title"
        if pstyle is not None and pstyle.get(_qn("w:val")) == title_id:
            at = 1
    for notice in notices:
        paragraph = _paragraph(document, notice, style)
        if not notice.bottom:
            body.remove(paragraph._p)
            body.insert(at, paragraph._p)
            at += 1
