"""--page-marks (issue 15): an anchor where each page of the source begins, labelled with the
number printed on it, in every output: EPUB page breaks and page-list (epubcheck), DOCX
bookmarks (python-docx), Markdown marks that docconv's own Markdown reader reads back."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REAL, ROOT, need_shared
from tools import run_epubcheck

from convert.app.cli import cli
from convert.app.pipeline import convert_source
from convert.core.contracts import Options, Source
from convert.core.model import Block, Document, Footnote, Line, Origin, PageStart, Removal, make_table
from convert.core.pages import Pages, finish, printed_number, word_edge
from convert.readers.markdown import MarkdownReader
from convert.writers.markdown import render

WORDS = (
    "the committee reviewed each application against the published criteria and recorded its reasons "
    "for every decision so that applicants could see how their proposals were weighed and what they "
    "might change before the next round of funding opens"
).split()
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def convert(registry, data: bytes | str, name: str, *, marks: bool = True) -> Document:  # type: ignore[no-untyped-def]
    if isinstance(data, str):
        data = data.encode("utf-8")
    # (no provenance: it records each conversion, so md -> md would differ in it, not in the marks)
    return convert_source(Source(name=name, data=data), registry, Options(page_marks=marks, provenance=False))


def starts(doc: Document) -> list[tuple[int, PageStart]]:
    """``(block index, page start)`` in document order."""
    return [(i, ps) for i, b in enumerate(doc.blocks) for ps in b.page_starts]


def write(registry, doc: Document, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    registry.writer(fmt).write(doc, buffer, Options(page_marks=True))
    return buffer.getvalue()


def grant_pdf(pages: int = 3, first: int = 11) -> bytes:
    """An English report whose paragraphs run on over the page breaks; each page's footer
    prints ``- N -`` counting from ``first``."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    width, height = letter
    k = 0
    for n in range(pages):
        c.setFont("Helvetica", 9)
        c.drawCentredString(width / 2, 36, f"- {first + n} -")
        y = height - 72
        if n == 0:
            c.setFont("Helvetica-Bold", 16)
            c.drawString(72, y, "Annual Grant Review")
            y -= 36
        c.setFont("Helvetica", 11)
        for p in range(3):
            for j in range(12):
                line: list[str] = []
                while len(" ".join(line)) < 62:
                    line.append(WORDS[k % len(WORDS)])
                    k += 1
                text = " ".join(line) + (" end." if j == 11 and p < 2 else "")
                c.drawString(72 + (18 if j == 0 and not (n > 0 and p == 0) else 0), y, text)
                y -= 15
            y -= 8
        c.showPage()
    c.save()
    return buf.getvalue()


def scraped(pages: int = 3, *, header: bool = False, split_word: bool = False) -> str:
    """Hard-wrapped scraped text, its page markers (``- N -`` footers or ``Page N`` headers)
    inside one long paragraph; ``split_word``: a word hyphenated across the first break."""
    lines = textwrap.wrap(" ".join(WORDS * 6), 68)
    per = len(lines) // pages
    out: list[str] = []
    for n in range(pages):
        part = lines[n * per : (n + 1) * per]
        if split_word and n == 0:
            part[-1] += " deci-"
        if split_word and n == 1:
            part[0] = "sion " + part[0]
        out += [f"Page {n + 1}"] if header else []
        out += ["Annual Grant Review", ""] if n == 0 else []
        out += part
        out += [] if header else [f"- {n + 1} -"]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def grant_doc():  # type: ignore[no-untyped-def]
    from convert.app.plugins import build_registry

    return convert(build_registry(load_entry_points=False), grant_pdf(), "grant.pdf")


# ------------------------------------------------------------------------------- where, labels


def test_pdf_pages_labelled_with_their_printed_numbers(grant_doc: Document) -> None:
    found = starts(grant_doc)
    assert [(ps.page, ps.label, ps.anchor) for _, ps in found] == [
        (1, "11", "page-11"),
        (2, "12", "page-12"),
        (3, "13", "page-13"),
    ]
    first_block, first = found[0]
    assert grant_doc.blocks[first_block].kind == "title" and first.offset == 0
    # page 12 begins inside a paragraph that runs on from page 11, at a word's start
    at, mid = found[1]
    text = grant_doc.blocks[at].text
    assert grant_doc.blocks[at].kind == "paragraph"
    assert 0 < mid.offset < len(text) and text[mid.offset - 1] == " " and text[mid.offset] != " "
    assert text[mid.offset :].startswith("change before the next round")  # page 12's first line


def test_scraped_text_footers_and_headers_label_their_pages(registry) -> None:  # type: ignore[no-untyped-def]
    for header in (False, True):
        doc = convert(registry, scraped(header=header), "report.txt")
        found = starts(doc)
        assert [(ps.page, ps.label) for _, ps in found] == [(1, "1"), (2, "2"), (3, "3")], header
        at, mid = found[1]
        text = doc.blocks[at].text
        assert 0 < mid.offset and text[mid.offset - 1] == " "
        assert not any(m in text for m in ("- 1 -", "Page 2"))


def test_a_page_start_never_cuts_an_english_word(registry) -> None:  # type: ignore[no-untyped-def]
    doc = convert(registry, scraped(split_word=True), "report.txt")
    at, mark = starts(doc)[1]
    text = doc.blocks[at].text
    assert "every decision so" in text  # the hyphen resolved, the word whole
    assert text[mark.offset - 1] == " " and text[mark.offset :].startswith("decision")
    assert word_edge("every decision so", 10) == 6  # deci|sion: to the nearer edge
    assert word_edge("every decision so", 12) == 14
    assert word_edge("Soekarno-Hatta Airport", 9) == 14  # a compound is one word
    assert word_edge("\u6539\u9769\u53d1\u5c55", 2) == 2  # Chinese may be cut anywhere


def test_ads_between_pages_mark_pages_without_numbers(registry) -> None:  # type: ignore[no-untyped-def]
    doc = convert(registry, (ROOT / "samples" / "speech.txt").read_bytes(), "speech.txt")
    found = starts(doc)
    assert [(ps.page, ps.label, ps.anchor) for _, ps in found] == [(1, "", "p1"), (2, "", "p2")]
    at, second = found[1]
    assert second.offset == 0 and doc.blocks[at].text.startswith("\u56f4\u7ed5\u8fd9\u6837\u7684\u76ee\u6807")


def test_chinese_site_footers(registry) -> None:  # type: ignore[no-untyped-def]
    para = "\u6539\u9769\u53d1\u5c55\u7a33\u5b9a\u662f\u5f53\u524d\u5de5\u4f5c\u7684\u91cd\u70b9" * 2
    lines = ["\u5173\u4e8e\u52a0\u5f3a\u5de5\u4f5c\u7684\u8bb2\u8bdd", ""]
    for n in (1, 2):
        lines += [para] * 8 + [f"\u7b2c {n} \u9875 / \u5171 2 \u9875"]
    doc = convert(registry, "\n".join(lines) + "\n", "speech.txt")
    assert [(ps.page, ps.label) for _, ps in starts(doc)] == [(1, "1"), (2, "2")]
    assert "\u7b2c 1 \u9875" not in doc.body_text
    text = render(doc)
    assert '<span id="page-2" data-page="2"></span>' in text
    assert render(convert(registry, text, "speech.md")) == text


def test_no_pages_no_marks(registry) -> None:  # type: ignore[no-untyped-def]
    html = "<html><head><title>Note</title></head><body><h1>Note</h1>" + "<p>A paragraph of text.</p>" * 5
    assert starts(convert(registry, html + "</body></html>", "note.html")) == []


def test_off_by_default(registry, grant_doc: Document) -> None:  # type: ignore[no-untyped-def]
    doc = convert(registry, grant_pdf(), "grant.pdf", marks=False)
    assert starts(doc) == []
    assert [b.text for b in doc.blocks] == [b.text for b in grant_doc.blocks]
    assert "data-page" not in render(doc)
    assert b"bookmarkStart" not in zipfile.ZipFile(io.BytesIO(write(registry, doc, "docx"))).read("word/document.xml")
    with zipfile.ZipFile(io.BytesIO(write(registry, doc, "epub"))) as book:
        assert not any(b"pagebreak" in book.read(n) or b"page-list" in book.read(n) for n in book.namelist())


def test_printed_numbers_follow_the_page_count() -> None:
    """A transcript's line numbers (removed on every page by a text step) and a stray number
    do not label pages; the reader's footer does, by the count most pages follow."""
    lines = tuple(Line(text=f"Text on page {p}.", origin=Origin(line=30, page=p)) for p in (1, 2, 3))
    removals = [
        Removal(text=str(n), step="furniture", kind="page-number", reason="", origin=Origin(n, p))
        for p in (1, 2, 3)
        for n in range(1, 26)
    ]
    removals += [
        Removal(text=f"Page {p + 4}", step="pdf-reader", kind="page-number", reason="", origin=Origin(40, p))
        for p in (1, 3)
    ]
    removals += [Removal(text="Proceedings 9", step="pdf-reader", kind="header", reason="", origin=Origin(1, 2))]
    pages = Pages(Document(lines=lines, removals=tuple(removals)))
    assert pages.labels == {1: "5", 3: "7"}  # page 2 printed no number of that count
    assert printed_number("\u7b2c 3 \u9875 \u5171 10 \u9875") == 3
    assert printed_number("\uff0d\uff13\uff0d") == 3  # full-width, folded
    assert printed_number("a long line of body text that mentions page 30 in passing here") is None


def test_notes_pass_their_marks_on() -> None:
    blocks = (
        Block(kind="paragraph", text="Body text.", page_starts=(PageStart(0, 1),)),
        Footnote(text="A note.", marker="1", page_starts=(PageStart(0, 2, "8"),)),
        Block(kind="paragraph", text="   "),
        Block(kind="paragraph", text="More text here.", page_starts=(PageStart(5, 3, "9"),)),
    )
    out = finish(Document(blocks=blocks))
    assert out.blocks[1].page_starts == () and out.blocks[2].page_starts == ()
    assert out.blocks[3].page_starts == (PageStart(0, 2, "8"), PageStart(5, 3, "9"))


def test_federal_register_printed_page_numbers(registry) -> None:  # type: ignore[no-untyped-def]
    path = need_shared(REAL / "en-federal-register-2020-17221.pdf")
    doc = convert(registry, path.read_bytes(), path.name)
    labels = {ps.page: ps.label for _, ps in starts(doc)}
    assert labels[1] == "47698"  # the page-number header of page 1
    assert labels[8] == "47705"  # a running header "Federal Register / ... / Proposed Rules 47705"
    assert labels == {page: str(47697 + page) for page in range(1, 16)}
    assert starts(doc)[0][0] == 0  # before the first block


# ------------------------------------------------------------------------------------ writers


def test_epub_page_breaks_and_page_list(registry, grant_doc: Document, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    data = write(registry, grant_doc, "epub")
    ids: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            if name.startswith("EPUB/chapter-"):
                root = etree.fromstring(book.read(name))
                for el in root.iter("{http://www.w3.org/1999/xhtml}span"):
                    if el.get(EPUB_TYPE) == "pagebreak":
                        assert el.get("role") == "doc-pagebreak"
                        ids[f"{name[5:]}#{el.get('id')}"] = el.get("aria-label") or ""
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    page_list = next(el for el in nav.iter("{http://www.w3.org/1999/xhtml}nav") if el.get(EPUB_TYPE) == "page-list")
    entries = [(a.get("href"), a.text) for a in page_list.iter("{http://www.w3.org/1999/xhtml}a")]
    assert entries == [
        ("chapter-001.xhtml#page-11", "11"),
        ("chapter-001.xhtml#page-12", "12"),
        ("chapter-001.xhtml#page-13", "13"),
    ]
    assert ids == dict(entries)
    path = tmp_path / "grant.epub"
    path.write_bytes(data)
    fatals, errors, warnings, output = run_epubcheck(path)
    assert (fatals, errors, warnings) == (0, 0, 0), output


def test_docx_bookmarks_where_pages_begin(registry, grant_doc: Document, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx

    path = tmp_path / "grant.docx"
    path.write_bytes(write(registry, grant_doc, "docx"))
    document = docx.Document(str(path))
    body = document.element.body
    names = [el.get(f"{W_NS}name") for el in body.iter(f"{W_NS}bookmarkStart")]
    assert names == ["page_11", "page_12", "page_13"]
    start_ids = [el.get(f"{W_NS}id") for el in body.iter(f"{W_NS}bookmarkStart")]
    assert sorted(start_ids) == sorted(el.get(f"{W_NS}id") for el in body.iter(f"{W_NS}bookmarkEnd"))
    assert len(set(start_ids)) == 3
    mark = next(el for el in body.iter(f"{W_NS}bookmarkStart") if el.get(f"{W_NS}name") == "page_12")
    paragraph = mark.getparent()
    assert paragraph.tag == f"{W_NS}p"
    children = list(paragraph)
    before = "".join(t.text or "" for el in children[: children.index(mark)] for t in el.iter(f"{W_NS}t"))
    after = "".join(t.text or "" for el in children[children.index(mark) :] for t in el.iter(f"{W_NS}t"))
    assert before.endswith("what they might ") and after.startswith("change before the next round")
    title = next(p for p in document.paragraphs if p.text == "Annual Grant Review")
    assert title._p.find(f"{W_NS}bookmarkStart").get(f"{W_NS}name") == "page_11"


def test_markdown_marks_read_back(registry, grant_doc: Document) -> None:  # type: ignore[no-untyped-def]
    text = render(grant_doc)
    assert '<span id="page-12" data-page="2"></span>change before the next round' in text
    again = convert(registry, text, "grant.md")
    assert [(b.text, b.page_starts) for b in again.blocks] == [(b.text, b.page_starts) for b in grant_doc.blocks]
    assert render(again) == text  # md -> md keeps the marks where they were
    plain = convert(registry, text, "grant.md", marks=False)  # without the option: left out
    assert starts(plain) == [] and "data-page" not in render(plain)
    assert render(plain) == render(convert(registry, grant_pdf(), "grant.pdf", marks=False))
    assert not any(r.kind == "page-number" for r in plain.removals)


def test_markdown_marks_before_structures(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = (
        '# <span id="p1" data-page="1"></span>Report\n\n'
        'Text \\<span id="p9" data-page="9"\\>\\</span\\> that quotes a mark.\n\n'
        '<div id="page-2" data-page="2"></div>\n\n'
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        '<div id="page-3" data-page="3"></div>\n<div id="p4" data-page="4"></div>\n\n'
        "- one\n- two\n\n"
        'Last <span id="page-5" data-page="5"></span>words.\n'
    )
    doc = MarkdownReader().read(Source(name="r.md", data=source.encode()), Options(page_marks=True))
    assert doc.lines[0].page_starts == (PageStart(0, 1),)
    assert doc.lines[1].text == 'Text <span id="p9" data-page="9"></span> that quotes a mark.'
    assert doc.lines[1].page_starts == ()
    assert [s.page_starts for s in doc.structures] == [(PageStart(0, 2, "2"),), (PageStart(0, 3, "3"), PageStart(0, 4))]
    assert doc.lines[-1].text == "Last words." and doc.lines[-1].page_starts == (PageStart(5, 5, "5"),)
    cleaned = convert(registry, source, "r.md")
    assert render(cleaned) == render(convert(registry, render(cleaned), "r.md"))
    assert '<div id="page-2" data-page="2"></div>\n\n| A | B |' in render(cleaned)
    path = tmp_path / "r.docx"
    path.write_bytes(write(registry, cleaned, "docx"))
    import docx

    table = docx.Document(str(path)).tables[0]
    assert table._tbl.find(f".//{W_NS}bookmarkStart").get(f"{W_NS}name") == "page_2"
    plain = MarkdownReader().read(Source(name="r.md", data=source.encode()), Options())
    assert all(not line.page_starts for line in plain.lines) and all(not s.page_starts for s in plain.structures)
    assert plain.lines[0].text == "Report"


def test_a_table_starting_a_page_gets_the_mark_before_it(registry) -> None:  # type: ignore[no-untyped-def]
    table = make_table([["a", "b"], ["1", "2"]], header_rows=1, origins=(Origin(line=1, page=2),))
    lines = (
        Line(text="First page text.", origin=Origin(line=1, page=1)),
        Line(text="After the table.", origin=Origin(line=2, page=2)),
    )
    from convert.app.pipeline import clean

    doc = clean(Document(lines=lines, structures=(table,)), registry, Options(page_marks=True))
    assert [(type(b).__name__, [ps.page for ps in b.page_starts]) for b in doc.blocks] == [
        ("Block", [1]),
        ("Table", [2]),
        ("Block", []),
    ]


# ---------------------------------------------------------------------------------------- CLI


def test_cli_clean_and_convert(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(scraped(), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["clean", "--page-marks", str(source)])
    assert result.exit_code == 0, result.output
    assert re.findall(r'<span id="(page-\d)" data-page="\d"></span>', result.stdout) == ["page-1", "page-2", "page-3"]
    plain = runner.invoke(cli, ["clean", str(source)])
    assert "data-page" not in plain.stdout
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["convert", "-q", "--page-marks", str(source), "-t", "docx,epub", "-o", str(out), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert b"page_2" in zipfile.ZipFile(out / "report.docx").read("word/document.xml")


def test_sync_converts_again_when_page_marks_change(registry) -> None:  # type: ignore[no-untyped-def]
    from convert.app.sync import fingerprint

    writers = [registry.writer("md")]
    assert fingerprint(registry, Options(), writers) != fingerprint(registry, Options(page_marks=True), writers)
