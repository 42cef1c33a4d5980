"""Cleaning rules kept as data (TOML), merged from the built-in file, plugins and the user.

A rule file has these tables (all optional); see ``convert/core/default_rules.toml`` for examples:

``[[line]]``
    ``name``, ``kind`` (``furniture``, ``page-number`` or ``summary-ui``), ``match`` (a
    regular expression the whole line must match), ``reason``, ``max_chars`` (default 60),
    ``where`` (``anywhere``, or ``head``: only in the site's info block, before the first
    sentence of body text and within the first 15 lines), ``unless_topic`` (a word: the rule
    is off in a document where :data:`TOPIC_LINES` or more lines use it, its subject: a
    cookie policy's own sentences about cookies).
``[[contact]]`` and ``[[promotion]]``
    ``name``, ``search`` (a regular expression found anywhere in a line), ``reason``.
``[promotion_words]`` and ``[title_words]``
    ``words``: lists of plain strings.

Lines are matched after NFKC folding with white space collapsed, so patterns use ASCII
punctuation and digits.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import ConversionError

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
LINE_KINDS = ("furniture", "page-number", "summary-ui")
TOPIC_LINES = 4  # lines using a rule's ``unless_topic`` word that make it the document's subject
WHERE = ("anywhere", "head")
HEAD_LINES = 15  # "head": the site's info block around the title


@dataclass(frozen=True, slots=True)
class LineRule:
    """A whole-line pattern: the line is furniture of ``kind`` when it matches."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    reason: str
    max_chars: int = 60
    source: str = ""
    where: str = "anywhere"  # or "head": only among the first HEAD_LINES lines
    unless_topic: str = ""  # a word that, used by TOPIC_LINES lines, makes the rule the document's subject


@dataclass(frozen=True, slots=True)
class SearchRule:
    """A pattern found anywhere in a line (contact details, calls to action)."""

    name: str
    pattern: re.Pattern[str]
    reason: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class RuleSet:
    lines: tuple[LineRule, ...] = ()
    contacts: tuple[SearchRule, ...] = ()
    promotions: tuple[SearchRule, ...] = ()
    promotion_words: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def merged(self, other: RuleSet) -> RuleSet:
        """The rules of both sets (later files add to, never silently replace, earlier ones)."""
        return RuleSet(
            lines=self.lines + other.lines,
            contacts=self.contacts + other.contacts,
            promotions=self.promotions + other.promotions,
            promotion_words=tuple(dict.fromkeys(self.promotion_words + other.promotion_words)),
            title_words=tuple(dict.fromkeys(self.title_words + other.title_words)),
            sources=self.sources + other.sources,
        )


def normalize(text: str) -> str:
    """The form rules are matched against: NFKC, white space runs collapsed to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _compile(pattern: object, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise ConversionError(f"{where}: a non-empty pattern string is required")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConversionError(f"{where}: bad regular expression: {exc}") from None


def _words(data: dict[str, object], table: str, where: str) -> tuple[str, ...]:
    words = data.get(table, {})
    if not isinstance(words, dict):
        raise ConversionError(f"{where}: [{table}] must be a table with a 'words' list")
    values = words.get("words", [])
    if not isinstance(values, list) or not all(isinstance(w, str) for w in values):
        raise ConversionError(f"{where}: [{table}] words must be a list of strings")
    return tuple(values)


def parse_rules(text: str, source: str) -> RuleSet:
    """Parse one TOML rule file; raise :class:`ConversionError` naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConversionError(f"not valid TOML: {exc}", path=source) from None
    lines: list[LineRule] = []
    for i, item in enumerate(data.get("line", [])):
        where = f"{source}: [[line]] #{i + 1} ({item.get('name', '?')})"
        kind = item.get("kind", "furniture")
        if kind not in LINE_KINDS:
            raise ConversionError(f"{where}: kind must be one of {', '.join(LINE_KINDS)}")
        position = item.get("where", "anywhere")
        if position not in WHERE:
            raise ConversionError(f"{where}: where must be one of {', '.join(WHERE)}")
        lines.append(
            LineRule(
                name=str(item.get("name", f"rule-{i + 1}")),
                kind=kind,
                pattern=_compile(item.get("match"), where),
                reason=str(item.get("reason", kind)),
                max_chars=int(item.get("max_chars", 60)),
                source=source,
                where=position,
                unless_topic=str(item.get("unless_topic", "")).lower(),
            )
        )
    searches: dict[str, list[SearchRule]] = {"contact": [], "promotion": []}
    for table, found in searches.items():
        for i, item in enumerate(data.get(table, [])):
            where = f"{source}: [[{table}]] #{i + 1} ({item.get('name', '?')})"
            found.append(
                SearchRule(
                    name=str(item.get("name", f"{table}-{i + 1}")),
                    pattern=_compile(item.get("search"), where),
                    reason=str(item.get("reason", table)),
                    source=source,
                )
            )
    return RuleSet(
        lines=tuple(lines),
        contacts=tuple(searches["contact"]),
        promotions=tuple(searches["promotion"]),
        promotion_words=_words(data, "promotion_words", source),
        title_words=_words(data, "title_words", source),
        sources=(source,),
    )


def load_rules(paths: tuple[Path, ...] | list[Path]) -> RuleSet:
    """Load and merge rule files in order."""
    rules = RuleSet()
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConversionError(f"cannot read rule file: {exc}", path=str(path)) from None
        rules = rules.merged(parse_rules(text, str(path)))
    return rules
