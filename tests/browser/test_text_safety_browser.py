"""In Chromium: a hostile link to Call prep and a hostile library on Coverage leave no link,
maths, colour, badge or icon made from data anywhere in the page (SVG charts included)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.hostile_library import hostile_library, size_name

pytestmark = pytest.mark.browser

# Short enough for every id column (120 characters) with the builders' prefixes and suffixes.
HOSTILE = '[Go](https://evil.example/a) :red[pwn] $$x^2$$ <a href="https://evil.example/b">x</a> :material/bolt:'  # noqa: E501
ISSUE_LINK = {  # the shared link from the bug report
    "industry": "[Click to re-authenticate](https://evil.example/login)",
    "persona": ":red[x] $$x^2$$ www.evil.example me@evil.example",
}

# Everything that would mean data came alive; returns a description of each offender.
LIVE_FROM_DATA = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      // Heading anchors (href="#slug-of-the-heading") only scroll the page: not a way out.
      if (/(^|:)(href|src)$/i.test(a.name) && /evil|mailto/i.test(a.value)
          && !a.value.startsWith('#')) {
        found.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
  }
  for (const sel of ['.katex', '.stMarkdownColoredText', '.stMarkdownColoredBackground',
                     '[aria-label="bolt icon"]']) {
    for (const el of document.querySelectorAll(sel)) found.push(`${sel}: ${el.textContent}`);
  }
  for (const el of document.querySelectorAll('.stMarkdownBadge')) {
    if (/pwn|x\\^2/.test(el.textContent)) found.push(`badge: ${el.textContent}`);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(served_library):  # type: ignore[no-untyped-def]
    base, engine = served_library
    hostile_library(engine, HOSTILE, usage=True)
    return base


def test_call_prep_from_a_hostile_link(hostile, page, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(120_000)  # a busy 2-core machine: wait long, never a fixed sleep
    query = {"company": HOSTILE, "industry": HOSTILE, "size": size_name(HOSTILE),
             "persona": HOSTILE, "pains": HOSTILE, "include": f"{HOSTILE}, -UC-none"}  # fmt: skip
    page.goto(f"{hostile}/call-prep?{urlencode(query)}")
    wait_for_app(page)
    page.get_by_text("Chosen:", exact=False).wait_for()
    page.locator("[data-testid='stCheckbox']").filter(has_text="evil.example/b").first.wait_for()
    page.get_by_text("Pack preview").wait_for()
    assert page.evaluate(LIVE_FROM_DATA) == []

    page.goto(f"{hostile}/call-prep?{urlencode(ISSUE_LINK)}")
    wait_for_app(page)
    warning = page.locator("[data-testid='stAlert']").filter(has_text="Click to re-authenticate")
    warning.first.wait_for()
    shown = warning.first.inner_text().replace("\u2060", "")  # word joiners are invisible
    assert "[Click to re-authenticate](https://evil.example/login)" in shown  # as typed
    assert page.evaluate(LIVE_FROM_DATA) == []


def test_coverage_over_a_hostile_library(hostile, page, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(120_000)
    query = {"industry": HOSTILE, "persona": HOSTILE}
    page.goto(f"{hostile}/coverage?{urlencode(query)}")
    wait_for_app(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    ticks = chart.locator(".xtick text, .ytick text").filter(has_text="evil.example/b")
    ticks.first.wait_for()
    assert '<a href="https://evil.example/b">x</a>' in ticks.first.text_content()
    overuse = page.get_by_text("shown to 3 prospects", exact=False).first
    overuse.wait_for(state="attached")  # in the Usage tab, not shown until it is opened
    assert page.evaluate(LIVE_FROM_DATA) == []
