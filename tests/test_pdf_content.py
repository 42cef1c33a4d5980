"""The fast content-stream reader (:mod:`convert.readers.pdf.content`) against pdfminer's
own ``PDFContentParser``: the same objects, in the same order, of the same types, for every
content stream and form XObject of the samples and corpora, and for generated streams full
of the syntax pdfminer treats oddly. Where the fast reader declines (``None``), pdfminer
reads the stream; that must stay rare on real files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV, REAL, ROOT, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1, stream_value
from pdfminer.psparser import PSEOF, PSKeyword, PSLiteral

from convert.readers.pdf.content import BUFSIZ, objects, tokens

EXTERNAL = SHARED / "corpus" / "external" / "pdf"
PDFS = sorted(
    {
        *(ROOT / "samples").glob("*.pdf"),
        *DEV.glob("*.pdf"),
        *REAL.glob("*.pdf"),
        *EXTERNAL.glob("**/*.pdf"),
    }
)


def _shape(obj: Any) -> Any:
    """An object as a comparable value that keeps its type (1 is not 1.0 nor True)."""
    if isinstance(obj, list):
        return ("list", [_shape(x) for x in obj])
    if isinstance(obj, dict):
        return ("dict", [(k, _shape(v)) for k, v in obj.items()])
    if isinstance(obj, PSLiteral | PSKeyword):
        return (type(obj).__name__, obj.name)
    return (type(obj).__name__, obj)


def pdfminer_objects(datas: list[bytes]) -> Any:
    """What pdfminer's content parser yields for these streams (or the error it raises)."""
    streams = [PDFStream({}, data) for data in datas]
    try:
        parser = PDFContentParser(streams)
    except PSEOF:
        return []
    out = []
    while True:
        try:
            out.append(_shape(parser.nextobject()[1]))
        except PSEOF:
            return out
        except Exception as exc:
            return ("raises", type(exc).__name__)


def fast_objects(datas: list[bytes]) -> Any:
    toks: list[Any] = []
    for data in datas:
        part = tokens(data)
        if part is None:
            return None
        toks += part
    try:
        return [_shape(o) for o in objects(toks)]
    except Exception as exc:
        return ("raises", type(exc).__name__)


def _stream_groups(path: Path) -> list[list[bytes]]:
    """Each page's content streams, and each form XObject's, as decoded bytes."""
    doc = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
    groups: list[list[bytes]] = []
    seen: set[int] = set()

    def forms(resources: object) -> None:
        res = resolve1(resources)
        xobjects = resolve1(res.get("XObject")) if isinstance(res, dict) else None
        for ref in (xobjects or {}).values():
            xobj = resolve1(ref)
            if isinstance(xobj, PDFStream) and id(xobj) not in seen and str(xobj.get("Subtype")) == "/'Form'":
                seen.add(id(xobj))
                groups.append([xobj.get_data()])
                forms(xobj.get("Resources"))

    for page in PDFPage.create_pages(doc):
        if page.contents:
            groups.append([stream_value(s).get_data() for s in page.contents])
        forms(page.resources)
    return groups


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_every_stream_reads_as_pdfminer_reads_it(path: Path) -> None:
    try:
        groups = _stream_groups(path)
    except Exception as exc:  # (a deliberately broken file: nothing to compare)
        pytest.skip(f"pdfminer cannot open it: {type(exc).__name__}")
    declined = 0
    for datas in groups:
        ours = fast_objects(datas)
        if ours is None:
            declined += 1
            continue
        assert ours == pdfminer_objects(datas)
    assert declined <= max(2, len(groups) // 4), f"{declined} of {len(groups)} streams left to pdfminer"


def test_the_corpora_are_there() -> None:
    if not SHARED.exists():
        pytest.skip("../shared is absent")
    assert len(PDFS) >= 30


# Pieces of content-stream syntax, the odd ones included, glued in any order.
PIECES = [
    *[b"0", b"12", b"-3", b"+4", b"-", b"+", b".", b"-.", b"+.5", b"1.", b".25", b"1.2.3", b"--4", b"-+5", b"007"],
    *[b"1e3", b"12Tf", b"3.5.", b"5a"],
    *[b"/F1", b"/A#20B", b"/#", b"/#4", b"/#4G", b"/", b"/a/b", b"/\xc3\xa9", b"/\xff", b"/x#ZZ"],
    *[b"(abc)", b"()", b"(a(b)c)", b"(a\\)b)", b"(\\101\\7x)", b"(\\0063)", b"(\\q)", b"(a\\\r\nb)", b"(a\\\nb)"],
    *[b"(\\\\)", b"(\\n\\r\\t\\b\\f)", b"(a\\\rb)", b"(\\1234)", b"(\\8)", b"(x", b"(("],
    *[b"<41 42>", b"<414>", b"<>", b"< 4 1 >", b"<4g>", b"<41>>", b"<<", b">>", b">", b"<", b">>>"],
    *[b"[", b"]", b"{", b"}", b")", b"Tj", b"TJ", b"T*", b"'", b'"', b"true", b"false", b"BT", b"ET"],
    *[b"%comment\n", b"%c", b"\x00", b"#", b"\x80", b"*", b"=", b"d0", b"Tz\x00"],
    *[b"BI", b"ID", b"EI", b"BIx", b"(BI)", b"/ID"],  # (an inline image's keywords: pdfminer's alone)
]
SEPARATORS = [b"", b" ", b"\n", b"\r\n", b"\t", b"\x0c", b"  "]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=25),
    st.integers(min_value=0, max_value=60),
)
def test_generated_streams_read_as_pdfminer_reads_them(parts: list[tuple[bytes, bytes]], cut: int) -> None:
    data = b"".join(p + s for p, s in parts)
    for datas in ([data], [data[:cut], data[cut:]]):
        ours = fast_objects(datas)
        if ours is not None:
            assert ours == pdfminer_objects(datas), datas


def test_an_escaped_line_end_across_pdfminer_reads_is_left_to_pdfminer() -> None:
    """pdfminer reads 4,096 bytes at a time and keeps the LF of a backslash-CR-LF that
    straddles two reads: that string is read by pdfminer, whatever it makes of it."""
    head = b"(" + b"a" * (BUFSIZ - 3) + b"\\\r\nb) Tj"
    assert head.index(b"\r") == BUFSIZ - 1
    assert tokens(head) is None
    assert tokens(b" " + head) is not None


def test_inline_images_are_left_to_pdfminer() -> None:
    """Wherever BI or ID stands as an operator, even alone or in another stream than its
    partner, pdfminer reads the stream (it swallows what follows a BI, drops an ID)."""
    assert tokens(b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q") is None
    for stream in (b"BI /W 1 (hidden) Tj", b"[(a) ID (b)] TJ", b"q BI /W 1 /H 1 /BPC 8 /CS /G"):
        assert tokens(stream) is None
    assert tokens(b"(BI ID) Tj /ID 1 BIx") is not None  # (in a string, a name or a longer word: not operators)


def test_the_page_interpreter_reads_what_pdfminer_reads(tmp_path: Path) -> None:
    """A page drawn through the fast interpreter gives the characters pdfminer's own
    interpreter gives (the reader's parse layer, both ways)."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    from convert.readers.pdf import parse

    sample = next(iter(sorted((ROOT / "samples").glob("*.pdf"))), None)
    if sample is None:
        pytest.skip("no sample PDF")
    pdf = parse.open_pdf(sample.read_bytes())
    fast = [parse.read_page(pdf, box).chars for box in pdf.pages]
    original = parse.Interpreter
    try:
        parse.Interpreter = PDFPageInterpreter  # type: ignore[misc]
        slow = [parse.read_page(pdf, box).chars for box in pdf.pages]
    finally:
        parse.Interpreter = original  # type: ignore[misc]
    assert repr(fast) == repr(slow)
    assert sum(len(c) for c in fast) > 100
