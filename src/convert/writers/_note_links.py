"""Where a footnote's marker stands in the text that refers to it, so a writer can link it.

A :class:`~convert.core.model.Footnote` knows the origin of the line that refers to it
(``ref``); the block whose origins hold that line is the referencing block, and the marker
is looked for there at the end of a word: ``budget1 for``, ``\u9884\u7b971\u3002``,
``budget[1]``, ``budget\u00b9``. A marker found nowhere leaves the note unlinked (writers then
show it as an ordinary paragraph, so nothing is lost).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from convert.core.model import STRUCTURES, Block, Footnote

#: Superscript forms of the digits, as some sources print note markers.
SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


@dataclass(frozen=True, slots=True)
class NoteLink:
    """A marker to link: ``text[start:end]`` of block ``block`` refers to note ``number``
    (1, 2.. in the order the notes are linked), which is block ``note``."""

    block: int
    start: int
    end: int
    number: int
    note: int


def _forms(marker: str) -> list[str]:
    """How ``marker`` may be printed at the reference, most specific first."""
    forms = [f"[{marker}]"]
    if marker.isdigit():
        forms.append(marker.translate(SUPERSCRIPT))
    forms.append(marker)
    return forms


def _at_word_end(text: str, start: int, end: int, form: str) -> bool:
    """Whether ``text[start:end]`` (``form``) follows a word and ends one: a digit marker
    not inside a number, a letter marker not inside a word; a bracketed marker anywhere."""
    if form.startswith("["):
        return True
    if start == 0 or text[start - 1].isspace():
        return False
    before = text[start - 1]
    after = text[end] if end < len(text) else " "
    if form[0].isdigit() and (before.isdigit() or after.isdigit()):
        return False
    if form[0].isalpha() and form[0].isascii() and ((before.isascii() and before.isalpha()) or after.isalnum()):
        return False
    return True


def find_marker(text: str, marker: str, taken: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The ``(start, end)`` of ``marker`` at a word end in ``text``, not overlapping ``taken``;
    ``None`` when it is not there."""
    if not marker.strip():
        return None
    for form in _forms(marker.strip()):
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            free = all(end <= a or start >= b for a, b in taken)
            if free and _at_word_end(text, start, end, form):
                return start, end
            start = text.find(form, start + 1)
    return None


def note_links(blocks: Sequence[Block]) -> list[NoteLink]:
    """The marker of each footnote in ``blocks`` that can be linked, numbered in order.

    The referencing block is the first non-structure block whose origins contain the
    note's ``ref``."""
    where: dict[object, int] = {}
    for i, block in enumerate(blocks):
        if isinstance(block, STRUCTURES):
            continue
        for origin in block.origins:
            where.setdefault(origin, i)
    links: list[NoteLink] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for i, block in enumerate(blocks):
        if not isinstance(block, Footnote) or block.ref is None or block.ref not in where:
            continue
        at = where[block.ref]
        span = find_marker(blocks[at].text, block.marker, taken.get(at, ()))
        if span is None:
            continue
        taken.setdefault(at, []).append(span)
        links.append(NoteLink(block=at, start=span[0], end=span[1], number=len(links) + 1, note=i))
    return links
