"""Run every speed check in this package and print its figures.

Each module `bench_*.py` defines `run(workdir: Path) -> list[tuple[str, float, str]]`
returning (what, value, unit) rows; targets are printed beside the figures, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import tempfile
from pathlib import Path

import benchmarks


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("only", nargs="*", help="run only these checks (e.g. import recommend)")
    parser.add_argument(
        "--large", action="store_true", help="also measure first views at 100,000 use cases (slow)"
    )
    args = parser.parse_args()
    if args.large:
        os.environ["CASEBOOK_BENCH_LARGE"] = "1"
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if info.name.startswith("bench_")
    )
    for name in names:
        if args.only and name.removeprefix("bench_") not in args.only:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name.removeprefix('bench_')}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            for what, value, unit in module.run(Path(tmp)):
                print(f"  {what:<58} {value:>10.3f} {unit}", flush=True)


if __name__ == "__main__":
    main()
