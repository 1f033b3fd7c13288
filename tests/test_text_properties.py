"""Property tests: the text parser on arbitrary input returns a Report or raises
the project's InputError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ofsted_reader.errors import InputError
from ofsted_reader.ingest import parse
from ofsted_reader.source import from_bytes
from ofsted_reader.model import Report

REPORTISH = st.sampled_from(
    [
        "Grade 2 (good)", "Grade 4 (Inadequate)", "Record of main findings:", "Contents", "Immediately:",
        "Within three months:", "1. The inspection", "12. text", " - bullet", "- item", "Overall effectiveness",
        "Safeguarding services", "Quality of provision\tGood", "Areas for improvement", "\t", "", "lower case continues",
        "Inspection of safeguarding and looked after children services", "Inspection dates: 1 – 2 May 2011",
        "Published: 31 February 2011", "Leadership and management**Grade 1 (outstanding)**", "# Heading", "[bold]x[/]",
        "\x1b]52;c;AAAA\x07", "Good (Grade 2)\tA service", "99999. big", "0. zero",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(REPORTISH, st.text(max_size=80)), max_size=60))
def test_reportish_lines(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    _parse(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _parse(data)


def _parse(data: bytes) -> None:
    try:
        report = parse(from_bytes("fuzz.txt", data))
    except InputError:
        return
    assert isinstance(report, Report)
    Report.from_dict(report.to_dict())
    ids = [s.id for s in report.walk()]
    assert len(ids) == len(set(ids))
