"""Report text is data: markup and escape codes in a report are shown, never obeyed."""

from __future__ import annotations

import pytest
from rich.console import Console

from ofsted_reader.model import Block, Section
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.render import render_block
from tui_support import make_report, reader_ready, screen_text, settle, write_report

MARKUP = "[bold red]x[/] and [link=file:///etc/passwd]click[/link] and [@click=app.quit]quit[/]"
ESCAPES = "bell\x07 csi\x1b[31mred\x1b[0m osc\x1b]52;c;SGVsbG8=\x07 title\x1b]0;pwned\x07 rtl\u202eevil"


def render_plain(renderable, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.export_text()


def test_block_renderer_shows_markup_literally():
    text = render_plain(render_block(Block("paragraph", MARKUP, number=7, bullets=[MARKUP]), number_width=4))
    assert "[bold red]x[/]" in text
    assert "[link=file:///etc/passwd]click[/link]" in text
    assert "[@click=app.quit]quit[/]" in text


def test_block_renderer_neutralises_escape_bytes():
    rendered = render_block(Block("text", ESCAPES), number_width=4)
    console = Console(width=200, record=True, force_terminal=True, color_system="truecolor")
    with console.capture() as capture:
        console.print(rendered)
    out = capture.get()
    assert "\x1b]" not in out and "\x07" not in out and "\u202e" not in out
    assert "␛[31mred" in out and "␛]52;c;SGVsbG8=␇" in out and "<U+202E>" in out


def test_block_height_is_the_lines_rich_draws():
    """The paragraph widget's height comes from its wrapped lines, not a render: they must agree."""
    from ofsted_reader.reports import open_report
    from ofsted_reader.tui.render import block_height
    from tui_support import SAMPLE_TEXT

    blocks = [block for section in open_report(SAMPLE_TEXT).report.walk() for block in section.blocks]
    blocks += [
        Block("paragraph", "", number=123, bullets=["one\n– sub\nplain sub", ""]),
        Block("text", "x" * 300),
        Block("paragraph", MARKUP, number=7),
    ]
    console = Console(width=200, color_system=None, force_terminal=False)
    for width in (1, 2, 3, 5, 9, 13, 16, 21, 34, 50, 77, 104):
        for block in blocks:
            renderable = render_block(block, number_width=5)
            drawn = sum(text.count("\n") for text, _, _ in console.render(renderable, console.options.update_width(width)))
            assert block_height(render_block(block, number_width=5), console, width) == drawn, (width, block)


@pytest.mark.asyncio
async def test_hostile_report_text_is_shown_as_characters_in_the_app(tmp_path):
    hostile = Section(
        id="hostile",
        title=f"Title {MARKUP} {ESCAPES}",
        blocks=[Block("paragraph", MARKUP, number=99, bullets=[ESCAPES])],
    )
    report = make_report(judged=2, text=MARKUP, name=f"name{MARKUP}.txt")
    report.sections.append(hostile)
    report.warnings.append(f"warning {MARKUP}")
    report.metadata.local_authority = f"[b]Evil[/b] Council {ESCAPES}"
    path = write_report(report, tmp_path)
    app = OfstedReaderApp(path)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await reader_ready(pilot)
        text = screen_text(app)
        assert "[bold red]x[/] and [link=file:///etc/passwd]click[/link]" in text  # intro paragraph
        assert "[b]Evil[/b]" in text  # top bar
        await pilot.press("colon", "9", "9", "enter")
        await settle(pilot)
        assert screen.current.id == "hostile"
        text = screen_text(app)
        assert "99. [bold red]x[/] and" in text
        assert "␛[31mred␛[0m" in text and "␛]52;c;SGVsbG8=␇" in text
        assert "\x1b" not in text
        # warnings in the sidebar, search and the command palette keep it literal too
        assert "warning [bold red]x[/]" in text
        await pilot.press("slash", *"[link=", "enter")
        await settle(pilot)
        assert screen.hits and screen.current.id in ("introduction", "hostile")
        await pilot.press("y")
        assert "[link=file:///etc/passwd]" in app.clipboard and "\x1b" not in app.clipboard
        from ofsted_reader.tui.commands import SectionsProvider

        hits = [h async for h in SectionsProvider(screen).search("title")]
        assert any("[bold red]x[/]" in h.match_display.plain for h in hits)
        assert app.return_code is None  # [@click=app.quit] did nothing
