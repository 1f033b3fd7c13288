"""The library's table taken away: ``grades FOLDER --by report|recommendation --format
csv|md|xlsx`` (one row per report, the headline columns across frameworks; every
recommendation), the XLSX opened by openpyxl, and spreadsheet safety kept."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from library_support import text_copy, text_library
from test_cli import run
from test_hardening import _hostile_document
from ofsted_reader.table_export import csv_text, format_for, markdown_text, report_table, write_xlsx


def test_grades_folder_xlsx_one_row_per_report_opened_by_openpyxl(private_dirs, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    text_library(tmp_path / "lib", parse=False)
    out = tmp_path / "table.xlsx"
    result = run(private_dirs, "grades", str(tmp_path / "lib"), "--format", "xlsx", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "5 rows written to" in result.stderr and result.stdout == ""
    sheet = load_workbook(out).active
    assert sheet.title == "Reports" and sheet.freeze_panes == "A2"
    rows = list(sheet.values)
    assert rows[0] == ("Council", "Council as printed", "Family", "Inspection dates", "Inspected", "Published", "Overall",
                       "Help & protection", "Children in care", "Care leavers", "Leadership", "LSCB", "Warnings", "File")
    body = rows[1:]
    assert [(r[0], r[4]) for r in body] == [("Halton", "2011-02-07"), ("Kent", "2012-01-09"), ("Lambeth", "2010-11-01"),
                                            ("Lambeth", "2012-03-05"), ("York", "2010-05-03")]  # the library's order
    halton = body[0]
    assert halton[1] == "Halton Borough Council" and halton[2] == "SLAC" and halton[5] == "2011-03-25"
    assert halton[6:12] == ("Good", "Good", "Good", None, "Outstanding", None)  # not judged: an empty cell
    assert halton[12] == 6 and halton[13] == "halton.txt"


def test_grades_folder_markdown_and_csv_by_report(private_dirs, tmp_path: Path) -> None:
    text_library(tmp_path / "lib", parse=False)
    md = run(private_dirs, "grades", str(tmp_path / "lib"), "--format", "md")
    assert md.returncode == 0, md.stderr
    lines = md.stdout.splitlines()
    assert lines[0].startswith("| Council | Council as printed | Family |") and lines[1].startswith("|---|")
    assert len(lines) == 2 + 5 and "| Kent | Kent County Council | SLAC | 9 – 20 January 2012 |" in md.stdout
    result = run(private_dirs, "grades", str(tmp_path / "lib"), "--by", "report", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["Council"] for r in rows] == ["Halton", "Kent", "Lambeth", "Lambeth", "York"]
    assert rows[0]["Overall"] == "Good" and rows[0]["LSCB"] == ""
    data = json.loads(run(private_dirs, "grades", str(tmp_path / "lib"), "--by", "report", "--format", "json").stdout)
    assert data[0]["Council"] == "Halton" and data[0]["Care leavers"] is None
    # The judgement rows stay what they were.
    assert "key" in run(private_dirs, "grades", str(tmp_path / "lib"), "--format", "csv").stdout.splitlines()[0]


def test_grades_by_recommendation(private_dirs, tmp_path: Path) -> None:
    text_copy(tmp_path / "lib", "halton.txt", "Halton Borough Council")
    text_copy(tmp_path / "lib", "york.txt", "City of York Council", "3 – 14 May 2010")
    result = run(private_dirs, "grades", str(tmp_path / "lib"), "--by", "recommendation", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["Report", "Council", "Family", "Inspection dates", "Published", "Section", "Group", "Timescale",
                             "Number", "Recommendation", "File"]
    assert len(rows) == 20 and {r["Council"] for r in rows} == {"Halton", "York"}
    first = rows[0]
    assert first["Report"] == "Halton 2011" and first["Section"] == "Safeguarding services › Areas for improvement"
    assert first["Timescale"] == "Immediately" and first["Recommendation"].startswith("Ensure that case supervision")


def test_bad_combinations_are_one_line_and_exit_2(private_dirs, tmp_path: Path) -> None:
    result = run(private_dirs, "grades", "--by", "report", "--section", "leadership")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--section" in result.stderr
    result = run(private_dirs, "grades", "--by", "judgement", "--format", "xlsx")
    assert result.returncode == 2 and "one row per report" in result.stderr
    result = run(private_dirs, "grades", "--format", "xlsx", "--output", str(tmp_path / "missing" / "t.xlsx"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_report_rows_stay_safe_in_a_spreadsheet(private_dirs, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from ofsted_reader.document import dump_yaml, load_yaml

    path, council, _ = _hostile_document(tmp_path)
    doc = load_yaml(path.read_text(encoding="utf-8"))
    doc["source"]["sha256"] = "f" * 64  # a report of its own (not the sample the export just indexed)
    path.write_text(dump_yaml(doc), encoding="utf-8")
    result = run(private_dirs, "grades", "--by", "report", "--format", "csv", str(path))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["Council as printed"].startswith("'=HYPERLINK(")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    out = tmp_path / "hostile.xlsx"
    assert run(private_dirs, "grades", "--format", "xlsx", "-o", str(out), str(path)).returncode == 0
    cell = load_workbook(out).active["B2"]
    assert cell.value == council and cell.data_type == "s"  # kept as text, never a formula


def test_writers_directly(sample_report) -> None:
    from ofsted_reader.index import summary_of

    table = report_table([summary_of(sample_report, "x/halton.txt")])
    assert csv_text(table).splitlines()[1].startswith("Halton,Halton Borough Council,SLAC,")
    table[1][0][0] = "a | b\nc"
    assert "| a \\| b c |" in markdown_text(table)
    buffer = io.BytesIO()
    write_xlsx(table, buffer)
    assert buffer.getvalue()[:2] == b"PK"
    assert [format_for(n) for n in ("a.CSV", "b.md", "c.markdown", "d.xlsx", "e.txt", "f")] == ["csv", "md", "md", "xlsx", None, None]
