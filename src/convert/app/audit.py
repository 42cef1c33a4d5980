"""The audit behind ``docconv inspect``: the input line by line, with what became of each.

Every input line is shown once, marked as removed (with kind, reason and step), as the
start of the title, a heading or a paragraph, or as joined to the line above. Lines that a
reader dropped before the cleaning steps (PDF running headers, HTML navigation) are shown
from the removal record. A line that is neither kept nor recorded would be marked
``?`` (unaccounted): that is a bug, and the tests check it never happens. A line an OCR
recognizer read with a low confidence says so in its note (``low OCR confidence 41``).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import click

from convert.core.model import (
    STRUCTURES,
    Block,
    Code,
    Document,
    Figure,
    Footnote,
    Line,
    ListBlock,
    Origin,
    Removal,
    Table,
)
from convert.core.ocr import LOW_CONFIDENCE
from convert.writers._outline import listing_lines

from .display import printable

MARKS = {
    "removed": "-",
    "title": "#",
    "heading": "##",
    "paragraph": "\u00b6",
    "joined": "+",
    "structure": "\u25a6",
    "unaccounted": "?",
}
COLOURS = {
    "structure": "green",
    "removed": "red",
    "title": "cyan",
    "heading": "cyan",
    "joined": None,
    "paragraph": None,
    "unaccounted": "yellow",
}


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One input line (or a structure, or text a reader dropped) and what became of it.

    ``removal`` is the record of a removed line; ``block`` the table, figure, list or note a
    structure row stands for (the HTML page shows them from these); ``unsure``: the note for
    a line an OCR recognizer read with a low confidence (also appended to ``note``)."""

    origin: Origin
    text: str
    status: str  # removed | title | heading | paragraph | joined | structure | unaccounted
    note: str = ""
    removal: Removal | None = None
    block: Block | None = None
    unsure: str = ""  # why the reading is doubtful: a recognizer (OCR) read the line with a low confidence


def _key(origin: Origin) -> tuple[int, int]:
    return (origin.page or 0, origin.line)


def audit(raw: Document, cleaned: Document) -> list[AuditLine]:
    """Pair every line the reader produced (and every line it dropped) with its fate.

    What the reader dropped never became one of its lines: it is listed on its own, even
    where its origin names a kept line (a PDF page's watermark is recorded at the page's
    first line)."""
    dropped_by_reader = set(raw.removals)
    removed = _removed_lines(
        raw.lines, [r for r in cleaned.removals if r.origin is not None and r not in dropped_by_reader]
    )
    starts: dict[Origin, list[Block]] = {}  # the blocks starting at each origin (several on one source line)
    joined: set[Origin] = set()
    changed: dict[Origin, list[str]] = {}  # the steps that changed the block starting there
    for c in cleaned.changes:
        if c.origin is not None and c.step != "control-chars" and c.step not in changed.setdefault(c.origin, []):
            changed[c.origin].append(c.step)
    made: dict[Origin, Block] = {}  # structures a step made from the reader's lines (plain-text lists)
    for block in cleaned.blocks:
        if block.origins:
            if isinstance(block, STRUCTURES):
                made[block.origins[0]] = block
            else:
                starts.setdefault(block.origins[0], []).append(block)
            joined.update(block.origins[1:])
    rows: list[AuditLine] = []
    seen: set[Origin] = set()
    for k, line in enumerate(raw.lines):
        o = line.origin
        seen.add(o)
        if k in removed:
            r = removed[k]
            rows.append(AuditLine(o, line.text, "removed", f"{r.kind}: {r.reason} [{r.step}]", removal=r))
        elif o in made:
            rows.append(AuditLine(o, line.text, "structure", describe(made[o]), block=made[o]))
        elif o in starts:
            block = _starting(starts[o], line.text)
            if block is None:  # (several blocks start on its source line, none with it)
                rows.append(AuditLine(o, line.text, "joined", "joined to the line above"))
                continue
            kind = block.kind if block.kind != "heading" else f"heading {block.level}"
            status = kind.split()[0]
            note = kind if status == "heading" else ""
            if changed.get(o):  # "punctuation changed", "punctuation, to-traditional changed"
                note = (note + "; " if note else "") + ", ".join(changed[o]) + " changed"
            rows.append(AuditLine(o, line.text, status, note))
        elif o in joined:
            rows.append(AuditLine(o, line.text, "joined", "joined to the line above"))
        else:
            rows.append(AuditLine(o, line.text, "unaccounted", "neither kept nor recorded"))
    taken = {id(r) for r in removed.values()}
    for r in cleaned.removals:
        if r.origin is not None and (r in dropped_by_reader or id(r) not in taken):
            rows.append(AuditLine(r.origin, r.text, "removed", f"{r.kind}: {r.reason} [{r.step}]", removal=r))
    kept = {id(b) for b in cleaned.blocks}
    for item in raw.structures:
        origin = item.origins[0] if item.origins else Origin(0)
        status = "structure" if id(item) in kept or item in cleaned.blocks else "unaccounted"
        rows.append(AuditLine(origin, _first_line(item.text), status, describe(item), block=item))
    rows.sort(key=lambda row: _key(row.origin))
    return _mark_unsure(rows, raw)


def _starting(blocks: list[Block], text: str) -> Block | None:
    """Of the blocks starting at one origin, the one that ``text`` (a reader's line from that
    origin) begins, taken off the list (the only one left, whatever the text); ``None`` when
    the line begins none of them (it was joined to one). Lines and blocks are compared by
    their first letters and digits, so that what the steps changed (a soft hyphen or a
    control character dropped, punctuation made full-width) does not count."""
    if len(blocks) == 1:
        return blocks.pop()
    head = _letters(text)
    for i, block in enumerate(blocks):
        if head and _letters(block.text).startswith(head):
            return blocks.pop(i)
    return None


def _letters(text: str, n: int = 16) -> str:
    """The first ``n`` letters and digits of ``text`` (NFKC, case-folded)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())[:n]


def _removed_lines(lines: Sequence[Line], removals: Sequence[Removal]) -> dict[int, Removal]:
    """Which of the reader's ``lines`` (by index) each removal took. Lines can share an origin
    (two blocks of a web page on one source line): a removal goes to the line of its origin
    with its text, else to the one of its origin whose text is most like it (a step may have
    changed the text before another removed it), each line taking one removal."""
    at: dict[Origin, list[int]] = {}
    for k, line in enumerate(lines):
        at.setdefault(line.origin, []).append(k)
    out: dict[int, Removal] = {}
    for r in removals:
        free = [k for k in at.get(r.origin, ()) if k not in out]  # type: ignore[arg-type]
        if not free:
            continue
        if len(free) > 1:
            free.sort(key=lambda k: (lines[k].text != r.text, -SequenceMatcher(None, lines[k].text, r.text).ratio()))
        out[free[0]] = r
    return out


def unsure_reading(line: Line) -> str:
    """The note for a line a recognizer read with a confidence below
    :data:`~convert.core.ocr.LOW_CONFIDENCE` (``""`` otherwise)."""
    if line.confidence is None or line.confidence >= LOW_CONFIDENCE:
        return ""
    return f"low OCR confidence {line.confidence:.0f}: check against the page"


def _mark_unsure(rows: list[AuditLine], raw: Document) -> list[AuditLine]:
    """The rows of lines an OCR recognizer was unsure of, noted as such (``unsure``); not the
    rows of what the reader itself dropped, which may share a kept line's origin."""
    unsure = {line.origin: note for line in raw.lines if (note := unsure_reading(line))}
    if not unsure:
        return rows
    return [
        replace(
            row, note=f"{row.note}; {unsure[row.origin]}" if row.note else unsure[row.origin], unsure=unsure[row.origin]
        )
        if row.origin in unsure and row.block is None and (row.removal is None or row.removal not in raw.removals)
        else row
        for row in rows
    ]


def _first_line(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first[:80] + ("..." if len(first) > 80 or "\n" in text else "")


def describe(block: Block) -> str:
    """What a structure is, for the audit: ``table 4 x 3 (1 header row)``, ``figure 1 (image/png)``,
    ``code listing of 12 line(s) (sql)``."""
    if isinstance(block, Table):
        heads = f", {block.header_rows} header row(s)" if block.header_rows else ""
        return f"table {len(block.rows)} x {block.columns}{heads}" + (f": {block.caption}" if block.caption else "")
    if isinstance(block, Figure):
        what = block.media_type or "no image data"
        return f"figure ({what}, {len(block.data)} bytes)" + (f": {block.caption}" if block.caption else "")
    if isinstance(block, ListBlock):
        return f"{'numbered' if block.ordered else 'bulleted'} list of {len(block.items)} item(s)"
    if isinstance(block, Footnote):
        return f"footnote {block.marker}" + (f" (referenced at {block.ref})" if block.ref else " (no reference found)")
    if isinstance(block, Code):
        language = f" ({block.language})" if block.language.strip() else ""
        return f"code listing of {len(listing_lines(block.text))} line(s){language}"
    return block.kind


def render(rows: list[AuditLine], doc: Document, *, color: bool) -> str:
    """Plain or coloured text for a terminal. Input text (lines, notes, metadata, warnings)
    goes through :func:`printable`: an escape sequence in the input is shown, never sent to
    the terminal; only the colours added here are real escape sequences."""
    width = max((len(str(r.origin)) for r in rows), default=4)
    out = []
    for row in rows:
        mark = MARKS[row.status]
        text = f"{row.origin!s:>{width}} {mark:<2} {printable(row.text)}"
        fg = COLOURS[row.status]
        if color:
            text = click.style(text, fg=fg, dim=row.status == "joined", bold=row.status in ("title", "heading"))
        note = f"  <- {printable(row.note)}" if row.note else ""
        if note and color:
            note = click.style(note, dim=True)
        out.append(text + note)
    counts = Counter(r.status for r in rows)
    kinds = Counter(r.kind for r in doc.removals)
    out.append("")
    started = counts["title"] + counts["heading"] + counts["paragraph"]
    out.append(
        f"{len(rows) - counts['structure']} input lines: {counts['removed']} removed, {started} blocks started, "
        f"{counts['joined']} joined"
        + (
            f"; {counts['structure']} tables, figures, lists, notes or code listings kept whole"
            if counts["structure"]
            else ""
        )
        + (f", {counts['unaccounted']} UNACCOUNTED" if counts["unaccounted"] else "")
    )
    if kinds:
        out.append("removed by kind: " + printable(", ".join(f"{k} {n}" for k, n in kinds.most_common())))
    meta = doc.meta
    facts = [
        f"{k}={v}"
        for k, v in (
            ("title", meta.title),
            ("date", meta.date),
            ("author", meta.author),
            ("language", meta.language),
            ("pages", meta.pages),
            ("truncated", meta.truncated or None),
            ("damaged", meta.damaged or None),
        )
        if v
    ]
    if facts:
        out.append("metadata: " + printable(", ".join(facts)))
    out += [f"warning: {printable(w)}" for w in doc.warnings]
    return "\n".join(out) + "\n"
