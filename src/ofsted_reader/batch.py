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
    from ofsted_reader.ingest import pdf_extract

    # Ctrl-C goes to the whole process group; let the parent decide what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pdf_extract.page_processes = 1  # the cores are shared out between workers already


def _already_cached(path: Path) -> bool:
    from ofsted_reader import cache
    from ofsted_reader.ingest import sha256, sniff

    known, valid = cache.known_file(path, lambda db, sha: cache.load(sha) is not None)
    if known and valid:
        return True  # the index knows the file as it is now and its entry is sound: not read, not hashed
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if sniff(data) == "yaml":
        return True
    digest = sha256(data)
    return cache.entry_path(digest).exists() and cache.load(digest) is not None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


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
    from rich.table import Column

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
                current=inert(Path(path).name, newlines=False),
                rate=f"{done / elapsed:.1f}/s",
            )

        try:
            if jobs == 1 or len(todo) <= 1:
                from ofsted_reader.ingest.pdf_extract import pages_read_by

                # --jobs 1 is one process; one file alone may have its pages read by two
                with pages_read_by(1 if jobs == 1 else None):
                    for path in todo:
                        finished(*_parse_one(str(path), engine))
            else:
                with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_worker_init) as pool:
                    pending: set[Future[tuple[str, str | None]]] = set()
                    # Biggest files first: the last to finish is then a small one, so
                    # neither worker idles long at the end (longest-processing-time first).
                    queue = sorted(todo, key=_size, reverse=True)
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
    for path, reason in sorted(failures):
        print(f"ofsted-reader: {inert(path, newlines=False)}: {inert(reason, newlines=False)}", file=sys.stderr)
    if interrupted:
        return 130
    return 2 if failures else 0


# --------------------------------------------------------------------------- in the background


class _Stop(BaseException):
    """Raised in a worker by SIGTERM while it parses: unwinds (temp files removed) before exiting."""


_busy = False


def _on_sigterm(signum: int, frame: object) -> None:
    if _busy:
        raise _Stop
    os._exit(0)


def serve() -> None:
    """A background worker: one path per line on stdin, one JSON line per result on stdout.

    Run as ``python -m ofsted_reader.batch`` by :class:`BackgroundParse`.  SIGTERM while
    parsing unwinds the parse first, so the cache's temp file is removed (entries are
    only ever renamed into place whole); Ctrl-C is the app's, not ours.
    """
    import json

    from ofsted_reader.ingest import pdf_extract

    global _busy
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    pdf_extract.page_processes = 1  # one worker per core already
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        _busy = True
        try:
            try:
                _, reason = _parse_one(path, os.environ.get("OFSTED_READER_ENGINE", "pdfium"))
            except _Stop:
                os._exit(0)
            except Exception as exc:  # noqa: BLE001 - a parser bug: report it, go on with the next
                reason = f"could not be parsed: a bug ({type(exc).__name__}: {exc})"
        finally:
            _busy = False
        sys.stdout.write(json.dumps({"path": path, "reason": reason}) + "\n")
        sys.stdout.flush()


class BackgroundParse:
    """Parse files in worker processes, yielding ``(path, reason or None)`` as each finishes.

    Used by the library view.  pdfium is not thread-safe, so PDFs are parsed in
    processes (one per core), each writing its own cache entry and index rows.  The
    workers are plain ``python -m ofsted_reader.batch`` children (not multiprocessing:
    the parent is a threaded full-screen app, and its ``__main__`` may be anything),
    fed one path at a time, their output kept off the terminal.  :meth:`cancel` (from
    any thread) stops them: queued files are dropped, running workers get SIGTERM.
    """

    def __init__(self, files: list[Path], *, jobs: int | None = None, engine: str = "pdfium") -> None:
        self.files = list(files)
        self.jobs = max(1, min(jobs or os.cpu_count() or 1, len(self.files) or 1))
        self.engine = engine
        self.cancelled = False
        self._workers: list = []

    def _start_worker(self):  # -> subprocess.Popen
        import subprocess

        env = dict(os.environ, OFSTED_READER_ENGINE=self.engine, PYTHONUNBUFFERED="1")
        return subprocess.Popen(
            [sys.executable, "-m", "ofsted_reader.batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            start_new_session=True,  # the terminal's signals are the app's
        )

    def results(self):  # -> Iterator[tuple[str, str | None]]
        import json
        import selectors

        queue = [str(p) for p in self.files]
        if not queue or self.cancelled:
            return
        selector = selectors.DefaultSelector()
        busy: dict[int, str] = {}
        try:
            for _ in range(self.jobs):
                worker = self._start_worker()
                self._workers.append(worker)
                selector.register(worker.stdout, selectors.EVENT_READ, worker)
                path = queue.pop(0)
                busy[worker.pid] = path
                worker.stdin.write(path + "\n")
                worker.stdin.flush()
                if not queue:
                    break
            while busy and not self.cancelled:
                for key, _ in selector.select(timeout=0.1):
                    worker = key.data
                    try:
                        line = worker.stdout.readline()
                    except (OSError, ValueError):
                        line = ""
                    path = busy.pop(worker.pid, None)
                    if not line:  # the worker died
                        selector.unregister(worker.stdout)
                        if self.cancelled:
                            return
                        if path is not None:
                            yield path, "the parser process stopped unexpectedly"
                        if queue:
                            worker = self._start_worker()
                            self._workers.append(worker)
                            selector.register(worker.stdout, selectors.EVENT_READ, worker)
                        else:
                            continue
                    else:
                        try:
                            result = json.loads(line)
                            yield str(result["path"]), result.get("reason")
                        except (ValueError, KeyError, TypeError):
                            yield path or "?", "the parser process answered nonsense"
                    if self.cancelled:
                        return
                    if queue:
                        path = queue.pop(0)
                        busy[worker.pid] = path
                        worker.stdin.write(path + "\n")
                        worker.stdin.flush()
        finally:
            selector.close()
            self.shutdown()

    def cancel(self) -> None:
        """Stop (from any thread): running workers get SIGTERM; :meth:`results` then returns."""
        self.cancelled = True
        for worker in list(self._workers):
            try:
                if worker.poll() is None:
                    worker.terminate()
            except OSError:
                pass

    def shutdown(self) -> None:
        """Close the workers' input (they exit when idle; cancelled ones were sent SIGTERM) and reap them."""
        workers, self._workers = self._workers, []
        for worker in workers:
            try:
                if self.cancelled and worker.poll() is None:
                    worker.terminate()
                worker.stdin.close()
            except (OSError, ValueError):
                pass
        for worker in workers:
            try:
                worker.wait(timeout=5)
            except Exception:  # noqa: BLE001 - a stuck worker is killed, never waited on forever
                worker.kill()
            try:
                worker.stdout.close()
            except (OSError, ValueError):
                pass


if __name__ == "__main__":
    serve()
