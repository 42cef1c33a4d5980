"""The ``chrome`` step: site chrome recognised by its shape, on sites never seen before.

The rule files know the words of the sites docconv was built against; this step knows what
chrome looks like (see :mod:`convert.steps._evidence`). Where a line stands decides which
shapes count: anywhere, decorative rules, anti-scraping noise, widget buttons, ornamented
page markers and banners; before or after the running text also link lists, a site's name
with its address, rows of navigation words and tag lists; before it also info bars, time
stamps, web addresses, e-mail lines and metadata tables. Inside the text a table in pipes
or a menu path is kept, and after it a notice's own contact lines, dates and addresses.
"""

from __future__ import annotations

from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.core.textutil import closing_line
from convert.steps._evidence import (
    AT_THE_EDGES,
    COUNTS,
    FOOTER_LINE,
    about_ads,
    chrome_shape,
    finished_sentence,
    metadata_table,
    running_text,
    tabled_rows,
)
from convert.steps._features import ATTACHMENT, own_banner
from convert.steps._layout import beside_break, inside_a_page, small_print, wrap_of

#: Shapes that open a site's footer after the text (a link list, a site line, a menu row, tags,
#: share buttons, a "preview ends" banner): the short lines after one (related titles,
#: previous/next, share prompts) belong to it. Page markers and noise stand between pages.
PAGE_ENDS = ("page marker", "pagination bar")  # shapes that stand where a page ends
FOOTER = ({name for name, _ in AT_THE_EDGES} - {"previous and next links"}) | {"widget buttons", "banner"}


class Chrome(Step):
    name = "chrome"
    description = (
        "Drop site chrome by its shape (link lists, breadcrumbs, info bars, time stamps, "
        "navigation rows, tag lists, decorative rules, anti-scraping noise), the weaker "
        "shapes only outside the running text."
    )
    order = 260

    def run(self, doc: Document, ctx: Context) -> Document:
        lines = doc.lines
        if not lines:
            return doc
        wrap = wrap_of(doc)
        shapes = [chrome_shape(line.text) for line in lines]  # once per line; where it counts decides below
        running = [i for i, line in enumerate(lines) if running_text(line, wrap, shapes[i])]
        first, last = (running[0], running[-1]) if running else (len(lines), -1)
        found: dict[int, str] = dict.fromkeys(metadata_table([line.text for line in lines[:first]]), "metadata table")
        for i, line in enumerate(lines):
            where = "head" if i < first else "tail" if i > last else "text"
            if line.heading is None and i not in found and shapes[i] in COUNTS[where]:
                found[i] = shapes[i]
        for i in tabled_rows([line.text for line in lines], [found.get(i) for i in range(len(lines))]):
            del found[i]  # rows of a list or a table, not a menu
        small = small_print(lines)
        for i in [i for i, shape in found.items() if shape == "page marker" and inside_a_page(lines, i, small)]:
            del found[i]  # inside a PDF's page: a list item's last words ("… on page 30")
        plain = set(range(len(lines))) - set(running) - {i for i, shape in enumerate(shapes) if shape}
        for i in [i for i, shape in found.items() if shape == "ad label" and {i - 1, i + 1} <= plain]:
            del found[i]  # between two plain short lines: a cell of a table set one cell per line (广告 / 8.0)
        pagers = [i for i, shape in found.items() if shape in PAGE_ENDS]  # where a page ends (see below)
        breaks = doc.layout.page_breaks | {lines[i].origin.line for i in pagers}
        for i in [i for i, shape in found.items() if shape == "banner" and first < i < last]:
            above = None if i - 1 in found else lines[i - 1]  # (a site's line or a page's marker: gone)
            if own_banner(lines[i].text, above, beside_break(lines[i], breaks)):
                del found[i]  # the document's own decorated heading, separator or dedication
        labels = [i for i, shape in found.items() if shape == "ad label"]
        if labels and about_ads(lines[i].text for i in running):
            for i in labels:
                del found[i]  # a text about ads: the label's word is its heading, item or term
        drop = {
            i: ("page-number" if shape == "page marker" else "furniture", f"site chrome: {shape}")
            for i, shape in found.items()
        }
        footer = min((i for i, shape in found.items() if i > last and shape in FOOTER), default=None)
        if footer is not None and last >= 0:  # the site's footer has begun: the document does not resume
            for i in range(footer + 1, len(lines)):
                text = lines[i].text
                if ATTACHMENT.match(text.strip()):
                    break  # 附件：… — the document's attachment follows, not the site's footer
                if i in drop or lines[i].heading is not None or len(text) > FOOTER_LINE or finished_sentence(text):
                    continue
                if closing_line(text):
                    continue  # a signature's office or a date: the document's own ending (a list of names may
                    # have looked like a menu)
                drop[i] = ("furniture", f"site footer: after the {found[footer]} that follows the end of the text")
        # a page number or a pagination bar stands where a page ends (a multi-page article's pager)
        doc = doc.mark_page_breaks(pagers)
        return doc.drop_lines(drop, self.name)
