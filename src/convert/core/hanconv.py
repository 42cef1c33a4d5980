"""Simplified <-> Traditional Chinese conversion with OpenCC.

OpenCC (Open Chinese Convert) converts by phrase before character (``头发`` -> ``頭髮``,
``发展`` -> ``發展``) with its own dictionaries, and knows the regional standards of Taiwan and
Hong Kong. It comes from the ``opencc`` package, the official Python binding, installed with
docconv's ``opencc`` extra (``pip install 'docconv[opencc]'``) and imported only when a
conversion runs; without it a conversion is one clear error naming the extra.

The ``to-simplified`` and ``to-traditional`` steps use this module; the command line checks
:func:`available` before it converts anything.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from convert.core.errors import ConversionError

#: What to do when OpenCC is missing.
INSTALL_HINT = "install docconv's opencc extra: pip install 'docconv[opencc]'"
#: The :data:`Options.settings <convert.core.contracts.Options>` key that names the Traditional
#: standard of the ``to-traditional`` step (``--traditional-variant``).
VARIANT_SETTING = "traditional-variant"


@dataclass(frozen=True, slots=True)
class Variant:
    """One Traditional standard: its OpenCC configuration from Simplified and the language
    tag of the result."""

    config: str
    tag: str


#: The Traditional standards ``--traditional-variant`` names: ``standard`` (OpenCC's standard
#: Traditional characters, ``zh-Hant``), ``tw`` (Taiwan's forms, ``zh-TW``), ``hk`` (Hong
#: Kong's forms, ``zh-HK``). Characters only: words are not localised (OpenCC's ``s2twp``,
#: which also turns ``软件`` into ``軟體``, rewrites ordinary words and does not round-trip).
TRADITIONAL_VARIANTS: dict[str, Variant] = {
    "standard": Variant("s2t", "zh-Hant"),
    "tw": Variant("s2tw", "zh-TW"),
    "hk": Variant("s2hk", "zh-HK"),
}
#: OpenCC configurations that bring a region's own Traditional forms back to OpenCC's standard.
REGIONAL_FORMS = {"TW": "tw2t", "HK": "hk2t", "MO": "hk2t"}
#: The tag of text converted to Simplified characters.
SIMPLIFIED_TAG = "zh-Hans"


def available() -> bool:
    """Whether the OpenCC library can be imported (without importing it)."""
    return importlib.util.find_spec("opencc") is not None


def missing(what: str) -> ConversionError:
    """The error for ``what`` (``--to-traditional``) when OpenCC is not installed."""
    return ConversionError(f"{what} needs the OpenCC library, which is not installed: {INSTALL_HINT}")


@functools.cache
def converter(config: str) -> Callable[[str], str]:
    """OpenCC's conversion ``config`` (``s2t``, ``t2s``, ``s2tw``, ``tw2s``, ``hk2s``...) as a
    function of a string, loaded once per process.

    :raises ConversionError: when OpenCC is missing or does not know ``config``.
    """
    try:
        import opencc
    except ImportError:
        raise missing(f"Chinese conversion ({config})") from None
    try:
        return opencc.OpenCC(config).convert  # type: ignore[no-any-return]
    except Exception as exc:  # (the binding raises a plain Exception for an unknown config)
        raise ConversionError(f"OpenCC cannot load its conversion {config!r}: {exc}") from None


def chain(configs: tuple[str, ...]) -> Callable[[str], str]:
    """The conversions ``configs`` one after the other, as one function."""
    steps = [converter(c) for c in configs if c]

    def run(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return run


def region(tag: str | None) -> str:
    """The region a Chinese tag names, upper case (``zh-Hant-HK`` -> ``HK``), or ``""``."""
    parts = (tag or "").replace("_", "-").split("-")
    return next((p.upper() for p in parts[1:] if len(p) == 2), "")


def to_simplified(language: str | None) -> tuple[str, ...]:
    """The OpenCC conversions from a document tagged ``language`` to Simplified characters:
    Taiwan's and Hong Kong's forms are read as such (``tw2s``, ``hk2s``), others as OpenCC's
    standard Traditional (``t2s``)."""
    where = region(language)
    return ("tw2s",) if where == "TW" else ("hk2s",) if where in ("HK", "MO") else ("t2s",)


def to_traditional(language: str | None, variant: str) -> tuple[str, ...]:
    """The OpenCC conversions from a document tagged ``language`` to the Traditional standard
    ``variant`` (a key of :data:`TRADITIONAL_VARIANTS`): a document already in one region's
    Traditional forms is first brought back to OpenCC's standard (``hk2t`` before ``s2tw``),
    unless that region is the one asked for.

    :raises ConversionError: for an unknown ``variant``.
    """
    if variant not in TRADITIONAL_VARIANTS:
        raise ConversionError(f"unknown Traditional variant {variant!r} (known: {', '.join(TRADITIONAL_VARIANTS)})")
    target = TRADITIONAL_VARIANTS[variant]
    where = region(language)
    first = REGIONAL_FORMS.get(where, "") if where != region(target.tag) else ""
    return (first, target.config) if first else (target.config,)
