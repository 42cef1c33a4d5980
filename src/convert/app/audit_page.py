"""The audit of ``docconv inspect`` as one self-contained HTML page (``--html FILE``).

The page shows, side by side (stacked on a narrow screen):

- on the left, the input as read: every line the reader produced (and every piece it
  dropped), with its origin (``p3:l12``), marked by what happened to it: removed (by which
  step, of which kind, and why: a colour per kind, the reason in the ``title``), changed
  (the changed characters highlighted, before and after in the ``title``), the start of
  the title, a heading or a paragraph, joined into a block (the block's number, and its
  colour as the left border), or part of a table, figure, list or note (shown as such);
- on the right, the clean result as HTML, each block numbered, coloured like its lines and
  linked to its first input line (``#l12``); the lines of each block link to it (``#b3``);
- above them, the file, reader, language, title, date, author, the counts (removed by
  kind, changed, warnings), the warnings, a legend and filters (only removals, only
  changes...).

Everything from the input is escaped (:func:`text`, :func:`attr`): a ``<script>`` in the
input is shown as text; control characters, invisible marks and bidirectional overrides
are shown as visible escapes (``\\x1b``, ``\\u202e``) instead of acting on the page. The
page needs no network: inline CSS, one small inline script (allowed by its hash in the
page's Content-Security-Policy, which allows nothing else), images as ``data:`` URIs.

The page is built as a list of strings (no DOM library): a 10,000-line input takes well
under a second.
"""

from __future__ import annotations

import base64
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

from convert.core.model import STRUCTURES, Block, Code, Document, Figure, Footnote, ListBlock, Origin, Table

from .audit import AuditLine
from .audit_assets import BLOCK_COLOURS, CSS, SCRIPT, kind_rules, script_hash
from .display import printable

if TYPE_CHECKING:
    from .pipeline import StepRun

#: How every page starts: :func:`page_target` replaces a file only if it starts so.
PAGE_START = "<!DOCTYPE html>\n<!-- docconv inspect: an audit page -->\n"

#: Characters shown as visible escapes instead of themselves: C0 and C1 controls (tab
#: included: a line is shown as one line), zero-width and invisible marks, the line and
#: paragraph separators, bidirectional marks, overrides and isolates, the BOM, lone
#: surrogates and the two noncharacters XML refuses.
SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff\ud800-\udfff]")
#: The same but line breaks, for ``title`` attributes (a tooltip may have several lines).
SHOWN_IN_TITLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
#: The longest before/after text a tooltip shows (a one-line HTML paragraph can be long).
TITLE_TEXT = 400
#: Larger images are not embedded in the page (their caption and size are shown).
MAX_IMAGE = 4 * 1024 * 1024
#: Above this many characters a before/after pair is compared by position only.
DIFF_LIMIT = 6000

MARKS = {
    "removed": "\u2212",
    "title": "#",
    "paragraph": "\u00b6",
    "joined": "+",
    "structure": "\u25a6",
    "unaccounted": "?",
}


def _escape_code(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value: str) -> str:
    """``value`` as HTML text: escaped, and each character of :data:`SHOWN` as a visible
    escape in a ``<span class="cc">`` (a tab shows as ``\\t``)."""
    out: list[str] = []
    at = 0
    for m in SHOWN.finditer(value):
        out.append(html.escape(value[at : m.start()], quote=False))
        ch = m.group(0)
        shown = "\\t" if ch == "\t" else _escape_code(ch)
        out.append(f'<span class="cc">{shown}</span>')
        at = m.end()
    out.append(html.escape(value[at:], quote=False))
    return "".join(out)


def attr(value: str) -> str:
    """``value`` as a quoted attribute's content: escaped (quotes too), characters of
    :data:`SHOWN_IN_TITLE` as visible escapes, line breaks kept (``&#10;``)."""
    shown = SHOWN_IN_TITLE.sub(lambda m: _escape_code(m.group(0)), value)
    return html.escape(shown, quote=True).replace("\n", "&#10;")


def _clip(value: str, limit: int = TITLE_TEXT) -> str:
    return value if len(value) <= limit else value[:limit] + "\u2026"


def _shown(value: str) -> str:
    """A short piece of text quoted for a tooltip, its controls as escapes."""
    return "\u2018" + printable(value) + "\u2019"


# ----------------------------------------------------------------------------- changes


@dataclass(slots=True)
class LineChange:
    """What the recorded changes did to one input line: the notes (``step: reason``), its
    text before and after, and the changed spans of the text as read (``start, end, tip``;
    an empty span marks an insertion)."""

    notes: list[str] = field(default_factory=list)
    before: str = ""
    after: str = ""
    marks: list[tuple[int, int, str]] = field(default_factory=list)


def edits(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """The spans that differ between ``before`` and ``after``: ``(i1, i2, j1, j2)``, as
    :class:`difflib.SequenceMatcher` opcodes that are not ``equal``. A change that keeps
    the length (punctuation width) is compared by position; long texts whose length changed
    are compared only between their common start and end."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    a, b = before[start : len(before) - end], after[start : len(after) - end]
    if not a and not b:
        return []
    if len(a) == len(b):
        out: list[tuple[int, int, int, int]] = []
        i = 0
        while i < len(a):
            if a[i] != b[i]:
                j = i
                while j < len(a) and a[j] != b[j]:
                    j += 1
                out.append((start + i, start + j, start + i, start + j))
                i = j
            else:
                i += 1
        return out
    if len(a) + len(b) > DIFF_LIMIT:
        return [(start, start + len(a), start, start + len(b))]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [
        (start + i1, start + i2, start + j1, start + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _map(spans: Sequence[tuple[int, int, int, int]], x: int, *, end: bool) -> int:
    """Position ``x`` of the text before as a position in the text after (before anything
    inserted at ``x``; inside a replaced span: its start, or with ``end`` its end)."""
    delta = 0
    for i1, i2, j1, j2 in spans:
        if i2 < x or (i2 == x and i1 < i2):
            delta = j2 - i2
        elif i1 < x < i2:
            return j2 if end else j1
        else:
            break
    return x + delta


def line_changes(raw: Document, doc: Document) -> dict[Origin, LineChange]:
    """Each input line's part of the recorded changes. A change recorded on a line (control
    characters) is that line's; a change recorded on a block (punctuation, at the block's
    first origin, over the block's joined text) is split among the block's lines by finding
    each line's text in it. Where a line cannot be found (a step reworded it), every line of
    the block gets the note, without highlighted characters."""
    current = {line.origin: line.text for line in raw.lines}
    read = dict(current)
    starts = {b.origins[0]: b for b in doc.blocks if b.origins}
    out: dict[Origin, LineChange] = {}
    for change in doc.changes:
        o = change.origin
        if o is None:
            continue
        note = f"{change.step}: {change.reason}"
        block = starts.get(o)
        if current.get(o) == change.before or block is None:
            origins: tuple[Origin, ...] = (o,)
        else:
            origins = block.origins
        segments: list[tuple[Origin, int, int]] = []
        cursor = 0
        for origin in origins:
            piece = current.get(origin)
            if not piece:
                continue
            pos = change.before.find(piece, cursor)
            if pos < 0:
                segments = []
                break
            segments.append((origin, pos, pos + len(piece)))
            cursor = pos + len(piece)
        if not segments:  # not found: the note on every line, nothing highlighted
            for origin in origins:
                entry = out.setdefault(origin, LineChange(before=read.get(origin, ""), after=read.get(origin, "")))
                entry.notes.append(note + " (in the block this line is part of)")
            continue
        spans = edits(change.before, change.after)
        last = segments[-1][2]
        for origin, s, e in segments:
            bound = e + 1 if e == last else e  # (an insertion at the very end belongs to the last line)
            inside = [sp for sp in spans if (sp[0] < e and sp[1] > s) or (sp[0] == sp[1] and s <= sp[0] < bound)]
            if not inside:
                continue
            entry = out.setdefault(origin, LineChange(before=read.get(origin, "")))
            entry.notes.append(note)
            after = change.after[_map(spans, s, end=False) : _map(spans, e, end=True)]
            if current[origin] == read.get(origin):  # spans of the text as read
                for i1, i2, j1, j2 in inside:
                    a, b = max(i1, s) - s, min(i2, e) - s
                    tip = f"{_shown(change.before[i1:i2])} \u2192 {_shown(change.after[j1:j2])} ({change.step})"
                    entry.marks.append((a, b, tip))
            entry.after = after
            if len(origins) == 1:
                current[origin] = change.after
    return out


def marked_text(value: str, marks: Iterable[tuple[int, int, str]]) -> str:
    """``value`` as :func:`text`, its ``marks`` (start, end, tooltip) as ``<mark>`` (an
    empty span: an insertion, shown as a caret)."""
    out: list[str] = []
    at = 0
    for start, end, tip in sorted(marks):
        if start < at:
            continue
        out.append(text(value[at:start]))
        if start == end:
            out.append(f'<mark class="ins" title="{attr(tip)}">\u2038</mark>')
        else:
            out.append(f'<mark title="{attr(tip)}">{text(value[start:end])}</mark>')
        at = end
    out.append(text(value[at:]))
    return "".join(out)


# ----------------------------------------------------------------------------- the page


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the page's header names besides the document: the input as the user named it,
    the reader that read it, and what each step did (``None``: not traced)."""

    source: str
    reader: str = ""
    trace: tuple[StepRun, ...] | None = None


class _Ids:
    """A unique ``id`` per row: the origin's label (``l12``, ``p3:l12``) for its first row,
    ``LABEL-2``.. for more rows with the same origin."""

    def __init__(self) -> None:
        self.first: dict[Origin, str] = {}
        self.used: Counter[str] = Counter()

    def make(self, origin: Origin) -> str:
        label = str(origin)
        self.used[label] += 1
        if self.used[label] == 1:
            self.first.setdefault(origin, label)
            return label
        return f"{label}-{self.used[label]}"


def _block_numbers(doc: Document) -> tuple[dict[Origin, int], dict[int, int]]:
    """Input origin -> number (1-based) of the block it went to, and ``id(block)`` -> number."""
    by_origin: dict[Origin, int] = {}
    by_id: dict[int, int] = {}
    for n, block in enumerate(doc.blocks, 1):
        by_id[id(block)] = n
        for origin in block.origins:
            by_origin.setdefault(origin, n)
    return by_origin, by_id


def _structure_number(block: Block, doc: Document, by_id: dict[int, int], by_origin: dict[Origin, int]) -> int:
    """The number of the output block a structure the reader recovered became (``0``: none)."""
    if id(block) in by_id:
        return by_id[id(block)]
    for n, kept in enumerate(doc.blocks, 1):
        if type(kept) is type(block) and kept.origins == block.origins and kept.text == block.text:
            return n
    return by_origin.get(block.origins[0], 0) if block.origins else 0


def _span(origins: Sequence[Origin]) -> str:
    """``l9`` or ``l9\u2013l21``: the input lines a block came from."""
    if not origins:
        return ""
    first, last = str(origins[0]), str(origins[-1])
    return first if first == last else f"{first}\u2013{last}"


def _block_kind(block: Block) -> str:
    return f"heading {block.level}" if block.kind == "heading" else block.kind


#: Image types every browser shows, by their first bytes.
BROWSER_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_uri(figure: Figure) -> str | None:
    """The figure's image as a ``data:`` URI: PNG, JPEG and GIF as they are, other formats
    converted to PNG (as for the EPUB), an SVG only when it holds nothing active; ``None``
    when there is no image, it cannot be read, or it is larger than :data:`MAX_IMAGE`."""
    data = figure.data
    if not data or len(data) > MAX_IMAGE:
        return None
    media_type = next((t for magic, t in BROWSER_IMAGES if data.startswith(magic)), None)
    if media_type is None:
        from convert.writers._epub_blocks import package_image

        image = package_image(figure, 1)
        if image is None:
            return None
        media_type, data = image.media_type, image.data
    return f"data:{media_type};base64," + base64.b64encode(data).decode("ascii")


def _figure_html(figure: Figure, *, image: bool = True) -> str:
    """The figure with its image (:func:`image_uri`) and caption; without ``image`` (the
    input side, so the image is not in the page twice) a note of its type and size."""
    caption = figure.caption.strip()
    uri = image_uri(figure) if image else None
    parts = ["<figure>"]
    if uri is not None:
        parts.append(f'<img src="{uri}" alt="{attr(figure.alt or caption)}">')
    else:
        what = f"{len(figure.data)} bytes of {figure.media_type or 'unknown type'}" if figure.data else "no image data"
        shown = "image shown on the right" if image is False and figure.data else "image not shown"
        parts.append(f'<p class="empty">[{shown}: {text(what)}]</p>')
    if caption:
        parts.append(f"<figcaption>{text(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def structure_html(block: Block, *, image: bool = True) -> str:
    """A table, figure, list, note or code listing as HTML (the same markup as the EPUB's:
    a listing is a ``<pre>``); a figure without ``image`` shows only what it is."""
    from convert.writers._epub_blocks import code_html, list_html, table_html, unlinked_note_html

    if isinstance(block, Table):
        return table_html(block)
    if isinstance(block, Figure):
        return _figure_html(block, image=image)
    if isinstance(block, ListBlock):
        return list_html(block)
    if isinstance(block, Footnote):
        return unlinked_note_html(block)
    if isinstance(block, Code):
        return code_html(block)
    return f"<p>{text(block.text)}</p>"


def _output_block(n: int, block: Block, line_ids: dict[Origin, str], changed: bool) -> str:
    """One block of the clean result: numbered, coloured like its lines, linked to them."""
    span = _span(block.origins)
    first = line_ids.get(block.origins[0]) if block.origins else None
    tip = f"block {n}: {_block_kind(block)}" + (f" from {span} ({len(block.origins)} input lines)" if span else "")
    if changed:
        tip += "; characters changed (see the marked lines)"
    head = f'id="b{n}" class="blk c{n % len(BLOCK_COLOURS)}" data-b="{n}" title="{attr(tip)}"'
    link = f'<a class="src" href="#{attr(first)}">{text(span)}</a>' if first else ""
    number = f'<a class="bn" href="#{attr(first)}">{n}</a>' if first else f'<span class="bn">{n}</span>'
    if block.kind in ("title", "heading") and not isinstance(block, STRUCTURES):
        level = 1 if block.kind == "title" else min(max(block.level, 2), 6)
        return f"<h{level} {head}>{link}{number}{text(block.text)}</h{level}>"
    if isinstance(block, STRUCTURES):
        return f'<div {head}>{link}{number}<div class="struct-out">{structure_html(block)}</div></div>'
    return f"<p {head}>{link}{number}{text(block.text)}</p>"


def _header(
    doc: Document, rows: Sequence[AuditLine], facts: PageFacts, kinds: list[str], *, lines: int, changed_lines: int
) -> str:
    """The header: facts, counts, removal kinds (the legend's colours), legend, warnings,
    filters and (when traced) what each step did."""
    meta = doc.meta
    counts = Counter(r.status for r in rows)
    kind_counts = Counter(r.kind for r in doc.removals)
    pages = None
    if meta.pages_present and meta.pages and meta.pages_present != meta.pages:
        pages = f"{meta.pages_present} of {meta.pages} present"
    elif meta.pages:
        pages = str(meta.pages)
    rows_of_facts = [
        ("reader", facts.reader),
        ("language", meta.language),
        ("title", meta.title),
        ("date", meta.date),
        ("author", meta.author),
        ("pages", pages),
        ("truncated", "yes: a cut preview" if meta.truncated else None),
        ("damaged", "yes: text may be missing or garbled" if meta.damaged else None),
    ] + [(key, value) for key, value in meta.extra]
    out = [
        "<header>",
        '<p class="app">docconv inspect: what cleaning did to each input line</p>',
        f"<h1>{text(facts.source)}</h1>",
        '<dl class="facts">',
    ]
    out += [f"<div><dt>{text(k)}</dt><dd>{text(str(v))}</dd></div>" for k, v in rows_of_facts if v]
    out.append("</dl>")
    whole = len(rows) - lines
    summary = (
        f"{lines} input line(s){f' and {whole} structure(s) read whole' if whole else ''}: "
        f"{counts['removed']} removed, "
        f"{len(doc.changes)} change(s) on {changed_lines} line(s), "
        f"{len(doc.blocks)} output block(s), {counts['unaccounted']} unaccounted; {len(doc.warnings)} warning(s)"
    )
    out.append(f'<p class="counts" id="summary">{text(summary)}</p>')
    if kinds:
        out.append('<ul class="kinds" id="kinds" title="removals by kind">')
        for i, kind in enumerate(kinds):
            out.append(
                f'<li class="k{i}"><span class="sw"></span>removed as <b>{text(kind)}</b>: {kind_counts[kind]}</li>'
            )
        out.append("</ul>")
    out.append(
        '<ul class="legend"><li>\u2212 removed (struck through, coloured by kind; reason on hover)</li>'
        "<li># title or heading</li><li>\u00b6 starts a paragraph</li><li>+ joined to the line above</li>"
        "<li>\u25a6 table, figure, list or note</li><li>\u2731 <mark>changed characters</mark> (before and after"
        " on hover)</li><li>? unaccounted (a bug)</li><li>\u2248 read by OCR with a low confidence (how low on"
        " hover)</li><li>the number and left colour: the output block</li></ul>"
    )
    if doc.warnings:
        out.append('<ul class="warnings" id="warnings">')
        out += [f"<li>{text(w)}</li>" for w in doc.warnings]
        out.append("</ul>")
    out.append(
        '<div class="filters">show: '
        + "".join(
            f'<label><input type="radio" name="show" id="f-{key}"{" checked" if key == "all" else ""}> {label}</label>'
            for key, label in (
                ("all", "all lines"),
                ("removed", "only removals"),
                ("changed", "only changes"),
                ("kept", "only kept lines"),
                ("unaccounted", "only unaccounted"),
                *([("unsure", "only unsure OCR")] if any(r.unsure for r in rows) else []),
            )
        )
        + "</div>"
    )
    if facts.trace:
        out.append('<details class="steps"><summary>steps run</summary><table>')
        out.append("<tr><th>step</th><th>removed</th><th>changed</th><th>warnings</th><th>ms</th></tr>")
        for run in facts.trace:
            out.append(
                f"<tr><td>{text(run.step)}</td><td>{run.removed}</td><td>{run.changed}</td>"
                f"<td>{run.warnings}</td><td>{run.seconds * 1000:.1f}</td></tr>"
            )
        out.append("</table></details>")
    out.append("</header>")
    return "\n".join(out)


def audit_page(raw: Document, doc: Document, rows: Sequence[AuditLine], facts: PageFacts) -> str:
    """The whole page (see the module docstring) for the document as read (``raw``), the
    cleaned one (``doc``) and the audit of its lines (:func:`~convert.app.audit.audit`)."""
    kinds = [kind for kind, _ in Counter(r.kind for r in doc.removals).most_common()]
    by_origin, by_id = _block_numbers(doc)
    changes = line_changes(raw, doc)
    ctx = _Context(doc, changes, {kind: f"k{i}" for i, kind in enumerate(kinds)}, by_origin, by_id)
    ids = _Ids()
    row_ids = [ids.make(r.origin) for r in rows]
    from_reader = {id(s) for s in raw.structures}
    whole = [r.block is not None and id(r.block) in from_reader for r in rows]
    body = _input_pane(rows, row_ids, whole, ctx)
    changed_blocks = {by_origin[o] for o in changes if o in by_origin}
    output = [
        f"<h2>Clean result: {len(doc.blocks)} block(s)</h2>",
        f'<article lang="{attr(doc.meta.language)}">' if doc.meta.language else "<article>",
    ]
    output += [_output_block(n, block, ids.first, n in changed_blocks) for n, block in enumerate(doc.blocks, 1)]
    if not doc.blocks:
        output.append('<p class="empty">nothing left after cleaning</p>')
    output.append("</article>")
    header = _header(doc, rows, facts, kinds, lines=len(rows) - sum(whole), changed_lines=len(changes))
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {script_hash()}; base-uri 'none'; form-action 'none'"
    )
    lang = f' lang="{attr(doc.meta.language)}"' if doc.meta.language else ""
    return "".join(
        [
            PAGE_START,
            '<html lang="en"><head><meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="generator" content="docconv inspect">\n',
            f"<title>docconv audit: {text(facts.source)}</title>\n",
            f"<style>{CSS}{kind_rules(len(kinds))}</style>\n</head>\n<body>\n",
            header,
            "\n<main>\n",
            f'<section id="input" class="pane"{lang}>\n',
            body,
            "</section>\n",
            '<section id="output" class="pane">\n',
            "\n".join(output),
            "\n</section>\n</main>\n",
            f"<script>{SCRIPT}</script>\n</body></html>\n",
        ]
    )


def _input_pane(rows: Sequence[AuditLine], row_ids: Sequence[str], whole: Sequence[bool], ctx: _Context) -> str:
    """The left side: one ``div.ln`` per row (``whole``: the row is a structure the reader
    recovered whole), a ``div.page`` where a new page starts."""
    out = [f"<h2>Input as read: {len(rows)} row(s)</h2>"]
    page: int | None = None
    for row, rid, is_whole in zip(rows, row_ids, whole, strict=True):
        if row.origin.page is not None and row.origin.page != page:
            page = row.origin.page
            out.append(f'<div class="page">page {page}</div>')
        out.append(_input_row(row, rid, ctx, whole=is_whole))
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class _Context:
    """What every row of the left side is drawn with."""

    doc: Document
    changes: dict[Origin, LineChange]
    kind_class: dict[str, str]
    by_origin: dict[Origin, int]
    by_id: dict[int, int]


def _input_row(row: AuditLine, rid: str, ctx: _Context, *, whole: bool) -> str:
    """One row of the left side. ``whole``: the row stands for a table, figure, list or note
    the reader recovered whole (shown rendered); else it is an input line."""
    classes = ["ln", f"s-{row.status}"]
    tips: list[str] = []
    badge = ""
    number = 0
    if row.status == "removed":
        r = row.removal
        if r is not None:
            classes.append(ctx.kind_class.get(r.kind, ""))
            tips.append(f"removed by the {r.step} step as {r.kind}: {r.reason}")
            badge = f'<span class="why">{text(r.kind)}</span>'
        else:
            tips.append(row.note)
    elif row.status == "unaccounted":
        tips.append("neither kept nor recorded: a bug in docconv or a plugin" + (f" ({row.note})" if row.note else ""))
    elif whole and row.block is not None:
        number = _structure_number(row.block, ctx.doc, ctx.by_id, ctx.by_origin)
        tips.append(f"recovered whole by the reader as block {number}: {row.note}")
    else:
        number = ctx.by_origin.get(row.origin, 0)
        if number:
            block = ctx.doc.blocks[number - 1]
            verb = "joined into" if row.status == "joined" else "starts"
            tips.append(f"{verb} block {number}: {_block_kind(block)}")
        if row.status == "structure" and row.note:
            tips.append(row.note)
    if row.unsure and not whole:
        classes.append("unsure")
        tips.append(row.unsure)
    content = text(row.text)
    change = ctx.changes.get(row.origin) if row.status != "removed" and not whole else None
    if change is not None and rid == str(row.origin):
        classes.append("chg")
        tips += change.notes
        if change.before != change.after:
            tips.append(f"before: {_clip(change.before)}\nafter:  {_clip(change.after)}")
        content = marked_text(row.text, change.marks)
    if whole and row.block is not None:
        content = f'<div class="struct">{structure_html(row.block, image=False)}</div>'
    if number:
        classes.append(f"c{number % len(BLOCK_COLOURS)}")
        data = f' data-b="{number}"'
        mark = MARKS.get(row.status) or "#" * min(_level(ctx.doc.blocks[number - 1]), 6)
        mark_html = f'<a class="m" href="#b{number}">{mark}{number}</a>'
    else:
        data = ""
        mark_html = f'<span class="m">{MARKS.get(row.status, "#")}</span>'
    title = "\n".join(t for t in tips if t)
    title_attr = f' title="{attr(title)}"' if title else ""
    return (
        f'<div class="{" ".join(c for c in classes if c)}" id="{attr(rid)}"{data}{title_attr}>'
        f'<a class="o" href="#{attr(rid)}">{text(str(row.origin))}</a>{mark_html}'
        f'<span class="t">{content}</span>{badge}</div>'
    )


def _level(block: Block) -> int:
    return 1 if block.kind == "title" else max(block.level, 1)


# ----------------------------------------------------------------------------- writing


def page_target(path: Path) -> str:
    """How ``--html`` may write to ``path``: ``"new"``, ``"replace"`` (an earlier audit page,
    an empty file or a symbolic link, which is replaced, never written through) or
    ``"stream"`` (a device or named pipe: written in place). Raises ``ValueError`` with the
    reason for a folder or any other file (an input, a saved web page): docconv does not
    replace what it did not write."""
    from .paths import own_file_target

    return own_file_target(path, lambda head: head.startswith(PAGE_START.encode()), "a docconv audit page")


def write_page(path: Path, page: str) -> None:
    """Write ``page`` to ``path``: atomically (a temporary file renamed into place), or in
    place for a device or pipe (``/dev/stdout``). Raises ``OSError`` or ``ValueError``."""
    from .inputs import safe_text
    from .staging import write_text_atomic

    if page_target(path) == "stream":
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(safe_text(page))
    else:
        write_text_atomic(path, page)
