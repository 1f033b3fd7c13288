"""Pieces every family structurer shares: slugs and the outline builder, cover
metadata, printed dates, contents lists, and the judgement list."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from ofsted_reader.dates import iso_date
from ofsted_reader.footmarks import unmarked
from ofsted_reader.grades import grade_at_end
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.model import Block, ContentsEntry, Footnote, Grade, Judgement, Metadata, Report, Section


COVER = "Cover"
"""The title of the section that holds a report's cover page: council, title, dates, the judgement table."""


def slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:60].rstrip("-") or "section"


def clean_title(title: str) -> str:
    """A heading's text as a title: spacing folded, markers and a trailing colon gone."""
    return " ".join(unmarked(title).replace("**", " ").split()).rstrip(":").strip()


def split_heading(text: str) -> tuple[str, Grade | None]:
    """A heading's title and the grade printed on it, if any."""
    found = grade_at_end(text)
    if found:
        return clean_title(found[0]), found[1]
    return clean_title(text), None


@dataclass
class Outline:
    """Builds the section tree with unique, stable slug-path ids."""

    roots: list[Section] = field(default_factory=list)
    _used: set[str] = field(default_factory=set)
    _next: dict[str, int] = field(default_factory=dict)
    """Per base id, the first suffix not yet tried: ids are never given back, so the suffixes
    below it are all taken (a title repeated 100,000 times costs 100,000 steps, not 5e9)."""

    def add(self, title: str, parent: Section | None = None, grade: Grade | None = None) -> Section:
        base = (parent.id + "/" if parent else "") + slug(title)
        n = self._next.get(base, 1)  # 1: the base itself, then base-2, base-3 …
        section_id = base if n == 1 else f"{base}-{n}"
        while section_id in self._used:
            n = max(n + 1, 2)
            section_id = f"{base}-{n}"
        self._next[base] = max(n + 1, 2)
        self._used.add(section_id)
        section = Section(id=section_id, title=title, grade=grade)
        (parent.children if parent else self.roots).append(section)
        return section


def add_block(section: Section, element: Element) -> Block | None:
    """Append an element as a block: a Para or Prose (or a Heading printed as text) as its own
    block, an Item onto the last block's bullets, a Row onto the table block it continues."""
    page = element.page or None
    last = section.blocks[-1] if section.blocks else None
    if isinstance(element, Para):
        block = Block(kind="paragraph", number=element.number, text=element.text, page=page)
    elif isinstance(element, Item):
        if last is not None and last.kind != "table":
            _add_bullet(last, element)
            carry_notes(last, element)
            return last
        block = Block(kind="text", text="", page=page)
        _add_bullet(block, element)
    elif isinstance(element, Row):
        cells = [" ".join(c.split()) for c in element.cells]
        if last is not None and last.kind == "table":
            last.rows.append(cells)
            carry_notes(last, element)
            return last
        block = Block(kind="table", text="", rows=[cells], page=page)
    else:
        block = Block(kind="text", text=element.text, page=page)
    carry_notes(block, element)
    section.blocks.append(block)
    return block


def add_item(section: Section, element: Element, number: int | None = None) -> Block:
    """A list item that stands on its own (a recommendation): an ``item`` block; a sub-item
    (level 2) goes onto the bullets of the item before it."""
    last = section.blocks[-1] if section.blocks else None
    if isinstance(element, Item) and element.level > 1 and last is not None and last.kind == "item":
        last.bullets.append(element.text)
        carry_notes(last, element)
        return last
    block = Block(kind="item", text=element.text, number=number, page=element.page or None)
    carry_notes(block, element)
    section.blocks.append(block)
    return block


def fill_cover(section: Section, elements: list[Element], rows: list[list[str]], members: set[int], *, header: bool = False) -> None:
    """A cover page's text as ``section``'s blocks, in print order; the elements that make up its
    judgement table (ids in ``members``) are one table block of ``rows`` (the first its printed
    header when ``header``), where the table is printed."""
    table: Block | None = None
    for element in elements:
        if id(element) in members and rows:
            if table is None:
                table = Block(kind="table", text="", rows=[list(r) for r in rows], page=element.page or None, header=header)
                section.blocks.append(table)
            carry_notes(table, element)
            continue
        add_block(section, element)


def carry_notes(block: Block, element: Element) -> None:
    """The footnotes ``element`` cites go with the block its text went into."""
    block.footnotes.extend(Footnote(mark, text) for mark, text in element.notes)


def _add_bullet(block: Block, item: Item) -> None:
    if item.level > 1 and block.bullets:
        block.bullets[-1] = f"{block.bullets[-1]}\n– {item.text}"
    else:
        block.bullets.append(item.text)


_LABELS = {
    "inspection_dates": re.compile(r"^\s*(?:inspection\s+)?dates?(?:\s+of\s+inspection)?\s*:?\s+(.+)$", re.I),
    "lead_inspector": re.compile(r"^\s*(?:reporting|lead)\s+inspector(?:\s+on\s+site)?\s*:?\s+(.+)$", re.I),
    "age_group": re.compile(r"^\s*age\s+group\s*:?\s+(.+)$", re.I),
    "published": re.compile(r"^\s*(?:date\s+|report\s+)?published\s*:?\s+(.+)$", re.I),
}


def inspector_name(printed: str) -> str:
    """``Gary Lamb HMI`` → ``Gary Lamb``; titles and trailing roles dropped."""
    name = re.sub(r"\s*[,(]?\s*(?:HMI|Her Majesty's Inspector|Her Majesty’s Inspector)\)?\s*$", "", printed.strip())
    name = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", name)
    return " ".join(name.split())


_HMI_TAIL = re.compile(r"\s*[,(]?\s*(?:HMI|H[ie][rs]\s+Majesty['’]s\s+Inspector(?:\s+\(HMI\))?)\)?\s*$", re.I)


def inspector(printed: str) -> str | None:
    """``Sarah Canto, His Majesty's Inspector`` / ``Gary Lamb HMI`` / ``Mr Charlie Fordham, Ofsted
    lead inspector`` → the name."""
    # "Name, <role> Inspector" / "Name, Senior HMI": the role after the comma goes.
    name = re.sub(r",\s*[^,]*\b(?:inspector|HMI)\b[^,]*$", "", " ".join(printed.split()), flags=re.I)
    name = _HMI_TAIL.sub("", name)
    name = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", name).strip(" ,;")
    return name or None


BACK_PAGE = re.compile(
    r"^(?:the\s+office\s+for\s+standards\s+in\s+education|ofsted\s+has\s+a\s+duty|if\s+you\s+would\s+like\s+a\s+copy|©|crown\s+copyright)",
    re.I,
)
"""The first words of Ofsted's back page (its boilerplate about itself and the licence): the report is over."""


def cover_metadata(texts: Iterable[str], metadata: Metadata) -> None:
    """Fill labelled cover fields (``Inspection dates: ...``) into ``metadata``."""
    for text in texts:
        for key, pattern in _LABELS.items():
            match = pattern.match(text)
            if match and getattr(metadata, key) is None:
                value = " ".join(match.group(1).split())
                if key == "lead_inspector":
                    value = inspector_name(value)
                elif key == "published":
                    value = iso_date(value) or None
                setattr(metadata, key, value)
                break


_CONTENTS_ENTRY = re.compile(r"^(.*?\S)\s*\.{0,}\s+(\d{1,3})$")


def contents_entry(element: Element) -> ContentsEntry | None:
    """A contents-list line ("About this inspection<TAB>2") as title and printed page."""
    if isinstance(element, Row) and len([c for c in element.cells if c]) == 2 and element.cells[-1].strip().isdecimal():
        cells = [c for c in element.cells if c]
        return ContentsEntry(title=clean_title(cells[0]), page=int(cells[1]))
    if isinstance(element, (Heading, Prose)):
        match = _CONTENTS_ENTRY.match(element.text.strip())
        if match:
            return ContentsEntry(title=clean_title(match.group(1).rstrip(". ")), page=int(match.group(2)))
    return None


def judgements_from_sections(sections: list[Section]) -> list[Judgement]:
    """Every graded section, in reading order."""
    found: list[Judgement] = []

    def visit(section: Section) -> None:
        if section.grade is not None:
            found.append(Judgement(section=section.id, name=section.title, grade=section.grade))
        for child in section.children:
            visit(child)

    for root in sections:
        visit(root)
    return found


def norm_name(text: str) -> str:
    """Comparable form of a heading or row label: case, quotes and spacing folded."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


def finish(report: Report) -> Report:
    """Fill what is derived from the outline (judgements) if the family left it empty."""
    if not report.judgements:
        report.judgements = judgements_from_sections(report.sections)
    return report
