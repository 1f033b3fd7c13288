"""Saving the library's view: Ctrl+S the table as shown (filtered, sorted), Ctrl+E every
recommendation of the reports shown, as CSV, Markdown or XLSX (the name's suffix chooses).

A part of :class:`~ofsted_reader.tui.screens.library.LibraryScreen` (a mixin), in a module of
its own: it uses the screen's table, prompt and folder.  The prompt starts with a free name in
the folder the program was started from (``lancashire-reports.csv``; a default never
overwrites), which Enter accepts; the written path is said in a notification.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from ofsted_reader.table_export import Table, format_for, free_name, recommendation_table, report_table, write_table
from ofsted_reader.tui.render import one_line

if TYPE_CHECKING:
    from ofsted_reader.index import Summary
    from ofsted_reader.tui.widgets.prompt import PromptBar

SAVE_MODES = {"save-table": "reports", "save-recommendations": "recommendations"}
"""Prompt mode → what the default file name says it holds."""


class LibraryExport:
    """The library screen's save commands."""

    def default_save_path(self, what: str) -> Path:
        stem = re.sub(r"[^\w.-]+", "-", self.folder.path.resolve().name).strip("-.") or "library"
        return free_name(Path.cwd(), f"{stem}-{what}", ".csv")

    def action_save_table(self) -> None:
        self._ask_where("save-table", "Save the table as (.csv .md .xlsx): ")

    def action_save_recommendations(self) -> None:
        self._ask_where("save-recommendations", "Save the recommendations as (.csv .md .xlsx): ")

    def _ask_where(self, mode: str, label: str) -> None:
        if self.prompt.is_open:
            self.prompt.finish(submitted=True)
        if not self.table.rows:
            self.notify("No report is shown: nothing to save.", markup=False, timeout=3)
            return
        self.prompt.open(mode, label=label, value=str(self.default_save_path(SAVE_MODES[mode])), return_focus=lambda: self.table)

    def save_requested(self, event: PromptBar.Submitted) -> None:
        """Enter in the save prompt: write the file the name asks for."""
        value = event.value.strip()
        if not value:
            return
        path = Path(value).expanduser()
        if format_for(path) is None:
            self.notify(f"{one_line(path.name)}: end the name in .csv, .md or .xlsx.", severity="error", markup=False, timeout=5)
            return
        rows = list(self.table.rows)
        if event.mode == "save-table":
            self._write(report_table(rows), path, "Reports", f"{len(rows)} report{'s' if len(rows) != 1 else ''}")
        else:
            self.notify(f"Gathering the recommendations of {len(rows)} report{'s' if len(rows) != 1 else ''}…", markup=False, timeout=2)
            self.save_recommendations(rows, path)

    @work(thread=True, exclusive=True, group="library-save", exit_on_error=False)
    def save_recommendations(self, rows: list[Summary], path: Path) -> None:
        """Every recommendation of ``rows`` (each report's cached document is read: in a thread)."""
        from ofsted_reader.index import Index
        from ofsted_reader.reports import load_report, open_cached

        reports = []
        missing = 0
        seen: set[str] = set()
        with Index() as index:  # this thread's own connection
            for row in rows:
                if row.sha in seen:
                    continue  # one report in two files: its recommendations once
                seen.add(row.sha)
                report = load_report(row.sha, index)
                if report is None and row.path:
                    opened = open_cached(Path(row.path))
                    report = opened.report if opened is not None else None
                if report is None:
                    missing += 1
                    continue
                reports.append((report, Path(row.path).name if row.path else report.source.name))
        table = recommendation_table(reports)
        said = f"{len(table[1])} recommendation{'s' if len(table[1]) != 1 else ''} of {len(reports)} report{'s' if len(reports) != 1 else ''}"
        if missing:
            said += f" ({missing} not in the cache, left out)"
        self.app.call_from_thread(self._write, table, path, "Recommendations", said)

    def _write(self, table: Table, path: Path, sheet: str, said: str) -> None:
        try:
            write_table(table, path, sheet=sheet)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.notify(f"{one_line(str(path))}: {one_line(reason)}", title="Not saved", severity="error", markup=False, timeout=8)
            return
        self.notify(f"{said} → {one_line(str(path.resolve()))}", title="Saved", markup=False, timeout=8)
