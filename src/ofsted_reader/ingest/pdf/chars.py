"""Page characters as both PDF engines give them, and the page geometry they share.

Each engine yields, per page, a list of :data:`Char` tuples
``(text, x0, x1, top, bottom, size, fontname, bold)`` in page coordinates (points,
origin at the top left; ``bottom`` is the baseline and ``top`` is the baseline minus the
font size), already quantised with :func:`q`.  Everything after that - lines, spaces,
scripts, spans - is :mod:`.layout`, so both engines give the same lines.

Conventions (both engines):

* ``x0`` is the glyph origin, ``x1`` the origin plus the advance width from the font's
  width table (not the ink box: pdfium's loose boxes and pdfminer's boxes disagree on
  overhanging glyphs; widths from ``/Widths`` agree);
* ``size`` is the effective font size (font size times the text matrix scale);
* /Rotate is applied; a page whose text mostly runs sideways is read turned the way
  its text runs (:func:`sideways`);
* font names lose their subset prefix (``ABCDEE+``) and standard-14 aliases are folded;
  ``bold`` comes from the font name;
* whitespace is never passed on (spaces come from geometry): :data:`ENGINE_SKIP`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence


Char = tuple  # (text, x0, x1, top, bottom, size, fontname, bold)

_floor = math.floor


def q(v: float) -> float:
    """Quantise a coordinate to 0.01 pt.

    Word writes positions on a 1/20 pt grid, so many values sit exactly on a
    rounding boundary; pdfium works in float32 and pdfminer in float64, so the
    tiny nudge makes both engines round such values the same way.  ``floor(x + 0.5)`` rather
    than ``round(x, 2)``: the same value once nudged off the boundaries (``round``'s decimal
    conversion was ~10% of a cold export, called for every character), and twice as fast.
    """
    return _floor((v + 0.0013) * 100 + 0.5) / 100


def r1(v: float) -> float:
    """Round to 0.1 pt (what a LineDoc keeps), nudged off the boundaries like :func:`q`."""
    return _floor((v + 0.0013) * 10 + 0.5) / 10


_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|demi\b|,b$", re.IGNORECASE)


_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")


#: pdfminer reports the standard-14 metrics name for fonts it substitutes (BaseFont
#: ``Arial`` → ``Helvetica``), pdfium the BaseFont: fold both to one spelling.
_FONT_ALIASES = {
    "Helvetica": "Arial",
    "Helvetica-Bold": "Arial,Bold",
    "Helvetica-Oblique": "Arial,Italic",
    "Helvetica-BoldOblique": "Arial,BoldItalic",
    "Courier": "CourierNew",
    "Courier-Bold": "CourierNew,Bold",
    "Courier-Oblique": "CourierNew,Italic",
    "Courier-BoldOblique": "CourierNew,BoldItalic",
    "Times-Roman": "TimesNewRoman",
    "Times-Bold": "TimesNewRoman,Bold",
    "Times-Italic": "TimesNewRoman,Italic",
    "Times-BoldItalic": "TimesNewRoman,BoldItalic",
}


def is_bold_name(fontname: str) -> bool:
    return bool(_BOLD_RE.search(fontname))


def clean_font(name: str) -> str:
    name = _SUBSET_RE.sub("", name or "")
    return _FONT_ALIASES.get(name, name)


_ITALIC_RE = re.compile(r"italic|oblique|[-,]it$", re.I)
SLANTED = 0.05
"""A char matrix's shear (across over up) beyond this is type slanted into italics."""


def is_italic_name(fontname: str) -> bool:
    return bool(_ITALIC_RE.search(fontname))


def slanted_font(name: str, shear: float) -> str:
    """The font's name, marked ``-Oblique`` when the text is slanted by its matrix rather than by
    an italic font (so that the line's italics show in its font, as an italic font's do)."""
    return f"{name}-Oblique" if abs(shear) > SLANTED and not is_italic_name(name) else name


#: chars the engines never pass on: whitespace (spaces come from geometry) and line breaks
ENGINE_SKIP = frozenset(" \t\r\n\u00a0\u2009\u202f")


_SURROGATE = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (a font's ToUnicode map can name one; no UTF-8 can
    write it) as U+FFFD, where text leaves a PDF engine."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


#: pdfium reports a hyphen that ends a line as U+0002 (U+FFFE in page text); pdfminer
#: gives the printed char ('-' or a soft hyphen U+00AD): all are a printed hyphen.
HYPHENS = frozenset("\x02\ufffe\u00ad")


def page_ctm(mediabox: Sequence[float], rotation: int) -> tuple[tuple[float, ...], float, float]:
    """pdfminer's device transform for a page (mediabox origin moved to 0,0, /Rotate applied)."""
    x0, y0, x1, y1 = mediabox
    rot = rotation % 360
    if rot == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        w, h = y1 - y0, x1 - x0
    elif rot == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        w, h = x1 - x0, y1 - y0
    elif rot == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        w, h = y1 - y0, x1 - x0
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        w, h = x1 - x0, y1 - y0
    return ctm, abs(w), abs(h)


def mult(m: Sequence[float], n: Sequence[float]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def orientation(m: Sequence[float]) -> int | None:
    """Text direction of a char matrix: 0 left-to-right, 1 upwards, 2 upside down, 3 downwards; None if
    turned at an angle or mirrored.  Upright text slanted into italics (a shear, ``c`` up to half of
    ``d``: a font made oblique by its matrix) is upright."""
    a, b, c, d = m[0], m[1], m[2], m[3]
    if abs(b) <= 1e-3 * abs(a) and abs(c) <= 0.5 * abs(d):
        if a > 0 and d > 0:
            return 0
        if a < 0 and d < 0:
            return 2
        return None
    if abs(a) <= 1e-3 * abs(b) and abs(d) <= 1e-3 * abs(c):
        if b > 0 and c < 0:
            return 1
        if b < 0 and c > 0:
            return 3
    return None


def turn(o: int, x: float, y: float, w: float, h: float) -> tuple[float, float]:
    """Device point (y up) in a page turned so that direction *o* reads left to right."""
    if o == 1:
        return y, w - x
    if o == 2:
        return w - x, h - y
    if o == 3:
        return h - y, x
    return x, y


def sideways(odd: list[tuple], upright: int, w: float, h: float) -> tuple[list[Char], float, float] | None:
    """When most text on a page runs in one other direction (a turned page), read it that way.

    *odd* holds ``(text, X, Y, width, size, font, bold, o)`` in device space.
    Returns the chars in the turned page's coordinates and its width/height, or
    None when upright text dominates.
    """
    counts = Counter(t[7] for t in odd)
    o, n = counts.most_common(1)[0]
    if n <= upright:
        return None
    tw, th = (h, w) if o in (1, 3) else (w, h)
    chars: list[Char] = []
    for t, X, Y, wd, size, font, bold, oo in odd:
        if oo != o:
            continue
        x, y = turn(o, X, Y, w, h)
        x0 = q(x)
        base = q(th - y)
        chars.append((t, x0, x0 + wd, base - size, base, size, font, bold))
    return chars, tw, th
