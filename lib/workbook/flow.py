"""The Manage page's import, one upload at a time: checked, then previewed, then imported.

The page keeps one `ImportFlow` in its session and draws it; every move from one stage to the
next happens here, so the flow is tested without Streamlit. A flow belongs to one `Upload` (the
file, the "remove records the file does not list" switch and the library revision it was checked
against): when any of these changes, the file is checked again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from lib.core.access import Actor
from lib.workbook.importing import ImportPlan, ImportResult, Progress, apply_import, plan_import
from lib.workbook.problems import WorkbookError


class Stage(enum.Enum):
    IDLE = "idle"  # nothing uploaded, or not checked yet
    UNREADABLE = "unreadable"  # the file as a whole cannot be read: `error` says why
    PROBLEMS = "problems"  # read, with problems to fix: nothing can be imported
    PREVIEW = "preview"  # clean: the plan shows what an import would do
    IMPORTED = "imported"  # written; the library now matches the file


@dataclass(frozen=True)
class Upload:
    """What a check is valid for: the file, the replace switch and the library revision."""

    file_id: str
    filename: str
    replace: bool
    revision: int


@dataclass(frozen=True)
class ImportFlow:
    stage: Stage = Stage.IDLE
    upload: Upload | None = None
    plan: ImportPlan | None = None
    error: str = ""

    def is_for(self, upload: Upload) -> bool:
        """True when this flow already holds the check of `upload` (no need to read it again)."""
        return self.stage is not Stage.IDLE and self.upload == upload

    @property
    def can_import(self) -> bool:
        return self.stage is Stage.PREVIEW and self.plan is not None and self.plan.has_changes

    def imported(self, result: ImportResult) -> ImportFlow:
        """The flow after `result`: the same file at the library's new revision, so it is not
        read and checked again (seconds for a big workbook) on the next run."""
        if self.upload is None:
            raise ValueError("only a checked upload can be imported")
        return ImportFlow(Stage.IMPORTED, replace(self.upload, revision=result.revision))


def check(engine: Engine, upload: Upload, data: bytes) -> ImportFlow:
    """Read and check the uploaded `data` against the library; writes nothing."""
    try:
        plan = plan_import(engine, data, upload.filename, replace=upload.replace)
    except WorkbookError as err:
        return ImportFlow(Stage.UNREADABLE, upload, error=str(err))
    return ImportFlow(Stage.PREVIEW if plan.ok else Stage.PROBLEMS, upload, plan)


def run_import(
    engine: Engine,
    flow: ImportFlow,
    *,
    who: str | Actor,
    progress: Progress | None = None,
    allow_unlink: bool = False,
) -> tuple[ImportFlow, ImportResult]:
    """Apply a previewed plan; raises `WorkbookError` (nothing written) when it cannot be,
    including a --replace that strands approved use cases without `allow_unlink`."""
    if flow.stage is not Stage.PREVIEW or flow.plan is None:
        raise WorkbookError("there is no checked file to import; upload it again")
    result = apply_import(engine, flow.plan, who=who, progress=progress, allow_unlink=allow_unlink)
    return flow.imported(result), result
