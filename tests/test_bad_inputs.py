"""Bad inputs in a batch: each gives one clear error line and no output; the rest convert.

PDFs are written by hand here (no PDF library needed): :func:`make_pdf`.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from convert.app.cli import cli

ZH = "\u540c\u5fd7\u4eec\uff0c\u4eca\u5929\u6211\u4eec\u53ec\u5f00\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u3002"
GOOD = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\n" + ZH + "\n"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("docconv: error: ")]


def pdf_objects(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from numbered object bodies (1 0 obj ... endobj), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def make_pdf(pages: int = 3, text: bool = True, trailer_extra: bytes = b"", extra: list[bytes] | None = None) -> bytes:
    """A minimal PDF: ``pages`` pages of Helvetica text lines, or (``text=False``) of grey
    rectangles only, like a scan without a text layer."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    font = 3 + 2 * pages
    for i in range(pages):
        if text:
            rows = b"".join(
                b"1 0 0 1 72 %d Tm (Page %d line %d of the speech text here.) Tj\n" % (740 - 18 * n, i + 1, n)
                for n in range(30)
            )
            stream = b"BT /F1 12 Tf\n" + rows + b"ET"
        else:
            stream = b"0.5 g 72 72 450 650 re f"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font, 4 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf_objects(objects + (extra or []), trailer_extra)


PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_encrypted_pdf() -> bytes:
    """A PDF under the standard security handler (RC4 40-bit, revision 2) whose user
    password is 'secret': a reader cannot open it without the password."""
    file_id = hashlib.md5(b"docconv test").digest()
    owner = rc4(hashlib.md5((b"owner" + PAD)[:32]).digest()[:5], (b"secret" + PAD)[:32])
    permissions = -44
    key = hashlib.md5(
        (b"secret" + PAD)[:32] + owner + permissions.to_bytes(4, "little", signed=True) + file_id
    ).digest()[:5]
    user = rc4(key, PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        owner.hex().encode(),
        user.hex().encode(),
        permissions,
    )
    pages = 1
    trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (4 + 2 * pages, file_id.hex().encode(), file_id.hex().encode())
    return make_pdf(pages=pages, trailer_extra=trailer, extra=[encrypt])


def pdf_readable() -> bool:
    from convert.app.plugins import build_registry

    return ".pdf" in {e for r in build_registry(load_entry_points=False).readers for e in r.extensions}


needs_pdf = pytest.mark.skipif(
    not pdf_readable(), reason="no PDF reader registered yet (default_plugins/pdf_reader.py)"
)


def batch_with(tmp_path: Path, name: str, data: bytes, *extra: str) -> tuple[Result, Path, Path]:
    """Convert a good file and the bad one ``name`` together; return the result and the outdir."""
    (tmp_path / "in").mkdir(exist_ok=True)
    good = tmp_path / "in" / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "in" / name
    bad.write_bytes(data)
    result = run("convert", good, bad, "-o", tmp_path / "out", *extra)
    return result, bad, tmp_path / "out"


def assert_one_clean_error(result: Result, bad: Path, out: Path, *words: str) -> str:
    assert result.exit_code == 1, result.output
    [line] = errors(result)
    assert line.startswith(f"docconv: error: {bad}: "), line
    assert "Traceback" not in result.output
    for word in words:
        assert word in line, line
    assert (out / "good.md").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["good.md"]  # nothing for the bad file, no temp files
    return line


CASES: dict[str, tuple[str, Callable[[], bytes], tuple[str, ...]]] = {
    "empty": ("empty.txt", lambda: b"", ("empty file",)),
    "whitespace-only": ("blank.txt", lambda: b" \n\r\n\t\n", ("empty file",)),
    "binary-as-txt": ("junk.txt", lambda: os.urandom(64 * 1024), ("binary data",)),
    "elf-as-txt": ("prog.txt", lambda: b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 40, ("binary data",)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_text_input(tmp_path: Path, case: str) -> None:
    name, make, words = CASES[case]
    result, bad, out = batch_with(tmp_path, name, make())
    assert_one_clean_error(result, bad, out, *words)


def test_invalid_utf8_mixed_with_gb18030_is_refused(tmp_path: Path) -> None:
    data = b"".join(ZH.encode("gb18030") + b"\n" for _ in range(40)) + ZH.encode("utf-8") + b"\n"
    result, bad, out = batch_with(tmp_path, "mixed.txt", data)
    assert_one_clean_error(result, bad, out, "encoding")


def test_utf8_and_gb18030_halves_are_refused(tmp_path: Path) -> None:
    data = b"".join((ZH.encode("utf-8") if i < 20 else ZH.encode("gb18030")) + b"\n" for i in range(40))
    result, bad, out = batch_with(tmp_path, "halves.txt", data)
    assert_one_clean_error(result, bad, out, "encoding")


def test_single_50mb_line_converts_or_fails_clearly_without_taking_minutes(tmp_path: Path) -> None:
    line = ZH.encode("utf-8") * (50_000_000 // len(ZH.encode("utf-8")))
    start = time.monotonic()
    result, bad, out = batch_with(tmp_path, "long.txt", line, "--timeout", "15", "-j", "2")
    assert time.monotonic() - start < 60
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        text = (out / "long.md").read_text(encoding="utf-8")
        assert text.startswith("---\n") and text.endswith("\n")
    else:
        line_ = assert_one_clean_error(result, bad, out)
        assert "longer than 15 s" in line_ or "out of memory" in line_ or "too" in line_


def test_html_nested_10000_deep(tmp_path: Path) -> None:
    html = "<html><body>" + "<div>" * 10_000 + "<p>" + ZH * 5 + "</p>" + "</div>" * 10_000 + "</body></html>"
    start = time.monotonic()
    result, bad, out = batch_with(tmp_path, "deep.html", html.encode("utf-8"))
    assert time.monotonic() - start < 60 and "Traceback" not in result.output
    if result.exit_code == 0:  # converted: the text is there
        assert "\u540c\u5fd7\u4eec" in (out / "deep.md").read_text(encoding="utf-8")
    else:
        assert_one_clean_error(result, bad, out)


@needs_pdf
def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf(pages=3)
    result, bad, out = batch_with(tmp_path, "cut.pdf", data[: len(data) // 2])
    assert_one_clean_error(result, bad, out, "PDF")


@needs_pdf
def test_encrypted_pdf(tmp_path: Path) -> None:
    result, bad, out = batch_with(tmp_path, "locked.pdf", make_encrypted_pdf())
    assert_one_clean_error(result, bad, out, "password")


@needs_pdf
def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    result, bad, out = batch_with(tmp_path, "scan.pdf", make_pdf(pages=2, text=False))
    assert_one_clean_error(result, bad, out, "no text layer")


@needs_pdf
def test_handmade_text_pdf_converts(tmp_path: Path) -> None:  # the maker itself is sound
    (tmp_path / "ok.pdf").write_bytes(make_pdf(pages=2))
    result = run("convert", tmp_path / "ok.pdf", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "line 5 of the speech text" in (tmp_path / "out" / "ok.md").read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    result, bad, out = batch_with(tmp_path, "secret.txt", GOOD.encode("utf-8"))
    bad.chmod(0)
    result = run("convert", tmp_path / "in" / "good.txt", bad, "-o", out)
    assert_one_clean_error(result, bad, out, "cannot read")


def test_folder_named_like_a_file(tmp_path: Path) -> None:
    batch_with(tmp_path, "placeholder.txt", GOOD.encode("utf-8"))
    (tmp_path / "x.txt").mkdir()
    result = run("convert", tmp_path / "in" / "good.txt", tmp_path / "x.txt", "-o", tmp_path / "out2")
    assert result.exit_code == 1
    assert errors(result) == [f"docconv: error: {tmp_path / 'x.txt'}: is a folder (use -r to convert the files in it)"]
    assert sorted(p.name for p in (tmp_path / "out2").iterdir()) == ["good.md"]


def test_fifo_in_a_tree_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "in" / "pipe.txt")  # reading it would block forever
    start = time.monotonic()
    result = run("convert", "-r", tmp_path / "in", "-o", tmp_path / "out")
    assert time.monotonic() - start < 30
    assert result.exit_code == 1
    assert errors(result) == [f"docconv: error: {tmp_path / 'in' / 'pipe.txt'}: not a regular file (a named pipe)"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.md"]


def test_output_folder_under_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "somefile").write_text("x", encoding="utf-8")
    result = run("convert", tmp_path / "a.txt", "-o", tmp_path / "somefile" / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = errors(result)
    assert line.startswith(f"docconv: error: {tmp_path / 'somefile' / 'out'}: cannot create the output folder")


def test_unwritable_output_subfolder_fails_those_files_only(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "sub" / "inner.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").write_text("a file where the subfolder should go", encoding="utf-8")
    result = run("convert", "-r", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    [line] = errors(result)
    assert line.startswith(f"docconv: error: {tmp_path / 'in' / 'sub' / 'inner.txt'}: cannot write")
    assert (tmp_path / "out" / "good.md").is_file()


def test_symlink_loops_in_the_input_tree(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "sub" / "inner.txt").write_text(GOOD, encoding="utf-8")
    (root / "sub" / "up").symlink_to("..")  # a folder loop
    (root / "self.txt").symlink_to("self.txt")  # a file link to itself
    start = time.monotonic()
    result = run("convert", "-r", root, "-o", tmp_path / "out")
    assert time.monotonic() - start < 30
    assert result.exit_code == 1
    assert errors(result) == [f"docconv: error: {root / 'self.txt'}: cannot read: Too many levels of symbolic links"]
    assert f"docconv: warning: {root / 'sub' / 'up'}: folder already visited" in result.stderr
    out = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert out == ["good.md", "sub/inner.md"]
