"""What an ILACS report prints that its cover and body both read."""

from __future__ import annotations

import re

from ofsted_reader.ingest.elements import Element, Row

APOS = "['’]"


WNI = re.compile(
    r"^(?P<title>what\s+needs\s+to\s+improve(?:\s+in\s+[^?:]{1,60})?)\s*(?P<punct>[?:])?\s*(?P<mark>\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}|[*†‡])?\s*$", re.I
)


OVERALL = re.compile(r"^overall\s+effectiveness\b", re.I)


CONTINUATION_START = re.compile(r"^[a-z(]")


def element_text(element: Element) -> str:
    if isinstance(element, Row):
        return " ".join(c for c in element.cells if c.strip()) or element.text
    return element.text


def norm_space(text: str) -> str:
    return " ".join(text.split())
