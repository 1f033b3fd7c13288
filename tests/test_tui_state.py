"""Keeping your place: per-report state files, bookmarks and position across restarts."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from ofsted_reader.state import (
    Bookmark,
    ReaderState,
    load_settings,
    load_state,
    save_settings,
    save_state,
    settings_path,
    state_path,
)
from ofsted_reader.tui.app import OfstedReaderApp
from tui_support import SAMPLE_TEXT, reader_ready, settle

SHA = "0123456789abcdef" * 4


def test_state_round_trips_privately_and_atomically(private_dirs):
    state = ReaderState(section="a/b", block=3, scroll_y=12.0, width=60, bookmarks=[Bookmark("a/b", 3, 27, "Child protection")])
    assert save_state(SHA, state)
    path = state_path(SHA)
    assert path.parent.parent == private_dirs["data"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(private_dirs["data"].stat().st_mode) == 0o700  # made by us too: not 0755
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp-")]
    loaded, notice = load_state(SHA)
    assert notice is None and loaded == state


def test_missing_state_is_a_fresh_one():
    state, notice = load_state(SHA)
    assert state == ReaderState() and notice is None


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"version": 99}', b'{"version": 1, "bookmarks": [{"x": 1}]}', b"\xff\xfe"])
def test_damaged_state_is_set_aside_with_a_notice(content):
    path = state_path(SHA)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    state, notice = load_state(SHA)
    assert state == ReaderState()
    assert notice and "damaged" in notice and "set aside" in notice
    assert not path.exists()
    aside = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content


def test_untrusted_hash_cannot_escape_the_state_folder(private_dirs):
    path = state_path("../../../etc/passwd")
    assert path.parent == private_dirs["data"] / "reports"
    assert len(path.stem) == 64


def test_settings_round_trip_and_damage():
    assert load_settings() == ({}, None)
    save_settings({"theme": "ofsted-light"})
    assert load_settings() == ({"theme": "ofsted-light"}, None)
    settings_path().write_text("[1, 2")
    settings, notice = load_settings()
    assert settings == {} and "damaged" in notice


def test_state_module_never_imports_textual_or_rich():
    code = "import sys, ofsted_reader.state; print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=dict(os.environ))
    assert out.stdout.strip() == "False"


@pytest.mark.asyncio
async def test_bookmarks_persist_across_app_restarts():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "2", "7", "enter")
        await settle(pilot)
        await pilot.press("m")
        await pilot.press("colon", "8", "enter")
        await settle(pilot)
        await pilot.press("m")
        assert [b.number for b in screen.state.bookmarks] == [27, 8]
        assert screen.view.blocks[screen.view.current_block].has_class("-bookmarked")
        await pilot.press("m")  # again: removed
        assert [b.number for b in screen.state.bookmarks] == [27]
        await pilot.press("m")
    saved = json.loads(state_path(screen.report.source.sha256).read_text())
    assert [b["number"] for b in saved["bookmarks"]] == [27, 8]

    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert [b.number for b in screen.state.bookmarks] == [27, 8]
        await pilot.press("apostrophe")
        await settle(pilot)
        from ofsted_reader.tui.screens.dialogs import BookmarksScreen

        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("enter")  # the first in reading order: para 8
        await settle(pilot)
        assert app.screen is screen
        assert screen.current_block().number == 8
        await pilot.press("apostrophe", "j", "d")  # delete para 27's bookmark
        await pilot.press("escape")
        await settle(pilot)
        assert [b.number for b in screen.state.bookmarks] == [8]
    saved = json.loads(state_path(screen.report.source.sha256).read_text())
    assert [b["number"] for b in saved["bookmarks"]] == [8]


@pytest.mark.asyncio
async def test_reopening_returns_to_the_last_section_and_position():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "2", "5", "enter")
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        section, y = screen.current.id, screen.view.scroll_y
        assert y > 2
        await pilot.press("q")

    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await settle(pilot, 3)
        assert screen.current.id == section
        assert screen.view.scroll_y == y
        assert screen.outline.cursor_node.data.id == section

    # a different width re-wraps the text: the place is kept by paragraph instead
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await reader_ready(pilot)
        await settle(pilot, 3)
        assert screen.current.id == section
        assert screen.current_block().number == 25


@pytest.mark.asyncio
async def test_a_damaged_state_file_is_a_notice_not_a_crash():
    from ofsted_reader.ingest import parse_file

    sha = parse_file(SAMPLE_TEXT).source.sha256
    path = state_path(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{{{")
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await settle(pilot)
        assert screen.current is screen.sections[0]
        assert any("damaged" in n.message for n in app._notifications)
