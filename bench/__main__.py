"""`make bench`: run every bench/bench_*.py module's main(), or only those named on the
command line (`python -m bench corpus matcher`). Figures are printed as ratios against
baselines measured in the same run; nothing here is a pass/fail test."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = [p.stem for p in sorted(here.glob("bench_*.py"))]
    if argv:
        names = [n for n in names if n.removeprefix("bench_") in argv or n in argv]
    for name in names:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
