"""Who the library hides from a pack on a day, gathered once per library revision.

`sharing.disclose` needs every customer with an outcome that is not public, and every customer
marked as a reference, from the whole library: one scan of every outcome (250,000 at 100,000
use cases), plus an index of their names' first words for cleaning each text. None of it
depends on the prospect, so the app builds it with each revision in the background and every
pack of the day starts from it (`build_pack(..., names=...)`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lib.core import reads, sharing
from lib.core.collector import collector_paused
from lib.core.reads import Library


def names_of(library: Library, today: dt.date) -> sharing.LibraryNames:
    """The library's `sharing.LibraryNames` for sales outputs on `today`, with the index of
    the hidden names built now (in the background build) rather than in a rep's view."""
    with collector_paused():
        names = sharing.library_names(library.all_outcomes, today)
        names.first_words  # noqa: B018 - built here, once, not in the first pack's view
    return names


@reads.derived_from(names_of)
def library_names(source: Engine | Library, today: dt.date) -> sharing.LibraryNames:
    """`names_of` the library in `source` (the app builds it from the shared read instead)."""
    return names_of(reads.library_of(source), today)
