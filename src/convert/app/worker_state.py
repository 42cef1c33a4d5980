"""What a reused worker puts back between two files, and when it should rather be replaced.

A worker of :mod:`~convert.app.workers` converts file after file. Whatever one file's
conversion (a plugin's reader, step or writer, or a library) changes in the process must not
change the next file's result, so the worker takes a :class:`Snapshot` of the process-wide
settings when it starts and puts them back after each file:

- the working folder (kept open, so it is found again even if it was renamed) and the umask
  (it decides the mode of the outputs);
- ``os.environ``;
- the signal handlers, the blocked signals and any interval timer (an alarm a plugin set
  would go off during a later file);
- ``sys.stdin``/``stdout``/``stderr``, the recursion limit, a trace or profile function and
  whether the garbage collector runs;
- the resource limits (``RLIMIT_AS``, ``DATA``, ``CPU``, ``FSIZE``, ``NOFILE``), and the
  per-line caches of :mod:`convert.core.textutil` are emptied (kept, they would take from the
  next file's memory cap what a fresh worker would give it);
- the root logger's level and ``logging.disable``. The loggers' handlers are left alone: the
  PDF reader installs its own once per process (``readers.pdf.guard``);
- the warnings filters and ``warnings.showwarning`` are put back by the worker itself, which
  runs each file under ``warnings.catch_warnings()``.

What cannot be put back is handled by replacing the worker (:func:`worn_out`): a file that
failed (its conversion stopped half-way, perhaps with a library's state half-updated, or ran
out of memory), a thread a plugin left running, an address space grown by more than
:data:`MAX_GROWTH` (an eighth of the memory cap, if that is less) since the worker started (the
memory cap, ``RLIMIT_AS``, counts the address space, so a worker that kept a large heap would
leave the next file less room than a fresh one), or :data:`MAX_FILES` files converted (as
``multiprocessing``'s ``maxtasksperchild``: slow leaks stay bounded). Caches of pure functions
(``functools.cache``) are kept: they give the same results and are part of why a reused worker
is fast.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import signal
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

#: A worker converts at most this many files before it is replaced.
MAX_FILES = 500
#: A worker whose address space grew by more than this since it started is replaced.
MAX_GROWTH = 256 << 20

#: The interval timers a file could leave running.
_TIMERS = tuple(
    getattr(signal, name) for name in ("ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF") if hasattr(signal, name)
)


def address_space() -> int | None:
    """This process's address space in bytes (Linux; ``None`` where it cannot be told)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


#: The resource limits a file may change and the next must not inherit.
_LIMITS = tuple(
    getattr(resource, name)
    for name in ("RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE")
    if hasattr(resource, name)
)


def _limits() -> dict[int, tuple[int, int]]:
    found: dict[int, tuple[int, int]] = {}
    for which in _LIMITS:
        with contextlib.suppress(OSError, ValueError):
            found[which] = resource.getrlimit(which)
    return found


def _set_limits(limits: dict[int, tuple[int, int]]) -> bool:
    """Put the limits back; ``False`` when one cannot be (a file lowered a hard limit)."""
    ok = True
    for which, wanted in limits.items():
        try:
            if resource.getrlimit(which) != wanted:
                resource.setrlimit(which, wanted)
        except (OSError, ValueError):
            ok = False
    return ok


def _handlers() -> dict[int, Any]:
    found: dict[int, Any] = {}
    for signum in signal.valid_signals():
        with contextlib.suppress(ValueError, OSError, RuntimeError):
            found[int(signum)] = signal.getsignal(signum)
    return found


@dataclass(slots=True)
class Snapshot:
    """The process-wide settings of a worker before its first file (:meth:`take`), put back
    after each file (:meth:`restore`)."""

    cwd: int | None
    umask: int
    environ: dict[str, str]
    handlers: dict[int, Any]
    mask: set[signal.Signals]
    streams: tuple[Any, Any, Any]
    recursion: int
    gc_enabled: bool
    log_level: int
    log_disable: int
    limits: dict[int, tuple[int, int]] = field(default_factory=dict)
    size: int | None = field(default=None)

    @classmethod
    def take(cls) -> Snapshot:
        """The settings as they are now."""
        import gc

        cwd: int | None
        try:
            cwd = os.open(".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            cwd = None
        umask = os.umask(0o022)
        os.umask(umask)
        return cls(
            cwd=cwd,
            umask=umask,
            environ=dict(os.environ),
            handlers=_handlers(),
            mask=set(signal.pthread_sigmask(signal.SIG_BLOCK, [])),
            streams=(sys.stdin, sys.stdout, sys.stderr),
            recursion=sys.getrecursionlimit(),
            gc_enabled=gc.isenabled(),
            log_level=logging.getLogger().level,
            log_disable=logging.root.manager.disable,
            limits=_limits(),
            size=address_space(),
        )

    def restore(self) -> bool:
        """Put the settings back; ``False`` if one of them could not be (replace the worker)."""
        import gc

        ok = True
        for timer in _TIMERS:
            with contextlib.suppress(OSError, ValueError):
                signal.setitimer(timer, 0)
        for signum, handler in self.handlers.items():
            if handler is not None and signal.getsignal(signum) is not handler:
                try:
                    signal.signal(signum, handler)
                except (OSError, ValueError, RuntimeError, TypeError):
                    ok = False
        signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)
        try:
            if self.cwd is None:
                raise OSError("no working folder to go back to")
            os.fchdir(self.cwd)
        except OSError:
            ok = False
        os.umask(self.umask)
        if os.environ != self.environ:
            os.environ.clear()
            os.environ.update(self.environ)
        sys.stdin, sys.stdout, sys.stderr = self.streams
        sys.setrecursionlimit(self.recursion)
        sys.settrace(None)
        sys.setprofile(None)
        threading.settrace(None)  # type: ignore[arg-type]
        threading.setprofile(None)  # type: ignore[arg-type]
        if self.gc_enabled and not gc.isenabled():
            gc.enable()
        if logging.getLogger().level != self.log_level:
            logging.getLogger().setLevel(self.log_level)
        if logging.root.manager.disable != self.log_disable:
            logging.disable(self.log_disable)
        ok = _set_limits(self.limits) and ok
        from convert.core.textutil import clear_caches

        clear_caches()  # (per-line measures pay off within one document; kept, they eat the next file's memory cap)
        return ok

    def worn_out(self, files: int, failed: bool) -> bool:
        """Whether the worker should be replaced rather than given another file, after
        ``files`` files of which the last ``failed`` (see the module's docstring)."""
        if failed or files >= MAX_FILES or threading.active_count() > 1:
            return True
        size = address_space()
        cap = self.limits.get(resource.RLIMIT_AS, (resource.RLIM_INFINITY,))[0]
        growth = MAX_GROWTH if cap == resource.RLIM_INFINITY else min(MAX_GROWTH, cap // 8)
        return self.size is not None and size is not None and size - self.size > growth
