"""What docconv's Markdown writer writes for tables, figures, lists, notes and code, read back
whole (issue 14), so that cleaning a cleaned file changes nothing (``md -> md`` gives the same
bytes) and a ``md -> docx`` conversion has real tables, images, notes and listings.

Fenced code blocks are read first (:func:`take_code`), before anything else looks at the
lines: a ```` ``` ```` or ``~~~`` fence (three or more, indented three spaces at most) opens
a :class:`~convert.core.model.Code` listing that the next fence of the same character, at
least as long and with nothing after it, closes; the first word of the opening fence's info
string is its ``language``; its lines are kept as they are, each an origin of the listing,
so that no step ever sees them (a line ``Page 3`` in a listing is code, not a page number).
Where scraped Markdown is not what CommonMark would read, the lines stay text, as they
were: a fence that nothing closes (a stray ```` ``` ````, which CommonMark runs to the end
of the document), an indented fence (a list item's, which stays with its item), and a
``~~~`` line without a language around lines that read as text
(:func:`~convert.core.listing.reads_as_text`: a row of tildes separating a story's parts).
Indented code blocks are not read: scraped Chinese Markdown indents its paragraphs.

Pipe tables (with a ``Table: caption``) and lists are read by
:func:`convert.core.textblocks.markdown_structures`; this module reads the rest, before it
(:func:`extract`) and after it (:func:`link_references`):

- an HTML ``<table>`` block (the writer's form for spanned cells) is a
  :class:`~convert.core.model.Table` with its ``colspan``/``rowspan``, its ``<caption>`` and
  its header rows (those in ``<thead>``, else the leading rows of ``<th>`` cells);
- an image alone in its paragraph, ``![alt](path)``, with an ``*emphasised*`` paragraph
  after it as its caption, is a :class:`~convert.core.model.Figure`; its bytes are read from
  ``path`` only when that is a file inside the Markdown file's own folder (never a URL, an
  absolute path or ``..`` out of it: :func:`convert.core.imagefiles.image_bytes`), else the
  figure has no data and the core warns;
- a ``[^label]: text`` definition is a :class:`~convert.core.model.Footnote`; the notes are
  numbered 1, 2.. in the order of their definitions, and each ``[^label]`` reference in a
  paragraph or heading becomes ``[N]`` in its text, the marker the writers look for first
  (:mod:`convert.writers._notes`), with ``Footnote.ref`` the origin of that paragraph; a note
  never referenced has no marker and no ``ref``;
- a line that is one HTML comment (``<!-- -->``, which the writer puts between two lists in
  a row) is not text.

Each structure takes the line number of its first line as its origin; its lines are blanked
(the numbering kept) so that they are not also read as paragraphs. What cannot be read (an
HTML table without rows, one never closed) stays in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from convert.core.imagefiles import dimensions, image_bytes
from convert.core.listing import reads_as_text
from convert.core.model import Block, Cell, Code, Figure, Footnote, Origin, make_table

MAX_SPAN = 100  # colspan/rowspan above this are taken as 1 (an error, not a table)
TABLE_OPEN = re.compile(r"<table\b", re.I)
TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
TABLE_START = re.compile(r"^ {0,3}<table\b", re.I)
IMAGE = re.compile(r"^ {0,3}!\[((?:\\.|[^\\\]])*)\]\(\s*<?([^\s<>()]*)>?(?:\s+\"(?:\\.|[^\"\\])*\")?\s*\)\s*$")
CAPTION = re.compile(r"^ {0,3}\*(?![\s*])((?:\\.|[^\\])*?)(?<!\s)\*\s*$")
DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$")
REFERENCE = re.compile(r"(?<!\\)((?:\\\\)*)\[\^([^\]\s]+)\](?!:)")
COMMENT = re.compile(r"^ {0,3}<!--(?:(?!-->).)*-->\s*$")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
#: An opening code fence: its indentation, the fence, the info string.
FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
#: A list item's first line: its marker.
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
#: A line that may close a code fence: the fence alone, indented three spaces at most.
CLOSING_FENCE = re.compile(r"^ {0,3}(`+|~+)[ \t]*$")


@dataclass
class Found:
    """What :func:`extract` found: the structures, and the note numbers by label."""

    structures: list[Block] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)


def _alone(raw: list[str], i: int) -> bool:
    """Whether ``raw[i]`` is a paragraph by itself (blank lines, or the edges, around it)."""
    return (i == 0 or not raw[i - 1].strip()) and (i + 1 >= len(raw) or not raw[i + 1].strip())


def extract(body: str, first_line: int, folder: Path | None, unescape: Callable[[str], str]) -> tuple[str, Found]:
    """``body`` with the lines of its HTML tables, figures and note definitions blanked, and
    those structures (see the module docstring). ``folder`` is the Markdown file's folder
    (``None``: no image file is read); ``unescape`` removes Markdown escapes."""
    raw = body.split("\n")
    found = Found()
    i = 0
    while i < len(raw):
        start_of_paragraph = i == 0 or not raw[i - 1].strip()
        end = None
        if start_of_paragraph and TABLE_START.match(raw[i]):
            end = _html_table(raw, i, first_line, found)
        elif _alone(raw, i) and IMAGE.match(raw[i]):
            end = _figure(raw, i, first_line, folder, unescape, found)
        elif start_of_paragraph and DEFINITION.match(raw[i]):
            end = _definition(raw, i, first_line, unescape, found)
        if end is None:
            i += 1
            continue
        for k in range(i, end):
            raw[k] = ""
        i = end
    return "\n".join(raw), found


# ----------------------------------------------------------------------------- code


def take_code(body: str, first_line: int, unescape: Callable[[str], str]) -> tuple[str, list[Code]]:
    """``body`` with the lines of its fenced code blocks blanked (the numbering kept), and
    those listings (see the module docstring). ``unescape`` removes Markdown escapes (from
    the info string)."""
    raw = body.split("\n")
    found: list[Code] = []
    unclosed: dict[str, int] = {}  # fence character -> the shortest fence nothing closed (nor will, further on)
    i = 0
    while i < len(raw):
        opening = _opening_fence(raw[i], unescape)
        if opening is None:
            i += 1
            continue
        indent, fence, language = opening
        end = None
        if len(fence) < unclosed.get(fence[0], len(fence) + 1):
            end = next((j for j in range(i + 1, len(raw)) if _closes(raw[j], fence)), None)
            if end is None:
                unclosed[fence[0]] = len(fence)
        if end is None or (indent and _in_list_item(raw, i, indent)) or _separator(fence, language, raw[i + 1 : end]):
            i += 1  # (unclosed: a stray fence; a list item's: it stays with its item; a row of tildes)
            continue
        lines = [_dedent(line, indent) for line in raw[i + 1 : end]]
        origins = tuple(Origin(first_line + k) for k in range(i + 1, end)) or (Origin(first_line + i),)
        found.append(Code(text="\n".join(lines), language=language, origins=origins))
        for k in range(i, min(end + 1, len(raw))):
            raw[k] = ""
        i = end + 1
    return "\n".join(raw), found


def _opening_fence(line: str, unescape: Callable[[str], str]) -> tuple[int, str, str] | None:
    """``(indentation, fence, language)`` of a line that opens a code fence, or ``None`` (a
    backtick fence whose info string holds a backtick is inline code, not a fence)."""
    m = FENCE.match(line)
    if m is None or (m.group(2)[0] == "`" and "`" in m.group(3)):
        return None
    words = m.group(3).split()
    return len(m.group(1)), m.group(2), unescape(words[0]) if words else ""


def _in_list_item(raw: list[str], at: int, indent: int) -> bool:
    """Whether the fence indented by ``indent`` on line ``at`` belongs to a list item: the
    lines above it, up to an item's marker, are blank or indented as far."""
    for line in reversed(raw[:at]):
        if LIST_ITEM.match(line):
            return True
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            return False
    return False


def _separator(fence: str, language: str, lines: list[str]) -> bool:
    """Whether a ``~~~~~`` line (five tildes or more, no language) and its partner are rows
    of tildes separating text (:func:`~convert.core.listing.reads_as_text`), not a fence."""
    return fence[0] == "~" and len(fence) >= 5 and not language and reads_as_text(lines)


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a listing opened by ``fence``: the same character, at least as
    many, indented three spaces at most, nothing but white space after it."""
    m = CLOSING_FENCE.match(line)
    return m is not None and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)


def _dedent(line: str, indent: int) -> str:
    """``line`` without up to ``indent`` leading spaces (those of its opening fence)."""
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


# ----------------------------------------------------------------------------- HTML tables


def _html_table(raw: list[str], i: int, first_line: int, found: Found) -> int | None:
    """Read the HTML table starting at ``raw[i]``; the end index, or ``None``."""
    depth = 0
    for j in range(i, len(raw)):
        depth += len(TABLE_OPEN.findall(raw[j])) - len(TABLE_CLOSE.findall(raw[j]))
        if depth <= 0:
            break
        if not raw[j].strip():
            return None  # (a blank line ends an HTML block: the table was not closed)
    else:
        return None
    table = read_html_table("\n".join(raw[i : j + 1]))
    if table is None:
        return None
    found.structures.append(
        make_table(table[0], header_rows=table[1], caption=table[2], origins=(Origin(first_line + i),))
    )
    return j + 1


def read_html_table(markup: str) -> tuple[list[list[Cell]], int, str] | None:
    """``(rows, header rows, caption)`` of an HTML table, ``None`` when it has no cells."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        el = lxml_html.fragment_fromstring(markup, create_parent=False)
    except (etree.ParserError, ValueError):
        return None
    if not isinstance(el.tag, str) or el.tag.lower() != "table":
        return None
    rows: list[list[Cell]] = []
    header_rows = 0
    counting = True
    for tr in el.iter("tr"):
        cells = [
            Cell(text=_cell_text(td), colspan=_span(td, "colspan"), rowspan=_span(td, "rowspan"))
            for td in tr
            if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")
        ]
        if not cells:
            continue
        in_head = any(isinstance(a.tag, str) and a.tag.lower() == "thead" for a in tr.iterancestors())
        all_th = all(isinstance(td.tag, str) and td.tag.lower() == "th" for td in tr if isinstance(td.tag, str))
        if counting and (in_head or all_th):
            header_rows += 1
        else:
            counting = False
        rows.append(cells)
    if not rows:
        return None
    caption_el = next(iter(el.iter("caption")), None)
    caption = " ".join(WS.split(caption_el.text_content())).strip() if caption_el is not None else ""
    return rows, header_rows, caption


def _span(cell: object, attr: str) -> int:
    value = (cell.get(attr) or "").strip()  # type: ignore[attr-defined]
    n = int(value) if value.isdigit() else 1
    return n if 1 <= n <= MAX_SPAN else 1


def _cell_text(cell: object) -> str:
    """A cell's text: ``<br>`` a line break, white space collapsed within each line."""
    for br in cell.iter("br"):  # type: ignore[attr-defined]
        br.tail = "\n" + (br.tail or "")
    lines = (" ".join(WS.split(part)).strip() for part in cell.text_content().split("\n"))  # type: ignore[attr-defined]
    return "\n".join(line for line in lines if line)


# ----------------------------------------------------------------------------- figures


def _figure(
    raw: list[str], i: int, first_line: int, folder: Path | None, unescape: Callable[[str], str], found: Found
) -> int:
    """Read the image at ``raw[i]`` and the caption paragraph after it; the end index."""
    m = IMAGE.match(raw[i])
    assert m is not None
    alt = unescape(m.group(1)).strip()
    path = m.group(2)
    end = i + 1
    caption = ""
    after = i + 2
    if after < len(raw) and not raw[i + 1].strip() and _alone(raw, after):
        c = CAPTION.match(raw[after])
        if c:
            caption = unescape(c.group(1)).strip()
            end = after + 1
    data, media = image_bytes(path, folder) if folder is not None else (b"", "")
    width, height = dimensions(data) or (0, 0)
    name = PurePosixPath(unquote(path.split("#")[0].split("?")[0])).name if not path.startswith("data:") else ""
    found.structures.append(
        Figure(
            text=caption or alt,
            caption=caption,
            alt="" if alt == caption else alt,
            data=data,
            media_type=media,
            name=name,
            width=width,
            height=height,
            origins=(Origin(first_line + i),),
        )
    )
    return end


# ----------------------------------------------------------------------------- notes


def _definition(raw: list[str], i: int, first_line: int, unescape: Callable[[str], str], found: Found) -> int | None:
    """Read the note definition at ``raw[i]`` (its paragraph); the end index, or ``None`` for
    a label defined before (CommonMark ignores it: it stays text here, so nothing is lost)."""
    m = DEFINITION.match(raw[i])
    assert m is not None
    parts = [m.group(2).strip()]
    j = i + 1
    while j < len(raw) and raw[j].strip() and not DEFINITION.match(raw[j]):
        parts.append(raw[j].strip())
        j += 1
    label = m.group(1)
    if label in found.notes:
        return None
    found.notes[label] = len(found.notes) + 1
    text = unescape(" ".join(p for p in parts if p))
    found.structures.append(Footnote(text=text, marker=label, origins=(Origin(first_line + i),)))
    return j


def link_references(body: str, first_line: int, found: Found) -> tuple[str, list[Block]]:
    """``body`` (structures already blanked) with each ``[^label]`` reference to a defined
    note written as an escaped ``\\[N\\]`` (``[N]`` once unescaped) and HTML comment lines
    blanked, and the notes with their ``marker`` (``N``) and ``ref`` (the origin of the
    referencing paragraph or heading) set."""
    raw = body.split("\n")
    refs: dict[str, Origin] = {}
    start = first_line
    for k, line in enumerate(raw):
        if COMMENT.match(line):
            raw[k] = ""
            continue
        if not line.strip():
            continue
        if k == 0 or not raw[k - 1].strip() or HEADING.match(line) or HEADING.match(raw[k - 1]):
            start = first_line + k

        def swap(m: re.Match[str], here: int = start) -> str:
            number = found.notes.get(m.group(2))
            if number is None:
                return m.group(0)
            refs.setdefault(m.group(2), Origin(here))
            return f"{m.group(1)}\\[{number}\\]"

        raw[k] = REFERENCE.sub(swap, line)
    notes: list[Block] = []
    for block in found.structures:
        if isinstance(block, Footnote):
            ref = refs.get(block.marker)
            marker = str(found.notes[block.marker]) if ref is not None else ""
            block = Footnote(text=block.text, marker=marker, ref=ref, origins=block.origins)
        notes.append(block)
    return "\n".join(raw), notes
