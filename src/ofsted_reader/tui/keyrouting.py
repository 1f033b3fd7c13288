"""Keys typed in a burst must follow a focus change.

Textual hands each key to the widget focused *when the key is read*.  Over a slow SSH
link (or ``tmux send-keys``) ``/foster`` arrives in one read: every key is queued on the
paragraph pane before the ``/`` binding has moved focus to the search prompt, so ``f``
would fire a grade hotkey and ``s`` toggle the sidebar.  Likewise ``foster⏎n`` would
type the ``n`` into the closing prompt.

So the app notes which widget each key was first sent to (:func:`note_target`); a key
that comes back up to the app after focus has moved on is given to the widget focused
now, if that widget takes keys (:class:`TakesKeys`: our text inputs type it, the library's
table starts a filter with it).  A key queued on a text input after it lost focus is not
typed there: it goes on up to the app, whose bindings act for the widget focused now.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.dom import NoScreen
from textual.widgets import Input

_TARGET = "_ofsted_reader_target"


@runtime_checkable
class TakesKeys(Protocol):
    def take_key(self, event: events.Key) -> bool:
        """Act on a key that was sent elsewhere before this widget had focus; True if taken."""


def note_target(app: App, event: events.Key) -> None:
    """Remember which widget a key was first sent to (call as the App receives it)."""
    setattr(event, _TARGET, app.focused)


def route_late_key(app: App, event: events.Key) -> bool:
    """A key back at the App that was sent elsewhere before focus moved: given to the widget
    focused now when it takes it (True: the caller drops this copy)."""
    if not hasattr(event, _TARGET):
        return False
    focused = app.focused
    if focused is None or focused is getattr(event, _TARGET) or not isinstance(focused, TakesKeys):
        return False
    if not focused.take_key(event):
        return False
    event.stop()
    event.prevent_default()
    return True


class FollowFocusInput(Input):
    """An Input that types keys that were meant for it, and leaves alone those it gets after it lost focus."""

    def on_key(self, event: events.Key) -> None:
        try:
            focused = self.screen.focused
        except NoScreen:  # not on a screen any more
            focused = None
        if focused is not self:
            event.prevent_default()  # not typed here; it goes on up to the app (see the module docstring)

    def take_key(self, event: events.Key) -> bool:
        if event.key == "backspace":
            self.action_delete_left()
        elif event.key == "enter":
            self.post_message(self.Submitted(self, self.value))
        elif event.is_printable and event.character:
            self.insert_text_at_cursor(event.character)
        else:
            return False
        return True
