"""Corpus fidelity: how much of each PDF's own text the parsed report keeps, and where.

    python tools/fidelity.py FOLDER_OR_PDF... [--jobs 2] [-v] [--missing N] [--json OUT]

For every PDF (folders recurse) the report is parsed afresh (no cache) and compared
with the PDF's own text, read by pypdfium2 page by page:

* **recall**: the share of the PDF's words that the report holds (as a multiset:
  a word printed five times must be there five times); **precision**: the share of
  the report's words that the PDF prints.  Words are lower-cased letters and digits
  (NFKC, apostrophes dropped, so ``children’s`` = ``childrens``).  Page furniture is
  removed from the PDF's side first: a line within the first or last three lines of a
  page that recurs (digits aside) on at least three pages and a third of them, a line
  that is only a page number, and the back cover (the last pages, each printing
  ``© Crown copyright``, the Open Government Licence or "Ofsted regulates and
  inspects"), and an inside cover (a page of under 120 words with the copyright notice).  The report's side is its section tree (titles, a grade as its heading
  prints it, blocks, bullets, footnotes, table cells) plus its contents list (printed
  apart from the headings it names); what the report holds beside them (metadata,
  judgements, the record of main findings, the grade scale, recommendations) counts
  only where it holds a word more often.
* **bookmarks** (PDFs that have them): a bookmark is *found* when a section in reading
  order bears its title (the same words, or three quarters of them; a bookmark that points
  into the text, at a list item or "1.", when a block starts with its words or bears its
  number), and at the *right depth* when the step from the bookmark before it (deeper,
  level, shallower) is the step between their sections in the outline (the first is where
  the steps start from); the share at the
  same absolute depth is printed too (bookmarks often leave out printed headings).
* **smells**: empty sections (no text and nothing below; one the PDF prints with the next
  heading right under it is counted apart, as printed, not as a smell), titles that are a bare
  number, titles longer than 15 words, a block that ends mid-sentence followed by
  one starting in lower case (a paragraph split, at a page break or elsewhere;
  the cover's lines aside), a word broken at a
  hyphen and left apart (``multi- agency``, unless one printed line of the PDF has it so),
  numbering gaps and duplicate numbers (within a run of numbers: a part that numbers its
  paragraphs from 1 again starts a run; a gap or a repeat the PDF prints itself, no line
  starting with the missing numbers or the number at the start of as many lines, is the
  report's own and not counted).

Per family it prints files, recall (median / worst, files below 0.985), precision
(median / worst, files below 0.99), bookmark agreement and the smells; ``-v`` a row per
file; ``--missing N`` the runs of N or more PDF words the report lacks, per file (to
find what a rule drops).  Not-a-PDF files are counted as refused.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import pypdfium2  # noqa: E402

from ofsted_reader.errors import InputError  # noqa: E402
from ofsted_reader.ingest import parse  # noqa: E402
from ofsted_reader.ingest.structure.common import COVER  # noqa: E402
from ofsted_reader.ingest.structure.matching import alike  # noqa: E402
from ofsted_reader.model import Report, Section  # noqa: E402
from ofsted_reader.pool import Pool  # noqa: E402
from ofsted_reader.source import read  # noqa: E402

RECALL_FILE = 0.985
PRECISION_FILE = 0.99
LONG_TITLE = 15
SMELLS = ("empty sections", "bare-number titles", "long titles", "split paragraphs", "hyphen splits", "numbering gaps", "duplicate numbers")

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`´]")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.I)
_BACK_COVER = re.compile(r"©\s*crown\s+copyright|open\s+government\s+licence|ofsted\)?\s+regulates\s+and\s+inspects", re.I)
_BACK_COVER_START = re.compile(r"^the\s+office\s+for\s+standards\s+in\s+education|ofsted\)?\s+regulates\s+and\s+inspects", re.I)
_COPYRIGHT_LAST = re.compile(r"©\s*crown\s+copyright\s+\d{4}\s*$", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]”\"'’]\s*$")
_HYPHEN_SPLIT = re.compile(r"\b([A-Za-z]{2,})- ([a-z]{2,})\b")
_HYPHEN_KEPT = {"and", "or", "to", "nor"}


def tokens(text: str) -> list[str]:
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).lower())
    return _WORD.findall(text)


# --------------------------------------------------------------------------- the PDF's side


def pdf_pages(path: Path) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """Each page's text lines, and the bookmarks as (level, title)."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            pages.append([ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()])
            textpage.close()
            page.close()
        marks = [(item.level, item.get_title() or "") for item in pdf.get_toc()]
    finally:
        pdf.close()
    return pages, marks


def furniture_free(pages: list[list[str]]) -> list[list[str]]:
    """The pages without running headers and footers, page numbers and the back cover."""
    while len(pages) > 1 and any(_BACK_COVER.search(ln) for ln in pages[-1]):
        last = pages[-1]
        starts = next((i for i, ln in enumerate(last) if _BACK_COVER_START.search(ln)), 0)
        if any(re.match(r"\d{1,3}\.\s", ln) for ln in last[:starts]):
            # The report's last numbered paragraph printed above the back cover's notices, on one page.
            pages = [*pages[:-1], last[:starts]]
            break
        pages = pages[:-1]
    # An inside cover (a short page of copyright notice and licence, nothing else), or the back cover
    # of a first report with a second joined after it (the notices, and the copyright at its foot).
    pages = [[] if any(_BACK_COVER.search(ln) for ln in page) and (sum(len(ln.split()) for ln in page) < 120 or _COPYRIGHT_LAST.search(" ".join(page[-2:]))) else page for page in pages]

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", line.lower())

    edges = [set(shape(ln) for ln in page[:3] + page[-3:]) for page in pages]
    seen = Counter(s for edge in edges for s in edge)
    where: dict[str, list[int]] = defaultdict(list)
    for number, edge in enumerate(edges):
        for s in edge:
            where[s].append(number)
    # A running line recurs on three pages or more, a third of the pages from its first to its last
    # (a second report joined into the file runs its own header over its own pages only).
    running = {s for s, n in seen.items() if n >= 3 and n >= (where[s][-1] - where[s][0] + 1) / 3}
    kept = []
    for page in pages:
        last = len(page) - 3
        kept.append(
            [
                ln
                for i, ln in enumerate(page)
                if not ((i < 3 or i >= last) and (shape(ln) in running or _PAGE_NUMBER.match(ln)))
            ]
        )
    return kept


# --------------------------------------------------------------------------- the report's side


def section_texts(section: Section) -> Iterator[str]:
    yield section.title
    if section.grade is not None:
        # The grade as the heading prints it, less the words of the title a sentence repeats.
        title, printed = tokens(section.title), tokens(section.grade.printed)
        yield " ".join(printed[len(title) :] if printed[: len(title)] == title else printed)
    for block in section.blocks:
        if block.number is not None:
            yield str(block.number)
        yield block.text
        yield from block.bullets
        yield from (note.text for note in getattr(block, "footnotes", None) or [])
        yield from (cell for row in getattr(block, "rows", None) or [] for cell in row)
    for child in section.children:
        yield from section_texts(child)


def report_counts(report: Report) -> tuple[Counter[str], list[str]]:
    """The report's words as a multiset (each word as often as the part that prints it most),
    and the tree's words in reading order."""
    tree = [t for s in report.sections for text in section_texts(s) for t in tokens(text)]
    meta = report.metadata
    # The contents list is printed apart from the headings it names: its words add to the tree's.
    # What else the report holds beside the tree is read from text the tree may hold too.
    contents = [t for c in report.contents for t in tokens(f"{c.title} {c.page or ''}")]
    contents += ["contents"] if contents else []
    beside = [
        [meta.title, meta.local_authority, meta.inspection_dates, meta.lead_inspector],
        [f"{j.name} {j.grade.printed}" for j in report.judgements],
        [f"{r.row} {r.grade or ''}" for r in report.record_of_main_findings],
        [f"{g.label} {g.meaning}" for g in report.grade_scale],
        [f"{r.number or ''} {r.timescale or ''} {r.text}" for r in report.recommendations],
    ]
    counts = Counter(tree) + Counter(contents)
    for part in beside:
        counts |= Counter(t for text in part if text for t in tokens(text))
    return counts, tree


# --------------------------------------------------------------------------- measures


def bookmark_agreement(report: Report, marks: list[tuple[int, str]], misses: list[str] | None = None) -> tuple[int, int, int]:
    """(found, at the right depth, at the same absolute depth) for the PDF's bookmarks, matched
    in reading order; ``misses`` gets a line for each bookmark not found or at another depth.

    A bookmark is found at a section that bears its title, or, for one that points into the
    text (a list item, "1."), at the block that starts with its words or bears its number.  It
    is at the right depth when the step from the bookmark before it (deeper, the same, or
    shallower) is the step between their sections in the outline (the first bookmark is where
    the steps start from): a PDF's bookmarks often leave
    out headings the report prints (judgement headings), so their levels are compared as steps,
    not as absolute depths (those are counted too)."""
    placed: list[tuple[str, int, Section]] = []

    def visit(section: Section, depth: int) -> None:
        placed.append((section.title, depth, section))
        for child in section.children:
            visit(child, depth + 1)

    for s in report.sections:
        visit(s, 0)
    used: set[int] = set()
    found = right = absolute = 0
    cursor = 0
    previous: tuple[int, int] | None = None  # (level, depth) of the last bookmark found at a section
    for level, raw in marks:
        title = re.sub(r"\s+\d{1,3}$", "", raw.replace("\t", " ").strip())  # "Local leadership<TAB>5"
        order = list(range(cursor, len(placed))) + list(range(cursor))
        match = next((i for i in order if i not in used and _same_title(title, placed[i][0])), None)
        if match is None:
            if _in_text(report, title):
                found += 1
                right += 1
                absolute += 1
            elif misses is not None:
                misses.append(f"not found: {'  ' * level}{title}")
            continue
        used.add(match)
        cursor = match + 1
        found += 1
        depth = placed[match][1]
        step_ok = previous is None or _sign(level - previous[0]) == _sign(depth - previous[1])
        right += step_ok
        absolute += depth == level
        previous = (level, depth)
        if misses is not None and not step_ok:
            misses.append(f"depth {depth} for level {level}: {'  ' * level}{title}")
    return found, right, absolute


def _same_title(mark: str, title: str) -> bool:
    a, b = tokens(mark), tokens(title)
    return a == b or (bool(a) and alike(mark, title) >= 0.75 and alike(title, mark) >= 0.75)


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


def _in_text(report: Report, title: str) -> bool:
    """A bookmark that points into the text: a block starting with its words, or "N." a paragraph's number."""
    if m := re.fullmatch(r"(\d{1,3})\.?", title.strip()):
        return any(b.number == int(m.group(1)) for s in report.walk() for b in s.blocks)
    want = tokens(re.sub(r"^\d{1,3}\.\s+", "", title.strip()))
    if len(want) < 3:
        return False
    return any(tokens(text)[: len(want)] == want for s in report.walk() for b in s.blocks for text in [b.text, *b.bullets])


def smells(report: Report, printed: str = "") -> Counter[str]:
    """What reads wrong in the outline; ``printed`` is the PDF's own text (a hyphen and space inside
    one printed line, "multi- agency", is the report's own typing, not a split left by the parser)."""
    printed = "\n".join(" ".join(line.split()) for line in printed.splitlines())
    printed_words = f" {' '.join(tokens(printed))} "
    found: Counter[str] = Counter()
    order = list(report.walk())
    for at, section in enumerate(order):
        title_words = tokens(section.title)
        if not section.blocks and not section.children:
            # A heading the PDF prints with the next heading right under it is empty as printed.
            after = tokens(order[at + 1].title) if at + 1 < len(order) else []
            as_printed = bool(title_words and after) and f" {' '.join(title_words + after)} " in printed_words
            found["empty as printed" if as_printed else "empty sections"] += 1
        if re.fullmatch(r"\d+(?:\.\d+)*\.?", section.title.strip()):
            found["bare-number titles"] += 1
        if len(title_words) > LONG_TITLE:
            found["long titles"] += 1
        for a, b in zip(section.blocks, section.blocks[1:]):
            if section.title != COVER and a.kind != "table" and b.kind == "text" and not a.bullets and b.text[:1].islower() and not _ENDS_SENTENCE.search(a.text):
                found["split paragraphs"] += 1
        for block in section.blocks:
            for text in [block.text, *block.bullets]:
                found["hyphen splits"] += sum(1 for m in _HYPHEN_SPLIT.finditer(text) if m.group(2) not in _HYPHEN_KEPT and m.group(0) not in printed)
    numbers = [b.number for _, b in report.paragraphs() if b.number is not None]
    # Numbers the PDF prints at the start of a line, and how often: a gap or a repeat it prints
    # itself (Lambeth 2026 numbers two paragraphs 57) is the report's, not the parser's.
    starts = Counter(int(m.group(1)) for line in printed.splitlines() if (m := re.match(r"(\d{1,3})\.?\s", line)))
    for run in _numbering_runs(numbers):
        for number, n in Counter(run).items():
            if n > 1 and not (printed and starts[number] >= n):
                found["duplicate numbers"] += n - 1
        found["numbering gaps"] += sum(1 for a, b in zip(run, run[1:]) if b > a + 1 and not (printed and not any(starts[k] for k in range(a + 1, b))))
    return found


def _numbering_runs(numbers: list[int]) -> list[list[int]]:
    """Paragraph numbers cut where the printed numbering starts again at 1 (a joint report whose
    second part numbers its own paragraphs: Hull 2014's board review)."""
    runs: list[list[int]] = [[]]
    for number in numbers:
        if number == 1 and runs[-1]:
            runs.append([])
        runs[-1].append(number)
    return runs


def missing_runs(pdf_words: list[str], pages: list[int], tree: list[str], lost: Counter[str], least: int) -> list[str]:
    """Runs of ``least`` or more PDF words (in page order) that the report lacks: the PDF's words
    aligned with the tree's, and of what does not align, the words the report holds too few of."""
    left = lost.copy()
    runs = []

    def unaligned(a: range, b: list[str], depth: int) -> Iterator[range]:
        words = [pdf_words[i] for i in a]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, words, b, autojunk=False).get_opcodes():
            if op == "delete" or (op == "replace" and depth):
                yield a[i1:i2]
            elif op == "replace":
                yield from unaligned(a[i1:i2], b[j1:j2], depth + 1)

    for run in unaligned(range(len(pdf_words)), tree, 0):
        absent = []
        for i in run:
            if left[pdf_words[i]] > 0:
                left[pdf_words[i]] -= 1
                absent.append(i)
        if len(absent) >= least:
            runs.append(f"p{pages[absent[0]]}: " + " ".join(pdf_words[i] for i in absent))
    return runs


def facts(report: Report) -> dict[str, Any]:
    """What a change to the text rules must leave alone: family, metadata, judgements, overall,
    how many recommendations and the last paragraph number (``--json`` keeps them to compare runs)."""
    numbers = [b.number for _, b in report.paragraphs() if b.number is not None]
    return {
        "family": report.family,
        "metadata": report.metadata.to_dict(),
        "judgements": [[j.name, j.grade.label] for j in report.judgements],
        "overall": report.overall.label if report.overall else None,
        "recommendations": len(report.recommendations),
        "max_paragraph": max(numbers, default=None),
    }


def measure(job: tuple[str, int]) -> dict[str, Any]:
    """One PDF's figures (a dict that pickles)."""
    name, least = job
    path = Path(name)
    try:
        report = parse(read(path), page_processes=1)
    except InputError as exc:
        return {"file": name, "refused": str(exc)}
    pages, marks = pdf_pages(path)
    placed = [(n, t) for n, page in enumerate(furniture_free(pages), start=1) for ln in page for t in tokens(ln)]
    pdf_words = [t for _, t in placed]
    want = Counter(pdf_words)
    have, tree = report_counts(report)
    common = sum((want & have).values())
    result: dict[str, Any] = {
        "file": name,
        "sha256": report.source.sha256,
        "facts": facts(report),
        "family": report.family,
        "recall": common / max(1, sum(want.values())),
        "precision": common / max(1, sum(have.values())),
        "marks": len(marks),
        "smells": dict(smells(report, "\n".join(ln for page in pages for ln in page))),
    }
    if marks:
        misses: list[str] = []
        result["found"], result["right"], result["absolute"] = bookmark_agreement(report, marks, misses)
        result["bookmark misses"] = misses
    if least:
        result["missing"] = missing_runs(pdf_words, [n for n, _ in placed], tree, want - have, least)
    return result


# --------------------------------------------------------------------------- the command


def pdf_files(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def summary(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    families: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        if "refused" not in r:
            families[r["family"]].append(r)
    table = {}
    for family, rows in sorted(families.items()):
        recall = [r["recall"] for r in rows]
        precision = [r["precision"] for r in rows]
        marked = [r for r in rows if r["marks"]]
        marks = sum(r["marks"] for r in marked)
        table[family] = {
            "files": len(rows),
            "recall median": statistics.median(recall),
            "recall worst": min(recall),
            f"files recall < {RECALL_FILE}": sum(x < RECALL_FILE for x in recall),
            "precision median": statistics.median(precision),
            "precision worst": min(precision),
            f"files precision < {PRECISION_FILE}": sum(x < PRECISION_FILE for x in precision),
            "files with bookmarks": len(marked),
            "bookmarks found": sum(r["found"] for r in marked) / marks if marks else None,
            "bookmarks right depth": sum(r["right"] for r in marked) / marks if marks else None,
            "  (same absolute depth)": sum(r["absolute"] for r in marked) / marks if marks else None,
            **{s: sum(r["smells"].get(s, 0) for r in rows) for s in SMELLS},
            "(empty as printed, not a smell)": sum(r["smells"].get("empty as printed", 0) for r in rows),
        }
    return table


def print_summary(table: dict[str, dict[str, Any]], refused: int) -> None:
    families = list(table)
    rows = list(next(iter(table.values()))) if table else []
    width = max([len(r) for r in rows] + [10])
    print(f"{'':{width}}  " + "  ".join(f"{f:>10}" for f in families))
    for row in rows:
        cells = []
        for f in families:
            value = table[f][row]
            cells.append(f"{'–':>10}" if value is None else f"{value:>10.3f}" if isinstance(value, float) else f"{value:>10}")
        print(f"{row:{width}}  " + "  ".join(cells))
    total = sum(table[f][s] for f in families for s in SMELLS)
    print(f"structural smells in total: {total}; files refused (not a usable PDF): {refused}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="PDFs or folders of PDFs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("-v", "--verbose", action="store_true", help="a row per file")
    parser.add_argument("--missing", type=int, default=0, metavar="N", help="print runs of N+ missing words")
    parser.add_argument("--json", type=Path, help="write every file's figures here")
    args = parser.parse_args()
    files = pdf_files(args.paths)
    results = []
    with Pool(measure, args.jobs) as pool:
        for f in files:
            pool.submit((str(f), args.missing))
        for done in pool.results():
            if done.error is not None:
                results.append({"file": done.item[0], "refused": f"bug: {done.error!r}"})
            else:
                results.append(done.value)
    results.sort(key=lambda r: r["file"])
    for r in results:
        if args.verbose and "refused" not in r:
            marks = f" bookmarks {r['found']}/{r['right']}/{r['marks']}" if r["marks"] else ""
            smelly = " ".join(f"{k.replace(' ', '-')}={v}" for k, v in r["smells"].items() if v)
            print(f"{r['recall']:.3f} {r['precision']:.3f} {r['family']:<6} {r['file']}{marks} {smelly}")
        if args.verbose:
            for miss in r.get("bookmark misses", []):
                print(f"  bookmark {miss}")
        for run in r.get("missing", []):
            print(f"  missing in {Path(r['file']).parent.name}/{Path(r['file']).name}: {run[:3000]}")
        if "refused" in r and r["refused"].startswith("bug"):
            print(f"BUG {r['file']}: {r['refused']}")
    bugs = sum(r.get("refused", "").startswith("bug") for r in results)
    refused = sum("refused" in r for r in results) - bugs
    print_summary(summary(results), refused)
    if bugs:
        print(f"{bugs} files hit a bug (see BUG lines above)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
