"""How a reader quotes a report: "Lancashire, published 26 January 2023, p. 7, para 27".

Inspectors and analysts cite a report by its council, its publication date (not the year of the
inspection: Lancashire's inspection of December 2022 was published in January 2023), the page
and, for a numbered paragraph, its number.  ILACS reports print no publication date; the name
Ofsted gives the file ("children's services inspection - 26 january 2023.pdf") carries it, so a
date in the file's name is taken when it is not before the inspection.  Pure: no Textual, no Rich.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

from ofsted_reader.dates import MONTHS, first_day, iso_date

if TYPE_CHECKING:
    from ofsted_reader.model import Block, Report

_ISO_IN_NAME = r"(?<!\d)((?:19|20)\d\d)[-_.]([01]\d)[-_.]([0-3]\d)(?!\d)"


def _name_date(name: str) -> str | None:
    """A date in a file's name, ISO: "… - 26 january 2023.pdf", "ilacs-2023-01-26-x.pdf"."""
    words = re.sub(r"[_.]+", " ", name)
    found = iso_date(words)
    if found:
        return found
    match = re.search(_ISO_IN_NAME, name)
    if match:
        try:
            return _dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    return None


def published_on(printed: str | None, file_name: str, inspection_dates: str | None) -> str | None:
    """When a report was published (ISO): as printed, else from its file's name when that date
    is not before the inspection began; None when neither says."""
    if printed:
        return printed
    found = _name_date(file_name)
    began = first_day(inspection_dates)
    if found and (began is None or found >= began):
        return found
    return None


def publication_date(report: Report) -> str | None:
    """:func:`published_on` for a report."""
    return published_on(report.metadata.published, report.source.name, report.metadata.inspection_dates)


def long_date(iso: str) -> str:
    """``2023-01-26`` → ``26 January 2023``."""
    day = _dt.date.fromisoformat(iso)
    return f"{day.day} {list(MONTHS)[day.month - 1].capitalize()} {day.year}"  # not strftime: locale-free


def report_reference(report: Report) -> str:
    """The report as a citation names it: "Lancashire, published 26 January 2023" (the inspection
    dates instead when no publication date is known)."""
    name = report.council_name()
    published = publication_date(report)
    if published:
        return f"{name}, published {long_date(published)}"
    if report.metadata.inspection_dates:
        return f"{name}, inspected {' '.join(report.metadata.inspection_dates.split())}"
    return name


def cite(report: Report, block: Block, where: str | None = None) -> str:
    """A block's citation: the report, the page (``p. 7``) and the paragraph (``para 27``; none
    for an unnumbered block).  ``where`` (the section's title) is said only when the block has
    neither page nor number (a plain-text report's unnumbered text)."""
    parts = [report_reference(report)]
    if block.page is not None:
        parts.append(f"p. {block.page}")
    if block.number is not None:
        parts.append(f"para {block.number}")
    elif block.page is None and where:
        parts.append(f"“{where}”")
    return ", ".join(parts)
