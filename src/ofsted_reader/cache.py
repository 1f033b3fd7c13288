"""The offline cache: one YAML document per source file.

An entry is ``<cache dir>/<sha256 of the source>.yaml`` holding the schema-1
document.  It is trusted only if it loads with the safe loader, is schema 1,
was written by this parser version and names the same source hash; anything else
(unreadable, truncated, foreign, old) is a miss and gets replaced.  Writes are
atomic (a private temp file in the same folder, then ``os.replace``), so a crash
leaves the previous entry or none, never half of one.  A cache folder we cannot
write to is not an error: the report is used uncached, with one warning.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ofsted_reader import __version__
from ofsted_reader.errors import InputError
from ofsted_reader.paths import cache_dir, write_private_atomic

if TYPE_CHECKING:
    from ofsted_reader.gradecard import Card
    from ofsted_reader.model import Report

# The model is imported where a Report is made: a warm `grades` reads grade cards from the
# library index and never needs it.

_ENTRY = re.compile(r"^[0-9a-f]{64}\.yaml$")
_TRAILER = b"# ofsted-reader checksum sha256 "
"""Last line of a cache entry: the hash of everything above it, so a truncated entry
that still happens to be valid YAML is caught."""
_TEMP_PREFIX = ".tmp-"

before_replace: Callable[[Path], None] | None = None
"""Test hook: called with the temp file's path after it is written, before the rename."""

warned: list[str] = []
"""Warnings about the cache itself (read-only, full), each given once per process."""


# Characters a terminal would act on (or that reorder text) if printed raw.  JSON and YAML
# output keeps them exact but as escapes, never as raw bytes.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


@functools.cache
def _yaml() -> tuple[Any, Any, Any]:
    """PyYAML's loader and dumper, imported on first use (a warm start from the fast copy
    never needs them).  libyaml's classes when present: several times faster."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class ExportDumper(dumper):  # type: ignore[misc, valid-type]
        """The safe dumper, with strings that hold unsafe characters forced into double quotes."""

    def represent_str(self: Any, data: str) -> Any:
        if _UNSAFE.search(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return self.represent_str(data)

    ExportDumper.add_representer(str, represent_str)
    return yaml, loader, ExportDumper


def _escape_unsafe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_yaml(data: dict[str, Any]) -> str:
    # Inside double quotes PyYAML escapes controls itself; bidi marks it leaves raw, so escape them.
    yaml, _, dumper = _yaml()
    return _escape_unsafe(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=4096))


def dump_json(data: dict[str, Any]) -> str:
    import json

    return _escape_unsafe(json.dumps(data, ensure_ascii=False, indent=2))


def load_yaml(data: bytes | str) -> Any:
    yaml, loader, _ = _yaml()
    return yaml.load(data, Loader=loader)


def with_trailer(body: str) -> bytes:
    import hashlib

    data = body.encode("utf-8")
    return data + _TRAILER + hashlib.sha256(data).hexdigest().encode() + b"\n"


def _check_trailer(data: bytes, required: bool) -> bool:
    cut = data.rfind(_TRAILER)
    if cut < 0:
        return not required
    import hashlib

    digest = data[cut + len(_TRAILER) :].strip()
    return hashlib.sha256(data[:cut]).hexdigest().encode() == digest


def document_from_bytes(
    data: bytes, *, expect_sha: str | None = None, current_only: bool = False, checksum: bool = False
) -> Report | None:
    """A Report from schema-1 YAML/JSON bytes, or None if they are not a valid document.

    ``checksum=True`` (cache entries) also requires an intact checksum trailer.
    """
    from ofsted_reader.model import SCHEMA, Report

    if not _check_trailer(data, required=checksum):
        return None
    try:
        raw = load_yaml(data)
        if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
            return None
        if current_only and raw.get("parser") != __version__:
            return None
        report = Report.from_dict(raw)
    except Exception:  # noqa: BLE001 - any damage at all means "not a document"
        return None
    if expect_sha is not None and report.source.sha256 != expect_sha:
        return None
    return report


def entry_path(sha256: str) -> Path:
    return cache_dir() / f"{sha256}.yaml"


def load(sha256: str) -> Report | None:
    """The cached Report for a source hash, or None (a miss) for anything doubtful."""
    entry = entry_path(sha256)
    try:
        st = entry.stat()
    except OSError:
        return None
    fast = _fast_copy(sha256, st)
    if fast is not None:
        return fast
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    return document_from_bytes(data, expect_sha=sha256, current_only=True, checksum=True)


# -- the fast copy -----------------------------------------------------------------------
#
# Loading a YAML entry costs importing PyYAML and running its loader (~25-40 ms for a large
# report), which is most of a warm start.  Beside each entry we keep the same document as
# compressed JSON in the library database, tagged with the entry's size and mtime and the
# parser version: it is used only while the YAML entry it mirrors is unchanged, so the
# YAML stays the one canonical copy (a damaged or replaced entry is never shadowed).

_DOCS_TABLE = (
    "CREATE TABLE IF NOT EXISTS documents "
    "(sha TEXT PRIMARY KEY, parser TEXT, entry_size INTEGER, entry_mtime_ns INTEGER, doc BLOB)"
)


def _library_db() -> Path:
    return cache_dir() / "library.sqlite3"


def _fast_copy(sha256: str, st: os.stat_result, db: Any = None) -> Report | None:
    try:
        import json
        import zlib

        from ofsted_reader.model import Report

        own = db is None
        if own:
            db = _read_only_db()
        try:
            row = db.execute(
                "SELECT doc FROM documents WHERE sha = ? AND parser = ? AND entry_size = ? AND entry_mtime_ns = ?",
                (sha256, __version__, st.st_size, st.st_mtime_ns),
            ).fetchone()
        finally:
            if own:
                db.close()
        if row is None:
            return None
        report = Report.from_dict(json.loads(zlib.decompress(row[0])))
    except Exception:  # noqa: BLE001 - the fast copy is an accelerator; anything odd means "use the YAML"
        return None
    return report if report.source.sha256 == sha256 else None


def _read_only_db() -> Any:
    import sqlite3

    # A URI, so the path is percent-encoded: a cache folder named "a#b" or "x?y" is still itself.
    return sqlite3.connect(f"{_library_db().absolute().as_uri()}?mode=ro", uri=True, timeout=2)


_SAVED_DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


def file_ident(st: os.stat_result) -> str:
    """Which file this is, beyond its size and mtime: device, inode and change time.  A file
    replaced by one of the same size and mtime (``cp -p``, ``touch -r`` then ``mv``, an
    archive unpacked) is another inode or has a new ctime, which cannot be set back."""
    return f"{st.st_dev}:{st.st_ino}:{st.st_ctime_ns}"


def file_stamp(st: os.stat_result) -> tuple[int, int, str]:
    """What the index keeps of a file to know it again: (size, mtime_ns, :func:`file_ident`)."""
    return st.st_size, st.st_mtime_ns, file_ident(st)


def known_file(p: Path, fetch: Callable[[Any, str], Any]) -> tuple[str | None, Any]:
    """The hash the library index recorded for a source file as it is now (same size, mtime
    and :func:`file_ident`; recorded only for files at rest), and ``fetch(db, hash)``; found
    without reading or hashing the file.  ``(None, None)`` for a file the index does not
    know as it is now: it is read and hashed again.

    Saved documents (YAML/JSON exports, whatever their name) are always read: they open as
    they are written.
    """
    if p.suffix.lower() in _SAVED_DOCUMENT_SUFFIXES:
        return None, None
    try:
        st = p.stat()
        if not p.is_file():
            return None, None
        key = str(p.resolve())
        db = _read_only_db()
    except Exception:  # noqa: BLE001 - no index (or no file) means "read the file"
        return None, None
    try:
        row = db.execute("SELECT size, mtime_ns, ident, sha FROM files WHERE path = ? AND NOT document", (key,)).fetchone()
        if not row or row[:3] != file_stamp(st):
            return None, None
        return row[3], fetch(db, row[3])
    except Exception:  # noqa: BLE001 - an accelerator: anything odd means "read the file"
        return None, None
    finally:
        db.close()


_CARD_KEYS = frozenset({"title", "family", "parts", "rows", "badges", "overall", "ungraded"})


def _indexed_card(db: Any, sha: str) -> Card | None:
    """The report's grade card, if the index has one this version made, in this shape, for a
    report still in the cache."""
    import json

    row = db.execute("SELECT card FROM reports WHERE sha = ? AND parser = ?", (sha, __version__)).fetchone()
    if not row or not row[0] or not entry_path(sha).exists():
        return None
    card = json.loads(row[0])
    if not isinstance(card, dict) or not _CARD_KEYS <= card.keys() or len(card["rows"]) != len(card["badges"]):
        return None
    return card


def grade_card_for(path: str | os.PathLike[str], *, engine: str = "pdfium") -> Card:
    """What ``grades`` prints about a report file (see :mod:`ofsted_reader.gradecard`): from
    the library index when it knows the file as it is now, else made from the opened report
    (which puts it in the index for next time).  InputError for an unusable file."""
    known, card = known_file(Path(path), _indexed_card)
    if card is not None:
        return card
    from ofsted_reader.gradecard import grade_card

    opened = open_report(path, engine=engine)
    if known is not None and opened.cached and not opened.document:
        # The index knew the file but had no card for it (a saved document's summary stood
        # there): make it now.  Any other open indexed the report itself.
        index_report(opened.report, Path(path), quiet=True)
    return grade_card(opened.report)


def _store_fast_copy(report: Report, entry: Path) -> None:
    import json
    import sqlite3
    import zlib

    try:
        st = entry.stat()
        blob = zlib.compress(json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8"), 1)
        fresh = not _library_db().exists()
        db = sqlite3.connect(_library_db(), timeout=30)
        try:
            if fresh:
                os.chmod(_library_db(), 0o600)
            with db:
                db.execute(_DOCS_TABLE)
                db.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?)",
                    (report.source.sha256, report.parser, st.st_size, st.st_mtime_ns, blob),
                )
        finally:
            db.close()
    except (sqlite3.Error, OSError):
        pass  # without the fast copy, loading just reads the YAML


def _warn(message: str) -> None:
    if message not in warned:
        warned.append(message)
        print(f"ofsted-reader: warning: {message}", file=sys.stderr)


def store(report: Report) -> bool:
    """Write the report's entry atomically; False (with one warning) if the cache is unwritable."""
    folder = cache_dir()
    entry = entry_path(report.source.sha256)
    try:
        write_private_atomic(entry, with_trailer(dump_yaml(report.to_dict())), before_replace=before_replace)
    except OSError as exc:
        _warn(f"could not write to the cache in {folder} ({exc.strerror or exc}); working without the cache")
        return False
    _store_fast_copy(report, entry)
    return True


class Opened(NamedTuple):
    """A report as opened, and whether it came from the cache."""

    report: Report
    cached: bool
    """True when the report came from the cache (or was itself a saved document)."""
    document: bool = False
    """True when the file was a saved document (an export, perhaps edited): it stands only for itself."""


def open_report(
    path: str | os.PathLike[str],
    *,
    progress: Callable[[int, int], None] | None = None,
    engine: str = "pdfium",
    use_cache: bool = True,
) -> Opened:
    """The Report for a source file: from the cache when valid, else parsed and cached.

    A saved document (an ``export --format yaml`` file or a cache entry) opens directly.
    """
    known = None
    if use_cache:
        known, hit = known_file(Path(path), lambda db, sha: _fast_copy(sha, entry_path(sha).stat(), db))
        if hit is not None:
            return Opened(hit, True)
    from ofsted_reader.ingest import parse_bytes, read_source_with_stat, sha256, sniff

    p, data, read_as = read_source_with_stat(path)
    kind = sniff(data)
    if kind == "yaml":
        report = document_from_bytes(data)
        if report is None:
            raise InputError(path, "a YAML file that is not an ofsted-reader document (schema 1)")
        return Opened(report, True, document=True)
    digest = sha256(data)
    if use_cache:
        hit = load(digest)
        if hit is not None:
            if digest != known:
                index_report(hit, p, quiet=True, read_as=read_as)
            return Opened(hit, True)
    report = parse_bytes(p, data, progress=progress, engine=engine, digest=digest)
    if use_cache and store(report):
        index_report(report, p, read_as=read_as)
    return Opened(report, False)


def index_report(report: Report, path: Path | None, *, quiet: bool = False, read_as: os.stat_result | None = None) -> None:
    """Keep the library index (summaries, grade cards, search, which file holds which report)
    in step with the cache; best effort.  ``quiet``: a failure is not worth a warning (a cache
    hit whose file the index did not know: the file is simply hashed again next time)."""
    import sqlite3

    from ofsted_reader.library import Index

    try:
        with Index() as index:
            index.add(report, path, read_as=read_as)
    except (sqlite3.Error, OSError, UnicodeError) as exc:
        if not quiet:
            _warn(f"could not update the library index ({exc}); search across reports may miss this report")


def entries() -> list[Path]:
    """Our entry files in the cache folder (nothing else that may live there)."""
    folder = cache_dir()
    try:
        return sorted(p for p in folder.iterdir() if _ENTRY.match(p.name) and p.is_file())
    except OSError:
        return []


def clear() -> int:
    """Remove our entries and stale temp files; returns how many entries went."""
    removed = 0
    folder = cache_dir()
    for entry in entries():
        try:
            entry.unlink()
            removed += 1
        except OSError:
            pass
    try:
        for temp in folder.glob(f"{_TEMP_PREFIX}*.yaml"):
            temp.unlink(missing_ok=True)
        # parsed-yaml.json: the reader's memo of parsed theme files (tui.themes.ParsedYaml).
        for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm", "parsed-yaml.json"):
            (folder / name).unlink(missing_ok=True)
    except OSError:
        pass
    return removed
