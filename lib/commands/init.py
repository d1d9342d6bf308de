"""`init`: create or migrate the database and load the sample library into an empty one."""

from __future__ import annotations

import argparse

from alembic.runtime.migration import MigrationContext

from lib import workbook
from lib.commands import CommandError
from lib.core import db
from lib.core.summary import library_counts

NAME = "init"
HELP = "Create or migrate the database; load the sample library if the library is empty."
ORDER = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-sample", action="store_true", help="leave an empty library empty")


def run(args: argparse.Namespace) -> int:
    url = db.database_url()
    engine = db.make_engine(url, migrate=False)
    try:
        with engine.connect() as conn:
            before = MigrationContext.configure(conn).get_current_revision()
        db.upgrade(engine)
        with engine.connect() as conn:
            after = MigrationContext.configure(conn).get_current_revision()
        where = db.describe(url)
        if before is None:
            print(f"Created the database ({where}) at schema {after}.")
        elif before != after:
            print(f"Migrated the database ({where}) from schema {before} to {after}.")
        else:
            print(f"The database ({where}) is up to date (schema {after}).")
        if args.no_sample:
            loaded = False
        else:
            try:
                loaded = workbook.load_sample_if_empty(engine)
            except workbook.WorkbookError as error:
                raise CommandError(str(error)) from None
        counts = library_counts(engine)
        held = counts.describe()
        if loaded:
            print(f"Loaded the sample library from {workbook.SAMPLE_LIBRARY.name}: {held}.")
        elif workbook.is_empty(engine):
            reason = (
                ""
                if args.no_sample or workbook.SAMPLE_LIBRARY.exists()
                else (f" (no sample library at {workbook.SAMPLE_LIBRARY})")
            )
            print(
                f"The library is empty{reason}. Fill in a template "
                "(python -m lib template library.xlsx) and import it "
                "(python -m lib import library.xlsx)."
            )
        else:
            print(f"The library already holds {held}; the sample was not loaded.")
    finally:
        engine.dispose()
    return 0
