"""Themes: shipped YAML files, user themes, --theme, the picker, remembering, bad files, no colour."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tomllib

import pytest

from ofsted_reader.index import fast_path_failures
from ofsted_reader.paths import bundled, library_index
from ofsted_reader.state import load_settings, save_settings
from ofsted_reader.tui import themes as themes_module
from ofsted_reader.tui.app import OfstedReaderApp
from ofsted_reader.tui.themes import DEFAULT_THEME, GRADE_VARIABLE_DEFAULTS, discover_themes, load_theme_file
from tui_support import REPO, SAMPLE_TEXT, reader_ready, screen_text, settle

SHIPPED = {"ofsted-dark", "ofsted-light", "ofsted-high-contrast", "ofsted-16"}


def test_at_least_four_shipped_themes_with_grade_colours():
    themes, problems = discover_themes()
    assert problems == []
    assert SHIPPED <= set(themes)
    assert DEFAULT_THEME == "ofsted-dark"
    for name in SHIPPED:
        theme = themes[name].theme
        for variable in ("grade-outstanding", "grade-good", "grade-ri", "grade-inadequate"):
            assert variable in theme.variables, (name, variable)
        grades = [theme.variables[v] for v in ("grade-outstanding", "grade-good", "grade-ri", "grade-inadequate")]
        assert len(set(grades)) == 4, name
    assert themes["ofsted-light"].theme.dark is False
    sixteen = themes["ofsted-16"].theme
    assert sixteen.ansi is True
    assert all(value.startswith("ansi_") for key, value in sixteen.variables.items() if key.startswith("grade-"))
    assert all(getattr(sixteen, field).startswith("ansi_") for field in ("primary", "foreground", "background"))


def test_themes_are_packaged_into_the_wheel():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["themes"] == "ofsted_reader/themes"
    # Installed from a wheel, the themes sit inside the package; in a checkout, at the root.
    shipped = sorted(p.name for p in (REPO / "themes").glob("*.yaml"))
    assert shipped and sorted(p.name for p in bundled("themes").glob("*.yaml")) == shipped
    assert sorted(p.name for p in bundled("sample_reports").iterdir() if p.suffix in (".txt", ".pdf")) == [
        "area-send-northmoor.txt", "halton-2011.pdf", "halton-2011.txt"
    ]


def test_a_user_theme_is_found_and_may_replace_a_shipped_one(private_dirs):
    folder = private_dirs["config"] / "themes"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: mine\nprimary: '#123456'\nvariables:\n  grade-good: '#00ff00'\n")
    (folder / "light.yml").write_text("name: ofsted-light\nprimary: '#000000'\ndark: false\n")
    themes, problems = discover_themes()
    assert problems == []
    assert themes["mine"].user and themes["mine"].theme.variables["grade-good"] == "#00ff00"
    assert themes["ofsted-light"].user and themes["ofsted-light"].theme.primary == "#000000"


@pytest.mark.parametrize(
    "content, reason",
    [
        ("name: [unclosed", "not valid YAML"),
        ("- a list", "not a mapping"),
        ("primary: '#fff'", "needs a 'name'"),
        ("name: x", "needs a 'primary'"),
        ("name: x\nprimary: notacolour", "'primary' is not a colour"),
        ("name: x\nprimary: '#fff'\nvariables:\n  grade-good: nope", "'grade-good' is not a colour"),
        ("name: x\nprimary: '#fff'\nbogus: 1", "unknown setting"),
        ("name: x\nprimary: '#fff'\nvariables: [1]", "'variables' must map"),
    ],
)
def test_bad_theme_files_are_explained(tmp_path, content, reason):
    from ofsted_reader.tui.themes import ThemeFileError

    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(ThemeFileError, match=reason):
        load_theme_file(path)


@pytest.mark.asyncio
async def test_default_theme_and_grade_variables_in_css():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert app.theme == "ofsted-dark"
        for name in GRADE_VARIABLE_DEFAULTS:
            assert name in app.theme_variables


async def test_the_chosen_theme_is_the_one_the_first_frame_is_drawn_with():
    app = OfstedReaderApp(SAMPLE_TEXT, theme="ofsted-light")
    light = app.get_theme("ofsted-light").to_color_system().generate()
    assert app.theme == "ofsted-light" and not app.current_theme.dark
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert app.theme_variables["background"] == light["background"]
        assert screen.styles.background.hex.upper() == light["background"].upper()
        assert app.has_class("-light-mode") and not app.has_class("-dark-mode")


@pytest.mark.asyncio
async def test_theme_flag_picker_and_remembered_choice():
    app = OfstedReaderApp(SAMPLE_TEXT, theme="ofsted-light")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert app.theme == "ofsted-light"
        assert load_settings()[0].get("theme") is None  # --theme is for this run only
        await pilot.press("T")
        await settle(pilot)
        from ofsted_reader.tui.screens.dialogs import ThemePicker

        assert isinstance(app.screen, ThemePicker)
        await pilot.press("k")  # preview the theme above
        await settle(pilot)
        assert app.theme == "ofsted-dark"
        await pilot.press("escape")  # cancel: the old theme comes back
        await settle(pilot)
        assert app.theme == "ofsted-light" and app.screen is screen
        await pilot.press("T", "j", "j", "enter")
        await settle(pilot)
        chosen = app.theme
        assert chosen not in ("ofsted-light",)
    assert load_settings()[0]["theme"] == chosen

    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert app.theme == chosen


@pytest.mark.asyncio
async def test_theme_switch_recolours_badges():
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        from ofsted_reader.tui.render import badge_text

        grade = screen.report.judgements[0].grade
        dark = badge_text(grade, app.theme_variables).style.color
        app.theme = "ofsted-light"
        await settle(pilot)
        light = badge_text(grade, app.theme_variables).style.color
        assert dark != light
        assert "1 GOOD" in screen_text(app)


@pytest.mark.asyncio
async def test_unknown_theme_and_bad_theme_file_fall_back_with_one_notification(private_dirs):
    folder = private_dirs["config"] / "themes"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("name: broken\nprimary: 12\n")
    save_settings({"theme": "broken"})
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        notes = [n.message for n in app._notifications if "Theme" in n.message]
        assert len(notes) == 1
        assert "broken.yaml" in notes[0] and DEFAULT_THEME in notes[0]

    app = OfstedReaderApp(SAMPLE_TEXT, theme="no-such-theme")
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert app.theme == DEFAULT_THEME
        assert any("no-such-theme" in n.message for n in app._notifications)


@pytest.mark.asyncio
async def test_no_color_and_sixteen_colours_stay_legible(monkeypatch):
    """Badges are words: the screen reads right whatever the colours."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = OfstedReaderApp(SAMPLE_TEXT, theme="ofsted-16")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reader_ready(pilot)
        assert app.no_color
        await pilot.press("e")
        await settle(pilot)
        text = screen_text(app)
        assert "e OUT  Staying safe" in text
        assert "OUT  Outstanding" in text  # the heading line under the title
        assert screen.current.title == "Staying safe"


@pytest.mark.asyncio
async def test_config_file_chooses_the_theme_unless_one_was_picked(private_dirs):
    (private_dirs["config"]).mkdir(parents=True, exist_ok=True)
    (private_dirs["config"] / "config.yaml").write_text("theme: ofsted-high-contrast\n")
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert app.theme == "ofsted-high-contrast"
    save_settings({"theme": "ofsted-light"})
    app = OfstedReaderApp(SAMPLE_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert app.theme == "ofsted-light"


def test_parsed_theme_files_are_remembered_until_they_change(private_dirs, monkeypatch):
    from ofsted_reader.tui.themes import ParsedYaml, configured_theme

    folder = private_dirs["config"] / "themes"
    folder.mkdir(parents=True)
    mine = folder / "mine.yaml"
    mine.write_text("name: mine\nprimary: '#123456'\n")
    (private_dirs["config"] / "config.yaml").write_text("theme: mine\n")
    memo = ParsedYaml.open()
    first, problems = discover_themes(memo)
    assert configured_theme(memo) == ("mine", None)
    memo.close()
    assert problems == [] and parsed_paths()

    def no_yaml(data):
        raise AssertionError("parsed a file whose parse is remembered")

    with monkeypatch.context() as patched:
        patched.setattr(themes_module, "load_yaml", no_yaml)
        memo = ParsedYaml.open()
        again, problems = discover_themes(memo)
        assert problems == [] and set(again) == set(first)
        assert again["mine"].theme.primary == "#123456" and again["mine"].user
        assert configured_theme(memo) == ("mine", None)

    mine.write_text("name: mine\nprimary: '#654321'\n")  # same size: the mtime tells
    os.utime(mine, ns=(mine.stat().st_atime_ns, mine.stat().st_mtime_ns + 1_000_000))
    memo = ParsedYaml.open()
    changed, _ = discover_themes(memo)
    assert changed["mine"].theme.primary == "#654321"


def test_a_damaged_memo_or_data_json_cannot_hold_means_parsing_the_yaml(private_dirs):
    from ofsted_reader.tui.themes import ParsedYaml, configured_theme

    memo = ParsedYaml.open()
    discover_themes(memo)
    memo.close()
    with sqlite3.connect(library_index()) as db:
        db.execute("UPDATE parsed SET data = '{not json'")
    themes, problems = discover_themes(ParsedYaml.open())
    assert problems == [] and SHIPPED <= set(themes)
    assert fast_path_failures.pop("parsed") == len(SHIPPED)  # each counted (and logged), then parsed

    private_dirs["config"].mkdir(parents=True, exist_ok=True)
    (private_dirs["config"] / "config.yaml").write_text("theme: ofsted-light\nsince: 2024-01-31\n")  # a date
    memo = ParsedYaml.open()
    assert configured_theme(memo) == ("ofsted-light", None)
    memo.close()
    assert not any(path.endswith("config.yaml") for path in parsed_paths())


def test_a_warm_start_does_not_import_pyyaml(private_dirs):
    from conftest import env_for_subprocess

    code = (
        "import sys\n"
        "from ofsted_reader.tui.app import OfstedReaderApp\n"
        f"app = OfstedReaderApp({str(SAMPLE_TEXT)!r})\n"
        "assert app._preopened is not None and app.theme == 'ofsted-dark', 'not a warm start'\n"
        "print('yaml' in sys.modules)\n"
    )
    from ofsted_reader.reports import open_report

    open_report(SAMPLE_TEXT)  # into the cache
    env = env_for_subprocess(private_dirs)
    run = lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.strip()  # noqa: E731
    run()  # the first start parses the theme files
    assert run() == "False"


def test_the_memo_keeps_other_installs_entries_and_drops_files_that_went(private_dirs, tmp_path):
    from ofsted_reader.tui.themes import ParsedYaml

    elsewhere = tmp_path / "other-install.yaml"
    elsewhere.write_text("name: other\nprimary: '#111111'\n")
    gone = tmp_path / "gone.yaml"
    gone.write_text("name: gone\nprimary: '#222222'\n")
    memo = ParsedYaml.open()
    memo.load(elsewhere)
    memo.load(gone)
    memo.close()
    gone.unlink()
    memo = ParsedYaml.open()
    discover_themes(memo)  # this install's files only
    memo.close()
    saved = parsed_paths()
    assert str(elsewhere) in saved and str(gone) not in saved
    assert any(key.endswith("ofsted-dark.yaml") for key in saved)


def parsed_paths() -> set[str]:
    """The files whose parse the library index remembers."""
    with sqlite3.connect(library_index()) as db:
        return {path for (path,) in db.execute("SELECT path FROM parsed")}
