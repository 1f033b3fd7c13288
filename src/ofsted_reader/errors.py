"""The one exception type for unusable input.

Anything that is the user's file's fault (missing, not a PDF, encrypted, no text
layer, binary bytes in a text file...) raises :class:`InputError`; the CLI turns
it into one plain line on stderr and exit code 2.  Anything else is a bug.
"""

from __future__ import annotations

import os


class InputError(Exception):
    """An input file cannot be used; ``str()`` is one plain line naming file and reason."""

    def __init__(self, path: str | os.PathLike[str] | None, reason: str) -> None:
        self.path = None if path is None else os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)

    def __reduce__(self) -> tuple[type[InputError], tuple[str | None, str]]:
        # Raised in a worker process and sent back to the parent (see ofsted_reader.pool).
        return type(self), (self.path, self.reason)
