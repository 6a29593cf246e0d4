"""``cluster.keywords``: a stretch of short title items most of which carry
spam keywords (at least ``min_items`` do).

The score is ``k / min_items`` (``k`` counts spam items, half for weak ones)
scaled by how dense the keyword items are (full at ``FULL_DENSITY``), then
lowered by Chinese function words at prose density (``prose.function_words``)
and raised by a regular separator (``structure.separator``): three strong
items in a row score 1.0.
"""

from __future__ import annotations

from segtext.config import SpamConfig
from segtext.spam.items import Clue, Item, RuleCandidate, prose_factor, separator_regularity
from segtext.spam.rules.base import Rule

RULE = Rule("cluster.keywords", "cluster", "a run of short title items carrying spam keywords")
SEPARATOR = Rule("structure.separator", "evidence", "the items are joined by one separator")
PROSE = Rule("prose.function_words", "evidence", "function words at prose density lower it")

MAX_GAP_ITEMS = 3  # non-spam items tolerated between spam items of one cluster
FULL_DENSITY = 0.6  # a share of keyword items at which the density counts in full
REGULAR = 0.7  # share of gaps with the same separator that makes it regular
SEPARATOR_BONUS = 1.2  # what a regular separator multiplies the score by


def candidates(
    view: str, items: list[Item], run: list[int], cfg: SpamConfig
) -> list[RuleCandidate]:
    """Keyword clusters among a run's items."""
    out: list[RuleCandidate] = []
    # Title items: the marker item (主站蜘蛛池模板) announces a run, it is no title.
    counted = [i for i in run if items[i].size >= 2 and not items[i].marker]
    spam_pos = [p for p, i in enumerate(counted) if items[i].spam > 0]
    if not spam_pos:
        return out
    groups: list[list[int]] = [[spam_pos[0]]]
    for p in spam_pos[1:]:
        if p - groups[-1][-1] - 1 <= MAX_GAP_ITEMS:
            groups[-1].append(p)
        else:
            groups.append([p])
    for g in groups:
        window = counted[g[0] : g[-1] + 1]
        k = sum(items[i].spam for i in window)
        strong = sum(1 for i in window if items[i].spam == 1.0)
        if strong < 1 or k < 2:
            continue
        density = k / len(window)
        a, b = items[window[0]].start, items[window[-1]].end
        prose, ratio = prose_factor(view, items, window)
        sep, regular = separator_regularity(view, items, window)
        base = (k / cfg.min_items) * min(1.0, density / FULL_DENSITY)
        with_prose = base * prose
        score = with_prose * (SEPARATOR_BONUS if regular >= REGULAR and sep else 1.0)
        # Contributions in order: keywords, then what prose took away, then
        # what the separator's regularity added; they add up to the score.
        ev = [
            Clue(
                RULE.id,
                a,
                b,
                base,
                f"{k:g} of {len(window)} title items carry spam keywords",
            )
        ]
        if prose < 1.0:
            ev.append(
                Clue(
                    PROSE.id,
                    a,
                    b,
                    with_prose - base,
                    f"function characters make {ratio:.0%} of the Han text, as in prose",
                )
            )
        if sep and regular >= REGULAR:
            ev.append(
                Clue(
                    SEPARATOR.id,
                    a,
                    b,
                    score - with_prose,
                    f"{regular:.0%} of the items are joined by {sep!r}",
                )
            )
        out.append(RuleCandidate(a, b, RULE.id, score, tuple(window), tuple(ev)))
    return out
