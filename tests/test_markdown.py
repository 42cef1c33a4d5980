"""Markdown output: escaping keeps text as text, front matter is valid YAML-ish."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from convert.core.model import Block, Document, Metadata
from convert.readers.markdown import blocks, split_front_matter, unescape
from convert.readers.markdown.provenance import take_notices
from convert.writers.markdown import escape, render

md = MarkdownIt("commonmark")


def rendered_text(markdown: str) -> str:
    """The text a CommonMark renderer shows for one paragraph (no tags, entities decoded)."""
    tokens = md.parse(markdown)
    inline = [t for t in tokens if t.type == "inline"]
    assert len(inline) == 1, tokens
    children = inline[0].children or []
    assert all(c.type in ("text", "softbreak") for c in children), [c.type for c in children]
    return "".join(c.content for c in children)


@pytest.mark.parametrize(
    "text",
    [
        "\u662f*\u4eba\u5927\u4e8b\u4e1a\u53d1\u5c55\u7684*\u65b0\u76ee\u6807",
        "**not bold** and _not em_ and `not code`",
        "# not a heading",
        "1. not a list",
        "- not a bullet",
        "> not a quote",
        "[not](a link) <b>not html</b> &amp; &copy;",
        "back\\slash and trailing #",
    ],
)
def test_escaped_text_renders_as_itself(text: str) -> None:
    assert rendered_text(escape(text)) == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40))
def test_any_text_survives_escaping(text: str) -> None:
    text = " ".join(text.split())
    if not text:
        return
    assert unescape(escape(text)) == text


def test_render_front_matter_title_and_blocks() -> None:
    doc = Document(
        meta=Metadata(title="A: title", date="2024-01-12", language="zh", pages=6, truncated=True),
        blocks=(
            Block(kind="title", text="A: title", level=1),
            Block(kind="heading", text="\u4e00\u3001\u5b9a\u76ee\u6807", level=2),
            Block(kind="paragraph", text="\u6b63\u6587*"),
        ),
    )
    out = render(doc)
    fields, body, _ = split_front_matter(out)
    assert fields == {"title": "A: title", "date": "2024-01-12", "language": "zh", "pages": "6", "truncated": "true"}
    assert out.count("\n# ") == 1
    body, warnings = take_notices(body, unescape)  # (the truncation notice at the end: not text)
    assert "docconv:notice truncated" in out and not warnings
    assert [b[1:] for b in blocks(body)] == [
        (1, "A: title"),
        (2, "\u4e00\u3001\u5b9a\u76ee\u6807"),
        (None, "\u6b63\u6587*"),
    ]
