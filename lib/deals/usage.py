"""The usage log's lists of use cases and outcomes, read for many events at once.

Read as their JSON text and decoded in one call: decoding 300,000 small documents one by one
(what the JSON column type does per row) costs seconds. Plain Python, so Call prep's win
signal uses it without pandas.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Text, cast

from lib.core.models import UsageEvent

USE_CASES = cast(UsageEvent.use_case_ids, Text)
OUTCOMES = cast(UsageEvent.outcome_ids, Text)


def json_lists(texts: Any) -> list[list[Any] | None]:
    """Many JSON lists decoded at once (NULL or `null` as None)."""
    if not len(texts):
        return []
    return json.loads("[" + ",".join(t if t else "null" for t in texts) + "]")  # type: ignore[no-any-return]
