"""Search across every report in the library: ``/`` in the table.

Each hit is a paragraph from the library index's full-text search (SQLite FTS5,
:meth:`ofsted_reader.index.Index.search`): the report (with how many of its
paragraphs match), section, paragraph number and a snippet with the matched
words shown in reverse video (a style built from the index's markers, never
markup).  The query takes phrases, exclusions and limits (see
:mod:`ofsted_reader.query`) and searches the reports the library's filter
shows.  Results follow the typing; ↑/↓ move among them while typing, Tab goes to the list (j/k), Enter opens the
report at that paragraph, and Esc in the reader comes back here.
"""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from ofsted_reader.index import Hit, Index
from ofsted_reader.query import Query, parse_query
from ofsted_reader.tui.commands import ScreenCommands
from ofsted_reader.tui.help import bindings_of, key_rows
from ofsted_reader.tui.messages import OpenHit
from ofsted_reader.tui.widgets.bars import KeyBar, TopBar
from ofsted_reader.tui.widgets.hit_list import HitList
from ofsted_reader.tui.keyrouting import FollowFocusInput
from ofsted_reader.tui.render import one_line

LIMIT = 200
"""Hits listed per query (best first)."""
HINT = ('Every word must appear (the last may be the start of a word); "a phrase"; -word excludes; '
        "in:recommendations in:judgements family:ilacs since:2023 before:2020.")
DEBOUNCE = 0.05
"""Seconds of typing stillness before a query runs (keys arriving in a burst run one query)."""

class SearchInput(FollowFocusInput):
    """The query line: ↑/↓ are left to the screen (they move in the results)."""


class LibrarySearchScreen(Screen[None]):
    """Type words; every cached report in the folder is searched as you type."""

    AUTO_FOCUS = "#query"
    COMMANDS = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open at the paragraph", id="search-all.open"),
        Binding("escape", "back", "Back to the library", id="search-all.back"),
        Binding("down", "results('cursor_down')", "Next hit (also while typing)", show=False, id="search-all.down"),
        Binding("up", "results('cursor_up')", "Previous hit (also while typing)", show=False, id="search-all.up"),
        Binding("pagedown", "results('page_down')", "Page down the hits", show=False, id="search-all.page-down"),
        Binding("pageup", "results('page_up')", "Page up the hits", show=False, id="search-all.page-up"),
        Binding("tab", "focus_results", "Go to the hits (j/k there)", show=False, id="search-all.results"),
        Binding("slash", "focus_query", "Back to the query", show=False, id="search-all.query"),
        Binding("question_mark", "help", "Help", id="search-all.help"),
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

    def __init__(self, index: Index, shas: set[str], reports: int, query: str = "", *, keymap: dict[str, str] | None = None,
                 scope: str = "") -> None:
        super().__init__()
        self.keymap = keymap or {}
        self.index = index
        self.shas = shas
        self.reports = reports
        self.scope = scope
        """How the library's filter limits the reports ("filter “ilacs”"), or empty."""
        self.query_text = query
        self.parsed = Query()
        self.hits: list[Hit] = []
        self.counts: dict[str, int] = {}
        """Report hash → how many of its paragraphs match (all of them, not only those listed)."""
        self.last_seconds: float | None = None
        """How long the last query took (shown in the top bar; the benchmark reads it)."""
        self.searched = ""
        self._timer: Timer | None = None
        self.input = SearchInput(value=query, placeholder='words, "a phrase", -word, in:recommendations, family:ilacs, since:2023', id="query")
        self.input.cursor_blink = False
        self.results = HitList(id="results")

    def compose(self):
        yield TopBar(id="topbar")
        with Horizontal():
            yield Static("Search all:", classes="label", markup=False)
            yield self.input
        yield self.results
        yield Static(HINT, id="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.query_text:
            self.run_query()

    def status_text(self) -> tuple[Text, Text]:
        left = Text("Search", style="bold")
        left.append(f" · {self.reports} report{'s' if self.reports != 1 else ''}")
        if self.scope:
            left.append(f" ({one_line(self.scope)})")
        right = Text()
        if self.searched:
            total = sum(self.counts.values())
            right.append(f"{total} hit{'s' if total != 1 else ''}", style="bold")
            right.append(f" in {len(self.counts)} report{'s' if len(self.counts) != 1 else ''}")
            if total > len(self.hits):
                right.append(f" (best {len(self.hits)} listed)")
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
        parsed = self.parsed = parse_query(self.query_text)
        started = time.perf_counter()
        self.hits = self.index.search(parsed, limit=LIMIT, shas=self.shas) if parsed.searches else []
        self.counts = self.index.hit_counts(parsed, shas=self.shas) if self.hits else {}
        self.last_seconds = time.perf_counter() - started if parsed.searches else None
        self.searched = query if parsed.searches else ""
        hint = self.query_one("#hint", Static)
        hint.update(Text("Not understood: " + one_line("; ".join(parsed.problems)), style="bold") if parsed.problems else HINT)
        if query and not parsed.searches:
            message = "Type a word or a \"phrase\" to find (limits and -words alone find nothing)."
        elif query and not self.hits:
            message = f"No paragraph has every word of “{one_line(query)}”."
        else:
            message = ""
        self.results.set_hits(self.hits, message, self.counts)
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
        self.post_message(OpenHit(self.hits[index], self.parsed.text))

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        rows = key_rows(bindings_of([type(self), type(self.app)], self.keymap), self.app)
        rows += key_rows(bindings_of([HitList], self.keymap), self.app)
        query = [("words", "Paragraphs with every word, anywhere in them; the last word may be the start of a word"),
                 ('"a phrase"', "These words together, in this order"),
                 ("-word -\"a phrase\"", "Leave out paragraphs that hold it"),
                 ("in:recommendations", "Only in the sections that print recommendations (in:rec)"),
                 ("in:judgements", "Only in graded (judgement) sections and what is under them (in:judg)"),
                 ("family:ilacs", "Only reports of that family: ilacs, sif, slac, lscb (several: any of them)"),
                 ("since:2023 before:2020", "Inspected on or after / before a year, month (2023-06) or day (2023-06-15)"),
                 ("", "Only the reports the library's filter shows are searched; each hit says how many hits its report has"),
                 ("", "Case and accents are ignored; punctuation is not searched")]
        self.app.push_screen(HelpScreen([("Search all reports", rows), ("Queries", query)], title="Search keys"))
