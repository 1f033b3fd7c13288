"""What the parser doubts about a report it has built, in words a reader understands.

Each family adds its own doubts as it builds; these are the ones every family shares.
"""

from __future__ import annotations

from ofsted_reader.model import Report

_COVER_FIELDS = {
    "title": "the report's title",
    "local_authority": "the local authority's name",
    "inspection_dates": "the inspection dates",
    "lead_inspector": "the lead inspector",
}


def check(
    report: Report,
    *,
    cover: tuple[str, ...] = tuple(_COVER_FIELDS),
    recommendations: str | None = "recommendations",
    paragraphs: bool = True,
) -> list[str]:
    """Warnings for what the report lacks: the ``cover`` fields, its ``recommendations`` (named
    as the report heads them; None: the family checks them itself), numbered paragraphs (unless
    the family prints none: ``paragraphs=False``), and gaps in the numbering of a part's
    recommendations."""
    warnings = [f"Could not find {_COVER_FIELDS[key]} on the cover." for key in cover if getattr(report.metadata, key) is None]
    if recommendations and not report.recommendations:
        warnings.append(f"No {recommendations} were found.")
    if paragraphs and not any(True for _ in report.paragraphs()):
        warnings.append("No numbered paragraphs were found.")
    by_part: dict[str, list[int]] = {}
    for rec in report.recommendations:
        if rec.number is not None and rec.section:
            by_part.setdefault(rec.section.split("/")[0], []).append(rec.number)
    for part, numbers in by_part.items():
        gaps = [(a, b) for a, b in zip(numbers, numbers[1:]) if b != a + 1]
        if gaps:
            a, b = gaps[0]
            section = report.section(part)
            title = section.title if section is not None else part
            warnings.append(f"The recommendations in '{title}' are numbered {a} then {b}; one may have been missed or misread.")
    return warnings


def numbering_note(last: int, number: int, page: int | None) -> str | None:
    """What is irregular when paragraph ``number`` follows paragraph ``last`` (page ``page``), or None."""
    where = f"page {page or '?'}"
    if number == 1 and last > 1:
        return f"Paragraph numbering starts again at 1 after paragraph {last} ({where})."
    if number <= last:
        return f"Paragraph {number} follows paragraph {last} ({where}); the numbering goes back."
    if number > last + 1:
        return f"Paragraph numbering jumps from {last} to {number} ({where}); a paragraph may have been missed or merged."
    return None
