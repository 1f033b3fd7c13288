"""Keys typed in a burst must follow a focus change.

Textual hands each key to the widget focused *when the key is read*.  Over a
slow SSH link (or ``tmux send-keys``) ``/foster`` arrives in one read: every key
is queued on the paragraph pane before the ``/`` binding has moved focus to the
search prompt, so ``f`` would fire a grade hotkey and ``s`` toggle the sidebar.
Likewise ``foster⏎n`` would type the ``n`` into the closing prompt.  These
helpers pass such keys on to whatever is focused by the time they are handled.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widgets import Input

_TARGET = "_ofsted_reader_target"


def note_target(app: App, event: events.Key) -> None:
    """Remember which widget a key was first sent to (call as the App receives it)."""
    setattr(event, _TARGET, app.focused)


def route_late_key(app: App, event: events.Key) -> bool:
    """A key bubbling back to the App, queued before focus moved to a text input: send it there.

    Returns True if the key was re-sent (the caller then drops this copy).
    """
    if not hasattr(event, _TARGET):
        return False
    focused = app.focused
    if isinstance(focused, Input) and focused is not getattr(event, _TARGET):
        event.stop()
        event.prevent_default()
        focused._forward_event(events.Key(event.key, event.character))
        return True
    return False


class FollowFocusInput(Input):
    """An Input that passes on keys it receives after it lost focus (e.g. after Enter closed it)."""

    async def _on_key(self, event: events.Key) -> None:
        try:
            focused = self.screen.focused
        except Exception:  # noqa: BLE001 - not on a screen any more
            focused = None
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        await super()._on_key(event)
