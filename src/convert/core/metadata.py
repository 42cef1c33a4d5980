"""Metadata the user gives (``--title``, ``--author``, ``--date``, ``--language``, ``-M KEY=VALUE``).

The values are checked once, before any file is read (:func:`parse_item`,
:func:`check_metadata`), kept in :attr:`Options.metadata <convert.core.contracts.Options>`,
and applied by the pipeline at the end of cleaning (:func:`apply_metadata`), so they win over
everything the reader and the steps found, in every command and in the test kit. ``title``,
``author``, ``date`` and ``language`` set those :class:`~convert.core.model.Metadata` fields;
any other key goes to ``Metadata.custom`` and each writer writes it (:func:`custom_metadata`:
Markdown front matter, a DOCX custom property, an EPUB OPF ``<meta property="custom:KEY">``;
``docconv`` and ``docconv.*`` keys are the provenance's and cannot be given). An empty value removes
what was found (``--author ""``: no author rather than a wrong one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from .contracts import Options
from .errors import ConversionError
from .model import Document, Metadata

#: The metadata fields a user may set by name.
FIELDS = ("title", "author", "date", "language")
#: Metadata fields docconv sets itself: not settable, not usable as ``-M`` keys.
RESERVED = frozenset(f.name for f in dataclasses.fields(Metadata)) - set(FIELDS) | {"docconv"}
#: Authors that name nobody: what tools and sites put there when nobody filled the field in.
PLACEHOLDER_AUTHORS = frozenset(
    {
        "admin",
        "administrator",
        "author",
        "anonymous",
        "unknown",
        "no author",
        "user",
        "owner",
        "webmaster",
        "editor",
        "\u7ba1\u7406\u5458",  # 管理员
        "\u672c\u7ad9",  # 本站
        "\u4f5c\u8005",  # 作者
        "\u7f51\u7ad9\u7f16\u8f91",  # 网站编辑
        "\u5c0f\u7f16",  # 小编
        "\u4f5a\u540d",  # 佚名
    }
)
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
MAX_VALUE = 1000  # characters of one value


def check_date(text: str) -> str:
    """``text`` as an ISO date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` of the calendar.

    :raises ConversionError: for anything else (``yesterday``, ``2022-02-30``)."""
    m = ISO_DATE.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError
        year, month, day = (int(g) if g else None for g in m.groups())
        dt.date(year or 0, month or 1, day or 1)
    except ValueError:
        raise ConversionError(f"date: expected an ISO date YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}") from None
    return text.strip()


def canonical_tag(tag: str) -> str:
    """A language tag in its usual case: ``zh-cn`` -> ``zh-CN``, ``EN`` -> ``en``,
    ``zh-hant-tw`` -> ``zh-Hant-TW``."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # a script: Hant, Latn
        else:
            out.append(part.upper() if len(part) == 2 else part.lower())  # a region: TW, US
    return "-".join(out)


def check_value(key: str, value: str) -> tuple[str, str]:
    """One ``(key, value)`` checked: a known field or a free key (letters, digits, ``_.-``,
    starting with a letter), a value on one line; ``date`` an ISO date, ``language`` a
    language tag (``zh-CN``, ``en``).

    :raises ConversionError: naming the key and the problem."""
    key = key.strip()
    if not KEY.fullmatch(key):
        raise ConversionError(f"metadata key {key!r}: use letters, digits, '_', '.' or '-', starting with a letter")
    lowered = key.lower()
    if lowered in RESERVED or lowered.startswith(("docconv.", "docconv-", "docconv_")):
        raise ConversionError(f"metadata key {key!r} is set by docconv itself and cannot be given")
    if CONTROL.search(value):
        raise ConversionError(f"{key}: the value holds control characters")
    value = " ".join(value.split())
    if len(value) > MAX_VALUE:
        raise ConversionError(f"{key}: the value is longer than {MAX_VALUE} characters")
    if lowered in FIELDS:
        key = lowered
        if value and key == "date":
            value = check_date(value)
        if value and key == "language" and not LANGUAGE_TAG.fullmatch(value):
            raise ConversionError(f"language: expected a language tag such as zh-CN or en, not {value!r}")
        if value and key == "language":
            value = canonical_tag(value)
    return key, value


def parse_item(item: str) -> tuple[str, str]:
    """``KEY=VALUE`` as given to ``-M``, checked (see :func:`check_value`).

    :raises ConversionError: for an item without ``=`` or with a bad key or value."""
    key, eq, value = item.partition("=")
    if not eq:
        raise ConversionError(f"{item!r}: expected KEY=VALUE")
    return check_value(key, value)


def check_metadata(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The pairs checked (see :func:`check_value`), in order (a later value for a key wins)."""
    return tuple(check_value(key, value) for key, value in pairs)


def apply_metadata(doc: Document, pairs: Iterable[tuple[str, str]]) -> Document:
    """``doc`` with the user's metadata applied over what was found: a field set (or cleared,
    by an empty value), any other key set in (or, empty, removed from) ``Metadata.extra``. A
    new author drops the ``author_role`` found for another one, unless that is given too.
    Other keys are the user's own (``Metadata.custom``)."""
    pairs = tuple(pairs)
    if not pairs:
        return doc
    changes: dict[str, object] = {}
    extra = list(doc.meta.extra)
    custom = list(doc.meta.custom)
    keys = {key for key, _ in pairs}
    if "author" in keys and "author_role" not in keys:
        extra = [(k, v) for k, v in extra if k != "author_role"]
    for key, value in pairs:
        if key in FIELDS:
            changes[key] = value or None
        elif key == "author_role":  # (the role docconv found beside an author: where it found it)
            extra = [(k, v) for k, v in extra if k != key] + ([(key, value)] if value else [])
        else:
            custom = [(k, v) for k, v in custom if k != key] + ([(key, value)] if value else [])
    changes["extra"] = tuple(extra)
    changes["custom"] = tuple(custom)
    return doc.with_meta(**changes)


def custom_metadata(meta: Metadata) -> list[tuple[str, str]]:
    """The user's own keys (``Metadata.custom``: ``-M`` keys that are no field, and those read
    back from docconv's Markdown), for a writer to write, in order."""
    return [(key, value) for key, value in meta.custom if value]


def placeholder_author(author: str) -> bool:
    """Whether ``author`` names nobody (``admin``, ``No Author``, ``本站``; case and spaces aside)."""
    return " ".join(author.split()).lower() in PLACEHOLDER_AUTHORS


def overridden(options: Options, key: str) -> bool:
    """Whether the user set the field ``key`` (a writer then prefers ``Metadata`` over what it
    would take from the text, e.g. the title block)."""
    return any(k == key and v for k, v in options.metadata)
