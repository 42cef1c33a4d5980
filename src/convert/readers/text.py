"""Reader for scraped plain text (``.txt``): encoding detection and line provenance; sure
whitespace-aligned tables are read whole (:mod:`convert.core.textblocks`); lists are read by
the ``plain-lists`` step, after the furniture steps (:attr:`Layout.plain_text`)."""

from __future__ import annotations

from collections.abc import Callable

from convert.core.contracts import ConversionError, Options, Reader, Source
from convert.core.decode import check_text, decode_text
from convert.core.hookspecs import hookimpl
from convert.core.model import Document, Layout, Metadata
from convert.core.segment import split_lines
from convert.core.textblocks import plain_structures


class TextReader(Reader):
    name = "text"
    description = "Scraped plain text (UTF-8 with or without BOM, UTF-16, GB18030/GBK), any line ending."
    extensions = (".txt", ".text", "")
    priority = 0.0

    def read(self, source: Source, options: Options) -> Document:
        decoded = decode_text(source.data)
        text, encoding = decoded.text, decoded.encoding
        check_text(text)
        lines = split_lines(text)
        if not lines:
            raise ConversionError("empty file: there is no text to convert")
        lines, structures = plain_structures(lines, lists=False)  # (sure tables; lists: a step)
        meta = Metadata(source=source.name, extra=(("encoding", encoding),), damaged=decoded.damaged)
        layout = Layout(plain_text=True)
        return Document(meta=meta, layout=layout, lines=lines, structures=structures).warn(*decoded.warnings)


@hookimpl
def register_readers(register: Callable[[Reader], None]) -> None:
    register(TextReader())
