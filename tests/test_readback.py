"""One model, three renderings: DOCX and EPUB read back (python-docx, the XHTML itself,
pandoc, LibreOffice + pdftotext) hold the same headings and paragraphs, in the same order,
as the Markdown writer's output."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tools import Block, build_doc, corpus_inputs, markdown_blocks, norm, pandoc_read, require, squash, write

from convert.core.model import Block as ModelBlock
from convert.core.model import Document, Metadata

SAMPLE = Document(
    meta=Metadata(title="Sample & <Title>", language="en", date="2022-03-04", source="sample.txt"),
    blocks=(
        ModelBlock(kind="paragraph", text="Before the title? No: the title comes from the metadata."),
        ModelBlock(kind="heading", text="# Not a *Markdown* heading", level=2),
        ModelBlock(kind="paragraph", text="Text with\nan inner line break, 1. a list-like start and \\ slash."),
        ModelBlock(kind="heading", text="Deep", level=5),
        ModelBlock(kind="paragraph", text="  "),  # blank: skipped by every writer
        ModelBlock(kind="paragraph", text="Last [paragraph] with `code` & <tags>."),
    ),
)
SAMPLE_ZH = Document(
    meta=Metadata(title="\u6d4b\u8bd5\u6587\u4ef6", language="zh", date="2023-05-06", source="zh.txt"),
    blocks=(
        ModelBlock(kind="title", text="\u6d4b\u8bd5\u6587\u4ef6", level=1),
        ModelBlock(kind="heading", text="\u4e00\u3001\u603b\u5219", level=2),
        ModelBlock(
            kind="paragraph",
            text="\u7b2c\u4e00\u6761\u3000\u4e3a\u4e86\u6d4b\u8bd5\uff0c\u5236\u5b9a\u672c\u529e\u6cd5\u3002",
        ),
    ),
)

CORPUS = corpus_inputs()
CASES = ["sample", "sample-zh", *(p.name for p in CORPUS)]


def document(case: str) -> Document:
    if case == "sample":
        return SAMPLE
    if case == "sample-zh":
        return SAMPLE_ZH
    return build_doc(next(p for p in CORPUS if p.name == case))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Block], Path, Path]]:
    """Per case: the Markdown blocks and the DOCX and EPUB files."""
    folder = tmp_path_factory.mktemp("readback")
    result = {}
    for case in CASES:
        doc = document(case)
        stem = Path(case).stem
        docx_path, epub_path = folder / f"{stem}.docx", folder / f"{stem}.epub"
        docx_path.write_bytes(write(doc, "docx"))
        epub_path.write_bytes(write(doc, "epub"))
        result[case] = (markdown_blocks(doc), docx_path, epub_path)
    return result


def text_only(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(kind, norm(text)) for kind, _, text in blocks]


def test_corpus_present_or_skipped() -> None:
    if not CORPUS:
        pytest.skip("../shared is absent: only the built-in samples are read back")
    assert len(CORPUS) >= 2


# ----------------------------------------------------------------------- in-process readers


def docx_notices(docx_path: Path) -> list[str]:
    """The text of the DOCX's notices (paragraphs in the Notice style)."""
    import docx

    return [p.text for p in docx.Document(str(docx_path)).paragraphs if p.style.name == "Notice"]


def titlepage_texts(epub_path: Path) -> list[str]:
    """The text of each paragraph of the EPUB's title page (the first spine item)."""
    with zipfile.ZipFile(epub_path) as z:
        root = etree.fromstring(z.read("EPUB/titlepage.xhtml"))
    return ["".join(p.itertext()) for p in root.iter("{http://www.w3.org/1999/xhtml}p")]


@pytest.mark.parametrize("case", CASES)
def test_python_docx_text_equals_markdown(case: str, outputs: dict[str, Any]) -> None:
    import docx

    from convert.core.notices import notices

    expected, docx_path, _ = outputs[case]
    got: list[Block] = []
    assert docx_notices(docx_path) == [f"{n.label}{n.gap}{n.text}" for n in notices(document(case))]
    for p in docx.Document(str(docx_path)).paragraphs:
        style = p.style.name
        if style == "Notice":  # (checked above: the notices, shown besides the text)
            continue
        if style == "Title":
            got.append(("title", 1, p.text))
        elif style.startswith("Heading "):
            got.append(("heading", int(style.split()[1]) + 1, p.text))
        else:
            assert style == "Normal"
            got.append(("paragraph", 0, p.text))
    assert [(k, lv, norm(t)) for k, lv, t in got] == [(k, lv, norm(t)) for k, lv, t in expected]


@pytest.mark.parametrize("case", CASES)
def test_epub_xhtml_text_equals_markdown(case: str, outputs: dict[str, Any]) -> None:
    expected, _, epub_path = outputs[case]
    xhtml = "{http://www.w3.org/1999/xhtml}"
    got: list[Block] = []
    with zipfile.ZipFile(epub_path) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        opf_ns = "{http://www.idpf.org/2007/opf}"
        hrefs = {i.get("id"): i.get("href") for i in opf.iter(f"{opf_ns}item")}
        spine = [hrefs[ref.get("idref")] for ref in opf.iter(f"{opf_ns}itemref")]
        assert spine[0] == "titlepage.xhtml"  # (the title page: title, date, source and notices)
        for name in spine[1:]:
            root = etree.parse(io.BytesIO(z.read("EPUB/" + name))).getroot()
            for el in root.iter(f"{xhtml}p", *(f"{xhtml}h{n}" for n in range(1, 7))):
                if any(a.get("class") == "docconv-notice" for a in el.iterancestors()):
                    continue  # (the truncation notice ends the last chapter)
                tag = etree.QName(el).localname
                text = "".join(el.itertext())
                if tag == "p":
                    got.append(("paragraph", 0, text))
                else:
                    got.append(("title" if tag == "h1" else "heading", int(tag[1]), text))
    assert [(k, lv, norm(t)) for k, lv, t in got] == [(k, lv, norm(t)) for k, lv, t in expected]


# ----------------------------------------------------------------------------------- pandoc


@pytest.mark.parametrize("case", CASES)
def test_pandoc_reads_docx(case: str, outputs: dict[str, Any]) -> None:
    expected, docx_path, _ = outputs[case]
    title, blocks = pandoc_read(docx_path, "docx")
    notes = {norm(text) for text in docx_notices(docx_path)}
    # pandoc turns the Title paragraph into the title metadata; Heading N is Markdown N+1.
    got = ([("title", 1, title)] if title else []) + [
        (kind, level + 1 if kind == "heading" else level, text)
        for kind, level, text in blocks
        if norm(text) not in notes  # (the notices: shown besides the text)
    ]
    assert [(k, lv, norm(t)) for k, lv, t in got] == [(k, lv, norm(t)) for k, lv, t in expected]


@pytest.mark.parametrize("case", CASES)
def test_pandoc_reads_epub(case: str, outputs: dict[str, Any]) -> None:
    expected, _, epub_path = outputs[case]
    _, blocks = pandoc_read(epub_path, "epub")
    first = titlepage_texts(epub_path)  # (pandoc leaves out the epub:type="titlepage" section)
    if [norm(t) for _, _, t in blocks[: len(first)]] == [norm(t) for t in first]:
        blocks = blocks[len(first) :]
    blocks = [b for b in blocks if not norm(b[2]).startswith(("Note:", "\u6ce8\u610f"))]  # (the notices)
    got = [("title" if kind == "heading" and level == 1 else kind, level, text) for kind, level, text in blocks]
    assert [(k, lv, norm(t)) for k, lv, t in got] == [(k, lv, norm(t)) for k, lv, t in expected]


# ------------------------------------------------------------------- LibreOffice, pdftotext


@pytest.fixture(scope="module")
def pdf_texts(outputs: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every DOCX converted to PDF in ONE soffice run (private profile), then pdftotext."""
    soffice = require("soffice")
    pdftotext = require("pdftotext")
    folder = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    docx_files = [str(docx_path) for _, docx_path, _ in outputs.values()]
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *docx_files,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    texts = {}
    for case, (_, docx_path, _) in outputs.items():
        pdf = folder / (docx_path.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {docx_path.name}: {proc.stdout}{proc.stderr}"
        out = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True
        )
        texts[case] = out.stdout
    return texts


@pytest.mark.parametrize("case", CASES)
def test_libreoffice_opens_docx(case: str, outputs: dict[str, Any], pdf_texts: dict[str, str]) -> None:
    expected, _, _ = outputs[case]
    pdf = squash(pdf_texts[case])
    missing = [squash(text)[:15] for _, _, text in expected if squash(text)[:15] not in pdf]
    assert not missing, f"not in the PDF LibreOffice made: {missing}"
