"""Provenance: how each output was made (:class:`~convert.core.model.Provenance`), filled in
once after cleaning (:func:`stamp`, called by :func:`~convert.app.pipeline.convert_source`
and ``inspect``), so ``convert``, ``sync``, ``clean``, ``inspect`` and the test kit all
record it and every writer and ``--report`` finds it in ``doc.meta.provenance``."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import PurePath

from convert.core.contracts import ConversionError, Options, Source
from convert.core.model import Document, Provenance
from convert.core.provenance import conversion_time, iso_time

from .session import Session

#: Options fields that are not recorded as options (provenance itself is there or not; the
#: recognizer is an object the session sets, not a user's setting).
NOT_RECORDED = frozenset({"provenance", "recognizer"})


def option_text(value: object) -> str:
    """An option's value as provenance shows it: ``true``/``false``, a path's file name only
    (no folders of the user's machine in an output), collections joined with ``, ``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, PurePath):
        return value.name or str(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}={option_text(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(option_text(v) for v in value))
    if isinstance(value, tuple | list):
        return ", ".join(option_text(v) for v in value)
    return str(value)


def options_used(options: Options) -> tuple[tuple[str, str], ...]:
    """``(name, value)`` of every option that differs from its default, in field order; a
    writer option as ``FORMAT.KEY`` (only those given a value other than the default), the
    user's metadata as ``metadata.KEY``."""
    defaults = Options()
    out: list[tuple[str, str]] = []
    for f in dataclasses.fields(Options):
        if f.name in NOT_RECORDED:
            continue
        value = getattr(options, f.name)
        if f.name == "writer_options":
            for writer, given in sorted(value.items()):
                for spec in given.specs():
                    own = getattr(given, spec.key)
                    if own != spec.default:
                        out.append((f"{writer}.{spec.key}", option_text(own)))
        elif f.name == "metadata":  # (the user's metadata, one KEY=VALUE each: later ones win)
            out += [(f"metadata.{key}", text) for key, text in value]
        elif value != getattr(defaults, f.name):
            out.append((f.name, option_text(value)))
    return tuple(out)


def packages(session: Session, reader: str, steps: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``(package, version)`` of every package whose reader, steps or writers took part, sorted."""
    registry = session.registry
    found = {registry.package_of("reader", reader)} if reader else set()
    found |= {registry.package_of("step", name) for name in steps}
    found |= {registry.package_of("writer", w.name) for w in session.writers}
    return tuple(sorted(p for p in found if p[0]))


def provenance(doc: Document, source: Source, session: Session) -> Provenance:
    """How ``doc`` (``source`` read and cleaned with ``session``) is made: see
    :class:`~convert.core.model.Provenance`. A provenance the reader found in the input (a
    docconv output read again) becomes ``derived_from``."""
    from convert import __version__

    try:
        reader = session.registry.reader_for(source).name
    except ConversionError:
        reader = ""
    steps = tuple(s.name for s in session.steps())
    return Provenance(
        source=source.name,
        sha256=hashlib.sha256(source.data).hexdigest(),
        converted=iso_time(conversion_time()),
        version=__version__,
        reader=reader,
        steps=steps,
        plugins=packages(session, reader, steps),
        options=options_used(session.options),
        removals=tuple(sorted(Counter(r.kind for r in doc.removals).items())),
        derived_from=doc.meta.provenance,
    )


def stamp(doc: Document, source: Source, session: Session) -> Document:
    """``doc`` with its provenance filled in (:func:`provenance`), or with none at all when
    ``--no-provenance`` (``Options.provenance``) is set: an earlier conversion's provenance
    the reader found is never passed on as if it were this one."""
    if not session.options.provenance:
        return doc.with_meta(provenance=None) if doc.meta.provenance is not None else doc
    return doc.with_meta(provenance=provenance(doc, source, session))
