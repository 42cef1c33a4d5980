"""HTML reader: tables, figures, lists and footnotes read whole (issue 14)."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest

from convert.app.pipeline import clean
from convert.app.session import Session
from convert.app.testing import registry_with
from convert.core.contracts import Options, Source
from convert.core.model import Document, Figure, Footnote, ListBlock, Table
from convert.readers.html import HtmlReader

PROSE = "The county spent its budget on roads and schools this year, as the text shows in detail."


def _png(w: int, h: int) -> bytes:
    """A small valid PNG."""
    raw = b"".join(b"\x00" + b"\x10\x20\x30" * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _page(body: str) -> str:
    return (
        "<html><head><title>Budget report</title></head><body>\n"
        '<div class="nav"><a href="/">Home</a> <a href="/a">About</a> <a href="/b">Help</a>\n'
        '<img src="/static/site-logo.png" alt="Site"></div>\n'
        '<div class="content">\n<h1>Budget report</h1>\n'
        f"<p>{PROSE}</p>\n{body}\n<p>{PROSE} Closing words.</p>\n</div>\n"
        '<div class="footer"><a href="/p">Privacy</a> <a href="/t">Terms</a></div>\n</body></html>\n'
    )


def _read(html: str, path: Path | None = None) -> Document:
    return HtmlReader().read(Source(name="page.html", data=html.encode(), path=path), Options())


def _clean(doc: Document) -> Document:
    return clean(doc, Session.create(registry_with(), Options()))


def _one(doc: Document, kind: type) -> object:
    found = [s for s in doc.structures if isinstance(s, kind)]
    assert len(found) == 1, doc.structures
    return found[0]


def test_data_table_cells_spans_header_and_caption() -> None:
    doc = _read(
        _page(
            "<p>Table 1 County budget</p>\n<table>\n"
            '<thead><tr><th>Office</th><th colspan="2">Budget</th></tr></thead>\n'
            '<tr><td rowspan="2">Roads</td><td>12</td><td>13</td></tr>\n'
            "<tr><td>14</td><td>15<br>net</td></tr>\n</table>"
        )
    )
    table = _one(doc, Table)
    assert isinstance(table, Table)
    assert table.header_rows == 1
    assert table.caption == "Table 1 County budget"
    assert table.grid() == [["Office", "Budget", ""], ["Roads", "12", "13"], ["", "14", "15\nnet"]]
    assert table.rows[0][1].colspan == 2 and table.rows[1][0].rowspan == 2
    texts = [line.text for line in doc.lines]
    assert not any("Roads" in t or "Table 1" in t for t in texts)  # not also emitted as lines


def test_caption_element_and_th_header_rows() -> None:
    doc = _read(
        _page(
            "<table><caption>\u88681 \u9884\u7b97</caption>"
            "<tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>"
        )
    )
    table = _one(doc, Table)
    assert isinstance(table, Table)
    assert table.caption == "\u88681 \u9884\u7b97" and table.header_rows == 1
    assert table.grid()[2] == ["3", "4"]


def test_table_sits_between_its_paragraphs_after_cleaning() -> None:
    html = _page("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>\n<p>After the table.</p>")
    out = _clean(_read(html))
    kinds = [b.kind for b in out.blocks]
    at = kinds.index("table")
    assert out.blocks[at - 1].text.startswith("The county spent") and out.blocks[at + 1].text == "After the table."


def test_layout_tables_keep_their_text_as_lines() -> None:
    nav = '<table><tr><td><a href="/1">One</a></td><td><a href="/2">Two</a></td></tr>' + (
        '<tr><td><a href="/3">Three</a></td><td><a href="/4">Four</a></td></tr></table>'
    )
    one_cell = "<table><tr><td>Only one cell of text here.</td></tr></table>"
    nested = (
        "<table><tr><td><table><tr><td>x</td><td>y</td></tr><tr><td>z</td><td>w</td></tr></table></td>"
        "<td>side</td></tr><tr><td>p</td><td>q</td></tr></table>"
    )
    doc = _read(_page(f"{one_cell}\n{nested}"))
    tables = [s for s in doc.structures if isinstance(s, Table)]
    assert [t.grid() for t in tables] == [[["x", "y"], ["z", "w"]]]  # the data table inside the layout table
    texts = [line.text for line in doc.lines]
    assert "Only one cell of text here." in texts and "side" in texts and "q" in texts
    doc = _read(_page(nav))
    assert not [s for s in doc.structures if isinstance(s, Table)]


def test_figure_from_data_uri_with_caption() -> None:
    data = _png(20, 10)
    src = "data:image/png;base64," + base64.b64encode(data).decode()
    doc = _read(_page(f'<figure><img src="{src}" alt="a chart"><figcaption>Figure 1: Spending</figcaption></figure>'))
    fig = _one(doc, Figure)
    assert isinstance(fig, Figure)
    assert fig.data == data and fig.media_type == "image/png" and (fig.width, fig.height) == (20, 10)
    assert fig.caption == "Figure 1: Spending" and fig.alt == "a chart"
    assert not any("Figure 1" in line.text for line in doc.lines)


def test_figure_from_local_file_only_inside_the_pages_folder(tmp_path: Path) -> None:
    (tmp_path / "page_files").mkdir()
    data = _png(30, 30)
    (tmp_path / "page_files" / "chart.png").write_bytes(data)
    (tmp_path.parent / "outside.png").write_bytes(data)
    html = _page(
        '<p>See the chart.</p><img src="page_files/chart.png" alt="Chart" width="300" height="200">\n'
        '<p>And another.</p><img src="../outside.png" alt="Escaping chart" width="300" height="200">'
    )
    doc = _read(html, tmp_path / "page.html")
    figs = [s for s in doc.structures if isinstance(s, Figure)]
    assert [f.alt for f in figs] == ["Chart", "Escaping chart"]
    assert figs[0].data == data and figs[0].media_type == "image/png"
    assert figs[1].data == b""  # outside the page's folder: not read, kept with its alt text, warned
    assert any("1 image(s)" in w for w in doc.warnings)


def test_decorative_images_are_removals() -> None:
    html = _page(
        '<img src="spacer.gif" width="1" height="1">'
        '<img src="/img/wechat-qrcode.png" alt="scan">'
        '<img src="/i/arrow.png" width="16" height="16">'
        '<img src="/ads/x.jpg" width="728" height="90">'
        '<img src="/img/company_logo.png">'
        '<img src="photo.jpg" alt="The new bridge" width="640" height="480">'
    )
    doc = _read(html)
    figs = [s for s in doc.structures if isinstance(s, Figure)]
    assert [f.alt for f in figs] == ["The new bridge"]
    images = [r for r in doc.removals if r.kind == "image"]
    assert len(images) == 6  # five decorative in the text, the site's logo outside it
    assert any("outside the document" in r.reason and "Site" in r.text for r in images)


def test_nested_content_list_and_link_lists_left_alone() -> None:
    html = _page(
        '<ol start="3"><li>Mend the roads</li><li>Build schools<ul><li>big ones first</li><li>then small'
        "</li></ul></li><li>Hire staff</li></ol>\n"
        '<ul class="related"><li><a href="/d/1">Other doc one</a></li><li><a href="/d/2">Other doc two</a></li>'
        '<li><a href="/d/3">Other doc three</a></li></ul>'
    )
    doc = _read(html)
    lst = _one(doc, ListBlock)
    assert isinstance(lst, ListBlock)
    assert lst.ordered and lst.start == 3
    assert [(i.text, i.depth, i.ordered) for i in lst.items] == [
        ("Mend the roads", 0, True),
        ("Build schools", 0, True),
        ("big ones first", 1, False),
        ("then small", 1, False),
        ("Hire staff", 0, True),
    ]
    assert [i.marker for i in lst.items if i.depth == 0] == ["3.", "4.", "5."]
    assert not any("Mend the roads" in line.text for line in doc.lines)


def test_footnotes_linked_and_marker_kept_in_text() -> None:
    html = _page(
        '<p>Spending rose sharply.<sup><a href="#fn1" id="ref1">1</a></sup> It fell later.'
        '<a href="#fn2" class="footnote-ref"><sup>2</sup></a></p>\n'
        '<hr><ol class="footnotes"><li id="fn1">Figures in millions. <a href="#ref1">\u21a9</a></li>'
        '<li id="fn2"><p>[2] Estimated.</p></li></ol>'
    )
    doc = _read(html)
    notes = [s for s in doc.structures if isinstance(s, Footnote)]
    assert [(n.marker, n.text) for n in notes] == [("1", "Figures in millions."), ("2", "Estimated.")]
    ref_line = next(line for line in doc.lines if line.text.startswith("Spending rose"))
    assert "sharply.1" in ref_line.text  # the marker stays where it was printed
    assert all(n.ref == ref_line.origin for n in notes)
    assert not [s for s in doc.structures if isinstance(s, ListBlock)]
    out = _clean(doc)
    kinds = [b.kind for b in out.blocks]
    assert kinds[-3:] == ["footnote", "footnote", "paragraph"]  # where the notes stood, before the closing words


def test_minified_page_keeps_text_when_structures_have_no_room() -> None:
    html = _page("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table><p>After.</p>")
    doc = _read(html.replace("\n", ""))  # one source line: no origin between the lines
    assert not doc.structures
    assert any("a" == line.text for line in doc.lines)


def test_teasers_banners_and_credits_are_not_document_content() -> None:
    html = _page(
        '<figure class="teaser"><img src="head.jpg" alt="Head"><figcaption>Photo: Ann Lee</figcaption>'
        "<h2>A teaser's heading</h2><p>A teaser's summary that is text of the page.</p></figure>\n"
        '<figure><img src="bridge.jpg" alt="Bridge" width="600" height="400">'
        "<figcaption>The new bridge at night. Photo: Ann Lee</figcaption></figure>\n"
        '<a href="https://example.org/campaign"><img src="promo.png" alt="Sign up now" width="600" height="300"></a>\n'
        '<ul><li>Tip one</li><li>Tip two<p class="banner"><img src="reg.png" width="354" height="169"></p></li></ul>'
    )
    doc = _read(html)
    figs = [s for s in doc.structures if isinstance(s, Figure)]
    assert [(f.alt, f.caption) for f in figs if f.caption] == [("Bridge", "The new bridge at night.")]
    assert not [f for f in figs if f.alt in ("Sign up now", "")]
    texts = [line.text for line in doc.lines]
    assert "A teaser's heading" in texts and "Photo: Ann Lee" in texts  # the teaser figure keeps its text
    assert any(r.kind == "credit" and r.text == "Photo: Ann Lee" for r in doc.removals)
    assert any(r.kind == "image" and "Sign up now" in r.text for r in doc.removals)
    assert not [s for s in doc.structures if isinstance(s, ListBlock)]  # an item holding a banner: lines
    assert "Tip one" in texts


@pytest.mark.parametrize(
    ("caption", "kept", "credit"),
    [
        ("Oil pumps at dusk. Bild: TebNad/Shutterstock.com", "Oil pumps at dusk.", "Bild: TebNad/Shutterstock.com"),
        ("Busy all day. Foto: Timur | flickr| CC BY 2.0", "Busy all day.", "Foto: Timur | flickr| CC BY 2.0"),
        ("The port. Foto: Archivo El Pa\u00eds.", "The port.", "Foto: Archivo El Pa\u00eds."),
        (
            "(cr\u00e9dito: Minervino J\u00fanior/CB/D.A.Press)",
            "",
            "(cr\u00e9dito: Minervino J\u00fanior/CB/D.A.Press)",
        ),
        ("Cr\u00e9dits photos : Bestimage", "", "Cr\u00e9dits photos : Bestimage"),
        ("Photo: volunteers carry sandbags to the river bank before the flood.", None, ""),
        ("Figure 2. The model. Image: drawn by the author, who spent weeks on it.", None, ""),
    ],
)
def test_a_pictures_credit_is_split_off_its_caption(caption: str, kept: str | None, credit: str) -> None:
    """A credit is a label and a name of a few parts (a domain, initials, parts between bars
    or slashes count as such); a caption that says something is no credit."""
    from convert.readers.html.structures import split_credit

    assert split_credit(caption) == (caption if kept is None else kept, credit)


def test_picture_keeps_its_image_and_drops_what_is_nested_in_it() -> None:
    doc = _read(
        _page(
            '<picture><source srcset="big.webp"><img src="bridge.jpg" alt="The bridge" width="600" height="400">'
            "<span>Nested in the picture</span></picture><p>After the picture.</p>"
        )
    )
    fig = _one(doc, Figure)
    assert isinstance(fig, Figure) and fig.alt == "The bridge"
    assert not any("Nested in the picture" in line.text for line in doc.lines)
    assert any(line.text == "After the picture." for line in doc.lines)
