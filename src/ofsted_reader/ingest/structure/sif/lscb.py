"""The LSCB part of a SIF report (or an LSCB review on its own): the board's judgement.

It is printed as a sentence: on the cover (2014 reports, LSCB reviews, joined reports),
at the head of the LSCB part ("The Local Safeguarding Children Board is good"), or beside
the part's heading; where two say different things, a warning says so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ofsted_reader.ingest.structure.common import clean_title
from ofsted_reader.ingest.structure.sif.printed import is_lscb
from ofsted_reader.model import Judgement, Report

if TYPE_CHECKING:
    from ofsted_reader.ingest.structure.sif.body import Body
    from ofsted_reader.ingest.structure.sif.cover import Cover


def lscb_judgement(report: Report, covers: list[Cover], main_at: int, body: Body) -> None:
    """Add the board's judgement (from a cover sentence or the LSCB part's), tied to its section."""
    main = covers[main_at]
    lscb = main.lscb or next((c.lscb for c in covers if c is not main and c.lscb), None)
    lscb_section = None
    if body.lscb_body is not None:
        subject, grade, lscb_section = body.lscb_body
        if lscb is None:
            lscb = (subject, grade)
        elif lscb[1].rank != grade.rank:
            report.warnings.append(f"The cover says '{lscb[1].printed}' but the LSCB section says '{grade.printed}'.")
    if lscb is None:
        return
    if lscb_section is None:
        lscb_section = next((s for s in report.sections if is_lscb(s.title)), None)
    if lscb_section is None and report.family == "LSCB":
        lscb_section = next(
            (s for s in report.walk() if re.match(r"^(inspection\s+findings|executive\s+summary)", s.title, re.I)), None
        )
    if lscb_section is not None and lscb_section.grade is None and report.family != "LSCB":
        lscb_section.grade = lscb[1]
    report.judgements.append(Judgement(section=lscb_section.id if lscb_section else None, name=clean_title(lscb[0]), grade=lscb[1]))
