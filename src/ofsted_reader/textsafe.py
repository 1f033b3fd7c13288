"""Report text is data: make it inert before it reaches a terminal.

A report (or a file name) may contain escape sequences (ANSI CSI, OSC 52
clipboard writes, title changes), other control characters or bidi overrides.
:func:`inert` replaces each with a visible placeholder so nothing in a document
can drive the terminal or reorder what is shown.  Markup (Rich/Textual
``[bold]``) is a separate matter: displays must use ``Text`` objects, never
markup strings, and this module leaves brackets alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ofsted_reader.model import Block

# C0 controls except tab/newline, DEL, C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# Bidi embeddings/overrides/isolates and marks that reorder text.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def inert(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control and bidi character shown as a visible placeholder.

    With ``newlines=False`` line breaks and tabs become spaces (for table cells).
    """
    if not newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    text = _CONTROLS.sub(_control_picture, text)
    return _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def without_controls(text: str) -> str:
    """``text`` without control and bidi characters (tab and line breaks kept): for files a
    spreadsheet opens, where a placeholder would be noise."""
    return _BIDI.sub("", _CONTROLS.sub("", text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BREAKS = re.compile(r"[\t\r\n]+")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell a spreadsheet shows as the text it is: control and bidi characters dropped,
    and a cell that would start a formula (``= + - @``, tab, CR: "=HYPERLINK(…)") led by ``'``.
    Numbers and None pass as they are (a rank of 2 is not text; an empty cell stays empty).
    The JSON output keeps the exact text; this is for CSV only."""
    if not isinstance(value, str):
        return value
    value = without_controls(value)  # \t \r \n are left for now: "\x1b\t=1" is still a formula
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return _BREAKS.sub(" ", value)


def is_inert(text: str) -> bool:
    return not (_CONTROLS.search(text) or _BIDI.search(text))


def block_parts(block: Block) -> list[str]:
    """A block's strings as the reader shows and searches them (inert), in the order it shows
    them: its text, each bullet, each table cell row by row, each footnote's text.  A search
    hit's ``part`` is an index in this list."""
    cells = (cell for row in block.rows for cell in row)
    return [inert(block.text), *map(inert, (*block.bullets, *cells, *(note.text for note in block.footnotes)))]
