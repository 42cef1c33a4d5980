"""Figures of a PDF: its embedded images (XObjects and inline images) as
:class:`~convert.core.model.Figure` structures, decorative ones recorded as furniture.

The reader collects each page's images while it reads the page (:func:`page_images`: their
boxes, pixel sizes and a digest of their streams; a JPEG stream's bytes when it can be used
as a file as is). After the last page, :func:`take_figures` decides which are figures and
which are decoration, finds each figure's caption among the page's lines (a line just below
or above it that starts ``图1``, ``Figure 1``, ``Fig. 1``; the caption's lines leave the
page's lines), gives each figure a line number of its page where it stands in reading
order (the lines after it move one number on; a figure set into a paragraph comes after
it), takes the labels printed inside its box (short lines, no sentence, no larger than the
body type) out of the page's lines into its text alternative, and produces the image
files: a JPEG stream as is, anything else rendered (pypdfium2) to PNG from the page, cropped
to the image's box. Images that touch or overlap on a page
(the parts of one drawing) make one figure, rendered from their joint box.

Decoration, recorded as ``Removal(kind="image")``: tiny images (spacers, bullets), thin
banners and rules, the same image on most pages (a logo), a small square near the foot or
head of a page (a QR code), an image behind the whole page's text (a design, or a scan
under its OCR text layer). A full-page image on a page without text is a scan: the reader's
"pages without a text layer" warning covers it, and it is left alone here.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from convert.core import imageverdict
from convert.core.model import Figure, Origin, Removal
from convert.core.textutil import SENTENCE_OR_ITEM_END
from convert.readers.pdf.layout import ITEM_START, LIST_MARKER, PageLayout, PdfLine, body_type_size, join_wrapped

STEP = "pdf-reader"
MAX_SIDE = 4000  # pixels: the largest side of an image file written
MAX_JPEG_BYTES = 5 << 20  # a JPEG stream larger than this is rendered smaller instead
MAX_RENDER_DPI = 300.0
MAX_IMAGES_PER_PAGE = 200  # more is a pattern of tiles or glyphs, not figures
MIN_PIXELS = 24  # an image with a side of fewer pixels is a spacer or a bullet
MIN_POINTS = 16.0  # ... or drawn less than this many points on a side
MIN_PAGE_SHARE = 0.01  # ... or covering less than 1 % of the page
BANNER_RATIO = 8.0  # a side this many times the other: a banner or a rule
BACKGROUND_SHARE = 0.6  # an image covering this much of a page is its background (or a scan)
QR_SIDE_SHARE = 0.2  # a square no wider than this share of the page near its head or foot: a QR code
CAPTION = re.compile(r"^(?:\u56fe\s*\d|Figure\s+\d|Fig\.\s*\d)", re.IGNORECASE)
SUBCAPTION = re.compile(r"^\(?[a-h]\)\s")  # ``(a) Original image``: a part of a figure
CAPTION_REACH = 3.0  # ems of the caption's size: how far from the image its first line may stand
SENTENCE_REACH = 40  # lines: how far a figure may move to the end of a sentence it interrupts
JOIN_GAP = 6.0  # points: images this close are parts of one figure
LABEL_SIZE = 0.9  # at most this share of the body's type size: a drawing's labels are set small
LABEL_EDGE = 2.0  # points: lines whose left edges round together stand one under the other
STACKED = 3  # lines at one left edge that make a list, not a drawing's labels
LABEL_WORDS = 8  # words of a label printed on a drawing (Threaded nut core)
LABEL_CHARS = 16  # characters of a Chinese one


@dataclass(slots=True)
class PageImage:
    """One image drawn on a page: its box (points, top-left origin), pixel size, a digest of
    its stream, and the stream itself when it is a JPEG file usable as is."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    px_width: int
    px_height: int
    digest: str
    jpeg: bytes | None = None
    bilevel: bool = False  # one bit a pixel (a fax-coded scan, a mask): black and white only

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Taken:
    """What :func:`take_figures` found: the figures, the decoration it dropped, warnings."""

    figures: list[Figure] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- collecting


def page_images(page: object, number: int) -> list[PageImage]:
    """The images a pdfplumber page draws, without decoding them: the digest is taken over
    the stream's raw bytes. Past :data:`MAX_IMAGES_PER_PAGE` only their boxes are kept (a
    pattern of tiles or glyphs: :func:`take_figures` records them together)."""
    out: list[PageImage] = []
    try:
        objects = list(getattr(page, "images", ()))
    except Exception:  # pdfminer raises many kinds for a broken resource: no images, the page's text stays
        return out
    if len(objects) > MAX_IMAGES_PER_PAGE:
        box = [(float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"])) for o in objects]
        return [PageImage(number, *b, px_width=0, px_height=0, digest="") for b in box]
    for obj in objects:
        try:
            out.append(_page_image(obj, number))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a malformed image dictionary: nothing to show
    return out


def _page_image(obj: dict[str, object], number: int) -> PageImage:
    stream = obj.get("stream")
    raw = getattr(stream, "rawdata", None) or b""
    size = obj.get("srcsize") or (0, 0)
    px_w, px_h = int(size[0] or 0), int(size[1] or 0)  # type: ignore[index]
    digest = hashlib.sha1(raw, usedforsecurity=False).hexdigest() if raw else f"{obj.get('name')}:{px_w}x{px_h}"
    return PageImage(
        page=number,
        x0=float(obj["x0"]),  # type: ignore[arg-type]
        top=float(obj["top"]),  # type: ignore[arg-type]
        x1=float(obj["x1"]),  # type: ignore[arg-type]
        bottom=float(obj["bottom"]),  # type: ignore[arg-type]
        px_width=px_w,
        px_height=px_h,
        digest=digest,
        jpeg=_plain_jpeg(stream, raw, px_w, px_h),
        bilevel=obj.get("bits") == 1 or bool(obj.get("imagemask")),
    )


def _plain_jpeg(stream: object, raw: bytes, px_w: int, px_h: int) -> bytes | None:
    """The JPEG file a stream holds, when a browser shows it as the PDF does: DCT alone
    (or under ASCII85, which some writers add), RGB or grey, no mask or decode array,
    within the size limits; else ``None`` (the image is rendered instead)."""
    attrs = getattr(stream, "attrs", None) or {}
    filters = attrs.get("Filter") or attrs.get("F")
    names = [str(f).strip("/'") for f in (filters if isinstance(filters, list) else [filters])]
    space = str(attrs.get("ColorSpace") or attrs.get("CS") or "")
    if (
        names not in (["DCTDecode"], ["ASCII85Decode", "DCTDecode"])
        or len(raw) > MAX_JPEG_BYTES
        or not 0 < max(px_w, px_h) <= MAX_SIDE
        or any(k in attrs for k in ("SMask", "Mask", "Decode", "ImageMask"))
        or not ("RGB" in space or "Gray" in space)
    ):
        return None
    if names[0] == "ASCII85Decode":  # (shrinks: 5 characters carry 4 bytes)
        import base64

        text = raw.strip()
        text = text[2:] if text.startswith(b"<~") else text
        try:
            raw = base64.a85decode(text.removesuffix(b"~>"), ignorechars=b" \t\n\r\x0b\x0c")
        except ValueError:
            return None
    return raw if raw[:2] == b"\xff\xd8" else None


# ----------------------------------------------------------------------------- deciding


def decoration(image: PageImage, page: PageLayout, repeated: bool) -> str | None:
    """Why an image is decoration (furniture), or ``None`` for a figure. A scan's page
    image on a page without text is neither: ``"scan"``."""
    area = page.width * page.height or 1.0
    share = image.width * image.height / area
    if share >= BACKGROUND_SHARE:
        return (
            "background image under the page's text (a design, or a scan under its text layer)"
            if page.text_chars
            else "scan"
        )
    if min(image.px_width, image.px_height) < MIN_PIXELS and image.px_width and image.px_height:
        return f"tiny image ({image.px_width} x {image.px_height} px): a spacer, bullet or ornament"
    if repeated:
        return "the same image on most pages (a logo or letterhead)"
    square = 0.85 <= image.width / max(image.height, 1e-6) <= 1.18
    edge = image.top >= 0.7 * page.height or image.bottom <= 0.15 * page.height
    if square and image.width <= QR_SIDE_SHARE * page.width and edge:
        return "small square image at the page's edge (a QR code or badge)"
    if max(image.width, image.height) >= BANNER_RATIO * min(image.width, image.height):
        return "thin banner or rule"
    if min(image.width, image.height) < MIN_POINTS or share < MIN_PAGE_SHARE:
        return "tiny image: a spacer, bullet or ornament"
    return None


def _repeated(images: Sequence[PageImage], pages: int) -> set[str]:
    """Digests of images drawn on most pages, or several times over one page."""
    on_pages = Counter(digest for digest, _ in {(i.digest, i.page) for i in images})
    per_page = Counter((i.digest, i.page) for i in images)
    found = {d for d, n in on_pages.items() if pages >= 2 and n >= max(2, 0.5 * pages)}
    found |= {d for (d, _), n in per_page.items() if n >= 3}
    return found


def _combined(images: Sequence[PageImage], repeated: set[str], pages: dict[int, PageLayout]) -> list[PageImage]:
    """The images with those that touch or overlap on a page (the parts of one drawing,
    tiles of one picture) combined into one, rendered from their joint box. A repeated
    image (a logo) and a page's background stay apart."""
    out: list[PageImage] = []
    by_page: dict[int, list[list[PageImage]]] = {}  # (groups never span pages: each page's apart)
    for image in images:
        page = pages.get(image.page)
        alone = (
            page is None
            or image.digest in repeated
            or image.width * image.height >= BACKGROUND_SHARE * page.width * page.height
        )
        if alone:
            out.append(image)
            continue
        merged = [image]
        rest: list[list[PageImage]] = []
        for g in by_page.get(image.page, ()):
            if any(_near(image, o) for o in g) and not _text_between([*merged, *g], page):
                merged += g
            else:
                rest.append(g)
        by_page[image.page] = [*rest, merged]
    for group in itertools.chain.from_iterable(by_page.values()):
        out.append(group[0] if len(group) == 1 else _union(group))
    return sorted(out, key=lambda i: (i.page, i.top, i.x0))


def _text_between(group: Sequence[PageImage], page: PageLayout | None) -> bool:
    """Whether a line of running text (over 40 characters) lies in the joint box of a group
    of images but outside each of them: the images belong to different figures (two
    columns' drawings that happen to touch)."""
    if page is None:
        return False
    x0, top = min(i.x0 for i in group), min(i.top for i in group)
    x1, bottom = max(i.x1 for i in group), max(i.bottom for i in group)
    for p in page.lines:
        if len(p.text) <= 40 or not (p.x0 >= x0 - 1 and p.x1 <= x1 + 1 and p.top >= top - 1 and p.bottom <= bottom + 1):
            continue
        if not any(
            p.x0 >= i.x0 - 1 and p.x1 <= i.x1 + 1 and p.top >= i.top - 1 and p.bottom <= i.bottom + 1 for i in group
        ):
            return True
    return False


def _near(a: PageImage, b: PageImage) -> bool:
    """Whether two images overlap or stand within :data:`JOIN_GAP` points of each other."""
    return (
        a.x0 - JOIN_GAP < b.x1
        and b.x0 - JOIN_GAP < a.x1
        and a.top - JOIN_GAP < b.bottom
        and b.top - JOIN_GAP < a.bottom
    )


def _union(group: Sequence[PageImage]) -> PageImage:
    """One image for a group of touching images: their joint box, at the finest resolution
    among them (at most :data:`MAX_SIDE` pixels a side), never usable as one JPEG."""
    x0, top = min(i.x0 for i in group), min(i.top for i in group)
    x1, bottom = max(i.x1 for i in group), max(i.bottom for i in group)
    density = max((i.px_width / max(i.width, 1.0) for i in group if i.px_width), default=1.0)
    digest = hashlib.sha1("".join(sorted(i.digest for i in group)).encode(), usedforsecurity=False).hexdigest()
    return PageImage(
        page=group[0].page,
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        px_width=min(MAX_SIDE, round((x1 - x0) * density)),
        px_height=min(MAX_SIDE, round((bottom - top) * density)),
        digest=digest,
        bilevel=all(i.bilevel for i in group),
    )


def take_figures(data: bytes, pages: Sequence[PageLayout], images: Sequence[PageImage]) -> Taken:
    """Decide figures and decoration, take the captions out of the pages' lines, number the
    figures into their pages' reading order, and produce the image files."""
    taken = Taken()
    if not images:
        return taken
    by_number = {p.number: p for p in pages}
    counts = Counter(i.page for i in images)
    for number, n in sorted(counts.items()):
        if n > MAX_IMAGES_PER_PAGE:  # (a pattern: each piece is no figure)
            reason = f"{n} images on one page: tiles or glyphs drawn as images, not figures"
            origin = Origin(line=1, page=number)
            taken.removals.append(Removal(text=f"[{n} images]", step=STEP, kind="image", reason=reason, origin=origin))
    images = [i for i in images if counts[i.page] <= MAX_IMAGES_PER_PAGE]
    repeated = _repeated(images, len(pages))
    kept: list[tuple[PageImage, PageLayout]] = []
    dropped: list[tuple[PageImage, PageLayout, str]] = []
    for image in _combined(images, repeated, by_number):
        page = by_number.get(image.page)
        if page is None:
            continue
        why = decoration(image, page, image.digest in repeated)
        if why == "scan":
            continue
        if why is not None and not _caption_for(image, page, images):
            dropped.append((image, page, why))
            continue
        kept.append((image, page))
    placed = _place(kept)
    for image, page, why in dropped:  # (at the lines' final numbers)
        origin = Origin(line=_anchor_line(image, page), page=page.number)
        label = f"[image {image.px_width} x {image.px_height} px]"
        taken.removals.append(Removal(text=label, step=STEP, kind="image", reason=why, origin=origin))
    files = _image_files(data, [image for image, *_ in placed], taken.warnings)
    for n, ((image, _page, caption, alt, number), (blob, media, w, h)) in enumerate(zip(placed, files, strict=True), 1):
        ext = "jpg" if media == "image/jpeg" else "png"
        taken.figures.append(
            Figure(
                text=caption or alt,
                caption=caption,
                alt=alt,
                data=blob,
                media_type=media,
                page=image.page,
                name=f"figure-{n}.{ext}",
                width=w,
                height=h,
                origins=(Origin(line=number, page=image.page),),
            )
        )
    return taken


# ----------------------------------------------------------------------------- captions


def _overlaps(image: PageImage, p: PdfLine) -> bool:
    """Whether a line and an image share some of their horizontal extent."""
    return p.x0 < image.x1 - 1 and p.x1 > image.x0 + 1


def _under(image: PageImage, p: PdfLine) -> bool:
    """Whether a caption-like line stands under (or over) the image: it shares some of the
    image's width, or the image stands in the line's column (a short caption set at the
    column's left edge under a centred image)."""
    if _overlaps(image, p):
        return True
    middle = (image.x0 + image.x1) / 2
    return (
        p.col_left < p.col_right and p.col_left - 1 <= middle <= p.col_right + 1 and CAPTION.match(p.text) is not None
    )


def _caption_for(image: PageImage, page: PageLayout, others: Sequence[PageImage] = ()) -> list[PdfLine]:
    """The caption's lines: the nearest line just below the image (else just above) that
    starts like a caption, with the lines that go on with it (same size, closely set).
    Below, sub-captions (``(a) ...``) and further images of the same figure (``others``
    under this one) may stand between the image and the caption: the caption is shared."""
    lines = _caption_below(image, page, others) or _caption_above(image, page)
    if not lines:
        return []
    first = lines[0]
    at = page.lines.index(first)
    for p in page.lines[at + 1 :]:
        last = lines[-1]
        if abs(p.size - last.size) > 0.3 or not 0 <= p.top - last.bottom <= 0.5 * p.size or CAPTION.match(p.text):
            break
        if p.x0 < first.x0 - 2 * p.size or p.x1 > max(first.x1, image.x1) + 2 * p.size:
            break  # (a line of the neighbouring column or a full-width line)
        lines.append(p)
    return lines


def _caption_below(image: PageImage, page: PageLayout, others: Sequence[PageImage]) -> list[PdfLine]:
    """The first line of a caption below the image (as a list), or ``[]``."""
    edge = image.bottom
    below = sorted((p for p in page.lines if _under(image, p) and p.top >= image.bottom - 2), key=lambda p: p.top)
    under = sorted(
        (o for o in others if o is not image and _overlaps(image, o) and o.top >= image.bottom - 2), key=lambda o: o.top
    )
    for p in below:
        for o in under:  # a further image of the same figure before this line
            if o.top <= p.top and o.top - edge <= CAPTION_REACH * p.size + 2:
                edge = max(edge, o.bottom)
        if p.top < edge - 2:
            continue  # (a label drawn over the further image)
        if p.top - edge > CAPTION_REACH * p.size + 2:
            return []
        if CAPTION.match(p.text):
            return [p]
        if not SUBCAPTION.match(p.text) and not (p.top - edge <= 0.5 * p.size and edge > image.bottom):
            return []
        edge = p.bottom  # a sub-caption (or its next line): the caption may follow
    return []


def _caption_above(image: PageImage, page: PageLayout) -> list[PdfLine]:
    """The first line of a caption just above the image (as a list), or ``[]``."""
    above = [
        p
        for p in page.lines
        if _under(image, p) and 0 <= image.top - p.bottom + 2 <= CAPTION_REACH * p.size + 2 and CAPTION.match(p.text)
    ]
    return [max(above, key=lambda p: p.bottom)] if above else []


def _anchor_line(image: PageImage, page: PageLayout) -> int:
    """The number of the line in reading order that an image stands before (for a removal's
    origin): the first line below its top that shares its width, else the page's last."""
    for p in page.lines:
        if _overlaps(image, p) and p.top >= image.top - 1:
            return p.number
    return page.lines[-1].number if page.lines else 1


def _position(image: PageImage, lines: Sequence[PdfLine], caption: Sequence[PdfLine]) -> int:
    """Where in a page's lines (an index) a figure stands in reading order: at its caption
    below it, after its caption above it, else before the first line below its top that
    shares its width, else after the last line above it that does."""
    below = next((i for i, p in enumerate(lines) if _overlaps(image, p) and p.top >= image.top - 1), None)
    if caption:
        at = lines.index(caption[0])
        if caption[0].top < image.bottom - 2:
            return lines.index(caption[-1]) + 1  # after its caption above it
        if below is not None and lines[below].column == caption[0].column:
            return min(at, below)  # (before its sub-caption)
        return at
    if below is not None:
        return below
    above = [i for i, p in enumerate(lines) if _overlaps(image, p) and p.bottom <= image.bottom]
    return above[-1] + 1 if above else len(lines)


def _after_sentence(lines: Sequence[PdfLine], at: int, claimed: set[int]) -> int:
    """``at``, or past the end of the sentence that a figure at ``at`` would interrupt:
    the line before it does not end a sentence and the next line in its type (in this
    column or the next; a drawing's labels and captions are set smaller) goes on with it
    in lower case. A figure never splits a paragraph in two."""
    before = next((lines[i] for i in range(at - 1, -1, -1) if id(lines[i]) not in claimed), None)
    if before is None or not before.text or before.text[-1:] in SENTENCE_OR_ITEM_END:
        return at
    for j in range(at, min(len(lines), at + SENTENCE_REACH)):
        q = lines[j]
        if id(q) in claimed or abs(q.size - before.size) >= 0.3 or not q.text:
            continue
        if not q.text[:1].islower():
            return at
        end = next(
            (k for k in range(j, min(len(lines), j + SENTENCE_REACH)) if lines[k].text[-1:] in SENTENCE_OR_ITEM_END),
            None,
        )
        return at if end is None else end + 1
    return at


def _place(kept: Sequence[tuple[PageImage, PageLayout]]) -> list[tuple[PageImage, PageLayout, str, str, int]]:
    """Each figure with its caption, the caption it shares with a part below it (for its
    alt text; the part nearest the caption holds it) and its line number: caption lines
    leave their page's lines, and the page's lines are numbered again with a number of its
    own for each figure, where it stands in reading order (after the sentence it would
    interrupt: :func:`_after_sentence`)."""
    by_page: dict[int, list[PageImage]] = {}
    pages: dict[int, PageLayout] = {}
    for image, page in kept:
        by_page.setdefault(page.number, []).append(image)
        pages[page.number] = page
    out: list[tuple[PageImage, PageLayout, str, str, int]] = []
    for number, images in by_page.items():
        page = pages[number]
        claimed: set[int] = set()
        captions: dict[int, list[PdfLine]] = {}
        shared: dict[int, str] = {}  # image -> the caption it shares with the image under it
        labels: dict[int, list[PdfLine]] = {}  # image -> the labels printed inside its box
        for image in sorted(images, key=lambda i: i.bottom, reverse=True):  # (nearest image first: below wins)
            found = _caption_for(image, page, images)
            lines = [p for p in found if id(p) not in claimed]
            if lines:
                claimed.update(id(p) for p in lines)
                captions[id(image)] = lines
            elif found:
                shared[id(image)] = _caption_text(found)
        body = body_type_size([page])
        for image in images:
            if image.jpeg is not None:
                continue  # (a JPEG kept as it is: its file would not show the words printed on it)
            inside = _labels([p for p in page.lines if id(p) not in claimed and _label_of(image, p, body)])
            if inside:
                claimed.update(id(p) for p in inside)
                labels[id(image)] = inside
        slots: dict[int, list[PageImage]] = {}
        for image in images:
            at = _position(image, page.lines, captions.get(id(image), []))
            slots.setdefault(_after_sentence(page.lines, at, claimed), []).append(image)
        numbered: dict[int, int] = {}
        kept_lines: list[PdfLine] = []
        tables = sorted(page.tables, key=lambda t: t.number)  # (numbered among the lines already)
        n = 0
        for i in range(len(page.lines) + 1):
            before = page.lines[i].number if i < len(page.lines) else None
            while tables and (before is None or tables[0].number < before):
                n += 1
                tables.pop(0).number = n
            for image in sorted(slots.get(i, []), key=lambda im: (im.top, im.x0)):
                n += 1
                numbered[id(image)] = n
            if i < len(page.lines) and id(page.lines[i]) not in claimed:
                n += 1
                page.lines[i].number = n
                kept_lines.append(page.lines[i])
        page.lines = kept_lines
        for image in sorted(images, key=lambda im: numbered[id(im)]):
            caption = _caption_text(captions.get(id(image), []))
            alt = "; ".join(p.text for p in labels.get(id(image), []))  # (what the drawing says)
            out.append((image, page, caption, shared.get(id(image), "") or alt, numbered[id(image)]))
    out.sort(key=lambda t: (t[0].page, t[4]))
    return out


def _labels(lines: list[PdfLine]) -> list[PdfLine]:
    """The labels of a drawing among the short lines inside its box: two or more, scattered
    over it (a part's name here and there), not :data:`STACKED` or more set one under the
    other at one left edge (a list, a form's fields, a column's lines printed on a picture)."""
    if len(lines) < 2:
        return []
    edges = Counter(round(p.x0 / LABEL_EDGE) for p in lines)
    if any(n >= STACKED for n in edges.values()):
        return []
    return lines


def _label_of(image: PageImage, p: PdfLine, body: float) -> bool:
    """Whether a line may be a label printed on the image (a part's name on a drawing): it
    stands inside the image's box (half its type size of slack), is short, no sentence, no
    list item, and set smaller than the page's body type; the drawing's words, which go into
    its text alternative. A callout's heading and bullets, a letterhead over a logo, a form's
    labels or a column's lines printed over a picture are set in the body's type (or larger)
    and stay text (a review found each of them lost to the figure's alt)."""
    if p.size > body * LABEL_SIZE or LIST_MARKER.match(p.text) or ITEM_START.match(p.text):
        return False
    slack = p.size / 2
    inside = (
        p.x0 >= image.x0 - slack
        and p.x1 <= image.x1 + slack
        and p.top >= image.top - slack
        and p.bottom <= image.bottom + slack
    )
    if not inside or not p.text.strip() or CAPTION.match(p.text):
        return False
    words = p.text.split()
    short = len(words) <= LABEL_WORDS if p.text.isascii() else len(p.text) <= LABEL_CHARS
    return short and p.text.rstrip()[-1:] not in SENTENCE_OR_ITEM_END


def _caption_text(lines: Sequence[PdfLine]) -> str:
    """A caption's lines joined (no space inside Chinese, a soft hyphen dropped)."""
    return join_wrapped(p.text for p in lines)


# ----------------------------------------------------------------------------- image files


BLACK_OR_WHITE = [0] * 128 + [255] * 128  # a grey level's pixel in a black-and-white picture
ENCODERS = 2  # PNG files compressed at once, beside the rendering (zlib lets go of the interpreter meanwhile)


def _image_files(data: bytes, images: Sequence[PageImage], warnings: list[str]) -> list[tuple[bytes, str, int, int]]:
    """Each figure's file: ``(bytes, media type, width, height)``; a JPEG stream as is,
    anything else rendered from its page (PNG). An image that cannot be produced has no
    bytes (the writers show its caption), and a warning counts them.

    Pages are rendered one after the other (pdfium is not thread-safe), each picture
    compressed to PNG in a worker thread while the next is rendered: the compression is
    most of the cost, and it runs outside the interpreter lock. At most :data:`ENCODERS`
    pictures wait for it, so memory stays bounded by a few pictures."""
    from concurrent.futures import Future, ThreadPoolExecutor

    made: list[tuple[bytes, str, int, int] | Future[tuple[bytes, str, int, int]] | BaseException] = []
    pending: list[Future[tuple[bytes, str, int, int]]] = []
    document = None
    with ThreadPoolExecutor(max_workers=ENCODERS, thread_name_prefix="png") as pool:
        for image in images:
            if image.jpeg is not None:
                made.append((image.jpeg, "image/jpeg", image.px_width, image.px_height))
                continue
            try:
                if document is None:
                    import pypdfium2

                    document = pypdfium2.PdfDocument(data)
                picture = _picture(document, image)
            except MemoryError:
                raise
            except Exception as exc:  # a broken image is a warning, never a failed document
                made.append(exc)
                continue
            while len(pending) >= ENCODERS:
                pending.pop(0).exception()  # (wait for the oldest: a bounded queue)
            job = pool.submit(_png, picture, image.bilevel)
            pending.append(job)
            made.append(job)
    if document is not None:
        document.close()
    out: list[tuple[bytes, str, int, int]] = []
    failed: list[str] = []
    same: dict[bytes, bytes] = {}  # (a file made again, as on every copy of a repeated page: held once)
    for image, item in zip(images, made, strict=True):
        if isinstance(item, Future):
            try:
                item = item.result()
            except MemoryError:
                raise
            except Exception as exc:
                item = exc
        if isinstance(item, BaseException):
            failed.append(f"page {image.page}: {type(item).__name__}")
            out.append((b"", "", image.px_width, image.px_height))
        else:
            file, media_type, width, height = item
            out.append((same.setdefault(file, file), media_type, width, height))
    if failed:
        warnings.append(
            f"{len(failed)} image(s) could not be extracted (kept as captions only): " + "; ".join(failed[:3])
        )
    return out


def _picture(document: object, image: PageImage) -> object:
    """The page cropped to the image's box, rendered at about the image's own resolution
    (at most :data:`MAX_RENDER_DPI`, :data:`MAX_SIDE` pixels a side): a PIL image."""
    page = document[image.page - 1]  # type: ignore[index]
    try:
        width, height = page.get_size()
        w, h = max(image.width, 1.0), max(image.height, 1.0)
        scale = min(
            max(image.px_width / w, 1.0) if image.px_width else 2.0,
            MAX_RENDER_DPI / 72,
            MAX_SIDE / w,
            MAX_SIDE / h,
        )
        crop = (
            max(0.0, image.x0),
            max(0.0, height - image.bottom),
            max(0.0, width - image.x1),
            max(0.0, image.top),
        )
        bitmap = page.render(scale=scale, crop=crop)
        return bitmap.to_pil()  # (a copy: pdfium's BGR turned RGB)
    finally:
        page.close()


def _gray_if_gray(picture: object, bilevel: bool = False) -> object:
    """A rendered RGB picture whose three channels are equal (a scan, a black-and-white
    drawing: pdfium renders every page in colour) as one grey channel: the same pixels, a
    third of the data to compress, a file about half the size. Of an image of one bit a pixel
    (``bilevel``), black and white again: the shades are the rendering's smoothing of its
    edges, and the file is a fifth of the grey one."""
    from PIL import ImageChops

    if getattr(picture, "mode", "") != "RGB":
        return picture
    red, green, blue = picture.split()  # type: ignore[attr-defined]
    if ImageChops.difference(red, green).getbbox() or ImageChops.difference(red, blue).getbbox():
        return picture
    return red.point(BLACK_OR_WHITE, mode="1") if bilevel else red


def _png(picture: object, bilevel: bool = False) -> tuple[bytes, str, int, int]:
    """A rendered picture as a PNG file: ``(bytes, media type, width, height)``. Pillow
    made the file, so it is recorded as readable (:mod:`convert.core.imageverdict`): the
    cleaning and the writers need not decode it again to know."""
    picture = _gray_if_gray(picture, bilevel)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=6)  # type: ignore[attr-defined]
    png = buffer.getvalue()
    imageverdict.remember(png, "PNG")
    return png, "image/png", picture.width, picture.height  # type: ignore[attr-defined]
