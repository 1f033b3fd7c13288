"""A council beside its ten statistical neighbours: each one's latest grades in the folder.

The neighbours are the DfE's (from the council register, :mod:`ofsted_reader.register`),
closest first.  A neighbour with no report in the folder is listed, saying so, not left
out.  Grades are words (``GOOD``, ``RI``…), so the table reads right without colour.
Enter opens the row's report; Esc goes back to the library.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable

from ofsted_reader.index import Summary
from ofsted_reader.library import neighbours_of
from ofsted_reader.register import Council
from ofsted_reader.tui.commands import ScreenCommands
from ofsted_reader.tui.help import bindings_of, key_rows
from ofsted_reader.tui.messages import OpenReport
from ofsted_reader.tui.render import badge_text, one_line
from ofsted_reader.tui.widgets.bars import KeyBar, TopBar
from ofsted_reader.tui.widgets.library_table import GRADE_COLUMNS, family_text, grade_of, short_date

COLUMN_TITLES = {"overall": "Ovrl", "help": "Help", "care": "Care", "leavers": "Lvrs", "leaders": "Lead", "lscb": "LSCB"}
NO_REPORT = "no report"
"""What a neighbour with no report in the folder shows where its inspection date would be."""
COUNCIL_MIN, COUNCIL_MAX = 14, 36
"""Cells for the council's name: what the other columns leave, within these bounds."""


class NeighboursTable(DataTable):
    """The neighbours' rows, with vim keys beside the arrows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next council", show=False, id="neighbours.down"),
        Binding("k", "cursor_up", "Previous council", show=False, id="neighbours.up"),
    ]


class NeighboursScreen(Screen[None]):
    """One council and its statistical neighbours, each with its latest report's grades."""

    AUTO_FOCUS = "#neighbours"
    COMMANDS = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="neighbours.open", tooltip="Open the council's latest report"),
        Binding("escape", "back", "Back", id="neighbours.back"),
        Binding("question_mark", "help", "Help", id="neighbours.help"),
    ]
    DEFAULT_CSS = """
    NeighboursScreen { layout: vertical; }
    NeighboursScreen > NeighboursTable { height: 1fr; }
    """

    extra_keys = [("⏎", "open"), ("↑ ↓", "choose")]
    """Shown in the key bar (Enter is the table's own key while it has focus)."""

    def __init__(self, council: Council, rows: list[Summary], *, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.council = council
        self.keymap = keymap or {}
        self.entries = neighbours_of(rows, council)
        """(council, its latest report or None), the council itself first."""

    def compose(self):
        yield TopBar(id="topbar")
        table = NeighboursTable(id="neighbours", cursor_type="row", zebra_stripes=False)
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(NeighboursTable)
        present = {key for _, row in self.entries if row for key in GRADE_COLUMNS if grade_of(row, key) is not None}
        self.columns = [key for key in GRADE_COLUMNS if key in present or key == "overall"]
        # Every grade column shows at 80 columns: the council's name takes what the others leave.
        fixed = (4 + 2) + (9 + 2) + (6 + 2) + 6 * len(self.columns) + 2
        council_width = max(COUNCIL_MIN, min(COUNCIL_MAX, self.app.size.width - fixed - 2))
        table.add_column("#", key="rank", width=4)
        table.add_column("Council", key="council", width=council_width)
        table.add_column("Inspected", key="date", width=9)
        table.add_column("Family", key="family", width=6)
        for key in self.columns:
            table.add_column(COLUMN_TITLES[key], key=key, width=4)
        variables = self.app.theme_variables
        for index, (council, row) in enumerate(self.entries):
            rank = Text("this", style="bold") if index == 0 else Text(str(index))
            name = Text(one_line(council.name), style="bold" if index == 0 else "")
            name.truncate(council_width, overflow="ellipsis")
            if row is None:
                cells = [rank, name, Text(NO_REPORT, style="italic"), Text("")] + [Text("") for _ in self.columns]
            else:
                cells = [rank, name, Text(short_date(row.sort_date)), Text(family_text(row.family))]
                for key in self.columns:
                    grade = grade_of(row, key)
                    cells.append(badge_text(grade, variables, pad=False) if grade is not None else Text("·"))
            table.add_row(*cells, key=council.id)

    def status_text(self) -> tuple[Text, Text]:
        left = Text(one_line(self.council.name), style="bold")
        left.append(" · statistical neighbours")
        found = sum(1 for _, row in self.entries[1:] if row is not None)
        right = Text(f"{found} of {len(self.entries) - 1} with a report here")
        return left, right

    @property
    def current(self) -> tuple[Council, Summary | None] | None:
        table = self.query_one(NeighboursTable)
        row = table.cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def action_open(self) -> None:
        current = self.current
        if current is None:
            return
        council, row = current
        if row is None:
            self.notify(f"{council.name}: {NO_REPORT}.", markup=False, timeout=3)
            return
        self.post_message(OpenReport(row))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        rows = key_rows(bindings_of([type(self), type(self.app)], self.keymap), self.app)
        rows += [("↑ ↓ j k", "Move between the councils")]
        legend = [("this", "The council you came from; 1–10 its statistical neighbours, closest first (DfE)"),
                  ("·", "Not judged in that report"),
                  (NO_REPORT, "The folder holds no report about that council (it is listed all the same)")]
        self.app.push_screen(HelpScreen([("Statistical neighbours", rows), ("Columns", legend)], title="Neighbours keys"))
