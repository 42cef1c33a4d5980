"""What went wrong while a PDF was read, counted by kind and page, for one document warning.

pdfminer recovers from damage quietly: a corrupt compressed stream becomes empty, an
operator with broken operands is skipped, a font it cannot parse is replaced; at most a log
line (sometimes with kilobytes of raw stream bytes) goes to stderr. The reader counts those
events here instead (see :mod:`convert.readers.pdf.guard`) and turns them into one warning
of bounded length, built from its own words and counts, never from the library's message
or the file's bytes, and marks the document ``damaged``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MAX_PAGES_SHOWN = 10

#: kind -> (one, many): how the warning names the events of a kind, in this order.
KINDS: dict[str, tuple[str, str]] = {
    "stream": ("compressed stream could not be fully decoded", "compressed streams could not be fully decoded"),
    "content": ("error in a content stream", "errors in content streams"),
    "font": ("font could not be read fully", "font problems"),
    "structure": ("problem in the file's structure", "problems in the file's structure"),
}

#: pdfminer/pdfplumber module -> kind of what its log warnings report (other modules: "structure").
LOGGER_KINDS = {
    "pdfminer.pdfinterp": "content",
    "pdfminer.pdfdevice": "content",
    "pdfminer.psparser": "content",
    "pdfminer.converter": "content",
    "pdfminer.layout": "content",
    "pdfminer.pdffont": "font",
    "pdfminer.cmapdb": "font",
    "pdfminer.encodingdb": "font",
    "pdfminer.fontmetrics": "font",
}


def kind_of_logger(name: str) -> str:
    """The kind of damage a library logger's warnings report."""
    return LOGGER_KINDS.get(name, "structure")


@dataclass(slots=True)
class DamageLog:
    """Damage met while reading one PDF: events by ``(kind, page)``, ``page`` ``None``
    outside any page (the cross-reference table, the page tree, the metadata), and the
    problems of damaged streams (``corrupt data``, ``cut short``...) with their counts."""

    events: Counter[tuple[str, int | None]] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)

    def note(self, kind: str, page: int | None, problem: str | None = None) -> None:
        """Count one event of ``kind`` (a key of :data:`KINDS`) on ``page``."""
        self.events[(kind if kind in KINDS else "structure", page)] += 1
        if problem:
            self.problems[problem] += 1

    def __bool__(self) -> bool:
        return bool(self.events)

    def summary(self) -> str | None:
        """One warning for all the damage, or ``None`` when there was none, e.g. ``damaged
        PDF: 1 compressed stream could not be fully decoded (corrupt data) on page 3; text
        there may be missing or garbled``."""
        parts = []
        for kind, (one, many) in KINDS.items():
            counts = {page: n for (k, page), n in self.events.items() if k == kind}
            if not counts:
                continue
            total = sum(counts.values())
            text = f"{total} {one if total == 1 else many}"
            if kind == "stream" and self.problems:
                text += " (" + ", ".join(f"{p} {n}" if n > 1 else p for p, n in self.problems.most_common()) + ")"
            parts.append(text + _where(sorted(p for p in counts if p is not None), None in counts))
        if not parts:
            return None
        return "damaged PDF: " + "; ".join(parts) + "; text there may be missing or garbled"


def _where(pages: list[int], outside: bool) -> str:
    """`` on pages 3, 4`` / `` outside the pages`` / both, the page list cut at
    :data:`MAX_PAGES_SHOWN`."""
    out = []
    if pages:
        shown = ", ".join(map(str, pages[:MAX_PAGES_SHOWN])) + ("..." if len(pages) > MAX_PAGES_SHOWN else "")
        out.append(f"on page{'s' if len(pages) > 1 else ''} {shown}")
    if outside:
        out.append("outside the pages")
    return " " + " and ".join(out) if out else ""
