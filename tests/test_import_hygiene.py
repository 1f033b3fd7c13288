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
