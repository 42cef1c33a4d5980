"""Markdown output: YAML front matter, ``#`` title, ``##``/``###`` headings, one paragraph per block."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from convert.formats import Options, Writer
from convert.hookspecs import hookimpl
from convert.markdown import render
from convert.model import Document


class MarkdownWriter(Writer):
    name = "md"
    description = "CommonMark with YAML front matter; Markdown characters in the text are escaped."
    extension = ".md"

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        out.write(render(doc).encode("utf-8"))


@hookimpl
def register_writers(register: Callable[[Writer], None]) -> None:
    register(MarkdownWriter())
