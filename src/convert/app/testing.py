"""A test kit for docconv plugin authors.

Plain functions, no pytest fixtures and no global state, so they work in any test runner::

    from convert.testing import check_writer, convert_text, registry_with

    def test_my_step() -> None:
        doc = convert_text("Title\\n\\nSome text.\\n", plugins=["my_plugin"])
        assert doc.blocks[-1].text == "Some text."

    def test_my_writer() -> None:
        check_writer(MyWriter(), read_back=lambda data: data.decode("utf-8"))

Everything here builds its own registry with installed entry-point plugins switched off (as
docconv's own tests do), so a test sees docconv's built-ins plus exactly the plugins it names.
Failures raise :class:`AssertionError` with a message that says what went wrong.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from types import ModuleType

from convert.core.contracts import ConversionError, Options, Source, Writer
from convert.core.model import Block, Document, Metadata, Origin

from .pipeline import convert_source
from .plugins import ENTRY_POINT_GROUP, Registry, build_registry
from .staging import write_atomic

__all__ = [
    "CJK_SAMPLE_NAME",
    "LARGE_PARAGRAPHS",
    "check_writer",
    "cjk_sample_text",
    "convert_text",
    "listed_plugins",
    "registry_with",
    "sample_documents",
]

#: The bundled Chinese sample: a speech scraped from a document-sharing site, with its site
#: furniture, page-break ads and hard-wrapped lines (``convert/testdata/``).
CJK_SAMPLE_NAME = "speech.scraped.txt"
#: How many paragraphs the "large" sample document of :func:`sample_documents` has.
LARGE_PARAGRAPHS = 2000

Plugin = str | ModuleType | object
_counter = itertools.count(1)


def _as_module(plugin: Plugin) -> tuple[str, ModuleType | None]:
    """A module name that :func:`build_registry` can import for ``plugin``.

    Module names are used as they are; an imported module by its ``__name__``; any other object
    (a class or instance with ``@hookimpl`` methods) is wrapped in a throw-away module.
    """
    if isinstance(plugin, str):
        return plugin, None
    if isinstance(plugin, ModuleType) and sys.modules.get(plugin.__name__) is plugin:
        return plugin.__name__, None
    name = f"_docconv_testing_plugin_{next(_counter)}"
    wrapper = ModuleType(name)
    for attr in dir(plugin):
        value = getattr(plugin, attr, None)
        if callable(value) and getattr(value, f"{ENTRY_POINT_GROUP}_impl", None) is not None:
            setattr(wrapper, attr, value)
    return name, wrapper


def registry_with(*plugins: Plugin) -> Registry:
    """A registry with docconv's built-ins and ``plugins``, but no installed plugins.

    :param plugins: module names (``"my_plugin"``), imported modules, or objects whose
        ``@hookimpl`` methods implement hooks (e.g. an instance of a class).
    :raises AssertionError: when a plugin fails to load or to register (docconv itself would
        only warn on stderr and go on without it).
    """
    names: list[str] = []
    wrappers: dict[str, ModuleType] = {}
    for plugin in plugins:
        name, wrapper = _as_module(plugin)
        names.append(name)
        if wrapper is not None:
            wrappers[name] = wrapper
    sys.modules.update(wrappers)
    try:
        registry = build_registry(names, load_entry_points=False)
    finally:
        for name in wrappers:
            sys.modules.pop(name, None)
    if registry.problems:
        raise AssertionError("plugin problems:\n  " + "\n  ".join(registry.problems))
    return registry


def convert_text(
    text: str | bytes,
    *,
    plugins: Iterable[Plugin] = (),
    name: str = "input.txt",
    options: Options | None = None,
    registry: Registry | None = None,
) -> Document:
    """Run the whole pipeline short of writing (reader, then every enabled step) on ``text``.

    :param text: the input; a ``str`` is encoded as UTF-8. Pass ``bytes`` for binary formats.
    :param plugins: what :func:`registry_with` gets (ignored when ``registry`` is given).
    :param name: the input's file name; its extension picks the reader.
    :param options: conversion options (default: ``Options()``).
    :param registry: a registry to reuse across calls (faster than building one per call).
    :returns: the cleaned :class:`~convert.model.Document` (``blocks``, ``meta``,
        ``removals``...). A reader or step failure raises :class:`~convert.ConversionError`.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    reg = registry if registry is not None else registry_with(*plugins)
    return convert_source(Source(name=name, data=data), reg, options or Options())


def cjk_sample_text() -> str:
    """The bundled Chinese sample (scraped text with site furniture), as text."""
    return resources.files("convert").joinpath("testdata", CJK_SAMPLE_NAME).read_text(encoding="utf-8")


def sample_documents(registry: Registry | None = None) -> dict[str, Document]:
    """The documents :func:`check_writer` writes, by name.

    ``minimal``: one paragraph, no metadata at all. ``large``: a title, headings and
    :data:`LARGE_PARAGRAPHS` paragraphs. ``cjk``: the bundled Chinese sample after docconv's
    cleaning (title, ``一、`` headings, long Chinese paragraphs, date and page metadata).
    """
    minimal = Document(blocks=(Block(kind="paragraph", text="A single short paragraph.", origins=(Origin(1),)),))
    blocks = [Block(kind="title", text="A Large Test Document", level=1)]
    for i in range(1, LARGE_PARAGRAPHS + 1):
        if i % 100 == 1:
            blocks.append(Block(kind="heading", text=f"Part {i // 100 + 1}", level=2))
        blocks.append(Block(kind="paragraph", text=f'Paragraph {i} of the large document: <tag> & "quotes" *stars*.'))
    large = Document(meta=Metadata(title="A Large Test Document", language="en"), blocks=tuple(blocks))
    reg = registry if registry is not None else registry_with()
    cjk = convert_text(cjk_sample_text(), name=CJK_SAMPLE_NAME, registry=reg)
    return {"minimal": minimal, "large": large, "cjk": cjk}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_writer(
    writer: Writer,
    read_back: Callable[[bytes], str],
    *,
    options: Options | None = None,
    documents: Mapping[str, Document] | None = None,
) -> dict[str, bytes]:
    """Check the contract every writer must keep; raise :class:`AssertionError` if it does not.

    The writer must have a ``name``, a ``description`` and an ``extension`` starting with a
    dot; for each sample document (:func:`sample_documents`: minimal, large, CJK) it must write
    a non-empty file the way ``docconv convert`` does (a temporary file renamed into place),
    and the text of every block (title, headings, paragraphs) must be found in what
    ``read_back`` returns for the file's bytes. White space is ignored in that comparison, so
    a writer may wrap lines.

    :param writer: an instance of the writer to check.
    :param read_back: turns the written bytes back into text: e.g.
        ``lambda data: data.decode("utf-8")`` for a text format, or a function that opens a
        zip and strips the markup for a packaged one.
    :param options: the options the writer gets (default: ``Options()``).
    :param documents: other documents to check instead of the samples.
    :returns: the bytes written for each document, by name, for further checks.
    """
    problems: list[str] = []
    if not isinstance(writer, Writer):
        raise AssertionError(f"{writer!r} is not a convert.Writer")
    if not writer.name or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", writer.name):
        problems.append(f"name {writer.name!r} must be a short lower-case word (what users pass to -t)")
    if not writer.extension.startswith(".") or len(writer.extension) < 2:
        problems.append(f"extension {writer.extension!r} must start with a dot, e.g. '.txt'")
    if not writer.description:
        problems.append("description is empty (docconv formats shows it)")
    if problems:
        raise AssertionError(f"writer {writer.name!r}: " + "; ".join(problems))
    docs = dict(documents) if documents is not None else sample_documents()
    written: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="docconv-check-writer-") as tmp:
        for label, doc in docs.items():
            target = Path(tmp) / f"{label}{writer.extension}"
            try:
                write_atomic(target, writer, doc, options or Options())
            except ConversionError as exc:
                problems.append(f"{label}: {exc}")
                continue
            data = target.read_bytes()
            if not data:
                problems.append(f"{label}: wrote an empty file")
                continue
            written[label] = data
            text = _squash(read_back(data))
            missing = [b.text for b in doc.blocks if _squash(b.text) not in text]
            if missing:
                shown = "; ".join(repr(m[:60]) for m in missing[:3])
                problems.append(
                    f"{label}: {len(missing)} of {len(doc.blocks)} blocks not found when read back: {shown}"
                )
            leftovers = sorted(p.name for p in Path(tmp).iterdir() if p.name.endswith(".part"))
            if leftovers:
                problems.append(f"{label}: temporary files left behind: {leftovers}")
    if problems:
        raise AssertionError(f"writer {writer.name!r}:\n  " + "\n  ".join(problems))
    return written


def listed_plugins(*, all_plugins: bool = False, env: Mapping[str, str] | None = None) -> list[dict[str, object]]:
    """What ``docconv plugins`` lists in a fresh process, with installed plugins enabled.

    Use it to check that a package's ``[project.entry-points.docconv]`` entry works once it
    is installed (``pip install -e .``): the in-process helpers above never load entry points.
    ``DOCCONV_DISABLE_PLUGINS`` is removed from the child's environment.

    :returns: one dict per plugin: ``name``, ``package``, ``version``, ``module``, ``hooks``,
        ``readers``, ``writers``, ``steps``, ``rules``.
    :raises AssertionError: when the command fails or warns about a plugin.
    """
    child = {k: v for k, v in (env if env is not None else os.environ).items() if k != "DOCCONV_DISABLE_PLUGINS"}
    command = [sys.executable, "-m", "convert", "plugins", *(["--all"] if all_plugins else [])]
    proc = subprocess.run(command, capture_output=True, text=True, env=child, timeout=120, check=False)
    if proc.returncode != 0 or "warning" in proc.stderr:
        raise AssertionError(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stderr}")
    rows: list[dict[str, object]] = json.loads(proc.stdout)
    return rows
