"""Markdown for the blocks a reader recovers whole: tables, figures, lists, notes and code.

- A :class:`~convert.core.model.Table` is a pipe table (the form GitHub, pandoc and most
  renderers read): its header row is the first row when ``header_rows`` is 1; a table without
  header rows gets an empty header row, since a pipe table must have one and its first row
  is not a header. Several header rows cannot be one pipe header row without putting texts
  of different rows into one cell: such a table is an HTML table, like one with spans. Cells are escaped like text,
  ``|`` included, and line breaks inside a cell become ``<br>``; nothing is padded (CJK
  widths would make padding wrong anyway). A table with spanned cells cannot be a pipe
  table either: it is an HTML ``<table>`` with ``colspan``/``rowspan`` (pandoc and CommonMark
  renderers take it as HTML). A caption is pandoc's ``Table: caption`` paragraph before a
  pipe table, a ``<caption>`` in an HTML one.
- A :class:`~convert.core.model.Figure` is ``![alt](path)`` with its caption as an
  emphasised paragraph after it, ``path`` being where the core wrote the image beside the
  output (URL-escaped; written so that no character of it can end the link); a figure
  without data or without a path (an output that cannot carry files) is its caption alone.
- A :class:`~convert.core.model.ListBlock` is ``1.``/``-`` items, an ordered list counting
  from its ``start``; a nested item is indented to its parent's text (the marker's width),
  which CommonMark and pandoc both read as nesting.
- A :class:`~convert.core.model.Footnote` is a ``[^N]: text`` definition (written at the end
  of the document by :func:`convert.writers.markdown.render`).
- A :class:`~convert.core.model.Code` listing is a fenced code block: a fence of backticks
  one longer than the longest run of backticks in the listing (three at least), its
  ``language`` as the info string, and its lines as they are (not escaped, leading spaces
  kept, trailing blank lines left out).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from convert.core.model import Block, Cell, Code, Figure, Footnote, ListBlock, Table
from convert.writers._markdown_text import escape, escape_inline, one_line
from convert.writers._outline import listing_lines

#: Characters of scripts written without spaces between words.
CJK = re.compile("[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
#: A line break inside a table cell (pipe tables cannot hold a real one).
CELL_BREAK = "<br>"
#: Runs of backticks (a code fence must be longer than any of them).
BACKTICKS = re.compile("`+")
#: What an info string cannot hold: white space ends it, a backtick is not allowed in it.
NOT_INFO = re.compile(r"[\s`]+")


def structure_lines(block: Block) -> list[str]:
    """The Markdown lines of a table, figure, list or code listing (a paragraph for an
    unknown kind)."""
    if isinstance(block, Table):
        return table_lines(block) if block.rows else _paragraph(block.caption)
    if isinstance(block, Figure):
        return figure_lines(block)
    if isinstance(block, ListBlock):
        return list_lines(block)
    if isinstance(block, Code):
        return code_lines(block)
    return _paragraph(block.text)


def _paragraph(text: str) -> list[str]:
    text = one_line(text).strip()
    return [escape(text)] if text else []


def cell_text(text: str) -> str:
    """A cell's text for a pipe table: escaped, on one line, its line breaks as ``<br>``
    (with a space before it between words of a spaced script, so that a reader that drops
    the HTML, such as pandoc writing DOCX, does not join the words)."""
    lines = [line for line in (escape_inline(" ".join(one_line(p).split())) for p in text.split("\n")) if line]
    out = lines[:1]
    for line in lines[1:]:
        spaced = not CJK.match(out[-1][-1]) and not CJK.match(line[0])
        out.append((" " if spaced else "") + CELL_BREAK + line)
    return "".join(out)


def table_lines(table: Table) -> list[str]:
    """A table as pipe-table lines, or as an HTML table when cells span (module docstring)."""
    if table.spanned or table.header_rows > 1:
        return html_table_lines(table)
    grid = table.grid()
    width = table.columns
    heads = grid[: table.header_rows]
    header = [cell_text("\n".join(row[col] for row in heads)) for col in range(width)]
    lines: list[str] = []
    if caption := " ".join(one_line(table.caption).split()):
        lines += [f"Table: {escape_inline(caption)}", ""]
    lines += [_pipe_row(header), "|" + "|".join(["---"] * width) + "|"]
    lines += [_pipe_row([cell_text(text) for text in row]) for row in grid[table.header_rows :]]
    return lines


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _html_cell(cell: Cell, tag: str) -> str:
    spans = "".join(
        f' {name}="{value}"' for name, value in (("colspan", cell.colspan), ("rowspan", cell.rowspan)) if value > 1
    )
    text = "<br>".join(html.escape(" ".join(one_line(part).split())) for part in cell.text.split("\n"))
    return f"<{tag}{spans}>{text}</{tag}>"


def html_table_lines(table: Table) -> list[str]:
    """A table as an HTML block (no blank line inside, so that Markdown keeps it whole)."""
    lines = ["<table>"]
    if caption := " ".join(one_line(table.caption).split()):
        lines.append(f"<caption>{html.escape(caption)}</caption>")
    for r, row in enumerate(table.rows):
        if r == 0 and table.header_rows:
            lines.append("<thead>")
        if r == table.header_rows:
            lines.append("<tbody>")
        tag = "th" if r < table.header_rows else "td"
        lines.append("<tr>" + "".join(_html_cell(cell, tag) for cell in row) + "</tr>")
        if r == table.header_rows - 1:
            lines.append("</thead>")
    if len(table.rows) > table.header_rows:
        lines.append("</tbody>")
    lines.append("</table>")
    return lines


def figure_lines(figure: Figure) -> list[str]:
    """An image link and its caption; the caption alone when the figure has no file."""
    caption = " ".join(one_line(figure.caption).split())
    alt = " ".join(one_line(figure.alt).split()) or caption
    lines: list[str] = []
    if figure.path and figure.data:
        lines += [f"![{escape_inline(alt)}]({quote(figure.path, safe='/%')})"]
    if caption:
        lines += ["", f"*{escape_inline(caption)}*"] if lines else [escape(caption)]
    elif not lines and alt:
        lines = [escape(alt)]
    return lines


def list_lines(block: ListBlock) -> list[str]:
    """A list's items, numbered or bulleted, nested by indentation (module docstring)."""
    lines: list[str] = []
    # open levels: (depth, indent of their markers, text column of their last item, ordered, next number)
    stack: list[list[int]] = []
    for item in block.items:
        text = " ".join(one_line(item.text).split())
        if not text:
            continue
        while stack and stack[-1][0] > item.depth:
            stack.pop()
        if stack and stack[-1][0] == item.depth and bool(stack[-1][3]) != item.ordered:
            stack.pop()  # the kind changes: a new list at this level
        if not stack or stack[-1][0] < item.depth:
            indent = stack[-1][2] if stack else 0
            first = block.start if not stack and item.ordered else 1
            stack.append([item.depth, indent, indent, int(item.ordered), first])
        level = stack[-1]
        marker = f"{level[4]}." if item.ordered else "-"
        level[4] += 1
        level[2] = level[1] + len(marker) + 1
        lines.append(" " * level[1] + f"{marker} {escape(text)}")
    return lines


def code_lines(block: Code) -> list[str]:
    """A fenced code block (see the module docstring); none for a blank listing."""
    lines = [one_line(line) for line in listing_lines(block.text)]
    if not lines:
        return []
    longest = max((len(run) for run in BACKTICKS.findall(block.text)), default=0)
    fence = "`" * max(3, longest + 1)
    info = next((word for word in NOT_INFO.split(one_line(block.language)) if word), "")
    return [fence + info, *lines, fence]


def note_definition(number: int, note: Footnote) -> str:
    """A note's definition: ``[^N]: text``."""
    text = " ".join(one_line(note.text).split())
    return f"[^{number}]: {escape_inline(text)}"
