"""ILACS: inspections of local authority children's services (2018 – today).

Shape, as the reports print it:

- **Cover** (page 1): early reports print the council on its own line above a
  generic title ("London Borough of Hounslow" / "Inspection of children's social
  care services"); later titles name it ("Inspection of Lancashire local
  authority children's services").  Then ``Inspection dates: ...`` and
  ``Lead inspector: Name`` (with "Her/His Majesty's Inspector" after a comma or
  on the next line).  No publication date is printed.
- **Judgement table** under a "Judgement | Grade" header: the impact of leaders,
  help and protection, children in care (and care leavers, a row of its own
  from 2023), then "Overall effectiveness" (gone from the April 2026
  framework).  Names and grades wrap inside their cells.
- **Summary**: unheaded prose after the table (the executive summary).
- **What needs to improve** (``?``, ``:`` or a footnote marker after it): bullet
  items, from 2025 ending with a national framework reference.
- **Body**: one heading per judgement ending with its grade ("...protection:
  good", "...is: Good", "...leavers are good", "...protection require
  improvement to be good"), each followed by numbered paragraphs.
- A back page of Ofsted boilerplate.

One module per part: :mod:`.cover` (page 1: metadata and the judgement table, read
from the LineDoc's cell positions when there is one, otherwise from the element
texts) and :mod:`.body` (the summary, "What needs to improve", the graded sections).
Everything the parser doubts is recorded in ``Report.warnings``.
"""

from __future__ import annotations

import re

from ofsted_reader.grades import make_grade, parse_grade
from ofsted_reader.ingest.elements import Element, Row
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest.structure.checks import check
from ofsted_reader.ingest.structure.common import COVER, fill_cover
from ofsted_reader.ingest.structure.ilacs.body import State, join_wrapped_headings, place
from ofsted_reader.ingest.structure.ilacs.cover import first_body, read_cover, read_table
from ofsted_reader.ingest.structure.ilacs.printed import OVERALL
from ofsted_reader.ingest.structure.matching import pair
from ofsted_reader.ingest.structure.tables import TableRow
from ofsted_reader.model import Judgement, Report, Source


def build(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    report = Report(source=source, family="ILACS")
    elements = join_wrapped_headings(list(elements))
    rows, header, after = read_table(elements, doc, report)
    read_cover(elements, header if header >= 0 else first_body(elements), report)
    if header < 0:
        after = first_body(elements)

    names = [r.name for r in rows]
    state = State(report=report)
    table = [_header_cells(elements[header]), *([r.name, r.grade_text] for r in rows)] if rows else []
    start = header - 1 if header > 0 and re.fullmatch(r"judge?ments?", elements[header - 1].text.strip(), re.I) else header
    members = {id(e) for e in elements[start:after]} if header >= 0 else set()
    fill_cover(state.outline.add(COVER), elements[:after], table, members, header=True)
    for element in elements[after:]:
        place(state, element, names)

    report.sections = state.outline.roots
    _judgements(report, rows, state)
    _check(report, state)
    return report


def _header_cells(element: Element) -> list[str]:
    """The judgement table's header as printed: "Judgement" | "Grade"."""
    if isinstance(element, Row):
        return [" ".join(c.split()) for c in element.cells if c.strip()][:2]
    found = re.match(r"^\s*(judge?ments?)\s+(grades?)\s*$", element.text, re.I)
    return [found.group(1), found.group(2)] if found else ["Judgement", "Grade"]


def _judgements(report: Report, rows: list[TableRow], state: State) -> None:
    graded = [s for s in report.walk() if s.grade is not None]
    if not rows:
        report.judgements = [Judgement(section=s.id, name=s.title, grade=s.grade) for s in graded if s.grade]
        report.overall = next((j.grade for j in report.judgements if OVERALL.match(j.name)), None)
        return
    body_rows = [i for i, row in enumerate(rows) if not OVERALL.match(row.name)]
    pairs = pair([rows[i].name for i in body_rows], [s.title for s in graded])
    paired = {body_rows[r]: graded[s] for r, s in pairs.items()}
    for i, row in enumerate(rows):
        grade = parse_grade(row.grade_text) or make_grade("Not judged", row.grade_text)
        section_id = None
        if OVERALL.match(row.name):
            # The overall judgement's text is the summary under the table.
            section_id = state.summary.id if state.summary else None
        elif i in paired:
            section = paired[i]
            section_id = section.id
            if section.grade and grade.rank != section.grade.rank:
                report.warnings.append(
                    f"The judgement table grades '{row.name}' {row.grade_text}, "
                    f"but its section heading says {section.grade.printed}."
                )
        else:
            report.warnings.append(f"The judgement '{row.name}' in the table has no matching section in the report.")
        report.judgements.append(Judgement(section=section_id, name=row.name, grade=grade))
    for section in graded:
        if section in paired.values() or section.grade is None:
            continue
        report.warnings.append(
            f"The section '{section.title}' is graded {section.grade.printed} but is not in the judgement table."
        )
        report.judgements.append(Judgement(section=section.id, name=section.title, grade=section.grade))
    overall = next((j for j in report.judgements if OVERALL.match(j.name)), None)
    report.overall = overall.grade if overall else None


def _check(report: Report, state: State) -> None:
    if state.wni is None:
        report.warnings.append("No 'What needs to improve' section was found.")
    elif not report.recommendations:
        report.warnings.append("The 'What needs to improve' section has no items.")
    report.warnings.extend(check(report, recommendations=None))
