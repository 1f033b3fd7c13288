"""Where the reader keeps your place: one small JSON file per report, plus settings.

A report's state (last section, scroll position, bookmarks) lives in
``<data dir>/reports/<sha256 of the source>.json``; reader-wide settings (the
chosen theme) in ``<data dir>/settings.json``.  Files are private (0600, in a
0700 folder) and written atomically (temp file, then ``os.replace``), so a crash
leaves the old file or the new one, never half of one.

A file we cannot read as what we wrote is *set aside* (renamed with a
``.damaged-<time>`` suffix, so nothing is lost) and defaults are used; the
caller gets a one-line notice to show.  Like the model and cache, this module
never imports Textual or Rich.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from ofsted_reader.paths import data_dir, write_private_atomic

STATE_VERSION = 1
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Bookmark:
    """A marked block: the section it is in and its index there (numbered or not)."""

    section: str
    block: int
    number: int | None = None
    """The paragraph's printed number, for display and citations (None for unnumbered prose)."""
    excerpt: str = ""
    """The first words of the block, so the list reads without opening the report."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bookmark:
        number = data.get("number")
        return cls(
            section=str(data["section"]),
            block=int(data["block"]),
            number=None if number is None else int(number),
            excerpt=str(data.get("excerpt", "")),
        )


@dataclass
class ReaderState:
    """Everything remembered about one report."""

    section: str | None = None
    """Id of the section last open."""
    block: int = 0
    """Index of the block at the top of the paragraph pane."""
    scroll_y: float = 0.0
    """Exact scroll offset; used when the pane is as wide as when it was saved."""
    width: int = 0
    """Width of the paragraph pane when ``scroll_y`` was saved (wrapping depends on it)."""
    bookmarks: list[Bookmark] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = STATE_VERSION
        return data

    @classmethod
    def from_dict(cls, data: Any) -> ReaderState:
        """Raises ValueError/TypeError/KeyError if ``data`` is not a state we wrote."""
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise ValueError("not a reader state (version 1)")
        section = data.get("section")
        bookmarks = data.get("bookmarks") or []
        if not isinstance(bookmarks, list):
            raise TypeError("bookmarks is not a list")
        return cls(
            section=None if section is None else str(section),
            block=max(0, int(data.get("block", 0))),
            scroll_y=max(0.0, float(data.get("scroll_y", 0.0))),
            width=max(0, int(data.get("width", 0))),
            bookmarks=[Bookmark.from_dict(b) for b in bookmarks],
        )

    def bookmark_at(self, section: str, block: int) -> Bookmark | None:
        return next((b for b in self.bookmarks if b.section == section and b.block == block), None)


def _key(report_sha: str) -> str:
    """A safe file stem for a report hash (a saved document's hash is untrusted text)."""
    if _HEX64.match(report_sha):
        return report_sha
    return sha256(report_sha.encode("utf-8", "surrogatepass")).hexdigest()


def state_path(report_sha: str) -> Path:
    return data_dir() / "reports" / f"{_key(report_sha)}.json"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def _set_aside(path: Path) -> Path | None:
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
        return aside
    except OSError:
        return None


def _read_json(path: Path) -> tuple[Any, bool]:
    """(data, True) for a readable JSON file, (None, False) when there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, False
    return json.loads(raw.decode("utf-8")), True


def _damaged_notice(what: str, path: Path) -> str:
    aside = _set_aside(path)
    where = f"it was set aside as {aside.name}" if aside else "it could not be moved aside"
    return f"{what} in {path.parent} was damaged; {where} and defaults are used."


def load_state(report_sha: str) -> tuple[ReaderState, str | None]:
    """The saved state for a report (or a fresh one), and a notice if a damaged file was set aside."""
    path = state_path(report_sha)
    try:
        data, found = _read_json(path)
        if not found:
            return ReaderState(), None
        return ReaderState.from_dict(data), None
    except OSError:
        return ReaderState(), None  # unreadable (permissions): use defaults, leave the file alone
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return ReaderState(), _damaged_notice("Your saved place for this report", path)


def write_json_atomic(path: Path, data: dict[str, Any]) -> bool:
    """Write ``data`` as JSON to ``path`` privately and atomically; False if the folder is unwritable."""
    try:
        write_private_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError:
        return False
    return True


def save_state(report_sha: str, state: ReaderState) -> bool:
    return write_json_atomic(state_path(report_sha), state.to_dict())


def load_settings() -> tuple[dict[str, Any], str | None]:
    """Reader-wide settings (``{"theme": name}``) and a notice if a damaged file was set aside."""
    path = settings_path()
    try:
        data, found = _read_json(path)
        if not found:
            return {}, None
        if not isinstance(data, dict):
            raise ValueError("settings are not a mapping")
        return data, None
    except OSError:
        return {}, None
    except (ValueError, UnicodeDecodeError):
        return {}, _damaged_notice("Your reader settings file", path)


def save_settings(settings: dict[str, Any]) -> bool:
    return write_json_atomic(settings_path(), settings)


# --------------------------------------------------------------------------- library


@dataclass
class LibraryState:
    """What the library view remembers about one folder: its order, filter and row."""

    sort: str = "council"
    """Key of the column the table is sorted by."""
    reverse: bool = False
    filter: str = ""
    row: str | None = None
    """Hash of the report the cursor was on."""
    region: str = ""
    """The region the table is narrowed to ("" for all of England)."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = STATE_VERSION
        return data

    @classmethod
    def from_dict(cls, data: Any) -> LibraryState:
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise ValueError("not a library state (version 1)")
        row = data.get("row")
        return cls(
            sort=str(data.get("sort") or "council"),
            reverse=bool(data.get("reverse", False)),
            filter=str(data.get("filter") or ""),
            row=None if row is None else str(row),
            region=str(data.get("region") or ""),
        )


def library_state_path(folder: Path) -> Path:
    key = sha256(str(folder.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return data_dir() / "libraries" / f"{key}.json"


def load_library_state(folder: Path) -> tuple[LibraryState, str | None]:
    """The remembered state for a folder (or a fresh one), and a notice if a damaged file was set aside."""
    path = library_state_path(folder)
    try:
        data, found = _read_json(path)
        if not found:
            return LibraryState(), None
        return LibraryState.from_dict(data), None
    except OSError:
        return LibraryState(), None
    except (ValueError, TypeError, UnicodeDecodeError):
        return LibraryState(), _damaged_notice("The saved library view for this folder", path)


def save_library_state(folder: Path, state: LibraryState) -> bool:
    return write_json_atomic(library_state_path(folder), state.to_dict())
