"""fsspec URLs as ``convert``'s inputs and ``-o`` (:mod:`convert.app.remote`), with real fsspec
file systems: ``memory://`` in process, ``file://`` through the command line in a subprocess
(the way a remote store is reached, across processes), a test protocol whose rename hangs
(a worker killed mid-write), a writer that fails, a protocol nobody installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import fsspec
import pytest
from conftest import DEV, need_shared
from fsspec.implementations.memory import MemoryFileSystem
from test_startup import run_docconv

from convert.app import remote
from convert.app.batch import run_batch
from convert.app.inputs import make_plan
from convert.app.progress import Feedback
from convert.app.remote import is_url
from convert.app.session import Session
from convert.core.contracts import ConversionError

SRC = Path(__file__).resolve().parents[1] / "src"
#: One input of each kind from the shared corpus (text, HTML, PDF).
NAMES = ("dev-en-01-txt-scr.txt", "dev-zh-01-html-h-br-gwt.html", "dev-en-01-pdf-p-site-scr.pdf")


def corpus_tree(root: Path) -> None:
    """Inputs in a tree: a subfolder, a hidden folder, a temporary file and a file no reader takes."""
    inputs = need_shared(DEV / "inputs")
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    shutil.copy(inputs / NAMES[0], root / NAMES[0])
    shutil.copy(inputs / NAMES[1], root / NAMES[1])
    shutil.copy(inputs / NAMES[2], root / "sub" / NAMES[2])
    (root / ".hidden" / "x.txt").write_text("hidden\n", encoding="utf-8")
    (root / "sub" / ".a.txt.123-abcdef12.part").write_text("half\n", encoding="utf-8")
    (root / "sub" / "notes.csv").write_text("a,b\n", encoding="utf-8")


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def docconv(*args: str | Path, cwd: Path, plugin_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1", "DOCCONV_DISABLE_PLUGINS": "1"}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (SRC, plugin_dir) if p)
    command = [sys.executable, "-m", "convert", *(str(a) for a in args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("docconv: error: ")]


def test_is_url() -> None:
    assert is_url("s3://bucket/in") and is_url("file:///tmp/x") and is_url("memory://a")
    assert not is_url("in/a.txt") and not is_url("/tmp/x") and not is_url("C:\\in") and not is_url("C://in")
    assert not is_url("-") and not is_url(Path("s3://x"))


def test_memory_inputs_in_process_give_a_local_run_s_outputs(
    tmp_path: Path, registry, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    corpus_tree(tmp_path / "in")
    root = f"memory://docconv-test-{uuid.uuid4().hex}"
    memory = fsspec.filesystem("memory")
    for rel, data in files(tmp_path / "in").items():
        memory.pipe_file(f"{root}/in/{rel}", data)
    session = Session.create(registry, writers=[registry.writers["md"], registry.writers["docx"]])
    try:
        plans = {
            "memory": make_plan([f"{root}/in"], tmp_path / "from-memory", registry, recursive=True),
            "local": make_plan([tmp_path / "in"], tmp_path / "from-local", registry, recursive=True),
        }
        one = make_plan([f"{root}/in/{NAMES[0]}"], tmp_path / "one", registry, recursive=False)
        assert [j.display for j in one.jobs] == [f"{root}/in/{NAMES[0]}"] and one.jobs[0].rel == NAMES[0]
        memory_jobs = plans["memory"].jobs
        assert sorted(j.rel for j in memory_jobs) == sorted([NAMES[0], NAMES[1], f"sub/{NAMES[2]}"])
        assert all(j.display == f"{root}/in/{j.rel}" for j in memory_jobs)
        assert plans["memory"].skipped == [(f"{root}/in/sub/notes.csv", "no reader for this kind of file")]
        runs = {k: run_batch(plan, session, Feedback(quiet=True), processes=1) for k, plan in plans.items()}
    finally:
        memory.rm(root, recursive=True)
    assert all(o.status == "converted" for run in runs.values() for o in run.outcomes)
    got, want = files(tmp_path / "from-memory"), files(tmp_path / "from-local")
    assert sorted(got) == sorted(want) and len(got) == 6
    assert got == want  # byte for byte


def test_file_urls_in_and_out_through_the_command_line(tmp_path: Path) -> None:
    corpus_tree(tmp_path / "in")
    local = docconv("convert", tmp_path / "in", "-r", "-o", tmp_path / "local", "-t", "md,docx", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    urls = docconv(
        "convert",
        (tmp_path / "in").as_uri(),
        "-r",
        "-o",
        (tmp_path / "out").as_uri(),
        "-t",
        "md,docx",
        "--report",
        tmp_path / "run.json",
        cwd=tmp_path,
    )
    assert urls.returncode == 0, urls.stderr
    assert "Traceback" not in urls.stderr and not error_lines(urls.stderr)
    assert urls.stderr.splitlines()[-1].startswith("docconv: 3 converted, 1 skipped, 0 failed")
    assert files(tmp_path / "out") == files(tmp_path / "local")  # no .part leftovers either
    report = (tmp_path / "run.json").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "sub").as_uri() + "/" in report  # outputs named by their URLs


def test_a_missing_input_url_fails_that_input_only(tmp_path: Path) -> None:
    corpus_tree(tmp_path / "in")
    missing = (tmp_path / "nope.txt").as_uri()
    result = docconv("convert", missing, tmp_path / "in" / NAMES[0], "-o", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [f"docconv: error: {missing}: cannot read: no such file or folder"]
    assert sorted(files(tmp_path / "out")) == ["dev-en-01-txt-scr.md"]


FAILING_WRITER = """
from convert import Writer, hookimpl

class Failing(Writer):
    name = "failing"
    extension = ".fail"
    description = "writes half its output, then fails"

    def write(self, doc, out, options):
        out.write(b"half of it")
        raise RuntimeError("disk on fire")

@hookimpl
def register_writers(register):
    register(Failing())
"""

#: A test fsspec protocol: a local file system whose rename of a ``.docx`` hangs, so a worker
#: is killed (``--timeout``) after the ``.md`` is in place and with the ``.docx`` staged.
HANGING_RENAME = """
import time

import fsspec
from fsspec.implementations.local import LocalFileSystem

class HangingRename(LocalFileSystem):
    protocol = "hangmv"

    def mv(self, path1, path2, **kwargs):
        if str(path2).endswith(".docx"):
            time.sleep(60)
        return super().mv(path1, path2, **kwargs)

fsspec.register_implementation("hangmv", HangingRename, clobber=True)
"""


def test_a_failing_writer_leaves_nothing_in_a_url_folder(tmp_path: Path) -> None:
    corpus_tree(tmp_path / "in")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "failing_writer_plugin.py").write_text(FAILING_WRITER, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    args = ["--plugin", "failing_writer_plugin", "convert", tmp_path / "in" / NAMES[0], "-o", out.as_uri()]
    result = docconv(*args, "-t", "md,failing", cwd=tmp_path, plugin_dir=tmp_path / "plugins")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = error_lines(result.stderr)
    assert "writer 'failing' failed: RuntimeError: disk on fire" in line
    assert files(out) == {}


def test_a_worker_killed_mid_write_leaves_no_output_and_no_temporary_object(tmp_path: Path) -> None:
    corpus_tree(tmp_path / "in")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "hangmv_plugin.py").write_text(HANGING_RENAME, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.md").write_text("not this run's\n", encoding="utf-8")
    url = "hangmv://" + str(out)
    args = ["--plugin", "hangmv_plugin", "convert", tmp_path / "in" / NAMES[0], "-o", url, "-t", "md,docx"]
    result = docconv(*args, "--timeout", "3", cwd=tmp_path, plugin_dir=tmp_path / "plugins")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    (line,) = error_lines(result.stderr)
    assert "longer than 3 s" in line
    assert files(out) == {"kept.md": b"not this run's\n"}  # the .md renamed into place is removed too


@pytest.mark.parametrize("where", ["input", "output"])
def test_an_unknown_protocol_is_one_usage_error_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    url = "nosuchproto://bucket/x"
    args = [url, "-o", tmp_path / "out"] if where == "input" else [tmp_path / "a.txt", "-o", url]
    result = docconv("convert", *args, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == error_lines(result.stderr)
    (line,) = error_lines(result.stderr)
    assert line.startswith(f"docconv: error: {url}: cannot use nosuchproto://: ")
    assert not (tmp_path / "out").exists()


def test_a_missing_backend_names_its_package(tmp_path: Path) -> None:
    if _installed("s3fs"):
        pytest.skip("s3fs is installed")
    result = docconv("convert", "s3://bucket/in", "-r", "-o", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 2
    assert error_lines(result.stderr) == ["docconv: error: s3://bucket/in: cannot use s3://: Install s3fs to access S3"]


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_help_and_a_local_convert_do_not_import_fsspec(tmp_path: Path) -> None:
    for args in (["--help"], ["convert", "--help"]):
        _, modules = run_docconv(*args)
        assert not [m for m in modules if m.split(".")[0] == "fsspec"], args
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    _, modules = run_docconv("convert", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-q")
    assert (tmp_path / "out" / "a.md").exists()
    assert not [m for m in modules if m.split(".")[0] == "fsspec"]


def test_linked_images_go_to_a_url_folder_as_to_a_local_one(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    from test_markdown_roundtrip import FIGURE_READER, TEXT

    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "st_plugin.py").write_text(FIGURE_READER, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.st").write_text(TEXT, encoding="utf-8")
    runs = {}
    for name, out in (("local", tmp_path / "local"), ("url", (tmp_path / "url").as_uri())):
        args = ["--plugin", "st_plugin", "convert", tmp_path / "in" / "a.st", "-o", out, "-t", "md,docx"]
        runs[name] = docconv(*args, cwd=tmp_path, plugin_dir=tmp_path / "plugins")
        assert runs[name].returncode == 0, runs[name].stderr
    got = files(tmp_path / "url")
    assert "a_files/chart.png" in got and got == files(tmp_path / "local")


class _PutOnly(MemoryFileSystem):
    """An object store as docconv sees one: no rename (``mv`` fails), a PUT of a ``.docx`` fails."""

    protocol = "putonly"

    def mv(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("an object store's outputs are never renamed")

    def pipe_file(self, path: str, value: bytes, *args: object, **kwargs: object) -> None:
        if path.endswith("broken.docx"):
            raise OSError("connection reset")
        super().pipe_file(path, value, *args, **kwargs)


class _FailingRename(MemoryFileSystem):
    """A file system whose rename of a ``.docx`` fails."""

    protocol = "failmv"

    def mv(self, path1: str, path2: str, *args: object, **kwargs: object) -> None:
        if path2.endswith(".docx"):
            raise OSError("rename refused")
        super().mv(path1, path2, *args, **kwargs)


def test_object_stores_put_each_output_once_and_a_failure_leaves_none(monkeypatch: pytest.MonkeyPatch) -> None:
    fsspec.register_implementation("putonly", _PutOnly, clobber=True)
    monkeypatch.setattr(remote, "ATOMIC_PUT", remote.ATOMIC_PUT | {"putonly"})
    root = f"putonly://docconv-test-{uuid.uuid4().hex}"
    fs = fsspec.filesystem("putonly")
    try:
        written = remote.write_files(root, [("a_files/x.png", b"png"), ("a.md", b"md"), ("a.docx", b"docx")])
        assert written == [f"{root}/a_files/x.png", f"{root}/a.md", f"{root}/a.docx"]
        assert fs.cat_file(f"{root}/a.md") == b"md"
        with pytest.raises(ConversionError, match="connection reset"):
            remote.write_files(root, [("broken.md", b"md"), ("broken.docx", b"docx")])
        assert sorted(p.rpartition("/")[2] for p in fs.find(root)) == ["a.docx", "a.md", "x.png"]
    finally:
        fs.rm(root, recursive=True)


def test_a_failed_rename_removes_the_outputs_and_temporary_objects_of_that_input() -> None:
    fsspec.register_implementation("failmv", _FailingRename, clobber=True)
    root = f"failmv://docconv-test-{uuid.uuid4().hex}"
    fs = fsspec.filesystem("failmv")
    fs.pipe_file(f"{root}/old.md", b"old")
    try:
        with pytest.raises(ConversionError, match="rename refused"):
            remote.write_files(root, [("b_files/x.png", b"png"), ("b.md", b"md"), ("b.docx", b"docx")])
        assert [p.rpartition("/")[2] for p in fs.find(root)] == ["old.md"]
    finally:
        fs.rm(root, recursive=True)


def test_file_urls_on_a_local_cluster_give_a_local_run_s_outputs(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    corpus_tree(tmp_path / "in")
    local = docconv("convert", tmp_path / "in", "-r", "-o", tmp_path / "local", "-t", "md,docx", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    args = ["convert", (tmp_path / "in").as_uri(), "-r", "-o", (tmp_path / "out").as_uri(), "-t", "md,docx"]
    result = docconv(*args, "--cluster", "local:1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert files(tmp_path / "out") == files(tmp_path / "local")


def test_without_fsspec_a_url_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['fsspec'] = None; sys.modules['fsspec.core'] = None\n"
        "sys.argv = ['docconv', 'convert', 'file:///nowhere/a.txt', '-o', 'out']\n"
        "from convert.app.cli import main\nmain()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "DOCCONV_DISABLE_PLUGINS": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [
        "docconv: error: file:///nowhere/a.txt: fsspec is needed for URLs: pip install 'docconv[cluster]'"
    ]


def test_an_output_over_an_input_is_refused_whichever_side_is_a_url(tmp_path: Path) -> None:
    """The same place spelled as a path and as a file:// URL is the same file: an output that
    would replace its input (or another input) is refused as it is for local paths."""
    source = tmp_path / "speech.md"
    original = "# Speech\n\nA paragraph.\n"
    source.write_text(original, encoding="utf-8")
    here = tmp_path.as_uri()
    for args in (
        (f"{here}/speech.md", "-t", "md", "-o", here),
        ("speech.md", "-t", "md", "-o", here),
        (f"{here}/speech.md", "-t", "md", "-o", "."),
    ):
        proc = docconv("convert", *args, cwd=tmp_path)
        assert proc.returncode == 1, (args, proc.stderr)
        assert "would overwrite the input; choose another -o folder" in proc.stderr, proc.stderr
        assert source.read_text(encoding="utf-8") == original
