"""The library's councils (from the register): history across names and predecessors,
statistical neighbours (``+``), regions (``@``), councils with no report (``-``) and the
national picture (``%``), driven with Pilot; the picture also as a snapshot at 80×24
without colour."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import at_rest
from library_support import variant, write_yaml
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.screens.dialogs import HelpScreen, RegionPicker
from ofsted_reader.tui.screens.history import HistoryScreen
from ofsted_reader.tui.screens.library import LibraryScreen
from ofsted_reader.tui.screens.national import NationalPictureScreen
from ofsted_reader.tui.screens.neighbours import NO_REPORT, NeighboursScreen
from tui_support import reader_ready, screen_text, settle, wait_for


async def library_ready(pilot) -> LibraryScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.size.height > 0
                   and app.screen.parsing is None and len(app.screen.table.all_rows) > 0)
    await settle(pilot, 2)
    return app.screen


def councils_library(folder: Path, base) -> None:
    """Bedford printed three ways over three inspections, two of its neighbours, a predecessor
    and its successor, and a council of another region."""
    made = [
        write_yaml(variant(base, council="Bedford Borough Council", dates="9 – 20 January 2017", overall=3), folder, "bedford-2017.yaml"),
        write_yaml(variant(base, council="Bedford Borough", dates="1 – 12 November 2021", overall=2,
                           ranks={"help": 2, "care": 2, "leaders": 2}), folder, "bedford-2021.yaml"),
        write_yaml(variant(base, council="Bedford", dates="7 – 18 July 2025", overall=3,
                           ranks={"help": 3, "care": 3, "leaders": 3}), folder, "bedford-2025.yaml"),
        write_yaml(variant(base, council="London Borough of Bexley", dates="6 – 17 February 2023", overall=1), folder, "bexley.yaml"),
        write_yaml(variant(base, council="Milton Keynes Council", dates="7 – 18 October 2024", overall=2), folder, "mk.yaml"),
        write_yaml(variant(base, council="Northamptonshire County Council", dates="1 – 12 July 2019", overall=4), folder, "northants.yaml"),
        write_yaml(variant(base, council="West Northamptonshire Council", dates="3 – 14 October 2022", overall=3), folder, "west.yaml"),
        write_yaml(variant(base, council="Metropolitan Borough of Barnsley", dates="11 – 22 September 2023", overall=2), folder, "barnsley.yaml"),
    ]
    at_rest(*made)


def names(screen: LibraryScreen) -> list[str]:
    return [row.name for row in screen.table.rows]


async def to_row(pilot, screen: LibraryScreen, name: str, index: int = 0) -> None:
    rows = [i for i, r in enumerate(screen.table.rows) if r.name == name]
    screen.table.move_to(rows[index])
    await settle(pilot)





@pytest.mark.asyncio
async def test_councils_group_under_their_register_names(tmp_path, sample_report):
    councils_library(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        # "Metropolitan Borough of Barnsley" sorts under B; Bedford's three names are one council
        assert names(screen)[:4] == ["Barnsley", "Bedford Borough", "Bedford Borough", "Bedford Borough"]


@pytest.mark.asyncio
async def test_history_follows_bedford_and_marks_a_predecessors_inspection(tmp_path, sample_report):
    councils_library(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await to_row(pilot, screen, "Bedford Borough", 2)
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await settle(pilot, 2)
        text = screen_text(app)
        assert "Bedford Borough · 3 inspections in this folder" in text
        overall = next(line for line in text.splitlines() if line.startswith(" Overall"))
        assert overall.split()[1:] == ["ADEQ", "GOOD", "↑", "ADEQ", "↓"]  # 2021 → 2025: Good, then worse
        assert "Council" not in text.split("Overall")[0]  # no predecessor: no council row
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await to_row(pilot, screen, "West Northamptonshire")
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await settle(pilot, 2)
        text = screen_text(app)
        assert "West Northamptonshire · 2 inspections in this folder" in text
        council = next(line for line in text.splitlines() if line.startswith(" Council"))
        assert "← Northam" in council and "this" in council
        assert "← an inspection of Northamptonshire, a council this one took over" in text


@pytest.mark.asyncio
async def test_neighbours_view_lists_every_neighbour_and_opens_one(tmp_path, sample_report):
    councils_library(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await to_row(pilot, screen, "Bedford Borough")
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, NeighboursScreen))
        neighbours = app.screen
        await settle(pilot, 2)
        text = screen_text(app)
        lines = text.splitlines()
        assert "Bedford Borough · statistical neighbours" in lines[0] and "3 of 10 with a report here" in lines[0]
        this = next(line for line in lines if line.lstrip().startswith("this"))
        assert "Bedford Borough" in this and "Jul 2025" in this and this.split()[-4:] == ["ADEQ"] * 4  # its latest inspection
        bexley = next(line for line in lines if "Bexley" in line)
        assert bexley.split()[:2] == ["1", "Bexley"] and "OUT" in bexley
        assert sum(NO_REPORT in line for line in lines) == 7  # missing neighbours listed, not skipped
        assert "Havering" in text and "Swindon" in text
        await pilot.press("down", "down")  # Milton Keynes
        await pilot.press("enter")
        reader = await reader_ready(pilot)
        assert reader.report.metadata.la_code == "826"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is neighbours)
        await pilot.press("down")  # West Northamptonshire (a report), then Havering: none here
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is neighbours
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


@pytest.mark.asyncio
async def test_region_filter_and_missing_councils(tmp_path, sample_report):
    councils_library(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        await pilot.press("at")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionPicker))
        picker = app.screen
        east = next(i for i, (value, _, _) in enumerate(picker.choices) if value == "East of England")
        assert "3 reports" in picker.choices[east][2]
        for _ in range(east):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        assert set(names(screen)) == {"Bedford Borough"} and screen.table.council_region == "East of England"
        assert "region East of England" in screen_text(app)
        await pilot.press("minus")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await settle(pilot)
        listed = [name for _, rows in app.screen.groups for name, _ in rows]
        assert "councils of East of England with no report here" in app.screen.title_text
        assert "Cambridgeshire" in listed and "Bedford Borough" not in listed and "Barnsley" not in listed
        assert len(listed) == 10  # the East of England's eleven councils but Bedford
        await pilot.press("escape")
        await pilot.press("at")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionPicker))
        await pilot.press("home", "enter")  # all of England
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert screen.table.council_region == "" and len(screen.table.rows) == 8


@pytest.mark.asyncio
async def test_national_picture_counts_councils_per_grade_per_year(tmp_path, sample_report):
    councils_library(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        await library_ready(pilot)
        await pilot.press("percent_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, NationalPictureScreen))
        await settle(pilot, 2)
        text = screen_text(app)
        lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
        assert "Outstanding" in lines["Year"] and "Inadequate" in lines["Year"]
        def counts(line: str) -> list[str]:
            return [word for word in line.split() if "█" not in word]

        assert counts(lines["2019"]) == ["2019", "0", "0", "0", "1", "1"]  # Northamptonshire: Inadequate
        assert counts(lines["2023"]) == ["2023", "1", "1", "0", "0", "2"]  # Bexley OUT, Barnsley GOOD
        assert "█ 1" in lines["2019"] and lines["2019"].index("█") > lines["Year"].index("Inadequate") - 2
        await pilot.press("right")
        assert "Help & protection" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


@pytest.mark.asyncio
async def test_new_views_are_in_the_help_and_the_palette(tmp_path, sample_report):
    councils_library(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await library_ready(pilot)
        helps = [does for _, rows in screen.key_groups() for _, does in rows]
        for does in ("Neighbours", "Picture", "Region", "Councils with no report here"):
            assert any(line.startswith(does) for line in helps), does
        from ofsted_reader.tui.commands import ScreenCommands

        titles = [title for title, _, _ in ScreenCommands(screen).commands()]
        for title in ("Neighbours", "Picture", "Region", "Councils with no report here"):
            assert title in titles


# --------------------------------------------------------------------------- snapshot


class PictureApp(OfstedReaderApp):
    """The library over a generated folder, shown without colour."""


def test_national_picture_snapshot_80x24_no_colour(snap_compare, tmp_path, sample_report, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    folder = tmp_path / "lib"
    councils_library(folder, sample_report)
    for year, overall in ((2013, 4), (2014, 3), (2015, 3), (2016, 2), (2018, 2), (2020, 1)):
        at_rest(write_yaml(variant(sample_report, council="Kent County Council", dates=f"9 – 20 January {year}", overall=overall),
                           folder, f"kent-{year}.yaml"))
    for year, overall in ((2014, 4), (2016, 3), (2019, 2), (2023, 2)):
        at_rest(write_yaml(variant(sample_report, council="Essex County Council", dates=f"2 – 13 June {year}", overall=overall),
                           folder, f"essex-{year}.yaml"))

    # Indexed before the app starts: nothing left to read in the background (no "… read" notice).
    from ofsted_reader.index import Index
    from ofsted_reader.library import scan
    from ofsted_reader.source import report_files

    with Index() as index:
        assert not scan(report_files([str(folder)])[0], index).pending

    async def picture(pilot) -> None:
        await library_ready(pilot)
        await pilot.press("percent_sign")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NationalPictureScreen))
        await settle(pilot, 3)

    assert snap_compare(PictureApp(folder), terminal_size=(80, 24), run_before=picture)
