"""docconv plugin: plain-text output (``docconv convert a.txt -t txt``).

The title is underlined with ``=`` and headings with ``-`` (as wide as the text, counting
Chinese characters as two columns, so the line lines up in a fixed-width font); paragraphs
are separated by blank lines and are not wrapped; a code listing keeps its lines as they
are (leading spaces included). UTF-8, ``\\n`` line endings.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import BinaryIO

from convert import Code, Document, Options, Writer, hookimpl

__version__ = "0.1.0"

#: Underline character per block kind; paragraphs have none.
UNDERLINES = {"title": "=", "heading": "-"}


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def code_text(text: str) -> str:
    """A code listing's lines as they are, without the blank lines before and after them."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines)


def render(doc: Document) -> str:
    """The document as plain text: one chunk per block, chunks separated by a blank line."""
    chunks: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Code):
            chunks += [code_text(block.text)] if block.text.strip() else []
            continue
        text = " ".join(block.text.split("\n")).strip()
        if not text:
            continue
        mark = UNDERLINES.get(block.kind)
        chunks.append(f"{text}\n{mark * max(3, display_width(text))}" if mark else text)
    return "\n\n".join(chunks) + "\n" if chunks else ""


class PlainTextWriter(Writer):
    name = "txt"
    description = "Plain text (UTF-8): title underlined with =, headings with -, blank line between paragraphs."
    extension = ".txt"

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        out.write(render(doc).encode("utf-8"))


@hookimpl
def register_writers(register: Callable[[Writer], None]) -> None:
    register(PlainTextWriter())
