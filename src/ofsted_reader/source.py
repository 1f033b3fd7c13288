"""A report file's bytes: read once, with the limits, what they are and their hash.

Everything after this works on the bytes read here (a PDF is parsed from them, not
opened again by its name), so the bytes that were hashed are the bytes that were
parsed.  What a file is comes from its bytes, not its name: ``%PDF-`` is a PDF; a
document (an export or a cache entry) is a saved ``document``; anything
else must be text.  Nothing here imports the rest of the package but its errors and limits.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, Iterable, NamedTuple

from ofsted_reader.errors import InputError
from ofsted_reader.limits import MAX_PDF_BYTES, MAX_TEXT_BYTES, mib, refuse

PDF_MAGIC = b"%PDF-"

NOT_A_DOCUMENT = "a YAML file that is not an ofsted-reader document"
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
"""Names a saved document goes by: a file so named must be one."""

REPORT_SUFFIXES = {".pdf", ".txt", ".md", ".text", ".yaml", ".yml", ".json"}
"""What a report file inside a folder is called (a file named on its own may be called anything)."""


class SourceFile(NamedTuple):
    """A file as read: its bytes, its stat when they were read, and what they are."""

    path: Path
    data: bytes
    stat: os.stat_result | None
    """Taken on the open file as its bytes were read (a file that changes while it is parsed
    is never remembered with these bytes' hash); None for bytes that came from no file."""
    kind: str
    """``pdf``, ``document`` (a saved YAML/JSON report) or ``text``."""
    sha256: str
    """The bytes' hash ("" for a saved document: it stands only for itself)."""

    @property
    def name(self) -> str:
        return display_name(self.path)


def display_name(path: Path) -> str:
    """The file name as a report shows it (a name that is not valid UTF-8 gets U+FFFD)."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read(path: str | os.PathLike[str]) -> SourceFile:
    """The file's bytes, or InputError with a plain reason (missing, folder, too large, unreadable)."""
    p = Path(path)
    try:
        # Opened without waiting (a FIFO or a device would block the open itself), then checked on
        # the open file: a name swapped between a check and the open cannot get past.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise InputError(path, "is a folder, not a report file")
            if not stat.S_ISREG(st.st_mode):
                raise InputError(path, "not a regular file")
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "rb") as handle:
            data = _read_within_limit(p, handle, st.st_size)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a report file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    kind = sniff(data)
    if kind == "text":
        _refuse_what_is_no_report(p, data)
    return SourceFile(p, data, st, kind, sha256(data) if kind != "document" else "")


def _read_within_limit(path: Path, handle: BinaryIO, size: int) -> bytes:
    """The file's bytes; InputError past :data:`MAX_PDF_BYTES` (a PDF) or :data:`MAX_TEXT_BYTES`
    (anything else), refused from its size before it is read (and never read past the limit,
    should it grow meanwhile)."""
    head = handle.read(1024)
    is_pdf = PDF_MAGIC in head
    limit = MAX_PDF_BYTES if is_pdf else MAX_TEXT_BYTES
    if size <= limit:
        data = head + handle.read(limit + 1 - len(head))
        if len(data) <= limit:
            return data
        size = max(size, len(data))
    raise refuse(path, f"too large for a {'PDF' if is_pdf else 'text report'}", mib(size), mib(limit))


def _refuse_what_is_no_report(path: Path, data: bytes) -> None:
    """InputError for bytes that are plainly not what the name says, or no report at all."""
    looks = what_it_looks_like(data)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise InputError(path, f"not a PDF (it is {looks})")
    if suffix in DOCUMENT_SUFFIXES:
        raise InputError(path, NOT_A_DOCUMENT)
    if looks in ("an HTML page", "an image", "a zip archive or Word/Excel document"):
        raise InputError(path, f"not a report: it is {looks} (give a report PDF or its plain text)")


def from_bytes(name: str, data: bytes) -> SourceFile:
    """Bytes that came from no file (a test, the fuzzer) as if read from a file called ``name``."""
    kind = sniff(data)
    return SourceFile(Path(name), data, None, kind, sha256(data) if kind != "document" else "")


def sniff(data: bytes) -> str:
    """``pdf``, ``document`` (a saved YAML/JSON document) or ``text``."""
    head = data[:1024]
    if PDF_MAGIC in head:
        return "pdf"
    stripped = head.lstrip()
    lines = [ln.strip() for ln in stripped.splitlines() if ln.strip() and not ln.strip().startswith(b"#")]
    if lines and (lines[0].startswith(b"schema:") or (lines[0].startswith(b"{") and b'"schema"' in head)):
        return "document"
    return "text"


_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


def what_it_looks_like(data: bytes) -> str:
    """A plain description of bytes that are not what they should be."""
    if not data.strip():
        return "an empty file"
    if _HTML.match(data[:1024].lstrip(b"\xef\xbb\xbf")):
        return "an HTML page"
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
        return "an image"
    if data[:4] == b"PK\x03\x04":
        return "a zip archive or Word/Excel document"
    if b"\x00" in data[:4096]:
        return "binary data"
    return "text"


def sha256(data: bytes) -> str:
    # Imported here: listing a folder's files (a warm ``grades``) never hashes one, and hashlib
    # costs 10 ms to import.
    import hashlib

    return hashlib.sha256(data).hexdigest()


def report_files(paths: Iterable[str]) -> tuple[list[Path], list[InputError]]:
    """Files named or found under folders (recursively, symlink loops cut), in a stable order;
    a path that does not exist, or a folder that cannot be read, is an InputError."""
    found: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        try:
            st = path.stat()
        except FileNotFoundError:
            if path.is_symlink():  # a dangling link: reading it says so
                found.append(path)
            else:
                errors.append(InputError(raw, "no such file or folder"))
            continue
        except OSError as exc:  # inside a folder that cannot be searched (mode 000), a loop of links…
            errors.append(InputError(raw, _why(exc)))
            continue
        if not stat.S_ISDIR(st.st_mode):
            found.append(path)
            continue
        seen: set[tuple[int, int]] = set()

        def unreadable(exc: OSError) -> None:
            errors.append(InputError(exc.filename, f"a folder that cannot be read ({_why(exc)}); its reports were skipped"))

        for root, dirs, files in os.walk(path, followlinks=True, onerror=unreadable):
            try:
                st = os.stat(root)
            except OSError:
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs.sort()
            for name in sorted(files):
                if Path(name).suffix.lower() in REPORT_SUFFIXES and not name.startswith("."):
                    found.append(Path(root) / name)
    return found, errors


def _why(exc: OSError) -> str:
    return "permission denied" if isinstance(exc, PermissionError) else f"cannot be read ({exc.strerror or exc})"
