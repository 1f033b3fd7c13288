"""Ingest: any source file → one :class:`~ofsted_reader.model.Report`.

What a file is comes from its bytes, not its name: ``%PDF-`` → PDF path
(extract → clean → elements → structure); a schema-1 YAML/JSON document (an
export or a cache entry) → loaded as is; anything else must be text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

from ofsted_reader import __version__
from ofsted_reader.errors import InputError
from ofsted_reader.model import Report, Source

Progress = Callable[[int, int], None]
"""``progress(page, pages)``, called after each PDF page."""

PDF_MAGIC = b"%PDF-"


MAX_TEXT_BYTES = 20 * 1024 * 1024
"""Real reports are under 200 kB of text; anything far larger is not a report."""
MAX_PDF_BYTES = 200 * 1024 * 1024
"""Real report PDFs are under 5 MB; refuse anything absurd before reading it."""


def _refuse_if_huge(p: Path) -> None:
    size = p.stat().st_size
    if size <= MAX_TEXT_BYTES:
        return
    with p.open("rb") as handle:
        head = handle.read(1024)
    limit = MAX_PDF_BYTES if PDF_MAGIC in head else MAX_TEXT_BYTES
    if size > limit:
        kind = "PDF" if PDF_MAGIC in head else "text report"
        raise InputError(p, f"too large for a {kind} ({size // (1024 * 1024)} MB; the limit is {limit // (1024 * 1024)} MB)")


def read_source(path: str | os.PathLike[str]) -> tuple[Path, bytes]:
    """The file's bytes, or InputError with a plain reason (missing, folder, too large, unreadable)."""
    p, data, _ = read_source_with_stat(path)
    return p, data


def read_source_with_stat(path: str | os.PathLike[str]) -> tuple[Path, bytes, os.stat_result]:
    """:func:`read_source`, with the file's stat as it was when its bytes were read (so a file
    that changes while it is parsed is never remembered with the old bytes' hash)."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(path, "is a folder, not a report file")
        if not p.is_file() and p.exists():
            raise InputError(path, "not a regular file")
        _refuse_if_huge(p)
        with p.open("rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
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
    return p, data, st


def sniff(data: bytes) -> str:
    """``pdf``, ``yaml`` (a schema-1 document) or ``text``."""
    head = data[:1024]
    if PDF_MAGIC in head:
        return "pdf"
    stripped = head.lstrip()
    lines = [ln.strip() for ln in stripped.splitlines() if ln.strip() and not ln.strip().startswith(b"#")]
    if lines and (lines[0].startswith(b"schema:") or (lines[0].startswith(b"{") and b'"schema"' in head)):
        return "yaml"
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
    import hashlib

    return hashlib.sha256(data).hexdigest()


def parse_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    progress: Progress | None = None,
    engine: str = "pdfium",
    digest: str | None = None,
) -> Report:
    """Parse a source's bytes into a Report (no cache involved)."""
    # A file name that is not valid UTF-8 (bytes decoded as surrogates) is shown with U+FFFD.
    name = Path(path).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    digest = digest or sha256(data)
    kind = sniff(data)
    if kind == "yaml":
        from ofsted_reader.cache import document_from_bytes

        report = document_from_bytes(data)
        if report is None:
            raise InputError(path, "a YAML file that is not an ofsted-reader document (schema 1)")
        return report
    if kind == "pdf":
        from ofsted_reader.ingest.pdf_elements import load_pdf_elements

        doc, elements = load_pdf_elements(path, engine=engine, progress=progress)
        source = Source(name=name, sha256=digest, kind="pdf", pages=len(doc.pages) or None)
    else:
        looks = what_it_looks_like(data)
        if Path(path).suffix.lower() == ".pdf":
            raise InputError(path, f"not a PDF (it is {looks})")
        if looks in ("an HTML page", "an image", "a zip archive or Word/Excel document"):
            raise InputError(path, f"not a report: it is {looks} (give a report PDF or its plain text)")
        from ofsted_reader.ingest.text import decode, text_elements

        text = decode(data, os.fspath(path))
        elements = text_elements(text)
        if not elements:
            raise InputError(path, "no text in the file")
        doc = None
        source = Source(name=name, sha256=digest, kind="text", pages=None)
    from ofsted_reader.ingest.structure import structure

    report = structure(elements, source, doc)
    report.parser = __version__
    return report


def parse_file(path: str | os.PathLike[str], *, progress: Progress | None = None, engine: str = "pdfium") -> Report:
    """Parse a file, without the cache."""
    p, data = read_source(path)
    return parse_bytes(p, data, progress=progress, engine=engine)
