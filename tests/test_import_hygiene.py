"""The model, parsers and cache never import Textual or Rich (fast CLI, clean layers)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SAMPLE_TEXT

HEADLESS = [
    "ofsted_reader.model",
    "ofsted_reader.grades",
    "ofsted_reader.keys",
    "ofsted_reader.cache",
    "ofsted_reader.ingest",
    "ofsted_reader.ingest.text",
    "ofsted_reader.ingest.structure",
    "ofsted_reader.markdown",
    "ofsted_reader.textsafe",
    "ofsted_reader.library",
    "ofsted_reader.headline",
    "ofsted_reader.state",
    "ofsted_reader.batch",
    "ofsted_reader.gradecard",
]


def test_headless_modules_import_neither_textual_nor_rich() -> None:
    code = (
        "import sys, json\n"
        f"for m in {HEADLESS!r}: __import__(m)\n"
        "from ofsted_reader.ingest import parse_file\n"
        f"parse_file({str(SAMPLE_TEXT)!r})\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'pdfplumber'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_grades_json_and_export_stay_headless(private_dirs) -> None:
    code = (
        "import sys, json, io, contextlib\n"
        "from ofsted_reader.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        f"    main(['grades', {str(SAMPLE_TEXT)!r}, '--format', 'json'])\n"
        f"    main(['export', {str(SAMPLE_TEXT)!r}, '--format', 'markdown'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'pdfplumber'))))\n"
    )
    from conftest import env_for_subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env_for_subprocess(private_dirs)).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


def test_a_warm_grades_reads_the_grade_card_and_loads_no_document(private_dirs, tmp_path) -> None:
    """Second time round, ``grades`` finds the file's hash and grade card in the library index:
    the file is not read or hashed and no document (model, YAML, JSON copy) is loaded; what it
    prints is what the first run, which made the card from the parsed report, printed."""
    from conftest import at_rest, env_for_subprocess

    report = tmp_path / "halton.txt"
    report.write_bytes(SAMPLE_TEXT.read_bytes())
    at_rest(report)
    code = (
        "import sys, json, io, contextlib\n"
        "from ofsted_reader.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    for fmt in ('table', 'json', 'csv'): main(['grades', sys.argv[1], '--format', fmt])\n"
        "loaded = [m for m in ('ofsted_reader.model', 'ofsted_reader.ingest', 'yaml', 'hashlib') if m in sys.modules]\n"
        "print(json.dumps({'out': buf.getvalue(), 'loaded': loaded}))\n"
    )
    env = env_for_subprocess(private_dirs)
    cold, warm = (json.loads(subprocess.run([sys.executable, "-c", code, str(report)], capture_output=True, text=True, check=True, env=env).stdout) for _ in range(2))
    assert "ofsted_reader.model" in cold["loaded"]
    assert warm["loaded"] == []
    assert warm["out"] == cold["out"] and "Halton" in warm["out"] and "Grade 2 (good)" in warm["out"]
