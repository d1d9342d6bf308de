"""Builders for the reference tests: a reference row in a line."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from lib.core import db
from lib.core.models import CustomerReference


def add_references(engine: Engine, *rows: dict[str, Any]) -> Engine:
    with db.unit_of_work(engine) as session:
        for row in rows:
            session.add(CustomerReference(**row))
    return engine


def ref(id: str, customer: str, **fields: Any) -> dict[str, Any]:
    """A willing reference with no limits unless a test sets them."""
    data: dict[str, Any] = {
        "id": id,
        "customer": customer,
        "contact": "Dana Reyes",
        "role": "CIO",
        "activities": ["call", "site visit"],
        "account_owner": "owner@acme.com",
    }
    data.update(fields)
    return data
