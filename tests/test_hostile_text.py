"""Hostile and damaged text (issue 13 items 5, 7, 15, 16, 17): escaping of titles and
metadata in every output format, declared charsets that lie, damaged UTF-8, terminal
escape sequences in input text and file names, rule files with values of the wrong type."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from tools import write

from convert.app.cli import cli
from convert.core.contracts import Options, Source
from convert.core.model import Block, Document, Metadata
from convert.readers.markdown import MarkdownReader, split_front_matter
from convert.writers.markdown import render

# --- item 5: front matter and titles -------------------------------------------------------

IMG = '<img src=x onerror="alert(1)">'
SCRIPT = "<script>alert(1)</script>"
HOSTILE_TITLES = [
    IMG + " Report",
    SCRIPT,
    "\\" + IMG,  # a backslash before the tag must not cancel its escape
    "`" + SCRIPT + "`{=html}",  # pandoc raw attribute
    "A\r- x\r# H",
    "A\ufffeB\u2028C\u0085D\x1b[2JE\x7f",
    "x: y # z",
    "- item",
    "'quoted'",
    "yes",
]
#: YAML's printable set, on one line (what a front-matter value may hold raw).
YAML_PRINTABLE_LINE = re.compile(
    "[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)


def hostile_doc(title: str, author: str = IMG) -> Document:
    return Document(
        meta=Metadata(title=title, author=author, source=f"{SCRIPT}.html", language="en"),
        blocks=(Block(kind="paragraph", text="Body text."),),
    )


def check_yaml(front: str) -> dict[str, object]:
    """The front matter parsed by PyYAML when it is installed; otherwise each line checked
    against the rules a one-line YAML mapping entry must keep."""
    try:
        import yaml
    except ImportError:
        fields: dict[str, object] = {}
        for line in front.split("\n"):
            assert YAML_PRINTABLE_LINE.fullmatch(line), repr(line)
            key, _, value = line.partition(": ")
            assert re.fullmatch(r"[a-z]+", key), repr(line)
            if value.startswith('"'):
                assert re.fullmatch(r'"(?:[^"\\]|\\["\\/tnr]|\\u[0-9a-f]{4})*"', value), repr(line)
            fields[key] = value
        return fields
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_issue13_item5_front_matter_is_valid_yaml_on_one_line(title: str) -> None:
    out = render(hostile_doc(title))
    assert out.startswith("---\n")
    front = out[4 : out.index("\n---\n", 4)]
    fields = check_yaml(front)
    assert set(fields) == {"title", "author", "source", "language"}
    body = out[out.index("\n---\n", 4) + 5 :]
    # the title is one heading line; nothing in it starts a list, a quote or another heading
    assert [line for line in body.split("\n") if line.startswith("#")] == [
        next(line for line in body.split("\n") if line.startswith("# "))
    ]
    assert not re.search(r"(?m)^(?:[-+*>]|\d+[.)])\s", body)
    assert "\r" not in out and "\ufffe" not in out and "\x1b" not in out


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_issue13_item5_front_matter_reads_back(title: str) -> None:
    """The escapes that keep pandoc from reading markup are removed by docconv's own reader."""
    out = render(hostile_doc(title)).encode("utf-8")
    doc = MarkdownReader().read(Source(name="x.md", data=out), Options())
    expected = " ".join(re.sub("[\r\u2028\u0085]", " ", title).split())
    expected = re.sub("[\ufffe\x1b\x7f]", "", expected)
    assert doc.meta.title == expected
    assert doc.meta.author == IMG
    assert doc.meta.source == f"{SCRIPT}.html"
    fields, _, _ = split_front_matter(out.decode("utf-8"))
    assert "<" not in fields["title"].replace("\\<", "")


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("title", HOSTILE_TITLES[:4])
def test_issue13_item5_pandoc_standalone_emits_no_markup(title: str, tmp_path: Path) -> None:
    md = tmp_path / "doc.md"
    md.write_text(render(hostile_doc(title)), encoding="utf-8")
    result = subprocess.run(
        ["pandoc", "-s", "-f", "markdown", "-t", "html", "--metadata", "pagetitle=x", str(md)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    html = result.stdout.lower()
    assert "<img" not in html and "<script" not in html, html
    assert "onerror" in html  # the text itself is kept, as text


def test_issue13_item5_html_title_and_author_stay_text(tmp_path: Path) -> None:
    """An HTML ``<title>`` and author meta holding entity-escaped markup, converted end to end."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>&lt;img src=x onerror=alert(1)&gt;</title>"
        '<meta name="author" content="&lt;script&gt;alert(1)&lt;/script&gt;"></head><body>'
        + "<p>A paragraph of body text that is long enough to be the document.</p>" * 3
        + "</body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["convert", str(page), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out" / "page.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<(?:img|script)", out), out


def _xml_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".xhtml", ".opf", ".ncx", ".xml"))}


@pytest.mark.parametrize("fmt", ["epub", "docx"])
def test_issue13_item5_epub_and_docx_hold_the_title_as_text(fmt: str) -> None:
    title = SCRIPT + " & <b>co</b>"
    doc = Document(
        meta=Metadata(title=title, author=IMG + " &amp;", source="a.html", language="en"),
        blocks=(Block(kind="title", text=title, level=1), Block(kind="paragraph", text="Body & text.")),
    )
    members = _xml_members(write(doc, fmt))
    assert members
    seen = False
    for name, raw in members.items():
        root = etree.fromstring(raw)  # well-formed XML, or this raises
        names = {etree.QName(e) for e in root.iter() if isinstance(e.tag, str)}
        html = {q.localname for q in names if q.namespace in (None, "http://www.w3.org/1999/xhtml")}
        assert not html & {"script", "img", "b"}, name
        seen = seen or "<script>alert(1)</script> & <b>co</b>" in "".join(root.itertext())
    assert seen


# --- item 15: damaged UTF-8 -----------------------------------------------------------------

ZH = "\u5728\u5e02\u4eba\u5927\u5e38\u59d4\u4f1a\u4e0a\u7684\u8bb2\u8bdd\uff0c\u540c\u5fd7\u4eec\u4eca\u5929\u5f00\u4f1a\u3002\n"


def read_text_file(data: bytes) -> Document:
    from convert.readers.text import TextReader

    return TextReader().read(Source(name="t.txt", data=data), Options())


@pytest.mark.parametrize("cut", [1, 2])
def test_issue13_item15_utf8_cut_mid_character_decodes_with_a_warning(cut: int) -> None:
    data = (ZH * 5).encode("utf-8").rstrip(b"\n")[:-cut]
    doc = read_text_file(data)
    text = "".join(line.text for line in doc.lines)
    assert text.endswith(ZH.strip()[:-1])  # the last whole character kept, the partial one dropped
    assert "\ufffd" not in text
    assert any("ends mid-character" in w and f"{3 - cut} byte" in w for w in doc.warnings), doc.warnings
    assert doc.meta.damaged  # recovered damage is marked, not only warned about


def test_issue13_item15_encoded_surrogate_in_ascii_is_replaced_not_a_code_page() -> None:
    data = b"An ASCII report.\nIt has one bad sequence: \xed\xa0\x80 here.\nThe end.\n"
    doc = read_text_file(data)
    assert doc.lines[1].text == "It has one bad sequence: \ufffd\ufffd\ufffd here."
    assert dict(doc.meta.extra)["encoding"] == "utf-8"
    assert any("3 bytes could not be decoded" in w for w in doc.warnings), doc.warnings
    assert doc.meta.damaged


def test_issue13_item15_stray_byte_in_utf8_chinese_is_replaced_not_refused() -> None:
    data = (ZH * 10).encode("utf-8") + b"\xff" + (ZH * 10).encode("utf-8")
    doc = read_text_file(data)
    assert any("1 byte could not be decoded" in w for w in doc.warnings), doc.warnings
    assert sum(line.text.count("\ufffd") for line in doc.lines) == 1


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_issue13_item15_real_gbk_is_still_gb18030(codec: str) -> None:
    doc = read_text_file((ZH * 20).encode(codec))
    assert dict(doc.meta.extra)["encoding"] == "gb18030"
    assert not doc.warnings
    assert doc.lines[0].text == ZH.strip()
    assert not doc.meta.damaged


def test_issue13_item15_latin1_accents_stay_a_code_page() -> None:
    doc = read_text_file(b"Caf\xe9 cr\xe8me and na\xefve text in a Western code page.\n" * 3)
    assert doc.lines[0].text.startswith("Caf\u00e9 ")  # (which Western code page is a guess)
    assert not doc.warnings


# --- item 7: a declared charset that lies ---------------------------------------------------


def read_html_bytes(data: bytes) -> Document:
    from convert.readers.html import HtmlReader

    return HtmlReader().read(Source(name="p.html", data=data), Options())


def html_page(charset: str, body: str) -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>T</title></head>'
        f"<body><div><p>{body}</p><p>{body}</p></div></body></html>"
    )


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-32"])
@pytest.mark.parametrize("body", [ZH.strip() * 3, "Plain English text of a report, long enough to be read. " * 3])
def test_issue13_item7_wrong_utf16_declaration_on_a_utf8_page_is_overridden(charset: str, body: str) -> None:
    doc = read_html_bytes(html_page(charset, body).encode("utf-8"))
    assert doc.lines[0].text == body.strip()
    assert dict(doc.meta.extra)["encoding"] == "utf-8"
    assert any(f"declares charset {charset}" in w and "ASCII-compatible" in w for w in doc.warnings), doc.warnings


@pytest.mark.parametrize("charset", ["gbk", "windows-1252", "iso-8859-1"])
def test_issue13_item7_valid_utf8_wins_over_a_legacy_declaration(charset: str) -> None:
    body = ZH.strip() * 3
    doc = read_html_bytes(html_page(charset, body).encode("utf-8"))
    assert doc.lines[0].text == body
    assert dict(doc.meta.extra)["encoding"] == "utf-8"
    assert any(f"declares charset {charset}" in w and "utf-8" in w.lower() for w in doc.warnings), doc.warnings


def test_issue13_item7_true_declarations_are_kept_without_warnings() -> None:
    body = ZH.strip() * 3
    doc = read_html_bytes(html_page("gbk", body).encode("gb18030"))
    assert doc.lines[0].text == body and not doc.warnings
    doc = read_html_bytes(html_page("utf-8", body).encode("utf-8"))
    assert doc.lines[0].text == body and not doc.warnings
    latin = "Die Sch\u00e4fer z\u00fcchten hier \u00fcber hundert Rassen, sagt M\u00fcller."
    doc = read_html_bytes(html_page("windows-1252", latin).encode("cp1252"))
    assert doc.lines[0].text == latin and not doc.warnings


# --- item 16: terminal escape sequences -----------------------------------------------------

TITLE_SET = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"


def test_issue13_item16_printable_shows_controls_as_escapes() -> None:
    from convert.app.display import printable

    assert printable(f"a{TITLE_SET}b\nc\u202ed\x9b") == "a\\x1b]0;pwned\\x07b\\nc\\u202ed\\x9b"
    assert printable("\u5728 plain caf\u00e9") == "\u5728 plain caf\u00e9"
    assert printable("bad\udcffname") == "bad\ufffdname"  # (a name that is not UTF-8)


@pytest.mark.parametrize("color", ["--color", "--no-color"])
def test_issue13_item16_inspect_never_sends_input_escapes_to_the_terminal(color: str, tmp_path: Path) -> None:
    src = tmp_path / "doc.txt"
    src.write_text(
        f"Title line{TITLE_SET}\n\nA paragraph {CLEAR}of body text that is long enough to be a paragraph.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["inspect", str(src), color])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x07" not in out
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", out), repr(out)  # only colour (SGR) sequences
    assert "\\x1b]0;pwned\\x07" in out and "\\x1b[2J" in out
    if color == "--color":
        assert "\x1b[" in out  # docconv's own colours are kept


def test_issue13_item16_a_newline_in_a_file_name_forges_no_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "x\ndocconv: error: forged.txt"
    bad.write_bytes(b"")
    esc = tmp_path / f"y{CLEAR}.txt"
    esc.write_bytes(b"")
    result = CliRunner().invoke(cli, ["convert", str(bad), str(esc), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("docconv: error:")]
    assert len(errors) == 2, result.stderr
    assert "\x1b" not in result.stderr
    assert any("x\\ndocconv: error: forged.txt" in line for line in errors)
    assert any("y\\x1b[2J.txt" in line for line in errors)


def test_issue13_item16_fail_escapes_the_file_name(tmp_path: Path) -> None:
    bad = tmp_path / f"x\ndocconv: error: forged{CLEAR}.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["inspect", str(bad)])
    assert result.exit_code != 0
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "\x1b" not in result.stderr and "forged\\x1b[2J.txt" in result.stderr


# --- item 17: rule files with values of the wrong type --------------------------------------

BAD_RULES = {
    "max_chars-string": ('[[line]]\nname = "x"\nmatch = "a"\nmax_chars = "lots"\n', "max_chars", "whole number"),
    "max_chars-huge-float": ('[[line]]\nname = "x"\nmatch = "a"\nmax_chars = 1e400\n', "max_chars", "whole number"),
    "max_chars-zero": ('[[line]]\nname = "x"\nmatch = "a"\nmax_chars = 0\n', "max_chars", "whole number"),
    "max_chars-bool": ('[[line]]\nname = "x"\nmatch = "a"\nmax_chars = true\n', "max_chars", "whole number"),
    "kind-integer": ('[[line]]\nname = "x"\nmatch = "a"\nkind = 5\n', "kind", "string"),
    "where-array": ('[[line]]\nname = "x"\nmatch = "a"\nwhere = ["head"]\n', "where", "string"),
    "name-table": ('[[line]]\nmatch = "a"\nname = {a = 1}\n', "name", "string"),
    "reason-integer": ('[[contact]]\nname = "x"\nsearch = "a"\nreason = 1\n', "reason", "string"),
    "unless_topic-float": ('[[line]]\nname = "x"\nmatch = "a"\nunless_topic = 1.5\n', "unless_topic", "string"),
    "line-not-tables": ('line = "x"\n', "line", "array of tables"),
    "promotion-not-tables": ("promotion = [1, 2]\n", "promotion", "array of tables"),
    "words-not-strings": ("[title_words]\nwords = [1]\n", "title_words", "strings"),
}


@pytest.mark.parametrize("case", list(BAD_RULES))
def test_issue13_item17_bad_rule_value_is_a_usage_error(case: str, tmp_path: Path) -> None:
    text, key, expected = BAD_RULES[case]
    rules = tmp_path / "bad.toml"
    rules.write_text(text, encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(src), "-o", str(tmp_path / "out"), "--rules", str(rules)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "rror" in line]
    assert len(errors) == 1, result.output
    assert "bad.toml" in errors[0] and key in errors[0] and expected in errors[0], errors[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_issue13_item15_markdown_input_cut_mid_character_warns() -> None:
    data = ("---\ntitle: T\n---\n\n" + ZH * 3).encode("utf-8").rstrip(b"\n")[:-1]
    doc = MarkdownReader().read(Source(name="x.md", data=data), Options())
    assert any("ends mid-character" in w for w in doc.warnings), doc.warnings
