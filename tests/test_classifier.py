"""The ``classify`` step: lines scored from weighed evidence (issue 11).

The model (``src/convert/steps/line_model.json``) is fitted offline by
``scripts/fit_classifier.py``; these tests check what it is allowed to do with its scores: drop
site lines before or after the running text when they carry evidence of a site's hand, keep
signatures, dates, headings and people's sentences, and warn (with the score) about what it is
unsure of.
"""

from __future__ import annotations

import json

import pytest

from convert.app.testing import convert_text
from convert.core.contracts import Options
from convert.core.model import Line, Origin
from convert.core.textutil import fold
from convert.steps._features import FEATURES, line_features, terms, text_bounds
from convert.steps.classifier import MODEL_FILE, Classify, line_model

NOTICE = (
    "\u5173\u4e8e\u505a\u597d\u9632\u6c5b\u5de5\u4f5c\u7684\u901a\u77e5",  # 关于做好防汛工作的通知
    "\u5404\u533a\u53bf\u6c34\u52a1\u5c40\uff1a",  # 各区县水务局：
    "\u4e3a\u5207\u5b9e\u505a\u597d\u4eca\u5e74\u7684\u9632\u6c5b\u5de5\u4f5c\uff0c\u786e\u4fdd\u4eba\u6c11\u7fa4\u4f17\u751f\u547d\u8d22\u4ea7\u5b89\u5168\uff0c\u6839\u636e\u4e0a\u7ea7\u90e8\u7f72\uff0c\u73b0\u5c31\u6709\u5173\u4e8b\u9879\u901a\u77e5\u5982\u4e0b\uff0c\u8bf7\u5404\u5355\u4f4d\u8ba4\u771f\u8d2f\u5f7b\u843d\u5b9e\u3002",  # 为切实做好今年的防汛工作，确保人民群众生命财产安全，根据上级部署，现就有关事项通知如下，请各单位认真贯彻落实。
    "\u4e00\u3001\u52a0\u5f3a\u7ec4\u7ec7\u9886\u5bfc",  # 一、加强组织领导
    "\u5404\u5355\u4f4d\u8981\u628a\u9632\u6c5b\u5de5\u4f5c\u4f5c\u4e3a\u5f53\u524d\u7684\u91cd\u8981\u4efb\u52a1\uff0c\u4e3b\u8981\u8d1f\u8d23\u540c\u5fd7\u8981\u4eb2\u81ea\u90e8\u7f72\u3001\u4eb2\u81ea\u68c0\u67e5\uff0c\u5c42\u5c42\u538b\u5b9e\u8d23\u4efb\uff0c\u786e\u4fdd\u5404\u9879\u63aa\u65bd\u843d\u5230\u5b9e\u5904\u3002",  # 各单位要把防汛工作作为当前的重要任务，主要负责同志要亲自部署、亲自检查，层层压实责任，确保各项措施落到实处。
    "\u4e8c\u3001\u505a\u597d\u5e94\u6025\u51c6\u5907",  # 二、做好应急准备
    "\u8981\u5bf9\u9632\u6c5b\u7269\u8d44\u8fdb\u884c\u5168\u9762\u68c0\u67e5\uff0c\u53ca\u65f6\u8865\u5145\u7f3a\u5c11\u7684\u7269\u8d44\uff0c\u7ec4\u7ec7\u5f00\u5c55\u5e94\u6025\u6f14\u7ec3\uff0c\u63d0\u9ad8\u961f\u4f0d\u7684\u5b9e\u6218\u80fd\u529b\uff0c\u786e\u4fdd\u5173\u952e\u65f6\u523b\u62c9\u5f97\u51fa\u3001\u7528\u5f97\u4e0a\u3002",  # 要对防汛物资进行全面检查，及时补充缺少的物资，组织开展应急演练，提高队伍的实战能力，确保关键时刻拉得出、用得上。
    "\u5e02\u6c34\u52a1\u5c40",  # 市水务局
    "2024\u5e745\u67086\u65e5",  # 2024年5月6日
)
TAIL = (
    "\u4e0a\u4e00\u7bc7\uff1a\u5173\u4e8e\u505a\u597d\u5b89\u5168\u751f\u4ea7\u5de5\u4f5c\u7684\u901a\u77e5",  # 上一篇：关于做好安全生产工作的通知
    "\u4e0b\u4e00\u7bc7\uff1a\u5173\u4e8e\u5f00\u5c55\u690d\u6811\u6d3b\u52a8\u7684\u901a\u77e5",  # 下一篇：关于开展植树活动的通知
    "\u76f8\u5173\u6587\u7ae0\u63a8\u8350",  # 相关文章推荐
    "\u5173\u4e8e\u505a\u597d\u9632\u706b\u5de5\u4f5c\u7684\u901a\u77e5",  # 关于做好防火工作的通知
    "\u5173\u4e8e\u52a0\u5f3a\u6c34\u5e93\u7ba1\u7406\u7684\u610f\u89c1",  # 关于加强水库管理的意见
    "\u70b9\u51fb\u4e0b\u8f7dWord\u6587\u6863",  # 点击下载Word文档
    "\u672c\u7ad9\u6587\u7ae0\u6765\u6e90\u4e8e\u7f51\u7edc\uff0c\u7248\u6743\u5f52\u539f\u4f5c\u8005\u6240\u6709\uff0c\u5982\u6709\u4fb5\u6743\u8bf7\u8054\u7cfb\u6211\u4eec\u5220\u9664\u3002",  # 本站文章来源于网络，版权归原作者所有，如有侵权请联系我们删除。
)
SPEECH = "\u6211\u4e5f\u5728\u505a\u8fd9\u4e2a\u5de5\u4f5c\uff0c\u60f3\u548c\u5927\u5bb6\u4e00\u8d77\u8ba8\u8bba\u4e00\u4e0b"  # 我也在做这个工作，想和大家一起讨论一下

ENGLISH = (
    "Guidance on Hedge Trimming near Footpaths",
    "Landowners are responsible for keeping hedges and trees on their land cut back from public footpaths and roads.",
    "We ask owners to cut back growth outside the bird nesting season, which runs from March to August.",
    "If a hedge blocks a path, we will first write to the owner and allow at least twenty eight days for the work.",
    "Previous story: Consultation Response on Bus Shelters",
    "Share this story on Facebook",
    "Download our app for travel updates",
)


def removed_by_classify(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in doc.removals if r.step == "classify"]


def test_the_model_matches_the_features_and_its_thresholds_are_sane() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES and set(data["weights"]) == set(FEATURES)
    model = line_model()
    assert model is not None and 0.5 <= model.warn < model.drop < 1.0
    assert "cross_validation" in data and data["cross_validation"]["furniture"] > 0


def test_step_runs_after_the_title_and_before_the_segmentation() -> None:
    assert 370 < Classify.order < 400


def test_tail_after_the_text_goes_and_the_closing_lines_stay() -> None:
    doc = convert_text("\n".join(NOTICE + TAIL) + "\n", name="notice.txt")
    body = [b.text for b in doc.blocks]
    assert NOTICE[-2] in body and NOTICE[-1] in body  # signature and date
    assert NOTICE[1] in body  # the addressee
    assert [b.text for b in doc.blocks if b.kind == "heading"] == [NOTICE[3], NOTICE[5]]
    gone = removed_by_classify(doc)
    assert set(TAIL[:6]) <= set(gone), gone
    assert all(t not in body for t in TAIL)
    reasons = [r.reason for r in doc.removals if r.step == "classify"]
    assert all("score" in r and "after the running text" in r for r in reasons)
    assert any("a list after" in r for r in reasons)  # related titles after their header


def test_a_persons_sentence_after_the_text_is_kept_with_a_warning() -> None:
    doc = convert_text("\n".join(NOTICE + TAIL[:3] + (SPEECH,)) + "\n", name="notice.txt")
    assert doc.blocks[-1].text == SPEECH
    assert any("may be site furniture" in w and "score" in w for w in doc.warnings)


def test_english_tail_goes_the_text_stays() -> None:
    doc = convert_text("\n".join(ENGLISH) + "\n", name="guidance.txt")
    body = " ".join(b.text for b in doc.blocks)
    for line in ENGLISH[1:4]:
        assert line in body
    for line in ENGLISH[4:]:
        assert line not in body, line


def test_without_a_title_the_first_line_is_never_dropped() -> None:
    words = "the council reviews each grant and publishes a short report every year"
    doc = convert_text("A Long Report\n" + "\n".join([words] * 50) + ".\n", name="long.txt")
    assert "A Long Report" in " ".join(b.text for b in doc.blocks)


def test_latin_terms_are_whole_words() -> None:
    counts = terms().counts("please approve the application, then print it")
    assert counts["site"] == 0 and counts["action"] == 1  # "print", not "app" in "approve"


def lines_of(texts: tuple[str, ...]) -> tuple[Line, ...]:
    return tuple(Line(text=t, origin=Origin(line=i + 1)) for i, t in enumerate(texts))


def test_a_site_voiced_sentence_after_the_footer_is_not_the_end_of_the_text() -> None:
    lines = lines_of(NOTICE[2:7] + TAIL)
    first, last, _ = text_bounds(lines, None, [None] * len(lines))
    assert lines[last].text == NOTICE[6]  # the disclaimer after the footer is not the text's end
    assert lines[first].text == NOTICE[2]


def test_every_line_has_one_row_of_every_feature() -> None:
    lines = lines_of(NOTICE + TAIL)
    found = line_features(lines, None)
    assert len(found.rows) == len(lines) and all(len(row) == len(FEATURES) for row in found.rows)
    assert found.evidence[NOTICE.index(NOTICE[2])] is None  # a sentence of the notice: no site evidence
    assert found.evidence[len(NOTICE)] is not None  # previous-article link


@pytest.mark.parametrize("text", [NOTICE[3], NOTICE[5]])
def test_numbered_headings_after_the_text_are_never_scored(text: str) -> None:
    doc = convert_text("\n".join(NOTICE[:3] + TAIL[:3] + (text,)) + "\n", name="notice.txt")
    assert text in [b.text for b in doc.blocks]


def test_a_labelled_link_to_another_document_is_evidence() -> None:
    lines = lines_of(("Older article: Why Library Services Matter", "Subject: proposed opening hours for the winter"))
    found = line_features(lines, None)
    assert found.evidence[0] is not None and "another document" in found.evidence[0]
    assert found.evidence[1] is None


def test_a_cookie_bar_is_never_the_title() -> None:
    doc = convert_text(
        "Accept optional cookies | Reject optional cookies | Cookie settings\n" + "\n".join(ENGLISH[:4]) + "\n",
        name="page.txt",
    )
    assert doc.meta.title == ENGLISH[0]


def test_short_chinese_site_lines_are_not_taken_for_speech() -> None:
    from convert.steps.classifier import speech

    assert speech(SPEECH)
    assert not speech("\u4e3a\u4f60\u627e\u5230")  # 为你找到: four characters say nothing
    assert not speech(TAIL[3], titled=True)  # a document's title, though it has 的


HEADLINES = (
    "\u57ce\u5e02\u66f4\u65b0\u4e3a\u4f55\u8981\u5148\u95ee\u5c45\u6c11?",  # 城市更新为何要先问居民?
    "\u591c\u95f4\u7ecf\u6d4e\u5982\u4f55\u907f\u514d\u6270\u6c11",  # 夜间经济如何避免扰民
    "\u8001\u65e7\u5c0f\u533a\u52a0\u88c5\u7535\u68af\u7684\u96be\u9898",  # 老旧小区加装电梯的难题
    "\u793e\u533a\u98df\u5802\u80fd\u5426\u957f\u4e45\u529e\u4e0b\u53bb",  # 社区食堂能否长久办下去
)
BYLINE = "\u8bb0\u8005 \u738b\u660e"  # 记者 王明
LEDE = (  # 说起城市更新，很多人首先想到的是拆和建，其实更重要的是听取居民的意见…
    "\u8bf4\u8d77\u57ce\u5e02\u66f4\u65b0\uff0c\u5f88\u591a\u4eba\u9996\u5148\u60f3\u5230\u7684\u662f\u62c6\u548c"
    "\u5efa\uff0c\u5176\u5b9e\u66f4\u91cd\u8981\u7684\u662f\u542c\u53d6\u5c45\u6c11\u7684\u610f\u89c1\uff0c\u8ba9"
    "\u4ed6\u4eec\u53c2\u4e0e\u5230\u6bcf\u4e00\u4e2a\u73af\u8282\u4e2d\u6765\u3002"
)


def test_a_title_repeated_below_a_list_of_headlines_is_the_title_and_the_list_goes() -> None:
    text = "\n".join(HEADLINES) + "\n\n" + HEADLINES[0] + "\n\n" + BYLINE + "\n\n" + "\n\n".join([LEDE] * 4) + "\n"
    doc = convert_text(text, name="news.txt")
    assert fold(doc.meta.title or "") == fold(HEADLINES[0])  # (the question mark made full-width)
    body = [fold(b.text) for b in doc.blocks]
    assert not {fold(h) for h in HEADLINES[1:]} & set(body)
    assert body.count(fold(HEADLINES[0])) == 1 and fold(BYLINE) in body
    reasons = [r.reason for r in doc.removals if r.text in HEADLINES]
    assert len(reasons) == 4 and all("headlines" in r for r in reasons)


def test_a_site_word_the_text_itself_uses_is_its_topic_not_evidence() -> None:
    printer = "\u6253\u5370\u673a"  # 打印机 (打印 is a site's "print" button elsewhere)
    sentence = (  # 这台打印机的驱动需要重新安装，安装以后打印机才能正常工作，大家可以先试一试。
        "\u8fd9\u53f0\u6253\u5370\u673a\u7684\u9a71\u52a8\u9700\u8981\u91cd\u65b0\u5b89\u88c5\uff0c\u5b89\u88c5"
        "\u4ee5\u540e\u6253\u5370\u673a\u624d\u80fd\u6b63\u5e38\u5de5\u4f5c\uff0c\u5927\u5bb6\u53ef\u4ee5\u5148"
        "\u8bd5\u4e00\u8bd5\u3002"
    )
    lines = lines_of((sentence, sentence, sentence, printer))
    assert line_features(lines, None).evidence[3] is None
    alone = lines_of((LEDE, LEDE, LEDE, printer))
    assert line_features(alone, None).evidence[3] is not None  # no text about printers: a site's button


def test_lines_alike_but_for_their_numbers_are_evidence() -> None:
    archive = tuple(f"{year}\u5e74({n})" for year, n in ((2017, 1), (2012, 1), (2011, 5), (2010, 6)))
    found = line_features(lines_of((*archive, LEDE, LEDE)), None)
    assert all(e is not None and "alike" in e for e in found.evidence[:4])
    assert found.evidence[4] is None


def test_inside_the_text_only_the_surest_site_lines_go() -> None:
    model = line_model()
    assert model is not None and model.drop_inside >= model.drop  # a stricter bar inside the text
    paragraph = ENGLISH[1]
    doc = convert_text(
        "\n".join((ENGLISH[0], paragraph, "ADVERTISEMENT", paragraph.replace("Landowners", "Owners"), ENGLISH[3]))
        + "\n",
        name="guidance.txt",
    )
    kept = " ".join(b.text for b in doc.blocks)
    assert paragraph in kept and ENGLISH[3] in kept  # the text around it is whole


def test_english_titles_are_found_below_a_site_tagline() -> None:
    doc = convert_text(
        "Example Docs - every paper, one place\nMinutes of the Parish Council Meeting held on 12 March 2024\n"
        + "\n".join(ENGLISH[1:4])
        + "\n",
        name="minutes.txt",
    )
    assert doc.meta.title == "Minutes of the Parish Council Meeting held on 12 March 2024"


def test_once_the_sites_footer_began_the_rest_of_it_goes_but_not_the_signature() -> None:
    footer = (
        TAIL[0],
        "\u60a8\u5df2\u770b\u5b8c88%",  # 您已看完88% (no words of the lexicon, but after the footer began)
        TAIL[3],
        "Example Docs Ltd, company number 12345678",
        "Example Docs hosts files shared by its users. It does not vouch for their accuracy.",  # two sentences
    )
    doc = convert_text("\n".join(NOTICE + footer) + "\n", name="notice.txt")
    body = [b.text for b in doc.blocks]
    assert NOTICE[-2] in body and NOTICE[-1] in body
    assert not set(footer) & set(body)
    assert any(r.reason.startswith("site footer") for r in doc.removals if r.step == "classify")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("\u4eba\u6c14\uff1a29072", "a counter"),  # 人气：29072
        ("1\u9875 | 821.86KB", "a file size"),  # 1页 | 821.86KB
        ("Posted by Jane Doe | 3 March 2024", "a byline with a separator before the text"),
        ("Posted by Jane Doe | 3 min read", "a reading time"),
        ("Written by Jane Doe on 3 March 2024", "a post's byline (by \u2026 on a date) before the text"),
        ("Published 5 May 2024 | Owner: Parks team", "a byline with a separator before the text"),
    ],
)
def test_counters_sizes_and_bylines_are_evidence(line: str, kind: str) -> None:
    found = line_features(lines_of((line, LEDE, LEDE, LEDE)), None)
    assert found.evidence[0] == kind


@pytest.mark.parametrize(
    "line",
    [
        "\u62ab\u9732\u65e5\u671f\uff1a2012\u5e743\u670827\u65e5",  # 披露日期：2012年3月27日 (a cover's own field)
        "\u80a1\u7968\u4ee3\u7801\uff1a300218",  # 股票代码：300218
        "Paris, 2024-03-05",  # a letter's dateline
        "Prepared by the Finance Team",
        "Jane Doe | Monday 15 July 2024",  # a byline weighs in the score, but may be the document's own
        "\u5f20\u4e09 | 2024\u5e743\u67085\u65e5",  # 张三 | 2024年3月5日 (a speech's speaker and date)
    ],
)
def test_a_documents_own_fields_are_no_evidence(line: str) -> None:
    found = line_features(lines_of((line, LEDE, LEDE, LEDE)), None)
    assert found.evidence[0] is None


def test_the_sites_name_above_the_title_goes_when_its_site_lines_repeat_it() -> None:
    text = "\n".join(
        (
            "Riverside Gazette",
            *ENGLISH[:4],
            "Previous story: Consultation Response on Bus Shelters",
            "Download the Gazette app for travel updates",
            "Share this story on Facebook",
            "Gazette Media Ltd, all rights reserved",
        )
    )
    doc = convert_text(text + "\n", name="story.txt")
    assert doc.meta.title == ENGLISH[0]
    removed = {r.text: r.reason for r in doc.removals}
    assert "site lines repeat 'gazette'" in removed["Riverside Gazette"]
    assert all(line in " ".join(b.text for b in doc.blocks) for line in ENGLISH[1:4])


def test_unnumbered_section_headings_of_a_wrapped_memo() -> None:
    import textwrap

    para = (
        "During the pandemic most staff worked from home for long periods, and since reopening we have "
        "continued with informal arrangements that vary from team to team across the whole service."
    )
    parts = ["Policy Memo on Hybrid Working", "To: All staff. From: The Head of Service."]
    for heading in ("Background", "Equipment and Costs", "Risks"):
        parts += [heading, *textwrap.wrap(para, 64)]
    doc = convert_text("\n".join(parts) + "\n", name="memo.txt")
    heads = [(b.level, b.text) for b in doc.blocks if b.kind == "heading"]
    assert heads == [(2, "Background"), (2, "Equipment and Costs"), (2, "Risks")]
    assert sum(1 for b in doc.blocks if b.kind == "paragraph" and b.text == para) == 3


def test_lines_inserted_inside_a_paragraph_are_found() -> None:
    from convert.steps._features import interruptions

    # 各单位要把防汛工作作为当前的重要任务，…，坚决守住安全底线 (69 characters, no full stop)
    clause = (
        "\u5404\u5355\u4f4d\u8981\u628a\u9632\u6c5b\u5de5\u4f5c\u4f5c\u4e3a\u5f53\u524d\u7684\u91cd\u8981\u4efb"
        "\u52a1\uff0c\u4e3b\u8981\u8d1f\u8d23\u540c\u5fd7\u8981\u4eb2\u81ea\u90e8\u7f72\u3001\u4eb2\u81ea\u68c0"
        "\u67e5\uff0c\u5c42\u5c42\u538b\u5b9e\u8d23\u4efb\uff0c\u786e\u4fdd\u5404\u9879\u63aa\u65bd\u843d\u5230"
        "\u5b9e\u5904\uff0c\u5207\u5b9e\u505a\u5230\u601d\u60f3\u5230\u4f4d\u3001\u7ec4\u7ec7\u5230\u4f4d\u3001"
        "\u63aa\u65bd\u5230\u4f4d\uff0c\u575a\u51b3\u5b88\u4f4f\u5b89\u5168\u5e95\u7ebf"
    )
    paragraph = clause + "\uff0c" + clause + "\u3002"
    rows = [paragraph[k : k + 30] for k in range(0, len(paragraph), 30)]
    ad = "\u4eba\u5747\u6bcf\u6708\u4e0d\u5230\u4e00\u676f\u5976\u8336"  # 人均每月不到一杯奶茶
    lines = lines_of((*rows[:2], ad, ad, *rows[2:]))
    found = line_features(lines, 60.0)
    flags = interruptions(lines, 60.0, [r[FEATURES.index("running")] == 1 for r in found.rows])
    assert flags == [False, False, True, True] + [False] * (len(rows) - 2)
    # the paragraph's own short last line is not an insertion: it ends the sentence
    lines = lines_of((*rows, *rows))
    flags = interruptions(lines, 60.0, [r[FEATURES.index("running")] == 1 for r in line_features(lines, 60.0).rows])
    assert not any(flags)


def test_wrapped_text_that_repeats_is_not_a_list_of_headlines() -> None:
    clause = (  # 各单位要把防汛工作作为当前的重要任务，…，坚决守住安全底线
        "\u5404\u5355\u4f4d\u8981\u628a\u9632\u6c5b\u5de5\u4f5c\u4f5c\u4e3a\u5f53\u524d\u7684\u91cd\u8981\u4efb"
        "\u52a1\uff0c\u4e3b\u8981\u8d1f\u8d23\u540c\u5fd7\u8981\u4eb2\u81ea\u90e8\u7f72\u3001\u4eb2\u81ea\u68c0"
        "\u67e5\uff0c\u5c42\u5c42\u538b\u5b9e\u8d23\u4efb\uff0c\u786e\u4fdd\u5404\u9879\u63aa\u65bd\u843d\u5230"
        "\u5b9e\u5904\uff0c\u5207\u5b9e\u505a\u5230\u601d\u60f3\u5230\u4f4d\u3001\u7ec4\u7ec7\u5230\u4f4d\u3001"
        "\u63aa\u65bd\u5230\u4f4d\uff0c\u575a\u51b3\u5b88\u4f4f\u5b89\u5168\u5e95\u7ebf"
    )
    paragraph = clause + "\uff0c" + clause + "\uff0c" + clause + "\u3002"
    rows = [paragraph[k : k + 30] for k in range(0, len(paragraph), 30)]
    other = "\u4eba\u5747\u6bcf\u6708\u4e0d\u5230\u4e00\u676f\u5976\u8336"  # 人均每月不到一杯奶茶
    doc = convert_text("\n".join((NOTICE[0], *rows, *rows[:3], other, *rows[3:], *rows)) + "\n", name="notice.txt")
    assert not [r for r in doc.removals if "headlines" in r.reason]
    assert doc.meta.title == NOTICE[0]


# Review cases (inputs where an earlier draft of the classifier removed a document's own text).
LETTER = (
    "Dear Mr Brown,\n\nThank you for your letter of 3 May about the planning application for 12 High Street. "
    "We have reviewed the plans carefully.\n\nWe are pleased to tell you that the application has been approved, "
    "subject to the conditions in the attached schedule.\n\nYours sincerely\n\nJane Smith\nPlanning Officer\n"
    "Tel: 01234 567890 | Email: planning@town.gov.uk\nTown Hall, High Street\nRiverside RV1 2AB\n"
    "Enclosure: schedule of conditions\n"
)
OPINION = (  # 关于加强网站建设管理的意见: headings and sentences full of the lexicon's words (网站, 版权, 用户)
    "\u5173\u4e8e\u52a0\u5f3a\u7f51\u7ad9\u5efa\u8bbe\u7ba1\u7406\u7684\u610f\u89c1\n\n\u5404\u5355\u4f4d\uff1a\n\n"
    "\u8fd1\u5e74\u6765\uff0c\u6211\u5e02\u653f\u5e9c\u7f51\u7ad9\u5efa\u8bbe\u53d6\u5f97\u4e86\u660e\u663e"
    "\u6210\u6548\uff0c\u4f46\u4e5f\u5b58\u5728\u4e00\u4e9b\u95ee\u9898\u3002\u73b0\u63d0\u51fa\u5982\u4e0b"
    "\u610f\u89c1\u3002\n\n\u52a0\u5f3a\u7248\u6743\u4fdd\u62a4\n\u5404\u5355\u4f4d\u8f6c\u8f7d\u4ed6\u4eba"
    "\u4f5c\u54c1\u5e94\u5f53\u53d6\u5f97\u6388\u6743\u5e76\u6ce8\u660e\u6765\u6e90\uff0c\u4e0d\u5f97\u4fb5"
    "\u72af\u8457\u4f5c\u6743\u4eba\u7684\u5408\u6cd5\u6743\u76ca\u3002\n\n\u89c4\u8303\u7528\u6237\u6ce8\u518c"
    "\n\u7f51\u7ad9\u7528\u6237\u6ce8\u518c\u65f6\u4e0d\u5f97\u8fc7\u5ea6\u6536\u96c6\u4e2a\u4eba\u4fe1\u606f"
    "\uff0c\u5e94\u5f53\u516c\u5f00\u9690\u79c1\u653f\u7b56\u3002\n\n\u5e02\u653f\u5e9c\u529e\u516c\u5385\n"
    "2020\u5e743\u67081\u65e5\n"
)
MIDDLE_ADDRESS = (
    "Community Grants Report\n\nThe grants panel met on Tuesday to consider the applications received\n"
    "this spring from local community groups across the whole of the district\nand the town.\n\n"
    "Groups that were not successful this time can ask for feedback on their\n"
    "application by writing to the grants team at the council, who can be at\ngrants@riverside.gov.uk\n"
    "or by telephone, and the team will arrange a meeting with an officer to\n"
    "go through the bid in detail before the next closing date in the autumn.\n"
)
CONTENTS = (
    "Annual Report 2023\nContents\nIntroduction\nOur work this year\nFinances\n\nIntroduction\n"
    "The trust had a busy year. We opened two new branches and welcomed more visitors than ever before.\n\n"
    "Our work this year\nVolunteers gave more than ten thousand hours to the trust, running events and guided "
    "walks across the county.\n\nFinances\nIncome rose by four per cent while costs were held flat, leaving a "
    "small surplus for next year.\n"
)


@pytest.mark.parametrize(
    "text", [LETTER, OPINION, MIDDLE_ADDRESS, CONTENTS], ids=["letter", "opinion", "address", "contents"]
)
def test_the_classifier_removes_none_of_a_documents_own_lines(text: str) -> None:
    doc = convert_text(text, name="doc.txt")
    assert [r.text for r in doc.removals if r.step in ("classify", "title")] == []
    assert doc.meta.title == text.split("\n", 1)[0] or text is LETTER


def test_a_signing_office_printed_again_at_the_end_is_not_a_repeated_title() -> None:
    office = "\u53a6\u95e8\u5e02\u6863\u6848\u5c40"  # 厦门市档案局
    title = "\u5173\u4e8e\u653e\u5047\u5b89\u6392\u7684\u901a\u77e5"  # 关于放假安排的通知
    body = (  # 根据国务院办公厅通知精神，现将春节放假安排通知如下。请各单位做好值班工作。
        "\u6839\u636e\u56fd\u52a1\u9662\u529e\u516c\u5385\u901a\u77e5\u7cbe\u795e\uff0c\u73b0\u5c06\u6625\u8282"
        "\u653e\u5047\u5b89\u6392\u901a\u77e5\u5982\u4e0b\u3002\u8bf7\u5404\u5355\u4f4d\u505a\u597d\u503c\u73ed"
        "\u5de5\u4f5c\u3002"
    )
    text = f"{office}\n{title}\n\n\u5404\u5355\u4f4d\uff1a\n\n{body}\n\n{office}\n2024\u5e742\u67081\u65e5\n"
    doc = convert_text(text, name="notice.txt")
    assert doc.meta.title == title
    assert not [r for r in doc.removals if "headlines" in r.reason]
    assert [b.text for b in doc.blocks][-2:] == [office, "2024\u5e742\u67081\u65e5"]


def test_a_run_inserted_before_a_paragraphs_short_last_line_goes_whole() -> None:
    """A site's header line and an offer inserted at a page break, before the paragraph's own
    short last line (not itself a full line): both go and the sentence is whole again."""
    clause = (  # 持续打造阅读品牌活动，全年举办各类活动不少于五百场，加强与学校、社区、企业的合作
        "\u6301\u7eed\u6253\u9020\u9605\u8bfb\u54c1\u724c\u6d3b\u52a8\uff0c\u5168\u5e74\u4e3e\u529e\u5404\u7c7b"
        "\u6d3b\u52a8\u4e0d\u5c11\u4e8e\u4e94\u767e\u573a\uff0c\u52a0\u5f3a\u4e0e\u5b66\u6821\u3001\u793e\u533a"
        "\u3001\u4f01\u4e1a\u7684\u5408\u4f5c"
    )
    text = ("\uff0c".join([clause] * 4)) + "\uff0c\u63a8\u52a8\u9605\u8bfb\u6d3b\u52a8\u8fdb\u6821\u56ed\u3002"
    rows = [text[k : k + 29] for k in range(0, len(text), 29)]
    site = "\u6843\u674e\u8d44\u6e90\u7f51\u00b7\u5907\u8bfe\u597d\u5e2e\u624b"  # 桃李资源网·备课好帮手
    offer = "\u3010\u6843\u674e\u94bb\u77f3\u4f1a\u5458\u3011\u5168\u7ad9\u8bfe\u4ef6\u7545\u4eab\uff0c\u5f00\u5b66\u5b63\u4f4e\u81f35.00\u5143/\u5e74"  # 【桃李钻石会员】全站课件畅享，开学季低至5.00元/年
    title = "\u5e02\u56fe\u4e66\u9986\u5de5\u4f5c\u603b\u7ed3"  # 市图书馆工作总结
    body = [*rows[:-1], site, offer, rows[-1]]
    doc = convert_text("\n".join([site, title, *body, "", *rows]))
    paragraph = next(b.text for b in doc.blocks if b.kind == "paragraph" and b.text.startswith(clause[:10]))
    assert paragraph == text, paragraph
    assert offer in removed_by_classify(doc)


def test_a_mostly_full_ad_line_with_room_for_the_next_word_is_inserted() -> None:
    """An English ad line as wide as a short text line still had room for the next line's
    first word: it was not wrapped there, so it is the site's, not the paragraph's."""
    paragraph = (
        "Reports must be submitted within eight weeks of the end of the grant period. You can submit "
        "your report through the council's online grants portal, by email, or on paper if you prefer. "
        "If you need more time, please contact us before the deadline, and we will always try to be "
        "flexible, particularly for small organisations that rely entirely on volunteers."
    )
    import textwrap

    rows = textwrap.wrap(paragraph, 68)
    cut = next(k for k, row in enumerate(rows) if row.endswith("online"))
    ad = "Sponsored: turn your notes into flashcards with NoteMate"
    wall = "Preview paused - 1 more pages behind the NoteShelf paywall"
    lines = ["Outcome Reporting for Community Grant Recipients", *rows[: cut + 1], ad, wall, *rows[cut + 1 :]]
    doc = convert_text("\n".join([*lines, "", *rows]))
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs[0] == paragraph, paragraphs[0]


def test_a_site_that_signs_its_lines_with_its_name_is_known_by_it() -> None:
    """The name in the line above the title comes back only in lines after the text (a footer,
    a takedown notice, a company line, a cookie banner): those lines are the site's
    even with no word of the lexicon, and so is the line above the title."""
    import textwrap

    body = textwrap.wrap(
        "Apologies were received and accepted from Councillor Alan Hughes, who was unwell, and from the "
        "district councillor for the ward. Councillor Cole declared a personal interest in item 6, as a "
        "member of the allotment association. He took part in the discussion but did not vote on that item. "
        "The minutes of the meeting held on 13 February were approved as a correct record and signed by the "
        "Chair. A resident raised concerns about speeding on Mill Lane, particularly at school drop-off times. "
        "There being no further business, the Chair closed the meeting at 9.05 pm.",
        72,
    )
    head = ["Shelfbox - read it all", "Minutes of the Parish Council Meeting held on 12 March 2024"]
    tail = [
        "Shelfbox Media 2025 ~ Terms ~ Privacy",
        "Shelfbox removes any paper its owner asks us to remove.",
        "Shelfbox Media Ltd, registered in Wales no. 1234567",
        "Shelfbox remembers your visits on this device. Fine by me | Settings",
    ]
    doc = convert_text("\n".join([*head, *body, *tail]))
    gone = {r.text for r in doc.removals}
    assert set(tail) <= gone and head[0] in gone
    assert doc.meta.title == head[1]
    assert doc.blocks[-1].text.endswith("closed the meeting at 9.05 pm.")


def test_an_office_named_above_the_title_and_in_its_text_is_the_documents() -> None:
    """The issuing office above the title, named again in the text and signing at the end:
    the document's own name, not a site's."""
    import textwrap

    body = textwrap.wrap(
        "The Millford Parish Council will hold its annual meeting on 9 April in the village hall. Residents "
        "are invited to raise questions about the budget, the allotments and road safety. Written questions "
        "should reach the Clerk a week before the meeting, and they will be answered in the order received. "
        "The Millford Parish Council publishes the agenda three days before the meeting on its notice board.",
        72,
    )
    lines = [
        "Millford Parish Council",
        "Notice of the Annual Parish Meeting",
        *body,
        "Millford Parish Council",
        "1 March 2024",
    ]
    doc = convert_text("\n".join(lines))
    assert not any(r.step == "classify" for r in doc.removals), [r.text for r in doc.removals]
    assert doc.blocks[-2].text == "Millford Parish Council"


def test_a_sentence_after_links_to_other_documents_is_not_the_text() -> None:
    """A Chinese page: the site's name above the title comes back at a page break and in the
    footer; after the links to other documents, a disclaimer sentence with no word of the
    lexicon is the site's, not the text's last paragraph."""
    name = "\u6843\u674e\u6587\u5e93"  # 桃李文库
    clause = (  # 各单位要把防汛工作作为当前的重要任务，主要负责同志要亲自部署、亲自检查
        "\u5404\u5355\u4f4d\u8981\u628a\u9632\u6c5b\u5de5\u4f5c\u4f5c\u4e3a\u5f53\u524d\u7684\u91cd\u8981\u4efb"
        "\u52a1\uff0c\u4e3b\u8981\u8d1f\u8d23\u540c\u5fd7\u8981\u4eb2\u81ea\u90e8\u7f72\u3001\u4eb2\u81ea\u68c0"
        "\u67e5"
    )
    text = "\uff0c".join([clause] * 12) + "\u3002"
    rows = [text[k : k + 30] for k in range(0, len(text), 30)]
    half = len(rows) // 2
    disclaimer = (  # 文档内容由上传者提供，平台不承担连带责任。
        "\u6587\u6863\u5185\u5bb9\u7531\u4e0a\u4f20\u8005\u63d0\u4f9b\uff0c\u5e73\u53f0\u4e0d\u627f\u62c5"
        "\u8fde\u5e26\u8d23\u4efb\u3002"
    )
    lines = [
        f"{name} | \u8ba9\u5b66\u4e60\u66f4\u7b80\u5355",  # 桃李文库 | 让学习更简单
        "\u5173\u4e8e\u505a\u597d\u9632\u6c5b\u5de5\u4f5c\u7684\u901a\u77e5",  # 关于做好防汛工作的通知
        *rows[:half],
        "P1",
        name,
        *rows[half:],
        "\u4e0a\u4e00\u7bc7\uff1a\u5173\u4e8e\u505a\u597d\u9632\u706b\u5de5\u4f5c\u7684\u901a\u77e5",  # 上一篇：关于做好防火工作的通知
        "\u4e0b\u4e00\u7bc7\uff1a\u5173\u4e8e\u52a0\u5f3a\u6c34\u5e93\u7ba1\u7406\u7684\u610f\u89c1",  # 下一篇：关于加强水库管理的意见
        disclaimer,
        f"{name}\u8bb0\u4f4f\u4f60\u7684\u9605\u8bfb\u8fdb\u5ea6\uff0c\u7ee7\u7eed\u6d4f\u89c8\u5373\u89c6\u4e3a\u540c\u610f",  # …记住你的阅读进度，继续浏览即视为同意
    ]
    doc = convert_text("\n".join(lines))
    gone = {r.text for r in doc.removals}
    assert {lines[0], disclaimer, lines[-1], name} <= gone
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [text], paragraphs


def test_bare_widget_labels_beside_the_sites_lines_go_before_the_text() -> None:
    """A blog's sidebar before the post: the archive list goes as a run alike but for its
    numbers, and so do the widgets' bare labels beside it; the post's own head stays."""
    sidebar = [
        "\u6587\u7ae0\u5206\u7c7b",  # 文章分类
        "\u6587\u7ae0\u5b58\u6863",  # 文章存档
        "2017\u5e74(1)",
        "2012\u5e74(3)",
        "2011\u5e74(5)",
        "2010\u5e74(6)",
        "\u6211\u7684\u670b\u53cb",  # 我的朋友
        "2007-11-28 20:18:37",
    ]
    head = [
        "\u5173\u4e8e\u505a\u597d\u9632\u6c5b\u5de5\u4f5c\u7684\u901a\u77e5",  # 关于做好防汛工作的通知
        "\u5e02\u6c34\u52a1\u5c40",  # 市水务局
    ]
    doc = convert_text("\n".join([*sidebar, *head, *NOTICE[1:]]))
    gone = {r.text for r in doc.removals}
    assert set(sidebar) <= gone, set(sidebar) - gone
    assert not (set(NOTICE[1:]) | {head[1]}) & gone


def test_bare_labels_of_a_documents_own_head_stay() -> None:
    """Short lines of a document's head beside a dropped line keep: a document type, an
    office, a number."""
    from convert.steps.classifier import _bare_label

    assert _bare_label("\u6587\u7ae0\u5206\u7c7b") and _bare_label("Archives")
    assert not _bare_label(
        "\u53a6\u5e9c\u529e\u3014\u0032\u0030\u0030\u0038\u3015\u0037\u0035\u53f7"
    )  # 厦府办〔2008〕75号
    assert not _bare_label("\u5404\u533a\u53bf\u6c34\u52a1\u5c40\uff1a")  # 各区县水务局：
    assert not _bare_label(
        "\u4e8c\u0030\u0030\u516b\u5e74\u56db\u6708\u5341\u4e00\u65e5\u6709\u5173\u4e8b\u9879"
    )  # too long


def test_a_sites_notice_right_after_the_signature_and_date_goes() -> None:
    """A sentence in the site's voice right after the document's signature and date is not
    the text's last paragraph; the signature and date stay."""
    notice = (  # 温馨提示：本站资源均由网友上传，若侵犯了您的权益请联系我们删除。
        "\u6e29\u99a8\u63d0\u793a\uff1a\u672c\u7ad9\u8d44\u6e90\u5747\u7531\u7f51\u53cb\u4e0a\u4f20\uff0c"
        "\u82e5\u4fb5\u72af\u4e86\u60a8\u7684\u6743\u76ca\u8bf7\u8054\u7cfb\u6211\u4eec\u5220\u9664\u3002"
    )
    doc = convert_text("\n".join([*NOTICE, notice]))
    gone = {r.text for r in doc.removals}
    assert notice in gone
    assert not set(NOTICE) & gone


def test_an_unfinished_site_label_after_the_last_paragraph_is_not_its_last_line() -> None:
    """A site's label right after the text's last full line (Chinese after Chinese, so it
    looks like the paragraph's short last line) ends no sentence and speaks of related
    material: the text ended before it, and the links after it go."""
    clause = (  # 推动全市公共图书馆事业高质量发展，为建设书香城市作出新的更大贡献
        "\u63a8\u52a8\u5168\u5e02\u516c\u5171\u56fe\u4e66\u9986\u4e8b\u4e1a\u9ad8\u8d28\u91cf\u53d1\u5c55\uff0c"
        "\u4e3a\u5efa\u8bbe\u4e66\u9999\u57ce\u5e02\u4f5c\u51fa\u65b0\u7684\u66f4\u5927\u8d21\u732e"
    )
    text = "\uff0c".join([clause] * 8) + "\u3002"
    step = next(w for w in range(26, 60) if len(text) % w == 0)  # the last row full too
    rows = [text[k : k + step] for k in range(0, len(text), step)]
    label = "\u76f8\u5173\u77e5\u8bc6\u70b9\uff1a\u6559\u5b66\u8bbe\u8ba1 / \u540c\u6b65\u7ec3\u4e60"  # 相关知识点：教学设计 / 同步练习
    links = [
        "\u4e0a\u4e00\u7bc7\uff1a\u5173\u4e8e\u505a\u597d\u9632\u706b\u5de5\u4f5c\u7684\u901a\u77e5",  # 上一篇：关于做好防火工作的通知
        "\u4e0b\u4e00\u7bc7\uff1a\u5173\u4e8e\u52a0\u5f3a\u6c34\u5e93\u7ba1\u7406\u7684\u610f\u89c1",  # 下一篇：关于加强水库管理的意见
    ]
    title = "\u5e02\u56fe\u4e66\u9986\u5de5\u4f5c\u603b\u7ed3"  # 市图书馆工作总结
    doc = convert_text("\n".join([title, *rows, label, *links]))
    gone = {r.text for r in doc.removals}
    assert {label, *links} <= gone
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [text]


def test_a_line_that_is_only_a_bracketed_widget_is_a_button() -> None:
    from convert.steps._features import BUTTON

    assert BUTTON.search("\u3014\u5c55\u5f00\u3015")  # 〔展开〕
    assert not BUTTON.search("\u53a6\u5e9c\u529e\u30142008\u301575\u53f7")  # 厦府办〔2008〕75号
    assert not BUTTON.search(
        "\u3014\u6ce8\u3015\u672c\u529e\u6cd5\u81ea\u53d1\u5e03\u4e4b\u65e5\u8d77\u65bd\u884c"
    )  # 〔注〕本办法自发布之日起施行


def test_an_english_sentence_resumes_in_lower_case_after_the_sites_lines() -> None:
    """Lines a site put between a full line left open and the line that goes on in lower
    case are inserted, its own sentences among them, once one of them names the site."""
    import textwrap

    rows = textwrap.wrap(
        "Please leave the road as you found it, and keep the music down after nine. Bag all litter and "
        "arrange for it to be collected, or take it to the recycling centre. If anything is damaged, let us "
        "know as soon as possible so that we can arrange a repair before the road is opened again.",
        72,
    )
    cut = next(k for k, row in enumerate(rows) if row.endswith("after"))
    inserted = ["Shelfbox", "Shelfbox Gold: no ads at all. Try it today."]
    head = ["Shelfbox ~ Shelves ~ Share a file ~ Help", "Guidance on Street Parties"]
    doc = convert_text("\n".join([*head, *rows[: cut + 1], *inserted, *rows[cut + 1 :], "", *rows, "Shelfbox Ltd"]))
    gone = {r.text for r in doc.removals}
    assert set(inserted) <= gone
    assert " ".join(rows) in [b.text for b in doc.blocks]


def test_a_synopsis_removed_above_the_text_names_no_site() -> None:
    """A removed synopsis repeats the text's first words (同志们：…); they are not a site's
    name, and the salutation stays."""
    from convert.steps._features import edge_names

    salutation = "\u540c\u5fd7\u4eec\uff1a"  # 同志们：
    lines = lines_of((salutation, *NOTICE[2:]))
    folded = [fold(line.text) for line in lines]
    synopsis = "\u901f\u89c8\uff1a" + salutation + NOTICE[2]  # 速览：同志们：为切实…
    names = edge_names(lines, None, folded, [True] * len(lines), (synopsis,), (salutation,))
    assert names == ()


def test_links_right_after_the_text_are_not_its_closing_block() -> None:
    """Links to other documents right after the signature are the site's (the closing block
    that is never dropped ends before them), and so is a copyright notice that reads like a
    sentence when it speaks of the site and of rights."""
    tail = (
        "\u4e0a\u4e00\u6761\uff1a\u5173\u4e8e\u505a\u597d\u9632\u706b\u5de5\u4f5c\u7684\u901a\u77e5",  # 上一条：关于做好防火工作的通知
        "\u4e0b\u4e00\u6761\uff1a\u5173\u4e8e\u52a0\u5f3a\u6c34\u5e93\u7ba1\u7406\u7684\u610f\u89c1",  # 下一条：关于加强水库管理的意见
        "\u76f8\u5173\u94fe\u63a5",  # 相关链接
        # 本网所载文章凡标明出处的，其著作权由原单位享有。
        "\u672c\u7f51\u6240\u8f7d\u6587\u7ae0\u51e1\u6807\u660e\u51fa\u5904\u7684\uff0c\u5176\u8457\u4f5c\u6743"
        "\u7531\u539f\u5355\u4f4d\u4eab\u6709\u3002",
    )
    doc = convert_text("\n".join([*NOTICE, *tail]))
    gone = {r.text for r in doc.removals}
    assert set(tail) <= gone, set(tail) - gone
    assert not set(NOTICE) & gone


def test_an_english_title_below_a_council_banner_and_a_cookie_notice() -> None:
    """The title stands after a cookie notice (the site speaking, not the text beginning), a
    council's name (who issues, not what) and a menu; the title-case line wins over the
    sentence-case subtitle that names the document type."""
    lines = [
        "Cookies on the Riverton website",
        "We'd like to set additional cookies to understand how you use the site.",
        "Riverton District Council",
        "Council tax  Planning  Parking  Libraries  Council and democracy  Report it",
        "Home > Community and living > Policies and plans",
        "Outcome Reporting for Community Grant Recipients",
        "Policy guidance note for organisations funded under the Neighbourhood Fund",
        *ENGLISH[1:4],
    ]
    doc = convert_text("\n".join(lines))
    assert doc.meta.title == "Outcome Reporting for Community Grant Recipients"
    assert lines[3] in {r.text for r in doc.removals}


def test_a_chinese_previous_link_stands_alone_and_an_editors_credit_is_the_sites() -> None:
    tail = (
        "\u8d23\u4efb\u7f16\u8f91\uff1a\u8d75\u4f1f",  # 责任编辑：赵伟
        "\u4e0a\u4e00\u6761\uff1a\u5173\u4e8e\u505a\u597d\u9632\u706b\u5de5\u4f5c\u7684\u901a\u77e5",  # 上一条：关于做好防火工作的通知
        "\u4e0b\u4e00\u6761\uff1a\u610f\u8bc6\u5f62\u6001\u7ecf\u9a8c\u4ea4\u6d41\u53d1\u8a00\u7a3f",  # 下一条：意识形态经验交流发言稿
    )
    doc = convert_text("\n".join([*NOTICE, *tail]))
    gone = {r.text for r in doc.removals}
    assert set(tail) <= gone, set(tail) - gone
    assert not set(NOTICE) & gone


def test_a_sites_numbered_notice_after_its_download_line_goes() -> None:
    """Before the text, right after a line dropped as the site's, numbered lines each in the
    site's voice (downloads, the platform, refunds, its service desk) are the site's notice;
    the document's own numbered parts after them stay."""
    notice = [  # 点击下载本文档 / 1、下载前请确认文档内容，本站不提供编辑服务。 / 2、如需退款请联系客服。
        "\u70b9\u51fb\u4e0b\u8f7d\u672c\u6587\u6863",
        "1\u3001\u4e0b\u8f7d\u524d\u8bf7\u786e\u8ba4\u6587\u6863\u5185\u5bb9\uff0c\u672c\u7ad9\u4e0d\u63d0\u4f9b\u7f16\u8f91\u670d\u52a1\u3002",
        "2\u3001\u5982\u9700\u9000\u6b3e\u8bf7\u8054\u7cfb\u5ba2\u670d\u3002",
    ]
    doc = convert_text("\n".join([NOTICE[0], *notice, *NOTICE[1:]]))
    gone = {r.text for r in doc.removals}
    assert set(notice) <= gone, set(notice) - gone
    assert not set(NOTICE) & gone


def test_a_numbered_list_after_a_site_line_stays_when_one_item_is_the_documents() -> None:
    """One item with no site's word of its own keeps the whole list: the document's."""
    items = [  # 1、下载报名表后请填写。 / 2、各单位于5月底前报送。
        "1\u3001\u4e0b\u8f7d\u62a5\u540d\u8868\u540e\u8bf7\u586b\u5199\u3002",
        "2\u3001\u5404\u5355\u4f4d\u4e8e5\u6708\u5e95\u524d\u62a5\u9001\u3002",
    ]
    doc = convert_text("\n".join([NOTICE[0], "\u70b9\u51fb\u4e0b\u8f7d\u672c\u6587\u6863", *items, *NOTICE[1:]]))
    assert not set(items) & {r.text for r in doc.removals}


def test_an_untitled_pages_first_line_goes_with_the_site_line_below_it() -> None:
    """No title was found, so the first line may be the title and is kept alone; a first
    line that scores as the site's with evidence goes when the line below it goes too."""
    widget = "\u9605\u8bfb\u8bbe\u7f6e\uff08\u5b57\u53f7 16 \u5168\u5c4f\uff09"  # 阅读设置（字号 16 全屏）
    close = "\u8bbe\u7f6e \u5173\u95ed"  # 设置 关闭
    body = "\n".join(NOTICE[2::2])
    doc = convert_text("\n".join([widget, close, body]))
    gone = {r.text for r in doc.removals}
    assert {widget, close} <= gone, gone
    assert not set(NOTICE[2::2]) & gone


def test_a_sentence_after_a_long_site_footer_is_the_sites_in_any_words() -> None:
    """After the text, six lines and more of the site's marks (feedback prompt, pager,
    related links, share row, newsletter) are its footer: a lone sentence after them is the
    site's, in words no lexicon holds; the text's own last sentences stay."""
    footer = [
        "Was this page helpful? Yes / No",
        "Previous page | Next page",
        "Related content",
        "Share: Facebook | X | LinkedIn | Email",
        "Sign up for our newsletter",
        "Download the app",
    ]
    caveat = "This note is a general guide and is no substitute for professional advice."
    doc = convert_text("\n".join([*ENGLISH[:4], *footer, caveat]) + "\n", name="guide.txt")
    body = " ".join(b.text for b in doc.blocks)
    assert caveat not in body
    for line in ENGLISH[1:4]:
        assert line in body


def test_a_blurb_that_quotes_the_whole_title_goes_before_the_text() -> None:
    """An editor's blurb under the title names the document by its whole title (以下是整理的
    <title>，供参考。): about the document, not of it, however full of function words."""
    blurb = (
        "\u4ee5\u4e0b\u662f\u6211\u4eec\u6574\u7406\u7684" + NOTICE[0] + "\uff0c\u4f9b\u5927\u5bb6\u53c2\u8003\u3002"
    )  # 以下是我们整理的…，供大家参考。
    doc = convert_text("\n".join([NOTICE[0], blurb, *NOTICE[1:]]))
    gone = {r.text for r in doc.removals}
    assert blurb in gone
    assert not set(NOTICE) & gone


@pytest.mark.parametrize(
    "line",
    [
        "Published in The Town Review \u00b7 6 min read \u00b7 March 3, 2024",  # a reading time
        "Written by Ann Lee on Mar 04, 2024",  # by … on a date
    ],
)
def test_a_posts_stamp_under_the_title_goes(line: str) -> None:
    doc = convert_text("\n".join([ENGLISH[0], line, *ENGLISH[1:4]]) + "\n", name="post.txt")
    assert line in {r.text for r in doc.removals}
    assert all(text in doc.body_text for text in ENGLISH[1:4])


def test_a_documents_own_authorship_under_the_title_stays() -> None:
    line = "Prepared by the Footpaths Team on 4 March 2024"
    doc = convert_text("\n".join([ENGLISH[0], line, *ENGLISH[1:4]]) + "\n", name="note.txt")
    assert line not in {r.text for r in doc.removals}


def test_the_other_rows_of_a_sites_metadata_table_go_with_its_row_in_the_sites_voice() -> None:
    """A portal's table under the title (索引号：… / 发文机关：本网 / 成文日期：…): the row
    naming the site goes for its word, and the rows beside it with it."""
    table = [
        "\u7d22\u5f15\u53f7\uff1a1234500000-00000001/2024",  # 索引号：…
        "\u53d1\u6587\u673a\u5173\uff1a\u672c\u7f51",  # 发文机关：本网
        "\u6210\u6587\u65e5\u671f\uff1a2024-05-06",  # 成文日期：2024-05-06
    ]
    doc = convert_text("\n".join([NOTICE[0], *table, *NOTICE[1:]]))
    gone = {r.text for r in doc.removals}
    assert set(table) <= gone, set(table) - gone
    assert not set(NOTICE) & gone


def test_a_memos_own_head_stays_beside_a_site_line() -> None:
    head = ["To: All staff", "From: The clerk", "Date: 5 March 2024"]
    doc = convert_text("\n".join([ENGLISH[0], "Share this page", *head, *ENGLISH[1:4]]) + "\n", name="memo.txt")
    assert not set(head) & {r.text for r in doc.removals}


def test_an_english_title_is_not_joined_to_the_byline_below_it() -> None:
    """One paragraph per line: a title in title case above a lower-case handle with a
    separator is the title, and neither line is glued to the other."""
    handle = "quiet_reader \u00b7 Follow"
    doc = convert_text("\n".join([ENGLISH[0], handle, *ENGLISH[1:4]]) + "\n", name="post.txt")
    assert doc.meta.title == ENGLISH[0]
    assert not any(ENGLISH[0] in b.text and handle in b.text for b in doc.blocks)


def test_a_posts_time_stamp_after_the_signature_ends_the_closing_block() -> None:
    """After the signature and its date, a date with a clock time (and a source) is the
    site's post stamp, not the document's; the tag line after it goes with it."""
    stamp = "2024-05-07 09:31  \u6765\u6e90\uff1a\u67d0\u67d0\u65b0\u95fb\u7f51"  # …来源：某某新闻网
    tags = "\u5173\u952e\u8bcd\uff1a\u9632\u6c5b \u6c34\u52a1 \u5e94\u6025"  # 关键词：防汛 水务 应急
    links = [TAIL[0], TAIL[1]]
    doc = convert_text("\n".join([*NOTICE, stamp, tags, *links]))
    gone = {r.text for r in doc.removals}
    assert {stamp, tags, *links} <= gone, gone
    assert not set(NOTICE) & gone


def test_a_latin_site_word_glued_to_chinese_is_a_word() -> None:
    """``某某新闻APP``: Chinese around a Latin word bounds it as a space would; ``approve``
    still holds no ``app``."""
    assert ("site", "app") in terms().hits("\u67d0\u67d0\u65b0\u95fbapp\uff1a\u6743\u5a01\u53d1\u5e03")
    assert not terms().hits("approve the plan")


def test_without_running_text_no_footer_is_swept() -> None:
    """A three-line page whose one sentence is short: no running text was found, so nothing
    has ended and a site's line above the sentence sweeps nothing after it."""
    text = "\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a\u7684\u8bb2\u8bdd\nVIP\u4e13\u514d\n\u540c\u5fd7\u4eec,\u4eca\u5929\u5f00\u4f1a\u3002\n"
    doc = convert_text(text, name="a.txt", options=Options(disabled_steps=frozenset({"furniture"})))
    assert "VIP\u4e13\u514d" in {r.text for r in doc.removals}  # the classifier's
    assert "\u540c\u5fd7\u4eec" in doc.body_text


def test_an_info_bar_with_a_clock_time_after_the_signature_ends_the_closing_block() -> None:
    """``来源：… 作者：… 2023年10月11日 13:02`` after the signature is the site's post info,
    not the document's closing; the signature and its date stay."""
    bar = "\u6765\u6e90\uff1a\u67d0\u67d0\u65e5\u62a5  \u4f5c\u8005\uff1a\u5f20\u534e  2024\u5e745\u67087\u65e5 13:02"
    doc = convert_text("\n".join([*NOTICE, bar, TAIL[0], TAIL[1]]))
    gone = {r.text for r in doc.removals}
    assert bar in gone, gone
    assert not set(NOTICE) & gone


def test_an_official_documents_last_page_fields_stay() -> None:
    """The 版记 of an official document: 主题词 and 抄送 lines whose values end in a document
    type (…通知) are its own fields, not links to other documents."""
    fields = [
        "\u4e3b\u9898\u8bcd\uff1a\u519c\u4e1a \u519c\u6751 \u901a\u77e5",  # 主题词：农业 农村 通知
        "\u6284\u9001\uff1a\u5e02\u59d4\u529e\u516c\u5ba4\uff0c\u5e02\u653f\u5e9c\u529e\u516c\u5ba4",  # 抄送：…
    ]
    doc = convert_text("\n".join([*NOTICE, *fields]))
    assert not (set(fields) | set(NOTICE)) & {r.text for r in doc.removals}


def test_a_title_bar_as_wide_as_a_wrapped_line_still_names_the_title() -> None:
    """A hard-wrapped page whose title bar (``Site | Title``) is as wide as its lines scores
    no title; the title standing alone a line or two below is the title all the same."""
    title = "Minutes of the Parish Council Meeting held on the Twelfth of March 2024"
    lines = [
        f"Paperhouse | {title}",
        "Documents > Policy > Meeting papers",
        title,
        "Councillors present agreed the minutes of the last meeting as a true record, and the",
        "chair signed them. The clerk reported that the new noticeboard had been installed on",
        "the green and that the grass cutting contract would be put out to tender in April.",
        "The meeting closed at nine o'clock.",
    ]
    doc = convert_text("\n".join(lines))
    assert doc.meta.title == title
    assert any(r.text == lines[0] and "title bar" in r.reason for r in doc.removals)


@pytest.mark.parametrize(
    "title, between",
    [
        ("Minutes of the Parish Council Meeting held on 12 March 2024", "Member-only story"),
        ("Policy Memo on Hybrid Working for Library Staff", "You have 3 free member-only stories left this month."),
    ],
)
def test_a_title_bar_with_the_sites_name_gives_way_to_the_title_below(title: str, between: str) -> None:
    """``Site - Title``, a site's line or sentence, then the title alone: the lone copy is the
    title and the bar goes as the page's title bar."""
    lines = [f"Quillpad - {title}", between, title, *ENGLISH[1:4]]
    doc = convert_text("\n".join(lines))
    assert doc.meta.title == title
    assert [b.text for b in doc.blocks if b.kind == "title"] == [title]
    assert any(r.text == lines[0] and "title bar" in r.reason for r in doc.removals)


WRAPPED_WITH_INSERTS = (
    "Guidance on Temporary Street Closures",
    "",
    "Residents who want to hold a street party must apply to the highways team at least",
    "six weeks before the date. The application asks for the names of two organisers, a",
    "plan of the closure and the times when the road will be closed to traffic.",
    "Organisers must make sure that the road is clear of litter at the end and arrange for",
    "5",
    "Get ad-free reading with Papertown Plus today",
    "You're viewing a sample. Unlock the full document (pages 2-3) with a free trial",
    "any waste to be collected, or take it to the recycling centre. If anything is damaged",
    "please tell us as soon as possible so that we can arrange a repair.",
    "Barriers must be staffed at all times, so that emergency vehicles can pass through",
    "without delay. A closure that blocks a bus route will not normally be approved.",
)


def test_site_lines_inside_a_sentence_go_and_the_sentence_is_whole_again() -> None:
    """Two site lines inserted at a page break between ``arrange for`` and ``any waste``:
    one short (no line of the text is short inside a sentence), one as wide as the text; both
    speak in a site's words, so both go."""
    doc = convert_text("\n".join(WRAPPED_WITH_INSERTS) + "\n", name="closures.txt")
    gone = set(removed_by_classify(doc))
    assert set(WRAPPED_WITH_INSERTS[7:9]) <= gone, gone
    body = " ".join(b.text for b in doc.blocks)
    assert "arrange for any waste to be collected" in body


def test_a_short_line_ending_a_paragraph_is_no_insert() -> None:
    """A paragraph's short last line (it ends a sentence), even with a figure of the site's
    kind (a percentage), between full lines of hard-wrapped Chinese stays: no sentence was cut."""

    def wrapped(text: str) -> list[str]:
        return [text[i : i + 30] for i in range(0, len(text), 30)]

    short = "\u7387\u8fbe\u5230100%\u3002"  # 率达到100%。
    second = NOTICE[6][:-1] + "\uff0c\u529b\u4e89\u529e\u7ed3" + short  # …，力争办结率达到100%。
    lines = [NOTICE[0], *wrapped(NOTICE[2] + NOTICE[4]), *wrapped(second), *wrapped(NOTICE[4])]
    assert short in lines  # (the paragraph's last line, after a full one ending in a Han character)
    doc = convert_text("\n".join(lines) + "\n")
    assert short not in set(removed_by_classify(doc))
    assert "\u529e\u7ed3\u7387\u8fbe\u5230100%" in " ".join(b.text for b in doc.blocks)


def test_a_sentence_right_after_an_ad_at_the_end_is_the_texts() -> None:
    """A document cut short after an ad at its last page break: its last sentence, with no
    word of a site's, stays; the site's lines after it go."""
    ad = (
        "\u542c\u96e8\u4f1a\u5458\uff1a\u6d77\u91cf\u6587\u6863\u4efb\u610f\u770b\uff0c\u6bcf\u6708\u53ea\u8981"
        + "8.00\u5143"
    )
    # 听雨会员：海量文档任意看，每月只要8.00元
    last = "\u201c\u4e09\u7acb\u201d\uff1a\u5373\u7acb\u76ee\u6807\u3002"  # “三立”：即立目标。
    stamp = "\u7f16\u8f91\u4e8e 2024-03-07 16:35"  # 编辑于 2024-03-07 16:35
    doc = convert_text("\n".join([*NOTICE[:7], ad, last, stamp]) + "\n")
    gone = set(removed_by_classify(doc))
    assert ad in gone and stamp in gone
    assert last not in gone


OWNED = (
    ENGLISH[0],
    ENGLISH[1] + " Overgrown hedges make paths hard to use for people with pushchairs or wheelchairs.",
    "Become a Readwell member for 3.00 a month",
    ENGLISH[2],
    ENGLISH[3] + " If the owner still does nothing, we may do the work ourselves and recover the cost.",
    "Landowners who do not act may be asked to pay.",
    "We will also check hedges next to schools and bus stops twice a year, in spring and in autumn, and write to "
    "owners where growth needs cutting back before the school term starts.",
    "Read more stories from Readwell writers you follow",
    "\u00a9 2024 Readwell Inc. | Terms | Privacy",
)


def test_the_owner_a_copyright_line_names_signs_the_sites_other_lines() -> None:
    """``© 2024 Readwell Inc.`` names the site: its lines naming Readwell go, the one between
    two paragraphs too; the paragraphs stay."""
    doc = convert_text("\n".join(OWNED) + "\n")
    gone = set(removed_by_classify(doc))
    assert {OWNED[2], OWNED[7]} <= gone, gone
    assert not set(OWNED[:2] + OWNED[3:7]) & gone


def test_an_owner_the_text_names_is_the_documents() -> None:
    """When a sentence of the text names the copyright's owner, the owner is the document's
    publisher: lines naming it are not taken for the site's on that evidence."""
    lines = list(OWNED)
    lines[5] = "Readwell Parish Council will write to landowners who do not act."
    lines[2] = "Readwell Parish Council hedge survey 2024"
    doc = convert_text("\n".join(lines) + "\n")
    assert lines[2] not in set(removed_by_classify(doc))


@pytest.mark.parametrize(
    "ad",
    [
        "\u5199\u4f5c\u52a9\u624b\uff0c\u8d85\u7ea7\u65b9\u4fbf\u7684\u5199\u4f5c\u795e\u5668\uff01 \u7acb\u5373\u4f53\u9a8c",
        # 写作助手，超级方便的写作神器！ 立即体验
        "Draft it faster with Penwise. Learn more >",
    ],
)
def test_a_line_ending_in_a_call_to_action_above_the_title_goes(ad: str) -> None:
    """A short line ending in a button's label after a space or an exclamation mark (立即体验,
    Learn more) is an ad, whatever it sells."""
    doc = convert_text("\n".join([ad, *NOTICE]) + "\n")
    assert ad in set(removed_by_classify(doc))
    assert doc.meta.title == NOTICE[0]


def test_a_sentence_asking_to_act_now_is_no_button() -> None:
    """``…请立即离开。`` ends a sentence; ``Download now`` has no space-separated phrase before it."""
    line = (
        "\u4f1a\u8bae\u7ed3\u675f\u540e\u8bf7\u7acb\u5373\u79bb\u5f00\u4f1a\u573a\u3002"  # 会议结束后请立即离开会场。
    )
    doc = convert_text("\n".join([*NOTICE[:5], line, *NOTICE[5:]]) + "\n")
    assert line not in set(removed_by_classify(doc))


def test_a_replys_stamp_after_the_text_is_no_signature() -> None:
    """``沙发  小林  发表于 2023-06-17 18:46`` right after a notice: a forum reply's stamp (a
    label of posting, a date and a clock time), not how the notice ends; a timed field of the
    document's (``报送截止时间：2024年4月10日 17:00``) stays."""
    stamp = "\u6c99\u53d1  \u5c0f\u6797  \u53d1\u8868\u4e8e 2023-06-17 18:46"  # 沙发  小林  发表于 2023-06-17 18:46
    field = (
        "\u62a5\u9001\u622a\u6b62\u65f6\u95f4\uff1a2024\u5e744\u670810\u65e5 17:00"  # 报送截止时间：2024年4月10日 17:00
    )
    doc = convert_text("\n".join([*NOTICE, stamp]) + "\n")
    assert stamp in set(removed_by_classify(doc))
    doc = convert_text("\n".join([*NOTICE, field]) + "\n")
    assert field not in set(removed_by_classify(doc))


@pytest.mark.parametrize("label", ["ADVERTISEMENT", "- Anzeige -", "\u3010\u5e7f\u544a\u3011"])  # 【广告】
def test_an_ad_label_alone_between_paragraphs_goes(label: str) -> None:
    """An ad's label on its own line between two paragraphs: the ad's place, the site's."""
    doc = convert_text("\n".join([*NOTICE[:5], label, *NOTICE[5:]]) + "\n")
    assert label not in [b.text for b in doc.blocks]
    assert [r for r in doc.removals if r.text == label]  # recorded, with its reason
    assert NOTICE[4] in [b.text for b in doc.blocks] and NOTICE[6] in [b.text for b in doc.blocks]


def test_an_ad_label_among_a_flattened_tables_cells_stays() -> None:
    """``广告`` between other short cells of a table set one cell per line is an expense's name."""
    cells = [
        "\u9879\u76ee",  # 项目
        "\u91d1\u989d\uff08\u4e07\u5143\uff09",  # 金额（万元）
        "\u5ba3\u4f20\u8d39",  # 宣传费
        "12.5",
        "\u5e7f\u544a",  # 广告
        "8.0",
        "\u4f1a\u8bae\u8d39",  # 会议费
        "3.2",
    ]
    doc = convert_text("\n".join([*NOTICE[:5], *cells, *NOTICE[5:]]) + "\n")
    assert "\u5e7f\u544a" in [b.text for b in doc.blocks]
