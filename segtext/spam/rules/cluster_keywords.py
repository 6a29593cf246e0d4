"""``cluster.keywords``: a stretch of short title items most of which carry
spam keywords (at least ``min_items`` do).

The score is ``k / min_items`` (``k`` counts spam items, half for weak ones)
scaled by how dense the keyword items are (full at ``FULL_DENSITY``), then
lowered by Chinese function words at prose density (``prose.function_words``)
and raised by a regular separator (``structure.separator``): three strong
items in a row score 1.0.
"""

from __future__ import annotations

import itertools

from segtext.config import SpamConfig
from segtext.spam.items import (
    ALONE_WEIGHT,
    CRACKDOWN,
    SPACED_WORD,
    STOP_WORDS,
    Clue,
    Item,
    RuleCandidate,
    prose_factor,
    sentence_around,
    separator_regularity,
)
from segtext.spam.rules.base import Rule

RULE = Rule("cluster.keywords", "cluster", "a run of short title items carrying spam keywords")
SEPARATOR = Rule("structure.separator", "evidence", "the items are joined by one separator")
PROSE = Rule("prose.function_words", "evidence", "function words at prose density lower it")
ONE_KIND = Rule(
    "structure.one_kind", "evidence", "items resting on one repeated keyword count less"
)
ENFORCEMENT = Rule("prose.enforcement", "evidence", "words of a report on a crackdown lower it")
SENTENCE = Rule("prose.sentence", "evidence", "items that are clauses of a sentence lower it")

MAX_GAP_ITEMS = 3  # non-spam items tolerated between spam items of one cluster
FULL_DENSITY = 0.6  # a share of keyword items at which the density counts in full
REGULAR = 0.7  # share of gaps with the same separator that makes it regular
SEPARATOR_BONUS = 1.2  # what a regular separator multiplies the score by
#: An item whose spam rests on the keyword of an earlier item counts this
#: much: a list of one kind (lottery results, flats for sale) repeats one
#: word, a spam run varies them.
REPEAT_SHARE = 0.25
#: What a crackdown word in the cluster or its sentence leaves of its score: spam titles
#: never say 查处 or 违法, reports on spam do.
ENFORCEMENT_FACTOR = 0.3
#: What is left when the items are clauses: joined by commas, in a line that
#: ends with a full stop (a sentence), where spam titles end with none.
SENTENCE_FACTOR = 0.4
_COMMAS = frozenset(",，")
_FULL_STOPS = ("。", ".", "！", "!", "？", "?")


#: A line of words of a space-separated language is prose when this share
#: of its words outside the keywords are function words (the, and, o, e,
#: yang, và...): "Regulators said online casino, sports betting and free
#: spins adverts must carry warnings" is a sentence about keywords, not a
#: run of titles (0.15: a run of titles holds next to none).
SPACED_PROSE_SHARE = 0.15
SPACED_PROSE_WORDS = 6  # words outside the keywords a line needs to be judged


def _spaced_prose(view: str, items: list[Item], window: list[int]) -> bool:
    """Whether the line of a window is prose of a space-separated language."""
    a, b = items[window[0]].start, items[window[-1]].end
    lo = view.rfind("\n", 0, a) + 1
    hi = view.find("\n", b)
    hi = len(view) if hi < 0 else hi
    spans = [(h.start, h.end) for i in window for h in items[i].hits]
    words = [
        m.group()
        for m in SPACED_WORD.finditer(view, lo, hi)
        if not any(x <= m.start() and m.end() <= y for x, y in spans)
    ]
    if len(words) < SPACED_PROSE_WORDS:
        return False
    return sum(1 for w in words if w in STOP_WORDS) >= SPACED_PROSE_SHARE * len(words)


def _sentence(view: str, items: list[Item], window: list[int]) -> bool:
    """Whether a window's items are clauses: most gaps commas, and the line
    of its last item ending with a full stop."""
    gaps = [view[items[x].end : items[y].start].strip() for x, y in itertools.pairwise(window)]
    if not gaps or sum(1 for g in gaps if g in _COMMAS) * 2 < len(gaps):
        return False
    last = items[window[-1]].end
    end = view.find("\n", last)
    return view[last : len(view) if end < 0 else end].rstrip().endswith(_FULL_STOPS)


def _counted(items: list[Item], window: list[int]) -> tuple[float, str, int]:
    """Spam items of a window, each repeat of the keyword an item rests on
    (its heaviest hit's) counting REPEAT_SHARE; the most repeated keyword
    and how many items rest on it."""
    seen: dict[str, int] = {}
    k = 0.0
    for i in window:
        it = items[i]
        if not it.spam:
            continue
        best = max(it.hits, key=lambda h: (h.entry.weight, h.end - h.start, -h.start))
        key = best.entry.keyword
        # A keyword that makes a title spam alone (毛片, 바카라) counts in full
        # however often it comes: a run that repeats it is spam all the same.
        repeat = key in seen and best.entry.weight < ALONE_WEIGHT
        k += it.spam * (REPEAT_SHARE if repeat else 1.0)
        seen[key] = seen.get(key, 0) + 1
    if not seen:
        return k, "", 0
    key, n = max(seen.items(), key=lambda kv: (kv[1], kv[0]))
    return k, key, n


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
        scale = min(1.0, density / FULL_DENSITY)
        base = (k / cfg.min_items) * scale
        k_kinds, repeated, n_repeated = _counted(items, window)
        kinds = (k_kinds / cfg.min_items) * scale
        crackdown = CRACKDOWN.search(view, *sentence_around(view, a, b))
        with_enforcement = kinds * (ENFORCEMENT_FACTOR if crackdown else 1.0)
        clauses = _sentence(view, items, window)
        sentence = clauses or _spaced_prose(view, items, window)
        with_sentence = with_enforcement * (SENTENCE_FACTOR if sentence else 1.0)
        with_prose = with_sentence * prose
        score = with_prose * (SEPARATOR_BONUS if regular >= REGULAR and sep else 1.0)
        # Contributions in order: keywords, then what repeats, a crackdown
        # word and prose took away, then what the separator's regularity
        # added; they add up to the score.
        ev = [
            Clue(
                RULE.id,
                a,
                b,
                base,
                f"{k:g} of {len(window)} title items carry spam keywords",
            )
        ]
        if kinds < base:
            ev.append(
                Clue(
                    ONE_KIND.id,
                    a,
                    b,
                    kinds - base,
                    f"{n_repeated} items rest on one keyword, {repeated!r}: a list of one kind",
                )
            )
        if crackdown:
            ev.append(
                Clue(
                    ENFORCEMENT.id,
                    a,
                    b,
                    with_enforcement - kinds,
                    f"{crackdown.group()!r}: a report on spam, not spam",
                )
            )
        if sentence:
            ev.append(
                Clue(
                    SENTENCE.id,
                    a,
                    b,
                    with_sentence - with_enforcement,
                    "the items are clauses joined by commas in a line ending with a full stop"
                    if clauses
                    else "the items sit in prose: function words between them",
                )
            )
        if prose < 1.0:
            ev.append(
                Clue(
                    PROSE.id,
                    a,
                    b,
                    with_prose - with_sentence,
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
