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
