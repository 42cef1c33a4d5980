"""PDF (.pdf, reportlab): the text laid out on A4 pages with a running header, page numbers,
a watermark (rotated in the middle, or small in a corner), ad lines above the footer on some
pages, and the family's first-page and last-page chrome in small grey type. Chinese uses
reportlab's built-in STSong-Light CID font, so no font file is needed; output is
byte-identical for a seed (reportlab's invariant mode)."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from .chrome import Furniture, Lines, chosen, draw
from .families import Family
from .forms import Filler
from .gold import Gold

CJK_FONT = "STSong-Light"
BOLD = {"Times-Roman": "Times-Bold", "Helvetica": "Helvetica-Bold"}
# STSong-Light has no glyph for these: they are written otherwise (and recorded so)
CJK_REPLACE = str.maketrans(
    {"\u00a9": "(c)", "\u00bb": ">>", "\u00ab": "<<", "\u2039": "<", "\u203a": ">", "\u00a3": "GBP "}
)
# ...and the middle dot is drawn as U+30FB, which text extraction gives back as U+00B7
CJK_DRAW = str.maketrans({"\u00b7": "\u30fb"})


@dataclass
class Text:
    text: str
    font: str
    size: float
    x: float
    y: float
    grey: float = 0.0


def _setup() -> None:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    rl_config.invariant = 1
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def latin1_safe(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def font_for(text: str, font: str) -> str:
    return font if font == CJK_FONT or latin1_safe(text) else CJK_FONT


def printable(text: str, font: str) -> str:
    """``text`` as it can be drawn in ``font`` (and will be extracted again)."""
    return text.translate(CJK_REPLACE) if font_for(text, font) == CJK_FONT else text


def safe(lines: Lines, font: str) -> Lines:
    return [(printable(t, font), [(k, printable(x, font)) for k, x in pieces]) for t, pieces in lines]


def show(text: str, font: str) -> str:
    return text.translate(CJK_DRAW) if font == CJK_FONT else text


def wrap_width(text: str, font: str, size: float, width: float, first: float, cjk: bool) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = font_for(text, font)
    out: list[str] = []
    room = width - first
    if cjk:
        cur, used = "", 0.0
        for ch in text:
            w = stringWidth(ch, font, size)
            if used + w > room and cur:
                out.append(cur)
                cur, used, room = "", 0.0, width
            cur += ch
            used += w
        return [*out, cur] if cur else out
    cur = ""
    for word in text.split(" "):
        trial = f"{cur} {word}" if cur else word
        if cur and stringWidth(trial, font, size) > room:
            out.append(cur)
            cur, room = word, width
        else:
            cur = trial
    return [*out, cur] if cur else out


def render(gold: Gold, fam: Family, rng: random.Random, filler: Filler, fur: Furniture) -> tuple[bytes, dict]:
    _setup()
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    lay = fam.layout
    cjk = gold.lang == "zh"
    font = CJK_FONT if cjk else lay.get("pdf_font", "Times-Roman")
    bold = BOLD.get(font, font)
    size = float(lay.get("pdf_size", 12))
    lead = size * (1.7 if cjk else 1.35)
    page_w, page_h = A4
    left = float(rng.randint(62, 80))
    width = page_w - 2 * left
    top, bottom = page_h - 88, 92.0

    pages: list[list[Text]] = [[]]
    y = top

    def room(need: float) -> None:
        nonlocal y
        if y - need < bottom:
            pages.append([])
            y = top

    def put(text: str, f: str, sz: float, x: float, grey: float = 0.0, step: float | None = None) -> None:
        nonlocal y
        room(sz)
        pages[-1].append(Text(text, font_for(text, f), sz, x, y, grey))
        y -= step if step is not None else lead

    def chrome_lines(kinds: list[str]) -> None:
        for kind in chosen(fam, kinds, rng):
            for text in fur.lines(safe(draw(filler, kind), font)):
                for part in wrap_width(text, font, 8.5, width, 0, cjk):
                    put(part, font, 8.5, left, 0.45, 13)

    tsize = size * 1.5
    for part in wrap_width(gold.title, bold, tsize, width, 0, cjk):
        tw = stringWidth(part, font_for(part, bold), tsize)
        put(part, bold, tsize, (page_w - tw) / 2, step=tsize * 1.6)
    y -= 6
    chrome_lines(lay.get("pdf_first", []))
    y -= 8
    indent = size * 2 if cjk else (0.0 if rng.random() < 0.5 else size * 1.5)
    for b in gold.blocks:
        if b.level:
            hsize = size + (3 if b.level == 2 else 1.5)
            y -= 8
            room(hsize * 3)
            for part in wrap_width(b.text, bold, hsize, width, 0, cjk):
                put(part, bold, hsize, left, step=hsize * 1.6)
            continue
        for i, part in enumerate(wrap_width(b.text, font, size, width, indent, cjk)):
            put(part, font, size, left + (indent if i == 0 else 0))
        if not cjk:
            y -= size * 0.5
    y -= 10
    chrome_lines(lay.get("pdf_last", []))

    total = len(pages)
    filler.ctx.total = total
    header = [t for k in lay.get("pdf_header", []) for t in fur.lines(safe(draw(filler, k), font))]
    wm_style = lay.get("pdf_watermark", "none")
    wm = printable(filler.fixed("watermark")[0][0], font) if wm_style != "none" else ""
    if wm_style == "rotated":
        fur.add("watermark", wm, match="line-chars")
    elif wm:
        fur.add("watermark", wm)
    ad_rate = float(lay.get("pdf_ads", 0))
    ad_pages = []
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    if rng.random() < 0.5:
        c.setTitle(gold.title)
    c.setCreator(fam.site if latin1_safe(fam.site) else "")
    for n, texts in enumerate(pages, start=1):
        if wm_style == "rotated":
            c.saveState()
            c.setFillColorRGB(0.86, 0.86, 0.86)
            c.setFont(font_for(wm, font), 54)
            c.translate(page_w / 2, page_h / 2)
            c.rotate(rng.choice([30, 35, 40, 45]))
            c.drawCentredString(0, 0, show(wm, font_for(wm, font)))
            c.restoreState()
        elif wm_style == "corner":
            c.setFillColorRGB(0.7, 0.7, 0.7)
            c.setFont(font_for(wm, font), 8)
            c.drawString(left, page_h - 28, show(wm, font_for(wm, font)))
        c.setFillColorRGB(0.35, 0.35, 0.35)
        for i, h in enumerate(header):
            c.setFont(font_for(h, font), 9)
            c.drawRightString(page_w - left, page_h - 50 - 12 * i, show(h, font_for(h, font)))
        if header:
            c.setLineWidth(0.4)
            c.line(left, page_h - 56 - 12 * (len(header) - 1), page_w - left, page_h - 56 - 12 * (len(header) - 1))
        for kind in lay.get("pdf_footer", []):
            for text in fur.lines(safe(draw(filler, kind, page=n), font)):
                c.setFont(font_for(text, font), 9)
                c.drawCentredString(page_w / 2, 40, show(text, font_for(text, font)))
        if ad_rate and rng.random() < ad_rate and "ad" in fam.forms:
            ad_pages.append(n)
            c.setFillColorRGB(0.25, 0.3, 0.75)
            for i, text in enumerate(fur.lines(safe(filler.block("ad", n), font))):
                c.setFont(font_for(text, font), 9)
                c.drawCentredString(page_w / 2, 64 - 11 * i, show(text, font_for(text, font)))
        for t in texts:
            c.setFillColorRGB(t.grey, t.grey, t.grey)
            c.setFont(t.font, t.size)
            c.drawString(t.x, t.y, show(t.text, t.font))
        c.showPage()
    c.save()
    info = {"pages": total, "font": font, "font_size": size, "watermark": wm_style, "ad_pages": ad_pages}
    return buf.getvalue(), info
