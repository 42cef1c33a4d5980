"""The watch the PDF reader keeps on pdfminer while it reads: bounded decompression, and the
library's complaints captured instead of printed.

Two hooks, installed once in the process by the first :func:`reading` (both inert until a
read is under way, and a process holds at most one reader's state per context):

* ``pdfminer.pdftypes`` inflates Flate streams with ``zlib.decompress(data)`` (in
  ``PDFStream.decode``). Its module name ``zlib`` is pointed at :class:`BoundedZlib`, whose
  ``decompress`` is :func:`convert.readers.pdf.limits.inflate` under the current document's
  budget: a decompression bomb is refused before its bytes are in memory, and a damaged
  stream keeps its readable part and is counted. Everything else (``zlib.error``...) is the
  real module's.
* The ``pdfminer`` and ``pdfplumber`` loggers get a handler that counts their warnings as
  damage of the current read and no longer pass them on: no library line, and no raw stream
  bytes, reach stderr. Python warnings those libraries raise during a read are counted too.
"""

from __future__ import annotations

import logging
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from convert.readers.pdf.damage import DamageLog, kind_of_logger
from convert.readers.pdf.limits import DecompressionBomb, StreamBudget, inflate

LIBRARY_LOGGERS = ("pdfminer", "pdfplumber")


@dataclass(slots=True)
class Guard:
    """The state of one PDF read: its stream budget, the damage met, the page being read
    (``None`` outside pages) and the refusal, once a stream was a bomb (pdfminer may catch
    the exception on its way; the reader checks this after each step)."""

    budget: StreamBudget = field(default_factory=StreamBudget)
    damage: DamageLog = field(default_factory=DamageLog)
    page: int | None = None
    bomb: DecompressionBomb | None = None
    _caught: list[warnings.WarningMessage] = field(default_factory=list)

    def at_page(self, page: int | None) -> None:
        """Count what was met so far against the page just read; go on to ``page``."""
        self._count_warnings()
        self.page = page

    def check(self) -> None:
        """Raise the refusal if a stream was a decompression bomb."""
        if self.bomb is not None:
            raise self.bomb

    def _count_warnings(self) -> None:
        for w in self._caught:
            if _from_library(w.filename) and not issubclass(w.category, DeprecationWarning):
                self.damage.note("structure", self.page)
        self._caught.clear()


_ACTIVE: ContextVar[Guard | None] = ContextVar("convert_pdf_guard", default=None)


class BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes`` (see the module doc)."""

    error = zlib.error

    def __getattr__(self, name: str) -> object:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes) -> bytes:
        guard = _ACTIVE.get()
        if guard is None:  # pdfminer used outside a read: the same limits, nothing counted
            return inflate(data, StreamBudget()).data
        try:
            result = inflate(data, guard.budget)
        except DecompressionBomb as exc:
            guard.bomb = guard.bomb or exc
            raise
        if result.problem:
            guard.damage.note("stream", guard.page, result.problem)
        return result.data


class _Capture(logging.Handler):
    """Counts library warnings as damage of the current read (never prints them)."""

    def emit(self, record: logging.LogRecord) -> None:
        guard = _ACTIVE.get()
        if guard is not None and record.levelno >= logging.WARNING:
            guard.damage.note(kind_of_logger(record.name), guard.page)


_installed = False


def install() -> None:
    """Put the hooks in place (once per process)."""
    global _installed
    if _installed:
        return
    import pdfminer.pdftypes

    pdfminer.pdftypes.zlib = BoundedZlib()  # type: ignore[attr-defined]
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(_Capture())
        logger.propagate = False
    _installed = True


@contextmanager
def reading(budget: StreamBudget | None = None) -> Iterator[Guard]:
    """Watch one PDF read: within the block, streams inflate under ``budget`` (the default
    limits when ``None``) and the libraries' complaints are counted in ``Guard.damage``."""
    install()
    guard = Guard(budget=budget or StreamBudget())
    token = _ACTIVE.set(guard)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            guard._caught = caught
            try:
                yield guard
            finally:
                guard.at_page(guard.page)
    finally:
        _ACTIVE.reset(token)


def _from_library(filename: str) -> bool:
    return any(part in LIBRARY_LOGGERS for part in Path(filename).parts)
