"""Markdown output: YAML front matter, ``#`` title, ``##``/``###`` headings, one paragraph
per block, Markdown characters in the text escaped so that they stay text."""

from __future__ import annotations

import json
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


def yaml_scalar(value: object) -> str:
    """A YAML scalar: plain where that is unambiguous, else a double-quoted string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain_ok = (
        text
        and text.strip() == text
        and not re.search(r":(\s|$)|\s#|[\n\"\\]", text)
        and text[0] not in "-?:,[]{}#&*!|>'%@`\"~"
        and text.lower() not in ("true", "false", "yes", "no", "null", "on", "off", "~")
        and not re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?", text)
    )
    if plain_ok or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def front_matter(meta: Metadata) -> list[str]:
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
        if value is not None and value != "":
            lines.append(f"{key}: {yaml_scalar(value)}")
    lines.append("---")
    return lines


def render(doc: Document) -> str:
    """The document as Markdown: front matter, ``#`` title, ``##``.. headings, paragraphs."""
    out = front_matter(doc.meta)
    for item in items(doc):
        if item.kind == "paragraph":
            out += ["", escape(item.text)]
        else:
            out += ["", "#" * item.level + " " + escape(item.text, heading=True)]
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
