"""AREA_SEND: joint Ofsted and CQC area SEND inspections (the 2023 framework).

The core tests use the project's own fictional sample (``sample_reports/area-send-northmoor.txt``)
and variants of it made here; the corpus tests check every field over the 15 real reports in
``../shared/corpus/send`` and skip when it is absent."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SAMPLE_TEXT, SHARED, env_for_subprocess
from ofsted_reader.grades import INCONSISTENT, POSITIVE, SEND_OUTCOMES, SYSTEMIC, badge, scale_of, send_outcome
from ofsted_reader.ingest import parse_file
from ofsted_reader.ingest.lines import Line, LineDoc, PageInfo, Span
from ofsted_reader.ingest.pdf.clean import clean_lines
from ofsted_reader.ingest.pdf.elements import pdf_elements
from ofsted_reader.ingest.structure import structure
from ofsted_reader.ingest.structure.send import PRIORITY_GROUP, IMPROVEMENT_GROUP, addressed, council
from ofsted_reader.model import Grade, Report, Source

SEND_SAMPLE = REPO / "sample_reports" / "area-send-northmoor.txt"
SYSTEMIC_SENTENCE = (
    "There are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of "
    "children and young people with special educational needs and/or disabilities (SEND), which the local area partnership "
    "must address urgently."
)
OUTCOMES = {
    1: "The local area partnership’s arrangements typically lead to positive experiences and outcomes for children and young "
    "people with special educational needs and/or disabilities (SEND).",
    2: "The local area partnership’s arrangements lead to inconsistent experiences and outcomes for children and young people "
    "with special educational needs and/or disabilities (SEND).",
    3: SYSTEMIC_SENTENCE,
}


def sample_variant(tmp_path: Path, replace: dict[str, str], name: str = "variant.txt") -> Path:
    """The sample with some of its text replaced."""
    text = SEND_SAMPLE.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample() -> Report:
    return parse_file(SEND_SAMPLE)


# --------------------------------------------------------------------------- the sample (no ../shared)


def test_the_sample_is_an_area_send_report_with_its_cover(sample: Report) -> None:
    meta = sample.metadata
    assert sample.family == "AREA_SEND"
    assert meta.title == "Area SEND inspection of Northmoor Local Area Partnership"
    assert meta.local_area == "Northmoor Local Area Partnership"
    assert meta.local_authority == "Northmoor"
    assert meta.inspection_dates == "3 to 7 March 2025"
    assert meta.previous_inspection == "9 to 13 May 2019"
    assert meta.published is None  # area SEND reports print none
    assert sample.short_name() == "Northmoor 2025"
    assert sample.sections[0].title == "Cover"
    assert [b.text for b in sample.sections[0].blocks][1:] == [
        "Area SEND inspection of Northmoor Local Area Partnership",
        "Inspection dates: 3 to 7 March 2025",
        "Dates of previous inspection: 9 to 13 May 2019",
    ]
    assert sample.warnings == []


def test_the_lead_inspectors_of_both_inspectorates(sample: Report) -> None:
    assert sample.metadata.lead_inspector == "Robin Ashdown"
    assert sample.metadata.cqc_lead_inspector == "Morgan Hale"


def test_the_next_inspection_timescale_is_kept_as_printed(sample: Report) -> None:
    assert sample.metadata.next_inspection == (
        "A monitoring inspection will be carried out within approximately 18 months. "
        "The next full reinspection will be within approximately three years."
    )


def test_the_outcome_is_the_overall_on_its_own_three_level_scale(sample: Report) -> None:
    assert sample.overall == Grade(SYSTEMIC, 3, SYSTEMIC_SENTENCE)
    assert [(e.rank, e.label) for e in sample.grade_scale] == [(1, POSITIVE), (2, INCONSISTENT), (3, SYSTEMIC)]
    assert [(j.section, j.name) for j in sample.judgements] == [("inspection-outcome", "Inspection outcome")]
    assert sample.section("inspection-outcome").grade == sample.overall  # the badge in the tree


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_each_outcome_sentence_gives_its_rank_and_keeps_the_sentence(tmp_path: Path, rank: int) -> None:
    report = parse_file(sample_variant(tmp_path, {SYSTEMIC_SENTENCE: OUTCOMES[rank]}))
    assert report.family == "AREA_SEND"
    assert report.overall is not None and report.overall.rank == rank
    assert report.overall.printed == OUTCOMES[rank]
    assert badge(report.overall) == {1: "POS", 2: "INC", 3: "SYS"}[rank]


def test_no_outcome_sentence_is_no_outcome_and_a_warning(tmp_path: Path) -> None:
    report = parse_file(sample_variant(tmp_path, {SYSTEMIC_SENTENCE: "The inspection found many things."}))
    assert report.family == "AREA_SEND" and report.overall is None and report.judgements == []
    assert any("No inspection outcome" in w for w in report.warnings)


def test_a_title_wrapped_over_two_lines_names_the_whole_partnership(tmp_path: Path) -> None:
    report = parse_file(sample_variant(tmp_path, {
        "Area SEND inspection of Northmoor Local Area Partnership": "Area SEND inspection of Northmoor and\nDale Local Area Partnership"
    }))
    assert report.metadata.local_area == "Northmoor and Dale Local Area Partnership"
    assert report.metadata.local_authority == "Northmoor and Dale"
    assert report.sections[1].title == "Inspection outcome"


def test_a_monitoring_inspection_is_the_family_with_no_outcome_and_says_why(tmp_path: Path) -> None:
    report = parse_file(sample_variant(tmp_path, {
        "Area SEND inspection of": "Area SEND monitoring inspection of",
        SYSTEMIC_SENTENCE: "The local area partnership has made progress in addressing the areas for priority action.",
    }))
    assert report.family == "AREA_SEND" and report.metadata.local_area == "Northmoor Local Area Partnership"
    assert report.overall is None and any("monitoring inspection" in w for w in report.warnings)


def test_priority_actions_printed_as_paragraphs_are_addressed_in_their_first_words(tmp_path: Path) -> None:
    report = parse_file(sample_variant(tmp_path, {
        "Responsible body\tAreas for priority action\n": "",
        "Northmoor Council and NHS Northmoor and Dale ICB\tLeaders": "Leaders",
        "NHS Northmoor and Dale ICB\tHealth leaders": "\nHealth leaders",
    }))
    priority = [(r.partner, r.text[:40]) for r in report.recommendations if r.group == PRIORITY_GROUP]
    assert priority == [
        ("Leaders across the partnership", "Leaders across the partnership should ur"),
        ("Health leaders", "Health leaders should act urgently to re"),
    ]


def test_priority_actions_without_the_worst_outcome_are_doubted(tmp_path: Path) -> None:
    report = parse_file(sample_variant(tmp_path, {SYSTEMIC_SENTENCE: OUTCOMES[1]}))
    assert any("Areas for priority action are printed" in w for w in report.warnings)


def test_send_outcome_reads_the_three_wordings_only() -> None:
    assert [send_outcome(OUTCOMES[r]).label for r in (1, 2, 3)] == [POSITIVE, INCONSISTENT, SYSTEMIC]
    assert send_outcome("Overall effectiveness: Good") is None
    assert set(SEND_OUTCOMES) == {POSITIVE, INCONSISTENT, SYSTEMIC}
    assert scale_of(send_outcome(OUTCOMES[2])) == "send" and scale_of(Grade("Good", 2, "Good")) == "council"


def test_recommendations_have_their_group_and_the_partner_addressed(sample: Report) -> None:
    recs = [(r.group, r.partner, r.text) for r in sample.recommendations]
    assert recs == [
        (
            PRIORITY_GROUP,
            "Northmoor Council and NHS Northmoor and Dale ICB",
            "Leaders across the partnership should urgently improve the timeliness and quality of EHC plans. In particular "
            "they should improve: – the sharing of information between services – the quality assurance of new plans.",
        ),
        (PRIORITY_GROUP, "NHS Northmoor and Dale ICB", "Health leaders should act urgently to reduce waiting times for speech and language therapy."),
        (IMPROVEMENT_GROUP, "Leaders across the partnership", "Leaders across the partnership should use performance information to check the impact of their work."),
        (IMPROVEMENT_GROUP, "The local authority and the ICB", "The local authority and the ICB should improve how they prepare young people for adulthood."),
    ]
    # Each is an item of its own where it is printed (citable), the responsible body above it.
    assert all(sample.item_for(r) is not None for r in sample.recommendations)
    section = sample.section("areas-for-priority-action")
    assert section.blocks[0].text == "Responsible body: Northmoor Council and NHS Northmoor and Dale ICB"


@pytest.mark.parametrize(
    "text, partner",
    [
        ("Leaders across the partnership should ensure that plans are timely.", "Leaders across the partnership"),
        ("The local authority and the ICB should work together.", "The local authority and the ICB"),
        ("Health leaders must deliver the programme.", "Health leaders"),
        ("Area leaders need to co-produce an approach.", "Area leaders"),
        ("To ensure an improved understanding of services, the local partnership should be diligent.", "the local partnership"),
        ("There are long waits for assessments.", None),
        ("In the meantime, it is important that leaders act.", None),
    ],
)
def test_the_partner_is_the_subject_of_should_must_or_need_to(text: str, partner: str | None) -> None:
    assert addressed(text) == partner


@pytest.mark.parametrize(
    "area, name",
    [
        ("Hartlepool Local Area Partnership", "Hartlepool"),
        ("the Greenwich Local Area Partnership", "Greenwich"),
        ("Royal Borough of Kingston upon Thames Local Area Partnership", "Kingston upon Thames"),
        ("North Northamptonshire Local Area Partnership", "North Northamptonshire"),
    ],
)
def test_the_council_is_the_partnership_name_without_its_generic_words(area: str, name: str) -> None:
    assert council(area) == name


def test_the_family_comes_from_the_document_never_its_file_name(tmp_path: Path) -> None:
    as_ilacs = tmp_path / "ilacs-2019-05-08-west-sussex.txt"
    as_ilacs.write_bytes(SEND_SAMPLE.read_bytes())
    as_send = tmp_path / "send-2023-05-16-halton.txt"
    as_send.write_bytes(SAMPLE_TEXT.read_bytes())
    assert parse_file(as_ilacs).family == "AREA_SEND"
    assert parse_file(as_send).family == "SLAC"


def test_a_council_report_that_mentions_an_area_send_inspection_stays_its_family(tmp_path: Path) -> None:
    text = SAMPLE_TEXT.read_text(encoding="utf-8").replace(
        "About this inspection\n", "About this inspection\n\nThe recent area SEND inspection of the local area partnership was noted.\n", 1
    )
    path = tmp_path / "halton.txt"
    path.write_text(text, encoding="utf-8")
    assert parse_file(path).family == "SLAC"


def test_other_families_documents_are_unchanged_by_the_send_fields(sample_report: Report) -> None:
    data = sample_report.to_dict()
    assert set(data["metadata"]) == {"title", "local_authority", "inspection_dates", "lead_inspector", "published", "age_group"}
    assert all("partner" not in r for r in data["recommendations"])


def test_the_send_fields_survive_a_save_and_load(sample: Report) -> None:
    again = Report.from_dict(json.loads(json.dumps(sample.to_dict())))
    assert again.to_dict() == sample.to_dict()
    assert again.metadata.cqc_lead_inspector == "Morgan Hale" and again.recommendations[0].partner is not None


def test_grades_prints_the_outcome_once_with_its_key(private_dirs, tmp_path: Path) -> None:
    env = env_for_subprocess(private_dirs)
    out = subprocess.run(
        [sys.executable, "-m", "ofsted_reader", "grades", "--format", "json", str(SEND_SAMPLE)], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    rows = rows if isinstance(rows, list) else rows["rows"]
    assert [(r["key"], r["name"], r["grade"], r["rank"], r["printed"]) for r in rows] == [
        ("1", "Inspection outcome", SYSTEMIC, 3, SYSTEMIC_SENTENCE)
    ]
    table = subprocess.run([sys.executable, "-m", "ofsted_reader", "grades", str(SEND_SAMPLE)], capture_output=True, text=True, env=env)
    assert "SYS" in table.stdout and "Overall effectiveness" not in table.stdout


def test_export_markdown_names_the_outcome_and_both_lead_inspectors(private_dirs) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ofsted_reader", "export", "--format", "markdown", str(SEND_SAMPLE)],
        capture_output=True, text=True, env=env_for_subprocess(private_dirs),
    )
    assert out.returncode == 0, out.stderr
    for line in (
        "- Inspection outcome: SYS Widespread and/or systemic failings",
        "- Ofsted lead inspector: Robin Ashdown",
        "- CQC lead inspector: Morgan Hale",
        "- Local area partnership: Northmoor Local Area Partnership",
        "- Date of previous inspection: 9 to 13 May 2019",
        "Responsible body: NHS Northmoor and Dale ICB",
    ):
        assert line in out.stdout


def test_a_lone_superscript_digit_in_a_pdf_is_no_crash() -> None:
    """Found by the structure property test once it printed area SEND phrases: "¹".isdigit() is
    true, but int("¹") fails (page-number and contents-row checks now use isdecimal)."""
    span = Span(text="¹", x0=56.7, x1=60.7, size=8.0, bold=False, sep="")
    doc = LineDoc(lines=[Line(text="¹", page=1, x0=56.7, x1=60.7, top=20.0, bottom=28.0, size=8.0, spans=[span])],
                  pages=[PageInfo(1, 595.0, 842.0)], kind="pdf")
    cleaned = clean_lines(doc)
    report = structure(pdf_elements(cleaned), Source(name="x.pdf", sha256="0" * 64, kind="pdf", pages=1), cleaned)
    assert isinstance(report, Report)


# --------------------------------------------------------------------------- the 15 real reports (../shared)

SEND_DIR = SHARED / "corpus" / "send"
TRUTHS = sorted((SEND_DIR / "truth").glob("*.yaml")) if (SEND_DIR / "truth").is_dir() else []
needs_corpus = pytest.mark.skipif(not TRUTHS, reason="../shared/corpus/send is absent (only in CI and dev checkouts)")

# Read off the PDFs by hand: (inspection dates, previous inspection, Ofsted lead, CQC lead,
# areas for priority action, areas for improvement).
PRINTED = {
    "send-2023-05-16-hartlepool": ("13 March 2023 to 17 March 2023", "3 to 7 October 2016", "Alex Thorp", "Lyndsey McGeary", 0, 3),
    "send-2023-05-16-nottinghamshire": ("30 January 2023 to 3 February 2023", "20 to 24 June 2016", "Paul Wilson", "Lucy Harte", 2, 4),
    "send-2023-07-11-greenwich": ("11 to 19 May 2023", "10 to 14 July 2017", "Gaynor Roberts", "Lesley Perry", 0, 2),
    "send-2023-08-02-enfield": ("20 March 2023 to 24 March 2023", "27 June to 1 July 2016", "Andrew Wright", "Claire Mason", 0, 3),
    "send-2023-08-29-oldham": ("26 to 30 June 2023", "2 to 6 October 2017", "Sue Eastwood", "Kaye Goodfellow", 2, 3),
    "send-2024-01-30-suffolk": ("13 to 17 November 2023", "21 to 23 January 2019", "Charlie Fordham", "Daniel Carrick", 2, 3),
    "send-2024-02-29-west-sussex": ("27 November 2023 to 1 December 2023", "26 February to 2 March 2018", "Jo Petch", "Lyndsey McGeary", 0, 5),
    "send-2024-03-25-north-northamptonshire": ("22 to 26 January 2024", "Not previously inspected", "Dave Gilkerson", "David Roberts", 4, 6),
    "send-2024-05-15-dorset": ("11 to 15 March 2024", "23 to 27 January 2017", "Leanne Thirlby", "Daniel Carrick", 0, 2),
    "send-2024-05-20-milton-keynes": ("4 to 8 March 2024", "8 to 12 October 2018", "Chris Ellison", "Geraldine Bates", 0, 5),
    "send-2024-08-30-bolton": ("17 to 21 June 2024", "23 to 27 May 2016", "Sue Eastwood", "Gerry Bates", 0, 2),
    "send-2024-11-14-derbyshire": ("23 September to 27 September 2024", "14 November to 18 November 2016", "Dave Gilkerson", "Claire Mason", 6, 5),
    "send-2024-11-14-rotherham": ("30 September 2024 to 4 October 2024", "5 July 2021 to 9 July 2021", "Jenny Thomas", "Lesley Perry", 0, 2),
    "send-2025-02-04-darlington": ("25 to 29 November 2024", "24 to 28 January 2022", "David Mills", "David Roberts", 0, 4),
    "send-2025-03-11-dudley": ("20 to 24 January 2025", "31 January 2022 to 3 February 2022", "Gareth Morgan", "Lesley Perry", 0, 3),
}


@lru_cache(maxsize=None)
def real(name: str) -> tuple[Report, dict]:
    truth = yaml.safe_load((SEND_DIR / "truth" / f"{name}.yaml").read_text(encoding="utf-8"))
    return parse_file(SEND_DIR / f"{name}.pdf"), truth


NAMES = [p.stem for p in TRUTHS]
per_report = pytest.mark.parametrize("name", NAMES)


@needs_corpus
def test_every_report_in_the_folder_has_its_printed_fields_here() -> None:
    assert sorted(NAMES) == sorted(PRINTED)


@needs_corpus
@per_report
def test_family(name: str) -> None:
    assert real(name)[0].family == "AREA_SEND"


@needs_corpus
@per_report
def test_local_area(name: str) -> None:
    report, truth = real(name)
    assert report.metadata.local_area == truth["local_area"]
    assert report.metadata.title == f"Area SEND inspection of {truth['local_area']}"


@needs_corpus
@per_report
def test_council(name: str) -> None:
    report, truth = real(name)
    assert report.metadata.local_authority == council(truth["local_area"])
    assert "Partnership" not in report.metadata.local_authority


@needs_corpus
@per_report
def test_outcome_label_and_rank(name: str) -> None:
    report, truth = real(name)
    assert (report.overall.label, report.overall.rank) == (truth["outcome"], truth["outcome_rank"])
    assert [j.grade for j in report.judgements] == [report.overall]


@needs_corpus
@per_report
def test_outcome_printed_is_the_sentence(name: str) -> None:
    printed = real(name)[0].overall.printed
    assert printed.endswith(".") and send_outcome(printed) == real(name)[0].overall
    assert len(printed.split()) < 60  # the sentence, not the paragraph


@needs_corpus
@per_report
def test_inspection_dates(name: str) -> None:
    assert real(name)[0].metadata.inspection_dates == PRINTED[name][0]


@needs_corpus
@per_report
def test_previous_inspection(name: str) -> None:
    assert real(name)[0].metadata.previous_inspection == PRINTED[name][1]


@needs_corpus
@per_report
def test_ofsted_lead_inspector(name: str) -> None:
    assert real(name)[0].metadata.lead_inspector == PRINTED[name][2]


@needs_corpus
@per_report
def test_cqc_lead_inspector(name: str) -> None:
    assert real(name)[0].metadata.cqc_lead_inspector == PRINTED[name][3]


@needs_corpus
@per_report
def test_published_is_not_printed(name: str) -> None:
    assert real(name)[0].metadata.published is None


@needs_corpus
@per_report
def test_next_inspection(name: str) -> None:
    report = real(name)[0]
    due = report.metadata.next_inspection
    assert due and "within approximately" in due
    assert ("monitoring inspection" in due) == (report.overall.rank == 3)


@needs_corpus
@per_report
def test_areas_for_priority_action(name: str) -> None:
    report = real(name)[0]
    priority = [r for r in report.recommendations if r.group == PRIORITY_GROUP]
    assert len(priority) == PRINTED[name][4]
    assert bool(priority) == (report.overall.rank == 3)  # only the worst outcome has them
    assert all(r.partner and ("Council" in r.partner or "ICB" in r.partner or "Board" in r.partner) for r in priority[:1])


@needs_corpus
@per_report
def test_areas_for_improvement(name: str) -> None:
    report = real(name)[0]
    improvement = [r for r in report.recommendations if r.group == IMPROVEMENT_GROUP]
    assert len(improvement) == PRINTED[name][5]
    assert all(r.text[:1].isupper() and len(r.text.split()) > 8 for r in improvement)
    assert sum(r.partner is not None for r in improvement) >= len(improvement) - 1


@needs_corpus
@per_report
def test_sections(name: str) -> None:
    titles = [s.title.casefold() for s in real(name)[0].sections]
    assert titles[:2] == ["cover", "inspection outcome"]
    for wanted in ("information about the local area partnership", "areas for improvement", "inspection team"):
        assert wanted in titles
    assert len(titles) == len(set(titles))  # the box header repeating its heading is not a section


@needs_corpus
@per_report
def test_no_warnings(name: str) -> None:
    assert real(name)[0].warnings == []


# --------------------------------------------------------------------------- a PDF's lines (no ../shared)


def _line(text: str, top: float, *, x0: float = 56.7, size: float = 12.0, bold: bool = False, right: float = 520.0) -> Line:
    """A printed line: cells split by tabs sit in two columns (56.7 and 230), as a SEND table's do."""
    spans, x = [], x0
    for i, part in enumerate(text.split("\t")):
        x = x0 if i == 0 else 230.0
        width = min(len(part) * size * 0.5, right - x)
        spans.append(Span(text=part, x0=x, x1=x + width, size=size, bold=bold, sep="\t" if i else ""))
    return Line(text=text, page=1, x0=x0, x1=spans[-1].x1, top=top, bottom=top + size, size=size, bold=bold, spans=spans)


def test_a_pdfs_priority_table_rows_and_stacked_areas_for_improvement() -> None:
    """Rows of the priority-action table are told apart by the space between them (not by where a
    sentence ends: an action goes on over lines that start with capitals), their left cells are
    the partner; two areas for improvement printed one under the other are two, where a line ends
    a sentence short of the right edge."""
    lines = [
        _line("Area SEND inspection of Westdale Local Area Partnership", 100, size=16, bold=True),
        _line("Inspection dates: 1 to 5 July 2024", 130),
        _line("Inspection outcome", 160, size=14, bold=True),
        _line(SYSTEMIC_SENTENCE[:80], 185),
        _line(SYSTEMIC_SENTENCE[80:160], 199.5),
        _line(SYSTEMIC_SENTENCE[160:], 214),
        _line("Areas for priority action", 250, size=14, bold=True),
        _line("Responsible body\tAreas for priority action", 280),
        _line("Westdale Council and\tLeaders across the partnership should act.", 300),
        _line("NHS Westdale ICB\tLeaders should also check the impact of this.", 314.5),
        _line("Westdale Council\tHealth leaders should reduce waiting times.", 340),
        _line("Areas for improvement", 380, size=14, bold=True),
        _line("Leaders across the partnership should use performance information to check", 410),
        _line("the impact of their work.", 424.5),
        _line("The local authority and the ICB should improve how young people are prepared", 439),
        _line("for adulthood and should keep on doing so in every part of the area.", 453.5),
    ]
    for i, ln in enumerate(lines):
        ln.lineno = i
    doc = LineDoc(lines=lines, pages=[PageInfo(1, 595.0, 842.0)], kind="pdf")
    cleaned = clean_lines(doc)
    report = structure(pdf_elements(cleaned), Source(name="westdale.pdf", sha256="0" * 64, kind="pdf", pages=1), cleaned)
    assert report.family == "AREA_SEND" and report.overall.label == SYSTEMIC
    recs = [(r.group, r.partner, r.text) for r in report.recommendations]
    assert recs == [
        (PRIORITY_GROUP, "Westdale Council and NHS Westdale ICB",
         "Leaders across the partnership should act. Leaders should also check the impact of this."),
        (PRIORITY_GROUP, "Westdale Council", "Health leaders should reduce waiting times."),
        (IMPROVEMENT_GROUP, "Leaders across the partnership",
         "Leaders across the partnership should use performance information to check the impact of their work."),
        (IMPROVEMENT_GROUP, "The local authority and the ICB",
         "The local authority and the ICB should improve how young people are prepared for adulthood and should keep on "
         "doing so in every part of the area."),
    ]


def test_hostile_text_in_an_area_send_report_stays_data(private_dirs, tmp_path: Path) -> None:
    """A partnership named like a formula with an escape sequence in it: the CSV cell is made safe,
    no escape byte reaches the terminal, the partner is kept as printed in the document."""
    hostile = sample_variant(tmp_path, {
        "Area SEND inspection of Northmoor Local Area Partnership": "Area SEND inspection of =HYPERLINK(1)\x1b[2J Local Area Partnership",
        "NHS Northmoor and Dale ICB\tHealth": "[bold]NHS[/bold] \x1b]0;x\x07ICB\tHealth",
    })
    env = env_for_subprocess(private_dirs)
    csv_out = subprocess.run([sys.executable, "-m", "ofsted_reader", "grades", "--format", "csv", str(hostile)],
                             capture_output=True, text=True, env=env)
    assert csv_out.returncode == 0, csv_out.stderr
    row = csv_out.stdout.splitlines()[1]
    assert "\x1b" not in csv_out.stdout and ",'=HYPERLINK(1)" in row
    table = subprocess.run([sys.executable, "-m", "ofsted_reader", "grades", str(hostile)], capture_output=True, text=True, env=env)
    assert table.returncode == 0 and "\x1b" not in table.stdout
    report = parse_file(hostile)
    assert report.recommendations[1].partner == "[bold]NHS[/bold] \x1b]0;x\x07ICB"
