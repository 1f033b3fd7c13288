"""The single hotkey scheme shared by `grades` and the reader."""

from __future__ import annotations

import pytest

from ofsted_reader.keys import HOTKEY_ALPHABET, NAVIGATION_KEYS, hotkey_codes, hotkeys


@pytest.mark.parametrize("count", [0, 1, 5, 9, 20, 23, 24, 40, 100, 300])
def test_codes_are_short_unique_and_prefix_free(count: int) -> None:
    codes = hotkey_codes(count)
    assert len(codes) == count == len(set(codes))
    assert all(1 <= len(c) <= 2 for c in codes)
    for a in codes:
        for b in codes:
            assert a == b or not b.startswith(a), (a, b)


def test_codes_never_use_navigation_keys() -> None:
    for code in hotkey_codes(300):
        assert not set(code[0]) & NAVIGATION_KEYS


def test_small_reports_get_digits_in_reading_order() -> None:
    assert [k for k, _ in hotkeys(["a", "b", "c", "d", "e"])] == ["1", "2", "3", "4", "5"]


def test_twenty_judgements_fit_in_one_keystroke() -> None:
    assert hotkey_codes(20) == list(HOTKEY_ALPHABET[:20])
