"""The hits of a search across reports, three lines each: the report, section and paragraph, then the snippet.

Drawn line by line (a line-API ``ScrollView``): hundreds list in no time, nothing is laid
out per hit, and a hit becomes text only when it scrolls into view.  The matched words are
shown in reverse video, a style built from the index's markers, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ofsted_reader.headline import short_title
from ofsted_reader.index import HIT_END, HIT_START, Hit
from ofsted_reader.tui.render import one_line


HIT_STYLE = Style(reverse=True, bold=True)


def snippet_text(snippet: str) -> Text:
    """The index's snippet as Text: report text made inert, the hits styled (never markup)."""
    out = Text(no_wrap=False)
    on = False
    for part in snippet.replace(HIT_END, HIT_START).split(HIT_START):
        if part:
            out.append(one_line(part), style=HIT_STYLE if on else "")
        on = not on
    return out


def first_hit_word(snippet: str) -> str:
    """The first highlighted word of a snippet (the reader highlights it in the report)."""
    start = snippet.find(HIT_START)
    end = snippet.find(HIT_END, start + 1)
    return snippet[start + 1 : end].strip() if start >= 0 and end > start else ""


def hit_heading(hit: Hit, in_report: int | None = None) -> Text:
    """"Lancashire 2022 (3) · para 27 · Section": the report (with its count of hits), where, the section."""
    where = f"para {hit.number}" if hit.number is not None else "text"
    out = Text(one_line(hit.short_name), style="bold")
    if in_report is not None:
        out.append(f" ({in_report} hit{'s' if in_report != 1 else ''})")
    out.append(f" · {where} · ")
    out.append(one_line(short_title(hit.section_title)), style="italic")
    return out


LINES_PER_HIT = 3
"""A heading line, then up to two lines of snippet."""


class HitList(ScrollView, can_focus=True, inherit_bindings=False):
    """The hits, three lines each, drawn line by line (hundreds list in no time: nothing is
    laid out per hit, and a hit becomes text only when it scrolls into view)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next hit", show=False, id="hits.down"),
        Binding("k,up", "move(-1)", "Previous hit", show=False, id="hits.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="hits.page-down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="hits.page-up"),
        Binding("home", "move(-100000)", "First hit", show=False, id="hits.first"),
        Binding("G,end", "move(100000)", "Last hit", show=False, id="hits.last"),
    ]
    DEFAULT_CSS = """
    HitList { scrollbar-size-vertical: 1; overflow-x: hidden; }
    HitList > .hits--cursor { background: $block-cursor-blurred-background; }
    HitList:focus > .hits--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    HitList > .hits--dim { color: $text-muted; }
    HitList:nocolor > .hits--cursor { text-style: reverse; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"hits--cursor", "hits--dim"}

    class Chosen(Message):
        """Enter (or a click) on a hit."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.counts: dict[str, int] = {}
        """Report hash → its hits (shown beside the report's name)."""
        self.message = ""
        """Shown when there are no hits."""
        self.highlighted: int | None = None
        self._lines: dict[tuple[int, bool, int], list[Strip]] = {}

    def set_hits(self, hits: list[Hit], message: str = "", counts: dict[str, int] | None = None) -> None:
        self.hits = hits
        self.counts = counts or {}
        self.message = message
        self.highlighted = 0 if hits else None
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(hits) * LINES_PER_HIT)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def move_to(self, index: int) -> None:
        if not self.hits:
            return
        index = max(0, min(index, len(self.hits) - 1))
        self.highlighted = index
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        first, last = index * LINES_PER_HIT, index * LINES_PER_HIT + LINES_PER_HIT - 1
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_move(self, step: int) -> None:
        self.move_to((self.highlighted or 0) + step)

    def action_page(self, step: int) -> None:
        per_page = max(1, self.scrollable_content_region.height // LINES_PER_HIT)
        self.move_to((self.highlighted or 0) + step * per_page)

    def action_cursor_down(self) -> None:
        self.action_move(1)

    def action_cursor_up(self) -> None:
        self.action_move(-1)

    def action_page_down(self) -> None:
        self.action_page(1)

    def action_page_up(self) -> None:
        self.action_page(-1)

    def key_enter(self) -> None:
        if self.hits:
            self.post_message(self.Chosen())

    def on_click(self, event: events.Click) -> None:
        index = (int(self.scroll_offset.y) + event.y) // LINES_PER_HIT
        if 0 <= index < len(self.hits):
            self.move_to(index)
            self.post_message(self.Chosen())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def on_resize(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(self.hits) * LINES_PER_HIT)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        line = int(self.scroll_offset.y) + y
        index, part = divmod(line, LINES_PER_HIT)
        if not self.hits:
            if y == 0 and self.message:
                # Styled as the list (segments with no style crash Textual's NO_COLOR filter).
                message = Strip(list(Text(" " + self.message).render(self.app.console)))
                return message.crop_extend(0, width, self.rich_style).apply_style(self.rich_style)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.hits):
            return Strip.blank(width, self.rich_style)
        on = index == self.highlighted
        key = (index, on, width)
        lines = self._lines.get(key)
        if lines is None:
            lines = self._render_hit(self.hits[index], on, width)
            self._lines[key] = lines
        return lines[part]

    def _render_hit(self, hit: Hit, on: bool, width: int) -> list[Strip]:
        console = self.app.console
        base = self.rich_style
        if on:
            base = base + self.get_component_rich_style("hits--cursor")
        heading = Text.assemble("▸ " if on else "  ", hit_heading(hit, self.counts.get(hit.sha)), no_wrap=True, overflow="ellipsis")
        heading.truncate(width, overflow="ellipsis")
        snippet = snippet_text(hit.snippet)
        every = list(snippet.wrap(console, max(8, width - 4)))
        wrapped = every[:2]
        if len(every) > 2:
            wrapped[-1].truncate(max(8, width - 5), overflow="crop")
            wrapped[-1].append("…")
        rows = [heading] + [Text.assemble("    ", part) for part in wrapped]
        rows += [Text("")] * (LINES_PER_HIT - len(rows))
        return [Strip(list(row.render(console))).crop_extend(0, width, base).apply_style(base) for row in rows]
