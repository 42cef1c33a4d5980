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

Every known key is checked for its type (and ``max_chars`` for its range, 1 to
:data:`MAX_CHARS_LIMIT`): a wrong value is a :class:`ConversionError` naming the file, the
rule, the key and what was expected, never a Python traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ConversionError

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
LINE_KINDS = ("furniture", "page-number", "summary-ui")
TOPIC_LINES = 4  # lines using a rule's ``unless_topic`` word that make it the document's subject
WHERE = ("anywhere", "head")
HEAD_LINES = 15  # "head": the site's info block around the title
MAX_CHARS_LIMIT = 100_000  # the longest line a [[line]] rule may be set to look at
TOML_TYPES = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
}


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
    from .textutil import nfkc  # (here: the command line's --help imports this module, not textutil)

    return re.sub(r"\s+", " ", nfkc(text)).strip()  # (nfkc: each line normalised once for every step)


def _compile(pattern: object, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise ConversionError(f"{where}: a non-empty pattern string is required")
    try:
        return re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}: OverflowError
        raise ConversionError(f"{where}: bad regular expression: {exc}") from None


def _shown(value: object) -> str:
    """A wrong value as an error message shows it: its TOML type and (short) value."""
    kind = next((name for t, name in TOML_TYPES.items() if isinstance(value, t)), type(value).__name__)
    text = repr(value)
    return f"{kind} ({text[:40]}{'...' if len(text) > 40 else ''})"


def _string(item: dict[str, object], key: str, default: str, where: str, choices: tuple[str, ...] = ()) -> str:
    """``item[key]`` (or ``default``), which must be a string (one of ``choices`` if given)."""
    value = item.get(key, default)
    if not isinstance(value, str):
        raise ConversionError(f"{where}: {key} must be a string, not {_shown(value)}")
    if choices and value not in choices:
        raise ConversionError(f"{where}: {key} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _count(item: dict[str, object], key: str, default: int, where: str, high: int) -> int:
    """``item[key]`` (or ``default``), which must be a whole number from 1 to ``high``."""
    value = item.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ConversionError(f"{where}: {key} must be a whole number from 1 to {high}, not {_shown(value)}")
    return value


def _tables(data: dict[str, object], table: str, source: str) -> list[dict[str, object]]:
    """The ``[[table]]`` entries of a rule file, which must be an array of tables."""
    items = data.get(table, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ConversionError(f"{source}: {table} must be an array of tables ([[{table}]]), not {_shown(items)}")
    return items


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
    import tomllib  # (here: the command line imports this module at start-up, tomllib only when rules are read)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConversionError(f"not valid TOML: {exc}", path=source) from None
    lines: list[LineRule] = []
    for i, item in enumerate(_tables(data, "line", source)):
        where = f"{source}: [[line]] #{i + 1} ({item.get('name', '?')})"
        kind = _string(item, "kind", "furniture", where, LINE_KINDS)
        lines.append(
            LineRule(
                name=_string(item, "name", f"rule-{i + 1}", where),
                kind=kind,
                pattern=_compile(item.get("match"), where),
                reason=_string(item, "reason", kind, where),
                max_chars=_count(item, "max_chars", 60, where, MAX_CHARS_LIMIT),
                source=source,
                where=_string(item, "where", "anywhere", where, WHERE),
                unless_topic=_string(item, "unless_topic", "", where).lower(),
            )
        )
    searches: dict[str, list[SearchRule]] = {"contact": [], "promotion": []}
    for table, found in searches.items():
        for i, item in enumerate(_tables(data, table, source)):
            where = f"{source}: [[{table}]] #{i + 1} ({item.get('name', '?')})"
            found.append(
                SearchRule(
                    name=_string(item, "name", f"{table}-{i + 1}", where),
                    pattern=_compile(item.get("search"), where),
                    reason=_string(item, "reason", table, where),
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
