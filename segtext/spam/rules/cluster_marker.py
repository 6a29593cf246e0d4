"""``cluster.marker``: a spider-pool marker item (``主站蜘蛛池模板:``) followed by
at least ``min_items`` short title items, whatever they say: a link farm of
county names is spam by its structure.

The score is ``MARKER_SCORE + PER_TITLE`` per title, lowered by prose
(``prose.function_words``); an accepted cluster takes the rest of its run.
"""

from __future__ import annotations

from segtext.config import SpamConfig
from segtext.spam.items import Clue, Item, RuleCandidate, prose_factor
from segtext.spam.rules.base import Rule
from segtext.spam.rules.cluster_keywords import PROSE

RULE = Rule("cluster.marker", "cluster", "a spider-pool marker followed by short title items")

MAX_MARKER_ITEM = 15  # letters and digits of the marker item (主站蜘蛛池模板)
LOOK_AHEAD = 200  # items after the marker the decision looks at (linear time)
MAX_TITLE = 30  # letters and digits of a title item
TITLE_SHARE = 0.8  # share of the items ahead that must be titles
MIN_PROSE_FACTOR = 0.5  # below this the items are prose, not titles
MARKER_SCORE = 1.0
PER_TITLE = 0.02


def candidates(
    view: str, items: list[Item], run: list[int], cfg: SpamConfig
) -> list[RuleCandidate]:
    """Marker clusters among a run's items."""
    out: list[RuleCandidate] = []
    covered_to = -1  # run position up to which a marker cluster already reaches
    for pos, i in enumerate(run):
        it = items[i]
        if not it.marker or it.size > MAX_MARKER_ITEM or pos <= covered_to:
            continue
        # Decided on the next 200 items, so that many markers in one long run
        # cost linear time; an accepted cluster takes the rest of the run.
        ahead = [j for j in run[pos + 1 : pos + 1 + LOOK_AHEAD] if items[j].size >= 2]
        titles = [j for j in ahead if items[j].size <= MAX_TITLE]
        if len(titles) < cfg.min_items or len(titles) < TITLE_SHARE * len(ahead):
            continue
        follow = [j for j in run[pos + 1 :] if items[j].size >= 2]
        titles = [j for j in follow if items[j].size <= MAX_TITLE]
        a, b = it.start, items[follow[-1]].end
        prose, ratio = prose_factor(view, items, follow)
        if prose < MIN_PROSE_FACTOR:
            continue
        base = MARKER_SCORE + PER_TITLE * len(titles)
        score = base * prose
        # The item is a marker by any of its hits; the hits it keeps (the
        # heaviest cover) may have left the marker's out.
        marker_kw = next((h.entry.keyword for h in it.hits if h.entry.marker), "marker")
        ev = [
            Clue(
                RULE.id,
                it.start,
                it.end,
                base,
                f"spider-pool marker {marker_kw!r} followed by {len(titles)} short title items",
            )
        ]
        if prose < 1.0:
            ev.append(
                Clue(
                    PROSE.id,
                    a,
                    b,
                    score - base,
                    f"function characters make {ratio:.0%} of the Han text, as in prose",
                )
            )
        out.append(RuleCandidate(a, b, RULE.id, score, (i, *follow), tuple(ev)))
        covered_to = len(run)  # the cluster takes the rest of the run
    return out
