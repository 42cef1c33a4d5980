"""Which language a text is in, and right-to-left text put back into reading order.

Both lean on small compiled libraries, imported only when needed:

- ``pycld2`` (Google's Compact Language Detector 2) names the language of a document's text
  in well under a millisecond and imports in a few; where it is unsure (short or mixed text)
  the share of Han characters decides between ``zh`` and ``en`` as before.
- ``python-bidi`` applies the Unicode bidirectional algorithm: a PDF draws Arabic, Hebrew and
  Persian from left to right as they appear on the page (visual order), so each such line is
  reordered into the order it is read and typed (logical order).
"""

from __future__ import annotations

import re

from convert.core.textutil import han_ratio

SAMPLE = 20000  # characters: enough to name a language, cheap to scan
# strong right-to-left letters: Hebrew, Arabic (with its supplements and presentation forms),
# Syriac, Thaana, NKo
RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LTR_RE = re.compile(r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# what CLD2 cannot take: C0/C1 controls other than white space, lone surrogates, non-characters
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")


def guess_language(text: str) -> str:
    """A language code for ``text``: ``zh`` (Simplified), ``zh-Hant`` (Traditional), ``en``,
    ``de``, ``ja``, ``ko``, ``ar``… as CLD2 names it when it is sure; else ``zh`` when Han
    characters make a fair share of the text (and no kana says Japanese), else ``en``."""
    sample = text[:SAMPLE]
    code = _cld2(sample)
    if code:
        return code
    if han_ratio(sample) > 0.2:
        return "ja" if len(KANA_RE.findall(sample)) > 0.05 * len(sample) else "zh"
    return "en"


def _cld2(text: str) -> str | None:
    """CLD2's answer when it is reliable and covers most of the text, else ``None``."""
    try:
        import pycld2
    except ImportError:  # pragma: no cover - a dependency, but keep working without it
        return None
    clean = _UNSAFE.sub(" ", text)
    try:
        reliable, _bytes, details = pycld2.detect(clean, isPlainText=True)
    except pycld2.error:
        return None
    _name, code, percent, _score = details[0]
    if not reliable or code in ("un", "xxx") or percent < 50:
        return None
    return code


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters (Hebrew, Arabic, Persian, Urdu…)."""
    return RTL_RE.search(text) is not None


def logical_order(visual: str) -> str:
    """One line drawn left to right on the page, in the order it is read: right-to-left runs
    reversed, numbers and Latin words inside them kept as they are. The line's own direction
    is that of most of its letters; a line with no right-to-left letter is returned as it is."""
    rtl = len(RTL_RE.findall(visual))
    if not rtl:
        return visual
    from bidi import get_display

    base = "R" if rtl >= len(LTR_RE.findall(visual)) else "L"
    return get_display(visual, base_dir=base)
