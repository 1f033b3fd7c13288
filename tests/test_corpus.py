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
