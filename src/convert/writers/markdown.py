"""Markdown output: YAML front matter, ``#`` title, ``##``/``###`` headings, one paragraph
per block, Markdown characters in the text escaped so that they stay text.

Titles and metadata come from the input (an HTML ``<title>``, an author meta tag, a file
name), so they are hostile text: every front-matter value is valid YAML on one line (quoted
where needed, no raw line breaks or characters YAML cannot hold), and string values are
Markdown-escaped like the body, because pandoc reads YAML string values as Markdown (an
unescaped ``<script>`` in a title would be live HTML in ``pandoc -s`` output). No block,
the title included, ever spans lines."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import BinaryIO

from convert.core.contracts import Options, Writer
from convert.core.hookspecs import hookimpl
from convert.core.model import Document, Metadata
from convert.writers._outline import items

INLINE = re.compile(r"([\\`*_\[\]<>~|])")
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
LINE_START = re.compile(r"^(#|>|[-+=]|\d+(?=[.)]))")

FRONT_MATTER_KEYS = ("title", "date", "language", "author", "source", "pages", "truncated", "damaged")
#: Line breaks for some reader of the output (CommonMark: CR; YAML 1.1: NEL, LS, PS;
#: Python's splitlines: VT, FF, FS..RS): each becomes a space.
LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
#: Characters no text format should carry: C0/C1 controls (tab aside), DEL, lone surrogates,
#: and the noncharacters (U+FDD0..U+FDEF, U+xFFFE and U+xFFFF in every plane).
NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
UNPRINTABLE = re.compile(f"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef{NONCHARACTERS}]")
#: What a YAML double-quoted scalar must hold as an escape: the quote and backslash
#: themselves, everything outside YAML's printable set, and what YAML 1.1 reads as a line
#: break or a byte-order mark.
YAML_ESCAPE = re.compile('["\\\\]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]')
YAML_SHORT = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(text: str, *, heading: bool = False) -> str:
    """Escape ``text`` so that a CommonMark renderer shows exactly these characters."""
    text = INLINE.sub(r"\\\1", text)
    text = ENTITY.sub(r"\\&", text)
    m = LINE_START.match(text)
    if m:
        marker = m.group(1)
        if marker[0].isdigit():
            text = marker + "\\" + text[len(marker) :]
        else:
            text = "\\" + text
    if heading and text.endswith("#"):
        text = text[:-1] + "\\#"
    return text


def one_line(text: str) -> str:
    """``text`` as one line of showable characters: line and paragraph separators (a CR in an
    HTML ``<title>`` included) become spaces, other control characters and noncharacters go."""
    return UNPRINTABLE.sub("", LINE_BREAKS.sub(" ", text))


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
    """The YAML front matter lines, ``---`` to ``---``; string values made inert for pandoc."""
    values: dict[str, object] = {
        "title": meta.title,
        "date": meta.date,
        "language": meta.language,
        "author": meta.author,
        "source": meta.source,
        "pages": meta.pages,
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
    lines.append("---")
    return lines


def render(doc: Document) -> str:
    """The document as Markdown: front matter, ``#`` title, ``##``.. headings, paragraphs;
    each block on one line, whatever line breaks its text held."""
    out = front_matter(doc.meta)
    for item in items(doc):
        text = one_line(item.text).strip()
        if not text:
            continue
        if item.kind == "paragraph":
            out += ["", escape(text)]
        else:
            out += ["", "#" * item.level + " " + escape(text, heading=True)]
    return "\n".join(out) + "\n"


class MarkdownWriter(Writer):
    name = "md"
    description = "CommonMark with YAML front matter; Markdown characters in the text are escaped."
    extension = ".md"

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        out.write(render(doc).encode("utf-8"))


@hookimpl
def register_writers(register: Callable[[Writer], None]) -> None:
    register(MarkdownWriter())
