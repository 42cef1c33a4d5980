"""What a plugin contributes: readers, cleaning steps and writers.

A plugin subclasses one of these and hands an instance to the ``register`` callable it gets
from the matching hook (see :mod:`convert.core.hookspecs`). The core decides which reader reads a
file (highest ``priority`` among those that accept it), runs the steps in ``order`` and
writes with the writer the user named.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import ConversionError

if TYPE_CHECKING:
    from .model import Document
    from .rules import RuleSet

__all__ = ["BLOCKS_FROM", "Context", "ConversionError", "Options", "Reader", "Source", "Step", "Writer"]


@dataclass(frozen=True, slots=True)
class Source:
    """An input as handed to a reader: a display name, the path if it is a file, the bytes."""

    name: str
    data: bytes
    path: Path | None = None

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Settings for one conversion.

    :param disabled_steps: names of cleaning steps not to run.
    :param enabled_steps: names of steps that are off by default but wanted.
    :param settings: free-form settings for plugins, e.g. ``{"reference_docx": "ref.docx"}``.
    """

    disabled_steps: frozenset[str] = frozenset()
    enabled_steps: frozenset[str] = frozenset()
    rule_files: tuple[Path, ...] = ()
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    """What a step gets besides the document: the options and the loaded rule set."""

    options: Options
    rules: RuleSet


class Reader(ABC):
    """Turns an input file into a :class:`~convert.model.Document` with ``lines`` filled.

    ``extensions`` (lower case, with the dot) are what :meth:`accepts` checks by default;
    override it to sniff the content instead. Among readers that accept a file, the one
    with the highest ``priority`` reads it (built-ins use 0; use a higher value to take
    over a format, a lower one to be a fallback).
    """

    name: str = ""
    description: str = ""
    extensions: tuple[str, ...] = ()
    priority: float = 0.0

    def accepts(self, source: Source) -> bool:
        """Whether this reader can read ``source`` (by default: by its file extension)."""
        return source.suffix in self.extensions

    @abstractmethod
    def read(self, source: Source, options: Options) -> Document:
        """Read ``source``; raise :class:`ConversionError` for input it cannot read."""


class Writer(ABC):
    """Writes a cleaned :class:`~convert.model.Document` in one output format.

    ``name`` is what users pass to ``-t`` (``md``, ``docx``...); ``extension`` the output
    file's suffix. The core opens a temporary file, calls :meth:`write`, and renames the
    file into place only when :meth:`write` returns, so a failing writer leaves nothing.
    """

    name: str = ""
    description: str = ""
    extension: str = ""

    @abstractmethod
    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        """Write ``doc`` to the binary stream ``out``."""


class Step(ABC):
    """One named cleaning step: a function from document to document.

    Steps run in ascending ``order``. Steps below :data:`BLOCKS_FROM` work on
    ``doc.lines`` (dropping furniture, finding metadata); the built-in ``paragraphs`` step at
    :data:`BLOCKS_FROM` turns lines into ``doc.blocks``; steps above it work on blocks.
    A step records everything it drops (``doc.drop_lines``) and every edit (``doc.record``).
    Set ``default_enabled = False`` for a step users must ask for (``--step NAME``).
    """

    name: str = ""
    description: str = ""
    order: int = 0
    default_enabled: bool = True

    @abstractmethod
    def run(self, doc: Document, ctx: Context) -> Document:
        """Return the cleaned document (``doc`` itself when there is nothing to do)."""


#: Order of the built-in step that turns lines into blocks. Steps ordered below it see
#: ``doc.lines``; steps above it see ``doc.blocks``.
BLOCKS_FROM = 500
