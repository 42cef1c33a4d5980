"""Decoding input bytes into text: a core service every text-based reader uses.

BOMs win; then strict UTF-8; then UTF-16 without a BOM; then charset-normalizer's guess,
where the GB family is read as GB18030. A file that mixes UTF-8 and another encoding is
refused rather than half-garbled.
"""

from __future__ import annotations

import codecs

from .errors import ConversionError

# charset-normalizer names for the GB family; GB18030 is the superset that decodes them all.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "hz_gb_2312"}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CONTROL_OK = {"\t", "\n", "\r", "\f", "\v"}


def _controls(sample: str) -> int:
    """How many control characters other than white space ``sample`` holds (binary data)."""
    return sum(1 for ch in sample if ord(ch) < 32 and ch not in CONTROL_OK)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has its NUL bytes (from ASCII characters such as line
    breaks) nearly all on odd offsets (little-endian) or on even ones (big-endian)."""
    sample = data[:65536]
    zeros = [i for i, b in enumerate(sample) if b == 0]
    if not zeros or len(sample) % 2:
        return None
    odd = sum(i % 2 for i in zeros) / len(zeros)
    if 0.25 < odd < 0.75:
        return None
    enc = "utf-16-le" if odd >= 0.75 else "utf-16-be"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return text if _controls(text[:10000]) <= 2 else None


def mixed_encoding_reason(data: bytes) -> str | None:
    """Where strict UTF-8 failed: a reason to refuse when some non-ASCII lines are valid
    UTF-8 and others are not (two encodings pasted into one file); None otherwise."""
    utf8: list[int] = []
    other: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            other.append(number)
            continue
        # a short GB18030 line can be valid UTF-8 by chance; real UTF-8 CJK text has several
        # characters from the CJK blocks
        if sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef") >= 2:
            utf8.append(number)
    if not utf8 or not other:
        return None

    def some(numbers: list[int]) -> str:
        return ", ".join(map(str, numbers[:3])) + (", ..." if len(numbers) > 3 else "")

    return (
        f"mixed text encodings: lines {some(utf8)} are UTF-8 but lines {some(other)} are not "
        "(GB18030?); convert the file to one encoding first (e.g. with iconv)"
    )


def decode(data: bytes) -> tuple[str, str]:
    """Decode scraped text; return ``(text, encoding)`` or raise :class:`ConversionError`.

    BOMs win; then strict UTF-8; then UTF-16 without a BOM; then charset-normalizer's
    guess, where any of the GB family is read as GB18030 (their superset).
    """
    if not data.strip():
        raise ConversionError("empty file: there is no text to convert")
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ConversionError(f"not valid {enc} text despite its byte-order mark: {exc.reason}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    reason = mixed_encoding_reason(data)
    if reason:
        raise ConversionError(reason)
    text16 = _utf16_without_bom(data)
    if text16 is not None:
        return text16, "utf-16"
    if b"\x00" in data:
        raise ConversionError("binary data, not text (NUL bytes)")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    candidates = []
    if best is not None and best.encoding:
        enc = best.encoding.lower().replace("-", "_")
        candidates.append("gb18030" if enc in GB_FAMILY else best.encoding)
    candidates.append("gb18030")
    for enc in dict.fromkeys(candidates):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    raise ConversionError("cannot tell the text encoding (not UTF-8, UTF-16 or GB18030)")


def check_text(text: str) -> None:
    """Refuse text that is really binary data (too many control characters)."""
    sample = text[:100_000]
    if _controls(sample) > max(3, len(sample) // 100):
        raise ConversionError("binary data, not text (too many control characters)")
