"""A folder of reports as the library sees it: which files it already knows, and a council's history.

:func:`scan` lists a folder's reports from the library index (a small summary per report,
see :mod:`ofsted_reader.index`), so hundreds of cached reports list without loading one
document; :func:`history` and :func:`trends` line a council's inspections up side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ofsted_reader.errors import InputError
from ofsted_reader.grades import scale_of
from ofsted_reader.index import Index, Summary, summary_of
from ofsted_reader.reports import find, library_index, load_report, open_report


@dataclass
class Scan:
    """What a folder holds, as far as the index and cache already know."""

    rows: list[Summary] = field(default_factory=list)
    pending: list[Path] = field(default_factory=list)
    """Report files not parsed yet (the library parses them in the background)."""
    problems: list[tuple[Path, str]] = field(default_factory=list)
    """Files that could not be used, with the reason."""


def scan(files: Iterable[Path], index: Index, *, deep: bool = True) -> Scan:
    """Summaries for the files the index knows; the others read and looked up, or pending.

    With ``deep=False`` only the index is asked (a stat and a lookup per file: what the
    library does before its first paint): every other file is pending, or a problem when
    the index remembers why it could not be used.  With ``deep`` a file the index does not
    know is read and hashed (see :func:`ofsted_reader.reports.find`): when the index already
    summarises that hash (the same report under another name) only the file is recorded,
    else its cache entry is loaded once and indexed; a file with no entry is pending.
    """
    result = Scan()
    known: dict[Path, str] = {}
    for path in files:
        sha = index.known(path, documents=True)
        if sha:
            known[path] = sha
        elif not deep:
            reason = index.failure_for(path)
            if reason is None:
                result.pending.append(path)
            else:
                result.problems.append((path, reason))
        else:
            try:
                found = find(path, index, load=False)
            except InputError:
                result.pending.append(path)  # the parse says why
                continue
            if found.sha is None:  # a saved document: listed as it is written
                assert found.report is not None and found.src is not None
                index.add(found.report, path, read_as=found.src.stat, document=True)
                known[path] = found.report.source.sha256
            elif index.has_report(found.sha):
                index.remember(path, found.sha, read_as=found.src.stat if found.src else None)
                known[path] = found.sha
            elif (report := load_report(found.sha, index)) is not None:
                index.add(report, path, read_as=found.src.stat if found.src else None)
                known[path] = found.sha
            else:
                result.pending.append(path)
    summaries = index.summaries(known.values())
    for path, sha in known.items():
        summary = summaries.get(sha)
        if summary is None:
            result.pending.append(path)
        else:
            result.rows.append(summary._replace(path=str(path)))
    return result


def summaries_for(files: Iterable[Path], *, engine: str = "pdfium") -> tuple[list[Summary], list[InputError]]:
    """A library row for each report file, council by council and oldest first (the library's
    own order): from the index when it knows the file, else opened (parsed if need be, then
    cached and indexed); the files that cannot be used as errors."""
    rows: list[Summary] = []
    errors: list[InputError] = []
    with library_index() as index:
        found = scan(files, index) if index is not None else Scan(pending=list(files))
    rows += found.rows
    for path in found.pending:
        try:
            rows.append(summary_of(open_report(path, engine=engine).report, str(path)))
        except InputError as exc:
            errors.append(exc)
    rows.sort(key=lambda r: (r.name.casefold(), r.sort_date, r.path))
    return rows, errors


def history(rows: Iterable[Summary], key: str) -> list[Summary]:
    """A council's inspections, oldest first (one row per report, however many files hold it)."""
    seen: set[str] = set()
    found = []
    for row in sorted(rows, key=lambda r: (r.sort_date or "9999", r.family, r.sha)):
        if row.council_key == key and row.sha not in seen:
            seen.add(row.sha)
            found.append(row)
    return found


BETTER, WORSE, SAME = "↑", "↓", "="
"""Trend marks: better (a lower rank), worse, the same as the council's previous grade."""


def trends(reports: list[Summary], columns: Iterable[str]) -> list[dict[str, str]]:
    """For each report (oldest first) and column, how the grade compares with the previous one.

    The comparison is with the latest earlier report that graded that column on the same scale
    (an LSCB review between two inspections does not break the line of "help and protection"
    grades; an area SEND outcome is compared only with the area's previous SEND outcome, never
    with a children's services grade); the first grade of a column, and "not judged", get no mark.
    """
    last: dict[tuple[str, str], int] = {}
    out: list[dict[str, str]] = []
    for report in reports:
        marks: dict[str, str] = {}
        for column in columns:
            grade = report.overall if column == "overall" else report.headline.get(column)
            rank = grade.rank if grade is not None else None
            if rank is None:
                continue
            line = (column, scale_of(grade))
            before = last.get(line)
            if before is not None:
                marks[column] = BETTER if rank < before else WORSE if rank > before else SAME
            last[line] = rank
        out.append(marks)
    return out
