"""Truncated previews: the site announced more pages than the text holds, or it stops
mid-sentence."""

from __future__ import annotations

import re

from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.core.textutil import PARA_END, width
from convert.steps._layout import NEARLY_FULL, wrap_of

REMAINING = re.compile(r"剩余\s*(\d+)\s*页")  # "N pages left unread": a site's preview notice


def pages_present(doc: Document) -> int | None:
    """Pages of text in the input: from the reader, else from page breaks that the
    furniture and ad steps found (a page number or an ad run with text after it)."""
    if doc.meta.pages_present:
        return doc.meta.pages_present
    if not doc.lines:
        return None
    last_text = max(line.origin.line for line in doc.lines)
    break_lines = sorted(doc.layout.page_breaks)
    breaks = 0
    previous = None
    for number in break_lines:
        if previous is not None and number == previous + 1:
            previous = number  # one run of furniture lines is one break
            continue
        previous = number
        if number < last_text:
            breaks += 1
    pages = {line.origin.page for line in doc.lines if line.origin.page is not None}
    return max(breaks + 1, len(pages)) if breaks or pages else None


class Truncation(Step):
    name = "truncation"
    description = (
        "Warn and set truncated: true when far fewer pages are present than the site "
        "announced, when the site says pages are left unread, or when the text stops "
        "mid-sentence at a full line."
    )
    order = 400

    def run(self, doc: Document, ctx: Context) -> Document:
        if not doc.lines:
            return doc
        present = pages_present(doc)
        announced = doc.meta.pages
        if present:
            doc = doc.with_meta(pages_present=present)
        if announced and present and present <= announced / 2 and announced - present >= 2:
            doc = doc.with_meta(truncated=True).warn(
                f"truncated preview: about {present} of {announced} announced pages are present"
            )
        for removal in doc.removals:
            m = REMAINING.search(removal.text)
            if m:
                doc = doc.with_meta(truncated=True).warn(
                    f"truncated preview: the site says {m.group(1)} more pages are not shown"
                )
                break
        last = doc.lines[-1]
        wrap = wrap_of(doc)
        if wrap and last.heading is None and last.text[-1] not in PARA_END and width(last.text) >= NEARLY_FULL * wrap:
            doc = doc.with_meta(truncated=True).warn("truncated preview: the text stops mid-sentence")
        return doc
