"""Headline judgements aligned across families by what they judge.

Each family names its judgements differently ("The experiences and progress of
children who need help and protection" in ILACS, "1. Children who need help and
protection" in SIF, the safeguarding part's "Overall effectiveness" in SLAC).  The
library view and the council history compare reports side by side, so they need
one set of columns: help and protection, children in care, care leavers,
leadership, and the LSCB where a report judges it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from ofsted_reader.model import Grade, Judgement, Report, Section

COLUMNS = ("help", "care", "leavers", "leaders", "lscb")
TITLES = {
    "help": "Help & protection",
    "care": "Children in care",
    "leavers": "Care leavers",
    "leaders": "Leadership",
    "lscb": "LSCB",
}

# Patterns as strings, compiled (and cached by ``re``) on first use: only the library needs
# them, and compiling them is a noticeable part of the reader's start.
_RULES: list[tuple[str, str]] = [
    ("lscb", r"(?i)safeguarding children board|\blscb\b"),
    ("care", r"(?i)children\s+(?:in\s+care|looked\s+after)|looked\s+after\s+children"),
    ("leavers", r"(?i)care\s+leavers?$"),
    ("help", r"(?i)help\s+and\s+protection|children\s+and\s+young\s+people\s+are\s+safe"),
    ("leaders", r"(?i)impact\s+of\s+leaders|leadership,\s+management\s+and\s+governance|^leadership\s+and\s+management"),
]


def columns_of(judgement: Judgement) -> list[str]:
    """The headline columns a judgement fills, from its name (and SLAC part).

    Usually one; ILACS before 2023 judges "children in care and care leavers" together,
    which fills both the children-in-care and the care-leavers columns.
    """
    name = re.sub(r"^\d+(?:\.\d+)?\.?\s+", "", judgement.name.strip())
    part = (judgement.section or "").split("/")[0]
    if name.lower().startswith("overall effectiveness") and part:
        # SLAC: each part's overall effectiveness is its headline judgement.
        if "safeguarding" in part:
            return ["help"]
        if "looked-after" in part:
            return ["care"]
    if name.lower().startswith("overall effectiveness of services for looked after"):
        return ["care"]
    found = [column for column, pattern in _RULES if re.search(pattern, name)]
    if found and found[0] == "lscb":
        return ["lscb"]
    return found


def column_of(judgement: Judgement) -> str | None:
    """The first headline column a judgement fills (see :func:`columns_of`), or None."""
    found = columns_of(judgement)
    return found[0] if found else None


def headline(report: Report) -> dict[str, Grade]:
    """The first judgement filling each column, in reading order."""
    found: dict[str, Grade] = {}
    for judgement in report.judgements:
        for column in columns_of(judgement):
            found.setdefault(column, judgement.grade)
    return found


def columns_present(reports: Iterable[dict[str, Grade]]) -> list[str]:
    present = set()
    for row in reports:
        present.update(row)
    return [c for c in COLUMNS if c in present]


_BOILERPLATE = [
    re.compile(r"^section\s+\d+\s*[:.]\s*", re.I),  # SIF 2014: "Section 2: the effectiveness of the LSCB"
    re.compile(r"^the\s+graded\s+judge?ment\s+(?:for|about|on|of)\s+", re.I),
    re.compile(r"^(?:the\s+)?experiences?\s+and\s+progress\s+of\s+", re.I),
    re.compile(r"^the\s+(?=\w)", re.I),
]


_LSCB_TITLE = (  # compiled on first use (re caches it), like _RULES
    r"(?i)^(?:section\s+\d+\s*[:.]\s*)?(?:the\s+)?(?:review\s+of\s+)?(?:the\s+)?(?:effectiveness\s+(?:of\s+)?(?:the\s+)?)?"
    r"(?:local\s+)?(?:safeguarding\s+children\s+board|LSCB)\b"
)


def short_title(title: str) -> str:
    """A section title without the template's opening words, for narrow panes.

    "The experiences and progress of children who need help and protection" →
    "Children who need help and protection"; "The graded judgement for adoption
    performance" → "Adoption performance".  The full title is shown where there is room.
    """
    short = title.strip()
    if re.match(_LSCB_TITLE, short) and len(short) > 4:
        return "LSCB"  # however the template words it, when the board is what the part is about
    for pattern in _BOILERPLATE:
        trimmed = pattern.sub("", short, count=1)
        if len(trimmed) >= 4:
            short = trimmed
    return short[:1].upper() + short[1:] if short else title


def in_part(part: Section, section: Section) -> str:
    """A section's title after its part's (short) name: "Care leavers › Summary"."""
    return f"{short_title(part.title)} › {section.title}"


def display_titles(report: Report) -> dict[str, str]:
    """Section id → its title where it stands alone (pane header, citations, bookmarks).

    A title the report uses more than once (each SIF judgement has its "Summary" and
    "Inspection findings") is preceded by its parent's: "Care leavers › Summary".
    """
    sections = list(report.walk())
    by_id = {s.id: s for s in sections}
    uses = Counter(s.title.strip().casefold() for s in sections)
    titles = {}
    for section in sections:
        parent = by_id.get(section.id.rpartition("/")[0])
        if parent is not None and uses[section.title.strip().casefold()] > 1:
            titles[section.id] = in_part(parent, section)
        else:
            titles[section.id] = section.title
    return titles
