"""Inputs from a review of the cleaning: each once lost or glued text."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert.app.inputs import load_source
from convert.app.pipeline import convert_source
from convert.core.contracts import Options
from convert.core.textutil import fold

DATA = Path(__file__).with_name("data") / "review"


def convert(registry, name: str):  # type: ignore[no-untyped-def]
    return convert_source(load_source(DATA / name), registry, Options())


@pytest.mark.parametrize("name", ["ads.txt", "en2.txt", "aspnet.txt", "q2.txt"])
def test_everyday_words_are_not_ads(registry, name: str) -> None:  # type: ignore[no-untyped-def]
    """增加群众, 关注群众, 推进群防群治; "downloaded from", "cookies and cakes", "free
    trial", "copyright office" inside sentences; ASP.NET in a title: all text, kept."""
    doc = convert(registry, name)
    assert doc.removals == ()
    kept = fold((doc.meta.title or "") + doc.body_text)
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        assert fold(line) in kept, line


def test_curly_quotes_keep_english_words_apart(registry) -> None:  # type: ignore[no-untyped-def]
    text = convert(registry, "q2.txt").body_text
    assert "\u201cannual review\u201d document" in text
    assert "\u2018the best in years\u2019 and" in text


def test_signature_date_and_memo_head_are_document_text(registry) -> None:  # type: ignore[no-untyped-def]
    sig = convert(registry, "sig.txt")
    assert sig.blocks[-1].text == "2024\u5e741\u670820\u65e5"
    memo = convert(registry, "memo.txt")
    assert [b.text for b in memo.blocks[:3]] == ["To: All staff", "From: The Director", "Date: 5 March 2024"]
    assert memo.removals == ()


def test_recurring_numbered_subheadings_are_kept(registry) -> None:  # type: ignore[no-untyped-def]
    doc = convert(registry, "rep.txt")
    heads = [(b.level, b.text[:3]) for b in doc.blocks if b.kind == "heading"]
    assert heads.count((3, "\uff08\u4e00\uff09")) == 3 and heads.count((3, "\uff08\u4e8c\uff09")) == 3
    assert doc.meta.title and doc.removals == ()


@pytest.mark.parametrize("name, paragraphs", [("short.html", 5), ("w50.html", 50), ("pre.html", 3)])
def test_short_html_paragraphs_are_text(registry, name: str, paragraphs: int) -> None:  # type: ignore[no-untyped-def]
    doc = convert(registry, name)
    assert sum(1 for b in doc.blocks if b.kind == "paragraph") >= paragraphs


def test_long_paragraph_joins_in_linear_time(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """20,000 wrapped lines of one paragraph (once minutes, quadratic): the result is checked,
    the time is `make bench`'s business."""
    words = "the council reviews each grant and publishes a short report every year"
    src = tmp_path / "long.txt"
    src.write_text("A Long Report\n" + "\n".join([words] * 20000) + ".\n", encoding="utf-8")
    doc = convert_source(load_source(src), registry, Options())
    assert len(doc.blocks) == 2 and doc.blocks[1].text.count("year the council") == 19999
