"""Blocks that repeat the body: a site's summary/abstract preview of the document.

Sites put the first few hundred characters of the document in a summary box, often cut
with ``...``. Such a line is much longer than the wrapped body lines and nearly all of its
text occurs again in the rest of the document (possibly with headings in between, which is
why this compares character n-grams, not whole sentences). Repeated phrases inside the
text are kept: only lines long enough to be a preview, standing where previews stand (next
to a summary widget, cut off with an ellipsis, or unwrapped near the top of wrapped text),
are considered; a form's line with a blank to fill in (``Other (please specify) ____``),
which a form may print twice, is none.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter

from convert.core.contracts import Context, Step
from convert.core.model import Document, Line
from convert.core.textutil import SENTENCE_END, fold
from convert.steps._layout import wrap_of
from convert.steps._numbering import starts_structure

N = 8  # characters per shingle
COVERAGE = 0.85  # share of a line's shingles found elsewhere that makes it a duplicate
BLANK = "_.\u2026-"  # what a form's blank to fill in is drawn with
BLANKS = 0.3  # share of a line drawn as blanks: a form's line, which a form may print twice
MIN_CHARS = 40
MAX_CHARS = 5000  # no preview is longer; a longer line is something else
ALT_TEXT = 20  # characters (folded) of a line repeated at the start of the next one: an image's alt text
ALT_CREDIT = 4  # letters the caption adds to it (a credit)
BOX_LABEL_WORDS = 3  # words of a summary box's label (Key takeaway, In brief)
BOX_LABEL_CHARS = 6  # characters of a Chinese one (内容摘要, 核心提示)
SCOPE = 200_000  # previews repeat the start of the text: compare with its first part
#: How a preview ends: cut with an ellipsis or ``>>``, or with a button to read on (``[查看全文]``,
#: ``[Read more]``; never ``[Applause]`` or a citation's ``[3]``).
TRAILING_CUT = re.compile(
    r"(?:\.\.\.|\u2026|>>|[\[\u3010][^\[\]\u3010\u3011\d]{0,6}"
    r"(?:\u5168\u6587|\u9605\u8bfb|\u66f4\u591a|\u5c55\u5f00|\u67e5\u770b|more|read)[^\[\]\u3010\u3011\d]{0,6}[\]\u3011])$",
    re.IGNORECASE,
)  # (全文 阅读 更多 展开 查看)

#: A summary box's label on the preview's own line (``Summary:``, ``摘要：``) and its read-on
#: button after the ellipsis (``...read the whole guide``, ``…展开全文``): not the document's words.
BOX_LABEL = re.compile(r"^[^\W\d]{1,12}[:\uff1a]")
CUT_WITH_BUTTON = re.compile(r"(?:\.\.\.|\u2026)[^\W\d_][^.\u2026\d]{1,19}$")  # (a contents line's ". . . 12": no)


def preview_key(folded: str) -> str:
    """The text of a (folded) line a preview would share with the body: without a trailing
    cut or read-on button, or a box label before it."""
    key = CUT_WITH_BUTTON.sub("", TRAILING_CUT.sub("", folded)).rstrip(".\u2026>")
    return BOX_LABEL.sub("", key) if len(key) >= 2 * MIN_CHARS else key


def shingle_list(text: str) -> list[str]:
    return [text[i : i + N] for i in range(max(0, len(text) - N + 1))]


class DuplicateSummary(Step):
    name = "duplicates"
    description = (
        "Drop a summary or preview block that repeats the body text (possibly cut with '...'); "
        "repeated phrases inside the text are kept."
    )
    order = 300

    def run(self, doc: Document, ctx: Context) -> Document:
        doc = self._alt_texts(doc)
        lines = doc.lines
        if len(lines) < 3:
            return doc
        folded = [fold(line.text) for line in lines]
        keys = [preview_key(text) for text in folded]
        typical = statistics.median(len(k) for k in keys)
        wrapped = wrap_of(doc) is not None
        widgets = {r.origin.line for r in doc.removals if r.kind == "summary-ui" and r.origin}
        candidates = [
            i
            for i, k in enumerate(keys)
            if MIN_CHARS <= len(k) <= MAX_CHARS
            and (len(k) >= 1.6 * typical or TRAILING_CUT.search(folded[i]) or CUT_WITH_BUTTON.search(folded[i]))
            and lines[i].heading is None
            and not starts_structure(lines[i].text.strip())  # an item of a list repeats its siblings' words
            and sum(ch in BLANK for ch in k) < BLANKS * len(k)  # a form's line to fill in: Other (specify) ____
            and self._where_previews_are(i, lines, widgets, wrapped)
        ]
        if not candidates:
            return doc
        # shingles of the whole text, counted once; a candidate's own shingles are
        # subtracted, so what is left is "found elsewhere"
        total = Counter(shingle_list("".join(keys)[:SCOPE]))
        starts = list(itertools.accumulate((len(k) for k in keys), initial=0))
        drop: dict[int, tuple[str, str]] = {}
        for i in candidates:
            own = Counter(shingle_list(keys[i]))
            inside = starts[i + 1] <= SCOPE  # its own shingles are in ``total`` too
            found = sum(1 for s in own if total[s] > (own[s] if inside else 0))
            share = found / len(own) if own else 0.0
            if share >= COVERAGE:
                drop[i] = ("duplicate", f"repeats the body text ({share:.0%} of it found again): a summary preview")
                if inside:
                    total.subtract(own)
        for i in list(drop):  # the summary box's label on a line of its own above it (below it, 同志们：
            j = i - 1  # begins the text), when the box is known as one: cut off or beside its widgets (an
            boxed = TRAILING_CUT.search(folded[i]) or any(abs(lines[i].origin.line - w) <= 2 for w in widgets)
            if boxed and j >= 0 and j not in drop and self._box_label(lines[j], doc.meta.title):  # unwrapped
                # line near the top may be a paragraph under a heading, Background)
                drop[j] = ("summary-ui", f"the label of the summary preview {lines[i].text.strip()[:20]!r}")
        return doc.drop_lines(drop, self.name)

    def _alt_texts(self, doc: Document) -> Document:
        """A picture's alt text kept as a line right above its caption: the caption's start
        again, the credit missing (``…重建項目。林鄭`` above ``…重建項目。林鄭…攝:Agency``). The
        longer line, the caption, stays."""
        lines = doc.lines
        drop: dict[int, tuple[str, str]] = {}
        for i in range(len(lines) - 1):
            a, b = fold(lines[i].text), fold(lines[i + 1].text)
            if (
                len(a) >= ALT_TEXT
                and b.startswith(a)
                and sum(1 for ch in b[len(a) :] if ch.isalnum()) >= ALT_CREDIT  # the credit the alt text lacks
                and lines[i].heading is None
                and (i == 0 or fold(lines[i - 1].text) != a)  # (a line the text repeats is the text's)
            ):
                drop[i] = ("duplicate", "an image's alt text: the caption below begins with it")
        return doc.drop_lines(drop, self.name) if drop else doc

    @staticmethod
    def _box_label(line: Line, title: str | None) -> bool:
        """A bare label above a summary box (``Key takeaway``, ``内容摘要：``): a few
        words, no digit, no sentence end; never a heading, a numbered line or the title."""
        text = line.text.strip().rstrip(":\uff1a")
        if not text or line.heading is not None or starts_structure(text) or fold(text) == fold(title or ""):
            return False
        if any(ch.isdigit() for ch in text) or text[-1] in SENTENCE_END:
            return False
        return len(text.split()) <= BOX_LABEL_WORDS if text.isascii() else len(text) <= BOX_LABEL_CHARS

    @staticmethod
    def _where_previews_are(i: int, lines: tuple[Line, ...], widgets: set[int], wrapped: bool) -> bool:
        """Previews stand next to a summary widget or end cut off; in hard-wrapped text an
        unwrapped line near the top is one too (in one-paragraph-per-line text it is not)."""
        number = lines[i].origin.line
        if any(abs(number - w) <= 2 for w in widgets) or TRAILING_CUT.search(lines[i].text):
            return True
        return wrapped and i < max(3, 0.3 * len(lines))
