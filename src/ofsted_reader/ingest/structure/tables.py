"""Judgement tables: names in one column, grades in another, read from where they are printed.

A SIF cover and an ILACS first page each print one ("1. Children who need help and
protection | Requires improvement to be good").  Names and grades wrap inside their cells,
and a grade is often printed level with the middle of a two-line name.  The families
find their table and say which cells are names and how a row starts; this module holds
what they share:

* where things are printed: :class:`Lines` (the LineDoc lines behind each element) and
  :func:`line_cells` (a line split at its column gaps);
* :func:`whole_grades` and :func:`give_grades`: a grade column's pieces ("Requires" /
  "improvement to" / "be good") joined into whole grades, each given to the row it sits beside;
* :func:`rows_from_texts`: the same table from texts in reading order, when nothing says
  where they were printed (plain text).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable

from ofsted_reader.grades import parse_grade
from ofsted_reader.ingest.elements import Element
from ofsted_reader.ingest.lines import Line, LineDoc

GRADE_WORDS = r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate|adequate)"
_GRADE_PIECE = re.compile(
    r"^(?:requires?|improvement|requires?\s+improvement|to\s+be\s+good|to\s+be|be\s+good|to|good|outstanding|inadequate|adequate|"
    r"requires?\s+improvement\s+to|requires?\s+improvement\s+to\s+be|improvement\s+to\s+be\s+good|improvement\s+to(?:\s+be)?|not\s+judged)$",
    re.I,
)
_CONTINUES_GRADE = re.compile(r"^(?:to|be|improvement)\b", re.I)
_CELL_GRADE = re.compile(
    r"(?:^|\s)(?P<grade>(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|to\s+be\s+good|inadequate|outstanding|good|adequate|not\s+judged))\s*$",
    re.I,
)


def is_grade_piece(text: str) -> bool:
    """A grade, or a piece of one wrapped in its cell ("Requires", "improvement to", "be good")."""
    text = text.strip(" .")
    return bool(text) and (bool(_GRADE_PIECE.match(text)) or parse_grade(text) is not None)


def split_cell_grade(text: str) -> tuple[str, str]:
    """A table line as (name part, grade part): ``"Overall effectiveness Good"`` → both."""
    compact = " ".join(text.split())
    if parse_grade(compact) or re.fullmatch(r"to\s+be\s+good", compact, re.I):
        return "", compact
    match = _CELL_GRADE.search(compact)
    if match and match.start("grade") > 0:
        return compact[: match.start("grade")].strip(), match.group("grade")
    return compact, ""


# --------------------------------------------------------------------------- where things are printed


@dataclass
class Cell:
    """A piece of a printed line: the whole line, or one column of it."""

    text: str
    x0: float
    top: float
    size: float | None = None
    bold: bool = False


class Lines:
    """The LineDoc lines behind each element (PDF only): fonts, positions and column gaps."""

    def __init__(self, doc: LineDoc | None, elements: list[Element]) -> None:
        self.doc = doc if doc is not None and doc.kind == "pdf" and doc.lines else None
        self.by_no: dict[int, Line] = {}
        self.order: list[int] = []
        self.body_size: float | None = None
        self.page_width: dict[int, float] = {}
        if self.doc is None:
            return
        for line in self.doc.lines:
            self.by_no[line.lineno] = line
        self.order = sorted(self.by_no)
        sizes: dict[float, int] = {}
        for line in self.doc.lines:
            if line.size:
                sizes[round(line.size, 1)] = sizes.get(round(line.size, 1), 0) + len(line.text)
        self.body_size = max(sizes, key=sizes.get) if sizes else None  # type: ignore[arg-type]
        self.page_width = {p.number: p.width for p in self.doc.pages}
        self._starts = sorted({e.lineno for e in elements})

    def of(self, element: Element) -> list[Line]:
        """The lines an element was made from (from its first line up to the next element's)."""
        if self.doc is None or element.lineno not in self.by_no:
            return []
        i = bisect.bisect_right(self._starts, element.lineno)
        end = self._starts[i] if i < len(self._starts) else None
        j = bisect.bisect_left(self.order, element.lineno)
        out: list[Line] = []
        for no in self.order[j:]:
            if end is not None and no >= end:
                break
            line = self.by_no[no]
            if line.page != element.page and out:
                break
            out.append(line)
        return out

    def width(self, page: int) -> float:
        return self.page_width.get(page, 595.0)

    def page_lines(self, page: int) -> list[Line]:
        if self.doc is None:
            return []
        return [ln for ln in self.doc.lines if ln.page == page]


def line_cells(line: Line) -> list[Cell]:
    """A line split at its column gaps (spans whose separator is a tab); footnote markers left out."""
    spans = list(line.spans or [])
    if not spans or not any(s.sep == "\t" for s in spans[1:]):
        if "\t" in line.text and not spans:
            parts = line.text.split("\t")
            step = (line.x1 - line.x0) / max(len(parts), 1)
            return [Cell(p.strip(), line.x0 + i * step, line.top, line.size, line.bold) for i, p in enumerate(parts) if p.strip()]
        return [Cell(_line_text(line), line.x0, line.top, line.size, line.bold)]
    cells: list[Cell] = []
    run: list = []
    for span in spans:
        if run and span.sep == "\t":
            cells.append(_cell(run, line))
            run = []
        run.append(span)
    if run:
        cells.append(_cell(run, line))
    return [c for c in cells if c.text]


def _line_text(line: Line) -> str:
    if line.spans and any(s.sup for s in line.spans):
        return "".join((s.sep if i else "") + s.text for i, s in enumerate(line.spans) if not s.sup).strip()
    return line.text.replace("\t", " ").strip()


def _cell(spans: list, line: Line) -> Cell:
    text = ""
    for i, span in enumerate(spans):
        if span.sup:
            continue
        sep = span.sep if i else ""
        text += (" " if sep == "\t" else sep) + span.text
    main = max(spans, key=lambda s: len(s.text))
    return Cell(" ".join(text.split()), spans[0].x0, line.top, main.size, main.bold)


# --------------------------------------------------------------------------- the table


@dataclass
class TableRow:
    """A row: its name (wrapped lines joined), its grade as printed, where it is, what it was read from."""

    name: str
    grade_text: str = ""
    tops: list[float] = field(default_factory=list)
    """The tops of the name's lines (empty for a table read from texts)."""
    bottom: float = 0.0
    """The bottom of the name's last line (its top when unknown)."""
    lines: list[int] = field(default_factory=list)
    """LineDoc indices (or element positions) the row was read from."""


@dataclass
class Printed:
    """A whole grade as printed in its column: its text (pieces joined), where it is, what it was read from."""

    text: str
    top: float
    bottom: float
    refs: list[int]

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def whole_grades(pieces: Iterable[tuple[float, float, str, int]]) -> list[Printed]:
    """A grade column's pieces ``(top, bottom, text, ref)`` joined into whole grades.

    Pieces top to bottom are one grade while they are close (20 pt) and what is joined is
    not a grade yet, or the next piece goes on with "to", "be" or "improvement"
    ("Requires improvement" / "to be good", "Requires" / "improvement to" / "be good").
    """
    groups: list[list[tuple[float, float, str, int]]] = []
    for piece in sorted(pieces):
        if groups:
            last = groups[-1][-1]
            joined = " ".join(p[2] for p in groups[-1])
            close = piece[0] - last[0] <= 20
            if close and (parse_grade(joined) is None or _CONTINUES_GRADE.match(piece[2])):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return [Printed(" ".join(p[2] for p in g), g[0][0], max(p[1] for p in g), [p[3] for p in g]) for g in groups]


def give_grades(rows: list[TableRow], grades: list[Printed], margin: float = 0.0) -> None:
    """Give each whole grade to the row it sits beside: the row whose lines it is level with
    (``margin`` above and below a row counts as the row's), else the nearest; rows without a
    grade first (a row's own grade, printed on its line, is set already)."""
    placed = [r for r in rows if r.tops]
    for grade in grades:
        if not placed:
            return

        def distance(row: TableRow) -> tuple[float, float]:
            first = row.tops[0] - margin
            last = max(row.bottom, row.tops[-1]) + margin
            outside = 0.0 if first <= grade.middle <= last else min(abs(grade.middle - first), abs(grade.middle - last))
            return outside, abs(grade.middle - sum(row.tops) / len(row.tops))

        free = [r for r in placed if not r.grade_text]
        best = min(free or placed, key=distance)
        best.grade_text = grade.text if free else f"{best.grade_text} {grade.text}"
        best.lines = sorted(set(best.lines) | set(grade.refs))


def rows_from_texts(texts: list[tuple[str, int]]) -> list[TableRow]:
    """Table rows from cell texts in reading order (name lines, then their grade lines).

    Used when there are no positions (plain text, or a table the PDF layer gave as
    prose): a name part after a grade starts a new row; wrapped names and wrapped
    grades ("Requires improvement" / "to be good") are joined.
    """
    rows: list[TableRow] = []
    name: list[str] = []
    grade: list[str] = []
    used: list[int] = []

    def close() -> None:
        if name and grade:
            rows.append(TableRow(" ".join(" ".join(name).split()), " ".join(" ".join(grade).split()), lines=list(used)))

    for text, ref in texts:
        name_part, grade_part = split_cell_grade(text)
        if name_part and grade:
            close()
            name, grade, used = [], [], []
        if name_part:
            name.append(name_part)
        if grade_part:
            grade.append(grade_part)
        used.append(ref)
    close()
    return rows
