"""What a SIF report prints that says what a line is: titles, labels, judgement sentences, table rows.

Shared by the cover, the contents list and the body (and the LSCB part, which is worded
like the council's).
"""

from __future__ import annotations

import re
from typing import Iterable

from ofsted_reader.grades import grade_in_sentence, make_grade, parse_grade
from ofsted_reader.ingest.elements import Element, Row
from ofsted_reader.ingest.structure.tables import GRADE_WORDS
from ofsted_reader.model import Grade

_APOS = "['’‘`]"

TITLE = re.compile(r"^(?:re-?)?(?:inspection|review)\s+of\b", re.I)

LABEL = re.compile(
    r"^\s*(?:inspection\s+dates?|dates?\s+of\s+inspection|report\s+published|published|lead\s+inspector)\s*:",
    re.I,
)

DATES = re.compile(r"^\s*(?:inspection\s+dates?|dates?\s+of\s+inspection)\s*:\s*(?P<v>.+)$", re.I)

PUBLISHED = re.compile(r"^\s*(?:report\s+|date\s+)?published\s*:\s*(?P<v>.+)$", re.I)

LEAD = re.compile(r"^\s*lead\s+inspector(?:\s+on\s+site)?\s*:\s*(?P<v>.+)$", re.I)

OVERALL = re.compile(
    rf"^(?P<s>(?:children{_APOS}?s?\s+services\s+in\s+.+?\s+(?:is|are|requires?)\b|the\s+overall\s+judge?ment\s+is\b).*?"
    rf"\b{GRADE_WORDS})(?=$|[\s.,;:])",
    re.I | re.S,
)

COVER_SPLIT = re.compile(
    r"\s+(?=(?:inspection\s+dates?|dates?\s+of\s+inspection|report\s+published|lead\s+inspector)\s*:"
    r"|children['’]s\s+services\s+in\s|the\s+overall\s+judge?ment\s+is\b"
    r"|(?:re-?)?inspection\s+of\s+services\b|review\s+of\s+the\s+effectiveness\b)",
    re.I,
)

SIF_TITLE = re.compile(r"inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection", re.I)

LSCB_WORDS = re.compile(r"local\s+safeguarding\s+children\s*(?:'s\s+)?board|safeguarding\s+children\s+board|\bLSCB\b", re.I)

_JUDGEMENT_SENTENCE = re.compile(
    r"^(?P<subject>.+?)\s+(?P<tail>(?:(?:is|are)\s+(?:that\s+(?:it|they)\s+(?:is|are)\s+|judged\s+(?:to\s+be\s+)?)?"
    r"(?:outstanding|good|inadequate|adequate)|(?:is\s+that\s+(?:it|they)\s+)?requires?\s+improvement(?:\s+to\s+be\s+good)?))\s*\.?$",
    re.I | re.S,
)

_GRADED_HEADING = re.compile(
    rf"^(?P<subject>the\s+graded\s+judge?ments?\s+(?:for|about|on)\s+.+?)\s*[:–-]?\s+(?P<tail>{GRADE_WORDS})$", re.I | re.S
)
"""A graded judgement's heading with its grade after it and no verb ("The graded judgment for
adoption performance good")."""

ROW_START = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})?\.?)\s+(?P<rest>\S.*)$", re.S)

TRAILING_GRADE = re.compile(rf"^(?P<name>.*?\S)\s+(?P<grade>{GRADE_WORDS})\s*$", re.I | re.S)

CONTENTS = re.compile(r"^contents$", re.I)

KEY_TABLE_HEADER = re.compile(r"^(key\s+judgements?)\s+((?:judge?ment\s+)?grades?)$", re.I)


def norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def strip_marker(text: str) -> str:
    """A footnote marker glued to the end of a title line ("…Board1", "…Board 1")."""
    return re.sub(r"(?<=[A-Za-z])\s?\d{1,2}$", "", text.strip())


def is_lscb(text: str | None) -> bool:
    return bool(text and LSCB_WORDS.search(text))


def judgement_sentence(text: str) -> tuple[str, Grade] | None:
    """``"The Local Safeguarding Children Board is good"`` → (subject, Grade printed as the sentence).

    Only a sentence that *ends* with its grade counts ("This local authority is good because" does not).
    """
    compact = " ".join(text.split()).rstrip(" .")
    match = _JUDGEMENT_SENTENCE.match(compact)
    if match:
        grade = grade_in_sentence(compact)
    elif match := _GRADED_HEADING.match(compact):
        grade = make_grade(parse_grade(match.group("tail")).label, compact)
    else:
        return None
    if grade is None:
        return None
    subject = match.group("subject").strip(" ,:")
    if not subject or len(subject.split()) > 30:
        return None
    return subject, grade


def element_texts(elements: Iterable[Element]) -> list[str]:
    out = []
    for e in elements:
        if isinstance(e, Row):
            out.append(" ".join(c for c in e.cells if c))
        else:
            out.append(e.text)
    return [" ".join(t.split()) for t in out]
