"""Open the real app in Streamlit's AppTest, optionally on one page with query params."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_app(page: str | None = None, timeout: float = 60, **query: str | list[str]) -> AppTest:
    """Run app.py (and switch to `app_pages/<page>.py`) with the given URL query params."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"app_pages/{page.replace('-', '_')}.py").run()
    return at


def unfold(at: AppTest, key: str, value: object = True) -> AppTest:
    """Open the folded section with this key and rerun, as a click on it does (an expander's
    value is True when open; a tab set's is the open tab's label): the page draws a folded
    section's contents only while it is open."""
    at.session_state[key] = value
    return at.run()


def plain(markdown: str) -> str:
    """Markdown source with backslash escapes and word joiners removed: the text a reader sees
    (safe_text breaks autolinks and icons with invisible word joiners)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
