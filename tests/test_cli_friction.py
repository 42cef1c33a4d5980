"""What a new user trips over on the command line (issue 15): ``-o FILE.ext``, ``-q``, the
no-reader error, and a progress bar that names the slow file and the time left."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from convert.app import progress
from convert.app.cli import cli
from convert.app.progress import Feedback
from convert.app.report import Outcome

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SPEECH = SAMPLES / "speech.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_o_with_a_file_name_writes_that_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["convert", str(SPEECH), "-q", "-o", str(tmp_path / "clean.md")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "clean.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.md"]


def test_o_extension_picks_the_format_when_t_is_not_given(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "speech.final.docx"
    result = runner.invoke(cli, ["convert", str(SPEECH), "-q", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert docx.Document(str(target)).paragraphs  # a real DOCX, not Markdown named .docx
    assert sorted(p.name for p in target.parent.iterdir()) == ["speech.final.docx"]


@pytest.mark.parametrize(
    ("extra", "inputs"),
    [(["-t", "md"], 1), (["-t", "docx,epub"], 1), ([], 2)],
    ids=["other-format", "two-formats", "two-inputs"],
)
def test_o_file_name_that_cannot_hold_the_outputs_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, extra: list[str], inputs: int
) -> None:
    sources = [str(SPEECH), str(SAMPLES / "speech-site.html")][:inputs]
    result = runner.invoke(cli, ["convert", *sources, "-o", str(tmp_path / "out.docx"), *extra])
    assert result.exit_code == 2
    assert "out.docx: -o names a docx file" in result.output
    assert not (tmp_path / "out.docx").exists()


def test_o_naming_an_existing_folder_stays_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "archive.md"
    folder.mkdir()
    result = runner.invoke(cli, ["convert", str(SPEECH), "-q", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "speech.md").is_file()


def test_quiet_prints_errors_only(runner: CliRunner, tmp_path: Path) -> None:
    loud = runner.invoke(cli, ["convert", str(SPEECH), "-o", str(tmp_path / "a")])
    assert "warning" in loud.output  # the sample is a truncated preview: it warns
    quiet = runner.invoke(cli, ["convert", str(SPEECH), "-q", "-o", str(tmp_path / "b")])
    assert quiet.exit_code == 0
    assert quiet.output == ""
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    failed = runner.invoke(cli, ["convert", str(bad), "-q", "-o", str(tmp_path / "c")])
    assert failed.exit_code == 1
    assert failed.output.startswith("docconv: error: ")
    assert failed.output.count("\n") == 1


def test_no_reader_error_lists_extensions_and_names_the_plugin(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "letter.docx"
    shutil.copy(SAMPLES / "speech.txt", src)
    result = runner.invoke(cli, ["--plugins", "", "convert", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "error" in line]
    assert "no reader for .docx files" in line
    assert "(read: .htm," in line  # no empty first entry
    assert "files without an extension" in line
    assert "docconv-docx-input" in line


def test_progress_bar_names_the_slow_file_and_shows_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    monkeypatch.setattr(progress, "SLOW", 0.0)
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=80, color_system=None)  # (a plain terminal)
    feedback = Feedback(console=console)
    feedback.start(3)
    feedback.begin("downloads/a-very-long-folder-name/federal-register-2020-17221.pdf")
    feedback.begin("b.txt")
    feedback.result(Outcome(input="b.txt", status="converted"))
    shown = feedback.current()
    feedback.close()
    assert shown.startswith("downloa")
    assert "17221.pdf" in shown  # the end of a long name is kept: it tells files apart
    assert len(shown.split(" ")[0]) <= progress.NAME_WIDTH
    assert "b.txt" not in shown  # done files leave the bar
    drawn = stream.getvalue()
    assert "17221.pdf" in drawn and "1/3" in drawn and "eta" in drawn  # all of it fits in 80 columns


def test_progress_bar_names_no_file_before_it_is_slow() -> None:
    feedback = Feedback(console=None)
    feedback.begin("quick.txt")
    assert feedback.current() == ""


def test_o_with_a_file_name_runs_again_over_its_own_output(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "again.docx"
    for _ in range(2):  # (a script or Makefile runs the same command again)
        result = runner.invoke(cli, ["convert", str(SPEECH), "-q", "-o", str(target)])
        assert result.exit_code == 0, result.output
    assert docx.Document(str(target)).paragraphs


def test_o_naming_the_input_or_a_foreign_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "notes.md"
    src.write_text("# Notes\n\nText.\n", encoding="utf-8")
    result = runner.invoke(cli, ["convert", str(src), "-o", str(src)])
    assert result.exit_code == 1  # (that file fails, as any output over an input does)
    assert "would overwrite the input" in result.output
    assert src.read_text(encoding="utf-8") == "# Notes\n\nText.\n"
    other = tmp_path / "data.csv"
    other.write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(cli, ["convert", str(SPEECH), "-o", str(other)])
    assert result.exit_code == 2
    assert "-o names a file that no output format writes" in result.output
    assert other.read_text(encoding="utf-8") == "a,b\n"


def test_no_reader_hint_for_an_old_word_file_follows_the_installed_readers() -> None:
    from convert.app.plugins import build_registry, no_reader_message

    registry = build_registry()
    without = [r for r in registry.readers if ".docx" not in r.extensions]
    assert "then install the docconv-docx-input plugin" in no_reader_message(".doc", without)
    assert "soffice --headless --convert-to docx" in no_reader_message(".doc", without)

    class Docx:
        extensions = (".docx",)

    assert "plugin" not in no_reader_message(".doc", [*without, Docx()])  # type: ignore[list-item]
