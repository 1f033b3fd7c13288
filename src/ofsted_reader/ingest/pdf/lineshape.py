"""What a printed line's place and shape say: its top, the gap to the line before, its
column cells, the bullet that opens it; and how two lines' texts join."""

from __future__ import annotations

from ofsted_reader.ingest.lines import Line
from ofsted_reader.ingest.pdf.layout import BULLET_GLYPHS, DASH_BULLETS, SUB_BULLET_GLYPHS

#: a gap between two lines (baseline-derived top minus previous baseline) up to this
#: many font sizes is "the next line of the same paragraph"
TIGHT = 0.5

#: x tolerance (points) for "the same indent"
XTOL = 4.0

#: a "bullet" made of a letter or a dash needs a visible gap after it to count
AMBIGUOUS_GLYPHS = DASH_BULLETS | {"o"}


def line_top(ln: Line) -> float:
    """The line's top from its baseline and size (superscripts do not raise it)."""
    return ln.bottom - (ln.size or 0.0)


def line_gap(prev: Line, ln: Line) -> float:
    return line_top(ln) - prev.bottom


def line_cells(ln: Line) -> list[tuple[float, float, str]]:
    """Column cells of a line: (x0, x1, text), split at column gaps."""
    cells: list[list] = []
    for s in ln.spans:
        if not cells or s.sep == "\t":
            cells.append([s.x0, s.x1, s.text])
        else:
            cells[-1][1] = max(cells[-1][1], s.x1)
            cells[-1][2] += s.sep + s.text
    if not cells:
        parts = ln.text.split("\t")
        return [(ln.x0, ln.x1, p.strip()) for p in parts]
    return [(c[0], c[1], c[2].strip()) for c in cells]


def join_text(a: str, b: str) -> str:
    """Join two pieces of text from consecutive lines with one space.

    A line that ends in a hyphen right after a letter or digit (``year-on-`` /
    ``decision-``) is a compound word broken at its own hyphen: the hyphen stays
    and no space is added (``year-on-year``).  Nothing is ever removed.
    """
    a = a.rstrip()
    b = b.strip()
    if not a:
        return b
    if not b:
        return a
    if a.endswith("-") and len(a) > 1 and a[-2].isalnum() and b[0].isalnum():
        return a + b
    return a + " " + b


def flat(ln: Line) -> str:
    return " ".join(ln.text.replace("\t", " ").split())


def list_glyph(ln: Line) -> tuple[str, int, float] | None:
    """(glyph, level, text x) if the line opens a list item.

    Bullet glyphs (private-use Wingdings/Symbol bullets, ◼, •..., and any other private-use
    glyph printed as a span of its own) give level 1, sub-bullet glyphs (U+F02D, U+F0BE, −, ─,
    ―, U+0336, ◦) level 2.  A dash (level 1)
    or "o" (level 2) only counts when it is printed apart from the text (its
    own span, a visible gap after it).
    """
    t = ln.text
    if not t:
        return None
    g = t[0]
    if g in BULLET_GLYPHS or g in DASH_BULLETS:
        level = 1
    elif g in SUB_BULLET_GLYPHS or g == "o":
        level = 2
    elif "\ue000" <= g <= "\uf8ff" and len(ln.spans) > 1 and ln.spans[0].text.strip() == g:
        level = 1  # another symbol-font glyph, printed apart from its text
    else:
        return None
    rest = t[1:]
    if not rest.strip():
        return None
    if g in AMBIGUOUS_GLYPHS:
        if len(ln.spans) < 2 or ln.spans[0].text != g or not rest.startswith((" ", "\t")):
            return None
        if ln.spans[1].x0 - ln.spans[0].x1 < 0.2 * (ln.size or 12):
            return None
    text_x = ln.spans[1].x0 if len(ln.spans) > 1 and ln.spans[0].text.strip() == g else ln.x0
    return g, level, text_x
