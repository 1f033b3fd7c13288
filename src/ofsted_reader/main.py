"""``ofsted-reader``: a command (``grades``, ``export``, ``parse``, ``cache``) runs headless
(:mod:`ofsted_reader.cli`); anything else opens the reader (:mod:`ofsted_reader.tui`).

This is the one module that knows both, so the commands never import Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from ofsted_reader import __version__, cli, startup
from ofsted_reader.errors import InputError


def reader_parser() -> argparse.ArgumentParser:
    """``ofsted-reader [PATH]``: open the reader."""
    reader = argparse.ArgumentParser(
        prog="ofsted-reader",
        description="Read Ofsted children's services inspection reports in the terminal. "
        f"Commands: {', '.join(cli.COMMANDS)} (run 'ofsted-reader COMMAND --help').",
    )
    reader.add_argument("path", nargs="?", help="a report (PDF, text, saved .yaml) or a folder; default: the bundled sample")
    reader.add_argument("--theme", help="theme name (see the theme picker, key T)")
    reader.add_argument("--version", action="version", version=f"ofsted-reader {__version__}")
    return reader


def read(args: argparse.Namespace) -> int:
    """Open the reader on ``args.path`` (None: the bundled sample)."""
    if args.path is not None:
        mistyped = cli.unknown_command(args.path)
        if mistyped:
            raise InputError(None, mistyped)
        try:
            Path(args.path).stat()
        except FileNotFoundError:
            raise InputError(args.path, "no such file or folder") from None
        except PermissionError:
            raise InputError(args.path, "permission denied") from None
        except OSError as exc:
            raise InputError(args.path, f"cannot be read ({exc.strerror or exc})") from None
    startup.reader_starting()
    try:
        from ofsted_reader.tui.app import run

        return run(args.path, theme=args.theme)
    finally:
        startup.reader_started()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in cli.COMMANDS:
        return cli.main(argv)
    startup.for_commands()
    args = reader_parser().parse_args(argv)
    return cli.guarded(lambda: read(args))
