"""Footnote markers as the text keeps them: superscript digits glued to the word they follow.

A PDF prints a footnote marker as small raised digits (``Board¹``); the report's text keeps
it as Unicode superscripts, so that the reader shows it and the footnote it points to
(:class:`~ofsted_reader.model.Footnote`, ``mark`` ``"1"``) can be found.  Rules that read
the text (a grade at the end of a heading, a judgement sentence) read it without them.
"""

from __future__ import annotations

import re

_RAISE = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_RAISED = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def raised(mark: str) -> str:
    """``"12"`` → ``"¹²"``; other marks (``*``, ``†``) as they are."""
    return mark.translate(_RAISE)


def unmarked(text: str) -> str:
    """The text without its superscript markers."""
    return _RAISED.sub("", text) if text else text


def cites(text: str, mark: str) -> bool:
    """Does ``text`` carry the marker ``mark`` (as a whole superscript number, not part of a longer one)?"""
    sup = raised(mark)
    if sup == mark:
        return mark in text
    return re.search(rf"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){re.escape(sup)}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])", text) is not None
