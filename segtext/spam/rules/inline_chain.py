"""``inline.chain``: a chain of adjacent lexicon keywords, one of them an
``inline`` keyword (``澳门六开彩开奖结果历史查询``), spliced into ordinary text.

The score is the weight of the chain's best non-overlapping cover over
``MIN_WEIGHT``; the span is the phrase alone, so ``clean`` keeps the
sentence around it.
"""

from __future__ import annotations

from segtext.lexicon import Match
from segtext.spam.items import Clue, RuleCandidate, best_cover, keyword_chains
from segtext.spam.rules.base import Rule

RULE = Rule("inline.chain", "inline", "a chain of spam keywords spliced into prose")

MIN_WEIGHT = 4.0  # the chain's keyword weight that scores 1.0
MIN_LENGTH = 4  # characters: a shorter chain is a word, not a phrase


def candidates(view: str, matches: list[Match]) -> list[RuleCandidate]:
    """Chains of adjacent keywords with an inline keyword among them."""
    out: list[RuleCandidate] = []
    for chain in keyword_chains(view, matches):
        if not any(m.entry.inline for m in chain):
            continue
        weight = sum(m.entry.weight for m in best_cover(chain))
        a = min(m.start for m in chain)
        b = max(m.end for m in chain)
        if weight < MIN_WEIGHT or b - a < MIN_LENGTH:
            continue
        words = "、".join(
            dict.fromkeys(m.entry.keyword for m in sorted(chain, key=lambda h: h.start))
        )
        score = weight / MIN_WEIGHT
        clue = Clue(RULE.id, a, b, score, f"adjacent spam keywords {words} form one phrase")
        out.append(RuleCandidate(a, b, RULE.id, score, (), (clue,), tuple(chain)))
    return out
