"""The EPUB nav document's page-list (``--page-marks``): ebooklib makes its page-list from
every element with an ``epub:type`` and an id (notes and note references too), so the EPUB
writer switches that off and this writer adds one built from the page breaks alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

EPUB_NS = "http://www.idpf.org/2007/ops"


def _page_list_nav(nav: bytes, pages: Sequence[tuple[str, str]], title: str) -> bytes:
    """The nav document ``nav`` with a hidden ``<nav epub:type="page-list">`` of ``pages``
    (``(href, label)``, in reading order) at the end of its body."""
    from lxml import etree

    root = etree.fromstring(nav)
    body = next(el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == "body")
    toc = next((el for el in body.iter() if isinstance(el.tag, str) and etree.QName(el).localname == "nav"), None)
    ns = etree.QName(toc).namespace if toc is not None else etree.QName(body).namespace

    def tag(name: str) -> str:
        return f"{{{ns}}}{name}" if ns else name

    page_list = etree.SubElement(body, tag("nav"), {f"{{{EPUB_NS}}}type": "page-list", "id": "page-list"})
    page_list.set("hidden", "hidden")
    etree.SubElement(page_list, tag("h2")).text = title
    ol = etree.SubElement(page_list, tag("ol"))
    for href, label in pages:
        li = etree.SubElement(ol, tag("li"))
        etree.SubElement(li, tag("a"), {"href": href}).text = label
    return etree.tostring(root, pretty_print=True, encoding="utf-8", xml_declaration=True)


def write_with_page_list(
    out: IO[bytes], book: Any, options: dict[str, Any], pages: Sequence[tuple[str, str]], title: str
) -> None:
    """Write ``book`` as :func:`ebooklib.epub.write_epub` does, its nav document with a
    page-list of ``pages`` (``(href, label)``, hrefs relative to the nav document)."""
    from ebooklib import epub

    class Writer(epub.EpubWriter):  # type: ignore[misc]
        def _get_nav(self, item: Any) -> bytes:
            return _page_list_nav(super()._get_nav(item), pages, title)

    writer = Writer(out, book, options)
    writer.process()
    writer.write()
