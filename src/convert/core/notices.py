"""Visible notices: what a reader of an output must know about its source.

A truncated preview (``meta.truncated``), a damaged source (``meta.damaged``) and what the
cleaner was unsure about (``doc.warnings``) would otherwise be told only in metadata or on
stderr; the writers show each as a short styled notice (DOCX: a shaded paragraph in the
*Notice* style; EPUB: a ``<div class="docconv-notice">``; Markdown: a ``> **Note:**``
blockquote after a ``<!-- docconv:notice KIND -->`` comment, which docconv's Markdown reader
recognises and does not read as body text). The truncation notice stands at the end, where
the source stops; the others at the top. Their language follows the document: Chinese
(Simplified or Traditional) for Chinese documents, English otherwise. ``--no-notices``
(``Options.notices``) leaves them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .language import is_traditional_tag
from .model import Document
from .textutil import han_ratio

NoticeKind = Literal["truncated", "damaged", "warning"]
#: What starts the warnings that the truncation notice stands for.
TRUNCATION_WARNING = "truncated preview:"
#: The Markdown comment before a notice: ``<!-- docconv:notice KIND -->``.
MARKDOWN_MARK = re.compile(r"^ {0,3}<!--\s*docconv:notice\s+(truncated|damaged|warning)\s*-->\s*$")

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "label": "Note:",
        "pages": "The source ends here: about {present} of {pages} pages are present (a truncated preview).",
        "truncated": "The source ends here: it is a truncated preview and the rest of the document is missing.",
        "damaged": "The source file was damaged: some text may be missing or garbled.",
        "warning": "docconv was unsure while cleaning: ",
        "pages_top": "This is a truncated preview: about {present} of {pages} pages are present.",
        "truncated_top": "This is a truncated preview: the rest of the document is missing.",
    },
    # 注意： / 原文到此结束：此为节选预览，原文共 M 页，这里约有 N 页。/ ...
    "zh": {
        "label": "\u6ce8\u610f\uff1a",
        "pages": "\u539f\u6587\u5230\u6b64\u7ed3\u675f\uff1a\u6b64\u4e3a\u8282\u9009\u9884\u89c8\uff0c"
        "\u539f\u6587\u5171 {pages} \u9875\uff0c\u8fd9\u91cc\u7ea6\u6709 {present} \u9875\u3002",
        "truncated": "\u539f\u6587\u5230\u6b64\u7ed3\u675f\uff1a\u6b64\u4e3a\u8282\u9009\u9884\u89c8\uff0c"
        "\u5176\u4f59\u90e8\u5206\u7f3a\u5931\u3002",
        "damaged": "\u6e90\u6587\u4ef6\u5df2\u635f\u574f\uff1a\u90e8\u5206\u6587\u5b57\u53ef\u80fd"
        "\u7f3a\u5931\u6216\u9519\u4e71\u3002",
        "warning": "\u6e05\u7406\u65f6\u5b58\u7591\uff1a",
        "pages_top": "\u6b64\u4e3a\u8282\u9009\u9884\u89c8\uff1a\u539f\u6587\u5171 {pages} \u9875\uff0c"
        "\u8fd9\u91cc\u7ea6\u6709 {present} \u9875\u3002",
        "truncated_top": "\u6b64\u4e3a\u8282\u9009\u9884\u89c8\uff0c\u5176\u4f59\u90e8\u5206\u7f3a\u5931\u3002",
    },
    # the same in Traditional characters
    "zh-Hant": {
        "label": "\u6ce8\u610f\uff1a",
        "pages": "\u539f\u6587\u5230\u6b64\u7d50\u675f\uff1a\u6b64\u70ba\u7bc0\u9078\u9810\u89bd\uff0c"
        "\u539f\u6587\u5171 {pages} \u9801\uff0c\u9019\u88e1\u7d04\u6709 {present} \u9801\u3002",
        "truncated": "\u539f\u6587\u5230\u6b64\u7d50\u675f\uff1a\u6b64\u70ba\u7bc0\u9078\u9810\u89bd\uff0c"
        "\u5176\u9918\u90e8\u5206\u7f3a\u5931\u3002",
        "damaged": "\u6e90\u6587\u4ef6\u5df2\u640d\u58de\uff1a\u90e8\u5206\u6587\u5b57\u53ef\u80fd"
        "\u7f3a\u5931\u6216\u932f\u4e82\u3002",
        "warning": "\u6e05\u7406\u6642\u5b58\u7591\uff1a",
        "pages_top": "\u6b64\u70ba\u7bc0\u9078\u9810\u89bd\uff1a\u539f\u6587\u5171 {pages} \u9801\uff0c"
        "\u9019\u88e1\u7d04\u6709 {present} \u9801\u3002",
        "truncated_top": "\u6b64\u70ba\u7bc0\u9078\u9810\u89bd\uff0c\u5176\u9918\u90e8\u5206\u7f3a\u5931\u3002",
    },
}


#: The commonest warnings, worded for Chinese documents (others stay as the step wrote them):
#: the English pattern, and the key of its wording in :data:`WARNING_TEXTS`.
WARNING_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"kept (?P<n>\d+) line\(s\) that may be site furniture \(score: (?P<detail>.*)\); see docconv inspect"
        ),
        "furniture",
    ),
    (
        re.compile(
            r"kept (?P<n>\d+) short line\(s\) above the title that may be site furniture "
            r"\(first: (?P<detail>.*)\); see docconv inspect"
        ),
        "above",
    ),
    (re.compile(r"pages without a text layer \(images only\?\): (?P<detail>.*)"), "no_text"),
    (re.compile(r"(?P<n>\d+) page\(s\) could not be read: (?P<detail>.*)"), "unread"),
    (re.compile(r"no body text left after cleaning: check the removals \(docconv inspect\)"), "no_body"),
)
# 保留了 N 行可能是网站附加内容的文字（评分：…），请用 docconv inspect 核对 / 保留了标题上方 N 行…短行（第一行：…）/
# 以下页面没有文字层（可能只有图片）：… / N 页无法读取：… / 清理后没有正文：请用 docconv inspect 检查删除的内容
WARNING_TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "furniture": "\u4fdd\u7559\u4e86 {n} \u884c\u53ef\u80fd\u662f\u7f51"
        "\u7ad9\u9644\u52a0\u5185\u5bb9\u7684\u6587\u5b57"
        "\uff08\u8bc4\u5206\uff1a{detail}\uff09\uff0c\u8bf7\u7528 docconv inspect \u6838\u5bf9",
        "above": "\u4fdd\u7559\u4e86\u6807\u9898\u4e0a\u65b9 {n} \u884c"
        "\u53ef\u80fd\u662f\u7f51\u7ad9\u9644\u52a0\u5185\u5bb9"
        "\u7684\u77ed\u884c\uff08\u7b2c\u4e00\u884c\uff1a{detail}\uff09\uff0c\u8bf7\u7528 docconv inspect \u6838\u5bf9",
        "no_text": "\u4ee5\u4e0b\u9875\u9762\u6ca1\u6709\u6587\u5b57\u5c42"
        "\uff08\u53ef\u80fd\u53ea\u6709\u56fe\u7247\uff09"
        "\uff1a{detail}",
        "unread": "{n} \u9875\u65e0\u6cd5\u8bfb\u53d6\uff1a{detail}",
        "no_body": "\u6e05\u7406\u540e\u6ca1\u6709\u6b63\u6587\uff1a\u8bf7\u7528 docconv inspect "
        "\u68c0\u67e5\u5220\u9664\u7684\u5185\u5bb9",
    },
    "zh-Hant": {
        "furniture": "\u4fdd\u7559\u4e86 {n} \u884c\u53ef\u80fd\u662f\u7db2"
        "\u7ad9\u9644\u52a0\u5167\u5bb9\u7684\u6587\u5b57"
        "\uff08\u8a55\u5206\uff1a{detail}\uff09\uff0c\u8acb\u7528 docconv inspect \u6838\u5c0d",
        "above": "\u4fdd\u7559\u4e86\u6a19\u984c\u4e0a\u65b9 {n} \u884c"
        "\u53ef\u80fd\u662f\u7db2\u7ad9\u9644\u52a0\u5167\u5bb9"
        "\u7684\u77ed\u884c\uff08\u7b2c\u4e00\u884c\uff1a{detail}\uff09\uff0c\u8acb\u7528 docconv inspect \u6838\u5c0d",
        "no_text": "\u4ee5\u4e0b\u9801\u9762\u6c92\u6709\u6587\u5b57\u5c64"
        "\uff08\u53ef\u80fd\u53ea\u6709\u5716\u7247\uff09"
        "\uff1a{detail}",
        "unread": "{n} \u9801\u7121\u6cd5\u8b80\u53d6\uff1a{detail}",
        "no_body": "\u6e05\u7406\u5f8c\u6c92\u6709\u6b63\u6587\uff1a\u8acb\u7528 docconv inspect "
        "\u6aa2\u67e5\u522a\u9664\u7684\u5167\u5bb9",
    },
}


def worded(warning: str, language: str) -> str:
    """``warning`` as a notice in ``language`` (:func:`notice_language`) says it: the commonest
    warnings in Chinese for Chinese documents (:data:`WARNING_PATTERNS`), any other as written."""
    texts = WARNING_TEXTS.get(language)
    if texts is None:
        return warning
    for pattern, key in WARNING_PATTERNS:
        if m := pattern.fullmatch(warning):
            return texts[key].format(**m.groupdict())
    return warning


@dataclass(frozen=True, slots=True)
class Notice:
    """One notice: its ``kind``, its ``label`` (``Note:``, set in bold) and its ``text``;
    ``bottom`` for the truncation notice (after the last block), else it goes at the top."""

    kind: NoticeKind
    label: str
    text: str
    bottom: bool = False

    @property
    def gap(self) -> str:
        """What stands between label and text: nothing after a full-width colon, else a space."""
        return "" if self.label.endswith("\uff1a") else " "


def notice_language(doc: Document) -> str:
    """``zh-Hant``, ``zh`` or ``en``: the language notices are written in."""
    lang = (doc.meta.language or "").lower()
    if is_traditional_tag(lang):
        return "zh-Hant"
    if lang.startswith("zh"):
        return "zh"
    if lang:
        return "en"
    sample = (doc.meta.title or "") + doc.body_text[:2000]
    return "zh" if sample and han_ratio(sample) > 0.2 else "en"


def notices(doc: Document, *, at_end: bool = True) -> list[Notice]:
    """The notices ``doc`` calls for, top ones first: a damaged source, then each warning
    (those about the truncation aside, which the truncation notice tells), then the
    truncation: at the bottom (``The source ends here: ...``), or with ``at_end=False`` at
    the top too, worded for a title page (``This is a truncated preview: ...``)."""
    language = notice_language(doc)
    texts = _TEXTS[language]
    label = texts["label"]
    meta = doc.meta
    out: list[Notice] = []
    if meta.damaged:
        out.append(Notice("damaged", label, texts["damaged"]))
    said = [worded(" ".join(w.split()), language) for w in doc.warnings]
    latest = {warning_family(w): i for i, w in enumerate(said)}  # (the last of each family)
    for i, (warning, text) in enumerate(zip(doc.warnings, said, strict=True)):
        if meta.truncated and warning.startswith(TRUNCATION_WARNING):
            continue
        if latest[warning_family(text)] != i:  # an earlier conversion's, said again since
            continue
        out.append(Notice("warning", label, texts["warning"] + text))
    if meta.truncated:
        present, pages = meta.pages_present, meta.pages
        suffix = "" if at_end else "_top"
        if present and pages and present < pages:
            text = texts["pages" + suffix].format(present=present, pages=pages)
        else:
            text = texts["truncated" + suffix]
        out.append(Notice("truncated", label, text, bottom=at_end))
    return out


def warning_family(warning: str) -> str:
    """What a warning is about, its counts and quoted excerpts aside: ``kept N line(s) that may
    be site furniture``. A warning read back from an earlier conversion's notice (docconv's
    Markdown read again) and the same warning found again by this one are one family, and
    only the last is shown."""
    head = re.split(r" \(|: |\uff08|\uff1a", warning, maxsplit=1)[0]
    return re.sub(r"\d+", "N", " ".join(head.split()))


def warning_of(text: str) -> str | None:
    """The warning a ``warning`` notice's ``text`` shows (its lead-in removed), or ``None``
    when the text does not start with a lead-in :func:`notices` writes."""
    for texts in _TEXTS.values():
        if text.startswith(texts["warning"]):
            return text[len(texts["warning"]) :].strip() or None
    return None
