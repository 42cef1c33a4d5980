"""Markdown input (docconv's own output or similar): front matter and structure are kept,
so cleaning a cleaned document changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from convert.default_plugins.text_reader import decode
from convert.formats import ConversionError, Options, Reader, Source
from convert.hookspecs import hookimpl
from convert.markdown import blocks, split_front_matter
from convert.model import Document, Line, Metadata, Origin


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class MarkdownReader(Reader):
    name = "markdown"
    description = "Markdown with optional YAML front matter (title, date, language, pages, truncated...)."
    extensions = (".md", ".markdown")

    def read(self, source: Source, options: Options) -> Document:
        text, _ = decode(source.data)
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        fields, body, used = split_front_matter(text)
        lines = tuple(
            Line(text=t, origin=Origin(line=n), heading=level, blank_before=i > 0)
            for i, (n, level, t) in enumerate(blocks(body, first_line=used + 1))
            if t.strip()
        )
        if not lines:
            raise ConversionError("empty document: no text after the front matter")
        meta = Metadata(
            title=fields.get("title") or None,
            date=fields.get("date") or None,
            language=fields.get("language") or None,
            author=fields.get("author") or None,
            source=fields.get("source") or source.name,
            pages=_int(fields.get("pages")),
            truncated=fields.get("truncated", "").lower() == "true",
            structured=True,
        )
        return Document(meta=meta, lines=lines)


@hookimpl
def register_readers(register: Callable[[Reader], None]) -> None:
    register(MarkdownReader())
