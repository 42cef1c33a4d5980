"""Reproducible ZIP files: rewrite an archive with fixed timestamps and attributes.

python-docx and ebooklib stamp every member with the current time; DOCX and EPUB outputs
are rewritten here so that the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

#: Members that must come first, in this order, when present (EPUB requires ``mimetype``
#: first and stored; ``[Content_Types].xml`` first is what Word itself writes).
FIRST = ("mimetype", "[Content_Types].xml")


def normalize_zip(data: bytes, when: dt.datetime | None = None, *, compresslevel: int = 9) -> bytes:
    """``data`` (a ZIP archive) rewritten with every member dated ``when`` (default
    1980-01-01), mode 0644, no extra fields, in the original order (``FIRST`` members
    first); ``mimetype`` stays uncompressed, everything else is deflated."""
    stamp = (1980, 1, 1, 0, 0, 0)
    if when is not None and when.year >= 1980:
        stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second // 2 * 2)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = src.infolist()
        order = {name: i for i, name in enumerate(FIRST)}
        infos.sort(key=lambda info: order.get(info.filename, len(FIRST)))  # stable: keeps the rest in order
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as dst:
            seen: set[str] = set()
            for info in infos:
                if info.filename in seen:
                    continue
                seen.add(info.filename)
                member = zipfile.ZipInfo(info.filename, date_time=stamp)
                member.create_system = 3
                member.external_attr = 0o100644 << 16
                stored = info.filename == "mimetype"
                member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                dst.writestr(member, src.read(info), compresslevel=None if stored else compresslevel)
    return buffer.getvalue()
