"""The library index: summaries without loading documents, search across reports."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from conftest import SAMPLE_TEXT, at_rest
from ofsted_reader import cache, library
from ofsted_reader.dates import first_day
from ofsted_reader.headline import column_of, columns_of, headline
from ofsted_reader.index import HIT_END, HIT_START, Index, fts_query
from ofsted_reader.library import scan
from ofsted_reader.reports import open_report


def test_parsing_indexes_the_report(tmp_path: Path) -> None:
    report = open_report(SAMPLE_TEXT).report
    with Index() as index:
        summary = index.summaries([report.source.sha256])[report.source.sha256]
        assert summary.council == "Halton Borough Council"
        assert summary.family == "SLAC" and summary.overall.label == "Good"
        assert summary.sort_date == "2011-02-07"
        assert summary.warnings == 6 and summary.judgements == 20
        assert summary.headline["help"].label == "Good" and summary.headline["care"].label == "Good"
        assert index.known(SAMPLE_TEXT) == report.source.sha256


def test_search_finds_paragraphs_with_hits_marked() -> None:
    report = open_report(SAMPLE_TEXT).report
    with Index() as index:
        hits = index.search("teenage concept")
        assert hits and hits[0].number == 36
        assert hits[0].short_name == "Halton 2011"
        assert f"{HIT_START}conceptions{HIT_END}" in hits[0].snippet
        assert report.section(hits[0].section_id).title.startswith("The contribution of health agencies")
        assert index.search('"(*') == []  # user text never becomes FTS syntax
        assert all(h.number != 36 for h in index.search('NEAR(") OR (x'))


def test_a_hit_in_a_section_whose_title_repeats_names_its_part() -> None:
    open_report(SAMPLE_TEXT)  # two sections are called "Quality of provision"
    with Index() as index:
        (hit,) = [h for h in index.search("IWST") if h.number == 19]
        assert hit.section_title == "Safeguarding services › Quality of provision"


def test_fts_query_quotes_words() -> None:
    assert fts_query('child prot') == '"child" "prot"*'
    assert fts_query('child "protection') == '"child" "protection"'  # a phrase being typed
    assert fts_query('"child protection" -plan -"core group" in:rec') == '("child protection") NOT "plan" NOT "core group"'
    assert fts_query("-plan family:sif") == ""  # nothing to find: exclusions and limits alone
    assert fts_query("  ") == ""


def test_scan_uses_index_then_cache_then_pending(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    a = folder / "a.txt"
    a.write_bytes(SAMPLE_TEXT.read_bytes())
    with Index() as index:
        first = scan([a], index)
        assert first.rows == [] and first.pending == [a]
        open_report(a)
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
    # ILACS before 2023 judges children in care and care leavers together: both columns.
    assert columns_of(Judgement(None, "The experiences and progress of children in care and care leavers", g)) == ["care", "leavers"]
    assert columns_of(Judgement(None, "The experiences and progress of children in care", g)) == ["care"]


def test_sort_date_borrows_month_and_year(sample_report) -> None:
    assert first_day(sample_report.metadata.inspection_dates) == "2011-02-07"


# --------------------------------------------------------------------------- councils and histories


def test_council_names_and_keys_normalise_every_printed_form() -> None:
    from ofsted_reader.councils import council_key, council_name

    assert council_name("London Borough of Lambeth") == "Lambeth"
    assert council_name("Lancashire County Council") == "Lancashire"
    assert council_name("Surrey Safeguarding Children Board") == "Surrey"
    assert council_name("City of York Council") == "York"
    assert council_name("Somerset Council") == "Somerset"
    same = [
        ["Lancashire", "Lancashire County Council", "Lancashire Safeguarding Children Board"],
        ["London Borough of Lambeth", "Lambeth", "Lambeth Council", "the London Borough of  Lambeth"],
        ["Brighton & Hove City Council", "Brighton and Hove"],
        ["St. Helens Metropolitan Borough Council", "St Helens"],
        ["Southend-on-Sea Borough Council", "Southend on Sea"],
        ["Royal Borough of Kensington and Chelsea", "Kensington and Chelsea"],
    ]
    for forms in same:
        assert len({council_key(f) for f in forms}) == 1, forms
    assert council_key("Lambeth") != council_key("Lewisham")
    assert council_key("West Sussex") != council_key("Sussex")


def _row(sha: str, council: str, date: str, family: str = "ILACS", overall: int | None = None, **ranks: int):
    from ofsted_reader.grades import LABEL_FOR_RANK
    from ofsted_reader.index import Summary
    from ofsted_reader.model import Grade

    def grade(rank):
        return Grade(LABEL_FOR_RANK[rank], rank, LABEL_FOR_RANK[rank])

    return Summary(sha, family, council, council, "", "", date, "", grade(overall) if overall else None,
                   {k: grade(v) for k, v in ranks.items()})


def test_history_is_one_councils_reports_oldest_first() -> None:
    from ofsted_reader.councils import council_key
    from ofsted_reader.library import history

    rows = [
        _row("c", "Lancashire", "2022-11-28", overall=2),
        _row("a", "Lancashire County Council", "2014-03-01", family="SIF", overall=3),
        _row("k", "Kent County Council", "2013-07-15"),
        _row("b", "Lancashire Safeguarding Children Board", "2015-06-01", family="LSCB"),
        _row("a", "Lancashire County Council", "2014-03-01", family="SIF", overall=3),  # the same report twice
    ]
    assert [r.sha for r in history(rows, council_key("Lancashire"))] == ["a", "b", "c"]


def test_trends_compare_with_the_last_grade_of_each_judgement() -> None:
    from ofsted_reader.library import BETTER, SAME, WORSE, trends

    reports = [
        _row("a", "X", "2014-01-01", overall=3, help=3, care=2),
        _row("b", "X", "2015-01-01", lscb=3),  # an LSCB review in between judges only the LSCB
        _row("c", "X", "2018-01-01", overall=2, help=4, care=2, leavers=2),
        _row("d", "X", "2026-01-01", help=2, leavers=1),  # 2026 framework: no overall
    ]
    marks = trends(reports, ["overall", "help", "care", "leavers", "lscb"])
    assert marks[0] == {}
    assert marks[1] == {}
    assert marks[2] == {"overall": BETTER, "help": WORSE, "care": SAME}
    assert marks[3] == {"help": BETTER, "leavers": BETTER}


def test_scan_knows_a_moved_file_by_its_hash_without_loading_the_document(tmp_path: Path, monkeypatch) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(SAMPLE_TEXT.read_bytes())
    open_report(a)
    moved = tmp_path / "elsewhere" / "a-copy.txt"
    moved.parent.mkdir()
    moved.write_bytes(a.read_bytes())
    at_rest(moved)
    monkeypatch.setattr(cache, "load", lambda sha: (_ for _ in ()).throw(AssertionError("loaded a document")))
    monkeypatch.setattr(library, "load_report", lambda sha, index: (_ for _ in ()).throw(AssertionError("loaded a document")))
    with Index() as index:
        found = scan([moved], index)
        assert [r.path for r in found.rows] == [str(moved)] and index.known(moved) == found.rows[0].sha


def test_search_hits_carry_the_block_to_open_at() -> None:
    report = open_report(SAMPLE_TEXT).report
    with Index() as index:
        hit = index.search("teenage conceptions")[0]
    section = report.section(hit.section_id)
    assert section.blocks[hit.block].number == hit.number == 36


def _this_version() -> str:
    from ofsted_reader import __version__
    from ofsted_reader.index import INDEX_VERSION

    return f"{INDEX_VERSION}/{__version__}"


@pytest.mark.parametrize(
    "version",
    ["1/0.0.1", "this"],
    ids=["another-version", "this-version-other-tables"],  # the second: tables changed without a version bump
)
def test_an_index_whose_tables_differ_is_rebuilt_with_the_new_shape(tmp_path: Path, version: str) -> None:
    path = tmp_path / "library.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
        f"INSERT INTO meta VALUES ('version', '{_this_version() if version == 'this' else version}');"
        "CREATE VIRTUAL TABLE paras USING fts5(text, section_title, sha UNINDEXED, section_id UNINDEXED, number UNINDEXED);"
    )
    old.commit()
    old.close()
    report = open_report(SAMPLE_TEXT).report
    with Index(path) as index:
        index.add(report, SAMPLE_TEXT)
        assert index.search("teenage conceptions")[0].block is not None
    with Index(path) as index:  # and a second open keeps it
        assert index.search("teenage conceptions")


def test_the_library_parse_yields_each_file_and_cancels_cleanly(tmp_path: Path, private_dirs) -> None:
    """The library parses in a pool of worker processes (forkserver beside its threads): each file's
    outcome comes back as it finishes; cancelling stops the workers, and no entry is left half-written."""
    import threading

    from ofsted_reader.batch import parse_one, reason_of
    from ofsted_reader.pool import Pool

    good = tmp_path / "good.txt"
    good.write_bytes(SAMPLE_TEXT.read_bytes())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    at_rest(good, bad)
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)  # as in the reader: a threaded process
    beside.start()
    try:
        with Pool(parse_one, 2) as pool:
            for path in (good, bad):
                pool.submit((str(path), "pdfium"))
            results = {done.item[0]: reason_of(done) for done in pool.results()}
        assert results[str(good)] is None and "not a PDF" in results[str(bad)]
        assert len(cache.entries()) == 1
        with Index() as index:
            assert index.known(good)  # the worker indexed what it parsed

        from test_batch import make_library

        pdfs = make_library(tmp_path / "pdfs", 0, pdfs=8)
        with Pool(parse_one, 2) as pool:
            for path in pdfs:
                pool.submit((str(path), "pdfium"))
            seen = []
            for done in pool.results():
                seen.append(done.item)
                pool.cancel()
        assert len(seen) == 1 and not pool._workers  # reaped
    finally:
        stop.set()
        beside.join()
    assert not list(private_dirs["cache"].glob(".tmp-*"))
    for entry in cache.entries():
        assert cache.entry_report(entry.read_bytes()) is not None


def test_short_titles_for_narrow_panes() -> None:
    from ofsted_reader.headline import short_title

    assert short_title("The experiences and progress of children who need help and protection") == "Children who need help and protection"
    assert short_title("The graded judgement for adoption performance") == "Adoption performance"
    assert short_title("The graded judgement about the experiences and progress of care leavers") == "Care leavers"
    assert short_title("The impact of leaders on social work practice with children and families").startswith("Impact of leaders")
    assert short_title("Overall effectiveness") == "Overall effectiveness"
    assert short_title("The LSCB") == "LSCB"
    assert short_title("Section 2: the effectiveness local safeguarding children board") == "LSCB"
    assert short_title("The Local Safeguarding Children Board (LSCB)") == "LSCB"
    assert short_title("Section 1: the local authority") == "Local authority"


def _unregistered_library(folder: Path) -> dict[str, str]:
    """Reports where "unregistered" is in a recommendation, in a paragraph only, or both, over
    the years (copies of the seed; the seed is SLAC).  Name → the report's hash."""
    seed = SAMPLE_TEXT.read_text(encoding="utf-8")
    recommendation = "Ensure that the full minutes of child protection conferences and reviews are promptly distributed."
    paragraph = "27. Child protection conferences and reviews are well recorded"
    assert recommendation in seed and paragraph in seed
    made = {
        "in-rec-2023": ("5 – 16 March 2023", True, False),
        "in-rec-2021": ("5 – 16 March 2021", True, False),
        "in-para-2023": ("6 – 17 February 2023", False, True),
        "in-both-2024": ("8 – 19 January 2024", True, True),
    }
    shas = {}
    for name, (dates, in_rec, in_para) in made.items():
        text = seed.replace("Halton Borough Council", f"{name} Council").replace("7 – 18 February 2011", dates)
        if in_rec:
            text = text.replace(recommendation, "Ensure that no child lives in unregistered children's homes.")
        if in_para:
            text = text.replace(paragraph, "27. Children in unregistered homes are seen; conferences are well recorded")
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        shas[name] = open_report(path).report.source.sha256
    return shas


def test_unregistered_in_the_recommendations_of_reports_since_2023(tmp_path: Path) -> None:
    shas = _unregistered_library(tmp_path)
    name_of = {sha: name for name, sha in shas.items()}
    with Index() as index:
        every = {name_of[h.sha] for h in index.search("unregistered")}
        assert every == set(shas)
        query = "unregistered in:recommendations since:2023"
        hits = index.search(query)
        assert sorted(name_of[h.sha] for h in hits) == ["in-both-2024", "in-rec-2023"]
        assert all("areas-for-improvement" in h.section_id for h in hits)
        assert {name_of[s]: n for s, n in index.hit_counts(query).items()} == {"in-both-2024": 1, "in-rec-2023": 1}
        # Hits counted per report: "in-both" has two paragraphs with the word.
        assert {name_of[s]: n for s, n in index.hit_counts("unregistered").items()}["in-both-2024"] == 2
        # Combined with the library's filter (the reports shown).
        assert [name_of[h.sha] for h in index.search(query, shas=[shas["in-rec-2023"], shas["in-para-2023"]])] == ["in-rec-2023"]
        assert {name_of[h.sha] for h in index.search("unregistered before:2023")} == {"in-rec-2021"}
        assert {name_of[h.sha] for h in index.search("unregistered since:2023-02 before:2023-03")} == {"in-para-2023"}
        # Section kinds: the judgement sections of the seed hold paragraph 27, not the recommendations.
        assert {name_of[h.sha] for h in index.search("unregistered in:judgements")} == {"in-para-2023", "in-both-2024"}
        assert {name_of[h.sha] for h in index.search("unregistered family:slac")} == set(shas)
        assert index.search("unregistered family:ilacs") == []
        # Phrases and exclusions.
        assert {name_of[h.sha] for h in index.search('"unregistered children\'s homes"')} == {"in-rec-2023", "in-rec-2021", "in-both-2024"}
        assert {name_of[h.sha] for h in index.search('"unregistered homes"')} == {"in-para-2023", "in-both-2024"}
        assert {(name_of[h.sha], h.number) for h in index.search("unregistered -conferences")} == {
            ("in-rec-2023", None), ("in-rec-2021", None), ("in-both-2024", None)}
