"""Corpus accuracy: parse every dev-corpus PDF and compare it with its truth file.

    python tools/corpus_accuracy.py [--corpus ../shared/corpus] [--engine pdfium|plumber] [-v] [NAME...]

Prints one row per report (fields right / checked, parse time, what differs) and
per-family accuracy: the reports in ``truth/`` (PDFs in ``pdf/``) and the area SEND
reports in ``send/truth/`` (PDFs in ``send/``).  The HTML page saved as ``.pdf`` must be refused with a
one-line input error.  Exit status 1 if anything differs (so it can gate).
Parsing bypasses the cache, so the figures are always fresh.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ofsted_reader.accuracy import Result, compare, truth_family  # noqa: E402
from ofsted_reader.errors import InputError  # noqa: E402
from ofsted_reader.ingest import parse_file  # noqa: E402


def run(corpus: Path, engine: str, names: list[str]) -> list[tuple[Result, float]]:
    results = []
    folders = [(corpus / "truth", corpus / "pdf"), (corpus / "send" / "truth", corpus / "send")]
    for truth_path, folder in ((t, f) for truths, f in folders for t in sorted(truths.glob("*.yaml"))):
        name = truth_path.stem
        if names and not any(n in name for n in names):
            continue
        truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
        pdf = folder / f"{name}.pdf"
        started = time.perf_counter()
        if truth.get("not_pdf"):
            result = Result(name=name, family="NOT_PDF", checked=1)
            try:
                parse_file(pdf, engine=engine)
                result.mismatches["refused"] = "parsed, but it is not a PDF"
            except InputError as exc:
                if "not a PDF" not in str(exc):
                    result.mismatches["refused"] = f"refused for another reason: {exc}"
        else:
            try:
                report = parse_file(pdf, engine=engine)
                result = compare(name, truth, report)
            except InputError as exc:
                result = Result(name=name, family=truth_family(truth), checked=1, mismatches={"parse": str(exc)})
        results.append((result, time.perf_counter() - started))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only reports whose name contains one of these")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--engine", choices=("pdfium", "plumber"), default="pdfium")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mismatch in full")
    args = parser.parse_args()
    if not (args.corpus / "truth").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    results = run(args.corpus, args.engine, args.names)
    console = Console()
    table = Table(title=f"corpus accuracy ({args.engine})", title_justify="left")
    for col in ("report", "family", "fields", "time", "differs"):
        table.add_column(col, overflow="fold")
    families: dict[str, list[Result]] = defaultdict(list)
    for result, seconds in results:
        families[result.family].append(result)
        right = result.checked - len(result.mismatches)
        differs = "; ".join(f"{k}: {v}" if args.verbose else k for k, v in result.mismatches.items())
        table.add_row(result.name, result.family, f"{right}/{result.checked}", f"{seconds:.2f}s", Text(differs, style="red"))
    console.print(table)
    summary = Table(title="per family", title_justify="left")
    for col in ("family", "reports exact", "fields right"):
        summary.add_column(col)
    total_exact = total = 0
    for family, items in sorted(families.items()):
        exact = sum(r.ok for r in items)
        fields = sum(r.checked - len(r.mismatches) for r in items)
        checked = sum(r.checked for r in items)
        total_exact += exact
        total += len(items)
        summary.add_row(family, f"{exact}/{len(items)}", f"{fields}/{checked} ({100 * fields / max(checked, 1):.1f}%)")
    summary.add_row("all", f"{total_exact}/{total}", "")
    console.print(summary)
    return 0 if total_exact == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
