"""Output staging: every output is written to a temporary file beside its target and
renamed into place only when complete, so an interrupted run never leaves a half-written file.

Temporary files are named ``.NAME.XXXX.part`` (:data:`PART_NAME`); batch and sync remove
the ones a killed worker left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from convert.core.contracts import ConversionError, Options, Writer
from convert.core.model import Document

from .inputs import safe_text

#: The temporary files :func:`write_temp` creates.
PART_NAME = re.compile(r"^\..+\.part$")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write a complete temporary file ``.NAME.XXXX.part`` beside ``path`` (mode as the umask
    allows, synced to disk) and return its path; on any exception it is removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file is in the way: say so rather than "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent)) from None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    out: BinaryIO | None = None
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        out = os.fdopen(fd, "wb")
        with out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        if out is None:  # os.fdopen never took the descriptor over
            with contextlib.suppress(OSError):
                os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_temp(path: Path, writer: Writer, doc: Document, options: Options) -> Path:
    """Write ``doc`` with ``writer`` to a temporary file beside ``path`` and return it; the
    caller renames it into place (``os.replace``) or removes it. Problems are
    :class:`ConversionError`; no temporary file is left after one."""
    try:
        return _write_temp(path, lambda out: writer.write(doc, out, options))
    except (ConversionError, KeyboardInterrupt, SystemExit):
        raise
    except OSError as exc:
        raise ConversionError(f"cannot write {safe_text(str(path))}: {exc.strerror or exc}") from None
    except BaseException as exc:
        raise ConversionError(f"writer {writer.name!r} failed: {type(exc).__name__}: {exc}") from exc


def write_atomic(path: Path, writer: Writer, doc: Document, options: Options) -> None:
    """Write to a temporary file beside ``path`` and rename it into place when complete."""
    tmp = write_temp(path, writer, doc, options)
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ConversionError(f"cannot write {safe_text(str(path))}: {exc.strerror or exc}") from None
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (made :func:`safe_text`, as UTF-8) to ``path`` atomically: a temporary
    file renamed into place, with the mode the umask allows. Raises whatever went wrong
    (``OSError`` mostly) and then leaves no temporary file."""
    data = safe_text(text).encode("utf-8")
    tmp = _write_temp(path, lambda out: out.write(data))
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
