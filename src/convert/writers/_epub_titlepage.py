"""The EPUB title page and notices.

The title page is the first item of the spine (``titlepage.xhtml``, a
``<section epub:type="titlepage">``): the title, author, date and source, the conversion
(docconv's version and the time, from the provenance) and every notice
(:mod:`convert.core.notices`), worded for the top. It is the ``titlepage`` landmark of the
nav; the first chapter is ``bodymatter``. A notice is a ``<div class="docconv-notice">``
with its label in ``<strong>``; the truncation notice also ends the last chapter.
"""

from __future__ import annotations

from convert.core.model import Document
from convert.core.notices import Notice, notice_language, notices
from convert.writers._epub_blocks import esc

FILE_NAME = "titlepage.xhtml"

CSS = """\
section.titlepage { text-align: center; margin: 3em 0 0; }
p.tp-title { font-size: 1.8em; font-weight: bold; line-height: 1.3; margin: 0 0 1em; }
p.tp-author, p.tp-date { margin: 0.3em 0; }
p.tp-source, p.tp-made { font-size: 0.85em; color: #555; margin: 0.3em 0; }
div.docconv-notice { border: 1px solid #999; background: #f2f2f2; padding: 0.4em 0.6em; margin: 1em 0;
  font-size: 0.9em; text-align: left; }
div.docconv-notice p { margin: 0; }
"""

#: The title page's words, by notice language.
WORDS = {
    "en": {
        "source": "Source: ",
        "made": "Converted with docconv {version} on {day}",
        "landmarks": "Guide",
        "titlepage": "Title page",
        "bodymatter": "Start",
    },
    "zh": {  # 来源： / 由 docconv X 于 D 转换 / 导览 / 扉页 / 正文
        "source": "\u6765\u6e90\uff1a",
        "made": "\u7531 docconv {version} \u4e8e {day} \u8f6c\u6362",
        "landmarks": "\u5bfc\u89c8",
        "titlepage": "\u6249\u9875",
        "bodymatter": "\u6b63\u6587",
    },
    "zh-Hant": {  # 來源： / 由 docconv X 於 D 轉換 / 導覽 / 扉頁 / 正文
        "source": "\u4f86\u6e90\uff1a",
        "made": "\u7531 docconv {version} \u65bc {day} \u8f49\u63db",
        "landmarks": "\u5c0e\u89bd",
        "titlepage": "\u6249\u9801",
        "bodymatter": "\u6b63\u6587",
    },
}


def words(doc: Document) -> dict[str, str]:
    """The title page's words in the document's language."""
    return WORDS[notice_language(doc)]


def notice_html(notice: Notice) -> str:
    """One notice as ``<div class="docconv-notice" role="note">``."""
    return (
        f'<div class="docconv-notice" role="note"><p><strong>{esc(notice.label)}</strong>'
        f"{notice.gap}{esc(notice.text)}</p></div>"
    )


def title_page_html(doc: Document, title: str, *, with_notices: bool = True) -> str:
    """The title page's XHTML (see the module docstring); ``with_notices=False``
    (``--no-notices``) leaves the notices out."""
    meta = doc.meta
    said = words(doc)
    parts = [f'<p class="tp-title">{esc(title)}</p>']
    if meta.author and meta.author.strip():
        parts.append(f'<p class="tp-author">{esc(meta.author.strip())}</p>')
    if meta.date and meta.date.strip():
        parts.append(f'<p class="tp-date">{esc(meta.date.strip())}</p>')
    if meta.source and meta.source.strip():
        parts.append(f'<p class="tp-source">{esc(said["source"] + meta.source.strip())}</p>')
    if meta.provenance is not None:
        made = said["made"].format(version=meta.provenance.version, day=meta.provenance.converted[:10])
        parts.append(f'<p class="tp-made">{esc(made)}</p>')
    if with_notices:
        parts += [notice_html(n) for n in notices(doc, at_end=False)]
    section = '<section epub:type="titlepage" class="titlepage">' + "\n".join(parts) + "</section>"
    return f"<html><head></head><body>{section}</body></html>"
