"""Start-up tuning, all in one place: what makes a command's output or the reader's first frame come sooner.

* **Every command** runs with a young-generation collection threshold of
  :data:`YOUNG_GC_THRESHOLD` (Python's default: 700).  A command imports its modules and
  loads a cached report, ~25k objects that live until it exits; the default makes ~35
  collector passes over them (~8 ms of a warm ``grades``) that free nothing; a long parse
  still collects every 50 000 allocations, so its memory stays bounded.
* **The reader**: the cyclic collector is off from before Textual is imported
  (:func:`reader_starting`) until the first frames are out (:func:`reader_started`, which
  the app calls a second after it mounts): importing Textual and the reader makes ~100k
  objects that live until exit, and the collector's ~90 passes over them as they are made
  (~20 ms) free nothing.  Just before the app runs (:func:`reader_built`) what exists is
  frozen, so the collector's full passes leave it out (the first would fall during the first
  frame and walk all of it, ~15 ms; https://docs.python.org/3/library/gc.html#gc.freeze), and
  the GIL switch interval is cut to :data:`STARTUP_SWITCH_INTERVAL`: Textual writes each frame
  from a thread, and with the default 5 ms the first frame's bytes wait while the app goes
  on to its next layout (the screen filled ~10 ms late).
"""

from __future__ import annotations

import gc
import sys

YOUNG_GC_THRESHOLD = 50_000
"""Allocations between young collections for every command (see the module docstring)."""

STARTUP_SWITCH_INTERVAL = 0.0005
"""Seconds between GIL hand-overs while the reader's first frames are written."""

_switch_interval: float | None = None
"""The interpreter's own switch interval while the short one is in force."""


def for_commands() -> None:
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])


def reader_starting() -> None:
    """Before Textual is imported: the collector off."""
    gc.disable()


def reader_built() -> None:
    """Just before the app runs: freeze what exists, shorten the switch interval."""
    global _switch_interval
    gc.freeze()
    if _switch_interval is None:
        _switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(STARTUP_SWITCH_INTERVAL)


def reader_started() -> None:
    """The first frames are out (or the reader has ended): the usual switch interval, the collector back on."""
    global _switch_interval
    if _switch_interval is not None:
        sys.setswitchinterval(_switch_interval)
        _switch_interval = None
    gc.enable()
