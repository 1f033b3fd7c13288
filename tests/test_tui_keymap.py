"""Your own keys: keymap.yaml rebinds a key by its binding's id; what cannot be used is said once."""

from __future__ import annotations

import re

from textual.binding import Binding

from ofsted_reader.tui.app import OfstedReaderApp, all_binding_ids
from tui_support import REPO, SAMPLE_TEXT, reader_ready, settle, wait_for


def write_keymap(private_dirs, text: str) -> None:
    private_dirs["config"].mkdir(parents=True, exist_ok=True)
    (private_dirs["config"] / "keymap.yaml").write_text(text, encoding="utf-8")


async def test_a_key_rebound_by_id_works_and_the_help_says_so(private_dirs):
    write_keymap(private_dirs, "reader.search: ctrl+f\nreader.toggle-sidebar: f9\n")
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        assert screen.sidebar_visible
        await pilot.press("f9")
        await settle(pilot)
        assert not screen.sidebar_visible
        await pilot.press("s")  # no longer the sidebar's key
        await settle(pilot)
        assert not screen.sidebar_visible
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert screen.prompt.is_open and screen.prompt.mode == "search"
        anywhere = dict(screen.key_groups())["Anywhere in the reader"]
        (keys,) = [keys for keys, does in anywhere if does.startswith("Search —")]
        assert keys == app.get_key_display(Binding("ctrl+f", "search"))


async def test_what_cannot_be_used_is_said_once_and_the_rest_applies(private_dirs):
    write_keymap(private_dirs, "reader.toggle-sidebar: f9\nhotkey.1: x\nreader.nonsense: f2\nreader.copy: [1, 2]\n")
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        await wait_for(pilot, lambda: any("reader.nonsense" in n.message for n in app._notifications), timeout=5)
        messages = " ".join(n.message for n in app._notifications)
        assert "hotkey.1" in messages and "reader.copy" in messages
        await pilot.press("f9")
        await settle(pilot)
        assert not screen.sidebar_visible


async def test_a_keymap_that_is_not_yaml_is_reported_and_the_keys_stay(private_dirs):
    write_keymap(private_dirs, "reader.search: [unclosed\n")
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reader_ready(pilot)
        assert any("keymap.yaml" in n.message and "not valid YAML" in n.message for n in app._notifications)
        await pilot.press("slash")
        await settle(pilot)
        assert screen.prompt.is_open


def test_the_readme_lists_every_binding_id():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| where | ids |") : text.index("## How the code is laid out")]
    listed = set(re.findall(r"`([a-z-]+\.[a-z-]+)`", table))
    assert listed == {i for i in all_binding_ids() if not i.startswith("hotkey.")}
