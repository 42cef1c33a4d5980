"""The ``docconv`` command line.

``cli`` is a lazy group (click's LazyGroup pattern): the plugin registry is built once per
run, after the group's own options (``--plugin``, ``--plugins``) are parsed, and kept on the
click context; plugin commands (``register_commands``) and the writers' named option flags
(``--reference-docx``...) come from it when a command is listed or looked up.
:func:`current_registry` is how commands get it.

Start-up is kept short (``docconv --help`` is typed often, and shell completion runs the
command on every Tab): this module imports only click and light modules at start-up, and
each command asks for the part of the registry it uses (:func:`context_registry`'s
``kinds``). Listing the commands (``--help``, completion) builds a registry of the plugins'
commands only: installed and ``--plugin`` plugins are imported and ``register_commands``
called, but no built-in reader, step or writer; ``steps`` imports the steps, ``formats``
the readers and writers (whose heavy libraries, pdfplumber, python-docx, ebooklib and lxml,
are imported only when a file is read or written); the commands that convert build it whole.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from convert import __version__
from convert.core.errors import ConversionError

from .chinese import chinese_options
from .kept import keeper, kept
from .limits import DEFAULT_TIMEOUT, Limits, parse_size
from .ocr import ocr_options
from .plugins import KINDS
from .remote import is_url

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from convert.core.contracts import Options, OptionSpec, Source, Writer

    from .cluster import Target
    from .inputs import Job, Plan
    from .plugins import Registry
    from .progress import Feedback
    from .session import Session
    from .single import Printed

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3  # docconv sync: another sync holds DEST


class PathOrURL(click.Path):
    """A ``click.Path`` that lets an fsspec URL (``s3://bucket/in``) through as a ``str``,
    untouched (:func:`~convert.app.remote.is_url`); a local path is checked as before."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if is_url(value):
            return value
        return super().convert(value, param, ctx)


def fail(message: str, code: int = EXIT_FAILED) -> None:
    """Print one ``docconv: error:`` line (control characters in file names shown as escapes)
    and exit with ``code``."""
    from .display import message as line

    click.echo(line("error", message), err=True)
    sys.exit(code)


def build_options(
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
    registry: Registry,
) -> Options:
    """The options of a run: step names and rule files checked (a problem is a usage error)."""
    from convert.core.contracts import Options

    known = {s.name for s in registry.steps}
    for name in no_step + step:
        if name not in known:
            raise click.BadParameter(f"unknown step {name!r} (known: {', '.join(sorted(known))})")
    disabled = set(no_step) | ({"punctuation"} if keep_punctuation else set())
    rule_files = tuple(Path(r) for r in rules)
    for path in rule_files:
        try:
            registry.rules([path])
        except ConversionError as exc:
            raise click.BadParameter(str(exc)) from None
    return Options(
        disabled_steps=frozenset(disabled),
        enabled_steps=frozenset(step),
        rule_files=rule_files,
    )


#: Where the run's registry is kept: ``click.Context.meta``, shared by a context and its children.
REGISTRY_KEY = "docconv.registry"


def context_registry(ctx: click.Context, kinds: Collection[str] = KINDS) -> Registry:
    """The registry of the run ``ctx`` belongs to, built on first use from the top-level
    ``--plugin`` and ``--plugins`` options and kept on the context (so once per run).

    :param kinds: what the caller uses (:data:`~convert.app.plugins.KINDS`, the default:
        everything; empty: the plugins' commands only). A registry on the context that holds
        them is reused; else one holding them and what the one before held is built and
        replaces it. (A run asks for one part, the part its command uses, so the registry is
        built once and a plugin's problems are reported once.)"""
    from .plugins import build_registry

    registry = ctx.meta.get(REGISTRY_KEY)
    if registry is None or not registry.kinds >= set(kinds):
        root = ctx.find_root()
        allow = root.params.get("allow_plugins")
        registry = build_registry(
            root.params.get("plugin_modules") or (),
            allow=allow.split(",") if allow is not None else None,
            kinds={*kinds, *(registry.kinds if registry is not None else ())},
        )
        _drop_shadowed_commands(registry, root.command)
        ctx.meta[REGISTRY_KEY] = registry
    return registry


def _drop_shadowed_commands(registry: Registry, group: click.Command) -> None:
    """A plugin command named like a built-in one is reported and not used."""
    builtin = group.commands if isinstance(group, click.Group) else {}
    for name in [n for n in registry.commands if n in builtin]:
        owner = next((i.name for i in registry.plugins.values() if name in i.commands), "?")
        registry.report(f"plugin {owner!r}: command {name!r} is a docconv command; skipped")
        del registry.commands[name]


def current_registry(kinds: Collection[str] = KINDS) -> Registry:
    """The registry of this run (built-in and installed plugins, and ``--plugin`` modules): the
    one on the current click context, or (outside a command) a new one.

    :param kinds: the kinds of contribution the caller uses (see :func:`context_registry`).
    """
    from .plugins import build_registry

    ctx = click.get_current_context(silent=True)
    return context_registry(ctx, kinds) if ctx is not None else build_registry(kinds=kinds)


def make_session(
    registry: Registry,
    *,
    formats: str | None = None,
    no_step: tuple[str, ...] = (),
    step: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
    keep_punctuation: bool = False,
    writer_option: Sequence[str] = (),
    writer_flags: Mapping[str, object] | None = None,
    limits: Limits | None = None,
    images: bool = True,
    images_dir: Path | None = None,
    metadata: Sequence[tuple[str, str]] | None = None,
    page_marks: bool | None = None,
) -> Session:
    """The session a command runs with: options checked, writers chosen, writer options parsed
    and validated, rules merged, all before any file is read (a problem is a usage error, exit
    status 2).

    :param writer_option: ``-O FORMAT.KEY=VALUE`` items.
    :param writer_flags: the values of the writers' named flags, by
        :func:`~convert.app.writer_options.writer_flag_dest`.
    :param limits: the resource limits (default: those of the command's limit options,
        :func:`current_limits`).
    :param images: carry figures into the outputs (``--no-images``: ``False``).
    :param images_dir: ``--images-dir``: where linked images go instead of ``NAME_files/``.
    :param page_marks: ``--page-marks`` (``None``: as the current command was given).
    :param metadata: checked metadata pairs (default: the command's metadata options,
        :func:`current_metadata`).
    """
    from .chinese import with_chinese
    from .ocr import with_ocr
    from .session import Session
    from .writer_options import parse_writer_options

    options = with_ocr(with_chinese(build_options(no_step, step, rules, keep_punctuation, registry)), registry)
    given = tuple(metadata) if metadata is not None else current_metadata()
    options = dataclasses.replace(options, images=images, images_dir=images_dir, metadata=given, **_given_output())
    marks = given_page_marks() if page_marks is None else page_marks
    options = dataclasses.replace(options, page_marks=marks) if marks else options
    if options.provenance:
        _check_source_date()
    writers = parse_formats(formats, registry) if formats is not None else []
    given = parse_writer_options(registry, writers, writer_option, writer_flags or {})
    options = dataclasses.replace(options, writer_options=given)
    return Session.create(registry, options, writers, limits if limits is not None else current_limits())


def batch_session(
    formats: str,
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
    writer_option: tuple[str, ...],
    writer_flags: Mapping[str, object],
    *,
    images: bool = True,
    images_dir: Path | None = None,
) -> Session:
    """The session of ``convert`` and ``sync``, from their shared options."""
    return make_session(
        current_registry(),
        formats=formats,
        no_step=no_step,
        step=step,
        rules=rules,
        keep_punctuation=keep_punctuation,
        writer_option=writer_option,
        writer_flags=writer_flags,
        images=images,
        images_dir=images_dir,
    )


#: Where the metadata options (``--title``, ``--author``, ``--date``, ``--language``, ``-M``) keep
#: their checked values: ``click.Context.meta``, like the limits (no command's signature changes).
METADATA_KEY = "docconv.metadata"
#: The order the metadata options are applied in: ``-M`` first, so a named flag wins over it.
METADATA_OPTIONS = ("metadata", "title", "author", "date", "language")


def _keep_metadata(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Check a metadata option's value (a bad one is a usage error, exit status 2) and keep it
    on the context (see :data:`METADATA_KEY`)."""
    from convert.core.metadata import check_value, parse_item

    if value is None or value == () or not param.name:
        return value
    try:
        if isinstance(value, tuple):
            pairs = [parse_item(str(item)) for item in value]
        else:
            pairs = [check_value(param.name, str(value))]
    except ConversionError as exc:
        raise click.BadParameter(exc.reason, ctx=ctx, param=param) from None
    ctx.meta.setdefault(METADATA_KEY, {})[param.name] = pairs
    return value


def current_metadata() -> tuple[tuple[str, str], ...]:
    """The metadata the current command was given, checked, ``-M`` items first (none outside a command)."""
    ctx = click.get_current_context(silent=True)
    given = ctx.meta.get(METADATA_KEY, {}) if ctx is not None else {}
    return tuple(pair for name in METADATA_OPTIONS for pair in given.get(name, ()))


def metadata_options(func):  # type: ignore[no-untyped-def]
    """``--title``, ``--author``, ``--date``, ``--language`` and ``-M KEY=VALUE``: metadata that
    wins over what is found (kept on the context, see :data:`METADATA_KEY`)."""
    func = click.option(
        "-M",
        "--metadata",
        "metadata",
        multiple=True,
        expose_value=False,
        callback=_keep_metadata,
        metavar="KEY=VALUE",
        help="Set a metadata value in every output (title, author, date, language, or any other key, "
        "written as a custom property); an empty VALUE removes it; repeatable.",
    )(func)
    for flag, metavar, what in (
        ("--language", "TAG", "the document's language tag (zh-CN, en...)"),
        ("--date", "YYYY[-MM[-DD]]", "the document's date"),
        ("--author", "TEXT", "the document's author"),
        ("--title", "TEXT", "the document's title in the metadata (the text is left as it is)"),
    ):
        func = click.option(
            flag,
            default=None,
            expose_value=False,
            callback=_keep_metadata,
            metavar=metavar,
            help=f"Set {what}, over what is found ('' removes it).",
        )(func)
    return func


def step_options(func):  # type: ignore[no-untyped-def]
    """Options shared by the commands that clean."""
    func = ocr_options(func)
    func = chinese_options(func)
    func = metadata_options(func)
    func = click.option("--keep-punctuation", is_flag=True, help="Keep half-width punctuation as it was.")(func)
    func = click.option(
        "--rules",
        "rules",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="Extra rule file (TOML) with furniture/ad patterns; repeatable.",
    )(func)
    func = click.option(
        "--step", "step", multiple=True, metavar="NAME", help="Switch on a step that is off by default; repeatable."
    )(func)
    func = click.option(
        "--no-step",
        "no_step",
        multiple=True,
        metavar="NAME",
        help="Switch off a cleaning step (see 'docconv steps'); repeatable.",
    )(func)
    return func


#: Where the limit options (``--max-memory``, ``--max-input-size``, ``--max-runtime`` and, for
#: ``clean``/``inspect``, ``--timeout``) keep their values: ``click.Context.meta``. They are
#: not passed to the command functions, so adding a limit changes no command's signature.
LIMITS_KEY = "docconv.limits"


class SizeType(click.ParamType):
    """A size option's value: ``2G``, ``512M``, ``1500000`` or ``0``."""

    name = "size"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


#: Keeps a limit option's value on the context (see :data:`LIMITS_KEY`).
_keep_limit = keeper(LIMITS_KEY)


def current_limits() -> Limits:
    """The resource limits the current command's options gave (the defaults outside a command)."""
    given = kept(LIMITS_KEY)
    return Limits(
        max_memory=given.get("max_memory"),
        max_input_size=given.get("max_input_size"),
        max_runtime=given.get("max_runtime") or None,
    )


#: Where ``--page-marks`` keeps its value: ``click.Context.meta`` (like the limits: no
#: command's signature changes).
PAGE_MARKS_KEY = "docconv.page_marks"


def _keep_page_marks(ctx: click.Context, param: click.Parameter, value: object) -> object:
    if value:
        ctx.meta[PAGE_MARKS_KEY] = True
    return value


def page_marks_option(func):  # type: ignore[no-untyped-def]
    """``--page-marks`` (convert, sync, clean), kept on the context (:data:`PAGE_MARKS_KEY`)."""
    return click.option(
        "--page-marks",
        is_flag=True,
        expose_value=False,
        callback=_keep_page_marks,
        help="Keep an anchor where each page of the source begins (PDF pages, page markers in scraped "
        "text), labelled with the page's printed number: EPUB page breaks and page list, DOCX "
        "bookmarks, Markdown <span> marks.",
    )(func)


def given_page_marks() -> bool:
    """Whether the current command was given ``--page-marks`` (``False`` outside a command)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx.meta.get(PAGE_MARKS_KEY)) if ctx is not None else False


def current_timeout() -> float | None:
    """The ``--timeout`` of ``clean``/``inspect`` (``None``: no limit)."""
    return kept(LIMITS_KEY).get("timeout", DEFAULT_TIMEOUT) or None


def limit_options(func):  # type: ignore[no-untyped-def]
    """``--max-memory`` and ``--max-input-size``: the resource limits of every command that
    converts (kept on the context, see :data:`LIMITS_KEY`)."""
    func = click.option(
        "--max-input-size",
        type=SizeType(),
        default=None,
        expose_value=False,
        callback=_keep_limit,
        metavar="SIZE",
        help="Refuse inputs larger than this (default: 50 MB of text or HTML, 500 MB of PDF; 0: no limit).",
    )(func)
    func = click.option(
        "--max-memory",
        type=SizeType(),
        default=None,
        expose_value=False,
        callback=_keep_limit,
        metavar="SIZE",
        help="Fail a file whose conversion needs more memory than this, e.g. 2G (default: the machine's "
        "memory shared among the workers, 2G to 4G; 0: no limit).",
    )(func)
    return func


#: Marks a command callback whose command gets the writers' named flags (see :func:`batch_options`).
TAKES_WRITER_FLAGS = "_docconv_writer_flags"

EPILOG = """\b
Environment:
  DOCCONV_PLUGINS=a,b         load only these installed plugins (built-ins always load;
                              --plugins does the same for one run)
  DOCCONV_DISABLE_PLUGINS=1   load no installed plugins (a,b: all but these)
  DOCCONV_TRACE_PLUGINS=1     print pluggy's trace of the plugin hook calls to stderr
  SOURCE_DATE_EPOCH=SECONDS   the conversion time the outputs' provenance records (for
                              reproducible builds: the same input, the same bytes)
"""


#: Set on ``click.Context.meta`` while the group lists its commands (``--help``, completion):
#: their names and short help are shown, which the writers' flags do not change.
LISTING_KEY = "docconv.listing"


class DocconvGroup(click.Group):
    """The ``docconv`` group, lazy in the way of click's LazyGroup: its plugin commands, and
    the writers' named flags of ``convert``/``sync``, come from the run's registry, which is
    built when a command is first listed or looked up, after the group's own options.

    Listing (``--help``, shell completion) needs the plugins' commands only, and the short
    help of the built-in commands, which the writers' flags do not change: it builds no more
    of the registry than that (:func:`context_registry` with no kinds). Looking a command up
    to run it builds what that command uses: all of it for a plugin's command or for
    ``convert``/``sync`` (whose options include the writers' flags); nothing yet for the
    other built-in commands, which ask for their part when they run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The built-in commands and those the plugins registered."""
        return sorted({*super().list_commands(ctx), *context_registry(ctx, ()).commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``: a built-in one (with the writers' flags if it takes them)
        or a plugin's; while the commands are listed (see :data:`LISTING_KEY`), a built-in one
        as it is and a plugin's from the commands-only registry."""
        command = super().get_command(ctx, cmd_name)
        listing = ctx.meta.get(LISTING_KEY, False)
        if command is None:
            # (completing a plugin command's arguments needs only the command, too)
            whole = not (listing or ctx.resilient_parsing)
            return context_registry(ctx, KINDS if whole else ()).commands.get(cmd_name)
        if getattr(command.callback, TAKES_WRITER_FLAGS, False) and not listing:
            from .writer_options import with_writer_flags

            return with_writer_flags(command, context_registry(ctx))
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands section of ``docconv --help``, from the commands as listed."""
        ctx.meta[LISTING_KEY] = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            ctx.meta[LISTING_KEY] = False

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """The completions of a command name (from the commands as listed) or of an option."""
        ctx.meta[LISTING_KEY] = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            ctx.meta[LISTING_KEY] = False


@click.group(cls=DocconvGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="docconv")
@click.option(
    "--plugin",
    "plugin_modules",
    multiple=True,
    metavar="MODULE",
    is_eager=True,
    help="Load an importable module (or a .py file) as a plugin for this run; repeatable.",
)
@click.option(
    "--plugins",
    "allow_plugins",
    metavar="NAMES",
    is_eager=True,
    help="Load only these installed plugins (comma-separated; like DOCCONV_PLUGINS).",
)
def cli(plugin_modules: tuple[str, ...], allow_plugins: str | None) -> None:
    """Turn messy downloaded documents (scraped text, saved pages, PDFs) into clean
    Markdown, DOCX and EPUB.

    \b
    Examples:
      docconv convert speech.txt -o out/             # out/speech.md
      docconv convert samples/* -t md,docx,epub -o out --report out/report.json
      docconv clean speech.txt > speech.md            # Markdown to stdout
      cat speech.txt | docconv clean -                # from stdin
      docconv steps                                   # the cleaning steps, in order
      docconv formats                                 # readers, writers and writer options
      docconv plugins --all                           # plugins and what they provide
      docconv --plugin my_rules convert a.txt         # load a plugin module for one run
    """
    # The registry is built by DocconvGroup when it looks the command up (before this runs).


def parse_formats(value: str, registry: Registry) -> list[Writer]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    if names == ["all"]:
        return [registry.writers[n] for n in sorted(registry.writers)]
    try:
        return [registry.writer(n) for n in dict.fromkeys(names)]
    except ConversionError as exc:
        raise click.BadParameter(str(exc), param_hint="'-t'") from None


def read_input(input: str, limits: Limits | None = None) -> Source:
    """The input named on the command line: a file, or scraped text on stdin for ``-``;
    either refused when larger than its limit (``--max-input-size``)."""
    from convert.core.contracts import Source

    from .inputs import load_source
    from .limits import check_input_size, input_limit, too_large

    limits = limits or Limits()
    if input == "-":
        limit = input_limit("stdin.txt", limits)
        data = sys.stdin.buffer.read(limit + 1) if limit else sys.stdin.buffer.read()
        if limit and len(data) > limit:
            raise too_large(len(data), limit, stream=True)
        return Source(name="stdin.txt", data=data)
    check_input_size(Path(input), limits)
    return load_source(Path(input))


def image_options(func):  # type: ignore[no-untyped-def]
    """``--no-images`` and ``--images-dir``: what becomes of the figures (convert, sync)."""
    func = click.option(
        "--images-dir",
        "images_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        metavar="DIR",
        help="Write the images a Markdown output links to into DIR (relative to the output's folder "
        "unless absolute; files named NAME-FIGURE) instead of NAME_files/ beside it.",
    )(func)
    func = click.option(
        "--no-images",
        "no_images",
        is_flag=True,
        help="Leave figures out of every output (their captions are kept as paragraphs).",
    )(func)
    return func


#: Where ``--no-provenance`` and ``--no-notices`` keep their values (``click.Context.meta``),
#: as :data:`LIMITS_KEY` does: the session reads them, no command's signature changes.
OUTPUT_KEY = "docconv.output"


def _keep_output(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Keep an output option's value on the context (see :data:`OUTPUT_KEY`)."""
    if param.name and value:
        ctx.meta.setdefault(OUTPUT_KEY, {})[param.name] = False  # (--no-X: the Options field X off)
    return value


def _given_output() -> dict[str, bool]:
    """The ``Options`` fields the current command's ``--no-provenance``/``--no-notices`` set."""
    ctx = click.get_current_context(silent=True)
    return dict(ctx.meta.get(OUTPUT_KEY, {})) if ctx is not None else {}


def _check_source_date() -> None:
    """A ``SOURCE_DATE_EPOCH`` that is not a number of seconds is a usage error (exit status
    2), before any file is read, rather than one error per file."""
    from convert.core.provenance import source_date

    try:
        source_date()
    except ConversionError as exc:
        raise click.UsageError(exc.reason) from None


def output_options(func):  # type: ignore[no-untyped-def]
    """``--no-provenance`` and ``--no-notices``: what the outputs say about themselves
    (convert, sync, clean; kept on the context, see :data:`OUTPUT_KEY`)."""
    func = click.option(
        "--no-notices",
        "notices",
        is_flag=True,
        expose_value=False,
        callback=_keep_output,
        help="Leave out the visible notices (truncated preview, damaged source, text the cleaner was unsure about).",
    )(func)
    func = click.option(
        "--no-provenance",
        "provenance",
        is_flag=True,
        expose_value=False,
        callback=_keep_output,
        help="Leave out the provenance (checksum, conversion time, versions, steps, options): outputs "
        "then stay identical across runs (or set SOURCE_DATE_EPOCH to fix the time).",
    )(func)
    return func


def batch_options(func):  # type: ignore[no-untyped-def]
    """Options shared by the commands that convert many files (convert, sync)."""
    func = click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary line; errors only.")(func)
    func = page_marks_option(func)
    func = output_options(func)
    func = image_options(func)
    func = click.option(
        "--max-runtime",
        type=click.FloatRange(min=0),
        default=0.0,
        expose_value=False,
        callback=_keep_limit,
        metavar="SECONDS",
        help="Stop the whole run after this long: files not done fail and are left for the next run (0: no limit).",
    )(func)
    func = limit_options(func)
    func = click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Stop a file's conversion after this long and fail that file (0: no limit).",
    )(func)
    func = click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=0),
        default=0,
        metavar="N",
        help="Convert N files at a time in worker processes (default 0: one per CPU core).",
    )(func)
    func = click.option(
        "-O",
        "--writer-option",
        "writer_option",
        multiple=True,
        metavar="FORMAT.KEY=VALUE",
        help="An option of one output format, e.g. -O epub.split_level=2 (see 'docconv formats'); repeatable.",
    )(func)
    setattr(func, TAKES_WRITER_FLAGS, True)  # the writers' named flags are added when the group hands it out
    func = click.option(
        "-t",
        "--to",
        "formats",
        default="md",
        show_default=True,
        help="Output formats, comma-separated (md, docx, epub, ... or 'all').",
    )(func)
    return func


def cluster_option(func):  # type: ignore[no-untyped-def]
    """``--cluster`` (``convert``, ``sync``): the batch as tasks on a Dask cluster."""
    return click.option(
        "--cluster",
        metavar="ADDRESS",
        envvar="DOCCONV_CLUSTER",
        help="Run the files as tasks on a Dask cluster: a scheduler address (tcp://host:8786) or local[:N] "
        "(N worker processes started for the run); inputs and outputs must be paths or URLs the workers see. "
        "Needs docconv[cluster]; --jobs is then the cluster's. Also DOCCONV_CLUSTER.",
    )(func)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=PathOrURL(path_type=Path, readable=False))
@click.option(
    "-o",
    "--output",
    "outdir",
    type=PathOrURL(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the outputs (<stem>.<ext>; folder inputs are mirrored under it); or, for one input file "
    "and one format, the output file itself (-o out.docx: its extension picks the format unless -t is given). "
    "Inputs and -o may be fsspec URLs (s3://bucket/in, file:///srv/out; needs docconv[cluster]).",
)
@click.option("-r", "--recursive", is_flag=True, help="Convert the files in folder inputs and their subfolders.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON record per file (status, outputs, warnings, removals with reasons, time) here.",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also read files that symbolic links in a folder input lead to outside it (skipped with a warning otherwise).",
)
@cluster_option
@batch_options
@step_options
def convert(
    inputs: tuple[Path | str, ...],
    formats: str,
    outdir: Path | str,
    recursive: bool,
    report: Path | None,
    follow_symlinks: bool,
    cluster: str | None,
    writer_option: tuple[str, ...],
    jobs: int,
    timeout: float,
    quiet: bool,
    no_images: bool,
    images_dir: Path | None,
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
    **writer_flags: object,
) -> None:
    """Convert INPUT files (or, with -r, the files in INPUT folders) into OUTDIR.

    Files are converted in parallel worker processes; a file that fails, crashes the
    converter or takes longer than --timeout fails alone ("docconv: error: FILE: reason")
    and the others go on. A folder input mirrors its tree under OUTDIR; hidden files,
    temporary files and files no reader accepts are skipped (see 'docconv formats'); a
    folder input without -r is an error for that input. Inputs that would get the same
    output name in one folder are named by their whole name (a.txt.md, a.pdf.md). In a
    folder input, a symbolic link that leads out of it is skipped with a warning (see
    --follow-symlinks). The report is never written over an input or an output.

    \b
    Examples:
      docconv convert speech.txt                      # ./speech.md
      docconv convert a.txt b.txt -t md,docx -o out/
      docconv convert -r downloads/ -t all -o out/ --report out/run.json
      docconv convert a.txt --no-step punctuation --report a.json
      docconv convert -r s3://bucket/in -t md,docx -o s3://bucket/out
    \b
    Exit status: 0 all converted, 1 some failed, 2 usage error (a URL whose
    fsspec backend is not installed is one).
    """
    from .batch import run_batch
    from .inputs import make_plan
    from .progress import Feedback
    from .report import run_report, write_report
    from .staging import refuse_outputs_over_inputs

    _check_urls([*inputs, outdir], images_dir)
    formats, outdir, outname = _output_file(inputs, outdir, formats)
    session = batch_session(
        formats,
        no_step,
        step,
        rules,
        keep_punctuation,
        writer_option,
        writer_flags,
        images=not no_images,
        images_dir=images_dir,
    )
    _check_writers(session.writers)
    plan = make_plan(list(inputs), outdir, session.registry, recursive=recursive, follow_symlinks=follow_symlinks)
    if outname is not None:
        plan.jobs = [dataclasses.replace(job, name=outname) for job in plan.jobs]
    refuse_outputs_over_inputs(plan, session.writers)
    if report is not None:
        _check_report(report, plan, session.writers)
    feedback = Feedback(quiet=quiet)
    try:
        run = run_batch(
            plan,
            session,
            feedback,
            processes=jobs,
            timeout=timeout,
            detail=report is not None,
            # (every installed writer's temporary files: a killed run may have used other formats)
            select=_with_output_folder(outdir, list(session.registry.writers.values()), feedback),
            cluster=_cluster_target(cluster),
        )
    except ConversionError as exc:  # (only the cluster's: a file's problems are its outcome)
        fail(f"--cluster: {exc.reason}")
    if report:  # (also when interrupted: what was done, and that the run did not finish)
        names = [w.name for w in session.writers]
        record = run_report(run.outcomes, plan.skipped, feedback, jobs=run.processes, formats=names)
        if run.interrupted:
            record["summary"]["interrupted"] = True
        write_report(report, record)
    if run.interrupted:
        fail("interrupted; files not yet converted were left alone", run.interrupted_status)
    feedback.finish()
    if feedback.failed:
        sys.exit(EXIT_FAILED)


def _cluster_target(address: str | None) -> Target | None:
    """``--cluster``'s target (``None``: no cluster; an empty value counts as none), with the
    run's plugin choice, which the workers must make too."""
    if not address or not address.strip():
        return None
    from .cluster import Target

    root = click.get_current_context().find_root()
    allow = root.params.get("allow_plugins")
    return Target(
        address.strip(),
        tuple(root.params.get("plugin_modules") or ()),
        tuple(allow.split(",")) if allow is not None else None,
    )


def _check_urls(args: Sequence[Path | str], images_dir: Path | None) -> None:
    """Each URL argument's fsspec backend must be installed (else one error line naming the
    URL and what to install, exit status 2, before anything is read); with a URL ``-o``,
    ``--images-dir`` must be a folder under it."""
    urls = [a for a in args if isinstance(a, str)]
    if not urls:
        return
    from .inputs import safe_text
    from .remote import check_url

    for url in dict.fromkeys(urls):
        if (why := check_url(url)) is not None:
            fail(f"{safe_text(url)}: {why}", EXIT_USAGE)
    if isinstance(args[-1], str) and images_dir is not None:
        if images_dir.is_absolute() or ".." in images_dir.parts:
            fail(f"{images_dir}: --images-dir must be a folder under a URL -o", EXIT_USAGE)


def _output_file(inputs: Sequence[Path | str], outdir: Path | str, formats: str) -> tuple[str, Path | str, str | None]:
    """``-o`` naming an output file rather than a folder: with one input file, ``-o out.md``
    (a name ending in the extension of the one format asked for, or of any format when ``-t``
    is not given: it then picks the format, as in pandoc) writes ``out.md`` itself, not a
    folder of that name (an existing ``out.md`` is replaced, as a run's outputs are). An
    existing folder stays a folder. ``-o out.md`` with several inputs or formats is a usage
    error rather than a folder named like a file, as is ``-o`` naming another existing file.

    :returns: the formats, the output folder, and the outputs' base name (``None``: each
        input's own stem).
    """
    if isinstance(outdir, str):  # a folder URL
        return formats, outdir, None
    registry = current_registry()
    by_extension = {w.extension.lower(): name for name, w in registry.writers.items()}
    wanted = by_extension.get(outdir.suffix.lower())
    if wanted is None or outdir.is_dir():
        if outdir.exists() and not outdir.is_dir():
            fail(f"{click.format_filename(str(outdir))}: -o names a file that no output format writes", EXIT_USAGE)
        return formats, outdir, None
    given = click.get_current_context().get_parameter_source("formats") is not ParameterSource.DEFAULT
    names = [w.name for w in parse_formats(formats, registry)] if given else [wanted]
    first = inputs[0]
    one_file = len(inputs) == 1 and (isinstance(first, str) or (not first.is_dir() and str(first) != "-"))
    if not one_file or names != [wanted]:
        shown = click.format_filename(str(outdir))
        fail(
            f"{shown}: -o names a {wanted} file, so it takes one input file and the one format {wanted} "
            "(for a folder of outputs, give a name without a format's extension)",
            EXIT_USAGE,
        )
    return wanted, outdir.parent, outdir.stem


def _check_writers(writers: Sequence[Writer]) -> None:
    """A writer whose extension would put its outputs outside the output folder (``../x``) is
    a usage error (exit status 2), before anything is read or written."""
    from .staging import check_writers

    try:
        check_writers(writers)
    except ConversionError as exc:
        raise click.BadParameter(exc.reason, param_hint="'-t'") from None


def _check_report_path(report: Path, inputs: Sequence[Path]) -> None:
    """``--report`` must not name one of ``inputs`` nor any file that is not an earlier report
    (``--report *.txt`` makes the first input the report's path): else one error line and exit
    status 2, before anything is written."""
    from .inputs import safe_text
    from .paths import input_keys, report_target, same_file

    shown = safe_text(str(report))
    if same_file(report, input_keys(inputs)):
        fail(f"{shown}: --report names an input of this run; it would overwrite it (choose another path)", EXIT_USAGE)
    try:
        report_target(report)
    except ValueError as exc:
        fail(f"{shown}: --report {exc}", EXIT_USAGE)


def _check_report(report: Path, plan: Plan, writers: Sequence[Writer]) -> None:
    """``--report`` must name neither an input nor an output of this run: else one error line
    and exit status 2, before anything is written."""
    from .inputs import safe_text
    from .paths import spelled_key
    from .staging import output_paths

    shown = safe_text(str(report))
    _check_report_path(report, [job.path for job in plan.jobs])
    outputs = {spelled_key(target) for job in plan.jobs for target in output_paths(job, writers)}
    if spelled_key(report) in outputs:
        fail(f"{shown}: --report names an output of this run (choose another path)", EXIT_USAGE)


def _with_output_folder(
    outdir: Path | str, writers: Sequence[Writer], feedback: Feedback
) -> Callable[[Plan], list[Job]]:
    """``convert``'s choice of jobs: all of them, once ``outdir`` exists (made if there is work;
    if it cannot be made, one error line and exit status 1) and the temporary files that a
    killed run left for their outputs are removed (with a warning). A folder URL is left to
    the writing (object stores have no folders to make)."""

    def select(plan: Plan) -> list[Job]:
        from .inputs import safe_text
        from .staging import remove_stale_partial

        if plan.jobs and not isinstance(outdir, str):
            try:
                outdir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                fail(f"{safe_text(str(outdir))}: cannot create the output folder: {exc.strerror or exc}")
            if removed := remove_stale_partial(plan.jobs, writers):
                feedback.warn(f"removed {removed} temporary file(s) that an interrupted run left in {outdir}")
        return plan.jobs

    return select


@cli.command()
@click.argument("src", type=PathOrURL(exists=True, file_okay=False, path_type=Path))
@click.argument("dest", type=PathOrURL(file_okay=False, path_type=Path))
@cluster_option
@batch_options
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="If another sync holds DEST, wait this long for it before giving up (exit status 3).",
)
@click.option(
    "--log",
    "log_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append one JSON line per converted or failed file (time, input, status, outputs, error, duration).",
)
@click.option("--delete", is_flag=True, help="Delete the outputs of source files that no longer exist.")
@click.option(
    "--delete-max",
    "delete_max",
    metavar="N|P%",
    default="50%",
    show_default=True,
    help="With --delete: delete nothing when more source files than this are gone at once "
    "(a count, or a share of the known files; guards against an empty or unmounted SRC).",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also read files that symbolic links under SRC lead to outside it (skipped with a warning otherwise).",
)
@click.option(
    "--state-dir",
    "state_dir",
    type=PathOrURL(file_okay=False, path_type=Path),
    metavar="PATH",
    help="Keep the state and lock in this local folder (named after DEST) instead of DEST; "
    "required when DEST is a URL.",
)
@step_options
def sync(
    src: Path | str,
    dest: Path | str,
    cluster: str | None,
    formats: str,
    writer_option: tuple[str, ...],
    jobs: int,
    timeout: float,
    quiet: bool,
    no_images: bool,
    images_dir: Path | None,
    wait: float,
    log_path: Path | None,
    delete: bool,
    delete_max: str,
    follow_symlinks: bool,
    state_dir: Path | str | None,
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
    **writer_flags: object,
) -> None:
    """Convert the files under SRC that are new or changed since the last run into DEST.

    Meant for cron. Changes are found by content hash; a change of docconv version, formats,
    options or rule files converts everything again. State is kept in
    DEST/.docconv-sync.sqlite; SRC is never modified. Outputs are written to temporary files
    and renamed into place, and a file counts as done only when all its outputs are in place,
    so a run that is killed leaves no half-written file and the next run finishes the work.
    Files that failed are tried again on the next run. A damaged state file is moved aside
    (DEST/.docconv-sync.sqlite.damaged-N) with a warning and a new state is started, so
    every file is converted again. With --delete, nothing is deleted when more source files
    are gone at once than --delete-max allows (an empty or unmounted SRC). A symbolic link
    under SRC that leads out of it is skipped with a warning (see --follow-symlinks); --log
    must not be under SRC; the lock, state and log are never written through a link.

    SRC and DEST may be fsspec URLs (s3://bucket/in, file:///srv/in). A URL SRC's files are
    read only when their listing (size, ETag, mtime...) changed since the last run. With a
    URL DEST the state and lock are kept in --state-dir, a local folder (required), and
    temporary objects left by a killed run are not swept.

    \b
    Examples:
      docconv sync ~/downloads ~/converted -t md,docx --log ~/converted.log
      */15 * * * *  docconv sync -q /srv/in /srv/out -t all --log /var/log/docconv.jsonl
      docconv sync s3://bucket/in s3://bucket/out -t md --state-dir ~/.docconv-state
    \b
    Exit status: 0 all converted or unchanged, 1 some failed, 2 usage error (a URL
    whose fsspec backend is not installed, a URL DEST without --state-dir),
    3 another sync is running on DEST (see --wait).
    """
    from .sync import DeleteLimit, SyncUsageError, run_sync

    _check_sync_urls(src, dest, state_dir)

    try:
        limit = DeleteLimit.parse(delete_max)
    except ValueError as exc:
        raise click.BadParameter(
            f"{delete_max!r}: give a count N or a share P% ({exc})", param_hint="'--delete-max'"
        ) from None
    session = batch_session(
        formats,
        no_step,
        step,
        rules,
        keep_punctuation,
        writer_option,
        writer_flags,
        images=not no_images,
        images_dir=images_dir,
    )
    _check_writers(session.writers)
    try:
        code = run_sync(
            src,
            dest,
            session,
            processes=jobs,
            timeout=timeout or None,
            wait=wait,
            log_path=log_path,
            delete=delete,
            delete_max=limit,
            follow_symlinks=follow_symlinks,
            quiet=quiet,
            cluster=_cluster_target(cluster),
            state_dir=Path(state_dir) if state_dir is not None else None,
        )
    except SyncUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except ConversionError as exc:  # (only the cluster's: a file's problems are its outcome)
        fail(f"--cluster: {exc.reason}")
    sys.exit(code)


def _check_sync_urls(src: Path | str, dest: Path | str, state_dir: Path | str | None) -> None:
    """``sync``'s URLs: each one's fsspec backend installed (:func:`_check_urls`), a URL DEST
    only with ``--state-dir``, which is a local folder; else one error line, exit status 2."""
    from .inputs import safe_text

    if isinstance(state_dir, str):
        fail(
            f"--state-dir {safe_text(state_dir)}: must be a local folder (the state and lock are kept locally)",
            EXIT_USAGE,
        )
    _check_urls([src, dest], None)
    if isinstance(dest, str) and state_dir is None:
        fail(
            f"DEST {safe_text(dest)} is a URL: give --state-dir PATH, a local folder for the state and lock", EXIT_USAGE
        )


def single_options(func):  # type: ignore[no-untyped-def]
    """The limits of ``clean`` and ``inspect``: ``--timeout``, ``--max-memory``, ``--max-input-size``."""
    func = limit_options(func)
    func = click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        expose_value=False,
        callback=_keep_limit,
        metavar="SECONDS",
        help="Stop the conversion after this long and fail (0: no limit).",
    )(func)
    return func


def run_single(input: str, session: Session, compute: Callable[[Source], Printed]) -> Printed:
    """What ``clean`` or ``inspect`` prints for ``input``: read here (a regular file or stdin,
    within ``--max-input-size``), computed by ``compute`` in one worker held to ``--timeout``
    and ``--max-memory``. A failure is one error line and exit status 1; Ctrl-C exit status 130."""
    from .inputs import safe_text
    from .isolated import run_isolated
    from .workers import Interrupted

    shown = safe_text(input)  # a file name that is not UTF-8 shows U+FFFD for its bad bytes
    try:
        source = read_input(input, session.limits)
        memory = session.limits.memory_cap(1)
        return run_isolated(lambda: compute(source), display=shown, timeout=current_timeout(), memory=memory)
    except ConversionError as exc:
        fail(f"{shown}: {exc.reason}")
    except Interrupted as exc:
        fail(f"{shown}: interrupted", exc.exit_status)
    except KeyboardInterrupt:  # (where there is no fork: in this process)
        fail(f"{shown}: interrupted", 130)
    raise AssertionError("unreachable")


@cli.command()
@click.argument("input", type=str)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON record of every removal, change and warning here.",
)
@single_options
@page_marks_option
@output_options
@step_options
def clean(
    input: str,
    report: Path | None,
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
) -> None:
    """Clean INPUT and print Markdown to stdout ('-' reads stdin as scraped text).

    The conversion runs in a worker process held to --timeout and --max-memory: a file
    that exceeds them, or crashes the converter, is one error line and exit status 1.

    \b
    Examples:
      docconv clean speech.txt > speech.md
      pbpaste | docconv clean - --keep-punctuation
    """
    from .display import message
    from .inputs import safe_text
    from .single import clean_output

    session = make_session(
        current_registry(), no_step=no_step, step=step, rules=rules, keep_punctuation=keep_punctuation
    )
    shown = safe_text(input)
    if report:
        _check_report_path(report, [Path(input)] if input != "-" else [])
    printed = run_single(input, session, lambda source: clean_output(source, session, shown, report=bool(report)))
    for warning in printed.warnings:
        click.echo(message("warning", f"{shown}: {warning}"), err=True)
    sys.stdout.buffer.write(printed.text.encode("utf-8"))
    sys.stdout.flush()
    if report and printed.record is not None:
        from .report import write_report

        write_report(report, printed.record)


@cli.command()
@click.argument("input", type=str)
@click.option("--json", "as_json", is_flag=True, help="Print the audit as JSON instead of text.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal).")
@click.option(
    "--html",
    "html_path",
    metavar="FILE",
    default=None,
    help="Write the audit as one self-contained HTML page to FILE ('-': stdout): the input with every "
    "removal, join and change marked and its reason on hover, beside the clean result. Nothing else is "
    "printed unless --json.",
)
@single_options
@step_options
def inspect(
    input: str,
    as_json: bool,
    color: bool | None,
    html_path: str | None,
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
) -> None:
    """Show INPUT line by line with what cleaning did to each line, and why.

    \b
    Marks:  -  removed (kind: reason [step])
            #  title   ##  heading   \u00b6  paragraph start   +  joined to the line above
    Examples:
      docconv inspect speech.txt | less -R
      docconv inspect speech.txt --no-color > audit.txt
      docconv inspect speech.txt --json
      docconv inspect speech.txt --html speech-audit.html
    """
    from .inputs import safe_text
    from .single import inspect_output

    session = make_session(
        current_registry(), no_step=no_step, step=step, rules=rules, keep_punctuation=keep_punctuation
    )
    if html_path is not None:
        _check_page_path(html_path, input, as_json=as_json)
    use_color = (sys.stdout.isatty() if color is None else color) and not as_json and html_path is None
    shown = safe_text(input)
    printed = run_single(
        input,
        session,
        lambda source: inspect_output(
            source, session, shown, as_json=as_json, color=use_color, html=html_path is not None
        ),
    )
    if html_path == "-":
        sys.stdout.buffer.write(safe_text(printed.page or "").encode("utf-8"))
        sys.stdout.flush()
        return
    if html_path is not None and printed.page is not None:
        _write_page(Path(html_path), printed.page)
    if printed.text:
        click.echo(printed.text, color=use_color, nl=False)


def _check_page_path(html_path: str, input: str, *, as_json: bool) -> None:
    """``inspect --html``: ``-`` (stdout) not with ``--json``; a file that is neither the
    input nor a file docconv did not write (see :func:`~convert.app.audit_page.page_target`).
    Else one error line and exit status 2, before anything is read."""
    from .audit_page import page_target
    from .inputs import safe_text
    from .paths import input_keys, same_file

    if html_path == "-":
        if as_json:
            fail("--html - and --json both write to stdout: give --html a file name", EXIT_USAGE)
        return
    shown = safe_text(html_path)
    if not html_path:
        fail("--html needs a file name (or '-' for stdout)", EXIT_USAGE)
    if input != "-" and same_file(Path(html_path), input_keys([Path(input)])):
        fail(f"{shown}: --html names the input; it would overwrite it (choose another path)", EXIT_USAGE)
    try:
        page_target(Path(html_path))
    except ValueError as exc:
        fail(f"{shown}: --html {exc}", EXIT_USAGE)


def _write_page(path: Path, page: str) -> None:
    """Write the audit page (atomically); if that fails, one error line and exit status 1."""
    from .audit_page import write_page
    from .inputs import safe_text

    try:
        write_page(path, page)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        fail(f"{safe_text(str(path))}: cannot write the audit page: {reason}")


@cli.command()
@click.option("--all", "show_all", is_flag=True, help="Include the built-in plugins.")
def plugins(show_all: bool) -> None:
    """List plugins as JSON: name, package, version, hooks and what each provides."""
    import json

    registry = current_registry()
    rows = [info.as_dict(registry.pm) for info in registry.plugins.values() if show_all or not info.builtin]
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2))


@cli.command()
def steps() -> None:
    """List the cleaning steps in the order they run."""
    registry = current_registry({"steps"})
    for s in registry.ordered_steps():
        state = "on " if s.default_enabled else "off"
        click.echo(f"{s.order:>4}  {state}  {s.name:<14} {s.description}")


@cli.command()
def formats() -> None:
    """List the input readers, the output writers and each writer's options (-O FORMAT.KEY=VALUE)."""
    from .plugins import option_specs

    registry = current_registry({"readers", "writers"})
    click.echo("Readers:")
    for r in sorted(registry.readers, key=lambda r: r.name):
        exts = " ".join(e for e in r.extensions if e) or "-"
        click.echo(f"  {r.name:<10} {exts:<18} {r.description}")
    click.echo("Writers (-t):")
    for name, w in sorted(registry.writers.items()):
        click.echo(f"  {name:<10} {w.extension:<18} {w.description}")
        for spec in option_specs(w):
            click.echo(_describe_option(name, spec))


def _describe_option(writer: str, spec: OptionSpec) -> str:
    """Two lines for ``docconv formats``: ``-O`` form, type, default and flag; then the help."""
    default = "none" if spec.default is None else str(spec.default)
    flag = f"; {spec.flag}" if spec.flag else ""
    usage = f"-O {writer}.{spec.key}={spec.metavar}"
    return f"      {usage}  ({spec.type_name}; default: {default}{flag})\n          {spec.help}"


def main() -> None:
    """The ``docconv`` console command."""
    cli(prog_name="docconv")
