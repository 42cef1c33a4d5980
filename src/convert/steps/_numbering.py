"""Recognising the numbering of official documents and numbered English sections.

Chinese official documents number their parts in a fixed hierarchy (``第一编`` > ``第一章`` >
``第一节`` > ``一、`` > ``（一）`` > ``1.`` > ``（1）``); English ones use ``I.`` > ``A.``, or
``1.``, ``1.1``, ``1.1.1``. :func:`numbering_rank` tells which rung a line starts with; the headings step
turns the rungs a document actually uses into heading levels.
"""

from __future__ import annotations

import re

from convert.core.textutil import CLAUSE_END, NOT_TITLE_END, is_han, nfkc, per_line

CN_NUM = "一二三四五六七八九十百千零〇两"

# (rank, pattern on the NFKC-folded line). Lower rank = higher in the hierarchy.
NUMBERING: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{CN_NUM}\d]+(?:编|部分|篇)\s*")),
    (1, re.compile(rf"^第[{CN_NUM}\d]+章\s*")),
    (2, re.compile(rf"^第[{CN_NUM}\d]+节\s*")),
    (3, re.compile(rf"^[{CN_NUM}]+\s*[\u3001.]\s*")),
    (4, re.compile(rf"^\(\s*[{CN_NUM}]+\s*\)\s*")),
    (5, re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.\s+(?=[A-Z])")),  # I. INTRODUCTION
    (6, re.compile(r"^[A-Z]\.\s+(?=[A-Z])")),  # A. Google DeepDream
    (7, re.compile(r"^\d{1,2}\s*(?:[\u3001]|\.(?!\d))\s*")),
    (8, re.compile(r"^\d{1,2}\.\d{1,2}(?!\.\d)\.?\s+")),
    (9, re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+")),
    (10, re.compile(r"^\(\s*\d{1,2}\s*\)\s*")),
)
#: Any numbering at a line's start (what a heading's words come after).
NUMBER_LEAD = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in NUMBERING))
# Articles of regulations (第一条) are numbered paragraphs, never headings.
ARTICLE = re.compile(rf"^第[{CN_NUM}\d]+条")


@per_line
def numbering_rank(text: str) -> int | None:
    """The hierarchy rung ``text`` starts with, or ``None`` when it is not numbered."""
    folded = nfkc(text)
    if ARTICLE.match(folded):
        return None
    for rank, pattern in NUMBERING:
        m = pattern.match(folded)
        if m and m.end() < len(folded):
            return rank
    return None


@per_line
def starts_structure(text: str) -> bool:
    """Whether a line starts a numbered part, an article or a list item (a new block)."""
    folded = nfkc(text)
    return bool(ARTICLE.match(folded)) or numbering_rank(text) is not None


def heading_candidate(text: str) -> int | None:
    """The rung of a numbered line that can be a heading: short, no clause-ending
    punctuation at its end and no full stop inside (a run-in heading starts a paragraph),
    not an article. ``None`` otherwise."""
    rank = numbering_rank(text)
    if rank is None:
        return None
    stripped = text.rstrip()
    if stripped[-1] in CLAUSE_END:
        return None
    if "\u3002" in stripped[:-1]:
        return None  # a run-in heading: 二、报送方式。通过…报送至 (the paragraph goes on after its full stop)
    latin = not re.search(r"[\u3400-\u9fff]", stripped)
    if latin:
        if len(stripped.split()) > 14:
            return None
    elif len(stripped) > 40:
        return None
    return rank


def unnumbered_heading(text: str, max_words: int) -> bool:
    """Shaped like a section heading without a number (``Background``, ``Equipment and
    Costs``): starts with a capital or a Chinese character, ends without punctuation, at most
    ``max_words`` words. Where it stands decides whether it is one (paragraphs, headings)."""
    text = text.strip()
    return (
        bool(text)
        and text[-1] not in NOT_TITLE_END
        and (text[0].isupper() or is_han(text[0]))
        and len(text.split()) <= max_words
    )
