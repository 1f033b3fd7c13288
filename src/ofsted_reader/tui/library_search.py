"""Search across every report in the library: ``/`` in the table.

Each hit is a paragraph from the library index's full-text search (SQLite FTS5,
:meth:`ofsted_reader.index.Index.search`): the report, section, paragraph
number and a snippet with the matched words shown in reverse video (a style
built from the index's markers, never markup).  Results follow the typing;
↑/↓ move among them while typing, Tab goes to the list (j/k), Enter opens the
report at that paragraph, and Esc in the reader comes back here.
"""

from __future__ import annotations

import time
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from ofsted_reader.headline import short_title
from ofsted_reader.index import HIT_END, HIT_START, Hit, Index
from ofsted_reader.tui.bars import KeyBar, TopBar
from ofsted_reader.tui.keyrouting import FollowFocusInput
from ofsted_reader.tui.render import one_line

LIMIT = 200
"""Hits listed per query (best first)."""
DEBOUNCE = 0.05
"""Seconds of typing stillness before a query runs (keys arriving in a burst run one query)."""

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


def hit_heading(hit: Hit) -> Text:
    where = f"para {hit.number}" if hit.number is not None else "text"
    out = Text(one_line(hit.short_name), style="bold")
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
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"hits--cursor", "hits--dim"}

    class Chosen(Message):
        """Enter (or a click) on a hit."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.message = ""
        """Shown when there are no hits."""
        self.highlighted: int | None = None
        self._lines: dict[tuple[int, bool, int], list[Strip]] = {}

    def set_hits(self, hits: list[Hit], message: str = "") -> None:
        self.hits = hits
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

    def _on_click(self, event) -> None:  # noqa: ANN001 - events.Click
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
                return Strip(list(Text(" " + self.message).render(self.app.console))).crop_extend(0, width, self.rich_style)
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
        heading = Text.assemble("▸ " if on else "  ", hit_heading(hit), no_wrap=True, overflow="ellipsis")
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


class SearchInput(FollowFocusInput):
    """The query line: ↑/↓ are left to the screen (they move in the results)."""


class LibrarySearchScreen(Screen[None]):
    """Type words; every cached report in the folder is searched as you type."""

    AUTO_FOCUS = "#query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open at the paragraph", id="search-all.open"),
        Binding("escape", "back", "Back to the library", id="search-all.back"),
        Binding("down", "results('cursor_down')", "Next hit (also while typing)", show=False, id="search-all.down"),
        Binding("up", "results('cursor_up')", "Previous hit (also while typing)", show=False, id="search-all.up"),
        Binding("pagedown", "results('page_down')", "Page down the hits", show=False, id="search-all.page-down"),
        Binding("pageup", "results('page_up')", "Page up the hits", show=False, id="search-all.page-up"),
        Binding("tab", "focus_results", "Go to the hits (j/k there)", show=False, id="search-all.results"),
        Binding("slash", "focus_query", "Back to the query", show=False, id="search-all.query"),
        Binding("question_mark", "help", "Keys", id="search-all.help"),
    ]
    DEFAULT_CSS = """
    LibrarySearchScreen { layout: vertical; }
    LibrarySearchScreen > Horizontal { height: 1; background: $panel; }
    LibrarySearchScreen .label { width: auto; padding: 0 0 0 1; text-style: bold; }
    LibrarySearchScreen SearchInput { width: 1fr; height: 1; border: none; padding: 0 1; background: $panel; }
    LibrarySearchScreen SearchInput:focus { border: none; }
    LibrarySearchScreen #results { height: 1fr; border: none; }
    LibrarySearchScreen #hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, index: Index, shas: set[str], reports: int, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.shas = shas
        self.reports = reports
        self.query_text = query
        self.hits: list[Hit] = []
        self.last_seconds: float | None = None
        """How long the last query took (shown in the top bar; the benchmark reads it)."""
        self.searched = ""
        self._timer: Timer | None = None
        self.input = SearchInput(value=query, placeholder="words to find in every report", id="query")
        self.input.cursor_blink = False
        self.results = HitList(id="results")

    def compose(self):
        yield TopBar(id="topbar")
        with Horizontal():
            yield Static("Search all:", classes="label", markup=False)
            yield self.input
        yield self.results
        yield Static("Every word must appear; the last may be the start of a word.", id="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.query_text:
            self.run_query()

    def status_text(self) -> tuple[Text, Text]:
        left = Text("Search", style="bold")
        left.append(f" · {self.reports} report{'s' if self.reports != 1 else ''}")
        right = Text()
        if self.searched:
            count = f"{len(self.hits)}{'+' if len(self.hits) >= LIMIT else ''}"
            right.append(f"{count} hit{'s' if len(self.hits) != 1 else ''}", style="bold")
            if self.last_seconds is not None:
                right.append(f"  {self.last_seconds * 1000:.0f} ms")
        return left, right

    # -- querying --------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.run_query)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.query_text.strip() != self.searched:
            self.run_query()
        self.action_open()

    def run_query(self) -> None:
        """Search now and list the hits, best first (the highlight goes to the first)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        query = self.query_text.strip()
        started = time.perf_counter()
        self.hits = self.index.search(query, limit=LIMIT, shas=self.shas) if query else []
        self.last_seconds = time.perf_counter() - started if query else None
        self.searched = query
        message = f"No paragraph has every word of “{one_line(query)}”." if query and not self.hits else ""
        self.results.set_hits(self.hits, message)
        self.query_one(TopBar).refresh()

    # -- moving, opening ---------------------------------------------------------------

    def action_results(self, action: str) -> None:
        if self.hits:
            getattr(self.results, f"action_{action}")()

    def action_focus_results(self) -> None:
        if self.hits:
            self.results.focus()

    def action_focus_query(self) -> None:
        self.input.focus()

    def on_hit_list_chosen(self, event: HitList.Chosen) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if self._timer is not None:  # Enter straight after typing: search first
            self.run_query()
        index = self.results.highlighted
        if not self.hits or index is None or index >= len(self.hits):
            if self.searched:
                self.notify("No hit to open.", markup=False, timeout=2)
            return
        hit = self.hits[index]
        self.app.read_report_at(hit, self.searched)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from ofsted_reader.tui.dialogs import HelpScreen

        app = self.app
        rows = [(app.get_key_display(b), b.description) for _k, b in self._bindings if b.description]
        rows += [("j k", "Next / previous hit (in the list)")]
        query = [("words", "Paragraphs with every word, anywhere in them; the last word may be the start of a word"),
                 ("", "Case and accents are ignored; punctuation is not searched")]
        self.app.push_screen(HelpScreen([("Search all reports", list(dict.fromkeys(rows))), ("Queries", query)],
                                        title="Search keys"))
