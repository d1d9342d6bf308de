"""Roles and the access list: who may do what, enforced in lib, with messages that say why."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.core import access
from lib.core.access import AccessError, Actor, NotAllowed

ADMIN = Actor(name="Ana", email="ana@acme.com", role="admin", signed_in=True)
MARKETER = Actor(name="Mo", email="mo@acme.com", role="marketing", signed_in=True)
REP = Actor(name="Rey", email="rey@acme.com", role="rep", signed_in=True)


@pytest.fixture
def team(engine: Engine) -> Engine:
    access.grant(engine, None, "ana@acme.com", "admin")
    return engine


@pytest.mark.parametrize(
    ("actor", "action", "allowed"),
    [
        (REP, "prepare calls", True),
        (REP, "edit use cases", False),
        (REP, "import", False),
        (MARKETER, "import", True),
        (MARKETER, "approve", True),
        (MARKETER, "replace sheets on import", False),
        (MARKETER, "manage access", False),
        (ADMIN, "replace sheets on import", True),
        (ADMIN, "manage access", True),
        (Actor(name="x", email="x@y.com", role="none", signed_in=True), "read", False),
    ],
)
def test_roles_allow_what_they_should(actor: Actor, action: str, allowed: bool) -> None:
    assert actor.can(action) is allowed


def test_a_refusal_names_the_role_needed_and_who_to_ask() -> None:
    with pytest.raises(NotAllowed) as refused:
        access.ensure(REP, "import", admins=["ana@acme.com"])
    message = str(refused.value)
    assert "rey@acme.com" in message and "marketing" in message and "ana@acme.com" in message


def test_the_first_admin_is_granted_without_an_actor_and_only_then(engine: Engine) -> None:
    with pytest.raises(AccessError, match="first admin"):
        access.grant(engine, None, "rey@acme.com", "rep")
    assert access.grant(engine, None, "ana@acme.com", "admin") == "granted admin to ana@acme.com"
    with pytest.raises(AccessError, match="already has an admin"):
        access.grant(engine, None, "eve@acme.com", "admin")
    assert access.admins(engine) == ["ana@acme.com"]


def test_an_email_rule_beats_its_domain_and_the_default_applies_to_the_rest(team: Engine) -> None:
    access.grant(team, ADMIN, "@acme.com", "rep")
    access.grant(team, ADMIN, "Mo@Acme.com", "marketing")
    assert access.role_for(team, "MO@acme.com") == "marketing"
    assert access.role_for(team, "zed@acme.com") == "rep"
    assert access.role_for(team, "zed@other.com") == "none"
    access.set_default_role(team, ADMIN, "rep")
    assert access.role_for(team, "zed@other.com") == "rep"


def test_the_last_admin_cannot_be_revoked_or_demoted(team: Engine) -> None:
    with pytest.raises(AccessError, match="last admin"):
        access.revoke(team, ADMIN, "ana@acme.com")
    with pytest.raises(AccessError, match="last admin"):
        access.grant(team, ADMIN, "ana@acme.com", "rep")
    access.grant(team, ADMIN, "bo@acme.com", "admin")
    assert access.grant(team, ADMIN, "ana@acme.com", "rep") == "ana@acme.com: admin → rep"


@pytest.mark.parametrize(
    ("pattern", "role", "message"),
    [
        ("not an email", "rep", "not an email"),
        ("@acme", "rep", "not a domain"),
        ("", "rep", "give an email"),
        ("bo@acme.com", "boss", "not a role"),
    ],
)
def test_bad_grants_say_what_is_wrong_and_write_nothing(
    team: Engine, pattern: str, role: str, message: str
) -> None:
    before = [(r.pattern, r.role) for r in access.rules(team)]
    with pytest.raises(AccessError, match=message):
        access.grant(team, ADMIN, pattern, role)
    assert [(r.pattern, r.role) for r in access.rules(team)] == before


def test_only_an_admin_changes_the_list(team: Engine) -> None:
    with pytest.raises(NotAllowed):
        access.grant(team, MARKETER, "rey@acme.com", "admin")
    with pytest.raises(NotAllowed):
        access.set_default_role(team, REP, "admin")
    assert access.role_for(team, "rey@acme.com") == "none"


def test_the_command_line_acts_as_a_listed_person_in_team_mode(team: Engine) -> None:
    with pytest.raises(AccessError, match="--as EMAIL"):
        access.acting_as(team, "", team_mode=True)
    with pytest.raises(AccessError, match="not on the access list"):
        access.acting_as(team, "eve@acme.com", team_mode=True)
    assert access.acting_as(team, "ANA@acme.com", team_mode=True).role == "admin"
    local = access.acting_as(team, "", team_mode=False)
    assert local.who == "local user" and local.can("replace sheets on import")


def test_writes_in_lib_refuse_a_role_that_may_not_make_them(engine: Engine) -> None:
    """The check is in the write functions, not only in the pages that call them."""
    from lib.library import editing
    from lib.workbook import plan_import
    from lib.workbook.importing import apply_import
    from tests.builders import library, uc

    library(engine, use_cases=[uc("UC-1")])
    draft, version = editing.load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.title = "Changed by a rep"
    with pytest.raises(NotAllowed):
        editing.update_use_case(engine, draft, version=version, who=REP)
    with pytest.raises(NotAllowed):
        editing.retire_use_case(engine, "UC-1", version=version, who=REP)
    with pytest.raises(NotAllowed):
        editing.create_use_case(engine, editing.UseCaseDraft(id="UC-2", title="New"), who=REP)
    saved = editing.update_use_case(engine, draft, version=version, who=MARKETER)
    assert saved == version + 1
    assert editing.history(engine, "UC-1")[0].who == "mo@acme.com"

    data = b"id,title,status\nUC-3,Another,draft\n"
    with pytest.raises(NotAllowed):
        apply_import(engine, plan_import(engine, data, "use_cases.csv"), who=REP)
    apply_import(engine, plan_import(engine, data, "use_cases.csv"), who=MARKETER)
    replace = plan_import(engine, data, "use_cases.csv", replace=True)  # removes UC-1
    with pytest.raises(NotAllowed, match="admin"):
        apply_import(engine, replace, who=MARKETER, allow_unlink=True)
    apply_import(engine, replace, who=ADMIN, allow_unlink=True)
    assert editing.load_draft(engine, "UC-1") is None


OWEN = Actor("Owen Hart", "owen@acme.com", "rep", signed_in=True)


@pytest.mark.parametrize(
    ("owner", "allowed"),
    [
        ("owen@acme.com", True),
        (" OWEN@acme.com ", True),
        ("Owen Hart", True),  # an owner field holding a name, not an email
        ("owen hart", True),
        ("Owen", False),
        ("", False),
        ("raj@acme.com", False),
    ],
)
def test_the_owner_may_what_their_role_may_not_by_email_or_name(owner: str, allowed: bool) -> None:
    """One rule for 'the owner or marketing': a use case's owner marks it still accurate, a
    customer's account owner decides its reference requests (which once knew them by email
    only, so an account owner written as a name could never decide)."""
    from lib.library.verify import may_mark
    from lib.references.requests import may_decide

    assert may_mark(OWEN, owner) is allowed
    assert may_decide(OWEN, owner) is allowed
    marketing = Actor("Mo", "mo@acme.com", "marketing", signed_in=True)
    assert may_mark(marketing, owner) and may_decide(marketing, owner)


def test_someone_else_is_told_who_may() -> None:
    with pytest.raises(NotAllowed) as refused:
        access.acting_as_owner(
            OWEN, "decide reference requests", "", owner_is="account owner", ask="decide this"
        )
    assert str(refused.value) == (
        "owen@acme.com is neither the account owner (none named) nor marketing; ask one of "
        "them to decide this"
    )
    assert access.acting_as_owner("Ana", "decide reference requests", "", owner_is="owner",
                                  ask="decide") == "Ana"  # fmt: skip
