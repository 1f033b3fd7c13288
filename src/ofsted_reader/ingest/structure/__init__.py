"""Structure: detect the report family from the element stream, then build one Report.

Each family module has ``build(elements, source, doc) -> Report``; ``doc`` is the
cleaned LineDoc for PDFs (positions and fonts, for tables on the cover) and None
for plain text.
"""

from __future__ import annotations

import re
from typing import Callable

from ofsted_reader.ingest.elements import Element, Heading, Prose, Row
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest.structure import ilacs, send, sif, slac, unknown
from ofsted_reader.model import Report, Source

_APOS = "['’]"
_SIGNS: list[tuple[str, re.Pattern[str]]] = [
    # Order matters: a combined SIF report also prints the LSCB review title.
    ("SIF", re.compile(r"inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection", re.I)),
    ("LSCB", re.compile(r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board", re.I)),
    (
        "ILACS",
        re.compile(
            rf"the\s+impact\s+of\s+leaders\s+on\s+social\s+work\s+practice|children{_APOS}s\s+social\s+care\s+services|"
            rf"local\s+authority\s+children{_APOS}s\s+services",
            re.I,
        ),
    ),
    (
        "SLAC",
        re.compile(
            r"\bGrade\s*[1-4]\s*\((?:outstanding|good|adequate|inadequate)\)|record\s+of\s+main\s+findings|"
            r"inspection\s+of\s+(?:safeguarding\s+and\s+)?looked\s+after\s+children",
            re.I,
        ),
    ),
]

BUILDERS: dict[str, Callable[[list[Element], Source, LineDoc | None], Report]] = {
    "SLAC": slac.build,
    "SIF": sif.build,
    "LSCB": sif.build_lscb,
    "ILACS": ilacs.build,
    "AREA_SEND": send.build,
    "UNKNOWN": unknown.build,
}


def detect_family(elements: list[Element]) -> str:
    """The report family, from what the document prints (titles, judgement wording, grade forms)."""
    head = " \n".join(
        " ".join([e.text, *e.cells]) if isinstance(e, Row) else e.text
        for e in elements[:300]
        if isinstance(e, (Heading, Prose, Row))
    )
    # An LSCB review's cover prints only the review's title; its text may later name the council's
    # "inspection of services for children in need of help and protection", which must not make it SIF.
    cover = " \n".join(
        " ".join([e.text, *e.cells]) if isinstance(e, Row) else e.text
        for e in elements[:15]
        if isinstance(e, (Heading, Prose, Row))
    )
    # An area SEND report names its inspection on the cover (or prints one of its outcome
    # sentences); a children's services report may mention an area SEND inspection in its text.
    if send.SIGN.search(cover) or send.OUTCOME_SIGN.search(head):
        return "AREA_SEND"
    signs = dict(_SIGNS)
    if signs["LSCB"].search(cover) and not signs["SIF"].search(cover):
        return "LSCB"
    for family, sign in _SIGNS:
        if sign.search(head):
            return family
    return "UNKNOWN"


def structure(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    return BUILDERS[detect_family(elements)](elements, source, doc)
