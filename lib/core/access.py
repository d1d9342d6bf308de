"""Who may do what: the roles, the access list, and the check every write makes.

A team's Casebook has three roles. A `rep` reads everything and prepares calls; `marketing`
also keeps the library (edit, create, retire and restore, import, approve); an `admin` also
replaces whole sheets on import and keeps the access list. The access list maps an email or a
whole `@domain` to a role; people signed in but not on it get the default role (`none` unless
an admin says otherwise), and `none` is refused with the names of the admins to ask.

The check lives here, not in the pages: every write function takes the acting `Actor` and
calls `ensure`, so the command line and any future caller meet the same rule.

Local mode (no sign-in configured) keeps the single-user tool: the actor is whoever typed their
name in the sidebar, with every right.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import AccessRule, Setting
from lib.core.vocab import LOCAL_USER

ROLES: tuple[str, ...] = ("rep", "marketing", "admin")
NO_ACCESS = "none"
DEFAULT_ROLE_KEY = "default_role"

# What each action needs, at least. Roles are ordered: an admin may do what marketing may.
ACTIONS: dict[str, str] = {
    "read": "rep",
    "prepare calls": "rep",
    "download": "rep",
    "nominate wins": "rep",
    "edit use cases": "marketing",
    "create use cases": "marketing",
    "retire or restore use cases": "marketing",
    "import": "marketing",
    "approve": "marketing",
    "dismiss coverage gaps": "marketing",
    "complete nominated wins": "marketing",
    "see influence": "marketing",
    "turn the win signal on or off": "marketing",
    "request references": "rep",
    # The account owner may decide on their own customer's requests whatever their role.
    "decide reference requests": "marketing",
    "mark use cases still accurate": "marketing",
    "keep references": "marketing",
    "replace sheets on import": "admin",
    "manage access": "admin",
}

_EMAIL = re.compile(r"^[^@\s]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_DOMAIN = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


class AccessError(Exception):
    """An access-list change that cannot be made; the message says why."""


class NotAllowed(Exception):
    """The acting person's role does not allow the action; the message names who to ask."""


@dataclass(frozen=True)
class Actor:
    """The person behind an action: signed in (team mode) or named in the sidebar (local)."""

    name: str
    email: str = ""
    role: str = "admin"
    signed_in: bool = False

    @property
    def who(self) -> str:
        """What the history records: the signed-in email, else the typed name."""
        if self.signed_in:
            return self.email
        return (self.name or "").strip() or LOCAL_USER

    def can(self, action: str) -> bool:
        return _rank(self.role) >= _rank(ACTIONS[action])


def local_actor(name: str = "") -> Actor:
    """Local mode: no sign-in, one trusted user with every right."""
    return Actor(name=(name or "").strip() or LOCAL_USER, role="admin")


def _rank(role: str) -> int:
    return ROLES.index(role) + 1 if role in ROLES else 0


def ensure(actor: Actor, action: str, *, admins: list[str] | None = None) -> None:
    """Refuse `action` unless `actor`'s role allows it, with a message that says who to ask."""
    if actor.can(action):
        return
    needed = ACTIONS[action]
    ask = f" Ask your Casebook admin ({', '.join(admins)})." if admins else ""
    role = "no role" if actor.role not in ROLES else f"the {actor.role} role"
    raise NotAllowed(
        f"{actor.who} has {role}; to {action} needs the {needed} role or higher.{ask}"
    )


def normalise_pattern(text: str) -> str:
    """An email (`ana@acme.com`) or a domain (`@acme.com`), lower-cased; else `AccessError`."""
    value = (text or "").strip().lower()
    if not value:
        raise AccessError("give an email (ana@acme.com) or a domain (@acme.com) to grant to")
    if value.startswith("@"):
        if not _DOMAIN.match(value):
            raise AccessError(f"'{text}' is not a domain like @acme.com")
        return value
    if not _EMAIL.match(value):
        raise AccessError(f"'{text}' is not an email like ana@acme.com or a domain like @acme.com")
    return value


def check_role(role: str, *, allow_none: bool = False) -> str:
    value = (role or "").strip().lower()
    choices = (*ROLES, NO_ACCESS) if allow_none else ROLES
    if value not in choices:
        raise AccessError(f"'{role}' is not a role; use one of {', '.join(choices)}")
    return value


def rules(engine: Engine) -> list[AccessRule]:
    """The access list, people first, then domains, alphabetically."""
    with Session(engine) as session:
        found = list(session.scalars(select(AccessRule)))
    return sorted(found, key=lambda r: (r.pattern.startswith("@"), r.pattern))


def admins(engine: Engine) -> list[str]:
    """The people (emails) who hold the admin role: who to ask for access."""
    return [r.pattern for r in rules(engine) if r.role == "admin" and not r.pattern.startswith("@")]


def default_role(engine: Engine) -> str:
    with Session(engine) as session:
        value = session.scalar(select(Setting.value).where(Setting.key == DEFAULT_ROLE_KEY))
    return value if value in (*ROLES, NO_ACCESS) else NO_ACCESS


def role_for(engine: Engine, email: str) -> str:
    """The role of a signed-in email: its own rule, else its domain's, else the default."""
    address = (email or "").strip().lower()
    if not address:
        return NO_ACCESS
    return role_from(db.read_row(engine, *role_columns(address)))


def role_columns(email: str) -> tuple[Any, Any, Any]:
    """What decides `email`'s role, as three scalar subqueries (its own rule, its domain's,
    the default role) that `db.read_row` reads in one statement, with the library's revision
    when a page asks for both: two primary-key look-ups, whatever the length of the list."""
    address = (email or "").strip().lower()
    domain = "@" + address.rsplit("@", 1)[-1]
    rule = AccessRule.__table__
    return (
        select(rule.c.role).where(rule.c.pattern == address).scalar_subquery(),
        select(rule.c.role).where(rule.c.pattern == domain).scalar_subquery(),
        select(Setting.value).where(Setting.key == DEFAULT_ROLE_KEY).scalar_subquery(),
    )


def role_from(values: Sequence[Any]) -> str:
    """The role read by `role_columns`: the person's rule, else the domain's, else the
    default (an unknown default counts as no access)."""
    own, domain, default = values
    if own is not None:
        return str(own)
    if domain is not None:
        return str(domain)
    return default if default in (*ROLES, NO_ACCESS) else NO_ACCESS


def _admin_emails_after(current: dict[str, str], pattern: str, role: str | None) -> list[str]:
    after = dict(current)
    if role is None:
        after.pop(pattern, None)
    else:
        after[pattern] = role
    return [p for p, r in after.items() if r == "admin" and not p.startswith("@")]


def grant(engine: Engine, actor: Actor | None, pattern: str, role: str) -> str:
    """Give `pattern` (an email or @domain) `role`; returns what was done, for the screen.

    `actor` None is the command line's bootstrap: allowed only while there is no admin, so the
    first admin is granted from a terminal on the server and every later change is recorded
    with the admin who made it.
    """
    key = normalise_pattern(pattern)
    value = check_role(role)
    with db.unit_of_work(engine) as session:
        current = {r.pattern: r.role for r in session.scalars(select(AccessRule))}
        existing_admins = [p for p, r in current.items() if r == "admin" and not p.startswith("@")]
        if actor is None:
            if existing_admins:
                raise AccessError(
                    "the access list already has an admin "
                    f"({', '.join(existing_admins)}); act as one (--as EMAIL) to change it"
                )
            if value != "admin" or key.startswith("@"):
                raise AccessError("grant the first admin to one person's email first")
        else:
            ensure(actor, "manage access", admins=existing_admins)
        if not _admin_emails_after(current, key, value):
            raise AccessError(f"{key} is the last admin; grant admin to someone else first")
        before = current.get(key)
        rule = session.get(AccessRule, key) or AccessRule(pattern=key)
        rule.role = value
        rule.granted_by = actor.who if actor else "command line"
        rule.granted_at = dt.datetime.now()
        session.add(rule)
    if before == value:
        return f"{key} already has the {value} role"
    if before:
        return f"{key}: {before} → {value}"
    return f"granted {value} to {key}"


def revoke(engine: Engine, actor: Actor, pattern: str) -> str:
    """Take `pattern` off the access list (they fall back to their domain or the default)."""
    key = normalise_pattern(pattern)
    with db.unit_of_work(engine) as session:
        current = {r.pattern: r.role for r in session.scalars(select(AccessRule))}
        ensure(actor, "manage access", admins=[p for p, r in current.items() if r == "admin"])
        if key not in current:
            raise AccessError(f"{key} is not on the access list")
        if current[key] == "admin" and not _admin_emails_after(current, key, None):
            raise AccessError(f"{key} is the last admin; grant admin to someone else first")
        session.execute(delete(AccessRule).where(AccessRule.pattern == key))
    return f"revoked {key} (was {current[key]})"


def set_default_role(engine: Engine, actor: Actor, role: str) -> str:
    """The role of signed-in people not on the list: `none` refuses them."""
    value = check_role(role, allow_none=True)
    with db.unit_of_work(engine) as session:
        ensure(actor, "manage access", admins=None)
        setting = session.get(Setting, DEFAULT_ROLE_KEY) or Setting(key=DEFAULT_ROLE_KEY)
        setting.value = value
        session.add(setting)
    return f"people not on the list now get: {value}"


def acting_as(engine: Engine, email: str, *, team_mode: bool) -> Actor:
    """The command line's actor: `--as EMAIL` / `CASEBOOK_USER`, checked against the access
    list in team mode; in local mode, that name (or 'local user') with every right."""
    if not team_mode:
        return local_actor(email)
    address = (email or "").strip().lower()
    if not address:
        raise AccessError(
            "say who you are: --as EMAIL (or set CASEBOOK_USER); with sign-in configured or an "
            "admin on the access list, commands act as a person on the list"
        )
    role = role_for(engine, address)
    if role not in ROLES:
        ask = admins(engine)
        raise AccessError(
            f"{address} is not on the access list"
            + (f"; ask your Casebook admin ({', '.join(ask)})" if ask else "")
        )
    return Actor(name=address, email=address, role=role, signed_in=True)


def acting(who: str | Actor, action: str) -> str:
    """The name a write records, after checking the role: every write in lib calls this.

    An `Actor` (a signed-in person, or the app's local user) must hold a role that allows
    `action`, else `NotAllowed`. A plain name is the single-user local mode and the command line
    on a machine without sign-in, where whoever runs Casebook may do everything.
    """
    if isinstance(who, Actor):
        ensure(who, action)
        return who.who
    return (who or "").strip() or LOCAL_USER


def is_named(person: Actor, owner: str) -> bool:
    """Whether `owner` (a use case's owner, a customer's account owner: free text) names
    `person`, by the email the history records or by their name, case aside."""
    mine = {person.who.casefold(), (person.name or "").strip().casefold()} - {""}
    return owner.strip().casefold() in mine


def may_as_owner(person: Actor, action: str, owner: str) -> bool:
    """The owner of a thing may take `action` on it whatever their role; others need the role."""
    return person.can(action) or is_named(person, owner)


def acting_as_owner(who: str | Actor, action: str, owner: str, *, owner_is: str, ask: str) -> str:
    """`acting` for an action the thing's owner may also take: the name the write records, or
    `NotAllowed` saying "<who> is neither the <owner_is> (<owner>) nor <role>; ask one of them
    to <ask>"."""
    if isinstance(who, Actor) and not may_as_owner(who, action, owner):
        raise NotAllowed(
            f"{who.who} is neither the {owner_is} ({owner or 'none named'}) nor "
            f"{ACTIONS[action]}; ask one of them to {ask}"
        )
    return who.who if isinstance(who, Actor) else acting(who, action)
