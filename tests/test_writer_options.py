"""Writer options: declared by each writer as a typed WriterOptions class, given as
``-O FORMAT.KEY=VALUE`` or a named flag, checked once before any file is converted."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from convert.app.cli import cli
from convert.app.plugins import build_registry
from convert.app.sync import fingerprint
from convert.core.contracts import ConversionError, Options, WriterOptions, writer_option
from convert.writers.docx import DocxOptions, DocxWriter
from convert.writers.epub import EpubOptions, EpubWriter

MARKDOWN = "# A Report\n\n## One\n\nFirst part.\n\n## Two\n\nSecond part.\n"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


@pytest.fixture
def report_md(tmp_path: Path) -> Path:
    path = tmp_path / "report.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.styles["Normal"].font.name = "Arial"
    path = tmp_path / "ref.docx"
    document.save(str(path))
    return path


def normal_font(path: Path) -> str | None:
    import docx

    return docx.Document(str(path)).styles["Normal"].font.name


def chapters(epub: Path) -> list[str]:
    return [n for n in zipfile.ZipFile(epub).namelist() if n.endswith(".xhtml") and "chapter" in n]


# ---------------------------------------------------------------- the command line


def test_reference_docx_by_writer_option_and_by_flag(
    report_md: Path, reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # (the provenance records the conversion time)
    by_option = run("convert", report_md, "-t", "docx", "-q", "-o", tmp_path / "o", "-O", f"docx.reference={reference}")
    by_flag = run("convert", report_md, "-t", "docx", "-q", "-o", tmp_path / "f", "--reference-docx", reference)
    plain = run("convert", report_md, "-t", "docx", "-q", "-o", tmp_path / "p")
    assert by_option.exit_code == by_flag.exit_code == plain.exit_code == 0, by_option.output + by_flag.output
    assert normal_font(tmp_path / "o" / "report.docx") == normal_font(tmp_path / "f" / "report.docx") == "Arial"
    assert normal_font(tmp_path / "p" / "report.docx") != "Arial"
    assert (tmp_path / "o" / "report.docx").read_bytes() == (tmp_path / "f" / "report.docx").read_bytes()


def test_epub_split_level_option_gives_one_chapter(report_md: Path, tmp_path: Path) -> None:
    default = run("convert", report_md, "-t", "epub", "-q", "-o", tmp_path / "d")
    one = run("convert", report_md, "-t", "epub", "-q", "-o", tmp_path / "one", "-O", "epub.split_level=1")
    assert default.exit_code == one.exit_code == 0, one.output
    assert len(chapters(tmp_path / "d" / "report.epub")) == 3  # the title part and one per ## heading
    assert len(chapters(tmp_path / "one" / "report.epub")) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-O", "epub.split_level=9"], "Invalid value for '-O epub.split_level': split_level: must be in 1..6, not 9"),
        (
            ["--epub-split-level", "deep"],
            "Invalid value for '--epub-split-level': split_level: expected a whole number",
        ),
        (["-O", "epub.depth=2"], "Invalid value for '-O epub.depth': unknown option 'depth' (known: split_level)"),
        (["-O", "pdf.x=1"], "Invalid value for '-O pdf.x': unknown output format 'pdf' (known: docx, epub, md)"),
        (["-O", "epub.split_level"], "Invalid value for '-O': 'epub.split_level' is not FORMAT.KEY=VALUE"),
        (["-O", "md.width=3"], "Invalid value for '-O md.width': output format 'md' has no options"),
    ],
)
def test_a_bad_writer_option_is_one_usage_error(
    report_md: Path, tmp_path: Path, args: list[str], expected: str
) -> None:
    result = run("convert", report_md, "-t", "md,epub", "-o", tmp_path / "out", *args)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith(f"Error: {expected}")
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_broken_reference_docx_is_one_usage_error_before_converting(report_md: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    other = tmp_path / "other.md"
    other.write_text(MARKDOWN, encoding="utf-8")
    result = run("convert", report_md, other, "-t", "md,docx", "-o", tmp_path / "out", "--reference-docx", broken)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "'--reference-docx'" in line and f"cannot use reference DOCX {broken}: it does not open as a DOCX" in line
    assert "docconv: error:" not in result.stderr  # no error per file: nothing was converted
    assert not (tmp_path / "out").exists()
    missing = run("convert", report_md, "-t", "docx", "-o", tmp_path / "out", "-O", "docx.reference=nope.docx")
    assert missing.exit_code == 2 and "cannot use reference DOCX nope.docx: no such file" in missing.stderr


def test_options_of_a_format_not_asked_for_are_ignored_with_one_warning(report_md: Path, tmp_path: Path) -> None:
    args = ["-O", "epub.split_level=2", "--reference-docx", tmp_path / "absent.docx"]
    result = run("convert", report_md, "-t", "md", "-q", "-o", tmp_path / "out", *args)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "ignored" in line]
    assert warnings == [
        "docconv: warning: -O epub.split_level, --reference-docx: not for an output format of this run (-t); ignored"
    ]
    assert (tmp_path / "out" / "report.md").is_file()


def test_formats_lists_each_writers_options() -> None:
    result = run("formats")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    docx_at = next(i for i, line in enumerate(lines) if line.startswith("  docx "))
    assert lines[docx_at + 1].split() == [
        "-O",
        "docx.reference=PATH",
        "(path;",
        "default:",
        "none;",
        "--reference-docx)",
    ]
    assert "DOCX whose styles the DOCX output uses" in lines[docx_at + 2]
    assert "-O epub.split_level=INT  (int 1..6; default: none; --epub-split-level)" in result.stdout
    assert "Start a new chapter at headings of this Markdown level" in result.stdout


def test_convert_and_sync_help_show_the_writers_flags() -> None:
    for command in ("convert", "sync"):
        text = run(command, "--help").stdout
        assert "-O, --writer-option FORMAT.KEY=VALUE" in text
        assert "--reference-docx PATH" in text and "--epub-split-level INT" in text


def test_sync_takes_writer_options_and_a_change_converts_again(report_md: Path, tmp_path: Path) -> None:
    src = report_md.parent / "src"
    src.mkdir()
    report_md.rename(src / "report.md")
    dest = tmp_path / "dest"
    first = run("sync", src, dest, "-t", "epub", "-O", "epub.split_level=1")
    again = run("sync", src, dest, "-t", "epub", "--epub-split-level", "1")
    changed = run("sync", src, dest, "-t", "epub", "-O", "epub.split_level=2")
    assert first.exit_code == again.exit_code == changed.exit_code == 0, first.output + changed.output
    assert first.stderr.splitlines()[-1].startswith("docconv: 1 converted, 0 unchanged")
    assert again.stderr.splitlines()[-1].startswith("docconv: 0 converted, 1 unchanged")
    assert changed.stderr.splitlines()[-1].startswith("docconv: 1 converted, 0 unchanged")
    assert len(chapters(dest / "report.epub")) == 3


def test_plugin_writer_options_and_flag_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, report_md: Path
) -> None:
    (tmp_path / "shout_writer.py").write_text(SHOUT_WRITER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    help_text = run("--plugin", "shout_writer", "convert", "--help").stdout
    assert "--shout-times INT" in help_text and "--shout-loud / --no-shout-loud" in help_text
    args = ["--plugin", "shout_writer", "convert", report_md, "-t", "shout", "-q", "-o", tmp_path / "out"]
    result = run(*args, "--shout-times", "2", "-O", "shout.mark=?", "--no-shout-loud")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "report.shout").read_text(encoding="utf-8") == "a report?a report?"
    bad = run(*args, "-O", "shout.mark=*")
    assert bad.exit_code == 2 and "mark: must be one of !, ?, not '*'" in bad.stderr


SHOUT_WRITER = """
from dataclasses import dataclass, field

from convert import Writer, hookimpl
from convert.core.contracts import WriterOptions, writer_option


@dataclass(frozen=True)
class ShoutOptions(WriterOptions):
    times: int = field(default=1, metadata=writer_option(help="Repeat.", flag="--shout-times", minimum=1))
    loud: bool = field(default=True, metadata=writer_option(help="Upper case.", flag="--shout-loud"))
    mark: str = field(default="!", metadata=writer_option(help="End mark.", choices=("!", "?")))


class ShoutWriter(Writer):
    name = "shout"
    extension = ".shout"
    options_class = ShoutOptions

    def write(self, doc, out, options):
        opts = self.options_from(options)
        title = doc.meta.title.upper() if opts.loud else doc.meta.title.lower()
        out.write(((title + opts.mark) * opts.times).encode("utf-8"))


@hookimpl
def register_writers(register):
    register(ShoutWriter())
"""


# ---------------------------------------------------------------- the WriterOptions contract


@dataclass(frozen=True)
class Sample(WriterOptions):
    path: Path | None = field(default=None, metadata=writer_option(help="A file."))
    ratio: float = field(default=0.5, metadata=writer_option(help="A ratio.", minimum=0, maximum=1))
    on: bool = field(default=False, metadata=writer_option(help="A switch.", flag="--sample-on"))
    style: str = field(default="plain", metadata=writer_option(help="A style.", choices=("plain", "fancy")))


def test_parse_converts_each_type_and_validates() -> None:
    options = Sample.parse({"path": "a/b.txt", "ratio": "0.25", "on": "yes", "style": "fancy"})
    assert options == Sample(path=Path("a/b.txt"), ratio=0.25, on=True, style="fancy")
    assert Sample.parse({}) == Sample()
    assert [(s.key, s.type_name, s.default, s.flag) for s in Sample.specs()] == [
        ("path", "path", None, None),
        ("ratio", "float 0..1", 0.5, None),
        ("on", "bool", False, "--sample-on"),
        ("style", "str (plain|fancy)", "plain", None),
    ]
    for values, message in [
        ({"ratio": "2"}, "ratio: must be in 0..1, not 2.0"),
        ({"ratio": "half"}, "ratio: expected a number, not 'half'"),
        ({"on": "maybe"}, "on: expected true or false, not 'maybe'"),
        ({"style": "loud"}, "style: must be one of plain, fancy, not 'loud'"),
        ({"colour": "red"}, "unknown option 'colour' (known: path, ratio, on, style)"),
    ]:
        with pytest.raises(ConversionError) as caught:
            Sample.parse(values)
        assert caught.value.reason == message


def test_options_must_have_supported_types_and_defaults() -> None:
    @dataclass(frozen=True)
    class NoDefault(WriterOptions):
        level: int

    @dataclass(frozen=True)
    class BadType(WriterOptions):
        scale: complex = field(default=1j, metadata=writer_option(help="Not a supported type."))

    with pytest.raises(TypeError, match="needs a default"):
        NoDefault.specs()
    with pytest.raises(TypeError, match="not one of str, int, float, bool, Path"):
        BadType.specs()


def test_a_writer_reads_its_options_or_the_defaults() -> None:
    assert EpubWriter().options_from(Options()) == EpubOptions()
    given = Options(writer_options={"epub": EpubOptions(split_level=2), "docx": DocxOptions()})
    assert EpubWriter().options_from(given) == EpubOptions(split_level=2)
    with pytest.raises(TypeError, match="must be DocxOptions"):
        DocxWriter().options_from(Options(writer_options={"docx": EpubOptions()}))


def test_a_writer_with_a_bad_options_class_or_a_taken_flag_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "clashing_writers.py").write_text(
        SHOUT_WRITER.replace('name = "shout"', 'name = "shout2"').replace("--shout-times", "--epub-split-level"),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = build_registry(["clashing_writers"], load_entry_points=False)
    assert "shout2" not in reg.writers
    assert reg.problems == [
        "plugin 'clashing_writers': writer 'shout2': flag --epub-split-level is taken by 'epub'; skipped"
    ]


def test_sync_fingerprint_counts_writer_options_and_the_reference_file(reference: Path) -> None:
    reg = build_registry(load_entry_points=False)
    writers = [reg.writer("docx"), reg.writer("epub")]

    def fp(**options: WriterOptions) -> str:
        return fingerprint(reg, Options(writer_options=options), writers)

    assert fp() == fp(epub=EpubOptions())  # defaults given or not: the same
    assert fp(epub=EpubOptions(split_level=1)) != fp(epub=EpubOptions(split_level=2))
    before = fp(docx=DocxOptions(reference=reference))
    assert before != fp()
    import docx

    document = docx.Document(str(reference))
    document.styles["Normal"].font.name = "Georgia"
    document.save(str(reference))
    assert fp(docx=DocxOptions(reference=reference)) != before  # same path, new content
