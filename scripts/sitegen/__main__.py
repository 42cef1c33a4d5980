"""``python -m scripts.sitegen``: see the package docstring."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from . import __doc__ as USAGE
from .build import FORMATS, build


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m scripts.sitegen", description=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, required=True, help="output folder (inputs/ and gold/ are made in it)")
    ap.add_argument("--split", choices=["tuning", "heldout", "all"], default="heldout")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: txt,html,pdf")
    ap.add_argument("--docs", type=int, default=8, help="number of gold documents (about a third English)")
    a = ap.parse_args(argv)
    formats = tuple(f.strip() for f in a.formats.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        ap.error(f"unknown format(s): {', '.join(bad)}")
    man = build(a.out, a.split, a.seed, formats, a.docs)
    by_fam = Counter(c["family"] for c in man["cases"])
    n_fur = sum(len(c["furniture"]) for c in man["cases"])
    print(
        f"wrote {len(man['cases'])} cases ({n_fur} furniture strings) to {a.out / 'inputs'}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_fam.items())),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
