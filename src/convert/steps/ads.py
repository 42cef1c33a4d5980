"""The ``ads`` step: lines an ad network or the site inserted into the document.

Lines carrying calls to action or contact details with promotion words
(``[[contact]]``/``[[promotion]]`` rules), a bare web address among the first or last lines,
and the lines next to an ad that continue it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from convert.core.contracts import Context, Step
from convert.core.model import Document, Line
from convert.core.rules import RuleSet
from convert.core.textutil import HAN_RE, SENTENCE_END, width
from convert.steps._evidence import QUOTED, mailbox
from convert.steps._features import listed_item
from convert.steps._layout import NEARLY_FULL, wrap_of
from convert.steps._numbering import starts_structure
from convert.steps._rules import rule_text

PROSE_HAN = 20  # Han characters of a sentence that is the text's, not an ad
PROSE_WORDS = 15  # words of an English one
PROMOTED_ITEM = 3  # promotion words that make an item of a list the text introduces an ad all the same
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s]+|\b[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9.-]*[a-z]{2,}\b")


def _searches(text: str, rules: RuleSet) -> Iterator[str]:
    for rule in rules.contacts:
        if rule.pattern.search(text):
            yield f"contact: {rule.reason} (rule {rule.name})"
    for rule in rules.promotions:
        if rule.pattern.search(text):
            yield f"promotion: {rule.reason} (rule {rule.name})"


def prose(text: str) -> bool:
    """A sentence of the text: ended, and long with clauses (:data:`PROSE_HAN` Han characters
    and two commas, or :data:`PROSE_WORDS` words). Ads are short (``扫码关注，免费领取范文。``);
    a document's sentence about its own app or free service is not an ad."""
    if not text:
        return False
    if text[-1] not in SENTENCE_END:  # a wrapped line of the text: a sentence ends inside it, more follows
        return "\u3002" in text[:-1] and len(HAN_RE.findall(text)) >= PROSE_HAN
    if len(HAN_RE.findall(text)) >= PROSE_HAN:
        return sum(text.count(c) for c in ",\uff0c\u3001\uff1b;") >= 2  # (clauses, or items in a series)
    return text.isascii() and len(text.split()) >= PROSE_WORDS


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
        wrap = wrap_of(doc)

        def running_text(line: Line) -> bool:
            """A full wrapped line: a phrase in it is part of a sentence, not an ad."""
            return wrap is not None and width(line.text) >= NEARLY_FULL * wrap

        for i, line in enumerate(lines):
            if line.heading is not None:
                continue
            text = rule_text(line.text)
            if len(text) > self.max_chars or starts_structure(text) or prose(text):
                continue  # (第五条…, （一）…: the document's parts; a long sentence of the text that mentions it)
            hits = list(_searches(QUOTED.sub(" ", text), rules))  # (“扫一扫”就能查: a name the text quotes)
            if not hits:
                continue
            if listed_item(lines, i, wrap) and promo_words(text, rules) < PROMOTED_ITEM:
                continue  # an item of the text's own list (可通过以下渠道缴费： / 微信公众号：…，关注后点击…)
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
                    text = rule_text(lines[j].text)
                    if running_text(lines[j]) and lines[j].text[-1] not in SENTENCE_END:
                        continue  # a wrapped line going on past the ad: the text around it
                    if starts_structure(text) or prose(text):
                        continue  # （二）…: the document's next item
                    if len(text) <= self.max_chars and promo_words(text, rules) >= 2:
                        drop[j] = ("ad", "continues the ad on the neighbouring line (promotion words)")
                        changed = True
        return doc.mark_page_breaks(drop).drop_lines(drop, self.name)

    @staticmethod
    def _site_address(text: str) -> bool:
        """The line is mostly a web address with a scheme, ``www.`` or a host of three or more
        labels (``wenku.example.com``), not a word like ``ASP.NET`` inside a sentence."""
        found = ADDRESS.search(text.lower())
        if found is None:
            return False
        if mailbox(text, found.start()):
            return False  # an e-mail address (press@…): a contact, the document's; "Email us at …" is the site's
        return len(found.group(0)) >= 0.5 * len(text.replace(" ", ""))

    @staticmethod
    def _at_edge(lines: tuple[Line, ...], i: int) -> bool:
        """Among the first or last lines of the input, where a site prints its address."""
        return i < 3 or i >= len(lines) - 3
