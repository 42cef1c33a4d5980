"""The path policy (issue 13 items 1, 3, 4, 11, 12, 13, 14, 19, 22): outputs, reports, logs and
temporary files never land on an input or outside the output folder, never go through a
symbolic link; links out of a source folder are not followed; unreadable inputs, stale
temporary files, long names, vanished or failed sources and empty sources are handled."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from convert.app.cli import cli
from convert.app.sync import LOCK_NAME, STATE_NAME

TEXT = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\nVIP\u4e13\u514d\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"
SECRET = "root:$6$secret-hash:19000:0:99999:7:::\n"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("docconv: error: ")]


def warnings(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("docconv: warning: ")]


def tree(root: Path) -> list[str]:
    """The files under ``root``, docconv's hidden lock and state aside."""
    found = [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".docconv-sync.")]
    return sorted(p.relative_to(root).as_posix() for p in found)


def texts(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (folder / name).write_text(TEXT + f"\u7b2c{i}\u7bc7\u3002\n", encoding="utf-8")
    return [folder / name for name in names]


# item 1 -----------------------------------------------------------------------------------


def test_item_1_report_naming_an_input_is_a_usage_error_before_anything_is_written(tmp_path: Path) -> None:
    """issue 13 item 1: ``convert -o out --report a.txt *.txt`` overwrote a.txt with JSON."""
    a, b = texts(tmp_path, "a.txt", "b.txt")
    before = a.read_bytes()
    result = run("convert", "-o", tmp_path / "out", "--report", a, a, b)
    assert result.exit_code == 2, result.output
    assert errors(result) == [
        f"docconv: error: {a}: --report names an input of this run; it would overwrite it (choose another path)"
    ]
    assert a.read_bytes() == before and not (tmp_path / "out").exists()
    link = tmp_path / "link.json"
    link.symlink_to(b)  # the same input by another name
    assert run("convert", "-o", tmp_path / "out", "--report", link, a, b).exit_code == 2
    assert b.read_text(encoding="utf-8").startswith(TEXT[:5])


def test_item_1_report_naming_an_output_is_a_usage_error(tmp_path: Path) -> None:
    """issue 13 item 1: the report must not replace a converted file either."""
    (a,) = texts(tmp_path / "in", "a.txt")
    result = run("convert", "-o", tmp_path / "out", "--report", tmp_path / "out" / "A.md", a)
    assert result.exit_code == 2 and "--report names an output of this run" in errors(result)[0]
    assert not (tmp_path / "out").exists()


# item 3 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [LOCK_NAME, STATE_NAME, f"{STATE_NAME}-journal", "sync.jsonl"])
def test_item_3_sync_never_writes_through_a_link_in_place_of_its_own_files(tmp_path: Path, name: str) -> None:
    """issue 13 item 3: ``ln -s /some/file DEST/.docconv-sync.lock`` truncated /some/file."""
    texts(tmp_path / "src", "a.txt")
    dest = tmp_path / "dest"
    dest.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("precious\n", encoding="utf-8")
    (dest / name).symlink_to(victim)
    result = run("sync", tmp_path / "src", dest, "--log", dest / "sync.jsonl")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    error = f"docconv: error: {dest / name}: "
    assert [line for line in errors(result) if line.startswith(error)], result.stderr
    assert "is a symbolic link; docconv does not write through links" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (dest / "a.md").exists()


def test_item_3_a_named_pipe_as_the_lock_is_an_error_not_a_hang(tmp_path: Path) -> None:
    """issue 13 item 3: the lock file must be a regular file (opening a FIFO would block)."""
    texts(tmp_path / "src", "a.txt")
    (tmp_path / "dest").mkdir()
    os.mkfifo(tmp_path / "dest" / LOCK_NAME)
    result = run("sync", tmp_path / "src", tmp_path / "dest")
    assert result.exit_code == 1 and "is not a regular file" in errors(result)[0]


# item 4 -----------------------------------------------------------------------------------


def outside_link(src: Path, tmp_path: Path) -> Path:
    secret = tmp_path / "private" / "shadow"
    secret.parent.mkdir()
    secret.write_text(SECRET * 20, encoding="utf-8")
    (src / "shadow.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / "a.txt")  # a link within the tree is fine
    (src / "away").symlink_to(secret.parent, target_is_directory=True)  # a folder out of the tree
    (secret.parent / "more.txt").write_text(TEXT, encoding="utf-8")
    return secret


def test_item_4_sync_skips_links_out_of_src_with_a_warning(tmp_path: Path) -> None:
    """issue 13 item 4: ``ln -s /etc/shadow src/shadow.txt; sync`` wrote dest/shadow.md."""
    src, dest = tmp_path / "src", tmp_path / "dest"
    texts(src, "a.txt")
    outside_link(src, tmp_path)
    result = run("sync", src, dest)
    assert result.exit_code == 0, result.output
    assert tree(dest) == ["a.md", "inside.md"]
    shown = [w for w in warnings(result) if "a symbolic link out of the source folder" in w]
    assert len(shown) == 2 and all("--follow-symlinks" in w for w in shown)
    assert f"docconv: warning: {src / 'shadow.txt'}: " in result.stderr
    assert " 2 skipped, " in result.stderr.splitlines()[-1]
    followed = run("sync", src, dest, "--follow-symlinks")
    assert followed.exit_code == 0 and tree(dest) == ["a.md", "away/more.md", "inside.md", "shadow.md"]


def test_item_4_convert_r_skips_links_out_of_the_folder_but_reads_named_links(tmp_path: Path) -> None:
    """issue 13 item 4: ``convert -r`` too; a link named on the command line is the user's choice."""
    src = tmp_path / "src"
    texts(src, "a.txt")
    outside_link(src, tmp_path)
    result = run("convert", "-r", src, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "out") == ["a.md", "inside.md"]
    named = run("convert", src / "shadow.txt", "-o", tmp_path / "named")
    assert named.exit_code == 0 and tree(tmp_path / "named") == ["shadow.md"]
    assert "--follow-symlinks" in " ".join(run("convert", "--help").output.split())


# item 11 ----------------------------------------------------------------------------------


def test_item_11_delete_removes_the_outputs_of_a_source_that_failed_before_it_went(tmp_path: Path) -> None:
    """issue 13 item 11: a failed run stored no outputs, so --delete left the old ones for good."""
    src, dest = tmp_path / "src", tmp_path / "dest"
    a, _, _ = texts(src, "a.txt", "b.txt", "c.txt")
    assert run("sync", src, dest).exit_code == 0
    a.write_bytes(b"")  # now it fails; its old a.md stays
    assert run("sync", src, dest).exit_code == 1
    assert (dest / "a.md").is_file()
    a.unlink()
    result = run("sync", src, dest, "--delete")
    assert result.exit_code == 0, result.output
    assert tree(dest) == ["b.md", "c.md"]


# item 12 ----------------------------------------------------------------------------------


def test_item_12_an_unreadable_named_input_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 13 item 12: click's readability check made one unreadable file a usage error (exit 2)."""
    good, locked = texts(tmp_path, "good.txt", "locked.txt")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: behave as a user who may not read it
        real_access, real_open = os.access, os.open

        def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
            return False if os.fspath(path) == str(locked) else real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

        def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
            if os.fspath(path) == str(locked):  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
        monkeypatch.setattr(os, "open", open_)
    result = run("convert", good, locked, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1, result.output
    assert errors(result) == [f"docconv: error: {locked}: cannot read: Permission denied"]
    assert tree(tmp_path / "out") == ["good.md"]


# item 13 ----------------------------------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_item_13_convert_removes_stale_temporary_files_but_not_a_live_run_s(tmp_path: Path) -> None:
    """issue 13 item 13: ``kill -9`` during convert left hidden .part files that no later run removed."""
    (a,) = texts(tmp_path / "in", "a.txt")
    out = tmp_path / "out"
    out.mkdir()
    old = time.time() - 3600
    stale = out / f".a.md.{dead_pid()}-0a1b2c3d.part"  # its worker is gone
    live = out / f".a.md.{os.getpid()}-0a1b2c3d.part"  # a run still writing
    young = out / ".a.md.k2j3h4x8.part"  # no process id, just made: may be another docconv's
    aged = out / ".a.md.q9w8e7r6.part"  # no process id, an hour old
    other = out / ".notes.md.x.part"  # not an output of this run
    for path in (stale, live, young, aged, other):
        path.write_text("half", encoding="utf-8")
    os.utime(aged, (old, old))
    os.utime(other, (old, old))
    result = run("convert", a, "-o", out)
    assert result.exit_code == 0, result.output
    assert "removed 2 temporary file(s) that an interrupted run left" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["a.md", live.name, young.name, other.name])


def test_item_13_temporary_names_carry_the_writer_s_process_id() -> None:
    """issue 13 item 13: a temporary file tells whose it is, so a live run's is never removed."""
    from convert.app.paths import TEMP_PATTERN, temp_name

    match = TEMP_PATTERN.match(temp_name("a.md"))
    assert match and int(match["pid"]) == os.getpid()


# item 14 ----------------------------------------------------------------------------------


def test_item_14_delete_on_an_empty_src_deletes_nothing_without_the_override(tmp_path: Path) -> None:
    """issue 13 item 14: ``sync --delete`` on an empty (unmounted) SRC deleted every output."""
    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = texts(src, "a.txt", "b.txt", "c.txt", "d.txt")
    assert run("sync", src, dest).exit_code == 0
    for path in inputs:
        path.unlink()
    result = run("sync", src, dest, "--delete")
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        f"docconv: error: {src}: --delete refused: 4 of 4 known source files are gone (SRC has no files: is it "
        "mounted?), more than --delete-max 50% allows; nothing deleted (if that is right, run again with "
        "--delete-max 100%)"
    ]
    assert tree(dest) == ["a.md", "b.md", "c.md", "d.md"]
    texts(src, "a.txt", "b.txt")  # half gone: within the default
    assert run("sync", src, dest, "--delete").exit_code == 0
    assert tree(dest) == ["a.md", "b.md"]
    (src / "a.txt").unlink()
    assert run("sync", src, dest, "--delete", "--delete-max", "0").exit_code == 1
    assert run("sync", src, dest, "--delete", "--delete-max", "100%").exit_code == 0
    assert tree(dest) == ["b.md"]
    assert run("sync", src, dest, "--delete", "--delete-max", "lots").exit_code == 2


# item 19 ----------------------------------------------------------------------------------


def test_item_19_long_output_names_convert_and_too_long_ones_fail_in_one_line(tmp_path: Path) -> None:
    """issue 13 item 19: output names of 241-255 bytes failed because the temporary name added 15 bytes."""
    stem = "\u8bb2" * 83 + "ab"  # 251 bytes of UTF-8
    (a,) = texts(tmp_path / "in", f"{stem}.txt")  # a 255-byte name
    result = run("convert", a, "-o", tmp_path / "out", "-t", "md,epub")
    assert result.exit_code == 1, result.output
    assert tree(tmp_path / "out") == []  # one output impossible: none of them
    assert errors(result) == [
        f"docconv: error: {a}: cannot write {tmp_path / 'out' / stem}.epub: File name too long (256 bytes; at most 255)"
    ]
    result = run("convert", a, "-o", tmp_path / "out", "-t", "md")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "out") == [f"{stem}.md"]  # 254 bytes
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]


def test_item_19_a_long_name_gets_a_short_temporary_name_still_matched_by_cleanup() -> None:
    """issue 13 item 19: the short temporary name is still docconv's pattern."""
    from convert.app.paths import NAME_MAX, TEMP_PATTERN, temp_globs, temp_name
    from convert.app.staging import PART_NAME

    name = "x" * 250 + ".md"
    tmp = temp_name(name)
    assert len(tmp.encode()) <= NAME_MAX and PART_NAME.match(tmp) and TEMP_PATTERN.match(tmp)
    assert any(Path(tmp).match(pattern) for pattern in temp_globs(name))


# item 22 ----------------------------------------------------------------------------------

ESCAPING_WRITER = """
from convert import Writer, hookimpl

class Escaping(Writer):
    name = "escape"
    description = "writes outside -o"
    extension = "/../../escaped.txt"

    def write(self, doc, out, options):
        out.write(b"x")

@hookimpl
def register_writers(register):
    register(Escaping())
"""


def test_item_22_a_writer_extension_that_leaves_the_output_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 13 item 22: a plugin writer whose extension holds ``../`` wrote outside -o."""
    (tmp_path / "escaping_plugin.py").write_text(ESCAPING_WRITER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    (a,) = texts(tmp_path / "in", "a.txt")
    result = run("--plugin", "escaping_plugin", "convert", a, "-o", tmp_path / "out" / "o", "-t", "md,escape")
    assert result.exit_code == 2, result.output
    assert "writer 'escape' cannot be used: its extension '/../../escaped.txt' holds a path separator" in result.output
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "out").exists()
    result = run("--plugin", "escaping_plugin", "sync", tmp_path / "in", tmp_path / "dest", "-t", "escape")
    assert result.exit_code == 2 and not (tmp_path / "dest").exists()


def test_item_22_outputs_are_not_written_through_a_linked_subfolder(tmp_path: Path) -> None:
    """issue 13 item 22: a symlinked subfolder inside the output folder was written through."""
    texts(tmp_path / "in", "a.txt")
    texts(tmp_path / "in" / "sub", "b.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(elsewhere, target_is_directory=True)
    result = run("convert", "-r", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        f"docconv: error: {tmp_path / 'in' / 'sub' / 'b.txt'}: cannot write into {tmp_path / 'out' / 'sub'}: "
        "is a symbolic link; docconv does not write through links"
    ]
    assert list(elsewhere.iterdir()) == [] and (tmp_path / "out" / "a.md").is_file()


def test_item_22_sync_log_inside_src_is_a_usage_error(tmp_path: Path) -> None:
    """issue 13 item 22: ``--log`` inside the source tree became an input (and SRC is never written)."""
    texts(tmp_path / "src", "a.txt")
    result = run("sync", tmp_path / "src", tmp_path / "dest", "--log", tmp_path / "src" / "sub" / "log.txt")
    assert result.exit_code == 2 and "is inside SRC" in result.output
    assert tree(tmp_path / "src") == ["a.txt"] and not (tmp_path / "dest").exists()
    result = run("sync", tmp_path / "src", tmp_path / "dest", "--log", tmp_path / "dest" / STATE_NAME)
    assert result.exit_code == 2 and "one of sync's own files" in result.output


def test_item_22_output_names_that_differ_only_in_case_clash(tmp_path: Path) -> None:
    """issue 13 item 22: ``Report.txt`` and ``report.txt`` overwrote each other on a case-insensitive file system."""
    upper, lower, other = texts(tmp_path / "in", "Report.txt", "report.txt", "other.txt")
    result = run("convert", upper, lower, other, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    clash = errors(result)
    assert len(clash) == 2 and all("would have the same name" in line for line in clash)
    assert tree(tmp_path / "out") == ["other.md"]


def test_item_1_an_output_never_replaces_another_input(tmp_path: Path) -> None:
    """issue 13 item 1: ``convert -r x -o y y/sub/c.md``: x/sub/c.txt would have written over the input y/sub/c.md."""
    texts(tmp_path / "x" / "sub", "c.txt")
    (named,) = texts(tmp_path / "y" / "sub", "c.md")
    before = named.read_bytes()
    result = run("convert", "-r", tmp_path / "x", named, "-o", tmp_path / "y")
    assert result.exit_code == 1, result.output
    assert errors(result) == [
        f"docconv: error: {tmp_path / 'x' / 'sub' / 'c.txt'}: its output {named} would overwrite another input; "
        "choose another -o folder"
    ]
    assert named.read_bytes() == before and (tmp_path / "y" / "c.md").is_file()


def test_item_3_a_link_in_place_of_the_report_is_replaced_not_written_through(tmp_path: Path) -> None:
    """issue 13 item 3 (and 1): files docconv creates never follow a symbolic link."""
    (a,) = texts(tmp_path / "in", "a.txt")
    victim = tmp_path / "victim"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "run.json").symlink_to(victim)
    result = run("convert", a, "-o", tmp_path / "out", "--report", tmp_path / "run.json")
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "run.json").is_symlink() and '"files"' in (tmp_path / "run.json").read_text("utf-8")
