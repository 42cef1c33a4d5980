"""Shared fixtures: an isolated plugin registry and paths to the shared corpus."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Installed third-party plugins never load during tests (as llm and datasette do).
sys._called_from_test = True  # type: ignore[attr-defined]

# CI runs the same property-test examples every time; development runs explore new ones.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed"
DEV = SHARED / "corpus" / "dev"
REAL = SHARED / "corpus" / "real"

#: A plugin module that adds a ``hello NAME`` command (the tests of plugin commands).
HELLO_PLUGIN = """
import click

from convert import hookimpl

@hookimpl
def register_commands(cli):
    @cli.command()
    @click.argument("name")
    def hello(name):
        \"\"\"Say hello (a test plugin command).\"\"\"
        from convert.app.cli import current_registry

        click.echo(f"Hello, {name} ({len(current_registry().writers)} writers)")
"""


def need_shared(path: Path) -> Path:
    """Skip the calling test when ../shared (or the given file in it) is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared not present)")
    return path


@pytest.fixture
def registry():  # type: ignore[no-untyped-def]
    from convert.app.plugins import build_registry

    return build_registry(load_entry_points=False)


@pytest.fixture
def convert_bytes(registry):  # type: ignore[no-untyped-def]
    """Run the pipeline on bytes: ``convert_bytes(data, name="x.txt", **options)``."""
    from convert.app.pipeline import convert_source
    from convert.core.contracts import Options, Source

    def run(data: bytes | str, name: str = "input.txt", **options):  # type: ignore[no-untyped-def]
        if isinstance(data, str):
            data = data.encode("utf-8")
        return convert_source(Source(name=name, data=data), registry, Options(**options))

    return run


@pytest.fixture
def seed_doc(registry):  # type: ignore[no-untyped-def]
    from convert.app.inputs import load_source
    from convert.app.pipeline import convert_source
    from convert.core.contracts import Options

    return convert_source(load_source(need_shared(SEED / "speech.scraped.txt")), registry, Options())


@pytest.fixture
def tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path
