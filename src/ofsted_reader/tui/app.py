"""The reader app: opens a report (from the cache, or parsed in a worker) and reads it.

``run(path, theme=None)`` is what ``ofsted-reader [PATH]`` calls.  The report is
opened in a thread worker; if that takes more than a moment (a PDF not yet in
the cache) a progress screen shows *page i of n* and Esc cancels.  A file that
cannot be opened is a message in the app and exit code 2, never a traceback.

A folder opens the library view (:mod:`ofsted_reader.tui.screens.library`), scanned
against the library index before the app starts so the table is the first frame;
reports opened from it (or from its history and search screens) go on top, and
Esc in the reader comes back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar, Iterable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState, get_current_worker

from ofsted_reader import startup
from ofsted_reader.errors import InputError
from ofsted_reader.index import Hit, Summary
from ofsted_reader.model import Report
from ofsted_reader.paths import sample_report
from ofsted_reader.reports import Opened, library_index, load_report, open_cached, open_report
from ofsted_reader.state import load_settings, load_state, save_settings
from ofsted_reader.tui.keymap import load_keymap, unknown_ids
from ofsted_reader.tui.keyrouting import note_target, route_late_key
from ofsted_reader.tui.messages import OpenHit, OpenReport
from ofsted_reader.tui.themes import (
    DEFAULT_THEME,
    GRADE_VARIABLE_DEFAULTS,
    SHIPPED_ORDER,
    ParsedYaml,
    ThemeSource,
    configured_theme,
    discover_themes,
)

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_CANCELLED = 0, 1, 2, 130
LOADING_DELAY = 0.2
"""Seconds before the progress screen appears (a cached report opens well within this)."""


class OpenCancelled(BaseException):
    """Raised from the progress callback to stop a parse the user cancelled.

    A BaseException so that no ``except Exception`` in the ingest layer swallows it.
    """


class OfstedReaderApp(App[int]):
    """A keyboard-driven reader for one Ofsted report."""

    TITLE = "ofsted-reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
    ]
    CSS = """
    /* Without colour a list's highlighted row (the findings, the dialogs) would not show: underline
       it (an option list's row takes bold, italic and underline from CSS, not reverse). */
    OptionList:nocolor > .option-list--option-highlighted { text-style: bold underline; }
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, theme: str | None = None) -> None:
        # Under NO_COLOR every colour goes (the terminal's own text on its own background, with
        # bold, reverse and underline): Textual picks that filter only for a theme of ANSI colours
        # and picks it before our theme is set; its other filter, greys, drew the 16-colour theme
        # black on black and light greys on white.
        super().__init__(ansi_color=True if os.environ.get("NO_COLOR") is not None else None)
        self.requested_theme = theme
        self.startup_notices: list[str] = []
        self.themes: dict[str, ThemeSource] = {}
        self.keymap: dict[str, str] = {}
        """Binding id → keys, from the user's ``keymap.yaml`` (see :mod:`ofsted_reader.tui.keymap`)."""
        self.theme = self._setup_themes_and_keys()
        # No animated scrolling: over SSH every frame of an animation is bytes on the wire,
        # and a jump should land at once.
        self.animation_level = "none"
        self.path = Path(path) if path is not None else sample_report()
        self._loading: Screen | None = None
        self._worker: Worker | None = None
        self._remember_theme = False
        self._preopened: Opened | None = None
        self._folder = None
        self._folder_error: str | None = None
        if self.path.is_dir():
            self._folder = self._open_folder(self.path)
        else:
            # A warm open is a few milliseconds, cheaper done here than in a worker behind a blank screen.
            self._preopened = open_cached(self.path, max_bytes=FAST_OPEN_MAX_BYTES)

    # -- themes ------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(GRADE_VARIABLE_DEFAULTS)

    def _setup_themes_and_keys(self) -> str:
        """Register shipped and user themes and apply the user's keymap; the theme to use: --theme,
        the remembered pick, config.yaml, the default."""
        parsed = ParsedYaml.open()
        self.themes, problems = discover_themes(parsed)
        for source in self.themes.values():
            self.register_theme(source.theme)
        settings, notice = load_settings()
        if notice:
            self.startup_notices.append(notice)
        configured, problem = configured_theme(parsed)
        self.keymap, keymap_problems = load_keymap(parsed)
        parsed.close()
        if self.keymap:
            self.set_keymap(self.keymap)
        self.startup_notices.extend(keymap_problems)
        if problem:
            problems.append(problem)
        # --theme, then the last theme picked in the reader, then the config file.
        wanted = self.requested_theme or settings.get("theme") or configured or DEFAULT_THEME
        if not isinstance(wanted, str) or wanted not in self.available_themes:
            if self.requested_theme:
                problems.append(f"there is no theme called “{wanted}”")
            elif wanted != DEFAULT_THEME:
                problems.append(f"the theme “{wanted}” (remembered or configured) is not available")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        if problems:
            self.startup_notices.append(f"Theme trouble: {'; '.join(problems)}. Using {wanted}.")
        return wanted

    def theme_choices(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(name, description) of the shipped themes then the user's; and of Textual's own."""
        order = {name: index for index, name in enumerate(SHIPPED_ORDER)}
        shipped = sorted((name for name, s in self.themes.items() if not s.user), key=lambda n: (order.get(n, 99), n))
        ours = [(name, self.themes[name].description) for name in shipped]
        users = [(name, s.description or "your theme") for name, s in self.themes.items() if s.user]
        builtin = [(name, "Textual") for name in sorted(self.available_themes) if name not in self.themes]
        return ours + users, builtin

    def action_pick_theme(self) -> None:
        from ofsted_reader.tui.screens.dialogs import ThemePicker

        ours, textuals = self.theme_choices()
        self.push_screen(ThemePicker(ours, textuals, self.theme))

    def _theme_changed(self, theme: Theme) -> None:
        if self._remember_theme:
            settings, _ = load_settings()
            if settings.get("theme") != theme.name:
                settings["theme"] = theme.name
                save_settings(settings)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # Textual's own "Keys" panel (half the screen at 80 columns, Esc does not close it)
            # and "Theme" list: Help (?) and the theme key do both, for our keys and themes.
            if command.title not in ("Keys", "Theme"):
                yield command

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                note_target(self, event)
            elif route_late_key(self, event):
                return
        await super().on_event(event)

    def _check_keymap(self) -> None:
        """Report keymap ids that are no binding's (done once the reader is up: it looks at every screen)."""
        for problem in unknown_ids(self.keymap, all_binding_ids()):
            self.notify(problem, severity="warning", markup=False, timeout=8)

    # -- opening -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_timer(1.0, startup.reader_started)  # the first frames are out
        if self.keymap:
            self.set_timer(1.0, self._check_keymap)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._remember_theme = True
        for notice in self.startup_notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)
        if self.path.is_dir():
            if self._folder is None:
                self.show_message(f"Cannot open {self.path.name or self.path}", self._folder_error or "", EXIT_INPUT)
            return  # the library is the default screen
        if self._preopened is not None:
            return  # opened from the cache before the app started (see get_default_screen)
        self.set_timer(LOADING_DELAY, self._show_loading)
        self._worker = self.load_report(self.path)

    def get_default_screen(self) -> Screen:
        """The reader itself when the report was in the cache: no blank first frame, no screen switch."""
        if self._preopened is not None:
            return self._reader_screen(self._preopened)
        if self._folder is not None:
            from ofsted_reader.tui.screens.library import LibraryScreen

            return LibraryScreen(self._folder, keymap=self.keymap)
        return super().get_default_screen()

    # -- the library -------------------------------------------------------------

    def _open_folder(self, path: Path):  # -> library.Folder | None
        """Scan the folder before the app starts (summaries from the index: no document is loaded)."""
        import sqlite3

        from ofsted_reader.tui.screens.library import open_folder

        try:
            return open_folder(path)
        except (OSError, sqlite3.Error) as exc:
            self._folder_error = f"The library index could not be opened or read ({exc})."
            return None

    def on_open_report(self, message: OpenReport) -> None:
        self.read_report(message.row)

    def on_open_hit(self, message: OpenHit) -> None:
        hit = message.hit
        folder = self._folder
        path = folder.index.path_for(hit.sha) if folder is not None else None
        self.read_report(Summary(hit.sha, "", "", hit.short_name, "", "", "", "", None, path=path or ""), hit=hit, query=message.query)

    def read_report(self, row: Summary, *, hit: Hit | None = None, query: str = "") -> None:
        """Open a library row in the reader, at its saved place (or at ``hit`` of the search
        ``query``); Esc comes back."""
        report = None
        if row.sha:
            with library_index() as index:
                report = load_report(row.sha, index)
        if report is None and row.path:
            opened = open_cached(Path(row.path))
            report = opened.report if opened is not None else None
        if report is None:
            if not row.path:
                self.notify("That report is no longer in the cache.", severity="warning", markup=False)
                return
            self.notify(f"Parsing {Path(row.path).name} again…", markup=False, timeout=3)
            self._reopen(Path(row.path), hit, query)
            return
        self._push_reader(report, hit, query)

    @work(thread=True, group="reopen", exit_on_error=False)
    def _reopen(self, path: Path, hit: Hit | None, query: str) -> None:
        try:
            report = open_report(path).report
        except InputError as exc:
            self.call_from_thread(self.notify, f"{path.name}: {exc.reason}", severity="error", markup=False)
            return
        self.call_from_thread(self._push_reader, report, hit, query)

    def _push_reader(self, report: Report, hit: Hit | None = None, query: str = "") -> None:
        from ofsted_reader.tui.screens.reader import ReaderScreen

        state, notice = load_state(report.source.sha256)
        highlight = ""
        section = report.section(hit.section_id) if hit is not None else None
        if section is not None:
            state.section, state.block, state.scroll_y, state.width = hit.section_id, hit.block or 0, 0.0, 0
            highlight = _highlight_for(section, hit, query)
        self.push_screen(
            ReaderScreen(report, state, notices=[notice] if notice else [], can_go_back=True, highlight=highlight, keymap=self.keymap)
        )

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def load_report(self, path: Path) -> Opened | None:
        worker = get_current_worker()

        def progress(page: int, pages: int) -> None:
            if worker.is_cancelled:
                raise OpenCancelled
            self.call_from_thread(self._progress, page, pages)

        try:
            return open_report(path, progress=progress)
        except OpenCancelled:
            return None

    def _progress(self, page: int, pages: int) -> None:
        from ofsted_reader.tui.screens.dialogs import LoadingScreen

        if self._loading is None and self._worker is not None and self._worker.state == WorkerState.RUNNING:
            self._show_loading()
        if isinstance(self._loading, LoadingScreen):
            self._loading.set_progress(page, pages)

    def _show_loading(self) -> None:
        from ofsted_reader.tui.screens.dialogs import LoadingScreen

        if self._loading is not None or self._worker is None or self._worker.state != WorkerState.RUNNING:
            return
        self._loading = LoadingScreen(self.path.name, self.cancel_loading)
        self.push_screen(self._loading)

    def cancel_loading(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self.exit(return_code=EXIT_CANCELLED)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker:
            return
        if event.state == WorkerState.SUCCESS:
            opened = event.worker.result
            if opened is None:
                self.exit(return_code=EXIT_CANCELLED)
            else:
                self.show_report(opened)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, InputError):
                self.show_message(f"Cannot open {self.path.name}", error.reason, EXIT_INPUT)
            else:
                self.show_message(
                    f"Cannot open {self.path.name}",
                    f"ofsted-reader hit a problem it did not expect ({type(error).__name__}: {error}). "
                    "This is a bug; please report it with the file if you can.",
                    EXIT_BUG,
                )

    def show_report(self, opened: Opened) -> None:
        self._replace_start_screen(self._reader_screen(opened))

    def _reader_screen(self, opened: Opened) -> Screen:
        from ofsted_reader.tui.screens.reader import ReaderScreen

        state, notice = load_state(opened.report.source.sha256)
        return ReaderScreen(opened.report, state, notices=[notice] if notice else [], keymap=self.keymap)

    def show_message(self, title: str, message: str, code: int) -> None:
        from ofsted_reader.tui.screens.dialogs import MessageScreen

        self._replace_start_screen(MessageScreen(title, message, lambda: self.exit(return_code=code)))

    def _replace_start_screen(self, screen: Screen) -> None:
        if self._loading is not None and self.screen is self._loading:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self._loading = None


def _highlight_for(section, hit, query: str) -> str:
    """What the reader highlights at a search hit: the words as typed when they appear together
    in the paragraph (the reader's search is a phrase search), else the first word the index matched."""
    from ofsted_reader.tui.widgets.hit_list import first_hit_word
    from ofsted_reader.textsafe import block_parts
    from ofsted_reader.tui.search import compile_query

    pattern = compile_query(query) if query.strip() else None
    blocks = section.blocks
    if pattern is not None and hit.block is not None and 0 <= hit.block < len(blocks):
        if any(pattern.search(part) for part in block_parts(blocks[hit.block])):
            return " ".join(query.split())
    return first_hit_word(hit.snippet)


FAST_OPEN_MAX_BYTES = 64 * 1024 * 1024
"""Files larger than this are not looked up before the app starts (the worker opens them)."""


def all_binding_ids() -> set[str]:
    """Every binding id of the reader's app, screens and widgets: what a keymap may name."""
    from ofsted_reader.tui.screens import dialogs, history, library, library_search, national, neighbours, reader

    loaded = {m.__name__ for m in (dialogs, history, library, library_search, national, neighbours, reader)}  # and the widgets they use

    def subclasses(cls: type) -> Iterable[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        binding.id
        for cls in (OfstedReaderApp, *subclasses(DOMNode))
        if cls.__module__.startswith("ofsted_reader.") and (cls.__module__ in loaded or ".widgets." in cls.__module__ or cls is OfstedReaderApp)
        for binding in Binding.make_bindings(cls.BINDINGS)
        if binding.id
    }


def run(path: str | os.PathLike[str] | None = None, theme: str | None = None) -> int:
    """Open the reader on ``path`` (None: the bundled sample); returns the exit code."""
    app = OfstedReaderApp(path, theme=theme)
    startup.reader_built()
    app.run()
    return int(app.return_code or 0)
