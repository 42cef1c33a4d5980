"""What a plugin contributes: readers, cleaning steps, writers and recognizers (OCR).

A plugin subclasses one of these and hands an instance to the ``register`` callable it gets
from the matching hook (see :mod:`convert.core.hookspecs`). The core decides which reader reads a
file (highest ``priority`` among those that accept it), runs the steps in ``order`` and
writes with the writer the user named.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, Self

from .errors import ConversionError

if TYPE_CHECKING:
    from .model import Document
    from .ocr import RecognizedWord
    from .rules import RuleSet

__all__ = [
    "BLOCKS_FROM",
    "Context",
    "ConversionError",
    "OptionSpec",
    "Options",
    "Reader",
    "Recognizer",
    "Source",
    "Step",
    "Writer",
    "WriterOptions",
    "writer_option",
]


@dataclass(frozen=True, slots=True)
class Source:
    """An input as handed to a reader: a display name, the path if it is a file, the bytes."""

    name: str
    data: bytes
    path: Path | None = None

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


#: The types a writer option may have (each may also be ``X | None``, ``None`` meaning "not set").
OPTION_TYPES: tuple[type, ...] = (str, int, float, bool, Path)
_META = "docconv"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionSpec:
    """One writer option as the command line and ``docconv formats`` describe it.

    :param key: the field name, the ``KEY`` of ``-O FORMAT.KEY=VALUE``.
    :param value_type: ``str``, ``int``, ``float``, ``bool`` or ``Path``.
    :param default: the value when the option is not given (``None``: not set).
    :param help: one line for ``--help`` and ``docconv formats``.
    :param flag: a named flag of ``docconv convert`` and ``sync`` (``"--reference-docx"``), or ``None``.
    :param minimum: the smallest number allowed, or ``None``.
    :param maximum: the largest number allowed, or ``None``.
    :param choices: the values allowed (empty: any).
    """

    key: str
    value_type: type
    default: object = None
    help: str = ""
    flag: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def type_name(self) -> str:
        """The type as users see it: ``int 1..6``, ``path``, ``str (a|b)``."""
        name = "path" if self.value_type is Path else self.value_type.__name__
        if self.choices:
            return f"{name} ({'|'.join(self.choices)})"
        return f"{name} {self.range_text}" if self.range_text else name

    @property
    def range_text(self) -> str:
        """The declared bounds as ``1..6`` (``1..`` or ``..6`` for one bound; empty for none)."""
        if self.minimum is None and self.maximum is None:
            return ""
        low = "" if self.minimum is None else f"{self.minimum:g}"
        high = "" if self.maximum is None else f"{self.maximum:g}"
        return f"{low}..{high}"

    @property
    def metavar(self) -> str:
        """What the value looks like in usage lines: ``PATH``, ``INT``, ``a|b``."""
        if self.choices:
            return "|".join(self.choices)
        return {str: "TEXT", Path: "PATH", bool: "BOOL"}.get(self.value_type, self.value_type.__name__.upper())

    def parse(self, text: str) -> object:
        """``text`` as typed on the command line, converted to this option's type.

        :raises ConversionError: naming the option, when ``text`` is not of its type.
        """
        if self.value_type is bool:
            return _parse_bool(self.key, text)
        if self.value_type in (int, float):
            try:
                return self.value_type(text.strip())
            except ValueError:
                what = "a whole number" if self.value_type is int else "a number"
                raise ConversionError(f"{self.key}: expected {what}, not {text!r}") from None
        return Path(text) if self.value_type is Path else text

    def check(self, value: object) -> None:
        """Check ``value`` against the declared bounds and choices.

        :raises ConversionError: naming the option and what is allowed.
        """
        if value is None:
            return
        if self.choices and str(value) not in self.choices:
            raise ConversionError(f"{self.key}: must be one of {', '.join(self.choices)}, not {value!r}")
        if isinstance(value, int | float) and not isinstance(value, bool) and not self._in_range(value):
            raise ConversionError(f"{self.key}: must be in {self.range_text}, not {value}")

    def _in_range(self, value: float) -> bool:
        return (self.minimum is None or value >= self.minimum) and (self.maximum is None or value <= self.maximum)


def _parse_bool(key: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE or lowered in _FALSE:
        return lowered in _TRUE
    raise ConversionError(f"{key}: expected true or false, not {text!r}")


def writer_option(
    *,
    help: str = "",
    flag: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: Sequence[str] = (),
) -> Mapping[str, object]:
    """The field metadata that describes one option of a :class:`WriterOptions` subclass::

        split_level: int | None = field(default=None, metadata=writer_option(help="...", minimum=1, maximum=6))

    :param help: one line for ``--help`` and ``docconv formats``.
    :param flag: a named flag for ``docconv convert`` and ``sync`` (e.g. ``"--reference-docx"``);
        every option also works as ``-O FORMAT.KEY=VALUE``.
    :param minimum: the smallest number allowed; :meth:`WriterOptions.validate` checks it.
    :param maximum: the largest number allowed.
    :param choices: the values allowed.
    """
    return {_META: {"help": help, "flag": flag, "minimum": minimum, "maximum": maximum, "choices": tuple(choices)}}


def _base_type(key: str, hint: object) -> type:
    """``int`` for ``int`` and ``int | None``; a :class:`TypeError` for a type options cannot have."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        hint = rest[0] if len(rest) == 1 else hint
    if isinstance(hint, type) and hint in OPTION_TYPES:
        return hint
    raise TypeError(f"writer option {key!r}: type {hint!r} is not one of str, int, float, bool, Path")


@dataclass(frozen=True)
class WriterOptions:
    """A writer's typed options, declared by the writer (the core knows none of them).

    Subclass it as a frozen dataclass whose fields (``str``, ``int``, ``float``, ``bool`` or
    ``Path``, each optionally ``| None``) have defaults and are described by
    ``field(default=..., metadata=writer_option(help=..., flag=..., minimum=..., maximum=...))``,
    and name the class in :attr:`Writer.options_class`. docconv parses ``-O FORMAT.KEY=VALUE``
    and the named flags into it and calls :meth:`validate` once, before any file is converted;
    the writer reads its instance with :meth:`Writer.options_from`.
    """

    @classmethod
    def specs(cls) -> tuple[OptionSpec, ...]:
        """The declared options, in field order.

        :raises TypeError: for a field without a default or of a type options cannot have.
        """
        hints = typing.get_type_hints(cls)
        return tuple(_option_spec(f, hints[f.name]) for f in dataclasses.fields(cls))

    @classmethod
    def parse(cls, values: Mapping[str, str]) -> Self:
        """The options from ``{key: text}`` as typed on the command line, converted and validated.

        :raises ConversionError: for an unknown key (naming the known ones) or a bad value.
        """
        specs = {spec.key: spec for spec in cls.specs()}
        for key in values:
            if key not in specs:
                raise ConversionError(f"unknown option {key!r} (known: {', '.join(specs) or 'none'})")
        options = cls(**{key: specs[key].parse(text) for key, text in values.items()})
        options.validate()
        return options

    def validate(self) -> None:
        """Check each value against its declared bounds and choices. Override it to check more
        (call ``super().validate()`` first).

        :raises ConversionError: naming the option and the problem.
        """
        for spec in self.specs():
            spec.check(getattr(self, spec.key))

    def as_dict(self) -> dict[str, object]:
        """``{key: value}`` for every option, defaults included."""
        return {spec.key: getattr(self, spec.key) for spec in self.specs()}


def _option_spec(f: dataclasses.Field[Any], hint: object) -> OptionSpec:
    if f.default is dataclasses.MISSING:
        raise TypeError(f"writer option {f.name!r} needs a default")
    meta = dict(f.metadata.get(_META, {}))
    return OptionSpec(key=f.name, value_type=_base_type(f.name, hint), default=f.default, **meta)


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Settings for one conversion.

    :param disabled_steps: names of cleaning steps not to run.
    :param enabled_steps: names of steps that are off by default but wanted.
    :param rule_files: extra rule files (``--rules``).
    :param writer_options: each writer's validated :class:`WriterOptions`, by writer name
        (a writer reads its own with :meth:`Writer.options_from`).
    :param settings: free-form strings for third-party plugins (the built-in ``to-traditional``
        step reads ``traditional-variant``, which ``--traditional-variant`` sets).
    :param images: carry figures into the outputs (``--no-images`` sets it to ``False``:
        the core then replaces every figure by its caption before any writer runs).
    :param images_dir: where writers that link images (:attr:`Writer.links_images`) get
        them written (``--images-dir``): relative to the output's folder unless absolute,
        the files named ``NAME-FIGURE``; ``None``: ``NAME_files/`` beside the output.
    :param page_marks: keep an anchor where each page of the source begins (``--page-marks``):
        blocks get their :attr:`~convert.core.model.Block.page_starts` and the writers write
        them (EPUB page breaks, DOCX bookmarks, Markdown ``<span>`` marks).
    :param metadata: metadata the user gave (``--title``, ``--author``, ``--date``,
        ``--language``, ``-M KEY=VALUE``) as checked ``(key, value)`` pairs: applied over what
        was found at the end of cleaning (see :mod:`convert.core.metadata`).
    :param provenance: record how each output was made (``Metadata.provenance``: source
        checksum, conversion time, versions, steps, options) in it and in the report
        (``--no-provenance`` sets it to ``False``, for outputs identical across runs).
    :param notices: writers add a short visible notice for a truncated preview, a damaged
        source and what the cleaner was unsure about (``--no-notices``: ``False``).
    :param ocr: when the PDF reader reads a page with the recognizer (``--ocr``): ``auto``
        (a page without a text layer that draws images), ``always`` (every page, its text
        layer ignored) or ``never``.
    :param ocr_languages: the languages the recognizer reads, as Tesseract names them,
        ``+`` between them (``--ocr-lang``, default ``chi_sim+eng``).
    :param recognizer: the OCR plugin's :class:`Recognizer` the reader uses, or ``None``.
        Not a user's setting: the session sets it from the registry for each read
        (:attr:`convert.app.session.Session.read_options`), so options stay plain values
        that pickle (a cluster's workers get them) and are recorded in provenance.
    """

    disabled_steps: frozenset[str] = frozenset()
    enabled_steps: frozenset[str] = frozenset()
    rule_files: tuple[Path, ...] = ()
    writer_options: Mapping[str, WriterOptions] = field(default_factory=dict)
    settings: Mapping[str, str] = field(default_factory=dict)
    images: bool = True
    images_dir: Path | None = None
    page_marks: bool = False
    metadata: tuple[tuple[str, str], ...] = ()
    provenance: bool = True
    notices: bool = True
    ocr: str = "auto"
    ocr_languages: str = "chi_sim+eng"
    recognizer: Recognizer | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Context:
    """What a step gets besides the document: the options and the loaded rule set."""

    options: Options
    rules: RuleSet


class Reader(ABC):
    """Turns an input file into a :class:`~convert.core.model.Document` with ``lines`` filled.

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
    """Writes a cleaned :class:`~convert.core.model.Document` in one output format.

    ``name`` is what users pass to ``-t`` (``md``, ``docx``...); ``extension`` the output
    file's suffix. The core opens a temporary file, calls :meth:`write`, and renames the
    file into place only when :meth:`write` returns, so a failing writer leaves nothing.
    """

    name: str = ""
    description: str = ""
    extension: str = ""
    #: The writer's typed options (a :class:`WriterOptions` subclass), or ``None`` for none.
    options_class: ClassVar[type[WriterOptions] | None] = None
    #: The writer links figures to files beside its output instead of embedding them: before
    #: it runs, the core writes each figure's image beside the output (``NAME_files/``, or
    #: ``Options.images_dir``) and hands it a document whose figures have ``path`` set.
    links_images: ClassVar[bool] = False

    @abstractmethod
    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        """Write ``doc`` to the binary stream ``out``."""

    def warnings_for(self, doc: Document, options: Options) -> tuple[str, ...]:
        """Warnings about how this writer will write ``doc`` (an option that does not apply to
        it, say); the core adds them to the document's warnings after cleaning. None by default."""
        return ()

    def options_from(self, options: Options) -> WriterOptions:
        """This writer's options in ``options``: those the user gave, else the defaults."""
        cls = self.options_class or WriterOptions
        found = options.writer_options.get(self.name)
        if found is None:
            return cls()
        if not isinstance(found, cls):
            raise TypeError(f"options for writer {self.name!r} must be {cls.__name__}, not {type(found).__name__}")
        return found


class Recognizer(ABC):
    """Reads the text of a page drawn as an image (OCR): what an OCR plugin contributes.

    The PDF reader asks it for the pages it cannot read from the text layer (see
    :attr:`Options.ocr`) and reads the words it returns like a text layer's characters.
    ``languages`` lists the language codes it can read (``("eng", "chi_sim")``; empty: it
    does not say); ``description`` is one line for ``docconv plugins``.
    """

    name: str = ""
    description: str = ""
    languages: tuple[str, ...] = ()

    @abstractmethod
    def recognize(
        self, pdf: bytes, page: int, width: float, height: float, languages: str
    ) -> Sequence[RecognizedWord] | None:
        """The words on page ``page`` of ``pdf``, or ``None`` to decline the page.

        :param pdf: the whole PDF file (render the page from it, e.g. with pypdfium2).
        :param page: the page's number, 1-based.
        :param width: the page's width in points (the words' ``x`` run from 0 to it).
        :param height: the page's height in points (the words' ``top``/``bottom`` run from 0,
            the top of the page, to it).
        :param languages: what to read, Tesseract's codes joined with ``+`` (``chi_sim+eng``).
        :returns: the words in any order, each a :class:`~convert.core.ocr.RecognizedWord`
            in points from the page's top-left corner; an empty list for a page with no
            text; ``None`` when this recognizer cannot read the page (it is then read as
            it is: without a text layer). It runs in the process that converts the file (a
            batch's worker), may take seconds, must not print (stdout may be the output)
            and raises :class:`ConversionError` for a page it fails on (the page is
            reported as unreadable, the others are read).
        """


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
