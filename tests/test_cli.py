"""The docconv command line, run as a user would."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED, need_shared

from convert.app.cli import cli
from convert.app.staging import write_text_atomic

TEXT = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\nVIP\u4e13\u514d\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_convert_writes_markdown_and_report(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "speech.txt"
    src.write_text(TEXT, encoding="utf-8")
    before = src.read_bytes()
    result = runner.invoke(
        cli, ["convert", str(src), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.json")]
    )
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out" / "speech.md").read_text(encoding="utf-8")
    assert "# \u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd" in out
    assert "\u540c\u5fd7\u4eec\uff0c\u4eca\u5929\u5f00\u4f1a\u3002" in out
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    [entry] = report["files"]
    assert entry["status"] == "converted"
    assert entry["removals"][0]["text"] == "VIP\u4e13\u514d" and entry["removals"][0]["line"] == 2
    assert entry["removals"][0]["reason"]
    assert src.read_bytes() == before  # the input is never changed
    assert not list((tmp_path / "out").glob(".*part"))


def test_clean_prints_markdown_from_file_and_stdin(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    from_file = runner.invoke(cli, ["clean", str(src)])
    from_stdin = runner.invoke(cli, ["clean", "-"], input=TEXT.encode("utf-8"))
    assert from_file.exit_code == 0 and from_stdin.exit_code == 0
    assert from_file.stdout.split("---", 2)[2] == from_stdin.stdout.split("---", 2)[2]


def test_keep_punctuation_and_no_step(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    kept = runner.invoke(cli, ["clean", str(src), "--keep-punctuation"])
    assert "\u540c\u5fd7\u4eec,\u4eca\u5929" in kept.stdout
    with_furniture = runner.invoke(cli, ["clean", str(src)])
    assert "VIP" not in with_furniture.stdout
    # the rules' step and the classifier both know VIP专免: with both off it stays
    no_furniture = runner.invoke(cli, ["clean", str(src), "--no-step", "furniture", "--no-step", "classify"])
    assert "VIP" in no_furniture.stdout
    assert "\u540c\u5fd7\u4eec" in runner.invoke(cli, ["clean", str(src), "--no-step", "furniture"]).stdout
    bad = runner.invoke(cli, ["clean", str(src), "--no-step", "nonsense"])
    assert bad.exit_code == 2 and "unknown step" in bad.output


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty file"), (bytes(range(256)) * 8, "binary data")],
    ids=["empty", "binary"],
)
def test_bad_input_gives_one_line_and_no_output(runner: CliRunner, tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(cli, ["convert", str(bad), str(good), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [f"docconv: error: {bad}: {errors[0].split(': ', 3)[-1]}"]
    assert reason in errors[0] and "Traceback" not in result.output
    assert not (tmp_path / "out" / "bad.md").exists()
    assert (tmp_path / "out" / "good.md").exists()


def test_missing_file_and_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(cli, ["convert", str(tmp_path / "nope.txt"), "-o", str(tmp_path)])
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    fmt = runner.invoke(cli, ["convert", str(tmp_path / "nope.txt"), "-t", "pdfx"])
    assert fmt.exit_code == 2 and "unknown output format" in fmt.output


def test_same_stem_inputs_do_not_collide(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.md").write_text("# T\n\n\u6b63\u6587\u3002\n", encoding="utf-8")
    result = runner.invoke(cli, ["convert", str(tmp_path / "a.txt"), str(tmp_path / "a.md"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a.md.md", "a.txt.md"]


def test_plugins_and_steps_listing(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(cli, ["plugins", "--all"]).stdout)
    names = {r["name"]: r for r in rows}
    assert names["cleaning"]["builtin"] and "furniture" in names["cleaning"]["steps"]
    assert "register_steps" in names["cleaning"]["hooks"]
    assert "md" in names["markdown_writer"]["writers"]
    assert json.loads(runner.invoke(cli, ["plugins"]).stdout) == []  # no third-party plugins in tests
    steps = runner.invoke(cli, ["steps"]).stdout.splitlines()
    assert [line.split()[2] for line in steps][:4] == ["control-chars", "furniture", "layout", "ads"]


def test_help_shows_examples(runner: CliRunner) -> None:
    assert "Examples" in runner.invoke(cli, ["--help"]).output
    assert "Examples" in runner.invoke(cli, ["convert", "--help"]).output


def test_python_dash_m_and_seed_end_to_end(tmp_path: Path) -> None:
    seed = need_shared(SEED / "speech.scraped.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(seed), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"DOCCONV_DISABLE_PLUGINS": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "truncated preview" in proc.stderr
    out = (tmp_path / "speech.scraped.md").read_text(encoding="utf-8")
    assert out.startswith("---\ntitle: ") and "truncated: true" in out


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from convert.app.cli import main\n"
        "sys.argv=['docconv','--help']\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "heavy=[m for m in ('pdfplumber','docx','ebooklib','lxml','charset_normalizer') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def test_epub_split_level_option(runner: CliRunner, tmp_path: Path) -> None:
    import zipfile

    src = need_shared(SEED / "speech.scraped.txt")

    def chapters(*extra: str) -> list[str]:
        out = tmp_path / ("o" + "".join(extra))
        result = runner.invoke(cli, ["convert", str(src), "-t", "epub", "-q", "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        names = zipfile.ZipFile(out / "speech.scraped.epub").namelist()
        return [n for n in names if n.endswith(".xhtml") and "chapter" in n]

    assert len(chapters()) == 3  # title part + one chapter per ## heading
    assert len(chapters("--epub-split-level", "1")) == 1


def test_report_to_an_unwritable_place_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    target = tmp_path / "afile" / "x.json"  # under a regular file: unwritable even for root
    for args in (["clean", str(src)], ["convert", str(src), "-o", str(tmp_path / "out")]):
        result = runner.invoke(cli, [*args, "--report", str(target)])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.stderr.splitlines()[-1] == f"docconv: error: {target}: cannot write report: Not a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "afile", "out"]


def test_reports_are_written_atomically_with_the_usual_mode(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    old_mask = os.umask(0o022)
    try:
        convert_report, clean_report = tmp_path / "r" / "convert.json", tmp_path / "r" / "clean.json"
        assert (
            runner.invoke(cli, ["convert", str(src), "-o", str(tmp_path), "--report", str(convert_report)]).exit_code
            == 0
        )
        assert runner.invoke(cli, ["clean", str(src), "--report", str(clean_report)]).exit_code == 0
    finally:
        os.umask(old_mask)
    for report in (convert_report, clean_report):
        assert stat.S_IMODE(report.stat().st_mode) == 0o644, report
        assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["status"] == "converted"
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["clean.json", "convert.json"]


def test_write_text_atomic_leaves_no_temporary_file_when_the_rename_fails(tmp_path: Path) -> None:
    (tmp_path / "busy" / "inside").mkdir(parents=True)  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError):
        write_text_atomic(tmp_path / "busy", "{}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]
    write_text_atomic(tmp_path / "ok.json", '{"name": "' + os.fsdecode(b"b\xffd") + '"}\n')
    assert json.loads((tmp_path / "ok.json").read_text(encoding="utf-8")) == {"name": "b\ufffdd"}


def test_clean_a_file_whose_name_is_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / os.fsdecode(b"b\xffd.txt")  # a GBK-style name from an unzipped archive
    src.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(cli, ["clean", str(src), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "source: b\ufffdd.txt" in result.stdout
    [entry] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]
    assert entry["input"] == str(tmp_path / "b\ufffdd.txt") and entry["metadata"]["source"] == "b\ufffdd.txt"
    missing = runner.invoke(cli, ["clean", str(tmp_path / os.fsdecode(b"x\xfe.txt"))])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    shown = tmp_path / "x\ufffd.txt"
    assert missing.stderr.startswith(f"docconv: error: {shown}: cannot read")
