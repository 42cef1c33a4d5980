"""The docconv pipeline: reader -> cleaning steps (in order) -> writers.

Everything a user can run goes through :func:`convert_source` and :func:`write_outputs`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from .formats import Context, ConversionError, Options, Source, Writer
from .model import Change, Document, Removal
from .plugins import Registry
from .textutil import guess_language


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


def read_source(source: Source, registry: Registry, options: Options) -> Document:
    """Read ``source`` with the highest-priority reader that accepts it."""
    reader = registry.reader_for(source)
    try:
        return reader.read(source, options)
    except ConversionError:
        raise
    except RecursionError:
        raise ConversionError("input is nested too deeply to read") from None
    except Exception as exc:  # a reader bug must still be one line about this file
        raise ConversionError(f"reader {reader.name!r} failed: {type(exc).__name__}: {exc}") from exc


def clean(doc: Document, registry: Registry, options: Options) -> Document:
    """Run every enabled cleaning step, in order, on a freshly read document."""
    ctx = Context(options=options, rules=registry.rules(options.rule_files))
    if not doc.meta.language:  # from all the input, before any of it is removed
        doc = doc.with_meta(language=guess_language("\n".join(line.text for line in doc.lines)))
    for step in registry.ordered_steps():
        wanted = step.default_enabled or step.name in options.enabled_steps
        if not wanted or step.name in options.disabled_steps:
            continue
        try:
            doc = step.run(doc, ctx)
        except ConversionError:
            raise
        except Exception as exc:
            raise ConversionError(f"cleaning step {step.name!r} failed: {type(exc).__name__}: {exc}") from exc
    if doc.lines:  # paragraphs step switched off: every remaining line is a paragraph
        from .steps.paragraphs import lines_as_blocks

        doc = lines_as_blocks(doc)
    if not any(b.kind == "paragraph" for b in doc.blocks):
        doc = doc.warn("no body text left after cleaning: check the removals (docconv inspect)")
    return doc


def convert_source(source: Source, registry: Registry, options: Options) -> Document:
    """Read ``source`` and clean it: the whole pipeline short of writing."""
    return clean(read_source(source, registry, options), registry, options)


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


def write_outputs(doc: Document, stem: str, outdir: Path, writers: Sequence[Writer], options: Options) -> list[Path]:
    """Write ``doc`` in every requested format as ``outdir/stem.<ext>``."""
    written = []
    for writer in writers:
        target = outdir / f"{stem}{writer.extension}"
        write_atomic(target, writer, doc, options)
        written.append(target)
    return written


def _record(item: Removal | Change) -> dict[str, object]:
    """A removal or change as a flat JSON object, its origin as ``page`` and ``line``."""
    data = dataclasses.asdict(item)
    origin = data.pop("origin") or {}
    return data | {"page": origin.get("page"), "line": origin.get("line")}


def report_entry(doc: Document | None, source: str, outputs: Sequence[Path], error: str | None) -> dict[str, object]:
    """One input's record for ``--report``: outputs, metadata, warnings, removals, changes."""
    entry: dict[str, object] = {
        "input": source,
        "status": "failed" if error else "converted",
        "outputs": [str(p) for p in outputs],
    }
    if error:
        entry["error"] = error
    if doc is not None:
        entry["metadata"] = {k: v for k, v in dataclasses.asdict(doc.meta).items() if v not in (None, (), "")}
        entry["warnings"] = list(doc.warnings)
        entry["removals"] = [_record(r) for r in doc.removals]
        entry["changes"] = [_record(c) for c in doc.changes]
    return entry
