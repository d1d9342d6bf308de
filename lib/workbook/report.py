"""An import plan as the tables the Manage page shows: problems, changes per sheet, a preview.

Kept apart from the workbook package (which decides what an import does) so the page only
draws: every value is turned into display text here.
"""

from __future__ import annotations

from typing import Any

from lib.workbook import ImportPlan, held_changes

PREVIEW_ROWS = 500
# The column that names a record to a person, per sheet: what the preview shows beside its id.
NAMED_BY = {
    "Segments": "kind",
    "Personas": "name",
    "Use cases": "title",
    "Benefits": "statement",
    "Outcomes": "customer",
    "Questions": "text",
}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value)


def problems_table(plan: ImportPlan) -> list[dict[str, Any]]:
    """Every problem, where a person finds it in Excel: sheet, row, column, value."""
    return [
        {
            "Sheet": p.sheet,
            "Row": p.row,
            "Column": p.column or "",
            "Value": _shown(p.value),
            "Problem": p.message,
        }
        for p in plan.problems
    ]


def changes_table(plan: ImportPlan) -> list[dict[str, Any]]:
    return [
        {
            "Sheet": name,
            "Added": len(c.added),
            "Changed": len(c.changed),
            "Unchanged": len(c.unchanged),
            "Removed": len(c.removed),
        }
        for name, c in plan.changes.items()
    ]


def unlinks_table(plan: ImportPlan) -> list[dict[str, Any]]:
    """Records the import keeps that lose a link to something it removes, one row each."""
    return [
        {
            "Sheet": u.sheet,
            "ID": u.id,
            "Column": u.column,
            "Loses": _shown(list(u.lost)),
            "Keeps": _shown(list(u.left)),
            "Approved, left with none": u.strands,
        }
        for u in plan.unlinks
    ]


def preview_table(plan: ImportPlan, limit: int = PREVIEW_ROWS) -> list[dict[str, Any]]:
    """The first `limit` changes, field by field: added and removed records, changed values.

    Each added or changed record is named by its title (or name, customer, statement, text),
    so a person recognises what an id in the file is without opening it.
    """
    rows: list[dict[str, Any]] = []
    for name, c in plan.changes.items():
        sheet = plan.sheets.get(name)
        records = sheet.records if sheet is not None else {}

        def title(rid: str, records: dict[str, dict[str, Any]] = records, name: str = name) -> str:
            return _shown(records.get(rid, {}).get(NAMED_BY.get(name, ""), ""))

        for rid in c.added:
            rows.append(
                {"Sheet": name, "ID": rid, "Title": title(rid), "Change": "added", "Field": "",
                 "Now": ""}
            )  # fmt: skip
        for rid in c.removed:
            rows.append(
                {"Sheet": name, "ID": rid, "Title": "", "Change": "removed", "Field": "",
                 "Now": ""}
            )  # fmt: skip
        for rid, fields in plan.differences.get(name, {}).items():
            for field, (old, new) in fields.items():
                rows.append(
                    {
                        "Sheet": name,
                        "ID": rid,
                        "Title": title(rid),
                        "Change": "changed",
                        "Field": field,
                        "Was": _shown(old),
                        "Now": _shown(new),
                    }
                )
        if len(rows) >= limit:
            break
    for row in rows:
        row.setdefault("Was", "")
    return rows[:limit]


def held_table(plan: ImportPlan) -> list[dict[str, Any]]:
    """The changes that would wait for a second person's approval (team mode), one row each,
    with what the record keeps until then."""
    rows = []
    for h in held_changes(plan):
        name = "Use cases" if h.entity == "use_case" else "Outcomes"
        sheet = plan.sheets.get(name)
        record = sheet.records.get(h.entity_id, {}) if sheet is not None else {}
        rows.append(
            {
                "Sheet": name,
                "ID": h.entity_id,
                "Title": _shown(record.get(NAMED_BY[name], "")),
                "Asks for": h.value,
                "Until approved": h.kept or "",
            }
        )
    return rows
