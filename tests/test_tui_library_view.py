"""The library's view after a sort, and its columns on wide screens."""

from __future__ import annotations

import pytest

from library_support import variant, write_yaml
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.screens.library import LibraryScreen
from ofsted_reader.tui.widgets.library_table import FILE_MIN, council_width, layout_for
from tui_support import settle, wait_for


COUNT = 40


def many_reports(folder, sample_report) -> None:
    """Forty councils, each inspected a year after the one before it: the order by council is the
    order by date."""
    for number in range(1, COUNT + 1):
        report = variant(sample_report, council=f"Council {number:02}", dates=f"7 – 18 February {1980 + number}")
        write_yaml(report, folder, f"council-{number:02}.yaml")


async def library_ready(pilot) -> LibraryScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.size.height > 0)
    await wait_for(pilot, lambda: len(app.screen.table.rows) == COUNT and app.screen.parsing is None)
    await settle(pilot, 2)
    return app.screen


def cursor_name(screen: LibraryScreen) -> str:
    return screen.table.current.name


async def sort_by(pilot, screen: LibraryScreen, key: str, press: str = ">") -> None:
    """Step the sort column with ``>`` (or ``<``) until it is ``key``, as a user would."""
    for _ in range(len(screen.table.columns)):
        if screen.table.sort_key == key:
            break
        await pilot.press(press)
        await settle(pilot)
    await settle(pilot)
    assert screen.table.sort_key == key


async def test_a_sort_shows_the_list_from_its_first_row(tmp_path, sample_report):
    many_reports(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        table = screen.table
        await sort_by(pilot, screen, "date")  # past family and kind (all alike) to the date, oldest first
        assert not table.reverse
        table.move_to(29)  # Council 30, far down the list
        await settle(pilot)
        assert cursor_name(screen) == "Council 30" and table.scroll_offset.y > 0

        await pilot.press("~")  # newest first: Council 30 is now row 11, on the first page
        await settle(pilot, 2)
        assert table.scroll_offset.y == 0
        assert cursor_name(screen) == "Council 30" and table.cursor == COUNT - 30

        table.move_to(COUNT - 3)  # Council 03, at the bottom
        await settle(pilot)
        assert table.scroll_offset.y > 0
        await sort_by(pilot, screen, "family", "<")  # by family (all alike): council order, Council 03 on row 3
        assert table.scroll_offset.y == 0 and cursor_name(screen) == "Council 03" and table.cursor == 2

        await sort_by(pilot, screen, "date")
        await pilot.press("~")  # by date, newest first: Council 03 goes to row 38
        await settle(pilot, 2)
        assert table.scroll_offset.y == 0
        assert table.cursor == 0 and cursor_name(screen) == "Council 40"  # not seen: the first row has the cursor


async def test_moving_or_filtering_does_not_jump_to_the_top(tmp_path, sample_report):
    many_reports(tmp_path / "lib", sample_report)
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_ready(pilot)
        screen.table.move_to(34)
        await settle(pilot, 2)
        top = screen.table.scroll_offset.y
        assert top > 0 and cursor_name(screen) == "Council 35"
        await pilot.press("up")
        await settle(pilot)
        assert screen.table.scroll_offset.y == top and cursor_name(screen) == "Council 34"


def test_file_names_have_as_much_room_on_wider_screens():
    """The file name's column never shrinks as the screen widens (it did from 180 columns, where
    the full titles and printed dates took its room); a corpus-style name shows whole at 180."""
    def file_room(width: int) -> int:
        columns = layout_for(width)
        assert columns[-1].key == "file"
        return council_width(columns, width - 1)  # the table is a column narrower than the screen

    at_file_min = file_room(FILE_MIN)
    rooms = [file_room(width) for width in range(FILE_MIN, 261)]
    assert min(rooms) >= at_file_min
    assert file_room(180) >= len("children's services inspection - 19 november 2021.pdf")
