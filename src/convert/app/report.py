"""The record format of ``--report``, the ``sync`` log and ``inspect --json``: one module owns it."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from convert.core.model import Change, Document, Removal


def _record(item: Removal | Change) -> dict[str, object]:
    """A removal or change as a flat JSON object, its origin as ``page`` and ``line``."""
    data = dataclasses.asdict(item)
    origin = data.pop("origin") or {}
    return data | {"page": origin.get("page"), "line": origin.get("line")}


def report_entry(doc: Document | None, source: str, outputs: Sequence[Path], error: str | None) -> dict[str, object]:
    """One input's record for ``--report``: outputs, metadata, warnings, removals, changes."""
    entry: dict[str, object] = {
        "input": source,
        "status": "failed" if error else "converted",
        "outputs": [str(p) for p in outputs],
    }
    if error:
        entry["error"] = error
    if doc is not None:
        entry["metadata"] = {k: v for k, v in dataclasses.asdict(doc.meta).items() if v not in (None, (), "")}
        entry["warnings"] = list(doc.warnings)
        entry["removals"] = [_record(r) for r in doc.removals]
        entry["changes"] = [_record(c) for c in doc.changes]
    return entry
