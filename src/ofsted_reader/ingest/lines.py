"""The line interface every source produces and every structurer consumes.

A PDF engine (pypdfium2 fast path, pdfplumber reference path) and the plain-text
reader both yield :class:`Line` objects; plain text simply has no font data
(``size`` None, ``bold`` False, positions zero).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Span:
    """A run of characters in one font on a line (PDF only)."""

    text: str
    x0: float
    x1: float
    size: float
    bold: bool
    font: str = ""
    sep: str = ""
    """What separates this span from the previous one in ``Line.text``: ``""``, ``" "`` or ``"\\t"`` (a column gap)."""
    sup: bool = False
    """Superscript/subscript: smaller and off the line's baseline (footnote markers, ordinals)."""


@dataclass(slots=True)
class Line:
    text: str
    page: int = 0
    """1-based page number; 0 for plain text."""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    """Distance from the top of the page, in points."""
    bottom: float = 0.0
    size: float | None = None
    """Dominant font size (points); None for plain text."""
    bold: bool = False
    """True when (nearly) all characters are bold."""
    font: str = ""
    spans: list[Span] = field(default_factory=list)
    lineno: int = 0
    """Index of the line in its source (text) or in the document's line list (PDF)."""


@dataclass(slots=True)
class PageInfo:
    number: int
    width: float
    height: float


@dataclass(slots=True)
class Note:
    """A footnote the PDF prints at the foot of a page: its marker and its text (lines joined)."""

    page: int
    mark: str
    text: str
    top: float = 0.0


@dataclass(slots=True)
class LineDoc:
    """All lines of a document in reading order, plus page geometry."""

    lines: list[Line]
    pages: list[PageInfo] = field(default_factory=list)
    kind: str = "text"
    """``pdf`` or ``text``."""
    notes: list[Note] = field(default_factory=list)
    """The footnotes the PDF cleaner took out of the page flow, in page order."""
