"""Warm-open time of the reader against a bare Textual app, both started the same way.

Each run starts a fresh Python process on a pseudo-terminal (80×24 unless told
otherwise), answers Textual's synchronized-output query like a modern terminal
(so every frame arrives between ``ESC[?2026h`` and ``ESC[?2026l``), and times:

* **first paint**: process start → the end of the first frame that shows the
  content (the sample's first paragraph for the reader; a marker for the bare app);
* **exit**: process start → the process has exited after ``q`` was sent on that paint.

"Warm" means the sample is already in the (temporary) cache, as on every open
after the first, and bytecode is cached (``PYTHONDONTWRITEBYTECODE`` is unset for
the runs, as for an installed wheel).  The bare app is a Textual ``App`` with one ``Static``, run by
the same interpreter with the same environment and terminal.  Prints medians,
and the reader/bare ratio (target ≤ 1.3×).  Not a pass/fail test.

    python benchmarks/bench_reader.py [--runs 9] [--size 80x24]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_END = b"\x1b[?2026l"

BARE_APP = '''
from textual.app import App
from textual.widgets import Static


class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static("BARE APP READY")


Bare().run()
'''

READER_MARKER = b"The purpose of the inspection"
BARE_MARKER = b"BARE APP READY"


def run_once(argv: list[str], env: dict[str, str], marker: bytes, size: tuple[int, int], timeout: float = 30.0) -> tuple[float, float]:
    """(seconds to the first painted frame containing ``marker``, seconds to exit after ``q``)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True)
    os.close(slave)
    buffer = b""
    painted: float | None = None
    exited: float | None = None
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    break
                buffer += chunk
                if SYNC_QUERY in buffer:
                    os.write(master, SYNC_REPLY)
                    buffer = buffer.replace(SYNC_QUERY, b"")
                if painted is None:
                    found = buffer.find(marker)
                    if found >= 0 and buffer.find(SYNC_END, found) >= 0:
                        painted = time.perf_counter() - start
                        os.write(master, b"q")
            if process.poll() is not None:
                break
        process.wait(timeout=max(0.1, timeout - (time.perf_counter() - start)))
        exited = time.perf_counter() - start
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    if painted is None:
        tail = buffer[-400:].decode("utf-8", "replace")
        raise RuntimeError(f"no frame with {marker!r} from {argv}: ...{tail!r}")
    return painted, exited


def collect(runs: int = 9, size: tuple[int, int] = (80, 24)) -> dict[str, tuple[float, float]]:
    """Median (first paint, exit) seconds for ``reader`` and ``bare``."""
    repo = Path(__file__).resolve().parents[1]
    sample = repo / "sample_reports" / "halton-2011.txt"
    with tempfile.TemporaryDirectory(prefix="ofsted-bench-") as tmp:
        env = dict(os.environ)
        env.update(
            OFSTED_READER_CACHE=f"{tmp}/cache",
            OFSTED_READER_DATA=f"{tmp}/data",
            OFSTED_READER_CONFIG=f"{tmp}/config",
            TERM="xterm-256color",
            COLORTERM="truecolor",
        )
        env.pop("NO_COLOR", None)
        env.pop("TEXTUAL", None)
        # Warm means warm bytecode too: an installed wheel has .pyc files for every module.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_script = Path(tmp) / "bare_app.py"
        bare_script.write_text(BARE_APP)
        reader = [sys.executable, "-m", "ofsted_reader", str(sample)]
        bare = [sys.executable, str(bare_script)]

        # Warm up: fill the cache and the OS file cache (bytecode, libraries) for both.
        run_once(reader, env, READER_MARKER, size)
        run_once(bare, env, BARE_MARKER, size)

        results: dict[str, list[tuple[float, float]]] = {"reader": [], "bare": []}
        for _ in range(runs):  # interleaved, so drift in machine load hits both alike
            results["reader"].append(run_once(reader, env, READER_MARKER, size))
            results["bare"].append(run_once(bare, env, BARE_MARKER, size))
    return {
        name: (statistics.median(p for p, _ in values), statistics.median(e for _, e in values))
        for name, values in results.items()
    }


def measure(runs: int = 9) -> list[dict[str, str]]:
    """Rows for ``run_all.py``."""
    from _common import row

    medians = collect(runs)
    (reader_paint, reader_exit), (bare_paint, bare_exit) = medians["reader"], medians["bare"]
    ratio = reader_paint / bare_paint
    return [
        row(
            "warm open to first paint (sample, 80×24)",
            f"{reader_paint:.3f} s",
            f"bare Textual app {bare_paint:.3f} s",
            f"{ratio:.2f}×",
            "≤ 1.3×",
            ratio <= 1.3,
        ),
        row(
            "warm open, paint and quit (sample, 80×24)",
            f"{reader_exit:.3f} s",
            f"bare Textual app {bare_exit:.3f} s",
            f"{reader_exit / bare_exit:.2f}×",
            "",
            None,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", default="80x24", help="terminal size, COLSxROWS")
    args = parser.parse_args()
    cols, rows = (int(x) for x in args.size.lower().split("x"))
    medians = collect(args.runs, (cols, rows))
    (reader_paint, reader_exit), (bare_paint, bare_exit) = medians["reader"], medians["bare"]
    print(f"terminal {cols}x{rows}, {args.runs} runs each, medians (warm cache)")
    print(f"  bare Textual app   first paint {bare_paint * 1000:7.1f} ms   exit {bare_exit * 1000:7.1f} ms")
    print(f"  ofsted-reader      first paint {reader_paint * 1000:7.1f} ms   exit {reader_exit * 1000:7.1f} ms")
    print(f"  ratio reader/bare  first paint {reader_paint / bare_paint:7.2f}×     exit {reader_exit / bare_exit:7.2f}×   (target ≤ 1.3×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
