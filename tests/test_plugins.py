"""Plugin loading: built-ins through the same hooks, broken plugins skipped, --plugin modules."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from convert.app import plugins as plugins_module
from convert.app.pipeline import convert_source
from convert.core.contracts import Options, Source


def test_builtins_are_registered_through_hooks(registry) -> None:  # type: ignore[no-untyped-def]
    assert {r.name for r in registry.readers} >= {"text", "markdown"}
    assert "md" in registry.writers
    orders = [s.order for s in registry.ordered_steps()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert all(s.description for s in registry.steps)


def test_broken_entry_point_plugin_is_reported_and_skipped(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    class FakeEP:
        value = "broken_plugin"
        dist = None

    def failing() -> None:
        raise ImportError("no module named broken_plugin")

    monkeypatch.setattr(plugins_module, "_entry_point_plugins", lambda: [("broken", failing, FakeEP())])
    monkeypatch.setattr(sys, "_called_from_test", False, raising=False)
    reg = plugins_module.build_registry()
    assert "broken" not in reg.plugins
    assert any("broken" in p for p in reg.problems)
    assert "plugin 'broken' failed to load" in capsys.readouterr().err


def test_disable_plugins_env(monkeypatch: pytest.MonkeyPatch) -> None:
    called = []
    monkeypatch.setattr(plugins_module, "_entry_point_plugins", lambda: called.append(1) or [])
    monkeypatch.setattr(sys, "_called_from_test", False, raising=False)
    monkeypatch.setenv("DOCCONV_DISABLE_PLUGINS", "1")
    plugins_module.build_registry()
    assert not called


PLUGIN = textwrap.dedent(
    """
    from convert import Step, hookimpl

    class Shout(Step):
        name = "shout"
        description = "Upper-case every block (a test plugin)."
        order = 800

        def run(self, doc, ctx):
            import dataclasses
            return doc.replace(blocks=tuple(dataclasses.replace(b, text=b.text.upper()) for b in doc.blocks))

    class Bad(Step):
        name = "explode"
        description = "Raises."
        order = 810
        default_enabled = False

        def run(self, doc, ctx):
            raise RuntimeError("boom")

    @hookimpl
    def register_steps(register):
        register(Shout())
        register(Bad())
    """
)


@pytest.fixture
def plugin_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "shout_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "shout_plugin"


def test_extra_plugin_module_adds_a_step(plugin_module: str) -> None:
    reg = plugins_module.build_registry([plugin_module], load_entry_points=False)
    assert reg.plugins[plugin_module].steps == ["shout", "explode"]
    doc = convert_source(Source(name="a.txt", data=b"Hello world from a plugin test.\n"), reg, Options())
    assert doc.blocks[-1].text == "HELLO WORLD FROM A PLUGIN TEST."


def test_failing_step_is_one_clear_error(plugin_module: str) -> None:
    from convert.core.contracts import ConversionError

    reg = plugins_module.build_registry([plugin_module], load_entry_points=False)
    with pytest.raises(ConversionError, match="cleaning step 'explode' failed: RuntimeError: boom"):
        convert_source(Source(name="a.txt", data=b"text\n"), reg, Options(enabled_steps=frozenset({"explode"})))


def test_rules_files_from_options(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    rules = tmp_path / "extra.toml"
    rules.write_text('[[line]]\nname = "mysite"\nkind = "furniture"\nmatch = "MySite Docs"\nreason = "site name"\n')
    text = b"A Title For The Test Document\nMySite Docs\nSome body text that goes on and on.\n"
    doc = convert_source(Source(name="a.txt", data=text), registry, Options(rule_files=(rules,)))
    assert [r.text for r in doc.removals if "mysite" in r.reason] == ["MySite Docs"]


def test_bad_rules_file_is_a_clear_error(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    from convert.core.contracts import ConversionError

    rules = tmp_path / "bad.toml"
    rules.write_text('[[line]]\nmatch = "("\n')
    with pytest.raises(ConversionError, match="bad regular expression"):
        registry.rules([rules])


def test_cli_plugin_option_loads_a_module_for_one_run(plugin_module: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from convert.app.cli import cli

    src = tmp_path / "a.txt"
    src.write_text("Hello world from a plugin test.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--plugin", plugin_module, "clean", str(src)])
    assert result.exit_code == 0, result.output
    assert "HELLO WORLD FROM A PLUGIN TEST." in result.stdout
    listed = CliRunner().invoke(cli, ["--plugin", plugin_module, "plugins"])
    assert plugin_module in listed.stdout
    assert plugin_module not in CliRunner().invoke(cli, ["plugins"]).stdout  # --plugin is for one run only


def test_plugin_with_a_bad_rule_file_is_reported_and_its_rules_unused(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad_rules.toml").write_text('[[line]]\nname = "x"\nmatch = "("\n', encoding="utf-8")
    (tmp_path / "bad_rules_plugin.py").write_text(
        "from pathlib import Path\nfrom convert import hookimpl\n\n"
        "@hookimpl\ndef register_rules(register):\n"
        "    register(Path(__file__).with_name('bad_rules.toml'))\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = plugins_module.build_registry(["bad_rules_plugin"], load_entry_points=False)
    assert any("rule file not used" in p and "bad regular expression" in p for p in reg.problems)
    doc = convert_source(Source(name="a.txt", data=b"A Title For The Test\nSome body text here.\n"), reg, Options())
    assert doc.blocks  # conversion still works with the built-in rules


def test_every_misspelt_hook_is_reported_and_its_plugin_dropped(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("typo_one", "typo_two"):
        (tmp_path / f"{name}.py").write_text(
            "from convert import hookimpl\n\n@hookimpl\ndef register_step(register):\n    pass\n", encoding="utf-8"
        )
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = plugins_module.build_registry(["typo_one", "typo_two"], load_entry_points=False)
    assert sum("unknown hook 'register_step'" in p for p in reg.problems) == 2
    assert "typo_one" not in reg.plugins and "typo_two" not in reg.plugins
