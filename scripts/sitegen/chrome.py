"""What every renderer shares: the furniture record of a case and the plan of which chrome
goes where (head, page breaks, tail)."""

from __future__ import annotations

import random

from .families import Family, kinds
from .forms import Filler

Lines = list[tuple[str, list[tuple[str, str]]]]


class Furniture:
    """The furniture strings injected into one input, in order, each (kind, text) once."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, kind: str, text: str, **extra: str) -> None:
        text = text.strip()
        if text and (kind, text) not in self._seen:
            self._seen.add((kind, text))
            self.items.append({"kind": kind, "text": text, **extra})

    def lines(self, lines: Lines) -> list[str]:
        """Record the furniture of filled lines; return their text."""
        for _, pieces in lines:
            for kind, text in pieces:
                self.add(kind, text)
        return [t for t, _ in lines]


def repeats(kind: str) -> bool:
    return bool(kinds().get(kind, {}).get("repeat"))


def chosen(fam: Family, names: list[str], rng: random.Random) -> list[str]:
    """The kinds of a head or tail list that appear this time (each with the family's
    ``keep`` chance; the title always)."""
    keep = float(fam.layout.get("keep", 0.85))
    return [k for k in names if k == "title" or rng.random() < keep]


def break_plan(fam: Family, names: list[str], breaks: int, rng: random.Random) -> list[list[str]]:
    """For each of ``breaks`` page ends (the last one is the end of the text), the chrome
    drawn there: page numbers at every page end; running headers, watermarks and bars at
    every break; ads at a break with the family's ``ad_rate``; any other kind once, at a
    random break (at the end of the text when there is a single page)."""
    plan: list[list[str]] = [[] for _ in range(breaks)]
    ad_rate = float(fam.layout.get("ad_rate", 0.5))
    for kind in names:
        if kind == "pageno":
            for p in plan:
                p.append(kind)
        elif kind == "ad":
            for p in plan[:-1]:
                if rng.random() < ad_rate:
                    p.append(kind)
        elif repeats(kind):
            for p in plan[:-1]:
                p.append(kind)
        else:
            at = rng.randrange(breaks - 1) if breaks > 1 else 0
            plan[at].append(kind)
    return plan


def draw(filler: Filler, kind: str, page: int | None = None) -> Lines:
    """Lines of one chrome kind: running headers and watermarks are the same on every page."""
    if kind in ("header", "watermark"):
        return filler.fixed(kind)
    return filler.block(kind, page)
