"""A SIF report's printed contents list: its entries kept (``Report.contents``), their levels
(from indentation, else type) used to nest the headings they name."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from ofsted_reader.ingest.elements import Element, Heading, Prose, Row
from ofsted_reader.ingest.structure.common import clean_title, contents_entry
from ofsted_reader.ingest.structure.matching import words
from ofsted_reader.ingest.structure.sif.printed import CONTENTS, element_texts, norm
from ofsted_reader.model import ContentsEntry, Report

if TYPE_CHECKING:
    from ofsted_reader.ingest.structure.sif.body import Body

INDENT_STEP = 8.0
"""Points: entries whose indents differ by no more are at one level."""


def read_contents(body: Body, elements: list[Element], report: Report) -> set[int]:
    """The printed contents list: entries into ``report.contents``, each entry's level (from its indent,
    else its type) into ``body.contents_level``; returns the indices of the elements it used."""
    used: set[int] = set()
    n = len(elements)
    i = 0
    found: list[tuple[ContentsEntry, float, tuple]] = []
    while i < n:
        element = elements[i]
        glued = _glued_contents(element)
        if glued is not None:
            # The element layer joined the "Contents" heading to the first entry.
            found.append((glued, element.x0, body.heading_style(element)))
        elif not (isinstance(element, Heading) and CONTENTS.match(element.text.strip())):
            i += 1
            continue
        used.add(i)
        i += 1
        while i < n:
            element = elements[i]
            following = elements[i + 1] if i + 1 < n else None
            entry = contents_entry(element)
            if entry is not None:
                found.append((entry, element.x0, body.heading_style(element)))
                used.add(i)
                i += 1
                continue
            if (
                isinstance(element, (Heading, Prose, Row))
                and following is not None
                and len(element.text) < 120
                and not element.text.rstrip().endswith(".")
                and (joined := _joined_entry(" ".join(element_texts([element])), following)) is not None
            ):
                found.append((joined, element.x0, body.heading_style(element)))
                used.update({i, i + 1})
                i += 2
                continue
            if found and (resumes := _resumes_after(elements, i)) is not None:
                # Entries printed with no page number (a contents field Word left unfilled), with
                # entries that have one below them on the same page: entries too.
                for k in range(i, resumes):
                    found.append((ContentsEntry(title=clean_title(elements[k].text), page=None), elements[k].x0, body.heading_style(elements[k])))
                    used.add(k)
                i = resumes
                continue
            break
        break
    for entry, _, _ in found:
        report.contents.append(entry)
        body.contents_titles.add(norm(entry.title).lower())
    if found:
        # Indents a few points apart are one (entries the layer read as headings start a little left
        # of those it read as rows); a step of an indent is a level.
        indents: list[float] = []
        for x in sorted({x for _, x, _ in found}):
            if not indents or x - indents[-1] > INDENT_STEP:
                indents.append(x)
        styles = sorted({st for _, _, st in found}, reverse=True)
        for entry, x, style in found:
            if len(indents) > 1:
                level = bisect.bisect_right(indents, x)
            else:
                level = styles.index(style) + 1
            body.contents_level.append((norm(entry.title).lower(), words(entry.title), level, entry.page))
    return used


PAGELESS_ENTRIES = 3
"""At most this many entries in a row printed with no page number."""


def _resumes_after(elements: list[Element], i: int) -> int | None:
    """Where the contents list goes on (an entry with a page number) after a few short headings or
    lines on the same page that have none, or None when what follows is not the list."""
    page = elements[i].page
    for k in range(i, min(i + PAGELESS_ENTRIES, len(elements))):
        element = elements[k]
        if not isinstance(element, (Heading, Prose)) or element.page != page or len(element.text) > 120 or element.text.rstrip().endswith("."):
            return None
        following = elements[k + 1] if k + 1 < len(elements) else None
        if following is not None and following.page == page and contents_entry(following) is not None:
            return k + 1
    return None


def _glued_contents(element: Element) -> ContentsEntry | None:
    """``Contents Section 1: the local authority | 3``: the heading and the first entry in one element."""
    if not isinstance(element, (Heading, Prose, Row)):
        return None
    if isinstance(element, Row):
        cells = [c for c in element.cells if c and c.strip()]
        if len(cells) < 2 or not (m := re.match(r"^contents\s+(\S.*)$", cells[0].strip(), re.I)):
            return None
        return contents_entry(Row(text="", cells=[m.group(1), *cells[1:]]))
    m = re.match(r"^contents\s+(\S.*)$", " ".join(element.text.split()), re.I)
    return contents_entry(Prose(text=m.group(1))) if m else None


def style_levels(body: Body, headings: list[list[Element]]) -> None:
    """A type style stands for a contents level when most headings printed in it are in the contents list."""
    if not body.contents_level:
        return
    seen: dict[tuple, list[int | None]] = {}
    for members in headings:
        style = body.heading_style(members[0])
        title, _ = body.heading_parts(members)
        seen.setdefault(style, []).append(body.level_of(title, None, members[0].page))
    for style, levels in seen.items():
        named = [lv for lv in levels if lv is not None]
        if named and len(named) * 2 > len(levels):
            body.style_level[style] = max(set(named), key=named.count)
        if len(set(named)) > 1:
            body.mixed_styles.add(style)


def _joined_entry(first: str, element: Element) -> ContentsEntry | None:
    if isinstance(element, Row):
        cells = [c for c in element.cells if c]
        text = " ".join(cells)
    elif isinstance(element, (Heading, Prose)):
        text = element.text
    else:
        return None
    entry = contents_entry(Prose(text=f"{' '.join(first.split())} {' '.join(text.split())}"))
    return entry
