"""Report text → Rich renderables: hanging indents, bullets, badges, search highlights.

Report text is data.  Everything here builds ``rich.text.Text`` objects from
:func:`~ofsted_reader.textsafe.inert` strings — never markup — so ``[bold]`` or
``[link=…]`` in a report is shown as those characters, and escape bytes are
shown as visible placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ofsted_reader.grades import INCONSISTENT, POSITIVE, SYSTEMIC, badge
from ofsted_reader.model import Block, Grade, Report, Section
from ofsted_reader.textsafe import block_parts, inert

BULLET = "• "
SUB_BULLET = "– "
FOOTNOTE_RULE = "─" * 8
SHORT_COLUMN = 16
"""A table column no wider than this (a grade, a label, a number) is kept on one line when it can be."""

GRADE_VARIABLES = {1: "grade-outstanding", 2: "grade-good", 3: "grade-ri", 4: "grade-inadequate"}

SEND_VARIABLES = {POSITIVE: "grade-good", INCONSISTENT: "grade-ri", SYSTEMIC: "grade-inadequate"}
"""The area SEND outcomes are on their own three-level scale: coloured by what they mean, not by rank."""


def grade_variable(grade: Grade | None) -> str:
    """The theme variable that colours a grade (``grade-none`` for *Not judged*)."""
    if grade is not None and grade.label in SEND_VARIABLES:
        return SEND_VARIABLES[grade.label]
    return GRADE_VARIABLES.get(grade.rank if grade else None, "grade-none")  # type: ignore[arg-type]


@lru_cache(maxsize=256)
def _rich_colour(value: str):  # -> rich.color.Color | None
    from textual.color import Color, ColorParseError

    try:
        return Color.parse(value).rich_color
    except (ColorParseError, ValueError):
        return None


def grade_style(grade: Grade | None, variables: Mapping[str, str]) -> Style:
    """Bold text in the theme's colour for this grade; the badge words carry the meaning."""
    value = variables.get(grade_variable(grade))
    return Style(bold=True, color=_rich_colour(value) if value else None)


def badge_text(grade: Grade | None, variables: Mapping[str, str], *, pad: bool = True) -> Text:
    """``GOOD``/``OUT``/``RI``… styled by grade; padded to 4 cells so columns line up."""
    word = badge(grade)
    return Text(word.ljust(4) if pad else word, style=grade_style(grade, variables))


def plain(text: str) -> Text:
    """A Text of report text, made inert: never markup, never escape codes."""
    return Text(inert(text))


def one_line(text: str) -> str:
    return inert(text, newlines=False)


class Hanging:
    """``body`` wrapped to the width with ``prefix`` before its first line and the rest indented.

    Rich has no hanging indent, and Textual's padding would indent the first line too.
    """

    def __init__(self, body: Text, prefix: Text | str = "", indent: int = 0) -> None:
        self.body = body
        self.prefix = prefix if isinstance(prefix, Text) else Text(prefix)
        self.indent = max(indent, self.prefix.cell_len)
        self._cache: tuple[int, list[Text]] | None = None
        """Lines for the last width: Textual measures a renderable's height by rendering it, then renders it."""

    @property
    def plain(self) -> str:
        """The text without styles or wrapping (prefix, then body)."""
        return self.prefix.plain + self.body.plain

    def lines(self, console: Console, width: int) -> list[Text]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        indent = self.indent if width - self.indent >= 12 else 0
        lead = self.prefix.copy()
        lead.pad_right(indent - lead.cell_len)
        blank = Text(" " * indent)
        out: list[Text] = []
        if indent == 0 and self.prefix.plain:
            out.append(self.prefix)
        wrapped = self.body.wrap(console, max(1, width - indent), overflow="fold") if self.body.plain else [Text("")]
        for index, line in enumerate(wrapped):
            line.rstrip_end(width - indent)
            out.append(Text.assemble(lead if index == 0 and indent else blank, line, no_wrap=True, overflow="crop"))
        self._cache = (width, out)
        return out

    def height(self, console: Console, width: int) -> int:
        """Lines this takes at ``width``: one per line of :meth:`lines` (each is cropped, never
        wrapped), except a lone prefix (no room to indent), which wraps like any text."""
        lines = self.lines(console, width)
        if lines and lines[0] is self.prefix:
            return len(self.prefix.wrap(console, width)) + len(lines) - 1
        return len(lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(console, options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.indent + 12, options.max_width), options.max_width)


@dataclass(frozen=True)
class BlockStyles:
    """Styles for the parts of a block: its number, bullets, table header, what is muted (table
    lines, footnotes and their rule) and search hits."""

    number: Style = Style(bold=True)
    bullet: Style = Style()
    header: Style = Style(bold=True)
    muted: Style = Style()
    hit: Style = Style(reverse=True)
    current_hit: Style = Style(reverse=True, bold=True, underline=True)


Span = tuple[int, int, int, bool]
"""A highlight: (part, start, end, is_current); the part is an index in
:func:`~ofsted_reader.textsafe.block_parts` (0 the block's text, then bullets, table cells, footnotes)."""


def _highlighted(text: str, part: int, spans: Iterable[Span], styles: BlockStyles, style: Style | str = "") -> Text:
    out = Text(text, style=style)
    for span_part, start, end, current in spans:
        if span_part == part:
            out.stylize(styles.current_hit if current else styles.hit, start, end)
    return out


class Grid:
    """A ``table`` block fitted to the width: columns share it and their cells wrap; a printed
    header row (when there are more rows) bold and ruled off; a rule between rows too once a
    row takes more than one line.  Box lines, so it reads the same without colour."""

    def __init__(self, rows: list[list[Text]], styles: BlockStyles, *, header: bool) -> None:
        columns = max((len(row) for row in rows), default=0)
        self.rows = [row + [Text("")] * (columns - len(row)) for row in rows]
        self.styles = styles
        self.header = header and len(rows) > 1
        self._cache: tuple[int, list[list[Segment]]] | None = None
        """Lines for the last width (see :class:`Hanging`)."""

    def _widths(self, console: Console, width: int) -> list[int | None]:
        """Column widths when the table must wrap: each column at least its longest word; a short
        column (a grade, a label, a number: :data:`SHORT_COLUMN` cells at most) all it takes while
        there is room, so it stays on one line; the others the rest, in proportion to what they
        would take more.  (Rich narrows the widest columns first, splitting their long words while
        short columns keep their room.)  None, Rich's own choice, when it fits or its words do not."""
        columns = list(zip(*self.rows))
        measured = [[Measurement.get(console, console.options, cell) for cell in column] for column in columns]
        widths = [max(m.minimum for m in column) for column in measured]
        most = [max(m.maximum for m in column) for column in measured]
        room = width - 3 * len(columns) - 1  # "│ " before each cell, " " after it, "│" at the end
        left = room - sum(widths)
        if left < 0 or sum(widths) + left >= sum(most):
            return [None] * len(columns)
        pending = []
        for index in sorted(range(len(columns)), key=most.__getitem__):
            if most[index] <= SHORT_COLUMN and most[index] - widths[index] <= left:
                left -= most[index] - widths[index]
                widths[index] = most[index]
            else:
                pending.append(index)
        wants = {index: most[index] - widths[index] for index in pending}
        for index in pending:
            widths[index] += left * wants[index] // sum(wants.values())
        widths[pending[-1]] += room - sum(widths)  # what rounding left, to the widest
        return list(widths)

    def _table(self, widths: list[int | None], *, ruled: bool) -> Table:
        table = Table(
            box=box.SQUARE,
            show_header=self.header,
            show_lines=ruled,
            header_style=self.styles.header,
            border_style=self.styles.muted,
            padding=(0, 1),
            expand=False,
        )
        for index, width in enumerate(widths):
            table.add_column(self.rows[0][index] if self.header else "", width=width, overflow="fold")
        for row in self.rows[1:] if self.header else self.rows:
            table.add_row(*row)
        return table

    def lines(self, console: Console, width: int) -> list[list[Segment]]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        lines: list[list[Segment]] = []
        if self.rows:
            options = console.options.update_width(width)
            widths = self._widths(console, width)
            lines = console.render_lines(self._table(widths, ruled=False), options, pad=False)
            if len(lines) > len(self.rows) + (3 if self.header else 2):  # a row wrapped: rule them apart
                lines = console.render_lines(self._table(widths, ruled=True), options, pad=False)
        self._cache = (width, lines)
        return lines

    def height(self, console: Console, width: int) -> int:
        return len(self.lines(console, width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(console, options.max_width):
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.rows:
            return Measurement(0, 0)
        return Measurement.get(console, options, self._table([None] * len(self.rows[0]), ruled=False))


def _list_item(text: Text, base: int, styles: BlockStyles) -> list[Hanging]:
    """A bullet (or an item block) at ``base`` cells: its first line after the bullet glyph, its
    sub-items (lines after ``– ``) under it with a dash, wrapped lines hanging under the text."""
    lines = text.split("\n", allow_blank=False) if "\n" in text.plain else [text]
    first, rest = lines[0], lines[1:]
    indent = base + len(BULLET)
    pieces = [Hanging(first, Text(" " * base + BULLET, style=styles.bullet), indent)]
    for sub in rest:
        if sub.plain.startswith(("– ", "- ")):
            pieces.append(Hanging(sub[2:], Text(" " * indent + SUB_BULLET, style=styles.bullet), indent + 2))
        else:
            pieces.append(Hanging(sub, " " * indent, indent))
    return pieces


def render_block(
    block: Block,
    *,
    number_width: int,
    spans: Sequence[Span] = (),
    styles: BlockStyles = BlockStyles(),
) -> RenderableType:
    """A numbered paragraph (number hanging in its own column), prose or a list item, then its
    bullets, its table and its footnotes under it (muted, under a short rule: ``¹ text``)."""
    parts = block_parts(block)
    cells_from = 1 + len(block.bullets)
    notes_from = cells_from + sum(len(row) for row in block.rows)
    texts = [_highlighted(text, index, spans, styles) for index, text in enumerate(parts[:notes_from])]
    pieces: list[RenderableType] = []
    numbered = block.kind == "paragraph" and block.number is not None
    base = number_width if numbered else 0
    body = texts[0]
    if numbered:
        pieces.append(Hanging(body, Text(f"{block.number}.", style=styles.number), number_width))
    elif block.kind == "item":
        pieces.extend(_list_item(body, 0, styles))
        base = len(BULLET)
    elif body.plain:
        pieces.append(Hanging(body))
    for bullet in texts[1:cells_from]:
        pieces.extend(_list_item(bullet, base, styles))
    if block.rows:
        cells = iter(texts[cells_from:notes_from])
        pieces.append(Grid([[next(cells) for _ in row] for row in block.rows], styles, header=block.header))
    if block.footnotes:  # a short rule, as printed above a page's footnotes: they read apart without colour
        pieces.append(Hanging(Text(FOOTNOTE_RULE, style=styles.muted), " " * base, base))
    for index, note in enumerate(block.footnotes, start=notes_from):
        mark = Text(" " * base + note.marker + " ", style=styles.muted)
        pieces.append(Hanging(_highlighted(parts[index], index, spans, styles, styles.muted), mark, mark.cell_len))
    return Group(*pieces) if len(pieces) != 1 else pieces[0]


def block_height(renderable: RenderableType, console: Console, width: int) -> int:
    """Lines a :func:`render_block` renderable takes at ``width``, from its wrapped lines alone."""
    pieces = renderable.renderables if isinstance(renderable, Group) else [renderable]
    return sum(piece.height(console, width) for piece in pieces)  # type: ignore[union-attr]


def _plain_item(text: str, base: str = "") -> list[str]:
    first, *rest = inert(text).split("\n")
    return [f"{base}• {first}", *(f"{base}  {sub}" for sub in rest)]


def block_plain(block: Block) -> str:
    """A block as plain text for the clipboard, without escape codes: number and text (an item
    after its bullet), bullets, the table's rows (cells between ``|``), then ``¹ footnote``."""
    if block.kind == "item":
        lines = _plain_item(block.text)
    else:
        lines = [f"{block.number}. {inert(block.text)}" if block.number is not None else inert(block.text)]
    for bullet in block.bullets:
        lines.extend(_plain_item(bullet, "  " if block.kind == "item" else ""))
    lines.extend(" | ".join(one_line(cell) for cell in row) for row in block.rows)
    lines.extend(f"{note.marker} {inert(note.text)}" for note in block.footnotes)
    return "\n".join(line for line in lines if line.strip())


def block_excerpt(block: Block, words: int = 12) -> str:
    """The first words a block prints (a table's first cells), on one line: a bookmark's excerpt."""
    return " ".join(" ".join(one_line(text) for text in block.texts()).split()[:words])


def block_name(block: Block) -> str:
    """How a message names a block: ``para 27``, ``this item``, ``this table``, ``this text``."""
    if block.number is not None:
        return f"para {block.number}"
    return f"this {block.kind if block.kind in ('item', 'table') else 'text'}"


def number_width(numbers: Iterable[int | None]) -> int:
    """Cells for the number column: widest ``N.`` plus a space."""
    widest = max((len(str(n)) for n in numbers if n is not None), default=1)
    return widest + 2


@dataclass(frozen=True)
class SectionMark:
    """What the outline and the pane header show beside a section: its grade and hotkey.

    ``judged_as`` names the judgement when the grade is not printed at the section itself
    but a judgement points there (ILACS: *Overall effectiveness* is the Summary's).
    """

    grade: Grade | None
    key: str = ""
    judged_as: str | None = None


def section_marks(report: Report, hotkey_for: Mapping[str, str]) -> dict[str, SectionMark]:
    """Section id → its mark, for every section with a grade of its own or a judgement's."""
    marks = {s.id: SectionMark(s.grade, hotkey_for.get(s.id, "")) for s in report.walk() if s.grade is not None}
    for judgement in report.judgements:
        if judgement.section and judgement.section not in marks and judgement.grade is not None:
            marks[judgement.section] = SectionMark(judgement.grade, hotkey_for.get(judgement.section, ""), judgement.name)
    return marks


def heading_text(section: Section, mark: SectionMark | None, variables: Mapping[str, str], title: str | None = None) -> Text:
    """The pane header: title and the pages it is printed on, then badge, grade as printed and
    hotkey (words, not colour)."""
    out = Text(one_line(title or section.title), style="bold")
    pages = [b.page for b in section.blocks if b.page is not None]
    where = "" if not pages else f"p. {pages[0]}" if min(pages) == max(pages) else f"pp. {min(pages)}–{max(pages)}"
    if where and (mark is None or mark.grade is None):
        out.append(f"  {where}", style="dim")
    if mark is not None and mark.grade is not None:
        grade, hotkey = mark.grade, mark.key
        out.append("\n")
        if where:
            out.append(f"{where}  ", style="dim")  # first on its line: never wrapped apart
        out.append_text(badge_text(grade, variables, pad=False))
        out.append(f"  {grade.label}", style=grade_style(grade, variables))
        if grade.printed and grade.printed.casefold() != grade.label.casefold():
            out.append(f"  printed “{one_line(grade.printed)}”", style="dim")  # quoted: it may hold brackets
        if mark.judged_as:
            out.append(f"  {one_line(mark.judged_as)}", style="dim")
        if hotkey:
            out.append("  key ", style="dim")
            out.append(hotkey, style="bold")
    return out
