"""An xdist worker freezes its heap before pytest's clean-up collects garbage (see
tests/worker_exit.py), and only a worker does."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.worker_exit import freeze_heap_if_worker

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the inner pytest: pytest's clean-up calls what a test adds with `add_cleanup`
# after every `pytest_unconfigure` hook and before its own garbage collections.
INNER_TEST = """
import gc
import os


def test_reports_the_frozen_heap_at_clean_up(request):
    report = os.environ["FROZEN_REPORT"]
    request.config.add_cleanup(lambda: open(report, "w").write(str(gc.get_freeze_count())))
"""


@pytest.fixture
def unfrozen() -> object:
    """Thaw whatever a test froze, so this process's collector sees its heap again."""
    yield
    gc.unfreeze()


def test_only_a_worker_freezes_its_heap(unfrozen: object) -> None:
    gc.unfreeze()
    assert freeze_heap_if_worker(SimpleNamespace()) is False  # type: ignore[arg-type]
    assert gc.get_freeze_count() == 0
    worker = SimpleNamespace(workerinput={"workerid": "gw0"})
    assert freeze_heap_if_worker(worker) is True  # type: ignore[arg-type]
    assert gc.get_freeze_count() > 0


def _frozen_at_clean_up(tmp_path: Path, *options: str) -> int:
    """How many objects were frozen when pytest's clean-up ran, in a separate pytest run of
    one test with the suite's conftest and `options`."""
    (tmp_path / "test_inner.py").write_text(INNER_TEST)
    report = tmp_path / "frozen.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "--rootdir", str(tmp_path), *options, str(tmp_path / "test_inner.py")],
        cwd=ROOT, env={**env, "FROZEN_REPORT": str(report)},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return int(report.read_text())


def test_an_xdist_worker_cleans_up_over_a_frozen_heap(tmp_path: Path) -> None:
    """The conftest's hook is what freezes it (a run without xdist is the unit test's case)."""
    assert _frozen_at_clean_up(tmp_path, "-n", "1") > 0
