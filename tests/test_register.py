"""The council register: names however reports print them, predecessors, codes, unknown councils;
what the model, ``grades`` and the library make of it.  The register ships in the package:
nothing here needs ../shared (except the check that the shipped file is the table's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, env_for_subprocess, shared_path
from library_support import text_copy, variant, write_yaml
from ofsted_reader import register
from ofsted_reader.library import history, lineage_keys, missing, national_picture, neighbours_of
from ofsted_reader.model import Metadata, Report
from ofsted_reader.reports import open_report


@pytest.mark.parametrize(
    "printed, code",
    [
        ("Bedford Borough Council", "822"),
        ("Bedford Borough", "822"),
        ("Bedford", "822"),
        ("Leeds City Council", "383"),
        ("Leeds City", "383"),
        ("Newcastle upon Tyne", "391"),
        ("Newcastle Upon Tyne", "391"),
        ("Newcastle", "391"),
        ("Metropolitan Borough of Barnsley", "370"),
        ("Barnsley Metropolitan Borough Council", "370"),
        ("City of Bristol", "801"),
        ("Bristol, City of", "801"),
        ("Bristol City Council", "801"),
        ("City of London", "201"),
        ("City of London Corporation", "201"),
        ("Kingston upon Hull", "810"),
        ("Kingston Upon Hull City Council", "810"),
        ("Hull", "810"),
        ("Herefordshire Council", "884"),
        ("County of Herefordshire", "884"),
        ("Bournemouth, Christchurch and Poole", "839"),
        ("Bournemouth, Christchurch & Poole Council", "839"),
        ("BCP", "839"),
        ("London Borough of Tower Hamlets", "211"),
        ("Royal Borough of Kingston upon Thames", "314"),
        ("Brighton & Hove City Council", "846"),
        ("St Helens", "342"),
        ("St. Helens Council", "342"),
        ("Southend on Sea", "882"),
        ("Council of the Isles of Scilly", "420"),
        ("County Durham", "840"),
        ("Wakefield District Metropolitan Council", "384"),
        ("Cheshire East Unitary Authority", "895"),
        ("Tameside metropolitan borough", "357"),
        ("Medway Children’s Services", "887"),
        ("Surrey Safeguarding Children Board", "936"),
        ("Bradford Children and Families Trust", "380"),
        ("the London Borough of Ealing", "307"),
        ("Leeds local area partnership", "383"),  # area SEND inspections name the partnership
        ("Bournemouth, Christchurch and Poole Local Area SEND Partnership", "839"),
    ],
)
def test_name_variants_resolve_to_one_council(printed, code):
    council = register.resolve(printed)
    assert council is not None, printed
    assert council.la_code == code


def test_every_current_council_has_names_no_other_council_shares():
    current = [c for c in register.councils() if c.current]
    assert len(current) == 153
    for council in current:
        for name in (council.name, *council.aliases):
            assert register.resolve(name) == council, name


@pytest.mark.parametrize(
    "printed, when, code, successors",
    [
        ("Northamptonshire County Council", "2019-01-14", "928", {"940", "941"}),
        ("Cumbria County Council", "2022-06-01", "909", {"942", "943"}),
        ("Bournemouth Borough Council", "2016-03-01", "837", {"839"}),
        ("Borough of Poole", "2017-05-01", "836", {"839"}),
        ("Dorset County Council", "2016-03-01", "835", {"838"}),
        ("Dorset", "2016-03-01", "835", {"838"}),  # the county, before 2019
    ],
)
def test_predecessors_resolve_with_their_successors(printed, when, code, successors):
    council = register.resolve(printed, when)
    assert council is not None and council.la_code == code
    assert not council.current and set(council.successors) == successors
    for successor in successors:
        after = register.by_code(successor)
        assert after is not None and after.current and code in after.predecessors
        assert council in register.lineage(after)


def test_a_name_two_councils_had_goes_to_the_one_that_existed_then():
    assert register.resolve("Dorset", "2021-11-19").la_code == "838"
    assert register.resolve("Dorset", 2016).la_code == "835"
    assert register.resolve("Dorset").la_code == "838"  # no date: the council that exists now


def test_unknown_names_resolve_to_nothing():
    for printed in ("Narnia County Council", "", "   ", "Council", "London Borough of", "Borough Council " * 5000 + "Kent"):
        assert register.resolve(printed) is None, printed[:40]


def test_codes_and_neighbours():
    barking = register.by_code("301")
    assert barking.name == "Barking and Dagenham" and barking.gss_code == "E09000002" and barking.region == "London"
    assert register.by_code("E09000002") == barking and register.find("301") == barking == register.find("barking-and-dagenham")
    assert register.by_code("E08000016") == register.by_code("370")  # Barnsley's GSS code before 2025
    near = register.neighbours(barking)
    assert len(near) == 10 and near[0].la_code == "308"
    assert len(register.regions()) == 9


def test_metadata_resolves_and_old_documents_get_the_council_as_they_are_read(sample_report):
    meta = Metadata(local_authority="Metropolitan Borough of Barnsley", inspection_dates="7 – 18 February 2011")
    assert meta.resolve_council().la_code == "370"
    assert (meta.council_id, meta.la_code, meta.gss_code) == ("barnsley", "370", "E08000038")
    data = sample_report.to_dict()
    assert data["metadata"]["la_code"] == "876"  # Halton
    for key in ("council_id", "la_code", "gss_code"):
        del data["metadata"][key]
    assert Report.from_dict(data).metadata.la_code == "876"  # a document saved before the register


def test_an_unknown_council_keeps_its_printed_name_with_a_warning(tmp_path):
    path = text_copy(tmp_path, "narnia.txt", "Narnia County Council")
    report = open_report(path).report
    assert report.metadata.local_authority == "Narnia County Council"
    assert report.metadata.council_id is None and report.metadata.la_code is None
    assert any("Narnia County Council" in w and "not in the register" in w for w in report.warnings)
    known = open_report(text_copy(tmp_path, "york.txt", "City of York Council")).report
    assert known.metadata.council_id == "york" and not any("register" in w for w in known.warnings)


def summaries(folder: Path):
    from ofsted_reader.index import Index
    from ofsted_reader.library import scan
    from ofsted_reader.source import report_files

    files, _ = report_files([str(folder)])
    with Index() as index:
        return scan(files, index).rows


def test_history_follows_a_council_across_names_and_predecessors(tmp_path, sample_report):
    folder = tmp_path / "lib"
    write_yaml(variant(sample_report, council="Bedford Borough Council", dates="9 – 20 January 2017"), folder, "a.yaml")
    write_yaml(variant(sample_report, council="Bedford Borough", dates="1 – 12 November 2021", overall=2), folder, "b.yaml")
    write_yaml(variant(sample_report, council="Bedford", dates="7 – 18 July 2025", overall=3), folder, "c.yaml")
    write_yaml(variant(sample_report, council="Northamptonshire County Council", dates="1 – 12 July 2019"), folder, "n.yaml")
    write_yaml(variant(sample_report, council="West Northamptonshire Council", dates="1 – 12 October 2022"), folder, "w.yaml")
    rows = summaries(folder)
    bedford = [r for r in rows if r.la_code == "822"]
    assert len(bedford) == 3 and {r.name for r in bedford} == {"Bedford Borough"}
    assert [r.sort_date[:4] for r in history(rows, lineage_keys(bedford[-1]))] == ["2017", "2021", "2025"]
    west = next(r for r in rows if r.la_code == "941")
    assert [(r.name, r.sort_date[:4]) for r in history(rows, lineage_keys(west))] == [("Northamptonshire", "2019"),
                                                                                   ("West Northamptonshire", "2022")]
    north = register.by_code("940")
    assert north not in missing(rows)  # its predecessor's report is here
    gone = missing(rows, "East of England")
    assert register.by_code("822") not in gone and register.by_code("873") in gone  # Cambridgeshire has none
    near = neighbours_of(rows, register.by_code("822"))
    assert near[0][1] is not None and near[0][1].sort_date.startswith("2025")  # the latest inspection
    assert [c.la_code for c, _ in near[1:]] == list(register.by_code("822").neighbours)
    assert dict((c.la_code, row is not None) for c, row in near)["941"] is True  # West Northamptonshire is a neighbour


def test_national_picture_counts_each_council_once_a_year(tmp_path, sample_report):
    folder = tmp_path / "lib"
    write_yaml(variant(sample_report, council="Kent", dates="9 – 20 January 2023", overall=2), folder, "a.yaml")
    write_yaml(variant(sample_report, council="Kent County Council", dates="9 – 20 June 2023", overall=3), folder, "b.yaml")
    write_yaml(variant(sample_report, council="Essex", dates="9 – 20 June 2023", overall=1), folder, "c.yaml")
    write_yaml(variant(sample_report, council="Essex", dates="9 – 20 June 2024", overall=4), folder, "d.yaml")
    pictures = national_picture(summaries(folder), "overall")
    assert [(p.year, dict(p.counts)) for p in pictures] == [("2023", {3: 1, 1: 1}), ("2024", {4: 1})]


# --------------------------------------------------------------------------- grades --council


def run(private_dirs, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ofsted_reader", *args], capture_output=True, text=True,
                          env=env_for_subprocess(private_dirs), timeout=120)


def test_grades_rows_carry_council_and_la_code_and_filter_by_council(tmp_path, private_dirs, sample_report):
    folder = tmp_path / "lib"
    write_yaml(variant(sample_report, council="Metropolitan Borough of Barnsley", dates="9 – 20 January 2014"), folder, "a.yaml")
    write_yaml(variant(sample_report, council="Barnsley", dates="9 – 20 January 2023"), folder, "b.yaml")
    write_yaml(variant(sample_report, council="City of London", dates="9 – 20 January 2020"), folder, "c.yaml")
    result = run(private_dirs, "grades", str(folder), "--format", "json", "--section", "overall")
    rows = json.loads(result.stdout)
    assert {(r["council"], r["la_code"]) for r in rows} == {("Barnsley", "370"), ("City of London", "201")}
    for wanted in ("370", "Barnsley", "metropolitan borough of barnsley", "E08000038"):
        result = run(private_dirs, "grades", str(folder), "--format", "csv", "--council", wanted)
        assert result.returncode == 0, result.stderr
        header, *lines = result.stdout.splitlines()
        assert header.startswith("file,report,council,la_code,")
        assert lines and all(",Barnsley,370," in line for line in lines)
    result = run(private_dirs, "grades", str(folder), "--council", "999")
    assert result.returncode == 2 and "999" in result.stderr and "Traceback" not in result.stderr
    result = run(private_dirs, "grades", str(folder), "--council", "Kent")
    assert result.returncode == 2 and "Kent" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- the shipped file


def test_the_shipped_register_is_what_the_build_script_makes_of_the_table(tmp_path, monkeypatch):
    table = shared_path("data", "la_lookup.csv")
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import build_register
    finally:
        sys.path.remove(str(REPO / "tools"))
    built = build_register.build(table)
    shipped = json.loads(register.DATA.read_text(encoding="utf-8"))["councils"]
    assert built == shipped, "run tools/build_register.py to rebuild src/ofsted_reader/data/councils.json"


def test_register_check_reports_each_folders_council(tmp_path, capsys):
    """tools/register_check.py over a corpus laid out one folder per council (``<urn>_<name>/``)."""
    corpus = tmp_path / "corpus"
    text_copy(corpus / "80428_bedford", "a.txt", "Bedford Borough Council", "9 – 20 January 2017")
    text_copy(corpus / "80428_bedford", "b.txt", "Bedford", "7 – 18 July 2025")
    text_copy(corpus / "2637548_west northamptonshire", "c.txt", "Northamptonshire County Council", "1 – 12 July 2019")
    lookup = tmp_path / "lookup.csv"
    lookup.write_text("urn,la_code\n80428,822\n2637548,941\n80486,301\n", encoding="utf-8")
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import register_check
    finally:
        sys.path.remove(str(REPO / "tools"))
    assert register_check.main([str(corpus), str(lookup)]) == 0
    out = capsys.readouterr().out
    for line in ("folders: 2", "reports: 3", "on their folder's council: 3", "on a predecessor of their folder's council: 1",
                 "wrong council: 0", "unresolved: 0", "folders with one register entry: 2"):
        assert line in out.splitlines(), line
    text_copy(corpus / "80486_barking and dagenham", "d.txt", "Halton Borough Council")  # in the wrong folder
    assert register_check.main([str(corpus), str(lookup)]) == 1
    out = capsys.readouterr().out
    assert "wrong council: 1" in out and "80486_barking and dagenham/d.txt: 'Halton Borough Council' → halton" in out
