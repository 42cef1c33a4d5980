"""Whether some image bytes are readable, decided once per process for the same bytes.

Deciding it means a full Pillow decode (a damaged file only fails there), and the same
figure is asked about several times in one conversion: by the cleaning's
``carry_over``, by the DOCX and EPUB writers. A reader that has just encoded an image
itself (the PDF reader's PNG renderings) records it as readable, so no one decodes it.

The verdicts are held in a small bounded table keyed on a digest of the bytes (never the
bytes themselves), shared by threads (the PDF reader records from its encoder threads).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

#: How many verdicts are kept (the oldest are forgotten first).
MAX_VERDICTS = 4096
#: What :func:`known` returns for bytes no verdict was recorded for.
UNKNOWN = "?"

_verdicts: OrderedDict[bytes, str] = OrderedDict()
_lock = threading.Lock()


def _key(data: bytes) -> bytes:
    """The table's key for ``data``: its length and a 128-bit digest."""
    return len(data).to_bytes(8, "little") + hashlib.blake2b(data, digest_size=16).digest()


def known(data: bytes) -> str:
    """The verdict recorded for ``data``: Pillow's format name (``"PNG"``) when readable,
    ``""`` when not, :data:`UNKNOWN` when nothing is recorded."""
    key = _key(data)
    with _lock:
        verdict = _verdicts.get(key, UNKNOWN)
        if verdict != UNKNOWN:
            _verdicts.move_to_end(key)
        return verdict


def remember(data: bytes, verdict: str) -> None:
    """Record ``data``'s verdict: Pillow's format name when it decodes whole, ``""`` when not."""
    key = _key(data)
    with _lock:
        _verdicts[key] = verdict
        _verdicts.move_to_end(key)
        while len(_verdicts) > MAX_VERDICTS:
            _verdicts.popitem(last=False)
