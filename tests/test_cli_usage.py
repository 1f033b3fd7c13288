"""The command line's usage: every command defaults to the sample, a mistyped command is named,
a command's wrong option shows that command's usage, and messages that say what to do."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import env_for_subprocess


def run(private_dirs, *args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ofsted_reader", *args],
        capture_output=True, text=True, env=env_for_subprocess(private_dirs), timeout=120, cwd=cwd,
    )


def test_parse_without_a_path_parses_the_sample(private_dirs):
    result = run(private_dirs, "parse")
    assert result.returncode == 0, result.stderr
    assert "1 parsed" in result.stdout + result.stderr
    assert len(list(private_dirs["cache"].glob("*.yaml"))) == 1
    again = run(private_dirs, "parse")
    assert again.returncode == 0 and "1 already cached" in again.stdout + again.stderr


@pytest.mark.parametrize("typed, meant", [("grade", "grades"), ("exprot", "export"), ("pars", "parse"), ("cahce", "cache")])
def test_a_mistyped_command_is_named_with_the_one_meant(private_dirs, tmp_path, typed, meant):
    result = run(private_dirs, typed, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"ofsted-reader: unknown command '{typed}' (did you mean {meant}?)\n"


def test_a_file_named_like_a_command_is_a_path_and_a_missing_path_is_said(private_dirs, tmp_path, monkeypatch):
    from ofsted_reader.cli import unknown_command

    result = run(private_dirs, "nothing-like-it", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr == "ofsted-reader: nothing-like-it: no such file or folder\n"
    monkeypatch.chdir(tmp_path)
    assert unknown_command("grade") is not None
    (tmp_path / "grade").write_text("not a report at all\n")
    assert unknown_command("grade") is None  # a file by that name: it is a path
    assert unknown_command("report.pdf") is None and unknown_command("-x") is None


@pytest.mark.parametrize("command", ["grades", "export", "parse", "cache"])
def test_a_wrong_option_shows_the_commands_own_usage(private_dirs, command):
    args = [command, "list", "--bogus"] if command == "cache" else [command, "--bogus"]
    result = run(private_dirs, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"usage: ofsted-reader {command} ")
    assert f"ofsted-reader {command}: error: unrecognized arguments: --bogus" in result.stderr
    assert "{grades,export,parse,cache}" not in result.stderr


def test_a_section_that_matches_nothing_says_what_would(private_dirs):
    result = run(private_dirs, "grades", "--section", "zzz")
    assert result.returncode == 2 and result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("ofsted-reader: no judgement matches 'zzz' (try a key: 1 2 3 4 5 6 7 8 9 a c ")
    assert "a column: help, children in care, care leavers, leadership, lscb" in line
    for suggestion in ("1", "help", "children in care"):  # each works
        assert run(private_dirs, "grades", "--section", suggestion, "--format", "json").returncode == 0


def test_cache_list_counts_in_words(private_dirs):
    empty = run(private_dirs, "cache", "list")
    assert empty.returncode == 0
    assert empty.stdout.strip() == f"no cached reports in {private_dirs['cache']}"
    run(private_dirs, "parse")
    one = run(private_dirs, "cache", "list")
    assert one.stdout.startswith(f"1 cached report in {private_dirs['cache']}") and "halton-2011.txt" in one.stdout
