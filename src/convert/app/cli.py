"""The ``docconv`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from convert import __version__
from convert.core.contracts import ConversionError, Options, Source, Writer

from .plugins import Registry, get_registry, use_extra_plugins
from .session import Session

if TYPE_CHECKING:
    from .batch import Feedback, Job, Outcome

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3  # docconv sync: another sync holds DEST


def fail(message: str, code: int = EXIT_FAILED) -> None:
    click.echo(f"docconv: error: {message}", err=True)
    sys.exit(code)


def build_options(
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
    registry: Registry,
    settings: dict[str, str] | None = None,
) -> Options:
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
        settings=settings or {},
    )


def current_registry() -> Registry:
    """The registry of this run (built-in and installed plugins, and ``--plugin`` modules)."""
    return get_registry()


def make_session(
    registry: Registry,
    *,
    formats: str | None = None,
    no_step: tuple[str, ...] = (),
    step: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
    keep_punctuation: bool = False,
    settings: dict[str, str] | None = None,
) -> Session:
    """The session a command runs with: options checked, writers chosen, rules merged, all
    before any file is read (a problem is a usage error, exit status 2)."""
    options = build_options(no_step, step, rules, keep_punctuation, registry, settings)
    writers = parse_formats(formats, registry) if formats is not None else []
    return Session.create(registry, options, writers)


def step_options(func):  # type: ignore[no-untyped-def]
    """Options shared by the commands that clean."""
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docconv")
@click.option(
    "--plugin",
    "plugin_modules",
    multiple=True,
    metavar="MODULE",
    help="Load an importable module as a plugin for this run; repeatable.",
)
def cli(plugin_modules: tuple[str, ...]) -> None:
    """Turn messy downloaded documents (scraped text, saved pages, PDFs) into clean
    Markdown, DOCX and EPUB.

    \b
    Examples:
      docconv convert speech.txt -o out/             # out/speech.md
      docconv convert samples/* -t md,docx,epub -o out --report out/report.json
      docconv clean speech.txt > speech.md            # Markdown to stdout
      cat speech.txt | docconv clean -                # from stdin
      docconv steps                                   # the cleaning steps, in order
      docconv plugins --all                           # plugins and what they provide
      docconv --plugin my_rules convert a.txt         # load a plugin module for one run

    Set DOCCONV_DISABLE_PLUGINS=1 to load no installed plugins.
    """
    if plugin_modules:
        use_extra_plugins(plugin_modules)


def parse_formats(value: str, registry: Registry) -> list[Writer]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    if names == ["all"]:
        return [registry.writers[n] for n in sorted(registry.writers)]
    try:
        return [registry.writer(n) for n in dict.fromkeys(names)]
    except ConversionError as exc:
        raise click.BadParameter(str(exc), param_hint="'-t'") from None


def read_input(input: str) -> Source:
    """The input named on the command line: a file, or scraped text on stdin for ``-``."""
    from .inputs import load_source

    if input == "-":
        return Source(name="stdin.txt", data=sys.stdin.buffer.read())
    return load_source(Path(input))


def writer_settings(reference_docx: str | None, epub_split_level: int | None) -> dict[str, str]:
    """Writer options as ``Options.settings`` (the keys the DOCX and EPUB writers read)."""
    settings = {}
    if reference_docx:
        settings["reference_docx"] = reference_docx
    if epub_split_level:
        settings["epub_split_level"] = str(epub_split_level)
    return settings


def batch_options(func):  # type: ignore[no-untyped-def]
    """Options shared by the commands that convert many files (convert, sync)."""
    func = click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary line; errors only.")(func)
    func = click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=120.0,
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
        "--epub-split-level",
        type=click.IntRange(min=1, max=6),
        metavar="N",
        help="EPUB: start a new chapter at headings of this Markdown level (1: one chapter; default: the top level).",
    )(func)
    func = click.option(
        "--reference-docx",
        type=click.Path(exists=True, dir_okay=False),
        help="DOCX whose styles the DOCX output uses (like pandoc's reference doc).",
    )(func)
    func = click.option(
        "-t",
        "--to",
        "formats",
        default="md",
        show_default=True,
        help="Output formats, comma-separated (md, docx, epub, ... or 'all').",
    )(func)
    return func


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the outputs (<stem>.<ext>; folder inputs are mirrored under it).",
)
@click.option("-r", "--recursive", is_flag=True, help="Convert the files in folder inputs and their subfolders.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON record per file (status, outputs, warnings, removals with reasons, time) here.",
)
@batch_options
@step_options
def convert(
    inputs: tuple[Path, ...],
    formats: str,
    outdir: Path,
    recursive: bool,
    report: Path | None,
    reference_docx: str | None,
    epub_split_level: int | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
) -> None:
    """Convert INPUT files (or, with -r, the files in INPUT folders) into OUTDIR.

    Files are converted in parallel worker processes; a file that fails, crashes the
    converter or takes longer than --timeout fails alone ("docconv: error: FILE: reason")
    and the others go on. A folder input mirrors its tree under OUTDIR; hidden files,
    temporary files and files no reader accepts are skipped (see 'docconv formats'); a
    folder input without -r is an error for that input. Inputs that would get the same
    output name in one folder are named by their whole name (a.txt.md, a.pdf.md).

    \b
    Examples:
      docconv convert speech.txt                      # ./speech.md
      docconv convert a.txt b.txt -t md,docx -o out/
      docconv convert -r downloads/ -t all -o out/ --report out/run.json
      docconv convert a.txt --no-step punctuation --report a.json
    \b
    Exit status: 0 all converted, 1 some failed, 2 usage error.
    """
    from .batch import Feedback, Interrupted, convert_job, default_processes, make_plan, preload, run_jobs
    from .inputs import safe_text

    session = make_session(
        current_registry(),
        formats=formats,
        no_step=no_step,
        step=step,
        rules=rules,
        keep_punctuation=keep_punctuation,
        settings=writer_settings(reference_docx, epub_split_level),
    )
    registry, options, writers = session.registry, session.options, list(session.writers)
    plan = make_plan(list(inputs), outdir, registry, recursive=recursive)
    feedback = Feedback(quiet=quiet)
    feedback.skipped = len(plan.skipped)
    for note in plan.notes:
        feedback.warn(note)
    if plan.jobs:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{safe_text(str(outdir))}: cannot create the output folder: {exc.strerror or exc}")
    processes = min(jobs or default_processes(), max(1, len(plan.jobs)))
    if len(plan.jobs) > 1:
        preload(registry, writers, {j.path.suffix.lower() for j in plan.jobs}, options)
    detail = report is not None
    outcomes: dict[Job, Outcome] = {}
    feedback.start(len(plan.jobs) + len(plan.failures))
    for outcome in plan.failures:
        feedback.result(outcome)

    def on_result(job: Job, outcome: Outcome) -> None:
        outcomes[job] = outcome
        feedback.result(outcome)

    try:
        run_jobs(
            plan.jobs,
            lambda job: convert_job(job, registry, options, writers, detail=detail),
            on_result,
            processes=processes,
            timeout=timeout or None,
            writers=writers,
            tick=feedback.tick,
        )
    except Interrupted:
        feedback.close()
        fail("interrupted; files not yet converted were left alone", 130)
    feedback.close()
    if report:
        ordered = [outcomes[j] for j in plan.jobs if j in outcomes] + list(plan.failures)
        _write_report(report, ordered, plan.skipped, feedback, writers, processes)
    feedback.finish()
    if feedback.failed:
        sys.exit(EXIT_FAILED)


def _write_report(
    report: Path,
    outcomes: list[Outcome],
    skipped: list[tuple[str, str]],
    feedback: Feedback,
    writers: list[Writer],
    processes: int,
) -> None:
    data = {
        "files": [o.as_report() for o in outcomes],
        "skipped": [{"input": path, "reason": reason} for path, reason in skipped],
        "summary": {
            "converted": feedback.converted,
            "skipped": feedback.skipped,
            "failed": feedback.failed,
            "warnings": feedback.warnings,
            "seconds": round(feedback.elapsed, 3),
            "jobs": processes,
            "formats": [w.name for w in writers],
            "version": __version__,
        },
    }
    write_report(report, data)


def write_report(path: Path, data: object) -> None:
    """Write ``data`` as JSON to ``path`` atomically (names that are not UTF-8 show U+FFFD);
    if that fails, one error line and exit status 1, never a traceback or a temporary file."""
    from .inputs import safe_text
    from .staging import write_text_atomic

    try:
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except Exception as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        fail(f"{safe_text(str(path))}: cannot write report: {reason}")


@cli.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
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
@step_options
def sync(
    src: Path,
    dest: Path,
    formats: str,
    reference_docx: str | None,
    epub_split_level: int | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    wait: float,
    log_path: Path | None,
    delete: bool,
    no_step: tuple[str, ...],
    step: tuple[str, ...],
    rules: tuple[str, ...],
    keep_punctuation: bool,
) -> None:
    """Convert the files under SRC that are new or changed since the last run into DEST.

    Meant for cron. Changes are found by content hash; a change of docconv version, formats,
    options or rule files converts everything again. State is kept in
    DEST/.docconv-sync.sqlite; SRC is never modified. Outputs are written to temporary files
    and renamed into place, and a file counts as done only when all its outputs are in place,
    so a run that is killed leaves no half-written file and the next run finishes the work.
    Files that failed are tried again on the next run. A damaged state file is moved aside
    (DEST/.docconv-sync.sqlite.damaged-N) with a warning and a new state is started, so
    every file is converted again.

    \b
    Examples:
      docconv sync ~/downloads ~/converted -t md,docx --log ~/converted.log
      */15 * * * *  docconv sync -q /srv/in /srv/out -t all --log /var/log/docconv.jsonl
    \b
    Exit status: 0 all converted or unchanged, 1 some failed, 2 usage error,
    3 another sync is running on DEST (see --wait).
    """
    from .sync import SyncUsageError, run_sync

    session = make_session(
        current_registry(),
        formats=formats,
        no_step=no_step,
        step=step,
        rules=rules,
        keep_punctuation=keep_punctuation,
        settings=writer_settings(reference_docx, epub_split_level),
    )
    registry, options, writers = session.registry, session.options, list(session.writers)
    try:
        code = run_sync(
            src,
            dest,
            registry,
            options,
            writers,
            processes=jobs,
            timeout=timeout or None,
            wait=wait,
            log_path=log_path,
            delete=delete,
            quiet=quiet,
        )
    except SyncUsageError as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(code)


@cli.command()
@click.argument("input", type=str)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON record of every removal, change and warning here.",
)
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

    \b
    Examples:
      docconv clean speech.txt > speech.md
      pbpaste | docconv clean - --keep-punctuation
    """
    from convert.writers.markdown import render

    from .inputs import safe_text
    from .pipeline import convert_source
    from .report import report_entry

    session = make_session(
        current_registry(), no_step=no_step, step=step, rules=rules, keep_punctuation=keep_punctuation
    )
    shown = safe_text(input)  # a file name that is not UTF-8 shows U+FFFD for its bad bytes
    try:
        doc = convert_source(read_input(input), session)
    except ConversionError as exc:
        fail(f"{shown}: {exc.reason}")
        return
    for warning in doc.warnings:
        click.echo(f"docconv: warning: {shown}: {warning}", err=True)
    sys.stdout.buffer.write(render(doc).encode("utf-8"))
    sys.stdout.flush()
    if report:
        write_report(report, {"files": [report_entry(doc, shown, [], None)]})


@cli.command()
@click.argument("input", type=str)
@click.option("--json", "as_json", is_flag=True, help="Print the audit as JSON instead of text.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal).")
@step_options
def inspect(
    input: str,
    as_json: bool,
    color: bool | None,
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
    """
    from .audit import audit, render
    from .inputs import safe_text
    from .pipeline import clean as run_steps
    from .pipeline import read_source

    session = make_session(
        current_registry(), no_step=no_step, step=step, rules=rules, keep_punctuation=keep_punctuation
    )
    try:
        raw = read_source(read_input(input), session)
        doc = run_steps(raw, session)
    except ConversionError as exc:
        fail(f"{safe_text(input)}: {exc.reason}")
        return
    rows = audit(raw, doc)
    if as_json:
        data = [
            {"page": r.origin.page, "line": r.origin.line, "text": r.text, "status": r.status, "note": r.note}
            for r in rows
        ]
        click.echo(json.dumps({"lines": data, "warnings": list(doc.warnings)}, ensure_ascii=False, indent=1))
        return
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(render(rows, doc, color=use_color), color=use_color, nl=False)


@cli.command()
@click.option("--all", "show_all", is_flag=True, help="Include the built-in plugins.")
def plugins(show_all: bool) -> None:
    """List plugins as JSON: name, package, version, hooks and what each provides."""
    registry = current_registry()
    rows = [info.as_dict(registry.pm) for info in registry.plugins.values() if show_all or not info.builtin]
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2))


@cli.command()
def steps() -> None:
    """List the cleaning steps in the order they run."""
    registry = current_registry()
    for s in registry.ordered_steps():
        state = "on " if s.default_enabled else "off"
        click.echo(f"{s.order:>4}  {state}  {s.name:<14} {s.description}")


@cli.command()
def formats() -> None:
    """List the input readers and output writers."""
    registry = current_registry()
    click.echo("Readers:")
    for r in sorted(registry.readers, key=lambda r: r.name):
        exts = " ".join(e for e in r.extensions if e) or "-"
        click.echo(f"  {r.name:<10} {exts:<18} {r.description}")
    click.echo("Writers (-t):")
    for name, w in sorted(registry.writers.items()):
        click.echo(f"  {name:<10} {w.extension:<18} {w.description}")


def _register_plugin_commands() -> None:
    registry = current_registry()
    for impl in registry.pm.hook.register_commands.get_hookimpls():
        try:
            impl.function(cli=cli)
        except Exception as exc:
            click.echo(f"docconv: warning: plugin {impl.plugin_name!r} failed in register_commands: {exc}", err=True)


def main() -> None:
    _register_plugin_commands()
    cli(prog_name="docconv")
