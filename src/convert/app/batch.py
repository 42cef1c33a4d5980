"""Batch conversion: finding the inputs, naming the outputs, and converting them in parallel.

Each input is converted in its own forked worker process (at most ``processes`` at a time),
so a file that crashes the converter (even a segfault in a C library) or runs longer than
the time limit fails alone: its worker is killed and the batch goes on. Workers write all of
an input's outputs to temporary files and rename them into place only when every writer has
finished, and a killed worker's outputs are removed, so a failed input leaves no outputs; the
parent process only collects results, prints them and writes the report.

Used by ``docconv convert`` and ``docconv sync``; only :class:`Feedback` prints (to stderr).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import stat
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convert.core.contracts import ConversionError, Options, Writer

from .inputs import safe_text
from .plugins import Registry

DEFAULT_TIMEOUT = 120.0

#: Names that are never inputs when walking a folder: editor backups, Office lock files and
#: the temporary files docconv itself writes (``.name.XXXX.part``; hidden names are skipped too).
TEMP_NAME = re.compile(r"(\.part|~|\.tmp|\.swp)$|^~\$|^#.*#$", re.IGNORECASE)

#: Modules the built-in readers and writers import lazily; the parent imports them once before
#: forking so that each worker does not pay for the import again. Third-party readers and
#: writers can name theirs in a ``preload_modules`` attribute.
PRELOAD: dict[str, tuple[str, ...]] = {
    "text": ("charset_normalizer",),
    "pdf": ("pdfplumber", "convert.readers.pdf.layout"),
    "html": ("lxml.etree", "lxml.html", "convert.readers.html.extract", "charset_normalizer"),
    "docx": ("docx",),
    "epub": ("ebooklib", "ebooklib.epub", "lxml.etree"),
}


@dataclass(frozen=True, slots=True)
class Job:
    """One input to convert.

    :param path: the file to read (its name keeps the original bytes, even when they are not UTF-8).
    :param display: how messages name it (the path as the user gave it, or under the folder given),
        as :func:`convert.pipeline.safe_text`: a name that is not UTF-8 shows U+FFFD for its bad bytes.
    :param outdir: the folder its outputs go to.
    :param name: the outputs' base name (``speech`` gives ``speech.md``).
    :param rel: its path relative to the folder argument (its own name for a file argument).
    """

    path: Path
    display: str
    outdir: Path
    name: str
    rel: str


@dataclass(slots=True)
class Outcome:
    """What became of one input."""

    input: str
    status: str  # "converted" or "failed"
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    removal_counts: dict[str, int] = field(default_factory=dict)
    duration: float = 0.0
    digest: str | None = None  # sha256 of the bytes that were converted
    entry: dict[str, Any] | None = None  # the detailed report entry (removals, changes, metadata)
    rel: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def as_report(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.entry) if self.entry else {}
        data.update(
            {
                "input": self.input,
                "status": self.status,
                "outputs": self.outputs,
                "warnings": self.warnings,
                "removal_counts": self.removal_counts,
                "duration": round(self.duration, 3),
            }
        )
        if self.error:
            data["error"] = self.error
        data.setdefault("removals", [])
        return data


@dataclass(slots=True)
class Plan:
    """The inputs found: jobs to run, inputs that failed already, files skipped, notes."""

    jobs: list[Job] = field(default_factory=list)
    failures: list[Outcome] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def input_extensions(registry: Registry) -> set[str]:
    """Extensions that some reader accepts (files without an extension are not picked up
    when walking folders, only when named on the command line)."""
    return {ext.lower() for reader in registry.readers for ext in reader.extensions if ext}


def is_temp_name(name: str) -> bool:
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


def _key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(root: Path, extensions: set[str], exclude: set[tuple[int, int]], plan: Plan) -> Iterator[tuple[Path, str]]:
    """Input files under ``root`` as ``(path, relative path)``, sorted, following symbolic
    links to folders but never into a folder twice (so a link loop ends)."""
    seen = {k for k in [_key(root)] if k}
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            plan.failures.append(
                Outcome(
                    input=safe_text(str(folder)), status="failed", error=f"cannot read folder: {exc.strerror or exc}"
                )
            )
            continue
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            if is_temp_name(entry.name):
                continue
            path = Path(entry.path)
            entry_rel = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                key = _key(path)
                if key in exclude:
                    continue
                if key is None or key in seen:
                    plan.notes.append(f"{path}: folder already visited (a symbolic link loop?); skipped")
                    continue
                seen.add(key)
                subfolders.append((path, entry_rel))
                continue
            if Path(entry.name).suffix.lower() not in extensions:
                plan.skipped.append((safe_text(str(path)), "no reader for this kind of file"))
                continue
            try:
                regular = entry.is_file()
            except OSError:
                regular = False
            if regular:
                yield path, entry_rel
            else:
                plan.failures.append(
                    Outcome(input=safe_text(str(path)), status="failed", error=_not_regular_reason(path), rel=entry_rel)
                )
        stack.extend(reversed(subfolders))


def make_plan(
    inputs: Sequence[Path],
    outdir: Path,
    registry: Registry,
    *,
    recursive: bool,
    exclude: Iterable[Path] = (),
) -> Plan:
    """Find the inputs and name their outputs.

    A file argument's outputs go to ``outdir``; a folder argument (with ``recursive``) is
    walked and its tree mirrored under ``outdir``. Hidden files and temporary files are
    skipped, as are files no reader accepts (listed in ``plan.skipped``). Inputs that share
    an output folder and a stem are named by their whole name (``a.txt.md``, ``a.pdf.md``);
    two inputs that would still get the same output name both fail rather than overwrite
    each other.
    """
    plan = Plan()
    extensions = input_extensions(registry)
    excluded = {k for k in (_key(p) for p in [outdir, *exclude]) if k}
    found: list[tuple[Path, str, Path, str]] = []  # path, display, outdir, rel
    for arg in inputs:
        if arg.is_dir():
            if not recursive:
                plan.failures.append(
                    Outcome(
                        input=safe_text(str(arg)),
                        status="failed",
                        error="is a folder (use -r to convert the files in it)",
                    )
                )
                continue
            for path, rel in _walk(arg, extensions, excluded, plan):
                parent = rel.rpartition("/")[0]
                found.append((path, safe_text(str(path)), outdir / parent if parent else outdir, rel))
        else:
            found.append((arg, safe_text(str(arg)), outdir, arg.name))
    counts = Counter((out, Path(rel).stem) for _, _, out, rel in found)
    names: dict[tuple[Path, str], list[int]] = {}
    for index, (_path, _, out, rel) in enumerate(found):
        stem = Path(rel).stem
        name = stem if counts[(out, stem)] == 1 else Path(rel).name
        names.setdefault((out, name), []).append(index)
    clashes = {i for group in names.values() if len(group) > 1 for i in group}
    for (out, name), group in names.items():
        for index in group:
            path, display, _, rel = found[index]
            if index in clashes:
                others = ", ".join(found[i][1] for i in group if i != index)
                plan.failures.append(
                    Outcome(
                        input=display,
                        status="failed",
                        error=f"its outputs would have the same name as those of {others} ({out / name}.*); "
                        "convert them separately",
                        rel=rel,
                    )
                )
            else:
                plan.jobs.append(Job(path=path, display=display, outdir=out, name=name, rel=rel))
    return plan


def output_paths(job: Job, writers: Sequence[Writer]) -> list[Path]:
    return [job.outdir / f"{job.name}{w.extension}" for w in writers]


def remove_partial(job: Job, writers: Sequence[Writer]) -> None:
    """Remove the temporary files a killed worker may have left for ``job``."""
    for target in output_paths(job, writers):
        with contextlib.suppress(OSError):
            for tmp in target.parent.glob(f".{glob_escape(target.name)}.*.part"):
                tmp.unlink(missing_ok=True)


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


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def convert_job(
    job: Job, registry: Registry, options: Options, writers: Sequence[Writer], *, detail: bool = False
) -> Outcome:
    """Read, clean and write one input (in a worker); every problem becomes ``outcome.error``.

    Every output is written to a temporary file first, and they are renamed into place only
    when all the writers have finished: a failure (or a kill) before that leaves no output.
    """
    from .inputs import load_source
    from .pipeline import convert_source
    from .report import report_entry
    from .staging import write_temp

    start = time.monotonic()
    outcome = Outcome(input=job.display, status="converted", rel=job.rel)
    doc = None
    written: list[Path] = []
    staged: list[Path] = []  # temporary files not yet renamed into place
    try:
        source = load_source(job.path)
        outcome.digest = hashlib.sha256(source.data).hexdigest()
        doc = convert_source(source, registry, options)
        targets = output_paths(job, writers)
        for target in targets:
            with contextlib.suppress(OSError):
                if target.exists() and os.path.samefile(target, job.path):
                    raise ConversionError(f"its output {target} would overwrite the input; choose another -o folder")
        for writer, target in zip(writers, targets, strict=True):
            staged.append(write_temp(target, writer, doc, options))
        for tmp, target in zip(list(staged), targets, strict=True):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise ConversionError(f"cannot write {safe_text(str(target))}: {exc.strerror or exc}") from None
            staged.remove(tmp)
            written.append(target)
    except ConversionError as exc:
        outcome.error = exc.reason
    except MemoryError:
        outcome.error = "out of memory while converting"
    except RecursionError:
        outcome.error = "input is nested too deeply to convert"
    except Exception as exc:  # a bug must still be one line about this file
        outcome.error = f"internal error: {type(exc).__name__}: {exc}"
    finally:  # also on SystemExit (SIGTERM in a worker)
        for tmp in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
    if outcome.error:
        outcome.status = "failed"
        for path in written:  # a failed input leaves no outputs, not some of them
            with contextlib.suppress(OSError):
                path.unlink()
        written = []
    outcome.outputs = [str(p) for p in written]
    if doc is not None:
        outcome.warnings = list(doc.warnings)
        outcome.removal_counts = dict(Counter(r.kind for r in doc.removals))
        if detail:
            entry = report_entry(doc, job.display, written, outcome.error)
            outcome.entry = {k: v for k, v in entry.items() if k in ("metadata", "removals", "changes")}
    outcome.duration = time.monotonic() - start
    return outcome


def preload(registry: Registry, writers: Sequence[Writer], extensions: Iterable[str], options: Options) -> None:
    """Import, once in the parent, what the workers will need, so each forked worker starts
    warm: the lazily imported libraries of the readers and writers in use, and the cleaning
    steps and writers (by converting a tiny text in memory, writing nothing)."""
    import importlib
    import io

    exts = set(extensions)
    objects: list[object] = [r for r in registry.readers if exts & set(r.extensions)] + list(writers)
    for obj in objects:
        names = PRELOAD.get(getattr(obj, "name", ""), ()) + tuple(getattr(obj, "preload_modules", ()))
        for module in names:
            with contextlib.suppress(Exception):
                importlib.import_module(module)
    with contextlib.suppress(Exception):
        from convert.core.contracts import Source

        from .pipeline import convert_source

        doc = convert_source(Source(name="warm-up.txt", data=b"Warm up\n\nText.\n"), registry, options)
        for writer in writers:
            with contextlib.suppress(Exception):
                writer.write(doc, io.BytesIO(), options)


def default_processes() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this worker when the parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _worker(conn: Any, work: Callable[[Job], Outcome], job: Job, parent: int) -> None:
    import faulthandler

    _die_with_parent(parent)
    faulthandler.disable()  # a crash is reported as one line by the parent, not as a dump
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # SystemExit: write_atomic removes its temp file
    try:
        outcome = work(job)
    except Exception as exc:
        outcome = Outcome(input=job.display, status="failed", error=f"internal error: {type(exc).__name__}: {exc}")
    conn.send(outcome)
    conn.close()


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during a batch."""


def _crash_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the converter crashed on this file ({name})"
    return f"the converter stopped on this file without a result (exit status {exitcode})"


def run_jobs(
    jobs: Sequence[Job],
    work: Callable[[Job], Outcome],
    on_result: Callable[[Job, Outcome], None],
    *,
    processes: int,
    timeout: float | None,
    writers: Sequence[Writer] = (),
    tick: Callable[[], None] | None = None,
) -> None:
    """Run ``work(job)`` for every job in forked workers, at most ``processes`` at a time,
    calling ``on_result`` in the parent as each finishes. A worker that crashes or exceeds
    ``timeout`` seconds is killed and its job failed; ``writers`` name the outputs to clean up
    after it (its temporary files, and any output it renamed into place before it was killed:
    a failed job leaves no outputs). Raises :class:`Interrupted` on Ctrl-C/SIGTERM after stopping the
    workers."""
    import multiprocessing
    from multiprocessing.connection import wait

    if "fork" not in multiprocessing.get_all_start_methods():  # no fork: in this process, no time limit
        for job in jobs:
            on_result(job, work(job))
        return
    ctx = multiprocessing.get_context("fork")
    pending = deque(jobs)
    running: dict[Any, tuple[Any, Job, float, list[Identity]]] = {}
    parent = os.getpid()

    def on_term(signum: int, frame: object) -> None:
        raise Interrupted

    old_term = signal.signal(signal.SIGTERM, on_term) if _main_thread() else None
    try:
        while pending or running:
            while pending and len(running) < max(1, processes):
                job = pending.popleft()
                before = output_identities(job, writers)
                reader, writer = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(writer, work, job, parent), daemon=True)
                proc.start()
                writer.close()
                running[reader] = (proc, job, time.monotonic(), before)
            if tick:
                tick()
            now = time.monotonic()
            wait_for = 0.5
            if timeout:
                wait_for = max(0.0, min([wait_for, *(start + timeout - now for _, _, start, _ in running.values())]))
            for conn in wait(list(running), timeout=wait_for):
                proc, job, start, before = running.pop(conn)
                outcome: Outcome | None
                try:
                    outcome = conn.recv()
                except (EOFError, OSError):
                    outcome = None
                conn.close()
                proc.join(5)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
                if outcome is None:
                    discard_outputs(job, writers, before)
                    outcome = Outcome(input=job.display, status="failed", error=_crash_reason(proc.exitcode))
                outcome.rel = job.rel
                outcome.duration = time.monotonic() - start
                on_result(job, outcome)
            if timeout:
                now = time.monotonic()
                for conn, (proc, job, start, before) in list(running.items()):
                    if now - start < timeout:
                        continue
                    del running[conn]
                    proc.kill()
                    proc.join()
                    conn.close()
                    discard_outputs(job, writers, before)
                    error = f"took longer than {timeout:g} s and was stopped (see --timeout)"
                    on_result(job, Outcome(input=job.display, status="failed", error=error, duration=now - start))
    except (KeyboardInterrupt, Interrupted):
        _stop(running, writers)
        raise Interrupted from None
    except BaseException:  # on_result failed (the sync state, say): no worker goes on alone
        _stop(running, writers)
        raise
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _stop(running: dict[Any, tuple[Any, Job, float, list[Identity]]], writers: Sequence[Writer]) -> None:
    for proc, _, _, _ in running.values():
        with contextlib.suppress(Exception):
            proc.terminate()
    deadline = time.monotonic() + 2
    for conn, (proc, job, _, before) in running.items():
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join()
        conn.close()
        discard_outputs(job, writers, before)


class Feedback:
    """What a batch tells the user on stderr: a progress bar with counts and rate on a
    terminal (rich), otherwise one line per failure or warning; then a summary line."""

    def __init__(self, *, quiet: bool = False, verb: str = "converting") -> None:
        self.quiet = quiet
        self.verb = verb
        self.converted = self.failed = self.skipped = self.unchanged = self.warnings = 0
        self.started = time.monotonic()
        self.done = 0
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        self.started = time.monotonic()
        if self.quiet or total < 2 or not _stderr_is_terminal():
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, highlight=False, emoji=False)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[failed]}"),
            TimeElapsedColumn(),
            console=console,
            auto_refresh=False,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.verb, total=total, rate="", failed="")

    def line(self, text: str) -> None:
        text = safe_text(text)  # a file name that is not UTF-8 must not break the output
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
            self._progress.refresh()
        else:
            print(text, file=sys.stderr, flush=True)

    def warn(self, text: str) -> None:
        self.warnings += 1
        self.line(f"docconv: warning: {text}")

    def error(self, text: str) -> None:
        self.line(f"docconv: error: {text}")

    def result(self, outcome: Outcome) -> None:
        """Count an outcome and print its error or warnings."""
        if outcome.failed:
            self.failed += 1
            self.error(f"{outcome.input}: {outcome.error}")
        else:
            self.converted += 1
        for warning in outcome.warnings:
            self.warn(f"{outcome.input}: {warning}")
        self.done += 1
        self.tick()

    def tick(self) -> None:
        if self._progress is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self._progress.update(
            self._task,
            completed=self.done,
            rate=f"{self.done / elapsed:.1f} files/s",
            failed=f"{self.failed} failed" if self.failed else "",
        )
        self._progress.refresh()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def summary(self, *, unchanged: bool = False) -> str:
        elapsed = self.elapsed
        parts = [f"{self.converted} converted"]
        if unchanged:
            parts.append(f"{self.unchanged} unchanged")
        parts += [f"{self.skipped} skipped", f"{self.failed} failed", f"{self.warnings} warnings"]
        rate = f" ({self.done / elapsed:.1f} files/s)" if self.done and elapsed > 0 else ""
        return f"docconv: {', '.join(parts)} in {elapsed:.1f} s{rate}"

    def finish(self, *, unchanged: bool = False) -> None:
        self.close()
        if not self.quiet:
            print(self.summary(unchanged=unchanged), file=sys.stderr, flush=True)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
