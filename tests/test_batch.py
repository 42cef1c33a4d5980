"""``docconv convert`` on many files: folders, parallel workers, time limit, report, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import BinaryIO

import pytest
from click.testing import CliRunner, Result

import convert.app.plugins
from convert.app.cli import cli
from convert.app.inputs import Job
from convert.app.report import Outcome
from convert.app.workers import run_jobs
from convert.core.contracts import Options, Writer
from convert.core.model import Document

TEXT = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\nVIP\u4e13\u514d\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"
ZH_NAME = "\u8bb2\u8bdd \u7a3f"  # a non-ASCII name with a space


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("docconv: error: ")]


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def make_tree(root: Path) -> None:
    (root / "sub" / ZH_NAME).mkdir(parents=True)
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "b c.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / ZH_NAME / f"{ZH_NAME}.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "notes.csv").write_text("a,b\n", encoding="utf-8")  # no reader: skipped
    (root / ".hidden.txt").write_text(TEXT, encoding="utf-8")  # hidden: ignored
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / ".b.txt.abc123.part").write_text("half", encoding="utf-8")  # our temp file
    (root / "sub" / "draft.txt~").write_text(TEXT, encoding="utf-8")  # editor backup


def test_recursive_mirrors_tree_and_skips_hidden_temp_and_unknown(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    result = run("convert", "-r", tmp_path / "in", "-o", tmp_path / "out", "--report", tmp_path / "run.json")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "out") == sorted(["a.md", "sub/b c.md", f"sub/{ZH_NAME}/{ZH_NAME}.md"])
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("docconv: 3 converted, 1 skipped, 0 failed, 0 warnings in ")
    report = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert {e["status"] for e in report["files"]} == {"converted"}
    entry = next(e for e in report["files"] if e["input"].endswith("a.txt"))
    assert entry["outputs"] == [str(tmp_path / "out" / "a.md")]
    assert entry["removals"][0]["text"] == "VIP\u4e13\u514d"  # detailed removals are kept
    assert entry["removal_counts"] == {"furniture": 1} and entry["duration"] >= 0
    assert report["skipped"] == [
        {"input": str(tmp_path / "in" / "sub" / "notes.csv"), "reason": "no reader for this kind of file"}
    ]
    assert report["summary"]["converted"] == 3 and report["summary"]["failed"] == 0


def test_folder_without_recursive_is_an_error_for_that_input_only(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    result = run("convert", tmp_path / "in", tmp_path / "in" / "a.txt", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert errors(result) == [f"docconv: error: {tmp_path / 'in'}: is a folder (use -r to convert the files in it)"]
    assert tree(tmp_path / "out") == ["a.md"]


def test_same_stem_in_a_folder_and_clashing_names_never_overwrite(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "one" / "a.md").write_text("# T\n\n\u6b63\u6587\u3002\n", encoding="utf-8")
    result = run("convert", "-r", tmp_path / "one", "-o", tmp_path / "o1")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "o1") == ["a.md.md", "a.txt.md"]
    # two folder arguments mirrored into one OUTDIR: two.../a.txt and one.../a.txt would both be o2/a.txt.md or a.md
    result = run("convert", "-r", tmp_path / "one", tmp_path / "two", "-o", tmp_path / "o2")
    assert result.exit_code == 1
    clash = errors(result)
    assert len(clash) == 2 and all("same name" in line for line in clash)
    assert tree(tmp_path / "o2") == ["a.md.md"]  # the clashing pair wrote nothing


def test_output_that_would_overwrite_its_input_fails(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# T\n\n\u6b63\u6587\u3002\n", encoding="utf-8")
    before = (tmp_path / "a.md").read_bytes()
    result = run("convert", "-r", tmp_path, "-o", tmp_path)
    assert result.exit_code == 1
    assert "would overwrite the input" in errors(result)[0]
    assert (tmp_path / "a.md").read_bytes() == before


def test_parallel_and_serial_give_identical_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # (the provenance records the conversion time)
    (tmp_path / "in").mkdir()
    for i in range(6):
        (tmp_path / "in" / f"d{i}.txt").write_text(TEXT + f"\u7b2c{i}\u6bb5\u3002\n", encoding="utf-8")
    assert run("convert", "-r", tmp_path / "in", "-o", tmp_path / "j1", "--jobs", "1").exit_code == 0
    assert run("convert", "-r", tmp_path / "in", "-o", tmp_path / "j3", "-j", "3").exit_code == 0
    names = tree(tmp_path / "j1")
    assert names == tree(tmp_path / "j3") and len(names) == 6
    for name in names:
        assert (tmp_path / "j1" / name).read_bytes() == (tmp_path / "j3" / name).read_bytes()


def test_usage_errors_exit_2_and_help_documents_exit_status(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert run("convert", tmp_path / "a.txt", "--jobs", "-1").exit_code == 2
    assert run("convert", tmp_path / "a.txt", "--timeout", "soon").exit_code == 2
    assert run("convert", tmp_path / "a.txt", "-t", "pdfx").exit_code == 2
    assert run("convert").exit_code == 2
    text = " ".join(run("convert", "--help").output.split())
    assert "Exit status: 0 all converted, 1 some failed, 2 usage error" in text
    assert "--recursive" in text and "--jobs" in text and "--timeout" in text


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    result = run("convert", "-q", tmp_path / "a.txt", tmp_path / "bad.txt", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"docconv: error: {tmp_path / 'bad.txt'}: empty file: there is no text to convert"
    ]


CRASHY = """
import os, signal, time
from convert import Step, hookimpl

class Crashy(Step):
    name = "crashy"
    order = 150

    def run(self, doc, ctx):
        text = " ".join(line.text for line in doc.lines)
        if "CRASH" in text:
            os._exit(7)
        if "SEGV" in text:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "SLOW" in text:
            time.sleep(60)
        if "BUG" in text:
            raise ZeroDivisionError("oops")
        return doc

@hookimpl
def register_steps(register):
    register(Crashy())
"""


def test_crash_segfault_hang_and_bug_fail_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "crashy_plugin.py").write_text(CRASHY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert not hasattr(convert.app.plugins, "_REGISTRY")  # each run builds its registry (with --plugin)
    inputs = {}
    for word in ("good", "CRASH", "SEGV", "SLOW", "BUG"):
        inputs[word] = tmp_path / f"{word.lower()}.txt"
        inputs[word].write_text(f"{TEXT}{word} \u6587\u5b57\u3002\n", encoding="utf-8")
    start = time.monotonic()
    result = run(
        "--plugin",
        "crashy_plugin",
        "convert",
        *inputs.values(),
        "-o",
        tmp_path / "out",
        "-t",
        "md,epub",
        "-j",
        "2",
        "--timeout",
        "2",
    )
    assert time.monotonic() - start < 30
    assert result.exit_code == 1, result.output
    lines = {line.split(": ")[2]: line for line in errors(result)}
    assert "exit status 7" in lines[str(inputs["CRASH"])]
    assert "SIGSEGV" in lines[str(inputs["SEGV"])]
    assert "longer than 2 s" in lines[str(inputs["SLOW"])]
    assert "ZeroDivisionError: oops" in lines[str(inputs["BUG"])]
    assert len(lines) == 4 and "Traceback" not in result.output
    assert tree(tmp_path / "out") == ["good.epub", "good.md"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]


def test_run_jobs_isolates_workers_and_keeps_order_of_callbacks_per_job(tmp_path: Path) -> None:
    def work(job: Job) -> Outcome:
        if job.name == "exit":
            os._exit(3)
        if job.name == "hang":
            time.sleep(30)
        return Outcome(input=job.display, status="converted", outputs=[job.name])

    jobs = [Job(path=tmp_path / n, display=n, outdir=tmp_path, name=n, rel=n) for n in ("ok1", "exit", "hang", "ok2")]
    seen: dict[str, Outcome] = {}
    run_jobs(jobs, work, lambda job, o: seen.__setitem__(job.name, o), processes=4, timeout=1.5)
    assert seen["ok1"].status == seen["ok2"].status == "converted"
    assert seen["exit"].failed and "exit status 3" in (seen["exit"].error or "")
    assert seen["hang"].failed and "longer than 1.5 s" in (seen["hang"].error or "")


def test_help_does_not_import_rich_or_batch_machinery() -> None:
    code = (
        "import sys; from convert.app.cli import main\n"
        "for argv in (['docconv','--help'], ['docconv','convert','--help'], ['docconv','sync','--help']):\n"
        "    sys.argv=argv\n"
        "    try: main()\n"
        "    except SystemExit: pass\n"
        "print('LOADED', [m for m in ('rich','multiprocessing','sqlite3','convert.batch','convert.sync') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr


BAD_NAME = os.fsdecode(b"b\xffd")  # a GBK-style name that is not UTF-8: its bad byte as a lone surrogate


def test_non_utf8_file_names_convert_and_keep_their_bytes(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / f"{BAD_NAME}.txt").write_text(TEXT, encoding="utf-8")
    result = run(
        "convert", "-r", tmp_path / "in", "-o", tmp_path / "out", "-t", "md,epub", "--report", tmp_path / "r.json"
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and not errors(result)
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == [b"a.epub", b"a.md", b"b\xffd.epub", b"b\xffd.md"]
    md = (tmp_path / "out" / f"{BAD_NAME}.md").read_text(encoding="utf-8")
    assert "source: b\ufffdd.txt" in md  # the document shows a safe name
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    entry = next(e for e in report["files"] if "\ufffd" in e["input"])
    assert entry["status"] == "converted" and entry["input"] == str(tmp_path / "in" / "b\ufffdd.txt")
    assert entry["outputs"] == [str(tmp_path / "out" / "b\ufffdd.md"), str(tmp_path / "out" / "b\ufffdd.epub")]
    assert entry["metadata"]["source"] == "b\ufffdd.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out", "r.json"]  # no temporary report file
    single = run("convert", tmp_path / "in" / f"{BAD_NAME}.txt", "-o", tmp_path / "one", "-t", "md")
    assert single.exit_code == 0, single.output
    assert os.listdir(os.fsencode(tmp_path / "one")) == [b"b\xffd.md"]


SLOW_WRITER = """
import time
from convert import Writer, hookimpl

class SlowWriter(Writer):
    name = "slow"
    extension = ".slow"
    description = "sleeps on inputs that say SLOW"

    def write(self, doc, out, options):
        text = " ".join(block.text for block in doc.blocks)
        if "SLOW" in text:
            time.sleep(60)
        out.write(text.encode("utf-8"))

@hookimpl
def register_writers(register):
    register(SlowWriter())
"""


def test_timeout_in_a_later_writer_leaves_no_outputs_of_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "slow_writer_plugin.py").write_text(SLOW_WRITER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert not hasattr(convert.app.plugins, "_REGISTRY")  # each run builds its registry (with --plugin)
    (tmp_path / "speech.txt").write_text(f"{TEXT}SLOW \u6587\u5b57\u3002\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "old.txt").write_text(f"{TEXT}SLOW \u6587\u5b57\u3002\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.md").write_text("from an earlier run\n", encoding="utf-8")  # not this run's: left as it was
    args = ["convert", tmp_path / "speech.txt", tmp_path / "good.txt", tmp_path / "old.txt", "-o", out]
    result = run("--plugin", "slow_writer_plugin", *args, "-t", "md,slow", "-j", "3", "--timeout", "2")
    assert result.exit_code == 1, result.output
    lines = errors(result)
    assert len(lines) == 2 and all("longer than 2 s" in line for line in lines)
    assert tree(out) == ["good.md", "good.slow", "old.md"]  # md was written for speech.txt, then removed
    assert (out / "old.md").read_text(encoding="utf-8") == "from an earlier run\n"
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


class _FakeWriter(Writer):
    name = "fake"
    extension = ".md"

    def write(self, doc: Document, out: BinaryIO, options: Options) -> None:
        out.write(b"new")


def test_a_killed_worker_s_renamed_outputs_are_removed_but_older_files_kept(tmp_path: Path) -> None:
    def work(job: Job) -> Outcome:
        if job.name == "renamed":  # killed after it renamed an output into place
            (job.outdir / "staged").write_text("new", encoding="utf-8")
            os.replace(job.outdir / "staged", job.outdir / "renamed.md")  # as convert_job does: a new file
            (job.outdir / ".renamed.md.x1y2.part").write_text("half", encoding="utf-8")
        time.sleep(30)
        return Outcome(input=job.display, status="converted")

    (tmp_path / "renamed.md").write_text("old", encoding="utf-8")  # replaced by the job: goes
    (tmp_path / "kept.md").write_text("old", encoding="utf-8")  # never touched by its job: stays
    jobs = [Job(path=tmp_path / n, display=n, outdir=tmp_path, name=n, rel=n) for n in ("renamed", "kept")]
    seen: dict[str, Outcome] = {}
    writers = [_FakeWriter()]
    run_jobs(jobs, work, lambda job, o: seen.__setitem__(job.name, o), processes=2, timeout=1, writers=writers)
    assert seen["renamed"].failed and seen["kept"].failed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.md"]
    assert (tmp_path / "kept.md").read_text(encoding="utf-8") == "old"
