"""The module names of docconv 0.1 (``convert.formats``, ``convert.model``, ``convert.testing``...)
still import until 0.3, as aliases of their new homes: each warns, naming the new module, and
hands out the very objects of the new modules."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from collections.abc import Callable
from types import ModuleType

import pytest

import convert
from convert._deprecated import ALIASES

#: Old names that moved somewhere (``convert.default_plugins`` itself was only a package).
MOVED = [name for name, targets in ALIASES.items() if targets]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], ModuleType]:
    """Import an old name afresh (so it warns again); the module cache is restored afterwards."""

    def load(name: str) -> ModuleType:
        monkeypatch.delitem(sys.modules, name, raising=False)
        parent, _, child = name.rpartition(".")
        if parent in sys.modules:
            monkeypatch.delattr(sys.modules[parent], child, raising=False)
        return importlib.import_module(name)

    return load


def quietly(name: str) -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module(name)


def test_there_are_old_names() -> None:
    assert {"convert.formats", "convert.model", "convert.testing", "convert.markdown", "convert.pipeline"} <= set(MOVED)


@pytest.mark.parametrize("name", MOVED)
def test_old_name_imports_with_a_warning_naming_the_new_module(name: str, fresh: Callable[[str], ModuleType]) -> None:
    with pytest.warns(DeprecationWarning) as record:
        module = fresh(name)
    assert module.__name__ == name
    messages = [str(w.message) for w in record if issubclass(w.category, DeprecationWarning)]
    new = ALIASES[name][0]
    assert any(name in m and f"import from {new} instead" in m and "docconv 0.3" in m for m in messages), messages


@pytest.mark.parametrize("name", MOVED)
def test_old_name_hands_out_the_new_objects(name: str) -> None:
    alias = quietly(name)
    targets = [importlib.import_module(t) for t in ALIASES[name]]
    public = {attr for target in targets for attr in dir(target) if not attr.startswith("_")}
    assert public
    for attr in sorted(public):
        expected = next(getattr(t, attr) for t in targets if hasattr(t, attr))  # first new module wins
        assert getattr(alias, attr) is expected, f"{name}.{attr} is not {expected!r}"
    assert public <= set(dir(alias))


@pytest.mark.parametrize(
    ("old", "attr", "new"),
    [
        ("convert.formats", "Reader", "convert.core.contracts"),
        ("convert.formats", "Step", "convert.core.contracts"),
        ("convert.formats", "Writer", "convert.core.contracts"),
        ("convert.formats", "ConversionError", "convert.core.errors"),
        ("convert.model", "Document", "convert.core.model"),
        ("convert.hookspecs", "hookimpl", "convert.core.hookspecs"),
        ("convert.markdown", "render", "convert.writers.markdown"),
        ("convert.markdown", "split_front_matter", "convert.readers.markdown"),
        ("convert.testing", "check_writer", "convert.app.testing"),
        ("convert.testing", "check_step", "convert.app.testing"),
        ("convert.testing", "check_reader", "convert.app.testing"),
        ("convert.pipeline", "convert_source", "convert.app.pipeline"),
        ("convert.pipeline", "write_atomic", "convert.app.staging"),
        ("convert.pipeline", "load_source", "convert.app.inputs"),
        ("convert.plugins", "build_registry", "convert.app.plugins"),
        ("convert.default_plugins.text_reader", "TextReader", "convert.readers.text"),
        ("convert.default_plugins.text_reader", "decode", "convert.core.decode"),
        ("convert.default_plugins.text_reader", "split_lines", "convert.core.segment"),
        ("convert.default_plugins.cleaning", "register_steps", "convert.steps"),
        ("convert.steps.layout", "wrap_width", "convert.steps._layout"),
    ],
)
def test_known_old_names_resolve(old: str, attr: str, new: str) -> None:
    assert getattr(quietly(old), attr) is getattr(importlib.import_module(new), attr)


def test_from_import_of_an_old_name() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from convert.formats import Reader  # type: ignore[import-not-found]
        from convert.testing import check_writer  # type: ignore[import-not-found]
    assert Reader is convert.Reader
    assert check_writer is importlib.import_module("convert.app.testing").check_writer


def test_an_unknown_attribute_of_an_old_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"module 'convert\.formats' has no attribute 'Nothing'"):
        quietly("convert.formats").Nothing  # noqa: B018


def test_the_old_default_plugins_package_holds_only_old_names() -> None:
    package = quietly("convert.default_plugins")
    assert package.__name__ == "convert.default_plugins"
    children = [n for n in ALIASES if n.startswith("convert.default_plugins.")]
    assert children and all(ALIASES[n] for n in children)


def test_the_new_names_never_touch_the_old_ones() -> None:
    """Importing docconv, its command line and its test kit raises no DeprecationWarning."""
    code = "import convert, convert.app.cli, convert.app.testing, convert.app.sync, convert.steps, convert.writers.epub"
    proc = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
