"""The library index: what the program has learnt from files, so it need not read them again.

One SQLite database beside the cache entries (``library.sqlite3``), and the only module
that speaks SQL.  It keeps:

* **files**: path → the hash of the report it holds, with the file's size, mtime and
  identity (:func:`file_stamp`), recorded once the mtime has settled (:data:`SETTLE_NS`),
  so an unchanged file is never read or hashed again; and why a file could not be used;
* **reports**: per report, the facts the library table shows, its grade card (what
  ``grades`` prints) and every block in a full-text index (search across reports): all the
  text it prints (bullets, table cells, footnotes too) as printed; footnote markers
  (superscript digits) separate words there, so ``board`` finds ``Board¹`` and a hit's
  snippet still shows ``Board¹``; beside it (**owners**, by the same rowid) each block's report
  and kind of section (``recommendations``, ``judgements``: the ``in:`` limits of a search);
* **documents**: each cache entry as compressed JSON, used while the YAML entry it
  mirrors is unchanged: a warm open reads it in ~2 ms instead of importing PyYAML and
  parsing the entry (11 ms + up to 10 ms for a 48-page report, measured on this machine);
* **parsed**: what each theme and config file parsed to, while the file is unchanged
  (the reader's start does not import PyYAML either).

Everything here is rebuilt from the cache and the files when missing, damaged or made
by another version: it only ever accelerates.  A lookup that fails for any reason other
than "not known" is counted in :data:`fast_path_failures` and logged at debug level
(the tests fail on any that they do not expect), then the caller takes the slow road.

The model, headline and grade-card code is imported by the methods that write or read
report summaries: a warm ``grades`` reads only a file's row and its card, and starts
without the parser, the model or ``dataclasses``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from ofsted_reader import __version__
from ofsted_reader.councils import council_key, council_name
from ofsted_reader.paths import cache_entry, ensure_private_dir, library_index, warn
from ofsted_reader.source import DOCUMENT_SUFFIXES

if TYPE_CHECKING:
    from ofsted_reader.model import Grade, Report, Section
    from ofsted_reader.query import Query

INDEX_VERSION = 7
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
    tokenize = 'unicode61 remove_diacritics 2 separators ''⁰¹²³⁴⁵⁶⁷⁸⁹'''
);
CREATE TABLE IF NOT EXISTS owners (id INTEGER PRIMARY KEY, sha TEXT, scope TEXT);
CREATE INDEX IF NOT EXISTS owners_sha ON owners (sha);
CREATE TABLE IF NOT EXISTS documents (
    sha TEXT PRIMARY KEY, parser TEXT, entry_size INTEGER, entry_mtime_ns INTEGER, doc BLOB
);
CREATE TABLE IF NOT EXISTS parsed (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, data TEXT);
"""
_TABLES = ("files", "failures", "reports", "paras", "owners", "documents", "parsed")

Card = dict[str, Any]
"""A report's grade card: see :mod:`ofsted_reader.gradecard`."""
_CARD_KEYS = frozenset({"title", "family", "parts", "rows", "badges", "overall", "ungraded"})

fast_path_failures: Counter[str] = Counter()
"""How often each fast path failed for a reason other than "not known" (see the module docstring)."""


def _failed(what: str, exc: BaseException) -> None:
    fast_path_failures[what] += 1
    # Imported here: only a failure pays for the logging module (13 ms to import).
    import logging

    logging.getLogger("ofsted_reader").debug("fast path %s failed (%s: %s); taking the slow road", what, type(exc).__name__, exc)


class Summary(NamedTuple):
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
    headline: dict[str, Grade] = {}
    warnings: int = 0
    judgements: int = 0
    source_name: str = ""
    path: str = ""

    @property
    def name(self) -> str:
        """The council as the library shows it ("Lambeth", "Surrey")."""
        return council_name(self.council) if self.council else re.sub(r"\s+(?:19|20)\d\d$", "", self.short_name)

    @property
    def council_key(self) -> str:
        """Who the report is about, for grouping a council's inspections (see :func:`council_key`)."""
        return council_key(self.name)


class Hit(NamedTuple):
    """A paragraph found by a search across reports."""

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


def file_ident(st: os.stat_result) -> str:
    """Which file this is, beyond its size and mtime: device, inode and change time.  A file
    replaced by one of the same size and mtime (``cp -p``, ``touch -r`` then ``mv``, an
    archive unpacked) is another inode or has a new ctime, which cannot be set back."""
    return f"{st.st_dev}:{st.st_ino}:{st.st_ctime_ns}"


def file_stamp(st: os.stat_result) -> tuple[int, int, str]:
    """What the index keeps of a file to know it again: (size, mtime_ns, :func:`file_ident`)."""
    return st.st_size, st.st_mtime_ns, file_ident(st)


_FILES = ("", "-wal", "-shm", "-journal")
"""The index's file and SQLite's files beside it (each is written through)."""


def _linked(path: Path) -> bool:
    """Whether any of the index's files is a symbolic link, or a hard link to another name."""
    for suffix in _FILES:
        try:
            st = os.lstat(f"{path}{suffix}")
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode) or (stat.S_ISREG(st.st_mode) and st.st_nlink > 1):
            return True
    return False


def _key(path: Path) -> tuple[os.stat_result, str] | None:
    """A file's stat and its key in the index (the resolved path), or None if it cannot be
    had (gone, unreadable, or a name that is not valid UTF-8: such a file is simply not
    remembered, and is read and hashed each time)."""
    try:
        st = path.stat()
        key = str(path.resolve())
        key.encode("utf-8")
    except (OSError, UnicodeError):
        return None
    return st, key


class Index:
    """The library database.  One connection per thread or process; cheap to open.

    ``readonly``: a lookup that must not create or change anything (a warm ``grades``);
    it raises ``sqlite3.Error`` when there is no index yet.
    """

    def __init__(self, path: Path | None = None, *, readonly: bool = False) -> None:
        found = path or library_index()
        if found is None:
            raise OSError("no cache folder to be trusted")
        self.path = found
        if readonly:
            if _linked(self.path):
                raise sqlite3.OperationalError("the index is a link (not followed)")
            # A URI, so the path is percent-encoded: a cache folder named "a#b" or "x?y" is still itself.
            self.db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, timeout=2)
            return
        ensure_private_dir(self.path.parent)
        if _linked(self.path):
            # Never opened through a link: a dangling one would make the index elsewhere, one to
            # another database would have its tables dropped.  Only the links go.
            for name in _FILES:
                link = Path(f"{self.path}{name}")
                if os.path.islink(link) or (link.is_file() and link.stat().st_nlink > 1):
                    link.unlink()
            warn(f"the library index in {self.path.parent} was a link to another file; the link is removed, not followed, and the index rebuilt")
        fresh = not os.path.lexists(self.path)
        self.db = sqlite3.connect(self.path, timeout=30)
        if fresh:
            os.chmod(self.path, 0o600)
        try:
            self._ensure_schema()
        except sqlite3.DatabaseError:
            # A damaged index is rebuilt; it only ever accelerates.
            self.db.close()
            for suffix in _FILES:
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            os.chmod(self.path, 0o600)
            self._ensure_schema()

    @classmethod
    def lookup(cls) -> Index | None:
        """A read-only connection for a fast path, or None when there is no index (yet) or it
        cannot be opened (counted: see :data:`fast_path_failures`)."""
        path = library_index()
        if path is None or not os.path.lexists(path) or _linked(path):
            return None  # none yet, or one the next writer replaces (see __init__)
        try:
            return cls(path, readonly=True)
        except sqlite3.Error as exc:
            _failed("open", exc)
            return None

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
                for table in _TABLES:
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
                self.db.executescript(_SCHEMA)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (wanted,))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- files ---------------------------------------------------------------------------

    def known(self, path: str | os.PathLike[str], *, documents: bool = False) -> str | None:
        """The hash recorded for a file as it is now (same size, mtime and identity), else None.

        Saved documents (YAML/JSON, whatever they hold) are always read when opened (they open
        as they are written); only the library's listing (``documents``) knows them this way."""
        if not documents and Path(path).suffix.lower() in DOCUMENT_SUFFIXES:
            return None
        query = "SELECT size, mtime_ns, ident, sha FROM files WHERE path = ?" + ("" if documents else " AND NOT document")
        try:
            return self._for_unchanged(query, path)
        except sqlite3.Error as exc:
            _failed("known", exc)
            return None

    def remember(
        self, path: str | os.PathLike[str], sha: str, *, read_as: os.stat_result | None = None, document: bool = False
    ) -> None:
        """Record that ``path`` (as it was when read: ``read_as``) holds the report with hash ``sha``."""
        with self.db:
            self._remember_file(Path(path), sha, read_as=read_as, document=document)

    def remember_failure(self, path: str | os.PathLike[str], reason: str) -> None:
        """Record why a file could not be used, so the library lists it without trying again
        until the file changes (or the parser does: the index is rebuilt for a new version)."""
        found = _key(Path(path))
        if found is None:
            return
        st, key = found
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?,?,?)", (key, *file_stamp(st), reason))

    def failure_for(self, path: str | os.PathLike[str]) -> str | None:
        """The recorded reason an unchanged file could not be used, else None."""
        return self._for_unchanged("SELECT size, mtime_ns, ident, reason FROM failures WHERE path = ?", path)

    def path_for(self, sha: str) -> str | None:
        row = self.db.execute("SELECT path FROM files WHERE sha = ? LIMIT 1", (sha,)).fetchone()
        return row[0] if row else None

    def _for_unchanged(self, query: str, path: str | os.PathLike[str]) -> str | None:
        """The value ``query`` stored for ``path`` if the file is still the same (see file_stamp)."""
        found = _key(Path(path))
        if found is None:
            return None
        st, key = found
        row = self.db.execute(query, (key,)).fetchone()
        if row and tuple(row[:3]) == file_stamp(st):
            return row[3]
        return None

    def _remember_file(self, path: Path, sha: str, *, read_as: os.stat_result | None = None, document: bool = False) -> None:
        found = _key(path)
        if found is None:
            return
        st, key = found
        if (read_as is not None and file_stamp(read_as) != file_stamp(st)) or time.time_ns() - st.st_mtime_ns < SETTLE_NS:
            # Changed since its bytes were read, or written a moment ago (it could change again
            # within the same mtime tick and size, and the stat would vouch for the old hash):
            # hashed again next time.
            self.db.execute("DELETE FROM files WHERE path = ?", (key,))
            return
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?)", (key, *file_stamp(st), sha, int(document)))

    # -- reports ---------------------------------------------------------------------------

    def add(
        self,
        report: Report,
        path: str | os.PathLike[str] | None = None,
        *,
        read_as: os.stat_result | None = None,
        document: bool = False,
        entry: os.stat_result | None = None,
    ) -> None:
        """Record a report: its summary, grade card and paragraphs, the file it came from
        (``read_as``: that file's stat when its bytes were read) and, given its cache entry's
        stat, the entry's compact copy.

        ``document``: the report is a saved document's (an export, maybe edited by hand): it is
        listed, but never stands for the report its hash names - no grade card is made from it,
        a report parsed from the source replaces its summary, and its file is never taken for
        that source's."""
        from ofsted_reader.gradecard import grade_card
        from ofsted_reader.headline import display_titles

        sha = report.source.sha256
        with self.db:
            if path is not None:
                self._remember_file(Path(path), sha, read_as=read_as, document=document)
            if entry is not None and not document:
                blob = zlib.compress(json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8"), 1)
                self.db.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?)",
                    (sha, report.parser, entry.st_size, entry.st_mtime_ns, blob),
                )
            known = self.db.execute("SELECT parser, card IS NOT NULL FROM reports WHERE sha = ?", (sha,)).fetchone()
            if known and known[0] == report.parser and (document or known[1]):
                return
            row = summary_of(report)
            self.db.execute(
                "INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sha,
                    report.parser,
                    row.family,
                    row.council,
                    row.short_name,
                    row.title,
                    row.inspection_dates,
                    row.sort_date,
                    row.published,
                    report.overall.label if report.overall else None,
                    report.overall.rank if report.overall else None,
                    json.dumps({k: g.to_dict() for k, g in row.headline.items()}),
                    row.warnings,
                    row.judgements,
                    row.source_name,
                    None if document else json.dumps(grade_card(report), ensure_ascii=False),
                ),
            )
            self.db.execute("DELETE FROM paras WHERE rowid IN (SELECT id FROM owners WHERE sha = ?)", (sha,))
            self.db.execute("DELETE FROM owners WHERE sha = ?", (sha,))
            # The title is searched as printed; a hit shows it as it stands alone ("Care leavers ›
            # Summary": SIF reports have a "Summary" under every judgement).  Each block's report
            # and kind of section are in ``owners`` too (same rowid), which a search filters and
            # counts by without reading the full-text table's rows (3× faster for a common word).
            labels = display_titles(report)
            scopes = section_scopes(report)
            first = self.db.execute("SELECT coalesce(max(rowid), 0) + 1 FROM paras").fetchone()[0]
            blocks = [
                (section, index, block, text)
                for section in report.walk()
                for index, block in enumerate(section.blocks)
                if (text := " ".join(block.texts()).strip())
            ]
            rows = [
                (first + n, text, section.title, sha, section.id, block.number, index, labels[section.id], scopes.get(section.id, ""))
                for n, (section, index, block, text) in enumerate(blocks)
            ]
            self.db.executemany(
                "INSERT INTO paras (rowid, text, section_title, sha, section_id, number, block, section_label) VALUES (?,?,?,?,?,?,?,?)",
                (row[:8] for row in rows),
            )
            self.db.executemany("INSERT INTO owners VALUES (?,?,?)", ((row[0], sha, row[8]) for row in rows))

    def has_report(self, sha: str) -> bool:
        """Whether the index summarises this report (for this parser version)."""
        return self.db.execute("SELECT 1 FROM reports WHERE sha = ? AND parser = ?", (sha, __version__)).fetchone() is not None

    def card(self, sha: str) -> Card | None:
        """The report's grade card, if the index has one this version made, in this shape, for a
        report still in the cache."""
        try:
            row = self.db.execute("SELECT card FROM reports WHERE sha = ? AND parser = ?", (sha, __version__)).fetchone()
            entry = cache_entry(sha)
            if not row or not row[0] or entry is None or not entry.exists():
                return None
            card = json.loads(row[0])
            if not isinstance(card, dict) or not _CARD_KEYS <= card.keys() or len(card["rows"]) != len(card["badges"]):
                raise ValueError("a grade card of another shape")
        except (sqlite3.Error, ValueError, TypeError) as exc:
            _failed("card", exc)
            return None
        return card

    def document(self, sha: str, entry: os.stat_result) -> Report | None:
        """The report from the compact copy of its cache entry, while the entry (``entry``: its
        stat) is unchanged; None when there is no such copy."""
        from ofsted_reader.document import report_from_data

        try:
            row = self.db.execute(
                "SELECT doc FROM documents WHERE sha = ? AND parser = ? AND entry_size = ? AND entry_mtime_ns = ?",
                (sha, __version__, entry.st_size, entry.st_mtime_ns),
            ).fetchone()
            if row is None:
                return None
            report = report_from_data(json.loads(zlib.decompress(row[0])))
            if report is None or report.source.sha256 != sha:
                raise ValueError("a copy that does not hold its report")
        except (sqlite3.Error, zlib.error, ValueError) as exc:
            _failed("document", exc)
            return None
        return report

    def has_entry(self, sha: str, entry: os.stat_result) -> bool:
        """Whether the index holds the copy of this cache entry as it is now (so the entry is the
        one this version wrote, whole: ``parse`` need not read it to know the report is cached)."""
        row = self.db.execute(
            "SELECT 1 FROM documents WHERE sha = ? AND parser = ? AND entry_size = ? AND entry_mtime_ns = ?",
            (sha, __version__, entry.st_size, entry.st_mtime_ns),
        ).fetchone()
        return row is not None

    def summaries(self, shas: Iterable[str]) -> dict[str, Summary]:
        wanted = list(dict.fromkeys(shas))
        found: dict[str, Summary] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"{_SUMMARY} WHERE sha IN ({marks})", chunk):
                found[row[0]] = _summary(row)
        return found

    def all_summaries(self) -> list[Summary]:
        return [_summary(row) for row in self.db.execute(_SUMMARY)]

    def search(self, query: str | Query, limit: int = 200, shas: Iterable[str] | None = None) -> list[Hit]:
        """Paragraphs matching ``query`` (see :mod:`ofsted_reader.query`), best first."""
        where = _where(query, shas)
        if where is None:
            return []
        sql = (
            "SELECT owners.sha, reports.short_name, section_id, paras.section_label, number, "
            f"snippet(paras, 0, '{HIT_START}', '{HIT_END}', '…', 14), block "
            f"FROM {_FROM} WHERE {where[0]} ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.db.execute(sql, [*where[1], limit]).fetchall()
        except sqlite3.OperationalError:
            return []
        return [Hit(*row) for row in rows]

    def hit_counts(self, query: str | Query, shas: Iterable[str] | None = None) -> dict[str, int]:
        """How many paragraphs match ``query`` in each report (every hit, not only those listed)."""
        where = _where(query, shas)
        if where is None:
            return {}
        sql = f"SELECT owners.sha, count(*) FROM {_FROM} WHERE {where[0]} GROUP BY owners.sha"
        try:
            return dict(self.db.execute(sql, where[1]).fetchall())
        except sqlite3.OperationalError:
            return {}

    # -- parsed theme and config files -------------------------------------------------------

    def parsed(self, path: Path, st: os.stat_result) -> tuple[bool, Any]:
        """``(True, data)`` when the file was parsed to ``data`` as it is now (same size and mtime)."""
        try:
            row = self.db.execute(
                "SELECT data FROM parsed WHERE path = ? AND size = ? AND mtime_ns = ?", (str(path), st.st_size, st.st_mtime_ns)
            ).fetchone()
            return (True, json.loads(row[0])) if row else (False, None)
        except (sqlite3.Error, ValueError) as exc:
            _failed("parsed", exc)
            return False, None

    def forget_parsed_files_that_went(self) -> None:
        """Drop what files no longer there parsed to (those of another install stay while they exist)."""
        try:
            gone = [(path,) for (path,) in self.db.execute("SELECT path FROM parsed") if not Path(path).exists()]
            if gone:
                with self.db:
                    self.db.executemany("DELETE FROM parsed WHERE path = ?", gone)
        except sqlite3.Error as exc:  # a read-only cache folder: the rows stay, harmlessly
            _failed("parsed", exc)

    def remember_parsed(self, path: Path, st: os.stat_result, data: Any) -> None:
        """Keep what a file parsed to, when JSON gives it back exactly (no dates, sets, NaN…)."""
        try:
            text = json.dumps(data, allow_nan=False)
            exact = json.loads(text) == data
        except (TypeError, ValueError):
            return
        if exact:
            try:
                with self.db:
                    self.db.execute("INSERT OR REPLACE INTO parsed VALUES (?,?,?,?)", (str(path), st.st_size, st.st_mtime_ns, text))
            except sqlite3.Error as exc:  # a read-only cache folder: the file is parsed each time
                _failed("parsed", exc)


_SUMMARY = (
    "SELECT sha, family, council, short_name, title, inspection_dates, sort_date, published, "
    "overall_label, overall_rank, headline, warnings, judgements, source_name FROM reports"
)


def summary_of(report: Report, path: str = "") -> Summary:
    """A report's library row, made from the report (what :meth:`Index.add` keeps of it)."""
    from ofsted_reader.dates import first_day
    from ofsted_reader.headline import headline

    meta = report.metadata
    return Summary(
        sha=report.source.sha256,
        family=report.family,
        council=meta.local_authority or "",
        short_name=report.short_name(),
        title=meta.title or "",
        inspection_dates=meta.inspection_dates or "",
        sort_date=first_day(meta.inspection_dates) or meta.published or "",
        published=meta.published or "",
        overall=report.overall,
        headline=headline(report),
        warnings=len(report.warnings),
        judgements=len(report.judgements),
        source_name=report.source.name,
        path=path,
    )


def _summary(row: tuple) -> Summary:
    from ofsted_reader.model import Grade

    sha, family, council, short, title, dates, sort, published, label, rank, columns, warnings, judgements, source = row
    return Summary(
        sha=sha,
        family=family,
        council=council,
        short_name=short,
        title=title,
        inspection_dates=dates,
        sort_date=sort,
        published=published,
        overall=Grade(label=label, rank=rank, printed=label) if label else None,
        headline={k: Grade.from_dict(v) for k, v in json.loads(columns or "{}").items()},
        warnings=warnings,
        judgements=judgements,
        source_name=source,
    )


def _phrase(words: Iterable[str], prefix: bool = False) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"' + ("*" if prefix else "")


def fts_query(query: str | Query) -> str:
    """A query → a safe FTS5 query: every word and phrase required (the last word as a prefix
    when it was typed last), none of the excluded ones."""
    if isinstance(query, str):
        from ofsted_reader.query import parse_query  # here: a warm `grades` does not load it (nor dataclasses)

        query = parse_query(query)
    if not query.searches:
        return ""
    terms = [_phrase([w], prefix=query.prefix and i == len(query.words) - 1) for i, w in enumerate(query.words)]
    terms += [_phrase(p) for p in query.phrases]
    match = " ".join(terms)
    if query.excluded:
        match = f"({match})" + "".join(f" NOT {_phrase(p)}" for p in query.excluded)
    return match


_FROM = "paras JOIN owners ON owners.id = paras.rowid JOIN reports ON reports.sha = owners.sha"
"""A block's text (``paras``), its report and kind of section (``owners``), its report's facts."""


def _where(query: str | Query, shas: Iterable[str] | None) -> tuple[str, list[Any]] | None:
    """The WHERE clause (over :data:`_FROM`) and its parameters for a query
    within the reports ``shas``; None when the query finds nothing to search for."""
    if isinstance(query, str):
        from ofsted_reader.query import parse_query

        query = parse_query(query)
    match = fts_query(query)
    if not match:
        return None
    clauses, params = ["paras MATCH ?"], [match]
    if shas is not None:
        wanted = list(shas)
        clauses.append(f"owners.sha IN ({','.join('?' * len(wanted))})")
        params += wanted
    if query.scopes:
        clauses.append("(" + " OR ".join("(' ' || owners.scope || ' ') LIKE ?" for _ in query.scopes) + ")")
        params += [f"% {scope} %" for scope in sorted(query.scopes)]
    if query.families:
        clauses.append(f"reports.family IN ({','.join('?' * len(query.families))})")
        params += sorted(query.families)
    if query.since:
        clauses.append("reports.sort_date >= ?")
        params.append(query.since)
    if query.before:
        clauses.append("reports.sort_date != '' AND reports.sort_date < ?")
        params.append(query.before)
    return " AND ".join(clauses), params


def section_scopes(report: Report) -> dict[str, str]:
    """Section id → the kinds of section it is, for ``in:`` limits (words, space-separated):
    ``recommendations`` (a section the report prints recommendations in, and what is under it)
    and ``judgements`` (a graded section or a judgement's, and what is under it)."""
    recommending = {r.section for r in report.recommendations if r.section}
    judged = {j.section for j in report.judgements if j.section}
    found: dict[str, str] = {}

    def visit(section: Section, inherited: frozenset[str]) -> None:
        kinds = set(inherited)
        if section.id in recommending:
            kinds.add("recommendations")
        if section.grade is not None or section.id in judged:
            kinds.add("judgements")
        found[section.id] = " ".join(sorted(kinds))
        for child in section.children:
            visit(child, frozenset(kinds))

    for top in report.sections:
        visit(top, frozenset())
    return found


def card_for_file(path: str | os.PathLike[str]) -> Card | None:
    """What ``grades`` prints about a file the index knows as it is now, found without reading
    or hashing the file and without loading its document; None when the file must be opened."""
    index = Index.lookup()
    if index is None:
        return None
    try:
        sha = index.known(path)
        return index.card(sha) if sha else None
    finally:
        index.close()

