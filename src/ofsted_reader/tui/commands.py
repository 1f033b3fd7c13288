"""The command palette (ctrl+p): each screen lists its own commands.

* :class:`ScreenCommands` (every screen): the screen's and the app's keys, by what they do
  ("Search", "Bookmarks", "Council history"…) with their keys beside them, from the same
  bindings the key bar and ``?`` show;
* :class:`SectionsProvider` (the reader): "Go to …" every section, with its hotkey and badge.

Titles that hold report text are built as plain ``Content`` with the fuzzy-matched letters
styled, never through ``Matcher.highlight``, which reads its argument as markup.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterator, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ofsted_reader.grades import badge
from ofsted_reader.model import Section
from ofsted_reader.textsafe import inert
from ofsted_reader.tui.help import screen_bindings

Command = tuple[str, str, Callable[[], object]]
"""(title, help, what it does)"""


class _Commands(Provider):
    """A provider over a list of commands: discovery lists them all, search matches their titles."""

    def commands(self) -> Iterator[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(Content(title), callback, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        style = matcher.match_style
        for title, help_text, callback in self.commands():
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score <= 0:
                continue
            content = Content(title)
            for offset in offsets:
                if not title[offset].isspace():
                    content = content.stylize(style, offset, offset + 1)
            yield Hit(score, content, callback, help=help_text or None)


class ScreenCommands(_Commands):
    """What the screen's keys do, as commands (the keys are named beside them)."""

    def commands(self) -> Iterator[Command]:
        app = self.app
        active = screen_bindings(self.screen)
        seen: set[str] = set()
        for node, binding, _, _ in active:
            if not binding.id or not binding.description or binding.id.startswith("hotkey.") or binding.action in seen:
                continue
            seen.add(binding.action)
            keys = ", ".join(app.get_key_display(a.binding) for a in active if a.binding.action == binding.action)
            help_text = f"{binding.tooltip} ({keys})" if binding.tooltip else f"({keys})"
            yield binding.description, help_text, partial(app.run_action, binding.action, node)


class ReportSections(Protocol):
    """What the sections provider needs of the reader."""

    sections: list[Section]
    titles: dict[str, str]
    hotkey_for: dict[str, str]

    async def open_section_by_id(self, section_id: str, block: int | None = None) -> None: ...


class SectionsProvider(_Commands):
    """One "Go to …" command per section, with its hotkey and badge."""

    def commands(self) -> Iterator[Command]:
        reader = cast(ReportSections, self.screen)  # the provider is the reader screen's only
        for section in reader.sections:
            key = reader.hotkey_for.get(section.id)
            grade = f" [{badge(section.grade)}]" if section.grade else ""
            keyhint = f" (key {key})" if key else ""
            parent = section.id.rsplit("/", 1)[0] if "/" in section.id else ""
            label = f"Go to {inert(section.title, newlines=False)}{grade}"
            help_text = f"{inert(reader.titles.get(parent, ''), newlines=False)}{keyhint}".strip()
            yield label, help_text, partial(reader.open_section_by_id, section.id)
