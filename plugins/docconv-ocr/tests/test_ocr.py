"""docconv-ocr end to end: scans made here, read by ``python -m convert`` with the plugin installed.

The scans are printed with Pillow by ``ocr_scans`` (beside this file; ``scripts/eval_ocr.py``
uses it too: Noto CJK, the paragraphs of the shared corpus's gold files), given light noise,
a blur and a 1.5 degree skew, and packed into image-only PDFs (a PNG, a PDF with a typed page
and a scanned one; a whole gold document with a watermark, a running header and page
numbers). The recognized text is compared with the gold text as the character error rate
(Levenshtein distance / gold length; Chinese without whitespace, English with whitespace
collapsed); the whole document also as the furniture leak (``score.py``). The measured
rates are printed (``pytest -s``).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docconv_ocr import ImageReader, TesseractRecognizer, deskew, full_width_punctuation, image_pdf, skew_angle

from convert import Options, RecognizedWord
from convert.app.testing import check_reader

Image = pytest.importorskip("PIL.Image")
pytest.importorskip("rapidfuzz")

if shutil.which("tesseract") is None:
    pytest.skip("tesseract is not installed", allow_module_level=True)

import ocr_scans  # noqa: E402  (Pillow and rapidfuzz are there, checked above)
from ocr_scans import GOLD, LANGS, SKEW, body, cer, pdf_of  # noqa: E402

if ocr_scans.font_path() is None:
    pytest.skip("no Noto CJK font (fonts-noto-cjk)", allow_module_level=True)

#: CER limits: (language, dpi) -> the largest rate allowed.
LIMITS = {("zh", 300): 0.02, ("en", 300): 0.01, ("zh", 150): 0.05, ("en", 150): 0.03}
MEASURED: dict[tuple[str, int], float] = {}


def gold_paragraphs(lang: str, count: int = 8) -> list[str]:
    """The first ``count`` body paragraphs (no front matter, no headings) of a gold file."""
    if not (GOLD / f"dev-{lang}-01.md").exists():
        pytest.skip(f"{GOLD} is absent (../shared not present)")
    return ocr_scans.gold_paragraphs(lang, count)


def scan(paras: list[str], chinese: bool, size: tuple[int, int | None] = ocr_scans.A4, seed: int = 1):  # type: ignore[no-untyped-def]
    return ocr_scans.scan(paras, chinese, size, seed)


def docconv(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(
        [sys.executable, "-m", "convert", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True
    )


def convert_md(path: Path, *options: str) -> str:
    out = path.parent / "out"
    result = docconv(
        "convert", path, "-t", "md", "-o", out, "--no-provenance", "--no-notices", *options, cwd=path.parent
    )
    assert result.returncode == 0, result.stderr
    return (out / f"{path.stem}.md").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- units


def test_full_width_punctuation_only_next_to_han() -> None:
    assert full_width_punctuation("\u540c\u5fd7\u4eec:") == "\u540c\u5fd7\u4eec\uff1a"
    assert full_width_punctuation("(\u4e00)") == "\uff08\u4e00\uff09"
    assert full_width_punctuation("\u4e86,\u8fd8") == "\u4e86\uff0c\u8fd8"
    assert full_width_punctuation("3:1,f(x)!") == "3:1,f(x)!"
    assert full_width_punctuation("2019)") == "2019)"
    # a mark Tesseract made a word of its own: its neighbours on the line decide
    assert full_width_punctuation(":", before="\u540c\u5fd7\u4eec", after="") == "\uff1a"
    assert full_width_punctuation(";", before="abc", after="\u90e8\u5206") == "\uff1b"
    assert full_width_punctuation(":", before="3", after="1") == ":"


def test_deskew_finds_the_skew() -> None:
    page = scan(gold_paragraphs("en", 3), chinese=False, size=(1240, None))
    assert abs(skew_angle(page) + SKEW) <= 0.2
    assert abs(skew_angle(deskew(page))) <= 0.2


def test_image_pdf_keeps_every_frame_of_a_tiff() -> None:
    frames = [Image.new("L", (600, 300), 255), Image.new("L", (600, 300), 200)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(150, 150))
    import pypdfium2

    document = pypdfium2.PdfDocument(image_pdf(buf.getvalue()))
    assert len(document) == 2
    assert round(document[0].get_width()) == 600 * 72 // 150  # the TIFF's own 150 dpi
    document.close()


def test_recognizer_returns_words_in_points() -> None:
    page = scan(gold_paragraphs("en", 2), chinese=False, size=(1240, None))
    pdf = pdf_of(page, 300)
    width, height = page.width * 72 / 300, page.height * 72 / 300
    words = TesseractRecognizer().recognize(pdf, 1, width, height, "eng")
    assert words and all(isinstance(w, RecognizedWord) for w in words)
    assert all(0 <= w.x0 < w.x1 <= width + 1 and 0 <= w.top < w.bottom <= height + 1 for w in words)
    assert all(w.confidence is None or 0 <= w.confidence <= 100 for w in words)
    assert 8 < sum(w.height for w in words) / len(words) < 18  # 12 pt type
    assert "eng" in TesseractRecognizer().languages


def test_image_reader_keeps_the_reader_contract() -> None:
    paras = gold_paragraphs("en", 1)
    buf = io.BytesIO()
    scan(paras, chinese=False, size=(2480, None)).save(buf, "PNG", dpi=(300, 300))
    options = Options(recognizer=TesseractRecognizer(), ocr_languages="eng")
    docs = check_reader(ImageReader(), {"page.png": buf.getvalue()}, options=options)
    text = " ".join(line.text for line in docs["page.png"].lines)
    assert cer(text, paras[0], chinese=False) <= 0.02, text


# ----------------------------------------------------------------------------- end to end


@pytest.mark.parametrize(("lang", "dpi"), [("zh", 300), ("en", 300), ("zh", 150), ("en", 150)])
def test_scanned_pdf_cer(tmp_path: Path, lang: str, dpi: int) -> None:
    if LANGS[lang] not in TesseractRecognizer().languages:
        pytest.skip(f"Tesseract's {LANGS[lang]} model is not installed")
    chinese = lang == "zh"
    paras = gold_paragraphs(lang)
    path = tmp_path / f"scan-{lang}-{dpi}.pdf"
    path.write_bytes(pdf_of(scan(paras, chinese), dpi))
    found = body(convert_md(path, "--ocr-lang", LANGS[lang]))
    rate = cer(found, "\n".join(paras), chinese)
    MEASURED[(lang, dpi)] = rate
    print(f"\nCER {lang} {dpi} dpi: {rate:.2%}")
    assert rate <= LIMITS[(lang, dpi)], found


def test_plugins_lists_the_recognizer_and_reader(tmp_path: Path) -> None:
    result = docconv("plugins", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (ocr,) = [p for p in json.loads(result.stdout) if p["name"] == "ocr"]
    assert ocr["package"] == "docconv-ocr"
    assert ocr["recognizers"] == ["tesseract"]
    assert ocr["readers"] == ["image"]


def test_png_input_converts(tmp_path: Path) -> None:
    paras = gold_paragraphs("en", 2)
    path = tmp_path / "page.png"
    scan(paras, chinese=False, size=(2480, None)).save(path, dpi=(300, 300))
    found = body(convert_md(path, "--ocr-lang", "eng"))
    assert cer(found, "\n".join(paras), chinese=False) <= 0.02, found


def test_mixed_pdf_reads_the_typed_and_the_scanned_page(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    paras = gold_paragraphs("en", 2)
    typed = "The typed first page opens the story."
    page = scan(paras, chinese=False, size=(2480, None))
    width, height = 595.0, page.height * 72 / 300
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(72, height - 72, typed)
    c.showPage()
    c.drawImage(ImageReader(page), 0, 0, width, height)
    c.showPage()
    c.save()
    path = tmp_path / "mixed.pdf"
    path.write_bytes(buf.getvalue())
    found = body(convert_md(path, "--ocr-lang", "eng"))
    assert typed in found
    assert cer(found.replace(typed, ""), "\n".join(paras), chinese=False) <= 0.02, found


def test_ocr_never_refuses_an_image(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.new("L", (300, 100), 255).save(path)
    result = docconv("convert", path, "-t", "md", "-o", tmp_path / "out", "--ocr", "never", cwd=tmp_path)
    assert result.returncode != 0
    assert "--ocr never" in result.stderr


def test_scanned_document_with_site_furniture(tmp_path: Path) -> None:
    """CI-sized ``scripts/eval_ocr.py``: a Chinese gold document's first 2 pages at 300 dpi,
    with the site's watermark, running header and page numbers: the body is read and the
    furniture is not."""
    gold = GOLD / "dev-zh-01.md"
    if not gold.exists() or not (GOLD.parent / "score.py").exists():
        pytest.skip(f"{GOLD.parent} is absent (../shared not present)")
    if "chi_sim" not in TesseractRecognizer().languages:
        pytest.skip("Tesseract's chi_sim model is not installed")
    scanned = ocr_scans.document_pages(gold, "zh", seed=1, max_pages=2)
    assert len(scanned.pages) == 2
    path = tmp_path / "zh-01.pdf"
    path.write_bytes(pdf_of(scanned.pages, 300))
    markdown = convert_md(path, "--ocr-lang", "chi_sim")
    gold_text = gold.read_text(encoding="utf-8")
    assert scanned.printed == 2, "dev-zh-01 no longer fits on 2 pages: cut the gold text to them"
    measured = ocr_scans.measure(markdown, gold_text, "zh", scanned.furniture)
    print(f"\nzh-01, 2 pages with furniture, 300 dpi: {measured}")
    assert measured["cer"] <= 0.02, markdown
    assert measured["leak"] <= 0.10, measured["leaked"]
    assert measured["cjk_space"] <= 5, markdown  # (no spaces between Han characters: 100 per 1000 before)
    domain, name = ocr_scans.SITE["zh"]
    assert not [line for line in markdown.splitlines() if domain in line or name in line], markdown
