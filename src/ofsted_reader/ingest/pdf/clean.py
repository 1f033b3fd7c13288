"""Take page furniture out of a PDF's :class:`LineDoc`.

What goes, all decided from the document's own signals (never per family):

* **running headers and footers**: a line in the top or bottom band of the page
  whose text, with digits masked, is printed in the same band at the same size
  on several pages (``Norfolk County Council Inspection of looked after
  children services 3``; the ILACS footer title and dates);
* **page numbers**: a line that is only a number (or ``Page 3``, ``3 of 12``) in
  the top or bottom band, or a bare number that is a page's first or last line when such
  numbers run with the pages (printed large and above the footer band in some reports);
* **footnotes**: in the lower half of a page, a line smaller than the body
  text that starts with a footnote marker (a superscript number, or ``1 text``),
  with the lines that follow it on that page at that size; they move to
  :attr:`LineDoc.notes`, one :class:`Note` per marker (its lines joined);
* **footnote markers in the text** stay, written as superscripts glued to the word
  they follow (``Board`` + raised ``1`` → ``Board¹``): raised spans that are only
  digits or ``*``/``†``, and small digits glued to the end of a word on the
  baseline; other superscripts (``1st``) stay as printed;
* **the copyright / back-cover pages**: a page with ``© Crown copyright`` whose
  text is all smaller than the body text (Ofsted address, licence, "This
  document may be reproduced..."); on a page that also has real content only
  the © line goes;
* blank lines.

The cover page's own content (title, council, dates, inspector, judgement
table) stays.  The result is a new LineDoc; its lines are renumbered so that
``doc.lines[i].lineno == i``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from ofsted_reader.footmarks import raised
from ofsted_reader.ingest.lines import Line, LineDoc, Note, Span

__all__ = ["clean_lines", "body_size"]

#: top/bottom bands (fraction of the page height) where running headers and footers live
HEAD_BAND = 0.11
FOOT_BAND = 0.89

_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(
    r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$", re.IGNORECASE
)
_MARKER = re.compile(r"^[\d*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}$")
_COPYRIGHT = re.compile(r"^©\s*crown\s+copyright|^crown\s+copyright\s+\d{4}", re.IGNORECASE)


def body_size(lines: list[Line]) -> float | None:
    """The body text size: the size that carries the most characters."""
    weight: Counter = Counter()
    for ln in lines:
        if ln.size:
            weight[ln.size] += len(ln.text)
    if not weight:
        return None
    return weight.most_common(1)[0][0]


def clean_lines(doc: LineDoc) -> LineDoc:
    """A copy of *doc* without page furniture (see the module docstring)."""
    if doc.kind != "pdf" or not doc.lines:
        return doc
    heights = {p.number: p.height for p in doc.pages}
    lines = [ln for ln in doc.lines if ln.text.strip()]
    body = body_size(lines) or 12.0

    drop: set[int] = set()  # ids of lines to drop
    _mark_page_numbers(lines, heights, drop)
    _mark_running(lines, heights, drop)
    _mark_copyright_pages(lines, body, drop)

    kept = [ln for ln in lines if id(ln) not in drop]
    kept, footnotes = _split_footnotes(kept, heights, body)

    out: list[Line] = []
    for ln in kept:
        ln2 = _raise_markers(ln)
        if ln2 is None:
            continue
        out.append(ln2)
    for i, ln in enumerate(out):
        ln.lineno = i
    return LineDoc(lines=out, pages=list(doc.pages), kind=doc.kind, notes=_notes(footnotes))


# --------------------------------------------------------------------------- furniture


def _band(ln: Line, height: float) -> str | None:
    if ln.bottom <= HEAD_BAND * height:
        return "head"
    if ln.top >= FOOT_BAND * height:
        return "foot"
    return None


def _mark_page_numbers(lines: list[Line], heights: dict[int, float], drop: set[int]) -> None:
    """A line that is only a page number in the top or bottom band; and, wherever it is printed,
    a bare number that is its page's first or last line when the numbers on such lines run with
    the pages (the same offset from the page's place in the file on three pages or more)."""
    ends: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        if _PAGE_NO.match(ln.text.strip()) and _band(ln, heights.get(ln.page, 842.0)):
            drop.add(id(ln))
        ends[ln.page].append(ln)
    numbered: list[tuple[int, Line]] = []
    for members in ends.values():
        for ln in (min(members, key=lambda x: x.top), max(members, key=lambda x: x.top)):
            if ln.text.strip().isdecimal() and len(ln.text.strip()) <= 3:  # not isdigit: '¹' is a digit int() refuses
                numbered.append((int(ln.text.strip()) - ln.page, ln))
    offsets = Counter(offset for offset, _ in numbered)
    if offsets:
        offset, count = offsets.most_common(1)[0]
        if count >= 3:
            drop.update(id(ln) for k, ln in numbered if k == offset)


def _masked(text: str) -> str:
    return re.sub(r"\s+", " ", _DIGITS.sub("#", text)).strip().lower()


def _mark_running(lines: list[Line], heights: dict[int, float], drop: set[int]) -> None:
    """Headers/footers: the same masked text, band and size on several pages."""
    pages = {ln.page for ln in lines}
    need = 2 if len(pages) <= 4 else 3
    groups: dict[tuple, list[Line]] = defaultdict(list)
    for ln in lines:
        band = _band(ln, heights.get(ln.page, 842.0))
        if band is None:
            continue
        groups[(_masked(ln.text), band, round(ln.size or 0))].append(ln)
    for members in groups.values():
        on_pages = {ln.page for ln in members}
        if len(on_pages) < need:
            continue
        tops = sorted(ln.top for ln in members)
        # the same place on the page (a little slack for odd/even page layouts)
        if tops[-1] - tops[0] > 24:
            # keep only the most common position cluster
            common = Counter(round(t / 6) for t in tops).most_common(1)[0][0]
            members = [ln for ln in members if abs(round(ln.top / 6) - common) <= 1]
            if len({ln.page for ln in members}) < need:
                continue
        for ln in members:
            drop.add(id(ln))


def _mark_copyright_pages(lines: list[Line], body: float, drop: set[int]) -> None:
    """Whole back-matter pages: © Crown copyright and nothing at body size."""
    by_page: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        by_page[ln.page].append(ln)
    for page, members in by_page.items():
        if not any(_COPYRIGHT.match(ln.text.strip()) for ln in members):
            continue
        rest = [ln for ln in members if id(ln) not in drop]
        if all((ln.size or body) < body - 0.4 for ln in rest):
            for ln in members:
                drop.add(id(ln))
        else:  # content and the copyright line share a page: only the © line goes
            for ln in members:
                if _COPYRIGHT.match(ln.text.strip()):
                    drop.add(id(ln))


# --------------------------------------------------------------------------- footnotes


def _starts_with_marker(ln: Line, body: float) -> bool:
    if not ln.spans:
        return False
    first = ln.spans[0]
    t = first.text.strip()
    if first.sup and _MARKER.match(t):
        return True
    # "1 Ofsted produces this report...": a number then text, all smaller than the body
    # (the caller only asks about small lines low on the page)
    return bool(re.match(r"^\d{1,2}\s+\S", ln.text))


def _split_footnotes(lines: list[Line], heights: dict[int, float], body: float) -> tuple[list[Line], list[Line]]:
    """Move footnote blocks (page foot, smaller type, starting with a marker) out of the flow."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        by_page[ln.page].append(i)
    notes: set[int] = set()
    for page, idxs in by_page.items():
        height = heights.get(page, 842.0)
        start = None
        for k, i in enumerate(idxs):
            ln = lines[i]
            if ln.top < 0.45 * height or (ln.size or body) > body - 0.4:
                continue
            if _starts_with_marker(ln, body):
                # everything below, at footnote size, is the footnote block
                rest = idxs[k:]
                if all((lines[j].size or body) <= (ln.size or body) + 0.5 for j in rest):
                    start = k
                    break
        if start is not None:
            notes.update(idxs[start:])
    kept = [ln for i, ln in enumerate(lines) if i not in notes]
    return kept, [lines[i] for i in sorted(notes)]


_NOTE_START = re.compile(r"^(?P<mark>\d{1,2}|[*†‡])\s*(?=\S)")


def _notes(lines: list[Line]) -> list[Note]:
    """Footnote lines → one Note per marker: a line starting with a marker (raised, or a number
    then text that starts a sentence) opens a note, the lines after it carry it on."""
    notes: list[Note] = []
    parts: list[str] = []
    for ln in lines:
        first = ln.spans[0] if ln.spans else None
        if first is not None and first.sup and _MARKER.match(first.text.strip()):
            mark, rest = first.text.strip(), "".join(s.sep + s.text for s in ln.spans[1:])
        elif m := _NOTE_START.match(ln.text.strip()):
            mark, rest = m.group("mark"), ln.text.strip()[m.end() :]
        else:
            mark, rest = None, ln.text
        rest = " ".join(rest.replace("\t", " ").split())
        opens = mark is not None and (not notes or notes[-1].page != ln.page or rest[:1].isupper() or not rest[:1].isalpha())
        if opens and mark is not None:
            if notes:
                notes[-1].text = " ".join(parts)
            notes.append(Note(page=ln.page, mark=mark, text="", top=ln.top))
            parts = [rest]
        elif notes and notes[-1].page == ln.page:
            parts.append(" ".join(ln.text.replace("\t", " ").split()))
    if notes:
        notes[-1].text = " ".join(parts)
    return notes


# --------------------------------------------------------------------------- markers in the text


def _raise_markers(ln: Line) -> Line | None:
    """Footnote-marker spans written as superscripts glued to the span before (``Board¹``);
    None if the line is nothing but a marker."""
    if not ln.spans:
        return ln if ln.text.strip() else None
    size = ln.size or 0.0
    keep: list[Span] = []
    changed = False
    for k, s in enumerate(ln.spans):
        t = s.text.strip()
        is_marker = False
        if _MARKER.match(t):
            if s.sup:
                is_marker = True
            elif s.sep == "" and k > 0 and s.size <= 0.8 * size and t.isdigit():
                # small digits glued to the end of a word, on the baseline
                prev = ln.spans[k - 1].text
                is_marker = bool(prev) and (prev[-1].isalpha() or prev[-1] in ".,;:)’'\"”")
        if is_marker and keep:
            changed = True
            keep[-1] = replace(keep[-1], text=keep[-1].text + raised(t), x1=s.x1)
            continue
        if is_marker:  # a marker that opens the line: nothing to glue it to
            changed = True
            continue
        keep.append(s)
    if not changed:
        return ln
    if not keep:
        return None
    spans = [replace(s) for s in keep]
    spans[0].sep = ""
    text = "".join(s.sep + s.text for s in spans)
    if not text.strip():
        return None
    return replace(ln, text=text, spans=spans, x0=spans[0].x0, x1=max(s.x1 for s in spans))
