"""Inputs and outputs on shared storage: fsspec URLs (``s3://``, ``gs://``, ``abfs://``,
``file://``, ``memory://``, any backend installed) for ``docconv convert``.

- :func:`is_url`: a ``scheme://`` argument, not a local path.
- :func:`check_url`: why a URL's backend cannot be used (not installed, unknown protocol).
- :func:`kind`, :func:`list_files`, :func:`read_source`: finding and reading inputs.
- :func:`write_files`: one input's outputs written atomically into a folder URL;
  :func:`identities` and :func:`discard`: cleaning up after a worker killed while writing.
- For ``docconv sync``: :func:`file_infos` and :func:`signature` (a cheap "unchanged" check
  from a listing), :func:`sha256` (a file's content hash, read here) and :func:`remove_file`.

Atomic means that an output is either absent (or as it was) or complete, never half-written.
On object stores whose single PUT is atomic (:data:`ATOMIC_PUT`) each output is written to
its final key at once; elsewhere it is written to a temporary name ``.NAME.PID-XXXXXXXX.part``
in the target folder and then renamed (``fs.mv``). Every output is produced in memory before
the first byte is written, so a failing writer writes nothing. fsspec is imported only here,
and only when a URL is used (this module itself is light: the command line imports it at
start-up for :func:`is_url`).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from convert.core.errors import ConversionError

from .limits import too_large
from .paths import temp_globs, temp_name, temp_writer_gone

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

    from convert.core.contracts import Source

#: ``scheme://`` at the start of an argument: a scheme of two or more characters (so that
#: ``C:\\`` or ``C://`` is a Windows path, not a URL).
URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]+)://")
#: Protocols of object stores whose single PUT is atomic: outputs are written to their final
#: key directly (they have no rename, only a copy).
ATOMIC_PUT = frozenset({"s3", "s3a", "gs", "gcs", "abfs", "abfss", "az"})
#: What to install when fsspec itself is missing.
INSTALL = "pip install 'docconv[cluster]'"


def is_url(text: object) -> bool:
    """``text`` is a URL (``scheme://...``), not a local path."""
    return isinstance(text, str) and URL.match(text) is not None


def filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """The fsspec file system of ``url`` and the path in it. A backend that is missing (or a
    protocol fsspec does not know) is :class:`ConversionError` saying what to install."""
    try:
        import fsspec.core
    except ImportError:
        raise ConversionError(f"fsspec is needed for URLs: {INSTALL}") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        scheme = URL.match(url)
        name = scheme["scheme"] if scheme else url
        if isinstance(exc, ImportError):  # fsspec names the package: "Install s3fs to access S3"
            raise ConversionError(f"cannot use {name}://: {_brief(exc)}") from None
        raise ConversionError(
            f"cannot use {name}://: {_brief(exc)} (no installed fsspec backend handles it; install the one that does)"
        ) from None


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be used (its backend is missing); ``None`` if it can."""
    try:
        filesystem(url)
    except ConversionError as exc:
        return exc.reason
    return None


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]


def _protocol(fs: AbstractFileSystem) -> str:
    proto = fs.protocol
    return proto if isinstance(proto, str) else proto[0]


def join(url: str, rel: str) -> str:
    """``url`` (a folder) with the relative POSIX path ``rel`` under it (``rel`` empty: ``url``)."""
    return f"{url.rstrip('/')}/{rel}" if rel else url


def location(target: str) -> str:
    """Where ``target`` (a URL or a local path) is, one spelling per place: a local path or a
    ``file://`` URL as the real local path, any other URL with its protocol and path as
    fsspec normalises them. Two targets at the same location are the same file."""
    import os

    if not is_url(target):
        return os.path.realpath(target)
    fs, path = filesystem(target)
    if _protocol(fs) in ("file", "local"):
        return os.path.realpath(path)
    return str(fs.unstrip_protocol(path))


def name_of(url: str) -> str:
    """The last part of ``url`` (a file's name)."""
    return url.rstrip("/").rpartition("/")[2]


def kind(url: str) -> str | None:
    """``"file"``, ``"directory"``, or ``None`` when nothing is at ``url``."""
    fs, path = filesystem(url)
    try:
        info = fs.info(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConversionError(f"cannot read: {_brief(exc)}") from None
    return "directory" if info.get("type") == "directory" else "file"


def list_files(url: str) -> list[tuple[str, str]]:
    """The files under the folder ``url``, recursively, as ``(URL, relative POSIX path)``,
    sorted by relative path (hidden and temporary names are the caller's to skip); a folder
    that is not there is a :class:`ConversionError`."""
    return [(join(url, rel), rel) for rel in sorted(file_infos(url, missing_ok=False))]


def read_source(url: str, limit: int | None) -> Source:
    """The bytes of the input ``url`` as a :class:`Source` (no local path); one larger than
    ``limit`` bytes (``None``: no limit) is refused before it is read."""
    from convert.core.contracts import Source

    fs, path = filesystem(url)
    try:
        info = fs.info(path)
        if info.get("type") == "directory":
            raise ConversionError("is a folder, not a file")
        size = info.get("size")
        if limit and isinstance(size, int) and size > limit:
            raise too_large(size, limit)
        data = fs.cat_file(path)
    except FileNotFoundError:
        raise ConversionError("cannot read: no such file") from None
    except OSError as exc:
        raise ConversionError(f"cannot read: {_brief(exc)}") from None
    if limit and len(data) > limit:  # (a store that did not give the size)
        raise too_large(len(data), limit)
    return Source(name=name_of(url), data=data)


#: The fields of ``fs.info()`` that change when an object may have, read with its size:
#: whichever the backend gives (s3fs: ``ETag``, ``LastModified``; a ``file://`` folder:
#: ``mtime``, ``created``; ``memory://``: ``created``; other backends: any of these).
CHANGE_FIELDS = ("ETag", "etag", "md5", "generation", "mtime", "LastModified", "last_modified", "created")


def _plain(value: object) -> object:
    """``value`` as JSON can hold it (a ``datetime`` as ISO text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def signature(info: dict[str, Any]) -> str | None:
    """What ``info`` (from :func:`file_infos`) says about a file's version: its size and
    :data:`CHANGE_FIELDS`, as text to compare with the one recorded. ``None`` when the backend
    gives none of those fields (a size alone cannot tell that a file changed)."""
    found = {key: _plain(info[key]) for key in CHANGE_FIELDS if info.get(key) is not None}
    if not found:
        return None
    found["size"] = _plain(info.get("size"))
    return json.dumps(found, sort_keys=True)


def file_infos(url: str, *, missing_ok: bool = True) -> dict[str, dict[str, Any]]:
    """The ``fs.info()`` of each file under the folder ``url``, recursively, by relative POSIX
    path, from one listing (no file is read); a folder that is not there has none (with
    ``missing_ok``; else it is a problem). Problems are :class:`ConversionError`."""
    fs, root = filesystem(url)
    root = root.rstrip("/")
    try:
        found = fs.find(root, withdirs=False, detail=True)
    except FileNotFoundError as exc:
        if missing_ok:
            return {}
        raise ConversionError(f"cannot read folder: {_brief(exc)}") from None
    except Exception as exc:
        raise ConversionError(f"cannot read folder: {_brief(exc)}") from None
    return {path[len(root) + 1 :]: info for path, info in found.items() if path.startswith(root + "/")}


def sha256(url: str) -> str | None:
    """The SHA-256 of the file ``url``'s bytes (read here, in pieces); ``None`` if it cannot be read."""
    import hashlib

    try:
        fs, path = filesystem(url)
        with fs.open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except Exception:
        return None


def remove_file(folder: str, rel: str) -> None:
    """Remove the file ``rel`` (a relative POSIX path, never leading out) from the folder URL
    ``folder``; one that is not there, or cannot be removed, is left as it is."""
    with contextlib.suppress(Exception):
        _check_rel(rel)
        fs, root = filesystem(folder)
        fs.rm_file(f"{root.rstrip('/')}/{rel}")


def _check_rel(rel: str) -> None:
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ConversionError(f"cannot write {rel!r}: outputs of a URL -o stay in its folder")


def write_files(folder: str, files: Sequence[tuple[str, bytes]]) -> list[str]:
    """Write each ``(relative path, bytes)`` of ``files`` into the folder URL ``folder``,
    atomically (see the module), and return their URLs. On a failure (or an interrupt) none
    of them is left: the temporary objects and the outputs already in place are removed.
    Problems are :class:`ConversionError`."""
    for rel, _ in files:
        _check_rel(rel)
    fs, root = filesystem(folder)
    root = root.rstrip("/")
    targets = [f"{root}/{rel}" for rel, _ in files]
    try:
        if _protocol(fs) in ATOMIC_PUT:
            _put_all(fs, targets, [data for _, data in files])
        else:
            _stage_and_move(fs, targets, [data for _, data in files])
    except ConversionError:
        raise
    except Exception as exc:
        raise ConversionError(f"cannot write into {folder}: {type(exc).__name__}: {_brief(exc)}") from None
    return [join(folder, rel) for rel, _ in files]


def _put_all(fs: AbstractFileSystem, targets: Sequence[str], datas: Sequence[bytes]) -> None:
    written: list[str] = []
    try:
        for target, data in zip(targets, datas, strict=True):
            fs.pipe_file(target, data)
            written.append(target)
    except BaseException:
        _remove(fs, written)
        raise


def _stage_and_move(fs: AbstractFileSystem, targets: Sequence[str], datas: Sequence[bytes]) -> None:
    made: list[str] = []  # folders this call created
    staged: list[tuple[str, str]] = []
    moved: list[str] = []
    try:
        for target, data in zip(targets, datas, strict=True):
            parent, _, name = target.rpartition("/")
            if parent and not fs.exists(parent):
                fs.makedirs(parent, exist_ok=True)
                made.append(parent)
            tmp = f"{parent}/{temp_name(name)}"
            staged.append((tmp, target))
            fs.pipe_file(tmp, data)
        for tmp, target in list(staged):
            fs.mv(tmp, target)
            staged.remove((tmp, target))
            moved.append(target)
    except BaseException:
        _remove(fs, [tmp for tmp, _ in staged] + moved)
        for folder in reversed(made):
            with contextlib.suppress(Exception):
                if not fs.ls(folder, detail=False):
                    fs.rmdir(folder)
        raise


def _remove(fs: AbstractFileSystem, paths: Sequence[str]) -> None:
    for path in paths:
        with contextlib.suppress(Exception):
            fs.rm_file(path)


#: What an output is now: ``None`` when absent, else what tells one version from another.
Identity = str | None


def _identity(info: dict[str, Any]) -> str:
    keys = ("size", "mtime", "created", "LastModified", "last_modified", "ETag", "etag", "generation")
    return repr([info.get(k) for k in keys])


def identities(folder: str, rels: Sequence[str]) -> list[Identity]:
    """What each output ``rels`` of the folder URL ``folder`` is now (taken before a worker
    starts, so that :func:`discard` tells an output it wrote from one that was there before)."""
    fs, root = filesystem(folder)
    found: list[Identity] = []
    for rel in rels:
        try:
            found.append(_identity(fs.info(f"{root.rstrip('/')}/{rel}")))
        except Exception:
            found.append(None)
    return found


def discard(folder: str, rels: Sequence[str], before: Sequence[Identity], image_folders: Sequence[str] = ()) -> None:
    """After a worker writing into ``folder`` was killed: remove the temporary objects it left
    for the outputs ``rels`` and in ``image_folders`` (those whose writer's process is gone),
    and each output it had already put in place (one that is not what was there ``before``)."""
    try:
        fs, root = filesystem(folder)
    except ConversionError:
        return
    root = root.rstrip("/")
    for rel, old in zip(rels, before, strict=False):
        target = f"{root}/{rel}"
        with contextlib.suppress(Exception):
            if _identity(fs.info(target)) != old:
                fs.rm_file(target)
    _remove(fs, _stale_temps(fs, root, rels, image_folders))
    for sub in image_folders:
        with contextlib.suppress(Exception):
            if not fs.ls(f"{root}/{sub}", detail=False):
                fs.rmdir(f"{root}/{sub}")


def _stale_temps(fs: AbstractFileSystem, root: str, rels: Sequence[str], image_folders: Sequence[str]) -> list[str]:
    import fnmatch

    def names(folder: str) -> list[str]:
        try:
            return [p.rpartition("/")[2] for p in fs.ls(folder, detail=False)]
        except Exception:
            return []

    stale: list[str] = []
    by_folder: dict[str, list[str]] = {}
    for rel in rels:
        parent, _, name = f"{root}/{rel}".rpartition("/")
        by_folder.setdefault(parent, []).append(name)
    for parent, wanted in by_folder.items():
        patterns = [p for name in wanted for p in temp_globs(name)]
        stale += [
            f"{parent}/{n}"
            for n in names(parent)
            if any(fnmatch.fnmatchcase(n, p) for p in patterns) and temp_writer_gone(n)
        ]
    for sub in image_folders:
        folder = f"{root}/{sub}"
        stale += [f"{folder}/{n}" for n in names(folder) if n.endswith(".part") and temp_writer_gone(n)]
    return stale
