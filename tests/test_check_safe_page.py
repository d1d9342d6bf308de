"""Call prep's "Check a file before you send it": upload, and read who may not be named where."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.apptest import open_app, plain
from tests.outgoing_files import deck_file, ledger_library

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def test_an_uploaded_deck_lists_each_customer_it_may_not_name(engine: Engine) -> None:
    ledger_library(engine)
    at = open_app("call-prep")
    uploader = at.file_uploader(key="check-safe-upload")
    assert not at.exception and not at.error
    uploader.set_value([
        ("deck.pptx", deck_file(), PPTX),
        ("clean.txt", b"Granite Peak Outdoor cut returns.", "text/plain"),
        ("old.ppt", b"\xd0\xcf\x11\xe0", "application/vnd.ms-powerpoint"),
    ]).run()  # fmt: skip
    assert not at.exception
    assert [plain(e.value) for e in at.error] == ["deck.pptx: names 3 customers it may not name"]
    assert [plain(s.value) for s in at.success] == ["clean.txt: no customer it may not name"]
    assert "old.ppt: .ppt files are not checked; save it as .pptx and check that" in [
        plain(w.value) for w in at.warning
    ]
    rows = at.dataframe[-1].value.to_dict("records")
    assert {"where": "slide 4 notes", "written": "Zorblax Holdings",
            "customer": "Zorblax Holdings", "why": "internal only"} in rows  # fmt: skip
    assert {r["where"] for r in rows} == {"slide 2", "slide 3", "slide 4 notes"}
