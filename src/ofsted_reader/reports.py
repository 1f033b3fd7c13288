"""Opening a report: the one road for the command line, the batch, the library and the reader.

    a file ─► the index knows it as it is now (size, mtime, identity)? ─► its hash, unread
          └─► else read once (source.read: limits, what it is, its hash)
                   ├─ a saved document: opens as it is written (never stands for its source)
                   └─ by hash: the cache entry (its compact copy in the index while unchanged)
                               └─ else parse those bytes ─► store the entry ─► index it

Every caller goes through :func:`find` (what a file holds, never parsing) and
:func:`open_report`; nothing else sniffs, hashes or looks a report up.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ofsted_reader import cache, source
from ofsted_reader.document import saved_report
from ofsted_reader.errors import InputError
from ofsted_reader.gradecard import Card, grade_card
from ofsted_reader.index import Index
from ofsted_reader.model import Report
from ofsted_reader.paths import cache_dir
from ofsted_reader.source import SourceFile

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Opened:
    """A report as opened, and where it came from."""

    report: Report
    cached: bool
    """True when the report came from the cache (or was itself a saved document)."""
    document: bool = False
    """True when the file was a saved document (an export, perhaps edited): it stands only for itself."""


@dataclass
class Found:
    """What a file holds, as far as the index and the cache know without parsing."""

    path: Path
    sha: str | None
    """The source's hash (None for a saved document)."""
    src: SourceFile | None
    """The bytes, when the file had to be read (the index did not know it as it is now)."""
    report: Report | None = None
    """The report, when the file is a saved document or (when asked) in the cache."""


def open_report(
    path: str | os.PathLike[str],
    *,
    engine: str = "pdfium",
    progress: Progress | None = None,
    page_processes: int | None = None,
    use_cache: bool = True,
) -> Opened:
    """The Report for a file: from the cache when valid, else parsed (then cached and indexed).

    InputError when the file is no usable report.  ``page_processes``: see
    :func:`ofsted_reader.ingest.pdf.read_lines`.
    """
    with library_index(use_cache) as index:
        found = find(Path(path), index, load=use_cache)
        if found.report is not None:
            return Opened(found.report, True, document=found.sha is None)
        src = found.src or source.read(found.path)  # known to the index, but its entry is gone
        # The parser is loaded only when a file is parsed: a warm open, or a file refused as it
        # is read, never loads it (~30 ms).
        from ofsted_reader.ingest import parse

        report = parse(src, engine=engine, progress=progress, page_processes=page_processes)
        if use_cache:
            entry = cache.store(report)
            if entry is not None and index is not None:
                _keep_index(lambda: index.add(report, src.path, read_as=src.stat, entry=entry))
        return Opened(report, False)


def open_cached(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Opened | None:
    """The report if it opens without parsing (a saved document or a cache hit), else None.

    Anything doubtful (unreadable, larger than ``max_bytes``, a miss) is None: the caller
    goes on to :func:`open_report`, which says what is wrong.
    """
    p = Path(path)
    try:
        if max_bytes is not None and p.stat().st_size > max_bytes:
            return None
        with library_index() as index:
            found = find(p, index)
    except (InputError, OSError):
        return None
    return Opened(found.report, True, document=found.sha is None) if found.report is not None else None


def is_cached(path: Path, index: Index | None) -> bool:
    """Whether a file's report is in the cache (a saved document counts as cached): what ``parse`` skips.

    A file the index knows, whose entry is the one the index copied, is not read at all."""
    try:
        found = find(path, index, load=False)
    except InputError:
        return False  # the parse says why
    if found.sha is None:
        return True
    entry = _entry_stat(found.sha)
    if entry is None:
        return False
    return (index is not None and index.has_entry(found.sha, entry)) or load_report(found.sha, index) is not None


def find(path: Path, index: Index | None, *, load: bool = True) -> Found:
    """What a file holds, found without parsing: by the index's memory of the file, else by
    reading and hashing it; the report itself when it is a saved document or (``load``) in the
    cache.  A file read here and found in the cache is indexed on the way.  InputError when the
    file cannot be read."""
    sha = index.known(path) if index is not None else None
    src = None
    if sha is None:
        src = source.read(path)
        if src.kind == "document":
            return Found(path, None, src, saved_report(src.data, path))
        sha = src.sha256
    found = Found(path, sha, src)
    if load:
        found.report = report = load_report(sha, index)
        if report is not None:
            # The cache is keyed by content: the entry names whichever file was parsed first.  The
            # report opened here is this file's, whatever another copy of it was called.
            report.source.name = source.display_name(path)
            if src is not None and index is not None:
                _keep_index(lambda: index.add(report, path, read_as=src.stat), quiet=True)
    return found


def load_report(sha: str, index: Index | None) -> Report | None:
    """The cached report for a source hash (from the index's compact copy while the entry it
    mirrors is unchanged, else from the entry); None when there is none to be trusted."""
    entry = _entry_stat(sha)
    if entry is None:
        return None
    report = index.document(sha, entry) if index is not None else None
    return report or cache.load(sha)


def _entry_stat(sha: str) -> os.stat_result | None:
    """The stat of the cache entry for a source hash (never through a link), or None when there is none."""
    path = cache.entry_path(sha)
    try:
        return path.lstat() if path is not None else None
    except OSError:
        return None


def grade_card_for(path: str | os.PathLike[str], *, engine: str = "pdfium") -> Card:
    """What ``grades`` prints about a report file, made from the opened report (which also puts it
    in the index: the next ``grades`` finds it by :func:`ofsted_reader.index.card_for_file`)."""
    return grade_card(open_report(path, engine=engine).report)


@contextlib.contextmanager
def library_index(wanted: bool = True) -> Iterator[Index | None]:
    """The library index for one operation, or None when not ``wanted`` or it cannot be had (a
    read-only or damaged cache folder: reports still open, they are just not remembered)."""
    index = None
    folder = cache_dir() if wanted else None  # None: no cache to be trusted (said once already)
    if folder is not None:
        try:
            index = Index()
        except (sqlite3.Error, OSError) as exc:
            if folder.is_dir() and os.access(folder, os.W_OK):  # else storing the report says so
                cache.warn(f"could not open the library index ({exc}); working without it")
    try:
        yield index
    finally:
        if index is not None:
            index.close()


def _keep_index(write: Callable[[], None], *, quiet: bool = False) -> None:
    """Keep the index in step with the cache; best effort.  ``quiet``: a failure is not worth a
    warning (a cache hit whose file the index did not know: it is simply hashed again next time)."""
    try:
        write()
    except (sqlite3.Error, OSError, UnicodeError) as exc:
        if not quiet:
            cache.warn(f"could not update the library index ({exc}); search across reports may miss this report")
