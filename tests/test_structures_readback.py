"""Tables, figures, lists and footnotes written as DOCX and EPUB and read back (issue 14):
python-docx and the package XML, pandoc, LibreOffice's PDF export, epubcheck."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tools import require, run_epubcheck, write

from convert.core.model import (
    Block,
    Cell,
    Document,
    Figure,
    Footnote,
    ListItem,
    Metadata,
    Origin,
    make_list,
    make_table,
)
from convert.writers._docx_blocks import column_widths
from convert.writers._notes import find_marker, link_notes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
X = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
OPF = {"opf": "http://www.idpf.org/2007/opf"}


def png(width: int = 240, height: int = 120) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


EN_TABLE = make_table(
    [["Office", "Budget", "Share"], ["Roads", "12", "30%"], ["Schools", "30", "70%"]],
    header_rows=1,
    caption="Table 1: County budget",
    origins=(Origin(3),),
)
# 地区 | 指标 (two columns) / 上限 | 下限 / 合肥 0.92 1.02 / 芜湖 1.11 1.19
ZH_TABLE = make_table(
    [
        [Cell(text="\u5730\u533a", rowspan=2), Cell(text="\u6307\u6807", colspan=2)],
        ["\u4e0a\u9650", "\u4e0b\u9650"],
        ["\u5408\u80a5", "0.92", "1.02"],
        ["\u829c\u6e56", "1.11", "1.19"],
    ],
    header_rows=2,
    caption="\u88681 \u5730\u533a\u6307\u6807",  # 表1 地区指标
    origins=(Origin(5),),
)
FIGURE = Figure(
    text="Figure 1: A red box",
    caption="Figure 1: A red box",
    alt="a red box",
    data=png(),
    media_type="image/png",
    name="figure-1.png",
    width=240,
    height=120,
    origins=(Origin(7),),
)
BROKEN = Figure(
    text="Figure 2: Lost image",
    caption="Figure 2: Lost image",
    data=b"not an image",
    media_type="image/png",
    name="figure-2.png",
    origins=(Origin(8),),
)
LIST = make_list(
    [
        ListItem(text="First step", marker="3.", ordered=True),
        ListItem(text="detail a", depth=1, marker="-"),
        ListItem(text="detail b", depth=1, marker="-"),
        ListItem(text="Second step", marker="4.", ordered=True),
        ListItem(text="sub one", depth=1, marker="1.", ordered=True),
        ListItem(text="sub two", depth=1, marker="2.", ordered=True),
    ],
    ordered=True,
    start=3,
    origins=(Origin(9),),
)
BULLETS = make_list([ListItem(text="apples"), ListItem(text="pears")], ordered=False, origins=(Origin(10),))
AGAIN = make_list([ListItem(text="restarted", ordered=True)], ordered=True, origins=(Origin(10, None),))
NOTE = Footnote(text="Figures in millions of yuan.", marker="1", origins=(Origin(12),), ref=Origin(2))
LOST_NOTE = Footnote(text="A note nobody refers to.", marker="2", origins=(Origin(13),), ref=Origin(99))

DOC = Document(
    meta=Metadata(title="County Report", language="en", date="2024-02-03"),
    blocks=(
        Block(kind="title", text="County Report", level=1, origins=(Origin(1),)),
        Block(kind="paragraph", text="The budget1 is set out below.", origins=(Origin(2),)),
        EN_TABLE,
        ZH_TABLE,
        FIGURE,
        BROKEN,
        LIST,
        BULLETS,
        AGAIN,
        Block(kind="paragraph", text="After the lists.", origins=(Origin(11),)),
        NOTE,
        LOST_NOTE,
    ),
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("structures")
    out = {}
    for fmt in ("docx", "epub"):
        out[fmt] = folder / f"report.{fmt}"
        out[fmt].write_bytes(write(DOC, fmt))
    return out


# ------------------------------------------------------------------------------------ helpers


def test_placed_cells_follow_spans() -> None:
    assert [(r, c, cell.text) for r, c, cell in ZH_TABLE.placed()][:4] == [
        (0, 0, "\u5730\u533a"),
        (0, 1, "\u6307\u6807"),
        (1, 1, "\u4e0a\u9650"),
        (1, 2, "\u4e0b\u9650"),
    ]


def test_column_widths_count_cjk_double_and_fit_the_page() -> None:
    wide = make_table([["\u4e2d" * 10, "abcdefghij"]])
    first, second = column_widths(wide, 10**9, 100)
    assert first > second
    many = make_table([["x" * 50] * 8])
    assert sum(column_widths(many, 5_000_000, 76200)) <= 5_000_000


def test_note_marker_found_at_a_word_end_only() -> None:
    assert find_marker("In 2021 the budget1 rose.", "1") == (18, 19)
    assert find_marker("\u9884\u7b97\u00b9\u3002", "1") == (2, 3)
    assert find_marker("see [2] here", "2") == (4, 7)
    assert find_marker("In 2021 it rose 1 point.", "1") is None
    assert find_marker("data here", "a") is None
    links = link_notes(DOC.blocks)
    assert [(block, [n for _, _, n in spans]) for block, spans in links.spans.items()] == [(1, [1])]


# --------------------------------------------------------------------------------------- DOCX


def _docx(path: Path) -> Any:
    import docx

    return docx.Document(str(path))


def _cell_texts(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_tables_cells_headers_borders_spans(files: dict[str, Path]) -> None:
    document = _docx(files["docx"])
    en, zh = document.tables
    assert _cell_texts(en) == [["Office", "Budget", "Share"], ["Roads", "12", "30%"], ["Schools", "30", "70%"]]
    # python-docx repeats a merged cell's text in every grid position it covers
    assert _cell_texts(zh)[0] == ["\u5730\u533a", "\u6307\u6807", "\u6307\u6807"]
    assert _cell_texts(zh)[2] == ["\u5408\u80a5", "0.92", "1.02"]
    tcs = zh._tbl.findall(f"{W}tr")[0].findall(f"{W}tc")
    assert tcs[1].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    assert tcs[0].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
    for table, header_rows in ((en, 1), (zh, 2)):
        rows = table._tbl.findall(f"{W}tr")
        marked = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows]
        assert marked == [i < header_rows for i in range(len(rows))]
        borders = table._tbl.tblPr.find(f"{W}tblBorders")
        assert {b.get(f"{W}val") for b in borders} == {"single"} and len(borders) == 6
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    grid = [int(col.get(f"{W}w")) * 635 for col in zh._tbl.tblGrid.findall(f"{W}gridCol")]
    assert sum(grid) <= text_width
    styles = [p.style.name for p in document.paragraphs]
    texts = [p.text for p in document.paragraphs]
    at = texts.index("Table 1: County budget")
    assert styles[at] == "Caption"
    body = [el.tag.split("}")[1] for el in document.element.body]
    assert body[body.index("tbl") - 1] == "p"  # the caption comes right before the table


def test_docx_picture_embedded_with_caption_below(files: dict[str, Path]) -> None:
    document = _docx(files["docx"])
    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    assert shape.width == 240 * 914400 // 96  # its own width at 96 dpi: within the text
    texts = [p.text for p in document.paragraphs]
    at = texts.index("Figure 1: A red box")
    assert document.paragraphs[at].style.name == "Caption"
    assert document.paragraphs[at - 1]._p.findall(f".//{W}drawing")
    assert "Figure 2: Lost image" in texts  # unreadable image: the caption alone
    with zipfile.ZipFile(files["docx"]) as z:
        assert [n for n in z.namelist() if n.startswith("word/media/")] == ["word/media/image1.png"]


def test_docx_picture_capped_to_text_width() -> None:
    import docx

    wide = Figure(text="", data=png(3000, 100), media_type="image/png", origins=(Origin(1),))
    document = docx.Document(io.BytesIO(write(Document(blocks=(wide,)), "docx")))
    section = document.sections[0]
    assert document.inline_shapes[0].width == section.page_width - section.left_margin - section.right_margin


def test_docx_lists_use_word_numbering_and_restart(files: dict[str, Path]) -> None:
    document = _docx(files["docx"])
    numbering = document.part.numbering_part.element
    abstract_formats = {
        a.get(f"{W}abstractNumId"): a.find(f"{W}lvl/{W}numFmt").get(f"{W}val")
        for a in numbering.findall(f"{W}abstractNum")
    }
    nums = {
        n.get(f"{W}numId"): (
            abstract_formats[n.find(f"{W}abstractNumId").get(f"{W}val")],
            n.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val"),
        )
        for n in numbering.findall(f"{W}num")
        if n.find(f"{W}lvlOverride/{W}startOverride") is not None  # (the template's own have none)
    }
    listed = []
    for p in document.paragraphs:
        num_pr = p._p.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = num_pr.find(f"{W}numId").get(f"{W}val")
            level = int(num_pr.find(f"{W}ilvl").get(f"{W}val"))
            listed.append((p.text, level, num_id))
    assert [t for t, _, _ in listed] == [i.text for i in LIST.items + BULLETS.items + AGAIN.items]
    by_text = {t: (level, nums[num_id], num_id) for t, level, num_id in listed}
    assert by_text["First step"][:2] == (0, ("decimal", "3"))
    assert by_text["detail a"][:2] == (1, ("bullet", "1"))
    assert by_text["sub one"][:2] == (1, ("decimal", "1"))
    assert by_text["apples"][1][0] == "bullet"
    assert by_text["restarted"][1] == ("decimal", "1")
    assert by_text["restarted"][2] != by_text["First step"][2]  # a new list restarts its count
    assert by_text["Second step"][2] == by_text["First step"][2]  # the same list goes on


def test_docx_footnote_is_a_word_footnote(files: dict[str, Path]) -> None:
    document = _docx(files["docx"])
    para = next(p for p in document.paragraphs if p.text.startswith("The budget"))
    assert para.text == "The budget is set out below."  # the printed marker became Word's mark
    refs = para._p.findall(f".//{W}footnoteReference")
    assert [r.get(f"{W}id") for r in refs] == ["1"]
    with zipfile.ZipFile(files["docx"]) as z:
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert "relationships/footnotes" in rels and "footnotes+xml" in types
    note = next(n for n in notes.findall(f"{W}footnote") if n.get(f"{W}id") == "1")
    assert "".join(note.itertext()).strip() == "Figures in millions of yuan."
    assert note.find(f".//{W}footnoteRef") is not None
    texts = [p.text for p in document.paragraphs]
    assert "2 A note nobody refers to." in texts  # no reference found: kept as a paragraph


def _pandoc_tables(path: Path, fmt: str) -> list[list[list[str]]]:
    """Every table pandoc reads in ``path``: its rows (head and body) of plain cell texts."""
    proc = subprocess.run(
        [require("pandoc"), "-f", fmt, "-t", "json", str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    found: list[list[list[str]]] = []

    def text(node: Any) -> str:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                return node["c"]
            if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
                return " "
            return text(node.get("c", []))
        if isinstance(node, list):
            return "".join(text(n) for n in node)
        return ""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Table":
                _, _, _, head, bodies, _ = node["c"]
                rows = head[1] + [row for body in bodies for row in body[2] + body[3]]
                found.append([[text(cell[4]).strip() for cell in row[1]] for row in rows])
                return
            walk(node.get("c"))
        elif isinstance(node, list):
            for n in node:
                walk(n)

    walk(json.loads(proc.stdout)["blocks"])
    return found


@pytest.mark.parametrize("fmt", ["docx", "epub"])
def test_pandoc_reads_the_tables_back(files: dict[str, Path], fmt: str) -> None:
    en, zh = _pandoc_tables(files[fmt], fmt)
    assert en == [[c.text for c in row] for row in EN_TABLE.rows]
    # pandoc's docx reader (2.x) drops spans: compare the unspanned rows cell by cell
    assert zh[2:] == [["\u5408\u80a5", "0.92", "1.02"], ["\u829c\u6e56", "1.11", "1.19"]]
    assert [c for c in zh[0] if c] == ["\u5730\u533a", "\u6307\u6807"]


def test_libreoffice_renders_table_and_picture(files: dict[str, Path], tmp_path: Path) -> None:
    soffice = require("soffice")
    proc = subprocess.run(
        [
            *(soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile"),
            *("--convert-to", "pdf", "--outdir", str(tmp_path), str(files["docx"])),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.is_file(), proc.stdout + proc.stderr
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        words = page.extract_text() or ""
        tables = page.find_tables()
        images = page.images
        png_path = tmp_path / "structures-page.png"
        import pypdfium2

        pdfium = pypdfium2.PdfDocument(str(pdf))
        pdfium[0].render(scale=1.5).to_pil().save(png_path)
        pdfium.close()
    print(f"rendered page: {png_path}")
    for cell in ("Office", "Budget", "Schools", "70%", "\u5408\u80a5", "0.92", "\u4e0b\u9650"):
        assert cell in words
    ruled = [t.extract() for t in tables]
    assert [["Office", "Budget", "Share"], ["Roads", "12", "30%"], ["Schools", "30", "70%"]] in ruled
    assert len(images) == 1 and round(images[0]["width"]) == round(240 * 72 / 96)
    assert "Figures in millions of yuan." in words


# --------------------------------------------------------------------------------------- EPUB


class Epub:
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.opf = etree.fromstring(self.zip.read("EPUB/content.opf"))

    def chapter(self) -> Any:
        return etree.fromstring(self.zip.read("EPUB/chapter-001.xhtml"))


def test_epub_table_markup(files: dict[str, Path]) -> None:
    page = Epub(files["epub"]).chapter()
    en, zh = page.findall(".//x:table", X)
    assert en.find("x:caption", X).text == "Table 1: County budget"
    assert [th.text for th in en.findall("x:thead/x:tr/x:th", X)] == ["Office", "Budget", "Share"]
    assert [[td.text for td in tr] for tr in en.findall("x:tbody/x:tr", X)] == [
        ["Roads", "12", "30%"],
        ["Schools", "30", "70%"],
    ]
    first = zh.findall("x:thead/x:tr", X)[0]
    assert [(th.get("rowspan"), th.get("colspan")) for th in first] == [("2", None), (None, "2")]
    assert len(zh.findall("x:thead/x:tr", X)) == 2 and len(zh.findall("x:tbody/x:tr", X)) == 2


def test_epub_figure_in_manifest(files: dict[str, Path]) -> None:
    book = Epub(files["epub"])
    page = book.chapter()
    figures = page.findall(".//x:figure", X)
    assert len(figures) == 1
    img = figures[0].find("x:img", X)
    assert img.get("alt") == "a red box"
    assert figures[0].find("x:figcaption", X).text == "Figure 1: A red box"
    items = {i.get("href"): i.get("media-type") for i in book.opf.findall("opf:manifest/opf:item", OPF)}
    assert items[img.get("src")] == "image/png"
    assert book.zip.read(f"EPUB/{img.get('src')}") == FIGURE.data
    captions = [p.text for p in page.findall(".//x:p[@class='caption']", X)]
    assert captions == ["Figure 2: Lost image"]


def test_epub_lists_nested(files: dict[str, Path]) -> None:
    page = Epub(files["epub"]).chapter()
    body = page.find("x:body", X)
    lists = [el for el in body if etree.QName(el).localname in ("ol", "ul")]
    assert [etree.QName(el).localname for el in lists] == ["ol", "ul", "ol"]
    first = lists[0]
    assert first.get("start") == "3" and lists[2].get("start") is None
    items = first.findall("x:li", X)
    assert [li.text for li in items] == ["First step", "Second step"]
    assert [li.text for li in items[0].findall("x:ul/x:li", X)] == ["detail a", "detail b"]
    assert [li.text for li in items[1].findall("x:ol/x:li", X)] == ["sub one", "sub two"]


def test_epub_footnote_aside_and_noteref(files: dict[str, Path]) -> None:
    page = Epub(files["epub"]).chapter()
    ref = page.find(".//x:a[@epub:type='noteref']", X)
    assert ref is not None and ref.get("href") == "#fn-1"
    aside = page.find(".//x:aside", X)
    assert aside.get("{http://www.idpf.org/2007/ops}type") == "footnote" and aside.get("id") == "fn-1"
    assert "Figures in millions of yuan." in "".join(aside.itertext())
    paragraph = ref.getparent()
    assert "".join(paragraph.itertext()) == "The budget1 is set out below."
    notes = [p.text for p in page.findall(".//x:p[@class='footnote']", X)]
    assert notes == ["2 A note nobody refers to."]


def test_epubcheck_all_four_kinds(files: dict[str, Path]) -> None:
    fatals, errors, warnings, output = run_epubcheck(files["epub"])
    assert (fatals, errors, warnings) == (0, 0, 0), output


def test_same_bytes_twice() -> None:
    for fmt in ("docx", "epub"):
        assert write(DOC, fmt) == write(DOC, fmt)


def test_figure_warning_counts_unreadable_images() -> None:
    from convert.writers._parts import figure_warning

    assert figure_warning(DOC) == "1 of 2 figure(s) without readable image data: only their captions are written"
    assert figure_warning(Document(blocks=(FIGURE,))) is None


def test_column_widths_keep_numbers_whole_when_the_table_is_squeezed() -> None:
    """A wide table: its number columns keep room for their numbers (LibreOffice wrapped
    ``0.92`` as ``0.`` over ``92`` on the Anhui page when every column was scaled down
    alike); the Chinese text columns, which wrap anywhere, give the room up."""
    from convert.writers._docx_blocks import _emu, column_widths

    long_han = "\u516c\u8def\u6280\u672f\u7b49\u7ea7" * 4
    table = make_table([[long_han, long_han, "80000\u2264Q", "0.92", "1.02", "1.11", "1.19", "1.26"]])
    available, char_emu = 5_000_000, 76200
    widths = column_widths(table, available, char_emu)
    assert sum(widths) <= available
    assert all(w >= _emu(4, char_emu) for w in widths[3:])
    assert widths[2] >= _emu(len("80000"), char_emu)
