"""A readable Markdown rendering of a Report (``export --format markdown``).

A PDF's page breaks are kept as comments, ``<!-- page 7 -->`` before the first block that
starts on a new page, so a quote taken from the Markdown can still be cited by page."""

from __future__ import annotations

from ofsted_reader.grades import badge, scale_of
from ofsted_reader.keys import hotkeys
from dataclasses import replace
import re

from ofsted_reader.model import Block, Recommendation, Report, Section, text_key


def _grade_suffix(section: Section) -> str:
    if section.grade is None:
        return ""
    printed = section.grade.printed
    if printed.lower() == section.grade.label.lower():
        return f" — {section.grade.label}"
    return f" — {section.grade.label} ({printed})"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _list_item(text: str, indent: str = "") -> list[str]:
    first, *subs = text.split("\n– ")
    return [f"{indent}- {first}", *(f"{indent}  - {sub}" for sub in subs)]


def _table(rows: list[list[str]], header: bool) -> list[str]:
    """A GFM pipe table; its printed header row as the header (a table that prints none gets an
    empty one, as GFM wants a header)."""
    width = max(len(row) for row in rows)
    cells = [[_cell(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    head, body = (cells[0], cells[1:]) if header and len(cells) > 1 else ([""] * width, cells)
    return ["| " + " | ".join(row) + " |" for row in (head, ["---"] * width, *body)]


def _block(block: Block) -> list[str]:
    lines: list[str] = []
    if block.kind == "paragraph":
        lines.append(f"**{block.number}.** {block.text}")
    elif block.kind == "item":
        lines.extend(_list_item(block.text))
    elif block.text:
        lines.append(block.text)
    if block.bullets:
        if lines and block.kind != "item":
            lines.append("")
        for bullet in block.bullets:
            lines.extend(_list_item(bullet, "  " if block.kind == "item" else ""))
    if any(block.rows):
        if lines:
            lines.append("")
        lines.extend(_table(block.rows, block.header))
    lines.append("")
    return lines


_SUPERSCRIPT_OR_MARK = re.escape("⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§")


class _Footnotes:
    """A report's footnotes as Markdown footnotes, numbered once through the document (a PDF's
    marks restart on each page): the marker in the citing text becomes ``[^N]``, and the
    definitions wait to be written at the end of the section."""

    def __init__(self) -> None:
        self.count = 0
        self.pending: list[str] = []

    def cite(self, block: Block) -> Block:
        """The block with its markers as references (its definitions kept for :meth:`flush`)."""
        if not block.footnotes:
            return block
        by_marker: dict[str, list[str]] = {}
        for note in block.footnotes:
            self.count += 1
            by_marker.setdefault(note.marker, []).append(f"[^{self.count}]")
            self.pending.append(f"[^{self.count}]: {_cell(note.text)}")
        unused = {ref for refs in by_marker.values() for ref in refs}

        def refer(text: str) -> str:
            for marker, refs in by_marker.items():
                pattern = f"(?<![{_SUPERSCRIPT_OR_MARK}]){re.escape(marker)}(?![{_SUPERSCRIPT_OR_MARK}])"

                def ref(_match: re.Match[str], refs: list[str] = refs) -> str:
                    # The same mark twice in one block (two pages' "1"): each in turn; else all one note.
                    chosen = next((r for r in refs if r in unused), refs[-1])
                    unused.discard(chosen)
                    return chosen

                text = re.sub(pattern, ref, text)
            return text

        cited = replace(
            block,
            text=refer(block.text),
            bullets=[refer(b) for b in block.bullets],
            rows=[[refer(cell) for cell in row] for row in block.rows],
            footnotes=[],
        )
        if unused:  # a marker the text does not show: the references go at its end
            missing = "".join(ref for refs in by_marker.values() for ref in refs if ref in unused)
            last_row = next((row for row in reversed(cited.rows) if row), None)
            if last_row is not None and not cited.text:
                last_row[-1] += missing
            else:
                cited.text += missing
        return cited

    def flush(self) -> list[str]:
        """The definitions waiting since the last flush, then a blank line."""
        lines, self.pending = self.pending, []
        return [*lines, ""] if lines else []


def _recommendations(recommendations: list[Recommendation], under: str = "") -> list[str]:
    """The items under their part/topic and timescale headings, numbered as printed
    (a group named like the heading they are ``under`` is not said again)."""
    lines: list[str] = []
    last: tuple[str | None, str | None] | None = None
    for rec in recommendations:
        group = rec.group if rec.group and text_key(rec.group) != text_key(under) else None
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
    send = scale_of(report.overall) == "send"
    facts = [
        ("Local area partnership", meta.local_area),
        ("Inspection dates", meta.inspection_dates),
        ("Date of previous inspection", meta.previous_inspection),
        ("Lead inspector" if not meta.cqc_lead_inspector else "Ofsted lead inspector", meta.lead_inspector),
        ("CQC lead inspector", meta.cqc_lead_inspector),
        ("Published", meta.published),
        ("Report family", report.family),
        (
            "Inspection outcome" if send else "Overall effectiveness",
            f"{badge(report.overall)} {report.overall.label}" if send and report.overall else report.overall.label if report.overall else None,
        ),
        ("Next inspection", meta.next_inspection),
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

    notes = _Footnotes()
    page: list[int | None] = [None]

    def visit(section: Section, depth: int) -> None:
        out.append(f"{'#' * min(depth + 2, 6)} {section.title}{_grade_suffix(section)}")
        out.append("")
        # A recommendation printed as an item of its own is shown there, with what the section
        # prints around it; the others are listed after the section's text.
        recs = [rec for rec in placed.pop(section.id, []) if report.item_for(rec) is None]
        items = {text_key(rec.text) for rec in recs}
        last: Block | None = None
        for block in section.blocks:
            if items:
                kept = [bullet for bullet in block.bullets if text_key(bullet) not in items]
                if text_key(block.text) in items and not kept:
                    continue
                block = replace(block, bullets=kept)
            if block.page is not None and block.page != page[0]:
                page[0] = block.page
                out.extend([f"<!-- page {block.page} -->", ""])
            elif block.kind == "item" and last is not None and last.kind == "item":
                out.pop()  # one list: no blank line between its items
            out.extend(_block(notes.cite(block)))
            last = block
        if recs:
            out.extend(_recommendations(recs, section.title))
        out.extend(notes.flush())
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
