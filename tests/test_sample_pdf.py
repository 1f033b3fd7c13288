"""The shipped sample PDF (rendered from the seed text by tools/make_sample_pdf.py)
parses to the same document as the text: the PDF path is tested without ../shared."""

from __future__ import annotations

import pytest

from conftest import REPO, SAMPLE_TEXT
from ofsted_reader.ingest import parse_file
from ofsted_reader.model import Report

SAMPLE_PDF = REPO / "sample_reports" / "halton-2011.pdf"


@pytest.fixture(scope="module")
def pair() -> tuple[Report, Report]:
    return parse_file(SAMPLE_TEXT), parse_file(SAMPLE_PDF)


def _comparable(report: Report) -> dict:
    """The document less what only a PDF has: its source and the page each block starts on."""
    data = report.to_dict()
    data.pop("source")

    def pageless(sections: list[dict]) -> None:
        for section in sections:
            for block in section["blocks"]:
                block.pop("page", None)
            pageless(section["children"])

    pageless(data["sections"])
    return data


def test_pdf_and_text_give_the_same_document(pair: tuple[Report, Report]) -> None:
    text, pdf = pair
    assert pdf.source.kind == "pdf" and pdf.source.pages and pdf.source.pages > 20
    assert _comparable(pdf) == _comparable(text)


def test_pdf_outline_essentials(pair: tuple[Report, Report]) -> None:
    _, pdf = pair
    assert pdf.family == "SLAC"
    assert [b.number for _, b in pdf.paragraphs()] == list(range(1, 96))
    assert len(pdf.judgements) == 20 and len(pdf.recommendations) == 10 and len(pdf.record_of_main_findings) == 28
    # every block says the page it starts on, in reading order; a text source has none
    pages = [b.page for s in pdf.walk() for b in s.blocks]
    assert all(p is not None and p >= 1 for p in pages) and pages == sorted(pages)
    assert all(b.page is None for s in pair[0].walk() for b in s.blocks)
    # paragraphs the page breaks cut are whole again, and no page furniture leaked into them
    for _, block in pdf.paragraphs():
        assert "Inspection of safeguarding and looked after children services" not in block.text


def test_engines_agree_on_the_sample() -> None:
    fast = parse_file(SAMPLE_PDF, engine="pdfium")
    reference = parse_file(SAMPLE_PDF, engine="plumber")
    assert fast.to_dict() == reference.to_dict()
