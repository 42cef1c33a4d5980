"""Markdown text: escaping so that text stays text, YAML front matter, and parsing back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from .model import Document, Metadata
from .textutil import needs_space

# Characters that can start inline markup anywhere in a line.
INLINE = re.compile(r"([\\`*_\[\]<>~|])")
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
LINE_START = re.compile(r"^(#|>|[-+=]|\d+(?=[.)]))")
UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

FRONT_MATTER_KEYS = ("title", "date", "language", "author", "source", "pages", "truncated")


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


def unescape(text: str) -> str:
    return UNESCAPE.sub(r"\1", text)


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
    blocks = list(doc.blocks)
    if doc.meta.title and not any(b.kind == "title" for b in blocks):
        out += ["", "# " + escape(doc.meta.title, heading=True)]
    for block in blocks:
        text = " ".join(block.text.split("\n")).strip()
        if not text:
            continue
        if block.kind == "title":
            out += ["", "# " + escape(text, heading=True)]
        elif block.kind == "heading":
            out += ["", "#" * max(2, min(block.level, 6)) + " " + escape(text, heading=True)]
        else:
            out += ["", escape(text)]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- reading back


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """``(fields, body, lines used by the front matter)``."""
    m = re.match(r"---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text, re.S)
    if not m:
        return {}, text, 0
    fields: dict[str, str] = {}
    for line in m.group(1).splitlines():
        if ":" in line and not line.startswith((" ", "\t", "#")):
            key, value = line.split(":", 1)
            value = value.strip()
            if value.startswith('"'):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    value = value.strip('"')
            else:
                value = value.strip("'")
            fields[key.strip().lower()] = value
    return fields, text[m.end() :], m.group(0).count("\n")


HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")  # closing #s are stripped in code
CLOSING = re.compile(r"(?:^|[ \t])#+$")


def heading_text(raw: str) -> str:
    """An ATX heading's text without its optional closing ``#`` sequence."""
    text = raw.strip()
    m = CLOSING.search(text)
    if m and not text[: m.start()].endswith("\\"):
        text = text[: m.start()].rstrip()
    return text


def blocks(body: str, first_line: int = 1) -> Iterator[tuple[int, int | None, str]]:
    """Yield ``(line number, heading level or None, text)`` per block; paragraph lines are
    joined (CJK-aware) and escapes removed."""
    current: list[str] = []
    start = first_line

    def flush() -> Iterator[tuple[int, int | None, str]]:
        if current:
            text = current[0]
            for part in current[1:]:
                text = text + (" " if needs_space(text, part) else "") + part
            yield start, None, unescape(text)
            current.clear()

    for number, raw in enumerate(body.split("\n"), start=first_line):
        line = raw.strip()
        m = HEADING.match(raw)
        if m:
            yield from flush()
            yield number, len(m.group(1)), unescape(heading_text(m.group(2) or ""))
        elif not line:
            yield from flush()
        else:
            if not current:
                start = number
            current.append(line.rstrip("\\").strip())
    yield from flush()
