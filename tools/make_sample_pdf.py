"""Render the seed text report as an Ofsted-like PDF: ``sample_reports/halton-2011.pdf``.

The project ships no real report PDFs; this one is made here from the bundled
seed text, laid out like the 2011 SLAC reports: a cover page with the labelled
facts, a copyright page, a contents page, then numbered paragraphs with hanging
indents, bold headings, ``Grade N (label)`` lines, bullets, the grade-scale and
record-of-main-findings tables, a running header with the council and report
title, and page numbers in the footer.  Paragraphs flow across page breaks, so
the PDF exercises the same cleaning (furniture removal, page-split joins) as a
real report.

Needs the dev extra (reportlab):  ``pip install '.[dev]'`` then
``python tools/make_sample_pdf.py`` (writes next to the seed).  The output is
deterministic (fixed creation date, no compression randomness).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ofsted_reader.grades import grade_at_end, parse_grade  # noqa: E402
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row  # noqa: E402
from ofsted_reader.ingest.text import EMPHASIS, decode, is_timescale, text_elements  # noqa: E402

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15, alignment=TA_LEFT, spaceAfter=6)
NUMBERED = ParagraphStyle("numbered", parent=BODY, leftIndent=10 * mm, bulletIndent=0, bulletFontName="Helvetica")
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=16 * mm, bulletIndent=10 * mm, spaceAfter=3)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="Helvetica-Bold", fontSize=13, leading=17, spaceBefore=10, spaceAfter=6)
GRADE = ParagraphStyle("grade", parent=BODY, fontName="Helvetica-Bold", fontSize=11, spaceAfter=8)
LABEL = ParagraphStyle("label", parent=BODY, fontName="Helvetica-Bold", leftIndent=10 * mm, spaceAfter=3)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=22, leading=28, spaceAfter=16)
COUNCIL = ParagraphStyle("council", parent=BODY, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=24)
COVER = ParagraphStyle("cover", parent=BODY, fontSize=12, leading=18)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9, leading=12)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=10, leading=13, spaceAfter=0)
CELL_BOLD = ParagraphStyle("cellbold", parent=CELL, fontName="Helvetica-Bold")


def _p(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph of seed text; its Markdown emphasis (``*words*``) printed in italics (``**``: bold)."""
    def emphasis(match) -> str:  # noqa: ANN001 - re.Match
        tag = "b" if len(match.group(1)) == 2 else "i"
        return f"<{tag}>{match.group(2)}</{tag}>"

    return Paragraph(EMPHASIS.sub(emphasis, escape(text)), style, bulletText=bullet)


def _table(rows: list[Row], widths: tuple[float, float]) -> Table:
    data = []
    for row in rows:
        cells = (row.cells + ["", ""])[:2]
        heading_row = not cells[1].strip()
        data.append([_p(cells[0], CELL_BOLD if heading_row else CELL), _p(cells[1], CELL)])
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def build_story(elements: list[Element]) -> tuple[list, str, str]:
    """Flowables for the report; also the council and title for the running header."""
    story: list = []
    # Cover: everything before "Contents".
    contents_at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text.strip() == "Contents")
    cover = [e.text for e in elements[:contents_at]]
    title, council = cover[0], cover[1]
    story += [Spacer(1, 40 * mm), _p(title, TITLE), _p(council, COUNCIL)]
    furniture = [t for t in cover[2:] if t.startswith(("©", "Website", "This document", "Further copies"))]
    story += [_p(t, COVER) for t in cover[2:] if t not in furniture]
    story.append(PageBreak())
    story += [Spacer(1, 150 * mm)] + [_p(t, SMALL) for t in furniture] + [PageBreak()]

    i = contents_at
    pending_rows: list[Row] = []
    widths = (110 * mm, 50 * mm)

    def flush_rows() -> None:
        if pending_rows:
            story.append(_table(list(pending_rows), widths))
            story.append(Spacer(1, 4 * mm))
            pending_rows.clear()

    in_contents = False
    while i < len(elements):
        element = elements[i]
        i += 1
        if isinstance(element, Row):
            if in_contents:
                story.append(_p(f"{element.cells[0]}  {element.cells[-1]}", BODY))
                continue
            if parse_grade(element.cells[0]) and "grade" in element.cells[0].lower():
                widths = (45 * mm, 115 * mm)
            pending_rows.append(element)
            continue
        flush_rows()
        if isinstance(element, Heading):
            text = element.text.strip()
            if in_contents:
                in_contents = False
                story.append(PageBreak())
            if text == "Contents":
                in_contents = True
                story.append(_p(text, HEADING))
                continue
            split = grade_at_end(text)
            heading, grade = (split[0], split[1].printed) if split else (text.replace("**", ""), None)
            if heading.startswith("Record of main findings"):
                widths = (120 * mm, 40 * mm)
                story.append(PageBreak())
            flow = [_p(heading, HEADING)]
            if grade:
                flow.append(_p(grade, GRADE))
            # Keep a heading with what follows it, as a typesetter would.
            story.append(KeepTogether(flow))
        elif isinstance(element, Para):
            story.append(_p(element.text, NUMBERED, bullet=f"{element.number}."))
        elif isinstance(element, Item):
            story.append(_p(element.text, BULLET, bullet="•"))
        elif isinstance(element, Prose):
            if parse_grade(element.text):
                story.append(_p(element.text, GRADE))
            elif is_timescale(element.text):
                story.append(_p(element.text, LABEL))
            else:
                story.append(_p(element.text, BODY))
    flush_rows()
    return story, council, title


def render(source: Path, target: Path) -> None:
    elements = text_elements(decode(source.read_bytes(), str(source)), keep_emphasis=True)
    story, council, title = build_story(elements)

    def furniture(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
        page = canvas.getPageNumber()
        if page <= 2:
            return
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, f"{council} {title}")
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, str(page - 2))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=f"{title}: {council}",
        author="Rendered by ofsted-reader from the seed text",
        invariant=1,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO / "sample_reports" / "halton-2011.txt")
    parser.add_argument("--out", type=Path, default=REPO / "sample_reports" / "halton-2011.pdf")
    args = parser.parse_args()
    render(args.source, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
