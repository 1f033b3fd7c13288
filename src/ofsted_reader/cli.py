"""The commands that work without any UI: ``grades``, ``export``, ``parse`` and ``cache``.

Bad input is one plain line on stderr per file and exit code 2; a traceback means a
bug.  Nothing here imports Textual (``ofsted_reader.main`` opens the reader), and Rich
is imported only for table output, so ``grades --format json`` and ``export`` start
fast.  A warm ``grades`` (every file known to the library index) reads only grade cards:
the parser, the model and PyYAML are imported by the commands only when a file must be
opened.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from ofsted_reader import startup
from ofsted_reader.errors import InputError
from ofsted_reader.index import Card, card_for_file
from ofsted_reader.source import report_files
from ofsted_reader.textsafe import inert, spreadsheet_safe

COMMANDS = ("grades", "export", "parse", "cache")
EXIT_OK, EXIT_BUG, EXIT_INPUT = 0, 1, 2


def _error(message: str) -> None:
    print(f"ofsted-reader: {inert(message, newlines=False)}", file=sys.stderr)


def _default_paths(paths: Sequence[str]) -> list[str]:
    from ofsted_reader.paths import sample_report

    return list(paths) or [str(sample_report())]


# --------------------------------------------------------------------------- grades


def _council_filter(wanted: str) -> Callable[[dict[str, Any]], bool]:
    """Which rows ``--council`` keeps: the register's council it names (a name however printed, an
    LA or GSS code, an id); a name the register does not know is matched against the names
    reports print."""
    from ofsted_reader.councils import council_key
    from ofsted_reader.register import find

    council = find(wanted)
    if council is not None:
        return lambda row: row.get("la_code") == council.la_code
    if wanted.strip().isdigit():
        raise InputError(None, f"--council {wanted}: no council of the register has that DfE LA code")
    key = council_key(wanted)
    return lambda row: not row.get("la_code") and council_key(row.get("council") or "") == key


def _select(rows: list[dict[str, Any]], wanted: str) -> list[dict[str, Any]]:
    """Rows whose hotkey or section id is ``wanted``; else whose name has its words (as word
    starts: "staying safe", "care leavers"); else whose headline column it names ("leadership",
    "children in care", "lscb": alike across families); else whose name is close to it.

    One or two characters name a hotkey only: "a" is not every name with an "a" in it.
    """
    from ofsted_reader.headline import TITLES, columns_of
    from ofsted_reader.model import Judgement

    exact = [r for r in rows if wanted in (r["key"], r["section"])]
    if exact or len(wanted.strip()) <= 2:
        return exact
    words = re.findall(r"\w+", wanted.casefold())
    named = [r for r in rows if all(re.search(rf"\b{re.escape(w)}", r["name"].casefold()) for w in words)]
    if named:
        return named
    needle = " ".join(words)
    columns = {c for c, title in TITLES.items() if needle in (c, " ".join(re.findall(r"\w+", title.casefold())))}
    if columns:
        return [r for r in rows if columns & set(columns_of(Judgement(r["section"], r["name"], None)))]  # type: ignore[arg-type]
    import difflib

    names = [r["name"].casefold() for r in rows]
    close = set(difflib.get_close_matches(needle, names, n=3, cutoff=0.5))
    return [r for r in rows if r["name"].casefold() in close]


def _section_choices(keys: dict[str, None]) -> str:
    """What --section takes, with the keys of the reports at hand."""
    from ofsted_reader.headline import TITLES

    columns = ", ".join(name if name == "help" else title.casefold() for name, title in TITLES.items())
    listed = f"a key: {' '.join(keys)}; " if keys else ""
    return f"try {listed}a column: {columns}; or words of a judgement's name"


GRADE_STYLES = {1: "bold green", 2: "green", 3: "yellow", 4: "bold red"}
SEND_STYLES = {"POS": "green", "INC": "yellow", "SYS": "bold red"}
"""Area SEND outcomes are on their own three-level scale: styled by their badge, not their rank."""


def _console() -> Any:
    """Rich's console for our tables: no markup, emoji codes or highlighting (report text is
    data, printed as it is; and the emoji table is not loaded)."""
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False)


def _print_table(groups: list[tuple[dict[str, Any], list[tuple[dict[str, Any], str]]]]) -> None:
    """One table per report, from its grade card (see :mod:`ofsted_reader.gradecard`) and the
    rows chosen from it, each with its badge."""
    from rich.table import Table
    from rich.text import Text

    from ofsted_reader.gradecard import OUTCOME_NAME, OVERALL_NAME

    console = _console()
    for card, rows in groups:
        table = Table(title=Text(inert(card["title"], newlines=False)), title_justify="left")
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Judgement", ratio=3, min_width=20)
        table.add_column("Grade", ratio=2)  # "RI   Requires improvement to be good" wraps
        table.add_column("As printed", ratio=2, style="dim")
        parts = card["parts"]
        last_part = None
        for row, badge in rows:
            part = (row["section"] or "").split("/")[0]
            if part in parts and part != last_part:
                if last_part is not None:
                    table.add_section()
                table.add_row("", Text(inert(parts[part], newlines=False), style="italic"), "", "")
                last_part = part
            elif part not in parts and last_part:
                table.add_section()  # a row of no part (a SIF overall) does not read as the last part's
                last_part = ""
            table.add_row(
                Text(row["key"]),
                Text(inert(row["name"], newlines=False)),
                Text(inert(f"{badge:<4} {row['grade']}", newlines=False), style=SEND_STYLES.get(badge) or GRADE_STYLES.get(row["rank"], "")),
                Text(inert(row["printed"], newlines=False)),
            )
        overall = card["overall"]
        if overall is not None and not any(r["name"] in (OVERALL_NAME, OUTCOME_NAME) and r["grade"] == overall for r, _ in rows):
            # SLAC grades each part's overall effectiveness: say which is the report's.
            table.caption = Text(inert(f"{OVERALL_NAME} of the report: {overall}", newlines=False))
            table.caption_justify = "left"
        console.print(table)


def grade_card(path: Path, engine: str = "pdfium") -> Card:
    """The grade card from the index when it knows the file as it is now, else from the opened report."""
    card = card_for_file(path)
    if card is None:
        from ofsted_reader.reports import grade_card_for  # a warm grades never loads the parser or the model

        card = grade_card_for(path, engine=engine)
    return card


def cmd_grades(args: argparse.Namespace) -> int:
    by = args.by or ("report" if args.format in ("md", "xlsx") else "judgement")
    if by != "judgement":
        return _grades_table(args, by)
    if args.format in ("md", "xlsx"):
        _error(f"--format {args.format} writes one row per report or recommendation (--by report|recommendation), not per judgement")
        return EXIT_INPUT
    files, errors = report_files(_default_paths(args.paths))
    if not files and not errors:
        _error(f"no reports found in {', '.join(args.paths)}")  # only folders with no report in them get here
        return EXIT_INPUT
    wanted_council = _council_filter(args.council) if args.council else None
    groups: list[tuple[dict[str, Any], list[tuple[dict[str, Any], str]]]] = []
    keys: dict[str, None] = {}
    """Every hotkey of the reports read, in order (said when --section matches nothing)."""
    graded = 0
    progress = _stderr_progress() if len(files) > 1 and sys.stderr.isatty() else None
    for index, path in enumerate(files, start=1):
        if progress:
            progress(index, len(files), path)
        try:
            card = grade_card(path, args.engine)
        except InputError as exc:
            errors.append(exc)
            continue
        if card["ungraded"]:
            errors.append(InputError(str(path), card["ungraded"]))
            continue
        graded += 1
        rows = [{"file": str(path), **row} for row in card["rows"]]
        keys.update((row["key"], None) for row in rows if row["key"])
        badge_of = dict(zip(map(id, rows), card["badges"]))
        if wanted_council is not None:
            rows = [r for r in rows if wanted_council(r)]
            if not rows:
                continue  # a report about another council
        if args.section:
            rows = _select(rows, args.section)
            if not rows:
                continue  # a report without that judgement (an LSCB review asked for care leavers)
        groups.append((card, [(row, badge_of[id(row)]) for row in rows]))
    if progress:
        progress(None, len(files), None)
    all_rows = [row for _, rows in groups for row, _ in rows]
    if args.council and graded and not all_rows:
        for exc in errors:
            _error(str(exc))
        _error(f"no report here is about the council {args.council!r}")
        return EXIT_INPUT
    if args.section and graded and not all_rows:
        for exc in errors:
            _error(str(exc))
        _error(f"no judgement matches {args.section!r} ({_section_choices(keys)})")
        return EXIT_INPUT
    if args.format == "json":
        from ofsted_reader.document import dump_json

        print(dump_json(all_rows))
    elif args.format == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["file", "report", "council", "la_code", "key", "section", "name", "grade", "rank", "printed"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in all_rows)
        sys.stdout.write(buffer.getvalue())
    else:
        _print_table(groups)
    for exc in errors:
        _error(str(exc))
    return EXIT_INPUT if errors else EXIT_OK


def _grades_table(args: argparse.Namespace, by: str) -> int:
    """``grades --by report``: the library's table (one row per report, the headline columns
    across frameworks); ``--by recommendation``: every recommendation.  As a table, JSON, CSV,
    Markdown or XLSX (see :mod:`ofsted_reader.table_export`)."""
    from ofsted_reader import table_export
    from ofsted_reader.library import summaries_for

    if args.section:
        _error("--section picks judgements; it does not go with --by report or recommendation")
        return EXIT_INPUT
    if args.format == "xlsx" and not args.output and sys.stdout.isatty():
        _error("an XLSX workbook is binary: give --output FILE.xlsx (or redirect the output to a file)")
        return EXIT_INPUT
    files, errors = report_files(_default_paths(args.paths))
    rows, failed = summaries_for(files, engine=args.engine)
    errors += failed
    if args.council:
        wanted = _council_filter(args.council)
        rows = [r for r in rows if wanted({"la_code": r.la_code, "council": r.council})]
        if not rows:
            for exc in errors:
                _error(str(exc))
            _error(f"no report here is about the council {args.council!r}")
            return EXIT_INPUT
    if by == "report":
        table = table_export.report_table(rows)
    else:
        from ofsted_reader.reports import open_report

        reports = []
        for row in rows:
            try:
                reports.append((open_report(row.path, engine=args.engine).report, Path(row.path).name))
            except InputError as exc:  # changed or gone since it was listed
                errors.append(exc)
        table = table_export.recommendation_table(reports)
    sheet = "Reports" if by == "report" else "Recommendations"
    if args.format == "xlsx":
        target = args.output or sys.stdout.buffer
        try:
            table_export.write_xlsx(table, target, sheet=sheet)
        except OSError as exc:
            raise InputError(str(args.output), exc.strerror or str(exc)) from None
    else:
        if args.format == "csv":
            text = table_export.csv_text(table)
        elif args.format == "md":
            text = table_export.markdown_text(table)
        elif args.format == "json":
            from ofsted_reader.document import dump_json

            headers, body = table
            text = dump_json([dict(zip(headers, row)) for row in body]) + "\n"
        else:
            _print_rows(table)
            text = ""
        if args.output:
            try:
                Path(args.output).write_text(text, encoding="utf-8", newline="")
            except OSError as exc:
                raise InputError(str(args.output), exc.strerror or str(exc)) from None
        else:
            sys.stdout.write(inert(text) if sys.stdout.isatty() and args.format == "md" else text)
    if args.output:
        print(f"{len(table[1])} row{'s' if len(table[1]) != 1 else ''} written to {inert(str(args.output), newlines=False)}", file=sys.stderr)
    for exc in errors:
        _error(str(exc))
    return EXIT_INPUT if errors else EXIT_OK


def _print_rows(table: tuple[list[str], list[list[Any]]]) -> None:
    from rich.table import Table
    from rich.text import Text

    headers, rows = table
    out = Table()
    for title in headers:
        out.add_column(title, overflow="fold")
    for row in rows:
        out.add_row(*(Text(inert("" if cell is None else str(cell), newlines=False)) for cell in row))
    _console().print(out)


def _stderr_progress():
    def show(index: int | None, total: int, path: Path | None) -> None:
        if index is None:
            sys.stderr.write("\r\x1b[K")
        else:
            sys.stderr.write(f"\r\x1b[K{index}/{total} {inert(path.name if path else '', newlines=False)[:60]}")
        sys.stderr.flush()

    return show


# --------------------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace) -> int:
    from ofsted_reader.document import dump_json, dump_yaml
    from ofsted_reader.reports import open_report

    path = _default_paths([args.path] if args.path else [])[0]
    try:
        is_dir = Path(path).is_dir()
    except OSError:
        is_dir = False  # opening it says why it cannot be read
    if is_dir:
        raise InputError(path, "is a folder; export takes one report file")
    report = open_report(path, engine=args.engine).report
    if args.format == "json":
        text = dump_json(report.to_dict()) + "\n"
    elif args.format == "markdown":
        from ofsted_reader.markdown import render

        text = render(report)
        if sys.stdout.isatty():
            text = inert(text)
    else:
        text = dump_yaml(report.to_dict())
    sys.stdout.write(text)
    return EXIT_OK


# --------------------------------------------------------------------------- parse


def cmd_parse(args: argparse.Namespace) -> int:
    from ofsted_reader.batch import parse_many

    files, errors = report_files(_default_paths(args.paths))
    return parse_many(files, errors, jobs=args.jobs, engine=args.engine)


# --------------------------------------------------------------------------- cache


def cmd_cache(args: argparse.Namespace) -> int:
    from ofsted_reader import cache
    from ofsted_reader.document import report_from_bytes
    from ofsted_reader.paths import cache_dir, configured_cache_dir, read_private

    folder = inert(str(cache_dir() or configured_cache_dir()), newlines=False)  # not trusted: said on stderr
    if args.action == "path":
        print(folder)
        return EXIT_OK
    if args.action == "clear":
        removed = cache.clear()
        print(f"removed {removed} cached report{'s' if removed != 1 else ''} from {folder}")
        return EXIT_OK
    entries = cache.entries()
    from rich.table import Table
    from rich.text import Text

    from ofsted_reader.grades import badge

    if not entries:
        print(f"no cached reports in {folder}")
        return EXIT_OK
    count = f"{len(entries)} cached report{'s' if len(entries) != 1 else ''}"
    table = Table(title=Text(f"{count} in {folder}"), title_justify="left")
    table.add_column("Report", min_width=12)
    table.add_column("Family", no_wrap=True, min_width=7)
    table.add_column("Overall", no_wrap=True, min_width=7)
    table.add_column("Source", ratio=1, min_width=16, overflow="fold")  # the file name whole, wrapped if need be
    table.add_column("Parser", no_wrap=True, min_width=6)
    table.add_column("Size", no_wrap=True, justify="right", min_width=6)
    rows: list[tuple[tuple[int, str, str], tuple[Any, ...]]] = []
    for entry in entries:
        try:
            data = read_private(entry, cache.MAX_ENTRY_BYTES)
        except OSError:
            continue  # gone meanwhile, or no entry of ours
        report = report_from_bytes(data)
        size = f"{len(data) / 1024:.0f} kB"
        if report is None:
            rows.append(((1, entry.name, ""), (Text("(damaged; re-parsed when next opened)"), "", "", Text(entry.name), "", size)))
            continue
        name, source, family, parser = (inert(s, newlines=False) for s in (report.short_name(), report.source.name, report.family, report.parser))
        overall = badge(report.overall) if report.overall else "·"
        rows.append(((0, name.casefold(), source), (Text(name), Text(family), overall, Text(source), Text(parser), size)))
    for _, cells in sorted(rows, key=lambda row: row[0]):
        table.add_row(*cells)
    _console().print(table)
    return EXIT_OK


# --------------------------------------------------------------------------- main


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


def _add_engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=("pdfium", "plumber"),
        default="pdfium",
        help="PDF text engine: pdfium (fast, default) or pdfplumber (reference)",
    )


def commands_parser() -> argparse.ArgumentParser:
    """``ofsted-reader COMMAND …`` (built only when a command is given: the reader starts sooner)."""
    commands = argparse.ArgumentParser(prog="ofsted-reader")
    sub = commands.add_subparsers(dest="command", required=True)
    grades = sub.add_parser("grades", help="print judgements with their reader hotkeys")
    grades.add_argument("paths", nargs="*", metavar="PATH", help="report files or folders; default: the bundled sample")
    grades.add_argument("--section", metavar="KEY", help="only this judgement: a hotkey, section id or name")
    grades.add_argument("--council", metavar="NAME|CODE", help="only reports about this council: a name, DfE LA code or GSS code")
    grades.add_argument("--format", choices=("table", "json", "csv", "md", "xlsx"), default="table",
                        help="xlsx needs --output FILE (or a redirect); md and xlsx default to --by report")
    grades.add_argument("--by", choices=("judgement", "report", "recommendation"), default=None,
                        help="one row per judgement (default for table, json, csv), per report (the library's "
                             "table: headline grades across frameworks; default for md, xlsx) or per recommendation")
    grades.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of the standard output")
    _add_engine(grades)
    grades.set_defaults(func=cmd_grades, parser=grades)

    export = sub.add_parser("export", help="print the structured document")
    export.add_argument("path", nargs="?", metavar="PATH", help="a report file; default: the bundled sample")
    export.add_argument("--format", choices=("yaml", "json", "markdown"), default="yaml")
    _add_engine(export)
    export.set_defaults(func=cmd_export, parser=export)

    parse = sub.add_parser("parse", help="parse reports into the cache (folders recurse)")
    parse.add_argument("paths", nargs="*", metavar="PATH", help="report files or folders; default: the bundled sample")
    parse.add_argument("--jobs", "-j", type=_positive, default=None, help="worker processes (default: all cores)")
    _add_engine(parse)
    parse.set_defaults(func=cmd_parse, parser=parse)

    cache = sub.add_parser("cache", help="look after the cache")
    cache.add_argument("action", choices=("list", "path", "clear"))
    cache.set_defaults(func=cmd_cache, parser=cache)
    return commands


def main(argv: Sequence[str]) -> int:
    """Run a command (``argv[0]`` is one of :data:`COMMANDS`); its exit code."""
    startup.for_commands()
    args, unknown = commands_parser().parse_known_args(argv)
    if unknown:  # said with the command's own usage, not the list of commands
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return guarded(lambda: args.func(args))


def unknown_command(word: str) -> str | None:
    """A word given where a command or a path goes that is no file, close to a command's name:
    ``unknown command 'grade' (did you mean grades?)``; else None (it is a path)."""
    import difflib

    if not re.fullmatch(r"[A-Za-z][\w-]*", word) or os.path.lexists(word):
        return None
    close = difflib.get_close_matches(word.casefold(), COMMANDS, n=1, cutoff=0.6)
    return f"unknown command {word!r} (did you mean {close[0]}?)" if close else None


def guarded(run: Callable[[], int]) -> int:
    """Run a command or the reader: unusable input is one plain line and exit 2, Ctrl-C exit 130,
    output piped into ``head`` no error; anything else is a bug (exit 1, with its traceback)."""
    try:
        return run()
    except InputError as exc:
        _error(str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush at exit
        except OSError:
            pass
        return EXIT_OK
