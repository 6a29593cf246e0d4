"""Title items: the stretches of a view between separators, with their
keyword hits, grouped into runs; the frozen records rule candidates are.

An item is a stretch of letters and digits between separators (``|`` ``_``
``-`` ``,`` ``、`` spaces, the `` I `` separator...); it gets the weight of its
best non-overlapping keyword hits (capped at ``ITEM_CAP``). Runs of short
items never cross a blank line or a ``。``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

import regex

from segtext.lexicon import Match
from segtext.normalize import HAN_RUN

# An item: letters, digits and marks, possibly joined by . ' & + @ # % : inside.
_ITEM = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:[.'&+@#%:][\p{L}\p{N}\p{M}]+)*", regex.V1)
# Counted by runs with the standard `re` (one match per run, not per
# character): Han by the generated script table, letters and digits as
# str.isalnum has them (both checked equal over every code point).
_ALNUM_RUN = re.compile(r"[^\W_]+")
# Function characters of Chinese prose (rare in keyword titles).
FUNCTION_CHARS = frozenset("的了是在和有我他她们这就也都而但被把着过很说")

MAX_ITEM = 40  # letters/digits; a longer item is prose, not a title
STRONG_ITEM = 1.0  # an item weighing this much is a spam title
WEAK_ITEM = 0.5  # ... this much, half of one
ITEM_CAP = 3.0  # the most one item's hits count for


@dataclass(slots=True)
class Item:
    start: int  # in the view (folded) text
    end: int
    size: int  # letters and digits
    han: int
    weight: float = 0.0
    hits: list[Match] = field(default_factory=list)
    marker: bool = False

    @property
    def spam(self) -> float:
        if self.weight >= STRONG_ITEM:
            return 1.0
        if self.weight >= WEAK_ITEM:
            return 0.5
        return 0.0


_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")


def paragraphs_with_hits(view: str, matches: list[Match]) -> list[tuple[int, int, list[Match]]]:
    """``(start, end, hits)`` of each blank-line-separated paragraph with hits."""
    bounds = [0]
    for m in _BLANK_LINE.finditer(view):
        bounds.append(m.end())
    bounds.append(len(view) + 1)
    out: list[tuple[int, int, list[Match]]] = []
    bi = 0
    for mt in matches:
        while bounds[bi + 1] <= mt.start:
            bi += 1
        if out and out[-1][0] == bounds[bi]:
            out[-1][2].append(mt)
        else:
            out.append((bounds[bi], min(bounds[bi + 1], len(view)), [mt]))
    return out


def cut_items(view: str, start: int = 0, end: int | None = None) -> list[Item]:
    out = []
    for m in _ITEM.finditer(view, start, len(view) if end is None else end):
        s = m.group()
        if s.isascii():
            han = 0
            size = len(s) - sum(s.count(c) for c in ".'&+@#%:")
        else:
            han = sum(map(len, HAN_RUN.findall(s)))
            size = sum(map(len, _ALNUM_RUN.findall(s)))
        out.append(Item(m.start(), m.end(), size, han))
    return out


def assign_hits(items: list[Item], matches: list[Match]) -> None:
    starts = [it.start for it in items]
    per_item: dict[int, list[Match]] = {}
    for mt in matches:
        idx = bisect.bisect_right(starts, mt.start) - 1
        if idx < 0 or mt.end > items[idx].end:
            continue  # a hit across items or in a separator does not count
        per_item.setdefault(idx, []).append(mt)
    for idx, hits in per_item.items():
        item = items[idx]
        chosen = best_cover(hits)
        item.hits = sorted(chosen, key=lambda h: h.start)
        item.weight = min(ITEM_CAP, sum(h.entry.weight for h in chosen))
        item.marker = any(h.entry.marker for h in hits)


def hard_break(view: str, a: int, b: int) -> bool:
    """Whether the gap ``view[a:b]`` between two items ends a run."""
    gap = view[a:b]
    return gap.count("\n") >= 2 or "。" in gap


def runs(view: str, items: list[Item]) -> list[list[int]]:
    """Indices of items grouped into runs of short items."""
    runs: list[list[int]] = []
    cur: list[int] = []
    prev_end = 0
    for idx, it in enumerate(items):
        if it.size > MAX_ITEM or (cur and hard_break(view, prev_end, it.start)):
            if cur:
                runs.append(cur)
            cur = []
        if it.size <= MAX_ITEM:
            cur.append(idx)
        prev_end = it.end
    if cur:
        runs.append(cur)
    return runs


def prose_factor(view: str, items: list[Item], idxs: list[int]) -> tuple[float, float]:
    """1.0 for keyword titles, falling to 0 at the function-word density of prose.

    Function characters inside keyword hits do not count (在 of 在线 is no
    prose); the ratio is taken over all Han characters of the items.
    """
    han = 0
    func = 0
    for i in idxs:
        it = items[i]
        text = view[it.start : it.end]
        han += it.han
        inside = {p for h in it.hits for p in range(h.start - it.start, h.end - it.start)}
        func += sum(1 for p, c in enumerate(text) if c in FUNCTION_CHARS and p not in inside)
    if han == 0:
        return 1.0, 0.0
    ratio = func / han
    return max(0.0, min(1.0, 1.0 - (ratio - 0.06) / 0.06)), ratio


def separator_regularity(view: str, items: list[Item], idxs: list[int]) -> tuple[str, float]:
    gaps = [view[items[a].end : items[b].start].strip() for a, b in itertools.pairwise(idxs)]
    if not gaps:
        return "", 0.0
    sep, n = Counter(gaps).most_common(1)[0]
    return sep, n / len(gaps)


_TRAILING_SEPARATOR = regex.compile(r"[^\S\n]*[|_,，、/\\;；:：-]+")


def extend_trailing_separator(view: str, end: int) -> int:
    """Take in the separator right after a run's last item (the final ``|``)."""
    m = _TRAILING_SEPARATOR.match(view, end)
    return m.end() if m else end


def line_bounds(view: str, pos: int) -> tuple[int, int]:
    a = view.rfind("\n", 0, pos) + 1
    b = view.find("\n", pos)
    return a, (len(view) if b < 0 else b)


@dataclass(frozen=True, slots=True)
class Clue:
    """One piece of a candidate's evidence: a rule id, a view span, its
    contribution to the candidate's score, and a sentence a person can check."""

    rule: str
    a: int
    b: int
    contribution: float
    message: str


@dataclass(frozen=True, slots=True)
class RuleCandidate:
    """What a lexicon rule proposes: a view span, its score, the items it
    covers, its evidence (contributions that add up to ``score``) and the
    keyword hits behind it."""

    a: int  # view offsets
    b: int
    rule: str
    score: float
    items: tuple[int, ...] = ()
    evidence: tuple[Clue, ...] = ()
    hits: tuple[Match, ...] = ()


def best_cover(hits: list[Match]) -> list[Match]:
    """The heaviest non-overlapping hits (heavier first, then longer)."""
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []
    for mt in sorted(hits, key=lambda h: (-h.entry.weight, -(h.end - h.start), h.start)):
        if any(mt.start < b and a < mt.end for a, b in taken):
            continue
        chosen.append(mt)
        taken.append((mt.start, mt.end))
    return chosen
