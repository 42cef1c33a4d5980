"""Reproducible ZIP files: archives with fixed timestamps and attributes.

python-docx and ebooklib stamp every member with the current time; DOCX and EPUB outputs
are written here (:func:`zip_members`) or rewritten here (:func:`normalize_zip`) so that the
same input always gives the same bytes.

The archive is laid out exactly as :mod:`zipfile` lays it out for ``writestr`` into a
seekable file (local headers with sizes and CRC, no data descriptors, no extra fields, then
the central directory); it is written here rather than with :mod:`zipfile` so that a member
whose bytes recur in every output (the DOCX template's 350 KB styles part) is deflated once
per process: :mod:`zipfile` cannot take data already deflated. Archives near the 2 GiB
that would need ZIP64 are left to :mod:`zipfile`.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Container, Iterable

#: Members that must come first, in this order, when present (EPUB requires ``mimetype``
#: first and stored; ``[Content_Types].xml`` first is what Word itself writes).
FIRST = ("mimetype", "[Content_Types].xml")
#: Local file header, central directory entry and end record (PKWARE APPNOTE 4.3.7, 4.3.12,
#: 4.3.16; the layouts of :mod:`zipfile`).
LOCAL = struct.Struct("<4s2B4HL2L2H")
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
END = struct.Struct("<4s4H2LH")
#: "Version needed to extract" and "version made by": 2.0 (deflate), as :mod:`zipfile` writes.
VERSION = 20
#: "Made by" Unix, so the mode below is read: a regular file, ``rw-r--r--``.
UNIX = 3
MODE = 0o100644 << 16
#: Bit 11 of the flags: the name is UTF-8.
UTF8_NAME = 0x800
#: Beyond this an archive needs ZIP64 (:mod:`zipfile`'s limit, less a margin for deflate).
LIMIT = (1 << 31) - 1
#: How many deflated members :func:`zip_members` keeps for reuse.
KEEP = 64

_DEFLATED: OrderedDict[tuple[int, bytes], tuple[int, bytes]] = OrderedDict()


def _stamp(when: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    if when is not None and when.year >= 1980:
        return (when.year, when.month, when.day, when.hour, when.minute, when.second // 2 * 2)
    return (1980, 1, 1, 0, 0, 0)


def _deflate(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate, as zipfile's
    return compressor.compress(data) + compressor.flush()


def _deflated(data: bytes, level: int, keep: bool) -> tuple[int, bytes]:
    """The CRC-32 and deflated form of ``data``; with ``keep``, remembered by content."""
    if not keep:
        return zlib.crc32(data), _deflate(data, level)
    key = (level, data)  # (a bytes object hashes its content once and keeps the hash)
    found = _DEFLATED.get(key)
    if found is None:
        found = _DEFLATED[key] = (zlib.crc32(data), _deflate(data, level))
        while len(_DEFLATED) > KEEP:
            _DEFLATED.popitem(last=False)
    _DEFLATED.move_to_end(key)
    return found


def zip_members(
    members: Iterable[tuple[str, bytes]],
    when: dt.datetime | None = None,
    *,
    compresslevel: int = 9,
    reuse: Container[str] = (),
) -> bytes:
    """A ZIP archive of ``members`` (``(name, data)``): every member dated ``when`` (default
    1980-01-01), mode 0644, no extra fields, in the given order but ``FIRST`` members first,
    a repeated name only once (the first); ``mimetype`` stored, everything else deflated.
    Members named in ``reuse`` are data that recurs across archives: their deflated form is
    kept (by content) and reused."""
    listed: dict[str, bytes] = {}
    for name, data in members:
        listed.setdefault(name, data)
    order = {name: i for i, name in enumerate(FIRST)}
    names = sorted(listed, key=lambda name: order.get(name, len(FIRST)))  # stable: keeps the rest in order
    if sum(len(data) for data in listed.values()) * 1.05 + 1024 * len(listed) > LIMIT:
        return _zipfile_members([(name, listed[name]) for name in names], when, compresslevel)
    year, month, day, hour, minute, second = _stamp(when)
    date, time = (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
    out = io.BytesIO()
    central = io.BytesIO()
    for name in names:
        data = listed[name]
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), UTF8_NAME
        if name == "mimetype":
            method, crc, body = zipfile.ZIP_STORED, zlib.crc32(data), data
        else:
            method = zipfile.ZIP_DEFLATED
            crc, body = _deflated(data, compresslevel, name in reuse)
        offset = out.tell()
        common = (flags, method, time, date, crc, len(body), len(data), len(encoded), 0)  # (0: no extra field)
        out.write(LOCAL.pack(b"PK\x03\x04", VERSION, 0, *common))
        out.write(encoded)
        out.write(body)
        # (then no comment, disk 0, no internal attributes, the mode, where the member begins)
        central.write(CENTRAL.pack(b"PK\x01\x02", VERSION, UNIX, VERSION, 0, *common, 0, 0, 0, MODE, offset))
        central.write(encoded)
    start = out.tell()
    out.write(central.getvalue())
    out.write(END.pack(b"PK\x05\x06", 0, 0, len(names), len(names), len(central.getvalue()), start, 0))
    return out.getvalue()


def _zipfile_members(members: list[tuple[str, bytes]], when: dt.datetime | None, compresslevel: int) -> bytes:
    """:func:`zip_members` with :mod:`zipfile` (an archive that needs ZIP64)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as dst:
        for name, data in members:
            member = zipfile.ZipInfo(name, date_time=_stamp(when))
            member.create_system = UNIX
            member.external_attr = MODE
            stored = name == "mimetype"
            member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            dst.writestr(member, data, compresslevel=None if stored else compresslevel)
    return buffer.getvalue()


def normalize_zip(data: bytes, when: dt.datetime | None = None, *, compresslevel: int = 9) -> bytes:
    """``data`` (a ZIP archive) rewritten by :func:`zip_members`: every member dated ``when``
    (default 1980-01-01), mode 0644, no extra fields, in the original order (``FIRST``
    members first); ``mimetype`` stays uncompressed, everything else is deflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    return zip_members(members, when, compresslevel=compresslevel)
