"""The query syntax of the search across reports (pure: no index, no screen)."""

from __future__ import annotations

from ofsted_reader.query import Query, parse_query


def test_words_the_last_a_prefix_while_typed() -> None:
    query = parse_query("child prot")
    assert query.words == ("child", "prot") and query.prefix
    assert not parse_query("child prot ").prefix  # a space after it: a whole word
    assert parse_query("").searches is False and parse_query("x").searches


def test_phrases_in_quotes_and_hyphenated_words() -> None:
    query = parse_query('"care leavers" well-being')
    assert query.phrases == (("care", "leavers"), ("well", "being"))
    assert query.words == () and not query.prefix
    assert query.text == "care leavers well-being"  # what the reader highlights, in order
    assert parse_query('"unfinished phr').phrases == (("unfinished", "phr"),)


def test_minus_excludes_a_word_or_a_phrase() -> None:
    query = parse_query('housing -homeless -"out of area"')
    assert query.words == ("housing",)
    assert query.excluded == (("homeless",), ("out", "of", "area"))
    assert parse_query("-").excluded == ()


def test_limits_by_section_kind_family_and_date() -> None:
    query = parse_query("unregistered in:recommendations since:2023")
    assert query == Query(words=("unregistered",), scopes=frozenset({"recommendations"}), since="2023-01-01",
                          text="unregistered")
    query = parse_query("x in:judg in:Rec family:ILACS family:slac before:2020-06 since:2018-03-15")
    assert query.scopes == {"recommendations", "judgements"}
    assert query.families == {"ILACS", "SLAC"}
    assert (query.since, query.before) == ("2018-03-15", "2020-06-01")
    assert parse_query("x in:judgments").scopes == {"judgements"}  # either spelling
    assert parse_query("x family:send").families == {"AREA_SEND"}


def test_what_cannot_be_read_is_said_and_the_rest_applies() -> None:
    query = parse_query("neglect in:intro family:ofsted since:soon before:2023-13")
    assert query.words == ("neglect",)
    assert not (query.scopes or query.families or query.since or query.before)
    assert [p.split(":")[0] for p in query.problems] == ["in", "family", "since", "before"]
    assert "“intro”" in query.problems[0]
    # An unknown key is not a limit: its words are searched.
    assert parse_query("ratio:1").words == ("ratio", "1")
