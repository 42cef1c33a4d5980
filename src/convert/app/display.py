"""Text from inputs made safe to show on a terminal: :func:`printable`.

File names and input text are hostile: an ``ESC]0;...BEL`` or ``ESC[2J`` in a scraped line
would retitle or clear the user's terminal when ``inspect`` prints it (or ``less -R`` pages
it), and a newline in a file name would forge extra ``docconv: error:`` lines. Every line
docconv prints that holds a file name or input text goes through :func:`printable`, which
shows such characters as visible escapes (``\\x1b``, ``\\n``, ``\\u202e``); docconv's own
colour codes are added after it, so they still work.
"""

from __future__ import annotations

import re

from .inputs import safe_text

#: C0 controls (tab and line breaks included: a shown line is one line), DEL, C1 controls
#: (0x9b is a one-byte CSI on some terminals), the Unicode line and paragraph separators, and
#: the bidirectional overrides and isolates that reorder what a terminal shows.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: What :func:`json_safe` escapes: :data:`CONTROL` but C0 (``json.dumps`` escapes those in strings).
JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(m: re.Match[str]) -> str:
    ch = m.group(0)
    return SHORT.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str) -> str:
    """``text`` on one line with no character a terminal would act on: controls shown as
    escapes (``\\x1b``), and a file name that is not valid UTF-8 made printable
    (:func:`~convert.app.inputs.safe_text`)."""
    return CONTROL.sub(_visible, safe_text(text))


def message(kind: str, text: str) -> str:
    """One line of docconv's own on stderr, ``docconv: KIND: TEXT``, with :func:`printable`
    text (a file name with a newline cannot forge a second line). Every error and warning line
    is made here or by :class:`~convert.app.progress.Feedback`, which prints through
    :func:`printable` too."""
    return f"docconv: {kind}: {printable(text)}"


def json_safe(text: str) -> str:
    """JSON text (``json.dumps`` with ``ensure_ascii=False``) with every character a terminal
    would act on written as a ``\\uXXXX`` escape: ``json.dumps`` escapes C0 controls but
    leaves C1 controls (0x9b, a one-byte CSI), the line separators and bidirectional
    overrides raw. Only strings can hold those, so the result is the same JSON (the C0
    characters outside strings are its own white space, and stay)."""
    return JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
