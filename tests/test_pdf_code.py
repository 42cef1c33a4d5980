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
