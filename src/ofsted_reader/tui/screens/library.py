"""The library view: every report in a folder, one row each.

``ofsted-reader FOLDER`` opens this.  Rows come from the library index (a small
summary per report, see :mod:`ofsted_reader.library`), so a folder of hundreds
of cached reports paints without loading one document.  Files not parsed yet
are parsed in worker processes (:class:`~ofsted_reader.pool.Pool`, :func:`~ofsted_reader.batch.parse_one`)
while the table is up: "parsing i/n" in the top bar, each row appearing as its
file finishes, unusable files listed with their reasons (``!``).

Keys: every letter and digit filters (a council is typed as printed, "Kent" or
"kent"), so the commands are keys no name starts with: the arrows and paging keys
move; Enter opens the report in the reader (Esc there comes back to the same
row); ``=`` shows the council's inspections side by side; ``/`` searches the
text of every report shown; ``>``/``<``/``~`` sort; Ctrl+S saves the table as shown
and Ctrl+E every recommendation of its reports (:mod:`.library_export`).  The sort and
filter are remembered per folder.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from ofsted_reader.batch import parse_one, reason_of
from ofsted_reader.councils import council_key
from ofsted_reader.index import Index, Summary
from ofsted_reader.library import history, scan
from ofsted_reader.pool import Pool, cores
from ofsted_reader.source import report_files
from ofsted_reader.state import LibraryState, load_library_state, save_library_state
from ofsted_reader.tui.commands import ScreenCommands
from ofsted_reader.tui.help import KeyRow, bindings_of, key_rows
from ofsted_reader.tui.messages import OpenReport
from ofsted_reader.tui.screens.library_export import SAVE_MODES, LibraryExport
from ofsted_reader.tui.widgets.bars import KeyBar, TopBar
from ofsted_reader.tui.widgets.library_table import FULL_TITLES, LibraryTable, TableHeader
from ofsted_reader.tui.widgets.prompt import PromptBar
from ofsted_reader.tui.render import one_line

SAVE_DELAY = 1.0
FLUSH_EVERY = 0.1
"""Seconds between batches of rows sent from the background to the table."""

ORDER_WORDS = {
    "council": ("A–Z", "Z–A"),
    "family": ("A–Z", "Z–A"),
    "kind": ("A–Z", "Z–A"),
    "date": ("oldest first", "newest first"),
    "warnings": ("fewest first", "most first"),
    "file": ("A–Z", "Z–A"),
}
"""How the top bar says a sort order; grade columns are "best first" / "worst first"."""


@dataclass
class Folder:
    """A folder as the library opens it: rows known at once, files still to parse, problems."""

    path: Path
    index: Index
    rows: list[Summary]
    pending: list[Path]
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) for each file that could not be used."""
    state: LibraryState = field(default_factory=LibraryState)
    notices: list[str] = field(default_factory=list)


def open_folder(path: Path) -> Folder:
    """Scan a folder against the index (no Textual work; done before the app starts)."""
    files, errors = report_files([str(path)])
    index = Index()
    found = scan(files, index, deep=False)  # known files only: the rest is read after the first paint
    state, notice = load_library_state(path)
    return Folder(
        path=path,
        index=index,
        rows=found.rows,
        pending=found.pending,
        problems=[(e.path or "", e.reason) for e in errors] + [(str(p), reason) for p, reason in found.problems],
        state=state,
        notices=[notice] if notice else [],
    )


class LibraryScreen(LibraryExport, Screen[None]):
    """The table of reports, its filter line and the background parse."""

    AUTO_FOCUS = "#table"
    COMMANDS = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,right", "open", "Open", id="library.open", tooltip="Open the report in the reader (Esc there comes back)"),
        # Commands are keys no council name starts with: every letter and digit filters.
        Binding("equals_sign", "history", "History", id="library.history", tooltip="This council's inspections side by side"),
        Binding("slash", "search", "Search", id="library.search", tooltip="Search the text of the reports shown (\"phrases\", -word, in:, family:, since:, before:)"),
        Binding("greater_than_sign", "sort_next", "Sort", id="library.sort-next", tooltip="Sort by the next column"),
        Binding("less_than_sign", "sort_previous", "Sort by the previous column", show=False, id="library.sort-previous"),
        Binding("tilde", "sort_reverse", "Reverse the order", show=False, id="library.sort-reverse"),
        Binding("ctrl+f", "filter", "Filter", show=False, id="library.filter", tooltip="Filter the table (or just type)"),
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="library.clear-filter"),
        Binding("down", "table_cursor(1)", "Next report (also while filtering)", show=False, id="library.filter-down"),
        Binding("up", "table_cursor(-1)", "Previous report (also while filtering)", show=False, id="library.filter-up"),
        Binding("ctrl+s", "save_table", "Save the table", id="library.save-table",
                tooltip="Save the reports shown (filtered, sorted) as CSV, Markdown or XLSX"),
        Binding("ctrl+e", "save_recommendations", "Save the recommendations", show=False, id="library.save-recommendations",
                tooltip="Save every recommendation of the reports shown as CSV (or Markdown, XLSX)"),
        Binding("exclamation_mark", "problems", "Files that could not be read", show=False, id="library.problems"),
        Binding("question_mark", "help", "Help", id="library.help", tooltip="Every key and what it does"),
        Binding("ctrl+t", "app.pick_theme", "Pick a theme", show=False, id="library.theme", tooltip="Choose a theme from the shipped and your own"),
    ]
    DEFAULT_CSS = """
    LibraryScreen { layout: vertical; }
    LibraryScreen > LibraryTable { height: 1fr; }
    """
    extra_keys = [("abc", "filter")]
    """Shown in the key bar: typing filters."""

    def __init__(self, folder: Folder, *, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.keymap = keymap or {}
        """The user's keymap (binding id → keys), for the help's list of the table's keys."""
        state = folder.state
        sort = state.sort if state.sort in FULL_TITLES else "council"
        self.table = LibraryTable(folder.rows, sort_key=sort, reverse=state.reverse, id="table")
        if state.filter:
            self.table.filter_text = state.filter
            self.table.refilter()
        if state.row:
            self.table.refilter(keep=next((r.path for r in self.table.rows if r.sha == state.row), None))
        self.header = TableHeader(self.table, id="header")
        self.topbar = TopBar(id="topbar")
        self.prompt = PromptBar(id="filter")
        self.problems: list[tuple[str, str]] = list(folder.problems)
        self.parsing: tuple[int, int] | None = None
        self._new_problems: list[tuple[str, str]] = []
        """Found by this run's parse (announced once it ends)."""
        self._job = None
        self._save_timer: Timer | None = None

    def compose(self):
        yield self.topbar
        yield self.header
        yield self.table
        yield self.prompt
        yield KeyBar()

    def on_mount(self) -> None:
        for notice in self.folder.notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)
        if self.folder.pending:
            self.parsing = (0, len(self.folder.pending))
            self.parse_pending(list(self.folder.pending))
        elif not self.folder.rows and not self.problems:
            self.notify(f"No reports in {one_line(str(self.folder.path))} (PDF, text or saved .yaml files).", markup=False, timeout=8)
        # Files already known to be unusable are only counted in the top bar (! lists them).

    def on_unmount(self) -> None:
        self.stop_parsing()
        self.save_state()

    # -- status ----------------------------------------------------------------

    def status_text(self) -> tuple[Text, Text]:
        table = self.table
        left = Text(one_line(self.folder.path.resolve().name or str(self.folder.path)), style="bold")
        total = len(table.all_rows)
        left.append(f" · {total} report{'s' if total != 1 else ''}")
        if table.filter_text.strip():
            left.append(f" · {len(table.rows)} shown")
        right = Text()
        asc, desc = ORDER_WORDS.get(table.sort_key, ("best first", "worst first"))
        right.append(f"by {FULL_TITLES.get(table.sort_key, table.sort_key)}, {desc if table.reverse else asc}")
        if table.filter_text.strip() and not self.prompt.is_open:
            right.append("  filter “")
            right.append(one_line(table.filter_text)[:20], style="bold")
            right.append("”")
        if self.parsing is not None:
            done, count = self.parsing
            right.append(f"  parsing {done}/{count}", style="bold")
        if self.problems:
            right.append(f"  {len(self.problems)} unusable (!)")
        return left, right

    # -- rows arriving -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="library-parse", exit_on_error=False)
    def parse_pending(self, files: list[Path]) -> None:
        """Rows for the files the index did not know: cache hits first (hashed, indexed), then the
        rest parsed in worker processes.  Rows appear as each finishes (in batches, ~10 a second)."""
        worker = get_current_worker()
        count = len(files)
        done = 0
        rows: list[Summary] = []
        problems: list[tuple[str, str]] = []
        flushed = time.monotonic()

        def flush(force: bool = False) -> None:
            nonlocal rows, problems, flushed
            if force or time.monotonic() - flushed > FLUSH_EVERY:
                self.app.call_from_thread(self._parsed, done, count, rows, problems)
                rows, problems, flushed = [], [], time.monotonic()

        with Index() as index:  # this thread's own connection
            to_parse: list[Path] = []
            for path in files:
                if worker.is_cancelled:
                    return
                found = scan([path], index)
                if found.rows:
                    done += 1
                    rows += found.rows
                    flush()
                else:
                    to_parse.append(path)
            flush(force=True)
            if worker.is_cancelled or not to_parse:
                return
            with Pool(parse_one, min(cores(), len(to_parse))) as pool:
                self._job = pool
                for path in to_parse:
                    pool.submit((str(path), "pdfium"))
                for result in pool.results():
                    if worker.is_cancelled:
                        pool.cancel()
                        break
                    path, reason = result.item[0], reason_of(result)
                    done += 1
                    found_rows = [] if reason else scan([Path(path)], index).rows
                    if not reason and not found_rows:
                        reason = "parsed, but the library index has no summary for it"
                    rows += found_rows
                    if reason:
                        problems.append((path, reason))
                        index.remember_failure(path, reason)
                    flush(force=True)

    def _parsed(self, done: int, count: int, rows: list[Summary], problems: list[tuple[str, str]]) -> None:
        self.parsing = (done, count) if done < count else None
        if rows:
            self.table.add_rows(rows)
        self.problems += problems
        self._new_problems += problems
        if self.parsing is None:
            if not self._new_problems:
                self.notify(f"{count} more report{'s' if count != 1 else ''} read.", markup=False, timeout=3)
            else:
                self._announce_problems(self._new_problems)
        self.topbar.refresh()

    def _announce_problems(self, problems: list[tuple[str, str]]) -> None:
        if not problems or self.parsing is not None:
            return
        lines = [f"{one_line(Path(path).name)}: {one_line(reason)}" for path, reason in problems[:3]]
        more = f"\n… and {len(problems) - 3} more" if len(problems) > 3 else ""
        self.notify("\n".join(lines) + more + "\n(! lists them)", title=f"{len(problems)} file(s) could not be read",
                    severity="warning", markup=False, timeout=6)

    def stop_parsing(self) -> None:
        """Stop the background parse (Esc/quit mid-parse): finished entries stay, none is half-written."""
        if self._job is not None:
            self._job.cancel()

    # -- moving, opening -----------------------------------------------------------

    def action_table_cursor(self, step: int) -> None:
        self.table.move_to(self.table.cursor + step)

    def on_library_table_moved(self, event: LibraryTable.Moved) -> None:
        self.schedule_save()

    def action_open(self) -> None:
        if self.prompt.is_open:
            self.prompt.finish(submitted=True)
        if self.prompt.mode == "filter" and self.prompt.closed_with is not None and self.prompt.closed_with != self.table.filter_text:
            self.table.set_filter(self.prompt.closed_with)  # Enter straight after the Enter that kept the filter
        row = self.table.current
        if row is None:
            self.notify("No report here to open.", markup=False, timeout=2)
            return
        self.post_message(OpenReport(row))

    def action_history(self) -> None:
        from ofsted_reader.tui.screens.history import HistoryScreen

        row = self.table.current
        if row is None:
            self.notify("No report here: move to a council's row first.", markup=False, timeout=3)
            return
        inspections = history(self.table.all_rows, council_key(row.name))
        self.app.push_screen(HistoryScreen(row.name, inspections, current=row.sha, keymap=self.keymap))

    def action_search(self) -> None:
        from ofsted_reader.tui.screens.library_search import LibrarySearchScreen

        if self.prompt.is_open:
            self.prompt.finish(submitted=True)
        shown = self.table.rows  # the library's filter limits the search
        filtered = self.table.filter_text.strip()
        scope = f"filter “{filtered}”" if filtered else ""
        self.app.push_screen(LibrarySearchScreen(self.folder.index, {r.sha for r in shown}, len(shown),
                                                 keymap=self.keymap, scope=scope))

    # -- sorting ---------------------------------------------------------------------

    def _sort_keys(self) -> list[str]:
        return [c.key for c in self.table.columns]

    def _sort_by(self, key: str, reverse: bool) -> None:
        self.table.set_sort(key, reverse)
        self.header.refresh()
        self.topbar.refresh()
        self.schedule_save()

    def action_sort_next(self) -> None:
        keys = self._sort_keys()
        index = keys.index(self.table.sort_key) if self.table.sort_key in keys else -1
        self._sort_by(keys[(index + 1) % len(keys)], False)

    def action_sort_previous(self) -> None:
        keys = self._sort_keys()
        index = keys.index(self.table.sort_key) if self.table.sort_key in keys else 0
        self._sort_by(keys[(index - 1) % len(keys)], False)

    def action_sort_reverse(self) -> None:
        self._sort_by(self.table.sort_key, not self.table.reverse)

    # -- filtering -------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Type to filter: a printable key that is no command, typed in the table, starts a filter
        with itself.  Handled as the key arrives (not as a binding), so focus is in the filter
        before the keys typed behind it come up (see :mod:`ofsted_reader.tui.keyrouting`)."""
        if (
            event.is_printable
            and event.character
            and not event.character.isspace()
            and self.focused is self.table
            and event.key not in self.active_bindings
        ):
            event.stop()
            event.prevent_default()
            self.open_filter(event.character)

    def action_filter(self) -> None:
        self.open_filter()

    def open_filter(self, value: str = "") -> None:
        self.prompt.open("filter", label="Filter: ", value=value, return_focus=lambda: self.table)
        self._count()

    def on_prompt_bar_changed(self, event: PromptBar.Changed) -> None:
        if event.mode == "filter":
            self.table.set_filter(event.value)
            self._count()
            self.topbar.refresh()
            self.schedule_save()

    def on_prompt_bar_submitted(self, event: PromptBar.Submitted) -> None:
        if event.mode in SAVE_MODES:
            self.save_requested(event)
        elif event.mode == "filter":
            self.table.set_filter(event.value)
            self.topbar.refresh()
            self.schedule_save()

    def on_prompt_bar_cancelled(self, event: PromptBar.Cancelled) -> None:
        if event.mode == "filter":
            self.table.set_filter("")
            self.topbar.refresh()
            self.schedule_save()

    def _count(self) -> None:
        self.prompt.set_count(f"{len(self.table.rows)} of {len(self.table.all_rows)}")

    def action_clear_filter(self) -> None:
        if self.table.filter_text:
            self.table.set_filter("")
            self.topbar.refresh()
            self.schedule_save()

    # -- problems, help, theme ---------------------------------------------------------

    def action_problems(self) -> None:
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        if not self.problems:
            self.notify("Every file in this folder could be read.", markup=False, timeout=3)
            return
        def shown(path: str) -> str:
            # Relative to the folder: in real trees the folder often names the council.
            try:
                return one_line(str(Path(path).resolve().relative_to(self.folder.path.resolve())))
            except ValueError:
                return one_line(path)

        rows = sorted((shown(path), one_line(reason)) for path, reason in self.problems)
        width = max(24, min(60, self.app.size.width // 2))
        self.app.push_screen(HelpScreen([("Files that could not be read", rows)], title="Unusable files", key_width=width))

    def key_groups(self) -> list[tuple[str, list[KeyRow]]]:
        app = self.app
        columns = ", ".join(f"{c.title} = {FULL_TITLES[c.key]}" for c in self.table.columns if c.title != FULL_TITLES[c.key])
        return [
            ("Library", key_rows(bindings_of([type(self), type(app)], self.keymap), app)),
            ("Table", key_rows(bindings_of([LibraryTable], self.keymap), app)),
            ("Filter", [("a–z 0–9 …", "Start filtering (every word must appear: council, family, date, grade, file)"),
                        ("Enter", "Keep the filter and go back to the table"),
                        ("Esc", "Clear the filter"),
                        ("↑ ↓", "Move in the table while typing")]),
            ("Columns", [("", columns or "Every column is named in full."),
                         ("·", "Not judged in this report"),
                         ("OUT GOOD RI ADEQ INAD", "Outstanding, Good, Requires improvement, Adequate, Inadequate"),
                         ("CS SEND", "Kind: a children's services inspection, an area SEND inspection"),
                         ("POS INC SYS", "Area SEND outcome (its own scale, never ranked with the grades above): "
                                         "positive, inconsistent, widespread and/or systemic failings")]),
        ]

    def action_help(self) -> None:
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.key_groups(), title="Library keys"))

    # -- remembering -----------------------------------------------------------------

    def schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_state)

    def save_state(self) -> None:
        row = self.table.current
        state = LibraryState(
            sort=self.table.sort_key,
            reverse=self.table.reverse,
            filter=self.table.filter_text,
            row=row.sha if row else self.folder.state.row,
        )
        if state != self.folder.state:
            self.folder.state = state
            save_library_state(self.folder.path, state)
