"""SIF (2013–18) and LSCB-review structurers on small synthetic element streams.

Every stream here is invented (no report text), shaped like what the PDF layer
gives for the printed forms that make these reports tricky: cover tables whose
names and grades wrap, the overall judgement as a sentence (2014 and 2015+
forms), the LSCB judgement on the cover or at the LSCB part, 2014 vs 2015+
recommendations, "There are no areas of priority action", paragraph numbering
that runs on through the LSCB part or restarts when two reports share a file.
None of this needs ../shared.
"""

from __future__ import annotations

import pytest

from ofsted_reader.accuracy import counted_recommendations, lscb_judgement
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import Line, LineDoc, PageInfo, Span
from ofsted_reader.ingest.structure import detect_family, structure
from ofsted_reader.ingest.structure.sif.printed import judgement_sentence
from ofsted_reader.model import Report, Source

SOURCE = Source(name="synthetic.pdf", sha256="0" * 64, kind="pdf", pages=None)

LA_TITLE = "Inspection of services for children in need of help and protection, children looked after and care leavers"
LSCB_TITLE = "Review of the effectiveness of the Local Safeguarding Children Board"


class Stream:
    """Builds an element stream page by page, with tops that grow down each page."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.page = 1
        self.top = 90.0

    def new_page(self) -> "Stream":
        self.page += 1
        self.top = 90.0
        return self

    def _place(self, element: Element, step: float = 20.0) -> "Stream":
        element.page, element.top, element.lineno = self.page, self.top, len(self.elements)
        if not element.x0:
            element.x0 = 71.0
        self.top += step
        self.elements.append(element)
        return self

    def h(self, text: str, size: float = 14.0, bold: bool = True) -> "Stream":
        return self._place(Heading(text=text, size=size, bold=bold), step=size * 1.9)

    def p(self, number: int, text: str = "Some finding about services for children.") -> "Stream":
        return self._place(Para(text=text, number=number))

    def t(self, text: str) -> "Stream":
        return self._place(Prose(text=text, size=12.0))

    def i(self, text: str, level: int = 1) -> "Stream":
        return self._place(Item(text=text, level=level))

    def r(self, *cells: str) -> "Stream":
        return self._place(Row(text=" ".join(cells), cells=list(cells)))


def sif_cover(s: Stream, *, year: int = 2016, lscb: bool = True, wrapped: bool = True) -> Stream:
    s.h("Northshire County Council", size=26, bold=False)
    s.h("Inspection of services for children in need of help and")
    s.h("protection, children looked after and care leavers")
    if lscb:
        s.t("and")
        s.h("Review of the effectiveness of the Local Safeguarding Children")
        s.h("Board")
    s.t("Inspection date: 25 April to 19 May 2016")
    if year >= 2015:
        s.t("Report published: 7 July 2016")
        s.h("Children’s services in Northshire require improvement to")
        s.h("be good")
    else:
        s.t("The overall judgement is good")
        s.t("The local authority leads effective services that meet the requirements for good.")
    s.r("1. Children who need help and protection", "Requires improvement")
    if wrapped:
        # Name and grade both wrap: the grade cell sits level with the middle of the two-line name.
        s.t("2. Children looked after and achieving")
        s.r("", "Requires")
        s.t("improvement")
        s.t("permanence")
    else:
        s.r("2. Children looked after and achieving permanence", "Requires improvement")
    s.r("2.1 Adoption performance", "Good")
    s.t("2.2 Experiences and progress of care leavers Outstanding")
    s.r("3. Leadership, management and governance", "Inadequate")
    if year < 2015 and lscb:
        s.t("The effectiveness of the Local Safeguarding Children Board (LSCB) requires")
        s.t("improvement")
        s.t("The LSCB is not yet demonstrating the characteristics of good.")
    return s


def la_body(s: Stream, *, year: int = 2016, first: int = 1) -> tuple[Stream, int]:
    """The local authority part; returns the stream and the next paragraph number."""
    n = first
    s.new_page().h("Contents", size=26, bold=False)
    s.r("Executive summary", "3")
    s.r("The local authority", "4")
    s.elements[-1].x0 = 60.0
    s.r("Recommendations", "4")
    s.r("The experiences and progress of children who need help and protection", "5")
    s.r("Information about this inspection", "9")
    s.elements[-1].x0 = 60.0
    s.new_page().h("Executive summary")
    s.t("Services have improved since the last inspection.")
    s.t("Leaders know their services well.")
    if year >= 2015:
        s.new_page().h("The local authority", size=16)
        s.h("Recommendations")
        for _ in range(4):
            s.p(n, "Ensure that plans are clear.")
            n += 1
    else:
        s.new_page().h("Section 1: the local authority", size=16)
        s.h("Summary of key findings")
        s.h("This local authority requires improvement because", size=12)
        for _ in range(2):
            s.p(n)
            n += 1
        s.h("What does the local authority need to improve?", size=12)
        s.h("Priority and immediate action", size=12)
        s.t("There are no areas of priority action.")
        s.h("Areas for improvement", size=12)
        for _ in range(3):
            s.p(n, "The local authority should improve its plans.")
            n += 1
    s.h("Summary for children and young people")
    s.i("Most children get help quickly.")
    s.i("Some children wait too long.")
    s.h("The experiences and progress of children who need help and protection")
    s.h("Summary", size=12)
    s.t("Early help is well coordinated.")
    s.h("Inspection findings", size=12)
    for _ in range(3):
        s.p(n)
        n += 1
    s.h("The experiences and progress of children looked after and achieving permanence")
    s.h("Inspection findings", size=12)
    s.p(n)
    n += 1
    s.h("The graded judgement for adoption performance is that it requires improvement", size=12)
    s.p(n)
    n += 1
    s.h("The graded judgement about the experience and progress of care leavers is that it is outstanding", size=12)
    s.p(n)
    n += 1
    s.h("Leadership, management and governance")
    s.t("Inadequate")
    s.p(n)
    n += 1
    return s, n


def lscb_part(s: Stream, first: int, *, grade_sentence: str | None = "The Local Safeguarding Children Board is good") -> tuple[Stream, int]:
    n = first
    s.new_page().h("The Local Safeguarding Children Board (LSCB)", size=16)
    if grade_sentence:
        s.h(grade_sentence)
    s.t("An LSCB that is good coordinates the activity of statutory partners.")
    s.h("Executive summary")
    s.t("The board is well led.")
    s.h("Recommendations")
    for _ in range(2):
        s.p(n, "The LSCB should monitor training.")
        n += 1
    s.h("Inspection findings – the Local Safeguarding Children Board")
    for _ in range(3):
        s.p(n)
        n += 1
    return s, n


def info(s: Stream) -> Stream:
    s.new_page().h("Information about this inspection", size=16)
    s.t("Inspectors have looked closely at the experiences of children.")
    s.h("The inspection team", size=12)
    s.t("Lead inspector: Jane Example HMI")
    s.t("Deputy lead inspector: John Other")
    return s


def build(s: Stream) -> Report:
    return structure(s.elements, SOURCE, None)


def names(report: Report) -> list[str]:
    return [j.name for j in report.judgements]


# --------------------------------------------------------------------------- covers


def test_combined_2016_report_cover_and_body() -> None:
    s = sif_cover(Stream())
    s, n = la_body(s)
    s, n = lscb_part(s, n)
    report = build(info(s))
    assert report.family == "SIF"
    meta = report.metadata
    assert meta.local_authority == "Northshire County Council"
    assert meta.title == f"{LA_TITLE} and {LSCB_TITLE}"
    assert meta.inspection_dates == "25 April to 19 May 2016"
    assert meta.published == "2016-07-07"
    assert meta.lead_inspector == "Jane Example"
    assert names(report)[:5] == [
        "1. Children who need help and protection",
        "2. Children looked after and achieving permanence",
        "2.1 Adoption performance",
        "2.2 Experiences and progress of care leavers",
        "3. Leadership, management and governance",
    ]
    grades = [j.grade.printed for j in report.judgements[:5]]
    assert grades == ["Requires improvement", "Requires improvement", "Good", "Outstanding", "Inadequate"]
    assert report.overall is not None and report.overall.label == "Requires improvement to be good"
    assert report.overall.printed == "Children’s services in Northshire require improvement to be good"
    # Paragraph numbering runs on through the LSCB part.
    assert max(b.number for _, b in report.paragraphs()) == n - 1
    assert not any("numbering" in w for w in report.warnings), report.warnings


def test_wrapped_cover_row_name_and_grade() -> None:
    report = build(info(la_body(sif_cover(Stream(), wrapped=True))[0]))
    row = report.judgements[1]
    assert row.name == "2. Children looked after and achieving permanence"
    assert row.grade.label == "Requires improvement" and row.grade.printed == "Requires improvement"


def positioned_report(lines: list[tuple]) -> Report:
    """A report whose cover is given as printed lines (text or [name, grade] cells, x0, top, size, bold),
    with a LineDoc behind it the way the PDF layer gives one; the body is a short stub."""
    doc_lines = []
    elements: list[Element] = []
    for no, (text, x0, top, size, bold) in enumerate(lines):
        if isinstance(text, list):
            spans = [
                Span(text=text[0], x0=x0, x1=x0 + 250, size=size, bold=bold),
                Span(text=text[1], x0=393, x1=500, size=size, bold=bold, sep="\t"),
            ]
            line_text = "\t".join(text)
        else:
            spans = [Span(text=text, x0=x0, x1=x0 + 200, size=size, bold=bold)]
            line_text = text
        doc_lines.append(
            Line(text=line_text, page=1, x0=x0, x1=x0 + 300, top=top, bottom=top + size, size=size, bold=bold, spans=spans, lineno=no)
        )
        flat = line_text.replace("\t", " ")
        element = Heading(text=flat, size=size, bold=bold) if size > 12 else Prose(text=flat)
        element.page, element.top, element.x0, element.lineno = 1, top, x0, no
        elements.append(element)
    body = Stream()
    body.page = 2
    body.new_page().h("Leadership, management and governance").p(1)
    body.h("Recommendations").p(2, "Ensure that plans are clear.")
    for e in body.elements:
        e.lineno += 100
    doc = LineDoc(lines=doc_lines, pages=[PageInfo(1, 595, 842), PageInfo(3, 595, 842)], kind="pdf")
    return structure(elements + body.elements, SOURCE, doc)


def test_cover_table_from_positions_with_wrapped_cells() -> None:
    """The PDF path: grades in their own column, a two-line name with its grade level with its middle,
    a grade printed one point above its row, and a grade that wraps ("Requires / improvement to be good")."""
    report = positioned_report(
        [
            ("Westford", 71, 90, 26, False),
            ("Inspection of services for children in need of help and", 71, 130, 14, True),
            ("protection, children looked after and care leavers", 71, 147, 14, True),
            ("Inspection date: 1 to 25 May 2017", 71, 170, 14, False),
            ("Children’s services in Westford are good", 71, 220, 14, True),
            (["1. Children who need help and protection", "Good"], 71, 270, 12, False),
            ("2. Children looked after and achieving", 71, 296, 12, True),
            ("Outstanding", 393, 303, 12, False),
            ("permanence", 94, 310, 12, True),
            ("Good", 393, 336, 12, False),
            ("2.1 Adoption performance", 124, 337, 12, False),
            (["2.2 Experiences and progress of care leavers", "Requires"], 124, 364, 12, False),
            ("improvement to be good", 393, 378, 12, False),
            (["3. Leadership, management and governance", "Good"], 76, 405, 12, False),
        ]
    )
    assert [(j.name, j.grade.printed) for j in report.judgements] == [
        ("1. Children who need help and protection", "Good"),
        ("2. Children looked after and achieving permanence", "Outstanding"),
        ("2.1 Adoption performance", "Good"),
        ("2.2 Experiences and progress of care leavers", "Requires improvement to be good"),
        ("3. Leadership, management and governance", "Good"),
    ]
    assert report.overall is not None and report.overall.label == "Good"
    assert report.metadata.local_authority == "Westford"


def test_early_2015_cover_with_grades_on_two_lines() -> None:
    """Early-2015 covers: "The overall judgement is that children’s services require / improvement", a
    lead-in line before the table, and every grade printed "Requires / Improvement" on two lines."""
    rows = []
    top = 330.0
    for name, cont in [
        ("1. Children who need help and protection", None),
        ("2. Children looked after and achieving", "permanence"),
        ("2.1 Adoption performance", None),
        ("2.2 Experiences and progress of care leavers", None),
        ("3. Leadership, management and governance", None),
    ]:
        rows.append((name, 118 if name.startswith(("2.1", "2.2")) else 71, top, 12, False))
        rows.append(("Requires", 393, top, 12, False))
        rows.append(("Improvement", 393, top + 14.5, 12, False))
        if cont:
            rows.append((cont, 89, top + 14.5, 12, False))
        top += 36
    report = positioned_report(
        [
            ("Eastbury and Westbury", 71, 90, 26, False),
            ("Inspection of services for children in need of help and", 71, 130, 14, True),
            ("protection, children looked after and care leavers", 71, 147, 14, True),
            ("and", 71, 170, 14, False),
            ("Review of the effectiveness of the Local Safeguarding Children", 71, 193, 14, True),
            ("Board", 71, 210, 14, True),
            ("Inspection date: 3 March 2015 – 25 March 2015", 71, 233, 14, True),
            ("Report published: 13 May 2015", 71, 256, 14, True),
            ("The overall judgement is that children’s services require", 71, 280, 12, True),
            ("improvement", 71, 294, 12, True),
            ("The judgements on areas of the service that contribute to overall effectiveness are:", 71, 312, 12, False),
            *rows,
        ]
    )
    assert report.metadata.title == f"{LA_TITLE} and {LSCB_TITLE}"
    assert report.metadata.published == "2015-05-13"
    assert report.overall is not None and report.overall.label == "Requires improvement"
    assert report.overall.printed == "The overall judgement is that children’s services require improvement"
    assert [j.name for j in report.judgements][1] == "2. Children looked after and achieving permanence"
    assert [j.grade.printed for j in report.judgements] == ["Requires Improvement"] * 5


@pytest.mark.parametrize(
    "sentence, label",
    [
        ("The overall judgement is good", "Good"),
        ("The overall judgement is that children’s services are inadequate", "Inadequate"),
        ("Children’s services in Northshire require improvement to be good", "Requires improvement to be good"),
        ("Children’s services in Northshire are outstanding", "Outstanding"),
        ("Children's services in Northshire are inadequate", "Inadequate"),
        ("Services for children in Northshire are good", "Good"),
        ("The local authority requires improvement to be good", "Requires improvement to be good"),
    ],
)
def test_overall_sentence_forms(sentence: str, label: str) -> None:
    s = Stream()
    s.h("Northshire County Council", size=26, bold=False)
    s.h(LA_TITLE)
    s.t("Inspection date: 1 to 25 May 2015")
    s.t(sentence)
    s.r("1. Children who need help and protection", "Good")
    s.new_page().h("Recommendations").p(1, "Ensure that plans are clear.")
    report = build(s)
    assert report.overall is not None
    assert report.overall.label == label
    assert report.overall.printed == sentence


def test_overall_sentence_glued_to_the_next_line_is_cut_at_the_grade() -> None:
    s = Stream()
    s.h("Northshire County Council", size=26, bold=False)
    s.h(LA_TITLE)
    s.t("Inspection date: 1 to 25 May 2014")
    s.t("The overall judgement is good The local authority leads effective services.")
    s.r("1. Children who need help and protection", "Good")
    s.new_page().h("Recommendations").p(1)
    report = build(s)
    assert report.overall is not None and report.overall.printed == "The overall judgement is good"


# --------------------------------------------------------------------------- the LSCB judgement


def test_lscb_grade_on_the_cover_2014() -> None:
    s = sif_cover(Stream(), year=2014)
    s, n = la_body(s, year=2014)
    s.new_page().h("Section 2: the effectiveness of the local safeguarding children board", size=16)
    s.h("The effectiveness of the LSCB requires improvement", size=12)
    s.h("Areas for improvement", size=12)
    for _ in range(2):
        s.p(n, "Ensure that the board monitors training.")
        n += 1
    s.h("Key strengths and weaknesses of the LSCB", size=12)
    s.p(n)
    report = build(info(s))
    assert report.overall is not None and report.overall.printed == "The overall judgement is good"
    lscb = lscb_judgement(report)
    assert lscb is not None
    assert lscb.name == "The effectiveness of the Local Safeguarding Children Board (LSCB)"
    assert lscb.grade.label == "Requires improvement"
    assert lscb.grade.printed == "The effectiveness of the Local Safeguarding Children Board (LSCB) requires improvement"
    # The LSCB part holds the judgement; its grade sentence is not a section of its own.
    part = report.section(lscb.section)
    assert part is not None and part.title.startswith("Section 2")
    assert not any(s.title.startswith("The effectiveness of the LSCB") for s in report.walk())
    # The LSCB's areas for improvement are recommendations of the LSCB part, not counted with the LA's;
    # "Key strengths and weaknesses" is findings, not a topic of recommendations.
    lscb_recs = [r for r in report.recommendations if r.section.startswith(part.id)]
    assert len(lscb_recs) == 2
    assert counted_recommendations(report) == 3


def test_lscb_grade_at_the_lscb_section_2015() -> None:
    s = sif_cover(Stream(), year=2016)
    s, n = la_body(s)
    s, n = lscb_part(s, n, grade_sentence="The Local Safeguarding Children Board requires improvement")
    report = build(info(s))
    lscb = lscb_judgement(report)
    assert lscb is not None
    assert lscb.name == "The Local Safeguarding Children Board"
    assert lscb.grade.label == "Requires improvement"
    part = report.section(lscb.section)
    assert part is not None and part.title == "The Local Safeguarding Children Board (LSCB)"
    assert part.grade is not None and part.grade.label == "Requires improvement"
    assert part.blocks and part.blocks[0].text.startswith("An LSCB that is good")


def test_reinspection_without_lscb() -> None:
    s = sif_cover(Stream(), lscb=False)
    s.elements[1].text = "Reinspection of services for children in need of help and"
    s, n = la_body(s)
    report = build(info(s))
    assert report.family == "SIF"
    assert report.metadata.title == "Reinspection of services for children in need of help and protection, children looked after and care leavers"
    assert lscb_judgement(report) is None
    assert counted_recommendations(report) == 4


# --------------------------------------------------------------------------- recommendations


def test_2014_recommendations_inside_the_paragraph_sequence() -> None:
    s = sif_cover(Stream(), year=2014)
    s, n = la_body(s, year=2014)
    report = build(info(s))
    recs = report.recommendations
    assert [r.number for r in recs] == [3, 4, 5]
    assert {r.group for r in recs} == {"Areas for improvement"}
    # "There are no areas of priority action" stays as text, it is not a recommendation.
    priority = next(sec for sec in report.walk() if sec.title == "Priority and immediate action")
    assert [b.text for b in priority.blocks] == ["There are no areas of priority action."]
    # The parts sit inside "What does the local authority need to improve?".
    container = next(sec for sec in report.walk() if sec.title.startswith("What does the local authority"))
    assert [c.title for c in container.children] == ["Priority and immediate action", "Areas for improvement"]
    # The recommendations are numbered paragraphs too.
    assert [b.number for _, b in report.paragraphs()][:5] == [1, 2, 3, 4, 5]


def test_2015_numbered_recommendations_and_topic_headings() -> None:
    s = sif_cover(Stream())
    s.new_page().h("The local authority", size=16)
    s.h("Recommendations")
    s.h("Children who need help and protection", size=12)
    s.p(1, "Ensure that strategy meetings include the police.")
    s.p(2, "Ensure that plans are clear.")
    s.h("Children looked after", size=12)
    s.p(3, "Improve health assessments.")
    s.h("Summary for children and young people")
    s.i("Most children get help quickly.")
    s.h("The experiences and progress of children who need help and protection")
    s.h("Inspection findings", size=12)
    s.p(4)
    s.p(5)
    report = build(info(s))
    recs = report.recommendations
    assert [(r.number, r.group) for r in recs] == [
        (1, "Children who need help and protection"),
        (2, "Children who need help and protection"),
        (3, "Children looked after"),
    ]
    # Inspection findings continue the numbering but are not recommendations.
    assert max(b.number for _, b in report.paragraphs()) == 5


def test_same_weight_topic_headings_inside_recommendations() -> None:
    s = sif_cover(Stream())
    s.new_page().h("Recommendations")
    s.h("Help and protection")
    s.p(1, "Ensure that plans are clear.")
    s.h("Care leavers")
    s.p(2, "Improve pathway plans.")
    s.h("Summary for children and young people")
    s.i("Most children get help quickly.")
    s.h("The experiences and progress of children who need help and protection")
    s.p(3)
    report = build(info(s))
    assert [(r.number, r.group) for r in report.recommendations] == [(1, "Help and protection"), (2, "Care leavers")]


def test_lscb_recommendations_in_the_lscb_part_are_not_counted() -> None:
    s = sif_cover(Stream())
    s, n = la_body(s)
    s, n = lscb_part(s, n)
    report = build(info(s))
    assert len(report.recommendations) == 6
    assert counted_recommendations(report) == 4


# --------------------------------------------------------------------------- numbering and joined reports


def test_two_reports_joined_in_one_file_restart_numbering() -> None:
    s = sif_cover(Stream(), lscb=False)
    s, n = la_body(s)
    s = info(s)
    # A second cover: the LSCB review printed as a report of its own, numbering from 1 again.
    s.new_page().h("Northshire Safeguarding Children Board", size=26, bold=False)
    s.h("Review of the effectiveness of the Local Safeguarding Children")
    s.h("Board")
    s.t("Inspection date: 25 April to 19 May 2016")
    s.t("Report published: 7 July 2016")
    s.h("The Local Safeguarding Children Board is inadequate")
    s.new_page().h("Recommendations", size=16)
    s.i("Improve the board’s oversight of training (paragraph 2).")
    s.i("Strengthen links with the health and wellbeing board (paragraph 1).")
    s.h("Inspection findings", size=16)
    s.p(1)
    s.p(2)
    report = build(s)
    assert report.metadata.title == f"{LA_TITLE} and {LSCB_TITLE}"
    assert report.metadata.local_authority == "Northshire County Council"
    lscb = lscb_judgement(report)
    assert lscb is not None and lscb.grade.label == "Inadequate"
    second = report.sections[-1]
    assert second.title == LSCB_TITLE
    assert lscb.section == second.id
    # Numbering restarts in the second report without a warning; the LSCB's bullets are not counted.
    assert [b.number for _, b in report.paragraphs()][-2:] == [1, 2]
    assert not any("starts again" in w for w in report.warnings), report.warnings
    assert counted_recommendations(report) == 4
    assert len(report.recommendations) == 6


def test_numbering_restart_without_a_second_cover_is_a_warning() -> None:
    s = sif_cover(Stream())
    s.new_page().h("Recommendations").p(1, "Ensure that plans are clear.").p(2, "Ensure that plans are clear.")
    s.h("Inspection findings").p(3).p(4).p(1).p(2)
    report = build(info(s))
    assert any("starts again at 1 after paragraph 4" in w for w in report.warnings)


# --------------------------------------------------------------------------- LSCB-only review and text input


def test_lscb_only_review() -> None:
    s = Stream()
    s.h("Westshire Safeguarding Children Board", size=26, bold=False)
    s.h("Review of the effectiveness of the Local Safeguarding Children")
    s.h("Board")
    s.h("Inspection date: 15 June 2015 – 17 June 2015")
    s.h("Report published: 3 August 2015")
    s.h("The Local Safeguarding Children Board requires improvement")
    s.t("The arrangements in place to evaluate the effectiveness of what is done require improvement.")
    s.new_page().h("Contents", size=26, bold=False)
    s.t("Executive summary 3")
    s.t("Recommendations 4")
    s.new_page().h("Executive summary", size=16)
    s.t("The board is improving.")
    s.h("Recommendations", size=16)
    for k in range(3):
        s.i(f"Improve the data-set (paragraph {k + 1}).")
    s.h("Inspection findings", size=16)
    for k in range(1, 6):
        s.p(k)
    s.new_page().h("Information about this review", size=16)
    s.h("The inspection team", size=12)
    s.t("Lead inspector: Sam Example, HMI")
    report = build(s)
    assert report.family == "LSCB"
    meta = report.metadata
    assert meta.local_authority == "Westshire Safeguarding Children Board"
    assert meta.title == LSCB_TITLE
    assert meta.inspection_dates == "15 June 2015 – 17 June 2015"
    assert meta.published == "2015-08-03"
    assert meta.lead_inspector == "Sam Example"
    assert [(j.name, j.grade.label) for j in report.judgements] == [
        ("The Local Safeguarding Children Board", "Requires improvement")
    ]
    assert report.overall is None
    assert len(report.recommendations) == 3 and counted_recommendations(report) == 3
    assert max(b.number for _, b in report.paragraphs()) == 5
    assert [c.title for c in report.contents] == ["Executive summary", "Recommendations"]
    assert not any(sec.title == "Contents" for sec in report.walk())


def test_plain_text_sif_report() -> None:
    from ofsted_reader.ingest import parse
    from ofsted_reader.source import from_bytes

    text = "\n".join(
        [
            "Northshire County Council",
            "",
            LA_TITLE,
            "",
            "Inspection date: 1 to 25 May 2017",
            "Report published: 7 July 2017",
            "",
            "Children’s services in Northshire are good",
            "",
            "1. Children who need help and protection\tGood",
            "2. Children looked after and achieving permanence\tGood",
            "2.1 Adoption performance\tOutstanding",
            "2.2 Experiences and progress of care leavers\tGood",
            "3. Leadership, management and governance\tGood",
            "",
            "Executive summary",
            "",
            "Services are good.",
            "",
            "Recommendations",
            "",
            "1. Ensure that plans are clear.",
            "2. Improve health assessments.",
            "",
            "Summary for children and young people",
            "",
            "- Most children get help quickly.",
            "",
            "Leadership, management and governance",
            "",
            "3. Leaders know their services well.",
            "",
            "Lead inspector: Jane Example",
        ]
    )
    report = parse(from_bytes("northshire.txt", text.encode()))
    assert report.family == "SIF"
    assert [j.grade.label for j in report.judgements] == ["Good", "Good", "Outstanding", "Good", "Good"]
    assert report.overall is not None and report.overall.label == "Good"
    assert [r.number for r in report.recommendations] == [1, 2]
    assert report.judgements[4].section is not None
    assert report.metadata.lead_inspector == "Jane Example"


@pytest.mark.parametrize(
    "published_line, lead_line, published, lead",
    [
        ("Report published: 7 July 2017", "Lead inspector: Jane Example", "2017-07-07", "Jane Example"),
        ("Report published: 25/11/2016", "Lead inspector on site: Pietro Example", "2016-11-25", "Pietro Example"),
        ("Report published: 31/02/2016", "Lead inspector: Jane Example HMI", None, "Jane Example"),
    ],
)
def test_metadata_label_variants(published_line: str, lead_line: str, published: str | None, lead: str) -> None:
    """Labels as later layouts print them: a numeric date (day first), "Lead inspector on site:";
    a date that does not exist is not a date."""
    from ofsted_reader.ingest import parse
    from ofsted_reader.source import from_bytes

    text = "\n".join(
        ["Northshire County Council", "", LA_TITLE, "", "Inspection date: 1 to 25 May 2017", published_line, "",
         "Children’s services in Northshire are good", "", "1. Children who need help and protection\tGood",
         "", "Executive summary", "", "Services are good.", "", lead_line]
    )
    report = parse(from_bytes("northshire.txt", text.encode()))
    assert (report.metadata.published, report.metadata.lead_inspector) == (published, lead)


def test_detection_routes_families() -> None:
    assert detect_family(sif_cover(Stream()).elements) == "SIF"
    s = Stream()
    s.h("Westshire Safeguarding Children Board", size=26, bold=False)
    s.h(LSCB_TITLE)
    assert detect_family(s.elements) == "LSCB"
    # A review whose findings mention the council's inspection is still a review.
    s.t("Inspection date: 15 June 2015")
    for _ in range(15):
        s.t("The board is improving.")
    s.p(1, "An Ofsted inspection of services for children in need of help and protection found failings.")
    assert detect_family(s.elements) == "LSCB"


def test_lead_inspector_in_a_table_row() -> None:
    s = sif_cover(Stream())
    s.new_page().h("Recommendations").p(1, "Ensure that plans are clear.")
    s.h("The inspection team", size=12)
    s.r("Lead inspector", "Jo Example HMI")
    report = build(s)
    assert report.metadata.lead_inspector == "Jo Example"


@pytest.mark.parametrize(
    "text, subject, label",
    [
        ("The Local Safeguarding Children Board is good", "The Local Safeguarding Children Board", "Good"),
        ("The effectiveness of the LSCB requires improvement", "The effectiveness of the LSCB", "Requires improvement"),
        ("The graded judgement for adoption performance is that it is outstanding", "The graded judgement for adoption performance", "Outstanding"),
        ("Leadership, management and governance are good", "Leadership, management and governance", "Good"),
        ("This local authority is good because", None, None),
        ("Inspection findings", None, None),
    ],
)
def test_judgement_sentences(text: str, subject: str | None, label: str | None) -> None:
    found = judgement_sentence(text)
    if subject is None:
        assert found is None
    else:
        assert found is not None and found[0] == subject and found[1].label == label
        assert found[1].printed == text


def test_council_name_on_two_lines() -> None:
    s = sif_cover(Stream())
    s.elements[0].text = "Royal Borough of Eastham and"
    s.elements.insert(1, Heading(text="Westley", size=26, bold=False, page=1, top=110.0, x0=71.0, lineno=0))
    s.new_page().h("Recommendations").p(1, "Ensure that plans are clear.")
    report = build(s)
    assert report.metadata.local_authority == "Royal Borough of Eastham and Westley"


def test_lscb_part_whose_heading_does_not_name_the_board() -> None:
    s = sif_cover(Stream())
    s, n = la_body(s)
    s.new_page().h("Section 2: the review of the board", size=16)
    s.h("The Local Safeguarding Children Board is good")
    s.h("Recommendations")
    s.p(n, "Evaluate training.")
    s.h("Inspection findings")
    s.p(n + 1)
    report = build(info(s))
    lscb = lscb_judgement(report)
    assert lscb is not None and report.section(lscb.section).title == "Section 2: the review of the board"
    assert report.recommendations[-1].group == "Recommendations (Local Safeguarding Children Board)"
    assert counted_recommendations(report) == 4


def test_contents_heading_glued_to_its_first_entry() -> None:
    """The element layer may join the "Contents" heading and the first entry into one table row."""
    s = sif_cover(Stream(), year=2014)
    s.new_page()
    s.r("Contents Section 1: the local authority", "3")
    s.elements[-1].x0 = 71.0
    s.r("Summary of key findings", "3")
    s.elements[-1].x0 = 83.0
    s.r("Section 2: the review of the board", "4")
    s.elements[-1].x0 = 71.0
    s.new_page().h("Section 1: the local authority", size=16)
    s.h("Summary of key findings", size=14)
    s.p(1)
    report = build(s)
    assert [(c.title, c.page) for c in report.contents] == [
        ("Section 1: the local authority", 3),
        ("Summary of key findings", 3),
        ("Section 2: the review of the board", 4),
    ]
    assert [sec.title for sec in report.sections] == ["Cover", "Section 1: the local authority"]


def test_paragraph_continuation_split_off_by_the_layer_is_joined() -> None:
    s = sif_cover(Stream())
    s.new_page().h("Recommendations")
    s.p(1, "Ensure that the plans for children who are looked after are")
    s.t("reviewed on time.")
    s.h("Inspection findings")
    s.p(2, "A very large majority of children say in feedback to the authority")
    s.t("that they feel healthy and well.")
    s.t("A sentence that starts a new text block.")
    report = build(s)
    findings = next(sec for sec in report.walk() if sec.title == "Inspection findings")
    assert [b.text for b in findings.blocks] == [
        "A very large majority of children say in feedback to the authority that they feel healthy and well.",
        "A sentence that starts a new text block.",
    ]
    assert report.recommendations[0].text == "Ensure that the plans for children who are looked after are reviewed on time."


def test_lscb_review_first_then_the_councils_inspection() -> None:
    s = Stream()
    s.h("Northshire Safeguarding Children Board", size=26, bold=False)
    s.h(LSCB_TITLE)
    s.t("Inspection date: 25 April to 19 May 2016")
    s.h("The Local Safeguarding Children Board is good")
    s.new_page().h("Recommendations", size=16)
    s.i("Improve the board’s oversight of training.")
    s.h("Inspection findings", size=16)
    s.p(1)
    s.p(2)
    s.new_page()
    cover = sif_cover(Stream(), lscb=False)
    for e in cover.elements:
        e.page += s.page
    s.elements.extend(cover.elements)
    s.page += cover.page
    s, n = la_body(s)
    report = build(info(s))
    assert report.family == "SIF"
    assert report.metadata.local_authority == "Northshire County Council"
    assert report.overall is not None and report.overall.label == "Requires improvement to be good"
    assert len([j for j in report.judgements if not j.name.startswith("The Local")]) == 5
    assert lscb_judgement(report).grade.label == "Good"
    assert report.sections[0].title == LSCB_TITLE
    assert counted_recommendations(report) == 4
    assert any("opens with another report" in w for w in report.warnings)


def test_real_reports_joined_in_one_file(tmp_path) -> None:
    """Two corpus reports put into one PDF (in a temporary folder) in either order."""
    from conftest import shared_path

    import pypdfium2

    from ofsted_reader.ingest import parse_file

    la = shared_path("corpus", "pdf", "sif-2018-05-09-lambeth.pdf")
    board = shared_path("corpus", "pdf", "lscb-2015-08-03-surrey.pdf")
    for order in ((la, board), (board, la)):
        joined = pypdfium2.PdfDocument.new()
        for path in order:
            joined.import_pages(pypdfium2.PdfDocument(str(path)))
        target = tmp_path / f"joined-{order[0].stem}.pdf"
        joined.save(str(target))
        report = parse_file(target)
        assert report.family == "SIF"
        assert report.metadata.local_authority == "London Borough of Lambeth"
        assert report.metadata.lead_inspector == "Marcie Taylor"
        assert report.overall is not None and report.overall.label == "Requires improvement to be good"
        assert [j.grade.label for j in report.judgements][:5] == [
            "Requires improvement", "Requires improvement", "Inadequate", "Requires improvement", "Requires improvement"
        ]
        assert lscb_judgement(report).grade.label == "Requires improvement"
        assert counted_recommendations(report) == 12
        assert max(b.number for _, b in report.paragraphs()) == 97
        assert not any("starts again" in w for w in report.warnings), report.warnings


def test_recommendations_grouped_by_judgement_area() -> None:
    """Topic headings named like the judgements, in the type of "Recommendations" itself; the LSCB's
    findings that follow its recommendations (numbering running on) are no topic."""
    s = sif_cover(Stream())
    s.new_page().h("Recommendations")
    s.h("Children who need help and protection")
    s.p(1, "Ensure that plans are clear.")
    s.h("Leadership, management and governance")
    s.p(2, "Improve supervision.")
    s.h("Summary for children and young people")
    s.i("Most children get help quickly.")
    s.h("Leadership, management and governance")
    s.p(3)
    s, n = lscb_part(s, 4)
    report = build(info(s))
    la = [(r.number, r.group) for r in report.recommendations if not r.section.startswith("the-local-safeguarding")]
    assert la == [(1, "Children who need help and protection"), (2, "Leadership, management and governance")]
    assert counted_recommendations(report) == 2
    lscb_recs = [r.number for r in report.recommendations if r.section.startswith("the-local-safeguarding")]
    assert lscb_recs == [4, 5]


def test_cover_table_that_runs_onto_page_two() -> None:
    s = Stream()
    s.h("Northshire County Council", size=26, bold=False)
    s.h(LA_TITLE)
    s.t("Inspection date: 1 to 25 May 2015")
    s.h("Children’s services in Northshire are good")
    s.new_page()
    s.r("1. Children who need help and protection", "Good")
    s.r("2. Children looked after and achieving permanence", "Good")
    s.r("2.1 Adoption performance", "Good")
    s.r("2.2 Experiences and progress of care leavers", "Good")
    s.r("3. Leadership, management and governance", "Good")
    s.new_page().h("Recommendations").p(1, "Ensure that plans are clear.")
    report = build(s)
    assert len(report.judgements) == 5
    assert [sec.title for sec in report.sections] == ["Cover", "Recommendations"]
    cover = report.sections[0]
    assert [b.kind for b in cover.blocks] == ["text", "text", "text", "text", "table"]
    assert cover.blocks[-1].rows[2] == ["2.1 Adoption performance", "Good"] and cover.blocks[-1].page == 2


def test_cover_lines_run_together() -> None:
    """A cover whose lines arrive joined (a text file without blank lines, or a layer that merged them)."""
    s = Stream()
    s.t(
        "Northshire County Council Inspection of services for children in need of help and protection, children "
        "looked after and care leavers and Review of the effectiveness of the Local Safeguarding Children Board1 "
        "Inspection date: 25 April to 19 May 2016 Report published: 7 July 2016 Children’s services in Northshire "
        "are good"
    )
    s.r("1. Children who need help and protection", "Good")
    s.new_page().h("Recommendations").p(1, "Ensure that plans are clear.")
    s.t("The inspection team Lead inspector: Jane Example Deputy lead inspector: John Other")
    report = build(s)
    meta = report.metadata
    assert meta.local_authority == "Northshire County Council"
    assert meta.title == f"{LA_TITLE} and {LSCB_TITLE}"
    assert meta.inspection_dates == "25 April to 19 May 2016"
    assert meta.published == "2016-07-07"
    assert meta.lead_inspector == "Jane Example"
    assert report.overall is not None and report.overall.printed == "Children’s services in Northshire are good"


def test_grade_scale_from_what_the_judgements_mean() -> None:
    s = sif_cover(Stream(), year=2014)
    s.new_page().h("Section 1: the local authority", size=16)
    s.h("Areas for improvement", size=12)
    s.p(1, "Improve plans.")
    s.new_page().h("What the inspection judgements mean: the local authority", size=16)
    s.t("An outstanding local authority leads highly effective services.")
    s.t("A good local authority leads effective services.")
    s.t("In a local authority that requires improvement, there are no widespread failures.")
    s.t("A local authority that is inadequate is providing services where there are failures.")
    s.h("What the inspection judgments mean: the LSCB", size=16)
    s.t("An outstanding LSCB is highly influential.")
    report = build(s)
    assert [(e.rank, e.label) for e in report.grade_scale] == [
        (1, "Outstanding"),
        (2, "Good"),
        (3, "Requires improvement"),
        (4, "Inadequate"),
    ]
    assert report.grade_scale[0].meaning == "An outstanding local authority leads highly effective services."


def test_lscb_grade_in_a_key_judgement_table() -> None:
    s = sif_cover(Stream())
    s, n = la_body(s)
    s.new_page().h("The Local Safeguarding Children Board (LSCB)", size=16)
    s.r("Key judgement", "Judgement grade")
    s.r("The effectiveness of the Local Safeguarding Children Board", "Inadequate")
    s.h("Recommendations")
    s.p(n, "Evaluate training.")
    report = build(info(s))
    lscb = lscb_judgement(report)
    assert lscb is not None and lscb.grade.label == "Inadequate"
    assert report.section(lscb.section).title == "The Local Safeguarding Children Board (LSCB)"


def test_a_sentence_in_heading_type_is_text_and_a_graded_heading_loses_its_grade_word() -> None:
    """A bold sentence in heading type, ending with a full stop, is text of the section it is printed
    in; a graded judgement heading printed with its grade and no verb ("The graded judgment for
    adoption performance good") is graded and titled without it.  An ungraded heading with nothing
    of its own stays beside the headings of its type that follow (as the PDF's own bookmarks have it)."""
    s = sif_cover(Stream())
    s.new_page().h("Contents", size=26, bold=False)
    s.r("The local authority", "3")
    s.r("Recommendations", "4")
    s.new_page().h("The local authority", size=16)
    s.h("Information about this local authority area", size=12)
    s.h("Previous Ofsted inspections", size=12).i("The last inspection was in 2012.")
    s.h("Local leadership", size=12).i("The director has been in post since 2014.")
    s.h("The local authority operates a small number of models of practice.", size=12)
    s.new_page().h("Recommendations", size=12).p(1, "Ensure that plans are clear.")
    s.h("The graded judgment for adoption performance good", size=12).p(2, "Adoption is timely.")
    report = build(s)
    part = next(x for x in report.walk() if x.title == "The local authority")
    assert [c.title for c in part.children][:3] == ["Information about this local authority area", "Previous Ofsted inspections", "Local leadership"]
    leadership = part.children[2]
    assert leadership.blocks[-1].text == "The local authority operates a small number of models of practice."
    assert [r.text for r in report.recommendations] == ["Ensure that plans are clear."]
    adoption = next(x for x in report.walk() if x.title.startswith("The graded judgment"))
    assert adoption.title == "The graded judgment for adoption performance" and adoption.grade.label == "Good"


def test_contents_entries_printed_without_a_page_number_are_entries() -> None:
    """Merton 2017: "Information about this local authority area" and "Recommendations" printed in
    the contents list with no page number (in the entries' type, read as headings), entries with
    numbers below them: all are entries, none a section before the report's body."""
    s = sif_cover(Stream())
    s.new_page().h("Contents", size=26, bold=False)
    s.r("The local authority", "3")
    s.h("Information about this local authority area", size=14, bold=False)
    s.h("Recommendations", size=14, bold=False)
    s.r("Summary for children and young people", "3")
    s.new_page().h("The local authority", size=16)
    s.h("Information about this local authority area", size=12).i("The director has been in post since 2014.")
    s.h("Recommendations", size=12).p(1, "Ensure that plans are clear.")
    report = build(s)
    assert [(e.title, e.page) for e in report.contents] == [
        ("The local authority", 3),
        ("Information about this local authority area", None),
        ("Recommendations", None),
        ("Summary for children and young people", 3),
    ]
    assert [x.title for x in report.sections][:2] == ["Cover", "The local authority"]
