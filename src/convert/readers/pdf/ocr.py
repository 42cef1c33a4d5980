"""Pages read by a recognizer (OCR): its words as the characters of a text layer.

The :class:`~convert.core.contracts.Recognizer` an OCR plugin registers returns a page's
words with their boxes (:class:`~convert.core.ocr.RecognizedWord`). Here they become the
character dictionaries :mod:`convert.readers.pdf.parse` builds from a text layer (``text``,
``fontname``, ``size``, ``x0``, ``x1``, ``top``, ``bottom``, ``upright``, ``matrix``,
``non_stroking_color``), so :func:`~convert.readers.pdf.layout.page_layout` and
:func:`~convert.readers.pdf.layout.analyse` find lines, running headers, page numbers,
paragraphs, headings and titles on a scan as on a text PDF:

- the words are grouped into rows (their boxes overlapping vertically); every character of
  a row gets the row's top and bottom, and the row's median word height as its size (a
  word of small letters, ``ace``, is no smaller type than ``The``);
- a word's box is split evenly over its characters; a space glyph is set between two words
  of a row, but not between two Chinese (unspaced) characters: a recognizer cuts Chinese
  into words of one to three characters, whose gaps are no word spaces, so the earlier
  word's box is stretched to meet the next (no space glyph, no gap for the layout to read
  as a space).

Each row's mean confidence is kept: :class:`OcrPages` lists the rows below
:data:`~convert.core.ocr.LOW_CONFIDENCE` for the document's warning.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from convert.core.contracts import ConversionError, Options, Recognizer
from convert.core.ocr import LOW_CONFIDENCE, OCR_MODES, RecognizedWord
from convert.core.textutil import is_unspaced

FONT = "OCR"  # the font name of a recognized character
LOW_LINES_SHOWN = 3  # low-confidence lines quoted in the warning
LOW_LINE_CHARS = 40  # characters of each quoted

Char = Mapping[str, object]


class RecognizerError(Exception):
    """The recognizer failed on a page (raised, or returned something else than words): that
    page is reported as unreadable and the others are read (not a :class:`ConversionError`,
    which refuses the whole file)."""


def rows(words: Sequence[RecognizedWord]) -> list[list[RecognizedWord]]:
    """The words in rows, top to bottom, each row left to right: a word joins the row whose
    vertical extent overlaps at least half of the smaller box's height."""
    found: list[tuple[float, float, list[RecognizedWord]]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        for i, (top, bottom, members) in enumerate(found):
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(bottom - top, word.height):
                members.append(word)
                found[i] = (min(top, word.top), max(bottom, word.bottom), members)
                break
        else:
            found.append((word.top, word.bottom, [word]))
    return [sorted(members, key=lambda w: w.x0) for _, _, members in found]


def _char(
    text: str, x0: float, x1: float, top: float, bottom: float, size: float, height: float, sure: float | None
) -> dict[str, object]:
    return {
        "confidence": sure,
        "text": text,
        "fontname": FONT,
        "size": size,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "upright": True,
        "matrix": (1.0, 0.0, 0.0, 1.0, x0, height - bottom),
        "non_stroking_color": (0,),
    }


def row_chars(row: Sequence[RecognizedWord], page_height: float) -> list[dict[str, object]]:
    """One row's characters (see the module's docstring)."""
    top = min(w.top for w in row)
    bottom = max(w.bottom for w in row)
    size = statistics.median(w.height for w in row) or (bottom - top)
    spans = [[w.x0, w.x1] for w in row]
    joined = [i > 0 and is_unspaced(row[i - 1].text[-1:]) and is_unspaced(word.text[:1]) for i, word in enumerate(row)]
    for i, join in enumerate(joined):
        if join and spans[i][0] > spans[i - 1][1]:  # (Chinese cut into words: no gap between them)
            spans[i - 1][1] = spans[i][0]
    sure = confidence(row)
    out: list[dict[str, object]] = []
    for i, word in enumerate(row):
        x_left, x_right = spans[i]
        if i and not joined[i]:
            gap_left = spans[i - 1][1]
            out.append(_char(" ", gap_left, max(x_left, gap_left), top, bottom, size, page_height, sure))
        step = (x_right - x_left) / len(word.text)
        for k, ch in enumerate(word.text):
            x0 = x_left + k * step
            out.append(_char(ch, x0, x0 + step, top, bottom, size, page_height, sure))
    return out


def confidence(row: Sequence[RecognizedWord]) -> float | None:
    """The row's mean word confidence, or ``None`` when the recognizer gave none."""
    given = [w.confidence for w in row if w.confidence is not None]
    return sum(given) / len(given) if given else None


def _words(found: object, name: str) -> list[RecognizedWord]:
    """The recognizer's result checked: a sequence of :class:`RecognizedWord` (others are its bug)."""
    if not isinstance(found, Sequence) or not all(isinstance(w, RecognizedWord) for w in found):
        raise RecognizerError(f"recognizer {name!r} returned {type(found).__name__}, not RecognizedWords")
    return [w for w in found if w.text.strip() and w.x1 > w.x0 and w.bottom > w.top]


@dataclass
class OcrPages:
    """Which pages a PDF's recognizer reads (by :attr:`Options.ocr`) and the low-confidence
    rows it found."""

    recognizer: Recognizer | None
    mode: str = "auto"
    languages: str = ""
    low: list[tuple[int, str, float]] = field(default_factory=list)

    @classmethod
    def of(cls, options: Options) -> OcrPages:
        mode = options.ocr if options.ocr in OCR_MODES else "auto"
        recognizer = options.recognizer if mode != "never" else None
        return cls(recognizer=recognizer, mode=mode, languages=options.ocr_languages)

    def wanted(self, has_text: bool, has_images: bool) -> bool:
        """Whether a page with (or without) a text layer and images is read by the recognizer."""
        if self.recognizer is None:
            return False
        return self.mode == "always" or (not has_text and has_images)

    def chars(self, pdf: bytes, page: int, width: float, height: float) -> list[dict[str, object]] | None:
        """The page's characters as the recognizer reads them, or ``None`` when it declines."""
        assert self.recognizer is not None
        name = self.recognizer.name
        try:
            found = self.recognizer.recognize(pdf, page, width, height, self.languages)
        except MemoryError:  # the worker's memory cap: named by the worker
            raise
        except ConversionError as exc:
            raise RecognizerError(f"recognizer {name!r}: {exc.reason}") from None
        except Exception as exc:
            raise RecognizerError(f"recognizer {name!r} failed: {type(exc).__name__}: {exc}") from exc
        if found is None:
            return None
        words = _words(found, name)
        out: list[dict[str, object]] = []
        for row in rows(words):
            out += row_chars(row, height)
            mean = confidence(row)
            if mean is not None and mean < LOW_CONFIDENCE:
                self.low.append((page, " ".join(w.text for w in row), mean))
        return out

    def warning(self) -> str | None:
        """The document's warning about the low-confidence rows (``None``: there are none)."""
        if not self.low:
            return None
        pages = sorted({p for p, _, _ in self.low})
        shown = "; ".join(
            f'page {p}: "{text[:LOW_LINE_CHARS]}{"..." if len(text) > LOW_LINE_CHARS else ""}" ({mean:.0f})'
            for p, text, mean in self.low[:LOW_LINES_SHOWN]
        )
        more = "; ..." if len(self.low) > LOW_LINES_SHOWN else ""
        return (
            f"{len(self.low)} line(s) read by OCR with a confidence below {LOW_CONFIDENCE:.0f} on page(s) "
            f"{', '.join(map(str, pages[:10]))}{'...' if len(pages) > 10 else ''}: {shown}{more}"
        )
