"""`ofsted-reader parse`: a folder of generated reports (rendered from the seed),
failures listed with reasons and exit 2, skips what is cached, Ctrl-C keeps every
finished entry and never leaves half of one; `grades FOLDER` gives CSV rows."""

from __future__ import annotations

import csv
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_TEXT, SHARED, at_rest, env_for_subprocess

SAMPLE_PDF = REPO / "sample_reports" / "halton-2011.pdf"


def make_library(folder: Path, count: int, pdfs: int = 0) -> list[Path]:
    """``count`` distinct text reports (one council name changed each) and ``pdfs`` distinct PDFs."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    made = []
    for i in range(count):
        path = folder / ("sub" if i % 2 else "") / f"council-{i:03d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text.replace("Halton Borough Council", f"Council Number {i} Borough Council"), encoding="utf-8")
        made.append(path)
    data = SAMPLE_PDF.read_bytes()
    for i in range(pdfs):
        # bytes after %%EOF are ignored by readers: a distinct file, the same report
        path = folder / f"copy-{i:03d}.pdf"
        path.write_bytes(data + f"\n% copy {i}\n".encode())
        made.append(path)
    at_rest(*made)
    return made


def parse(private_dirs, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ofsted_reader", "parse", *args], capture_output=True, text=True, env=env_for_subprocess(private_dirs), timeout=300)


def entries() -> list[Path]:
    from ofsted_reader import cache

    return cache.entries()


def test_parses_a_folder_then_skips_what_is_cached(private_dirs, tmp_path: Path) -> None:
    make_library(tmp_path / "lib", 6, pdfs=2)
    first = parse(private_dirs, str(tmp_path / "lib"), "--jobs", "2")
    assert first.returncode == 0, first.stderr
    assert "8 parsed, 0 already cached, 0 unusable" in first.stderr
    assert len(entries()) == 8
    second = parse(private_dirs, str(tmp_path / "lib"))
    assert "0 parsed, 8 already cached" in second.stderr


def test_a_second_parse_of_files_at_rest_reads_none_of_them(private_dirs, tmp_path: Path, monkeypatch) -> None:
    from ofsted_reader import source
    from ofsted_reader.batch import parse_many

    files = make_library(tmp_path / "lib", 3, pdfs=1)
    assert parse_many(files, [], jobs=1) == 0
    monkeypatch.setattr(source, "sha256", lambda data: pytest.fail("hashed a file the index knows"))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    assert parse_many(files, [], jobs=1) == 0


def test_failures_are_listed_with_reasons_and_exit_2(private_dirs, tmp_path: Path) -> None:
    make_library(tmp_path / "lib", 2)
    (tmp_path / "lib" / "broken.pdf").write_bytes(b"<!DOCTYPE html><html></html>")
    (tmp_path / "lib" / "empty.txt").write_bytes(b"")
    result = parse(private_dirs, str(tmp_path / "lib"), str(tmp_path / "missing.pdf"), "--jobs", "2")
    assert result.returncode == 2
    assert "2 parsed" in result.stderr and "3 unusable" in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("ofsted-reader: ")]
    assert any("broken.pdf" in line and "not a PDF" in line for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("missing.pdf" in line for line in lines)
    assert "Traceback" not in result.stderr
    # Not on a terminal (a log): the summary, then the unusable files in path order, nothing else.
    assert result.stderr.splitlines() == ["2 parsed, 0 already cached, 3 unusable", *lines] and lines == sorted(lines)


def test_jobs_must_be_one_or_more(private_dirs, tmp_path: Path) -> None:
    make_library(tmp_path / "lib", 1)
    for bad in ("0", "-3", "two"):
        result = parse(private_dirs, str(tmp_path / "lib"), "--jobs", bad)
        assert result.returncode == 2 and "must be a whole number of 1 or more" in result.stderr


def test_interrupt_keeps_finished_entries_and_no_partial_one(private_dirs, tmp_path: Path) -> None:
    from ofsted_reader import cache

    make_library(tmp_path / "lib", 0, pdfs=16)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ofsted_reader", "parse", str(tmp_path / "lib"), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_for_subprocess(private_dirs),
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(entries()) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    done = entries()
    assert 2 <= len(done) < 16
    for entry in done:
        assert cache.entry_report(entry.read_bytes()) is not None
    assert not list(private_dirs["cache"].glob(".tmp-*"))
    rest = parse(private_dirs, str(tmp_path / "lib"))
    assert rest.returncode == 0 and f"{len(done)} already cached" in rest.stderr
    assert len(entries()) == 16


def test_grades_for_a_folder_gives_one_row_per_report_per_judgement(private_dirs, tmp_path: Path) -> None:
    make_library(tmp_path / "lib", 3)
    result = subprocess.run(
        [sys.executable, "-m", "ofsted_reader", "grades", str(tmp_path / "lib"), "--format", "csv"],
        capture_output=True, text=True, env=env_for_subprocess(private_dirs), timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3 * 20
    assert {r["report"] for r in rows} == {"Council Number 0 2011", "Council Number 1 2011", "Council Number 2 2011"}


@pytest.mark.skipif(not (SHARED / "corpus" / "pdf").is_dir(), reason="../shared/corpus is absent (only in CI and dev checkouts)")
def test_parse_the_dev_corpus(private_dirs) -> None:
    result = parse(private_dirs, str(SHARED / "corpus" / "pdf"))
    assert result.returncode == 2
    assert "23 parsed" in result.stderr and "1 unusable" in result.stderr
    assert "not-pdf-2012-10-19-birmingham.pdf" in result.stderr and "not a PDF" in result.stderr
