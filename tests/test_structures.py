"""Tables, figures, lists and footnotes as first-class blocks (issue 14): the model and how
the pipeline carries them (never cleaned away as furniture, placed in reading order, never
joined across)."""

from __future__ import annotations

from convert.app.audit import audit
from convert.app.pipeline import clean
from convert.app.session import Session
from convert.app.testing import registry_with
from convert.core.contracts import Options
from convert.core.model import (
    Cell,
    Document,
    Figure,
    Footnote,
    Line,
    ListItem,
    Metadata,
    Origin,
    Table,
    make_list,
    make_table,
)


def _session() -> Session:
    return Session.create(registry_with(), Options())


def test_table_grid_fills_spans() -> None:
    table = make_table([[Cell(text="a", rowspan=2), Cell(text="b", colspan=2)], ["c", "d"]], header_rows=1)
    assert table.columns == 3
    assert table.grid() == [["a", "b", ""], ["", "c", "d"]]
    assert table.spanned
    assert table.text == "a\tb\nc\td"
    assert table.kind == "table" and isinstance(table, Table)


def test_list_text_has_markers_and_depth() -> None:
    items = [ListItem(text="one", marker="1.", ordered=True), ListItem(text="sub", depth=1, marker="-")]
    block = make_list(items, ordered=True)
    assert block.text == "1. one\n  - sub"
    assert block.kind == "list"


def _doc_with_table() -> Document:
    lines = (
        Line(text="A report on the budget of the county for the year, in full detail and with", origin=Origin(1)),
        Line(text="figures for every office.", origin=Origin(2)),
        Line(text="The table below was read whole by the reader and must stay.", origin=Origin(4)),
        Line(text="After the table the text goes on in a new paragraph of its own.", origin=Origin(9)),
    )
    table = make_table([["Office", "Budget"], ["Roads", "12"], ["Schools", "30"]], header_rows=1, origins=(Origin(5),))
    note = Footnote(text="Figures in millions.", marker="1", origins=(Origin(12),), ref=Origin(4))
    return Document(meta=Metadata(language="en"), lines=lines, structures=(table, note))


def test_structures_survive_cleaning_in_reading_order() -> None:
    doc = clean(_doc_with_table(), _session())
    kinds = [b.kind for b in doc.blocks]
    assert "table" in kinds and "footnote" in kinds
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.grid()[1] == ["Roads", "12"]
    texts = [b.text for b in doc.blocks]
    at = kinds.index("table")
    assert texts[at - 1].startswith("The table below")
    assert texts[at + 1].startswith("After the table")  # not joined to the line before the table
    assert kinds[-1] == "footnote"
    assert not doc.structures and not doc.lines


def test_a_table_only_document_is_not_empty() -> None:
    table = make_table([["a", "b"], ["1", "2"]], origins=(Origin(1),))
    doc = clean(Document(structures=(table,)), _session())
    assert [b.kind for b in doc.blocks] == ["table"]
    assert not any("no body text" in w for w in doc.warnings)


def test_paragraphs_step_off_still_places_structures() -> None:
    session = Session.create(registry_with(), Options(disabled_steps=frozenset({"paragraphs"})))
    doc = clean(_doc_with_table(), session)
    assert [b.kind for b in doc.blocks].count("table") == 1


def test_audit_lists_structures() -> None:
    raw = _doc_with_table()
    rows = audit(raw, clean(raw, _session()))
    kept = [r for r in rows if r.status == "structure"]
    assert len(kept) == 2
    assert any("table 3 x 2" in r.note for r in kept)
    assert not [r for r in rows if r.status == "unaccounted"]


def test_punctuation_leaves_structures_alone() -> None:
    cells = [["\u4e00\u4e8c\u4e09,\u56db", "(\u4e94)"]]
    table = make_table(cells, origins=(Origin(2),))
    fig = Figure(text="\u56fe1", caption="\u56fe1", data=b"", origins=(Origin(3),))
    doc = Document(
        meta=Metadata(language="zh"),
        lines=(Line(text="\u8fd9\u662f\u6b63\u6587,\u6ca1\u6709\u95ee\u9898\u3002", origin=Origin(1)),),
        structures=(table, fig),
    )
    out = clean(doc, _session())
    got = next(b for b in out.blocks if isinstance(b, Table))
    assert got.rows == table.rows and got.text == table.text
