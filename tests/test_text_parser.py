"""The plain-text parser on the seed report, against the hand-verified gold."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import SAMPLE_TEXT, shared_path
from ofsted_reader.ingest import parse_file
from ofsted_reader.ingest.structure.common import COVER
from ofsted_reader.model import Block, Report, Section


def outline(sections: list[Section]) -> list[dict[str, Any]]:
    """Our tree in the gold's shape: title, grade, paragraph numbers, children (the gold lists the
    body's sections: the cover page, our first section, is not among them)."""
    if sections and sections[0].title == COVER:
        sections = sections[1:]
    out = []
    for s in sections:
        node: dict[str, Any] = {"title": s.title}
        if s.grade:
            node["grade"] = {"grade": s.grade.rank, "label": s.grade.label}
        numbers = [b.number for b in s.blocks if b.kind == "paragraph"]
        if numbers:
            node["paragraphs"] = numbers
        if s.children:
            node["children"] = outline(s.children)
        out.append(node)
    return out


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return yaml.safe_load(shared_path("gold", "halton-2011.gold.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> Report:
    # The copy in sample_reports is the seed byte for byte (checked below when ../shared is there).
    return parse_file(SAMPLE_TEXT)


# ---- facts that hold without ../shared (a fresh clone) ----------------------------------


def test_seed_in_a_clean_clone(seed: Report) -> None:
    assert seed.family == "SLAC"
    assert seed.metadata.local_authority == "Halton Borough Council"
    assert seed.metadata.published == "2011-03-25"
    assert len(seed.judgements) == 20
    assert [b.number for _, b in seed.paragraphs()] == list(range(1, 96))
    assert len(seed.recommendations) == 10
    assert len(seed.record_of_main_findings) == 28
    assert seed.overall is not None and seed.overall.label == "Good"
    ids = [s.id for s in seed.walk()]
    assert len(ids) == len(set(ids))


def test_seed_copy_is_the_seed() -> None:
    assert SAMPLE_TEXT.read_bytes() == shared_path("gold", "halton-2011.txt").read_bytes()


# ---- against the gold ------------------------------------------------------------------


def test_metadata(seed: Report, gold: dict[str, Any]) -> None:
    g = gold["metadata"]
    m = seed.metadata
    assert m.title == g["title"]
    assert m.local_authority == g["local_authority"]
    assert m.inspection_dates == g["inspection_dates"]
    assert m.lead_inspector == g["reporting_inspector"]
    assert m.age_group == g["age_group"]
    assert m.published == g["published"]


def test_grade_scale(seed: Report, gold: dict[str, Any]) -> None:
    assert [(e.rank, e.label, e.meaning) for e in seed.grade_scale] == [
        (g["grade"], g["label"], g["meaning"]) for g in gold["grade_scale"]
    ]


def test_contents_list(seed: Report, gold: dict[str, Any]) -> None:
    assert [(c.title, c.page) for c in seed.contents] == [(c["title"], c["page"]) for c in gold["contents"]]


def test_outline_in_reading_order(seed: Report, gold: dict[str, Any]) -> None:
    assert outline(seed.sections) == gold["sections"]


def listed(section: Section, block: Block) -> int:
    """The list a paragraph introduces: its bullets, or the items (recommendations, each a block of
    its own) that follow it before the next paragraph."""
    after = section.blocks[section.blocks.index(block) + 1 :]
    items = 0
    for b in after:
        if b.kind == "paragraph":
            break
        items += b.kind == "item"
    return len(block.bullets) + items


def test_all_95_paragraphs(seed: Report, gold: dict[str, Any]) -> None:
    ours = {b.number: (s, b) for s, b in seed.paragraphs()}
    assert sorted(ours) == sorted(gold["paragraphs"])
    for number, expected in gold["paragraphs"].items():
        section, block = ours[number]
        assert block.text.startswith(expected["starts"]), number
        assert block.text.endswith(expected["ends"]), (number, block.text[-60:])
        assert listed(section, block) == expected["bullets"], number


def test_areas_for_improvement(seed: Report, gold: dict[str, Any]) -> None:
    expected = [
        (area["section"], area["paragraph"], action["timescale"], action["text"])
        for area in gold["areas_for_improvement"]
        for action in area["actions"]
    ]
    ours = []
    for rec in seed.recommendations:
        section = seed.section(rec.section)
        assert section is not None
        paragraph = next(b.number for b in section.blocks if b.kind == "paragraph")
        ours.append((rec.group, paragraph, rec.timescale, rec.text))
    assert ours == expected


def test_record_of_main_findings(seed: Report, gold: dict[str, Any]) -> None:
    assert [r.to_dict() for r in seed.record_of_main_findings] == gold["record_of_main_findings"]


def test_consistency_warnings(seed: Report, gold: dict[str, Any]) -> None:
    """Each placement and not-in-body disagreement in the gold is a warning naming row and judgement."""
    wanted = [d for d in gold["record_vs_body_disagreements"] if d["kind"] in ("top_level_placement", "not_in_body")]
    assert len(wanted) == 6
    for d in wanted:
        hits = [w for w in seed.warnings if f"'{d['judgement']}'" in w and f"row {d['record_row']}" in w]
        assert len(hits) == 1, (d, seed.warnings)
        assert d["record_under"] in hits[0]
        if d["body_under"]:
            assert d["body_under"] in hits[0]
    assert len(seed.warnings) == len(wanted)


def test_export_json_matches_gold_end_to_end(gold: dict[str, Any], tmp_path) -> None:
    """`export <seed> --format json` is the same document the checks above look at."""
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "ofsted_reader", "export", str(shared_path("gold", "halton-2011.txt")), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    doc = Report.from_dict(json.loads(out))
    assert outline(doc.sections) == gold["sections"]
    assert [r.to_dict() for r in doc.record_of_main_findings] == gold["record_of_main_findings"]
    assert len(doc.recommendations) == sum(len(a["actions"]) for a in gold["areas_for_improvement"])
    assert doc.metadata.lead_inspector == gold["metadata"]["reporting_inspector"]
