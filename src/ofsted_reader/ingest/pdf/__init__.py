"""PDF bytes → cleaned lines → the element stream.

The roles, one module each:

* :mod:`.check` - is it a whole PDF (before any engine opens it);
* :mod:`.pdfium` (default, fast) and :mod:`.plumber` (reference) - the two engines, each
  giving every page's characters (:mod:`.chars` holds what they share);
* :mod:`.layout` - characters → lines, for both engines;
* :mod:`.clean` - page furniture out (running headers and footers, page numbers,
  footnotes, the back cover);
* :mod:`.elements` - lines → headings, numbered paragraphs, prose, list items and rows;
* :mod:`.notes` - each footnote given to the element that cites it.

A long PDF is read by two processes when that pays (:func:`page_processes`): this one
reads the first half of its pages while a helper from :class:`~ofsted_reader.pool.Pool`
reads the second; each page is read on its own, so the lines are the same.
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator

from ofsted_reader.errors import InputError
from ofsted_reader.ingest.elements import Element
from ofsted_reader.ingest.lines import Line, LineDoc, PageInfo
from ofsted_reader.ingest.pdf import pdfium, plumber
from ofsted_reader.ingest.pdf.check import MIN_TEXT_CHARS, check_pdf
from ofsted_reader.ingest.pdf.clean import clean_lines
from ofsted_reader.ingest.pdf.elements import pdf_elements
from ofsted_reader.ingest.pdf.layout import build_lines
from ofsted_reader.ingest.pdf.notes import attach_notes
from ofsted_reader.limits import check_pages, check_text, check_time
from ofsted_reader.pool import Pool, can_fork, cores

ENGINES = ("pdfium", "plumber")
SPLIT_MIN_PAGES = 8
"""Shorter PDFs are read in one process: starting a helper would cost more than it saves."""

Progress = Callable[[int, int], None]
"""``progress(page, pages)``, called after each page."""
PageLines = Iterator[tuple[PageInfo, int, list[Line]]]
"""Per page in order: (page, page count, the page's lines)."""


def read_elements(
    data: bytes, name: str, *, engine: str = "pdfium", progress: Progress | None = None, page_processes: int | None = None
) -> tuple[LineDoc, list[Element]]:
    """Extract, clean and segment a PDF: ``(cleaned LineDoc, elements)``; InputError for an unusable file."""
    doc = clean_lines(read_lines(data, name, engine=engine, progress=progress, page_processes=page_processes))
    elements = pdf_elements(doc)
    attach_notes(elements, doc.notes)
    return doc, elements


def read_lines(
    data: bytes, name: str, *, engine: str = "pdfium", progress: Progress | None = None, page_processes: int | None = None
) -> LineDoc:
    """Read a PDF into a :class:`LineDoc` (``kind="pdf"``), lines in reading order.

    ``name`` is what an InputError names (the file).  ``page_processes``: how many processes
    read the pages (None: :func:`page_processes` decides; 1 where the cores are already shared
    out, in a pool's workers).  Raises InputError for anything that is the file's fault
    (not a PDF, encrypted, damaged, no text layer) or past a limit (:mod:`ofsted_reader.limits`:
    decompressed streams, pages, characters on a page, text in all, time after each page).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from {', '.join(ENGINES)})")
    check_pdf(data, name)
    lines: list[Line] = []
    pages: list[PageInfo] = []
    visible = chars = 0
    with pdfium.LOCK if engine == "pdfium" else contextlib.nullcontext():
        page_lines = _pdfium_lines(data, name, page_processes) if engine == "pdfium" else _built(plumber.pages(data, name))
        try:
            for info, count, built in page_lines:
                pages.append(info)
                for ln in built:
                    ln.lineno = len(lines)
                    lines.append(ln)
                    length = sum(len(s.text) for s in ln.spans)
                    chars += length
                    visible += length - sum(s.text.count(" ") for s in ln.spans)
                check_text(name, chars, len(lines))
                check_time()
                if progress is not None:
                    progress(info.number, count)
        finally:
            page_lines.close()
    if not pages:
        raise InputError(name, "PDF has no pages")
    if visible < MIN_TEXT_CHARS:
        raise InputError(name, "no text layer (scanned or image-only PDF)")
    return LineDoc(lines=lines, pages=pages, kind="pdf")


def page_processes(pages: int) -> int:
    """Two when a helper pays: a long PDF, two cores, and a process that may fork (no other
    threads: the reader's window runs threads, and a forkserver start costs more than it saves)."""
    return 2 if pages >= SPLIT_MIN_PAGES and can_fork() and cores() >= 2 else 1


def _built(pages: Iterator[tuple[PageInfo, int, list]]) -> PageLines:
    """An engine's pages, each with its lines built."""
    try:
        for info, count, chars in pages:
            yield info, count, build_lines(chars, info.number)
    finally:
        pages.close()


def _pdfium_lines(data: bytes, name: str, processes: int | None) -> PageLines:
    count = pdfium.page_count(data, name)
    check_pages(name, count)  # before a helper starts on them
    split = count // 2 if (processes or page_processes(count)) > 1 and count >= 2 else count
    helper: Pool[tuple[bytes, str, int, int], list[tuple[PageInfo, list[Line]]]] | None = None
    if split < count:
        helper = Pool(read_pages, 1)
        try:
            helper.submit((data, name, split, count))
        except OSError:  # no process to be had (a process limit, no memory): every page is read here
            helper.close()
            helper, split = None, count
    try:
        yield from _built(pdfium.pages(data, name, 0, split))
        if helper is not None:
            done = next(helper.results())
            if isinstance(done.error, InputError):
                raise done.error
            if done.error is not None:
                # The helper died (WorkerLost), or hit a bug: its pages are read here, where a bug
                # shows its traceback.
                done.value = read_pages((data, name, split, count))
            for info, built in done.value or []:
                yield info, count, built
    finally:
        if helper is not None:
            helper.close()


def read_pages(job: tuple[bytes, str, int, int]) -> list[tuple[PageInfo, list[Line]]]:
    """A helper's work: pages ``[first, last)`` of the PDF in ``data``, each with its lines."""
    data, name, first, last = job
    with pdfium.LOCK:
        return [(info, build_lines(chars, info.number)) for info, _, chars in pdfium.pages(data, name, first, last)]
