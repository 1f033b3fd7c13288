"""Property test: the PDF structuring steps (clean → elements → family structure) on
synthetic line streams with random text, fonts and positions return a Report or
raise the project's InputError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ofsted_reader.errors import InputError
from ofsted_reader.ingest.lines import Line, LineDoc, PageInfo, Span
from ofsted_reader.ingest.pdf.clean import clean_lines
from ofsted_reader.ingest.pdf.elements import pdf_elements
from ofsted_reader.ingest.structure import structure
from ofsted_reader.model import Report, Source

PHRASES = [
    "Inspection of children’s social care services", "Inspection of services for children in need of help and protection",
    "Review of the effectiveness of the Local Safeguarding Children Board", "Inspection of looked after children services",
    "Judgement\tGrade", "Overall effectiveness\tGood", "The impact of leaders on social work practice\tRequires improvement to be good",
    "1. Children who need help and protection\tInadequate", "2.1 Adoption performance\tGood", "What needs to improve?",
    "What needs to improve", "Recommendations", "Grade 2 (good)", "Inadequate Grade 4", "Record of main findings",
    "Contents", "Inspection dates: 1 – 12 October 2018", "Lead inspector: Tara Geere", "Published: 25 March 2011",
    "Children’s services in Somewhere require improvement to be good", "The overall judgement is good",
    "The experiences and progress of children in care: good", "is: inadequate", "\uf06e A bullet", "\uf02d a sub-bullet",
    "◼ Item", "Immediately:", "Within three months:", "There are no areas of priority action", "1", "12", "Page 3",
    # Area SEND: title, labels, the three outcome sentences, the priority-action table, the team.
    "Area SEND inspection of Somewhere Local Area Partnership", "Local area partnership report", "Inspection outcome",
    "Dates of previous inspection: 2 to 6 October 2017",
    "The local area partnership’s arrangements typically lead to positive experiences and outcomes for children",
    "The local area partnership’s arrangements lead to inconsistent experiences and outcomes for children",
    "There are widespread and/or systemic failings leading to significant concerns about the experiences",
    "The next full area SEND inspection will be within approximately 5 years.", "Areas for priority action",
    "Responsible body\tAreas for priority action", "Somewhere Council and NHS Somewhere ICB\tLeaders across the partnership should",
    "Board", "Areas for improvement", "Leaders across the partnership should improve transitions.", "Inspection team",
    "Ann Bee, Ofsted HMI Lead inspector\tCy Dee, CQC Lead inspector",
]
TEXT = st.one_of(
    st.sampled_from(PHRASES),
    st.builds(lambda n, t: f"{n}. {t}", st.integers(0, 300), st.sampled_from(PHRASES)),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
)


@st.composite
def line_docs(draw: st.DrawFn) -> LineDoc:
    pages = draw(st.integers(1, 4))
    lines = []
    for _ in range(draw(st.integers(0, 70))):
        text = draw(TEXT).replace("\n", " ")
        if not text.strip():
            continue
        page = draw(st.integers(1, pages))
        size = draw(st.sampled_from([8.0, 9.0, 11.0, 12.0, 14.0, 18.0, 26.0]))
        bold = draw(st.booleans())
        x0 = draw(st.sampled_from([56.7, 72.0, 85.0, 107.0, 300.0, 420.0]))
        top = draw(st.floats(20, 820, allow_nan=False))
        spans, x, sep = [], x0, ""
        for part in text.split("\t"):
            width = max(1.0, len(part) * size * 0.5)
            spans.append(Span(text=part, x0=x, x1=x + width, size=size, bold=bold, sep=sep))
            x += width + (60 if sep == "" else 0)
            sep = "\t"
        lines.append(Line(text=text, page=page, x0=x0, x1=x, top=top, bottom=top + size, size=size, bold=bold, spans=spans))
    lines.sort(key=lambda ln: (ln.page, ln.top, ln.x0))
    for i, ln in enumerate(lines):
        ln.lineno = i
    return LineDoc(lines=lines, pages=[PageInfo(n, 595.0, 842.0) for n in range(1, pages + 1)], kind="pdf")


def test_a_lone_superscript_at_a_page_end_is_no_page_number() -> None:
    """'¹' is a digit to str.isdigit but not a number int() reads (Hypothesis found it)."""
    line = Line(text="¹", page=1, x0=56.7, x1=120.7, top=20.0, bottom=28.0, size=8.0, bold=False, font="",
                spans=[Span(text="¹", x0=56.7, x1=60.7, size=8.0, bold=False, font="", sep="", sup=False)], lineno=0)
    doc = LineDoc(lines=[line], pages=[PageInfo(1, 595.0, 842.0)], kind="pdf")
    clean_lines(doc)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(line_docs())
def test_structuring_never_crashes(doc: LineDoc) -> None:
    try:
        cleaned = clean_lines(doc)
        elements = pdf_elements(cleaned)
        report = structure(elements, Source(name="fuzz.pdf", sha256="0" * 64, kind="pdf", pages=len(doc.pages)), cleaned)
    except InputError:
        return
    assert isinstance(report, Report)
    assert Report.from_dict(report.to_dict()).to_dict() == report.to_dict()
    ids = [s.id for s in report.walk()]
    assert len(ids) == len(set(ids))
