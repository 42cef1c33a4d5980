"""Headings from numbering, with levels following the hierarchy the document uses."""

from __future__ import annotations

import dataclasses

from convert.core.contracts import Context, Step
from convert.core.model import Block, Document
from convert.core.textutil import SENTENCE_END, width
from convert.steps._numbering import heading_candidate, unnumbered_heading

MIN_SECTIONS = 2  # unnumbered section headings a document must have for any to count
SECTION_WORDS = 8  # words of an unnumbered section heading
SECTION_WIDTH = 40  # columns of one


class Headings(Step):
    name = "headings"
    description = (
        "Make short numbered lines headings (第一章, 一、, （一）, 1., 1.1 ...); the numbering "
        "levels the document uses become ##, ###, ... in hierarchy order. Articles (第一条), "
        "list items ending in punctuation and one-sentence paragraphs stay paragraphs."
    )
    order = 600

    def run(self, doc: Document, ctx: Context) -> Document:
        ranks: dict[int, int] = {}
        for i, block in enumerate(doc.blocks):
            if block.kind != "paragraph" or len(block.origins) > 2:
                continue
            rank = heading_candidate(block.text)
            if rank is not None:
                ranks[i] = rank
        levels = {rank: level for level, rank in enumerate(sorted(set(ranks.values())), start=2)}
        if not levels:
            return self._unnumbered(doc)
        blocks: list[Block] = list(doc.blocks)
        for i, rank in ranks.items():
            blocks[i] = dataclasses.replace(blocks[i], kind="heading", level=min(levels[rank], 6))
        return doc.replace(blocks=tuple(blocks))

    @staticmethod
    def _unnumbered(doc: Document) -> Document:
        """A document without numbered headings: short unpunctuated one-line paragraphs that
        each open a paragraph of sentences (``Background``, ``Equipment and Costs``) are its
        section headings, when there are at least :data:`MIN_SECTIONS` of them."""
        blocks = list(doc.blocks)
        found = [
            i
            for i in range(len(blocks) - 1)
            if blocks[i].kind == "paragraph"
            and len(blocks[i].origins) == 1
            and section_heading(blocks[i].text, blocks[i + 1])
        ]
        if len(found) < MIN_SECTIONS:
            return doc
        for i in found:
            blocks[i] = dataclasses.replace(blocks[i], kind="heading", level=2)
        return doc.replace(blocks=tuple(blocks))


def section_heading(text: str, after: Block) -> bool:
    """A short line with no punctuation at its end, starting with a capital or a Chinese
    character, followed by a longer paragraph that ends in a sentence."""
    text = text.strip()
    if not unnumbered_heading(text, SECTION_WORDS) or width(text) > SECTION_WIDTH:
        return False
    if any(ch.isdigit() for ch in text):
        return False  # a date, a figure: not a section's name
    nxt = after.text.strip()
    return after.kind == "paragraph" and len(nxt) > 2 * len(text) and nxt[-1:] in SENTENCE_END
