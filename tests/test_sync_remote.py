"""``docconv sync`` with fsspec URLs for SRC and DEST (:mod:`convert.app.sync`), real fsspec
file systems: ``file://`` through the command line in a subprocess, ``memory://`` in process,
a test protocol that counts the files opened (a URL SRC's unchanged files are not read)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest
from conftest import DEV, need_shared
from fsspec.implementations.local import LocalFileSystem

from convert.app.session import Session
from convert.app.sync import STATE_NAME, DeleteLimit, SyncUsageError, run_sync, state_files

#: One input of each kind from the shared corpus (text, HTML, PDF).
NAMES = ("dev-en-01-txt-scr.txt", "dev-zh-01-html-h-br-gwt.html", "dev-en-01-pdf-p-site-scr.pdf")
SRC = Path(__file__).resolve().parents[1] / "src"


def corpus_tree(root: Path) -> None:
    """Three corpus inputs, one in a subfolder."""
    inputs = need_shared(DEV / "inputs")
    (root / "sub").mkdir(parents=True)
    shutil.copy(inputs / NAMES[0], root / NAMES[0])
    shutil.copy(inputs / NAMES[1], root / NAMES[1])
    shutil.copy(inputs / NAMES[2], root / "sub" / NAMES[2])


def files(root: Path) -> dict[str, bytes]:
    """The files under ``root`` but sync's own (``.docconv-sync.*``), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".docconv-sync")
    }


def docconv(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``docconv ARGS`` in a fresh interpreter, with this tree's package, fixed provenance and
    no installed plugins (the built-in ones only: what another package adds is not tested here)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1", "PYTHONPATH": str(SRC), "DOCCONV_DISABLE_PLUGINS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "convert", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def summary(proc: subprocess.CompletedProcess[str]) -> str:
    return proc.stderr.splitlines()[-1]


def recorded(state: Path) -> dict[str, tuple[str | None, str | None]]:
    """The state's ``rel: (digest, info)``."""
    with sqlite3.connect(state) as db:
        return {rel: (digest, info) for rel, digest, info in db.execute("SELECT rel, digest, info FROM files")}


def test_file_urls_through_the_command_line(tmp_path: Path) -> None:
    corpus_tree(tmp_path / "in")
    src, dest, states = (tmp_path / "in").as_uri(), (tmp_path / "out").as_uri(), tmp_path / "states"
    url_sync = ["sync", src, dest, "-t", "md,docx", "-j", "1", "--state-dir", str(states)]
    first = docconv(*url_sync, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert summary(first).startswith("docconv: 3 converted, 0 unchanged")
    local = docconv("sync", "in", "local", "-t", "md,docx", "-j", "1", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    assert files(tmp_path / "out") == files(tmp_path / "local") and len(files(tmp_path / "out")) == 6
    assert not (tmp_path / "out" / STATE_NAME).exists()  # (the state is in --state-dir)
    state, _ = state_files(dest, states)
    assert state.is_file() and sorted(p.name for p in states.iterdir()) == sorted([state.name, state.stem + ".lock"])
    infos = recorded(state)
    assert sorted(infos) == sorted([NAMES[0], NAMES[1], f"sub/{NAMES[2]}"])
    assert all(digest and info and json.loads(info)["size"] > 0 for digest, info in infos.values())

    again = docconv(*url_sync, cwd=tmp_path)
    assert again.returncode == 0 and summary(again).startswith("docconv: 0 converted, 3 unchanged"), again.stderr

    edited = tmp_path / "in" / NAMES[0]
    edited.write_bytes(edited.read_bytes() + b"\nOne more paragraph at the end.\n")
    third = docconv(*url_sync, cwd=tmp_path)
    assert third.returncode == 0 and summary(third).startswith("docconv: 1 converted, 2 unchanged"), third.stderr
    assert b"One more paragraph at the end." in (tmp_path / "out" / "dev-en-01-txt-scr.md").read_bytes()

    os.utime(tmp_path / "in" / NAMES[1], (1, 1))  # new info, same bytes: hashed, unchanged, info kept
    before = recorded(state)[NAMES[1]]
    fourth = docconv(*url_sync, cwd=tmp_path)
    assert fourth.returncode == 0 and summary(fourth).startswith("docconv: 0 converted, 3 unchanged"), fourth.stderr
    after = recorded(state)[NAMES[1]]
    assert after[0] == before[0] and after[1] != before[1] and json.loads(after[1] or "{}")["mtime"] == 1

    (tmp_path / "in" / "sub" / NAMES[2]).unlink()
    fifth = docconv(*url_sync, "--delete", cwd=tmp_path)
    assert fifth.returncode == 0, fifth.stderr
    assert sorted(files(tmp_path / "out")) == [
        "dev-en-01-txt-scr.docx",
        "dev-en-01-txt-scr.md",
        "dev-zh-01-html-h-br-gwt.docx",
        "dev-zh-01-html-h-br-gwt.md",
    ]
    assert sorted(recorded(state)) == [NAMES[0], NAMES[1]]


def test_two_dest_urls_never_share_a_state(tmp_path: Path) -> None:
    one, two = state_files("memory://a/out", tmp_path), state_files("memory://b/out", tmp_path)
    assert one != two and one[0].parent == tmp_path
    assert state_files("memory://a/out/", tmp_path) == one  # (the same place, spelled otherwise)
    assert state_files((tmp_path / "x").as_uri(), tmp_path) == state_files(tmp_path / "x", tmp_path)


def test_a_url_dest_without_state_dir_is_one_usage_error_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    proc = docconv("sync", "in", (tmp_path / "out").as_uri(), cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("docconv: error: DEST file://") and "--state-dir" in proc.stderr
    assert not (tmp_path / "out").exists()
    unknown = docconv("sync", "nosuchproto://x/in", "out", cwd=tmp_path)
    assert unknown.returncode == 2 and len(unknown.stderr.splitlines()) == 1, unknown.stderr
    assert "nosuchproto://" in unknown.stderr and "Traceback" not in unknown.stderr
    remote_state = docconv("sync", "in", "out", "--state-dir", "s3://bucket/state", cwd=tmp_path)
    assert remote_state.returncode == 2 and len(remote_state.stderr.splitlines()) == 1, remote_state.stderr
    assert remote_state.stderr.startswith("docconv: error: --state-dir s3://bucket/state: must be a local folder")


@pytest.fixture
def memory_root() -> Iterator[str]:
    root = f"memory://docconv-sync-test-{uuid.uuid4().hex}"
    yield root
    fs = fsspec.filesystem("memory")
    if fs.exists(root):
        fs.rm(root, recursive=True)


def test_memory_src_in_process_to_a_local_dest(tmp_path: Path, registry, memory_root: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    corpus_tree(tmp_path / "in")
    memory = fsspec.filesystem("memory")
    for rel, data in files(tmp_path / "in").items():
        memory.pipe_file(f"{memory_root}/in/{rel}", data)
    session = Session.create(registry, writers=[registry.writers["md"]])
    src, dest = f"{memory_root}/in", tmp_path / "out"
    assert run_sync(src, dest, session, processes=2, quiet=True) == 0
    assert run_sync(tmp_path / "in", tmp_path / "local", session, processes=1, quiet=True) == 0
    assert files(dest) == files(tmp_path / "local") and len(files(dest)) == 3
    assert (dest / STATE_NAME).is_file()  # (a local DEST keeps its state)
    infos = recorded(dest / STATE_NAME)
    assert all(info for _, info in infos.values())

    memory.pipe_file(f"{src}/{NAMES[0]}", b"A changed title\n\nA changed paragraph of text.\n")
    assert run_sync(src, dest, session, processes=1, quiet=True) == 0
    assert b"A changed paragraph" in (dest / "dev-en-01-txt-scr.md").read_bytes()
    assert recorded(dest / STATE_NAME)[NAMES[1]] == infos[NAMES[1]]


def test_delete_through_fsspec_within_delete_max(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    """(A ``memory://`` DEST would stay in the forked workers: ``file://`` stands for a store.)"""
    (tmp_path / "in").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "in" / f"{name}.txt").write_text(f"Title {name}\n\nSome text of {name}.\n", encoding="utf-8")
    session = Session.create(registry, writers=[registry.writers["md"]])
    src, dest, states = (tmp_path / "in").as_uri(), (tmp_path / "out").as_uri(), tmp_path / "states"
    with pytest.raises(SyncUsageError, match="--state-dir"):
        run_sync(src, dest, session, quiet=True)

    def sync(**kwargs: object) -> int:
        return run_sync(src, dest, session, processes=1, quiet=True, state_dir=states, **kwargs)  # type: ignore[arg-type]

    assert sync() == 0 and sorted(files(tmp_path / "out")) == ["a.md", "b.md", "c.md"]
    (tmp_path / "in" / "a.txt").unlink()
    (tmp_path / "in" / "b.txt").unlink()
    assert sync(delete=True) == 1  # 2 of 3 gone: more than the default 50%
    assert sorted(files(tmp_path / "out")) == ["a.md", "b.md", "c.md"]
    assert sync(delete=True, delete_max=DeleteLimit.parse("100%")) == 0
    assert sorted(files(tmp_path / "out")) == ["c.md"]
    assert sorted(recorded(state_files(dest, states)[0])) == ["c.txt"]


class CountingFileSystem(LocalFileSystem):
    """``countfile://``: a local file system that appends each file it opens for reading to
    the file named by ``$DOCCONV_TEST_OPENED`` (forked workers inherit the protocol)."""

    protocol = ("countfile",)

    @classmethod
    def _strip_protocol(cls, path):  # type: ignore[no-untyped-def,override]
        path = str(path)
        if path.startswith("countfile://"):
            path = path[len("countfile://") :]
        return super()._strip_protocol(path)

    def find(self, path, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        if os.environ.get("DOCCONV_TEST_LISTED"):
            with open(os.environ["DOCCONV_TEST_LISTED"], "a", encoding="utf-8") as log:
                log.write(f"{path}\n")
        return super().find(path, *args, **kwargs)

    def _open(self, path, mode="rb", *args, **kwargs):  # type: ignore[no-untyped-def,override]
        if "r" in mode and os.environ.get("DOCCONV_TEST_OPENED"):
            with open(os.environ["DOCCONV_TEST_OPENED"], "a", encoding="utf-8") as log:
                log.write(f"{path}\n")
        return super()._open(path, mode, *args, **kwargs)


def test_unchanged_files_of_a_url_src_are_not_read(tmp_path: Path, registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fsspec.register_implementation("countfile", CountingFileSystem, clobber=True)
    opened = tmp_path / "opened.txt"
    monkeypatch.setenv("DOCCONV_TEST_OPENED", str(opened))
    corpus_tree(tmp_path / "in")
    session = Session.create(registry, writers=[registry.writers["md"]])
    src, dest = f"countfile://{tmp_path / 'in'}", tmp_path / "out"

    def reads() -> list[str]:
        text = opened.read_text(encoding="utf-8") if opened.exists() else ""
        opened.unlink(missing_ok=True)
        return sorted(Path(line).name for line in text.splitlines())

    assert run_sync(src, dest, session, processes=1, quiet=True) == 0
    assert reads() == sorted(NAMES) and len(files(dest)) == 3
    assert run_sync(src, dest, session, processes=1, quiet=True) == 0
    assert reads() == []  # nothing read: every file's listing was as recorded
    os.utime(tmp_path / "in" / NAMES[0], (5, 5))
    assert run_sync(src, dest, session, processes=1, quiet=True) == 0
    assert reads() == [NAMES[0]]  # hashed once here, not converted (its bytes are the same)
    assert run_sync(src, dest, session, processes=1, quiet=True) == 0
    assert reads() == []


def test_a_url_src_is_listed_once_per_run(tmp_path: Path, registry, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The listing that tells which files changed also makes the plan: on an object store a
    listing of a large archive is many requests, made once."""
    fsspec.register_implementation("countfile", CountingFileSystem, clobber=True)
    listed = tmp_path / "listed.txt"
    monkeypatch.setenv("DOCCONV_TEST_LISTED", str(listed))
    corpus_tree(tmp_path / "in")
    session = Session.create(registry, writers=[registry.writers["md"]])
    src = f"countfile://{tmp_path / 'in'}"
    for _ in range(2):
        assert run_sync(src, tmp_path / "out", session, processes=1, quiet=True) == 0
        assert len(listed.read_text(encoding="utf-8").splitlines()) == 1
        listed.unlink()


def test_sync_on_a_local_cluster_with_urls(tmp_path: Path) -> None:
    """The workers read and write the URLs themselves; the state stays on the client."""
    pytest.importorskip("distributed")
    corpus_tree(tmp_path / "in")
    src, dest, states = (tmp_path / "in").as_uri(), (tmp_path / "out").as_uri(), tmp_path / "states"
    url_sync = ["sync", src, dest, "-t", "md", "--state-dir", str(states), "--cluster", "local:2"]
    first = docconv(*url_sync, cwd=tmp_path)
    assert first.returncode == 0 and summary(first).startswith("docconv: 3 converted"), first.stderr
    local = docconv("sync", "in", "local", "-t", "md", "-q", "-j", "1", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    assert files(tmp_path / "out") == files(tmp_path / "local") and len(files(tmp_path / "out")) == 3
    state = recorded(state_files(dest, states)[0])
    again = docconv(*url_sync, cwd=tmp_path)
    assert again.returncode == 0 and summary(again).startswith("docconv: 0 converted, 3 unchanged"), again.stderr
    assert recorded(state_files(dest, states)[0]) == state
