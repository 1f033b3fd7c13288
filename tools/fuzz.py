"""Fuzz the commands with hostile inputs: mutations of the sample PDF, the sample text and its
saved document, and the area SEND sample text, as a hostile file sender would make them.

    python tools/fuzz.py [--seconds N | --long] [--seed S] [--jobs N] [--keep DIR]

Each input goes through ``export --format json`` and ``grades --format csv`` (now and then
``parse``, or ``export --engine plumber``), in worker processes that each keep a cache of their
own across inputs; a worker that dies (a native crash, memory past its cap) or hangs is
replaced and the input counted as a finding.  For every run of a command it checks:

* the exit code is 0 or 2, never a traceback (exit 1 is a bug);
* on exit 2, stderr is one line, naming the file;
* an export on exit 0 is a JSON document of the current schema;
* the cache is never damaged: every entry written is whole and for its source, a refused input
  leaves none, no temp file is left, and the library index passes SQLite's integrity check;
* no input takes longer than the parse time limit allows, and none needs more than the
  worker's memory cap (an address-space limit: a bomb shows as a crash, not a frozen machine).

Findings are printed and each input kept in ``--keep`` (default: a folder named at the end).
CI runs it for a few seconds (tests/test_fuzz.py); ``--long`` runs it for ten minutes.  Exit
code 0 when nothing was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_reports"
MEMORY_CAP = 3 * 1024**3
"""Address space a worker may use (pdfium and Python's own mappings come to ~1 GiB)."""
INPUT_TIMEOUT = 150.0
"""Seconds an input's commands may take together before the worker counts as hung (the parse
time limit is 60 s; an input is parsed once, then read from the cache)."""

# -- mutations ---------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "\x1b]0;title\x07\x1b[31mred\x1b[0m",
    "\u202egnp.exe \u2066isolate\u2069",
    "\x9b31m C1 \x85 next line",
    "Overall effectiveness: Inadequate",
    "Overall effectiveness\nGood",
    "Grade 4 (inadequate)",
    "Requires improvement to be good",
    "999. A paragraph numbered high.",
    "0. A paragraph numbered zero.",
    "- a bullet\n    - a sub-bullet",
    "Cell one\tCell two\tCell three",
    "###### A markdown heading ######",
    "Immediately:",
    "Within three months:",
    "[bold red]markup[/] [link=file:///etc/passwd]x[/link]",
    "schema: 1",
    "%PDF-1.7",
    "\ufeff BOM inside",
    "x" * 5000,
]
HOSTILE_BYTES = [b"\x00", b"\xed\xa0\x80", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\f", b"\x1b[2J", b"\x80\x81\x82", b"\xc3"]
PDF_FRAGMENTS = [
    b"/Filter [/FlateDecode /FlateDecode]",
    b"/Filter /LZWDecode",
    b"/Filter [/AHx /Fl]",
    b"/Count 99999999",
    b"/Length 999999999999",
    b"/Length -1",
    b"/Kids [2 0 R 2 0 R]",
    b"/Contents [4 0 R 4 0 R 4 0 R 4 0 R]",
    b"/MediaBox [0 0 1e308 -1e308]",
    b"/Rotate 45",
    b"/Encrypt 99 0 R",
    b"/F1 1e30 Tf",
    b"[" * 2000 + b"]" * 2000,
    b"<<" * 500 + b">>" * 500,
    b"/N#00ame (\\377\\376\\330\\000) ",
    b"BT /F1 12 Tf (\x1b]52;c;cHduZWQ=\x07) Tj ET",
    b"1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj",
]


def _lines_of(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate_text(data: bytes, rng: random.Random) -> bytes:
    """A text report, damaged or grown in one of many ways (never past ~2 MB)."""
    lines = _lines_of(data)
    kind = rng.randrange(10)
    if kind == 0:  # flipped bytes
        buf = bytearray(data)
        for _ in range(rng.randint(1, 200)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if kind == 1:  # a line repeated, up to tens of thousands of times
        line = rng.choice(lines)
        at = rng.randrange(len(lines))
        lines[at:at] = [line] * rng.choice([10, 1000, 20_000, 60_000])
    elif kind == 2:  # hostile lines
        for _ in range(rng.randint(1, 30)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(HOSTILE_TEXT).encode("utf-8"))
    elif kind == 3:  # hostile bytes
        buf = bytearray(data)
        for _ in range(rng.randint(1, 50)):
            at = rng.randrange(len(buf) + 1)
            buf[at:at] = rng.choice(HOSTILE_BYTES)
        return bytes(buf)
    elif kind == 4:  # cut and shuffled
        lines = lines[rng.randrange(len(lines)) :]
        rng.shuffle(lines)
    elif kind == 5:  # another encoding
        text = data.decode("utf-8", "replace")
        return text.encode(rng.choice(["cp1252", "latin-1", "utf-16", "utf-8-sig", "utf-32"]), "replace")
    elif kind == 6:  # headings with grades, many
        lines += [f"Judgement {i}: {rng.choice(['Good', 'Inadequate', 'Outstanding'])}".encode() for i in range(rng.choice([30, 600, 5000]))]
    elif kind == 7:  # blank-line floods and empty
        return rng.choice([b"", b"\n" * 100_000, b" \t\n" * 1000, b"\x00" * 100])
    elif kind == 8:  # one very long line
        return data.replace(b"\n", b" ")
    else:  # numbered paragraphs, out of order and repeated
        lines += [f"{rng.randint(0, 999)}. Paragraph text that goes on.".encode() for _ in range(rng.choice([100, 10_000]))]
    return b"\n".join(lines)[:2_000_000]


def mutate_pdf(data: bytes, rng: random.Random) -> bytes:
    """The sample PDF damaged: bytes, objects, fragments spliced in, streams rewritten, bombs."""
    kind = rng.randrange(9)
    if kind == 0:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 64)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if kind == 1:  # cut short, with or without a new end marker
        cut = data[: rng.randrange(1, len(data))]
        return cut + b"\n%%EOF\n" if rng.random() < 0.7 else cut
    if kind == 2:  # an object dropped
        starts = [m.start() for m in re.finditer(rb"\d+ 0 obj", data)]
        start = rng.choice(starts)
        end = data.find(b"endobj", start)
        return data[:start] + data[end + 6 :] if end > 0 else data
    if kind == 3:  # hostile fragments spliced in
        buf = data
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(buf))
            buf = buf[:at] + b" " + rng.choice(PDF_FRAGMENTS) + b" " + buf[at:]
        return buf
    if kind == 4:  # a stream's content rewritten (decompressed, changed, compressed again)
        return _rewrite_stream(data, rng)
    if kind == 5:  # a slice repeated
        start = rng.randrange(len(data))
        piece = data[start : start + rng.randint(1, 4096)]
        return data[:start] + piece * rng.randint(2, 200) + data[start:]
    if kind == 6:  # a bomb in place of a stream
        bomb = zlib.compress(_spaces(rng.choice([1, 8, 64])), 9)
        return _replace_stream(data, rng, zlib.compress(bomb, 9), b"/Filter [/FlateDecode /FlateDecode]")
    if kind == 7:  # a lone surrogate (or other odd code point) through a ToUnicode map
        target = rng.choice([b"<D800>", b"<DFFF>", b"<FFFE>", b"<0000>", b"<001B>", b"<202E>", b"<D83DDE00>", b"<>"])
        cmap = b"/CIDInit /ProcSet findresource begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> " + target + b" endbfrange endcmap end"
        stream = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
        number = 9000 + rng.randrange(100)
        data = re.sub(rb"/Type\s*/Font", b"/Type /Font /ToUnicode %d 0 R" % number, data, count=rng.randint(1, 5))
        end = data.rfind(b"xref")
        return data[:end] + b"%d 0 obj\n" % number + stream + b"\nendobj\n" + data[end:]
    # truncated streams and junk after the end
    return data + os.urandom(rng.randint(1, 20_000)) + rng.choice([b"", b"%%EOF"])


def _spaces(mib: int) -> bytes:
    return b"BT /F1 12 Tf 72 700 Td (bomb) Tj ET " + b" " * (mib << 20)


_STREAM = re.compile(rb"stream\r?\n")


def _replace_stream(data: bytes, rng: random.Random, body: bytes, extra: bytes = b"") -> bytes:
    starts = [m for m in _STREAM.finditer(data) if data[max(0, m.start() - 3) : m.start()] != b"end"]
    if not starts:
        return data
    match = rng.choice(starts)
    end = data.find(b"endstream", match.end())
    if end < 0:
        return data
    head_start = data.rfind(b"<<", 0, match.start())
    head = data[head_start : match.start()]
    head = re.sub(rb"/Filter\s*(/\w+|\[[^\]]*\])", b"", head)
    head = re.sub(rb"/Length\s+\d+(\s+0\s+R)?", b"/Length %d " % len(body) + extra, head)
    return data[:head_start] + head + b"stream\n" + body + b"\n" + data[end:]


def _rewrite_stream(data: bytes, rng: random.Random) -> bytes:
    starts = [m for m in _STREAM.finditer(data) if data[max(0, m.start() - 3) : m.start()] != b"end"]
    if not starts:
        return data
    match = rng.choice(starts)
    end = data.find(b"endstream", match.end())
    try:
        content = zlib.decompress(data[match.end() : end])
    except zlib.error:
        return data
    buf = bytearray(content)
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(buf) + 1)
        piece = rng.choice(
            [b" (\x1b[31m\xe2\x80\xae) Tj ", b" /F1 %.2f Tf (x) Tj " % rng.uniform(1, 40), b" 1e30 Tz ", b" 0 0 0 0 0 0 cm ", b" -1 0 0 -1 0 0 cm ", b" q " * 1000, b" Q ", b" (x) Tj " * 3000, b" /F1 0 Tf ", b" BT ", b" ET ", b" ] TJ [ "]
        )
        buf[at:at] = piece
    return _replace_stream(data, rng, zlib.compress(bytes(buf)), b"/Filter /FlateDecode")


def mutate_document(data: bytes, rng: random.Random) -> bytes:
    """The sample's saved document, damaged: bytes, values of other types, aliases, nesting."""
    kind = rng.randrange(7)
    text = data.decode("utf-8")
    if kind == 0:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 32)):
            buf[rng.randrange(len(buf))] = rng.randrange(32, 127)
        return bytes(buf)
    if kind == 1:
        return data[: rng.randrange(len(data))]
    if kind == 2:  # a value of another type
        values = ["[1, 2]", "{}", "null", "1e309", "-1", "!!binary AAAA", "!!python/object:os.system {}", "'\\ud800'", '"\\ud800"', "99999999999999999999", "[" * 300 + "]" * 300]
        lines = text.split("\n")
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(lines))
            if ": " in lines[at]:
                key = lines[at].split(": ", 1)[0]
                lines[at] = f"{key}: {rng.choice(values)}"
        return "\n".join(lines).encode("utf-8")
    if kind == 3:  # aliases
        lol = 'x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "\n".join(
            f"x{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)
        )
        return (text.replace("\nwarnings:", f"\n{lol}\nwarnings:", 1) + f"\nextra: *a{rng.randint(1, 8)}\n").encode("utf-8")
    if kind == 4:  # deep nesting: of lists, or of sections
        if rng.random() < 0.5:
            return text.replace("warnings: []", "warnings: " + "[" * 5000 + "]" * 5000).encode("utf-8")
        depth = rng.choice([20, 40, 300, 900])
        nested = "[]"
        for i in range(depth):
            nested = f"[{{id: d{i}, title: Deep, grade: null, blocks: [], children: {nested}}}]"
        return re.sub(r"(?m)^(\s*children:) \[\]$", lambda m: f"{m.group(1)} {nested}", text, count=1).encode("utf-8")
    if kind == 5:  # hostile strings in every title
        return re.sub(r"(title: )(.*)", lambda m: m.group(1) + json.dumps(rng.choice(HOSTILE_TEXT)), text).encode("utf-8")
    return re.sub(r"(?m)^schema: \d+$", rng.choice(["schema: 99", "schema: '2'", "schema: [2]", "schema:"]), text, count=1).encode("utf-8")


# -- the worker: runs commands in-process, checks the cache ---------------------------------------

WORKER = r"""
import contextlib, io, json, os, resource, sqlite3, sys, time, traceback
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
proto = os.fdopen(os.dup(1), "w")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
from ofsted_reader import cache, cli, paths
from ofsted_reader.ingest import parse  # noqa: F401 - loaded once, not inside the first run's time
from ofsted_reader.model import SCHEMA
seen = {}

def check_cache():
    problems = []
    folder = paths.cache_dir()
    if folder is None or not folder.exists():
        return problems
    for path in folder.iterdir():
        if path.name.startswith(".tmp-"):
            problems.append(f"temp file left: {path.name}")
        elif path.suffix == ".yaml":
            st = path.stat()
            if seen.get(path.name) == (st.st_size, st.st_mtime_ns):
                continue
            seen[path.name] = (st.st_size, st.st_mtime_ns)
            if cache.entry_report(path.read_bytes(), path.stem) is None:
                problems.append(f"damaged cache entry: {path.name}")
    index = folder / "library.sqlite3"
    if index.exists():
        with contextlib.closing(sqlite3.connect(index)) as db:
            result = db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            problems.append(f"index fails its check: {result}")
    return problems

for line in sys.stdin:
    job = json.loads(line)
    results = []
    for argv in job["commands"]:
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        bug = None
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            except BaseException:
                code, bug = 1, traceback.format_exc()
        document = None
        if code == 0 and argv[:3] == ["export", "--format", "json"]:
            try:
                document = json.loads(out.getvalue()).get("schema") == SCHEMA
            except (ValueError, AttributeError):
                document = False
        results.append({"argv": argv, "code": code, "document": document, "err": err.getvalue()[-5000:], "bug": bug, "seconds": time.monotonic() - started})
    proto.write(json.dumps({"results": results, "cache": check_cache()}) + "\n")
    proto.flush()
"""


class Worker:
    """A child process running commands for the inputs it is given, with a cache of its own."""

    def __init__(self, scratch: Path, number: int) -> None:
        self.cache = scratch / f"cache-{number}-{time.monotonic_ns()}"
        env = dict(os.environ)
        env.update(
            OFSTED_READER_CACHE=str(self.cache),
            OFSTED_READER_DATA=str(scratch / "data"),
            OFSTED_READER_CONFIG=str(scratch / "config"),
            COLUMNS="100",
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(MEMORY_CAP)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        self.started = time.monotonic()

    def submit(self, commands: list[list[str]]) -> bool:
        """Give the worker an input's commands; False when it has died."""
        try:
            self.proc.stdin.write(json.dumps({"commands": commands}) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        self.started = time.monotonic()
        return True

    def answer(self) -> dict | str:
        """The results of the input given (call when its stdout is readable), or why there are none."""
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            return f"died (exit {code}{', a signal' if code < 0 else ''}: a native crash, or memory past the cap)"
        return json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def commands_for(path: Path, kind: str, rng: random.Random) -> list[list[str]]:
    commands = [["export", "--format", "json", str(path)], ["grades", "--format", "csv", str(path)]]
    roll = rng.random()
    if kind == "pdf" and roll < 0.1:
        commands.append(["export", "--engine", "plumber", "--format", "yaml", str(path)])
    elif roll < 0.2:
        commands.append(["parse", "--jobs", "1", str(path)])
    return commands


def problems_of(result: dict, path: Path) -> list[str]:
    """What is wrong with one command's run (nothing, for a good one)."""
    code, err, argv = result["code"], result["err"], result["argv"]
    where = " ".join(argv[:-1])
    if result["bug"]:
        return [f"{where}: traceback: {result['bug'].strip().splitlines()[-1]}"]
    found = []
    if code not in (0, 2):
        found.append(f"{where}: exit {code}")
    if "Traceback" in err:
        found.append(f"{where}: a traceback on stderr")
    lines = [ln for ln in err.splitlines() if ln.strip() and not re.match(r"\d+ parsed, \d+ already cached", ln)]
    if code == 2 and (len(lines) != 1 or path.name not in lines[0]):
        found.append(f"{where}: exit 2 with {len(lines)} lines on stderr: {err.strip()[:300]!r}")
    if result["document"] is False:
        found.append(f"{where}: the exported JSON is no document of the current schema")
    if result["seconds"] > 90:
        found.append(f"{where}: took {result['seconds']:.0f} s (the parse time limit is 60 s)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run (default 60)")
    parser.add_argument("--long", action="store_true", help="run for ten minutes")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 1)), help="worker processes")
    parser.add_argument("--keep", type=Path, default=None, help="folder for the inputs that found something")
    args = parser.parse_args(argv)
    seconds = 600.0 if args.long else args.seconds
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    print(f"fuzzing for {seconds:.0f} s with {args.jobs} worker(s), seed {seed}", file=sys.stderr)

    scratch = Path(tempfile.mkdtemp(prefix="ofsted-fuzz-"))
    keep = args.keep or scratch / "findings"
    keep.mkdir(parents=True, exist_ok=True)
    seeds = {"pdf": (SAMPLES / "halton-2011.pdf").read_bytes(), "text": (SAMPLES / "halton-2011.txt").read_bytes()}
    seeds["send"] = (SAMPLES / "area-send-northmoor.txt").read_bytes()
    seeds["document"] = _saved_document(scratch)
    mutators = {"pdf": mutate_pdf, "text": mutate_text, "send": mutate_text, "document": mutate_document}
    suffixes = {"pdf": ".pdf", "text": ".txt", "send": ".txt", "document": ".yaml"}

    workers = [Worker(scratch, n) for n in range(args.jobs)]
    pending: dict[int, tuple[Path, str]] = {}
    counts = {"inputs": 0, "pdf": 0, "text": 0, "send": 0, "document": 0, "runs": 0, "exit 0": 0, "exit 2": 0}
    findings: list[str] = []
    deadline = time.monotonic() + seconds
    number = 0

    def finish(slot: int, answer: dict | str) -> None:
        path, kind = pending.pop(slot)
        counts["inputs"] += 1
        counts[kind] += 1
        found: list[str] = []
        if isinstance(answer, str):
            found.append(f"worker {answer}")
            workers[slot].stop()
            workers[slot] = Worker(scratch, slot)
        else:
            for result in answer["results"]:
                counts["runs"] += 1
                counts[f"exit {result['code']}"] = counts.get(f"exit {result['code']}", 0) + 1
                found += problems_of(result, path)
            found += answer["cache"]
        if found:
            kept = keep / path.name
            kept.write_bytes(path.read_bytes())
            for problem in found:
                findings.append(f"{kept}: {problem}")
                print(f"FOUND {kept}: {problem}", file=sys.stderr)
        path.unlink(missing_ok=True)

    try:
        while True:
            for slot, worker in enumerate(workers):
                if slot in pending or time.monotonic() >= deadline:
                    continue
                kind = rng.choice(["pdf", "pdf", "text", "send", "document"])
                number += 1
                path = scratch / f"in-{number}{suffixes[kind]}"
                path.write_bytes(mutators[kind](seeds[kind], rng))
                pending[slot] = (path, kind)
                if not worker.submit(commands_for(path, kind, rng)):
                    finish(slot, f"died (exit {worker.proc.wait()})")
            if not pending:
                break
            streams = {workers[slot].proc.stdout: slot for slot in pending}
            ready, _, _ = select.select(list(streams), [], [], 1.0)
            for stream in ready:
                finish(streams[stream], workers[streams[stream]].answer())
            for slot in list(pending):
                if time.monotonic() - workers[slot].started > INPUT_TIMEOUT:
                    finish(slot, f"hung (no answer in {INPUT_TIMEOUT:.0f} s)")
    finally:
        for worker in workers:
            worker.stop()
        for leftover in scratch.iterdir():  # the workers' caches and inputs; the findings stay
            if leftover != keep:
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        if args.keep is not None or not findings:
            shutil.rmtree(scratch, ignore_errors=True)
    exits = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()) if k.startswith("exit "))
    print(
        f"{counts['inputs']} inputs ({counts['pdf']} PDFs, {counts['text']} text reports, {counts['send']} area SEND texts, {counts['document']} saved documents), "
        f"{counts['runs']} command runs ({exits}); {len(findings)} findings" + (f", kept in {keep}" if findings else "")
    )
    return 1 if findings else 0


def _saved_document(scratch: Path) -> bytes:
    """The sample as a saved document (``export --format yaml``), made with a scratch cache."""
    env = dict(os.environ, OFSTED_READER_CACHE=str(scratch / "seed-cache"))
    result = subprocess.run(
        [sys.executable, "-m", "ofsted_reader", "export", "--format", "yaml", str(SAMPLES / "halton-2011.txt")],
        capture_output=True,
        env=env,
        check=True,
    )
    return result.stdout


if __name__ == "__main__":
    raise SystemExit(main())
