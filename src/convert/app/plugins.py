"""Finding plugins and collecting what they contribute.

Built-in formats and steps are plugins too: the modules in :data:`DEFAULT_PLUGINS` are
registered on the same hooks as third-party plugins found through the ``docconv``
entry-point group and modules named with ``docconv --plugin MODULE``. Every hook is called
through pluggy, once per plugin (:meth:`pluggy.PluginManager.subset_hook_caller`), in
pluggy's call order: built-ins, then installed plugins, then ``--plugin`` modules, with
``tryfirst``/``trylast`` moving an implementation to the front or back and hook wrappers
wrapping each call. So a hook may omit arguments it does not use, what each plugin
registered is known, and a failure names its plugin. A plugin that fails to import or to
register is reported on stderr and skipped; the run goes on.

Environment:

``DOCCONV_PLUGINS=a,b``
    load only these installed plugins (entry-point or distribution names; built-ins always
    load; empty: none). ``docconv --plugins a,b`` does the same for one run.
``DOCCONV_DISABLE_PLUGINS=1``
    load no installed plugins (built-ins only); a comma-separated list of names blocks
    just those.
``DOCCONV_TRACE_PLUGINS=1``
    print pluggy's trace of plugin registration and of every hook call (which plugins
    implement it, the arguments, the result) to stderr.

A registry may hold only some kinds of contribution (``build_registry(kinds=...)``): then
only the built-in modules of those kinds are imported and only their ``register_*`` hooks
are called, so ``docconv --help`` (commands only), ``docconv steps`` (steps) and
``docconv formats`` (readers and writers) do not import what they do not print. Installed
and ``--plugin`` plugins are always loaded and their ``register_commands`` always called:
a plugin's commands are listed by ``--help``, and importing the plugin's module and
calling that one hook is how its commands are learnt. It costs the entry-point lookup
(:mod:`importlib.metadata`) and the plugins' own imports, and keeps ``--help`` right: a
cache of command names (or of entry points) keyed on the installed distributions would go
stale when an editable plugin's source changes or a ``dist-info`` is edited in place, and
would be one more file, in the user's home, that names code docconv imports.
This module imports only click, pluggy and the standard library at start-up; the
contracts, the rules and :mod:`importlib.metadata` are imported when a registry is built.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pluggy

from convert.core.errors import ConversionError

if TYPE_CHECKING:
    from importlib import metadata

    from convert.core.contracts import OptionSpec, Reader, Recognizer, Source, Step, Writer
    from convert.core.rules import RuleSet

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
#: The kinds of contribution a registry may collect (the ``register_*`` hooks; every registry
#: also collects the plugins' commands).
KINDS = frozenset({"readers", "writers", "steps", "rules"})


def builtin_kind(module: str) -> str:
    """The kind a built-in plugin module contributes: its layer (``convert.readers.pdf`` ->
    ``readers``, ``convert.steps`` -> ``steps``); each built-in implements that one hook."""
    return module.split(".")[1]


#: What would read a file no installed reader takes: named in the error.
DOCX_PLUGIN = (
    "install the docconv-docx-input plugin (pip install docconv-docx-input, or pip install -e "
    "plugins/docconv-docx-input in docconv's source tree)"
)
SAVE_AS_DOCX = "save it as .docx (LibreOffice: soffice --headless --convert-to docx FILE)"
READER_HINTS: dict[str, str] = {".docx": DOCX_PLUGIN, ".doc": SAVE_AS_DOCX, ".rtf": SAVE_AS_DOCX, ".odt": SAVE_AS_DOCX}


def no_reader_message(suffix: str, readers: Sequence[Reader]) -> str:
    """Why no reader takes a file with ``suffix``: the extensions that are read, and what would
    read this one where that is known (:data:`READER_HINTS`; a document to save as .docx also
    needs the DOCX plugin when no reader takes .docx)."""
    known = sorted({ext for r in readers for ext in r.extensions if ext})
    if any("" in r.extensions for r in readers):
        known.append("files without an extension")
    message = f"no reader for {suffix or 'this kind of'} files (read: {', '.join(known) or 'none'})"
    hint = READER_HINTS.get(suffix.lower())
    if hint == SAVE_AS_DOCX and ".docx" not in known:
        hint += ", then " + DOCX_PLUGIN
    return f"{message}; to read it, {hint}" if hint else message


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
    commands: list[str] = field(default_factory=list)
    recognizers: list[str] = field(default_factory=list)

    def as_dict(self, pm: pluggy.PluginManager) -> dict[str, object]:
        """The plugin as ``docconv plugins`` prints it."""
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
            "commands": self.commands,
            "recognizers": self.recognizers,
        }


@dataclass
class Registry:
    """Everything the loaded plugins contributed, in one place (one per run: the command line
    keeps it on the click context)."""

    pm: pluggy.PluginManager
    plugins: dict[str, PluginInfo]
    readers: list[Reader]
    writers: dict[str, Writer]
    steps: list[Step]
    rule_files: list[Path]
    problems: list[str]
    commands: dict[str, click.Command] = field(default_factory=dict)
    #: What was collected (:data:`KINDS`; a registry for ``docconv steps`` holds steps only).
    kinds: frozenset[str] = KINDS
    _rules: RuleSet | None = None
    #: The OCR plugins' recognizers, in registration order (collected with the readers).
    recognizers: list[Recognizer] = field(default_factory=list)

    def recognizer(self) -> Recognizer | None:
        """The recognizer the PDF reader uses: the first registered, or ``None``."""
        return self.recognizers[0] if self.recognizers else None

    def reader_for(self, source: Source) -> Reader:
        """The highest-priority reader that accepts ``source``."""
        candidates = [r for r in self.readers if r.accepts(source)]
        if not candidates:
            raise ConversionError(no_reader_message(source.suffix, self.readers))
        return max(candidates, key=lambda r: r.priority)

    def writer(self, name: str) -> Writer:
        """The writer users call ``name`` (``-t name``)."""
        try:
            return self.writers[name]
        except KeyError:
            known = ", ".join(sorted(self.writers))
            raise ConversionError(f"unknown output format {name!r} (known: {known})") from None

    def ordered_steps(self) -> list[Step]:
        """The steps in the order they run."""
        return sorted(self.steps, key=lambda s: s.order)

    def rules(self, extra: Iterable[Path] = ()) -> RuleSet:
        """The merged rule set: built-in, plugin-contributed, then ``extra`` files."""
        from convert.core.rules import load_rules

        if "rules" not in self.kinds:  # (the plugins' rule files were not collected: a wrong result)
            raise RuntimeError("this registry was built without the rules (build_registry(kinds=...))")

        if self._rules is None:
            self._rules = load_rules(self.rule_files)
        extra = tuple(extra)
        return self._rules.merged(load_rules(extra)) if extra else self._rules

    def writer_flags(self) -> dict[str, tuple[Writer, OptionSpec]]:
        """The named command-line flags the writers declare: flag -> (writer, option)."""
        return {spec.flag: (w, spec) for w in self.writers.values() for spec in option_specs(w) if spec.flag}

    def package_of(self, kind: str, name: str) -> tuple[str, str]:
        """``(package, version)`` of the plugin that registered the ``kind`` (``reader``,
        ``step`` or ``writer``) called ``name``: ``("docconv", its version)`` for a built-in,
        the distribution for an installed plugin, the module (version ``""``) for a
        ``--plugin`` module; ``("", "")`` when no loaded plugin registered it."""
        for info in self.plugins.values():
            if name in getattr(info, kind + "s", ()):
                if info.builtin:
                    from convert import __version__

                    return "docconv", __version__
                return info.package or info.module or info.name, info.version or ""
        return "", ""

    def report(self, message: str) -> None:
        """Record a plugin problem and print it as a warning (this happens while the registry
        is built, so once per run)."""
        self.problems.append(message)
        _warn(message)


def option_specs(writer: Writer) -> tuple[OptionSpec, ...]:
    """The options ``writer`` declares (none when it has no ``options_class``)."""
    return writer.options_class.specs() if writer.options_class is not None else ()


def _warn(text: str) -> None:
    from .display import message  # (only when there is something to say: not at start-up)

    print(message("warning", text), file=sys.stderr)


def _env_names(variable: str) -> set[str]:
    return {v.strip() for v in os.environ.get(variable, "").split(",") if v.strip()}


def _blocked_names() -> tuple[bool, set[str]]:
    value = os.environ.get("DOCCONV_DISABLE_PLUGINS", "").strip()
    if value.lower() in ("1", "true", "yes", "all", "*"):
        return True, set()
    return False, _env_names("DOCCONV_DISABLE_PLUGINS")


def _allowlist(allow: Iterable[str] | None) -> set[str] | None:
    """The installed plugins to load (``None``: all): ``allow``, else ``DOCCONV_PLUGINS`` if set."""
    if allow is not None:
        return {name.strip() for name in allow if name.strip()}
    return _env_names("DOCCONV_PLUGINS") if "DOCCONV_PLUGINS" in os.environ else None


def _tracing_wanted() -> bool:
    return os.environ.get("DOCCONV_TRACE_PLUGINS", "").strip().lower() not in ("", "0", "false", "no")


def _entry_point_plugins() -> Iterable[tuple[str, Callable[[], object], metadata.EntryPoint]]:
    from importlib import metadata  # (here: only a run that loads installed plugins pays for it)

    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        yield ep.name, ep.load, ep


#: A plugin object to register, with what is known about it.
Candidate = tuple[object, PluginInfo]


def build_registry(
    extra_modules: Iterable[str] = (),
    *,
    load_entry_points: bool = True,
    allow: Iterable[str] | None = None,
    kinds: Collection[str] = KINDS,
) -> Registry:
    """Create a plugin manager, register built-ins and third-party plugins, collect objects.

    :param extra_modules: module names to load as plugins for this run (``--plugin``).
    :param load_entry_points: whether to look for installed plugins (tests turn it off).
    :param allow: load only these installed plugins (``--plugins``); ``None``: as
        ``DOCCONV_PLUGINS`` says, or all. Built-ins and ``extra_modules`` always load.
    :param kinds: what to collect (:data:`KINDS`, the default: everything): only the built-in
        modules of these kinds are imported and only these ``register_*`` hooks called
        (``register_commands`` always is), so a command that prints the steps does not
        import the readers and writers.
    """
    from convert.core import hookspecs
    from convert.core.rules import DEFAULT_RULES

    unknown = set(kinds) - KINDS
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)} (known: {sorted(KINDS)})")
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    if _tracing_wanted():
        _enable_tracing(pm)
    reg = Registry(
        pm=pm,
        plugins={},
        readers=[],
        writers={},
        steps=[],
        rule_files=[DEFAULT_RULES],
        problems=[],
        kinds=frozenset(kinds),
    )
    candidates = _builtin_plugins(reg.kinds)
    if load_entry_points:
        candidates += _installed_plugins(reg, set(DEFAULT_PLUGINS.values()), _allowlist(allow))
    candidates += _module_plugins(reg, extra_modules)
    _register(reg, candidates)
    _drop_misspelt(reg)
    _collect(reg)
    return reg


def _builtin_plugins(kinds: Collection[str]) -> list[Candidate]:
    """The built-in plugin modules of ``kinds``, imported."""
    return [
        (importlib.import_module(modname), PluginInfo(name=name, builtin=True, package="docconv", module=modname))
        for modname, name in DEFAULT_PLUGINS.items()
        if builtin_kind(modname) in kinds
    ]


def _installed_plugins(reg: Registry, taken: set[str], allow: set[str] | None) -> list[Candidate]:
    """The entry-point plugins to register: not blocked, allowed, importable, not clashing."""
    all_off, blocked = _blocked_names()
    if all_off or getattr(sys, "_called_from_test", False):
        return []
    found: list[Candidate] = []
    allowed_seen: set[str] = set()
    for name, load, ep in _entry_point_plugins():
        dist = ep.dist
        if allow is not None:
            matched = {name, dist.name if dist else name} & allow
            if not matched:
                continue
            allowed_seen |= matched
        if name in blocked:
            continue
        if name in taken:
            reg.report(f"plugin {name!r} from {ep.value} clashes with a loaded plugin; skipped")
            continue
        try:
            plugin = load()
        except Exception as exc:  # a broken plugin must not take docconv down
            reg.report(f"plugin {name!r} failed to load: {type(exc).__name__}: {exc}")
            continue
        taken.add(name)
        version = dist.version if dist else None
        package = dist.name if dist else None
        info = PluginInfo(name=name, builtin=False, package=package, version=version, module=ep.value)
        found.append((plugin, info))
    for name in sorted((allow or set()) - allowed_seen - taken):
        reg.report(f"plugin {name!r} is in the plugin allowlist (DOCCONV_PLUGINS or --plugins) but not installed")
    return found


def _import_plugin(spec: str) -> Any:
    """``--plugin`` names an importable module (``my_rules``) or a Python file (``./my_rules.py``)."""
    if spec.endswith(".py"):
        from importlib.util import module_from_spec, spec_from_file_location

        path = Path(spec)
        loader_spec = spec_from_file_location(f"docconv_plugin_{path.stem}", path)
        if loader_spec is None or loader_spec.loader is None or not path.is_file():
            raise FileNotFoundError(f"no such file: {spec}")
        module = module_from_spec(loader_spec)
        sys.modules[loader_spec.name] = module
        loader_spec.loader.exec_module(module)
        return module
    return importlib.import_module(spec)


def _module_plugins(reg: Registry, modules: Iterable[str]) -> list[Candidate]:
    """The ``--plugin`` modules or files, imported (each once)."""
    found: list[Candidate] = []
    for modname in dict.fromkeys(modules):
        try:
            module = _import_plugin(modname)
        except Exception as exc:
            reg.report(f"plugin module {modname!r} failed to load: {type(exc).__name__}: {exc}")
            continue
        found.append((module, PluginInfo(name=modname, builtin=False, module=modname)))
    return found


def _first_of_each(reg: Registry, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates without a later one of the same name or object (reported), so a
    ``--plugin`` module can never displace a built-in or installed plugin (also a built-in
    this registry did not import: its name stays taken)."""
    names: set[str] = {name for module, name in DEFAULT_PLUGINS.items() if builtin_kind(module) not in reg.kinds}
    objects: set[int] = set()
    kept: list[Candidate] = []
    for plugin, info in candidates:
        if info.name in names or id(plugin) in objects:
            reg.report(f"plugin {info.name!r} ({info.module}) is already loaded; skipped")
            continue
        names.add(info.name)
        objects.add(id(plugin))
        kept.append((plugin, info))
    return kept


def _register(reg: Registry, candidates: Sequence[Candidate]) -> None:
    """Register the plugins in reverse, so that pluggy (which calls the last registered first)
    calls built-ins first, then installed plugins, then ``--plugin`` modules."""
    registered: set[str] = set()
    candidates = _first_of_each(reg, candidates)
    for plugin, info in reversed(candidates):
        try:
            reg.pm.register(plugin, name=info.name)
        except Exception as exc:  # a duplicate name, or a hook implementation with unknown arguments
            reg.report(f"plugin {info.name!r} failed to load: {type(exc).__name__}: {exc}")
            continue
        reg.pm.trace("registered plugin", info.name, "from", info.module or repr(plugin))
        registered.add(info.name)
    reg.plugins.update((info.name, info) for _, info in candidates if info.name in registered)


def _drop_misspelt(reg: Registry) -> None:
    """Report and unregister every plugin with a misspelt hook, not just the first."""
    while True:
        try:
            reg.pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            name = reg.pm.get_name(exc.plugin) or repr(exc.plugin)
            reg.report(f"plugin {name!r} implements an unknown hook: {exc}")
            reg.pm.unregister(exc.plugin)
            reg.plugins.pop(name, None)


def _enable_tracing(pm: pluggy.PluginManager) -> None:
    """Print pluggy's trace to stderr: registrations, and each hook call with the plugins that
    implement it, its arguments and its result."""
    pm.trace.root.setwriter(lambda text: print(text, end="", file=sys.stderr))
    hooktrace = pm.trace.root.get("hook")

    def before(hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]) -> None:
        hooktrace.root.indent += 1
        hooktrace(hook_name, "->", ", ".join(i.plugin_name for i in impls) or "(no implementation)", dict(kwargs))

    def after(
        outcome: pluggy.Result[object], hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, object]
    ) -> None:
        if outcome.exception is not None:
            hooktrace("failed", hook_name, "-->", f"{type(outcome.exception).__name__}: {outcome.exception}")
        else:
            hooktrace("finish", hook_name, "-->", outcome.get_result())
        hooktrace.root.indent -= 1

    pm.add_hookcall_monitoring(before, after)


def _per_plugin(reg: Registry, hook_name: str) -> list[tuple[PluginInfo, Callable[..., object]]]:
    """Each plugin implementing ``hook_name``, in pluggy's call order (``tryfirst``/``trylast``
    honoured), with a hook caller of its implementation alone (hook wrappers included)."""
    impls = [i for i in reversed(getattr(reg.pm.hook, hook_name).get_hookimpls()) if not (i.wrapper or i.hookwrapper)]
    return [
        (
            reg.plugins.get(impl.plugin_name) or PluginInfo(name=impl.plugin_name, builtin=False),
            reg.pm.subset_hook_caller(hook_name, [other.plugin for other in impls if other is not impl]),
        )
        for impl in impls
    ]


def _call_each(reg: Registry, hook_name: str, argument: str, make: Callable[[PluginInfo], object]) -> None:
    """Call ``hook_name`` through pluggy once per plugin, its ``argument`` made for that plugin
    by ``make``, so a failure names its plugin and the other plugins go on."""
    for info, caller in _per_plugin(reg, hook_name):
        try:
            caller(**{argument: make(info)})
        except Exception as exc:
            reg.report(f"plugin {info.name!r} failed in {hook_name}: {type(exc).__name__}: {exc}")


def _collect(reg: Registry) -> None:
    """Call the register_* hooks of the registry's kinds (and ``register_commands``) and keep
    what each plugin registered."""
    seen: dict[str, set[str]] = {"reader": set(), "writer": set(), "step": set(), "recognizer": set()}
    # (hook, kind of object, the registry kind it is collected with, where it goes)
    kinds: tuple[tuple[str, str, str, Callable[[Any], None]], ...] = (
        ("register_readers", "reader", "readers", reg.readers.append),
        ("register_recognizers", "recognizer", "readers", reg.recognizers.append),  # (they serve the readers)
        ("register_writers", "writer", "writers", lambda w: reg.writers.__setitem__(w.name, w)),
        ("register_steps", "step", "steps", reg.steps.append),
    )
    for hook_name, kind, collected_with, target in kinds:
        if collected_with in reg.kinds:
            from convert.core import contracts  # (not for a registry of the commands only)

            cls = getattr(contracts, kind.capitalize())  # Reader, Recognizer, Writer, Step
            _call_each(reg, hook_name, "register", partial(_object_register, reg, kind, cls, target, seen))
    if "rules" in reg.kinds:
        _call_each(reg, "register_rules", "register", partial(_rules_register, reg))
    _call_each(reg, "register_commands", "cli", partial(_CommandCollector, reg))


def _object_register(
    reg: Registry,
    kind: str,
    cls: type,
    target: Callable[[Any], None],
    seen: dict[str, set[str]],
    info: PluginInfo,
) -> Callable[[object], None]:
    """The ``register`` callable one plugin gets for readers, recognizers, writers or steps."""
    from convert.core.contracts import Writer

    def register(obj: object) -> None:
        name = getattr(obj, "name", "")
        if not isinstance(obj, cls) or not name:
            raise TypeError(f"register expects a named {cls.__name__} instance, got {obj!r}")
        if name in seen[kind]:
            reg.report(f"plugin {info.name!r}: {kind} {name!r} is already registered; skipped")
            return
        if isinstance(obj, Writer) and not _writer_options_usable(reg, info, obj):
            return
        seen[kind].add(name)
        target(obj)
        getattr(info, kind + "s").append(name)

    return register


def _writer_options_usable(reg: Registry, info: PluginInfo, writer: Writer) -> bool:
    """Whether ``writer``'s options can be offered: a bad options class is the plugin's bug
    (:class:`TypeError`); a flag another writer has is reported and the writer skipped."""
    from convert.core.contracts import WriterOptions

    cls = writer.options_class
    if cls is None:
        return True
    if not (isinstance(cls, type) and issubclass(cls, WriterOptions)):
        raise TypeError(f"writer {writer.name!r}: options_class must be a WriterOptions subclass, not {cls!r}")
    taken = reg.writer_flags()
    for spec in cls.specs():
        if spec.flag is not None and not spec.flag.startswith("--"):
            raise TypeError(f"writer {writer.name!r}: flag {spec.flag!r} must start with '--'")
        if spec.flag in taken:
            other = taken[spec.flag][0].name
            reg.report(f"plugin {info.name!r}: writer {writer.name!r}: flag {spec.flag} is taken by {other!r}; skipped")
            return False
    return True


def _rules_register(reg: Registry, info: PluginInfo) -> Callable[[object], None]:
    """The ``register`` callable one plugin gets for rule files."""

    from convert.core.rules import load_rules

    def register(path: object) -> None:
        rule_path = Path(str(path))
        try:
            load_rules([rule_path])
        except ConversionError as exc:
            reg.report(f"plugin {info.name!r}: rule file not used: {exc}")
            return
        reg.rule_files.append(rule_path)
        info.rules.append(str(path))

    return register


class _CommandCollector(click.Group):
    """The ``cli`` a plugin's ``register_commands`` gets: commands added to it go to the
    registry (named after their plugin), not to a module-global group."""

    def __init__(self, reg: Registry, info: PluginInfo) -> None:
        super().__init__(name="docconv")
        self._reg = reg
        self._info = info

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Keep ``cmd`` in the registry unless another plugin took its name."""
        name = name or cmd.name
        if not name:
            raise TypeError(f"command {cmd!r} has no name")
        if name in self._reg.commands:
            self._reg.report(f"plugin {self._info.name!r}: command {name!r} is already registered; skipped")
            return
        self._reg.commands[name] = cmd
        self._info.commands.append(name)
