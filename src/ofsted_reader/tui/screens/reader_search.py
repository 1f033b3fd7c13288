"""The reader's search and its prompt: ``/`` searches the whole report as you type (every hit
highlighted, ``n``/``N`` from where you are reading; once Esc cleared it, ``n``/``N`` search the
last words again), ``:`` goes to a paragraph by its number (``:27``) or to a page (``:p7``).

A part of :class:`~ofsted_reader.tui.screens.reader.ReaderScreen` (a mixin), in a module of its
own: it uses the screen's report, sections, pane, prompt and top bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.widget import Widget

from ofsted_reader.tui.render import Span, one_line
from ofsted_reader.tui.widgets.paragraphs import SectionView

if TYPE_CHECKING:
    from ofsted_reader.model import Section
    from ofsted_reader.tui.search import Hit, Position, SearchIndex
    from ofsted_reader.tui.widgets.prompt import PromptBar

# The search module is imported on the first search, and the prompt after the first paint:
# the reader's start loads neither (see ReaderScreen.prompt).


class ReportSearch:
    """Search state and commands of the reader screen."""

    search_index: SearchIndex | None = None
    search_query = ""
    hits: list[Hit]
    """Every hit of the search, in reading order (set by the screen)."""
    hit_index: int | None = None
    last_search = ""
    """The last search kept (Enter) or cleared (Esc): ``n``/``N`` search it again once cleared, as less and vim do."""
    _search_origin: tuple[Section, int] | None = None

    async def action_search(self) -> None:
        await self._mount_prompt()
        if self.current is not None and self.view is not None:
            self._search_origin = (self.current, self.view.current_block)
        self._ensure_search_index()
        self.prompt.open("search", return_focus=self._focus_after_prompt())

    async def action_goto_paragraph(self) -> None:
        await self._mount_prompt()
        self.prompt.open("paragraph", return_focus=self._focus_after_prompt())

    def _focus_after_prompt(self) -> Callable[[], Widget | None]:
        """Focus returns to the pane it came from."""
        before = self.focused

        def resolve() -> Widget | None:
            if before is None or not before.display:
                return self.pane
            return before

        return resolve

    async def on_prompt_bar_changed(self, event: PromptBar.Changed) -> None:
        if event.mode != "search":
            return
        await self.set_search(event.value, incremental=True)

    async def on_prompt_bar_submitted(self, event: PromptBar.Submitted) -> None:
        if event.mode == "paragraph":
            value = event.value.strip().casefold()
            if value.startswith("p") and value[1:].isdigit():
                await self.goto_page(int(value[1:]))
            elif value.isdigit():
                await self.goto_paragraph(int(value))
            return
        if event.value.strip() != self.search_query:
            await self.set_search(event.value, incremental=True)
        if self.search_query:
            self.last_search = self.search_query
        if self.search_query and not self.hits:
            self.notify(f"No match for “{one_line(self.search_query)}”.", markup=False, timeout=3)

    async def on_prompt_bar_cancelled(self, event: PromptBar.Cancelled) -> None:
        if event.mode == "search":
            origin = self._search_origin
            await self.set_search("")
            if origin is not None:
                await self.open_section(origin[0], block=origin[1])

    async def set_search(self, query: str, *, incremental: bool = False) -> None:
        """Search the whole report; with ``incremental`` move to the first hit from where the search began."""
        from ofsted_reader.tui.search import next_hit

        self.search_query = query.strip()
        index = self._ensure_search_index()
        self.hits = index.find(self.search_query) if self.search_query else []
        self.hit_index = None
        if self._prompt is not None and self._prompt.is_open and self._prompt.mode == "search":
            self._prompt.set_count(f"{len(self.hits)} hit{'s' if len(self.hits) != 1 else ''}" if self.search_query else "")
        if incremental and self.hits:
            origin = self._search_origin
            position: Position = (
                (self.section_index_of[origin[0].id], origin[1], -1, -1) if origin else (0, 0, -1, -1)
            )
            found = next_hit(self.hits, position, inclusive=True)
            if found is not None:
                await self._go_to_hit(found[0])
                return
        self._refresh_spans()
        self.topbar.refresh()

    def _ensure_search_index(self) -> SearchIndex:
        """The report's search index, built (and the search module imported) on the first search."""
        if self.search_index is None:
            from ofsted_reader.tui.search import SearchIndex

            self.search_index = SearchIndex(self.report)
        return self.search_index

    def _refresh_spans(self) -> None:
        for view in self.pane.views.values():
            self._apply_spans(view)

    def _apply_spans(self, view: SectionView) -> None:
        section_index = self.section_index_of[view.section.id]
        spans: dict[int, list[Span]] = {}
        current = self.hits[self.hit_index] if self.hit_index is not None else None
        for hit in self.hits:
            if hit.section == section_index:
                spans.setdefault(hit.block, []).append((hit.part, hit.start, hit.end, hit == current))
        view.set_spans(spans)

    def _reading_position(self) -> Position:
        from ofsted_reader.tui.search import hit_position

        view = self.view
        block = view.current_block if view is not None else 0
        if self.hit_index is not None:
            hit = self.hits[self.hit_index]
            if (hit.section, hit.block) == (self.section_index, block):
                return hit_position(hit)
        return (self.section_index, block, -1, -1)

    async def _go_to_hit(self, index: int) -> None:
        self.hit_index = index
        hit = self.hits[index]
        section = self.sections[hit.section]
        if section is not self.current:
            await self.open_section(section, block=hit.block)
        elif self.view is not None:
            self.view.scroll_to_block(hit.block)
        self._refresh_spans()
        self.topbar.refresh()

    async def _step_search(self, forward: bool) -> None:
        if not self.search_query and self.last_search:
            await self.set_search(self.last_search)  # cleared with Esc: n and N search it again
        if not self.hits:
            if self.search_query:
                self.notify(f"No match for “{one_line(self.search_query)}”.", markup=False, timeout=3)
            else:
                self.notify("Press / to search the report.", markup=False, timeout=3)
            return
        from ofsted_reader.tui.search import next_hit

        found = next_hit(self.hits, self._reading_position(), forward=forward)
        if found is None:
            return
        index, wrapped = found
        if wrapped:
            where = "top" if forward else "bottom"
            self.notify(f"Search wrapped to the {where} of the report.", markup=False, timeout=2)
        await self._go_to_hit(index)

    async def action_search_next(self) -> None:
        await self._step_search(True)

    async def action_search_previous(self) -> None:
        await self._step_search(False)

    async def action_clear(self) -> None:
        if self.pending_prefix is not None:
            self.cancel_pending_prefix()
            return
        if self.search_query:
            self.last_search = self.search_query
            await self.set_search("")
            return
        if self.can_go_back:
            self.save_place()
            self.dismiss()

    async def goto_page(self, page: int) -> bool:
        """The first block that starts on ``page`` (else the last one begun before it: a page
        holding only the end of a paragraph)."""
        found: tuple[Section, int] | None = None
        pages = [b.page for s in self.sections for b in s.blocks if b.page is not None]
        if not pages:
            self.notify("This report has no page numbers (it was read from text, not a PDF).", markup=False, timeout=3)
            return False
        if not min(pages) <= page <= max(pages):
            self.notify(f"There is no page {page} (the text runs over pages {min(pages)}–{max(pages)}).", markup=False, timeout=3)
            return False
        for section in self.sections:
            for index, block in enumerate(section.blocks):
                if block.page is not None and block.page <= page:
                    found = (section, index)
                    if block.page == page:
                        await self.open_section(section, block=index)
                        return True
        assert found is not None
        await self.open_section(found[0], block=found[1])
        return True

    async def goto_paragraph(self, number: int) -> bool:
        place = self.paragraph_at.get(number)
        if place is None:
            numbers = sorted(self.paragraph_at)
            span = f" (paragraphs run {numbers[0]}–{numbers[-1]})" if numbers else ""
            self.notify(f"There is no paragraph {number}{span}.", markup=False, timeout=3)
            return False
        section_id, block = place
        await self.open_section_by_id(section_id, block)
        return True
