"""Provenance in every output, visible notices and the EPUB title page (issue 15).

Checked with real readers: a YAML parser for the Markdown front matter, python-docx and the
ZIP's own parts for the DOCX custom properties and the notice paragraph, LibreOffice for the
custom properties as another program reads them, epubcheck for the EPUB with its title page,
provenance and notices; and the CLI as a user runs it (``samples/speech.txt`` is a truncated
preview: 2 of 6 pages)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from lxml import etree
from tools import require, run_epubcheck, without_provenance

from convert import Provenance, __version__
from convert.app.cli import cli
from convert.app.plugins import build_registry
from convert.app.provenance import options_used
from convert.app.session import Session
from convert.app.testing import convert_text
from convert.core.contracts import ConversionError, Options
from convert.core.model import Block, Document, Metadata
from convert.core.notices import notices
from convert.core.provenance import conversion_time, iso_time, source_date
from convert.writers.docx import DocxWriter
from convert.writers.epub import EpubWriter

ROOT = Path(__file__).resolve().parents[1]
SPEECH = ROOT / "samples" / "speech.txt"
ENGLISH = ROOT / "samples" / "dev-en-01-txt-scr.txt"
EPOCH = "1764558245"  # 2025-12-01T03:04:05Z
EPOCH_ISO = "2025-12-01T03:04:05Z"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
XHTML = "{http://www.w3.org/1999/xhtml}"
CUSTOM = {"cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"}
# 注意： / 原文到此结束
ZH_LABEL = "\u6ce8\u610f\uff1a"
ZH_ENDS = "\u539f\u6587\u5230\u6b64\u7ed3\u675f"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def front_matter(markdown: str) -> dict[str, object]:
    """The front matter as a YAML parser reads it."""
    assert markdown.startswith("---\n")
    return yaml.safe_load(markdown.split("---\n", 2)[1])


@pytest.fixture(scope="module")
def speech_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``samples/speech.txt`` converted to md, docx and epub with a report, at a fixed time."""
    out = tmp_path_factory.mktemp("speech")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run("convert", SPEECH, "-t", "md,docx,epub", "-o", out, "-j", "1", "--report", out / "r.json")
    assert result.exit_code == 0, result.output
    return out


# ------------------------------------------------------------------------------ the model


def test_provenance_round_trips_through_its_dict() -> None:
    earlier = Provenance(source="a.txt", sha256="ab" * 32, converted=EPOCH_ISO, version="0.1.0", reader="text")
    p = Provenance(
        source="a.md",
        sha256="cd" * 32,
        converted=EPOCH_ISO,
        version=__version__,
        reader="markdown",
        steps=("furniture", "paragraphs"),
        plugins=(("docconv", __version__),),
        options=(("disabled_steps", "punctuation"),),
        removals=(("furniture", 3),),
        derived_from=earlier,
    )
    assert Provenance.from_dict(json.loads(json.dumps(p.as_dict()))) == p
    assert Provenance.from_dict({"source": "x"}) is None  # (no checksum, time or version: not a provenance)


def test_source_date_epoch_sets_the_conversion_time_and_a_bad_one_is_an_error() -> None:
    assert iso_time(conversion_time({"SOURCE_DATE_EPOCH": EPOCH})) == EPOCH_ISO
    assert source_date({}) is None and source_date({"SOURCE_DATE_EPOCH": ""}) is None
    now = conversion_time({})
    assert now.microsecond == 0 and now.utcoffset() is not None and now.utcoffset().total_seconds() == 0
    for bad in ("soon", "-5", "1e9", "99999999999999999999"):
        with pytest.raises(ConversionError, match="SOURCE_DATE_EPOCH"):
            source_date({"SOURCE_DATE_EPOCH": bad})


def test_the_pipeline_records_checksum_reader_steps_versions_options_and_removals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    data = SPEECH.read_bytes()
    registry = build_registry(load_entry_points=False)
    options = Options(disabled_steps=frozenset({"punctuation"}), images=False)
    doc = convert_text(data.decode("utf-8"), name="speech.txt", registry=registry, options=options)
    p = doc.meta.provenance
    assert p is not None
    assert p.source == "speech.txt" and p.sha256 == hashlib.sha256(data).hexdigest()
    assert p.converted == EPOCH_ISO and p.version == __version__ and p.reader == "text"
    assert p.steps == tuple(s.name for s in Session.create(registry, options).steps())
    assert "punctuation" not in p.steps and p.steps.index("furniture") < p.steps.index("paragraphs")
    assert p.plugins == (("docconv", __version__),)
    assert dict(p.options) == {"disabled_steps": "punctuation", "images": "false"}
    counts: dict[str, int] = {}
    for removal in doc.removals:
        counts[removal.kind] = counts.get(removal.kind, 0) + 1
    assert dict(p.removals) == counts and counts
    assert p.derived_from is None
    off = convert_text(data.decode("utf-8"), registry=registry, options=Options(provenance=False))
    assert off.meta.provenance is None


def test_options_record_writer_options_and_paths_by_name_only(tmp_path: Path) -> None:
    from convert.writers.epub import EpubOptions

    rules = tmp_path / "secret" / "my_rules.toml"
    options = Options(
        rule_files=(rules,),
        enabled_steps=frozenset({"b", "a"}),
        writer_options={"epub": EpubOptions(split_level=2)},
        notices=False,
    )
    assert options_used(options) == (
        ("enabled_steps", "a, b"),
        ("rule_files", "my_rules.toml"),
        ("epub.split_level", "2"),
        ("notices", "false"),
    )
    assert options_used(Options()) == ()


# ------------------------------------------------------------------------------ Markdown


def test_markdown_front_matter_is_yaml_with_the_provenance(speech_outputs: Path) -> None:
    markdown = (speech_outputs / "speech.md").read_text(encoding="utf-8")
    fields = front_matter(markdown)
    assert fields["truncated"] is True and fields["pages"] == 6 and fields["pages_present"] == 2
    p = fields["docconv"]
    assert isinstance(p, dict)
    assert p["converted"] == EPOCH_ISO and p["version"] == __version__ and p["source"] == "speech.txt"
    assert p["sha256"] == hashlib.sha256(SPEECH.read_bytes()).hexdigest()
    assert p["reader"] == "text" and p["steps"][0] == "control-chars" and "paragraphs" in p["steps"]
    assert p["plugins"] == {"docconv": __version__}
    assert p["removals"]["furniture"] >= 1
    # the truncation notice ends the document, in Chinese
    assert markdown.rstrip("\n").endswith(
        f"<!-- docconv:notice truncated -->\n> **{ZH_LABEL[:-1]}**\uff1a{ZH_ENDS}\uff1a\u6b64\u4e3a\u8282\u9009\u9884\u89c8"
        "\uff0c\u539f\u6587\u5171 6 \u9875\uff0c\u8fd9\u91cc\u7ea6\u6709 2 \u9875\u3002"
    )


def test_pandoc_reads_the_front_matter_and_shows_the_notice(speech_outputs: Path) -> None:
    pandoc = require("pandoc")
    proc = subprocess.run(
        [pandoc, "-f", "markdown", "-t", "json", str(speech_outputs / "speech.md")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(proc.stdout)
    assert data["meta"]["docconv"]["t"] == "MetaMap"
    assert set(data["meta"]["docconv"]["c"]) >= {"sha256", "converted", "version", "steps", "source"}
    assert data["blocks"][-1]["t"] == "BlockQuote"  # (the truncation notice, shown as a quote)


def test_markdown_again_records_the_new_conversion_and_keeps_the_earlier_one(
    speech_outputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 60))
    first = speech_outputs / "speech.md"
    result = run("convert", first, "-o", tmp_path, "-j", "1")
    assert result.exit_code == 0, result.output
    again = (tmp_path / "speech.md").read_text(encoding="utf-8")
    p = front_matter(again)["docconv"]
    assert p["reader"] == "markdown" and p["source"] == "speech.md"
    assert p["sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    assert p["converted"] == "2025-12-01T03:05:05Z"
    earlier = p["derived_from"]
    assert earlier["source"] == "speech.txt" and earlier["reader"] == "text" and earlier["converted"] == EPOCH_ISO
    assert "derived_from" not in earlier
    # the rest is the same: the notice was read as a notice, not as text, and written again once
    assert without_provenance(again) == without_provenance(first.read_text(encoding="utf-8"))
    assert again.count("docconv:notice") == 1
    back = convert_text(again, name="again.md")
    assert "docconv" not in back.body_text and ZH_ENDS not in back.body_text


def test_a_warning_notice_is_read_back_as_the_warning() -> None:
    english = convert_text(ENGLISH.read_text(encoding="utf-8"), name="en.txt")
    assert english.warnings, "the English sample keeps a line that may be furniture"
    markdown = render_md(english)
    assert "<!-- docconv:notice warning -->\n> **Note:** docconv was unsure while cleaning: " in markdown
    back = convert_text(markdown, name="en.md")
    assert set(english.warnings) <= set(back.warnings)
    assert "unsure" not in back.body_text


def render_md(doc: Document, **options: bool) -> str:
    from convert.writers.markdown import MarkdownWriter

    out = io.BytesIO()
    MarkdownWriter().write(doc, out, Options(**options))
    return out.getvalue().decode("utf-8")


def test_hostile_provenance_values_stay_valid_yaml_and_inert() -> None:
    p = Provenance(
        source='a: "b" <img src=x onerror=alert(1)> #c\n- d',
        sha256="0" * 64,
        converted=EPOCH_ISO,
        version="1.0",
        steps=("x,y", "[z]"),
        options=(("rule_files", "*rules*.toml"),),
    )
    doc = Document(meta=Metadata(title="T", language="en", provenance=p), blocks=(Block(kind="paragraph", text="x"),))
    markdown = render_md(doc)
    fields = front_matter(markdown)["docconv"]
    assert fields["steps"] == ["x,y", "\\[z\\]"]  # (Markdown-escaped: pandoc reads YAML strings as Markdown)
    assert "\\<img" in fields["source"] and not re.search(r"(?<!\\)<img", fields["source"])  # (inert for pandoc)
    back = convert_text(markdown, name="h.md")
    assert back.meta.provenance is not None and back.meta.provenance.derived_from is not None
    earlier = back.meta.provenance.derived_from
    assert earlier.source == 'a: "b" <img src=x onerror=alert(1)> #c - d' and earlier.steps == ("x,y", "[z]")
    assert dict(earlier.options) == {"rule_files": "*rules*.toml"}


# ---------------------------------------------------------------------------------- DOCX


def test_docx_custom_properties_are_a_registered_part(speech_outputs: Path) -> None:
    import docx

    path = speech_outputs / "speech.docx"
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode("utf-8")
        rels = z.read("_rels/.rels").decode("utf-8")
        custom = etree.fromstring(z.read("docProps/custom.xml"))
    assert 'PartName="/docProps/custom.xml"' in types
    assert "application/vnd.openxmlformats-officedocument.custom-properties+xml" in types
    assert "relationships/custom-properties" in rels and 'Target="docProps/custom.xml"' in rels
    props = {p.get("name"): "".join(p.itertext()) for p in custom.findall("cp:property", CUSTOM)}
    assert props["docconv:sha256"] == hashlib.sha256(SPEECH.read_bytes()).hexdigest()
    assert props["docconv:converted"] == EPOCH_ISO and props["docconv:version"] == __version__
    assert props["docconv:source"] == "speech.txt" and props["docconv:reader"] == "text"
    assert "paragraphs" in props["docconv:steps"] and props["docconv:plugins"] == f"docconv {__version__}"
    pids = [int(p.get("pid")) for p in custom.findall("cp:property", CUSTOM)]
    assert pids == list(range(2, 2 + len(pids)))
    docx.Document(str(path))  # python-docx still opens it


def test_docx_truncation_notice_is_a_shaded_paragraph_at_the_end(speech_outputs: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(speech_outputs / "speech.docx"))
    paragraphs = document.paragraphs
    notice = [p for p in paragraphs if p.style.name == "Notice"]
    assert len(notice) == 1 and notice[0] is not None
    assert paragraphs[-1].style.name == "Notice" and paragraphs[-1].text.startswith(ZH_LABEL + ZH_ENDS)
    assert paragraphs[-1].runs[0].bold and paragraphs[-1].runs[0].text == ZH_LABEL
    ppr = document.styles["Notice"].element.pPr
    assert ppr.find(qn("w:shd")).get(qn("w:fill")) == "F2F2F2"
    assert ppr.find(qn("w:pBdr")) is not None
    assert ppr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"  # (no Chinese first-line indent)


def test_docx_top_notices_follow_the_title_and_can_be_left_out() -> None:
    import docx

    doc = Document(
        meta=Metadata(title="Report", language="en", damaged=True),
        blocks=(Block(kind="title", text="Report", level=1), Block(kind="paragraph", text="Body.")),
        warnings=("kept 2 line(s) that may be site furniture",),
    )
    out = io.BytesIO()
    DocxWriter().write(doc, out, Options())
    paragraphs = docx.Document(io.BytesIO(out.getvalue())).paragraphs
    assert [p.style.name for p in paragraphs] == ["Title", "Notice", "Notice", "Normal"]
    assert paragraphs[1].text == "Note: The source file was damaged: some text may be missing or garbled."
    assert paragraphs[2].text == "Note: docconv was unsure while cleaning: kept 2 line(s) that may be site furniture"
    quiet = io.BytesIO()
    DocxWriter().write(doc, quiet, Options(notices=False))
    assert [p.style.name for p in docx.Document(io.BytesIO(quiet.getvalue())).paragraphs] == ["Title", "Normal"]
    assert "docProps/custom.xml" not in zipfile.ZipFile(quiet).namelist()  # (no provenance: no properties)


def test_reference_docx_keeps_its_own_custom_properties(tmp_path: Path) -> None:
    import docx

    from convert.writers.docx import DocxOptions

    first = io.BytesIO()
    p = Provenance(source="a.txt", sha256="1" * 64, converted=EPOCH_ISO, version="0.0.1")
    doc = Document(meta=Metadata(title="T", language="en", provenance=p), blocks=(Block(kind="paragraph", text="x"),))
    DocxWriter().write(doc, first, Options())
    with zipfile.ZipFile(first) as z:  # a reference with a property of its own as well as docconv's
        members = {name: z.read(name) for name in z.namelist()}
    members["docProps/custom.xml"] = members["docProps/custom.xml"].replace(
        b"</Properties>",
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="99" name="Department">'
        b'<vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">Archive'
        b"</vt:lpwstr></property></Properties>",
    )
    reference = tmp_path / "ref.docx"
    with zipfile.ZipFile(reference, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    docx.Document(str(reference))
    newer = dataclasses.replace(p, sha256="2" * 64)
    out = io.BytesIO()
    options = Options(writer_options={"docx": DocxOptions(reference=reference)})
    DocxWriter().write(doc.with_meta(provenance=newer), out, options)
    custom = etree.fromstring(zipfile.ZipFile(out).read("docProps/custom.xml"))
    props = {p.get("name"): "".join(p.itertext()) for p in custom.findall("cp:property", CUSTOM)}
    assert props["Department"] == "Archive" and props["docconv:sha256"] == "2" * 64
    assert len([name for name in props if name == "docconv:sha256"]) == 1


def test_libreoffice_reads_the_custom_properties(speech_outputs: Path, tmp_path: Path) -> None:
    soffice = require("soffice")
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "fodt",
            "--outdir",
            str(tmp_path),
            str(speech_outputs / "speech.docx"),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    flat = (tmp_path / "speech.fodt").read_text(encoding="utf-8")
    sha = hashlib.sha256(SPEECH.read_bytes()).hexdigest()
    assert re.search(f'meta:name="docconv:sha256"( meta:value-type="string")?>{sha}<', flat)
    assert 'meta:name="docconv:converted" meta:value-type="date">2025-12-01T03:04:05' in flat


# ---------------------------------------------------------------------------------- EPUB


def test_epub_with_title_page_provenance_and_notices_passes_epubcheck(speech_outputs: Path) -> None:
    path = speech_outputs / "speech.epub"
    fatals, errors, warnings, output = run_epubcheck(path)
    assert (fatals, errors, warnings) == (0, 0, 0), output
    with zipfile.ZipFile(path) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        titlepage = etree.fromstring(z.read("EPUB/titlepage.xhtml"))
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        last = z.read("EPUB/chapter-003.xhtml").decode("utf-8")
    assert "docconv: https://" in opf.get("prefix")
    props = {m.get("property"): m.text for m in opf.iterfind("opf:metadata/opf:meta[@property]", OPF)}
    assert props["docconv:sha256"] == hashlib.sha256(SPEECH.read_bytes()).hexdigest()
    assert props["docconv:converted"] == EPOCH_ISO and props["docconv:reader"] == "text"
    assert props["dcterms:modified"] == "2024-01-12T00:00:00Z"  # (the document's own date)
    spine = [ref.get("idref") for ref in opf.iterfind("opf:spine/opf:itemref", OPF)]
    assert spine[0] == "titlepage"
    section = titlepage.find(f"{XHTML}body/{XHTML}section")
    assert section.get("{http://www.idpf.org/2007/ops}type") == "titlepage"
    lines = ["".join(p.itertext()) for p in section.iter(f"{XHTML}p")]
    assert lines[0].startswith("\u5728\u5e02\u4eba\u5927") and "2024-01-12" in lines
    assert "\u6765\u6e90\uff1aspeech.txt" in lines  # 来源：speech.txt
    assert any(line.startswith(ZH_LABEL + "\u6b64\u4e3a\u8282\u9009\u9884\u89c8") for line in lines)
    landmarks = {
        a.get("{http://www.idpf.org/2007/ops}type"): a.get("href")
        for a in nav.iterfind(f".//{XHTML}nav[@{{http://www.idpf.org/2007/ops}}type='landmarks']//{XHTML}a")
    }
    assert landmarks == {"titlepage": "titlepage.xhtml", "bodymatter": "chapter-001.xhtml"}
    assert 'class="docconv-notice"' in last and ZH_ENDS in last  # (the source ends here)


def test_undated_epub_is_modified_at_the_conversion_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    doc = convert_text("A Plain Note\n\nFirst paragraph of the note.\n", name="note.txt")
    assert doc.meta.date is None
    out = io.BytesIO()
    EpubWriter().write(doc, out, Options())
    opf = etree.fromstring(zipfile.ZipFile(out).read("EPUB/content.opf"))
    assert opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", OPF).text == EPOCH_ISO
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    bare = io.BytesIO()
    EpubWriter().write(doc.with_meta(provenance=None), bare, Options())
    opf = etree.fromstring(zipfile.ZipFile(bare).read("EPUB/content.opf"))
    assert opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", OPF).text == "1980-01-01T00:00:00Z"
    (tmp_path / "note.epub").write_bytes(out.getvalue())
    fatals, errors, warnings, output = run_epubcheck(tmp_path / "note.epub")
    assert (fatals, errors, warnings) == (0, 0, 0), output


def test_english_epub_title_page_and_notices_in_english(tmp_path: Path) -> None:
    doc = Document(
        meta=Metadata(title="Report", language="en", author="Jane Roe", source="r.txt", truncated=True),
        blocks=(Block(kind="title", text="Report", level=1), Block(kind="paragraph", text="Body.")),
    )
    out = io.BytesIO()
    EpubWriter().write(doc, out, Options())
    page = zipfile.ZipFile(out).read("EPUB/titlepage.xhtml").decode("utf-8")
    assert "Jane Roe" in page and "Source: r.txt" in page
    assert "<strong>Note:</strong> This is a truncated preview: the rest of the document is missing." in page
    (tmp_path / "r.epub").write_bytes(out.getvalue())
    fatals, errors, warnings, output = run_epubcheck(tmp_path / "r.epub")
    assert (fatals, errors, warnings) == (0, 0, 0), output


# ------------------------------------------------------------------------------- notices


def test_notice_language_follows_the_document() -> None:
    def first(language: str) -> str:
        doc = Document(meta=Metadata(language=language, truncated=True, pages=6, pages_present=2))
        [notice] = notices(doc)
        assert notice.bottom
        return notice.label + notice.gap + notice.text

    assert first("en") == "Note: The source ends here: about 2 of 6 pages are present (a truncated preview)."
    assert first("zh").startswith(ZH_LABEL + ZH_ENDS)
    assert first("zh-Hant").startswith(ZH_LABEL + "\u539f\u6587\u5230\u6b64\u7d50\u675f")  # 原文到此結束
    doc = Document(meta=Metadata(language="en", truncated=True), warnings=("truncated preview: stops mid-sentence",))
    assert [n.kind for n in notices(doc)] == ["truncated"]  # (the truncation warning is that notice)


# ------------------------------------------------------------------------------------ CLI


def test_source_date_epoch_gives_identical_bytes_across_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for folder in ("one", "two"):
        result = run("convert", SPEECH, ENGLISH, "-t", "md,docx,epub", "-o", tmp_path / folder, "-j", "1")
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert len(names) == 6
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 1))
    assert run("convert", SPEECH, "-t", "md", "-o", tmp_path / "three", "-j", "1").exit_code == 0
    assert (tmp_path / "three" / "speech.md").read_bytes() != (tmp_path / "one" / "speech.md").read_bytes()


def test_no_provenance_and_no_notices(tmp_path: Path) -> None:
    result = run("convert", SPEECH, "-t", "md,docx,epub", "-o", tmp_path, "--no-provenance", "--no-notices", "-j", "1")
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "speech.md").read_text(encoding="utf-8")
    assert "docconv" not in markdown and "truncated: true" in markdown
    assert "docProps/custom.xml" not in zipfile.ZipFile(tmp_path / "speech.docx").namelist()
    with zipfile.ZipFile(tmp_path / "speech.epub") as z:
        assert b"docconv:" not in z.read("EPUB/content.opf")
        assert b"docconv-notice" not in b"".join(z.read(n) for n in z.namelist() if n.endswith(".xhtml"))
    clean = run("clean", SPEECH, "--no-notices")
    assert clean.exit_code == 0 and "docconv:notice" not in clean.stdout and "docconv:" in clean.stdout


def test_a_bad_source_date_epoch_is_one_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("convert", SPEECH, "-o", tmp_path)
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH must be a whole number" in result.stderr
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())
    assert run("convert", SPEECH, "-o", tmp_path, "--no-provenance").exit_code == 0  # (no time recorded)


def test_report_and_inspect_json_include_the_provenance(speech_outputs: Path) -> None:
    report = json.loads((speech_outputs / "r.json").read_text(encoding="utf-8"))
    [entry] = report["files"]
    p = entry["provenance"]
    assert p["sha256"] == hashlib.sha256(SPEECH.read_bytes()).hexdigest() and p["converted"] == EPOCH_ISO
    assert p["steps"] == front_matter((speech_outputs / "speech.md").read_text(encoding="utf-8"))["docconv"]["steps"]
    assert "provenance" not in entry["metadata"]
    inspected = run("inspect", SPEECH, "--json")
    assert inspected.exit_code == 0
    assert json.loads(inspected.stdout)["provenance"]["reader"] == "text"


def test_sync_converts_again_when_provenance_is_switched_off(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "speech.txt").write_bytes(SPEECH.read_bytes())
    assert run("sync", tmp_path / "src", tmp_path / "dest", "-q").exit_code == 0
    assert "\ndocconv:\n" in (tmp_path / "dest" / "speech.md").read_text(encoding="utf-8")
    assert run("sync", tmp_path / "src", tmp_path / "dest", "-q", "--no-provenance").exit_code == 0
    assert "\ndocconv:\n" not in (tmp_path / "dest" / "speech.md").read_text(encoding="utf-8")
