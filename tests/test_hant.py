"""Traditional Chinese tagged right (detection from the characters, the source's declared
region, the writers' language tags and fonts) and the ``to-simplified`` / ``to-traditional``
steps (``--to-simplified``, ``--to-traditional``, ``--traditional-variant``) with OpenCC."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEV, need_shared
from lxml import etree
from tools import epubcheck_jar, in_ci, run_epubcheck, write

from convert.app.cli import cli
from convert.app.pipeline import clean, read
from convert.app.plugins import build_registry
from convert.app.session import Session
from convert.app.sync import fingerprint
from convert.app.testing import convert_text
from convert.core import hanconv
from convert.core.contracts import Context, ConversionError, Options, Source
from convert.core.language import guess_language, han_script, script_counts
from convert.core.model import Block, Document, Figure, Footnote, ListItem, Metadata, Origin, make_list, make_table
from convert.core.rules import RuleSet
from convert.steps.to_simplified import ToSimplified
from convert.steps.to_traditional import ToTraditional
from convert.writers._outline import is_traditional, language_tag

# A speech's title, a heading and two paragraphs (dev gold dev-zh-01), in Simplified (_S) and
# as OpenCC s2t gives them in Traditional (_T) characters.
TITLE_S = "\u5728\u5168\u5e02\u4f18\u5316\u8425\u5546\u73af\u5883\u5de5\u4f5c\u63a8\u8fdb\u4f1a\u4e0a\u7684\u8bb2\u8bdd"
TITLE_T = "\u5728\u5168\u5e02\u512a\u5316\u71df\u5546\u74b0\u5883\u5de5\u4f5c\u63a8\u9032\u6703\u4e0a\u7684\u8b1b\u8a71"
HEADING_S = (
    "\u4e00\u3001\u770b\u6e05\u5dee\u8ddd\uff0c\u589e\u5f3a\u4f18\u5316\u8425\u5546\u73af\u5883\u7684\u7d27\u8feb\u611f"
)
HEADING_T = (
    "\u4e00\u3001\u770b\u6e05\u5dee\u8ddd\uff0c\u589e\u5f37\u512a\u5316\u71df\u5546\u74b0\u5883\u7684\u7dca\u8feb\u611f"
)
PARA1_S = "\u8425\u5546\u73af\u5883\u5c31\u662f\u751f\u4ea7\u529b\uff0c\u5c31\u662f\u7ade\u4e89\u529b\u3002\u4eca\u5929\u53ec\u5f00\u8fd9\u6b21\u63a8\u8fdb\u4f1a\uff0c\u76ee\u7684\u5c31\u662f\u8fdb\u4e00\u6b65\u7edf\u4e00\u601d\u60f3\u3001\u660e\u786e\u4efb\u52a1\u3001\u538b\u5b9e\u8d23\u4efb\uff0c\u63a8\u52a8\u5168\u5e02\u8425\u5546\u73af\u5883\u5b9e\u73b0\u65b0\u7684\u66f4\u5927\u7a81\u7834\u3002\u521a\u624d\uff0c\u5e02\u53d1\u5c55\u6539\u9769\u59d4\u901a\u62a5\u4e86\u4e00\u5b63\u5ea6\u8425\u5546\u73af\u5883\u8bc4\u4ef7\u60c5\u51b5\uff0c\u4e09\u4e2a\u533a\u548c\u4e24\u5bb6\u4f01\u4e1a\u4f5c\u4e86\u53d1\u8a00\uff0c\u8bb2\u5f97\u5f88\u5b9e\u5728\uff0c\u5927\u5bb6\u8981\u8ba4\u771f\u5b66\u4e60\u501f\u9274\u3002\u4e0b\u9762\uff0c\u6211\u8bb2\u4e09\u4e2a\u65b9\u9762\u7684\u610f\u89c1\u3002"
PARA1_T = "\u71df\u5546\u74b0\u5883\u5c31\u662f\u751f\u7522\u529b\uff0c\u5c31\u662f\u7af6\u722d\u529b\u3002\u4eca\u5929\u53ec\u958b\u9019\u6b21\u63a8\u9032\u6703\uff0c\u76ee\u7684\u5c31\u662f\u9032\u4e00\u6b65\u7d71\u4e00\u601d\u60f3\u3001\u660e\u78ba\u4efb\u52d9\u3001\u58d3\u5be6\u8cac\u4efb\uff0c\u63a8\u52d5\u5168\u5e02\u71df\u5546\u74b0\u5883\u5be6\u73fe\u65b0\u7684\u66f4\u5927\u7a81\u7834\u3002\u525b\u7e94\uff0c\u5e02\u767c\u5c55\u6539\u9769\u59d4\u901a\u5831\u4e86\u4e00\u5b63\u5ea6\u71df\u5546\u74b0\u5883\u8a55\u50f9\u60c5\u6cc1\uff0c\u4e09\u500b\u5340\u548c\u5169\u5bb6\u4f01\u696d\u4f5c\u4e86\u767c\u8a00\uff0c\u8b1b\u5f97\u5f88\u5be6\u5728\uff0c\u5927\u5bb6\u8981\u8a8d\u771f\u5b78\u7fd2\u501f\u9451\u3002\u4e0b\u9762\uff0c\u6211\u8b1b\u4e09\u500b\u65b9\u9762\u7684\u610f\u898b\u3002"
PARA2_S = "\u53bb\u5e74\u4ee5\u6765\uff0c\u5168\u5e02\u4e0a\u4e0b\u56f4\u7ed5\u201c\u5ba1\u6279\u6700\u5c11\u3001\u6d41\u7a0b\u6700\u4f18\u3001\u6548\u7387\u6700\u9ad8\u3001\u670d\u52a1\u6700\u597d\u201d\u7684\u76ee\u6807\uff0c\u63a8\u51fa\u4e86\u4e00\u7cfb\u5217\u6539\u9769\u4e3e\u63aa\uff0c\u53d6\u5f97\u4e86\u521d\u6b65\u6210\u6548\u3002\u4f01\u4e1a\u5f00\u529e\u65f6\u95f4\u7531\u539f\u6765\u76848.5\u4e2a\u5de5\u4f5c\u65e5\u538b\u7f29\u52303\u4e2a\u5de5\u4f5c\u65e5\uff0c\u5de5\u4e1a\u6295\u8d44\u9879\u76ee\u5ba1\u6279\u65f6\u95f4\u538b\u7f29\u4e8640%\u4ee5\u4e0a\uff0c\u5168\u5e02\u65b0\u589e\u5e02\u573a\u4e3b\u4f532.6\u4e07\u6237\uff0c\u540c\u6bd4\u589e\u957f18.3%\u3002"
PARA2_T = "\u53bb\u5e74\u4ee5\u4f86\uff0c\u5168\u5e02\u4e0a\u4e0b\u570d\u7e5e\u201c\u5be9\u6279\u6700\u5c11\u3001\u6d41\u7a0b\u6700\u512a\u3001\u6548\u7387\u6700\u9ad8\u3001\u670d\u52d9\u6700\u597d\u201d\u7684\u76ee\u6a19\uff0c\u63a8\u51fa\u4e86\u4e00\u7cfb\u5217\u6539\u9769\u8209\u63aa\uff0c\u53d6\u5f97\u4e86\u521d\u6b65\u6210\u6548\u3002\u4f01\u696d\u958b\u8fa6\u6642\u9593\u7531\u539f\u4f86\u76848.5\u500b\u5de5\u4f5c\u65e5\u58d3\u7e2e\u52303\u500b\u5de5\u4f5c\u65e5\uff0c\u5de5\u696d\u6295\u8cc7\u9805\u76ee\u5be9\u6279\u6642\u9593\u58d3\u7e2e\u4e8640%\u4ee5\u4e0a\uff0c\u5168\u5e02\u65b0\u589e\u5e02\u5834\u4e3b\u9ad42.6\u842c\u6236\uff0c\u540c\u6bd4\u589e\u957718.3%\u3002"
SIMPLIFIED = "\n\n".join([TITLE_S, PARA1_S, HEADING_S, PARA2_S])
TRADITIONAL = "\n\n".join([TITLE_T, PARA1_T, HEADING_T, PARA2_T])
ENGLISH = "The council decided last year to rebuild the bridge over the river and to enlarge the harbour. " * 3
# "This is a Japanese sentence. Today the weather is good." (with kanji 語 and 気)
JAPANESE = (
    "\u3053\u308c\u306f\u65e5\u672c\u8a9e\u306e\u6587\u3067\u3059\u3002\u4eca\u65e5\u306f\u5929\u6c17\u304c\u3044\u3044\u3067\u3059\u306d\u3002"
    * 4
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def html_page(lang: str | None, title: str, *paragraphs: str) -> str:
    attr = f' lang="{lang}"' if lang else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html{attr}><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def front_matter(language: str | None, text: str) -> str:
    head = f"---\nlanguage: {language}\n---\n\n" if language else ""
    return head + "# " + text


@pytest.fixture(scope="module")
def reg():  # type: ignore[no-untyped-def]
    return build_registry(load_entry_points=False)


@pytest.fixture
def need_opencc() -> None:
    """Skip (fail under CI, which installs the dev extra) when OpenCC is not installed."""
    if not hanconv.available():
        message = "OpenCC is not installed (pip install 'docconv[opencc]')"
        if in_ci():
            pytest.fail(f"{message}; CI is set, so this is an error", pytrace=False)
        pytest.skip(message)


def converting(step: str, variant: str | None = None) -> Options:
    settings = {hanconv.VARIANT_SETTING: variant} if variant else {}
    return Options(enabled_steps=frozenset({step}), settings=settings)


# ---------------------------------------------------------------- detection


def test_the_characters_tell_the_script() -> None:
    assert han_script(PARA1_T + PARA2_T) == "Hant"
    assert han_script(PARA1_S + PARA2_S) == "Hans"
    simp, trad = script_counts(PARA1_T)
    assert simp == 0 and trad > 20
    assert han_script(TITLE_T) is None  # short: too few telling characters
    assert han_script(PARA1_S + PARA1_T) is None  # mixed
    assert han_script(ENGLISH) is None


def test_traditional_text_is_zh_hant_and_simplified_stays_zh() -> None:
    assert guess_language(TRADITIONAL) == "zh-Hant"
    assert guess_language(SIMPLIFIED) == "zh"
    assert guess_language(TITLE_T) == "zh"  # short Traditional text: stay with zh
    assert guess_language(PARA1_S + PARA1_T) == "zh"  # mixed
    assert guess_language(JAPANESE) == "ja"
    assert guess_language(ENGLISH) == "en"


@pytest.mark.parametrize(
    ("text", "declared", "tag"),
    [
        (TRADITIONAL, "zh-TW", "zh-TW"),
        (TRADITIONAL, "zh-hk", "zh-HK"),
        (TRADITIONAL, "zh_Hant_MO", "zh-Hant-MO"),
        (TITLE_T, "zh-HK", "zh-HK"),  # short text: the source's region is taken
        (TRADITIONAL, "zh-CN", "zh-Hant"),  # a template's zh-CN on Traditional text: the text wins
        (TRADITIONAL, "en", "zh-Hant"),  # a template's lang="en": a hint only
        (SIMPLIFIED, "zh-TW", "zh"),  # clearly Simplified text is not tagged Taiwanese
        (SIMPLIFIED, "zh-CN", "zh"),
        (ENGLISH, "zh-TW", "en"),
    ],
)
def test_the_declared_language_names_the_region(text: str, declared: str, tag: str) -> None:
    assert guess_language(text, declared) == tag


@pytest.mark.parametrize(
    ("name", "data", "language"),
    [
        ("a.txt", TRADITIONAL, "zh-Hant"),
        ("a.txt", SIMPLIFIED, "zh"),
        ("a.html", html_page("zh-TW", TITLE_T, PARA1_T, PARA2_T), "zh-TW"),
        ("a.html", html_page("zh-HK", TITLE_T, PARA1_T, PARA2_T), "zh-HK"),
        ("a.html", html_page("zh-CN", TITLE_T, PARA1_T, PARA2_T), "zh-Hant"),
        ("a.html", html_page("en", TITLE_T, PARA1_T, PARA2_T), "zh-Hant"),
        ("a.html", html_page(None, TITLE_T, PARA1_T, PARA2_T), "zh-Hant"),
        ("a.html", html_page("zh-TW", TITLE_S, PARA1_S, PARA2_S), "zh"),
        ("a.md", front_matter(None, TRADITIONAL), "zh-Hant"),
        ("a.md", front_matter("zh-HK", TRADITIONAL), "zh-HK"),
        ("a.md", front_matter("zh", TRADITIONAL), "zh-Hant"),  # a bare zh is told apart
        ("a.md", front_matter("zh", SIMPLIFIED), "zh"),
        ("a.md", front_matter("zh-CN", SIMPLIFIED), "zh-CN"),
    ],
)
def test_inputs_are_tagged(reg, name: str, data: str, language: str) -> None:  # type: ignore[no-untyped-def]
    assert convert_text(data, name=name, registry=reg).meta.language == language


def test_html_reader_keeps_the_declared_language_as_a_hint(reg) -> None:  # type: ignore[no-untyped-def]
    page = html_page("zh-TW", TITLE_T, PARA1_T).encode("utf-8")
    doc = read(Source(name="a.html", data=page), reg)
    assert doc.meta.language is None and dict(doc.meta.extra)["lang"] == "zh-TW"
    bogus = html_page("not a tag!", TITLE_T, PARA1_T).encode("utf-8")
    assert "lang" not in dict(read(Source(name="a.html", data=bogus), reg).meta.extra)


# ---------------------------------------------------------------- writers


@pytest.mark.parametrize(
    ("language", "tag", "traditional"),
    [
        ("zh-Hant", "zh-TW", True),
        ("zh-TW", "zh-TW", True),
        ("zh-HK", "zh-HK", True),
        ("zh-Hant-HK", "zh-HK", True),
        ("zh-Hant-MO", "zh-MO", True),
        ("zh", "zh-CN", False),
        ("zh-Hans", "zh-CN", False),
        ("zh-SG", "zh-SG", False),
        ("en", "en", False),
    ],
)
def test_language_tag(language: str, tag: str, traditional: bool) -> None:
    doc = Document(meta=Metadata(language=language), blocks=(Block(kind="paragraph", text=PARA1_T),))
    assert language_tag(doc) == tag
    assert is_traditional(doc) is traditional


def docx_languages(data: bytes) -> set[str]:
    """Every East Asian language a DOCX's styles and settings name."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/styles.xml") + z.read("word/settings.xml")
    return set(re.findall(rb'w:eastAsia="(zh[^"]*)"', xml))  # type: ignore[arg-type]


def epub_parts(data: bytes) -> tuple[etree._Element, etree._Element, str, etree._Element]:
    """(the OPF, the first chapter, the CSS, the navigation document) of an EPUB."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        chapter = etree.fromstring(z.read("EPUB/chapter-001.xhtml"))
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        return opf, chapter, z.read("EPUB/style/book.css").decode("utf-8"), nav


@pytest.mark.parametrize(
    ("name", "data", "tag", "fonts"),
    [
        ("a.txt", TRADITIONAL, "zh-TW", "TC"),
        ("a.html", html_page("zh-HK", TITLE_T, PARA1_T, PARA2_T), "zh-HK", "HK"),
        ("a.txt", SIMPLIFIED, "zh-CN", "SC"),
    ],
)
def test_writers_tag_and_set_the_script(reg, name: str, data: str, tag: str, fonts: str) -> None:  # type: ignore[no-untyped-def]
    import docx

    doc = convert_text(data, name=name, registry=reg)
    front = write(doc, "md").decode("utf-8").split("---")[1]
    assert f"language: {doc.meta.language}\n" in front

    docx_bytes = write(doc, "docx")
    assert docx_languages(docx_bytes) == {tag.encode()}
    document = docx.Document(io.BytesIO(docx_bytes))
    assert document.styles["Normal"].element.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == tag
    assert document.core_properties.language == tag

    opf, chapter, css, nav = epub_parts(write(doc, "epub"))
    assert opf.findtext(".//dc:language", namespaces=OPF) == tag
    assert chapter.get(XML_LANG) == tag and chapter.get("lang") == tag
    assert f"Noto Serif CJK {fonts}" in css and f"Noto Sans CJK {fonts}" in css
    other = {"TC", "HK", "SC"} - {fonts, "TC"} if fonts == "HK" else {"TC", "HK", "SC"} - {fonts}
    assert not any(f"CJK {o}" in css for o in other)  # no fonts of the other script
    contents = "\u76ee\u9304" if fonts != "SC" else "\u76ee\u5f55"  # 目錄 / 目录
    assert "".join(nav.itertext()).strip().startswith(contents)


def test_traditional_epub_passes_epubcheck(reg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if epubcheck_jar() is None and not __import__("shutil").which("epubcheck"):
        pytest.skip("epubcheck is not installed")
    path = tmp_path / "hant.epub"
    path.write_bytes(write(convert_text(TRADITIONAL, name="a.txt", registry=reg), "epub"))
    fatals, errors, _warnings, output = run_epubcheck(path)
    assert fatals == 0 and errors == 0, output


# ---------------------------------------------------------------- conversion


def gold_text(name: str = "dev-zh-01.md") -> str:
    return need_shared(DEV / "gold" / name).read_text(encoding="utf-8")


@pytest.mark.usefixtures("need_opencc")
@pytest.mark.parametrize(("variant", "tag"), [("standard", "zh-Hant"), ("tw", "zh-TW"), ("hk", "zh-HK")])
@pytest.mark.parametrize("gold", ["dev-zh-01.md", "dev-zh-03.md"])
def test_simplified_traditional_simplified_round_trip(reg, gold: str, variant: str, tag: str) -> None:  # type: ignore[no-untyped-def]
    source = gold_text(gold)
    plain = convert_text(source, name="g.md", registry=reg)
    hant = convert_text(source, name="g.md", registry=reg, options=converting("to-traditional", variant))
    assert hant.meta.language == tag
    simp, trad = script_counts(hant.body_text)
    assert simp == 0 and trad > 300  # no Simplified-only character is left
    assert hant.body_text != plain.body_text and len(hant.body_text) == len(plain.body_text)
    assert guess_language(hant.body_text) == "zh-Hant"
    # written as Markdown and read back by docconv (front matter language: zh-TW...), then back
    markdown = write(hant, "md").decode("utf-8")
    assert f"language: {tag}\n" in markdown
    back = convert_text(markdown, name="t.md", registry=reg, options=converting("to-simplified"))
    assert back.meta.language == "zh-Hans"
    assert back.body_text == plain.body_text  # exact: OpenCC's s2t/t2s pair is exact on it
    assert (back.meta.title, back.meta.author) == (plain.meta.title, plain.meta.author)
    assert [b.kind for b in back.blocks] == [b.kind for b in plain.blocks]


@pytest.mark.usefixtures("need_opencc")
def test_every_structure_is_converted_with_one_change_per_block() -> None:
    s2t = hanconv.converter("s2t")
    table = make_table(
        [[HEADING_S[:6], "2024"], [PARA1_S[:12], PARA2_S[:10]]], header_rows=1, caption=TITLE_S, origins=(Origin(5),)
    )
    items = (ListItem(text=PARA1_S[:20], marker="1."), ListItem(text=PARA2_S[:20], marker="2.", depth=1))
    blocks = (
        Block(kind="title", text=TITLE_S, level=1, origins=(Origin(1),)),
        Block(kind="heading", text=HEADING_S, level=2, origins=(Origin(2),)),
        Block(kind="paragraph", text=PARA1_S, origins=(Origin(3),)),
        Block(kind="paragraph", text="Plain English stays as it is.", origins=(Origin(4),)),
        table,
        make_list(items, ordered=True, origins=(Origin(6),)),
        Figure(text=HEADING_S, caption=HEADING_S, alt=TITLE_S, origins=(Origin(7),)),
        Footnote(text=PARA2_S, marker="1", origins=(Origin(8),)),
    )
    author = "\u53bf\u4eba\u5927\u5e38\u59d4\u4f1a\u529e\u516c\u5ba4"  # 县人大常委会办公室
    doc = Document(meta=Metadata(title=TITLE_S, author=author, language="zh"), blocks=blocks)
    out = ToTraditional().run(doc, Context(options=Options(), rules=RuleSet()))

    assert out.meta.language == "zh-Hant" and out.meta.title == TITLE_T and out.meta.author == s2t(author)
    assert [b.text for b in out.blocks[:3]] == [TITLE_T, HEADING_T, PARA1_T]
    assert out.blocks[3] is blocks[3]  # nothing to convert: the same block
    new_table = out.blocks[4]
    assert new_table.caption == TITLE_T and new_table.header_rows == 1
    assert [[c.text for c in row] for row in new_table.rows] == [
        [s2t(HEADING_S[:6]), "2024"],
        [s2t(PARA1_S[:12]), s2t(PARA2_S[:10])],
    ]
    assert new_table.text == s2t(table.text)
    new_list = out.blocks[5]
    assert [(i.text, i.depth, i.marker) for i in new_list.items] == [
        (s2t(PARA1_S[:20]), 0, "1."),
        (s2t(PARA2_S[:20]), 1, "2."),
    ]
    assert new_list.ordered and new_list.text == s2t(blocks[5].text)
    assert (out.blocks[6].caption, out.blocks[6].alt, out.blocks[6].text) == (HEADING_T, TITLE_T, HEADING_T)
    assert out.blocks[7].text == s2t(PARA2_S) and out.blocks[7].marker == "1"
    assert [type(b) for b in out.blocks] == [type(b) for b in blocks]
    assert [b.origins for b in out.blocks] == [b.origins for b in blocks]
    # one change per changed block, with its origin (the title's change is its block's), and
    # one for the author, which no block holds
    assert [c.origin for c in out.changes] == [*(Origin(n) for n in (1, 2, 3, 5, 6, 7, 8)), None]
    assert all(c.step == "to-traditional" and "OpenCC s2t" in c.reason for c in out.changes)
    assert out.changes[2].before == PARA1_S and out.changes[2].after == PARA1_T
    assert (out.changes[-1].before, out.changes[-1].after) == (author, s2t(author))
    back = ToSimplified().run(out, Context(options=Options(), rules=RuleSet()))
    assert [b.text for b in back.blocks] == [b.text for b in blocks] and back.meta.language == "zh-Hans"


@pytest.mark.usefixtures("need_opencc")
def test_metadata_without_a_block_is_recorded_too() -> None:
    author = "\u53bf\u4eba\u5927\u5e38\u59d4\u4f1a\u529e\u516c\u5ba4"
    doc = Document(
        meta=Metadata(title=TITLE_S, author=author, language="zh"),
        blocks=(Block(kind="paragraph", text=PARA1_S, origins=(Origin(3),)),),
    )
    out = ToTraditional().run(doc, Context(options=Options(), rules=RuleSet()))
    assert [(c.before, c.origin) for c in out.changes] == [(PARA1_S, Origin(3)), (TITLE_S, None), (author, None)]
    assert out.changes[1].reason.endswith("(the title)") and out.changes[2].reason.endswith("(the author)")


@pytest.mark.usefixtures("need_opencc")
def test_regional_sources_and_japanese() -> None:
    ctx = Context(options=Options(settings={hanconv.VARIANT_SETTING: "tw"}), rules=RuleSet())
    hk = Document(
        meta=Metadata(language="zh-HK"), blocks=(Block(kind="paragraph", text=hanconv.converter("s2hk")(PARA2_S)),)
    )
    tw = ToTraditional().run(hk, ctx)
    assert tw.meta.language == "zh-TW" and tw.blocks[0].text == hanconv.converter("s2tw")(PARA2_S)
    assert "hk2t+s2tw" in tw.changes[0].reason
    assert ToSimplified().run(tw, ctx).blocks[0].text == PARA2_S
    japanese = Document(meta=Metadata(language="ja"), blocks=(Block(kind="paragraph", text=JAPANESE),))
    assert ToTraditional().run(japanese, ctx) is japanese
    assert ToSimplified().run(japanese, ctx) is japanese
    english = Document(meta=Metadata(language="en"), blocks=(Block(kind="paragraph", text="A " + PARA1_S[:8]),))
    converted = ToTraditional().run(english, ctx)
    assert converted.meta.language == "en" and converted.blocks[0].text == "A " + hanconv.converter("s2tw")(PARA1_S[:8])


@pytest.mark.usefixtures("need_opencc")
def test_the_step_shows_in_the_pipeline_trace(reg) -> None:  # type: ignore[no-untyped-def]
    session = Session.create(reg, converting("to-traditional", "hk"))
    trace: list = []
    doc = clean(read(Source(name="a.txt", data=SIMPLIFIED.encode("utf-8")), session), session, trace=trace)
    [run] = [r for r in trace if r.step == "to-traditional"]
    assert run.changed == len([c for c in doc.changes if c.step == "to-traditional"]) >= 4
    assert doc.meta.language == "zh-HK"
    assert "to-simplified" not in [r.step for r in trace]  # off by default
    plain: list = []
    clean(read(Source(name="a.txt", data=SIMPLIFIED.encode("utf-8")), reg), Session.create(reg), trace=plain)
    assert not {"to-simplified", "to-traditional"} & {r.step for r in plain}


def test_a_missing_opencc_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    hanconv.converter.cache_clear()
    monkeypatch.setitem(sys.modules, "opencc", None)  # import opencc -> ImportError
    try:
        doc = Document(meta=Metadata(language="zh"), blocks=(Block(kind="paragraph", text=PARA1_S),))
        with pytest.raises(ConversionError, match=re.escape("pip install 'docconv[opencc]'")):
            ToTraditional().run(doc, Context(options=Options(), rules=RuleSet()))
    finally:
        hanconv.converter.cache_clear()


# ---------------------------------------------------------------- command line


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def simplified_file(tmp_path: Path) -> Path:
    path = tmp_path / "notice.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    return path


@pytest.mark.usefixtures("need_opencc")
def test_convert_to_traditional(runner: CliRunner, simplified_file: Path, tmp_path: Path) -> None:
    import docx

    out, report = tmp_path / "out", tmp_path / "report.json"
    args = [
        "convert",
        str(simplified_file),
        "--to-traditional",
        "-t",
        "md,docx",
        "-o",
        str(out),
        "--report",
        str(report),
    ]
    result = runner.invoke(cli, [*args, "-j", "1"])
    assert result.exit_code == 0, result.output
    markdown = (out / "notice.md").read_text(encoding="utf-8")
    assert "language: zh-Hant\n" in markdown and f"# {TITLE_T}\n" in markdown and PARA1_T in markdown
    assert docx.Document(str(out / "notice.docx")).core_properties.language == "zh-TW"
    [entry] = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert {c["step"] for c in entry["changes"]} == {"to-traditional"}
    assert any(c["after"] == PARA1_T for c in entry["changes"])

    result = runner.invoke(cli, ["clean", str(simplified_file), "--to-traditional", "--traditional-variant", "hk"])
    assert result.exit_code == 0, result.output
    assert "language: zh-HK\n" in result.stdout and hanconv.converter("s2hk")(PARA2_S) in result.stdout

    result = runner.invoke(cli, ["inspect", str(simplified_file), "--to-traditional", "--no-color"])
    assert result.exit_code == 0, result.output
    assert re.search(r"(?m)^\s*l3 \u00b6 .*<- to-traditional changed$", result.stdout), result.stdout


@pytest.mark.usefixtures("need_opencc")
def test_clean_to_simplified(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "hant.html"
    path.write_text(html_page("zh-TW", TITLE_T, PARA1_T, PARA2_T), encoding="utf-8")
    result = runner.invoke(cli, ["clean", str(path), "--to-simplified"])
    assert result.exit_code == 0, result.output
    assert "language: zh-Hans\n" in result.stdout and PARA1_S in result.stdout and PARA2_S in result.stdout


@pytest.mark.parametrize("command", ["convert", "clean", "inspect", "sync"])
@pytest.mark.parametrize(
    "flags",
    [
        ["--to-simplified", "--to-traditional"],
        ["--step", "to-simplified", "--to-traditional"],
        ["--step", "to-simplified", "--step", "to-traditional"],
    ],
)
def test_both_conversions_are_a_usage_error(
    runner: CliRunner, simplified_file: Path, tmp_path: Path, command: str, flags: list[str]
) -> None:
    args = {
        "convert": ["convert", str(simplified_file), "-o", str(tmp_path / "out")],
        "clean": ["clean", str(simplified_file)],
        "inspect": ["inspect", str(simplified_file)],
        "sync": ["sync", str(simplified_file.parent), str(tmp_path / "dest")],
    }[command]
    result = runner.invoke(cli, [*args, *flags])
    assert result.exit_code == 2, result.output
    assert "--to-simplified and --to-traditional exclude each other" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "dest").exists()


def test_a_variant_needs_to_traditional(runner: CliRunner, simplified_file: Path) -> None:
    result = runner.invoke(cli, ["clean", str(simplified_file), "--traditional-variant", "tw"])
    assert result.exit_code == 2 and "--traditional-variant needs --to-traditional" in result.output
    result = runner.invoke(cli, ["clean", str(simplified_file), "--to-traditional", "--traditional-variant", "xx"])
    assert result.exit_code == 2 and "xx" in result.output


def test_missing_opencc_is_a_usage_error_before_any_file(
    runner: CliRunner, simplified_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hanconv, "available", lambda: False)
    result = runner.invoke(cli, ["convert", str(simplified_file), "--to-simplified", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--to-simplified needs the OpenCC library" in result.output and "docconv[opencc]" in result.output
    assert not (tmp_path / "out").exists()
    assert runner.invoke(cli, ["clean", str(simplified_file)]).exit_code == 0  # nothing asked, nothing needed


def test_sync_converts_again_when_the_variant_changes(reg) -> None:  # type: ignore[no-untyped-def]
    writers = [reg.writer("md")]
    plain = fingerprint(reg, Options(), writers)
    tw = fingerprint(reg, converting("to-traditional", "tw"), writers)
    hk = fingerprint(reg, converting("to-traditional", "hk"), writers)
    assert len({plain, tw, hk}) == 3
    assert fingerprint(reg, dataclasses.replace(Options(), settings={}), writers) == plain
