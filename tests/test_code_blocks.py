"""Code listings (:class:`convert.Code`) end to end: written as a Markdown fence, a DOCX
paragraph in a fixed-width style, an EPUB ``<pre>``; read from Markdown fences and from an
HTML ``<pre>`` that is a listing (not one holding the page's prose); never cleaned."""

from __future__ import annotations

import io
import shutil
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from lxml import etree
from markdown_it import MarkdownIt
from tools import epubcheck_jar, run_epubcheck, write

from convert import Block, Code, Document, Line, Metadata, Options, Origin, PageStart, Source
from convert.app.audit import audit, describe
from convert.app.audit_page import structure_html
from convert.app.pipeline import clean
from convert.app.session import Session
from convert.app.testing import convert_text, registry_with
from convert.core.listing import reads_as_text
from convert.readers.html import HtmlReader
from convert.readers.markdown import MarkdownReader
from convert.steps._chinese import convert_block
from convert.steps.punctuation import widen
from convert.writers.markdown import render

REGISTRY = registry_with()
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
#: A listing with what Markdown, HTML and XML would take as markup, leading spaces, a tab, a
#: blank line and a line holding a code fence of its own.
LISTING = (
    "SELECT name, SUM(total) AS *total*\n"
    "  FROM orders  -- <b>north</b> & south\n"
    "\n"
    "    # not a heading\n"
    "\tWHERE a < b\n"
    "```\n"
    "1. not a list"
)
PROSE = "The report lists the customers of each region and the totals of their orders for the year."
#: "Sales grew this year, profits rose." in Chinese.
ZH_SENTENCE = "\u672c\u5e74\u5ea6\u9500\u552e\u989d\u589e\u957f\uff0c\u5229\u6da6\u6709\u6240\u63d0\u9ad8\u3002"


def _doc(language: str = "en", **code: object) -> Document:
    listing = Code(text=LISTING, language="sql", origins=(Origin(3),), **code)  # type: ignore[arg-type]
    blocks = (
        Block(kind="title", text="Query guide", level=1, origins=(Origin(1),)),
        Block(kind="paragraph", text=PROSE, origins=(Origin(2),)),
        listing,
        Block(kind="paragraph", text="After the listing.", origins=(Origin(11),)),
    )
    return Document(meta=Metadata(title="Query guide", language=language), blocks=blocks)


def _session() -> Session:
    return Session.create(REGISTRY, Options())


def _listings(doc: Document) -> list[Code]:
    return [b for b in (*doc.structures, *doc.blocks) if isinstance(b, Code)]


# ----------------------------------------------------------------------------- Markdown writer


def test_markdown_fence_keeps_the_listing_verbatim() -> None:
    markdown = render(_doc(), notices=False)
    fences = [t for t in MarkdownIt("commonmark").parse(markdown) if t.type == "fence"]
    assert len(fences) == 1
    assert fences[0].info == "sql"
    assert fences[0].markup == "````"  # one longer than the ``` inside
    assert fences[0].content == LISTING + "\n"
    assert "\\*" not in markdown.split("````sql", 1)[1]  # nothing escaped inside


def test_markdown_fence_after_page_marks_and_without_trailing_blank_lines() -> None:
    code = Code(text=LISTING + "\n  \n", language="sql", page_starts=(PageStart(offset=0, page=3, label="12"),))
    markdown = render(Document(blocks=(Block(kind="paragraph", text=PROSE), code)), notices=False)
    assert markdown.endswith(f'{PROSE}\n\n<div id="page-12" data-page="3"></div>\n\n````sql\n{LISTING}\n````\n')


def test_markdown_plain_fence_without_language() -> None:
    doc = Document(blocks=(Code(text="make all", origins=(Origin(1),)),))
    assert render(doc, notices=False).endswith("```\nmake all\n```\n")


# ----------------------------------------------------------------------------- DOCX writer


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_docx_listing_is_one_fixed_width_paragraph(language: str) -> None:
    document = docx.Document(io.BytesIO(write(_doc(language), "docx")))
    listings = [p for p in document.paragraphs if p.style is not None and p.style.name == "Source Code"]
    assert len(listings) == 1
    assert listings[0].text == LISTING  # (python-docx reads w:br as \n and w:tab as \t)
    assert [p.text for p in document.paragraphs].index(LISTING) == 2  # between the paragraphs
    style = listings[0].style
    assert style.font.name == "Courier New"
    assert style.base_style is not None and style.base_style.name == "Normal"
    fonts = style.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) is None  # (Normal's East Asian font stays)
    assert style.paragraph_format.first_line_indent in (None, 0)
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    spaced = [t for t in listings[0]._p.iter("{*}t") if t.text.startswith(" ")]
    assert spaced and all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for t in spaced)


def test_docx_without_listing_adds_no_code_style() -> None:
    doc = Document(meta=Metadata(language="en"), blocks=(Block(kind="paragraph", text=PROSE),))
    document = docx.Document(io.BytesIO(write(doc, "docx")))
    assert "Source Code" not in [s.name for s in document.styles]


# ----------------------------------------------------------------------------- EPUB writer


def _chapters(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = sorted(n for n in book.namelist() if n.endswith(".xhtml") and "chapter" in n)
        return [etree.fromstring(book.read(n)) for n in names]


def test_epub_listing_is_pre_code() -> None:
    data = write(_doc(), "epub")
    found = [c for chapter in _chapters(data) for c in chapter.iterfind(".//x:pre/x:code", XHTML)]
    assert len(found) == 1
    assert found[0].getparent().get("class") == "code"
    assert found[0].get("class") == "language-sql"
    assert found[0].text == LISTING
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert "pre.code" in book.read("EPUB/style/book.css").decode("utf-8")


def test_epub_with_listing_passes_epubcheck(tmp_path: Path) -> None:
    if shutil.which("java") is None or epubcheck_jar() is None:
        pytest.skip("java or epubcheck is not installed")
    path = tmp_path / "code.epub"
    path.write_bytes(write(_doc("zh-CN", page_starts=(PageStart(offset=0, page=2),)), "epub"))
    fatals, errors, warnings, output = run_epubcheck(path)
    assert (fatals, errors, warnings) == (0, 0, 0), output


# ----------------------------------------------------------------------------- audit


def test_audit_describes_and_shows_the_listing() -> None:
    code = Code(text="a = 1\n  b = 2\n\n", language="python")
    assert describe(code) == "code listing of 2 line(s) (python)"
    assert describe(Code(text="ls -l")) == "code listing of 1 line(s)"
    html = structure_html(Code(text="if a < b:\n    pass"))
    assert html == '<pre class="code"><code>if a &lt; b:\n    pass</code></pre>'


# ----------------------------------------------------------------------------- Markdown reader

FENCED = f"""# Query guide

{PROSE}
````sql  the rest is ignored
{LISTING}
````

Page 3

~~~
Share this
  Page 3
~~~

  ```bash
  make all
    make install
 make clean
  ```

After the listings.

```text
never closed
"""


def _read_md(markdown: str) -> Document:
    return MarkdownReader().read(Source(name="x.md", data=markdown.encode()), Options())


def test_markdown_reader_reads_fences_whole() -> None:
    listings = _listings(_read_md(FENCED))
    assert [c.language for c in listings] == ["sql", "", "bash"]
    assert listings[0].text == LISTING
    assert listings[0].origins == tuple(Origin(line) for line in range(5, 5 + LISTING.count("\n") + 1))
    assert listings[1].text == "Share this\n  Page 3"
    assert listings[2].text == "make all\n  make install\nmake clean"  # (the fence's indentation off)
    # an unclosed fence is a stray one (CommonMark would run it to the end): its lines stay text
    assert [line.text for line in _read_md(FENCED).lines][-1] == "```text never closed"


def test_markdown_reader_leaves_inline_code_and_indented_paragraphs() -> None:
    doc = _read_md(f"Run ```make``` first.\n\n    {ZH_SENTENCE}\n")
    assert not _listings(doc)
    assert [line.text for line in doc.lines] == ["Run ```make``` first.", ZH_SENTENCE]


def test_md_to_md_keeps_the_listings_byte_for_byte() -> None:
    cleaned = convert_text(FENCED, name="x.md", registry=REGISTRY)
    written = render(cleaned)
    for block in (
        "````sql\n" + LISTING + "\n````\n",
        "```\nShare this\n  Page 3\n```\n",
    ):
        assert block in written
    assert "never closed" in written and "```text\nnever closed" not in written
    assert [b.text for b in cleaned.blocks if isinstance(b, Code)][1] == "Share this\n  Page 3"
    assert [(r.text, r.origin) for r in cleaned.removals] == [("Page 3", Origin(14))]  # (outside the fences)
    again = render(convert_text(written, name="x.md", registry=REGISTRY))
    assert again.split("\n---\n", 1)[1] == written.split("\n---\n", 1)[1]


def test_furniture_lines_inside_a_fence_survive_cleaning() -> None:
    text = f"# Notes\n\n{PROSE}\n\n```\nShare this\nPage 3\n- 3 -\n```\n\n{PROSE} Again.\n"
    cleaned = convert_text(text, name="x.md", registry=REGISTRY)
    assert [b.text for b in cleaned.blocks if isinstance(b, Code)] == ["Share this\nPage 3\n- 3 -"]
    assert not [r for r in cleaned.removals if r.text in ("Share this", "Page 3", "- 3 -")]


# ----------------------------------------------------------------------------- HTML reader


def _page(article: str) -> bytes:
    return (
        "<html><head><title>Query guide</title></head><body>\n"
        '<div class="nav"><a href="/">Home</a> <a href="/a">About</a> <a href="/b">Help</a></div>\n'
        f'<div class="content">\n<h1>Query guide</h1>\n{article}\n</div>\n'
        '<div class="footer"><a href="/p">Privacy</a> <a href="/t">Terms</a></div>\n</body></html>\n'
    ).encode()


def _read_html(data: bytes) -> Document:
    return HtmlReader().read(Source(name="page.html", data=data), Options())


#: Paragraphs of an article around a listing (each different: a paragraph that another begins
#: with would be taken for a picture's alt text).
ARTICLE = (
    f"<p>{PROSE}</p>",
    "<p>It runs against the reporting copy of the database, which is refreshed every night.</p>",
    "<p>The result comes back sorted by name; an ORDER BY clause sorts it by the total instead.</p>",
    "<p>The second part of the guide explains how to join the invoices to the customers.</p>",
)


def test_html_pre_code_is_a_listing_with_its_language() -> None:
    sql = "SELECT name, SUM(total)\n  FROM orders\n WHERE region = 'north'\n GROUP BY name;"
    listing = f'<pre><code class="language-sql">{sql}\n</code></pre>'
    doc = _read_html(_page("\n".join((*ARTICLE[:2], listing, *ARTICLE[2:]))))
    assert [(c.text, c.language) for c in _listings(doc)] == [(sql, "sql")]
    assert not [line for line in doc.lines if "FROM orders" in line.text]
    cleaned = clean(doc, _session())
    assert [b.kind for b in cleaned.blocks] == ["title", "paragraph", "paragraph", "code", "paragraph", "paragraph"]


def test_html_lang_class_on_pre() -> None:
    listing = '<pre class="lang-Python">print(1)</pre>'
    doc = _read_html(_page("\n".join((*ARTICLE[:3], listing, ARTICLE[3]))))
    assert [(c.text, c.language) for c in _listings(doc)] == [("print(1)", "python")]


def test_html_article_all_in_one_pre_stays_paragraphs() -> None:
    sentences = [f"{PROSE} This is part {n} of the article, set in a pre element." for n in range(1, 7)]
    article = "<pre>" + "\n\n".join(sentences) + "</pre>"
    doc = _read_html(_page(article))
    assert not _listings(doc)
    cleaned = clean(doc, _session())
    assert not [b for b in cleaned.blocks if isinstance(b, Code)]
    text = cleaned.body_text
    assert all(s in text for s in sentences)


def test_html_pre_of_wrapped_text_is_not_a_listing() -> None:
    wrapped = textwrap.wrap(" ".join(f"{PROSE} Part {n} goes on." for n in range(1, 7)), 60)
    assert reads_as_text(wrapped)  # (its lines end mid-sentence, the next going on with it)
    doc = _read_html(_page(ARTICLE[0] + "\n<pre>" + "\n".join(wrapped) + "</pre>"))
    assert not _listings(doc)
    assert wrapped[1] in " ".join(line.text for line in doc.lines)


def test_html_pre_holding_most_of_the_text_is_not_a_listing() -> None:
    rows = [f"2024-03-{n:02d}  {1000 + 37 * n:>6}  {n * 3.5:8.2f}  {'OK' if n % 3 else 'LATE'}" for n in range(1, 40)]
    assert not reads_as_text(rows)  # (a log's rows: only their share of the page's text tells)
    doc = _read_html(_page(ARTICLE[0] + "\n<pre>" + "\n".join(rows) + "</pre>"))
    assert not _listings(doc)
    assert rows[1].split()[0] in " ".join(line.text for line in doc.lines)


def test_html_line_number_gutter_is_no_listing() -> None:
    gutter = '<table><tr><td class="gutter"><pre>1\n2\n3</pre></td><td class="code"><pre>a = 1\nb = 2\nprint(a + b)</pre></td></tr></table>'
    doc = _read_html(_page("\n".join((*ARTICLE[:3], gutter, ARTICLE[3]))))
    assert [c.text for c in _listings(doc)] == ["a = 1\nb = 2\nprint(a + b)"]


def test_html_pre_of_chinese_prose_is_not_a_listing() -> None:
    pre = f"<pre>{ZH_SENTENCE}\n{ZH_SENTENCE[:-1]}</pre>"
    doc = _read_html(_page("\n".join((*ARTICLE[:2], pre, *ARTICLE[2:]))))
    assert not _listings(doc)
    assert any(ZH_SENTENCE in line.text for line in doc.lines)


def test_html_pre_holding_blocks_is_not_a_listing() -> None:
    pre = "<pre><div>x = 1</div>\n<div>y = 2</div></pre>"
    doc = _read_html(_page("\n".join((*ARTICLE[:2], pre, *ARTICLE[2:]))))
    assert not _listings(doc)
    assert [line.text for line in doc.lines if "= " in line.text] == ["x = 1", "y = 2"]


# ----------------------------------------------------------------------------- steps


def test_steps_leave_a_listing_alone() -> None:
    code = f"x = f(1, 2)  # {ZH_SENTENCE[:6]},{ZH_SENTENCE[7:11]}(!)\n    return x"
    assert widen(code) != code  # (what the punctuation step would do to a paragraph)
    doc = Document(
        meta=Metadata(language="zh-CN"),
        lines=(
            Line(text=ZH_SENTENCE, origin=Origin(1)),
            Line(text=ZH_SENTENCE[7:], origin=Origin(5), blank_before=True),
        ),
        structures=(Code(text=code, origins=(Origin(3),)),),
    )
    cleaned = clean(doc, _session())
    assert [b.text for b in cleaned.blocks if isinstance(b, Code)] == [code]  # (not re-punctuated)
    assert not [c for c in cleaned.changes if c.before == code]
    assert [row.status for row in audit(doc, cleaned) if row.block is not None] == ["structure"]


def test_a_listing_only_document_has_body_text() -> None:
    cleaned = clean(Document(structures=(Code(text="ls -l", origins=(Origin(1),)),)), _session())
    assert [b.kind for b in cleaned.blocks] == ["code"]
    assert not any("no body text" in w for w in cleaned.warnings)


def test_han_conversion_keeps_a_listing_a_listing() -> None:
    converted = convert_block(Code(text="a = 1", language="sql"), str.upper)
    assert isinstance(converted, Code) and converted.text == "A = 1" and converted.language == "sql"


def test_plain_text_writer_keeps_the_lines() -> None:
    plaintext = pytest.importorskip("docconv_plaintext")
    written = plaintext.render(_doc())
    assert f"{PROSE}\n\n{LISTING}\n\nAfter the listing.\n" in written


def test_many_stray_fences_stay_text() -> None:
    """Openers nothing closes stay text, each (and none of them scans the rest again)."""
    lines = [("```js" if n % 10 == 0 else f"line {n}") for n in range(2000)]
    doc = _read_md("\n".join(lines) + "\n")
    assert not _listings(doc)
    assert "line 1999" in " ".join(line.text for line in doc.lines)
