"""SIF: the single inspection framework (2013–18), incl. re-inspections and combined LA + LSCB reports.

Shape of a report (all from what the document prints, never from a file name), one
module per part:

* a **cover page** (:mod:`.cover`): the council (largest type), the title (one or two
  titles; a combined report prints "Inspection of services for children in need of help
  and protection, …" + "and" + "Review of the effectiveness of the Local Safeguarding
  Children Board"), ``Inspection date: …``, ``Report published: …`` (from 2015), the
  overall judgement as a sentence ("Children’s services in X require improvement to be
  good"; 2014: "The overall judgement is good"), the judgement table (rows ``1.``, ``2.``,
  ``2.1``, ``2.2``, ``3.`` with a grade column; names and grades wrap over lines) and, in
  2014, the LSCB judgement as a sentence;
* a printed **contents list** (:mod:`.contents`), whose indentation nests the headings it names;
* a **body** (:mod:`.body`): headings whose weight comes from their type size, numbered
  paragraphs (the numbering runs on through the LSCB part of a combined report),
  unnumbered executive summaries, judgement headings with their grade, recommendations;
* an **LSCB part** (:mod:`.lscb`) that opens with its judgement sentence ("The Local
  Safeguarding Children Board is good").

Two reports joined in one PDF: a second cover page part-way through, after which
paragraph numbering restarts.  The council's inspection leads (its cover gives the
metadata, table and overall judgement); the other report (the LSCB review) becomes a
part of its own, in print order, and the title joins both titles with " and ".  Cover
judgements are tied to the body sections whose titles share their words
(:mod:`..matching`).  The LSCB-only review (family ``LSCB``, :func:`build_lscb`) has the
same cover (no table) and body, and is built by the same code.
"""

from __future__ import annotations

from ofsted_reader.ingest.elements import Element
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest.structure.checks import check
from ofsted_reader.ingest.structure.common import COVER, Outline, fill_cover, finish
from ofsted_reader.ingest.structure.matching import pair
from ofsted_reader.ingest.structure.sif.body import Body, Open, grade_scale, walk_body
from ofsted_reader.ingest.structure.sif.cover import Cover, fill_metadata, parse_cover, segments, table_members
from ofsted_reader.ingest.structure.sif.lscb import lscb_judgement
from ofsted_reader.ingest.structure.sif.printed import SIF_TITLE, is_lscb
from ofsted_reader.ingest.structure.tables import Lines
from ofsted_reader.model import Judgement, Report, Source


def build(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    return build_report(elements, source, doc, "SIF")


def build_lscb(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    """LSCB: a review of the effectiveness of a Local Safeguarding Children Board on its own (2013–18).

    The cover names the board (not the council), prints the review's title, the inspection
    date(s), the publication date and the board's judgement as a sentence ("The Local
    Safeguarding Children Board requires improvement"); there is no judgement table and no
    overall judgement.  The body has the same shape as the LSCB part of a combined SIF report.
    """
    return build_report(elements, source, doc, "LSCB")


def build_report(elements: list[Element], source: Source, doc: LineDoc | None, family: str) -> Report:
    report = Report(source=source, family=family)
    lines = Lines(doc, elements)
    parts = segments(elements, lines)
    covers = [parse_cover(cover, lines, family) for cover, _ in parts]
    # The council's inspection leads, wherever it is printed in the file: a file that opens with an LSCB
    # review and goes on to the council's inspection is a SIF report.
    sif_at = next((k for k, c in enumerate(covers) if c.title and SIF_TITLE.search(c.title)), None)
    if family == "LSCB" and sif_at is not None:
        family = report.family = "SIF"
    if sif_at:
        report.warnings.append("The file opens with another report; the council's inspection report follows it.")
    main_at = sif_at if family == "SIF" and sif_at is not None else 0
    fill_metadata(report.metadata, covers, main_at, parts[main_at][0] + parts[main_at][1], elements)

    outline = Outline()
    body = Body(report, outline, lines)
    for k, (cover_elements, body_elements) in enumerate(parts):
        if k > 0:
            # Another report joined into the file: its numbering starts again and its headings start afresh.
            body.stack.clear()
            body.current = None
            body.last_number = None
        table = [[name, grade.printed] for name, grade in covers[k].rows]
        members = table_members(cover_elements, covers[k].rows)
        if k != main_at:
            # A report other than the council's inspection: a part of its own, named by its title,
            # its cover page the part's own text.
            part = outline.add(covers[k].title or "Another report")
            fill_cover(part, cover_elements, table, members)
            body.stack.append(Open((10**6, 1), part, 0))
            body.current = part
            if covers[k].lscb:
                part.grade = covers[k].lscb[1]
        else:
            fill_cover(outline.add(COVER), cover_elements, table, members)
        walk_body(body, body_elements, report)

    report.sections = outline.roots
    grade_scale(report)
    _cover_judgements(report, covers[main_at], body.rec_sections)
    lscb_judgement(report, covers, main_at, body)
    if report.family == "SIF":
        report.overall = covers[main_at].overall
    report.warnings.extend(body.numbering_notes[:6])
    if len(body.numbering_notes) > 6:
        report.warnings.append(f"…and {len(body.numbering_notes) - 6} more places where the paragraph numbering is irregular.")
    for cover in covers:
        report.warnings.extend(cover.warnings)
    if family == "SIF":
        if report.overall is None:
            report.warnings.append("No overall judgement sentence was found on the cover.")
        if not report.judgements or all(is_lscb(j.name) for j in report.judgements):
            report.warnings.append("No judgement table was found on the cover.")
    if family == "LSCB" and not report.judgements:
        report.warnings.append("No judgement of the Local Safeguarding Children Board was found.")
    report.warnings.extend(check(report, cover=("title", "local_authority", "inspection_dates")))
    return finish(report)


def _cover_judgements(report: Report, cover: Cover, recommending: set[str]) -> None:
    """The cover table's judgements, each tied to the body section its name means (never a topic in
    a list of recommendations, ids in ``recommending``)."""
    sections = [s for s in report.walk() if s.id not in recommending]
    names = [name for name, _ in cover.rows]
    paired = pair(names, [s.title for s in sections], preferred=[s.grade is not None for s in sections])
    for index, (name, grade) in enumerate(cover.rows):
        section = sections[paired[index]] if index in paired else None
        if section is None:
            report.warnings.append(f"The cover judges '{name}' but no section of the body matches it.")
        elif section.grade is None:
            section.grade = grade
        elif section.grade.rank != grade.rank:
            report.warnings.append(f"'{name}' is {grade.printed} on the cover but {section.grade.printed} in the body ('{section.title}').")
        report.judgements.append(Judgement(section=section.id if section else None, name=name, grade=grade))
