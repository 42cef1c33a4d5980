"""The module names of docconv 0.1 (``convert.formats``, ``convert.model``, ``convert.testing``...),
kept importable for one release as thin aliases of their new homes, with a
:class:`DeprecationWarning` that names the new module.

An alias module holds nothing itself: every attribute is looked up in its new module(s).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import warnings
from types import ModuleType

#: old module -> the modules its names now live in (looked up in this order).
ALIASES: dict[str, tuple[str, ...]] = {
    "convert.formats": ("convert.core.contracts",),
    "convert.hookspecs": ("convert.core.hookspecs",),
    "convert.model": ("convert.core.model",),
    "convert.rules": ("convert.core.rules",),
    "convert.textutil": ("convert.core.textutil",),
    "convert.markdown": ("convert.writers.markdown", "convert.readers.markdown"),
    "convert.outline": ("convert.writers._outline",),
    "convert.zipfix": ("convert.writers._zip",),
    "convert.html_extract": ("convert.readers.html.extract",),
    "convert.pdf_layout": ("convert.readers.pdf.layout",),
    "convert.pipeline": ("convert.app.pipeline", "convert.app.staging", "convert.app.inputs", "convert.app.report"),
    "convert.plugins": ("convert.app.plugins",),
    "convert.batch": (
        "convert.app.batch",
        "convert.app.inputs",
        "convert.app.workers",
        "convert.app.staging",
        "convert.app.progress",
        "convert.app.report",
    ),
    "convert.sync": ("convert.app.sync",),
    "convert.audit": ("convert.app.audit",),
    "convert.cli": ("convert.app.cli",),
    "convert.testing": ("convert.app.testing",),
    "convert.default_plugins": (),
    "convert.default_plugins.text_reader": ("convert.readers.text", "convert.core.decode", "convert.core.segment"),
    "convert.default_plugins.markdown_reader": ("convert.readers.markdown",),
    "convert.default_plugins.html_reader": ("convert.readers.html",),
    "convert.default_plugins.pdf_reader": ("convert.readers.pdf",),
    "convert.default_plugins.markdown_writer": ("convert.writers.markdown",),
    "convert.default_plugins.docx_writer": ("convert.writers.docx",),
    "convert.default_plugins.epub_writer": ("convert.writers.epub",),
    "convert.default_plugins.cleaning": ("convert.steps",),
    "convert.steps.layout": ("convert.steps._layout",),
    "convert.steps.structure": ("convert.steps._numbering",),
}


class _Alias(ModuleType):
    """A module whose attributes are those of its new modules."""

    _targets: tuple[ModuleType, ...] = ()

    def __getattr__(self, name: str) -> object:
        for target in self._targets:
            if hasattr(target, name):
                return getattr(target, name)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        return sorted({n for t in self._targets for n in dir(t)} | set(super().__dir__()))


class _Loader:
    """An import loader (duck-typed: importing importlib.abc would cost start-up time)."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return _Alias(spec.name)

    def exec_module(self, module: ModuleType) -> None:
        targets = ALIASES[module.__name__]
        if targets:
            warnings.warn(
                f"{module.__name__} is deprecated and will be removed in docconv 0.3; import from {targets[0]} instead",
                DeprecationWarning,
                stacklevel=2,
            )
        module._targets = tuple(importlib.import_module(t) for t in targets)  # type: ignore[attr-defined]


class _Finder:
    """A meta path finder for the names in :data:`ALIASES`."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in ALIASES:
            return None
        package = not ALIASES[fullname]  # a former package (default_plugins): its old submodules resolve too
        return importlib.machinery.ModuleSpec(fullname, _Loader(), is_package=package)


def install() -> None:
    """Make the old names importable (idempotent; called when :mod:`convert` is imported)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
