"""The library view at 500 cached reports: first paint, and search across reports.

Builds a library the way an analyst's would look after ``parse``: 500 cache
entries made by copying and altering real ones (the dev corpus, else the bundled
sample) — each with its own hash, council and inspection dates, written with the
cache's own bytes (YAML and checksum trailer) and added to the library index —
and a folder of 500 small files whose hashes are those entries' keys, so
``ofsted-reader FOLDER`` finds every one cached and parses nothing.

Figures (targets from issue 7):

* **first paint**: process start → the first frame showing the table's first
  row, on a pseudo-terminal at 80×24, against a bare Textual app started the same
  way (``bench_reader.run_once``); medians of interleaved runs.  Target ≤ 1 s.
* **search**: :meth:`Index.search` over the 500 reports (limit 200, restricted to
  the folder's hashes, as the library asks it) for 20 queries — common and rare
  words, prefixes, phrases — p50 and p95; and the same queries typed into the
  library's search screen in-process (value set → hits listed and painted,
  which includes the screen's 50 ms typing debounce).  Target ≤ 0.2 s.
* **index rebuild** (not a target): first paint and all 500 rows when the index
  is missing but the cache is full (e.g. after an index format change).

    python benchmarks/bench_library.py [--reports 500] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, REPO, print_rows, row  # noqa: E402

QUERIES = [
    "children", "social workers", "child protection", "care leavers", "fostering", "adoption",
    "private fostering", "missing from home", "child sexual exploitation", "safeg", "leader",
    "independent reviewing officers", "pathway plans", "teenage conceptions", "caseloads",
    "early help", "domestic abuse", "disabled children", "unaccompanied asylum", "quality assurance",
    # The query syntax (issue 18): phrases, exclusions, section kinds, families, dates.
    "unregistered in:recommendations since:2023", '"care leavers" -housing family:ilacs', "neglect in:judgements before:2016",
    '"child protection" -conference since:2015 before:2020',
]

COUNCILS = [
    "Barnsley", "Bracknell Forest", "Buckinghamshire", "Bury", "Essex", "Gateshead", "Hounslow", "Kent",
    "Lambeth", "Lancashire", "Manchester", "Norfolk", "Nottinghamshire", "Oldham", "Peterborough", "Somerset",
    "Southampton", "Southend-on-Sea", "Stockport", "Surrey", "West Sussex", "West Northamptonshire", "Halton",
    "York", "Camden", "Hackney", "Leeds", "Bristol", "Cornwall", "Devon", "Dorset", "Wigan", "Wirral",
    "Sefton", "Salford", "Trafford", "Bolton", "Rochdale", "Tameside", "Derby", "Derbyshire", "Leicester",
    "Leicestershire", "Rutland", "Lincolnshire", "Suffolk", "Cambridgeshire", "Hertfordshire", "Luton",
    "Bedford",
]
"""50 councils × 10 inspections each = 500 reports, every council with a history."""

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November"]


def _base_reports() -> list:
    """Parsed reports to copy: the dev corpus if present, else the bundled sample."""
    from ofsted_reader.reports import open_report
    from ofsted_reader.errors import InputError

    sources = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    reports = []
    for path in sources:
        try:
            reports.append(open_report(path).report)
        except InputError:
            continue
    return reports or [open_report(REPO / "sample_reports" / "halton-2011.txt").report]


def build_library(base: Path, count: int = 500) -> tuple[dict[str, str], Path]:
    """A private cache, data and config folder with ``count`` cached, indexed reports, and the
    folder of small files that stand for them.  Returns (environment, folder)."""
    env = dict(os.environ)
    env.update(
        OFSTED_READER_CACHE=str(base / "cache"),
        OFSTED_READER_DATA=str(base / "data"),
        OFSTED_READER_CONFIG=str(base / "config"),
    )
    os.environ.update({k: env[k] for k in ("OFSTED_READER_CACHE", "OFSTED_READER_DATA", "OFSTED_READER_CONFIG")})
    from ofsted_reader import cache
    from ofsted_reader.index import Index
    from ofsted_reader.model import Report
    from ofsted_reader.paths import ensure_private_dir

    bases = [r.to_dict() for r in _base_reports()]
    folder = base / "library"
    folder.mkdir(parents=True, exist_ok=True)
    cache_dir = ensure_private_dir(base / "cache")
    settled = time.time() - 3600
    with Index() as index:
        for i in range(count):
            council = COUNCILS[i % len(COUNCILS)]
            round_ = i // len(COUNCILS)
            year = 2011 + round_ * 3 // 2
            month = MONTHS[(i * 7) % len(MONTHS)]
            data = f"ofsted-reader benchmark report {i}: {council}, {month} {year}\n".encode()
            path = folder / f"{council.lower().replace(' ', '-')}-{year}-{i:03d}.txt"
            path.write_bytes(data)
            os.utime(path, (settled, settled))  # files at rest (a file written a moment ago is re-hashed)
            sha = hashlib.sha256(data).hexdigest()
            report = Report.from_dict(bases[i % len(bases)])
            report.source.sha256 = sha
            report.source.name = path.name
            report.metadata.local_authority = f"{council} Council"
            report.metadata.inspection_dates = f"{1 + i % 9} – {12 + i % 9} {month} {year}"
            report.metadata.published = None
            entry = cache_dir / f"{sha}.yaml"
            entry.write_bytes(cache.entry_bytes(report))
            os.chmod(entry, 0o600)
            index.add(report, path, entry=entry.stat())
    return env, folder


def first_row_name(folder: Path) -> str:
    """The council on the table's first row (sorted A–Z), as the table shows it."""
    from ofsted_reader.index import Index
    from ofsted_reader.library import scan

    with Index() as index:
        rows = scan(sorted(folder.iterdir()), index, deep=False).rows
    return min((r.name for r in rows), key=str.casefold)


def paint_times(env: dict[str, str], folder: Path, marker: bytes, runs: int, size=(80, 24)) -> tuple[float, float]:
    """Median first paint of the library and of the bare app, interleaved."""
    from bench_reader import BARE_APP, BARE_MARKER, run_once

    env = dict(env, TERM="xterm-256color", COLORTERM="truecolor")
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_script = Path(env["OFSTED_READER_CONFIG"]).parent / "bare_app.py"
    bare_script.write_text(BARE_APP)
    library = [sys.executable, "-m", "ofsted_reader", str(folder)]
    bare = [sys.executable, str(bare_script)]
    run_once(library, env, marker, size)  # warm the OS file cache and bytecode
    run_once(bare, env, BARE_MARKER, size)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(run_once(library, env, marker, size)[0])
        theirs.append(run_once(bare, env, BARE_MARKER, size)[0])
    return statistics.median(ours), statistics.median(theirs)


def rebuild_times(env: dict[str, str], folder: Path, marker: bytes, count: int) -> tuple[float, float]:
    """First paint and all rows in, with the index deleted (the cache still full)."""
    from bench_reader import run_once

    cache_dir = Path(env["OFSTED_READER_CACHE"])
    for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        (cache_dir / name).unlink(missing_ok=True)
    env = dict(env, TERM="xterm-256color")
    argv = [sys.executable, "-m", "ofsted_reader", str(folder)]
    painted, _ = run_once(argv, env, b"Council", (80, 24))
    for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        (cache_dir / name).unlink(missing_ok=True)
    done, _ = run_once(argv, env, f"{count} more reports read".encode(), (120, 30), timeout=300)
    return painted, done


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def search_times(folder: Path) -> tuple[list[float], int]:
    """Index.search and Index.hit_counts per query (best of 3 per query, as the library's search
    screen calls them), and the hits of the first."""
    from ofsted_reader.index import Index
    from ofsted_reader.library import scan

    with Index() as index:
        shas = {r.sha for r in scan(sorted(folder.iterdir()), index, deep=False).rows}
        times = []
        for query in QUERIES:
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                if index.search(query, limit=200, shas=shas):
                    index.hit_counts(query, shas=shas)
                best = min(best, time.perf_counter() - started)
            times.append(best)
        first = len(index.search(QUERIES[0], limit=200, shas=shas))
    return times, first


def ui_search_times(folder: Path) -> list[float]:
    """The same queries through the library's search screen (in-process, Pilot)."""
    from ofsted_reader.tui.app import OfstedReaderApp
    from ofsted_reader.tui.screens.library_search import LibrarySearchScreen

    times: list[float] = []

    async def drive() -> None:
        app = OfstedReaderApp(folder)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("slash")
            await pilot.pause(0.1)
            screen = app.screen
            assert isinstance(screen, LibrarySearchScreen)
            for query in QUERIES:
                started = time.perf_counter()
                screen.input.value = query
                while screen.searched != query:
                    await asyncio.sleep(0.001)
                await pilot.pause()  # the hits painted
                times.append(time.perf_counter() - started)

    asyncio.run(drive())
    return times


def measure(count: int = 500, runs: int = 7) -> list[dict[str, str]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="ofsted-bench-library-") as tmp:
        started = time.perf_counter()
        env, folder = build_library(Path(tmp), count)
        built = time.perf_counter() - started
        marker = first_row_name(folder).encode()
        paint, bare = paint_times(env, folder, marker, runs)
        rows.append(row(f"library first paint ({count} cached reports, 80×24)", f"{paint:.3f} s",
                        f"bare Textual app {bare:.3f} s", f"{paint / bare:.2f}×", "≤ 1 s", paint <= 1.0))
        times, hits = search_times(folder)
        p50, p95 = percentile(times, 50), percentile(times, 95)
        rows.append(row(f"search across {count} reports, Index.search + hit_counts ({len(QUERIES)} queries)",
                        f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms", f"max {max(times) * 1000:.1f} ms",
                        "", "≤ 0.2 s", p95 <= 0.2))
        ui = ui_search_times(folder)
        u50, u95 = percentile(ui, 50), percentile(ui, 95)
        rows.append(row(f"search across {count} reports, typed in the UI (incl. 50 ms debounce)",
                        f"p50 {u50 * 1000:.0f} ms, p95 {u95 * 1000:.0f} ms", f"max {max(ui) * 1000:.0f} ms",
                        "", "≤ 0.2 s", u95 <= 0.2))
        painted, done = rebuild_times(env, folder, marker, count)
        rows.append(row(f"index rebuilt from the cache ({count} reports)", f"first paint {painted:.2f} s",
                        f"all rows in {done:.1f} s", "", "", None))
        rows.append(row("benchmark library built", f"{built:.1f} s", f"{hits} hits for “{QUERIES[0]}” (limit 200)", "", "", None))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print_rows(measure(args.reports, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
