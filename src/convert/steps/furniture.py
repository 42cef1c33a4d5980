"""Site furniture and ads: lines that belong to the page around the document, not to it.

Two steps share this module:

``furniture``
    whole lines matching the ``[[line]]`` rules (site interface words, counters, file sizes,
    page counts, page numbers, summary widgets, cookie notices...). Dates and page counts
    found there are kept as metadata; page numbers mark page breaks.
``ads``
    lines carrying calls to action or contact details with promotion words
    (``[[contact]]``/``[[promotion]]`` rules), a bare web address among the first or last
    lines, and the lines next to an ad that continue it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from convert.formats import Context, Step
from convert.model import Document, Line, Origin
from convert.rules import HEAD_LINES, LineRule, RuleSet, normalize
from convert.steps.layout import wrap_width
from convert.textutil import SENTENCE_END, width

META_GROUPS = ("date", "pages", "total")
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s]+|\b[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9.-]*[a-z]{2,}\b")
SEPARATORS = re.compile(r"\s[|｜·•/]\s|\s{2,}")


def iso_date(text: str) -> str | None:
    """``2024-01-12``, ``2024年1月12日``, ``2024/1/12``, ``March 15, 2021`` -> ISO date."""
    m = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        return None
    m = re.search(r"([A-Z][a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if m:
        months = "jan feb mar apr may jun jul aug sep oct nov dec".split()
        key = m.group(1)[:3].lower()
        if key in months:
            return f"{int(m.group(3)):04d}-{months.index(key) + 1:02d}-{int(m.group(2)):02d}"
    return None


def head_end(lines: tuple[Line, ...]) -> int:
    """Where the site's head block ends: at the first sentence of body text, or after
    ``HEAD_LINES`` lines."""
    for i, line in enumerate(lines[:HEAD_LINES]):
        if len(line.text) >= 15 and line.text[-1] in SENTENCE_END:
            return i
    return min(HEAD_LINES, len(lines))


def match_line(line: Line, rules: RuleSet, in_head: bool = True) -> tuple[LineRule, dict[str, str]] | None:
    """The first ``[[line]]`` rule whose pattern is the whole (normalised) line; rules with
    ``where = "head"`` apply only when ``in_head``."""
    text = normalize(line.text)
    for rule in rules.lines:
        if len(text) > rule.max_chars or (rule.where == "head" and not in_head):
            continue
        m = rule.pattern.fullmatch(text)
        if m:
            groups = {re.sub(r"_\d+$", "", k): v for k, v in m.groupdict().items() if v}
            return rule, groups
    return None


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
        for i, line in enumerate(doc.lines):
            if line.heading is not None:
                continue
            hit = match_line(line, ctx.rules, i < head)
            if hit is None:
                continue
            rule, groups = hit
            drop[i] = (rule.kind, f"{rule.reason} (rule {rule.name})")
            for key in META_GROUPS:
                if key in groups and key not in found:
                    found[key] = groups[key]
        # furniture a reader already removed (an HTML info bar such as "uploader | date |
        # 3 pages") still tells the date and the page count
        for removal in doc.removals:
            for part in SEPARATORS.split(removal.text):
                hit = match_line(Line(text=part.strip(), origin=Origin(line=0)), ctx.rules) if part.strip() else None
                if hit:
                    for key in META_GROUPS:
                        if key in hit[1] and key not in found:
                            found[key] = hit[1][key]
        changes: dict[str, object] = {}
        if "date" in found and not doc.meta.date:
            changes["date"] = iso_date(found["date"])
        pages = found.get("pages") or found.get("total")
        if pages and not doc.meta.pages:
            changes["pages"] = int(pages)
        doc = doc.drop_lines(drop, self.name)
        return doc.with_meta(**{k: v for k, v in changes.items() if v}) if changes else doc


def _searches(text: str, rules: RuleSet) -> Iterator[str]:
    for rule in rules.contacts:
        if rule.pattern.search(text):
            yield f"contact: {rule.reason} (rule {rule.name})"
    for rule in rules.promotions:
        if rule.pattern.search(text):
            yield f"promotion: {rule.reason} (rule {rule.name})"


def promo_words(text: str, rules: RuleSet) -> int:
    """How many promotion words the line has (Latin words must stand as whole words)."""
    low = text.lower()
    count = 0
    for word in rules.promotion_words:
        w = word.lower()
        if w.isascii():
            count += bool(re.search(rf"\b{re.escape(w)}\b", low))
        else:
            count += w in low
    return count


class Ads(Step):
    name = "ads"
    description = (
        "Drop ads: lines with contact details (WeChat, QQ, phone, URL, e-mail) or calls to "
        "action, and the neighbouring lines that continue the same ad."
    )
    order = 250
    #: a line longer than this is body text that happens to mention a contact
    max_chars = 90

    def run(self, doc: Document, ctx: Context) -> Document:
        rules = ctx.rules
        drop: dict[int, tuple[str, str]] = {}
        lines = doc.lines
        wrap = wrap_width(lines)

        def running_text(line: Line) -> bool:
            """A full wrapped line: a phrase in it is part of a sentence, not an ad."""
            return wrap is not None and width(line.text) >= 0.9 * wrap

        for i, line in enumerate(lines):
            if line.heading is not None:
                continue
            text = normalize(line.text)
            if len(text) > self.max_chars:
                continue
            hits = list(_searches(text, rules))
            if not hits:
                continue
            contact = any(h.startswith("contact") for h in hits)
            if not contact and running_text(line):
                continue
            promotional = any(h.startswith("promotion") for h in hits) or promo_words(text, rules) > 0
            site_address = self._site_address(text) and self._at_edge(lines, i)
            if promotional or site_address:
                drop[i] = ("ad", "; ".join(hits))
        # Lines next to an ad that carry promotion words continue it.
        changed = True
        while changed:
            changed = False
            for i in sorted(drop):
                for j in (i - 1, i + 1):
                    if j in drop or not 0 <= j < len(lines) or lines[j].heading is not None:
                        continue
                    text = normalize(lines[j].text)
                    if running_text(lines[j]) and lines[j].text[-1] not in SENTENCE_END:
                        continue  # a wrapped line going on past the ad: the text around it
                    if len(text) <= self.max_chars and promo_words(text, rules) >= 2:
                        drop[j] = ("ad", "continues the ad on the neighbouring line (promotion words)")
                        changed = True
        return doc.drop_lines(drop, self.name)

    @staticmethod
    def _site_address(text: str) -> bool:
        """The line is mostly a web address with a scheme, ``www.`` or a host of three or more
        labels (``wenku.example.com``), not a word like ``ASP.NET`` inside a sentence."""
        found = ADDRESS.search(text.lower())
        return bool(found) and len(found.group(0)) >= 0.5 * len(text.replace(" ", ""))

    @staticmethod
    def _at_edge(lines: tuple[Line, ...], i: int) -> bool:
        """Among the first or last lines of the input, where a site prints its address."""
        return i < 3 or i >= len(lines) - 3
