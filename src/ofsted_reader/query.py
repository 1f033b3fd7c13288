"""What a search across reports asks for, read from what the user typed.

``unregistered in:recommendations since:2023`` and the like: words (every one required, the
last may be the start of a word), ``"exact phrases"``, ``-word`` (or ``-"a phrase"``) to
exclude, and limits: ``in:recommendations`` / ``in:judgements`` (the kind of section),
``family:ilacs`` (``sif``, ``slac``, ``lscb``, ``send``; several are any of them), ``since:2023`` and
``before:2020`` (a year, ``2023-06`` or ``2023-06-15``: on or after / before that date of the
inspection).  Pure: it knows nothing of SQL (:mod:`ofsted_reader.index` turns a
:class:`Query` into its full-text query) nor of the screen.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

SCOPES = {"recommendations": "recommendations", "judgements": "judgements"}
"""What ``in:`` takes (any start of the name: ``in:rec``, ``in:judg``; ``judgments`` too)."""
FAMILIES = {"ilacs": "ILACS", "sif": "SIF", "slac": "SLAC", "lscb": "LSCB", "send": "AREA_SEND"}
"""What ``family:`` takes, and the family each names (``send``: area SEND inspections)."""
"""What ``family:`` takes (any case)."""

_TOKEN = re.compile(r'(-?)(?:(\w+):)?"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w[\w'’]*")


@dataclass(frozen=True)
class Query:
    """A parsed query; empty fields ask for nothing."""

    words: tuple[str, ...] = ()
    """Words every hit must hold (as typed: case is the index's business)."""
    phrases: tuple[tuple[str, ...], ...] = ()
    """Runs of words a hit must hold together, in order."""
    excluded: tuple[tuple[str, ...], ...] = ()
    """Words (one-word runs) and phrases no hit may hold."""
    prefix: bool = False
    """Whether the last word may be the start of a word (it was typed last, bare, no space after)."""
    scopes: frozenset[str] = frozenset()
    """Kinds of section a hit must be in: ``recommendations``, ``judgements`` (any of them)."""
    families: frozenset[str] = frozenset()
    since: str | None = None
    """ISO date: inspected on or after it."""
    before: str | None = None
    """ISO date: inspected before it."""
    problems: tuple[str, ...] = ()
    """What could not be understood, in words (the rest of the query still applies)."""
    text: str = ""
    """The words and phrases alone, in the order typed: what the reader highlights."""

    @property
    def searches(self) -> bool:
        """Whether there is anything to find (limits and exclusions alone find nothing)."""
        return bool(self.words or self.phrases)


def _date(value: str) -> str | None:
    """``2023`` / ``2023-06`` / ``2023-06-15`` → the ISO date of its first day, else None."""
    match = re.fullmatch(r"((?:19|20)\d\d)(?:-(\d\d?)(?:-(\d\d?))?)?", value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return _dt.date(int(year), int(month or 1), int(day or 1)).isoformat()
    except ValueError:
        return None


def _scope(value: str) -> str | None:
    value = value.casefold().replace("judgment", "judgement")
    found = [name for name in SCOPES if value and name.startswith(value)]
    return found[0] if len(found) == 1 else None


def parse_query(text: str) -> Query:
    """Read a query (see the module's docstring); never fails: what it cannot read is a problem."""
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    scopes: set[str] = set()
    families: set[str] = set()
    since = before = None
    problems: list[str] = []
    shown: list[str] = []
    last_bare = False
    for match in _TOKEN.finditer(text):
        minus, key, quoted, bare = match.groups()
        last_bare = False
        if quoted is not None:
            if key:  # in:"…" and the like: a limit's value in quotes
                bare, quoted = f"{key}:{quoted}", None
            else:
                run = tuple(_WORD.findall(quoted))
                if run:
                    (excluded if minus else phrases).append(run)
                    if not minus:
                        shown.append(" ".join(run))
                continue
        assert bare is not None
        name, colon, value = bare.partition(":")
        name = name.casefold()
        if colon and name in ("in", "family", "since", "before"):
            if name == "in":
                scope = _scope(value)
                if scope:
                    scopes.add(scope)
                else:
                    problems.append(f"in: takes {' or '.join(SCOPES)}, not “{value}”")
            elif name == "family":
                family = FAMILIES.get(value.casefold())
                if family is not None:
                    families.add(family)
                else:
                    problems.append(f"family: takes {', '.join(FAMILIES)}, not “{value}”")
            else:
                date = _date(value)
                if date is None:
                    problems.append(f"{name}: takes a year (2023), a month (2023-06) or a day (2023-06-15), not “{value}”")
                elif name == "since":
                    since = date
                else:
                    before = date
            continue
        found = _WORD.findall(bare)
        if bare.startswith("-") and len(bare) > 1:
            if found:
                excluded.append(tuple(found))
            continue
        if len(found) > 1 and re.search(r"\w[-’'.]\w", bare):
            phrases.append(tuple(found))  # "well-being", "St.Helens": its words together
            shown.append(bare)
            continue
        words.extend(found)
        shown.extend(found)
        last_bare = bool(found)
    prefix = last_bare and bool(text) and not text[-1].isspace()
    return Query(
        words=tuple(words),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        prefix=prefix,
        scopes=frozenset(scopes),
        families=frozenset(families),
        since=since,
        before=before,
        problems=tuple(problems),
        text=" ".join(shown),
    )
