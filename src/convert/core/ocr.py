"""Recognized text: what an OCR plugin's :class:`~convert.core.contracts.Recognizer` returns.

A recognizer reads one page of a PDF as an image and hands back its words with their boxes
(:class:`RecognizedWord`). The PDF reader turns them into the same positioned characters it
reads from a text layer, so running headers, page numbers, paragraphs, headings and titles
are found by the same layout code (see :mod:`convert.readers.pdf.ocr`).

This module also holds the settings the command line and the reader share: the OCR modes
(``--ocr``), the default languages (``--ocr-lang``), the confidence below which a line is
reported, and the plugin a user is told to install.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_OCR_LANGUAGES",
    "LOW_CONFIDENCE",
    "OCR_MODES",
    "OCR_PLUGIN",
    "RecognizedWord",
]

#: ``--ocr``: ``auto`` reads a page without a text layer that draws images with the
#: recognizer; ``always`` reads every page with it (its text layer ignored); ``never`` none.
OCR_MODES = ("auto", "always", "never")
#: ``--ocr-lang``'s default: Tesseract's language codes, ``+`` between them.
DEFAULT_OCR_LANGUAGES = "chi_sim+eng"
#: A recognized line whose words' mean confidence is below this (0-100) is reported in a
#: warning of the document (``docconv inspect``, ``--report``).
LOW_CONFIDENCE = 60.0
#: What to install to read scanned PDFs: named where one is refused.
OCR_PLUGIN = "docconv-ocr"


@dataclass(frozen=True, slots=True)
class RecognizedWord:
    """One word a recognizer found on a page, with its box.

    Coordinates are PDF points (1/72 inch) with the origin at the page's top-left corner, as
    the PDF reader's characters have them: ``x0 < x1`` left to right, ``top < bottom`` down
    the page. A page's size in points is what the recognizer is given (``width``,
    ``height``); a recognizer that works in pixels scales by ``width / image_width``.

    :param text: the word as read (no spaces in it; Chinese: one or a few Han characters).
    :param x0: left edge.
    :param top: top edge.
    :param x1: right edge.
    :param bottom: bottom edge.
    :param confidence: how sure the recognizer is, 0-100, or ``None`` when it does not say.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None

    @property
    def height(self) -> float:
        """The box's height in points (the PDF reader's estimate of the type size)."""
        return self.bottom - self.top
