"""The one-line prompt above the footer, vim style: ``/`` to search, ``:`` for a paragraph number
(``:27``) or a page (``:p7``)."""

from __future__ import annotations

from typing import Callable, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from ofsted_reader.tui.keyrouting import FollowFocusInput


class PromptInput(FollowFocusInput):
    """The bar's input.  Enter and Esc close the bar as the keys arrive, not as bindings (which
    run only once the key has bubbled up to the App, after any keys typed behind it were
    already inserted); so the input is given its bar, and closes it itself."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Search / go", show=False, id="prompt.submit"),
        Binding("escape", "cancel", "Cancel", show=False, id="prompt.cancel"),
    ]

    def __init__(self, bar: PromptBar) -> None:
        super().__init__(compact=True, select_on_focus=False)
        self.bar = bar

    def on_key(self, event: events.Key) -> None:
        # ``screen.focused``, not ``has_focus``: that follows a queued Blur, so a second Enter
        # of a burst ("essex⏎⏎": keep the filter, open the report) would close the bar again.
        if event.key in ("enter", "escape") and self.screen.focused is self:
            event.stop()
            event.prevent_default()
            self.bar.finish(submitted=event.key == "enter")

    def take_key(self, event: events.Key) -> bool:
        if event.key in ("enter", "escape"):
            self.bar.finish(submitted=event.key == "enter")
            return True
        return super().take_key(event)

    async def action_submit(self) -> None:
        self.bar.finish(submitted=True)

    def action_cancel(self) -> None:
        self.bar.finish(submitted=False)


class PromptBar(Horizontal):
    """Shown while typing a search or a paragraph number; hidden otherwise."""

    DEFAULT_CSS = """
    PromptBar {
        height: 1;
        display: none;
        background: $panel;
        &.-open { display: block; }
        & > .prompt--label { width: auto; padding: 0 0 0 1; text-style: bold; }
        & > PromptInput { width: 1fr; height: 1; border: none; padding: 0; background: $panel; }
        & > PromptInput:focus { border: none; }
        & > #count { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    class Changed(Message):
        def __init__(self, mode: str, value: str) -> None:
            super().__init__()
            self.mode, self.value = mode, value

    class Submitted(Message):
        def __init__(self, mode: str, value: str) -> None:
            super().__init__()
            self.mode, self.value = mode, value

    class Cancelled(Message):
        def __init__(self, mode: str) -> None:
            super().__init__()
            self.mode = mode

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = "search"
        self.label = Static("/", classes="prompt--label", markup=False)
        self.input = PromptInput(self)
        self.input.cursor_blink = False
        self.count = Static("", id="count", markup=False)
        self.closed_with: str | None = None
        """The value the bar last closed with, as soon as it closes (None when cancelled); the
        Submitted message that says so comes after any keys typed behind the Enter."""
        self._return_focus: Callable[[], Widget | None] | None = None
        """Where focus goes when the prompt closes (asked then: the open section may have changed)."""

    def compose(self):
        yield self.label
        yield self.input
        yield self.count

    def open(
        self,
        mode: str,
        *,
        return_focus: Callable[[], Widget | None] | None = None,
        label: str | None = None,
        value: str = "",
    ) -> None:
        """Show the bar for ``search`` (``/``) or ``paragraph`` (``:``) and focus it.

        Other modes (the library's ``filter``) give their own ``label``; ``value`` is
        the text to start with (the key that opened a filter), reported as a change.
        """
        self.mode = mode
        self._return_focus = return_focus
        self.label.update(label if label is not None else "/" if mode == "search" else "Go to paragraph (or p7: page 7): ")
        self.input.restrict = r"[pP]?[0-9]*" if mode == "paragraph" else None
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        if value:
            self.input.value = value
            self.input.cursor_position = len(value)
        self.count.update("")
        self.add_class("-open")
        # Focus now, not via call_later: keys typed straight after / must land here.
        self.screen.set_focus(self.input)

    def finish(self, *, submitted: bool) -> None:
        """Close and hand focus back at once (so keys typed after Enter go to the pane), then report."""
        if not self.is_open:
            return
        self.remove_class("-open")
        self.closed_with = self.input.value if submitted else None
        target = self._return_focus() if self._return_focus is not None else None
        if target is not None and target.is_attached and target.display:
            self.screen.set_focus(target, scroll_visible=False)
        else:
            self.screen.set_focus(None)
        self.post_message(self.Submitted(self.mode, self.input.value) if submitted else self.Cancelled(self.mode))

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def set_count(self, text: str) -> None:
        self.count.update(Text(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.is_open:
            self.post_message(self.Changed(self.mode, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
