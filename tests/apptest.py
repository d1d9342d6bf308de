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


def plain(markdown: str) -> str:
    """Markdown source with backslash escapes and word joiners removed: the text a reader sees
    (safe_text breaks autolinks and icons with invisible word joiners)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
