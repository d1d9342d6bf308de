from __future__ import annotations

from lib.callprep.prospect import parse_ids
from lib.callprep.terms import note_terms, stem, tokens
from lib.core.filenames import slug


def test_variants_meet_on_one_stem() -> None:
    assert stem("records") == stem("Record") == stem("recorded")
    assert stem("times") == stem("time") == stem("timed")
    assert stem("approvals") == stem("approval")
    assert stem("process") == "process" and stem("status") == "status"
    assert stem("boxes") == stem("box")


def test_stop_words_never_count() -> None:
    assert tokens("They told us the lookup is very slow") == ["lookup", "slow"]
    assert tokens("Customers keep asking about things") == ["custom"]  # not 'ask', 'thing'


def test_matched_words_come_back_as_the_rep_wrote_them() -> None:
    notes = note_terms("They complain about Records lookup time, and billing errors.")
    matched = {stem("records"), stem("lookup"), stem("time"), stem("errors")}
    assert notes.phrases(matched) == ["Records lookup time", "errors"]


def test_a_phrase_keeps_its_hyphen_and_stops_at_punctuation() -> None:
    notes = note_terms("Adjusters re-key data from emails; hours, timesheets late")
    matched = {stem(w) for w in ("re", "key", "data", "hours", "timesheets")}
    assert notes.phrases(matched) == ["re-key data", "hours", "timesheets"]


def test_slugs_and_ids() -> None:
    assert slug("Clínica São Paulo, Inc.") == "clinica-sao-paulo-inc"
    assert slug("  ") == "prospect"
    assert parse_ids("UC-1, UC-7 UC-1;-UC-9") == ("UC-1", "UC-7", "-UC-9")


def test_reasons_quote_whole_written_words() -> None:
    from lib.callprep.terms import note_terms, stem

    notes = note_terms("Agents re-key data and the on-time rate dropped")
    assert notes.phrases({stem("key"), stem("rate"), stem("time")}) == ["re-key", "on-time rate"]
