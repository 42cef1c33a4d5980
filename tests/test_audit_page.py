"""docconv inspect --html: the audit page's structure and escaping, read back with lxml (no
browser; tests/test_audit_browser.py opens it in Chromium)."""

from __future__ import annotations

import base64
import re
import struct
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT

from convert.app.audit import audit
from convert.app.audit_assets import SCRIPT, script_hash
from convert.app.audit_page import PAGE_START, PageFacts, audit_page, edits, line_changes
from convert.app.cli import cli
from convert.app.inputs import load_source
from convert.app.pipeline import clean, read
from convert.app.session import Session
from convert.core.model import Document, order_key

SAMPLES = ROOT / "samples"

#: A scraped text with markup, an event handler, a terminal escape and a bidi override in it.
HOSTILE = (
    "\u6807\u9898<script>alert(1)</script>\u8bb2\u8bdd\n"
    "VIP\u4e13\u514d\n"
    '\u6b63\u6587<img src=x onerror="alert(2)">\u7b2c\u4e00\u6bb5,\u5185\u5bb9"><b>x</b>\u3002\n'
    "\u7b2c\u4e8c\u6bb5\x1b]0;pwned\x07\u6587\u5b57\u202e\u53cd\u5411\u3002\n"
)


def build(path: Path, registry: Any) -> tuple[Document, Document, str]:
    """The document as read, cleaned, and its audit page."""
    session = Session.create(registry)
    source = load_source(path)
    raw = read(source, session)
    doc = clean(raw, session)
    reader = registry.reader_for(source).name
    return raw, doc, audit_page(raw, doc, audit(raw, doc), PageFacts(source=path.name, reader=reader))


def parse(page: str) -> Any:
    import lxml.html

    return lxml.html.document_fromstring(page)


SIMPLE = re.compile(r"([a-z0-9]*)((?:[#.][\w:-]+|\[[\w-]+=\"?[^\]\"]*\"?\])*)")


def xpath(selector: str) -> str:
    """The XPath of a simple CSS selector: descendants of ``tag#id.class[attr=value]``."""
    steps = []
    for part in selector.split():
        m = SIMPLE.fullmatch(part)
        assert m, part
        step = m.group(1) or "*"
        for test in re.findall(r"[#.][\w:-]+|\[[^\]]+\]", m.group(2)):
            if test[0] == "#":
                step += f"[@id='{test[1:]}']"
            elif test[0] == ".":
                step += f"[contains(concat(' ', normalize-space(@class), ' '), ' {test[1:]} ')]"
            else:
                key, value = test[1:-1].split("=", 1)
                step += f"[@{key}='{value.strip(chr(34))}']"
        steps.append(step)
    return ".//" + "//".join(steps)


def by_class(tree: Any, selector: str) -> list[Any]:
    """The elements under ``tree`` a simple CSS selector picks (lxml's cssselect needs a
    package docconv does not otherwise use)."""
    return tree.xpath(xpath(selector))


def png(width: int = 4, height: int = 3) -> bytes:
    """A small red PNG."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def structured_html() -> str:
    """A saved web page with navigation, a table, a list, a figure and a footer."""
    uri = "data:image/png;base64," + base64.b64encode(png()).decode()
    return f"""<!DOCTYPE html><html lang="en"><head><title>Quarterly figures</title></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></nav>
<article><h1>Quarterly figures</h1>
<p>The council published its quarterly figures today. The numbers below show spending by department
for the first quarter of the year, compared with the same period last year.</p>
<table><caption>Table 1: Spending</caption><thead><tr><th>Department</th><th>2023</th><th>2024</th></tr></thead>
<tbody><tr><td>Roads</td><td>12</td><td>14</td></tr>
<tr><td>Schools &lt;script&gt;alert(3)&lt;/script&gt;</td><td>30</td><td>31</td></tr></tbody></table>
<p>Three points stand out from the figures and are explained in the notes that follow this table.</p>
<ul><li>Roads spending rose by two million.</li><li>Schools spending was flat.</li></ul>
<figure><img src="{uri}" alt="A red chart"><figcaption>Figure 1: Spending chart</figcaption></figure>
<p>The full report is available from the council offices on request, and comments are welcome.</p>
</article><footer>Copyright 2024 Example Council. All rights reserved.</footer></body></html>"""


def test_speech_page_shows_every_line_removal_block_and_fact(registry) -> None:  # type: ignore[no-untyped-def]
    raw, doc, page = build(SAMPLES / "speech.txt", registry)
    assert page.startswith(PAGE_START)
    tree = parse(page)
    rows = by_class(tree, "#input .ln")
    assert len(rows) == len(raw.lines)  # a text input: one row per line read
    removed = by_class(tree, "#input .ln.s-removed")
    assert len(removed) == len(doc.removals) == 15
    by_line = sorted(doc.removals, key=lambda r: order_key(r.origin))  # the rows are in input order
    for row, removal in zip(removed, by_line, strict=True):
        assert row.get("id") == str(removal.origin)
        assert removal.reason in row.get("title") and removal.step in row.get("title")
        assert by_class(row, ".why")[0].text_content() == removal.kind  # the visible kind badge
    # each removal kind has its own colour class, named in the legend with its count
    kinds = Counter(r.kind for r in doc.removals)
    legend = {li.find("b").text_content(): li.get("class") for li in by_class(tree, "#kinds li")}
    assert set(legend) == set(kinds) and len(set(legend.values())) == len(kinds)
    for row, removal in zip(removed, by_line, strict=True):
        assert legend[removal.kind] in row.get("class").split()
    # the clean result: one numbered block per output block, linked to its first input line
    blocks = by_class(tree, "#output .blk")
    assert len(blocks) == len(doc.blocks) == 11
    ids = {el.get("id") for el in tree.iter() if el.get("id")}
    for n, (el, block) in enumerate(zip(blocks, doc.blocks, strict=True), 1):
        assert el.get("id") == f"b{n}" and el.get("data-b") == str(n)
        assert by_class(el, "a.src")[0].get("href") == f"#{block.origins[0]}"
        lines = by_class(tree, f'#input .ln[data-b="{n}"]')
        assert [row.get("id") for row in lines] == [str(o) for o in block.origins]
    assert tree.find(".//h1[@id='b1']").text_content().endswith(doc.meta.title)
    # every in-page link lands somewhere, and ids are unique
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)
    all_ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(all_ids) == len(set(all_ids))
    # header: reader, language, title, date, pages, the counts, the warning
    facts = {d.find("dt").text_content(): d.find("dd").text_content() for d in by_class(tree, "dl.facts div")}
    assert facts["reader"] == "text" and facts["language"] == "zh" and facts["date"] == "2024-01-12"
    assert facts["title"] == doc.meta.title and facts["pages"] == "2 of 6 present"
    summary = tree.get_element_by_id("summary").text_content()
    assert "15 removed" in summary and f"{len(doc.changes)} change(s)" in summary and "0 unaccounted" in summary
    warnings = [li.text_content() for li in by_class(tree, "#warnings li")]
    assert warnings == list(doc.warnings) and "truncated preview" in warnings[0]
    assert len(by_class(tree, ".filters input[type=radio]")) == 5


def test_changed_characters_are_marked_with_before_and_after(registry) -> None:  # type: ignore[no-untyped-def]
    raw, doc, page = build(SAMPLES / "speech.txt", registry)
    tree = parse(page)
    row = tree.get_element_by_id("l9")  # "...\u63d0\u51fa,\u5404\u7ea7..." : the comma made full width
    assert "chg" in row.get("class").split()
    marks = by_class(row, "mark")
    assert [m.text_content() for m in marks] == [","]
    assert "\u2018,\u2019 \u2192 \u2018\uff0c\u2019" in marks[0].get("title")
    title = row.get("title")
    assert "punctuation" in title and "before: " in title and "after: " in title
    line = next(x.text for x in raw.lines if str(x.origin) == "l9")
    assert line.replace(",", "\uff0c") in title
    # every changed line is marked, and only the changed characters are
    changes = line_changes(raw, doc)
    assert len(by_class(tree, "#input .ln.chg")) == len(changes) > 20
    assert {m.text_content() for m in by_class(tree, "#input mark")} <= set(",:;()?!")
    assert all("\u2192" in m.get("title") for m in by_class(tree, "#input mark"))


def test_hostile_text_is_shown_as_text(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "<img src=x onerror=alert(9)>.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    _, doc, page = build(src, registry)
    tree = parse(page)
    assert len(by_class(tree, "#output .blk")) == len(doc.blocks) == 2
    scripts = list(tree.iter("script"))
    assert [s.text for s in scripts] == [SCRIPT]  # only docconv's own script
    assert not [(el.tag, k) for el in tree.iter() for k in el.attrib if k.lower().startswith("on")]
    assert not list(tree.iter("img")) and not tree.findall(".//b[@class]")
    csp = tree.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert f"script-src {script_hash()}" in csp and "default-src 'none'" in csp
    shown = tree.get_element_by_id("input").text_content()
    assert "<script>alert(1)</script>" in shown and '<img src=x onerror="alert(2)">' in shown
    assert "\\x1b]0;pwned\\x07" in shown and "\\u202e" in shown  # visible escapes
    assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page
    assert tree.find(".//h1").text_content() == src.name
    assert tree.find(".//title").text_content() == f"docconv audit: {src.name}"
    assert '<img src=x onerror="alert(2)">' in tree.get_element_by_id("output").text_content()


def test_structures_are_shown_as_tables_lists_and_figures(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "figures.html"
    src.write_text(structured_html(), encoding="utf-8")
    raw, doc, page = build(src, registry)
    tree = parse(page)
    assert len(raw.structures) == 3
    left = by_class(tree, "#input .ln.s-structure")
    assert len(left) == 3
    assert len(by_class(tree, "#input .struct table")) == 1 and len(by_class(tree, "#input .struct ul li")) == 2
    assert not by_class(tree, "#input img")  # the image is shown once, on the right
    right = by_class(tree, "#output .blk")
    assert len(right) == len(doc.blocks)
    assert len(by_class(tree, "#output table th")) == 3 and len(by_class(tree, "#output table tbody tr")) == 2
    images = by_class(tree, "#output figure img")
    assert len(images) == 1 and images[0].get("src").startswith("data:image/png;base64,")
    assert base64.b64decode(images[0].get("src").split(",", 1)[1]) == png()
    assert images[0].get("alt") == "A red chart"
    # each structure row is numbered like its output block
    for row in left:
        n = int(row.get("data-b"))
        assert doc.blocks[n - 1].kind in ("table", "list", "figure")
    # the reader's removals (navigation, footer) are rows of their own
    assert Counter(r.get("title").split(" as ")[1].split(":")[0] for r in by_class(tree, ".s-removed")) == Counter(
        r.kind for r in doc.removals
    )
    assert "Schools <script>alert(3)</script>" in by_class(tree, "#output table")[0].text_content()


def test_pdf_page_shows_pages_and_reader_removals(registry) -> None:  # type: ignore[no-untyped-def]
    raw, doc, page = build(SAMPLES / "speech-site.pdf", registry)
    tree = parse(page)
    assert [p.text_content() for p in by_class(tree, "#input .page")] == ["page 1", "page 2", "page 3"]
    assert tree.get_element_by_id("p1:l2") is not None
    removed = by_class(tree, "#input .ln.s-removed")
    assert len(removed) == len(doc.removals) == len(raw.removals)  # all dropped by the PDF reader
    assert {r.get("title").split(" step")[0] for r in removed} == {"removed by the pdf-reader"}
    assert len(by_class(tree, "#output .blk")) == len(doc.blocks)


def test_edits_and_line_changes() -> None:
    assert edits("a,b,c", "a\uff0cb\uff0cc") == [(1, 2, 1, 2), (3, 4, 3, 4)]
    assert edits("ab\x1bcd", "abcd") == [(2, 3, 2, 2)]
    assert edits("same", "same") == []
    from convert.core.model import Block, Change, Line, Origin

    lines = (Line(text="\u4e00,\u4e8c", origin=Origin(1)), Line(text="\u4e09,\u56db", origin=Origin(2)))
    raw = Document(lines=lines)
    block = Block(kind="paragraph", text="\u4e00\uff0c\u4e8c\u4e09\uff0c\u56db", origins=(Origin(1), Origin(2)))
    change = Change(step="punctuation", reason="made full width", before="\u4e00,\u4e8c\u4e09,\u56db", after=block.text)
    doc = Document(blocks=(block,), changes=(dataclass_replace(change, origin=Origin(1)),))
    found = line_changes(raw, doc)
    assert [(o.line, c.marks[0][:2], c.after) for o, c in found.items()] == [
        (1, (1, 2), "\u4e00\uff0c\u4e8c"),
        (2, (1, 2), "\u4e09\uff0c\u56db"),
    ]


def dataclass_replace(obj: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(obj, **changes)


def test_ten_thousand_lines_build_fast(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    body = (SAMPLES / "speech.txt").read_text(encoding="utf-8").splitlines()
    lines = (body * (10000 // len(body) + 1))[:10000]
    src = tmp_path / "big.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    session = Session.create(registry)
    raw = read(load_source(src), session)
    doc = clean(raw, session)
    rows = audit(raw, doc)
    start = time.perf_counter()
    page = audit_page(raw, doc, rows, PageFacts(source="big.txt"))
    assert time.perf_counter() - start < 5  # about 0.4 s here
    assert page.count('<div class="ln ') == 10000


# ----------------------------------------------------------------------------- the command


def test_cli_writes_the_page_atomically_and_replaces_only_its_own(tmp_path: Path) -> None:
    runner = CliRunner()
    src = tmp_path / "speech.txt"
    src.write_bytes((SAMPLES / "speech.txt").read_bytes())
    out = tmp_path / "audit.html"
    result = runner.invoke(cli, ["inspect", str(src), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the page replaces the text listing
    first = out.read_text(encoding="utf-8")
    assert first.startswith(PAGE_START) and len(by_class(parse(first), "#output .blk")) == 11
    again = runner.invoke(cli, ["inspect", str(src), "--html", str(out), "--no-step", "punctuation"])
    assert again.exit_code == 0 and out.read_text(encoding="utf-8") != first  # an earlier page is replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.html", "speech.txt"]  # no temporary file left
    # never over the input, nor over a file docconv did not write
    before = src.read_bytes()
    refused = runner.invoke(cli, ["inspect", str(src), "--html", str(src)])
    assert refused.exit_code == 2 and "--html names the input" in refused.stderr and src.read_bytes() == before
    other = tmp_path / "saved.html"
    other.write_text("<html><body>a saved page</body></html>", encoding="utf-8")
    kept = runner.invoke(cli, ["inspect", str(src), "--html", str(other)])
    assert kept.exit_code == 2 and "is not a docconv audit page" in kept.stderr
    assert other.read_text(encoding="utf-8") == "<html><body>a saved page</body></html>"
    folder = runner.invoke(cli, ["inspect", str(src), "--html", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    blocked = runner.invoke(cli, ["inspect", str(src), "--html", str(src / "a.html")])  # a file is in the way
    assert blocked.exit_code == 1 and "cannot write the audit page: Not a directory" in blocked.stderr
    assert "Traceback" not in blocked.output
    made = runner.invoke(cli, ["inspect", str(src), "--html", str(tmp_path / "new" / "a.html")])
    assert made.exit_code == 0 and (tmp_path / "new" / "a.html").is_file()  # folders are made


def test_cli_html_to_stdout_and_with_json(tmp_path: Path) -> None:
    import json

    runner = CliRunner()
    src = SAMPLES / "speech.txt"
    to_stdout = runner.invoke(cli, ["inspect", str(src), "--html", "-"])
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith(PAGE_START)
    both_stdout = runner.invoke(cli, ["inspect", str(src), "--html", "-", "--json"])
    assert both_stdout.exit_code == 2 and "both write to stdout" in both_stdout.stderr
    out = tmp_path / "a.html"
    with_json = runner.invoke(cli, ["inspect", str(src), "--html", str(out), "--json"])
    assert with_json.exit_code == 0
    assert len(json.loads(with_json.stdout)["lines"]) == 90 and out.read_text(encoding="utf-8").startswith(PAGE_START)
    stdin = runner.invoke(cli, ["inspect", "-", "--html", "-"], input=HOSTILE)
    assert stdin.exit_code == 0 and "&lt;script&gt;alert(1)&lt;/script&gt;" in stdin.stdout


@pytest.mark.parametrize("name", ["speech.txt", "speech-site.pdf", "speech-site.html"])
def test_no_row_is_unaccounted_in_the_samples(name: str, registry) -> None:  # type: ignore[no-untyped-def]
    _, _, page = build(SAMPLES / name, registry)
    tree = parse(page)
    assert not by_class(tree, ".s-unaccounted")
    assert "0 unaccounted" in tree.get_element_by_id("summary").text_content()
