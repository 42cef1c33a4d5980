"""Text input: tables and lists read whole from plain text and Markdown (issue 14)."""

from __future__ import annotations

from convert.app.pipeline import clean
from convert.app.session import Session
from convert.app.testing import registry_with
from convert.core.contracts import Options, Source
from convert.core.model import Document, ListBlock, Table
from convert.readers.markdown import MarkdownReader
from convert.readers.text import TextReader
from convert.steps.lists import PlainLists


def _txt(text: str) -> Document:
    return TextReader().read(Source(name="t.txt", data=text.encode()), Options())


def _listed(text: str) -> Document:
    """Plain text as read, then the ``plain-lists`` step (lists are read after the furniture
    steps, so that a sidebar's bulleted info bar is cleaned away first)."""
    return PlainLists().run(_txt(text), None)  # type: ignore[arg-type]


def _md(text: str) -> Document:
    return MarkdownReader().read(Source(name="t.md", data=text.encode()), Options())


def _of(doc: Document, kind: type) -> list:
    return [s for s in doc.structures if isinstance(s, kind)]


ALIGNED = (
    "The county spent its budget as follows, in full detail for every office.\n"
    "Table 1 Budget by office\n"
    "Office      Budget    Staff\n"
    "Roads       12        30\n"
    "Schools     140       8\n"
    "Health      9         1200\n"
    "\n"
    "After the table the text goes on.\n"
)


def test_whitespace_aligned_table_with_caption() -> None:
    doc = _txt(ALIGNED)
    (table,) = _of(doc, Table)
    assert table.caption == "Table 1 Budget by office"
    assert table.header_rows == 1
    assert table.grid() == [
        ["Office", "Budget", "Staff"],
        ["Roads", "12", "30"],
        ["Schools", "140", "8"],
        ["Health", "9", "1200"],
    ]
    assert table.origins[0].line == 2
    assert [line.text for line in doc.lines] == [ALIGNED.splitlines()[0], "After the table the text goes on."]
    out = clean(doc, Session.create(registry_with(), Options()))
    assert [b.kind for b in out.blocks].count("table") == 1


def test_tab_separated_and_cjk_table() -> None:
    text = "\u9879\u76ee\t\u91d1\u989d\n\u9053\u8def\t12\n\u5b66\u6821\t30\n"
    (table,) = _of(_txt(text), Table)
    assert table.grid()[2] == ["\u5b66\u6821", "30"]


def test_unaligned_or_short_runs_are_not_tables() -> None:
    prose = "One sentence ends here.  Another starts after two spaces.\nShort  line\nA longer line  with words\n"
    assert not _of(_txt(prose), Table)
    two_rows = "Office      Budget\nRoads       12\n\nText.\n"
    assert not _of(_txt(two_rows), Table)


def test_plain_bulleted_and_numbered_lists() -> None:
    text = "Things to do:\n- mend roads\n- build schools\n  \u2022 big ones first\n- hire staff\n\nSteps:\n1. plan\n2) build\n"
    doc = _listed(text + "\n\u2022 one\n\u2022 two\n")
    lists = _of(doc, ListBlock)
    assert len(lists) == 2  # "1. plan" / "2) build" differ in style: no list
    first, second = lists
    assert [(i.text, i.depth) for i in first.items] == [
        ("mend roads", 0),
        ("build schools", 0),
        ("big ones first", 1),
        ("hire staff", 0),
    ]
    assert not first.ordered and [i.text for i in second.items] == ["one", "two"]
    assert any(line.text == "1. plan" for line in doc.lines)
    assert not _of(_txt(text), ListBlock)  # (the reader leaves lists to the step)


def test_numbered_list_needs_sequence_and_short_items() -> None:
    doc = _listed("1. plan\n2. build\n3. open\n")
    (lst,) = _of(doc, ListBlock)
    assert lst.ordered and lst.start == 1 and [i.marker for i in lst.items] == ["1.", "2.", "3."]
    assert not _of(_listed("1. plan\n3. build\n"), ListBlock)
    long_items = "1. " + "word " * 30 + "\n2. " + "word " * 30 + "\n"
    assert not _of(_listed(long_items), ListBlock)


def test_chinese_numbered_parts_stay_paragraphs() -> None:
    text = (
        "\u4e00\u3001\u603b\u4f53\u8981\u6c42\n\u4e8c\u3001\u4e3b\u8981\u4efb\u52a1\n"
        "\uff08\u4e00\uff09\u52a0\u5f3a\u9886\u5bfc\n\uff08\u4e8c\uff09\u843d\u5b9e\u8d23\u4efb\n"
        "1\uff0e\u5efa\u7acb\u673a\u5236\n2\uff0e\u5b8c\u5584\u5236\u5ea6\n"
        "1.\u52a0\u5f3a\u7ec4\u7ec7\n2.\u5f3a\u5316\u4fdd\u969c\n"
        "1. \u65b0\u5efa\u4e66\u623f\n2. \u5f00\u5c55\u57f9\u8bad\n"
    )
    doc = _listed(text)
    assert not doc.structures
    assert len(doc.lines) == 10


def test_markdown_pipe_table_and_lists() -> None:
    text = (
        "---\ntitle: T\n---\n\n# T\n\nIntro.\n\nTable: Budget\n\n"
        "| Office | Budget |\n|---|---:|\n| Roads | 12 |\n| a \\| b | x<br>y |\n\n"
        "- one\n- two\n  1. sub\n  2. subb\n- three\n  continued\n\nAfter.\n"
    )
    doc = _md(text)
    (table,) = _of(doc, Table)
    assert table.caption == "Budget" and table.header_rows == 1
    assert table.grid() == [["Office", "Budget"], ["Roads", "12"], ["a | b", "x\ny"]]
    (lst,) = _of(doc, ListBlock)
    assert [(i.text, i.depth, i.ordered) for i in lst.items] == [
        ("one", 0, False),
        ("two", 0, False),
        ("sub", 1, True),
        ("subb", 1, True),
        ("three continued", 0, False),
    ]
    assert [line.text for line in doc.lines] == ["T", "Intro.", "After."]
    out = clean(doc, Session.create(registry_with(), Options()))
    assert [b.kind for b in out.blocks] == ["title", "paragraph", "table", "list", "paragraph"]


def test_markdown_single_item_and_escaped_number_are_not_confused() -> None:
    doc = _md("# T\n\n1\\. Not a list item.\n\n---\n\n- only item\n")
    (lst,) = _of(doc, ListBlock)
    assert [i.text for i in lst.items] == ["only item"]
    assert any(line.text == "1. Not a list item." for line in doc.lines)
