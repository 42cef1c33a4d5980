"""Reader for PDFs with a text layer (pdfminer.six, see :mod:`convert.readers.pdf.parse`), page by page.

Works from the characters of each page (positions, sizes, fonts, colours), not from a flat
text dump: watermarks (rotated, very large or very light text) are set aside character by
character, running headers/footers and page numbers are found by comparing the page bands
with digits masked, paragraph starts come from first-line indents and line spacing,
headings from font size and weight (see :mod:`convert.readers.pdf.layout`). Each page is closed
after reading, so long PDFs are read in bounded memory.

A page without a text layer (a scan) is read by the OCR plugin's recognizer when one is
installed (``Options.recognizer``, ``--ocr``): its words become the page's characters and go
through the same layout analysis (see :mod:`convert.readers.pdf.ocr`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from convert.core.contracts import ConversionError, Options, Reader, Source
from convert.core.hookspecs import hookimpl
from convert.core.model import Block, Document, Layout, Line, Metadata
from convert.core.ocr import OCR_PLUGIN
from convert.core.textutil import fold

if TYPE_CHECKING:
    from convert.core.model import Footnote
    from convert.readers.pdf.figures import PageImage, Taken
    from convert.readers.pdf.guard import Guard
    from convert.readers.pdf.layout import PageLayout
    from convert.readers.pdf.ocr import OcrPages
    from convert.readers.pdf.parse import Page

MAX_PAGE_ERRORS_SHOWN = 3
# Values that tools write when nobody filled the field in: not a title or an author.
PLACEHOLDERS = {
    "untitled",
    "unknown",
    "(unspecified)",
    "title",
    "anonymous",
    "admin",
    "administrator",
    "user",
    "author",
    "microsoft office user",
    "owner",
    "\u65e0\u6807\u9898",
    "\u672a\u547d\u540d",
    "\u4f5c\u8005",
}


def _info_text(value: object) -> str | None:
    """A PDF info-dictionary value as clean text (bytes decoded, junk titles dropped)."""
    if isinstance(value, bytes):
        for enc in ("utf-16", "utf-8", "latin-1"):
            try:
                value = value.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    if not isinstance(value, str):
        return None
    text = value.replace("\x00", "").strip()
    text = re.sub(r"^Microsoft (Word|PowerPoint|Excel) - ", "", text)
    text = re.sub(r"\.(docx?|pdf|wps|txt|pptx?)$", "", text, flags=re.IGNORECASE)
    if not text or text.lower() in PLACEHOLDERS:
        return None
    if re.fullmatch(r"\S+\.[A-Za-z]{2,4}", text) or len(text) < 2:
        return None  # a file name (``10811.exe``) or a fragment, not a title
    return text


def _pdf_date(value: object) -> str | None:
    text = _info_text(value)
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", text or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _open_error(exc: BaseException) -> ConversionError:
    name = type(exc).__name__
    inner = " ".join(type(a).__name__ for a in exc.args if isinstance(a, BaseException))
    chain = f"{name} {exc!r} {inner} {type(exc.__cause__).__name__ if exc.__cause__ else ''}".lower()
    if "password" in chain or "encrypt" in chain:
        return ConversionError("encrypted PDF: it needs a password to be read (decrypt it first, e.g. qpdf --decrypt)")
    detail = str(exc).strip() or name
    return ConversionError(f"damaged or truncated PDF, cannot be parsed: {detail[:160]}")


class PdfReader(Reader):
    name = "pdf"
    description = (
        "PDF with a text layer (pdfplumber): drops running headers/footers, page numbers and "
        "watermarks; paragraph starts from indents and spacing; headings from font size."
    )
    extensions = (".pdf",)
    priority = 0.0

    def accepts(self, source: Source) -> bool:
        return source.suffix in self.extensions or source.data[:1024].lstrip().startswith(b"%PDF-")

    def read(self, source: Source, options: Options) -> Document:
        from convert.readers.pdf.layout import analyse

        data = source.data
        if not data.strip():
            raise ConversionError("empty file: there is no PDF to convert")
        if b"%PDF-" not in data[:1024]:
            raise ConversionError("not a PDF file (no %PDF- header)")
        from convert.readers.pdf.guard import reading  # (logging, zlib: imported when a PDF is read)
        from convert.readers.pdf.ocr import OcrPages

        images: list[PageImage] = []
        ocr = OcrPages.of(options)
        with reading() as guard:
            layouts, failures, info, pages_total = _read_pages(data, guard, images, ocr)
        damage = guard.damage.summary()
        has_text = any(p.text_chars or p.tables for p in layouts)  # (a page may hold nothing but a table)
        if failures and not has_text:
            raise ConversionError(f"damaged or truncated PDF, pages cannot be read ({failures[0][:160]})")
        if not has_text:
            raise ConversionError(_no_text(layouts))
        figures, notes = _figures_and_notes(data, layouts, images)
        analysis = analyse(layouts)
        tables = _tables(layouts)
        if not analysis.lines and not tables and not analysis.codes:
            raise ConversionError("no document text found in the PDF (only headers, page numbers or watermarks)")
        extra = [("producer", v) for v in [_info_text(info.get("Producer"))] if v]
        title = _info_text(info.get("Title"))
        if title and not _shown(title, analysis.lines):  # a template's or an old draft's title
            extra.append(("pdf_title", title))
            title = None
        author = _info_text(info.get("Author"))
        if author and not _signed(author, analysis.lines):  # a template's, a company's licence, a word
            extra.append(("pdf_author", author))
            author = None
        created = _pdf_date(info.get("CreationDate"))
        if created:
            extra.append(("pdf_created", created))
        meta = Metadata(
            title=title,
            author=author,
            source=source.name,
            pages=pages_total,
            pages_present=sum(1 for p in layouts if p.text_chars),
            damaged=bool(damage or failures),
            extra=tuple(extra),
        )
        removed = tuple(analysis.removals)
        layout = Layout(
            page_breaks=frozenset(r.origin.line for r in removed if r.kind == "page-number" and r.origin),
            running_heads=tuple(dict.fromkeys(r.text for r in removed if r.kind in ("header", "footer"))),
        )
        doc = Document(
            meta=meta,
            layout=layout,
            lines=tuple(analysis.lines),
            structures=(*tables, *figures.figures, *notes, *analysis.codes),
            removals=removed + tuple(figures.removals),
        )
        for warning in figures.warnings:
            doc = doc.warn(warning)
        if low := ocr.warning():
            doc = doc.warn(low)
        blank = [p.number for p in layouts if not p.text_chars and not p.watermarks]
        set_aside = [p.number for p in layouts if not p.text_chars and p.watermarks]
        if damage:
            doc = doc.warn(damage)
        if failures:
            doc = doc.warn(f"{len(failures)} page(s) could not be read: " + "; ".join(failures[:MAX_PAGE_ERRORS_SHOWN]))
        if blank and len(blank) < len(layouts):
            doc = doc.warn(f"pages without a text layer (images only?): {_pages_shown(blank)}")
        if set_aside and len(set_aside) < len(layouts):  # (a mirrored page: its text is there, set aside)
            doc = doc.warn(
                f"pages whose only text was set aside as a watermark (rotated, mirrored, very large or very "
                f"light; see docconv inspect): {_pages_shown(set_aside)}"
            )
        unmapped = {}  # page -> glyphs the font maps to no character: pdfminer writes them (cid:N)
        for line in (*doc.lines, *doc.structures):  # (a table's cells too)
            origin = line.origin if isinstance(line, Line) else line.origins[0] if line.origins else None
            if origin and (n := len(UNMAPPED_GLYPH.findall(line.text))):
                unmapped[origin.page] = unmapped.get(origin.page, 0) + n
        if unmapped:
            pages = ", ".join(str(p) for p in sorted(unmapped, key=lambda p: p or 0)[:10])
            doc = doc.warn(
                f"{sum(unmapped.values())} glyph(s) with no character (shown as (cid:N)) on "
                f"{len(unmapped)} page(s) ({pages}{'...' if len(unmapped) > 10 else ''}): a font without a "
                "Unicode map; that text is incomplete"
            )
        return doc


def _figures_and_notes(data: bytes, layouts: list[PageLayout], images: list[PageImage]) -> tuple[Taken, list[Footnote]]:
    """The figures (captions taken out of the pages' lines, decorative images as removals)
    and the footnotes of the pages, before the layout analysis reads the lines."""
    from convert.readers.pdf.figures import take_figures
    from convert.readers.pdf.footnotes import take_footnotes

    figures = take_figures(data, layouts, images)
    return figures, take_footnotes(layouts)


def _read_pages(
    data: bytes, guard: Guard, images: list[PageImage] | None = None, ocr: OcrPages | None = None
) -> tuple[list[PageLayout], list[str], dict[str, object], int]:
    """Each page's layout, the pages that failed (``page N: why``), the info dictionary and
    the page count, reading under ``guard``: a decompression bomb anywhere is refused, even
    where pdfminer catches the exception on its way, and a page beyond the PDF size limit
    fails alone. ``images`` collects the images each page draws (see
    :mod:`convert.readers.pdf.figures`). ``ocr`` says which pages its recognizer reads
    instead of the text layer (a page it reads has no tables, and its images, the scan,
    are no figures)."""
    from convert.readers.pdf.figures import page_images
    from convert.readers.pdf.layout import page_drawing, page_layout
    from convert.readers.pdf.limits import page_size_problem
    from convert.readers.pdf.parse import open_pdf, read_page
    from convert.readers.pdf.tables import PageTable, find_tables, outside, place_tables

    try:
        pdf = open_pdf(data)
        pages_total = len(pdf.pages)
    except MemoryError:  # the worker's memory cap: named by the worker, not called damage
        raise
    except Exception as exc:  # pdfminer raises many kinds for broken files
        guard.check()
        raise _open_error(exc) from None
    guard.check()
    if pages_total == 0:
        raise ConversionError("damaged or truncated PDF: no pages found")
    info = pdf.info
    layouts: list[PageLayout] = []
    failures: list[str] = []
    tables: dict[int, list[PageTable]] = {}
    for index, box in enumerate(pdf.pages):
        guard.at_page(index + 1)
        try:
            width, height = float(box.width), float(box.height)
            if problem := page_size_problem(width, height):
                failures.append(f"page {index + 1}: {problem}")
                continue
            page = read_page(pdf, box)  # (dropped at the next page: bounded memory on long PDFs)
            recognized = _recognized(ocr, page, data, index + 1, width, height) if ocr is not None else None
            if recognized is not None:
                layouts.append(recognized)
                del page
                guard.check()
                continue
            rules = [
                float(o["top"])
                for o in (*page.lines, *page.rects)
                if abs(float(o["bottom"]) - float(o["top"])) < 2.5 and float(o["x1"]) - float(o["x0"]) > 0.4 * width
            ]
            fills, shapes = page_drawing(page)
            found = find_tables(page, index + 1, fills)  # tables: read whole, their chars kept out of the lines
            layouts.append(page_layout(outside(page.chars, found), index + 1, width, height, rules, fills, shapes))
            place_tables(layouts[-1], found)
            tables[index + 1] = found
            if images is not None:
                images.extend(page_images(page, index + 1))
            del page
        except (ConversionError, MemoryError):
            raise
        except Exception as exc:
            guard.check()
            failures.append(f"page {index + 1}: {type(exc).__name__}: {_brief(exc)}")
        guard.check()
    guard.at_page(None)
    for layout in layouts:
        layout.tables = tables.get(layout.number, [])
    return layouts, failures, info, pages_total


def _recognized(ocr: OcrPages, page: Page, data: bytes, number: int, width: float, height: float) -> PageLayout | None:
    """The page's layout from the recognizer's words when ``ocr`` wants it read so (``None``:
    read its text layer, also when the recognizer declines the page)."""
    from convert.readers.pdf.layout import page_layout

    if not ocr.wanted(bool(page.chars), bool(page.images)):
        return None
    chars = ocr.chars(data, number, width, height)
    return page_layout(chars, number, width, height) if chars is not None else None


def _tables(layouts: Sequence[PageLayout]) -> tuple[Block, ...]:
    """The document's tables (see :mod:`convert.readers.pdf.tables`), one continued across a
    page break joined."""
    from convert.readers.pdf.tables import join_across_pages

    return tuple(join_across_pages(layouts, {p.number: p.tables for p in layouts}))


def _brief(exc: BaseException) -> str:
    """An exception's message for a warning: printable characters only, at most 100 (pdfminer
    puts raw stream bytes into some)."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(exc))
    return text[:100] + ("..." if len(text) > 100 else "")


def _no_text(layouts: Sequence[PageLayout]) -> str:
    """Why no page kept any text: none drawn, or all of it outside the pages or a watermark."""
    off = sum(p.off_page for p in layouts)
    marks = sum(len(m) for p in layouts for m in p.watermarks)
    if off:
        return f"no text on the pages: its {off} character(s) lie outside the page's box, where no reader sees them"
    if marks:
        return f"no text but a watermark: {marks} character(s), all rotated, very large or very light"
    return (
        "no text layer: the PDF holds only images (a scan?); run OCR on it first "
        f"(install {OCR_PLUGIN}, or e.g. ocrmypdf)"
    )


UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
TITLE_PAGES = 2  # the pages a title from the PDF's metadata must be printed on


def _shown(title: str, lines: Sequence[Line]) -> bool:
    """Whether the PDF's metadata title is printed near the start of the document (spaces,
    case and widths aside, possibly wrapped over lines): "PowerPoint Presentation" or
    "Microsoft Word - draft3.doc" is not."""
    first = lines[0].origin.page if lines and lines[0].origin else 1
    text = _letters("".join(x.text for x in lines if x.origin is None or (x.origin.page or 1) < first + TITLE_PAGES))
    return _letters(title) in text


AUTHOR_LINE = 40  # characters of a line that names a Chinese author (a byline, a signature)
AUTHOR_WORDS = 3  # words of a line that names a one-word author alone
AUTHORS = re.compile(r"\s*(?:;|\band\b|&|\u3001)\s*")  # between authors: ; and & 、 (, too in Chinese)


def _signed(author: str, lines: Sequence[Line]) -> bool:
    """Whether the PDF's metadata author is printed on its first pages: each name it lists
    (split at ``;``, ``and``, ``&``, ``、``) as whole words (case aside), a Chinese name in a
    short line, a one-word name in a line of at most :data:`AUTHOR_WORDS` words (``Supreme``
    in ``IN THE SUPREME COURT OF THE UNITED STATES`` is not an author's name)."""
    first = lines[0].origin.page if lines and lines[0].origin else 1
    shown = [
        unicodedata.normalize("NFKC", x.text)
        for x in lines
        if x.origin is None or (x.origin.page or 1) < first + TITLE_PAGES
    ]
    names = [
        n.strip()
        for part in AUTHORS.split(unicodedata.normalize("NFKC", author))
        for n in (part.split(",") if not part.isascii() else [part])  # (Doe, Jane is one English name)
        if n.strip()
    ]
    if not names:
        return False
    for name in names:
        if not name.isascii():
            key = fold(name)
            if not any(key in fold(text) and len(fold(text)) <= AUTHOR_LINE for text in shown):
                return False
            continue
        words = name.split()
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)
        if not any(pattern.search(text) and (len(words) > 1 or len(text.split()) <= AUTHOR_WORDS) for text in shown):
            return False
    return True


def _letters(text: str) -> str:
    """:func:`fold` less punctuation: a title joined from printed lines with " - " matches."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def read_pdf(source: Source, options: Options) -> Document:
    """Read a PDF with docconv's own PDF reader (public as ``convert.read_pdf``): for a
    plugin's reader whose format becomes a PDF on the way (scanned images packed into an
    image-only PDF, say), so that the PDF's pages get the same layout analysis, OCR included
    (``options.ocr``). Raises :class:`~convert.core.contracts.ConversionError` as the reader
    does."""
    return PdfReader().read(source, options)


def _pages_shown(numbers: list[int]) -> str:
    """Page numbers for a warning: the first ten, then ``...``."""
    return ", ".join(map(str, numbers[:10])) + ("..." if len(numbers) > 10 else "")


@hookimpl
def register_readers(register: Callable[[Reader], None]) -> None:
    register(PdfReader())
