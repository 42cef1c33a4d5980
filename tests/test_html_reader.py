"""The HTML reader: document text found by density, furniture recorded, titles, nesting."""

from __future__ import annotations

from convert.core.contracts import Options, Source

TITLE = "\u5173\u4e8e\u52a0\u5f3a\u5de5\u4f5c\u7684\u5b9e\u65bd\u610f\u89c1"  # 关于加强工作的实施意见
LINE = "\u5404\u5730\u533a\u5404\u90e8\u95e8\u8981\u8ba4\u771f\u8d2f\u5f7b\u843d\u5b9e\u90e8\u7f72\u8981\u6c42"
SITE = "\u6587\u5e93\u7f51"  # 文库网


def read_html(text: str):  # type: ignore[no-untyped-def]
    from convert.readers.html import HtmlReader

    return HtmlReader().read(Source(name="x.html", data=text.encode("utf-8")), Options())


def site_page(pages: int = 2) -> str:
    """A saved page with made-up class names: menu, crumbs, pages, ads, related, footer."""
    body = []
    for n in range(1, pages + 1):
        lines = [TITLE] if n == 1 else []
        lines += [f"{LINE}{i}\u3002" for i in range(12)]
        body.append('<section class="q7">' + "<br>\n".join(lines) + "<br>\n</section>")
        body.append(f'<div class="z1">\u7b2c{n}\u9875</div>')
        body.append(
            '<div class="z2"><a href="/vip">\u5f00\u901aVIP\u514d\u8d39\u4e0b\u8f7d\u672c\u6587\u6863</a></div>'
        )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{TITLE} - {SITE}</title><meta name="author" content="\u529e\u516c\u5ba4">
<script>document.write("\u811a\u672c\u6587\u5b57")</script><style>.a{{color:red}}</style></head>
<body><div class="m1"><a href="/">{SITE}</a><a href="/a">\u9996\u9875</a><a href="/b">\u5206\u7c7b</a></div>
<div class="m2">\u5f53\u524d\u4f4d\u7f6e\uff1a<a href="/">\u9996\u9875</a> &gt; <a href="#">{TITLE}</a></div>
<div class="m3"><div class="m4"><div class="m5"><h1>{TITLE}</h1><span>\u4e0a\u4f20\u65f6\u95f4\uff1a2021-06-01</span>
<span>\u6d4f\u89c8\uff1a99\u6b21</span></div><div class="m6">{"".join(body)}</div></div>
<div class="m7"><h3>\u76f8\u5173\u6587\u6863</h3><ul><li><a href="/1">\u67d0\u67d0\u5de5\u4f5c\u603b\u7ed3\u8303\u6587</a></li>
<li><a href="/2">\u53e6\u4e00\u7bc7\u8bb2\u8bdd\u7a3f\u5168\u6587</a></li></ul></div></div>
<div class="m8"><p>Copyright \u00a9 2024 {SITE}</p><p>\u4eacICP\u590712345678\u53f7</p></div></body></html>"""


def test_text_found_and_furniture_recorded() -> None:
    doc = read_html(site_page())
    texts = [line.text for line in doc.lines]
    assert texts[0] == TITLE and doc.lines[0].heading == 1
    assert texts.count(TITLE) == 1
    assert sum(1 for t in texts if t.startswith(LINE)) == 24
    joined = "\n".join(texts)
    for leak in (
        SITE,
        "\u9996\u9875",
        "\u76f8\u5173\u6587\u6863",
        "ICP",
        "VIP",
        "\u7b2c1\u9875",
        "\u811a\u672c",
        "color",
    ):
        assert leak not in joined, leak
    kinds = {r.kind for r in doc.removals}
    assert {"ad", "page-number"} <= kinds
    assert all(r.step == "html-reader" for r in doc.removals)
    removed = "\n".join(r.text for r in doc.removals)
    assert "ICP" in removed and "\u76f8\u5173\u6587\u6863" in removed


def test_metadata_without_site_name() -> None:
    doc = read_html(site_page())
    assert doc.meta.title == TITLE
    assert doc.meta.date == "2021-06-01"
    assert doc.meta.author == "\u529e\u516c\u5ba4"


def test_paragraphs_and_headings_from_tags() -> None:
    para = "This is a paragraph of the document with enough words to count as text. " * 2
    page = (
        "<html><head><title>Annual Report | Example Site</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/x'>Docs</a></nav><article><h1>Annual Report</h1>"
        f"<h2>1. Scope</h2><p>{para}</p><p>{para}<br>second line</p><h3>1.1 Detail</h3><p>{para}</p></article>"
        "<footer>Copyright 2024 Example</footer></body></html>"
    )
    doc = read_html(page)
    assert doc.meta.title == "Annual Report"
    heads = [(line.heading, line.text) for line in doc.lines if line.heading]
    assert heads == [(1, "Annual Report"), (2, "1. Scope"), (3, "1.1 Detail")]
    paras = [line for line in doc.lines if not line.heading]
    assert [line.blank_before for line in paras] == [True, True, False, True]
    assert "Home" not in "\n".join(line.text for line in doc.lines)


def test_cjk_source_newlines_add_no_spaces() -> None:
    page = f"<html><body><div><p>{LINE}\n{LINE}\u3002{LINE}\n{LINE}\u3002</p></div></body></html>"
    doc = read_html(page)
    assert " " not in doc.lines[0].text


def test_deep_nesting_does_not_crash() -> None:
    text = f"{LINE}\u3002" * 4
    page = "<html><head><title>Deep</title></head><body>" + "<div>" * 10000 + f"<p>{text}</p>" + "</div>" * 10000
    doc = read_html(page + "</body></html>")
    assert any(text in line.text for line in doc.lines)


def test_gbk_page_with_meta_charset() -> None:
    from convert.readers.html import HtmlReader

    page = f'<html><head><meta charset="gbk"><title>{TITLE}</title></head><body><p>{LINE * 3}\u3002</p></body></html>'
    doc = HtmlReader().read(Source(name="x.html", data=page.encode("gbk")), Options())
    assert doc.lines[-1].text.startswith(LINE)


def test_pipeline_output_has_no_furniture(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    doc = convert_bytes(site_page(3), name="page.html")
    body = doc.body_text
    assert TITLE in body and "ICP" not in body and "VIP" not in body


def test_a_short_last_page_after_a_paywall_banner_is_read() -> None:
    """A page viewer splits the document into twin containers; the last page is short and a
    banner and an ad stand between: every page is text, the banner and the ad are not."""
    first = "<br>\n".join(f"{LINE}{i}\u3002" for i in range(20))
    last = "<br>\n".join(f"{LINE}{i}\u3002" for i in range(20, 23))
    page = f"""<html><body><div class="top"><a href="/">{SITE}</a></div>
<div class="main"><h1>{TITLE}</h1>
<div class="pg" data-page="1"><p>{first}</p></div>
<div class="b1">P1/2</div><div class="b2">\u5df2\u770b\u5b8c68%</div>
<div class="pg" data-page="2"><p>{last}</p></div>
<div class="rel"><a href="/x">\u67d0\u67d0\u5de5\u4f5c\u603b\u7ed3\u8303\u6587</a></div></div></body></html>"""
    doc = read_html(page)
    text = "\n".join(line.text for line in doc.lines)
    assert f"{LINE}22\u3002" in text and f"{LINE}0\u3002" in text
    assert "\u5df2\u770b\u5b8c68%" not in text and "P1/2" not in text


def test_site_name_after_doubled_separators_is_stripped() -> None:
    from convert.readers.html.extract import strip_site_name

    assert strip_site_name(f"{TITLE}\u2014\u2014{SITE}", []) == TITLE
    assert strip_site_name(f"{TITLE}--{SITE}", []) == TITLE
    assert strip_site_name("COVID-19 guidance", []) == "COVID-19 guidance"


def test_a_first_printed_line_holding_a_full_stop_is_the_text_not_an_info_block() -> None:
    """A page that prints each line in its own element: the first line has a year and no
    comma, but a finished sentence in it (``…收官之年。县人大常委会工``) makes it text."""
    first = (  # 2020年是全面建成小康社会的收官之年。县人大常委会工
        "2020\u5e74\u662f\u5168\u9762\u5efa\u6210\u5c0f\u5eb7\u793e\u4f1a\u7684\u6536\u5b98\u4e4b\u5e74"
        "\u3002\u53bf\u4eba\u5927\u5e38\u59d4\u4f1a\u5de5"
    )
    rows = [first] + [f"{LINE}{i}" for i in range(12)]
    sheet = "\n".join(f'<div class="ln">{row}</div>' for row in rows)
    page = f"""<html><body><div class="main"><h1>{TITLE}</h1>
<div class="view"><div class="sheet" data-page="1">{sheet}</div></div></div></body></html>"""
    doc = read_html(page)
    assert doc.lines[0].text == first, [line.text for line in doc.lines[:3]]
    assert not any(r.kind == "info" for r in doc.removals)


def test_a_numbered_last_page_with_one_short_line_is_read() -> None:
    """Page containers numbered like the first (``data-page="2"``) are pages however short
    the last one is."""
    first = "<br>\n".join(f"{LINE}{i}\u3002" for i in range(20))
    page = f"""<html><body><div class="main"><h1>{TITLE}</h1>
<div class="pg" data-page="1"><p>{first}</p></div>
<div class="ad">\u4f1a\u5458\u4e13\u4eab</div>
<div class="pg" data-page="2"><p>\u201c\u4e09\u7acb\u201d\uff1a\u5373\u7acb\u76ee\u6807\u3002</p></div>
</div></body></html>"""
    doc = read_html(page)
    assert doc.lines[-1].text == "\u201c\u4e09\u7acb\u201d\uff1a\u5373\u7acb\u76ee\u6807\u3002"


def test_a_header_menus_items_are_no_site_names_and_a_numbered_heading_repeating_one_stays() -> None:
    """The header above the title holds the site's name and its menu; the menu's items
    (``工作计划`` among 首页/讲话稿/述职报告) are no name, and the report's own heading
    ``三、2023年工作计划`` is never taken for a repeat of one."""
    from convert.app.testing import convert_text

    plan = "\u5de5\u4f5c\u8ba1\u5212"  # 工作计划
    menu = "".join(
        f'<li><a href="/c/{n}">{item}</a></li>'
        for n, item in enumerate(
            ["\u9996\u9875", plan, "\u8bb2\u8bdd\u7a3f", "\u8ff0\u804c\u62a5\u544a"]  # 首页 讲话稿 述职报告
        )
    )
    heading = "\u4e09\u30012023\u5e74" + plan  # 三、2023年工作计划
    paras = "".join(f"<p>{LINE}{i}\u3002</p>" for i in range(8))
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div class="top"><div class="logo">{SITE}\uff08www.example.com\uff09</div><ul class="nav">{menu}</ul></div>
<div class="main"><h1>{TITLE}</h1>{paras}<p><strong>{heading}</strong></p>{paras}</div></body></html>"""
    assert plan not in read_html(page).layout.site_names
    doc = convert_text(page, name="plan.html")
    assert heading in [b.text for b in doc.blocks]


NEWS_TEXT = " ".join(
    f"Paragraph {n} of the report goes on about the council's budget for the coming year, line by line."
    for n in range(3)
)
LEAD = "The council has agreed its budget for the coming year after a long debate about libraries and parks."


def news_page(lead: str = LEAD, between: str = '<div class="byline">By Ann Lee, 4 March</div>') -> str:
    """A news article: title and lead in one block, a byline and a share bar, then the text."""
    paragraphs = "".join(f"<p>{NEWS_TEXT}</p>" for _ in range(4))
    return f"""<html><head><title>Budget agreed - The Gazette</title></head><body>
<nav><a href="/">Home</a><a href="/n">News</a><a href="/s">Sport</a></nav>
<main><article><div class="intro"><p>{lead}</p></div>{between}
<div class="share-tools"><a href="#">Share</a></div>
<div class="body-copy">{paragraphs}
<div class="user-comments"><p>Great report, thanks for writing it up so clearly and so quickly, really.</p></div>
<div class="newsletter-box"><p>Sign up to our daily briefing and never miss a council story again, free.</p></div></div>
</article></main><footer><p>Copyright The Gazette</p></footer></body></html>"""


def test_an_articles_lead_beside_its_text_is_read_with_it() -> None:
    """The lead above the text (with a byline and a share bar between) joins it as its own
    paragraph. Inside the text, a box whose class surely names a site's part (a newsletter
    sign-up) goes, recorded; one whose class may name the document's own part too (a
    planning report's ``consultee-comments``, a signature's ``author``) stays unless it is
    mostly links."""
    doc = read_html(news_page())
    texts = [line.text for line in doc.lines]
    lead = texts.index(LEAD)
    assert lead < texts.index(NEWS_TEXT)
    assert doc.lines[lead + 1].blank_before
    assert not any("Sign up" in t for t in texts)
    assert any(r.kind == "furniture" and "newsletter" in r.reason for r in doc.removals)
    assert any("Great report" in t for t in texts)  # (user-comments with no links: kept)
    assert not any("Ann Lee" in t for t in texts)  # a byline is no prose: left outside


def test_a_summary_box_or_an_editors_note_is_no_lead() -> None:
    """A box repeating the text's start stays out; a one-line note shorter than a lead joins
    no text as its lead (a short line above the text is not dropped either: a review found
    that rule taking section headings and FAQ questions)."""
    summary = NEWS_TEXT[:120] + "\u2026"
    doc = read_html(news_page(lead=summary))
    assert sum(summary[:60] in line.text for line in doc.lines) == 4  # the text's own paragraphs only
    note = "This story was first published on our blog."
    doc = read_html(news_page(lead=note))
    assert not any(line.text.startswith(note + " ") for line in doc.lines)


def test_class_names_are_read_as_compounds_whose_last_word_says_what_the_thing_is() -> None:
    """``article-comments`` are comments, ``comment-body`` is text; in BEM names the element
    counts; a post's taxonomy classes (``tag-barbados``) and words inside words are no names."""
    import lxml.html

    from convert.readers.html.extract import named_furniture

    def el(cls: str):  # type: ignore[no-untyped-def]
        return lxml.html.fragment_fromstring(f'<div class="{cls}">x</div>')

    assert named_furniture(el("entry-content")) is None
    assert named_furniture(el("article-comments")) == "comments"
    assert named_furniture(el("comment-body")) is None
    assert named_furniture(el("related-posts")) == "related"  # (posts, articles, stories: what is related)
    assert named_furniture(el("jp-relatedposts")) == "relatedposts"
    assert named_furniture(el("article-header-full__author")) == "author"
    assert named_furniture(el("comments-area")) == "comments"
    assert named_furniture(el("shareBar")) == "share"
    assert named_furniture(el("tag-barbados category-sports")) is None
    assert named_furniture(el("heading loads metadata")) is None
    assert named_furniture(el("entry themeform share")) is None  # a name for the text wins
    assert named_furniture(el("share-bar")) == "share"  # (bar, box, block, list… say how, not what)
    assert named_furniture(el("consent-conditions")) is None  # the last word says what it is
    assert named_furniture(el("ad-hoc-committee")) is None
    assert named_furniture(el("heritage-overlay"), loose=False) is None  # a loose name only
    assert named_furniture(el("site-content__layout--has-sidebar has-right-sidebar")) is None  # a layout's state
    assert named_furniture(el("sd-block sd-social sd-social-icon-text")) == "social"  # (a part's own text: no
    # name for the document's, where entry-content is)
    assert named_furniture(el("comment-body")) is None


def test_xhtml_with_an_xml_declaration_is_read() -> None:
    page = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>T</title></head><body><div><p>"
        + "Gr\u00fc\u00dfe aus der Stadt, wo die Feuerwehr ausbildet und pr\u00fcft. " * 4
        + "</p></div></body></html>"
    )
    from convert.readers.html import HtmlReader

    doc = HtmlReader().read(Source(name="x.xhtml", data=page.encode("iso-8859-1")), Options())
    assert doc.lines[0].text.startswith("Gr\u00fc\u00dfe aus der Stadt")


def test_a_page_whose_text_is_only_in_noscript_or_an_aside_is_read_with_a_warning() -> None:
    text = "Der Vorverkauf beginnt am Montag, Karten gibt es online und an der Kasse. " * 3
    for wrapper in ("noscript", "aside"):
        doc = read_html(f"<html><head><title>T</title></head><body><{wrapper}><p>{text}</p></{wrapper}></body></html>")
        assert doc.lines[0].text == text.strip()
        assert any("<noscript>" in w for w in doc.warnings)


def test_comments_do_not_draw_the_text_block_up_to_their_container() -> None:
    """An article's comments are prose, but named as comments they add no text: the body
    does not climb to the container holding both (whose comment stats would then leak)."""
    comments = "".join(
        f'<div class="comment-item"><p>Reader {n}: I baked this on Sunday and it came out well, thanks.</p></div>'
        for n in range(40)
    )  # (more of them than of the text: named, they still add nothing)
    page = f"""<html><head><title>Budget agreed</title></head><body><main class="site-main">
<div class="body-copy">{"".join(f"<p>{NEWS_TEXT}</p>" for _ in range(3))}</div>
<section class="comments-area"><h3>40 Kommentare</h3>{comments}</section></main></body></html>"""
    doc = read_html(page)
    texts = [line.text for line in doc.lines]
    assert texts.count(NEWS_TEXT) == 3
    assert not any("Reader" in t or "Kommentare" in t for t in texts)


def test_a_heading_linking_to_another_page_is_a_teaser_one_linking_inside_is_a_heading() -> None:
    teaser = "Five other budgets you should read about"
    page = f"""<html><head><title>Budget agreed</title></head><body><div class="body-copy">
<h2><a href="#part-1">Part one: the budget</a></h2>{"".join(f"<p>{NEWS_TEXT}</p>" for _ in range(3))}
<h3><a href="/news/other-budgets">{teaser}</a></h3></div></body></html>"""
    doc = read_html(page)
    texts = [line.text for line in doc.lines]
    assert "Part one: the budget" in texts
    assert teaser not in texts
    assert any(r.text == teaser for r in doc.removals)


def test_a_viewers_numbered_pages_are_the_text_without_what_stands_between_them() -> None:
    """A document viewer's pages (data-page 1, 2, 3), each shorter than the site's long
    disclaimer: together they are the document; an ad between two pages is not read."""
    ad = "\u95ee\u9898\u6ca1\u89e3\u51b3\uff1f\u5411\u4e07\u540d\u7b54\u4e3b\u63d0\u95ee"  # 问题没解决？向万名答主提问
    pages = "".join(
        f'<div class="pg" data-page="{n}"><p>{LINE}{n}\u3002</p><p>{LINE}{n}{n}\u3002</p></div>'
        + (f'<div class="x9">{ad}</div>' if n == 1 else "")
        for n in (1, 2, 3)
    )
    disclaimer = (
        "\u514d\u8d23\u58f0\u660e\uff1a" + "\u672c\u7ad9\u6587\u6863\u5747\u7531\u7528\u6237\u4e0a\u4f20\u3002" * 8
    )
    page = f"""<html><head><title>{TITLE}</title></head><body><div class="w"><h1>{TITLE}</h1>
<div class="viewer">{pages}</div><div class="m"><p>{disclaimer}</p></div></div></body></html>"""
    doc = read_html(page)
    texts = [line.text for line in doc.lines]
    assert [t for t in texts if t.startswith(LINE)] == [f"{LINE}{n}{m}\u3002" for n in (1, 2, 3) for m in ("", n)]
    assert ad not in texts and not any(t.startswith("\u514d\u8d23") for t in texts)


def test_numbered_ad_slots_inside_an_article_are_no_pages() -> None:
    slots = "".join(f'<div id="ad-slot-{n}">Advertisement</div>' for n in (1, 2))
    page = f"""<html><head><title>Budget agreed</title></head><body><div class="body-copy">
<p>{NEWS_TEXT}</p>{slots}<p>{NEWS_TEXT} And more.</p></div></body></html>"""
    texts = [line.text for line in read_html(page).lines]
    assert NEWS_TEXT in texts and f"{NEWS_TEXT} And more." in texts


def test_a_notices_closing_block_and_head_beside_its_text_are_read_with_it() -> None:
    """The signature, date, (此件公开发布) and the 附件 links after the text's block, and the
    document number in a block above the title, are the document's."""
    number = "\u957f\u653f\u53d1\u30142024\u301521\u53f7"  # 长政发〔2024〕21号
    office = "\u957f\u5b81\u5e02\u4eba\u6c11\u653f\u5e9c"  # 长宁市人民政府
    date = "2024\u5e748\u670812\u65e5"
    note = "\uff08\u6b64\u4ef6\u516c\u5f00\u53d1\u5e03\uff09"  # （此件公开发布）
    attachment = "1.\u540d\u5f55.xlsx"
    body = "".join(f"<p>{LINE}{i}\u3002</p>" for i in range(6))
    page = f"""<html><head><title>{TITLE}</title></head><body><div class="main">
<div class="doc-head"><div class="doc-meta"><p>{number}</p></div><h1>{TITLE}</h1></div>
<div class="doc-body">{body}</div><div class="author"><p>{office}</p><p>{date}</p></div><p>{note}</p>
<div class="related-files"><p>\u9644\u4ef6\uff1a</p><a href="/f/1.xlsx">{attachment}</a></div>
<div class="share">\u5206\u4eab\u5230\uff1a<a href="#">\u5fae\u4fe1</a></div></div></body></html>"""
    texts = [line.text for line in read_html(page).lines]
    for want in (number, office, date, note, attachment):
        assert want in texts, want
    assert not any("\u5206\u4eab" in t for t in texts)


def test_a_utf8_page_with_a_stray_byte_stays_utf8_and_says_so() -> None:
    """One bad byte in a UTF-8 page (its meta says UTF-8): read as UTF-8 with that byte
    replaced and a warning, not as a Windows code page garbling every accented letter; a
    Latin-1 page with no meta and no UTF-8 in it is not taken for UTF-8."""
    from convert.readers.html import HtmlReader

    body = "Die Sch\u00e4fer z\u00fcchten hier \u00fcber hundert Rassen, sagt M\u00fcller. " * 3
    page = f'<html><head><meta charset="utf-8"><title>T</title></head><body><div><p>{body}</p></div></body></html>'
    data = page.encode("utf-8").replace(b"hier", b"hi\xe9r", 1)
    doc = HtmlReader().read(Source(name="x.html", data=data), Options())
    assert "Sch\u00e4fer" in doc.lines[0].text and "\ufffd" in doc.lines[0].text
    assert any("stray byte" in w for w in doc.warnings)
    latin = page.replace('<meta charset="utf-8">', "").encode("latin-1")
    doc = HtmlReader().read(Source(name="x.html", data=latin), Options())
    assert "Sch\u00e4fer" in doc.lines[0].text and not any("stray byte" in w for w in doc.warnings)


def test_ruby_text_is_reduced_to_its_base() -> None:
    """Japanese ruby: the reading over a word (<rt>) and its fallback brackets (<rp>) are not
    read into the text (漢字, not 漢(かん)字(じ))."""
    ruby = "<ruby>\u6f22<rp>(</rp><rt>\u304b\u3093</rt><rp>)</rp>\u5b57<rt>\u3058</rt></ruby>"
    text = "\u306e\u8aad\u307f\u65b9\u3092\u5b66\u3076\u3002" * 6
    doc = read_html(f"<html><head><title>T</title></head><body><div><p>{ruby}{text}</p></div></body></html>")
    assert doc.lines[0].text == "\u6f22\u5b57" + text


SECTION_TEXT = (
    "The spring programme opens on 6 April with a gentle walk around the reservoir, led by Pat, and "
    "walkers meet at the car park at ten o'clock with a packed lunch and waterproofs.",
    "In May the club climbs the ridge above the village for the first time in three years, a walk of "
    "eleven miles that needs good boots, a map and a head for heights on the last stretch.",
    "The summer walks are shorter and start in the evening, so that members who work can join them "
    "before the light goes, and each one ends at a village pub with a room for the club.",
)


def sectioned_page() -> str:
    """An article split into sections, each in its own stack of wrappers, the middle one
    longest (the densest block), beside a sidebar of links."""
    sections = "".join(
        f'<section class="block"><div class="row"><div class="col"><div class="text">'
        f"<p>{text}</p>{'<p>' + text + '</p>' if i == 1 else ''}</div></div></div></section>"
        for i, text in enumerate(SECTION_TEXT)
    )
    links = "".join(f'<li><a href="/w{i}">Walk number {i} in the archive</a></li>' for i in range(8))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Spring walks - Club</title></head>
<body><div class="page"><div class="main"><h1>Spring walks</h1>{sections}</div>
<div class="side"><ul>{links}</ul></div></div></body></html>"""


def test_an_article_split_into_wrapped_sections_is_read_whole() -> None:
    """Issue 12: the densest section's wrappers hold nothing else, so the climb to the article
    starts above them (one section was read, its siblings dropped as header and footer)."""
    doc = read_html(sectioned_page())
    text = " ".join(line.text for line in doc.lines)
    for part in SECTION_TEXT:
        assert part in text, [r.text[:40] for r in doc.removals]
    assert "Walk number 3 in the archive" not in text


def article_page(head: str = "", tail: str = "") -> str:
    """A news page whose ``<article>`` holds a head (a heading other than the page's title,
    a byline, a date, a lead in its own block) apart from the text, which wins the score
    alone; ``head`` and ``tail`` go before and after the text inside the article."""
    paragraphs = "".join(f"<p>{NEWS_TEXT}</p>" for _ in range(6))
    links = "".join(f'<li><a href="/n{i}">Another council story number {i}</a></li>' for i in range(6))
    return f"""<html><head><title>Budget agreed - The Gazette</title></head><body>
<nav><a href="/">Home</a><a href="/n">News</a><a href="/s">Sport</a></nav>
<main><article><header class="story-head"><h1>Libraries and parks keep their money</h1><div class="meta-line">
<span>By Ann Lee</span></div><div class="when">4 March 2024, 10:15</div>
<div class="standfirst"><p>{LEAD}</p></div>{head}</header>
<div class="story-wrap"><div class="story-copy">{paragraphs}</div></div>{tail}
<div class="comments-area"><h3>Leave a reply</h3><p>Your email address will not be published.</p></div>
</article><div class="more"><ul>{links}</ul></div></main></body></html>"""


def test_an_articles_head_inside_its_article_element_is_read_with_its_text() -> None:
    """The ``<article>`` around the densest block is the document: its lead, set apart in the
    article's head, is read before the text; beside the text, blocks whose class names a
    site's part, even without links (a comment form), are recorded as furniture; links
    beside the article stay out."""
    doc = read_html(article_page())
    texts = [line.text for line in doc.lines]
    assert texts.index(LEAD) < texts.index(NEWS_TEXT)
    for furniture in ("Leave a reply", "Your email address", "Another council"):
        assert not any(furniture in t for t in texts), furniture
    assert any("Your email" in r.text and "comment" in r.reason for r in doc.removals)


def test_a_summary_beside_the_text_in_its_article_stays_out() -> None:
    """In the article's head, a box that repeats the text's start is a summary, not a lead."""
    summary = NEWS_TEXT[:150] + "\u2026"
    doc = read_html(article_page(head=f'<div class="box"><p>{summary}</p></div>'))
    assert sum(summary[:60] in line.text for line in doc.lines) == 6  # the text's own paragraphs only
    assert any("summary repeating" in r.reason for r in doc.removals)


def test_a_teaser_card_whose_title_and_blurb_are_one_link_is_link_text() -> None:
    """HTML lets a link hold blocks: a related story's card (``<a href><div><h3>title</h3>
    <p>blurb</p></div></a>``) is link text like a list of links, and goes as one; a long
    ``<a>`` around blocks (an unclosed link of a broken page) does not make its text links."""
    cards = "".join(
        f'<div class="card"><a href="/story{i}"><div class="card-body"><h3>Another story number {i} about the '
        f"town</h3><p>A short blurb about the story that the card links to, number {i}.</p></div></a></div>"
        for i in range(3)
    )
    doc = read_html(article_page(tail=f"<section><h2>Read more</h2>{cards}</section>"))
    texts = [line.text for line in doc.lines]
    assert not any("Another story" in t or "short blurb" in t or t == "Read more" for t in texts)
    assert any("Another story number 1" in r.text and r.kind == "ad" for r in doc.removals)
    paragraphs = "".join(f"<p>{NEWS_TEXT}</p>" for _ in range(4))
    broken = (
        f'<html><body><div class="menu"><a href="/">Home</a></div><a href="/x"><div>{paragraphs}</div></body></html>'
    )
    assert sum(NEWS_TEXT in line.text for line in read_html(broken).lines) == 4


def lead_page(lead_class: str, teasers: str = "") -> str:
    """A page (no ``<article>``) whose head holds a heading, a lead whose class is
    ``lead_class`` and a long row of tool links after it, apart from the text below."""
    paragraphs = "".join(f"<p>{NEWS_TEXT}</p>" for _ in range(4))
    tools = " ".join(f'<a href="/t{i}">Tool link number {i}</a>' for i in range(6))
    return f"""<html><head><title>Budget agreed - The Gazette</title></head><body>
<div class="page"><div class="top">{teasers}<div class="head"><h2>Libraries and parks keep their money</h2>
<p class="{lead_class}">{LEAD}</p><div class="tools">{tools}</div></div></div>
<div class="main"><div class="wrap"><div class="copy">{paragraphs}</div></div></div></div></body></html>"""


def test_a_block_named_as_the_articles_lead_is_read_before_its_text() -> None:
    """A lead set apart above the text (``p.article-intro``, ``div.teaser-text``, ``p.lead``),
    past a row of links that ends the run of prose before the text, is read before the text;
    the same paragraph with a class that names no lead stays out, and so does a teaser's
    blurb beside a heading that links to another page."""
    for name in ("article-intro", "teaser-text", "lead"):
        texts = [line.text for line in read_html(lead_page(name)).lines]
        assert LEAD in texts and texts.index(LEAD) < texts.index(NEWS_TEXT), name
    assert LEAD not in [line.text for line in read_html(lead_page("note")).lines]
    blurb = "Another story tells how the town hall will be painted in the summer, at last."
    teaser = f'<div class="teaser"><h3><a href="/paint">Paint</a></h3><p class="teaser-text">{blurb}</p></div>'
    assert blurb not in [line.text for line in read_html(lead_page("lead", teaser)).lines]


def test_an_embedded_widget_is_no_text() -> None:
    """A block whose class names an embed (a social post's or a video's placeholder) is a
    third party's, not the text: dropped and recorded."""
    embed = '<div class="social-embed"><h3>Recommended editorial content</h3><p>Click to load the post.</p></div>'
    doc = read_html(article_page(tail=f"<div class='story-more'>{embed}<p>{LEAD} Again.</p></div>"))
    texts = " ".join(line.text for line in doc.lines)
    assert "Recommended editorial content" not in texts and "Click to load" not in texts
    assert any("embed" in r.reason for r in doc.removals)


def test_two_leads_keep_their_order_and_a_headline_linking_to_itself_hides_neither() -> None:
    """Two blocks named as leads are read in the page's order; the article's own ``<h1>``
    linking to its own address (a blog's permalink) makes them no teaser."""
    first = "First lead paragraph, which is said before the second one in the page."
    second = "Second lead paragraph, which the page prints after the first one."
    text = "The council approved the harbour budget after a long debate about dredging costs. " * 3
    for headline in ("Harbour budget", '<a href="https://example.org/2024/harbour-budget/">Harbour budget</a>'):
        page = f"""<html><body><div class="post"><h1>{headline}</h1>
<p class="lead">{first}</p><p class="intro">{second}</p>
<div class="content">{f"<p>{text}</p>" * 6}</div></div></body></html>"""
        texts = [line.text for line in read_html(page).lines]
        assert texts.index(first) < texts.index(second) < texts.index(text.strip()), headline
