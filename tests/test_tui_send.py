"""Area SEND reports in the reader and the library: the outcome's badge and hotkey, the sidebar's
groups and partners, the Kind column, and a council's history holding both kinds of inspection
without comparing their grades on one scale."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, at_rest
from library_support import text_copy
from ofsted_reader.grades import INCONSISTENT, POSITIVE, SYSTEMIC, LABEL_FOR_RANK
from ofsted_reader.index import Summary
from ofsted_reader.library import BETTER, WORSE, trends
from ofsted_reader.model import Grade
from ofsted_reader.reports import open_report
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.render import grade_variable
from ofsted_reader.tui.screens.history import HistoryScreen
from ofsted_reader.tui.screens.library import LibraryScreen
from ofsted_reader.tui.widgets.library_table import sort_rows
from tui_support import reader_ready, screen_text, settle, wait_for

SEND_SAMPLE = REPO / "sample_reports" / "area-send-northmoor.txt"
SEND = {1: POSITIVE, 2: INCONSISTENT, 3: SYSTEMIC}


def row(sha: str, date: str, family: str, overall: int) -> Summary:
    label = SEND[overall] if family == "AREA_SEND" else LABEL_FOR_RANK[overall]
    return Summary(sha, family, "Northmoor", "Northmoor", "", "", date, "", Grade(label, overall, label), {})


def test_trends_compare_an_outcome_only_with_the_areas_previous_outcome() -> None:
    reports = [
        row("a", "2016-01-01", "SIF", 3),
        row("b", "2019-01-01", "AREA_SEND", 1),  # after an RI: no mark, another scale
        row("c", "2022-01-01", "ILACS", 2),  # better than the SIF's RI, not compared with the SEND outcome
        row("d", "2025-01-01", "AREA_SEND", 3),  # worse than the area's previous SEND outcome
    ]
    marks = trends(reports, ["overall"])
    assert marks == [{}, {}, {"overall": BETTER}, {"overall": WORSE}]


def test_sorting_by_overall_keeps_the_send_outcomes_apart_from_the_grades() -> None:
    rows = [row("a", "2016-01-01", "AREA_SEND", 1), row("b", "2017-01-01", "ILACS", 4), row("c", "2018-01-01", "ILACS", 1)]
    assert [r.sha for r in sort_rows(rows, "overall")] == ["c", "b", "a"]


def test_outcome_colours_follow_their_meaning_not_their_rank() -> None:
    assert [grade_variable(Grade(SEND[r], r, "")) for r in (1, 2, 3)] == ["grade-good", "grade-ri", "grade-inadequate"]


@pytest.mark.asyncio
async def test_the_reader_shows_the_outcome_badge_and_its_hotkey_jumps_there():
    app = OfstedReaderApp(SEND_SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        await wait_for(pilot, lambda: screen.sidebar_shown)
        await settle(pilot, 2)
        text = screen_text(app)
        assert "AREA_SEND · outcome SYS" in text
        assert "Outcome: SYS Widespread and/or" in text  # the outcome in words, not colour alone
        findings = screen.findings
        rows = [findings.get_option_at_index(i).prompt for i in range(findings.option_count)]
        rows = [" ".join(getattr(r, "plain", str(r)).split()) for r in rows]
        # the recommendations grouped by their group and the partner they are addressed to
        assert "Areas for priority action · Northmoor Council and NHS Northmoor and Dale ICB" in rows
        assert "Areas for improvement · The local authority and the ICB" in rows
        await pilot.press("1")
        await settle(pilot)
        assert screen.current.id == "inspection-outcome"
        assert "1 SYS  Inspection outcome" in screen_text(app)  # the tree's badge and key


@pytest.mark.asyncio
async def test_the_reader_reads_right_without_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = OfstedReaderApp(SEND_SAMPLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert "SYS" in screen_text(app)


@pytest.mark.asyncio
async def test_a_councils_history_lists_both_kinds_of_inspection(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    text_copy(folder, "northmoor-2011.txt", "Northmoor Council")
    shutil.copy(SEND_SAMPLE, folder / "northmoor-send.txt")
    at_rest(folder / "northmoor-send.txt")
    for path in folder.iterdir():
        open_report(path)
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.size.height > 0)
        await settle(pilot, 2)
        library = app.screen
        text = screen_text(app)
        header = next(line for line in text.splitlines() if line.startswith("  Council"))
        assert "Kind" in header
        send_line = next(line for line in text.splitlines() if "SEND" in line and "Northmoor" in line)
        words = send_line.split()
        assert words[words.index("Northmoor") + 1 : words.index("Northmoor") + 4] == ["SEND", "SEND", "Mar"] and "SYS" in send_line
        cs_line = next(line for line in text.splitlines() if "SLAC" in line)
        words = cs_line.split()
        assert words[words.index("Northmoor") + 1 : words.index("Northmoor") + 3] == ["SLAC", "CS"]
        await pilot.press(*"send")  # the filter knows the kind in words
        assert [r.family for r in library.table.rows] == ["AREA_SEND"]
        await pilot.press("escape")
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = app.screen
        await settle(pilot, 2)
        assert [r.family for r in history.reports] == ["SLAC", "AREA_SEND"]
        lines = {line.split("  ")[0].strip(): line for line in screen_text(app).splitlines() if line.strip()}
        assert lines["Kind"].split()[1:] == ["CS", "SEND"]
        assert lines["Overall"].split()[1:] == ["GOOD", "SYS"]  # no ↑ or ↓ between the two scales
