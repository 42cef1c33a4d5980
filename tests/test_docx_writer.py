"""The DOCX writer, read back with python-docx: styles, levels, CJK settings, core
properties, reference documents, control characters, reproducibility."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tools import write

from convert.core.contracts import ConversionError, Options
from convert.core.model import Block, Document, Metadata
from convert.writers.docx import DocxOptions, DocxWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

ZH_DOC = Document(
    meta=Metadata(
        title="\u5173\u4e8e\u6d4b\u8bd5\u7684\u901a\u77e5",  # 关于测试的通知
        date="2024-01-12",
        language="zh",
        author="\u529e\u516c\u5385",  # 办公厅
        source="notice.scraped.txt",
        pages=3,
    ),
    blocks=(
        Block(kind="title", text="\u5173\u4e8e\u6d4b\u8bd5\u7684\u901a\u77e5", level=1),
        Block(kind="paragraph", text="\u5404\u5355\u4f4d\uff1a"),  # 各单位：
        Block(kind="heading", text="\u4e00\u3001\u603b\u5219", level=2),  # 一、总则
        Block(kind="paragraph", text="\u7b2c\u4e00\u6761\u3000\u4e3a\u4e86\u6d4b\u8bd5\u3002"),
        Block(kind="heading", text="\uff08\u4e00\uff09\u8303\u56f4", level=3),  # （一）范围
        Block(kind="paragraph", text="\u672c\u529e\u6cd5\u9002\u7528\u4e8e\u6d4b\u8bd5\u3002"),
        Block(kind="heading", text="1. \u7ec6\u5219", level=4),
        Block(kind="paragraph", text="\u5177\u4f53\u5185\u5bb9\u3002"),
    ),
)

EN_DOC = Document(
    meta=Metadata(title="Annual Report", date="2021-06-30", language="en", source="report.txt"),
    blocks=(
        Block(kind="title", text="Annual Report", level=1),
        Block(kind="heading", text="1. Introduction", level=2),
        Block(kind="paragraph", text='Grants <b> & "money" *stars* # not a heading'),
        Block(kind="heading", text="1.1 Scope", level=3),
        Block(kind="paragraph", text="Second paragraph."),
    ),
)


def read(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


def paragraphs(document: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_registered(registry: Any) -> None:
    writer = registry.writer("docx")
    assert writer.extension == ".docx"
    assert writer.description


def test_styles_and_levels() -> None:
    got = paragraphs(read(write_doc(ZH_DOC)))
    assert got == [
        ("Title", ZH_DOC.blocks[0].text),
        ("Normal", ZH_DOC.blocks[1].text),
        ("Heading 1", ZH_DOC.blocks[2].text),  # Markdown "##"
        ("Normal", ZH_DOC.blocks[3].text),
        ("Heading 2", ZH_DOC.blocks[4].text),  # "###"
        ("Normal", ZH_DOC.blocks[5].text),
        ("Heading 3", ZH_DOC.blocks[6].text),  # "####"
        ("Normal", ZH_DOC.blocks[7].text),
    ]


def test_title_from_metadata_when_no_title_block() -> None:
    doc = Document(meta=Metadata(title="Only In Meta", language="en"), blocks=(Block(kind="paragraph", text="Body."),))
    assert paragraphs(read(write_doc(doc))) == [("Title", "Only In Meta"), ("Normal", "Body.")]


def write_doc(doc: Document, reference: Path | None = None) -> bytes:
    if reference is None:
        return write(doc, "docx")
    buffer = io.BytesIO()
    DocxWriter().write(doc, buffer, Options(writer_options={"docx": DocxOptions.parse({"reference": str(reference)})}))
    return buffer.getvalue()


def test_chinese_fonts_language_indent() -> None:
    document = read(write_doc(ZH_DOC))
    normal = document.styles["Normal"].element
    fonts = normal.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "SimSun"
    assert fonts.get(f"{W}hint") == "eastAsia"
    assert fonts.get(f"{W}eastAsiaTheme") is None  # a theme font would override SimSun
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    ind = normal.find(f"{W}pPr/{W}ind")
    assert ind.get(f"{W}firstLineChars") == "200"
    assert ind.get(f"{W}firstLine") == "480"  # two 12 pt characters in twips
    spacing = normal.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}line") == "360"  # 1.5 lines
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        el = document.styles[name].element
        assert el.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "SimHei", name
        assert el.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsiaTheme") is None, name
        assert el.find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "0", name
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "SimSun"
    assert document.settings.element.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    with zipfile.ZipFile(io.BytesIO(write_doc(ZH_DOC))) as z:
        fonts_xml = z.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="SimSun"' in fonts_xml and "\u5b8b\u4f53" in fonts_xml  # altName 宋体


def test_english_is_latin() -> None:
    document = read(write_doc(EN_DOC))
    normal = document.styles["Normal"].element
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}val") == "en"
    assert normal.find(f"{W}pPr/{W}ind") is None  # no first-line indent
    xml = zipfile.ZipFile(io.BytesIO(write_doc(EN_DOC))).read("word/styles.xml").decode("utf-8")
    assert "SimSun" not in xml and "zh-CN" not in xml
    assert paragraphs(document)[2] == ("Normal", EN_DOC.blocks[2].text)  # no Markdown escapes


def test_core_properties() -> None:
    props = read(write_doc(ZH_DOC)).core_properties
    assert props.title == ZH_DOC.meta.title
    assert props.author == ZH_DOC.meta.author
    assert props.language == "zh-CN"
    assert props.created == dt.datetime(2024, 1, 12, tzinfo=dt.UTC)
    assert props.modified == dt.datetime(2024, 1, 12, tzinfo=dt.UTC)
    assert props.identifier == "notice.scraped.txt"
    assert "source: notice.scraped.txt" in props.comments
    assert props.subject == ZH_DOC.meta.title
    assert "2024-01-12" in props.keywords
    assert props.last_modified_by == "docconv"
    assert props.revision == 1


def test_no_date_means_no_invented_date() -> None:
    doc = Document(meta=Metadata(title="T", language="en"), blocks=(Block(kind="paragraph", text="x"),))
    data = write_doc(doc)
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode("utf-8")
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert "python-docx" not in core


def test_reproducible_bytes_and_fixed_zip_dates() -> None:
    first, second = write_doc(ZH_DOC), write_doc(ZH_DOC)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml"
        assert "docProps/thumbnail.jpeg" not in names  # the template's picture of an empty page
        assert "word/stylesWithEffects.xml" not in names  # the template's stale copy of the styles
        assert {info.date_time for info in z.infolist()} == {(2024, 1, 12, 0, 0, 0)}
        assert "2013-12-23" not in z.read("docProps/core.xml").decode("utf-8")  # template dates gone
        assert b"Macintosh" not in z.read("docProps/app.xml")


def test_control_characters_do_not_crash() -> None:
    dirty = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\uffffi\rj"
    doc = Document(
        meta=Metadata(title="T\x07itle", language="en", author="A\x02B", source="s\x03.txt"),
        blocks=(Block(kind="title", text="T\x07itle", level=1), Block(kind="paragraph", text=dirty)),
    )
    document = read(write_doc(doc))
    assert paragraphs(document) == [("Title", "Title"), ("Normal", "abcdefghi j")]
    assert document.core_properties.author == "AB"


def test_empty_document() -> None:
    assert read(write_doc(Document())).paragraphs == []


def make_reference(path: Path, *, drop_heading: str | None = None) -> None:
    import docx
    from docx.shared import Pt

    ref = docx.Document()
    ref.styles["Normal"].font.name = "Arial"
    ref.styles["Normal"].font.size = Pt(14)
    ref.add_paragraph("TEMPLATE BODY TEXT")
    if drop_heading:
        element = ref.styles[drop_heading].element
        element.getparent().remove(element)
    ref.save(str(path))


def test_reference_docx_styles_are_used(tmp_path: Path) -> None:
    ref = tmp_path / "ref.docx"
    make_reference(ref, drop_heading="Heading 2")
    document = read(write_doc(ZH_DOC, ref))
    assert "TEMPLATE BODY TEXT" not in [p.text for p in document.paragraphs]
    assert document.styles["Normal"].font.name == "Arial"
    assert document.styles["Normal"].font.size.pt == 14
    got = [name for name, _ in paragraphs(document)]
    assert got == ["Title", "Normal", "Heading 1", "Normal", "Heading 2", "Normal", "Heading 3", "Normal"]
    outline = document.styles["Heading 2"].element.find(f"{W}pPr/{W}outlineLvl")
    assert outline is not None and outline.get(f"{W}val") == "1"  # re-created with its level
    assert write_doc(ZH_DOC, ref) == write_doc(ZH_DOC, ref)


def test_bad_reference_docx(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ConversionError, match="reference DOCX"):  # checked once, before any file is written
        write_doc(ZH_DOC, bad)
    unchecked = Options(writer_options={"docx": DocxOptions(reference=bad)})  # the writer checks it too
    with pytest.raises(ConversionError, match="reference DOCX"):
        DocxWriter().write(ZH_DOC, io.BytesIO(), unchecked)
