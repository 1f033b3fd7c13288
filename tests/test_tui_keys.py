"""The key scheme: reader bindings never clash with grade hotkeys; two-key hotkeys; search order."""

from __future__ import annotations

import pytest
from rich.console import Console

from ofsted_reader.keys import HOTKEY_ALPHABET, NAVIGATION_KEYS, hotkey_codes
from ofsted_reader.model import Block
from ofsted_reader.state import ReaderState
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.widgets.findings import FindingsList
from ofsted_reader.tui.widgets.outline import OutlineTree
from ofsted_reader.tui.widgets.paragraphs import ParagraphPane
from ofsted_reader.tui.screens.reader import ReaderScreen
from ofsted_reader.tui.render import render_block
from ofsted_reader.tui.search import Hit, next_hit
from tui_support import make_report, reader_ready, settle, wait_for, write_report

READER_CLASSES = (OfstedReaderApp, ReaderScreen, OutlineTree, ParagraphPane, FindingsList)


def printable_keys() -> set[str]:
    """Every single printable character the reader binds (outside the grade hotkeys)."""
    import string

    from textual.binding import Binding
    from textual.keys import _character_to_key

    by_name = {_character_to_key(c): c for c in string.printable.strip() + " "}
    keys: set[str] = set()
    for holder in READER_CLASSES:
        for binding in Binding.make_bindings(holder.__dict__.get("BINDINGS", [])):
            if (binding.id or "").startswith("hotkey."):
                continue
            if binding.key in by_name:
                keys.add(by_name[binding.key])
            elif len(binding.key) == 1:
                keys.add(binding.key)
    return keys


def test_reader_printable_bindings_never_meet_the_hotkey_alphabet():
    keys = printable_keys()
    assert {"j", "k", "h", "l", "g", "G", "n", "N", "/", "?", ":", "#", "[", "]", "'", "m", "y", "s", "T", "q", "b", " ", "+", "-"} <= keys
    assert not keys & set(HOTKEY_ALPHABET)
    assert keys <= NAVIGATION_KEYS


def test_report_hotkeys_bind_every_first_keystroke():
    """Every key of the alphabet is bound; those the report's codes start with are on, the others off."""
    for count in (5, 20, 23, 30, 60):
        screen = ReaderScreen(make_report(judged=count), ReaderState())
        on = {key for key in HOTKEY_ALPHABET if screen.check_action("hotkey", (key,))}
        assert on == {code[0] for code in hotkey_codes(count)}


@pytest.mark.asyncio
async def test_two_key_hotkeys_use_a_pending_prefix(tmp_path):
    report = make_report(judged=30)
    path = write_report(report, tmp_path)
    app = OfstedReaderApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reader_ready(pilot)
        codes = dict(screen.hotkeys)
        two_key = [code for code in codes if len(code) == 2]
        assert two_key and screen.prefixes
        code = two_key[3]
        await pilot.press(code[0])
        assert screen.pending_prefix == code[0]
        assert f"key {code[0]}…" in str(screen.topbar.render())
        await pilot.press(code[1])
        await settle(pilot)
        assert screen.pending_prefix is None
        assert screen.current.id == codes[code].section
        # a single-key code still works, and a non-hotkey key cancels a pending prefix
        await pilot.press("1")
        await settle(pilot)
        assert screen.current.id == codes["1"].section
        await pilot.press(code[0], "j")
        assert screen.pending_prefix is None
        await pilot.press(code[0], "escape")
        assert screen.pending_prefix is None


@pytest.mark.asyncio
async def test_a_judgement_without_a_section_says_so(tmp_path):
    report = make_report(judged=2)
    report.judgements[1].section = None
    path = write_report(report, tmp_path)
    app = OfstedReaderApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reader_ready(pilot)
        before = screen.current
        await pilot.press("2")
        await wait_for(pilot, lambda: any("summary only" in n.title for n in app._notifications))
        assert screen.current is before


def test_next_hit_wraps_both_ways():
    hits = [Hit(0, 0, 0, 5, 8), Hit(2, 1, 0, 0, 3), Hit(2, 1, 1, 4, 7), Hit(5, 0, 0, 1, 2)]
    assert next_hit(hits, (0, 0, -1, -1), inclusive=True) == (0, False)
    assert next_hit(hits, (0, 0, 0, 5)) == (1, False)
    assert next_hit(hits, (2, 1, 0, 0)) == (2, False)
    assert next_hit(hits, (5, 0, 0, 1)) == (0, True)
    assert next_hit(hits, (2, 1, 0, 0), forward=False) == (0, False)
    assert next_hit(hits, (0, 0, 0, 5), forward=False) == (3, True)
    assert next_hit([], (0, 0, 0, 0)) is None


def test_paragraphs_have_hanging_indents_and_bullets():
    block = Block("paragraph", "word " * 30, number=12, bullets=["first item " * 6, "second\n– a sub item that is long enough to wrap " * 2])
    console = Console(width=40, record=True, color_system=None)
    console.print(render_block(block, number_width=4))
    lines = console.export_text().splitlines()
    assert lines[0].startswith("12. word")
    assert all(line.startswith("    ") for line in lines[1:] if line.strip())
    bullet_lines = [line for line in lines if "•" in line]
    assert len(bullet_lines) == 2 and all(line.startswith("    • ") for line in bullet_lines)
    first_bullet = lines.index(bullet_lines[0])
    assert lines[first_bullet + 1].startswith("      first")  # wrapped under the bullet's text
    assert any(line.startswith("      – a sub item") for line in lines)
