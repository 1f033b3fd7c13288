"""Messages the screens send up to the app (events up, calls down)."""

from __future__ import annotations

from textual.message import Message

from ofsted_reader.index import Hit, Summary


class OpenReport(Message):
    """Open a library row's report in the reader, at its saved place; Esc there comes back."""

    def __init__(self, row: Summary) -> None:
        super().__init__()
        self.row = row


class OpenHit(Message):
    """Open the report a search hit is in, at the hit's paragraph, the words of ``query`` highlighted."""

    def __init__(self, hit: Hit, query: str) -> None:
        super().__init__()
        self.hit = hit
        self.query = query
