"""SLAC: inspections of safeguarding and looked after children services (2011–13).

Shape: a cover (title, council, labelled dates/inspector/published), a contents
list, numbered paragraphs under headings, ``Grade N (label)`` printed under (or on,
or glued to) each judged heading, two parts (safeguarding; looked after children)
or one, "Areas for improvement" with timescale groups, and a closing
"Record of main findings" table.

Nesting follows the document: a heading with no content of its own that is
followed by another heading is a grouping heading.  It is a *part* (top level)
when the next heading is the part's "Overall effectiveness"; otherwise it is an
outcomes group that holds the outcome judgements up to the next part-level
judgement (quality of provision, leadership, ...), as in the Ofsted template.
"""

from __future__ import annotations

import re

from ofsted_reader.grades import parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest.structure.checks import check
from ofsted_reader.ingest.structure.common import (
    COVER,
    Outline,
    add_block,
    add_item,
    fill_cover,
    clean_title,
    contents_entry,
    cover_metadata,
    finish,
    norm_name,
    split_heading,
)
from ofsted_reader.ingest.text import is_timescale
from ofsted_reader.model import Grade, Metadata, RecordRow, Recommendation, Report, ScaleEntry, Section, Source

# Judgements that belong to a part itself, never to an outcomes group.
_PART_LEVEL = re.compile(
    r"^(overall effectiveness|capacity (for|to) improve|quality of provision|ambition and prioritisation|"
    r"leadership and management|performance management|partnership working|equality and diversity|"
    r"value for money|areas for improvement|record of main findings)",
    re.I,
)
_AREAS = re.compile(r"^areas? for (development|improvement)", re.I)
_RECORD = re.compile(r"^record of main findings", re.I)
_CONTENTS = re.compile(r"^contents$", re.I)
_TITLE = re.compile(r"^(inspection|review) of\b", re.I)
_FURNITURE = re.compile(r"©|crown copyright|www\.|reproduced|further copies|^website", re.I)


def _heading_title(element: Element) -> tuple[str, Grade | None]:
    return split_heading(element.text)


def _grade_line(element: Element | None) -> Grade | None:
    if isinstance(element, (Prose, Heading)):
        return parse_grade(element.text)
    return None


def _body_start(elements: list[Element]) -> int:
    """Index of the first heading that has content of its own (the cover ends there)."""
    for i, element in enumerate(elements[:-1]):
        if isinstance(element, Heading) and not _CONTENTS.match(element.text.strip()):
            following = elements[i + 1]
            if isinstance(following, Para) or _grade_line(following):
                return i
    return len(elements)


def cover(elements: list[Element], metadata: Metadata) -> None:
    texts = [" ".join(e.text.split()) for e in elements if isinstance(e, (Heading, Prose))]
    cover_metadata(texts, metadata)
    for i, text in enumerate(texts):
        if metadata.title is None and _TITLE.match(text):
            metadata.title = clean_title(text)
            for rest in texts[i + 1 :]:
                if _FURNITURE.search(rest) or ":" in rest or re.match(r"^(inspection dates|reporting|lead|age group|published)", rest, re.I):
                    continue
                metadata.local_authority = clean_title(rest)
                break
            break


def _next_heading(elements: list[Element], start: int) -> tuple[int, Element | None]:
    for j in range(start, len(elements)):
        if isinstance(elements[j], Heading) and not _grade_line(elements[j]):
            return j, elements[j]
    return len(elements), None


def _is_grouping(elements: list[Element], i: int) -> bool:
    """No content of its own, directly followed by another heading."""
    following = elements[i + 1] if i + 1 < len(elements) else None
    return isinstance(following, Heading) and not _grade_line(following)


def build(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    report = Report(source=source, family="SLAC")
    start = _body_start(elements)
    cover(elements[:start], report.metadata)

    # Contents list (anywhere in the cover): rows after a "Contents" heading.
    in_contents = False
    listed: set[int] = set()
    for element in elements[:start]:
        if isinstance(element, Heading) and _CONTENTS.match(element.text.strip()):
            in_contents = True
            listed.add(id(element))
            continue
        if in_contents:
            entry = contents_entry(element)
            if entry:
                report.contents.append(entry)
                listed.add(id(element))
            elif report.contents:
                in_contents = False

    outline = Outline()
    # The cover's own text: not the contents list (kept as ``report.contents``), nor the copyright
    # notice of the inside cover (a PDF's cleaner takes that page out as furniture).
    own = [e for e in elements[:start] if id(e) not in listed and not _FURNITURE.search(e.text)]
    fill_cover(outline.add(COVER), own, [], set())
    part: Section | None = None
    group: Section | None = None
    current: Section | None = None
    timescale: str | None = None
    record_section: Section | None = None
    body = elements[start:]
    for i, element in enumerate(body):
        if record_section is not None and current is record_section:
            # The record is a table to the end of the report: its part headings ("Services for
            # looked after children") are rows of it, not sections of the body.
            _record_row(report, record_section, element)
            continue
        if isinstance(element, Heading) and not _grade_line(element):
            title, grade = _heading_title(element)
            timescale = None
            if _RECORD.match(title):
                part = group = None
                current = record_section = outline.add(title)
                continue
            grouping = grade is None and _is_grouping(body, i)
            if grouping:
                _, following = _next_heading(body, i + 1)
                next_title = _heading_title(following)[0] if following else ""
                if re.match(r"^overall effectiveness", next_title, re.I):
                    part = outline.add(title)
                    group = None
                    current = part
                    continue
                if group is not None:
                    group = None
                group = outline.add(title, parent=part)
                current = group
                continue
            if group is not None and _PART_LEVEL.match(title):
                group = None
            parent = group or part
            current = outline.add(title, parent=parent, grade=grade)
            continue

        if current is None:
            continue
        grade = _grade_line(element)
        if grade is not None and current.grade is None and not current.blocks:
            current.grade = grade
            continue
        if isinstance(element, Row):
            _scale_row(report, element)  # the grading scale: kept as a table too
        if isinstance(element, Prose) and (label := is_timescale(element.text)):
            timescale = label
        if isinstance(element, Item) and _AREAS.match(current.title):
            add_item(current, element)
        else:
            add_block(current, element)
        if isinstance(element, Item) and _AREAS.match(current.title) and element.level == 1:
            parent = next((s for s in outline.roots if current in list(s.walk())[1:]), None)
            report.recommendations.append(
                Recommendation(
                    section=current.id,
                    timescale=timescale,
                    text=element.text,
                    group=parent.title if parent else None,
                )
            )

    report.sections = outline.roots
    finish(report)
    report.overall = next(
        (j.grade for j in report.judgements if re.match(r"^overall effectiveness", j.name, re.I)), None
    )
    report.warnings.extend(record_warnings(report))
    report.warnings.extend(check(report, recommendations="areas for improvement"))
    return report


def _record_row(report: Report, section: Section, element: Element) -> None:
    """A row of the record of main findings: into ``record_of_main_findings`` and the section's table."""
    if isinstance(element, Row):
        cells = list(element.cells)
        row = RecordRow(row=cells[0], grade=next((c for c in cells[1:] if c.strip()), None))
    elif isinstance(element, (Heading, Prose)) and element.text.strip():
        # A table row extracted as a line: cells set apart by a run of spaces ("Quality of
        # provision  Adequate"), the grade last; a part heading has no grade.
        text = element.text.strip()
        cells = re.split(r"\s{2,}|\t", text)
        if len(cells) >= 2 and parse_grade(cells[-1]) is not None:
            row = RecordRow(row=" ".join(cells[:-1]), grade=cells[-1])
        else:
            row = RecordRow(row=text, grade=None)
    else:
        add_block(section, element)
        return
    report.record_of_main_findings.append(row)
    add_block(section, Row(text=f"{row.row}\t{row.grade or ''}", page=element.page, cells=[row.row, row.grade or ""], notes=element.notes))


def _scale_row(report: Report, row: Row) -> bool:
    cells = [c for c in row.cells if c]
    if len(cells) != 2:
        return False
    grade = parse_grade(cells[0])
    if grade is None or grade.rank is None or "grade" not in cells[0].lower():
        return False
    report.grade_scale.append(ScaleEntry(rank=grade.rank, label=grade.label, meaning=cells[1]))
    return True


def record_warnings(report: Report) -> list[str]:
    """Where the Record of main findings and the body disagree, in plain words."""
    rows = report.record_of_main_findings
    if not rows:
        return []
    parts = {norm_name(s.title): s for s in report.sections if s.children}
    graded = [s for s in report.walk() if s.grade is not None]
    warnings: list[str] = []
    seen: dict[str, int] = {}
    record_part: str | None = None
    for index, row in enumerate(rows, start=1):
        key = norm_name(row.row)
        if not row.grade:
            if key in parts:
                record_part = parts[key].title
            continue
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        matches = [s for s in graded if norm_name(s.title) == key]
        if not matches:
            # The body may name it in full: "Overall effectiveness of services for looked after
            # children and young people" is the record's "Overall effectiveness".
            matches = [s for s in graded if norm_name(s.title).startswith(key + " ")]
        if nth >= len(matches):
            where = f", under '{record_part}'" if record_part else ""
            warnings.append(
                f"The record of main findings grades '{row.row}' {row.grade} (row {index}{where}), "
                "but the report has no such judgement in its body."
            )
            continue
        section = matches[nth]
        row_grade = parse_grade(row.grade)
        if row_grade and section.grade and row_grade.rank != section.grade.rank:
            warnings.append(
                f"'{row.row}' is {section.grade.label} in the body but {row.grade} in the record of main findings (row {index})."
            )
        body_part = next((p.title for p in report.sections if section in list(p.walk())[1:]), None)
        if record_part and body_part and norm_name(record_part) != norm_name(body_part):
            warnings.append(
                f"The record of main findings lists '{row.row}' under '{record_part}' (row {index}), "
                f"but the body judges it under '{body_part}'."
            )
    return warnings
