"""Which language a text is in, and right-to-left text put back into reading order.

Both lean on small compiled libraries, imported only when needed:

- ``pycld2`` (Google's Compact Language Detector 2) names the language of a document's text
  in well under a millisecond and imports in a few; where it is unsure (short or mixed text)
  the share of Han characters decides between ``zh`` and ``en`` as before.
- ``python-bidi`` applies the Unicode bidirectional algorithm: a PDF draws Arabic, Hebrew and
  Persian from left to right as they appear on the page (visual order), so each such line is
  reordered into the order it is read and typed (logical order).

Chinese is told apart further by its script, never by CLD2 alone: :func:`han_script` counts
the characters that exist only in Simplified or only in Traditional form (``han_variants.json``,
made from OpenCC's dictionaries by ``scripts/make_han_variants.py``), so Traditional text is
``zh-Hant`` (or the region its source declares, ``zh-TW``, ``zh-HK``) and Simplified stays ``zh``.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from convert.core.textutil import han_ratio

SAMPLE = 20000  # characters: enough to name a language, cheap to scan
# strong right-to-left letters: Hebrew, Arabic (with its supplements and presentation forms),
# Syriac, Thaana, NKo
RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LTR_RE = re.compile(r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# what CLD2 cannot take: C0/C1 controls other than white space, lone surrogates, non-characters
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
VARIANTS = Path(__file__).with_name("han_variants.json")
#: :func:`han_script` names a script only when it has seen this many telling characters...
MIN_TELLING = 10
#: ...and this share of them is of that script (else the text is short or mixed).
CLEAR_SHARE = 0.85
#: Chinese language tags that name Traditional script or a region that writes it.
TRADITIONAL_TAG = re.compile(r"(?i)^zh(-hant)?-(tw|hk|mo)$|^zh-hant$")
SIMPLIFIED = "zh"
TRADITIONAL = "zh-Hant"


def is_traditional_tag(tag: str | None) -> bool:
    """Whether a document's language tag says Traditional Chinese (``zh-Hant``, ``zh-TW``,
    ``zh-HK``, ``zh-MO`` and their longer forms): what the writers and notices go by. (A tag
    a source declares is read more strictly, by :data:`TRADITIONAL_TAG`.)"""
    return (tag or "").lower().startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo"))


def guess_language(text: str, declared: str | None = None) -> str:
    """A language code for ``text``: ``zh`` (Simplified), ``zh-Hant`` (Traditional), ``en``,
    ``de``, ``ja``, ``ko``, ``ar``… as CLD2 names it when it is sure; else ``zh`` when Han
    characters make a fair share of the text (and no kana says Japanese), else ``en``.

    Chinese text is ``zh-Hant`` only when its characters are clearly Traditional
    (:func:`han_script`); short or mixed text stays ``zh``. ``declared`` is what the source
    says (an HTML ``lang`` attribute): a hint only, used for Chinese text whose characters do
    not contradict it, so ``lang="zh-HK"`` gives ``zh-HK`` and ``lang="en"`` on a Chinese page
    changes nothing (see :func:`chinese_tag`)."""
    sample = text[:SAMPLE]
    code = _cld2(sample)
    if not code:
        if han_ratio(sample) <= 0.2:
            return "en"
        code = "ja" if len(KANA_RE.findall(sample)) > 0.05 * len(sample) else SIMPLIFIED
    if code.lower().startswith("zh"):
        return chinese_tag(sample, declared)
    return code


def chinese_tag(text: str, declared: str | None = None) -> str:
    """The tag of Chinese ``text``: ``zh-Hant`` when its characters are clearly Traditional,
    else ``zh``; a Traditional tag ``declared`` by the source (``zh-TW``, ``zh-HK``, ``zh-MO``,
    ``zh-Hant``, ``zh-Hant-TW``...) is taken unless the characters are clearly Simplified."""
    script = han_script(text)
    hint = (declared or "").strip().replace("_", "-")
    if TRADITIONAL_TAG.match(hint) and script != "Hans":
        return normal_tag(hint)
    return TRADITIONAL if script == "Hant" else SIMPLIFIED


def normal_tag(tag: str) -> str:
    """A Chinese tag in its usual case: ``zh-tw`` -> ``zh-TW``, ``zh-hant-hk`` -> ``zh-Hant-HK``."""
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower())
    return "-".join(out)


@functools.cache
def _variants() -> tuple[frozenset[str], frozenset[str]]:
    """(Simplified-only characters, Traditional-only characters), loaded once."""
    data = json.loads(VARIANTS.read_text(encoding="ascii"))
    return frozenset(data["simplified"]), frozenset(data["traditional"])


def script_counts(text: str) -> tuple[int, int]:
    """How many characters of ``text`` exist only in Simplified form, and how many only in
    Traditional form (each occurrence counts)."""
    simplified, traditional = _variants()
    simp = trad = 0
    for ch in text:
        if ch in simplified:
            simp += 1
        elif ch in traditional:
            trad += 1
    return simp, trad


def han_script(text: str) -> str | None:
    """``Hant`` when the Han characters of ``text`` are clearly Traditional, ``Hans`` when
    clearly Simplified, ``None`` when too few of them tell (short text: fewer than
    :data:`MIN_TELLING`) or the two are mixed (neither makes :data:`CLEAR_SHARE` of them)."""
    simp, trad = script_counts(text[:SAMPLE])
    telling = simp + trad
    if telling < MIN_TELLING:
        return None
    if trad >= CLEAR_SHARE * telling:
        return "Hant"
    if simp >= CLEAR_SHARE * telling:
        return "Hans"
    return None


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
