"""The grade hotkey scheme: the one place that decides which key jumps to which judgement.

Both ``ofsted-reader grades`` (which prints the keys) and the reader (which binds
them) call :func:`hotkeys`, so what the CLI shows is what the reader does.

Keys are given in reading order from :data:`HOTKEY_ALPHABET`: digits first, then
letters that no navigation binding uses.  Up to 23 judgements get one keystroke
each; beyond that the last keys of the alphabet become prefixes of two-keystroke
codes, so the scheme stays prefix-free (no key is the start of another).  Past the
529 two-keystroke codes there are (no real report comes near), a judgement gets no key
(``""``): it is listed, it just has no hotkey.
"""

from __future__ import annotations

from typing import Sequence, TypeVar

T = TypeVar("T")

NAVIGATION_KEYS = frozenset("jkhlgGnNmysqbtT/?:#[]'0 +-")
"""Single printable keys the reader uses for navigation and commands; never a hotkey."""

HOTKEY_ALPHABET = "123456789acdefiopruvwxz"
"""Keys that may start a hotkey, in the order they are handed out."""

assert not NAVIGATION_KEYS & set(HOTKEY_ALPHABET)


def hotkey_codes(count: int) -> list[str]:
    """``count`` prefix-free codes of one or two keystrokes, in hand-out order; ``""`` (no key)
    for any past the last two-keystroke code."""
    alphabet = HOTKEY_ALPHABET
    size = len(alphabet)
    if count <= size:
        return list(alphabet[:count])
    # Use p prefixes: (size - p) single keys plus p * size two-key codes.
    prefixes = 1
    while (size - prefixes) + prefixes * size < count and prefixes < size:
        prefixes += 1
    singles = list(alphabet[: size - prefixes])
    doubles = [p + k for p in alphabet[size - prefixes :] for k in alphabet]
    codes = (singles + doubles)[:count]
    return codes + [""] * (count - len(codes))


def hotkeys(items: Sequence[T]) -> list[tuple[str, T]]:
    """Pair each item (judgements in reading order) with its hotkey."""
    return list(zip(hotkey_codes(len(items)), items))
