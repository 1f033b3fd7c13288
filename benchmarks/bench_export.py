"""Cold export of the largest dev-corpus PDF (empty cache) against pdfplumber's own
text extraction of the same file, measured in the same run; peak memory; and the
structure/clean overhead on top of character extraction (in-process).

    python benchmarks/bench_export.py [PDF]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, largest_corpus_pdf, median_run, print_rows, private_env, row  # noqa: E402

PLUMBER = "import sys, pdfplumber\nwith pdfplumber.open(sys.argv[1]) as pdf:\n    for page in pdf.pages:\n        page.extract_text(); page.close()\n"


def overhead(pdf: Path, engine: str, repeat: int = 5) -> tuple[float, float]:
    """(seconds to extract lines, seconds for the whole parse) in this process, best of N."""
    from ofsted_reader.ingest import parse_file
    from ofsted_reader.ingest.pdf_extract import extract_lines

    extract = min(_timed(lambda: extract_lines(pdf, engine=engine)) for _ in range(repeat))
    whole = min(_timed(lambda: parse_file(pdf, engine=engine)) for _ in range(repeat))
    return extract, whole


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure(pdf: Path | None = None) -> list[dict[str, str]]:
    pdf = pdf or largest_corpus_pdf()
    if pdf is None:
        return [row("cold export", "skipped", "", "", "", None)]
    rows = []
    plumber = median_run([PY, "-c", PLUMBER, str(pdf)], times=3)
    for engine in ("pdfium", "plumber"):
        env = private_env()
        cold = median_run(
            [PY, "-m", "ofsted_reader", "export", str(pdf), "--format", "json", "--engine", engine],
            times=3,
            env=env,
            setup=lambda env=env: __import__("shutil").rmtree(env["OFSTED_READER_CACHE"], ignore_errors=True),
        )
        ratio = plumber.seconds / cold.seconds
        target_ok = cold.seconds <= 1.0 and ratio >= 4 if engine == "pdfium" else None
        rows.append(row(f"cold export, {engine} path ({pdf.name})", f"{cold.seconds:.2f} s", f"pdfplumber extract_text {plumber.seconds:.2f} s", f"{ratio:.1f}× faster", "≤ 1.0 s and ≥ 4×" if engine == "pdfium" else "(reference path)", target_ok))
        rows.append(row(f"peak RSS of cold export, {engine}", f"{cold.peak_mb:.0f} MB", f"pdfplumber extract_text {plumber.peak_mb:.0f} MB", "", "≤ 150 MB" if engine == "pdfium" else "", cold.peak_mb <= 150 if engine == "pdfium" else None))
    for engine in ("pdfium", "plumber"):
        extract, whole = overhead(pdf, engine)
        share = (whole - extract) / extract
        rows.append(row(f"clean+structure overhead, {engine}", f"{(whole - extract) * 1000:.0f} ms", f"extraction {extract * 1000:.0f} ms", f"{share * 100:.1f}%", "≤ 10%" if engine == "pdfium" else "", share <= 0.10 if engine == "pdfium" else None))
    return rows


if __name__ == "__main__":
    print_rows(measure(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
