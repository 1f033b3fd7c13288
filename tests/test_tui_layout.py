"""The reader's layout: the outline grows with the screen and `+`/`-` resize it (remembered);
below 110 columns the sidebar starts shown under the paragraphs when there are rows enough."""

from __future__ import annotations

import pytest

from ofsted_reader.state import load_settings
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.screens.reader import BELOW_MIN_ROWS, OUTLINE_STEP, WIDE_MIN, outline_width
from tui_support import SAMPLE_TEXT, reader_ready, settle



def test_the_outline_grows_with_the_screen():
    assert outline_width(80) == 27  # as it always was at 80 columns
    assert outline_width(160, sidebar_beside=True) == 40 and outline_width(200, sidebar_beside=True) == 46
    for beside, start in ((False, 60), (True, WIDE_MIN)):
        widths = [outline_width(width, sidebar_beside=beside) for width in range(start, 300)]
        assert widths == sorted(widths)  # never narrower on a wider screen
    # the paragraphs keep their room: half of what the sidebar leaves, and 44 columns
    for width in range(40, 300):
        outline = outline_width(width, 400)
        assert outline <= max(12, width // 2) and (width - outline >= 44 or outline == 12)


async def test_plus_and_minus_resize_the_outline_and_it_is_remembered():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await reader_ready(pilot)
        assert screen.sidebar_shown and not screen.narrow
        start = screen.outline.region.width
        assert start == outline_width(160, sidebar_beside=True) == 40
        await pilot.press("plus")
        await settle(pilot, 2)
        assert screen.outline.region.width == start + OUTLINE_STEP
        await pilot.press("minus", "minus", "minus")
        await settle(pilot, 2)
        assert screen.outline.region.width == start - 2 * OUTLINE_STEP
        assert load_settings()[0]["outline"] == -2 * OUTLINE_STEP
        assert screen.pane.region.width + screen.outline.region.width + screen.findings.region.width == 160

    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await reader_ready(pilot)
        assert screen.outline.region.width == start - 2 * OUTLINE_STEP  # remembered
        await pilot.resize_terminal(200, 40)
        await settle(pilot, 2)
        assert screen.outline.region.width == outline_width(200, sidebar_beside=True) - 2 * OUTLINE_STEP  # still grows


async def test_minus_stops_at_the_narrowest_outline_and_says_so():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        for _ in range(12):
            await pilot.press("minus")
        await settle(pilot, 2)
        assert screen.outline.region.width == 12
        assert any("as narrow as it goes" in n.message for n in app._notifications)
        for _ in range(30):
            await pilot.press("plus")
        await settle(pilot, 2)
        assert screen.outline.region.width == 80 - 44  # the paragraphs keep 44 columns
        assert screen.pane.region.width == 44


@pytest.mark.parametrize(
    "size, shown",
    [((80, 24), False), ((100, 29), False), ((100, BELOW_MIN_ROWS), True), ((80, 40), True), ((120, 24), True)],
)
async def test_the_sidebar_starts_shown_when_there_is_room_for_it(size, shown):
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=size) as pilot:
        screen = await reader_ready(pilot)
        await settle(pilot)
        assert screen.sidebar_shown == shown
        if shown and size[0] < WIDE_MIN:
            assert screen.findings.region.y > screen.pane.region.y  # under the paragraphs
            assert screen.pane.region.height >= 16 and screen.findings.region.height >= 10


async def test_a_resize_that_makes_room_shows_the_sidebar_and_one_that_takes_it_hides_it():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert not screen.sidebar_shown
        await pilot.resize_terminal(80, 40)
        await settle(pilot, 2)
        assert screen.sidebar_shown
        await pilot.press("s")  # hidden by hand: a resize that changes nothing about the room keeps it so
        await pilot.resize_terminal(90, 42)
        await settle(pilot, 2)
        assert not screen.sidebar_shown
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 2)
        assert not screen.sidebar_shown
