"""Rules written once in `lib.core`: step labels and the use-case checks the editor and the
workbook import share."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.core import checks, steps
from lib.library.editing import (
    EditError,
    UseCaseDraft,
    extension_rows,
    extensions_from_rows,
    load_draft,
    normalized,
    problems,
    update_use_case,
)
from lib.workbook import cells
from lib.workbook.problems import CellError
from lib.workbook.validation import extension_step_problems
from tests.builders import library, uc


@pytest.mark.parametrize(
    ("label", "branch", "part"),
    [("3a", 3, "3"), ("3B ", 3, "3"), ("12c2", 12, "12"), ("*a", None, "*"), ("*b1", None, "*")],
)
def test_well_formed_labels_name_the_step_they_branch_from(
    label: str, branch: int | None, part: str
) -> None:
    assert steps.is_label(label)
    assert steps.branch_step(label) == branch
    assert steps.step_part(label) == part


@pytest.mark.parametrize("label", ["", "3", "a3", "two", "3 a", "**a", "3*a", "-1a", None])
def test_malformed_labels_name_no_step(label: str | None) -> None:
    assert not steps.is_label(label)
    assert steps.branch_step(label) is None


def test_the_workbook_reads_exactly_the_labels_the_rule_accepts() -> None:
    assert [e["step"] for e in cells.read_extensions("3A. Late: wait\n*a. Any time: stop")] == [
        "3a",
        "*a",
    ]
    with pytest.raises(CellError):
        cells.read_extensions("**a. Twice starred: stop")


EXTENSIONS = [
    {"step": "2a", "kind": "alternate", "condition": "Fine", "steps": []},
    {"step": "9a", "kind": "alternate", "condition": "Too far", "steps": []},
    {"step": "2a", "kind": "exception", "condition": "Twice", "steps": []},
    {"step": "*a", "kind": "sideways", "condition": "", "steps": []},
]
EXPECTED = [
    ("9a", "extension 9a: there is no main step 9 (it has 2)"),
    ("2a", "extension 2a appears twice; give each its own letter (2a, 2b, ...)"),
    ("*a", "extension *a: kind 'sideways' is not one of alternate, exception"),
    ("*a", "extension *a: the condition is required (what happens, like 'Card declined')"),
]


def test_editor_and_import_report_the_same_extension_problems() -> None:
    main = ["The rep opens the account", "The system shows the plan"]
    assert extension_step_problems(main, EXTENSIONS) == EXPECTED
    draft = normalized(UseCaseDraft(id="UC-1", title="T", main_steps=main, extensions=EXTENSIONS))
    assert problems(draft) == [message for _, message in EXPECTED]


def test_an_extension_without_a_label_is_named_by_its_position() -> None:
    found = checks.extension_problems(["a"], [{"step": " ", "kind": "alternate", "condition": "x"}])
    assert found == [
        checks.ExtensionProblem(
            "", "extension 1 (no step): the step must look like '3a' (a step number and a letter)"
        )
    ]


def test_choice_messages_are_shared() -> None:
    assert checks.not_one_of("maybe", ("public", "internal")) == (
        "'maybe' is not one of public, internal"
    )
    assert checks.not_one_of("public", ("public", "internal")) is None
    with pytest.raises(CellError, match="'Maybe' is not one of public, internal"):
        cells.choice_reader(("public", "internal"))("Maybe")


def test_handling_steps_read_and_write_the_same_way_in_the_editor_and_a_cell() -> None:
    handling = ["pick another card", "retry"]
    assert steps.handling_text(handling) == "pick another card; retry"
    assert steps.handling_steps(" pick another card ;; retry; ") == handling
    rows = extension_rows([{"step": "3a", "condition": "Declined", "steps": handling}])
    assert rows[0]["handling"] == steps.handling_text(handling)
    assert extensions_from_rows(rows)[0]["steps"] == handling
    cell = cells.write_extensions([{"step": "3a", "condition": "Declined", "steps": handling}])
    assert cells.read_extensions(cell)[0]["steps"] == handling


@pytest.mark.parametrize(
    ("ref", "noun", "wanted", "message"),
    [
        ("Atlantis", "segment", "industry", "'Atlantis' is not a segment in the library"),
        ("SMB", "segment", "industry", "'SMB' is a company size segment, not an industry"),
        (
            "Retail",
            "segment",
            "company_size",
            "'Retail' is an industry segment, not a company size",
        ),
        ("Retail", "segment", "industry", None),
        ("UC-404", "use case", None, "'UC-404' is not a use case in the library"),
    ],
)
def test_references_are_judged_alike_in_the_editor_and_the_import(
    ref: str, noun: str, wanted: str | None, message: str | None
) -> None:
    kinds = {"SMB": "company_size", "Retail": "industry"}
    known = set(kinds) if noun == "segment" else {"UC-1"}
    found = checks.reference_problem(
        ref, noun, known, "the library", kinds=kinds, wanted_kind=wanted
    )
    assert found == message


def test_the_editor_names_a_segment_of_the_wrong_kind(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1", industries=["Retail"], company_sizes=["SMB"])])
    draft, version = load_draft(engine, "UC-1")  # type: ignore[misc]
    draft.industries = ["SMB", "Atlantis"]
    with pytest.raises(EditError) as err:
        update_use_case(engine, draft, version=version, who="Ana")
    assert err.value.problems == [
        "industry 'SMB' is a company size segment, not an industry",
        "industry 'Atlantis' is not a segment in the library",
    ]
