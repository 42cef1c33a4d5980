"""Slogans and footers that repeat the site's name (seen in the header above the title), and
running headers that repeat the document's title next to a page break."""

from __future__ import annotations

from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.core.textutil import SENTENCE_END, fold, width
from convert.steps._layout import MOSTLY_FULL, beside_break, page_breaks, wrap_width

MAX_NAME = 12  # characters (folded) of a site name
MAX_LINE = 40  # a longer line is body text that mentions the name


class SiteName(Step):
    name = "site-name"
    description = (
        "Drop short lines that repeat the site name found in the header above the title "
        "(slogans and footers inserted at page breaks), and the title repeated as a running "
        "header next to a page break."
    )
    order = 370

    def run(self, doc: Document, ctx: Context) -> Document:
        names = {
            key
            for r in doc.removals
            if r.kind == "header"
            and 2 <= len(key := fold(r.text)) <= MAX_NAME
            and not key.isdigit()
            and not any(ch in SENTENCE_END for ch in key)  # a name, not a sentence
        }
        title = fold(doc.meta.title or "")
        breaks = page_breaks(doc)
        if not names and not (title and breaks):
            return doc
        wrap = wrap_width(doc.lines)
        drop: dict[int, tuple[str, str]] = {}
        for i, line in enumerate(doc.lines):
            key = fold(line.text)
            if line.heading is not None or len(key) > MAX_LINE:
                continue
            short = wrap is None or width(line.text) < MOSTLY_FULL * wrap
            hit = next((n for n in names if n in key), None) if short else None
            if hit:
                drop[i] = ("furniture", f"repeats the site name {hit!r} from the page header")
            elif title and title in key and len(key) <= len(title) + 12 and beside_break(line, breaks):
                drop[i] = ("header", "running header: the title repeated at a page break")
        return doc.drop_lines(drop, self.name)
