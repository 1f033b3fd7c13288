"""Is it a whole PDF, and one a report may be?  Checked on the bytes before any engine opens them.

Besides the start and end markers, every stream in the file is decompressed here, chunk by
chunk and never kept, counting what its filters make of it: a few kilobytes of
``/Filter [/FlateDecode /FlateDecode]`` hold gigabytes, which an engine would build in memory
before finding that the page has no text.  Past :data:`~ofsted_reader.limits.MAX_STREAM_BYTES`
the file is refused.  The streams are found by their ``stream`` keyword, not through the
cross-reference table (which an engine rebuilds when it is damaged, so a stream it could reach
must be counted even then), and each is read from its start until its own filters end it.
When a stream's filters cannot be told for sure (several ``/Filter`` entries, an indirect one
that cannot be found), every reading is tried and the largest counts.  An encrypted file's
streams are deciphered first (pdfminer; an empty user password, as the engines try).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import Callable, Iterable, Iterator

from ofsted_reader.errors import InputError
from ofsted_reader.limits import MAX_STREAM_BYTES, mib, refuse
from ofsted_reader.source import PDF_MAGIC, what_it_looks_like

MIN_TEXT_CHARS = 10
"""Fewer visible characters than this in the whole document means there is no text layer."""

_CHUNK = 1 << 16
"""Bytes fed to, and taken from, a decoder at a time."""
_STREAM = re.compile(rb"(?<!end)stream[ \t]*(?:\r\n|\r|\n)?")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>(){}%]*|[0-9]+\s+[0-9]+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>(){}%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

Chunks = Iterator[bytes]


def check_pdf(data: bytes, name: str) -> None:
    """InputError unless ``data`` starts like a PDF, ends with its end-of-file marker and its
    streams decompress to no more than the limit."""
    if PDF_MAGIC not in data[:1024]:
        raise InputError(name, f"not a PDF (it is {what_it_looks_like(data)})")
    if b"%%EOF" not in data[-8192:]:  # a little slack for junk appended after the marker
        raise InputError(name, "truncated or damaged PDF (no end-of-file marker)")
    if stream_bytes(data, name) > MAX_STREAM_BYTES:
        raise refuse(name, "too large once decompressed", f"streams of over {mib(MAX_STREAM_BYTES)}", f"{mib(MAX_STREAM_BYTES)} of decompressed streams")


def stream_bytes(data: bytes, name: str, budget: int = MAX_STREAM_BYTES) -> int:
    """What the file's streams decompress to, all filters of each counted; counting stops
    past ``budget`` (the answer is then only known to be over it)."""
    streams = _deciphered_streams(data, name) if re.search(rb"/Encrypt\b", data) else _streams(data)
    total = 0
    for buffer, start, chains in streams:
        total += max((_decoded_size(buffer, start, chain, budget - total) for chain in chains), default=0)
        if total > budget:
            break
    return total


def _streams(data: bytes) -> Iterator[tuple[bytes, int, list[list[str]]]]:
    """Each stream as (the file, where its data starts, the filter chains it may have)."""
    previous = 0
    for match in _STREAM.finditer(data):
        yield data, match.end(), _filter_chains(data, data[previous : match.start()])
        previous = match.end()


def _filter_chains(data: bytes, head: bytes) -> list[list[str]]:
    """The filter chains a stream may have: every ``/Filter`` written since the last stream began
    (its own dictionary's, and any decoy); with none that can be read, Flate as often as the data
    looks like zlib."""
    chains = []
    for value in dict.fromkeys(_FILTER.findall(head)):
        if value.endswith(b"R"):
            value = _indirect(data, value)
            if value is None:
                chains.append(["?"])
                continue
        chains.append([_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n).decode("latin-1") for n in _NAME.findall(value)])
    return chains or [["?"]]


def _indirect(data: bytes, ref: bytes) -> bytes | None:
    """The value of ``N G R`` when it is a plain object in the file (the last one, as an update wins)."""
    number, generation = ref.split()[:2]
    found = None
    for found in re.finditer(rb"(?<![0-9])" + number + rb"\s+" + generation + rb"\s+obj\s*(\[[^\]]*\]|/[^\s/\[\]<>(){}%]*)", data):
        pass
    return found.group(1) if found else None


def _decoded_size(data: bytes, start: int, chain: list[str], budget: int) -> int:
    """Bytes a stream's filters make, every stage counted; stops past ``budget`` or at the first
    filter that is not a compression or encoding (images: their data is not text)."""
    total = 0

    def counted(chunks: Chunks) -> Chunks:
        nonlocal total
        for chunk in chunks:
            total += len(chunk)
            if total > budget:
                return
            yield chunk

    chunks: Chunks = (data[i : i + _CHUNK] for i in range(start, len(data), _CHUNK))
    sniffing = chain == ["?"]
    stages = ["FlateDecode"] if sniffing else chain
    if not stages or stages[0] not in _DECODERS:
        return 0
    try:
        for stage in stages:
            decoder = _DECODERS.get(stage)
            if decoder is None:
                break
            chunks = counted(decoder(chunks))
        if sniffing:
            chunks = _inflate_while_zlib(chunks, counted)
        for _ in chunks:
            pass
    except (zlib.error, ValueError, binascii.Error, IndexError):
        pass  # damaged: the engine will say so, or read no more than was counted
    return total


def _inflate_while_zlib(chunks: Chunks, counted: Callable[[Chunks], Chunks]) -> Chunks:
    """Inflate again while what came out starts like zlib (a chain hidden from :func:`_filter_chains`)."""
    for _ in range(16):
        first = next(chunks, b"")
        rest = _prepend(first, chunks)
        if not _zlib_header_ok(first.lstrip()):
            return rest
        chunks = counted(_inflate(rest))
    return chunks


def _zlib_header_ok(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _prepend(first: bytes, chunks: Chunks) -> Chunks:
    if first:
        yield first
    yield from chunks


def _inflate(chunks: Chunks) -> Chunks:
    """zlib-inflate until the compressed stream's own end (what follows it is not read)."""
    decoder = zlib.decompressobj()
    for chunk in _skip_leading_space(chunks):
        pending = chunk
        while pending:
            out = decoder.decompress(pending, _CHUNK)
            if out:
                yield out
            if decoder.eof:
                return
            pending = decoder.unconsumed_tail
        while not decoder.eof:  # output held back within the last input
            out = decoder.decompress(b"", _CHUNK)
            if not out:
                break
            yield out
        if decoder.eof:
            return


def _skip_leading_space(chunks: Chunks) -> Chunks:
    for chunk in chunks:
        chunk = chunk.lstrip(b"\r\n \t\f\0")
        if chunk:
            yield chunk
            break
    yield from chunks


class _Reader:
    """``read(n)`` over chunks, taking no more of them than is read."""

    def __init__(self, chunks: Chunks) -> None:
        self.chunks = chunks
        self.buffer = b""

    def read(self, n: int = 1) -> bytes:
        while len(self.buffer) < n:
            more = next(self.chunks, None)
            if more is None:
                break
            self.buffer += more
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out


def _text_stage(alphabet: bytes, decode: Callable[[bytes, bool], tuple[bytes, bytes]]) -> Callable[[Chunks], Chunks]:
    """A decoder of an ASCII encoding: its characters (whitespace dropped) are decoded a chunk at
    a time; the first character outside ``alphabet`` (its end marker, or anything) ends it."""
    outside = re.compile(rb"[^" + alphabet + rb"]")
    space = re.compile(rb"[ \t\r\n\f\0]+")

    def run(chunks: Chunks) -> Chunks:
        carry = b""
        for chunk in chunks:
            end = outside.search(chunk)
            carry += space.sub(b"", chunk[: end.start()] if end else chunk)
            out, carry = decode(carry, end is not None)
            yield out
            if end:
                return
        yield decode(carry, True)[0]

    return run


def _hex(text: bytes, last: bool) -> tuple[bytes, bytes]:
    if last:
        return binascii.unhexlify(text + b"0" * (len(text) % 2)), b""
    cut = len(text) - len(text) % 2
    return binascii.unhexlify(text[:cut]), text[cut:]


_A85_GROUPS = re.compile(rb"(?:z|[!-u]{5})*")


def _a85(text: bytes, last: bool) -> tuple[bytes, bytes]:
    if last:
        return base64.a85decode(text), b""
    cut = _A85_GROUPS.match(text).end()  # type: ignore[union-attr]
    return base64.a85decode(text[:cut]), text[cut:]


def _run_length(chunks: Chunks) -> Chunks:
    read = _Reader(chunks).read
    out = bytearray()
    while (n := read(1)) and n[0] != 128:
        out += read(n[0] + 1) if n[0] < 128 else read(1) * (257 - n[0])
        if len(out) >= _CHUNK:
            yield bytes(out)
            out.clear()
    yield bytes(out)


def _lzw(chunks: Chunks) -> Chunks:
    from pdfminer.lzw import LZWDecoder  # pdfplumber's; only a PDF using LZW pays for the import

    out = bytearray()
    for piece in LZWDecoder(_Reader(chunks)).run():  # type: ignore[arg-type]
        out += piece
        if len(out) >= _CHUNK:
            yield bytes(out)
            out.clear()
    yield bytes(out)


_ascii_hex = _text_stage(rb"0-9A-Fa-f \t\r\n\f\0", _hex)
_ascii85 = _text_stage(rb"!-uz \t\r\n\f\0", _a85)


_DECODERS: dict[str, Callable[[Chunks], Chunks]] = {
    "FlateDecode": _inflate,
    "Fl": _inflate,
    "ASCIIHexDecode": _ascii_hex,
    "AHx": _ascii_hex,
    "ASCII85Decode": _ascii85,
    "A85": _ascii85,
    "RunLengthDecode": _run_length,
    "RL": _run_length,
    "LZWDecode": _lzw,
    "LZW": _lzw,
}


def _deciphered_streams(data: bytes, name: str) -> Iterable[tuple[bytes, int, list[list[str]]]]:
    """An encrypted file's streams, deciphered with an empty user password (pdfminer), each with
    its filter chain.  A file whose objects cannot be read so is refused: its streams cannot be
    counted."""
    import io

    from ofsted_reader.ingest.pdf.plumber import quiet_pdfminer

    quiet_pdfminer()
    try:
        from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFStream, resolve1
    except ImportError:  # pragma: no cover - a dependency of pdfplumber
        raise
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise InputError(name, "encrypted PDF (needs a password)") from None
    except Exception:  # noqa: BLE001 - pdfminer fails in many ways on a damaged file
        raise InputError(name, "damaged encrypted PDF (cannot be checked)") from None
    seen: set[int] = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = document.getobj(objid)
            except Exception:  # noqa: BLE001 - a damaged or missing object: the engine says so, if it needs it
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            raw = obj.rawdata
            if obj.decipher is not None:
                try:
                    raw = obj.decipher(obj.objid, obj.genno, raw, obj.attrs)
                except Exception:  # noqa: BLE001
                    continue
            filters = resolve1(obj.attrs.get("Filter") or obj.attrs.get("F") or [])
            names = [getattr(resolve1(f), "name", str(f)) for f in (filters if isinstance(filters, list) else [filters])]
            yield raw, 0, [names]
