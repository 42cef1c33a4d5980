"""Saved web page (.html): top bar, breadcrumb, info bar, the text in per-page containers (one
element per paragraph, or every printed line its own <br>-ended line, <p>, <div> or <span>),
chrome between pages, sidebar and footer."""

from __future__ import annotations

import html
import random
import zlib

from .chrome import Furniture, Lines, break_plan, chosen, draw
from .families import Family
from .forms import Filler
from .gold import Gold
from .wrap import pages_of, pick, printed_lines

esc = html.escape


def line_html(text: str, pieces: list[tuple[str, str]], sep: str) -> str:
    """A chrome line; when it was recorded piece by piece, the list items become links."""
    if len(pieces) > 1 and sep.strip() and sep in text:
        return esc(sep).join(f'<a href="#">{esc(p)}</a>' for p in text.split(sep))
    return esc(text)


def chrome_html(kind: str, lines: Lines, cls: str, sep: str, rng: random.Random) -> str:
    if kind in ("related", "prevnext") and len(lines) > 1:
        head, items = (lines[0], lines[1:]) if kind == "related" else (None, lines)
        lis = "".join(f'<li><a href="/d/{rng.randint(1000, 99999)}.html">{esc(t)}</a></li>' for t, _ in items)
        hd = f"<h3>{esc(head[0])}</h3>" if head else ""
        return f'<div class="{cls}">{hd}<ul>{lis}</ul></div>'
    if kind == "nav":
        _, pieces = lines[0]
        items = [t for k, t in pieces if k == "nav"]
        lis = "".join(f'<li><a href="/c/{i}">{esc(t)}</a></li>' for i, t in enumerate(items))
        return f'<ul class="{cls}">{lis}</ul>'
    inner = "".join(f"<p>{line_html(t, p, sep)}</p>" if len(lines) > 1 else line_html(t, p, sep) for t, p in lines)
    return f'<div class="{cls}">{inner}</div>'


def body_line(level: int, text: str, mode: str, heading: str) -> str:
    t = esc(text)
    if level and heading == "h2":
        return f"<h{min(level, 6)}>{t}</h{min(level, 6)}>"
    if level and heading == "strong":
        t = f"<strong>{t}</strong>"
    if mode == "br":
        return f"{t}<br>"
    if mode == "div":
        return f'<div class="ln">{t}</div>'
    if mode == "span":
        return f'<section><span style="font-size:16px">{t}</span></section>'
    return f"<p>{t}</p>"  # p and para


def render(gold: Gold, fam: Family, rng: random.Random, filler: Filler, fur: Furniture) -> tuple[bytes, dict]:
    lay = fam.layout
    mode = lay.get("html_lines", "br")
    mode = rng.choice(mode) if isinstance(mode, list) else mode  # a family may vary its markup
    heading = lay.get("html_heading", "plain")
    width = 0 if mode == "para" else pick(lay.get("html_wrap", 0), rng)
    indent = "\u3000\u3000" if gold.lang == "zh" and width and rng.random() < 0.7 else ""
    lines = printed_lines(gold, width, indent)
    breaks = lay.get("html_breaks", [])
    pages = pages_of(lines, pick(lay.get("lines_per_page", 40), rng)) if breaks else [lines]
    filler.ctx.total = len(pages)
    plan = break_plan(fam, breaks, len(pages), rng)
    prefix = fam.name[:3]
    cls = lay.get("classes", {})
    sep = filler.sep
    title_sep = rng.choice(lay.get("title_sep", [" - "]))

    def class_of(kind: str) -> str:
        """The family's class for a kind, else an opaque one (class names are no giveaway)."""
        return esc(cls.get(kind) or f"{prefix}{zlib.crc32(f'{fam.name}/{kind}'.encode()) % 9000 + 1000:x}")

    def block(kind: str, page: int | None = None) -> str:
        ls = draw(filler, kind, page)
        fur.lines(ls)
        return chrome_html(kind, ls, class_of(kind), sep, rng)

    top = chosen(fam, lay.get("html_top", []), rng)
    head = chosen(fam, lay.get("html_head", ["title"]), rng)
    if "title" not in head:
        head.insert(0, "title")
    charset = lay.get("html_charset", "utf-8")
    lang = "zh-CN" if gold.lang == "zh" else "en-GB"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="{charset}">',
        f"<title>{esc(gold.title)}{esc(title_sep)}{esc(fam.site)}</title>",
        f'<meta name="description" content="{esc(gold.summary(80))}">',
        f'<link rel="stylesheet" href="//static.{esc(fam.domain.removeprefix("www."))}/css/{prefix}.css">',
        f"<script>window.__{prefix}Slots={rng.randint(100, 999)};var _q=_q||[];</script>",
        "</head><body>",
        f'<div class="{prefix}-top">',
        *[block(k) for k in top if k != "cookie"],
        "</div>",
        f'<div class="{prefix}-wrap"><div class="{prefix}-main">',
    ]
    for kind in head:
        if kind == "title":
            out.append(f"<h1>{esc(gold.title)}</h1>")
        else:
            out.append(block(kind))
    out.append(f'<div class="{esc(cls.get("content", "content"))}">')
    for n, page in enumerate(pages, start=1):
        out.append(f'<div class="{esc(cls.get("page", "page"))}" id="{prefix}{n}" data-page="{n}">')
        out += [body_line(level, text, mode, heading) for level, text in page]
        out.append("</div>")
        out += [block(kind, n) for kind in plan[n - 1]]
    out.append("</div>")
    out += [block(k) for k in chosen(fam, lay.get("html_after", []), rng)]
    out.append("</div>")
    side = chosen(fam, lay.get("html_side", []), rng)
    if side:
        out += [f'<aside class="{esc(cls.get("side", "side"))}">', *[block(k) for k in side], "</aside>"]
    out.append("</div>")
    foot = chosen(fam, lay.get("html_footer", []), rng)
    out += [f'<div class="{esc(cls.get("foot", "footer"))}">', *[block(k) for k in foot if k != "cookie"], "</div>"]
    cookie = [k for k in top + foot if k == "cookie"]
    if cookie:
        out.append(f'<div class="{prefix}-consent" role="dialog">{block("cookie")}</div>')
    out += ["</body></html>", ""]
    text = "\n".join(out)
    data = text.encode("gbk", errors="xmlcharrefreplace") if charset == "gbk" else text.encode("utf-8")
    return data, {"encoding": charset, "html_lines": mode, "pages": len(pages), "wrap": width}
