"""``ofsted-reader parse``: fill the cache for many files, in worker processes.

Each worker parses one file and writes its cache entry itself (atomically), so an
interrupted run keeps every entry that finished and never leaves half of one.  Files
already cached are skipped before any worker starts.  The library view parses the files
it does not know yet with the same :func:`parse_one`, in the same kind of pool.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ofsted_reader.errors import InputError
from ofsted_reader.pool import Done, Pool, WorkerLost
from ofsted_reader.reports import is_cached, library_index, open_report
from ofsted_reader.textsafe import inert

Job = tuple[str, str]
"""(path, engine)"""


def parse_one(job: Job) -> str | None:
    """A worker's work: parse and cache one file; the reason it is unusable, or None.

    Its pages are read in this one process: the cores are shared out between workers already."""
    path, engine = job
    try:
        open_report(path, engine=engine, page_processes=1)
    except InputError as exc:
        return exc.reason
    return None


def reason_of(done: Done[Job, str | None]) -> str | None:
    """Why a file could not be parsed, in words (None when it was)."""
    if isinstance(done.error, WorkerLost):
        return "the parser process stopped unexpectedly"
    if done.error is not None:
        return f"could not be parsed: a bug ({type(done.error).__name__}: {done.error})"
    return done.value


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def parse_many(files: list[Path], errors: list[InputError], *, jobs: int | None, engine: str = "pdfium") -> int:
    """Parse ``files`` into the cache with a progress bar (on a terminal); one line per unusable
    file; the exit code (0, 2 when a file was unusable, 1 when the parser hit a bug, 130 on Ctrl-C)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.table import Column

    console = Console(stderr=True)
    failures: list[tuple[str, str]] = [(e.path or "", e.reason) for e in errors]
    bugs = 0
    with library_index() as index:
        todo = [p for p in files if not is_cached(p, index)]
    skipped = len(files) - len(todo)
    jobs = max(1, jobs or os.cpu_count() or 1)
    done = 0
    interrupted = False
    columns = (
        TextColumn("[bold]parsing"),
        BarColumn(bar_width=20, complete_style="cyan", finished_style="green"),
        MofNCompleteColumn(table_column=Column(no_wrap=True)),
        TextColumn("{task.fields[rate]}", table_column=Column(no_wrap=True)),
        TimeElapsedColumn(table_column=Column(no_wrap=True)),
        TextColumn("eta", table_column=Column(no_wrap=True)),
        TimeRemainingColumn(table_column=Column(no_wrap=True)),
        # The file name takes what is left, cut with an ellipsis: the counts and times never are.
        TextColumn("{task.fields[current]}", table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis")),
    )
    # On a terminal only: a log (stderr to a file) gets the summary and one line per unusable file.
    with Progress(*columns, console=console, transient=False, expand=True, disable=not console.is_terminal or not todo) as progress:
        task = progress.add_task("parse", total=len(todo), current="", rate="")
        started = time.monotonic()

        def finished(path: str, reason: str | None) -> None:
            nonlocal done
            done += 1
            if reason is not None:
                failures.append((path, reason))
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(task, advance=1, current=inert(Path(path).name, newlines=False), rate=f"{done / elapsed:.1f}/s")

        pool: Pool[Job, str | None] | None = None
        try:
            if jobs == 1 or len(todo) <= 1:
                for path in todo:
                    try:
                        # --jobs 1 is one process; one file alone may have its pages read by two.
                        open_report(path, engine=engine, page_processes=1 if jobs == 1 else None)
                        finished(str(path), None)
                    except InputError as exc:
                        finished(str(path), exc.reason)
            else:
                pool = Pool(parse_one, min(jobs, len(todo)))
                # Biggest files first: the last to finish is then a small one, so no worker
                # idles long at the end (longest-processing-time first).
                for path in sorted(todo, key=_size, reverse=True):
                    pool.submit((str(path), engine))
                for result in pool.results():
                    bugs += result.error is not None and not isinstance(result.error, WorkerLost)
                    finished(result.item[0], reason_of(result))
        except KeyboardInterrupt:
            interrupted = True
            if pool is not None:
                pool.cancel()
        finally:
            if pool is not None:
                pool.close()
    parsed = done - (len(failures) - len(errors))
    summary = f"{parsed} parsed, {skipped} already cached, {len(failures)} unusable"
    if interrupted:
        summary += f"; interrupted with {len(todo) - done} left (finished entries are kept)"
    print(summary, file=sys.stderr)
    for path, reason in sorted(failures):
        print(f"ofsted-reader: {inert(path, newlines=False)}: {inert(reason, newlines=False)}", file=sys.stderr)
    if interrupted:
        return 130
    if bugs:
        return 1
    return 2 if failures else 0
