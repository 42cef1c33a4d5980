"""What the binary writers (DOCX, EPUB) render: the same blocks, in the same order and with
the same text, as the Markdown writer (:func:`convert.writers.markdown.render`).

Also small shared helpers for those writers (and the Markdown writer's): XML-safe text, a
code listing's lines, language tags, a stable book identifier and a fixed timestamp derived
from the document date.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from pathlib import PurePath

from convert.core.language import is_traditional_tag
from convert.core.model import Document
from convert.core.provenance import parse_time, source_date

#: Characters XML 1.0 cannot hold (C0 controls other than tab/newline/CR, lone surrogates,
#: U+FFFE/U+FFFF). Writers drop them rather than fail.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
#: Used when a document has no date: reproducible, and obviously not a real date.
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
#: Namespace for :func:`book_uuid` (uuid5 of the URL below), so identifiers never change.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/docconv/docconv")


@dataclass(frozen=True, slots=True)
class Item:
    """One rendered block: ``kind`` as in the model, ``level`` 1 for the title, 2..6 for
    headings (as Markdown ``#`` counts), 0 for paragraphs; ``text`` on one line."""

    kind: str
    level: int
    text: str


def xml_text(text: str) -> str:
    """``text`` without characters XML cannot hold; carriage returns become spaces."""
    return XML_ILLEGAL.sub("", text.replace("\r", " "))


def listing_lines(text: str) -> list[str]:
    """A code listing's lines as the writers write them: every line as it is, leading spaces
    kept, the trailing blank lines left out (none when the listing is blank)."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def items(doc: Document) -> list[Item]:
    """The blocks exactly as :func:`convert.writers.markdown.render` writes them (unescaped):
    a title from the metadata when no title block exists, blank blocks skipped, line breaks
    inside a block joined with a space, heading levels clamped to 2..6."""
    out: list[Item] = []
    if doc.meta.title and not any(b.kind == "title" for b in doc.blocks):
        out.append(Item("title", 1, doc.meta.title))
    for block in doc.blocks:
        text = " ".join(block.text.split("\n")).strip()
        if not text:
            continue
        if block.kind == "title":
            out.append(Item("title", 1, text))
        elif block.kind == "heading":
            out.append(Item("heading", max(2, min(block.level, 6)), text))
        else:
            out.append(Item("paragraph", 0, text))
    return out


def is_chinese(doc: Document) -> bool:
    """Whether the document is Chinese: by its language, else by its text."""
    if doc.meta.language:
        return doc.meta.language.lower().startswith("zh")
    sample = (doc.meta.title or "") + doc.body_text[:2000]
    return len(CJK.findall(sample)) > len(sample) / 5 if sample else False


def is_traditional(doc: Document) -> bool:
    """Whether the document is Traditional Chinese (``zh-Hant``, ``zh-TW``, ``zh-HK``, ``zh-MO``)."""
    return is_traditional_tag(doc.meta.language)


#: Regions a Chinese language tag may name, kept in the writers' tags.
CHINESE_REGIONS = ("CN", "SG", "MY", "TW", "HK", "MO")


def language_tag(doc: Document) -> str:
    """A BCP 47 tag for the writers' language settings (DOCX ``w:lang``, EPUB ``dc:language``
    and ``xml:lang``): for Chinese, language and region, as Word and reading systems pick fonts
    by them: the region the metadata names (``zh-HK``, ``zh-Hant-HK`` -> ``zh-HK``), else
    ``zh-TW`` for Traditional Chinese (``zh-Hant``) and ``zh-CN`` for other Chinese (most sources
    are mainland documents); else the metadata's language, else ``en``."""
    if is_chinese(doc):
        parts = (doc.meta.language or "").replace("_", "-").split("-")
        region = next((p.upper() for p in parts[1:] if p.upper() in CHINESE_REGIONS), None)
        if region:
            return f"zh-{region}"
        return "zh-TW" if is_traditional(doc) else "zh-CN"
    lang = (doc.meta.language or "en").strip()
    return lang if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang) else "en"


def document_datetime(doc: Document) -> dt.datetime | None:
    """The document date as midnight UTC, or ``None`` when unknown or unreadable."""
    if not doc.meta.date:
        return None
    try:
        day = dt.date.fromisoformat(doc.meta.date[:10])
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def fixed_datetime(doc: Document) -> dt.datetime:
    """The document date; for a document without one, the conversion time its provenance
    records, else ``SOURCE_DATE_EPOCH``, else :data:`EPOCH`. Never the clock's time read
    here: the same document gives the same bytes (``SOURCE_DATE_EPOCH`` makes the conversion
    time, and so the output, the same across runs)."""
    when = document_datetime(doc)
    if when is None and doc.meta.provenance is not None:
        when = parse_time(doc.meta.provenance.converted)
    if when is None:
        when = source_date()
    return when if when is not None and when >= EPOCH else EPOCH


def book_title(doc: Document) -> str:
    """A title for the book: the document's, else the source file's stem, else ``Untitled``."""
    for item in items(doc):
        if item.kind == "title":
            return xml_text(item.text)
    if doc.meta.source:
        return xml_text(PurePath(doc.meta.source).stem) or "Untitled"
    return "Untitled"


def book_uuid(doc: Document) -> uuid.UUID:
    """A UUID derived from the content (metadata and rendered text): same input, same id."""
    meta = doc.meta
    parts = [meta.title or "", meta.date or "", meta.language or "", meta.author or ""]
    parts += [f"{i.kind}:{i.level}:{i.text}" for i in items(doc)]
    return uuid.uuid5(NAMESPACE, "\n".join(parts))
