"""The PDF reader: furniture by position and repetition, watermarks, paragraphs, errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from convert.core.contracts import ConversionError, Options, Source
from convert.core.textutil import fold_masked as mask
from convert.readers.pdf.layout import is_page_number

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"
SITE = "\u516c\u6587\u5802"  # the site name used as header and watermark
PARA = "\u6539\u9769\u53d1\u5c55\u7a33\u5b9a\u662f\u5f53\u524d\u5de5\u4f5c\u7684\u91cd\u70b9"  # 16 Han characters


def read_pdf(data: bytes, name: str = "x.pdf"):  # type: ignore[no-untyped-def]
    from convert.readers.pdf import PdfReader

    return PdfReader().read(Source(name=name, data=data), Options())


def site_pdf(pages: int = 3) -> bytes:
    """A speech as a site download: header, page numbers, rotated light watermark; the
    paragraph at the end of page 1 continues on page 2."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    for n in range(1, pages + 1):
        c.saveState()
        c.setFillColorRGB(0.85, 0.85, 0.85)
        c.setFont("STSong-Light", 60)
        c.translate(width / 2, height / 2)
        c.rotate(40)
        c.drawCentredString(0, 0, SITE)
        c.restoreState()
        c.setFont("STSong-Light", 9)
        c.drawRightString(width - 72, height - 45, f"{SITE}  www.example.cn")
        c.drawCentredString(width / 2, 40, f"\u7b2c {n} \u9875 \u5171 {pages} \u9875")
        y = height - 100
        if n == 1:
            c.setFont("STSong-Light", 20)
            c.drawString(150, y, "\u5173\u4e8e\u52a0\u5f3a\u5de5\u4f5c\u7684\u8bb2\u8bdd")  # the title
            y -= 50
        c.setFont("STSong-Light", 12)
        for i in range(30):
            first = i % 6 == 0 and not (n > 1 and i == 0)
            text = (PARA * 2)[: 26 if first else 28] + ("\u3002" if i % 6 == 5 else "")
            c.drawString(72 + (24 if first else 0), y, text)
            y -= 20
        c.showPage()
    c.save()
    return buf.getvalue()


def test_furniture_removed_and_recorded_with_pages() -> None:
    doc = read_pdf(site_pdf())
    texts = [line.text for line in doc.lines]
    assert not any(SITE in t for t in texts)
    assert not any("\u9875" in t and "\u5171" in t for t in texts)
    kinds = {(r.kind, r.origin.page) for r in doc.removals if r.origin}
    for page in (1, 2, 3):
        assert ("page-number", page) in kinds
        assert ("header", page) in kinds
        assert ("watermark", page) in kinds
    assert all(r.step == "pdf-reader" for r in doc.removals)
    assert doc.meta.pages == 3 and doc.meta.pages_present == 3


def test_no_watermark_fragments_survive() -> None:
    doc = read_pdf(site_pdf())
    short = [line.text for line in doc.lines if len(line.text) <= 4]
    assert not any(set(t) <= set(SITE) for t in short)


def test_paragraph_starts_title_and_page_continuation() -> None:
    doc = read_pdf(site_pdf())
    assert doc.lines[0].heading == 1
    body = doc.lines[1:]
    starts = [line for line in body if line.blank_before]
    assert len(starts) == 13  # indented first lines: 5 on page 1, 4 on pages 2 and 3 (each opens mid-paragraph)
    page2 = [line for line in body if line.origin.page == 2]
    assert not page2[0].blank_before  # the paragraph continues from page 1
    assert all(line.origin.line >= 1 for line in doc.lines)
    assert [line.origin.page for line in doc.lines] == sorted(line.origin.page or 0 for line in doc.lines)


def test_masking_and_page_numbers() -> None:
    assert mask("\u7b2c 3 \u9875 \u5171 6 \u9875") == mask("\u7b2c 4 \u9875 \u5171 6 \u9875")
    assert mask("Page 3 of 6") == mask("Page 10 of 16")
    for text in (
        "- 3 -",
        "3/6",
        "Page 3 of 6",
        "\u7b2c 3 \u9875",
        "17",
        "\u7b2c3\u9875 \u5171 6 \u9875",
        "7-45",
        "A-3",
    ):
        assert is_page_number(text), text  # (7-45: a chapter's page, as handbooks number them)
    for text in ("3. Results", "2019-2020", "Figure 7-45", "x - 1", "n-1", "a-3"):
        assert not is_page_number(text), text


def test_scanned_pdf_has_no_text_layer() -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 300, 400, fill=1)  # an "image" of a page: drawing only, no text
    c.showPage()
    c.save()
    with pytest.raises(ConversionError, match="no text layer"):
        read_pdf(buf.getvalue())


def test_encrypted_pdf() -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(100, 700, "Confidential text")
    c.showPage()
    c.save()
    with pytest.raises(ConversionError, match="encrypted"):
        read_pdf(buf.getvalue())


@pytest.mark.parametrize("cut", [0.5, 0.1])
def test_truncated_pdf(cut: float) -> None:
    data = site_pdf(2)
    with pytest.raises(ConversionError, match=r"damaged|truncated|no text"):
        read_pdf(data[: int(len(data) * cut)])


def test_not_a_pdf() -> None:
    with pytest.raises(ConversionError, match="not a PDF"):
        read_pdf(b"hello, this is text\n" * 10)
    with pytest.raises(ConversionError, match="damaged"):
        read_pdf(b"%PDF-1.4\n" + b"\x00garbage" * 100)


def test_cli_error_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from convert.app.cli import cli

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    result = CliRunner().invoke(cli, ["convert", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "broken.pdf" in result.output
    assert not list((tmp_path / "out").glob("*.md")) if (tmp_path / "out").exists() else True


REAL_FURNITURE = {
    "zh-anhui-land-use-standard-2020-p173.pdf": ["\u5b89\u5fbd\u7701\u5efa\u8bbe\u7528\u5730\u4f7f\u7528\u6807\u51c6"],
    "en-federal-register-2020-17221.pdf": ["Federal Register / Vol. 85", "Federal Register/Vol. 85", "VerDate"],
    "en-arxiv-paper-creativity-ml.pdf": ["arXiv:1601.03642"],
    "en-scotus-transcript-p1.pdf": ["Official - Subject to Final Review"],
}
REAL_PAGE_NUMBERS = {
    "zh-anhui-land-use-standard-2020-p173.pdf": ["173"],
    "en-federal-register-2020-17221.pdf": [str(n) for n in range(47699, 47713)],
    "en-arxiv-paper-creativity-ml.pdf": [str(n) for n in range(1, 9)],
}


@pytest.mark.parametrize("path", sorted(REAL.glob("*.pdf")) if REAL.exists() else [], ids=lambda p: p.name)
def test_real_pdfs_convert_without_furniture(path: Path, convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(path.read_bytes(), name=path.name)
    assert doc.blocks
    texts = [b.text for b in doc.blocks]
    body = "\n".join(texts)
    for header in REAL_FURNITURE.get(path.name, []):
        assert header not in body, header
    for number in REAL_PAGE_NUMBERS.get(path.name, []):
        assert number not in [t.strip() for t in texts], number


def test_real_corpus_present_or_skipped() -> None:
    if not REAL.exists():
        pytest.skip("../shared is absent")
    assert list(REAL.glob("*.pdf"))


def minutes_pdf(small_print: tuple[str, ...] = (), site: tuple[str, ...] = ()) -> bytes:
    """An English page in a proportional font: a title wrapped before its year, paragraphs
    marked by space above them, lines that wrap before a capitalised word or an amount
    (and ``small_print`` lines in 7-point type after them, ``site`` lines above the title)."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    for k, text in enumerate(site):
        c.drawString(60, A4[1] - 30 - 13 * k, text)
    c.setFont("Helvetica-Bold", 18)
    c.drawCentredString(A4[0] / 2, A4[1] - 80, "Minutes of the Parish Council Meeting held on 12 March")
    c.drawCentredString(A4[0] / 2, A4[1] - 102, "2024")
    paragraphs = [
        [
            "Present: Councillor Jane Whitlock (Chair), Councillor Tom Ellery, Councillor Priya Nandra,",
            "Councillor Martin Cole and Councillor Ruth Barnes. In attendance: the Clerk and four members",
            "of the public.",
        ],
        [
            "The Council noted the bank reconciliation to 29 February 2024 and approved payments totalling",
            "\u00a33,412.60, as listed in the schedule circulated with the agenda, and it resolved to accept",
            "the quotation for the annual tree survey of all trees on council-owned land this spring.",
        ],
        [
            "Councillor Cole declared a personal interest in item 6, as a member of the allotment association.",
            "He took part in the discussion but did not vote on that item, and he left the room for the vote.",
        ],
        ["The next meeting will be held on Tuesday 9 April 2024 at 7.30 pm in the village hall."],
        ["There being no further business, the Chair closed the meeting at 9.05 pm."],
    ]
    c.setFont("Helvetica", 10)
    y = A4[1] - 150
    for lines in paragraphs:
        for text in lines:
            c.drawString(60, y, text)
            y -= 13
        y -= 10
    c.setFont("Helvetica", 7)
    for text in small_print:
        c.drawString(60, y, text)
        y -= 10
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_sites_small_print_after_the_last_paragraph_goes(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """Small print after the text on its last page, in a site's voice (a comment count, a
    disclaimer), is the site's; the minutes' own last sentence stays."""
    tail = ("12 comments", "Views expressed are the writer's own.")
    site = ("Sign in to comment | Subscribe to our newsletter", "Share this page: Facebook | X | Email")
    doc = convert_bytes(minutes_pdf(tail, site), "minutes.pdf")
    assert set(tail) <= {r.text for r in doc.removals}
    assert doc.blocks[-1].text.startswith("There being no further business")
    # without a site's other marks (a PDF not printed from a web page) the small print is the document's
    doc = convert_bytes(minutes_pdf(tail[1:]), "minutes.pdf")
    assert tail[1] in doc.body_text


def test_a_footnote_in_small_print_after_the_last_paragraph_stays(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    tail = ("1 See the clerk's report on the website for the full schedule of payments.",)
    doc = convert_bytes(minutes_pdf(tail), "minutes.pdf")
    assert tail[0] in doc.body_text


def test_wrapped_title_year_and_capitalised_continuations(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(minutes_pdf(), "minutes.pdf")
    assert doc.blocks[0].text == "Minutes of the Parish Council Meeting held on 12 March 2024"
    assert not any(r.text == "2024" for r in doc.removals)
    paragraphs = [b.text for b in doc.blocks[1:]]
    assert len(paragraphs) == 5, paragraphs
    assert paragraphs[0].startswith("Present:") and paragraphs[0].endswith("of the public.")
    assert "totalling \u00a33,412.60" in paragraphs[1]
    assert "association. He took part" in paragraphs[2]


def test_cjk_fields_set_apart_keep_a_space_but_tracked_titles_get_none() -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("STSong-Light", 20)
    x = 200.0
    for ch in "\u901a\u77e5":  # 通知, drawn apart letter by letter
        c.drawString(x, 760, ch)
        x += 20 * 1.6
    c.setFont("STSong-Light", 12)
    fields = "\u65e5\u671f\uff1a2024\u5e745\u67089\u65e5  \u6765\u6e90\uff1a\u5e02\u53f8\u6cd5\u5c40"  # 日期：2024年5月9日  来源：市司法局
    c.drawString(72, 720, fields)
    for i in range(12):
        c.drawString(72, 690 - 20 * i, PARA + PARA[:10] + "\u3002")
    c.showPage()
    c.save()
    texts = [line.text for line in read_pdf(buf.getvalue()).lines]
    assert "\u901a\u77e5" in texts
    assert "\u65e5\u671f\uff1a2024\u5e745\u67089\u65e5 \u6765\u6e90\uff1a\u5e02\u53f8\u6cd5\u5c40" in texts
    assert all(" " not in t for t in texts if t.startswith(PARA[:4]))


def test_glyphs_without_a_character_are_counted_in_a_warning() -> None:
    """pdfminer writes a glyph its font maps to no character as ``(cid:N)``: the reader
    keeps the text as it is and says how many there are and on which pages."""
    path = SHARED / "corpus" / "external" / "pdf" / "robust" / "pdfminer" / "contrib_issue-598-cmap-other-fonts.pdf"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    from convert.readers.pdf import PdfReader

    doc = PdfReader().read(Source(name=path.name, data=path.read_bytes()), Options())
    assert any("1 glyph(s) with no character" in w and "(1)" in w for w in doc.warnings)


# ----------------------------------------------------------------------------- right to left, fills, metadata


def glyph(text: str, x0: float, top: float = 100.0, size: float = 12.0, colour: tuple[float, ...] = (0.0,)) -> dict:
    """One character as pdfplumber reports it (the keys the layout module reads)."""
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 0.6 * size,
        "top": top,
        "bottom": top + size,
        "size": size,
        "fontname": "Regular",
        "upright": True,
        "matrix": (1, 0, 0, 1, x0, 0),
        "non_stroking_color": colour,
    }


def spaced(visual: str, x0: float, top: float = 100.0, colour: tuple[float, ...] = (0.0,)) -> list[dict]:
    """Glyphs drawn left to right as they appear on the page (visual order), a word gap
    where ``visual`` has a space."""
    return [glyph(ch, x0 + 7.2 * i, top, colour=colour) for i, ch in enumerate(visual) if ch != " "]


HEBREW = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"  # shalom olam, in reading order
ARABIC_YEAR = "\u0639\u0627\u0645 2024"  # "year 2024", in reading order


def test_right_to_left_lines_come_out_in_reading_order() -> None:
    from convert.readers.pdf.layout import page_layout

    chars = spaced(HEBREW[::-1], 300, 100) + spaced("2024 \u0645\u0627\u0639", 300, 130)  # as seen on the page
    page = page_layout(chars, 1, 595, 842)
    assert [line.text for line in page.lines] == [HEBREW, ARABIC_YEAR]


def test_a_glyph_for_several_letters_keeps_their_order() -> None:
    """An Arabic lam-alef ligature is one glyph whose text is two letters in reading order:
    reversing the line must not reverse them (سلام, not سالم)."""
    from convert.readers.pdf.layout import page_layout

    salam = "\u0633\u0644\u0627\u0645"
    chars = [glyph("\u0645", 300), glyph("\u0644\u0627", 307.2), glyph("\u0633", 314.4)]
    assert [line.text for line in page_layout(chars, 1, 595, 842).lines] == [salam]


def test_a_right_to_left_page_reads_its_row_pieces_from_the_right() -> None:
    from convert.readers.pdf.layout import page_layout

    right, left = "\u05d0\u05d1\u05d2", "\u05d3\u05d4\u05d5"  # two labels of a form row, far apart
    chars = spaced(left[::-1], 80) + spaced(right[::-1], 450)
    assert [line.text for line in page_layout(chars, 1, 595, 842).lines] == [f"{right} {left}"]


def test_light_text_on_a_dark_fill_is_text_and_on_paper_a_watermark() -> None:
    from convert.readers.pdf.layout import Fill, page_layout

    body = spaced("Body text in black ink on the page", 72, 100)
    white = spaced("White words on a dark band", 72, 300, colour=(1.0,))
    band = Fill(0, 280, 595, 330, luminance=0.19)
    on_band = page_layout(body + white, 1, 595, 842, fills=[Fill(0, 0, 595, 842, 1.0), band])
    assert [line.text for line in on_band.lines] == ["Body text in black ink on the page", "White words on a dark band"]
    on_paper = page_layout(body + white, 1, 595, 842)
    assert [line.text for line in on_paper.lines] == ["Body text in black ink on the page"]
    assert on_paper.watermarks


def english_pdf(title: str) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 760, "Annual Review of the Harbour Works")
    c.setFont("Helvetica", 11)
    for i in range(12):
        c.drawString(72, 720 - 16 * i, "The harbour works went on through the year with the dredging of the basin.")
    c.save()
    return buf.getvalue()


def test_a_metadata_title_the_pages_do_not_show_is_kept_aside() -> None:
    doc = read_pdf(english_pdf("PowerPoint Presentation"))
    assert doc.meta.title is None
    assert ("pdf_title", "PowerPoint Presentation") in doc.meta.extra
    shown = read_pdf(english_pdf("Annual review of the harbour  works"))  # case and spaces aside
    assert shown.meta.title == "Annual review of the harbour  works"


WORDS = (
    "the harbour board met on monday to review the dredging of the inner basin and the repair of the north quay "
    "after the winter storms and it agreed to publish the costs of each contract in the spring report"
).split()


def fill(width: float, font: str, size: float, start: int = 0) -> tuple[str, int]:
    """Words from :data:`WORDS` (cycling, from ``start``) that fit in ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words: list[str] = []
    i = start
    while stringWidth(" ".join([*words, WORDS[i % len(WORDS)]]), font, size) <= width:
        words.append(WORDS[i % len(WORDS)])
        i += 1
    return " ".join(words), i


def prose(c, lines: int, y: float, at: int, width: float = 450, x: float = 72) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Draw ``lines`` lines of :data:`WORDS` in 10-point Helvetica from ``y`` down; the next
    ``y`` and the next word."""
    c.setFont("Helvetica", 10)
    for _ in range(lines):
        text, at = fill(width, "Helvetica", 10, at)
        c.drawString(x, y, text)
        y -= 13
    return y, at


def test_a_list_items_hanging_lines_stay_in_the_item(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """Lines set under a list item's text (right of its dash), and lines of an indented
    block at the block's indent, go on with the item: only the next marker starts a block."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 11)
    y, at, right = 760.0, 0, 520.0
    for _ in range(8):  # an ordinary paragraph sets the column's right edge
        text, at = fill(right - 72, "Helvetica", 11, at)
        c.drawString(72, y, text)
        y -= 14
    c.drawString(72, y, "end of the paragraph.")
    y -= 20
    dash = "\u2013 "
    hang = 90 + stringWidth(dash, "Helvetica", 11)
    items = []
    for _ in range(3):
        first, at = fill(right - hang, "Helvetica", 11, at)
        second, at = fill(120, "Helvetica", 11, at)
        c.drawString(90, y, dash + first)
        c.drawString(hang, y - 14, second + ".")
        items.append(f"{first} {second}.")
        y -= 34
    c.save()
    doc = convert_bytes(buf.getvalue(), "list.pdf")
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    for item in items:
        assert any(p.endswith(item) for p in paragraphs), (item, paragraphs)


def test_two_columns_under_a_full_width_title_and_abstract_are_read_column_by_column(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 18)
    c.drawCentredString(297, 780, "Harbour Works in the Year Past and the Year to Come")
    c.setFont("Helvetica", 10)
    at = 0
    for i in range(4):  # a full-width abstract
        text, at = fill(450, "Helvetica", 10, at)
        c.drawString(72, 740 - 13 * i, text)
    columns = []
    for x0 in (72, 310):
        lines = []
        for i in range(24):
            text, at = fill(212, "Helvetica", 10, at)
            c.drawString(x0, 660 - 13 * i, text)
            lines.append(text)
        columns.append(" ".join(lines))
    c.drawString(72, 60, "* The board's figures are in the spring report, with the costs of each contract.")
    c.save()
    doc = convert_bytes(buf.getvalue(), "columns.pdf")
    text = " ".join(b.text for b in doc.blocks)
    for column in columns:
        assert column in text  # each column whole, not interleaved line by line with the other
    assert text.index(columns[0]) < text.index(columns[1])


def test_a_two_column_table_between_full_width_text_is_read_row_by_row() -> None:
    """The relaxed column search (full-width lines above and below) does not take a table's
    two columns of short cells for text columns."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y, at = prose(c, 4, 760.0, 0)
    rows = [(f"Contract {n}", f"{n * 1250} pounds") for n in range(1, 13)]
    for label, value in rows:
        y -= 13
        c.drawString(72, y, label)
        c.drawString(330, y, value)
    prose(c, 4, y - 13, at)
    c.save()
    lines = [line.text for line in read_pdf(buf.getvalue()).lines]
    for label, value in rows:
        assert f"{label} {value}" in lines


def test_table_rows_diagram_labels_and_code_are_no_headings(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """Bold text that is a table's header row (cells set apart), a label among a diagram's
    shapes, a lone cell mark or a line of code stays text; a bold line of its own is a heading."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    at, y = 0, 780.0

    def para(lines: int) -> None:
        nonlocal at, y
        y, at = prose(c, lines, y, at)
        y -= 10

    para(5)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, y, "Results of the Survey")
    y -= 20
    para(4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, y, "Basin")
    c.drawString(250, y, "Depth")
    c.drawString(400, y, "Dredged")
    y -= 14
    c.setFont("Helvetica", 10)
    for basin, depth in (("Inner basin", "7 m"), ("Outer basin", "9 m")):
        c.drawString(72, y, basin)
        c.drawString(250, y, depth)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(400, y, "X")
        c.setFont("Helvetica", 10)
        y -= 14
    y -= 20
    for x, label in ((90, "Harbour Office"), (300, "Port Authority")):  # a diagram: boxed labels and an arrow
        c.rect(x - 8, y - 8, 130, 26)
        c.rect(x - 4, y - 4, 122, 18)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(x, y, label)
    c.line(220, y + 5, 290, y + 5)
    c.line(284, y + 9, 290, y + 5)
    y -= 40
    c.setFont("Courier-Bold", 10)
    c.drawString(72, y, "SELECT basin FROM works")
    y -= 20
    para(4)
    c.save()
    doc = convert_bytes(buf.getvalue(), "survey.pdf")
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Results of the Survey"]
    text = "\n".join(b.text for b in doc.blocks)
    for kept in ("Basin Depth Dredged", "Harbour Office", "Port Authority", "SELECT basin FROM works"):
        assert kept in text


def test_a_korean_reports_running_text_is_found_and_its_footnote_kept(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """Korean sentences (words without case) are running text, so the classifier locates
    the text; the author's footnote under its rule (``* office, phone, e-mail``) is the
    text's, not a running footer; the indented abstract set across the columns is one
    paragraph."""
    path = SHARED / "corpus" / "external" / "pdf" / "gt" / "normal_4pages.pdf"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    doc = convert_bytes(path.read_bytes(), path.name)
    text = "\n".join(b.text for b in doc.blocks)
    assert "* \uacbd\uc81c\uc0b0\uc5c5\uc870\uc0ac\uc2e4" in text  # * 경제산업조사실 (the author's office)
    # the abstract, indented across both columns above them, is one paragraph: its first
    # line's end and its second line's start in one block
    assert any(
        "(Pandemic) \ub2e8\uacc4\uc5d0 \ub3cc" in b.text and "\uc785\ud558\uc600\ub2e4\uace0" in b.text
        for b in doc.blocks
    )


def test_side_headings_in_the_margin_come_before_their_paragraph(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A larger heading set in the left margin, its baseline a point below its paragraph's
    first line: the heading first, then the paragraph whole (not split around it)."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    at, y = 0, 760.0
    paragraphs = []
    for heading in ("Package List", "Requirements", "Setup and Checks"):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(110, y - 1, heading)
        c.setFont("Helvetica", 10)
        lines = []
        for _ in range(4):
            text, at = fill(270, "Helvetica", 10, at)
            c.drawString(250, y, text)
            lines.append(text)
            y -= 13
        paragraphs.append((heading, " ".join(lines)))
        y -= 20
    c.save()
    blocks = [
        (b.kind if b.kind == "paragraph" else "heading", b.text)
        for b in convert_bytes(buf.getvalue(), "side.pdf").blocks
    ]
    for heading, text in paragraphs:  # (the first heading is taken for the title)
        i = blocks.index(("heading", heading))
        assert blocks[i + 1] == ("paragraph", text)


def test_space_glyphs_the_pdf_draws_separate_words_however_tight_the_justification() -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    sentence = "types; and the elastic stop nut, representing the fiber insert type."
    text = c.beginText(72, 700)
    text.setFont("Helvetica", 10)
    text.setWordSpace(-2.3)  # a space glyph 0.5 pt wide: narrower than any gap rule allows
    text.textLine(sentence)
    c.drawText(text)
    c.save()
    assert [line.text for line in read_pdf(buf.getvalue()).lines] == [sentence]


@pytest.mark.parametrize("angle", [90, -90])
def test_a_page_set_a_quarter_turn_round_is_read_as_it_reads(angle: int) -> None:
    """A landscape page whose text is turned (down or up the sheet) is read, line by line in
    order, not refused as a scan or dropped as a watermark."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    c.translate(width / 2, height / 2)
    c.rotate(angle)
    c.setFont("Helvetica", 10)
    at, lines = 0, []
    for i in range(8):
        text, at = fill(600, "Helvetica", 10, at)
        c.drawString(-360, 200 - 14 * i, text)
        lines.append(text)
    c.save()
    doc = read_pdf(buf.getvalue())
    assert [line.text for line in doc.lines] == lines
    assert not [r for r in doc.removals if r.kind == "watermark"]


def test_text_only_outside_the_page_is_refused_with_that_reason() -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(100, -400, "hidden below the page")
    c.save()
    with pytest.raises(ConversionError, match="outside the page's box"):
        read_pdf(buf.getvalue())


def test_a_figure_at_a_columns_foot_does_not_split_the_sentence_going_on_in_the_next(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    at, first, second = 0, [], []
    for i in range(26):  # column 1: ends mid-sentence above a figure
        text, at = fill(220, "Helvetica", 10, at)
        c.drawString(72, 780 - 13 * i, text)
        first.append(text)
    for n, label in enumerate(("Wing nut", "Anchor nut")):  # the figure: boxed labels, a caption
        x = 80 + 110 * n
        c.rect(x - 6, 380, 90, 30)
        c.rect(x - 3, 383, 84, 24)
        c.line(x - 6, 378, x + 84, 378)
        c.setFont("Helvetica", 8)
        c.drawString(x, 392, label)
    c.setFont("Helvetica", 9)
    c.drawString(72, 360, "Figure 7. Self-locking nuts.")
    c.setFont("Helvetica", 10)
    for i in range(26):  # column 2: the sentence goes on, then ends
        text, at = fill(220, "Helvetica", 10, at)
        c.drawString(320, 780 - 13 * i, text + ("." if i == 25 else ""))
        second.append(text + ("." if i == 25 else ""))
    c.save()
    blocks = [b.text for b in convert_bytes(buf.getvalue(), "figure.pdf").blocks]
    whole = " ".join(first + second)
    assert any(whole in b for b in blocks), blocks
    assert blocks.index("Figure 7. Self-locking nuts.") > next(i for i, b in enumerate(blocks) if whole in b)


def test_contents_lines_and_a_tables_label_cells_are_not_taken_for_hanging_lines(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """Lines at one indent that each fill the column are an indented block only when they do
    not open with their own number (a table of contents) and the column is one of running
    text, not a table's narrow column of labels."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y, _ = prose(c, 8, 780.0, 0)
    entries = [f"7.1.{n} Modifying the definitions of part {n}" for n in range(1, 6)]
    for entry in entries:  # contents lines: indented, dotted out to the page number at the edge
        dots = " ."
        while stringWidth(entry + dots + " . 114", "Helvetica", 10) < 432:
            dots += " ."
        c.drawString(90, y, f"{entry}{dots} 114")
        y -= 13
    c.save()
    blocks = [b.text for b in convert_bytes(buf.getvalue(), "contents.pdf").blocks]
    for entry in entries:
        assert any(b.startswith(entry) and b.count("114") == 1 for b in blocks), blocks  # each a block of its own
    from convert.readers.pdf.layout import ITEM_START

    assert ITEM_START.match("5.\u5916\u5e01\u8d22\u52a1\u62a5\u8868\u6298\u7b97\u5dee\u989d")  # 5.外币财务报表折算差额


@pytest.mark.parametrize(
    ("label", "name", "title"),
    [
        ("Chapter 3", "Rivers and Lakes", "Chapter 3: Rivers and Lakes"),
        ("Chapter 3.", "Rivers and Lakes", "Chapter 3: Rivers and Lakes"),
        ("\u7b2c\u4e09\u7ae0", "\u6cb3\u6d41\u4e0e\u6e56\u6cca", "\u7b2c\u4e09\u7ae0 \u6cb3\u6d41\u4e0e\u6e56\u6cca"),
    ],
)
def test_a_chapter_label_over_the_chapters_name_is_one_title(convert_bytes, label: str, name: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """``Chapter 3`` (第三章) set in the title's type over the chapter's name: the title is
    both; a section heading below stays a heading."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "Helvetica" if label.isascii() else "STSong-Light"
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(font, 24)
    c.drawString(72, 760, label)
    c.drawString(72, 724, name)
    c.setFont(font, 16)
    c.drawString(72, 680, "3.1 Sources" if label.isascii() else "\u4e00\u3001\u6c34\u6e90")
    prose(c, 6, 650, 0)
    c.save()
    doc = convert_bytes(buf.getvalue(), "chapter.pdf")
    assert doc.meta.title == title
    assert [b.kind for b in doc.blocks[:2]] == ["title", "heading"]


def test_an_unmapped_glyph_opening_list_items_is_read_as_a_bullet() -> None:
    """``(cid:2) Security fundamentals``: a symbol font's bullet without a character. It is
    one only where it opens two or more lines of read text; undecoded text stays as it is."""
    from convert.readers.pdf.layout import PdfLine, _read_glyph_bullets

    def _line(text: str, top: float, mono: bool) -> PdfLine:
        return PdfLine(text=text, x0=72, x1=300, top=top, bottom=top + 10, size=10.0, bold=False, page=1, mono=mono)

    body = [
        _line("(cid:2) Security fundamentals", 100, mono=False),
        _line("(cid:2) Current state of security", 114, mono=False),
        _line("(cid:7) A lone mark before text", 128, mono=False),
        _line("(cid:2) (cid:9)(cid:14)(cid:3) not read", 142, mono=False),
        _line("Costs rose by (cid:2) per cent", 156, mono=False),
    ]
    _read_glyph_bullets(body)
    assert [p.text for p in body] == [
        "\u2022 Security fundamentals",
        "\u2022 Current state of security",
        "(cid:7) A lone mark before text",
        "(cid:2) (cid:9)(cid:14)(cid:3) not read",
        "Costs rose by (cid:2) per cent",
    ]


def test_a_page_set_in_smaller_type_keeps_its_paragraphs_whole(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A flyer's page in 7.5-point type, narrower than the body's column: its lines are
    measured against its own right edge, not split at each line for being short."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    at = 0
    for _ in range(2):  # the body: two pages of 10-point prose across the page
        y = 780.0
        for _ in range(4):
            y, at = prose(c, 6, y, at)
            c.drawString(72, y, "and that ends the paragraph.")
            y -= 23
        c.showPage()
    paragraphs = []
    y = 700.0
    for lines in (4, 5, 3):
        c.setFont("Helvetica", 7.5)
        words = []
        for n in range(lines):
            text, at = fill(200, "Helvetica", 7.5, at)  # ragged right: what fits in 200 points
            if n == lines - 1:
                text = " ".join(text.split()[:3]) + "."  # a paragraph's short last line
            c.drawString(300, y, text)
            words.append(text)
            y -= 10
        paragraphs.append(" ".join(words))
        y -= 12
    c.save()
    doc = convert_bytes(buf.getvalue(), "flyer.pdf")
    texts = [b.text for b in doc.blocks if b.kind == "paragraph"]
    for paragraph in paragraphs:
        assert paragraph in texts, (paragraph, texts[-5:])


@pytest.mark.parametrize(("lower", "joined"), [(0.05, True), (1.2, False)])
def test_a_bold_label_a_hair_lower_opens_its_row(lower: float, joined: bool) -> None:
    """A bold ``Table 1.`` whose baseline sits a twentieth of a point below its caption's
    words is the row's start (it came after them as a line of its own); a piece set a
    point or more lower is another cell and keeps its place."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y, at = prose(c, 4, 760.0, 0)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, y - lower, "Table 1.")
    c.setFont("Helvetica", 10)
    c.drawString(120, y, "Harbour dues collected in each quarter of the year")
    prose(c, 4, y - 26, at)
    c.save()
    lines = [line.text for line in read_pdf(buf.getvalue()).lines]
    whole = "Table 1. Harbour dues collected in each quarter of the year"
    assert (whole in lines) is joined, lines
    if not joined:
        assert lines.index("Harbour dues collected in each quarter of the year") < lines.index("Table 1.")


def test_a_row_whose_columns_stand_under_an_em_apart_is_split_at_the_gutter(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """Two columns with a narrow gutter: where one left line runs on to within 0.9 em of the
    right column, the row was one line across both columns (their sentences interleaved);
    the gutter the other rows show splits it."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    at, columns = 0, [[], []]
    for i in range(30):
        left, at = fill(248 if i != 12 else 252, "Helvetica", 10, at)
        right, at = fill(248, "Helvetica", 10, at)
        if i == 12:
            c.drawRightString(295, 760 - 13 * i, left)  # 9 points from the right column
        else:
            c.drawString(40, 760 - 13 * i, left)
        c.drawString(304, 760 - 13 * i, right)
        columns[0].append(left)
        columns[1].append(right)
    c.save()
    text = " ".join(b.text for b in convert_bytes(buf.getvalue(), "narrow.pdf").blocks)
    for column in columns:
        assert " ".join(column) in text


def test_a_back_cover_reads_its_sidebar_text_and_narrow_column_whole(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A back cover: a title across the page, then a sidebar of bold points, the blurb and a
    narrow column set in its own type. The gutter beside the right column was found, the
    one between sidebar and blurb (under the title) was not, so their lines interleaved;
    and the narrow column's wrapped sentences, too short for the 40-character test, came
    out one paragraph per line."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    c.setFont("Helvetica-Bold", 30)
    c.drawString(27, 700, "Harbour Works Annual Review")
    c.setFont("Helvetica-Bold", 12)
    points = [
        "Dredging the inner",
        "basin in spring",
        "Repairing the",
        "north quay wall",
        "Publishing all",
        "contract costs",
    ]
    for i, text in enumerate(points):
        c.drawString(27, 560 - 14 * i - (7 if i % 2 else 0), text)
    c.setFont("Helvetica", 10)
    at, blurb = 0, []
    for i in range(10):
        text, at = fill(259 if i < 9 else 120, "Helvetica", 10, at)
        text += "." if i == 9 else ""
        c.drawString(153, 562 - 12 * i, text)
        blurb.append(text)
    c.setFont("Helvetica", 11)
    narrow = [
        "The harbour board meets",
        "on the first Monday of",
        "every month in the town",
        "hall, and its minutes are",
        "published in the week",
        "after each meeting, with",
        "the reports of the offices",
        "and the costs of contracts.",
    ]
    for i, text in enumerate(narrow):
        c.drawString(467, 560 - 11 * i, text)
    c.save()
    doc = convert_bytes(buf.getvalue(), "cover.pdf")
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert " ".join(blurb) in paragraphs, paragraphs
    assert " ".join(narrow) in paragraphs, paragraphs


PROSE = (
    "The committee met in March to review the plans for the new library and its reading rooms.",
    "Members agreed that the building should open on Sundays. The costs were found to be modest.",
    "A further report will follow in the autumn, once the architects have priced the changes.",
)


def _lines_pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_text_in_a_spot_colour_at_full_ink_is_read() -> None:
    """A Separation colour's 1 is full ink (the black plate), not white: its text was taken for
    a very light watermark and the page reported as having no text layer."""
    from reportlab.lib.colors import CMYKColorSep

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.setFillColor(CMYKColorSep(0, 0, 0, 1, spotName="PANTONE Black", density=1))
        c.setFont("Helvetica", 11)
        for i, text in enumerate(PROSE):
            c.drawString(72, 760 - 16 * i, text)

    doc = read_pdf(_lines_pdf(draw))
    assert [line.text for line in doc.lines] == list(PROSE)
    assert not [r for r in doc.removals if r.kind == "watermark"]


ABSTRACT = (  # (lines of a narrow column: each under 80 characters, each filling it)
    "Abstract. Differential privacy is a popular privacy model within the",
    "research community because of the strong privacy guarantee it offers,",
    "namely that the presence or absence of any individual in a data set does",
    "not influence the results of analyses. We propose a weaker notion of it.",
)


def test_a_paragraph_set_in_bold_is_no_run_of_headings() -> None:
    """An abstract set in bold: each of its lines is short enough for a heading, and each
    became one (an IEEE paper). A heading wrapped over three lines ends no sentence and stays."""
    heading = (
        "(j) Installation and Verification of the Display",
        "System Software and Removal of the",
        "Inoperative Markers",
    )

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica-Bold", 10)
        for i, text in enumerate(ABSTRACT):
            c.drawString(72, 760 - 12 * i, text)
        c.setFont("Helvetica", 10)
        c.drawString(72, 700, "Plain text follows the abstract here, in the body type of the paper.")
        c.setFont("Helvetica-Bold", 10)
        for i, text in enumerate(heading):
            c.drawString(72, 660 - 12 * i, text)
        c.setFont("Helvetica", 10)
        for i in range(12):  # (most of the page plain: bold sets headings apart)
            c.drawString(72, 610 - 12 * i, "Body text under the heading goes on in the plain type, line after it.")

    doc = read_pdf(_lines_pdf(draw))
    headings = [line.text for line in doc.lines if line.heading]
    assert not [h for h in headings if "privacy" in h]
    assert any(h.startswith("(j) Installation") for h in headings)


def test_a_page_whose_text_is_all_set_aside_is_named_as_such_not_as_a_scan() -> None:
    """A mirrored page (its text drawn flipped) has a text layer, set aside as a watermark:
    the warning says so, where it said the page had no text layer (images only?)."""

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 11)
        for i, text in enumerate(PROSE):
            c.drawString(72, 760 - 16 * i, text)
        c.showPage()
        c.saveState()
        c.translate(595, 0)
        c.scale(-1, 1)  # (flipped left to right)
        c.setFont("Helvetica", 11)
        for i, text in enumerate(PROSE):
            c.drawString(72, 760 - 16 * i, text)
        c.restoreState()

    warnings = read_pdf(_lines_pdf(draw)).warnings
    assert any(
        w.startswith("pages whose only text was set aside as a watermark") and w.endswith(": 2") for w in warnings
    )
    assert not any("without a text layer" in w for w in warnings)


BODY_EN = (
    "The committee met to review the programme of works and agreed the schedule set out below for the coming year."
)


def masthead_pdf(first_page: list[tuple[str, float, float, float]], header: str, pages: int = 4) -> bytes:
    """An English report: page 1 sets ``first_page`` (text, x, y from the top, size) at its top;
    the other pages print ``header`` in 8 pt as one line at the top; 10 pt text under both."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    height = A4[1]
    for n in range(1, pages + 1):
        if n == 1:
            for text, x, y, size in first_page:
                c.setFont("Helvetica", size)
                c.drawString(x, height - y, text)
        else:
            c.setFont("Helvetica", 8)
            c.drawString(72, height - 40, header)
        c.setFont("Helvetica", 10)
        y = height - 140
        for i in range(25):
            c.drawString(72, y, BODY_EN[: 85 if i % 5 else 80] if i % 5 != 4 else "for the coming year.")
            y -= 14
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_running_header_stacked_on_the_first_page_goes() -> None:
    """The first page prints the running header as a stack of short lines (Federal
    Register's masthead: title / volume and number / date), the other pages as one line:
    the stack is that header, not three lines of the text."""
    stack = [("Parish Bulletin", 400, 50, 8), ("Vol. 12, No. 4", 400, 61, 8), ("Monday, 3 May 2021", 400, 72, 8)]
    doc = read_pdf(masthead_pdf([("Notices", 72, 60, 18), *stack], "Parish Bulletin/Vol. 12, No. 4/Monday, 3 May 2021"))
    texts = [line.text for line in doc.lines]
    assert not {"Parish Bulletin", "Vol. 12, No. 4", "Monday, 3 May 2021"} & set(texts), texts[:6]
    assert "Notices" in texts
    assert {r.text for r in doc.removals} >= {"Vol. 12, No. 4"}


def test_a_title_the_running_header_repeats_stays() -> None:
    """A report's title set large over two lines at the top of page 1, which the running
    header of the other pages repeats in small print: the title stays."""
    title = [("Annual Report", 72, 50, 24), ("2023", 72, 78, 24)]
    doc = read_pdf(masthead_pdf(title, "Annual Report 2023 | Riverside Trust"))
    texts = [line.text for line in doc.lines]
    assert "Annual Report" in " ".join(texts[:2]) and "2023" in " ".join(texts[:2]), texts[:4]


def test_a_forms_line_to_fill_in_printed_twice_is_no_summary_preview() -> None:
    """A survey asks two questions with an "Other (Please specify) ____" option each: long
    with its blank and near the top of a wrapped page, the option's line looked like a
    preview repeating the text and went once. The form keeps both."""
    path = SHARED / "corpus" / "external" / "pdf" / "gt" / "table_mislabeled_as_picture.pdf"
    if not path.exists():
        pytest.skip("../shared is absent")
    from convert.app.inputs import load_source
    from convert.app.pipeline import convert_source
    from convert.app.plugins import build_registry

    doc = convert_source(load_source(path), build_registry(), Options())
    assert doc.body_text.count("Other (Please specify)") == 2
    assert not [r.text for r in doc.removals if r.kind == "duplicate" and "Please specify" in r.text]
