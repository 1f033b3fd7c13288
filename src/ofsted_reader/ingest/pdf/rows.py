"""Table rows among a page's lines: a line with column gaps (or a short cell printed beside
it) starts a table, and the lines below that fit its columns join it (see :mod:`.elements`)."""

from __future__ import annotations

from dataclasses import dataclass

from ofsted_reader.ingest.elements import Element, Prose, Row
from ofsted_reader.ingest.lines import Line
from ofsted_reader.ingest.pdf.lineshape import flat, join_text, line_cells, line_gap, line_top, list_glyph

@dataclass
class _Table:
    cols: list[float]
    rows: list[list[list[str]]]
    row_lines: list[list[Line]]
    size: float


def _fit(table: _Table, ln: Line) -> list[tuple[int, str]] | None:
    """Assign the line's cells to table columns, or None if it does not fit the table."""
    cells = line_cells(ln)
    cols = table.cols
    out: list[tuple[int, str]] = []
    for cx0, cx1, text in cells:
        k = None
        for j in range(len(cols)):
            lo = cols[j] - 8
            hi = cols[j + 1] - 8 if j + 1 < len(cols) else 1e9
            if lo <= cx0 < hi:
                k = j
                break
        if k is None:
            return None
        if len(cells) > 1 and abs(cx0 - cols[k]) > 8:
            return None  # a multi-cell line must line up with the columns
        if k + 1 < len(cols) and cx1 > cols[k + 1] - 2:
            return None  # runs across the next column: prose, not a cell
        out.append((k, text))
    return out


def side_cell(lines: list[Line], i: int) -> bool:
    """Is lines[i+1] a second-column cell printed beside lines[i] (a grade level with a wrapped name)?"""
    if i + 1 >= len(lines):
        return False
    a, b = lines[i], lines[i + 1]
    if b.page != a.page or "\t" in a.text or "\t" in b.text:
        return False
    size = a.size or 12.0
    return b.x0 >= a.x1 + size and line_top(b) < a.bottom and len(b.text) <= 60


def take_table(lines: list[Line], i: int, body: float, side: bool = False) -> tuple[list[Element], int, list[Line]]:
    """Read a table starting at lines[i] (a line with column gaps, or with a side cell next).

    Returns the rows, the index after the table, and lines given back (trailing
    rows that only had text in the first column: headings or prose below the table).
    """
    first = lines[i]
    cells = line_cells(first)
    cols = [c[0] for c in cells]
    texts = [c[2] for c in cells]
    if side:
        cols = [first.x0, lines[i + 1].x0]
        texts = [flat(first), ""]
    table = _Table(cols=cols, rows=[texts], row_lines=[[first]], size=first.size or body)
    prev = first
    j = i + 1
    while j < len(lines):
        ln = lines[j]
        if ln.page != first.page:
            break
        size = ln.size or body
        gap = line_gap(prev, ln)
        if gap > 2.6 * size:
            break
        if size > table.size + 1.5:
            break
        if list_glyph(ln) is not None:
            break
        fit = _fit(table, ln)
        if fit is None:
            break
        # a paragraph-sized gap starts a new row; so does a tight line that fills two
        # columns and starts with a capital (two one-line rows printed close together).
        # A line with nothing in the first column needs a clearly bigger gap to start a
        # row of its own (a grade printed above the middle of a one-line name) and
        # otherwise belongs to the row above ("Lead inspector: Name" / "Her Majesty's Inspector").
        starts_col0 = fit[0][0] == 0
        if not starts_col0 and gap > 2.0 * size:
            break
        if (starts_col0 and (gap > 0.45 * size or (len(fit) > 1 and fit[0][1][:1].isupper()))) or (
            not starts_col0 and gap > 0.8 * size
        ):
            row = [""] * len(table.cols)
            table.rows.append(row)
            table.row_lines.append([])
        row = table.rows[-1]
        for k, text in fit:
            row[k] = join_text(row[k], text)
        table.row_lines[-1].append(ln)
        if ln.bottom > prev.bottom or gap > 0:
            prev = ln
        j += 1
    # trailing rows with only a first cell are not table rows (e.g. "Summary" under a judgement box)
    give_back: list[Line] = []
    while len(table.rows) > 1 and not any(c for c in table.rows[-1][1:]):
        give_back = table.row_lines.pop() + give_back
        table.rows.pop()
    j -= len(give_back)
    out: list[Element] = []
    # "Label:<tab>value" lines (cover dates, the inspection team) are labelled text, not a table
    labels = len(table.cols) == 2 and all(r[0].rstrip().endswith(":") and r[1] for r in table.rows)
    for cells_, lns in zip(table.rows, table.row_lines):
        head = lns[0]
        x0 = min(ln.x0 for ln in lns)
        if labels:
            out.append(Prose(text=f"{cells_[0]} {cells_[1]}", page=head.page, top=line_top(head), x0=x0, lineno=head.lineno, bold=head.bold, size=head.size))
        else:
            out.append(Row(text="\t".join(cells_), page=head.page, top=line_top(head), x0=x0, lineno=head.lineno, cells=cells_))
    return out, j, give_back
