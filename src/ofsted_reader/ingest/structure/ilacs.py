"""ILACS: inspections of local authority children's services (2018 – today).

Shape, as the reports print it:

- **Cover** (page 1): early reports print the council on its own line above a
  generic title ("London Borough of Hounslow" / "Inspection of children's social
  care services"); later titles name it ("Inspection of Lancashire local
  authority children's services").  Then ``Inspection dates: ...`` and
  ``Lead inspector: Name`` (with "Her/His Majesty's Inspector" after a comma or
  on the next line).  No publication date is printed.
- **Judgement table** under a "Judgement | Grade" header: the impact of leaders,
  help and protection, children in care (and care leavers, a row of its own
  from 2023), then "Overall effectiveness" (gone from the April 2026
  framework).  Names and grades wrap inside their cells.
- **Summary**: unheaded prose after the table (the executive summary).
- **What needs to improve** (``?``, ``:`` or a footnote marker after it): bullet
  items, from 2025 ending with a national framework reference.
- **Body**: one heading per judgement ending with its grade ("...protection:
  good", "...is: Good", "...leavers are good", "...protection require
  improvement to be good"), each followed by numbered paragraphs.
- A back page of Ofsted boilerplate.

The judgement table is read from the LineDoc (cell positions) when there is
one, otherwise from the element texts.  Everything the parser doubts is
recorded in ``Report.warnings``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ofsted_reader.grades import make_grade, parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import Line, LineDoc
from ofsted_reader.ingest.structure.common import (
    Outline,
    add_block,
    clean_title,
    norm_name,
)
from ofsted_reader.model import Block, Grade, Judgement, Metadata, Recommendation, Report, Section, Source

_APOS = "['’]"
_TITLE = re.compile(r"^inspection\s+of\s+\S", re.I)
_SERVICES_TAIL = re.compile(rf"(?:local\s+authority\s+)?children{_APOS}s\s+(?:social\s+care\s+)?services$", re.I)
_GENERIC_TITLE = re.compile(rf"^inspection\s+of\s+(?:the\s+)?{_SERVICES_TAIL.pattern}", re.I)
_TITLE_NAMED = re.compile(rf"^inspection\s+of\s+(?P<la>.+?)\s+{_SERVICES_TAIL.pattern}", re.I)
_TITLE_OTHER = re.compile(r"^inspection\s+of\s+(?P<la>.+?)\s*$", re.I)
_TABLE_HEADER = re.compile(r"^judgements?\s+grades?$", re.I)
_WNI = re.compile(
    r"^(?P<title>what\s+needs\s+to\s+improve(?:\s+in\s+[^?:]{1,60})?)\s*(?P<punct>[?:])?\s*(?P<mark>\d{1,2}|[*†‡])?\s*$", re.I
)
_LABEL = re.compile(r"^\s*(?:inspection\s+dates?|dates?\s+of\s+inspection|lead\s+inspectors?|reporting\s+inspector)\b", re.I)
_HMI_TAIL = re.compile(rf"\s*[,(]?\s*(?:HMI|H[ie][rs]\s+Majesty{_APOS}s\s+Inspector(?:\s+\(HMI\))?)\)?\s*$", re.I)
_OVERALL = re.compile(r"^overall\s+effectiveness\b", re.I)
_BACK_PAGE = re.compile(
    r"^(?:the\s+office\s+for\s+standards\s+in\s+education|ofsted\s+has\s+a\s+duty|if\s+you\s+would\s+like\s+a\s+copy|©|crown\s+copyright)",
    re.I,
)
_RUNNING_HEADER = re.compile(
    rf"^inspection\s+of\s+.{{0,80}}?children{_APOS}s\s+(?:social\s+care\s+)?services\b[^.]{{0,60}}$", re.I
)
_FOOTNOTE = re.compile(r"^(?P<mark>\d{1,2}|[*†‡])\s+(?P<text>[A-Z].*)$")

_GRADE_WORDS = r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good|adequate)"
# A graded heading: "...: good", "... is: Good", "... are good", "... is inadequate",
# "... protection require improvement to be good" (a verb, so no separator needed).
_HEADING_GRADE = re.compile(
    rf"^(?P<title>.*?\S)\s*(?:(?::|\s(?:is|are)\s*:?)\s*(?P<g1>{_GRADE_WORDS})"
    rf"|\s+(?P<g2>requires?\s+improvement(?:\s+to\s+be\s+good)?))\s*\.?$",
    re.I | re.S,
)
# A grade (or the tail of a wrapped one) at the end of a table line: "... and families Good".
_CELL_GRADE = re.compile(
    r"(?:^|\s)(?P<grade>(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|to\s+be\s+good|inadequate|outstanding|good|adequate|not\s+judged))\s*$",
    re.I,
)
# A grade cell's text, or a piece of one wrapped in its cell ("Requires" / "improvement to" / "be good").
_GRADE_FRAGMENT = re.compile(
    r"(?:(?:requires?|improvement|to|be|good|inadequate|outstanding|adequate|not|judged|grade|[1-4]|\(|\))\s*)+", re.I
)
_CONTINUATION_START = re.compile(r"^[a-z(]")


# ---------------------------------------------------------------- small helpers


def _text(element: Element) -> str:
    if isinstance(element, Row):
        return " ".join(c for c in element.cells if c.strip()) or element.text
    return element.text


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def heading_grade(text: str) -> tuple[str, Grade] | None:
    """Split a judgement heading into its title and the grade printed at its end.

    >>> heading_grade("The experiences and progress of care leavers: good")[0]
    'The experiences and progress of care leavers'
    """
    compact = _norm_space(text)
    if len(compact.split()) > 40:
        return None
    match = _HEADING_GRADE.match(compact)
    if not match:
        return None
    printed = match.group("g1") or match.group("g2")
    grade = parse_grade(printed)
    title = clean_title(match.group("title"))
    if grade is None or not title or len(title.split()) < 2:
        return None
    return title, grade


def inspector(printed: str) -> str | None:
    """``Sarah Canto, His Majesty's Inspector`` / ``Gary Lamb HMI`` → the name."""
    # "Name, <role> Inspector" / "Name, Senior HMI": the role after the comma goes.
    name = re.sub(r",\s*[^,]*\b(?:inspector|HMI)\b[^,]*$", "", _norm_space(printed), flags=re.I)
    name = _HMI_TAIL.sub("", name)
    name = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", name).strip(" ,;")
    return name or None


def local_authority_from_title(title: str) -> str | None:
    """The council a title names ("Inspection of Bury local authority children's services" → "Bury")."""
    if _GENERIC_TITLE.match(title):
        return None
    match = _TITLE_NAMED.match(title) or _TITLE_OTHER.match(title)
    return clean_title(match.group("la")) if match else None


# ---------------------------------------------------------------- the judgement table


@dataclass
class TableRow:
    name: str
    grade_text: str
    lines: list[int] = field(default_factory=list)
    """LineDoc indices (or element linenos) the row was read from."""


def split_cell_grade(text: str) -> tuple[str, str]:
    """A table line as (name part, grade part): ``"Overall effectiveness Good"`` → both."""
    compact = _norm_space(text)
    if parse_grade(compact) or re.fullmatch(r"to\s+be\s+good", compact, re.I):
        return "", compact
    match = _CELL_GRADE.search(compact)
    if match and match.start("grade") > 0:
        return compact[: match.start("grade")].strip(), match.group("grade")
    return compact, ""


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
            rows.append(TableRow(_norm_space(" ".join(name)), _norm_space(" ".join(grade)), list(used)))

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


def _line_cells(line: Line, grade_x: float) -> tuple[str, str]:
    """(name part, grade part) of a table line, by the spans' positions.

    A line with spans is split only where a span starts in the grade column; a line
    with no spans (text input) only at a column gap (tab) or, failing that, at a
    printed grade that reaches into the grade column.
    """
    if line.spans:
        left = [s for s in line.spans if s.x0 < grade_x - 2]
        right = [s for s in line.spans if s.x0 >= grade_x - 2]
        return _norm_space(" ".join(s.text for s in left)), _norm_space(" ".join(s.text for s in right))
    if line.x0 >= grade_x - 2:
        return "", _norm_space(line.text)
    if "\t" in line.text.strip():
        name, _, grade = line.text.strip().rpartition("\t")
        return _norm_space(name), _norm_space(grade)
    if line.x1 > grade_x:
        return split_cell_grade(line.text)
    return _norm_space(line.text), ""


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
        if grade_part and not _GRADE_FRAGMENT.fullmatch(grade_part):
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
    # a table whose names never wrap has only row gaps).
    size = names[0][0].size or max(names[0][0].bottom - names[0][0].top, 1.0)
    pitch = min(
        [b[0].top - a[0].top for a, b in zip(names, names[1:]) if b[0].top - a[0].top > 1] + [size * 1.3]
    )
    blocks: list[list[tuple[Line, str]]] = []
    for entry in names:
        if blocks and entry[0].top - blocks[-1][-1][0].top <= pitch * 1.5:
            blocks[-1].append(entry)
        else:
            blocks.append([entry])
    assigned: list[list[tuple[Line, str]]] = [[] for _ in blocks]
    for entry in grades:
        line = entry[0]
        middle = (line.top + line.bottom) / 2 if line.bottom > line.top else line.top
        best, best_distance = 0, None
        for i, block in enumerate(blocks):
            top = block[0][0].top - pitch * 0.5
            bottom = (block[-1][0].bottom if block[-1][0].bottom > block[-1][0].top else block[-1][0].top) + pitch * 0.5
            distance = 0.0 if top <= middle <= bottom else min(abs(middle - top), abs(middle - bottom))
            if best_distance is None or distance < best_distance:
                best, best_distance = i, distance
        assigned[best].append(entry)
    rows: list[TableRow] = []
    for block, grade_lines in zip(blocks, assigned):
        if not grade_lines:
            continue
        grade_lines.sort(key=lambda e: e[0].top)
        refs = sorted({ln.lineno for ln, _ in block} | {ln.lineno for ln, _ in grade_lines})
        rows.append(
            TableRow(
                _norm_space(" ".join(t for _, t in block)),
                _norm_space(" ".join(t for _, t in grade_lines)),
                refs,
            )
        )
    return rows, last


# ---------------------------------------------------------------- the build


@dataclass
class _State:
    report: Report
    outline: Outline = field(default_factory=Outline)
    current: Section | None = None
    summary: Section | None = None
    wni: Section | None = None
    wni_mark: str | None = None
    wni_page: int = 0
    last_para: int = 0
    in_back_page: bool = False


def _find(elements: list[Element], pattern: re.Pattern[str], start: int = 0, stop: int | None = None) -> int | None:
    for i in range(start, len(elements) if stop is None else min(stop, len(elements))):
        element = elements[i]
        if isinstance(element, (Heading, Prose, Row)) and pattern.match(_norm_space(_text(element))):
            return i
    return None


_DATES_LABEL = re.compile(r"\b(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection)\s*:?\s*", re.I)
_LEAD_LABEL = re.compile(r"\blead\s+inspectors?\s*:?\s*", re.I)


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


def _cover(elements: list[Element], end: int, report: Report) -> None:
    """Title, local authority, dates and lead inspector from the elements before the table."""
    metadata: Metadata = report.metadata
    texts = [(i, _norm_space(_text(e))) for i, e in enumerate(elements[:end]) if isinstance(e, (Heading, Prose, Row))]
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


def _table(elements: list[Element], doc: LineDoc | None, report: Report) -> tuple[list[TableRow], int, int]:
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
                and re.fullmatch(r"judgements?", _norm_space(e.text), re.I)
                and re.fullmatch(r"grades?", _norm_space(_text(elements[i + 1])), re.I)
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
        if _norm_space(candidate.text)[:12].lower() == _norm_space(_text(element))[:12].lower():
            return element.lineno
    wanted = _norm_space(_text(element)).lower()
    for i, line in enumerate(lines):
        if line.page == element.page and _norm_space(line.text).lower().startswith(wanted[:12]):
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
            text = _norm_space(element.text)
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


def _graded_heading(element: Element, names: list[str]) -> tuple[str, Grade] | None:
    """A body element that is a judgement heading: a Heading, or prose the PDF layer did not mark."""
    text = _norm_space(_text(element))
    found = heading_grade(text)
    if found is None:
        return None
    if isinstance(element, Heading):
        return found
    if isinstance(element, Prose) and not text.endswith(".") and len(text.split()) <= 30:
        if element.bold or _best_match(found[0], names)[1] >= 0.75:
            return found
    return None


def _best_match(title: str, names: list[str]) -> tuple[int | None, float]:
    """The name most like ``title`` and how alike (0–1)."""
    key = norm_name(title)
    best, score = None, 0.0
    for i, name in enumerate(names):
        ratio = difflib.SequenceMatcher(None, key, norm_name(name)).ratio()
        if ratio > score:
            best, score = i, ratio
    return best, score


def _join_wrapped_headings(elements: list[Element]) -> list[Element]:
    """A heading left in two pieces is one: "...help and" / "protection: good".

    The second piece starts in lower case and is a heading; the first is a heading, or
    bold prose when its line ran as wide as the text column (the PDF layer then takes
    it for prose: Manchester 2025, "...help and protection:" / "good").
    """
    out: list[Element] = []
    for element in elements:
        last = out[-1] if out else None
        first_piece = isinstance(last, Heading) or (
            isinstance(last, Prose) and last.bold and len(last.text.split()) <= 30 and not last.text.rstrip().endswith(".")
        )
        if (
            isinstance(element, Heading)
            and first_piece
            and _CONTINUATION_START.match(element.text.strip())
            and last.page == element.page
            and heading_grade(last.text) is None
            and not _WNI.match(_norm_space(last.text))
        ):
            out[-1] = Heading(
                text=f"{last.text.rstrip()} {element.text.strip()}",
                page=last.page,
                top=last.top,
                x0=last.x0,
                lineno=last.lineno,
                level=element.level if not isinstance(last, Heading) else last.level,
                size=last.size,
                bold=True,
            )
            continue
        out.append(element)
    return out


def build(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    report = Report(source=source, family="ILACS")
    elements = _join_wrapped_headings(list(elements))
    rows, header, after = _table(elements, doc, report)
    _cover(elements, header if header >= 0 else _first_body(elements), report)
    if header < 0:
        after = _first_body(elements)

    names = [r.name for r in rows]
    state = _State(report=report)
    for element in elements[after:]:
        _place(state, element, names)

    if doc is not None and state.wni is not None:
        note = wni_footnote(doc, state.wni_mark, state.wni_page)
        if note and not any(b.text == note for b in state.wni.blocks):
            state.wni.blocks.append(_text_block(note))
    report.sections = state.outline.roots
    _judgements(report, rows, state)
    _check(report, state)
    return report


def footnote_blocks(doc: LineDoc, page: int) -> list[tuple[str, str]]:
    """The footnotes the PDF cleaner took off ``page``, as (marker, text)."""
    blocks: list[tuple[str, list[str]]] = []
    for ln in getattr(doc, "footnotes", None) or []:
        if ln.page != page:
            continue
        text = _norm_space(ln.text)
        start = re.match(r"^\^?\{?(?P<mark>\d{1,2}|[*†‡])\}?\s*(?=\S)", text)
        if start and (not blocks or text[start.end() :][:1].isupper()):
            blocks.append((start.group("mark"), [text[start.end() :]]))
        elif blocks:
            blocks[-1][1].append(text)
    return [(mark, _norm_space(" ".join(parts))) for mark, parts in blocks]


def wni_footnote(doc: LineDoc, mark: str | None, page: int) -> str | None:
    """The footnote the "What needs to improve" heading points to.

    With the marker known (kept on the heading), the footnote with that marker on the
    heading's page or the next.  When the PDF layer took the superscript off the heading,
    the page's only footnote if it speaks of the improvements (2025+ reports: "The areas
    for improvement have been cross-referenced with ... the National Framework").
    """
    if mark is not None:
        for where in (page, page + 1):
            for found, text in footnote_blocks(doc, where):
                if found == mark:
                    return text
        return None
    blocks = footnote_blocks(doc, page)
    if len(blocks) == 1 and re.search(r"\bimprove", blocks[0][1], re.I):
        return blocks[0][1]
    return None


def _first_body(elements: list[Element]) -> int:
    """Without a table: the body starts at the first prose after the cover's labelled lines."""
    for i, element in enumerate(elements):
        text = _norm_space(_text(element))
        if _WNI.match(text) or isinstance(element, Para):
            return i
        if isinstance(element, Prose) and len(text.split()) > 20:
            return i
    return len(elements)


def _place(state: _State, element: Element, names: list[str]) -> None:
    report = state.report
    text = _norm_space(_text(element))
    if state.in_back_page:
        return
    if isinstance(element, (Prose, Heading)) and _BACK_PAGE.match(text) and state.last_para:
        state.in_back_page = True
        return
    if not text and not isinstance(element, Row):
        return
    if element.page > 1 and isinstance(element, (Prose, Heading)) and _RUNNING_HEADER.match(text):
        return  # a running header the PDF layer left in: "Inspection of X local authority children's services"

    wni = _WNI.match(text) if isinstance(element, (Heading, Prose)) else None
    if wni and (isinstance(element, Heading) or getattr(element, "bold", False) or len(text.split()) <= 6):
        title = clean_title(wni.group("title")) + (wni.group("punct") or "").replace(":", "")
        state.wni = state.current = state.outline.add(title)
        state.wni_mark = wni.group("mark")
        state.wni_page = element.page
        return

    graded = _graded_heading(element, names) if isinstance(element, (Heading, Prose)) else None
    if graded is not None:
        title, grade = graded
        state.current = state.outline.add(title, grade=grade)
        return
    if isinstance(element, Heading):
        # A grade printed on the next line after a wrapped heading is handled by _join_wrapped_headings;
        # a bare grade under the current heading belongs to it.
        grade = parse_grade(text)
        if grade is not None and state.current is not None and state.current.grade is None and not state.current.blocks:
            state.current.grade = grade
            return
        if state.current is state.wni and state.wni is not None and state.wni_mark is None and re.fullmatch(r"\d{1,2}", text):
            state.wni_mark = text
            return
        state.current = state.outline.add(clean_title(text))
        return

    # Content.
    if state.current is None:
        state.summary = state.current = state.outline.add("Summary")
    section = state.current

    if section is state.wni:
        if isinstance(element, Prose) and re.fullmatch(r"\d{1,2}|[*†‡]", text) and state.wni_mark in (None, text):
            state.wni_mark = text  # the footnote marker, on a line of its own
            return
        bulleted = any(b.bullets for b in section.blocks)
        last = report.recommendations[-1] if report.recommendations else None
        next_item = last is not None and last.number is not None and isinstance(element, Para) and element.number == last.number + 1
        if not (isinstance(element, Para) and bulleted and not next_item and not _CONTINUATION_START.match(element.text)):
            _wni_content(state, element, text)
            return
        # A numbered paragraph after the bulleted items: the body began with no heading we know.
        report.warnings.append(
            f"Paragraph {element.number} (page {element.page}) follows 'What needs to improve' with no "
            "section heading before it; it is put under 'Findings'."
        )
        section = state.current = state.outline.add("Findings")

    if isinstance(element, Prose) and state.wni is not None and state.wni_mark:
        footnote = _FOOTNOTE.match(text)
        if footnote and footnote.group("mark") == state.wni_mark and element_is_small(element):
            state.wni.blocks.append(_text_block(footnote.group("text")))
            return

    if isinstance(element, Para):
        if state.last_para and element.number != state.last_para + 1 and _CONTINUATION_START.match(element.text):
            # "16 opportunities..." read as a numbered paragraph: a wrapped line of the previous one.
            _continue_last(section, f"{element.number} {element.text}")
            return
        if state.last_para and element.number != state.last_para + 1:
            report.warnings.append(
                f"Paragraph numbering jumps from {state.last_para} to {element.number} (page {element.page})."
            )
        state.last_para = max(state.last_para, element.number)
    add_block(section, element)


def element_is_small(element: Element) -> bool:
    size = getattr(element, "size", None)
    return size is None or size < 11.5


def _text_block(text: str) -> Block:
    return Block(kind="text", text=text)


def _continue_last(section: Section, text: str) -> None:
    if section.blocks:
        block = section.blocks[-1]
        if block.bullets:
            block.bullets[-1] = f"{block.bullets[-1]} {text}"
        else:
            block.text = f"{block.text} {text}".strip()
    else:
        section.blocks.append(_text_block(text))


def _wni_content(state: _State, element: Element, text: str) -> None:
    """An item of "What needs to improve": one recommendation each."""
    section = state.wni
    assert section is not None
    report = state.report
    if isinstance(element, Item) and element.level > 1 and report.recommendations:
        add_block(section, element)
        report.recommendations[-1].text = section.blocks[-1].bullets[-1].replace("\n– ", " – ")
        return
    if isinstance(element, (Prose, Para)) and report.recommendations and _CONTINUATION_START.match(text):
        # "(National Framework, Outcome 2)" or a wrapped line the PDF layer left apart.
        _continue_last(section, text)
        last = section.blocks[-1]
        report.recommendations[-1].text = last.bullets[-1] if last.bullets else last.text
        return
    if isinstance(element, Item):
        add_block(section, element)
        report.recommendations.append(Recommendation(section=section.id, text=element.text))
        return
    if isinstance(element, Para):
        # A numbered item: a bullet of the list (not a report paragraph), its number kept.
        add_block(section, Item(text=element.text, page=element.page, lineno=element.lineno))
        report.recommendations.append(Recommendation(section=section.id, text=element.text, number=element.number))
        return
    # Unbulleted lines under the heading: each is an item as printed.
    add_block(section, element)
    report.recommendations.append(Recommendation(section=section.id, text=text))


def match_sections(names: list[str], titles: list[str], threshold: float = 0.6) -> dict[int, int]:
    """Pair table rows with body headings by wording: the closest pairs first, each used once.

    The printed names and headings differ ("The experiences of children in care" under
    "The experiences and progress of children in care"), so this is a similarity match.
    """
    pairs = sorted(
        (
            (difflib.SequenceMatcher(None, norm_name(name), norm_name(title)).ratio(), r, s)
            for r, name in enumerate(names)
            for s, title in enumerate(titles)
        ),
        reverse=True,
    )
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for score, r, s in pairs:
        if score < threshold or r in chosen or s in used:
            continue
        chosen[r] = s
        used.add(s)
    return chosen


def _judgements(report: Report, rows: list[TableRow], state: _State) -> None:
    graded = [s for s in report.walk() if s.grade is not None]
    if not rows:
        report.judgements = [Judgement(section=s.id, name=s.title, grade=s.grade) for s in graded if s.grade]
        report.overall = next((j.grade for j in report.judgements if _OVERALL.match(j.name)), None)
        return
    body_rows = [i for i, row in enumerate(rows) if not _OVERALL.match(row.name)]
    pairs = match_sections([rows[i].name for i in body_rows], [s.title for s in graded])
    paired = {body_rows[r]: graded[s] for r, s in pairs.items()}
    for i, row in enumerate(rows):
        grade = parse_grade(row.grade_text) or make_grade("Not judged", row.grade_text)
        section_id = None
        if _OVERALL.match(row.name):
            # The overall judgement's text is the summary under the table.
            section_id = state.summary.id if state.summary else None
        elif i in paired:
            section = paired[i]
            section_id = section.id
            if section.grade and grade.rank != section.grade.rank:
                report.warnings.append(
                    f"The judgement table grades '{row.name}' {row.grade_text}, "
                    f"but its section heading says {section.grade.printed}."
                )
        else:
            report.warnings.append(f"The judgement '{row.name}' in the table has no matching section in the report.")
        report.judgements.append(Judgement(section=section_id, name=row.name, grade=grade))
    for section in graded:
        if section in paired.values() or section.grade is None:
            continue
        report.warnings.append(
            f"The section '{section.title}' is graded {section.grade.printed} but is not in the judgement table."
        )
        report.judgements.append(Judgement(section=section.id, name=section.title, grade=section.grade))
    overall = next((j for j in report.judgements if _OVERALL.match(j.name)), None)
    report.overall = overall.grade if overall else None


def _check(report: Report, state: _State) -> None:
    metadata = report.metadata
    for key, words in (
        ("title", "the report's title"),
        ("local_authority", "the local authority's name"),
        ("inspection_dates", "the inspection dates"),
        ("lead_inspector", "the lead inspector"),
    ):
        if getattr(metadata, key) is None:
            report.warnings.append(f"Could not find {words} on the cover.")
    if state.wni is None:
        report.warnings.append("No 'What needs to improve' section was found.")
    elif not report.recommendations:
        report.warnings.append("The 'What needs to improve' section has no items.")
    if not any(True for _ in report.paragraphs()):
        report.warnings.append("No numbered paragraphs were found.")
