"""Finding inputs: reading one file's bytes, and safe display names for file names that
are not valid UTF-8."""

from __future__ import annotations

from pathlib import Path

from convert.core.contracts import ConversionError, Source


def safe_text(text: str) -> str:
    """``text`` made safe to print and to encode as UTF-8: a file name that is not valid UTF-8
    (GBK names from an unzipped Chinese archive) arrives with its bad bytes as lone surrogates
    (``surrogateescape``); each becomes U+FFFD. Use it for display names, reports and logs only,
    never for a path that is opened (that must keep the original bytes)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that surrogateescape did not make
        return text.encode("utf-8", "replace").decode("utf-8")


def load_source(path: Path) -> Source:
    """Read an input file's bytes (never modifying it); its name, as documents show it, is
    :func:`safe_text` (the path keeps the original bytes)."""
    try:
        if path.is_dir():
            raise ConversionError("is a folder, not a file")
        return Source(name=safe_text(path.name), data=path.read_bytes(), path=path)
    except OSError as exc:
        raise ConversionError(f"cannot read: {exc.strerror or exc}") from None
