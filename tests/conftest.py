"""Shared test fixtures.

Tests that need ../shared (the real-report corpus and the gold outline) use the
``shared`` fixture, which skips with a reason when the folder is absent (a
user's fresh clone); CI always has it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_TEXT = REPO / "sample_reports" / "halton-2011.txt"


def at_rest(*paths: Path) -> None:
    """Date files an hour back, as report files at rest are.  The index remembers a file's hash
    by its size and mtime only once the mtime has settled (library.SETTLE_NS): a file written a
    moment ago is hashed again each time it is opened."""
    old = time.time() - 3600
    for path in paths:
        os.utime(path, (old, old))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason if it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only present in CI and dev checkouts)")
    return path


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Every test gets its own cache, data and config folders."""
    base = tmp_path_factory.mktemp("dirs")
    dirs = {name: base / name for name in ("cache", "data", "config")}
    monkeypatch.setenv("OFSTED_READER_CACHE", str(dirs["cache"]))
    monkeypatch.setenv("OFSTED_READER_DATA", str(dirs["data"]))
    monkeypatch.setenv("OFSTED_READER_CONFIG", str(dirs["config"]))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return dirs


@pytest.fixture(autouse=True)
def no_fast_path_fails_unseen():
    """A fast path (the library index's lookups) that fails for any reason but "not known" is
    counted (see ofsted_reader.index): a test that does not expect one fails, so a bug there
    shows up here rather than as slowness.  A test that provokes one takes it out of the count."""
    from ofsted_reader.index import fast_path_failures

    fast_path_failures.clear()
    yield
    assert not fast_path_failures, f"fast paths failed unexpectedly: {dict(fast_path_failures)}"


@pytest.fixture(scope="session")
def sample_report():
    from ofsted_reader.ingest import parse_file

    return parse_file(SAMPLE_TEXT)


def env_for_subprocess(dirs: dict[str, Path]) -> dict[str, str]:
    env = dict(os.environ)
    env["OFSTED_READER_CACHE"] = str(dirs["cache"])
    env["OFSTED_READER_DATA"] = str(dirs["data"])
    env["OFSTED_READER_CONFIG"] = str(dirs["config"])
    env["COLUMNS"] = "120"
    return env
