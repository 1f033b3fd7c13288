"""Check the council register against a tree of reports kept one folder per council.

    python tools/register_check.py CORPUS [LA_LOOKUP_CSV]

CORPUS holds folders named ``<urn>_<council>/`` (Ofsted's public export); the lookup table
(default ``../shared/data/la_lookup.csv``) gives each URN's DfE LA code.  Every report must
resolve to the register entry of its folder's council (or to one of that council's
predecessors), and each folder to one entry.  Reports are opened through the cache (run
``ofsted-reader parse CORPUS`` first, or this parses what is not cached).  Prints the
figures and every report that is off; exit 1 when any is.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from ofsted_reader import register
from ofsted_reader.errors import InputError
from ofsted_reader.reports import open_report
from ofsted_reader.source import report_files

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LOOKUP = ROOT.parent / "shared" / "data" / "la_lookup.csv"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = Path(argv[0])
    lookup = Path(argv[1]) if len(argv) > 1 else DEFAULT_LOOKUP
    with lookup.open(encoding="utf-8-sig", newline="") as handle:
        code_of_urn = {row["urn"].strip(): row["la_code"].strip() for row in csv.DictReader(handle)}
    figures: Counter[str] = Counter()
    off: list[str] = []
    entries_per_folder: dict[str, set[str]] = defaultdict(set)
    printed_names: dict[str, set[str]] = defaultdict(set)
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        figures["folders"] += 1
        urn = folder.name.split("_", 1)[0]
        expected = register.by_code(code_of_urn.get(urn, ""))
        if expected is None:
            off.append(f"{folder.name}: URN {urn} has no council in the register")
            continue
        accepted = {c.id for c in register.lineage(expected)}
        files, errors = report_files([str(folder)])
        figures["unusable files"] += len(errors)
        for path in files:
            try:
                report = open_report(path).report
            except InputError as exc:
                figures["unusable files"] += 1
                print(f"skipped: {exc}", file=sys.stderr)
                continue
            figures["reports"] += 1
            meta = report.metadata
            printed_names[meta.council_id or "?"].add(meta.local_authority or "")
            if meta.council_id is None:
                figures["unresolved"] += 1
                off.append(f"{folder.name}/{path.name}: {meta.local_authority!r} resolves to no council")
            elif meta.council_id not in accepted:
                figures["wrong council"] += 1
                off.append(f"{folder.name}/{path.name}: {meta.local_authority!r} → {meta.council_id}, folder is {expected.id}")
            else:
                figures["on their folder's council"] += 1
                if meta.council_id != expected.id:
                    figures["on a predecessor of their folder's council"] += 1
            entries_per_folder[folder.name].add(meta.council_id or "?")
    figures["folders with one register entry"] = sum(1 for ids in entries_per_folder.values() if len(ids) == 1)
    figures["printed names"] = sum(len(v) for v in printed_names.values())
    figures["councils printed more than one way"] = sum(1 for k, v in printed_names.items() if k != "?" and len(v) > 1)
    for line in off:
        print(line)
    for key in ("folders", "reports", "unusable files", "on their folder's council", "on a predecessor of their folder's council",
                "wrong council", "unresolved", "folders with one register entry", "printed names",
                "councils printed more than one way"):
        print(f"{key}: {figures[key]}")
    return 1 if off else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
