"""The bookmarks list (in reading order) and the theme picker (ours first, previewed on the report)."""

from __future__ import annotations

from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.screens.dialogs import BookmarksScreen, ThemePicker, VimOptionList
from tui_support import SAMPLE_TEXT, reader_ready, screen_text, settle, wait_for_text

SHIPPED_ORDER = ["ofsted-dark", "ofsted-light", "ofsted-high-contrast", "ofsted-16"]


async def test_bookmarks_are_listed_in_reading_order():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        for number in ("60", "5", "27", "2"):
            await pilot.press("colon", *number, "enter")
            await settle(pilot)
            await pilot.press("m")
        assert [b.number for b in screen.state.bookmarks] == [60, 5, 27, 2]  # as marked
        await pilot.press("apostrophe")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        listed = [b.number for b in app.screen.bookmarks]
        assert listed == [2, 5, 27, 60]
        text = screen_text(app)
        assert text.index("para 2 ") < text.index("para 5 ") < text.index("para 27") < text.index("para 60")
        await pilot.press("j", "j", "enter")  # the third in reading order
        await settle(pilot)
        assert screen.current_block().number == 27


async def test_the_theme_picker_lists_ours_then_textuals_after_a_rule():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        await pilot.press("T")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ThemePicker)
        options = picker.query_one(VimOptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[:4] == SHIPPED_ORDER
        textuals = sorted(name for name in app.available_themes if name not in SHIPPED_ORDER)
        assert ids[4:] == textuals and "textual-dark" in ids
        text = screen_text(app)
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if "ofsted-16" in line)
        assert "────" in lines[at + 1] and any(name in lines[at + 2] for name in textuals)  # the rule


async def test_the_theme_picker_previews_on_the_report_and_esc_puts_it_back():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await reader_ready(pilot)
        before = screen_text(app).splitlines()
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("j")  # ofsted-light, previewed
        await settle(pilot, 2)
        assert app.theme == "ofsted-light"
        text = screen_text(app)
        # the report shows around the picker: its top bar, outline and first lines, as they were
        assert text.splitlines()[:10] == before[:10]
        assert "Halton 2011" in text and "Inspection of safeguarding" in text
        # ... drawn in the previewed theme, not blanked or dimmed
        light = app.get_theme("ofsted-light").to_color_system().generate()
        top_bar = app.screen._compositor.render_strips()[0]
        assert any(s.style and s.style.bgcolor and s.style.bgcolor.triplet and
                   "#%02x%02x%02x" % tuple(s.style.bgcolor.triplet) == light["panel"].lower() for s in top_bar)
        await pilot.press("escape")
        await settle(pilot)
        assert app.theme == "ofsted-dark" and app.screen is reader
        await wait_for_text(pilot, "Halton 2011")
