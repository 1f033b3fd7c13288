"""A council's inspections side by side: one column per report, oldest on the left.

Rows are the headline judgements (overall, help and protection, children in
care, care leavers, leadership, LSCB), aligned across families by
:mod:`ofsted_reader.headline`.  Each grade carries a mark against the council's
previous grade for that judgement (``↑`` better, ``↓`` worse, ``=`` the same;
:func:`ofsted_reader.library.trends`), so improvement reads without colour.
←/→ (or h/l) pick an inspection, Enter opens it, Esc goes back to the table.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from ofsted_reader.headline import COLUMNS, TITLES
from ofsted_reader.index import Summary
from ofsted_reader.library import BETTER, SAME, WORSE
from ofsted_reader.tui.commands import ScreenCommands
from ofsted_reader.tui.help import bindings_of, key_rows
from ofsted_reader.tui.messages import OpenReport
from ofsted_reader.tui.widgets.bars import KeyBar, TopBar
from ofsted_reader.tui.widgets.history_grid import HistoryGrid
from ofsted_reader.tui.widgets.library_table import family_text, short_date
from ofsted_reader.tui.render import one_line

ROWS = ("overall", *COLUMNS)
ROW_TITLES = {"overall": "Overall", **TITLES}
LABEL_WIDTH = 18
class HistoryScreen(Screen[None]):
    """One council's inspections from the folder, side by side."""

    AUTO_FOCUS = "#grid"
    COMMANDS = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="history.open"),
        Binding("escape", "back", "Back", id="history.back"),
        Binding("question_mark", "help", "Help", id="history.help"),
    ]
    DEFAULT_CSS = """
    HistoryScreen { layout: vertical; }
    HistoryScreen > #legend { padding: 1 1 0 1; color: $text-muted; }
    """

    def __init__(self, council: str, reports: list[Summary], *, current: str | None = None, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}
        self.council = council
        self.reports = reports
        selected = next((i for i, r in enumerate(reports) if r.sha == current), len(reports) - 1)
        self.grid = HistoryGrid(reports, max(0, selected), id="grid")

    @property
    def extra_keys(self) -> list[tuple[str, str]]:
        return [("← →", "choose")]

    def compose(self):
        yield TopBar(id="topbar")
        yield self.grid
        yield Static(
            Text(f"{BETTER} better than the council's grade before   {WORSE} worse   {SAME} the same   · not judged"),
            id="legend",
        )
        yield KeyBar()

    def status_text(self) -> tuple[Text, Text]:
        count = len(self.reports)
        left = Text(one_line(self.council), style="bold")
        left.append(f" · {count} inspection{'s' if count != 1 else ''} in this folder")
        right = Text()
        if self.reports:
            chosen = self.reports[self.grid.selected]
            right.append("chosen: ")
            right.append(f"{family_text(chosen.family)} {short_date(chosen.sort_date)}", style=Style(bold=True))
        return left, right

    def action_open(self) -> None:
        if self.reports:
            self.post_message(OpenReport(self.reports[self.grid.selected]))

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        rows = key_rows(bindings_of([type(self), type(self.app)], self.keymap), self.app)
        rows += key_rows(bindings_of([HistoryGrid], self.keymap), self.app)
        marks = [(BETTER, "A better grade than the council's previous grade for this judgement"),
                 (WORSE, "A worse grade"), (SAME, "The same grade"), ("·", "Not judged in that report"),
                 ("POS INC SYS", "An area SEND outcome (Kind SEND): marked only against the area's previous outcome, "
                                 "never against a children's services grade")]
        self.app.push_screen(HelpScreen([("Council history", rows), ("Marks", marks)], title="History keys"))
