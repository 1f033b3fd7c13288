"""Which section of a report's body a judgement's name means.

The judgement table and the body word the same judgement differently ("2.2 Experiences
and progress of care leavers" on a SIF cover, "The graded judgement about the experience
and progress of care leavers" in its body; "The experiences of children in care" against
"The experiences and progress of children in care").  A name and a title are alike by
the share of the name's words the title has (small words left out, plurals and
"judgment" folded); names are paired with titles best pairs first, each used once.
"""

from __future__ import annotations

import re
from typing import Sequence

ALIKE = 0.75
"""The share of a name's words a title must have to stand for it."""

_STOP = {"the", "of", "and", "for", "about", "a", "an", "in", "to", "is", "are", "that", "it", "graded", "judgement"}
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})?\.?\s+")


def words(text: str) -> set[str]:
    """The words that name what a title is about: small words out, plurals and "judgment" folded."""
    found = set()
    for word in re.findall(r"[a-z0-9]+", text.lower().replace("judgment", "judgement")):
        if word in _STOP:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return found


def alike(name: str, title: str) -> float:
    """The share of ``name``'s words (without its printed number) that ``title`` has (0–1)."""
    wanted = words(_NUMBERED.sub("", name.strip()))
    return len(wanted & words(title)) / len(wanted) if wanted else 0.0


def pair(names: Sequence[str], titles: Sequence[str], *, preferred: Sequence[bool] = ()) -> dict[int, int]:
    """Each name's title (by index), best pairs first, each title used once; a pair must be
    :data:`ALIKE`.  Among equally alike titles a ``preferred`` one (say, one already graded)
    wins, then the one with fewer words beside the name's."""
    ranked = []
    for n, name in enumerate(names):
        wanted = words(_NUMBERED.sub("", name.strip()))
        for t, title in enumerate(titles):
            score = alike(name, title)
            if score >= ALIKE:
                extra = len(words(title) - wanted)
                ranked.append((score, bool(preferred[t]) if preferred else False, -extra, -n, -t, n, t))
    ranked.sort(reverse=True)
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for *_, n, t in ranked:
        if n not in chosen and t not in used:
            chosen[n] = t
            used.add(t)
    return chosen
