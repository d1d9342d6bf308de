"""One rule for ids, used by the editor and the import alike.

An id is compared character by character, so two ids that look the same must be the same:
text is put in Unicode NFC form and invisible characters (zero-width spaces, joiners, byte
order marks, soft hyphens: Unicode's format characters) are removed. Record ids (use cases,
benefits, outcomes, questions) hold only letters, digits, '-', '_' and '.', as the editor has
always required; segment and persona ids are names, so they may hold spaces but not the list
separators (';' and line breaks) that would split them in a list cell.
"""

from __future__ import annotations

import re
import unicodedata

RECORD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
# Unicode's format characters (category Cf): zero-width spaces and joiners, direction marks,
# the byte order mark, the soft hyphen, ... (a test keeps this in step with `unicodedata`).
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
_NOT_RECORD = re.compile(r"[^A-Za-z0-9_.\-\n]")
_NOT_IN_NAME = re.compile(r"[;\x00-\x1f\x7f]")


def clean_id(text: str) -> tuple[str, bool]:
    """`text` as an id: NFC, no invisible characters, trimmed; True when characters were removed."""
    normal = unicodedata.normalize("NFC", text)
    visible = _INVISIBLE.sub("", normal)
    return visible.strip(), visible != normal


def record_id_problem(uid: str) -> str | None:
    """Why `uid` cannot be a use case, benefit, outcome or question id (None: it can)."""
    if RECORD_ID.match(uid):
        return None
    return f"id {uid!r} may hold only letters, digits, '-', '_' and '.'"


def record_ids_ok(uids: list[str]) -> bool:
    """True when every non-blank id follows the record id rule: one scan for a whole column."""
    present = [uid for uid in uids if uid]
    joined = "\n".join(present)
    return (
        not _NOT_RECORD.search(joined)
        and joined.count("\n") == len(present) - 1
        and not any(uid[0] in "-_." for uid in present)
    )


def name_id_problem(uid: str) -> str | None:
    """Why `uid` cannot be a segment or persona id (None: it can)."""
    if _NOT_IN_NAME.search(uid):
        return f"id {uid!r} may not hold ';', line breaks or control characters"
    return None
