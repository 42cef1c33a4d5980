"""The command-line side of writer options: ``-O FORMAT.KEY=VALUE`` items and the named
flags (``--reference-docx``) that writers declare on their options class
(:class:`~convert.core.contracts.WriterOptions`); parsed and validated once per run, before
any file is converted, so a bad value is one usage error.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence

import click

from convert.core.contracts import ConversionError, OptionSpec, Writer, WriterOptions

from .plugins import Registry


def writer_flag_dest(writer: str, key: str) -> str:
    """The click parameter name of writer ``writer``'s named flag for option ``key``."""
    return "writer_flag__" + re.sub(r"\W", "_", f"{writer}__{key}")


def _writer_flag(writer: Writer, spec: OptionSpec) -> click.Option:
    """The named flag (``--reference-docx PATH``) for one writer option; ``--x/--no-x`` for a bool."""
    assert spec.flag is not None
    decls = [f"{spec.flag}/--no-{spec.flag[2:]}" if spec.value_type is bool else spec.flag]
    help = f"{writer.name}: {spec.help} (-O {writer.name}.{spec.key})"
    if spec.value_type is bool:
        return click.Option([*decls, writer_flag_dest(writer.name, spec.key)], default=None, help=help)
    return click.Option([*decls, writer_flag_dest(writer.name, spec.key)], metavar=spec.metavar, help=help)


def with_writer_flags(command: click.Command, registry: Registry) -> click.Command:
    """A copy of ``command`` with the registry's writers' named flags after ``-O`` (a flag
    that would clash with one of the command's own options is left out; ``-O`` still works)."""
    taken = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    flags = [_writer_flag(w, spec) for _, (w, spec) in sorted(registry.writer_flags().items())]
    flags = [f for f in flags if not taken & {*f.opts, *f.secondary_opts}]
    at = next((i + 1 for i, p in enumerate(command.params) if p.name == "writer_option"), len(command.params))
    copied = copy.copy(command)
    copied.params = [*command.params[:at], *flags, *command.params[at:]]
    return copied


def parse_writer_options(
    registry: Registry, writers: Sequence[Writer], given: Sequence[str], flags: Mapping[str, object]
) -> dict[str, WriterOptions]:
    """The validated options of each writer in ``writers``, from ``-O FORMAT.KEY=VALUE`` items and
    the named flags (a flag wins over ``-O``). Options of other writers are ignored with one
    warning; a bad format, key or value is a usage error naming the option."""
    values: dict[str, dict[str, tuple[str, str]]] = {}  # writer -> key -> (text, as the user wrote it)
    for item in given:
        name, key, text = _split_writer_option(item, registry)
        values.setdefault(name, {})[key] = (text, f"-O {name}.{key}")
    for flag, (writer, spec) in registry.writer_flags().items():
        value = flags.get(writer_flag_dest(writer.name, spec.key))
        if value is not None:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            values.setdefault(writer.name, {})[spec.key] = (text, flag)
    chosen = {w.name for w in writers}
    ignored = [shown for name, keys in values.items() if name not in chosen for _, shown in keys.values()]
    if ignored:
        shown = ", ".join(ignored)
        from .display import message

        click.echo(message("warning", f"{shown}: not for an output format of this run (-t); ignored"), err=True)
    return {name: _typed_writer_options(registry.writer(name), keys) for name, keys in values.items() if name in chosen}


def _split_writer_option(item: str, registry: Registry) -> tuple[str, str, str]:
    """``FORMAT.KEY=VALUE`` as its three parts, the format checked."""
    target, equals, text = item.partition("=")
    name, dot, key = target.strip().partition(".")
    if not (equals and dot and name and key):
        raise click.BadParameter(f"{item!r} is not FORMAT.KEY=VALUE", param_hint="'-O'")
    if name not in registry.writers:
        known = ", ".join(sorted(registry.writers))
        raise click.BadParameter(f"unknown output format {name!r} (known: {known})", param_hint=f"'-O {target}'")
    return name, key.strip(), text


def _typed_writer_options(writer: Writer, keys: Mapping[str, tuple[str, str]]) -> WriterOptions:
    """``writer``'s options from the texts given, converted and validated, or a usage error."""
    hint = ", ".join(f"'{shown}'" for _, shown in keys.values())
    if writer.options_class is None:
        raise click.BadParameter(f"output format {writer.name!r} has no options", param_hint=hint)
    try:
        return writer.options_class.parse({key: text for key, (text, _) in keys.items()})
    except ConversionError as exc:
        raise click.BadParameter(exc.reason, param_hint=hint) from None
