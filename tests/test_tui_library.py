"""The library view (``ofsted-reader FOLDER``): rows and badges, sort, filter, open and back,
a council's history, search across reports, background parsing and a clean quit."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from conftest import SHARED
from library_support import text_copy, text_library, variant, write_yaml
from ofsted_reader import cache
from ofsted_reader.reports import open_report
from ofsted_reader.state import ReaderState, load_library_state, save_state
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.screens.history import HistoryScreen
from ofsted_reader.tui.screens.library import LibraryScreen
from ofsted_reader.tui.screens.library_search import LibrarySearchScreen
from tui_support import burst, reader_ready, screen_text, settle, styles_of, wait_for, wait_for_text

pytestmark = pytest.mark.asyncio


async def library_ready(pilot) -> LibraryScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.size.height > 0)
    await settle(pilot, 2)
    return app.screen


def names(screen: LibraryScreen) -> list[str]:
    return [row.name for row in screen.table.rows]


async def test_every_report_is_a_row_with_badges_at_80_columns(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        assert sorted(names(screen)) == ["Halton", "Kent", "Lambeth", "Lambeth", "York"]
        assert screen.parsing is None  # all cached: nothing to parse
        text = screen_text(app)
        header = next(line for line in text.splitlines() if line.startswith("  Council"))
        for title in ("Family", "Kind", "Inspected", "Ovrl", "Help", "Care", "Lvrs", "Lead", "LSCB", "Warn"):
            assert title in header  # every headline column shows, titles whole, at 80 columns
        halton = next(line for line in text.splitlines() if "Halton" in line)
        # overall GOOD, help GOOD, care GOOD, no care-leavers judgement, leadership OUT, no LSCB, 6 warnings
        assert halton.split()[2:] == ["SLAC", "CS", "Feb", "2011", "GOOD", "GOOD", "GOOD", "·", "OUT", "·", "6"]
        assert "▸" in text  # the cursor row is marked without colour
        assert "5 reports" in text and "by Council, A–Z" in text


async def test_sort_by_any_column_and_reverse(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        assert names(screen) == ["Halton", "Kent", "Lambeth", "Lambeth", "York"]
        await pilot.press("greater_than_sign", "greater_than_sign", "greater_than_sign")  # council → family → kind → inspected
        assert screen.table.sort_key == "date"
        assert [r.sort_date for r in screen.table.rows] == sorted(r.sort_date for r in screen.table.rows)
        assert "by Inspected, oldest first" in screen_text(app)
        await pilot.press("tilde")
        assert names(screen)[0] == "Lambeth" and screen.table.rows[0].sort_date == "2012-03-05"
        assert "newest first" in screen_text(app)
        await pilot.press("less_than_sign")
        assert screen.table.sort_key == "kind"
        keys = [c.key for c in screen.table.columns]
        for _ in keys:  # every column can be the sort column
            await pilot.press("greater_than_sign")
            assert screen.table.sort_key in keys
    saved, _ = load_library_state(tmp_path / "lib")
    assert saved.sort == screen.table.sort_key


async def test_typing_filters_enter_keeps_escape_clears(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await pilot.press(*"lamb")
        assert screen.prompt.is_open and screen.prompt.input.value == "lamb"
        assert names(screen) == ["Lambeth", "Lambeth"]
        assert "2 of 5" in screen_text(app)
        await pilot.press("enter")
        assert not screen.prompt.is_open and app.focused is screen.table
        assert "filter “lamb”" in screen_text(app)
        await pilot.press("escape")
        assert len(screen.table.rows) == 5
        await pilot.press(*"2010 inad")  # every word must match somewhere in the row
        assert names(screen) == []
        await pilot.press("escape")
        assert len(screen.table.rows) == 5 and not screen.prompt.is_open
        await pilot.press(*"york", "down", "enter")  # ↓ moves in the table while filtering
        assert names(screen) == ["York"]


async def test_a_reader_opened_from_the_library_is_styled_as_a_full_restyle_would_style_it(tmp_path):
    """The reader skips the restyle of its first resume (see test_tui_open); pushed over the
    library, its widgets must still have exactly the styles that restyle gives."""
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(120, 30)) as pilot:
        await library_ready(pilot)
        await pilot.press("enter")
        reader = await reader_ready(pilot)
        before = styles_of(reader)
        reader.update_node_styles(animate=False)
        await pilot.pause()
        after = styles_of(reader)
        assert {node: after[node] for node in before} == before
        assert len(before) > 10


async def test_enter_opens_the_report_at_its_saved_place_and_escape_comes_back_to_the_row(tmp_path):
    made = text_library(tmp_path / "lib")
    kent = open_report(made[-1]).report
    section = list(kent.walk())[6].id
    save_state(kent.source.sha256, ReaderState(section=section))
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await pilot.press("down")  # Halton → Kent
        assert screen.table.current.name == "Kent"
        await pilot.press("enter")
        reader = await reader_ready(pilot)
        assert reader.report.source.sha256 == kent.source.sha256
        assert reader.current.id == section  # the reader's saved place for this report
        await pilot.press("slash", *"child", "enter")
        await pilot.press("escape")  # first Esc clears the search…
        assert app.screen is reader
        await pilot.press("escape")  # …the next goes back
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.table.current.name == "Kent" and app.focused is screen.table


async def test_a_councils_history_side_by_side_with_trends(tmp_path, sample_report):
    folder = tmp_path / "lib"
    # one council printed three ways, over three inspections; another council besides
    write_yaml(variant(sample_report, council="Lancashire County Council", dates="7 – 18 February 2011",
                       ranks={"help": 2, "care": 3, "leaders": 2}, overall=2), folder, "a.yaml")
    write_yaml(variant(sample_report, council="Lancashire Safeguarding Children Board", dates="1 – 3 June 2015",
                       family="LSCB", keep={"lscb"}), folder, "b.yaml")
    write_yaml(variant(sample_report, council="Lancashire", dates="28 November to 9 December 2022",
                       ranks={"help": 3, "care": 2, "leaders": 2}, overall=2), folder, "c.yaml")
    write_yaml(variant(sample_report, council="Kent County Council", dates="9 – 20 January 2012"), folder, "d.yaml")
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        assert names(screen) == ["Kent", "Lancashire", "Lancashire", "Lancashire"]
        await pilot.press("down", "down", "down")
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = app.screen
        await settle(pilot, 2)
        assert [r.sort_date for r in history.reports] == ["2011-02-07", "2015-06-01", "2022-11-28"]
        text = screen_text(app)
        assert "Lancashire · 3 inspections in this folder" in text
        lines = {line.split("  ")[0].strip(): line for line in text.splitlines() if line.strip()}
        assert "Feb 2011" in lines["Inspected"] and "Nov 2022" in lines["Inspected"]
        help_row = lines["Help & protection"].split()[3:]
        assert help_row == ["GOOD", "·", "ADEQ", "↓"]  # worse than 2011, past the LSCB review between
        assert lines["Children in care"].split()[3:] == ["ADEQ", "·", "GOOD", "↑"]
        assert lines["Leadership"].split()[1:] == ["GOOD", "·", "GOOD", "="]
        assert history.grid.selected == 2  # the row the cursor was on
        await pilot.press("h", "h", "enter")
        reader = await reader_ready(pilot)
        assert reader.report.metadata.inspection_dates == "7 – 18 February 2011"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is history)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_search_across_reports_opens_the_paragraph(tmp_path):
    text_library(tmp_path / "lib")
    text_copy(tmp_path / "elsewhere", "other.txt", "Other Council")  # not in the folder: never a hit
    open_report(tmp_path / "elsewhere" / "other.txt")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await pilot.press("slash", *"teenage concep")
        await wait_for(pilot, lambda: isinstance(app.screen, LibrarySearchScreen) and app.screen.searched == "teenage concep")
        search = app.screen
        assert len({h.sha for h in search.hits}) == len(search.hits) == 5  # one paragraph in each report
        assert {h.short_name.split()[0] for h in search.hits} == {"Halton", "York", "Lambeth", "Kent"}
        assert all(h.number == 36 for h in search.hits)
        text = screen_text(app)
        assert "para 36" in text and "conceptions" in text and "5 hits" in text
        await pilot.press("down", "down", "enter")
        reader = await reader_ready(pilot)
        hit = search.hits[2]
        assert reader.report.source.sha256 == hit.sha
        assert reader.current.id == hit.section_id
        await wait_for(pilot, lambda: reader.current_block() is not None and reader.current_block().number == 36)
        assert reader.search_query == "teenage concep" and reader.hits  # the words as typed, highlighted
        await pilot.press("escape", "escape")  # clear the highlight, then back to the hits
        await wait_for(pilot, lambda: app.screen is search)
        assert search.results.highlighted == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("slash", *"conceptions teenage", "enter")
        reader = await reader_ready(pilot)
        assert reader.search_query == "teenage"  # not together as typed: the first word the index matched


async def test_search_text_is_never_markup(tmp_path, sample_report):
    report = variant(sample_report, council="[bold]Evil[/bold] Council", dates="1 – 2 May 2019")
    report.sections[0].blocks[0].text = "[red]fostering[/red] \x1b[31m escape"
    write_yaml(report, tmp_path / "lib", "evil.yaml")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(100, 24)) as pilot:
        await library_ready(pilot)
        assert "[bold]Evil[/bold]" in screen_text(app)
        await pilot.press("slash", *"fostering")
        await wait_for(pilot, lambda: isinstance(app.screen, LibrarySearchScreen) and app.screen.searched == "fostering")
        await settle(pilot)
        text = screen_text(app)
        assert "[red]fostering[/red]" in text and "␛[31m" in text


async def test_background_parse_adds_rows_and_lists_unusable_files(tmp_path):
    folder = tmp_path / "lib"
    text_copy(folder, "one.txt", "Council Number 1 Borough Council")
    text_copy(folder, "two.txt", "Council Number 2 Borough Council")
    (folder / "broken.pdf").write_bytes(b"<!DOCTYPE html><html>not a pdf</html>")
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        assert screen.parsing is not None and screen.parsing[1] == 3
        assert re.search(r"parsing [0-3]/3", screen_text(app))  # a file refused at once may already count
        await wait_for(pilot, lambda: screen.parsing is None, timeout=60)
        assert sorted(names(screen)) == ["Council Number 1", "Council Number 2"]
        assert screen.problems and "broken.pdf" in screen.problems[0][0] and "not a PDF" in screen.problems[0][1]
        assert "1 unusable (!)" in screen_text(app)
        await pilot.press("exclamation_mark")
        await wait_for_text(pilot, "Files that could not be read")
        assert "broken.pdf" in screen_text(app)
    # next time the parsed ones are rows at once, and the broken file is listed without a retry
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        assert sorted(names(screen)) == ["Council Number 1", "Council Number 2"]
        assert screen.parsing is None and "not a PDF" in screen.problems[0][1]
    # until it changes
    (folder / "broken.pdf").write_bytes(b"<!DOCTYPE html><html>still not a pdf</html>")
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        assert [path.name for path in screen.folder.pending] == ["broken.pdf"]


async def test_quitting_mid_parse_leaves_whole_entries_only(tmp_path, private_dirs):
    from test_batch import make_library

    folder = tmp_path / "lib"
    make_library(folder, 0, pdfs=12)
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await wait_for(pilot, lambda: screen.parsing is not None and screen.parsing[0] >= 1, timeout=60)
        workers = list(screen._job._workers)
        assert workers
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(w.alive() for w in workers):
        time.sleep(0.05)
    assert not any(w.alive() for w in workers)
    entries = cache.entries()
    assert 1 <= len(entries) < 12
    for entry in entries:
        assert cache.entry_report(entry.read_bytes()) is not None
    assert not list(private_dirs["cache"].glob(".tmp-*"))


async def test_library_reads_without_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot)
        assert app.no_color
        text = screen_text(app)
        assert "▸ Halton" in text and "GOOD" in text and "OUT" in text


@pytest.mark.parametrize("typed", ["Kent", "kent", "KENT", "Halton", "York", "Lambeth 2012"])
async def test_every_letter_filters_in_any_case_typed_in_one_burst(tmp_path, typed):
    """Council names are typed as printed: no capital or lower-case letter is a command."""
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        sort = (screen.table.sort_key, screen.table.reverse)
        await burst(pilot, *typed)  # no pause between keys: as pasted or typed fast
        assert screen.prompt.input.value == typed
        assert isinstance(app.screen, LibraryScreen) and (screen.table.sort_key, screen.table.reverse) == sort
        assert set(names(screen)) == {typed.split()[0].title()}


async def test_enter_twice_in_a_burst_keeps_the_filter_then_opens_the_report(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await burst(pilot, *"Kent", "enter", "enter")
        reader = await reader_ready(pilot)
        assert reader.report.short_name() == "Kent 2012" and screen.table.filter_text == "Kent"


async def test_filter_and_sort_are_remembered_per_folder(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await pilot.press(*"lam", "enter", "greater_than_sign", "tilde", "down")
        row = screen.table.current.sha
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        assert screen.table.filter_text == "lam" and screen.table.sort_key == "family" and screen.table.reverse
        assert screen.table.current.sha == row


async def test_help_lists_every_library_key(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await library_ready(pilot)
        groups = dict(screen.key_groups())
        described = {d.split(" — ")[0] for _, d in groups["Library"]} | {d.split(" — ")[0] for _, d in groups["Table"]}
        for binding in [*LibraryScreen.BINDINGS, *type(screen.table).BINDINGS]:
            assert binding.id and binding.description in described
        await pilot.press("question_mark")
        await wait_for_text(pilot, "Library keys")


async def test_an_empty_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    app = OfstedReaderApp(tmp_path / "empty")
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot)
        await wait_for(pilot, lambda: any("No reports" in n.message for n in app._notifications))
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


@pytest.mark.skipif(not (SHARED / "corpus" / "pdf").is_dir(), reason="../shared/corpus is absent (only in CI and dev checkouts)")
async def test_the_dev_corpus_lists_23_reports_with_their_overall_badges():
    import yaml

    from ofsted_reader.batch import parse_one
    from ofsted_reader.grades import badge, parse_grade
    from ofsted_reader.pool import Pool

    folder = SHARED / "corpus" / "pdf"
    with Pool(parse_one, 2) as pool:
        for pdf in sorted(folder.glob("*.pdf")):
            pool.submit((str(pdf), "pdfium"))
        for _ in pool.results():
            pass
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await wait_for(pilot, lambda: screen.parsing is None, timeout=60)
        rows = {Path(r.path).stem: r for r in screen.table.all_rows}
        assert len(rows) == 23
        for stem, row in rows.items():
            truth = yaml.safe_load((SHARED / "corpus" / "truth" / f"{stem}.yaml").read_text())
            expected = badge(parse_grade(truth["overall"])) if truth.get("overall") else ""
            assert badge(row.overall) == expected, stem
        assert any("not-pdf" in path for path, _ in screen.problems)


async def test_a_long_history_scrolls_sideways_at_80_columns(tmp_path, sample_report):
    folder = tmp_path / "lib"
    for year in range(2011, 2019):
        write_yaml(variant(sample_report, council="Kent County Council", dates=f"9 – 20 January {year}",
                           ranks={"help": 1 + year % 4}), folder, f"kent-{year}.yaml")
    app = OfstedReaderApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot)
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        history = app.screen
        await settle(pilot, 2)
        text = screen_text(app)
        assert history.grid.selected == 0 and "Jan 2011" in text and "later ▸" in text and "Jan 2018" not in text
        await pilot.press("G")
        await settle(pilot)
        text = screen_text(app)
        assert history.grid.selected == 7 and "Jan 2018" in text and "◂" in text and "Jan 2011" not in text
        assert "chosen: SLAC Jan 2018" in text
        help_line = next(line for line in text.splitlines() if line.startswith(" Help & protection"))
        assert all(mark in help_line for mark in ("↑", "↓"))  # 2017 INAD → 2018 OUT is better; 2016 RI → 2017 INAD worse


async def test_a_new_order_is_seen_from_its_first_row_when_the_cursor_is_on_the_first_page(tmp_path):
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 6)) as pilot:
        screen = await library_ready(pilot)
        table = screen.table
        height = table.scrollable_content_region.height
        assert 2 < height < len(table.rows)  # the table scrolls
        table.move_to(2)  # the middle row of five, scrolled to the top of the view
        table.scroll_to(y=2, animate=False, immediate=True)
        await settle(pilot)
        middle = table.current.path
        assert table.scroll_offset.y == 2
        await pilot.press("tilde")  # reversed: that row is still in the middle, on the first page
        await settle(pilot, 2)
        assert table.current.path == middle and 0 < table.cursor < height
        assert table.scroll_offset.y == 0  # the new order from its first row, not from row 3
        await pilot.press("end", "greater_than_sign")  # a cursor past the first page stays in view
        await settle(pilot, 2)
        assert table.scroll_offset.y <= table.cursor < table.scroll_offset.y + height


@pytest.mark.parametrize("width, file_column", [(80, False), (120, False), (140, True), (170, True), (200, True)])
async def test_file_names_show_from_140_columns(tmp_path, width, file_column):
    """Two reports of one council in one year differ only by file name: shown once there is room
    (the council keeps 28 cells), not only at 180."""
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(width, 20)) as pilot:
        screen = await library_ready(pilot)
        keys = [c.key for c in screen.table.columns]
        assert ("file" in keys) is file_column
        if file_column:
            assert "lambeth-2012.txt" in screen_text(app)
