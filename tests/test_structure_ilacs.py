"""The ILACS structurer on small synthetic element streams (no ../shared needed).

Each stream imitates a shape real ILACS reports print: early covers with the
council above a generic title, later titles naming it, wrapped judgement-table
cells (names and "Requires improvement / to be good"), 5-row and 4-row tables,
every spelling of "What needs to improve", graded headings in all their forms,
and the lead inspector printed several ways.
"""

from __future__ import annotations

import pytest

from ofsted_reader.ingest.elements import Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import Line, LineDoc, Note, PageInfo, Span
from ofsted_reader.ingest.pdf.notes import attach_notes
from ofsted_reader.ingest.structure import detect_family, structure
from ofsted_reader.ingest.structure.common import COVER
from ofsted_reader.ingest.structure.ilacs import build
from ofsted_reader.ingest.structure.ilacs.body import heading_grade
from ofsted_reader.ingest.structure.ilacs.cover import inspector, local_authority_from_title, rows_from_lines
from ofsted_reader.ingest.structure.tables import rows_from_texts, split_cell_grade
from ofsted_reader.model import Footnote, Source

SOURCE = Source(name="synthetic.pdf", sha256="0" * 64, kind="pdf", pages=3)

LEADERS = "The impact of leaders on social work practice with children and families"
HELP = "The experiences and progress of children who need help and protection"
CARE = "The experiences and progress of children in care and care leavers"
IN_CARE = "The experiences and progress of children in care"
LEAVERS = "The experiences and progress of care leavers"


def after_cover(report) -> list:
    """The report's sections after its cover page (the first section, "Cover")."""
    assert report.sections[0].title == COVER
    return report.sections[1:]


def H(text: str, page: int = 2, size: float = 14.0) -> Heading:
    return Heading(text=text, page=page, size=size, bold=True, level=1)


def T(text: str, page: int = 1, bold: bool = False) -> Prose:
    return Prose(text=text, page=page, bold=bold, size=12.0)


def P(number: int, text: str, page: int = 3) -> Para:
    return Para(text=text, number=number, page=page)


def I(text: str, page: int = 2) -> Item:  # noqa: E743 - reads like the element it makes
    return Item(text=text, page=page, level=1, glyph="◼")


def body(*sections: tuple[str, int]) -> list:
    """Graded headings, each with two numbered paragraphs."""
    out: list = []
    n = 0
    for heading, _ in sections:
        out.append(H(heading, page=3))
        for _ in range(2):
            n += 1
            out.append(P(n, f"Paragraph {n} says something about children."))
    return out


def early_report() -> list:
    """2018 shape: council above a generic title, HMI on the next line, table as text lines."""
    return [
        H("London Borough of Hounslow", page=1, size=16),
        H("Inspection of children's social care services", page=1),
        T("Inspection dates: 1 October 2018 to 12 October 2018", bold=True),
        T("Lead inspector: Tara Geere", bold=True),
        T("Her Majesty's Inspector", bold=True),
        T("Judgement Grade", bold=True),
        # pdfium's reading order: the name's first line, then its last line with the grade.
        T("The impact of leaders on social work practice with children"),
        T("and families Good"),
        T("The experiences and progress of children who need help and"),
        T("protection Requires improvement"),
        T("The experiences and progress of children in care and care"),
        T("leavers Good"),
        T("Overall effectiveness Good"),
        T("Senior leaders, supported by strong corporate and cross-party political support, have worked effectively."),
        T("Senior leaders know their services well."),
        H("What needs to improve"),
        I("The quality of plans for children in need."),
        I("Health information for care leavers."),
        *body(
            ("The experiences and progress of children who need help and protection require improvement to be good", 3),
            ("The experiences and progress of children in care and care leavers are good", 2),
            ("The impact of leaders on social work practice with children and families is good", 2),
        ),
        T("The Office for Standards in Education, Children's Services and Skills (Ofsted) regulates and inspects.", page=4),
        T("© Crown copyright 2018", page=4),
    ]


def test_early_cover_table_and_body() -> None:
    report = build(early_report(), SOURCE, None)
    meta = report.metadata
    assert report.family == "ILACS"
    assert meta.title == "Inspection of children's social care services"
    assert meta.local_authority == "London Borough of Hounslow"
    assert meta.inspection_dates == "1 October 2018 to 12 October 2018"
    assert meta.lead_inspector == "Tara Geere"
    assert meta.published is None
    assert [(j.name, j.grade.printed) for j in report.judgements] == [
        (LEADERS, "Good"),
        (HELP, "Requires improvement"),
        (CARE, "Good"),
        ("Overall effectiveness", "Good"),
    ]
    assert report.overall is not None and report.overall.label == "Good"
    titles = [s.title for s in after_cover(report)]
    assert titles == ["Summary", "What needs to improve", HELP, CARE, LEADERS]
    summary = after_cover(report)[0]
    assert [b.kind for b in summary.blocks] == ["text", "text"]
    assert not any("Judgement" in b.text or "Overall effectiveness" in b.text for b in summary.blocks)
    help_section = after_cover(report)[2]
    assert help_section.grade is not None and help_section.grade.printed == "require improvement to be good"
    assert after_cover(report)[3].grade.printed == "good"
    # Each table judgement points at its body section; the overall at the summary.
    by_name = {j.name: j.section for j in report.judgements}
    assert by_name[HELP] == help_section.id
    assert by_name[LEADERS] == after_cover(report)[4].id
    assert by_name["Overall effectiveness"] == summary.id
    assert [r.text for r in report.recommendations] == [
        "The quality of plans for children in need.",
        "Health information for care leavers.",
    ]
    assert all(r.section == after_cover(report)[1].id and r.timescale is None for r in report.recommendations)
    assert [b.number for _, b in report.paragraphs()] == [1, 2, 3, 4, 5, 6]
    # The back page is not report content.
    assert not any("Crown copyright" in b.text or "Office for Standards" in b.text for s in report.walk() for b in s.blocks)
    assert report.warnings == []


def test_detection_sends_ilacs_here() -> None:
    elements = early_report()
    assert detect_family(elements) == "ILACS"
    assert structure(elements, SOURCE).family == "ILACS"


# ---------------------------------------------------------------- the judgement table from positions


def line(text: str, x0: float, top: float, page: int = 1, size: float = 12.0, bold: bool = False, cells=None) -> Line:
    """A PDF line; ``cells`` are (text, x0) pairs for lines that span both columns."""
    cells = cells or [(text, x0)]
    spans = [
        Span(text=t, x0=x, x1=x + 5 * len(t), size=size, bold=bold, sep="" if k == 0 else "\t")
        for k, (t, x) in enumerate(cells)
    ]
    full = "\t".join(t for t, _ in cells)
    return Line(text=full, page=page, x0=x0, x1=spans[-1].x1, top=top, bottom=top + size, size=size, bold=bold, spans=spans)


def table_doc(rows: list[tuple[list[str], list[str]]], *, name_x=76.6, grade_x=450.0, pitch=14.5, gap=41.0, sort_by_top=True):
    """A page-1 LineDoc: header, then rows whose name and grade cells wrap; grade lines
    sit level with the name's first line (or between name lines, as in 2018 covers)."""
    lines = [line("Judgement\tGrade", name_x, 272.0, bold=True, cells=[("Judgement", name_x), ("Grade", grade_x)])]
    top = 305.0
    for names, grades in rows:
        offset = (len(names) - len(grades)) * pitch / 2
        for k, name in enumerate(names):
            lines.append(line(name, name_x, top + k * pitch))
        for k, grade in enumerate(grades):
            lines.append(line(grade, grade_x, top + offset + k * pitch))
        top += max(len(names), len(grades)) * pitch + gap - pitch
    lines.append(line("Since the last inspection in 2022, the quality of services has been maintained and", 70.9, top + 20))
    lines.append(line("children benefit from strong practice.", 70.9, top + 34.5))
    if sort_by_top:
        lines.sort(key=lambda ln: ln.top)
    for i, ln in enumerate(lines):
        ln.lineno = i
    return LineDoc(lines=lines, pages=[PageInfo(1, 595.0, 842.0)], kind="pdf")


def test_five_row_table_with_wrapped_cells_from_positions() -> None:
    doc = table_doc(
        [
            (["The impact of leaders on social work", "practice with children and families"], ["Requires improvement", "to be good"]),
            (["The experiences and progress of", "children who need help and protection"], ["Good"]),
            (["The experiences and progress of", "children in care"], ["Outstanding"]),
            (["The experiences and progress of care", "leavers"], ["Good"]),
            (["Overall effectiveness"], ["Requires improvement", "to be good"]),
        ]
    )
    rows, last = rows_from_lines(doc, 0)
    assert [(r.name, r.grade_text) for r in rows] == [
        (LEADERS, "Requires improvement to be good"),
        (HELP, "Good"),
        (IN_CARE, "Outstanding"),
        (LEAVERS, "Good"),
        ("Overall effectiveness", "Requires improvement to be good"),
    ]
    assert doc.lines[last].text == "to be good"


def test_four_row_table_without_overall_and_one_line_rows() -> None:
    doc = table_doc(
        [
            (["The impact of leaders on social work practice with children and families"], ["Good"]),
            ([HELP], ["Good"]),
            (["The experiences and progress of children in care"], ["Inadequate"]),
            (["The experiences and progress of care leavers"], ["Good"]),
        ],
        grade_x=440.0,
    )
    rows, _ = rows_from_lines(doc, 0)
    assert [r.grade_text for r in rows] == ["Good", "Good", "Inadequate", "Good"]
    assert not any(r.name.startswith("Overall") for r in rows)


def test_row_name_and_grade_on_one_line() -> None:
    doc = table_doc([([LEADERS], ["Good"])])
    # "Overall effectiveness ⇥ Good": one PDF line with two cells.
    extra = line(
        "Overall effectiveness\tGood", 76.6, 360.0, cells=[("Overall effectiveness", 76.6), ("Good", 450.0)]
    )
    doc.lines.insert(3, extra)
    for i, ln in enumerate(doc.lines):
        ln.lineno = i
    rows, _ = rows_from_lines(doc, 0)
    assert [(r.name, r.grade_text) for r in rows] == [(LEADERS, "Good"), ("Overall effectiveness", "Good")]


def test_table_stops_at_prose_ending_in_a_grade_word() -> None:
    doc = table_doc([([LEADERS], ["Good"])])
    doc.lines[-2] = line("Children and families in Gateshead receive a good-quality service. There is good", 70.9, 400.0)
    rows, _ = rows_from_lines(doc, 0)
    assert [(r.name, r.grade_text) for r in rows] == [(LEADERS, "Good")]


def test_build_uses_the_linedoc_table() -> None:
    doc = table_doc(
        [
            (["The impact of leaders on social work", "practice with children and families"], ["Outstanding"]),
            (["The experiences and progress of", "children who need help and protection"], ["Good"]),
            (["The experiences and progress of", "children in care"], ["Good"]),
            (["The experiences and progress of care", "leavers"], ["Good"]),
        ]
    )
    # Elements as a PDF layer might give them: the table as prose lines, each pointing at its line.
    elements = [
        H("Inspection of West Northamptonshire local authority children’s services", page=1, size=26),
        T("Inspection dates: 11 to 22 May 2026"),
        T("Lead inspector: Rebecca Dubbins, His Majesty’s Inspector"),
    ]
    for ln in doc.lines:
        elements.append(Prose(text=ln.text.replace("\t", " "), page=1, top=ln.top, x0=ln.x0, lineno=ln.lineno))
    # The two summary lines are one prose element.
    summary = elements.pop()
    elements[-1].text += " " + summary.text
    elements += [
        H("What needs to improve?"),
        T("1", page=2),
        I("The quality of the support and plans for children in need. (Outcome 1, national framework)"),
        *body(
            ("The experiences and progress of children who need help and protection: good", 2),
            ("The experiences and progress of children in care: good", 2),
            ("The experiences and progress of care leavers: good", 2),
            ("The impact of leaders on social work practice with children and families: outstanding", 2),
        ),
    ]
    report = build(elements, SOURCE, doc)
    assert report.metadata.local_authority == "West Northamptonshire"
    assert report.metadata.lead_inspector == "Rebecca Dubbins"
    assert [(j.name, j.grade.label) for j in report.judgements] == [
        (LEADERS, "Outstanding"),
        (HELP, "Good"),
        (IN_CARE, "Good"),
        (LEAVERS, "Good"),
    ]
    assert report.overall is None
    summary_section = after_cover(report)[0]
    assert summary_section.title == "Summary"
    assert len(summary_section.blocks) == 1 and summary_section.blocks[0].text.startswith("Since the last inspection")
    assert after_cover(report)[1].title == "What needs to improve?"
    assert [r.text for r in report.recommendations] == [
        "The quality of the support and plans for children in need. (Outcome 1, national framework)"
    ]
    ids = {j.name: j.section for j in report.judgements}
    assert ids[IN_CARE].endswith("children-in-care") and ids[LEAVERS].endswith("care-leavers")
    assert report.warnings == []


# ---------------------------------------------------------------- table text without positions


def test_rows_from_text_join_wrapped_names_and_grades() -> None:
    texts = [
        "The impact of leaders on social work practice with",
        "children and families",
        "Requires improvement",
        "to be good",
        "The experiences and progress of children who need help",
        "and protection",
        "Good",
        "Overall effectiveness Requires improvement",
        "to be good",
    ]
    rows = rows_from_texts([(t, i) for i, t in enumerate(texts)])
    assert [(r.name, r.grade_text) for r in rows] == [
        (LEADERS, "Requires improvement to be good"),
        (HELP, "Good"),
        ("Overall effectiveness", "Requires improvement to be good"),
    ]


def test_table_given_as_rows_with_cells() -> None:
    elements = [
        T("Inspection of Stockport local authority children’s services"),
        T("Inspection dates: 28 March to 1 April 2022"),
        T("Lead inspector: Lorna Schlechte, Her Majesty’s Inspector"),
        Row(text="Judgement\tGrade", cells=["Judgement", "Grade"], page=1),
        Row(text="", cells=[LEADERS, "Good"], page=1),
        Row(text="", cells=[HELP, "Good"], page=1),
        Row(text="", cells=[CARE, "Requires improvement to be good"], page=1),
        Row(text="", cells=["Overall effectiveness", "Good"], page=1),
        T("Stockport Metropolitan Borough Council continues to provide good services for children in need of help."),
        H("What needs to improve:"),
        I("The consistent application of management oversight."),
        *body((HELP + ": good", 1), (CARE + ": requires improvement to be good", 1), (LEADERS + ": good", 1)),
    ]
    report = build(elements, SOURCE, None)
    assert report.metadata.local_authority == "Stockport"
    assert [j.grade.label for j in report.judgements] == ["Good", "Good", "Requires improvement to be good", "Good"]
    assert report.overall.label == "Good"
    assert after_cover(report)[1].title == "What needs to improve"
    assert len(report.recommendations) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Overall effectiveness Good", ("Overall effectiveness", "Good")),
        ("Requires improvement", ("", "Requires improvement")),
        ("to be good", ("", "to be good")),
        ("children and families to be good", ("children and families", "to be good")),
        ("The experiences and progress of children in care and care", (CARE[:-8], "")),
    ],
)
def test_split_cell_grade(text: str, expected: tuple[str, str]) -> None:
    assert split_cell_grade(text) == expected


# ---------------------------------------------------------------- headings, WNI, inspectors, titles


@pytest.mark.parametrize(
    ("text", "title", "printed"),
    [
        (HELP + ": good", HELP, "good"),
        (HELP + ": Requires improvement to be good", HELP, "Requires improvement to be good"),
        (HELP + " is: Good", HELP, "Good"),
        (HELP + " is inadequate", HELP, "inadequate"),
        (CARE + " are good", CARE, "good"),
        (HELP + " require improvement to be good", HELP, "require improvement to be good"),
        (HELP + " requires improvement to be good", HELP, "requires improvement to be good"),
        ("The experiences of children in care: outstanding", "The experiences of children in care", "outstanding"),
    ],
)
def test_heading_grade_forms(text: str, title: str, printed: str) -> None:
    found = heading_grade(text)
    assert found is not None
    assert found[0] == title
    assert found[1].printed == printed


@pytest.mark.parametrize("text", ["Being good", "Summary", "What needs to improve?", "Children are safe and well cared for."])
def test_not_graded_headings(text: str) -> None:
    assert heading_grade(text) is None


def test_wrapped_heading_pieces_are_joined() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith(CARE))
    elements[at : at + 1] = [H("The experiences and progress of children in care and care", page=3), H("leavers: good", page=3)]
    report = build(elements, SOURCE, None)
    care = next(s for s in after_cover(report) if s.title == CARE)
    assert care.grade is not None and care.grade.label == "Good"
    assert care.blocks and care.blocks[0].number == 3


def test_graded_heading_given_as_bold_prose() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith(CARE))
    elements[at] = T("The experiences and progress of children in care and care leavers: good", page=3, bold=True)
    report = build(elements, SOURCE, None)
    assert any(s.title == CARE and s.grade for s in after_cover(report))


@pytest.mark.parametrize(
    "spelling",
    ["What needs to improve", "What needs to improve?", "What needs to improve:", "What needs to improve?1", "What needs to improve? 1"],
)
def test_what_needs_to_improve_spellings(spelling: str) -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith("What needs"))
    elements[at] = H(spelling)
    report = build(elements, SOURCE, None)
    wni = after_cover(report)[1]
    assert wni.title in ("What needs to improve", "What needs to improve?")
    assert len(report.recommendations) == 2
    assert not any(b.text.strip() in {"1"} for b in wni.blocks)


def test_framework_reference_on_its_own_line_stays_with_its_item() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith("What needs"))
    elements[at : at + 3] = [
        H("What needs to improve?1"),
        I("The arrangements to identify, track and respond to children missing education."),
        T("(National Framework, Outcome 1)", page=2),
        I("Workloads that enable practitioners to work effectively with children and families."),
        T("(Enabler 2: Leaders drive conditions for effective practice)", page=2),
    ]
    # The footnote the marker points to, printed small at the foot of the page.
    elements.insert(at + 7, Prose(text="1 The areas for improvement have been cross-referenced with the National Framework.", page=2, size=10.0))
    report = build(elements, SOURCE, None)
    assert [r.text for r in report.recommendations] == [
        "The arrangements to identify, track and respond to children missing education. (National Framework, Outcome 1)",
        "Workloads that enable practitioners to work effectively with children and families. "
        "(Enabler 2: Leaders drive conditions for effective practice)",
    ]
    wni = after_cover(report)[1]
    assert [b.kind for b in wni.blocks] == ["item", "item"]
    assert [(n.mark, n.text[:52]) for n in wni.blocks[0].footnotes] == [("1", "The areas for improvement have been cross-referenced")]
    assert all("cross-referenced" not in b.text for s in after_cover(report)[2:] for b in s.blocks)


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Sarah Canto, His Majesty’s Inspector", "Sarah Canto"),
        ("Margaret Burke, Her Majesty’s Inspector", "Margaret Burke"),
        ("Tara Geere Her Majesty's Inspector", "Tara Geere"),
        ("Gary Lamb HMI", "Gary Lamb"),
        ("Jan Edwards, Senior HMI", "Jan Edwards"),
        ("Rebekah Tucker", "Rebekah Tucker"),
    ],
)
def test_inspector_names(printed: str, name: str) -> None:
    assert inspector(printed) == name


@pytest.mark.parametrize(
    "cover",
    [
        [T("Lead inspector: Nick Stacey"), T("Her Majesty’s Inspector")],
        [T("Lead inspector:"), T("Nick Stacey HMI")],
        [T("Lead inspector: Nick Stacey, His Majesty’s Inspector")],
        [T("Nick Stacey HMI")],
    ],
)
def test_lead_inspector_forms(cover: list) -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if e.text.startswith("Lead inspector"))
    elements[at : at + 2] = cover
    report = build(elements, SOURCE, None)
    assert report.metadata.lead_inspector == "Nick Stacey"


@pytest.mark.parametrize(
    ("title", "council"),
    [
        ("Inspection of Lancashire local authority children’s services", "Lancashire"),
        ("Inspection of Somerset Council local authority children’s services", "Somerset Council"),
        ("Inspection of Buckinghamshire Council children’s services", "Buckinghamshire Council"),
        ("Inspection of Bradford Children and Families Trust", "Bradford Children and Families Trust"),
        ("Inspection of children’s social care services", None),
        ("Inspection of local authority children’s services", None),
    ],
)
def test_local_authority_from_title(title: str, council: str | None) -> None:
    assert local_authority_from_title(title) == council


def test_title_wrapped_over_two_elements() -> None:
    elements = early_report()
    elements[0:2] = [H("Inspection of Bury local authority", page=1, size=26), H("children’s services", page=1, size=26)]
    report = build(elements, SOURCE, None)
    assert report.metadata.title == "Inspection of Bury local authority children’s services"
    assert report.metadata.local_authority == "Bury"


# ---------------------------------------------------------------- doubts become warnings


def test_table_and_heading_disagree() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith(CARE))
    elements[at] = H(CARE + ": inadequate", page=3)
    report = build(elements, SOURCE, None)
    assert any("grades" in w and "inadequate" in w for w in report.warnings)
    # The table is what the report headlines: its grade is kept.
    assert next(j for j in report.judgements if j.name == CARE).grade.label == "Good"


def test_missing_table_falls_back_to_headings() -> None:
    elements = [e for e in early_report() if e.page != 1 or isinstance(e, Heading) or e.text.startswith(("Inspection", "Lead"))]
    report = build(elements, SOURCE, None)
    assert any("No judgement table" in w for w in report.warnings)
    assert [j.name for j in report.judgements] == [HELP, CARE, LEADERS]
    assert report.overall is None


def test_lower_case_numbered_line_is_a_wrapped_line_not_a_paragraph() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Para) and e.number == 2)
    elements.insert(at + 1, P(16, "opportunities, such as apprenticeships, colleges and universities."))
    report = build(elements, SOURCE, None)
    numbers = [b.number for _, b in report.paragraphs()]
    assert numbers == [1, 2, 3, 4, 5, 6]
    second = next(b for _, b in report.paragraphs() if b.number == 2)
    assert second.text.endswith("16 opportunities, such as apprenticeships, colleges and universities.")


def test_numbering_gap_is_warned() -> None:
    elements = [e for e in early_report() if not (isinstance(e, Para) and e.number == 4)]
    report = build(elements, SOURCE, None)
    assert any("jumps from 3 to 5" in w for w in report.warnings)


def test_bullets_inside_paragraphs() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Para) and e.number == 1)
    elements[at + 1 : at + 1] = [Item(text="first point", page=3), Item(text="second point", page=3)]
    report = build(elements, SOURCE, None)
    first = next(b for _, b in report.paragraphs() if b.number == 1)
    assert first.bullets == ["first point", "second point"]
    assert len(report.recommendations) == 2


def test_cover_lines_run_together() -> None:
    """A PDF layer that joins cover lines: council + title, dates + inspector."""
    elements = early_report()
    elements[0:5] = [
        H("Barnsley Inspection of children’s social care services", page=1),
        T("Inspection dates: 8 October 2018 to 19 October 2018 Lead inspector: Jan Edwards Her Majesty’s Inspector"),
    ]
    report = build(elements, SOURCE, None)
    meta = report.metadata
    assert meta.title == "Inspection of children’s social care services"
    assert meta.local_authority == "Barnsley"
    assert meta.inspection_dates == "8 October 2018 to 19 October 2018"
    assert meta.lead_inspector == "Jan Edwards"


def test_wni_footnote_goes_to_its_first_item() -> None:
    """The footnote "What needs to improve?¹" points to is kept with the first item under it."""
    text = (
        "The areas for improvement have been cross-referenced with the outcomes, enablers or principles in "
        "the Children’s Social Care: National Framework."
    )
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith("What needs"))
    elements[at] = H("What needs to improve?¹")
    attach_notes(elements, [Note(page=2, mark="1", text=text, top=750.0), Note(page=2, mark="2", text="Another note.", top=776.0)])
    report = build(elements, SOURCE, None)
    wni = after_cover(report)[1]
    assert wni.title == "What needs to improve?"
    assert wni.blocks[0].footnotes[0] == Footnote("1", text)
    assert len(report.recommendations) == 2
    assert sum(len(b.footnotes) for s in report.walk() for b in s.blocks) == 2, "no note is lost"


def test_heading_whose_first_line_came_out_as_bold_prose() -> None:
    """A 12pt heading as wide as the text column: its first line reads as bold prose,
    the wrapped grade as a heading of its own ("...protection:" / "good")."""
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith(CARE))
    elements[at : at + 1] = [T(CARE + ":", page=3, bold=True), H("good", page=3, size=12)]
    report = build(elements, SOURCE, None)
    care = next(s for s in after_cover(report) if s.title == CARE)
    assert care.grade is not None and care.grade.printed == "good"
    assert not any(s.title.lower() == "good" for s in after_cover(report))


# ---------------------------------------------------------------- the real reports (skip without ../shared)


def _corpus_reports() -> list:
    from conftest import SHARED

    folder = SHARED / "corpus" / "pdf"
    return sorted(folder.glob("ilacs-*.pdf")) if folder.is_dir() else []


@pytest.mark.parametrize("pdf", _corpus_reports() or [None], ids=lambda p: p.stem if p else "absent")
def test_corpus_outline_reads_well(pdf) -> None:
    """Every dev-corpus ILACS report: summary, what needs to improve, then one graded
    section per judgement, each table row tied to its section; no furniture in the text."""
    from conftest import shared_path
    from ofsted_reader.ingest import parse_file

    if pdf is None:
        shared_path("corpus", "pdf")  # skips with the reason
        return
    report = parse_file(pdf)
    assert report.family == "ILACS"
    assert report.warnings == []
    titles = [s.title for s in after_cover(report)]
    assert titles[0] == "Summary" and titles[1].startswith("What needs to improve")
    graded = after_cover(report)[2:]
    assert graded and all(s.grade is not None and s.blocks and not s.children for s in graded)
    for judgement in report.judgements:
        assert judgement.section is not None, judgement.name
    assert len({j.section for j in report.judgements}) == len(report.judgements)
    numbers = [b.number for _, b in report.paragraphs()]
    assert numbers == list(range(1, len(numbers) + 1))
    furniture = ("Judgement Grade", "Crown copyright", "Office for Standards in Education", "Piccadilly Gate")
    for section in report.walk():
        for block in section.blocks:
            for text in (block.text, *block.bullets):
                assert not any(f in text for f in furniture), (section.id, text[:80])


def test_grade_wrapped_over_three_lines_in_its_cell() -> None:
    doc = table_doc(
        [
            (["The impact of leaders on social work", "practice with children and families"], ["Requires", "improvement to", "be good"]),
            (["Overall effectiveness"], ["Inadequate"]),
        ]
    )
    rows, _ = rows_from_lines(doc, 0)
    assert [(r.name, r.grade_text) for r in rows] == [
        (LEADERS, "Requires improvement to be good"),
        ("Overall effectiveness", "Inadequate"),
    ]


def test_numbered_wni_items_are_recommendations_not_paragraphs() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.startswith("What needs"))
    elements[at + 1 : at + 3] = [Para(text="The quality of plans.", number=1, page=2), Para(text="Health information.", number=2, page=2)]
    report = build(elements, SOURCE, None)
    assert [(r.number, r.text) for r in report.recommendations] == [(1, "The quality of plans."), (2, "Health information.")]
    items = after_cover(report)[1].blocks
    assert [(b.kind, b.number, b.text) for b in items] == [("item", 1, "The quality of plans."), ("item", 2, "Health information.")]
    assert [b.number for _, b in report.paragraphs()] == [1, 2, 3, 4, 5, 6]


def test_body_starting_without_a_known_heading_does_not_swallow_paragraphs() -> None:
    elements = [e for e in early_report() if not (isinstance(e, Heading) and e.text.startswith(HELP))]
    report = build(elements, SOURCE, None)
    assert len(report.recommendations) == 2
    assert after_cover(report)[2].title == "Findings"
    assert [b.number for b in after_cover(report)[2].blocks] == [1, 2]
    assert any("no section heading" in w for w in report.warnings)


def test_running_header_left_in_is_dropped() -> None:
    elements = early_report()
    at = next(i for i, e in enumerate(elements) if isinstance(e, Para) and e.number == 2)
    elements.insert(at, T("Inspection of Hounslow local authority children’s services 1 to 12 October 2018 4", page=4))
    report = build(elements, SOURCE, None)
    assert not any("Inspection of Hounslow" in b.text for s in report.walk() for b in s.blocks)


def test_grade_header_centred_over_its_column() -> None:
    doc = table_doc([(["The impact of leaders on social work", "practice with children and families"], ["Requires improvement", "to be good"]), (["Overall effectiveness"], ["Good"])])
    head = doc.lines[0]
    head.spans[1].x0 += 40  # "Grade" centred: right of the left-aligned grades
    rows, _ = rows_from_lines(doc, 0)
    assert [(r.name, r.grade_text) for r in rows] == [
        (LEADERS, "Requires improvement to be good"),
        ("Overall effectiveness", "Good"),
    ]
