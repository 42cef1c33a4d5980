"""Score docconv's Markdown for the real documents against hand-written expectations.

The expectations are ``tests/data/real_expected.json`` (see its ``about``): per document the
title, the headings (Markdown level and text), headings that may or may not be headings, sentences
that must survive, furniture that must go and texts that must each be one paragraph. Used by
``scripts/eval.py`` (the ``real`` set) and ``tests/test_real_documents.py``.

Texts are compared after NFKC folding, straight quotes, Markdown escapes removed, all white space
removed and case folding. The output's headings are its ATX/setext headings less the first level-1
heading (the title); each expected heading is matched one-to-one with an output heading of the same
text (or one of its ``alt`` texts); an output heading that matches nothing expected but an
``optional_headings`` text is not counted; any other output heading is a false positive.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "real_expected.json"
REAL = ROOT.parent / "shared" / "corpus" / "real"

QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " ", "\u00ad": ""}
)
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
EMPHASIS = re.compile(r"(\*\*|__)")
WS = re.compile(r"\s+")
ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def norm(text: str) -> str:
    """The comparison key: NFKC, straight quotes, no Markdown escapes or bold marks, no white
    space, case folded."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    text = EMPHASIS.sub("", ESCAPE.sub(r"\1", text))
    return WS.sub("", text).casefold()


def load_expected(path: Path = EXPECTED) -> dict[str, dict]:
    return json.loads(path.read_text(encoding="utf-8"))["documents"]


@dataclass
class Markdown:
    """A Markdown document as front-matter title, headings and paragraphs."""

    title: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text), title excluded
    paragraphs: list[str] = field(default_factory=list)
    flat: str = ""  # every block's key, concatenated

    @classmethod
    def parse(cls, text: str) -> Markdown:
        text = text.lstrip("\ufeff").replace("\r\n", "\n")
        md = cls()
        m = re.match(r"---[ \t]*\n(.*?)\n---[ \t]*(\n|$)", text, re.S)
        if m:
            for line in m.group(1).splitlines():
                if line.startswith("title:"):
                    value = line[6:].strip()
                    if value.startswith('"'):
                        try:
                            value = json.loads(value)
                        except ValueError:
                            value = value.strip('"')
                    elif value.startswith("'") and value.endswith("'"):
                        value = value[1:-1].replace("''", "'")
                    md.title = value
            text = text[m.end() :]
        blocks: list[tuple[int, str]] = []  # level 0: paragraph
        cur: list[str] = []

        def flush() -> None:
            if cur:
                blocks.append((0, " ".join(x.strip() for x in cur)))
                cur.clear()

        for raw in text.split("\n"):
            h = ATX.match(raw)
            if h:
                flush()
                blocks.append((len(h.group(1)), h.group(2)))
            elif SETEXT.match(raw) and len(cur) == 1:
                blocks.append((1 if raw.strip()[0] == "=" else 2, cur.pop()))
            elif raw.strip():
                cur.append(raw)
            else:
                flush()
        flush()
        title_seen = False
        for level, body in blocks:
            if level == 1 and not title_seen:
                title_seen = True
                md.title = md.title or body
                continue
            if level:
                md.headings.append((level, body))
            else:
                md.paragraphs.append(body)
        md.flat = "".join(norm(body) for _, body in blocks)
        return md


def _heading_keys(entry: dict) -> set[str]:
    return {norm(entry["text"]), *(norm(a) for a in entry.get("alt", []))}


def score_document(expected: dict, markdown: str) -> dict:
    """Scores of one output against its expectations, with the details a test needs."""
    md = Markdown.parse(markdown)
    out_title = norm(md.title)
    if expected.get("title") is None:
        accepted = {norm(t) for t in expected.get("title_alternatives", [])}
        title_ok = not out_title or out_title in accepted
    else:
        accepted = {norm(t) for t in [expected["title"], *expected.get("title_alternatives", [])]}
        title_ok = out_title in accepted

    want = expected.get("headings", [])
    optional = {norm(t) for t in expected.get("optional_headings", [])}
    used: set[int] = set()
    matched: list[tuple[dict, tuple[int, str]]] = []
    missed: list[dict] = []
    for entry in want:
        keys = _heading_keys(entry)
        j = next((j for j, (_, t) in enumerate(md.headings) if j not in used and norm(t) in keys), None)
        if j is None:
            missed.append(entry)
        else:
            used.add(j)
            matched.append((entry, md.headings[j]))
    extra = [h for j, h in enumerate(md.headings) if j not in used and norm(h[1]) not in optional]
    tp = len(matched)
    recall = tp / len(want) if want else 1.0
    precision = tp / (tp + len(extra)) if tp + len(extra) else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    level_pairs = [(e["level"], h[0]) for e, h in matched]
    wrong_level = [(e["text"], e["level"], h[0]) for e, h in matched if e["level"] != h[0]]
    levels = sum(a == b for a, b in level_pairs) / len(level_pairs) if level_pairs else None

    keep = expected.get("must_keep", [])
    lost = [s for s in keep if norm(s) not in md.flat]
    drop = expected.get("must_drop", [])
    leaked = [s for s in drop if norm(s) in md.flat]
    paras = expected.get("paragraphs", [])
    out_paras = {norm(p) for p in md.paragraphs}
    split = [p for p in paras if norm(p) not in out_paras]
    return {
        "title_ok": title_ok,
        "title": md.title,
        "head_recall": recall,
        "head_precision": precision,
        "head_f1": f1,
        "head_levels": levels,
        "headings_missed": [e["text"] for e in missed],
        "headings_extra": [f"{'#' * lvl} {t}" for lvl, t in extra],
        "headings_wrong_level": wrong_level,
        "kept": len(keep) - len(lost),
        "must_keep": len(keep),
        "lost": lost,
        "dropped": len(drop) - len(leaked),
        "must_drop": len(drop),
        "leaked": leaked,
        "paragraphs_ok": len(paras) - len(split),
        "paragraphs": len(paras),
        "paragraphs_broken": split,
    }
