"""The report model: plain dataclasses and their dictionary form (schema 2).

This is the contract between the ingest layer (which builds a :class:`Report`),
the cache and exports (which store ``Report.to_dict()``) and the reader (which
only reads a Report).  It imports nothing from Textual or Rich.

``to_dict``/``from_dict`` follow the cached-document schema in DESIGN.md.  A few
fields are additions beside that schema, never changes to it: ``metadata.age_group``,
``contents`` (the printed contents list), ``recommendations[].group``,
``recommendations[].number`` and ``recommendations[].partner``, the area SEND
metadata (``local_area``, ``previous_inspection``, ``cqc_lead_inspector``, ``next_inspection``),
and the council's place in the register (``metadata.council_id``, ``la_code``, ``gss_code``:
see :mod:`ofsted_reader.register`; a document saved without them gets them as it is read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import Any, Iterator

from ofsted_reader.councils import council_short
from ofsted_reader.dates import first_day
from ofsted_reader.footmarks import raised
from ofsted_reader.register import Council, resolve
from ofsted_reader.register import get as get_council

SCHEMA = 2
"""Schema 2 (this package): blocks carry ``page`` and ``footnotes``, and the kinds ``item`` and
``table``.  A saved schema-1 document still opens (its blocks simply have none of these)."""
READABLE_SCHEMAS = (1, 2)

FAMILIES = ("SLAC", "SIF", "LSCB", "ILACS", "AREA_SEND", "UNKNOWN")

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")

MAX_DEPTH = 32
"""Sections nested deeper than this are no report's (real ones go four or five deep; the PDF
reader ranks at most 12 heading levels): a document nesting deeper is refused, before the
walks that recurse through it do."""


def _number(value: Any) -> int | None:
    """A whole number or None, as a document holds it; TypeError for anything else (a list, a
    date, bytes) so that a document holding one is refused rather than crash what reads it."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"not a whole number: {type(value).__name__}")


def _text(value: Any) -> str | None:
    """A string or None; TypeError for anything else (see :func:`_number`)."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"not text: {type(value).__name__}")


def text_key(text: str) -> str:
    """How two printings of the same words compare: any case, runs of whitespace as one space,
    no punctuation at the ends (a recommendation listed apart and its item in the body)."""
    return re.sub(r"\s+", " ", text).strip(" .;:").casefold()


@dataclass(frozen=True, slots=True)
class Grade:
    """A judgement as printed, with its normalised label and rank beside it."""

    label: str
    """Canonical label, e.g. ``Good`` or ``Requires improvement to be good``."""
    rank: int | None
    """1 Outstanding, 2 Good, 3 Adequate/Requires improvement, 4 Inadequate; None for Not judged."""
    printed: str
    """Exactly what the report prints, e.g. ``Grade 2 (good)``."""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "rank": self.rank, "printed": self.printed}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grade:
        label = str(data["label"])
        return cls(label=label, rank=_number(data.get("rank")), printed=str(data.get("printed", label)))


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote printed at the foot of a page, attached to the block that cites it."""

    mark: str
    """The marker as printed (``1``, ``*``); the citing text keeps it as a superscript (``Board¹``)."""
    text: str

    @property
    def marker(self) -> str:
        """The mark as the citing text shows it: digits as superscript (``1`` → ``¹``), others as printed."""
        return raised(self.mark)

    def to_dict(self) -> dict[str, Any]:
        return {"mark": self.mark, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Footnote:
        return cls(mark=str(data.get("mark", "")), text=str(data.get("text", "")))


BLOCK_KINDS = ("paragraph", "text", "item", "table")


@dataclass(slots=True)
class Block:
    """One piece of a section's own content, in reading order.

    ``kind`` is

    * ``paragraph``: numbered (``number`` set);
    * ``text``: unnumbered prose (a bold label such as ``Immediately:`` too);
    * ``item``: a list item that stands on its own - one recommendation, so that it
      can be cited, bookmarked and copied alone;
    * ``table``: ``rows`` of cell strings as printed; ``header`` when the first row is the
      table's printed header ("Judgement | Grade"); ``text`` is empty.

    ``bullets`` are the list items a paragraph or text block introduces; a sub-item is
    kept inside its parent item after a newline and an en dash (``"item\\n– sub-item"``).
    ``page`` is where the block starts in a PDF (1-based; None for text sources).
    ``footnotes`` are the notes the block cites.
    """

    kind: str
    text: str
    number: int | None = None
    bullets: list[str] = field(default_factory=list)
    page: int | None = None
    footnotes: list[Footnote] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    header: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == "paragraph":
            data["number"] = self.number
        if self.kind == "table":
            data["rows"] = [list(row) for row in self.rows]
            if self.header:
                data["header"] = True
        else:
            data["text"] = self.text
        if self.kind == "paragraph" or self.bullets:
            data["bullets"] = list(self.bullets)
        if self.page is not None:
            data["page"] = self.page
        if self.footnotes:
            data["footnotes"] = [n.to_dict() for n in self.footnotes]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        page = data.get("page")
        return cls(
            kind=str(data["kind"]),
            text=str(data.get("text", "")),
            number=_number(data.get("number")),
            bullets=[str(b) for b in data.get("bullets") or []],
            page=int(page) if page is not None else None,
            footnotes=[Footnote.from_dict(n) for n in data.get("footnotes") or []],
            rows=[[str(cell) for cell in row] for row in data.get("rows") or []],
            header=bool(data.get("header", False)),
        )

    def texts(self) -> Iterator[str]:
        """Every piece of text the block prints, in order: text, bullets, table cells, footnotes."""
        if self.text:
            yield self.text
        yield from self.bullets
        for row in self.rows:
            yield from row
        for note in self.footnotes:
            yield note.text


# "Paragraph" is the name the issues use for a numbered block.
Paragraph = Block


@dataclass(slots=True)
class Section:
    """A heading of the report with its own content and the sections under it."""

    id: str
    """Slug path, unique and stable, e.g. ``safeguarding-services/overall-effectiveness``."""
    title: str
    grade: Grade | None = None
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        """This section and all below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "grade": self.grade.to_dict() if self.grade else None,
            "blocks": [b.to_dict() for b in self.blocks],
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], depth: int = 1) -> Section:
        if depth > MAX_DEPTH:
            raise ValueError(f"sections nested more than {MAX_DEPTH} deep")
        grade = data.get("grade")
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            grade=Grade.from_dict(grade) if grade else None,
            blocks=[Block.from_dict(b) for b in data.get("blocks") or []],
            children=[Section.from_dict(c, depth + 1) for c in data.get("children") or []],
        )


@dataclass(slots=True)
class Judgement:
    """A graded judgement: its name as printed, its grade and the section that holds its text."""

    section: str | None
    """Id of the section that holds this judgement's text (None when the body has none)."""
    name: str
    """The judgement's name as printed, e.g. ``2.1 Adoption performance``."""
    grade: Grade

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "name": self.name, "grade": self.grade.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Judgement:
        return cls(section=_text(data.get("section")), name=str(data["name"]), grade=Grade.from_dict(data["grade"]))


@dataclass(slots=True)
class Recommendation:
    """One recommendation, with the section it was printed in."""

    section: str | None
    text: str
    timescale: str | None = None
    """``Immediately``, ``Within three months``... as printed without the colon; None when none."""
    group: str | None = None
    """The part or topic heading the item is printed under (e.g. ``Areas for priority action``)."""
    number: int | None = None
    """The item's printed number, when the report numbers its recommendations."""
    partner: str | None = None
    """Who the item is addressed to, as printed (area SEND: the "Responsible body" of a priority
    action, or the subject of "Leaders across the partnership should ..."); None when not printed."""

    def to_dict(self) -> dict[str, Any]:
        data = {
            "section": self.section,
            "timescale": self.timescale,
            "text": self.text,
            "group": self.group,
            "number": self.number,
        }
        if self.partner is not None:
            data["partner"] = self.partner
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recommendation:
        return cls(
            section=_text(data.get("section")),
            text=str(data["text"]),
            timescale=_text(data.get("timescale")),
            group=_text(data.get("group")),
            number=_number(data.get("number")),
            partner=_text(data.get("partner")),
        )


@dataclass(slots=True)
class RecordRow:
    """One row of a SLAC "Record of main findings" table, exactly as printed."""

    row: str
    grade: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "grade": self.grade}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordRow:
        return cls(row=str(data["row"]), grade=_text(data.get("grade")))


@dataclass(slots=True)
class ScaleEntry:
    """One grade of the report's printed grading scale, with what it means."""

    rank: int
    label: str
    meaning: str

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "label": self.label, "meaning": self.meaning}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScaleEntry:
        return cls(rank=int(_number(data["rank"])), label=str(data["label"]), meaning=str(data.get("meaning", "")))  # type: ignore[arg-type]


@dataclass(slots=True)
class ContentsEntry:
    """A line of the printed contents list."""

    title: str
    page: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "page": self.page}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContentsEntry:
        return cls(title=str(data["title"]), page=_number(data.get("page")))


@dataclass(slots=True)
class Source:
    """The file a report was read from: its name, hash, kind and page count."""

    name: str
    sha256: str
    kind: str
    """``pdf``, ``text`` or ``yaml``."""
    pages: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "kind": self.kind, "pages": self.pages}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(name=str(data["name"]), sha256=str(data["sha256"]), kind=str(data["kind"]), pages=_number(data.get("pages")))


@dataclass(slots=True)
class Metadata:
    """What the report says about itself; None where it does not say."""

    title: str | None = None
    local_authority: str | None = None
    inspection_dates: str | None = None
    lead_inspector: str | None = None
    published: str | None = None
    """ISO date, or None (ILACS and area SEND reports print none)."""
    age_group: str | None = None
    local_area: str | None = None
    """Area SEND: the local area partnership as the title prints it ("Hartlepool Local Area Partnership")."""
    previous_inspection: str | None = None
    """Area SEND: the dates of the area's previous inspection, as printed."""
    cqc_lead_inspector: str | None = None
    """Area SEND: the Care Quality Commission's lead inspector (``lead_inspector`` is Ofsted's)."""
    next_inspection: str | None = None
    """Area SEND: when the next inspection is due, the outcome's sentences as printed
    ("The next full area SEND inspection will be within approximately 5 years.")."""
    council_id: str | None = None
    """The council's id in the register (:mod:`ofsted_reader.register`); None when the printed
    name is no council the register knows (the report keeps its printed name, with a warning)."""
    la_code: str | None = None
    """The council's DfE three-digit LA code, as a string ("301")."""
    gss_code: str | None = None
    """The council's ONS GSS code ("E09000002")."""

    _SEND_FIELDS = ("local_area", "previous_inspection", "cqc_lead_inspector", "next_inspection")

    def resolve_council(self) -> Council | None:
        """Find the printed council in the register and keep its id and codes (None: not found).

        The inspection's date tells a council from a predecessor of the same name (Dorset)."""
        when = first_day(self.inspection_dates) or self.published or (_YEAR.findall(self.inspection_dates or "") or [None])[-1]
        council = resolve(self.local_authority, when)
        self.council_id = council.id if council else None
        self.la_code = council.la_code if council else None
        self.gss_code = council.gss_code if council else None
        return council

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "local_authority": self.local_authority,
            "inspection_dates": self.inspection_dates,
            "lead_inspector": self.lead_inspector,
            "published": self.published,
            "age_group": self.age_group,
            "council_id": self.council_id,
            "la_code": self.la_code,
            "gss_code": self.gss_code,
        }
        # Area SEND fields only where a report has them: other families' documents are unchanged.
        data.update({k: getattr(self, k) for k in self._SEND_FIELDS if getattr(self, k) is not None})
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        meta = cls(**{k: (None if data.get(k) is None else str(data.get(k))) for k in cls.__slots__})
        if "la_code" not in data:  # saved before the register: found now
            meta.resolve_council()
        return meta


@dataclass(slots=True)
class Report:
    """One inspection report: metadata, judgements, sections in reading order and recommendations."""

    source: Source
    family: str
    metadata: Metadata = field(default_factory=Metadata)
    grade_scale: list[ScaleEntry] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    overall: Grade | None = None
    sections: list[Section] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    record_of_main_findings: list[RecordRow] = field(default_factory=list)
    contents: list[ContentsEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parser: str = ""
    schema: int = SCHEMA

    # -- reading helpers (the reader and CLI use these; they derive, never store) --

    def walk(self) -> Iterator[Section]:
        """Every section in reading order, depth first."""
        for section in self.sections:
            yield from section.walk()

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.walk() if s.id == section_id), None)

    def paragraphs(self) -> Iterator[tuple[Section, Block]]:
        """Every numbered paragraph with the section that holds it, in reading order."""
        for section in self.walk():
            for block in section.blocks:
                if block.kind == "paragraph":
                    yield section, block

    def item_for(self, recommendation: Recommendation) -> tuple[Section, int] | None:
        """The ``item`` block that prints this recommendation in its section (the same words, or
        its words and its bullets' joined by " – "), with its index there; None when the section prints it otherwise (inside a list)."""
        section = self.section(recommendation.section) if recommendation.section else None
        if section is None:
            return None
        key = text_key(recommendation.text)
        index = next(
            (
                i
                for i, b in enumerate(section.blocks)
                if b.kind == "item" and key in (text_key(b.text), text_key(" – ".join([b.text, *b.bullets])))
            ),
            None,
        )
        return None if index is None else (section, index)

    def council_name(self) -> str:
        """The council as the register names it ("City of London"), else as printed without council
        words ("London Borough of Lambeth" → "Lambeth"), else the file's name."""
        council = get_council(self.metadata.council_id) if self.metadata.council_id else None
        return council.name if council else council_short(self.metadata.local_authority or self.source.name)

    def short_name(self) -> str:
        """How a citation names this report: "Halton 2011" — the council as the register names it
        (else as printed, without council words), and the year of the inspection (the year it
        ended), as the library dates it; the publication year only when no dates are printed."""
        name = self.council_name()
        years = _YEAR.findall(self.metadata.inspection_dates or "") or _YEAR.findall(self.metadata.published or "")
        return f"{name} {years[-1]}" if years else name

    # -- the document form --

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "parser": self.parser,
            "source": self.source.to_dict(),
            "family": self.family,
            "metadata": self.metadata.to_dict(),
            "grade_scale": [g.to_dict() for g in self.grade_scale],
            "judgements": [j.to_dict() for j in self.judgements],
            "overall": self.overall.to_dict() if self.overall else None,
            "sections": [s.to_dict() for s in self.sections],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "record_of_main_findings": [r.to_dict() for r in self.record_of_main_findings],
            "contents": [c.to_dict() for c in self.contents],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Build a Report from a schema-1 or -2 dict; raises KeyError/TypeError/ValueError if malformed."""
        if not isinstance(data, dict) or data.get("schema") not in READABLE_SCHEMAS:
            raise ValueError("not an ofsted-reader document (schema 1 or 2)")
        overall = data.get("overall")
        return cls(
            schema=SCHEMA,
            parser=str(data.get("parser", "")),
            source=Source.from_dict(data["source"]),
            family=str(data["family"]),
            metadata=Metadata.from_dict(data.get("metadata") or {}),
            grade_scale=[ScaleEntry.from_dict(g) for g in data.get("grade_scale") or []],
            judgements=[Judgement.from_dict(j) for j in data.get("judgements") or []],
            overall=Grade.from_dict(overall) if overall else None,
            sections=[Section.from_dict(s) for s in data.get("sections") or []],
            recommendations=[Recommendation.from_dict(r) for r in data.get("recommendations") or []],
            record_of_main_findings=[RecordRow.from_dict(r) for r in data.get("record_of_main_findings") or []],
            contents=[ContentsEntry.from_dict(c) for c in data.get("contents") or []],
            warnings=[str(w) for w in data.get("warnings") or []],
        )
