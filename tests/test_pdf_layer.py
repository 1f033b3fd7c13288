"""The PDF layer: extract (two engines, one line builder) → clean → element stream.

Two kinds of tests:

* synthetic PDFs drawn with reportlab in a temp dir (no ../shared needed):
  headers/footers, a numbered paragraph split over a page break, bullets, a
  bold heading, a footnote, a two-column row; and every kind of bad input;
* the real corpus in ../shared/corpus (skipped with a reason when absent):
  both engines agree, furniture is gone, paragraph numbering reaches the
  verified maximum, known footnote markers, tables and page-break joins.
"""

from __future__ import annotations

import functools
import os
import random
import re
from pathlib import Path

import pytest

from ofsted_reader.errors import InputError
from ofsted_reader.ingest.elements import Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest import pdf
from ofsted_reader.ingest.pdf import read_elements, read_lines
from ofsted_reader.ingest.pdf.clean import clean_lines
from ofsted_reader.ingest.pdf.elements import pdf_elements
from ofsted_reader.ingest.pdf.layout import build_lines
from ofsted_reader.source import read

SHARED = Path(__file__).resolve().parents[2] / "shared"


def extract_lines(path: Path, **kwargs) -> LineDoc:
    """A PDF file's lines, as ingest reads them: the file's bytes read once, then read from those."""
    return read_lines(read(path).data, str(path), **kwargs)


def load_pdf_elements(path: Path, **kwargs):
    return read_elements(read(path).data, str(path), **kwargs)
CORPUS = SHARED / "corpus"
BULLETS = re.compile("[\uf06e\uf0a7\uf0b7\uf02d\u25fc\u2022]")

reportlab = pytest.importorskip("reportlab", reason="reportlab (dev extra) draws the synthetic PDFs")


# --------------------------------------------------------------------------- synthetic PDFs

BODY = [
    "The inspection looked at how well the council helps children who need",
    "help and protection, and at the difference its services make for them.",
]
LONG = [
    "Inspectors read the records of many children and spoke to social workers,",
    "managers and partners about the help that families receive. Plans are",
    "mostly clear, but some children wait too long for the help that they need",
    "and a few plans do not say who will do what by when. Leaders know this",
    "and have started to put it right across every team in the service.",
]


def _header_footer(c, page: int) -> None:
    c.setFont("Helvetica-Bold", 8)
    c.drawString(72, 800, f"Northshire County Council Inspection of children's services {page}")
    c.setFont("Helvetica", 10)
    c.drawString(290, 40, str(page))


def _numbered(c, y: float, number: int, lines: list[str], *, start: int = 0, with_number: bool = True) -> float:
    c.setFont("Helvetica", 12)
    for k, text in enumerate(lines[start:]):
        if k == 0 and with_number:
            c.drawString(72, y, f"{number}.")
        c.drawString(100, y, text)
        y -= 14.5
    return y - 12


def make_report(path: Path) -> Path:
    """A three-page report-shaped PDF with every signal the element layer reads."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    # page 1: cover
    c.setFont("Helvetica", 26)
    c.drawString(72, 700, "Northshire County Council")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 660, "Inspection of children's services in the")
    c.drawString(72, 643, "Local Safeguarding Children Board")
    c.setFont("Helvetica-Bold", 7)
    c.drawString(72 + c.stringWidth("Local Safeguarding Children Board", "Helvetica-Bold", 14) + 1, 649, "1")
    c.setFont("Helvetica", 12)
    c.drawString(72, 560, "Judgement")
    c.drawString(380, 560, "Grade")
    c.drawString(72, 533, "The impact of leaders on social work practice")
    c.drawString(380, 526, "Good")
    c.drawString(72, 519, "with children and families")
    c.drawString(72, 490, "Overall effectiveness")
    c.drawString(380, 490, "Requires improvement")
    c.setFont("Helvetica", 9)
    c.drawString(72, 90, "1 This report is drawn for the tests; it is not a real report.")
    c.showPage()
    # page 2: heading, paragraph 1, bullets, paragraph 2 cut by the page break
    _header_footer(c, 2)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 740, "About this inspection")
    y = _numbered(c, 705, 1, BODY)
    c.setFont("Helvetica", 12)
    for text, x, glyph in (
        ("discussions with children and their families", 100, "\u2022"),
        ("case files of children who need help", 100, "\u2022"),
        ("in primary schools", 130, "\u2013"),
    ):
        c.drawString(x, y, glyph)
        c.drawString(x + 15, y, text)
        y -= 20
    y -= 10
    y = 150 + 14.5 * 2
    _numbered(c, y, 2, LONG[:3])
    c.showPage()
    # page 3: the rest of paragraph 2, then paragraph 3
    _header_footer(c, 3)
    y = _numbered(c, 760, 2, LONG, start=3, with_number=False)
    _numbered(c, y, 3, ["Leaders have a clear plan for the next year."])
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    return make_report(tmp_path_factory.mktemp("pdf") / "northshire.pdf")


def _plain_pdf(path: Path, draw, **kwargs) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return path


def _hello(c) -> None:
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Hello, this is a small report with a text layer.")


def test_synthetic_elements(report_pdf: Path) -> None:
    doc, elements = load_pdf_elements(report_pdf)
    texts = [e.text for e in elements]
    # running header and page-number footer are gone
    assert not any("Inspection of children's services" in t and re.search(r"\d$", t) for t in texts), texts
    assert not any(t.strip().isdigit() for t in texts)
    # cover: the title heading keeps its footnote marker raised; the footnote, taken off the page
    # foot, goes to the first element after the heading (a title carries no notes)
    at = next(i for i, e in enumerate(elements) if isinstance(e, Heading) and e.text == "Inspection of children's services in the Local Safeguarding Children Board¹")
    assert [(n.mark, n.text[:22]) for n in doc.notes] == [("1", "This report is drawn f")]
    assert elements[at + 1].notes == [("1", doc.notes[0].text)]
    # the judgement table, with the grade printed level with the middle of a wrapped name
    rows = [e.cells for e in elements if isinstance(e, Row)]
    assert ["The impact of leaders on social work practice with children and families", "Good"] in rows
    assert ["Overall effectiveness", "Requires improvement"] in rows
    # heading, paragraphs, items
    heading = next(e for e in elements if isinstance(e, Heading) and e.text == "About this inspection")
    assert heading.bold and heading.page == 2
    paras = {e.number: e for e in elements if isinstance(e, Para)}
    assert sorted(paras) == [1, 2, 3]
    assert paras[1].text == " ".join(BODY)
    assert paras[2].text == " ".join(LONG), "a paragraph cut by a page break is one paragraph again"
    assert paras[2].page == 2 and paras[3].page == 3
    items = [e for e in elements if isinstance(e, Item)]
    assert [(i.level, i.glyph, i.text) for i in items] == [
        (1, "\u2022", "discussions with children and their families"),
        (1, "\u2022", "case files of children who need help"),
        (2, "\u2013", "in primary schools"),
    ]
    for e in elements:
        assert e.page >= 1 and e.top > 0 and e.x0 > 0
        assert doc.lines[e.lineno].page == e.page
        if isinstance(e, Para):
            assert not BULLETS.search(e.text)


def test_synthetic_engines_agree(report_pdf: Path) -> None:
    a = extract_lines(report_pdf, engine="pdfium")
    b = extract_lines(report_pdf, engine="plumber")
    assert_same_linedoc(a, b)


def test_progress_is_called_per_page(report_pdf: Path) -> None:
    calls: list[tuple[int, int]] = []
    extract_lines(report_pdf, progress=lambda i, n: calls.append((i, n)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_lines_carry_signals(report_pdf: Path) -> None:
    doc = extract_lines(report_pdf)
    assert doc.kind == "pdf" and len(doc.pages) == 3
    assert doc.pages[0].width == pytest.approx(595.3, abs=0.1)
    heading = next(ln for ln in doc.lines if ln.text == "About this inspection")
    assert heading.bold and heading.size == 16.0 and heading.page == 2 and heading.x0 == 72.0
    row = next(ln for ln in doc.lines if ln.text.startswith("Overall effectiveness"))
    assert row.text == "Overall effectiveness\tRequires improvement"
    assert [s.sep for s in row.spans] == ["", "\t"] and row.spans[1].x0 == 380.0
    title = next(ln for ln in doc.lines if ln.text.startswith("Local Safeguarding"))
    assert title.spans[-1].sup and title.spans[-1].text == "1"
    assert [ln.lineno for ln in doc.lines] == list(range(len(doc.lines)))


# --------------------------------------------------------------------------- the shared line builder


def _chars(text: str, x: float, base: float, size: float = 12.0, font: str = "Tahoma", bold: bool = False, adv: float = 6.0):
    out = []
    for ch in text:
        out.append((ch, x, x + adv, base - size, base, size, font, bold))
        x += adv
    return out


def test_build_lines_spaces_columns_and_scripts() -> None:
    chars = _chars("Good", 300, 100)  # second column, far right
    chars += _chars("Overall", 72, 100.3)  # a hair off the baseline: same line
    chars += _chars("effectiveness", 72 + 7 * 6 + 3.4, 100)  # a word gap (~0.28 em)
    chars += _chars("2", 195.4, 96, size=7, adv=3.9)  # raised, small, glued to the word: superscript
    chars += [(" ", 160, 163, 88, 100, 12, "Tahoma", False)]  # real spaces are ignored
    chars += _chars("Next line", 72, 115)
    lines = build_lines(chars, page=1)
    assert [ln.text for ln in lines] == ["Overall effectiveness2\tGood", "Next line"]
    first = lines[0]
    assert [s.text for s in first.spans] == ["Overall effectiveness", "2", "Good"]
    assert [s.sup for s in first.spans] == [False, True, False]
    assert first.spans[2].sep == "\t" and first.bottom == 100.0 and first.size == 12.0


def test_build_lines_bullet_label_and_duplicates() -> None:
    chars = _chars("\uf06e", 72, 100, font="Wingdings") + _chars("Text", 90, 100)
    chars += _chars("12.", 72, 130) + _chars("Numbered", 100, 130)  # a tab-sized gap after a label
    chars += _chars("Bold", 72, 160, bold=True) + _chars("Bold", 72.2, 160, bold=True)  # drawn twice
    lines = build_lines(chars, page=3)
    assert [ln.text for ln in lines] == ["\uf06e Text", "12. Numbered", "Bold"]
    assert lines[1].spans[1].x0 == 100.0, "the hanging indent survives as a span start"
    assert lines[2].bold and all(ln.page == 3 for ln in lines)


from hypothesis import given, settings
from hypothesis import strategies as st

WORD = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x24F), min_size=1, max_size=9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(WORD, min_size=1, max_size=8), min_size=1, max_size=12), st.sampled_from([9.0, 10.0, 12.0, 14.0]))
def test_build_lines_keeps_every_word_in_order(rows: list[list[str]], size: float) -> None:
    """Words laid out left to right on separate baselines come back as the same lines, one space apart."""
    chars = []
    for k, words in enumerate(rows):
        base, x = 100.0 + k * size * 1.5, 72.0
        for word in words:
            chars += _chars(word, x, base, size=size, adv=size * 0.5)
            x += len(word) * size * 0.5 + size * 0.3
    random.Random(len(chars)).shuffle(chars)  # engines do not promise any order
    lines = build_lines(chars, page=1)
    assert [ln.text for ln in lines] == [" ".join(words) for words in rows]
    assert all(ln.size == size and not ln.bold for ln in lines)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_encrypted_pdf(tmp_path: Path, engine: str) -> None:
    pdf = _plain_pdf(tmp_path / "locked.pdf", _hello, encrypt="pw")
    with pytest.raises(InputError, match="encrypted"):
        extract_lines(pdf, engine=engine)


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_owner_password_only_pdf_opens(tmp_path: Path, engine: str) -> None:
    """Encrypted with an empty user password (printing/copying restricted): readable, not an error."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    pdf = _plain_pdf(tmp_path / "restricted.pdf", _hello, encrypt=enc)
    doc = extract_lines(pdf, engine=engine)
    assert [ln.text for ln in doc.lines] == ["Hello, this is a small report with a text layer."]


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_truncated_pdf(tmp_path: Path, report_pdf: Path, engine: str) -> None:
    data = report_pdf.read_bytes()
    for cut in (len(data) // 2, len(data) - 40, 600):
        half = tmp_path / f"cut{cut}.pdf"
        half.write_bytes(data[:cut])
        with pytest.raises(InputError, match="truncated|damaged"):
            extract_lines(half, engine=engine)


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_broken_pdf_with_markers(tmp_path: Path, engine: str) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n" + os.urandom(2000) + b"\n%%EOF\n")
    with pytest.raises(InputError):
        extract_lines(bad, engine=engine)


def test_random_bytes_empty_missing_folder(tmp_path: Path) -> None:
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(random.Random(7).randbytes(40_000))
    with pytest.raises(InputError, match="not a PDF"):
        extract_lines(noise)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        extract_lines(empty)
    with pytest.raises(InputError, match="no such file"):
        extract_lines(tmp_path / "missing.pdf")
    with pytest.raises(InputError, match="folder"):
        extract_lines(tmp_path)


def test_html_named_pdf(tmp_path: Path) -> None:
    page = tmp_path / "report.pdf"
    page.write_text("<!DOCTYPE html>\n<html><head><title>Report not found</title></head></html>\n")
    with pytest.raises(InputError, match=r"not a PDF \(it is an HTML page\)"):
        extract_lines(page)


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_image_only_pdf(tmp_path: Path, engine: str) -> None:
    def draw(c) -> None:
        c.setFillColorRGB(0.2, 0.3, 0.8)
        c.rect(100, 100, 300, 400, fill=1)

    pdf = _plain_pdf(tmp_path / "scan.pdf", draw)
    with pytest.raises(InputError, match="no text layer"):
        extract_lines(pdf, engine=engine)


@pytest.mark.parametrize("engine", ["pdfium", "plumber"])
def test_mangled_pdfs_raise_only_input_error(tmp_path: Path, report_pdf: Path, engine: str) -> None:
    data = bytearray(report_pdf.read_bytes())
    rng = random.Random(2024)
    for k in range(12):
        mangled = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            pos = rng.randrange(200, len(mangled) - 200)
            mangled[pos] = rng.randrange(256)
        path = tmp_path / f"mangled{k}.pdf"
        path.write_bytes(bytes(mangled))
        try:
            doc = extract_lines(path, engine=engine)
        except InputError:
            continue
        assert isinstance(doc, LineDoc)
        pdf_elements(clean_lines(doc))


def test_unknown_engine(report_pdf: Path) -> None:
    with pytest.raises(ValueError):
        extract_lines(report_pdf, engine="ocr")


def test_rotated_page_engines_agree(tmp_path: Path) -> None:
    """A page turned by /Rotate: its text reads sideways on screen and is read that way round."""

    def draw(c) -> None:
        c.setPageRotation(90)
        c.setFont("Helvetica", 12)
        c.drawString(72, 300, "Hello, this is a small report on a turned page.")

    pdf = _plain_pdf(tmp_path / "rotated.pdf", draw)
    a = extract_lines(pdf, engine="pdfium")
    assert_same_linedoc(a, extract_lines(pdf, engine="plumber"))
    (line,) = a.lines
    assert line.text == "Hello, this is a small report on a turned page."
    assert 0 < line.top < line.bottom < a.pages[0].height and 0 < line.x0 < line.x1 < a.pages[0].width


# --------------------------------------------------------------------------- helpers


def assert_same_linedoc(a: LineDoc, b: LineDoc, tol: float = 0.1001) -> None:
    """Same pages, same lines and spans (text, grouping, fonts); geometry equal within one 0.1 pt rounding step."""
    assert [(p.number, p.width, p.height) for p in a.pages] == [(p.number, p.width, p.height) for p in b.pages]
    assert [ln.text for ln in a.lines] == [ln.text for ln in b.lines]
    for x, y in zip(a.lines, b.lines):
        where = f"page {x.page}: {x.text[:60]!r}"
        assert (x.page, x.bold, x.font, x.size) == (y.page, y.bold, y.font, y.size), where
        for f in ("x0", "x1", "top", "bottom"):
            assert abs(getattr(x, f) - getattr(y, f)) <= tol, (where, f, getattr(x, f), getattr(y, f))
        assert [(s.text, s.sep, s.sup, s.bold, s.font, s.size) for s in x.spans] == [
            (s.text, s.sep, s.sup, s.bold, s.font, s.size) for s in y.spans
        ], where
        for s, t in zip(x.spans, y.spans):
            assert abs(s.x0 - t.x0) <= tol and abs(s.x1 - t.x1) <= tol, (where, s, t)


# --------------------------------------------------------------------------- the real corpus


def corpus_pdfs() -> list[str]:
    folder = CORPUS / "pdf"
    if not folder.is_dir():
        return ["(corpus absent)"]
    return sorted(p.stem for p in folder.glob("*.pdf") if not p.stem.startswith("not-pdf"))


def corpus_path(stem: str) -> Path:
    path = CORPUS / "pdf" / f"{stem}.pdf"
    if not path.exists():
        pytest.skip(f"{CORPUS} is absent (the real-report corpus lives in ../shared, only in CI and dev checkouts)")
    return path


@functools.lru_cache(maxsize=None)
def corpus_elements(stem: str):
    return load_pdf_elements(corpus_path(stem))


def truth(stem: str) -> dict:
    import yaml

    return yaml.safe_load((CORPUS / "truth" / f"{stem}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", corpus_pdfs())
def test_corpus_engines_agree(stem: str) -> None:
    path = corpus_path(stem)
    assert_same_linedoc(extract_lines(path, engine="pdfium"), extract_lines(path, engine="plumber"))


def test_corpus_html_page_is_not_a_pdf() -> None:
    path = CORPUS / "pdf" / "not-pdf-2012-10-19-birmingham.pdf"
    if not path.exists():
        pytest.skip(f"{CORPUS} is absent (the real-report corpus lives in ../shared)")
    for engine in ("pdfium", "plumber"):
        with pytest.raises(InputError, match=r"not a PDF \(it is an HTML page\)"):
            extract_lines(path, engine=engine)


@pytest.mark.parametrize("stem", corpus_pdfs())
def test_corpus_paragraph_numbering(stem: str) -> None:
    _, elements = corpus_elements(stem)
    numbers = [e.number for e in elements if isinstance(e, Para)]
    assert max(numbers) == truth(stem)["max_paragraph"]
    # numbering runs 1..N with no gaps or repeats (SIF numbering runs on through the LSCB part)
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("stem", corpus_pdfs())
def test_corpus_furniture_is_gone(stem: str) -> None:
    doc, elements = corpus_elements(stem)
    for e in elements:
        texts = e.cells if isinstance(e, Row) else [e.text]
        for t in texts:
            assert not re.search(r"Inspection of .* services\s+\d+$", t), (e.page, t)
            assert not re.fullmatch(r"\s*\d+\s*", t) or isinstance(e, Row), (e.page, t)
            assert "Crown copyright" not in t, (e.page, t)
            assert "This document may be reproduced" not in t, (e.page, t)
        if isinstance(e, (Para, Item, Prose, Heading)):
            assert "\t" not in e.text
            assert not re.search(r"\s{2,}", e.text), (e.page, e.text[:80])
        if isinstance(e, Para):
            assert not BULLETS.search(e.text), (e.number, e.text[:80])
    # the cover's own content stays
    assert any(e.page == 1 for e in elements)
    pages = {ln.page for ln in doc.lines}
    assert 1 in pages


def _element_with(stem: str, needle: str, kind=object):
    _, elements = corpus_elements(stem)
    found = [e for e in elements if isinstance(e, kind) and needle in e.text]
    assert found, f"{needle!r} not found in {stem}"
    return found[0]


def test_corpus_footnote_markers_raised() -> None:
    """Footnote markers stay in the text as superscripts glued to their word, never as plain digits."""
    corpus_path("sif-2015-09-18-peterborough")
    cover = _element_with("sif-2015-09-18-peterborough", "Review of the effectiveness of the Local Safeguarding", Heading)
    assert cover.text.endswith("Children Board¹")
    erle = _element_with("sif-2015-09-18-peterborough", "Operation Erle", Para)
    assert "Erle⁴ means" in erle.text and erle.notes[0][0] == "4" and "prosecutions" in erle.notes[0][1]
    essex = _element_with("sif-2014-03-21-essex", "pupil premium", Para)
    assert "pupil premium³ funding" in essex.text and "premium3" not in essex.text
    assert [mark for mark, _ in essex.notes] == ["3"]
    surrey = _element_with("lscb-2015-08-03-surrey", "residential special schools", Item).text
    assert "schools,² of whom 90%" in surrey
    heading = _element_with("ilacs-2026-2026-06-17-somerset", "What needs to improve", Heading)
    assert heading.text == "What needs to improve?¹"
    doc, _ = corpus_elements("ilacs-2026-2026-06-17-somerset")
    assert doc.notes and doc.notes[0].mark == "1" and doc.notes[0].text.startswith("The areas for improvement have been cross-referenced")


def test_corpus_tables() -> None:
    corpus_path("ilacs-2018-11-12-hounslow")
    _, hounslow = corpus_elements("ilacs-2018-11-12-hounslow")
    rows = [e.cells for e in hounslow if isinstance(e, Row) and e.page == 1]
    assert rows == [
        ["Judgement", "Grade"],
        ["The impact of leaders on social work practice with children and families", "Good"],
        ["The experiences and progress of children who need help and protection", "Requires improvement"],
        ["The experiences and progress of children in care and care leavers", "Good"],
        ["Overall effectiveness", "Good"],
    ]
    _, southampton = corpus_elements("ilacs-2020-01-09-southampton")
    rows = [e.cells for e in southampton if isinstance(e, Row) and e.page == 1]
    assert rows[-1] == ["Overall effectiveness", "Requires improvement to be good"], "grade printed above and below a one-line name"
    assert len(rows) == 5
    _, southend = corpus_elements("sif-2016-07-07-southend-on-sea")
    cover = [e.cells for e in southend if isinstance(e, Row) and e.page == 1]
    assert cover[1] == ["2. Children looked after and achieving permanence", "Requires improvement"]
    assert len(cover) == 5
    box = [e.cells for e in southend if isinstance(e, Row) and e.page == 9]
    assert box == [["The experiences and progress of children who need help and protection", "Requires improvement"]]
    _, norfolk = corpus_elements("slac-2013-08-16-norfolk")
    scale = [e.cells for e in norfolk if isinstance(e, Row) and e.page == 4]
    assert scale[0] == ["Outstanding (Grade 1)", "A service that significantly exceeds minimum requirements"]
    record = [e.cells for e in norfolk if isinstance(e, Row) and e.page == 23]
    assert ["Outcomes for looked after children and young people", "Inadequate"] in record


def test_corpus_page_break_joins() -> None:
    corpus_path("sif-2015-09-18-peterborough")
    prose = _element_with("sif-2015-09-18-peterborough", "remain in neglectful situations", Prose)
    assert "for longer than they should. Once children are identified" in prose.text
    p11 = _element_with("slac-2013-08-16-norfolk", "does not have a track record", Para)
    assert p11.number == 11 and "The early help offer is as yet unclear." in p11.text
    item = _element_with("slac-2013-08-16-norfolk", "ensure that social workers always provide a written report", Item)
    assert item.page == 8 and item.text.rstrip().endswith((".", ";")) or "review" in item.text


# --------------------------------------------------------------------------- two processes per PDF

LONG_PDF = Path(__file__).resolve().parents[1] / "sample_reports" / "halton-2011.pdf"  # 23 pages
pids: list[int] = []


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Page ranges handed to a helper process, as they are submitted (their pids in ``pids``)."""
    from ofsted_reader.pool import Pool

    pids.clear()
    started: list[tuple[int, int]] = []

    class Counted(Pool):
        def submit(self, job) -> None:
            started.append(tuple(job[2:]))
            super().submit(job)
            pids.extend(w.pid for w in self._workers)

    monkeypatch.setattr(pdf, "Pool", Counted)
    return started


def test_a_long_pdf_read_by_two_processes_gives_the_same_lines(helpers) -> None:
    one = extract_lines(LONG_PDF, page_processes=1)
    assert helpers == []
    calls: list[tuple[int, int]] = []
    two = extract_lines(LONG_PDF, page_processes=2, progress=lambda i, n: calls.append((i, n)))
    assert helpers == [(11, 23)]
    assert two == one
    assert calls == [(i, 23) for i in range(1, 24)]


def test_a_short_pdf_or_a_threaded_process_reads_in_one(helpers, report_pdf: Path) -> None:
    import threading

    extract_lines(report_pdf)  # 3 pages
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pdf.page_processes(23) == 1  # forking beside another thread is not safe
        extract_lines(LONG_PDF)
    finally:
        stop.set()
        thread.join()
    assert helpers == []


def test_a_helper_that_dies_has_its_pages_read_here(helpers, monkeypatch: pytest.MonkeyPatch) -> None:
    one = extract_lines(LONG_PDF, page_processes=1)
    parent, real = os.getpid(), pdf.read_pages
    monkeypatch.setattr(pdf, "read_pages", lambda job: os._exit(3) if os.getpid() != parent else real(job))
    assert extract_lines(LONG_PDF, page_processes=2) == one
    assert helpers == [(11, 23)]


def test_an_unreadable_page_in_the_helpers_half_is_the_same_input_error(helpers, monkeypatch: pytest.MonkeyPatch) -> None:
    from ofsted_reader.ingest.pdf import pdfium

    real = pdfium.pages

    def damaged_at_20(data: bytes, name: str, first: int = 0, last: int | None = None):
        for info, count, chars in real(data, name, first, last):
            if info.number == 20:
                raise InputError(name, "damaged PDF (page 20 cannot be read)")
            yield info, count, chars

    monkeypatch.setattr(pdfium, "pages", damaged_at_20)
    for processes in (1, 2):
        with pytest.raises(InputError, match="page 20 cannot be read"):
            extract_lines(LONG_PDF, page_processes=processes)
    assert helpers == [(11, 23)]


def test_a_parse_stopped_early_leaves_no_helper_behind(helpers) -> None:
    def stop(page: int, pages: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        extract_lines(LONG_PDF, page_processes=2, progress=stop)
    assert helpers == [(11, 23)] and pids[0]
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # killed and reaped, not left running or a zombie


def test_no_process_to_be_had_means_every_page_is_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    one = extract_lines(LONG_PDF, page_processes=1)
    fds = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", lambda: (_ for _ in ()).throw(OSError(errno.EAGAIN, "Resource temporarily unavailable")))
    assert extract_lines(LONG_PDF, page_processes=2) == one
    assert len(os.listdir("/proc/self/fd")) == fds  # the pipe made for the helper is closed


def test_a_bold_word_ending_an_item_is_the_items_and_the_heading_after_it_a_heading(tmp_path: Path) -> None:
    """"… The local authority was judged / **good.**": the bold last line goes on the bullet it ends
    (it starts in lower case, the bullet's sentence is open); the bold line after it, at the page's
    left edge, is still the next heading."""

    def draw(c) -> None:
        y = 760
        for n in range(8):
            c.setFont("Helvetica", 11)
            c.drawString(72, y, f"Body text line {n} sets the size of ordinary text in this report.")
            y -= 16
        c.setFont("Helvetica-Bold", 12)
        c.drawString(72, y - 10, "Previous Ofsted inspections")
        y -= 40
        c.setFont("Helvetica", 11)
        c.drawString(72, y, "•")
        c.drawString(90, y, "The previous inspection was published in 2011. The authority was judged")
        y -= 14
        c.setFont("Helvetica-Bold", 11)
        c.drawString(90, y, "good.")
        y -= 30
        c.setFont("Helvetica-Bold", 12)
        c.drawString(72, y, "Local leadership")
        y -= 24
        c.setFont("Helvetica", 11)
        c.drawString(72, y, "•")
        c.drawString(90, y, "The director has been in post since April 2013.")

    _doc, elements = load_pdf_elements(_plain_pdf(tmp_path / "bold-end.pdf", draw))
    shown = [(type(e).__name__, e.text) for e in elements if not e.text.startswith("Body text")]
    assert shown == [
        ("Heading", "Previous Ofsted inspections"),
        ("Item", "The previous inspection was published in 2011. The authority was judged good."),
        ("Heading", "Local leadership"),
        ("Item", "The director has been in post since April 2013."),
    ], shown


def test_a_justified_line_with_wide_even_gaps_is_a_sentence_not_a_table_row(tmp_path: Path) -> None:
    """Blackpool 2014: "11. Embed   the   Getting   it   Right   framework…" set justified, every
    gap wider than a column gap; it is paragraph 11, not a row of one-word cells.  A real table row
    (capitalised cells spaced by their widths) stays a row."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def draw(c) -> None:
        y = 760
        for n in range(8):
            c.setFont("Helvetica", 11)
            c.drawString(72, y, f"{n + 1}. Body text line {n} sets the size of ordinary text in this report.")
            y -= 30
        x = 72
        for word in "9. Embed the Getting it Right framework to ensure that partners".split():
            c.drawString(x, y, word)
            x += stringWidth(word, "Helvetica", 11) + 11  # a 1-em gap after every word
        c.drawString(90, y - 14, "understand their responsibilities in respect of early help.")
        y -= 30
        x = 72
        for word in "10. The Blackpool Education Registers Attendance (BERA) panel effectively".split():
            c.drawString(x, y, word)
            x += stringWidth(word, "Helvetica", 11) + 11
        c.drawString(90, y - 14, "monitors children who are not in education.")
        y -= 50
        for x, cell in [(72, "Judgement"), (200, "Grade"), (330, "Published")]:
            c.drawString(x, y, cell)
        for x, cell in [(72, "Overall effectiveness"), (200, "Good"), (330, "March 2014")]:
            c.drawString(x, y - 16, cell)

    _doc, elements = load_pdf_elements(_plain_pdf(tmp_path / "justified.pdf", draw))
    para = next(e for e in elements if getattr(e, "number", None) == 9)
    assert para.text == "Embed the Getting it Right framework to ensure that partners understand their responsibilities in respect of early help."
    para = next(e for e in elements if getattr(e, "number", None) == 10)
    assert para.text == "The Blackpool Education Registers Attendance (BERA) panel effectively monitors children who are not in education."
    rows = [e.cells for e in elements if isinstance(e, Row)]
    assert rows == [["Judgement", "Grade", "Published"], ["Overall effectiveness", "Good", "March 2014"]], rows


def test_a_number_that_goes_on_an_open_sentence_is_not_a_paragraph(tmp_path: Path) -> None:
    """Lancashire 2018: a bullet's sentence "… after they reach" wraps to "16. More children…" at
    the bullet's text indent; 16 is not the next paragraph number (4), so it is the bullet's text."""

    def draw(c) -> None:
        c.setFont("Helvetica", 11)
        y = 760
        for n in range(1, 4):
            c.drawString(88, y, f"{n}.")  # numbers a little left of the bullets' text
            c.drawString(110, y, f"Paragraph {n} of the report sets the numbering and the indents here.")
            y -= 30
        c.drawString(72, y, "•")
        c.drawString(90, y, "Young people are getting better help, both at school and after they reach")
        c.drawString(90, y - 14, "16. More children in primary schools are doing well.")
        c.drawString(88, y - 40, "4.")
        c.drawString(110, y - 40, "Paragraph 4 follows the list.")

    _doc, elements = load_pdf_elements(_plain_pdf(tmp_path / "open-number.pdf", draw))
    assert [e.number for e in elements if isinstance(e, Para)] == [1, 2, 3, 4]
    item = next(e for e in elements if isinstance(e, Item))
    assert item.text.endswith("after they reach 16. More children in primary schools are doing well.")


def test_sub_items_printed_without_a_glyph_in_the_text_layer(tmp_path: Path) -> None:
    """North Tyneside 2017: "• … free school meals:" then "in primary schools is 16%…", "in secondary
    schools…", indented past the bullet's text and a paragraph's spacing apart, their glyphs drawn
    as pictures: sub-items of the bullet (one wrapping onto a second line at its indent)."""

    def draw(c) -> None:
        c.setFont("Helvetica", 11)
        y = 760
        for n in range(6):
            c.drawString(72, y, f"Body text line {n} sets the size of ordinary text in this report.")
            y -= 14
        y -= 10
        c.drawString(72, y, "•")
        c.drawString(90, y, "The proportion of children entitled to free school meals:")
        for line, step in [("in primary schools is 16% (the national average is 17%), and it", 20), ("has risen since 2015", 14), ("in secondary schools is 12% (the national average is 15%).", 20)]:
            y -= step
            c.drawString(116, y, line)
        y -= 22
        c.drawString(72, y, "•")
        c.drawString(90, y, "Children from minority ethnic groups account for 5% of children.")

    _doc, elements = load_pdf_elements(_plain_pdf(tmp_path / "glyphless.pdf", draw))
    items = [(e.level, e.text) for e in elements if isinstance(e, Item)]
    assert items == [
        (1, "The proportion of children entitled to free school meals:"),
        (2, "in primary schools is 16% (the national average is 17%), and it has risen since 2015"),
        (2, "in secondary schools is 12% (the national average is 15%)."),
        (1, "Children from minority ethnic groups account for 5% of children."),
    ], items


def test_dashes_opening_lines_one_after_another_are_list_items(tmp_path: Path) -> None:
    """Redbridge 2016: "– Of this number, 161…", "– 22 live in residential…" (wrapping to "authority
    area" at the text's indent), a dash and a plain space each: list items.  One line that opens
    with a dash in running text is a sentence broken at its dash."""

    from reportlab.pdfbase.pdfmetrics import stringWidth

    def dashed(c, x: float, y: float, text: str) -> None:
        c.drawString(x, y, "–")  # then the text after a plain space's width: one span, as Redbridge prints it
        c.drawString(x + stringWidth("–", "Helvetica", 11) + 1.5, y, text)

    def draw(c) -> None:
        c.setFont("Helvetica", 11)
        y = 760
        for n in range(6):
            c.drawString(72, y, f"Body text line {n} sets the size of ordinary text in this report, and")
            y -= 14
        dashed(c, 72, y, "a dash that opens a line of running text goes on with its sentence.")
        y -= 24
        for line, x, step in [
            ("– Of this number, 161 (or 69%) live outside the local authority area", 100, 20),
            ("– 22 live in residential children’s homes, of whom 82% live outside the", 100, 14),
            ("authority area", 110, 20),
            ("– 198 live with foster families.", 100, 20),
        ]:
            if line.startswith("– "):
                dashed(c, x, y, line[2:])
            else:
                c.drawString(x, y, line)
            y -= step

    _doc, elements = load_pdf_elements(_plain_pdf(tmp_path / "dashes.pdf", draw))
    items = [e.text for e in elements if isinstance(e, Item)]
    assert items == [
        "Of this number, 161 (or 69%) live outside the local authority area",
        "22 live in residential children’s homes, of whom 82% live outside the authority area",
        "198 live with foster families.",
    ], items
    assert any(e.text.endswith("in this report, and – a dash that opens a line of running text goes on with its sentence.") for e in elements)
