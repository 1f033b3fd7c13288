"""Work done in other processes: the one pool for every parallel job.

``parse --jobs N`` parses files in N processes; the library parses the files that are
not cached yet while its table is up; a long PDF has the second half of its pages read
by a helper process while this one reads the first.  All three are a :class:`Pool`: a
function run on items in worker processes, each item's result (or the exception it
raised) reported as it finishes.

* Workers are **forked** when this process runs no other thread: they start in a
  millisecond and share what is already loaded.  A threaded process (the reader's
  window) starts them as fresh interpreters (``python -m ofsted_reader.pool``), safe beside
  threads, in a session of their own (the terminal's keys and signals are the window's)
  and with no terminal to write to: they talk to this process over a socket pair only.
* :meth:`Pool.cancel`, from any thread, stops every worker at once: SIGTERM, which a
  busy worker turns into an exception so that its ``finally`` blocks (a cache entry's
  temp file removed) run before it exits.  Ctrl-C is the parent's to act on: workers
  ignore SIGINT.
* A worker that dies (killed, out of memory, a crash in native code) is reported as
  :class:`WorkerLost` for the item it held, and replaced if items are still waiting.

Nothing here knows what the work is; it imports nothing of the package.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Generic, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerLost(Exception):
    """The worker process ended without answering (killed, or crashed)."""


class _Stop(BaseException):
    """Raised in a busy worker by SIGTERM: unwinds the work (``finally`` blocks run), then it exits."""


@dataclass
class Done(Generic[T, R]):
    """An item's outcome: ``value`` when the work returned, ``error`` when it raised (or the worker was lost)."""

    item: T
    value: R | None = None
    error: BaseException | None = None


def can_fork() -> bool:
    """Forking is safe here: the platform has it and this process runs no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- the worker side

_busy = False


def _on_sigterm(signum: int, frame: object) -> None:
    if _busy:
        raise _Stop
    os._exit(0)


def _serve(work: Callable[[Any], Any], conn: Connection) -> None:
    """A worker's life: take an item, do the work, send back ``(ok, value or exception)``."""
    global _busy
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        _busy = True
        try:
            try:
                answer: tuple[bool, Any] = (True, work(item))
            except _Stop:
                return
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
                answer = (False, exc)
        finally:
            _busy = False
        try:
            conn.send(answer)
        except Exception as exc:  # noqa: BLE001 - an answer that cannot be pickled is still an answer
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _serve_forked(work: Callable[[Any], Any], conn: Connection, other: Connection) -> None:
    """The body of a forked worker: it never returns into the parent's code (``os._exit``: no
    atexit handlers, no second flush of the parent's buffered output)."""
    status = 1
    try:
        other.close()
        _serve(work, conn)
        status = 0
    finally:
        os._exit(status)


# --------------------------------------------------------------------------- the parent side


@dataclass
class _Worker:
    conn: Connection
    pid: int
    process: subprocess.Popen[bytes] | None = None
    """The interpreter started for a worker that was not forked."""
    item: Any = None
    busy: bool = False

    def kill(self, sig: int = signal.SIGTERM) -> None:
        try:
            os.kill(self.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def alive(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False

    def reap(self, grace: float = 5.0) -> None:
        """Wait for the process to end: ``grace`` seconds to finish unwinding, then it is killed."""
        self.conn.close()
        if self.process is not None:
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            return
        deadline = time.monotonic() + grace
        try:
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    self.kill(signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    return
                time.sleep(0.005)
        except ChildProcessError:
            pass


class Pool(Generic[T, R]):
    """Runs ``work(item)`` in up to ``processes`` worker processes.

    ``submit`` items, then iterate :meth:`results` for each one's :class:`Done` as it
    finishes.  ``work`` must be a module-level function (a worker that is not forked
    imports it by name), and items and results must pickle.  Use it as a context manager,
    or call :meth:`close`: the workers are stopped and reaped.
    """

    def __init__(self, work: Callable[[T], R], processes: int) -> None:
        self.work = work
        self.processes = max(1, processes)
        self.cancelled = False
        self._queue: deque[T] = deque()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._parent = os.getpid()

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, item: T) -> None:
        """Queue an item; a worker takes it as soon as one is free (started now if there is room).

        Raises OSError when no worker process can be started at all."""
        self._queue.append(item)
        self._dispatch()

    def results(self) -> Iterator[Done[T, R]]:
        """Each submitted item's outcome as it finishes, until none is left (or the pool is cancelled)."""
        while not self.cancelled and (self._queue or any(w.busy for w in self._workers)):
            busy = {w.conn: w for w in self._workers if w.busy}
            for conn in wait(list(busy), timeout=0.1):
                done = self._answer(busy[conn])
                if self.cancelled:
                    return
                yield done
            try:
                self._dispatch()
            except OSError as exc:  # no worker to be had (a process limit): what waits cannot be done
                if not any(w.busy for w in self._workers):
                    while self._queue:
                        yield Done(self._queue.popleft(), error=exc)

    def cancel(self) -> None:
        """Stop now (from any thread): queued items are dropped, busy workers get SIGTERM."""
        self.cancelled = True
        self._queue.clear()
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            worker.kill()

    def close(self) -> None:
        """Stop the workers (idle ones exit at once) and reap them."""
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.kill()
        for worker in workers:
            worker.reap()

    # -- internals

    def _answer(self, worker: _Worker) -> Done[T, R]:
        item, worker.item, worker.busy = worker.item, None, False
        try:
            ok, value = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker)
            return Done(item, error=WorkerLost("the worker process stopped unexpectedly"))
        return Done(item, value=value) if ok else Done(item, error=value)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        worker.reap()

    def _dispatch(self) -> None:
        """Hand queued items to idle workers, starting workers while there is room."""
        while self._queue and not self.cancelled:
            worker = next((w for w in self._workers if not w.busy), None)
            if worker is None:
                if len(self._workers) >= self.processes:
                    return
                worker = self._start()
            item = self._queue.popleft()
            try:
                worker.conn.send(item)
            except (OSError, ValueError):
                self._retire(worker)
                self._queue.appendleft(item)
                continue
            worker.item, worker.busy = item, True

    def _start(self) -> _Worker:
        if can_fork():
            parent, child = multiprocessing.Pipe()
            # What exists now is the parent's: frozen, the worker's collector never finalises it
            # (a parent's object finalised in the worker could close what the parent still uses,
            # an SQLite connection, say).
            gc.freeze()
            try:
                pid = os.fork()
            except OSError:
                parent.close()
                child.close()
                raise
            finally:
                if os.getpid() == self._parent:
                    gc.unfreeze()
            if pid == 0:
                _serve_forked(self.work, child, parent)
            child.close()
            worker = _Worker(parent, pid)
        else:
            parent, child = multiprocessing.Pipe()
            work = f"{self.work.__module__}:{self.work.__qualname__}"
            try:
                process = subprocess.Popen(
                    [sys.executable, "-m", "ofsted_reader.pool", work, str(child.fileno())],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(child.fileno(),),
                    start_new_session=True,
                )
            except OSError:
                parent.close()
                raise
            finally:
                child.close()
            worker = _Worker(parent, process.pid, process)
        with self._lock:
            self._workers.append(worker)
        return worker


def _main(argv: list[str]) -> None:
    """``python -m ofsted_reader.pool MODULE:FUNCTION FD``: a worker started as a fresh interpreter."""
    module, _, name = argv[0].partition(":")
    work = getattr(importlib.import_module(module), name)
    _serve(work, Connection(int(argv[1])))


if __name__ == "__main__":
    _main(sys.argv[1:])
