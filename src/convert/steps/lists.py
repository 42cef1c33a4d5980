"""Bulleted and numbered lists in plain text, read from what the furniture steps left.

A scraped page's sidebars and info bars are often bulleted too (``- 博客访问: 363202``), and a
list read whole is never cleaned again, so plain text's lists are found here, after the line
steps, not by the reader. Whitespace-aligned tables are read by the text reader itself: no
site furniture was seen in that shape. Other readers' lists come from their markup.
"""

from __future__ import annotations

from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.core.textblocks import plain_structures


class PlainLists(Step):
    name = "plain-lists"
    description = "Plain text: runs of short bulleted or numbered items (in sequence) become lists."
    order = 450

    def run(self, doc: Document, ctx: Context) -> Document:
        if not doc.layout.plain_text or not doc.lines:
            return doc
        lines, found = plain_structures(doc.lines, tables=False)
        if not found:
            return doc
        return doc.replace(lines=lines, structures=doc.structures + found)
