"""The reference PDF engine: pdfplumber / pdfminer.six ``page.chars`` (about eight times slower).

Its characters are brought to the same conventions as the pdfium engine's (see
:mod:`.chars`), so both give the same lines; ``--engine plumber`` checks the fast
engine against it.  It reads the bytes that were read and hashed, not the file again.
"""

from __future__ import annotations

import io
import re
from typing import Callable, Iterator

from ofsted_reader.errors import InputError
from ofsted_reader.ingest.lines import PageInfo
from ofsted_reader.ingest.pdf.chars import (
    ENGINE_SKIP,
    SLANTED,
    Char,
    clean_font,
    is_bold_name,
    no_surrogates,
    orientation,
    page_ctm,
    q,
    r1,
    sideways,
    slanted_font,
)
from ofsted_reader.limits import check_page_chars, check_pages


def quiet_pdfminer() -> None:
    """pdfminer and pdfplumber log what they make of a damaged file (``Invalid MediaBox``, ``Not
    adding object…``); with no logging set up, Python prints those on stderr, where a refused
    file must be one line.  A handler of their own keeps them off it (an app that sets up
    logging still gets them)."""
    import logging

    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def pages(data: bytes, name: str) -> Iterator[tuple[PageInfo, int, list[Char]]]:
    """Every page as (page, page count, chars)."""
    quiet_pdfminer()
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError:  # pragma: no cover - both are dependencies
        raise
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise InputError(name, _pdfminer_reason(exc)) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(name, "encrypted PDF (needs a password)") from None
    except Exception as exc:  # pdfminer raises many types for broken files
        raise InputError(name, f"damaged PDF (cannot be parsed: {type(exc).__name__})") from None
    try:
        try:
            pages = pdf.pages
            n = len(pages)
        except PdfminerException as exc:
            raise InputError(name, _pdfminer_reason(exc)) from None
        except Exception as exc:
            raise InputError(name, f"damaged PDF (cannot be parsed: {type(exc).__name__})") from None
        check_pages(name, n)
        fontinfo: dict[tuple[str, bool], tuple[str, bool]] = {}
        for index in range(n):
            page = pages[index]
            try:
                try:
                    info, chars = _plumber_page(page, index, fontinfo, name)
                except PdfminerException as exc:
                    raise InputError(name, _pdfminer_reason(exc)) from None
                except InputError:
                    raise
                except Exception as exc:  # a damaged page: pdfminer fails in many ways
                    raise InputError(
                        name, f"damaged PDF (page {index + 1} cannot be read: {type(exc).__name__})"
                    ) from None
            finally:
                _quietly(page.close)
            yield info, n, chars
    finally:
        _quietly(pdf.close)


def _plumber_page(page, index: int, fontinfo: dict[tuple[str, bool], tuple[str, bool]], name: str) -> tuple[PageInfo, list[Char]]:
    """One pdfplumber page → (PageInfo, chars), in the same conventions as the pdfium engine."""
    # the file's own MediaBox (pdfplumber's page.mediabox is already turned by /Rotate)
    mb = [float(v) for v in page.page_obj.mediabox]
    ctm, pw_, ph_ = page_ctm(mb, int(page.rotation or 0))
    raw_chars = page.chars
    check_page_chars(name, index + 1, len(raw_chars))
    info = PageInfo(number=index + 1, width=r1(pw_), height=r1(ph_))
    chars: list[Char] = []
    odd: list[tuple] = []
    for c in raw_chars:
        if c["text"] in ENGINE_SKIP:
            continue
        m = c.get("matrix")
        o = orientation(m) if m else None
        if o is None:
            continue
        # pdfminer's "size" of a sideways char is its advance; the font size is then the width
        size = q(float(c["size"]) if o in (0, 2) else float(c["x1"]) - float(c["x0"]))
        font = c.get("fontname", "")
        slant = float(m[2]) / float(m[3]) if o in (0, 2) and m[3] else 0.0
        fi = fontinfo.get((font, abs(slant) > SLANTED))
        if fi is None:
            clean = slanted_font(clean_font(font), slant)
            fi = fontinfo[(font, abs(slant) > SLANTED)] = (clean, is_bold_name(clean))
        if o in (0, 2):
            # A slanted (oblique) glyph's box is wider than its advance by the slant over its height.
            w = q(float(c["x1"]) - float(c["x0"]) - abs(slant) * (float(c["bottom"]) - float(c["top"])))
        else:
            w = q(float(c["bottom"]) - float(c["top"]))
        t = no_surrogates(c["text"])
        if t.startswith("(cid:"):
            t = _cid_text(t)
            if t == "\u2022" and w == 0:  # pdfminer has no width for it; standard fonts print 350/1000
                w = q(0.35 * size)
        if o:
            odd.append((t, float(m[4]), float(m[5]), w, size, fi[0], fi[1], o))
            continue
        x0 = q(float(m[4]))
        base = q(ph_ - float(m[5]))
        chars.append((t, x0, x0 + w, base - size, base, size, fi[0], fi[1]))
    if odd:
        turned = sideways(odd, len(chars), pw_, ph_)
        if turned is not None:
            chars, tw, th = turned
            info = PageInfo(number=index + 1, width=r1(tw), height=r1(th))
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
