"""Decoding input bytes into text: a core service every text-based reader uses.

BOMs win; then strict UTF-8; then UTF-16 without a BOM; then charset-normalizer's guess,
where the GB family is read as GB18030. A file that mixes UTF-8 and another encoding is
refused rather than half-garbled.

Damaged UTF-8 is read as UTF-8, with a warning, never as a wrong code page: a file cut in the
middle of its last character loses that partial character ("the file ends mid-character"), and
a UTF-8 or ASCII file with a few bad byte sequences gets U+FFFD for them ("3 bytes could not be
decoded"). :func:`decode_text` returns those warnings with the text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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
STRAY_BYTES = 3  # bad byte sequences a UTF-8 file may hold and still be read as UTF-8
STRAY_SHARE = 0.01  # or this share of its good non-ASCII characters
DAMAGED_LINE_CJK = 4  # UTF-8 CJK characters per bad byte of a damaged UTF-8 line (GBK has none)
STRAY_EVIDENCE = 5  # good UTF-8 characters that show a file is UTF-8 (a Latin-1 file has none)
#: Byte sequences built like UTF-8 (a lead byte and its continuation bytes) that UTF-8 still
#: forbids: overlong forms, encoded surrogates (ED A0 80), code points above U+10FFFF. A legacy
#: code page or GBK rarely produces them; damaged or badly generated UTF-8 does.
UTF8_SHAPED = re.compile(
    rb"[\xc0\xc1][\x80-\xbf]|\xe0[\x80-\x9f][\x80-\xbf]|\xed[\xa0-\xbf][\x80-\xbf]"
    rb"|\xf0[\x80-\x8f][\x80-\xbf]{2}|\xf4[\x90-\xbf][\x80-\xbf]{2}|[\xf5-\xf7][\x80-\xbf]{3}"
)

ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read as, and what was lost on the way (warnings)."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()
    #: Bytes were lost or replaced on the way (a file cut mid-character, bad bytes): the
    #: document is marked ``damaged``.
    damaged: bool = False


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
    UTF-8 and others are not (two encodings pasted into one file); None otherwise. Bad bytes
    built like UTF-8 (:data:`UTF8_SHAPED`), or a stray byte among many UTF-8 CJK characters,
    are damage, not another encoding."""
    utf8: list[int] = []
    other: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            continue
        text = UTF8_SHAPED.sub(b"", raw).decode("utf-8", errors="surrogateescape")
        bad = len(ESCAPED_BYTE.findall(text))
        # a short GB18030 line can be valid UTF-8 by chance; real UTF-8 CJK text has several
        # characters from the CJK blocks
        cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
        if bad and not (bad <= STRAY_BYTES and cjk >= DAMAGED_LINE_CJK * bad):  # (else damaged UTF-8)
            other.append(number)
            continue
        if cjk >= 2:
            utf8.append(number)
    if not utf8 or not other:
        return None

    def some(numbers: list[int]) -> str:
        return ", ".join(map(str, numbers[:3])) + (", ..." if len(numbers) > 3 else "")

    return (
        f"mixed text encodings: lines {some(utf8)} are UTF-8 but lines {some(other)} are not "
        "(GB18030?); convert the file to one encoding first (e.g. with iconv)"
    )


def _cut_mid_character(data: bytes) -> Decoded | None:
    """Valid UTF-8 but for an incomplete last character (a file cut short): the text without
    that partial character, with a warning; None for anything else."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or len(data) - exc.start > 3:
            return None
        try:
            text = data[: exc.start].decode("utf-8")
        except UnicodeDecodeError:
            return None
        cut = len(data) - exc.start
        return Decoded(text, "utf-8", (f"the file ends mid-character: its last {_bytes(cut)} dropped",), True)
    return None


def _bytes(n: int) -> str:
    return f"{n} byte" if n == 1 else f"{n} bytes"


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 (or ASCII) with a few bad bytes, each read as U+FFFD, with a warning; None
    where the bad bytes are too many, or are neither among plenty of good UTF-8 characters
    nor built like UTF-8 (then the file is in another encoding: Latin-1, GBK...)."""
    text = data.decode("utf-8", errors="surrogateescape")  # each bad byte: one lone surrogate
    bad_bytes = len(ESCAPED_BYTE.findall(text))
    text = ESCAPED_BYTE.sub("\ufffd", text)
    good = sum(1 for ch in text if ord(ch) > 127) - bad_bytes
    if not bad_bytes or bad_bytes > max(STRAY_BYTES, STRAY_SHARE * good):
        return None
    if good < STRAY_EVIDENCE and _not_utf8_shaped(data):
        return None
    return Decoded(
        text, "utf-8", (f"not valid UTF-8: {_bytes(bad_bytes)} could not be decoded (each shown as U+FFFD)",), True
    )


def _not_utf8_shaped(data: bytes) -> bool:
    """Whether ``data`` has bad bytes other than :data:`UTF8_SHAPED` sequences (and a
    character cut short at its end)."""
    rest = UTF8_SHAPED.sub(b"", data)
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError as exc:
        return not (exc.reason == "unexpected end of data" and len(rest) - exc.start <= 3)
    return False


def decode_text(data: bytes) -> Decoded:
    """Decode scraped text, or raise :class:`ConversionError`.

    BOMs win; then strict UTF-8 (a last character cut short dropped, with a warning); then
    UTF-16 without a BOM; then UTF-8 with a few bad bytes replaced (with a warning); then
    charset-normalizer's guess, where any of the GB family is read as GB18030 (their superset).
    """
    if not data.strip():
        raise ConversionError("empty file: there is no text to convert")
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise ConversionError(f"not valid {enc} text despite its byte-order mark: {exc.reason}") from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    cut = _cut_mid_character(data)
    if cut is not None:
        return cut
    reason = mixed_encoding_reason(data)
    if reason:
        raise ConversionError(reason)
    text16 = _utf16_without_bom(data)
    if text16 is not None:
        return Decoded(text16, "utf-16")
    if b"\x00" in data:
        raise ConversionError("binary data, not text (NUL bytes)")
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    candidates = []
    if best is not None and best.encoding:
        enc = best.encoding.lower().replace("-", "_")
        candidates.append("gb18030" if enc in GB_FAMILY else best.encoding)
    candidates.append("gb18030")
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return Decoded(text, enc, _thin_guess(data, enc))
    raise ConversionError("cannot tell the text encoding (not UTF-8, UTF-16 or GB18030)")


#: Fewer non-ASCII bytes than this leave an encoding guess on thin evidence: it is named in a
#: warning (a few stray bytes in an ASCII file are as likely damage as a code page).
THIN_EVIDENCE = 4


def _thin_guess(data: bytes, encoding: str) -> tuple[str, ...]:
    """A warning when ``encoding`` was guessed from only a handful of non-ASCII bytes."""
    count = sum(1 for b in data if b > 0x7F)
    if count >= THIN_EVIDENCE:
        return ()
    return (
        f"the encoding was guessed as {encoding} from only {_bytes(count)} outside ASCII; "
        "check them (they may be damage)",
    )


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` as :func:`decode_text` finds them (its warnings left out: readers
    that can report them use :func:`decode_text`)."""
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


def check_text(text: str) -> None:
    """Refuse text that is really binary data (too many control characters)."""
    sample = text[:100_000]
    if _controls(sample) > max(3, len(sample) // 100):
        raise ConversionError("binary data, not text (too many control characters)")
