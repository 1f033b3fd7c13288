"""Mutation test over the sample PDF: byte flips, truncations and dropped objects
(fixed seed, bounded count).  Every case exits 0 or 2, never 1 (a bug) or a
signal, and leaves no partial cache entry."""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, env_for_subprocess

SAMPLE_PDF = REPO / "sample_reports" / "halton-2011.pdf"
CASES = 24
_spec = importlib.util.spec_from_file_location("crash_sweep", REPO / "tools" / "crash_sweep.py")
crash_sweep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_sweep)

MUTANTS = crash_sweep.mutations(SAMPLE_PDF.read_bytes(), CASES, random.Random(20261126))


@pytest.mark.parametrize(("label", "data"), MUTANTS, ids=[label for label, _ in MUTANTS])
def test_damaged_pdf_exits_0_or_2_and_keeps_the_cache_clean(private_dirs, tmp_path: Path, label: str, data: bytes) -> None:
    target = tmp_path / f"mutant-{label}.pdf"
    target.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "ofsted_reader", "export", str(target), "--format", "json"],
        capture_output=True,
        text=True,
        env=env_for_subprocess(private_dirs),
        timeout=120,
    )
    assert result.returncode in (0, 2), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1
    from ofsted_reader import cache

    for entry in cache.entries():
        assert cache.entry_report(entry.read_bytes()) is not None, entry
    assert not list(private_dirs["cache"].glob(".tmp-*")) if private_dirs["cache"].exists() else True
