"""The path policy: where docconv may write, how it creates files, and which inputs it reads.

Every command that writes (``convert``, ``sync``, their reports and logs) asks this module:

- Outputs, ``--report`` and ``--log`` never name an input (:func:`input_keys`,
  :func:`same_file`) and never lie outside the chosen output folder: a writer's extension
  is a file name's end, not a path (:func:`check_extension`), and no folder between the
  output folder and an output is a symbolic link (:func:`check_no_links`).
- docconv's own files (the sync lock, state and log) are opened without following a
  symbolic link (:func:`open_no_follow`, :func:`refuse_link`): a link there is one error
  line and its target is untouched.
- A file or folder reached through a symbolic link that leaves the source folder is not an
  input unless the user asks for it (:func:`leaves_tree`).
- Output names clash when they differ only in case or Unicode normal form, as they do on
  case-insensitive file systems (:func:`name_key`).
- Temporary files are named ``.NAME.PID-XXXXXXXX.part``, or ``.docconv-HASH.PID-XXXXXXXX.part``
  when NAME is too long for that (:func:`temp_name`); the writer's process id in the name
  tells a live run's temporary file from one a killed run left (:func:`is_stale_temp`).

This module only looks at paths; it imports nothing else of docconv.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

#: The longest file name (in bytes) most file systems allow.
NAME_MAX = 255
#: A temporary file with no process id in its name (another tool's, or an older docconv's) is
#: taken for a killed run's only after this many seconds.
UNKNOWN_TEMP_AGE = 300.0
#: A temporary file whose writer's process id is in use is still taken for a killed run's after
#: this many seconds (the id was given to another process since).
LIVE_TEMP_AGE = 86400.0
#: The temporary file names :func:`temp_name` makes (group ``pid``).
TEMP_PATTERN = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-z]{8}\.part$")

LINK_REASON = "is a symbolic link; docconv does not write through links"

FileKey = tuple[int, int]


def check_extension(extension: str) -> str | None:
    """Why a writer's ``extension`` cannot end an output's name (it holds a path separator,
    a NUL, or is ``.``/``..``, and so could name a file outside the output folder);
    ``None`` if it can."""
    if any(sep in extension for sep in ("/", "\\", "\0")) or (os.altsep and os.altsep in extension):
        return f"its extension {extension!r} holds a path separator"
    if extension in (".", ".."):
        return f"its extension {extension!r} names a folder"
    return None


def name_key(name: str) -> str:
    """``name`` as case-insensitive file systems compare it (case and Unicode normal form
    aside), for finding output names that would clash there."""
    return unicodedata.normalize("NFC", name).casefold()


def is_within(path: str | Path, root: str | Path) -> bool:
    """``path`` is ``root`` or under it (both taken as they are: resolve them first)."""
    path, root = os.fspath(path), os.fspath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def leaves_tree(path: Path, real_root: str) -> str | None:
    """Where the symbolic link ``path`` leads when that is outside ``real_root`` (the source
    folder, resolved); ``None`` when it stays inside (or is not a link)."""
    target = os.path.realpath(path)
    return None if is_within(target, real_root) else target


def _keys(path: Path) -> set[FileKey]:
    """The (device, inode) of ``path`` itself and of what it links to, those that exist."""
    found: set[FileKey] = set()
    for look in (os.lstat, os.stat):
        try:
            st = look(path)
        except (OSError, ValueError):
            continue
        found.add((st.st_dev, st.st_ino))
    return found


def input_keys(paths: Iterable[Path]) -> set[FileKey]:
    """The identities of the input files ``paths`` (each as named and as linked to)."""
    keys: set[FileKey] = set()
    for path in paths:
        keys |= _keys(path)
    return keys


def same_file(path: Path, keys: set[FileKey]) -> bool:
    """``path`` exists and is (or links to) one of the files of ``keys``."""
    return bool(_keys(path) & keys)


def spelled_key(path: Path) -> str:
    """``path`` with its folder resolved and its name as :func:`name_key`: two paths with equal
    keys name the same file (a file that need not exist yet)."""
    return os.path.join(os.path.realpath(path.parent), name_key(path.name))


def check_no_links(root: Path, folder: Path) -> None:
    """Raise ``OSError`` (``ELOOP``) when a folder between ``root`` (the output folder, which
    the user chose and may be a link) and ``folder`` under it is a symbolic link: outputs are
    never written through one. Folders that do not exist yet are fine (they are made)."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        raise OSError(errno.EXDEV, "is outside the output folder", str(folder)) from None
    current = root
    for part in parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return
        if stat.S_ISLNK(mode):
            raise OSError(errno.ELOOP, LINK_REASON, str(current))


def refuse_link(path: Path) -> None:
    """Raise ``OSError`` (``ELOOP``) when ``path`` is a symbolic link (for files that a library
    opens by name, such as the SQLite state and its journals)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise OSError(errno.ELOOP, LINK_REASON, str(path))


def open_no_follow(path: Path, flags: int, *, regular: bool = False, mode: int = 0o666) -> int:
    """``os.open`` of ``path`` that never follows a symbolic link in its last part (a link is
    ``OSError`` ``ELOOP`` with :data:`LINK_REASON`); with ``regular``, anything but a regular
    file (a named pipe, a device) is refused too, without blocking on it."""
    extra = os.O_NOFOLLOW | os.O_CLOEXEC | (os.O_NONBLOCK if regular else 0)
    try:
        fd = os.open(path, flags | extra, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, LINK_REASON, str(path)) from None
        raise
    if regular:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.EINVAL, "is not a regular file", str(path))
            os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
    return fd


def temp_name(name: str) -> str:
    """A fresh temporary name for the file ``name`` in the same folder:
    ``.NAME.PID-XXXXXXXX.part``, or ``.docconv-HASH.PID-XXXXXXXX.part`` (HASH from NAME)
    when the first would be longer than :data:`NAME_MAX` bytes, so a long output name never
    fails because of its temporary name."""
    tail = f".{os.getpid()}-{secrets.token_hex(4)}.part"
    full = f".{name}{tail}"
    if len(os.fsencode(full)) <= NAME_MAX:
        return full
    return f".{short_tag(name)}{tail}"


def short_tag(name: str) -> str:
    """What stands for a long ``name`` in its temporary files' names."""
    return "docconv-" + hashlib.sha256(os.fsencode(name)).hexdigest()[:12]


def temp_globs(name: str) -> list[str]:
    """Glob patterns (``name`` escaped) matching the temporary files of the file ``name``."""
    escaped = re.sub(r"([*?\[])", r"[\1]", name)
    return [f".{escaped}.*.part", f".{short_tag(name)}.*.part"]


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: a process of another user has it
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Linux: ``pid`` has exited and waits to be reaped (a killed run's worker whose parent
    died before it: nobody may ever reap it, and it writes nothing more)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def temp_writer_gone(name: str) -> bool:
    """The temporary file named ``name`` (:func:`temp_name`) was written by a process of this
    machine that no longer exists (a name without a process id: ``False``). For stores with no
    file times (:mod:`~convert.app.remote`), where :func:`is_stale_temp` cannot look."""
    match = TEMP_PATTERN.match(name)
    return match is not None and not _pid_alive(int(match["pid"]))


def is_stale_temp(path: Path, *, unknown_age: float = UNKNOWN_TEMP_AGE, now: float | None = None) -> bool:
    """``path`` (a ``.part`` temporary file) was left by a run that is gone: the process named
    in it no longer exists (or has existed for over :data:`LIVE_TEMP_AGE`, so it is another
    process by now); a name without a process id counts once it is ``unknown_age`` seconds
    old. A live run's temporary file is never stale."""
    try:
        age = (time.time() if now is None else now) - os.lstat(path).st_mtime
    except OSError:
        return False
    match = TEMP_PATTERN.match(path.name)
    if match is None:
        return age >= unknown_age
    return not _pid_alive(int(match["pid"])) or age >= LIVE_TEMP_AGE


#: How a docconv report starts (``convert``/``clean --report``: ``{"files": [...``).
REPORT_START = re.compile(rb'^\s*\{\s*"files"\s*:')


def report_target(path: Path) -> str:
    """How ``--report`` may write to ``path`` (:func:`own_file_target`): a docconv report is
    one docconv wrote (``--report *.txt`` makes the first input the report's path: refused)."""
    return own_file_target(path, lambda head: REPORT_START.match(head) is not None, "a docconv report")


def own_file_target(path: Path, ours: Callable[[bytes], bool], what: str) -> str:
    """How docconv may write a file of its own (a report, an audit page) to ``path``:
    ``"new"`` (nothing there), ``"replace"`` (an earlier such file, which ``ours`` knows by its
    first 64 bytes, an empty file, or a symbolic link, which is replaced and never written
    through), ``"stream"`` (a device or named pipe, such as ``/dev/stdout``: written in place,
    never replaced). Raises ``ValueError`` with the reason for anything else: a folder, or a
    file that is not ``what`` (docconv does not replace what it did not write)."""
    try:
        st = os.stat(path)  # (following a link: /dev/stdout is one)
    except FileNotFoundError:
        return "replace" if os.path.islink(path) else "new"
    except OSError:  # (a file where a folder should be...): writing it says why
        return "new"
    if stat.S_ISDIR(st.st_mode):
        raise ValueError("is a folder")
    if not stat.S_ISREG(st.st_mode):
        return "stream"
    if os.path.islink(path) or st.st_size == 0:
        return "replace"
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        raise ValueError(exc.strerror or str(exc)) from None
    if ours(head):
        return "replace"
    raise ValueError(f"exists and is not {what}; docconv does not replace it (remove it or choose another)")
