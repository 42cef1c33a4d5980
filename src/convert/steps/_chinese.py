"""What the ``to-simplified`` and ``to-traditional`` steps share: one text conversion applied to
everything a document says (title and author, headings, paragraphs, table cells and captions,
list items, figure captions and alt texts, notes, code listings' text), one :class:`Change` per
block it changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from convert.core.model import Block, Change, Document, Figure, Footnote, ListBlock, Table

#: Documents in these languages are left alone: their Han characters are Japanese or Korean.
OTHER_HAN_LANGUAGES = ("ja", "ko")


def applies(doc: Document) -> bool:
    """Whether a conversion of Chinese characters is meant for ``doc`` (not Japanese, not Korean)."""
    return not (doc.meta.language or "").lower().startswith(OTHER_HAN_LANGUAGES)


def convert_block(block: Block, convert: Callable[[str], str]) -> Block:
    """``block`` with its text and every text of its parts converted."""
    changes: dict[str, object] = {"text": convert(block.text)}
    if isinstance(block, Table):
        changes["caption"] = convert(block.caption)
        changes["rows"] = tuple(
            tuple(dataclasses.replace(cell, text=convert(cell.text)) for cell in row) for row in block.rows
        )
    elif isinstance(block, ListBlock):
        changes["items"] = tuple(
            dataclasses.replace(item, text=convert(item.text), marker=convert(item.marker)) for item in block.items
        )
    elif isinstance(block, Figure):
        changes["caption"] = convert(block.caption)
        changes["alt"] = convert(block.alt)
    elif isinstance(block, Footnote):
        changes["marker"] = convert(block.marker)
    new = dataclasses.replace(block, **changes)  # type: ignore[arg-type]
    return block if new == block else new


def convert_document(
    doc: Document, convert: Callable[[str], str], *, step: str, reason: str, language: str | None
) -> Document:
    """``doc`` with :func:`convert_block` applied to every block, its title and author
    converted, one :class:`Change` recorded per block that changed (its whole text before and
    after: the audit shows the characters that differ), and ``language`` as its language
    when it is Chinese (``None``: the language is kept)."""
    blocks: list[Block] = []
    changes: list[Change] = []
    for block in doc.blocks:
        new = convert_block(block, convert)
        if new is not block:
            changes.append(
                Change(
                    step=step,
                    reason=reason,
                    before=block.text,
                    after=new.text,
                    origin=block.origins[0] if block.origins else None,
                )
            )
        blocks.append(new)
    meta = doc.meta
    fields = {key: getattr(meta, key) for key in ("title", "author") if getattr(meta, key)}
    converted = {key: convert(value) for key, value in fields.items()}
    shown = {c.before for c in changes}
    for key, value in converted.items():  # (a title the blocks hold is recorded with its block)
        if value != fields[key] and fields[key] not in shown:
            changes.append(Change(step=step, reason=f"{reason} (the {key})", before=fields[key], after=value))
    doc = doc.replace(blocks=tuple(blocks)).record(changes).with_meta(**converted)
    if language and (meta.language or "zh").lower().startswith("zh"):
        doc = doc.with_meta(language=language)
    return doc
