"""The fixed words of the library, defined once so every check, dropdown and export agrees."""

from __future__ import annotations

STATUSES: tuple[str, ...] = ("draft", "approved", "retired")
PERMISSIONS: tuple[str, ...] = ("public", "anonymized", "internal")
STAGES: tuple[str, ...] = ("situation", "problem", "implication", "need-payoff")
CATEGORIES: tuple[str, ...] = ("revenue", "cost", "time", "risk", "experience")
EXTENSION_KINDS: tuple[str, ...] = ("alternate", "exception")
SEGMENT_KINDS: tuple[str, ...] = ("industry", "company_size")
REFERENCE_ACTIVITIES: tuple[str, ...] = ("call", "site visit", "case study", "press")

COMPANY_SIZES: tuple[str, ...] = ("SMB", "Mid-market", "Enterprise")

STALE_AFTER_DAYS = 90
EXPIRING_WITHIN_DAYS = 30
DEFAULT_TOP_N = 3

INTERNAL_MARK = "internal — do not share"
LOCAL_USER = "local user"
