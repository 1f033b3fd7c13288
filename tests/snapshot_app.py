"""The launcher the snapshot tests photograph: the reader over the bundled sample report.

Kept tiny and deterministic: the sample text (not a PDF), a fixed theme, no
blinking cursor, and a run-before hook that waits until the report is showing.
"""

from __future__ import annotations

from pathlib import Path

from ofsted_reader.tui.app import OfstedReaderApp

SAMPLE = Path(__file__).resolve().parents[1] / "sample_reports" / "halton-2011.txt"


class SnapshotApp(OfstedReaderApp):
    def __init__(self, theme: str = "ofsted-dark", path: Path = SAMPLE) -> None:
        super().__init__(path, theme=theme)

    def on_mount(self) -> None:
        super().on_mount()
        for prompt in self.query("PromptInput"):
            prompt.cursor_blink = False


async def until_ready(pilot) -> None:
    """Run-before hook: the report is open and laid out."""
    from tui_support import reader_ready, settle

    screen = await reader_ready(pilot)
    screen.prompt.input.cursor_blink = False
    await settle(pilot, 3)


if __name__ == "__main__":
    SnapshotApp().run()
