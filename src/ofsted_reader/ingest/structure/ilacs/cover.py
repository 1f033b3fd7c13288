"""An ILACS report's first page: title, council, dates, lead inspector and the judgement table."""

from __future__ import annotations

import re

from ofsted_reader.grades import make_grade, parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Para, Prose, Row
from ofsted_reader.ingest.lines import Line, LineDoc
from ofsted_reader.ingest.structure.common import clean_title, inspector, norm_name
from ofsted_reader.ingest.structure.ilacs.printed import APOS, WNI, element_text, norm_space
from ofsted_reader.ingest.structure.tables import (
    TableRow,
    give_grades,
    is_grade_piece,
    rows_from_texts,
    split_cell_grade,
    whole_grades,
)
from ofsted_reader.model import Metadata, Report

_TITLE = re.compile(r"^inspection\s+of\s+\S", re.I)

_SERVICES_TAIL = re.compile(rf"(?:local\s+authority\s+)?children{APOS}s\s+(?:social\s+care\s+)?services$", re.I)

_GENERIC_TITLE = re.compile(rf"^inspection\s+of\s+(?:the\s+)?{_SERVICES_TAIL.pattern}", re.I)

_TITLE_NAMED = re.compile(rf"^inspection\s+of\s+(?P<la>.+?)\s+{_SERVICES_TAIL.pattern}", re.I)

_TITLE_OTHER = re.compile(r"^inspection\s+of\s+(?P<la>.+?)\s*$", re.I)

_TABLE_HEADER = re.compile(r"^judgements?\s+grades?$", re.I)

_LABEL = re.compile(r"^\s*(?:inspection\s+dates?|dates?\s+of\s+inspection|lead\s+inspectors?|reporting\s+inspector)\b", re.I)

_DATES_LABEL = re.compile(r"\b(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection)\s*:?\s*", re.I)

_LEAD_LABEL = re.compile(r"\blead\s+inspectors?\s*:?\s*", re.I)


def local_authority_from_title(title: str) -> str | None:
    """The council a title names ("Inspection of Bury local authority children's services" → "Bury")."""
    if _GENERIC_TITLE.match(title):
        return None
    match = _TITLE_NAMED.match(title) or _TITLE_OTHER.match(title)
    return clean_title(match.group("la")) if match else None


def _find(elements: list[Element], pattern: re.Pattern[str], start: int = 0, stop: int | None = None) -> int | None:
    for i in range(start, len(elements) if stop is None else min(stop, len(elements))):
        element = elements[i]
        if isinstance(element, (Heading, Prose, Row)) and pattern.match(norm_space(element_text(element))):
            return i
    return None


def _labelled(texts: list[str], label: re.Pattern[str], others: list[re.Pattern[str]]) -> tuple[int, str] | None:
    """The value after ``label`` on a cover line (cut where another label starts), with the line's index."""
    for k, text in enumerate(texts):
        match = label.search(text)
        if not match or (match.start() > 0 and not text[match.start()].isupper()):
            continue
        value = text[match.end() :]
        for other in others:
            cut = other.search(value)
            if cut:
                value = value[: cut.start()]
        return k, value.strip(" ,;")
    return None


def read_cover(elements: list[Element], end: int, report: Report) -> None:
    """Title, local authority, dates and lead inspector from the elements before the table."""
    metadata: Metadata = report.metadata
    texts = [(i, norm_space(element_text(e))) for i, e in enumerate(elements[:end]) if isinstance(e, (Heading, Prose, Row))]
    title_at = next((k for k, (_, t) in enumerate(texts) if _TITLE.match(t) and not _LABEL.match(t)), None)
    above: str | None = None
    if title_at is None:
        # The council and the title read as one heading: "Barnsley Inspection of children's ...".
        for k, (i, t) in enumerate(texts):
            match = re.search(r"\s(inspection\s+of\s+\S.*)$", t, re.I)
            if match and isinstance(elements[i], Heading) and not _LABEL.match(t):
                above, texts[k] = t[: match.start()].strip(), (i, match.group(1))
                title_at = k
                break
    if title_at is not None:
        i, title = texts[title_at]
        # A title wrapped over two elements: the next one continues it (same style, no label).
        nxt = texts[title_at + 1] if title_at + 1 < len(texts) else None
        if nxt and not _LABEL.match(nxt[1]) and not _SERVICES_TAIL.search(title) and _same_style(elements[i], elements[nxt[0]]):
            title = f"{title} {nxt[1]}"
        metadata.title = clean_title(title)
        metadata.local_authority = local_authority_from_title(metadata.title)
        if metadata.local_authority is None:
            # Early covers: the council on its own line above the generic title.
            before = [t for _, t in texts[:title_at] if t and not t.isdigit()]
            if above:
                before.append(above)
            if before:
                metadata.local_authority = clean_title(before[-1])
    plain = [t for _, t in texts]
    dates = _labelled(plain, _DATES_LABEL, [_LEAD_LABEL])
    if dates and dates[1]:
        metadata.inspection_dates = dates[1]
    # Lead inspector: the label's own value, or the next line; "Her/His Majesty's Inspector" dropped.
    lead = _labelled(plain, _LEAD_LABEL, [_DATES_LABEL])
    if lead is not None:
        k, value = lead
        if not value and k + 1 < len(plain):
            value = plain[k + 1]
        metadata.lead_inspector = inspector(value)
    if metadata.lead_inspector is None:
        # "Name HMI" with no label.
        for text in plain:
            match = re.match(r"^(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})[, ]+HMI$", text)
            if match:
                metadata.lead_inspector = match.group("name")
                break
    metadata.published = None  # ILACS reports print no publication date


def _same_style(a: Element, b: Element) -> bool:
    if type(a) is not type(b):
        return False
    if getattr(a, "page", 0) != getattr(b, "page", 0):
        return False
    size_a, size_b = getattr(a, "size", None), getattr(b, "size", None)
    if size_a is not None and size_b is not None:
        return abs(size_a - size_b) < 0.6
    return True


def first_body(elements: list[Element]) -> int:
    """Without a table: the body starts at the first prose after the cover's labelled lines."""
    for i, element in enumerate(elements):
        text = norm_space(element_text(element))
        if WNI.match(text) or isinstance(element, Para):
            return i
        if isinstance(element, Prose) and len(text.split()) > 20:
            return i
    return len(elements)


def read_table(elements: list[Element], doc: LineDoc | None, report: Report) -> tuple[list[TableRow], int, int]:
    """(rows, index of the header element, index of the first element after the table)."""
    header = _find(elements, _TABLE_HEADER, 0, 400)
    if header is None:
        # The header's cells as two elements side by side: "Judgement", "Grade".
        header = next(
            (
                i + 1
                for i, e in enumerate(elements[:400])
                if isinstance(e, (Heading, Prose))
                and i + 1 < len(elements)
                and re.fullmatch(r"judgements?", norm_space(e.text), re.I)
                and re.fullmatch(r"grades?", norm_space(element_text(elements[i + 1])), re.I)
            ),
            None,
        )
    if header is None:
        # No header: a Row with a "Judgement" / "Grade" cell pair, or nothing.
        header = next(
            (
                i
                for i, e in enumerate(elements[:400])
                if isinstance(e, Row) and [c.strip().lower() for c in e.cells if c.strip()][:2] == ["judgement", "grade"]
            ),
            None,
        )
    if header is None:
        report.warnings.append("No judgement table was found on the first page; judgements are taken from the section headings.")
        return [], -1, 0
    rows: list[TableRow] = []
    after = header + 1
    if doc is not None and doc.kind == "pdf" and doc.lines:
        line_index = _line_of(doc, elements[header])
        if line_index is not None:
            rows, last_line = rows_from_lines(doc, line_index)
            if rows:
                after = header + 1
                while after < len(elements) and elements[after].lineno <= last_line and elements[after].page == elements[header].page:
                    after += 1
                if any(isinstance(e, Row) for e in elements[header + 1 : after]):
                    _compare_readings(rows, _rows_from_elements(elements, header)[0], report)
    if not rows:
        rows, after = _rows_from_elements(elements, header)
    return rows, header, after


def _compare_readings(by_position: list[TableRow], by_cells: list[TableRow], report: Report) -> None:
    """Warn when the table read from positions and the PDF layer's table rows disagree."""

    def key(rows: list[TableRow]) -> list[tuple[str, str | None]]:
        return [(norm_name(r.name), (parse_grade(r.grade_text) or make_grade("Not judged")).label) for r in rows]

    if by_cells and key(by_position) != key(by_cells):
        report.warnings.append(
            "The judgement table reads differently from its cell positions and from its rows "
            f"({len(by_position)} rows against {len(by_cells)}); the reading by position is used."
        )


def _line_of(doc: LineDoc, element: Element) -> int | None:
    """Index in the LineDoc of the line an element starts on."""
    lines = doc.lines
    if 0 <= element.lineno < len(lines) and lines[element.lineno].page == element.page:
        candidate = lines[element.lineno]
        if norm_space(candidate.text)[:12].lower() == norm_space(element_text(element))[:12].lower():
            return element.lineno
    wanted = norm_space(element_text(element)).lower()
    for i, line in enumerate(lines):
        if line.page == element.page and norm_space(line.text).lower().startswith(wanted[:12]):
            return i
    return None


def _rows_from_elements(elements: list[Element], header: int) -> tuple[list[TableRow], int]:
    """The table from the elements after its header (no positions): rows by text."""
    texts: list[tuple[str, int]] = []
    i = header + 1
    while i < len(elements):
        element = elements[i]
        if isinstance(element, Row):
            cells = [c for c in element.cells if c.strip()]
            texts.extend((c, i) for c in cells)
        elif isinstance(element, (Prose, Heading)):
            text = norm_space(element.text)
            name_part, grade_part = split_cell_grade(text)
            # Prose that is neither a short name cell nor a grade ends the table.
            if not grade_part and (len(text.split()) > 16 or text.endswith(".")):
                break
            texts.append((text, i))
        else:
            break
        i += 1
    rows = rows_from_texts(texts)
    if not rows:
        return [], header + 1
    end = max(r.lines[-1] for r in rows) + 1
    return rows, end


def _line_cells(line: Line, grade_x: float) -> tuple[str, str]:
    """(name part, grade part) of a table line, by the spans' positions.

    A line with spans is split only where a span starts in the grade column; a line
    with no spans (text input) only at a column gap (tab) or, failing that, at a
    printed grade that reaches into the grade column.
    """
    if line.spans:
        left = [s for s in line.spans if s.x0 < grade_x - 2]
        right = [s for s in line.spans if s.x0 >= grade_x - 2]
        return norm_space(" ".join(s.text for s in left)), norm_space(" ".join(s.text for s in right))
    if line.x0 >= grade_x - 2:
        return "", norm_space(line.text)
    if "\t" in line.text.strip():
        name, _, grade = line.text.strip().rpartition("\t")
        return norm_space(name), norm_space(grade)
    if line.x1 > grade_x:
        return split_cell_grade(line.text)
    return norm_space(line.text), ""


def _bottom(line: Line) -> float:
    return line.bottom if line.bottom > line.top else line.top


def _row(lines: list[tuple[Line, str]]) -> TableRow:
    """A row of the table from its name's lines."""
    return TableRow(
        " ".join(text for _, text in lines),
        tops=[ln.top for ln, _ in lines],
        bottom=_bottom(lines[-1][0]),
        lines=[ln.lineno for ln, _ in lines],
    )


def rows_from_lines(doc: LineDoc, header: int) -> tuple[list[TableRow], int]:
    """The judgement table from line positions (``header`` is the header line's index in
    ``doc.lines``); returns its rows and the ``lineno`` of the table's last line.

    Columns come from the header line ("Judgement" | "Grade"): a span starting at or
    right of the "Grade" column is grade text.  A row is a block of name lines (a gap
    of well over one line pitch starts the next); grade lines join the row they sit
    beside.  The table ends at the first line that runs across the grade column
    without being a grade (the summary prose).
    """
    lines = doc.lines
    head = lines[header]
    grade_x = None
    name_x = head.x0
    if re.fullmatch(r"grades?", head.text.strip(), re.I) and header > 0:
        # The header's two cells came out as two lines: "Judgement", then "Grade".
        before = lines[header - 1]
        if before.page == head.page and re.fullmatch(r"judgements?", before.text.strip(), re.I):
            grade_x, name_x = head.x0, before.x0
    nxt = lines[header + 1] if header + 1 < len(lines) else None
    if (
        re.fullmatch(r"judgements?", head.text.strip(), re.I)
        and nxt is not None
        and nxt.page == head.page
        and re.fullmatch(r"grades?", nxt.text.strip(), re.I)
        and abs(nxt.top - head.top) < 3
    ):
        grade_x = nxt.x0
        header += 1
    for span in head.spans:
        if re.match(r"grades?$", span.text.strip(), re.I):
            grade_x = span.x0
    if grade_x is None:
        match = re.search(r"grades?\s*$", head.text, re.I)
        if match and head.x1 > head.x0 and len(head.text) > 0:
            # Proportional estimate from the text; refined below by lines that are grades alone.
            grade_x = head.x0 + (head.x1 - head.x0) * match.start() / len(head.text)
    candidates: list[Line] = []
    for line in lines[header + 1 :]:
        if line.page != head.page:
            break
        candidates.append(line)
        if len(candidates) > 60:
            break
    # Refine the grade column: lines that are only a grade and sit well right of the names.
    # (A header centred over its column sits right of the grades; a stray grade word far to
    # the left of the header is not a cell.)
    lone = [
        ln.x0
        for ln in candidates
        if parse_grade(ln.text) and ln.x0 > name_x + 60 and (grade_x is None or ln.x0 >= grade_x - 80)
    ]
    if lone:
        grade_x = min(lone) if grade_x is None else min(min(lone), grade_x)
    if grade_x is None:
        return [], header

    names: list[tuple[Line, str]] = []
    grades: list[tuple[Line, str]] = []
    last = header
    for line in candidates:
        name_part, grade_part = _line_cells(line, grade_x)
        if name_part and not grade_part and (line.x1 > grade_x + 6 or name_part.endswith(".")):
            break  # prose running across the grade column (or a sentence): the table is over
        if grade_part and not is_grade_piece(grade_part):
            break  # something other than (a piece of) a grade in the grade column
        if name_part:
            names.append((line, name_part))
        if grade_part:
            grades.append((line, grade_part))
        last = line.lineno if line.lineno else lines.index(line)
    if not names:
        return [], header

    # Rows: blocks of name lines separated by more than ~1.5 line pitches (the pitch is
    # the closest spacing of name lines, or about 1.3 times the type size if that is less:
    # a table whose names never wrap has only row gaps).  A block beside two whole grades is
    # two rows printed close together: each line goes to the grade it is nearer.
    size = names[0][0].size or max(names[0][0].bottom - names[0][0].top, 1.0)
    pitch = min([b[0].top - a[0].top for a, b in zip(names, names[1:]) if b[0].top - a[0].top > 1] + [size * 1.3])
    printed = whole_grades((ln.top, _bottom(ln), text, ln.lineno) for ln, text in grades)
    blocks: list[list[tuple[Line, str]]] = []
    for entry in names:
        if blocks and entry[0].top - blocks[-1][-1][0].top <= pitch * 1.5:
            blocks[-1].append(entry)
        else:
            blocks.append([entry])
    rows: list[TableRow] = []
    for block in blocks:
        beside = [g for g in printed if block[0][0].top - pitch / 2 <= g.middle <= _bottom(block[-1][0]) + pitch / 2]
        if len(beside) < 2:
            rows.append(_row(block))
            continue
        for grade in beside:
            own = [e for e in block if min(beside, key=lambda g: abs(g.middle - (e[0].top + _bottom(e[0])) / 2)) is grade]
            if own:
                rows.append(_row(own))
    give_grades(rows, printed, margin=pitch * 0.5)
    rows = [r for r in rows if r.grade_text]
    for row in rows:
        row.name = norm_space(row.name)
        row.grade_text = norm_space(row.grade_text)
    return rows, last
