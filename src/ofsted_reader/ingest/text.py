"""Plain-text reports (like the seed) → the element stream, from the shape of lines.

Plain text has no fonts, so the signals are the ones a page of text keeps:
numbering (``12. ...``), list markers (``- ...``), tab-separated cells (tables,
the contents list), blank lines, and whether a line reads like a heading (short,
no closing full stop) or like prose.  A blank line followed by a line starting in
lower case is a paragraph cut by a former page break: it is joined back.
"""

from __future__ import annotations

import re

from ofsted_reader.errors import InputError
from ofsted_reader.limits import MAX_TEXT_BYTES, check_text, mib, refuse
from ofsted_reader.grades import parse_grade
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row


_NUMBERED = re.compile(r"^\s{0,3}(\d{1,3})\.\s+(\S.*)$")
_BULLET = re.compile(r"^(\s*)(?:[-•*–▪◦●■◼]|\uf0b7|\uf0a7|\uf06e)\s+(\S.*)$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2})(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])")
"""Markdown emphasis in a text report (``*Working Together*``, ``**words**``): the printed report
has italics or bold there, so the words are kept and the asterisks go.  An asterisk inside a word
(``A*–C``) or standing alone is text."""
_TIMESCALE = re.compile(r"^\s*(immediately|within\s+\w+(?:\s+\w+)?\s+(?:months?|weeks?|days?))\s*:?\s*$", re.I)


def decode(data: bytes, path: str) -> str:
    """Bytes of a text report → str.  UTF-8 first, then Windows-1252 (old Word exports).

    Raises InputError for bytes that are not text at all.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise refuse(path, "too large for a text report", mib(len(data)), mib(MAX_TEXT_BYTES))
    if not data.strip():
        raise InputError(path, "the file is empty")
    if b"\x00" in data[:65536]:
        raise InputError(path, "binary data, not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(sample) // 100):
        raise InputError(path, "binary data, not a text report")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    check_text(path, len(text), text.count("\n") + (not text.endswith("\n")))
    return text


def is_timescale(text: str) -> str | None:
    """``Immediately:`` / ``Within three months:`` → the timescale without its colon."""
    match = _TIMESCALE.match(text)
    return " ".join(match.group(1).split()) if match else None


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) > 160 or len(stripped.split()) > 24:
        return False
    if stripped.endswith((".", ",", ";")) and not stripped.endswith("etc."):
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in "'\"‘“(©"


def plain_emphasis(text: str) -> str:
    """``text`` with its Markdown emphasis marks taken off (see :data:`EMPHASIS`)."""
    return EMPHASIS.sub(r"\2", text) if "*" in text else text


def text_elements(text: str, *, keep_emphasis: bool = False) -> list[Element]:
    """The element stream of a plain-text report (``keep_emphasis``: leave the Markdown emphasis
    marks in, for a renderer that prints them as italics)."""
    elements = _elements(text)
    if not keep_emphasis:
        for element in elements:
            if isinstance(element, (Para, Prose, Item, Heading)):
                element.text = plain_emphasis(element.text)
    return elements


def _elements(text: str) -> list[Element]:
    elements: list[Element] = []
    blank_before = False
    for lineno, raw in enumerate(text.split("\n")):
        line = raw.rstrip()
        if not line.strip():
            blank_before = True
            continue
        after_blank, blank_before = blank_before, False
        last = elements[-1] if elements else None

        if "\t" in raw.strip(" "):
            cells = [c.strip() for c in raw.strip(" ").split("\t")]
            elements.append(Row(text=line.strip(), cells=cells, lineno=lineno))
            continue
        if match := _NUMBERED.match(line):
            elements.append(Para(text=match.group(2).strip(), number=int(match.group(1)), lineno=lineno))
            continue
        if match := _BULLET.match(line):
            level = 2 if len(match.group(1).expandtabs()) >= 4 else 1
            elements.append(Item(text=match.group(2).strip(), level=level, lineno=lineno))
            continue
        stripped = line.strip()
        # A lower-case start continues the paragraph (or list item) a page break cut.
        if stripped[0].islower() and isinstance(last, (Para, Prose, Item)):
            last.text = f"{last.text} {stripped}"
            continue
        if not after_blank and isinstance(last, Prose) and not _looks_like_heading(last.text):
            last.text = f"{last.text} {stripped}"
            continue
        if match := _MD_HEADING.match(line):
            elements.append(Heading(text=match.group(1), lineno=lineno))
        elif parse_grade(stripped) or is_timescale(stripped):
            elements.append(Prose(text=stripped, lineno=lineno))
        elif _looks_like_heading(stripped):
            elements.append(Heading(text=stripped, lineno=lineno))
        else:
            elements.append(Prose(text=stripped, lineno=lineno))
    return elements
