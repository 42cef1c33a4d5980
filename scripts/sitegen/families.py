"""The data of the generator: chrome kinds, site families, the tuning/held-out split, generic
words and random fillers, loaded from ``data/*.toml`` and checked for consistency."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
SPLITS = ("tuning", "heldout")
# layout lists that name chrome kinds, per output format
PLACES = {
    "txt": ("txt_head", "txt_breaks", "txt_tail"),
    "html": ("html_top", "html_head", "html_breaks", "html_after", "html_side", "html_footer"),
    "pdf": ("pdf_header", "pdf_footer", "pdf_first", "pdf_last"),
}


@dataclass(frozen=True)
class Family:
    """One coherent site: its words (forms and vocabulary) and its layout habits."""

    name: str
    lang: str
    about: str
    site: str
    domain: str
    layout: dict[str, Any]
    forms: dict[str, list[str]]
    vocab: dict[str, list[str]]
    split: str

    def places(self, fmt: str) -> list[str]:
        return [k for key in PLACES[fmt] for k in self.layout.get(key, [])]


def read(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as f:
        return tomllib.load(f)


@functools.cache
def kinds() -> dict[str, dict[str, Any]]:
    return read("kinds.toml")["kind"]


@functools.cache
def generic() -> dict[str, Any]:
    return read("generic.toml")


@functools.cache
def fillers() -> dict[str, Any]:
    return read("fillers.toml")


@functools.cache
def splits() -> dict[str, list[str]]:
    data = read("splits.toml")
    return {s: list(data[s]) for s in SPLITS}


@functools.cache
def families() -> dict[str, Family]:
    """Every family by name, with its split; raises ValueError on inconsistent data."""
    split_of = {name: s for s, names in splits().items() for name in names}
    out: dict[str, Family] = {}
    for path in sorted((DATA / "families").glob("*.toml")):
        d = read(f"families/{path.name}")
        if d["name"] != path.stem:
            raise ValueError(f"{path.name}: name {d['name']!r} differs from the file name")
        if d["name"] not in split_of:
            raise ValueError(f"{path.name}: family is in neither split of splits.toml")
        fam = Family(
            name=d["name"],
            lang=d["lang"],
            about=d["about"],
            site=d["site"],
            domain=d["domain"],
            layout=d["layout"],
            forms=d["forms"],
            vocab=d.get("vocab", {}),
            split=split_of[d["name"]],
        )
        check(fam)
        out[fam.name] = fam
    missing = set(split_of) - set(out)
    if missing:
        raise ValueError(f"splits.toml names families without a file: {sorted(missing)}")
    return out


def check(fam: Family) -> None:
    known = kinds()
    for kind in fam.forms:
        if kind not in known:
            raise ValueError(f"{fam.name}: forms for unknown kind {kind!r}")
    for fmt in PLACES:
        for kind in fam.places(fmt):
            if kind != "title" and kind not in fam.forms:
                raise ValueError(f"{fam.name}: layout places {kind!r} ({fmt}) but it has no forms")
    placed = {k for fmt in PLACES for k in fam.places(fmt)}
    placed |= {"watermark"} if fam.layout.get("pdf_watermark", "none") != "none" else set()
    placed |= {"ad"} if fam.layout.get("pdf_ads", 0) else set()
    if set(fam.forms) - placed:
        raise ValueError(f"{fam.name}: forms never placed by the layout: {sorted(set(fam.forms) - placed)}")
    if fam.lang not in ("zh", "en"):
        raise ValueError(f"{fam.name}: lang must be zh or en")


def of_split(split: str, lang: str | None = None) -> list[Family]:
    """The families of a split ('tuning', 'heldout' or 'all'), optionally of one language."""
    return [f for f in families().values() if (split == "all" or f.split == split) and (lang is None or f.lang == lang)]
