"""The Jinshu Wenku rules: the site's furniture is removed only when the plugin is loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docconv_rules_jinshu import RULES, register_rules

from convert import Document
from convert.app.testing import cjk_sample_text, convert_text, listed_plugins, registry_with

SAMPLE = Path(__file__).with_name("data") / "jinshu-sample.txt"
#: The site's lines in the sample (rule that removes each): page markers, score, number,
#: uploader credit, paywall, app ad.
FURNITURE = {
    # ——锦书文库·第2页——
    "\u2014\u2014\u9526\u4e66\u6587\u5e93\u00b7\u7b2c2\u9875\u2014\u2014": "jinshu-page-marker",
    "\u2014\u2014\u9526\u4e66\u6587\u5e93\u00b7\u7b2c3\u9875\u2014\u2014": "jinshu-page-marker",
    # 文档贡献值 120 | 质量评级 A+
    "\u6587\u6863\u8d21\u732e\u503c 120 | \u8d28\u91cf\u8bc4\u7ea7 A+": "jinshu-score",
    # 编号 JSWK-2024-000318
    "\u7f16\u53f7 JSWK-2024-000318": "jinshu-doc-number",
    # 本文由锦书文库会员“清风徐来”整理发布
    "\u672c\u6587\u7531\u9526\u4e66\u6587\u5e93\u4f1a\u5458"
    "\u201c\u6e05\u98ce\u5f90\u6765\u201d\u6574\u7406\u53d1\u5e03": "jinshu-uploader",
    # 锦书币 5 枚 · 立即兑换全文
    "\u9526\u4e66\u5e01 5 \u679a \u00b7 \u7acb\u5373\u5151\u6362\u5168\u6587": "jinshu-coins",
    # 扫描右侧二维码，手机阅读更方便
    "\u626b\u63cf\u53f3\u4fa7\u4e8c\u7ef4\u7801\uff0c\u624b\u673a\u9605\u8bfb\u66f4\u65b9\u4fbf": "jinshu-app",
}
# 关于做好2024年春节期间安全生产工作的通知
TITLE = (
    "\u5173\u4e8e\u505a\u597d2024\u5e74\u6625\u8282\u671f\u95f4\u5b89\u5168\u751f\u4ea7\u5de5\u4f5c\u7684\u901a\u77e5"
)


def convert(*plugins: str) -> Document:
    return convert_text(SAMPLE.read_text(encoding="utf-8"), name=SAMPLE.name, plugins=plugins)


def test_the_sample_holds_the_furniture() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert set(FURNITURE) <= set(lines)


#: Lines docconv recognises without this plugin, and how: a page marker between ornaments by
#: its shape (the chrome step); the uploader credit before the text and the QR-code prompt after
#: it by their evidence (the classify step: a site's words, 会员 and 二维码); the score bar
#: under the title as the site's info block (a high score beside lines that went). The
#: plugin's rules still name them, and catch the rest, which only its rules know (the
#: site's document number could be a document's own).
BY_CORE = {
    **{text: "site chrome:" for text, rule in FURNITURE.items() if rule == "jinshu-page-marker"},
    **{text: "site line (score" for text, rule in FURNITURE.items() if rule in ("jinshu-app", "jinshu-uploader")},
    **{text: "the site's info block" for text, rule in FURNITURE.items() if rule == "jinshu-score"},
}
BY_SHAPE = set(BY_CORE)


def test_without_the_plugin_only_its_rules_know_the_site_furniture() -> None:
    doc = convert()
    body = set(doc.body_text.splitlines())
    assert set(FURNITURE) - BY_SHAPE <= body
    removed = {r.text: r.reason for r in doc.removals}
    assert all(removed[text].startswith(how) for text, how in BY_CORE.items())


def test_with_the_plugin_the_site_furniture_goes_with_its_rule_named() -> None:
    doc = convert("docconv_rules_jinshu")
    assert not set(FURNITURE) & set(doc.body_text.splitlines())
    removed = {r.text: r.reason for r in doc.removals}
    for text, rule in FURNITURE.items():
        assert f"(rule {rule})" in removed[text]
    assert [(b.kind, b.text) for b in doc.blocks if b.kind != "paragraph"][:2] == [
        ("title", TITLE),
        ("heading", "\u4e00\u3001\u63d0\u9ad8\u601d\u60f3\u8ba4\u8bc6\uff0c\u538b\u5b9e\u5b89\u5168\u8d23\u4efb"),
    ]
    assert len([b for b in doc.blocks if b.kind == "paragraph"]) == 5  # the salutation and four paragraphs
    assert doc.meta.pages_present == 2


def test_body_text_is_kept_elsewhere() -> None:
    """The rules are narrow: the bundled sample of another site converts exactly as without them."""
    sample = cjk_sample_text()
    assert convert_text(sample, plugins=["docconv_rules_jinshu"]).blocks == convert_text(sample).blocks


def test_rule_file_is_package_data_and_valid() -> None:
    registered: list[Path] = []
    register_rules(registered.append)
    assert registered == [RULES] and RULES.is_file()
    rules = registry_with("docconv_rules_jinshu").rules()
    names = {r.name for r in rules.lines + rules.promotions if r.source == str(RULES)}
    assert names == set(FURNITURE.values())


def test_entry_point_lists_the_installed_plugin() -> None:
    rows = {row["name"]: row for row in listed_plugins()}
    row = rows["rules_jinshu"]
    assert (row["package"], row["version"]) == ("docconv-rules-jinshu", "0.1.0")
    assert row["hooks"] == ["register_rules"]
    assert row["rules"] == [str(RULES)]


def test_installed_plugin_cleans_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "DOCCONV_DISABLE_PLUGINS"}
    command = [sys.executable, "-m", "convert", "convert", "-q", str(SAMPLE), "-o", str(out)]
    assert subprocess.run(command, env=env, check=False).returncode == 0
    markdown = (out / "jinshu-sample.md").read_text(encoding="utf-8")
    assert not any(text in markdown for text in FURNITURE)
    blocked = {**env, "DOCCONV_DISABLE_PLUGINS": "rules_jinshu"}
    assert subprocess.run(command, env=blocked, check=False).returncode == 0
    markdown = (out / "jinshu-sample.md").read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
    kept = set(FURNITURE) - BY_SHAPE
    assert all(text in markdown for text in kept), "blocking the plugin by name brings the furniture back"
