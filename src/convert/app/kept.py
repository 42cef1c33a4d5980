"""Option values kept on the click context: what the limit, Chinese and OCR options use so
that no command's signature changes. An option's ``callback`` (:func:`keeper`) files its
value under a key of ``click.Context.meta``; the code that builds the session reads them back
(:func:`kept`) when it runs inside a command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

Callback = Callable[[click.Context, click.Parameter, object], object]


def keeper(key: str) -> Callback:
    """An option callback that keeps the option's value under ``key`` (by parameter name)."""

    def keep(ctx: click.Context, param: click.Parameter, value: object) -> object:
        if param.name:
            ctx.meta.setdefault(key, {})[param.name] = value
        return value

    return keep


def kept(key: str) -> dict[str, Any]:
    """The values kept under ``key`` by the current command's options (none outside a command)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(key, {}) if ctx is not None else {}
