"""The offline cache: one YAML document per source file, the one copy that matters.

An entry is ``<cache dir>/<sha256 of the source>.yaml`` holding the document (schema 2) and,
on its last line, the hash of everything above it.  It is trusted only if that hash
holds, it loads with the safe loader, it was written by this parser version and it names
the same source hash; anything else (truncated, damaged, foreign, old) is a miss and gets
replaced.  Writes are atomic (a private temp file in the same folder, then ``os.replace``),
so a crash leaves the previous entry or none, never half of one.  An entry is read only as a
regular file of its own (never through a link, never a FIFO).  A cache folder we cannot write
to, or may not trust (:func:`ofsted_reader.paths.cache_dir`), is not an error: the report is
used uncached, with one warning.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

from ofsted_reader import __version__
from ofsted_reader.document import dump_yaml, report_from_bytes
from ofsted_reader.model import Report
from ofsted_reader.paths import cache_dir, cache_entry, read_private, write_private_atomic
from ofsted_reader.paths import warn, warned  # noqa: F401 - the cache's warnings are the paths' (an untrusted folder is one)
from ofsted_reader import source

_ENTRY = re.compile(r"^[0-9a-f]{64}\.yaml$")
_TRAILER = b"# ofsted-reader checksum sha256 "
"""Last line of a cache entry: the hash of everything above it, so a truncated entry
that still happens to be valid YAML is caught."""
_TEMP_PREFIX = ".tmp-"

before_replace: Callable[[Path], None] | None = None
"""Test hook: called with the temp file's path after it is written, before the rename."""

MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""An entry larger than this is not one we wrote (the largest report the limits allow is far smaller)."""


def entry_path(sha256: str) -> Path | None:
    """Where the entry for a source hash lives (None: there is no cache to be trusted)."""
    return cache_entry(sha256)


def entry_bytes(report: Report) -> bytes:
    """What a cache entry holds: the YAML document, then its checksum line."""
    data = dump_yaml(report.to_dict()).encode("utf-8")
    return data + _TRAILER + source.sha256(data).encode() + b"\n"


def entry_report(data: bytes, sha256: str | None = None) -> Report | None:
    """The Report in a cache entry's bytes if the entry is whole, current and (given ``sha256``)
    for that source; else None."""
    cut = data.rfind(_TRAILER)
    if cut < 0 or source.sha256(data[:cut]).encode() != data[cut + len(_TRAILER) :].strip():
        return None
    report = report_from_bytes(data[:cut])
    if report is None or report.parser != __version__:
        return None
    if sha256 is not None and report.source.sha256 != sha256:
        return None
    return report


def load(sha256: str) -> Report | None:
    """The cached Report for a source hash, or None (a miss) for anything doubtful."""
    entry = entry_path(sha256)
    try:
        data = read_private(entry, MAX_ENTRY_BYTES) if entry is not None else None
    except OSError:
        return None
    return entry_report(data, sha256) if data is not None else None


def store(report: Report) -> os.stat_result | None:
    """Write the report's entry atomically; its stat, or None (with one warning) if the cache is unwritable."""
    entry = entry_path(report.source.sha256)
    if entry is None:
        return None  # no cache to be trusted: said once already
    try:
        write_private_atomic(entry, entry_bytes(report), before_replace=before_replace)
        return entry.stat()
    except OSError as exc:
        warn(f"could not write to the cache in {entry.parent} ({exc.strerror or exc}); working without the cache")
        return None


def entries() -> list[Path]:
    """Our entry files in the cache folder (nothing else that may live there)."""
    folder = cache_dir()
    try:
        return sorted(p for p in folder.iterdir() if _ENTRY.match(p.name) and p.is_file() and not p.is_symlink()) if folder else []
    except OSError:
        return []


def clear() -> int:
    """Remove our entries, stale temp files and the library index; returns how many entries went."""
    removed = 0
    folder = cache_dir()
    if folder is None:
        return 0  # not ours to clear
    for entry in entries():
        try:
            entry.unlink()
            removed += 1
        except OSError:
            pass
    try:
        for temp in folder.glob(f"{_TEMP_PREFIX}*.yaml"):
            temp.unlink(missing_ok=True)
        for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
            (folder / name).unlink(missing_ok=True)
    except OSError:
        pass
    return removed
