"""The element stream: what a document says, before family rules give it a shape.

Both the plain-text reader (line shape) and the PDF path (font size, weight,
position, numbering) turn their lines into this flat list of elements, in
reading order, with page furniture already gone and page-split paragraphs joined.
The family structurers (SLAC, SIF, LSCB, ILACS, UNKNOWN) build a Report from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Element:
    text: str
    page: int = 0
    top: float = 0.0
    x0: float = 0.0
    lineno: int = 0
    """Index of the element's first line in the LineDoc (or the text file)."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Footnotes (marker, text) this element cites (PDF only)."""


@dataclass(slots=True)
class Heading(Element):
    level: int | None = None
    """1 for the largest heading style in the document, 2 the next...; None when unknown (plain text)."""
    size: float | None = None
    bold: bool = False


@dataclass(slots=True)
class Para(Element):
    """A numbered paragraph ("12. The effectiveness of ..."), number as printed."""

    number: int = 0


@dataclass(slots=True)
class Prose(Element):
    """Unnumbered text: one logical paragraph (or a short line such as ``Grade 2 (good)``)."""

    bold: bool = False
    size: float | None = None


@dataclass(slots=True)
class Item(Element):
    """A list item (bullet); level 1 for bullets, 2 for sub-bullets."""

    level: int = 1
    glyph: str = ""


@dataclass(slots=True)
class Row(Element):
    """A table row: cells as printed (tab-separated in text, column gaps in PDFs)."""

    cells: list[str] = field(default_factory=list)
