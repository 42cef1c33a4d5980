#!/usr/bin/env python3
"""Measure docconv's cleaning quality: one Markdown table per evaluation set.

    .venv/bin/python scripts/eval.py                      # dev, tuning, heldout, real, realtxt
    .venv/bin/python scripts/eval.py --quick              # a fixed small sample (CI)
    .venv/bin/python scripts/eval.py --sets dev,real --json eval.json --keep eval-out
    .venv/bin/python scripts/eval.py --external           # also the external PDFs and web pages (slow)

Sets (each is skipped, with a line saying why, when its data or generator is absent):
  dev       ../shared/corpus/dev: generated txt/html/pdf inputs with gold documents, scored by its score.py
  tuning    site families from the generator (``python -m scripts.sitegen --split tuning``), scored by
  heldout   dev/score.py from the generator's manifest; held-out families are never used for tuning
  real      ../shared/corpus/real against the hand-written tests/data/real_expected.json
            (scripts/eval_real.py: must-keep sentences, must-drop furniture, headings, title)
  realtxt   ../shared/corpus/realtxt: real scraped pages labelled line by line, scored by its score.py
  structures  generated PDFs and HTML with known tables, figures, lists and footnotes
            (scripts/structset.py): cell accuracy (ruled, unruled), figures with captions, lists,
            linked footnotes, per input format, read in-process (no writer)
  external  ../shared/corpus/external/pdf/gt: PDFs with docling's Markdown, scored by score_pdf.py
  web       ../shared/corpus/external/web: real web pages from trafilatura's benchmark, scored by
            score_web.py ('with' snippets kept, 'without' snippets left out; --quick: every 8th page)

Every set runs the installed ``docconv convert FILES -t md -q -o DIR`` (the one beside this Python,
installed plugins switched off unless --with-plugins) and scores its outputs. Columns: n inputs;
leak % (furniture kept); loss % (sentences or body lines lost); CER %; spaces inside CJK text per 1000
characters; paragraph F1; heading F1; title ok (share of titles right). A column the set's scorer
cannot give is "—". The exit status is 0 whatever the quality: this script measures, the tests
enforce thresholds.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DEV = CORPUS / "dev"
REALTXT = CORPUS / "realtxt"
EXTERNAL = CORPUS / "external"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import eval_real  # noqa: E402

ALL_SETS = ("dev", "tuning", "heldout", "real", "realtxt", "structures", "external", "web")
WEB_QUICK_STEP = 8  # --quick: every 8th web page
DEFAULT_SETS = ("dev", "tuning", "heldout", "real", "realtxt", "structures")
FORMATS = ("txt", "html", "pdf")
METRICS = ("leak", "loss", "cer", "cjk_space", "para_f1", "head_f1", "title_ok")
#: --quick: the real documents converted (all the txt files and two one-page PDFs)
QUICK_REAL_PDFS = ("zh-anhui-land-use-standard-2020-p173.pdf", "en-textbook-earth-science-ch1.pdf")
GEN_DOCS, GEN_DOCS_QUICK, GEN_SEED = 8, 2, 11
DASH = "\u2014"

Result = dict[str, Any]


# ----------------------------------------------------------------------------- running docconv


def docconv_command() -> list[str]:
    """The installed docconv: the console script beside this Python, else on PATH, else -m convert."""
    beside = Path(sys.executable).with_name("docconv")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("docconv")
    return [found] if found else [sys.executable, "-m", "convert"]


def docconv_env(with_plugins: bool) -> dict[str, str]:
    env = dict(os.environ)
    if not with_plugins:
        env["DOCCONV_DISABLE_PLUGINS"] = "1"
    return env


def run_docconv(inputs: list[Path], outdir: Path, args: argparse.Namespace, timeout: float | None = None) -> dict:
    """Convert ``inputs`` to Markdown in a fresh ``outdir``; failures are reported, not raised."""
    shutil.rmtree(outdir, ignore_errors=True)  # a kept folder from an earlier run: no stale outputs
    outdir.mkdir(parents=True)
    if not inputs:
        return {"status": 0, "errors": [], "warnings": [], "seconds": 0.0}
    cmd = [*docconv_command(), "convert", *map(str, inputs), "-o", str(outdir), "-t", "md", "-q"]
    cmd += ["--no-notices"]  # (docconv's own notices are not the document's text: not scored)
    cmd += ["--jobs", str(args.jobs), "--timeout", str(timeout if timeout is not None else args.timeout)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=docconv_env(args.with_plugins), check=False)
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
    warnings = [ln for ln in lines if ": warning:" in ln]
    errors = [ln for ln in lines if ln not in warnings]
    return {"status": proc.returncode, "errors": errors, "warnings": warnings, "seconds": time.perf_counter() - start}


def output_for(source: Path, outdir: Path) -> Path:
    """docconv names an output after the input's stem, or its whole name when stems collide."""
    whole = outdir / f"{source.name}.md"
    return whole if whole.exists() else outdir / f"{source.stem}.md"


def read_output(source: Path, outdir: Path) -> str | None:
    path = output_for(source, outdir)
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else None


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def conversion_info(conversion: dict) -> dict:
    return {
        "errors": conversion["errors"],
        "warnings": conversion["warnings"],
        "convert_seconds": conversion["seconds"],
    }


def skipped(name: str, title: str, why: str) -> Result:
    return {"name": name, "title": title, "status": "skipped", "note": why, "rows": {}}


def empty_row() -> dict[str, Any]:
    return {"n": 0, **dict.fromkeys(METRICS)}


# ----------------------------------------------------------------------------- manifest sets (dev, generated)


def score_manifest(manifest_path: Path, outdir: Path, name: str, title: str, conversion: dict) -> Result:
    """Score ``outdir`` against a generator manifest with dev/score.py (its metrics and aggregation)."""
    score = load_module(DEV / "score.py", "dev_score")
    man = json.loads(manifest_path.read_text(encoding="utf-8"))
    base = manifest_path.parent
    golds: dict[str, Any] = {}
    cases = []
    for case in man["cases"]:
        gold_path = (base / case["gold"]).resolve()
        if gold_path not in golds:
            golds[gold_path] = score.Doc(gold_path.read_text(encoding="utf-8"))
        text = read_output(base / case["path"], outdir)
        row = score.score_case(case, golds[gold_path], score.Doc(text or ""))
        row.update(id=case["id"], format=case["format"], lang=case.get("lang"), missing=text is None)
        cases.append(row)
    rows: dict[str, dict] = {}
    formats = [f for f in FORMATS if any(c["format"] == f for c in cases)]
    formats += sorted({c["format"] for c in cases} - set(formats))
    groups = [(f, [c for c in cases if c["format"] == f]) for f in formats]
    if len(groups) > 1:
        groups.append(("all", cases))
    for fmt, group in groups:
        agg = score.aggregate(group)
        rows[fmt] = {"n": agg["n"], **{m: agg[m] for m in METRICS}, "head_f1_text": agg["head_f1_text"]}
    missing = [c["id"] for c in cases if c["missing"]]
    note = f"{len(missing)} output(s) missing, scored as empty: {', '.join(missing)}" if missing else ""
    return {
        "name": name,
        "title": title,
        "status": "ok",
        "note": note,
        "rows": rows,
        "cases": cases,
        **conversion_info(conversion),
    }


def eval_dev(work: Path, args: argparse.Namespace) -> Result:
    title = "dev corpus (../shared/corpus/dev, scored by its score.py)"
    manifest = DEV / "inputs" / "manifest.json"
    if not (manifest.exists() and (DEV / "score.py").exists()):
        return skipped("dev", title, f"{DEV} is absent")
    man = json.loads(manifest.read_text(encoding="utf-8"))
    inputs = [manifest.parent / c["path"] for c in man["cases"]]
    conversion = run_docconv(inputs, work / "dev", args)
    return score_manifest(manifest, work / "dev", "dev", title, conversion)


def generator_available() -> bool:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:  # ``python -m scripts.sitegen`` needs a module, or a package with a __main__
        spec = importlib.util.find_spec("scripts.sitegen")
        if spec is None or spec.submodule_search_locations is None:
            return spec is not None
        return importlib.util.find_spec("scripts.sitegen.__main__") is not None
    except Exception:  # a half-written generator that does not even import
        return False


def eval_generated(split: str, work: Path, args: argparse.Namespace) -> Result:
    docs = args.gen_docs if args.gen_docs is not None else GEN_DOCS_QUICK if args.quick else GEN_DOCS
    kind = "held-out" if split == "heldout" else "tuning"
    title = f"{kind} generated site families ({docs} docs x {len(FORMATS)} formats, seed {args.gen_seed})"
    if not generator_available():
        return skipped(split, title, "generator not available")
    if not (DEV / "score.py").exists():
        return skipped(split, title, f"{DEV / 'score.py'} (the scorer) is absent")
    gen = work / f"gen-{split}"
    shutil.rmtree(gen, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "scripts.sitegen",
        "--out",
        str(gen),
        "--split",
        split,
        "--seed",
        str(args.gen_seed),
        "--formats",
        ",".join(FORMATS),
        "--docs",
        str(docs),
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    manifest = gen / "inputs" / "manifest.json"
    if proc.returncode != 0 or not manifest.exists():
        tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        return skipped(split, title, f"generator failed (exit {proc.returncode}): {tail}")
    gen_seconds = time.perf_counter() - start
    man = json.loads(manifest.read_text(encoding="utf-8"))
    inputs = [manifest.parent / c["path"] for c in man["cases"]]
    conversion = run_docconv(inputs, work / split, args)
    result = score_manifest(manifest, work / split, split, title, conversion)
    result["generate_seconds"] = gen_seconds
    return result


# ----------------------------------------------------------------------------- real documents


def eval_real_set(work: Path, args: argparse.Namespace) -> Result:
    title = "real documents (../shared/corpus/real, hand-written tests/data/real_expected.json)"
    expected = eval_real.load_expected()
    names = [n for n in expected if (eval_real.REAL / n).exists()]
    if not names:
        return skipped("real", title, f"{eval_real.REAL} is absent")
    if args.quick:
        names = [n for n in names if expected[n]["format"] == "txt" or n in QUICK_REAL_PDFS]
    conversion = run_docconv([eval_real.REAL / n for n in names], work / "real", args)
    cases = []
    for n in names:
        text = read_output(eval_real.REAL / n, work / "real")
        row = eval_real.score_document(expected[n], text or "")
        row.update(id=n, format=expected[n]["format"], missing=text is None)
        cases.append(row)
    rows = {}
    groups = [(f, [c for c in cases if c["format"] == f]) for f in FORMATS]
    groups = [(f, g) for f, g in groups if g]
    if len(groups) > 1:
        groups.append(("all", cases))
    for fmt, group in groups:
        keep, drop = sum(c["must_keep"] for c in group), sum(c["must_drop"] for c in group)
        rows[fmt] = {
            **empty_row(),
            "n": len(group),
            "leak": sum(len(c["leaked"]) for c in group) / drop if drop else 0.0,
            "loss": sum(len(c["lost"]) for c in group) / keep if keep else 0.0,
            "head_f1": sum(c["head_f1"] for c in group) / len(group),
            "title_ok": sum(c["title_ok"] for c in group) / len(group),
        }
    missing = [c["id"] for c in cases if c["missing"]]
    note = f"{len(missing)} output(s) missing: {', '.join(missing)}" if missing else ""
    return {
        "name": "real",
        "title": title,
        "status": "ok",
        "note": note,
        "rows": rows,
        "cases": cases,
        **conversion_info(conversion),
    }


def real_details(result: Result) -> str:
    """Per-document table of the real set."""
    lines = [
        "| document | title ok | head P / R / F1 | levels ok | kept | dropped | whole paragraphs |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in result.get("cases", []):
        levels = DASH if c["head_levels"] is None else f"{100 * c['head_levels']:.0f}%"
        lines.append(
            f"| {c['id']} | {'yes' if c['title_ok'] else 'no'} | {c['head_precision']:.2f} / {c['head_recall']:.2f} / "
            f"{c['head_f1']:.2f} | {levels} | {c['kept']}/{c['must_keep']} | {c['dropped']}/{c['must_drop']} | "
            f"{c['paragraphs_ok']}/{c['paragraphs']} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------- realtxt


def eval_realtxt(work: Path, args: argparse.Namespace) -> Result:
    title = "realtxt (../shared/corpus/realtxt: real scraped pages labelled by line, scored by its score.py)"
    if not ((REALTXT / "score.py").exists() and (REALTXT / "labels.json").exists()):
        return skipped("realtxt", title, f"{REALTXT} is absent")
    score = load_module(REALTXT / "score.py", "realtxt_score")
    labels = json.loads((REALTXT / "labels.json").read_text(encoding="utf-8"))
    sources = {n: REALTXT / "cases" / f"{n}.txt" for n in labels}
    conversion = run_docconv(list(sources.values()), work / "realtxt", args)
    cases = {n: p.read_text(encoding="utf-8") for n, p in sources.items()}
    outputs = {n: read_output(p, work / "realtxt") or "" for n, p in sources.items()}
    res = score.score_system("docconv", outputs, cases, labels)
    t = res["totals"]
    row = {
        **empty_row(),
        "n": len(labels),
        "leak": t["leak_lines"],
        "loss": t["loss_lines"],
        "title_ok": t["t_found"] / t["t_cases"] if t["t_cases"] else None,
    }
    fm = {k[3:]: v for k, v in t.items() if k.startswith("fm_")}
    note = (
        f"by characters: leak {100 * t['leak_chars']:.1f} %, loss {100 * t['loss_chars']:.1f} %; "
        f"titles found {t['t_found']}/{t['t_cases']}; front-matter title from: "
        + ", ".join(f"{k} {v}" for k, v in sorted(fm.items()))
    )
    return {
        "name": "realtxt",
        "title": title,
        "status": "ok",
        "note": note,
        "rows": {"txt": row},
        "totals": t,
        "cases": res["cases"],
        **conversion_info(conversion),
    }


# ----------------------------------------------------------------------------- external PDFs


def run_scorer(script: str, outdir: Path, report: Path, *extra: str) -> dict[str, Any] | str:
    """Run one of ../shared/corpus/external's scorers on ``outdir``: its --json figures, or
    why it failed."""
    cmd = [sys.executable, str(EXTERNAL / script), str(outdir), "--json", str(report), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not report.exists():
        return f"{script} failed: {proc.stderr.strip()[-300:]}"
    return json.loads(report.read_text(encoding="utf-8"))


def eval_external(work: Path, args: argparse.Namespace) -> Result:
    title = "external PDFs with ground truth (../shared/corpus/external/pdf/gt, scored by score_pdf.py)"
    gt = EXTERNAL / "pdf" / "gt"
    pdfs = sorted(gt.glob("*.pdf")) if gt.is_dir() else []
    if not (pdfs and (EXTERNAL / "score_pdf.py").exists()):
        return skipped("external", title, f"{gt} is absent")
    outdir = work / "external"
    conversion = run_docconv(pdfs, outdir, args, timeout=300)
    scores = run_scorer("score_pdf.py", outdir, work / "external-scores.json")
    if isinstance(scores, str):
        return skipped("external", title, scores)
    summary = scores["summary"]
    allrow = summary["all"]
    row = {**empty_row(), "n": allrow["docs"], "para_f1": allrow["para_f1"], "head_f1": allrow["heading_f1"]}
    note = (
        "NED body (lower is better): "
        + ", ".join(f"{k} {v['ned']:.3f} ({v['docs']} docs)" for k, v in summary.items() if v.get("ned") is not None)
        + f"; lower-case paragraph starts {allrow['lower']} (ground truth {allrow['lower_gt']})"
    )
    return {
        "name": "external",
        "title": title,
        "status": "ok",
        "note": note,
        "rows": {"pdf": row},
        "summary": summary,
        "cases": scores["docs"],
        **conversion_info(conversion),
    }


# ----------------------------------------------------------------------------- structures (generated)


def eval_structures(work: Path, args: argparse.Namespace) -> Result:
    """The generated structures set: known tables, figures, lists and footnotes, scored on
    the cleaned documents (scripts/structset.py; its own columns)."""
    title = "generated tables, figures, lists and footnotes (scripts/structset.py, read in-process)"
    import structset  # (scripts/ is on the path; a dataclass module must be imported, not exec'd)

    outdir = work / "structures"
    structset.generate(outdir, seed=args.gen_seed, docs=2 if args.quick else 4)
    rows = structset.score(outdir)
    errors = [e for r in rows.values() for e in r["errors"]]
    return {
        "name": "structures",
        "title": title,
        "status": "ok",
        "rows": {},
        "markdown": structset.report(rows),
        "scores": rows,
        "errors": errors,
    }


# ----------------------------------------------------------------------------- external web pages


def eval_web(work: Path, args: argparse.Namespace) -> Result:
    title = "real web pages (../shared/corpus/external/web, trafilatura's benchmark, scored by score_web.py)"
    pages_dir = EXTERNAL / "web" / "pages"
    pages = sorted(pages_dir.glob("*.html")) if pages_dir.is_dir() else []
    if not (pages and (EXTERNAL / "score_web.py").exists()):
        return skipped("web", title, f"{pages_dir} is absent")
    if args.quick:
        pages = pages[::WEB_QUICK_STEP]
    outdir = work / "web"
    conversion = run_docconv(pages, outdir, args)
    extra: list[str] = []
    if args.quick:  # score the sample only
        snippets = json.loads((EXTERNAL / "web" / "snippets.json").read_text(encoding="utf-8"))
        sample = work / "web-snippets.json"
        names = {p.name for p in pages}
        sample.write_text(json.dumps({k: v for k, v in snippets.items() if k in names}), encoding="utf-8")
        extra = ["--snippets", str(sample)]
    scores = run_scorer("score_web.py", outdir, work / "web-scores.json", *extra)
    if isinstance(scores, str):
        return skipped("web", title, scores)
    summary = scores["summary"]
    row = {**empty_row(), "n": len(pages)}
    refused = sum(1 for p in pages if not output_for(p, outdir).exists())
    note = (
        f"precision {summary['precision']:.3f}, recall {summary['recall']:.3f}, F1 {summary['f1']:.3f} "
        f"(tp/fp/fn/tn {summary['tp']}/{summary['fp']}/{summary['fn']}/{summary['tn']}); "
        f"pages without an output {refused}"
    )
    return {
        "name": "web",
        "title": title,
        "status": "ok",
        "note": note,
        "rows": {"html": row},
        "summary": {**summary, "refused": refused},
        "cases": scores["pages"],
        **conversion_info(conversion),
    }


# ----------------------------------------------------------------------------- output


def cell(value: float | None, kind: str) -> str:
    if value is None:
        return DASH
    if kind == "pct":
        return f"{100 * value:.1f}"
    if kind == "share":
        return f"{100 * value:.0f}%"
    if kind == "f1":
        return f"{value:.2f}"
    return f"{value:.1f}"


def table(result: Result) -> str:
    lines = [
        "| format | n | leak % | loss % | CER % | CJK spaces/1k | para F1 | head F1 | title ok |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for fmt, r in result["rows"].items():
        lines.append(
            f"| {fmt} | {r['n']} | {cell(r['leak'], 'pct')} | {cell(r['loss'], 'pct')} | {cell(r['cer'], 'pct')} "
            f"| {cell(r['cjk_space'], 'num')} | {cell(r['para_f1'], 'f1')} | {cell(r['head_f1'], 'f1')} "
            f"| {cell(r['title_ok'], 'share')} |"
        )
    return "\n".join(lines)


def report(result: Result) -> str:
    seconds = result.get("seconds")
    timing = f" ({seconds:.1f} s)" if seconds is not None else ""
    parts = [f"## {result['name']}: {result['title']}{timing}", ""]
    if result["status"] != "ok":
        label = {"heldout": "held-out generated", "tuning": "tuning generated"}.get(result["name"], result["name"])
        parts.append(f"{label}: {result['note']}")
        return "\n".join(parts)
    parts.append(result.get("markdown") or table(result))  # (a set with columns of its own)
    if result["name"] == "real":
        parts += ["", real_details(result)]
    if result.get("note"):
        parts += ["", result["note"]]
    if result.get("errors"):
        parts += ["", f"docconv reported {len(result['errors'])} error line(s):"]
        parts += [f"    {e}" for e in result["errors"][:10]]
    if result.get("warnings"):
        parts += ["", f"docconv warnings: {len(result['warnings'])} (see --json)"]
    return "\n".join(parts)


def docconv_version() -> str:
    try:
        proc = subprocess.run([*docconv_command(), "--version"], capture_output=True, text=True, check=False)
        return proc.stdout.strip() or proc.stderr.strip()
    except OSError as exc:
        return f"docconv not runnable: {exc}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="eval.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
    )
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help=f"comma-separated, from {','.join(ALL_SETS)}")
    ap.add_argument("--external", action="store_true", help="also the external PDFs and web pages (slow)")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="a fixed small sample: dev all, generated 2 docs x 3 formats, realtxt all, real txt + 2 PDFs",
    )
    ap.add_argument("--json", type=Path, metavar="FILE", help="write every number (and per-case details) here")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="keep the generated inputs and outputs in DIR")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="docconv --jobs (default: all cores)")
    ap.add_argument("--timeout", type=float, default=120.0, help="docconv --timeout per file (external: 300)")
    ap.add_argument(
        "--gen-docs",
        type=int,
        help=f"generated documents per split (default {GEN_DOCS}, --quick "
        f"{GEN_DOCS_QUICK}); each is rendered as txt, html and pdf",
    )
    ap.add_argument("--gen-seed", type=int, default=GEN_SEED, help="generator seed (default %(default)s)")
    ap.add_argument("--with-plugins", action="store_true", help="let docconv load installed plugins")
    args = ap.parse_args(argv)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in sets if s not in ALL_SETS]
    if unknown:
        ap.error(f"unknown set(s): {', '.join(unknown)} (choose from {', '.join(ALL_SETS)})")
    if args.external:
        sets += [s for s in ("external", "web") if s not in sets]
    args.sets = sets
    return args


RUNNERS: dict[str, Callable[[Path, argparse.Namespace], Result]] = {
    "dev": eval_dev,
    "tuning": lambda work, args: eval_generated("tuning", work, args),
    "heldout": lambda work, args: eval_generated("heldout", work, args),
    "real": eval_real_set,
    "realtxt": eval_realtxt,
    "structures": eval_structures,
    "external": eval_external,
    "web": eval_web,
}


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    print(f"# docconv quality ({docconv_version()}{', quick sample' if args.quick else ''})\n", flush=True)
    for name in args.sets:
        start = time.perf_counter()
        try:
            result = RUNNERS[name](work, args)
        except Exception as exc:  # one broken set must not hide the others
            result = skipped(name, name, f"failed: {type(exc).__name__}: {exc}")
        result["seconds"] = time.perf_counter() - start
        results[name] = result
        print(report(result) + "\n", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = run(args, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="docconv-eval-") as tmp:
            results = run(args, Path(tmp))
    total = time.perf_counter() - start
    print(f"total {total:.1f} s")
    if args.json:
        data = {"docconv": docconv_version(), "quick": args.quick, "seconds": total, "sets": results}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
