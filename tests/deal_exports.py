"""Small CRM exports for the deals tests: a Salesforce report or HubSpot export in a few lines.

salesforce_csv([sf_deal("006A", stage="Closed Won", amount="USD 12,000.00")])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

SALESFORCE_HEADERS = (
    "Opportunity ID",
    "Opportunity Name",
    "Account Name",
    "Stage",
    "Amount",
    "Close Date",
    "Created Date",
    "Won",
    "Closed",
    "Industry",
    "Employees",
    "Opportunity Owner",
)
HUBSPOT_HEADERS = (
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Amount",
    "Close Date",
    "Create Date",
    "Associated Company",
    "Deal owner",
    "Industry",
    "Number of Employees",
    "Is Closed Won",
)


def sf_deal(id: str, stage: str = "Closed Won", **fields: Any) -> dict[str, Any]:
    """A Salesforce row; `won`/`closed` follow the stage unless given."""
    won = stage == "Closed Won"
    closed = stage.startswith("Closed")
    row: dict[str, Any] = {
        "Opportunity ID": id,
        "Opportunity Name": f"Deal {id}",
        "Account Name": f"Account {id}",
        "Stage": stage,
        "Amount": "USD 10,000.00",
        "Close Date": "2026-06-30",
        "Created Date": "2026-03-01",
        "Won": "true" if won else "false",
        "Closed": "true" if closed else "false",
        "Industry": "Healthcare",
        "Employees": "500",
        "Opportunity Owner": "Sam Seller",
    }
    by_key = {h.casefold(): h for h in SALESFORCE_HEADERS}
    for name, value in fields.items():
        spoken = name.replace("_", " ")
        row[by_key.get(spoken.casefold(), spoken)] = value
    return row


def hs_deal(id: str, stage: str = "closedwon", **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Record ID": id,
        "Deal Name": f"Deal {id}",
        "Deal Stage": stage,
        "Amount": 10000,
        "Close Date": dt.date(2026, 6, 30),
        "Create Date": dt.date(2026, 3, 1),
        "Associated Company": f"Company {id}",
        "Deal owner": "Hana Seller",
        "Industry": "Finance",
        "Number of Employees": 50,
        "Is Closed Won": stage == "closedwon",
    }
    row.update(fields)
    return row


def csv_bytes(rows: Sequence[dict[str, Any]], headers: Sequence[str] = SALESFORCE_HEADERS,
              delimiter: str = ",") -> bytes:  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[dict[str, Any]], headers: Sequence[str] = HUBSPOT_HEADERS,
               title_rows: Sequence[str] = ()) -> bytes:  # fmt: skip
    """An .xlsx with real numbers, booleans and dates, as a CRM writes it."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    r = 0
    for title in title_rows:
        sheet.write_string(r, 0, title)
        r += 1
    for c, header in enumerate(headers):
        sheet.write_string(r, c, header)
    for row in rows:
        r += 1
        for c, header in enumerate(headers):
            value = row.get(header)
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()
