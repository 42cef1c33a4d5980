"""The OCR hook: a recognizer plugin reads the pages without a text layer, and its words go
through the PDF reader's own layout analysis (headers, paragraphs, titles).

Real components throughout: a fake recognizer plugin written to a file and loaded with
``--plugin`` (or through the test kit), PDFs made here (Pillow for scans, reportlab for a
text page), the whole command line or pipeline. The fake recognizer returns fixed words per
page from a JSON file beside it.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from convert import ConversionError, Options, RecognizedWord, Recognizer
from convert.app.cli import cli
from convert.app.testing import convert_text, registry_with
from convert.core.ocr import LOW_CONFIDENCE, OCR_PLUGIN

PIL = pytest.importorskip("PIL.Image")

WIDTH, HEIGHT = 600, 800  # points (a scan at 72 dpi: one pixel a point)
BODY = 12.0
Word = tuple[str, float, float, float, float, float]  # text, x0, top, x1, bottom, confidence

PLUGIN = """\
import json
from pathlib import Path

from convert import ConversionError, RecognizedWord, Recognizer, hookimpl

PAGES = json.loads(Path({words!r}).read_text(encoding="utf-8"))


class Fake(Recognizer):
    name = "fake-ocr"
    description = "fixed words per page, for tests"
    languages = ("eng", "chi_sim")

    def recognize(self, pdf, page, width, height, languages):
        words = PAGES.get(str(page))
        if words == "fail":
            raise ConversionError("cannot render the page")
        return None if words is None else [RecognizedWord(*w) for w in words]


@hookimpl
def register_recognizers(register):
    register(Fake())
"""


# ----------------------------------------------------------------------------- inputs


def words_of(text: str, x: float, top: float, size: float = BODY, confidence: float = 95.0) -> list[Word]:
    """A printed line's words as a recognizer reports them: Latin words about half an em a
    letter with a third of an em between them; Chinese ones (1-3 Han characters, split by
    spaces in ``text``) an em a character with a small gap."""
    out: list[Word] = []
    for word in text.split():
        han = not word.isascii()
        width = len(word) * size * (1.0 if han else 0.5)
        out.append((word, x, top, x + width, top + size, confidence))
        x += width + size * (0.08 if han else 0.3)
    return out


def page_words(page: int, *, header: str | None = "ACME Quarterly Review", title: str | None = None) -> list[Word]:
    """A page of a report: a running header, an optional title, two paragraphs of three
    lines (the first line indented), a page number."""
    words: list[Word] = []
    if header:
        words += words_of(header, 72, 30, 9)
    top = 90.0
    if title:
        words += words_of(title, 150, top, 22)
        top += 60
    for para in range(2):
        for line in range(3):
            indent = 24 if line == 0 else 0
            text = f"paragraph {para + 1} of page {page} line {line + 1} says something rather plain here"
            text += "." if line == 2 else ""
            words += words_of(text, 72 + indent, top, BODY)
            top += 18
        top += 10
    words += words_of(str(page), 295, 760, 9)
    return words


def scan_pdf(pages: int = 1) -> bytes:
    """An image-only PDF: each page one grey image, no text layer."""
    images = [PIL.new("L", (WIDTH, HEIGHT), 255) for _ in range(pages)]
    for image in images:
        image.paste(128, (72, 90, 520, 300))
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=72.0, save_all=True, append_images=images[1:])
    return buf.getvalue()


def mixed_pdf() -> bytes:
    """Page 1 a text layer (reportlab), page 2 a scan (an image only)."""
    pytest.importorskip("reportlab")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(WIDTH, HEIGHT), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(72, HEIGHT - 100, "The typed first page opens the story.")
    c.showPage()
    image = PIL.new("L", (WIDTH, HEIGHT), 255)
    image.paste(128, (72, 90, 520, 300))
    c.drawImage(ImageReader(image), 0, 0, WIDTH, HEIGHT)
    c.showPage()
    c.save()
    return buf.getvalue()


def fake_plugin(tmp_path: Path, pages: dict[int, list[Word] | str]) -> Path:
    """The fake recognizer plugin as a file, returning ``pages``' words (other pages: declined;
    ``"fail"``: it raises ConversionError)."""
    words = tmp_path / "ocr_words.json"
    words.write_text(json.dumps({str(k): v for k, v in pages.items()}), encoding="utf-8")
    module = tmp_path / "fake_ocr.py"
    module.write_text(PLUGIN.format(words=str(words)), encoding="utf-8")
    return module


def run(args: list[str], plugin: Path | None = None) -> tuple[int, str, str]:
    """``docconv [--plugin PLUGIN] ARGS``: exit status, stdout, stderr."""
    result = CliRunner().invoke(cli, [*(["--plugin", str(plugin)] if plugin else []), *args])
    return result.exit_code, result.stdout, result.stderr


# ----------------------------------------------------------------------------- refusals


def test_without_a_recognizer_a_scan_is_refused_naming_the_plugin(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    code, out, err = run(["clean", str(pdf)])
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert OCR_PLUGIN in err and "no text layer" in err


def test_ocr_never_refuses_a_scan_even_with_a_recognizer(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    plugin = fake_plugin(tmp_path, {1: page_words(1)})
    code, _, err = run(["clean", str(pdf), "--ocr", "never"], plugin)
    assert code == 1 and OCR_PLUGIN in err


def test_ocr_always_without_a_recognizer_is_one_usage_error(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    code, out, err = run(["clean", str(pdf), "--ocr", "always"])
    assert code == 2 and out == ""
    assert OCR_PLUGIN in err and "--ocr always" in err


# ----------------------------------------------------------------------------- reading scans


def test_recognized_words_become_title_and_paragraphs(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    plugin = fake_plugin(tmp_path, {1: page_words(1, header=None, title="Annual Report")})
    code, out, err = run(["clean", str(pdf)], plugin)
    assert code == 0, err
    blocks = out.split("\n\n")
    assert "# Annual Report" in blocks and "title: Annual Report" in out, out
    assert "truncated" not in out
    paragraphs = [p for p in blocks if p.startswith("paragraph")]
    assert len(paragraphs) == 2, out
    assert paragraphs[0].startswith("paragraph 1 of page 1 line 1 says") and "line 3" in paragraphs[0]
    assert "\n" not in paragraphs[0].strip()  # the three lines joined into one paragraph


def test_a_running_header_on_scanned_pages_is_removed(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf(3))
    plugin = fake_plugin(tmp_path, {n: page_words(n) for n in (1, 2, 3)})
    code, out, err = run(["clean", str(pdf)], plugin)
    assert code == 0, err
    assert "ACME" not in out
    for page in (1, 2, 3):
        assert f"paragraph 2 of page {page} line 3" in out
    assert "\n2\n" not in out and not out.rstrip().endswith("3")  # the page numbers went too


def test_ocr_always_reads_a_text_page_with_the_recognizer(tmp_path: Path) -> None:
    pdf = tmp_path / "mixed.pdf"
    pdf.write_bytes(mixed_pdf())
    plugin = fake_plugin(tmp_path, {1: words_of("Recognized words replace the typed page.", 72, 90)})
    code, out, err = run(["clean", str(pdf), "--ocr", "always"], plugin)
    assert code == 0, err
    assert "Recognized words replace the typed page." in out
    assert "typed first page" not in out


def test_a_mixed_pdf_reads_each_page_its_own_way(tmp_path: Path) -> None:
    pdf = tmp_path / "mixed.pdf"
    pdf.write_bytes(mixed_pdf())
    plugin = fake_plugin(
        tmp_path,
        {
            1: words_of("Never asked for: page 1 has a text layer.", 72, 90),
            2: words_of("The scanned page ends it.", 72, 90),
        },
    )
    code, out, err = run(["clean", str(pdf)], plugin)
    assert code == 0, err
    first, second = out.find("The typed first page opens the story."), out.find("The scanned page ends it.")
    assert 0 <= first < second, out
    assert "Never asked" not in out


def test_a_declined_page_is_read_as_it_is(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    code, _, err = run(["clean", str(pdf)], fake_plugin(tmp_path, {}))
    assert code == 1 and "no text layer" in err


def test_a_page_the_recognizer_fails_on_is_reported_and_the_others_read(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf(2))
    code, out, err = run(["inspect", str(pdf)], fake_plugin(tmp_path, {1: page_words(1), 2: "fail"}))
    assert code == 0, err
    assert "1 page(s) could not be read: page 2:" in out
    assert "recognizer 'fake-ocr': cannot render the page" in out


def test_low_confidence_lines_are_one_warning_in_inspect(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    words = page_words(1, header=None) + words_of("smudged words nobody can read", 72, 400, confidence=31.0)
    code, out, err = run(["inspect", str(pdf)], fake_plugin(tmp_path, {1: words}))
    assert code == 0, err
    assert f"confidence below {LOW_CONFIDENCE:.0f}" in out, out
    assert '"smudged words nobody can read" (31)' in out


def test_low_confidence_lines_are_marked_in_the_audit_its_json_and_its_page(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    words = page_words(1, header=None) + words_of("smudged words nobody can read", 72, 400, confidence=31.0)
    plugin = fake_plugin(tmp_path, {1: words})
    code, out, err = run(["inspect", str(pdf)], plugin)
    assert code == 0, err
    [marked] = [line for line in out.splitlines() if "smudged words" in line and "<-" in line]
    assert "low OCR confidence 31" in marked, out
    assert sum("low OCR confidence" in line for line in out.splitlines()) == 1  # (the sure lines are not)
    code, out, err = run(["inspect", str(pdf), "--json"], plugin)
    assert code == 0, err
    unsure = [row for row in json.loads(out)["lines"] if "unsure" in row]
    assert [row["text"] for row in unsure] == ["smudged words nobody can read"]
    assert unsure[0]["unsure"].startswith("low OCR confidence 31")
    page = tmp_path / "audit.html"
    code, _, err = run(["inspect", str(pdf), "--html", str(page)], plugin)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    marked_rows = re.findall(r'<div class="ln [^"]*\bunsure\b[^"]*"[^>]*>.*?</div>', html)
    assert len(marked_rows) == 1 and "smudged words" in marked_rows[0], marked_rows
    assert 'id="f-unsure"' in html  # (a filter shows only them)
    assert "low OCR confidence 31: check against the page" in html


def test_a_chinese_line_ending_a_sentence_is_no_heading_however_large_its_boxes(tmp_path: Path) -> None:
    """A paragraph's short last line (``务岗位。``) whose scanned boxes measure larger than the
    text's is the paragraph's, not a heading."""
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf())
    sentence = "\u4e61\u6751 \u516c\u76ca \u6027 \u5c97\u4f4d \u7684 \u5f00\u53d1 \u548c \u7ba1\u7406 \u529e\u6cd5"
    # 乡村 公益 性 岗位 的 开发 和 管理 办法 (a line of the text, and its short last line, larger)
    last = "\u52a1 \u5c97\u4f4d\u3002"  # 务 岗位。
    words = words_of(sentence, 72, 90) + words_of(sentence, 72, 108) + words_of(last, 72, 126, BODY * 1.4)
    words += words_of(sentence, 96, 160) + words_of(sentence + "\u3002", 72, 178)
    plugin = fake_plugin(tmp_path, {1: words})
    code, out, err = run(["inspect", str(pdf)], plugin)
    assert code == 0, err
    rows = [line for line in out.splitlines() if "\u52a1\u5c97\u4f4d\u3002" in line]
    assert "title=\u52a1" not in out, out  # not the title either
    assert len(rows) == 1 and "heading" not in rows[0] and " # " not in rows[0], out


def test_chinese_words_are_joined_without_spaces() -> None:
    han = "\u6539\u9769 \u53d1\u5c55 \u7a33\u5b9a \u662f \u5f53\u524d \u5de5\u4f5c\u7684 \u91cd\u70b9"
    line = f"{han} {han}"
    words = words_of(line, 96, 90) + words_of(line, 72, 108) + words_of(f"{han} \u3002", 72, 126)
    doc = convert_text(scan_pdf(), name="scan.pdf", plugins=[_InMemory({1: words})])
    texts = [b.text for b in doc.blocks]
    assert "".join(texts) == han.replace(" ", "") * 5 + "\u3002", texts
    assert not any(" " in text for text in texts)


def test_chinese_words_with_uneven_gaps_get_no_spaces() -> None:
    """Tesseract cuts Chinese into words of one to three characters with gaps of a third to
    half an em between some of them (inside a word, none): those gaps are no word spaces
    (the first measurement on scans had 100 spaces per 1000 Han characters)."""
    han = "\u6539\u9769 \u53d1\u5c55 \u7a33\u5b9a \u662f \u5f53\u524d \u5de5\u4f5c\u7684 \u91cd\u70b9"
    words: list[Word] = []
    for row, top in enumerate((90.0, 108.0, 126.0)):
        x = 96.0 if row == 0 else 72.0
        for i, (text, x0, wtop, x1, bottom, conf) in enumerate(words_of(f"{han} {han}", x, top)):
            shift = BODY * (0.5 if i % 3 == 0 else 0.3 if i % 3 == 1 else 0.0) * (i + 1) / 10
            words.append((text, x0 + shift, wtop, x1 + shift, bottom, conf))
    doc = convert_text(scan_pdf(), name="scan.pdf", plugins=[_InMemory({1: words})])
    texts = [b.text for b in doc.blocks]
    assert not any(" " in text for text in texts), texts
    assert "".join(texts) == han.replace(" ", "") * 6, texts


def test_the_registry_offers_the_recognizer_and_the_reader_gets_it() -> None:
    plugin = _InMemory({1: words_of("Hello from the test kit.", 72, 90, confidence=88.0)})
    registry = registry_with(plugin)
    assert registry.recognizer() is plugin.recognizer
    doc = convert_text(scan_pdf(), name="scan.pdf", registry=registry)
    assert [b.text for b in doc.blocks] == ["Hello from the test kit."]
    assert doc.meta.pages_present == 1
    with pytest.raises(ConversionError) as refused:
        convert_text(scan_pdf(), name="scan.pdf", registry=registry, options=Options(ocr="never"))
    assert OCR_PLUGIN in str(refused.value)


class _InMemory:
    """A recognizer plugin as an object (the test kit registers its ``@hookimpl`` methods)."""

    def __init__(self, pages: dict[int, list[Word]]) -> None:
        pages_words = {n: [RecognizedWord(*w) for w in ws] for n, ws in pages.items()}

        class Fixed(Recognizer):
            name = "fixed-ocr"

            def recognize(
                self, pdf: bytes, page: int, width: float, height: float, languages: str
            ) -> list[RecognizedWord] | None:
                return pages_words.get(page)

        self.recognizer = Fixed()

    from convert import hookimpl as _hookimpl

    @_hookimpl
    def register_recognizers(self, register):  # type: ignore[no-untyped-def]
        register(self.recognizer)


def test_low_confidence_lines_are_in_the_report_of_a_batch(tmp_path: Path) -> None:
    """``convert`` reads in a worker process: the recognizer runs there, the warning reaches the report."""
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf(2))
    low = words_of("blurred stamp text", 72, 400, confidence=42.0)
    plugin = fake_plugin(tmp_path, {1: page_words(1) + low, 2: page_words(2)})
    report = tmp_path / "r.json"
    code, _, err = run(["convert", str(pdf), "-o", str(tmp_path / "out"), "--report", str(report)], plugin)
    assert code == 0, err
    [entry] = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert entry["status"] == "converted"
    assert any('"blurred stamp text" (42)' in w for w in entry["warnings"]), entry["warnings"]
    out = (tmp_path / "out" / "scan.md").read_text(encoding="utf-8")
    assert "paragraph 2 of page 2 line 3" in out and "ACME" not in out
