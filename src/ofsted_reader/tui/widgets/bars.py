"""The one-line bars every full screen shares: the top status line and the bottom key line."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from ofsted_reader.tui.help import screen_bindings
from ofsted_reader.tui.styling import component_style


class TopBar(Widget):
    """One line: which report (left); where you are, search and pending keys (right)."""

    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def render(self) -> RenderableType:
        status = getattr(self.screen, "status_text", None)
        if status is None:
            return ""
        left, right = status()
        width = self.content_region.width
        room = max(0, width - right.cell_len - 1)
        left.truncate(room, overflow="ellipsis")
        left.pad_right(max(0, width - left.cell_len - right.cell_len))
        return Text.assemble(left, right, no_wrap=True, overflow="crop")


class KeyBar(Widget):
    """The bottom line: the main keys, from the bindings marked ``show`` (then the screen's
    ``extra_keys``, hints that are not bindings, such as "type to filter").

    Textual's Footer rebuilds a widget per key whenever focus moves; the reader's
    main keys are the same in every pane, so one line of text will do.
    """

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $foreground; }
    KeyBar > .keybar--key { text-style: bold; color: $text-accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key"}

    def render(self) -> RenderableType:
        screen = self.screen
        app = self.app
        key_style = component_style(self, "keybar--key")
        out = Text(no_wrap=True, overflow="crop")
        seen: set[str] = set()
        for active in screen_bindings(screen):
            binding = active.binding
            if binding.show and binding.description and binding.action not in seen:
                seen.add(binding.action)
                out.append(f" {app.get_key_display(binding)} ", style=key_style)
                out.append(f"{binding.description} ")
        for key, description in getattr(screen, "extra_keys", ()):
            out.append(f" {key} ", style=key_style)
            out.append(f"{description} ")
        out.append(" ^p ", style=key_style)
        out.append("palette")
        return out
