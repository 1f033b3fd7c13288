"""One normaliser for every way a report prints a grade.

Reports print grades as ``Grade 2 (good)``, ``Inadequate Grade 4``, ``Good (Grade 2)``,
``Requires Improvement to be good``, ``Require improvement``, ``Not judged``... in any
case.  :func:`parse_grade` turns a string that *is* a grade into a :class:`Grade`
(label, rank, printed); :func:`grade_at_end` finds one at the end of a heading
("... is: inadequate").  One rank scale serves every family:
1 Outstanding, 2 Good, 3 Adequate / Requires improvement (to be good), 4 Inadequate.

Area SEND inspections have their own three outcomes (:data:`SEND_OUTCOMES`), printed as a
sentence and ranked on their own scale: :func:`send_outcome` reads one.  Their ranks are
never compared with the four grades above (see :func:`scale_of`).
"""

from __future__ import annotations

import re

from ofsted_reader.model import Grade

OUTSTANDING = "Outstanding"
GOOD = "Good"
ADEQUATE = "Adequate"
REQUIRES_IMPROVEMENT = "Requires improvement"
REQUIRES_IMPROVEMENT_TO_BE_GOOD = "Requires improvement to be good"
INADEQUATE = "Inadequate"
NOT_JUDGED = "Not judged"

RANKS: dict[str, int | None] = {
    OUTSTANDING: 1,
    GOOD: 2,
    ADEQUATE: 3,
    REQUIRES_IMPROVEMENT: 3,
    REQUIRES_IMPROVEMENT_TO_BE_GOOD: 3,
    INADEQUATE: 4,
    NOT_JUDGED: None,
}

LABEL_FOR_RANK = {1: OUTSTANDING, 2: GOOD, 3: ADEQUATE, 4: INADEQUATE}

# Patterns as strings, compiled (and cached by ``re``) on first use: a reader opening a
# cached report parses no grades, and compiling them is a few milliseconds of its start.
# The word forms, most specific first.  Whitespace inside may be any run (grades wrap).
_WORD = r"""(?ix)
        (?P<ri>requires?\s+improvement(?P<tbg>\s+to\s+be\s+good)?)
      | (?P<inad>inadequate)
      | (?P<out>outstanding)
      | (?P<good>good)
      | (?P<adeq>adequate)
      | (?P<nj>not\s+judged)"""
_NUMBER = r"(?i)grade\s*(?P<num>[1-4])"
_LEFTOVER = r"^[\s()\[\],:.\-–—]*$"


def _word_label(match: re.Match[str]) -> str:
    if match.group("ri"):
        return REQUIRES_IMPROVEMENT_TO_BE_GOOD if match.group("tbg") else REQUIRES_IMPROVEMENT
    for key, label in (("inad", INADEQUATE), ("out", OUTSTANDING), ("good", GOOD), ("adeq", ADEQUATE)):
        if match.group(key):
            return label
    return NOT_JUDGED


def _clean(printed: str) -> str:
    return " ".join(printed.split())


def make_grade(label: str, printed: str | None = None) -> Grade:
    """A Grade for a canonical label (as in :data:`RANKS`)."""
    return Grade(label=label, rank=RANKS[label], printed=_clean(printed if printed is not None else label))


def parse_grade(text: str | None) -> Grade | None:
    """The Grade that ``text`` is, or None if ``text`` is not just a grade.

    Accepts a grade word, ``Grade N``, or both in either order with brackets
    (``Grade 2 (good)``, ``Inadequate Grade 4``, ``Good (Grade 2)``), any case,
    wrapped over lines, with markdown ``**`` around it.

    >>> parse_grade("Grade 2 (good)")
    Grade(label='Good', rank=2, printed='Grade 2 (good)')
    """
    if not text:
        return None
    printed = _clean(text.replace("*", " ")).strip(" .:")
    if not printed or len(printed) > 60:
        return None
    rest = printed
    number = re.search(_NUMBER, rest)
    if number:
        rest = rest[: number.start()] + " " + rest[number.end() :]
    word = re.search(_WORD, rest)
    if word:
        rest = rest[: word.start()] + " " + rest[word.end() :]
    if not (number or word) or not re.match(_LEFTOVER, rest):
        return None
    label = _word_label(word) if word else LABEL_FOR_RANK[int(number.group("num"))]
    return make_grade(label, printed)


_GRADE_TAIL = (
    r"(?i)(?:(?P<sep>[:–—-]|\bGrade\s*[1-4])\s*|\s)(?P<tail>(?:Grade\s*[1-4]\s*)?\(?(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good|adequate|not\s+judged)\)?(?:\s*Grade\s*[1-4])?|Grade\s*[1-4])\s*\.?$"
)


def grade_at_end(text: str) -> tuple[str, Grade] | None:
    """Split a heading that ends with a grade ("Leaders: good", "X Grade 2 (good)").

    Returns ``(rest, grade)`` with the separator removed from ``rest``, or None.
    Only a grade set off by a colon (also "is:"), a dash or ``Grade N`` counts, so ordinary
    titles that end in a grade word ("Being good") are left alone.
    """
    compact = _clean(text.replace("*", " "))
    match = re.search(_GRADE_TAIL, compact)
    if not match:
        return None
    tail = match.group("tail")
    sep = match.group("sep") or ""
    if not sep and not re.match(r"grade", tail, re.IGNORECASE) and not re.search(r"grade\s*[1-4]$", tail, re.I):
        return None
    grade = parse_grade(tail)
    if grade is None:
        return None
    if sep.lower().startswith("grade"):  # "Good Grade 2" style: the separator is part of the grade
        grade = parse_grade(sep + " " + tail) or grade
    rest = re.sub(r"\s+is$", "", compact[: match.start()].rstrip(" :–—-"))
    if not rest:
        return None
    return rest, grade


def grade_in_sentence(sentence: str) -> Grade | None:
    """The grade a judgement sentence gives ("Children's services in X require improvement to be good",
    "The overall judgement is good"), printed as the whole sentence."""
    text = _clean(sentence)
    match = re.search(
        r"\b(?:is|are|were|was)\s+(?P<w>outstanding|good|adequate|inadequate|not\s+judged)\b"
        r"|\b(?P<ri>requires?\s+improvement(?P<tbg>\s+to\s+be\s+good)?)",
        text,
        re.IGNORECASE,
    )
    if not match:
        return None
    if match.group("ri"):
        label = REQUIRES_IMPROVEMENT_TO_BE_GOOD if match.group("tbg") else REQUIRES_IMPROVEMENT
    else:
        word = " ".join(match.group("w").split()).lower()
        label = {"outstanding": OUTSTANDING, "good": GOOD, "adequate": ADEQUATE, "inadequate": INADEQUATE}.get(
            word, NOT_JUDGED
        )
    return make_grade(label, text.rstrip("."))


POSITIVE = "Positive experiences and outcomes"
INCONSISTENT = "Inconsistent experiences and outcomes"
SYSTEMIC = "Widespread and/or systemic failings"

SEND_OUTCOMES: dict[str, tuple[int, str]] = {
    POSITIVE: (
        1,
        "The local area partnership's arrangements typically lead to positive experiences and outcomes "
        "for children and young people with special educational needs and/or disabilities (SEND).",
    ),
    INCONSISTENT: (2, "The local area partnership's arrangements lead to inconsistent experiences and outcomes for children and young people with SEND."),
    SYSTEMIC: (
        3,
        "There are widespread and/or systemic failings leading to significant concerns about the experiences "
        "and outcomes of children and young people with SEND.",
    ),
}
"""The area SEND outcomes (the framework in force since 2023), best first: rank and what it means."""

# The wording that tells the outcomes apart, worst first: a "systemic failings" sentence may go on
# to say "... experiences and outcomes", and no outcome sentence says two of these.
_SEND_WORDING = (
    (SYSTEMIC, r"(?i)\bwidespread\s+(?:and/or|and|or)\s+systemic\s+failings?\b"),
    (INCONSISTENT, r"(?i)\binconsistent\s+experiences\s+and\s+outcomes\b"),
    (POSITIVE, r"(?i)\bpositive\s+experiences\s+and\s+outcomes\b"),
)


def send_outcome(sentence: str) -> Grade | None:
    """The area SEND outcome a sentence gives, with the sentence as ``printed``, or None.

    >>> send_outcome("There are widespread and/or systemic failings leading to ...").rank
    3
    """
    text = _clean(sentence)
    for label, pattern in _SEND_WORDING:
        if re.search(pattern, text):
            return Grade(label=label, rank=SEND_OUTCOMES[label][0], printed=text)
    return None


def scale_of(grade: Grade | None) -> str:
    """Which scale a grade's rank is on: ``send`` (the three area SEND outcomes) or ``council``
    (the four grades of children's services inspections).  Ranks compare only within a scale."""
    return "send" if grade is not None and grade.label in SEND_OUTCOMES else "council"


def badge(grade: Grade | None) -> str:
    """A short badge that reads right without colour."""
    if grade is None:
        return ""
    return {
        OUTSTANDING: "OUT",
        GOOD: "GOOD",
        ADEQUATE: "ADEQ",
        REQUIRES_IMPROVEMENT: "RI",
        REQUIRES_IMPROVEMENT_TO_BE_GOOD: "RI",
        INADEQUATE: "INAD",
        NOT_JUDGED: "N/J",
        POSITIVE: "POS",
        INCONSISTENT: "INC",
        SYSTEMIC: "SYS",
    }.get(grade.label, grade.label[:4].upper())
