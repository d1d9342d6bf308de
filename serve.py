"""Casebook's server: `streamlit run serve.py` serves `app.py` and starts building the library's
shared data (the read and every view the pages open with) as soon as the process starts, so the
first visitor after a start does not wait for the whole build (see README, "Speed after a
change"). `streamlit run app.py` serves the same app, building on the first visit instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from lib.core.collector import tune_malloc

# Before the server's threads allocate: fewer malloc arenas and large blocks kept in mappings
# of their own keep its memory flat over edits.
tune_malloc()


@asynccontextmanager
async def _warm_at_start(_app: st.App) -> AsyncIterator[None]:
    from lib import warm_views
    from lib.core import ui

    warm_views.register()
    ui.warm_at_start()
    yield


app = st.App(Path(__file__).resolve().parent / "app.py", lifespan=_warm_at_start)
