"""Hostile inputs, built at test time (nothing big is committed), and a way to run a command
as a user who is not root.

PDFs are written byte by byte (no PDF library would write these): a font whose ToUnicode
map names a lone surrogate, streams behind chained or hidden filters, pages by the thousand.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these object bodies (numbered from 1; object 1 is the catalog), with its xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(content: bytes, *, stream_extra: bytes = b"", to_unicode: bytes | None = None, pages: int = 1, extra: list[bytes] = ()) -> bytes:
    """``pages`` pages (all drawing one content stream) in Helvetica, optionally with a ToUnicode map."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica" + (b" /ToUnicode 6 0 R" if to_unicode else b"") + b" >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join([b"3 0 R"] * pages) + b"] /Count %d >>" % pages,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content, stream_extra),
        font,
        stream(to_unicode) if to_unicode else b"null",
        *extra,
    ]
    return build_pdf(objects)


LINES = b"BT /F1 12 Tf 72 720 Td (Minutes of the allotment society) Tj 0 -20 Td (The meeting opened at seven.) Tj ET"

SURROGATE_MAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <D800> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def surrogate_pdf() -> bytes:
    """Text whose "A" maps (ToUnicode) to U+D800, a lone surrogate."""
    return text_pdf(b"BT /F1 12 Tf 72 720 Td (Overall effectiveness A good report) Tj ET", to_unicode=SURROGATE_MAP)


def bomb_pdf(mib: int, wrap: str = "chained") -> bytes:
    """A small PDF whose one content stream decompresses to ``mib`` MiB (mostly spaces) behind
    two Flate filters, declared (``chained``), wrapped in ASCIIHex or ASCII85 (``hex``,
    ``a85``), named through an indirect object (``indirect``) or not named at all (``hidden``),
    or run-length encoded under Flate (``rl``)."""
    once = deflated_spaces(mib)
    twice = zlib.compress(once, 9)
    if wrap == "chained":
        return text_pdf(twice, stream_extra=b"/Filter [/FlateDecode /FlateDecode]")
    if wrap == "hex":
        return text_pdf(binascii.hexlify(twice) + b">", stream_extra=b"/Filter [/AHx /Fl /Fl]")
    if wrap == "a85":
        return text_pdf(base64.a85encode(twice) + b"~>", stream_extra=b"/Filter [/A85 /Fl /Fl]")
    if wrap == "indirect":
        return text_pdf(twice, stream_extra=b"/Filter 7 0 R", extra=[b"[/FlateDecode /FlateDecode]"])
    if wrap == "hidden":
        return text_pdf(twice)  # no /Filter written at all
    if wrap == "rl":
        runs = b"".join(b"\x81 " for _ in range(((mib << 20) + 127) // 128)) + b"\x80"  # 128 spaces a run
        return text_pdf(zlib.compress(zlib.compress(runs, 9), 9), stream_extra=b"/Filter [/Fl /Fl /RL]")
    raise ValueError(wrap)


def deflated_spaces(mib: int) -> bytes:
    """zlib data for a line of text and ``mib`` MiB of spaces, made without compressing them: after
    a full flush the compressor starts afresh, so each further MiB is the same block again.  (Its
    checksum is not the data's: nothing reads that far.)"""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    first = compressor.compress(LINES + b"\n" + chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + again * (mib - 1) + compressor.flush()


def dense_page_pdf(chars: int) -> bytes:
    """One page holding ``chars`` characters (lines of ten), well inside the stream limit."""
    unit = b"(xxxxxxxxxx) Tj 0 -1 Td\n"
    return text_pdf(zlib.compress(b"BT /F1 1 Tf 72 700 Td\n" + unit * (chars // 10) + b"ET", 9), stream_extra=b"/Filter /FlateDecode")


def heading_sizes_pdf(headings: int = 400, per_page: int = 20) -> bytes:
    """Headings each printed a little smaller than the last, a line of text under each: as many
    heading styles as headings, so as many outline levels, but for the cap."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for page in range(headings // per_page):
        ops = b"BT "
        for i in range(per_page):
            n, y = page * per_page + i, 760 - 36 * i
            ops += b"/F1 %.2f Tf 1 0 0 1 72 %d Tm (Heading number %d) Tj " % (30 - n * 0.06, y, n)
            ops += b"/F1 9 Tf 1 0 0 1 72 %d Tm (Some text under the heading that goes on.) Tj " % (y - 14)
        objects.append(stream(ops + b"ET"))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    return build_pdf(objects)


# -- running as someone else ---------------------------------------------------------------


def unprivileged_user() -> tuple[int, int] | None:
    """(uid, gid) of an unprivileged user to become, when running as root; None otherwise."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        user = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root, and there is no unprivileged user (nobody) to run as")
    return user.pw_uid, user.pw_gid


def world_tmp() -> Path:
    """A temp folder any user may enter (pytest's own are root's alone when run as root)."""
    folder = Path(tempfile.mkdtemp(prefix="ofsted-hostile-"))
    folder.chmod(0o755)
    return folder


def run_cli(argv: list[str], env: dict[str, str], *, timeout: float = 120) -> tuple[int, str, str]:
    """``ofsted-reader argv`` as the current user, in a child process."""
    result = subprocess.run([sys.executable, "-m", "ofsted_reader", *argv], env=env, capture_output=True, text=True, timeout=timeout)
    return result.returncode, result.stdout, result.stderr


def run_cli_unprivileged(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """``ofsted-reader argv`` as a user for whom permissions bind.

    Not root: a child process, as for any test.  Root (for whom a mode-000 folder is open): a
    forked child that drops to ``nobody`` and runs the command in-process.  The interpreter's
    own files may be closed to that user (a pyenv under /root), so every module the command
    needs is imported first, by running it once as root on the same paths.
    """
    ids = unprivileged_user()
    if ids is None:
        return run_cli(argv, env)
    from ofsted_reader import cli, paths

    warm_cache = Path(tempfile.mkdtemp(prefix="ofsted-warm-"))
    saved_env, saved_gc = dict(os.environ), gc.get_threshold()
    sink = io.StringIO()
    try:
        os.environ.update(env)
        os.environ["OFSTED_READER_CACHE"] = str(warm_cache)
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            cli.main(list(argv))
        import traceback  # noqa: F401 - the child may need it and cannot import it
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        paths.warned.clear()
        gc.set_threshold(*saved_gc)  # the command tunes the collector for itself
        shutil.rmtree(warm_cache, ignore_errors=True)
    out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setgroups([])
            os.setgid(ids[1])
            os.setuid(ids[0])
            os.environ.clear()
            os.environ.update(env)
            sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(out_file.fileno()), "wb"), encoding="utf-8")
            sys.stderr = io.TextIOWrapper(os.fdopen(os.dup(err_file.fileno()), "wb"), encoding="utf-8")
            code = cli.main(list(argv))
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code if isinstance(code, int) else 1)
    _, status = os.waitpid(pid, 0)
    out_file.seek(0)
    err_file.seek(0)
    return os.waitstatus_to_exitcode(status), out_file.read().decode(), err_file.read().decode()
