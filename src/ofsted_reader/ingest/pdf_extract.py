"""PDF → :class:`LineDoc`: characters from a PDF engine, grouped into lines by one shared function.

Two engines supply the characters of each page:

* ``pdfium`` (default, fast): pypdfium2's raw API - the page text in one call,
  then per character its origin (and its text object, found by galloping over
  the object's contiguous run); fonts, sizes and widths are read once per
  text object / glyph.
* ``plumber`` (reference, ~8x slower): pdfplumber / pdfminer.six ``page.chars``.

Each engine only yields, per page, a list of :data:`Char` tuples
``(text, x0, x1, top, bottom, size, fontname, bold)`` in page coordinates
(points, origin at the top left, ``bottom`` is the baseline and ``top`` is the
baseline minus the font size).  Everything after that - dropping duplicates,
deciding spaces from geometry, lines, superscripts, spans and column gaps - is
:func:`build_lines`, so both engines give the same :class:`LineDoc` (same
texts, lines and spans; positions equal within one 0.1 pt rounding step).

Geometry conventions (both engines):

* ``x0`` is the glyph origin, ``x1`` the origin plus the advance width from the
  font's width table (not the ink box: pdfium's loose boxes and pdfminer's
  boxes disagree on overhanging glyphs; widths from ``/Widths`` agree).
* ``bottom`` is the baseline; ``top = bottom - size`` (a line's ``top`` is the
  highest char top, so a superscript can raise it).
* ``size`` is the effective font size (font size times the text matrix scale).
* /Rotate is applied; a page whose text mostly runs sideways is read turned
  the way its text runs.  Font names lose their subset prefix (``ABCDEE+``);
  ``bold`` comes from the font name.
* everything is rounded to 0.1 pt in the LineDoc.

Characters: whitespace is ignored (spaces come from geometry), ligatures are
spelled out, a hyphen that pdfium marks as ending a line (U+0002) and a soft
hyphen are a plain ``-``; private-use bullet glyphs (U+F06E, U+F0A7...) are
kept as they are.

Line text: words are joined by one space when the gap between two glyphs is
wider than :data:`SPACE_GAP` font sizes; a gap wider than :data:`COLUMN_GAP`
(a table column, a tab stop) becomes a ``"\\t"`` in ``Line.text`` and starts a
new :class:`Span` with ``sep="\\t"``.  The gap after a leading list label (a
bullet glyph, ``12.``, ``2.1``, ``(a)``) is a single space, and the text after
it starts a new span (so the hanging indent is known).  Superscript characters
(smaller and raised, e.g. footnote markers) stay in the line as spans with
``sup=True``; :mod:`pdf_clean` removes digit markers from the text.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import math
import os
import re
import threading
import unicodedata
from collections import Counter
from operator import itemgetter
from typing import Callable, Iterable, Iterator, Sequence

from ..errors import InputError
from .lines import Line, LineDoc, PageInfo, Span

__all__ = [
    "extract_lines",
    "build_lines",
    "check_pdf_file",
    "ENGINES",
    "Char",
]

ENGINES = ("pdfium", "plumber")
_PDFIUM_LOCK = threading.RLock()

Char = tuple  # (text, x0, x1, top, bottom, size, fontname, bold)
Progress = Callable[[int, int], None]

# --------------------------------------------------------------------------- tunables
#: a gap wider than this many font sizes between two glyphs is a word space
SPACE_GAP = 0.08
#: a gap wider than this many font sizes is a column gap (tab stop / table cell)
COLUMN_GAP = 0.8
#: chars whose baselines differ by at most this many font sizes share a line
BASELINE_TOL = 0.2
#: a visible-char count below this (whole document) means there is no text layer
MIN_TEXT_CHARS = 10

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|demi\b|,b$", re.IGNORECASE)
_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")
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


def _q(v: float) -> float:
    """Quantise a coordinate to 0.01 pt.

    Word writes positions on a 1/20 pt grid, so many values sit exactly on a
    rounding boundary; pdfium works in float32 and pdfminer in float64, so the
    tiny nudge makes both engines round such values the same way.  ``floor(x + 0.5)`` rather
    than ``round(x, 2)``: the same value once nudged off the boundaries (``round``'s decimal
    conversion was ~10% of a cold export, called for every character), and twice as fast.
    """
    return _floor((v + 0.0013) * 100 + 0.5) / 100


def _r1(v: float) -> float:
    return _floor((v + 0.0013) * 10 + 0.5) / 10


_floor = math.floor


def _is_bold_name(fontname: str) -> bool:
    return bool(_BOLD_RE.search(fontname))


#: pdfminer reports the standard-14 metrics name for fonts it substitutes (BaseFont
#: ``Arial`` → ``Helvetica``), pdfium the BaseFont: fold both to one spelling.
_FONT_ALIASES = {
    "Helvetica": "Arial",
    "Helvetica-Bold": "Arial,Bold",
    "Helvetica-Oblique": "Arial,Italic",
    "Helvetica-BoldOblique": "Arial,BoldItalic",
    "Courier": "CourierNew",
    "Courier-Bold": "CourierNew,Bold",
    "Courier-Oblique": "CourierNew,Italic",
    "Courier-BoldOblique": "CourierNew,BoldItalic",
    "Times-Roman": "TimesNewRoman",
    "Times-Bold": "TimesNewRoman,Bold",
    "Times-Italic": "TimesNewRoman,Italic",
    "Times-BoldItalic": "TimesNewRoman,BoldItalic",
}


def _clean_font(name: str) -> str:
    name = _SUBSET_RE.sub("", name or "")
    return _FONT_ALIASES.get(name, name)


# --------------------------------------------------------------------------- input checks


def check_pdf_file(path: str | os.PathLike[str]) -> int:
    """Fail with :class:`InputError` unless *path* looks like a complete PDF; return its size."""
    p = os.fspath(path)
    try:
        if os.path.isdir(p):
            raise InputError(p, "is a folder, not a PDF file")
        size = os.path.getsize(p)
        with open(p, "rb") as fh:
            head = fh.read(1024)
            if size > 8192:  # the %%EOF marker; a little slack for junk appended after it
                fh.seek(size - 8192)
            else:
                fh.seek(0)
            tail = fh.read()
    except FileNotFoundError:
        raise InputError(p, "file not found") from None
    except PermissionError:
        raise InputError(p, "permission denied") from None
    except IsADirectoryError:
        raise InputError(p, "is a folder, not a PDF file") from None
    except OSError as exc:
        raise InputError(p, f"cannot read file ({exc.strerror or exc})") from None
    if size == 0:
        raise InputError(p, "empty file (0 bytes), not a PDF")
    if b"%PDF-" not in head:
        raise InputError(p, f"not a PDF ({_sniff(head)})")
    if b"%%EOF" not in tail:
        raise InputError(p, "truncated or damaged PDF (no end-of-file marker)")
    return size


def _sniff(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text[:512]:
        return "looks like an HTML page"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "looks like an XML/markup file"
    if head.startswith(b"PK\x03\x04"):
        return "looks like a ZIP or Office document"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "looks like an image"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "unrecognised binary data"
    return "looks like plain text"


# --------------------------------------------------------------------------- public entry


def extract_lines(
    path: str | os.PathLike[str],
    *,
    engine: str = "pdfium",
    progress: Progress | None = None,
) -> LineDoc:
    """Read a PDF into a :class:`LineDoc` (``kind="pdf"``), lines in reading order.

    *progress*, if given, is called as ``progress(page_number, page_count)``
    after each page.  Raises :class:`InputError` for anything that is the
    file's fault (missing, not a PDF, encrypted, damaged, no text layer).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from {', '.join(ENGINES)})")
    p = os.fspath(path)
    check_pdf_file(p)
    lines: list[Line] = []
    pages: list[PageInfo] = []
    visible = 0
    # pdfium is not thread-safe: one document at a time per process
    lock = _PDFIUM_LOCK if engine == "pdfium" else contextlib.nullcontext()
    with lock:
        page_lines = _pdfium_page_lines(p) if engine == "pdfium" else _plumber_page_lines(p)
        try:
            for info, count, built in page_lines:
                pages.append(info)
                for ln in built:
                    ln.lineno = len(lines)
                    lines.append(ln)
                    visible += sum(len(s.text) - s.text.count(" ") for s in ln.spans)
                if progress is not None:
                    progress(info.number, count)
        finally:
            page_lines.close()
    if not pages:
        raise InputError(p, "PDF has no pages")
    if visible < MIN_TEXT_CHARS:
        raise InputError(p, "no text layer (scanned or image-only PDF)")
    return LineDoc(lines=lines, pages=pages, kind="pdf")


PageLines = Iterator[tuple[PageInfo, int, list[Line]]]
"""Per page in order: (page, page count, the page's lines)."""

page_processes: int | None = None
"""How many processes read one PDF's pages (pdfium).  ``None``: decided per file - two when
this process may fork (no other threads), has two cores to itself and the PDF is long;
``1`` where the cores are already shared out (``parse`` workers, the library's background
workers set it)."""
SPLIT_MIN_PAGES = 8
"""Shorter PDFs are read in one process: forking would cost more than it saves."""


@contextlib.contextmanager
def pages_read_by(processes: int | None) -> Iterator[None]:
    """Set :data:`page_processes` for the duration of a ``with`` block."""
    global page_processes
    saved, page_processes = page_processes, processes
    try:
        yield
    finally:
        page_processes = saved


def _built(pages_iter: Iterator[tuple[PageInfo, int, list[Char]]]) -> PageLines:
    """An engine's pages, each with its lines built."""
    try:
        for info, count, chars in pages_iter:
            yield info, count, build_lines(chars, info.number)
    finally:
        pages_iter.close()


def _plumber_page_lines(p: str) -> PageLines:
    return _built(_plumber_pages(p))


def _pdfium_page_lines(p: str) -> PageLines:
    """The pages' lines; a long PDF's second half is read by a forked helper process while
    this one reads the first (each page is read on its own, so the lines are the same)."""
    if not _may_split():
        yield from _built(_pdfium_pages(p))
        return
    count = _pdfium_page_count(p)
    split = count // 2 if count >= SPLIT_MIN_PAGES else count
    helper = None
    if split < count:
        try:
            helper = _PageHelper(p, split, count)
        except OSError:  # no process or pipe to be had (a process limit, no memory): read them all here
            split = count
    try:
        yield from _built(_pdfium_pages(p, 0, split))
        if helper is not None:
            for info, built in helper.results():
                yield info, count, built
    finally:
        if helper is not None:
            helper.stop()


def _may_split() -> bool:
    if page_processes is not None:
        return page_processes > 1
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False  # forking a threaded process (the reader's UI) is not safe
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2


def _pdfium_page_count(p: str) -> int:
    doc = _pdfium_open(p)
    try:
        return len(doc)
    finally:
        doc.close()


class _PageHelper:
    """A forked process that reads pages ``[first, last)`` into lines and sends them back
    pickled through a pipe.  It opens the PDF itself (pdfium reads a file through its own
    handle), touches nothing of ours and leaves with ``os._exit``: no atexit handlers, no
    second flush of our buffered output.  If it fails for any other reason than the PDF
    (killed, a bug), the pages are read again here, where a bug shows its traceback."""

    def __init__(self, path: str, first: int, last: int) -> None:
        self.path, self.first, self.last = path, first, last
        self._parent = os.getpid()
        read_end, write_end = os.pipe()
        # What exists now is the parent's: frozen, the helper's collector never finalises it
        # (a second __del__ of a parent's object in the helper could close what the parent uses).
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        finally:
            if os.getpid() == self._parent:
                gc.unfreeze()
        if pid == 0:  # the helper
            status = 1
            try:
                os.close(read_end)
                self._serve(write_end)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid: int | None = pid
        self.fd: int | None = read_end

    def _serve(self, write_end: int) -> None:
        import pickle

        try:
            done = [(info, build_lines(chars, info.number)) for info, _, chars in _pdfium_pages(self.path, self.first, self.last)]
            payload: tuple = ("ok", done)
        except InputError as exc:
            payload = ("input", exc.reason)
        except Exception as exc:  # noqa: BLE001 - reported back; the parent reads these pages itself
            payload = ("bug", repr(exc))
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)

    def results(self) -> list[tuple[PageInfo, list[Line]]]:
        import pickle

        kind, value = "lost", None
        try:
            with os.fdopen(self.fd, "rb") as handle:  # type: ignore[arg-type]
                self.fd = None
                kind, value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            pass
        self.stop()
        if kind == "ok":
            return value
        if kind == "input":
            raise InputError(self.path, value)
        return [(info, build_lines(chars, info.number)) for info, _, chars in _pdfium_pages(self.path, self.first, self.last)]

    def stop(self) -> None:
        """Reap the helper (killed first if it is still working: the parse stopped early)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                if os.waitpid(pid, os.WNOHANG) == (0, 0):
                    os.kill(pid, 9)
                    os.waitpid(pid, 0)
            except (ChildProcessError, ProcessLookupError):
                pass


# --------------------------------------------------------------------------- device transform


def _page_ctm(mediabox: Sequence[float], rotation: int) -> tuple[tuple[float, ...], float, float]:
    """pdfminer's device transform for a page (mediabox origin moved to 0,0, /Rotate applied)."""
    x0, y0, x1, y1 = mediabox
    rot = rotation % 360
    if rot == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        w, h = y1 - y0, x1 - x0
    elif rot == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        w, h = x1 - x0, y1 - y0
    elif rot == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        w, h = y1 - y0, x1 - x0
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        w, h = x1 - x0, y1 - y0
    return ctm, abs(w), abs(h)


def _mult(m: Sequence[float], n: Sequence[float]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _orientation(m: Sequence[float]) -> int | None:
    """Text direction of a char matrix: 0 left-to-right, 1 upwards, 2 upside down, 3 downwards; None if skewed/mirrored."""
    a, b, c, d = m[0], m[1], m[2], m[3]
    if abs(b) <= 1e-3 * abs(a) and abs(c) <= 1e-3 * abs(d):
        if a > 0 and d > 0:
            return 0
        if a < 0 and d < 0:
            return 2
        return None
    if abs(a) <= 1e-3 * abs(b) and abs(d) <= 1e-3 * abs(c):
        if b > 0 and c < 0:
            return 1
        if b < 0 and c > 0:
            return 3
    return None


def _turn(o: int, x: float, y: float, w: float, h: float) -> tuple[float, float]:
    """Device point (y up) in a page turned so that direction *o* reads left to right."""
    if o == 1:
        return y, w - x
    if o == 2:
        return w - x, h - y
    if o == 3:
        return h - y, x
    return x, y


def _sideways(odd: list[tuple], upright: int, w: float, h: float) -> tuple[list[Char], float, float] | None:
    """When most text on a page runs in one other direction (a turned page), read it that way.

    *odd* holds ``(text, X, Y, width, size, font, bold, o)`` in device space.
    Returns the chars in the turned page's coordinates and its width/height, or
    None when upright text dominates.
    """
    counts = Counter(t[7] for t in odd)
    o, n = counts.most_common(1)[0]
    if n <= upright:
        return None
    tw, th = (h, w) if o in (1, 3) else (w, h)
    chars: list[Char] = []
    for t, X, Y, wd, size, font, bold, oo in odd:
        if oo != o:
            continue
        x, y = _turn(o, X, Y, w, h)
        x0 = _q(x)
        base = _q(th - y)
        chars.append((t, x0, x0 + wd, base - size, base, size, font, bold))
    return chars, tw, th


# --------------------------------------------------------------------------- pdfium engine


class _Pdfium:
    """Fast ctypes prototypes for the few pdfium calls made per character.

    The per-character functions are declared without ``argtypes`` and called
    with ready-made ``c_void_p``/``int`` arguments: ctypes then skips argument
    conversion, which is most of the cost of a call.
    """

    _inst: "_Pdfium | None" = None

    def __init__(self) -> None:
        import pypdfium2.raw as pr

        def proto(fn, restype, *argtypes):
            addr = ctypes.cast(fn, ctypes.c_void_p).value
            f = ctypes.CFUNCTYPE(restype, *argtypes)(addr)
            return f

        def bare(fn, restype):
            addr = ctypes.cast(fn, ctypes.c_void_p).value
            f = ctypes.CFUNCTYPE(restype)(addr)
            f.argtypes = None
            return f

        vp, ci = ctypes.c_void_p, ctypes.c_int
        self.pr = pr
        # called per char: (c_void_p textpage, int index, ...)
        self.get_text_object = bare(pr.FPDFText_GetTextObject, vp)
        self.get_char_origin = bare(pr.FPDFText_GetCharOrigin, ci)
        self.is_generated = bare(pr.FPDFText_IsGenerated, ci)
        self.get_unicode = bare(pr.FPDFText_GetUnicode, ctypes.c_uint)
        # called per object / font
        self.get_font = proto(pr.FPDFTextObj_GetFont, vp, vp)
        self.glyph_width = proto(pr.FPDFFont_GetGlyphWidth, ci, vp, ctypes.c_uint, ctypes.c_float, vp)
        self.base_font_name = proto(pr.FPDFFont_GetBaseFontName, ctypes.c_size_t, vp, vp, ctypes.c_size_t)

    @classmethod
    def get(cls) -> "_Pdfium":
        if cls._inst is None:
            cls._inst = _Pdfium()
        return cls._inst


def _pdfium_open(path: str):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pr.FPDF_ERR_PASSWORD:
            raise InputError(path, "encrypted PDF (needs a password)") from None
        if code == pr.FPDF_ERR_SECURITY:
            raise InputError(path, "encrypted PDF (unsupported security handler)") from None
        if code == pr.FPDF_ERR_FILE:
            raise InputError(path, "cannot open file") from None
        raise InputError(path, "damaged PDF (cannot be parsed)") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None
    return doc


def _pdfium_pages(path: str, first: int = 0, last: int | None = None) -> Iterator[tuple[PageInfo, int, list[Char]]]:
    """Pages ``[first, last)`` (default: all) as (page, page count, chars)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr

    api = _Pdfium.get()
    doc = _pdfium_open(path)
    try:
        n = len(doc)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        pox, poy = ctypes.c_void_p(ctypes.addressof(ox)), ctypes.c_void_p(ctypes.addressof(oy))
        wbuf = ctypes.c_float()
        pw = ctypes.addressof(wbuf)
        fm = pr.FS_MATRIX()
        namebuf = ctypes.create_string_buffer(256)
        unit_widths: dict[tuple[int, str], float] = {}
        font_names: dict[int, str] = {}
        get_obj, get_origin, glyph_width = api.get_text_object, api.get_char_origin, api.glyph_width
        floor = math.floor
        for index in range(first, n if last is None else min(last, n)):
            try:
                page = doc[index]
            except pdfium.PdfiumError:
                raise InputError(path, f"damaged PDF (page {index + 1} cannot be read)") from None
            try:
                try:
                    ctm, pw_, ph_ = _page_ctm(page.get_mediabox(), page.get_rotation())
                    textpage = page.get_textpage()
                except pdfium.PdfiumError:
                    raise InputError(path, f"damaged PDF (page {index + 1} cannot be read)") from None
                info = PageInfo(number=index + 1, width=_r1(pw_), height=_r1(ph_))
                try:
                    tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
                    count = pr.FPDFText_CountChars(textpage.raw)
                    text = _pdfium_text(pr, textpage.raw, count, api, tp)
                    chars: list[Char] = []
                    odd: list[tuple] = []
                    append = chars.append
                    objinfo: dict[int, tuple | None] = {}
                    obj_widths: dict[int, dict[str, float]] = {}
                    A, B, C, D, E, F = ctm
                    plain = A == 1.0 and B == 0.0 and C == 0.0 and D == 1.0
                    last_obj = None
                    oi = None
                    fontptr = hscale = size = fontname = bold = orient = None
                    wd: dict[str, float] = {}
                    skip = _ENGINE_SKIP
                    run_end = 0  # chars before run_end belong to last_obj
                    for i in range(count):
                        ch = text[i]
                        if ch in skip:  # spaces come from geometry; line breaks are pdfium's own
                            continue
                        if i < run_end:
                            obj = last_obj
                        else:
                            # a text object's chars are contiguous in the text page: gallop to
                            # the end of this object's run instead of asking for every char
                            obj = get_obj(tp, i)
                            lo, step, hi = i, 8, count
                            while lo + step < count:
                                if get_obj(tp, lo + step) == obj:
                                    lo += step
                                    step *= 2
                                else:
                                    hi = lo + step
                                    break
                            else:
                                if hi - lo > 1 and get_obj(tp, count - 1) == obj:
                                    lo = count - 1
                            hi = min(hi, count)
                            while hi - lo > 1:
                                mid = (lo + hi) // 2
                                if get_obj(tp, mid) == obj:
                                    lo = mid
                                else:
                                    hi = mid
                            run_end = lo + 1
                        if obj != last_obj:
                            last_obj = obj
                            if obj is None:
                                oi = None
                            else:
                                oi = objinfo.get(obj, False)
                                if oi is False:
                                    oi = _pdfium_objinfo(pr, api, textpage.raw, i, obj, ctm, fm, namebuf, font_names)
                                    objinfo[obj] = oi
                                if oi is not None:
                                    fontptr, hscale, size, fontname, bold, orient = oi
                                    wd = obj_widths.setdefault(obj, {})
                        if oi is None:
                            continue
                        get_origin(tp, i, pox, poy)
                        if plain:
                            X = ox.value + E
                            Y = oy.value + F
                        else:
                            x, y = ox.value, oy.value
                            X = A * x + C * y + E
                            Y = B * x + D * y + F
                        w = wd.get(ch)
                        if w is None:
                            ukey = (fontptr, ch)
                            u = unit_widths.get(ukey)
                            if u is None:
                                wch = "-" if ch in _HYPHENS else ch
                                code = ord(wch) if len(wch) == 1 else 0
                                u = wbuf.value if glyph_width(fontptr, code, 1.0, pw) else 0.0
                                unit_widths[ukey] = u
                            w = wd[ch] = floor((u * hscale + 0.0013) * 100 + 0.5) / 100
                        if orient:
                            odd.append((ch, X, Y, w, size, fontname, bold, orient))
                            continue
                        x0 = floor((X + 0.0013) * 100 + 0.5) / 100  # _q, inlined: once per character
                        base = floor((ph_ - Y + 0.0013) * 100 + 0.5) / 100
                        append((ch, x0, x0 + w, base - size, base, size, fontname, bold))
                    if odd:
                        turned = _sideways(odd, len(chars), pw_, ph_)
                        if turned is not None:
                            chars, tw, th = turned
                            info = PageInfo(number=index + 1, width=_r1(tw), height=_r1(th))
                finally:
                    textpage.close()
            finally:
                page.close()
            yield info, n, chars
    finally:
        doc.close()


def _pdfium_text(pr, raw, count: int, api: _Pdfium, tp: int) -> list[str]:
    """The page's characters, one string per char index (no per-char call in the common case)."""
    if count <= 0:
        return []
    buf = ctypes.create_string_buffer((count + 1) * 2)
    got = pr.FPDFText_GetText(raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    s = buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", "surrogatepass")
    if len(s) == count:
        return list(s)
    out = []
    for i in range(count):
        u = api.get_unicode(tp, i)
        try:
            out.append(chr(u))
        except (ValueError, OverflowError):
            out.append("\ufffd")
    return out


def _pdfium_objinfo(pr, api, raw, i, obj, ctm, fm, namebuf, font_names):
    """Per text object: (font handle, advance scale, effective size, font name, bold, direction) or None."""
    if not pr.FPDFText_GetMatrix(raw, i, fm):
        return None
    m = _mult((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), ctm)
    fs = pr.FPDFText_GetFontSize(raw, i)
    dev = (m[0] * fs, m[1] * fs, m[2] * fs, m[3] * fs)
    o = _orientation(dev)
    if o is None:
        return None
    fontptr = api.get_font(obj)
    if not fontptr:
        return None
    name = font_names.get(fontptr)
    if name is None:
        n = api.base_font_name(fontptr, ctypes.addressof(namebuf), len(namebuf))
        name = _clean_font(namebuf.value.decode("utf-8", "replace") if n else "")
        font_names[fontptr] = name
    size = _q(math.hypot(dev[2], dev[3]))
    return fontptr, math.hypot(m[0], m[1]) * fs, size, name, _is_bold_name(name), o


# --------------------------------------------------------------------------- pdfplumber engine


def _plumber_pages(path: str) -> Iterator[tuple[PageInfo, int, list[Char]]]:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError:  # pragma: no cover - both are dependencies
        raise
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        raise InputError(path, _pdfminer_reason(exc)) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(path, "encrypted PDF (needs a password)") from None
    except Exception as exc:  # pdfminer raises many types for broken files
        raise InputError(path, f"damaged PDF (cannot be parsed: {type(exc).__name__})") from None
    try:
        try:
            pages = pdf.pages
            n = len(pages)
        except PdfminerException as exc:
            raise InputError(path, _pdfminer_reason(exc)) from None
        except Exception as exc:
            raise InputError(path, f"damaged PDF (cannot be parsed: {type(exc).__name__})") from None
        fontinfo: dict[str, tuple[str, bool]] = {}
        for index in range(n):
            page = pages[index]
            try:
                try:
                    info, chars = _plumber_page(page, index, fontinfo)
                except PdfminerException as exc:
                    raise InputError(path, _pdfminer_reason(exc)) from None
                except InputError:
                    raise
                except Exception as exc:  # a damaged page: pdfminer fails in many ways
                    raise InputError(
                        path, f"damaged PDF (page {index + 1} cannot be read: {type(exc).__name__})"
                    ) from None
            finally:
                _quietly(page.close)
            yield info, n, chars
    finally:
        _quietly(pdf.close)


def _plumber_page(page, index: int, fontinfo: dict[str, tuple[str, bool]]) -> tuple[PageInfo, list[Char]]:
    """One pdfplumber page → (PageInfo, chars), in the same conventions as the pdfium engine."""
    # the file's own MediaBox (pdfplumber's page.mediabox is already turned by /Rotate)
    mb = [float(v) for v in page.page_obj.mediabox]
    ctm, pw_, ph_ = _page_ctm(mb, int(page.rotation or 0))
    raw_chars = page.chars
    info = PageInfo(number=index + 1, width=_r1(pw_), height=_r1(ph_))
    chars: list[Char] = []
    odd: list[tuple] = []
    for c in raw_chars:
        if c["text"] in _ENGINE_SKIP:
            continue
        m = c.get("matrix")
        o = _orientation(m) if m else None
        if o is None:
            continue
        # pdfminer's "size" of a sideways char is its advance; the font size is then the width
        size = _q(float(c["size"]) if o in (0, 2) else float(c["x1"]) - float(c["x0"]))
        name = c.get("fontname", "")
        fi = fontinfo.get(name)
        if fi is None:
            clean = _clean_font(name)
            fi = fontinfo[name] = (clean, _is_bold_name(clean))
        w = _q(float(c["x1"]) - float(c["x0"]) if o in (0, 2) else float(c["bottom"]) - float(c["top"]))
        t = c["text"]
        if t.startswith("(cid:"):
            t = _cid_text(t)
            if t == "\u2022" and w == 0:  # pdfminer has no width for it; standard fonts print 350/1000
                w = _q(0.35 * size)
        if o:
            odd.append((t, float(m[4]), float(m[5]), w, size, fi[0], fi[1], o))
            continue
        x0 = _q(float(m[4]))
        base = _q(ph_ - float(m[5]))
        chars.append((t, x0, x0 + w, base - size, base, size, fi[0], fi[1]))
    if odd:
        turned = _sideways(odd, len(chars), pw_, ph_)
        if turned is not None:
            chars, tw, th = turned
            info = PageInfo(number=index + 1, width=_r1(tw), height=_r1(th))
    return info, chars


def _quietly(close: Callable[[], object]) -> None:
    """Close a pdfplumber object; a damaged file can make even closing raise."""
    try:
        close()
    except Exception:  # noqa: BLE001 - the reason has already been reported, or there is none
        pass


_CID_RE = re.compile(r"\(cid:(\d+)\)")
#: WinAnsiEncoding prints its unused codes as a bullet (PDF 1.7, Annex D note 6); pdfium
#: does the same, pdfminer says "(cid:127)"
_WINANSI_BULLETS = frozenset({127, 129, 141, 143, 144, 157})


def _cid_text(t: str) -> str:
    def one(m: re.Match[str]) -> str:
        return "\u2022" if int(m.group(1)) in _WINANSI_BULLETS else "\ufffd"

    return _CID_RE.sub(one, t)


def _pdfminer_reason(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args else exc
    name = type(inner).__name__
    if "Password" in name or "Encryption" in name:
        return "encrypted PDF (needs a password)"
    return f"damaged PDF (cannot be parsed: {name})"


# --------------------------------------------------------------------------- shared line builder

_WS = frozenset(" \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_DROP = frozenset("\r\n\x00\ufeff\u200b\u200c\u200d\u2060\uffff")
#: chars the engines never pass on: whitespace (spaces come from geometry) and line breaks
_ENGINE_SKIP = frozenset(" \t\r\n\u00a0\u2009\u202f")
#: pdfium reports a hyphen that ends a line as U+0002 (U+FFFE in page text); pdfminer
#: gives the printed char ('-' or a soft hyphen U+00AD): all are a printed hyphen.
_HYPHENS = frozenset("\x02\ufffe\u00ad")
_SPECIAL = _WS | _DROP | _HYPHENS | frozenset(_LIGATURES)
#: glyphs that open a list item; a leading one is always followed by a space in Line.text
BULLET_GLYPHS = frozenset(
    "\uf06e\uf0a7\uf0b7\uf0d8\uf0fc\uf076\uf0a8\uf0de\u25fc\u25aa\u25a0\u25cf\u25e6\u2022\u2023\u2043\u2219\u00b7"
)
#: glyphs that open a sub-item (level 2)
SUB_BULLET_GLYPHS = frozenset("\uf02d\u2212\u2500\u2015\u0336\u25e6")
#: dashes that open an item when printed apart from the text (level 1; "o" is level 2)
DASH_BULLETS = frozenset("-\u2013\u2014")
_BY_BASE_X = itemgetter(4, 1)
_BY_X = itemgetter(1)
_nonascii_skip: dict[str, bool] = {}


def _skip_nonascii(t: str) -> bool:
    r = _nonascii_skip.get(t)
    if r is None:
        cat = unicodedata.category(t)
        r = _nonascii_skip[t] = cat in ("Zs", "Zl", "Zp", "Cc", "Cf") and t not in _HYPHENS
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
            if t in _HYPHENS:
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
    px1, psz = row[0][2], row[0][5]
    for k in range(1, n):
        v = row[k]
        gap = v[1] - px1
        sz = v[5]
        if psz < sz:
            sz = psz
        if gap > SPACE_GAP * sz:
            seps[k] = "\t" if gap > col_gap and gap > COLUMN_GAP * sz else " "
        px1, psz = v[2], v[5]
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
                x0=_r1(run[0][1]),
                x1=_r1(max(w[2] for w in run)),
                size=_r1(size),
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
        x0=_r1(row[0][1]),
        x1=_r1(max(v[2] for v in row)),
        top=_r1(min(v[3] for v in row)),
        bottom=_r1(max(bases.items(), key=lambda kv: (kv[1], -kv[0]))[0] if bases else row[0][4]),
        size=_r1(msize),
        bold=line_bold,
        font=max(fonts, key=fonts.__getitem__),
        spans=spans,
    )
