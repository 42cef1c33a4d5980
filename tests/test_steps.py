"""Each cleaning step on small, readable inputs."""

from __future__ import annotations

from convert.app.testing import convert_text
from convert.core.segment import Vocabulary, join_lines
from convert.steps._numbering import heading_candidate, numbering_rank
from convert.steps.punctuation import widen

COMMA, COLON, SEMI = "\uff0c", "\uff1a", "\uff1b"
LP, RP = "\uff08", "\uff09"


def wrapped(paragraphs: list[str], width: int = 20) -> str:
    """Hard-wrap Chinese paragraphs every ``width`` characters, as document sites do."""
    out = []
    for p in paragraphs:
        out += [p[i : i + width] for i in range(0, len(p), width)]
    return "\n".join(out) + "\n"


BODY = [
    "\u4eca\u5929\u6211\u4eec\u53ec\u5f00\u4f1a\u8bae" * 6 + "\u3002",
    "\u8981\u575a\u6301\u95ee\u9898\u5bfc\u5411" * 7 + "\u3002",
    "\u63a8\u52a8\u5de5\u4f5c\u843d\u5b9e" * 5 + "\u3002",
]
TITLE = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd"


def kinds(doc, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in doc.removals if r.kind == kind]


def test_furniture_lines_removed_and_metadata_kept(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    head = "\n".join(
        [TITLE, "VIP\u4e13\u514d", "2024-01-12", "999+", "21.88KB", "6 \u9875", "\u4fb5\u6743\u6295\u8bc9"]
    )
    doc = convert_bytes(head + "\n" + wrapped(BODY))
    assert doc.meta.title == TITLE
    assert doc.meta.date == "2024-01-12"
    assert doc.meta.pages == 6
    removed = {r.text for r in doc.removals}
    assert {"VIP\u4e13\u514d", "2024-01-12", "999+", "21.88KB", "6 \u9875", "\u4fb5\u6743\u6295\u8bc9"} <= removed
    assert all(r.reason and r.step and r.origin for r in doc.removals)
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == BODY


def test_ad_at_page_break_removed_and_paragraph_rejoined(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    lines = wrapped(BODY).splitlines()
    ad = [
        "\u66f4\u591a\u516c\u6587\u7d20\u6750\u8bf7\u52a0\u5fae\u4fe1:abc_12345 \u8fdb\u5fae\u4fe1\u7fa4,",
        "\u5373\u53ef\u83b7\u5f97\u6d77\u91cf\u514d\u8d39\u7d20\u6750,\u6bcf\u65e5\u66f4\u65b0\u5b9e\u65f6\u6587\u7a3f\u3002",
    ]
    text = "\n".join([TITLE, *lines[:2], *ad, *lines[2:]]) + "\n"
    doc = convert_bytes(text)
    assert kinds(doc, "ad") == ad
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == BODY


def test_duplicate_summary_removed_but_body_kept(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    summary = (BODY[0] + BODY[1])[:70] + "..."
    text = "\n".join([TITLE, "\u6458\u8981:", summary, "\u5c55\u5f00>>", "\u6536\u8d77<<"]) + "\n" + wrapped(BODY)
    doc = convert_bytes(text)
    assert summary in kinds(doc, "duplicate")
    assert {"\u6458\u8981:", "\u5c55\u5f00>>", "\u6536\u8d77<<"} <= set(kinds(doc, "summary-ui"))
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == BODY


def test_a_preview_ending_in_a_read_on_button_is_a_duplicate(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """One paragraph per line: a labelled preview cut off by ``[查看全文]`` repeats the text."""
    summary = "\u6458\u8981\uff1a" + (BODY[0] + BODY[1])[:70] + "[\u67e5\u770b\u5168\u6587]"  # 摘要：…[查看全文]
    doc = convert_bytes("\n".join([TITLE, summary, *BODY]) + "\n")
    assert summary in kinds(doc, "duplicate")
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == BODY


def test_a_bare_label_above_a_summary_preview_goes_with_it(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A label the rules do not know (内容提要) on its own line above a preview that repeats
    the text: the box's label. The salutation below the preview is the text's first line."""
    label = "\u5185\u5bb9\u63d0\u8981"  # 内容提要
    salutation = "\u540c\u5fd7\u4eec\uff1a"  # 同志们：
    summary = (salutation + BODY[0] + BODY[1])[:70] + "[\u67e5\u770b\u5168\u6587]"  # …[查看全文]
    doc = convert_bytes("\n".join([TITLE, label, summary, salutation, *BODY]) + "\n")
    assert summary in kinds(doc, "duplicate")
    assert label in kinds(doc, "summary-ui")
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [salutation, *BODY]


def test_cjk_lines_join_without_spaces_latin_with_one(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(wrapped(BODY))
    assert all(" " not in b.text for b in doc.blocks)
    vocab = Vocabulary([])
    assert join_lines("the grant", "recipients", vocab) == "the grant recipients"
    assert join_lines("\u4f7f\u7528 Python", "\u7f16\u7a0b", vocab) == "\u4f7f\u7528 Python\u7f16\u7a0b"


def test_hyphenation_uses_the_document_as_dictionary() -> None:
    from convert.core.model import Line, Origin

    vocab = Vocabulary([Line(text="an organisation and a long-term plan; community work", origin=Origin(1))])
    assert join_lines("every organi-", "sation counts", vocab) == "every organisation counts"
    assert join_lines("a long-", "term view", vocab) == "a long-term view"


def test_heading_levels_follow_the_hierarchy_used(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    h1 = "\u4e00\u3001\u5b9a\u76ee\u6807" + COMMA + "\u786e\u7acb\u5de5\u4f5c\u65b0\u65b9\u4f4d"
    h2 = LP + "\u4e00" + RP + "\u52a0\u5f3a\u76d1\u7763"
    text = TITLE + "\n" + h1 + "\n" + wrapped(BODY[:1]) + h2 + "\n" + wrapped(BODY[1:])
    doc = convert_bytes(text)
    heads = [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]
    assert heads == [(2, h1), (3, h2)]
    assert doc.blocks[0].kind == "title"


def test_numbering_ranks_and_non_headings() -> None:
    assert numbering_rank("\u7b2c\u4e00\u7ae0 \u603b\u5219") == 1
    assert numbering_rank("\u4e00\u3001\u6807\u9898") == 3
    assert numbering_rank(LP + "\u4e00" + RP + "\u6807\u9898") == 4
    assert numbering_rank("1.1 Who This Note Applies To") == 8
    # English sections numbered I. > A. (a paper's sections): above the Arabic rungs
    assert numbering_rank("II. BASICS OF MACHINE LEARNING") == 5
    assert numbering_rank("B. Artistic Style Imitation") == 6
    assert numbering_rank("I am here.") is None and numbering_rank("A man said so.") is None
    assert numbering_rank("\u7b2c\u4e00\u6761 \u4e3a\u89c4\u8303\u7ba1\u7406") is None  # articles
    assert heading_candidate(LP + "\u4e00" + RP + "\u6309\u9700\u8bbe\u5c97" + SEMI) is None
    assert heading_candidate("\u540c\u5fd7\u4eec" + COLON) is None
    assert heading_candidate("1. Introduction") == 7


def test_short_lines_that_are_not_headings_stay_paragraphs(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    greeting, thanks = "\u540c\u5fd7\u4eec" + COLON, "\u8c22\u8c22\u5927\u5bb6\uff01"
    doc = convert_bytes(TITLE + "\n" + greeting + "\n" + wrapped(BODY) + thanks + "\n")
    paras = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paras == [greeting, *BODY, thanks]


def test_punctuation_widened_only_in_chinese_context() -> None:
    assert widen("\u4eca\u5929,\u6211\u4eec:\u5f00\u4f1a;\u53bf(\u533a)") == (
        "\u4eca\u5929" + COMMA + "\u6211\u4eec" + COLON + "\u5f00\u4f1a" + SEMI + "\u53bf" + LP + "\u533a" + RP
    )
    for keep in ("3,000", "10:30", "see (Section 4), then", "http://example.com/a,b"):
        assert widen(keep) == keep
    assert widen(widen("\u4eca\u5929,\u6211")) == widen("\u4eca\u5929,\u6211")


def test_punctuation_step_can_be_switched_off(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    text = TITLE + "\n" + "\u6211\u4eec\u8981\u575a\u6301,\u63a8\u52a8\u5de5\u4f5c\u3002\n"
    on = convert_bytes(text)
    off = convert_bytes(text, disabled_steps=frozenset({"punctuation"}))
    assert COMMA in on.blocks[-1].text and "," in off.blocks[-1].text
    assert any(c.step == "punctuation" for c in on.changes) and not off.changes


def test_redaction_marks_kept(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(TITLE + "\n\u662f*\u4eba\u5927\u4e8b\u4e1a\u53d1\u5c55\u7684\u65b0\u76ee\u6807\u3002\n")
    assert "*" in doc.body_text


def test_truncated_preview_detected(seed_doc) -> None:  # type: ignore[no-untyped-def]
    assert seed_doc.meta.truncated and seed_doc.meta.pages == 6
    assert any("truncated" in w for w in seed_doc.warnings)


def test_complete_document_is_not_truncated(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(TITLE + "\n2 \u9875\n" + wrapped(BODY))
    assert not doc.meta.truncated and not doc.warnings


def test_control_characters_removed_and_recorded(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(TITLE + "\n\u6211\u4eec\x07\u5f00\u4f1a\u200b\u3002\n")
    assert doc.blocks[-1].text == "\u6211\u4eec\u5f00\u4f1a\u3002"
    assert any(c.step == "control-chars" for c in doc.changes)


def test_english_furniture_and_title(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(
        [
            "Sitename",
            "Upload",
            "Sign in",
            "Download now",
            "6086 views",
            "2 pages",
            "Outcome Reporting for Community Grant Recipients",
            "1. Introduction",
            "Each year the council awards around 230 small and medium grants to",
            "voluntary and community organisations. These grants support many",
            "activities.",
            "Accept All Cookies",
        ]
    )
    doc = convert_bytes(text)
    assert doc.meta.title == "Outcome Reporting for Community Grant Recipients"
    assert doc.meta.language == "en" and doc.meta.pages == 2
    assert [(b.kind, b.text) for b in doc.blocks[1:]] == [
        ("heading", "1. Introduction"),
        (
            "paragraph",
            "Each year the council awards around 230 small and medium grants to voluntary and community "
            "organisations. These grants support many activities.",
        ),
    ]


def test_repeated_running_lines_removed_with_digits_masked(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    extra = ["\u6211\u4eec\u8981\u575a\u6301\u4eba\u6c11\u81f3\u4e0a" * 4 + "\u3002" for _ in range(2)]
    lines = wrapped(BODY + extra).splitlines()
    header = "\u67d0\u67d0\u5e02\u4eba\u6c11\u653f\u5e9c\u529e\u516c\u5ba4\u6587\u4ef6"
    page = "\u2014 {} \u2014 \u5171\u4e09\u9875"
    text = [TITLE, header, *lines[:5], page.format(1), header, *lines[5:10], page.format(2), header, *lines[10:]]
    doc = convert_bytes("\n".join([*text, page.format(3)]) + "\n")
    assert kinds(doc, "repeated").count(header) == 3
    assert kinds(doc, "repeated").count(page.format(2)) == 1
    # the two identical paragraphs are the document's own text: kept
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == BODY + extra


def test_nothing_but_furniture_is_warned_about(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes("VIP\u4e13\u514d\n999+\n21.88KB\n\u6d77\u62a5\n")
    assert not doc.blocks and len(doc.removals) == 4
    assert any("no body text left" in w for w in doc.warnings)


def test_line_end_dash_inside_a_compound_joins_without_space() -> None:
    vocab = Vocabulary([])
    assert join_lines("from Soekarno-", "Hatta Airport", vocab) == "from Soekarno-Hatta Airport"
    assert join_lines("Model 737\u2013", "9 airplanes", vocab) == "Model 737\u20139 airplanes"
    assert join_lines("the end -", "and more", vocab) == "the end - and more"


def test_a_title_given_three_times_above_the_text_keeps_its_copy_nearest_the_text(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A scraped page gives the title in its title bar, its header and the document's own
    head: not a running header (it never recurs through the text); the copy nearest the
    text stays and is the title."""
    office = "\u67d0\u67d0\u5e02\u4eba\u6c11\u653f\u5e9c\u529e\u516c\u5385"  # 某某市人民政府办公厅
    lines = [TITLE, "", TITLE, "", office, "", TITLE, "", *BODY]
    doc = convert_bytes("\n".join(lines) + "\n")
    assert doc.meta.title == TITLE
    assert kinds(doc, "title-dup") == [TITLE, TITLE]
    assert not kinds(doc, "repeated")


def test_a_chinese_headline_may_ask_a_question(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """``为什么…?当…``: a headline that asks, under a section label, is the title; a long line
    or one with commas that asks is a sentence."""
    label = "\u6df1\u5ea6\u62a5\u9053"  # 深度报道
    headline = "100\u4ebf\u4e3a\u4ec0\u4e48\u82b1\u4e868\u5e74?\u5f53\u63f4\u5efa\u9047\u4e0a\u56fd\u60c5"
    doc = convert_bytes("\n".join([label, "", headline, "", *BODY]) + "\n")
    assert doc.meta.title == headline.replace("?", "\uff1f")  # (the punctuation step's full-width mark)


def test_an_images_alt_text_above_its_caption_goes(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A saved page keeps a picture's alt text as a line right above its caption: the
    caption's start again without the credit. The caption stays; so do two lines that
    merely share words."""
    caption = BODY[0] + "\u6444\u5f71\uff1a\u5f20\u534e"  # …摄影：张华
    alt = BODY[0][:30]
    doc = convert_bytes("\n".join([TITLE, alt, caption, BODY[1], BODY[2]]) + "\n")
    assert kinds(doc, "duplicate") == [alt]
    assert caption in doc.body_text and BODY[1] in doc.body_text


def test_contacts_right_after_chinese_words_are_found(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """``请联系QQ：…`` and ``联系13912345678``: a Latin word or a number right after Han
    characters has no word boundary before it, and is a contact all the same."""
    qq = "\u8303\u6587\u4ee3\u5199\u8bf7\u8054\u7cfbQQ\uff1a2674836811"  # 范文代写请联系QQ：2674836811
    phone = "\u8303\u6587\u5b9a\u5236\u8054\u7cfb13912345678"  # 范文定制联系13912345678
    text = "\n".join([TITLE, *BODY, qq, phone]) + "\n"
    doc = convert_bytes(text.encode("utf-8"))
    assert {qq, phone} <= set(kinds(doc, "ad"))


def test_a_pdfs_line_repeated_through_its_text_stays_unless_every_copy_is_at_a_page_break() -> None:
    """A listing's line that recurs (``ACTIVATE ROW ACCESS CONTROL``, three times, once at
    the top of a page by chance) is the document's; a slogan at every page break is not."""
    from convert import Context, Document, Line, Options, Origin
    from convert.core.model import Layout, Metadata
    from convert.core.rules import RuleSet
    from convert.steps.repeated import RepeatedLines

    sentence = "The permission is checked for every query that touches the table."
    code, slogan = "ACTIVATE ROW ACCESS CONTROL", "Stay safe at work every day"
    pages = [  # the listing's line stands at two page breaks of three, the slogan at all of its three
        [sentence, code, sentence, slogan],
        [slogan, sentence, sentence, code],
        [code, sentence, sentence, slogan],
    ]
    lines, breaks, n = [], set(), 0
    for p, texts in enumerate(pages, start=1):
        for t in texts:
            n += 1
            lines.append(Line(text=t, origin=Origin(line=n, page=p)))
        n += 1
        breaks.add(n)  # the page break between this page and the next
    doc = Document(meta=Metadata(), layout=Layout(page_breaks=frozenset(breaks)), lines=tuple(lines))
    out = RepeatedLines().run(doc, Context(options=Options(), rules=RuleSet()))
    texts = [line.text for line in out.lines]
    assert texts.count(code) == 3
    assert slogan not in texts


def test_korean_keeps_its_word_spaces_and_half_width_marks() -> None:
    """Hangul is CJK but spaced like Latin text: lines join with a space, commas stay
    half-width; Chinese joins without one and takes full-width marks."""
    from convert.core.textutil import needs_space

    assert needs_space("\ubc1c\ud589\ucc98", "\uad6d\ud68c")  # 발행처 + 국회
    assert not needs_space("\u5de5\u4f5c", "\u603b\u7ed3")  # 工作 + 总结
    assert (
        widen("\uc801\uc6a9\ub428\uc5d0 \ub530\ub77c, \uc138\uacc4")
        == "\uc801\uc6a9\ub428\uc5d0 \ub530\ub77c, \uc138\uacc4"
    )
    assert widen("\u5de5\u4f5c,\u603b\u7ed3") == "\u5de5\u4f5c\uff0c\u603b\u7ed3"


def test_sentences_in_scripts_without_case_are_running_text() -> None:
    from convert.steps._evidence import finished_sentence

    # "We review the problems of the insurance terms and propose improvements." (Korean)
    korean = "\ubcf4\ud5d8\uc57d\uad00\uc758 \ubb38\uc81c\uc810\uc744 \uc0b4\ud3b4\ubcf4\uace0 \uac1c\uc120\ubc29\uc548\uc744 \uc81c\uc2dc\ud558\uace0\uc790 \ud558\uc600\ub2e4."
    assert finished_sentence(korean)
    assert not finished_sentence("ANHUI ANLI ARTIFICIAL LEATHER CO.,LTD.")


def test_a_page_marker_in_words_inside_a_pdf_page_is_text(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """``page 30`` ending a list item in the middle of a page is the item's words; at a page's
    foot it is a page number."""
    from convert.core.model import Document, Line, Origin

    texts = [
        "The first use case is described in full in its own chapter of this paper.",
        "Use case 5: video analytics of an infant's motions for health prediction, on",
        "page 30",
        "In this section, we describe how the model predicts an infant's health.",
        "page 31",
    ]
    doc = Document(lines=tuple(Line(text=t, origin=Origin(line=i + 1, page=1)) for i, t in enumerate(texts)))
    from convert.app.pipeline import clean
    from convert.app.plugins import build_registry
    from convert.core.contracts import Options

    out = clean(doc, build_registry(), Options())
    removed = {r.text for r in out.removals}
    assert "page 30" not in removed and "page 31" in removed


def test_short_lines_above_a_guessed_title_in_a_pdf_are_kept(registry) -> None:  # type: ignore[no-untyped-def]
    """A PDF's page has no site navigation: a form's labels above the line taken for the
    title are the document's (a scraped page's lone words there are still the site's)."""
    from convert.app.pipeline import clean
    from convert.core.contracts import Options
    from convert.core.model import Document, Line, Origin

    texts = ["BUTTON", "CHECKBOX", "RADIO BUTTON", "The form below shows each kind of field a reader can fill in."]
    doc = Document(lines=tuple(Line(text=t, origin=Origin(line=i + 1, page=1)) for i, t in enumerate(texts)))
    out = clean(doc, registry, Options())
    assert not [r for r in out.removals if r.text in ("BUTTON", "CHECKBOX")]


#: Two numbered sections of a hard-wrapped guide (after its title).
HALLS = (
    "1. Bookings",
    "Halls can be booked by any group based in the district for meetings, classes and",
    "family events. Bookings are taken up to six months ahead and confirmed by email",
    "within five working days of the request.",
    "2. Charges",
    "Charges depend on the size of the hall and the time of day. Groups that are",
    "registered charities pay half the usual rate for daytime bookings on weekdays.",
)


def test_a_short_numbered_heading_after_an_unfinished_line_is_its_own_block() -> None:
    """A site's line that ends without a full stop (``Sponsored: …``, left when the line after
    it went) does not make the numbered heading below it part of its paragraph."""
    wrapped = (
        "Guidance on Community Halls",
        *HALLS,
        "Sponsored: learn a new language in ten minutes a day with the Lingo phone app",
        "3. Keys and Cleaning",
        "Keys are collected from the reception desk on the day of the booking and must be",
        "returned the next morning. The hall must be left clean and tidy after use.",
    )
    doc = convert_text("\n".join(wrapped) + "\n", name="halls.txt")
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["1. Bookings", "2. Charges", "3. Keys and Cleaning"], headings


def test_a_labelled_preview_ending_in_a_read_on_button_is_a_duplicate() -> None:
    """``Summary: <the text's start> ...read the whole guide`` on one line: the label and the
    button are the box's, the rest is the body's start again."""
    wrapped = (
        "Guidance on Community Halls",
        "Summary: Halls can be booked by any group based in the district for meetings, classes and family "
        "events. Bookings are taken up to six months ahead ...read the whole guide",
        *HALLS,
        "The contents page lists every hall . . . . . . . . . . . . . . . . . . . . 12",
    )
    doc = convert_text("\n".join(wrapped) + "\n", name="halls.txt")
    gone = {r.text: r.kind for r in doc.removals}
    assert gone.get(wrapped[1]) == "duplicate", gone
    assert "contents page" in doc.body_text  # a contents line's leader dots are no cut preview


def test_a_sentence_wrapped_after_a_section_number_is_no_heading() -> None:
    """Review: ``4.2 of the national guidance at`` (a wrapped line before a long address)
    became a heading and cut the sentence."""
    wrapped = (
        "Guidance on Dropped Kerbs",
        "Residents who want to park on their driveway must apply to the council for a",
        "dropped kerb. The council will assess each application against the criteria in",
        "paragraph 3.1 of this guidance, including the minimum depth set out in section",
        "4.2 of the national guidance at",
        "https://www.example.gov.uk/government/publications/vehicle-crossovers-design",
        "and the visibility for drivers leaving the property onto the highway.",
    )
    doc = convert_text("\n".join(wrapped) + "\n", name="kerbs.txt")
    assert not [b for b in doc.blocks if b.kind == "heading"], [(b.kind, b.text) for b in doc.blocks]


def test_each_contents_entry_is_its_own_block(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    """A table of contents' lines run to the margin (a leader of dots, then the page): each
    entry ends there, however full its line, and is never joined to the next."""
    dots = "\u2026" * 12
    entries = [
        "\u7b2c\u4e00\u7ae0\u3000\u603b\u5219" + dots + "1",  # 第一章　总则……1
        "\u7b2c\u4e8c\u7ae0\u3000\u89c4\u5212\u7f16\u5236" + dots + "5",  # 第二章　规划编制……5
        "\u7b2c\u4e09\u7ae0\u3000\u5b9e\u65bd\u4e0e\u76d1\u7763" + dots + "12",  # 第三章　实施与监督……12
    ]
    doc = convert_bytes(TITLE + "\n\u76ee\u5f55\n" + "\n".join(entries) + "\n" + wrapped(BODY))
    texts = [b.text for b in doc.blocks]
    for entry in entries:
        assert entry in texts, texts


def test_a_sentence_ending_in_dots_and_a_roman_looking_word_is_no_contents_entry() -> None:
    from convert.steps.paragraphs import CONTENTS_ENTRY

    for entry in ("Preface . . . . . . . xi", "\u603b\u5219\u2026\u2026\u2026\u20261", "Index ........ 212"):
        assert CONTENTS_ENTRY.search(entry), entry
    for prose in ("He paused.... I", "and then.... civil", "Wait\u2026\u2026 I"):
        assert not CONTENTS_ENTRY.search(prose), prose
