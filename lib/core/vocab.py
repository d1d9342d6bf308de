"""The fixed words of the library, defined once so every check, dropdown and export agrees."""

from __future__ import annotations

STATUSES: tuple[str, ...] = ("draft", "approved", "retired")
PERMISSIONS: tuple[str, ...] = ("public", "anonymized", "internal")
STAGES: tuple[str, ...] = ("situation", "problem", "implication", "need-payoff")
CATEGORIES: tuple[str, ...] = ("revenue", "cost", "time", "risk", "experience")
EXTENSION_KINDS: tuple[str, ...] = ("alternate", "exception")
SEGMENT_KINDS: tuple[str, ...] = ("industry", "company_size")
# The uses a customer approved an outcome for (the permission ledger): one-to-one sales
# conversations, the web site, press, and showing their logo. Every Casebook output (a call-prep
# pack, a question sheet) is a `sales` output.
USES: tuple[str, ...] = ("sales", "web", "press", "logo")
SALES_USE = "sales"
REFERENCE_ACTIVITIES: tuple[str, ...] = ("call", "site visit", "case study", "press")

COMPANY_SIZES: tuple[str, ...] = ("SMB", "Mid-market", "Enterprise")

STALE_AFTER_DAYS = 90
EXPIRING_WITHIN_DAYS = 30
DEFAULT_TOP_N = 3

INTERNAL_MARK = "internal — do not share"
LOCAL_USER = "local user"
