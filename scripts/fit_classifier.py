"""Fit the line classifier's weights (src/convert/steps/line_model.json) offline.

    .venv/bin/pip install scikit-learn          # offline only: docconv never imports it
    .venv/bin/python scripts/fit_classifier.py [--seeds 6] [--docs 12] [--dry-run]

Training data: the generator's *tuning* families only (``scripts/sitegen``, several seeds) and
the dev corpus; the held-out families are never read here, so ``make eval``'s held-out table
stays an honest measure. Each input goes through docconv's reader and the cleaning steps that
run before the classifier; every line left is labelled furniture when the generator's manifest
says it injected that text, else document. The features are
:data:`convert.steps._features.FEATURES` (no words of any one site).

The script fits a logistic regression, picks the two thresholds by leaving one family out at a
time (``drop``: the lowest score at which at most 0.2 % of document lines outside the running
text would be dropped; ``warn``: where to start warning), and writes the weights, thresholds and
the cross-validated figures to the JSON file that the ``classify`` step reads.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from convert.app.pipeline import _run_step, read  # noqa: E402
from convert.app.plugins import build_registry  # noqa: E402
from convert.app.session import Session  # noqa: E402
from convert.core.contracts import Source  # noqa: E402
from convert.core.language import guess_language  # noqa: E402
from convert.steps._features import FEATURES  # noqa: E402
from convert.steps._layout import wrap_of  # noqa: E402
from convert.steps.classifier import MODEL_FILE, Classify, document_features, scored, speech  # noqa: E402
from scripts.sitegen import build  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev" / "inputs" / "manifest.json"
MAX_BODY_DROP = 0.002  # share of all document lines a threshold may drop (they stand outside the text)


TEXTS: list[str] = []  # the lines, for --show


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def furniture_keys(case: dict) -> list[str]:
    keys = []
    for item in case.get("furniture", []):
        for part in str(item.get("text", "")).split("\n"):
            key = fold(part)
            if len(key) >= 2:
                keys.append(key)
    return keys


def is_furniture(text: str, keys: list[str]) -> bool:
    """The line is (mostly) injected text: inside one furniture item, or covered at least 60 %
    by the items it holds (a share bar or tag list is recorded item by item)."""
    key = fold(text)
    if len(key) < 2:
        return False
    covered = [False] * len(key)
    for k in keys:
        if key in k:
            return True
        start = key.find(k)
        while start >= 0:
            covered[start : start + len(k)] = [True] * len(k)
            start = key.find(k, start + 1)
    return sum(covered) >= 0.6 * len(key)


def lines_at_classifier(session: Session, path: Path):
    """The document as the classify step gets it."""
    doc = read(Source(name=path.name, data=path.read_bytes(), path=path), session)
    if not doc.meta.language:
        doc = doc.with_meta(language=guess_language("\n".join(line.text for line in doc.lines)))
    for step in session.steps():
        if step.order >= Classify.order:
            break
        doc = _run_step(step, doc, session.context, None)
    return doc


def collect(manifest: Path, family_of, session: Session, rows: list, labels: list, groups: list, where: list) -> None:
    man = json.loads(manifest.read_text(encoding="utf-8"))
    for case in man["cases"]:
        path = manifest.parent / case["path"]
        doc = lines_at_classifier(session, path)
        lines = doc.lines
        if not lines:
            continue
        wrap = wrap_of(doc)
        found = document_features(doc, session.context.rules.title_words)
        feats, first, last = found.rows, found.first, found.last
        keys = furniture_keys(case)
        for i, (line, row) in enumerate(zip(lines, feats, strict=True)):
            if not scored(lines, i, wrap, doc.meta.title, row):
                continue
            rows.append(row)
            labels.append(int(is_furniture(line.text, keys)))
            groups.append(family_of(case))
            titled = bool(row[FEATURES.index("genre_end")])
            eligible = bool(found.evidence[i] or (i > 0 and found.evidence[i - 1])) and not speech(
                line.text.strip(), titled
            )
            inserted = row[FEATURES.index("beside_break")] or row[FEATURES.index("interrupts")]
            beside = bool(inserted) and found.evidence[i]
            region = "head" if i < first else "tail" if i > last else "break" if beside else "text"
            where.append(region if eligible else "kept")
            TEXTS.append(line.text)


def lowest_safe(scores, labels, mask, budget: float) -> float:
    """The lowest threshold at which at most ``budget`` of all document lines among ``mask``
    score at or above it (1.01: none is safe)."""
    import numpy as np

    body = mask & (labels == 0)
    for t in np.arange(0.50, 0.995, 0.01):
        if (scores[body] >= t).sum() <= budget * (labels == 0).sum():
            return round(float(t), 2)
    return 1.01


def thresholds(scores, labels, where) -> tuple[float, float, float, dict]:
    """``(drop, warn, drop_inside)``: the lowest threshold that drops at most MAX_BODY_DROP of
    all document lines outside the running text (or beside a page break), the warn threshold
    below it, and the threshold for lines inside the text (a tenth of that budget)."""
    import numpy as np

    scores, labels, where = np.asarray(scores), np.asarray(labels), np.asarray(where)
    edge = (where == "head") | (where == "tail") | (where == "break")  # lines the step may drop
    inside = where == "text"
    best = lowest_safe(scores, labels, edge, MAX_BODY_DROP)
    inner = max(lowest_safe(scores, labels, inside, MAX_BODY_DROP / 10), best)
    warn = round(max(0.5, best - 0.25), 2)
    stats = {}
    for name, mask, t in (("edge", edge, best), ("inside", inside, inner)):
        furn, body = mask & (labels == 1), mask & (labels == 0)
        stats |= {
            f"{name}_furniture_lines": int(furn.sum()),
            f"{name}_document_lines": int(body.sum()),
            f"{name}_furniture_caught": round(float((scores[furn] >= t).mean()) if furn.any() else 0.0, 3),
            f"{name}_document_dropped": round(float((scores[body] >= t).mean()) if body.any() else 0.0, 4),
        }
    if "--show" in sys.argv:
        for i in np.argsort(-scores):
            if (edge[i] or inside[i]) and labels[i] == 0 and scores[i] >= warn:
                print(f"  document line scored {scores[i]:.2f}: {TEXTS[i][:70]!r}")
    return best, warn, inner, stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=6, help="generator seeds for the tuning families")
    ap.add_argument("--docs", type=int, default=12, help="documents per seed")
    ap.add_argument("--show", action="store_true", help="list the document lines scored as furniture")
    ap.add_argument("--dry-run", action="store_true", help="print the figures, do not write the model")
    args = ap.parse_args(argv)
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        print("fit_classifier: needs scikit-learn (offline only): .venv/bin/pip install scikit-learn", file=sys.stderr)
        return 2
    session = Session.create(build_registry(load_entry_points=False))
    rows: list = []
    labels: list = []
    groups: list = []
    where: list = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.seeds + 1):
            out = Path(tmp) / f"seed{seed}"
            build.build(out, split="tuning", seed=100 + seed, docs=args.docs)
            collect(out / "inputs" / "manifest.json", lambda c: c["family"], session, rows, labels, groups, where)
    if DEV.exists():
        collect(DEV, lambda c: "dev-" + c.get("template", "?"), session, rows, labels, groups, where)
    X, y, g = np.asarray(rows), np.asarray(labels), np.asarray(groups)
    print(f"{len(y)} lines, {int(y.sum())} furniture, families: {sorted(set(groups))}")

    def model() -> LogisticRegression:
        return LogisticRegression(C=1.0, max_iter=2000)

    cv = np.zeros(len(y))
    for fam in sorted(set(groups)):
        test = g == fam
        cv[test] = model().fit(X[~test], y[~test]).predict_proba(X[test])[:, 1]
    drop, warn, inside, stats = thresholds(cv, y, where)
    print(f"leave-one-family-out: drop >= {drop}, inside >= {inside}, warn >= {warn}: {stats}")
    final = model().fit(X, y)
    weights = dict(zip(FEATURES, (round(float(w), 4) for w in final.coef_[0]), strict=True))
    for name, w in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:16s} {w:+.3f}")
    data = {
        "about": "Logistic-regression weights of the classify step's line features (convert.steps._features); "
        "fitted offline by scripts/fit_classifier.py on the generator's tuning families and the dev corpus.",
        "fitted": datetime.date.today().isoformat(),
        "features": list(FEATURES),
        "weights": weights,
        "bias": round(float(final.intercept_[0]), 4),
        "drop": drop,
        "drop_inside": inside,
        "warn": warn,
        "cross_validation": stats | {"lines": len(y), "furniture": int(y.sum())},
    }
    if args.dry_run:
        return 0
    MODEL_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
