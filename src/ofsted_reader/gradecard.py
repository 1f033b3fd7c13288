"""What ``grades`` prints about one report, as plain data: its "grade card".

A card holds the table's title, the report's parts, its judgement rows (the very keys the
reader binds) with their badges, the overall grade, and why nothing is graded if nothing
is.  It is made from a Report here and kept beside the report's summary in the library
index, so a warm ``grades`` reads a few hundred bytes per report instead of loading whole
documents (and never imports the model).  Nothing here imports the model at module level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ofsted_reader.model import Report

OVERALL_NAME = "Overall effectiveness"
OUTCOME_NAME = "Inspection outcome"
"""What an area SEND report calls its overall judgement (on its own three-level scale)."""

Card = dict[str, Any]
"""``title``, ``family``, ``parts`` ({part id: title}), ``rows`` (see :func:`judgement_rows`,
without ``file``), ``badges`` (one per row), ``overall`` (label or None) and ``ungraded``
(why no row, or None)."""


def judgement_rows(report: Report) -> list[dict[str, Any]]:
    """One row per judgement: the very key the reader binds, section id, name, grade.

    A report whose overall judgement is not one of its judgements (SIF prints it as a
    sentence: "Children's services in X require improvement to be good") gets a last row
    for it, with no key and no section, so every report with an overall has an overall row.
    An area SEND report's outcome is its one judgement already (its hotkey's), so it gets none.
    """
    from ofsted_reader.keys import hotkeys

    name = report.short_name()

    def row(key: str, section: str | None, title: str, grade: Any) -> dict[str, Any]:
        return {
            "report": name,
            "key": key,
            "section": section,
            "name": title,
            "grade": grade.label,
            "rank": grade.rank,
            "printed": grade.printed,
        }

    rows = [row(key, j.section, j.name, j.grade) for key, j in hotkeys(report.judgements)]
    if (
        report.overall is not None
        and not any(r["name"].casefold().startswith("overall") for r in rows)
        and report.overall not in [j.grade for j in report.judgements]
    ):
        rows.append(row("", None, OVERALL_NAME, report.overall))
    return rows


def grade_card(report: Report) -> Card:
    from ofsted_reader.grades import badge
    from ofsted_reader.model import Grade

    meta = report.metadata
    rows = judgement_rows(report)
    ungraded = None
    if not rows:
        # Not a report of ours (say why), or one that printed no grades.
        ungraded = report.warnings[0] if report.family == "UNKNOWN" and report.warnings else "the report has no graded judgements"
    title = " · ".join(x for x in (meta.local_authority, meta.inspection_dates, report.family) if x)
    return {
        "title": title or report.source.name,
        "family": report.family,
        "parts": {s.id: s.title for s in report.sections if s.children},
        "rows": rows,
        "badges": [badge(Grade(r["grade"], r["rank"], r["printed"])) for r in rows],
        "overall": report.overall.label if report.overall else None,
        "ungraded": ungraded,
    }
