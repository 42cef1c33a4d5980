"""Site chrome recognised by its shape (the ``chrome`` step and the title step's header
evidence), on lines written for these tests in the shapes sites use, never copied from the
evaluation sets. A document's own short lines (document numbers, addressees, signatures,
dates, salutations, memo heads, table rows inside the text) must survive."""

from __future__ import annotations

import pytest

from convert.app.testing import convert_text
from convert.steps._evidence import chrome_evidence, metadata_table

COLON, COMMA, FULL_STOP = "\uff1a", "\uff0c", "\u3002"
BODY = [
    "\u6839\u636e\u5de5\u4f5c\u5b89\u6392"
    + COMMA
    + "\u73b0\u5c31\u6709\u5173\u4e8b\u9879\u901a\u77e5\u5982\u4e0b" * 3
    + FULL_STOP,
    "\u5404\u5355\u4f4d\u8981\u9ad8\u5ea6\u91cd\u89c6"
    + COMMA
    + "\u8ba4\u771f\u7ec4\u7ec7\u5b9e\u65bd\u5de5\u4f5c\u843d\u5b9e" * 3
    + FULL_STOP,
    "\u52a0\u5f3a\u7763\u5bfc\u68c0\u67e5"
    + COMMA
    + "\u786e\u4fdd\u5404\u9879\u4efb\u52a1\u6309\u671f\u5b8c\u6210" * 3
    + FULL_STOP,
]


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        ("\u9996\u9875 > \u653f\u52a1\u516c\u5f00 > \u901a\u77e5\u516c\u544a > \u6b63\u6587", "link list"),
        ("Home | Council | Documents | Contact us", "link list"),
        (
            "\u60a8\u7684\u4f4d\u7f6e"
            + COLON
            + "\u8303\u6587\u5927\u5168 \u00bb \u5de5\u4f5c\u62a5\u544a \u00bb \u6b63\u6587",
            "link list",
        ),
        (
            "\u53d1\u5e03\u4eba"
            + COLON
            + "\u7ba1\u7406\u5458 \u70b9\u51fb"
            + COLON
            + "1024 \u65e5\u671f"
            + COLON
            + "2023-05-06",
            "info bar",
        ),
        ("\u5f20\u4e09 2022-11-02 09:15", "time stamp"),
        ("Posted 2021-03-05", "time stamp"),
        ("\u65b0\u95fb \u4f53\u80b2 \u8d22\u7ecf \u79d1\u6280 \u6559\u80b2", "navigation words"),
        ("#\u5de5\u4f5c\u603b\u7ed3#\u5e74\u5ea6\u62a5\u544a", "tag list"),
        ("=================", "decorative rule"),
        ("x7 ;k Q2 ]p %3 a_ 9# @w !v", "anti-scraping noise"),
        ("; G) X3 q. q/ q", "anti-scraping noise"),  # short, but of every kind of character
        ("\u3014\u7b2c1\u5f20\u3015", "page marker"),  # 〔第1张〕: a slide
        (
            "\u9996\u9875 \u4e0a\u4e00\u9875 1 2 \u4e0b\u4e00\u9875 \u5c3e\u9875",
            "pagination bar",
        ),  # 首页 上一页 1 2 下一页 尾页
        ("\u7b2c1\u9875 \u51712\u9875 \u4e0b\u4e00\u9875", "pagination bar"),  # 第1页 共2页 下一页
        ("\u00ab Prev 1 2 3 ... 10 Next \u00bb", "pagination bar"),
        ("Home > Community and living > Policies and plans", "link list"),  # a breadcrumb path
        ("Council tax  Planning  Parking  Libraries  Council and democracy", "navigation words"),
        ("www.example-docs.cn", "web address"),
        ("\u00b72\u00b7", "page marker"),
        ("\u30145\u3015", "page marker"),
        ("- 7 -", "page marker"),
        ("Page 2 of 9", "page marker"),
        ("P1", "page marker"),
        ("Page 12", "page marker"),
        ("\u3010\u6536\u85cf\u3011\u3010\u5206\u4eab\u3011", "widget buttons"),
        ("\u67d0\u67d0\u6587\u5e93 www.docs-example.cn", "site address"),
        ("\u2014\u2014 \u767b\u5f55\u540e\u67e5\u770b\u5168\u6587 \u2014\u2014", "banner"),
        ("Home  World  Business  Opinion  Sport", "navigation words"),
        ("Tips to the desk: news@paper-example.org", "e-mail line"),
        ("Local | Crime | Sport | Obituaries | Announcements | E-edition", "link list"),  # one longer word
        ("Explore ~ Shelves ~ Members ~ Share a file ~ Help", "link list"),
        ("Photo by A. Writer on Picturebank.", "image credit"),
        ("Images courtesy of the county museum", "image credit"),
        ("\u56fe\u7247\u6765\u6e90" + COLON + "\u7f51\u7edc", "image credit"),  # 图片来源：网络
        ("\u6444\u5f71" + COLON + "\u674e\u660e", "image credit"),  # 摄影：李明
        ("\u56fe/\u672c\u62a5\u8bb0\u8005 \u5f20\u534e", "image credit"),  # 图/本报记者 张华
        ("Is this page useful? Yes | No", "feedback prompt"),
        (
            "\u4e0a\u4e00\u7bc7" + COLON + "\u5173\u4e8e\u505a\u597d\u9632\u6c5b\u5de5\u4f5c\u7684\u901a\u77e5  "
            "\u4e0b\u4e00\u7bc7" + COLON + "\u5e74\u5ea6\u5de5\u4f5c\u603b\u7ed3",
            "previous and next links",
        ),  # 上一篇：关于做好防汛工作的通知  下一篇：年度工作总结
        ("Previous story: Parking charges rise  Next story: Library reopens", "previous and next links"),
        (
            "\u65f6\u95f4"
            + COLON
            + "2024\u5e743\u67085\u65e5 \u4f9b\u7a3f\u5355\u4f4d"
            + COLON
            + "\u5e02\u5e94\u6025\u7ba1\u7406\u5c40",
            "info bar",
        ),
        # 时间：2024年3月5日 供稿单位：市应急管理局 (a date, and a page's publishing label)
        (
            "\u65f6\u95f4"
            + COLON
            + "2024-03-05 \u64b0\u7a3f"
            + COLON
            + "\u5f20\u4f1f \u6444\u5f71"
            + COLON
            + "\u674e\u5a1c",
            "info bar",
        ),
        # 时间：2024-03-05 撰稿：张伟 摄影：李娜
        ("Did you find this article helpful?", "feedback prompt"),
        ("\u672c\u6587\u5bf9\u4f60\u6709\u5e2e\u52a9\u5417\uff1f", "feedback prompt"),  # 本文对你有帮助吗？
    ],
)
def test_chrome_shapes(line: str, shape: str) -> None:
    assert chrome_evidence(line) == shape


@pytest.mark.parametrize(
    "line",
    [
        "\u53a6\u5e9c\u529e\u30142008\u301575\u53f7",  # a document number
        "\u5404\u533a\u4eba\u6c11\u653f\u5e9c" + COLON,  # addressees
        "\u540c\u5fd7\u4eec" + COLON,  # salutation
        "\u4e8c\u3007\u3007\u516b\u5e74\u56db\u6708\u5341\u4e00\u65e5",  # signature date
        "2024\u5e744\u67086\u65e5",  # a date alone
        "\u62ab\u9732\u65e5\u671f" + COLON + "2012\u5e743\u670827\u65e5",  # a field of the document's own
        "\u4e00\u3001\u603b\u4f53\u8981\u6c42",  # a heading
        "To: All staff",
        "To: All staff. From: The clerk. Subject: Parking.",  # a memo head on one line
        "Minutes of the meeting held on 5 March 2024",
        "\u5168\u5e02\u5e72\u90e8\u5927\u4f1a\u8bb2\u8bdd 8 [; o H! @9 B! f& ?#",  # text with noise around it
        "\u2014\u20142024\u5e743\u67085\u65e5\u5728\u5168\u5e02\u5de5\u4f5c\u4f1a\u8bae\u4e0a",  # a dateline
        "12",  # a bare number may be a table cell
        "(3)",
        "Notices . . . . . . . . . . . . . . . vii",  # a contents line with a dot leader
        "THEN ( 9999 || '-' || MONTH ( DATE_OF_BIRTH ) || '-' ||",  # code
        "x = a + b ; y = c * d - 2",  # a formula
        "Next steps 1 2",  # words that turn no page
        "\u6708\u4efd 1 2 3 4 5 6",  # 月份 1 2 3 4 5 6: a table's header row
        "a) b) c) d) e)",  # list marks
        "3.2.1 \u672f\u8bed\u548c\u5b9a\u4e49",  # a numbered heading
        "Version 1.2.3",
        "2024.03.05",
        "Paris, 2024-03-05",  # a letter's dateline
        "Opening hours 9:00 - 17:00",
        "John 3:16 and Romans 8:28",
        "\u2026\u2026",  # an ellipsis line
        "* * *",  # a scene break
        "Step 3 of 5",
        "Table 3 of 5",
        "A | B",
        "Aged 5 ~ 10",
        "Parks | Bins and recycling collections in the northern districts | Roads | Schools | Libraries",
        "If x > y > z then the ordering holds for all values in the given set.",
        "North     120     130     140",  # a table row of figures
        "[1] [2] [3] [4] [5] [6] [7] [8] [9] [10] [11] [12] [13] [14] [15] [16] [17] [18] [19] [20] and others",
        "\u56fe1 \u5de5\u4f5c\u6d41\u7a0b\u56fe",  # 图1 工作流程图: a figure's caption
        "Figure 2: Rainfall by month",
        "Picture this: a town with no cars.",
        "Imagination is the start of every plan.",
        "Photo: the minister at the opening. She said the site would reopen in May.",  # two sentences
        "Tuesday, January 13, 2009",  # an English document's own date line
        "\u672c\u5468\u4e943\u67088\u65e5\u53ec\u5f00\u4f1a\u8bae",  # 本周五3月8日召开会议: a heading
        "Was the pilot useful? Most residents said it was.",  # a question the text answers
        "Was the pilot useful?",
        "Are school league tables still useful?",  # a title that asks
        "Was the course useful for your role?  Yes / No",  # an evaluation form's question
        "Yes / No",
        "\u5c42\u5c42\u52a0\u7801\u7684\u7763\u67e5\u68c0\u67e5\u771f\u7684\u6709\u7528\u5417\uff1f",  # 层层加码的督查检查真的有用吗？
        "\u8bfe\u540e\u4f5c\u4e1a\u8f85\u5bfc\u5bf9\u5b69\u5b50\u6709\u5e2e\u52a9\u5417\uff1f \u6709\u7528 \u6ca1\u7528",  # 课后作业辅导对孩子有帮助吗？ 有用 没用
    ],
)
def test_a_documents_own_lines_have_no_chrome_shape(line: str) -> None:
    assert chrome_evidence(line) is None


def test_table_rows_inside_the_text_are_kept() -> None:
    """Four short words between spaces are a navigation row outside the text, but inside it
    they may be a table's header row."""
    row = "\u5e8f\u53f7 \u59d3\u540d \u5355\u4f4d \u804c\u52a1"
    assert chrome_evidence(row) == "navigation words"
    assert chrome_evidence(row, where="text") is None
    doc = convert_text("\u5de5\u4f5c\u901a\u77e5\n" + "\n".join([BODY[0], row, BODY[1], BODY[2]]) + "\n")
    assert row in doc.body_text


def test_metadata_tables_are_runs_of_bulleted_or_empty_rows() -> None:
    table = [
        "\u2022 \u7d22\u5f15\u53f7" + COLON,
        "1234/2024-0001",
        "\u2022 \u53d1\u6587\u673a\u6784" + COLON,
        "\u53bf\u653f\u5e9c\u529e\u516c\u5ba4",
        "\u2022 \u53d1\u5e03\u65e5\u671f" + COLON + "2024-04-06",
        "\u7b2c\u4e00\u7ae0 \u603b\u5219",
    ]
    assert metadata_table(table) == [0, 1, 2, 3, 4]  # the chapter heading after it is not a value
    memo = ["To: All staff", "From: The clerk", "Date: 5 March 2024", "Subject: Parking"]
    assert metadata_table(memo) == []


def test_the_chrome_step_removes_shapes_around_the_text_and_keeps_the_document() -> None:
    nav = "\u9996\u9875 | \u653f\u52a1 | \u516c\u544a | \u4e0b\u8f7d"
    stamp = "\u6765\u6e90" + COLON + "\u672c\u7ad9 \u4f5c\u8005" + COLON + "\u5c0f\u7f16 2023-05-06"
    title = "\u5173\u4e8e\u505a\u597d\u5e74\u5ea6\u5de5\u4f5c\u7684\u901a\u77e5"
    number = "\u67d0\u529e\u30142024\u30153\u53f7"
    addressees = "\u5404\u79d1\u5ba4" + COLON
    signature, date = "\u67d0\u67d0\u529e\u516c\u5ba4", "2024\u5e744\u67086\u65e5"
    tags = "#\u5de5\u4f5c\u901a\u77e5#\u516c\u6587"
    text = "\n".join([nav, title, stamp, number, addressees, *BODY, signature, date, tags, nav]) + "\n"
    doc = convert_text(text)
    removed = {r.text: r.reason for r in doc.removals}
    assert set(removed) == {nav, stamp, tags}, removed
    for kept in (number, addressees, signature, date, *BODY):
        assert kept in doc.body_text
    assert doc.meta.title == title


def test_a_bare_address_is_kept_inside_the_text() -> None:
    assert chrome_evidence("https://example.org/annual-report.pdf", where="text") is None


@pytest.mark.parametrize("line", ["1" * 1_000_000, "a|" * 500_000, "www." + "a." * 400_000, "x:y " * 200_000])
def test_huge_lines_are_decided_at_once(line: str) -> None:
    assert chrome_evidence(line) is None
    assert chrome_evidence(line, where="text") is None


@pytest.mark.parametrize(
    "line",
    [
        "Name | Office | City",  # a table in pipes
        "cat data.csv | sort | uniq",
        "Choose File > Export > PDF",
        "\u8054\u7cfb\u4eba" + COLON + "\u738b\u4e94  \u7535\u8bdd" + COLON + "010-88886666",  # a contact line
        "news@paper-example.org",
    ],
)
def test_shapes_that_may_be_the_documents_own_count_only_where_chrome_stands(line: str) -> None:
    assert chrome_evidence(line, where="text") is None
    if COLON in line or "@" in line:  # contact lines and addresses close notices
        assert chrome_evidence(line, where="tail") is None


def test_widget_shapes_are_decided_in_linear_time() -> None:
    import time

    start = time.perf_counter()
    assert chrome_evidence("[a] " * 100 + "x") is None
    assert time.perf_counter() - start < 0.5


def test_after_the_sites_footer_begins_the_document_does_not_resume() -> None:
    """Short lines after a link list that follows the end of the text (related titles,
    previous/next) belong to the site's footer; the signature and date before it stay."""
    signature, date = "\u67d0\u67d0\u529e\u516c\u5ba4", "2024\u5e744\u67086\u65e5"
    nav = "\u9996\u9875 | \u653f\u52a1 | \u516c\u544a | \u4e0b\u8f7d"
    related = ["\u5e74\u5ea6\u5de5\u4f5c\u8ba1\u5212\u8303\u6587", "\u5b89\u5168\u751f\u4ea7\u5b9e\u65bd\u65b9\u6848"]
    long_line = "\u8865\u5145\u8bf4\u660e" * 20  # 80 characters: kept
    title = "\u5173\u4e8e\u505a\u597d\u5e74\u5ea6\u5de5\u4f5c\u7684\u901a\u77e5"
    doc = convert_text("\n".join([title, *BODY, signature, date, nav, *related, long_line]) + "\n")
    removed = {r.text for r in doc.removals}
    assert removed == {nav, *related}
    for kept in (signature, date, long_line):
        assert kept in doc.body_text


def test_a_date_with_its_weekday_above_the_title_is_the_pages_date_bar() -> None:
    """Above the title, a date with its Chinese weekday is the page's date bar; under it, the
    document's own (minutes, a diary): not a chrome shape, only the title step's evidence."""
    from convert.steps._evidence import date_bar

    bar = "\u6c11\u56fd92\u5e744\u67088\u65e5\u661f\u671f\u4e8c"  # 民国92年4月8日星期二
    assert date_bar(bar) and date_bar("2003\u5e744\u67088\u65e5 \u661f\u671f\u4e8c")
    assert chrome_evidence(bar) is None
    assert not date_bar("\u672c\u5468\u4e943\u67088\u65e5\u53ec\u5f00\u4f1a\u8bae")  # 本周五3月8日召开会议
    doc = convert_text("\n".join([bar, "\u5173\u4e8e\u505a\u597d\u5de5\u4f5c\u7684\u901a\u77e5", *BODY]) + "\n")
    assert bar in {r.text for r in doc.removals}
    assert all(line in doc.body_text for line in BODY)


def test_a_sites_name_and_slogan_above_the_title_is_its_header() -> None:
    """``某某书屋 - 公文人的资料库`` above the title: a name and a slogan across a separator,
    short and without digits, whose name the site signs again (its copyright line), is the
    site's header; an office's head (…人民政府 | …) stays."""
    masthead = "\u67d0\u67d0\u4e66\u5c4b - \u516c\u6587\u4eba\u7684\u8d44\u6599\u5e93"  # 某某书屋 - 公文人的资料库
    title = "\u5173\u4e8e\u505a\u597d\u5de5\u4f5c\u7684\u901a\u77e5"  # 关于做好工作的通知
    footer = "Copyright \u00a9 2024 \u67d0\u67d0\u4e66\u5c4b \u7248\u6743\u6240\u6709"  # …某某书屋 版权所有
    doc = convert_text("\n".join([masthead, title, *BODY, footer]) + "\n")
    assert masthead in {r.text for r in doc.removals}
    assert doc.meta.title == title
    # a name that signs nothing else the site left is a column label or a topic: kept
    doc = convert_text("\n".join([masthead, title, *BODY]) + "\n")
    assert masthead not in {r.text for r in doc.removals}
    office = "\u67d0\u67d0\u5e02\u4eba\u6c11\u653f\u5e9c | \u6587\u4ef6"  # 某某市人民政府 | 文件
    doc = convert_text("\n".join([office, title, *BODY]) + "\n")
    assert office not in {r.text for r in doc.removals}


def test_a_pagination_bar_marks_a_page_break() -> None:
    """A multi-page article's pager stands where a page ends: a site's line beside it is
    beside a page break (and goes with its evidence), the text around it stays."""
    pager = "\u4e0a\u4e00\u9875 1 2 \u4e0b\u4e00\u9875"  # 上一页 1 2 下一页
    ad = "\u626b\u7801\u4e0b\u8f7d\u67d0\u67d0\u65b0\u95fbAPP"  # 扫码下载某某新闻APP
    title = "\u5173\u4e8e\u505a\u597d\u5de5\u4f5c\u7684\u901a\u77e5"  # 关于做好工作的通知
    doc = convert_text("\n".join([title, BODY[0], BODY[1], ad, pager, BODY[2], BODY[0] + BODY[1]]) + "\n")
    gone = {r.text for r in doc.removals}
    assert {ad, pager} <= gone, gone
    assert not set(BODY) & gone
    assert 5 in doc.layout.page_breaks  # the pager's line


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("\u5173\u952e\u8bcd\uff1a\u9632\u6c5b  \u6c34\u52a1  \u5e94\u6025", True),  # 关键词：防汛  水务  应急
        (
            "\u672c\u6587\u6807\u7b7e\uff1a\u5b9e\u65bd\u65b9\u6848 \u5e74\u5ea6\u8ba1\u5212",
            True,
        ),  # 本文标签：实施方案 年度计划
        ("Filed under: Community \u00b7 Volunteering", True),
        ("Tags: budget, housing", True),
        (
            "\u6284\u9001\uff1a\u5e02\u59d4\u529e\u516c\u5ba4\uff0c\u5e02\u653f\u5e9c\u529e\u516c\u5ba4",
            False,
        ),  # 抄送：…
        ("\u4e3b\u9898\u8bcd\uff1a\u519c\u4e1a \u519c\u6751 \u901a\u77e5", False),  # 主题词：农业 农村 通知
        ("Present: Jane Smith, Tom Brown", False),
        ("Venue: Council Chamber, Town Hall", False),
        ("Keywords: machine learning, creativity", False),  # a paper's own
        ("Related documents: Housing Strategy, Tenancy Policy", False),  # a policy's own
        ("More on: Parking  Street works", True),
        ("Similar cases: Smith v Jones, Brown v Green", False),  # a guidance note's own
        ("\u5206\u7c7b\uff1a\u5f20\u4e09 \u674e\u56db", False),  # 分类：张三 李四 (people's names)
    ],
)
def test_a_tag_list_after_the_text(line: str, tags: bool) -> None:
    from convert.steps._evidence import tag_line

    assert tag_line(line) is tags
    title = "\u5173\u4e8e\u505a\u597d\u5de5\u4f5c\u7684\u901a\u77e5"  # 关于做好工作的通知
    end = "\u7279\u6b64\u901a\u77e5\u3002"  # 特此通知。: the text's short last line
    doc = convert_text("\n".join([title, *BODY, end, line]) + "\n")
    if tags:
        assert line in {r.text for r in doc.removals}
    else:  # (other rules may know the line: only this one is tested)
        assert not any(r.text == line and "tag list" in r.reason for r in doc.removals)


@pytest.mark.parametrize(
    "line",
    [
        "\u7532\u65b9" + COLON + "\u9752\u79be\u516c\u53f8  \u4e59\u65b9" + COLON + "\u738b\u7ea2",
        # 甲方：青禾公司  乙方：王红 (a contract's parties: labels alike in one character)
        "\u672c\u671f\u91d1\u989d" + COLON + "1,234  \u4e0a\u671f\u91d1\u989d" + COLON + "1,100",
        # 本期金额：1,234  上期金额：1,100 (figures, not titles)
        "\u4f1a\u8bae\u65f6\u95f4" + COLON + "3\u67085\u65e5  \u4f1a\u8bae\u5730\u70b9" + COLON + "\u4e09\u697c",
        # 会议时间：3月5日  会议地点：三楼
        "Previous: Parking charges  Next: Library reopens",  # (no label word shared: the lexicon's business)
        "\u4e0a\u6b21\u4f1a\u8bae"
        + COLON
        + "2024\u5e742\u670820\u65e5  \u4e0b\u6b21\u4f1a\u8bae"
        + COLON
        + "2024\u5e743\u670819\u65e5",  # 上次会议：2024年2月20日  下次会议：2024年3月19日 (a meeting's dates)
        "\u672c\u6b21\u4f1a\u8bae"
        + COLON
        + "\u8ba8\u8bba\u8bfe\u540e\u670d\u52a1  \u4e0b\u6b21\u4f1a\u8bae"
        + COLON
        + "\u603b\u7ed3\u8fd0\u52a8\u4f1a",  # 本次会议：讨论课后服务  下次会议：总结运动会
        "Previous meeting: 3 February 2025   Next meeting: 7 April 2025",
        "Landlord signature: Arun Patel   Tenant signature: Jane Lee",
        "\u4e0a\u4e00\u4efb"
        + COLON
        + "\u5f20\u4f1f \u4e0b\u4e00\u4efb"
        + COLON
        + "\u674e\u5a1c",  # 上一任：张伟 下一任：李娜
        "\u4e0a\u4e00\u6b21\u4f1a\u8bae"
        + COLON
        + "\u5ba1\u8bae\u9884\u7b97 \u4e0b\u4e00\u6b21\u4f1a\u8bae"
        + COLON
        + "\u7814\u7a76\u4eba\u4e8b",  # 上一次会议：审议预算 下一次会议：研究人事
        "Previous meeting: Budget review  Next meeting: Playground repairs",
        "\u7532\u65b9\u4ee3\u8868" + COLON + "\u738b\u5efa\u56fd    \u4e59\u65b9\u4ee3\u8868" + COLON + "\u674e\u660e",
        # 甲方代表：王建国    乙方代表：李明
    ],
)
def test_fields_of_the_documents_are_no_previous_and_next_links(line: str) -> None:
    from convert.core.textutil import nfkc
    from convert.steps._evidence import sibling_links

    assert not sibling_links(nfkc(line))


def test_a_tables_header_row_is_no_menu() -> None:
    """A row of short words over rows of figures with as many items is a table's header."""
    from convert.steps._evidence import chrome_shape, tabled_rows

    texts = [
        "\u533a\u57df \u9884\u7b97\u6570 \u5b8c\u6210\u6570 \u589e\u51cf\u989d",  # 区域 预算数 完成数 增减额
        "\u4e1c\u57ce\u533a 98.5 101.2 3.4",
        "\u897f\u57ce\u533a 87.2 88.9 2.1",
    ]
    shapes = [chrome_shape(t) for t in texts]
    assert shapes[0] == "navigation words"
    assert 0 in tabled_rows(texts, shapes)
    assert 0 not in tabled_rows([texts[0], "\u66f4\u591a\u5185\u5bb9"], [shapes[0], None])  # a menu alone
