"""A page's content streams read faster than pdfminer reads them, with the same result.

pdfminer interprets a content stream through a character-by-character state machine
(``PSBaseParser``: a method call per token and per state change, a debug-log call per
object) and looks each operator's method up by name every time it meets it. On a text page
that is most of the time the PDF reader spends. :func:`objects` turns a stream into the
same sequence of objects pdfminer's ``PDFContentParser.nextobject`` yields (numbers, names,
strings, arrays, dictionaries, operators), with one regular expression match per token;
:class:`Interpreter` executes them with each operator's method looked up once.

The result must be the same as pdfminer's, quirks included (an unknown escape in a string
drops its character, an odd hex digit at the end of a hex string is its own byte, ``-``
alone is no number, a number glued to a word is a number then an operator). Where pdfminer's
answer depends on how it reads a stream (in 4,096-byte pieces, one stream after another)
or on its handling of inline images, :func:`objects` does not guess: it returns ``None``
and the stream is read by pdfminer itself. ``tests/test_pdf_content.py`` compares the two
on every content stream of the corpora and on generated streams.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import (
    KWD,
    LIT,
    PSKeyword,
    PSSyntaxError,
    literal_name,
)

BUFSIZ = 4096  # pdfminer reads a stream in pieces of this size (PSBaseParser.BUFSIZ)

# One token (after any white space), as pdfminer's state machine splits them.
_TOKEN = re.compile(
    rb"""[ \t\n\r\f\v]*+(?:
      (?P<num>(?=[-+0-9.])[-+]?[0-9]*(?:\.[0-9]*)?)   # a number: [-+]digits[.digits]
    | (?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*)              # an operator, true or false
    | /(?P<name>(?:[^#/%\[\]()<>{}\s]|\#[0-9a-fA-F]{0,2})*)  # a name
    | \((?P<str>[^()\\]*)\)                            # a string without escapes or parentheses
    | (?P<lstr>\()                                     # any other string
    | (?P<dopen><<)
    | <(?P<hex>[ \t\n\r\f\v0-9a-fA-F]*)(?P<hexend>[^ \t\n\r\f\v0-9a-fA-F]?)  # a hex string
    | (?P<dclose>>>)
    | (?P<gt>>)                                        # a lone '>': nothing
    | (?P<comment>%[^\r\n]*)
    | (?P<nul>\x00)
    | (?P<other>.)                                     # [ ] { } ) and any other byte: itself
    )""",
    re.VERBOSE | re.DOTALL,
)
_NAME_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, 40: 40, 41: 41, 92: 92}
_CR_LF_ESCAPE = re.compile(rb"\\\r\n")

ARRAY_BEGIN, ARRAY_END = KWD(b"["), KWD(b"]")
DICT_BEGIN, DICT_END = KWD(b"<<"), KWD(b">>")
PROC_BEGIN, PROC_END = KWD(b"{"), KWD(b"}")
_OPEN = {ARRAY_BEGIN: "a", DICT_BEGIN: "d", PROC_BEGIN: "p"}
_CLOSE = {ARRAY_END: "a", DICT_END: "d", PROC_END: "p"}
_TRUE, _FALSE = b"true", b"false"
_INLINE_IMAGE = (b"BI", b"ID")


def tokens(data: bytes) -> list[Any] | None:
    """The tokens of one content stream as pdfminer's ``PSBaseParser`` makes them (ints,
    floats, booleans, names, byte strings, keywords; comments dropped), or ``None`` where
    pdfminer's result would depend on more than the stream's bytes: an inline image, a token
    left open at the end (pdfminer carries it into the next stream), a ``\\<CR><LF>`` escape
    across one of its 4,096-byte reads."""
    for m in _CR_LF_ESCAPE.finditer(data):
        if (m.start() + 1) % BUFSIZ == BUFSIZ - 1:
            return None
    if data and data[-1:] in b"/<>(\\#":
        return None  # a token pdfminer would continue into the next stream
    out: list[Any] = []
    add = out.append
    match = _TOKEN.match
    pos, end = 0, len(data)
    while pos < end:
        m = match(data, pos)
        if m is None:  # only white space is left
            break
        pos = m.end()
        kind = m.lastgroup
        if kind == "num":
            text = m.group("num")
            try:
                add(float(text) if b"." in text else int(text))
            except ValueError:  # "-", "+", ".", "-.": pdfminer drops them
                pass
        elif kind == "kw":
            word = m.group("kw")
            if word in _INLINE_IMAGE:
                return None  # an inline image (BI ... ID data EI): pdfminer reads its data by position
            add(True if word == _TRUE else False if word == _FALSE else KWD(word))
        elif kind == "name":
            raw = m.group("name")
            if b"#" in raw:
                if pos == end:
                    return None  # pdfminer would read on into the next stream
                raw = _NAME_HEX.sub(lambda h: bytes((int(h.group(1), 16),)) if h.group(1) else b"", raw)
            try:
                add(LIT(str(raw, "utf-8")))
            except UnicodeDecodeError:
                add(LIT(raw))
        elif kind == "str":
            add(m.group("str"))
        elif kind == "lstr":
            parsed = _string(data, pos)
            if parsed is None:
                return None
            text, pos = parsed
            add(text)
        elif kind == "dopen":
            add(DICT_BEGIN)
        elif kind == "hexend":
            if not m.group("hexend"):
                return None  # a hex string left open at the end
            digits = re.sub(rb"[ \t\n\r\f\v]", b"", m.group("hex"))
            if len(digits) % 2:
                add(bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),)))
            else:
                add(bytes.fromhex(digits.decode()))
            pos = m.start("hexend")  # the character that ended it is read again (a '>' ends it)
        elif kind == "dclose":
            add(DICT_END)
        elif kind == "other":
            add(KWD(m.group("other")))
        # gt, comment, nul: nothing
    return out


def _string(data: bytes, pos: int) -> tuple[bytes, int] | None:
    """A literal string from just after its ``(``, as pdfminer reads it: nested parentheses
    kept, escapes ``\\n \\r \\t \\b \\f \\( \\) \\\\`` and octal read, a backslash before a
    line end or any other character dropped with that character. ``None``: not closed."""
    parts: list[bytes] = []
    depth = 1
    end = len(data)
    while True:
        m = _STRING_STOP.search(data, pos)
        if m is None:
            return None
        j = m.start()
        parts.append(data[pos:j])
        c = data[j]
        if c == 40:  # (
            depth += 1
            parts.append(b"(")
            pos = j + 1
        elif c == 41:  # )
            depth -= 1
            pos = j + 1
            if not depth:
                return b"".join(parts), pos
            parts.append(b")")
        else:  # a backslash
            i = j + 1
            if i >= end:
                return None
            octal = _OCTAL.match(data, i)
            if octal:
                code = int(octal.group(), 8)
                if code > 255:
                    return None  # pdfminer fails an assertion here: let it
                parts.append(bytes((code,)))
                pos = octal.end()
                continue
            e = data[i]
            if e in _ESCAPES:
                parts.append(bytes((_ESCAPES[e],)))
            elif e == 13 and data[i + 1 : i + 2] == b"\n":
                i += 1
            pos = i + 1


def objects(toks: Sequence[Any]) -> list[Any]:
    """The objects pdfminer's ``PDFContentParser.nextobject`` yields for these tokens:
    top-level operands and operators in order, arrays as lists and dictionaries as dicts
    (their operators inside them, as pdfminer leaves them); an unmatched closing bracket is
    skipped and a container still open at the end dropped, as pdfminer does.

    :raises PSSyntaxError: a dictionary with an odd number of entries (pdfminer's error).
    """
    out: list[Any] = []
    stack: list[tuple[str | None, list[Any]]] = []
    kind: str | None = None
    current = out
    for tok in toks:
        if type(tok) is PSKeyword:
            opened = _OPEN.get(tok)
            if opened is not None:
                stack.append((kind, current))
                kind, current = opened, []
                continue
            closed = _CLOSE.get(tok)
            if closed is not None:
                if kind != closed:
                    continue  # pdfminer's PSTypeError, ignored when not strict
                items = current
                kind, current = stack.pop()
                if closed == "d":
                    if len(items) % 2:
                        raise PSSyntaxError(f"Invalid dictionary construct: {items!r}")
                    current.append({literal_name(k): v for k, v in zip(items[::2], items[1::2], strict=True)})
                else:
                    current.append(items)
                continue
        current.append(tok)
    return out  # (a container left open is dropped, as pdfminer drops it at the end)


class Interpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, reading each content stream with :func:`tokens` and
    :func:`objects` (pdfminer's own parser where they return ``None``), and looking each
    operator's method up once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._operators: dict[PSKeyword, tuple[Callable[..., Any], int] | None] = {}

    def execute(self, streams: Sequence[object]) -> None:
        if settings.STRICT:
            return super().execute(streams)
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)  # (pdfminer warns about these: let it)
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        toks: list[Any] = []
        try:
            for stream in valid:
                part = tokens(stream.get_data())
                if part is None:
                    return super().execute(streams)
                toks += part
            program = objects(toks)
        except Exception:  # an undecodable stream, a broken dictionary: pdfminer fails where it fails
            return super().execute(streams)
        operators = self._operators
        push = self.argstack.append
        for obj in program:
            if type(obj) is not PSKeyword:
                push(obj)
                continue
            known = operators.get(obj, False)
            if known is False:
                known = operators[obj] = self._operator(obj)
            if known is None:  # an operator pdfminer does not know: skipped
                continue
            func, nargs = known
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()
            push = self.argstack.append  # (pop replaces the list)
        return None

    def _operator(self, keyword: PSKeyword) -> tuple[Callable[..., Any], int] | None:
        name = str(keyword.name, "utf-8", "ignore")
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        func = getattr(self, method, None)
        if func is None:
            return None
        return func, func.__code__.co_argcount - 1
