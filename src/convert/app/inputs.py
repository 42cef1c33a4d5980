"""Finding the inputs: walking folders, naming the outputs, reading one file's bytes.

- :func:`make_plan` turns the command line's file and folder arguments into a :class:`Plan`:
  the :class:`Job` per input file (where its outputs go and under what name), the inputs that
  failed already (:class:`Failure`), the files skipped and notes. In a folder, a symbolic
  link that leads out of it is skipped with a warning unless asked for (a file named on the
  command line is read wherever it leads); output names that differ only in case clash.
- :func:`is_temp_name` and :data:`TEMP_NAME`: the editor backups, lock files and docconv
  temporary files that are never inputs; :func:`input_extensions`: what some reader accepts.
- An input given as an fsspec URL (``s3://bucket/in``) is found and read through
  :mod:`~convert.app.remote` (:attr:`Job.url`), and outputs go to a folder URL given as ``-o``
  (:attr:`Job.out_url`); a job without them is exactly a local one.
- :func:`load_source` reads an input's bytes; :func:`safe_text` makes a file name that is not
  valid UTF-8 safe to print.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from convert.core.contracts import ConversionError, Source

from .paths import leaves_tree, name_key

if TYPE_CHECKING:
    from .plugins import Registry

#: Names that are never inputs when walking a folder: editor backups, Office lock files and
#: the temporary files docconv itself writes (``.name.XXXX.part``; hidden names are skipped too).
TEMP_NAME = re.compile(r"(\.part|~|\.tmp|\.swp)$|^~\$|^#.*#$", re.IGNORECASE)

FileKey = tuple[int, int]


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


def load_source(path: Path, *, no_follow: bool = False) -> Source:
    """Read an input file's bytes (never modifying it); its name, as documents show it, is
    :func:`safe_text` (the path keeps the original bytes). Only a regular file is read (the
    check is made on the opened file, so nothing can be swapped in between): a named pipe
    could block for ever and a device (``/dev/zero``) never ends; stdin is ``-``. With
    ``no_follow`` (a file found walking a folder, not a link then) a symbolic link put in its
    place since is not followed."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (os.O_NOFOLLOW if no_follow else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if no_follow and exc.errno == errno.ELOOP:
            raise ConversionError("became a symbolic link after its folder was read; not followed") from None
        if exc.errno == errno.EISDIR:
            raise ConversionError("is a folder, not a file") from None
        raise ConversionError(f"cannot read: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ConversionError("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise ConversionError(f"{_not_regular_reason(path)}; docconv reads files (stdin as '-')")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read()
    except OSError as exc:
        raise ConversionError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
    return Source(name=safe_text(path.name), data=data, path=path)


@dataclass(frozen=True, slots=True)
class Job:
    """One input to convert.

    :param path: the file to read (its name keeps the original bytes, even when they are not UTF-8).
    :param display: how messages name it (the path as the user gave it, or under the folder given),
        as :func:`safe_text`: a name that is not UTF-8 shows U+FFFD for its bad bytes.
    :param outdir: the folder its outputs go to.
    :param name: the outputs' base name (``speech`` gives ``speech.md``).
    :param rel: its path relative to the folder argument (its own name for a file argument).
    :param no_follow: found walking a folder as a file, not a link: a link put in its place
        since is not followed (:func:`load_source`).
    :param url: the input's fsspec URL when it is one (:mod:`~convert.app.remote`; ``path`` is
        then only the URL as a path, for its name and extension, and is never opened).
    :param out_url: the folder URL its outputs go to when ``-o`` is a URL (``outdir`` is then
        only that URL as a path, for telling output names apart, and is never written).
    """

    path: Path
    display: str
    outdir: Path
    name: str
    rel: str
    no_follow: bool = False
    url: str | None = None
    out_url: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that failed before it could be converted (a folder without ``-r``, a named
    pipe, a folder that cannot be read, outputs whose names would clash).

    :param input: how messages name it (:func:`safe_text`).
    :param error: why it failed.
    :param rel: its path relative to the folder argument; empty for a folder argument or a
        folder that cannot be read.
    """

    input: str
    error: str
    rel: str = ""


@dataclass(slots=True)
class Plan:
    """The inputs found: jobs to run, inputs that failed already, files skipped, notes."""

    jobs: list[Job] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, path: Path | str, error: str, rel: str = "") -> None:
        """Record that the input ``path`` failed before it could be converted."""
        self.failures.append(Failure(input=safe_text(str(path)), error=error, rel=rel))


@dataclass(frozen=True, slots=True)
class _Found:
    """An input file found, before its outputs are named."""

    path: Path
    display: str
    outdir: Path
    rel: str
    no_follow: bool = False
    url: str | None = None
    out_url: str | None = None

    @property
    def stem(self) -> str:
        return Path(self.rel).stem


def input_extensions(registry: Registry) -> set[str]:
    """Extensions that some reader accepts (files without an extension are not picked up
    when walking folders, only when named on the command line)."""
    return {ext.lower() for reader in registry.readers for ext in reader.extensions if ext}


def is_temp_name(name: str) -> bool:
    """A hidden name, or a backup, lock or temporary file's (:data:`TEMP_NAME`): never an input."""
    return name.startswith(".") or bool(TEMP_NAME.search(name))


def _not_regular_reason(path: Path) -> str:
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISFIFO(mode):
        return "not a regular file (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (a device)"
    return "not a regular file"


def _key(path: Path) -> FileKey | None:
    """The (device, inode) of ``path``, following links; ``None`` if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _scan(folder: Path, plan: Plan) -> list[os.DirEntry[str]] | None:
    """The entries of ``folder``, sorted by name; ``None`` (and a failure) if it cannot be read."""
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        plan.fail(folder, f"cannot read folder: {exc.strerror or exc}")
        return None


def _is(entry: os.DirEntry[str], test: str) -> bool:
    """``entry.is_dir()`` or ``entry.is_file()`` (following links); ``False`` if that fails."""
    try:
        return bool(getattr(entry, test)())
    except OSError:
        return False


def _leaves(entry: os.DirEntry[str], real_root: str | None, plan: Plan) -> bool:
    """``entry`` is a symbolic link out of the folder being walked (``real_root``, resolved;
    ``None``: links are followed anywhere): it is skipped, with a warning."""
    if real_root is None or not _is(entry, "is_symlink"):
        return False
    target = leaves_tree(Path(entry.path), real_root)
    if target is None:
        return False
    reason = "a symbolic link out of the source folder (--follow-symlinks reads it)"
    plan.skipped.append((safe_text(entry.path), reason))
    plan.notes.append(f"{safe_text(entry.path)}: {reason} to {safe_text(target)}; skipped")
    return True


def _walk(
    root: Path, extensions: set[str], exclude: set[FileKey], plan: Plan, *, follow_symlinks: bool = False
) -> Iterator[tuple[Path, str, bool]]:
    """Input files under ``root`` as ``(path, relative path, is a link)``, sorted, following symbolic
    links to folders but never into a folder twice (so a link loop ends). A link to a file or
    folder outside ``root`` is skipped with a warning unless ``follow_symlinks``."""
    seen = {k for k in [_key(root)] if k}
    real_root = None if follow_symlinks else os.path.realpath(root)
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        entries = _scan(folder, plan)
        subfolders: list[tuple[Path, str]] = []
        for entry in entries or ():
            if is_temp_name(entry.name) or _leaves(entry, real_root, plan):
                continue
            path = Path(entry.path)
            entry_rel = f"{rel}/{entry.name}" if rel else entry.name
            if _is(entry, "is_dir"):
                key = _key(path)
                if key in exclude:
                    continue
                if key is None or key in seen:
                    plan.notes.append(f"{path}: folder already visited (a symbolic link loop?); skipped")
                    continue
                seen.add(key)
                subfolders.append((path, entry_rel))
            elif Path(entry.name).suffix.lower() not in extensions:
                plan.skipped.append((safe_text(str(path)), "no reader for this kind of file"))
            elif _is(entry, "is_file"):
                yield path, entry_rel, _is(entry, "is_symlink")
            else:
                plan.fail(path, _not_regular_reason(path), entry_rel)
        stack.extend(reversed(subfolders))


@dataclass(frozen=True, slots=True)
class _Out:
    """Where outputs go: a local folder, or a folder URL (``url``; ``folder`` is then that URL
    as a path, used only to tell output names apart)."""

    folder: Path
    url: str | None = None

    def under(self, parent: str) -> _Out:
        """The output folder of an input in the subfolder ``parent`` (POSIX, may be empty)."""
        if not parent:
            return self
        if self.url is None:
            return _Out(self.folder / parent)
        from .remote import join

        return _Out(self.folder / parent, join(self.url, parent))


def _find(
    inputs: Sequence[Path | str],
    out: _Out,
    extensions: set[str],
    exclude: set[FileKey],
    plan: Plan,
    *,
    recursive: bool,
    follow_symlinks: bool,
    listed: Mapping[str, Collection[str]],
) -> list[_Found]:
    """The input files of the arguments, each with the folder its outputs go to (a file named
    as an argument is read wherever a link there leads: the user chose it; a URL folder in
    ``listed`` is not listed again)."""
    found: list[_Found] = []
    for arg in inputs:
        if isinstance(arg, str):
            found += _find_url(arg, out, extensions, plan, recursive=recursive, listed=listed.get(arg))
        elif not arg.is_dir():
            found.append(_Found(arg, safe_text(str(arg)), out.folder, arg.name, out_url=out.url))
        elif not recursive:
            plan.fail(arg, "is a folder (use -r to convert the files in it)")
        else:
            for path, rel, link in _walk(arg, extensions, exclude, plan, follow_symlinks=follow_symlinks):
                where = out.under(rel.rpartition("/")[0])
                found.append(
                    _Found(path, safe_text(str(path)), where.folder, rel, no_follow=not link, out_url=where.url)
                )
    return found


def _find_url(
    url: str, out: _Out, extensions: set[str], plan: Plan, *, recursive: bool, listed: Collection[str] | None = None
) -> list[_Found]:
    """The input files of the URL argument ``url`` (:mod:`~convert.app.remote`): itself, or
    with ``recursive`` the files under it (hidden and temporary names skipped, as when
    walking a local folder; ``listed``: their relative paths, already listed by the caller);
    a URL that cannot be read is a failure of that input."""
    from .remote import join, kind, list_files, name_of

    try:
        what = kind(url)
        if what == "file":
            return [_Found(Path(url), url, out.folder, name_of(url), url=url, out_url=out.url)]
        if what is None:
            plan.fail(url, "cannot read: no such file or folder")
            return []
        if not recursive:
            plan.fail(url, "is a folder (use -r to convert the files in it)")
            return []
        files = list_files(url) if listed is None else [(join(url, rel), rel) for rel in sorted(listed)]
    except ConversionError as exc:
        plan.fail(url, exc.reason)
        return []
    found: list[_Found] = []
    for file_url, rel in files:
        if any(is_temp_name(part) for part in rel.split("/")):
            continue
        if Path(rel).suffix.lower() not in extensions:
            plan.skipped.append((file_url, "no reader for this kind of file"))
            continue
        where = out.under(rel.rpartition("/")[0])
        found.append(_Found(Path(file_url), file_url, where.folder, rel, url=file_url, out_url=where.url))
    return found


def _place(outdir: Path, name: str) -> tuple[str, str]:
    """Where an output named ``name`` goes in ``outdir``, as a case-insensitive file system
    tells places apart (:func:`~convert.app.paths.name_key`)."""
    return name_key(str(outdir)), name_key(name)


def _name_outputs(found: Sequence[_Found], plan: Plan) -> None:
    """Name each input's outputs (its stem, or its whole name when another input in the same
    output folder shares the stem) and add its job; inputs whose names still clash all fail.
    Names that differ only in case clash (``Report.txt``, ``report.txt``): on a
    case-insensitive file system they would overwrite each other."""
    stems = Counter(_place(f.outdir, f.stem) for f in found)
    names: dict[tuple[str, str], list[tuple[_Found, str]]] = {}
    for f in found:
        name = f.stem if stems[_place(f.outdir, f.stem)] == 1 else Path(f.rel).name
        names.setdefault(_place(f.outdir, name), []).append((f, name))
    for placed in names.values():
        group = [f for f, _ in placed]
        for f, name in placed:
            out = f.outdir
            if len(group) == 1:
                job = Job(
                    path=f.path,
                    display=f.display,
                    outdir=out,
                    name=name,
                    rel=f.rel,
                    no_follow=f.no_follow,
                    url=f.url,
                    out_url=f.out_url,
                )
                plan.jobs.append(job)
                continue
            others = ", ".join(o.display for o in group if o is not f)
            error = (
                f"its outputs would have the same name as those of {others} ({out / name}.*); convert them separately"
            )
            plan.fail(f.display, error, f.rel)


def make_plan(
    inputs: Sequence[Path | str],
    outdir: Path | str,
    registry: Registry,
    *,
    recursive: bool,
    exclude: Iterable[Path] = (),
    follow_symlinks: bool = False,
    listed: Mapping[str, Collection[str]] | None = None,
) -> Plan:
    """Find the inputs and name their outputs.

    A file argument's outputs go to ``outdir``; a folder argument (with ``recursive``) is
    walked and its tree mirrored under ``outdir``. Hidden files and temporary files are
    skipped, as are files no reader accepts (listed in ``plan.skipped``). Inputs that share
    an output folder and a stem are named by their whole name (``a.txt.md``, ``a.pdf.md``);
    two inputs that would still get the same output name both fail rather than overwrite
    each other, as do names that differ only in case. A symbolic link in a folder that leads
    out of it is skipped with a warning unless ``follow_symlinks``.

    An input or ``outdir`` given as a ``str`` is an fsspec URL (:mod:`~convert.app.remote`):
    a file URL is one input, a folder URL (with ``recursive``) the files under it; outputs go
    under a folder URL ``outdir`` as under a local folder. ``listed`` gives the files (relative
    paths) of URL folders the caller has listed already (``sync``: one listing per run).
    """
    plan = Plan()
    out = _Out(Path(outdir), outdir) if isinstance(outdir, str) else _Out(outdir)
    local = [p for p in [outdir, *exclude] if not isinstance(p, str)]
    excluded = {k for k in (_key(p) for p in local) if k}
    found = _find(
        inputs,
        out,
        input_extensions(registry),
        excluded,
        plan,
        recursive=recursive,
        follow_symlinks=follow_symlinks,
        listed=listed or {},
    )
    _name_outputs(found, plan)
    return plan
