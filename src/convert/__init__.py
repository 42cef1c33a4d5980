"""docconv: turn messy downloaded documents into clean Markdown, DOCX and EPUB.

The public API for plugin authors is what this module exports; everything else is private.
"""

from __future__ import annotations

from .formats import BLOCKS_FROM, Context, ConversionError, Options, Reader, Source, Step, Writer
from .hookspecs import hookimpl
from .model import Block, Change, Document, Line, Metadata, Origin, Removal

__version__ = "0.1.0"

__all__ = [
    "BLOCKS_FROM",
    "Block",
    "Change",
    "Context",
    "ConversionError",
    "Document",
    "Line",
    "Metadata",
    "Options",
    "Origin",
    "Reader",
    "Removal",
    "Source",
    "Step",
    "Writer",
    "__version__",
    "hookimpl",
]
