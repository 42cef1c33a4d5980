"""Scanned pages made with Pillow, for docconv-ocr's tests and ``scripts/eval_ocr.py``.

Text is printed at 12 pt on 300 dpi pages (Noto CJK), given speckles, a slight blur and a
skew, and packed into image-only PDFs (at 300 dpi or scaled down). :func:`document_pages`
prints a whole gold document on as many A4 pages as it needs with site furniture on each
page: a running header with the site name, a page number footer and a light diagonal
watermark repeated over the page (:func:`furniture` lists those strings, for the leak
metric). :func:`score` loads the shared corpus's ``score.py`` (its ``Doc``, ``f1`` and
``leaked``). Needs Pillow and rapidfuzz; the fonts are ``fonts-noto-cjk``.
"""

from __future__ import annotations

import importlib.util
import io
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[3]  # the docconv checkout
DEV = ROOT.parent / "shared" / "corpus" / "dev"
GOLD = DEV / "gold"
FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
SC = 2  # the Simplified Chinese face in the Noto CJK collections
A4 = (2480, 3508)  # pixels at 300 dpi
MARGIN = 220
EM = 50  # 12 pt at 300 dpi
SKEW = 1.5  # degrees: the tests' fixed skew
LANGS = {"zh": "chi_sim", "en": "eng"}
#: the site whose furniture is printed on every page: (domain, name)
SITE = {"zh": ("www.example-wenku.com", "\u6587\u5e93\u7f51"), "en": ("www.example-wenku.com", "Example Docs")}


def font_path() -> Path | None:
    return next((p for p in FONTS if p.exists()), None)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    path = font_path()
    if path is None:
        raise FileNotFoundError("no Noto CJK font (fonts-noto-cjk)")
    return ImageFont.truetype(str(path), size, index=SC)


@cache
def score() -> ModuleType:
    """The shared corpus's ``score.py`` (``Doc``, ``f1``, ``leaked``, ``fold``...)."""
    path = DEV / "score.py"
    spec = importlib.util.spec_from_file_location("dev_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        text = text.split("\n---", 1)[1].split("\n", 1)[1]
    return text


def gold_paragraphs(lang: str, count: int = 8) -> list[str]:
    """The first ``count`` body paragraphs (no front matter, no headings) of ``dev-<lang>-01.md``."""
    text = strip_front_matter((GOLD / f"dev-{lang}-01.md").read_text(encoding="utf-8"))
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return [p.replace("\n", " ") for p in paras if not p.startswith("#")][:count]


def gold_blocks(path: Path) -> list[tuple[int, str]]:
    """A gold document's body as ``(heading level or 0, text)``, Markdown syntax removed."""
    text = strip_front_matter(path.read_text(encoding="utf-8"))
    out = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        head = re.match(r"(#{1,6})\s+(.*)", block)
        level = len(head.group(1)) if head else 0
        line = head.group(2) if head else block.replace("\n", " ")
        out.append((level, re.sub(r"\\([^\w\s])", r"\1", line.replace("**", ""))))
    return out


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, indent: float, chinese: bool) -> list[str]:
    units = list(text) if chinese else text.split(" ")
    glue = "" if chinese else " "
    lines: list[str] = []
    current = ""
    for unit in units:
        room = width - (indent if not lines else 0)
        trial = current + glue + unit if current else unit
        if current and face.getlength(trial) > room:
            lines.append(current)
            current = unit
        else:
            current = trial
    return [*lines, current] if current else lines


def scanned(image: Image.Image, seed: int, skew: float) -> Image.Image:
    """``image`` as a scanner gives it: speckles (dust and toner), a slight blur, ``skew`` degrees."""
    rng = random.Random(seed)
    width, height = image.size
    for _ in range(width * height // 1000):
        image.putpixel((rng.randrange(width), rng.randrange(height)), rng.choice((0, 96, 192)))
    image = image.filter(ImageFilter.GaussianBlur(0.7))
    return image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)


def scan(paras: list[str], chinese: bool, size: tuple[int, int | None] = A4, seed: int = 1) -> Image.Image:
    """A printed page of ``paras`` (12 pt at 300 dpi), scanned with a 1.5 degree skew.
    ``size``'s height ``None``: as tall as the text."""
    face = font(EM)
    indent = 2 * EM if chinese else EM
    placed: list[tuple[int, int, str]] = []
    y = MARGIN
    for para in paras:
        for i, line in enumerate(wrap(para, face, size[0] - 2 * MARGIN, indent, chinese)):
            placed.append((MARGIN + (indent if i == 0 else 0), y, line))
            y += round(EM * 1.5)
        y += EM // 2
    page = (size[0], size[1] or y + MARGIN)
    if y > page[1] - MARGIN:
        raise ValueError("the paragraphs do not fit on the page")
    image = Image.new("L", page, 255)
    draw = ImageDraw.Draw(image)
    for x, top, line in placed:
        draw.text((x, top), line, font=face, fill=0)
    return scanned(image, seed, SKEW)


# ----------------------------------------------------------------------------- whole documents


@dataclass
class Scan:
    """A gold document printed on A4 pages with site furniture, at 300 dpi."""

    lang: str
    pages: list[Image.Image] = field(default_factory=list)
    furniture: list[dict[str, str]] = field(default_factory=list)
    printed: int = 0  # the pages the whole document needs (``pages`` may be fewer)


def header_text(lang: str) -> str:
    domain, name = SITE[lang]
    return f"{name}  {domain}"


def footer_text(lang: str, number: int) -> str:
    return f"\u7b2c {number} \u9875" if lang == "zh" else f"Page {number}"


def furniture(lang: str, pages: int) -> list[dict[str, str]]:
    """The furniture strings printed on the pages, as ``score.py`` manifest items."""
    domain, name = SITE[lang]
    items = [{"text": domain}, {"text": name, "match": "substring"}, {"text": header_text(lang)}]
    if lang == "zh":  # fragments of the rotated watermark on short lines of their own
        items.append({"text": name, "match": "line-chars"})
    items += [{"text": footer_text(lang, n), "match": "substring"} for n in range(1, pages + 1)]
    return items


def watermark(size: tuple[int, int], text: str, opacity: float = 0.2) -> Image.Image:
    """A layer of ``text`` repeated diagonally (30 degrees) in grey at ``opacity`` over white."""
    face = font(round(EM * 1.6))
    big = Image.new("L", (size[0] * 2, size[1] * 2), 0)
    draw = ImageDraw.Draw(big)
    step_x, step_y = round(face.getlength(text)) + 4 * EM, 9 * EM
    for row, y in enumerate(range(0, big.height, step_y)):
        for x in range(-(row % 2) * step_x // 2, big.width, step_x):
            draw.text((x, y), text, font=face, fill=255)
    big = big.rotate(30, resample=Image.Resampling.BICUBIC)
    left, top = (big.width - size[0]) // 2, (big.height - size[1]) // 2
    mask = big.crop((left, top, left + size[0], top + size[1]))
    grey = 96  # the ink of the watermark, before its opacity
    return mask.point(lambda v: round(255 - (255 - grey) * opacity * v / 255))


def document_pages(path: Path, lang: str, seed: int = 1, max_pages: int | None = None) -> Scan:
    """The whole body of the gold document ``path`` (title, headings, paragraphs) on A4 pages,
    each with the site's running header, a page number footer and the watermark, then scanned
    (a random skew within +-2 degrees, from ``seed``)."""
    chinese = lang == "zh"
    domain, name = SITE[lang]
    rng = random.Random(seed)
    width, height = A4
    top, bottom = MARGIN + 2 * EM, height - MARGIN - EM  # the body's room, below the header
    sizes = {0: EM, 1: round(EM * 1.6), 2: round(EM * 1.3)}
    layouts: list[list[tuple[int, int, str, int]]] = [[]]
    y = top
    for level, text in gold_blocks(path):
        size = sizes.get(level, round(EM * 1.15))
        face = font(size)
        indent = (2 * size if chinese else size) if level == 0 else 0
        lines = wrap(text, face, width - 2 * MARGIN, indent, chinese)
        if level:  # a heading: centred title, space above, never alone at a page's foot
            y += EM // 2
            if y + 3 * size * 1.5 > bottom:
                layouts.append([])
                y = top
        for i, line in enumerate(lines):
            if y + size > bottom:
                layouts.append([])
                y = top
            x = MARGIN + (indent if i == 0 else 0)
            if level == 1:
                x = round((width - face.getlength(line)) / 2)
            layouts[-1].append((x, y, line, size))
            y += round(size * 1.5)
        y += EM // 2 if level == 0 else EM // 3
    printed = len(layouts)
    if max_pages is not None:
        layouts = layouts[:max_pages]
    result = Scan(lang, furniture=furniture(lang, len(layouts)), printed=printed)
    small = font(round(EM * 0.8))
    mark = watermark(A4, f"{domain}  {name}" if chinese else domain, opacity=0.15 + 0.1 * rng.random())
    for number, placed in enumerate(layouts, 1):
        image = Image.new("L", A4, 255)
        draw = ImageDraw.Draw(image)
        head = header_text(lang)
        draw.text((MARGIN, MARGIN - EM), head, font=small, fill=64)
        draw.line((MARGIN, MARGIN + EM // 2, width - MARGIN, MARGIN + EM // 2), fill=96, width=3)
        foot = footer_text(lang, number)
        draw.text(((width - small.getlength(foot)) / 2, height - MARGIN), foot, font=small, fill=0)
        for x, top_, line, size in placed:
            draw.text((x, top_), line, font=font(size), fill=0)
        image = ImageChops.darker(image, mark)
        result.pages.append(scanned(image, rng.randrange(1 << 30), rng.uniform(-2.0, 2.0)))
    return result


def pdf_of(image: Image.Image | list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF of the 300 dpi page(s), scaled to ``dpi``."""
    images = image if isinstance(image, list) else [image]
    if dpi != 300:
        images = [i.resize((i.width * dpi // 300, i.height * dpi // 300), Image.Resampling.LANCZOS) for i in images]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return buf.getvalue()


# ----------------------------------------------------------------------------- measures


def body(markdown: str) -> str:
    """The text of a Markdown output: no front matter, no heading marks, no escapes."""
    markdown = strip_front_matter(markdown)
    markdown = re.sub(r"(?m)^#+\s+", "", markdown)
    return re.sub(r"\\([^\w\s])", r"\1", markdown)


def cer(found: str, gold: str, chinese: bool) -> float:
    """Levenshtein distance / gold length; Chinese without whitespace, English with it collapsed."""
    if chinese:
        found, gold = re.sub(r"\s+", "", found), re.sub(r"\s+", "", gold)
    else:
        found, gold = " ".join(found.split()), " ".join(gold.split())
    return Levenshtein.distance(found, gold) / max(1, len(gold))


def measure(markdown: str, gold_markdown: str, lang: str, items: list[dict[str, str]]) -> dict[str, object]:
    """CER, furniture leak, paragraph F1 and CJK spaces per 1000 characters of an output
    against its gold (``score.py``'s parsing, folding and rules; the gold cut to the pages
    printed is the caller's business)."""
    sc = score()
    out, gold = sc.Doc(markdown), sc.Doc(gold_markdown)
    leaks = [it["text"] for it in items if sc.leaked(it, gold, out)]
    spaces = len(sc.CJK_SPACE.findall(out.text)) - len(sc.CJK_SPACE.findall(gold.text))
    return {
        "cer": cer(out.text, gold.text, lang == "zh"),
        "leak": len(leaks) / len(items) if items else 0.0,
        "para_f1": sc.f1(gold.paras, out.paras),
        "cjk_space": 1000 * max(0, spaces) / max(1, len(out.flat)),  # spaces between CJK not in gold, per 1000
        "leaked": leaks,
    }
