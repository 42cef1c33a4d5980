"""What a batch tells the user while it runs: :class:`Feedback`, the only part of a batch that
prints (to stderr).

On a terminal a progress bar (rich) shows counts, rate, failures, the time left and the file
at work longest (with its seconds, once it has taken a while: the slow file is named while it
holds the batch up); otherwise each failure and warning is one line. A summary line ends the
run (``-q``: errors only).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from .display import printable

if TYPE_CHECKING:
    from .report import Outcome


#: Seconds a file must have been at work before the progress bar names it.
SLOW = 2.0
#: The longest file name the progress bar shows (the middle is cut: the end tells files apart).
NAME_WIDTH = 24


def _short(name: str) -> str:
    """``name`` cut to :data:`NAME_WIDTH` characters, keeping its start and its end."""
    if len(name) <= NAME_WIDTH:
        return name
    keep = NAME_WIDTH - 1
    return name[: keep // 3] + "\u2026" + name[-(keep - keep // 3) :]


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Feedback:
    """What a batch tells the user on stderr: a progress bar with counts and rate on a
    terminal (rich), otherwise one line per failure or warning; then a summary line.

    :param quiet: errors only: no progress bar, no summary line.
    :param verb: what the progress bar says the batch is doing.
    :param console: the rich console to draw on (tests); default: stderr, when it is a terminal.
    """

    def __init__(self, *, quiet: bool = False, verb: str = "converting", console: Any = None) -> None:
        self.quiet = quiet
        self.verb = verb
        self.console = console
        #: the files at work, by display name, with the time each started
        self.running: dict[str, float] = {}
        self.converted = self.failed = self.skipped = self.unchanged = self.warnings = 0
        self.started = time.monotonic()
        self.done = 0
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        """Start the clock, and the progress bar for ``total`` files on a terminal."""
        self.started = time.monotonic()
        if self.quiet or total < 2 or (self.console is None and not _stderr_is_terminal()):
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        console = self.console or Console(stderr=True, highlight=False, emoji=False)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=None),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[failed]}"),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            auto_refresh=False,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.verb, total=total, rate="", failed="")

    def begin(self, name: str) -> None:
        """Note that the file shown as ``name`` is now at work."""
        self.running[name] = time.monotonic()
        self.tick()

    def current(self) -> str:
        """The file at work longest, named once it has taken :data:`SLOW` seconds (the one
        holding the batch up), with how many others are at work: ``big.pdf 12 s (+1)``."""
        if not self.running:
            return ""
        name, since = min(self.running.items(), key=lambda item: item[1])
        seconds = time.monotonic() - since
        if seconds < SLOW:
            return ""
        others = f" (+{len(self.running) - 1})" if len(self.running) > 1 else ""
        return f"{_short(printable(name))} {seconds:.0f} s{others}"

    def line(self, text: str) -> None:
        """Print one line to stderr (above the progress bar, if there is one)."""
        text = printable(text)  # a file name with a newline, an ESC or bytes that are not UTF-8
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
            self._progress.refresh()
        else:
            print(text, file=sys.stderr, flush=True)

    def warn(self, text: str) -> None:
        """Count a warning, and print it unless ``quiet`` (errors only: the report and the
        sync log keep every warning)."""
        self.warnings += 1
        if not self.quiet:
            self.line(f"docconv: warning: {text}")

    def error(self, text: str) -> None:
        """Print an error line."""
        self.line(f"docconv: error: {text}")

    def result(self, outcome: Outcome) -> None:
        """Count an outcome and print its error or warnings."""
        self.running.pop(outcome.input, None)
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
        """Bring the progress bar up to date."""
        if self._progress is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self._progress.update(
            self._task,
            completed=self.done,
            rate=f"{self.done / elapsed:.1f} files/s",
            failed=f"{self.failed} failed" if self.failed else "",
            description=self.current() or self.verb,  # (the slow file, where the verb stood)
        )
        self._progress.refresh()

    def close(self) -> None:
        """Take the progress bar away (idempotent)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    @property
    def elapsed(self) -> float:
        """Seconds since :meth:`start`."""
        return time.monotonic() - self.started

    def summary(self, *, unchanged: bool = False) -> str:
        """The summary line: counts, time and rate."""
        elapsed = self.elapsed
        parts = [f"{self.converted} converted"]
        if unchanged:
            parts.append(f"{self.unchanged} unchanged")
        parts += [f"{self.skipped} skipped", f"{self.failed} failed", f"{self.warnings} warnings"]
        rate = f" ({self.done / elapsed:.1f} files/s)" if self.done and elapsed > 0 else ""
        return f"docconv: {', '.join(parts)} in {elapsed:.1f} s{rate}"

    def finish(self, *, unchanged: bool = False) -> None:
        """Close the progress bar and print the summary line (not with ``quiet``)."""
        self.close()
        if not self.quiet:
            print(self.summary(unchanged=unchanged), file=sys.stderr, flush=True)
