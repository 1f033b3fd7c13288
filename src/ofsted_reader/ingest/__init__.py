"""Ingest: a source file's bytes → one :class:`~ofsted_reader.model.Report` (no cache involved).

    PDF bytes ─► pdf (check, extract, lines, clean) ─┐
                                                      ├─► elements ─► structure (family) ─► Report
    text bytes ─► text (decode, line shapes) ─────────┘

A saved document (an export or a cache entry) is loaded as it is written.
"""

from __future__ import annotations

import os
from typing import Callable

from ofsted_reader import __version__
from ofsted_reader.document import saved_report
from ofsted_reader.errors import InputError
from ofsted_reader.ingest.pdf import read_elements
from ofsted_reader.ingest.structure import structure
from ofsted_reader.ingest.text import decode, text_elements
from ofsted_reader.limits import Deadline
from ofsted_reader.model import Report, Source
from ofsted_reader.source import SourceFile, read

Progress = Callable[[int, int], None]
"""``progress(page, pages)``, called after each PDF page."""


def parse(
    src: SourceFile, *, engine: str = "pdfium", progress: Progress | None = None, page_processes: int | None = None
) -> Report:
    """The Report in a file's bytes; InputError when they are no usable report, or one that
    costs more than a limit allows (:mod:`ofsted_reader.limits`)."""
    if src.kind == "document":
        return saved_report(src.data, src.path)
    with Deadline(src.path) as deadline:
        if src.kind == "pdf":
            doc, elements = read_elements(src.data, os.fspath(src.path), engine=engine, progress=progress, page_processes=page_processes)
            source = Source(name=src.name, sha256=src.sha256, kind="pdf", pages=len(doc.pages) or None)
        else:
            elements = text_elements(decode(src.data, os.fspath(src.path)))
            if not elements:
                raise InputError(src.path, "no text in the file")
            doc = None
            source = Source(name=src.name, sha256=src.sha256, kind="text", pages=None)
        deadline.check()
        report = structure(elements, source, doc)
        deadline.check()
    report.parser = __version__
    return report


def parse_file(path: str | os.PathLike[str], *, engine: str = "pdfium", progress: Progress | None = None) -> Report:
    """Read and parse a file, without the cache."""
    return parse(read(path), engine=engine, progress=progress)
