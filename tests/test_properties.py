"""Properties over generated documents: nothing is lost silently; cleaning is idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tools import without_provenance

from convert.core.contracts import Options, Source
from convert.core.textutil import fold
from convert.writers.markdown import render

HAN = "\u6211\u4eec\u8981\u575a\u6301\u95ee\u9898\u5bfc\u5411\u63a8\u52a8\u5de5\u4f5c\u843d\u5b9e\u53d1\u5c55\u6539\u9769\u521b\u65b0\u4eba\u6c11\u7fa4\u4f17\u5e02\u59d4\u653f\u5e9c\u5efa\u8bbe\u670d\u52a1\u7ecf\u6d4e\u793e\u4f1a"
PUNCT = "\uff0c\u3001"
FURNITURE = [
    "VIP\u4e13\u514d",
    "2023-05-06",
    "999+",
    "34.95KB",
    "3 \u9875",
    "\u4fb5\u6743\u6295\u8bc9",
    "\u7b2c 2 \u9875 \u5171 3 \u9875",
    "- 2 -",
    "\u66f4\u591a\u516c\u6587\u7d20\u6750\u8bf7\u52a0\u5fae\u4fe1:gwt_kf123 \u8fdb\u5fae\u4fe1\u7fa4,",
    "\u5373\u53ef\u83b7\u5f97\u6d77\u91cf\u514d\u8d39\u7d20\u6750,\u6bcf\u65e5\u66f4\u65b0\u5b9e\u65f6\u6587\u7a3f\u3002",
    "\u6458\u8981:",
    "\u5c55\u5f00>>",
]

clause = st.text(alphabet=HAN, min_size=3, max_size=12)
sentence = st.lists(clause, min_size=1, max_size=4).map(lambda cs: "\uff0c".join(cs) + "\u3002")
paragraph = st.lists(sentence, min_size=1, max_size=6).map("".join)


@st.composite
def scraped(draw: st.DrawFn) -> str:
    width = draw(st.integers(min_value=18, max_value=40))
    paras = draw(st.lists(paragraph, min_size=1, max_size=8))
    lines = []
    for p in paras:
        lines += [p[i : i + width] for i in range(0, len(p), width)]
    for item in draw(st.lists(st.sampled_from(FURNITURE), max_size=6)):
        lines.insert(draw(st.integers(min_value=0, max_value=len(lines))), item)
    title = draw(st.sampled_from(["", "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd"]))
    return "\n".join(([title] if title else []) + lines) + "\n"


def run(registry, text: str, name: str = "input.txt"):  # type: ignore[no-untyped-def]
    from convert.app.pipeline import convert_source

    return convert_source(Source(name=name, data=text.encode("utf-8")), registry, Options())


# derandomize: CI runs the same 100 examples every time (seeds were explored while developing)
SETTINGS = settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(text=scraped())
def test_every_input_line_is_in_the_output_or_the_removal_record(registry, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = run(registry, text)
    kept = fold(doc.body_text + (doc.meta.title or ""))
    removed = {fold(r.text) for r in doc.removals}
    for line in text.splitlines():
        if line.strip():
            assert fold(line) in kept or fold(line) in removed, line


@SETTINGS
@given(text=scraped())
def test_cleaning_the_markdown_output_again_changes_nothing(registry, text: str) -> None:  # type: ignore[no-untyped-def]
    first = render(run(registry, text))
    second = render(run(registry, first, name="input.md"))
    assert without_provenance(second) == without_provenance(first)  # (the provenance records each conversion)
