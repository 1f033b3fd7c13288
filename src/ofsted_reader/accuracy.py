"""Compare parsed reports with hand-verified truth files (the dev corpus).

A truth file (``../shared/corpus/truth/NAME.yaml``) records what a report prints:
family, local authority, title, inspection dates, lead inspector, published
date, every headline judgement with its grade as printed, the overall judgement,
the LSCB judgement, the highest paragraph number and the number of
recommendations.  An area SEND truth file (``../shared/corpus/send/truth/NAME.yaml``) records
the family, the local area partnership and the outcome with its rank (see :data:`SEND_FIELDS`).
:func:`compare` lists every field where a Report differs.
Used by ``tools/corpus_accuracy.py`` (figures) and ``tests/test_corpus.py`` (gate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ofsted_reader.grades import grade_in_sentence, parse_grade
from ofsted_reader.model import Report

FIELDS = (
    "family",
    "local_authority",
    "title",
    "inspection_dates",
    "lead_inspector",
    "published",
    "judgements",
    "overall",
    "lscb",
    "max_paragraph",
    "recommendations",
)

SEND_FIELDS = ("family", "local_area", "outcome", "outcome_rank")
"""What an area SEND truth file checks.  Its ``published`` (the date in the file's name) is not
checked: the reports print none, and the parser never reads file names."""

_LSCB = re.compile(r"safeguarding children board|\bLSCB\b", re.IGNORECASE)


def _norm(text: Any) -> Any:
    if isinstance(text, str):
        return " ".join(text.split())
    return text


def _label(printed: str | None) -> str | None:
    if printed is None:
        return None
    grade = parse_grade(printed) or grade_in_sentence(printed)
    return grade.label.lower() if grade else printed.lower()


def truth_family(truth: dict[str, Any]) -> str:
    family = str(truth.get("family"))
    return "ILACS" if family.startswith("ILACS") else family


def is_lscb_recommendation(report: Report, rec: Any) -> bool:
    """A recommendation printed in the LSCB part of a combined SIF report."""
    section = report.section(rec.section) if rec.section else None
    top = report.section(rec.section.split("/")[0]) if rec.section else None
    names = " ".join(filter(None, [rec.group, section.title if section else None, top.title if top else None]))
    return bool(_LSCB.search(names))


def counted_recommendations(report: Report) -> int:
    """Recommendations as the truth counts them (a combined report's LSCB ones are not)."""
    if report.family != "SIF":
        return len(report.recommendations)
    return sum(1 for r in report.recommendations if not is_lscb_recommendation(report, r))


def lscb_judgement(report: Report) -> Any:
    return next((j for j in report.judgements if _LSCB.search(j.name)), None)


@dataclass
class Result:
    name: str
    family: str
    mismatches: dict[str, str] = field(default_factory=dict)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.mismatches


def compare(name: str, truth: dict[str, Any], report: Report) -> Result:
    if truth_family(truth) == "AREA_SEND":
        return compare_send(name, truth, report)
    result = Result(name=name, family=truth_family(truth))

    def check(field_name: str, ours: Any, theirs: Any) -> None:
        result.checked += 1
        if _norm(ours) != _norm(theirs):
            result.mismatches[field_name] = f"ours {ours!r} ≠ truth {theirs!r}"

    meta = report.metadata
    check("family", report.family, result.family)
    for key in ("local_authority", "title", "inspection_dates", "lead_inspector", "published"):
        check(key, getattr(meta, key), truth.get(key))

    # Judgements: every truth judgement, in order, by name, with the same grade.
    result.checked += 1
    ours = [(_norm(j.name), j.grade.label.lower()) for j in report.judgements]
    wanted = [(_norm(j["name"]), _label(j["grade"])) for j in truth.get("judgements") or []]
    position = 0
    problems = []
    for wanted_name, wanted_grade in wanted:
        found = next((i for i in range(position, len(ours)) if ours[i][0] == wanted_name), None)
        if found is None:
            problems.append(f"missing {wanted_name!r}")
            continue
        if ours[found][1] != wanted_grade:
            problems.append(f"{wanted_name!r} is {ours[found][1]!r}, truth {wanted_grade!r}")
        position = found + 1
    if problems:
        result.mismatches["judgements"] = "; ".join(problems) + f" (ours: {[n for n, _ in ours]})"

    truth_overall = truth.get("overall")
    check("overall", report.overall.label.lower() if report.overall else None, _label(truth_overall))
    if truth.get("overall_printed") and report.overall is not None:
        check("overall_printed", report.overall.printed, truth["overall_printed"])

    if "lscb" in truth:
        lscb = lscb_judgement(report)
        check("lscb", lscb.grade.label.lower() if lscb else None, _label(truth.get("lscb")))

    numbers = [block.number for _, block in report.paragraphs()]
    check("max_paragraph", max(numbers) if numbers else None, truth.get("max_paragraph"))
    check("recommendations", counted_recommendations(report), truth.get("recommendations"))
    return result


def compare_send(name: str, truth: dict[str, Any], report: Report) -> Result:
    """An area SEND report against its truth: family, local area, outcome label and rank."""
    result = Result(name=name, family="AREA_SEND")

    def check(field_name: str, ours: Any, theirs: Any) -> None:
        result.checked += 1
        if _norm(ours) != _norm(theirs):
            result.mismatches[field_name] = f"ours {ours!r} ≠ truth {theirs!r}"

    outcome = report.overall
    check("family", report.family, "AREA_SEND")
    check("local_area", report.metadata.local_area, truth.get("local_area"))
    check("outcome", outcome.label if outcome else None, truth.get("outcome"))
    check("outcome_rank", outcome.rank if outcome else None, truth.get("outcome_rank"))
    return result
