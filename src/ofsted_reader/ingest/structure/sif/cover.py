"""A SIF report's cover: council, title, dates, the overall judgement sentence and the judgement table.

A cover page is the first page, or a later page that prints a title and an inspection
date (a second report joined into the file: the LSCB review); the table may run onto
the next page.  In plain text, the cover ends at the first heading after the judgement
table that is no cover sentence or row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ofsted_reader.dates import iso_date
from ofsted_reader.grades import grade_in_sentence, parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.structure.common import clean_title, cover_metadata, inspector_name
from ofsted_reader.ingest.structure.sif.printed import (
    COVER_SPLIT,
    DATES,
    LABEL,
    LEAD,
    OVERALL,
    PUBLISHED,
    ROW_START,
    TITLE,
    TRAILING_GRADE,
    element_texts,
    is_lscb,
    judgement_sentence,
    strip_marker,
)
from ofsted_reader.ingest.structure.tables import Cell, Lines, TableRow, give_grades, is_grade_piece, line_cells, whole_grades
from ofsted_reader.model import Grade, Metadata


@dataclass
class Cover:
    local_authority: str | None = None
    title: str | None = None
    dates: str | None = None
    published: str | None = None
    overall: Grade | None = None
    lscb: tuple[str, Grade] | None = None
    rows: list[tuple[str, Grade]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Words after which a cover sentence cannot end: the sentence goes on in the next element.
_OPEN_END = re.compile(r"\b(?:to|be|requires?|is|are|and|of|the|in)\s*$", re.I)


def _sentence_from(texts: list[str], i: int, max_join: int = 3) -> tuple[str, int]:
    """Element ``i``'s text joined with the following ones while the sentence is plainly unfinished."""
    text = texts[i]
    used = 1
    while used < max_join and i + used < len(texts):
        nxt = texts[i + used]
        if not nxt:
            break
        if _OPEN_END.search(text) or nxt[:1].islower():
            text = f"{text} {nxt}"
            used += 1
            continue
        break
    return text, used


def parse_cover(elements: list[Element], lines: Lines, family: str) -> Cover:
    cover = Cover()
    texts = element_texts(elements)
    # Cover lines an element layer (or a plain-text file) ran together are taken apart again at the labels
    # and sentences a cover prints.
    pieces = [p.strip() for t in texts for p in COVER_SPLIT.split(t) if p and p.strip()]
    # Council: the line in the largest type (PDF), else the first line before the title.
    title_at = next((i for i, t in enumerate(texts) if TITLE.match(t)), None)
    big = _largest(elements, lines)
    if big is not None and (title_at is None or elements.index(big) <= title_at):
        # A long name wraps onto a second line in the same large type.
        k = elements.index(big)
        names = [texts[k]]
        size = _size(big, lines)
        for e, t in zip(elements[k + 1 :], texts[k + 1 :]):
            if title_at is not None and elements.index(e) >= title_at:
                break
            if size and abs((_size(e, lines) or 0) - size) < 0.6 and e.page == big.page:
                names.append(t)
                continue
            break
        cover.local_authority = clean_title(strip_marker(COVER_SPLIT.split(" ".join(names))[0])) or None
    else:
        at = next((i for i, t in enumerate(pieces) if TITLE.match(t)), None)
        if at:
            cover.local_authority = clean_title(strip_marker(pieces[at - 1])) or None
    # Title: from the first "Inspection of / Review of" line to the first label or sentence.
    piece_at = next((i for i, t in enumerate(pieces) if TITLE.match(t)), None)
    if piece_at is not None:
        parts = []
        for j in range(piece_at, len(pieces)):
            t = pieces[j]
            if j > piece_at and (LABEL.match(t) or OVERALL.match(t) or judgement_sentence(t) or ROW_START.match(t)):
                break
            if len(parts) > 6:
                break
            parts.append(strip_marker(t))
        cover.title = clean_title(" ".join(parts))
    for t in pieces:
        if cover.dates is None and (m := DATES.match(t)):
            cover.dates = " ".join(strip_marker(m.group("v")).split())
        elif cover.published is None and (m := PUBLISHED.match(t)):
            cover.published = iso_date(m.group("v"))
    texts = pieces
    # Sentences: the overall judgement and the LSCB's.
    i = 0
    while i < len(texts):
        text, used = _sentence_from(texts, i)
        if cover.overall is None and (m := OVERALL.match(text)):
            grade = grade_in_sentence(m.group("s"))
            if grade:
                cover.overall = grade
                i += used
                continue
        if cover.lscb is None and is_lscb(text[:80]) and not TITLE.match(text):
            head = re.split(r"(?<=[a-z)])\.\s", text, maxsplit=1)[0]
            found = judgement_sentence(head)
            if found and is_lscb(found[0]):
                cover.lscb = found
                i += used
                continue
        i += 1
    if cover.overall is None:
        # Another wording of the overall judgement: a sentence about the council's services that ends in a grade.
        for i in range(len(texts)):
            text, _ = _sentence_from(texts, i)
            found = judgement_sentence(re.split(r"(?<=[a-z)])\.\s", text, maxsplit=1)[0])
            if (
                found
                and not is_lscb(found[0])
                and not ROW_START.match(text)
                and re.search(r"children|services|local\s+authority|council|overall", found[0], re.I)
            ):
                cover.overall = found[1]
                break
    cover.rows = cover_table(elements, lines)
    return cover


def _size(e: Element, lines: Lines) -> float | None:
    size = getattr(e, "size", None)
    if size is None and lines.doc is not None:
        size = max((ln.size or 0 for ln in lines.of(e)), default=0) or None
    return size


def _largest(elements: list[Element], lines: Lines) -> Element | None:
    best, best_size = None, 0.0
    for e in elements:
        size = _size(e, lines)
        if size and size > best_size + 0.5:
            best, best_size = e, size
    if best is not None and lines.body_size and best_size <= lines.body_size + 1:
        return None
    return best


def cover_table(elements: list[Element], lines: Lines) -> list[tuple[str, Grade]]:
    """The judgement table on the cover: numbered names in one column, grades in another.

    Works on positioned fragments: from the LineDoc for PDFs (column gaps and x
    positions), from the element stream otherwise.  A wrapped name continues its row;
    a grade goes to the row whose lines it sits level with ("Requires improvement"
    printed beside a two-line name, "Requires / improvement" printed on two lines).
    """
    frags: list[Cell] = []
    if lines.doc is not None and elements:
        pages = sorted({e.page for e in elements})
        for page in pages:
            for line in lines.page_lines(page):
                frags.extend(line_cells(line))
        width = lines.width(pages[0])
    else:
        width = 600.0
        top = 0.0
        last_grade = False
        for e in elements:
            # Artificial positions: each name line one step down, grade cells level with the line before.
            if isinstance(e, Row):
                cells = list(e.cells)
                named = bool(cells and cells[0].strip())
                if named:
                    top += 10.0
                    frags.append(Cell(" ".join(cells[0].split()), 0.0, top))
                for k, cell in enumerate(cells[1:], start=1):
                    if cell and cell.strip():
                        frags.append(Cell(" ".join(cell.split()), 400.0 + k, top + 2.0))
                last_grade = not named
                continue
            text = " ".join(e.text.split())
            if isinstance(e, Para):
                text = f"{e.number}. {text}"
            m = TRAILING_GRADE.match(text)
            if m and ROW_START.match(text):
                top += 10.0
                frags.append(Cell(m.group("name"), 0.0, top))
                frags.append(Cell(m.group("grade"), 400.0, top))
                last_grade = False
            elif parse_grade(text) or (last_grade and is_grade_piece(text)):
                frags.append(Cell(text, 400.0, top + 2.0))
                last_grade = True
            else:
                top += 10.0
                frags.append(Cell(text, 0.0, top))
                last_grade = False
    return _table_from_frags(frags, width)


def _table_from_frags(frags: list[Cell], width: float) -> list[tuple[str, Grade]]:
    """Rows start at a numbered name ("1.", "2.1") in the left part of the page; a wrapped name
    goes on below it; grades are the grade words right of the page's middle (or at the end of a
    row's own line when it has no column gap), given to their rows by :func:`give_grades`."""
    starts = [k for k, f in enumerate(frags) if ROW_START.match(f.text) and f.x0 < width * 0.45]
    if not starts:
        return []
    grade_frags = [f for f in frags if f.x0 >= width * 0.4 and is_grade_piece(f.text)]
    rows: list[TableRow] = []
    x0: dict[int, float] = {}
    first_top = frags[starts[0]].top
    for f in frags:
        if f.top < first_top - 8 or f in grade_frags:
            continue
        if ROW_START.match(f.text) and f.x0 < width * 0.45:
            name, inline = f.text, ""
            m = TRAILING_GRADE.match(name)
            if m and parse_grade(m.group("grade")):
                name, inline = m.group("name"), m.group("grade")
            rows.append(TableRow(name, inline, tops=[f.top], bottom=f.top))
            x0[id(rows[-1])] = f.x0
            continue
        if not rows or f.x0 >= width * 0.45:
            continue
        row = rows[-1]
        # A wrapped name: left column, just below the row's last line, indented at least as far, not a sentence.
        wrapped = f.text[:1].islower() or f.x0 > x0[id(row)] + 5
        if wrapped and f.top - row.tops[-1] <= 22 and f.x0 >= x0[id(row)] - 1 and len(f.text) < 80 and not f.text.endswith("."):
            m = TRAILING_GRADE.match(f.text)
            if m and parse_grade(m.group("grade")) and not row.grade_text:
                row.name += " " + m.group("name")
                row.grade_text = m.group("grade")
            else:
                row.name += " " + f.text
            row.tops.append(f.top)
            row.bottom = f.top
            continue
        if f.top > row.tops[-1]:
            break  # the table is over
    if not rows:
        return []
    pieces = [(g.top, g.top, g.text, 0) for g in grade_frags if first_top - 10 <= g.top <= rows[-1].tops[-1] + 22]
    give_grades(rows, whole_grades(pieces))
    out = []
    for row in rows:
        grade = parse_grade(row.grade_text) if row.grade_text else None
        if grade is not None:
            out.append((" ".join(row.name.split()), grade))
    return out


def _cover_pages(elements: list[Element]) -> list[int]:
    """Pages that are report covers: the first page, and any later page that prints a title and an inspection date."""
    if not elements or not any(e.page for e in elements):
        return []
    first = min(e.page for e in elements if e.page)
    covers = [first]
    by_page: dict[int, list[Element]] = {}
    for e in elements:
        by_page.setdefault(e.page, []).append(e)
    for page in sorted(by_page):
        if page <= first + 1:
            continue
        items = by_page[page]
        texts = element_texts(items[:12])
        has_title = any(TITLE.match(t) for t in texts[:6])
        has_date = any(DATES.match(t) for t in texts)
        if has_title and has_date:
            covers.append(page)
    return covers


def _spilled_cover(cover: list[Element], body: list[Element], lines: Lines) -> tuple[list[Element], list[Element]]:
    """A cover whose judgement table runs onto the next page: the table's rows there belong to the cover."""
    if not cover or not body or not cover[0].page or any(ROW_START.match(t) for t in element_texts(cover)):
        return cover, body
    page = cover[-1].page + 1
    k = 0
    while k < len(body) and body[k].page == page:
        e = body[k]
        text = " ".join(element_texts([e]))
        if isinstance(e, Para) and not (TRAILING_GRADE.match(e.text) or TRAILING_GRADE.match(text)):
            break
        if isinstance(e, (Heading, Prose)) and not (
            ROW_START.match(text) or is_grade_piece(text) or text[:1].islower()
        ):
            break
        k += 1
    moved = body[:k]
    if moved and cover_table(moved, lines):
        return cover + moved, body[k:]
    return cover, body


def _text_cover_end(elements: list[Element]) -> int:
    """Plain text: the cover ends at the first heading after the inspection date that is no cover sentence or row."""
    label = next(
        (i for i, e in enumerate(elements[:80]) if re.search(r"\binspection\s+dates?\s*:", " ".join(element_texts([e])), re.I)),
        None,
    )
    if label is None:
        return 0
    # The judgement table's last row (a numbered name with a grade after it, or a grade on the next line).
    start = label
    for i in range(label + 1, min(len(elements), label + 40)):
        e = elements[i]
        text = " ".join(element_texts([e]))
        if isinstance(e, Para):
            text = f"{e.number}. {text}"
        nxt = " ".join(element_texts(elements[i + 1 : i + 2]))
        if ROW_START.match(text) and (TRAILING_GRADE.match(text) or isinstance(e, Row) or parse_grade(nxt)):
            start = i
    for i in range(start + 1, len(elements)):
        e = elements[i]
        if isinstance(e, Heading):
            text = " ".join(e.text.split())
            if PUBLISHED.match(text) or OVERALL.match(text) or judgement_sentence(text) or ROW_START.match(text) or parse_grade(text):
                continue
            if TRAILING_GRADE.match(text) and ROW_START.match(text):
                continue
            return i
    return len(elements)


def segments(elements: list[Element], lines: Lines) -> list[tuple[list[Element], list[Element]]]:
    """(cover, body) per report printed in the file (two when an LSCB review is joined to the council's)."""
    covers = _cover_pages(elements)
    found: list[tuple[list[Element], list[Element]]] = []
    if covers:
        bounds = covers + [10**9]
        pre = [e for e in elements if e.page < covers[0]]
        for k, page in enumerate(covers):
            cover = [e for e in elements if e.page == page]
            body = [e for e in elements if bounds[k] < e.page < bounds[k + 1]]
            found.append((cover, (pre if k == 0 else []) + body))
    else:
        end = _text_cover_end(elements)
        found.append((elements[:end], elements[end:]))
    return [_spilled_cover(*_cover_ends(cover, body), lines) for cover, body in found]


def _row_text(element: Element) -> str:
    text = " ".join(element_texts([element]))
    return f"{element.number}. {text}" if isinstance(element, Para) else text


def _is_table_piece(element: Element) -> bool:
    """A judgement table's row start ("2.1 Adoption performance ...") or a grade (or a piece of one)."""
    text = _row_text(element)
    return bool(ROW_START.match(text)) or is_grade_piece(text)


def _cover_ends(cover: list[Element], body: list[Element]) -> tuple[list[Element], list[Element]]:
    """A cover page on which the report itself begins (an "Executive summary" under the judgement
    table): the cover ends at the first heading after the table that is no cover sentence."""
    pieces = [i for i, e in enumerate(cover) if _is_table_piece(e)]
    if not pieces or not cover[0].page:
        return cover, body
    for i in range(pieces[-1] + 1, len(cover)):
        e = cover[i]
        if not isinstance(e, Heading):
            continue
        text = " ".join(e.text.split())
        if LABEL.match(text) or OVERALL.match(text) or judgement_sentence(text) or is_lscb(text) or _is_table_piece(e):
            continue
        return cover[:i], cover[i:] + body
    return cover, body


def table_members(cover: list[Element], rows: list[tuple[str, Grade]]) -> set[int]:
    """The cover elements the judgement table is made of (ids): its row starts and grades, and the
    short lines between them (names wrapped inside their cells)."""
    pieces = [i for i, e in enumerate(cover) if _is_table_piece(e)]
    if not rows or not pieces:
        return set()
    members = set()
    for i in range(pieces[0], pieces[-1] + 1):
        text = _row_text(cover[i])
        if i in pieces or (len(text) < 80 and not text.endswith(".") and not OVERALL.match(text)):
            members.add(id(cover[i]))
    return members


def fill_metadata(meta: Metadata, covers: list[Cover], main_at: int, main_elements: list[Element], elements: list[Element]) -> None:
    """The report's metadata from its main cover (the council's inspection), the title joining every
    cover's; the lead inspector wherever the report names one (the inspection team is printed at
    the end in some years)."""
    main = covers[main_at]
    meta.local_authority = main.local_authority
    titles = list(dict.fromkeys(c.title for c in covers if c.title))
    meta.title = " and ".join(titles) if titles else None
    meta.inspection_dates = main.dates
    meta.published = main.published
    all_texts = element_texts(e for e in elements if isinstance(e, (Heading, Prose, Item, Row)))
    for e in main_elements + elements:
        if meta.lead_inspector is not None:
            break
        if isinstance(e, Row):
            cells = [c.strip() for c in e.cells if c and c.strip()]
            if len(cells) >= 2 and re.match(r"^lead\s+inspector\s*:?$", cells[0], re.I):
                meta.lead_inspector = inspector_name(cells[1]) or None
                continue
        if isinstance(e, (Heading, Prose, Item, Row)) and (m := LEAD.match(" ".join(element_texts([e])))):
            meta.lead_inspector = inspector_name(re.split(r"\s{2,}|\t", m.group("v"))[0]) or None
    if meta.lead_inspector is None:
        # "… The inspection team Lead inspector: Jane Example Deputy lead inspector: …" run together.
        for t in all_texts:
            if m := re.search(r"(?<!deputy )\blead\s+inspector(?:\s+on\s+site)?\s*:\s*((?:[A-Z][\w’'.-]*\s*){1,4})", t, re.I):
                name = re.split(r"\s+(?:Deputy|Team|Quality|Senior|HMI\b)", m.group(1))[0]
                meta.lead_inspector = inspector_name(name) or None
                break
    if meta.inspection_dates is None:
        spare = Metadata()
        cover_metadata(all_texts[:60], spare)
        meta.inspection_dates = spare.inspection_dates
