"""The library table: one row per report, sortable, filterable, drawn line by line.

Hundreds of rows must paint at once, so this is a line-API ``ScrollView``
(after toolong's log lines): nothing is mounted per row, and a row becomes text
only when it scrolls into view (cached per width and theme).  Which columns
show, and how they are titled, follows the width (:func:`layout_for`), so at 80
columns every headline badge still shows, abbreviated but never cut.

Grades are words (``OUT`` ``GOOD`` ``RI`` ``ADEQ`` ``INAD``; an area SEND outcome ``POS``
``INC`` ``SYS``, in the overall column beside a "Kind" column that tells the two kinds of
inspection apart, and never sorted in among the four grades) and the cursor row
carries a ``▸`` as well as a colour, so the table reads right without colour.
Council names and dates are report text: they go in as inert ``Text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Callable, ClassVar, Mapping

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from ofsted_reader.grades import badge, scale_of
from ofsted_reader.headline import TITLES
from ofsted_reader.index import Summary
from ofsted_reader.library import region_of
from ofsted_reader.model import Grade
from ofsted_reader.tui.render import badge_text, one_line
from ofsted_reader.tui.styling import component_style
from ofsted_reader.tui.vim import DoublePress

GRADE_COLUMNS = ("overall", "help", "care", "leavers", "leaders", "lscb")
FULL_TITLES = {"overall": "Overall", **TITLES, "council": "Council", "family": "Family", "kind": "Kind of inspection", "date": "Inspected",
               "warnings": "Warnings", "file": "File"}
"""Column names in words (the top bar, the help screen, the sort notice)."""

MEDIUM_MIN = 112
FILE_MIN = 140
WIDE_MIN = 180
FULL_MIN = 210
"""Widths from which the table uses longer titles and dates; then the file name; then dates as
printed and councils' names in full; then the judgements' full titles.  Each step is taken only
where the file name keeps at least the room it had at ``FILE_MIN`` (it tells two reports of one
council in one year apart)."""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    """Cells; 0 for the one flexible column (the council, or the file name when there is one)."""
    align: str = "left"


def layout_for(width: int) -> list[Column]:
    """The columns for a table ``width`` cells wide (the council, or from ``FILE_MIN`` the file
    name, takes what is left)."""
    if width >= FULL_MIN:
        titles = {"overall": "Overall", "help": "Help & protection", "care": "Children in care",
                  "leavers": "Care leavers", "leaders": "Leadership", "lscb": "LSCB"}
    elif width >= MEDIUM_MIN:
        titles = {"overall": "Overall", "help": "Help", "care": "In care", "leavers": "Leavers",
                  "leaders": "Leaders", "lscb": "LSCB"}
    else:
        titles = {"overall": "Ovrl", "help": "Help", "care": "Care", "leavers": "Lvrs", "leaders": "Lead", "lscb": "LSCB"}
    if width >= WIDE_MIN:
        council, date_col = Column("council", "Council", 32), Column("date", "Inspection dates", 30)
    else:
        council = Column("council", "Council", 28 if width >= FILE_MIN else 0)
        date_col = Column("date", "Inspected", 11 if width >= MEDIUM_MIN else 9)
    columns = [council, Column("family", "Family", 6), Column("kind", "Kind", 4), date_col]
    columns += [Column(key, titles[key], max(4, len(titles[key]))) for key in GRADE_COLUMNS]
    columns.append(Column("warnings", "Warnings" if width >= FULL_MIN else "Warn", 8 if width >= FULL_MIN else 4, "right"))
    if width >= FILE_MIN:
        columns.append(Column("file", "File", 0))
    return columns


GUTTER = 2
"""The cursor mark ``▸`` and a space before the first column."""


def council_width(columns: list[Column], width: int) -> int:
    """Cells for the flexible column (the council, or the file name when wide)."""
    fixed = sum(c.width + 1 for c in columns if c.width) + GUTTER
    return max(8, width - fixed)  # the last column's trailing space falls off the edge


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(iso: str, *, day: bool = False) -> str:
    """``2013-07-15`` → ``Jul 2013`` (or ``15 Jul 2013``); unknown dates are ``?``."""
    try:
        d = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return "?"
    text = f"{_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {text}" if day else text


def family_text(family: str) -> str:
    return "other" if family == "UNKNOWN" else "SEND" if family == "AREA_SEND" else family


def kind_text(family: str, *, wide: bool = False) -> str:
    """The kind of inspection: a council's children's services (SLAC, SIF, LSCB, ILACS) or an area
    SEND inspection of its local area partnership; their grades are on different scales."""
    if family == "AREA_SEND":
        return "Area SEND" if wide else "SEND"
    if family == "UNKNOWN":
        return "other"
    return "Children's services" if wide else "CS"


def grade_of(row: Summary, key: str) -> Grade | None:
    return row.overall if key == "overall" else row.headline.get(key)


# --------------------------------------------------------------------------- sorting and filtering


def sort_rows(rows: list[Summary], key: str, reverse: bool = False) -> list[Summary]:
    """Rows ordered by a column; ties by council then date; rows without a value always last."""
    base = sorted(rows, key=lambda r: (r.name.casefold(), r.sort_date, r.path))

    def value(row: Summary):
        if key == "council":
            return row.name.casefold()
        if key == "family":
            return row.family
        if key == "kind":
            return kind_text(row.family)
        if key == "date":
            return row.sort_date or None
        if key == "warnings":
            return row.warnings
        if key == "file":
            return PurePath(row.path).name.casefold() if row.path else None
        grade = grade_of(row, key)
        # A grade sorts among its own scale's: the area SEND outcomes after the four grades.
        return (scale_of(grade) == "send", grade.rank) if grade is not None and grade.rank is not None else None

    present = [r for r in base if value(r) is not None]
    missing = [r for r in base if value(r) is None]
    present.sort(key=value, reverse=reverse)  # stable: ties keep council order
    return present + missing


def haystack(row: Summary) -> str:
    """What the filter matches: names, family, dates, grades (as badges and words), file name."""
    grades = [g for g in [row.overall, *row.headline.values()] if g is not None]
    parts = [row.name, row.council, row.la_code, row.family, kind_text(row.family, wide=True), row.inspection_dates, row.sort_date,
             short_date(row.sort_date, day=True),
             PurePath(row.path).name if row.path else row.source_name]
    parts += [badge(g) for g in grades] + [g.label for g in grades]
    return " ".join(one_line(p) for p in parts if p).casefold()


def matches(text: str) -> Callable[[Summary], bool]:
    """Every word of the filter must appear somewhere in the row."""
    words = text.casefold().split()

    def test(row: Summary) -> bool:
        hay = haystack(row)
        return all(word in hay for word in words)

    return test


# --------------------------------------------------------------------------- widgets


class TableHeader(Widget):
    """The column titles, the sorted one underlined (the top bar says it in words)."""

    DEFAULT_CSS = """
    TableHeader { height: 1; background: $panel; color: $foreground; text-style: bold; }
    """

    def __init__(self, table: LibraryTable, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table

    def render(self) -> Text:
        table = self.table
        columns = table.columns
        out = Text(" " * GUTTER, no_wrap=True, overflow="crop")
        flex = council_width(columns, table.row_width)
        for column in columns:
            width = column.width or flex
            title = column.title[:width]
            cell = title.rjust(width) if column.align == "right" else title.ljust(width)
            style = Style(underline=True) if column.key == table.sort_key else Style()
            out.append(cell, style=style)
            out.append(" ")
        return out


class LibraryTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of :class:`~ofsted_reader.index.Summary`, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Letters and digits filter (a council's name is typed as it is printed, "Kent" or
        # "kent"), so moving is the arrows and paging keys only.
        Binding("down", "cursor(1)", "Next report", show=False, id="library.down"),
        Binding("up", "cursor(-1)", "Previous report", show=False, id="library.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="library.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="library.page-up"),
        Binding("home", "first", "First report", show=False, id="library.first"),
        Binding("end", "last", "Last report", show=False, id="library.last"),
    ]
    DEFAULT_CSS = """
    LibraryTable { scrollbar-size-vertical: 1; scrollbar-gutter: stable; overflow-x: hidden; }
    LibraryTable > .library--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    LibraryTable:blur > .library--cursor { background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground; text-style: bold; }
    LibraryTable > .library--dim { color: $text-muted; }
    LibraryTable:nocolor > .library--cursor { text-style: reverse bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"library--cursor", "library--dim"}

    class Moved(Message):
        """The cursor is on another report (or none)."""

    def __init__(self, rows: list[Summary], *, sort_key: str = "council", reverse: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_rows: list[Summary] = list(rows)
        self.sort_key = sort_key
        self.reverse = reverse
        self.filter_text = ""
        self.council_region = ""
        """Only rows about councils of this region ("" for all)."""
        self.rows: list[Summary] = []
        """The rows shown: filtered and sorted."""
        self.cursor = 0
        self.columns: list[Column] = layout_for(80)
        self.row_width = 80
        self._lines: dict[tuple[str, str, bool, int], Strip] = {}
        self._theme_key: object = None
        self._g = DoublePress()
        self.refilter()

    # -- data ------------------------------------------------------------------

    @property
    def current(self) -> Summary | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def refilter(self, keep: str | None = None) -> None:
        """Sort and filter again; the cursor stays on ``keep`` (a path), else on the current row."""
        current = self.current
        keep = keep if keep is not None else (current.path if current else None)
        test = matches(self.filter_text) if self.filter_text.strip() else None
        rows = [r for r in self.all_rows if (test is None or test(r)) and (not self.council_region or region_of(r) == self.council_region)]
        self.rows = sort_rows(rows, self.sort_key, self.reverse)
        index = next((i for i, r in enumerate(self.rows) if r.path == keep), None) if keep else None
        self.cursor = index if index is not None else min(self.cursor, max(0, len(self.rows) - 1))
        self._lines.clear()
        self.virtual_size = Size(self.row_width, len(self.rows))
        self.refresh()
        if self.is_mounted:
            self.call_after_refresh(self._show_cursor, True)
        self.post_message(self.Moved())

    def add_rows(self, rows: list[Summary]) -> None:
        """Rows finished in the background: added where the order puts them; the cursor stays put."""
        paths = {r.path for r in rows}
        self.all_rows = [r for r in self.all_rows if r.path not in paths] + list(rows)
        self.refilter()

    def set_sort(self, key: str, reverse: bool) -> None:
        """Order by another column: the list shows from its first row, and the report the cursor
        was on keeps it only if the new order puts it on that first page (else the first row has it)."""
        self.sort_key, self.reverse = key, reverse
        self.refilter()
        height = self.scrollable_content_region.height
        if height > 0 and self.cursor >= height:
            self.move_to(0)

    def set_region(self, region: str) -> None:
        self.council_region = region
        self.refilter()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self.refilter()

    def select_path(self, path: str) -> None:
        index = next((i for i, r in enumerate(self.rows) if r.path == path), None)
        if index is not None:
            self.move_to(index)

    # -- layout ----------------------------------------------------------------

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width != self.row_width:
            self._relayout(width)
        self._show_cursor()

    def _relayout(self, width: int) -> None:
        self.row_width = width
        self.columns = layout_for(width + 1)  # the scrollbar's cell counts for the layout choice
        self._lines.clear()
        self.virtual_size = Size(width, len(self.rows))
        if self.is_attached:
            self.screen.query(TableHeader).refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    # -- moving ----------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index != self.cursor:
            old, self.cursor = self.cursor, index
            self.refresh_line(old)
            self.refresh_line(index)
            self.post_message(self.Moved())
        self._show_cursor()

    def refresh_line(self, index: int) -> None:
        for key in [k for k in self._lines if k[2]]:
            del self._lines[key]
        y = index - int(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh_lines(y)

    def _show_cursor(self, from_the_top: bool = False) -> None:
        """Scroll the cursor row into view (as little as it takes).  ``from_the_top`` (the rows
        were sorted or filtered again): the first page if the cursor is on it, so the list is
        seen from its first row rather than from wherever the old order was scrolled to."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = int(self.scroll_offset.y)
        if from_the_top and self.cursor < height:
            if top:
                self.scroll_to(y=0, animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.move_to(self.cursor + step * height)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.rows):
            self.move_to(index)

    # -- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width or self.size.width
        if width != self.row_width:
            self._relayout(width)
        base = self.rich_style
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        on_cursor = index == self.cursor
        theme = (self.app.theme, self.has_focus)
        if theme != self._theme_key:
            self._theme_key = theme
            self._lines.clear()
        key = (row.path, row.sha, on_cursor, width)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(row, on_cursor, width)
            self._lines[key] = strip
        return strip

    def _render_row(self, row: Summary, on_cursor: bool, width: int) -> Strip:
        text = self.row_text(row, self.app.theme_variables)
        style = self.rich_style
        if on_cursor:
            # The cursor row is one colour (grade colours would fight it; the words carry
            # the grade) and marked with ▸, which shows without colour too.
            style = style + self.get_component_rich_style("library--cursor")
            text = Text("▸" + text.plain[1:], style=style, no_wrap=True, overflow="crop")
        strip = Strip(list(text.render(self.app.console)))
        return strip.crop_extend(0, width, style).apply_style(style)

    def row_text(self, row: Summary, variables: Mapping[str, str]) -> Text:
        """One row as text (also what tests read)."""
        columns = self.columns
        flex = council_width(columns, self.row_width)
        dim = component_style(self, "library--dim") if self.is_mounted else Style(dim=True)
        out = Text(" " * GUTTER, no_wrap=True, overflow="crop")
        for column in columns:
            width = column.width or flex
            cell = self._cell(row, column, variables, dim)
            if cell.cell_len > width:
                cell.truncate(width, overflow="ellipsis")
            pad = width - cell.cell_len
            if column.align == "right":
                out.append(" " * pad)
                out.append_text(cell)
            else:
                out.append_text(cell)
                out.append(" " * pad)
            out.append(" ")
        return out

    def _cell(self, row: Summary, column: Column, variables: Mapping[str, str], dim: Style) -> Text:
        key = column.key
        if key == "council":
            wide = self.row_width + 1 >= WIDE_MIN
            return Text(one_line(row.council if wide and row.council else row.name))
        if key == "file":
            return Text(one_line(PurePath(row.path).name if row.path else row.source_name), style=dim)
        if key == "family":
            return Text(family_text(row.family))
        if key == "kind":
            return Text(kind_text(row.family))
        if key == "date":
            if column.width >= 30:
                return Text(one_line(row.inspection_dates) or short_date(row.sort_date, day=True))
            return Text(short_date(row.sort_date, day=column.width >= 11))
        if key == "warnings":
            return Text(str(row.warnings), style=dim if not row.warnings else "")
        grade = grade_of(row, key)
        if grade is None:
            return Text("·", style=dim)
        return badge_text(grade, variables, pad=False)
