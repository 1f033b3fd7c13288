"""SIF: the single inspection framework (2013–18), incl. re-inspections and combined LA + LSCB reports.

Shape of a report (all from what the document prints, never from a file name):

* A **cover page**: the council (largest type), the title (one or two titles; a
  combined report prints "Inspection of services for children in need of help and
  protection, …" + "and" + "Review of the effectiveness of the Local Safeguarding
  Children Board"), ``Inspection date: …``, ``Report published: …`` (from 2015),
  the overall judgement as a sentence ("Children’s services in X require
  improvement to be good"; 2014: "The overall judgement is good"), the judgement
  table (rows ``1.``, ``2.``, ``2.1``, ``2.2``, ``3.`` with a grade column; names
  and grades wrap over lines) and, in 2014, the LSCB judgement as a sentence.
* A **body**: headings whose weight comes from their type size, numbered
  paragraphs (the numbering runs on through the LSCB part of a combined report),
  unnumbered executive summaries, judgement headings that carry their grade in a
  right-hand column ("Leadership, management and | Requires improvement /
  governance | to be good") or as a sentence ("… are good", "The graded judgement
  for adoption performance is that it is good"), and an LSCB part that opens with
  its judgement sentence ("The Local Safeguarding Children Board is good").
* **Recommendations**: 2014 "What does the local authority need to improve?"
  with "Priority and immediate action" / "Areas for improvement" parts whose items
  are numbered inside the paragraph sequence; from 2015 a "Recommendations" list
  numbered 1..N, sometimes under topic headings.  Lines such as "There are no areas
  of priority action" are not recommendations.
* Two reports joined in one PDF: a second cover page part-way through, after which
  paragraph numbering restarts.  The council's inspection leads (its cover gives the
  metadata, table and overall judgement); the other report (the LSCB review) becomes
  a part of its own, in print order, and the title joins both titles with " and ".

Nesting comes from heading type (size, weight); where the printed contents list
names two headings, its indentation decides their levels instead (2014 reports print
some second-level headings smaller than others).  Cover judgements are tied to the
body sections whose titles share their words ("2.2 Experiences and progress of care
leavers" → "The graded judgement about the experience and progress of care leavers").

The LSCB-only review (family ``LSCB``, :mod:`.lscb`) has the same cover (no table)
and body, and is built by the same code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from ofsted_reader.grades import grade_in_sentence, make_grade, parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import Line, LineDoc
from ofsted_reader.ingest.structure.common import (
    Outline,
    add_block,
    clean_title,
    contents_entry,
    cover_metadata,
    finish,
    inspector_name,
    iso_date,
)
from ofsted_reader.model import (
    ContentsEntry,
    Grade,
    Judgement,
    Metadata,
    Recommendation,
    Report,
    ScaleEntry,
    Section,
    Source,
)

# --------------------------------------------------------------------------- printed signals

_APOS = "['’‘`]"
_GRADE_WORDS = r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate|adequate)"
_TITLE = re.compile(r"^(?:re-?)?(?:inspection|review)\s+of\b", re.I)
_LABEL = re.compile(
    r"^\s*(?:inspection\s+dates?|dates?\s+of\s+inspection|report\s+published|published|lead\s+inspector)\s*:",
    re.I,
)
_DATES = re.compile(r"^\s*(?:inspection\s+dates?|dates?\s+of\s+inspection)\s*:\s*(?P<v>.+)$", re.I)
_PUBLISHED = re.compile(r"^\s*(?:report\s+|date\s+)?published\s*:\s*(?P<v>.+)$", re.I)
_LEAD = re.compile(r"^\s*lead\s+inspector\s*:\s*(?P<v>.+)$", re.I)
_OVERALL = re.compile(
    rf"^(?P<s>(?:children{_APOS}?s?\s+services\s+in\s+.+?\s+(?:is|are|requires?)\b|the\s+overall\s+judge?ment\s+is\b).*?"
    rf"\b{_GRADE_WORDS})(?=$|[\s.,;:])",
    re.I | re.S,
)
_COVER_SPLIT = re.compile(
    r"\s+(?=(?:inspection\s+dates?|dates?\s+of\s+inspection|report\s+published|lead\s+inspector)\s*:"
    r"|children['’]s\s+services\s+in\s|the\s+overall\s+judge?ment\s+is\b"
    r"|(?:re-?)?inspection\s+of\s+services\b|review\s+of\s+the\s+effectiveness\b)",
    re.I,
)
_SIF_TITLE = re.compile(r"inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection", re.I)
_LSCB_WORDS = re.compile(r"local\s+safeguarding\s+children\s*(?:'s\s+)?board|safeguarding\s+children\s+board|\bLSCB\b", re.I)
_JUDGEMENT_SENTENCE = re.compile(
    rf"^(?P<subject>.+?)\s+(?P<tail>(?:(?:is|are)\s+(?:that\s+(?:it|they)\s+(?:is|are)\s+|judged\s+(?:to\s+be\s+)?)?"
    rf"(?:outstanding|good|inadequate|adequate)|(?:is\s+that\s+(?:it|they)\s+)?requires?\s+improvement(?:\s+to\s+be\s+good)?))\s*\.?$",
    re.I | re.S,
)
_ROW_START = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})?\.?)\s+(?P<rest>\S.*)$", re.S)
_GRADE_PIECE = re.compile(
    r"^(?:requires?|improvement|requires?\s+improvement|to\s+be\s+good|to\s+be|be\s+good|to|good|outstanding|inadequate|adequate|"
    r"requires?\s+improvement\s+to|requires?\s+improvement\s+to\s+be|improvement\s+to\s+be\s+good|improvement\s+to(?:\s+be)?|not\s+judged)$",
    re.I,
)
_TRAILING_GRADE = re.compile(rf"^(?P<name>.*?\S)\s+(?P<grade>{_GRADE_WORDS})\s*$", re.I | re.S)
_CONTENTS = re.compile(r"^contents$", re.I)
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
_BODY_TITLE = re.compile(
    r"\b(?:findings|strengths|weaknesses|summary|information|context|judge?ments?\s+mean|inspection\s+team)\b"
    r"|^(?:section\s+\d|the\s+local\s+authority$|the\s+local\s+safeguarding)",
    re.I,
)
_NOT_A_REC = re.compile(r"^\s*there\s+(?:are|is|were)\s+no\b", re.I)
_KEY_TABLE_HEADER = re.compile(r"^key\s+judgements?\s+(?:judge?ment\s+)?grades?$", re.I)
_STOP = {"the", "of", "and", "for", "about", "a", "an", "in", "to", "is", "are", "that", "it", "graded", "judgement"}
# Words after which a cover sentence cannot end: the sentence goes on in the next element.
_OPEN_END = re.compile(r"\b(?:to|be|requires?|is|are|and|of|the|in)\s*$", re.I)


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("judgment", "judgement"))
    out = set()
    for word in words:
        if word in _STOP:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return out


def _strip_marker(text: str) -> str:
    """A footnote marker glued to the end of a title line ("…Board1", "…Board 1")."""
    return re.sub(r"(?<=[A-Za-z])\s?\d{1,2}$", "", text.strip())


def _is_lscb(text: str | None) -> bool:
    return bool(text and _LSCB_WORDS.search(text))


def judgement_sentence(text: str) -> tuple[str, Grade] | None:
    """``"The Local Safeguarding Children Board is good"`` → (subject, Grade printed as the sentence).

    Only a sentence that *ends* with its grade counts ("This local authority is good because" does not).
    """
    compact = " ".join(text.split()).rstrip(" .")
    match = _JUDGEMENT_SENTENCE.match(compact)
    if not match:
        return None
    grade = grade_in_sentence(compact)
    if grade is None:
        return None
    subject = match.group("subject").strip(" ,:")
    if not subject or len(subject.split()) > 30:
        return None
    return subject, grade


# --------------------------------------------------------------------------- LineDoc access


@dataclass
class Frag:
    """A piece of a printed line: a whole line, or one cell of it when the line has column gaps."""

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
        self.body_size = max(sizes, key=sizes.get) if sizes else None
        self.page_width = {p.number: p.width for p in self.doc.pages}
        self._starts = sorted({e.lineno for e in elements})

    def of(self, element: Element) -> list[Line]:
        """The lines an element was made from (from its first line up to the next element's)."""
        if self.doc is None or element.lineno not in self.by_no:
            return []
        import bisect

        i = bisect.bisect_right(self._starts, element.lineno)
        end = self._starts[i] if i < len(self._starts) else None
        j = bisect.bisect_left(self.order, element.lineno)
        out = []
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


def line_frags(line: Line) -> list[Frag]:
    """A line split at its column gaps (spans whose separator is a tab)."""
    spans = list(line.spans or [])
    if not spans or not any(getattr(s, "sep", "") == "\t" for s in spans[1:]):
        if "\t" in line.text and not spans:
            parts = [p for p in line.text.split("\t")]
            step = (line.x1 - line.x0) / max(len(parts), 1)
            return [
                Frag(p.strip(), line.x0 + i * step, line.top, line.size, line.bold) for i, p in enumerate(parts) if p.strip()
            ]
        return [Frag(_line_text(line), line.x0, line.top, line.size, line.bold)]
    frags: list[Frag] = []
    cur: list = []
    for span in spans:
        if cur and getattr(span, "sep", "") == "\t":
            frags.append(_frag(cur, line))
            cur = []
        cur.append(span)
    if cur:
        frags.append(_frag(cur, line))
    return [f for f in frags if f.text]


def _line_text(line: Line) -> str:
    if line.spans and any(getattr(s, "sup", False) for s in line.spans):
        return "".join((s.sep if i else "") + s.text for i, s in enumerate(line.spans) if not getattr(s, "sup", False)).strip()
    return line.text.replace("\t", " ").strip()


def _frag(spans: list, line: Line) -> Frag:
    text = ""
    for i, span in enumerate(spans):
        if getattr(span, "sup", False):
            continue
        sep = getattr(span, "sep", "") if i else ""
        text += (" " if sep == "\t" else sep) + span.text
    main = max(spans, key=lambda s: len(s.text))
    return Frag(" ".join(text.split()), spans[0].x0, line.top, main.size, main.bold)


# --------------------------------------------------------------------------- the cover


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


def _texts(elements: Iterable[Element]) -> list[str]:
    out = []
    for e in elements:
        if isinstance(e, Row):
            out.append(" ".join(c for c in e.cells if c))
        else:
            out.append(e.text)
    return [" ".join(t.split()) for t in out]


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
    texts = _texts(elements)
    # Cover lines an element layer (or a plain-text file) ran together are taken apart again at the labels
    # and sentences a cover prints.
    pieces = [p.strip() for t in texts for p in _COVER_SPLIT.split(t) if p and p.strip()]
    # Council: the line in the largest type (PDF), else the first line before the title.
    title_at = next((i for i, t in enumerate(texts) if _TITLE.match(t)), None)
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
        cover.local_authority = clean_title(_strip_marker(_COVER_SPLIT.split(" ".join(names))[0])) or None
    else:
        at = next((i for i, t in enumerate(pieces) if _TITLE.match(t)), None)
        if at:
            cover.local_authority = clean_title(_strip_marker(pieces[at - 1])) or None
    # Title: from the first "Inspection of / Review of" line to the first label or sentence.
    piece_at = next((i for i, t in enumerate(pieces) if _TITLE.match(t)), None)
    if piece_at is not None:
        parts = []
        for j in range(piece_at, len(pieces)):
            t = pieces[j]
            if j > piece_at and (_LABEL.match(t) or _OVERALL.match(t) or judgement_sentence(t) or _ROW_START.match(t)):
                break
            if len(parts) > 6:
                break
            parts.append(_strip_marker(t))
        cover.title = clean_title(" ".join(parts))
    for t in pieces:
        if cover.dates is None and (m := _DATES.match(t)):
            cover.dates = " ".join(_strip_marker(m.group("v")).split())
        elif cover.published is None and (m := _PUBLISHED.match(t)):
            cover.published = iso_date(m.group("v"))
    texts = pieces
    # Sentences: the overall judgement and the LSCB's.
    i = 0
    while i < len(texts):
        text, used = _sentence_from(texts, i)
        if cover.overall is None and (m := _OVERALL.match(text)):
            grade = grade_in_sentence(m.group("s"))
            if grade:
                cover.overall = grade
                i += used
                continue
        if cover.lscb is None and _is_lscb(text[:80]) and not _TITLE.match(text):
            head = re.split(r"(?<=[a-z)])\.\s", text, maxsplit=1)[0]
            found = judgement_sentence(head)
            if found and _is_lscb(found[0]):
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
                and not _is_lscb(found[0])
                and not _ROW_START.match(text)
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
    frags: list[Frag] = []
    if lines.doc is not None and elements:
        pages = sorted({e.page for e in elements})
        for page in pages:
            for line in lines.page_lines(page):
                frags.extend(line_frags(line))
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
                    frags.append(Frag(" ".join(cells[0].split()), 0.0, top))
                for k, cell in enumerate(cells[1:], start=1):
                    if cell and cell.strip():
                        frags.append(Frag(" ".join(cell.split()), 400.0 + k, top + 2.0))
                last_grade = not named
                continue
            text = " ".join(e.text.split())
            if isinstance(e, Para):
                text = f"{e.number}. {text}"
            m = _TRAILING_GRADE.match(text)
            if m and _ROW_START.match(text):
                top += 10.0
                frags.append(Frag(m.group("name"), 0.0, top))
                frags.append(Frag(m.group("grade"), 400.0, top))
                last_grade = False
            elif parse_grade(text) or (last_grade and _GRADE_PIECE.match(text.strip(" ."))):
                frags.append(Frag(text, 400.0, top + 2.0))
                last_grade = True
            else:
                top += 10.0
                frags.append(Frag(text, 0.0, top))
                last_grade = False
    return _table_from_frags(frags, width)


def _table_from_frags(frags: list[Frag], width: float) -> list[tuple[str, Grade]]:
    starts = [k for k, f in enumerate(frags) if _ROW_START.match(f.text) and f.x0 < width * 0.45]
    if not starts:
        return []
    # Grade column: fragments right of the page's middle made only of grade words.
    grade_frags = [
        f for f in frags if f.x0 >= width * 0.4 and (_GRADE_PIECE.match(f.text.strip(" .")) or parse_grade(f.text))
    ]
    # A row start may carry its grade inline when the line has no column gap ("2.2 Experiences ... Good").
    rows: list[dict] = []
    first_top = frags[starts[0]].top
    last_top = None
    line_gap = None
    for f in frags:
        if f.top < first_top - 8 or f in grade_frags:
            continue
        start = _ROW_START.match(f.text)
        if start and f.x0 < width * 0.45:
            name = f.text
            inline = None
            m = _TRAILING_GRADE.match(name)
            if m and parse_grade(m.group("grade")):
                name, inline = m.group("name"), m.group("grade")
            if last_top is not None:
                gap = f.top - last_top
                line_gap = gap if line_gap is None else min(line_gap, gap)
            rows.append({"name": name, "tops": [f.top], "x0": f.x0, "grade": [inline] if inline else [], "gtops": [f.top] if inline else []})
            last_top = f.top
            continue
        if not rows or f.x0 >= width * 0.45:
            continue
        row = rows[-1]
        # A wrapped name: left column, just below the row's last line, indented at least as far, not a sentence.
        wrapped = f.text[:1].islower() or f.x0 > row["x0"] + 5
        if wrapped and f.top - row["tops"][-1] <= 22 and f.x0 >= row["x0"] - 1 and len(f.text) < 80 and not f.text.endswith("."):
            m = _TRAILING_GRADE.match(f.text)
            if m and parse_grade(m.group("grade")) and not row["grade"]:
                row["name"] += " " + m.group("name")
                row["grade"].append(m.group("grade"))
                row["gtops"].append(f.top)
            else:
                row["name"] += " " + f.text
            row["tops"].append(f.top)
            last_top = f.top
            continue
        if f.top > row["tops"][-1]:
            break  # the table is over
    if not rows:
        return []
    # Grades printed in their own column: join the pieces of one grade, then give it to the nearest row.
    pieces = sorted((g for g in grade_frags if g.top >= first_top - 10 and g.top <= rows[-1]["tops"][-1] + 22), key=lambda g: g.top)
    groups: list[list[Frag]] = []
    for piece in pieces:
        if groups:
            prev = groups[-1][-1]
            joined = " ".join(p.text for p in groups[-1])
            if piece.top - prev.top <= 20 and parse_grade(joined) is None or (
                piece.top - prev.top <= 20 and re.match(r"^(to\b|be\b|improvement\b)", piece.text, re.I)
            ):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    for group in groups:
        text = " ".join(p.text for p in group)
        centre = sum(p.top for p in group) / len(group)
        best = min(
            (r for r in rows if not r["grade"]),
            key=lambda r: abs(centre - sum(r["tops"]) / len(r["tops"])),
            default=None,
        )
        if best is None:
            best = min(rows, key=lambda r: abs(centre - sum(r["tops"]) / len(r["tops"])))
            best["grade"].append(text)
        else:
            best["grade"] = [text]
    out = []
    for row in rows:
        grade = parse_grade(" ".join(row["grade"])) if row["grade"] else None
        name = " ".join(row["name"].split())
        if grade is None:
            continue
        out.append((name, grade))
    return out


# --------------------------------------------------------------------------- the body


@dataclass
class _Open:
    rank: tuple
    section: Section
    level: int | None = None
    """The heading's level in the printed contents list (None when the contents list does not name it)."""


class Body:
    """Builds the outline from body elements: sections by heading weight, paragraphs, recommendations."""

    def __init__(self, report: Report, outline: Outline, lines: Lines) -> None:
        self.report = report
        self.outline = outline
        self.lines = lines
        self.stack: list[_Open] = []
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
                for f in line_frags(line):
                    if f.x0 >= width * 0.5 and (_GRADE_PIECE.match(f.text.strip(" .")) or parse_grade(f.text)):
                        right.append(f.text)
                    else:
                        left.append(f.text)
            if right:
                grade = parse_grade(" ".join(right))
                if grade and left:
                    return clean_title(_strip_marker(" ".join(left))), grade
        texts: list[str] = []
        grades: list[str] = []
        for element in members:
            if isinstance(element, Row):
                cells = [c for c in element.cells if c and c.strip()]
                if len(cells) >= 2 and all(_GRADE_PIECE.match(c.strip(" .")) or parse_grade(c) for c in cells[1:]):
                    texts.append(cells[0])
                    grades.extend(cells[1:])
                    continue
                texts.append(" ".join(cells))
            else:
                texts.append(element.text)
        title = clean_title(_strip_marker(" ".join(" ".join(texts).split())))
        if grades and (grade := parse_grade(" ".join(grades))):
            return title, grade
        return title, None

    def level_of(self, title: str, rank: tuple | None, page: int = 0) -> int | None:
        """The heading's level from the contents list: by its title (and printed page, when both are
        known), else by its type style when the contents list names most headings printed in that style."""
        key = _norm(title).lower()
        words = _tokens(title)
        for entry_key, entry_words, level, entry_page in self.contents_level:
            if page and entry_page is not None and not 0 <= page - entry_page <= 1:
                continue
            if entry_key == key or (
                words and entry_words and len(words & entry_words) >= 0.9 * max(len(words), len(entry_words))
            ):
                return level
        return self.style_level.get(rank) if rank is not None else None

    def open_section(
        self, title: str, rank: tuple, grade: Grade | None = None, page: int = 0
    ) -> Section:
        level = self.level_of(title, rank, page)

        def pops(top: _Open) -> bool:
            # Two headings the contents list names: its levels decide (the type may say otherwise, e.g.
            # 2014 reports print some second-level headings in a smaller type than others); otherwise
            # a heading closes what is printed in the same or a smaller type.
            if level is not None and top.level is not None and top.level != 0:
                return top.level >= level
            return top.rank <= rank

        while self.stack and pops(self.stack[-1]):
            self.stack.pop()
        parent = self.stack[-1].section if self.stack else None
        section = self.outline.add(title, parent=parent, grade=grade)
        self.stack.append(_Open(rank, section, level))
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
        fresh = current is not None and not current.blocks and not current.children

        # Just a grade (or "are good") under a heading that has nothing yet: that heading's grade.
        only = parse_grade(title) or (
            (m := re.match(rf"^(?:is|are)\s+({_GRADE_WORDS})\.?$", title, re.I)) and parse_grade(m.group(1))
        )
        if only and current is not None and fresh and current.grade is None:
            current.grade = only if not title.lower().startswith(("is ", "are ")) else make_grade(only.label, f"{current.title} {title}")
            return
        if _KEY_TABLE_HEADER.match(_norm(title)):
            return
        # The body's grade table row under a judgement heading ("Key judgement | Judgement grade").
        if side_grade and current is not None and fresh and (
            (_tokens(title) and _tokens(title) <= _tokens(current.title) | {"key"})
            or (_is_lscb(title) and _is_lscb(current.title))
        ):
            if current.grade is None:
                current.grade = side_grade
            if _is_lscb(title) and self.lscb_body is None:
                self.lscb_body = (title, side_grade, current)
            return

        sentence = judgement_sentence(title) if side_grade is None else None
        if sentence:
            subject, grade = sentence
            same = current is not None and fresh and (
                (_is_lscb(subject) and (_is_lscb(current.title) or current is self.top_part()))
                or (_tokens(subject) and len(_tokens(subject) & _tokens(current.title)) >= 0.6 * len(_tokens(subject)))
            )
            if same and current.grade is None:
                current.grade = grade
                if _is_lscb(subject):
                    self.lscb_body = (subject, grade, current)
                return
            section = self.open_section(clean_title(subject), rank, grade, page=members[0].page)
            if _is_lscb(subject) and self.lscb_body is None:
                self.lscb_body = (subject, grade, section)
            self._after_heading(section, following)
            return

        # Recommendation parts and topic headings stay inside the recommendations they belong to.
        if self.in_recs() and self.rec_rank is not None and rank <= self.rec_rank:
            container = next((o for o in reversed(self.stack) if o.section.id in self.rec_containers), None)
            continues = (
                isinstance(following, Para)
                and (self.last_rec_number is None or following.number == self.last_rec_number + 1)
                and (self.last_was_rec or fresh)
                and not _BODY_TITLE.search(title)
                and _norm(title).lower() not in self.contents_titles
            )
            if container is not None and (_REC_PART.match(title) or continues):
                while self.stack and self.stack[-1] is not container:
                    self.stack.pop()
                section = self.outline.add(title, parent=container.section, grade=side_grade)
                self.stack.append(_Open((container.rank[0], container.rank[1] - 0.5), section))
                self.current = section
                self.rec_sections.add(section.id)
                self.last_was_rec = False
                return
        section = self.open_section(title, rank, side_grade, page=members[0].page)
        if side_grade is not None and _is_lscb(title) and self.lscb_body is None:
            self.lscb_body = (title, side_grade, section)
        self._after_heading(section, following)

    def _after_heading(self, section: Section, following: Element | None) -> None:
        self.last_was_rec = False
        if _REC_CONTAINER.match(_norm(section.title)):
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
        # A "Key judgement | Judgement grade" table under a judgement heading: its row is the heading's grade.
        if isinstance(element, Row) and not section.blocks:
            cells = [c.strip() for c in element.cells if c and c.strip()]
            if _KEY_TABLE_HEADER.match(_norm(" ".join(cells))):
                return
            grade = parse_grade(" ".join(cells[1:])) if len(cells) >= 2 else None
            if grade is not None and (
                (_tokens(cells[0]) and _tokens(cells[0]) <= _tokens(section.title) | {"key"})
                or (_is_lscb(cells[0]) and _is_lscb(section.title))
            ):
                section.grade = section.grade or grade
                if _is_lscb(cells[0]) and self.lscb_body is None:
                    self.lscb_body = (cells[0], grade, section)
                return
        # A grade printed on its own line under a fresh heading is that heading's grade.
        if isinstance(element, (Prose, Row)) and not section.blocks and section.grade is None:
            text = " ".join(_texts([element]))
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

    def _recommend(self, section: Section, text: str, number: int | None) -> None:
        group = section.title
        # In the LSCB part the group names the board, so the LSCB's recommendations are told apart from the
        # local authority's even where the part's own heading does not say "LSCB".
        part = self.top_part()
        lscb_part = next(
            (
                o.section
                for o in self.stack
                if _is_lscb(o.section.title) or (self.lscb_body is not None and self.lscb_body[2] is o.section)
            ),
            None,
        )
        if lscb_part is not None and not _is_lscb(group) and not (part is not None and _is_lscb(part.title)):
            group = f"{group} (Local Safeguarding Children Board)"
        self.report.recommendations.append(Recommendation(section=section.id, text=text, group=group, number=number))
        self.last_was_rec = True
        if number is not None:
            self.last_rec_number = number

    def _number(self, para: Para) -> None:
        last = self.last_number
        if last is not None:
            if para.number == 1 and last > 1:
                self.numbering_notes.append(
                    f"Paragraph numbering starts again at 1 after paragraph {last} (page {para.page or '?'})."
                )
            elif para.number <= last:
                self.numbering_notes.append(
                    f"Paragraph {para.number} follows paragraph {last} (page {para.page or '?'}); the numbering goes back."
                )
            elif para.number > last + 1:
                self.numbering_notes.append(
                    f"Paragraph numbers jump from {last} to {para.number} (page {para.page or '?'}); "
                    "a paragraph may have been missed or merged."
                )
        self.last_number = para.number
        self.last_page = para.page


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
        texts = _texts(items[:12])
        has_title = any(_TITLE.match(t) for t in texts[:6])
        has_date = any(_DATES.match(t) for t in texts)
        if has_title and has_date:
            covers.append(page)
    return covers


def _spilled_cover(cover: list[Element], body: list[Element], lines: Lines) -> tuple[list[Element], list[Element]]:
    """A cover whose judgement table runs onto the next page: the table's rows there belong to the cover."""
    if not cover or not body or not cover[0].page or any(_ROW_START.match(t) for t in _texts(cover)):
        return cover, body
    page = cover[-1].page + 1
    k = 0
    while k < len(body) and body[k].page == page:
        e = body[k]
        text = " ".join(_texts([e]))
        if isinstance(e, Para) and not (_TRAILING_GRADE.match(e.text) or _TRAILING_GRADE.match(text)):
            break
        if isinstance(e, (Heading, Prose)) and not (
            _ROW_START.match(text) or parse_grade(text) or _GRADE_PIECE.match(text.strip(" .")) or text[:1].islower()
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
        (i for i, e in enumerate(elements[:80]) if re.search(r"\binspection\s+dates?\s*:", " ".join(_texts([e])), re.I)),
        None,
    )
    if label is None:
        return 0
    # The judgement table's last row (a numbered name with a grade after it, or a grade on the next line).
    start = label
    for i in range(label + 1, min(len(elements), label + 40)):
        e = elements[i]
        text = " ".join(_texts([e]))
        if isinstance(e, Para):
            text = f"{e.number}. {text}"
        nxt = " ".join(_texts(elements[i + 1 : i + 2]))
        if _ROW_START.match(text) and (_TRAILING_GRADE.match(text) or isinstance(e, Row) or parse_grade(nxt)):
            start = i
    for i in range(start + 1, len(elements)):
        e = elements[i]
        if isinstance(e, Heading):
            text = " ".join(e.text.split())
            if _PUBLISHED.match(text) or _OVERALL.match(text) or judgement_sentence(text) or _ROW_START.match(text) or parse_grade(text):
                continue
            if _TRAILING_GRADE.match(text) and _ROW_START.match(text):
                continue
            return i
    return len(elements)


def build_report(elements: list[Element], source: Source, doc: LineDoc | None, family: str) -> Report:
    report = Report(source=source, family=family)
    lines = Lines(doc, elements)

    # Split into (cover, body) segments: one per report printed in the file.
    covers = _cover_pages(elements)
    segments: list[tuple[list[Element], list[Element]]] = []
    if covers:
        bounds = covers + [10**9]
        pre = [e for e in elements if e.page < covers[0]]
        for k, page in enumerate(covers):
            cover = [e for e in elements if e.page == page]
            body = [e for e in elements if bounds[k] < e.page < bounds[k + 1]]
            segments.append((cover, (pre if k == 0 else []) + body))
    else:
        end = _text_cover_end(elements)
        segments.append((elements[:end], elements[end:]))

    segments = [_spilled_cover(cover, body, lines) for cover, body in segments]
    parsed = [parse_cover(cover, lines, family) for cover, _ in segments]
    # The council's inspection leads, wherever it is printed in the file: a file that opens with an LSCB
    # review and goes on to the council's inspection is a SIF report.
    sif_at = next((k for k, c in enumerate(parsed) if c.title and _SIF_TITLE.search(c.title)), None)
    if family == "LSCB" and sif_at is not None:
        family = report.family = "SIF"
    if sif_at:
        report.warnings.append("The file opens with another report; the council's inspection report follows it.")
    main_at = sif_at if family == "SIF" and sif_at is not None else 0
    main = parsed[main_at]
    meta = report.metadata
    meta.local_authority = main.local_authority
    titles = [c.title for c in parsed if c.title]
    unique: list[str] = []
    for t in titles:
        if t not in unique:
            unique.append(t)
    meta.title = " and ".join(unique) if unique else None
    meta.inspection_dates = main.dates
    meta.published = main.published
    all_texts = _texts(e for e in elements if isinstance(e, (Heading, Prose, Item, Row)))
    main_elements = segments[main_at][0] + segments[main_at][1]
    for e in main_elements + elements:
        if meta.lead_inspector is not None:
            break
        if isinstance(e, Row):
            cells = [c.strip() for c in e.cells if c and c.strip()]
            if len(cells) >= 2 and re.match(r"^lead\s+inspector\s*:?$", cells[0], re.I):
                meta.lead_inspector = inspector_name(cells[1]) or None
                continue
        if isinstance(e, (Heading, Prose, Item, Row)) and (m := _LEAD.match(" ".join(_texts([e])))):
            meta.lead_inspector = inspector_name(re.split(r"\s{2,}|\t", m.group("v"))[0]) or None
    if meta.lead_inspector is None:
        # "… The inspection team Lead inspector: Jane Example Deputy lead inspector: …" run together.
        for t in all_texts:
            if m := re.search(r"(?<!deputy )\blead\s+inspector\s*:\s*((?:[A-Z][\w’'.-]*\s*){1,4})", t, re.I):
                name = re.split(r"\s+(?:Deputy|Team|Quality|Senior|HMI\b)", m.group(1))[0]
                meta.lead_inspector = inspector_name(name) or None
                break
    if meta.inspection_dates is None or meta.published is None:
        spare = Metadata()
        cover_metadata(all_texts[:60], spare)
        meta.inspection_dates = meta.inspection_dates or spare.inspection_dates

    # Heading weights across the body.
    outline = Outline()
    body = Body(report, outline, lines)
    for k, (cover_elements, body_elements) in enumerate(segments):
        if k > 0:
            # Another report joined into the file: its numbering starts again and its headings start afresh.
            body.stack.clear()
            body.current = None
            body.last_number = None
        if k != main_at:
            # A report other than the council's inspection: a part of its own, named by its title.
            title = parsed[k].title or "Another report"
            part = outline.add(title)
            body.stack.append(_Open((10**6, 1), part, 0))
            body.current = part
            if parsed[k].lscb:
                part.grade = parsed[k].lscb[1]
        _walk_body(body, body_elements, report)

    report.sections = outline.roots
    _grade_scale(report)
    _fill_judgements(report, parsed, body, main_at)
    report.warnings.extend(body.numbering_notes[:6])
    if len(body.numbering_notes) > 6:
        report.warnings.append(f"…and {len(body.numbering_notes) - 6} more places where the paragraph numbering is irregular.")
    for c in parsed:
        report.warnings.extend(c.warnings)
    _check(report, family)
    return finish(report)


def _walk_body(body: Body, elements: list[Element], report: Report) -> None:
    skip = _read_contents(body, elements, report)
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
    _style_levels(body, [m for m, _ in units if m])
    for members, element in units:
        if members:
            body.heading(members, element)
        elif element is not None:
            body.content(element)


def _read_contents(body: Body, elements: list[Element], report: Report) -> set[int]:
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
        elif not (isinstance(element, Heading) and _CONTENTS.match(element.text.strip())):
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
                and (joined := _joined_entry(" ".join(_texts([element])), following)) is not None
            ):
                found.append((joined, element.x0, body.heading_style(element)))
                used.update({i, i + 1})
                i += 2
                continue
            break
        break
    for entry, _, _ in found:
        report.contents.append(entry)
        body.contents_titles.add(_norm(entry.title).lower())
    if found:
        indents = sorted({round(x / 4) for _, x, _ in found})
        styles = sorted({st for _, _, st in found}, reverse=True)
        for entry, x, style in found:
            if len(indents) > 1:
                level = indents.index(round(x / 4)) + 1
            else:
                level = styles.index(style) + 1
            body.contents_level.append((_norm(entry.title).lower(), _tokens(entry.title), level, entry.page))
    return used


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


def _style_levels(body: Body, headings: list[list[Element]]) -> None:
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
    text = " ".join(" ".join(_texts(members)).split())
    return not text.endswith(("?", ".", ":")) and not _CONTENTS.match(text)


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


def _row_is_heading(body: Body, element: Element) -> bool:
    """A table row printed in heading type (a judgement heading with its grade in a second column)."""
    if not isinstance(element, Row) or body.lines.doc is None:
        return False
    ls = body.lines.of(element)
    if not ls or body.lines.body_size is None:
        return False
    return all(ln.bold for ln in ls) and max(ln.size or 0 for ln in ls) >= body.lines.body_size


def _grade_scale(report: Report) -> None:
    """2014 reports print what each grade means ("What the inspection judgements mean: the local authority")."""
    for section in report.walk():
        if not re.match(r"^what\s+the\s+inspection\s+judge?ments\s+mean", section.title, re.I) or _is_lscb(section.title):
            continue
        for block in section.blocks:
            found = re.search(rf"\b({_GRADE_WORDS})\b", block.text[:80], re.I)
            grade = parse_grade(found.group(1)) if found else None
            if grade is None or grade.rank is None or any(e.rank == grade.rank for e in report.grade_scale):
                continue
            report.grade_scale.append(ScaleEntry(rank=grade.rank, label=grade.label, meaning=" ".join(block.text.split())))
        if report.grade_scale:
            report.grade_scale.sort(key=lambda e: e.rank)
            return


def _fill_judgements(report: Report, covers: list[Cover], body: Body, main_at: int = 0) -> None:
    main = covers[main_at]
    sections = list(report.walk())
    taken: set[str] = set()
    for name, grade in main.rows:
        section = _match_section(name, sections, taken)
        if section is not None:
            taken.add(section.id)
            if section.grade is None:
                section.grade = grade
            elif section.grade.rank != grade.rank:
                report.warnings.append(
                    f"'{name}' is {grade.printed} on the cover but {section.grade.printed} in the body ('{section.title}')."
                )
        else:
            report.warnings.append(f"The cover judges '{name}' but no section of the body matches it.")
        report.judgements.append(Judgement(section=section.id if section else None, name=name, grade=grade))
    # The LSCB judgement: the cover sentence (2014, LSCB reviews, joined reports) or the LSCB part's sentence.
    lscb = main.lscb or next((c.lscb for c in covers if c is not main and c.lscb), None)
    lscb_section = None
    if body.lscb_body is not None:
        subject, grade, lscb_section = body.lscb_body
        if lscb is None:
            lscb = (subject, grade)
        elif lscb[1].rank != grade.rank:
            report.warnings.append(
                f"The cover says '{lscb[1].printed}' but the LSCB section says '{grade.printed}'."
            )
    if lscb is not None:
        if lscb_section is None:
            lscb_section = next((s for s in report.sections if _is_lscb(s.title)), None)
        if lscb_section is None and report.family == "LSCB":
            lscb_section = next(
                (s for s in sections if re.match(r"^(inspection\s+findings|executive\s+summary)", s.title, re.I)), None
            )
        if lscb_section is not None and lscb_section.grade is None and report.family != "LSCB":
            lscb_section.grade = lscb[1]
        report.judgements.append(
            Judgement(section=lscb_section.id if lscb_section else None, name=clean_title(lscb[0]), grade=lscb[1])
        )
    if report.family == "SIF":
        report.overall = main.overall


def _match_section(name: str, sections: list[Section], taken: set[str]) -> Section | None:
    bare = _ROW_START.match(name)
    words = _tokens(bare.group("rest") if bare else name)
    if not words:
        return None
    best, best_key = None, None
    for section in sections:
        if section.id in taken:
            continue
        have = _tokens(section.title)
        score = len(words & have) / len(words)
        if score < 0.75:
            continue
        key = (score, section.grade is not None, -len(have - words))
        if best_key is None or key > best_key:
            best, best_key = section, key
    return best


def _check(report: Report, family: str) -> None:
    meta = report.metadata
    if family == "SIF":
        if report.overall is None:
            report.warnings.append("No overall judgement sentence was found on the cover.")
        if not report.judgements or all(_is_lscb(j.name) for j in report.judgements):
            report.warnings.append("No judgement table was found on the cover.")
    if meta.title is None:
        report.warnings.append("The report's title was not found on the cover.")
    if meta.local_authority is None:
        report.warnings.append("The local authority's name was not found on the cover.")
    if meta.inspection_dates is None:
        report.warnings.append("The inspection dates were not found.")
    if family == "LSCB" and not report.judgements:
        report.warnings.append("No judgement of the Local Safeguarding Children Board was found.")
    if not report.recommendations:
        report.warnings.append("No recommendations were found.")
    # Numbered recommendations of one part should run on without gaps.
    by_part: dict[str, list[int]] = {}
    for rec in report.recommendations:
        if rec.number is not None and rec.section:
            by_part.setdefault(rec.section.split("/")[0], []).append(rec.number)
    for part, numbers in by_part.items():
        gaps = [(a, b) for a, b in zip(numbers, numbers[1:]) if b != a + 1]
        if gaps:
            a, b = gaps[0]
            title = report.section(part).title if report.section(part) else part
            report.warnings.append(
                f"The recommendations in '{title}' are numbered {a} then {b}; one may have been missed or misread."
            )


def build(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    return build_report(elements, source, doc, "SIF")
