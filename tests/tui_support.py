"""Helpers for the reader's Pilot tests: open the app, wait until a report is showing, make reports."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ofsted_reader.document import dump_yaml
from ofsted_reader.model import Block, Grade, Judgement, Metadata, Report, Section, Source

REPO = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = REPO / "sample_reports" / "halton-2011.txt"


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (the report opens in a worker)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await pilot.pause(0.02)


async def reader_ready(pilot):
    """Wait for the reader screen with its first section laid out; return the screen."""
    from ofsted_reader.tui.screens.reader import ReaderScreen

    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.view is not None)
    await pilot.pause()
    await pilot.pause()
    return app.screen


def styles_of(screen) -> dict[int, tuple[str, ...]]:
    """Every widget's computed CSS (and its component classes'), keyed by the widget."""
    styles = {}
    for node in [screen, *screen.walk_children(with_self=False)]:
        components = tuple(f"{name}: {s.css}" for name, s in sorted(node._component_styles.items()))
        styles[id(node)] = (type(node).__name__, node.styles.css, *components)
    return styles


async def settle(pilot, times: int = 1) -> None:
    """Let messages posted by the last key (scrolls after layout, status refreshes) be handled."""
    for _ in range(times):
        await pilot.pause()


def make_report(
    *,
    judged: int = 3,
    text: str = "Plain paragraph text.",
    name: str = "test-report.txt",
    sha: str = "ab" * 32,
    extra_blocks: list[Block] | None = None,
) -> Report:
    """A small report with ``judged`` graded sections, each with two numbered paragraphs."""
    sections: list[Section] = []
    judgements: list[Judgement] = []
    number = 1
    intro = Section(id="introduction", title="Introduction", blocks=[Block("text", text)] + list(extra_blocks or []))
    sections.append(intro)
    for index in range(judged):
        grade = Grade(["Outstanding", "Good", "Requires improvement to be good", "Inadequate"][index % 4], (index % 4) + 1, "x")
        grade = Grade(grade.label, grade.rank, grade.label)
        section = Section(
            id=f"judgement-{index}",
            title=f"Judgement number {index}",
            grade=grade,
            blocks=[
                Block("paragraph", f"Paragraph {number} about topic {index}.", number=number),
                Block("paragraph", f"Paragraph {number + 1} about topic {index}.", number=number + 1),
            ],
        )
        number += 2
        sections.append(section)
        judgements.append(Judgement(section.id, section.title, grade))
    return Report(
        source=Source(name=name, sha256=sha, kind="text"),
        family="ILACS",
        metadata=Metadata(title="Test", local_authority="Testshire County Council", inspection_dates="1 May 2024"),
        judgements=judgements,
        sections=sections,
        parser="test",
    )


def write_report(report: Report, folder: Path, name: str = "report.yaml") -> Path:
    path = folder / name
    path.write_text(dump_yaml(report.to_dict()), encoding="utf-8")
    return path


def screen_text(app) -> str:
    """What the terminal shows, as plain lines (like ``tmux capture-pane -p``)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


async def wait_for_text(pilot, needle: str, timeout: float = 10.0) -> str:
    """Wait until ``needle`` is on the screen; return the screen text."""
    await wait_for(pilot, lambda: needle in screen_text(pilot.app), timeout)
    return screen_text(pilot.app)


async def burst(pilot, *keys: str) -> None:
    """Keys as a terminal delivers a paste or fast typing: all queued on the App before any is
    handled (``pilot.press`` waits for each key to be handled before the next)."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for key in keys:
        character = key if len(key) == 1 else {"enter": "\r", "escape": "\x1b", "space": " "}.get(key)
        name = _character_to_key(key) if len(key) == 1 else key
        app.post_message(events.Key(name, character))
    await pilot.pause()
