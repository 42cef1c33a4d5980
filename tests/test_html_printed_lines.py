"""HTML pages whose every printed line is an element of its own (issue 11): re-joined by the
paragraph logic of hard-wrapped text, while ordinary pages keep their elements' paragraphs."""

from __future__ import annotations

from convert.app.pipeline import convert_source
from convert.core.contracts import Options, Source

# Two paragraphs of a speech, printed 30 characters a line, each paragraph's first line
# indented with two ideographic spaces (as a document-sharing site's viewer prints them).
FIRST = (
    "\u4eca\u5e74\u4ee5\u6765\uff0c\u5168\u5e02\u4e0a\u4e0b\u56f4\u7ed5\u4f18\u5316\u73af\u5883\uff0c"
    "\u63a8\u51fa\u4e86\u4e00\u7cfb\u5217\u6539\u9769\u4e3e\u63aa\uff0c\u53d6\u5f97\u4e86\u521d\u6b65"
    "\u6210\u6548\u3002\u4f01\u4e1a\u5f00\u529e\u65f6\u95f4\u7531\u539f\u6765\u7684\u516b\u4e2a\u5de5"
    "\u4f5c\u65e5\u538b\u7f29\u5230\u4e09\u4e2a\u5de5\u4f5c\u65e5\uff0c\u5ba1\u6279\u65f6\u95f4\u538b"
    "\u7f29\u4e86\u56db\u6210\u4ee5\u4e0a\uff0c\u65b0\u589e\u5e02\u573a\u4e3b\u4f53\u4e24\u4e07\u591a"
    "\u6237\u3002"
)
SECOND = (
    "\u4f46\u662f\uff0c\u6211\u4eec\u4e5f\u8981\u770b\u5230\uff0c\u4e0e\u5148\u8fdb\u5730\u533a\u76f8"
    "\u6bd4\uff0c\u6211\u4eec\u7684\u5dee\u8ddd\u8fd8\u5f88\u660e\u663e\uff0c\u4f01\u4e1a\u53cd\u6620"
    "\u6bd4\u8f83\u96c6\u4e2d\u7684\u95ee\u9898\u4e3b\u8981\u662f\u5ba1\u6279\u73af\u8282\u591a\u3001"
    "\u6750\u6599\u591a\u3001\u65f6\u95f4\u957f\uff0c\u90e8\u5206\u653f\u7b56\u843d\u5b9e\u4e0d\u591f"
    "\u5230\u4f4d\uff0c\u4e2a\u522b\u90e8\u95e8\u670d\u52a1\u610f\u8bc6\u4e0d\u5f3a\u3002"
)
TITLE = "\u5728\u5168\u5e02\u4f18\u5316\u73af\u5883\u5de5\u4f5c\u4f1a\u4e0a\u7684\u8bb2\u8bdd"


def printed(text: str, per_line: int = 30) -> list[str]:
    text = "\u3000\u3000" + text
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def page(paragraph_lines: list[str], title: str = TITLE) -> bytes:
    """An article of one ``<p>`` per line, each on a source line of its own."""
    body = "\n".join(f"<p>{line}</p>" for line in paragraph_lines)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>\n{body}\n</article></body></html>"
    ).encode()


def paragraphs(data: bytes, registry) -> list[str]:  # type: ignore[no-untyped-def]
    doc = convert_source(Source(name="page.html", data=data), registry, Options())
    return [b.text for b in doc.blocks if b.kind == "paragraph"]


def test_a_page_printing_each_line_in_its_own_element_gets_its_paragraphs_back(registry) -> None:  # type: ignore[no-untyped-def]
    lines = printed(FIRST * 2) + printed(SECOND * 2)
    assert len(lines) >= 8
    assert paragraphs(page(lines), registry) == [FIRST * 2, SECOND * 2]


def test_elements_that_are_paragraphs_stay_paragraphs(registry) -> None:  # type: ignore[no-untyped-def]
    """A blog's paragraphs, one per element, some ending in no stop (an emoji, a smiley):
    longer than any printed line, so not printed lines."""
    texts = [
        f"Paragraph {n} of a blog post that goes on for a good while about the week's shopping and "
        f"what came of it, with a few more words to make it as long as a real paragraph would be :)"
        for n in range(10)
    ]
    assert paragraphs(page(texts, "A week"), registry) == texts


CHAT = [  # a chat log or a post's one phrase per element: Chinese after Chinese, no clause marks
    "\u5f20\u4e09\uff1a\u4eca\u5929\u665a\u4e0a\u6211\u4eec\u53bb\u54ea\u91cc\u5403\u996d"
    "\u6bd4\u8f83\u597d\u5462\u6211\u6709\u70b9\u997f\u4e86",
    "\u674e\u56db\uff1a\u8981\u4e0d\u53bb\u697c\u4e0b\u90a3\u5bb6\u65b0\u5f00\u7684\u706b"
    "\u9505\u5e97\u8bd5\u4e00\u8bd5\u5427\u542c\u8bf4\u4e0d\u9519",
] * 6


def test_a_chat_log_of_unpunctuated_chinese_lines_stays_apart(registry) -> None:  # type: ignore[no-untyped-def]
    assert all(len(p) <= len(CHAT[1]) for p in paragraphs(page(CHAT, "Chat"), registry))


def test_short_elements_stay_apart(registry) -> None:  # type: ignore[no-untyped-def]
    """A poem or an address printed line by line: short lines, not wrapped ones."""
    verse = [
        "Along the river in the morning light",
        "The boats go slowly out towards the sea",
        "And gulls above them circle white",
        "Over the harbour wall and the old quay",
        "The market opens when the bell has rung",
        "And fishermen lay out the night's long catch",
        "While children run where nets are hung",
        "And someone mends a door without a latch",
        "By noon the square is loud with trade",
        "By dusk the lamps along the front are lit",
        "And all the plans the town has made",
        "Wait for the tide and what it brings of it",
    ]
    assert paragraphs(page(verse, "Poem"), registry) == verse


def test_a_sentence_goes_on_across_chinese_or_lower_case_but_not_across_figures() -> None:
    from convert.readers.html.printed import _goes_on

    assert _goes_on("\u8fdb\u4e00\u6b65", "\u7edf\u4e00\u601d\u60f3")  # 进一步 / 统一思想
    assert _goes_on("\u8bb2", "\uff0c\u5f97\u5f88\u5b9e\u5728")  # 讲 / ，得很实在
    assert _goes_on("the council will", "decide in May")
    assert not _goes_on("\u4eba\u5747\u3000 89012", "2016\u5e74")  # a table's rows: 人均　89012 / 2016年
    assert not _goes_on("\u5e74\u4ea7\u91cf 12", "\u4e07\u5428")  # figures end the row: 年产量 12 / 万吨
    assert not _goes_on("\u63a8\u8fdb\u3002", "\u7edf\u4e00")  # a stop ends it
