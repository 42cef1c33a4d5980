"""The DOCX writer's per-process templates (:mod:`convert.writers._docx_template`) and the
reproducible ZIP writer (:mod:`convert.writers._zip`): a document's bytes do not depend on
what the process wrote before it, and the ZIP is laid out as :mod:`zipfile` lays it out."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from convert.core.contracts import Options
from convert.core.model import Block, Document, ListItem, Metadata, Provenance, make_list, make_table
from convert.writers import _docx_template as templates
from convert.writers import _zip
from convert.writers.docx import DocxOptions, DocxWriter

TITLE_ZH = "\u5173\u4e8e\u6d4b\u8bd5\u7684\u901a\u77e5"  # 关于测试的通知
BODY_ZH = "\u5404\u5355\u4f4d\u8981\u8ba4\u771f\u6d4b\u8bd5\u3002"  # 各单位要认真测试。
HEADING_ZH = "\u4e00\u3001\u603b\u5219"  # 一、总则
PROVENANCE = Provenance(source="a.txt", sha256="ab" * 32, converted="2026-01-02T03:04:05Z", version="0.1")


def _zh(title: str, **meta: object) -> Document:
    return Document(
        meta=Metadata(title=title, language="zh", date="2024-01-12", **meta),  # type: ignore[arg-type]
        blocks=(
            Block(kind="title", text=title, level=1),
            Block(kind="heading", text=HEADING_ZH, level=2),
            Block(kind="paragraph", text=BODY_ZH),
        ),
    )


def _structured(title: str) -> Document:
    """Lists and a table: the numbering part and the Caption style are used."""
    items = (ListItem(text="one"), ListItem(text="two", depth=1), ListItem(text="three"))
    return Document(
        meta=Metadata(title=title, language="en", author="A. Author", custom=(("project", "x"),)),
        blocks=(
            Block(kind="title", text=title, level=1),
            make_list(items, ordered=True),
            make_table([["a", "b"], ["1", "2"]], header_rows=1, caption="Table 1"),
            Block(kind="paragraph", text="After the table."),
        ),
    )


def _plain(title: str, language: str, *, level: int = 0) -> Document:
    blocks = [Block(kind="title", text=title, level=1), Block(kind="paragraph", text="Text.")]
    if level:
        blocks.insert(1, Block(kind="heading", text="A heading", level=level))
    return Document(meta=Metadata(title=title, language=language, source=f"{title}.txt"), blocks=tuple(blocks))


def _reference(path: Path) -> Path:
    """A reference DOCX whose styles lack Heading 2 (the writer adds it when a document uses it)."""
    import docx

    document = docx.Document()
    document.add_paragraph("TEMPLATE BODY TEXT")
    heading = document.styles["Heading 2"].element
    heading.getparent().remove(heading)
    document.save(str(path))
    return path


def cases(folder: Path) -> dict[str, tuple[Document, DocxOptions]]:
    """Documents with different metadata, notices, structures and DOCX options."""
    reference = folder / "ref.docx"
    if not reference.exists():
        _reference(reference)
    return {
        "zh": (_zh(TITLE_ZH, author="\u529e\u516c\u5385", provenance=PROVENANCE), DocxOptions()),
        "zh-notice": (_zh("\u901a\u77e5", truncated=True, pages=9), DocxOptions()),
        "zh-gongwen": (_zh(TITLE_ZH, custom=(("k", "v"),)), DocxOptions(style="gongwen")),
        "zh-gongwen-notice": (_zh("\u516c\u6587", damaged=True), DocxOptions(style="gongwen")),
        "hant": (Document(meta=Metadata(title="T", language="zh-TW"), blocks=_zh("T").blocks), DocxOptions()),
        "en-structured": (_structured("Report"), DocxOptions()),
        "en-letter": (_plain("Letter", "en-US"), DocxOptions(page="letter")),
        "en": (_plain("Plain", "en"), DocxOptions()),
        "reference-heading": (_plain("With heading", "en", level=3), DocxOptions(reference=reference)),
        "reference": (_plain("Without heading", "en"), DocxOptions(reference=reference)),
        "reference-notice": (_zh("\u901a\u77e5", truncated=True), DocxOptions(reference=reference)),
    }


def write(doc: Document, options: DocxOptions) -> bytes:
    buffer = io.BytesIO()
    DocxWriter().write(doc, buffer, Options(writer_options={"docx": options}))
    return buffer.getvalue()


def first_in_process(doc: Document, options: DocxOptions) -> bytes:
    """``doc`` written as the first document of a process: no template, no reused deflate."""
    templates.clear()
    _zip._DEFLATED.clear()
    return write(doc, options)


@pytest.fixture(scope="module")
def written(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, tuple[Document, DocxOptions]], dict[str, bytes]]:
    found = cases(tmp_path_factory.mktemp("template"))
    return found, {name: first_in_process(*case) for name, case in found.items()}


def test_a_document_does_not_depend_on_the_documents_written_before_it(
    written: tuple[dict[str, tuple[Document, DocxOptions]], dict[str, bytes]],
) -> None:
    found, alone = written
    assert len(set(alone.values())) == len(alone)  # (the cases differ)
    for order in (
        list(found),
        list(reversed(found)),
        [n for pair in zip(found, reversed(found), strict=True) for n in pair],
    ):
        for name in order:
            assert write(*found[name]) == alone[name], f"{name} written after others differs ({order})"


def test_each_document_keeps_its_own_metadata_and_styles(
    written: tuple[dict[str, tuple[Document, DocxOptions]], dict[str, bytes]],
) -> None:
    import docx

    found, alone = written
    for name in ("en-structured", "reference-heading", "zh-notice", "zh"):
        write(*found[name])  # (all in one process)
    data = write(*found["en"])
    en = docx.Document(io.BytesIO(data))
    assert en.core_properties.title == "Plain" and en.core_properties.author == ""
    assert "Notice" not in [s.name for s in en.styles]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "docProps/custom.xml" not in z.namelist()
        numbering = z.read("word/numbering.xml")
    with zipfile.ZipFile(io.BytesIO(alone["en"])) as z:
        assert numbering == z.read("word/numbering.xml")  # (not the structured one's lists)
    assert numbering.count(b"<w:num ") < _numbering(write(*found["en-structured"])).count(b"<w:num ")
    reference = docx.Document(io.BytesIO(write(*found["reference"])))
    assert "Heading 2" not in [s.name for s in reference.styles]  # added only where it was used
    assert "TEMPLATE BODY TEXT" not in [p.text for p in reference.paragraphs]


def _numbering(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/numbering.xml")


SCRIPT = """
import hashlib, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import test_docx_template as t
doc, options = t.cases(Path(sys.argv[2]))[sys.argv[3]]
print(hashlib.sha256(t.write(doc, options)).hexdigest())
"""


@pytest.mark.parametrize("name", ["zh-gongwen-notice", "en-structured", "reference-heading"])
def test_written_first_in_a_fresh_process(
    name: str, written: tuple[dict[str, tuple[Document, DocxOptions]], dict[str, bytes]]
) -> None:
    found, alone = written
    folder = next(iter(o.reference for _, o in found.values() if o.reference is not None)).parent
    env = {**os.environ, "DOCCONV_DISABLE_PLUGINS": "1"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(Path(__file__).parent), str(folder), name],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert result.stdout.strip() == hashlib.sha256(alone[name]).hexdigest()


# ------------------------------------------------------------------------------------ ZIP

MEMBERS = [
    ("word/document.xml", b"<w:document/>" * 200),
    ("mimetype", b"application/epub+zip"),
    ("[Content_Types].xml", b"<Types/>"),
    ("empty", b""),
    ("\u6587\u4ef6/\u540d.xml", "\u4e2d\u6587".encode() * 50),  # a UTF-8 name
    ("word/document.xml", b"a repeated name: the first is kept"),
    ("media/image1.png", os.urandom(3000)),
]


@pytest.mark.parametrize("when", [None, dt.datetime(2024, 1, 12, 8, 30, 15), dt.datetime(1970, 1, 1)])
def test_zip_members_is_what_zipfile_writes(when: dt.datetime | None) -> None:
    listed: dict[str, bytes] = {}
    for name, data in MEMBERS:
        listed.setdefault(name, data)
    ordered = sorted(listed.items(), key=lambda kv: {"mimetype": 0, "[Content_Types].xml": 1}.get(kv[0], 2))
    expected = _zip._zipfile_members(ordered, when, 9)
    assert _zip.zip_members(MEMBERS, when) == expected
    assert _zip.zip_members(MEMBERS, when, reuse={"word/document.xml"}) == expected  # deflated, kept
    assert _zip.zip_members(MEMBERS, when, reuse={"word/document.xml"}) == expected  # reused
    with zipfile.ZipFile(io.BytesIO(expected)) as z:
        assert z.testzip() is None
        assert [i.filename for i in z.infolist()][:2] == ["mimetype", "[Content_Types].xml"]


def test_normalize_zip_keeps_the_members_and_their_order() -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in MEMBERS:
            if name not in z.namelist():
                z.writestr(name, data)
    data = _zip.normalize_zip(raw.getvalue())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        first: dict[str, bytes] = {}
        for name, member in MEMBERS:
            first.setdefault(name, member)
        expected = [(n, d) for n, d in first.items() if n not in _zip.FIRST]
        assert [(i.filename, z.read(i)) for i in z.infolist()][2:] == expected
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) and i.external_attr >> 16 == 0o100644 for i in z.infolist())


def test_a_reference_changed_between_two_documents_is_read_again(tmp_path: Path) -> None:
    import docx

    reference = _reference(tmp_path / "changing.docx")
    doc, options = _plain("Plain", "en"), DocxOptions(reference=reference)
    before = write(doc, options)
    changed = docx.Document(str(reference))
    changed.styles["Normal"].font.name = "Arial"
    changed.save(str(reference))
    after = write(doc, options)
    assert after != before and after == first_in_process(doc, options)
    assert docx.Document(io.BytesIO(after)).styles["Normal"].font.name == "Arial"
