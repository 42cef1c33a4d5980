"""The scraped-text reader: encodings, line endings, provenance, bad input."""

from __future__ import annotations

import codecs

import pytest

from convert.core.contracts import ConversionError
from convert.core.decode import decode
from convert.core.segment import split_lines

SAMPLE = "\u5728\u5e02\u4eba\u5927\u5e38\u59d4\u4f1a\u4e0a\u7684\u8bb2\u8bdd\n\u540c\u5fd7\u4eec\uff1a\u4eca\u5929\u5f00\u4f1a\u3002\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        ((SAMPLE + "2024\n").encode("utf-16-le"), "utf-16"),
        (SAMPLE.encode("gb18030") * 20, "gb18030"),
        (SAMPLE.encode("gbk") * 20, "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "gb18030", "gbk"],
)
def test_decode_detects_encoding(data: bytes, encoding: str) -> None:
    text, found = decode(data)
    assert found == encoding
    assert text.lstrip("\ufeff").startswith(SAMPLE[:5])


def test_crlf_and_cr_lines_and_provenance() -> None:
    lines = split_lines("a\r\nb\r\rc\n\n\u3000\u3000d")
    assert [line.text for line in lines] == ["a", "b", "c", "d"]
    assert [line.origin.line for line in lines] == [1, 2, 4, 6]
    assert lines[2].blank_before and lines[3].blank_before
    assert lines[3].indent == 4  # two full-width spaces


def test_form_feed_starts_a_page() -> None:
    lines = split_lines("one\n\ftwo\n")
    assert [(line.text, line.origin.page) for line in lines] == [("one", 1), ("two", 2)]


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"  \n\n ", "empty"), (bytes(range(256)) * 4, "binary")],
    ids=["empty", "blank", "binary"],
)
def test_bad_input_is_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(ConversionError, match=reason):
        decode(data) if reason == "empty" else _read(data)


def _read(data: bytes) -> None:
    from convert.core.contracts import Options, Source
    from convert.readers.text import TextReader

    TextReader().read(Source(name="junk.txt", data=data), Options())
