"""Every writer's rule error carries its problems one by one and all of them as its message."""

from __future__ import annotations

import pytest

from lib.library.editing import EditError
from lib.library.ledger import LedgerError
from lib.library.nominations import NominationError
from lib.references.editing import ReferenceEditError


@pytest.mark.parametrize("error", [EditError, LedgerError, NominationError, ReferenceEditError])
def test_a_rule_error_names_each_problem(error: type[ValueError]) -> None:
    problems = ["title: is empty", "owner: 'x' is not on the access list"]
    with pytest.raises(error) as raised:
        raise error(problems)  # type: ignore[call-arg]
    assert isinstance(raised.value, ValueError)  # callers that catch ValueError still do
    assert str(raised.value) == "title: is empty; owner: 'x' is not on the access list"
    assert raised.value.problems == problems  # type: ignore[attr-defined]


def _refusal_page() -> None:
    """A page that shows the refusal its query parameter names, as Call prep and Manage do."""
    import streamlit as st

    from lib.core import ui
    from lib.core.access import NotAllowed
    from lib.library.nominations import NominationError

    if st.query_params.get("refusal") == "rules":
        ui.show_problems(NominationError(["customer: is empty", "what changed: *is* empty"]))
    else:
        ui.show_problems(NotAllowed("rita@acme.com has no role; ask pat@acme.com"))


@pytest.mark.parametrize(
    ("refusal", "shown"),
    [
        ("rules", ["customer: is empty", "what changed: *is* empty"]),
        ("role", ["rita@acme.com has no role; ask pat@acme.com"]),
    ],
)
def test_a_refused_write_shows_each_problem_as_its_own_error(
    refusal: str, shown: list[str]
) -> None:
    """Each field's fix on its own line, and what was typed shown literally, never as Markdown."""
    from streamlit.testing.v1 import AppTest

    from lib.core.safe_text import markdown_text

    at = AppTest.from_function(_refusal_page, default_timeout=30)
    at.query_params["refusal"] = refusal
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [markdown_text(line) for line in shown]
