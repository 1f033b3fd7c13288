"""Tables, items and footnotes in the reader, as a user sees them: on screen, searched, bookmarked,
copied, and a recommendation in the sidebar opening its own item."""

from __future__ import annotations

import pytest

from blocks_support import AREAS, SAFE, SCALE, item_index, with_blocks
from ofsted_reader.tui.app import OfstedReaderApp
from tui_support import reader_ready, screen_text, settle, write_report

pytestmark = pytest.mark.asyncio


@pytest.fixture
def blocks_app(sample_report, tmp_path):
    report = with_blocks(sample_report)
    return report, OfstedReaderApp(write_report(report, tmp_path))


def pane_lines(app, widget=None) -> list[str]:
    """The lines on screen of the paragraph pane (or of a widget in it), as a user reads them."""
    region = (widget or app.screen.pane).region
    return [line[region.x : region.right].rstrip() for line in screen_text(app).splitlines()[region.y : region.bottom]]


async def test_a_table_shows_as_a_table_with_its_footnote_under_it(blocks_app):
    report, app = blocks_app
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "G")  # past the cover and "About this inspection"
        await settle(pilot, 3)
        assert screen.current.id == SCALE
        lines = pane_lines(app, screen.view.blocks[-1])  # the table's block: its lines are cut to its width
        table = [line.strip("▌ ") for line in lines if line.strip("▌ ")[:1] in tuple("┌│├└")]
        assert table[0].startswith("┌") and table[1].startswith("│ Grade") and table[2].startswith("├")
        assert "Judgement" in table[1] and "Description" in table[1]
        assert any(line.startswith("│ Grade 4") for line in table) and table[-1].startswith("└")
        assert all(line.endswith(("┐", "│", "┤", "┘")) for line in table)  # fitted to the pane: the cells wrap
        assert any("│ [bold]Adequate" in line for line in table)  # report text, never markup
        below = [line.strip("▌ ") for line in lines[next(i for i, line in enumerate(lines) if "└" in line) + 1 :]]
        assert below[0] == "────────"
        assert below[1].startswith("¹ Adequate became")


async def test_footnotes_show_under_the_paragraph_that_cites_them(blocks_app):
    report, app = blocks_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await screen.goto_paragraph(17)
        await settle(pilot, 3)
        raw = pane_lines(app)
        lines = [line.strip("▌ ") for line in raw]
        assert "Children Board¹ (HSCB)" in " ".join(" ".join(lines).split())
        rule = lines.index("────────")
        assert lines[rule + 1].startswith("¹ The Board coordinates")
        column = raw[rule + 1].index("¹") + 2
        assert raw[rule + 2][:column].strip("▌ ") == "" and raw[rule + 2][column] != " "  # wrapped under its text
        assert any(line.startswith("² The LADO manages") for line in lines[rule:])


async def test_a_recommendation_in_the_sidebar_opens_its_item_which_m_bookmarks_and_y_copies(blocks_app):
    report, app = blocks_app
    rec = next(i for i, r in enumerate(report.recommendations) if r.section == AREAS and r.timescale != "Immediately")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("l")
        screen.findings.highlighted = screen.findings.get_option_index(f"r{rec}")
        await pilot.press("enter")
        await settle(pilot, 3)
        index = item_index(report, report.recommendations[rec].text)
        assert screen.current.id == AREAS and screen.view.current_block == index
        first = next(line for line in pane_lines(app) if line.strip())
        assert first.startswith(" Safeguarding services › Areas for improvement")
        top = [line for line in pane_lines(app) if "•" in line][0]
        assert top.startswith("▌• " + report.recommendations[rec].text[:20])
        await pilot.press("m", "y")
        (bookmark,) = screen.state.bookmarks
        assert (bookmark.section, bookmark.block, bookmark.number) == (AREAS, index, None)
        assert bookmark.excerpt.split()[:3] == report.recommendations[rec].text.split()[:3]
        assert screen.view.blocks[index].has_class("-bookmarked")
        assert app.clipboard.startswith("• " + report.recommendations[rec].text)
        assert app.clipboard.endswith("(Halton, published 25 March 2011, “Safeguarding services › Areas for improvement”)")


@pytest.mark.parametrize("query, section, part", [("allegations", SAFE, "footnote"), ("exceeds", SCALE, "cell")], ids=["footnote", "cell"])
async def test_search_finds_words_in_footnotes_and_table_cells(blocks_app, query, section, part):
    report, app = blocks_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("slash", *query, "enter")
        await settle(pilot, 3)
        assert screen.hits and screen.current.id == section
        hit = screen.hits[screen.hit_index]
        block = screen.current.blocks[hit.block]
        cells_from = 1 + len(block.bullets)
        notes_from = cells_from + sum(len(row) for row in block.rows)
        for each in screen.hits:
            assert (each.part >= notes_from) if part == "footnote" else (cells_from <= each.part < notes_from)
        assert (hit.part, True) in [(span[0], span[3]) for span in screen.view.blocks[hit.block].spans]  # highlighted
        assert query in screen_text(app)
