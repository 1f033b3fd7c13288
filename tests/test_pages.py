"""Cite by page: every block of a PDF carries the page it starts on, checked against the PDF's
own page text on one report of each family; citations, Markdown page markers and the export."""

from __future__ import annotations

import functools
import json
import re

import pytest

from conftest import SAMPLE_TEXT, shared_path
from ofsted_reader.citation import cite, publication_date, report_reference
from ofsted_reader.model import Block, Metadata, Report, Source

ONE_OF_EACH = ["ilacs-2023-01-26-lancashire", "sif-2014-03-21-essex", "slac-2013-08-23-kent", "lscb-2015-08-03-surrey"]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


@functools.lru_cache(maxsize=None)
def _parsed(name: str) -> tuple[Report, tuple[str, ...]]:
    import pypdfium2

    from ofsted_reader.ingest import parse_file

    path = shared_path("corpus", "pdf", f"{name}.pdf")
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pages = tuple(_norm(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()
    return parse_file(path), pages


def _key(block: Block) -> str:
    """The block's first words, as the page text holds them."""
    first = block.text or next((cell for row in block.rows for cell in row if cell.strip()), "")
    return _norm(first)[:40]


@pytest.mark.parametrize("name", ONE_OF_EACH)
def test_every_block_starts_on_the_page_it_says(name: str) -> None:
    report, pages = _parsed(name)
    checked = 0
    for section in report.walk():
        for block in section.blocks:
            key = _key(block)
            if not key:
                continue
            assert block.page is not None, (name, section.id, block.text[:60])
            assert key in pages[block.page - 1], (name, block.page, block.text[:60])
            checked += 1
    assert checked > 30
    family = report.family
    assert family == name.split("-")[0].upper()


def test_citation_names_the_council_publication_date_page_and_paragraph() -> None:
    report, pages = _parsed("ilacs-2023-01-26-lancashire")
    assert report.metadata.published is None  # ILACS prints none: the file's name says it
    section, para = next((s, b) for s, b in report.paragraphs() if b.number == 27)
    assert _key(para) in pages[para.page - 1]
    assert cite(report, para) == f"Lancashire, published 26 January 2023, p. {para.page}, para 27"
    text = next(b for s in report.walk() for b in s.blocks if b.number is None and b.kind != "table" and b.page)
    assert cite(report, text) == f"Lancashire, published 26 January 2023, p. {text.page}"


def test_markdown_export_keeps_page_markers() -> None:
    from ofsted_reader.markdown import render

    report, pages = _parsed("sif-2014-03-21-essex")
    markdown = render(report)
    markers = [int(n) for n in re.findall(r"^<!-- page (\d+) -->$", markdown, re.M)]
    started = sorted({b.page for s in report.walk() for b in s.blocks if b.page is not None})
    # A page where no block starts has none (nor one whose only blocks are listed elsewhere).
    assert markers == sorted(markers) and set(markers) <= set(started) and len(markers) >= len(started) - 3
    # What follows a marker is printed on that page.
    for match in re.finditer(r"^<!-- page (\d+) -->\n\n(.+)$", markdown, re.M):
        words = _norm(re.sub(r"^\*\*\d+\.\*\* |^- |^\| ", "", match.group(2)))[:30]
        assert words in pages[int(match.group(1)) - 1], match.group(0)[:80]


def test_json_export_carries_each_blocks_page() -> None:
    from ofsted_reader.document import dump_json

    report, _ = _parsed("slac-2013-08-23-kent")
    data = json.loads(dump_json(report.to_dict()))
    blocks = [b for s in data["sections"] for b in s["blocks"]]
    assert blocks and all(isinstance(b["page"], int) for b in blocks)


def _report(name: str, published: str | None, dates: str | None, council: str = "Lancashire County Council") -> Report:
    return Report(source=Source(name, "0" * 64, "pdf"), family="ILACS",
                  metadata=Metadata(local_authority=council, inspection_dates=dates, published=published))


def test_publication_date_is_printed_else_the_files_name_else_none() -> None:
    dates = "28 November to 9 December 2022"
    assert publication_date(_report("x.pdf", "2023-02-01", dates)) == "2023-02-01"
    assert publication_date(_report("children's services inspection - 31 january 2023.pdf", None, dates)) == "2023-01-31"
    assert publication_date(_report("ilacs-2023-01-26-lancashire.pdf", None, dates)) == "2023-01-26"
    assert publication_date(_report("report 1 march 2021.pdf", None, dates)) is None  # before the inspection: not its publication
    assert publication_date(_report("report.pdf", None, dates)) is None
    assert report_reference(_report("report.pdf", None, dates)) == "Lancashire, inspected 28 November to 9 December 2022"
    lancs = _report("children's services inspection - 31 january 2023.pdf", None, dates)
    assert cite(lancs, Block("paragraph", "…", number=27, page=7)) == "Lancashire, published 31 January 2023, p. 7, para 27"
    assert cite(lancs, Block("text", "…", page=2)) == "Lancashire, published 31 January 2023, p. 2"


def test_a_text_report_is_cited_without_pages(sample_report: Report) -> None:
    para = next(b for _, b in sample_report.paragraphs() if b.number == 27)
    assert cite(sample_report, para) == "Halton, published 25 March 2011, para 27"
    text = Block("text", "words")
    assert cite(sample_report, text, "Summary") == "Halton, published 25 March 2011, “Summary”"
    assert SAMPLE_TEXT.exists()
