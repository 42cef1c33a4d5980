"""Output staging: every output is written to a temporary file beside its target and
renamed into place only when complete, so an interrupted run never leaves a half-written file.

- :func:`write_temp`, :func:`write_atomic`, :func:`write_text_atomic`: one file.
- :func:`write_job_outputs`: all of one input's outputs, renamed into place only when every
  writer has finished (a failure leaves none of them).
- :func:`output_paths`: where a job's outputs go.
- :func:`output_identities`, :func:`discard_outputs`, :func:`remove_partial`,
  :func:`clean_partial`: cleaning up after a worker that was killed or a run that was.

Temporary files are named ``.NAME.XXXX.part`` (:data:`PART_NAME`); batch and sync remove
the ones a killed worker left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from convert.core.contracts import ConversionError, Options, Writer
from convert.core.model import Document

from .inputs import Job, safe_text

if TYPE_CHECKING:
    from .session import Session

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


def output_paths(job: Job, writers: Sequence[Writer]) -> list[Path]:
    """Where ``job``'s outputs go, one per writer: ``OUTDIR/NAME.EXT``."""
    return [job.outdir / f"{job.name}{w.extension}" for w in writers]


def _check_not_input(job: Job, targets: Sequence[Path]) -> None:
    """Refuse to write an output over the input it is made from."""
    for target in targets:
        with contextlib.suppress(OSError):
            if target.exists() and os.path.samefile(target, job.path):
                raise ConversionError(f"its output {target} would overwrite the input; choose another -o folder")


def _unlink(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _rename_all(staged: list[Path], targets: Sequence[Path]) -> list[Path]:
    """Rename each temporary file into place (removing it from ``staged``); on a failure the
    outputs already renamed are removed and :class:`ConversionError` is raised."""
    written: list[Path] = []
    try:
        for tmp, target in zip(list(staged), targets, strict=True):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise ConversionError(f"cannot write {safe_text(str(target))}: {exc.strerror or exc}") from None
            staged.remove(tmp)
            written.append(target)
    except Exception:  # a failed input leaves no outputs, not some of them
        _unlink(written)
        raise
    return written


def write_job_outputs(job: Job, doc: Document, session: Session) -> list[Path]:
    """Write ``doc`` with each of the session's writers to ``job``'s outputs and return them.

    Every output is written to a temporary file first, and they are renamed into place only
    when all the writers have finished: a failure (:class:`ConversionError`) or a kill before
    that leaves no output and no temporary file (a kill during the renames leaves the parent
    :func:`discard_outputs` to do)."""
    targets = output_paths(job, session.writers)
    _check_not_input(job, targets)
    staged: list[Path] = []  # temporary files not yet renamed into place
    try:
        for writer, target in zip(session.writers, targets, strict=True):
            staged.append(write_temp(target, writer, doc, session.options))
        return _rename_all(staged, targets)
    finally:  # also on SystemExit (SIGTERM in a worker)
        _unlink(staged)


def glob_escape(name: str) -> str:
    """``name`` as a glob pattern that matches only itself."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def remove_partial(job: Job, writers: Sequence[Writer]) -> None:
    """Remove the temporary files a killed worker may have left for ``job``."""
    for target in output_paths(job, writers):
        with contextlib.suppress(OSError):
            for tmp in target.parent.glob(f".{glob_escape(target.name)}.*.part"):
                tmp.unlink(missing_ok=True)


#: A file's (device, inode), or ``None`` when there is no file.
Identity = tuple[int, int] | None


def output_identities(job: Job, writers: Sequence[Writer]) -> list[Identity]:
    """The (device, inode) of each of ``job``'s outputs that exists now (taken before its worker starts)."""
    found: list[Identity] = []
    for target in output_paths(job, writers):
        try:
            st = os.stat(target)
        except OSError:
            found.append(None)
        else:
            found.append((st.st_dev, st.st_ino))
    return found


def discard_outputs(job: Job, writers: Sequence[Writer], before: Sequence[Identity]) -> None:
    """After ``job``'s worker was killed or died without a result: remove its temporary files and
    any output it had already renamed into place (one that is not the file that was there
    before it started), so that a failed input leaves no outputs."""
    remove_partial(job, writers)
    for target, old in zip(output_paths(job, writers), before, strict=False):
        try:
            st = os.stat(target)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) != old:
            with contextlib.suppress(OSError):
                target.unlink()


def clean_partial(dest: Path) -> int:
    """Remove the temporary output files (``.NAME.XXXX.part``) that a killed run left under
    ``dest`` (not in hidden folders); return how many."""
    removed = 0
    for folder, dirs, files in os.walk(dest):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if PART_NAME.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    return removed
