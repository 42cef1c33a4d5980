"""The EPUB writer: package metadata, chapters and table of contents, escaping, CSS,
reproducibility, and epubcheck (0 errors, 0 warnings) on the corpus and edge cases."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tools import Result, build_doc, corpus_inputs, run_epubcheck, run_epubcheck_many, write

from convert.core.contracts import ConversionError, Options
from convert.core.model import Block, Document, Metadata
from convert.writers.epub import EpubOptions, EpubWriter

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}

EN_DOC = Document(
    meta=Metadata(
        title="Annual Report", date="2021-06-30", language="en", author="Jane Roe", source="report.scraped.txt"
    ),
    blocks=(
        Block(kind="title", text="Annual Report", level=1),
        Block(kind="paragraph", text='Foreword <script>alert(1)</script> & "quotes" ]]> *md*'),
        Block(kind="heading", text="1. Introduction", level=2),
        Block(kind="paragraph", text="Intro text."),
        Block(kind="heading", text="1.1 Scope & Aims", level=3),
        Block(kind="paragraph", text="Scope text."),
        Block(kind="heading", text="2. Results", level=2),
        Block(kind="paragraph", text="Results text."),
    ),
)

ZH_DOC = Document(
    meta=Metadata(title="\u901a\u77e5", date="2024-01-12", language="zh", source="notice.txt"),
    blocks=(
        Block(kind="title", text="\u901a\u77e5", level=1),
        Block(kind="paragraph", text="\u5404\u5355\u4f4d\uff1a"),
    ),
)

NO_HEADINGS = Document(
    meta=Metadata(title="Plain Note", language="en", source="plain.txt"),
    blocks=(Block(kind="paragraph", text="First."), Block(kind="paragraph", text="Second.")),
)
NO_TITLE_NO_HEADINGS = Document(
    meta=Metadata(language="en", source="untitled-notes.txt"),
    blocks=(Block(kind="paragraph", text="Just text."),),
)
ONLY_TITLE = Document(
    meta=Metadata(title="\u53ea\u6709\u6807\u9898", language="zh", date="2020-02-29"),
    blocks=(Block(kind="title", text="\u53ea\u6709\u6807\u9898", level=1),),
)
NO_TITLE_WITH_HEADINGS = Document(
    meta=Metadata(language="en", source="x.txt"),
    blocks=(
        Block(kind="paragraph", text="Lead-in."),
        Block(kind="heading", text="Part A", level=3),
        Block(kind="paragraph", text="A text."),
        Block(kind="heading", text="Part B", level=3),
    ),
)
CONTROL_CHARS = Document(
    meta=Metadata(title="Ctl\x01", language="en", author="A\x02"),
    blocks=(Block(kind="heading", text="H\x0bead", level=2), Block(kind="paragraph", text="a\x00b\x1fc\ufffed")),
)
EMPTY = Document()


def write_epub(doc: Document, options: dict[str, str] | None = None) -> bytes:
    """``doc`` as EPUB; ``options`` as typed after ``-O epub.``, e.g. ``{"split_level": "3"}``."""
    if not options:
        return write(doc, "epub")
    buffer = io.BytesIO()
    EpubWriter().write(doc, buffer, Options(writer_options={"epub": EpubOptions.parse(options)}))
    return buffer.getvalue()


class Book:
    """An EPUB opened for inspection."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.opf = etree.fromstring(self.zip.read("EPUB/content.opf"))

    def xml(self, name: str) -> Any:
        return etree.fromstring(self.zip.read("EPUB/" + name))

    def meta(self, tag: str) -> list[str]:
        return [el.text for el in self.opf.findall(f"opf:metadata/dc:{tag}", NS)]

    def modified(self) -> str:
        return self.opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS).text

    def spine(self) -> list[str]:
        hrefs = {i.get("id"): i.get("href") for i in self.opf.findall("opf:manifest/opf:item", NS)}
        return [hrefs[ref.get("idref")] for ref in self.opf.findall("opf:spine/opf:itemref", NS)]

    def chapters(self) -> list[str]:
        """The spine after the title page (which comes first)."""
        spine = self.spine()
        assert spine[0] == "titlepage.xhtml"
        return spine[1:]

    def nav(self) -> list[tuple[int, str, str]]:
        """``(depth, label, href)`` per entry of the nav's table of contents."""
        root = self.xml("nav.xhtml")
        out = []
        for a in root.iterfind(".//x:nav[@epub:type='toc']//x:a", NS | {"epub": "http://www.idpf.org/2007/ops"}):
            depth = len([e for e in a.iterancestors() if e.tag == f"{{{NS['x']}}}ol"])
            out.append((depth, a.text, a.get("href")))
        return out

    def ncx(self) -> list[tuple[int, str, str]]:
        root = self.xml("toc.ncx")
        out = []
        for point in root.iterfind(".//ncx:navPoint", NS):
            depth = len([e for e in point.iterancestors() if e.tag == f"{{{NS['ncx']}}}navPoint"]) + 1
            label = point.find("ncx:navLabel/ncx:text", NS).text
            out.append((depth, label, point.find("ncx:content", NS).get("src")))
        return out

    def blocks(self) -> list[tuple[str, str]]:
        """``(tag, text)`` of every heading and paragraph, chapter by chapter in spine order."""
        out = []
        for name in self.chapters():
            root = self.xml(name)
            for el in root.find("x:body", NS).iter():
                tag = etree.QName(el).localname
                if re.fullmatch(r"h[1-6]|p", tag):
                    out.append((tag, "".join(el.itertext())))
        return out


def test_registered(registry: Any) -> None:
    assert registry.writer("epub").extension == ".epub"


def test_package_metadata() -> None:
    data = write_epub(EN_DOC)
    book = Book(data)
    assert book.zip.namelist()[0] == "mimetype"
    assert book.zip.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert book.zip.read("mimetype") == b"application/epub+zip"
    assert book.meta("title") == ["Annual Report"]
    assert book.meta("language") == ["en"]
    assert book.meta("date") == ["2021-06-30"]
    assert book.meta("creator") == ["Jane Roe"]
    assert book.meta("source") == ["report.scraped.txt"]
    (identifier,) = book.meta("identifier")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    assert book.modified() == "2021-06-30T00:00:00Z"
    ncx_uid = book.xml("toc.ncx").find("ncx:head/ncx:meta[@name='dtb:uid']", NS).get("content")
    assert ncx_uid == identifier


def test_identifier_is_derived_from_content() -> None:
    same = Book(write_epub(EN_DOC)).meta("identifier")
    assert same == Book(write_epub(EN_DOC)).meta("identifier")
    other = EN_DOC.replace(blocks=(*EN_DOC.blocks, Block(kind="paragraph", text="One more.")))
    assert Book(write_epub(other)).meta("identifier") != same


def test_chapters_and_nested_toc() -> None:
    book = Book(write_epub(EN_DOC))
    assert book.spine() == ["titlepage.xhtml", "chapter-001.xhtml", "chapter-002.xhtml", "chapter-003.xhtml"]
    expected = [
        (1, "Annual Report", "chapter-001.xhtml"),
        (1, "1. Introduction", "chapter-002.xhtml"),
        (2, "1.1 Scope & Aims", "chapter-002.xhtml#h3"),
        (1, "2. Results", "chapter-003.xhtml"),
    ]
    assert book.nav() == expected
    assert book.ncx() == expected
    root = book.xml("chapter-002.xhtml")
    assert root.find(".//x:h3", NS).get("id") == "h3"


def test_split_level_setting() -> None:
    assert len(Book(write_epub(EN_DOC, {"split_level": "3"})).chapters()) == 4
    assert len(Book(write_epub(EN_DOC, {"split_level": "1"})).chapters()) == 1
    with pytest.raises(ConversionError, match="split_level"):
        write_epub(EN_DOC, {"split_level": "deep"})


def test_text_is_escaped_and_equal() -> None:
    book = Book(write_epub(EN_DOC))
    assert book.blocks() == [
        ("h1" if b.kind == "title" else f"h{b.level}" if b.kind == "heading" else "p", b.text) for b in EN_DOC.blocks
    ]
    raw = book.zip.read("EPUB/chapter-001.xhtml").decode("utf-8")
    assert "&lt;script&gt;" in raw and "<script>" not in raw


def test_no_headings_single_chapter_with_toc_entry() -> None:
    book = Book(write_epub(NO_HEADINGS))
    assert book.chapters() == ["chapter-001.xhtml"]
    assert book.nav() == [(1, "Plain Note", "chapter-001.xhtml")]
    untitled = Book(write_epub(NO_TITLE_NO_HEADINGS))
    assert untitled.meta("title") == ["untitled-notes"]
    assert untitled.nav() == [(1, "untitled-notes", "chapter-001.xhtml")]


def test_no_title_but_headings() -> None:
    book = Book(write_epub(NO_TITLE_WITH_HEADINGS))
    assert [label for _, label, _ in book.nav()] == ["x", "Part A", "Part B"]
    assert book.blocks() == [("p", "Lead-in."), ("h3", "Part A"), ("p", "A text."), ("h3", "Part B")]


def test_control_characters_dropped() -> None:
    book = Book(write_epub(CONTROL_CHARS))
    assert book.blocks() == [("h1", "Ctl"), ("h2", "Head"), ("p", "abcd")]


def test_css() -> None:
    zh = Book(write_epub(ZH_DOC)).zip.read("EPUB/style/book.css").decode("utf-8")
    assert "text-indent: 2em" in zh and "Noto Serif CJK SC" in zh and "SimSun" in zh
    en = Book(write_epub(EN_DOC)).zip.read("EPUB/style/book.css").decode("utf-8")
    assert "text-indent" not in en
    chapter = Book(write_epub(ZH_DOC)).xml("chapter-001.xhtml")
    assert chapter.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert chapter.find("x:head/x:link", NS).get("href") == "style/book.css"


def test_reproducible_bytes_and_fixed_zip_dates() -> None:
    first, second = write_epub(ZH_DOC), write_epub(ZH_DOC)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {info.date_time for info in z.infolist()} == {(2024, 1, 12, 0, 0, 0)}
    undated = write_epub(NO_HEADINGS)
    assert undated == write_epub(NO_HEADINGS)
    assert Book(undated).modified() == "1980-01-01T00:00:00Z"


# ------------------------------------------------------------------------------- epubcheck

EDGE_CASES = {
    "no-headings": NO_HEADINGS,
    "no-title-no-headings": NO_TITLE_NO_HEADINGS,
    "only-title": ONLY_TITLE,
    "no-title-with-headings": NO_TITLE_WITH_HEADINGS,
    "control-chars": CONTROL_CHARS,
    "empty": EMPTY,
    "english-nested": EN_DOC,
}


CORPUS = corpus_inputs()


@pytest.fixture(scope="module")
def epubcheck_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Every case written and checked in one epubcheck JVM (starting one costs seconds)."""
    folder = tmp_path_factory.mktemp("epubcheck")
    cases: dict[str, bytes] = {f"edge-{name}": write_epub(doc) for name, doc in EDGE_CASES.items()}
    cases["split-level-3"] = write_epub(EN_DOC, {"split_level": "3"})
    for source in CORPUS:
        cases[f"corpus-{source.name}"] = write_epub(build_doc(source))
    paths = {}
    for name, data in cases.items():
        paths[name] = folder / f"{name}.epub"
        paths[name].write_bytes(data)
    results = run_epubcheck_many(list(paths.values()), folder)
    return {name: results[path] for name, path in paths.items()}


def check(results: dict[str, Result], name: str) -> None:
    fatals, errors, warnings, output = results[name]
    assert (fatals, errors, warnings) == (0, 0, 0), output


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_epubcheck_edge_cases(name: str, epubcheck_results: dict[str, Result]) -> None:
    check(epubcheck_results, f"edge-{name}")


def test_epubcheck_split_level_3(epubcheck_results: dict[str, Result]) -> None:
    check(epubcheck_results, "split-level-3")


@pytest.mark.parametrize("source", CORPUS or [None], ids=lambda p: p.name if p else "no-corpus")
def test_epubcheck_corpus(source: Path | None, epubcheck_results: dict[str, Result]) -> None:
    if source is None:
        pytest.skip("../shared is absent: no corpus to convert")
    check(epubcheck_results, f"corpus-{source.name}")


def test_epubcheck_catches_errors(tmp_path: Path) -> None:
    """The checker itself works: a book missing its stylesheet fails (one plain run)."""
    good = write_epub(ZH_DOC)
    path = tmp_path / "broken.epub"
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if info.filename != "EPUB/style/book.css":
                dst.writestr(info, src.read(info))
    fatals, errors, _, output = run_epubcheck(path)
    assert fatals + errors > 0, output
