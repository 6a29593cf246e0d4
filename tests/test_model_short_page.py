"""model.short_page: two lines leaning to spam on a page too short for the
page model; its evidence adds up to its score."""

from __future__ import annotations

import json
import math
from pathlib import Path

from segtext import SpamConfig, detect_spam
from segtext.spam.model import load_model
from segtext.spam.rules import model_short_page
from segtext.spam.rules.model_short_page import MARGIN, MIN_LINES, findings, leaning

from .conftest import never, view_lines


def test_two_lines_within_the_margin_are_needed() -> None:
    _, (a, b, c) = view_lines("one\ntwo\nthree")
    floor = 1.0 - MARGIN
    assert MIN_LINES == 2
    assert leaning([(floor, a), (0.9, b), (floor - 0.01, c)], 1.0, never) == [(floor, a), (0.9, b)]
    # One line alone is not enough, nor two with one covered by a finding.
    assert leaning([(0.9, a), (floor - 0.01, b)], 1.0, never) == []
    assert leaning([(0.9, a), (0.9, b)], 1.0, lambda ln: ln is b) == []


def test_the_score_is_the_second_line_plus_the_margin() -> None:
    v, (a, _, c) = view_lines("first line\n\nthird line")
    model = load_model()
    offset = 1.0 - model.threshold
    # A line with no feature values scores the bias alone (less the threshold).
    weak = model.bias + offset
    found = findings(v, model, offset, [(weak + 1.0, a), (weak, c)], 2)
    # Lines with a blank line between them are one finding.
    assert len(found) == 1
    f = found[0]
    assert (f.start, f.end) == (0, len("first line\n\nthird line"))
    assert math.isclose(f.score, weak + MARGIN)
    lift = [e for e in f.evidence if e.rule == model_short_page.LIFT.id]
    assert [e.weight for e in lift] == [MARGIN]
    # The rest is the second line's evidence: its bias, which it scores.
    assert math.isclose(sum(e.weight for e in f.evidence), f.score)


def test_case_findings_add_up_and_rest_on_lines_below_the_threshold() -> None:
    case = Path(__file__).parent / "rules" / "model.short_page.json"
    data = json.loads(case.read_text(encoding="utf-8"))
    for c in data["fires"]:
        (f,) = [f for f in detect_spam(c["text"]) if f.rule == model_short_page.RULE.id]
        assert math.isclose(sum(e.weight for e in f.evidence), f.score, abs_tol=1e-9)
        assert f.score >= 1.0
        # Each case's lines are only just below the threshold: without the
        # short-page rule (a higher bar for the second line) nothing is found.
        strict = SpamConfig(threshold=1.0 + MARGIN)
        assert detect_spam(c["text"], strict) == ()
