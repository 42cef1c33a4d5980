"""The docconv hooks: the reference for plugin authors.

A plugin is a module (or object) with functions marked ``@hookimpl`` whose names are the
hooks below; it may implement any subset. Register it through the ``docconv`` entry-point
group in the plugin package's ``pyproject.toml``::

    [project.entry-points.docconv]
    my_plugin = "my_plugin"

Every hook is called through pluggy once per run and plugin, when plugins are loaded; none
is ``firstresult``. An implementation may leave out arguments it does not use (``def
register_rules():`` is fine), so hooks can gain arguments without breaking plugins. Hooks
receive a ``register`` callable and hand it objects, so the core (not plugin load order)
decides which reader reads a file (``Reader.priority``) and in which order steps run
(``Step.order``). Plugins are called built-ins first, then installed plugins, then
``--plugin`` modules; ``@hookimpl(tryfirst=True)`` or ``@hookimpl(trylast=True)`` moves an
implementation to the front or the back, and hook wrappers (``@hookimpl(wrapper=True)``)
wrap each plugin's call. Two objects of one kind with the same name are an error reported
on stderr; the one registered later is skipped (so ``tryfirst`` lets a plugin take a name).
``DOCCONV_TRACE_PLUGINS=1`` prints every hook call to stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from .contracts import Reader, Recognizer, Step, Writer

hookspec = pluggy.HookspecMarker("docconv")
hookimpl = pluggy.HookimplMarker("docconv")


@hookspec
def register_readers(register: Callable[[Reader], None]) -> None:
    """Contribute input formats.

    :param register: call it with one :class:`convert.core.contracts.Reader` instance per format.
        The reader with the highest ``priority`` among those whose ``accepts`` returns true
        reads a file; built-in readers have priority 0.
    """


@hookspec
def register_steps(register: Callable[[Step], None]) -> None:
    """Contribute cleaning steps.

    :param register: call it with one :class:`convert.core.contracts.Step` instance per step.
        Steps run in ascending ``Step.order``; the built-ins use 100 (control characters),
        200 (site furniture), 240 (layout: the wrap width, measured once), 250 (ads),
        260 (site chrome by its shape), 280 (repeated lines), 300 (duplicate summary),
        350 (title), 370 (site-name echoes), 400 (truncated preview), 450 (plain-text lists), 500 (paragraphs:
        lines become blocks), 600 (headings), 700 (punctuation). Steps ordered below 500
        work on ``doc.lines``, above it on ``doc.blocks`` (the pipeline turns any lines left
        into blocks in between, so a block step always sees blocks, also with the
        paragraphs step switched off). Facts a step hands on to later ones go into
        ``doc.layout`` (page breaks, site names, wrap width).
        Users switch steps off by name (``--no-step NAME``).
    """


@hookspec
def register_writers(register: Callable[[Writer], None]) -> None:
    """Contribute output formats.

    :param register: call it with one :class:`convert.core.contracts.Writer` instance per format;
        ``Writer.name`` is what users pass to ``docconv convert -t``. A writer with options
        names a :class:`~convert.core.contracts.WriterOptions` subclass in ``options_class``;
        users set them with ``-O FORMAT.KEY=VALUE`` (or a named flag it declares).
    """


@hookspec
def register_recognizers(register: Callable[[Recognizer], None]) -> None:
    """Contribute a recognizer (OCR): what reads scanned PDF pages for the PDF reader.

    :param register: call it with one :class:`convert.core.contracts.Recognizer` instance.
        Its ``recognize(pdf, page, width, height, languages)`` gets the PDF's bytes, the
        page's number (1-based), its size in points and the ``--ocr-lang`` languages
        (``chi_sim+eng``), and returns the page's words as
        :class:`convert.core.ocr.RecognizedWord` (boxes in PDF points, origin at the page's
        top-left corner, confidence 0-100 or ``None``), or ``None`` to decline the page. It
        runs in the process that converts the file (a worker), must not print, and raises
        :class:`~convert.core.errors.ConversionError` for a page it fails on. The words go
        through the same layout analysis as a text layer's characters (each word's box
        split evenly over its characters, the type size taken from the box heights).

    Only one recognizer reads a page, so this could have been a ``firstresult`` hook called
    per page (``recognize_page``); it is a registration hook like the others because the
    reader cannot reach the plugin manager (readers import only ``convert.core``), because a
    registered recognizer has a name (``docconv plugins`` lists it, the provenance of an
    output names its package, ``--ocr always`` without one is refused before any file is
    read), and because the registry and not load order chooses: the first recognizer
    registered is used (built-ins first, then installed plugins, then ``--plugin``
    modules; ``@hookimpl(tryfirst=True)`` moves a plugin's to the front), the others are
    kept. The session hands the chosen one to the reader in ``Options.recognizer``.
    """


@hookspec
def register_rules(register: Callable[[Path], None]) -> None:
    """Contribute cleaning rules as data: TOML rule files (see ``convert/core/default_rules.toml``).

    :param register: call it with the path of each rule file, e.g.
        ``register(Path(__file__).with_name("mysite.toml"))``. Rules from all files are
        merged; a rule file is validated when loaded and a bad one is reported, not used.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``docconv`` command line.

    :param cli: a click group to add commands to: decorate new commands with
        ``@cli.command()``. The commands become sub-commands of ``docconv`` for this run (a
        name that is taken is reported and skipped).
    """
