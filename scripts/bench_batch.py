"""Benchmark batch conversion: documents per second with one worker and with all cores, and
the start-up time of ``docconv --help``, in one run on this machine.

    .venv/bin/python scripts/bench_batch.py [--copies 4] [--formats all] [--inputs DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = ROOT.parent / "shared" / "corpus" / "dev" / "inputs"


def docconv() -> list[str]:
    return [sys.executable, "-m", "convert"]


def readable_extensions() -> set[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from convert.app.plugins import build_registry

    return {e for r in build_registry(load_entry_points=False).readers for e in r.extensions if e}


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS, help="folder of sample inputs")
    parser.add_argument("--copies", type=int, default=4, help="copies of each input (default 4)")
    parser.add_argument("--formats", default="all", help="-t value (default all)")
    parser.add_argument("--help-runs", type=int, default=7, help="runs of 'docconv --help' (median)")
    args = parser.parse_args()

    extensions = readable_extensions()
    samples = sorted(p for p in args.inputs.iterdir() if p.is_file() and p.suffix.lower() in extensions)
    if not samples:
        sys.exit(f"no readable inputs in {args.inputs}")
    env = {**os.environ, "DOCCONV_DISABLE_PLUGINS": "1"}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="docconv-bench-") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for i in range(args.copies):
            for sample in samples:
                shutil.copyfile(sample, src / f"{i:03d}-{sample.name}")
        count = args.copies * len(samples)
        kinds = ", ".join(sorted({p.suffix for p in samples}))
        rates = {}
        for jobs in (1, cores):
            out = Path(tmp) / f"out-{jobs}"
            command = [*docconv(), "convert", "-q", "-r", str(src), "-o", str(out), "-t", args.formats]
            elapsed = timed([*command, "--jobs", str(jobs)], env)
            rates[jobs] = count / elapsed
            rows.append((f"convert --jobs {jobs}", f"{rates[jobs]:6.2f} docs/s  ({count} docs in {elapsed:.1f} s)"))
        if cores > 1:
            rows.append((f"scaling ({cores} cores)", f"{rates[cores] / rates[1]:6.2f} x"))
        helps = [timed([*docconv(), "--help"], env) for _ in range(args.help_runs)]
        rows.append(("docconv --help", f"{statistics.median(helps) * 1000:6.0f} ms median of {args.help_runs}"))
    print(f"inputs: {len(samples)} files ({kinds}) x {args.copies} copies, formats: {args.formats}")
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  {'-' * 40}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
