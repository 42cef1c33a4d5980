"""Provenance as flat ``(name, value)`` properties, for formats whose metadata is a flat list
(DOCX custom properties, EPUB ``<meta property>``): the same keys as the Markdown front
matter's ``docconv:`` mapping, each named ``docconv:KEY``."""

from __future__ import annotations

from convert.core.model import Provenance

#: The prefix every provenance property's name starts with (``docconv:sha256``).
PREFIX = "docconv"
#: The IRI the EPUB package's ``prefix`` attribute maps :data:`PREFIX` to.
PREFIX_IRI = "https://github.com/docconv/docconv/blob/main/docs/provenance#"


def earlier(p: Provenance) -> str:
    """An earlier conversion in one line: ``speech.txt (sha256 ab12..., converted
    2026-12-01T03:04:05Z with docconv 0.2.0)``, and its own earlier one after ``<-``."""
    text = f"{p.source} (sha256 {p.sha256}, converted {p.converted} with docconv {p.version})"
    return f"{text} <- {earlier(p.derived_from)}" if p.derived_from is not None else text


def properties(p: Provenance) -> list[tuple[str, str]]:
    """``(docconv:KEY, value)`` per provenance key, in the front matter's order; lists joined
    with ``, ``, mappings as ``key=value`` joined with ``; ``; empty ones left out."""
    values = [
        ("version", p.version),
        ("converted", p.converted),
        ("source", p.source),
        ("sha256", p.sha256),
        ("reader", p.reader),
        ("steps", ", ".join(p.steps)),
        ("plugins", "; ".join(f"{name} {version}".strip() for name, version in p.plugins)),
        ("options", "; ".join(f"{name}={value}" for name, value in p.options)),
        ("removals", "; ".join(f"{kind}={count}" for kind, count in p.removals)),
        ("derived_from", earlier(p.derived_from) if p.derived_from is not None else ""),
    ]
    return [(f"{PREFIX}:{key}", value) for key, value in values if value]
