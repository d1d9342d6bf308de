"""The Excel/CSV round trip of the library: import (plan, then apply), export and template.

The Manage page and the command line call only what is exported here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from lib.core.summary import library_counts
from lib.workbook.importing import (
    ImportPlan,
    ImportResult,
    SheetChanges,
    Unlink,
    UnlinkRefused,
    apply_import,
    held_changes,
    held_summary,
    import_file,
    plan_import,
)
from lib.workbook.problems import Problem, WorkbookError

if TYPE_CHECKING:
    from lib.workbook.exporting import export_workbook
    from lib.workbook.template import template_workbook

SAMPLE_LIBRARY: Path = Path(__file__).resolve().parents[2] / "data" / "sample_library.xlsx"
SAMPLE_WHO = "sample library"

__all__ = [
    "SAMPLE_LIBRARY",
    "ImportPlan",
    "ImportResult",
    "Problem",
    "SheetChanges",
    "Unlink",
    "UnlinkRefused",
    "WorkbookError",
    "apply_import",
    "export_workbook",
    "held_changes",
    "held_summary",
    "import_file",
    "is_empty",
    "load_sample_if_empty",
    "plan_import",
    "template_workbook",
]


def is_empty(engine: Engine) -> bool:
    """True when the library holds no use cases, outcomes, personas or segments."""
    counts = library_counts(engine)
    return not (
        counts.use_cases
        or counts.outcomes
        or counts.personas
        or counts.industries
        or counts.company_sizes
        or counts.questions
    )


def load_sample_if_empty(engine: Engine) -> bool:
    """Load `data/sample_library.xlsx` into an empty library; True if it was loaded.

    Raises `WorkbookError` if the sample itself does not import cleanly.
    """
    if not SAMPLE_LIBRARY.exists() or not is_empty(engine):
        return False
    plan, _result = import_file(engine, SAMPLE_LIBRARY, who=SAMPLE_WHO)
    if not plan.ok:
        listed = "\n".join(str(p) for p in plan.problems[:20])
        raise WorkbookError(f"the sample library has {len(plan.problems)} problem(s):\n{listed}")
    return True


def __getattr__(name: str) -> Any:
    """The export and the template, loaded when first asked for: they bring in xlsxwriter,
    which an import never needs."""
    if name == "export_workbook":
        from lib.workbook.exporting import export_workbook

        return export_workbook
    if name == "template_workbook":
        from lib.workbook.template import template_workbook

        return template_workbook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
