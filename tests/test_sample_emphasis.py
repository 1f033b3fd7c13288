"""Markdown emphasis in a text report (the bundled sample's ``*Working Together To Safeguard
Children*``): the words are kept, the asterisks are not; the sample PDF prints them in italics."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO, SAMPLE_TEXT
from ofsted_reader.ingest import parse_file
from ofsted_reader.ingest.text import plain_emphasis, text_elements
from ofsted_reader.textsafe import block_parts

SAMPLE_PDF = REPO / "sample_reports" / "halton-2011.pdf"
TITLE = "'Working Together To Safeguard Children', 2010"


@pytest.mark.parametrize(
    "printed, read",
    [
        ("in accordance with '*Working Together To Safeguard Children*', 2010", f"in accordance with {TITLE}"),
        ("**Grade 2 (good)**", "Grade 2 (good)"),
        ("*one* and *two*", "one and two"),
        ("five A*–C and one A*–G", "five A*–C and one A*–G"),  # inside a word: literal
        ("a * b * c", "a * b * c"),
        ("2*3*4", "2*3*4"),
        ("Ambition and prioritisation**Grade 1 (outstanding)**", "Ambition and prioritisation**Grade 1 (outstanding)**"),
    ],
)
def test_emphasis_marks_go_and_literal_asterisks_stay(printed, read):
    assert plain_emphasis(printed) == read


def test_the_sample_reads_without_markdown_asterisks():
    report = parse_file(SAMPLE_TEXT)
    texts = [part for section in report.walk() for block in section.blocks for part in block_parts(block)]
    assert any(TITLE in text for text in texts)
    stars = [text for text in texts if "*" in text]
    assert stars and all(re.fullmatch(r"[^*]*(A\*[–-][A-Z][^*]*)+", text) for text in stars)  # A*–C, A*–G only


def test_a_renderer_may_keep_the_marks():
    elements = text_elements("1. See '*Working Together*'.\n", keep_emphasis=True)
    assert elements[0].text == "See '*Working Together*'."


def test_the_sample_pdf_prints_the_title_in_italics_and_reads_the_same():
    pdfplumber = pytest.importorskip("pdfplumber")
    report = parse_file(SAMPLE_PDF)
    assert any(TITLE in part for section in report.walk() for block in section.blocks for part in block_parts(block))
    with pdfplumber.open(SAMPLE_PDF) as pdf:
        words = [w for page in pdf.pages[:6] for w in page.extract_words(extra_attrs=["fontname"])]
    together = [w for w in words if w["text"].strip("'*") == "Together"]
    assert together and all("Oblique" in w["fontname"] for w in together)
    assert not any("*" in w["text"] and "A*" not in w["text"] for w in words)


def test_the_sample_pdf_is_what_the_script_renders(tmp_path):
    """The shipped PDF is regenerated, not edited: the script gives the same bytes."""
    pytest.importorskip("reportlab")
    out = tmp_path / "sample.pdf"
    subprocess.run([sys.executable, str(REPO / "tools" / "make_sample_pdf.py"), "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == SAMPLE_PDF.read_bytes()
