"""The plain-text writer: directly, through the pipeline, and installed (entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docconv_plaintext import PlainTextWriter, display_width, render

from convert import Block, Document, Metadata
from convert.app.testing import check_writer, cjk_sample_text, convert_text, listed_plugins, registry_with

# 在市人大常委会“四个机关”建设动员会上的讲话
TITLE = (
    "\u5728\u5e02\u4eba\u5927\u5e38\u59d4\u4f1a\u201c\u56db\u4e2a\u673a\u5173\u201d"
    "\u5efa\u8bbe\u52a8\u5458\u4f1a\u4e0a\u7684\u8bb2\u8bdd"
)


def test_writer_keeps_the_contract() -> None:
    written = check_writer(PlainTextWriter(), read_back=lambda data: data.decode("utf-8"))
    assert written["minimal"] == b"A single short paragraph.\n"


def test_layout_title_headings_paragraphs() -> None:
    doc = Document(
        meta=Metadata(title="Rules"),
        blocks=(
            Block(kind="title", text="Rules", level=1),
            Block(kind="heading", text="Part One", level=2),
            Block(kind="paragraph", text="First paragraph."),
            Block(kind="paragraph", text="Second paragraph."),
        ),
    )
    assert render(doc) == "Rules\n=====\n\nPart One\n--------\n\nFirst paragraph.\n\nSecond paragraph.\n"


def test_underline_counts_chinese_characters_as_two_columns() -> None:
    heading = "\u4e00\u3001\u5b9a\u76ee\u6807"  # 一、定目标
    assert display_width(heading) == 10
    text = render(Document(blocks=(Block(kind="heading", text=heading, level=2),)))
    assert text == heading + "\n" + "-" * 10 + "\n"


def test_cleaned_chinese_speech_as_plain_text() -> None:
    registry = registry_with("docconv_plaintext")
    doc = convert_text(cjk_sample_text(), registry=registry)
    text = render(doc)
    assert text.startswith(TITLE + "\n" + "=" * display_width(TITLE) + "\n\n")
    assert "VIP" not in text and "21.88KB" not in text
    assert "\n\n\n" not in text


def test_entry_point_lists_the_installed_plugin() -> None:
    rows = {row["name"]: row for row in listed_plugins()}
    row = rows["plaintext"]
    assert row["package"] == "docconv-plaintext"
    assert row["version"] == "0.1.0"
    assert row["writers"] == ["txt"]
    assert row["hooks"] == ["register_writers"]


def test_convert_command_writes_txt(tmp_path: Path) -> None:
    src = tmp_path / "speech.txt"
    src.write_text(cjk_sample_text(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DOCCONV_DISABLE_PLUGINS"}
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(src), "-t", "txt", "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "speech.txt").read_text(encoding="utf-8").startswith(TITLE + "\n===")
