"""The ``layout`` step: measure the text's layout once, for every later step."""

from __future__ import annotations

from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.steps._layout import wrap_width


class MeasureLayout(Step):
    name = "layout"
    description = (
        "Measure the text layout once, after the site furniture is gone: the wrap width of "
        "hard-wrapped text (none for one paragraph per line), shared by the later steps."
    )
    order = 240

    def run(self, doc: Document, ctx: Context) -> Document:
        return doc.with_layout(wrap=wrap_width(doc.lines), wrap_measured=True)
