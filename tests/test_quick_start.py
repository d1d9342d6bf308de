"""The README's quick start works on a fresh machine without questions asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_CONFIG = (
    "from streamlit import config\n"
    "config.get_config_options(force_reparse=True)\n"
    "print(config.get_option('server.showEmailPrompt'), "
    "config.get_option('browser.gatherUsageStats'))\n"
)


def test_streamlit_run_in_the_repo_asks_for_no_email_and_sends_no_stats(tmp_path: Path) -> None:
    fresh_home = {**os.environ, "HOME": str(tmp_path)}  # no ~/.streamlit of this machine's
    done = subprocess.run(
        [sys.executable, "-c", READ_CONFIG],
        cwd=ROOT,
        env=fresh_home,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", "False"]
