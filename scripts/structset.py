#!/usr/bin/env python3
"""A generated test set of documents with KNOWN structures, and its scorer (issue 14).

    python scripts/structset.py OUTDIR [--seed 7] [--docs 4]     # write the set
    python scripts/structset.py OUTDIR --score                    # score docconv's reading of it

Each document is rendered twice, to PDF (reportlab; Chinese in reportlab's built-in
``STSong-Light`` CID font) and to HTML, from one description whose truth goes to
``NAME.json``: its tables (ruled and unruled, with column and row spans; the first document
has a long table that runs across a page break, its header row repeated), a figure (a PNG
drawn with Pillow) with its caption (``Figure 1: ...`` / ``图1 ...``), a bulleted and a
numbered list, and a footnote (a superscript marker in the body; in the PDF small text at
the page foot, in the HTML a linked note at the end). Half the documents are Chinese.

The scorer runs the pipeline in-process (reader and cleaning steps, no writer) on each
input and compares the cleaned :class:`~convert.Document`'s blocks with the truth:

* **cell accuracy**, per kind (ruled, unruled): the share of the true tables' non-empty
  cells whose exact text (white space ignored) stands at the same row and column of the
  output table matched to it (the output table sharing most cell texts with it; a shift of
  the whole table by up to two rows or columns is allowed, so a caption read as a row does
  not zero it);
* **figures**: the share of true figures present as a Figure block with their caption;
* **lists**: the share of true lists found as a ListBlock with the same items;
* **footnotes**: the share of true footnotes found as a Footnote with the same marker and
  linked to where it is referenced.

Nothing here is random at run time: the same seed gives the same documents.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CJK_FONT = "STSong-Light"

# ----------------------------------------------------------------------------- vocabulary

EN_PLACES = ["North Valley", "Harbor", "Eastfield", "Riverside", "Old Town", "Hillcrest", "Lakeside", "Westbrook"]
ZH_PLACES = [
    "\u5408\u80a5\u5e02",  # 合肥市
    "\u829c\u6e56\u5e02",  # 芜湖市
    "\u868c\u57e0\u5e02",  # 蚌埠市
    "\u6dee\u5357\u5e02",  # 淮南市
    "\u5b89\u5e86\u5e02",  # 安庆市
    "\u9ec4\u5c71\u5e02",  # 黄山市
    "\u6ec1\u5dde\u5e02",  # 滁州市
    "\u961c\u9633\u5e02",  # 阜阳市
]
EN_SENTENCES = [
    "The county office reviewed the budget of every department before the end of the year.",
    "Spending on roads and schools rose while the cost of administration stayed flat.",
    "Each district reported its staff numbers and the share of the budget it used.",
    "The figures below were checked against the audited accounts of the previous year.",
    "Residents were invited to comment on the plan at three public meetings in the spring.",
    "The committee asked for a clearer account of the money set aside for repairs.",
]
ZH_SENTENCES = [
    # 各部门在年底前提交了本年度预算执行情况，财政部门进行了审核。
    "\u5404\u90e8\u95e8\u5728\u5e74\u5e95\u524d\u63d0\u4ea4\u4e86\u672c\u5e74\u5ea6\u9884\u7b97\u6267\u884c\u60c5\u51b5\uff0c"
    "\u8d22\u653f\u90e8\u95e8\u8fdb\u884c\u4e86\u5ba1\u6838\u3002",
    # 道路和学校的投入有所增加，行政运行成本保持稳定。
    "\u9053\u8def\u548c\u5b66\u6821\u7684\u6295\u5165\u6709\u6240\u589e\u52a0\uff0c\u884c\u653f\u8fd0\u884c\u6210\u672c"
    "\u4fdd\u6301\u7a33\u5b9a\u3002",
    # 下表数据已与上一年度经审计的账目进行核对。
    "\u4e0b\u8868\u6570\u636e\u5df2\u4e0e\u4e0a\u4e00\u5e74\u5ea6\u7ecf\u5ba1\u8ba1\u7684\u8d26\u76ee\u8fdb\u884c\u6838\u5bf9\u3002",
    # 各地区按要求报送了人员数量和预算使用比例。
    "\u5404\u5730\u533a\u6309\u8981\u6c42\u62a5\u9001\u4e86\u4eba\u5458\u6570\u91cf\u548c\u9884\u7b97\u4f7f\u7528\u6bd4\u4f8b\u3002",
    # 委员会要求进一步说明维修资金的安排情况。
    "\u59d4\u5458\u4f1a\u8981\u6c42\u8fdb\u4e00\u6b65\u8bf4\u660e\u7ef4\u4fee\u8d44\u91d1\u7684\u5b89\u6392\u60c5\u51b5\u3002",
]
WORDS = {
    "en": {
        "region": "Region",
        "budget": "Budget",
        "staff": "Staff",
        "item": "Item",
        "count": "Count",
        "share": "Share",
        "change": "Change",
        "month": "Month",
        "table": "Table",
        "figure": "Figure",
        "title": "Annual report on the county budget",
        "section": "Results by district",
        "note": "Figures are in thousands of dollars and rounded.",
        "items": ["Collect the reports", "Check the totals", "Publish the summary"],
        "steps": ["Open the ledger", "Enter the figures", "Sign the return"],
        "chart": "Budget by district",
    },
    "zh": {
        "region": "\u5730\u533a",  # 地区
        "budget": "\u9884\u7b97",  # 预算
        "staff": "\u4eba\u5458",  # 人员
        "item": "\u9879\u76ee",  # 项目
        "count": "\u6570\u91cf",  # 数量
        "share": "\u5360\u6bd4",  # 占比
        "change": "\u53d8\u5316",  # 变化
        "month": "\u6708\u4efd",  # 月份
        "table": "\u8868",  # 表
        "figure": "\u56fe",  # 图
        # 关于本年度预算执行情况的报告
        "title": "\u5173\u4e8e\u672c\u5e74\u5ea6\u9884\u7b97\u6267\u884c\u60c5\u51b5\u7684\u62a5\u544a",
        "section": "\u5404\u5730\u533a\u60c5\u51b5",  # 各地区情况
        "note": "\u91d1\u989d\u5355\u4f4d\u4e3a\u4e07\u5143\u3002",  # 金额单位为万元。
        "items": [
            "\u6536\u96c6\u62a5\u8868",  # 收集报表
            "\u6838\u5bf9\u5408\u8ba1",  # 核对合计
            "\u53d1\u5e03\u6458\u8981",  # 发布摘要
        ],
        "steps": [
            "\u6253\u5f00\u53f0\u8d26",  # 打开台账
            "\u5f55\u5165\u6570\u636e",  # 录入数据
            "\u7b7e\u5b57\u786e\u8ba4",  # 签字确认
        ],
        "chart": "\u5404\u5730\u533a\u9884\u7b97",  # 各地区预算
    },
}


# ----------------------------------------------------------------------------- the description


@dataclass
class TrueCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class TrueTable:
    kind: str  # "ruled" or "unruled"
    caption: str
    rows: list[list[TrueCell]]  # HTML-like: a spanned cell once, covered positions left out
    header_rows: int = 1

    def grid(self) -> list[list[str]]:
        """The full rectangle of cell texts (a spanned cell's text at its first position)."""
        width = max(sum(c.colspan for c in row) for row in self.rows)
        grid: list[list[str | None]] = [[None] * width for _ in self.rows]
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                while grid[r][col] is not None:
                    col += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        grid[r + dr][col + dc] = cell.text if (dr, dc) == (0, 0) else ""
                col += cell.colspan
        return [[t or "" for t in row] for row in grid]


@dataclass
class Doc:
    name: str
    lang: str
    title: str
    parts: list[tuple[str, Any]] = field(default_factory=list)  # (kind, payload) in order
    footnote: tuple[str, str] = ("1", "")  # marker, text

    def truth(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lang": self.lang,
            "title": self.title,
            "tables": [
                {"kind": t.kind, "caption": t.caption, "header_rows": t.header_rows, "grid": t.grid()}
                for k, t in self.parts
                if k == "table"
            ],
            "figures": [{"caption": p["caption"]} for k, p in self.parts if k == "figure"],
            "lists": [{"ordered": p["ordered"], "items": p["items"]} for k, p in self.parts if k == "list"],
            "footnotes": [{"marker": self.footnote[0], "text": self.footnote[1]}],
        }


def _num(rng: random.Random, lo: int, hi: int, decimals: int = 0) -> str:
    value = rng.uniform(lo, hi)
    return f"{value:.{decimals}f}" if decimals else str(int(value))


def _spanned_table(rng: random.Random, w: dict[str, Any], places: list[str], n: int) -> TrueTable:
    year = rng.randint(2018, 2022)
    rows = [
        [
            TrueCell(w["region"], rowspan=2),
            TrueCell(w["budget"], colspan=2),
            TrueCell(w["staff"], rowspan=2),
        ],
        [TrueCell(str(year)), TrueCell(str(year + 1))],
    ]
    for place in rng.sample(places, 4):
        rows.append([TrueCell(place), TrueCell(_num(rng, 100, 999, 1)), TrueCell(_num(rng, 100, 999, 1))])
        rows[-1].append(TrueCell(_num(rng, 10, 400)))
    # a row label spanning two rows
    group = rows[2][0]
    group.rowspan = 2
    rows[3] = rows[3][1:]
    return TrueTable(
        "ruled", f"{w['table']} {n}: {w['budget']}" if w is WORDS["en"] else f"\u8868{n} {w['budget']}", rows, 2
    )


def _simple_table(
    rng: random.Random, w: dict[str, Any], places: list[str], n: int, length: int, kind: str
) -> TrueTable:
    head = [w["item"], w["count"], w["share"], w["change"]]
    rows = [[TrueCell(h) for h in head]]
    for k in range(length):
        label = places[k % len(places)] + (f" {k // len(places) + 1}" if length > len(places) else "")
        rows.append(
            [
                TrueCell(label),
                TrueCell(_num(rng, 10, 9000)),
                TrueCell(_num(rng, 1, 99, 1) + "%"),
                TrueCell(("+" if rng.random() < 0.5 else "-") + _num(rng, 1, 30, 1)),
            ]
        )
    caption = f"{w['table']} {n}: {w['count']}" if w is WORDS["en"] else f"\u8868{n} {w['count']}"
    return TrueTable(kind, caption, rows, 1)


def describe(index: int, seed: int) -> Doc:
    """The ``index``-th document of the set: even ones English, odd ones Chinese."""
    rng = random.Random(seed * 1000 + index)
    lang = "en" if index % 2 == 0 else "zh"
    w = WORDS[lang]
    places = EN_PLACES if lang == "en" else ZH_PLACES
    sentences = EN_SENTENCES if lang == "en" else ZH_SENTENCES
    doc = Doc(name=f"struct-{index:02d}-{lang}", lang=lang, title=w["title"], footnote=("1", w["note"]))

    def para(k: int = 3) -> str:
        return (" " if lang == "en" else "").join(rng.sample(sentences, k))

    doc.parts.append(("para", para()))
    doc.parts.append(("heading", w["section"]))
    doc.parts.append(("table", _spanned_table(rng, w, places, 1)))
    doc.parts.append(("para", para(2)))
    doc.parts.append(("table", _simple_table(rng, w, places, 2, 5, "unruled")))
    doc.parts.append(("para", para(2)))
    doc.parts.append(("list", {"ordered": False, "items": list(w["items"])}))
    caption = f"Figure 1: {w['chart']}" if lang == "en" else f"\u56fe1 {w['chart']}"
    doc.parts.append(("figure", {"caption": caption, "png": _chart(rng)}))
    doc.parts.append(("para", para(2)))
    doc.parts.append(("list", {"ordered": True, "items": list(w["steps"])}))
    if index == 0:  # a long table that runs across a page break
        doc.parts.append(("table", _simple_table(rng, w, places, 3, 40, "ruled")))
    else:
        doc.parts.append(("table", _simple_table(rng, w, places, 3, 4, "ruled")))
    doc.parts.append(("para", para(2)))
    return doc


def _chart(rng: random.Random) -> bytes:
    """A small bar chart drawn with Pillow, as PNG bytes."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 180), "white")
    draw = ImageDraw.Draw(img)
    for k in range(6):
        h = rng.randint(20, 150)
        draw.rectangle([20 + 50 * k, 170 - h, 50 + 50 * k, 170], fill=(40 + 30 * k, 90, 160))
    draw.line([10, 170, 310, 170], fill="black", width=2)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


# ----------------------------------------------------------------------------- HTML


def render_html(doc: Doc) -> str:
    """The document as an HTML page: tables with colspan/rowspan, a figure with its caption,
    lists, a footnote linked from its marker."""
    out = [
        f'<!DOCTYPE html>\n<html lang="{doc.lang}"><head><meta charset="utf-8"><title>{html.escape(doc.title)}</title>'
        "</head><body><article>",
        f"<h1>{html.escape(doc.title)}</h1>",
    ]
    marker, _ = doc.footnote
    first = True
    for kind, payload in doc.parts:
        if kind == "para":
            ref = f'<a href="#fn{marker}" id="fnref{marker}"><sup>{marker}</sup></a>' if first else ""
            out.append(f"<p>{html.escape(payload)}{ref}</p>")
            first = False
        elif kind == "heading":
            out.append(f"<h2>{html.escape(payload)}</h2>")
        elif kind == "table":
            out.append(_html_table(payload))
        elif kind == "figure":
            data = base64.b64encode(payload["png"]).decode("ascii")
            out.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(payload["caption"])}">'
                f"<figcaption>{html.escape(payload['caption'])}</figcaption></figure>"
            )
        elif kind == "list":
            tag = "ol" if payload["ordered"] else "ul"
            items = "".join(f"<li>{html.escape(t)}</li>" for t in payload["items"])
            out.append(f"<{tag}>{items}</{tag}>")
    out.append(
        f'<section class="footnotes"><ol><li id="fn{marker}">{html.escape(doc.footnote[1])} '
        f'<a href="#fnref{marker}">\u21a9</a></li></ol></section>'
    )
    out.append("</article></body></html>\n")
    return "\n".join(out)


def _html_table(t: TrueTable) -> str:
    rows = []
    for r, row in enumerate(t.rows):
        tag = "th" if r < t.header_rows else "td"
        cells = "".join(
            f"<{tag}"
            + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
            + f">{html.escape(c.text)}</{tag}>"
            for c in row
        )
        rows.append(f"<tr>{cells}</tr>")
    border = ' border="1"' if t.kind == "ruled" else ""
    return f"<table{border}><caption>{html.escape(t.caption)}</caption>{''.join(rows)}</table>"


# ----------------------------------------------------------------------------- PDF


def render_pdf(doc: Doc) -> bytes:
    """The document as a PDF (reportlab platypus): ruled tables with a grid, unruled ones
    set in columns with white space only, the footnote at the foot of the first page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        Image,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    zh = doc.lang == "zh"
    if zh:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    font = CJK_FONT if zh else "Helvetica"
    bold = CJK_FONT if zh else "Helvetica-Bold"
    wrap = "CJK" if zh else None
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15, wordWrap=wrap, spaceAfter=6)
    title = ParagraphStyle("title", fontName=bold, fontSize=18, leading=24, wordWrap=wrap, spaceAfter=12)
    head = ParagraphStyle("head", fontName=bold, fontSize=14, leading=18, wordWrap=wrap, spaceAfter=6)
    caption = ParagraphStyle("caption", fontName=font, fontSize=10, leading=14, wordWrap=wrap, spaceAfter=4)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=12, wordWrap=wrap)
    marker, note = doc.footnote

    def foot(canvas: Any, _: Any) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(72, 72, 200, 72)
        canvas.setFont(font, 8)
        canvas.drawString(72, 60, f"{marker} {note}")
        canvas.restoreState()

    story: list[Any] = [Paragraph(html.escape(doc.title), title)]
    first = True
    for kind, payload in doc.parts:
        if kind == "para":
            ref = f"<super>{marker}</super>" if first else ""
            story.append(Paragraph(html.escape(payload) + ref, body))
            first = False
        elif kind == "heading":
            story.append(Paragraph(html.escape(payload), head))
        elif kind == "table":
            story.append(Paragraph(html.escape(payload.caption), caption))
            story.append(_pdf_table(payload, cell, font, colors, Table, TableStyle, Paragraph))
            story.append(Spacer(1, 8))
        elif kind == "figure":
            story.append(Image(io.BytesIO(payload["png"]), width=240, height=135))
            story.append(Paragraph(html.escape(payload["caption"]), caption))
        elif kind == "list":
            items = [ListItem(Paragraph(html.escape(t), body)) for t in payload["items"]]
            kw = {"bulletType": "1"} if payload["ordered"] else {"bulletType": "bullet", "start": "-"}
            story.append(ListFlowable(items, bulletFontName="Helvetica", **kw))
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=A4, title=doc.title, leftMargin=72, rightMargin=72, bottomMargin=90)
    pdf.build(story, onFirstPage=foot)
    return out.getvalue()


def _pdf_table(t: TrueTable, cell: Any, font: str, colors: Any, table: Any, style: Any, para: Any) -> Any:
    grid = t.grid()
    width = len(grid[0])
    data = [[para(html.escape(text), cell) if text else "" for text in row] for row in grid]
    commands: list[tuple[Any, ...]] = [("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if t.kind == "ruled":
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    r = 0
    for r, row in enumerate(t.rows):
        col = 0
        for c in row:
            while col < width and _covered(t, r, col):
                col += 1
            if c.colspan > 1 or c.rowspan > 1:
                commands.append(("SPAN", (col, r), (col + c.colspan - 1, r + c.rowspan - 1)))
            col += c.colspan
    widths = [430 / width] * width
    return table(data, colWidths=widths, style=style(commands), repeatRows=t.header_rows)


def _covered(t: TrueTable, r: int, col: int) -> bool:
    """Whether grid position (r, col) is covered by a span from an earlier row or column."""
    spans: list[tuple[int, int, int, int]] = []
    for rr, row in enumerate(t.rows[: r + 1]):
        cc = 0
        for c in row:
            while any(a <= rr < a + h and b <= cc < b + w for a, b, h, w in spans):
                cc += 1
            spans.append((rr, cc, c.rowspan, c.colspan))
            cc += c.colspan
    return any(a <= r < a + h and b <= col < b + w and (a, b) != (r, col) for a, b, h, w in spans if (a, b) != (r, col))


# ----------------------------------------------------------------------------- writing the set


def generate(outdir: Path, seed: int = 7, docs: int = 4) -> list[Path]:
    """Write ``docs`` documents (PDF, HTML and truth JSON each) into ``outdir``; the inputs."""
    outdir.mkdir(parents=True, exist_ok=True)
    inputs: list[Path] = []
    for index in range(docs):
        doc = describe(index, seed)
        (outdir / f"{doc.name}.json").write_text(json.dumps(doc.truth(), ensure_ascii=False, indent=1), "utf-8")
        pdf = outdir / f"{doc.name}.pdf"
        pdf.write_bytes(render_pdf(doc))
        page = outdir / f"{doc.name}.html"
        page.write_text(render_html(doc), "utf-8")
        inputs += [pdf, page]
    return inputs


# ----------------------------------------------------------------------------- scoring

SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return SPACE.sub("", text)


def _cells(grid: list[list[str]]) -> set[str]:
    return {_norm(t) for row in grid for t in row if _norm(t)}


def table_accuracy(truth: list[list[str]], output: list[list[str]]) -> tuple[int, int]:
    """(cells right, cells) of one true table's grid against one output grid: a true
    non-empty cell is right when the output has its text at the same row and column, the
    whole output shifted by up to two rows or columns (the best shift counts)."""
    wanted = [(r, c, _norm(t)) for r, row in enumerate(truth) for c, t in enumerate(row) if _norm(t)]
    best = 0
    for dr in range(-2, 3):
        for dc in range(-2, 3):
            hits = 0
            for r, c, text in wanted:
                rr, cc = r + dr, c + dc
                if 0 <= rr < len(output) and 0 <= cc < len(output[rr]) and _norm(output[rr][cc]) == text:
                    hits += 1
            best = max(best, hits)
    return best, len(wanted)


def score_document(doc: Any, truth: dict[str, Any]) -> dict[str, list[int]]:
    """Counts ``kind -> [right, total]`` of one cleaned Document against its truth."""
    from convert.core.model import Figure, Footnote, ListBlock, Table

    tables = [b for b in doc.blocks if isinstance(b, Table)]
    out: dict[str, list[int]] = {"ruled": [0, 0], "unruled": [0, 0], "figures": [0, 0], "lists": [0, 0]}
    out["footnotes"] = [0, 0]
    grids = [t.grid() for t in tables]
    for t in truth["tables"]:
        want = _cells(t["grid"])
        match = max(grids, key=lambda g: len(want & _cells(g)), default=None)
        right, total = table_accuracy(t["grid"], match) if match is not None else (0, len(want))
        out[t["kind"]][0] += right
        out[t["kind"]][1] += total
    captions = {_norm(b.caption) for b in doc.blocks if isinstance(b, Figure)}
    for f in truth["figures"]:
        out["figures"][0] += _norm(f["caption"]) in captions
        out["figures"][1] += 1
    lists = [[_norm(i.text) for i in b.items] for b in doc.blocks if isinstance(b, ListBlock)]
    for lst in truth["lists"]:
        out["lists"][0] += [_norm(i) for i in lst["items"]] in lists
        out["lists"][1] += 1
    notes = [b for b in doc.blocks if isinstance(b, Footnote)]
    for note in truth["footnotes"]:
        out["footnotes"][0] += any(n.marker == note["marker"] and n.ref is not None for n in notes)
        out["footnotes"][1] += 1
    return out


def score(outdir: Path) -> dict[str, dict[str, Any]]:
    """Read every input of the set with the pipeline (no writer) and score it: format ->
    ``{n, ruled, unruled, figures, lists, footnotes}`` (shares, ``None`` where nothing was
    expected) plus ``counts`` and ``errors``."""
    from convert.app.testing import convert_text, registry_with

    registry = registry_with()
    rows: dict[str, dict[str, Any]] = {}
    for truth_path in sorted(outdir.glob("*.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        for fmt in ("pdf", "html"):
            source = truth_path.with_suffix(f".{fmt}")
            if not source.exists():
                continue
            row = rows.setdefault(fmt, {"n": 0, "counts": {}, "errors": []})
            row["n"] += 1
            try:
                doc = convert_text(source.read_bytes(), name=source.name, registry=registry)
            except Exception as exc:  # a reader failure is a score of 0, reported
                row["errors"].append(f"{source.name}: {type(exc).__name__}: {exc}")
                doc = None
            counts = score_document(doc, truth) if doc is not None else _zero(truth)
            for kind, (right, total) in counts.items():
                acc = row["counts"].setdefault(kind, [0, 0])
                acc[0] += right
                acc[1] += total
    for row in rows.values():
        for kind, (right, total) in row["counts"].items():
            row[kind] = right / total if total else None
    return rows


def _zero(truth: dict[str, Any]) -> dict[str, list[int]]:
    out = {"ruled": [0, 0], "unruled": [0, 0]}
    for t in truth["tables"]:
        out[t["kind"]][1] += len(_cells(t["grid"]))
    out |= {k: [0, len(truth[k])] for k in ("figures", "lists", "footnotes")}
    return out


def report(rows: dict[str, dict[str, Any]]) -> str:
    """The scores as a Markdown table."""

    def pct(v: float | None) -> str:
        return "\u2014" if v is None else f"{100 * v:.0f}%"

    lines = [
        "| format | n | ruled cells | unruled cells | figures | lists | footnotes |",
        "|---|---|---|---|---|---|---|",
    ]
    for fmt, r in rows.items():
        kinds = ("ruled", "unruled", "figures", "lists", "footnotes")
        lines.append(f"| {fmt} | {r['n']} | " + " | ".join(pct(r.get(k)) for k in kinds) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--docs", type=int, default=4)
    ap.add_argument("--score", action="store_true", help="score the set already in OUTDIR")
    args = ap.parse_args(argv)
    if not args.score:
        generate(args.outdir, args.seed, args.docs)
    print(report(score(args.outdir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
