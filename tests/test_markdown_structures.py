"""Tables, figures, lists and footnotes in Markdown (issue 14): pipe tables (HTML where cells
span), images written beside the output and linked, ``--no-images``, ``--images-dir``,
nested lists and ``[^N]`` notes; read back with markdown-it, lxml and pandoc."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner, Result
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from convert.app.cli import cli
from convert.app.images import safe_image_name
from convert.app.inputs import Job
from convert.app.session import Session
from convert.app.staging import write_job_outputs
from convert.app.testing import registry_with
from convert.core.contracts import ConversionError, Options
from convert.core.model import (
    Block,
    Cell,
    Document,
    Figure,
    Footnote,
    ListItem,
    Metadata,
    Origin,
    make_list,
    make_table,
)
from convert.writers._notes import link_notes
from convert.writers.markdown import MarkdownWriter, render

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
gfm = MarkdownIt("commonmark").enable("table")
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def body(doc: Document) -> str:
    """The Markdown after the front matter."""
    return render(doc).split("---\n", 2)[2]


def para(text: str, line: int) -> Block:
    return Block(kind="paragraph", text=text, origins=(Origin(line),))


def pipe_cells(markdown: str) -> list[list[str]]:
    """The cells of the first table a GFM renderer finds in ``markdown`` (header row first)."""
    rows: list[list[str]] = []
    for token in gfm.parse(markdown):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(token.content)
    return rows


def pandoc_tables(markdown: str) -> list[list[list[str]]]:
    """Each table pandoc reads in ``markdown``: its rows (head, then body) of cell texts."""
    out = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json"], input=markdown.encode(), capture_output=True, check=True
    )
    return [_rows(block) for block in json.loads(out.stdout)["blocks"] if block["t"] == "Table"]


def _stringify(node: object) -> str:
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "Str":
            return str(node["c"])
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return "\n"
        return _stringify(node.get("c", []))
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    return ""


def _rows(table: dict) -> list[list[str]]:
    _, _, _, head, bodies, _ = table["c"]
    rows = [row for row in head[1]] + [row for b in bodies for row in b[3]]
    return [[_stringify(cell[4]) for cell in row[1]] for row in rows]


# tables -----------------------------------------------------------------------------------


def test_pipe_table_keeps_cells_escaped_and_line_breaks() -> None:
    table = make_table(
        [["\u9879\u76ee", "a|b"], ["*x*", "12\n34"], ["1. one", "<b>"]], header_rows=1, origins=(Origin(2),)
    )
    md = body(Document(blocks=(para("Before.", 1), table)))
    assert "| \u9879\u76ee | a\\|b |" in md
    assert pipe_cells(md) == [["\u9879\u76ee", "a|b"], ["\\*x\\*", "12 <br>34"], ["1. one", "\\<b\\>"]]
    html = gfm.render(md)
    assert "<th>a|b</th>" in html and "<td>*x*</td>" in html and "<td>12 <br>34</td>" in html and "&lt;b&gt;" in html


def test_table_without_header_rows_gets_an_empty_header() -> None:
    md = body(Document(blocks=(make_table([["a", "b"], ["1", "2"]]),)))
    assert pipe_cells(md) == [["", ""], ["a", "b"], ["1", "2"]]


def test_several_header_rows_keep_their_rows() -> None:
    """Several header rows are an HTML table with each row kept (merging them into one pipe
    header row put data rows into header cells when a page marked every row with <th>)."""
    table = make_table([["Year", "Cost"], ["", "(million)"], ["2020", "3"]], header_rows=2)
    md = body(Document(blocks=(table,)))
    (element,) = lxml_html.fragment_fromstring(md.strip(), create_parent="div").findall("table")
    head = [[c.text or "" for c in tr] for tr in element.find("thead").iter("tr")]
    rows = [[c.text or "" for c in tr] for tr in element.find("tbody").iter("tr")]
    assert head == [["Year", "Cost"], ["", "(million)"]] and rows == [["2020", "3"]]


def test_spanned_table_is_html_with_its_spans() -> None:
    table = make_table(
        [
            [Cell(text="Region", rowspan=2), Cell(text="Budget & cost", colspan=2)],
            ["2020", "2021"],
            ["North", "1", "2"],
        ],
        header_rows=2,
        caption="\u88681 Spans",
    )
    md = body(Document(blocks=(table,)))
    assert "|" not in md
    (element,) = lxml_html.fragment_fromstring(md.strip(), create_parent="div").findall("table")
    cells = [[(c.text, c.get("colspan"), c.get("rowspan")) for c in tr] for tr in element.iter("tr")]
    assert cells == [
        [("Region", None, "2"), ("Budget & cost", "2", None)],
        [("2020", None, None), ("2021", None, None)],
        [("North", None, None), ("1", None, None), ("2", None, None)],
    ]
    assert element.find("caption").text == "\u88681 Spans"
    assert [th.text for th in element.find("thead").iter("th")] == ["Region", "Budget & cost", "2020", "2021"]


@needs_pandoc
def test_pandoc_reads_the_pipe_table_back_with_its_cells_and_caption() -> None:
    rows = [["\u5e8f\u53f7", "\u6307\u6807", "Value"], ["1", "\u4eba\u53e3|\u603b\u6570", "3.5"], ["2", "", "*"]]
    table = make_table(rows, header_rows=1, caption="\u88681 Indicators")
    md = render(Document(blocks=(para("Intro.", 1), table, para("After.", 3))))
    assert pandoc_tables(md) == [rows]
    out = subprocess.run(["pandoc", "-f", "markdown", "-t", "html"], input=md.encode(), capture_output=True, check=True)
    assert "<caption>\u88681 Indicators</caption>" in out.stdout.decode()


@needs_pandoc
def test_pandoc_reads_the_spanned_table_back() -> None:
    table = make_table([[Cell(text="a", colspan=2)], ["b", "c"]], header_rows=1)
    md = body(Document(blocks=(table,)))
    out = subprocess.run(["pandoc", "-f", "html", "-t", "json"], input=md.encode(), capture_output=True, check=True)
    (found,) = [b for b in json.loads(out.stdout)["blocks"] if b["t"] == "Table"]
    assert _rows(found) == [["a"], ["b", "c"]]
    head_cell = found["c"][3][1][0][1][0]
    assert head_cell[3] == 2  # colspan


# lists ------------------------------------------------------------------------------------


def test_lists_nest_and_ordered_lists_keep_their_start() -> None:
    items = [
        ListItem(text="first", ordered=True),
        ListItem(text="a bullet", depth=1),
        ListItem(text="# not a heading", depth=1),
        ListItem(text="second", ordered=True),
        ListItem(text="3. sub step", depth=1, ordered=True),
    ]
    md = body(Document(blocks=(make_list(items, ordered=True, start=9),)))
    tokens = gfm.parse(md)
    opens = [(t.type, t.level, t.attrs.get("start")) for t in tokens if t.type.endswith("_list_open")]
    assert opens == [("ordered_list_open", 0, 9), ("bullet_list_open", 2, None), ("ordered_list_open", 2, None)]
    texts = [t.content for t in tokens if t.type == "inline"]
    assert texts == ["first", "a bullet", "\\# not a heading", "second", "3\\. sub step"]
    html = gfm.render(md)
    assert "<li># not a heading</li>" in html and "<li>3. sub step</li>" in html
    assert "10. second" in md


# footnotes --------------------------------------------------------------------------------


def _noted() -> Document:
    return Document(
        meta=Metadata(language="en"),
        blocks=(
            para("In 2021 output grew by 5.1 percent, the fastest in years1.", 1),
            para("\u53bb\u5e74\u589e\u957f\u2460\uff0c\u8d85\u8fc7\u9884\u671f\u3002", 2),
            para("See the note [3] here.", 3),
            Footnote(text="Figures for 2021.", marker="1", ref=Origin(1), origins=(Origin(10),)),
            Footnote(text="\u6309\u53ef\u6bd4\u4ef7\u683c\u8ba1\u7b97\u3002", marker="\u2460", origins=(Origin(11),)),
            Footnote(text="Bracketed.", marker="[3]", origins=(Origin(12),)),
            Footnote(text="Nobody refers to me.", marker="9", origins=(Origin(13),)),
        ),
    )


def test_note_links_find_each_marker() -> None:
    doc = _noted()
    links = link_notes(doc.blocks)
    assert links.numbers == {3: 1, 4: 2, 5: 3, 6: 4}
    text = doc.blocks[0].text
    ((start, end, number),) = links.spans[0]
    assert (text[start - 5 : end], number) == ("years1", 1)  # not the 1 of 2021 or 5.1
    assert links.spans[1] == ((4, 5, 2),) and links.spans[2] == ((13, 16, 3),)
    assert links.unreferenced == (4,)


def test_footnotes_are_linked_and_defined_at_the_end() -> None:
    md = body(_noted())
    assert "In 2021 output grew by 5.1 percent, the fastest in years[^1]." in md
    assert "\u53bb\u5e74\u589e\u957f[^2]\uff0c" in md and "See the note [^3] here." in md
    tail = md.rstrip("\n").split("\n\n")[-4:]
    assert tail == [
        "[^1]: Figures for 2021.",
        "[^2]: \u6309\u53ef\u6bd4\u4ef7\u683c\u8ba1\u7b97\u3002",
        "[^3]: Bracketed.",
        "[^4]: Nobody refers to me.",
    ]
    assert md.count("[^4]") == 1  # defined, never referenced


@needs_pandoc
def test_pandoc_reads_the_notes() -> None:
    out = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json"], input=render(_noted()).encode(), capture_output=True, check=True
    )
    notes = [_stringify(n["c"]) for n in _walk(json.loads(out.stdout)["blocks"]) if n.get("t") == "Note"]
    assert notes == ["Figures for 2021.", "\u6309\u53ef\u6bd4\u4ef7\u683c\u8ba1\u7b97\u3002", "Bracketed."]


def _walk(node: object) -> list[dict]:
    found: list[dict] = []
    if isinstance(node, dict):
        found.append(node)
        found += _walk(node.get("c"))
    elif isinstance(node, list):
        for n in node:
            found += _walk(n)
    return found


# figures: the writer ------------------------------------------------------------------------


def test_figure_links_its_file_and_keeps_its_caption() -> None:
    fig = Figure(text="Figure 1: Growth", caption="Figure 1: Growth", data=PNG, path="a_files/fig%201.png")
    md = body(Document(blocks=(fig,)))
    assert md.strip() == "![Figure 1: Growth](a_files/fig%201.png)\n\n*Figure 1: Growth*"


def test_figure_without_a_file_is_its_caption() -> None:
    fig = Figure(text="\u56fe1 \u793a\u610f", caption="\u56fe1 \u793a\u610f", alt="x")
    assert body(Document(blocks=(fig,))).strip() == "\u56fe1 \u793a\u610f"


# figures: the core ------------------------------------------------------------------------


def _figures_doc() -> Document:
    return Document(
        meta=Metadata(title="Report", language="en"),
        blocks=(
            para("Text before the chart.", 1),
            Figure(text="Figure 1: Chart", caption="Figure 1: Chart", data=PNG, media_type="image/png", name="chart"),
            Figure(text="evil", data=b"GIF89a", media_type="image/gif", name="../../../evil.gif"),
            Figure(text="dup", caption="Second", data=b"2", media_type="image/png", name="chart.png"),
            Figure(text="Figure 4: gone", caption="Figure 4: gone"),
        ),
    )


def _job(tmp_path: Path, name: str = "report") -> Job:
    src = tmp_path / f"{name}.txt"
    src.write_text("x", encoding="utf-8")
    return Job(path=src, display=src.name, outdir=tmp_path / "out", name=name, rel=src.name)


def _linked(md_path: Path) -> list[Path]:
    """The files the images of the Markdown at ``md_path`` point to."""
    tokens = gfm.parse(md_path.read_text(encoding="utf-8"))
    srcs = [c.attrs["src"] for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "image"]
    return [md_path.parent / unquote(str(s)) for s in srcs]


def test_images_are_written_beside_the_output_and_linked(tmp_path: Path) -> None:
    session = Session.create(registry_with(), Options(), [MarkdownWriter()])
    job = _job(tmp_path)
    assert write_job_outputs(job, _figures_doc(), session) == [tmp_path / "out" / "report.md"]
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert files == ["report.md", "report_files/chart-2.png", "report_files/chart.png", "report_files/evil.gif"]
    linked = _linked(tmp_path / "out" / "report.md")
    assert [p.read_bytes() for p in linked] == [PNG, b"GIF89a", b"2"]
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "\n\nFigure 4: gone\n" in md  # no data: the caption alone
    assert not list(tmp_path.rglob(".*.part"))


def test_images_dir_is_relative_to_the_output_folder(tmp_path: Path) -> None:
    options = Options(images_dir=Path("img dir"))
    session = Session.create(registry_with(), options, [MarkdownWriter()])
    write_job_outputs(_job(tmp_path), _figures_doc(), session)
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "](img%20dir/report-chart.png)" in md
    assert [p.name for p in _linked(tmp_path / "out" / "report.md")] == [
        "report-chart.png",
        "report-evil.gif",
        "report-chart-2.png",
    ]
    assert all(p.is_file() for p in _linked(tmp_path / "out" / "report.md"))


def test_image_names_from_the_input_stay_plain_file_names() -> None:
    assert safe_image_name("../../etc/passwd", "image/png", 1) == "passwd.png"
    assert safe_image_name("..\\..\\x.JPG", "", 1) == "x.jpg"
    assert safe_image_name(".hidden", "image/png", 2) == "hidden.png"
    assert safe_image_name("", "image/jpeg", 3) == "figure-3.jpg"
    assert safe_image_name("a b;rm -rf.png", "", 1) == "a_b_rm_-rf.png"
    assert safe_image_name("\u56fe\u72471.png", "", 1) == "\u56fe\u72471.png"
    assert len(safe_image_name("x" * 400 + ".png", "", 1)) <= 120


FAILING_WRITER = """
from convert import Writer, hookimpl

class Failing(Writer):
    name = "boom"
    description = "fails"
    extension = ".boom"

    def write(self, doc, out, options):
        raise RuntimeError("no")

@hookimpl
def register_writers(register):
    register(Failing())
"""


def test_a_failed_job_leaves_no_image_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "failing_plugin.py").write_text(FAILING_WRITER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = registry_with("failing_plugin")
    session = Session.create(registry, Options(), [MarkdownWriter(), registry.writer("boom")])
    with pytest.raises(ConversionError):
        write_job_outputs(_job(tmp_path), _figures_doc(), session)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


def test_images_are_not_written_through_a_linked_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report_files").symlink_to(elsewhere, target_is_directory=True)
    session = Session.create(registry_with(), Options(), [MarkdownWriter()])
    with pytest.raises(ConversionError, match="symbolic link"):
        write_job_outputs(_job(tmp_path), _figures_doc(), session)
    assert not any(elsewhere.iterdir()) and not (tmp_path / "out" / "report.md").exists()


# the command line ---------------------------------------------------------------------------

#: A real 4 x 3 PNG (a figure whose bytes are no image is written as its caption only).
REAL_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04\x00\x00\x00\x03\x08\x02\x00\x00\x00;\x969\x91\x00\x00\x00\x14IDATx\x9cc<!'\xc7\x00\x03L\x0cH\x00\x85\x03\x00&\xda\x01\n@\x00;\x0f\x00\x00\x00\x00IEND\xaeB`\x82"

FIGURE_READER = """
from convert import Reader, hookimpl
from convert.core.model import Document, Figure, Line, Origin

class FigureReader(Reader):
    name = "fig"
    description = "lines and one figure per file, for tests"
    extensions = (".fig",)

    def read(self, source, options):
        lines = tuple(Line(text=t, origin=Origin(i + 1)) for i, t in enumerate(source.data.decode().splitlines()))
        figures = (
            Figure(text="Figure 1: The chart", caption="Figure 1: The chart", data=REAL_PNG_BYTES,
                   media_type="image/png", name="chart.png", origins=(Origin(2),)),
            Figure(text="Figure 2: Lost", caption="Figure 2: Lost", origins=(Origin(3),)),
        )
        return Document(lines=lines, structures=figures)

@hookimpl
def register_readers(register):
    register(FigureReader())
""".replace("REAL_PNG_BYTES", repr(REAL_PNG))

TEXT = (
    "The first paragraph of the report is long enough to be body text, and it goes on.\n\n"
    "The last paragraph of the report comes after the figures and ends the document here.\n"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def fig_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "fig_plugin.py").write_text(FIGURE_READER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "in").mkdir()
    src = tmp_path / "in" / "a.fig"
    src.write_text(TEXT, encoding="utf-8")
    return src


def test_convert_writes_images_beside_the_markdown(tmp_path: Path, fig_input: Path) -> None:
    out = tmp_path / "out"
    result = run("--plugin", "fig_plugin", "convert", fig_input, "-o", out, "-t", "md,docx", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (out / "a_files" / "chart.png").read_bytes() == REAL_PNG
    md = (out / "a.md").read_text(encoding="utf-8")
    assert "![Figure 1: The chart](a_files/chart.png)" in md and "\n\nFigure 2: Lost\n" in md
    assert "1 of 2 figure(s) without readable image data: only their captions are written" in result.stderr


def test_no_images_keeps_captions_and_records_the_removals(tmp_path: Path, fig_input: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "run.json"
    result = run(
        "--plugin", "fig_plugin", "convert", fig_input, "-o", out, "-t", "md,docx", "--no-images", "--report", report
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "a.md"]
    md = (out / "a.md").read_text(encoding="utf-8")
    assert "![" not in md and "\n\nFigure 1: The chart\n" in md and "\n\nFigure 2: Lost\n" in md
    (record,) = json.loads(report.read_text(encoding="utf-8"))["files"]
    dropped = [r for r in record["removals"] if r["kind"] == "figure"]
    assert [r["text"] for r in dropped] == ["chart.png", "Figure 2: Lost"]
    assert "without image data" not in result.stderr


def test_images_dir_option(tmp_path: Path, fig_input: Path) -> None:
    out = tmp_path / "out"
    result = run("--plugin", "fig_plugin", "convert", fig_input, "-o", out, "--images-dir", "media")
    assert result.exit_code == 0, result.output
    assert (out / "media" / "a-chart.png").read_bytes() == REAL_PNG
    assert "](media/a-chart.png)" in (out / "a.md").read_text(encoding="utf-8")


def test_sync_carries_images_too(tmp_path: Path, fig_input: Path) -> None:
    dest = tmp_path / "dest"
    result = run("--plugin", "fig_plugin", "sync", fig_input.parent, dest)
    assert result.exit_code == 0, result.output
    assert (dest / "a_files" / "chart.png").is_file()
    assert os.path.exists(dest / "a.md")


def test_clean_on_stdout_keeps_captions_and_warns(fig_input: Path) -> None:
    result = run("--plugin", "fig_plugin", "clean", fig_input, "--timeout", "0")
    assert result.exit_code == 0, result.output
    assert "![" not in result.stdout and "Figure 1: The chart" in result.stdout
    assert "1 figure(s) written as their captions only: this output cannot carry image files" in result.stderr


def test_a_killed_run_s_image_temporaries_are_removed(tmp_path: Path) -> None:
    from convert.app.staging import remove_partial

    job = _job(tmp_path)
    folder = tmp_path / "out" / "report_files"
    folder.mkdir(parents=True)
    dead = folder / ".chart.png.999999999-abcdef12.part"
    dead.write_bytes(b"x")
    kept = folder / "chart.png"
    kept.write_bytes(b"y")
    assert remove_partial(job, [MarkdownWriter()]) == 1
    assert not dead.exists() and kept.exists()


def test_a_figure_path_cannot_break_out_of_its_link() -> None:
    fig = Figure(text="c", caption="c", data=PNG, path="x) <script>alert(1)</script> (y")
    (link,) = [line for line in body(Document(blocks=(fig,))).splitlines() if line.startswith("![")]
    assert link == "![c](x%29%20%3Cscript%3Ealert%281%29%3C/script%3E%20%28y)"


def test_a_number_marker_is_also_found_bracketed_or_superscript() -> None:
    from convert.writers._notes import find_marker

    assert find_marker("cost[1] and 1", "1") == (4, 7)
    assert find_marker("cost\u00b9 in 2021", "1") == (4, 5)
    assert find_marker("in 2021 and 1.5", "1") is None


def test_two_lists_in_a_row_stay_two_lists() -> None:
    first = make_list([ListItem(text="a"), ListItem(text="b")], ordered=False)
    second = make_list([ListItem(text="c")], ordered=False)
    md = body(Document(blocks=(first, second)))
    assert [t.type for t in gfm.parse(md) if t.type.endswith("list_open")] == ["bullet_list_open"] * 2


def test_an_image_folder_name_too_long_fails_in_one_line(tmp_path: Path) -> None:
    name = "\u8bb2" * 83 + "ab"  # NAME.md fits (254 bytes), NAME_files does not (257)
    session = Session.create(registry_with(), Options(), [MarkdownWriter()])
    with pytest.raises(ConversionError, match="File name too long"):
        write_job_outputs(_job(tmp_path, name), _figures_doc(), session)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_sync_converts_again_when_no_images_is_given(tmp_path: Path, fig_input: Path) -> None:
    dest = tmp_path / "dest"
    assert run("--plugin", "fig_plugin", "sync", fig_input.parent, dest).exit_code == 0
    again = run("--plugin", "fig_plugin", "sync", fig_input.parent, dest)
    assert again.exit_code == 0 and "1 unchanged" in again.stderr
    result = run("--plugin", "fig_plugin", "sync", fig_input.parent, dest, "--no-images")
    assert result.exit_code == 0 and "1 converted" in result.stderr, result.stderr
    assert "![" not in (dest / "a.md").read_text(encoding="utf-8")


def test_a_heading_with_a_note_keeps_its_trailing_hash() -> None:
    heading = Block(kind="heading", text="Results1 in C #", level=2, origins=(Origin(1),))
    note = Footnote(text="n", marker="1", ref=Origin(1), origins=(Origin(2),))
    md = body(Document(blocks=(heading, note)))
    assert "## Results[^1] in C \\#" in md
    assert next(t.content for t in gfm.parse(md) if t.type == "inline") == "Results[^1] in C \\#"


@needs_pandoc
def test_dollars_stay_text_for_pandoc() -> None:
    row = ["C 280000,$,@66.87, BEING TRF", "x$"]
    md = render(Document(blocks=(make_table([["a", "b"], row], header_rows=1), para("From $5 to $a$ b.", 2))))
    assert pandoc_tables(md) == [[["a", "b"], row]]
    out = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "plain"], input=md.encode(), capture_output=True, check=True
    )
    assert "From $5 to $a$ b." in out.stdout.decode()
