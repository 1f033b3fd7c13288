"""The paragraph pane (centre): the open section's heading, then its paragraphs.

One :class:`SectionView` (a scrolling column of :class:`BlockView` widgets) is
built per section the first time it is opened and kept, so flipping back to a
section is instant and keeps its scroll position.  Only opened sections are ever
rendered.  The *current paragraph* (for bookmarks, copying and citations) is the
one at the top of the view, marked with a bar in the left margin; the view can
scroll past its end so any paragraph can be brought to the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, ClassVar, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ofsted_reader.grades import parse_grade
from ofsted_reader.headline import display_titles, in_part
from ofsted_reader.model import Block, Report, Section
from ofsted_reader.tui.render import (
    BlockStyles,
    Hanging,
    SectionMark,
    Span,
    badge_text,
    block_height,
    heading_text,
    one_line,
    render_block,
)
from ofsted_reader.tui.styling import component_styles
from ofsted_reader.tui.vim import DoublePress

if TYPE_CHECKING:
    from textual.events import Resize
    from textual.geometry import Size


class BlockView(Widget):
    """One paragraph, piece of prose, list item or table, with its footnotes and any search hits highlighted."""

    DEFAULT_CSS = """
    BlockView {
        height: auto;
        max-width: 104;
        margin-bottom: 1;
        padding-right: 1;
        border-left: blank;
    }
    BlockView.-current { border-left: outer $accent; }
    BlockView.-bookmarked { border-left: outer $rule; }
    BlockView.-current.-bookmarked { border-left: outer $accent; }
    """

    def __init__(self, block: Block, index: int, number_width: int) -> None:
        # Born current if first: adding the class after mounting would restyle it again.
        super().__init__(classes="-current" if index == 0 else None)
        self.block = block
        self.index = index
        self.number_width = number_width
        self.spans: Sequence[Span] = ()
        self._rendered: tuple[tuple[Sequence[Span], BlockStyles], RenderableType] | None = None
        """The last renderable and what it was made from: kept, its wrapped lines are reused
        (Textual renders once to measure the height, then again to draw)."""

    def set_spans(self, spans: Sequence[Span]) -> None:
        if spans != self.spans:
            self.spans = spans
            self.refresh()

    def render(self) -> RenderableType:
        # The component styles live on the section view (one per section, not one per paragraph:
        # Textual recomputes component styles for every widget that declares them).
        view = self.parent if isinstance(self.parent, SectionView) else self
        number, bullet, header, muted, hit, current_hit = component_styles(
            view, "block--number", "block--bullet", "block--header", "block--muted", "block--hit", "block--current-hit"
        )
        styles = BlockStyles(number=number, bullet=bullet, header=header, muted=muted, hit=hit, current_hit=current_hit)
        made_from = (self.spans, styles)
        if self._rendered is None or self._rendered[0] != made_from:
            self._rendered = (made_from, render_block(self.block, number_width=self.number_width, spans=self.spans, styles=styles))
        return self._rendered[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual measures a renderable by rendering it to segments and counting the line ends,
        # at every layout that follows a resize or a refresh; the wrapped lines kept for drawing
        # already say how many there are.
        if not width:
            return 0
        return block_height(self.render(), self.app.console, width)


class NoteView(Widget):
    """Content of a section with no paragraphs of its own: a table or a list of its parts."""

    DEFAULT_CSS = """
    NoteView { height: auto; max-width: 104; margin-bottom: 1; border-left: blank; padding-right: 1; }
    """

    def __init__(self, make: Callable[[dict[str, str]], RenderableType]) -> None:
        super().__init__()
        self._make = make

    def render(self) -> RenderableType:
        return self._make(self.app.theme_variables)


class EndOfSection(Static):
    """Blank room after the last paragraph (so it can reach the top) with a pointer onwards."""

    DEFAULT_CSS = """
    EndOfSection { color: $text-muted; border-left: blank; }
    """


class SectionView(VerticalScroll, can_focus=False):
    """The paragraphs of one section.  Not focusable itself: the pane around it takes the keys,
    so switching sections never moves focus (a focus change restyles and re-binds the screen)."""

    # overflow-y: scroll, not auto: a scrollbar that appears after the first layout would
    # narrow the text, re-wrap it and move every paragraph after a scroll was aimed at one.
    DEFAULT_CSS = """
    SectionView { height: 1fr; overflow-y: scroll; scrollbar-size-vertical: 1; padding: 0; }
    SectionView > .block--number { text-style: bold; color: $text-primary; }
    SectionView > .block--bullet { color: $text-muted; }
    SectionView > .block--header { text-style: bold; }
    SectionView > .block--muted { color: $text-muted; }
    SectionView > .block--hit { text-style: reverse; }
    SectionView > .block--current-hit { text-style: reverse bold underline; color: $warning; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "block--number", "block--bullet", "block--header", "block--muted", "block--hit", "block--current-hit"
    }

    current_block: reactive[int] = reactive(0, init=False)
    """Index (in ``section.blocks``) of the paragraph at the top of the view."""

    class Moved(Message):
        """The view scrolled or its current paragraph changed."""

    def __init__(
        self,
        section: Section,
        *,
        id: str,
        number_width: int,
        next_title: str | None = None,
        make_note: Callable[[dict[str, str]], RenderableType] | None = None,
    ) -> None:
        super().__init__(id=id, classes="-shown")  # made to be shown; hidden later by class
        self.section = section
        self.number_width = number_width
        self.make_note = make_note
        self.next_title = next_title
        self.blocks: list[BlockView] = []
        self._pending_scroll: tuple[int, float | None, int] | None = None
        self._tries = 0
        self._width = 0
        """The width last laid out at (a change re-wraps every paragraph)."""
        self._anchor = 0
        """The paragraph at the top before a re-wrap moved the lines under it."""

    def compose(self):
        self.blocks = [BlockView(block, index, self.number_width) for index, block in enumerate(self.section.blocks)]
        yield from self.blocks
        if self.make_note is not None:
            yield NoteView(self.make_note)
        onwards = f"  ] next: {one_line(self.next_title)}" if self.next_title else ""
        yield EndOfSection(Text(f"— end of section —{onwards}"), id="end")

    def on_resize(self, event: Resize) -> None:
        end = self.query_one(EndOfSection)
        end.styles.height = max(2, self.scrollable_content_region.height - 2)
        width, self._width = self._width, event.size.width
        if width and event.size.width and width != event.size.width and self.blocks and self._pending_scroll is None:
            # Narrower or wider, the text re-wraps and the same line offset is another place:
            # keep the paragraph that was at the top there.
            # After the layout that follows (the spacer below the last paragraph changes too).
            self._pending_scroll = (self._anchor, None, 0)
            self._tries = 0
            self.call_after_refresh(self._apply_pending_scroll)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.current_block = self.block_at(new)
        if self.size.width == self._width:  # not a scroll clamped by a re-wrap under way
            self._anchor = self.current_block
        self.post_message(self.Moved())

    def watch_current_block(self, old: int, new: int) -> None:
        if 0 <= old < len(self.blocks):
            self.blocks[old].remove_class("-current")
        if 0 <= new < len(self.blocks):
            self.blocks[new].add_class("-current")
        self.post_message(self.Moved())

    def _settled(self) -> bool:
        """Laid out, and not waiting to scroll somewhere (a view opened a moment ago is neither)."""
        laid_out = self.size.height > 0 and (not self.blocks or self.blocks[-1].virtual_region.height > 0)
        return laid_out and self._pending_scroll is None

    def at_end(self) -> bool:
        """The end-of-section line is in view (below it is only blank room): nothing more to read."""
        if not self._settled():
            return False
        end = self.query_one(EndOfSection).virtual_region
        return self.scroll_y >= self.max_scroll_y or end.y < self.scroll_y + self.scrollable_content_region.height

    def at_top(self) -> bool:
        """Scrolled to the top."""
        return self._settled() and self.scroll_y <= 0

    def block_at(self, y: float) -> int:
        """The block whose area holds line ``y`` (or the next one below it)."""
        for block in self.blocks:
            region = block.virtual_region_with_margin
            if region.bottom > y + 0.5:
                return block.index
        return max(0, len(self.blocks) - 1)

    def scroll_to_block(self, index: int) -> None:
        """Bring block ``index`` to the top (once laid out) and make it current."""
        if not self.blocks:
            return
        index = max(0, min(index, len(self.blocks) - 1))
        self.current_block = index
        self._scroll_when_ready(index, None, 0)

    def restore_place(self, block: int, y: float, width: int) -> None:
        """Go back to a saved place: the exact offset if the pane is as wide as it was, else the paragraph."""
        if not self.blocks:
            return
        self._scroll_when_ready(max(0, min(block, len(self.blocks) - 1)), y, width)

    def _scroll_when_ready(self, block: int, y: float | None, width: int) -> None:
        self._pending_scroll = (block, y, width)
        self._tries = 0
        self._apply_pending_scroll()

    def _apply_pending_scroll(self) -> None:
        """Scroll as asked, waiting for layout: a freshly mounted view has no sizes for a frame or two."""
        if self._pending_scroll is None:
            return
        block, y, width = self._pending_scroll
        laid_out = self.blocks[-1].virtual_region.height > 0 and self.size.width > 0
        exact = y is not None and laid_out and width == self.size.width
        target = y if exact else self.blocks[block].virtual_region.y
        if (not laid_out or target > self.max_scroll_y) and self._tries < 20:
            self._tries += 1
            self.call_after_refresh(self._apply_pending_scroll)
            return
        self._pending_scroll = None
        self.scroll_to(y=target, animate=False, force=True, immediate=True)
        if not exact:
            self.current_block = self._anchor = block

    def set_spans(self, spans: dict[int, list[Span]]) -> None:
        for block in self.blocks:
            block.set_spans(spans.get(block.index, ()))

    def set_bookmarks(self, indexes: set[int]) -> None:
        for block in self.blocks:
            block.set_class(block.index in indexes, "-bookmarked")

    def to_last(self) -> None:
        if self.blocks:
            self.scroll_to_block(len(self.blocks) - 1)
        else:
            self.scroll_home(animate=False)


class SectionHeading(Widget):
    """The open section's title, then its badge, grade as printed and hotkey."""

    DEFAULT_CSS = """
    SectionHeading {
        height: auto;
        padding: 0 1;
        border-bottom: solid $rule;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.section: Section | None = None
        self.mark: SectionMark | None = None
        self.title: str | None = None

    def show(self, section: Section, mark: SectionMark | None, title: str | None = None) -> None:
        self.section, self.mark, self.title = section, mark, title
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        if self.section is None:
            return ""
        return heading_text(self.section, self.mark, self.app.theme_variables, self.title)


def record_table(report: Report) -> Callable[[dict[str, str]], RenderableType]:
    """The "Record of main findings" rows, exactly as printed, with badges."""

    def make(variables: dict[str, str]) -> RenderableType:
        table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 1))
        table.add_column("Row as printed", ratio=1)
        table.add_column("Grade", no_wrap=True)
        for row in report.record_of_main_findings:
            if row.grade is None:
                table.add_row(Text(one_line(row.row), style="bold underline"), "")
                continue
            grade = parse_grade(row.grade)
            cell = badge_text(grade, variables) if grade else Text("")
            cell.append(f" {one_line(row.grade)}")
            table.add_row(Hanging(Text(one_line(row.row)), "  ", 2), cell)  # wrapped lines stay indented
        return table

    return make


def parts_list(section: Section, marks: dict[str, SectionMark]) -> Callable[[dict[str, str]], RenderableType]:
    """For a section that is only a heading: what is in it, with keys and badges."""

    def make(variables: dict[str, str]) -> RenderableType:
        lines: list[RenderableType] = [Text("In this part:", style="bold")]
        for child in section.walk():
            if child is section:
                continue
            depth = child.id.count("/") - section.id.count("/") - 1
            prefix = Text("  " * (depth + 1))
            mark = marks.get(child.id)
            if mark is not None and mark.grade is not None:
                prefix.append(mark.key.ljust(2), style="bold")
                prefix.append(" ")
                prefix.append_text(badge_text(mark.grade, variables))
                prefix.append(" ")
            # A long title wraps under itself, not under the badges.
            lines.append(Hanging(Text(one_line(child.title)), prefix, prefix.cell_len))
        return Group(*lines)

    return make


class ParagraphPane(Vertical, can_focus=True):
    """Heading + one cached :class:`SectionView` per opened section; takes the reading keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll('down')", "Scroll down a line", show=False, id="paragraphs.down"),
        Binding("k,up", "scroll('up')", "Scroll up a line", show=False, id="paragraphs.up"),
        Binding("g", "first", "Top of the section (g g)", show=False, id="paragraphs.top"),
        Binding("home", "scroll('home')", "Top of the section", show=False, id="paragraphs.home"),
        Binding("G,end", "last", "Last paragraph", show=False, id="paragraphs.last"),
        Binding("h,left", "screen.focus_pane('outline')", "Focus the outline", show=False, id="paragraphs.left"),
        Binding("l,right", "screen.focus_pane('findings')", "Focus the findings", show=False, id="paragraphs.right"),
    ]

    DEFAULT_CSS = """
    ParagraphPane { height: 1fr; }
    ParagraphPane > SectionView { display: none; }
    ParagraphPane > SectionView.-shown { display: block; }
    ParagraphPane:focus > SectionHeading { text-style: none; }
    """

    def __init__(
        self, report: Report, marks: dict[str, SectionMark], titles: dict[str, str] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.report = report
        self.marks = marks
        self.sections = list(report.walk())
        self.index_of = {s.id: i for i, s in enumerate(self.sections)}
        self.titles = titles if titles is not None else display_titles(report)
        """Section id → its title standing alone (see :func:`~ofsted_reader.headline.display_titles`)."""
        self.number_width = 0
        self.views: dict[str, SectionView] = {}
        self._view: SectionView | None = None
        self._wanted: Section | None = None
        """The section the latest :meth:`show` asked for."""
        self.heading = SectionHeading()
        self._g = DoublePress()

    def compose(self):
        from ofsted_reader.tui.render import number_width

        self.number_width = number_width(b.number for _, b in self.report.paragraphs())
        yield self.heading

    @property
    def view(self) -> SectionView | None:
        """The visible section's view."""
        return self._view

    def _make_view(self, section: Section) -> SectionView:
        index = self.index_of[section.id]
        make_note = None
        if not section.blocks:
            if self.report.record_of_main_findings and section.title.casefold().startswith("record of main findings"):
                make_note = record_table(self.report)
            elif section.children:
                make_note = parts_list(section, self.marks)
            else:
                make_note = lambda _variables: Text("(This section has no text of its own.)", style="dim")  # noqa: E731
        following = self.sections[index + 1].title if index + 1 < len(self.sections) else None
        return SectionView(section, id=f"section-{index}", number_width=self.number_width, next_title=following, make_note=make_note)

    async def show(self, section: Section) -> SectionView:
        """Make ``section`` the visible one (building its view the first time) and return its view."""
        self._wanted = section
        view = self.views.get(section.id)
        if view is None:
            view = self._make_view(section)
            self.views[section.id] = view
            await self.mount(view)
            if self._wanted is not section:
                return view  # a later show() came in while this mounted: it decides what is shown
        if self._view is not None and self._view is not view:
            self._view.remove_class("-shown")
        view.add_class("-shown")
        self._view = view
        self.heading.show(section, *self.heading_for(section))
        return view

    def heading_for(self, section: Section) -> tuple[SectionMark | None, str]:
        """The mark and title the header shows.  A section without a grade of its own inside a
        graded part (a SIF judgement's "Summary" and "Inspection findings", the LSCB's
        recommendations) shows the part's grade and key, and the part's name before its title."""
        mark = self.marks.get(section.id)
        if mark is None or mark.grade is None:
            ancestor = section.id
            while "/" in ancestor:
                ancestor = ancestor.rpartition("/")[0]
                inherited = self.marks.get(ancestor)
                part = self.report.section(ancestor)
                if inherited is not None and inherited.grade is not None and part is not None:
                    return inherited, in_part(part, section)
        return mark, self.titles[section.id]

    def action_scroll(self, how: str) -> None:
        if self._view is not None:
            getattr(self._view, f"scroll_{how}")(animate=False)

    def action_first(self) -> None:
        if self._g.press() and self._view is not None:
            self._view.scroll_home(animate=False)

    def action_last(self) -> None:
        if self._view is not None:
            self._view.to_last()
