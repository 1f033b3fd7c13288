"""Dates as reports print them ("25 March 2011", "7 – 18 February 2011") made ISO."""

from __future__ import annotations

import datetime as _dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
        start=1,
    )
}
_MONTH_ABBREV = {m[:3]: m for m in MONTHS}
_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")  # UK order: 25/11/2016


def iso_date(printed: str | None) -> str | None:
    """``25 March 2011`` → ``2011-03-25`` (the first full date in the text); failing that a date
    printed in figures, day first (``25/11/2016``); else None."""
    if not printed:
        return None
    named = [(day, MONTHS.get(month.lower()) or MONTHS.get(_MONTH_ABBREV.get(month.lower()[:3], ""), 0), year) for day, month, year in _DATE.findall(printed)]
    for day, number, year in [*named, *_NUMERIC_DATE.findall(printed)]:
        try:
            return _dt.date(int(year), int(number), int(day)).isoformat()
        except ValueError:
            continue
    return None


def first_day(dates: str | None) -> str | None:
    """The first day of printed inspection dates, as ISO: "7 – 18 February 2011" borrows the
    month and year of the last day, "28 November to 9 December 2022" the year."""
    dates = dates or ""
    match = re.match(r"\s*(\d{1,2})\s*(?:–|-|to)\s*\d{1,2}\s+([A-Za-z]+)\s+(\d{4})", dates)
    if match:
        dates = f"{match.group(1)} {match.group(2)} {match.group(3)}"
    else:
        match = re.match(r"\s*(\d{1,2})\s+([A-Za-z]+)\s*(?:–|-|to)\s*\d{1,2}\s+[A-Za-z]+\s+(\d{4})", dates)
        if match:
            dates = f"{match.group(1)} {match.group(2)} {match.group(3)}"
    return iso_date(dates)
