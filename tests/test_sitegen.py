"""The site-chrome generator (scripts/sitegen): deterministic, complete manifests, and held-out
families that docconv's rules have never been written from."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import DEV, ROOT

if str(ROOT) not in sys.path:  # scripts.sitegen is a package of the repository, not installed
    sys.path.append(str(ROOT))

from scripts.sitegen import build, families, vocab

WS = re.compile(r"\s+")
SRC = ROOT / "src" / "convert"


def heldout_names() -> list[str]:
    return families.splits()["heldout"]


# ----------------------------------------------------------------------------- the data


def test_families_and_split_are_consistent() -> None:
    fams = families.families()
    split = families.splits()
    assert sorted(fams) == sorted(split["tuning"] + split["heldout"])
    assert not set(split["tuning"]) & set(split["heldout"])
    assert len(split["heldout"]) * 3 >= len(fams), "at least a third of the families are held out"
    for s in ("tuning", "heldout"):
        assert {f.lang for f in families.of_split(s)} == {"zh", "en"}, s
    # every kind of the taxonomy has surface forms in both languages (summary-ui comes from summaries)
    for kind in families.kinds():
        if kind == "summary-ui":
            continue
        for lang in ("zh", "en"):
            n = sum(len(f.forms.get(kind, [])) for f in fams.values() if f.lang == lang)
            assert n >= 2, f"{kind} has {n} {lang} forms"


def test_families_share_no_distinctive_words() -> None:
    assert vocab.shared_words() == []
    for name in families.families():
        assert len(vocab.family_words(name)) >= 25, name


# ----------------------------------------------------------------------------- generation


def decoded_text(path: Path, fmt: str) -> str:
    """The input's text as docconv's readers see it: decoded scraped text, the lxml text of a
    page (decoded by BOM, then <meta charset>), pdfplumber's text of a PDF."""
    data = path.read_bytes()
    if fmt == "txt":
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030")
    if fmt == "html":
        import lxml.html

        m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", data[:4096], re.I)
        enc = m.group(1).decode().lower() if m else "utf-8"
        enc = "gb18030" if enc in ("gbk", "gb2312") else enc
        return lxml.html.document_fromstring(data.decode(enc)).text_content()
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("sitegen")
    return out, build.build(out, split="all", seed=5, docs=6)


def test_manifest_is_complete(generated: tuple[Path, dict]) -> None:
    out, man = generated
    on_disk = json.loads((out / "inputs" / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == man
    assert {c["family"] for c in man["cases"]} == set(families.families()), "every family is rendered"
    assert {c["format"] for c in man["cases"]} == {"txt", "html", "pdf"}
    missing = []
    for case in man["cases"]:
        assert set(case) >= {"id", "path", "format", "lang", "gold", "furniture", "family", "split"}
        assert case["split"] == families.families()[case["family"]].split
        path = out / "inputs" / case["path"]
        assert path.is_file() and path.suffix == f".{case['format']}"
        assert (out / "inputs" / case["gold"]).is_file()
        assert case["furniture"], case["id"]
        text = WS.sub("", decoded_text(path, case["format"]))
        for item in case["furniture"]:
            s = WS.sub("", item["text"])
            found = set(s) <= set(text) if item.get("match") == "line-chars" else s in text
            if not found:
                missing.append((case["id"], item))
    assert missing == []


def test_generation_is_deterministic(tmp_path: Path) -> None:
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    build.build(tmp_path / "a", split="heldout", seed=11, docs=3)
    build.build(tmp_path / "b", split="heldout", seed=11, docs=3)
    build.build(tmp_path / "c", split="heldout", seed=12, docs=3)
    a, b, c = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert a == b
    assert a != c


def test_command_line(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "scripts.sitegen", "--out", str(tmp_path), "--split", "tuning", "--seed", "2",
         "--formats", "txt,html", "--docs", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    man = json.loads((tmp_path / "inputs" / "manifest.json").read_text(encoding="utf-8"))
    assert {c["format"] for c in man["cases"]} == {"txt", "html"}
    assert {c["split"] for c in man["cases"]} == {"tuning"}
    assert len(man["cases"]) == 4


# ----------------------------------------------------------------------------- honesty


def rule_files() -> list[Path]:
    return sorted(SRC.rglob("*.toml")) + sorted((ROOT / "plugins").glob("*/src/**/*.toml"))


def test_rule_files_are_found() -> None:
    assert SRC / "core" / "default_rules.toml" in rule_files()


@pytest.mark.parametrize("name", heldout_names())
def test_heldout_vocabulary_is_not_in_the_rules(name: str) -> None:
    """A held-out family's distinctive words must not appear in any rule file, and no
    rule may quote a piece of one of its phrases."""
    words = vocab.family_words(name)
    problems = {}
    for path in rule_files():
        text = path.read_text(encoding="utf-8")
        hits = vocab.found_in(text, words) + vocab.contained_rule_words(text, words)
        if hits:
            problems[str(path.relative_to(ROOT))] = hits
    assert problems == {}, f"held-out family {name!r} leaked into the rules (see scripts/sitegen/data/splits.toml)"


@pytest.mark.parametrize("name", heldout_names())
def test_heldout_vocabulary_is_not_in_the_sources(name: str) -> None:
    """The same for word lists written into Python (Chinese as \\u escapes is decoded)."""
    words = vocab.code_vocabulary(name)
    problems = {}
    for path in sorted(SRC.rglob("*.py")):
        hits = vocab.found_in(path.read_text(encoding="utf-8"), words)
        if hits:
            problems[str(path.relative_to(ROOT))] = hits
    assert problems == {}, f"held-out family {name!r} leaked into src/convert"


def test_heldout_vocabulary_is_not_in_the_dev_corpus() -> None:
    """The dev corpus is what the rules were tuned on: held-out words must be new to it."""
    manifest = DEV / "inputs" / "manifest.json"
    if not manifest.exists():
        pytest.skip("../shared is absent")
    furniture = "\n".join(f["text"] for c in json.loads(manifest.read_text("utf-8"))["cases"] for f in c["furniture"])
    found = {name: vocab.found_in(furniture, vocab.family_words(name)) for name in heldout_names()}
    assert {k: v for k, v in found.items() if v} == {}


# ----------------------------------------------------------------------------- scoring


def dev_scorer() -> ModuleType:
    path = DEV / "score.py"
    if not path.exists():
        pytest.skip("../shared is absent: no scorer")
    pytest.importorskip("rapidfuzz")
    spec = importlib.util.spec_from_file_location("dev_score_sitegen", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_heldout_sample_is_scored(tmp_path: Path) -> None:
    """docconv runs on a small held-out sample and the dev scorer scores it. No quality
    threshold here: this only shows that the numbers are produced."""
    score = dev_scorer()
    man = build.build(tmp_path / "set", split="heldout", seed=3, docs=2)
    inputs = tmp_path / "set" / "inputs"
    out = tmp_path / "out"
    files = [str(inputs / c["path"]) for c in man["cases"]]
    run = subprocess.run(
        [sys.executable, "-m", "convert", "convert", *files, "-t", "md", "-o", str(out), "-q", "--jobs", "2"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    assert len(man["cases"]) == 6
    rows = []
    for case in man["cases"]:
        gold = score.Doc((inputs / case["gold"]).read_text(encoding="utf-8"))
        md = out / f"{case['id']}.md"
        rows.append(score.score_case(case, gold, score.Doc(md.read_text(encoding="utf-8") if md.exists() else "")))
    for row in [*rows, score.aggregate(rows)]:
        for metric in ("leak", "loss", "para_f1", "head_f1", "head_f1_text", "title_ok"):
            assert 0.0 <= row[metric] <= 1.0, metric
        assert row["cer"] >= 0.0 and row["cjk_space"] >= 0.0
