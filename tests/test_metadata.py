"""Metadata that is right or absent (issue 15): the document's date and author read from its own
lines (the ``metadata`` step and :mod:`convert.steps._docmeta`), the title block kept as separate
paragraphs, HTML meta tags and JSON-LD, a PDF info dictionary checked against the pages, and the
``--title/--author/--date/--language/-M`` overrides in every output."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REAL, need_shared
from lxml import etree

from convert.app.cli import cli
from convert.app.testing import convert_text
from convert.core.contracts import ConversionError, Options, Source
from convert.core.metadata import apply_metadata, check_date, parse_item
from convert.core.model import Document, Metadata
from convert.readers.html.meta import title_site_name
from convert.readers.markdown import split_front_matter
from convert.steps._docmeta import Speaker, date_line, issuer, parse_date, speaker, title_issuer

WORK_REPORT = REAL / "zh-gov-work-report-2022-plain.txt"
BODY = (
    "\u73b0\u5728\uff0c\u6211\u4ee3\u8868\u56fd\u52a1\u9662\uff0c\u5411\u5927\u4f1a\u62a5\u544a\u653f\u5e9c\u5de5\u4f5c\uff0c\u8bf7\u4e88\u5ba1\u8bae\uff0c\u5e76\u8bf7\u5168\u56fd\u653f\u534f\u59d4\u5458\u63d0\u51fa\u610f\u89c1\u3002"
    * 3
)
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


# --- the parsers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        (
            "\u2014\u20142022\u5e743\u67085\u65e5\u5728\u7b2c\u5341\u4e09\u5c4a\u5168\u56fd\u4eba\u6c11\u4ee3\u8868\u5927\u4f1a\u7b2c\u4e94\u6b21\u4f1a\u8bae\u4e0a",
            "2022-03-05",
        ),
        ("\uff082018\u5e741\u67082\u65e5\uff09", "2018-01-02"),
        ("2018\u5e741\u67082\u65e5", "2018-01-02"),
        ("\u4e8c\u3007\u4e00\u516b\u5e74\u4e00\u6708\u4e8c\u65e5", "2018-01-02"),
        ("\u4e8c\u25cb\u4e8c\u4e8c\u5e74\u5341\u4e8c\u6708\u4e09\u5341\u4e00\u65e5", "2022-12-31"),
        (
            "\uff082021\u5e743\u670811\u65e5\u7b2c\u5341\u4e09\u5c4a\u5168\u56fd\u4eba\u6c11\u4ee3\u8868\u5927\u4f1a\u7b2c\u56db\u6b21\u4f1a\u8bae\u901a\u8fc7\uff09",
            "2021-03-11",
        ),
        (
            "\u2014\u2014\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\uff082022\u5e743\u67085\u65e5\uff09",
            "2022-03-05",
        ),
        ("2022\u5e743\u6708", "2022-03"),
        ("March 5, 2022", "2022-03-05"),
        ("Dated: March 5, 2022", "2022-03-05"),
        ("5 March 2022", "2022-03-05"),
        ("Tuesday, January 13, 2009", "2009-01-13"),
        ("March 2022", "2022-03"),
        ("2022-03-05", "2022-03-05"),
        ("\u6c11\u570b113\u5e744\u67082\u65e5", "2024-04-02"),
    ],
)
def test_date_lines(line: str, iso: str) -> None:
    assert date_line(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "2022\u5e743\u67085\u65e5\uff0c\u5927\u4f1a\u5728\u5317\u4eac\u5f00\u5e55\u3002",  # a sentence that mentions a date
        "\u4f1a\u8bae\u4e8e2022\u5e743\u67085\u65e5\u53ec\u5f00\uff0c\u4e0e\u4f1a\u4ee3\u8868\u5ba1\u8bae\u4e86\u62a5\u544a",
        "We met on March 5, 2022 to agree the budget.",
        "\u4e00\u30012021\u5e74\u5de5\u4f5c\u56de\u987e",  # a heading with a year
        "2022\u5e743\u67085\u65e5 \u661f\u671f\u516d",  # a site's date bar
        "2022\u5e742\u670830\u65e5",  # no such day
        "\u53d1\u5e03\u65f6\u95f4\uff1a2022-03-05 10:21",  # a site's stamp
        "\u7b2c\u5341\u4e09\u5c4a\u5168\u56fd\u4eba\u6c11\u4ee3\u8868\u5927\u4f1a\u7b2c\u4e94\u6b21\u4f1a\u8bae",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert date_line(line) is None


def test_parse_date_takes_a_date_alone() -> None:
    assert parse_date("\u4e8c\u3007\u4e8c\u56db\u5e74\u4e00\u6708\u5341\u4e5d\u65e5") == "2024-01-19"
    assert parse_date("2024\u5e741\u670819\u65e5") == "2024-01-19"
    assert parse_date("2024\u5e741\u670819\u65e5\u4e0a\u5348") is None


@pytest.mark.parametrize(
    ("line", "name", "role"),
    [
        (
            "\u56fd\u52a1\u9662\u603b\u7406\u3000\u674e\u514b\u5f3a",
            "\u674e\u514b\u5f3a",
            "\u56fd\u52a1\u9662\u603b\u7406",
        ),
        ("\u5e02\u957f \u738b \u519b", "\u738b\u519b", "\u5e02\u957f"),
        (
            "\u4e2d\u5171\u4e2d\u592e\u603b\u4e66\u8bb0\u3001\u56fd\u5bb6\u4e3b\u5e2d \u4e60\u8fd1\u5e73",
            "\u4e60\u8fd1\u5e73",
            "\u4e2d\u5171\u4e2d\u592e\u603b\u4e66\u8bb0\u3001\u56fd\u5bb6\u4e3b\u5e2d",
        ),
        ("\u4f5c\u8005\uff1a\u5f20\u4e09", "\u5f20\u4e09", ""),
        ("\u6587/\u674e\u56db", "\u674e\u56db", ""),
        ("By Jane Doe", "Jane Doe", ""),
        ("By Jane Doe, Chair of the Board", "Jane Doe", "Chair of the Board"),
        ("Jane Doe, Chair", "Jane Doe", "Chair"),
    ],
)
def test_speakers(line: str, name: str, role: str) -> None:
    found = speaker(line)
    assert found is not None and (found.name, found.role) == (name, role)


@pytest.mark.parametrize(
    "line",
    [
        "\u5404\u4f4d\u4ee3\u8868\uff1a",
        "\u4e00\u3001\u603b\u4f53\u8981\u6c42",
        "By the Waste Team",  # a team, not a person
        "By Jane Doe, 12 March",  # a stamp
        "Posted by Jane Doe on 3 March 2024",
        "\u4f5c\u8005\uff1a\u672c\u7ad9\u7f16\u8f91",  # no person's name
        "\u56fd\u52a1\u9662\u603b\u7406",  # a role without a name
        "Martin Thoma",  # a name alone says nothing about its part
    ],
)
def test_not_speakers(line: str) -> None:
    assert speaker(line) is None


def test_issuers() -> None:
    assert issuer("\u56fd\u52a1\u9662") == "\u56fd\u52a1\u9662"
    assert issuer("\u4e2d\u5171\u4e2d\u592e \u56fd\u52a1\u9662") == "\u4e2d\u5171\u4e2d\u592e \u56fd\u52a1\u9662"
    assert (
        issuer("\u6c5f\u57ce\u5e02\u4eba\u6c11\u653f\u5e9c\u529e\u516c\u5ba4")
        == "\u6c5f\u57ce\u5e02\u4eba\u6c11\u653f\u5e9c\u529e\u516c\u5ba4"
    )
    assert issuer("Riverton District Council") == "Riverton District Council"
    for line in (
        "\u4e00\u3001\u603b\u4f53\u8981\u6c42",
        "\uff08\u4e00\uff09\u52a0\u5f3a\u7ec4\u7ec7\u9886\u5bfc",
        "\u65b0\u53d1\u5c55\u683c\u5c40",
        "\u5404\u4f4d\u4ee3\u8868\uff1a",
        "2022\u5e743\u67085\u65e5",
        "By the Waste Team",
    ):
        assert issuer(line) is None, line
    assert (
        title_issuer(
            "\u4e2d\u5171\u4e2d\u592e \u56fd\u52a1\u9662\u5173\u4e8e\u5b9e\u65bd\u4e61\u6751\u632f\u5174\u6218\u7565\u7684\u610f\u89c1"
        )
        == "\u4e2d\u5171\u4e2d\u592e \u56fd\u52a1\u9662"
    )
    assert (
        title_issuer(
            "\u53a6\u95e8\u5e02\u4eba\u6c11\u653f\u5e9c\u529e\u516c\u5385\u8f6c\u53d1\u5e02\u6587\u5316\u5c40\u5173\u4e8e\u5730\u65b9\u6587\u732e\u5f81\u96c6\u7ba1\u7406\u529e\u6cd5\u7684\u901a\u77e5"
        )
        == "\u53a6\u95e8\u5e02\u4eba\u6c11\u653f\u5e9c\u529e\u516c\u5385"
    )
    assert title_issuer("\u5173\u4e8e\u505a\u597d\u9632\u6c5b\u5de5\u4f5c\u7684\u901a\u77e5") is None
    assert title_issuer("\u6211\u4eec\u5173\u4e8e\u672a\u6765\u7684\u601d\u8003") is None


# --- the metadata step ------------------------------------------------------------------------


def test_speech_head_gives_date_and_speaker_as_separate_paragraphs() -> None:
    text = f"\u5728\u5168\u5e02\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\n\u2014\u20142023\u5e744\u67086\u65e5\u5728\u5168\u5e02\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae\u4e0a\n\u6c5f\u57ce\u5e02\u5e02\u957f\u3000\u738b\u5efa\u56fd\n\u540c\u5fd7\u4eec\uff1a\n{BODY}\n{BODY}\n"
    doc = convert_text(text)
    assert doc.meta.date == "2023-04-06"
    assert doc.meta.author == "\u738b\u5efa\u56fd"
    assert ("author_role", "\u6c5f\u57ce\u5e02\u5e02\u957f") in doc.meta.extra
    texts = [b.text for b in doc.blocks]
    assert (
        "\u2014\u20142023\u5e744\u67086\u65e5\u5728\u5168\u5e02\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae\u4e0a" in texts
        and "\u6c5f\u57ce\u5e02\u5e02\u957f\u3000\u738b\u5efa\u56fd" in texts
    )  # kept, each alone
    assert not any("\u738b\u5efa\u56fd" in w for w in doc.warnings)


def test_closing_signature_gives_issuer_and_date() -> None:
    text = f"\u5173\u4e8e\u505a\u597d\u6c5b\u671f\u5b89\u5168\u5de5\u4f5c\u7684\u901a\u77e5\n\u5404\u533a\u53bf\u4eba\u6c11\u653f\u5e9c\uff1a\n{BODY}\n{BODY}\n\u6c5f\u57ce\u5e02\u4eba\u6c11\u653f\u5e9c\n\u4e8c\u3007\u4e8c\u4e09\u5e74\u516d\u6708\u4e00\u65e5\n"
    doc = convert_text(text)
    assert doc.meta.date == "2023-06-01"
    assert doc.meta.author == "\u6c5f\u57ce\u5e02\u4eba\u6c11\u653f\u5e9c"
    assert [b.text for b in doc.blocks][-2:] == [
        "\u6c5f\u57ce\u5e02\u4eba\u6c11\u653f\u5e9c",
        "\u4e8c\u3007\u4e8c\u4e09\u5e74\u516d\u6708\u4e00\u65e5",
    ]  # still in the text


def test_a_date_inside_a_sentence_is_not_the_documents_date() -> None:
    text = f"\u5173\u4e8e\u505a\u597d\u6c5b\u671f\u5b89\u5168\u5de5\u4f5c\u7684\u901a\u77e5\n\u5404\u533a\u53bf\u4eba\u6c11\u653f\u5e9c\uff1a\n2023\u5e746\u67081\u65e5\uff0c\u5e02\u653f\u5e9c\u53ec\u5f00\u4e86\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae\uff0c\u90e8\u7f72\u4e86\u4eca\u5e74\u7684\u5de5\u4f5c\u3002\n{BODY}\n"
    doc = convert_text(text)
    assert doc.meta.date is None and doc.meta.author is None


def test_a_list_of_dates_at_the_end_is_no_signature() -> None:
    dates = "\n".join(f"2019\u5e74{m:02d}\u6708" for m in (5, 11, 12))  # a CV's or a timeline's months
    doc = convert_text(f"\u5de5\u4f5c\u7ecf\u5386\n{BODY}\n{BODY}\n{dates}\n")
    assert doc.meta.date is None


def test_english_byline_and_signature() -> None:
    body = "The harbour works went on through the year with the dredging of the inner basin and the quay."
    head = convert_text(f"Annual Review of the Harbour Works\nBy Jane Doe\n5 March 2022\n\n{body}\n\n{body}\n")
    assert (head.meta.author, head.meta.date) == ("Jane Doe", "2022-03-05")
    signed = convert_text(
        f"Annual Review of the Harbour Works\n\n{body}\n\n{body}\n\nJane Doe, Chair\n\nDated: 7 April 2022\n"
    )
    assert (signed.meta.author, signed.meta.date) == ("Jane Doe", "2022-04-07")
    assert ("author_role", "Chair") in signed.meta.extra


def test_what_the_reader_set_is_kept_unless_it_names_nobody() -> None:
    front = "---\ntitle: Annual Review\ndate: 2020-01-01\nauthor: Harbour Board\n---\n\n# Annual Review\n\nBy Jane Doe\n\n5 March 2022\n\nText of the review, in one paragraph that goes on.\n"
    doc = convert_text(front, name="review.md")
    assert (doc.meta.date, doc.meta.author) == ("2020-01-01", "Harbour Board")
    page = (
        '<html><head><title>Annual Review of the Harbour Works</title><meta name="author" content="admin"></head>'
        "<body><article><h1>Annual Review of the Harbour Works</h1><p>By Jane Doe</p>"
        + "<p>The harbour works went on through the year with the dredging of the inner basin.</p>" * 4
        + "</article></body></html>"
    )
    assert convert_text(page, name="review.html").meta.author == "Jane Doe"  # "admin" names nobody


def test_work_report() -> None:
    from convert.writers.markdown import render

    doc = convert_text(need_shared(WORK_REPORT).read_bytes(), name=WORK_REPORT.name)
    assert doc.meta.title == "\u653f\u5e9c\u5de5\u4f5c\u62a5\u544a"
    assert doc.meta.date == "2022-03-05"
    assert (
        doc.meta.author == "\u674e\u514b\u5f3a" and ("author_role", "\u56fd\u52a1\u9662\u603b\u7406") in doc.meta.extra
    )
    texts = [b.text for b in doc.blocks[:4]]
    assert texts[1:3] == [
        "\u2014\u20142022\u5e743\u67085\u65e5\u5728\u7b2c\u5341\u4e09\u5c4a\u5168\u56fd\u4eba\u6c11\u4ee3\u8868\u5927\u4f1a\u7b2c\u4e94\u6b21\u4f1a\u8bae\u4e0a",
        "\u56fd\u52a1\u9662\u603b\u7406\u3000\u674e\u514b\u5f3a",
    ]
    assert not any("furniture" in w for w in doc.warnings), doc.warnings
    fields, _, _ = split_front_matter(render(doc))
    assert (fields["date"], fields["author"]) == ("2022-03-05", "\u674e\u514b\u5f3a")


def test_rural_opinion() -> None:
    path = need_shared(REAL / "zh-rural-revitalization-opinion-2018-plain.txt")
    doc = convert_text(path.read_bytes(), name=path.name)
    assert (doc.meta.date, doc.meta.author) == ("2018-01-02", "\u4e2d\u5171\u4e2d\u592e \u56fd\u52a1\u9662")


# --- HTML ------------------------------------------------------------------------------------

PAGE = (
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>\u9996\u9875 - \u6c5f\u57ce\u53d1\u5e03</title><meta property="og:site_name" content="\u6c5f\u57ce\u53d1\u5e03">
<meta name="author" content="https://example.org/staff/1">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "\u6c5f\u57ce\u53d1\u5e03"},
 {"@type": "NewsArticle", "headline": "\u6c5f\u57ce\u5e02\u53ec\u5f00\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae",
  "author": [{"@type": "Person", "name": "\u5f20\u4f1f"}, {"@type": "Person", "name": "\u674e\u5a1c"}],
  "datePublished": "2023-06-01T08:00:00+08:00", "inLanguage": "zh-CN"}]}</script>
<script type="application/ld+json">{"headline": "broken</script>
</head><body><article><h1>\u6c5f\u57ce\u5e02\u53ec\u5f00\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae</h1>"""
    + f"<p>{BODY}</p>" * 3
    + "</article></body></html>"
)


def test_html_json_ld_fills_title_author_date_and_language() -> None:
    doc = convert_text(PAGE, name="news.html")
    assert (
        doc.meta.title == "\u6c5f\u57ce\u5e02\u53ec\u5f00\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae"
    )  # not the generic <title> \u9996\u9875
    assert doc.meta.author == "\u5f20\u4f1f; \u674e\u5a1c"  # not the web address in <meta name=author>
    assert doc.meta.date == "2023-06-01"
    assert doc.meta.language == "zh"  # Chinese by its characters, <html lang="en"> is a template's
    assert ("lang", "zh-CN") in doc.meta.extra  # inLanguage: the hint that names the region


def test_html_meta_tags() -> None:
    page = (
        '<html lang="de-de"><head><title>Bericht</title><meta name="dcterms.creator" content="Anna Berg">'
        '<meta name="dcterms.issued" content="2021-11-05"><script type="application/ld+json">[not json</script></head>'
        "<body><article><h1>Der Hafenbericht</h1>"
        + "<p>Die Arbeiten am Hafen gingen das ganze Jahr weiter, und das innere Becken wurde ausgebaggert.</p>" * 4
        + "</article></body></html>"
    )
    doc = convert_text(page, name="bericht.html")
    assert (doc.meta.author, doc.meta.date, doc.meta.language) == ("Anna Berg", "2021-11-05", "de-DE")


# --- PDF --------------------------------------------------------------------------------------


def pdf_with_info(author: str, byline: str) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("Annual Review of the Harbour Works")
    c.setAuthor(author)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 760, "Annual Review of the Harbour Works")
    c.setFont("Helvetica", 11)
    c.drawString(72, 736, byline)
    for i in range(12):
        c.drawString(72, 700 - 16 * i, "The harbour works went on through the year with the dredging of the basin.")
    c.save()
    return buf.getvalue()


def read_pdf(data: bytes) -> Document:
    from convert.readers.pdf import PdfReader

    return PdfReader().read(Source(name="x.pdf", data=data), Options())


def test_pdf_info_author_is_used_only_when_the_pages_print_it() -> None:
    shown = read_pdf(pdf_with_info("Jane Doe", "Prepared by Jane Doe for the Harbour Board"))
    assert shown.meta.author == "Jane Doe"
    assert shown.meta.title == "Annual Review of the Harbour Works"
    word = read_pdf(pdf_with_info("Harbour", "HARBOUR BOARD OF THE CITY OF RIVERTON"))
    assert word.meta.author is None and ("pdf_author", "Harbour") in word.meta.extra
    stale = read_pdf(pdf_with_info("John Smith", "Prepared by the Harbour Board"))
    assert stale.meta.author is None and ("pdf_author", "John Smith") in stale.meta.extra


def test_real_pdf_info_dictionaries() -> None:
    scotus = need_shared(REAL / "en-scotus-transcript-p1.pdf")
    doc = convert_text(scotus.read_bytes(), name=scotus.name)
    assert doc.meta.author is None and ("pdf_author", "Supreme") in doc.meta.extra
    assert doc.meta.date == "2009-01-13"  # "Tuesday, January 13, 2009" on its cover
    arxiv = need_shared(REAL / "en-arxiv-paper-creativity-ml.pdf")
    paper = read_pdf(arxiv.read_bytes())
    assert paper.meta.author == "Martin Thoma"  # printed under the title
    assert paper.meta.title is None and ("pdf_title", "Art in Machine Learning") in paper.meta.extra


# --- overrides ---------------------------------------------------------------------------------


def test_override_values_are_checked() -> None:
    assert parse_item("project=archive 7") == ("project", "archive 7")
    assert parse_item("Title=X") == ("title", "X")
    assert parse_item("language=zh-tw") == ("language", "zh-TW")
    assert check_date("2022-03") == "2022-03"
    for bad in (
        "novalue",
        "=x",
        "bad key=x",
        "pages=3",
        "source=x",
        "date=yesterday",
        "date=2022-02-30",
        "language=zh CN",
    ):
        with pytest.raises(ConversionError):
            parse_item(bad)


def test_apply_metadata() -> None:
    doc = Document(meta=Metadata(title="A", author="B", extra=(("author_role", "R"), ("encoding", "utf-8"))))
    out = apply_metadata(doc, [("author", "C"), ("project", "P"), ("title", "")])
    assert (out.meta.title, out.meta.author) == (None, "C")
    assert out.meta.extra == (("encoding", "utf-8"),)  # the old author's role is gone
    assert out.meta.custom == (("project", "P"),)  # the user's own key, which the writers write
    again = apply_metadata(out, [("author_role", "Mayor"), ("project", "")])
    assert ("author_role", "Mayor") in again.meta.extra and again.meta.custom == ()


def test_the_test_kit_honours_overrides() -> None:
    options = Options(metadata=(("author", "Jane Doe"), ("date", "2021")))
    doc = convert_text(
        f"\u5173\u4e8e\u505a\u597d\u6c5b\u671f\u5b89\u5168\u5de5\u4f5c\u7684\u901a\u77e5\n{BODY}\n", options=options
    )
    assert (doc.meta.author, doc.meta.date) == ("Jane Doe", "2021")


SPEECH = f"\u5728\u5168\u5e02\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\n\u2014\u20142023\u5e744\u67086\u65e5\u5728\u5168\u5e02\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae\u4e0a\n\u6c5f\u57ce\u5e02\u5e02\u957f\u3000\u738b\u5efa\u56fd\n\u540c\u5fd7\u4eec\uff1a\n{BODY}\n"


def test_convert_overrides_every_output(tmp_path: Path) -> None:
    import docx
    from lxml import etree

    src = tmp_path / "speech.txt"
    src.write_text(SPEECH, encoding="utf-8")
    args = [
        "convert",
        str(src),
        "-o",
        str(tmp_path / "out"),
        "-t",
        "md,docx,epub",
        "--title",
        "\u9632\u6c5b\u8bb2\u8bdd",
    ]
    args += [
        "--author",
        "\u738b\u5efa\u56fd\u540c\u5fd7",
        "--date",
        "2023-04",
        "--language",
        "zh-cn",
        "-M",
        "project=archive-7",
    ]
    args += ["-M", "shelf=B 2", "-M", "title=ignored: the named flag wins"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"

    fields, body, _ = split_front_matter((out / "speech.md").read_text(encoding="utf-8"))
    assert fields["title"] == "\u9632\u6c5b\u8bb2\u8bdd" and fields["author"] == "\u738b\u5efa\u56fd\u540c\u5fd7"
    assert (fields["date"], fields["language"], fields["project"], fields["shelf"]) == (
        "2023-04",
        "zh-CN",
        "archive-7",
        "B 2",
    )
    assert (
        "# \u5728\u5168\u5e02\u9632\u6c5b\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd" in body
    )  # the text is left as it is

    props = docx.Document(str(out / "speech.docx")).core_properties
    assert (props.title, props.author, props.language) == (
        "\u9632\u6c5b\u8bb2\u8bdd",
        "\u738b\u5efa\u56fd\u540c\u5fd7",
        "zh-CN",
    )
    with zipfile.ZipFile(out / "speech.docx") as z:
        custom = etree.fromstring(z.read("docProps/custom.xml"))
        assert "docProps/custom.xml" in z.read("[Content_Types].xml").decode() or b"custom-properties" in z.read(
            "[Content_Types].xml"
        )
    values = {p.get("name"): p[0].text for p in custom if not p.get("name").startswith("docconv:")}
    assert values == {"project": "archive-7", "shelf": "B 2"}

    with zipfile.ZipFile(out / "speech.epub") as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
    meta = opf.find(f"{OPF}metadata")
    assert meta.findtext(f"{DC}title") == "\u9632\u6c5b\u8bb2\u8bdd"
    assert meta.findtext(f"{DC}creator") == "\u738b\u5efa\u56fd\u540c\u5fd7"
    assert meta.findtext(f"{DC}date") == "2023-04"
    assert meta.findtext(f"{DC}language") == "zh-CN"
    props_epub = {m.get("property"): m.text for m in meta.findall(f"{OPF}meta") if m.get("property")}
    assert props_epub["custom:project"] == "archive-7" and props_epub["custom:shelf"] == "B 2"
    from tools import epubcheck_jar, run_epubcheck

    if epubcheck_jar():
        fatals, errors, _warnings, output = run_epubcheck(out / "speech.epub")
        assert (fatals, errors) == (0, 0), output


def test_what_is_found_is_written_without_overrides(tmp_path: Path) -> None:
    import docx

    src = tmp_path / "speech.txt"
    src.write_text(SPEECH, encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(src), "-o", str(tmp_path / "out"), "-t", "docx"])
    assert result.exit_code == 0, result.output
    props = docx.Document(str(tmp_path / "out" / "speech.docx")).core_properties
    assert props.author == "\u738b\u5efa\u56fd"  # dc:creator is no longer empty
    with zipfile.ZipFile(tmp_path / "out" / "speech.docx") as z:
        custom = etree.fromstring(z.read("docProps/custom.xml"))  # (the provenance)
    assert all(p.get("name").startswith("docconv:") for p in custom)  # no -M, no keys of the user's


def test_clean_and_inspect_honour_overrides(tmp_path: Path) -> None:
    src = tmp_path / "speech.txt"
    src.write_text(SPEECH, encoding="utf-8")
    cleaned = CliRunner().invoke(cli, ["clean", str(src), "--author", "", "-M", "project=P"])
    assert cleaned.exit_code == 0, cleaned.output
    fields, _, _ = split_front_matter(cleaned.stdout)
    assert "author" not in fields and fields["project"] == "P" and fields["date"] == "2023-04-06"
    shown = CliRunner().invoke(cli, ["inspect", str(src), "--no-color", "--date", "2020"])
    assert shown.exit_code == 0, shown.output
    assert "date=2020," in shown.stdout and "author=\u738b\u5efa\u56fd" in shown.stdout


@pytest.mark.parametrize(
    "args",
    [["--date", "yesterday"], ["-M", "novalue"], ["-M", "pages=3"], ["--language", "zh CN"], ["--date", "2022-13"]],
)
def test_a_bad_value_is_one_usage_error(tmp_path: Path, args: list[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SPEECH, encoding="utf-8")
    for command in (["convert", str(src), "-o", str(tmp_path / "out")], ["clean", str(src)]):
        result = CliRunner().invoke(cli, [*command, *args])
        assert result.exit_code == 2, result.output
        assert result.output.count("Error") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_sync_converts_again_when_the_metadata_changes() -> None:
    from convert.app.plugins import build_registry
    from convert.app.sync import fingerprint

    registry = build_registry(load_entry_points=False)
    writers = [registry.writer("md")]
    plain = fingerprint(registry, Options(), writers)
    assert fingerprint(registry, Options(metadata=()), writers) == plain
    assert fingerprint(registry, Options(metadata=(("author", "X"),)), writers) != plain


# --- issuers are named offices, roles are real roles, labelled head dates (review of issue 15) ------


@pytest.mark.parametrize(
    "title",
    [
        "\u672c\u7ad9\u5173\u4e8e\u8c03\u6574\u670d\u52a1\u65f6\u95f4\u7684\u516c\u544a",
        "\u7f51\u7ad9\u5173\u4e8e\u8c03\u6574\u670d\u52a1\u65f6\u95f4\u7684\u516c\u544a",
        "\u5168\u90e8\u5173\u4e8e\u8c03\u6574\u670d\u52a1\u65f6\u95f4\u7684\u516c\u544a",
        "\u6211\u6240\u5173\u4e8e\u8c03\u6574\u670d\u52a1\u65f6\u95f4\u7684\u516c\u544a",
        "\u8be5\u5c40\u5173\u4e8e\u8c03\u6574\u670d\u52a1\u65f6\u95f4\u7684\u901a\u77e5",
        "\u5404\u90e8\u95e8\u5173\u4e8e\u8c03\u6574\u670d\u52a1\u65f6\u95f4\u7684\u901a\u77e5",
        "\u529e\u516c\u5ba4\u5173\u4e8e\u6625\u8282\u653e\u5047\u7684\u901a\u77e5",
    ],
)
def test_a_pointer_or_a_plain_word_before_about_names_no_issuer(title: str) -> None:
    assert title_issuer(title) is None, title


def test_offices_named_by_their_place_are_issuers() -> None:
    assert (
        title_issuer(
            "\u7701\u59d4 \u7701\u653f\u5e9c\u5173\u4e8e\u52a0\u5f3a\u57fa\u5c42\u6cbb\u7406\u7684\u610f\u89c1"
        )
        == "\u7701\u59d4 \u7701\u653f\u5e9c"
    )
    assert (
        title_issuer("\u5168\u56fd\u4eba\u5927\u5e38\u59d4\u4f1a\u5173\u4e8e\u4fee\u6539\u6cd5\u5f8b\u7684\u51b3\u5b9a")
        == "\u5168\u56fd\u4eba\u5927\u5e38\u59d4\u4f1a"
    )
    assert (
        title_issuer("\u56fd\u52a1\u9662\u529e\u516c\u5385\u5173\u4e8e\u5370\u53d1\u65b9\u6848\u7684\u901a\u77e5")
        == "\u56fd\u52a1\u9662\u529e\u516c\u5385"
    )
    assert (
        issuer("\u672c\u7ad9") is None and issuer("\u7f51\u7ad9") is None and issuer("\u5e02\u59d4") == "\u5e02\u59d4"
    )


def test_a_site_notice_has_no_author() -> None:
    text = "\u672c\u7ad9\u5173\u4e8e\u8c03\u6574\u670d\u52a1\u65f6\u95f4\u7684\u516c\u544a\n\n\u5404\u4f4d\u7528\u6237\uff1a\n\n\u7531\u4e8e\u7cfb\u7edf\u5347\u7ea7\u7ef4\u62a4\uff0c\u672c\u7ad9\u5c06\u4e8e\u4e0b\u5468\u6682\u505c\u670d\u52a1\uff0c\u656c\u8bf7\u8c05\u89e3\u3002\n"
    assert convert_text(text, name="notice.txt").meta.author is None


@pytest.mark.parametrize(
    ("line", "name", "role"),
    [
        ("\u8d22\u653f\u90e8\u90e8\u957f \u5218\u6606", "\u5218\u6606", "\u8d22\u653f\u90e8\u90e8\u957f"),
        (
            "\u6700\u9ad8\u4eba\u6c11\u68c0\u5bdf\u9662\u68c0\u5bdf\u957f \u5f20\u519b",
            "\u5f20\u519b",
            "\u6700\u9ad8\u4eba\u6c11\u68c0\u5bdf\u9662\u68c0\u5bdf\u957f",
        ),
        ("\u67d0\u516c\u53f8\u8463\u4e8b\u957f \u738b \u519b", "\u738b\u519b", "\u67d0\u516c\u53f8\u8463\u4e8b\u957f"),
        ("\u81fa\u5317\u5e02\u5e02\u9577 \u6797\u660e", "\u6797\u660e", "\u81fa\u5317\u5e02\u5e02\u9577"),
    ],
)
def test_heads_of_offices_are_roles(line: str, name: str, role: str) -> None:
    assert speaker(line) == Speaker(name, role)


@pytest.mark.parametrize(
    "line",
    [
        "\u7ecf\u6d4e\u6301\u7eed\u589e\u957f \u9ad8\u901f",
        "\u5b69\u5b50\u5065\u5eb7\u6210\u957f \u5feb\u4e50",
        "\u5de5\u671f\u518d\u6b21\u5ef6\u957f \u4e09\u5929",
    ],
)
def test_a_word_ending_in_chang_is_no_role(line: str) -> None:
    assert speaker(line) is None, line


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Updated: 5 March 2022", "2022-03-05"),
        ("Last updated on March 5, 2022", "2022-03-05"),
        ("Posted on 2022-03-05", "2022-03-05"),
        ("Published: 5 March 2022", "2022-03-05"),
        ("\u53d1\u5e03\u65f6\u95f4\uff1a2022-03-05", "2022-03-05"),
        ("\u53d1\u5e03\u65e5\u671f\uff1a2022\u5e743\u67085\u65e5", "2022-03-05"),
        ("\u5370\u53d1\u65e5\u671f\uff1a2022\u5e743\u67085\u65e5", "2022-03-05"),
        ("\u6210\u6587\u65e5\u671f\uff1a2022\u5e743\u67085\u65e5", "2022-03-05"),
    ],
)
def test_labelled_date_lines(line: str, iso: str) -> None:
    assert date_line(line) == iso


def test_a_labelled_head_date_beats_a_month_in_the_footer() -> None:
    text = (
        "Service Changes for Members\n\nUpdated: 5 March 2022\n\n"
        "We have changed how members book appointments. From next month all bookings are made online "
        "through the members portal and by phone.\n\n"
        "If you have questions, please contact the front desk during opening hours and we will be glad to help.\n\n"
        "Help Centre\n\nMarch 2021\n"
    )
    assert convert_text(text, name="changes.txt").meta.date == "2022-03-05"


def test_html_the_title_site_part_is_the_sites_name_not_an_author() -> None:
    page = (
        '<html><head><title>Budget Report | City News</title><meta name="author" content="City News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget Report", "author": '
        '[{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}]}</script></head>'
        "<body><article><h1>Budget Report</h1><p>The city council approved the budget for next year after a long "
        "debate about spending on roads and schools.</p><p>Officials said the plan would be reviewed in the spring, "
        "and residents may comment until the end of the month.</p></article></body></html>"
    )
    doc = convert_text(page, name="budget.html")
    assert doc.meta.title == "Budget Report" and doc.meta.author == "Jane Doe; John Roe"
    assert title_site_name("Budget Report | City News", "Budget Report") == "City News"
    assert title_site_name("Budget Report", "Budget Report") is None
