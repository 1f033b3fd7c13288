"""Whole-report search: every hit in reading order, and where ``n``/``N`` go next.

Searches the text as displayed (made inert), so hit offsets are the offsets the
paragraph pane highlights.  Case is ignored and a space matches any run of
whitespace (text wrapped in the source PDF keeps its line breaks).  Pure Python:
no Textual here, so it is easy to test and quick to run on every keystroke.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ofsted_reader.model import Report
from ofsted_reader.textsafe import block_parts


@dataclass(frozen=True, order=True)
class Hit:
    """One match.  Ordered by position in the report."""

    section: int
    """Index of the section in reading order (``Report.walk()``)."""
    block: int
    part: int
    """Index in the block's parts (:func:`~ofsted_reader.textsafe.block_parts`): 0 its text, then
    its bullets, table cells and footnotes."""
    start: int
    end: int


Position = tuple[int, int, int, int]
"""(section, block, part, offset) — a point in the report to search from."""


class SearchIndex:
    """The report's searchable strings, built once per report."""

    def __init__(self, report: Report) -> None:
        self.units: list[tuple[int, int, int, str]] = []
        for s_index, section in enumerate(report.walk()):
            for b_index, block in enumerate(section.blocks):
                for p_index, text in enumerate(block_parts(block)):
                    if text:
                        self.units.append((s_index, b_index, p_index, text))

    def find(self, query: str, *, limit: int = 10_000) -> list[Hit]:
        pattern = compile_query(query)
        if pattern is None:
            return []
        hits: list[Hit] = []
        for s_index, b_index, p_index, text in self.units:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    hits.append(Hit(s_index, b_index, p_index, match.start(), match.end()))
                    if len(hits) >= limit:
                        return hits
        return hits


def compile_query(query: str) -> re.Pattern[str] | None:
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def _key(hit: Hit) -> Position:
    return (hit.section, hit.block, hit.part, hit.start)


def next_hit(hits: list[Hit], position: Position, *, forward: bool = True, inclusive: bool = False) -> tuple[int, bool] | None:
    """Index of the hit after (or before) ``position`` and whether the search wrapped around."""
    if not hits:
        return None
    keys = [_key(h) for h in hits]
    if forward:
        index = bisect_left(keys, position) if inclusive else bisect_right(keys, position)
        return (index, False) if index < len(hits) else (0, True)
    index = (bisect_right(keys, position) if inclusive else bisect_left(keys, position)) - 1
    return (index, False) if index >= 0 else (len(hits) - 1, True)


def hit_position(hit: Hit) -> Position:
    return _key(hit)
