"""The one exception the pipeline reports to users: a problem with one input or output."""

from __future__ import annotations


class ConversionError(Exception):
    """A problem with one input (or output) that the user must be told about in one line.

    Raise it from a reader, step or writer with a plain reason; the core adds the file name.
    """

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason
