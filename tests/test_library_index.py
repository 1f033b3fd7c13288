"""The library index: summaries without loading documents, search across reports."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from conftest import SAMPLE_TEXT
from ofsted_reader import cache
from ofsted_reader.headline import column_of, headline
from ofsted_reader.library import HIT_END, HIT_START, Index, fts_query, scan, sort_date


def test_parsing_indexes_the_report(tmp_path: Path) -> None:
    report = cache.open_report(SAMPLE_TEXT).report
    with Index() as index:
        summary = index.summaries([report.source.sha256])[report.source.sha256]
        assert summary.council == "Halton Borough Council"
        assert summary.family == "SLAC" and summary.overall.label == "Good"
        assert summary.sort_date == "2011-02-07"
        assert summary.warnings == 6 and summary.judgements == 20
        assert summary.headline["help"].label == "Good" and summary.headline["care"].label == "Good"
        assert index.sha_for(SAMPLE_TEXT) == report.source.sha256


def test_search_finds_paragraphs_with_hits_marked() -> None:
    report = cache.open_report(SAMPLE_TEXT).report
    with Index() as index:
        hits = index.search("teenage concept")
        assert hits and hits[0].number == 36
        assert hits[0].short_name == "Halton 2011"
        assert f"{HIT_START}conceptions{HIT_END}" in hits[0].snippet
        assert report.section(hits[0].section_id).title.startswith("The contribution of health agencies")
        assert index.search('"(*') == []  # user text never becomes FTS syntax
        assert all(h.number != 36 for h in index.search('NEAR(") OR (x'))


def test_fts_query_quotes_words() -> None:
    assert fts_query('child "protection') == '"child" "protection"*'
    assert fts_query("  ") == ""


def test_scan_uses_index_then_cache_then_pending(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    a = folder / "a.txt"
    a.write_bytes(SAMPLE_TEXT.read_bytes())
    with Index() as index:
        first = scan([a], index)
        assert first.rows == [] and first.pending == [a]
        cache.open_report(a)
        second = scan([a], index)
        assert [r.path for r in second.rows] == [str(a)] and second.pending == []
        # a copy with another name is found through the cache without parsing again
        b = folder / "b.txt"
        b.write_bytes(a.read_bytes())
        third = scan([a, b], index)
        assert len(third.rows) == 2 and third.pending == []


def test_damaged_index_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with Index(path) as index:
        assert index.all_summaries() == []
    assert sqlite3.connect(path).execute("select count(*) from reports").fetchone() == (0,)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_headline_columns(sample_report) -> None:
    columns = headline(sample_report)
    assert set(columns) >= {"help", "care", "leaders"}
    from ofsted_reader.model import Grade, Judgement

    g = Grade("Good", 2, "Good")
    assert column_of(Judgement(None, "The experiences and progress of children who need help and protection", g)) == "help"
    assert column_of(Judgement(None, "2. Children looked after and achieving permanence", g)) == "care"
    assert column_of(Judgement(None, "2.2 Experiences and progress of care leavers", g)) == "leavers"
    assert column_of(Judgement(None, "The experiences and progress of children in care and care leavers", g)) == "care"
    assert column_of(Judgement(None, "The experiences and progress of care leavers", g)) == "leavers"
    assert column_of(Judgement(None, "3. Leadership, management and governance", g)) == "leaders"
    assert column_of(Judgement(None, "The impact of leaders on social work practice with children and families", g)) == "leaders"
    assert column_of(Judgement(None, "The Local Safeguarding Children Board", g)) == "lscb"


def test_sort_date_borrows_month_and_year(sample_report) -> None:
    assert sort_date(sample_report) == "2011-02-07"
