"""Warm `grades` (cache hit): the whole process, against a bare `python -c pass`
started the same way in the same run (the target is the ratio: ≤ 10×, which holds
whichever of its two speeds the machine is in); and proof that it imports neither
Textual nor pdfplumber.

    python benchmarks/bench_grades.py [REPORT]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, PY, REPO, largest_corpus_pdf, median_run, print_rows, private_env, run, row  # noqa: E402

PROBE = (
    "import sys, io, contextlib\n"
    "from ofsted_reader.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()): main(['grades', sys.argv[1]])\n"
    "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'pdfplumber', 'pdfminer', 'pypdfium2'})))\n"
)


def measure(report: Path | None = None) -> list[dict[str, str]]:
    report = report or largest_corpus_pdf() or REPO / "sample_reports" / "halton-2011.pdf"
    env = private_env()
    run([PY, "-m", "ofsted_reader", "grades", str(report)], env=env)  # fill the cache
    bare = median_run([PY, "-c", "pass"], times=7, env=env)
    rows = []
    for fmt in ("table", "json"):
        warm = median_run([PY, "-m", "ofsted_reader", "grades", str(report), "--format", fmt], times=7, env=env)
        ratio = warm.seconds / bare.seconds
        rows.append(row(f"warm grades --format {fmt} ({report.name})", f"{warm.seconds:.3f} s", f"bare python {bare.seconds:.3f} s", f"{ratio:.1f}×", "≤ 10× bare python", ratio <= 10))
    if CORPUS.is_dir():
        # A folder: one row per report and judgement, every report's grade card from the index.
        run([PY, "-m", "ofsted_reader", "parse", str(CORPUS), "--jobs", "2"], env=env)
        reports = sum(1 for _ in CORPUS.glob("*.pdf"))
        for fmt in ("csv", "table"):
            folder = median_run([PY, "-m", "ofsted_reader", "grades", str(CORPUS), "--format", fmt], times=5, env=env)
            rows.append(row(f"warm grades --format {fmt} over the corpus folder ({reports} files)", f"{folder.seconds:.3f} s", f"bare python {bare.seconds:.3f} s", f"{folder.seconds / bare.seconds:.1f}×", "", None))
    heavy = run([PY, "-c", PROBE, str(report)], env=env).stdout.decode().strip()
    rows.append(row("heavy modules imported by warm grades", heavy or "none", "", "", "none of textual, pdfplumber, pypdfium2", not heavy))
    return rows


if __name__ == "__main__":
    print_rows(measure(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
