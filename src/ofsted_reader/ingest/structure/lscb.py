"""LSCB: a review of the effectiveness of a Local Safeguarding Children Board on its own (2013–18).

The cover names the board (not the council), prints the review's title, the
inspection date(s), the publication date and the board's judgement as a sentence
("The Local Safeguarding Children Board requires improvement"); there is no
judgement table and no overall judgement.  The body (executive summary, bulleted
or numbered recommendations, numbered inspection findings) has the same shape as
the LSCB part of a combined SIF report, so :mod:`.sif` builds both.
"""

from __future__ import annotations

from ofsted_reader.ingest.elements import Element
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest.structure.sif import build_report
from ofsted_reader.model import Report, Source


def build(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    return build_report(elements, source, doc, "LSCB")
