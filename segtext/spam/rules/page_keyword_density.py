"""``page.keyword_density``: advert prose, strong commercial-spam keywords
(gambling, lottery, drugs, fake documents, grey-market services, SEO)
outside clusters at a density no article reaches.

Adult words are left out: health and sex-education articles use them
densely (measured on the SIGHAN AS texts: 8 hits in 2,000 characters).
Nor do the keywords of a sentence with a crackdown word count: a report on
a raid names what was sold.
"""

from __future__ import annotations

import bisect

from segtext.lexicon import Match
from segtext.spam.items import (
    CRACKDOWN,
    STRONG_KEYWORD,
    Clue,
    RuleCandidate,
    line_bounds,
    sentence_around,
)
from segtext.spam.rules.base import Rule

RULE = Rule("page.keyword_density", "page", "strong spam keywords at the density of adverts")

DENSE_MIN_HITS = 6
DENSE_MIN_KINDS = 3
DENSE_PER_1000 = 10.0
_DENSE_CATEGORIES = frozenset({"gambling", "lottery", "drugs", "documents", "services", "seo"})


def candidates(
    view: str, matches: list[Match], clusters: list[RuleCandidate]
) -> list[RuleCandidate]:
    """The page, when its strong keywords outside clusters are dense enough."""
    spans = sorted((c.a, c.b) for c in clusters)
    starts = [a for a, _ in spans]

    def in_cluster(m: Match) -> bool:
        i = bisect.bisect_right(starts, m.start) - 1
        return i >= 0 and m.end <= spans[i][1]

    def enough(hits: list[Match]) -> bool:
        return (
            len(hits) >= DENSE_MIN_HITS and len({m.entry.keyword for m in hits}) >= DENSE_MIN_KINDS
        )

    strong = [
        m
        for m in matches
        if m.entry.weight >= STRONG_KEYWORD
        and m.entry.category in _DENSE_CATEGORIES
        and not in_cluster(m)
    ]
    if not enough(strong):
        return []
    # A report on a raid or a warning names what it reports, densely: its
    # sentences' keywords do not count (as for clusters, prose.enforcement).
    # Most pages hold no crackdown word: no sentence is looked for then.
    if CRACKDOWN.search(view):
        strong = [
            m for m in strong if not CRACKDOWN.search(view, *sentence_around(view, m.start, m.end))
        ]
        if not enough(strong):
            return []
    size = sum(1 for c in view if not c.isspace())
    density = 1000.0 * len(strong) / max(size, 1)
    if density < DENSE_PER_1000:
        return []
    a, _ = line_bounds(view, strong[0].start)
    _, b = line_bounds(view, strong[-1].start)
    words = "、".join(dict.fromkeys(m.entry.keyword for m in strong))
    score = density / DENSE_PER_1000
    message = (
        f"{len(strong)} strong spam keywords ({words}) at {density:.0f} per"
        " 1,000 characters, a density of adverts, not articles"
    )
    return [
        RuleCandidate(
            a, b, RULE.id, score, (), (Clue(RULE.id, a, b, score, message),), tuple(strong)
        )
    ]
