"""Every path the program reads or writes, in one place (tests redirect these).

Cache: ``$OFSTED_READER_CACHE`` or platformdirs' user cache dir.
State (positions, bookmarks, theme choice): ``$OFSTED_READER_DATA`` or the user data dir.
Config (config file, user themes): ``$OFSTED_READER_CONFIG`` or the user config dir.
Directories we create are private to the user (0700).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import platformdirs

APP_NAME = "ofsted-reader"

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent.parent


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else Path(default)


def cache_dir() -> Path:
    return _dir("OFSTED_READER_CACHE", platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_entry(sha256: str) -> Path:
    """The cached document of the report whose source has this hash."""
    return cache_dir() / f"{sha256}.yaml"


def library_index() -> Path:
    """The library index (see :mod:`ofsted_reader.index`), beside the cache entries."""
    return cache_dir() / "library.sqlite3"


def data_dir() -> Path:
    return _dir("OFSTED_READER_DATA", platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _dir("OFSTED_READER_CONFIG", platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) private to the user; tighten it if we own it.

    Every folder made here is 0700 (``mkdir(parents=True)`` would make the parents
    0755 under the usual umask: the data folder above ``reports/``, for one), as the XDG
    base-directory spec asks; folders that already exist above ``path`` are left alone.
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:
        pass
    return path


def write_private_atomic(path: Path, data: bytes, *, before_replace: Callable[[Path], None] | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    A private (0600) temp file in the same folder is written, synced and renamed over
    ``path``.  Raises OSError (unwritable or full folder); the temp file never outlives
    the call.  ``before_replace`` is a test hook run between the write and the rename.
    """
    import tempfile  # here: the commands that only read (a warm grades) start without it (3 ms)

    ensure_private_dir(path.parent)
    fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    temp_path = Path(temp)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_path, 0o600)
        if before_replace is not None:
            before_replace(temp_path)
        os.replace(temp_path, path)
    finally:
        if temp_path.exists():
            try:
                temp_path.unlink()
            except OSError:
                pass


def bundled(name: str) -> Path:
    """A folder shipped with the package (``themes``, ``sample_reports``).

    In a wheel they sit inside the package; in a source checkout (editable
    install, tests) they are at the repository root.
    """
    inside = _PACKAGE_DIR / name
    return inside if inside.is_dir() else _REPO_DIR / name


def sample_report() -> Path:
    """The report opened when no PATH is given."""
    folder = bundled("sample_reports")
    return folder / "halton-2011.txt"
