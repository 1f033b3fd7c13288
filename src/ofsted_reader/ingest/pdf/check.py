"""Is it a whole PDF?  Checked on the bytes before any engine opens them."""

from __future__ import annotations

from ofsted_reader.errors import InputError
from ofsted_reader.source import PDF_MAGIC, what_it_looks_like

MIN_TEXT_CHARS = 10
"""Fewer visible characters than this in the whole document means there is no text layer."""


def check_pdf(data: bytes, name: str) -> None:
    """InputError unless ``data`` starts like a PDF and ends with its end-of-file marker."""
    if PDF_MAGIC not in data[:1024]:
        raise InputError(name, f"not a PDF (it is {what_it_looks_like(data)})")
    if b"%%EOF" not in data[-8192:]:  # a little slack for junk appended after the marker
        raise InputError(name, "truncated or damaged PDF (no end-of-file marker)")
