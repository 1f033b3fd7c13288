"""Snapshots of the reader on the sample at 80×24 and 120×40, each size in two themes.

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest

from snapshot_app import SnapshotApp, until_ready

HOTKEY_AND_SEARCH = ["4", "slash", *"IWST", "enter", "_"]
"""Hotkey 4 (Quality of provision), then a search: heading badge, marked row, highlighted hits."""


@pytest.mark.parametrize(
    "size, theme, press",
    [
        ((80, 24), "ofsted-dark", []),
        ((80, 24), "ofsted-light", HOTKEY_AND_SEARCH),
        ((120, 40), "ofsted-dark", HOTKEY_AND_SEARCH),
        ((120, 40), "ofsted-light", []),
    ],
    ids=["80x24-dark-open", "80x24-light-hotkey-search", "120x40-dark-hotkey-search", "120x40-light-open"],
)
def test_sample(snap_compare, size, theme, press):
    """The sample as it opens, and after a grade hotkey and a search."""
    assert snap_compare(SnapshotApp(theme), terminal_size=size, press=press, run_before=until_ready)


def test_sample_sixteen_colours_with_sidebar_below(snap_compare):
    """The 16-colour theme at 80×24 with the findings sidebar shown under the paragraphs."""
    assert snap_compare(SnapshotApp("ofsted-16"), terminal_size=(80, 24), press=["e", "s", "_"], run_before=until_ready)


async def _at_the_bullets(pilot) -> None:
    """Run-before hook: the report open at paragraph 2 and its bullets (and their colour)."""
    await until_ready(pilot)
    await pilot.app.screen.open_section_by_id("about-this-inspection", 1)
    await pilot.pause()


def test_light_theme_bullets_and_guides(snap_compare):
    """The light theme's bullets and outline guides, in their own colours (they were white on white)."""
    assert snap_compare(SnapshotApp("ofsted-light"), terminal_size=(80, 24), run_before=_at_the_bullets)


def test_theme_picker_previews_on_the_report(snap_compare):
    """The picker at the bottom, the report above it drawn in the theme under the cursor (light),
    ours first and Textual's after a rule."""
    assert snap_compare(SnapshotApp("ofsted-dark"), terminal_size=(80, 24), press=["T", "j", "_"], run_before=until_ready)


def test_sixteen_colours_without_colour(snap_compare, monkeypatch):
    """NO_COLOR with the 16-colour theme: the terminal's own colours, the cursor in reverse (it
    was black on black)."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(SnapshotApp("ofsted-16"), terminal_size=(80, 24), run_before=_at_the_bullets)


def test_sample_pdf_at_a_page(snap_compare):
    """The sample PDF after ``:p11``: the page and paragraph in the top bar, the section's pages
    leading its grade line in the pane header."""
    from snapshot_app import SAMPLE

    pdf = SAMPLE.with_suffix(".pdf")
    press = ["colon", "p", "1", "1", "enter", "_"]
    assert snap_compare(SnapshotApp("ofsted-dark", pdf), terminal_size=(80, 24), press=press, run_before=until_ready)
