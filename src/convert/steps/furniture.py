"""The ``furniture`` step: whole lines that belong to the site around the document.

Lines matching the ``[[line]]`` rules (site interface words, counters, file sizes, page
counts, page numbers, summary widgets, cookie notices...) are dropped. Dates and page counts
found there are kept as metadata; page numbers mark page breaks.
"""

from __future__ import annotations

import functools
import re

from convert.core.contracts import Context, Step
from convert.core.model import Document, Line, Origin
from convert.core.pages import printed_number
from convert.core.rules import HEAD_LINES, TOPIC_LINES, LineRule, RuleSet
from convert.core.textutil import SENTENCE_END, iso_date
from convert.steps._layout import figure_value, in_a_column_of_figures, inside_a_page, small_print
from convert.steps._rules import rule_text

META_GROUPS = ("date", "pages", "total")
SEPARATORS = re.compile(r"\s[|\uff5c\u00b7\u2022/]\s|\s{2,}")


def head_end(lines: tuple[Line, ...]) -> int:
    """Where the site's head block ends: at the first sentence of body text, or after
    ``HEAD_LINES`` lines."""
    for i, line in enumerate(lines[:HEAD_LINES]):
        if len(line.text) >= 15 and line.text[-1] in SENTENCE_END:
            return i
    return min(HEAD_LINES, len(lines))


@functools.cache
def _topic_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){re.escape(word)}", re.IGNORECASE)


def shares_source_line(lines: tuple[Line, ...], i: int) -> bool:
    """Whether line ``i`` came from the same source line as a neighbour (an HTML table row's
    cells): a page number stands alone."""
    return any(
        0 <= j < len(lines) and lines[j].origin == lines[i].origin and lines[i].origin.line > 0 for j in (i - 1, i + 1)
    )


def topic(lines: tuple[Line, ...], word: str) -> bool:
    """Whether :data:`~convert.core.rules.TOPIC_LINES` or more of ``lines`` use ``word``."""
    pattern = _topic_pattern(word)
    return sum(1 for line in lines if pattern.search(line.text)) >= TOPIC_LINES


def match_line(line: Line, rules: RuleSet, in_head: bool = True) -> tuple[LineRule, dict[str, str]] | None:
    """The first ``[[line]]`` rule whose pattern is the whole (normalised) line; rules with
    ``where = "head"`` apply only when ``in_head``."""
    text = rule_text(line.text)
    for rule in rules.lines:
        if len(text) > rule.max_chars or (rule.where == "head" and not in_head):
            continue
        m = rule.pattern.fullmatch(text)
        if m:
            groups = {re.sub(r"_\d+$", "", k): v for k, v in m.groupdict().items() if v}
            return rule, groups
    return None


def second_number(doc: Document, drop: dict[int, tuple[str, str]]) -> list[int]:
    """The figures at a page's edge about to go as page numbers that end or begin a column of
    figures (:func:`~convert.steps._layout.in_a_column_of_figures`: a table's last row closing
    the page) on a page whose number the reader already removed, with another value: a page
    has one number, so these are the document's."""
    printed: dict[int, set[int]] = {}
    for removal in doc.removals:
        origin = removal.origin
        if removal.kind == "page-number" and origin is not None and origin.page is not None:
            if (number := printed_number(removal.text)) is not None:
                printed.setdefault(origin.page, set()).add(number)
    lines = doc.lines
    return [
        i
        for i, (kind, _) in drop.items()
        if kind == "page-number"
        and (page := lines[i].origin.page) in printed
        and (i == 0 or i == len(lines) - 1 or lines[i - 1].origin.page != page or lines[i + 1].origin.page != page)
        and (value := figure_value(lines[i].text)) is not None
        and value not in printed[page]
        and in_a_column_of_figures(lines, i)
    ]


class SiteFurniture(Step):
    name = "furniture"
    description = (
        "Drop whole lines of site furniture (interface words, counters, sizes, page counts, "
        "page numbers, summary widgets, cookie and copyright notices); keep dates and page "
        "counts as metadata."
    )
    order = 200

    def run(self, doc: Document, ctx: Context) -> Document:
        drop: dict[int, tuple[str, str]] = {}
        found: dict[str, str] = {}
        head = head_end(doc.lines)
        topics: dict[str, bool] = {}
        small = small_print(doc.lines)
        for i, line in enumerate(doc.lines):
            if line.heading is not None:
                continue
            hit = match_line(line, ctx.rules, i < head)
            if hit is None:
                continue
            rule, groups = hit
            if rule.unless_topic:
                if rule.unless_topic not in topics:  # counted once per document, not once per matching line
                    topics[rule.unless_topic] = topic(doc.lines, rule.unless_topic)
                if topics[rule.unless_topic]:
                    continue  # the document's subject (a cookie policy's sentences about cookies)
            if rule.kind == "page-number" and (shares_source_line(doc.lines, i) or inside_a_page(doc.lines, i, small)):
                continue  # a cell of a table row the reader split into lines (<tr><td>1</td><td>东湖区</td>…),
                # or a line in the middle of a PDF's page (a list item's last words: "… on page 30")
            drop[i] = (rule.kind, f"{rule.reason} (rule {rule.name})")
            for key in META_GROUPS:
                if key in groups and key not in found:
                    found[key] = groups[key]
        # furniture a reader already removed (an HTML info bar such as "uploader | date |
        # 3 pages") still tells the date and the page count; each text once (a reader that
        # removed a repeated block recorded it at every repetition), until all is found
        seen: set[str] = set()
        for removal in doc.removals:
            if all(key in found for key in META_GROUPS):
                break
            for part in SEPARATORS.split(removal.text):
                part = part.strip()
                if not part or part in seen:
                    continue
                seen.add(part)
                hit = match_line(Line(text=part, origin=Origin(line=0)), ctx.rules)
                if hit:
                    for key in META_GROUPS:
                        if key in hit[1] and key not in found:
                            found[key] = hit[1][key]
        for i in second_number(doc, drop):
            del drop[i]  # a page has one number: the reader took it
        changes: dict[str, object] = {}
        if "date" in found and not doc.meta.date:
            changes["date"] = iso_date(found["date"])
        pages = found.get("pages") or found.get("total")
        if pages and not doc.meta.pages:
            changes["pages"] = int(pages)
        doc = doc.mark_page_breaks(i for i, (kind, _) in drop.items() if kind == "page-number")
        doc = doc.drop_lines(drop, self.name)
        return doc.with_meta(**{k: v for k, v in changes.items() if v}) if changes else doc
