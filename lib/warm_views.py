"""The views every page opens with, built in the background with each new revision.

Registered by the app frame on every run and by `serve.py` as the server starts, before any
visit, so the build at start already covers them. Core knows no feature; this list is where
the features meet, like the app frame's page list.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lib.callprep.candidates import load_candidates
from lib.callprep.library_names import library_names
from lib.core import ui
from lib.core.vocab import EXPIRING_WITHIN_DAYS, STALE_AFTER_DAYS
from lib.coverage import model as coverage_data
from lib.coverage.dismissals import dismissed_cells, load_dismissals
from lib.coverage.report import coverage_report
from lib.deals.report import warm_influence
from lib.library import catalog
from lib.references.proposals import customer_outcomes


def _today() -> tuple[dt.date]:
    return (dt.date.today(),)


def _coverage_defaults(engine: Engine) -> tuple[object, ...]:
    """The Coverage report's arguments as the page asks for them with nothing changed."""
    dismissed = dismissed_cells(load_dismissals(engine))
    return (dt.date.today(), None, STALE_AFTER_DAYS, EXPIRING_WITHIN_DAYS, dismissed)


def register() -> None:
    """Name the views (and the Coverage report with its default settings) to `ui.keep_warm`."""
    ui.keep_warm(
        {
            load_candidates: tuple,
            library_names: _today,
            customer_outcomes: tuple,
            coverage_data.load: tuple,
            catalog.library_frame: _today,
            catalog.filter_options: tuple,
            catalog.use_case_titles: tuple,
        }
    )
    ui.keep_warm_kept({coverage_report: (coverage_data.load, _coverage_defaults)})
    ui.keep_warm_also([warm_influence])
