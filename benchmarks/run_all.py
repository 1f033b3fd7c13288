"""Run every benchmark and print one table, each figure with its baseline and target.

    python benchmarks/run_all.py
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_rows  # noqa: E402

MODULES = ["bench_export", "bench_grades", "bench_reader", "bench_parse", "bench_corpus", "bench_library"]


def main() -> int:
    rows = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        print(f"running {name}…", file=sys.stderr)
        rows.extend(module.measure())
    print_rows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
