"""docconv: turn messy downloaded documents into clean Markdown, DOCX and EPUB.

The public API for plugin authors is what this module exports (the plugin contract, which
lives in :mod:`convert.core`); the test kit is :mod:`convert.app.testing`. The package is laid
out by pipeline stage:

``convert.core``
    the contract every stage shares: document model, Reader/Step/Writer, hookspecs, rules,
    errors, and the core services decoding and segmentation.
``convert.readers`` / ``convert.steps`` / ``convert.writers``
    the built-in plugins, one per format or step, each beside its internals.
``convert.app``
    the application around them: plugin loading, session, pipeline, batch, sync, report,
    audit and the command line.

The exported names are looked up on first use (:func:`__getattr__`, PEP 562): ``import
convert`` happens on every start of the ``docconv`` command, and ``docconv --help`` needs
only ``__version__``, not the document model and contracts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _deprecated

if TYPE_CHECKING:  # (what type checkers and readers see; at run time see _EXPORTS)
    from .core.contracts import (
        BLOCKS_FROM,
        Context,
        ConversionError,
        Options,
        Reader,
        Recognizer,
        Source,
        Step,
        Writer,
        WriterOptions,
        writer_option,
    )
    from .core.hookspecs import hookimpl
    from .core.model import (
        Block,
        Cell,
        Change,
        Code,
        Document,
        Figure,
        Footnote,
        Layout,
        Line,
        ListBlock,
        ListItem,
        Metadata,
        Origin,
        PageStart,
        Provenance,
        Removal,
        Table,
        make_list,
        make_table,
    )
    from .core.ocr import RecognizedWord
    from .readers.pdf import read_pdf

__version__ = "0.2.0"

_deprecated.install()

#: Where each exported name lives: the module :func:`__getattr__` imports it from.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        (
            "BLOCKS_FROM",
            "Context",
            "ConversionError",
            "Options",
            "Reader",
            "Recognizer",
            "Source",
            "Step",
            "Writer",
            "WriterOptions",
            "writer_option",
        ),
        "convert.core.contracts",
    ),
    "hookimpl": "convert.core.hookspecs",
    "RecognizedWord": "convert.core.ocr",
    "read_pdf": "convert.readers.pdf",
    **dict.fromkeys(
        (
            "Block",
            "Cell",
            "Change",
            "Code",
            "Document",
            "Figure",
            "Footnote",
            "Layout",
            "Line",
            "ListBlock",
            "ListItem",
            "Metadata",
            "Origin",
            "PageStart",
            "Provenance",
            "Removal",
            "Table",
            "make_list",
            "make_table",
        ),
        "convert.core.model",
    ),
}


def __getattr__(name: str) -> object:
    """An exported name, imported from its module on first use and then kept here."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "BLOCKS_FROM",
    "Block",
    "Cell",
    "Change",
    "Code",
    "Context",
    "ConversionError",
    "Document",
    "Figure",
    "Footnote",
    "Layout",
    "Line",
    "ListBlock",
    "ListItem",
    "Metadata",
    "Options",
    "Origin",
    "PageStart",
    "Provenance",
    "Reader",
    "RecognizedWord",
    "Recognizer",
    "Removal",
    "Source",
    "Step",
    "Table",
    "Writer",
    "WriterOptions",
    "__version__",
    "hookimpl",
    "make_list",
    "make_table",
    "read_pdf",
    "writer_option",
]
