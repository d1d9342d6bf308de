"""Which tests the PostgreSQL pass runs (tests/run.sh): those that can open a library there.

A test that never reaches the database under test would only repeat its SQLite run. A test
reaches it through a fixture that opens a library (`db_url`, `schema_copy`, or any fixture of
the suite whose code asks `tests.databases` for one, such as the browser tests'
`served_library`), or through its own code: a test function, or a helper of its module it calls,
that uses `tests.databases` or `DATABASE_URL`. Module code outside any function that does so
(a skip condition, a shared URL) keeps every test of the module.

The `sample` fixture is not a library in this sense: it gives candidates already read, and
tests/test_sample_candidates.py checks that they read the same from either database.

Reading the source errs on the side of running: a name that might be the module
`databases` counts. tests/conftest.py also checks the other side as the tests run: a test
judged to open no library that asks `tests.databases` for one fails, with the reason.
"""

from __future__ import annotations

import ast
import functools
import inspect
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
LIBRARY_FIXTURES = frozenset({"db_url", "schema_copy"})
NOT_A_LIBRARY = frozenset({"sample"})
DATABASES_MODULE = "tests.databases"
URL_VARIABLE = "DATABASE_URL"


def opens_a_library(item: pytest.Item) -> bool:
    """Whether `item` can reach the database under test (see the module's docstring)."""
    function = getattr(item, "originalname", None)
    path = _resolved(str(item.path))
    if function is None or not path.is_file():
        return True  # not a test function of a module: keep it
    fixtures = set(getattr(item, "fixturenames", ()))
    if LIBRARY_FIXTURES & fixtures:
        return True
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs if info is not None else {}
    for name in sorted(fixtures - NOT_A_LIBRARY):
        for fixturedef in definitions.get(name, ()):
            if _fixture_reaches(fixturedef.func):
                return True
    owner = getattr(item, "cls", None)
    return reaches(path, owner.__name__ if owner is not None else function)


@functools.cache
def _resolved(path: str) -> Path:
    return Path(path).resolve()


@functools.cache
def _fixture_reaches(func: object) -> bool:
    func = inspect.unwrap(func)  # type: ignore[arg-type]
    try:
        source = _resolved(inspect.getsourcefile(func) or "")  # type: ignore[arg-type]
    except TypeError:
        return False
    if TESTS not in source.parents:  # pytest's own and plugins' fixtures open no library
        return False
    return reaches(source, func.__name__)  # type: ignore[attr-defined]


def reaches(path: Path, name: str) -> bool:
    """Whether the top-level function or class `name` of the module at `path`, or module code
    outside any function, or a top-level helper it refers to, uses the database under test."""
    module = _Module.of(path)
    if module.top_level_reaches:
        return True
    if module.unread:
        return False
    if name not in module.definitions:
        return True  # not found as written: keep it
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        mentions, refers_to = module.read(current)
        if mentions:
            return True
        todo += refers_to
    return False


class _Module:
    """What one test module's source says about the database, read once."""

    def __init__(self, source: str) -> None:
        # A module that never names either uses neither: no need to parse it.
        self.unread = "databases" not in source and URL_VARIABLE not in source
        tree = ast.parse("" if self.unread else source)
        self.names = {"databases"}  # the module, and what is imported from it
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == DATABASES_MODULE:
                self.names |= {alias.asname or alias.name for alias in node.names}
        self.definitions = {
            node.name: node
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        }
        self._read: dict[str, tuple[bool, list[str]]] = {}
        self.top_level_reaches = any(
            self._mentions(node)
            for node in tree.body
            if not isinstance(
                node,
                ast.Import | ast.ImportFrom | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
            )
        )

    def read(self, name: str) -> tuple[bool, list[str]]:
        """Whether the definition `name` uses the database itself, and the other top-level
        definitions it refers to."""
        if name not in self._read:
            node = self.definitions[name]
            refers_to = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            self._read[name] = (
                self._mentions(node),
                sorted(refers_to & set(self.definitions) - {name}),
            )
        return self._read[name]

    def _mentions(self, node: ast.AST) -> bool:
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and n.id in self.names:
                return True
            if isinstance(n, ast.Attribute) and n.attr == "databases":
                return True
            if isinstance(n, ast.ImportFrom) and n.module == DATABASES_MODULE:
                return True
            if isinstance(n, ast.alias) and n.name.rsplit(".", 1)[-1] == "databases":
                return True
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and URL_VARIABLE in n.value:
                return True
        return False

    @staticmethod
    @functools.cache
    def of(path: Path) -> _Module:
        return _Module(path.read_text(encoding="utf-8"))
