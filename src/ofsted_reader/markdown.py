"""A readable Markdown rendering of a Report (``export --format markdown``)."""

from __future__ import annotations

from ofsted_reader.grades import badge
from ofsted_reader.keys import hotkeys
from ofsted_reader.model import Block, Report, Section


def _grade_suffix(section: Section) -> str:
    if section.grade is None:
        return ""
    printed = section.grade.printed
    if printed.lower() == section.grade.label.lower():
        return f" — {section.grade.label}"
    return f" — {section.grade.label} ({printed})"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _block(block: Block) -> list[str]:
    lines: list[str] = []
    if block.kind == "paragraph":
        lines.append(f"**{block.number}.** {block.text}")
    elif block.text:
        lines.append(block.text)
    if block.bullets:
        if lines:
            lines.append("")
        for bullet in block.bullets:
            first, *subs = bullet.split("\n– ")
            lines.append(f"- {first}")
            lines.extend(f"  - {sub}" for sub in subs)
    lines.append("")
    return lines


def render(report: Report) -> str:
    meta = report.metadata
    out: list[str] = []
    title = meta.title or report.source.name
    out.append(f"# {title}")
    out.append("")
    if meta.local_authority:
        out.append(f"**{meta.local_authority}**")
        out.append("")
    facts = [
        ("Inspection dates", meta.inspection_dates),
        ("Lead inspector", meta.lead_inspector),
        ("Published", meta.published),
        ("Report family", report.family),
        ("Overall effectiveness", report.overall.label if report.overall else None),
    ]
    out.extend(f"- {name}: {value}" for name, value in facts if value)
    out.append("")

    if report.judgements:
        out += ["## Judgements", "", "| Key | Judgement | Grade | As printed |", "|---|---|---|---|"]
        for key, j in hotkeys(report.judgements):
            out.append(f"| `{key}` | {_cell(j.name)} | {badge(j.grade)} {j.grade.label} | {_cell(j.grade.printed)} |")
        out.append("")

    if report.warnings:
        out += ["## Warnings", ""]
        out.extend(f"- {w}" for w in report.warnings)
        out.append("")

    def visit(section: Section, depth: int) -> None:
        out.append(f"{'#' * min(depth + 2, 6)} {section.title}{_grade_suffix(section)}")
        out.append("")
        for block in section.blocks:
            out.extend(_block(block))
        for child in section.children:
            visit(child, depth + 1)

    for section in report.sections:
        visit(section, 0)

    if report.recommendations:
        out += ["## Recommendations", ""]
        last: tuple[str | None, str | None] | None = None
        for rec in report.recommendations:
            heading = (rec.group, rec.timescale)
            if heading != last:
                label = " — ".join(x for x in heading if x)
                if label:
                    out += ["", f"**{label}**", ""]
                last = heading
            number = f"{rec.number}. " if rec.number is not None else "- "
            out.append(f"{number}{rec.text}")
        out.append("")

    if report.record_of_main_findings:
        out += ["## Record of main findings (as printed)", "", "| Judgement | Grade |", "|---|---|"]
        for row in report.record_of_main_findings:
            out.append(f"| {_cell(row.row)} | {_cell(row.grade)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
