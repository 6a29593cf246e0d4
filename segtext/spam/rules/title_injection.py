"""``title.injection``: one spam title in the title slot, above a page that
never speaks of it.

Hacked pages often get a single title put above the article (真人百家乐网上
赌博平台 over a news story): one item, so no run for ``cluster.keywords``.
What gives it away is the topic: its keywords appear nowhere else on the
page, while a real headline's words come back in the article below it. A
line of the title slot (the first ``TITLE_LINES`` content lines) of at most
``MAX_TITLE`` letters, with ``MIN_STRONG`` distinct strong keywords, and no
crackdown word, scores ``W / TITLE_WEIGHT`` times the share of its strong
keywords that the rest of the page never uses (``W``: the weight of its
keywords' best non-overlapping cover). A spam title put at the head or the
tail of a real headline (``吃瓜黑料_`` + the headline) is found as the end
part that is all keywords. A page with less than ``MIN_BODY`` characters
besides the title has no topic to be off.
"""

from __future__ import annotations

import re

from segtext.lexicon import Match
from segtext.spam.items import CRACKDOWN, Clue, RuleCandidate, best_cover
from segtext.spam.rules.base import Rule

RULE = Rule("title.injection", "cluster", "a spam title in the title slot, off the page's topic")

TITLE_LINES = 2  # content lines that are the title slot (a site name may come first)
MAX_TITLE = 40  # letters and digits: a longer line is prose
MIN_STRONG = 2  # distinct keywords of weight STRONG or more
STRONG = 1.5
TITLE_WEIGHT = 3.0  # the keyword weight that scores 1.0 when wholly off-topic
MIN_BODY = 60  # characters of the page besides the title
ALONE = 2.0  # the weight of an end item of keywords that scores 1.0
ITEM_COVER = 0.8  # share of an end item's letters its keywords cover
# The parts of a headline between title separators (_ | - — :).
_PART = re.compile(r"[^_|｜\-—–:：\s][^_|｜\-—–:：]*[^_|｜\-—–:：\s]|[^_|｜\-—–:：\s]")


def _title_lines(view: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(view)
    while pos <= n and len(out) < TITLE_LINES:
        end = view.find("\n", pos)
        end = n if end < 0 else end
        line = view[pos:end]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos = end + 1
    return out


def _end_item(view: str, a: int, b: int, hits: list[Match]) -> list[RuleCandidate]:
    """A spam title put at the head or the tail of a headline, cut from it
    by a title separator (``吃瓜黑料_`` + the headline): an end item that is
    all keywords (``ITEM_COVER`` of its letters) weighing ``ALONE`` or more,
    off the page's topic, scores its weight / ``ALONE``."""
    parts = [m.span() for m in _PART.finditer(view, a, b)]
    if len(parts) < 2:
        return []
    out: list[RuleCandidate] = []
    for x, y in {parts[0], parts[-1]}:
        cover = best_cover([m for m in hits if x <= m.start and m.end <= y])
        weight = sum(m.entry.weight for m in cover)
        covered = sum(m.end - m.start for m in cover)
        size = sum(c.isalnum() for c in view[x:y])
        if weight < ALONE or covered < ITEM_COVER * size:
            continue
        rest = view[:x] + "\n" + view[y:]
        keys = sorted({m.entry.keyword for m in cover})
        if len(rest.strip()) < MIN_BODY or any(k in rest for k in keys):
            continue
        score = weight / ALONE
        message = (
            f"a title of spam keywords ({'、'.join(keys)}) at an end of the headline,"
            " and nowhere else on the page"
        )
        out.append(
            RuleCandidate(
                x, y, RULE.id, score, (), (Clue(RULE.id, x, y, score, message),), tuple(cover)
            )
        )
    return out


def candidates(view: str, matches: list[Match]) -> list[RuleCandidate]:
    """Off-topic spam titles in the title slot."""
    out: list[RuleCandidate] = []
    if not matches or matches[0].start > len(view) // 2:
        return out
    for a, b in _title_lines(view):
        if CRACKDOWN.search(view, a, b):
            continue
        hits = [m for m in matches if a <= m.start and m.end <= b]
        cover = best_cover(hits)
        strong = sorted({m.entry.keyword for m in cover if m.entry.weight >= STRONG})
        if len(strong) < MIN_STRONG or sum(c.isalnum() for c in view[a:b]) > MAX_TITLE:
            out.extend(_end_item(view, a, b, hits))
            continue
        rest = view[:a] + "\n" + view[b:]
        if len(rest.strip()) < MIN_BODY:
            continue
        off = [k for k in strong if k not in rest]
        weight = sum(m.entry.weight for m in cover)
        score = weight / TITLE_WEIGHT * len(off) / len(strong)
        if not off:
            continue
        message = (
            f"a title of spam keywords ({'、'.join(strong)}) in the title slot; "
            f"{len(off)} of {len(strong)} appear nowhere else on the page"
        )
        clue = Clue(RULE.id, a, b, score, message)
        out.append(RuleCandidate(a, b, RULE.id, score, (), (clue,), tuple(cover)))
    return out
