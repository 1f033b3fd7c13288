"""The sample report with what a plain-text source cannot have: a table with a header row and a
footnote, and footnotes in a paragraph (two pages' footnotes both marked 1), made by hand as the
PDF path makes them.  (The parser itself makes the grading scale a table and the areas for
improvement a label and items per timescale.)"""

from __future__ import annotations

from ofsted_reader.model import Block, Footnote, Report

SCALE = "the-inspection-judgements-and-what-they-mean"
AREAS = "safeguarding-services/areas-for-improvement"
SAFE = "safeguarding-services/safeguarding-outcomes-for-children-and-young-people/children-and-young-people-are-safe-and-feel-safe"

TABLE = Block(
    "table",
    "",
    page=2,
    rows=[
        ["Grade", "Judgement", "Description"],
        ["Grade 1", "Outstanding", "A service that significantly exceeds minimum requirements"],
        ["Grade 2", "Good", "A service that exceeds minimum requirements"],
        ["Grade 3", "[bold]Adequate[/bold]", "A service that only meets minimum requirements¹"],
        ["Grade 4", "Inadequate", "A service that does not meet minimum requirements"],
    ],
    footnotes=[Footnote("1", "Adequate became requires improvement in later frameworks.")],
    header=True,
)
BOARD_NOTE = Footnote("1", "The Board coordinates what each agency does to safeguard children.")
LADO_NOTE = Footnote("2", "The LADO manages allegations against people who work with children.")


def with_blocks(sample: Report) -> Report:
    """A copy of the sample with its grading-scale table under paragraph 3 given a header row and a
    footnote, and paragraph 17 citing two footnotes on page 5 (``Board¹``, ``(LADO)²``)."""
    report = Report.from_dict(sample.to_dict())
    scale = report.section(SCALE)
    scale.blocks = [TABLE if b.kind == "table" else b for b in scale.blocks]
    assert TABLE in scale.blocks, "the parser makes the grading scale a table"
    paragraph = next(b for b in report.section(SAFE).blocks if b.number == 17)
    paragraph.text = paragraph.text.replace("Children Board (HSCB)", "Children Board¹ (HSCB)").replace("(LADO)", "(LADO)²", 1)
    paragraph.page = 5
    paragraph.footnotes = [BOARD_NOTE, LADO_NOTE]
    return report


def item_index(report: Report, text: str) -> int:
    """Where the item with this text is in the areas for improvement."""
    return next(i for i, b in enumerate(report.section(AREAS).blocks) if b.kind == "item" and b.text == text)
