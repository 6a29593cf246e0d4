"""model.lines hysteresis: a weaker candidate line beside a reported line
joins its finding; a line alone never makes one."""

from __future__ import annotations

from segtext.lexicon import load_lexicon
from segtext.spam.features import Line
from segtext.spam.rules.model_lines import NEIGHBOUR_MARGIN, neighbours
from segtext.spam.view import View, make_view


def lines_of(text: str) -> tuple[View, list[Line]]:
    v = make_view(text, load_lexicon((), ()))
    out, pos = [], 0
    for n, line in enumerate(text.split("\n")):
        out.append(Line(n, pos, pos + len(line), {}, ()))
        pos += len(line) + 1
    return v, out


def never(_: Line) -> bool:
    return False


def test_neighbours_follow_weaker_lines_across_blank_lines() -> None:
    v, ls = lines_of("strong\nweak\n\nweaker\nnone")
    a, b, _, c, d = ls
    scored = [(1.5, a), (0.6, b), (1.0 - NEIGHBOUR_MARGIN, c), (-0.5, d)]
    joined = neighbours(v, scored, [(1.5, a)], 1.0, never)
    # b is next to a, c next to b across a blank line (at the floor exactly);
    # d is below the floor.
    assert sorted(ln.index for _, ln in joined) == [1, 3]


def test_an_unscored_line_between_breaks_the_chain() -> None:
    v, ls = lines_of("strong\nordinary text\nweak")
    a, _, c = ls
    assert neighbours(v, [(1.5, a), (0.9, c)], [(1.5, a)], 1.0, never) == []


def test_nothing_joins_without_a_reported_line_or_when_covered() -> None:
    v, ls = lines_of("weak\nweak")
    a, b = ls
    assert neighbours(v, [(0.9, a), (0.9, b)], [], 1.0, never) == []
    assert neighbours(v, [(1.5, a), (0.9, b)], [(1.5, a)], 1.0, lambda ln: ln is b) == []


def test_a_chain_is_followed_both_ways() -> None:
    v, ls = lines_of("weak\nweak\nstrong\nweak\nweak")
    scored = [(0.5, ln) for ln in ls]
    scored[2] = (1.5, ls[2])
    joined = neighbours(v, scored, [scored[2]], 1.0, never)
    assert sorted(ln.index for _, ln in joined) == [0, 1, 3, 4]
