"""The findings sidebar (right): judgements, recommendations, consistency warnings.

One keyboard-navigable list.  Judgement rows read ``<key> <BADGE> <name>``; the
rows for the open section carry a ``▶`` marker (a glyph, so it shows without
colour).  Enter on a row with a section opens it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ofsted_reader.grades import scale_of
from ofsted_reader.headline import short_title
from ofsted_reader.model import Judgement, Report
from ofsted_reader.tui.render import Hanging, badge_text, one_line
from ofsted_reader.tui.vim import DoublePress

MARKER = "▶"


@dataclass(frozen=True)
class Row:
    """What a selectable row stands for."""

    kind: str
    """``judgement``, ``recommendation`` or ``warning``."""
    index: int
    section: str | None
    label: str


def _heading(text: str) -> Hanging:
    """A group heading (a part, or part · timescale), wrapped under itself."""
    return Hanging(Text(one_line(text), style="italic"), " ", 1)


class FindingsList(OptionList):
    """Judgement table, then recommendations grouped by part and timescale, then warnings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next row", show=False, id="findings.down"),
        Binding("k,up", "cursor_up", "Previous row", show=False, id="findings.up"),
        Binding("g", "first_row", "First row (g g)", show=False, id="findings.first"),
        Binding("G,end", "last", "Last row", show=False, id="findings.last"),
        Binding("h,left", "screen.focus_pane('paragraphs')", "Focus the paragraphs", show=False, id="findings.left"),
        Binding("enter,l", "select", "Open the row's section (a recommendation: its own item)", show=False, id="findings.open"),
    ]

    DEFAULT_CSS = """
    FindingsList {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
        & > .option-list--option-disabled { color: $text-secondary; text-style: bold; }
    }
    FindingsList:focus { border: none; }
    """

    class Jump(Message):
        """Open a section from the sidebar."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, report: Report, hotkeys: list[tuple[str, Judgement]], *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.report = report
        self.hotkeys = hotkeys
        self.key_width = max((len(k) for k, _ in hotkeys), default=1)
        self.rows: dict[str, Row] = {}
        self.current_section: str | None = None
        self._g = DoublePress()

    def on_mount(self) -> None:
        self.rebuild()

    # -- building ----------------------------------------------------------------

    def _recommendations_heading(self) -> Text:
        """"Recommendations (25)"; with the parts' shares when they are in more than one part
        (a SIF report's 25 are the council's 19 and its LSCB's 6, which reports count apart)."""
        recommendations = self.report.recommendations
        parts = (self._part_title(rec.section) for rec in recommendations)
        shares = Counter(short_title(part) if part else "other" for part in parts)
        heading = Text(f"Recommendations ({len(recommendations)})")
        if len(shares) > 1:
            heading.append(": " + ", ".join(f"{count} {one_line(part)}" for part, count in shares.items()), style="dim")
        return heading

    def _part_title(self, section_id: str | None) -> str | None:
        if not section_id:
            return None
        top = section_id.split("/")[0]
        section = next((s for s in self.report.sections if s.id == top), None)
        return section.title if section is not None and section.children else None

    def _judgement_prompt(self, key: str, judgement: Judgement) -> RenderableType:
        marked = judgement.section is not None and judgement.section == self.current_section
        prefix = Text.assemble(
            (MARKER if marked else " ", "bold"),
            (key.ljust(self.key_width), "bold"),
            " ",
            badge_text(judgement.grade, self.app.theme_variables),
            " ",
        )
        return Hanging(Text(one_line(judgement.name)), prefix, prefix.cell_len)

    def _recommendation_prompt(self, index: int) -> RenderableType:
        rec = self.report.recommendations[index]
        marked = rec.section is not None and rec.section == self.current_section
        number = f"{rec.number}. " if rec.number is not None else "• "
        prefix = Text.assemble((MARKER if marked else " ", "bold"), number)
        return Hanging(Text(one_line(rec.text)), prefix, prefix.cell_len)

    def rebuild(self) -> None:
        """Build every row (again: after a theme change badge colours change)."""
        if not self.is_attached:
            return  # built on mount
        highlighted = self.highlighted
        options: list[Option | None] = []
        self.rows.clear()
        if self.hotkeys:
            options.append(Option(Text(f"Judgements ({len(self.hotkeys)})"), disabled=True))
            last_part: str | None = None
            for index, (key, judgement) in enumerate(self.hotkeys):
                part = self._part_title(judgement.section)
                if part and part != last_part:
                    options.append(Option(_heading(part), disabled=True))
                    last_part = part
                row_id = f"j{index}"
                self.rows[row_id] = Row("judgement", index, judgement.section, judgement.name)
                options.append(Option(self._judgement_prompt(key, judgement), id=row_id))
        if self.report.overall is not None:
            overall = Text(" Outcome: " if scale_of(self.report.overall) == "send" else " Overall: ")
            overall.append_text(badge_text(self.report.overall, self.app.theme_variables, pad=False))
            overall.append(" ")
            options.append(Option(Hanging(Text(self.report.overall.label), overall, overall.cell_len), disabled=True))
        elif self.hotkeys and self.report.family in ("ILACS", "SIF"):
            options.append(Option(Text(" Overall: none given in this report", style="dim"), disabled=True))
        if self.report.recommendations:
            options.append(None)
            options.append(Option(self._recommendations_heading(), disabled=True))
            last_group: tuple[str, ...] | None = None
            titles = {s.id: s.title for s in self.report.walk()}
            for index, rec in enumerate(self.report.recommendations):
                # The part it is in, its topic and timescale; else the heading it is printed under
                # ("What needs to improve?"), so a council's and its LSCB's lists are told apart.
                pieces: list[str] = []
                for piece in (self._part_title(rec.section), rec.group, rec.timescale, rec.partner):
                    if piece and piece.casefold() not in (p.casefold() for p in pieces):
                        pieces.append(piece)
                if not pieces:
                    pieces.append(titles.get(rec.section or "", "") or "Other")
                group = tuple(pieces)
                if group != last_group:
                    options.append(Option(_heading(" · ".join(one_line(x) for x in pieces)), disabled=True))
                    last_group = group
                row_id = f"r{index}"
                self.rows[row_id] = Row("recommendation", index, rec.section, rec.text)
                options.append(Option(self._recommendation_prompt(index), id=row_id))
        if self.report.warnings:
            options.append(None)
            options.append(Option(Text(f"Consistency warnings ({len(self.report.warnings)})"), disabled=True))
            for index, warning in enumerate(self.report.warnings):
                row_id = f"w{index}"
                self.rows[row_id] = Row("warning", index, None, warning)
                options.append(Option(Hanging(Text(one_line(warning)), Text(" ! ", style="bold"), 3), id=row_id))
        self.set_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted
        else:
            first = next((row_id for row_id, row in self.rows.items() if row.section and row.section == self.current_section), None)
            if first is not None:
                self.highlighted = self.get_option_index(first)

    def mark(self, section_id: str | None) -> None:
        """Mark the rows of the open section (or, for a part's summary or findings, of the nearest
        section above it that has rows); move the highlight there if the list is not in use."""
        # Sections with rows, from the report (the rows themselves are built on mount).
        sections = {j.section for _, j in self.hotkeys if j.section} | {r.section for r in self.report.recommendations if r.section}
        while section_id is not None and section_id not in sections and "/" in section_id:
            section_id = section_id.rsplit("/", 1)[0]
        if section_id not in sections:
            section_id = None
        if section_id == self.current_section:
            return
        previous, self.current_section = self.current_section, section_id
        first: str | None = None
        for row_id, row in self.rows.items():
            if row.section is None or row.section not in (previous, section_id):
                continue
            if row.kind == "judgement":
                key, judgement = self.hotkeys[row.index]
                self.replace_option_prompt(row_id, self._judgement_prompt(key, judgement))
            elif row.kind == "recommendation":
                self.replace_option_prompt(row_id, self._recommendation_prompt(row.index))
            if first is None and row.section == section_id:
                first = row_id
        if first is not None and not self.has_focus:
            self.highlighted = self.get_option_index(first)

    def highlight_judgement(self, judgement: Judgement) -> None:
        """Put the highlight on a judgement's row (its grade hotkey was pressed)."""
        for row_id, row in self.rows.items():
            if row.kind == "judgement" and self.hotkeys[row.index][1] is judgement:
                self.highlighted = self.get_option_index(row_id)
                return

    def marked_rows(self) -> list[str]:
        """Ids of the rows marked as the open section's (for tests and the help text)."""
        return [row_id for row_id, row in self.rows.items() if row.section is not None and row.section == self.current_section]

    # -- keys --------------------------------------------------------------------

    def action_first_row(self) -> None:
        if self._g.press():
            self.action_first()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows.get(event.option.id or "")
        if row is not None:
            self.post_message(self.Jump(row))
