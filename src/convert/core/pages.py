"""Source page anchors (``--page-marks``), a core service: the page of the input each line
stands on, the number printed on each page, and where in the blocks each page begins.

Pages come from the format: a PDF's :attr:`Origin.page <convert.core.model.Origin.page>`;
in text without real pages (scraped text, HTML), the page-break markers that a reader or
step dropped (:attr:`Layout.page_breaks <convert.core.model.Layout.page_breaks>`): the text
between two runs of markers is one page, and markers before the first or after the last
text start no page. A document with neither has no pages and gets no marks.

A page's label is the number printed on it, when a reader or step removed one for that page
(a ``page-number`` removal: ``47698``, ``- 3 -``, ``\u7b2c 3 \u9875``; or a running header or
footer a paged reader removed that starts or ends with it: ``... / Proposed Rules 47705``);
else the page has no label and is known by its index. Of several numbers removed on a page (a transcript's line
numbers, a note's number), the one that follows the same count as the other pages does
(printed number minus index, the same on most pages), those a reader removed (a running
header or footer) before those a text step removed. In scraped text a marker stands between
two pages: it is taken as the footer of the page before it, unless the text starts with one
or the count fits headers better (the page after it numbered as its index).

:func:`page_starts` gives a block made by the paragraphs step the pages that begin in it (at
the start of the line that begins the page) and :func:`settle` keeps the starts that are new
in reading order, a page without text of its own marked where the next one begins;
:func:`finish` runs after the block steps: offsets inside an English word (between two
spaces) move to the word's nearer edge, and a note's (written apart from the text) or a
blank block's marks move on to the next block.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from .model import STRUCTURES, Block, Document, Figure, Footnote, Line, Origin, PageStart, has_content
from .textutil import is_unspaced

NUMBER = re.compile(r"\d{1,7}")
#: A page-number removal longer than this (after NFKC folding) is not read for a number.
MAX_MARKER = 40


def printed_number(text: str) -> int | None:
    """The page number a removed page-number line prints (its first number: ``- 3 -``,
    ``\u7b2c 3 \u9875 \u5171 10 \u9875``, ``Page 3 of 10``, ``47698``), or ``None``."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if len(folded) > MAX_MARKER:
        return None
    m = NUMBER.search(folded)
    return int(m.group()) if m else None


EDGE_NUMBER = re.compile(r"^(\d{1,7})\s|\s(\d{1,7})$")


def edge_number(text: str) -> int | None:
    """The number a running header or footer starts or ends with (``Federal Register / ...
    / Proposed Rules 47705``), or ``None``."""
    m = EDGE_NUMBER.search(unicodedata.normalize("NFKC", text).strip())
    return int(m.group(1) or m.group(2)) if m else None


def _consensus(candidates: dict[int, list[tuple[int, bool]]]) -> dict[int, str]:
    """Page -> printed number: per page the number that follows the count most pages follow
    (``candidates``: page -> ``(number, removed by a reader)``), a reader's numbers only when
    there are any. A count seen on one page only is not trusted unless only one page has
    numbers at all."""
    pool = {p: [n for n, reader in found if reader] for p, found in candidates.items()}
    if not any(pool.values()):
        pool = {p: [n for n, _ in found] for p, found in candidates.items()}
    pool = {p: numbers for p, numbers in pool.items() if numbers}
    support = Counter(delta for p, numbers in pool.items() for delta in {n - p for n in numbers})
    if not support:
        return {}
    delta, count = max(support.items(), key=lambda kv: (kv[1], -abs(kv[0])))
    if count < 2 and len(pool) > 1:
        return {}
    return {p: str(p + delta) for p, numbers in pool.items() if p + delta in numbers}


class Pages:
    """The pages of a document about to be segmented (its lines and structures), and the
    number printed on each (see the module docstring)."""

    def __init__(self, doc: Document) -> None:
        origins = [line.origin for line in doc.lines] + [s.origins[0] for s in doc.structures if s.origins]
        self.paged = any(o.page is not None for o in origins)
        #: text without pages: the first text line of page 2, 3...
        self.starts: list[int] = []
        self.known = self.paged or bool(doc.layout.page_breaks)
        content = sorted({o.line for o in origins})
        breaks = sorted(doc.layout.page_breaks)
        if not self.paged and breaks and content:
            for prev, line in itertools.pairwise(content):
                i = bisect.bisect_right(breaks, prev)
                if i < len(breaks) and breaks[i] < line:
                    self.starts.append(line)
        self.labels = self._paged_labels(doc) if self.paged else self._text_labels(doc, content, breaks)
        # a number printed on two pages labels the first only (anchors must be unique)
        seen: set[str] = set()
        for page in sorted(self.labels):
            if self.labels[page] in seen:
                del self.labels[page]
            else:
                seen.add(self.labels[page])

    def page_of(self, origin: Origin) -> int | None:
        """The page ``origin`` stands on, ``None`` when the document has no pages."""
        if origin.page is not None:
            return origin.page
        if self.paged or not self.known:
            return None
        return 1 + bisect.bisect_right(self.starts, origin.line)

    def start(self, offset: int, page: int) -> PageStart:
        """A :class:`PageStart` of ``page`` at ``offset``, labelled."""
        return PageStart(offset=offset, page=page, label=self.labels.get(page, ""))

    @staticmethod
    def _paged_labels(doc: Document) -> dict[int, str]:
        found: dict[int, list[tuple[int, bool]]] = {}
        for r in doc.removals:
            if r.origin is None or r.origin.page is None:
                continue
            reader = r.step.endswith("reader")
            if r.kind == "page-number":
                number = printed_number(r.text)
            elif r.kind in ("header", "footer") and reader:
                number = edge_number(r.text)  # a running head that prints the page number
            else:
                continue
            if number is not None:
                found.setdefault(r.origin.page, []).append((number, reader))
        return _consensus(found)

    def _text_labels(self, doc: Document, content: list[int], breaks: list[int]) -> dict[int, str]:
        """Labels of scraped text: each marker between two pages is the footer of the page
        before it or the header of the page after it (module docstring)."""
        if not content or not breaks:
            return {}
        last = 1 + len(self.starts)
        header: dict[int, list[tuple[int, bool]]] = {}
        footer: dict[int, list[tuple[int, bool]]] = {}
        leading = trailing = False
        marked = set(breaks)
        for r in doc.removals:
            if r.kind != "page-number" or r.origin is None or r.origin.line not in marked:
                continue
            number = printed_number(r.text)
            if number is None:
                continue
            entry = (number, r.step.endswith("reader"))
            line = r.origin.line
            if line < content[0]:
                leading = True
                header.setdefault(1, []).append(entry)
            elif line > content[-1]:
                trailing = True
                footer.setdefault(last, []).append(entry)
            else:
                before = 1 + bisect.bisect_right(self.starts, line)
                footer.setdefault(before, []).append(entry)
                header.setdefault(before + 1, []).append(entry)
        as_header, as_footer = _consensus(header), _consensus(footer)
        if leading != trailing:
            return as_header if leading else as_footer
        zero_header = sum(1 for p, label in as_header.items() if label == str(p))
        zero_footer = sum(1 for p, label in as_footer.items() if label == str(p))
        return as_header if zero_header > zero_footer else as_footer


def page_starts(
    lines: Sequence[Line], offsets: Sequence[int], pages: Pages, *, explicit: bool = False
) -> tuple[PageStart, ...]:
    """The page starts of a block joined from ``lines`` (``offsets``: where each line begins
    in the block's text): where the page changes from one line to the next, and the first
    line's page; with ``explicit``, the pages the lines themselves mark instead
    (:attr:`Line.page_starts <convert.core.model.Line.page_starts>`)."""
    if explicit:
        return tuple(
            dataclasses.replace(ps, offset=at + ps.offset)
            for line, at in zip(lines, offsets, strict=True)
            for ps in line.page_starts
        )
    out: list[PageStart] = []
    previous: int | None = None
    for line, at in zip(lines, offsets, strict=True):
        page = pages.page_of(line.origin)
        if page is not None and page != previous:
            out.append(pages.start(at, page))
        previous = page
    return tuple(out)


def _structure_page(block: Block, pages: Pages) -> int | None:
    page = pages.page_of(block.origins[0]) if block.origins else None
    if page is None and isinstance(block, Figure):
        page = block.page
    return page


def settle(blocks: Sequence[Block], pages: Pages) -> tuple[Block, ...]:
    """``blocks`` (in reading order, structures placed) with only the page starts that are
    new: a page is marked once, where it first begins; a page with no text of its own is
    marked where the next page begins; a structure's page is its first origin's."""
    out: list[Block] = []
    current = 0
    for block in blocks:
        if isinstance(block, STRUCTURES):
            page = _structure_page(block, pages)
            candidates: Iterable[PageStart] = [pages.start(0, page)] if page is not None else []
        else:
            candidates = sorted(block.page_starts, key=lambda ps: ps.offset)
        found: list[PageStart] = []
        for candidate in candidates:
            if candidate.page > current:
                found += [pages.start(candidate.offset, p) for p in range(current + 1, candidate.page + 1)]
                current = candidate.page
        if found or block.page_starts:
            block = dataclasses.replace(block, page_starts=tuple(found))
        out.append(block)
    return tuple(out)


def _word(ch: str) -> bool:
    """A character of a word of a spaced script (what stands between spaces: ``Soekarno-Hatta``,
    ``(h)(2)``); Chinese and Japanese text may be cut anywhere."""
    return not ch.isspace() and not is_unspaced(ch)


def word_edge(text: str, offset: int) -> int:
    """``offset`` clamped to ``text``, and moved to the nearer edge (white space) of the
    word of a spaced script it would cut."""
    offset = max(0, min(offset, len(text)))
    if 0 < offset < len(text) and _word(text[offset - 1]) and _word(text[offset]):
        left = offset
        while left > 0 and _word(text[left - 1]):
            left -= 1
        right = offset
        while right < len(text) and _word(text[right]):
            right += 1
        return left if offset - left <= right - offset else right
    return offset


def _holds_marks(block: Block) -> bool:
    """Whether the writers put a block where it stands: not a note (written apart from the
    text), a blank paragraph or an empty table, figure or list (skipped)."""
    return not isinstance(block, Footnote) and has_content(block)


def finish(doc: Document) -> Document:
    """The page starts made final after the block steps (module docstring): offsets within
    their block and never inside an English word, in order; each page and anchor once."""
    if not any(b.page_starts for b in doc.blocks):
        return doc
    blocks = list(doc.blocks)
    carried: list[PageStart] = []
    holders: list[int] = []
    for i, block in enumerate(blocks):
        if not _holds_marks(block):
            carried += [dataclasses.replace(ps, offset=0) for ps in block.page_starts]
            if block.page_starts:
                blocks[i] = dataclasses.replace(block, page_starts=())
            continue
        holders.append(i)
        structure = isinstance(block, STRUCTURES)
        own = [
            dataclasses.replace(ps, offset=0 if structure else word_edge(block.text, ps.offset))
            for ps in block.page_starts
        ]
        if carried or own != list(block.page_starts):
            blocks[i] = dataclasses.replace(block, page_starts=(*carried, *own))
        carried = []
    if carried and holders:
        last = blocks[holders[-1]]
        end = 0 if isinstance(last, STRUCTURES) else len(last.text.rstrip())
        moved = tuple(dataclasses.replace(ps, offset=end) for ps in carried)
        blocks[holders[-1]] = dataclasses.replace(last, page_starts=last.page_starts + moved)
    return doc.replace(blocks=tuple(_unique(blocks)))


def _unique(blocks: Sequence[Block]) -> Iterable[Block]:
    """Each page marked once, with an anchor no other mark has (a label that repeats gives
    way to the page's index), offsets never going back within a block."""
    pages: set[int] = set()
    anchors: set[str] = set()
    for block in blocks:
        if not block.page_starts:
            yield block
            continue
        kept: list[PageStart] = []
        floor = 0
        for ps in block.page_starts:
            if ps.page in pages:
                continue
            if ps.anchor in anchors:
                ps = dataclasses.replace(ps, label="")
                if ps.anchor in anchors:
                    continue
            ps = dataclasses.replace(ps, offset=max(ps.offset, floor))
            floor = ps.offset
            pages.add(ps.page)
            anchors.add(ps.anchor)
            kept.append(ps)
        yield dataclasses.replace(block, page_starts=tuple(kept)) if tuple(kept) != block.page_starts else block
