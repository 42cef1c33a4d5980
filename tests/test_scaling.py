"""Cleaning large inputs: what holds for small generated documents holds for thousands of lines
too, and the fast character measures agree with the exact ones. (How long cleaning takes is
timed by ``scripts/bench_clean.py``, never here.)"""

from __future__ import annotations

import random

import pytest
from tools import without_provenance

from convert.core.contracts import Options, Source
from convert.core.model import Document
from convert.core.textutil import WIDE_RUNS, char_width, fold, han_ratio, width
from convert.writers.markdown import render

HAN = (
    "\u6211\u4eec\u8981\u575a\u6301\u95ee\u9898\u5bfc\u5411\u63a8\u52a8\u5de5\u4f5c\u843d\u5b9e\u53d1\u5c55\u6539"
    "\u9769\u521b\u65b0\u4eba\u6c11\u7fa4\u4f17\u5e02\u59d4\u653f\u5e9c\u5efa\u8bbe\u670d\u52a1\u7ecf\u6d4e\u793e\u4f1a"
)
#: What a document-sharing site puts between two pages: a page number, its marks and an ad.
PAGE_BREAK = (
    "- {n} -",
    "\u7b2c {n} \u9875 \u5171 {pages} \u9875",
    "VIP\u4e13\u514d",
    "\u4fb5\u6743\u6295\u8bc9",
    "\u66f4\u591a\u516c\u6587\u7d20\u6750\u8bf7\u52a0\u5fae\u4fe1:gwt_kf123 \u8fdb\u5fae\u4fe1\u7fa4,",
)
HEAD = ("VIP\u4e13\u514d", "2023-05-06", "999+", "34.95KB", "{pages} \u9875", "\u4fb5\u6743\u6295\u8bc9")
TITLE = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd"
WRAP = 36  # characters per wrapped line (72 columns)
PAGE = 40  # lines per page
LINES = 3000  # lines of text at least


def sentence(rng: random.Random) -> str:
    clauses = ["".join(rng.choices(HAN, k=rng.randint(4, 12))) for _ in range(rng.randint(1, 4))]
    return "\uff0c".join(clauses) + "\u3002"


def large_scraped(seed: int) -> tuple[str, list[str]]:
    """A scraped text of :data:`LINES` or more hard-wrapped lines, with a site's head and its
    marks and ads at every page break (inside paragraphs too), and its sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    lines: list[str] = []
    while len(lines) < LINES:
        paragraph = "".join(sentence(rng) for _ in range(rng.randint(2, 8)))
        paragraphs.append(paragraph)
        lines += [paragraph[i : i + WRAP] for i in range(0, len(paragraph), WRAP)]
    pages = -(-len(lines) // PAGE)
    out = [line.format(pages=pages) for line in HEAD] + [TITLE]
    for i, line in enumerate(lines):
        if i and i % PAGE == 0:
            out += [mark.format(n=i // PAGE, pages=pages) for mark in PAGE_BREAK]
        out.append(line)
    sentences = [s + "\u3002" for p in paragraphs for s in p.split("\u3002") if s]
    return "\n".join(out) + "\n", sentences


def run(registry, text: str, name: str = "input.txt") -> Document:  # type: ignore[no-untyped-def]
    from convert.app.pipeline import convert_source

    return convert_source(Source(name=name, data=text.encode("utf-8")), registry, Options())


@pytest.mark.parametrize("seed", [1, 2])
def test_a_large_scraped_text_keeps_every_sentence_and_accounts_for_every_line(registry, seed: int) -> None:  # type: ignore[no-untyped-def]
    text, sentences = large_scraped(seed)
    doc = run(registry, text)
    body = fold(doc.body_text)
    lost = [s for s in sentences if fold(s) not in body]
    assert not lost, f"{len(lost)} of {len(sentences)} sentences lost, e.g. {lost[:2]}"
    kept = fold(doc.body_text + (doc.meta.title or ""))
    removed = {fold(r.text) for r in doc.removals}
    unaccounted = [
        line for line in text.splitlines() if line.strip() and fold(line) not in kept and fold(line) not in removed
    ]
    assert not unaccounted, unaccounted[:3]
    assert doc.meta.title == TITLE
    assert not any(mark in body for mark in ("vip", "\u4fb5\u6743", "gwt_kf123"))  # every page's ad went


def test_cleaning_a_large_text_twice_changes_nothing(registry) -> None:  # type: ignore[no-untyped-def]
    text, _ = large_scraped(3)
    first = render(run(registry, text))
    second = render(run(registry, first, name="input.md"))
    assert without_provenance(second) == without_provenance(first)


def test_every_character_of_the_wide_runs_is_wide() -> None:
    """:data:`WIDE_RUNS` is the fast path of :func:`width`: it may hold only characters that
    :func:`char_width` (the Unicode data of the running Python) calls wide."""
    narrow = [
        hex(cp)
        for cp in range(0x110000)
        if not 0xD800 <= cp < 0xE000 and WIDE_RUNS.fullmatch(chr(cp)) and char_width(chr(cp)) != 2
    ]
    assert not narrow, narrow[:10]


def test_width_and_han_ratio_agree_with_counting_character_by_character() -> None:
    rng = random.Random(16)
    pool = [chr(cp) for cp in (*range(0x20, 0x3100), *range(0x4E00, 0x4F00), 0xFF01, 0xFF21, 0x20000, 0x1F600)]
    pool += [" ", "\u3000", "\t", "\u00a0", "\u2028"]
    for _ in range(5000):
        text = "".join(rng.choices(pool, k=rng.randint(0, 80)))
        assert width(text) == sum(char_width(ch) for ch in text), text
        chars = len(text) - sum(1 for ch in text if ch.isspace())
        expected = sum(1 for ch in text if 0x4E00 <= ord(ch) <= 0x9FFF or ord(ch) >= 0x20000) / chars if chars else 0.0
        assert han_ratio(text) == pytest.approx(expected), text
