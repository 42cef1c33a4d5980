"""Reader for saved web pages (``.html``) of document-sharing sites (lxml).

The document text is found among navigation, sidebars, ads and footers by structure and
text density (see :mod:`convert.readers.html.extract`); lines come from ``<br>`` and block
boundaries, paragraph starts from ``<p>``, heading levels from ``<h1>``..``<h6>``. Title,
author, date and language come from ``<title>`` (without the site-name suffix), meta tags and
JSON-LD (see :mod:`convert.readers.html.meta`). Scripts never run and nothing is fetched.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Callable
from typing import Any

from convert.core.contracts import ConversionError, Options, Reader, Source
from convert.core.decode import STRAY_BYTES, STRAY_EVIDENCE, STRAY_SHARE, Decoded
from convert.core.hookspecs import hookimpl
from convert.core.model import Document, Layout, Metadata, Removal
from convert.core.textutil import fold, iso_date
from convert.readers.html.meta import declared, page_metadata, title_site_name
from convert.readers.html.printed import printed_lines

XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_\-]+)["'][^>]*\?>""")
XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
DOS_CODE_PAGE = re.compile(r"(?:cp|ibm)(?:4\d\d|7\d\d|8[0-6]\d)$|mac_")  # cp437, cp775, cp850…, Mac Roman…
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
DATE_LABEL = re.compile(r"(?:上传|发布|更新|日期|时间|uploaded|published|posted|date)", re.IGNORECASE)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track", "param"}
MAX_DEPTH = 400


def flatten_deep(text: str, limit: int = MAX_DEPTH) -> str:
    """Drop the tags nested deeper than ``limit`` (keeping their text), for pages libxml2
    refuses to parse beyond its depth limit. One linear pass over the tags."""
    out: list[str] = []
    depth = 0
    pos = 0
    for m in TAG.finditer(text):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        keep = True
        if name not in VOID and not selfclose:
            if closing:
                keep = depth <= limit
                depth = max(0, depth - 1)
            else:
                depth += 1
                keep = depth <= limit
        out.append(text[pos : m.start()])
        if keep:
            out.append(m.group(0))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


#: Encodings in which an ASCII character is not one byte: a page whose ``<meta charset>`` was
#: found by reading its bytes as ASCII cannot be in one of them (the HTML standard reads such a
#: declaration as UTF-8).
NOT_ASCII_COMPATIBLE = re.compile(r"(?:utf|ucs)[-_]?(?:16|32|2|4)|unicode", re.IGNORECASE)


def _declared(data: bytes) -> tuple[Decoded | None, str]:
    """The page decoded by its own declaration (XML declaration, else ``<meta charset>``),
    or None and why the declaration was not trusted ("" when there is none)."""
    m = XML_DECLARATION.match(data[:1024]) or META_CHARSET.search(data[:4096])
    if not m:
        return None, ""
    label = m.group(1).decode("ascii")
    enc = label.lower()
    enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030", "x-gbk") else enc
    if NOT_ASCII_COMPATIBLE.match(enc):
        return None, f"the page declares charset {label}, but its bytes are ASCII-compatible"
    try:
        text = data.decode(enc)
    except LookupError:
        return None, f"the page declares charset {label}, which is unknown"
    except UnicodeDecodeError:
        return None, f"the page declares charset {label}, which does not decode it"
    if codecs.lookup(enc).name not in ("utf-8", "utf-8-sig", "ascii") and not data.isascii():
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:  # non-ASCII bytes that are all valid UTF-8 are UTF-8 (no legacy text is by chance)
            return Decoded(utf8, "utf-8"), f"the page declares charset {label}, but it is valid UTF-8"
    return Decoded(text, enc), ""


def decode_html(data: bytes) -> Decoded:
    """Decode by BOM, then the XML declaration (XHTML), then the ``<meta charset>``, then as
    UTF-8 with a few stray bytes replaced (at most :data:`STRAY_BYTES`, or
    :data:`STRAY_SHARE` of its other non-ASCII characters), then as scraped text is decoded.

    A declaration is trusted only where it can be right: a UTF-16 one on an ASCII-compatible
    page, one that fails to decode the bytes, or a legacy one on bytes that are all valid
    UTF-8 is overridden, with a warning (a wrong ``<meta charset="utf-16">`` would turn the
    whole page into CJK-looking mojibake)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    declared, distrust = _declared(data)
    if declared is not None and not distrust:
        return declared
    found = declared or _undeclared(data)
    if distrust and not (found.encoding.startswith("utf-8 (") and re.search(r"\butf-?8\b", distrust, re.I)):
        # (a page declared UTF-8 that is UTF-8 but for a few stray bytes says so once, below)
        return Decoded(
            found.text, found.encoding, (f"{distrust}: read as {found.encoding}", *found.warnings), found.damaged
        )
    return found


def _undeclared(data: bytes) -> Decoded:
    """A page without a (trustworthy) declaration: UTF-8 with a few stray bytes replaced, or
    as scraped text is decoded (a DOS code page guessed is windows-1252)."""
    from convert.core.decode import decode_text

    text = data.decode("utf-8", errors="replace")  # a UTF-8 page with a few stray bytes stays UTF-8:
    bad = text.count("\ufffd") - data.count("\ufffd".encode())  # read as a Windows code page, every
    good = sum(1 for ch in text if ord(ch) > 127) - bad  # accented letter would be garbled
    if 0 < bad <= max(STRAY_BYTES, STRAY_SHARE * good) and good >= STRAY_EVIDENCE:
        encoding = f"utf-8 ({bad} stray byte sequence(s) replaced)"
        return Decoded(text, encoding, (f"read as {encoding}: the page is UTF-8 but for them",), True)
    found = decode_text(data)
    if DOS_CODE_PAGE.match(found.encoding.lower().replace("-", "_")):  # a guess no web page means:
        try:  # the web's legacy Western pages are windows-1252 (HTML's default), not DOS code pages
            return Decoded(data.decode("cp1252"), "cp1252", found.warnings, found.damaged)
        except UnicodeDecodeError:
            pass
    return found


class HtmlReader(Reader):
    name = "html"
    description = (
        "Saved web page (.html): finds the document text among nav, sidebars, ads and footers by "
        "text and link density; <br>/<p> lines, <hN> headings, title without the site name."
    )
    extensions = (".html", ".htm", ".xhtml", ".shtml")
    priority = 0.0

    def read(self, source: Source, options: Options) -> Document:
        import lxml.etree
        import lxml.html

        from convert.readers.html.extract import STEP, extract, relax, strip_site_name

        if not source.data.strip():
            raise ConversionError("empty file: there is no HTML to convert")
        decoded = decode_html(source.data)
        text, encoding = decoded.text, decoded.encoding
        warnings: list[str] = list(decoded.warnings)
        text = XML_DECLARATION_TEXT.sub("", text, count=1)  # (lxml takes no declaration in decoded text)
        parser = lxml.html.HTMLParser(
            huge_tree=True, remove_comments=True, remove_pis=True, no_network=True, recover=True
        )

        def parse() -> Any:
            nonlocal parser
            try:
                root = lxml.html.document_fromstring(text, parser=parser)
                if any("depth" in str(e.message).lower() for e in parser.error_log):
                    deep = f"HTML nested more than {MAX_DEPTH} levels deep: deeper tags were ignored"
                    if deep not in warnings:
                        warnings.append(deep)
                    parser = lxml.html.HTMLParser(
                        huge_tree=True, remove_comments=True, remove_pis=True, no_network=True
                    )
                    root = lxml.html.document_fromstring(flatten_deep(text), parser=parser)
            except (lxml.etree.ParserError, ValueError) as exc:
                raise ConversionError(f"not readable as HTML: {exc}") from None
            except RecursionError:
                raise ConversionError("HTML nested too deeply to read") from None
            if root is None:
                raise ConversionError("not readable as HTML: no document element")
            return root

        root = parse()
        head = declared(root)  # (before extraction, which drops the scripts that hold JSON-LD)
        metas = head.metas
        raw_title = next((t.text_content() for t in root.iter("title")), "") or metas.get("og:title", "")
        site_names = [metas[k] for k in SITE_META if k in metas]
        try:
            folder = source.path.parent if source.path is not None else None
            result = extract(root, folder)
            for everything in (False, True):  # all of it in furniture: read the page's fallbacks,
                if result.lines or result.structures:  # then its navigation and footer too
                    break
                fallback = parse()
                relax(fallback, everything)
                result = extract(fallback, folder)
                if result.lines or result.structures:
                    warnings.append(
                        "no text outside navigation, asides, forms, <noscript> or hidden elements: "
                        "read those as the text"
                    )
        except RecursionError:
            raise ConversionError("HTML nested too deeply to read") from None
        if not result.lines and not result.structures:
            raise ConversionError("no document text found in the HTML page")
        stripped = strip_site_name(raw_title, site_names) if raw_title.strip() else None
        named = [*site_names, *filter(None, [title_site_name(raw_title, stripped)])]  # (<title>'s: "… | City News")
        page = page_metadata(head, stripped, named, "\n".join(line.text for line in result.lines))
        title, date = page.title, page.date
        if date is None:
            info = result.outside_text + [r.text for r in result.removals if r.kind == "info"]  # (info bars)
            date = next((d for t in info if DATE_LABEL.search(t) and (d := iso_date(t))), None)
        lines = printed_lines(result.lines)  # (a page printing each line in its own element)
        removals: list[Removal] = list(result.removals)
        if title:
            want = fold(title)
            for i, line in enumerate(lines[:10]):
                if fold(line.text) == want:
                    if i + 1 < len(lines) and fold(lines[i + 1].text) == want:
                        removals.append(
                            Removal(
                                text=lines[i + 1].text,
                                step=STEP,
                                kind="title-dup",
                                reason="the title repeated",
                                origin=lines[i + 1].origin,
                            )
                        )
                        del lines[i + 1]
                    if line.heading is None:
                        lines[i] = dataclasses.replace(line, heading=1)
                    break
        lang = page.hint or declared_language(root)
        meta = Metadata(
            title=title or None,
            date=date,
            author=page.author,
            language=page.language,
            source=source.name,
            extra=(("encoding", encoding),) + ((("lang", lang),) if lang else ()),
            damaged=decoded.damaged,
        )
        layout = Layout(
            page_breaks=frozenset(r.origin.line for r in removals if r.kind == "page-number" and r.origin),
            site_names=tuple(site_names) + tuple(r.text for r in removals if r.kind == "header"),
        )
        doc = Document(
            meta=meta, layout=layout, lines=tuple(lines), structures=tuple(result.structures), removals=tuple(removals)
        )
        return doc.warn(*warnings, *result.warnings)


def declared_language(root: Any) -> str | None:
    """The language the page declares: ``<html lang>`` (or ``xml:lang``), else a
    ``<meta http-equiv="content-language">``. Kept as a hint in ``Metadata.extra`` (``lang``):
    templates often declare a language the text is not in, so the pipeline uses it only to name
    the region of Chinese text (``zh-TW``, ``zh-HK``), see :func:`convert.core.language.guess_language`."""
    value = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    if not value.strip():
        for meta in root.iter("meta"):
            if (meta.get("http-equiv") or "").strip().lower() == "content-language":
                value = (meta.get("content") or "").split(",")[0]
                break
    value = value.strip()
    return value if re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*", value) else None


@hookimpl
def register_readers(register: Callable[[Reader], None]) -> None:
    register(HtmlReader())
