"""Structure: detect the report family from the element stream, then build one Report."""

from __future__ import annotations

import re

from ofsted_reader.ingest.elements import Element, Heading, Prose, Row
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.model import Report, Source

_SLAC = re.compile(
    r"\bGrade\s*[1-4]\s*\((?:outstanding|good|adequate|inadequate)\)|record of main findings|"
    r"inspection of (?:safeguarding and )?looked after children",
    re.I,
)


def detect_family(elements: list[Element]) -> str:
    """The report family, from what the document prints (titles, grade forms, tables)."""
    head = " \n".join(e.text for e in elements[:400] if isinstance(e, (Heading, Prose, Row)))
    if _SLAC.search(head):
        return "SLAC"
    return "UNKNOWN"


def structure(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    from ofsted_reader.ingest.structure import slac, unknown

    family = detect_family(elements)
    builders = {"SLAC": slac.build}
    build = builders.get(family, unknown.build)
    return build(elements, source)
