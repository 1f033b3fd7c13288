"""The schema-1 document: to_dict/from_dict round trip, shape as DESIGN.md shows."""

from __future__ import annotations

from ofsted_reader.model import SCHEMA, Report


def test_round_trip_is_exact(sample_report: Report) -> None:
    data = sample_report.to_dict()
    assert Report.from_dict(data).to_dict() == data


def test_top_level_keys_follow_the_design(sample_report: Report) -> None:
    data = sample_report.to_dict()
    for key in (
        "schema", "parser", "source", "family", "metadata", "grade_scale", "judgements", "overall",
        "sections", "recommendations", "record_of_main_findings", "warnings",
    ):
        assert key in data
    assert data["schema"] == SCHEMA
    assert set(data["source"]) == {"name", "sha256", "kind", "pages"}
    assert data["source"]["kind"] == "text" and data["source"]["pages"] is None
    assert {"title", "local_authority", "inspection_dates", "lead_inspector", "published"} <= set(data["metadata"])
    judgement = data["judgements"][0]
    assert set(judgement) == {"section", "name", "grade"}
    assert set(judgement["grade"]) == {"label", "rank", "printed"}
    cover, section = data["sections"][:2]
    assert cover["title"] == "Cover" and cover["blocks"][0] == {"kind": "text", "text": "Inspection of safeguarding and looked after children services"}
    assert set(section) == {"id", "title", "grade", "blocks", "children"}
    assert section["blocks"][0] == {"kind": "paragraph", "number": 1, "text": section["blocks"][0]["text"], "bullets": []}
    rec = data["recommendations"][0]
    assert {"section", "timescale", "text"} <= set(rec)
    assert set(data["record_of_main_findings"][0]) == {"row", "grade"}


def test_every_judgement_points_at_a_section(sample_report: Report) -> None:
    for judgement in sample_report.judgements:
        section = sample_report.section(judgement.section)
        assert section is not None and section.grade == judgement.grade


def test_short_name_for_citations(sample_report: Report) -> None:
    assert sample_report.short_name() == "Halton 2011"
