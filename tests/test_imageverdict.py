"""The per-process image verdicts (:mod:`convert.core.imageverdict`): the EPUB writer's
``package_image`` decodes the same bytes once, and a verdict recorded by a reader is taken
as is."""

from __future__ import annotations

import io

from convert.core import imageverdict
from convert.core.model import Figure
from convert.writers._epub_blocks import package_image


def _png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_unknown_bytes_have_no_verdict() -> None:
    assert imageverdict.known(b"never seen \x00\x01") == imageverdict.UNKNOWN


def test_package_image_remembers_what_it_decoded() -> None:
    data = _png((1, 2, 3))
    assert imageverdict.known(data) == imageverdict.UNKNOWN
    image = package_image(Figure(text="", data=data), 1)
    assert image is not None and image.media_type == "image/png"
    assert imageverdict.known(data) == "PNG"
    again = package_image(Figure(text="", data=data), 2)
    assert again is not None and again.data == data


def test_damaged_bytes_stay_unreadable() -> None:
    data = _png((4, 5, 6))
    cut = data[: len(data) // 2]
    assert package_image(Figure(text="", data=cut), 1) is None
    assert imageverdict.known(cut) == ""
    assert package_image(Figure(text="", data=cut), 1) is None


def test_the_table_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imageverdict, "MAX_VERDICTS", 3)
    for i in range(5):
        imageverdict.remember(b"x%d" % i, "PNG")
    assert imageverdict.known(b"x0") == imageverdict.UNKNOWN
    assert imageverdict.known(b"x4") == "PNG"
