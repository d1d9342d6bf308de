"""The house rules of the code layout: features build on core, never on each other, and pages
are the only Streamlit files besides core's glue."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "lib"
FEATURES = ("library", "callprep", "coverage", "workbook")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every `lib...` module a file imports, at any depth (lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "lib")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] == "lib"
        ):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _lib_files() -> list[Path]:
    return sorted(p for p in LIB.rglob("*.py") if "migrations" not in p.parts)


def _feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "lib" else None


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_imports_only_core_and_itself(feature: str) -> None:
    crossing = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (LIB / feature).rglob("*.py")
        for name in _imports(path)
        if _feature(name) not in (None, "core", feature)
    )
    assert crossing == []


def test_core_imports_no_feature() -> None:
    crossing = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (LIB / "core").rglob("*.py")
        for name in _imports(path)
        if _feature(name) not in (None, "core")
    )
    assert crossing == []


def test_only_pages_and_core_ui_import_streamlit() -> None:
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in _lib_files()
        if any(
            isinstance(node, ast.Import | ast.ImportFrom)
            and any(
                (getattr(node, "module", None) or alias.name).split(".")[0] == "streamlit"
                for alias in node.names
            )
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert all(p.startswith("lib/core/ui") for p in importers), importers


def test_lib_has_no_import_cycles() -> None:
    """Module-level imports between lib modules form no cycle (a cycle means two modules that
    should be one, or a rule that belongs lower down)."""
    modules = {_module_name(p): p for p in _lib_files()}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: a lazy import inside a function is fine
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                submodules = [f"{node.module}.{a.name}" for a in node.names]
                named = [m for m in submodules if m in modules]
                targets = named if len(named) == len(submodules) else [node.module, *named]
            for target in targets:
                # A module importing its own package's __init__ is how packages work, not a cycle.
                if target in modules and target != name and not name.startswith(target + "."):
                    graph[name].add(target)

    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_pages_live_in_app_pages() -> None:
    assert not (ROOT / "pages").exists(), "pages/ is claimed by Streamlit's legacy discovery"
    assert sorted(p.name for p in (ROOT / "app_pages").glob("*.py"))
