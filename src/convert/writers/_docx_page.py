"""The DOCX page: paper size, margins, the document grid and the page-number footer, set on
the section (once per document, never per paragraph).

Paper follows the language (:func:`paper_for`): US Letter where Letter is the national
paper (CLDR's list of Letter territories: the United States, Canada, Mexico, the
Philippines, Chile, Colombia, Venezuela and Central America), A4 (ISO 216) everywhere else,
including a language tag without a region (``en``): A4 is what archives outside those
countries file, and the ISO default. ``-O docx.page=a4|letter`` overrides it.

``--style gongwen`` (:func:`gongwen_page`) lays out GB/T 9704-2012: A4, margins 37 mm top,
35 mm bottom, 28 mm left and 26 mm right (a 156 x 225 mm body), 22 lines of 28 characters
(a line grid and slightly condensed 16 pt type), and the page number as ``— 1 —`` on the
outside edge, one character in (odd pages right, even pages left), about 7 mm under the body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from convert.writers._docx_styles import GONGWEN_SIZE, TWIPS, child, qn

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section

#: Paper sizes in twips (width, height).
PAPER = {"a4": (11906, 16838), "letter": (12240, 15840)}
#: Margins in twips (top, right, bottom, left): Word's defaults, 2.54 cm and 3.17 cm for A4
#: (as Word sets them for Chinese), one inch all round for Letter (as Word sets them in the US).
MARGINS = {"a4": (1440, 1800, 1440, 1800), "letter": (1440, 1440, 1440, 1440)}
#: Territories whose paper is US Letter (CLDR supplemental measurement data, ``paperSize``).
LETTER_REGIONS = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())
#: Twips per millimetre.
MM = 1440 / 25.4
#: GB/T 9704-2012 5.2: margins in millimetres (top, right, bottom, left) and the grid.
GONGWEN_MARGINS_MM = (37, 26, 35, 28)
GONGWEN_LINES, GONGWEN_CHARS = 22, 28  # GB/T 9704 5.2.2
#: The page number's rule lies 7 mm under the body (GB/T 9704 7.5); the footer's distance
#: from the page edge puts the middle of a 14 pt line there.
GONGWEN_FOOTER_MM = 35 - 7 - 3.7
#: ``— 1 —``: em dashes (一字线) either side of the number.
DASH = "\u2014"


def paper_for(lang: str) -> str:
    """``letter`` when the BCP 47 tag ``lang`` names a Letter territory (``en-US``, ``fr-CA``,
    ``es-MX``), else ``a4``."""
    region = next((p for p in lang.split("-")[1:] if re.fullmatch(r"[A-Za-z]{2}", p)), "")
    return "letter" if region.upper() in LETTER_REGIONS else "a4"


def set_paper(section: Section, paper: str, *, margins: bool = True) -> None:
    """Portrait ``paper`` (``a4``/``letter``) on ``section``, with its :data:`MARGINS` unless
    ``margins`` is false (a reference document's margins are kept)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    width, height = PAPER[paper]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(width), Twips(height)
    if margins:
        top, right, bottom, left = MARGINS[paper]
        section.top_margin, section.right_margin = Twips(top), Twips(right)
        section.bottom_margin, section.left_margin = Twips(bottom), Twips(left)


def gongwen_page(section: Section) -> None:
    """GB/T 9704-2012 on ``section``: A4, its margins, header and footer distances, and a line
    grid of 22 lines (``w:docGrid type="lines"``, the pitch rounded down so 22 fit).

    The 28 characters a line come from the type, not from a character grid: 28 characters
    of 16 pt are 158 mm and the body is 156 mm wide, and with ``type="linesAndChars"``
    Word squeezes each into a 15.8 pt cell but LibreOffice gives each two cells (14 a line,
    measured with LibreOffice 7 on Debian). The body text is condensed by 0.25 pt instead
    (:data:`~convert.writers._docx_styles.GONGWEN_CONDENSE`), which puts exactly 28 on a line
    in both."""
    from docx.shared import Twips

    set_paper(section, "a4", margins=False)
    top, right, bottom, left = (round(mm * MM) for mm in GONGWEN_MARGINS_MM)
    section.top_margin, section.right_margin = Twips(top), Twips(right)
    section.bottom_margin, section.left_margin = Twips(bottom), Twips(left)
    section.header_distance = Twips(round(15 * MM))
    section.footer_distance = Twips(round(GONGWEN_FOOTER_MM * MM))
    grid = child(section._sectPr, "w:docGrid")
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str((PAPER["a4"][1] - top - bottom) // GONGWEN_LINES))


def _run(paragraph: Any) -> Any:
    """A new ``w:r`` at the end of ``paragraph``'s element."""
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    paragraph._p.append(run)
    return run


def _page_field(paragraph: Any, before: str = "", after: str = "") -> None:
    """``before``, a ``PAGE`` field (showing 1 until updated) and ``after`` at the end of
    ``paragraph``, as a complex field (begin, instruction, separate, result, end)."""
    from docx.oxml import OxmlElement

    def text(value: str) -> None:
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = value
        _run(paragraph).append(t)

    def char(kind: str) -> None:
        _run(paragraph).append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))

    if before:
        text(before)
    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    _run(paragraph).append(instr)
    char("separate")
    text("1")
    char("end")
    if after:
        text(after)


def _footer_paragraph(footer: Any) -> Any:
    """The footer's one paragraph, in the Footer style, emptied."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    for run in list(paragraph._p):
        if run.tag != qn("w:pPr"):
            paragraph._p.remove(run)
    return paragraph


def page_number_footer(document: DocxDocument) -> None:
    """A centred page number (a ``PAGE`` field) in the footer of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = _footer_paragraph(document.sections[-1].footer)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)


def gongwen_footer(document: DocxDocument) -> None:
    """``— 1 —`` on the outside edge one character in: odd pages right, even pages left
    (``w:evenAndOddHeaders``; GB/T 9704 7.5: 单页码居右空一字, 双页码居左空一字)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    section = document.sections[-1]
    document.settings.odd_and_even_pages_header_footer = True
    one_char = Twips(GONGWEN_SIZE * TWIPS)
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = _footer_paragraph(footer)
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = one_char
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.left_indent = one_char
        _page_field(paragraph, f"{DASH} ", f" {DASH}")
