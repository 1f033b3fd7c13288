"""Daily work in the TUI (issue 18): cite by page (``y``, ``:p7``, the page in the top bar and
the pane header), ``n`` after Esc, saving the library's table and recommendations (Ctrl+S,
Ctrl+E), and the search across the reports the library's filter shows, with limits."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from library_support import text_library
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.screens.library import LibraryScreen
from ofsted_reader.tui.screens.library_search import LibrarySearchScreen
from tui_support import REPO, SAMPLE_TEXT, reader_ready, screen_text, settle, wait_for, wait_for_text

pytestmark = pytest.mark.asyncio

SAMPLE_PDF = REPO / "sample_reports" / "halton-2011.pdf"


async def library_ready(pilot) -> LibraryScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.size.height > 0)
    await settle(pilot, 2)
    return app.screen


def toasts(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_colon_p_goes_to_a_page_and_y_cites_it():
    app = OfstedReaderApp(SAMPLE_PDF)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "p", "1", "1", "enter")
        await wait_for(pilot, lambda: screen.current_block() is not None and screen.current_block().number == 36)
        block = screen.current_block()
        assert block.page == 11  # the first block that starts on page 11
        text = await wait_for_text(pilot, "p. 11  para 36")  # the top bar: where you are reading
        assert "pp. 10–11" in text  # the pane header: the pages the section is printed on
        await pilot.press("y")
        citation = "Halton, published 25 March 2011, p. 11, para 36"
        assert app.clipboard.startswith("36. While the rate of teenage conceptions")
        assert app.clipboard.endswith(f"({citation})")
        assert citation in toasts(app)  # the notification says what was copied
        await pilot.press("colon", "p", "9", "9", "enter")
        await settle(pilot)
        assert "There is no page 99 (the text runs over pages 1–23)." in toasts(app)
        assert screen.current_block() is block
        await pilot.press("colon", "2", "7", "enter")  # paragraphs as before
        await wait_for(pilot, lambda: screen.current_block().number == 27)


async def test_a_text_report_has_no_pages_to_go_to():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "p", "3", "enter")
        await settle(pilot)
        assert "no page numbers" in toasts(app)
        assert "p. " not in screen_text(app).splitlines()[0]


async def test_n_repeats_the_last_search_after_esc_cleared_it():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("slash", *"teenage", "enter")
        await settle(pilot)
        assert screen.search_query == "teenage" and screen.hits
        first = screen.hit_index
        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_query == "" and not screen.hits  # cleared: nothing highlighted
        await pilot.press("n")
        await settle(pilot)
        assert screen.search_query == "teenage" and screen.hits  # searched again, as less and vim do
        assert screen.hit_index is not None and screen.hit_index >= first
        await pilot.press("escape", "N")
        await settle(pilot)
        assert screen.search_query == "teenage" and screen.hit_index is not None


async def test_ctrl_s_saves_the_table_as_shown_and_ctrl_e_the_recommendations(tmp_path, monkeypatch):
    text_library(tmp_path / "lib")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await pilot.press(*"lambeth", "enter", "tilde")  # filtered, sorted
        await settle(pilot)
        shown = [(r.name, r.inspection_dates) for r in screen.table.rows]
        assert len(shown) == 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.prompt.is_open and screen.prompt.input.value == str(out / "lib-reports.csv")
        await pilot.press("enter")
        await wait_for(pilot, lambda: (out / "lib-reports.csv").exists())
        with open(out / "lib-reports.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [(r["Council"], r["Inspection dates"]) for r in rows] == shown  # the view: filtered, sorted
        assert rows[0]["Children in care"] == "Good" and rows[0]["Care leavers"] == ""
        assert "2 reports → " in toasts(app) and str(out / "lib-reports.csv") in toasts(app)
        # Again: a default never overwrites.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.prompt.input.value == str(out / "lib-reports-2.csv")
        await pilot.press("escape")
        # Every recommendation of the reports shown, to a name of our own: XLSX by its suffix.
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert screen.prompt.input.value == str(out / "lib-recommendations.csv")
        screen.prompt.input.value = "recs.xlsx"
        await pilot.press("enter")
        await wait_for(pilot, lambda: (out / "recs.xlsx").exists(), timeout=20)
        from openpyxl import load_workbook

        sheet = load_workbook(out / "recs.xlsx").active
        values = list(sheet.values)
        assert values[0][:3] == ("Report", "Council", "Family") and values[0][-2] == "Recommendation"
        body = values[1:]
        assert {row[1] for row in body} == {"Lambeth"} and len(body) == 2 * 10  # ten in each copy of the seed
        assert any(row[7] == "Immediately" for row in body)
        await wait_for(pilot, lambda: "20 recommendations of 2 reports" in toasts(app))
        # A name that says no format is refused, in words.
        await pilot.press("ctrl+s")
        screen.prompt.input.value = "table.txt"
        await pilot.press("enter")
        await settle(pilot)
        assert "end the name in .csv, .md or .xlsx" in toasts(app)
        assert not (out / "table.txt").exists()


async def test_save_commands_are_in_the_palette_and_help(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await library_ready(pilot)
        from ofsted_reader.tui.commands import ScreenCommands

        titles = [title for title, _, _ in ScreenCommands(screen).commands()]
        assert "Save the table" in titles and "Save the recommendations" in titles
        await pilot.press("question_mark")
        text = await wait_for_text(pilot, "Save the table")
        assert "Save the recommendations" in text


async def test_search_is_limited_by_the_library_filter_and_the_query(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await library_ready(pilot)
        await pilot.press(*"lambeth", "enter")
        await settle(pilot)
        await pilot.press("slash", *"teenage -nothing in:judgements")
        await wait_for(pilot, lambda: isinstance(app.screen, LibrarySearchScreen) and app.screen.searched.endswith("judgements"))
        search = app.screen
        assert {h.short_name.split()[0] for h in search.hits} == {"Lambeth"} and len(search.hits) == 4
        text = await wait_for_text(pilot, "4 hits in 2 reports")
        assert "(filter “lambeth”)" in text and "Lambeth 2012 (2 hits)" in text
        search.input.value = "teenage in:recommendations"
        await wait_for(pilot, lambda: search.searched.endswith("recommendations"))
        assert search.hits == []  # paragraph 36 is in a judgement's section, not the recommendations
        await pilot.press(*" since:zz")
        text = await wait_for_text(pilot, "Not understood: since:")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert Path(tmp_path / "lib").exists()


async def test_a_search_with_no_hits_or_a_problem_paints_with_no_color(tmp_path, monkeypatch):
    """The message in place of hits once crashed Textual's NO_COLOR filter (a segment with no style)."""
    monkeypatch.setenv("NO_COLOR", "1")
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot)
        await pilot.press("slash", *"zzqqxx since:soon")
        text = await wait_for_text(pilot, "No paragraph has every word")
        assert "Not understood: since: takes a year" in text
        await pilot.press("escape")
