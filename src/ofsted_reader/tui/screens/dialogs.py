"""Screens over the reader: help, bookmarks, theme and region pickers, loading progress, messages.

Every dialog closes with Esc and works with j/k as well as the arrows.  Text
from a report (bookmark excerpts, file names) goes in as ``Text``, never markup.
"""

from __future__ import annotations

from typing import Callable, ClassVar, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ofsted_reader.state import Bookmark
from ofsted_reader.textsafe import inert

KeyGroup = tuple[str, Sequence[tuple[str, str]]]
"""A heading and its (keys, what they do) rows."""


class VimOptionList(OptionList):
    DEFAULT_CSS = """
    VimOptionList > .option-list--separator { color: $rule; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]


class HelpScreen(ModalScreen[None]):
    """Every key and what it does, built from the live bindings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
        Binding("space,pagedown", "scroll('page_down')", "Page down", show=False, id="help.page-down"),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False, id="help.page-up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll('end')", "End", show=False, id="help.end"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 96; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, groups: Sequence[KeyGroup], title: str = "Keys", *, key_width: int = 16) -> None:
        """``key_width``: the most cells the first column takes before it wraps."""
        super().__init__()
        self.groups = groups
        self.title_text = title
        self.key_width = key_width

    def compose(self) -> ComposeResult:
        from rich.console import Group

        width = max((len(keys) for _, rows in self.groups for keys, _ in rows), default=4)
        parts: list[Table | Text] = []
        for heading, rows in self.groups:
            parts.append(Text(heading, style="bold underline"))
            table = Table(box=None, show_header=False, expand=True, padding=(0, 1, 0, 0))
            # Long entries (a legend, a file's path) wrap rather than being cut.
            table.add_column("Keys", style="bold", width=min(width, self.key_width), overflow="fold")
            table.add_column("Does", ratio=1)
            for keys, does in rows:
                table.add_row(Text(keys), Text(does))
            parts.append(table)
            parts.append(Text(""))
        scroll = VerticalScroll(Static(Group(*parts)))
        scroll.border_title = f"{self.title_text} — Esc closes"
        yield scroll

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one(VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)


class BookmarksScreen(ModalScreen["Bookmark | None"]):
    """The report's bookmarks, as the caller orders them (the reader: reading order): Enter opens
    one, d deletes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,apostrophe", "dismiss(None)", "Close", id="bookmarks.close"),
        Binding("d,delete,x", "delete", "Delete bookmark", id="bookmarks.delete"),
    ]
    DEFAULT_CSS = """
    BookmarksScreen { align: center middle; }
    BookmarksScreen > Vertical {
        width: 90%; max-width: 90; height: auto; max-height: 80%;
        border: round $primary; background: $surface;
    }
    BookmarksScreen VimOptionList, BookmarksScreen VimOptionList:focus { border: none; height: auto; max-height: 20; }
    BookmarksScreen .hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, bookmarks: list[Bookmark], titles: dict[str, str], on_delete: Callable[[Bookmark], None]) -> None:
        super().__init__()
        self.bookmarks = list(bookmarks)
        self.titles = titles
        self.on_delete = on_delete

    def _prompt(self, bookmark: Bookmark) -> Text:
        where = f"para {bookmark.number}" if bookmark.number is not None else "text"
        out = Text(f"{where:<9} ", style="bold")
        out.append(inert(self.titles.get(bookmark.section, bookmark.section), newlines=False), style="italic")
        if bookmark.excerpt:
            out.append(" — " + inert(bookmark.excerpt, newlines=False))
        return out

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Bookmarks ({len(self.bookmarks)})"
            if self.bookmarks:
                yield VimOptionList(*[Option(self._prompt(b)) for b in self.bookmarks], markup=False)
                yield Static("Enter opens · d deletes · Esc closes", classes="hint")
            else:
                yield Static("No bookmarks yet. Press m on a paragraph to mark it. (Esc closes)", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.bookmarks[event.option_index])

    def action_delete(self) -> None:
        if not self.bookmarks:
            return
        options = self.query_one(VimOptionList)
        index = options.highlighted
        if index is None:
            return
        bookmark = self.bookmarks.pop(index)
        self.on_delete(bookmark)
        options.remove_option_at_index(index)
        self.query_one(Vertical).border_title = f"Bookmarks ({len(self.bookmarks)})"


class ThemePicker(ModalScreen["str | None"]):
    """Choose a theme; moving the highlight previews it on the screen underneath (the picker's
    own background is clear), Esc puts the old one back.  Our themes first, then, after a rule,
    Textual's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="themes.cancel"),
    ]
    DEFAULT_CSS = """
    ThemePicker { align: center bottom; background: transparent; }
    ThemePicker > Vertical {
        width: 60; max-width: 95%; height: auto; max-height: 50%;
        border: round $primary; background: $surface; margin-bottom: 1;
    }
    ThemePicker VimOptionList, ThemePicker VimOptionList:focus { border: none; height: auto; max-height: 10; }
    """

    def __init__(self, ours: list[tuple[str, str]], others: list[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.ours = ours
        """(theme name, description) of the shipped themes and the user's, in the order to show."""
        self.others = others
        """Textual's own themes, listed after a rule."""
        self.original = current

    def compose(self) -> ComposeResult:
        def option(name: str, description: str) -> Option:
            label = Text(name, style="bold")
            if description:
                label.append(f"  {description}", style="italic")  # not dim: it must read on the cursor row too
            return Option(label, id=name)

        with Vertical() as box:
            box.border_title = "Theme — Enter keeps, Esc cancels"
            options: list[Option | None] = [option(*choice) for choice in self.ours]
            if self.ours and self.others:
                options.append(None)  # a rule
            options += [option(*choice) for choice in self.others]
            yield VimOptionList(*options, markup=False)

    def on_mount(self) -> None:
        options = self.query_one(VimOptionList)
        try:
            options.highlighted = options.get_option_index(self.original)
        except OptionDoesNotExist:  # the current theme is not in the list
            options.highlighted = 0
        options.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.app.theme = event.option.id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.app.theme = self.original
        self.dismiss(None)


class RegionPicker(ModalScreen["str | None"]):
    """Choose a region of England (or all of it); Enter keeps, Esc leaves the table as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="regions.cancel"),
    ]
    DEFAULT_CSS = """
    RegionPicker { align: center middle; }
    RegionPicker > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 80%;
        border: round $primary; background: $surface;
    }
    RegionPicker VimOptionList { border: none; height: auto; max-height: 20; }
    """

    def __init__(self, choices: list[tuple[str, str, str]], current: str) -> None:
        """``choices``: (value, name, what it holds) in the order to show; value "" is all of England."""
        super().__init__()
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Region — Enter keeps, Esc cancels"
            options = []
            for index, (_, name, note) in enumerate(self.choices):
                label = Text(name, style="bold")
                if note:
                    label.append(f"  {note}", style="dim")
                options.append(Option(label, id=f"region-{index}"))
            yield VimOptionList(*options, markup=False)

    def on_mount(self) -> None:
        options = self.query_one(VimOptionList)
        options.highlighted = next((i for i, (value, _, _) in enumerate(self.choices) if value == self.current), 0)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class LoadingScreen(Screen[None]):
    """Shown while a report not in the cache is parsed: page i of n, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="loading.cancel"),
    ]
    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen > Vertical { width: 64; max-width: 95%; height: auto; border: round $primary; padding: 1 2; }
    LoadingScreen ProgressBar { width: 100%; }
    LoadingScreen #pages, LoadingScreen .hint { color: $text-muted; }
    """

    def __init__(self, name: str, on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self.source_name = name
        self.on_cancel = on_cancel
        self._progress: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        from textual.widgets import ProgressBar

        with Vertical():
            yield Static(Text(f"Opening {inert(self.source_name, newlines=False)}", style="bold"))
            yield ProgressBar(total=None, show_eta=False, id="bar")
            yield Static("Reading…", id="pages")
            yield Static("Esc cancels", classes="hint")

    def on_mount(self) -> None:
        if self._progress is not None:
            self.set_progress(*self._progress)

    def set_progress(self, page: int, pages: int) -> None:
        from textual.widgets import ProgressBar

        self._progress = (page, pages)
        if not self.is_mounted:
            return  # shown on mount
        self.query_one("#bar", ProgressBar).update(total=pages or None, progress=page)
        self.query_one("#pages", Static).update(f"page {page} of {pages}" if pages else "Reading…")

    def action_cancel(self) -> None:
        if self.is_mounted:
            self.query_one("#pages", Static).update("Cancelling…")
        self.on_cancel()


class MessageScreen(Screen[None]):
    """A plain message in place of the reader (a file that cannot be opened, a folder)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Quit", id="message.close"),
    ]
    DEFAULT_CSS = """
    MessageScreen { align: center middle; }
    MessageScreen > Vertical { width: 72; max-width: 95%; height: auto; border: round $error; padding: 1 2; }
    MessageScreen .title { text-style: bold; }
    MessageScreen .hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, title: str, message: str, on_close: Callable[[], None]) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.on_close = on_close

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(inert(self.title_text, newlines=False)), classes="title")
            yield Static(Text(inert(self.message)), id="message")
            yield Static("Press q, Esc or Enter to quit.", classes="hint")

    def action_close(self) -> None:
        self.on_close()
