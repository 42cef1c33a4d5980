"""What docconv's Markdown writer adds about a conversion, read back so that it is never
taken for the document's own text:

- the front matter's ``docconv:`` mapping (the provenance, :class:`~convert.core.model.Provenance`):
  :func:`read_provenance`; the core records it as the new conversion's ``derived_from``;
- the visible notices (:mod:`convert.core.notices`), each a ``<!-- docconv:notice KIND -->``
  comment and the ``> **Note:** ...`` blockquote after it: :func:`take_notices` blanks
  their lines and returns the warnings the ``warning`` notices showed (the truncation and
  damage notices come back from the front matter's ``truncated`` and ``damaged``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from convert.core.model import Provenance
from convert.core.notices import MARKDOWN_MARK, warning_of

KEY = re.compile(r"^( *)([^\s:#][^:]*?|\"(?:\\.|[^\"\\])*\"):(?:[ \t]+(.*?))?[ \t]*$")
FLOW_ITEM = re.compile(r"\s*(\"(?:\\.|[^\"\\])*\"|[^,\[\]]*?)\s*(?:,|$)")
LABEL = re.compile(r"^\*\*(?:\\.|[^*\\])+\*\*[\s\uff1a]*")  # (the bold label, and its colon)


def _scalar(text: str, unescape: Callable[[str], str]) -> Any:
    """A YAML scalar as the writer writes it: a double-quoted string (JSON escapes), a flow
    list ``[a, b]``, or plain text; strings lose their Markdown escapes."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        items = [m.group(1) for m in FLOW_ITEM.finditer(inner) if m.group(1)] if inner else []
        return [_scalar(item, unescape) for item in items]
    if text.startswith('"'):
        try:
            text = json.loads(text)
        except json.JSONDecodeError:
            text = text.strip('"')
    elif text.startswith("'") and text.endswith("'") and len(text) > 1:
        text = text[1:-1].replace("''", "'")
    return unescape(str(text))


def _mapping(lines: list[str], unescape: Callable[[str], str]) -> dict[str, Any]:
    """The nested mapping the indented ``key: value`` lines make (the subset of YAML the
    writer writes; a line that is not ``key: value`` is ignored)."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, dict[str, Any]]] = [(-1, root)]
    for line in lines:
        m = KEY.match(line)
        if not m or line.lstrip().startswith("#"):
            continue
        indent, key, value = len(m.group(1)), _scalar(m.group(2), lambda s: s), m.group(3)
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        if value is None or value == "":
            child: dict[str, Any] = {}
            parent[key] = child
            stack.append((indent, child))
        else:
            parent[key] = _scalar(value, unescape)
    return root


def read_provenance(front_matter: str, unescape: Callable[[str], str]) -> Provenance | None:
    """The provenance in the front matter's ``docconv:`` mapping (``front_matter``: the text
    between the ``---`` lines), or ``None`` when there is none or it lacks the required keys."""
    lines = front_matter.split("\n")
    start = next((i for i, line in enumerate(lines) if re.fullmatch(r"docconv:[ \t]*", line)), None)
    if start is None:
        return None
    block: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith((" ", "\t")):
            break
        block.append(line.replace("\t", "  "))
    try:
        return Provenance.from_dict(_mapping(block, unescape))
    except (ValueError, TypeError, RecursionError):  # hand-edited beyond recognition: no provenance
        return None


def take_notices(body: str, unescape: Callable[[str], str]) -> tuple[str, list[str]]:
    """``body`` with the lines of docconv's notices blanked (the line numbering kept), and the
    warnings its ``warning`` notices showed, in order."""
    raw = body.split("\n")
    warnings: list[str] = []
    i = 0
    while i < len(raw):
        m = MARKDOWN_MARK.match(raw[i])
        if not m or i + 1 >= len(raw) or not raw[i + 1].lstrip().startswith(">"):
            i += 1
            continue
        end = i + 1
        quoted: list[str] = []
        while end < len(raw) and raw[end].lstrip().startswith(">"):
            quoted.append(re.sub(r"^\s*>\s?", "", raw[end]).strip())
            end += 1
        text = LABEL.sub("", " ".join(q for q in quoted if q), count=1)
        if m.group(1) == "warning" and (warning := warning_of(unescape(text))):
            warnings.append(warning)
        raw[i:end] = [""] * (end - i)
        i = end
    return "\n".join(raw), warnings
