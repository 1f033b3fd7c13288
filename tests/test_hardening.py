"""Hardening, round two (issue 15): what a hostile file sender or a hostile neighbour on a shared
server finds in an afternoon.  One test (or a few) per case of the issue; each failed on the
main branch it was written against.  Big inputs are made here, at test time.

Every refusal is one plain line on stderr and exit 2, never a traceback, and nothing reaches
the cache for a refused file.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_TEXT, at_rest, env_for_subprocess
from hostile import (
    LINES,
    bomb_pdf,
    dense_page_pdf,
    heading_sizes_pdf,
    run_cli,
    run_cli_unprivileged,
    surrogate_pdf,
    text_pdf,
    unprivileged_user,
    world_tmp,
)


def run(private_dirs, *args: str, timeout: float = 120, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process; ``memory``: its address space is capped (bytes), so a bomb
    that gets through fails the test instead of the machine."""

    def cap() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "ofsted_reader", *args],
        capture_output=True,
        text=True,
        env=env_for_subprocess(private_dirs),
        timeout=timeout,
        preexec_fn=cap,
    )


def one_line(result: subprocess.CompletedProcess[str] | tuple[int, str, str], *words: str) -> str:
    """The single stderr line of a refusal (exit 2), holding ``words`` (a batch's summary line aside)."""
    code, _, err = result if isinstance(result, tuple) else (result.returncode, result.stdout, result.stderr)
    assert code == 2, (code, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    lines = [line for line in err.strip().splitlines() if not re.match(r"\d+ parsed, \d+ already cached", line)]
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def no_entries(private_dirs) -> bool:
    cache = private_dirs["cache"]
    return not cache.exists() or not list(cache.glob("*.yaml"))


GIB = 1024**3
MIB = 1024**2


# -- crashes --------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_a_lone_surrogate_in_pdf_text_becomes_u_fffd(private_dirs, tmp_path: Path, engine: str) -> None:
    """pypdfium2 gives U+D800 for a glyph a ToUnicode map sends there; no UTF-8 can hold it, so
    the YAML dump failed (UnicodeEncodeError)."""
    pdf = tmp_path / "surrogate.pdf"
    pdf.write_bytes(surrogate_pdf())
    result = run(private_dirs, "export", "--format", "json", "--engine", engine, str(pdf))
    assert result.returncode == 0, result.stderr[-2000:]
    text = json.loads(result.stdout)["sections"][0]["blocks"][0]["text"]
    assert "Overall effectiveness" in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    if engine == "pdfium":
        assert "\ufffd" in text


def test_a_lone_surrogate_pdf_in_a_folder_stops_neither_parse_nor_grades(private_dirs, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "surrogate.pdf").write_bytes(surrogate_pdf())
    shutil.copy(SAMPLE_TEXT, folder / "halton.txt")
    parsed = run(private_dirs, "parse", str(folder))
    assert parsed.returncode == 0 and "2 parsed" in parsed.stderr and "Traceback" not in parsed.stderr, parsed.stderr
    grades = run(private_dirs, "grades", "--format", "csv", str(folder))
    assert grades.returncode == 2 and "Traceback" not in grades.stderr  # the surrogate PDF has no grades: one line
    assert "Halton 2011" in grades.stdout and grades.stderr.count("\n") == 1 and "surrogate.pdf" in grades.stderr


def test_a_damaged_pdf_read_by_pdfminer_is_still_one_line(private_dirs, tmp_path: Path) -> None:
    """Found by the fuzzer: pdfminer logs what it makes of a damaged file ("Invalid MediaBox in
    /Page, defaulting to US Letter"), and with no logging set up Python printed it on stderr."""
    pdf = tmp_path / "mediabox.pdf"
    pdf.write_bytes(text_pdf(LINES).replace(b"/MediaBox [0 0 612 792]", b"/MediaBox [0 0 612]"))
    one_line(run(private_dirs, "export", "--engine", "plumber", str(pdf)), "mediabox.pdf", "damaged PDF")


@pytest.mark.parametrize("command", ["export", "grades", "parse"])
def test_a_file_inside_an_unreadable_folder_is_one_line(command: str) -> None:
    """As a user for whom a mode-000 folder is closed, ``Path.is_dir()`` raised PermissionError."""
    base = world_tmp()
    try:
        locked = base / "locked"
        locked.mkdir()
        shutil.copy(SAMPLE_TEXT, locked / "report.txt")
        locked.chmod(0o000)
        env = _private_env_for_other_user(base)
        line = one_line(run_cli_unprivileged([command, str(locked / "report.txt")], env), "report.txt", "permission denied")
        assert "Traceback" not in line
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


def test_parse_of_a_folder_names_the_subfolder_it_cannot_read() -> None:
    """It skipped it silently, and said all was well."""
    base = world_tmp()
    try:
        shutil.copy(SAMPLE_TEXT, base / "readable.txt")
        (base / "readable.txt").chmod(0o644)
        locked = base / "locked"
        locked.mkdir()
        shutil.copy(SAMPLE_TEXT, locked / "report.txt")
        locked.chmod(0o000)
        env = _private_env_for_other_user(base)
        code, _, err = run_cli_unprivileged(["parse", str(base)], env)
        assert code == 2 and "Traceback" not in err, err
        assert "1 parsed" in err and "locked" in err and "permission denied" in err, err
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


def _private_env_for_other_user(base: Path) -> dict[str, str]:
    """Cache, data and config folders the user the command runs as owns."""
    env = dict(os.environ)
    ids = unprivileged_user()
    for name, var in (("cache", "OFSTED_READER_CACHE"), ("data", "OFSTED_READER_DATA"), ("config", "OFSTED_READER_CONFIG")):
        folder = base / f".{name}"
        folder.mkdir(mode=0o700)
        if ids:
            os.chown(folder, *ids)
        env[var] = str(folder)
    return env


# -- hangs and memory ------------------------------------------------------------------------


def test_a_fifo_named_like_a_report_is_refused_not_waited_on(private_dirs, tmp_path: Path) -> None:
    """(Already refused on main by the is-it-a-regular-file check; the open itself is now
    non-blocking, so a FIFO swapped in after that check cannot hang it either.)"""
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    one_line(run(private_dirs, "parse", str(fifo), timeout=30), "x.txt", "not a regular file")
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "y.txt")
    shutil.copy(SAMPLE_TEXT, folder / "halton.txt")
    result = run(private_dirs, "parse", str(folder), timeout=30)
    assert result.returncode == 2 and "y.txt: not a regular file" in result.stderr and "1 parsed" in result.stderr


def test_source_read_does_not_block_on_a_fifo(tmp_path: Path) -> None:
    from ofsted_reader.errors import InputError
    from ofsted_reader.source import read

    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read(fifo)  # an open() without O_NONBLOCK waits here for a writer


def _seconds(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _grows_linearly(run, small: int, times: int = 16) -> tuple[float, float]:
    """The best of three timings of ``run(small)`` and of ``run(small * times)``.  Linear work takes
    about ``times`` as long, quadratic work ``times`` squared; the bound sits at three times linear so
    that a busy CI machine (one slow run of the pair) does not fail it, while quadratic still would."""
    few = min(_seconds(run(small)) for _ in range(3))
    many = min(_seconds(run(small * times)) for _ in range(2))
    assert many < 3 * times * few, (few, many)
    return few, many


def test_a_repeated_judgement_is_structured_in_linear_time() -> None:
    """``Overall effectiveness / Inadequate`` repeated: every section id was found by trying -2, -3, …
    from the start each time (16,000 copies: 25 s).  Sixteen times the copies must take about
    sixteen times as long, not 256 (a ratio, so that the test holds on a slow machine too)."""
    from ofsted_reader.ingest import parse
    from ofsted_reader.source import from_bytes

    def run(copies: int):
        return lambda: parse(from_bytes("repeated.txt", b"Overall effectiveness\nInadequate\n\n" * copies))

    _grows_linearly(run, 500)
    report = parse(from_bytes("repeated.txt", b"Overall effectiveness\nInadequate\n\n" * 3))
    ids = [s.id for s in report.sections]
    assert len(ids) == len(set(ids)) and ids[-1] == "overall-effectiveness-3"


def test_outline_ids_stay_the_same_and_unique() -> None:
    from ofsted_reader.ingest.structure.common import Outline

    outline = Outline()
    assert [outline.add(t).id for t in ["A", "A", "A 2", "A", "A", "A 3"]] == ["a", "a-2", "a-2-2", "a-3", "a-4", "a-3-2"]
    assert len({s.id for s in outline.roots}) == len(outline.roots)

    def run(titles: int):
        fresh = Outline()
        return lambda: [fresh.add("Same title") for _ in range(titles)]

    _grows_linearly(run, 2_000)


HUGE_TEXT = {
    "repeated.txt": (lambda: b"Overall effectiveness\nInadequate\n\n" * 200_000, "2,000,000"),  # 6.8 MB: an hour on main
    "numbered.txt": (lambda: b"".join(b"%d. The local authority has made progress since the last visit.\n" % (i % 999 + 1) for i in range(180_000)), "8 MiB"),
    "grades.txt": (lambda: b"Good\nInadequate\nRequires improvement\nOutstanding\n" * 250_000, "8 MiB"),
}


@pytest.mark.parametrize("name", HUGE_TEXT)
def test_a_huge_text_report_is_refused_at_once_by_a_limit(private_dirs, tmp_path: Path, name: str) -> None:
    """6.8 MB of one repeated judgement took about an hour, 12 MB of numbered paragraphs 97 s,
    11 MB of grade words 1.7 GB: each is now past a stated limit and refused in a moment."""
    make, limit = HUGE_TEXT[name]
    path = tmp_path / name
    path.write_bytes(make())
    started = time.perf_counter()
    line = one_line(run(private_dirs, "export", str(path), timeout=60, memory=GIB), name, "the limit is " + limit)
    assert time.perf_counter() - started < 10, line
    assert no_entries(private_dirs)


def test_more_judgements_than_hotkeys_is_no_crash(private_dirs, tmp_path: Path) -> None:
    """Past 529 judgements (23 x 23 two-keystroke codes) ``hotkey_codes`` raised ValueError."""
    path = tmp_path / "many.txt"
    path.write_text("".join(f"Judgement number {i}: Good\n\n" for i in range(600)), encoding="utf-8")
    result = run(private_dirs, "grades", "--format", "json", str(path))
    assert result.returncode == 0, result.stderr[-2000:]
    rows = json.loads(result.stdout)
    assert len(rows) == 600 and rows[0]["key"] == "11" and rows[528]["key"] == "zz" and rows[529]["key"] == rows[599]["key"] == ""


def test_a_pdf_of_hundreds_of_heading_sizes_nests_its_outline_no_deeper_than_twelve(private_dirs, tmp_path: Path) -> None:
    """Found while fuzzing: each heading a little smaller than the last made an outline 400
    levels deep, and writing its cache entry hit Python's recursion limit (a traceback)."""
    pdf = tmp_path / "headings.pdf"
    pdf.write_bytes(heading_sizes_pdf())
    result = run(private_dirs, "export", "--format", "json", str(pdf))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]

    def depth(section: dict) -> int:
        return 1 + max((depth(c) for c in section["children"]), default=0)

    assert max(depth(s) for s in json.loads(result.stdout)["sections"]) <= 12


def _saved(tmp_path: Path, name: str, change) -> Path:
    """The sample's saved document, changed by ``change(doc)`` (a dict), written as YAML text."""
    from ofsted_reader.document import dump_yaml
    from ofsted_reader.ingest import parse_file

    doc = parse_file(SAMPLE_TEXT).to_dict()
    text = change(doc) or dump_yaml(doc)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_saved_document_nested_hundreds_deep_is_refused(private_dirs, tmp_path: Path) -> None:
    """Found while fuzzing: 300 nested sections loaded, then export recursed past the limit."""

    def nest(doc: dict) -> None:
        section = doc["sections"][0]
        for i in range(300):
            child = {"id": f"deep-{i}", "title": "Deeper", "grade": None, "blocks": [], "children": []}
            section["children"] = [child]
            section = child

    path = _saved(tmp_path, "deep.json", lambda doc: nest(doc) or json.dumps(doc))
    for command in ("export", "grades"):
        one_line(run(private_dirs, command, str(path)), "deep.json", "not an ofsted-reader document")


@pytest.mark.parametrize("value", ["!!binary AAAA", "[1, 2]", "2011-03-25", "true"])
def test_a_saved_document_with_a_value_of_the_wrong_type_is_refused(private_dirs, tmp_path: Path, value: str) -> None:
    """Found while fuzzing: ``rank: !!binary AAAA`` loaded as bytes, and the JSON export failed."""
    from ofsted_reader.document import dump_yaml

    def retype(doc: dict) -> str:
        doc["judgements"][0]["grade"]["rank"] = 777  # a judgement's grade, as the fuzzer's input had it
        return dump_yaml(doc).replace("rank: 777", f"rank: {value}")

    path = _saved(tmp_path, "typed.yaml", retype)
    assert f"rank: {value}" in path.read_text(encoding="utf-8")
    for command in ("export", "grades"):
        one_line(run(private_dirs, command, "--format", "json", str(path)), "typed.yaml", "not an ofsted-reader document")


def _laughs(tmp_path: Path) -> Path:
    """A saved document (the sample's export) whose first paragraph is nine-fold nested aliases:
    84 KB standing for 387 million strings."""
    from ofsted_reader.document import dump_yaml
    from ofsted_reader.ingest import parse_file

    doc = dump_yaml(parse_file(SAMPLE_TEXT).to_dict())
    lol = ['x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lol += [f"x{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    head, sep, rest = doc.partition("\nsections:")
    marker = "\n        text: "
    cut = rest.index(marker) + len(marker)
    rest = rest[:cut] + "*a9" + rest[rest.index("\n", cut) :]
    path = tmp_path / "laughs.yaml"
    path.write_text(head + "\n" + "\n".join(lol) + sep + rest, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["export", "grades"])
def test_a_saved_yaml_with_nested_aliases_is_refused_before_it_grows(private_dirs, tmp_path: Path, command: str) -> None:
    path = _laughs(tmp_path)
    assert path.stat().st_size < 100_000
    one_line(run(private_dirs, command, str(path), timeout=60, memory=2 * GIB), "laughs.yaml", "aliases")


def test_our_yaml_never_holds_an_alias() -> None:
    from ofsted_reader.document import dump_yaml, load_yaml

    shared = {"label": "Good", "rank": 2}
    text = dump_yaml({"a": shared, "b": shared, "c": [shared, shared]})
    assert "&" not in text and "*" not in text
    assert load_yaml(text) == {"a": shared, "b": shared, "c": [shared, shared]}


@pytest.mark.parametrize("wrap", ["chained", "hex", "a85", "indirect", "hidden", "rl"])
def test_a_flate_bomb_is_refused_by_the_stream_limit(private_dirs, tmp_path: Path, wrap: str) -> None:
    """2.5 KB of nested Flate took 2.1 GB, then was refused as "no text layer"."""
    pdf = tmp_path / f"bomb-{wrap}.pdf"
    pdf.write_bytes(bomb_pdf(2048 if wrap != "rl" else 64, wrap))
    assert pdf.stat().st_size < 16_000
    started = time.perf_counter()
    line = one_line(run(private_dirs, "export", str(pdf), memory=GIB), pdf.name, "decompressed", "the limit is 16 MiB")
    assert time.perf_counter() - started < 15, line
    assert no_entries(private_dirs)


def test_real_reports_are_far_inside_the_stream_limit() -> None:
    from conftest import REPO
    from ofsted_reader.ingest.pdf.check import stream_bytes

    sample = REPO / "sample_reports" / "halton-2011.pdf"
    assert stream_bytes(sample.read_bytes(), sample.name) < 2 * MIB


def test_an_encrypted_pdf_with_an_empty_password_still_opens(private_dirs, tmp_path: Path) -> None:
    """Its streams are deciphered to be counted (pdfminer), then it reads as before."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "permissions-only.pdf"
    c = canvas.Canvas(str(pdf), encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, "Minutes of the allotment society, which met on Tuesday.")
    c.showPage()
    c.save()
    result = run(private_dirs, "export", "--format", "json", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "allotment" in result.stdout


def test_too_many_pages_is_refused_by_the_page_limit(private_dirs, tmp_path: Path) -> None:
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(text_pdf(b"BT /F1 12 Tf 72 720 Td (A page) Tj ET", pages=1001))
    one_line(run(private_dirs, "export", str(pdf)), "pages.pdf", "too many pages", "1,001 pages", "the limit is 1,000")


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_a_page_with_too_much_text_is_refused_before_it_is_read(private_dirs, tmp_path: Path, engine: str) -> None:
    """2 MiB of text operators on one page: 17 s and 430 MB to read before; the page's count of
    characters is now checked first."""
    pdf = tmp_path / "dense.pdf"
    pdf.write_bytes(dense_page_pdf(100_000))
    started = time.perf_counter()
    one_line(run(private_dirs, "export", "--engine", engine, str(pdf), memory=GIB), "dense.pdf", "too much text on page 1", "50,000 a page")
    assert engine == "plumber" or time.perf_counter() - started < 10


def test_the_time_limit_refuses_with_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from ofsted_reader import limits
    from ofsted_reader.errors import InputError
    from ofsted_reader.ingest import parse
    from ofsted_reader.source import read

    monkeypatch.setattr(limits, "MAX_SECONDS", 0.0)
    with pytest.raises(InputError, match=r"took too long to parse \(over 0 s; the limit is 0 s\)"):
        parse(read(SAMPLE_TEXT))


def test_text_past_the_line_limit_is_refused(private_dirs, tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"x\n" * 50_001)
    one_line(run(private_dirs, "export", str(path)), "lines.txt", "too many lines", "the limit is 50,000")


# -- wrong data and trust ----------------------------------------------------------------------


def test_the_same_content_under_another_name_opens_under_its_own_name(private_dirs, tmp_path: Path) -> None:
    """The cache is keyed by content: ``export b.txt`` said ``"name": "a.txt"``."""
    for name in ("a.txt", "b.txt"):
        shutil.copy(SAMPLE_TEXT, tmp_path / name)
    at_rest(tmp_path / "a.txt", tmp_path / "b.txt")
    for _ in range(2):  # read and hashed, then known to the index without reading
        for name in ("a.txt", "b.txt"):
            result = run(private_dirs, "export", "--format", "json", str(tmp_path / name))
            assert result.returncode == 0 and json.loads(result.stdout)["source"]["name"] == name


def test_a_dangling_link_as_the_index_makes_nothing_outside_the_cache(private_dirs, tmp_path: Path) -> None:
    cache = private_dirs["cache"]
    cache.mkdir(mode=0o700)
    outside = tmp_path / "outside.sqlite3"
    (cache / "library.sqlite3").symlink_to(outside)
    result = run(private_dirs, "export", str(SAMPLE_TEXT))
    assert result.returncode == 0, result.stderr
    assert not outside.exists()
    assert not (cache / "library.sqlite3").is_symlink() and (cache / "library.sqlite3").is_file()
    assert result.stderr.count("warning") == 1 and "link" in result.stderr


def test_a_link_to_another_database_as_the_index_leaves_it_whole(private_dirs, tmp_path: Path) -> None:
    import sqlite3

    cache = private_dirs["cache"]
    cache.mkdir(mode=0o700)
    theirs = tmp_path / "theirs.sqlite3"
    with sqlite3.connect(theirs) as db:
        db.execute("CREATE TABLE reports (id INTEGER, note TEXT)")
        db.execute("INSERT INTO reports VALUES (1, 'keep me')")
    db.close()
    before = theirs.read_bytes()
    (cache / "library.sqlite3").symlink_to(theirs)
    assert run(private_dirs, "grades", str(SAMPLE_TEXT)).returncode == 0
    assert run(private_dirs, "grades", str(SAMPLE_TEXT)).returncode == 0  # the warm road too
    assert theirs.read_bytes() == before
    with sqlite3.connect(theirs) as db:
        assert db.execute("SELECT note FROM reports").fetchall() == [("keep me",)]
    db.close()


def test_a_shared_cache_folder_keeps_its_mode_and_gets_a_private_folder(private_dirs, tmp_path: Path) -> None:
    """``OFSTED_READER_CACHE`` at an existing 1777 folder: it was chmodded to 0700, breaking it
    for everyone else."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    private_dirs["cache"] = shared
    result = run(private_dirs, "grades", str(SAMPLE_TEXT))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert result.stderr.count("warning") == 1 and "private folder" in result.stderr
    (private,) = list(shared.iterdir())
    assert private.name.endswith(f"-{os.geteuid()}") and stat.S_IMODE(private.stat().st_mode) == 0o700
    assert list(private.glob("*.yaml"))


@pytest.mark.parametrize("owner", ["another user", "me"])
def test_an_entry_planted_in_a_folder_others_can_write_is_never_served(private_dirs, tmp_path: Path, owner: str) -> None:
    """A 0777 cache folder (another user's, or the user's own) was used without a word, and an
    entry planted there was served: ``grades`` printed "Inadequate" for a report that says "Good"."""
    from ofsted_reader import cache
    from ofsted_reader.ingest import parse_file
    from ofsted_reader.model import Grade

    ids = unprivileged_user() if owner == "another user" else None
    if owner == "another user" and ids is None:
        pytest.skip("needs root to make a folder that belongs to another user")
    folder = tmp_path / "open"
    folder.mkdir()
    report = parse_file(SAMPLE_TEXT)
    report.judgements[0].grade = Grade("Inadequate", 4, "Grade 4 (inadequate)")
    (folder / f"{report.source.sha256}.yaml").write_bytes(cache.entry_bytes(report))
    folder.chmod(0o777)
    if ids:
        os.chown(folder, *ids)
    private_dirs["cache"] = folder
    result = run(private_dirs, "grades", "--format", "csv", str(SAMPLE_TEXT))
    assert result.returncode == 0, result.stderr
    assert "Inadequate" not in result.stdout and "Overall effectiveness,Good" in result.stdout
    assert result.stderr.count("\n") == 1 and "warning" in result.stderr and "not using the cache folder" in result.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777 and len(list(folder.iterdir())) == 1


def _hostile_document(tmp_path: Path) -> tuple[Path, str, str]:
    """A saved document whose council reads ``=HYPERLINK(…)`` and whose first judgement's name
    carries ESC, OSC and U+202E."""
    from ofsted_reader.document import dump_yaml, load_yaml

    result = subprocess.run(
        [sys.executable, "-m", "ofsted_reader", "export", str(SAMPLE_TEXT)], capture_output=True, text=True, env={**os.environ}, timeout=60
    )
    doc = load_yaml(result.stdout)
    council = '=HYPERLINK("http://example.invalid/?"&A1,"Halton")'
    name = "\x1b]0;pwned\x07Overall \x1b[31meffectiveness\u202e"
    doc["metadata"]["local_authority"] = council
    for key in ("council_id", "la_code", "gss_code"):  # found again as it is read: no council, the name as printed
        doc["metadata"].pop(key, None)
    doc["judgements"][0]["name"] = name
    doc["judgements"][1]["grade"]["label"] = "Outstanding\x1b]52;c;cHduZWQ=\x07"
    path = tmp_path / "hostile.yaml"
    path.write_text(dump_yaml(doc), encoding="utf-8")
    return path, council, name


def test_grades_csv_neutralises_formulas_and_strips_controls(private_dirs, tmp_path: Path) -> None:
    import csv
    import io

    path, council, name = _hostile_document(tmp_path)
    result = run(private_dirs, "grades", "--format", "csv", str(path))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())
    assert rows[0]["report"].startswith("'=HYPERLINK(") and rows[0]["council"].startswith("'=HYPERLINK(")
    assert rows[0]["la_code"] == ""
    assert rows[0]["name"] == "]0;pwnedOverall [31meffectiveness"


def test_grades_json_keeps_the_exact_text(private_dirs, tmp_path: Path) -> None:
    path, council, name = _hostile_document(tmp_path)
    result = run(private_dirs, "grades", "--format", "json", str(path))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout  # escaped as \u001b: exact once parsed, inert on a terminal
    rows = json.loads(result.stdout)
    assert rows[0]["name"] == name and council in rows[0]["report"]


def test_grades_table_passes_no_escape_raw(private_dirs, tmp_path: Path) -> None:
    path, _, _ = _hostile_document(tmp_path)
    result = run(private_dirs, "grades", str(path))
    assert result.returncode == 0, result.stderr
    assert "\x1b]" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout


def test_cache_list_passes_no_escape_raw(private_dirs) -> None:
    from ofsted_reader import cache
    from ofsted_reader.ingest import parse_file

    report = parse_file(SAMPLE_TEXT)
    report.family = "SLAC\x1b]0;pwned\x07"
    report.parser = "\u202e0.2.0"
    private_dirs["cache"].mkdir(mode=0o700)
    (private_dirs["cache"] / f"{report.source.sha256}.yaml").write_bytes(cache.entry_bytes(report))
    result = run(private_dirs, "cache", "list")
    assert result.returncode == 0, result.stderr
    assert "\x1b]" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout


@pytest.mark.parametrize("body", [b"- a\n- b\n", b"theme: ofsted-light\n", b"[1, 2, 3]\n"])
@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_a_yaml_that_is_no_saved_report_is_refused(private_dirs, tmp_path: Path, body: bytes, suffix: str) -> None:
    """(Already refused on main since source.read; kept so it stays so.)"""
    path = tmp_path / f"config{suffix}"
    path.write_bytes(body)
    one_line(run(private_dirs, "export", str(path)), path.name, "not an ofsted-reader document")


def test_one_byte_over_the_size_limit_never_reads_as_the_limit(private_dirs, tmp_path: Path) -> None:
    """It said "(20 MB; the limit is 20 MB)", and called binary megabytes MB."""
    path = tmp_path / "over.txt"
    with path.open("wb") as handle:
        handle.truncate(8 * MIB + 1)
    line = one_line(run(private_dirs, "export", str(path)), "over.txt", "too large")
    assert "(8.1 MiB; the limit is 8 MiB)" in line


@pytest.mark.parametrize("size, shown", [(MIB * 20, "20 MiB"), (MIB * 20 + 1, "20.1 MiB"), (int(MIB * 20.05), "20.1 MiB"), (MIB * 21 - 1, "21.0 MiB")])
def test_sizes_are_binary_megabytes_rounded_up(size: int, shown: str) -> None:
    from ofsted_reader.limits import mib

    assert mib(size) == shown
