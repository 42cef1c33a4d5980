"""The classify step on evidence that holds across sites (issue 11): where the document's
pages ended, inserts a site repeats, a site's info block under the title, and a site's
blurb after its lines took over the end of the page; each with the document's own lines
that look alike and must stay.
"""

from __future__ import annotations

from test_classifier import NOTICE

from convert.app.testing import convert_text
from convert.core.textutil import date_alone
from convert.steps._evidence import pager

ALLOTMENTS = (
    "Guidance on Allotment Tenancies",
    "1. Introduction",
    "The council lets around four hundred allotment plots on eleven sites across the district, and most of them "
    "are let for a year at a time.",
    "This guidance sets out what tenants can expect from us and what we expect from tenants during the growing season.",
    "1 / 2",
    "2. Keeping Your Plot",
    "Tenants must keep at least three quarters of their plot in cultivation and keep paths next to the plot clear.",
    "If a plot is not cultivated, we will write to the tenant and give them four weeks to bring it back into use.",
    "2 / 2",
)
AFTER_THE_PAGES = (
    "Every file on this portal was shared by a member who says they may share it. Owners can ask us to take it down.",
    "Also on the portal",
    "Allotment Waiting List Policy",
    "Community Garden Handbook",
)
LIBRARY = (
    "Annual Review of the Library Service",
    "1. Branches",
    "The library service opened two new branches this year and extended opening hours at five others, so that "
    "every resident now lives within two miles of a library.",
    "{insert}",
    "Visits rose by eleven per cent, and the number of children taking part in the summer reading challenge was "
    "the highest since the scheme began.",
    "2. Outreach",
    "The mobile library now visits forty villages every fortnight, and a new home delivery service reaches "
    "residents who cannot leave their homes.",
    "{insert}",
    "We will publish a full account of spending on the service in the autumn, together with our plans.",
)
SKIPS = (
    "Guidance on Skip Permits",
    "1. When You Need a Permit",
    "You need a permit to put a skip on a road or pavement. The skip company usually applies for the permit on "
    "your behalf and adds the cost to its charge.",
    "2. Conditions",
    "Skips must be lit at night, marked with reflective boards and moved within fourteen days. We may ask for a "
    "skip to be moved at short notice for roadworks.",
)
SITE_END = (
    "Related pages",
    "Guidance on Scaffolding Licences",
    "Pavement Cafe Licences 2024",
    "Share this page: Facebook  X  LinkedIn",
    "Sign up for our fortnightly email bulletin",
    "Get the council app for your phone",
    "This page is for general information and is not legal advice.",
)
SEARCH_BAR = "\u70ed\u95e8\u641c\u7d22\uff1a\u5de5\u4f5c\u603b\u7ed3 \u8ff0\u804c\u62a5\u544a \u5fc3\u5f97\u4f53\u4f1a"
# 热门搜索：工作总结 述职报告 心得体会
CRUMBS = "\u9996\u9875 > \u8303\u6587\u5927\u5168 > \u5de5\u4f5c\u8ba1\u5212"  # 首页 > 范文大全 > 工作计划
STATS = "12345\u9605 \u00b7 67\u85cf"  # 12345阅 · 67藏
AUTHOR = "\u738b \u798f"  # 王 福


def removed(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {r.text: r.reason for r in doc.removals}


def body(doc) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(b.text for b in doc.blocks)


def test_what_follows_the_number_that_closed_the_last_page_goes() -> None:
    doc = convert_text("\n".join(ALLOTMENTS + AFTER_THE_PAGES) + "\n", name="allotments.txt")
    gone = removed(doc)
    for line in AFTER_THE_PAGES:  # (two sentences, and a list without a word of a site's)
        assert "closed the last page ('2 / 2')" in gone[line], gone
    for line in ALLOTMENTS[2:4] + ALLOTMENTS[6:8]:
        assert line in body(doc)


def test_page_numbers_that_run_on_close_the_last_page_too() -> None:
    lines = "\n".join(ALLOTMENTS + AFTER_THE_PAGES).replace("1 / 2", "Page 1").replace("2 / 2", "Page 2")
    doc = convert_text(lines + "\n", name="allotments.txt")
    assert "closed the last page ('Page 2')" in removed(doc)[AFTER_THE_PAGES[0]]
    skipped = "\n".join(ALLOTMENTS + AFTER_THE_PAGES).replace("1 / 2", "Page 1").replace("2 / 2", "Page 3")
    doc = convert_text(skipped + "\n", name="allotments.txt")  # (1, 3: a page between lost its number)
    assert AFTER_THE_PAGES[0] in body(doc)


def test_page_numbers_at_the_pages_heads_close_nothing() -> None:
    heads = ("1 / 2", *ALLOTMENTS[:4], "2 / 2", *ALLOTMENTS[5:8], *AFTER_THE_PAGES)
    doc = convert_text("\n".join(heads) + "\n", name="allotments.txt")
    assert not [r for r in doc.removals if r.step == "classify"]
    assert AFTER_THE_PAGES[0] in body(doc) and ALLOTMENTS[7] in body(doc)


def test_a_signature_after_the_last_page_number_stays() -> None:
    signed = (*ALLOTMENTS, "Allotments Office", "3 March 2025", *AFTER_THE_PAGES[:1])
    doc = convert_text("\n".join(signed) + "\n", name="allotments.txt")
    assert "Allotments Office" in body(doc) and "3 March 2025" in body(doc)


def test_an_insert_the_site_repeats_between_paragraphs_goes() -> None:
    text = "\n".join(LIBRARY).replace("{insert}", "ADVERTISEMENT")
    doc = convert_text(text + "\n", name="library.txt")
    assert [r.text for r in doc.removals if r.step == "classify"] == ["ADVERTISEMENT", "ADVERTISEMENT"]
    assert all("repeats (2 times" in r.reason for r in doc.removals if r.step == "classify")
    assert "ADVERTISEMENT" not in body(doc)


def test_a_line_the_document_repeats_without_a_sites_word_stays() -> None:
    text = "\n".join(LIBRARY).replace("{insert}", "(Applause)")
    doc = convert_text(text + "\n", name="library.txt")
    assert body(doc).count("(Applause)") == 2


def test_a_count_bar_under_the_title_of_a_sites_page_goes_a_persons_name_stays() -> None:
    page = (SEARCH_BAR, CRUMBS, NOTICE[0], STATS, *NOTICE[1:])
    doc = convert_text("\n".join(page) + "\n", name="notice.txt")
    assert "info block" in removed(doc)[STATS]
    assert doc.meta.title == NOTICE[0] and NOTICE[1] in body(doc)
    authored = (SEARCH_BAR, CRUMBS, NOTICE[0], AUTHOR, *NOTICE[1:])
    doc = convert_text("\n".join(authored) + "\n", name="notice.txt")
    assert AUTHOR in body(doc)


def test_a_labelled_reference_under_the_title_stays() -> None:
    contract = "\u5408\u540c\u7f16\u53f7\uff1aHT-2024-0318"  # 合同编号：HT-2024-0318
    doc = convert_text("\n".join((SEARCH_BAR, CRUMBS, NOTICE[0], contract, *NOTICE[1:])) + "\n", name="notice.txt")
    assert contract in body(doc)


def test_without_a_sites_hand_the_count_bar_stays_with_a_warning() -> None:
    doc = convert_text("\n".join((NOTICE[0], STATS, *NOTICE[1:])) + "\n", name="notice.txt")
    assert STATS in body(doc)


def test_a_disclaimer_after_the_sites_lines_took_over_goes() -> None:
    doc = convert_text("\n".join(SKIPS + SITE_END) + "\n", name="skips.txt")
    assert SITE_END[-1].rstrip(".") not in body(doc)
    assert all(line in body(doc) for line in SKIPS[2::2])


def test_the_documents_closing_sentence_after_its_own_list_stays() -> None:
    own = (
        "Bring these with you when you apply at the counter:",
        "proof of address",
        "the skip company's name",
        "the address where the skip will stand",
        "a bank card for the fee",
        "We aim to issue every permit within two working days.",
    )
    doc = convert_text("\n".join(SKIPS + own) + "\n", name="skips.txt")
    assert all(line in body(doc) for line in own)


def test_pagination_bars_with_buttons_and_labels() -> None:
    assert pager("[1] [2] [3] \u4e0b\u4e00\u9875")  # [1] [2] [3] 下一页
    assert pager("\u30101\u3011\u30102\u3011 \u4e0b\u4e00\u9875")  # 【1】【2】 下一页
    assert pager("Pages: 1 2 3") and pager("Contents of this guide: 1 2")
    assert not pager("Table 3: 1 2")  # a label with a number: a caption's
    assert not pager("Votes: 12 13")  # numbers that are not pages from the first
    assert not pager("Items in the first box, the second box and the third box of them all: 1 2")


def test_a_date_with_its_weekday_is_a_date() -> None:
    assert date_alone("Tuesday, January 13, 2009")
    assert date_alone("2024\u5e743\u67081\u65e5 \u661f\u671f\u4e94")  # 2024年3月1日 星期五
    assert not date_alone("Sunday school")
    assert not date_alone("2024\u5e743\u67081\u65e5 \u5468\u672b")  # 2024年3月1日 周末


def test_a_link_to_a_model_essay_or_briefing_material_after_the_text_goes() -> None:
    link = "\u4e0a\u4e00\u7bc7\uff1a\u5e74\u5ea6\u5b89\u5168\u751f\u4ea7\u5de5\u4f5c\u6c47\u62a5\u6750\u6599"
    # 上一篇：年度安全生产工作汇报材料 (材料, 范文, 发言稿: the document types such sites sell)
    doc = convert_text("\n".join((*NOTICE, link)) + "\n", name="notice.txt")
    assert "link to another document" in removed(doc)[link]
    assert NOTICE[-1] in body(doc)
