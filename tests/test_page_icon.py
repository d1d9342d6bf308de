"""The tab icon is a file in the repository that Streamlit sends inline, so the app shows it
with no outside server (the Chromium check, with every outside request refused, is in
tests/browser/test_call_prep_laptop_browser.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from streamlit.commands.page_config import _get_favicon_string

from lib.core import ui


def test_the_page_icon_is_a_local_svg_sent_inline() -> None:
    root = ET.parse(ui.PAGE_ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    assert _get_favicon_string(str(ui.PAGE_ICON)).startswith("data:image/svg+xml;base64,")
