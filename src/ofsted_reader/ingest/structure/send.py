"""AREA_SEND: joint Ofsted and CQC area SEND inspections of a local area partnership (the
framework in force since 2023).

Shape, as the reports print it:

- **Cover** (page 1): "Area SEND inspection of <name> Local Area Partnership",
  ``Inspection dates: ...`` and ``Date(s) of previous inspection: ...``.
- **Inspection outcome**: one of three sentences (:data:`~ofsted_reader.grades.SEND_OUTCOMES`:
  positive experiences and outcomes; inconsistent ones; widespread and/or systemic failings),
  then when the next inspection (and a monitoring inspection) is due.
- Headed prose and bullets: information about the partnership, what it is like to be a child
  with SEND in the area, what the partnership does well and what it needs to do better.
- **Areas for priority action** (only with the worst outcomes): a table, "Responsible body |
  Areas for priority action", each row one action with the partners it is addressed to;
  bullets inside the right-hand cell.
- **Areas for improvement**: one paragraph each, addressed in their first words ("Leaders
  across the partnership should ...").
- Partnership details, information about the inspection, the inspection team (Ofsted | Care
  Quality Commission, each with its lead inspector), Ofsted's back page.

No publication date is printed, and paragraphs are not numbered (a numbered paragraph is kept
as one).  The outline is flat: one section per heading, in reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ofsted_reader.councils import council_name
from ofsted_reader.gradecard import OUTCOME_NAME
from ofsted_reader.grades import SEND_OUTCOMES, SYSTEMIC, send_outcome
from ofsted_reader.ingest.elements import Element, Heading, Item, Para, Prose, Row
from ofsted_reader.ingest.lines import LineDoc
from ofsted_reader.ingest.structure.checks import check, numbering_note
from ofsted_reader.ingest.structure.common import BACK_PAGE, COVER, Outline, add_block, carry_notes, clean_title, inspector, norm_name
from ofsted_reader.ingest.structure.tables import Lines
from ofsted_reader.model import Block, Judgement, Recommendation, Report, ScaleEntry, Section, Source

TITLE = re.compile(
    r"^(?:joint\s+)?(?:local\s+)?area\s+SEND\s+(?:(?:monitoring|full|re-?)\s*)?inspection\s+(?:of|in|report\s*:)\s+(?P<area>\S.*?)\s*$", re.I
)
"""The report's title, naming the local area partnership (a monitoring inspection's too)."""

SIGN = re.compile(r"\barea\s+SEND\s+(?:(?:monitoring|full|re-?)\s*)?inspection\b|\blocal\s+area\s+partnership\s+report\b", re.I)
"""What a cover prints that only an area SEND report prints (family detection)."""

OUTCOME_SIGN = re.compile(
    r"local\s+area\s+partnership[’']s\s+(?:[^.]{0,120}\s)?arrangements\s+(?:typically\s+)?lead\s+to\s+(?:positive|inconsistent)\s+experiences"
    r"|widespread\s+and/or\s+systemic\s+failings\s+leading\s+to\s+significant\s+concerns",
    re.I,
)
"""An outcome sentence: an area SEND report whose title the PDF layer lost is still one."""

_DATES = re.compile(r"^inspection\s+dates?\s*:?\s*(?P<v>\S.*)$", re.I)
_PREVIOUS = re.compile(r"^dates?\s+of\s+(?:the\s+)?(?:previous|last)\s+(?:area\s+SEND\s+)?inspection\s*:?\s*(?P<v>\S.*)$", re.I)
_OUTCOME = re.compile(r"^inspection\s+outcomes?$", re.I)
_PRIORITY = re.compile(r"^areas?\s+for\s+priority\s+actions?$", re.I)
_IMPROVEMENT = re.compile(r"^areas?\s+for\s+improvement$", re.I)
_TEAM = re.compile(r"^inspection\s+team$", re.I)
_TABLE_HEADER = re.compile(r"^responsible\s+bod(?:y|ies)$", re.I)
_NEXT = re.compile(r"\b(?:re)?inspection\b[^.]*\bwithin\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_ENDS_SENTENCE = re.compile(r"[.!?:;]['’”)]*$")
_ADDRESSED = re.compile(r"^(?P<who>[^.;:]{2,160}?)\s+(?:should|must|needs?\s+to|is\s+to|are\s+to)\b")
_LEADING_CLAUSE = re.compile(r"^(?:to|in|as|where|when|if|while|for|by|with)\b", re.I)
_LEAD = re.compile(
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}?)(?:\s+HMI)?\s*,\s*"
    r"(?P<role>(?:Ofsted|CQC|HMI|Care\s+Quality\s+Commission)[\w\s,]{0,30}?\blead\s+inspector)\b",
    re.I,
)

PRIORITY_GROUP = "Areas for priority action"
IMPROVEMENT_GROUP = "Areas for improvement"


def council(local_area: str) -> str | None:
    """The council a local area partnership belongs to: "the Greenwich Local Area Partnership"
    → "Greenwich", by the councils normaliser; the metadata then finds it in the council register
    like any family's council (``Metadata.resolve_council``)."""
    name = re.sub(r"(?i)^the\s+|\s+(?:local\s+area\s+)?(?:SEND\s+)?partnership$|\s+local\s+area$", "", " ".join(local_area.split()))
    return council_name(name) or None


def _text(element: Element) -> str:
    if isinstance(element, Row):
        return " ".join(" ".join(c.split()) for c in element.cells if c.strip()) or " ".join(element.text.split())
    return " ".join(element.text.split())


@dataclass
class _Action:
    """A recommendation being read: its item block, lead text, bullets and partner pieces."""

    rec: Recommendation
    block: Block
    partner: list[str] = field(default_factory=list)
    last: Element | None = None

    def sync(self) -> None:
        self.rec.text = " – ".join([self.block.text, *self.block.bullets]) if self.block.bullets else self.block.text
        if self.partner:
            self.rec.partner = " ".join(" ".join(self.partner).split())


@dataclass
class _State:
    report: Report
    lines: Lines
    outline: Outline = field(default_factory=Outline)
    current: Section | None = None
    group: str | None = None
    action: _Action | None = None
    partner_block: Block | None = None
    last_para: int = 0
    team: list[str] = field(default_factory=list)
    in_team: bool = False


def build(elements: list[Element], source: Source, doc: LineDoc | None = None) -> Report:
    report = Report(source=source, family="AREA_SEND")
    report.grade_scale = [ScaleEntry(rank=rank, label=label, meaning=meaning) for label, (rank, meaning) in SEND_OUTCOMES.items()]
    state = _State(report=report, lines=Lines(doc, elements))
    cover = state.current = state.outline.add(COVER)
    meta = report.metadata
    body_started = False
    skip: set[int] = set()
    for index, element in enumerate(elements):
        text = _text(element)
        if id(element) in skip or (not text and not isinstance(element, Row)):
            continue
        if body_started and isinstance(element, (Prose, Heading)) and BACK_PAGE.match(text):
            break
        if meta.title is None and isinstance(element, (Heading, Prose)) and (title := TITLE.match(text)):
            nxt = elements[index + 1] if index + 1 < len(elements) else None
            if isinstance(element, Heading) and isinstance(nxt, Heading) and nxt.size == element.size and "partnership" not in text.lower():
                # The title wrapped into a second heading: "... of Bath and North East" / "Somerset Local Area Partnership".
                text = f"{text} {_text(nxt)}"
                title = TITLE.match(text) or title
                skip.add(id(nxt))
                add_block(cover, element)
                element = nxt
            meta.title = clean_title(text)
            meta.local_area = clean_title(title.group("area"))
            meta.local_authority = council(meta.local_area)
            add_block(cover, element)
            continue
        if state.current is cover:
            labelled = True
            if meta.inspection_dates is None and (m := _DATES.match(text)):
                meta.inspection_dates = m.group("v").strip()
            elif meta.previous_inspection is None and (m := _PREVIOUS.match(text)):
                meta.previous_inspection = m.group("v").strip()
            else:
                labelled = False
            if isinstance(element, Heading) and (labelled or meta.title is None):
                # A labelled line, or a line above the title, that a plain-text source gives as a heading.
                add_block(cover, element)
                continue
        if isinstance(element, Heading) and state.group is not None and len(text.split()) > 14:
            # A sentence a plain-text source took for a heading ("... they should improve:").
            element = Prose(text=element.text, page=element.page, top=element.top, x0=element.x0, lineno=element.lineno, notes=element.notes)
        if isinstance(element, Heading) or _is_outcome_heading(element, text):
            body_started = True
            _heading(state, element, text)
            continue
        _content(state, element, text)
    report.sections = state.outline.roots
    _outcome(report)
    _lead_inspectors(report, " | ".join(state.team))
    _check(report)
    return report


def _is_outcome_heading(element: Element, text: str) -> bool:
    """"Inspection outcome" printed as bold prose (the PDF layer did not take it for a heading)."""
    return isinstance(element, Prose) and bool(_OUTCOME.match(text))


def _heading(state: _State, element: Element, text: str) -> None:
    title = clean_title(text)
    current = state.current
    if not title:
        return
    if current is not None and not current.blocks and not current.children and norm_name(current.title) == norm_name(title):
        return  # the heading repeated as its box's header ("Areas for improvement" twice)
    state.action = None
    state.partner_block = None
    state.in_team = bool(_TEAM.match(title))
    state.group = PRIORITY_GROUP if _PRIORITY.match(title) else IMPROVEMENT_GROUP if _IMPROVEMENT.match(title) else None
    state.current = state.outline.add(title[:200])


def _content(state: _State, element: Element, text: str) -> None:
    section = state.current
    assert section is not None
    if state.in_team:
        state.team.append(text)
    if isinstance(element, Para):
        if state.last_para and (note := numbering_note(state.last_para, element.number, element.page)):
            state.report.warnings.append(note)
        state.last_para = max(state.last_para, element.number)
    if state.group == PRIORITY_GROUP:
        _priority(state, section, element, text)
    elif state.group == IMPROVEMENT_GROUP:
        _improvement(state, section, element, text)
    else:
        add_block(section, element)


def _new_action(state: _State, section: Section, element: Element, text: str, partner: list[str]) -> _Action:
    number = element.number if isinstance(element, Para) else None
    block = Block(kind="item", text=text, number=number, page=element.page or None)
    carry_notes(block, element)
    if state.group == PRIORITY_GROUP and partner:
        state.partner_block = Block(kind="text", text="Responsible body: " + " ".join(partner), page=element.page or None)
        section.blocks.append(state.partner_block)
    else:
        state.partner_block = None
    section.blocks.append(block)
    rec = Recommendation(section=section.id, text=text, group=state.group, number=number)
    state.report.recommendations.append(rec)
    action = _Action(rec=rec, block=block, partner=list(partner), last=element)
    state.action = action
    action.sync()
    return action


def _continue(action: _Action, element: Element, text: str) -> None:
    """Words that go on from the action's last piece: its last bullet, else its text."""
    block = action.block
    if block.bullets:
        block.bullets[-1] = f"{block.bullets[-1]} {text}"
    else:
        block.text = f"{block.text} {text}".strip()
    carry_notes(block, element)
    action.last = element


def _bullet(action: _Action, element: Item) -> None:
    block = action.block
    if element.level > 1 and block.bullets:
        block.bullets[-1] = f"{block.bullets[-1]}\n– {element.text}"
    else:
        block.bullets.append(" ".join(element.text.split()))
    carry_notes(block, element)
    action.last = element


def _last_piece(action: _Action) -> str:
    return action.block.bullets[-1] if action.block.bullets else action.block.text


def _apart(state: _State, before: Element | None, element: Element) -> bool:
    """Whether ``element`` is printed apart from ``before``: another page, or a gap of well
    over the space between two lines of one cell (a row of the table ends there).  Without
    positions (plain text) every piece counts as apart."""
    if before is None or before.page != element.page:
        return True
    lines = state.lines.of(before)
    if not lines:
        return True
    last = lines[-1]
    bottom = last.bottom if last.bottom > last.top else last.top + (last.size or 10)
    size = last.size or 10
    return element.top - bottom > size * 0.45


def _priority(state: _State, section: Section, element: Element, text: str) -> None:
    """The priority-action table: "Responsible body | Areas for priority action"."""
    action = state.action
    if isinstance(element, Row):
        cells = [" ".join(c.split()) for c in element.cells]
        left, right = (cells[0], " ".join(c for c in cells[1:] if c)) if len(cells) > 1 else ("", cells[0] if cells else "")
        if _TABLE_HEADER.match(left) or (not action and _PRIORITY.match(right) and _TABLE_HEADER.match(left or "responsible body")):
            return
        if action is not None:
            last = _last_piece(action)
            goes_on = not right or right[:1].islower() or not _ENDS_SENTENCE.search(last)
            if goes_on or not _apart(state, action.last, element):
                if right:
                    _continue(action, element, right)
                if left:
                    action.partner.append(left)
                    if state.partner_block is not None:
                        state.partner_block.text = "Responsible body: " + " ".join(action.partner)
                action.last = element
                action.sync()
                return
        _new_action(state, section, element, right or text, [left] if left else [])
        return
    if isinstance(element, Item) and action is not None:
        _bullet(action, element)
        action.sync()
        return
    if action is not None and isinstance(element, (Prose, Heading)):
        words = text.split()
        if len(words) <= 6 and not _ENDS_SENTENCE.search(text) and not text[:1].islower():
            # A last line of the responsible body's cell, left on its own ("Board").
            action.partner.append(text)
            if state.partner_block is not None:
                state.partner_block.text = "Responsible body: " + " ".join(action.partner)
            action.sync()
            return
        if text[:1].islower():
            _continue(action, element, text)
            action.sync()
            return
    if isinstance(element, (Prose, Para)) and len(text.split()) > 6:
        # Actions printed as prose (no table, or one whose columns the PDF layer did not see):
        # addressed in their first words, as areas for improvement are.
        for piece in paragraphs(state.lines, element, text) if isinstance(element, Prose) else [text]:
            action = _new_action(state, section, element, piece, [])
            action.rec.partner = addressed(piece)
        return
    add_block(section, element)


def _improvement(state: _State, section: Section, element: Element, text: str) -> None:
    """Areas for improvement: a paragraph each (a numbered one keeps its number), bullets inside."""
    action = state.action
    if isinstance(element, Item) and action is not None:
        _bullet(action, element)
        action.sync()
        return
    if action is not None and isinstance(element, (Prose, Row)) and text[:1].islower():
        _continue(action, element, text)
        action.sync()
        return
    if isinstance(element, (Prose, Para, Row, Item)) and re.search(r"\w", text):
        for piece in paragraphs(state.lines, element, text) if isinstance(element, Prose) else [text]:
            action = _new_action(state, section, element, piece, [])
            action.rec.partner = addressed(piece)
        return
    add_block(section, element)


def paragraphs(lines: Lines, element: Element, text: str) -> list[str]:
    """A prose element's text cut where the print ends a paragraph inside it: a line that ends a
    sentence short of the right edge, by more than the next line's first word would need (it would
    have fitted), so the next sentence starts a line of its own.  The PDF layer joins two areas for
    improvement printed one under the other with no more space between them than between lines."""
    printed = [ln for ln in lines.of(element) if ln.text.strip()]
    if len(printed) < 2:
        return [text]
    right = max(ln.x1 for ln in printed)
    cuts: list[tuple[str, str]] = []
    for line, following in zip(printed, printed[1:]):
        end, words = line.text.rstrip(), following.text.split()
        if not words or not _ENDS_SENTENCE.search(end) or not words[0][:1].isupper():
            continue
        size = following.size or line.size or 10.0
        if line.x1 + (len(words[0]) + 1) * size * 0.5 < right:
            cuts.append((" ".join(end.split()[-3:]), words[0]))
    pieces, start = [], 0
    for tail, head in cuts:
        at = text.find(f"{tail} {head}", start)
        if at < 0:
            continue
        cut = at + len(tail)
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def addressed(text: str) -> str | None:
    """Who a recommendation is addressed to: the subject of its first "should", "must" or "need(s)
    to" ("Leaders across the partnership should ..."; "To ensure ..., the local partnership should
    ..." → "the local partnership"); None when it does not start by naming one."""
    found = _ADDRESSED.match(" ".join(text.split()))
    if found is None:
        return None
    who = found.group("who")
    if _LEADING_CLAUSE.match(who) and "," in who:
        who = who.rsplit(",", 1)[1].strip()
    if not who[:1].isupper() and not who.lower().startswith("the ") or _LEADING_CLAUSE.match(who) or len(who.split()) > 10:
        return None
    return who


def _outcome(report: Report) -> None:
    """The outcome (``overall`` and the one judgement, the key the reader binds) from the first
    sentence that gives one, under "Inspection outcome" or else on the first page; when the next
    inspection is due from the sentences after it."""
    sections = list(report.walk())
    home = next((s for s in sections if _OUTCOME.match(s.title)), None)
    candidates = [home] if home is not None else sections[:3]
    for section in candidates:
        for block in section.blocks:
            for text in block.texts():
                sentences = _SENTENCES.split(" ".join(text.split()))
                for sentence in sentences:
                    grade = send_outcome(sentence) if OUTCOME_SIGN.search(sentence) or home is not None else None
                    if grade is not None and report.overall is None:
                        report.overall = grade
                        if home is not None:
                            home.grade = grade
                        report.judgements = [Judgement(section=section.id, name=OUTCOME_NAME, grade=grade)]
        if report.overall is not None:
            due = [s for b in section.blocks for t in b.texts() for s in _SENTENCES.split(" ".join(t.split())) if _NEXT.search(s)]
            report.metadata.next_inspection = " ".join(due) or None
            return


def _lead_inspectors(report: Report, team: str) -> None:
    """Ofsted's and the CQC's lead inspectors, from the inspection team (cells or run-together text)."""
    meta = report.metadata
    for match in _LEAD.finditer(team):
        name = inspector(match.group("name"))
        role = match.group("role")
        if re.search(r"\bCQC\b|care\s+quality", role, re.I):
            meta.cqc_lead_inspector = meta.cqc_lead_inspector or name
        else:
            meta.lead_inspector = meta.lead_inspector or name


def _check(report: Report) -> None:
    meta = report.metadata
    if report.overall is None:
        report.warnings.append(
            "No inspection outcome was found (none of the three outcome sentences of the 2023 framework; "
            "a monitoring inspection, or a report of the framework before it, prints none)."
        )
    if meta.local_area is None:
        report.warnings.append("Could not find the local area partnership's name in the title.")
    if meta.cqc_lead_inspector is None:
        report.warnings.append("Could not find the CQC lead inspector in the inspection team.")
    priority = [r for r in report.recommendations if r.group == PRIORITY_GROUP]
    if report.overall is not None and report.overall.label == SYSTEMIC and not priority:
        report.warnings.append("The outcome is widespread and/or systemic failings, but no areas for priority action were found.")
    if report.overall is not None and report.overall.label != SYSTEMIC and priority:
        report.warnings.append(f"Areas for priority action are printed, but the outcome is '{report.overall.label}'.")
    report.warnings.extend(
        check(report, cover=("title", "inspection_dates", "lead_inspector"), recommendations="areas for improvement", paragraphs=False)
    )

