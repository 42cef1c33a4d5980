"""Headings left with nothing under them at the end: the labels of a site's own parts.

A page's "Related posts", "Comments", "Mehr Themen:" or "Te puede interesar" is a label over
a list of links, a comment form or teasers. The readers and the furniture steps remove that
list, and its label stays behind at the end of the text, heading nothing. This step removes
such labels (headings, and short lead-ins ending in a colon) from the end of the text, last
first, while each one

- stands after all the body: nothing but other such labels follows it;
- names a site's part in words a site uses for it (the ``[sections]`` list of
  ``evidence_terms.toml``, in several languages: related, comments, tags, share, newsletter,
  Ähnliche Beiträge, lo último…), so a document's own last heading (``Sources``, ``附件：``,
  ``Media contact``, ``What happens next?``) stays, whatever was removed after it;
- had something after it removed as a site's part, not as a page's furniture (a page number,
  a running header or footer, a repeat, a watermark, an image);
- is shaped like a label: short, no number (a numbered heading or a date is the document's).

Only at the end: inside the text, a heading over a removed section may head a removal that
was wrong, and it stays there as its trace. A document the reader knows the structure of
(Markdown), a truncated preview (whose last heading heads the pages the site held back) and a
block where a page begins (``--page-marks`` anchors it) are left alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from convert.core.contracts import Context, Step
from convert.core.model import Block, Document, Removal, order_key
from convert.core.textutil import fold, width
from convert.steps._features import evidence_terms
from convert.steps._numbering import numbering_rank

MAX_WORDS = 6  # words of a section label (Ähnliche Beiträge, Lesen Sie dazu auch die Pressemitteilungen:)
MAX_WIDTH = 40  # columns of one (CJK characters count two)
#: removals that are a page's own furniture, which heads nothing
PAGE_FURNITURE = frozenset({"page-number", "watermark", "image", "duplicate", "title-dup", "repeated"})


@functools.cache
def section_words() -> re.Pattern[str]:
    """The ``[sections]`` terms of ``evidence_terms.toml`` as one pattern: Latin terms as whole
    words (an ending -s, -e, -es, -en, -n allowed), Chinese terms anywhere (NFKC, lower case)."""
    terms = sorted(
        {unicodedata.normalize("NFKC", t).lower() for words in evidence_terms()["sections"].values() for t in words},
        key=len,
        reverse=True,
    )
    latin = "|".join(re.escape(t) for t in terms if t.isascii() or not re.search(r"[\u3400-\u9fff]", t))
    han = "|".join(re.escape(t) for t in terms if re.search(r"[\u3400-\u9fff]", t))
    return re.compile(rf"(?<![^\W\d_])(?:{latin})(?:s|e|es|en|n)?(?![^\W\d_])|{han}")


def label(block: Block) -> bool:
    """A heading, or a paragraph that only leads in (``Mehr Themen:``), short, unnumbered and
    naming a site's part (:func:`section_words`)."""
    text = block.text.strip()
    if not text or len(text.split()) > MAX_WORDS or width(text) > MAX_WIDTH:
        return False
    if any(ch.isdigit() for ch in text) or numbering_rank(text) is not None:
        return False  # 17. Mai 2022, 三、结语: a date or a numbered part is the document's
    if block.kind == "paragraph" and text[-1] not in ":\uff1a":
        return False  # (a paragraph only as a lead-in: Mehr Themen:)
    if block.kind not in ("paragraph", "heading", "title") or block.page_starts:
        return False
    return bool(section_words().search(unicodedata.normalize("NFKC", text).lower()))


def site_section(removal: Removal) -> bool:
    """Whether ``removal`` took a part of the page a site adds (links, comments, teasers, an
    ad), not a page's own furniture: a page number, a PDF's running header or footer, a
    watermark, an image or a repeated line are on every page and head nothing."""
    if removal.kind in PAGE_FURNITURE:
        return False
    paged = removal.origin is not None and removal.origin.page is not None
    return not (paged and removal.kind in ("header", "footer"))


class OrphanHeadings(Step):
    name = "orphan-headings"
    description = (
        "Remove a heading (or a short lead-in ending in a colon) left with nothing under it when "
        "what it headed was removed as site furniture: 'Related posts', 'Comments', 'Mehr Themen:'."
    )
    order = 620

    def run(self, doc: Document, ctx: Context) -> Document:
        if doc.meta.structured or doc.meta.truncated or not doc.blocks:
            return doc
        blocks = list(doc.blocks)
        removed = [order_key(r.origin) for r in doc.removals if r.origin is not None and site_section(r)]
        gone: list[Removal] = []
        while len(blocks) > 1 and label(block := blocks[-1]) and block.origins:
            after = order_key(block.origins[-1])
            if not any(key > after for key in removed) or all(b.kind in ("heading", "title") for b in blocks[:-1]):
                break  # nothing of it was the site's, or the document is all labels
            if block.kind == "title" and (not doc.meta.title or fold(block.text) == fold(doc.meta.title)):
                break  # the document's own title (an <h1> "Comments" under the article is none)
            gone.append(
                Removal(
                    text=block.text,
                    step=self.name,
                    kind="furniture",
                    reason="a heading left at the end with nothing under it: what it headed went as site furniture",
                    origin=block.origins[0],
                )
            )
            blocks.pop()
        if not gone:
            return doc
        return doc.replace(blocks=tuple(blocks), removals=doc.removals + tuple(reversed(gone)))
