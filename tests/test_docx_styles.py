"""DOCX house styles (issue 15): paper by language, a page-number footer, black headings,
fonts by script (Simplified/Traditional Chinese), ``--style gongwen`` (GB/T 9704-2012), and
``--reference-docx`` beside them. Read back with python-docx, and laid out by LibreOffice
(PDF checked with pdfplumber: paper size, page numbers in the footer, 22 lines of 28
characters, a CJK substitute for the body font)."""

from __future__ import annotations

import io
import itertools
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from tools import require, write

from convert.app.cli import cli
from convert.core.contracts import ConversionError, Options
from convert.core.model import Block, Document, Metadata
from convert.writers.docx import DocxOptions, DocxWriter, east_asian_language

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Twips and EMU per millimetre.
TWIPS_MM = 1440 / 25.4
EMU_MM = 36000

#: 为了进一步加强和改进公文处理工作，推进公文处理工作科学化、制度化、规范化， (35 characters)
SENTENCE = (
    "\u4e3a\u4e86\u8fdb\u4e00\u6b65\u52a0\u5f3a\u548c\u6539\u8fdb\u516c\u6587\u5904\u7406\u5de5\u4f5c\uff0c"
    "\u63a8\u8fdb\u516c\u6587\u5904\u7406\u5de5\u4f5c\u79d1\u5b66\u5316\u3001\u5236\u5ea6\u5316\u3001\u89c4\u8303\u5316\uff0c"
)
#: Text with no punctuation, so no line-breaking rule moves a character to the next line:
#: every full line holds exactly as many characters as fit.
PLAIN = "\u516c\u6587\u5904\u7406\u5de5\u4f5c\u79d1\u5b66\u89c4\u8303" * 30  # 公文处理工作科学规范
TITLE = "\u5173\u4e8e\u6d4b\u8bd5\u7684\u901a\u77e5"  # 关于测试的通知


def chinese(language: str = "zh", paragraphs: int = 12) -> Document:
    """A Chinese document of a few pages: title, the four heading levels, long paragraphs."""
    blocks = [
        Block(kind="title", text=TITLE, level=1),
        Block(kind="heading", text="\u4e00\u3001\u603b\u5219", level=2),  # 一、总则
        Block(kind="heading", text="\uff08\u4e00\uff09\u8303\u56f4", level=3),  # （一）范围
        Block(kind="heading", text="1. \u7ec6\u5219", level=4),  # 1. 细则
        Block(kind="heading", text="(1) \u5185\u5bb9", level=5),  # (1) 内容
    ]
    blocks += [Block(kind="paragraph", text=SENTENCE * 6) for _ in range(paragraphs)]
    blocks += [Block(kind="paragraph", text=PLAIN * 5)]  # fills a page with nothing but body lines
    return Document(meta=Metadata(title=TITLE, language=language, date="2024-01-12"), blocks=tuple(blocks))


def english(language: str = "en", paragraphs: int = 1) -> Document:
    blocks = [Block(kind="title", text="Annual Report", level=1), Block(kind="heading", text="Scope", level=2)]
    blocks += [Block(kind="paragraph", text="Words in a sentence of the report. " * 40) for _ in range(paragraphs)]
    return Document(meta=Metadata(title="Annual Report", language=language), blocks=tuple(blocks))


def write_with(doc: Document, **options: Any) -> bytes:
    buffer = io.BytesIO()
    DocxWriter().write(doc, buffer, Options(writer_options={"docx": DocxOptions(**options)}))
    return buffer.getvalue()


def read(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def rpr(document: Any, style: str, tag: str) -> Any:
    return document.styles[style].element.find(f"{W}rPr/{W}{tag}")


def east_asia_font(document: Any, style: str) -> str:
    return rpr(document, style, "rFonts").get(f"{W}eastAsia")


def run_cli(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


# ------------------------------------------------------------------ the page


@pytest.mark.parametrize(
    ("language", "paper"),
    [
        ("zh", "a4"),
        ("zh-Hant", "a4"),
        ("en", "a4"),  # no region: the ISO paper
        ("en-GB", "a4"),
        ("de-DE", "a4"),
        ("en-US", "letter"),
        ("en-CA", "letter"),
        ("fr-CA", "letter"),
        ("es-MX", "letter"),
    ],
)
def test_paper_follows_the_language(language: str, paper: str) -> None:
    doc = chinese(language, 1) if language.startswith("zh") else english(language)
    section = read(write(doc, "docx")).sections[0]
    width, height = {"a4": (210, 297), "letter": (215.9, 279.4)}[paper]
    assert section.page_width.mm == pytest.approx(width, abs=0.1)
    assert section.page_height.mm == pytest.approx(height, abs=0.1)
    margins = (25.4, 31.75) if paper == "a4" else (25.4, 25.4)  # (top and bottom, left and right)
    assert section.top_margin.mm == section.bottom_margin.mm == pytest.approx(margins[0], abs=0.1)
    assert section.left_margin.mm == section.right_margin.mm == pytest.approx(margins[1], abs=0.1)


def test_paper_option_overrides_the_language() -> None:
    assert read(write_with(chinese("zh", 1), page="letter")).sections[0].page_width.mm == pytest.approx(215.9, abs=0.1)
    assert read(write_with(english("en-US"), page="a4")).sections[0].page_width.mm == pytest.approx(210, abs=0.1)
    with pytest.raises(ConversionError, match="page: must be one of auto, a4, letter"):
        DocxOptions.parse({"page": "a3"})


@pytest.mark.parametrize("doc", [chinese("zh", 1), english()], ids=["zh", "en"])
def test_centred_page_number_footer(doc: Document) -> None:
    data = write(doc, "docx")
    document = read(data)
    footer = document.sections[0].footer
    assert not footer.is_linked_to_previous
    (paragraph,) = footer.paragraphs
    assert paragraph.style.name == "Footer"
    assert paragraph.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
    p = paragraph._p
    assert [el.text for el in p.iter(f"{W}instrText")] == [" PAGE "]
    kinds = [el.get(f"{W}fldCharType") for el in p.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert not document.settings.odd_and_even_pages_header_footer  # one footer for every page
    ind = document.styles["Footer"].element.find(f"{W}pPr/{W}ind")  # centred on the page, no indent
    assert ind is not None and ind.get(f"{W}firstLine") == "0"


@pytest.mark.parametrize("doc", [chinese("zh", 1), english()], ids=["zh", "en"])
def test_headings_are_black_and_keep_their_sizes(doc: Document) -> None:
    data = write(doc, "docx")
    document = read(data)
    for name in ("Title", "Subtitle", *(f"Heading {n}" for n in range(1, 10)), "Caption"):
        color = rpr(document, name, "color")
        assert color.get(f"{W}val") == "000000", name
        assert color.get(f"{W}themeColor") is None, name  # a theme colour would win over the value
        linked = document.styles[name].element.find(f"{W}link")
        if linked is not None:  # Heading1Char...: what Word shows for a heading applied to a run
            char_style = document.styles.element.get_by_id(linked.get(f"{W}val"))
            assert char_style.find(f"{W}rPr/{W}color").get(f"{W}val") == "000000", name
    assert document.styles["Title"].element.find(f"{W}pPr/{W}pBdr") is None  # the blue rule goes
    styles_xml = part(data, "word/styles.xml")
    assert 'w:themeColor="accent1"' in styles_xml  # (left on the Hyperlink style etc.)
    if doc.meta.language == "en":
        assert document.styles["Title"].font.size.pt == 26  # the template's sizes are kept
        assert document.styles["Heading 1"].font.size.pt == 14


# ------------------------------------------------------------------ fonts by script


@pytest.mark.parametrize(
    ("language", "tag"),
    [("zh-Hant", "zh-TW"), ("zh-TW", "zh-TW"), ("zh-HK", "zh-HK"), ("zh-Hant-HK", "zh-HK"), ("zh-MO", "zh-MO")],
)
def test_traditional_chinese_fonts_and_language(language: str, tag: str) -> None:
    doc = chinese(language, 1)
    assert east_asian_language(doc) == tag
    data = write(doc, "docx")
    document = read(data)
    assert east_asia_font(document, "Normal") == "PMingLiU"
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert east_asia_font(document, name) == "Microsoft JhengHei", name
    assert rpr(document, "Normal", "lang").get(f"{W}eastAsia") == tag
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == tag
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "PMingLiU"
    assert document.settings.element.find(f"{W}themeFontLang").get(f"{W}eastAsia") == tag
    fonts = part(data, "word/fontTable.xml")
    for name, alt in (
        ("PMingLiU", "\u65b0\u7d30\u660e\u9ad4"),
        ("Microsoft JhengHei", "\u5fae\u8edf\u6b63\u9ed1\u9ad4"),
    ):
        entry = fonts[fonts.index(f'w:name="{name}"') :]
        entry = entry[: entry.index("</w:font>")]
        assert f'w:altName w:val="{alt}"' in entry and 'w:charset w:val="88"' in entry  # 136: Big5
    styles_xml = part(data, "word/styles.xml")
    assert "SimSun" not in styles_xml and "SimHei" not in styles_xml and "zh-CN" not in styles_xml


def test_simplified_chinese_keeps_simsun_simhei() -> None:
    doc = chinese("zh-CN", 1)
    assert east_asian_language(doc) == "zh-CN"
    document = read(write(doc, "docx"))
    assert east_asia_font(document, "Normal") == "SimSun"
    assert east_asia_font(document, "Heading 1") == "SimHei"
    assert rpr(document, "Normal", "lang").get(f"{W}eastAsia") == "zh-CN"


# ------------------------------------------------------------------ --style gongwen


def test_gongwen_page() -> None:
    document = read(write_with(chinese(), style="gongwen"))
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))
    got = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [m.mm for m in got] == pytest.approx([37, 35, 28, 26], abs=0.05)
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    assert (width / EMU_MM, height / EMU_MM) == (pytest.approx(156, abs=0.05), pytest.approx(225, abs=0.05))
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "lines"
    pitch = int(grid.get(f"{W}linePitch"))
    assert 22 * pitch <= height / 635 < 23 * pitch  # 22 lines a page (EMU -> twips)
    # 28 characters a line: 16 pt condensed by the style's spacing fit 28 times, not 29
    spacing = int(rpr(document, "Normal", "spacing").get(f"{W}val"))
    advance = 16 + spacing / 20
    assert 28 * advance <= width / 12700 < 29 * advance


def test_gongwen_styles() -> None:
    data = write_with(chinese(), style="gongwen")
    document = read(data)
    normal = document.styles["Normal"]
    assert east_asia_font(document, "Normal") == "FangSong_GB2312"
    assert normal.font.size.pt == 16  # 三号
    fmt = normal.paragraph_format
    assert (fmt.space_before.pt, fmt.space_after.pt, fmt.alignment) == (0, 0, 3)  # justified
    ind = normal.element.find(f"{W}pPr/{W}ind")
    assert (ind.get(f"{W}firstLineChars"), ind.get(f"{W}firstLine")) == ("200", "640")  # two characters
    title = document.styles["Title"]
    assert east_asia_font(document, "Title") == "FZXiaoBiaoSong-B05S"
    assert title.font.size.pt == 22 and title.paragraph_format.alignment == 1 and not title.font.bold  # 二号, centred
    want = {
        "Heading 1": ("SimHei", False),  # 一、 黑体
        "Heading 2": ("KaiTi_GB2312", False),  # （一） 楷体
        "Heading 3": ("FangSong_GB2312", True),  # 1. 仿宋, bold
        "Heading 4": ("FangSong_GB2312", False),  # (1) 仿宋
    }
    for name, (font, bold) in want.items():
        style = document.styles[name]
        assert east_asia_font(document, name) == font, name
        assert style.font.size.pt == 16 and bool(style.font.bold) is bold and not style.font.italic, name
        assert (style.paragraph_format.space_before.pt, style.paragraph_format.space_after.pt) == (0, 0), name
        assert rpr(document, name, "color").get(f"{W}val") == "000000", name
    assert document.styles["Footer"].font.size.pt == 14  # 四号
    assert east_asia_font(document, "Footer") == "SimSun"
    fonts = part(data, "word/fontTable.xml")
    for alt in (
        "\u4eff\u5b8b_GB2312",
        "\u65b9\u6b63\u5c0f\u6807\u5b8b\u7b80\u4f53",
        "\u6977\u4f53_GB2312",
        "\u9ed1\u4f53",
    ):
        assert f'w:altName w:val="{alt}"' in fonts  # 仿宋_GB2312, 方正小标宋简体, 楷体_GB2312, 黑体
    got = [(p.style.name, p.text) for p in document.paragraphs[:5]]
    assert got == [("Title", TITLE)] + [(f"Heading {n}", b.text) for n, b in enumerate(chinese().blocks[1:5], 1)]


def test_gongwen_page_numbers_on_the_outside_edge() -> None:
    document = read(write_with(chinese(), style="gongwen"))
    assert document.settings.odd_and_even_pages_header_footer  # w:evenAndOddHeaders
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and odd.paragraph_format.right_indent.pt == 16  # right, one character in
    assert even.alignment == 0 and even.paragraph_format.left_indent.pt == 16  # left, one character in
    for paragraph in (odd, even):
        assert paragraph.text == "\u2014 1 \u2014"  # — 1 — (the field's last result)
        assert [el.text for el in paragraph._p.iter(f"{W}instrText")] == [" PAGE "]


def test_gongwen_is_reproducible_and_differs_from_the_default() -> None:
    first, second = write_with(chinese(), style="gongwen"), write_with(chinese(), style="gongwen")
    assert first == second
    assert first != write(chinese(), "docx")


def test_gongwen_on_a_non_chinese_document_warns_and_writes_the_default_style() -> None:
    options = Options(writer_options={"docx": DocxOptions(style="gongwen")})
    (warning,) = DocxWriter().warnings_for(english(), options)
    assert "gongwen" in warning and "not en" in warning and "written in the default style" in warning
    assert DocxWriter().warnings_for(chinese(), options) == ()
    assert DocxWriter().warnings_for(english(), Options()) == ()
    assert write_with(english(), style="gongwen") == write(english(), "docx")


def test_gongwen_warning_from_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_text("# Annual Report\n\nWords in a sentence of the report, in English.\n", encoding="utf-8")
    result = run_cli("convert", source, "-t", "docx", "-o", tmp_path / "out", "--style", "gongwen")
    assert result.exit_code == 0, result.output
    assert f"warning: {source}: style gongwen (GB/T 9704) is for Chinese documents" in result.stderr
    assert (tmp_path / "out" / "report.docx").is_file()


def test_gongwen_and_a_reference_are_one_usage_error(tmp_path: Path) -> None:
    import docx

    reference = tmp_path / "ref.docx"
    docx.Document().save(str(reference))
    with pytest.raises(ConversionError, match="cannot be combined with a reference DOCX"):
        DocxOptions.parse({"style": "gongwen", "reference": str(reference)})
    with pytest.raises(ConversionError, match="cannot be combined with page letter"):
        DocxOptions.parse({"style": "gongwen", "page": "letter"})
    source = tmp_path / "a.md"
    source.write_text("# T\n\nText.\n", encoding="utf-8")
    args = [
        "convert",
        source,
        "-t",
        "docx",
        "-o",
        tmp_path / "out",
        "--style",
        "gongwen",
        "--reference-docx",
        reference,
    ]
    result = run_cli(*args)
    assert result.exit_code == 2
    assert "cannot be combined with a reference DOCX" in result.stderr
    assert not (tmp_path / "out").exists()  # before any file is converted


# ------------------------------------------------------------------ --reference-docx


def test_a_reference_keeps_its_page_and_footer(tmp_path: Path) -> None:
    import docx

    reference = tmp_path / "ref.docx"
    docx.Document().save(str(reference))  # python-docx's template: US Letter, no footer
    document = read(write_with(chinese(), reference=reference))
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(215.9, abs=0.1)
    assert section.footer.is_linked_to_previous  # no footer of ours
    assert rpr(document, "Heading 1", "color").get(f"{W}themeColor") == "accent1"  # its styles untouched
    asked = read(write_with(chinese(), reference=reference, page="a4")).sections[0]  # asked for: paper only
    assert asked.page_width.mm == pytest.approx(210, abs=0.1)
    assert asked.left_margin == section.left_margin


def test_a_broken_reference_is_still_one_usage_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    source = tmp_path / "a.md"
    source.write_text("# T\n\nText.\n", encoding="utf-8")
    result = run_cli("convert", source, "-t", "docx", "-o", tmp_path / "out", "--reference-docx", broken)
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if "cannot use reference DOCX" in line]
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ LibreOffice


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The DOCX of each case laid out by LibreOffice: ONE soffice run, a private profile."""
    soffice = require("soffice")
    folder = tmp_path_factory.mktemp("house-styles")
    profile = tmp_path_factory.mktemp("lo-profile")
    cases = {
        "default-zh": write(chinese("zh"), "docx"),
        "gongwen-zh": write_with(chinese("zh"), style="gongwen"),
        "default-en-us": write(english("en-US", 6), "docx"),
    }
    for name, data in cases.items():
        (folder / f"{name}.docx").write_bytes(data)
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        + ["--convert-to", "pdf", "--outdir", str(folder)]
        + [str(folder / f"{name}.docx") for name in cases],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    for name in cases:
        assert (folder / f"{name}.pdf").is_file(), f"LibreOffice did not convert {name}: {proc.stdout}{proc.stderr}"
    return {name: folder / f"{name}.pdf" for name in cases}


def lines(page: Any) -> list[tuple[float, list[dict[str, Any]]]]:
    """The page's characters grouped into lines by their top, top to bottom."""
    found: dict[int, list[dict[str, Any]]] = {}
    for char in page.chars:
        found.setdefault(round(char["top"]), []).append(char)
    return [(top, sorted(found[top], key=lambda c: c["x0"])) for top in sorted(found)]


def text(chars: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in chars).replace(" ", "")


@pytest.mark.parametrize(("case", "size"), [("default-zh", (595, 842)), ("gongwen-zh", (595, 842))])
def test_libreoffice_lays_out_a4_with_page_numbers(pdfs: dict[str, Path], case: str, size: tuple[int, int]) -> None:
    import pdfplumber

    with pdfplumber.open(pdfs[case]) as pdf:
        assert len(pdf.pages) >= 3
        for number, page in enumerate(pdf.pages[:3], 1):
            assert (round(page.width), round(page.height)) == size
            *_, (top, last) = lines(page)
            assert top > page.height * 0.85  # in the footer
            want = str(number) if case == "default-zh" else f"\u2014{number}\u2014"  # — 2 —
            assert text(last) == want, (number, text(last))
            middle = (last[0]["x0"] + last[-1]["x1"]) / 2
            if case == "default-zh":
                assert middle == pytest.approx(page.width / 2, abs=3)  # centred
            else:  # odd pages on the right, even pages on the left, one 16 pt character in
                edge = last[-1]["x1"] if number % 2 else last[0]["x0"]
                want_edge = page.width - (26 * 72 / 25.4) - 16 if number % 2 else 28 * 72 / 25.4 + 16
                assert edge == pytest.approx(want_edge, abs=2), number


def test_libreoffice_lays_out_us_english_on_letter(pdfs: dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(pdfs["default-en-us"]) as pdf:
        assert len(pdf.pages) >= 2
        page = pdf.pages[1]
        assert (round(page.width), round(page.height)) == (612, 792)
        assert text(lines(page)[-1][1]) == "2"


def test_libreoffice_sets_gongwen_22_lines_of_28_characters_in_a_cjk_font(pdfs: dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(pdfs["gongwen-zh"]) as pdf:
        pages = [lines(page)[:-1] for page in pdf.pages]  # without the footer
    plain = [body for body in pages if all(set(text(chars)) <= set(PLAIN) for _, chars in body)]
    assert plain, "no page of PLAIN text only"
    body = plain[0]
    assert len(body) == 22
    assert [len(text(chars)) for _, chars in body[:-1]] == [28] * 21
    tops = [top for top, _ in body]
    assert {round(b - a) for a, b in itertools.pairwise(tops)} <= {28, 29, 30}  # the 579-twip grid
    fonts = {c["fontname"] for _, chars in body for c in chars}
    assert fonts and all("CJK" in f for f in fonts), fonts  # FangSong_GB2312 -> a Noto CJK substitute
    assert {round(c["size"]) for _, chars in body for c in chars} == {16}
