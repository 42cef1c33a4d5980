"""scripts/eval.py: the quality tables are produced, with numbers in range, and its dev-corpus
numbers agree with the test harness (tests/scoring.py) and the bar of tests/test_seed_and_dev.py."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import DEV, ROOT, SHARED, need_shared
from scoring import score_outputs
from test_seed_and_dev import FLOORS, FORMATS, LIMITS


def _load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docconv_eval", ROOT / "scripts" / "eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["docconv_eval"] = module
    spec.loader.exec_module(module)
    return module


ev = _load_eval()
FRACTIONS = ("leak", "loss", "cer", "para_f1", "head_f1", "title_ok")


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, Path]:
    """One quick run of dev, the held-out families and realtxt: (printed tables, --json data,
    --keep folder)."""
    need_shared(DEV / "inputs" / "manifest.json")
    need_shared(SHARED / "corpus" / "realtxt" / "labels.json")
    tmp = tmp_path_factory.mktemp("eval")
    keep, out = tmp / "keep", tmp / "eval.json"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        status = ev.main(["--quick", "--sets", "dev,heldout,realtxt", "--json", str(out), "--keep", str(keep)])
    assert status == 0
    return buf.getvalue(), json.loads(out.read_text(encoding="utf-8")), keep


def _table_rows(printed: str, set_name: str) -> dict[str, list[str]]:
    section = printed.split(f"## {set_name}:", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] not in ("format",) and not cells[0].startswith("-"):
            rows[cells[0]] = cells[1:]
    return rows


def test_tables_are_printed_with_numbers_in_range(quick) -> None:  # type: ignore[no-untyped-def]
    printed, data, _ = quick
    header = "| format | n | leak % | loss % | CER % | CJK spaces/1k | para F1 | head F1 | title ok |"
    assert printed.count(header) == 3  # dev, heldout, realtxt
    dev_rows = _table_rows(printed, "dev")
    assert set(FORMATS) <= set(dev_rows)
    for fmt in FORMATS:
        cells = dev_rows[fmt]
        assert len(cells) == 8 and int(cells[0]) >= 1
        assert all(re.fullmatch(r"\d+(\.\d+)?%?", c) for c in cells), cells
    realtxt = _table_rows(printed, "realtxt")
    assert list(realtxt) == ["txt"]
    n, leak, loss, cer, cjk, para, head, title = realtxt["txt"]
    assert int(n) == 16 and 0 <= float(leak) <= 100 and 0 <= float(loss) <= 100 and title.endswith("%")
    assert cer == cjk == para == head == "\u2014"

    for name in ("dev", "realtxt"):
        result = data["sets"][name]
        assert result["status"] == "ok"
        for fmt, row in result["rows"].items():
            assert row["n"] >= 1, (name, fmt)
            for metric in FRACTIONS:
                assert row[metric] is None or 0.0 <= row[metric] <= 1.0, (name, fmt, metric, row[metric])
            assert row["cjk_space"] is None or row["cjk_space"] >= 0.0
    assert data["quick"] is True


def test_dev_numbers_agree_with_the_test_harness(quick) -> None:  # type: ignore[no-untyped-def]
    """eval.py (installed CLI, subprocess) and tests/scoring.py (same outputs) give the same numbers,
    and those numbers meet the dev-corpus bar that tests/test_seed_and_dev.py enforces."""
    _, data, keep = quick
    rows = data["sets"]["dev"]["rows"]
    by_format, _ = score_outputs(keep / "dev", FORMATS)
    for fmt in FORMATS:
        for metric in (*LIMITS, *FLOORS, "n"):
            assert rows[fmt][metric] == pytest.approx(by_format[fmt][metric]), (fmt, metric)
        for metric, limit in LIMITS.items():
            assert rows[fmt][metric] <= limit, (fmt, metric, rows[fmt][metric])
        for metric, floor in FLOORS.items():
            assert rows[fmt][metric] >= floor, (fmt, metric, rows[fmt][metric])


def test_unavailable_sets_say_why() -> None:
    result = ev.skipped("heldout", "held-out generated site families", "generator not available")
    assert "held-out generated: generator not available" in ev.report(result)
    result = ev.skipped("tuning", "tuning generated site families", "generator not available")
    assert "tuning generated: generator not available" in ev.report(result)


def test_sets_option() -> None:
    args = ev.parse_args(["--sets", "dev,real", "--external"])
    assert args.sets == ["dev", "real", "external", "web"]
    assert ev.parse_args([]).sets == list(ev.DEFAULT_SETS)
    with pytest.raises(SystemExit):
        ev.parse_args(["--sets", "nope"])


#: What the real scraped pages (realtxt) must keep meeting. Body loss is the issue-11 target
#: (at most 1 % of lines); leak and furniture titles are guards against going back (the
#: target is a leak of at most 10 % and no title taken from furniture).
REALTXT_MAX_LOSS = 0.01
REALTXT_MAX_LEAK = 0.10  # the issue-11 target; measured 6.2 % (5 of 81 lines)
REALTXT_MAX_FURNITURE_TITLES = 0  # the issue-11 target


def test_realtxt_keeps_the_body_and_does_not_slide_back(quick) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = quick
    totals = data["sets"]["realtxt"]["totals"]
    assert totals["loss_lines"] <= REALTXT_MAX_LOSS, totals
    assert totals["leak_lines"] <= REALTXT_MAX_LEAK, totals
    assert totals.get("fm_furniture", 0) <= REALTXT_MAX_FURNITURE_TITLES, totals


#: What the held-out generated families (the quick sample) must keep meeting. Loss, headings and
#: titles are at the issue-11 targets; leak and paragraphs are guards against going back (the
#: target is a leak of at most 2 % and paragraph F1 of at least 0.95).
HELDOUT_MAX_LOSS = 0.005
HELDOUT_MIN_HEAD_F1 = 0.95
HELDOUT_MAX_LEAK = 0.35  # the quick sample has ~10 furniture lines per format: one line is 10 % (measured <= 30 %)
HELDOUT_MIN_PARA_F1 = 0.88  # measured 0.90 (txt)


def test_heldout_families_keep_the_text_and_do_not_slide_back(quick) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = quick
    rows = data["sets"]["heldout"]["rows"]
    for fmt in FORMATS:
        row = rows[fmt]
        assert row["loss"] <= HELDOUT_MAX_LOSS, (fmt, row)
        assert row["head_f1"] >= HELDOUT_MIN_HEAD_F1, (fmt, row)
        assert row["title_ok"] == 1.0, (fmt, row)
        assert row["leak"] <= HELDOUT_MAX_LEAK, (fmt, row)
        assert row["para_f1"] >= HELDOUT_MIN_PARA_F1, (fmt, row)


#: What the external sets (issue 12) must keep meeting: real web pages from trafilatura's
#: benchmark and real PDFs with docling's ground truth, the whole development half of each.
#: Guards a little under the measured figures; the targets are web F1 >= 0.93 and, for PDFs,
#: NED at most pdftotext's (0.181), heading F1 >= 0.80 and paragraph F1 >= 0.75.
WEB_MIN_F1 = 0.895  # measured 0.908 (precision 0.883, recall 0.934; 0.888 before the <article> and leads)
WEB_MIN_PRECISION = 0.87  # measured 0.883
WEB_MAX_REFUSED = 0  # measured 0 (4 before the noscript/aside fallback and the XML declaration)
PDF_MAX_NED_REAL = 0.13  # measured 0.113 over the 11 real PDFs (pdftotext 0.178)
PDF_MAX_NED_ALL = 0.14  # measured 0.120 over all 20 (pdftotext 0.181): right-to-left text in reading order
PDF_MIN_HEAD_F1 = 0.80  # measured 0.869 (the target)
PDF_MIN_PARA_F1 = 0.74  # measured 0.755 (0.71 before code listings were blocks, 0.738 before open-sided
# tables, hair-lower row starts, narrow gutters and sidebar columns)


@pytest.fixture(scope="module")
def external(tmp_path_factory: pytest.TempPathFactory) -> dict:
    need_shared(SHARED / "corpus" / "external" / "score_web.py")
    out = tmp_path_factory.mktemp("external") / "eval.json"
    with contextlib.redirect_stdout(io.StringIO()):
        assert ev.main(["--sets", "external,web", "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))["sets"]


def test_real_web_pages_keep_their_text_and_leave_the_furniture(external) -> None:  # type: ignore[no-untyped-def]
    web = external["web"]
    assert web["status"] == "ok", web
    summary = web["summary"]
    assert summary["f1"] >= WEB_MIN_F1, summary
    assert summary["precision"] >= WEB_MIN_PRECISION, summary
    assert summary["refused"] <= WEB_MAX_REFUSED, summary


def test_real_pdfs_with_ground_truth_do_not_slide_back(external) -> None:  # type: ignore[no-untyped-def]
    pdf = external["external"]
    assert pdf["status"] == "ok", pdf
    summary = pdf["summary"]
    assert summary["real"]["ned"] <= PDF_MAX_NED_REAL, summary["real"]
    assert summary["all"]["ned"] <= PDF_MAX_NED_ALL, summary["all"]
    assert summary["all"]["heading_f1"] >= PDF_MIN_HEAD_F1, summary["all"]
    assert summary["all"]["para_f1"] >= PDF_MIN_PARA_F1, summary["all"]
