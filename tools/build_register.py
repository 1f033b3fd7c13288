"""Build the council register the package ships (``src/ofsted_reader/data/councils.json``).

    python tools/build_register.py [../shared/data/la_lookup.csv]

Reads the DfE/ONS/Ofsted lookup table (one row per English local authority with
children's services: Ofsted URN, DfE LA code, ONS GSS code, name, region, type,
population aged 0-25 and the ten DfE statistical neighbours) and writes one register
entry per council.  What the table cannot say is written here, in the two tables below:

* :data:`PREDECESSORS`: councils that no longer exist, with the councils that took over
  their children's services and the day they did (a reorganisation adds a row here);
* :data:`ALIASES`: names reports print that no rule derives from the register name
  (the rules are in :mod:`ofsted_reader.register`: "London Borough of X", "X City
  Council", "X Borough", "City of X", "Metropolitan Borough of X", "&" for "and"…).

The package reads only the JSON this writes; it never needs the CSV at run time.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "la_lookup.csv"
TARGET = ROOT / "src" / "ofsted_reader" / "data" / "councils.json"

PREDECESSORS: dict[str, dict] = {
    # DfE LA code → what the lookup lacks or gets wrong about a council that is gone.
    "928": {"name": "Northamptonshire", "type": "County", "successors": ["940", "941"], "ended": "2021-04-01"},
    "909": {"name": "Cumbria", "type": "County", "successors": ["942", "943"], "ended": "2023-04-01"},
    "836": {"name": "Poole", "type": "Unitary Authority", "successors": ["839"], "ended": "2019-04-01"},
    "837": {"name": "Bournemouth", "type": "Unitary Authority", "gss_code": "E06000028", "successors": ["839"], "ended": "2019-04-01"},
    "835": {"name": "Dorset County Council", "type": "County", "gss_code": "E10000009", "successors": ["838"], "ended": "2019-04-01"},
}
"""Councils that no longer exist.  Those missing from the lookup (Bournemouth, the old Dorset
county) get an entry here with their old DfE and GSS codes and no Ofsted URN (none is invented)."""

ALIASES: dict[str, list[str]] = {
    "201": ["City of London Corporation", "London Corporation", "Corporation of London"],
    "391": ["Newcastle"],
    "811": ["East Riding"],
}
"""Printed names no rule derives (by DfE LA code)."""

PREVIOUS_GSS: dict[str, list[str]] = {
    "370": ["E08000016"],  # Barnsley, recoded by ONS in 2025 (boundary change with Sheffield)
    "373": ["E08000019"],  # Sheffield, likewise
    "815": ["E10000023"],  # North Yorkshire, a county until it became a unitary council (2023)
    "933": ["E10000027"],  # Somerset, likewise
}
"""GSS codes a council had before (data sets keyed by GSS code find it by either)."""


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold().replace("&", " and ")).strip("-")


def display_name(ons_name: str) -> str:
    """"Bristol, City of" → "Bristol"; "Kingston Upon Hull, City of" → "Kingston upon Hull"."""
    name = re.sub(r",\s*City of$", "", ons_name.strip())
    return re.sub(r"\bUpon\b", "upon", name)


def codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def other_names(listed: str, name: str) -> list[str]:
    """The lookup's "also known as" list ("[BCP, Bournemouth, Christchurch & Poole]"): its items
    are split at commas, so two neighbours that together spell the council's own name are one."""
    pieces = [p.strip() for p in listed.strip("[] ").split(",") if p.strip()]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        if i + 1 < len(pieces) and slug(f"{pieces[i]}, {pieces[i + 1]}") == slug(name):
            out.append(f"{pieces[i]}, {pieces[i + 1]}")
            i += 2
        else:
            out.append(pieces[i])
            i += 1
    return out


def build(source: Path) -> list[dict]:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entries: dict[str, dict] = {}
    for row in rows:
        code = row["la_code"].strip()
        name = display_name(row["local_authority_ons_name"])
        known = other_names(row["also_known_as"], name)
        region = row["region_name"].strip()
        entries[code] = {
            "id": slug(name),
            "name": name,
            "la_code": code,
            "gss_code": row["la_code_new"].strip(),
            "previous_gss_codes": PREVIOUS_GSS.get(code, []),
            "urn": row["urn"].strip() or None,
            "region": None if region in ("", "NotKnown") else region,
            "type": row["ons_la_type"].strip() or None,
            "population_0_25": int(row["ons_population_0-25"]) if row["ons_population_0-25"].strip().isdigit() else None,
            "neighbours": codes(row["stat_neighbours"]),
            "aliases": [a for a in [row["local_authority_ons_name"].strip(), *known, *ALIASES.get(code, [])] if a != name],
            "successors": [],
            "predecessors": [],
            "since": None,
            "ended": None,
        }
    for code, gone in PREDECESSORS.items():
        entry = entries.setdefault(code, {
            "id": slug(gone["name"]), "name": gone["name"], "la_code": code, "gss_code": gone.get("gss_code"),
            "previous_gss_codes": [], "urn": None, "region": None, "type": None, "population_0_25": None,
            "neighbours": [], "aliases": [], "successors": [], "predecessors": [], "since": None, "ended": None,
        })
        entry.update(name=gone["name"], id=slug(gone["name"]), ended=gone["ended"], successors=list(gone["successors"]),
                     type=gone["type"], neighbours=[], population_0_25=None)
        entry["aliases"] = [a for a in [*entry["aliases"], *gone.get("aliases", [])] if a != gone["name"]]
        for successor in gone["successors"]:
            after = entries[successor]
            after["predecessors"].append(code)
            after["since"] = gone["ended"]
            entry["region"] = entry["region"] or after["region"]
    # An alias that is another council's own name would take that council's reports ("Bournemouth"
    # is listed among BCP's other names, but is a council of its own until 2019).
    names = {slug(e["name"]) for e in entries.values()}
    for entry in entries.values():
        dropped = [a for a in entry["aliases"] if slug(a) in names and slug(a) != entry["id"]]
        for alias in dropped:
            print(f"{entry['name']}: alias {alias!r} is another council's name; left out", file=sys.stderr)
        entry["aliases"] = list(dict.fromkeys(a for a in entry["aliases"] if a not in dropped))
    ids = [e["id"] for e in entries.values()]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SystemExit(f"two councils with one id: {sorted(duplicates)}")
    return sorted(entries.values(), key=lambda e: e["name"].casefold())


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    if not source.is_file():
        print(f"build_register: no lookup table at {source}", file=sys.stderr)
        return 2
    entries = build(source)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    # One council a line: a change to the register reads as a change to the councils it touches.
    lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False) for e in entries)
    source = "DfE/ONS/Ofsted local authority lookup (la_lookup.csv); see the README's 'The council register'"
    TARGET.write_text(f'{{"source": {json.dumps(source)},\n "councils": [\n{lines}\n]}}\n', encoding="utf-8")
    current = sum(1 for e in entries if not e["ended"])
    print(f"{len(entries)} councils ({current} current, {len(entries) - current} predecessors) → {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
