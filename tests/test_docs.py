"""docs/plugins.md stays true: every hook and public name is documented, and the
walkthrough's plugin, run exactly as printed, works."""

from __future__ import annotations

import importlib
import inspect
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import convert
import convert.app.testing
from convert.app.pipeline import convert_source
from convert.app.plugins import ENTRY_POINT_GROUP, build_registry
from convert.app.staging import write_atomic
from convert.core import hookspecs
from convert.core.contracts import Options, Source

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "plugins.md"
TEXT = GUIDE.read_text(encoding="utf-8")
MARK = re.compile(r"<!-- walkthrough: (file (?P<name>\S+)|shell) -->\n```(?P<lang>\w*)\n(?P<body>.*?)\n```", re.S)
# 在市人大常委会“四个机关”建设动员会上的讲话 (the bundled sample's title)
SEED_TITLE = (
    "\u5728\u5e02\u4eba\u5927\u5e38\u59d4\u4f1a\u201c\u56db\u4e2a\u673a\u5173\u201d"
    "\u5efa\u8bbe\u52a8\u5458\u4f1a\u4e0a\u7684\u8bb2\u8bdd"
)


def hook_specs() -> list[Callable[..., object]]:
    return [
        fn
        for _, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if getattr(fn, f"{ENTRY_POINT_GROUP}_spec", None) is not None
    ]


def signature(fn: Callable[..., object]) -> str:
    """``name(arg: Annotation, ...) -> Return`` as written in the guide's headings."""
    sig = inspect.signature(fn)
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"{fn.__name__}({params}) -> {sig.return_annotation}"


def section(heading: str) -> str:
    """The guide's text under ``### heading`` up to the next heading."""
    start = TEXT.index(f"### {heading}\n")
    following = re.search(r"\n#{2,3} ", TEXT[start + 4 :])
    return TEXT[start : start + 4 + following.start()] if following else TEXT[start:]


def test_there_are_hooks_to_document() -> None:
    assert {fn.__name__ for fn in hook_specs()} >= {"register_readers", "register_writers", "register_steps"}


@pytest.mark.parametrize("spec", hook_specs(), ids=lambda fn: fn.__name__)
def test_every_hook_is_documented_with_its_signature(spec: Callable[..., object]) -> None:
    assert f"### {signature(spec)}\n" in TEXT, f"docs/plugins.md needs a heading '### {signature(spec)}'"
    body = section(signature(spec))
    summary = (spec.__doc__ or "").strip().splitlines()[0].split(":")[0].rstrip(".").replace("``", "`")
    assert summary in body, f"the hook's docstring summary {summary!r} is not in its section"
    for name in inspect.signature(spec).parameters:
        assert f"- `{name}`:" in body, f"argument {name!r} of {spec.__name__} is not described"
    assert "Returns" in body


def test_no_documented_hook_is_missing_from_the_hookspecs() -> None:
    documented = set(re.findall(r"^### (register_\w+)\(", TEXT, re.M))
    assert documented == {fn.__name__ for fn in hook_specs()}


@pytest.mark.parametrize("name", convert.__all__)
def test_every_public_name_is_mentioned(name: str) -> None:
    assert f"`{name}" in TEXT, f"convert.{name} is public but docs/plugins.md does not mention it"


@pytest.mark.parametrize("name", convert.app.testing.__all__)
def test_every_testing_helper_is_documented(name: str) -> None:
    assert f"`{name}" in TEXT, f"convert.testing.{name} is public but docs/plugins.md does not mention it"


def test_built_in_step_orders_match_the_table(registry) -> None:  # type: ignore[no-untyped-def]
    rows = dict(re.findall(r"^\| (\d+) \| `([\w-]+)`", TEXT, re.M))
    assert {int(order): name for order, name in rows.items()} == {s.order: s.name for s in registry.steps}
    assert f"`BLOCKS_FROM` ({convert.BLOCKS_FROM})" in TEXT


def test_controls_are_documented() -> None:
    for text in (
        f"[project.entry-points.{ENTRY_POINT_GROUP}]",
        "--plugin MODULE",
        "docconv --plugin",
        "DOCCONV_DISABLE_PLUGINS=1",
        "docconv plugins --all",
        "sys._called_from_test",
    ):
        assert text in TEXT


def test_links_to_example_packages_exist() -> None:
    links = re.findall(r"\]\(\.\./(plugins/[\w.-]+/)\)", TEXT)
    assert links
    for link in links:
        assert (ROOT / link / "pyproject.toml").is_file(), link
    listed = {p.name for p in (ROOT / "plugins").iterdir() if (p / "pyproject.toml").is_file()}
    assert listed <= {Path(link).name for link in links}, "every package in plugins/ is in the guide"


def test_every_python_example_compiles() -> None:
    blocks = re.findall(r"```python\n(.*?)\n```", TEXT, re.S)
    assert len(blocks) >= 5
    for i, code in enumerate(blocks):
        if code.lstrip().startswith("class ") and "..." in code:  # an outline of a base class
            continue
        compile(code, f"docs/plugins.md python block {i + 1}", "exec")


# ---------------------------------------------------------------- the walkthrough, run literally


def walkthrough() -> tuple[dict[str, str], str]:
    files: dict[str, str] = {}
    shell = ""
    for m in MARK.finditer(TEXT):
        if m["name"]:
            files[m["name"]] = m["body"] + "\n"
        else:
            shell = m["body"]
    return files, shell


@pytest.fixture
def walkthrough_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    files, _ = walkthrough()
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in files:
        sys.modules.pop(Path(name).stem, None)


def walkthrough_module() -> tuple[str, str]:
    """The walkthrough plugin's module name and writer name (from its pyproject)."""
    files, _ = walkthrough()
    project = tomllib.loads(files["pyproject.toml"])
    [(plugin, module)] = project["project"]["entry-points"][ENTRY_POINT_GROUP].items()
    return module, plugin


def test_walkthrough_has_module_pyproject_test_and_shell() -> None:
    files, shell = walkthrough()
    module, _ = walkthrough_module()
    assert set(files) == {f"{module}.py", "pyproject.toml", f"test_{module}.py"}
    project = tomllib.loads(files["pyproject.toml"])["project"]
    assert project["name"] and project["version"] and "docconv" in project["dependencies"]
    assert "pip install -e ." in shell and "docconv plugins" in shell
    wheel = tomllib.loads(files["pyproject.toml"])["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["only-include"] == [f"{module}.py"]


def test_walkthrough_plugin_converts_a_document(walkthrough_dir: Path) -> None:
    module, plugin = walkthrough_module()
    registry = build_registry([module], load_entry_points=False)
    assert not registry.problems
    [writer_name] = registry.plugins[module].writers
    _, shell = walkthrough()
    assert f"-t {writer_name} " in shell, "the shell commands use the writer's name"
    assert f'"writers": ["{writer_name}"]' in TEXT and f'"name": "{plugin}"' in TEXT
    data = convert.app.testing.cjk_sample_text().encode("utf-8")
    doc = convert_source(Source(name="speech.txt", data=data), registry, Options())
    out = walkthrough_dir / "out" / f"speech{registry.writer(writer_name).extension}"
    write_atomic(out, registry.writer(writer_name), doc, Options())
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh">' in page
    assert f"<h1>{SEED_TITLE}</h1>" in page
    assert page.count("<h2>") == sum(1 for b in doc.blocks if b.level == 2) > 0
    assert "VIP" not in page


def test_walkthrough_tests_pass(walkthrough_dir: Path) -> None:
    module, _ = walkthrough_module()
    tests = importlib.import_module(f"test_{module}")
    ran = []
    for name, fn in inspect.getmembers(tests, inspect.isfunction):
        if name.startswith("test_") and fn.__module__ == tests.__name__:
            fn()
            ran.append(name)
    assert len(ran) >= 2


def test_walkthrough_plugin_option_on_the_command_line(walkthrough_dir: Path) -> None:
    module, _ = walkthrough_module()
    src = walkthrough_dir / "speech.txt"
    src.write_text(convert.app.testing.cjk_sample_text(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(walkthrough_dir), "DOCCONV_DISABLE_PLUGINS": "1"}
    command = [sys.executable, "-m", "convert", "--plugin", module, "convert", str(src), "-t", "md,html", "-q"]
    proc = subprocess.run([*command, "-o", str(walkthrough_dir / "out")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "warning: plugin" not in proc.stderr, proc.stderr
    assert SEED_TITLE in (walkthrough_dir / "out" / "speech.html").read_text(encoding="utf-8")
    assert (walkthrough_dir / "out" / "speech.md").is_file()
