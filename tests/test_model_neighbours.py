"""model.lines hysteresis: a weaker candidate line beside a reported line
joins its finding; a line alone never makes one."""

from __future__ import annotations

from segtext import SpamConfig
from segtext.spam.combine import detect
from segtext.spam.corpus import load_corpus
from segtext.spam.rules.model_lines import NEIGHBOUR_MARGIN, adjacent, groups, neighbours

from .conftest import SHARED, need_shared, never, view_lines


def test_neighbours_follow_weaker_lines_across_blank_lines() -> None:
    v, ls = view_lines("strong\nweak\n\nweaker\nnone")
    a, b, _, c, d = ls
    scored = [(1.5, a), (0.6, b), (1.0 - NEIGHBOUR_MARGIN, c), (-0.5, d)]
    joined = neighbours(v, scored, [(1.5, a)], 1.0, never)
    # b is next to a, c next to b across a blank line (at the floor exactly);
    # d is below the floor.
    assert sorted(ln.index for _, ln in joined) == [1, 3]


def test_an_unscored_line_between_breaks_the_chain() -> None:
    v, ls = view_lines("strong\nordinary text\nweak")
    a, _, c = ls
    assert neighbours(v, [(1.5, a), (0.9, c)], [(1.5, a)], 1.0, never) == []


def test_lines_of_punctuation_between_part_nothing() -> None:
    # A table's rows with their | and ---|--- lines between, a * * * rule:
    # no letter or digit, so the weak rows join; a word between parts them.
    v, ls = view_lines("strong\n|\nweak\n---|---|\nweak\n* * *\nweak\nsee 1\nweak")
    scored = [(1.5, ls[0]), *((0.5, ls[i]) for i in (2, 4, 6, 8))]
    joined = neighbours(v, scored, [scored[0]], 1.0, never)
    assert sorted(ln.index for _, ln in joined) == [2, 4, 6]
    assert adjacent(v, ls[0], ls[2])
    assert not adjacent(v, ls[6], ls[8])
    assert [len(g) for g in groups(v, [scored[0], *joined])] == [4]


def test_nothing_joins_without_a_reported_line_or_when_covered() -> None:
    v, ls = view_lines("weak\nweak")
    a, b = ls
    assert neighbours(v, [(0.9, a), (0.9, b)], [], 1.0, never) == []
    assert neighbours(v, [(1.5, a), (0.9, b)], [(1.5, a)], 1.0, lambda ln: ln is b) == []


def test_a_chain_is_followed_both_ways() -> None:
    v, ls = view_lines("weak\nweak\nstrong\nweak\nweak")
    scored = [(0.5, ln) for ln in ls]
    scored[2] = (1.5, ls[2])
    joined = neighbours(v, scored, [scored[2]], 1.0, never)
    assert sorted(ln.index for _, ln in joined) == [0, 1, 3, 4]


def test_a_near_miss_is_never_part_of_a_finding() -> None:
    """On every labelled page (shipped model), the near misses ``--explain``
    lists lie outside the reported findings: a line that joined a finding
    as a neighbour is reported, not missed."""
    need_shared(SHARED / "dev" / "zh" / "labels.json")
    cfg = SpamConfig(near_misses=True)
    pages = 0
    for folder in ("dev/zh", "dev/intl", "dev/round1", "cases"):
        for page in load_corpus([SHARED / folder]):
            d = detect(page.text, cfg)
            pages += 1
            for m in d.near_misses:
                assert not any(m.start < f.end and f.start < m.end for f in d.findings), page.name
    assert pages > 500
