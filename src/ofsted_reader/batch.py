"""``ofsted-reader parse``: fill the cache for many files in a process pool.

Each worker parses one file and writes its cache entry itself (atomically), so
an interrupted run keeps every entry that finished and never leaves half of
one.  Files already cached are skipped before any worker starts.
"""

from __future__ import annotations

import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from ofsted_reader.errors import InputError
from ofsted_reader.textsafe import inert


def _parse_one(path: str, engine: str) -> tuple[str, str | None]:
    """Worker: parse and cache one file.  Returns (path, error reason or None)."""
    from ofsted_reader.cache import open_report

    try:
        open_report(path, engine=engine)
    except InputError as exc:
        return path, exc.reason
    return path, None


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group; let the parent decide what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _already_cached(path: Path) -> bool:
    from ofsted_reader import cache
    from ofsted_reader.ingest import sha256, sniff

    try:
        data = path.read_bytes()
    except OSError:
        return False
    if sniff(data) == "yaml":
        return True
    return cache.entry_path(sha256(data)).exists() and cache.load(sha256(data)) is not None


def parse_many(files: list[Path], errors: list[InputError], *, jobs: int | None, engine: str = "pdfium") -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True)
    failures: list[tuple[str, str]] = [(e.path or "", e.reason) for e in errors]
    todo = [p for p in files if not _already_cached(p)]
    skipped = len(files) - len(todo)
    jobs = max(1, jobs or os.cpu_count() or 1)
    done = 0
    interrupted = False
    columns = (
        TextColumn("[bold]parsing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[current]}"),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("parse", total=len(todo), current="", rate="")
        import time

        started = time.monotonic()

        def finished(path: str, reason: str | None) -> None:
            nonlocal done
            done += 1
            if reason is not None:
                failures.append((path, reason))
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(
                task,
                advance=1,
                current=inert(Path(path).name, newlines=False)[:40],
                rate=f"{done / elapsed:.1f}/s",
            )

        try:
            if jobs == 1 or len(todo) <= 1:
                for path in todo:
                    finished(*_parse_one(str(path), engine))
            else:
                with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_worker_init) as pool:
                    pending: set[Future[tuple[str, str | None]]] = set()
                    queue = list(todo)
                    try:
                        while queue or pending:
                            while queue and len(pending) < jobs * 2:
                                pending.add(pool.submit(_parse_one, str(queue.pop(0)), engine))
                            complete, pending = wait(pending, return_when=FIRST_COMPLETED)
                            for future in complete:
                                finished(*future.result())
                    except KeyboardInterrupt:
                        for future in pending:
                            future.cancel()
                        raise
        except KeyboardInterrupt:
            interrupted = True
    parsed = done - (len(failures) - len(errors))
    summary = f"{parsed} parsed, {skipped} already cached, {len(failures)} unusable"
    if interrupted:
        summary += f"; interrupted with {len(todo) - done} left (finished entries are kept)"
    print(summary, file=sys.stderr)
    for path, reason in failures:
        print(f"ofsted-reader: {inert(path, newlines=False)}: {inert(reason, newlines=False)}", file=sys.stderr)
    if interrupted:
        return 130
    return 2 if failures else 0
