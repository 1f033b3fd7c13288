"""A readable Markdown rendering of a Report (``export --format markdown``)."""

from __future__ import annotations

from ofsted_reader.grades import badge
from ofsted_reader.keys import hotkeys
from dataclasses import replace
import re

from ofsted_reader.model import Block, Recommendation, Report, Section


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


def _same(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .;:").casefold()


def _recommendations(recommendations: list[Recommendation], under: str = "") -> list[str]:
    """The items under their part/topic and timescale headings, numbered as printed
    (a group named like the heading they are ``under`` is not said again)."""
    lines: list[str] = []
    last: tuple[str | None, str | None] | None = None
    for rec in recommendations:
        group = rec.group if rec.group and _same(rec.group) != _same(under) else None
        heading = (group, rec.timescale)
        if heading != last:
            label = " — ".join(x for x in heading if x)
            if label:
                lines += ["", f"**{label}**", ""] if lines else [f"**{label}**", ""]
            last = heading
        number = f"{rec.number}. " if rec.number is not None else "- "
        lines.append(f"{number}{rec.text}")
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

    # Recommendations are shown where they are printed, under their timescales, once.
    placed: dict[str, list[Recommendation]] = {}
    for rec in report.recommendations:
        if rec.section:
            placed.setdefault(rec.section, []).append(rec)

    def visit(section: Section, depth: int) -> None:
        out.append(f"{'#' * min(depth + 2, 6)} {section.title}{_grade_suffix(section)}")
        out.append("")
        recs = placed.pop(section.id, None)
        items = {_same(rec.text) for rec in recs or []}
        for block in section.blocks:
            if items:
                kept = [bullet for bullet in block.bullets if _same(bullet) not in items]
                if _same(block.text) in items and not kept:
                    continue
                block = replace(block, bullets=kept)
            out.extend(_block(block))
        if recs:
            out.extend(_recommendations(recs, section.title))
        for child in section.children:
            visit(child, depth + 1)

    for section in report.sections:
        visit(section, 0)

    placed_ids = {id(rec) for recs in placed.values() for rec in recs}
    elsewhere = [rec for rec in report.recommendations if not rec.section or id(rec) in placed_ids]
    if elsewhere:
        # Items with no section, or whose section is not in the outline.
        out += ["## Recommendations", ""]
        out.extend(_recommendations(elsewhere))

    if report.record_of_main_findings:
        out += ["## Record of main findings (as printed)", "", "| Judgement | Grade |", "|---|---|"]
        for row in report.record_of_main_findings:
            out.append(f"| {_cell(row.row)} | {_cell(row.grade)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
