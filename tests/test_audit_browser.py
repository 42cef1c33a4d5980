"""docconv inspect --html in a real browser: Debian's Chromium driven by Playwright.

The page is opened headless from a file, as a user opens it: no console errors or page
errors, the rendered rows and blocks counted against the document, the reasons in the
tooltips, the hover highlight, the filters, the anchors, the narrow-screen layout, and a
hostile input that must run no script (a dialog handler that must never be called).
Screenshots go to ``test-artifacts/`` (ignored by git; CI can keep them).

Skips without Chromium or Playwright (fails under CI, which installs both: ``.ci/run``).
Playwright drives the system Chromium (``executable_path``); ``playwright install`` is
never needed. The pages are built in this process, before the browser starts (docconv's
workers fork, which a process running the Playwright driver should not).
"""

from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_audit_page import HOSTILE, SAMPLES, build, structured_html
from tools import in_ci, missing

from convert.app.audit_page import line_changes

ARTIFACTS = ROOT / "test-artifacts"


def chromium() -> str:
    """The Chromium to drive: ``DOCCONV_CHROMIUM``, or ``chromium`` on PATH (skip/fail if none)."""
    path = os.environ.get("DOCCONV_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        missing("chromium")
    assert path is not None
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci():
            pytest.fail("playwright is not installed; CI is set, so this is an error", pytrace=False)
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, headless=True)
        yield instance
        instance.close()


class Opened:
    """A page opened from a file, with every console error, page error and dialog recorded."""

    def __init__(self, browser: Any, path: Path, *, width: int = 1400, height: int = 1000) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def count(self, selector: str) -> int:
        return int(self.page.evaluate("s => document.querySelectorAll(s).length", selector))

    def visible(self, selector: str) -> int:
        script = "s => [...document.querySelectorAll(s)].filter(e => e.getClientRects().length > 0).length"
        return int(self.page.evaluate(script, selector))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.page.close()


def write_page(tmp_path: Path, name: str, page: str) -> Path:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def speech(registry_module: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    raw, doc, page = build(SAMPLES / "speech.txt", registry_module)
    return raw, doc, write_page(tmp_path_factory.mktemp("speech"), "speech.html", page)


@pytest.fixture(scope="module")
def registry_module() -> Any:
    from convert.app.plugins import build_registry

    return build_registry(load_entry_points=False)


def test_speech_page_renders_with_every_removal_and_block(browser: Any, speech: tuple[Any, Any, Path]) -> None:
    raw, doc, path = speech
    opened = Opened(browser, path)
    try:
        assert opened.count("#input .ln") == len(raw.lines) == 90
        assert opened.count("#input .ln.s-removed") == len(doc.removals) == 15
        assert opened.count("#output .blk") == len(doc.blocks) == 11
        assert opened.count("#output h1.blk") == 1 and opened.count("#output h2.blk") == 2
        # each removal's reason is its row's tooltip; each kind has its own rendered colour
        colours: dict[str, set[str]] = {}
        for removal in doc.removals:
            row = opened.page.locator(f'[id="{removal.origin}"]')
            row.hover()
            assert removal.reason in (row.get_attribute("title") or "")
            colour = row.evaluate("e => getComputedStyle(e).borderLeftColor")
            colours.setdefault(removal.kind, set()).add(colour)
        assert all(len(c) == 1 for c in colours.values())
        assert len(set().union(*colours.values())) == len(colours) == 4
        # hovering a block lights up its input lines, hovering a line its block
        block = doc.blocks[1]
        opened.page.hover("#b2")
        assert opened.count("#input .ln.hl") == len(block.origins) > 5
        opened.page.hover('[id="l12"]')
        assert opened.count("#output .blk.hl") == 1 and opened.page.get_attribute("#b2", "class").endswith("hl")
        # a changed character: its tooltip says before and after
        mark = opened.page.locator('[id="l9"] mark')
        assert mark.count() == 1 and "\u2192" in (mark.get_attribute("title") or "")
        opened.screenshot("audit-speech.png")
        # the filters (radio buttons and CSS, no script needed)
        opened.page.click("label:has(#f-removed)")
        assert opened.visible("#input .ln") == len(doc.removals)
        opened.page.click("label:has(#f-changed)")
        assert opened.visible("#input .ln") == len(line_changes(raw, doc))
        opened.page.click("label:has(#f-kept)")
        assert opened.visible("#input .ln") == len(raw.lines) - len(doc.removals)
        opened.page.click("label:has(#f-all)")
        assert opened.visible("#input .ln") == len(raw.lines)
        # a block's link leads to its first input line, scrolled into view
        opened.page.click("#b5 a.src")
        assert opened.page.evaluate("location.hash") == "#l31"
        box = opened.page.evaluate("JSON.stringify(document.getElementById('l31').getBoundingClientRect())")
        top = float(box.split('"top":')[1].split(",")[0])
        assert 0 <= top < 1000
        assert opened.errors == [] and opened.dialogs == []
    finally:
        opened.close()
    width, height = png_size(ARTIFACTS / "audit-speech.png")
    assert (width, height) == (1400, 1000) and (ARTIFACTS / "audit-speech.png").stat().st_size > 20_000


def test_hostile_input_runs_no_script(browser: Any, tmp_path: Path, registry_module: Any) -> None:
    src = tmp_path / "<svg onload=alert(7)>.txt"
    src.write_text(
        HOSTILE + "\u7b2c\u4e09\u6bb5<script>window.__pwned = 1; alert(5)</script>\u7ed3\u675f\u3002\n",
        encoding="utf-8",
    )
    _, doc, page = build(src, registry_module)
    opened = Opened(browser, write_page(tmp_path, "hostile.html", page))
    try:
        opened.page.hover("#b1")
        opened.page.wait_for_timeout(200)
        assert opened.dialogs == []  # no alert() ran
        assert opened.page.evaluate("typeof window.__pwned") == "undefined"
        assert opened.errors == []  # nor did the page's CSP have to block one
        assert "<script>alert(1)</script>" in opened.page.inner_text('[id="l1"]')
        assert "\\u202e" in opened.page.inner_text("#input")
        assert opened.page.title() == f"docconv audit: {src.name}"
        assert opened.count("script") == 1 and opened.count("img") == 0 and opened.count("svg") == 0
        assert opened.count("#output .blk") == len(doc.blocks) == 3
        opened.screenshot("audit-hostile.png")
    finally:
        opened.close()


def test_structures_pdf_and_narrow_screen(browser: Any, tmp_path: Path, registry_module: Any) -> None:
    src = tmp_path / "figures.html"
    src.write_text(structured_html(), encoding="utf-8")
    _, doc, page = build(src, registry_module)
    opened = Opened(browser, write_page(tmp_path, "figures.audit.html", page))
    try:
        assert opened.count("#input .struct table") == 1 and opened.count("#output table") == 1
        assert opened.count("#output .blk") == len(doc.blocks)
        width = opened.page.evaluate("document.querySelector('#output figure img').naturalWidth")
        assert width == 4  # the data: image was allowed and decoded
        assert opened.errors == []
        opened.screenshot("audit-structures.png")
    finally:
        opened.close()
    _, doc, page = build(SAMPLES / "speech-site.pdf", registry_module)
    opened = Opened(browser, write_page(tmp_path, "pdf.audit.html", page), width=600, height=900)
    try:
        assert opened.count("#input .page") == 3
        assert opened.count("#input .ln.s-removed") == len(doc.removals)
        left = opened.page.locator("#input").bounding_box()
        right = opened.page.locator("#output").bounding_box()
        assert left and right and right["y"] >= left["y"] + left["height"] - 1  # stacked
        assert abs(left["x"] - right["x"]) < 1
        assert opened.errors == []
        opened.screenshot("audit-pdf-narrow.png")
    finally:
        opened.close()


def test_ten_thousand_lines_stay_usable(browser: Any, tmp_path: Path, registry_module: Any) -> None:
    import time

    body = (SAMPLES / "speech.txt").read_text(encoding="utf-8").splitlines()
    src = tmp_path / "big.txt"
    src.write_text("\n".join((body * 120)[:10000]) + "\n", encoding="utf-8")
    _, doc, page = build(src, registry_module)
    path = write_page(tmp_path, "big.audit.html", page)
    start = time.monotonic()
    opened = Opened(browser, path)
    try:
        loaded = time.monotonic() - start
        assert opened.count("#input .ln") == 10000 and opened.count("#output .blk") == len(doc.blocks)
        assert loaded < 20  # about 1 s here
        took = opened.page.evaluate(
            """() => { const t = performance.now();
            document.getElementById('b300').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
            document.body.offsetHeight; return performance.now() - t; }"""
        )
        assert took < 1000 and opened.count(".ln.hl") == len(doc.blocks[299].origins)
        assert opened.errors == []
    finally:
        opened.close()
