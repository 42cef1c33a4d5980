"""Slogans and footers that repeat the site's name, and running headers that repeat the
document's title next to a page break.

The site's name comes from :attr:`Layout.site_names <convert.core.model.Layout>` (the header
above the title, an HTML page's site name): a short line repeating it is furniture anywhere.
A PDF's running headers (:attr:`Layout.running_heads`) may be the document's own words (a
header ``安全生产`` over a report on 安全生产月活动), so a line repeating one is dropped only
beside a page break, where sites insert their slogans.
"""

from __future__ import annotations

from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.core.textutil import SENTENCE_END, fold, width
from convert.steps._features import continues
from convert.steps._layout import MOSTLY_FULL, beside_break, page_breaks, wrap_of
from convert.steps._numbering import starts_structure

MAX_NAME = 12  # characters (folded) of a site name
MIN_NAME = 3  # characters: a two-character header word (发现, 首页) is a menu item, not a name
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
        names = _names(doc.layout.site_names)
        heads = _names(doc.layout.running_heads) - names
        title = fold(doc.meta.title or "")
        breaks = page_breaks(doc)
        if not names and not (breaks and (title or heads)):
            return doc
        wrap = wrap_of(doc)
        drop: dict[int, tuple[str, str]] = {}
        for i, line in enumerate(doc.lines):
            key = fold(line.text)
            if line.heading is not None or len(key) > MAX_LINE or key[-1] in ":\uff1a":
                continue  # (addressees and salutations end in a colon: the document's own)
            if starts_structure(line.text):
                continue  # a numbered part (三、2023年工作计划) is the document's, whatever it repeats
            short = wrap is None or width(line.text) < MOSTLY_FULL * wrap
            if i > 0 and key[-1] in SENTENCE_END and continues(doc.lines[i - 1], line, wrap):
                continue  # the short last line of a paragraph, ending its sentence: the document's words
            hit = next((n for n in names if n in key), None) if short else None
            head = next((n for n in heads if n in key), None) if short and beside_break(line, breaks) else None
            if hit:
                drop[i] = ("furniture", f"repeats the site name {hit!r} from the page header")
            elif head:
                drop[i] = ("furniture", f"repeats the running header {head!r} beside a page break")
            elif title and title in key and len(key) <= len(title) + 12 and beside_break(line, breaks):
                drop[i] = ("header", "running header: the title repeated at a page break")
        return doc.drop_lines(drop, self.name)


def _names(texts: tuple[str, ...]) -> set[str]:
    """The texts that look like a name (folded): short, not a number, not a sentence."""
    return {
        key
        for text in texts
        if MIN_NAME <= len(key := fold(text)) <= MAX_NAME
        and not key.isdigit()
        and not any(ch in SENTENCE_END for ch in key)
    }
