"""The conversion time that provenance records, and ``SOURCE_DATE_EPOCH``.

Outputs record when they were made (:class:`~convert.core.model.Provenance`); for
reproducible builds the time comes from the ``SOURCE_DATE_EPOCH`` environment variable
(seconds since 1970-01-01 UTC, https://reproducible-builds.org/specs/source-date-epoch/),
so two runs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from .errors import ConversionError

#: The environment variable that fixes the conversion time.
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
#: How provenance writes a time: UTC, to the second.
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def source_date(env: Mapping[str, str] | None = None) -> dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` names (UTC), or ``None`` when it is not set or empty.

    :raises ConversionError: when it is set to something that is not a whole number of
        seconds from 1970 to 9999 (the specification says to fail rather than guess).
    """
    value = (os.environ if env is None else env).get(SOURCE_DATE_EPOCH, "").strip()
    if not value:
        return None
    try:
        seconds = int(value)
        if seconds < 0:
            raise ValueError(value)
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ConversionError(
            f"{SOURCE_DATE_EPOCH} must be a whole number of seconds since 1970-01-01, not {value[:40]!r}"
        ) from None


def conversion_time(env: Mapping[str, str] | None = None) -> dt.datetime:
    """When a conversion happens: ``SOURCE_DATE_EPOCH`` when set, else now; UTC, whole seconds."""
    when = source_date(env)
    if when is None:
        when = dt.datetime.now(dt.UTC)
    return when.replace(microsecond=0)


def iso_time(when: dt.datetime) -> str:
    """``when`` as provenance writes it: ``2026-12-01T03:04:05Z`` (UTC)."""
    return when.astimezone(dt.UTC).strftime(ISO_FORMAT)


def parse_time(text: str) -> dt.datetime | None:
    """A time :func:`iso_time` wrote (or any ISO 8601 time with a zone) as UTC, else ``None``."""
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(dt.UTC) if when.tzinfo is not None else None
