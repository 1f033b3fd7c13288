"""The grade normaliser: every printed form to {label, rank, printed}."""

from __future__ import annotations

import pytest

from ofsted_reader.grades import badge, grade_at_end, grade_in_sentence, parse_grade

CASES = [
    ("Grade 1 (outstanding)", "Outstanding", 1),
    ("Grade 2 (good)", "Good", 2),
    ("Grade 3 (adequate)", "Adequate", 3),
    ("Grade 4 (Inadequate)", "Inadequate", 4),
    ("Inadequate Grade 4", "Inadequate", 4),
    ("Good (Grade 2)", "Good", 2),
    ("Outstanding", "Outstanding", 1),
    ("Good", "Good", 2),
    ("GOOD", "Good", 2),
    ("good", "Good", 2),
    ("Adequate", "Adequate", 3),
    ("Requires improvement", "Requires improvement", 3),
    ("Requires Improvement", "Requires improvement", 3),
    ("Require improvement", "Requires improvement", 3),
    ("requires improvement to be good", "Requires improvement to be good", 3),
    ("Requires Improvement to be good", "Requires improvement to be good", 3),
    ("Requires\nimprovement", "Requires improvement", 3),
    ("Inadequate", "Inadequate", 4),
    ("inadequate", "Inadequate", 4),
    ("Not judged", "Not judged", None),
    ("NOT JUDGED", "Not judged", None),
    ("**Grade 1 (outstanding)**", "Outstanding", 1),
    ("Grade 3", "Adequate", 3),
]


@pytest.mark.parametrize(("printed", "label", "rank"), CASES)
def test_every_printed_form(printed: str, label: str, rank: int | None) -> None:
    grade = parse_grade(printed)
    assert grade is not None, printed
    assert (grade.label, grade.rank) == (label, rank)
    assert grade.printed == " ".join(printed.replace("*", " ").split())


@pytest.mark.parametrize("text", ["", "Goodness", "The good", "Good work was seen", "Grade 7", "grading", "Being healthy"])
def test_non_grades(text: str) -> None:
    assert parse_grade(text) is None


@pytest.mark.parametrize(
    ("heading", "title", "label"),
    [
        ("The impact of leaders on social work practice with children and families: good", "The impact of leaders on social work practice with children and families", "Good"),
        ("The experiences and progress of children in care is: inadequate", "The experiences and progress of children in care", "Inadequate"),
        ("Ambition and prioritisation**Grade 1 (outstanding)**", "Ambition and prioritisation", "Outstanding"),
        ("The contribution of health agencies to keeping children and young people safe Grade 2 (good)", "The contribution of health agencies to keeping children and young people safe", "Good"),
        ("Help and protection: requires improvement to be good", "Help and protection", "Requires improvement to be good"),
    ],
)
def test_grade_at_end_of_heading(heading: str, title: str, label: str) -> None:
    found = grade_at_end(heading)
    assert found is not None
    assert found[0] == title
    assert found[1].label == label


@pytest.mark.parametrize("heading", ["Being healthy", "Staying safe", "What is good", "Good practice"])
def test_titles_that_merely_contain_grade_words(heading: str) -> None:
    assert grade_at_end(heading) is None


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Children’s services in London Borough of Lambeth require improvement to be good", "Requires improvement to be good"),
        ("The overall judgement is good", "Good"),
        ("The Local Safeguarding Children Board requires improvement", "Requires improvement"),
        ("Children's services in Birmingham are inadequate", "Inadequate"),
        ("Children’s services in Essex are outstanding.", "Outstanding"),
    ],
)
def test_judgement_sentences(sentence: str, label: str) -> None:
    grade = grade_in_sentence(sentence)
    assert grade is not None and grade.label == label
    assert grade.printed == sentence.rstrip(".")


def test_badges_read_without_colour() -> None:
    assert [badge(parse_grade(g)) for g in ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")] == [
        "OUT",
        "GOOD",
        "ADEQ",
        "RI",
        "INAD",
    ]
    assert badge(None) == ""
