"""Segmentation, a core service: text into lines, and lines into blocks.

Readers use :func:`split_lines` to turn decoded text into :class:`~convert.core.model.Line`
objects with provenance; the paragraphs step and the pipeline use :func:`make_blocks` and
:func:`lines_as_blocks` to join lines into blocks, CJK-aware (no space inside Chinese) and
resolving line-end hyphens from the document's own vocabulary.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence

from .model import Block, Document, Line, Origin, order_key
from .pages import Pages, page_starts, settle
from .textutil import leading_indent, needs_space


def split_lines(text: str, *, paged: bool = True) -> tuple[Line, ...]:
    """Turn text into :class:`Line` objects: CRLF/CR handled, indents measured, blank lines
    folded into ``blank_before``; a form feed starts a new page (as pdftotext writes)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_pages = paged and "\f" in text
    page = 1
    lines: list[Line] = []
    blank = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        body, indent = leading_indent(raw.rstrip())
        if not body:
            blank = True
            continue
        origin = Origin(line=number, page=page if has_pages else None)
        lines.append(Line(text=body, origin=origin, indent=indent, blank_before=blank and bool(lines)))
        blank = False
    return tuple(lines)


WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
LEAD_WORD = re.compile(r"^([a-z]+)")


class Vocabulary:
    """The document's own words, used to decide line-end hyphens."""

    def __init__(self, lines: Sequence[Line]) -> None:
        text = "\n".join(line.text for line in lines)
        self.words = Counter(w.lower() for w in WORD.findall(text))
        # possessive and anchored at a word start: no backtracking on long runs of letters
        self.compounds = Counter(m.lower() for m in re.findall(r"(?<![A-Za-z])[A-Za-z]++-[A-Za-z]+", text))

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """``left`` ends with ``word-`` and ``right`` goes on in lower case: is the hyphen
        part of a compound (kept) or a soft line-end hyphen (dropped)?"""
        m, n = HYPHEN_END.search(left), LEAD_WORD.match(right)
        if not m or not n:
            return True
        head, tail = m.group(1).lower(), n.group(1).lower()
        joined, compound = head + tail, f"{head}-{tail}"
        if self.compounds[compound] > 1 or (self.compounds[compound] and not self.words[joined]):
            return True  # the document writes it with a hyphen elsewhere
        if self.words[joined]:
            return False
        # two words the document uses on their own: a compound
        return self.words[head] > 1 and self.words[tail] > 1 and len(tail) > 2


def seam(left: str, right: str, vocab: Vocabulary) -> tuple[int, str]:
    """How two wrapped lines meet: characters to drop from the end of ``left`` (a soft
    hyphen) and the separator to put between them. Looks only at the end of ``left``, so
    joining a long paragraph stays linear."""
    tail = left[-64:]
    if HYPHEN_END.search(tail) and LEAD_WORD.match(right):
        return (0 if vocab.keeps_hyphen(tail, right) else 1), ""
    if len(tail) > 1 and tail[-1] in "-\u2010\u2013\u2014" and tail[-2].isalnum() and right[0].isalnum():
        return 0, ""  # a compound broken after its hyphen or dash (Soekarno-Hatta, 737-9)
    return 0, " " if needs_space(tail, right) else ""


def join_lines(left: str, right: str, vocab: Vocabulary) -> str:
    """Join two wrapped lines: line-end hyphens resolved, no space inside Chinese, and none
    after a hyphen or dash that ends a line inside a compound (``Soekarno-`` + ``Hatta``,
    ``737–`` + ``9``)."""
    drop, sep = seam(left, right, vocab)
    return left[: len(left) - drop] + sep + right


def make_blocks(doc: Document, groups: Sequence[Sequence[Line]], *, pages: bool = False) -> Document:
    """Join each group of lines into one block; the lines are used up.

    :param pages: record where each source page begins in the blocks
        (:attr:`Block.page_starts <convert.core.model.Block.page_starts>`, ``--page-marks``:
        :mod:`convert.core.pages`).
    """
    vocab = Vocabulary(doc.lines)
    blocks = []
    paging = Pages(doc) if pages else None
    explicit = pages and (any(line.page_starts for line in doc.lines) or any(s.page_starts for s in doc.structures))
    for group in groups:
        pieces = [group[0].text]
        starts = [0]  # where each line begins in the joined text
        length = len(group[0].text)
        for line in group[1:]:
            drop, sep = seam(pieces[-1], line.text, vocab)
            if drop:
                pieces[-1] = pieces[-1][:-drop]
                length -= drop
            pieces.append(sep + line.text)
            starts.append(length + len(sep))
            length += len(sep) + len(line.text)
        text = "".join(pieces)
        first = group[0]
        kind = "title" if first.heading == 1 else "heading" if first.heading else "paragraph"
        origins = tuple(line.origin for line in group)
        block = Block(kind=kind, text=text, level=first.heading or 0, origins=origins)
        if paging is not None:
            found = page_starts(group, starts, paging, explicit=explicit)
            block = dataclasses.replace(block, page_starts=found) if found else block
        blocks.append(block)
    placed = place_structures(blocks, doc.structures)
    if paging is not None and not explicit:
        placed = settle(placed, paging)
    return doc.replace(lines=(), structures=(), blocks=doc.blocks + placed)


def place_structures(blocks: Sequence[Block], structures: Sequence[Block]) -> tuple[Block, ...]:
    """``blocks`` with the reader's ``structures`` (tables, figures, lists, footnotes) put
    in among them by origin: each before the first block that starts after it."""
    if not structures:
        return tuple(blocks)
    pending = sorted(structures, key=lambda b: b.key)
    placed: list[Block] = []
    at = 0
    for block in blocks:
        while at < len(pending) and pending[at].key < block.key:
            placed.append(pending[at])
            at += 1
        placed.append(block)
    return (*placed, *pending[at:])


def structure_between(structures: Sequence[Block], before: Line, after: Line) -> bool:
    """Whether one of ``structures`` stands between two lines in reading order (a table
    between two lines parts them: they are never joined across it)."""
    low, high = order_key(before.origin), order_key(after.origin)
    return any(low < s.key < high for s in structures)


def lines_as_blocks(doc: Document, *, pages: bool = False) -> Document:
    """Every remaining line a block of its own (when the paragraphs step is switched off),
    the structures placed among them (``pages``: as :func:`make_blocks`)."""
    return make_blocks(doc, [[line] for line in doc.lines], pages=pages)
