"""Tables, pictures, numbered lists, footnotes and code listings in a DOCX (python-docx and
its lxml elements; python-docx has no footnote or list-numbering API, so those are built here).

- A :class:`~convert.core.model.Table` becomes a Word table with borders on every cell, its
  header rows repeated on each page (``w:tblHeader``), merged cells for spans, column widths
  after the text width of each column (East Asian characters counting double) fitted to the
  page, and its caption above it in the *Caption* style.
- A :class:`~convert.core.model.Figure` becomes an inline picture as wide as the image at
  96 dpi, never wider than the text; its caption goes below in the *Caption* style.
- A :class:`~convert.core.model.ListBlock` becomes *List Paragraph* paragraphs numbered by
  Word (a bullet and a decimal abstract numbering, one level per depth; every list and
  every nested run restarts its own count).
- A :class:`~convert.core.model.Footnote` whose marker was found becomes a Word footnote
  referenced at the marker (``w:footnoteReference``).
- A :class:`~convert.core.model.Code` listing becomes one paragraph in the *Source Code*
  style (:func:`~convert.writers._docx_styles.code_style`) whose lines are separated by line
  breaks (``w:br``): the listing stays one unit, spaced from the text around it but not
  between its lines, as pandoc writes it; leading spaces are kept
  (``xml:space="preserve"``), tabs are ``w:tab``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from convert.core.model import Code, Figure, ListBlock, PageStart, Table
from convert.writers._outline import listing_lines, xml_text
from convert.writers._pages import bookmark_name, interleave
from convert.writers._parts import display_width

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: EMUs per inch and per twip; screen pixels per inch (an image's own size in Word).
EMU_INCH = 914400
EMU_TWIP = 635
PIXELS_INCH = 96
#: Column widths, in display columns (a CJK character is 2): the least and most a column
#: asks for before the widths are fitted to the page.
MIN_COLUMNS, MAX_COLUMNS = 4, 60
#: Word's default cell margins, left and right together (2 x 0.08 inch), in EMU; text
#: columns are taken 20 % wider than half an em, as bold and proportional Latin text runs.
CELL_MARGINS = 2 * 108 * EMU_TWIP
#: Bullet characters by depth, cycling.
BULLETS = ("\u2022", "\u25e6", "\u25aa")
#: Indent of list level 0 and per further level, and the hanging indent, in twips.
LIST_LEFT, LIST_STEP, LIST_HANG = 420, 420, 420


#: Schema order of the children of ``w:pPr`` and ``w:rPr`` (Word rejects misordered XML).
ORDER = {
    "pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
        "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
        "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split(),
    "rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
        "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
        "em lang eastAsianLayout specVanish oMath rPrChange"
    ).split(),
}


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _el(tag: str, **attrs: str) -> Any:
    """A new ``w:`` element with ``w:`` attributes (``val="x"`` -> ``w:val="x"``)."""
    from docx.oxml import OxmlElement

    return OxmlElement(tag, {_qn(f"w:{k}"): v for k, v in attrs.items()})


def text_width(document: DocxDocument) -> int:
    """The width between the margins of the last section, in EMU."""
    section = document.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return int(width) if width > 0 else int(6 * EMU_INCH)


def _plain_paragraph(paragraph: Any) -> None:
    """No first-line indent and left alignment (cells, pictures, list items do not take the
    body's two-character indent or justification)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    ppr = paragraph._p.get_or_add_pPr()
    ind = ppr.find(_qn("w:ind"))
    if ind is None:
        ind = _el("w:ind")
        ppr.append(ind)
        _reorder(ppr)
    for attr in ("w:firstLineChars", "w:hangingChars", "w:hanging"):
        ind.attrib.pop(_qn(attr), None)
    ind.set(_qn("w:firstLineChars"), "0")
    ind.set(_qn("w:firstLine"), "0")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _reorder(ppr: Any) -> None:
    """Put the children of a ``w:pPr`` back in schema order (Word rejects misordered XML)."""
    order = ORDER["pPr"]
    children = list(ppr)
    children.sort(key=lambda el: order.index(el.tag.split("}")[1]) if el.tag.split("}")[1] in order else len(order))
    for child in children:
        ppr.remove(child)
        ppr.append(child)


# ------------------------------------------------------------------------------------ tables


def column_widths(table: Table, available: int, char_emu: int) -> list[int]:
    """Each column's width in EMU: its widest one-column cell in display columns (kept
    within :data:`MIN_COLUMNS`..:data:`MAX_COLUMNS`, plus some room and the cell margins).
    When the table would be wider than ``available``, every column first gets room for its
    longest word or number (which cannot wrap: ``0.92`` must not become ``0.`` over ``92``;
    Chinese wraps between any two characters) and the rest of the width is shared out by
    what each column wants beyond that."""
    want = [MIN_COLUMNS] * table.columns
    need = [1] * table.columns
    for _, col, cell in table.placed():
        if cell.colspan == 1:
            widest = max((display_width(line) for line in cell.text.split("\n")), default=0)
            want[col] = max(want[col], min(widest, MAX_COLUMNS))
            need[col] = max(need[col], min(_longest_unbreakable(cell.text), MAX_COLUMNS))
    widths = [_emu(w, char_emu) for w in want]
    if sum(widths) <= available:
        return widths
    floors = [_emu(min(n, w), char_emu) for n, w in zip(need, want, strict=True)]
    if sum(floors) >= available:
        return [f * available // sum(floors) for f in floors]
    spare = available - sum(floors)
    extra = [w - f for w, f in zip(widths, floors, strict=True)]
    return [f + e * spare // max(sum(extra), 1) for f, e in zip(floors, extra, strict=True)]


def _emu(columns: int, char_emu: int) -> int:
    """Display columns as a cell width: some room, and the cell margins."""
    return (columns * 6 // 5 + 2) * char_emu + CELL_MARGINS


def _longest_unbreakable(text: str) -> int:
    """The display width of the longest run in ``text`` that a line cannot break inside: a
    word or number (wide characters break anywhere, so they count alone)."""
    longest = 0
    for word in text.split():
        run = 0
        for ch in word:
            if display_width(ch) == 2:
                longest, run = max(longest, run, 2), 0
            else:
                run += 1
        longest = max(longest, run)
    return longest


def _borders() -> Any:
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="auto"))
    return borders


#: Schema order of the children of ``w:tblPr``.
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()


def _set_table_properties(tbl: Any, width: int) -> None:
    """Borders on every cell and a fixed layout ``width`` EMU wide."""
    tblpr = tbl.tblPr
    for tag in ("tblBorders", "tblW", "tblLayout"):
        for old in tblpr.findall(_qn(f"w:{tag}")):
            tblpr.remove(old)
    tblpr.append(_borders())
    tblpr.append(_el("w:tblW", w=str(width // EMU_TWIP), type="dxa"))
    tblpr.append(_el("w:tblLayout", type="fixed"))
    children = sorted(tblpr, key=lambda el: TBLPR_ORDER.index(el.tag.split("}")[1]))
    for child in children:
        tblpr.remove(child)
        tblpr.append(child)


def _fill_cell(cell: Any, text: str, *, bold: bool) -> None:
    """The cell's text, one paragraph per line, unindented."""
    lines = xml_text(text).split("\n") or [""]
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        _plain_paragraph(paragraph)
        paragraph.paragraph_format.space_after = 0
        paragraph.paragraph_format.space_before = 0
        run = paragraph.add_run(line)
        run.bold = bold or None


def add_paragraph(document: DocxDocument, text: str = "", style_id: str | None = None) -> Any:
    """A new paragraph of ``text`` at the end of the body in the style whose id is
    ``style_id`` (:class:`~convert.writers._docx_styles.StyleIds`; ``None``: the default
    style), as python-docx's ``add_paragraph(text, style)`` makes it (a ``w:pPr`` always,
    a ``w:pStyle`` unless the style is the default) without looking the style up again."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def ends_with_table(document: DocxDocument) -> bool:
    """Whether the body's last element (before the section properties) is a table."""
    body = [el for el in document.element.body if el.tag != _qn("w:sectPr")]
    return bool(body) and body[-1].tag == _qn("w:tbl")


def add_caption(document: DocxDocument, text: str, style_id: str | None) -> Any:
    """A caption paragraph (``style_id``: *Caption*'s)."""
    paragraph = add_paragraph(document, xml_text(text), style_id)
    _plain_paragraph(paragraph)
    return paragraph


def add_table(document: DocxDocument, table: Table, char_emu: int, caption_style: str | None) -> None:
    """``table`` as a Word table (see the module docstring), caption above; ``char_emu`` is
    the width of one display column (half an em of the body text)."""
    if table.caption.strip():
        caption = add_caption(document, table.caption, caption_style)
        caption.paragraph_format.keep_with_next = True
        caption.paragraph_format.space_before = 6 * 12700  # apart from a table just before
    nrows, ncols = len(table.rows), table.columns
    if not nrows or not ncols:
        return
    from docx.table import _Cell

    widths = column_widths(table, text_width(document), char_emu)
    word = document.add_table(rows=0, cols=ncols)
    word.autofit = False
    _set_table_properties(word._tbl, sum(widths))
    for grid_col, width in zip(word._tbl.tblGrid.findall(_qn("w:gridCol")), widths, strict=True):
        grid_col.set(_qn("w:w"), str(width // EMU_TWIP))
    # The rows are written as XML in one pass (python-docx's cell(r, c) and merge() rebuild
    # the table's cell grid on every call: quadratic, minutes for a 60 x 60 table).
    starts = {(r, c): cell for r, c, cell in table.placed()}
    below: dict[tuple[int, int], int] = {}  # (row, column) -> colspan of a rowspan from above
    for (r, c), cell in starts.items():
        for dr in range(1, min(cell.rowspan, nrows - r)):
            below[(r + dr, c)] = min(cell.colspan, ncols - c)
    for r in range(nrows):
        tr = _el("w:tr")
        word._tbl.append(tr)
        if r < table.header_rows:  # repeated at the top of every page the table runs onto, kept whole
            tr.append(_el("w:trPr"))
            tr[0].append(_el("w:cantSplit"))
            tr[0].append(_el("w:tblHeader"))
        c = 0
        while c < ncols:
            cell = starts.get((r, c))
            if cell is not None:
                span = min(cell.colspan, ncols - c)
                merge = "restart" if cell.rowspan > 1 and r + 1 < nrows else None
                tc = _new_cell(sum(widths[c : c + span]), span, merge)
                tr.append(tc)
                _fill_cell(_Cell(tc, word), cell.text, bold=r < table.header_rows)
            else:
                span = below.get((r, c), 1)
                tr.append(_new_cell(sum(widths[c : c + span]), span, "continue" if (r, c) in below else None))
            c += span


def _new_cell(width: int, span: int, merge: str | None) -> Any:
    """An empty ``w:tc`` ``width`` EMU wide spanning ``span`` grid columns; ``merge`` is
    ``"restart"`` for the first cell of a row span, ``"continue"`` for the cells under it."""
    tc = _el("w:tc")
    props = _el("w:tcPr")
    props.append(_el("w:tcW", w=str(width // EMU_TWIP), type="dxa"))
    if span > 1:
        props.append(_el("w:gridSpan", val=str(span)))
    if merge == "restart":
        props.append(_el("w:vMerge", val="restart"))
    elif merge == "continue":
        props.append(_el("w:vMerge"))
    tc.append(props)
    tc.append(_el("w:p"))
    return tc


# ----------------------------------------------------------------------------------- figures


def picture_bytes(figure: Figure) -> tuple[bytes, int] | None:
    """Image data python-docx can embed and its width in pixels: the figure's own bytes when
    python-docx reads them, else a PNG made with Pillow (WebP, for instance); ``None`` when
    neither can read them."""
    from docx.image.image import Image

    if not figure.data:
        return None
    try:
        image = Image.from_blob(figure.data)
        return figure.data, image.px_width
    except Exception:
        pass
    try:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(figure.data)) as pil:
            buffer = io.BytesIO()
            pil.save(buffer, format="PNG")
            return buffer.getvalue(), pil.width
    except Exception:
        return None


def add_figure(document: DocxDocument, figure: Figure, caption_style: str | None) -> bool:
    """The picture (centred, as wide as at 96 dpi but within the text) and its caption below.
    Returns ``False`` when the image data could not be read: then only the caption is
    written."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    found = picture_bytes(figure)
    if found is not None:
        data, pixels = found
        width = min((figure.width or pixels) * EMU_INCH // PIXELS_INCH, text_width(document))
        paragraph = document.add_paragraph()
        _plain_paragraph(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = bool(figure.caption.strip())
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data), width=max(width, 1))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", xml_text(figure.alt or figure.caption)[:1000])
        if figure.name:
            doc_pr.set("name", xml_text(figure.name))
    text = figure.caption.strip() or (figure.alt.strip() if found is None else "")
    if text:
        add_caption(document, text, caption_style)
    return found is not None


# ------------------------------------------------------------------------------------- lists


class Numbering:
    """The document's numbering part with a bullet and a decimal abstract numbering added,
    handing out a fresh numbering instance (``w:num``) for every list or nested run, so each
    starts its own count."""

    def __init__(self, document: DocxDocument) -> None:
        self.root = document.part.numbering_part.element
        abstract = self.root.findall(_qn("w:abstractNum"))
        used = [int(a.get(_qn("w:abstractNumId"))) for a in abstract]
        self.bullet = max(used, default=-1) + 1
        self.decimal = self.bullet + 1
        at = self.root.index(abstract[-1]) + 1 if abstract else 0
        for offset, (ident, ordered) in enumerate(((self.bullet, False), (self.decimal, True))):
            self.root.insert(at + offset, self._abstract(ident, ordered=ordered))

    @staticmethod
    def _abstract(ident: int, *, ordered: bool) -> Any:
        element = _el("w:abstractNum", abstractNumId=str(ident))
        element.append(_el("w:multiLevelType", val="hybridMultilevel"))
        for level in range(9):
            lvl = _el("w:lvl", ilvl=str(level))
            lvl.append(_el("w:start", val="1"))
            lvl.append(_el("w:numFmt", val="decimal" if ordered else "bullet"))
            lvl.append(_el("w:lvlText", val=f"%{level + 1}." if ordered else BULLETS[level % len(BULLETS)]))
            lvl.append(_el("w:lvlJc", val="left"))
            ppr = _el("w:pPr")
            ppr.append(_el("w:ind", left=str(LIST_LEFT + level * LIST_STEP), hanging=str(LIST_HANG)))
            lvl.append(ppr)
            element.append(lvl)
        return element

    def new(self, *, ordered: bool, level: int, start: int) -> int:
        """A new numbering instance whose ``level`` counts from ``start``; its ``numId``."""
        ids = [int(n.get(_qn("w:numId"))) for n in self.root.findall(_qn("w:num"))]
        num_id = max(ids, default=0) + 1
        num = _el("w:num", numId=str(num_id))
        num.append(_el("w:abstractNumId", val=str(self.decimal if ordered else self.bullet)))
        override = _el("w:lvlOverride", ilvl=str(level))
        override.append(_el("w:startOverride", val=str(max(start, 0))))
        num.append(override)
        self.root.append(num)
        return num_id


def add_list(document: DocxDocument, block: ListBlock, numbering: Numbering, style_id: str | None) -> None:
    """One paragraph per item (``style_id``: *List Paragraph*'s), numbered by Word at the item's depth."""
    runs: dict[int, tuple[bool, int]] = {}  # depth -> (ordered, numId) of the run in progress
    for item in block.items:
        depth = max(0, min(item.depth, 8))
        ordered = item.ordered or (depth == 0 and block.ordered)
        for deeper in [d for d in runs if d > depth]:
            del runs[deeper]
        current = runs.get(depth)
        if current is None or current[0] != ordered:
            start = block.start if depth == 0 and current is None else 1
            current = (ordered, numbering.new(ordered=ordered, level=depth, start=start))
            runs[depth] = current
        paragraph = add_paragraph(document, xml_text(" ".join(item.text.split("\n")).strip()), style_id)
        ppr = paragraph._p.get_or_add_pPr()
        num_pr = _el("w:numPr")
        num_pr.append(_el("w:ilvl", val=str(depth)))
        num_pr.append(_el("w:numId", val=str(current[1])))
        ppr.append(num_pr)
        ind = _el("w:ind", left=str(LIST_LEFT + depth * LIST_STEP), hanging=str(LIST_HANG))
        ind.set(_qn("w:firstLineChars"), "0")
        ppr.append(ind)
        _reorder(ppr)
        paragraph.paragraph_format.space_after = 0


# ------------------------------------------------------------------------------------- code


def add_code(document: DocxDocument, block: Code, style_id: str | None) -> Any:
    """A listing as one paragraph (``style_id``: *Source Code*'s) holding one run, its lines
    separated by ``w:br`` (python-docx writes ``\\n`` as one, a tab as ``w:tab`` and keeps
    the spaces at a text's ends); ``None`` when the listing is blank."""
    lines = listing_lines(xml_text(block.text))
    if not lines:
        return None
    paragraph = add_paragraph(document, "", style_id)
    paragraph.add_run("\n".join(lines))
    return paragraph


# --------------------------------------------------------------------------------- footnotes

FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class Footnotes:
    """The ``word/footnotes.xml`` part, created on first use, and the notes added to it."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.root: Any = None

    def _part_root(self) -> Any:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml.parser import parse_xml

        main = self.document.part
        for rel in main.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                return rel.target_part.element  # type: ignore[attr-defined]
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(FOOTNOTES_XML), main.package)
        main.relate_to(part, RT.FOOTNOTES)
        return part.element

    def add(self, number: int, text: str, size_half_points: int) -> None:
        """Note ``number`` (also its ``w:id``) holding ``text``, its own mark first."""
        if self.root is None:
            self.root = self._part_root()
        note = _el("w:footnote", id=str(number))
        paragraph = _el("w:p")
        ppr = _el("w:pPr")
        ppr.append(_el("w:spacing", after="0", line="240", lineRule="auto"))
        ind = _el("w:ind", firstLine="0")
        ind.set(_qn("w:firstLineChars"), "0")
        ppr.append(ind)
        paragraph.append(ppr)
        mark = _el("w:r")
        mark_pr = _el("w:rPr")
        mark_pr.append(_el("w:vertAlign", val="superscript"))
        mark.append(mark_pr)
        mark.append(_el("w:footnoteRef"))
        paragraph.append(mark)
        body = _el("w:r")
        body_pr = _el("w:rPr")
        body_pr.append(_el("w:sz", val=str(size_half_points)))
        body.append(body_pr)
        t = _el("w:t")
        t.text = " " + xml_text(" ".join(text.split()))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        body.append(t)
        paragraph.append(body)
        note.append(paragraph)
        self.root.append(note)


def add_linked_paragraph(
    document: DocxDocument,
    text: str,
    style_id: str | None,
    links: Sequence[tuple[int, int, int]],
    pages: Sequence[PageStart] = (),
    bookmarks: Bookmarks | None = None,
) -> Any:
    """A paragraph of ``text`` (in the style ``style_id``) whose note markers (``links``: start, end, number) are Word
    footnote references: the printed marker is replaced by Word's own numbered mark; with
    ``bookmarks``, a bookmark where each of ``pages`` begins."""
    paragraph = add_paragraph(document, "", style_id)
    for piece in interleave(text, sorted(links), pages if bookmarks is not None else ()):
        if isinstance(piece, str):
            if piece:
                paragraph.add_run(xml_text(piece))
        elif isinstance(piece, PageStart):
            assert bookmarks is not None
            paragraph._p.extend(bookmarks.pair(piece))
        else:
            run = paragraph.add_run()
            rpr = run._r.get_or_add_rPr()
            rpr.append(_el("w:vertAlign", val="superscript"))
            run._r.append(_el("w:footnoteReference", id=str(piece[2])))
    return paragraph


# ------------------------------------------------------------------------------ page marks


class Bookmarks:
    """Bookmarks where source pages begin (``--page-marks``): named after the page's anchor
    (``page_47698``, ``p12``: :func:`~convert.writers._pages.bookmark_name`), with ids unique
    in the document."""

    def __init__(self) -> None:
        self.count = 0

    def pair(self, page: PageStart) -> list[Any]:
        """An empty bookmark (``w:bookmarkStart`` and ``w:bookmarkEnd``) for ``page``."""
        self.count += 1
        ident = str(self.count)
        return [_el("w:bookmarkStart", id=ident, name=bookmark_name(page)), _el("w:bookmarkEnd", id=ident)]

    def before(self, element: Any, pages: Sequence[PageStart]) -> None:
        """Bookmarks for ``pages`` at the start of ``element`` (a paragraph) or of its first
        paragraph (a table's first cell)."""
        if not pages:
            return
        paragraph = element if element.tag == _qn("w:p") else next(element.iter(_qn("w:p")), None)
        if paragraph is None:
            return
        at = 1 if len(paragraph) and paragraph[0].tag == _qn("w:pPr") else 0
        for el in reversed([el for ps in pages for el in self.pair(ps)]):
            paragraph.insert(at, el)
