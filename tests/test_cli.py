"""The command line in a subprocess: outputs, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE_TEXT, env_for_subprocess


def run(private_dirs, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ofsted_reader", *args],
        capture_output=True,
        text=True,
        env=env_for_subprocess(private_dirs),
        timeout=120,
    )


def test_grades_prints_the_samples_20_judgements_with_keys(private_dirs) -> None:
    result = run(private_dirs, "grades")
    assert result.returncode == 0, result.stderr
    for key, name in [("1", "Overall effectiveness"), ("9", "Partnership working"), ("d", "Being healthy"), ("v", "Performance management")]:
        assert any(line.split("│")[1].strip() == key and name in line for line in result.stdout.splitlines() if "│" in line), key


def test_grades_json_rows(private_dirs) -> None:
    rows = json.loads(run(private_dirs, "grades", "--format", "json").stdout)
    assert len(rows) == 20
    assert {"key", "section", "name", "grade", "rank"} <= set(rows[0])
    assert rows[0]["key"] == "1" and rows[0]["grade"] == "Good" and rows[0]["rank"] == 2
    assert [r["key"] for r in rows] == list("123456789acdefiopruvw")[:20]


def test_grades_csv_shape(private_dirs) -> None:
    out = run(private_dirs, "grades", str(SAMPLE_TEXT), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 20
    assert list(rows[0]) == ["file", "report", "council", "la_code", "key", "section", "name", "grade", "rank", "printed"]
    assert (rows[0]["council"], rows[0]["la_code"]) == ("Halton", "876")
    assert rows[2]["name"] == "Children and young people are safe and feel safe"


@pytest.mark.parametrize(("wanted", "name"), [("d", "Being healthy"), ("staying safe", "Staying safe"), ("safeguarding-services/partnership-working", "Partnership working")])
def test_grades_section_selects_by_key_id_or_name(private_dirs, wanted: str, name: str) -> None:
    rows = json.loads(run(private_dirs, "grades", "--section", wanted, "--format", "json").stdout)
    assert [r["name"] for r in rows] == [name]


def test_grades_keys_are_the_readers_keys(private_dirs, sample_report) -> None:
    from ofsted_reader.keys import hotkeys

    rows = json.loads(run(private_dirs, "grades", "--format", "json").stdout)
    assert [(r["key"], r["section"]) for r in rows] == [(k, j.section) for k, j in hotkeys(sample_report.judgements)]


@pytest.mark.parametrize("fmt", ["yaml", "json", "markdown"])
def test_export_formats(private_dirs, fmt: str) -> None:
    result = run(private_dirs, "export", str(SAMPLE_TEXT), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "yaml":
        assert yaml.safe_load(result.stdout)["family"] == "SLAC"
    elif fmt == "json":
        assert json.loads(result.stdout)["metadata"]["local_authority"] == "Halton Borough Council"
    else:
        assert "### Overall effectiveness — Good (Grade 2 (good))" in result.stdout
        assert "**27.** Child protection conferences" in result.stdout
        assert "Immediately:\n\n- Ensure that case supervision offers challenge" in result.stdout


def test_cache_commands(private_dirs) -> None:
    assert run(private_dirs, "cache", "path").stdout.strip() == str(private_dirs["cache"])
    run(private_dirs, "grades")
    listing = run(private_dirs, "cache", "list").stdout
    assert "Halton 2011" in listing and "SLAC" in listing
    assert "removed 1 cached report" in run(private_dirs, "cache", "clear").stdout


def _one_line_error(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_path(private_dirs, tmp_path: Path) -> None:
    _one_line_error(run(private_dirs, "export", str(tmp_path / "nope.pdf")), "nope.pdf")
    _one_line_error(run(private_dirs, "grades", str(tmp_path / "nope.pdf")), "nope.pdf")


def test_folder_given_to_export(private_dirs, tmp_path: Path) -> None:
    _one_line_error(run(private_dirs, "export", str(tmp_path)), str(tmp_path))


def test_empty_file(private_dirs, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(private_dirs, "export", str(empty))
    _one_line_error(result, "empty.txt")
    assert "empty" in result.stderr


def test_binary_bytes(private_dirs, tmp_path: Path) -> None:
    binary = tmp_path / "report.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    _one_line_error(run(private_dirs, "export", str(binary)), "report.txt")


def test_unknown_file_type(private_dirs, tmp_path: Path) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    _one_line_error(run(private_dirs, "grades", str(image)), "photo.png")


def test_readable_text_that_is_no_report_opens_as_unknown(private_dirs, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\n\nEggs, milk and bread for the weekend.\n", encoding="utf-8")
    doc = json.loads(run(private_dirs, "export", str(notes), "--format", "json").stdout)
    assert doc["family"] == "UNKNOWN"
    assert doc["warnings"]


def test_paths_with_awkward_names(private_dirs, tmp_path: Path) -> None:
    for name in ("with space.txt", "quote'd \"x\".txt", "ünïcødé.txt", "-leading-dash.txt"):
        target = tmp_path / name
        target.write_bytes(SAMPLE_TEXT.read_bytes())
        result = run(private_dirs, "grades", "--format", "json", "--", str(target)) if name.startswith("-") else run(private_dirs, "grades", "--format", "json", str(target))
        assert result.returncode == 0, (name, result.stderr)
        assert len(json.loads(result.stdout)) == 20


def test_cp1252_text_is_decoded(private_dirs, tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(SAMPLE_TEXT.read_text(encoding="utf-8").replace("–", "-").encode("cp1252", errors="replace"))
    doc = json.loads(run(private_dirs, "export", str(legacy), "--format", "json").stdout)
    assert doc["family"] == "SLAC"
    assert "Her Majesty's Inspectors" in json.dumps(doc, ensure_ascii=False)
    assert "Ã" not in json.dumps(doc, ensure_ascii=False)


def _sif_like_report(tmp_path: Path) -> Path:
    """Judgements named as SIF and ILACS name them; the overall printed only as a sentence."""
    from ofsted_reader.document import dump_yaml
    from ofsted_reader.model import Grade, Judgement, Metadata, Report, Section, Source

    ri = Grade("Requires improvement", 3, "Requires improvement")
    report = Report(
        source=Source(name="sif.txt", sha256="cd" * 32, kind="text"),
        family="SIF",
        metadata=Metadata(local_authority="Testshire County Council", inspection_dates="6 November to 28 November 2017", published="30 January 2018"),
        sections=[Section(id="summary", title="Summary")],
        judgements=[
            Judgement("summary", "1. Children who need help and protection", ri),
            Judgement("summary", "The impact of leaders on social work practice with children and families", ri),
            Judgement("summary", "The experiences and progress of children in care and care leavers", ri),
        ],
        overall=Grade("Requires improvement to be good", 3, "Children’s services in Testshire require improvement to be good"),
    )
    path = tmp_path / "sif.yaml"
    path.write_text(dump_yaml(report.to_dict()), encoding="utf-8")
    return path


def test_an_overall_printed_as_a_sentence_is_a_row_of_its_own(private_dirs, tmp_path) -> None:
    path = _sif_like_report(tmp_path)
    rows = list(csv.DictReader(io.StringIO(run(private_dirs, "grades", str(path), "--format", "csv").stdout)))
    assert [r["name"] for r in rows][-1] == "Overall effectiveness"
    assert rows[-1]["key"] == "" and rows[-1]["grade"] == "Requires improvement to be good" and rows[-1]["printed"].startswith("Children’s services")
    assert rows[0]["report"] == "Testshire 2017"  # the inspection's year, not the publication's
    selected = json.loads(run(private_dirs, "grades", str(path), "--section", "overall", "--format", "json").stdout)
    assert [r["name"] for r in selected] == ["Overall effectiveness"]


@pytest.mark.parametrize(
    ("wanted", "names"),
    [
        ("leadership", ["The impact of leaders on social work practice with children and families"]),
        ("care leavers", ["The experiences and progress of children in care and care leavers"]),
        ("children in care", ["The experiences and progress of children in care and care leavers"]),
        ("help protection", ["1. Children who need help and protection"]),
    ],
)
def test_section_names_match_by_words_and_by_what_is_judged(private_dirs, tmp_path, wanted: str, names: list[str]) -> None:
    path = _sif_like_report(tmp_path)
    rows = json.loads(run(private_dirs, "grades", str(path), "--section", wanted, "--format", "json").stdout)
    assert [r["name"] for r in rows] == names


def test_a_letter_that_is_no_key_matches_nothing_and_prints_no_header(private_dirs, tmp_path) -> None:
    result = run(private_dirs, "grades", str(_sif_like_report(tmp_path)), "--section", "a", "--format", "csv")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        "ofsted-reader: no judgement matches 'a' (try a key: 1 2 3; a column: help, children in care, "
        "care leavers, leadership, lscb; or words of a judgement's name)"
    )


def test_markdown_gives_each_recommendation_once_under_its_timescale(sample_report) -> None:
    """Where the report prints them (the areas-for-improvement paragraph), not again at the end."""
    from ofsted_reader.markdown import render

    text = render(sample_report)
    for rec in sample_report.recommendations:
        printed = sum(other.text == rec.text for other in sample_report.recommendations)  # one item is in both parts
        assert text.count(rec.text) == printed, rec.text
    lac = text.index("**53.** In order to improve")
    assert lac < text.index("Within three months:", lac) < text.index("**54.**")
    assert "## Recommendations" not in text


@pytest.mark.parametrize("fails", [False, True])
def test_the_reader_starts_with_the_collector_off_and_leaves_it_on(monkeypatch, fails) -> None:
    """The launcher holds the cyclic collector off while the reader imports and starts (see
    ofsted_reader.startup); whatever happens in the reader, it is on again afterwards."""
    import argparse
    import gc

    from ofsted_reader import main
    from ofsted_reader.tui import app as app_module

    seen = []

    def fake_run(path, theme=None):
        seen.append(gc.isenabled())
        if fails:
            raise RuntimeError("the reader fell over")
        return 0

    monkeypatch.setattr(app_module, "run", fake_run)
    assert gc.isenabled()
    args = argparse.Namespace(path=str(SAMPLE_TEXT), theme=None)
    if fails:
        with pytest.raises(RuntimeError):
            main.read(args)
    else:
        assert main.read(args) == 0
    assert seen == [False]
    assert gc.isenabled()


def test_commands_run_with_a_young_collection_threshold_of_50000(private_dirs, capsys) -> None:
    """Set by ``main`` for every command (see ``startup.YOUNG_GC_THRESHOLD``); the other two generations'
    thresholds are left as they were."""
    import gc

    from ofsted_reader import startup
    from ofsted_reader.main import main

    before = gc.get_threshold()
    try:
        assert main(["cache", "path"]) == 0
        assert gc.get_threshold() == (startup.YOUNG_GC_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)
    assert capsys.readouterr().out.strip()


def test_grades_of_a_folder_with_no_report_is_one_line_and_exit_two(private_dirs, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run(private_dirs, "grades", str(tmp_path / "empty"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"ofsted-reader: no reports found in {tmp_path / 'empty'}"]


def test_grades_of_text_that_is_no_report_says_so_instead_of_an_empty_table(private_dirs, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\n\nEggs, milk and bread for the weekend.\n", encoding="utf-8")
    result = run(private_dirs, "grades", str(notes))
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"ofsted-reader: {notes}: ") and "does not look like an Ofsted" in line


def test_grades_section_over_a_folder_leaves_out_reports_without_it(private_dirs) -> None:
    from conftest import shared_path

    corpus = shared_path("corpus", "pdf")
    result = run(private_dirs, "grades", str(corpus), "--section", "care leavers")
    titles = [line for line in result.stdout.splitlines() if " · " in line and "│" not in line]
    assert titles and not any(family in line for line in titles for family in ("· SLAC", "· LSCB"))
    assert "┃ Key" in result.stdout and result.stdout.count("┃ Key") == len(titles)


def test_grades_table_sets_a_sif_overall_apart_from_the_lscb(private_dirs) -> None:
    from conftest import shared_path

    pdf = shared_path("corpus", "pdf", "sif-2015-09-18-peterborough.pdf")
    lines = run(private_dirs, "grades", str(pdf)).stdout.splitlines()
    overall = next(i for i, line in enumerate(lines) if "│ Overall effectiveness" in line)
    assert lines[overall - 1].startswith("├")  # a rule before it: not a row of the LSCB part above
