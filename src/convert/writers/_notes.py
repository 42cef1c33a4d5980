"""Where each footnote is referenced: shared by the writers that link notes (Markdown, DOCX,
EPUB), so that all of them link the same marker to the same note.

Notes are numbered 1, 2... in the order of their :class:`~convert.core.model.Footnote`
blocks. A note's reference is its marker as printed in the referencing block (``growth1``,
``\u589e\u957f\u2460``, ``[1]``; a number also as ``[1]`` or ``\u00b9``): the block whose
origins contain ``Footnote.ref``, else the nearest text block before the note that holds
the marker. Only text blocks (title, headings, paragraphs) are searched: a table's or
list's ``text`` is a rendering, not what the writers print. In that block the marker's
*last* occurrence at a word end is linked, never one inside a number (the ``1`` of ``2021``
or ``1.5``). A note whose marker is found nowhere is unreferenced: writers still write it,
without a reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from convert.core.model import STRUCTURES, Block, Footnote

#: Superscript forms of the digits, as some sources print note markers.
SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
#: ``(start, end, note number)``: the characters of a block's ``text`` that are a note's marker.
Span = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class NoteLinks:
    """How a document's notes are linked.

    :param numbers: footnote block index -> its note number (1-based, in document order).
    :param spans: referencing block index -> the marker spans in its ``text``, in order.
    :param unreferenced: the note numbers whose marker was found in no block.
    """

    numbers: dict[int, int] = field(default_factory=dict)
    spans: dict[int, tuple[Span, ...]] = field(default_factory=dict)
    unreferenced: tuple[int, ...] = ()


def is_text_block(block: Block) -> bool:
    """A title, heading or paragraph (not a table, figure, list or note)."""
    return not isinstance(block, STRUCTURES)


def _word_end(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (a marker) stands at a word's end, not inside a number or
    a word: a bracketed marker stands anywhere; a letter marker follows no letter; a marker
    that starts with a digit follows neither a digit, white space nor a
    decimal point after a digit; one that ends with a letter or digit is followed by neither
    (nor by a decimal point and a digit)."""
    marker = text[start:end]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if marker[0] == "[" and marker[-1] == "]":
        return True  # a bracketed marker stands anywhere
    if marker[0].isascii() and marker[0].isalpha() and (not before or before.isspace() or before.isalpha()):
        return False  # a letter marker inside or at the start of a word ('data', not a note 'a')
    if marker[0].isdigit():
        if not before or before.isspace() or before.isdigit():
            return False
        if before in ".," and start > 1 and text[start - 2].isdigit():
            return False
    if marker[-1].isalnum():
        if after.isalnum() and after.isascii():
            return False
        if after.isdigit() or (after in ".," and end + 1 < len(text) and text[end + 1].isdigit()):
            return False
    return True


def marker_forms(marker: str) -> list[str]:
    """How ``marker`` may be printed where the note is referenced, most specific first: a
    number also as ``[1]`` and in superscript digits (``\u00b9``)."""
    marker = marker.strip()
    if not marker:
        return []
    if marker.isdigit() and marker.isascii():
        return [f"[{marker}]", marker.translate(SUPERSCRIPT), marker]
    return [marker]


def find_marker(text: str, marker: str, taken: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The last occurrence of ``marker`` (in its most specific form found,
    :func:`marker_forms`) in ``text`` at a word end that overlaps none of the ``taken``
    spans, as ``(start, end)``; ``None`` when there is none."""
    for form in marker_forms(marker):
        best: tuple[int, int] | None = None
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if all(end <= s or at >= e for s, e in taken) and _word_end(text, at, end):
                best = (at, end)
            at = text.find(form, at + 1)
        if best is not None:
            return best
    return None


def _referencing(blocks: Sequence[Block], at: int, note: Footnote) -> list[int]:
    """The blocks where ``note``'s reference is looked for, best first: the one whose origins
    hold ``note.ref``, then the text blocks before the note, nearest first."""
    order: list[int] = []
    if note.ref is not None:
        order += [i for i, b in enumerate(blocks) if is_text_block(b) and note.ref in b.origins]
    order += [i for i in range(at - 1, -1, -1) if is_text_block(blocks[i]) and i not in order]
    return order


def link_notes(blocks: Sequence[Block]) -> NoteLinks:
    """Number the notes among ``blocks`` and find each one's marker (see the module docstring)."""
    numbers: dict[int, int] = {}
    found: dict[int, list[Span]] = {}
    unreferenced: list[int] = []
    for at, block in enumerate(blocks):
        if not isinstance(block, Footnote):
            continue
        number = numbers[at] = len(numbers) + 1
        for index in _referencing(blocks, at, block):
            spans = found.setdefault(index, [])
            hit = find_marker(blocks[index].text, block.marker, [(s, e) for s, e, _ in spans])
            if hit is not None:
                spans.append((hit[0], hit[1], number))
                break
        else:
            unreferenced.append(number)
    spans = {i: tuple(sorted(s)) for i, s in found.items() if s}
    return NoteLinks(numbers=numbers, spans=spans, unreferenced=tuple(unreferenced))


def split_at_markers(text: str, spans: Sequence[Span]) -> list[str | int]:
    """``text`` cut at its marker spans: the text pieces, with each marker replaced by its note
    number (an ``int``), in order. A writer renders the strings as text and the numbers as
    references."""
    parts: list[str | int] = []
    pos = 0
    for start, end, number in spans:
        parts += [text[pos:start], number]
        pos = end
    parts.append(text[pos:])
    return parts
