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

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from ofsted_reader.grades import badge
from ofsted_reader.model import Block, Grade, Report, Section
from ofsted_reader.textsafe import block_parts, inert

BULLET = "• "
SUB_BULLET = "– "

GRADE_VARIABLES = {1: "grade-outstanding", 2: "grade-good", 3: "grade-ri", 4: "grade-inadequate"}


def grade_variable(grade: Grade | None) -> str:
    """The theme variable that colours a grade (``grade-none`` for *Not judged*)."""
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
    """Styles for the parts of a block: its number, bullets and search hits."""

    number: Style = Style(bold=True)
    bullet: Style = Style()
    hit: Style = Style(reverse=True)
    current_hit: Style = Style(reverse=True, bold=True, underline=True)


Span = tuple[int, int, int, bool]
"""A highlight: (part, start, end, is_current); part 0 is the block's text, part i its bullet i-1."""


def _highlighted(text: str, part: int, spans: Iterable[Span], styles: BlockStyles) -> Text:
    out = Text(text)
    for span_part, start, end, current in spans:
        if span_part == part:
            out.stylize(styles.current_hit if current else styles.hit, start, end)
    return out


def render_block(
    block: Block,
    *,
    number_width: int,
    spans: Sequence[Span] = (),
    styles: BlockStyles = BlockStyles(),
) -> RenderableType:
    """A numbered paragraph (number hanging in its own column), prose, and its bullets."""
    parts = block_parts(block)
    pieces: list[RenderableType] = []
    numbered = block.kind == "paragraph" and block.number is not None
    base = number_width if numbered else 0
    body = _highlighted(parts[0], 0, spans, styles)
    if numbered:
        pieces.append(Hanging(body, Text(f"{block.number}.", style=styles.number), number_width))
    elif body.plain:
        pieces.append(Hanging(body))
    for index, bullet in enumerate(parts[1:], start=1):
        text = _highlighted(bullet, index, spans, styles)
        lines = text.split("\n", allow_blank=False) if "\n" in bullet else [text]
        first, rest = lines[0], lines[1:]
        pieces.append(Hanging(first, Text(" " * base + BULLET, style=styles.bullet), base + len(BULLET)))
        for sub in rest:
            sub_indent = base + len(BULLET)
            if sub.plain.startswith(("– ", "- ")):
                sub = sub[2:]
                pieces.append(Hanging(sub, Text(" " * sub_indent + SUB_BULLET, style=styles.bullet), sub_indent + 2))
            else:
                pieces.append(Hanging(sub, " " * sub_indent, sub_indent))
    return Group(*pieces) if len(pieces) != 1 else pieces[0]


def block_height(renderable: RenderableType, console: Console, width: int) -> int:
    """Lines a :func:`render_block` renderable takes at ``width``, from its wrapped lines alone."""
    pieces = renderable.renderables if isinstance(renderable, Group) else [renderable]
    return sum(piece.height(console, width) for piece in pieces)  # type: ignore[union-attr]


def block_plain(block: Block) -> str:
    """A block as plain text for the clipboard: number, text and bullets, without escape codes."""
    lines = [f"{block.number}. {inert(block.text)}" if block.number is not None else inert(block.text)]
    for bullet in block.bullets:
        first, *rest = inert(bullet).split("\n")
        lines.append(f"• {first}")
        lines.extend(f"  {sub}" for sub in rest)
    return "\n".join(line for line in lines if line.strip())


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
    """The pane header: title, then badge, grade as printed and hotkey (words, not colour)."""
    out = Text(one_line(title or section.title), style="bold")
    if mark is not None and mark.grade is not None:
        grade, hotkey = mark.grade, mark.key
        out.append("\n")
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
