"""The council register: every English local authority with children's services, and those gone.

The register ships with the package (``data/councils.json``, built by
``tools/build_register.py`` from the DfE/ONS/Ofsted lookup table; see the README's
"Council register").  Each :class:`Council` has an id (a slug of its name), its DfE
three-digit LA code, ONS GSS code, Ofsted URN, region, type, its ten DfE statistical
neighbours, and for a reorganised council its predecessors or successors with the day
the change took effect (Northamptonshire → North and West Northamptonshire 2021,
Cumbria → Cumberland and Westmorland and Furness 2023, Bournemouth and Poole → BCP
2019, the Dorset county → Dorset 2019).

The public functions, for any part of the program that meets a council's name:

* :func:`resolve` ``(printed, when=None) -> Council | None``: the council a report (or a
  partnership, a board, a trust) names, however it prints the name: "Bedford Borough
  Council", "Metropolitan Borough of Barnsley", "City of Bristol", "Leeds City",
  "Brighton & Hove", "Surrey Safeguarding Children Board", "Leeds local area partnership"… ``when`` (an ISO date or a
  year) tells a council from its predecessor of the same name (Dorset, 2016 or 2021);
  None when no council of the register is named so;
* :func:`get` (by id), :func:`by_code` (DfE LA code or GSS code, old codes too),
  :func:`find` (a name or a code, as a user types it);
* :func:`councils`, :func:`regions`, :func:`neighbours`, :func:`lineage` (a council and
  every council it took over).

Names resolve by rule (the variants every council has: "London Borough of X", "X
Council", "X City Council", "X Borough", "County of X"…) and by the few other names the
register lists for a council ("Hull", "BCP").  Nothing here imports the model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ofsted_reader.councils import council_key

DATA = Path(__file__).with_name("data") / "councils.json"
MAX_NAME = 200
"""A printed name longer than this is no council's (the longest, with every council word around
it, is under 80 characters): it is not looked up, so a hostile one costs nothing."""


@dataclass(frozen=True)
class Council:
    """One council of the register."""

    id: str
    """A slug of the register name, e.g. ``bedford-borough``: stable, and the key the library groups by."""
    name: str
    la_code: str
    """The DfE three-digit LA code, as a string (``"301"``)."""
    gss_code: str | None
    previous_gss_codes: tuple[str, ...]
    urn: str | None
    """Ofsted's URN for the council's children's services (None for a council it never gave one)."""
    region: str | None
    type: str | None
    population_0_25: int | None
    neighbours: tuple[str, ...]
    """The ten DfE statistical neighbours, as LA codes, closest first."""
    aliases: tuple[str, ...]
    successors: tuple[str, ...]
    """LA codes of the councils that took over (for a council that is gone)."""
    predecessors: tuple[str, ...]
    """LA codes of the councils this one took over."""
    since: str | None
    """ISO date the council took over from its predecessors (None: before the reports began)."""
    ended: str | None
    """ISO date the council ceased (None while it exists)."""

    @property
    def current(self) -> bool:
        return self.ended is None

    def existed(self, when: str) -> bool:
        """Whether the council ran children's services on ``when`` (an ISO date)."""
        return (self.since is None or self.since <= when) and (self.ended is None or when < self.ended)


_PREFIX = (
    r"^(?:council of (?:the )?"
    r"|(?:(?:royal|london|metropolitan) )*(?:borough|city|county|city and county) of "
    r"|county )"
)
_SUFFIX = (
    r" (?:(?:(?:metropolitan|royal|district|borough|city|county|unitary) )*(?:council|authority)"
    r"|borough|city|county|district|metropolitan|corporation|city of"
    r"|(?:local )?safeguarding children (?:board|partnership)|local area (?:send )?partnership"
    r"|children s (?:services )?trust|children and families trust|children s services)$"
)


def _words(text: str) -> str:
    """Case, "&", apostrophes, punctuation and spacing out: "St. Helens" and "St Helens" alike."""
    text = text.casefold().replace("&", " and ").replace("’", "'").replace("'", " ")
    words = re.sub(r"[^\w\s]", " ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def name_forms(printed: str) -> list[str]:
    """The forms a printed name is looked up by, most literal first: the words as printed, the
    name without the council words the normaliser knows (:func:`ofsted_reader.councils.council_key`),
    then without every council word around it ("Metropolitan Borough of", "City Council"…)."""
    full = _words(printed)
    bare = full
    while True:
        shorter = re.sub(_SUFFIX, "", re.sub(_PREFIX, "", bare)).strip()
        if shorter == bare or not shorter:
            break
        bare = shorter
    return [f for f in dict.fromkeys((full, council_key(printed), bare)) if f]


@cache
def _load() -> tuple[tuple[Council, ...], dict[str, tuple[Council, ...]], dict[str, Council], dict[str, Council]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    entries = tuple(
        Council(
            id=e["id"],
            name=e["name"],
            la_code=e["la_code"],
            gss_code=e.get("gss_code"),
            previous_gss_codes=tuple(e.get("previous_gss_codes") or ()),
            urn=e.get("urn"),
            region=e.get("region"),
            type=e.get("type"),
            population_0_25=e.get("population_0_25"),
            neighbours=tuple(e.get("neighbours") or ()),
            aliases=tuple(e.get("aliases") or ()),
            successors=tuple(e.get("successors") or ()),
            predecessors=tuple(e.get("predecessors") or ()),
            since=e.get("since"),
            ended=e.get("ended"),
        )
        for e in data["councils"]
    )
    names: dict[str, list[Council]] = {}
    for council in entries:
        for name in (council.name, *council.aliases):
            for form in name_forms(name):
                found = names.setdefault(form, [])
                if council not in found:
                    found.append(council)
    codes: dict[str, Council] = {}
    for council in entries:
        for code in (council.la_code, council.gss_code, *council.previous_gss_codes):
            if code:
                codes[code.casefold()] = council
    return entries, {k: tuple(v) for k, v in names.items()}, codes, {c.id: c for c in entries}


def councils() -> tuple[Council, ...]:
    """Every council of the register (those gone too), by name."""
    return _load()[0]


def get(council_id: str) -> Council | None:
    return _load()[3].get(council_id)


def by_code(code: str) -> Council | None:
    """The council with this DfE LA code ("301") or GSS code ("E09000002", old ones too)."""
    return _load()[2].get(code.strip().casefold())


def _when(when: str | int | None) -> str | None:
    if when is None or when == "":
        return None
    if isinstance(when, int):
        return f"{when:04d}-12-31"
    return str(when)


def resolve(printed: str | None, when: str | int | None = None) -> Council | None:
    """The council a printed name means (see the module docstring), or None.

    When a name fits two councils (Dorset the county, gone in 2019, and Dorset the unitary
    council), ``when`` picks the one that existed then; without it, the one that exists now."""
    if not printed or not printed.strip() or len(printed) > MAX_NAME:
        return None
    names = _load()[1]
    date = _when(when)
    for form in name_forms(printed):
        found = names.get(form)
        if not found:
            continue
        if len(found) == 1:
            return found[0]
        then = [c for c in found if date is not None and c.existed(date)]
        if len(then) == 1:
            return then[0]
        now = [c for c in found if c.current]
        return now[0] if len(now) == 1 else None
    return None


def find(text: str) -> Council | None:
    """A council as a user names it: an id, a DfE or GSS code, or a name (see :func:`resolve`)."""
    text = text.strip()
    return get(text) or by_code(text) or resolve(text)


def regions() -> list[str]:
    """The regions of England the register's councils are in, A–Z."""
    return sorted({c.region for c in councils() if c.region})


def neighbours(council: Council) -> list[Council]:
    """The council's ten statistical neighbours, closest first."""
    return [n for code in council.neighbours if (n := by_code(code)) is not None]


def lineage(council: Council) -> list[Council]:
    """The council and every council it took over (their predecessors too), itself first."""
    out = [council]
    for item in out:
        for code in item.predecessors:
            before = by_code(code)
            if before is not None and before not in out:
                out.append(before)
    return out
