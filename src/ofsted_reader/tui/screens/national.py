"""The national picture: for one judgement, how many councils held each grade, year by year.

One line per year of inspection, a small bar chart of four bars (Outstanding, Good,
Requires improvement or Adequate, Inadequate), each bar with its count beside it and the
grade named in the header, so it reads without colour.  Each council counts once a year
(its latest inspection that year that judged it: :func:`ofsted_reader.library.national_picture`);
only the families graded on the four-grade scale count.  ←/→ (h/l) choose the judgement;
the library's region, if one is chosen, narrows the picture to that region.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ofsted_reader.index import Summary
from ofsted_reader.library import YearPicture, national_picture
from ofsted_reader.model import Grade
from ofsted_reader.tui.commands import ScreenCommands
from ofsted_reader.tui.help import bindings_of, key_rows
from ofsted_reader.tui.render import grade_style
from ofsted_reader.tui.widgets.bars import KeyBar, TopBar
from ofsted_reader.tui.widgets.library_table import FULL_TITLES, GRADE_COLUMNS

GRADES = ((1, "Outstanding"), (2, "Good"), (3, "RI / Adequate"), (4, "Inadequate"))
"""The four grades in the order drawn; rank 3 is "Requires improvement" since 2013, "Adequate" before."""
STYLE_GRADE = {1: Grade("Outstanding", 1, ""), 2: Grade("Good", 2, ""), 3: Grade("Requires improvement", 3, ""),
               4: Grade("Inadequate", 4, "")}
YEAR_WIDTH = 6
TOTAL_WIDTH = 9
BAR = "█"


def picture_text(pictures: list[YearPicture], width: int, variables: dict[str, str] | None = None) -> Text:
    """The chart as text ``width`` cells wide: a header naming the grades, then a line per year."""
    variables = variables or {}
    cell = max(10, (width - YEAR_WIDTH - TOTAL_WIDTH) // len(GRADES))
    bar_room = cell - 5  # a space, the count (up to 3 digits) and a gap
    most = max((p.counts[rank] for p in pictures for rank, _ in GRADES), default=0)
    out = Text(no_wrap=True, overflow="crop")
    out.append("Year".ljust(YEAR_WIDTH), style="bold")
    for _, word in GRADES:
        out.append(word[:cell - 1].ljust(cell), style="bold")
    out.append("Councils".rjust(TOTAL_WIDTH - 1), style="bold")
    for picture in pictures:
        out.append("\n")
        out.append(picture.year.ljust(YEAR_WIDTH))
        for rank, _ in GRADES:
            count = picture.counts[rank]
            length = 0 if not count else max(1, round(count * bar_room / most))
            out.append(BAR * length, style=grade_style(STYLE_GRADE[rank], variables))
            out.append(f" {count}".ljust(cell - length))
        out.append(str(picture.councils).rjust(TOTAL_WIDTH - 1))
    if not pictures:
        out.append("\nNo report in view grades this judgement.")
    return out


class NationalPictureScreen(Screen[None]):
    """How many councils held each grade for one judgement, by year of inspection."""

    AUTO_FOCUS = "#chart-scroll"
    COMMANDS = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l,right", "judgement(1)", "Next judgement", id="national.next"),
        Binding("h,left", "judgement(-1)", "Previous judgement", show=False, id="national.previous"),
        Binding("escape", "back", "Back", id="national.back"),
        Binding("question_mark", "help", "Help", id="national.help"),
    ]
    DEFAULT_CSS = """
    NationalPictureScreen { layout: vertical; }
    NationalPictureScreen > #judgement { padding: 1 1 0 1; }
    NationalPictureScreen > VerticalScroll { height: 1fr; padding: 1 1 0 1; }
    NationalPictureScreen #legend { color: $text-muted; padding-top: 1; }
    """

    def __init__(self, rows: list[Summary], *, region: str = "", column: str = "overall", keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.council_region = region
        self.keymap = keymap or {}
        self.columns = [key for key in GRADE_COLUMNS if national_picture(rows, key)] or ["overall"]
        self.column = column if column in self.columns else self.columns[0]

    def compose(self):
        yield TopBar(id="topbar")
        yield Static(id="judgement")
        with VerticalScroll(id="chart-scroll"):
            yield Static(id="chart")
            yield Static(
                Text("Bars: councils holding each grade, from that year's inspections (each council once a year, "
                     "its latest). RI / Adequate: Requires improvement from 2013, Adequate before."),
                id="legend",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    @property
    def pictures(self) -> list[YearPicture]:
        return national_picture(self.rows, self.column)

    def draw(self) -> None:
        line = Text("Judgement: ", style="bold")
        index = self.columns.index(self.column)
        line.append("◂ " if len(self.columns) > 1 else "")
        line.append(FULL_TITLES[self.column], style="bold reverse")
        line.append(" ▸" if len(self.columns) > 1 else "")
        line.append(f"   ({index + 1} of {len(self.columns)}; ← → choose)")
        self.query_one("#judgement", Static).update(line)
        width = max(40, self.size.width - 3)
        self.query_one("#chart", Static).update(picture_text(self.pictures, width, self.app.theme_variables))
        self.query_one(TopBar).refresh()

    def status_text(self) -> tuple[Text, Text]:
        left = Text("National picture" if not self.council_region else f"{self.council_region}: picture", style="bold")
        left.append(f" · {FULL_TITLES[self.column]}")
        pictures = self.pictures
        right = Text(f"{len(pictures)} year{'s' if len(pictures) != 1 else ''}, {sum(p.councils for p in pictures)} council grades")
        return left, right

    def action_judgement(self, step: int) -> None:
        index = self.columns.index(self.column)
        self.column = self.columns[(index + step) % len(self.columns)]
        self.draw()

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        rows = key_rows(bindings_of([type(self), type(self.app)], self.keymap), self.app)
        rows += [("↑ ↓ PgUp PgDn", "Scroll the years")]
        legend = [(word, f"councils graded {word} that year (the count is printed beside the bar)") for _, word in GRADES]
        self.app.push_screen(HelpScreen([("National picture", rows), ("Bars", legend)], title="National picture keys"))
