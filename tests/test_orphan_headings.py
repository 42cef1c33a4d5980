"""The ``orphan-headings`` step: a heading left at the end over a section the site added."""

from __future__ import annotations

import pytest

from convert.core.model import Block, Document, Metadata, Origin, PageStart, Removal
from convert.steps.orphans import OrphanHeadings

ARTICLE = (
    "The council met on Tuesday to discuss the new budget for the coming year. "
    "Members agreed that the library would stay open on Sundays."
)
RELATED = '<li><a href="/a/{n}">Another story about the town number {n}</a></li>\n'


def page(tail_heading: str, tail: str) -> str:
    items = "".join(RELATED.format(n=n) for n in range(6))
    return (
        "<html><head><title>Budget agreed</title></head><body><article><h1>Budget agreed</h1>\n"
        f"<p>{ARTICLE}</p>\n<p>{ARTICLE}</p>\n<p>{ARTICLE}</p>\n"
        f"{tail_heading}\n{tail.format(items=items)}\n</article></body></html>"
    )


@pytest.mark.parametrize(
    ("heading", "tail"),
    [
        ("<h3>Related posts</h3>", '<ul class="related">{items}</ul>'),
        ("<h3>\u00c4hnliche Beitr\u00e4ge</h3>", '<div class="related-posts"><ul>{items}</ul></div>'),
        ("<p>Mehr Themen:</p>", "<nav><ul>{items}</ul></nav>"),
    ],
)
def test_a_heading_over_a_removed_list_of_links_at_the_end_goes(convert_bytes, heading, tail) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(page(heading, tail), name="page.html")
    label = heading.split(">")[1].split("<")[0]
    assert doc.blocks[-1].text.endswith("Sundays.")
    gone = [r for r in doc.removals if r.step == "orphan-headings"]
    assert [r.text for r in gone] == [label]
    assert gone[0].origin is not None and "nothing under it" in gone[0].reason


def blocks_doc(*blocks: Block, removals: tuple[Removal, ...] = (), **meta: object) -> Document:
    return Document(meta=Metadata(**meta), blocks=blocks, removals=removals)  # type: ignore[arg-type]


def para(text: str, line: int, page: int | None = None) -> Block:
    return Block(kind="paragraph", text=text, origins=(Origin(line=line, page=page),))


def heading(text: str, line: int, level: int = 3, page: int | None = None) -> Block:
    return Block(kind="heading", text=text, level=level, origins=(Origin(line=line, page=page),))


def removed(line: int, kind: str = "related", page: int | None = None) -> Removal:
    return Removal(text="x", step="reader", kind=kind, reason="r", origin=Origin(line=line, page=page))


def run(doc: Document) -> Document:
    return OrphanHeadings().run(doc, None)  # type: ignore[arg-type]


def test_a_run_of_trailing_labels_goes_last_first() -> None:
    doc = blocks_doc(
        para(ARTICLE, 1), heading("Tags", 2), heading("Comments", 4, level=1), removals=(removed(3), removed(5))
    )
    out = run(doc)
    assert [b.text for b in out.blocks] == [ARTICLE]
    assert [r.text for r in out.removals if r.step == "orphan-headings"] == ["Tags", "Comments"]


@pytest.mark.parametrize(
    ("last", "why"),
    [
        (heading("Appendix", 2), "nothing after it was removed: the document ends with it"),
        (heading("17. Mai 2022", 2), "a date is the document's"),
        (heading("\u4e09\u3001\u7ed3\u8bed", 2), "a numbered heading (三、结语) is the document's"),
        (heading("The board will decide in May.", 2), "a sentence is the document's"),
        (para("Falls Sie etwas planen, finden Sie hier eine Liste aller Adressen:", 2), "a lead-in of many words"),
        (para("Contact", 2), "a short paragraph without a colon is no label"),
    ],
)
def test_what_is_not_a_label_over_a_removed_section_stays(last: Block, why: str) -> None:
    removals = () if "nothing after" in why else (removed(3),)
    doc = blocks_doc(para(ARTICLE, 1), last, removals=removals)
    assert run(doc).blocks == doc.blocks, why


def test_page_furniture_after_a_last_heading_heads_nothing() -> None:
    """A PDF's last page: its page number and running footer come after the last heading
    without being what it heads."""
    doc = blocks_doc(
        para(ARTICLE, 1, page=3),
        heading("Batang font", 2, page=3),
        removals=(removed(3, "page-number", page=3), removed(4, "footer", page=3), removed(5, "watermark", page=3)),
    )
    assert run(doc).blocks == doc.blocks


def test_a_heading_inside_the_text_stays_even_over_a_removed_section() -> None:
    doc = blocks_doc(para(ARTICLE, 1), heading("See also", 2), para(ARTICLE, 9), removals=(removed(3),))
    assert run(doc).blocks == doc.blocks


@pytest.mark.parametrize("meta", [{"truncated": True}, {"structured": True}])
def test_a_truncated_preview_or_a_structured_document_is_left_alone(meta: dict[str, bool]) -> None:
    doc = blocks_doc(para(ARTICLE, 1), heading("Related posts", 2), removals=(removed(3),), **meta)
    assert run(doc).blocks == doc.blocks


def test_a_document_of_labels_only_keeps_them() -> None:
    doc = blocks_doc(
        Block(kind="title", text="Notes", level=1, origins=(Origin(line=1),)),
        heading("Comments", 2),
        removals=(removed(3),),
    )
    assert run(doc).blocks == doc.blocks


def test_a_block_where_a_page_begins_stays_for_its_anchor() -> None:
    """With ``--page-marks`` the block holds the page's anchor: removing it would break ``#p2``."""
    last = Block(
        kind="heading",
        text="Related posts",
        level=3,
        origins=(Origin(line=2),),
        page_starts=(PageStart(offset=0, page=2),),
    )
    doc = blocks_doc(para(ARTICLE, 1), last, removals=(removed(3),))
    assert run(doc).blocks == doc.blocks


@pytest.mark.parametrize("text", ["What happens next?", "Sources", "Media contact", "Shared values"])
def test_a_last_heading_that_names_no_sites_part_stays(text: str) -> None:
    doc = blocks_doc(para(ARTICLE, 1), heading(text, 2), removals=(removed(3), removed(4, "footer")))
    assert run(doc).blocks == doc.blocks
