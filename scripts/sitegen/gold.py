"""Gold documents: clean Markdown (front matter, ``#`` title, ``##``/``###`` headings, one
paragraph per block) parsed into blocks, and the pool the generator draws from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_GOLD = ROOT.parent / "shared" / "corpus" / "dev" / "gold"
OWN_GOLD = ROOT / "tests" / "data" / "sitegen_gold"
SEED_GOLD = ROOT / "tests" / "data" / "speech.gold.md"  # the seed speech's gold, kept in the repo


@dataclass(frozen=True)
class Block:
    level: int  # 0 for a paragraph, 2.. for a heading
    text: str


@dataclass(frozen=True)
class Gold:
    id: str
    path: Path
    meta: dict[str, str]
    title: str
    blocks: tuple[Block, ...]

    @property
    def lang(self) -> str:
        return self.meta.get("language", "zh")

    @property
    def date(self) -> dt.date:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", self.meta.get("date", ""))
        return dt.date(*map(int, m.groups())) if m else dt.date(2023, 6, 1)

    def summary(self, chars: int) -> str:
        """The start of the body text, as sites repeat it in a summary block."""
        paras = [b.text for b in self.blocks if not b.level]
        joined = ("" if self.lang == "zh" else " ").join(paras)
        cut = joined[:chars]
        if self.lang != "zh" and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        return cut.strip()


def parse(path: Path) -> Gold:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    meta: dict[str, str] = {}
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if m:
        for line in m.group(1).splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip().strip("\"'")
        text = text[m.end() :]
    title = ""
    blocks: list[Block] = []
    for raw in re.split(r"\n\s*\n", text.strip()):
        raw = " ".join(raw.split("\n")).strip()
        h = re.match(r"(#{1,6})\s+(.*)", raw)
        if h and len(h.group(1)) == 1 and not title:
            title = h.group(2).strip()
        elif h:
            blocks.append(Block(len(h.group(1)), h.group(2).strip()))
        elif raw:
            blocks.append(Block(0, raw))
    return Gold(
        path.name.removesuffix(".md").removesuffix(".gold"), path, meta, title or meta.get("title", ""), tuple(blocks)
    )


def pool() -> list[Gold]:
    """Every gold document available: the dev corpus's (when ../shared is present), the
    seed speech's and the generator's own, sorted by id."""
    paths = sorted(SHARED_GOLD.glob("*.md")) if SHARED_GOLD.is_dir() else []
    paths += [SEED_GOLD, *sorted(OWN_GOLD.glob("*.md"))]
    docs = {}
    for p in paths:
        if p.exists():
            g = parse(p)
            docs.setdefault(g.id, g)
    return [docs[k] for k in sorted(docs)]
