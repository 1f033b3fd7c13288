"""Opening: the worker, its progress screen and Esc, saved documents, folders and bad input."""

from __future__ import annotations

import threading
import time

import pytest

from ofsted_reader.reports import Opened, open_report
from ofsted_reader.errors import InputError
from ofsted_reader.tui import app as app_module
from ofsted_reader.tui.app import EXIT_CANCELLED, EXIT_INPUT, OfstedReaderApp
from ofsted_reader.tui.screens.dialogs import LoadingScreen
from tui_support import SAMPLE_TEXT, make_report, reader_ready, styles_of, wait_for, wait_for_text, write_report

pytestmark = pytest.mark.asyncio


async def test_a_saved_yaml_document_opens(tmp_path):
    report = open_report(SAMPLE_TEXT).report
    path = write_report(report, tmp_path, "halton.yaml")
    app = OfstedReaderApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert screen.report.short_name() == "Halton 2011"
        assert len(screen.hotkeys) == 20


async def test_slow_parse_shows_page_progress_then_the_report(monkeypatch):
    release = threading.Event()
    seen: list[tuple[int, int]] = []

    def slow_open(path, progress=None, **kwargs):
        for page in range(1, 4):
            progress(page, 12)
            seen.append((page, 12))
            time.sleep(0.05)
        release.wait(5)
        return Opened(make_report(), False)

    monkeypatch.setattr(app_module, "open_report", slow_open)
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await wait_for_text(pilot, "page 3 of 12")
        assert "Opening halton-2011.txt" in text and "Esc cancels" in text
        release.set()
        screen = await reader_ready(pilot)
        assert screen.report.metadata.local_authority == "Testshire County Council"


async def test_escape_cancels_a_slow_parse(monkeypatch):
    stopped = threading.Event()

    def endless_open(path, progress=None, **kwargs):
        try:
            for page in range(1, 10_000):
                progress(page, 10_000)
                time.sleep(0.01)
        except BaseException:
            stopped.set()
            raise
        return Opened(make_report(), False)

    monkeypatch.setattr(app_module, "open_report", endless_open)
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoadingScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == EXIT_CANCELLED
    assert stopped.wait(2)


async def test_bad_input_is_a_message_and_exit_code_two(tmp_path):
    bad = tmp_path / "fake.pdf"
    bad.write_bytes(b"<html>not a pdf</html>" + b"\x00" * 200)
    app = OfstedReaderApp(bad)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await wait_for_text(pilot, "Cannot open fake.pdf")
        assert "Traceback" not in text
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == EXIT_INPUT


async def test_an_unexpected_error_is_a_message_not_a_traceback(monkeypatch):
    def broken(path, progress=None, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(app_module, "open_report", broken)
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await wait_for_text(pilot, "Cannot open halton-2011.txt")
        assert "RuntimeError" in text and "kaboom" in text and "bug" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1


async def test_input_error_reason_is_shown(monkeypatch):
    def refused(path, progress=None, **kwargs):
        raise InputError(path, "encrypted PDF")

    monkeypatch.setattr(app_module, "open_report", refused)
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "encrypted PDF")


async def test_a_folder_opens_the_library(tmp_path):
    from ofsted_reader.tui.screens.library import LibraryScreen

    (tmp_path / "halton.txt").write_bytes(SAMPLE_TEXT.read_bytes())
    open_report(tmp_path / "halton.txt")
    app = OfstedReaderApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_for_text(pilot, "Halton")
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_a_folder_whose_index_cannot_open_is_a_message(tmp_path, monkeypatch):
    import sqlite3

    from ofsted_reader.tui.screens import library as library_module

    def broken(path):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(library_module, "open_folder", broken)
    app = OfstedReaderApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await wait_for_text(pilot, "library index could not be opened")
        assert "disk I/O error" in text and "Traceback" not in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == EXIT_INPUT


async def test_the_short_start_up_switch_interval_is_put_back():
    """The start shortens the GIL switch interval for the first frames and the collector is off;
    the app puts both back (see ofsted_reader.startup)."""
    import gc
    import sys

    from ofsted_reader import startup

    before = sys.getswitchinterval()
    startup.reader_starting()  # as the launcher does before Textual is imported
    app = OfstedReaderApp(SAMPLE_TEXT)
    startup.reader_built()  # as tui.app.run does
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await reader_ready(pilot)
            assert sys.getswitchinterval() == pytest.approx(startup.STARTUP_SWITCH_INTERVAL)
            assert not gc.isenabled()
            await wait_for(pilot, lambda: sys.getswitchinterval() == pytest.approx(before), timeout=5)
            assert gc.isenabled()
    finally:
        sys.setswitchinterval(before)
        gc.unfreeze()
        gc.enable()


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_the_first_frame_is_styled_as_a_full_restyle_would_style_it(size):
    """The reader skips Textual's restyle of every widget on its first resume: each was styled
    as it mounted.  What they got must be exactly what that restyle gives."""
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=size) as pilot:
        screen = await reader_ready(pilot)
        assert screen._resumed
        before = styles_of(screen)
        screen.update_node_styles(animate=False)
        await pilot.pause()
        after = styles_of(screen)
        assert {node: after[node] for node in before} == before  # (the prompt may mount meanwhile)
