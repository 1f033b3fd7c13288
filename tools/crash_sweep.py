"""Run the whole parser over every file in a folder and report crashes.

    python tools/crash_sweep.py FOLDER... [--engine pdfium|plumber] [--mutate N] [--seed S]

A crash is anything but a Report or the project's InputError.  Each file is
parsed in a child process, so even a crash inside a native library (pdfium) is
caught and counted instead of ending the sweep.  With ``--mutate N`` each file
also yields N damaged copies (byte flips, truncations, dropped objects) with a
fixed seed.  Prints counts: files, parsed, refused (input errors), crashes.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import sys
from ofsted_reader.errors import InputError
from ofsted_reader.ingest import parse_file
try:
    parse_file(sys.argv[1], engine=sys.argv[2])
except InputError as exc:
    print("REFUSED", exc.reason)
    raise SystemExit(0)
print("PARSED")
"""


def mutations(data: bytes, count: int, rng: random.Random) -> list[tuple[str, bytes]]:
    """Damaged copies: flipped bytes, truncations, a dropped ``obj … endobj``."""
    out: list[tuple[str, bytes]] = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            buf = bytearray(data)
            for _ in range(rng.randint(1, 64)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
            out.append((f"flip{i}", bytes(buf)))
        elif kind == 1:
            out.append((f"cut{i}", data[: rng.randrange(1, len(data))]))
        else:
            starts = [m for m in range(len(data)) if data.startswith(b" obj", m)][:2000] if b" obj" in data else []
            if not starts:
                out.append((f"cut{i}", data[: len(data) // 2]))
                continue
            start = data.rfind(b"\n", 0, rng.choice(starts)) + 1
            end = data.find(b"endobj", start)
            end = len(data) if end < 0 else end + len(b"endobj")
            out.append((f"drop{i}", data[:start] + data[end:]))
    return out


def run_one(path: Path, engine: str) -> tuple[str, str]:
    """("parsed"|"refused"|"crash", detail) for one file, parsed in a child process."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), engine], capture_output=True, text=True, timeout=300
        )
    except subprocess.TimeoutExpired:
        return "crash", "timed out after 300 s"
    if result.returncode == 0 and result.stdout.startswith("PARSED"):
        return "parsed", ""
    if result.returncode == 0 and result.stdout.startswith("REFUSED"):
        return "refused", result.stdout[8:].strip()
    tail = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1]
    return "crash", tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--engine", choices=("pdfium", "plumber"), default="pdfium")
    parser.add_argument("--mutate", type=int, default=0, help="damaged copies per file")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    files = sorted(p for folder in args.folders for p in (folder.rglob("*") if folder.is_dir() else [folder]) if p.is_file())
    rng = random.Random(args.seed)
    counts = {"parsed": 0, "refused": 0, "crash": 0}
    crashes: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["OFSTED_READER_CACHE"] = str(Path(scratch) / "cache")
        for path in files:
            cases = [(path.name, path)]
            if args.mutate:
                for label, data in mutations(path.read_bytes(), args.mutate, rng):
                    target = Path(scratch) / f"{path.stem}.{label}{path.suffix}"
                    target.write_bytes(data)
                    cases.append((target.name, target))
            for name, case in cases:
                outcome, detail = run_one(case, args.engine)
                counts[outcome] += 1
                if outcome == "crash":
                    crashes.append(f"{name}: {detail}")
                    print(f"CRASH {name}: {detail}", file=sys.stderr)
                if case != path:
                    case.unlink(missing_ok=True)
    total = sum(counts.values())
    print(f"{total} inputs ({len(files)} files, {total - len(files)} mutations): {counts['parsed']} parsed, "
          f"{counts['refused']} refused as unusable, {counts['crash']} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
