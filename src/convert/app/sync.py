"""``docconv sync SRC DEST``: convert what is new or changed, unattended (cron).

- State lives in ``DEST/.docconv-sync.sqlite`` (or ``--state-dir``): per source file (by its path relative to
  SRC) the SHA-256 of the bytes converted, a fingerprint of what else the result depends on
  (docconv version, plugins, formats, options, rule files), the status and the outputs.
  A file is converted again when its content, the fingerprint or its outputs changed, or
  when it failed last time.
- A file is recorded as done only after all its outputs have been renamed into place (the
  workers write each output to a temporary ``.NAME.PID-XXXXXXXX.part`` file first). A run killed at
  any moment leaves complete old or new outputs and, at worst, temporary files, which the
  next run removes before it starts.
- A state file that SQLite cannot read (damaged, or not a docconv state) is moved aside to
  ``DEST/.docconv-sync.sqlite.damaged-N`` with a warning and a new state is started, so
  every file is converted again; an unattended run heals itself. Other state problems
  (disk full, permissions) are one error line and exit status 1.
- Source files whose names are not valid UTF-8 (GBK names from an unzipped archive) keep
  their bytes in their output names; the state keeps such a path as a BLOB of its bytes,
  and messages and the log show U+FFFD for the bad bytes.
- ``DEST/.docconv-sync.lock`` is held with ``fcntl.flock`` for the whole run: a second run
  waits up to ``--wait`` seconds and then exits with status 3.
- Nothing under SRC is ever written, renamed or deleted; ``--log`` may not be under SRC. The
  lock, the state (and its journals) and the log are never opened through a symbolic link
  (:mod:`~convert.app.paths`): a link there is one error line, its target untouched. A
  symbolic link under SRC that leads out of it is skipped with a warning unless
  ``--follow-symlinks``.
- A file that fails keeps the outputs of its last good run, in DEST and in the state, so
  ``--delete`` removes them once the file is gone. ``--delete`` deletes nothing when more
  known files are gone at once than ``--delete-max`` allows (default half of them: an empty
  or unmounted SRC must not wipe DEST); that is an error line and exit status 1.
- SRC and DEST may be fsspec URLs (:mod:`~convert.app.remote`). The state, the lock and the
  log stay local: with a URL DEST they go to ``--state-dir`` (:func:`state_files`, required
  then). A URL SRC is listed once per run and a file whose listing signature (size, ETag,
  mtime... :func:`~convert.app.remote.signature`) is the one recorded is unchanged without
  being read; one whose signature changed is hashed here and converted only if its bytes
  changed. Outputs go through the atomic remote writer; ``--delete`` removes them with
  ``fs.rm_file``. A URL DEST's temporary ``.part`` objects left by a killed run are not swept.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from convert import __version__
from convert.core.contracts import ConversionError, Options, Writer

from .batch import run_batch
from .inputs import Job, Plan, make_plan, safe_text
from .limits import DEFAULT_TIMEOUT
from .paths import check_no_links, input_keys, is_within, open_no_follow, refuse_link, same_file, spelled_key
from .plugins import Registry
from .progress import Feedback
from .report import Outcome, json_line, log_record
from .session import Session

if TYPE_CHECKING:
    from .cluster import Target
from .staging import clean_partial, output_paths, remove_stale

STATE_NAME = ".docconv-sync.sqlite"
LOCK_NAME = ".docconv-sync.lock"
EXIT_OK, EXIT_FAILED, EXIT_LOCKED = 0, 1, 3
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY,       -- path relative to SRC, with '/' (a BLOB of its bytes if not UTF-8)
    digest TEXT,                -- sha256 of the bytes converted
    fingerprint TEXT NOT NULL,  -- version + plugins + formats + options + rule files
    status TEXT NOT NULL,       -- 'converted' or 'failed'
    outputs TEXT NOT NULL,      -- JSON list of output paths relative to DEST
    error TEXT,
    duration REAL,
    updated TEXT NOT NULL,      -- ISO time of the run that recorded it
    info TEXT                   -- a URL SRC's file: remote.signature() of its listing (else NULL)
)
"""
COLUMNS = "rel, digest, fingerprint, status, outputs, error, duration, updated"
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


@dataclass(frozen=True, slots=True)
class DeleteLimit:
    """``--delete-max``: the most source files whose outputs one ``--delete`` run removes, as a
    count (``N``) or a share of the files the state knows (``P%``)."""

    count: int | None = None
    percent: float | None = None

    @classmethod
    def parse(cls, text: str) -> DeleteLimit:
        """``N`` or ``P%``; ``ValueError`` for anything else."""
        value = text.strip()
        if value.endswith("%"):
            percent = float(value[:-1])
            if not 0 <= percent <= 100:
                raise ValueError(f"{text!r} is not a share between 0% and 100%")
            return cls(percent=percent)
        count = int(value)
        if count < 0:
            raise ValueError(f"{text!r} is negative")
        return cls(count=count)

    def allows(self, gone: int, known: int) -> bool:
        """Whether ``gone`` of ``known`` files may have their outputs deleted in one run."""
        if self.count is not None:
            return gone <= self.count
        return gone * 100 <= (self.percent or 0.0) * known

    def __str__(self) -> str:
        return str(self.count) if self.count is not None else f"{self.percent:g}%"


#: ``--delete-max`` unless given: at most half the known files at once.
DEFAULT_DELETE_MAX = DeleteLimit(percent=50.0)


class SyncUsageError(Exception):
    """SRC and DEST cannot be used together (exit status 2)."""


class Locked(Exception):
    """Another sync holds DEST's lock."""


class DamagedState(Exception):
    """The state file is not a readable docconv sync state."""


@dataclass(frozen=True, slots=True)
class Record:
    digest: str | None
    fingerprint: str
    status: str
    outputs: list[str]
    info: str | None = None


def _sha256_file(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def fingerprint(registry: Registry, options: Options, writers: Sequence[Writer]) -> str:
    """What an output depends on besides its input: a change converts every file again.

    Each writer's options count with their values (defaults included), a file option (a
    ``Path``, such as a reference DOCX) also with the file's SHA-256."""
    plugins = registry.plugins.values()
    rules = []
    for path in [*registry.rule_files, *options.rule_files]:
        rules.append([str(path), _sha256_file(Path(path))])
    writer_options = {
        w.name: {
            key: [str(value), _sha256_file(value)] if isinstance(value, Path) else value
            for key, value in w.options_from(options).as_dict().items()
        }
        for w in writers
    }
    data = {
        "version": __version__,
        "plugins": sorted([i.name, i.package or "", i.version or "", i.module or ""] for i in plugins),
        "formats": sorted(w.name for w in writers),
        "disabled": sorted(options.disabled_steps),
        "enabled": sorted(options.enabled_steps),
        "writer_options": writer_options,
        "rules": rules,
    }
    if not options.images or options.images_dir is not None:  # (only then: earlier states stay valid)
        data["images"] = [options.images, str(options.images_dir or "")]
    if options.settings:  # (--traditional-variant; only then: earlier states stay valid)
        data["settings"] = dict(sorted(options.settings.items()))
    if options.page_marks:
        data["page_marks"] = True
    if options.metadata:  # --title, -M...: (only then, as above)
        data["metadata"] = [list(pair) for pair in options.metadata]
    if not options.provenance or not options.notices:  # (the same)
        data["output"] = [options.provenance, options.notices]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def _db_key(rel: str) -> str | bytes:
    """``rel`` as the state stores it: text, or the path's bytes (a BLOB) when it is not valid
    UTF-8 (SQLite text must be; a TEXT and a BLOB key never compare equal)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(rel)
    return rel


def _from_db_key(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


class State:
    """The SQLite record of what has been converted.

    Raises :class:`DamagedState` when ``path`` is not a readable docconv state (see
    :func:`open_state`), ``sqlite3.Error`` for other problems.
    """

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=30)
        try:
            self._check()
        except BaseException:
            self.db.close()
            raise

    def _check(self) -> None:
        try:
            self.db.execute(SCHEMA)
            self.db.commit()
            check = self.db.execute("PRAGMA quick_check").fetchone()
            self.db.execute(f"SELECT {COLUMNS} FROM files LIMIT 1").fetchall()
        except sqlite3.OperationalError as exc:
            if "no such column" in str(exc):  # a table 'files' that is not ours
                raise DamagedState(str(exc)) from None
            raise
        except sqlite3.DatabaseError as exc:
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
                raise DamagedState(str(exc)) from None
            raise
        if not check or check[0] != "ok":
            raise DamagedState(f"integrity check failed: {check[0] if check else 'no answer'}")
        if "info" not in {row[1] for row in self.db.execute("PRAGMA table_info(files)")}:  # a state from before
            self.db.execute("ALTER TABLE files ADD COLUMN info TEXT")
            self.db.commit()

    def get(self, rel: str) -> Record | None:
        row = self.db.execute(
            "SELECT digest, fingerprint, status, outputs, info FROM files WHERE rel = ?", (_db_key(rel),)
        ).fetchone()
        return Record(row[0], row[1], row[2], json.loads(row[3]), row[4]) if row else None

    def rels(self) -> list[str]:
        return [_from_db_key(r[0]) for r in self.db.execute("SELECT rel FROM files")]

    def put(self, rel: str, outcome: Outcome, fp: str, outputs: list[str], info: str | None = None) -> None:
        """Record ``outcome`` of the source ``rel`` (``info``: its listing's signature, a URL SRC's)."""
        self.db.execute(
            f"INSERT OR REPLACE INTO files ({COLUMNS}, info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _db_key(rel),
                outcome.digest,
                fp,
                outcome.status,
                json.dumps(outputs),  # ASCII: a name that is not UTF-8 keeps its bytes as \udcXX escapes
                safe_text(outcome.error) if outcome.error else None,
                round(outcome.duration, 3),
                _now(),
                info,
            ),
        )
        self.db.commit()

    def set_info(self, rel: str, info: str) -> None:
        """Record a new listing signature for ``rel`` (its bytes were hashed and had not changed)."""
        self.db.execute("UPDATE files SET info = ? WHERE rel = ?", (info, _db_key(rel)))
        self.db.commit()

    def forget(self, rel: str) -> None:
        self.db.execute("DELETE FROM files WHERE rel = ?", (_db_key(rel),))
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def open_state(path: Path, warn: Callable[[str], None]) -> State:
    """Open the state; a damaged one is moved aside (``.docconv-sync.sqlite.damaged-N``, with
    its journal files) with a warning and a new, empty state is started. A symbolic link in
    place of the state or a journal is ``OSError`` (SQLite would write through it)."""
    for extra in ("", "-journal", "-wal", "-shm"):
        refuse_link(Path(f"{path}{extra}"))
    try:
        return State(path)
    except DamagedState as exc:
        reason = str(exc)
    n = 1
    while any(os.path.lexists(f"{path}.damaged-{n}{extra}") for extra in ("", "-journal", "-wal", "-shm")):
        n += 1
    aside = Path(f"{path}.damaged-{n}")
    os.rename(path, aside)
    for extra in ("-journal", "-wal", "-shm"):  # a new state must not pick up the old one's journal
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{path}{extra}", f"{aside}{extra}")
    warn(
        f"{path}: the sync state is damaged ({reason}); moved it to {aside.name} and started a new one, "
        "so every file is converted again"
    )
    return State(path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def locked(
    lock: Path, wait: float, on_wait: Callable[[str], None] | None = None, dest: Path | str | None = None
) -> Iterator[None]:
    """Hold the lock file ``lock`` (``DEST/.docconv-sync.lock``, or its --state-dir twin) with
    ``flock``; wait up to ``wait`` seconds, else :class:`Locked` (``dest``: how the waiting
    line names DEST). The lock file is opened without following a symbolic link and must be a
    regular file (else ``OSError``: one error line, whatever a link points to is untouched)."""
    import fcntl

    fd = open_no_follow(lock, os.O_RDWR | os.O_CREAT, regular=True)  # a link there: OSError
    handle = os.fdopen(fd, "r+", encoding="utf-8")  # held for the whole run
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip()
                    raise Locked(holder) from None
                if on_wait and not told:
                    on_wait(f"waiting up to {wait:g} s for another docconv sync on {dest or lock.parent}")
                    told = True
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {_now()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # releases the lock


def state_files(dest: Path | str, state_dir: Path | None) -> tuple[Path, Path]:
    """Where the state and the lock of a sync into ``dest`` are: ``DEST/.docconv-sync.sqlite``
    and ``DEST/.docconv-sync.lock``, or with ``state_dir`` (needed for a URL DEST) in that
    local folder, named after a hash of DEST's normalised location
    (:func:`~convert.app.remote.location`) so that two DESTs never share them."""
    if state_dir is None:
        if isinstance(dest, str):
            raise SyncUsageError(f"DEST {dest} is a URL: give --state-dir PATH, a local folder for the state and lock")
        return dest / STATE_NAME, dest / LOCK_NAME
    from .remote import location

    key = hashlib.sha256(location(os.fsdecode(dest)).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return state_dir / f"docconv-sync-{key}.sqlite", state_dir / f"docconv-sync-{key}.lock"


def _check_apart(src: Path | str, dest: Path | str) -> tuple[str, str]:
    """SRC and DEST, one of them a URL, must not contain each other (compared by
    :func:`~convert.app.remote.location`); returns both locations."""
    from .remote import location

    s, d = location(os.fsdecode(src)), location(os.fsdecode(dest))
    if is_within(s, d) or is_within(d, s):
        raise SyncUsageError(f"SRC ({src}) and DEST ({dest}) must not contain each other")
    return s, d


def _check_paths(
    src: Path | str,
    dest: Path | str,
    log_path: Path | None = None,
    extensions: Sequence[str] = (),
    own: Sequence[Path] = (),
    state_dir: Path | None = None,
) -> None:
    """SRC and DEST must not contain each other; ``state_dir`` must not be under SRC; the log
    must be neither under SRC (it would become an input, and SRC is never written), nor one of
    docconv's own files (``own``: the state and lock; default DEST's), nor named like an
    output in DEST (ending in one of the writers' ``extensions``: an output would be renamed
    over it, or its lines appended to an output). A URL SRC or DEST is compared by location
    (a ``file://`` URL as its local path)."""
    from .remote import is_url

    if isinstance(src, str) or isinstance(dest, str):
        s, d = _check_apart(src, dest)
    else:
        s, d = str(src.resolve()), str(dest.resolve())
        if is_within(s, d) or is_within(d, s):
            raise SyncUsageError(f"SRC ({src}) and DEST ({dest}) must not contain each other")
    if state_dir is not None and not is_url(s) and is_within(os.path.realpath(state_dir), s):
        raise SyncUsageError(f"--state-dir {state_dir} is inside SRC ({src}), which sync never writes")
    if log_path is None:
        return
    log, folder = spelled_key(log_path), os.path.realpath(log_path.parent)
    if not is_url(s) and is_within(folder, s):
        raise SyncUsageError(f"--log {log_path} is inside SRC ({src}), which sync never writes; choose another path")
    mine = list(own) or [Path(dest) / STATE_NAME, Path(dest) / LOCK_NAME]
    if log in {spelled_key(p) for p in mine} or (log_path.exists() and same_file(log_path, input_keys(mine))):
        raise SyncUsageError(f"--log {log_path} is one of sync's own files; choose another path")
    name = log_path.name.lower()
    if not is_url(d) and is_within(folder, d) and any(e and name.endswith(e.lower()) for e in extensions):
        raise SyncUsageError(f"--log {log_path} is named like an output in DEST ({dest}); choose another path")


def _remove_output(dest: Path, name: str) -> None:
    """Remove the output ``name`` (relative to DEST, from the state) if it is in DEST and
    reached without a symbolic link to a folder (never a file elsewhere)."""
    target = dest / name
    try:
        check_no_links(dest, target.parent)
    except OSError:
        return
    if is_within(os.path.realpath(target.parent), os.path.realpath(dest)):
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)


@dataclass(slots=True)
class _Dest:
    """DEST's outputs, named relative to it: a local folder, or a folder URL (``url``; ``path``
    is then the URL as a path, as :func:`~convert.app.inputs.make_plan` names outputs)."""

    path: Path
    url: str | None = None
    listed: set[str] | None = None

    @classmethod
    def of(cls, dest: Path | str) -> _Dest:
        return cls(Path(dest), dest) if isinstance(dest, str) else cls(dest)

    def rel(self, output: Path | str) -> str:
        """``output`` (a path, or a URL a worker returned) relative to DEST."""
        return Path(output).relative_to(self.path).as_posix()

    def has(self, name: str) -> bool:
        """The output ``name`` is in DEST (a URL DEST is listed once, at the first question;
        one that cannot be listed has no outputs: they are made again)."""
        if self.url is None:
            return (self.path / name).is_file()
        if self.listed is None:
            from .remote import file_infos

            try:
                self.listed = set(file_infos(self.url))
            except ConversionError:
                self.listed = set()
        return name in self.listed

    def remove(self, name: str) -> None:
        """Remove the output ``name`` (from the state), never a file outside DEST."""
        if self.url is None:
            _remove_output(self.path, name)
        else:
            from .remote import remove_file

            remove_file(self.url, name)


def _prepare(dest: Path | str, state_dir: Path | None) -> None:
    """Create DEST (a URL DEST through fsspec) and ``state_dir``; ``OSError`` or
    :class:`ConversionError` when that fails."""
    if state_dir is not None:
        state_dir.mkdir(parents=True, exist_ok=True)
    if not isinstance(dest, str):
        dest.mkdir(parents=True, exist_ok=True)
        return
    from .remote import filesystem

    fs, root = filesystem(dest)
    try:
        fs.makedirs(root, exist_ok=True)
    except Exception as exc:
        raise ConversionError(f"{exc}") from None


def run_sync(
    src: Path | str,
    dest: Path | str,
    session: Session,
    *,
    processes: int = 0,
    timeout: float | None = DEFAULT_TIMEOUT,
    wait: float = 0.0,
    log_path: Path | None = None,
    delete: bool = False,
    delete_max: DeleteLimit | None = None,
    follow_symlinks: bool = False,
    quiet: bool = False,
    cluster: Target | None = None,
    state_dir: Path | None = None,
) -> int:
    """One sync run of ``session`` (its registry, options and writers) from ``src`` to
    ``dest``; returns the exit status (0 done, 1 some failed, 3 locked, 130 or 143 interrupted by Ctrl-C or SIGTERM).

    ``src`` or ``dest`` given as a ``str`` is an fsspec URL (:mod:`~convert.app.remote`); a
    URL ``dest`` needs ``state_dir`` (:func:`state_files`), else :class:`SyncUsageError`.

    :param delete_max: with ``delete``, the most source files whose outputs one run deletes
        (default :data:`DEFAULT_DELETE_MAX`); more gone at once, or SRC empty, deletes nothing.
    :param follow_symlinks: read files that symbolic links under SRC lead to outside it.
    :param cluster: convert on this Dask cluster (:mod:`~convert.app.cluster`); the state,
        the lock and the log stay here, on the client, and are written by it alone.
    :param state_dir: a local folder for the state and the lock (instead of DEST).
    """
    _check_urls(src, dest)
    state_path, lock_path = state_files(dest, state_dir)
    _check_paths(src, dest, log_path, [w.extension for w in session.writers], [state_path, lock_path], state_dir)
    feedback = Feedback(quiet=quiet, verb="syncing")
    try:
        _prepare(dest, state_dir)
    except (OSError, ConversionError) as exc:
        reason = exc.reason if isinstance(exc, ConversionError) else exc.strerror or exc
        feedback.error(f"{dest}: cannot create the output folder: {reason}")
        return EXIT_FAILED
    try:
        with locked(lock_path, wait, None if quiet else feedback.line, dest):
            return _run_locked(
                src,
                dest,
                session,
                feedback,
                state_path=state_path,
                processes=processes,
                timeout=timeout,
                log_path=log_path,
                delete=(delete_max or DEFAULT_DELETE_MAX) if delete else None,
                follow_symlinks=follow_symlinks,
                cluster=cluster,
            )
    except Locked as exc:
        holder = f" ({exc})" if str(exc) else ""
        feedback.error(
            f"{dest}: another docconv sync is running on it{holder}; not started "
            f"(exit status {EXIT_LOCKED}; use --wait SECONDS to wait for it)"
        )
        return EXIT_LOCKED
    except sqlite3.Error as exc:
        feedback.close()
        feedback.error(f"{state_path}: cannot use the sync state: {exc}")
        return EXIT_FAILED
    except OSError as exc:
        feedback.close()
        name = exc.filename if isinstance(exc.filename, str) else dest
        feedback.error(f"{name}: {exc.strerror or exc}")
        return EXIT_FAILED


def _check_urls(*places: Path | str) -> None:
    """Each URL's fsspec backend must be installed: else :class:`SyncUsageError` naming it
    and the package to install."""
    from .remote import check_url

    for place in places:
        if isinstance(place, str) and (why := check_url(place)) is not None:
            raise SyncUsageError(f"{safe_text(place)}: {why}")


class SyncLog:
    """The ``--log`` file: one JSON line (:func:`~convert.app.report.log_record`) per converted
    or failed file. A line that cannot be written is one error, and no more lines this run."""

    def __init__(self, path: Path | None, feedback: Feedback) -> None:
        self.path = path
        self.feedback = feedback
        self.handle: IO[str] | None = None
        self.failed = False

    def open(self) -> None:
        """Open the log for appending (its folder made if need be; a symbolic link in its
        place is refused); raises ``OSError``."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file is in the way
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
        # never through a link, never a named pipe or device (it could block the run for ever)
        fd = open_no_follow(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, regular=True)
        self.handle = os.fdopen(fd, "a", encoding="utf-8")

    def write(self, outcome: Outcome) -> None:
        """Append ``outcome``'s line (disk full, ...: one error line, then no more lines)."""
        if self.handle is None:
            return
        try:
            self.handle.write(json_line(log_record(outcome, time=_now())))
            self.handle.flush()
        except Exception as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.feedback.error(f"{self.path}: cannot write the log: {reason}; no more log lines this run")
            self.failed = True
            self.close()

    def close(self) -> None:
        """Close the log (idempotent)."""
        if self.handle is not None:
            with contextlib.suppress(Exception):
                self.handle.close()
            self.handle = None


@dataclass(slots=True)
class _Recorder:
    """The hooks of a sync's :func:`~convert.app.batch.run_batch`: which jobs to run, and the
    state and log line of each outcome.

    :param infos: a URL SRC's files by relative path, with their listing's
        :func:`~convert.app.remote.signature` (taken before any is read); empty for a local SRC.
    :param claimed: the outputs (relative to DEST) of every input found this run.
    """

    dest: _Dest
    writers: Sequence[Writer]
    state: State
    fp: str
    log: SyncLog
    feedback: Feedback
    infos: dict[str, str | None] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)

    def _expected(self, job: Job) -> list[str]:
        return [self.dest.rel(p) for p in output_paths(job, self.writers)]

    def _unchanged(self, job: Job) -> bool:
        """Converted before, with this fingerprint, to these outputs, still there, from these bytes."""
        record = self.state.get(job.rel)
        expected = self._expected(job)
        return (
            record is not None
            and record.status == "converted"
            and record.fingerprint == self.fp
            and record.outputs == expected
            and all(self.dest.has(o) for o in expected)
            and self._same_bytes(job, record)
        )

    def _same_bytes(self, job: Job, record: Record) -> bool:
        """``job``'s input has the bytes ``record`` converted. A local file is hashed; a URL
        is hashed only when its listing's signature is not the one recorded (the hash stays
        the truth: same bytes under a new signature is unchanged, the new signature kept)."""
        if job.url is None:
            return record.digest == _sha256_file(job.path)
        from .remote import sha256

        info = self.infos.get(job.rel)
        if info is not None and info == record.info:
            return True
        if record.digest is None or sha256(job.url) != record.digest:
            return False
        if info is not None:
            self.state.set_info(job.rel, info)
        return True

    def select(self, plan: Plan) -> list[Job]:
        """The jobs that are new or changed (the others are counted as unchanged)."""
        self.claimed = {o for job in plan.jobs for o in self._expected(job)}
        todo: list[Job] = []
        for job in plan.jobs:
            if self._unchanged(job):
                self.feedback.unchanged += 1
            else:
                todo.append(job)
        return todo

    def record(self, outcome: Outcome) -> None:
        """Record ``outcome`` in the state (removing outputs it no longer has) and the log. A
        failed file keeps the outputs of its last good run in the state (they stay in DEST),
        so that ``--delete`` still removes them once it is gone from SRC."""
        if outcome.rel:
            outputs = [self.dest.rel(p) for p in outcome.outputs]
            old = self.state.get(outcome.rel)
            if outcome.failed and old is not None:  # its earlier outputs are still in DEST: --delete needs them
                outputs = old.outputs
            self.state.put(outcome.rel, outcome, self.fp, outputs, self.infos.get(outcome.rel))
            if old is not None and not outcome.failed:  # outputs renamed (a same-stem file appeared)
                for name in set(old.outputs) - set(outputs) - self.claimed:
                    self.dest.remove(name)
        self.log.write(outcome)


def _source_infos(src: Path | str) -> dict[str, str | None] | None:
    """A URL SRC's files and their listing's signatures (one listing, before any file is read;
    the plan is made from it too); ``None`` for a local SRC or a listing that fails (the plan
    then lists SRC itself and names the problem, and every file is hashed)."""
    if not isinstance(src, str):
        return None
    from .remote import file_infos, signature

    try:
        return {rel: signature(info) for rel, info in file_infos(src).items()}
    except ConversionError:
        return None


def _run_locked(
    src: Path | str,
    dest: Path | str,
    session: Session,
    feedback: Feedback,
    *,
    state_path: Path,
    processes: int,
    timeout: float | None,
    log_path: Path | None,
    delete: DeleteLimit | None,
    follow_symlinks: bool,
    cluster: Target | None = None,
) -> int:
    """A sync run once DEST's lock is held (``delete``: ``--delete`` with its limit). Temporary
    files a killed run left are swept in a local DEST only (a URL DEST's are left)."""
    alive: list[Path] = []
    stale = 0 if isinstance(dest, str) else clean_partial(dest, alive)
    if stale and not feedback.quiet:
        feedback.line(f"docconv: removed {stale} temporary file(s) left by an interrupted run")
    fp = fingerprint(session.registry, session.options, session.writers)
    log = SyncLog(log_path, feedback)
    try:
        log.open()
    except OSError as exc:
        feedback.error(f"{log_path}: cannot write the log: {exc.strerror or exc}; nothing converted")
        return EXIT_FAILED
    try:
        state = open_state(state_path, feedback.warn)
    except BaseException:
        log.close()
        raise
    infos = _source_infos(src)
    recorder = _Recorder(_Dest.of(dest), session.writers, state, fp, log, feedback, infos or {})
    try:
        listed = {src: infos.keys()} if isinstance(src, str) and infos is not None else None
        plan = make_plan(
            [src],
            dest,
            session.registry,
            recursive=True,
            exclude=[dest],
            follow_symlinks=follow_symlinks,
            listed=listed,
        )
        run = run_batch(
            plan,
            session,
            feedback,
            processes=processes,
            timeout=timeout,
            select=recorder.select,
            on_outcome=recorder.record,
            cluster=cluster,
        )
        if run.interrupted:
            feedback.error("interrupted; the next run converts the rest")
            return run.interrupted_status
        deleted = delete is None or _delete_vanished(src, recorder, plan, delete)
        remove_stale(alive)  # (a killed run's worker that was still dying when this run began)
    finally:
        state.close()
        log.close()
    feedback.finish(unchanged=True)
    return EXIT_FAILED if feedback.failed or log.failed or not deleted else EXIT_OK


def _gone(src: Path | str, recorder: _Recorder, plan: Plan) -> list[str]:
    """The source files the state knows that are gone from SRC (a URL SRC's: not in its listing)."""
    present = {j.rel for j in plan.jobs} | {f.rel for f in plan.failures}
    if isinstance(src, str):
        return [rel for rel in recorder.state.rels() if rel not in present and rel not in recorder.infos]
    return [rel for rel in recorder.state.rels() if rel not in present and not (src / rel).exists()]


def _delete_vanished(src: Path | str, recorder: _Recorder, plan: Plan, limit: DeleteLimit) -> bool:
    """``--delete``: remove the outputs (in DEST) of source files that are gone from SRC.

    Nothing is deleted (an error line; ``False``) when more of the known files are gone at
    once than ``limit`` allows: an empty or unmounted SRC must not wipe DEST."""
    state, feedback = recorder.state, recorder.feedback
    if any(not f.rel for f in plan.failures):
        feedback.warn("some folders could not be read; --delete skipped this time")
        return True
    known = len(state.rels())
    gone = _gone(src, recorder, plan)
    if gone and not limit.allows(len(gone), known):
        empty = " (SRC has no files: is it mounted?)" if not plan.jobs and not plan.failures else ""
        feedback.error(
            f"{src}: --delete refused: {len(gone)} of {known} known source files are gone{empty}, more than "
            f"--delete-max {limit} allows; nothing deleted (if that is right, run again with --delete-max 100%)"
        )
        return False
    for rel in gone:
        record = state.get(rel)
        for name in set(record.outputs if record else []) - recorder.claimed:
            recorder.dest.remove(name)
        state.forget(rel)
    return True
