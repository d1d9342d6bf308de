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
