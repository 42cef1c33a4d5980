"""Code listings in PDFs: runs of fixed-width lines become one Code block, verbatim."""

from __future__ import annotations

import io

import pytest
from test_pdf_reader import prose

from convert.core.model import Code
from convert.readers.pdf.code import take_code
from convert.readers.pdf.layout import PdfLine

LISTING = [
    ("SELECT function_id,", 0),
    ("user_name,", 7),
    ("usage,", 7),  # (too few letters to measure: its font tells)
    ("FROM function_usage", 0),
    ("", 0),
    ("ORDER BY user_name;", 0),
]


def _listing_pdf(pages: int = 1, courier_body: bool = False) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    at = 0
    for _ in range(pages):
        y = 780.0
        if courier_body:
            c.setFont("Courier", 10)
            for n in range(12):
                c.drawString(72, y, f"Dear Sir, this letter number {n} was typed on a machine with one pitch.")
                y -= 13
            c.showPage()
            continue
        y, at = prose(c, 5, y, at)
        y -= 10
        c.setFont("Courier", 9)
        for text, indent in LISTING:
            if text:
                c.drawString(90 + indent * c.stringWidth("x", "Courier", 9), y, text)
            y -= 11
        c.drawString(90, y, "END;")
        y -= 24
        y, at = prose(c, 5, y, at)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_listing_between_paragraphs_is_one_code_block_with_its_indents(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(_listing_pdf(), "listing.pdf")
    codes = [b for b in doc.blocks if isinstance(b, Code)]
    assert len(codes) == 1
    assert codes[0].text.split("\n") == [
        "SELECT function_id,",
        "       user_name,",
        "       usage,",
        "FROM function_usage",
        "",
        "ORDER BY user_name;",
        "END;",
    ]
    kinds = [b.kind for b in doc.blocks]
    at = kinds.index("code")
    assert kinds[at - 1] == "paragraph" and kinds[at + 1] == "paragraph"  # the prose around it stays prose
    assert not any("SELECT" in b.text for b in doc.blocks if not isinstance(b, Code))


def test_lines_a_listing_repeats_on_every_page_are_no_running_footer(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(_listing_pdf(pages=3), "listings.pdf")
    codes = [b for b in doc.blocks if isinstance(b, Code)]
    assert len(codes) == 3
    assert all(c.text.endswith("END;") for c in codes)
    assert not any("END;" in r.text for r in doc.removals)


def test_a_typewritten_document_is_running_text_not_code(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(_listing_pdf(pages=2, courier_body=True), "letter.pdf")
    assert not any(isinstance(b, Code) for b in doc.blocks)
    assert "typed on a machine" in "\n".join(b.text for b in doc.blocks)


def _line(text: str, top: float, *, mono: bool, font: str = "Song", x0: float = 72.0) -> PdfLine:
    return PdfLine(
        text=text,
        x0=x0,
        x1=x0 + 6 * len(text),
        top=top,
        bottom=top + 10,
        size=10.0,
        bold=False,
        page=1,
        mono=mono,
        font=font,
    )


def test_chinese_lines_whose_latin_letters_measure_alike_are_no_code() -> None:
    """A CJK font's Latin letters are often all one width: Chinese text stays text."""
    han = "\u63a8\u8fdb" * 8  # 16 Han characters
    body = [_line(f"{han} APEC WTO OECD {han}\u3002", 100 + 14 * i, mono=True) for i in range(3)]
    body += [_line("plain body text " * 4, 200 + 14 * i, mono=False, font="Times") for i in range(20)]
    kept, codes = take_code(body, 10.0)
    assert codes == [] and kept == body


def test_a_single_fixed_width_line_stays_a_paragraph() -> None:
    body = [_line("plain body text " * 4, 100 + 14 * i, mono=False, font="Times") for i in range(5)]
    body.insert(2, _line("https://www.example.org/reports/annual", 130, mono=True, font="Courier"))
    kept, codes = take_code(body, 10.0)
    assert codes == [] and kept == body


def test_a_url_wrapped_over_two_fixed_width_lines_is_no_listing() -> None:
    body = [_line("plain body text " * 4, 100 + 14 * i, mono=False, font="Times") for i in range(5)]
    body[2:2] = [
        _line("http://www.example.org/support/knowledgecenter/reports/annual.htm?lang", 128, mono=True, font="Courier"),
        _line("=en", 140, mono=True, font="Courier"),
    ]
    kept, codes = take_code(body, 10.0)
    assert codes == [] and kept == body


def _pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    draw(c)
    c.save()
    return buf.getvalue()


def _courier(c, lines: list[str], x: float, y: float, size: float = 9, pitch: float = 11) -> float:  # type: ignore[no-untyped-def]
    """Draw ``lines`` in Courier from ``y`` down, ``pitch`` points apart; the next ``y``."""
    c.setFont("Courier", size)
    for text in lines:
        c.drawString(x, y, text)
        y -= pitch
    return y


def test_prose_a_signature_and_an_address_in_courier_are_no_listing(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A statute quoted in Courier (wrapped sentences), a signature and an address block in
    Courier (no program's marks): text, not code."""
    quote = [
        "(1) No person shall erect any building or structure within the",
        "protected zone unless the local authority has first granted written",
        "consent, and any consent so granted may be made subject to such",
        "conditions as the authority considers necessary for the purpose.",
    ]
    signed = ["Yours faithfully,", "Jane Whitfield", "Clerk to the Harbour Board", "12 Quay Street, Port Ellen"]

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        y, at = prose(c, 6, 780, 0)
        for block in (quote, signed):
            y = _courier(c, block, 90, y - 12) - 12
            y, at = prose(c, 6, y, at)

    doc = convert_bytes(_pdf(draw), "quote.pdf")
    assert not [b for b in doc.blocks if isinstance(b, Code)]
    text = "\n".join(b.text for b in doc.blocks)
    assert all(line in text for line in (*quote, *signed))


def test_a_listing_over_a_page_break_is_one_block_indented_from_one_edge(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A listing going on at the top of the next page: one block, each line indented from the
    column's edge as printed (not from each page's leftmost line), the page number left out."""
    first = [("class Loader:", 0), ("def load(self, path):", 4), ("with open(path) as f:", 8), ("for line in f:", 12)]
    second = [("if not line.strip():", 16), ("continue", 20), ("yield self.parse(line)", 16), ("def close(self):", 4)]

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        width = c.stringWidth("x", "Courier", 9)
        y, _ = prose(c, 40, 780, 0)
        y = 140
        for part, number in ((first, "1"), (second, None)):
            c.setFont("Courier", 9)
            for text, indent in part:
                c.drawString(80 + indent * width, y, text)
                y -= 11
            if number:
                c.drawString(295, y - 12, number)  # (the page number, close under the listing)
                c.showPage()
                y = 780
        y -= 20
        prose(c, 5, y, 100)

    doc = convert_bytes(_pdf(draw), "pages.pdf")
    codes = [b for b in doc.blocks if isinstance(b, Code)]
    assert len(codes) == 1
    assert codes[0].text.split("\n") == [" " * indent + text for text, indent in (*first, *second)]


def test_spaces_inside_a_fixed_width_line_are_kept(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    rows = [
        "$ ls -l",
        "-rw-r--r--  1 alice  staff   1024 Mar  4 10:00 notes.txt",
        "drwxr-xr-x  5 alice  staff    160 Mar  4 09:58 src",
    ]

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        y, at = prose(c, 6, 780, 0)
        y = _courier(c, rows, 90, y - 12)
        prose(c, 6, y - 12, at)

    doc = convert_bytes(_pdf(draw), "ls.pdf")
    assert [b.text for b in doc.blocks if isinstance(b, Code)] == ["\n".join(rows)]


def test_a_listing_at_the_foot_of_every_page_keeps_its_last_line(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """``END;`` closing a listing at the same place on every page is no running footer."""

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        at = 0
        for n in range(4):
            _, at = prose(c, 40, 780, at)
            _courier(
                c, [f"CREATE PROCEDURE refresh_{n} AS", "BEGIN", "  DELETE FROM t WHERE stale = 1;", "END;"], 80, 110
            )
            c.showPage()

    doc = convert_bytes(_pdf(draw), "procedures.pdf")
    codes = [b.text for b in doc.blocks if isinstance(b, Code)]
    assert len(codes) == 4 and all(text.endswith("\nEND;") for text in codes), codes


def test_english_in_a_chinese_documents_own_font_is_no_listing() -> None:
    """A CJK body font sets Latin letters at one width: its English abstract is text."""
    han = "\u63a8\u8fdb" * 15
    body = [_line(han + "\u3002", 100 + 14 * i, mono=False, font="ABCDEF+SimSun") for i in range(20)]
    body += [
        _line(
            "This paper studies text classification (with deep models) = ok;",
            400 + 14 * i,
            mono=True,
            font="GHIJKL+SimSun",
        )
        for i in range(4)
    ]
    kept, codes = take_code(body, 10.0)
    assert codes == [] and kept == body


def test_a_comment_in_the_body_font_between_code_lines_stays_in_the_listing() -> None:
    body = [_line("plain body text with words " * 3, 100 + 14 * i, mono=False, font="Song") for i in range(20)]
    listing = [
        _line("def load(path):", 400, mono=True, font="Courier"),
        _line("# \u9010\u884c\u8bfb\u53d6\u914d\u7f6e\u6587\u4ef6", 411, mono=False, font="Song"),
        _line("with open(path) as f:", 422, mono=True, font="Courier"),
    ]
    kept, codes = take_code(body + listing, 10.0)
    assert kept == body and len(codes) == 1
    assert codes[0].text.split("\n")[1] == "# \u9010\u884c\u8bfb\u53d6\u914d\u7f6e\u6587\u4ef6"


def test_a_listing_set_closer_than_its_type_and_one_in_colour_at_a_pages_top(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """Lines set 9.5 points apart in 10-point type (their boxes overlap) are one listing; a
    small listing in colour opening a page is no running header."""
    sql = ["SELECT name,", "       total", "FROM orders", "WHERE x = 1;"]
    py = ["def area(w, h):", "    return w * h  # size", "print(area(2, 3))"]

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        y, at = prose(c, 6, 780, 0)
        y = _courier(c, sql, 80, y - 12, size=10, pitch=9.5)
        prose(c, 20, y - 12, at)
        c.showPage()
        c.setFillColorRGB(0.1, 0.2, 0.6)
        y = _courier(c, py, 72, 790, size=8, pitch=10)
        c.setFillColorRGB(0, 0, 0)
        prose(c, 30, y - 14, at + 300)

    doc = convert_bytes(_pdf(draw), "tight.pdf")
    assert [b.text for b in doc.blocks if isinstance(b, Code)] == ["\n".join(sql), "\n".join(py)]
