"""The reader screen: outline | paragraphs | findings, and every reading command.

Keys live here as ``Binding``s with ids (so ``?`` can list them and a keymap can
rebind them).  The grade hotkeys come from :func:`ofsted_reader.keys.hotkeys`,
the same function ``ofsted-reader grades`` prints, so the keys shown there are
the keys bound here.  Codes of two keystrokes (only past 23 judgements) use a
pending prefix shown in the top bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Iterable

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Tree

from ofsted_reader.grades import badge, scale_of
from ofsted_reader.headline import display_titles
from ofsted_reader.keys import HOTKEY_ALPHABET
from ofsted_reader.keys import hotkeys as hotkey_scheme
from ofsted_reader.model import Block, Judgement, Report, Section
from ofsted_reader.state import Bookmark, ReaderState, load_settings, save_settings, save_state
from ofsted_reader.tui.commands import ScreenCommands, SectionsProvider
from ofsted_reader.tui.help import KeyRow, bindings_of, key_rows
from ofsted_reader.tui.render import badge_text, block_excerpt, block_name, block_plain, one_line, section_marks
from ofsted_reader.tui.screens.reader_search import ReportSearch
from ofsted_reader.tui.widgets.bars import KeyBar, TopBar
from ofsted_reader.tui.widgets.outline import OutlineTree
from ofsted_reader.tui.widgets.paragraphs import ParagraphPane, SectionView

if TYPE_CHECKING:
    from textual.events import Resize

    from ofsted_reader.tui.widgets.findings import FindingsList
    from ofsted_reader.tui.widgets.prompt import PromptBar

WIDE_MIN = 110
"""At this many columns or more the findings sidebar sits on the right; below, it goes under the paragraphs."""
BELOW_MIN_ROWS = 30
"""Below ``WIDE_MIN`` columns the sidebar starts shown (under the paragraphs) from this many rows:
the paragraphs keep 16 lines and the sidebar has 11."""
FINDINGS_WIDTH = 36
PARAGRAPHS_MIN = 44
"""The paragraphs' fewest columns the outline leaves them (it gives way below that)."""
OUTLINE_MIN = 12
OUTLINE_STEP = 2
"""Columns ``+`` and ``-`` add to or take from the outline."""


def outline_width(width: int, offset: int = 0, *, sidebar_beside: bool = False) -> int:
    """The outline's columns on a screen ``width`` wide: 27 at 80 columns, growing with the screen
    (40 at 160, 46 at 200), plus ``offset`` (what ``+``/``-`` added); the paragraphs keep at least
    half of what the sidebar leaves and ``PARAGRAPHS_MIN`` columns."""
    return _fit_outline(width, _auto_outline(width) + offset, sidebar_beside)


def _auto_outline(width: int) -> int:
    return round(14 + 0.16 * width)


def _fit_outline(width: int, wanted: int, sidebar_beside: bool) -> int:
    room = width - (FINDINGS_WIDTH if sidebar_beside else 0)
    most = max(OUTLINE_MIN, min(room // 2, room - PARAGRAPHS_MIN))
    return max(OUTLINE_MIN, min(most, wanted))


def sidebar_starts_shown(width: int, height: int) -> bool:
    """Beside the paragraphs when wide; under them when there are rows enough for both."""
    return width >= WIDE_MIN or height >= BELOW_MIN_ROWS

SAVE_DELAY = 1.0
"""Seconds of stillness before the reading position is written to disk."""


class ReaderScreen(ReportSearch, Screen[None]):
    """Reads one report."""

    AUTO_FOCUS = "#paragraphs"
    """Focus the paragraphs as soon as the screen is composed (a later focus change restyles the pane)."""

    COMMANDS = {ScreenCommands, SectionsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", tooltip="Every key and what it does", id="reader.help"),
        Binding("slash", "search", "Search", tooltip="Search the whole report", id="reader.search"),
        Binding("n", "search_next", "Next search hit (any section)", show=False, id="reader.search-next",
                tooltip="after Esc cleared it, the last search again"),
        Binding("N", "search_previous", "Previous search hit", show=False, id="reader.search-previous",
                tooltip="after Esc cleared it, the last search again"),
        Binding("escape", "clear", "Clear the search (else: back to the library)", show=False, id="reader.clear"),
        Binding("colon,number_sign", "goto_paragraph", "Go to paragraph N", show=False, id="reader.goto-paragraph",
                tooltip=":27 paragraph 27, :p7 the first block on page 7"),
        Binding("left_square_bracket", "previous_section", "Previous section", show=False, id="reader.previous-section"),
        Binding("right_square_bracket", "next_section", "Next section", show=False, id="reader.next-section"),
        Binding("space,pagedown", "page_down", "Page down (at a section's end: the next section)", show=False, id="reader.page-down"),
        Binding("b,pageup", "page_up", "Page up (at a section's top: the previous one)", show=False, id="reader.page-up"),
        Binding("m", "bookmark", "Bookmark the current paragraph (again: remove)", show=False, id="reader.bookmark"),
        Binding("apostrophe", "bookmarks", "Bookmarks", tooltip="This report's bookmarks", id="reader.bookmarks"),
        Binding("y", "copy", "Copy the current paragraph with its citation", show=False, id="reader.copy",
                tooltip="“Lancashire, published 26 January 2023, p. 7, para 27”"),
        Binding("s", "toggle_sidebar", "Sidebar", tooltip="Show or hide the findings sidebar", id="reader.toggle-sidebar"),
        Binding("plus", "outline_width(1)", "Widen the outline (remembered)", show=False, id="reader.outline-wider"),
        Binding("minus", "outline_width(-1)", "Narrow the outline (remembered)", show=False, id="reader.outline-narrower"),
        Binding("T", "app.pick_theme", "Theme", tooltip="Choose a theme from the shipped and your own", id="reader.theme"),
        # A grade hotkey's first keystroke: every key of the alphabet is bound, and those this
        # report does not use are switched off (check_action), so they do nothing here.
        *(Binding(key, f"hotkey({key!r})", "Grade hotkey", show=False, id=f"hotkey.{key}") for key in HOTKEY_ALPHABET),
    ]

    DEFAULT_CSS = """
    ReaderScreen { layout: vertical; }
    #panes {
        height: 1fr;
        layout: grid;
        grid-size: 3 1;
        grid-gutter: 0;
    }
    /* The columns are set from the width (see outline_width). */
    #panes.-nosidebar { grid-size: 2 1; }
    #panes.-narrow { grid-size: 2 1; }
    #panes.-narrow.-sidebar { grid-size: 2 2; grid-rows: 1fr 40%; }
    #panes.-narrow.-sidebar > #outline { row-span: 2; }
    #panes.-nosidebar > #findings { display: none; }
    #outline { border-right: vkey $rule; }
    #findings { border-left: vkey $rule; }
    #panes.-narrow #findings { border-left: none; border-top: hkey $rule; }
    """

    def __init__(
        self,
        report: Report,
        state: ReaderState,
        *,
        notices: Iterable[str] = (),
        can_go_back: bool = False,
        highlight: str = "",
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.report = report
        self.state = state
        self.keymap = keymap or {}
        """The user's keymap (binding id → keys), for the help's lists of each pane's keys."""
        self.notices = [n for n in notices if n]
        self.can_go_back = can_go_back
        """Opened from the library: Esc with nothing to clear goes back to it."""
        self.highlight = highlight
        """Words to highlight once open (the hit of a search across reports)."""
        self.sections: list[Section] = list(report.walk())
        self.section_index_of = {s.id: i for i, s in enumerate(self.sections)}
        self.titles = display_titles(report)
        """Section id → its title standing alone ("Care leavers › Summary"): bookmarks, citations."""
        self.hotkeys: list[tuple[str, Judgement]] = hotkey_scheme(report.judgements)
        self.hotkey_map = {code: judgement for code, judgement in self.hotkeys if code}
        self.hotkey_for: dict[str, str] = {}
        for key, judgement in self.hotkeys:
            if judgement.section:
                self.hotkey_for.setdefault(judgement.section, key)
        self.prefixes = {code[0] for code, _ in self.hotkeys if len(code) > 1}
        self.first_keys = {code[0] for code, _ in self.hotkeys if code}
        self.pending_prefix: str | None = None
        self.paragraph_at: dict[int, tuple[str, int]] = {}
        for section in self.sections:
            for index, block in enumerate(section.blocks):
                if block.kind == "paragraph" and block.number is not None:
                    self.paragraph_at.setdefault(block.number, (section.id, index))
        self.current: Section | None = None
        self.hits = []
        self.sidebar_visible = True
        self._resumed = False
        self.narrow = False
        self.outline_offset = 0
        """Columns the user added to (or took from) the outline's width with ``+``/``-`` (remembered)."""
        self._sidebar_default = False
        self._columns = ""
        """The panes' grid columns as last set (``"27 1fr"``)."""
        self._save_timer: Timer | None = None
        self._theme_name = ""

        self.topbar = TopBar(id="topbar")
        marks = section_marks(report, self.hotkey_for)
        self.outline = OutlineTree(report, marks, id="outline")
        self.pane = ParagraphPane(report, marks, self.titles, id="paragraphs")
        self._findings: FindingsList | None = None
        self._prompt: PromptBar | None = None

    @property
    def findings(self) -> FindingsList:
        """The sidebar's list, built when first needed: below ``WIDE_MIN`` columns it starts hidden."""
        if self._findings is None:
            from ofsted_reader.tui.widgets.findings import FindingsList

            self._findings = FindingsList(self.report, self.hotkeys, id="findings")
            if self.current is not None:
                self._findings.mark(self.current.id)
        return self._findings

    @property
    def prompt(self) -> PromptBar:
        """The search / paragraph prompt, built when first needed (it is mounted after the first paint)."""
        if self._prompt is None:
            from ofsted_reader.tui.widgets.prompt import PromptBar

            self._prompt = PromptBar(id="prompt")
        return self._prompt

    @property
    def extra_keys(self) -> list[tuple[str, str]]:
        """Shown in the key bar after the bindings."""
        return [("esc", "Library")] if self.can_go_back else []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hotkey":
            return parameters[0] in self.first_keys  # a key no judgement of this report starts with is off
        return True

    def compose(self):
        yield self.topbar
        width, height = self.app.size
        self.narrow = width < WIDE_MIN
        self.sidebar_visible = self._sidebar_default = sidebar_starts_shown(width, height)
        self.outline_offset = _remembered_offset()
        panes = Container(id="panes", classes=" ".join(sorted(self._layout_classes())))
        panes.styles.grid_columns = self._columns = self._grid_columns(width)
        with panes:
            yield self.outline
            yield self.pane
            if self.sidebar_visible:
                yield self.findings
        # The prompt (and a hidden sidebar) are built and mounted after the first paint: fewer
        # widgets to import, style and lay out before the report shows.
        yield KeyBar()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every widget of a screen each time it becomes active; the first time,
        # each was styled as it mounted a moment before (and any class or focus change since
        # restyled what it touched), so that pass changes nothing: skipped, it is ~5 ms less
        # before the first paint (benchmarks/bench_reader.py: 1.29× → 1.26× a bare app).
        # This handler runs before Screen's own, which reads ``refresh_styles``.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    async def on_mount(self) -> None:
        self._theme_name = self.app.theme
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.focused is None:  # AUTO_FOCUS does it once composed, before the first section mounts
            self.pane_view_focus()
        start = self.report.section(self.state.section) if self.state.section else None
        restore = start is not None
        if start is None:
            start = self.sections[0] if self.sections else None
        if start is not None:
            view = await self.open_section(start)
            if restore:
                view.restore_place(self.state.block, self.state.scroll_y, self.state.width)
        if self.highlight:
            await self.set_search(self.highlight)
        self.set_timer(0.2, self._mount_prompt)  # after the first paint; / and : mount it at once
        for notice in self.notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)

    async def _mount_prompt(self) -> None:
        if not self.prompt.is_attached:
            await self.mount(self.prompt, before=self.query_one(KeyBar))

    @property
    def sidebar_shown(self) -> bool:
        findings = self._findings
        return self.sidebar_visible and findings is not None and findings.is_attached and findings.display

    def pane_view_focus(self) -> None:
        self.set_focus(self.pane, scroll_visible=False)

    def on_unmount(self) -> None:
        self.save_place()

    def on_key(self, event: events.Key) -> None:
        # A two-key grade hotkey waits for its second key; any other key cancels it.
        if self.pending_prefix is not None and (event.character is None or event.character not in HOTKEY_ALPHABET):
            self.cancel_pending_prefix()

    # -- layout ------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width, event.size.height)

    def _layout(self, width: int, height: int | None = None) -> None:
        """Wide: outline | paragraphs | findings.  Narrow: the findings (when shown) go under the paragraphs.

        A resize that changes whether the sidebar starts shown (see :func:`sidebar_starts_shown`)
        puts it back to that default.
        """
        self.narrow = width < WIDE_MIN
        if height is not None:
            default = sidebar_starts_shown(width, height)
            if default != self._sidebar_default:
                self._sidebar_default = self.sidebar_visible = default
        panes = self.query_one("#panes")
        classes = self._layout_classes()
        if set(panes.classes) != classes:
            panes.set_classes(classes)  # one restyle, not one per class
        columns = self._grid_columns(width)
        if columns != self._columns:
            panes.styles.grid_columns = self._columns = columns
        if self.sidebar_visible and not self.findings.is_attached:
            panes.mount(self.findings, after=self.pane)

    def _layout_classes(self) -> set[str]:
        return {"-narrow" if self.narrow else "-wide", "-sidebar" if self.sidebar_visible else "-nosidebar"}

    def _grid_columns(self, width: int) -> str:
        beside = self.sidebar_visible and not self.narrow
        outline = outline_width(width, self.outline_offset, sidebar_beside=beside)
        return f"{outline} 1fr {FINDINGS_WIDTH}" if beside else f"{outline} 1fr"

    def action_outline_width(self, step: int) -> None:
        """Widen or narrow the outline by ``OUTLINE_STEP`` columns; the change is remembered for
        every report and kept as the screen's width changes."""
        width = self.app.size.width
        beside = self.sidebar_visible and not self.narrow
        now = outline_width(width, self.outline_offset, sidebar_beside=beside)
        wanted = _fit_outline(width, now + step * OUTLINE_STEP, beside)
        if wanted == now:
            self.notify("The outline is as " + ("wide" if step > 0 else "narrow") + " as it goes.", markup=False, timeout=2)
            return
        self.outline_offset = wanted - _auto_outline(width)
        self._layout(width)
        settings, _ = load_settings()
        settings["outline"] = self.outline_offset
        save_settings(settings)

    def action_toggle_sidebar(self) -> None:
        self.sidebar_visible = not self.sidebar_visible
        if not self.sidebar_visible and self._findings is not None and self._findings.has_focus:
            self.pane_view_focus()
        self._layout(self.app.size.width)

    def action_focus_pane(self, name: str) -> None:
        # Focus moves now (set_focus), not after the queue (Widget.focus): keys typed in the
        # same burst ("h j j") are bound by where focus is when they are handled.
        if name == "outline":
            self.set_focus(self.outline)
        elif name == "findings":
            if not self.sidebar_visible or not self.findings.is_attached:
                self.sidebar_visible = True
                self._layout(self.app.size.width)
                self.call_after_refresh(self.findings.focus)
            else:
                self.set_focus(self.findings)
        else:
            self.pane_view_focus()

    # -- moving around -----------------------------------------------------------

    @property
    def view(self) -> SectionView | None:
        return self.pane.view

    @property
    def section_index(self) -> int:
        return self.section_index_of.get(self.current.id, 0) if self.current else 0

    async def open_section(self, section: Section, *, block: int | None = None) -> SectionView:
        """Show a section (its top, or ``block`` at the top) and sync the tree and sidebar."""
        self.current = section
        view = await self.pane.show(section)
        if self.current is not section:
            # Another section was opened while this one's view was mounting (keys typed fast):
            # that one is in charge of the pane, tree and sidebar now.
            return view
        self._apply_spans(view)
        view.set_bookmarks({b.block for b in self.state.bookmarks if b.section == section.id})
        if block is not None:
            view.scroll_to_block(block)
        self.outline.select_section(section.id)
        if self._findings is not None:
            self._findings.mark(section.id)
        self.topbar.refresh()
        self.schedule_save()
        return view

    async def open_section_by_id(self, section_id: str, block: int | None = None) -> None:
        section = self.report.section(section_id)
        if section is not None:
            await self.open_section(section, block=block if block is not None else 0)

    async def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Section]) -> None:
        """The paragraph pane follows the tree cursor."""
        if event.node is not self.outline.cursor_node:
            return  # the cursor has moved on (j j typed fast): only where it is now counts
        section = event.node.data
        if section is not None and section is not self.current:
            await self.open_section(section)

    def on_outline_tree_read(self, event: OutlineTree.Read) -> None:
        self.action_focus_pane("paragraphs")

    async def on_findings_list_jump(self, event: FindingsList.Jump) -> None:
        row = event.row
        if row.section is None:
            self.notify(one_line(row.label), title="No section in the report body", markup=False)
            return
        # A recommendation printed as an item of its own: that very item, at the top.
        item = self.report.item_for(self.report.recommendations[row.index]) if row.kind == "recommendation" else None
        await self.open_section_by_id(row.section, item[1] if item else None)

    async def action_next_section(self) -> None:
        index = self.section_index + 1
        if index < len(self.sections):
            await self.open_section(self.sections[index], block=0)
        else:
            self.notify("This is the last section.", markup=False, timeout=2)

    async def action_previous_section(self) -> None:
        index = self.section_index - 1
        if index >= 0:
            await self.open_section(self.sections[index], block=0)
        else:
            self.notify("This is the first section.", markup=False, timeout=2)

    def on_section_view_moved(self, event: SectionView.Moved) -> None:
        self.remember_place()
        self.topbar.refresh()
        self.schedule_save()

    async def action_page_down(self) -> None:
        """A page on; at the end of a section, the next section from its top (read straight on)."""
        view = self.view
        if view is not None and view.at_end() and self.section_index + 1 < len(self.sections):
            await self.open_section(self.sections[self.section_index + 1], block=0)
            return
        self.pane.action_scroll("page_down")

    async def action_page_up(self) -> None:
        """A page back; at the top of a section, the previous section's last paragraph."""
        view = self.view
        if view is not None and view.at_top() and self.section_index > 0:
            previous = self.sections[self.section_index - 1]
            await self.open_section(previous, block=max(0, len(previous.blocks) - 1))
            return
        self.pane.action_scroll("page_up")

    # -- grade hotkeys -----------------------------------------------------------

    async def action_hotkey(self, char: str) -> None:
        code = (self.pending_prefix or "") + char
        self.pending_prefix = None
        if code in self.prefixes:
            self.pending_prefix = code
            self.topbar.refresh()
            return
        judgement = self.hotkey_map.get(code)
        self.topbar.refresh()
        if judgement is None:
            self.notify(f"No judgement has the key {code}.", markup=False, timeout=3)
            return
        await self.jump_to_judgement(judgement)

    async def jump_to_judgement(self, judgement: Judgement) -> None:
        section = self.report.section(judgement.section) if judgement.section else None
        if section is None:
            self.notify(
                f"{one_line(judgement.name)}: {judgement.grade.label} (printed “{one_line(judgement.grade.printed)}”)",
                title="Judged in the summary only",
                markup=False,
            )
            return
        if section.children and all(b.kind == "table" for b in section.blocks):
            # A SIF judgement heads a part ("Summary", "Inspection findings") and prints no more than
            # its key-judgement table: read the part's first text.
            section = next((s for s in section.walk() if any(b.kind != "table" for b in s.blocks)), section)
        await self.open_section(section, block=0)
        if self._findings is not None and self._findings.is_attached:
            self._findings.highlight_judgement(judgement)  # also when the list is in use

    def cancel_pending_prefix(self) -> None:
        if self.pending_prefix is not None:
            self.pending_prefix = None
            self.topbar.refresh()

    # -- status ------------------------------------------------------------------

    def status_text(self) -> tuple[Text, Text]:
        report = self.report
        left = Text(one_line(report.short_name()), style="bold")
        left.append(f" · {report.family}")
        if report.overall is not None:
            left.append(" · outcome " if scale_of(report.overall) == "send" else " · overall ")
            left.append_text(badge_text(report.overall, self.app.theme_variables, pad=False))
        elif report.judgements and report.family in ("ILACS", "SIF"):
            left.append(" · no overall grade", style="dim")  # ILACS from April 2026 gives none
        right = Text()
        if self.pending_prefix:
            right.append(f"key {self.pending_prefix}… ", style="bold reverse")
            right.append(" ")
        if self.search_query:
            right.append(f"/{one_line(self.search_query)[:24]} ", style="bold")
            if self.hits:
                position = f"{self.hit_index + 1}/{len(self.hits)}" if self.hit_index is not None else f"{len(self.hits)}"
                right.append(f"{position} hits  ")
            else:
                right.append("no match  ")
        block = self.current_block()
        if block is not None and block.page is not None:
            right.append(f"p. {block.page}" + ("  " if block.number is not None else ""))
        if block is not None and block.number is not None:
            right.append(f"para {block.number}")
        if self.state.bookmarks:
            right.append(f"  {len(self.state.bookmarks)} marked")
        return left, right

    def current_block(self) -> Block | None:
        view = self.view
        if view is None or not view.section.blocks:
            return None
        return view.section.blocks[min(view.current_block, len(view.section.blocks) - 1)]

    # -- paragraphs --------------------------------------------------------------

    def citation(self, block: Block) -> str:
        """"Lancashire, published 26 January 2023, p. 7, para 27" (see :mod:`ofsted_reader.citation`)."""
        from ofsted_reader.citation import cite

        where = self.titles[self.current.id] if self.current else None
        return one_line(cite(self.report, block, where))

    def action_copy(self) -> None:
        block = self.current_block()
        if block is None:
            self.notify("Nothing to copy here.", markup=False, timeout=2)
            return
        citation = self.citation(block)
        self.app.copy_to_clipboard(f"{block_plain(block)}\n({citation})")
        self.notify(f"{block_excerpt(block, 8)}…\n({citation})", title=f"Copied {block_name(block)}", markup=False, timeout=4)

    def action_bookmark(self) -> None:
        block = self.current_block()
        view = self.view
        if block is None or view is None or self.current is None:
            self.notify("No paragraph here to bookmark.", markup=False, timeout=2)
            return
        index = view.current_block
        existing = self.state.bookmark_at(self.current.id, index)
        where = block_name(block)
        if existing is not None:
            self.state.bookmarks.remove(existing)
            self.notify(f"Bookmark on {where} removed.", markup=False, timeout=2)
        else:
            self.state.bookmarks.append(Bookmark(self.current.id, index, block.number, block_excerpt(block)))
            self.notify(f"Bookmarked {where}. ' lists bookmarks.", markup=False, timeout=2)
        view.set_bookmarks({b.block for b in self.state.bookmarks if b.section == self.current.id})
        self.topbar.refresh()
        self.save_place()

    def action_bookmarks(self) -> None:
        from ofsted_reader.tui.screens.dialogs import BookmarksScreen

        def deleted(bookmark: Bookmark) -> None:
            if bookmark in self.state.bookmarks:
                self.state.bookmarks.remove(bookmark)
            if self.view is not None and self.current is not None:
                self.view.set_bookmarks({b.block for b in self.state.bookmarks if b.section == self.current.id})
            self.topbar.refresh()
            self.save_place()

        async def chosen(bookmark: Bookmark | None) -> None:
            if bookmark is not None:
                await self.open_section_by_id(bookmark.section, bookmark.block)
                self.pane_view_focus()

        in_reading_order = sorted(self.state.bookmarks, key=lambda b: (self.section_index_of.get(b.section, len(self.sections)), b.block))
        self.app.push_screen(BookmarksScreen(in_reading_order, self.titles, deleted), chosen)

    # -- help, themes ------------------------------------------------------------

    def key_groups(self) -> list[tuple[str, list[KeyRow]]]:
        """Every key the reader answers to, by where it works (for ``?``)."""
        from ofsted_reader.tui.widgets.findings import FindingsList

        app = self.app
        hotkey_rows = []
        for code, judgement in self.hotkeys:
            text = f"{badge(judgement.grade):<4} {one_line(judgement.name)}"
            part = judgement.section.split("/")[0] if judgement.section else ""
            if part and part != judgement.section:
                text += f" — {one_line(self.titles.get(part, part))}"
            hotkey_rows.append((" ".join(code), text))
        return [
            ("Anywhere in the reader", key_rows(bindings_of([type(self), type(app)], self.keymap), app)),
            ("Grade hotkeys (same keys as `ofsted-reader grades`)", hotkey_rows or [("", "This report has no graded judgements.")]),
            ("Outline (left)", key_rows(bindings_of([OutlineTree], self.keymap), app)),
            ("Paragraphs (centre)", key_rows(bindings_of([ParagraphPane], self.keymap), app)),
            ("Findings (right)", key_rows(bindings_of([FindingsList], self.keymap), app)),
            ("Search prompt", [("Enter", "Keep the search and close the prompt"), ("Esc", "Cancel the search")]),
            ("Focus", [("tab shift+tab", "Next / previous pane"), ("h l", "Pane to the left / right")]),
        ]

    def action_help(self) -> None:
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.key_groups()))

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self._theme_name:
            return  # the start-up announcement of the theme we were built with
        self._theme_name = theme.name
        self.outline.refresh_labels()
        if self._findings is not None:
            self._findings.rebuild()
        self.topbar.refresh()
        self.pane.heading.refresh(layout=True)

    # -- keeping your place --------------------------------------------------------

    def schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_place)

    def remember_place(self) -> None:
        """Note the place in memory (cheap; called on every scroll)."""
        view = self.view
        if self.current is None or view is None or view.section is not self.current:
            return
        self.state.section = self.current.id
        if view.size.width:  # zero while the screen is being torn down
            self.state.block = view.current_block
            self.state.scroll_y = float(view.scroll_y)
            self.state.width = view.size.width

    def save_place(self) -> None:
        """Write the place and bookmarks to disk."""
        if self.current is None:
            return
        self.remember_place()
        save_state(self.report.source.sha256, self.state)


def _remembered_offset() -> int:
    """The outline's width as ``+``/``-`` left it (columns over the automatic width)."""
    offset = load_settings()[0].get("outline", 0)
    return offset if isinstance(offset, int) and not isinstance(offset, bool) and abs(offset) <= 200 else 0
