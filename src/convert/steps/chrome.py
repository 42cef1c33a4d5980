"""The ``chrome`` step: site chrome recognised by its shape, on sites never seen before.

The rule files know the words of the sites docconv was built against; this step knows what
chrome looks like (see :mod:`convert.steps._evidence`): link lists and breadcrumbs,
decorative rules and anti-scraping noise anywhere; info bars, publication stamps, web
addresses, rows of navigation words and tag lists outside the running text, that is before
its first sentence or after its last. Inside the running text those shapes can be the
document's own (a table's header row, a notice's time and place), so they are kept there.
"""

from __future__ import annotations

from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.steps._evidence import chrome_evidence, metadata_table, running_text
from convert.steps._layout import wrap_of


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
        running = [i for i, line in enumerate(lines) if running_text(line, wrap)]
        first, last = (running[0], running[-1]) if running else (len(lines), -1)
        drop: dict[int, tuple[str, str]] = {}
        outside = [i for i in range(len(lines)) if not first < i < last]
        for j in metadata_table([lines[i].text for i in outside]):
            drop[outside[j]] = ("furniture", "site chrome: metadata table")
        for i, line in enumerate(lines):
            if line.heading is not None or i in drop:
                continue
            shape = chrome_evidence(line.text, in_text=first < i < last)
            if shape:
                drop[i] = ("page-number" if shape == "page marker" else "furniture", f"site chrome: {shape}")
        doc = doc.mark_page_breaks(i for i, (kind, _) in drop.items() if kind == "page-number")
        return doc.drop_lines(drop, self.name)
