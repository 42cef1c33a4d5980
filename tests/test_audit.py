"""docconv inspect: every input line is shown with its fate; none is unaccounted."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import DEV, SEED, need_shared

from convert.app.audit import audit
from convert.app.cli import cli
from convert.app.inputs import load_source
from convert.app.pipeline import clean, read_source
from convert.core.contracts import Options


def test_seed_inspect_shows_every_removed_line_with_reason() -> None:
    seed = need_shared(SEED / "speech.scraped.txt")
    result = CliRunner().invoke(cli, ["inspect", str(seed), "--no-color"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ("VIP\u4e13\u514d", "\u4fb5\u6743\u6295\u8bc9", "\u5c55\u5f00>>", "gongwentangkf"):
        lines = [x for x in out.splitlines() if text in x]
        assert lines and all(" -  " in x and "<- " in x for x in lines)  # removed, with the reason
    assert "UNACCOUNTED" not in out and "\x1b[" not in out
    assert "truncated preview" in out


def test_inspect_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "a.txt"
    src.write_text("\u6807\u9898\u4e00\u4e2a\u8bb2\u8bdd\nVIP\u4e13\u514d\n\u6b63\u6587\u3002\n", encoding="utf-8")
    data = json.loads(CliRunner().invoke(cli, ["inspect", str(src), "--json"]).stdout)
    assert [row["status"] for row in data["lines"]] == ["title", "removed", "paragraph"]


@pytest.mark.parametrize("pattern", ["*.txt"])
def test_no_dev_input_line_is_unaccounted(pattern: str, registry) -> None:  # type: ignore[no-untyped-def]
    for path in sorted(need_shared(DEV / "inputs").glob(pattern)):
        raw = read_source(load_source(path), registry, Options())
        rows = audit(raw, clean(raw, registry, Options()))
        assert [r for r in rows if r.status == "unaccounted"] == [], path.name
        assert len(rows) >= len(raw.lines)


def test_a_reader_removal_at_a_kept_lines_origin_does_not_hide_that_line(registry) -> None:  # type: ignore[no-untyped-def]
    """A PDF page's watermark is recorded at the page's first line: the audit lists it on
    its own and still shows that first line kept."""
    from convert.core.model import Document, Line, Origin, Removal

    first = Origin(line=1, page=3)
    raw = Document(
        lines=(Line(text="The board met on Monday.", origin=first),),
        removals=(Removal(text="DRAFT", step="pdf-reader", kind="watermark", reason="light text", origin=first),),
    )
    rows = audit(raw, clean(raw, registry, Options()))
    assert [(r.text, r.status) for r in rows] == [("The board met on Monday.", "paragraph"), ("DRAFT", "removed")]


def test_a_removal_marks_only_its_own_line_where_lines_share_an_origin(registry) -> None:  # type: ignore[no-untyped-def]
    """Two blocks of a web page on one source line: the ad's label removed there left the
    paragraph beside it marked removed in the audit (and counted), though the output kept it."""
    from convert.core.model import Document, Line, Origin

    texts = (
        "The harbour board met on Monday to review the dredging of the inner basin and agreed to publish the costs.",
        "Engineers from the council surveyed the breakwater in March and found that several blocks had shifted.",
        "ADVERTISEMENT",
        "The fishing fleet reported a better season than expected, with landings up by a tenth on the year.",
    )
    origins = (Origin(line=1), Origin(line=2), Origin(line=2), Origin(line=3))
    raw = Document(lines=tuple(Line(text=t, origin=o, blank_before=True) for t, o in zip(texts, origins, strict=True)))
    rows = audit(raw, clean(raw, registry, Options()))
    assert [(r.text, r.status) for r in rows if r.status == "removed"] == [("ADVERTISEMENT", "removed")]
    assert (texts[1], "paragraph") in [(r.text, r.status) for r in rows]


def test_a_title_and_its_first_paragraph_on_one_source_line_each_show_as_what_they_are(registry) -> None:  # type: ignore[no-untyped-def]
    """A minified page's title and the paragraphs after it share a source line: the audit
    showed every one of them as the last block starting there (the title as a paragraph)."""
    from convert.readers.html import HtmlReader

    para = "The harbour board met on Monday to review the dredging of the inner basin and agreed to publish the costs."
    page = (
        "<html><head><title>Harbour costs</title></head><body><article><h1>Harbour costs</h1>"
        f"<p>{para}</p><p>{para.replace('Monday', 'Tuesday')}</p></article></body></html>"
    )
    from convert.core.contracts import Source

    raw = HtmlReader().read(Source(name="page.html", data=page.encode()), Options())
    rows = audit(raw, clean(raw, registry, Options()))
    shown = [(r.text[:20], r.status) for r in rows if r.status != "removed"]
    assert shown == [
        ("Harbour costs", "title"),
        (para[:20], "paragraph"),
        (para[:20].replace("Monday", "Tuesday"), "paragraph"),
    ]
