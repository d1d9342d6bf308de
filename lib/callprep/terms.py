"""Words for matching a rep's notes to use cases: tokens, a small stop-word list, light stems.

Both sides (the notes and the use-case text) go through `tokens`, so 'records', 'Record' and
'recorded' meet on one stem and 'the', 'our', 'very' never count as a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each etc few for
    from further get gets got had has have having he her here hers him his how i if in into is
    it its itself just let me more most much my no nor not now of off on once only or other
    our ours out over own per please same she should so some such than that the their theirs
    them then there these they this those through to too under until up us very via was we
    were what when where which while who whom why will with would you your yours
    really want wants need needs lot lots like told said says tell take takes took taking
    make makes made making still even ever keep keeps kept
    ask asks asked asking thing things stuff something everything anything way
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed",
    "ly", "s",
)  # fmt: skip


def stem(word: str) -> str:
    """A light suffix-stripping stem: enough for plural/tense variants, never below 3 letters."""
    return _stem(word.lower())


@lru_cache(maxsize=262_144)
def _stem(w: str) -> str:
    """`stem` of a lower-case word; cached, as a library repeats a small vocabulary."""
    w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            elif suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                base = w[:-1]  # 'times' -> 'time', but 'boxes' -> 'box'
            elif suffix == "s" and base.endswith(("s", "u", "i")):
                base = w  # 'process', 'status', 'analysis': not plurals
            w = base
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # 'time'/'timed'/'times', 'approve'/'approved' meet
    return w


def words(text: str) -> list[str]:
    """The words of `text` in order, as written."""
    return _WORD.findall(text or "")


def tokens(text: str) -> list[str]:
    """Stems of the meaningful words of `text`, in order (repeats kept, for term frequency)."""
    lowered = (w.lower() for w in words(text))
    return [_stem(w) for w in lowered if w not in STOP_WORDS and len(w) > 1]


@dataclass(frozen=True)
class NoteTerms:
    """A rep's notes as query stems, remembering how each was written for the reasons."""

    stems: tuple[str, ...]
    written: tuple[tuple[str, str], ...]  # (word as written, its stem or "" for a stop word)
    text: str = ""
    spans: tuple[tuple[int, int], ...] = ()  # where each written word sits in `text`

    def phrases(self, matched: set[str]) -> list[str]:
        """Runs of consecutive matched words as the rep wrote them: 'records lookup time',
        're-key data'. A run stops at punctuation, so 'hours; timesheets' gives two."""
        runs: list[list[int]] = []
        for n, (_word, s) in enumerate(self.written):
            if not (s and s in matched):
                continue
            if runs and runs[-1][-1] == n - 1 and self._joined(n - 1, n):
                runs[-1].append(n)
            else:
                runs.append([n])
        unique: dict[str, str] = {}
        for run in runs:
            first, last = run[0], run[-1]
            # Whole words as written: 're-keys', 'on-time rate', never 're' or 'time rate'.
            while first > 0 and self._hyphened(first - 1, first):
                first -= 1
            while last + 1 < len(self.written) and self._hyphened(last, last + 1):
                last += 1
            phrase = self._span(first, last)
            unique.setdefault(phrase.lower(), phrase)
        return list(unique.values())

    def _joined(self, a: int, b: int) -> bool:
        if not self.spans:
            return True
        gap = self.text[self.spans[a][1] : self.spans[b][0]]
        return gap.strip() in ("", "-", "–", "/")

    def _hyphened(self, a: int, b: int) -> bool:
        """Whether words `a` and `b` are parts of one written word ('on-time', 're-keys')."""
        return bool(self.spans) and self.text[self.spans[a][1] : self.spans[b][0]] in ("-", "‐")

    def _span(self, first: int, last: int) -> str:
        if not self.spans:
            return " ".join(w for w, _ in self.written[first : last + 1])
        return " ".join(self.text[self.spans[first][0] : self.spans[last][1]].split())


def note_terms(text: str) -> NoteTerms:
    text = text or ""
    written = []
    spans = []
    stems: list[str] = []
    for match in _WORD.finditer(text):
        w = match.group()
        keep = w.lower() not in STOP_WORDS and len(w) > 1
        s = stem(w) if keep else ""
        written.append((w, s))
        spans.append(match.span())
        if s and s not in stems:
            stems.append(s)
    return NoteTerms(stems=tuple(stems), written=tuple(written), text=text, spans=tuple(spans))
