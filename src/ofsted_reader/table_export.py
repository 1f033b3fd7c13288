"""The library's table taken away: one row per report, or every recommendation, as CSV,
Markdown or XLSX.

Analysts keep a spreadsheet of the same shape by hand: council, family, dates, the overall
grade and the headline judgements lined up across the three frameworks (help and protection,
children in care, care leavers, leadership, LSCB).  The library saves the view it shows
(filtered and sorted) and ``grades FOLDER --format csv|md|xlsx --by report`` writes the
same.  Cells are safe to open in a spreadsheet: CSV cells go through
:func:`~ofsted_reader.textsafe.spreadsheet_safe`, XLSX cells are stored as text, never
formulas, without control characters.  openpyxl is imported only to write XLSX.  Nothing
here imports Textual, Rich or (at module level) the model.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path, PurePath
from typing import IO, TYPE_CHECKING, Any, Iterable

from ofsted_reader.citation import published_on
from ofsted_reader.councils import council_name
from ofsted_reader.headline import COLUMNS, TITLES
from ofsted_reader.textsafe import spreadsheet_safe, without_controls

if TYPE_CHECKING:
    from ofsted_reader.index import Summary
    from ofsted_reader.model import Report

FORMATS = ("csv", "md", "xlsx")
"""What a table can be written as (a file's suffix chooses: ``.markdown`` is ``md`` too)."""

Table = tuple[list[str], list[list[Any]]]
"""Column titles, then the rows (text, whole numbers or None for an empty cell)."""

REPORT_COLUMNS = ["Council", "Council as printed", "Family", "Inspection dates", "Inspected", "Published", "Overall",
                  *(TITLES[c] for c in COLUMNS), "Warnings", "File"]


def report_table(rows: Iterable[Summary]) -> Table:
    """One row per report, in the order given: the headline columns across frameworks (a grade's
    label, empty where the report does not judge it).  ``Inspected`` is the first day of the
    inspection (ISO), ``Published`` the publication date as printed or as the file's name says."""
    out: list[list[Any]] = []
    for row in rows:
        file_name = PurePath(row.path).name if row.path else row.source_name
        grades = [row.overall, *(row.headline.get(c) for c in COLUMNS)]
        out.append([
            row.name,
            row.council or None,
            row.family,
            row.inspection_dates or None,
            row.sort_date or None,
            published_on(row.published or None, file_name, row.inspection_dates) or None,
            *(g.label if g is not None else None for g in grades),
            row.warnings,
            file_name or None,
        ])
    return list(REPORT_COLUMNS), out


RECOMMENDATION_COLUMNS = ["Report", "Council", "Family", "Inspection dates", "Published", "Section", "Group", "Timescale",
                          "Number", "Recommendation", "File"]


def recommendation_table(reports: Iterable[tuple[Report, str]]) -> Table:
    """Every recommendation of each (report, file name), in the order given and printed: the
    report, its dates, the section it is printed in (by title), its group, timescale, number and text."""
    from ofsted_reader.headline import display_titles

    out: list[list[Any]] = []
    for report, file_name in reports:
        meta = report.metadata
        titles = display_titles(report)
        published = published_on(meta.published, file_name or report.source.name, meta.inspection_dates)
        for rec in report.recommendations:
            out.append([
                report.short_name(),
                council_name(meta.local_authority or "") or None,
                report.family,
                meta.inspection_dates,
                published,
                titles.get(rec.section or "", rec.section),
                rec.group,
                rec.timescale,
                rec.number,
                rec.text,
                file_name or report.source.name,
            ])
    return list(RECOMMENDATION_COLUMNS), out


# --------------------------------------------------------------------------- writing


def format_for(path: str | PurePath) -> str | None:
    """The format a file name asks for by its suffix (``.csv``, ``.md``/``.markdown``, ``.xlsx``), else None."""
    suffix = PurePath(path).suffix.lower().lstrip(".")
    suffix = {"markdown": "md"}.get(suffix, suffix)
    return suffix if suffix in FORMATS else None


def csv_text(table: Table) -> str:
    headers, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def _md_cell(value: Any) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace("|", "\\|")


def markdown_text(table: Table) -> str:
    """A GFM pipe table (``|`` in a cell escaped, line breaks as spaces)."""
    headers, rows = table
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_xlsx(table: Table, target: str | Path | IO[bytes], *, sheet: str = "Reports") -> None:
    """An XLSX workbook of one sheet: a bold, frozen header row with a filter, columns sized to
    their text; every text cell stored as text (a council printed "=HYPERLINK(…)" stays words)."""
    from openpyxl import Workbook  # here only: `grades` and the library start without it
    from openpyxl.styles import Font

    headers, rows = table
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_xlsx_value(cell) for cell in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for index, title in enumerate(headers, start=1):
        longest = max([len(title), *(len(str(r[index - 1])) for r in rows if r[index - 1] is not None)])
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = min(60, max(6, longest + 2))
    book.save(target)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return without_controls(value)  # XML cannot hold C0 controls
    return value


def write_table(table: Table, path: str | Path, *, sheet: str = "Reports") -> str:
    """Write ``table`` to ``path`` in the format its suffix names; the format written.
    ValueError for a suffix that names none; OSError as the file system says."""
    fmt = format_for(path)
    if fmt is None:
        raise ValueError(f"{PurePath(path).name}: end the name in .csv, .md or .xlsx")
    if fmt == "xlsx":
        write_xlsx(table, path, sheet=sheet)
    else:
        text = csv_text(table) if fmt == "csv" else markdown_text(table)
        Path(path).write_text(text, encoding="utf-8", newline="")
    return fmt


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix``… when that is taken (a default never overwrites)."""
    path = folder / f"{stem}{suffix}"
    count = 2
    while path.exists():
        path = folder / f"{stem}-{count}{suffix}"
        count += 1
    return path
