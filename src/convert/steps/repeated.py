"""Lines that recur through the document: running headers and footers, slogans and ads
repeated at every page break, whatever their words.

Compared with digits masked, so ``第 3 页`` matches ``第 4 页`` and ``Page 3 of 6`` matches
``Page 4 of 6``. A short line is furniture when it occurs three times or more, or twice at
page-break positions (next to a page number or an ad already removed). Lines of the text
flow (full wrapped lines and finished sentences) are never counted, so a paragraph the
document repeats on purpose stays.
"""

from __future__ import annotations

import re
from collections import defaultdict

from convert.core.contracts import Context, Step
from convert.core.model import Document, Line
from convert.core.textutil import SENTENCE_END, fold_masked, width
from convert.steps._layout import MOSTLY_FULL, beside_break, page_breaks, paged, wrap_of
from convert.steps._numbering import starts_structure

MAX_CHARS = 60
DATE_UNITS = re.compile(r"[\u5e74\u6708\u65e5\u53f7\u65f6\u5206\u79d2\u5468]")  # 年月日号时分秒周: a date is no word


def wordy(text: str, minimum: int) -> bool:
    """At least ``minimum`` Han characters, or that many Latin words (half as many for two)."""
    han = len(re.findall(r"[\u3400-\u9fff]", text))
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    return han >= minimum or words >= max(2, minimum // 2)


def titled(text: str) -> bool:
    """Shaped like a title: three words or more, or six Chinese characters or more without a
    clause mark (a refrain, 我爱你，中国, or a programme's Coffee break is no title; a short
    title, 工作总结, is kept whole with its copies)."""
    if any(ch in text for ch in "\uff0c\u3001\uff1b,;"):
        return False
    return wordy(text, 6) if re.search(r"[\u3400-\u9fff]", text) else len(re.findall(r"[A-Za-z]{2,}", text)) >= 3


class RepeatedLines(Step):
    name = "repeated"
    description = (
        "Drop short lines that recur through the document (compared with digits masked): "
        "three times or more, or twice next to page breaks."
    )
    order = 280

    def run(self, doc: Document, ctx: Context) -> Document:
        where: dict[str, list[int]] = defaultdict(list)
        wrap = wrap_of(doc)
        for i, line in enumerate(doc.lines):
            k = fold_masked(line.text)
            if line.heading is None and 2 <= len(k) <= MAX_CHARS and not self._body(doc.lines, i, wrap):
                where[k].append(i)
        breaks = page_breaks(doc)
        in_pages = paged(doc.lines)
        text_starts = next((i for i in range(len(doc.lines)) if self._body(doc.lines, i, wrap)), len(doc.lines))
        drop: dict[int, tuple[str, str]] = {}
        for found in where.values():
            if len(found) < 2:
                continue
            at_breaks = sum(1 for i in found if beside_break(doc.lines[i], breaks))
            if not wordy(DATE_UNITS.sub("", doc.lines[found[0]].text), 2):
                continue  # numbers, dates and labels (table cells, a timetable's 4月21日, axis ticks) repeat by nature
            if in_pages and at_breaks < max(2, len(found)):
                continue  # a PDF's running heads stand at its page breaks, every copy (the reader took those by
                # position); a line of a listing or a table that recurs elsewhere is the document's
            if len(found) >= 3 and found[-1] < text_starts and not at_breaks:
                if not titled(doc.lines[found[0]].text):
                    continue  # a short line given three times before the text (工作总结, a refrain): kept
                for i in found[:-1]:  # all above the text: the title, given again by the page (its title bar,
                    drop[i] = ("title-dup", f"the title repeated above the text ({len(found)} times)")  # header)
                continue  # and the copy nearest the text is the document's own
            if len(found) >= 3 or (at_breaks >= 2 and wordy(doc.lines[found[0]].text, 4)):
                for i in found:
                    drop[i] = ("repeated", f"recurs {len(found)} times through the document (running header/footer)")
        return doc.drop_lines(drop, self.name)

    @staticmethod
    def _body(lines: tuple[Line, ...], i: int, wrap: float | None) -> bool:
        """A finished sentence or a full wrapped line: text a document may repeat on purpose
        (a repeated paragraph is not furniture; ads that end a sentence are the ads step's)."""
        text = lines[i].text
        if text[-1] in SENTENCE_END or starts_structure(text):
            return True  # sentences, and numbered parts such as a recurring "(一)基本情况"
        return wrap is not None and width(text) >= MOSTLY_FULL * wrap
