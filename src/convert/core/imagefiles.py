"""Image files a reader finds linked from its input (an HTML ``<img src>``, a Markdown
``![alt](path)``), read safely: from a ``data:`` URI, or from a file inside the input's own
folder (never a URL, an absolute path or ``..`` out of it), at most :data:`MAX_IMAGE_BYTES`.
Nothing is fetched. Shared by the HTML and Markdown readers."""

from __future__ import annotations

import base64
import re
import urllib.parse
from pathlib import Path

MAX_IMAGE_BYTES = 20 * 1024 * 1024  # an image file read beside the input, at most

MEDIA_BY_SUFFIX = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".bmp": "image/bmp",
}


def image_bytes(src: str, folder: Path | None) -> tuple[bytes, str]:
    """An image's bytes and media type from a ``data:`` URI or from a file beside the page
    (relative ``src`` inside ``folder``, the page's own folder, at most
    :data:`MAX_IMAGE_BYTES`); ``(b"", "")`` when they cannot be had. Nothing is fetched."""
    src = src.strip()
    if src.startswith("data:"):
        head, _, payload = src[5:].partition(",")
        media = head.split(";")[0].strip().lower() or "image/png"
        try:
            if ";base64" in head.lower():
                data = base64.b64decode(re.sub(r"\s+", "", payload), validate=False)
            else:
                data = urllib.parse.unquote_to_bytes(payload)
        except ValueError:
            return b"", ""
        return (data, sniff(data) or media) if 0 < len(data) <= MAX_IMAGE_BYTES else (b"", "")
    if folder is None or not src or re.match(r"^[a-z][a-z0-9+.\-]*:|^//", src, re.I):
        return b"", ""
    rel = urllib.parse.unquote(src.split("#")[0].split("?")[0])
    try:
        base = folder.resolve()
        path = (base / rel).resolve()
        if not path.is_relative_to(base) or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
            return b"", ""
        data = path.read_bytes()
    except (OSError, ValueError):
        return b"", ""
    media = sniff(data) or MEDIA_BY_SUFFIX.get(path.suffix.lower(), "")
    return (data, media) if media else (b"", "")


def sniff(data: bytes) -> str:
    """The media type of image bytes by their signature, ``""`` when unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM"):
        return "image/bmp"
    if b"<svg" in data[:512]:
        return "image/svg+xml"
    return ""


def dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or GIF from its header (enough to tell a 1x1 pixel)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    return None
