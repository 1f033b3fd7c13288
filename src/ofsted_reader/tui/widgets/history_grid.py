"""A council's inspections side by side: one column per report, oldest on the left, scrolled
sideways so the chosen inspection is always in view (see :mod:`..screens.history`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget

from ofsted_reader.headline import COLUMNS, TITLES
from ofsted_reader.index import Summary
from ofsted_reader.library import SAME, trends
from ofsted_reader.tui.render import badge_text, one_line
from ofsted_reader.tui.styling import component_styles
from ofsted_reader.tui.widgets.bars import TopBar
from ofsted_reader.tui.widgets.library_table import family_text, grade_of, kind_text, short_date


ROWS = ("overall", *COLUMNS)


ROW_TITLES = {"overall": "Overall", **TITLES}


LABEL_WIDTH = 18


COLUMN_WIDTH = 10


PREDECESSOR = "←"
"""Marks an inspection of a council the chosen one took over (its predecessor)."""


class HistoryGrid(Widget, can_focus=True):
    """The grid itself, scrolled sideways so the chosen inspection is always in view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l,right", "move(1)", "Next (later) inspection", show=False, id="history.next"),
        Binding("h,left", "move(-1)", "Previous (earlier) inspection", show=False, id="history.previous"),
        Binding("home", "move(-1000)", "Earliest inspection", show=False, id="history.first"),
        Binding("G,end", "move(1000)", "Latest inspection", show=False, id="history.last"),
    ]
    DEFAULT_CSS = """
    HistoryGrid { height: auto; padding: 1 1 0 1; }
    HistoryGrid > .history--selected { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    HistoryGrid > .history--dim { color: $text-muted; }
    HistoryGrid:nocolor > .history--selected { text-style: reverse bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"history--selected", "history--dim"}

    def __init__(self, reports: list[Summary], selected: int, *, council_key: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reports = reports
        self.council_key = council_key
        """The council whose history this is; reports of others are its predecessors', marked."""
        self.marks = trends(reports, ROWS)
        self.selected = selected
        present = {key for r in reports for key in ROWS if grade_of(r, key) is not None}
        self.rows = [key for key in ROWS if key in present or key == "overall"]
        self.first = 0
        """Index of the leftmost inspection shown."""

    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self.reports) - 1, self.selected + step))
        self.refresh(layout=True)
        self.screen.query(TopBar).refresh()

    def _window(self, width: int) -> tuple[int, int]:
        fits = max(1, (width - LABEL_WIDTH - 1) // (COLUMN_WIDTH + 1))
        if self.selected < self.first:
            self.first = self.selected
        elif self.selected >= self.first + fits:
            self.first = self.selected - fits + 1
        self.first = max(0, min(self.first, max(0, len(self.reports) - fits)))
        return self.first, min(len(self.reports), self.first + fits)

    def render(self) -> Text:
        width = self.content_region.width or 80
        start, end = self._window(width)
        variables = self.app.theme_variables
        selected_style, dim = component_styles(self, "history--selected", "history--dim")
        lines: list[Text] = []

        def line(label: str | Text, cells: list[Text]) -> Text:
            out = Text(no_wrap=True, overflow="crop")
            out.append_text(label if isinstance(label, Text) else Text(label.ljust(LABEL_WIDTH)[:LABEL_WIDTH], style="bold"))
            out.append(" ")
            for index, cell in zip(range(start, end), cells):
                cell.truncate(COLUMN_WIDTH, overflow="ellipsis", pad=True)
                if index == self.selected:
                    cell.stylize(selected_style)
                out.append_text(cell)
                out.append(" ")
            return out

        more_left = f"◂ {start} earlier" if start else ""
        more_right = f"{len(self.reports) - end} later ▸" if end < len(self.reports) else ""
        marker = [Text("▾ chosen" if i == self.selected else "", style="bold") for i in range(start, end)]
        lines.append(line(Text(more_left.ljust(LABEL_WIDTH), style=dim), marker))
        lines.append(line("Inspected", [Text(short_date(r.sort_date)) for r in self.reports[start:end]]))
        lines.append(line("Report", [Text(family_text(r.family)) for r in self.reports[start:end]]))
        lines.append(line("Kind", [Text(kind_text(r.family)) for r in self.reports[start:end]]))
        if self.council_key is not None and any(r.council_key != self.council_key for r in self.reports):
            # A predecessor's inspection (the council this one took over) says whose it was.
            lines.append(line("Council", [Text(f"{PREDECESSOR} {one_line(r.name)}", style="italic") if r.council_key != self.council_key
                                          else Text("this", style=dim) for r in self.reports[start:end]]))
        for key in self.rows:
            cells = []
            for index in range(start, end):
                report = self.reports[index]
                grade = grade_of(report, key)
                if grade is None:
                    cells.append(Text("·", style=dim))
                    continue
                cell = badge_text(grade, variables, pad=False)
                mark = self.marks[index].get(key)
                if mark:
                    cell.append(f" {mark}", style="bold" if mark != SAME else dim)
                cells.append(cell)
            lines.append(line(ROW_TITLES[key], cells))
        lines.append(line("Warnings", [Text(str(r.warnings), style=dim if not r.warnings else "") for r in self.reports[start:end]]))
        if more_right:
            lines.append(Text(" " * (LABEL_WIDTH + 1) + more_right, style=dim))
        return Text("\n").join(lines)
