"""Finding plugins and collecting what they contribute.

Built-in formats and steps are plugins too: the modules in :data:`DEFAULT_PLUGINS` are
registered on the same hooks as third-party plugins found through the ``docconv``
entry-point group. A plugin that fails to import or to register is reported on stderr and
skipped.

Environment:

``DOCCONV_DISABLE_PLUGINS=1``
    load no third-party plugins (built-ins only); a comma-separated list of names blocks
    just those.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pluggy

from convert.core import hookspecs
from convert.core.contracts import ConversionError, Reader, Source, Step, Writer
from convert.core.rules import DEFAULT_RULES, RuleSet, load_rules

ENTRY_POINT_GROUP = "docconv"
#: The built-in plugins: module -> the name ``docconv plugins --all`` lists it under.
DEFAULT_PLUGINS = {
    "convert.readers.text": "text_reader",
    "convert.readers.pdf": "pdf_reader",
    "convert.readers.html": "html_reader",
    "convert.readers.markdown": "markdown_reader",
    "convert.writers.markdown": "markdown_writer",
    "convert.writers.docx": "docx_writer",
    "convert.writers.epub": "epub_writer",
    "convert.steps": "cleaning",
}

T = TypeVar("T", Reader, Writer, Step)


@dataclass
class PluginInfo:
    """Where a loaded plugin comes from and what it registered."""

    name: str
    builtin: bool
    package: str | None = None
    version: str | None = None
    module: str | None = None
    readers: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    def as_dict(self, pm: pluggy.PluginManager) -> dict[str, object]:
        plugin = pm.get_plugin(self.name)
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or []) if plugin else []
        return {
            "name": self.name,
            "builtin": self.builtin,
            "package": self.package,
            "version": self.version,
            "module": self.module,
            "hooks": hooks,
            "readers": self.readers,
            "writers": self.writers,
            "steps": self.steps,
            "rules": self.rules,
        }


@dataclass
class Registry:
    """Everything the loaded plugins contributed, in one place."""

    pm: pluggy.PluginManager
    plugins: dict[str, PluginInfo]
    readers: list[Reader]
    writers: dict[str, Writer]
    steps: list[Step]
    rule_files: list[Path]
    problems: list[str]
    _rules: RuleSet | None = None

    def reader_for(self, source: Source) -> Reader:
        """The highest-priority reader that accepts ``source``."""
        candidates = [r for r in self.readers if r.accepts(source)]
        if not candidates:
            known = ", ".join(sorted({ext for r in self.readers for ext in r.extensions}))
            raise ConversionError(f"no reader for this kind of file (known: {known})")
        return max(candidates, key=lambda r: r.priority)

    def writer(self, name: str) -> Writer:
        try:
            return self.writers[name]
        except KeyError:
            known = ", ".join(sorted(self.writers))
            raise ConversionError(f"unknown output format {name!r} (known: {known})") from None

    def ordered_steps(self) -> list[Step]:
        return sorted(self.steps, key=lambda s: s.order)

    def rules(self, extra: Iterable[Path] = ()) -> RuleSet:
        """The merged rule set: built-in, plugin-contributed, then ``extra`` files."""
        if self._rules is None:
            self._rules = load_rules(self.rule_files)
        extra = tuple(extra)
        return self._rules.merged(load_rules(extra)) if extra else self._rules


def _warn(message: str) -> None:
    print(f"docconv: warning: {message}", file=sys.stderr)


def _blocked_names() -> tuple[bool, set[str]]:
    value = os.environ.get("DOCCONV_DISABLE_PLUGINS", "").strip()
    if value.lower() in ("1", "true", "yes", "all", "*"):
        return True, set()
    return False, {v.strip() for v in value.split(",") if v.strip()}


def _entry_point_plugins() -> Iterable[tuple[str, Callable[[], object], metadata.EntryPoint]]:
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        yield ep.name, ep.load, ep


def build_registry(extra_modules: Iterable[str] = (), *, load_entry_points: bool = True) -> Registry:
    """Create a plugin manager, register built-ins and third-party plugins, collect objects.

    :param extra_modules: module names to load as plugins for this run (``--plugin``).
    :param load_entry_points: whether to look for installed plugins (tests turn it off).
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(message)
        _warn(message)

    for modname, name in DEFAULT_PLUGINS.items():
        pm.register(importlib.import_module(modname), name=name)
        infos[name] = PluginInfo(name=name, builtin=True, package="docconv", module=modname)

    all_off, blocked = _blocked_names()
    if load_entry_points and not all_off and not getattr(sys, "_called_from_test", False):
        for name, load, ep in _entry_point_plugins():
            if name in blocked or name in infos:
                if name in infos:
                    problem(f"plugin {name!r} from {ep.value} clashes with a loaded plugin; skipped")
                continue
            try:
                plugin = load()
                pm.register(plugin, name=name)
            except Exception as exc:  # a broken plugin must not take docconv down
                problem(f"plugin {name!r} failed to load: {type(exc).__name__}: {exc}")
                continue
            dist = ep.dist
            infos[name] = PluginInfo(
                name=name,
                builtin=False,
                package=dist.name if dist else None,
                version=dist.version if dist else None,
                module=ep.value,
            )

    for modname in extra_modules:
        name = modname
        try:
            module: ModuleType = importlib.import_module(modname)
            pm.register(module, name=name)
        except Exception as exc:
            problem(f"plugin module {modname!r} failed to load: {type(exc).__name__}: {exc}")
            continue
        infos[name] = PluginInfo(name=name, builtin=False, module=modname)

    while True:  # every plugin with a misspelt hook is reported and dropped, not just the first
        try:
            pm.check_pending()
            break
        except pluggy.PluginValidationError as exc:
            name = pm.get_name(exc.plugin) or repr(exc.plugin)
            problem(f"plugin {name!r} implements an unknown hook: {exc}")
            pm.unregister(exc.plugin)
            infos.pop(name, None)

    registry = Registry(
        pm=pm, plugins=infos, readers=[], writers={}, steps=[], rule_files=[DEFAULT_RULES], problems=problems
    )
    _collect(registry)
    return registry


def _collect(reg: Registry) -> None:
    """Call the register_* hooks of each plugin separately, so a failure names its plugin."""
    seen: dict[str, set[str]] = {"reader": set(), "writer": set(), "step": set()}

    def make(kind: str, info: PluginInfo, cls: type, target: Callable[[object], None]) -> Callable[[object], None]:
        def register(obj: object) -> None:
            if not isinstance(obj, cls) or not getattr(obj, "name", ""):
                raise TypeError(f"register expects a named {cls.__name__} instance, got {obj!r}")
            if obj.name in seen[kind]:
                reg.problems.append(f"plugin {info.name!r}: {kind} {obj.name!r} is already registered; skipped")
                _warn(reg.problems[-1])
                return
            seen[kind].add(obj.name)
            target(obj)
            getattr(info, kind + "s").append(obj.name)

        return register

    def add_rules(info: PluginInfo) -> Callable[[object], None]:
        def register(path: object) -> None:
            rule_path = Path(str(path))
            try:
                load_rules([rule_path])
            except ConversionError as exc:
                reg.problems.append(f"plugin {info.name!r}: rule file not used: {exc}")
                _warn(reg.problems[-1])
                return
            reg.rule_files.append(rule_path)
            info.rules.append(str(path))

        return register

    for hook, kind, cls, target in (
        ("register_readers", "reader", Reader, reg.readers.append),
        ("register_writers", "writer", Writer, lambda w: reg.writers.__setitem__(w.name, w)),
        ("register_steps", "step", Step, reg.steps.append),
        ("register_rules", "rules", None, None),
    ):
        for impl in getattr(reg.pm.hook, hook).get_hookimpls():
            info = reg.plugins.get(impl.plugin_name) or PluginInfo(name=impl.plugin_name, builtin=False)
            register = add_rules(info) if cls is None else make(kind, info, cls, target)
            try:
                impl.function(register=register)
            except Exception as exc:
                reg.problems.append(f"plugin {impl.plugin_name!r} failed in {hook}: {type(exc).__name__}: {exc}")
                _warn(reg.problems[-1])


_REGISTRY: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry, built on first use."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = build_registry()
    return _REGISTRY


def use_extra_plugins(modules: Iterable[str]) -> Registry:
    """Rebuild the process-wide registry with extra plugin modules (``--plugin``)."""
    global _REGISTRY
    _REGISTRY = build_registry(modules)
    return _REGISTRY
