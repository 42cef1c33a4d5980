"""The step protocol: line steps, the segmentation, then block steps; facts handed on as
explicit fields of ``doc.layout`` (page breaks, site names, running heads, the wrap width),
never guessed from the text of earlier removals."""

from __future__ import annotations

from typing import ClassVar

from convert import Context, Document, Line, Options, Origin, Step, hookimpl
from convert.app.pipeline import convert_source
from convert.app.session import Session
from convert.app.testing import convert_text, registry_with
from convert.core.contracts import Source
from convert.core.model import Layout
from convert.core.rules import RuleSet
from convert.steps.site_name import SiteName

COMMA, FULL_STOP, DUN = "\uff0c", "\u3002", "\u3001"
HEADING_3 = (
    "\u4e09"
    + DUN
    + "\u63d0\u5347\u519c\u4e1a\u53d1\u5c55\u8d28\u91cf"
    + COMMA
    + "\u57f9\u80b2\u4e61\u6751\u53d1\u5c55\u65b0\u52a8\u80fd"
)
SENTENCE = "\u4e61\u6751\u632f\u5174\u4ea7\u4e1a\u5174\u65fa\u662f\u91cd\u70b9" * 12 + FULL_STOP  # 120 characters
OTHERS = [SENTENCE.replace("\u4e61\u6751", n) for n in ("\u57ce\u5e02", "\u519c\u4e1a", "\u5de5\u4e1a")]
SAFETY = "\u5b89\u5168\u751f\u4ea7"  # the running header of a safety report


def test_a_numbered_heading_in_unwrapped_text_is_not_glued_to_its_paragraph() -> None:
    """One paragraph per line (no hard wraps): the heading line ends without punctuation and
    the next line goes on in Chinese, but a heading is never joined to the paragraph after it."""
    text = "\n".join([OTHERS[0], HEADING_3, OTHERS[1], OTHERS[2]]) + "\n"
    doc = convert_text(text)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", OTHERS[0]),
        ("heading", HEADING_3),
        ("paragraph", OTHERS[1]),
        ("paragraph", OTHERS[2]),
    ]


def test_lines_too_long_to_be_wrapped_are_never_joined() -> None:
    unfinished = "\u5404\u5730\u533a\u5404\u90e8\u95e8\u8981\u5207\u5b9e\u52a0\u5f3a\u9886\u5bfc" * 8  # no full stop
    doc = convert_text("\n".join([unfinished, *OTHERS]) + "\n")
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [unfinished, *OTHERS]


class _SeesBlocks(Step):
    """A block step that records what it was handed."""

    name = "sees-blocks"
    description = "Records the blocks it gets."
    order = 650
    seen: ClassVar[list[int]] = []

    def run(self, doc: Document, ctx: Context) -> Document:
        self.seen.append(len(doc.blocks))
        return doc


class _Plugin:
    @hookimpl
    def register_steps(self, register):  # type: ignore[no-untyped-def]
        register(_SeesBlocks())


def test_switching_paragraphs_off_leaves_the_block_steps_working() -> None:
    """With the segmenter off every line is a block, before the block steps run: headings
    are still found and punctuation still widened, and a block step never gets nothing."""
    _SeesBlocks.seen = []
    registry = registry_with(_Plugin())
    text = (
        "\n".join([HEADING_3, "\u8981\u575a\u6301\u95ee\u9898\u5bfc\u5411,\u63a8\u52a8\u843d\u5b9e" + FULL_STOP]) + "\n"
    )
    session = Session.create(registry, Options(disabled_steps=frozenset({"paragraphs"})))
    doc = convert_source(Source(name="a.txt", data=text.encode("utf-8")), session)
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph"]
    assert COMMA in doc.blocks[1].text  # the punctuation step ran on the block
    assert _SeesBlocks.seen == [2]


def test_the_layout_step_measures_the_wrap_width_once() -> None:
    wrapped = "".join(SENTENCE[i : i + 30] + "\n" for i in range(0, len(SENTENCE), 30)) * 3
    doc = convert_text("\u6807\u9898\n" + wrapped)
    assert doc.layout.wrap_measured and doc.layout.wrap == 60.0
    off = convert_text("\u6807\u9898\n" + wrapped, options=Options(disabled_steps=frozenset({"layout"})))
    assert not off.layout.wrap_measured
    assert [b.text for b in off.blocks] == [b.text for b in doc.blocks]  # the steps measure it themselves


def test_short_paragraphs_set_apart_by_space_are_still_wrapped() -> None:
    """A PDF's short paragraphs and headings, each after a gap: more than half the lines follow
    a blank, yet the paragraphs' lines were wrapped."""
    from convert.steps._layout import wrap_width

    full = "The main risks are reduced cover at busy times and weaker learning for new staff, so we"
    end = "will reduce them through clear rotas and a buddy scheme."
    single = "Each team will keep one anchor day in the office every week."
    unit = [("Heading", True), (full, True), (full, False), (full, False), (end, False), (single, True), (single, True)]
    lines = [Line(text=t, origin=Origin(line=n), blank_before=b) for n, (t, b) in enumerate(unit * 5, start=1)]
    assert sum(line.blank_before for line in lines) > len(lines) / 2
    assert wrap_width(lines) == float(len(full))
    spaced = [Line(text=full, origin=Origin(line=n), blank_before=True) for n in range(1, 12)]
    assert wrap_width(spaced) is None  # a blank line between every two: one paragraph per line


def test_a_notice_with_many_short_lines_is_still_wrapped() -> None:
    """Headings, list items, fees and a signature make most of a short notice's lines short:
    its full lines are still the wrap width, not "twice the median" summary boxes."""
    from convert.steps._layout import wrap_width

    full = "\u4e3a\u8fdb\u4e00\u6b65\u63d0\u9ad8\u5168\u5e02\u8d22\u52a1\u4eba\u5458\u4e1a\u52a1\u6c34\u5e73" * 2
    full = full[:30]  # 30 Han characters: 60 columns
    short = ["\u4e00\u3001\u57f9\u8bad\u65f6\u95f4", "\u57f9\u8bad\u8d39 1200\u5143/\u4eba", "\u5e02\u8d22\u653f\u5c40"]
    texts = [full, full, short[0], full, short[1], short[2], full, short[0], short[1], short[2], full, short[0]]
    lines = [Line(text=t, origin=Origin(line=n)) for n, t in enumerate(texts, start=1)]
    assert wrap_width(lines) == 60.0


def _lines(*texts: str) -> tuple[Line, ...]:
    return tuple(Line(text=t, origin=Origin(line=n)) for n, t in enumerate(texts, start=1))


def _site_name(doc: Document) -> list[str]:
    ctx = Context(options=Options(), rules=RuleSet())
    return [line.text for line in SiteName().run(doc, ctx).lines]


def test_a_pdf_running_header_does_not_delete_headings_that_contain_it() -> None:
    """A running header is the document's own words: a heading or signature containing it is
    kept; only a short line repeating it beside a page break goes."""
    heading = SAFETY + "\u6708\u6d3b\u52a8"  # 安全生产月活动
    signature = SAFETY + "\u59d4\u5458\u4f1a\u529e\u516c\u5ba4"  # 安全生产委员会办公室
    slogan = SAFETY + "\u4eba\u4eba\u6709\u8d23"
    numbered = {1: heading, 2: SENTENCE, 4: slogan, 5: SENTENCE, 7: signature}  # a page number stood at 3
    lines = tuple(Line(text=t, origin=Origin(line=n)) for n, t in numbered.items())
    doc = Document(lines=lines, layout=Layout(running_heads=(SAFETY,), page_breaks=frozenset({3})))
    assert _site_name(doc) == [heading, SENTENCE, SENTENCE, signature]


def test_the_site_name_from_the_header_goes_anywhere() -> None:
    site = "\u6587\u5e93\u7ad9"
    lines = _lines(SENTENCE, site + "\u6b22\u8fce\u60a8", SENTENCE)
    doc = Document(lines=lines, layout=Layout(site_names=(site,)))
    assert _site_name(doc) == [SENTENCE, SENTENCE]
    no_facts = Document(lines=lines, removals=())  # no name recorded: nothing is guessed
    assert _site_name(no_facts) == [SENTENCE, site + "\u6b22\u8fce\u60a8", SENTENCE]


def test_page_breaks_are_recorded_where_page_numbers_were_dropped() -> None:
    body = "".join(SENTENCE[i : i + 30] + "\n" for i in range(0, len(SENTENCE), 30))
    doc = convert_text("\u6807\u9898\n" + body + "- 1 -\n" + body + "- 2 -\n" + body)
    numbers = {r.origin.line for r in doc.removals if r.kind == "page-number" and r.origin}
    assert numbers and numbers <= doc.layout.page_breaks


def test_an_addressee_line_is_never_taken_for_the_site_name() -> None:
    name = "\u56fd\u52a1\u9662"  # a line above the title recorded as a site name
    addressees = "\u56fd\u52a1\u9662\u5404\u90e8\u59d4" + "\uff1a"
    doc = Document(lines=_lines(SENTENCE, addressees, SENTENCE), layout=Layout(site_names=(name,)))
    assert addressees in _site_name(doc)


def test_a_menu_word_or_a_paragraphs_last_line_is_never_taken_for_the_site_name() -> None:
    """An HTML header's two-character menu item (发现) is no site name, and the short last
    line of a wrapped paragraph that ends its sentence is the document's even if it holds
    the name."""
    menu = "\u53d1\u73b0"  # 发现
    site = "\u6587\u5e93\u7ad9"  # 文库站
    full = SENTENCE[:30]
    last = "\u65e9\u53d1\u73b0\u3001\u65e9\u62a5\u544a\u3001" + site + "\u3002"  # 早发现、早报告、文库站。
    doc = Document(lines=_lines(*[full] * 6, last), layout=Layout(site_names=(menu, site)))
    assert last in _site_name(doc)
