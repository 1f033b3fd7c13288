"""What a report may cost: the limits, and the one line that refuses an input past one.

Real reports sit far inside every limit.  Over 536 public report PDFs (every family, 2011 to
2026) the most seen was 58 pages, 2.4 MiB of decompressed streams, 3,700 characters on a
page, 150,000 characters and 1,800 lines in a report; the plain text of one is under 200 kB.
Each limit is ten or more times that, so only a file built to cost (a decompression bomb,
megabytes of one repeated line) or one that is no report meets it.  Every refusal is an
:class:`InputError` whose reason names the limit.  Nothing here imports the rest of the
package but its errors.
"""

from __future__ import annotations

import math
import os
import time
from contextvars import ContextVar, Token

from ofsted_reader.errors import InputError

MiB = 1024 * 1024

MAX_PDF_BYTES = 200 * MiB
"""A PDF file, refused before it is read (real ones are under 5 MiB)."""
MAX_TEXT_BYTES = 8 * MiB
"""Any other file (a text report, a saved document), refused before it is read."""
MAX_PAGES = 1000
MAX_STREAM_BYTES = 16 * MiB
"""All of a PDF's streams decompressed (every filter of a chain counted), checked before
any PDF engine opens the file: a few kilobytes can hold gigabytes."""
MAX_PAGE_CHARS = 50_000
"""Characters on one PDF page, counted before the page's characters are read."""
MAX_TEXT_CHARS = 2_000_000
"""Characters of text in a report (a PDF's pages together, or a text report)."""
MAX_TEXT_LINES = 50_000
"""Lines of text in a report (a text report's lines, blank ones included, or a PDF's)."""
MAX_SECONDS = 60.0
"""Time to parse one report, checked after every PDF page and between the steps."""


def mib(size: int) -> str:
    """A size in binary megabytes, rounded up to a tenth: one byte over 20 MiB is "20.1 MiB",
    never "20 MiB"."""
    if size % MiB == 0:
        return f"{size // MiB} MiB"
    return f"{math.ceil(size * 10 / MiB) / 10:.1f} MiB"


def refuse(path: str | os.PathLike[str] | None, what: str, amount: str, limit: str) -> InputError:
    """The error for an input past a limit: ``<path>: <what> (<amount>; the limit is <limit>)``."""
    return InputError(path, f"{what} ({amount}; the limit is {limit})")


def check_count(path: str | os.PathLike[str] | None, what: str, count: int, limit: int, unit: str, per: str = "") -> None:
    """InputError when ``count`` is past ``limit``: "too many pages (1,204 pages; the limit is 1,000)"."""
    if count > limit:
        raise refuse(path, what, f"{count:,} {unit}", f"{limit:,}{per}")


def check_pages(path: str | os.PathLike[str] | None, count: int) -> None:
    check_count(path, "too many pages", count, MAX_PAGES, "pages")


def check_page_chars(path: str | os.PathLike[str] | None, page: int, count: int) -> None:
    check_count(path, f"too much text on page {page}", count, MAX_PAGE_CHARS, "characters", " a page")


def check_text(path: str | os.PathLike[str] | None, chars: int, lines: int) -> None:
    """InputError when a report's text is past :data:`MAX_TEXT_CHARS` or :data:`MAX_TEXT_LINES`."""
    check_count(path, "too much text", chars, MAX_TEXT_CHARS, "characters")
    check_count(path, "too many lines of text", lines, MAX_TEXT_LINES, "lines")


class Deadline:
    """The time a parse may take (:data:`MAX_SECONDS`), checked where the parser can stop.

    ``with Deadline(path):`` makes it the current one (per thread, so the reader's parsing
    threads each have their own): :func:`check_time` checks it from deep inside the parser
    without every layer passing it on."""

    def __init__(self, path: str | os.PathLike[str] | None, seconds: float | None = None) -> None:
        self.path = path
        self.seconds = MAX_SECONDS if seconds is None else seconds
        self.end = time.monotonic() + self.seconds
        self._token: Token[Deadline | None] | None = None

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise refuse(self.path, "took too long to parse", f"over {self.seconds:g} s", f"{self.seconds:g} s")

    def __enter__(self) -> Deadline:
        self._token = _current.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _current.reset(self._token)


_current: ContextVar[Deadline | None] = ContextVar("ofsted_reader_deadline", default=None)


def check_time() -> None:
    """InputError when the current parse (see :class:`Deadline`) has run past its time."""
    deadline = _current.get()
    if deadline is not None:
        deadline.check()
