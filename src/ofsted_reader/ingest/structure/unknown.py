"""UNKNOWN: readable text that is no known report family.  It still opens: the
outline comes from its headings (by heading level when the source has fonts),
and a warning says why the reader shows less than usual."""

from __future__ import annotations

from ofsted_reader.ingest.elements import Element, Heading
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest.structure.common import Outline, add_block, finish, split_heading
from ofsted_reader.model import Report, Section, Source

WARNING = (
    "This does not look like an Ofsted children's services inspection report "
    "(no known report family matched), so the outline is built from its headings alone."
)


def build(elements: list[Element], source: Source, doc: LineDoc | None = None, *, warning: str = WARNING) -> Report:
    report = Report(source=source, family="UNKNOWN")
    outline = Outline()
    stack: list[tuple[int, Section]] = []
    current: Section | None = None
    for element in elements:
        if isinstance(element, Heading):
            title, grade = split_heading(element.text)
            if not title:
                continue
            level = element.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            current = outline.add(title[:200], parent=parent, grade=grade)
            stack.append((level, current))
            continue
        if current is None:
            current = outline.add("Text")
            stack.append((99, current))
        add_block(current, element)
    report.sections = outline.roots
    report.warnings.append(warning)
    return finish(report)
