"""A PDF's pages read with pdfminer directly: per page, the characters, lines, rectangles,
curves and images, as the dictionaries the reader's modules read, with the values pdfplumber
would give them.

Why not pdfplumber's own page objects: pdfplumber lets pdfminer build an ``LTChar`` object per
character, then turns every attribute of every object into a dictionary entry through a
generic resolution (``resolve_all`` per attribute: about a million calls for a 15-page
Federal Register issue), which cost more than pdfminer's interpretation of the content
itself. Here a :class:`_Collector` device (a ``PDFLayoutAnalyzer`` with no layout analysis)
builds each character's dictionary straight from ``render_char``'s arguments, with only the
keys the reader reads (``text``, ``fontname``, ``size``, ``x0``, ``x1``, ``top``,
``bottom``, ``upright``, ``matrix``, ``non_stroking_color``), computing its box with the
same float operations as ``LTChar`` and pdfplumber (the outputs stay byte-identical). One
value differs on purpose: a fill colour in a Separation, DeviceN, indexed, pattern or Lab
colour space is given as the ink it prints, or unknown (:func:`ink`), never as its raw tint,
which the layout would read as a grey (a spot black at full ink, 1, as white).
The content streams themselves are read by :mod:`convert.readers.pdf.content` (the same
objects as pdfminer's parser, several times faster).
Drawings and images are few: pdfminer builds them as usual and they get pdfplumber's full
set of keys (:func:`_shape`, :func:`_image`), so that pdfplumber's table finder, run on a
page with enough rules (:meth:`Page.find_tables`), sees the edges it would see on its own
page. pdfplumber is imported only then (and for a byte-string font name), not at every
read: the import alone costs about 0.14 s.

:func:`open_pdf` reads the document (the page tree, page boxes and info dictionary, all
pages at once, as pdfplumber's ``len(pdf.pages)`` did, so a broken page tree fails in the
same place); :func:`read_page` reads one page, whose objects are dropped once the reader is
done with them (memory stays flat in the page count). Errors keep pdfplumber's shape
(:class:`PdfminerException` wrapping pdfminer's): the reader's messages name them.
"""

from __future__ import annotations

import io
import logging
import numbers
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import PSLiteral
from pdfminer.utils import PDFDocEncoding

from convert.readers.pdf.content import Interpreter

if TYPE_CHECKING:
    from pdfminer.layout import LTComponent
    from pdfminer.pdfcolor import PDFColorSpace
    from pdfminer.pdffont import PDFFont
    from pdfminer.pdfinterp import PDFGraphicState
    from pdfminer.utils import Matrix

Obj = dict[str, Any]
Box = tuple[float, float, float, float]

log = logging.getLogger("pdfminer.metadata")  # (counted as damage by the reader's guard)


class PdfminerException(Exception):
    """An error pdfminer raised while opening the PDF or interpreting a page (the exception
    is the first argument; the name is pdfplumber's, which the reader's messages show)."""


class MalformedPDFException(Exception):
    """A page box that is not four numbers."""


# ----------------------------------------------------------------------------- document


@dataclass(slots=True)
class PageBox:
    """One page of the document before it is read: pdfminer's page, its number, its box
    (top-left origin: x0, top, x1, bottom, as pdfplumber's ``mediabox``) and where it starts
    in the document (``doctop``)."""

    page: PDFPage
    number: int
    mediabox: Box
    doctop: float

    @property
    def width(self) -> float:
        return self.mediabox[2] - self.mediabox[0]

    @property
    def height(self) -> float:
        return self.mediabox[3] - self.mediabox[1]


FONTS_KEPT = 64  # parsed fonts kept for the next pages (a font's Unicode map can be large)
OBJECTS_KEPT = 1024  # parsed objects kept (resources, font dictionaries, object streams...)


class _Recent(OrderedDict[object, Any]):
    """A cache that keeps the ``size`` entries used last. pdfminer keeps every font and
    every object it has parsed until the document is closed: on a PDF joined from many
    documents (a new set of fonts every few pages) memory grows with the page count. An
    entry dropped here is parsed again if a later page needs it (the same object)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __getitem__(self, key: object) -> Any:
        self.move_to_end(key)
        return super().__getitem__(key)

    def __setitem__(self, key: object, value: Any) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)


def _resource_manager() -> PDFResourceManager:
    manager = PDFResourceManager()
    manager._cached_fonts = _Recent(FONTS_KEPT)  # (pdfminer's own attribute, a plain dict)
    return manager


@dataclass(slots=True)
class Pdf:
    """An open PDF: its pages (:class:`PageBox`), its info dictionary (values decoded) and
    the resource manager its pages share (the last :data:`FONTS_KEPT` fonts parsed are kept
    for the next pages), and pdfminer's document (its objects, the last
    :data:`OBJECTS_KEPT` kept)."""

    pages: list[PageBox]
    info: dict[str, Any]
    doc: PDFDocument | None = None
    resources: PDFResourceManager = field(default_factory=_resource_manager)


def open_pdf(data: bytes) -> Pdf:
    """Parse ``data``: the cross-reference table, the info dictionary, the page tree and each
    page's box.

    :raises PdfminerException: the file cannot be parsed (pdfminer's error inside).
    """
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        doc._cached_objs = _Recent(OBJECTS_KEPT)  # (pdfminer's own attribute, a plain dict)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    info: dict[str, Any] = {}
    for entry in doc.info:
        info.update(entry)
    for key, value in info.items():
        try:
            info[key] = _decoded(value)
        except Exception:  # a value that cannot be resolved: left out of the metadata, counted as damage
            log.warning("metadata value %r could not be read", key)
    pages: list[PageBox] = []
    doctop = 0.0
    for number, page in enumerate(_pages(doc), start=1):
        box = PageBox(page, number, _mediabox(page), doctop)
        pages.append(box)
        doctop += box.height
    return Pdf(pages, info, doc)


def _pages(doc: PDFDocument) -> list[PDFPage]:
    out: list[PDFPage] = []
    pages = PDFPage.create_pages(doc)
    while True:
        try:
            out.append(next(pages))
        except StopIteration:
            return out
        except Exception as exc:
            raise PdfminerException(exc) from exc


def _mediabox(page: PDFPage) -> Box:
    """The page's media box with the origin at the top left (the page turned by its
    ``/Rotate``), as pdfplumber's ``Page.mediabox``. The other boxes are checked as
    pdfplumber checked them (a box that is not four numbers fails the document), not used."""
    rotation = (_resolved(page.attrs.get("Rotate")) or 0) % 360
    x0, y0, x1, y1 = _normalized(_resolved(page.attrs.get("MediaBox")), rotation)
    for name in ("CropBox", "TrimBox", "BleedBox", "ArtBox"):
        if name in page.attrs:
            _normalized(_resolved(page.attrs.get(name)), rotation)
    height = y1 - y0
    return (x0, height - y1, x1, height - y0)


def _normalized(raw: Any, rotation: int) -> Box:
    """A PDF rectangle as (left, bottom, right, top), whichever corners it names; turned
    for a page rotated a quarter."""
    if not all(isinstance(v, numbers.Number) for v in raw):
        raise MalformedPDFException(f"Bounding box contains non-number coordinate(s): {raw}")
    x0, x1 = sorted((raw[0], raw[2]))
    y0, y1 = sorted((raw[1], raw[3]))
    return (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)


def _resolved(value: object) -> Any:
    """``value`` with its indirect references resolved, inside lists and tuples too."""
    if isinstance(value, PDFObjRef):
        return _resolved(value.resolve())
    if isinstance(value, list | tuple):
        return type(value)(_resolved(v) for v in value)
    return value


def _decoded(value: object) -> Any:
    """An info-dictionary value resolved, its strings decoded (UTF-16 with a byte-order
    mark, else PDFDocEncoding)."""
    if isinstance(value, PDFObjRef):
        value = value.resolve()
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    if isinstance(value, PSLiteral):
        return _text(value.name)
    if isinstance(value, str | bytes):
        return _text(value)
    if isinstance(value, dict):
        for k, v in value.items():
            value[k] = _decoded(v)
    return value


def _text(value: str | bytes) -> str:
    if isinstance(value, bytes) and value.startswith(b"\xfe\xff"):
        return str(value[2:], "utf-16be", "ignore")
    try:
        return "".join(PDFDocEncoding[c if isinstance(c, int) else ord(c)] for c in value)
    except IndexError:
        return str(value)


# ----------------------------------------------------------------------------- one page


@dataclass(slots=True)
class Page:
    """What one page draws, as dictionaries with pdfplumber's keys and values (characters:
    only the keys the reader reads)."""

    number: int
    bbox: Box
    chars: list[Obj]
    lines: list[Obj]
    rects: list[Obj]
    curves: list[Obj]
    images: list[Obj]
    _edges: list[Obj] | None = None

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    @property
    def edges(self) -> list[Obj]:
        """The page's rules as pdfplumber's table finder sees them: each line, each side of
        each rectangle, each segment of each curve (``orientation`` ``h``, ``v`` or ``None``)."""
        if self._edges is None:
            edges = [{**o, "orientation": "h" if o["top"] == o["bottom"] else "v"} for o in self.lines]
            for r in self.rects:
                edges += _rect_edges(r)
            for c in self.curves:
                edges += _curve_edges(c)
            self._edges = edges
        return self._edges

    def find_tables(self, settings: dict[str, object]) -> list[Any]:
        """pdfplumber's ruled tables of the page (its ``TableFinder``, which reads only the
        page's edges and box with these settings)."""
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(settings)).tables  # type: ignore[arg-type]


def _rect_edges(r: Obj) -> list[Obj]:
    return [
        {**r, "object_type": "rect_edge", "height": 0, "y0": r["y1"], "bottom": r["top"], "orientation": "h"},
        {
            **r,
            "object_type": "rect_edge",
            "height": 0,
            "y1": r["y0"],
            "top": r["top"] + r["height"],
            "doctop": r["doctop"] + r["height"],
            "orientation": "h",
        },
        {**r, "object_type": "rect_edge", "width": 0, "x1": r["x0"], "orientation": "v"},
        {**r, "object_type": "rect_edge", "width": 0, "x0": r["x1"], "orientation": "v"},
    ]


def _curve_edges(c: Obj) -> list[Obj]:
    shift = c["doctop"] - c["top"]
    return [
        {
            "object_type": "curve_edge",
            "x0": min(p[0], q[0]),
            "x1": max(p[0], q[0]),
            "top": min(p[1], q[1]),
            "doctop": min(p[1], q[1]) + shift,
            "bottom": max(p[1], q[1]),
            "width": abs(p[0] - q[0]),
            "height": abs(p[1] - q[1]),
            "orientation": "v" if p[0] == q[0] else ("h" if p[1] == q[1] else None),
        }
        for p, q in zip(c["pts"], c["pts"][1:], strict=False)
    ]


def read_page(pdf: Pdf, box: PageBox) -> Page:
    """Interpret one page's content.

    :raises PdfminerException: pdfminer failed on the page (its error inside).
    """
    device = _Collector(pdf.resources, box)
    try:
        Interpreter(pdf.resources, device).process_page(box.page)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    finally:
        _forget_contents(pdf, box)
    return device.result()


def _forget_contents(pdf: Pdf, box: PageBox) -> None:
    """Drop the page's content streams from pdfminer's object cache: it keeps every object it
    has read, each page's content decoded, until the document is closed (memory growing with
    the page count). Other objects (fonts, resources, shared forms) stay cached: they are
    read again and again, and reading them again is slow."""
    cached = getattr(pdf.doc, "_cached_objs", None)  # (pdfminer's own attribute)
    if not cached:
        return
    contents = box.page.contents
    for ref in contents if isinstance(contents, list) else [contents]:
        if isinstance(ref, PDFObjRef):
            cached.pop(ref.objid, None)


#: colour spaces whose values are tints of an ink (1 = full ink), not light (1 = white)
TINTED = frozenset({"Separation", "DeviceN"})
#: colour spaces whose values say nothing of brightness by themselves
OPAQUE = frozenset({"Indexed", "Pattern", "Lab"})


def ink(colour: object, space: object) -> object:
    """A fill colour as the layout reads it (grey, RGB or CMYK components, see
    :func:`~convert.readers.pdf.layout.luminance`), read in its colour space: a Separation or
    DeviceN colour's tints (1 = full ink: a spot colour's or the black plate's text at full
    strength) as the grey they print (``(1 - the strongest tint,)``); an indexed, pattern or
    Lab colour, a tint of no ink at all (text knocked out of a band, or a colour pdfminer left
    unset after ``cs``), and tints that do not fit their space (pdfminer keeps the last colour
    when ``scn`` gives it a count it does not take) as unknown (``()``); any other colour as
    pdfminer gives it (as pdfplumber reports it). Before, a Separation black at full ink read
    as white and its text as a watermark."""
    name = getattr(space, "name", None)
    if name in TINTED:
        values = colour if isinstance(colour, tuple) else (colour,)
        tints = [float(v) for v in values if isinstance(v, int | float)]
        if not tints or len(tints) != getattr(space, "ncomponents", None) or max(tints) <= 0:
            return ()
        return (1.0 - max(tints),)
    if name in OPAQUE:
        return ()
    return colour


class _Collector(PDFLayoutAnalyzer):
    """pdfminer's layout device, no layout analysis: characters become dictionaries as they
    are drawn; drawings and images go into pdfminer's page object, read at the end."""

    def __init__(self, resources: PDFResourceManager, box: PageBox) -> None:
        super().__init__(resources, pageno=box.number, laparams=None)
        self.box = box
        self.chars: list[Obj] = []
        self._dx = box.mediabox[0]
        self._height = box.height
        self._mb_top = box.mediabox[1]
        self._gs: object = None
        self._colour: tuple[object, ...] = ()
        self._fonts: dict[PDFFont, tuple[dict[int, tuple[str, float]], bool, float, str]] = {}

    def paint_path(self, gstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool, path: Sequence[Any]) -> None:
        """pdfminer's shapes, each told its fill's colour space (:func:`ink` reads it)."""
        before = len(self.cur_item._objs)
        super().paint_path(gstate, stroke, fill, evenodd, path)
        for obj in self.cur_item._objs[before:]:
            obj.fill_space = getattr(gstate, "ncs", None)  # type: ignore[attr-defined]

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        """One character's dictionary; its box computed as ``LTChar`` computes it (the same
        operations in the same order: the same floats)."""
        known = self._fonts.get(font)
        if known is None:  # (a font object is met again and again on a page)
            fontname = font.fontname
            if isinstance(fontname, bytes):  # (rare)
                from pdfplumber.page import fix_fontname_bytes

                fontname = fix_fontname_bytes(fontname)
            known = self._fonts[font] = ({}, font.is_vertical(), font.get_descent(), fontname)
        glyphs, vertical, descent, fontname = known
        glyph = glyphs.get(cid)
        if glyph is None:
            try:
                text = font.to_unichr(cid)
                assert isinstance(text, str), str(type(text))
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            glyph = glyphs[cid] = (text, font.char_width(cid))
        text, width = glyph
        adv = width * fontsize * scaling
        if vertical:
            vx, vy = font.char_disp(cid)  # type: ignore[misc]
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bx0, by0, bx1, by1 = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            low = descent * fontsize
            bx0, by0, bx1, by1 = (0, low + rise, adv, low + rise + fontsize)
        a, b, c, d, e, f = matrix
        left1, bottom1 = a * bx0 + c * by0 + e, b * bx0 + d * by0 + f
        right1, bottom2 = a * bx1 + c * by0 + e, b * bx1 + d * by0 + f
        right2, top1 = a * bx1 + c * by1 + e, b * bx1 + d * by1 + f
        left2, top2 = a * bx0 + c * by1 + e, b * bx0 + d * by1 + f
        # min and max of the four corners, as the builtins pick them (the first of equals),
        # written out: the four calls cost a character five times what these comparisons do
        x0 = x1 = left1
        if left2 < x0:
            x0 = left2
        if right1 < x0:
            x0 = right1
        if right2 < x0:
            x0 = right2
        if left2 > x1:
            x1 = left2
        if right1 > x1:
            x1 = right1
        if right2 > x1:
            x1 = right2
        y0 = y1 = bottom1
        if bottom2 < y0:
            y0 = bottom2
        if top1 < y0:
            y0 = top1
        if top2 < y0:
            y0 = top2
        if bottom2 > y1:
            y1 = bottom2
        if top1 > y1:
            y1 = top1
        if top2 > y1:
            y1 = top2
        if graphicstate is not self._gs:  # (one state per string drawn)
            self._gs = graphicstate
            colour = ink(graphicstate.ncolor, getattr(graphicstate, "ncs", None))
            self._colour = colour if isinstance(colour, tuple) else (colour,)
        size = x1 - x0 if vertical else y1 - y0
        if self._dx != 0:
            x0, x1 = x0 + self._dx, x1 + self._dx
        self.chars.append(
            {
                "text": text,
                "fontname": fontname,
                "size": size,
                "x0": x0,
                "x1": x1,
                "top": (self._height - y1) + self._mb_top,
                "bottom": (self._height - y0) + self._mb_top,
                "upright": a * d * scaling > 0 and b * c <= 0,
                "matrix": matrix,
                "non_stroking_color": self._colour,
            }
        )
        return adv

    def result(self) -> Page:
        """The page read: its characters, and its drawings and images from pdfminer's page
        object (those in form XObjects too, in drawing order)."""
        lines: list[Obj] = []
        rects: list[Obj] = []
        curves: list[Obj] = []
        images: list[Obj] = []
        put: dict[type, Callable[[LTComponent], None]] = {
            LTLine: lambda o: lines.append(_shape(o, "line", self.box)),
            LTRect: lambda o: rects.append(_shape(o, "rect", self.box)),
            LTCurve: lambda o: curves.append(_shape(o, "curve", self.box)),
            LTImage: lambda o: images.append(_image(o, self.box)),
        }

        def walk(container: LTContainer[Any]) -> None:
            for obj in container:
                if isinstance(obj, LTContainer):
                    walk(obj)
                else:
                    for kind, add in put.items():
                        if isinstance(obj, kind):
                            add(obj)
                            break

        walk(self.cur_item)
        return Page(self.box.number, self.box.mediabox, self.chars, lines, rects, curves, images)

    def receive_layout(self, ltpage: object) -> None:
        pass


def _placed(attrs: Obj, obj: LTComponent, box: PageBox, kind: str) -> Obj:
    """``attrs`` with pdfplumber's common keys: kind, page, top, bottom, doctop (origin at
    the top left), x shifted by the media box."""
    attrs["x0"], attrs["y0"], attrs["x1"], attrs["y1"] = obj.x0, obj.y0, obj.x1, obj.y1
    attrs["width"], attrs["height"] = obj.width, obj.height
    attrs["object_type"] = kind
    attrs["page_number"] = box.number
    mb_x0, mb_top = box.mediabox[:2]
    attrs["top"] = (box.height - attrs["y1"]) + mb_top
    attrs["bottom"] = (box.height - attrs["y0"]) + mb_top
    attrs["doctop"] = box.doctop + attrs["top"]
    if mb_x0 != 0:
        attrs["x0"] = attrs["x0"] + mb_x0
        attrs["x1"] = attrs["x1"] + mb_x0
    return attrs


def _shape(obj: LTCurve, kind: str, box: PageBox) -> Obj:
    """A line, rectangle or curve with pdfplumber's keys (points in page coordinates)."""

    def coord(pt: tuple[float, float]) -> tuple[float, float]:
        return (box.mediabox[0] + pt[0], box.mediabox[1] + box.height - pt[1])

    attrs: Obj = {
        "pts": [coord(p) for p in _resolved(obj.pts)],
        "linewidth": obj.linewidth,
        "stroke": obj.stroke,
        "fill": obj.fill,
        "evenodd": obj.evenodd,
        "stroking_color": _resolved(obj.stroking_color),
        "non_stroking_color": ink(_resolved(obj.non_stroking_color), getattr(obj, "fill_space", None)),
        "path": [(cmd, *map(coord, pts)) for cmd, *pts in obj.original_path or ()],
        "dash": obj.dashing_style,
    }
    return _placed(attrs, obj, box, kind)


def _image(obj: LTImage, box: PageBox) -> Obj:
    """An image with pdfplumber's keys (its stream undecoded)."""
    attrs: Obj = {
        "name": obj.name,
        "stream": obj.stream,
        "srcsize": _resolved(obj.srcsize),
        "imagemask": _resolved(obj.imagemask),
        "bits": _resolved(obj.bits),
        "colorspace": _resolved(obj.colorspace),
    }
    return _placed(attrs, obj, box, "image")
