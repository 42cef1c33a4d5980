"""Real documents (../shared/corpus/real) against their hand-written structure.

``tests/data/real_expected.json`` says, per document, what a careful reader finds: the title, the
headings, sentences that must survive, furniture that must go and texts that must each be one
paragraph (``scripts/eval_real.py`` scores it; ``scripts/eval.py`` prints it as the ``real`` set).

What docconv meets today is asserted. What it does not meet yet is listed in ``KNOWN`` and tested
separately as ``xfail(strict=True)``: such a test turns red the day docconv starts meeting it, and
then its entry in ``KNOWN`` is removed so that it stays met. For list expectations (sentences,
furniture, headings, paragraphs) only the listed items are excused; every other item is asserted.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REAL, ROOT, need_shared


def _load_scorer() -> ModuleType:
    path = ROOT / "scripts" / "eval_real.py"
    spec = importlib.util.spec_from_file_location("eval_real", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_real", module)
    spec.loader.exec_module(module)
    return module


eval_real = _load_scorer()
EXPECTED = eval_real.load_expected()
ISSUE = "issue 11"

# What docconv does not do yet, per document: for list checks the items excused (exactly as in the
# JSON), for the other checks just the reason. Each reason says what docconv outputs instead.
KNOWN: dict[str, dict[str, tuple[str, list[str]] | str]] = {
    "en-federal-register-2020-17221.pdf": {
        "title": "the title is 'Proposed Rules' (the page-1 section masthead); the rule's title is a ### heading",
        "no_extra_headings": "11 false headings: the rule's title (as ###), 'Federal Register' (masthead), "
        "'FOR FURTHER INFORMATION CONTACT: Ian', 'in the FOR FURTHER INFORMATION', list items '(2) Will not "
        "affect...', '(3) ...' (as ##), 'Note 1/2 to paragraph ...', 'Lance T. Gant,', 'BILLING CODE 4910-13-P'",
        "heading_levels": "every section heading is ### (expected ##), so the 9 pt sections and the 8 pt AD "
        "paragraphs (a)-(q) share one level",
        "must_drop": (
            "the page-1 masthead 'Federal Register / Vol. 85, No. 152 / Thursday, August 6, 2020' is kept "
            "(as a ### heading and two paragraphs, in the middle of 'Comments Invited'), and so is the billing code",
            ["Vol. 85, No. 152", "BILLING CODE 4910\u201313\u2013P"],
        ),
        "paragraphs": (
            "paragraphs that continue in the next column are split there (the CBI paragraph at "
            "'\u2018\u2018PROPIN.\u2019\u2019', the comments paragraph around the page-1 masthead)",
            [
                EXPECTED["en-federal-register-2020-17221.pdf"]["paragraphs"][0],
                EXPECTED["en-federal-register-2020-17221.pdf"]["paragraphs"][1],
            ],
        ),
    },
    "en-arxiv-paper-creativity-ml.pdf": {
        "no_extra_headings": "references that start with an initial ('J. Johnson, \u201cneural-style,\u201d \u2026') "
        "and appendix sample names ('A. Shakespeare') become ### headings beside the lettered subsections",
        "headings_found": (
            "none of the 20 section headings (small-caps 'I. INTRODUCTION' ..., lettered subsections, "
            "REFERENCES, APPENDIX A) is a heading: each is a paragraph of its own",
            [h["text"] for h in EXPECTED["en-arxiv-paper-creativity-ml.pdf"]["headings"]],
        ),
    },
    "en-scotus-transcript-p1.pdf": {
        "must_drop": (
            "the reporter's footer 'Alderson Reporting Company' is kept as the last paragraph",
            ["Alderson Reporting Company"],
        ),
        "paragraphs": (
            "each appearance is split at its numbered line break ('... Deputy Attorney General, Los' / "
            "'Angeles, Cal.; on behalf of the Petitioner.')",
            [
                "STEVEN E. MERCER, ESQ., Deputy Attorney General, Los Angeles, Cal.; on behalf of the Petitioner.",
                "CHARLES M. SEVILLA, ESQ., San Diego, Cal.; on behalf of the Respondent.",
            ],
        ),
    },
}

LIST_CHECKS = ("must_keep", "must_drop", "headings_found", "paragraphs")
WHOLE_CHECKS = ("title", "no_extra_headings", "heading_levels")


@cache
def markdown(name: str) -> str:
    from convert.app.inputs import load_source
    from convert.app.pipeline import convert_source
    from convert.app.plugins import build_registry
    from convert.core.contracts import Options
    from convert.writers.markdown import render

    path = need_shared(REAL / name)
    return render(convert_source(load_source(path), build_registry(load_entry_points=False), Options()))


@cache
def scores(name: str) -> dict:
    return eval_real.score_document(EXPECTED[name], markdown(name))


def failing(name: str, check: str) -> list[str]:
    """The items of a list check that docconv does not meet."""
    s = scores(name)
    return {
        "must_keep": s["lost"],
        "must_drop": s["leaked"],
        "headings_found": s["headings_missed"],
        "paragraphs": s["paragraphs_broken"],
    }[check]


def whole_problem(name: str, check: str) -> str | None:
    """What is wrong for a whole check, or None when docconv meets it."""
    s = scores(name)
    if check == "title":
        return None if s["title_ok"] else f"title {s['title']!r}, expected {EXPECTED[name]['title']!r}"
    if check == "no_extra_headings":
        return None if not s["headings_extra"] else f"headings that are none: {s['headings_extra']}"
    return None if not s["headings_wrong_level"] else f"wrong levels (text, expected, got): {s['headings_wrong_level']}"


def known_items(name: str, check: str) -> list[str]:
    entry = KNOWN.get(name, {}).get(check)
    return list(entry[1]) if isinstance(entry, tuple) else []


def test_known_failures_name_real_expectations() -> None:
    """KNOWN only excuses items that are expectations (no typos that would excuse nothing)."""
    for name, checks in KNOWN.items():
        assert name in EXPECTED, name
        for check, entry in checks.items():
            assert check in LIST_CHECKS + WHOLE_CHECKS, (name, check)
            assert isinstance(entry, tuple) == (check in LIST_CHECKS), (name, check)
            if isinstance(entry, tuple):
                field = {"headings_found": "headings"}.get(check, check)
                values = EXPECTED[name][field]
                texts = [h["text"] for h in values] if check == "headings_found" else values
                assert set(entry[1]) <= set(texts), (name, check, set(entry[1]) - set(texts))


def test_expectations_cover_every_real_document() -> None:
    present = {p.name for p in need_shared(REAL).iterdir() if p.suffix in (".txt", ".pdf")}
    assert present <= set(EXPECTED), present - set(EXPECTED)
    rural = EXPECTED["zh-rural-revitalization-opinion-2018-plain.txt"]["headings"]
    assert sum(1 for h in rural if h["level"] == 2) == 12


def _list_params() -> list:
    params = []
    for name in EXPECTED:
        for check in LIST_CHECKS:
            params.append(pytest.param(name, check, id=f"{name}-{check}"))
    return params


def _known_list_params() -> list:
    params = []
    for name, checks in KNOWN.items():
        for check, entry in checks.items():
            if isinstance(entry, tuple):
                mark = pytest.mark.xfail(strict=True, reason=f"{ISSUE}: {entry[0]}")
                params.append(pytest.param(name, check, id=f"{name}-{check}", marks=mark))
    return params


def _whole_params() -> list:
    params = []
    for name in EXPECTED:
        for check in WHOLE_CHECKS:
            reason = KNOWN.get(name, {}).get(check)
            marks = [pytest.mark.xfail(strict=True, reason=f"{ISSUE}: {reason}")] if isinstance(reason, str) else []
            params.append(pytest.param(name, check, id=f"{name}-{check}", marks=marks))
    return params


@pytest.mark.parametrize("name, check", _list_params())
def test_expectations_met_today(name: str, check: str) -> None:
    """Every item docconv is not excused for (in KNOWN) is met."""
    excused = set(known_items(name, check))
    bad = [item for item in failing(name, check) if item not in excused]
    assert not bad, f"{name}: {check} not met: {bad}"


@pytest.mark.parametrize("name, check", _known_list_params())
def test_known_gaps(name: str, check: str) -> None:
    """The items docconv does not meet yet (xfail, strict: remove the KNOWN entry when this passes)."""
    excused = known_items(name, check)
    bad = [item for item in failing(name, check) if item in excused]
    assert not bad, f"{name}: {check} still not met: {bad}"


@pytest.mark.parametrize("name, check", _whole_params())
def test_title_and_heading_shape(name: str, check: str) -> None:
    """The title is right; no output heading is a non-heading; matched headings have their levels."""
    problem = whole_problem(name, check)
    assert problem is None, f"{name}: {problem}"


# ----------------------------------------------------------------------------- the scorer itself


def test_scorer_on_a_small_document() -> None:
    expected = {
        "title": "A Report",
        "title_alternatives": [],
        "headings": [{"level": 2, "text": "1. Scope"}, {"level": 3, "text": "Details", "alt": ["1.1 Details"]}],
        "optional_headings": ["Annex"],
        "must_keep": ["The scope is \u201cwide\u201d.", "Never lost."],
        "must_drop": ["Page 3 of 9"],
        "paragraphs": ["The scope is \u201cwide\u201d. It covers all."],
    }
    md = (
        '---\ntitle: "A  Report"\n---\n\n# A Report\n\n## 1\\. Scope\n\nThe scope is "wide".\nIt covers all.\n\n'
        "#### 1.1 Details\n\n## Annex\n\n## Page 3 of 9\n"
    )
    s = eval_real.score_document(expected, md)
    assert s["title_ok"]
    assert s["head_recall"] == 1.0 and s["head_precision"] == 2 / 3
    assert s["headings_extra"] == ["## Page 3 of 9"]
    assert s["head_levels"] == 0.5 and s["headings_wrong_level"] == [("Details", 3, 4)]
    assert s["lost"] == ["Never lost."] and s["leaked"] == ["Page 3 of 9"]
    assert s["paragraphs_broken"] == []
    assert not eval_real.score_document({**expected, "title": None}, md)["title_ok"]
    assert eval_real.score_document({**expected, "title": None}, "body only\n")["title_ok"]


def test_scorer_path_is_the_repository() -> None:
    assert Path(eval_real.EXPECTED).is_file()
