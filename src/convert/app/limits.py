"""Resource limits of a run: memory per worker, input size, and the run's whole time.

A hostile or damaged input must not take the machine (or a cron job) down with it, so each
worker that converts a file runs under an address-space cap (``--max-memory``, applied with
``setrlimit(RLIMIT_AS)`` in the worker, never in the parent), inputs larger than
``--max-input-size`` are refused before they are read, and ``--max-runtime`` bounds a whole
``convert``/``sync`` run (the per-file ``--timeout`` is :mod:`~convert.app.workers`'). Every
limit that is hit is one line naming the option to raise.

- :class:`Limits`: the limits of one run, as the command line gave them.
- :func:`parse_size`: ``2G``, ``512M``, ``0`` -> bytes (the ``SIZE`` of the options).
- :func:`default_memory_cap`: the cap per worker when ``--max-memory`` is not given.
- :func:`apply_memory_cap`: set the cap in a worker process.
- :func:`check_input_size`: refuse an input over its size limit.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from convert.core.errors import ConversionError  # (what contracts re-exports; light to import)

#: The time limit per file of ``convert``, ``sync``, ``clean`` and ``inspect`` in seconds
#: (``--timeout``), written once (here, not in :mod:`~convert.app.session`, so that the
#: command line can offer it as a default without importing the session at start-up).
DEFAULT_TIMEOUT = 120.0

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30

#: The memory cap per worker is at most this, whatever the machine (``--max-memory``).
MEMORY_CEILING = 4 * GiB
#: ... and at least this, so that a small machine does not refuse ordinary files (a 3 MB,
#: 300-page PDF peaks at about 100 MB of address space; 50 MB of text at about 1.3 GB).
MEMORY_FLOOR = 2 * GiB

#: Inputs larger than this are refused unless ``--max-input-size`` says otherwise: text,
#: Markdown and HTML (whose cleaning costs time and memory in proportion to the text) ...
TEXT_INPUT_LIMIT = 50 * 1000 * 1000
#: ... and PDFs and other packed kinds (mostly images and fonts, little text per byte).
OTHER_INPUT_LIMIT = 500 * 1000 * 1000
#: The kinds of input whose every byte is text to clean.
TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".shtml"})

_SIZE = re.compile(r"(?i)^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$")
_UNITS = {"": 1, "k": KiB, "m": MiB, "g": GiB, "t": 1 << 40}


@dataclass(frozen=True, slots=True)
class Limits:
    """The resource limits of one run.

    :param max_memory: bytes of address space per worker; ``None``: :func:`default_memory_cap`;
        ``0``: no cap.
    :param max_input_size: bytes an input may have; ``None``: by kind (:func:`input_limit`);
        ``0``: no limit.
    :param max_runtime: seconds the whole run may take (``convert``, ``sync``); ``None``: no limit.
    """

    max_memory: int | None = None
    max_input_size: int | None = None
    max_runtime: float | None = None

    def memory_cap(self, workers: int) -> int | None:
        """The cap per worker when ``workers`` run at once (``None``: no cap)."""
        if self.max_memory is None:
            return default_memory_cap(workers)
        return self.max_memory or None


def parse_size(text: str) -> int:
    """Bytes from a size as users write it: ``0``, ``1500000``, ``512M``, ``2G``, ``1.5GiB``
    (K, M, G, T are powers of 1024). Raises :class:`ValueError`, also for a size that is not 0
    but rounds to no byte (``0.5``: it would mean no limit) or is beyond 2**60 bytes."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a size (such as 512M, 2G or 0)")
    number, unit = float(match.group(1)), match.group(2).lower()
    size = number * _UNITS[unit]
    if number and size < 1:
        raise ValueError(f"{text!r} is less than one byte (0 means no limit)")
    if size > 2**60:
        raise ValueError(f"{text!r} is larger than any machine's memory or disk")
    return int(size)


def _scaled(nbytes: int, units: tuple[tuple[float, str], ...]) -> str:
    """``nbytes`` in the largest of ``units`` it reaches, one decimal below 10 (``1.5 GiB``),
    none from 10 on or for a whole number; ``N bytes`` below the smallest."""
    for unit, name in units:
        if nbytes >= unit:
            value = nbytes / unit
            return f"{value:.0f} {name}" if value >= 10 or value == int(value) else f"{value:.1f} {name}"
    return f"{nbytes} bytes"


def format_size(nbytes: int) -> str:
    """A size of memory for messages: ``2 GiB``, ``512 MiB``, ``1.5 GiB``."""
    return _scaled(nbytes, ((GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")))


def total_memory() -> int | None:
    """The machine's physical memory in bytes (``None`` where it cannot be told)."""
    with contextlib.suppress(ValueError, OSError, AttributeError):
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return None


def default_memory_cap(workers: int) -> int:
    """The memory cap per worker without ``--max-memory``: the machine's memory shared among
    the ``workers`` that run at once, kept between :data:`MEMORY_FLOOR` and
    :data:`MEMORY_CEILING` (a bomb stops there; an ordinary file needs far less)."""
    total = total_memory()
    share = total // max(1, workers) if total else MEMORY_CEILING
    return max(MEMORY_FLOOR, min(MEMORY_CEILING, share))


def apply_memory_cap(nbytes: int | None) -> None:
    """Cap this process's address space at ``nbytes`` (in a worker; a no-op where the
    platform has no ``RLIMIT_AS``). An allocation past it fails with :class:`MemoryError`."""
    if not nbytes:
        return
    with contextlib.suppress(ImportError, AttributeError, ValueError, OSError, OverflowError):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = nbytes if hard == resource.RLIM_INFINITY else min(nbytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def memory_reason(nbytes: int | None) -> str:
    """Why a file that ran out of memory failed."""
    if not nbytes:
        return "out of memory while converting"
    return f"needs more than {format_size(nbytes)} of memory (see --max-memory)"


def out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is, or was caused by, a :class:`MemoryError`: a reader or library that
    wraps the failed allocation in its own error (pdfminer's "Unable to allocate output
    buffer") has still run out of the worker's memory."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def input_limit(path: Path | str, limits: Limits) -> int | None:
    """The size limit of the input ``path`` (``None``: no limit)."""
    if limits.max_input_size is not None:
        return limits.max_input_size or None
    return TEXT_INPUT_LIMIT if Path(path).suffix.lower() in TEXT_SUFFIXES else OTHER_INPUT_LIMIT


def _size_text(nbytes: int) -> str:
    """A size in decimal units, as file managers show input files: ``50 MB``, ``1.5 KB``."""
    return _scaled(nbytes, ((1e9, "GB"), (1e6, "MB"), (1e3, "KB")))


def too_large(nbytes: int, limit: int, *, stream: bool = False) -> ConversionError:
    """The error of an input of ``nbytes`` over its ``limit`` (``stream``: stdin, read only up
    to just past the limit, so its size is not known)."""
    size = "larger than" if stream else f"{_size_text(nbytes)}, larger than"
    return ConversionError(f"input is {size} the {_size_text(limit)} limit (see --max-input-size)")


def check_input_size(path: Path, limits: Limits) -> None:
    """Refuse ``path`` before it is read if it is larger than its limit (a file that cannot
    be looked at is left to the reading, which says why)."""
    limit = input_limit(path, limits)
    if not limit:
        return
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > limit:
        raise too_large(size, limit)
