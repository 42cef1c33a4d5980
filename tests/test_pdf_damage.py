"""Hostile and damaged PDFs (issue 13 items 6, 8, 9, 20): decompression bombs are refused in
bounded memory, absurd page boxes are refused without work by their size, damage is warned
about with counts and marks the document ``damaged``, and no library log line reaches stderr.

The PDFs are written here byte by byte (one Helvetica font, one content stream a page), so
that a stream can be compressed, cut, corrupted or made to expand as a test needs.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import textwrap
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REAL, ROOT, need_shared

from convert.core.contracts import ConversionError, Options, Source
from convert.readers.pdf import guard as pdf_guard
from convert.readers.pdf.layout import PdfLine, _gutters
from convert.readers.pdf.limits import MB, StreamBudget, inflate

WORDS = "The quick brown fox jumps over the lazy dog near the river bank today."


@dataclass(frozen=True)
class Page:
    """One page to write: its content stream as written (``flate``: it is zlib data, marked
    /FlateDecode) and its size."""

    content: bytes
    flate: bool = False
    size: tuple[float, float] = (612, 792)


def prose(lines: int = 30, tag: str = "Line") -> bytes:
    """A content stream drawing ``lines`` lines of text in Helvetica 12."""
    ops = [b"BT /F1 12 Tf 72 750 Td 18 TL"]
    ops += [f"({tag} {i}: {WORDS}) Tj T*".encode() for i in range(lines)]
    return b"\n".join([*ops, b"ET"])


def build_pdf(pages: list[Page]) -> bytes:
    """A PDF with a correct cross-reference table holding ``pages``."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in pages:
        data = page.content
        filt = b" /Filter /FlateDecode" if page.flate else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), filt, data))
        w, h = page.size
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (str(w).encode(), str(h).encode(), len(objects))
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def bomb(prefix: bytes, megabytes: int) -> bytes:
    """A zlib stream of ``prefix`` and ``megabytes`` MB of spaces, built without holding them:
    one compressed megabyte (after a full flush, so its bytes repeat exactly) written again
    and again, with the checksum of the whole."""
    chunk = b" " * MB
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush()
    check = zlib.adler32(prefix)
    for _ in range(megabytes):
        check = zlib.adler32(chunk, check)
    return b"\x78\xda" + head + block * megabytes + tail + check.to_bytes(4, "big")


def read_pdf(data: bytes, name: str = "x.pdf"):  # type: ignore[no-untyped-def]
    from convert.readers.pdf import PdfReader

    return PdfReader().read(Source(name=name, data=data), Options())


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "convert", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


# ------------------------------------------------------------------ item 8: decompression bombs


def test_bomb_builder_makes_a_valid_stream() -> None:
    data = bomb(b"BT ET", 3)
    assert len(data) < 20_000
    out = zlib.decompress(data)
    assert len(out) == 3 * MB + 5 and out.startswith(b"BT ET ")


def test_issue13_item8_bomb_refused_in_bounded_memory(tmp_path: Path) -> None:
    """issue 13 item 8: a 300 KB PDF whose content stream inflates to 300 MB is refused with
    one line, and the reading process never holds the inflated bytes (default limits)."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(build_pdf([Page(bomb(prose(), 300), flate=True)]))
    assert path.stat().st_size < 400_000
    script = textwrap.dedent(
        f"""
        import resource, sys
        from convert.core.contracts import ConversionError, Options, Source
        from convert.readers.pdf import PdfReader
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        data = open({str(path)!r}, "rb").read()
        try:
            PdfReader().read(Source(name="bomb.pdf", data=data), Options())
            print("converted")
        except ConversionError as exc:
            print("refused:", exc)
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src")},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    verdict, grown_mb = proc.stdout.splitlines()
    assert verdict == "refused: a compressed stream expands beyond 256 MB (a decompression bomb?)"
    assert int(grown_mb) < 64, f"reading the bomb grew the process by {grown_mb} MB"
    assert proc.stderr == ""


def test_issue13_item8_bomb_is_one_error_line(tmp_path: Path) -> None:
    """issue 13 item 8: through the CLI, a bomb is one ``docconv: error:`` line, exit 1, no output."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(build_pdf([Page(bomb(prose(), 300), flate=True)]))
    proc = run_cli("convert", path, "-o", tmp_path / "out")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        f"docconv: error: {path}: a compressed stream expands beyond 256 MB (a decompression bomb?)"
    )
    assert not list(tmp_path.glob("out/*"))


def test_issue13_item8_total_of_all_streams_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 13 item 8: many streams each under the per-stream limit, together over the
    document's limit, are refused too (limits lowered so the test stays small)."""
    monkeypatch.setattr(pdf_guard, "StreamBudget", lambda: StreamBudget(per_stream=4 * MB, total=10 * MB))
    pages = [Page(bomb(prose(tag=f"P{n}"), 3), flate=True) for n in range(5)]  # 5 x 3 MB
    with pytest.raises(ConversionError, match=r"^the compressed streams expand beyond 10 MB in all"):
        read_pdf(build_pdf(pages))
    pages = [Page(bomb(prose(tag=f"P{n}"), 3), flate=True) for n in range(3)]  # 9 MB: read
    assert read_pdf(build_pdf(pages)).meta.pages == 3


def test_issue13_item8_inflate_budget_and_limits() -> None:
    budget = StreamBudget(per_stream=2 * MB, total=4 * MB)
    assert inflate(zlib.compress(b"a" * MB), budget).data == b"a" * MB
    with pytest.raises(ConversionError, match="expands beyond 2 MB"):
        inflate(bomb(b"", 3), budget)
    assert inflate(zlib.compress(b"b" * 2 * MB), budget).problem is None
    assert budget.used == 3 * MB
    with pytest.raises(ConversionError, match="beyond 4 MB in all"):
        inflate(zlib.compress(b"c" * MB + b"d"), budget)


# ------------------------------------------------------------------ item 6: damage is never silent


def corrupt(data: bytes, at: float) -> bytes:
    """``data`` with 16 bytes zeroed ``at`` a fraction of its length."""
    i = int(len(data) * at)
    return data[:i] + bytes(16) + data[i + 16 :]


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda z: corrupt(z, 0.5), r"(corrupt data|checksum mismatch)"),
        (lambda z: z[: len(z) // 2], "cut short"),
        (lambda z: z[:-1] + bytes([z[-1] ^ 1]), "checksum mismatch"),
    ],
    ids=["zeroed", "cut", "checksum"],
)
def test_issue13_item6_damaged_stream_is_warned_and_marked(damage, problem: str) -> None:  # type: ignore[no-untyped-def]
    """issue 13 item 6: a damaged compressed content stream (zeroed bytes, cut short, a wrong
    checksum) gives one warning with counts and pages and ``damaged: true``; the text before
    the damage is kept (pdfminer dropped the whole stream)."""
    good = Page(zlib.compress(prose(tag="Good")), flate=True)
    bad = Page(damage(zlib.compress(prose(60, tag="Hurt"))), flate=True)
    doc = read_pdf(build_pdf([good, bad, good]))
    assert doc.meta.damaged
    [warning] = [w for w in doc.warnings if w.startswith("damaged PDF")]
    assert re.fullmatch(
        rf"damaged PDF: 1 compressed stream could not be fully decoded \({problem}\) on page 2; "
        "text there may be missing or garbled",
        warning,
    )
    text = "\n".join(line.text for line in doc.lines)
    assert "Hurt 0:" in text and "Good 29:" in text


def test_issue13_item6_intact_pdf_is_not_damaged() -> None:
    doc = read_pdf(build_pdf([Page(zlib.compress(prose()), flate=True), Page(prose())]))
    assert not doc.meta.damaged and not doc.warnings


def test_issue13_item6_checksum_left_out_is_no_damage() -> None:
    """Some writers leave out a stream's trailing checksum: every byte is there, no warning."""
    doc = read_pdf(build_pdf([Page(zlib.compress(prose())[:-4], flate=True)]))
    assert not doc.meta.damaged and not doc.warnings


def test_issue13_item6_broken_operators_are_counted(capfd: pytest.CaptureFixture[str]) -> None:
    """issue 13 items 6 and 20: operators with broken operands (which pdfminer skips with a log
    line) are counted in the warning; nothing reaches stderr."""
    broken = prose().replace(b"ET", b"(x) w (y) (z) (a) (b) (c) (d) cm ET")
    doc = read_pdf(build_pdf([Page(prose()), Page(broken)]))
    assert doc.meta.damaged
    assert "damaged PDF: 2 errors in content streams on page 2;" in doc.warnings[0]
    assert capfd.readouterr().err == ""


def test_issue13_item6_page_failure_marks_damaged() -> None:
    """A page that cannot be read at all (already warned about) marks the document damaged."""
    doc = read_pdf(build_pdf([Page(prose()), Page(prose(), size=(10**9, 792))]))
    assert doc.meta.damaged
    assert any(
        w.startswith("1 page(s) could not be read: page 2: the page is 1,000,000,000 x 792") for w in doc.warnings
    )


def test_issue13_item6_damaged_in_front_matter_and_report(tmp_path: Path) -> None:
    """``damaged: true`` reaches the Markdown front matter and the --report metadata; the
    warning reaches stderr and the summary counts it."""
    import json

    path = tmp_path / "hurt.pdf"
    path.write_bytes(build_pdf([Page(corrupt(zlib.compress(prose(60)), 0.5), flate=True)]))
    proc = run_cli("convert", path, "-o", tmp_path / "out", "--report", tmp_path / "r.json")
    assert proc.returncode == 0, proc.stderr
    assert "damaged: true" in (tmp_path / "out" / "hurt.md").read_text().split("---")[1]
    [record] = json.loads((tmp_path / "r.json").read_text())["files"]
    assert record["metadata"]["damaged"] is True
    assert any(w.startswith("damaged PDF: 1 compressed stream") for w in record["warnings"])
    assert f"docconv: warning: {path}: damaged PDF: 1 compressed stream" in proc.stderr


def test_issue13_item6_real_pdf_with_zeroed_bytes() -> None:
    """issue 13 item 6 on a real PDF: 16 zeroed bytes in its content stream are warned about."""
    data = need_shared(REAL / "en-scotus-transcript-p1.pdf").read_bytes()
    streams = [m.end() for m in re.finditer(rb"(?<!end)stream\r?\n", data)]
    intact = read_pdf(data)
    assert not intact.meta.damaged
    hurt = None
    for start in streams:  # the first stream whose damage changes the text
        end = data.find(b"endstream", start)
        try:
            candidate = read_pdf(corrupt(data[:end], (start + end) / 2 / end) + data[end:])
        except ConversionError:
            continue  # the page tree or the fonts were hit: refused with a reason, not silent
        if candidate.lines != intact.lines:
            hurt = candidate
            break
    assert hurt is not None
    assert hurt.meta.damaged and any(w.startswith("damaged PDF:") for w in hurt.warnings)


# ------------------------------------------------------------------ item 20: no library output


def test_issue13_item20_no_library_lines_on_stderr(tmp_path: Path) -> None:
    """issue 13 item 20: pdfminer's log lines (one with the raw bytes of a corrupt stream
    among them) never reach stderr, with or without -q; the warning is short and printable."""
    raw = bytes(range(256)) * 8
    broken = prose().replace(b"ET", b"(x) w <" + raw.hex().encode() + b"> 1 2 3 cm ET")
    path = tmp_path / "noisy.pdf"
    path.write_bytes(build_pdf([Page(broken), Page(corrupt(zlib.compress(prose(60)), 0.5), flate=True)]))
    for quiet in ([], ["-q"]):
        proc = run_cli("convert", *quiet, path, "-o", tmp_path / f"out{len(quiet)}")
        assert proc.returncode == 0, proc.stderr
        for line in proc.stderr.splitlines():
            assert line.startswith("docconv: "), line
            assert len(line) < 400 and line.isprintable(), line


# ------------------------------------------------------------------ item 9: absurd page boxes


def test_issue13_item9_billion_point_page_refused_fast() -> None:
    """issue 13 item 9: a page 10^9 points wide (the 1.5 KB PDF that took 7.7 GB and 96 s) is
    refused at once with one line."""
    data = build_pdf([Page(prose(), size=(10**9, 792))])
    assert len(data) < 4000
    started = time.perf_counter()
    with pytest.raises(ConversionError, match=r"beyond the PDF limit of 14,400 units a side"):
        read_pdf(data)
    assert time.perf_counter() - started < 2


def test_issue13_item9_page_at_the_limit_is_read() -> None:
    doc = read_pdf(build_pdf([Page(prose(), size=(14_400, 792))]))
    assert not doc.meta.damaged and doc.lines


def test_issue13_item9_gutters_do_not_allocate_by_width() -> None:
    """issue 13 item 9: column gutters are found from the pieces' ends, so a huge width costs
    nothing; two columns on such a page still give their gutter."""
    pieces = [PdfLine("x", x0, x0 + 2e8, float(i), i + 1.0, 10, False, 1) for i in range(20) for x0 in (2e8, 6e8)]
    started = time.perf_counter()
    assert _gutters(pieces, 1e9, 10) == [(400000001.0, 600000000.0)]
    assert time.perf_counter() - started < 0.5


def _gutters_by_points(pieces: list[PdfLine], width: float, size: float) -> list[tuple[float, float]]:
    """The former :func:`_gutters`, a count per point of the page: the reference."""
    cover = [0] * (int(width) + 2)
    for p in pieces:
        for x in range(max(0, int(p.x0)), min(len(cover), int(p.x1) + 1)):
            cover[x] += 1
    limit = max(1, int(0.04 * len(pieces)))
    gutters = []
    x, end = int(0.15 * width), int(0.85 * width)
    while x < end:
        if cover[x] <= limit:
            start = x
            while x < end and cover[x] <= limit:
                x += 1
            if x - start >= 0.6 * size:
                lo, hi = float(start), float(x)
                left = sum(1 for p in pieces if p.x1 <= lo + 1)
                right = sum(1 for p in pieces if p.x0 >= hi - 1)
                if left >= 0.2 * len(pieces) and right >= 0.2 * len(pieces):
                    gutters.append((lo, hi))
        x += 1
    return gutters


def test_issue13_item9_gutters_same_as_per_point_count() -> None:
    """The interval sweep finds exactly the gutters the per-point count found (random pages
    of two or three columns, pieces off the page, reversed pieces, tiny pages)."""
    rng = random.Random(13)
    for _ in range(2000):
        width = rng.choice([0, 5, 20.5, 300, 612.3, 842])
        pieces = []
        for _ in range(rng.randint(1, 40)):
            x0 = rng.choice([rng.uniform(-20, 0.45 * width), rng.uniform(0.5 * width, width + 20)])
            x1 = x0 + rng.uniform(-5, 0.45 * width)
            pieces.append(PdfLine("t", x0, x1, 0.0, 1.0, 10, False, 1))
        size = rng.choice([1, 5, 10])
        assert _gutters(pieces, width, size) == _gutters_by_points(pieces, width, size)


def test_issue13_item9_shapes_a_hundred_million_points_tall_are_cheap() -> None:
    """issue 13 item 9 (same kind): three filled shapes 10^8 points tall on an ordinary page
    took 7.6 s and 850 MB (a 20-point band each for the labels-among-shapes test); now only
    the bands beside the text are made."""
    shapes = b"\n".join(b"%d 0 50 -100000000 re f" % (100 * i) for i in range(3))
    started = time.perf_counter()
    doc = read_pdf(build_pdf([Page(prose() + b"\n" + shapes)]))
    assert len(doc.lines) == 30
    assert time.perf_counter() - started < 2
