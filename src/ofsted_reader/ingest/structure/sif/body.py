"""A SIF report's body: the outline from its headings' type, numbered paragraphs, and recommendations.

Nesting comes from heading type (size, weight); where the printed contents list names two
headings, its indentation decides their levels instead (2014 reports print some
second-level headings smaller than others).  Judgement headings carry their grade in a
right-hand column ("Leadership, management and | Requires improvement / governance | to
be good") or as a sentence ("… are good", "The graded judgement for adoption performance
is that it is good").  Recommendations: 2014 "What does the local authority need to
improve?" with "Priority and immediate action" / "Areas for improvement" parts whose
items are numbered inside the paragraph sequence; from 2015 a "Recommendations" list
numbered 1..N, sometimes under topic headings.  Lines such as "There are no areas of
priority action" are not recommendations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ofsted_reader.grades import make_grade, parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.structure.checks import numbering_note
from ofsted_reader.ingest.structure.common import Outline, add_block, carry_notes, clean_title
from ofsted_reader.ingest.structure.matching import words
from ofsted_reader.ingest.structure.sif.contents import read_contents, style_levels
from ofsted_reader.ingest.structure.sif.printed import (
    CONTENTS,
    KEY_TABLE_HEADER,
    element_texts,
    is_lscb,
    judgement_sentence,
    norm,
    strip_marker,
)
from ofsted_reader.ingest.structure.tables import GRADE_WORDS, Lines, is_grade_piece, line_cells
from ofsted_reader.model import Block, Grade, Recommendation, Report, ScaleEntry, Section


_REC_CONTAINER = re.compile(
    r"^(?:what\s+(?:does|do)\s+the\s+.+?\s+need\s+to\s+improve\??|recommendations?(?:\s+for\b.*)?|"
    r"areas?\s+for\s+(?:improvement|priority\s+action|development)|priority\s+(?:and\s+immediate\s+)?actions?|"
    r"immediate\s+actions?|areas?\s+of\s+priority\s+action)$",
    re.I,
)


_REC_PART = re.compile(
    r"^(?:areas?\s+for\s+(?:improvement|priority\s+action|development)|priority\s+(?:and\s+immediate\s+)?actions?|"
    r"immediate\s+actions?|areas?\s+of\s+priority\s+action)$",
    re.I,
)


# Headings that open ordinary report sections, never a topic inside a list of recommendations.
_BODYTITLE = re.compile(
    r"\b(?:findings|strengths|weaknesses|summary|information|context|judge?ments?\s+mean|inspection\s+team)\b"
    r"|^(?:section\s+\d|the\s+local\s+authority$|the\s+local\s+safeguarding)",
    re.I,
)


LEAD_IN_WORDS = 5
"""A heading-type line ending in a colon (or "because") with this many words or more is a sentence
leading into what follows ("… because:"); shorter ones are labels ("Immediately:")."""
SENTENCE_WORDS = 6
"""A heading-type line ending in a full stop with this many words or more is a sentence."""
_LEAD_IN = re.compile(r"(?::|\bbecause)$", re.I)

_NOT_A_REC = re.compile(r"^\s*there\s+(?:are|is|were)\s+no\b", re.I)


@dataclass
class Open:
    rank: tuple
    section: Section
    level: int | None = None
    """The heading's level in the printed contents list (None when the contents list does not name it)."""
    named: bool = False
    """The contents list names the heading (its level is the list's, not inferred from its type)."""
    key_judgement: bool = False
    """Opened by a key-judgement table printed with no heading (see :meth:`Body.open_key_judgement`)."""
    heads_part: bool = False
    """A judgement heading with the headings of its own type that follow it inside ("Summary",
    "Inspection findings"), up to the next judgement or heading the contents list names."""


class Body:
    """Builds the outline from body elements: sections by heading weight, paragraphs, recommendations."""

    def __init__(self, report: Report, outline: Outline, lines: Lines) -> None:
        self.report = report
        self.outline = outline
        self.lines = lines
        self.stack: list[Open] = []
        self.current: Section | None = None
        self.rec_sections: set[str] = set()
        """Sections whose numbered paragraphs / bullets are recommendations (containers, parts, topics)."""
        self.rec_containers: set[str] = set()
        """Sections opened by a recommendations heading ("Recommendations", "What does … need to improve?")."""
        self.last_number: int | None = None
        self.last_page = 0
        self.numbering_notes: list[str] = []
        self.last_was_rec = False
        self.last_rec_number: int | None = None
        self.rec_rank: tuple | None = None
        self.lscb_body: tuple[str, Grade, Section] | None = None
        self.contents_titles: set[str] = set()
        self.contents_level: list[tuple[str, set[str], int, int | None]] = []
        """Contents entries: (normalised title, title words, level, printed page)."""
        self.style_level: dict[tuple, int] = {}
        self.mixed_styles: set[tuple] = set()
        """Type styles the contents list names at more than one level."""
        self.last_named_level: int | None = None

    # -- headings

    def heading_style(self, element: Element) -> tuple:
        size = getattr(element, "size", None)
        bold = bool(getattr(element, "bold", False))
        if size is None and self.lines.doc is not None:
            ls = self.lines.of(element)
            if ls:
                main = max(ls, key=lambda ln: len(ln.text))
                size, bold = main.size, main.bold
        if size is None:
            level = getattr(element, "level", None)
            return (-(level or 9), 0)
        return (round(size), 1 if bold else 0)

    def heading_parts(self, members: list[Element]) -> tuple[str, Grade | None]:
        """A heading's title and a grade printed beside it in a right-hand column.

        ``members`` are the elements one printed heading was split into (wrapped lines,
        a grade cell printed level with the middle of a two-line title).
        """
        ls = [line for element in members for line in self.lines.of(element)]
        if ls:
            left: list[str] = []
            right: list[str] = []
            for line in ls:
                width = self.lines.width(line.page)
                for f in line_cells(line):
                    if f.x0 >= width * 0.5 and (is_grade_piece(f.text)):
                        right.append(f.text)
                    else:
                        left.append(f.text)
            if right:
                grade = parse_grade(" ".join(right))
                if grade and left:
                    return clean_title(strip_marker(" ".join(left))), grade
        texts: list[str] = []
        grades: list[str] = []
        for element in members:
            if isinstance(element, Row):
                cells = [c for c in element.cells if c and c.strip()]
                if len(cells) >= 2 and all(is_grade_piece(c) for c in cells[1:]):
                    texts.append(cells[0])
                    grades.extend(cells[1:])
                    continue
                texts.append(" ".join(cells))
            else:
                texts.append(element.text)
        title = clean_title(strip_marker(" ".join(" ".join(texts).split())))
        if grades and (grade := parse_grade(" ".join(grades))):
            return title, grade
        return title, None

    def level_of(self, title: str, rank: tuple | None, page: int = 0) -> int | None:
        """The heading's level from the contents list: by its title (and printed page, when both are
        known), else by its type style when the contents list names most headings printed in that style.
        A heading the list does not name, in a style it names at several levels (a report that prints
        all its headings alike), is one level below the last heading it names."""
        key = norm(title).lower()
        title_words = words(title)
        for entry_key, entry_words, level, entry_page in self.contents_level:
            if page and entry_page is not None and not 0 <= page - entry_page <= 1:
                continue
            if entry_key == key or (
                title_words and entry_words and len(title_words & entry_words) >= 0.9 * max(len(title_words), len(entry_words))
            ):
                return level
        if rank is not None and rank in self.mixed_styles and self.last_named_level is not None:
            return self.last_named_level + 1
        return self.style_level.get(rank) if rank is not None else None

    def open_section(
        self, title: str, rank: tuple, grade: Grade | None = None, page: int = 0
    ) -> Section:
        level = self.level_of(title, rank, page)
        named = self.level_of(title, None, page) is not None
        if named:
            self.last_named_level = level
        top = self.stack[-1] if self.stack else None
        if top is not None and top.rank == rank and top.section.grade is not None and _fresh(top.section) and grade is None and not named:
            # A judgement heading with nothing of its own, then an ungraded heading the contents list
            # does not name, in the same type: the judgement heads a part of the report.  (An ungraded
            # heading with nothing of its own stays empty: "Information about this local authority
            # area" is printed, and bookmarked, beside the headings that follow it.)
            top.heads_part = True

        def pops(top: Open) -> bool:
            # A body heading (a summary, findings, a judgement) is never under a list of recommendations.
            # Two headings the contents list names: its levels decide (the type may say otherwise: some
            # reports print a second-level heading larger, or smaller, than its siblings).  Otherwise a
            # heading in larger type is never under one in smaller type; levels the contents list gives
            # a style decide next; then a heading closes what is printed in the same or a smaller type.
            if top.section.id in self.rec_containers and not _REC_PART.match(title) and (grade is not None or _BODYTITLE.search(title)):
                return True  # a list of recommendations holds no part of the report's body
            if named and top.named and top.level != 0:
                return top.level >= level
            if rank[0] > top.rank[0]:
                return True
            if top.heads_part and grade is None and not named and rank == top.rank:
                return False
            if level is not None and top.level is not None and top.level != 0:
                return top.level >= level
            return top.rank <= rank

        while self.stack and pops(self.stack[-1]):
            self.stack.pop()
        parent = self.stack[-1].section if self.stack else None
        section = self.outline.add(title, parent=parent, grade=grade)
        self.stack.append(Open(rank, section, level, named=named))
        self.current = section
        return section

    def in_recs(self, section: Section | None = None) -> bool:
        section = section or self.current
        if section is None:
            return False
        if section.id in self.rec_sections:
            return True
        return any(o.section.id in self.rec_sections for o in self.stack if section.id.startswith(o.section.id + "/"))

    def top_part(self) -> Section | None:
        return self.stack[0].section if self.stack else None

    def heading(self, members: list[Element], following: Element | None) -> None:
        rank = self.heading_style(members[0])
        title, side_grade = self.heading_parts(members)
        if not title:
            return
        current = self.current
        fresh = current is not None and _fresh(current)

        # A sentence in heading type that leads into what follows (text, or headings in smaller type),
        # right under a heading ("Summary of findings" / "Children’s services in Devon require
        # improvement because:"): the first line of that section's text, not a section of its own.
        printed = " ".join(element_texts(members))
        if (
            current is not None
            and fresh
            and _LEAD_IN.search(printed)
            and len(printed.split()) >= LEAD_IN_WORDS
            and following is not None
            and not (isinstance(following, Heading) and self.heading_style(following) >= rank)
        ):
            add_block(current, Prose(text=printed, page=members[0].page, notes=[n for m in members for n in m.notes]))
            return

        # Just a grade (or "are good") under a heading that has nothing yet: that heading's grade.
        only = parse_grade(title) or (
            (m := re.match(rf"^(?:is|are)\s+({GRADE_WORDS})\.?$", title, re.I)) and parse_grade(m.group(1))
        )
        if only and current is not None and fresh and current.grade is None:
            current.grade = only if not title.lower().startswith(("is ", "are ")) else make_grade(only.label, f"{current.title} {title}")
            return
        if KEY_TABLE_HEADER.match(norm(title)) and current is not None:
            self.key_table(current, _cells(members) or KEY_TABLE_HEADER.match(norm(title)).groups(), members[0].page)
            return
        # The body's grade table row under a judgement heading ("Key judgement | Judgement grade").
        if side_grade and current is not None and fresh and (
            (words(title) and words(title) <= words(current.title) | {"key"})
            or (is_lscb(title) and is_lscb(current.title))
        ):
            if current.grade is None:
                current.grade = side_grade
            if is_lscb(title) and self.lscb_body is None:
                self.lscb_body = (title, side_grade, current)
            self.key_table(current, [title, side_grade.printed], members[0].page)
            return

        sentence = judgement_sentence(title) if side_grade is None else None
        if sentence:
            subject, grade = sentence
            same = current is not None and fresh and (
                (is_lscb(subject) and (is_lscb(current.title) or current is self.top_part()))
                or (words(subject) and len(words(subject) & words(current.title)) >= 0.6 * len(words(subject)))
            )
            if same and current.grade is None:
                current.grade = grade
                if is_lscb(subject):
                    self.lscb_body = (subject, grade, current)
                return
            section = self.open_section(clean_title(subject), rank, grade, page=members[0].page)
            if is_lscb(subject) and self.lscb_body is None:
                self.lscb_body = (subject, grade, section)
            self._after_heading(section, following)
            return

        # A whole sentence in heading type (a point the report stresses in bold, ending with a full
        # stop) is text of the section it is printed in, not a section of its own.
        if current is not None and printed.rstrip().endswith(".") and len(printed.split()) >= SENTENCE_WORDS and side_grade is None:
            add_block(current, Prose(text=printed, page=members[0].page, notes=[n for m in members for n in m.notes]))
            return

        # Recommendation parts and topic headings stay inside the recommendations they belong to.
        if self.in_recs() and self.rec_rank is not None and rank <= self.rec_rank:
            container = next((o for o in reversed(self.stack) if o.section.id in self.rec_containers), None)
            continues = (
                isinstance(following, Para)
                and (self.last_rec_number is None or following.number == self.last_rec_number + 1)
                and (self.last_was_rec or fresh)
                and not _BODYTITLE.search(title)
                and norm(title).lower() not in self.contents_titles
            )
            if container is not None and (_REC_PART.match(title) or continues):
                # A part ("Areas for improvement") goes under the list; a topic ("Workforce") under the
                # part it is printed in, when one is open.
                parent = container
                if not _REC_PART.match(title):
                    below = self.stack[self.stack.index(container) + 1 :]
                    parent = next((o for o in reversed(below) if _REC_PART.match(o.section.title)), container)
                while self.stack and self.stack[-1] is not parent:
                    self.stack.pop()
                section = self.outline.add(title, parent=parent.section, grade=side_grade)
                self.stack.append(Open((parent.rank[0], parent.rank[1] - 0.5), section))
                self.current = section
                self.rec_sections.add(section.id)
                self.last_was_rec = False
                return
        section = self.open_section(title, rank, side_grade, page=members[0].page)
        if side_grade is not None and is_lscb(title) and self.lscb_body is None:
            self.lscb_body = (title, side_grade, section)
        self._after_heading(section, following)

    def _after_heading(self, section: Section, following: Element | None) -> None:
        self.last_was_rec = False
        if _REC_CONTAINER.match(norm(section.title)):
            self.rec_sections.add(section.id)
            self.rec_containers.add(section.id)
            self.rec_rank = self.stack[-1].rank
            self.last_rec_number = None

    # -- content

    def content(self, element: Element) -> None:
        if self.current is None:
            self.open_section("Introduction", (99, 0))
        section = self.current
        assert section is not None
        if isinstance(element, Para):
            self._number(element)
        # A "Key judgement | Judgement grade" table: under its judgement's heading its row is that
        # heading's grade; printed without a heading (2014-15), it opens the judgement's section.
        if isinstance(element, Row):
            cells = [c.strip() for c in element.cells if c and c.strip()]
            if KEY_TABLE_HEADER.match(norm(" ".join(cells))):
                self.key_table(section, cells, element.page)
                return
            grade = parse_grade(" ".join(cells[1:])) if len(cells) >= 2 else None
            names_section = grade is not None and (
                (words(cells[0]) and words(cells[0]) <= words(section.title) | {"key"})
                or (is_lscb(cells[0]) and is_lscb(section.title))
            )
            if names_section and _fresh(section):
                section.grade = section.grade or grade
                if is_lscb(cells[0]) and self.lscb_body is None:
                    self.lscb_body = (cells[0], grade, section)
                self.key_table(section, cells, element.page)
                return
            last = section.blocks[-1] if section.blocks else None
            if grade is not None and not names_section and last is not None and last.kind == "table" and last.header and len(last.rows) == 1:
                section.blocks.pop()  # the header belongs to the judgement it heads
                judgement = self.open_key_judgement(cells[0], grade)
                judgement.blocks.append(last)
                self.key_table(judgement, cells, element.page)
                return
        # A grade printed on its own line under a fresh heading is that heading's grade.
        if isinstance(element, (Prose, Row)) and not section.blocks and section.grade is None:
            text = " ".join(element_texts([element]))
            grade = parse_grade(text)
            if grade is not None:
                section.grade = grade
                return
        # Unnumbered text that carries on a numbered paragraph's unfinished sentence is that paragraph's
        # (the element layer sometimes splits a paragraph whose lines hang at an unusual indent).
        last = section.blocks[-1] if section.blocks else None
        if (
            isinstance(element, Prose)
            and last is not None
            and last.kind == "paragraph"
            and not last.bullets
            and element.text[:1].islower()
            and not last.text.rstrip().endswith((".", ":", ";", "?", "!"))
        ):
            last.text = f"{last.text.rstrip()} {' '.join(element.text.split())}"
            carry_notes(last, element)
            if self.in_recs(section) and self.report.recommendations and self.report.recommendations[-1].number == last.number:
                self.report.recommendations[-1].text = " ".join(last.text.split())
            return
        add_block(section, element)
        if not self.in_recs(section):
            self.last_was_rec = False
            return
        text = " ".join(element.text.split())
        if _NOT_A_REC.match(text):
            self.last_was_rec = False
            return
        if isinstance(element, Para):
            self._recommend(section, text, element.number)
        elif isinstance(element, Item) and element.level == 1 and not any(b.kind == "paragraph" for b in section.blocks):
            self._recommend(section, text, None)

    def open_key_judgement(self, name: str, grade: Grade) -> Section:
        """A judgement printed as a key-judgement table with no heading of its own: its section, under
        the part that prints it (beside the judgement before it), above the headings that follow."""
        before = next((k for k in range(len(self.stack) - 1, -1, -1) if self.stack[k].key_judgement), None)
        if before is not None:
            del self.stack[before:]  # the judgement before it ends here
        parent = self.stack[-1] if self.stack else None
        section = self.outline.add(clean_title(name), parent=parent.section if parent else None, grade=grade)
        rank = (parent.rank[0], parent.rank[1] - 0.25) if parent else (99, 0)
        self.stack.append(Open(rank, section, None, key_judgement=True))
        self.current = section
        if is_lscb(name) and self.lscb_body is None:
            self.lscb_body = (name, grade, section)
        return section

    def key_table(self, section: Section, cells: list[str] | tuple[str, ...], page: int) -> None:
        """The "Key judgement | Judgement grade" table under a judgement heading, kept as printed:
        its header row, then the judgement's row (which gives the heading its grade)."""
        header = bool(KEY_TABLE_HEADER.match(norm(" ".join(cells))))
        last = section.blocks[-1] if section.blocks else None
        if not header and last is not None and last.kind == "table" and last.header:
            last.rows.append(list(cells))
        else:
            section.blocks.append(Block(kind="table", text="", rows=[list(cells)], header=header, page=page or None))

    def _recommend(self, section: Section, text: str, number: int | None) -> None:
        group = section.title
        # In the LSCB part of a council's report the group names the board, so the LSCB's recommendations
        # are told apart from the local authority's (an LSCB review on its own needs no such name).
        lscb_part = next(
            (
                o.section
                for o in self.stack
                if is_lscb(o.section.title) or (self.lscb_body is not None and self.lscb_body[2] is o.section)
            ),
            None,
        )
        if lscb_part is not None and not is_lscb(group) and self.report.family != "LSCB":
            group = f"{group} (Local Safeguarding Children Board)"
        self.report.recommendations.append(Recommendation(section=section.id, text=text, group=group, number=number))
        self.last_was_rec = True
        if number is not None:
            self.last_rec_number = number

    def _number(self, para: Para) -> None:
        if self.last_number is not None and (note := numbering_note(self.last_number, para.number, para.page)):
            self.numbering_notes.append(note)
        self.last_number = para.number
        self.last_page = para.page


def _fresh(section: Section) -> bool:
    """Nothing under the heading yet but its key-judgement table."""
    return not section.children and all(b.kind == "table" and b.header for b in section.blocks)


def _cells(members: list[Element]) -> list[str]:
    return [c.strip() for m in members if isinstance(m, Row) for c in m.cells if c and c.strip()]


def walk_body(body: Body, elements: list[Element], report: Report) -> None:
    skip = read_contents(body, elements, report)
    units: list[tuple[list[Element], Element | None]] = []
    """Each printed heading (its elements) or content element, with the element after it."""
    n = len(elements)
    i = 0
    while i < n:
        element = elements[i]
        if i in skip:
            i += 1
            continue
        if isinstance(element, Heading) or _row_is_heading(body, element):
            members = [element]
            while i + 1 < n and i + 1 not in skip and _continues_heading(body, members, elements[i + 1]):
                i += 1
                members.append(elements[i])
            units.append((members, elements[i + 1] if i + 1 < n else None))
        else:
            units.append(([], element))
        i += 1
    style_levels(body, [m for m, _ in units if m])
    for members, element in units:
        if members:
            body.heading(members, element)
        elif element is not None:
            body.content(element)


def _continues_heading(body: Body, members: list[Element], nxt: Element) -> bool:
    """The next element is more of the same printed heading: same type, same page, the next line down."""
    if not (isinstance(nxt, Heading) or _row_is_heading(body, nxt)):
        return False
    last = members[-1]
    if nxt.page != last.page or body.heading_style(nxt) != body.heading_style(members[0]):
        return False
    size = body.heading_style(members[0])[0]
    size = size if isinstance(size, (int, float)) and size > 0 else 12
    if nxt.top <= 0 and last.top <= 0:
        return False
    gap = nxt.top - last.top
    if last_lines := body.lines.of(last):
        gap = nxt.top - last_lines[-1].top
    if not 0 < gap <= size * 1.6:
        return False
    text = " ".join(" ".join(element_texts(members)).split())
    return not text.endswith(("?", ".", ":")) and not CONTENTS.match(text)


def _row_is_heading(body: Body, element: Element) -> bool:
    """A table row printed in heading type (a judgement heading with its grade in a second column)."""
    if not isinstance(element, Row) or body.lines.doc is None:
        return False
    ls = body.lines.of(element)
    if not ls or body.lines.body_size is None:
        return False
    return all(ln.bold for ln in ls) and max(ln.size or 0 for ln in ls) >= body.lines.body_size


def grade_scale(report: Report) -> None:
    """2014 reports print what each grade means ("What the inspection judgements mean: the local authority")."""
    for section in report.walk():
        if not re.match(r"^what\s+the\s+inspection\s+judge?ments\s+mean", section.title, re.I) or is_lscb(section.title):
            continue
        for block in section.blocks:
            found = re.search(rf"\b({GRADE_WORDS})\b", block.text[:80], re.I)
            grade = parse_grade(found.group(1)) if found else None
            if grade is None or grade.rank is None or any(e.rank == grade.rank for e in report.grade_scale):
                continue
            report.grade_scale.append(ScaleEntry(rank=grade.rank, label=grade.label, meaning=" ".join(block.text.split())))
        if report.grade_scale:
            report.grade_scale.sort(key=lambda e: e.rank)
            return
