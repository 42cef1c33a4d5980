"""A family's distinctive vocabulary, and the checks that keep held-out families honest.

Text is compared after NFKC folding and case folding. It is split into words:

- a *Chinese word* is a maximal run of CJK ideographs (two or more); it is generic when it
  can be cut entirely into words of ``generic.toml``'s ``zh`` list and its single characters
  ``zh_chars``;
- an *English phrase* is a maximal run of Latin words separated only by spaces (any other
  character, digits included, ends it; a lone word needs four letters); it is generic when
  every word in it is a word of ``generic.toml``'s ``en`` list or ``en_stop``.

A family's distinctive vocabulary is every non-generic word and phrase in its site name,
domain, forms (placeholders removed) and vocabulary lists; fillers (people, other documents'
titles) are not vocabulary.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from .families import Family, families, generic
from .forms import PLACEHOLDER

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]{{2,}}")
LATIN_CHUNK = re.compile(r"[a-z][a-z'\-]*(?: +[a-z][a-z'\-]*)*")
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def unescape(text: str) -> str:
    """Decode the \\uXXXX escapes of Python source (Chinese is written that way there)."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


@functools.cache
def _generic_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    g = generic()
    zh = frozenset(norm(w) for w in g["zh"]) | frozenset(norm(g["zh_chars"]))
    en = frozenset(w for phrase in g["en"] + g["en_stop"] for w in norm(phrase).split())
    en_phrases = frozenset(norm(p) for p in g["en"])
    return zh, en, en_phrases


def generic_han(run: str) -> bool:
    """True if ``run`` cuts entirely into generic words and characters."""
    zh, _, _ = _generic_sets()
    ok = [True] + [False] * len(run)
    for end in range(1, len(run) + 1):
        ok[end] = any(ok[start] and run[start:end] in zh for start in range(max(0, end - 8), end))
    return ok[-1]


def generic_latin(phrase: str) -> bool:
    _, en, en_phrases = _generic_sets()
    return phrase in en_phrases or all(w.strip("'-") in en for w in phrase.split())


def words(text: str) -> set[str]:
    """The Chinese words and English phrases of ``text`` (normalised), generic or not."""
    t = norm(text)
    out = set(HAN_RUN.findall(t))
    for chunk in LATIN_CHUNK.findall(t):
        phrase = " ".join(chunk.split()).strip("'-")
        if len(phrase) >= 4 or " " in phrase:  # single words of 2-3 letters are ids, not words
            out.add(phrase)
    return out


def distinctive(texts: Iterable[str]) -> set[str]:
    out = set()
    for w in set().union(*(words(t) for t in texts)):
        is_han = bool(HAN_RUN.fullmatch(w))
        if not (generic_han(w) if is_han else generic_latin(w)):
            out.add(w)
    return out


def family_texts(fam: Family) -> list[str]:
    """The literal text a family brings: site, domain, forms without placeholders, vocabulary."""
    texts = [fam.site, fam.domain]
    for forms in fam.forms.values():
        texts += [PLACEHOLDER.sub("\n", f) for f in forms]
    for values in fam.vocab.values():
        texts += values
    return texts


@functools.cache
def family_words(name: str) -> frozenset[str]:
    """The distinctive vocabulary of a family."""
    return frozenset(distinctive(family_texts(families()[name])))


@functools.cache
def brand_words(name: str) -> frozenset[str]:
    """The distinctive words of a family's site name and domain (its brand)."""
    fam = families()[name]
    return frozenset(distinctive([fam.site, fam.domain]))


def code_vocabulary(name: str) -> frozenset[str]:
    """The part of a family's vocabulary that is checked in program source, where ordinary
    English words (``options``, ``readers``) occur as identifiers: Chinese words, phrases
    of two or more words, and brand words."""
    return frozenset(w for w in family_words(name) if HAN_RUN.fullmatch(w) or " " in w or w in brand_words(name))


def _latin_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", text) is not None


def found_in(text: str, vocabulary: Iterable[str]) -> list[str]:
    """The words of ``vocabulary`` that occur in ``text``: Chinese words as substrings,
    English phrases as whole words (white space collapsed)."""
    t = " ".join(norm(unescape(text)).split())
    return sorted(w for w in vocabulary if (w in t if HAN_RUN.fullmatch(w) else _latin_in(w, t)))


def contained_rule_words(text: str, vocabulary: Iterable[str], min_len: int = 4) -> list[str]:
    """Non-generic Chinese runs of ``text`` (a rule file; ``min_len`` or more characters)
    that lie inside a word of ``vocabulary``: a rule written from a held-out phrase."""
    runs = {r for r in HAN_RUN.findall(norm(unescape(text))) if len(r) >= min_len and not generic_han(r)}
    vocab = [w for w in vocabulary if HAN_RUN.fullmatch(w)]
    return sorted(f"{r} (in {w})" for r in runs for w in vocab if r in w and r != w)


def shared_words() -> list[str]:
    """Distinctive words that two families share (exactly, or a Chinese word of three or
    more characters inside another family's word)."""
    names = sorted(families())
    problems = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            wa, wb = family_words(a), family_words(b)
            for w in sorted(wa & wb):
                problems.append(f"{a}/{b}: {w}")
            for x, wx, y, wy in ((a, wa, b, wb), (b, wb, a, wa)):
                for w in sorted(wx - wy):
                    if HAN_RUN.fullmatch(w) and len(w) >= 3 and any(w in v for v in wy if v != w):
                        problems.append(f"{x}/{y}: {w} (inside a word of {y})")
    return problems
