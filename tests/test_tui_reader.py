"""Pilot tests of the reader on the bundled sample: panes, keys, hotkeys, search, go-to, sections."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from ofsted_reader.keys import hotkeys
from ofsted_reader.tui.app import OfstedReaderApp
from tui_support import SAMPLE_TEXT, reader_ready, screen_text, settle, wait_for

pytestmark = pytest.mark.asyncio


def sample_app(**kwargs) -> OfstedReaderApp:
    return OfstedReaderApp(SAMPLE_TEXT, **kwargs)


async def test_opens_the_sample_with_three_panes_and_first_section():
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        assert screen.report.short_name() == "Halton 2011"
        assert screen.current is screen.sections[0]
        assert screen.outline.display and screen.pane.display and screen.sidebar_shown
        assert app.focused is screen.pane
        assert screen.view.blocks[0].has_class("-current")


async def test_no_path_opens_the_bundled_sample():
    app = OfstedReaderApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert screen.report.metadata.local_authority == "Halton Borough Council"


async def test_every_grade_hotkey_lands_on_its_section_and_marks_its_row():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        pairs = hotkeys(screen.report.judgements)
        assert len(pairs) == 20
        for key, judgement in pairs:
            await pilot.press(key)
            assert screen.current.id == judgement.section, key
            assert screen.outline.cursor_node.data.id == judgement.section
            assert screen.findings.current_section == judgement.section
            assert screen.view.scroll_y == 0
            assert screen.pane.heading.section is screen.current


async def test_hotkey_marks_the_row_in_the_visible_sidebar():
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        for key, row in (("4", "j3"), ("e", "j12")):
            await pilot.press(key)
            await settle(pilot)
            assert screen.findings.marked_rows() == [row]
            assert screen.findings.highlighted == screen.findings.get_option_index(row)
            prompt = screen.findings.get_option(row).prompt
            assert prompt.plain.startswith("▶" + key)


async def test_hotkey_moves_the_sidebar_highlight_while_the_sidebar_has_focus():
    """In the sidebar, a grade key jumps there too: the highlight follows, so Enter or l then
    opens the section just shown, not the row the highlight was left on."""
    from tui_support import burst

    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert app.focused is screen.findings
        await pilot.press("e")
        await settle(pilot)
        assert screen.findings.highlighted == screen.findings.get_option_index("j12")
        line = screen.outline.cursor_line
        await burst(pilot, "h", "h", "j")  # focus moves at once: the j is the outline's
        await settle(pilot)
        assert app.focused is screen.outline and screen.outline.cursor_line == line + 1


async def test_hotkeys_are_the_keys_grades_prints(capsys):
    from ofsted_reader.cli import main

    main(["grades", str(SAMPLE_TEXT), "--format", "csv"])
    import csv
    import io

    rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
    printed = {row["key"]: row["section"] for row in rows}
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert {key: j.section for key, j in screen.hotkey_map.items()} == printed
        for key, section in (list(printed.items())[0], list(printed.items())[-1]):
            await pilot.press(key)
            assert screen.current.id == section


async def test_tree_follows_vim_and_arrow_keys_and_pane_follows_tree():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("h")  # from the paragraphs: focus the outline
        assert app.focused is screen.outline
        await pilot.press("j", "j")
        await settle(pilot)
        assert screen.current is screen.sections[2]
        await pilot.press("down", "k", "up")
        await settle(pilot)
        assert screen.current is screen.sections[1]
        await pilot.press("G")
        await settle(pilot)
        assert screen.current is screen.sections[-1]
        await pilot.press("g", "g")
        await settle(pilot)
        assert screen.current is screen.sections[0]
        # h collapses a part, l expands it again
        await pilot.press("j", "j", "j", "j")  # past the cover and three sections
        await settle(pilot)
        node = screen.outline.cursor_node
        assert node.data.id == "safeguarding-services" and node.is_expanded
        await pilot.press("h")
        assert not node.is_expanded
        await pilot.press("l")
        assert node.is_expanded
        await pilot.press("l")  # expanded already: read it
        await settle(pilot)
        assert app.focused is screen.pane


async def test_paragraph_pane_scrolls_with_j_k_space_b_and_pages():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("4")  # Quality of provision: ten paragraphs
        await settle(pilot)
        view = screen.view
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert view.scroll_y == 3
        await pilot.press("k")
        await settle(pilot)
        assert view.scroll_y == 2
        await pilot.press("space")
        await settle(pilot)
        paged = view.scroll_y
        assert paged > 10
        await pilot.press("b")
        await settle(pilot)
        assert view.scroll_y < paged
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)
        assert view.scroll_y > paged
        assert view.current_block > 0
        await pilot.press("pageup")
        await pilot.press("g", "g")
        await settle(pilot)
        assert view.scroll_y == 0 and view.current_block == 0
        await pilot.press("G")
        await settle(pilot)
        assert view.current_block == len(view.blocks) - 1


async def test_space_at_a_sections_end_reads_on_into_the_next_and_b_at_the_top_goes_back():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("4")  # Quality of provision: ten paragraphs, several pages
        await settle(pilot)
        start = screen.section_index
        view = screen.view
        pages = 0
        end_line = ""
        while screen.section_index == start and pages < 30:
            before = view.scroll_y
            at_end = view.at_end()
            await pilot.press("space")
            await settle(pilot, 2)
            pages += 1
            if screen.section_index == start:
                assert view.scroll_y > before  # a page on, not a jump, until the end is reached
                assert not at_end
            else:
                assert at_end  # left only once the end is in view...
                assert "end of section" in end_line  # ...which the reader could see
            end_line = screen_text(app)
        assert pages > 2
        assert screen.current is screen.sections[start + 1]
        assert screen.view.scroll_y == 0 and screen.view.current_block == 0
        await pilot.press("b")  # at the top of this one: back to the last paragraph of that one
        await settle(pilot, 2)
        assert screen.current is screen.sections[start]
        assert screen.view.current_block == len(screen.view.blocks) - 1
        await pilot.press("b")  # not at its top: an ordinary page up
        await settle(pilot, 2)
        assert screen.current is screen.sections[start]
        assert screen.view.current_block < len(screen.view.blocks) - 1


async def test_one_space_once_the_end_of_a_short_section_shows_moves_on():
    app = sample_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("s")  # 40 rows: the sidebar starts shown under the paragraphs; hidden, they have every row
        await pilot.press("2")  # Capacity for improvement: one paragraph, its end in view at once
        await settle(pilot, 2)
        start = screen.section_index
        assert "end of section" in screen_text(app)
        await pilot.press("space")
        await settle(pilot, 2)
        assert screen.section_index == start + 1


async def test_space_at_the_end_of_the_last_section_stays_there():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await screen.open_section(screen.sections[-1])
        await settle(pilot, 2)
        for _ in range(12):
            await pilot.press("space")
            await settle(pilot)
        assert screen.current is screen.sections[-1]
        assert screen.view.at_end()


async def test_space_pages_the_paragraphs_even_from_the_tree():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("4", "h")
        await settle(pilot)
        assert app.focused is screen.outline
        await pilot.press("space")
        await settle(pilot)
        assert screen.view.scroll_y > 0
        assert screen.current.id == "safeguarding-services/quality-of-provision"


async def test_search_finds_hits_in_other_sections_with_live_count():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("slash", *"foster")
        await settle(pilot)
        assert screen.prompt.is_open
        assert "11 hits" in str(screen.prompt.count.render())
        sections = {screen.sections[h.section].id for h in screen.hits}
        assert len(sections) > 3 and screen.sections[0].id not in sections
        # incremental: already moved to the first hit after where the search began
        first = screen.hits[0]
        assert screen.current is screen.sections[first.section]
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.prompt.is_open
        assert app.focused is screen.pane
        assert screen.hit_index == 0
        block = screen.view.blocks[first.block]
        assert any(current for *_, current in block.spans)


async def test_n_and_N_walk_hits_across_sections_and_wrap():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("slash", *"IWST", "enter")
        await settle(pilot)
        total = len(screen.hits)
        visited = [screen.hit_index]
        for _ in range(total - 1):
            await pilot.press("n")
            await settle(pilot)
            visited.append(screen.hit_index)
            hit = screen.hits[screen.hit_index]
            assert screen.current is screen.sections[hit.section]
            assert screen.view.current_block == hit.block
        assert visited == list(range(total))
        await pilot.press("n")  # wraps to the first hit
        await settle(pilot)
        assert screen.hit_index == 0
        await pilot.press("N")  # and back round to the last
        await settle(pilot)
        assert screen.hit_index == total - 1
        await pilot.press("N")
        await settle(pilot)
        assert screen.hit_index == total - 2


async def test_escape_clears_the_search_and_cancel_returns_to_the_start():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        start = screen.current
        await pilot.press("slash", *"GP")
        await settle(pilot)
        assert screen.current is not start
        await pilot.press("escape")
        await settle(pilot)
        assert screen.current is start and not screen.search_query and not screen.prompt.is_open
        await pilot.press("slash", *"GP", "enter")
        await settle(pilot)
        assert screen.hits
        await pilot.press("escape")
        await settle(pilot)
        assert screen.hits == [] and screen.search_query == ""
        assert all(not block.spans for view in screen.pane.views.values() for block in view.blocks)


async def test_search_with_no_match_says_so():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("slash", *"zzq", "enter")
        await settle(pilot)
        assert screen.hits == []
        assert any("No match" in n.message for n in app._notifications)


async def test_go_to_paragraph_with_colon_and_hash():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "2", "7", "enter")
        await settle(pilot)
        assert screen.current_block().number == 27
        assert screen.current.id == "safeguarding-services/quality-of-provision"
        assert screen.view.blocks[screen.view.current_block].has_class("-current")
        await pilot.press("number_sign", "8", "enter")
        await settle(pilot)
        assert screen.current_block().number == 8
        await pilot.press("colon", *"999", "enter")
        await settle(pilot)
        assert screen.current_block().number == 8
        assert any("no paragraph 999" in n.message for n in app._notifications)


async def test_go_to_paragraph_prompt_takes_only_digits():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "1", "x", "2")
        assert screen.prompt.input.value == "12"
        await pilot.press("escape")
        assert not screen.prompt.is_open


async def test_brackets_move_between_sections_in_reading_order():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.current is screen.sections[2]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.current is screen.sections[1]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert screen.current is screen.sections[0]


async def test_findings_enter_on_a_row_opens_its_section():
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("l")  # from the paragraphs to the findings
        assert app.focused is screen.findings
        await pilot.press("g", "g")
        await pilot.press("j", "j", "j")  # the first rows are headings; j skips them
        await pilot.press("enter")
        await settle(pilot)
        row = screen.findings.rows[screen.findings.get_option_at_index(screen.findings.highlighted).id]
        assert screen.current.id == row.section
        # a recommendation row opens the section it was printed in
        index = screen.findings.get_option_index("r0")
        screen.findings.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert screen.current.id == screen.report.recommendations[0].section


async def test_findings_lists_recommendations_by_part_and_timescale_and_warnings():
    app = sample_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        findings = screen.findings
        prompts = [str(getattr(o.prompt, "plain", "")) for o in findings.options if o is not None]
        assert "Recommendations (10): 5 Safeguarding services, 5 Services for looked after children" in prompts
        assert " Safeguarding services · Immediately" in prompts
        assert " Services for looked after children · Within three months" in prompts
        assert "Consistency warnings (6)" in prompts
        assert sum(1 for r in findings.rows.values() if r.kind == "warning") == 6


async def test_sidebar_toggles_and_80x24_keeps_badges_and_keys_visible():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert screen.narrow and not screen.sidebar_shown
        # every graded node shows its key and badge inside the tree's width
        text = screen_text(app)
        for key, badge in (("1", "GOOD"), ("2", "OUT"), ("9", "OUT"), ("a", "GOOD")):
            assert f"{key} {badge}" in text
        assert screen.outline.region.width >= 24 and screen.pane.region.width >= 50
        await pilot.press("s")
        await settle(pilot)
        assert screen.sidebar_shown
        # narrow: the sidebar sits under the paragraphs, not beside them
        assert screen.findings.region.y > screen.pane.region.y
        assert screen.findings.region.x == screen.pane.region.x
        assert screen.findings.region.height >= 6
        await pilot.press("s")
        await settle(pilot)
        assert not screen.sidebar_shown


async def test_layout_reflows_on_resize():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert not screen.sidebar_shown
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        assert screen.sidebar_shown and not screen.narrow
        assert screen.findings.region.x > screen.pane.region.x
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.narrow and not screen.sidebar_shown


async def test_help_lists_every_binding_and_the_hotkeys():
    app = sample_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await reader_ready(pilot)
        groups = dict(screen.key_groups())
        anywhere = dict(groups["Anywhere in the reader"])
        for description in ("Search", "Go to paragraph N", "Next section", "Bookmarks", "Sidebar", "Theme", "Quit"):
            assert any(does.split(" — ")[0] == description for does in anywhere.values()), description
        hot = dict(groups["Grade hotkeys (same keys as `ofsted-reader grades`)"])
        assert len(hot) == 20 and hot["4"].startswith("GOOD Quality of provision")
        every_description = {d.split(" — ")[0] for rows in groups.values() for _, d in rows}
        for binding_holder in (screen, screen.outline, screen.pane, screen.findings):
            for binding in Binding.make_bindings(type(binding_holder).BINDINGS):
                if binding.description and binding.id and not binding.id.startswith("hotkey."):
                    assert binding.description in every_description, binding
        # Textual's own inherited keys (no id) mean nothing here and are left out.
        assert not every_description & {"Scroll Right", "Page Left", "Copy selected text", "Focus Next"}
        await pilot.press("question_mark")
        await settle(pilot)
        from ofsted_reader.tui.screens.dialogs import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        await pilot.press("j", "space", "escape")
        await settle(pilot)
        assert app.screen is screen


async def test_every_binding_has_an_id_and_a_description():
    from ofsted_reader.tui.screens.dialogs import BookmarksScreen, HelpScreen, LoadingScreen, MessageScreen, ThemePicker
    from ofsted_reader.tui.widgets.findings import FindingsList
    from ofsted_reader.tui.widgets.outline import OutlineTree
    from ofsted_reader.tui.widgets.paragraphs import SectionView
    from ofsted_reader.tui.screens.reader import ReaderScreen

    for holder in (OfstedReaderApp, ReaderScreen, OutlineTree, SectionView, FindingsList, HelpScreen, BookmarksScreen, ThemePicker, LoadingScreen, MessageScreen):
        for binding in holder.__dict__.get("BINDINGS", []):
            assert binding.id and binding.description, (holder, binding)


async def test_command_palette_lists_sections_and_commands():
    from ofsted_reader.tui.commands import ScreenCommands, SectionsProvider

    app = sample_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        provider = SectionsProvider(screen)
        discovered = [hit async for hit in provider.discover()]
        assert len(discovered) == len(screen.sections)
        assert any("Go to Quality of provision [GOOD]" in str(h.display) for h in discovered)
        hits = [hit async for hit in provider.search("staying safe")]
        assert hits and "Staying safe" in str(hits[0].match_display)
        await hits[0].command()
        await settle(pilot)
        assert screen.current.title == "Staying safe"
        system = [c.title for c in app.get_system_commands(screen)]
        assert "Keys" not in system and "Theme" not in system  # Textual's: ours are Help and Theme
        commands = {str(hit.display): hit async for hit in ScreenCommands(screen).discover()}
        for title in ("Search", "Go to paragraph N", "Bookmarks", "Sidebar", "Theme", "Help", "Next section"):
            assert title in commands, title
        assert "(s)" in commands["Sidebar"].help  # the key is named beside the command
        await commands["Sidebar"].command()
        await settle(pilot)
        assert not screen.sidebar_visible
        await pilot.press("ctrl+p")
        await settle(pilot)
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")


async def test_copy_puts_the_paragraph_and_its_reference_on_the_clipboard():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "2", "7", "enter")
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard.startswith("27. Child protection conferences and reviews are well recorded")
        assert app.clipboard.endswith("(Halton, published 25 March 2011, para 27)")
        await pilot.press("colon", "2", "enter", "y")
        assert "• discussions with children, young people and parents" in app.clipboard
        assert app.clipboard.endswith("(Halton, published 25 March 2011, para 2)")
        assert screen.current_block().number == 2


async def test_q_quits_with_code_zero():
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_a_judgement_graded_only_in_the_table_shows_on_the_section_it_opens(tmp_path):
    """ILACS prints Overall effectiveness in the page-1 table and its key opens the Summary:
    the Summary's tree row and pane header carry that key and badge, and say which judgement."""
    from rich.style import Style

    from ofsted_reader.model import Grade, Judgement
    from tui_support import make_report, write_report

    report = make_report(judged=2)
    overall = Grade("Inadequate", 4, "Inadequate")
    report.judgements.append(Judgement("introduction", "Overall effectiveness", overall))
    app = OfstedReaderApp(write_report(report, tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reader_ready(pilot)
        key = dict((j.name, k) for k, j in hotkeys(report.judgements))["Overall effectiveness"]
        await pilot.press("2")  # elsewhere first
        await pilot.press(key)
        await settle(pilot)
        assert screen.current.id == "introduction"
        node = screen.outline.cursor_node
        label = screen.outline.render_label(node, Style(), Style()).plain
        assert label.split() == [key, "INAD", "Introduction"]
        heading = screen.pane.heading.render().plain
        assert "INAD  Inadequate  Overall effectiveness  key " + key in heading


async def test_outline_keys_typed_fast_move_the_cursor_and_the_app_settles():
    """Two j's in one burst: each highlight opens a section, and an older one finishing late must
    not move the cursor back (which highlighted again, forever, at 100% CPU)."""
    import asyncio

    from tui_support import burst

    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("h")  # focus the outline (on the first section)
        assert app.focused is screen.outline
        start = screen.outline.cursor_line
        opened = []
        real_open = screen.open_section

        async def counting_open(section, **kwargs):
            opened.append(section.id)
            return await real_open(section, **kwargs)

        screen.open_section = counting_open
        for _ in range(3):
            await burst(pilot, "j", "j", "j")
            await settle(pilot)
        await asyncio.sleep(0.3)
        await settle(pilot)
        settled = len(opened)
        await asyncio.sleep(0.3)
        assert len(opened) == settled <= 9  # idle: no section opened again and again
        assert screen.outline.cursor_line == start + 9
        assert screen.current is screen.outline.cursor_node.data
        assert screen.pane.view.section is screen.current


async def test_a_judgement_on_a_part_opens_the_parts_first_text(tmp_path):
    """SIF: the judgement heads a part whose text is in its "Summary" and "Inspection findings"."""
    from ofsted_reader.model import Block, Grade, Judgement, Section
    from tui_support import make_report, write_report

    report = make_report(judged=1)
    ri = Grade("Requires improvement", 3, "Requires improvement")
    part = Section(id="help", title="Children who need help and protection", grade=ri, children=[
        Section(id="help/summary", title="Summary", blocks=[Block("text", "Help is slow to arrive.")]),
        Section(id="help/inspection-findings", title="Inspection findings", blocks=[Block("paragraph", "Findings.", number=9)]),
    ])
    report.sections.append(part)
    report.judgements.append(Judgement("help", part.title, ri))
    app = OfstedReaderApp(write_report(report, tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        key = dict((j.section, k) for k, j in hotkeys(report.judgements))["help"]
        await pilot.press(key)
        await settle(pilot)
        assert screen.current.id == "help/summary"
        assert "Help is slow to arrive." in screen_text(app)
        assert screen.findings.current_section == "help"  # its row is marked


async def test_resizing_keeps_the_paragraph_at_the_top():
    """The text re-wraps at another width: the paragraph being read stays at the top."""
    app = sample_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("colon", "3", "6", "enter")
        await settle(pilot)
        for size in ((120, 40), (60, 20), (100, 30)):
            await pilot.resize_terminal(*size)
            await settle(pilot, 3)
            view = screen.view
            assert view.section.blocks[view.current_block].number == 36, size
            assert view.block_at(view.scroll_y) == view.current_block, size
            assert "para 36" in screen.status_text()[1].plain


async def test_a_report_with_no_overall_grade_says_so(tmp_path):
    """ILACS from April 2026 gives no overall judgement: the reader says none was given."""
    from tui_support import make_report, write_report

    report = make_report(judged=4)
    report.family, report.overall = "ILACS", None
    app = OfstedReaderApp(write_report(report, tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await reader_ready(pilot)
        await settle(pilot)
        assert "no overall grade" in screen.status_text()[0].plain
        assert "Overall: none given in this report" in screen_text(app)


async def test_a_very_narrow_terminal_gives_the_paragraphs_two_thirds():
    app = sample_app()
    async with app.run_test(size=(44, 14)) as pilot:
        screen = await reader_ready(pilot)
        await settle(pilot)
        assert screen.pane.region.width >= 28 and screen.outline.region.width <= 16
        await pilot.resize_terminal(100, 24)
        await settle(pilot)
        assert screen.outline.region.width == 30  # 27 at 80 columns, growing with the width


async def test_a_title_the_report_uses_twice_is_shown_with_its_parts_name():
    from ofsted_reader.reports import open_report
    from ofsted_reader.headline import display_titles

    report = open_report(SAMPLE_TEXT).report
    titles = display_titles(report)
    repeated = [s for s in report.walk() if s.title == "Quality of provision"]
    assert len(repeated) == 2
    assert {titles[s.id] for s in repeated} == {
        "Safeguarding services › Quality of provision",
        "Services for looked after children › Quality of provision",
    }
    assert titles[report.sections[0].id] == report.sections[0].title  # a unique title stands alone


async def test_a_sif_judgement_key_shows_the_judgement_over_its_summary():
    """SIF judgements head parts with no text of their own: the key opens the part's Summary,
    whose header names the part and shows its grade and key (Peterborough 2015: key 1 is
    help and protection, RI; key 6 the LSCB, GOOD)."""
    from conftest import shared_path

    pdf = shared_path("corpus", "pdf", "sif-2015-09-18-peterborough.pdf")
    app = OfstedReaderApp(pdf)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reader_ready(pilot)
        await pilot.press("1")
        await settle(pilot, 2)
        heading = screen.pane.heading.render().plain
        assert screen.current.title == "Summary"
        assert heading.startswith("Children who need help and protection › Summary")
        assert "RI  Requires improvement" in heading and "key 1" in heading
        await pilot.press("6")
        await settle(pilot, 2)
        heading = screen.pane.heading.render().plain
        assert "GOOD  Good" in heading and "key 6" in heading
        await pilot.press("1")
        await settle(pilot, 2)
        assert screen.titles[screen.current.id] == "Children who need help and protection › Summary"  # citations, bookmarks
        prompts = [str(getattr(o.prompt, "plain", "")) for o in screen.findings.options if o is not None]
        assert "Recommendations (25): 19 Local authority, 6 LSCB" in prompts  # the truth file counts the 19
