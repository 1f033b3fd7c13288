#!/usr/bin/env python3
"""Look at what the PDF layer sees: lines with their signals, or the element stream.

    python tools/pdfdump.py REPORT.pdf                      # cleaned lines, all pages
    python tools/pdfdump.py REPORT.pdf --elements           # element stream
    python tools/pdfdump.py REPORT.pdf --raw --pages 1-3    # lines before cleaning
    python tools/pdfdump.py REPORT.pdf --spans --pages 1    # every span of every line
    python tools/pdfdump.py REPORT.pdf --engine plumber     # the reference engine
    python tools/pdfdump.py REPORT.pdf --footnotes          # what the cleaner took out as footnotes
    python tools/pdfdump.py REPORT.pdf --grep 'Grade \\d'    # only rows whose text matches
    python tools/pdfdump.py REPORT.pdf --info               # document signals: body size, number columns, heading styles
    python tools/pdfdump.py REPORT.pdf -e --json            # elements as JSON lines (for scripts)

Line columns: page, line number, x0, top, baseline (bottom), font size, B (bold
line) and the text; column gaps in the text show as " ⇥ ", superscripts as
^{..}, private-use glyphs as <U+F06E>.  With --spans each span follows on its
own line: separator before it (· none, ␣ space, ⇥ column gap), x range, size,
B (bold) and ^ (superscript) flags, font, text.  Element columns: kind (H1/H2..
for headings with their level, P12 for numbered paragraph 12, T / Tb for prose /
bold prose, I1/I2 for items with the glyph in [..], R for table rows with " | "
between cells), page, line number of the element's first line, x0, top, then the
text (headings also show their size and weight).  Text is shown with control
characters escaped, so any PDF is safe to dump to a terminal.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ofsted_reader.errors import InputError  # noqa: E402
from ofsted_reader.ingest.elements import Heading, Item, Para, Prose, Row  # noqa: E402
from ofsted_reader.ingest.pdf import ENGINES, read_lines  # noqa: E402
from ofsted_reader.ingest.pdf.clean import clean_lines  # noqa: E402
from ofsted_reader.ingest.pdf.elements import pdf_elements  # noqa: E402
from ofsted_reader.source import read  # noqa: E402


def show(text: str) -> str:
    """Printable form: controls and private-use glyphs escaped, column gaps visible."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\t":
            out.append(" ⇥ ")
        elif o < 0x20 or 0x7F <= o < 0xA0 or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            out.append(f"<U+{o:04X}>")
        elif 0xE000 <= o <= 0xF8FF:
            out.append(f"<U+{o:04X}>")
        else:
            out.append(ch)
    return "".join(out)


def parse_pages(spec: str | None) -> set[int] | None:
    if not spec:
        return None
    pages: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)?\s*-\s*(\d+)?", part)
        if m:
            lo = int(m.group(1) or 1)
            hi = int(m.group(2) or 10_000)
            pages.update(range(lo, hi + 1))
        else:
            pages.add(int(part))
    return pages


SEP_SHOW = {"": "·", " ": "␣", "\t": "⇥"}


def line_text(ln) -> str:
    if not ln.spans:
        return show(ln.text)
    parts = []
    for s in ln.spans:
        parts.append(show(s.sep))
        parts.append("^{" + show(s.text) + "}" if s.sup else show(s.text))
    return "".join(parts)


def dump_lines(lines, pages, pattern, spans: bool, out) -> None:
    last_page = None
    for ln in lines:
        if pages is not None and ln.page not in pages:
            continue
        if pattern and not pattern.search(ln.text):
            continue
        if ln.page != last_page:
            out.write(f"─── page {ln.page} " + "─" * 60 + "\n")
            last_page = ln.page
        size = f"{ln.size:4.1f}" if ln.size is not None else "   -"
        out.write(f"p{ln.page:<3}#{ln.lineno:<5} x{ln.x0:6.1f} t{ln.top:6.1f} b{ln.bottom:6.1f} s{size} {'B' if ln.bold else ' '} {line_text(ln)}\n")
        if spans:
            for s in ln.spans:
                flags = ("B" if s.bold else "-") + ("^" if s.sup else "-")
                out.write(f"{'':16}{SEP_SHOW.get(s.sep, '?'):>3} x{s.x0:6.1f}-{s.x1:6.1f} s{s.size:4.1f} {flags} {show(s.font):<22} {show(s.text)}\n")


def element_tag(el) -> str:
    if isinstance(el, Heading):
        return f"H{el.level if el.level is not None else '?'}"
    if isinstance(el, Para):
        return f"P{el.number}"
    if isinstance(el, Item):
        return f"I{el.level}"
    if isinstance(el, Row):
        return "R"
    if isinstance(el, Prose):
        return "T" + ("b" if el.bold else "")
    return type(el).__name__


def dump_elements(elements, pages, pattern, out) -> None:
    last_page = None
    for el in elements:
        if pages is not None and el.page not in pages:
            continue
        if pattern and not pattern.search(el.text):
            continue
        if el.page != last_page:
            out.write(f"─── page {el.page} " + "─" * 60 + "\n")
            last_page = el.page
        if isinstance(el, Row):
            text = " | ".join(show(c) for c in el.cells)
        elif isinstance(el, Item):
            text = f"[{show(el.glyph)}] {show(el.text)}"
        elif isinstance(el, Heading):
            text = f"({el.size or 0:g}{'B' if el.bold else ''}) {show(el.text)}"
        else:
            text = show(el.text)
        out.write(f"{element_tag(el):<5} p{el.page:<3}#{el.lineno:<5} x{el.x0:6.1f} t{el.top:6.1f}  {text}\n")


def dump_json(elements, pages, pattern, out) -> None:
    import dataclasses
    import json

    for el in elements:
        if pages is not None and el.page not in pages:
            continue
        if pattern and not pattern.search(el.text):
            continue
        data = {"kind": type(el).__name__, **dataclasses.asdict(el)}
        out.write(json.dumps(data, ensure_ascii=True) + "\n")


def dump_info(raw, cleaned, elements, out) -> None:
    from collections import Counter

    from ofsted_reader.ingest.pdf.clean import body_size
    from ofsted_reader.ingest.pdf.elements import _number_columns

    body = body_size(cleaned.lines) or 12.0
    cols, hang = _number_columns(cleaned.lines, body)
    out.write(f"pages            {len(raw.pages)} ({', '.join(sorted({f'{p.width:g}x{p.height:g}' for p in raw.pages}))} pt)\n")
    out.write(f"lines            {len(raw.lines)} extracted, {len(cleaned.lines)} after cleaning, {len(cleaned.footnotes)} footnote lines\n")
    out.write(f"body size        {body:g} pt\n")
    out.write("number columns   " + (", ".join(f"x={c:g} (text at x={hang[c]:g})" if c in hang else f"x={c:g}" for c in cols) or "none") + "\n")
    styles = Counter((el.level, el.size, el.bold) for el in elements if isinstance(el, Heading))
    out.write("heading styles   " + "; ".join(f"H{lv}: {sz:g}pt{' bold' if b else ''} ×{n}" for (lv, sz, b), n in sorted(styles.items())) + "\n")
    kinds = Counter(type(el).__name__ for el in elements)
    out.write("elements         " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()) + "\n")
    paras = [el.number for el in elements if isinstance(el, Para)]
    if paras:
        breaks = [(a, b) for a, b in zip(paras, paras[1:]) if b != a + 1]
        out.write(f"paragraphs       {paras[0]}..{max(paras)} ({len(paras)} found)" + (f", numbering breaks: {breaks[:8]}" if breaks else "") + "\n")
    fonts = Counter(show(s.font) for ln in raw.lines for s in ln.spans)
    out.write("fonts            " + ", ".join(f"{f} ×{n}" for f, n in fonts.most_common(8)) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Dump the PDF layer's lines or elements for a report PDF.",
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("file", help="a report PDF")
    ap.add_argument("--engine", choices=ENGINES, default="pdfium", help="character source (default pdfium)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--lines", action="store_true", help="cleaned lines (default)")
    mode.add_argument("--raw", action="store_true", help="lines straight from extraction, before cleaning")
    mode.add_argument("--elements", "-e", action="store_true", help="the element stream")
    mode.add_argument("--footnotes", action="store_true", help="footnote lines the cleaner took out")
    mode.add_argument("--info", action="store_true", help="document-level signals (body size, number columns, heading styles)")
    ap.add_argument("--spans", action="store_true", help="with --lines/--raw: also list each span (font, size, x)")
    ap.add_argument("--pages", "-p", help="pages to show, e.g. 1-3,7 or 5- (default all)")
    ap.add_argument("--grep", "-g", help="only lines/elements whose text matches this regular expression")
    ap.add_argument("--json", action="store_true", help="with --elements: one JSON object per element")
    ap.add_argument("--time", action="store_true", help="print extraction time and counts on stderr")
    args = ap.parse_args(argv)

    pages = parse_pages(args.pages)
    pattern = re.compile(args.grep) if args.grep else None
    out = sys.stdout
    t0 = time.perf_counter()
    try:
        doc = read_lines(read(args.file).data, str(args.file), engine=args.engine)
    except InputError as exc:
        print(f"pdfdump: {exc}", file=sys.stderr)
        return 2
    t1 = time.perf_counter()
    try:
        if args.raw:
            dump_lines(doc.lines, pages, pattern, args.spans, out)
        else:
            cleaned = clean_lines(doc)
            if args.info:
                dump_info(doc, cleaned, pdf_elements(cleaned), out)
            elif args.elements and args.json:
                dump_json(pdf_elements(cleaned), pages, pattern, out)
            elif args.elements:
                dump_elements(pdf_elements(cleaned), pages, pattern, out)
            elif args.footnotes:
                dump_lines(cleaned.footnotes, pages, pattern, args.spans, out)
            else:
                dump_lines(cleaned.lines, pages, pattern, args.spans, out)
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    if args.time:
        print(f"pdfdump: {args.engine}: {len(doc.pages)} pages, {len(doc.lines)} lines in {t1 - t0:.3f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
