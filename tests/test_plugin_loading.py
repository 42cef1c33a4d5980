"""How plugins are loaded and their hooks called: through pluggy (hooks may omit arguments,
tryfirst/trylast and wrappers work), an allowlist, tracing, plugin commands, one registry
(and one set of warnings) per run, kept on the click context."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HELLO_PLUGIN

from convert import Writer, hookimpl
from convert.app import cli as cli_module
from convert.app import plugins as plugins_module
from convert.app.cli import cli

MakeModule = Callable[[str, str], str]


@pytest.fixture
def make_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeModule]:
    """Write an importable plugin module for one test; forgotten again afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    names: list[str] = []

    def make(name: str, source: str) -> str:
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        names.append(name)
        return name

    yield make
    for name in names:
        sys.modules.pop(name, None)


# ---------------------------------------------------------------- hooks called through pluggy


def test_a_hook_implementation_may_omit_arguments(make_module: MakeModule) -> None:
    name = make_module(
        "no_args_plugin",
        """
        from convert import hookimpl

        CALLED = []

        @hookimpl
        def register_rules():
            CALLED.append("register_rules")
        """,
    )
    reg = plugins_module.build_registry([name], load_entry_points=False)
    assert reg.problems == []
    assert sys.modules[name].CALLED == ["register_rules"]
    assert "register_rules" in reg.plugins[name].as_dict(reg.pm)["hooks"]


ORDER_PLUGIN = """
from convert import Reader, hookimpl

class R(Reader):
    extensions = (".zzz",)

    def read(self, source, options):
        raise NotImplementedError

@hookimpl{marker}
def register_readers(register):
    import order_record
    order_record.CALLS.append({label!r})
    reader = R()
    reader.name = {label!r}
    register(reader)
"""


def test_tryfirst_and_trylast_decide_the_call_order(make_module: MakeModule) -> None:
    make_module("order_record", "CALLS = []\n")
    late = make_module("late_plugin", ORDER_PLUGIN.format(marker="(trylast=True)", label="late"))
    plain = make_module("plain_plugin", ORDER_PLUGIN.format(marker="", label="plain"))
    early = make_module("early_plugin", ORDER_PLUGIN.format(marker="(tryfirst=True)", label="early"))
    # Loaded late, plain, early: without the markers they would be called in that order.
    reg = plugins_module.build_registry([late, plain, early], load_entry_points=False)
    assert reg.problems == []
    assert sys.modules["order_record"].CALLS == ["early", "plain", "late"]
    names = [r.name for r in reg.readers]
    assert names[0] == "early" and names[-1] == "late"
    assert names.index("text") < names.index("plain")  # built-ins before --plugin modules


def test_tryfirst_lets_a_plugin_take_a_built_in_name(make_module: MakeModule) -> None:
    name = make_module(
        "own_md_plugin",
        """
        from convert import Writer, hookimpl

        class MyMarkdown(Writer):
            name = "md"
            extension = ".md"

            def write(self, doc, out, options):
                out.write(b"mine")

        @hookimpl(tryfirst=True)
        def register_writers(register):
            register(MyMarkdown())
        """,
    )
    reg = plugins_module.build_registry([name], load_entry_points=False)
    assert type(reg.writers["md"]).__name__ == "MyMarkdown"
    assert reg.plugins[name].writers == ["md"] and "md" not in reg.plugins["markdown_writer"].writers
    assert reg.problems == ["plugin 'markdown_writer': writer 'md' is already registered; skipped"]


def test_a_hook_wrapper_wraps_each_plugins_call(make_module: MakeModule) -> None:
    name = make_module(
        "wrapper_plugin",
        """
        from convert import hookimpl

        SEEN = []

        @hookimpl(wrapper=True)
        def register_writers(register):
            SEEN.append("before")
            result = yield
            SEEN.append("after")
            return result
        """,
    )
    reg = plugins_module.build_registry([name], load_entry_points=False)
    assert reg.problems == []
    writer_plugins = [info for info in reg.plugins.values() if info.writers]
    assert sys.modules[name].SEEN == ["before", "after"] * len(writer_plugins) == ["before", "after"] * 3


def test_a_failing_hook_names_its_plugin_and_the_others_go_on(make_module: MakeModule) -> None:
    name = make_module(
        "failing_steps_plugin",
        """
        from convert import hookimpl

        @hookimpl(tryfirst=True)
        def register_steps(register):
            raise RuntimeError("kaput")
        """,
    )
    reg = plugins_module.build_registry([name], load_entry_points=False)
    assert reg.problems == ["plugin 'failing_steps_plugin' failed in register_steps: RuntimeError: kaput"]
    assert {"furniture", "paragraphs"} <= {s.name for s in reg.steps}


def test_a_plugin_module_named_like_a_built_in_does_not_displace_it(make_module: MakeModule) -> None:
    name = make_module(
        "cleaning", "from convert import hookimpl\n\n@hookimpl\ndef register_steps(register):\n    pass\n"
    )
    reg = plugins_module.build_registry([name, name], load_entry_points=False)
    assert reg.plugins["cleaning"].builtin and "furniture" in reg.plugins["cleaning"].steps
    assert reg.problems == ["plugin 'cleaning' (cleaning) is already loaded; skipped"]


# ---------------------------------------------------------------- plugin commands, one registry per run


def test_plugin_option_runs_the_command_the_plugin_registers(make_module: MakeModule) -> None:
    name = make_module("hello_plugin", HELLO_PLUGIN)
    result = CliRunner().invoke(cli, ["--plugin", name, "hello", "Ada"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Hello, Ada (3 writers)\n"
    assert "hello" in CliRunner().invoke(cli, ["--plugin", name, "--help"]).stdout
    listed = json.loads(CliRunner().invoke(cli, ["--plugin", name, "plugins"]).stdout)
    assert listed[0]["name"] == name and listed[0]["commands"] == ["hello"]
    without = CliRunner().invoke(cli, ["hello", "Ada"])  # the command was for that run only
    assert without.exit_code == 2 and "No such command 'hello'" in without.stderr


def test_plugin_option_takes_a_python_file(tmp_path: Path) -> None:
    path = tmp_path / "hello_file_plugin.py"
    path.write_text(textwrap.dedent(HELLO_PLUGIN), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--plugin", str(path), "hello", "Ada"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Hello, Ada (3 writers)\n"
    missing = CliRunner().invoke(cli, ["--plugin", str(tmp_path / "nope.py"), "steps"])
    assert missing.exit_code == 0 and "no such file" in missing.stderr


def test_a_plugin_command_may_not_replace_a_built_in_one(make_module: MakeModule) -> None:
    name = make_module(
        "steps_cmd_plugin",
        """
        import click
        from convert import hookimpl

        @hookimpl
        def register_commands(cli):
            @cli.command()
            def steps():
                click.echo("not the real steps")
        """,
    )
    result = CliRunner().invoke(cli, ["--plugin", name, "steps"])
    assert result.exit_code == 0 and "not the real steps" not in result.stdout and "furniture" in result.stdout
    assert result.stderr.count("command 'steps' is a docconv command; skipped") == 1


BROKEN = """
from convert import hookimpl

@hookimpl
def register_steps(register):
    raise RuntimeError("kaput")
"""


def test_plugin_warnings_are_printed_once_per_run(make_module: MakeModule, tmp_path: Path) -> None:
    name = make_module("broken_steps_plugin", BROKEN)
    (tmp_path / "a.txt").write_text("A Title\n\nSome body text.\n", encoding="utf-8")
    args = ["--plugin", name, "convert", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("failed in register_steps") == 1


def test_plugin_warnings_are_printed_once_by_the_console_command(make_module: MakeModule, tmp_path: Path) -> None:
    name = make_module("broken_steps_plugin2", BROKEN)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DOCCONV_DISABLE_PLUGINS": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "--plugin", name, "steps"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("docconv: warning: plugin 'broken_steps_plugin2' failed in register_steps") == 1


def test_the_registry_lives_on_the_click_context() -> None:
    assert not hasattr(plugins_module, "get_registry") and not hasattr(plugins_module, "_REGISTRY")
    seen = []

    @cli_module.click.command()
    def probe() -> None:
        seen.append(cli_module.current_registry())
        seen.append(cli_module.current_registry())

    result = CliRunner().invoke(probe, [])
    assert result.exit_code == 0, result.output
    assert seen[0] is seen[1] and "md" in seen[0].writers


# ---------------------------------------------------------------- allowlist and tracing


class FakeDist:
    def __init__(self, name: str) -> None:
        self.name = name
        self.version = "1.0"


class FakeEP:
    def __init__(self, name: str) -> None:
        self.value = f"{name}_module"
        self.dist = FakeDist(f"docconv-{name}")


def fake_plugin(name: str) -> types.ModuleType:
    """An installed plugin registering a writer called ``name``."""
    module = types.ModuleType(f"{name}_module")

    class NamedWriter(Writer):
        extension = f".{name}"

        def write(self, doc, out, options):  # type: ignore[no-untyped-def]
            out.write(b"")

    writer = NamedWriter()
    writer.name = name

    @hookimpl
    def register_writers(register):  # type: ignore[no-untyped-def]
        register(writer)

    module.register_writers = register_writers  # type: ignore[attr-defined]
    return module


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two installed entry-point plugins, alpha and beta, and installed plugins switched on."""
    entries = [(n, lambda n=n: fake_plugin(n), FakeEP(n)) for n in ("alpha", "beta")]
    monkeypatch.setattr(plugins_module, "_entry_point_plugins", lambda: entries)
    monkeypatch.setattr(sys, "_called_from_test", False, raising=False)
    monkeypatch.delenv("DOCCONV_PLUGINS", raising=False)
    monkeypatch.delenv("DOCCONV_DISABLE_PLUGINS", raising=False)


def third_party(reg: plugins_module.Registry) -> list[str]:
    return [name for name, info in reg.plugins.items() if not info.builtin]


@pytest.mark.usefixtures("installed")
def test_all_installed_plugins_load_without_an_allowlist() -> None:
    assert third_party(plugins_module.build_registry()) == ["alpha", "beta"]


@pytest.mark.usefixtures("installed")
def test_docconv_plugins_env_loads_only_those(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCCONV_PLUGINS", "beta")
    reg = plugins_module.build_registry()
    assert third_party(reg) == ["beta"] and "beta" in reg.writers and "alpha" not in reg.writers
    assert {"md", "docx", "epub"} <= set(reg.writers)  # built-ins always load
    monkeypatch.setenv("DOCCONV_PLUGINS", "docconv-alpha")  # a distribution name works too
    assert third_party(plugins_module.build_registry()) == ["alpha"]
    monkeypatch.setenv("DOCCONV_PLUGINS", "")
    assert third_party(plugins_module.build_registry()) == []


@pytest.mark.usefixtures("installed")
def test_an_allowed_plugin_that_is_not_installed_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCCONV_PLUGINS", "alpha,gamma")
    reg = plugins_module.build_registry()
    assert third_party(reg) == ["alpha"]
    assert reg.problems == [
        "plugin 'gamma' is in the plugin allowlist (DOCCONV_PLUGINS or --plugins) but not installed"
    ]


@pytest.mark.usefixtures("installed")
def test_plugins_option_overrides_the_env_allowlist(monkeypatch: pytest.MonkeyPatch, make_module: MakeModule) -> None:
    monkeypatch.setenv("DOCCONV_PLUGINS", "beta")
    result = CliRunner().invoke(cli, ["--plugins", "alpha", "plugins"])
    assert result.exit_code == 0, result.output
    assert [row["name"] for row in json.loads(result.stdout)] == ["alpha"]
    name = make_module("hello_plugin2", HELLO_PLUGIN)  # --plugin modules load whatever the allowlist says
    result = CliRunner().invoke(cli, ["--plugins", "", "--plugin", name, "plugins"])
    assert [row["name"] for row in json.loads(result.stdout)] == [name]


@pytest.mark.usefixtures("installed")
def test_disable_plugins_still_blocks_allowed_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCCONV_DISABLE_PLUGINS", "alpha")
    assert third_party(plugins_module.build_registry(allow=["alpha", "beta"])) == ["beta"]


def test_trace_plugins_prints_the_hook_calls(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("DOCCONV_TRACE_PLUGINS", "1")
    plugins_module.build_registry(load_entry_points=False)
    err = capsys.readouterr().err
    assert "registered plugin markdown_writer from convert.writers.markdown [pluginmanage]" in err
    assert "register_writers -> markdown_writer [hook]" in err
    assert "finish register_writers --> [] [hook]" in err
    assert "register_steps -> cleaning [hook]" in err


def test_trace_plugins_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # (formats, which lists the readers: steps calls only the hooks of what it prints)
    assert "[hook]" not in CliRunner().invoke(cli, ["formats"]).stderr
    monkeypatch.setenv("DOCCONV_TRACE_PLUGINS", "1")
    result = CliRunner().invoke(cli, ["formats"])
    assert result.exit_code == 0 and "register_readers -> text_reader [hook]" in result.stderr
    steps = CliRunner().invoke(cli, ["steps"])
    assert steps.exit_code == 0 and "register_steps -> cleaning [hook]" in steps.stderr


def test_help_documents_the_plugin_controls() -> None:
    text = CliRunner().invoke(cli, ["--help"]).stdout
    for needle in ("--plugin MODULE", "--plugins NAMES", "DOCCONV_PLUGINS=a,b", "DOCCONV_DISABLE_PLUGINS=1"):
        assert needle in text
    assert "DOCCONV_TRACE_PLUGINS=1" in text
    assert "DOCCONV_TRACE_PLUGINS" in (plugins_module.__doc__ or "")
    assert "DOCCONV_PLUGINS" in (plugins_module.__doc__ or "")
