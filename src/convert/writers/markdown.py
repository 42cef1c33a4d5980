"""Markdown output: YAML front matter, ``#`` title, ``##``/``###`` headings, one paragraph
per block, Markdown characters in the text escaped so that they stay text.

Titles and metadata come from the input (an HTML ``<title>``, an author meta tag, a file
name), so they are hostile text: every front-matter value is valid YAML on one line (quoted
where needed, no raw line breaks or characters YAML cannot hold), and string values are
Markdown-escaped like the body, because pandoc reads YAML string values as Markdown (an
unescaped ``<script>`` in a title would be live HTML in ``pandoc -s`` output). No text
block, the title included, ever spans lines. Tables, figures, lists and code listings are
written by :mod:`convert.writers._markdown_structures`: a code listing is a fenced code block
that keeps its lines as they are, unescaped."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import BinaryIO, ClassVar

from convert.core.contracts import Options, Writer
from convert.core.hookspecs import hookimpl
from convert.core.metadata import custom_metadata
from convert.core.model import STRUCTURES, Block, Document, Footnote, ListBlock, Metadata, PageStart
from convert.core.notices import Notice
from convert.core.notices import notices as all_notices
from convert.writers._markdown_structures import note_definition, structure_lines
from convert.writers._markdown_text import escape, escape_inline, one_line
from convert.writers._notes import Span, link_notes
from convert.writers._pages import interleave

#: What stands between two lists in a row (an empty HTML comment, as CommonMark suggests).
LIST_BREAK = "<!-- -->"
#: Keys YAML reads as something other than text (YAML 1.1 booleans, null): quoted.
YAML_WORDS = frozenset({"yes", "no", "y", "n", "true", "false", "on", "off", "null"})
FRONT_MATTER_KEYS = ("title", "date", "language", "author", "source", "pages", "pages_present", "truncated", "damaged")
#: Provenance values written as they are (anything else is Markdown-escaped, like metadata).
PLAIN_VALUE = re.compile(r"[A-Za-z0-9._:+@/=-]*")
#: What a YAML double-quoted scalar must hold as an escape: the quote and backslash
#: themselves, everything outside YAML's printable set, and what YAML 1.1 reads as a line
#: break or a byte-order mark.
YAML_ESCAPE = re.compile('["\\\\]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]')
YAML_SHORT = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _yaml_escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in YAML_SHORT:
        return YAML_SHORT[ch]
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be written in UTF-8 at all
        return "\\ufffd"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line, with every character YAML could
    not hold or would read as a line break escaped (JSON-compatible escapes)."""
    return '"' + YAML_ESCAPE.sub(_yaml_escape, text) + '"'


def yaml_scalar(value: object) -> str:
    """A YAML scalar: plain where that is unambiguous, else a double-quoted string. Either
    way one line of valid YAML, whatever ``value`` holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain_ok = (
        text
        and text.strip() == text
        and not re.search(r":(\s|$)|\s#|[\t\"\\]", text)
        and not YAML_ESCAPE.search(text)
        and text[0] not in "-?:,[]{}#&*!|>'%@`\"~"
        and not text.endswith("'")
        and text.lower() not in ("true", "false", "yes", "no", "null", "on", "off", "~")
        and not re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?", text)
    )
    if plain_ok or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return yaml_quoted(text)


def metadata_text(value: str) -> str:
    """A metadata string as front matter holds it: on one line, and Markdown-escaped like the
    body, since pandoc reads YAML string values as Markdown (``<img onerror>`` in an HTML
    ``<title>`` must stay text). The Markdown reader removes the escapes again."""
    return escape(" ".join(one_line(value).split()))


def front_matter(meta: Metadata) -> list[str]:
    """The YAML front matter lines, ``---`` to ``---``; string values made inert for pandoc.
    The user's own keys (``Metadata.custom``: ``-M KEY=VALUE``) follow docconv's."""
    values: dict[str, object] = {
        "title": meta.title,
        "date": meta.date,
        "language": meta.language,
        "author": meta.author,
        "source": meta.source,
        "pages": meta.pages,
        "pages_present": meta.pages_present if meta.truncated else None,  # (what the notice says)
        "truncated": meta.truncated if meta.truncated else None,
        "damaged": meta.damaged if meta.damaged else None,
    }
    lines = ["---"]
    for key in FRONT_MATTER_KEYS:
        value = values[key]
        if isinstance(value, str):
            value = metadata_text(value)
        if value is not None and value != "":
            lines.append(f"{key}: {yaml_scalar(value)}")
    for key, text in custom_metadata(meta):
        if key not in FRONT_MATTER_KEYS and key != "docconv" and text:
            name = yaml_quoted(key) if key.lower() in YAML_WORDS else key  # (-M yes=...: a text key)
            lines.append(f"{name}: {yaml_scalar(metadata_text(text))}")
    if meta.provenance is not None:
        lines += ["docconv:", *provenance_lines(meta.provenance.as_dict(), "  ")]
    lines.append("---")
    return lines


def _provenance_value(value: object, *, in_list: bool = False) -> str:
    """One provenance value as YAML: numbers plain, text escaped for pandoc unless it is a
    plain token (a version, a checksum, a step name), flow lists for lists (an item holding
    ``,[]{}`` quoted)."""
    if isinstance(value, bool | int):
        return yaml_scalar(value)
    if isinstance(value, list):
        return "[" + ", ".join(_provenance_value(v, in_list=True) for v in value) + "]"
    text = str(value)
    if not PLAIN_VALUE.fullmatch(text):
        text = metadata_text(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:]+Z", text) or (in_list and re.search(r"[,\[\]{}]", text)):
        return yaml_quoted(text)  # (a time stays text, not a YAML timestamp)
    return yaml_scalar(text)


def provenance_lines(data: dict[str, object], indent: str) -> list[str]:
    """The ``docconv:`` mapping of the front matter (:meth:`Provenance.as_dict
    <convert.core.model.Provenance.as_dict>`), one ``key: value`` per line, nested mappings
    indented two more spaces; docconv's Markdown reader reads it back."""
    lines: list[str] = []
    for key, value in data.items():
        name = yaml_scalar(str(key))
        if isinstance(value, dict):
            lines.append(f"{indent}{name}:")
            lines += provenance_lines(value, indent + "  ")
        else:
            lines.append(f"{indent}{name}: {_provenance_value(value)}")
    return lines


def render(doc: Document, *, notices: bool = True) -> str:
    """The document as Markdown: front matter, ``#`` title, ``##``.. headings, paragraphs;
    each text block on one line, whatever line breaks its text held. Tables, figures, lists
    and code listings are rendered by :mod:`convert.writers._markdown_structures`; footnotes
    are linked where their marker is (:func:`~convert.writers._notes.link_notes`) and defined
    at the end.
    With ``notices``, the document's notices (:func:`convert.core.notices.notices`) follow
    the title (the truncation notice follows the last block)."""
    out = front_matter(doc.meta)
    top = len(out)  # where the top notices go: after the title, if the document starts with one
    if doc.meta.title and not any(b.kind == "title" for b in doc.blocks):
        out += ["", "# " + escape(one_line(doc.meta.title).strip(), heading=True)]
        top = len(out)
    links = link_notes(doc.blocks)
    notes: list[str] = []
    after_list = False
    for at, block in enumerate(doc.blocks):
        if isinstance(block, Footnote):
            notes.append(note_definition(links.numbers[at], block))
            continue
        lines = structure_lines(block) if isinstance(block, STRUCTURES) else text_block(block, links.spans.get(at, ()))
        if lines and after_list and isinstance(block, ListBlock):
            out += ["", LIST_BREAK]  # else Markdown would join the two lists into one
        if block.page_starts and isinstance(block, STRUCTURES):  # (also when the structure writes nothing here)
            out += ["", *(page_mark(ps, "div") for ps in block.page_starts)]
        if lines:
            first = len(out) == top
            out += ["", *lines]
            if first and block.kind == "title":
                top = len(out)
            after_list = isinstance(block, ListBlock)
    if notices:
        shown = all_notices(doc)
        out += [line for n in shown if n.bottom for line in notice_lines(n)]
        out[top:top] = [line for n in shown if not n.bottom for line in notice_lines(n)]
    for note in notes:
        out += ["", note]
    return "\n".join(out) + "\n"


def page_mark(page: PageStart, tag: str = "span") -> str:
    """A page start as invisible HTML that docconv's Markdown reader reads back:
    ``<span id="page-47698" data-page="3"></span>`` (``tag`` ``div`` before a table, figure or list)."""
    return f'<{tag} id="{page.anchor}" data-page="{page.page}"></{tag}>'


def notice_lines(notice: Notice) -> list[str]:
    """A notice as Markdown: a blank line, the ``<!-- docconv:notice KIND -->`` comment that
    docconv's Markdown reader knows it by, and a one-line ``> **Note:** ...`` blockquote
    (``> **注意**：...``: a full-width colon outside the emphasis, where CommonMark can end it)."""
    text = escape_inline(" ".join(one_line(notice.text).split()))
    if notice.label.endswith("\uff1a"):
        return ["", f"<!-- docconv:notice {notice.kind} -->", f"> **{notice.label[:-1]}**\uff1a{text}"]
    return ["", f"<!-- docconv:notice {notice.kind} -->", f"> **{notice.label}** {text}"]


def text_block(block: Block, spans: Sequence[Span] = ()) -> list[str]:
    """A title, heading or paragraph as one line (none when it is blank), with each note
    marker of ``spans`` replaced by its ``[^N]`` reference and a :func:`page_mark` where each
    of its pages begins."""
    parts = interleave(block.text, spans, block.page_starts)
    texts = [i for i, part in enumerate(parts) if isinstance(part, str)]
    pieces: list[str] = []
    for i, part in enumerate(parts):
        if isinstance(part, tuple):
            pieces.append(f"[^{part[2]}]")
            continue
        if isinstance(part, PageStart):
            pieces.append(page_mark(part))
            continue
        text = one_line(part)
        text = text.lstrip() if i == texts[0] else text
        text = text.rstrip() if i == texts[-1] else text
        pieces.append(escape(text, heading=block.kind in ("title", "heading")) if i == 0 else escape_inline(text))
    if not any(isinstance(part, tuple) or (isinstance(part, str) and part.strip()) for part in parts):
        return []  # (a blank block: its page marks alone make no paragraph)
    line = "".join(pieces)
    if not line:
        return []
    if block.kind in ("title", "heading") and line.endswith("#") and not line.endswith("\\#"):
        line = line[:-1] + "\\#"  # (after a note reference: not a closing sequence)
    if block.kind == "title":
        return ["# " + line]
    if block.kind == "heading":
        return ["#" * max(2, min(block.level, 6)) + " " + line]
    return [line]


class MarkdownWriter(Writer):
    name = "md"
    description = "CommonMark with YAML front matter; Markdown characters in the text are escaped."
    extension = ".md"
    links_images: ClassVar[bool] = True

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        out.write(render(doc, notices=options.notices).encode("utf-8"))


@hookimpl
def register_writers(register: Callable[[Writer], None]) -> None:
    register(MarkdownWriter())
