"""Tables, items and footnotes outside the reader: how they render (width, indents, search hits,
the clipboard), in Markdown export, and in the library's search index."""

from __future__ import annotations

import re

from rich.console import Console
from rich.style import Style

from blocks_support import AREAS, SAFE, SCALE, TABLE, with_blocks
from ofsted_reader.markdown import render as markdown
from ofsted_reader.model import Block, Footnote
from ofsted_reader.tui.render import Grid, block_height, block_plain, render_block
from test_tui_safety import render_plain


def lines_at(block: Block, width: int, **kwargs) -> list[str]:
    return [line.rstrip() for line in render_plain(render_block(block, number_width=4, **kwargs), width).splitlines()]


# -- the reader's renderables ----------------------------------------------------------------


def test_a_table_fits_the_width_its_cells_wrap_and_its_header_is_ruled_off() -> None:
    for width in (30, 50, 100):
        lines = lines_at(TABLE, width)
        assert all(len(line) <= width for line in lines), width
        head = lines[1 : next(i for i, line in enumerate(lines) if line.startswith("├"))]
        assert lines[0].startswith("┌") and any(line.startswith("│ Grade ") for line in head)
        end = next(i for i, line in enumerate(lines) if line.startswith("└"))
        assert lines[end + 1] == "────────" and lines[end + 2].startswith("¹ Adequate")
        assert block_height(render_block(TABLE, number_width=4), Console(width=width), width) == len(lines)
    assert "[bold]Adequate[/bold]" in "".join(lines_at(TABLE, 100))  # report text is never markup
    narrow = lines_at(Block("table", "", rows=[["a b c d e f g h", "x"], ["1", "2"]], header=True), 14)
    assert len([line for line in narrow if line.startswith("│")]) > 2  # a cell wrapped: rows ruled apart
    assert any(line.startswith("├") for line in narrow[3:])


def test_a_narrow_table_shares_its_width_without_splitting_words_that_fit() -> None:
    rows = [["Grade", "Judgement", "Description"], ["Grade 1", "Outstanding", "A service that significantly exceeds minimum requirements"]]
    lines = lines_at(Block("table", "", rows=rows), 44)
    assert max(len(line) for line in lines) == 44
    assert [line for line in lines if "significantly" in line] and "Outstanding" in lines[3]


def test_a_table_without_a_printed_header_has_none_and_short_rows_are_padded() -> None:
    lines = lines_at(Block("table", "", rows=[["Overall effectiveness", "Good"]], header=True), 60)
    assert len(lines) == 3 and "├" not in "".join(lines)  # one row: nothing under a header
    lines = lines_at(Block("table", "", rows=[["1. Children who need help", "Good"], ["2. Care leavers", "Good"]]), 60)
    assert len(lines) == 4 and "├" not in "".join(lines) and "1. Children" in lines[1]
    ragged = lines_at(Block("table", "", rows=[["a", "b", "c"], ["only one"]], header=True), 60)
    assert ragged[3].count("│") == 4


def test_search_hits_are_styled_in_table_cells_and_footnotes() -> None:
    hit = Style(reverse=True)
    block = Block("paragraph", "See¹.", number=3, rows=[["h1", "h2"], ["cell one", "cell two"]], footnotes=[Footnote("1", "a note")])
    # parts: 0 text, 1-4 the cells row by row, 5 the footnote
    group = render_block(block, number_width=4, spans=[(4, 5, 8, False), (5, 2, 6, True)])
    grid = next(piece for piece in group.renderables if isinstance(piece, Grid))
    assert [(span.start, span.end, span.style) for span in grid.rows[1][1].spans] == [(5, 8, hit)]
    note = group.renderables[-1]
    assert note.body.plain == "a note" and any(span.start == 2 and span.end == 6 for span in note.body.spans)


def test_an_item_is_one_bullet_with_a_hanging_indent() -> None:
    lines = lines_at(Block("item", "Ensure that plans are written well and reviewed on time.\n– with a sub-item here"), 30)
    assert lines[0].startswith("• Ensure")
    assert all(line.startswith("  ") for line in lines[1:])
    assert any(line.startswith("  – with") for line in lines)


def test_footnotes_hang_under_their_block_with_marks_as_printed() -> None:
    block = Block("paragraph", "The Board¹ and the LADO* act.", number=17, footnotes=[Footnote("1", "word " * 12), Footnote("*", "star")])
    lines = lines_at(block, 40)
    rule = lines.index("    ────────")
    assert lines[rule + 1].startswith("    ¹ word") and lines[rule + 2].startswith("      word")
    assert lines[-1] == "    * star"


def test_the_clipboard_gets_an_item_a_table_and_footnotes_as_plain_text() -> None:
    assert block_plain(Block("item", "Do this\n– and that")) == "• Do this\n  – and that"
    assert block_plain(TABLE).splitlines()[:2] == ["Grade | Judgement | Description", "Grade 1 | Outstanding | A service that significantly exceeds minimum requirements"]
    assert block_plain(TABLE).splitlines()[-1] == "¹ Adequate became requires improvement in later frameworks."


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_table_is_a_pipe_table_with_cells_escaped() -> None:
    block = Block("table", "", rows=[["Name", "Grade"], ["a | b", "two\nlines"], ["short"]], header=True)
    text = markdown(_report_with(block))
    assert "| Name | Grade |\n| --- | --- |\n| a \\| b | two lines |\n| short |  |\n" in text
    block.header = False  # no printed header: GFM's is left empty, every row a row
    assert "|  |  |\n| --- | --- |\n| Name | Grade |\n" in markdown(_report_with(block))


def test_markdown_footnotes_are_numbered_through_the_document(sample_report) -> None:
    report = with_blocks(sample_report)
    text = markdown(report)
    # Page 2's note 1 and page 5's note 1 are [^1] and [^2]; page 5's note 2 is [^3].
    assert "minimum requirements[^1] |" in text and "Children Board[^2] (HSCB)" in text and "(LADO)[^3]" in text
    assert re.findall(r"^\[\^(\d+)\]: ", text, re.M) == ["1", "2", "3"]
    assert "[^1]: Adequate became requires improvement in later frameworks." in text
    # … after the section's own text, before its children's headings.
    assert text.index("(LADO)[^3]") < text.index("[^3]: The LADO manages") < text.index("### Quality of provision")
    assert "¹" not in text and "²" not in text


def test_markdown_footnote_marks_twice_in_one_block_and_marks_not_shown() -> None:
    spans_pages = Block("paragraph", "First¹ then, a page on, second¹.", number=1, footnotes=[Footnote("1", "p4"), Footnote("1", "p5")])
    unshown = Block("text", "No marker here.", footnotes=[Footnote("†", "dagger")])
    text = markdown(_report_with(spans_pages, unshown))
    assert "First[^1] then, a page on, second[^2]." in text
    assert "No marker here.[^3]" in text and "[^3]: dagger" in text


def test_markdown_items_are_one_list_each_recommendation_once(sample_report) -> None:
    report = with_blocks(sample_report)
    text = markdown(report)
    recs = [rec for rec in report.recommendations if rec.section == AREAS]
    start = text.index("### Areas for improvement")
    part = text[start : text.index("### ", start + 4)]
    assert "Immediately:\n\n- " + recs[0].text + "\n- " + recs[1].text + "\n\nWithin six months:" in part
    for rec in recs:
        assert part.count(rec.text) == 1
    assert "**Safeguarding services — Immediately**" not in text  # the section prints its own labels


def _report_with(*blocks: Block):
    from ofsted_reader.model import Report, Section, Source

    return Report(source=Source("x.txt", "0" * 64, "text"), family="UNKNOWN", sections=[Section("s", "S", blocks=list(blocks))])


# -- the library index -------------------------------------------------------------------------


def test_the_index_searches_every_text_of_a_block_and_shows_it_as_printed(sample_report) -> None:
    from ofsted_reader.index import HIT_END, HIT_START, Index

    report = with_blocks(sample_report)
    with Index() as index:
        index.add(report)
        (hit,) = [h for h in index.search("board coordinates") if h.section_id == SAFE]
        assert hit.number == 17
        (hit,) = [h for h in index.search("halton safeguarding children board") if h.number == 17]
        assert f"{HIT_START}Board{HIT_END}¹" in hit.snippet  # found as "board", shown as printed
        (hit,) = index.search("significantly exceeds")
        assert hit.section_id == SCALE and report.section(SCALE).blocks[hit.block].kind == "table"
