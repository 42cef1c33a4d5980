"""Markdown input (docconv's own output or similar): front matter and structure are kept,
so cleaning a cleaned document changes nothing; fenced code blocks, pipe tables, lists, HTML
tables, figures and notes are read whole (:mod:`convert.readers.markdown.structures`); the
page marks docconv writes with ``--page-marks`` are read back into page starts, or left out
without it (:mod:`convert.readers.markdown.pages`); docconv's provenance and notices are read
as such, never as text (:mod:`convert.readers.markdown.provenance`)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator

from convert.core.contracts import ConversionError, Options, Reader, Source
from convert.core.decode import decode_text
from convert.core.hookspecs import hookimpl
from convert.core.metadata import KEY
from convert.core.model import Document, Line, Metadata, Origin, PageStart
from convert.core.textblocks import markdown_structures
from convert.core.textutil import needs_space

from .pages import attach_page_marks, hide_page_marks, take_page_marks
from .provenance import read_provenance, take_notices
from .structures import extract, link_references, take_code

UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    """Markdown backslash escapes removed (the inverse of the Markdown writer's escaping)."""
    return UNESCAPE.sub(r"\1", text)


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
            fields[key.strip().strip("\"'").lower()] = value  # (a key quoted as text: "yes")
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


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


#: Front-matter keys that are docconv's own fields (any other key with a text value is the
#: user's, ``Metadata.custom``, and is written again).
KNOWN_KEYS = frozenset(
    {"title", "date", "language", "author", "source", "pages", "pages_present", "truncated", "damaged", "docconv"}
)


class MarkdownReader(Reader):
    name = "markdown"
    description = "Markdown with optional YAML front matter (title, date, language, pages, truncated...)."
    extensions = (".md", ".markdown")

    def read(self, source: Source, options: Options) -> Document:
        decoded = decode_text(source.data)
        text = decoded.text
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        fields, body, used = split_front_matter(text)
        provenance = read_provenance(text[: len(text) - len(body)], unescape) if used else None
        body, listings = take_code(body, used + 1, unescape)  # (first: what a listing holds is code)
        body, warnings = take_notices(body, unescape)  # (docconv's own, not the document's)
        folder = source.path.parent if source.path is not None else None
        body, found = extract(body, used + 1, folder, unescape)  # HTML tables, figures, notes
        body, structures = markdown_structures(body, first_line=used + 1)  # pipe tables and lists
        body, others = link_references(body, used + 1, found)
        structures = tuple(sorted((*structures, *others, *listings), key=lambda b: b.key))
        body, marks = hide_page_marks(body)  # (markup, not text: without --page-marks they are left out)
        keep = options.page_marks
        lines: list[Line] = []
        pending: list[tuple[int, tuple[PageStart, ...]]] = []  # marks alone in their paragraph
        read = 0  # blocks read before this one (marks alone in their paragraph are none)
        for n, level, t in blocks(body, first_line=used + 1):
            t, starts = take_page_marks(t, marks)
            if t.strip():
                line = Line(text=t, origin=Origin(line=n), heading=level, blank_before=read > 0)
                lines.append(dataclasses.replace(line, page_starts=starts) if starts and keep else line)
            elif starts:
                pending += [(n, starts)] if keep else []
                continue
            read += 1
        lines, structures = attach_page_marks(lines, structures, pending)
        if not lines and not structures:
            raise ConversionError("empty document: no text after the front matter")
        fields = {key: unescape(value) for key, value in fields.items()}  # (escaped for pandoc)
        meta = Metadata(
            title=fields.get("title") or None,
            date=fields.get("date") or None,
            language=fields.get("language") or None,
            author=fields.get("author") or None,
            source=fields.get("source") or source.name,
            pages=_int(fields.get("pages")),
            pages_present=_int(fields.get("pages_present")),
            truncated=fields.get("truncated", "").lower() == "true",
            damaged=decoded.damaged or fields.get("damaged", "").lower() == "true",
            structured=True,
            provenance=provenance,
            custom=tuple(
                (key, value) for key, value in fields.items() if key not in KNOWN_KEYS and value and KEY.fullmatch(key)
            ),
        )
        return Document(meta=meta, lines=tuple(lines), structures=structures).warn(*decoded.warnings, *warnings)


@hookimpl
def register_readers(register: Callable[[Reader], None]) -> None:
    register(MarkdownReader())
