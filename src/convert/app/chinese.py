"""The command line's Simplified/Traditional options: ``--to-simplified``, ``--to-traditional``
and ``--traditional-variant`` (on ``convert``, ``sync``, ``clean`` and ``inspect``).

They switch on the ``to-simplified`` or ``to-traditional`` step (as ``--step NAME`` does) and
name the Traditional standard in ``Options.settings`` (``traditional-variant``). Their values
are kept on the click context (like the limit options), so no command's signature changes;
:func:`with_chinese` reads them when the session is made and checks them before any file is
read: both conversions at once, a variant without ``--to-traditional`` or a missing OpenCC
library is a usage error (exit status 2).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import click

from convert.core import hanconv

from .kept import keeper, kept

if TYPE_CHECKING:
    from convert.core.contracts import Options

#: Where the options keep their values: ``click.Context.meta``.
CHINESE_KEY = "docconv.chinese"
SIMPLIFIED_STEP = "to-simplified"
TRADITIONAL_STEP = "to-traditional"
_keep = keeper(CHINESE_KEY)


def chinese_options(func):  # type: ignore[no-untyped-def]
    """``--to-simplified``, ``--to-traditional`` and ``--traditional-variant`` (values kept on
    the context, see :data:`CHINESE_KEY`)."""
    func = click.option(
        "--traditional-variant",
        type=click.Choice(list(hanconv.TRADITIONAL_VARIANTS)),
        default=None,
        expose_value=False,
        callback=_keep,
        help="With --to-traditional: OpenCC's standard characters (standard, the default; tagged zh-Hant), "
        "Taiwan's forms (tw; zh-TW) or Hong Kong's (hk; zh-HK).",
    )(func)
    func = click.option(
        "--to-traditional",
        is_flag=True,
        expose_value=False,
        callback=_keep,
        help="Convert Chinese text to Traditional characters (OpenCC; needs docconv[opencc]).",
    )(func)
    func = click.option(
        "--to-simplified",
        is_flag=True,
        expose_value=False,
        callback=_keep,
        help="Convert Chinese text to Simplified characters (OpenCC; needs docconv[opencc]).",
    )(func)
    return func


def with_chinese(options: Options, given: dict[str, Any] | None = None) -> Options:
    """``options`` with the conversion the command line asked for switched on.

    :param given: the options' values (default: those on the current click context).
    :raises click.UsageError: for both conversions at once (also by ``--step``), a
        ``--traditional-variant`` without ``--to-traditional``, or OpenCC missing.
    """
    given = kept(CHINESE_KEY) if given is None else given
    enabled = set(options.enabled_steps)
    if given.get("to_simplified"):
        enabled.add(SIMPLIFIED_STEP)
    if given.get("to_traditional"):
        enabled.add(TRADITIONAL_STEP)
    wanted = sorted({SIMPLIFIED_STEP, TRADITIONAL_STEP} & enabled - set(options.disabled_steps))
    if len(wanted) == 2:
        raise click.UsageError("--to-simplified and --to-traditional exclude each other: give one")
    variant = given.get("traditional_variant")
    settings = dict(options.settings)
    if variant is not None:
        if wanted != [TRADITIONAL_STEP]:
            raise click.UsageError("--traditional-variant needs --to-traditional")
        settings[hanconv.VARIANT_SETTING] = variant
    if wanted and not hanconv.available():
        raise click.UsageError(hanconv.missing(f"--{wanted[0]}").reason)
    return dataclasses.replace(options, enabled_steps=frozenset(enabled), settings=settings)
