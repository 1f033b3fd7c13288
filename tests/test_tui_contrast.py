"""No text drawn in its background's colour: every shipped theme, in every colour system.

Each theme draws the reader (a section with bullets, the findings sidebar, search hits), the
library, the help and the theme picker at 80×24; every cell of text is then taken as the terminal would show it: the colours
Textual sends, brought down to 256 or 16 colours as Rich does for such a terminal
(``Color.downgrade``), ANSI and default colours read through the terminal palette Textual
assumes for the theme (``App.ansi_theme``), with and without ``NO_COLOR``.

Two bars, in WCAG contrast ratios: any visible glyph (a bullet, a guide, a rule) at least 1.5
against its background, so it is seen at all; a cell with letters or digits at least 2.5, a
little under WCAG's 3 for large text, as a 16-colour palette has only a few greys to choose from.
(The light theme drew its bullets and the library's ``·`` at 1.02: white on white.)
"""

from __future__ import annotations

import pytest
from rich.color import Color, ColorSystem
from rich.segment import Segment
from rich.terminal_theme import TerminalTheme
from textual.geometry import Region

from library_support import text_library
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.screens.library import LibraryScreen
from tui_support import SAMPLE_TEXT, reader_ready, settle, wait_for

THEMES = ["ofsted-dark", "ofsted-light", "ofsted-high-contrast", "ofsted-16"]
SYSTEMS = {"truecolor": None, "256": ColorSystem.EIGHT_BIT, "16": ColorSystem.STANDARD}
SEEN = 1.5
READABLE = 2.5


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio: 1 (the same colour) to 21 (black on white)."""
    darker, lighter = sorted((_luminance(one), _luminance(other)))
    return (lighter + 0.05) / (darker + 0.05)


def as_shown(color: Color | None, system: ColorSystem | None, palette: TerminalTheme, foreground: bool) -> tuple[int, int, int]:
    """The colour a terminal of ``system`` shows for ``color`` (None: the terminal's own)."""
    if color is None:
        color = Color.default()
    if system is not None:
        color = color.downgrade(system)
    return tuple(color.get_truecolor(palette, foreground=foreground))  # type: ignore[return-value]


def faint_cells(lines: list[list[Segment]], system: ColorSystem | None, palette: TerminalTheme, region: Region) -> list[str]:
    """Every run of text in ``region`` under its bar, as ``row: 'text' ratio``."""
    faint = []
    for row, line in enumerate(lines):
        x = 0
        for segment in line:
            text, style = segment.text, segment.style
            x += segment.cell_length
            if not text.strip() or style is None or not region.contains(x - segment.cell_length, row):
                continue
            fore = as_shown(style.color, system, palette, True)
            back = as_shown(style.bgcolor, system, palette, False)
            ratio = contrast(fore, back)
            bar = READABLE if any(ch.isalnum() for ch in text) else SEEN
            if ratio < bar:
                faint.append(f"{row}: {text.strip()[:30]!r} {ratio:.2f} ({style.color.name if style.color else None} on {style.bgcolor.name if style.bgcolor else None})")
    return faint


async def drawn_lines(app: OfstedReaderApp, pilot, where: str) -> tuple[list[list[Segment]], Region]:
    """What the screen shows, and the part of it to check (a dialog: the dialog; the report under
    it is dimmed on purpose)."""
    region = Region(0, 0, *app.size)
    if where == "picker":
        await reader_ready(pilot)
        await pilot.press("T")  # our themes, a rule, Textual's
        await settle(pilot, 2)
        assert type(app.screen).__name__ == "ThemePicker"
        region = app.screen.query_one("Vertical").region
    elif where == "help":
        await reader_ready(pilot)
        await pilot.press("question_mark")  # a dialog over the report: its keys, the grade hotkeys
        await settle(pilot, 2)
        assert type(app.screen).__name__ == "HelpScreen"
        region = app.screen.query_one("VerticalScroll").region
        assert region.width >= 60 and region.height >= 10
    elif where == "reader":
        screen = await reader_ready(pilot)
        await screen.open_section_by_id("about-this-inspection", 1)  # paragraph 2 and its bullets
        await pilot.press("s", "slash", *"child", "enter")  # the sidebar, search hits
        await settle(pilot, 3)
        assert screen.sidebar_shown and screen.hits
    else:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.size.height > 0)
        await settle(pilot, 2)
    return [list(strip) for strip in app.screen._compositor.render_strips()], region


@pytest.mark.parametrize("where", ["reader", "library", "help", "picker"])
@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("theme", THEMES)
async def test_no_text_in_its_background_colour(tmp_path, monkeypatch, theme, no_color, where):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    if where == "library":
        text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib" if where == "library" else SAMPLE_TEXT, theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        lines, region = await drawn_lines(app, pilot, where)
        palette = app.ansi_theme
        faint = {name: faint_cells(lines, system, palette, region) for name, system in SYSTEMS.items()}
    assert not any(faint.values()), "\n".join(f"{name} colours, row {line}" for name, lines in faint.items() for line in lines)


def test_the_check_sees_white_on_white():
    """The measure itself: the light theme's old bullets, and a 16-colour terminal's greys."""
    white, paper = (255, 255, 255), (251, 251, 250)
    assert contrast(white, paper) < SEEN
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME as palette
    light_grey, background = Color.parse("#dcdcda"), Color.parse("#f2f2f0")
    assert contrast(as_shown(light_grey, None, palette, True), as_shown(background, None, palette, False)) < SEEN
    assert as_shown(light_grey, ColorSystem.STANDARD, palette, True) == as_shown(background, ColorSystem.STANDARD, palette, False)


def marked_text(app: OfstedReaderApp, region: Region, mark: str = "reverse") -> str:
    """The text drawn in reverse video (or ``mark``: "underline") inside ``region``."""
    out = []
    for row, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            if segment.style and getattr(segment.style, mark) and region.contains(x, row):
                out.append(segment.text)
            x += segment.cell_length
    return "".join(out)


async def test_without_colour_every_cursor_still_shows(tmp_path, monkeypatch):
    """NO_COLOR drops the cursor's colours: the outline's and the library's cursor rows are drawn
    in reverse video instead, the findings' and a dialog's highlighted row underlined."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = OfstedReaderApp(SAMPLE_TEXT, theme="ofsted-light")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        assert "Cover" in marked_text(app, screen.outline.region)
        screen.action_focus_pane("findings")
        await pilot.press("j")
        await settle(pilot, 2)
        assert marked_text(app, screen.findings.region, "underline").strip()
        await pilot.press("T")
        await settle(pilot, 2)
        assert "ofsted-light" in marked_text(app, app.screen.query_one("Vertical").region, "underline")
    text_library(tmp_path / "lib")
    app = OfstedReaderApp(tmp_path / "lib")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.table.size.height > 0)
        await settle(pilot, 2)
        assert "▸ Halton" in marked_text(app, app.screen.table.region)
