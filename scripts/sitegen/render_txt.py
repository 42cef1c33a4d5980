"""Scraped text (.txt): head chrome, the text hard-wrapped (or one paragraph per line) with
chrome at page breaks, tail chrome; UTF-8, UTF-8 with BOM or GB18030, LF or CRLF."""

from __future__ import annotations

import random

from .chrome import Furniture, break_plan, chosen, draw
from .families import Family
from .forms import Filler
from .gold import Gold
from .wrap import pages_of, pick, printed_lines


def weighted(table: dict[str, float], rng: random.Random) -> str:
    keys = sorted(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def render(gold: Gold, fam: Family, rng: random.Random, filler: Filler, fur: Furniture) -> tuple[bytes, dict]:
    lay = fam.layout
    width = pick(lay.get("wrap", 0), rng)
    indent = rng.choice(lay.get("indent", [""]))
    body = [t for _, t in printed_lines(gold, width, indent)]
    breaks = lay.get("txt_breaks", [])
    pages = pages_of(body, pick(lay.get("lines_per_page", 40), rng)) if breaks else [body]
    filler.ctx.total = len(pages)
    plan = break_plan(fam, breaks, len(pages), rng)

    out: list[str] = []
    for kind in chosen(fam, lay.get("txt_head", ["title"]), rng):
        out += [gold.title] if kind == "title" else fur.lines(draw(filler, kind))
    if "title" not in lay.get("txt_head", []):
        out.insert(0, gold.title)
    for n, page in enumerate(pages, start=1):
        out += page
        for kind in plan[n - 1]:
            out += fur.lines(draw(filler, kind, page=n))
    for kind in chosen(fam, lay.get("txt_tail", []), rng):
        out += fur.lines(draw(filler, kind))

    encoding = weighted(lay.get("encodings", {"utf-8": 1}), rng)
    newline = "crlf" if rng.random() < float(lay.get("crlf", 0)) else "lf"
    text = "\n".join(out) + "\n"
    if newline == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding)
    info = {
        "encoding": encoding,
        "newline": newline,
        "pages": len(pages),
        "wrap": width,
        "indent": "fullwidth" if "\u3000" in indent else ("ascii" if indent else "none"),
    }
    return data, info
