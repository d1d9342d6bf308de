"""Two app servers on one PostgreSQL database, the way a team runs Casebook behind a load
balancer: what one saves, the other shows on its next run, and a stale save through the other
is refused. PostgreSQL only (tests/run.sh's second pass): SQLite is one machine's file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from lib.core import db
from lib.core.models import UseCase
from lib.library.editing import STALE_MESSAGE
from tests import databases, servers
from tests.builders import library, uc

pytestmark = pytest.mark.skipif(
    not databases.on_postgresql(),
    reason=f"two servers share a PostgreSQL database: set {databases.ENV} (tests/run.sh does)",
)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """Two `streamlit run` processes on one database: (first URL, second URL, database URL)."""
    folder = tmp_path_factory.mktemp("two-servers")
    url = databases.new_database_url(folder)
    engine = db.make_engine(url)
    library(engine, use_cases=[uc("UC-1", "Pay an invoice")])
    engine.dispose()
    with (
        servers.streamlit_app(folder, url, name="first") as first,
        servers.streamlit_app(folder, url, name="second") as second,
    ):
        yield first, second, url
    databases.drop_database(url)


def test_a_save_on_one_server_is_seen_on_the_other_and_a_stale_save_there_is_refused(  # type: ignore[no-untyped-def]
    two_servers, new_page, wait_for_app
) -> None:
    first, second, url = two_servers
    editor = new_page()  # on the first server
    reader = new_page()  # on the second: its cache holds the library before the save
    stale = new_page()  # on the second: an editor opened before the save
    reader.goto(f"{second}/library?uc=UC-1")
    reader.get_by_text("Pay an invoice").first.wait_for()
    for page, base in ((editor, first), (stale, second)):
        page.goto(f"{base}/manage?uc=UC-1")
        wait_for_app(page)
        page.get_by_label("Title", exact=True).wait_for()

    editor.get_by_label("Title", exact=True).fill("Pay a supplier invoice")
    editor.get_by_role("button", name="Save changes").click()
    editor.get_by_text("Saved UC-1 (version 2).").wait_for()

    # The next run on the second server, whose cached library is of the revision before the
    # save (loaded above): the revision check must make it read the library again.
    reader.reload()
    reader.get_by_text("Pay a supplier invoice").first.wait_for()

    stale.get_by_label("Title", exact=True).fill("Pay an invoice today")
    stale.get_by_role("button", name="Save changes").click()
    stale.get_by_text(f"Not saved: UC-1 was {STALE_MESSAGE}.").wait_for()
    engine = db.make_engine(url)
    try:
        with Session(engine) as s:
            saved = s.get(UseCase, "UC-1")
            assert saved is not None and saved.title == "Pay a supplier invoice"
    finally:
        engine.dispose()
