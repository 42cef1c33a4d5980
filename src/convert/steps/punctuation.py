"""Half-width punctuation inside Chinese text to full width (``,:;()?!`` -> ``，：；（）？！``).

Only where Chinese text is on at least one side: ``3,000``, ``10:30``, URLs and English
runs keep their ASCII punctuation. Each changed block is recorded as a change. Code
listings are never touched (their punctuation is the program's).
"""

from __future__ import annotations

import dataclasses
import re

from convert.core.contracts import Context, Step
from convert.core.model import Block, Change, Document
from convert.core.textutil import is_unspaced

SIMPLE = {",": "\uff0c", ";": "\uff1b", ":": "\uff1a", "?": "\uff1f", "!": "\uff01"}
SIMPLE_RE = re.compile("[" + re.escape("".join(SIMPLE)) + "]")
PAREN = re.compile(r"\(([^()]{0,40})\)")


def _cjk(ch: str) -> bool:
    return bool(ch) and is_unspaced(ch) and ch not in SIMPLE.values()


def widen(text: str) -> str:
    """Full-width punctuation where a half-width mark touches Chinese or Japanese text (Korean
    keeps its half-width marks, as it keeps its spaces)."""
    out = list(text)
    for m in SIMPLE_RE.finditer(text):  # (only the marks: not every character of a long line)
        i, ch = m.start(), m.group()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in ",;":
            hit = (_cjk(prev) or _cjk(nxt) or is_unspaced(prev)) and not (prev.isdigit() and nxt.isdigit())
        elif ch == ":":
            hit = is_unspaced(prev) or (_cjk(nxt) and not prev.isascii())
        else:  # ? !
            hit = is_unspaced(prev)
        if hit:
            out[i] = SIMPLE[ch]
    result = "".join(out)

    def paren(m: re.Match[str]) -> str:
        inner = m.group(1)
        start, end = m.start(), m.end()
        before = result[start - 1] if start else ""
        after = result[end] if end < len(result) else ""
        if any(is_unspaced(c) for c in inner) or is_unspaced(before) or is_unspaced(after):
            return f"\uff08{inner}\uff09"
        return m.group(0)

    return PAREN.sub(paren, result)


class Punctuation(Step):
    name = "punctuation"
    description = "Chinese and Japanese documents: half-width ,:;()?! touching Chinese text become full width."
    order = 700

    def run(self, doc: Document, ctx: Context) -> Document:
        if not (doc.meta.language or "").startswith(("zh", "ja")):
            return doc
        blocks = []
        changes = []
        for block in doc.blocks:
            if type(block) is not Block:  # a table, list, figure, note (its parts hold the text) or code
                blocks.append(block)
                continue
            new = widen(block.text)
            if new != block.text:
                changes.append(
                    Change(
                        step=self.name,
                        reason="half-width punctuation in Chinese text made full width",
                        before=block.text,
                        after=new,
                        origin=block.origins[0] if block.origins else None,
                    )
                )
                block = dataclasses.replace(block, text=new)
            blocks.append(block)
        doc = doc.replace(blocks=tuple(blocks)).record(changes)
        if doc.meta.title:
            doc = doc.with_meta(title=widen(doc.meta.title))
        return doc
