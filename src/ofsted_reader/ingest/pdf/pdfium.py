"""The fast PDF engine: pypdfium2's raw API, a page's characters in a few calls per text object.

The page text comes in one call; then, per character, its origin, and its text object,
found by galloping over the object's contiguous run of characters; fonts, sizes and
widths are read once per text object or glyph.  pdfium is not thread-safe: one document
at a time per process (:data:`LOCK`).  The document is opened from the bytes that were
read and hashed, never again from the file.
"""

from __future__ import annotations

import ctypes
import math
import threading
from typing import Iterator

from ofsted_reader.errors import InputError
from ofsted_reader.ingest.lines import PageInfo
from ofsted_reader.ingest.pdf.chars import (
    ENGINE_SKIP,
    HYPHENS,
    Char,
    clean_font,
    is_bold_name,
    mult,
    no_surrogates,
    orientation,
    page_ctm,
    q,
    r1,
    sideways,
    slanted_font,
)
from ofsted_reader.limits import check_page_chars

LOCK = threading.RLock()
"""pdfium is not thread-safe: one document at a time per process."""


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


def open_document(data: bytes, name: str):  # -> pypdfium2.PdfDocument
    """The document in ``data``; InputError (naming ``name``) when pdfium cannot open it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pr.FPDF_ERR_PASSWORD:
            raise InputError(name, "encrypted PDF (needs a password)") from None
        if code == pr.FPDF_ERR_SECURITY:
            raise InputError(name, "encrypted PDF (unsupported security handler)") from None
        raise InputError(name, "damaged PDF (cannot be parsed)") from None


def page_count(data: bytes, name: str) -> int:
    with LOCK:
        doc = open_document(data, name)
        try:
            return len(doc)
        finally:
            doc.close()


def pages(data: bytes, name: str, first: int = 0, last: int | None = None) -> Iterator[tuple[PageInfo, int, list[Char]]]:
    """Pages ``[first, last)`` (default: all) as (page, page count, chars); hold :data:`LOCK` while iterating."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr

    api = _Pdfium.get()
    doc = open_document(data, name)
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
                raise InputError(name, f"damaged PDF (page {index + 1} cannot be read)") from None
            try:
                try:
                    ctm, pw_, ph_ = page_ctm(page.get_mediabox(), page.get_rotation())
                    textpage = page.get_textpage()
                except pdfium.PdfiumError:
                    raise InputError(name, f"damaged PDF (page {index + 1} cannot be read)") from None
                info = PageInfo(number=index + 1, width=r1(pw_), height=r1(ph_))
                try:
                    tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
                    count = pr.FPDFText_CountChars(textpage.raw)
                    check_page_chars(name, index + 1, count)
                    text = _pdfium_text(pr, textpage.raw, count, api, tp)
                    chars: list[Char] = []
                    odd: list[tuple] = []
                    append = chars.append
                    objinfo: dict[int, tuple | None] = {}
                    obj_widths: dict[int, dict[str, float]] = {}
                    A, B, C, D, E, F = ctm
                    plain = A == 1.0 and B == 0.0 and C == 0.0 and D == 1.0
                    skip = ENGINE_SKIP
                    i = 0
                    while i < count:
                        if text[i] in skip:  # spaces come from geometry; line breaks are pdfium's own
                            i += 1
                            continue
                        # A text object's chars are contiguous in the text page: gallop to the end
                        # of this object's run instead of asking for every char's object.
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
                        run, i = range(i, lo + 1), lo + 1
                        if obj is None:
                            continue
                        oi = objinfo.get(obj, False)
                        if oi is False:
                            oi = objinfo[obj] = _pdfium_objinfo(pr, api, textpage.raw, run[0], obj, ctm, fm, namebuf, font_names)
                        if oi is None:
                            continue
                        fontptr, hscale, size, fontname, bold, orient = oi
                        wd = obj_widths.setdefault(obj, {})
                        for j in run:
                            ch = text[j]
                            if ch in skip:
                                continue
                            get_origin(tp, j, pox, poy)
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
                                    wch = "-" if ch in HYPHENS else ch
                                    code = ord(wch) if len(wch) == 1 else 0
                                    u = wbuf.value if glyph_width(fontptr, code, 1.0, pw) else 0.0
                                    unit_widths[ukey] = u
                                w = wd[ch] = floor((u * hscale + 0.0013) * 100 + 0.5) / 100
                            if orient:
                                odd.append((ch, X, Y, w, size, fontname, bold, orient))
                                continue
                            x0 = floor((X + 0.0013) * 100 + 0.5) / 100  # q(), inlined: once per character
                            base = floor((ph_ - Y + 0.0013) * 100 + 0.5) / 100
                            append((ch, x0, x0 + w, base - size, base, size, fontname, bold))
                    if odd:
                        turned = sideways(odd, len(chars), pw_, ph_)
                        if turned is not None:
                            chars, tw, th = turned
                            info = PageInfo(number=index + 1, width=r1(tw), height=r1(th))
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
        return list(no_surrogates(s))
    out = []
    for i in range(count):
        u = api.get_unicode(tp, i)
        try:
            out.append(no_surrogates(chr(u)))
        except (ValueError, OverflowError):
            out.append("\ufffd")
    return out


def _pdfium_objinfo(pr, api, raw, i, obj, ctm, fm, namebuf, font_names):
    """Per text object: (font handle, advance scale, effective size, font name, bold, direction) or None."""
    if not pr.FPDFText_GetMatrix(raw, i, fm):
        return None
    m = mult((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), ctm)
    fs = pr.FPDFText_GetFontSize(raw, i)
    dev = (m[0] * fs, m[1] * fs, m[2] * fs, m[3] * fs)
    o = orientation(dev)
    if o is None:
        return None
    fontptr = api.get_font(obj)
    if not fontptr:
        return None
    name = font_names.get(fontptr)
    if name is None:
        n = api.base_font_name(fontptr, ctypes.addressof(namebuf), len(namebuf))
        name = clean_font(namebuf.value.decode("utf-8", "replace") if n else "")
        font_names[fontptr] = name
    if o in (0, 2) and dev[3]:
        name = slanted_font(name, dev[2] / dev[3])
    # The type's height: across the line (a slant into italics does not make it bigger).
    size = q(abs(dev[3]) if o in (0, 2) else abs(dev[2]))
    return fontptr, math.hypot(m[0], m[1]) * fs, size, name, is_bold_name(name), o
