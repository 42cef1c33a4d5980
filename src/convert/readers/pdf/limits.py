"""Resource limits for reading a PDF: how far its compressed streams may expand, and how
large a page may be.

A Flate stream expands up to about 1,000 times: a 1 MB PDF can hold a gigabyte of content
stream (a decompression bomb). pdfminer inflates each stream whole with ``zlib.decompress``,
so the bytes would be in memory before anything could look at their size. :func:`inflate`
does the same work in bounded steps instead: a stream whose size allows it to expand beyond
its limit (deflate expands at most :data:`ZLIB_MAX_RATIO` times) is first measured without
keeping its output, so a bomb is refused while holding about one chunk, and the bytes are
kept only for a stream within the limits; a stream too small to reach its limit is inflated
once. Each stream
may expand to :data:`MAX_STREAM_BYTES`, all streams of one document together to
:data:`MAX_DOCUMENT_BYTES` (a :class:`StreamBudget` per document).

:func:`inflate` also recovers what it can from a damaged stream (the text before a
corrupt byte, a stream cut short, a wrong checksum) and says what was wrong, where
pdfminer would drop the whole stream without a word.

A page larger than :data:`MAX_PAGE_SIDE` units on a side is beyond what the PDF
specification allows (ISO 32000-1, annex C: 14,400 units, 200 inches); such a box is a
damaged or hostile file, and its size drives the layout analysis.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from convert.core.contracts import ConversionError

MB = 1 << 20
MAX_STREAM_BYTES = 256 * MB  # one stream, inflated
MAX_DOCUMENT_BYTES = 1024 * MB  # all streams of one document, inflated
MAX_PAGE_SIDE = 14_400.0  # PDF units (1/72 inch): the specification's largest page side
ZLIB_MAX_RATIO = 1032  # deflate's largest expansion: a stream this many times smaller cannot exceed a limit
IN_CHUNK = 64 * 1024  # compressed bytes fed to zlib at a time
OUT_CHUNK = 1 * MB  # most inflated bytes zlib returns at a time


class DecompressionBomb(ConversionError):
    """A compressed stream (or all of them) expands beyond its limit: the document is refused."""


@dataclass(slots=True)
class StreamBudget:
    """How many inflated bytes one document may still produce.

    :param per_stream: the limit for each stream.
    :param total: the limit for all streams of the document together.
    :param used: inflated bytes so far.
    """

    per_stream: int = MAX_STREAM_BYTES
    total: int = MAX_DOCUMENT_BYTES
    used: int = 0

    def limit(self) -> int:
        """The most bytes the next stream may expand to."""
        return max(0, min(self.per_stream, self.total - self.used))

    def refuse(self) -> DecompressionBomb:
        """The refusal for a stream that went past :meth:`limit`."""
        if self.per_stream <= self.total - self.used:
            return DecompressionBomb(
                f"a compressed stream expands beyond {self.per_stream // MB} MB (a decompression bomb?)"
            )
        return DecompressionBomb(
            f"the compressed streams expand beyond {self.total // MB} MB in all (a decompression bomb?)"
        )


@dataclass(frozen=True, slots=True)
class Inflated:
    """What :func:`inflate` got from a stream: its bytes, and what was wrong with it, if anything."""

    data: bytes
    problem: str | None = None


class _TooLarge(Exception):
    pass


def inflate(data: bytes, budget: StreamBudget) -> Inflated:
    """``zlib.decompress(data)`` within ``budget``; recovers the readable part of a damaged
    stream and names the damage (``Inflated.problem``).

    :raises DecompressionBomb: the stream expands beyond :meth:`StreamBudget.limit`.
    """
    if not data:
        return Inflated(b"")  # an empty stream marked compressed: nothing to read, nothing lost
    limit = budget.limit()
    try:
        if len(data) * ZLIB_MAX_RATIO > limit:  # it could be a bomb: refused before its bytes are kept
            _run(data, limit, keep=False)
        parts, problem = _run(data, limit, keep=True)
    except _TooLarge:
        raise budget.refuse() from None
    out = b"".join(parts)
    budget.used += len(out)
    if problem == "cut short" and _deflate_complete(data, limit):
        problem = None  # only the trailing checksum is missing: every byte is there
    return Inflated(out, problem)


def _run(data: bytes, limit: int, *, keep: bool) -> tuple[list[bytes], str | None]:
    """Inflate ``data`` in chunks; stop at the first corrupt byte. Returns the output (empty
    unless ``keep``) and the problem met: ``None``, ``"cut short"``, ``"corrupt data"`` or
    ``"checksum mismatch"``."""
    d = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    for start in range(0, len(data), IN_CHUNK):
        piece = data[start : start + IN_CHUNK]
        before, kept, size_before = d.copy(), len(parts), size
        try:
            size = _feed(d, piece, parts, size, limit, keep)
        except zlib.error as exc:
            # again byte by byte from the copy, to keep everything before the corrupt byte
            del parts[kept:]
            size = size_before
            for i in range(len(piece)):
                try:
                    size = _feed(before, piece[i : i + 1], parts, size, limit, keep)
                except zlib.error:
                    break
            return parts, "checksum mismatch" if "data check" in str(exc) else "corrupt data"
        if d.eof:
            return parts, None
    return parts, None if d.eof else "cut short"


def _feed(d: zlib._Decompress, piece: bytes, parts: list[bytes], size: int, limit: int, keep: bool) -> int:
    """Give ``piece`` to ``d``, pulling its output a chunk at a time; the new output size."""
    while True:
        out = d.decompress(piece, OUT_CHUNK)
        size += len(out)
        if size > limit:
            raise _TooLarge
        if keep and out:
            parts.append(out)
        piece = d.unconsumed_tail
        if not piece and len(out) < OUT_CHUNK:
            return size


def _deflate_complete(data: bytes, limit: int) -> bool:
    """Whether the deflate data after the 2-byte zlib header ends properly (only the
    4-byte checksum after it is missing, as some PDF writers leave it)."""
    d = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        _feed(d, data[2:], [], 0, limit, keep=False)
    except (zlib.error, _TooLarge):
        return False
    return d.eof


def page_size_problem(width: float, height: float) -> str | None:
    """Why a page of this size is not read, or ``None`` when it is a sane size."""
    if width > MAX_PAGE_SIDE or height > MAX_PAGE_SIDE:
        return (
            f"the page is {width:,.0f} x {height:,.0f} units, beyond the PDF limit of "
            f"{MAX_PAGE_SIDE:,.0f} units a side (a damaged or hostile page box)"
        )
    return None
