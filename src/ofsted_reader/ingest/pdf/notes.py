"""Footnotes given to the element that cites them.

A note printed at the foot of page *p* with marker *m* belongs to the first element on
that page whose text carries the raised marker (``Board¹``); a heading passes it on to
the first element after it that is not a heading (the outline's titles carry no notes).
A note whose marker is nowhere on its page (the marker was not printed raised, or sits
in a table the layout read apart) goes to the last element printed above it, so its
text is never lost.
"""

from __future__ import annotations

from ofsted_reader.footmarks import cites
from ofsted_reader.ingest.elements import Element, Heading, Row
from ofsted_reader.ingest.lines import Note


def attach_notes(elements: list[Element], notes: list[Note]) -> None:
    by_page: dict[int, list[int]] = {}
    for i, e in enumerate(elements):
        by_page.setdefault(e.page, []).append(i)
    for note in notes:
        on_page = by_page.get(note.page, [])
        at = next((i for i in on_page if cites(_text(elements[i]), note.mark)), None)
        if at is None:
            above = [i for i in on_page if elements[i].top < note.top]
            at = above[-1] if above else _last_before(by_page, note.page)
        if at is None:
            continue
        while isinstance(elements[at], Heading) and at + 1 < len(elements):
            at += 1
        elements[at].notes.append((note.mark, note.text))


def _text(e: Element) -> str:
    return " ".join(e.cells) if isinstance(e, Row) else e.text


def _last_before(by_page: dict[int, list[int]], page: int) -> int | None:
    earlier = [p for p in by_page if p < page and by_page[p]]
    return by_page[max(earlier)][-1] if earlier else None
