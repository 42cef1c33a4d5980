"""The .docx reader: directly, through the pipeline, round-trip from docconv's DOCX writer,
and installed (entry point)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docconv_docx_input import DocxReader

from convert import ConversionError, Document, Options, Source
from convert.app.testing import cjk_sample_text, convert_text, listed_plugins, registry_with

TITLE = "\u5173\u4e8e\u52a0\u5f3a\u673a\u5173\u5efa\u8bbe\u7684\u610f\u89c1"  # 关于加强机关建设的意见
HEADING = "\u4e00\u3001\u603b\u4f53\u8981\u6c42"  # 一、总体要求
SUB = "\uff08\u4e00\uff09\u6307\u5bfc\u601d\u60f3"  # （一）指导思想
BODY = (
    "\u575a\u6301\u4ee5\u4eba\u6c11\u4e3a\u4e2d\u5fc3\uff0c\u5168\u9762\u63d0\u9ad8\u673a\u5173"
    "\u5efa\u8bbe\u6c34\u5e73\uff0c\u786e\u4fdd\u5404\u9879\u4efb\u52a1\u843d\u5230\u5b9e\u5904\u3002"
)  # 坚持以人民为中心，全面提高机关建设水平，确保各项任务落到实处。
FURNITURE = ("VIP\u4e13\u514d", "\u4fb5\u6743\u6295\u8bc9", "21.88KB")  # VIP专免, 侵权投诉, 21.88KB


def make_docx(paragraphs: list[tuple[str, str | None]], **props: object) -> bytes:
    """A .docx made with python-docx: (text, style name or None) per paragraph."""
    document = docx.Document()
    for name, value in props.items():
        setattr(document.core_properties, name, value)
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SAMPLE = [
    (TITLE, "Title"),
    (FURNITURE[0], None),
    (FURNITURE[1], None),
    (FURNITURE[2], None),
    (HEADING, "Heading 1"),
    (SUB, "Heading 2"),
    (BODY, None),
    ("", None),
]
#: A paragraph pasted from a scraped page: hard-wrapped with line breaks (Shift+Enter).
WRAPPED = cjk_sample_text().splitlines()[8:21]
PROPS = {"title": TITLE, "author": "\u5e02\u653f\u5e9c\u529e\u516c\u5385", "created": dt.datetime(2024, 1, 12, 9, 30)}


def read(data: bytes, name: str = "x.docx") -> Document:
    return DocxReader().read(Source(name=name, data=data), Options())


def test_paragraphs_become_lines_with_hard_breaks_and_heading_hints() -> None:
    doc = read(make_docx([*SAMPLE, ("\n".join(WRAPPED), None)], **PROPS))
    texts = [line.text for line in doc.lines]
    assert texts == [TITLE, *FURNITURE, HEADING, SUB, BODY, *WRAPPED]
    assert [line.heading for line in doc.lines[:6]] == [1, None, None, None, 2, 3]
    assert [line.blank_before for line in doc.lines] == [False] + [True] * 7 + [False] * (len(WRAPPED) - 1)
    assert [line.origin.line for line in doc.lines[-2:]] == [9, 9]
    assert doc.meta.title == TITLE and doc.meta.author == PROPS["author"] and doc.meta.date == "2024-01-12"


def test_outline_level_and_chinese_style_names_are_headings() -> None:
    document = docx.Document()
    custom = document.styles.add_style("\u6807\u9898 2", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)  # 标题 2
    document.add_paragraph(HEADING, style=custom)
    para = document.add_paragraph(SUB)
    ppr = para._p.get_or_add_pPr()
    outline = docx.oxml.OxmlElement("w:outlineLvl")
    outline.set(docx.oxml.ns.qn("w:val"), "1")
    ppr.append(outline)
    document.add_paragraph(BODY)
    buffer = io.BytesIO()
    document.save(buffer)
    assert [line.heading for line in read(buffer.getvalue()).lines] == [3, 3, None]


def test_word_download_is_cleaned_like_scraped_text() -> None:
    data = make_docx([*SAMPLE, ("\n".join(WRAPPED), None)], **PROPS)
    doc = convert_text(data, name="download.docx", plugins=["docconv_docx_input"])
    assert [(b.kind, b.text) for b in doc.blocks[:4]] == [
        ("title", TITLE),
        ("heading", HEADING),
        ("heading", SUB),
        ("paragraph", BODY),
    ]
    joined = doc.blocks[4]  # the line-broken paragraph is one paragraph again
    assert len(doc.blocks) == 5 and joined.kind == "paragraph"
    assert joined.text.startswith(WRAPPED[0][:10]) and joined.text.endswith(WRAPPED[-1][-6:])
    assert {r.text for r in doc.removals} >= set(FURNITURE)
    assert doc.meta.date == "2024-01-12" and doc.meta.language == "zh"


def test_reader_takes_docx_over_builtins_only_when_loaded() -> None:
    source = Source(name="a.docx", data=make_docx(SAMPLE))
    assert registry_with("docconv_docx_input").reader_for(source).name == "docx"
    with pytest.raises(ConversionError, match="no reader"):
        registry_with().reader_for(source)


def test_round_trip_through_docconv_docx_writer() -> None:
    registry = registry_with("docconv_docx_input")
    original = convert_text(cjk_sample_text(), registry=registry)
    buffer = io.BytesIO()
    registry.writer("docx").write(original, buffer, Options())
    again = convert_text(buffer.getvalue(), name="speech.docx", registry=registry)
    assert [(b.kind, b.level, b.text) for b in again.blocks] == [(b.kind, b.level, b.text) for b in original.blocks]
    assert again.meta.title == original.meta.title
    assert again.meta.date == original.meta.date and again.meta.language == "zh"
    # the sample is a truncated preview: docconv's visible notice is recorded, not read as text
    assert original.meta.truncated
    assert [r.kind for r in again.removals if r.step == "docx"] == ["notice"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "not a zip archive"),
        (make_docx(SAMPLE)[:3000], "not a zip archive"),
    ],
    ids=["empty", "old-doc", "truncated"],
)
def test_corrupt_docx_is_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(ConversionError, match=reason):
        read(data)


def test_zip_that_is_not_a_word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "not word")
    with pytest.raises(ConversionError, match=r"not a readable Word \.docx file"):
        read(buffer.getvalue())


def test_document_without_text_is_a_clear_error() -> None:
    with pytest.raises(ConversionError, match="no text"):
        read(make_docx([("", None)]))


def test_entry_point_lists_the_installed_plugin() -> None:
    rows = {row["name"]: row for row in listed_plugins()}
    row = rows["docx_input"]
    assert (row["package"], row["version"]) == ("docconv-docx-input", "0.1.0")
    assert row["readers"] == ["docx"]


def test_convert_command_reads_docx_and_reports_a_corrupt_one(tmp_path: Path) -> None:
    (tmp_path / "good.docx").write_bytes(make_docx(SAMPLE, **PROPS))
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    env = {k: v for k, v in os.environ.items() if k != "DOCCONV_DISABLE_PLUGINS"}
    out = tmp_path / "out"
    inputs = [str(tmp_path / "good.docx"), str(tmp_path / "bad.docx")]
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", "-q", "-o", str(out), *inputs],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("docconv: error:") == 1
    assert "bad.docx: not a Word .docx file" in proc.stderr
    markdown = (out / "good.md").read_text(encoding="utf-8")
    assert f"# {TITLE}" in markdown and FURNITURE[0] not in markdown
