"""Start-up: ``docconv --help``, ``steps``, ``formats`` and shell completion import only what
they print (the built-in readers, steps and writers, and pdfplumber, python-docx, ebooklib,
lxml and rich, are left alone), and plugin commands are still listed and run.

What a command imported is read from a fresh interpreter (``sys.modules`` after the command
ran): the test process itself has imported everything long ago. Installed plugins load in
that interpreter as they would for a user (``DOCCONV_DISABLE_PLUGINS=1`` for the runs without).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import HELLO_PLUGIN

from convert.app import plugins as plugins_module
from convert.app.cli import cli

#: Runs the docconv command with the arguments given, then prints the modules it imported
#: (as JSON, on the last line of stdout).
PROBE = """\
import json, sys
sys.argv = ["docconv", *sys.argv[1:]]
from convert.app.cli import main
try:
    main()
except SystemExit:
    pass
print()
print(json.dumps(sorted(sys.modules)))
"""
HEAVY = ("pdfplumber", "pdfminer", "docx", "ebooklib", "lxml", "rich", "PIL")
BUILT_INS = ("convert.readers", "convert.steps", "convert.writers")


def run_docconv(*args: str, plugins: bool = True, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """What ``docconv ARGS`` printed and the modules it imported, in a fresh interpreter."""
    environ = {**os.environ, **(env or {})}
    environ.pop("DOCCONV_DISABLE_PLUGINS", None)
    environ.pop("DOCCONV_PLUGINS", None)
    if not plugins:
        environ["DOCCONV_DISABLE_PLUGINS"] = "1"
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=environ)
    assert proc.returncode == 0, proc.stderr
    printed, _, modules = proc.stdout.rstrip("\n").rpartition("\n")
    return printed, set(json.loads(modules))


def imported(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules that are one of ``prefixes`` or inside one."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("plugins", [True, False], ids=["installed-plugins", "no-plugins"])
def test_help_imports_no_reader_step_writer_nor_heavy_library(plugins: bool) -> None:
    printed, modules = run_docconv("--help", plugins=plugins)
    assert "Commands:" in printed and "convert" in printed and "formats" in printed
    assert imported(modules, BUILT_INS + HEAVY) == []
    assert "convert.app.writer_options" not in modules and "convert.app.session" not in modules
    assert "convert.core.textutil" not in modules  # (its tables are for cleaning, not for listing commands)


def test_help_without_plugins_looks_up_no_entry_points_and_no_contracts() -> None:
    _, modules = run_docconv("--help", plugins=False)
    assert imported(modules, ("importlib.metadata", "convert.core.contracts", "convert.core.model")) == []


@pytest.mark.parametrize("plugins", [True, False], ids=["installed-plugins", "no-plugins"])
def test_steps_imports_no_reader_nor_writer(plugins: bool) -> None:
    printed, modules = run_docconv("steps", plugins=plugins)
    assert "furniture" in printed and "paragraphs" in printed
    assert imported(modules, ("convert.readers", "convert.writers", *HEAVY)) == []


@pytest.mark.parametrize("plugins", [True, False], ids=["installed-plugins", "no-plugins"])
def test_formats_imports_no_step_nor_heavy_library(plugins: bool) -> None:
    printed, modules = run_docconv("formats", plugins=plugins)
    assert "Readers:" in printed and "epub" in printed and "-O docx." in printed
    assert imported(modules, ("convert.steps", *HEAVY)) == []


def test_shell_completion_of_commands_imports_no_reader_step_writer() -> None:
    env = {"_DOCCONV_COMPLETE": "bash_complete", "COMP_WORDS": "docconv ", "COMP_CWORD": "1"}
    printed, modules = run_docconv(env=env)
    assert {"plain,convert", "plain,steps", "plain,formats"} <= set(printed.split())
    assert imported(modules, BUILT_INS + HEAVY) == []


def test_plugin_commands_are_listed_without_the_built_ins_and_run(tmp_path: Path) -> None:
    (tmp_path / "hello_startup_plugin.py").write_text(textwrap.dedent(HELLO_PLUGIN), encoding="utf-8")
    path = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    env = {"PYTHONPATH": path}
    printed, modules = run_docconv("--plugin", "hello_startup_plugin", "--help", env=env)
    assert "hello    Say hello (a test plugin command)." in printed
    assert "hello_startup_plugin" in modules and imported(modules, BUILT_INS + HEAVY) == []
    completion = {"_DOCCONV_COMPLETE": "bash_complete", "COMP_WORDS": "docconv --plugin hello_startup_plugin h"}
    printed, modules = run_docconv(env={**env, **completion, "COMP_CWORD": "3"})
    assert printed.split() == ["plain,hello"] and imported(modules, BUILT_INS + HEAVY) == []
    printed, _ = run_docconv("--plugin", "hello_startup_plugin", "hello", "Ada", plugins=False, env=env)
    assert printed.strip() == "Hello, Ada (3 writers)"


def test_installed_plugin_commands_are_listed_from_a_registry_of_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--help`` builds a registry of the plugins' commands only: no built-in is imported."""

    class FakeEP:
        value = "greeter_module"
        dist = None

    module = type(sys)("greeter_module")
    namespace: dict[str, object] = {}
    exec(textwrap.dedent(HELLO_PLUGIN), namespace)  # (the plugin module's body)
    module.register_commands = namespace["register_commands"]  # type: ignore[attr-defined]
    monkeypatch.setattr(plugins_module, "_entry_point_plugins", lambda: [("greeter", lambda: module, FakeEP())])
    monkeypatch.setattr(sys, "_called_from_test", False, raising=False)
    monkeypatch.delenv("DOCCONV_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("DOCCONV_PLUGINS", raising=False)
    kinds_built: list[frozenset[str]] = []
    real = plugins_module._builtin_plugins
    monkeypatch.setattr(plugins_module, "_builtin_plugins", lambda kinds: kinds_built.append(kinds) or real(kinds))
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "hello" in result.stdout
    assert kinds_built == [frozenset()]
    result = CliRunner().invoke(cli, ["hello", "Ada"])
    assert result.exit_code == 0 and result.stdout == "Hello, Ada (3 writers)\n"
    assert kinds_built[1:] == [plugins_module.KINDS]  # (a plugin command gets the whole registry)
    monkeypatch.setenv("DOCCONV_DISABLE_PLUGINS", "1")
    assert "hello" not in CliRunner().invoke(cli, ["--help"]).stdout


def test_a_registry_of_some_kinds_imports_and_collects_only_those() -> None:
    steps = plugins_module.build_registry(load_entry_points=False, kinds={"steps"})
    assert steps.steps and not steps.readers and not steps.writers and steps.kinds == {"steps"}
    assert set(steps.plugins) == {"cleaning"}
    formats = plugins_module.build_registry(load_entry_points=False, kinds={"readers", "writers"})
    assert formats.readers and "md" in formats.writers and not formats.steps
    whole = plugins_module.build_registry(load_entry_points=False)
    assert whole.kinds == plugins_module.KINDS and set(whole.plugins) == set(plugins_module.DEFAULT_PLUGINS.values())
    with pytest.raises(ValueError, match="unknown kinds"):
        plugins_module.build_registry(load_entry_points=False, kinds={"commands"})


def test_a_plugin_module_named_like_a_built_in_that_was_not_imported_is_still_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cleaning.py").write_text("from convert import hookimpl\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "cleaning", raising=False)
    reg = plugins_module.build_registry(["cleaning"], load_entry_points=False, kinds=())
    assert reg.plugins == {} and reg.problems == ["plugin 'cleaning' (cleaning) is already loaded; skipped"]
    sys.modules.pop("cleaning", None)


def test_a_registry_without_the_rules_does_not_merge_them() -> None:
    reg = plugins_module.build_registry(load_entry_points=False, kinds={"steps"})
    with pytest.raises(RuntimeError, match="without the rules"):
        reg.rules()
    assert plugins_module.build_registry(load_entry_points=False, kinds={"rules"}).rules().lines


def test_the_run_registry_is_reused_or_grows_to_what_a_command_asks_for() -> None:
    from convert.app.cli import current_registry

    seen: list[plugins_module.Registry] = []

    @click.command()
    def probe() -> None:
        seen.extend([current_registry({"steps"}), current_registry({"steps"}), current_registry({"writers"})])
        seen.extend([current_registry(()), current_registry()])

    result = CliRunner().invoke(probe, [])
    assert result.exit_code == 0, result.output
    steps, again, writers, listed, whole = seen
    assert steps is again and steps.kinds == {"steps"} and writers.kinds == {"steps", "writers"}
    assert listed is writers and whole.kinds == plugins_module.KINDS


def test_the_lazy_exports_are_the_public_names_and_each_resolves() -> None:
    """``convert``'s names are listed three times (for type checkers, for :func:`__getattr__`,
    in ``__all__`` for the linters): the last two must agree, and each name must be there."""
    import convert

    assert set(convert.__all__) == {*convert._EXPORTS, "__version__"}
    assert all(getattr(convert, name) is not None for name in convert.__all__)
