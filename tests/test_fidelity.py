"""The corpus fidelity tool (tools/fidelity.py): its figures on the bundled sample PDF (made by the
project from the seed text), and its smells on reports built to have them."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from ofsted_reader.model import Block, Report, Section, Source

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "fidelity.py"
SAMPLE_PDF = REPO / "sample_reports" / "halton-2011.pdf"


def _tool():
    spec = importlib.util.spec_from_file_location("fidelity", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sample_pdf_keeps_every_word_and_smells_of_nothing(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run([sys.executable, str(TOOL), str(SAMPLE_PDF), "--json", str(out), "-v"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(out.read_text(encoding="utf-8"))
    assert row["family"] == "SLAC"
    assert row["recall"] >= 0.99 and row["precision"] >= 0.99, row
    assert not any(row["smells"].values()), row["smells"]
    assert row["facts"]["max_paragraph"] == 95 and row["facts"]["overall"] == "Good"
    assert "recall median" in done.stdout and "structural smells in total: 0" in done.stdout


def _report(*sections: Section) -> Report:
    return Report(source=Source(name="x.pdf", sha256="0" * 64, kind="pdf"), family="SIF", sections=list(sections))


def test_smells_are_counted_where_they_are() -> None:
    fidelity = _tool()
    empty = Section(id="empty", title="Information about this area")
    numbered = Section(
        id="body",
        title="Findings",
        blocks=[
            Block("paragraph", "A multi- agency panel meets", number=1),
            Block("text", "weekly, and its minutes are kept."),
            Block("paragraph", "Second.", number=2),
            Block("paragraph", "Fourth.", number=4),
            Block("paragraph", "Fourth again.", number=4),
        ],
    )
    board = Section(id="board", title="The board", blocks=[Block("paragraph", "Its own first.", number=1), Block("paragraph", "Its second.", number=2)])
    found = fidelity.smells(_report(empty, numbered, board))
    assert found["empty sections"] == 1
    assert found["split paragraphs"] == 1
    assert found["hyphen splits"] == 1
    assert found["numbering gaps"] == 1  # 2 -> 4; the board's run from 1 again is no gap
    assert found["duplicate numbers"] == 1  # 4 twice; the board's 1 and 2 are a run of their own
    # The same hyphen printed so in a line of the PDF is the report's own typing.
    assert fidelity.smells(_report(numbered), printed="A multi- agency panel meets")["hyphen splits"] == 0
    assert fidelity.smells(_report(numbered), printed="A multi-\nagency panel")["hyphen splits"] == 1


def test_what_the_pdf_prints_itself_is_not_a_smell() -> None:
    """A gap or a repeat in the numbering the PDF prints, and a heading it prints with the next
    heading right under it, are the report's own: counted apart or not at all."""
    fidelity = _tool()
    numbered = Section(id="body", title="Findings", blocks=[Block("paragraph", t, number=n) for n, t in [(1, "One."), (2, "Two."), (4, "Four."), (4, "Four again.")]])
    printed = "1. One.\n2. Two.\n4. Four.\n4. Four again."
    found = fidelity.smells(_report(numbered), printed=printed)
    assert (found["numbering gaps"], found["duplicate numbers"]) == (0, 0)
    found = fidelity.smells(_report(numbered), printed="1. One.\n2. Two.\n3. Three.\n4. Four.")
    assert (found["numbering gaps"], found["duplicate numbers"]) == (1, 1)
    empty = Section(id="area", title="Information about this area")
    after = Section(id="leaders", title="Local leadership", blocks=[Block("text", "The director is new.")])
    found = fidelity.smells(_report(empty, after), printed="Information about this area\nLocal leadership\nThe director is new.")
    assert (found["empty sections"], found["empty as printed"]) == (0, 1)
    found = fidelity.smells(_report(empty, after), printed="Information about this area\nSome text.\nLocal leadership")
    assert (found["empty sections"], found["empty as printed"]) == (1, 0)
