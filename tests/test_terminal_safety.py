"""Report text and file names are data: nothing in a document drives the terminal.

A report built to contain ANSI CSI/OSC sequences (OSC 52 clipboard, title), other
C0/C1 controls, bidi overrides and Rich markup goes through `grades` (table),
`export --format markdown` on a terminal, and JSON/YAML exports.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE_TEXT, env_for_subprocess
from ofsted_reader.textsafe import inert, is_inert

EVIL = {
    "csi": "\x1b[31mRED\x1b[0m",
    "osc52": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "title": "\x1b]0;pwned title\x07",
    "c1": "\x9b31m",
    "bel": "\x07",
    "bidi": "\u202egnp.exe",
    "markup": "[bold red]x[/] [link=file:///etc/passwd]click[/link]",
}


def evil_report(tmp_path: Path) -> Path:
    """The seed with hostile text in a heading, a paragraph and a recommendation."""
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    payload = " ".join(EVIL.values())
    text = text.replace("Capacity for improvement\n\nGrade 1", f"Capacity for improvement {payload}\n\nGrade 1", 1)
    text = text.replace("10. Capacity for improvement is outstanding.", f"10. Capacity {payload} is outstanding.", 1)
    text = text.replace("- Ensure that the full minutes", f"- Ensure {payload} that the full minutes", 1)
    path = tmp_path / f"evil \x1b[31m{EVIL['bidi']}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_inert_output(out: str) -> None:
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\u202e" not in out
    assert "[bold red]x[/]" in out  # markup shown literally, not interpreted


def run(private_dirs, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ofsted_reader", *args], capture_output=True, text=True, env=env_for_subprocess(private_dirs), timeout=60)


def run_in_pty(private_dirs, *args: str) -> str:
    """Run with stdout on a pseudo-terminal, as a user at a shell would."""
    primary, secondary = pty.openpty()
    env = env_for_subprocess(private_dirs)
    env["TERM"] = "xterm-256color"
    proc = subprocess.Popen([sys.executable, "-m", "ofsted_reader", *args], stdout=secondary, stderr=subprocess.PIPE, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_inert_shows_placeholders() -> None:
    for value in EVIL.values():
        shown = inert(value)
        assert is_inert(shown)
    assert inert("\x1b[31m") == "␛[31m"
    assert inert("a\u202eb") == "a<U+202E>b"
    assert inert("line\nbreak") == "line\nbreak" and inert("line\nbreak", newlines=False) == "line break"


def test_grades_table_is_inert(private_dirs, tmp_path: Path) -> None:
    result = run(private_dirs, "grades", str(evil_report(tmp_path)))
    assert result.returncode == 0, result.stderr
    _assert_inert_output(result.stdout)
    assert "␛[31mRED" in result.stdout


def test_grades_table_on_a_terminal_is_inert(private_dirs, tmp_path: Path) -> None:
    out = run_in_pty(private_dirs, "grades", str(evil_report(tmp_path)))
    # Rich styles the table itself (its own escapes); none of the report's may pass.
    assert "\x1b]52" not in out and "\x1b]0;" not in out and "\x1b[31mRED" not in out
    assert "\x9b" not in out and "\u202e" not in out
    assert "␛]52;c;" in out


def test_markdown_on_a_terminal_is_inert(private_dirs, tmp_path: Path) -> None:
    out = run_in_pty(private_dirs, "export", str(evil_report(tmp_path)), "--format", "markdown")
    _assert_inert_output(out)
    assert "␛]52;c;ZWNobyBwd25lZA==␇" in out


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_data_exports_keep_text_exact_but_escaped(private_dirs, tmp_path: Path, fmt: str) -> None:
    result = run(private_dirs, "export", str(evil_report(tmp_path)), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x9b" not in result.stdout
    doc = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    capacity = doc["sections"][4]["children"][1]  # after the cover and three sections
    assert capacity["title"].startswith("Capacity for improvement \x1b[31mRED\x1b[0m")
    assert EVIL["osc52"] in capacity["blocks"][0]["text"]


def test_file_names_in_errors_are_inert(private_dirs, tmp_path: Path) -> None:
    bad = tmp_path / "x\x1b]0;title\x07.txt"
    bad.write_bytes(b"")
    result = run(private_dirs, "export", str(bad))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "␛]0;title␇" in result.stderr
