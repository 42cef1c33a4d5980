"""docconv's own Markdown read back whole (issue 14): tables (pipe and HTML with spans),
figures beside the file, lists (nested, two in a row) and footnotes come back as the same
structures, so that ``md -> md`` gives the same bytes, nothing is lost, and ``md -> docx``
has real tables, pictures and notes."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tools import without_notices, without_provenance

from convert.app.cli import cli
from convert.app.testing import convert_text, registry_with
from convert.core.contracts import Options, Source
from convert.core.model import (
    Block,
    Cell,
    Document,
    Figure,
    Footnote,
    ListBlock,
    ListItem,
    Metadata,
    Origin,
    Table,
    make_list,
    make_table,
)
from convert.readers.markdown import MarkdownReader
from convert.writers.markdown import render

REGISTRY = registry_with()
ZH_TITLE = "\u8d22\u52a1\u62a5\u544a"  # (financial report)
ZH_HEAD = ("\u9879\u76ee", "\u91d1\u989d")  # (item, amount)
ZH_ROW = ("\u8425\u4e1a\u6536\u5165", "1,234.5")  # (operating revenue)
ZH_CAPTION = "\u88681 \u4e3b\u8981\u6307\u6807"  # (Table 1 main figures)
ZH_PARA = "\u672c\u5e74\u5ea6\u516c\u53f8\u8425\u4e1a\u6536\u5165\u7a33\u6b65\u589e\u957f\uff0c\u5229\u6da6\u6709\u6240\u63d0\u9ad8\u3002"


def para(text: str, line: int) -> Block:
    return Block(kind="paragraph", text=text, origins=(Origin(line),))


def body(markdown: str) -> str:
    """The Markdown after the front matter (the reader adds ``language`` and ``source``)."""
    return markdown.split("---\n", 2)[2]


def read_md(markdown: str) -> Document:
    """``markdown`` through the whole cleaning pipeline, as ``docconv clean x.md`` does."""
    return convert_text(markdown, name="x.md", registry=REGISTRY)


def structures(doc: Document, kind: type[Block]) -> list[Block]:
    return [b for b in doc.blocks if isinstance(b, kind)]


def assert_fixed_point(doc: Document) -> Document:
    """Write ``doc``, read it back, write again: the same body (but for a notice of a warning
    cleaning gave: ``doc`` was never cleaned), and a second round the same bytes but for the
    provenance, which records the new conversion. Returns the document read back."""
    first = render(doc)
    back = read_md(first)
    second = render(back)
    assert without_notices(body(second)) == body(first)
    assert without_provenance(render(read_md(second))) == without_provenance(second)
    return back


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def assert_no_text_lost(before: Document, after: Document) -> None:
    lost = words(before.body_text) - words(after.body_text)
    assert not lost, lost


# ----------------------------------------------------------------------------- tables

SIMPLE = make_table(
    [["Name", "Value"], ["a|b *c* <d> & e", "1"], ["two\nlines", "$5"]],
    header_rows=1,
    caption="Table 1: Simple *results* | here",
    origins=(Origin(3),),
)
CHINESE = make_table([ZH_HEAD, ZH_ROW, ("\u5229\u6da6", "88")], header_rows=1, caption=ZH_CAPTION, origins=(Origin(5),))
SPANNED = make_table(
    [
        [Cell(text="Region", rowspan=2), Cell(text="Sales", colspan=2)],
        ["2023", "2024"],
        ["North <b>", "1", "2"],
        [Cell(text="All & total", colspan=2), "3"],
    ],
    header_rows=2,
    caption="Table 2: Spans & <tags>",
    origins=(Origin(7),),
)
ZH_SPANNED = make_table(
    [[Cell(text=ZH_HEAD[0], colspan=2)], [Cell(text=ZH_ROW[0], rowspan=2), "x"], ["y"]],
    header_rows=1,
    origins=(Origin(9),),
)
HEADERLESS = make_table([["a", "b"], ["c", "d"]], origins=(Origin(11),))


def table_doc() -> Document:
    blocks = (
        para("The report opens with a paragraph long enough to be body text in any case.", 2),
        SIMPLE,
        para(ZH_PARA, 4),
        CHINESE,
        para("Between the tables, another paragraph of the report's body text goes on.", 6),
        SPANNED,
        para(ZH_PARA + "\u7b2c\u4e8c\u6bb5\u3002", 8),
        ZH_SPANNED,
        para("Before the last table, one more paragraph of ordinary body text is here.", 10),
        HEADERLESS,
    )
    return Document(meta=Metadata(title="Tables"), blocks=blocks)


def test_tables_round_trip_to_the_same_markdown() -> None:
    doc = table_doc()
    back = assert_fixed_point(doc)
    tables = structures(back, Table)
    assert len(tables) == 5
    for want, got in zip((SIMPLE, CHINESE, SPANNED, ZH_SPANNED, HEADERLESS), tables, strict=True):
        assert isinstance(got, Table)
        assert got.rows == want.rows and got.header_rows == want.header_rows and got.caption == want.caption
    assert_no_text_lost(doc, back)


def test_html_table_text_is_not_read_as_a_paragraph() -> None:
    back = read_md(render(table_doc()))
    paragraphs = " ".join(b.text for b in back.blocks if b.kind == "paragraph")
    assert "<table" not in paragraphs and "Region" not in paragraphs and "rowspan" not in paragraphs


def test_an_unclosed_html_table_stays_text() -> None:
    markdown = "Intro paragraph.\n\n<table>\n<tr><td>kept cell</td></tr>\n\nAfter it.\n"
    doc = MarkdownReader().read(Source(name="x.md", data=markdown.encode()), Options())
    assert not doc.structures and "kept cell" in " ".join(line.text for line in doc.lines)


def test_html_table_from_elsewhere_reads_th_rows_as_headers() -> None:
    markdown = "<table><tr><th>H1</th><th>H2</th></tr><tr><td>a<br/>b</td><td colspan='x'>c</td></tr></table>\n"
    (table,) = structures(read_md(markdown), Table)
    assert isinstance(table, Table)
    assert table.header_rows == 1 and table.rows[1] == (Cell(text="a\nb"), Cell(text="c"))


# ----------------------------------------------------------------------------- lists


def test_nested_lists_and_two_in_a_row_round_trip() -> None:
    first = make_list(
        [
            ListItem(text="one", ordered=True, marker="3."),
            ListItem(text="nested *a*", depth=1, marker="-"),
            ListItem(text="deeper", depth=2, ordered=True, marker="1."),
            ListItem(text="\u7b2c\u4e8c\u9879", ordered=True, marker="4."),
        ],
        ordered=True,
        start=3,
        origins=(Origin(3),),
    )
    second = make_list([ListItem(text="alpha"), ListItem(text="beta")], ordered=False, origins=(Origin(4),))
    third = make_list([ListItem(text="gamma"), ListItem(text="delta")], ordered=False, origins=(Origin(5),))
    doc = Document(
        blocks=(para("A paragraph before the lists, long enough to be body text here.", 2), first, second, third)
    )
    back = assert_fixed_point(doc)
    lists = structures(back, ListBlock)
    assert len(lists) == 3
    for want, got in zip((first, second, third), lists, strict=True):
        assert isinstance(got, ListBlock)
        assert [(i.text, i.depth, i.ordered) for i in got.items] == [(i.text, i.depth, i.ordered) for i in want.items]
        assert got.ordered == want.ordered and got.start == want.start
    assert "<!--" not in back.body_text


# ----------------------------------------------------------------------------- footnotes


def note_doc() -> Document:
    blocks = (
        Block(kind="heading", text="Results and notes1", level=2, origins=(Origin(2),)),
        para("Revenue grew in the year2 and profits rose, as the board reported.", 3),
        para(ZH_PARA[:-1] + "[3]\u3002", 4),
        para("A paragraph without a note, with the number 2021 and a [1] in it.", 5),
        Footnote(text="About the heading.", marker="1", ref=Origin(2), origins=(Origin(6),)),
        Footnote(text="Audited *figures* only.", marker="2", ref=Origin(3), origins=(Origin(7),)),
        Footnote(text="\u672a\u7ecf\u5ba1\u8ba1\u3002", marker="3", ref=Origin(4), origins=(Origin(8),)),
        Footnote(text="A note nobody refers to.", marker="9", origins=(Origin(9),)),
    )
    return Document(blocks=blocks)


def test_footnotes_round_trip_with_their_references() -> None:
    doc = note_doc()
    markdown = render(doc)
    assert "notes[^1]" in markdown and "year[^2] and" in markdown and "[^3]\u3002" in markdown
    back = assert_fixed_point(doc)
    notes = structures(back, Footnote)
    assert [n.text for n in notes] == [n.text for n in structures(doc, Footnote)]
    for note in notes[:3]:
        assert isinstance(note, Footnote) and note.ref is not None
        holder = next(b for b in back.blocks if note.ref in b.origins and not isinstance(b, Footnote))
        assert f"[{note.marker}]" in holder.text
    last = notes[3]
    assert isinstance(last, Footnote) and last.ref is None and last.marker == ""
    assert "[^" not in back.body_text


def test_hand_written_note_labels_are_numbered_in_order() -> None:
    markdown = "Text with a note[^why] and another[^how].\n\n[^how]: How.\n\n[^why]: Why\ncontinued.\n"
    back = read_md(markdown)
    notes = structures(back, Footnote)
    assert [(n.marker, n.text) for n in notes if isinstance(n, Footnote)] == [("1", "How."), ("2", "Why continued.")]
    assert back.blocks[0].text == "Text with a note[2] and another[1]."
    out = body(render(back))
    assert "note[^2] and another[^1]." in out and "[^1]: How." in out and "[^2]: Why continued." in out


def test_an_escaped_or_undefined_reference_stays_text() -> None:
    back = read_md("Literal \\[^1\\] and undefined [^2] here.\n\n[^1]: One.\n\n[^1]: Again.\n")
    assert "Literal [^1] and undefined [^2] here." in back.body_text
    assert "[^1]: Again." in back.body_text  # (a second definition of a label is kept as text)


def test_markdown_notes_become_word_footnotes() -> None:
    from convert.writers.docx import DocxWriter

    back = read_md(render(note_doc()))
    out = io.BytesIO()
    DocxWriter().write(back, out, Options())
    with zipfile.ZipFile(out) as z:
        document = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    assert document.count("w:footnoteReference") == 3
    assert "Audited *figures* only." in notes


# ----------------------------------------------------------------------------- figures

FIGURE_READER = """
import io
from PIL import Image
from convert import Reader, hookimpl
from convert.core.model import Document, Figure, Footnote, Line, ListItem, Metadata, Origin, make_list, make_table

def png(color):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, format="PNG")
    return out.getvalue()

class StructuresReader(Reader):
    name = "structures"
    description = "a document with every structure, for tests"
    extensions = (".st",)

    def read(self, source, options):
        texts = source.data.decode().splitlines()
        lines = tuple(Line(text=t, origin=Origin(i * 10 + 1), blank_before=True) for i, t in enumerate(texts))
        structures = (
            Figure(text="Figure 1: The chart", caption="Figure 1: The chart", data=png("red"),
                   media_type="image/png", name="chart.png", origins=(Origin(5),)),
            Figure(text="", alt="A photo (no caption)", data=png("blue"), media_type="image/png",
                   name="photo one.png", origins=(Origin(6),)),
            make_table([["A", "B"], ["1", "2"]], header_rows=1, caption="Table 1: Small", origins=(Origin(7),)),
            make_list([ListItem(text="first"), ListItem(text="second", depth=1)], ordered=False,
                      origins=(Origin(8),)),
            Footnote(text="The source of the chart.", marker="1", ref=Origin(11), origins=(Origin(99),)),
        )
        return Document(meta=Metadata(title="Figures", language="en", source="a.md"), lines=lines, structures=structures)

@hookimpl
def register_readers(register):
    register(StructuresReader())
"""

TEXT = (
    "The first paragraph of the report is long enough to be body text, and it goes on.\n"
    "The chart above1 shows the figures of the year, as the text explains here.\n"
    "The last paragraph of the report comes after the figures and ends the document.\n"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def st_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pytest.importorskip("PIL")
    (tmp_path / "st_plugin.py").write_text(FIGURE_READER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "in").mkdir()
    src = tmp_path / "in" / "a.st"
    src.write_text(TEXT, encoding="utf-8")
    return src


def test_figures_round_trip_through_the_cli(tmp_path: Path, st_input: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    result = run("--plugin", "st_plugin", "convert", st_input, "-o", first, "-t", "md", "-j", "1")
    assert result.exit_code == 0, result.output
    md = (first / "a.md").read_bytes()
    assert b"![Figure 1: The chart](a_files/chart.png)\n\n*Figure 1: The chart*" in md
    result = run("convert", first / "a.md", "-o", second, "-t", "md", "-j", "1")
    assert result.exit_code == 0, result.output
    again = (second / "a.md").read_text(encoding="utf-8")
    assert without_provenance(again) == without_provenance(md.decode("utf-8"))  # (the provenance is this run's)
    assert "derived_from:" in again
    for name in ("chart.png", "photo_one.png"):
        assert (second / "a_files" / name).read_bytes() == (first / "a_files" / name).read_bytes()
    assert "without image data" not in result.stderr


def test_figures_from_markdown_are_embedded_in_docx(tmp_path: Path, st_input: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert run("--plugin", "st_plugin", "convert", st_input, "-o", first, "-t", "md", "-j", "1").exit_code == 0
    result = run("convert", first / "a.md", "-o", second, "-t", "docx", "-j", "1")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(second / "a.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        document = z.read("word/document.xml").decode()
    assert len(media) == 2 and "Figure 1: The chart" in document
    assert document.count("w:footnoteReference") == 1 and "<w:tbl>" in document


def test_images_outside_the_markdown_folder_are_not_read(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    from PIL import Image

    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "green").save(secret)
    folder = tmp_path / "doc"
    (folder / "img").mkdir(parents=True)
    Image.new("RGB", (8, 8), "red").save(folder / "img" / "inside.png")
    links = ["img/inside.png", "../secret.png", str(secret), "http://example.com/x.png", "img/../../secret.png"]
    text = "".join(f"![alt {i}]({link})\n\n*Figure {i}*\n\n" for i, link in enumerate(links))
    (folder / "a.md").write_text("A paragraph of body text before the figures, long enough.\n\n" + text)
    result = run("convert", folder / "a.md", "-o", tmp_path / "out", "-t", "md", "-j", "1")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "a.md").read_text(encoding="utf-8")
    assert "![alt 0](a_files/inside.png)" in md
    assert all(f"\n\nFigure {i}\n" in md for i in range(1, len(links)))  # (the caption alone)
    assert "4 of 5 figure(s) without readable image data" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "a_files").iterdir()) == ["inside.png"]


def test_an_image_inside_a_paragraph_stays_text() -> None:
    back = read_md("Text before ![alt](x.png) and after.\n")
    assert not structures(back, Figure) and "![alt](x.png)" in back.body_text
