"""Furniture of sites the rules were not written from: general signals must catch it."""

from __future__ import annotations

from pathlib import Path

import pytest

from convert.formats import Options
from convert.pipeline import convert_source, load_source

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
