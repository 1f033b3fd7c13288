"""A folder of reports as the library sees it: which files it already knows, and its councils.

:func:`scan` lists a folder's reports from the library index (a small summary per report,
see :mod:`ofsted_reader.index`), so hundreds of cached reports list without loading one
document; :func:`history` and :func:`trends` line a council's inspections up side by side
(its predecessors' too: :func:`lineage_keys`); :func:`neighbours_of` puts a council's latest
grades beside its statistical neighbours'; :func:`missing` lists the councils of the register
with no report in the folder; :func:`national_picture` counts councils per grade per year.
Councils are the register's (:mod:`ofsted_reader.register`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ofsted_reader import register
from ofsted_reader.errors import InputError
from ofsted_reader.grades import scale_of
from ofsted_reader.index import Index, Summary, summary_of
from ofsted_reader.register import Council
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


def council_of(row: Summary) -> Council | None:
    """The register's council a row is about (None: a council the register does not know)."""
    return register.get(row.council_id) if row.council_id else None


def region_of(row: Summary) -> str | None:
    council = council_of(row)
    return council.region if council else None


def lineage_keys(row: Summary) -> set[str]:
    """The keys of the council a row is about and of every council it took over (its history
    follows the council across names and reorganisations)."""
    council = council_of(row)
    if council is None:
        return {row.council_key}
    return {c.id for c in register.lineage(council)}


def history(rows: Iterable[Summary], key: str | Iterable[str]) -> list[Summary]:
    """A council's inspections, oldest first (one row per report, however many files hold it);
    ``key`` is a council key or a set of them (a council and its predecessors)."""
    keys = {key} if isinstance(key, str) else set(key)
    seen: set[str] = set()
    found = []
    for row in sorted(rows, key=lambda r: (r.sort_date or "9999", r.family, r.sha)):
        if row.council_key in keys and row.sha not in seen:
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


def latest(rows: Iterable[Summary]) -> dict[str, Summary]:
    """Each council's latest report (by council key): the latest children's services inspection
    with an overall grade (not a review of the LSCB, not an area SEND inspection, whose outcome
    is on another scale), else the latest of any kind."""

    def rank(row: Summary) -> tuple[bool, bool, str]:
        return row.family in COMPARABLE_FAMILIES, row.overall is not None, row.sort_date or ""

    best: dict[str, Summary] = {}
    for row in rows:
        held = best.get(row.council_key)
        if held is None or rank(row) > rank(held):
            best[row.council_key] = row
    return best


def neighbours_of(rows: Iterable[Summary], council: Council) -> list[tuple[Council, Summary | None]]:
    """The council and its ten statistical neighbours, closest first, each with its latest report
    in the folder (None: none there)."""
    found = latest(rows)
    return [(c, found.get(c.id)) for c in [council, *register.neighbours(council)]]


def missing(rows: Iterable[Summary], region: str | None = None) -> list[Council]:
    """The councils of the register (those that exist now; in ``region`` if given) with no report
    in the folder, neither their own nor a predecessor's."""
    present = {row.council_key for row in rows}
    return [
        c for c in register.councils()
        if c.current and (region is None or c.region == region) and not present & {x.id for x in register.lineage(c)}
    ]


COMPARABLE_FAMILIES = ("SLAC", "SIF", "LSCB", "ILACS")
"""Families graded on the one four-grade scale (the national picture counts only these)."""


@dataclass
class YearPicture:
    """How many councils held each grade for one judgement, from the inspections of one year."""

    year: str
    counts: Counter[int] = field(default_factory=Counter)
    """Grade rank (1 Outstanding … 4 Inadequate) → councils."""
    labels: dict[int, set[str]] = field(default_factory=dict)
    """Rank → the labels given that year (rank 3 is "Adequate" before 2013, "Requires improvement" since)."""

    @property
    def councils(self) -> int:
        return sum(self.counts.values())


def national_picture(rows: Iterable[Summary], column: str) -> list[YearPicture]:
    """Per year of inspection (oldest first), how many councils got each grade for ``column``
    ("overall" or a headline column): each council counted once a year, by its latest
    inspection that year that judged it."""
    chosen: dict[tuple[str, str], Summary] = {}
    for row in rows:
        grade = row.overall if column == "overall" else row.headline.get(column)
        if grade is None or grade.rank not in (1, 2, 3, 4) or row.family not in COMPARABLE_FAMILIES or not row.sort_date:
            continue
        key = (row.sort_date[:4], row.council_key)
        if key not in chosen or row.sort_date > chosen[key].sort_date:
            chosen[key] = row
    years: dict[str, YearPicture] = {}
    for (year, _), row in sorted(chosen.items()):
        grade = row.overall if column == "overall" else row.headline[column]
        picture = years.setdefault(year, YearPicture(year))
        picture.counts[grade.rank] += 1  # type: ignore[index]
        picture.labels.setdefault(grade.rank, set()).add(grade.label)  # type: ignore[arg-type]
    return [years[y] for y in sorted(years)]
