"""The PDF parsing layer (:mod:`convert.readers.pdf.parse`) against pdfplumber's own page
objects: the reader reads pages with pdfminer directly, and its outputs must stay those it
gave when it read pdfplumber's dictionaries, so every value it builds is compared exactly
(``repr``: the same floats, the same types) with pdfplumber's, page by page, on the samples
and the real documents (CJK, two columns, tables, figures, a rotated page box)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import REAL, ROOT

from convert.readers.pdf.guard import reading
from convert.readers.pdf.parse import PdfminerException, open_pdf, read_page

CHAR_KEYS = ("text", "fontname", "size", "x0", "x1", "top", "bottom", "upright", "matrix", "non_stroking_color")
EDGE_KEYS = ("object_type", "orientation", "x0", "x1", "top", "bottom", "doctop", "width", "height", "y0", "y1")
SHAPE_KEYS = ("x0", "x1", "top", "bottom", "doctop", "fill", "stroke", "non_stroking_color", "stroking_color", "pts")
IMAGE_KEYS = ("x0", "x1", "top", "bottom", "srcsize")

PDFS = sorted((ROOT / "samples").glob("*.pdf")) + sorted(REAL.glob("*.pdf"))


def _values(objs: list[dict[str, object]], keys: tuple[str, ...]) -> list[str]:
    return [repr([o.get(k) for k in keys]) for o in objs]


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_pages_as_pdfplumber_reads_them(path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    data = path.read_bytes()
    with reading():
        ours = open_pdf(data)
        theirs = pdfplumber.open(io.BytesIO(data))
        assert len(ours.pages) == len(theirs.pages)
        assert repr(ours.info) == repr(theirs.metadata)
        for box, page in zip(ours.pages, theirs.pages, strict=True):
            mine = read_page(ours, box)
            assert (mine.width, mine.height) == (page.width, page.height)
            assert _values(mine.chars, CHAR_KEYS) == _values(page.chars, CHAR_KEYS)
            for kind in ("lines", "rects", "curves"):
                assert _values(getattr(mine, kind), SHAPE_KEYS) == _values(getattr(page, kind), SHAPE_KEYS)
            assert _values(mine.images, IMAGE_KEYS) == _values(page.images, IMAGE_KEYS)
            assert _values(mine.edges, EDGE_KEYS) == _values(page.edges, EDGE_KEYS)
            page.close()


def test_damaged_file_is_pdfminers_error() -> None:
    """A file pdfminer cannot parse fails as pdfplumber's did (the reader's messages name it)."""
    with reading(), pytest.raises(PdfminerException, match="No /Root object"):
        open_pdf(b"%PDF-1.4\nnothing here\n%%EOF")


def test_no_pdfplumber_import_for_a_plain_page() -> None:
    """Reading a page without a ruled grid imports no pdfplumber (its import costs start-up)."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path\n"
        "from convert.core.contracts import Options, Source\n"
        "from convert.readers.pdf import PdfReader\n"
        f"p = Path({str(ROOT / 'samples' / 'speech-site.pdf')!r})\n"
        "PdfReader().read(Source(name=p.name, data=p.read_bytes()), Options())\n"
        "print('pdfplumber' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
