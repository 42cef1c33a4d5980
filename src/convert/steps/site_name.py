"""Slogans and footers that repeat the site's name (seen in the header above the title)."""

from __future__ import annotations

from convert.formats import Context, Step
from convert.model import Document
from convert.steps.layout import wrap_width
from convert.textutil import SENTENCE_END, fold, width

MAX_NAME = 12  # characters (folded) of a site name
MAX_LINE = 40  # a longer line is body text that mentions the name


class SiteName(Step):
    name = "site-name"
    description = (
        "Drop short lines that repeat the site name found in the header above the title "
        "(slogans and footers inserted at page breaks)."
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
        if not names:
            return doc
        wrap = wrap_width(doc.lines)
        drop: dict[int, tuple[str, str]] = {}
        for i, line in enumerate(doc.lines):
            key = fold(line.text)
            if line.heading is not None or len(key) > MAX_LINE:
                continue
            if wrap is not None and width(line.text) >= 0.8 * wrap:
                continue
            hit = next((n for n in names if n in key), None)
            if hit:
                drop[i] = ("furniture", f"repeats the site name {hit!r} from the page header")
        return doc.drop_lines(drop, self.name)
