"""The command line's OCR options: ``--ocr auto|always|never`` and ``--ocr-lang LANGS`` (on
``convert``, ``sync``, ``clean`` and ``inspect``).

They set ``Options.ocr`` and ``Options.ocr_languages``: which pages of a PDF the OCR plugin's
recognizer reads, and in which languages. Their values are kept on the click context (like
the Chinese options), so no command's signature changes; :func:`with_ocr` reads them when
the session is made: ``--ocr always`` with no recognizer installed is a usage error (exit
status 2) before any file is read. Only click and :mod:`convert.core.ocr` are imported at
start-up.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import click

from convert.core.ocr import DEFAULT_OCR_LANGUAGES, OCR_MODES, OCR_PLUGIN

from .kept import keeper, kept

if TYPE_CHECKING:
    from convert.core.contracts import Options

    from .plugins import Registry

#: Where the options keep their values: ``click.Context.meta``.
OCR_KEY = "docconv.ocr"
_keep = keeper(OCR_KEY)


def ocr_options(func):  # type: ignore[no-untyped-def]
    """``--ocr`` and ``--ocr-lang`` (values kept on the context, see :data:`OCR_KEY`)."""
    func = click.option(
        "--ocr-lang",
        "ocr_lang",
        default=DEFAULT_OCR_LANGUAGES,
        show_default=True,
        expose_value=False,
        callback=_keep,
        metavar="LANGS",
        help="Languages the OCR plugin reads scanned pages in (Tesseract codes, joined with +).",
    )(func)
    func = click.option(
        "--ocr",
        "ocr",
        type=click.Choice(OCR_MODES),
        default="auto",
        show_default=True,
        expose_value=False,
        callback=_keep,
        help=f"Read PDF pages with the OCR plugin ({OCR_PLUGIN}): auto (pages without a text layer), "
        "always (every page, its text layer ignored) or never.",
    )(func)
    return func


def with_ocr(options: Options, registry: Registry, given: dict[str, Any] | None = None) -> Options:
    """``options`` with the OCR mode and languages the command line gave.

    :param given: the options' values (default: those on the current click context).
    :raises click.UsageError: for ``--ocr always`` when no recognizer is installed, or an
        empty ``--ocr-lang``.
    """
    given = kept(OCR_KEY) if given is None else given
    mode = given.get("ocr") or options.ocr
    languages = str(given.get("ocr_lang", options.ocr_languages) or "").strip()
    if not languages:
        raise click.UsageError("--ocr-lang needs at least one language (e.g. eng, chi_sim+eng)")
    if mode == "always" and registry.recognizer() is None:
        raise click.UsageError(
            f"--ocr always needs an OCR plugin: install {OCR_PLUGIN} (pip install {OCR_PLUGIN}, or pip "
            f"install -e plugins/{OCR_PLUGIN} in docconv's source tree)"
        )
    return dataclasses.replace(options, ocr=mode, ocr_languages=languages)
