"""A whole corpus parsed cold with ``--jobs 2``, against pypdfium2's plain text of the same files
in two processes, measured in the same run: the time and the ratio are the figures.

The public corpus (497 PDFs, 157 MB) is not in the repository: fetch the repository
JT-39/ofsted-ilacs-scrape-tool and unpack ``export_data/inspection_reports/`` somewhere,
then give that folder.  Without a folder this measures the dev corpus (../shared), and
without that it is skipped.  Target (issue 13): the public corpus in ≤ 60 s on a 2-core
machine; the baseline says how fast the machine was in this run (it runs at two speeds,
see bench_reader.py).

    python benchmarks/bench_corpus.py [FOLDER]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CORPUS, PY, print_rows, private_env, row, run  # noqa: E402

PLAIN_TEXT = r'''
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import pypdfium2

def text(path):
    try:
        doc = pypdfium2.PdfDocument(path)
    except Exception:
        return 0
    n = 0
    for page in doc:
        n += len(page.get_textpage().get_text_bounded())
    return n

if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.pdf"))
    with ProcessPoolExecutor(2) as pool:
        print(sum(pool.map(text, files, chunksize=4)))
'''


def measure(folder: Path | None = None) -> list[dict[str, str]]:
    folder = folder or CORPUS
    if not folder.is_dir():
        return [row("corpus parse", "skipped (no corpus)", "", "", "", None)]
    files = len(list(folder.rglob("*.pdf")))
    script = Path(private_env()["OFSTED_READER_CACHE"]).parent / "plain_text.py"
    script.write_text(PLAIN_TEXT)
    plain = run([PY, str(script), str(folder)])
    env = private_env()
    shutil.rmtree(env["OFSTED_READER_CACHE"], ignore_errors=True)
    parsed = run([PY, "-m", "ofsted_reader", "parse", str(folder), "--jobs", "2"], env=env)
    if parsed.returncode not in (0, 2):  # 2: some files are refused (HTML pages saved as .pdf)
        raise RuntimeError(f"parse failed with exit code {parsed.returncode}")
    public = files > 400
    return [
        row(
            f"parse {files} PDFs cold, --jobs 2 ({folder.name})",
            f"{parsed.seconds:.1f} s",
            f"pypdfium2 plain text, 2 processes {plain.seconds:.1f} s",
            f"{parsed.seconds / plain.seconds:.1f}× the plain text",
            "≤ 60 s (public corpus)" if public else "",
            parsed.seconds <= 60 if public else None,
        )
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    args = parser.parse_args()
    print_rows(measure(args.folder))
