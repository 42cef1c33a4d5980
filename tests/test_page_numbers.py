"""Bare numbers in a paged document: a page number sits at its page's edge and follows the
page count; inside a page, a number at the text's size is the document's (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from convert.app.pipeline import clean
from convert.app.plugins import build_registry
from convert.core.contracts import Options
from convert.core.model import Document, Line, Origin

SENTENCE = "The committee reviewed the figures below and approved them at its meeting in March."


def pages(*pages: list[str | tuple[str, float]]) -> Document:
    """A paged document: each page a list of lines, a line ``text`` (at 10 pt) or ``(text, size)``."""
    lines = []
    for number, page in enumerate(pages, start=1):
        for i, item in enumerate(page, start=1):
            text, size = item if isinstance(item, tuple) else (item, 10.0)
            lines.append(Line(text=text, origin=Origin(line=i, page=number), size=size))
    return Document(lines=tuple(lines))


def removed(doc: Document) -> list[str]:
    return [r.text for r in clean(doc, build_registry(), Options()).removals]


def test_a_tables_figures_read_line_by_line_inside_a_page_are_kept() -> None:
    """A research report's figures, one per line in the middle of its page: no page numbers
    (before, every one went as a "lone page number")."""
    figures = ["120", "96", "240", "88", "300"]
    doc = pages([SENTENCE, "Revenue by region", *figures, SENTENCE], [SENTENCE, SENTENCE])
    assert not set(figures) & set(removed(doc))


def test_a_transcripts_line_numbers_still_go() -> None:
    numbered = [x for n in range(2, 12) for x in (str(n), SENTENCE)]
    doc = pages(numbered, numbered)
    gone = removed(doc)
    assert all(str(n) in gone for n in range(2, 12))


def test_a_footnotes_small_mark_inside_a_page_still_goes() -> None:
    doc = pages([SENTENCE, "that a single sensor gave a high angle of", ("4", 6.0), "attack reading.", SENTENCE])
    assert "4" in removed(doc)


def test_numbers_closing_pages_go_when_they_follow_the_page_count() -> None:
    doc = pages([SENTENCE, SENTENCE, "47"], [SENTENCE, SENTENCE, "48"], [SENTENCE, SENTENCE, "49"])
    assert removed(doc).count("47") + removed(doc).count("48") + removed(doc).count("49") == 3


def test_a_footer_printing_the_same_number_on_every_page_goes() -> None:
    doc = pages([SENTENCE, SENTENCE, "1"], [SENTENCE, SENTENCE, "1"], [SENTENCE, SENTENCE, "1"])
    assert removed(doc).count("1") == 3


def test_a_tables_last_figure_closing_a_page_whose_number_the_reader_took_stays() -> None:
    from convert.core.model import Removal

    doc = pages([SENTENCE, "Revenue by region", "120", "96", "240"], [SENTENCE, SENTENCE, "Fees", "15", "30", "12"])
    taken = tuple(
        Removal(text=str(p), step="pdf-reader", kind="page-number", reason="", origin=Origin(line=9, page=p))
        for p in (1, 2)
    )
    gone = removed(doc.replace(removals=taken))
    assert not {"120", "96", "240", "15", "30", "12"} & set(gone)


def test_a_table_read_row_by_row_keeps_its_labels_and_full_width_figures() -> None:
    rows = [
        "\u4e1c\u6e56\u533a",
        "\uff11\uff12",
        "\u897f\u6e56\u533a",
        "\uff13\uff17",
        "\u9752\u5c71\u6e56\u533a",
        "45",
    ]
    doc = pages([SENTENCE, *rows, SENTENCE], [SENTENCE, SENTENCE])
    assert not set(rows) & set(removed(doc))


REVIEW20 = Path(__file__).with_name("data") / "review20"
#: per probe PDF: what no block may be (page numbers, a footer line) or begin with
LEAKS = {
    "p02_footer_block.pdf": r"^[1-4]$|Acme Holdings",  # a number above a footer block the reader leaves
    "p03d_condensed_transcript_2up.pdf": r"^\d{1,2}( \d{1,2})*$",  # two transcript pages a sheet: 1..25, 1..25
    "p03e_transcript_blank_numbered_lines.pdf": r"^\d{1,2}( \d{1,2})*$",  # the numbers of blank lines
    "p04b_high_footer_excerpts.pdf": r"^(47|112|300)$",  # excerpts' page numbers above the footer band
    "p04c_high_footer_two_pages_skip.pdf": r"^[59]$",
    "p07_side_margin_number.pdf": r"^[1-4]( |$)",  # a number in the side margin, glued to the text
    "p09_ornamented_markers_midpage.pdf": r"^(- ?\d ?-|\d/3)$",
    "p11_two_column_outer_number.pdf": r"^[1-4]$",  # the outer corner read after column one
}


@pytest.mark.parametrize("name", sorted(LEAKS))
def test_a_twentieth_reviews_page_numbers_stay_out(registry, name: str) -> None:  # type: ignore[no-untyped-def]
    """A twentieth review's PDFs: page numbers a first version of this change kept because
    the reading order put them inside their page, or because they followed no page count."""
    from convert.app.inputs import load_source
    from convert.app.pipeline import convert_source

    doc = convert_source(load_source(REVIEW20 / name), registry, Options())
    leaked = [b.text[:40] for b in doc.blocks if re.search(LEAKS[name], b.text.strip())]
    assert not leaked, leaked


def test_a_twentieth_reviews_table_of_full_width_figures_stays(registry) -> None:  # type: ignore[no-untyped-def]
    from convert.app.inputs import load_source
    from convert.app.pipeline import convert_source

    doc = convert_source(load_source(REVIEW20 / "p10_zh_fullwidth_figures.pdf"), registry, Options())
    body = doc.body_text
    assert all(t in body for t in ("\u4e1c\u6e56\u533a", "\uff11\uff12", "\uff13\uff17", "45"))
