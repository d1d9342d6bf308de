"""File names for downloads: one rule, so every file a rep or marketer saves reads alike."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, fallback: str = "prospect") -> str:
    """'São Paulo Clínica, Inc.' -> 'sao-paulo-clinica-inc': safe in any file name."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:60].strip("-") or fallback
