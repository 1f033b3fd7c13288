"""Helpers for the benchmark scripts: timed child processes with their peak memory.

Figures are wall-clock seconds (the best of N runs: on a shared, noisy machine the
minimum is the run least disturbed by other work) and peak RSS in MB, always with a
baseline measured in the same run, because machines are noisy; the ratio is the figure
to compare with a target.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
PY = sys.executable


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: bytes


def run(argv: list[str], env: dict[str, str] | None = None, stdin: int | None = subprocess.DEVNULL) -> Run:
    """Run a command; wall time and the child's own peak RSS (os.wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=stdin, env=env)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, out)


def median_run(argv: list[str], times: int = 5, env: dict[str, str] | None = None, setup=None) -> Run:
    """Best-of-N wall time (and the largest peak RSS seen) for a command."""
    runs = []
    for _ in range(times):
        if setup:
            setup()
        runs.append(run(argv, env=env))
    best = min(runs, key=lambda r: r.seconds)
    return Run(best.seconds, max(r.peak_mb for r in runs), best.returncode, best.stdout)


def private_env(cache: Path | None = None) -> dict[str, str]:
    """Private cache/data/config folders, and bytecode caching on (as for an installed wheel:
    this sandbox sets PYTHONDONTWRITEBYTECODE, which would charge every run for compiling)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    base = Path(tempfile.mkdtemp(prefix="ofsted-bench-"))
    env["OFSTED_READER_CACHE"] = str(cache or base / "cache")
    env["OFSTED_READER_DATA"] = str(base / "data")
    env["OFSTED_READER_CONFIG"] = str(base / "config")
    return env


def largest_corpus_pdf() -> Path | None:
    """The dev-corpus PDF with the most pages (the slowest to parse)."""
    if not CORPUS.is_dir():
        return None
    import pypdfium2

    best, pages = None, -1
    for pdf in sorted(CORPUS.glob("*.pdf")):
        try:
            doc = pypdfium2.PdfDocument(str(pdf))
        except Exception:  # noqa: BLE001 - the corpus holds an HTML page saved as .pdf
            continue
        if len(doc) > pages:
            best, pages = pdf, len(doc)
        doc.close()
    return best


def row(figure: str, value: str, baseline: str, ratio: str, target: str, ok: bool | None) -> dict[str, str]:
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    return {"figure": figure, "value": value, "baseline": baseline, "ratio": ratio, "target": target, "verdict": verdict}


def print_rows(rows: list[dict[str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="ofsted-reader benchmarks", title_justify="left")
    for key in ("figure", "value", "baseline", "ratio", "target", "verdict"):
        table.add_column(key, overflow="fold")
    for r in rows:
        table.add_row(*(r[k] for k in ("figure", "value", "baseline", "ratio", "target", "verdict")))
    Console(width=160).print(table)
