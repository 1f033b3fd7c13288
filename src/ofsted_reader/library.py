"""The library index: a small summary per cached report and full-text search.

A folder of hundreds of reports must list in about a second and search in a
fraction of one, without loading every cached document.  This SQLite database
(next to the cache entries) keeps, per report, the facts the library table shows
(council, family, dates, overall and headline grades, warning count) and what
``grades`` prints about it (its grade card), a map from file path (+ size and mtime,
once the mtime has settled) to the report's hash so an unchanged file is never
re-read or re-hashed, and an FTS5 index of every paragraph for search across reports.

It is rebuilt from the cache entries when missing or from another version; it is
an accelerator, never the only copy of anything.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ofsted_reader import __version__
from ofsted_reader.cache import file_stamp
from ofsted_reader.gradecard import grade_card
from ofsted_reader.headline import display_titles, headline
from ofsted_reader.model import Grade, Report, council_short
from ofsted_reader.paths import cache_dir, ensure_private_dir

INDEX_VERSION = 4
SETTLE_NS = 2_000_000_000
"""A file's hash is remembered (by size and mtime) only once its mtime is this old."""
HIT_START, HIT_END = "\x01", "\x02"
"""Markers around a search hit in a snippet (the UI turns them into a style; never markup)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ident TEXT, sha TEXT, document INTEGER
);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ident TEXT, reason TEXT
);
CREATE TABLE IF NOT EXISTS reports (
    sha TEXT PRIMARY KEY, parser TEXT, family TEXT, council TEXT, short_name TEXT, title TEXT,
    inspection_dates TEXT, sort_date TEXT, published TEXT, overall_label TEXT, overall_rank INTEGER,
    headline TEXT, warnings INTEGER, judgements INTEGER, source_name TEXT, card TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS paras USING fts5(
    text, section_title, sha UNINDEXED, section_id UNINDEXED, number UNINDEXED, block UNINDEXED,
    section_label UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""


@dataclass
class Summary:
    """One library row: what the table shows about a report."""

    sha: str
    family: str
    council: str
    short_name: str
    title: str
    inspection_dates: str
    sort_date: str
    published: str
    overall: Grade | None
    headline: dict[str, Grade] = field(default_factory=dict)
    warnings: int = 0
    judgements: int = 0
    source_name: str = ""
    path: str = ""

    @property
    def name(self) -> str:
        """The council as the library shows it ("Lambeth", "Surrey")."""
        return council_name(self.council) if self.council else _without_year(self.short_name)

    @property
    def council_key(self) -> str:
        """Who the report is about, for grouping a council's inspections (see :func:`council_key`)."""
        return council_key(self.name)


@dataclass
class Hit:
    sha: str
    short_name: str
    section_id: str
    section_title: str
    """The section's title as it stands alone (with its part's name if the report repeats it)."""
    number: int | None
    snippet: str
    """Text around the hit, the hit between HIT_START and HIT_END."""
    block: int | None = None
    """Index of the hit's block in its section (where the reader opens)."""


def sort_date(report: Report) -> str:
    """The inspection's first printed date as ISO (for ordering a council's history)."""
    from ofsted_reader.ingest.structure.common import iso_date

    dates = report.metadata.inspection_dates or ""
    # "7 – 18 February 2011": the first day borrows the month and year of the last.
    match = re.match(r"\s*(\d{1,2})\s*(?:–|-|to)\s*\d{1,2}\s+([A-Za-z]+)\s+(\d{4})", dates)
    if match:
        dates = f"{match.group(1)} {match.group(2)} {match.group(3)}"
    else:
        # "28 November to 9 December 2022": the first date borrows the year.
        match = re.match(r"\s*(\d{1,2})\s+([A-Za-z]+)\s*(?:–|-|to)\s*\d{1,2}\s+[A-Za-z]+\s+(\d{4})", dates)
        if match:
            dates = f"{match.group(1)} {match.group(2)} {match.group(3)}"
    return iso_date(dates) or report.metadata.published or ""


def _stat_and_key(path: Path) -> tuple[os.stat_result, str] | None:
    """The file's stat and its key in the index (the resolved path), or None if it cannot be
    had (gone, unreadable, or a name that is not valid UTF-8: such a file is simply not
    remembered, and is read and hashed each time)."""
    try:
        st = path.stat()
        key = str(path.resolve())
        key.encode("utf-8")
    except (OSError, UnicodeError):
        return None
    return st, key


def _grade_json(grade: Grade | None) -> dict | None:
    return grade.to_dict() if grade else None


class Index:
    """The library database.  One connection per thread/process; cheap to open."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "library.sqlite3"
        ensure_private_dir(self.path.parent)
        fresh = not self.path.exists()
        self.db = sqlite3.connect(self.path, timeout=30)
        if fresh:
            os.chmod(self.path, 0o600)
        try:
            self._ensure_schema()
        except sqlite3.DatabaseError:
            # A damaged index is rebuilt; it only ever accelerates.
            self.db.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            os.chmod(self.path, 0o600)
            self._ensure_schema()

    def _ensure_schema(self) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        # The schema's own fingerprint too: an index made by a build whose tables differ (a change
        # without a version bump, a development install) is rebuilt, not written into and refused.
        wanted = f"{INDEX_VERSION}/{__version__}/{zlib.crc32(_SCHEMA.encode()):08x}"
        if row is None or row[0] != wanted:
            # Another version's tables may differ in shape: start again (entries are re-indexed as found).
            with self.db:
                for table in ("files", "failures", "reports", "paras"):
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
                self.db.executescript(_SCHEMA)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (wanted,))
        else:
            self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------

    def add(
        self, report: Report, path: str | os.PathLike[str] | None = None, *, read_as: os.stat_result | None = None,
        document: bool = False,
    ) -> None:
        """Record a parsed report (and the file it came from; ``read_as``: that file's stat when
        its bytes were read).  ``document``: the report is a saved document's (an export, maybe
        edited by hand): it is listed, but never stands for the report its hash names - no grade
        card is made from it, a report parsed from the source replaces its summary, and its
        file is never taken for that source's."""
        sha = report.source.sha256
        with self.db:
            if path is not None:
                self._remember_file(Path(path), sha, read_as=read_as, document=document)
            known = self.db.execute("SELECT parser, card IS NOT NULL FROM reports WHERE sha = ?", (sha,)).fetchone()
            if known and known[0] == report.parser and (document or known[1]):
                return
            meta = report.metadata
            columns = {k: g.to_dict() for k, g in headline(report).items()}
            self.db.execute(
                "INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sha,
                    report.parser,
                    report.family,
                    meta.local_authority or "",
                    report.short_name(),
                    meta.title or "",
                    meta.inspection_dates or "",
                    sort_date(report),
                    meta.published or "",
                    report.overall.label if report.overall else None,
                    report.overall.rank if report.overall else None,
                    json.dumps(columns),
                    len(report.warnings),
                    len(report.judgements),
                    report.source.name,
                    None if document else json.dumps(grade_card(report), ensure_ascii=False),
                ),
            )
            self.db.execute("DELETE FROM paras WHERE sha = ?", (sha,))
            self.db.executemany(
                "INSERT INTO paras (text, section_title, sha, section_id, number, block, section_label) VALUES (?,?,?,?,?,?,?)",
                self._rows(report),
            )

    @staticmethod
    def _rows(report: Report) -> Iterator[tuple]:
        # The title is searched as printed; a hit shows it as it stands alone ("Care leavers ›
        # Summary": SIF reports have a "Summary" under every judgement).
        labels = display_titles(report)
        for section in report.walk():
            for index, block in enumerate(section.blocks):
                text = " ".join([block.text, *block.bullets]).strip()
                if text:
                    yield text, section.title, report.source.sha256, section.id, block.number, index, labels[section.id]

    def remember(self, path: str | os.PathLike[str], sha: str, *, read_as: os.stat_result | None = None) -> None:
        """Record that ``path`` (as it was when read: ``read_as``) holds the report with hash ``sha``."""
        with self.db:
            self._remember_file(Path(path), sha, read_as=read_as)

    def remember_failure(self, path: str | os.PathLike[str], reason: str) -> None:
        """Record why a file could not be used, so the library lists it without trying again
        until the file changes (or the parser does: the index is rebuilt for a new version)."""
        found = _stat_and_key(Path(path))
        if found is None:
            return
        st, key = found
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?,?,?)", (key, *file_stamp(st), reason))

    def failure_for(self, path: str | os.PathLike[str]) -> str | None:
        """The recorded reason an unchanged file could not be used, else None."""
        return self._for_unchanged("SELECT size, mtime_ns, ident, reason FROM failures WHERE path = ?", path)

    def _for_unchanged(self, query: str, path: str | os.PathLike[str]) -> str | None:
        """The value ``query`` stored for ``path`` if the file is still the same (see file_stamp)."""
        found = _stat_and_key(Path(path))
        if found is None:
            return None
        st, key = found
        row = self.db.execute(query, (key,)).fetchone()
        if row and row[:3] == file_stamp(st):
            return row[3]
        return None

    def _remember_file(self, path: Path, sha: str, *, read_as: os.stat_result | None = None, document: bool = False) -> None:
        found = _stat_and_key(path)
        if found is None:
            return
        st, key = found
        if (read_as is not None and file_stamp(read_as) != file_stamp(st)) or time.time_ns() - st.st_mtime_ns < SETTLE_NS:
            # Changed since its bytes were read, or written a moment ago (it could change again
            # within the same mtime tick and size, and the stat would vouch for the old hash):
            # hashed again next time.
            self.db.execute("DELETE FROM files WHERE path = ?", (key,))
            return
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)", (key, *file_stamp(st), sha, int(document))
        )

    # -- reading -----------------------------------------------------------------------

    def sha_for(self, path: str | os.PathLike[str]) -> str | None:
        """The hash recorded for an unchanged file (same size and mtime), else None."""
        return self._for_unchanged("SELECT size, mtime_ns, ident, sha FROM files WHERE path = ?", path)

    def summaries(self, shas: Iterable[str]) -> dict[str, Summary]:
        wanted = list(dict.fromkeys(shas))
        found: dict[str, Summary] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                "SELECT sha, family, council, short_name, title, inspection_dates, sort_date, published, "
                f"overall_label, overall_rank, headline, warnings, judgements, source_name FROM reports WHERE sha IN ({marks})",
                chunk,
            ):
                found[row[0]] = _summary(row)
        return found

    def all_summaries(self) -> list[Summary]:
        rows = self.db.execute(
            "SELECT sha, family, council, short_name, title, inspection_dates, sort_date, published, "
            "overall_label, overall_rank, headline, warnings, judgements, source_name FROM reports"
        )
        return [_summary(row) for row in rows]

    def path_for(self, sha: str) -> str | None:
        row = self.db.execute("SELECT path FROM files WHERE sha = ? LIMIT 1", (sha,)).fetchone()
        return row[0] if row else None

    def search(self, query: str, limit: int = 200, shas: Iterable[str] | None = None) -> list[Hit]:
        """Paragraphs matching every word of ``query`` (the last as a prefix), best first."""
        match = fts_query(query)
        if not match:
            return []
        sql = (
            "SELECT paras.sha, reports.short_name, section_id, paras.section_label, number, "
            f"snippet(paras, 0, '{HIT_START}', '{HIT_END}', '…', 14), block "
            "FROM paras JOIN reports ON reports.sha = paras.sha WHERE paras MATCH ?"
        )
        params: list = [match]
        if shas is not None:
            wanted = list(shas)
            sql += f" AND paras.sha IN ({','.join('?' * len(wanted))})"
            params += wanted
        sql += " ORDER BY rank LIMIT ?"
        params.append(limit)
        try:
            rows = self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            return []
        return [
            Hit(sha, name, sid, title, number, snippet, block)
            for sha, name, sid, title, number, snippet, block in rows
        ]


def _summary(row: tuple) -> Summary:
    sha, family, council, short, title, dates, sort, published, label, rank, columns, warnings, judgements, source = row
    overall = Grade(label=label, rank=rank, printed=label) if label else None
    return Summary(
        sha=sha,
        family=family,
        council=council,
        short_name=short,
        title=title,
        inspection_dates=dates,
        sort_date=sort,
        published=published,
        overall=overall,
        headline={k: Grade.from_dict(v) for k, v in json.loads(columns or "{}").items()},
        warnings=warnings,
        judgements=judgements,
        source_name=source,
    )


def fts_query(text: str) -> str:
    """User words → a safe FTS5 query: every word required, the last one as a prefix."""
    words = re.findall(r"\w[\w'’-]*", text)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


@dataclass
class Scan:
    """What a folder holds, as far as the index and cache already know."""

    rows: list[Summary] = field(default_factory=list)
    pending: list[Path] = field(default_factory=list)
    """Report files not parsed yet (the library parses them in the background)."""
    problems: list[tuple[Path, str]] = field(default_factory=list)
    """Files that could not be used last time, unchanged since, with the reason (``deep=False``)."""


def scan(files: Iterable[Path], index: Index, *, deep: bool = True) -> Scan:
    """Summaries for files the index knows; cache hits are indexed on the way; the rest pending.

    A file the index has not seen (new, moved, touched) is hashed; if the index
    already summarises that hash (the same report under another name) only the
    file is recorded, else the cache entry is loaded once and indexed.  With
    ``deep=False`` only the index is asked (a stat and a lookup per file: what the
    library does before its first paint) and every other file is pending.
    """
    from ofsted_reader import cache
    from ofsted_reader.ingest import sha256, sniff

    result = Scan()
    known: dict[Path, str] = {}
    unknown: list[Path] = []
    for path in files:
        sha = index.sha_for(path)
        if sha:
            known[path] = sha
        elif deep:
            unknown.append(path)
        elif (reason := index.failure_for(path)) is not None:
            result.problems.append((path, reason))
        else:
            result.pending.append(path)
    for path in unknown:
        try:
            with path.open("rb") as handle:
                read_as = os.fstat(handle.fileno())
                data = handle.read()
        except OSError:
            result.pending.append(path)
            continue
        document = sniff(data) == "yaml"
        if document:
            report = cache.document_from_bytes(data)
        else:
            digest = sha256(data)
            if index.summaries([digest]):
                index.remember(path, digest, read_as=read_as)
                known[path] = digest
                continue
            report = cache.load(digest)
        if report is None:
            result.pending.append(path)
            continue
        index.add(report, path, read_as=read_as, document=document)
        known[path] = report.source.sha256
    summaries = index.summaries(known.values())
    for path, sha in known.items():
        summary = summaries.get(sha)
        if summary is None:
            result.pending.append(path)
            continue
        row = Summary(**{**summary.__dict__, "path": str(path)})
        result.rows.append(row)
    return result


# --------------------------------------------------------------------------- councils

_NAME_NOISE = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def _without_year(name: str) -> str:
    return re.sub(r"\s+(?:19|20)\d\d$", "", name)


def council_name(name: str) -> str:
    """The council as a reader names it: "London Borough of Lambeth" → "Lambeth",
    "Lancashire County Council" → "Lancashire", "Surrey Safeguarding Children Board" → "Surrey"."""
    return " ".join(council_short(" ".join(name.split())).split())


def council_key(name: str) -> str:
    """One key per council however a report prints its name.

    ILACS titles print "Lancashire", SIF covers "Lancashire County Council", LSCB
    reviews "Lancashire Safeguarding Children Board"; "Brighton & Hove" and
    "Brighton and Hove", "St. Helens" and "St Helens", "Southend-on-Sea" and
    "Southend on Sea" are the same council too.
    """
    text = council_name(name).casefold().replace("&", " and ")
    text = _NAME_NOISE.sub(" ", text.replace("’", "").replace("'", ""))
    words = [w for w in _SPACES.split(text) if w]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


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

    The comparison is with the latest earlier report that graded that column (an LSCB
    review between two inspections does not break the line of "help and protection"
    grades); the first grade of a column, and "not judged", get no mark.
    """
    last: dict[str, int] = {}
    out: list[dict[str, str]] = []
    for report in reports:
        marks: dict[str, str] = {}
        for column in columns:
            grade = report.overall if column == "overall" else report.headline.get(column)
            rank = grade.rank if grade is not None else None
            if rank is None:
                continue
            before = last.get(column)
            if before is not None:
                marks[column] = BETTER if rank < before else WORSE if rank > before else SAME
            last[column] = rank
        out.append(marks)
    return out
