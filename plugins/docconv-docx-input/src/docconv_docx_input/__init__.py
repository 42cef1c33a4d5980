"""docconv plugin: read Word ``.docx`` files (``docconv convert download.docx``).

Each body paragraph (and each paragraph of a table cell, in document order) becomes one
:class:`~convert.Line` with ``blank_before`` set (a hard break), so docconv's cleaning steps
treat a Word download like scraped text: site furniture and ads pasted into the document are
removed the same way. A line break inside a paragraph (Shift+Enter) starts a new line without
``blank_before``, so the paragraph step joins it back. Word's heading styles become
``Line.heading`` hints (*Title* -> 1, *Heading 1* -> 2, *Heading 2* -> 3, ...; an outline
level set on the paragraph or its style counts too); the core properties give the title,
author, date (from *created*) and language. python-docx is imported only when a file is read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from convert import ConversionError, Document, Line, Metadata, Options, Origin, Reader, Removal, Source, hookimpl

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

__version__ = "0.1.0"

#: Style names that mark headings; python-docx reports built-in styles by their English
#: names, and Chinese Word's own names are accepted too (标题 = Title, 标题 1 = Heading 1).
TITLE_STYLES = {"title", "\u6807\u9898"}
HEADING_STYLE = re.compile(r"(?i)^(?:heading|\u6807\u9898)\s*(\d)$")
#: The paragraph style docconv's DOCX writer gives its notices: they are not read as text.
NOTICE_STYLE = "Notice"
#: Highest ``Line.heading`` level a Word style maps to (Heading 5 -> 6).
MAX_LEVEL = 6
FULL_WIDTH_SPACE = "\u3000"


def heading_level(paragraph: Paragraph) -> int | None:
    """``1`` for the Title style, ``n + 1`` for Heading n or outline level n - 1, else ``None``."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").strip()
        if name.lower() in TITLE_STYLES:
            return 1
        found = HEADING_STYLE.match(name)
        if found:
            return min(int(found.group(1)) + 1, MAX_LEVEL)
        style = style.base_style
    level = _outline_level(paragraph._p) or _outline_level(getattr(paragraph.style, "_element", None))
    return min(level + 2, MAX_LEVEL) if level is not None else None


def is_notice(paragraph: Paragraph) -> bool:
    """Whether the paragraph is in the *Notice* style docconv's DOCX writer gives its notices
    (a truncated preview, a damaged source, a warning)."""
    return paragraph.style is not None and (paragraph.style.name or "").strip() == NOTICE_STYLE


def _outline_level(element: Any) -> int | None:
    """``w:outlineLvl`` (0 = the first heading level; 9 = body text) of a paragraph or style."""
    if element is None:
        return None
    from docx.oxml.ns import qn

    ppr = element.find(qn("w:pPr"))
    found = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    value = found.get(qn("w:val")) if found is not None else None
    if value is None or not value.isdigit() or int(value) >= 9:
        return None
    return int(value)


def _indent(text: str) -> tuple[str, float]:
    """The text without leading white space, and that white space in columns (U+3000 is 2)."""
    body = text.lstrip()
    lead = text[: len(text) - len(body)]
    return body.rstrip(), float(sum(2 if ch == FULL_WIDTH_SPACE else 4 if ch == "\t" else 1 for ch in lead))


def _font(paragraph: Paragraph) -> tuple[float | None, bool]:
    """The font size in points and whether all of the text is bold, where Word says so."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    size = next((r.font.size.pt for r in runs if r.font.size is not None), None)
    style_font = paragraph.style.font if paragraph.style is not None else None
    if size is None and style_font is not None and style_font.size is not None:
        size = style_font.size.pt
    style_bold = bool(style_font is not None and style_font.bold)
    bold = bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
    return size, bold


def _paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Body paragraphs and table-cell paragraphs, in document order."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is reported once per grid column
                        continue
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs
        else:
            yield item


def _join(parts: list[str]) -> str:
    """Join line-broken pieces: with a space between Latin letters or digits, else directly."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        gap = " " if text and text[-1].isascii() and text[-1].isalnum() and part[0].isascii() else ""
        text += gap + part
    return text


def _date(value: dt.datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def _open(data: bytes) -> DocxDocument:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ConversionError("not a Word .docx file: it is not a zip archive (an old .doc, or a damaged download?)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ConversionError(f"not a readable Word .docx file: {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # lxml.etree.XMLSyntaxError and the like: a damaged part
        raise ConversionError(f"damaged Word .docx file: {type(exc).__name__}: {exc}") from None


class DocxReader(Reader):
    name = "docx"
    description = "Word .docx (python-docx): paragraphs, heading styles as heading hints, core properties as metadata."
    extensions = (".docx",)
    priority = 10.0

    def read(self, source: Source, options: Options) -> Document:
        document = _open(source.data)
        lines: list[Line] = []
        notices: list[Removal] = []
        try:
            for number, paragraph in enumerate(_paragraphs(document), start=1):
                if is_notice(paragraph):  # docconv's own notice about the document, not its text
                    notices.append(
                        Removal(
                            text=paragraph.text.strip(),
                            step=self.name,
                            kind="notice",
                            reason="a notice docconv added (Notice style), not the document's text",
                            origin=Origin(line=number),
                        )
                    )
                    continue
                level = heading_level(paragraph)
                size, bold = _font(paragraph)
                parts = paragraph.text.replace("\r", "\n").split("\n")
                if level is not None:  # a heading broken with Shift+Enter is still one heading
                    parts = [_join(parts)]
                for k, raw in enumerate(parts):
                    text, indent = _indent(raw)
                    if not text:
                        continue
                    lines.append(
                        Line(
                            text=text,
                            origin=Origin(line=number),
                            indent=indent,
                            blank_before=bool(lines) and k == 0,
                            size=size,
                            bold=bold,
                            heading=level,
                        )
                    )
            props = document.core_properties
        except (KeyError, ValueError, AttributeError) as exc:
            raise ConversionError(f"damaged Word .docx file: {type(exc).__name__}: {exc}") from None
        if not lines:
            raise ConversionError("the Word document has no text (only images or empty paragraphs?)")
        language = (props.language or "").split("-")[0].lower() or None
        extra = tuple((k, v) for k, v in (("subject", props.subject), ("keywords", props.keywords)) if v)
        meta = Metadata(
            title=(props.title or "").strip() or None,
            author=(props.author or "").strip() or None,
            date=_date(props.created),
            language=language,
            source=source.name,
            extra=extra,
        )
        return Document(meta=meta, lines=tuple(lines), removals=tuple(notices))


@hookimpl
def register_readers(register: Callable[[Reader], None]) -> None:
    register(DocxReader())
