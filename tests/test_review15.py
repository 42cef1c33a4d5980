"""Defects a review of issue 15 found: the user's metadata keys kept apart from docconv's
provenance and kept across Markdown, notices that do not pile up on md -> md, a reference
DOCX that makes python-docx warn under ``-q``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import SHARED
from lxml import etree

from convert.app.cli import cli
from convert.core.model import Document, Metadata
from convert.core.notices import notices, warning_family

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ENGLISH = SAMPLES / "dev-en-01-txt-scr.txt"


def front_matter(markdown: str) -> dict[str, object]:
    return yaml.safe_load(markdown.split("---\n")[1])


def test_user_keys_never_take_docconv_names(tmp_path: Path) -> None:
    runner = CliRunner()
    for key in ("docconv", "docconv.version", "Docconv_x"):
        result = runner.invoke(cli, ["clean", str(ENGLISH), "-M", f"{key}=forged"])
        assert result.exit_code == 2, key
        assert "set by docconv itself" in result.output
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["convert", str(ENGLISH), "-q", "-t", "epub,docx", "-o", str(out), "-M", "version=9.9", "-M", "sha256=x"]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "dev-en-01-txt-scr.epub") as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
    props: dict[str, list[str]] = {}
    for meta in opf.iter("{http://www.idpf.org/2007/opf}meta"):
        if meta.get("property"):
            props.setdefault(meta.get("property"), []).append(meta.text)
    assert props["custom:version"] == ["9.9"] and props["custom:sha256"] == ["x"]
    assert props["docconv:version"] != ["9.9"] and len(props["docconv:sha256"]) == 1
    assert "custom: " in opf.get("prefix") and "docconv: " in opf.get("prefix")
    with zipfile.ZipFile(out / "dev-en-01-txt-scr.docx") as z:
        custom = etree.fromstring(z.read("docProps/custom.xml"))
    names = [p.get("name") for p in custom]
    assert names.count("version") == 1 and names.count("docconv:version") == 1


def test_user_keys_survive_markdown_round_trips(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["clean", str(ENGLISH), "-M", "project=apollo", "-M", "yes=ok"])
    assert first.exit_code == 0
    fields = front_matter(first.stdout)
    assert fields["project"] == "apollo" and fields["yes"] == "ok"  # a text key, not YAML's True
    md = tmp_path / "p1.md"
    md.write_text(first.stdout, encoding="utf-8")
    again = runner.invoke(cli, ["clean", str(md)])
    assert again.exit_code == 0
    fields = front_matter(again.stdout)
    assert fields["project"] == "apollo" and fields["yes"] == "ok"
    out = tmp_path / "out"
    assert runner.invoke(cli, ["convert", str(md), "-q", "-t", "docx", "-o", str(out)]).exit_code == 0
    with zipfile.ZipFile(out / "p1.docx") as z:
        custom = etree.fromstring(z.read("docProps/custom.xml"))
    values = {p.get("name"): p[0].text for p in custom}
    assert values["project"] == "apollo"


def test_a_warning_said_again_is_one_notice() -> None:
    earlier = "kept 2 line(s) that may be site furniture (score: 0.86 'a,b'); see docconv inspect"
    now = "kept 1 line(s) that may be site furniture (score: 0.63 'a\uff0cb'); see docconv inspect"
    other = "page 3 could not be read: a damaged stream"
    assert warning_family(earlier) == warning_family(now) != warning_family(other)
    doc = Document(meta=Metadata(language="en"), warnings=(earlier, other, now))
    shown = [n.text for n in notices(doc) if n.kind == "warning"]
    assert len(shown) == 2 and now in shown[1] and other in shown[0]


@pytest.mark.skipif(not (SHARED / "corpus" / "realtxt" / "cases").is_dir(), reason="../shared is absent")
def test_notices_do_not_pile_up_on_markdown_again(tmp_path: Path) -> None:
    runner = CliRunner()
    for case in sorted((SHARED / "corpus" / "realtxt" / "cases").glob("*.txt")):
        first, second = tmp_path / case.stem / "a", tmp_path / case.stem / "b"
        assert runner.invoke(cli, ["convert", str(case), "-q", "-o", str(first)]).exit_code == 0
        md = first / f"{case.stem}.md"
        assert runner.invoke(cli, ["convert", str(md), "-q", "-o", str(second)]).exit_code == 0
        count = [p.read_text(encoding="utf-8").count("<!-- docconv:notice") for p in (md, second / md.name)]
        assert count[0] == count[1], case.name


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_a_reference_docx_does_not_make_python_docx_warn(tmp_path: Path) -> None:
    reference = tmp_path / "ref.docx"
    subprocess.run(["pandoc", "-o", str(reference), "--print-default-data-file", "reference.docx"], check=True)
    done = subprocess.run(
        [
            *(sys.executable, "-W", "default", "-m", "convert", "convert", str(SAMPLES / "speech.txt"), "-q"),
            *("-o", str(tmp_path / "r.docx"), "--reference-docx", str(reference)),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr == ""


def test_common_warnings_are_worded_in_the_documents_language() -> None:
    furniture = "kept 2 line(s) that may be site furniture (score: 0.86 'a'; 0.61 'b'); see docconv inspect"
    unread = "pages without a text layer (images only?): 2, 3"
    odd = "a warning no table words"
    for language, expected in (
        ("zh", "\u4fdd\u7559\u4e86 2 \u884c\u53ef\u80fd\u662f\u7f51\u7ad9"),  # 保留了 2 行可能是网站
        ("zh-TW", "\u4fdd\u7559\u4e86 2 \u884c\u53ef\u80fd\u662f\u7db2\u7ad9"),  # 保留了 2 行可能是網站
    ):
        doc = Document(meta=Metadata(language=language), warnings=(furniture, unread, odd))
        texts = [n.text for n in notices(doc) if n.kind == "warning"]
        assert expected in texts[0] and "0.86 'a'; 0.61 'b'" in texts[0]
        assert "2, 3" in texts[1] and "text layer" not in texts[1]
        assert texts[2].endswith(odd)  # (a warning the table does not know is shown as written)
    english = Document(meta=Metadata(language="en"), warnings=(furniture,))
    assert notices(english)[0].text.endswith(furniture)
