"""Markdown text escaping, shared by the Markdown writer's modules: text stays text (no
Markdown character in it takes effect) and stays on one line."""

from __future__ import annotations

import re

#: What would start inline markup: CommonMark's characters, and ``$`` (pandoc's TeX maths).
INLINE = re.compile(r"([\\`*_\[\]<>~|$])")
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
LINE_START = re.compile(r"^(#|>|[-+=]|\d+(?=[.)]))")

#: Line breaks for some reader of the output (CommonMark: CR; YAML 1.1: NEL, LS, PS;
#: Python's splitlines: VT, FF, FS..RS): each becomes a space.
LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
#: Characters no text format should carry: C0/C1 controls (tab aside), DEL, lone surrogates,
#: and the noncharacters (U+FDD0..U+FDEF, U+xFFFE and U+xFFFF in every plane).
NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
UNPRINTABLE = re.compile(f"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef{NONCHARACTERS}]")


def escape(text: str, *, heading: bool = False) -> str:
    """Escape ``text`` so that a CommonMark renderer shows exactly these characters."""
    text = INLINE.sub(r"\\\1", text)
    text = ENTITY.sub(r"\\&", text)
    m = LINE_START.match(text)
    if m:
        marker = m.group(1)
        if marker[0].isdigit():
            text = marker + "\\" + text[len(marker) :]
        else:
            text = "\\" + text
    if heading and text.endswith("#"):
        text = text[:-1] + "\\#"
    return text


def escape_inline(text: str) -> str:
    """Escape ``text`` that does not start a line (inside a table cell, after a note
    reference): only the inline Markdown characters and entities."""
    return ENTITY.sub(r"\\&", INLINE.sub(r"\\\1", text))


def one_line(text: str) -> str:
    """``text`` as one line of showable characters: line and paragraph separators (a CR in an
    HTML ``<title>`` included) become spaces, other control characters and noncharacters go."""
    return UNPRINTABLE.sub("", LINE_BREAKS.sub(" ", text))
