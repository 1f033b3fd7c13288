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


def test_sample_pdf_at_a_page(snap_compare):
    """The sample PDF after ``:p11``: the page and paragraph in the top bar, the section's pages
    leading its grade line in the pane header."""
    from snapshot_app import SAMPLE

    pdf = SAMPLE.with_suffix(".pdf")
    press = ["colon", "p", "1", "1", "enter", "_"]
    assert snap_compare(SnapshotApp("ofsted-dark", pdf), terminal_size=(80, 24), press=press, run_before=until_ready)
