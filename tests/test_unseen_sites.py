"""Furniture of sites the rules were not written from: general signals must catch it."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert.app.inputs import load_source
from convert.app.pipeline import convert_source
from convert.core.contracts import Options

DATA = Path(__file__).with_name("data")


@pytest.mark.parametrize(
    "name, title, kept, removed",
    [
        (
            "unseen-site-zh.txt",
            "\u5173\u4e8e\u5370\u53d1\u300a\u5168\u5e02\u5b89\u5168\u751f\u4ea7\u4e13\u9879\u6574\u6cbb\u4e09\u5e74\u884c\u52a8\u5b9e\u65bd\u65b9\u6848\u300b\u7684\u901a\u77e5",
            [
                "\u5404\u533a\u4eba\u6c11\u653f\u5e9c",
                "\u4e00\u3001\u603b\u4f53\u8981\u6c42",
                "\u575a\u6301\u4eba\u6c11\u81f3\u4e0a",
            ],
            [
                "\u4e0b\u8f7d\u79ef\u5206",
                "\u5206\u4eab\u5230",
                "\u626b\u7801",
                "\u7b2c1\u9875",
                "\u5982\u6709\u4fb5\u6743",
                "\u5269\u4f5911\u9875",
            ],
        ),
        (
            "unseen-site-en.txt",
            "Annual Maintenance Plan for Public Libraries",
            ["twelve branch buildings", "qualified surveyor"],
            [
                "Uploaded by",
                "All Rights Reserved",
                "Available Formats",
                "12 views",
                "inappropriate",
                "page 1 of 4",
                "Read free",
                "Cancel anytime",
                "Docsharehub",
            ],
        ),
    ],
)
def test_unseen_site_furniture(registry, name: str, title: str, kept: list[str], removed: list[str]) -> None:  # type: ignore[no-untyped-def]
    doc = convert_source(load_source(DATA / name), registry, Options())
    assert doc.meta.title == title
    body = doc.body_text
    for text in kept:
        assert text in body
    for text in removed:
        assert text not in body, text
        assert any(text in r.text for r in doc.removals), text


def test_unseen_html_site_layout(registry) -> None:  # type: ignore[no-untyped-def]
    """Per-page containers under one parent, an info bar, a VIP link between pages,
    a 'pages left unread' notice, related documents and a footer: none of it named as in
    the dev corpus."""
    doc = convert_source(load_source(DATA / "unseen-site-zh.html"), registry, Options())
    title = "\u5173\u4e8e\u505a\u597d2023\u5e74\u9632\u6c5b\u5de5\u4f5c\u7684\u901a\u77e5"
    assert doc.meta.title == title
    assert (doc.meta.date, doc.meta.pages, doc.meta.truncated) == ("2023-05-20", 3, True)
    heads = [b.text for b in doc.blocks if b.kind == "heading"]
    assert heads == [
        "\u4e00\u3001\u63d0\u9ad8\u601d\u60f3\u8ba4\u8bc6",
        "\u4e8c\u3001\u843d\u5b9e\u9632\u6c5b\u8d23\u4efb",
        "\u4e09\u3001\u52a0\u5f3a\u76d1\u6d4b\u9884\u8b66",
    ]
    paras = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert len(paras) == 5 and paras[-1].startswith("\u6c14\u8c61")
    body = doc.body_text
    for furniture in ("VIP", "1/3", "\u731c\u4f60\u559c\u6b22", "ICP", "\u767b\u5f55", "\u5269\u4f59"):
        assert furniture not in body, furniture


def _make_samples():  # type: ignore[no-untyped-def]
    """scripts/make_samples.py as a module (for its Chinese line wrapper)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unseen_style_pdf(path: Path, title: str, blocks: list[str]) -> None:
    """A download in a style the PDF rules were not written from: tiled light watermark,
    a small site line with an address at the top, ``n/N`` page numbers at the bottom right."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    wrap = _make_samples().wrap

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    lines: list[tuple[str, str]] = []
    for block in blocks:
        if len(block) < 30 and not block.endswith("\u3002"):
            lines.append(("h", block))
        else:
            wrapped = wrap(block, 30)
            lines += [("p1", wrapped[0])] + [("p", w) for w in wrapped[1:]]
    pages = [lines[i : i + 32] for i in range(0, len(lines), 32)]
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    site = "\u9053\u5ba2\u6587\u6863"
    for n, page in enumerate(pages, start=1):
        c.saveState()
        c.setFillColorRGB(0.9, 0.9, 0.9)
        c.setFont("STSong-Light", 14)
        for y in range(100, 800, 160):
            for x in range(60, 560, 200):
                c.drawString(x, y, site + " DocKe")
        c.restoreState()
        c.setFont("STSong-Light", 8)
        c.drawString(50, height - 30, site + " \u00b7 \u6d77\u91cf\u8303\u6587 \u00b7 www.docke.example.com")
        c.drawRightString(width - 50, 25, f"{n}/{len(pages)}")
        y = height - 70
        if n == 1:
            c.setFont("STSong-Light", 20)
            c.drawCentredString(width / 2, y, title)
            y -= 40
        for kind, text in page:
            c.setFont("STSong-Light", 14 if kind == "h" else 13)
            y -= 6 if kind == "h" else 0
            c.drawString(60 + (26 if kind == "p1" else 0), y, text)
            y -= 24 if kind == "h" else 21
        c.showPage()
    c.save()


def test_unseen_pdf_style(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("reportlab")
    gold = (DATA / "speech.gold.md").read_text(encoding="utf-8").split("---", 2)[2]
    title, *blocks = [b.lstrip("# ") for b in gold.strip().split("\n\n")]
    pdf = tmp_path / "unseen.pdf"
    _unseen_style_pdf(pdf, title, blocks)
    doc = convert_source(load_source(pdf), registry, Options())
    assert doc.meta.title == title and doc.meta.author is None
    assert [b.text for b in doc.blocks] == [title, *blocks]
    kinds = {r.kind for r in doc.removals}
    assert {"watermark", "page-number"} <= kinds


def test_unseen_text_with_indents_and_title_as_running_header(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Full-width indents kept, a page number and the title (with a suffix) repeated as a
    running header once, and another site's info lines: the gold text comes back."""
    gold = (DATA / "speech.gold.md").read_text(encoding="utf-8").split("---", 2)[2]
    title, *blocks = [b for b in gold.strip().split("\n\n")]
    title = title.lstrip("# ")
    lines = [
        "\u8c46\u4e01\u7f51 docin.example.com",
        "\u6536\u85cf | \u5206\u4eab | \u4e3e\u62a5",
        title,
        "\u4e0b\u8f7d\u79ef\u5206\uff1a20",
        "\u6587\u6863\u9875\u6570\uff1a3\u9875",
    ]
    body: list[str] = []
    for block in blocks:
        if block.startswith("## "):
            body.append(block[3:])
            continue
        text = "\u3000\u3000" + block
        body += [text[i : i + 32] for i in range(0, len(text), 32)]
    header = title + "\uff08\u5185\u90e8\u8d44\u6599\uff09"
    body[40:40] = ["\u20141\u2014", header]
    src = tmp_path / "unseen.txt"
    src.write_text("\n".join(lines + body) + "\n", encoding="utf-8")
    doc = convert_source(load_source(src), registry, Options())
    assert [b.text for b in doc.blocks] == [title, *[b.lstrip("# ") for b in blocks]]
    assert (doc.meta.pages, doc.meta.title) == (3, title)
    assert any(r.text == header and r.kind == "header" for r in doc.removals)
