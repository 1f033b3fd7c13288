"""The fuzz harness (tools/fuzz.py), for a bounded time: mutated PDFs, text reports and saved
documents through ``export`` and ``grades``; any traceback, exit code other than 0 or 2, stderr
of more than one line, damaged cache entry, hang or crash fails the test.  A person runs it for
longer with ``python tools/fuzz.py --long`` (ten minutes) or ``--seconds N``."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

SECONDS = 12


def test_the_fuzzer_finds_nothing_in_a_bounded_run(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "fuzz.py"), "--seconds", str(SECONDS), "--jobs", "1", "--seed", "15", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=SECONDS + 300,
    )
    assert "inputs (" in result.stdout, result.stderr[-3000:]
    assert result.returncode == 0 and "; 0 findings" in result.stdout, result.stdout + result.stderr[-5000:]
