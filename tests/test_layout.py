"""The package layout and its import rules, checked on the source with ``ast`` (not by importing it).

``src/convert`` is laid out by pipeline stage, in layers: ``core`` (the contract every stage
shares) < ``readers``, ``steps``, ``writers`` (the built-in plugins) < ``app`` (plugin loading,
session, pipeline, batch, command line). Each rule below is one test; a failure lists every
offending import as ``module line N: statement`` with the rule it breaks.

Every ``import`` and ``from ... import`` statement counts, at module level or inside a function.
Imports under ``if TYPE_CHECKING:`` count for the layer rules but not for cycles (they never run).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from convert._deprecated import ALIASES

SRC = Path(__file__).resolve().parents[1] / "src" / "convert"
#: What the top of the package may hold: entry points, the deprecated aliases, data, and the layers.
TOP_LEVEL = {"__init__.py", "__main__.py", "_deprecated.py", "py.typed", "testdata"}
LAYERS = ("core", "readers", "steps", "writers", "app")
PLUGIN_LAYERS = ("readers", "steps", "writers")


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: Every module of the package, by name (``convert.readers.html`` is ``readers/html/__init__.py``).
MODULES: dict[str, Path] = {
    module_name(p): p for p in sorted(SRC.rglob("*.py")) if "__pycache__" not in p.relative_to(SRC).parts
}


@dataclass(frozen=True)
class Import:
    """One module importing another module of the package."""

    importer: str
    target: str
    line: int
    statement: str
    type_only: bool = False
    function: str = ""

    def __str__(self) -> str:
        where = f" (in {self.function}())" if self.function else ""
        return f"{self.importer} line {self.line}{where}: {self.statement}"


def resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute module name of a (possibly relative) ``from`` import."""
    if not level:
        return module or ""
    package = importer if is_package else importer.rpartition(".")[0]
    if level > 1:
        package = package.rsplit(".", level - 1)[0]
    return f"{package}.{module}" if module else package


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector(ast.NodeVisitor):
    def __init__(self, importer: str, is_package: bool) -> None:
        self.importer = importer
        self.is_package = is_package
        self.found: list[Import] = []
        self.type_only = False
        self.function = ""

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> None:
        if is_type_checking(node.test):
            outer, self.type_only = self.type_only, True
            for child in node.body:
                self.visit(child)
            self.type_only = outer
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def add(self, node: ast.stmt, target: str) -> None:
        statement = ast.unparse(node)
        self.found.append(Import(self.importer, target, node.lineno, statement, self.type_only, self.function))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "convert" or alias.name.startswith("convert."):
                self.add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = resolve(self.importer, self.is_package, node.level, node.module)
        if base != "convert" and not base.startswith("convert."):
            return
        targets = []
        for alias in node.names:
            candidate = f"{base}.{alias.name}"  # ``from convert.core import hookspecs`` imports a module
            target = candidate if candidate in MODULES or candidate in ALIASES else base
            if target not in targets:
                targets.append(target)
                self.add(node, target)


def imports_in(source: str, module: str, *, is_package: bool = False) -> list[Import]:
    """The imports of package modules in ``source``, the text of ``module``."""
    collector = _Collector(module, is_package)
    collector.visit(ast.parse(source, filename=module))
    return collector.found


IMPORTS: list[Import] = [
    imp
    for module, path in MODULES.items()
    for imp in imports_in(path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py")
]


def layer(module: str) -> str | None:
    """``core``, ``readers``, ``steps``, ``writers`` or ``app``; ``None`` for the top-level modules."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def unit(module: str) -> str:
    """The plugin a module belongs to: ``convert.readers.html.extract`` -> ``convert.readers.html``,
    ``convert.steps._layout`` -> ``convert.steps._layout``; a layer package is its own unit."""
    return ".".join(module.split(".")[:3])


def is_private_helper(module: str) -> bool:
    """``steps/_layout.py``, ``writers/_zip.py``: helpers the plugins of one layer share."""
    parts = module.split(".")
    return len(parts) > 2 and parts[2].startswith("_")


def fail_with(rule: str, found: list[str]) -> None:
    assert not found, f"{rule}:\n  " + "\n  ".join(found)


# ---------------------------------------------------------------- the rules, as functions


def core_rule(imp: Import) -> str | None:
    if layer(imp.importer) == "core" and layer(imp.target) != "core":
        return f"core imports only core; {imp.target} is not in convert.core"
    return None


def app_rule(imp: Import) -> str | None:
    if layer(imp.importer) in PLUGIN_LAYERS and layer(imp.target) == "app":
        return f"{layer(imp.importer)} never import app"
    return None


def plugin_rule(imp: Import) -> str | None:
    """A reader module imports only core and its own reader's modules; a step or writer module
    only core, its own modules and its layer's private helpers. A layer package (which
    registers the built-ins, like ``convert.steps``) may import its own layer."""
    kind = layer(imp.importer)
    if kind not in PLUGIN_LAYERS or layer(imp.target) in ("core", "app"):  # app: see app_rule
        return None
    if imp.importer == f"convert.{kind}" and layer(imp.target) == kind:
        return None
    if layer(imp.target) == kind and unit(imp.target) == unit(imp.importer):
        return None
    if kind != "readers" and layer(imp.target) == kind and is_private_helper(imp.target):
        return None
    if kind == "readers":
        return f"a reader module imports only convert.core and {unit(imp.importer)}.*"
    return f"a {kind[:-1]} module imports only convert.core and convert.{kind}._* helpers, never another {kind[:-1]}"


def deprecated_rule(imp: Import) -> str | None:
    if imp.target in ALIASES:
        new = ", ".join(ALIASES[imp.target]) or "its new module"
        return f"{imp.target} is a deprecated alias; import from {new}"
    return None


# ---------------------------------------------------------------- the tests


def test_the_package_holds_what_the_rules_expect() -> None:
    assert len(MODULES) > 30 and len(IMPORTS) > 100
    assert {layer(m) for m in MODULES} == {None, *LAYERS}


def test_top_level_holds_only_the_entry_points_and_the_layers() -> None:
    entries = {p.name for p in SRC.iterdir() if p.name != "__pycache__"}
    unexpected = sorted(entries - TOP_LEVEL - set(LAYERS))
    assert not unexpected, (
        f"src/convert/ holds {unexpected}: put modules in one of the layers {LAYERS} "
        "(core: the contract; readers/steps/writers: built-in plugins; app: everything around them)"
    )
    missing = [name for name in LAYERS if not (SRC / name / "__init__.py").is_file()]
    assert not missing, f"layers without an __init__.py: {missing}"


def test_core_imports_nothing_from_the_other_layers() -> None:
    fail_with(
        "convert.core must not import readers, steps, writers or app",
        [f"{imp}  ({why})" for imp in IMPORTS if (why := core_rule(imp))],
    )


def test_readers_steps_and_writers_never_import_app() -> None:
    fail_with(
        "readers, steps and writers must not import convert.app",
        [f"{imp}  ({why})" for imp in IMPORTS if (why := app_rule(imp))],
    )


def test_no_plugin_imports_another_plugin() -> None:
    fail_with(
        "a built-in plugin must not import another plugin (share code through convert.core)",
        [f"{imp}  ({why})" for imp in IMPORTS if (why := plugin_rule(imp))],
    )


def test_no_module_imports_a_deprecated_name() -> None:
    found = [f"{imp}  ({why})" for imp in IMPORTS if (why := deprecated_rule(imp))]
    for module, path in MODULES.items():  # import_module("convert.formats"), DEFAULT_PLUGINS entries...
        if module == "convert._deprecated":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in ALIASES:
                found.append(f"{module} line {node.lineno}: {node.value!r}  (a deprecated module name as a string)")
    fail_with("old module names are for code outside docconv only", found)


def import_cycles() -> list[list[str]]:
    """Every strongly connected group of modules (Tarjan), as a cycle to report."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in IMPORTS:
        if not imp.type_only and imp.target in MODULES and imp.target != imp.importer:
            graph[imp.importer].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles() -> None:
    found = []
    for group in import_cycles():
        edges = [str(imp) for imp in IMPORTS if imp.importer in group and imp.target in group and not imp.type_only]
        found.append(" <-> ".join(group) + ":\n    " + "\n    ".join(edges))
    fail_with("modules import each other (move what both need into a module below them)", found)


# ---------------------------------------------------------------- the checker catches what it should


@pytest.mark.parametrize(
    ("importer", "target", "rule"),
    [
        ("convert.core.model", "convert.app.plugins", core_rule),
        ("convert.core.model", "convert.readers.text", core_rule),
        ("convert.core.model", "convert", core_rule),
        ("convert.readers.text", "convert.app.pipeline", app_rule),
        ("convert.steps.ads", "convert.app.session", app_rule),
        ("convert.readers.html.extract", "convert.readers.text", plugin_rule),
        ("convert.readers.markdown", "convert.readers.html.extract", plugin_rule),
        ("convert.readers.text", "convert.steps.control", plugin_rule),
        ("convert.steps.paragraphs", "convert.steps.title", plugin_rule),
        ("convert.steps.title", "convert.writers._outline", plugin_rule),
        ("convert.writers.docx", "convert.writers.markdown", plugin_rule),
        ("convert.writers.epub", "convert", plugin_rule),
        ("convert.app.cli", "convert.formats", deprecated_rule),
        ("convert.steps.title", "convert.steps.layout", deprecated_rule),
    ],
)
def test_a_breach_is_caught(importer: str, target: str, rule: object) -> None:
    imp = Import(importer, target, 1, f"import {target}")
    assert rule(imp), f"{rule.__name__} lets {importer} import {target}"  # type: ignore[attr-defined,operator]


@pytest.mark.parametrize(
    ("importer", "target"),
    [
        ("convert.core.contracts", "convert.core.model"),
        ("convert.readers.html", "convert.readers.html.extract"),
        ("convert.readers.html.extract", "convert.core.textutil"),
        ("convert.steps", "convert.steps.ads"),
        ("convert.steps.title", "convert.steps._layout"),
        ("convert.steps._layout", "convert.steps._numbering"),
        ("convert.writers.docx", "convert.writers._zip"),
        ("convert.app.cli", "convert.writers.markdown"),
        ("convert.app.cli", "convert"),
    ],
)
def test_an_allowed_import_passes(importer: str, target: str) -> None:
    imp = Import(importer, target, 1, f"import {target}")
    assert not [why for rule in (core_rule, app_rule, plugin_rule, deprecated_rule) if (why := rule(imp))]


SOURCE = """
from typing import TYPE_CHECKING

import click
import convert.core.model
from convert.core import hookspecs
from convert.core.contracts import Step
from . import _layout
from ..writers import markdown

if TYPE_CHECKING:
    from convert.app.session import Session


def run():
    from convert.formats import Reader
    from convert import markdown
"""


def test_imports_are_found_at_module_level_in_functions_relative_and_under_type_checking() -> None:
    found = [(imp.line, imp.target, imp.type_only) for imp in imports_in(SOURCE, "convert.steps.title")]
    assert [imp.function for imp in imports_in(SOURCE, "convert.steps.title")][-2:] == ["run", "run"]
    assert found == [
        (5, "convert.core.model", False),
        (6, "convert.core.hookspecs", False),  # a module imported from its package
        (7, "convert.core.contracts", False),
        (8, "convert.steps._layout", False),
        (9, "convert.writers.markdown", False),
        (12, "convert.app.session", True),
        (16, "convert.formats", False),
        (17, "convert.markdown", False),  # an old module name, from the package
    ]
    relative = imports_in("from . import extract\nfrom .extract import x\n", "convert.readers.html", is_package=True)
    assert [imp.target for imp in relative] == ["convert.readers.html.extract", "convert.readers.html.extract"]
