"""Helpers for tests that run real programs (epubcheck, pandoc, LibreOffice, pdftotext).

A missing program skips the test with a reason, except under CI (``CI`` set to anything but
``0``/``false``), where it fails: CI installs every program, so a missing one is a bug.
"""

from __future__ import annotations

import glob
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "seed" / "speech.scraped.txt"
DEV_INPUTS = SHARED / "corpus" / "dev" / "inputs"

#: ``(kind, level, text)``: kind "title", "heading" or "paragraph", level as Markdown ``#``s.
Block = tuple[str, int, str]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str) -> None:
    """Skip (or, under CI, fail) because ``what`` is not available."""
    message = f"{what} is not installed (apt-get install the packages listed in .ci/run)"
    if in_ci():
        pytest.fail(f"{message}; CI is set, so this is an error", pytrace=False)
    pytest.skip(message)


def require(program: str) -> str:
    """The path of ``program`` on PATH, or skip/fail."""
    path = shutil.which(program)
    if path is None:
        missing(program)
    assert path is not None
    return path


def epubcheck_jar() -> str | None:
    """The epubcheck jar: ``EPUBCHECK_JAR``, Debian's ``/usr/share/java/epubcheck.jar``, or
    ``/usr/bin/epubcheck`` when that is the jar itself (Debian's wrapper sometimes is, and
    then cannot run as a script)."""
    candidates = [os.environ.get("EPUBCHECK_JAR", ""), "/usr/share/java/epubcheck.jar"]
    candidates += sorted(glob.glob("/usr/share/java/epubcheck*.jar")) + sorted(glob.glob("/usr/share/epubcheck/*.jar"))
    wrapper = shutil.which("epubcheck")
    if wrapper:
        with open(wrapper, "rb") as fh:
            if fh.read(2) == b"PK":
                candidates.append(wrapper)
    return next((jar for jar in candidates if jar and Path(jar).is_file()), None)


#: Java flags that halve the start-up time of a short-lived JVM.
JAVA_FAST = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

#: Checks many EPUBs in one JVM through epubcheck's API (run with Java's source launcher).
BATCH_SOURCE = """\
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubcheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            System.out.println("@@FILE\\t" + path);
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).validate();
            System.out.println("@@RESULT\\t" + report.getFatalErrorCount() + "\\t" + report.getErrorCount()
                + "\\t" + report.getWarningCount());
        }
        System.out.flush();
    }
}
"""

#: ``(fatals, errors, warnings, output)`` of one epubcheck run.
Result = tuple[int, int, int, str]


def run_epubcheck(path: Path) -> Result:
    """epubcheck on one file, as a user runs it (``java -jar epubcheck.jar FILE``)."""
    jar = epubcheck_jar()
    if jar:
        command = [require("java"), *JAVA_FAST, "-jar", jar, str(path)]
    else:
        command = [require("epubcheck"), str(path)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    m = re.search(r"Messages:\s*(\d+) fatals?\s*/\s*(\d+) errors?\s*/\s*(\d+) warnings?", output)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3)), output
    if proc.returncode == 0 and "No errors or warnings detected" in output:
        return 0, 0, 0, output
    return 1, 1, 0, output  # unparseable: count as a failure and show the output


def run_epubcheck_many(paths: list[Path], workdir: Path) -> dict[Path, Result]:
    """epubcheck on every file; in one JVM when the Java compiler module is available
    (a JVM start costs ~5 s), else one run per file."""
    jar = epubcheck_jar()
    results: dict[Path, Result] = {}
    if jar and paths:
        source = workdir / "EpubcheckBatch.java"
        source.write_text(BATCH_SOURCE, encoding="utf-8")
        proc = subprocess.run(
            [require("java"), *JAVA_FAST, "-cp", jar, str(source), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        chunks = proc.stdout.split("@@FILE\t")[1:]
        for chunk, path in zip(chunks, paths, strict=False):
            m = re.search(r"@@RESULT\t(\d+)\t(\d+)\t(\d+)", chunk)
            if m and chunk.startswith(str(path)):
                results[path] = (int(m.group(1)), int(m.group(2)), int(m.group(3)), chunk + proc.stderr)
    for path in paths:
        if path not in results:  # no batch (or it broke off): run epubcheck the usual way
            results[path] = run_epubcheck(path)
    return results


def build_doc(path: Path) -> Any:
    """The cleaned document for an input file, through the real pipeline."""
    from convert.app.inputs import load_source
    from convert.app.pipeline import convert_source
    from convert.app.plugins import build_registry
    from convert.core.contracts import Options

    reg = build_registry(load_entry_points=False)
    return convert_source(load_source(path), reg, Options())


def corpus_inputs() -> list[Path]:
    """The seed speech and every dev-corpus .txt input (empty when ../shared is absent)."""
    if not SHARED.is_dir():
        return []
    return ([SEED] if SEED.is_file() else []) + sorted(DEV_INPUTS.glob("*.txt"))


def need_corpus() -> list[Path]:
    paths = corpus_inputs()
    if not paths:
        pytest.skip(f"{SHARED} is absent: no corpus to convert")
    return paths


def write(doc: Any, fmt: str, settings: dict[str, str] | None = None) -> bytes:
    """``doc`` written by the registered writer ``fmt``, as bytes."""
    from convert.app.plugins import build_registry
    from convert.core.contracts import Options

    reg = build_registry(load_entry_points=False)
    buffer = io.BytesIO()
    reg.writer(fmt).write(doc, buffer, Options(settings=settings or {}))
    return buffer.getvalue()


def markdown_blocks(doc: Any) -> list[Block]:
    """What the Markdown writer renders, parsed back: ``(kind, level, text)`` per block
    (docconv's notices, which the Markdown reader does not read as text, left out)."""
    from convert.readers.markdown import blocks, split_front_matter, unescape
    from convert.readers.markdown.provenance import take_notices

    _, body, used = split_front_matter(write(doc, "md").decode("utf-8"))
    body, _ = take_notices(body, unescape)
    out: list[Block] = []
    for _, level, text in blocks(body, used + 1):
        if level is None:
            out.append(("paragraph", 0, text))
        else:
            out.append(("title" if level == 1 else "heading", level, text))
    return out


def squash(text: str) -> str:
    """Text for comparing renderings: NFKC, all white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def norm(text: str) -> str:
    """White space runs collapsed to one space, ends stripped."""
    return " ".join(text.split())


# ------------------------------------------------------------------------------- pandoc


def _inline_text(inlines: list[Any]) -> str:
    out: list[str] = []
    for el in inlines:
        kind, content = el["t"], el.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            out.append(_inline_text(content))
        elif kind == "Span":
            out.append(_inline_text(content[1]))
        elif kind in ("Link", "Image"):
            out.append(_inline_text(content[1]))
        elif kind == "Quoted":
            quote = '"' if content[0]["t"] == "DoubleQuote" else "'"
            out.append(quote + _inline_text(content[1]) + quote)
        elif kind == "Code":
            out.append(content[1])
        else:
            raise AssertionError(f"unexpected pandoc inline {kind}")
    return "".join(out)


def _walk_blocks(blocks: list[Any]) -> Iterator[tuple[str, int, str]]:
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind == "Header":
            yield "heading", content[0], norm(_inline_text(content[2]))
        elif kind in ("Para", "Plain"):
            yield "paragraph", 0, norm(_inline_text(content))
        elif kind == "Div":
            yield from _walk_blocks(content[1])
        elif kind == "BlockQuote":
            yield from _walk_blocks(content)
        elif kind in ("HorizontalRule", "Null"):
            continue
        else:
            raise AssertionError(f"unexpected pandoc block {kind}")


def pandoc_read(path: Path, fmt: str) -> tuple[str | None, list[Block]]:
    """``(metadata title, blocks)`` of ``path`` as pandoc reads it (``fmt``: docx or epub)."""
    pandoc = require("pandoc")
    proc = subprocess.run(
        [pandoc, "-f", fmt, "-t", "json", "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(proc.stdout)
    title = data.get("meta", {}).get("title")
    title_text = norm(_inline_text(title["c"])) if title and title["t"] == "MetaInlines" else None
    blocks = [b for b in _walk_blocks(data["blocks"]) if b[2]]
    return title_text, blocks


def without_provenance(markdown: str) -> str:
    """``markdown`` without the front matter's ``docconv:`` mapping (the provenance, which
    records each conversion: its time, and the input's name and checksum, differ on ``md -> md``)."""
    lines = markdown.split("\n")
    if not lines or lines[0] != "---" or "docconv:" not in lines:
        return markdown
    start = lines.index("docconv:")
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return "\n".join(lines[:start] + lines[end:])


def without_notices(markdown: str) -> str:
    """``markdown`` without docconv's notices (a ``<!-- docconv:notice KIND -->`` line, the
    ``>`` line after it and the blank line before it)."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if re.fullmatch(r"<!-- docconv:notice \w+ -->", lines[i]) and i + 1 < len(lines) and lines[i + 1][:1] == ">":
            if out and not out[-1]:
                out.pop()
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)
