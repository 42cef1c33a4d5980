"""Hard wrapping of paragraphs into printed lines, and the page breaks between them."""

from __future__ import annotations

import random
from typing import Any

from .gold import Gold


def width_of(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2000 else 1.0


def wrap_zh(text: str, width: float, first: float = 0.0) -> list[str]:
    """Cut at ``width`` full-width characters (ASCII counts half); the first line has
    ``first`` less room (its indent)."""
    out: list[str] = []
    cur, used, room = "", 0.0, width - first
    for ch in text:
        w = width_of(ch)
        if used + w > room and cur:
            out.append(cur)
            cur, used, room = "", 0.0, width
        cur += ch
        used += w
    if cur:
        out.append(cur)
    return out


def wrap_en(text: str, width: int, first: int = 0) -> list[str]:
    out: list[str] = []
    cur, room = "", width - first
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > room:
            out.append(cur)
            cur, room = word, width
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        out.append(cur)
    return out


def pick(value: Any, rng: random.Random) -> int:
    """A layout number: a fixed value or a [low, high] range."""
    if isinstance(value, list):
        return rng.randint(int(value[0]), int(value[1]))
    return int(value)


def printed_lines(gold: Gold, width: int, indent: str) -> list[tuple[int, str]]:
    """The document as printed lines: (heading level or 0, text); the title is not included.
    ``width`` 0 keeps one paragraph per line."""
    out: list[tuple[int, str]] = []
    for b in gold.blocks:
        if b.level or not width:
            out.append((b.level, b.text if b.level else indent + b.text))
        elif gold.lang == "zh":
            first = sum(width_of(c) for c in indent)
            lines = wrap_zh(b.text, width, first)
            out += [(0, indent + lines[0])] + [(0, t) for t in lines[1:]]
        else:
            lines = wrap_en(b.text, width, len(indent))
            out += [(0, indent + lines[0])] + [(0, t) for t in lines[1:]]
    return out


def pages_of(lines: list[Any], per_page: int) -> list[list[Any]]:
    per_page = max(3, per_page)
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
