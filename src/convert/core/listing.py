"""Whether lines set verbatim read as a code listing or as text that was merely set that
way: one answer for every reader (a PDF's run of fixed-width lines, an HTML ``<pre>``, a
Markdown fence whose kind is in doubt).

Text is wrapped: most of its lines are long and end inside a sentence, the next line going
on with it, and it holds few of a program's marks. A listing's lines end where its
statements do and carry marks no prose uses: ``{`` ``}`` ``<`` ``>`` ``=`` ``_`` ``\\``, a
name right before ``(`` (a call), ``;`` at the end, a comment's or a prompt's opening, a
command's option (`` -l``, `` --help``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from convert.core.textutil import HAN_RE

#: A mark of a program's line (see the module's doc).
CODE_MARK = re.compile(r"[{}<>=_\\]|\b[A-Za-z_]\w*\(|;\s*$|^\s*(?:#|//|/\*|--|\$|>>>)\s|\s--?[a-z][\w-]*(?:\s|$)")
FULL_WIDTH_STOPS = re.compile("[\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f]")
SENTENCE_END = re.compile("[.!?\u2026\u3002\uff01\uff1f][\"')\u201d\u2019\u300d\u300f\uff09]*$")
WORD_END = re.compile(r"[\w,\u00c0-\uffff]$")  # a line ending on a word or a comma: a sentence goes on
LONG = 0.6  # a wrapped line is at least this share of the longest line's length
WRAPPED = 0.4  # text: at least this share of its line ends fall inside a sentence
FEW_MARKS = 0.15  # ...and at most this share of its lines carry a program's mark
SENTENCES = 0.5  # text: more than this share of its lines end a sentence
HAN_SHARE = 0.5  # text: more than this share of Han characters, with full-width punctuation


def marked_share(lines: Sequence[str]) -> float:
    """The share of the non-blank ``lines`` that carry a program's mark."""
    shown = [line for line in lines if line.strip()]
    return sum(1 for line in shown if CODE_MARK.search(line)) / len(shown) if shown else 0.0


def wrapped_text(lines: Sequence[str]) -> bool:
    """Whether ``lines`` read as wrapped text: many long lines end inside a sentence that the
    next line goes on with (``…, skills sharing and`` / ``renown service offerings…``), and
    few lines carry a program's mark."""
    shown = [line.strip() for line in lines if line.strip()]
    if len(shown) < 2:
        return False
    longest = max(len(line) for line in shown)
    inside = sum(
        1
        for a, b in itertools.pairwise(shown)
        if len(a) >= LONG * longest and WORD_END.search(a) and not SENTENCE_END.search(a) and b[:1].isalpha()
    )
    return inside >= WRAPPED * (len(shown) - 1) and marked_share(shown) <= FEW_MARKS


def numbers_only(lines: Sequence[str]) -> bool:
    """Whether ``lines`` hold nothing but numbers: a listing's gutter of line numbers."""
    shown = [line.strip() for line in lines if line.strip()]
    return bool(shown) and all(line.isdigit() for line in shown)


def reads_as_text(lines: Sequence[str]) -> bool:
    """Whether lines set verbatim (an HTML ``<pre>``, a Markdown ``~~~`` block without a
    language) are text rather than a listing: most of them end a sentence, they are wrapped
    text (:func:`wrapped_text`: an RFC's pages, a plain-text e-mail), they are mostly Han
    characters with full-width punctuation (a Chinese notice, a story between separator
    lines), or they hold only numbers (a listing's gutter of line numbers)."""
    shown = [line.strip() for line in lines if line.strip()]
    if not shown:
        return False
    if sum(1 for line in shown if SENTENCE_END.search(line)) > SENTENCES * len(shown):
        return True
    if wrapped_text(shown) or numbers_only(shown):
        return True
    text = "".join(shown)
    visible = len(text) - sum(1 for ch in text if ch.isspace())
    return len(HAN_RE.findall(text)) > HAN_SHARE * visible and FULL_WIDTH_STOPS.search(text) is not None
