"""Defects a review of the issue-14 change found (tables, figures, lists, footnotes), each
reproduced here first."""

from __future__ import annotations

import io
import re
import zipfile

from tools import write

from convert.core.model import Cell, Document, Metadata, make_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_cells(data: bytes) -> list[list[str]]:
    from lxml import etree

    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return [["".join(tc.itertext()) for tc in tr.iter(f"{W}tc")] for tr in xml.iter(f"{W}tr")]


def test_a_row_pushed_wider_by_a_row_span_keeps_all_its_cells() -> None:
    """Scraped tables often have a row with one cell too many under a row span: the table
    is as wide as that row, and no writer drops its last cell (the DOCX writer did, silently)."""
    rows = [["H1", "H2"], [Cell(text="RS", rowspan=2), "B1"], ["OVERFLOWC", "OVERFLOWD"], ["E", "F"]]
    table = make_table(rows, header_rows=1)
    assert table.columns == 3
    assert table.grid() == [["H1", "H2", ""], ["RS", "B1", ""], ["", "OVERFLOWC", "OVERFLOWD"], ["E", "F", ""]]
    doc = Document(meta=Metadata(language="en"), blocks=(table,))
    cells = [c for row in _docx_cells(write(doc, "docx")) for c in row]
    assert "OVERFLOWD" in cells and "OVERFLOWC" in cells
    assert "OVERFLOWD" in write(doc, "md").decode()
    package = zipfile.ZipFile(io.BytesIO(write(doc, "epub")))
    assert any(b"OVERFLOWD" in package.read(name) for name in package.namelist() if name.endswith(".xhtml"))


def test_a_large_table_is_written_to_docx_in_one_pass() -> None:
    """A 60 x 60 table: every cell written (python-docx's cell(r, c) rebuilt the grid on
    each call, so this took minutes and hit the per-file timeout)."""
    rows = [[str(r * 60 + c) for c in range(60)] for r in range(60)]
    doc = Document(meta=Metadata(language="en"), blocks=(make_table(rows, header_rows=1),))
    cells = _docx_cells(write(doc, "docx"))
    assert len(cells) == 60 and all(len(row) == 60 for row in cells)
    assert cells[59][59] == "3599"


def test_spans_in_docx_are_merged_cells() -> None:
    rows = [[Cell(text="wide", colspan=2), Cell(text="tall", rowspan=2)], ["a", "b"]]
    data = write(Document(blocks=(make_table(rows),)), "docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert len(re.findall(r'<w:gridSpan w:val="2"/>', xml)) == 1
    assert len(re.findall(r'<w:vMerge w:val="restart"/>', xml)) == 1
    assert len(re.findall(r"<w:vMerge/>", xml)) == 1


def _page(title: str, png: bytes, *, minified: bool = False) -> str:
    import base64

    parts = [
        "<html><body><article>",
        f"<h1>{title}</h1>",
        "<p>Some text of the document that goes on for a while, so that it is the body.</p>",
        f'<figure><img src="data:image/png;base64,{base64.b64encode(png).decode()}" width="60" height="40">',
        f"<figcaption>Figure 1: {title}</figcaption></figure>",
        "<p>More text after the figure, which also goes on for a while.</p>",
        "</article></body></html>",
    ]
    return ("" if minified else "\n").join(parts)


def _png(colour: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _docconv(*args: object) -> tuple[int, str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "convert", *map(str, args)], capture_output=True, text=True, timeout=120
    )
    return done.returncode, done.stderr


def test_a_shared_images_dir_keeps_each_documents_images(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``a/x.html`` and ``b/x.html`` into one ``--images-dir`` outside the output folders:
    each document links its own image (b's image replaced a's under one name)."""
    for folder, colour in (("a", "red"), ("b", "blue")):
        (tmp_path / "tree" / folder).mkdir(parents=True)
        (tmp_path / "tree" / folder / "x.html").write_text(_page(colour, _png(colour)), encoding="utf-8")
    shared = tmp_path / "img"
    code, err = _docconv("convert", "-r", tmp_path / "tree", "-o", tmp_path / "o", "-t", "md", "--images-dir", shared)
    assert code == 0, err
    links = {}
    for folder, colour in (("a", "red"), ("b", "blue")):
        text = (tmp_path / "o" / folder / "x.md").read_text(encoding="utf-8")
        (link,) = re.findall(r"\]\(([^)]+\.png)\)", text)
        links[folder] = link
        assert (tmp_path / "o" / folder / link).resolve().read_bytes() == _png(colour)
    assert links["a"] != links["b"]


def test_a_minified_page_says_what_it_could_not_keep_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Everything on one source line: structures have no place among the lines; the text is
    kept as lines, and a warning counts what was given up (there was none)."""
    page = tmp_path / "min.html"
    page.write_text(_page("minified", _png("green"), minified=True), encoding="utf-8")
    code, err = _docconv("clean", page)
    assert code == 0, err
    assert "1 figure(s) could not be kept whole" in err


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
SCRIPTED = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(3)"><rect/></a></svg>',
)


def test_an_svg_with_a_script_is_no_image_for_any_writer() -> None:
    """A scripted SVG was copied into the EPUB (epubcheck OPF-014) and beside the Markdown;
    bytes that are no image at all were linked too. Now only a figure whose image a writer
    can show keeps its data; the others keep their caption, and the warning counts them."""
    from convert.app.pipeline import clean
    from convert.app.session import Session
    from convert.app.testing import registry_with
    from convert.core.contracts import Options
    from convert.core.model import Figure, Origin

    figures = [
        Figure(text=f"Figure {i}", caption=f"Figure {i}", data=data, media_type="image/svg+xml", origins=(Origin(i),))
        for i, data in enumerate((SVG, *SCRIPTED, b"<html>not an image</html>"), start=1)
    ]
    doc = clean(Document(structures=tuple(figures)), Session.create(registry_with(), Options()))
    kept = [b.data for b in doc.blocks if isinstance(b, Figure)]
    assert kept == [SVG, b"", b"", b""]
    assert any("3 of 4 figure(s) without readable image data" in w for w in doc.warnings)


def test_a_pipe_table_row_with_an_extra_cell_keeps_it() -> None:
    """``| x | y | z extra |`` in a two-column pipe table: the table is widened, the text
    kept (it was dropped from every output, unrecorded)."""
    from convert.core.contracts import Options, Source
    from convert.core.model import Table
    from convert.readers.markdown import MarkdownReader

    text = "# T\n\nSome text before the table.\n\n| a | b |\n|---|---|\n| x | y | z extra |\n| p |\n"
    doc = MarkdownReader().read(Source(name="t.md", data=text.encode()), Options())
    (table,) = [s for s in doc.structures if isinstance(s, Table)]
    assert table.grid() == [["a", "b", ""], ["x", "y", "z extra"], ["p", "", ""]]
