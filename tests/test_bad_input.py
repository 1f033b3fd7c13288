"""Bad input: unusable files exit 2 with one plain line naming the file and the
reason, usable ones open; never a traceback, never a partial cache entry.

Each case here is a row of the README table "input → what you see".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


from conftest import REPO, SAMPLE_TEXT, env_for_subprocess, shared_path

SAMPLE_PDF = REPO / "sample_reports" / "halton-2011.pdf"


def run(private_dirs, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ofsted_reader", *args], capture_output=True, text=True, env=env_for_subprocess(private_dirs), timeout=120
    )


def refused(private_dirs, path: Path, *words: str) -> str:
    result = run(private_dirs, "export", str(path))
    assert result.returncode == 2, (result.returncode, result.stdout[:200], result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert path.name in lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    cache = private_dirs["cache"]
    assert not cache.exists() or not [p for p in cache.iterdir() if p.suffix == ".yaml"], "a refused file left a cache entry"
    return lines[0]


def _pdf(path: Path, draw, **kwargs) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return path


def test_empty_file(private_dirs, tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    refused(private_dirs, tmp_path / "empty.pdf", "not a PDF", "empty")
    (tmp_path / "empty.txt").write_bytes(b"")
    refused(private_dirs, tmp_path / "empty.txt", "empty")


def test_random_bytes_named_pdf(private_dirs, tmp_path: Path) -> None:
    (tmp_path / "random.pdf").write_bytes(os.urandom(50_000))
    refused(private_dirs, tmp_path / "random.pdf", "not a PDF")


def test_html_page_named_pdf(private_dirs, tmp_path: Path) -> None:
    page = tmp_path / "report.pdf"
    page.write_text("<!DOCTYPE html>\n<html><head><title>Report not found</title></head><body>404</body></html>\n")
    refused(private_dirs, page, "not a PDF", "HTML page")


def test_the_real_html_page_in_the_corpus(private_dirs) -> None:
    refused(private_dirs, shared_path("corpus", "pdf", "not-pdf-2012-10-19-birmingham.pdf"), "not a PDF", "HTML page")


def test_truncated_pdf(private_dirs, tmp_path: Path) -> None:
    half = tmp_path / "half.pdf"
    data = SAMPLE_PDF.read_bytes()
    half.write_bytes(data[: len(data) // 2])
    result = run(private_dirs, "export", str(half))
    # pdfium may recover some pages of a truncated file; either it opens or it is refused cleanly.
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        refused(private_dirs, half)


def test_password_protected_pdf(private_dirs, tmp_path: Path) -> None:
    locked = _pdf(tmp_path / "locked.pdf", lambda c: c.drawString(72, 720, "Inspection of children's social care services"), encrypt="secret")
    refused(private_dirs, locked, "password")


def test_image_only_pdf(private_dirs, tmp_path: Path) -> None:
    def draw(c) -> None:
        c.setFillGray(0.3)
        c.rect(72, 72, 400, 600, fill=1)

    scanned = _pdf(tmp_path / "scanned.pdf", draw)
    refused(private_dirs, scanned, "no text")


def test_pdf_that_is_not_an_ofsted_report_opens_as_unknown(private_dirs, tmp_path: Path) -> None:
    def draw(c) -> None:
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, 760, "Minutes of the allotment society")
        c.setFont("Helvetica", 11)
        for i, line in enumerate(["1. The meeting opened at seven.", "2. The treasurer reported a surplus.", "Any other business"]):
            c.drawString(72, 720 - 20 * i, line)

    other = _pdf(tmp_path / "minutes.pdf", draw)
    result = run(private_dirs, "export", str(other), "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["family"] == "UNKNOWN" and doc["warnings"]


def test_huge_text_file_is_refused_with_the_limit(private_dirs, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB of NULs without using the disk
    line = refused(private_dirs, huge, "too large")
    assert "limit" in line and "MiB" in line


def test_binary_file_named_txt(private_dirs, tmp_path: Path) -> None:
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 100)
    refused(private_dirs, blob)


def test_folder_given_to_export(private_dirs, tmp_path: Path) -> None:
    result = run(private_dirs, "export", str(tmp_path))
    assert result.returncode == 2 and "folder" in result.stderr and result.stderr.count("\n") == 1


def test_symlink_loop_given_to_parse(private_dirs, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "inner" / "halton.txt").write_bytes(SAMPLE_TEXT.read_bytes())
    result = run(private_dirs, "parse", str(folder), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "1 parsed" in result.stderr


def test_usable_and_unusable_in_one_batch(private_dirs, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(SAMPLE_TEXT.read_bytes())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html></html>")
    result = run(private_dirs, "grades", str(good), str(bad), "--format", "csv")
    assert result.returncode == 2
    assert result.stdout.count("\n") == 21  # header + the good report's 20 rows
    assert "bad.pdf" in result.stderr and "Traceback" not in result.stderr
