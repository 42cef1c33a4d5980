"""Cases and the manifest: which documents, which family renders each document in each
format, and the output tree (``inputs/<case>.{txt,html,pdf}``, ``inputs/manifest.json``,
``gold/<doc>.md``), laid out as the dev corpus is so that its ``score.py`` scores it."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

from . import render_html, render_pdf, render_txt
from .chrome import Furniture
from .families import Family, of_split
from .forms import Context, Filler
from .gold import Gold, pool

RENDERERS = {"txt": render_txt.render, "html": render_html.render, "pdf": render_pdf.render}
FORMATS = tuple(RENDERERS)


def pick_docs(docs: list[Gold], n: int, seed: int, langs: set[str]) -> list[Gold]:
    """``n`` documents, about a third of them English, in a seeded order."""
    rng = random.Random(f"{seed}/docs")
    by_lang = {lang: [d for d in docs if d.lang == lang] for lang in ("zh", "en")}
    for lst in by_lang.values():
        rng.shuffle(lst)
    n_en = min(len(by_lang["en"]), round(n / 3) if n > 1 else 0) if "en" in langs else 0
    n_zh = min(len(by_lang["zh"]), n - n_en) if "zh" in langs else 0
    n_en = min(len(by_lang["en"]), n - n_zh) if "en" in langs else 0
    return by_lang["zh"][:n_zh] + by_lang["en"][:n_en]


def case_info(gold: Gold, fam: Family, fmt: str, seed: int) -> tuple[str, random.Random]:
    case_id = f"{gold.id}-{fmt}-{fam.name}"
    return case_id, random.Random(f"{seed}/{case_id}")


def render_case(gold: Gold, fam: Family, fmt: str, seed: int) -> tuple[str, bytes, dict]:
    case_id, rng = case_info(gold, fam, fmt, seed)
    upload = gold.date + dt.timedelta(days=rng.randint(0, 400))
    summary = gold.summary(rng.randint(70, 120) if gold.lang == "zh" else rng.randint(160, 260))
    filler = Filler(fam, rng, Context(title=gold.title, lang=gold.lang, date=upload, summary=summary))
    fur = Furniture()
    data, info = RENDERERS[fmt](gold, fam, rng, filler, fur)
    case = {
        "id": case_id,
        "path": f"{case_id}.{fmt}",
        "format": fmt,
        "lang": gold.lang,
        "gold": f"../gold/{gold.id}.md",
        "furniture": fur.items,
        "family": fam.name,
        "split": fam.split,
        "template": fam.name,
        **info,
    }
    return case_id, data, case


def build(out: Path, split: str = "heldout", seed: int = 1, formats: tuple[str, ...] = FORMATS, docs: int = 8) -> dict:
    """Generate the set into ``out``; return the manifest."""
    fams = {lang: sorted(of_split(split, lang), key=lambda f: f.name) for lang in ("zh", "en")}
    chosen = pick_docs(pool(), docs, seed, {lang for lang, f in fams.items() if f})
    inputs, golds = out / "inputs", out / "gold"
    old = inputs / "manifest.json"
    if old.exists():  # remove the previous run's cases, nothing else
        for c in json.loads(old.read_text(encoding="utf-8")).get("cases", []):
            (inputs / Path(c["path"]).name).unlink(missing_ok=True)
    inputs.mkdir(parents=True, exist_ok=True)
    golds.mkdir(parents=True, exist_ok=True)
    cases = []
    for lang, lang_fams in fams.items():
        order = list(lang_fams)
        random.Random(f"{seed}/families/{lang}").shuffle(order)
        lang_docs = [g for g in chosen if g.lang == lang]
        for i, gold in enumerate(lang_docs):
            shutil.copyfile(gold.path, golds / f"{gold.id}.md")
            for j, fmt in enumerate(formats):
                k = i + j if len(order) <= len(formats) else i * len(formats) + j
                fam = order[k % len(order)]
                _, data, case = render_case(gold, fam, fmt, seed)
                (inputs / case["path"]).write_bytes(data)
                cases.append(case)
    manifest = {
        "set": f"sitegen-{split}",
        "seed": seed,
        "generator": "scripts/sitegen",
        "split": split,
        "families": {f.name: f.split for lang_fams in fams.values() for f in lang_fams},
        "gold_files": sorted({c["gold"] for c in cases}),
        "cases": cases,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    (inputs / "manifest.json").write_text(text, encoding="utf-8")
    return manifest
