"""Command palette (ctrl+p): "Go to …" every section, plus the reader's commands.

Section titles are report text, so hits are built as plain ``Content`` with the
fuzzy-matched letters styled — never through ``Matcher.highlight``, which reads
its argument as markup.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ofsted_reader.grades import badge
from ofsted_reader.textsafe import inert

if TYPE_CHECKING:
    from ofsted_reader.tui.reader import ReaderScreen


class SectionsProvider(Provider):
    """One "Go to …" command per section, with its hotkey and badge."""

    def _reader(self) -> ReaderScreen | None:
        from ofsted_reader.tui.reader import ReaderScreen

        screen = self.screen
        return screen if isinstance(screen, ReaderScreen) else None

    def _commands(self) -> Iterator[tuple[str, str, object]]:
        reader = self._reader()
        if reader is None:
            return
        for section in reader.sections:
            key = reader.hotkey_for.get(section.id)
            grade = f" [{badge(section.grade)}]" if section.grade else ""
            keyhint = f" (key {key})" if key else ""
            parent = section.id.rsplit("/", 1)[0] if "/" in section.id else ""
            parent_title = reader.titles.get(parent, "")
            label = f"Go to {inert(section.title, newlines=False)}{grade}"
            help_text = f"{inert(parent_title, newlines=False)}{keyhint}".strip()
            yield label, help_text, partial(reader.open_section_by_id, section.id)

    async def discover(self) -> Hits:
        for label, help_text, callback in self._commands():
            yield DiscoveryHit(Content(label), callback, help=help_text or None)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        style = matcher.match_style
        for label, help_text, callback in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, label)
            if score <= 0:
                continue
            content = Content(label)
            for offset in offsets:
                if not label[offset].isspace():
                    content = content.stylize(style, offset, offset + 1)
            yield Hit(matcher.match(label), content, callback, help=help_text or None)  # type: ignore[arg-type]
