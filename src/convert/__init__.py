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
"""

from __future__ import annotations

from . import _deprecated
from .core.contracts import (
    BLOCKS_FROM,
    Context,
    ConversionError,
    Options,
    Reader,
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

__version__ = "0.2.0"

_deprecated.install()

__all__ = [
    "BLOCKS_FROM",
    "Block",
    "Cell",
    "Change",
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
    "writer_option",
]
