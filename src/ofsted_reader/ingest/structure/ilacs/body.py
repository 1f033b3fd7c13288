"""An ILACS report's body: the summary, "What needs to improve" (one recommendation per item)
and one heading per judgement, ending with its grade, followed by numbered paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ofsted_reader.grades import parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.structure.checks import numbering_note
from ofsted_reader.ingest.structure.common import BACK_PAGE, Outline, add_block, add_item, carry_notes, clean_title
from ofsted_reader.ingest.structure.ilacs.printed import APOS, CONTINUATION_START, WNI, element_text, norm_space
from ofsted_reader.ingest.structure.matching import ALIKE, alike
from ofsted_reader.ingest.structure.tables import GRADE_WORDS
from ofsted_reader.model import Block, Footnote, Grade, Recommendation, Report, Section

_RUNNING_HEADER = re.compile(
    rf"^inspection\s+of\s+.{{0,80}}?children{APOS}s\s+(?:social\s+care\s+)?services\b[^.]{{0,60}}$", re.I
)

_FOOTNOTE = re.compile(r"^(?P<mark>\d{1,2}|[*†‡])\s+(?P<text>[A-Z].*)$")


# A graded heading: "...: good", "... is: Good", "... are good", "... is inadequate",
# "... protection require improvement to be good" (a verb, so no separator needed).
_HEADING_GRADE = re.compile(
    rf"^(?P<title>.*?\S)\s*(?:(?::|\s(?:is|are)\s*:?)\s*(?P<g1>{GRADE_WORDS})"
    rf"|\s+(?P<g2>requires?\s+improvement(?:\s+to\s+be\s+good)?))\s*\.?$",
    re.I | re.S,
)


def heading_grade(text: str) -> tuple[str, Grade] | None:
    """Split a judgement heading into its title and the grade printed at its end.

    >>> heading_grade("The experiences and progress of care leavers: good")[0]
    'The experiences and progress of care leavers'
    """
    compact = norm_space(text)
    if len(compact.split()) > 40:
        return None
    match = _HEADING_GRADE.match(compact)
    if not match:
        return None
    printed = match.group("g1") or match.group("g2")
    grade = parse_grade(printed)
    title = clean_title(match.group("title"))
    if grade is None or not title or len(title.split()) < 2:
        return None
    return title, grade


@dataclass
class State:
    report: Report
    outline: Outline = field(default_factory=Outline)
    current: Section | None = None
    summary: Section | None = None
    wni: Section | None = None
    wni_mark: str | None = None
    wni_page: int = 0
    last_para: int = 0
    in_back_page: bool = False


def _graded_heading(element: Element, names: list[str]) -> tuple[str, Grade] | None:
    """A body element that is a judgement heading: a Heading, or prose the PDF layer did not mark."""
    text = norm_space(element_text(element))
    found = heading_grade(text)
    if found is None:
        return None
    if isinstance(element, Heading):
        return found
    if isinstance(element, Prose) and not text.endswith(".") and len(text.split()) <= 30:
        if element.bold or any(alike(name, found[0]) >= ALIKE for name in names):
            return found
    return None


def join_wrapped_headings(elements: list[Element]) -> list[Element]:
    """A heading left in two pieces is one: "...help and" / "protection: good".

    The second piece starts in lower case and is a heading; the first is a heading, or
    bold prose when its line ran as wide as the text column (the PDF layer then takes
    it for prose: Manchester 2025, "...help and protection:" / "good").
    """
    out: list[Element] = []
    for element in elements:
        last = out[-1] if out else None
        first_piece = isinstance(last, Heading) or (
            isinstance(last, Prose) and last.bold and len(last.text.split()) <= 30 and not last.text.rstrip().endswith(".")
        )
        if (
            isinstance(element, Heading)
            and first_piece
            and CONTINUATION_START.match(element.text.strip())
            and last.page == element.page
            and heading_grade(last.text) is None
            and not WNI.match(norm_space(last.text))
        ):
            out[-1] = Heading(
                text=f"{last.text.rstrip()} {element.text.strip()}",
                page=last.page,
                top=last.top,
                x0=last.x0,
                lineno=last.lineno,
                level=element.level if not isinstance(last, Heading) else last.level,
                size=last.size,
                bold=True,
            )
            continue
        out.append(element)
    return out


def place(state: State, element: Element, names: list[str]) -> None:
    report = state.report
    text = norm_space(element_text(element))
    if state.in_back_page:
        return
    if isinstance(element, (Prose, Heading)) and BACK_PAGE.match(text) and state.last_para:
        state.in_back_page = True
        return
    if not text and not isinstance(element, Row):
        return
    if element.page > 1 and isinstance(element, (Prose, Heading)) and _RUNNING_HEADER.match(text):
        return  # a running header the PDF layer left in: "Inspection of X local authority children's services"

    wni = WNI.match(text) if isinstance(element, (Heading, Prose)) else None
    if wni and (isinstance(element, Heading) or getattr(element, "bold", False) or len(text.split()) <= 6):
        title = clean_title(wni.group("title")) + (wni.group("punct") or "").replace(":", "")
        state.wni = state.current = state.outline.add(title)
        state.wni_mark = wni.group("mark")
        state.wni_page = element.page
        return

    graded = _graded_heading(element, names) if isinstance(element, (Heading, Prose)) else None
    if graded is not None:
        title, grade = graded
        state.current = state.outline.add(title, grade=grade)
        return
    if isinstance(element, Heading):
        # A grade printed on the next line after a wrapped heading is handled by _join_wrapped_headings;
        # a bare grade under the current heading belongs to it.
        grade = parse_grade(text)
        if grade is not None and state.current is not None and state.current.grade is None and not state.current.blocks:
            state.current.grade = grade
            return
        if state.current is state.wni and state.wni is not None and state.wni_mark is None and re.fullmatch(r"\d{1,2}", text):
            state.wni_mark = text
            return
        state.current = state.outline.add(clean_title(text))
        return

    # Content.
    if state.current is None:
        state.summary = state.current = state.outline.add("Summary")
    section = state.current

    if section is state.wni:
        if isinstance(element, Prose) and re.fullmatch(r"\d{1,2}|[*†‡]", text) and state.wni_mark in (None, text):
            state.wni_mark = text  # the footnote marker, on a line of its own
            return
        bulleted = any(b.bullets or (b.kind == "item" and b.number is None) for b in section.blocks)
        last = report.recommendations[-1] if report.recommendations else None
        next_item = last is not None and last.number is not None and isinstance(element, Para) and element.number == last.number + 1
        if not (isinstance(element, Para) and bulleted and not next_item and not CONTINUATION_START.match(element.text)):
            _wni_content(state, element, text)
            return
        # A numbered paragraph after the bulleted items: the body began with no heading we know.
        report.warnings.append(
            f"Paragraph {element.number} (page {element.page}) follows 'What needs to improve' with no "
            "section heading before it; it is put under 'Findings'."
        )
        section = state.current = state.outline.add("Findings")

    if isinstance(element, Prose) and state.wni is not None and state.wni_mark:
        footnote = _FOOTNOTE.match(text)
        if footnote and footnote.group("mark") == state.wni_mark and element_is_small(element):
            # The heading's footnote, printed in the flow (a text source): the first item's note.
            first = next((b for b in state.wni.blocks if b.kind == "item"), None)
            if first is not None:
                first.footnotes.append(Footnote(footnote.group("mark"), footnote.group("text")))
            else:
                state.wni.blocks.append(Block(kind="text", text=footnote.group("text")))
            return

    if isinstance(element, Para):
        if state.last_para and element.number != state.last_para + 1 and CONTINUATION_START.match(element.text):
            # "16 opportunities..." read as a numbered paragraph: a wrapped line of the previous one.
            _continue_last(section, f"{element.number} {element.text}")
            return
        if state.last_para and (note := numbering_note(state.last_para, element.number, element.page)):
            report.warnings.append(note)
        state.last_para = max(state.last_para, element.number)
    add_block(section, element)


def element_is_small(element: Element) -> bool:
    size = getattr(element, "size", None)
    return size is None or size < 11.5


def _continue_last(section: Section, text: str) -> None:
    if section.blocks:
        block = section.blocks[-1]
        if block.bullets:
            block.bullets[-1] = f"{block.bullets[-1]} {text}"
        else:
            block.text = f"{block.text} {text}".strip()
    else:
        section.blocks.append(Block(kind="text", text=text))


def _wni_content(state: State, element: Element, text: str) -> None:
    """An item of "What needs to improve": one recommendation each, an ``item`` block of its own."""
    section = state.wni
    assert section is not None
    report = state.report
    last = section.blocks[-1] if section.blocks else None
    if isinstance(element, Item) and element.level > 1 and report.recommendations and last is not None and last.kind == "item":
        add_item(section, element)
        report.recommendations[-1].text = " – ".join([last.text, *last.bullets])
        return
    if isinstance(element, (Prose, Para)) and report.recommendations and last is not None and CONTINUATION_START.match(text):
        # "(National Framework, Outcome 2)" or a wrapped line the PDF layer left apart.
        if last.bullets:
            last.bullets[-1] = f"{last.bullets[-1]} {text}"
        else:
            last.text = f"{last.text} {text}".strip()
        carry_notes(last, element)
        report.recommendations[-1].text = " – ".join([last.text, *last.bullets])
        return
    # A bullet, a numbered item (a recommendation, not a report paragraph: its number kept) or an
    # unbulleted line under the heading: each is an item as printed.
    number = element.number if isinstance(element, Para) else None
    add_item(section, element, number)
    report.recommendations.append(Recommendation(section=section.id, text=element.text if number is not None else text, number=number))
