"""A council however a report prints its name: "London Borough of Lambeth", "Lambeth",
"Lancashire County Council", "Lancashire Safeguarding Children Board"…"""

from __future__ import annotations

import re

# Patterns as strings, compiled (and cached by ``re``) on first use: a warm start that shows no
# library never needs them.
_COUNCIL_WORDS = (
    r"(?i)^(?:the\s+)?(?:(?:royal\s+)?(?:london\s+)?borough\s+of|city\s+of|county\s+of)\s+"
    r"|\s+(?:metropolitan\s+)?(?:borough|county|city|district)?\s*council$"
    r"|\s+(?:safeguarding\s+children\s+board|children\s+and\s+families\s+trust|children's\s+trust)$"
)


def council_short(name: str) -> str:
    """A council's name without "London Borough of", "County Council", "Safeguarding Children Board"…"""
    return re.sub(_COUNCIL_WORDS, "", name).strip(" ,") or name


def council_name(name: str) -> str:
    """The council as a reader names it: "London Borough of Lambeth" → "Lambeth",
    "Lancashire County Council" → "Lancashire", "Surrey Safeguarding Children Board" → "Surrey"."""
    return " ".join(council_short(" ".join(name.split())).split())


def council_key(name: str) -> str:
    """One key per council however a report prints its name.

    ILACS titles print "Lancashire", SIF covers "Lancashire County Council", LSCB
    reviews "Lancashire Safeguarding Children Board"; "Brighton & Hove" and
    "Brighton and Hove", "St. Helens" and "St Helens", "Southend-on-Sea" and
    "Southend on Sea" are the same council too.
    """
    text = council_name(name).casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text.replace("’", "").replace("'", ""))
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
