"""The keys a screen answers to, in words: one builder (:func:`key_rows`) for the help box (``?``),
over the bindings of the screen, the app and each pane (:func:`bindings_of`, whether the pane
has focus or not, the user's keymap applied); the key bar and the command palette use the
bindings Textual reports as active (:func:`screen_bindings`)."""

from __future__ import annotations

from typing import Iterable, Mapping

from textual.app import App
from textual.binding import ActiveBinding, Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

KeyRow = tuple[str, str]
"""(the keys, what they do)"""


def key_rows(bindings: Iterable[Binding], app: App) -> list[KeyRow]:
    """One row per action: its keys (as the app displays them) and what it does.  Only our own
    bindings (they have ids and descriptions; the grade hotkeys are listed apart)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if binding.system or not binding.id or not binding.description or binding.id.startswith("hotkey."):
            continue
        does = f"{binding.description} — {binding.tooltip}" if binding.tooltip else binding.description
        grouped.setdefault((binding.action, does), []).append(app.get_key_display(binding))
    return [(" ".join(dict.fromkeys(keys)), does) for (_, does), keys in grouped.items()]


def screen_bindings(screen: Screen) -> list[ActiveBinding]:
    """The active bindings of the screen itself and of the app: what works whichever widget has focus."""
    return [active for active in screen.active_bindings.values() if active.node in (screen, screen.app)]


def bindings_of(holders: Iterable[type[DOMNode]], keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings the classes (a screen, the app, a pane) declare, with the user's keymap applied."""
    found: list[Binding] = []
    for holder in holders:
        bindings = BindingsMap(holder.BINDINGS)
        bindings.apply_keymap(dict(keymap))
        found += [binding for _, binding in bindings]
    return found
