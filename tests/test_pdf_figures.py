"""PDF figures and footnotes (issue 14): embedded images become figures with their captions,
decorative images are recorded furniture, footnotes are linked to their raised markers."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import need_shared

from convert.app.pipeline import clean
from convert.app.session import Session
from convert.app.testing import registry_with
from convert.core.contracts import Options, Source
from convert.core.model import Document, Figure, Footnote, Line

pytest.importorskip("reportlab")
pytest.importorskip("PIL")

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
HAN = "\u6539\u9769\u53d1\u5c55\u7a33\u5b9a\u662f\u5f53\u524d\u5de5\u4f5c\u7684\u91cd\u70b9"  # 16 Han characters
FIG1_ZH = "\u56fe1 \u5404\u5e74\u5ea6\u6295\u8d44\u60c5\u51b5"  # "图1 各年度投资情况"


def read_pdf(data: bytes) -> Document:
    from convert.readers.pdf import PdfReader

    return PdfReader().read(Source(name="x.pdf", data=data), Options())


def _png(width: int, height: int, colour: tuple[int, int, int] = (30, 90, 200), fmt: str = "PNG") -> object:
    """A small chart (bars on white) as a reportlab ImageReader."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    for i, value in enumerate((0.3, 0.7, 0.5, 0.9)):
        x = int(width * (0.1 + 0.2 * i))
        draw.rectangle([x, int(height * (1 - value)), x + width // 8, height - 1], fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    buffer.seek(0)
    return ImageReader(buffer)


def _pdf(draw: Callable[[object, int], None], pages: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        draw(c, n)
        c.showPage()
    c.save()
    return buffer.getvalue()


BODY = [
    "Machine learning has changed how pictures are made. This paragraph runs on for a",
    "while so that the page has a body size and some ordinary text to read in full.",
]


def _english_page(c, n: int) -> None:  # type: ignore[no-untyped-def]
    """A paragraph, a sentence with a raised footnote mark, a chart with its caption below,
    a paragraph after it, the footnote and a page footer."""
    y = 770.0
    c.setFont("Helvetica", 10)
    for text in BODY:
        c.drawString(72, y, text)
        y -= 13
    lead = "The count was first made in 2020"
    c.drawString(72, y, lead)
    x = 72 + c.stringWidth(lead, "Helvetica", 10)
    c.setFont("Helvetica", 6)
    c.drawString(x, y + 4, "1")
    c.setFont("Helvetica", 10)
    c.drawString(x + 4, y, " and it has grown every year since then, as the text says.")
    y -= 13
    _chart_with_caption(c, y, "Figure 1: Counts of pictures per year in the survey.")
    c.setFont("Helvetica", 8)
    c.drawString(72, 80, "1 The count of 2020 includes the pilot study.")
    c.drawCentredString(297, 40, f"Page {n}")


def _chart_with_caption(c, y: float, caption: str, labels: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    """A chart 210 points tall under ``y`` (its labels printed on it, set small), its caption
    below it and a paragraph after."""
    c.drawImage(_png(400, 280), 72, y - 220, 300, 210)
    c.setFont("Helvetica", 8)  # (a drawing's labels are set small)
    for k, label in enumerate(labels):
        c.drawString(90 + 70 * k, y - 40 - 50 * k, label)
    y -= 235
    c.setFont("Helvetica", 9)
    c.drawString(72, y, caption)
    y -= 22
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "After the figure the text goes on with another paragraph of ordinary words.")


def test_chart_becomes_a_figure_with_its_caption() -> None:
    doc = read_pdf(_pdf(_english_page))
    figures = [s for s in doc.structures if isinstance(s, Figure)]
    assert len(figures) == 1
    fig = figures[0]
    assert fig.caption == "Figure 1: Counts of pictures per year in the survey."
    assert fig.text == fig.caption and fig.page == 1 and fig.name == "figure-1.png"
    assert fig.media_type == "image/png" and fig.data.startswith(b"\x89PNG")
    from PIL import Image

    picture = Image.open(io.BytesIO(fig.data))
    assert (picture.width, picture.height) == (fig.width, fig.height)
    assert 350 <= fig.width <= 450  # about the image's own resolution
    assert not any(line.text.startswith("Figure 1") for line in doc.lines)  # the caption left the lines


def test_a_grey_picture_is_written_grey_a_coloured_one_in_colour() -> None:
    """pdfium renders in colour; a picture whose channels are all equal (a scan, a drawing in
    black) is written with one grey channel: the same pixels, about half the file."""
    from PIL import Image

    def page(colour: tuple[int, int, int]) -> Callable[[object, int], None]:
        def draw(c, n: int) -> None:  # type: ignore[no-untyped-def]
            c.setFont("Helvetica", 10)
            c.drawString(72, 760, "A paragraph of ordinary words above the picture on this page.")
            c.drawImage(_png(400, 280, colour), 72, 420, 300, 210)
            c.drawString(72, 380, "Figure 1: A picture of bars in one colour on white.")

        return draw

    modes = []
    for colour in ((40, 40, 40), (30, 90, 200)):
        figure = next(s for s in read_pdf(_pdf(page(colour))).structures if isinstance(s, Figure))
        picture = Image.open(io.BytesIO(figure.data))
        modes.append(picture.mode)
        assert (picture.width, picture.height) == (figure.width, figure.height)
    assert modes == ["L", "RGB"]


def test_a_fax_coded_scan_is_written_black_and_white() -> None:
    """The Federal Register's figures are one-bit scans: written as one-bit PNG files (about a
    seventh of the grey ones), not as the colour pdfium renders them in."""
    from PIL import Image

    path = need_shared(REAL / "en-federal-register-2020-17221.pdf")
    figures = [s for s in read_pdf(path.read_bytes()).structures if isinstance(s, Figure)]
    assert figures and {Image.open(io.BytesIO(f.data)).mode for f in figures} == {"1"}
    assert sum(len(f.data) for f in figures) < 600_000  # (2.7 MB in colour)


def test_figure_stands_between_the_paragraphs_around_it() -> None:
    out = clean(read_pdf(_pdf(_english_page)), Session.create(registry_with(), Options()))
    texts = [(b.kind, b.text) for b in out.blocks]
    at = [k for k, _ in texts].index("figure")
    assert texts[at - 1][1].startswith("The count was first made")
    assert texts[at + 1][1].startswith("After the figure")


def test_footnote_linked_to_its_raised_marker() -> None:
    doc = read_pdf(_pdf(_english_page))
    notes = [s for s in doc.structures if isinstance(s, Footnote)]
    assert len(notes) == 1
    note = notes[0]
    assert note.marker == "1" and note.text == "The count of 2020 includes the pilot study."
    ref = next(line for line in doc.lines if line.origin == note.ref)
    assert "2020\u00b9 and it has grown" in ref.text  # the raised mark kept, not glued into 20201
    assert not any("pilot study" in line.text for line in doc.lines)
    footer = [r for r in doc.removals if r.text == "Page 1"]
    assert footer and footer[0].kind == "page-number"  # the page footer is no footnote


def test_small_text_at_the_foot_without_a_raised_mark_is_no_footnote() -> None:
    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        for i, text in enumerate(BODY * 3):
            c.drawString(72, 770 - 13 * i, text)
        c.setFont("Helvetica", 8)
        c.drawString(72, 80, "2 The annual report of the county office for the year.")

    doc = read_pdf(_pdf(page))
    assert not [s for s in doc.structures if isinstance(s, Footnote)]
    assert any(line.text.startswith("2 The annual report") for line in doc.lines)


def _chinese_page(c, n: int) -> None:  # type: ignore[no-untyped-def]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c.setFont("STSong-Light", 12)
    for i in range(4):
        c.drawString(72, 770 - 20 * i, HAN * 2 + ("\u3002" if i == 3 else ""))
    c.drawImage(_png(500, 300, (200, 60, 40), "JPEG"), 100, 430, 320, 200)
    c.setFont("STSong-Light", 10.5)
    c.drawCentredString(260, 410, FIG1_ZH)
    c.setFont("STSong-Light", 12)
    c.drawString(96, 380, HAN * 2)
    c.drawString(72, 360, HAN + "\u3002")


def test_chinese_figure_caption_and_jpeg_kept_as_is() -> None:
    doc = read_pdf(_pdf(_chinese_page))
    figures = [s for s in doc.structures if isinstance(s, Figure)]
    assert [f.caption for f in figures] == [FIG1_ZH]
    fig = figures[0]
    assert fig.media_type == "image/jpeg" and fig.data.startswith(b"\xff\xd8") and fig.name == "figure-1.jpg"
    assert (fig.width, fig.height) == (500, 300)
    lines_before = [line for line in doc.lines if line.origin.line < fig.origins[0].line]
    assert len(lines_before) == 4  # numbered between the paragraph above and the one below
    assert fig.origins[0] not in {line.origin for line in doc.lines}


def _decorated_page(c, n: int) -> None:  # type: ignore[no-untyped-def]
    """A logo at the head of every page, a 10-px spacer, a QR code at the foot of page 1."""
    c.drawImage(_png(120, 60, (0, 120, 0)), 72, 780, 60, 30)  # the logo
    c.setFont("Helvetica", 10)
    for i, text in enumerate(BODY * 8):
        c.drawString(72, 740 - 13 * i, f"{text} {n}" if i == 0 else text)
    c.drawImage(_png(10, 10), 300, 500, 8, 8)  # a spacer
    if n == 1:
        c.drawImage(_png(90, 90, (0, 0, 0)), 480, 60, 60, 60)  # a QR code


def test_decorative_images_are_recorded_furniture() -> None:
    doc = read_pdf(_pdf(_decorated_page, pages=3))
    assert not [s for s in doc.structures if isinstance(s, Figure)]
    images = [r for r in doc.removals if r.kind == "image"]
    reasons = [r.reason for r in images]
    assert sum("most pages" in r for r in reasons) == 3  # the logo, once per page
    assert sum("tiny" in r for r in reasons) == 3  # the spacer
    assert sum("QR" in r for r in reasons) == 1
    assert all(r.origin is not None and r.origin.page for r in images)


def test_page_without_images_is_unchanged() -> None:
    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        for i, text in enumerate(BODY * 3):
            c.drawString(72, 770 - 13 * i, text)

    doc = read_pdf(_pdf(page))
    assert not doc.structures
    assert [line.origin.line for line in doc.lines] == list(range(1, 7))
    assert all(isinstance(line, Line) for line in doc.lines)


def test_arxiv_paper_images_come_out_as_figures() -> None:
    found = sorted(REAL.glob("*arxiv*.pdf"))
    if not found:
        pytest.skip("the real corpus is not present")
    doc = read_pdf(found[0].read_bytes())
    figures = [s for s in doc.structures if isinstance(s, Figure)]
    assert len(figures) == 5
    assert all(f.media_type == "image/jpeg" and f.data for f in figures)
    captions = [f.caption.split(":")[0] for f in figures if f.caption]
    assert captions == ["Fig. 2", "Fig. 3", "Fig. 4"]
    assert sum(1 for f in figures if f.alt.startswith("Fig. 4")) == 2  # the parts of figure 4
    assert len({f.name for f in figures}) == 5


def test_a_scanned_page_is_left_to_the_no_text_warning() -> None:
    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        if n == 1:
            c.setFont("Helvetica", 10)
            for i, text in enumerate(BODY * 3):
                c.drawString(72, 770 - 13 * i, text)
        else:
            c.drawImage(_png(600, 850, (90, 90, 90)), 0, 0, 595, 842)  # the scan of a page

    doc = read_pdf(_pdf(page, pages=2))
    assert not [s for s in doc.structures if isinstance(s, Figure)]
    assert not [r for r in doc.removals if r.kind == "image"]
    assert any("without a text layer" in w and "2" in w for w in doc.warnings)


def test_an_image_that_cannot_be_rendered_is_a_warning() -> None:
    from convert.readers.pdf.figures import PageImage, _image_files

    broken = PageImage(page=9, x0=10, top=10, x1=200, bottom=200, px_width=300, px_height=300, digest="x")
    warnings: list[str] = []
    files = _image_files(_pdf(_english_page), [broken], warnings)
    assert files == [(b"", "", 300, 300)]
    assert warnings and "1 image(s) could not be extracted" in warnings[0]


def test_footnote_with_a_star_marker_goes_on_over_two_lines() -> None:
    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        for i, text in enumerate(BODY * 2):
            c.drawString(72, 770 - 13 * i, text)
        lead = "The survey was run by the county office"
        c.drawString(72, 700, lead)
        x = 72 + c.stringWidth(lead, "Helvetica", 10)
        c.setFont("Helvetica", 6)
        c.drawString(x, 704, "*")
        c.setFont("Helvetica", 10)
        c.drawString(x + 4, 700, " in the spring of that year.")
        c.setFont("Helvetica", 8)
        c.drawString(72, 92, "* The office counted by hand where no register was kept, and checked")
        c.drawString(72, 82, "the counts against the year before.")

    doc = read_pdf(_pdf(page))
    notes = [s for s in doc.structures if isinstance(s, Footnote)]
    assert [(n.marker, n.text) for n in notes] == [
        ("*", "The office counted by hand where no register was kept, and checked the counts against the year before.")
    ]
    ref = next(line for line in doc.lines if line.origin == notes[0].ref)
    assert "county office* in the spring" in ref.text


def test_a_page_of_many_small_images_is_one_removal() -> None:
    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        for i, text in enumerate(BODY * 3):
            c.drawString(72, 770 - 13 * i, text)
        tile = _png(30, 30)
        for k in range(210):
            c.drawImage(tile, 72 + 20 * (k % 21), 300 + 20 * (k // 21), 12, 12)

    doc = read_pdf(_pdf(page))
    assert not [s for s in doc.structures if isinstance(s, Figure)]
    assert [r.text for r in doc.removals if r.kind == "image"] == ["[210 images]"]


def test_a_number_opening_a_notes_next_line_starts_no_note() -> None:
    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        for i, text in enumerate(BODY * 2):
            c.drawString(72, 770 - 13 * i, text)
        lead = "The control laws were revised"
        c.drawString(72, 700, lead)
        x = 72 + c.stringWidth(lead, "Helvetica", 10)
        c.setFont("Helvetica", 6)
        c.drawString(x, 704, "10")
        c.setFont("Helvetica", 10)
        c.drawString(x + 8, 700, " after the tests of that year.")
        c.setFont("Helvetica", 8)
        c.drawString(72, 92, "13 More than 10 degrees of difference for more than")
        c.drawString(72, 82, "10 seconds.")

    doc = read_pdf(_pdf(page))
    assert not [s for s in doc.structures if isinstance(s, Footnote)]
    assert any(line.text == "10 seconds." for line in doc.lines)


def _table_and_figure_page(c, n: int) -> None:  # type: ignore[no-untyped-def]
    """A paragraph, a ruled table, a paragraph, a chart with its caption, a last paragraph."""
    c.setFont("Helvetica", 10)
    c.drawString(72, 780, "The first paragraph stands above the table and ends here.")
    top, rows, cols = 760.0, [("Office", "Budget"), ("Roads", "12"), ("Schools", "30")], (72.0, 200.0, 320.0)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(cols[k] + 4, top - 14 * r - 11, cell)
    for r in range(len(rows) + 1):
        c.line(cols[0], top - 14 * r, cols[-1], top - 14 * r)
    for x in cols:
        c.line(x, top, x, top - 14 * len(rows))
    c.drawString(72, 690, "The second paragraph stands between the table and the figure.")
    c.drawImage(_png(400, 280), 72, 440, 300, 210)
    c.setFont("Helvetica", 9)
    c.drawString(72, 425, "Figure 1: Counts of pictures per year in the survey.")
    c.setFont("Helvetica", 10)
    c.drawString(72, 400, "The last paragraph comes after the figure and closes the page.")


def test_table_and_figure_on_one_page_keep_reading_order() -> None:
    """Tables and figures both take a place among the page's lines: numbering one must not
    move the other (issue 14)."""
    out = clean(read_pdf(_pdf(_table_and_figure_page)), Session.create(registry_with(), Options()))
    kinds = [b.kind for b in out.blocks]
    texts = [b.text for b in out.blocks]
    assert kinds.count("table") == 1 and kinds.count("figure") == 1
    t, f = kinds.index("table"), kinds.index("figure")
    assert texts[t - 1].startswith("The first paragraph")
    assert texts[t + 1].startswith("The second paragraph")
    assert texts[f - 1].startswith("The second paragraph")
    assert texts[f + 1].startswith("The last paragraph")


def _platypus(story: list[object], foot: Callable[[object, object], None] | None = None) -> bytes:
    """A PDF laid out by reportlab's platypus (paragraphs, lists), ``foot`` drawn on page one."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=72, rightMargin=72, bottomMargin=90, invariant=1)
    pdf.build(story, onFirstPage=foot or (lambda c, d: None))
    return buffer.getvalue()


def test_footnote_marked_with_a_platypus_superscript() -> None:
    """reportlab's ``<super>`` sets the mark two points smaller (8.5 on 10.5): still raised."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=15)
    text = " ".join(BODY) + " The last sentence names the repairs.<super>1</super>"

    def foot(c, _d) -> None:  # type: ignore[no-untyped-def]
        c.setLineWidth(0.5)
        c.line(72, 72, 200, 72)
        c.setFont("Helvetica", 8)
        c.drawString(72, 60, "1 Figures are in thousands of dollars and rounded.")

    doc = read_pdf(_platypus([Paragraph(text, body), Paragraph(" ".join(BODY), body)], foot))
    notes = [s for s in doc.structures if isinstance(s, Footnote)]
    assert [(n.marker, n.text) for n in notes] == [("1", "Figures are in thousands of dollars and rounded.")]
    ref = next(line for line in doc.lines if line.origin == notes[0].ref)
    assert ref.text.endswith("repairs.\u00b9")
    assert not any("thousands of dollars" in line.text for line in doc.lines)


def test_short_chinese_caption_at_the_margin_under_a_centred_image() -> None:
    """A caption set at the column's left edge, shorter than the gap to a centred image."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    caption = "\u56fe1 \u5404\u5730\u533a\u9884\u7b97"  # "图1 各地区预算"

    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        c.setFont("STSong-Light", 10.5)
        for i in range(4):
            c.drawString(72, 770 - 15 * i, HAN * 2)
        c.drawImage(_png(320, 180), 178, 520, 240, 135)
        c.setFont("STSong-Light", 10)
        c.drawString(72, 505, caption)
        c.setFont("STSong-Light", 10.5)
        c.drawString(72, 480, HAN * 2)

    doc = read_pdf(_pdf(page))
    figures = [s for s in doc.structures if isinstance(s, Figure)]
    assert [f.caption for f in figures] == [caption]
    assert not any(line.text == caption for line in doc.lines)


def test_list_bullets_and_numbers_join_their_items_in_front() -> None:
    """A platypus list sets its bullet a little lower, in a larger size, a tab stop left of the
    item: the line reads ``- item`` (not the item, then a lone ``-``), in the item's size."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import ListFlowable, ListItem, Paragraph

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=15)
    items = ["Collect the reports", "Check the totals", "Publish the summary"]

    def listing(**kw: object) -> object:
        return ListFlowable([ListItem(Paragraph(t, body)) for t in items], bulletFontName="Helvetica", **kw)

    story = [Paragraph(" ".join(BODY), body), listing(bulletType="bullet", start="-"), listing(bulletType="1")]
    doc = read_pdf(_platypus(story))
    texts = [line.text for line in doc.lines]
    assert texts[-6:] == [f"- {t}" for t in items] + [f"{n} {t}" for n, t in enumerate(items, 1)]


def _labelled_drawing_page(c, n: int) -> None:  # type: ignore[no-untyped-def]
    """A paragraph, a drawing with three part labels printed on it, its caption, a paragraph
    after; and a sentence printed over a large picture further down."""
    y = 770.0
    c.setFont("Helvetica", 10)
    for text in BODY:
        c.drawString(72, y, text)
        y -= 13
    _chart_with_caption(
        c, y, "Figure 1: A self-locking nut in section.", ("Locking shoulder", "Threaded nut core", "Keyway")
    )
    c.drawImage(_png(400, 280), 72, 120, 300, 200)
    c.drawString(80, 200, "This sentence is printed over the picture and is part of the text itself.")


def test_labels_printed_on_a_drawing_are_its_words_not_paragraphs() -> None:
    """External PDF ground truth (docling's) has a drawing's labels inside the picture: they
    go into the figure's text alternative, not one paragraph each; a sentence printed over
    a picture stays text."""
    doc = read_pdf(_pdf(_labelled_drawing_page))
    figures = [s for s in doc.structures if isinstance(s, Figure)]
    labelled = next(f for f in figures if f.caption.startswith("Figure 1"))
    assert labelled.alt == "Locking shoulder; Threaded nut core; Keyway"
    texts = [line.text for line in doc.lines]
    assert not any(t in texts for t in ("Locking shoulder", "Threaded nut core", "Keyway"))
    assert any(t.startswith("This sentence is printed over the picture") for t in texts)
    out = clean(doc, Session.create(registry_with(), Options()))
    assert "Threaded nut core" not in out.body_text


def test_text_printed_over_a_picture_in_the_bodys_type_stays_text() -> None:
    """A review's cases: a callout's heading and bullets on a tinted picture, a letterhead over
    a logo, three small lines stacked at one edge (a list): the document's text, not labels."""

    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        c.drawImage(_png(300, 100, (230, 230, 200)), 72, 640, 300, 110)
        c.drawString(80, 730, "Safety checklist")
        for k, item in enumerate(("- Check the oil level", "- Wear eye protection", "- Switch off at the mains")):
            c.drawString(80, 712 - 16 * k, item)
        c.drawImage(_png(300, 100, (200, 200, 230)), 72, 470, 300, 110)
        c.setFont("Helvetica", 8)
        for k, item in enumerate(("Monday: libraries", "Tuesday: pools", "Wednesday: parks")):
            c.drawString(80, 560 - 14 * k, item)
        c.setFont("Helvetica", 10)
        for k, text in enumerate(BODY):
            c.drawString(72, 440 - 13 * k, text)

    doc = read_pdf(_pdf(page))
    texts = [line.text for line in doc.lines]
    for line in ("Safety checklist", "- Check the oil level", "Monday: libraries", "Wednesday: parks"):
        assert line in texts, texts
    assert not any(f.alt for f in doc.structures if isinstance(f, Figure))


def test_a_caption_after_a_sentence_starts_its_own_paragraph() -> None:
    """``Figure 7-26. Self-locking nuts.`` under the last line of a paragraph, no image beside
    it (two figures' captions on one row): its own paragraph, not the paragraph's end."""

    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        lines = [
            "The wing type nut is the most common and ranges in size from No. 6 up to a quarter",
            "inch, and the bellows type is made of aluminium alloy only, which makes it light.",
            "Figure 7-26. Self-locking nuts.",
            "The stainless steel nut may be spun on and off by hand, as its locking action takes",
            "place only when it is seated against a surface. It is fitted just as the nuts above.",
        ]
        for k, text in enumerate(lines):
            c.drawString(72, 770 - 13 * k, text)

    out = clean(read_pdf(_pdf(page)), Session.create(registry_with(), Options()))
    texts = [b.text for b in out.blocks]
    assert "Figure 7-26. Self-locking nuts." in texts, texts
    assert texts[0].endswith("aluminium alloy only, which makes it light."), texts


def test_a_list_items_line_left_short_by_a_long_next_word_goes_on() -> None:
    """A list item's first line ends more than three ems short of the column because the next
    word (``implementation``) would not have fitted there: its hanging line goes on with it,
    as in IBM's Redbooks (issue 12: a bullet's hanging lines each became a paragraph)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = "The plans are published on the council's website and in every library in the district."
    edge = 72 + stringWidth(widest, "Helvetica", 10)
    words = "The first plan covers housing and the second plan then covers roads, parks and the".split()
    item = " ".join(words)
    while 86 + stringWidth(item, "Helvetica", 10) > edge - 35:
        words.pop(0)
        item = " ".join(words)
    gap = edge - 86 - stringWidth(item, "Helvetica", 10)
    assert 30 < gap < stringWidth("implementation", "Helvetica", 10)

    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        c.setFont("Helvetica", 10)
        for k in range(4):  # (full lines enough for the column's right edge)
            c.drawString(72, 770 - 13 * k, widest)
        c.drawString(72, 717, "-")
        c.drawString(86, 717, item)
        c.drawString(86, 704, "implementation of the transport strategy across the whole district.")
        for k in range(3):
            c.drawString(72, 684 - 13 * k, widest)

    out = clean(read_pdf(_pdf(page)), Session.create(registry_with(), Options()))
    texts = [b.text for b in out.blocks]
    assert any(
        t.endswith("and the implementation of the transport strategy across the whole district.") for t in texts
    ), texts


def test_a_chinese_sentence_about_a_figure_goes_on_in_its_paragraph() -> None:
    """``图 2 显示，…`` after a full stop is a sentence about the figure (a review found it
    starting a paragraph of its own): only a caption-like line (no ，。 inside) starts one."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    said = "\u56fe 2 \u663e\u793a\uff0c" + HAN  # 图 2 显示，…
    caption = "\u56fe 3 \u5404\u533a\u6295\u8d44\u60c5\u51b5"  # 图 3 各区投资情况

    def page(c, n: int) -> None:  # type: ignore[no-untyped-def]
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        c.setFont("STSong-Light", 12)
        rows = [
            HAN * 2,
            HAN * 2,
            HAN + HAN[:15] + "\u3002",
            said + HAN[:3],
            HAN * 2,
            HAN + HAN[:15] + "\u3002",
            caption,
        ]
        for k, row in enumerate(rows):
            c.drawString(72, 770 - 20 * k, row)

    out = clean(read_pdf(_pdf(page)), Session.create(registry_with(), Options()))
    texts = [b.text for b in out.blocks]
    assert not any(t.startswith("\u56fe 2") or t.startswith("\u56fe2") for t in texts), texts
    assert any(t.startswith("\u56fe") and "\u5404\u533a" in t for t in texts), texts
