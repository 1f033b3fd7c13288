"""A page's characters → :class:`~ofsted_reader.ingest.lines.Line` objects, for both engines.

This is the only grouping code: both engines (:mod:`.pdfium`, :mod:`.plumber`) hand
:func:`build_lines` their page's :data:`~.chars.Char` tuples, so both give the same
lines (same texts, lines and spans; positions equal within one 0.1 pt rounding step).

Characters: whitespace is ignored (spaces come from geometry), ligatures are spelled
out, a hyphen that pdfium marks as ending a line (U+0002) and a soft hyphen are a plain
``-``; private-use bullet glyphs (U+F06E, U+F0A7...) are kept as they are.

Line text: words are joined by one space when the gap between two glyphs is wider than
:data:`SPACE_GAP` font sizes; a gap wider than :data:`COLUMN_GAP` (a table column, a tab
stop) becomes a ``"\\t"`` in ``Line.text`` and starts a new :class:`Span` with
``sep="\\t"``.  The gap after a leading list label (a bullet glyph, ``12.``, ``2.1``,
``(a)``) is a single space, and the text after it starts a new span (so the hanging
indent is known).  Superscript characters (smaller and raised, e.g. footnote markers)
stay in the line as spans with ``sup=True``; :mod:`.clean` removes digit markers from
the text.  Everything is rounded to 0.1 pt.
"""

from __future__ import annotations

import re
import unicodedata
from operator import itemgetter
from typing import Iterable

from ofsted_reader.ingest.lines import Line, Span
from ofsted_reader.ingest.pdf.chars import HYPHENS, Char, r1

#: a gap wider than this many font sizes between two glyphs is a word space
SPACE_GAP = 0.08


#: a gap wider than this many font sizes is a column gap (tab stop / table cell)
COLUMN_GAP = 0.8


#: chars whose baselines differ by at most this many font sizes share a line
BASELINE_TOL = 0.2


#: leading "list labels": bullet glyphs, 12. 2.1 (a) a) iv.
_LABEL_RE = re.compile(
    r"^(?:[\uf000-\uf0ff\u2022\u25aa-\u25ff\u2212\u2500\u2015\u2013\u2014\u0336\u00b7\u2023\u2043\u2219\-*o•]"
    r"|\(?\d{1,3}(?:\.\d{1,2})*[.)]?|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])$"
)


_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}


_WS = frozenset(" \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")


_DROP = frozenset("\r\n\x00\ufeff\u200b\u200c\u200d\u2060\uffff")


_SPECIAL = _WS | _DROP | HYPHENS | frozenset(_LIGATURES)


#: glyphs that open a list item; a leading one is always followed by a space in Line.text
BULLET_GLYPHS = frozenset(
    "\uf06e\uf0a7\uf0b7\uf0d8\uf0fc\uf076\uf0a8\uf0de\u25fc\u25aa\u25a0\u25cf\u25e6\u2022\u2023\u2043\u2219\u00b7"
)


#: glyphs that open a sub-item (level 2)
SUB_BULLET_GLYPHS = frozenset("\uf02d\uf0be\u2212\u2500\u2015\u0336\u25e6")


#: dashes that open an item when printed apart from the text (level 1; "o" is level 2)
DASH_BULLETS = frozenset("-\u2013\u2014")


_BY_BASE_X = itemgetter(4, 1)


_BY_X = itemgetter(1)


_nonascii_skip: dict[str, bool] = {}


def _skip_nonascii(t: str) -> bool:
    r = _nonascii_skip.get(t)
    if r is None:
        cat = unicodedata.category(t)
        r = _nonascii_skip[t] = cat in ("Zs", "Zl", "Zp", "Cc", "Cf") and t not in HYPHENS
    return r


def build_lines(chars: Iterable[Char], page: int) -> list[Line]:
    """Group one page's characters into :class:`Line` objects in reading order.

    This is the only grouping code: both engines call it with their own chars,
    whose coordinates they have already quantised with :func:`_q`.
    Whitespace characters are ignored; spaces come from geometry only (pdfium
    and pdfminer do not report the same space characters, but they agree on
    where every glyph is).
    """
    vis: list[tuple] = []
    append = vis.append
    for c in chars:
        t = c[0]
        if t in _SPECIAL:
            if t in HYPHENS:
                c = ("-",) + tuple(c[1:])
            elif t in _LIGATURES:
                c = (_LIGATURES[t],) + tuple(c[1:])
            else:
                continue
        elif len(t) != 1:
            t2 = "".join(_LIGATURES.get(ch, ch) for ch in t if ch not in _DROP and ch not in _WS)
            if not t2:
                continue
            c = (t2,) + tuple(c[1:])
        elif t < " " or "\x7f" <= t <= "\x9f":
            continue
        elif t > "\x7f" and _skip_nonascii(t):
            continue
        if c[5] <= 0:
            continue
        append(c)
    if not vis:
        return []
    vis.sort(key=_BY_BASE_X)
    rows = _rows_by_baseline(vis)
    rows = _attach_scripts(rows)
    lines = []
    for row in rows:
        ln = _make_line(row, page)
        if ln is not None:
            lines.append(ln)
    lines.sort(key=lambda ln: (ln.bottom, ln.x0))
    return lines


def _rows_by_baseline(vis: list[tuple]) -> list[list]:
    """Cluster chars (sorted by baseline) into rows of (nearly) equal baseline, each in x order."""
    rows: list[list] = []
    cur: list = []
    cur_base = 0.0
    cur_size = 0.0
    tol = BASELINE_TOL
    for v in vis:
        size = v[5]
        if cur and v[4] - cur_base <= tol * (size if size < cur_size else cur_size):
            cur.append(v)
            continue
        if cur:
            rows.append(cur)
        cur = [v]
        cur_base, cur_size = v[4], max(size, 1.0)
    if cur:
        rows.append(cur)
    out = []
    for row in rows:
        row.sort(key=_BY_X)
        out.append(_dedupe(row))
    return out


def _dedupe(row: list) -> list:
    """Drop glyphs drawn twice at (almost) the same place (fake bold, shadows)."""
    res = [row[0]]
    for v in row[1:]:
        w = res[-1]
        if w[0] == v[0] and v[1] - w[1] <= 0.3 * (v[2] - v[1]) + 0.05 and abs(w[4] - v[4]) <= 0.5:
            continue
        if len(res) > 1:
            w = res[-2]
            if w[0] == v[0] and v[1] - w[1] <= 0.3 * (v[2] - v[1]) + 0.05 and abs(w[4] - v[4]) <= 0.5:
                continue
        res.append(v)
    return res


def _attach_scripts(rows: list[list]) -> list[list]:
    """Merge small raised (or lowered) rows into the line they belong to, flagged as scripts.

    A row is a script of a neighbouring row when its font is clearly smaller,
    its baseline is shifted by 8-70% of the larger size, it does not stick out
    far above that row, it is short, and it sits within the row's horizontal
    extent.  Script chars get a 9th tuple element (``True``).
    """
    info = [(row[0][4], max(v[5] for v in row), row[0][1], row[-1][2]) for row in rows]
    merged_into: dict[int, int] = {}
    for i, row in enumerate(rows):
        if len(row) > 12:
            continue
        base, size, x0, x1 = info[i]
        best = None
        for j in (i - 2, i - 1, i + 1, i + 2):
            if j < 0 or j >= len(rows) or j in merged_into:
                continue
            mbase, msize, mx0, mx1 = info[j]
            if size > msize / 1.12 or len(rows[j]) <= len(row):
                continue
            shift = mbase - base  # > 0: raised
            if not (0.08 * msize <= abs(shift) <= 0.7 * msize):
                continue
            if shift > 0 and (base - size) < (mbase - msize) - 0.35 * msize:
                continue
            if x0 < mx0 - msize or x1 > mx1 + 2.5 * msize:
                continue
            if best is None or abs(shift) < abs(info[best][0] - base):
                best = j
        if best is not None:
            merged_into[i] = best
    if not merged_into:
        return rows
    extra: dict[int, list] = {}
    for i, j in merged_into.items():
        extra.setdefault(j, []).extend(tuple(v[:8]) + (True,) for v in rows[i])
    out = []
    for i, row in enumerate(rows):
        if i in merged_into:
            if i in extra:  # a script row that has scripts itself: keep those as plain chars
                out.append(sorted(row + [v[:8] for v in extra[i]], key=_BY_X))
            continue
        if i in extra:
            row = sorted(row + extra[i], key=_BY_X)
        out.append(row)
    return out


JUSTIFIED_GAPS = 4
"""A line with this many wide gaps or more, all about as wide (within ``JUSTIFIED_SPREAD``), most of
them before a word in lower case, is a sentence set justified ("11. Embed   the   Getting   it
Right   framework…"), not a table row: table columns start with capitals or figures and are
spaced by their widths."""
JUSTIFIED_SPREAD = 1.3
JUSTIFIED_TITLE_GAPS = 6


def _justified(row: list, tabs: dict[int, float]) -> bool:
    if len(tabs) < JUSTIFIED_GAPS or max(tabs.values()) > JUSTIFIED_SPREAD * min(tabs.values()):
        return False
    lower = sum(1 for k in tabs if row[k][0].islower())
    if lower * 2 > len(tabs):
        return True
    # A line of mostly capitalised words ("33. The   Blackpool   Education   Registers   Attendance
    # (BERA)   panel   effectively") has a few more gaps, a lower-case word among them, no figures.
    return len(tabs) >= JUSTIFIED_TITLE_GAPS and lower > 0 and not any(row[k][0].isdigit() for k in tabs)


def _make_line(row: list, page: int) -> Line | None:
    # dominant size and font among the line's own (non-script) chars
    sizes: dict[float, int] = {}
    fonts: dict[str, int] = {}
    scripts = False
    for v in row:
        if len(v) == 8:
            s = v[5]
            sizes[s] = sizes.get(s, 0) + 1
            f = v[6]
            fonts[f] = fonts.get(f, 0) + 1
        else:
            scripts = True
    if not sizes:  # only script chars: treat them as ordinary text
        return _make_line([v[:8] for v in row], page)
    msize = max(sizes, key=sizes.__getitem__)
    col_gap = COLUMN_GAP * msize
    n = len(row)
    # separators between consecutive chars: "" (same word), " " or "\t" (column gap)
    seps = [""] * n
    tabs: dict[int, float] = {}
    px1, psz = row[0][2], row[0][5]
    for k in range(1, n):
        v = row[k]
        gap = v[1] - px1
        sz = v[5]
        if psz < sz:
            sz = psz
        if gap > SPACE_GAP * sz:
            seps[k] = "\t" if gap > col_gap and gap > COLUMN_GAP * sz else " "
            if seps[k] == "\t":
                tabs[k] = gap
        px1, psz = v[2], v[5]
    if _justified(row, tabs):
        for k in tabs:
            seps[k] = " "
    # the gap after a leading list label is an indent, not a column; a bullet always gets a space.
    # The text after such a label starts a new span, so its x (the hanging indent) is kept.
    split_at = 0
    if n > 1:
        g = row[0][0]
        if g in BULLET_GLYPHS or g in SUB_BULLET_GLYPHS or (g in DASH_BULLETS and row[1][1] - row[0][2] > 0.2 * row[0][5]):
            if seps[1] != " ":
                seps[1] = " "
            split_at = 1
        else:
            k = 1
            while k < n and not seps[k]:
                k += 1
            if k < n and k <= 8 and seps[k] == "\t":
                if _LABEL_RE.match("".join(v[0] for v in row[:k])):
                    seps[k] = " "
                    split_at = k
    # spans: runs of one font/size/weight/script, split at column gaps
    spans: list[Span] = []
    bases: dict[float, int] = {}
    bold_n = alnum_n = 0
    start = 0
    first = row[0]
    font, size, bold, sup = first[6], first[5], first[7], len(first) == 9
    for k in range(1, n + 1):
        if k < n:
            v = row[k]
            sep = seps[k]
            if sep != "\t" and k != split_at and v[6] == font and v[5] == size and v[7] is bold and (
                not scripts or (len(v) == 9) == sup
            ):
                continue
        # flush the run row[start:k]
        run = row[start:k]
        parts = []
        count_base = not sup and size == msize
        lb, lc = run[0][4], 0
        for j in range(start, k):
            w = row[j]
            if j > start and seps[j]:
                parts.append(seps[j])
            parts.append(w[0])
            if count_base:
                if w[4] == lb:
                    lc += 1
                else:
                    bases[lb] = bases.get(lb, 0) + lc
                    lb, lc = w[4], 1
        if count_base:
            bases[lb] = bases.get(lb, 0) + lc
        text = "".join(parts)
        if not sup:
            a = sum(map(str.isalnum, text))
            alnum_n += a
            if bold:
                bold_n += a
        spans.append(
            Span(
                text=text,
                x0=r1(run[0][1]),
                x1=r1(max(w[2] for w in run)),
                size=r1(size),
                bold=bold,
                font=font,
                sep=seps[start] if start else "",
                sup=sup,
            )
        )
        if k < n:
            start = k
            font, size, bold, sup = v[6], v[5], v[7], len(v) == 9
    text = "".join(s.sep + s.text for s in spans)
    if alnum_n:
        line_bold = bold_n >= 0.9 * alnum_n
    else:
        line_bold = all(v[7] for v in row if len(v) == 8)
    return Line(
        text=text,
        page=page,
        x0=r1(row[0][1]),
        x1=r1(max(v[2] for v in row)),
        top=r1(min(v[3] for v in row)),
        bottom=r1(max(bases.items(), key=lambda kv: (kv[1], -kv[0]))[0] if bases else row[0][4]),
        size=r1(msize),
        bold=line_bold,
        font=max(fonts, key=fonts.__getitem__),
        spans=spans,
    )
