"""How wide the wrapped lines of a text are, measured from the text itself."""

from __future__ import annotations

from collections.abc import Sequence

from convert.core.model import Line
from convert.core.textutil import width


def wrap_width(lines: Sequence[Line]) -> float | None:
    """The column at which the text was hard-wrapped, or ``None`` if it was not wrapped.

    Wrapped text has many lines of about the same width (the full ones) and a few shorter
    ones (paragraph ends). Unwrapped text (one paragraph per line) has widths spread
    widely, with long lines. Lines more than twice the typical width (summary boxes pasted
    as one line) are ignored.
    """
    widths = sorted(width(line.text) for line in lines if line.heading is None)
    if len(widths) < 4:
        return None
    if sum(1 for line in lines if line.blank_before) > len(lines) / 2:
        return None  # blank lines between most lines: paragraphs, not wrapped lines
    p90 = widths[int(0.9 * (len(widths) - 1))]
    body = [w for w in widths if w <= 2 * max(widths[len(widths) // 2], 1)] or widths
    body.sort()
    high = body[int(0.8 * (len(body) - 1))]
    near = sum(1 for w in body if 0.85 * high <= w <= 1.1 * high)
    if near < max(3, 0.3 * len(body)) or p90 > 400:
        return None
    if sum(1 for w in widths if w > 1.15 * high) > 0.1 * len(widths):
        return None  # many lines run past it: short headings, not a wrap width
    return float(high)
