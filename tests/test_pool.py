"""The one worker pool: results as they finish, errors carried back, a lost worker reported and
replaced, cancel from another thread, workers forked or (beside threads) started fresh."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from ofsted_reader.errors import InputError
from ofsted_reader.pool import Pool, WorkerLost, can_fork


def square(x: int) -> int:
    return x * x


def fail(x: int) -> int:
    raise InputError(f"file{x}.pdf", "not a PDF (it is binary data)")


def die_on_three(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@pytest.fixture(params=["forked", "started"])
def threads(request, monkeypatch):
    """Run each test in a process that may fork, and beside another thread (workers started
    fresh: they import the work by name, so this folder must be on their path)."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [os.path.dirname(__file__), os.environ.get("PYTHONPATH")])))
    if request.param == "forked":
        yield request.param
        return
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)
    beside.start()
    try:
        assert not can_fork()
        yield request.param
    finally:
        stop.set()
        beside.join()


def test_every_item_comes_back_once(threads) -> None:
    with Pool(square, 2) as pool:
        for x in range(10):
            pool.submit(x)
        done = list(pool.results())
    assert sorted((d.item, d.value) for d in done) == [(x, x * x) for x in range(10)]
    assert not pool._workers


def test_an_error_in_the_work_comes_back_as_it_was_raised(threads) -> None:
    with Pool(fail, 1) as pool:
        pool.submit(7)
        (done,) = pool.results()
    assert isinstance(done.error, InputError) and done.error.path == "file7.pdf" and "binary" in done.error.reason


def test_a_worker_that_dies_is_reported_and_replaced(threads) -> None:
    with Pool(die_on_three, 1) as pool:
        for x in range(6):
            pool.submit(x)
        done = {d.item: d for d in pool.results()}
    assert isinstance(done[3].error, WorkerLost)
    assert [done[x].value for x in (0, 1, 2, 4, 5)] == [0, 1, 2, 4, 5]


def test_cancel_from_another_thread_stops_the_workers_at_once(threads) -> None:
    pool = Pool(nap, 2)
    for _ in range(4):
        pool.submit(30.0)
    workers = list(pool._workers)
    started = time.monotonic()
    timer = threading.Timer(0.5, pool.cancel)
    timer.start()
    assert list(pool.results()) == []
    timer.join()
    pool.close()
    assert time.monotonic() - started < 10
    assert not any(w.alive() for w in workers)


def test_no_process_to_be_had_is_an_oserror_at_submit(monkeypatch) -> None:
    import errno

    assert can_fork()
    monkeypatch.setattr(os, "fork", lambda: (_ for _ in ()).throw(OSError(errno.EAGAIN, "no more processes")))
    fds = len(os.listdir("/proc/self/fd"))
    pool = Pool(square, 1)
    with pytest.raises(OSError):
        pool.submit(1)
    pool.close()
    assert len(os.listdir("/proc/self/fd")) == fds
