#!/usr/bin/env python3
"""Make ``samples/speech-site.pdf`` and ``samples/speech-site.html`` from the seed speech's clean
gold text (``tests/data/speech.gold.md``), with a site's furniture added.

The PDF imitates a document-sharing site's download: a running header with the site name,
``第 N 页 共 M 页`` page numbers, a light rotated watermark and an ad line on some pages
(reportlab with its built-in ``STSong-Light`` CID font, so no font file is needed). The HTML
imitates a saved page: nav, breadcrumb, sidebar of related documents, footer with copyright
and ICP licence, the text in per-page containers with ``<br>``. Output is deterministic
(fixed dates, no random numbers, reportlab's invariant mode).

    python scripts/make_samples.py [GOLD.md] [--out samples]
"""

from __future__ import annotations

import argparse
import html
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "speech.gold.md"  # the seed speech's hand-made clean version
SITE = "\u516c\u6587\u5802"  # 公文堂
SITE_URL = "www.gongwentang.example.cn"
AD = SITE + "\uff1a\u6bcf\u65e5\u66f4\u65b0\u5b9e\u65f6\u6587\u7a3f\uff0c\u5fae\u4fe1 gongwentangkf"


def gold_paragraphs(text: str) -> tuple[str, list[str]]:
    """The title and the blocks (headings and paragraphs) of a clean gold document:
    front matter, ``# title``, ``## heading``, one paragraph per block."""
    body = text.split("---", 2)[2] if text.startswith("---") else text
    blocks = [b.strip() for b in body.strip().split("\n\n") if b.strip()]
    title = blocks[0].lstrip("# ").strip()
    return title, [b.lstrip("# ").strip() for b in blocks[1:]]


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap Chinese text at ``width`` characters (ASCII counts half)."""
    out: list[str] = []
    cur = ""
    used = 0.0
    for ch in text:
        w = 0.5 if ord(ch) < 128 else 1.0
        if used + w > width:
            out.append(cur)
            cur, used = "", 0.0
        cur += ch
        used += w
    if cur:
        out.append(cur)
    return out


def make_pdf(title: str, paras: list[str], path: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1  # fixed dates and ids: byte-identical output
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    width, height = A4
    left, top, size, lead = 72.0, height - 90, 12.0, 20.0
    chars_per_line = int((width - 2 * left) / size)
    # lay out all lines first to know the page count
    pages: list[list[tuple[str, float, float, float]]] = [[]]
    y = top
    pages[-1].append((title, 18.0, (width - 18.0 * len(title)) / 2, y))
    y -= 40
    for para in paras:
        heading = len(para) < 30 and not para.endswith("\u3002")
        if heading:
            y -= 8
        first = wrap(para, chars_per_line - 2)[0] if not heading else para
        rest = wrap(para[len(first) :], chars_per_line) if not heading else []
        for i, line in enumerate([first, *rest]):
            if y < 90:
                pages.append([])
                y = top
            x = left + (2 * size if i == 0 and not heading else 0)
            pages[-1].append((line, 15.0 if heading else size, x, y))
            y -= lead + (8 if heading else 0)
    total = len(pages)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("")
    c.setCreator(SITE)
    for n, lines in enumerate(pages, start=1):
        # watermark: light grey, rotated, large
        c.saveState()
        c.setFillColorRGB(0.85, 0.85, 0.85)
        c.setFont(font, 60)
        c.translate(width / 2, height / 2)
        c.rotate(40)
        c.drawCentredString(0, 0, SITE)
        c.restoreState()
        c.setFillColorRGB(0.35, 0.35, 0.35)
        c.setFont(font, 9)
        c.drawRightString(width - left, height - 45, f"{SITE}  {SITE_URL}")
        c.drawCentredString(width / 2, 40, f"\u7b2c {n} \u9875 \u5171 {total} \u9875")
        if n % 2 == 1:
            c.setFillColorRGB(0.3, 0.3, 0.8)
            c.drawCentredString(width / 2, 60, AD)
        c.setFillColorRGB(0, 0, 0)
        for text, sz, x, y in lines:
            c.setFont(font, sz)
            c.drawString(x, y, text)
        c.showPage()
    c.save()


def make_html(title: str, paras: list[str], path: Path) -> None:
    esc = html.escape
    lines: list[str] = [title]
    for para in paras:
        wrapped = wrap(para, 34) or [""]
        lines.extend(["\u3000\u3000" + wrapped[0], *wrapped[1:]])
    per_page = 30
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    related = [
        "\u5173\u4e8e\u52a0\u5f3a\u673a\u5173\u4f5c\u98ce\u5efa\u8bbe\u7684\u5b9e\u65bd\u610f\u89c1",
        "\u515a\u652f\u90e8\u4e66\u8bb0\u8ff0\u804c\u62a5\u544a\u8303\u6587",
        "\u5728\u5168\u5e02\u91cd\u70b9\u5de5\u4f5c\u63a8\u8fdb\u4f1a\u4e0a\u7684\u8bb2\u8bdd",
    ]
    nav = ["\u9996\u9875", "\u516c\u6587\u5199\u4f5c", "\u8bb2\u8bdd\u7a3f", "\u5de5\u4f5c\u603b\u7ed3"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{esc(title)} - {SITE}</title>",
        '<meta name="keywords" content="' + esc(title) + '">',
        "<script>var tracker = 1;</script>",
        "</head><body>",
        '<header class="top"><a href="/">' + SITE + "</a><ul>",
        *[f'<li><a href="/c/{i}">{n}</a></li>' for i, n in enumerate(nav)],
        "</ul></header>",
        '<div class="crumbs">\u5f53\u524d\u4f4d\u7f6e\uff1a<a href="/">\u9996\u9875</a> &gt; '
        f'<a href="/c/2">{nav[2]}</a> &gt; <a href="#">{esc(title)}</a></div>',
        '<div class="wrap"><div class="content">',
        f'<div class="info"><h1>{esc(title)}</h1><span>\u4e0a\u4f20\u65f6\u95f4\uff1a2024-01-12</span>'
        f"<span>\u9875\u6570\uff1a{len(pages)}\u9875</span></div>",
    ]
    for n, page in enumerate(pages, start=1):
        out.append(f'<div class="pg" data-n="{n}">')
        out.extend(f"{esc(line)}<br>" for line in page)
        out.append("</div>")
        out.append(f'<div class="pn">\u7b2c{n}\u9875</div>')
        if n % 2 == 1:
            out.append(f'<div class="promo"><a href="/vip">{esc(AD)}</a></div>')
    out += [
        "</div>",
        '<div class="side"><h3>\u76f8\u5173\u6587\u6863</h3><ul>',
        *[f'<li><a href="/doc/{i}.html">{r}</a></li>' for i, r in enumerate(related)],
        "</ul></div></div>",
        f'<div class="bottom"><p>Copyright \u00a9 2018-2024 {SITE} \u7248\u6743\u6240\u6709</p>'
        "<p>\u4eacICP\u590718012345\u53f7-2</p></div>",
        "</body></html>",
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", nargs="?", type=Path, default=GOLD, help="clean gold document (Markdown)")
    ap.add_argument("--out", type=Path, default=ROOT / "samples")
    a = ap.parse_args()
    title, paras = gold_paragraphs(a.source.read_text(encoding="utf-8"))
    a.out.mkdir(parents=True, exist_ok=True)
    make_pdf(title, paras, a.out / "speech-site.pdf")
    make_html(title, paras, a.out / "speech-site.html")
    print(f"wrote {a.out / 'speech-site.pdf'} and {a.out / 'speech-site.html'}")


if __name__ == "__main__":
    main()
