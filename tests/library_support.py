"""Generated libraries for the library tests: copies of the seed report with another council,
other dates and (for histories) other grades."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import at_rest
from ofsted_reader.document import dump_yaml
from ofsted_reader.headline import column_of
from ofsted_reader.model import Grade, Report

REPO = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = REPO / "sample_reports" / "halton-2011.txt"

GRADES = {1: "Outstanding", 2: "Good", 3: "Adequate", 4: "Inadequate"}


def text_copy(folder: Path, name: str, council: str, dates: str = "7 – 18 February 2011") -> Path:
    """The seed as text with another council and inspection dates (a distinct file and hash)."""
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    text = text.replace("Halton Borough Council", council).replace("7 – 18 February 2011", dates)
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    at_rest(path)
    return path


def text_library(folder: Path, parse: bool = True) -> list[Path]:
    """Five reports from four councils (one council inspected twice), parsed into the cache."""
    from ofsted_reader.reports import open_report

    made = [
        text_copy(folder, "halton.txt", "Halton Borough Council"),
        text_copy(folder, "york.txt", "City of York Council", "3 – 14 May 2010"),
        text_copy(folder, "sub/lambeth-2012.txt", "London Borough of Lambeth", "5 – 16 March 2012"),
        text_copy(folder, "sub/lambeth-2010.txt", "Lambeth", "1 – 12 November 2010"),
        text_copy(folder, "kent.txt", "Kent County Council", "9 – 20 January 2012"),
    ]
    if parse:
        for path in made:
            open_report(path)
    return made


def variant(base: Report, *, council: str, dates: str, family: str | None = None, ranks: dict[str, int] | None = None,
            overall: int | None = None, keep: set[str] | None = None) -> Report:
    """A copy of ``base`` about another council/date, with headline grades set by column rank."""
    report = Report.from_dict(base.to_dict())
    report.metadata.local_authority = council
    report.metadata.inspection_dates = dates
    report.metadata.published = None
    report.metadata.resolve_council()
    if family:
        report.family = family
    judgements = []
    for judgement in report.judgements:
        column = column_of(judgement)
        if keep is not None and column not in keep:
            continue
        if ranks and column in ranks:
            label = GRADES[ranks[column]]
            judgement.grade = Grade(label, ranks[column], label)
        judgements.append(judgement)
    report.judgements = judgements
    if overall is not None:
        report.overall = Grade(GRADES[overall], overall, GRADES[overall])
    elif keep is not None and "overall" not in keep:
        report.overall = None
    report.source.sha256 = hashlib.sha256(f"{council}|{dates}|{family}".encode()).hexdigest()
    report.source.name = f"{council}-{dates}.txt"
    return report


def write_yaml(report: Report, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dump_yaml(report.to_dict()), encoding="utf-8")
    return path
