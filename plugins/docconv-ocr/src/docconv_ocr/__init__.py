"""docconv-ocr: read scanned PDFs and image files with Tesseract.

Two contributions:

- the ``tesseract`` :class:`~convert.Recognizer`: the PDF reader hands it the pages without a
  text layer (``--ocr auto``) or every page (``--ocr always``); it renders the page with
  pypdfium2 at 300 dpi, straightens it (:func:`deskew`), runs Tesseract and returns the words
  with their boxes in points;
- the ``image`` :class:`~convert.Reader` for ``.png``, ``.jpg``, ``.jpeg``, ``.tif`` and
  ``.tiff`` (every frame of a multi-page TIFF a page): it packs the image(s) into an
  image-only PDF in memory and hands it to docconv's PDF reader, so a scan saved as an image
  goes through the same OCR and layout analysis (running headers, paragraphs, headings) as a
  scanned PDF.

The word boxes are in the coordinates of the *straightened* page image: a page scanned 1.5
degrees askew is rotated by 1.5 degrees before Tesseract reads it, so a box can be a few
points away from where the word is printed on the original page. That is what the layout
analysis wants (rows of words horizontal); nothing places text back over the scan.
"""

from __future__ import annotations

import functools
import io
import os
import re
import statistics
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from convert import ConversionError, Options, Reader, RecognizedWord, Recognizer, Source, hookimpl

if TYPE_CHECKING:
    from PIL.Image import Image

    from convert import Document

__all__ = ["ImageReader", "TesseractRecognizer", "deskew", "full_width_punctuation", "image_pdf"]

#: The resolution pages are rendered at for Tesseract (its models are trained on ~300 dpi).
DPI = 300
#: Tesseract's settings: the LSTM engine, one uniform block of text per page.
TESSERACT_CONFIG = f"--oem 1 --psm 6 --dpi {DPI}"
#: Skew searched for: -3..+3 degrees in 0.1 degree steps.
MAX_SKEW = 3.0
SKEW_STEP = 0.1
#: The longer side of the downscaled image the skew is measured on (pixels).
SKEW_SIZE = 1000
#: A skew smaller than this (degrees) is left alone.
MIN_SKEW = 0.05
#: An image's own resolution is used when it is within these bounds (dpi), else :data:`DPI`.
IMAGE_DPI_RANGE = (50.0, 1200.0)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Tesseract's ASCII punctuation in Chinese text and the full-width forms Chinese uses.
FULL_WIDTH = {
    "(": "\uff08",
    ")": "\uff09",
    ";": "\uff1b",
    ":": "\uff1a",
    ",": "\uff0c",
    "!": "\uff01",
    "?": "\uff1f",
}
_ASCII_BY_HAN = re.compile(f"(?<=[{_HAN}])[();:,!?]|[();:,!?](?=[{_HAN}])")


def full_width_punctuation(word: str, before: str = "", after: str = "") -> str:
    """``word`` with each ASCII ``( ) ; : , ! ?`` next to a Han character made full-width.

    Tesseract's Chinese models often read ``\uff1a`` as ``:`` and ``\uff08`` as ``(``; in
    Chinese text the full-width forms are the right ones. Tesseract often makes such a mark a
    word of its own, so the neighbouring words on the line count: ``before`` is the text of the
    word before it, ``after`` of the word after it. Punctuation between Latin letters or digits
    (``3:1``, ``f(x)``) is left alone.
    """
    context = before[-1:] + word + after[:1]
    start = len(before[-1:])
    fixed = _ASCII_BY_HAN.sub(lambda m: FULL_WIDTH[m.group()], context)
    return fixed[start : start + len(word)]


def _row_means(mask: Image) -> list[int]:
    """The mean of each row of a grey (``L``) image: Pillow's box filter to one column."""
    from PIL import Image as PILImage

    return list(mask.resize((1, mask.height), PILImage.Resampling.BOX).tobytes())


def skew_angle(image: Image) -> float:
    """The angle (degrees, counter-clockwise as :meth:`PIL.Image.Image.rotate` takes it) that
    makes the text lines of ``image`` horizontal: the projection-profile method.

    On a downscaled, binarised copy (ink white), each angle from -3 to +3 degrees in 0.1
    degree steps is tried; the one whose rotated image has the most uneven row sums (the
    largest variance: lines of ink and blank gaps between them, not smeared rows) wins.
    """
    from PIL import Image as PILImage

    gray = image.convert("L")
    factor = SKEW_SIZE / max(gray.size)
    if factor < 1:
        gray = gray.resize((max(1, round(gray.width * factor)), max(1, round(gray.height * factor))))
    mask = gray.point(lambda v: 255 if v < 128 else 0)
    steps = round(MAX_SKEW / SKEW_STEP)
    best, best_score = 0.0, -1.0
    for i in range(-steps, steps + 1):
        angle = i * SKEW_STEP
        rotated = mask.rotate(angle, resample=PILImage.Resampling.BILINEAR, fillcolor=0)
        score = statistics.pvariance(_row_means(rotated))
        if score > best_score + 1e-9 or (abs(score - best_score) <= 1e-9 and abs(angle) < abs(best)):
            best, best_score = angle, score
    return round(best, 1)


def deskew(image: Image) -> Image:
    """``image`` rotated so its text lines are horizontal (see :func:`skew_angle`): same size
    (``expand=False``), the corners filled white."""
    from PIL import Image as PILImage

    angle = skew_angle(image)
    if abs(angle) < MIN_SKEW:
        return image
    fill = 255 if image.mode in ("L", "1") else (255,) * len(image.getbands())
    return image.rotate(angle, resample=PILImage.Resampling.BICUBIC, expand=False, fillcolor=fill)


def _render(pdf: bytes, page: int) -> Image:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise ConversionError(f"cannot open the PDF to render page {page}: {exc}") from None
    try:
        if not 1 <= page <= len(document):
            raise ConversionError(f"page {page} is not in the PDF ({len(document)} pages)")
        bitmap = document[page - 1].render(scale=DPI / 72, grayscale=True)
        return bitmap.to_pil()
    except pdfium.PdfiumError as exc:
        raise ConversionError(f"cannot render page {page}: {exc}") from None
    finally:
        document.close()


@functools.cache
def _installed_languages() -> tuple[str, ...]:
    import pytesseract

    try:
        return tuple(sorted(code for code in pytesseract.get_languages(config="") if code != "osd"))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return ()


def _confidence(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number < 0 else number


class TesseractRecognizer(Recognizer):
    """Reads a page with Tesseract (through pytesseract): rendered at 300 dpi, deskewed."""

    name = "tesseract"
    description = "Tesseract OCR (pytesseract): pages rendered at 300 dpi with pypdfium2, deskewed"

    @property
    def languages(self) -> tuple[str, ...]:  # type: ignore[override]
        """The language models Tesseract has installed (empty when it is not installed)."""
        return _installed_languages()

    def recognize(
        self, pdf: bytes, page: int, width: float, height: float, languages: str
    ) -> Sequence[RecognizedWord] | None:
        import pytesseract

        image = deskew(_render(pdf, page))
        # Tesseract's OpenMP threads fight over a few cores (5x slower on 2): one thread each;
        # a batch runs several workers side by side instead. A value the user set is kept.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        try:
            data = pytesseract.image_to_data(
                image, lang=languages, config=TESSERACT_CONFIG, output_type=pytesseract.Output.DICT
            )
        except pytesseract.TesseractNotFoundError:
            raise ConversionError(
                "tesseract is not installed (e.g. apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
            ) from None
        except pytesseract.TesseractError as exc:
            raise ConversionError(f"tesseract failed on page {page} (--ocr-lang {languages}): {exc.message}") from None
        sx, sy = width / image.width, height / image.height
        found: list[tuple[tuple[int, int, int], str, int]] = []  # (block, paragraph, line), text, row
        for i, level in enumerate(data["level"]):
            text = str(data["text"][i]).strip()
            if int(level) == 5 and text:
                found.append(((data["block_num"][i], data["par_num"][i], data["line_num"][i]), text, i))
        words: list[RecognizedWord] = []
        for k, (line, text, i) in enumerate(found):
            before = found[k - 1][1] if k and found[k - 1][0] == line else ""
            after = found[k + 1][1] if k + 1 < len(found) and found[k + 1][0] == line else ""
            left, top = float(data["left"][i]), float(data["top"][i])
            right, bottom = left + float(data["width"][i]), top + float(data["height"][i])
            words.append(
                RecognizedWord(
                    full_width_punctuation(text, before, after),
                    left * sx,
                    top * sy,
                    right * sx,
                    bottom * sy,
                    _confidence(data["conf"][i]),
                )
            )
        return words


def _image_dpi(image: Image) -> float:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0] if isinstance(dpi, tuple) else dpi)  # type: ignore[arg-type,index]
    except (TypeError, ValueError, IndexError):
        return float(DPI)
    low, high = IMAGE_DPI_RANGE
    return value if low <= value <= high else float(DPI)


def image_pdf(data: bytes) -> bytes:
    """An image-only PDF of the image file ``data``: one page per frame (a multi-page TIFF),
    each page as large as the image at its own resolution (300 dpi when it gives none or an
    implausible one).

    :raises ConversionError: for data Pillow cannot read as an image.
    """
    from PIL import Image as PILImage
    from PIL import ImageSequence, UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(data)) as image:
            dpi = _image_dpi(image)
            pages = [_pdf_mode(frame) for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError) as exc:
        raise ConversionError(f"not an image Pillow can read: {exc}") from None
    if not pages:
        raise ConversionError("the image has no frames")
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def _pdf_mode(frame: Image) -> Image:
    """A copy of ``frame`` in a mode a PDF holds: grey or RGB (transparency on white)."""
    from PIL import Image as PILImage

    if frame.mode in ("L", "RGB"):
        return frame.copy()
    if frame.mode in ("1", "F", "CMYK", "YCbCr", "LAB", "HSV"):
        return frame.convert("RGB" if len(frame.getbands()) > 1 else "L")
    if frame.mode.startswith("I"):  # 16- and 32-bit grey (TIFF): scaled to 8 bits
        return frame.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    rgba = frame.convert("RGBA")
    white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
    return PILImage.alpha_composite(white, rgba).convert("RGB")


class ImageReader(Reader):
    """Image files as scanned pages: read with OCR through docconv's PDF reader."""

    name = "image"
    description = (
        "Images (.png, .jpg, .tif, multi-page TIFF) as scanned pages: packed into an image-only PDF "
        "and read with OCR (docconv-ocr's tesseract recognizer) by the PDF reader"
    )
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
    priority = 10.0

    def read(self, source: Source, options: Options) -> Document:
        if options.ocr == "never":
            raise ConversionError("an image has no text layer: it can only be read with OCR (not --ocr never)")
        from convert import read_pdf  # (here, not at import: it loads the PDF reader, which --help must not)

        return read_pdf(Source(name=source.name, data=image_pdf(source.data)), options)


@hookimpl
def register_recognizers(register: Callable[[Recognizer], None]) -> None:
    register(TesseractRecognizer())


@hookimpl
def register_readers(register: Callable[[Reader], None]) -> None:
    register(ImageReader())
