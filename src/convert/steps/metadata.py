"""The ``metadata`` step: the document's date and author, read from its own lines.

Looks in two places only, where documents state them: the head (the lines between the title
and the first running text: ``（2018年1月2日）``, ``——2022年3月5日在…会议上``, ``国务院总理　李克强``,
``By Jane Doe``) and the closing signature block (an issuer's or a person's name over a date
line at the end: ``国务院`` / ``2018年1月2日``). A Chinese official title that names its issuer
(``中共中央 国务院关于…的意见``) and a red-headed letterhead (``某市人民政府办公室文件``) name the
author when nothing closer does. Only whole lines count (see :mod:`convert.steps._docmeta`):
a date inside a sentence is not the document's date.

It fills only what is missing ("right or absent"): a value the reader set (HTML ``<meta>``,
Markdown front matter, a PDF's checked info dictionary) is kept, unless it is clearly worse
(an author that is a placeholder such as ``admin`` or the site's own name). Of a speaker line,
the person is the author and the role goes to ``Metadata.extra`` as ``author_role``. The
lines themselves stay in the text: the step changes nothing but ``doc.meta``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from convert.core.contracts import Context, Step
from convert.core.metadata import placeholder_author
from convert.core.model import Block, Document
from convert.core.textutil import SENTENCE_END, fold, letterhead
from convert.steps._docmeta import Speaker, date_line, issuer, occasion_line, speaker, title_issuer
from convert.steps._docmeta import fold as nfkc

TEXT_KINDS = frozenset({"title", "heading", "paragraph"})
TITLE_WITHIN = 5  # blocks: the title is among the first ones
HEAD_BLOCKS = 20  # blocks of a head between the title and the running text (a transcript's cover has many)
SENTENCE_WORDS = 8  # words of an English line ending in a full stop that make it a sentence
SENTENCE_CHARS = 20  # characters of a Chinese one
HEAD_CHARS = 60  # characters of a head line; a longer one is running text
TAIL_BLOCKS = 6  # blocks of a closing block
TAIL_CHARS = 60  # characters of a line of it
SIGNERS = 2  # lines of names above the closing date (中共中央 / 国务院)
ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class Found:
    """What the document's own lines say: a date (ISO), an author and the author's role."""

    date: str | None = None
    author: str | None = None
    role: str = ""


def _text(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if b.kind in TEXT_KINDS and b.text.strip()]


def _running(block: Block) -> bool:
    """A block of running text: long, or a sentence (the head has ended); ``No. 07-1315
    ALEXANDRE MIRZAYANCE.`` ends in a full stop but is a case's name."""
    text = nfkc(block.text)
    if len(text) > HEAD_CHARS:
        return True
    if text[-1:] not in SENTENCE_END:
        return False
    return len(text.split()) >= SENTENCE_WORDS if text.isascii() else len(text) > SENTENCE_CHARS


def read_head(blocks: Sequence[Block]) -> Found:
    """The date and speaker the head states: the lines after the title (or from the start,
    when there is none) up to the first heading or running text."""
    title = next((i for i, b in enumerate(blocks[:TITLE_WITHIN]) if b.kind == "title"), -1)
    dates: list[str] = []
    who: Speaker | None = None
    for block in blocks[title + 1 : title + 1 + HEAD_BLOCKS]:
        text = block.text
        found_date = date_line(text)
        found_who = speaker(text)
        if found_date or found_who or occasion_line(text):
            dates += [found_date] if found_date else []
            who = who or found_who
            continue
        if block.kind == "heading" or _running(block):
            break
    date = dates[0] if len(set(dates)) == 1 else None  # several dates: a schedule, not the document's
    return Found(date=date, author=who.name if who else None, role=who.role if who else "")


def read_closing(blocks: Sequence[Block]) -> Found:
    """The date and signer of the closing block: among the last short paragraphs (no heading),
    one date line and the issuer's or person's name just above it (at most :data:`SIGNERS`
    lines of names). Several date lines there are a list, not a signature."""
    tail: list[int] = []
    for i in range(len(blocks) - 1, -1, -1):
        if len(tail) >= TAIL_BLOCKS or len(nfkc(blocks[i].text)) > TAIL_CHARS or blocks[i].kind != "paragraph":
            break
        tail.append(i)
    dated = [i for i in tail if date_line(blocks[i].text)]
    if len(dated) != 1:
        return Found()  # none, or a list of dates (a CV's, a timeline's): no signature's
    at = dated[0]
    date = date_line(blocks[at].text)
    names: list[str] = []
    role = ""
    for i in range(at - 1, max(at - 1 - SIGNERS, -1), -1):
        if i not in tail:
            break
        text = blocks[i].text
        who = speaker(text)
        if who is not None and not names:
            return Found(date=date, author=who.name, role=who.role)
        office = issuer(text)
        if office is None:
            break
        names.insert(0, office)
    return Found(date=date, author=" ".join(names) or None, role=role)


def read_issuer(blocks: Sequence[Block]) -> str | None:
    """The issuer a Chinese official title names (``中共中央 国务院关于…``), else the office of a
    red-headed letterhead above the title (``某市人民政府办公室文件``)."""
    title = next((i for i, b in enumerate(blocks[:TITLE_WITHIN]) if b.kind == "title"), -1)
    if title < 0:
        return None
    named = title_issuer(blocks[title].text)
    if named:
        return named
    for block in blocks[:title]:
        text = nfkc(block.text)
        if letterhead(text):
            return issuer(text[:-2].rstrip())
    return None


def read_metadata(blocks: Sequence[Block]) -> Found:
    """The date and author the document's own lines state (see the module's description)."""
    text = _text(blocks)
    head = read_head(text)
    closing = read_closing(text)
    date = head.date or closing.date  # (the head's date line before a signature's)
    for found in (head, closing):
        if found.author and not placeholder_author(found.author):
            return Found(date=date, author=found.author, role=found.role)
    named = read_issuer(text)
    return Found(date=date, author=named if named and not placeholder_author(named) else None)


def worse_author(author: str | None, doc: Document) -> bool:
    """Whether the author the reader set is missing or names nobody: a placeholder (``admin``,
    ``本站``), a web address, or the site's own name."""
    if not author or not author.strip():
        return True
    key = fold(author)
    if placeholder_author(author) or re.match(r"(?:https?://|www\.)", key):
        return True
    return any(key == fold(name) for name in doc.layout.site_names if name.strip())


class DocumentMetadata(Step):
    name = "metadata"
    description = (
        "Read the document's date and author from its own lines (a date line or speaker under the "
        "title, a signature block at the end, an issuer named in the title); fill only what is missing."
    )
    order = 650

    def run(self, doc: Document, ctx: Context) -> Document:
        if not doc.blocks:
            return doc
        found = read_metadata(doc.blocks)
        changes: dict[str, object] = {}
        if found.date and not (doc.meta.date and ISO.fullmatch(doc.meta.date.strip())):
            changes["date"] = found.date
        if found.author and worse_author(doc.meta.author, doc):
            changes["author"] = found.author
            if found.role:
                extra = tuple((k, v) for k, v in doc.meta.extra if k != "author_role")
                changes["extra"] = (*extra, ("author_role", found.role))
        return doc.with_meta(**changes) if changes else doc
