"""Write ``src/convert/core/han_variants.json``: the characters that exist only in Simplified
and only in Traditional form, for telling the two scripts apart
(:func:`convert.core.language.han_script`).

Run once, offline, when OpenCC's dictionaries change (docconv never runs it)::

    pip install opencc   # or: pip install 'docconv[opencc]'
    python scripts/make_han_variants.py

The sets come from OpenCC's character dictionaries, which the ``opencc`` wheel ships compiled
(``.ocd2``, exported to text with its ``opencc_dict`` program) or which ``--dict-dir`` names as
text files (``STCharacters.txt``, ``TSCharacters.txt``, ``TWVariants.txt``, ``HKVariants.txt`` from
OpenCC's ``data/dictionary``):

- Simplified-only: a key of ``STCharacters`` (Simplified -> Traditional candidates) that is
  not one of its own candidates (``发`` -> ``發 髮``; not ``干`` -> ``幹 乾 干``), a character
  of GB 2312 (the common Simplified characters), and not a form Taiwan's or Hong Kong's
  standard writes (a value of ``TWVariants`` or ``HKVariants``: ``群``, where OpenCC's
  standard has ``羣``; ``户``, ``税`` in Hong Kong);
- Traditional-only: a key of ``TSCharacters`` (Traditional -> Simplified) that is not one of
  its own candidates (``發`` -> ``发``; not ``乾`` -> ``干 乾``), and a character of Big5
  (the common Traditional characters, Taiwan's and Hong Kong's variant forms included).

A character in both sets is left out of both. The file is written with ASCII escapes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "convert" / "core" / "han_variants.json"


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def read_pairs(text: str) -> dict[str, list[str]]:
    """``key<TAB>candidate candidate...`` lines as ``{key: [candidates]}``."""
    pairs: dict[str, list[str]] = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            pairs[key] = values.split()
    return pairs


def from_wheel(name: str) -> str:
    """The text of OpenCC dictionary ``name`` (``STCharacters``) from the ``opencc`` wheel."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    tool, data = clib / "bin" / "opencc_dict", clib / "share" / "opencc" / f"{name}.ocd2"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run([str(tool), "-i", str(data), "-o", str(out), "-f", "ocd2", "-t", "text"], check=True)
        return out.read_text(encoding="utf-8")


def only_forms(pairs: dict[str, list[str]], codec: str) -> set[str]:
    """Keys that are none of their own candidates, single characters of ``codec``."""
    return {k for k, v in pairs.items() if len(k) == 1 and k not in v and _encodable(k, codec)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dict-dir", type=Path, help="OpenCC's data/dictionary folder (text files)")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    names = ("STCharacters", "TSCharacters", "TWVariants", "HKVariants")
    if args.dict_dir:
        st, ts, tw, hk = ((args.dict_dir / f"{name}.txt").read_text(encoding="utf-8") for name in names)
        version = "text dictionaries"
    else:
        import opencc

        st, ts, tw, hk = (from_wheel(name) for name in names)
        version = f"opencc {getattr(opencc, '__version__', '?')}"
    regional = {ch for text in (tw, hk) for forms in read_pairs(text).values() for ch in forms}
    simplified = only_forms(read_pairs(st), "gb2312") - regional
    traditional = only_forms(read_pairs(ts), "big5hkscs")
    both = simplified & traditional
    data = {
        "source": f"OpenCC STCharacters/TSCharacters/TWVariants/HKVariants ({version}); scripts/make_han_variants.py",
        "simplified": "".join(sorted(simplified - both)),
        "traditional": "".join(sorted(traditional - both)),
    }
    args.output.write_text(json.dumps(data, indent=1) + "\n", encoding="ascii")
    print(f"{args.output}: {len(data['simplified'])} Simplified-only, {len(data['traditional'])} Traditional-only")


if __name__ == "__main__":
    main()
