"""Small helpers for vim-style keys shared by the panes."""

from __future__ import annotations

from time import monotonic

DOUBLE_PRESS_SECONDS = 0.8
"""How quickly the second ``g`` of ``g g`` must follow the first."""


class DoublePress:
    """Detects a key pressed twice in quick succession (``g g``)."""

    def __init__(self) -> None:
        self._last = -1.0

    def press(self) -> bool:
        """Record a press; True if it completes a double press."""
        now = monotonic()
        double = now - self._last <= DOUBLE_PRESS_SECONDS
        self._last = -1.0 if double else now
        return double
