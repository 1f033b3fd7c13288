"""`ofsted-reader parse` of the dev corpus with --jobs 1 and --jobs 2 (fresh cache
each time), same run; the ratio is the figure.

    python benchmarks/bench_parse.py [FOLDER]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, PY, median_run, print_rows, private_env, row  # noqa: E402


def measure(folder: Path | None = None) -> list[dict[str, str]]:
    folder = folder or CORPUS
    if not folder.is_dir():
        return [row("batch parse", "skipped (no corpus)", "", "", "", None)]
    seconds = {}
    for jobs in (1, 2):
        env = private_env()
        result = median_run(
            [PY, "-m", "ofsted_reader", "parse", str(folder), "--jobs", str(jobs)],
            times=2,
            env=env,
            setup=lambda env=env: shutil.rmtree(env["OFSTED_READER_CACHE"], ignore_errors=True),
        )
        seconds[jobs] = result.seconds
    ratio = seconds[1] / seconds[2]
    return [
        row(f"parse {folder.name} --jobs 2", f"{seconds[2]:.2f} s", f"--jobs 1 {seconds[1]:.2f} s", f"{ratio:.2f}×", "≥ 1.7×", ratio >= 1.7)
    ]


if __name__ == "__main__":
    print_rows(measure(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
