"""A pytest plugin for tests/test_suite_rules.py: prints the id of every test that `-m` (or
anything else) deselected, one per line as `deselected <id>`, so one `--collect-only` run
shows both sides of a marker expression."""

from __future__ import annotations

import pytest

_deselected: list[str] = []


def pytest_deselected(items: list[pytest.Item]) -> None:
    _deselected.extend(item.nodeid for item in items)


def pytest_collection_finish(session: pytest.Session) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for nodeid in _deselected:
        reporter.write_line(f"deselected {nodeid}")
