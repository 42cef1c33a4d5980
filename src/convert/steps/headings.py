"""Headings from numbering, with levels following the hierarchy the document uses."""

from __future__ import annotations

import dataclasses

from convert.core.contracts import Context, Step
from convert.core.model import Block, Document
from convert.steps._numbering import heading_candidate


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
            return doc
        blocks: list[Block] = list(doc.blocks)
        for i, rank in ranks.items():
            blocks[i] = dataclasses.replace(blocks[i], kind="heading", level=min(levels[rank], 6))
        return doc.replace(blocks=tuple(blocks))
