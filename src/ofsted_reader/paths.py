"""Every path the program reads or writes, in one place (tests redirect these).

Cache: ``$OFSTED_READER_CACHE`` or platformdirs' user cache dir.
State (positions, bookmarks, theme choice): ``$OFSTED_READER_DATA`` or the user data dir.
Config (config file, user themes): ``$OFSTED_READER_CONFIG`` or the user config dir.
Directories we create are private to the user (0700); a folder we did not create keeps its mode.

The cache is trusted only in a folder of the user's own that no one else can write to: on a
shared server another user could otherwise plant an entry (a report saying "Good" served for
one that says "Inadequate") or a link where the index is written.  A cache folder that is
shared like ``/tmp`` (writable by all, sticky, owned by the user or root) is used through a
private folder of the user's own inside it; one owned by another user, or writable by others
without the sticky bit, is not used at all.  Either way with one warning.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Callable

import platformdirs

APP_NAME = "ofsted-reader"

warned: list[str] = []
"""Warnings about the cache and index themselves (untrusted, read-only, full), each given once per process."""


def warn(message: str) -> None:
    if message not in warned:
        warned.append(message)
        print(f"ofsted-reader: warning: {message}", file=sys.stderr)

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent.parent


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else Path(default)


def configured_cache_dir() -> Path:
    """The cache folder as configured (it may not be the one used: see :func:`cache_dir`)."""
    return _dir("OFSTED_READER_CACHE", platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path | None:
    """The folder the cache lives in, or None when there is none to be trusted (the reports are
    then used uncached).  The configured folder when it is the user's own and no one else can
    write to it (or it does not exist yet: it is made private); a private folder inside it when
    it is shared like ``/tmp``; else None, with one warning."""
    configured = configured_cache_dir()
    try:
        st = os.stat(configured)
    except FileNotFoundError:
        return configured
    except OSError as exc:
        warn(f"cannot use the cache folder {configured} ({exc.strerror or exc}); working without the cache")
        return None
    if not stat.S_ISDIR(st.st_mode):
        warn(f"the cache folder {configured} is not a folder; working without the cache")
        return None
    uid = _uid()
    if st.st_uid == uid and not st.st_mode & 0o022:
        return configured
    if st.st_uid in (uid, 0) and st.st_mode & stat.S_ISVTX:
        # Shared like /tmp: no one else may rename or remove what we make inside it.
        private = configured / f"{_user()}-{uid}"
        if _private_subfolder(private, uid):
            warn(f"the cache folder {configured} can be written by others; using a private folder inside it, {private}")
            return private
        warn(f"the cache folder {configured} can be written by others and {private.name} inside it is not private; working without the cache")
        return None
    whose = "belongs to another user" if st.st_uid != uid else "can be written by others"
    warn(f"not using the cache folder {configured}: it {whose}; working without the cache")
    return None


def _uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(_uid()).pw_name
    except (ImportError, KeyError):
        return "user"


def _private_subfolder(path: Path, uid: int) -> bool:
    """Make ``path`` (0700) unless it exists; whether it is then a real folder (not a link) of
    the user's own that no one else can write to."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == uid and not st.st_mode & 0o022


def cache_entry(sha256: str) -> Path | None:
    """The cached document of the report whose source has this hash (None: no cache to be trusted)."""
    folder = cache_dir()
    return None if folder is None else folder / f"{sha256}.yaml"


def library_index() -> Path | None:
    """The library index (see :mod:`ofsted_reader.index`), beside the cache entries (None: no
    cache to be trusted)."""
    folder = cache_dir()
    return None if folder is None else folder / "library.sqlite3"


def data_dir() -> Path:
    return _dir("OFSTED_READER_DATA", platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _dir("OFSTED_READER_CONFIG", platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) private to the user.

    Every folder made here is 0700 (``mkdir(parents=True)`` would make the parents
    0755 under the usual umask: the data folder above ``reports/``, for one), as the XDG
    base-directory spec asks.  A folder that already exists, ``path`` or above it, keeps its
    mode: it may be shared, and is not ours to change (see :func:`cache_dir` for whether it
    is trusted).
    """
    missing = []
    for folder in (path, *path.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        try:
            folder.chmod(0o700)  # ours: a umask that takes the owner's bits does not lock us out
        except OSError:
            pass
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def read_private(path: Path, limit: int) -> bytes:
    """A file of ours (a cache entry): never through a link, never a FIFO or device, never more
    than ``limit`` bytes (OSError otherwise, as for a file that cannot be read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise OSError(f"{path} is not a regular file within {limit} bytes")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit + 1)[:limit]


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
