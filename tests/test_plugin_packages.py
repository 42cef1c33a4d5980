"""The example plugin packages in plugins/: complete, installable, and on the public API only."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

import convert
import convert.app.testing
from convert.app.plugins import ENTRY_POINT_GROUP

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p for p in (ROOT / "plugins").iterdir() if p.is_dir() and not p.name.startswith("."))
#: What a plugin may import from docconv, by module.
PUBLIC = {"convert": set(convert.__all__), "convert.app.testing": set(convert.app.testing.__all__)}


def test_there_are_example_packages() -> None:
    assert {p.name for p in PACKAGES} >= {"docconv-plaintext", "docconv-docx-input"}


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_package_is_complete(package: Path) -> None:
    project = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == package.name and project["version"] and project["description"]
    assert project["readme"] == "README.md" and (package / "README.md").is_file()
    assert any(dep.startswith("docconv") for dep in project["dependencies"])
    entry_points = project["entry-points"][ENTRY_POINT_GROUP]
    assert entry_points, f"{package.name} declares no [project.entry-points.{ENTRY_POINT_GROUP}]"
    for module in entry_points.values():
        assert (package / "src" / module / "__init__.py").is_file(), f"entry point module {module} is not in src/"
        assert (package / "src" / module / "py.typed").is_file()
    assert list((package / "tests").glob("test_*.py")), f"{package.name} has no tests"
    assert "docs/plugins.md" in (package / "README.md").read_text(encoding="utf-8")


def imports(path: Path) -> list[tuple[str, str | None]]:
    """``(module, name)`` for every import of docconv (``convert``) in ``path``."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names if a.name.split(".")[0] == "convert"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "convert":
            found += [(node.module, a.name) for a in node.names]
    return found


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_package_uses_only_the_public_api(package: Path) -> None:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        for module, name in imports(path):
            if module not in PUBLIC or (name is not None and name not in PUBLIC[module]):
                wrong.append(f"{path.relative_to(ROOT)}: {module}{'.' + name if name else ''}")
    assert not wrong, "private docconv API used:\n" + "\n".join(wrong)


def test_the_check_catches_private_imports(tmp_path: Path) -> None:
    code = (
        "import convert.pipeline\nfrom convert import Writer, Registry\nfrom convert.app.testing import check_writer\n"
    )
    (tmp_path / "x.py").write_text(code, encoding="utf-8")
    found = imports(tmp_path / "x.py")
    assert found == [
        ("convert.pipeline", None),
        ("convert", "Writer"),
        ("convert", "Registry"),
        ("convert.app.testing", "check_writer"),
    ]
    assert [m for m, n in found if m not in PUBLIC or (n and n not in PUBLIC[m])] == ["convert.pipeline", "convert"]
