"""What a saved web page says about its document: title, author, date and language from its
``<meta>`` tags (``author``, ``dcterms.*``, ``dc.*``, ``article:*``, ``og:*``, ``citation_*``),
its JSON-LD (``<script type="application/ld+json">``: ``headline``/``name``, ``author`` as a
string, an object or a list, ``datePublished``/``dateCreated``, ``inLanguage``) and
``<html lang>``. JSON that does not parse is ignored quietly; nothing is fetched.

A generic page title (``首页``, ``Home``, the site's name alone) is no document title; an
author that is a web address or the site's own name is no author; a declared language is
used only when it names the language of the text (templates declare ``en`` on Chinese
pages), and for Chinese text it is only the hint that names the region (``zh-TW``), as the
pipeline tells the script by the characters.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from convert.core.language import guess_language
from convert.core.metadata import canonical_tag, placeholder_author
from convert.core.textutil import fold, iso_date

DATE_META = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "og:published_time",
)
AUTHOR_META = ("author", "dcterms.creator", "dc.creator", "citation_author", "article:author", "byl", "parsely-author")
TITLE_META = ("og:title", "dcterms.title", "dc.title", "citation_title")
LANGUAGE_META = ("dcterms.language", "dc.language", "content-language", "language")
# Page titles that name no document: 首页 主页 网站首页 首頁 無標題 无标题 无标题文档 欢迎访问
GENERIC_TITLES = frozenset(
    {
        "\u9996\u9875",
        "\u4e3b\u9875",
        "\u7f51\u7ad9\u9996\u9875",
        "\u9996\u9801",
        "\u7121\u6a19\u984c",
        "\u65e0\u6807\u9898",
        "\u65e0\u6807\u9898\u6587\u6863",
        "\u6b22\u8fce\u8bbf\u95ee",
        "home",
        "homepage",
        "home page",
        "index",
        "untitled",
        "untitled document",
        "welcome",
        "document",
    }
)
#: JSON-LD types that describe the site or a part of the page, never the document.
NOT_DOCUMENT = frozenset(
    {"website", "organization", "breadcrumblist", "person", "imageobject", "searchaction", "sitenavigationelement"}
)
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page declares about its document (``None``: nothing usable)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    hint: str | None = None  # the language the page declares, for Chinese text (Metadata.extra "lang")


def meta_tags(root: Any) -> dict[str, str]:
    """The page's ``<meta>`` values by lower-cased ``name``, ``property``, ``itemprop`` or
    ``http-equiv`` (the first of each)."""
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or meta.get("http-equiv") or "").strip()
        if key and meta.get("content"):
            metas.setdefault(key.lower(), meta.get("content", "").strip())
    return metas


def json_ld(root: Any) -> list[dict[str, Any]]:  # (before the text is extracted: it drops scripts)
    """The objects of the page's JSON-LD scripts (``@graph`` and lists flattened); a script
    that is not JSON is skipped."""
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = (script.text or "").strip()
        text = re.sub(r"^(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)$", "", text).strip()
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        found.extend(_objects(data))
    return found


def _objects(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)


def _types(obj: Mapping[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _string(value: object) -> str | None:
    """A JSON-LD value as one line of text: a string, or an object's ``name``."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())  # (entities escaped twice: Redacci&oacute;n)
    return text or None


def person_names(value: object) -> str | None:
    """A JSON-LD ``author``: a string, an object with a ``name``, or a list of them (joined
    with ``; ``); web addresses are no names."""
    items = value if isinstance(value, list) else [value]
    names = [n for n in (_string(item) for item in items) if n and not _address(n)]
    return "; ".join(dict.fromkeys(names)) or None


def _address(text: str) -> bool:
    return re.match(r"(?:https?:)?//|www\.", text.strip(), re.IGNORECASE) is not None


def generic_title(title: str, site_names: Sequence[str]) -> bool:
    """A page title that names no document: ``首页``, ``Home``, or the site's name alone."""
    key = fold(title)
    if not key or key in {fold(t) for t in GENERIC_TITLES}:
        return True
    return any(key == fold(name) for name in site_names if name.strip())


def title_site_name(raw_title: str, stripped: str | None) -> str | None:
    """The site's name a page's ``<title>`` ends in: what stripping the site-name suffix took
    off (``Budget Report | City News`` less ``Budget Report`` -> ``City News``), else ``None``."""
    whole = " ".join(raw_title.split())
    if not stripped or not whole.startswith(stripped) or len(whole) == len(stripped):
        return None
    rest = whole[len(stripped) :].strip().lstrip("-|_\u2013\u2014").strip()
    return rest or None


def agrees(declared: str, guessed: str) -> bool:
    """Whether a declared language tag names the language guessed from the text."""
    return declared.lower().replace("_", "-").split("-")[0] == guessed.lower().split("-")[0]


@dataclass(frozen=True, slots=True)
class Declared:
    """What the page's head declares, read before the text is extracted (which drops scripts):
    its ``<meta>`` values, its JSON-LD objects and ``<html lang>``."""

    metas: Mapping[str, str]
    objects: Sequence[Mapping[str, Any]]
    lang: str | None


def declared(root: Any) -> Declared:
    """:class:`Declared` of the parsed page ``root``."""
    html = root if root.tag == "html" else next(root.iter("html"), None)
    lang = (html.get("lang") or html.get("xml:lang")) if html is not None else None
    return Declared(metas=meta_tags(root), objects=json_ld(root), lang=lang)


def page_metadata(found: Declared, title: str | None, site_names: Sequence[str], text: str) -> PageMeta:
    """Title, author, date and language of the page's document.

    :param found: what the page's head declares.
    :param title: the ``<title>`` less the site's name (``None`` when empty).
    :param site_names: the site's names (``og:site_name``..., the site part of ``<title>``): a
        title or author that is one of them is not the document's.
    :param text: the document's text, to check a declared language against.
    """
    metas = found.metas
    objects = [o for o in found.objects if not _types(o) & NOT_DOCUMENT]
    ld_title = next((t for o in objects if (t := _string(o.get("headline") or o.get("name")))), None)
    candidates = [title, ld_title, *(metas.get(k) for k in TITLE_META)]
    found_title = next((t for t in candidates if t and not generic_title(t, site_names)), None)

    authors = [
        *(metas.get(k) for k in AUTHOR_META[:3]),
        next((a for o in objects if (a := person_names(o.get("author") or o.get("creator")))), None),
        *(metas.get(k) for k in AUTHOR_META[3:]),
    ]
    author = next(
        (
            re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
            for a in authors
            if a
            and (name := " ".join(html.unescape(a).split()))
            and not _address(name)
            and not placeholder_author(name)
            and not generic_title(name, site_names)
        ),
        None,
    )

    dates = [
        *(metas.get(k) for k in DATE_META[:7]),
        *(_string(o.get(k)) for o in objects for k in ("datePublished", "dateCreated")),
        *(metas.get(k) for k in DATE_META[7:]),
    ]
    date = next((d for v in dates if v and (d := iso_date(v))), None)

    declared = [
        *(_string(o.get("inLanguage")) for o in objects),
        *(metas.get(k) for k in LANGUAGE_META),
        found.lang,
    ]
    language = None
    tags = [canonical_tag(t) for t in declared if t and LANGUAGE_TAG.fullmatch(t.strip())]
    if tags and text.strip():
        guessed = guess_language(text)
        if not guessed.startswith("zh"):  # (Chinese: the pipeline names the script, the tag is a hint)
            language = next((t for t in tags if agrees(t, guessed)), None)
    hint = next((t for t in tags if t.startswith("zh")), tags[0] if tags else None)
    return PageMeta(title=found_title, author=author or None, date=date, language=language, hint=hint)
