"""The YAML cache: hits, misses for anything doubtful, atomic writes, privacy."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE_TEXT
from ofsted_reader import cache, reports
from ofsted_reader.cli import grade_card
from ofsted_reader.document import dump_yaml, yaml_codec
from ofsted_reader.index import fast_path_failures
from ofsted_reader.paths import cache_dir
from ofsted_reader.source import sha256


def _entry() -> Path:
    return cache.entry_path(sha256(SAMPLE_TEXT.read_bytes()))


def test_miss_then_hit_round_trip() -> None:
    first = reports.open_report(SAMPLE_TEXT)
    assert not first.cached
    assert _entry().exists()
    second = reports.open_report(SAMPLE_TEXT)
    assert second.cached
    assert second.report.to_dict() == first.report.to_dict()


def test_dir_and_file_are_private() -> None:
    reports.open_report(SAMPLE_TEXT)
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(_entry().stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "",  # empty
        lambda text: "\x00\xff garbage {{{",  # corrupt
        lambda text: "just: [a, foreign, document]\n",  # foreign
        lambda text: text.replace("schema: 2", "schema: 99", 1),  # another schema
        lambda text: text.replace("parser: ", "parser: '0.0.0-old' #", 1),  # another parser version
    ],
    ids=["truncated", "empty", "corrupt", "foreign", "other-schema", "old-parser"],
)
def test_damaged_entry_is_a_miss_and_gets_replaced(damage) -> None:
    good = reports.open_report(SAMPLE_TEXT).report.to_dict()
    entry = _entry()
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8", errors="surrogateescape")
    again = reports.open_report(SAMPLE_TEXT)
    assert not again.cached
    assert again.report.to_dict() == good
    assert cache.load(sha256(SAMPLE_TEXT.read_bytes())) is not None


def test_entry_for_another_source_is_not_trusted() -> None:
    reports.open_report(SAMPLE_TEXT)
    entry = _entry()
    text = entry.read_text(encoding="utf-8").replace(sha256(SAMPLE_TEXT.read_bytes()), "0" * 64)
    entry.write_text(text, encoding="utf-8")
    assert cache.load(sha256(SAMPLE_TEXT.read_bytes())) is None


def test_python_yaml_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    reports.open_report(SAMPLE_TEXT)
    entry = _entry()
    payload = f"!!python/object/apply:os.system ['touch {marker}']\n"
    entry.write_text("schema: 1\nparser: x\nsource: " + payload, encoding="utf-8")
    report = reports.open_report(SAMPLE_TEXT)
    assert not report.cached
    assert not marker.exists()
    # and a saved document with such a tag opened directly is refused, not run
    doc = tmp_path / "evil.yaml"
    doc.write_text("schema: 1\nsource: " + payload, encoding="utf-8")
    from ofsted_reader.errors import InputError

    with pytest.raises(InputError):
        reports.open_report(doc)
    assert not marker.exists()


def test_exported_yaml_opens_directly(tmp_path: Path) -> None:
    report = reports.open_report(SAMPLE_TEXT).report
    saved = tmp_path / "halton.yaml"
    saved.write_text(dump_yaml(report.to_dict()), encoding="utf-8")
    opened = reports.open_report(saved)
    assert opened.report.to_dict() == report.to_dict()


def test_crash_between_write_and_rename_keeps_the_old_entry(tmp_path: Path, private_dirs) -> None:
    """SIGKILL while the new entry is written but not yet renamed: the old entry stays valid."""
    good = reports.open_report(SAMPLE_TEXT).report
    entry = _entry()
    before = entry.read_bytes()
    ready = tmp_path / "ready"
    script = textwrap.dedent(
        f"""
        import time, pathlib
        from ofsted_reader import cache
        from ofsted_reader.ingest import parse_file
        report = parse_file({str(SAMPLE_TEXT)!r})
        report.warnings.append("newer")
        def pause(temp):
            pathlib.Path({str(ready)!r}).write_text(str(temp))
            time.sleep(60)
        cache.before_replace = pause
        cache.store(report)
        """
    )
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        for _ in range(300):
            if ready.exists() or proc.poll() is not None:
                break
            import time

            time.sleep(0.05)
        assert ready.exists(), "the writer never reached the rename"
        proc.kill()
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert entry.read_bytes() == before
    assert cache.load(good.source.sha256).to_dict() == good.to_dict()
    # the orphaned temp file is ours to clean, and is not an entry
    assert all(p.name.startswith((".tmp-", "library.sqlite3")) or p == entry for p in cache_dir().iterdir())
    cache.clear()
    assert list(cache_dir().iterdir()) == []


def test_clear_removes_only_our_files() -> None:
    reports.open_report(SAMPLE_TEXT)
    other = cache_dir() / "notes.txt"
    other.write_text("mine", encoding="utf-8")
    assert cache.clear() == 1
    assert other.exists()


def test_unwritable_cache_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "ro"
    blocked.mkdir()
    blocked.chmod(0o500)
    monkeypatch.setenv("OFSTED_READER_CACHE", str(blocked / "sub"))
    if os.access(blocked, os.W_OK):  # running as root: permissions don't bind; use a file in the way instead
        monkeypatch.setenv("OFSTED_READER_CACHE", str(SAMPLE_TEXT))
    cache.warned.clear()
    opened = reports.open_report(SAMPLE_TEXT)
    assert opened.report.family == "SLAC" and not opened.cached
    assert len(cache.warned) == 1


def test_libyaml_is_used_when_present() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    _, loader, dumper = yaml_codec()
    assert loader is yaml.CSafeLoader and issubclass(dumper, yaml.CSafeDumper)


def test_two_processes_parsing_the_same_file_at_once(private_dirs) -> None:
    """Both succeed and leave exactly one valid entry (atomic rename, last writer wins)."""
    from conftest import REPO, env_for_subprocess

    pdf = REPO / "sample_reports" / "halton-2011.pdf"
    env = env_for_subprocess(private_dirs)
    procs = [
        subprocess.Popen([sys.executable, "-m", "ofsted_reader", "grades", str(pdf), "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e.decode()[-500:] for _, e in outputs]
    assert outputs[0][0] == outputs[1][0]
    entries = cache.entries()
    assert len(entries) == 1
    assert cache.load(entries[0].stem) is not None
    assert not list(cache_dir().glob(".tmp-*"))


# -- a file the index knows opens without being read or hashed -----------------------------


def _at_rest_copy(folder: Path, name: str = "halton.txt") -> Path:
    from conftest import at_rest

    path = folder / name
    path.write_bytes(SAMPLE_TEXT.read_bytes())
    at_rest(path)
    return path


def _count_hashing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from ofsted_reader import source

    calls: list[int] = []
    real = source.sha256
    monkeypatch.setattr(source, "sha256", lambda data: calls.append(len(data)) or real(data))
    return calls


def test_an_unchanged_file_opens_from_the_cache_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ofsted_reader import source

    path = _at_rest_copy(tmp_path)
    first = reports.open_report(path)
    assert not first.cached
    monkeypatch.setattr(source, "read", lambda p: pytest.fail(f"read {p}"))
    monkeypatch.setattr(source, "sha256", lambda data: pytest.fail("hashed the file"))
    again = reports.open_report(path)
    assert again.cached and again.report.to_dict() == first.report.to_dict()


def test_a_file_changed_in_place_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _at_rest_copy(tmp_path)
    reports.open_report(path)
    # Same size, other bytes, another (old) mtime: an edit made in place.
    text = path.read_text(encoding="utf-8").replace("Halton Borough Council", "Hilton Borough Council")
    path.write_text(text, encoding="utf-8")
    os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 7200))
    calls = _count_hashing(monkeypatch)
    opened = reports.open_report(path)
    assert calls and not opened.cached
    assert opened.report.metadata.local_authority == "Hilton Borough Council"


def test_a_file_written_a_moment_ago_is_hashed_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its mtime has not settled: a rewrite within the same tick and size would look unchanged."""
    path = tmp_path / "fresh.txt"
    path.write_bytes(SAMPLE_TEXT.read_bytes())
    reports.open_report(path)
    calls = _count_hashing(monkeypatch)
    assert reports.open_report(path).cached and reports.open_report(path).cached
    assert len(calls) == 2


def test_a_copy_of_a_cached_report_is_hashed_once_then_known(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports.open_report(_at_rest_copy(tmp_path, "a.txt"))
    copy = _at_rest_copy(tmp_path, "b.txt")
    calls = _count_hashing(monkeypatch)
    assert reports.open_report(copy).cached and len(calls) == 1
    assert reports.open_report(copy).cached and len(calls) == 1


def test_a_saved_document_is_read_as_written_even_when_the_index_knows_it(tmp_path: Path) -> None:
    from conftest import at_rest
    from ofsted_reader.index import Index

    report = reports.open_report(SAMPLE_TEXT).report
    saved = tmp_path / "halton.yaml"
    data = report.to_dict()
    data["metadata"]["title"] = "Edited by hand"
    saved.write_text(dump_yaml(data), encoding="utf-8")
    at_rest(saved)
    with Index() as index:
        index.remember(saved, report.source.sha256)  # as a library scan of the folder would
    assert reports.open_report(saved).report.metadata.title == "Edited by hand"


def test_the_index_is_found_whatever_the_cache_folder_is_called(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index is opened read-only through a URI: '#', '?', '%' and spaces in the folder's
    name must not cut it short (the file would then never be known, and re-read every time)."""
    from ofsted_reader import source

    monkeypatch.setenv("OFSTED_READER_CACHE", str(tmp_path / "odd #1? 100% cache"))
    path = _at_rest_copy(tmp_path)
    reports.open_report(path)
    monkeypatch.setattr(source, "sha256", lambda data: pytest.fail("hashed a file the index knows"))
    assert reports.open_report(path).cached
    assert grade_card(path)["rows"]


# -- what the review of the file memo found ---------------------------------------------


def _edited_export(path: Path, council: str) -> Path:
    from conftest import at_rest
    from ofsted_reader.ingest import parse_file

    data = parse_file(SAMPLE_TEXT).to_dict()  # made elsewhere: this cache has never seen the source
    data["metadata"]["local_authority"] = council
    path.write_text(dump_yaml(data), encoding="utf-8")
    at_rest(path)
    return path


def test_a_saved_document_with_any_name_always_opens_as_written(tmp_path: Path) -> None:
    reports.open_report(SAMPLE_TEXT)  # its source is in the cache
    doc = _edited_export(tmp_path / "doc.txt", "Edited Borough Council")  # a YAML export, not named .yaml
    for _ in range(2):
        assert grade_card(doc)["title"].startswith("Edited Borough Council")
        assert reports.open_report(doc).report.metadata.local_authority == "Edited Borough Council"


def test_a_saved_document_never_stands_for_its_source_in_the_index(tmp_path: Path) -> None:
    from ofsted_reader.index import Index
    from ofsted_reader.library import scan

    source = _at_rest_copy(tmp_path)
    doc = _edited_export(tmp_path / "edited.yaml", "Nowhere Borough Council")
    grade_card(doc)
    with Index() as index:
        scan([doc], index)  # the library lists the document
    for _ in range(2):  # cold (made from the report), then warm (from the index)
        assert grade_card(source)["title"].startswith("Halton Borough Council")


def test_a_file_changed_while_it_is_parsed_is_not_remembered_with_the_old_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import at_rest
    from ofsted_reader import ingest

    path = _at_rest_copy(tmp_path)
    parse = ingest.parse

    def rewritten_meanwhile(src, **kwargs):
        report = parse(src, **kwargs)
        path.write_text(path.read_text(encoding="utf-8").replace("Halton Borough Council", "Widnes Borough Council"), encoding="utf-8")
        at_rest(path)  # and long enough ago to look settled
        return report

    monkeypatch.setattr(ingest, "parse", rewritten_meanwhile)
    assert reports.open_report(path).report.metadata.local_authority == "Halton Borough Council"
    monkeypatch.setattr(ingest, "parse", parse)
    assert reports.open_report(path).report.metadata.local_authority == "Widnes Borough Council"
    assert grade_card(path)["title"].startswith("Widnes")


def test_a_file_replaced_by_one_of_the_same_size_and_mtime_is_read_again(tmp_path: Path) -> None:
    path = _at_rest_copy(tmp_path)
    reports.open_report(path)
    new = tmp_path / "new.txt"
    new.write_text(path.read_text(encoding="utf-8").replace("Halton Borough Council", "Hilton Borough Council"), encoding="utf-8")
    st = path.stat()
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r
    os.replace(new, path)  # mv
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert reports.open_report(path).report.metadata.local_authority == "Hilton Borough Council"
    assert grade_card(path)["title"].startswith("Hilton")


def test_a_file_name_that_is_not_utf8_works_cold_and_warm(tmp_path: Path) -> None:
    from conftest import at_rest

    reports.open_report(_at_rest_copy(tmp_path, "ok.txt"))
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    odd.write_bytes(SAMPLE_TEXT.read_bytes().replace(b"Halton Borough Council", b"Odd Borough Council"))
    at_rest(odd)
    for _ in range(2):
        opened = reports.open_report(odd)
        assert opened.report.metadata.local_authority == "Odd Borough Council"
        assert opened.report.source.name == "caf\ufffd.txt"
        assert grade_card(odd)["rows"]


def test_a_grade_card_of_another_shape_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import sqlite3

    path = _at_rest_copy(tmp_path)
    expected = grade_card(path)
    with sqlite3.connect(cache_dir() / "library.sqlite3") as db:
        db.execute("UPDATE reports SET card = ?", ('{"title": "x"}',))
    with caplog.at_level("DEBUG", logger="ofsted_reader"):
        assert grade_card(path) == expected
    assert fast_path_failures.pop("card") == 1  # counted and logged, not swallowed
    assert any("fast path card failed" in r.getMessage() for r in caplog.records)


def test_a_damaged_index_is_a_slow_road_said_at_debug_level(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A fast path over an index that is not a database: the file is opened, the answer is
    right, and the failure is logged and counted (a bug here shows, it is not just slowness)."""
    path = _at_rest_copy(tmp_path)
    expected = grade_card(path)
    (cache_dir() / "library.sqlite3").write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (cache_dir() / f"library.sqlite3{suffix}").unlink(missing_ok=True)
    with caplog.at_level("DEBUG", logger="ofsted_reader"):
        assert grade_card(path) == expected
    assert sum(fast_path_failures.values()) >= 1
    fast_path_failures.clear()
    assert any("fast path" in r.getMessage() for r in caplog.records)
