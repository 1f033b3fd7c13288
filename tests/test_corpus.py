"""Every dev-corpus PDF against its hand-verified truth (skips without ../shared).

Figures: ``python tools/corpus_accuracy.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import SHARED
from ofsted_reader.accuracy import compare
from ofsted_reader.errors import InputError
from ofsted_reader.ingest import parse_file

TRUTH = sorted((SHARED / "corpus" / "truth").glob("*.yaml")) if (SHARED / "corpus" / "truth").is_dir() else []


@pytest.mark.skipif(not TRUTH, reason="../shared/corpus is absent (only in CI and dev checkouts)")
@pytest.mark.parametrize("truth_path", TRUTH, ids=[p.stem for p in TRUTH])
def test_report_matches_truth(truth_path: Path) -> None:
    truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
    pdf = SHARED / "corpus" / "pdf" / f"{truth_path.stem}.pdf"
    if truth.get("not_pdf"):
        with pytest.raises(InputError, match="not a PDF"):
            parse_file(pdf)
        return
    result = compare(truth_path.stem, truth, parse_file(pdf))
    assert result.mismatches == {}


SLAC_PDFS = [SHARED / "corpus" / "pdf" / name for name in ("slac-2013-08-23-kent.pdf", "slac-2013-08-16-norfolk.pdf")]


@pytest.mark.skipif(not SLAC_PDFS[0].exists(), reason="../shared/corpus is absent (only in CI and dev checkouts)")
@pytest.mark.parametrize("pdf", SLAC_PDFS, ids=lambda p: p.stem)
def test_slac_record_of_main_findings_is_a_table_not_a_section(pdf: Path) -> None:
    """The record's rows come out of the PDF as lines ("Quality of provision  Adequate"): they are
    the record's rows, its part heading a row without a grade, and they agree with the body."""
    report = parse_file(pdf)
    rows = [(row.row, row.grade) for row in report.record_of_main_findings]
    assert rows[0] == ("Services for looked after children", None)
    assert [name for name, _ in rows[1:]] == [
        "Overall effectiveness", "Capacity to improve", "Outcomes for looked after children and young people",
        "Quality of provision", "Leadership and management",
    ]
    body = {s.title: s.grade.label for s in report.walk() if s.grade}
    assert all(grade == body[name] for name, grade in rows[2:])
    assert report.sections[-1].title == "Record of main findings" and report.warnings == []
