"""Cleaned PDF lines → the family-agnostic element stream (Heading / Para / Prose / Item / Row).

Everything is read from the document's own signals, never from a family:

* **body size**: the font size that carries the most text;
* **numbered paragraphs** (:class:`Para`, ``number`` as printed, text without
  the number): a body-size line starting ``N.`` (or ``N`` and a tab-sized gap)
  at one of the document's *number columns* (an x where at least two numbered
  lines start; a stray indent is accepted for the number expected next).  Its
  continuation lines sit at the hanging indent, also across a page break;
* **list items** (:class:`Item`): a line starting with a bullet glyph - level 1
  for U+F06E, U+F0A7, U+F0B7, ◼, •... and dashes, level 2 for U+F02D, −, ─, ―,
  U+0336, ◦ and ``o``, or for any glyph indented further than the open list's;
  ``text`` has no glyph (``glyph`` keeps it); the text continues over lines at
  the item's text indent, also across a page break.  A dash or ``o`` counts only
  when printed apart from the text and not continuing the open paragraph;
* **headings**: a line larger than the body size, or bold as a whole at (about)
  body size, or a few capitalised words wholly in italics (a real italic font, or type
  slanted by its matrix), that is not a paragraph or an item.  A heading that wraps (same
  style, tight spacing) is one Heading (``... who need help and protection:
  good``).  A bold body-size label ending in ``:`` (``Immediately:``) is bold
  :class:`Prose`, unless it wraps on.  ``level`` ranks the document's heading
  styles by size, then bold first (1 = largest);
* **table rows** (:class:`Row`, ``cells`` as printed, ``text`` the cells joined
  by ``"\\t"``): a line with column gaps (``"\\t"`` in ``Line.text``), or a line
  with a short cell printed beside it (a grade level with the middle of a
  wrapped name), starts a table; lines below that fit its columns join it.
  Tightly spaced lines add to the current row's cells (wrapped names and
  grades), a paragraph-sized gap starts a new row.  A one-column line tightly
  above the first row, in the same style, is that row's first line.  Trailing
  rows with only a first cell are given back (a heading under a judgement
  box).  A two-column "table" whose every first cell ends in ``:`` is labelled
  text, so each row becomes :class:`Prose` ``"Label: value"`` (``Inspection
  dates: ...``, ``Lead inspector: ...``);
* **prose**: everything else, consecutive lines of one paragraph joined,
  across a page break too when the page's last line does not end a sentence.

Words across lines are joined with one space.  A line that ends in a hyphen
right after a letter or digit is a compound broken at its own hyphen: the
hyphen stays and no space is added (``year-on-`` + ``year`` → ``year-on-year``);
nothing is ever removed.  Curly quotes and everything else stay as printed.
Every element carries ``page``, ``top`` (from the baseline and size of its first
line), ``x0`` and ``lineno`` (the index of its first line in the cleaned
LineDoc: ``doc.lines[el.lineno]``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import Line, LineDoc
from ofsted_reader.ingest.pdf.chars import is_italic_name
from ofsted_reader.ingest.pdf.clean import body_size
from ofsted_reader.ingest.pdf.lineshape import (
    AMBIGUOUS_GLYPHS,
    TIGHT,
    XTOL,
    flat,
    join_text,
    line_cells,
    line_gap,
    line_top,
    list_glyph,
)
from ofsted_reader.ingest.pdf.rows import side_cell, take_table

__all__ = ["pdf_elements"]


#: "12. Text" (also "10.Text" where the number overprints the tab): not "27.3% of ..."
_PARA_RE = re.compile(r"^(\d{1,3})\.(?:\s+(?=\S)|(?=[^\d\s.,;:%)]))")
_PARA_TAB_RE = re.compile(r"^(\d{1,3})$")
_TERMINAL = re.compile(r"[.!?:;][’'\"”)\]]*$")
ITALIC_TITLE_WORDS = 8


# --------------------------------------------------------------------------- helpers


# --------------------------------------------------------------------------- document statistics


@dataclass
class _Stats:
    body: float
    numcols: list[float]
    hang: dict[float, float]
    """number column → typical hanging indent of its paragraphs' text"""


def _number_columns(lines: list[Line], body: float) -> tuple[list[float], dict[float, float]]:
    xs: Counter = Counter()
    hang_votes: dict[float, Counter] = {}
    for k, ln in enumerate(lines):
        if "\t" in ln.text or not ln.size or abs(ln.size - body) > 1.01:
            continue
        m = _PARA_RE.match(ln.text)
        if not m:
            continue
        x = round(ln.x0 * 2) / 2
        xs[x] += 1
        hx = None
        if len(ln.spans) > 1 and ln.spans[0].text.strip() == m.group(1) + ".":
            hx = ln.spans[1].x0
        elif k + 1 < len(lines):
            nxt = lines[k + 1]
            if nxt.page == ln.page and nxt.x0 > ln.x0 + 6 and line_gap(ln, nxt) <= TIGHT * body:
                hx = nxt.x0
        if hx is not None:
            hang_votes.setdefault(x, Counter())[round(hx * 2) / 2] += 1
    cols = sorted(x for x, n in xs.items() if n >= 2)
    # merge columns closer than XTOL (keep the commoner one); a column that is the
    # hanging indent of a commoner column is continuation text, not numbers
    merged: list[float] = []
    hang: dict[float, float] = {}
    for x in sorted(cols, key=lambda c: -xs[c]):
        if any(abs(x - m) <= XTOL for m in merged) or any(abs(x - h) <= XTOL for h in hang.values()):
            continue
        merged.append(x)
        if x in hang_votes:
            hang[x] = hang_votes[x].most_common(1)[0][0]
    return sorted(merged), hang


def _numcol(stats: _Stats, x0: float) -> float | None:
    """The number column a line starts at: within the tolerance its columns were merged by (numbers
    1-9 and 10 on are set a digit apart when they are right-aligned)."""
    for c in stats.numcols:
        if abs(x0 - c) <= XTOL:
            return c
    return None


# --------------------------------------------------------------------------- classification


def _para_start(ln: Line, stats: _Stats, expected: int | None = None) -> tuple[int, str, float | None] | None:
    """(number, text, hanging x) when the line opens a numbered paragraph.

    The line must start at a number column; a line left of the hanging indents
    also counts when its number is the one expected next (an odd indent).
    """
    if "\t" in ln.text or not ln.size or abs(ln.size - stats.body) > 1.01:
        return None
    col = _numcol(stats, ln.x0)
    m = _PARA_RE.match(ln.text)
    if col is None:
        if not (m and expected is not None and int(m.group(1)) == expected and stats.numcols):
            return None
        limit = min(list(stats.hang.values()) or [c + 10 for c in stats.numcols])
        if ln.x0 >= limit - 2:
            return None
    if m:
        text = ln.text[m.end():]
        label = m.group(1) + "."
    elif len(ln.spans) > 1 and _PARA_TAB_RE.match(ln.spans[0].text.strip()) and ln.spans[1].sep == " " \
            and ln.spans[1].x0 - ln.spans[0].x1 > 0.8 * ln.size:
        # "12   text" : a bare number with a tab-sized gap after it
        text = "".join(s.sep + s.text for s in ln.spans[1:]).strip()
        label = ln.spans[0].text.strip()
        m = _PARA_TAB_RE.match(label)
    else:
        return None
    hx = None
    if len(ln.spans) > 1 and ln.spans[0].text.strip() == label:
        hx = ln.spans[1].x0
    elif col in stats.hang:
        hx = stats.hang[col]
    return int(m.group(1)), text.strip(), hx


def _is_heading(lines: list[Line], i: int, stats: _Stats) -> bool:
    ln = lines[i]
    if not ln.size:
        return False
    if ln.size > stats.body + 0.6:
        return True
    if _italic_title(ln) and ln.size >= stats.body - 0.6:
        return True
    if not (ln.bold and ln.size >= stats.body - 0.6):
        return False
    # a bold run-in label at body size ("Immediately:", "Within three months:") introduces
    # what follows: bold prose, not a heading -- unless the heading wraps on (": good")
    if ln.text.rstrip().endswith(":"):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        wraps = (
            nxt is not None
            and nxt.page == ln.page
            and nxt.bold
            and nxt.size == ln.size
            and abs(nxt.x0 - ln.x0) <= XTOL
            and line_gap(ln, nxt) <= 0.45 * ln.size
        )
        return wraps
    return True


_DASH_START = re.compile(r"^[-\u2013\u2014]\s+\S")


def _dash_run(lines: list[Line], i: int) -> tuple[str, int, float] | None:
    """A dash and a plain space opening the line, as a list item: when the line before it or after
    it at its indent (lines indented further, the items' wrapped text, passed over) opens with a
    dash too (Redbridge 2016: "– Of this number, 161…", "– 22 live in…").  One such line alone is a
    sentence broken at a dash."""
    ln = lines[i]
    if not _DASH_START.match(ln.text):
        return None
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and lines[j].page == ln.page and lines[j].x0 > ln.x0 + XTOL:
            j += step
        if 0 <= j < len(lines) and lines[j].page == ln.page and abs(lines[j].x0 - ln.x0) <= XTOL and _DASH_START.match(lines[j].text):
            return ln.text[0], 1, ln.x0
    return None


def _glyphless_sub_item(block: _Block, ln: Line, size: float, stats: _Stats, first_on_page: bool, nxt: Line | None) -> bool:
    """Does *ln* open a sub-item whose glyph the text layer lacks (North Tyneside 2017: "… free school
    meals:" / "in primary schools is 16%…" / "in secondary schools…", each indented further than the
    bullet's text, a paragraph's spacing apart)?  Under a bullet that ends with a colon, a line
    indented a type size or more past its text that does not go on with it; then, each line at
    that indent that does not go on with the sub-item before it."""
    item = block.element
    if not isinstance(item, Item) or ln.page != block.last.page or ln.bold or abs(size - block.size) > 0.6:
        return False
    if _continues(block, ln, stats, first_on_page, nxt):
        return False
    if item.glyph:
        indent = block.cont_x if block.cont_x is not None else item.x0
        return item.text.rstrip().endswith(":") and ln.x0 >= indent + size
    return abs(ln.x0 - item.x0) <= XTOL


def _italic_title(ln: Line) -> bool:
    """A line set wholly in italics that reads as a title: a few words, capitalised, no sentence
    end (the topic headings of 2014-15 SIF summaries and recommendations: "Care leavers")."""
    words = ln.text.split()
    return (
        bool(ln.spans)
        and all(is_italic_name(s.font) for s in ln.spans if s.text.strip())
        and 0 < len(words) <= ITALIC_TITLE_WORDS
        and ln.text.lstrip()[:1].isupper()
        and not ln.text.rstrip().endswith((".", ":", ";", ","))
    )


# --------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    kind: str  # para | item | prose | heading
    element: Element
    lines: list[Line]
    cont_x: float | None = None
    size: float = 0.0
    bold: bool = False

    @property
    def last(self) -> Line:
        return self.lines[-1]


def _same_x(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= XTOL


def _sandwiched(x: float | None, ln: Line, nxt: Line | None) -> bool:
    """*ln* starts right of indent *x* and the next line, tight below, is back at *x*."""
    return (
        x is not None
        and nxt is not None
        and ln.x0 > x + XTOL
        and nxt.page == ln.page
        and _same_x(x, nxt.x0)
        and abs((nxt.size or 0) - (ln.size or 0)) <= 0.6
        and line_gap(ln, nxt) <= TIGHT * (ln.size or 12.0)
        and "\t" not in ln.text
    )


def _continues(block: _Block, ln: Line, stats: _Stats, first_on_page: bool, nxt: Line | None = None) -> bool:
    """Does *ln* (not itself a start of anything) continue *block*?

    *nxt* is the line after *ln*: a line indented further than the block's text
    (text pushed right by an inline object) continues the block when the line
    after it is back at the block's indent.
    """
    last = block.last
    size = ln.size or stats.body
    if block.kind == "heading":
        return (
            ln.page == last.page
            and abs(size - block.size) <= 0.6
            and ln.bold == block.bold
            and abs(ln.x0 - block.element.x0) <= XTOL
            and -0.3 * size <= line_gap(last, ln) <= 0.45 * size
        )
    if abs(size - block.size) > 0.6:
        return False
    if ln.page == last.page:
        gap = line_gap(last, ln)
        if not (-0.3 * size <= gap <= TIGHT * size):
            return False
        if block.kind in ("para", "item"):
            if len(block.lines) == 1:
                # the first continuation line sets the hanging indent: right of the number or
                # glyph, not right of where the first line's text starts (or flush with the number)
                hanging = ln.x0 > block.element.x0 + 2 and (block.cont_x is None or ln.x0 <= block.cont_x + XTOL)
                return hanging or abs(ln.x0 - block.element.x0) <= XTOL
            return _same_x(block.cont_x, ln.x0) or _sandwiched(block.cont_x, ln, nxt)
        return (
            _same_x(block.element.x0, ln.x0)
            or _same_x(block.cont_x, ln.x0)
            or _sandwiched(block.cont_x if block.cont_x is not None else block.element.x0, ln, nxt)
        )
    # across a page break: only the first line of the next page
    if ln.page != last.page + 1 or not first_on_page:
        return False
    if block.kind in ("para", "item"):
        return _same_x(block.cont_x, ln.x0)
    # prose: same left edge, and the page ended mid-sentence
    if not (_same_x(block.element.x0, ln.x0) or _same_x(block.cont_x, ln.x0)):
        return False
    prev_text = last.text.rstrip()
    return not _TERMINAL.search(prev_text) or ln.text[:1].islower()


# --------------------------------------------------------------------------- tables


# --------------------------------------------------------------------------- main


def pdf_elements(doc: LineDoc) -> list[Element]:
    """The element stream of a cleaned PDF LineDoc (see the module docstring)."""
    lines = [ln for ln in doc.lines if ln.text.strip()]
    if not lines:
        return []
    body = body_size(lines) or 12.0
    numcols, hang = _number_columns(lines, body)
    stats = _Stats(body=body, numcols=numcols, hang=hang)

    elements: list[Element] = []
    blocks: list[_Block] = []  # parallel to elements for text blocks (None for rows)
    block: _Block | None = None
    item_x: list[tuple[float, int]] = []  # open list: (glyph x, level)
    last_page_seen = 0
    last_number = 0

    def close() -> None:
        nonlocal block
        block = None

    def emit(b: _Block) -> None:
        nonlocal block
        elements.append(b.element)
        blocks.append(b)
        block = b

    i = 0
    while i < len(lines):
        ln = lines[i]
        first_on_page = ln.page != last_page_seen
        last_page_seen = ln.page
        size = ln.size or body

        # ---- table rows
        side = side_cell(lines, i)
        if "\t" in ln.text or side:
            tight_cont = (
                block is not None
                and block.kind in ("para", "item", "prose")
                and ln.page == block.last.page
                and abs(size - block.size) <= 0.6
                and line_gap(block.last, ln) <= TIGHT * size
                and (_same_x(block.cont_x, ln.x0) or (block.kind == "prose" and _same_x(block.element.x0, ln.x0)))
            )
            if tight_cont:
                block.element.text = join_text(block.element.text, flat(ln))
                block.lines.append(ln)
                i += 1
                continue
            rows, j, give_back = take_table(lines, i, body, side=side and "\t" not in ln.text)
            # a one-column line just above, tight, in the first column: the row's first line
            if (
                block is not None
                and block.kind in ("heading", "prose")
                and len(block.lines) == 1
                and block.last.page == ln.page
                and abs((block.last.size or body) - size) <= 0.6
                and block.last.bold == ln.bold
                and line_gap(block.last, ln) <= 0.45 * size
                and abs(block.last.x0 - rows[0].x0) <= XTOL
                and isinstance(rows[0], Row)
                and len(rows[0].cells) > 1
                and block.last.x1 < (lines[i + 1].x0 if side else line_cells(ln)[1][0]) - 2
                and elements
                and elements[-1] is block.element
            ):
                elements.pop()
                blocks.pop()
                rows[0].cells[0] = join_text(block.element.text, rows[0].cells[0])
                rows[0].text = "\t".join(rows[0].cells)
                rows[0].top, rows[0].lineno = block.element.top, block.element.lineno
            for r in rows:
                elements.append(r)
                blocks.append(None)  # type: ignore[arg-type]
            close()
            item_x.clear()
            i = j
            continue

        # ---- numbered paragraph
        ps = _para_start(ln, stats, last_number + 1 if last_number else None)
        if (
            ps is not None
            and block is not None
            and block.kind in ("item", "para", "prose")
            and last_number is not None
            and ps[0] != last_number + 1
            and not _TERMINAL.search(block.last.text.rstrip())
            and _continues(block, ln, stats, first_on_page, lines[i + 1] if i + 1 < len(lines) else None)
        ):
            ps = None  # a number that goes on an open sentence ("… after they reach / 16. More children…")
        if ps is not None:
            number, text, hx = ps
            last_number = number
            el = Para(text=text, page=ln.page, top=line_top(ln), x0=ln.x0, lineno=ln.lineno, number=number)
            emit(_Block("para", el, [ln], cont_x=hx, size=size))
            item_x.clear()
            i += 1
            continue

        # ---- list item (a dash that continues the open block's text is not a bullet)
        gl = list_glyph(ln) or _dash_run(lines, i)
        if (
            gl is not None
            and gl[0] in AMBIGUOUS_GLYPHS
            and block is not None
            and block.kind != "heading"
            and _continues(block, ln, stats, first_on_page, lines[i + 1] if i + 1 < len(lines) else None)
        ):
            gl = None
        if gl is not None:
            g, level, text_x = gl
            # deeper than the open list's level-1 glyph → a sub-item
            if level == 1 and item_x and ln.x0 > item_x[0][0] + 8:
                level = 2
            if level == 1:
                item_x[:] = [(ln.x0, 1)]
            elif not item_x:
                item_x[:] = [(ln.x0, 2)]
            text = ln.text[1:].strip()
            if len(ln.spans) > 1 and ln.spans[0].text.strip() == g:
                text = "".join(s.sep + s.text for s in ln.spans[1:]).replace("\t", " ").strip()
            el = Item(text=" ".join(text.split()), page=ln.page, top=line_top(ln), x0=ln.x0, lineno=ln.lineno, level=level, glyph=g)
            emit(_Block("item", el, [ln], cont_x=text_x if text_x > ln.x0 else None, size=size))
            i += 1
            continue
        if block is not None and block.kind == "item" and _glyphless_sub_item(block, ln, size, stats, first_on_page, lines[i + 1] if i + 1 < len(lines) else None):
            el = Item(text=flat(ln), page=ln.page, top=line_top(ln), x0=ln.x0, lineno=ln.lineno, level=2, glyph="")
            emit(_Block("item", el, [ln], cont_x=ln.x0, size=size))
            i += 1
            continue

        heading = _is_heading(lines, i, stats)
        if (
            heading
            and block is not None
            and block.kind in ("prose", "item", "para")
            and ln.text[:1].islower()
            and abs(size - block.size) <= 1.0
            and not _TERMINAL.search(block.last.text.rstrip())
        ):
            heading = False  # a bold (or italic) word or two that end a sentence ("... requires / improvement", "… judged to be / good.")
        if heading and block is not None and block.kind in ("item", "para") and abs(size - block.size) <= 0.6 and ln.bold == block.lines[0].bold:
            heading = False  # an item or paragraph printed in large type goes on in that type (a summary for children)
        # ---- continuation of the open block
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if block is not None and (block.kind == "heading") == heading and _continues(block, ln, stats, first_on_page, nxt):
            block.element.text = join_text(block.element.text, flat(ln))
            if len(block.lines) == 1 and block.kind in ("para", "item") and ln.page == block.last.page:
                block.cont_x = ln.x0
            elif block.cont_x is None and block.kind == "prose" and abs(ln.x0 - block.element.x0) > XTOL:
                block.cont_x = ln.x0
            block.lines.append(ln)
            i += 1
            continue

        # ---- a new heading or prose block
        if heading:
            el = Heading(text=flat(ln), page=ln.page, top=line_top(ln), x0=ln.x0, lineno=ln.lineno, level=None, size=ln.size, bold=ln.bold)
            emit(_Block("heading", el, [ln], size=size, bold=ln.bold))
            item_x.clear()
        else:
            el = Prose(text=flat(ln), page=ln.page, top=line_top(ln), x0=ln.x0, lineno=ln.lineno, bold=ln.bold, size=ln.size)
            emit(_Block("prose", el, [ln], size=size, bold=ln.bold))
        i += 1

    _heading_levels(elements)
    return elements


MAX_HEADING_LEVELS = 12
"""Heading styles ranked as levels, at most (real reports use up to six; a PDF printing each
heading a little smaller than the last would otherwise nest its outline hundreds deep)."""


def _heading_levels(elements: list[Element]) -> None:
    styles = sorted({(h.size or 0.0, h.bold) for h in elements if isinstance(h, Heading)}, key=lambda s: (-s[0], not s[1]))
    rank = {s: min(k + 1, MAX_HEADING_LEVELS) for k, s in enumerate(styles)}
    for h in elements:
        if isinstance(h, Heading):
            h.level = rank[(h.size or 0.0, h.bold)]
