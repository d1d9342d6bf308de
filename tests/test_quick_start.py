"""The README's quick start works on a fresh machine without questions asked, and the server
it starts is configured for many reps at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READ_CONFIG = (
    "from streamlit import config\n"
    "config.get_config_options(force_reparse=True)\n"
    "print(config.get_option('server.showEmailPrompt'), "
    "config.get_option('browser.gatherUsageStats'), "
    "config.get_option('runner.postScriptGC'))\n"
)


@pytest.fixture(scope="module")
def repo_config(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The options `streamlit run` in the repository's folder starts with, as printed."""
    fresh_home = {**os.environ, "HOME": str(tmp_path_factory.mktemp("home"))}  # no ~/.streamlit
    done = subprocess.run(
        [sys.executable, "-c", READ_CONFIG],
        cwd=ROOT,
        env=fresh_home,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_streamlit_run_in_the_repo_asks_for_no_email_and_sends_no_stats(
    repo_config: list[str],
) -> None:
    assert repo_config[:2] == ["False", "False"]


def test_the_server_does_not_collect_its_whole_heap_after_every_rerun(
    repo_config: list[str],
) -> None:
    """Streamlit's default full collection after each script run cost more CPU than the
    Call prep page itself and held every other session back (see .streamlit/config.toml)."""
    assert repo_config[2] == "False"
