"""``model.lines``: lines the fitted line model scores at the threshold or
above, consecutive lines (blank lines between them allowed) as one finding.

The score is ``1 + logit - t`` (``t`` the model's fitted threshold); the
evidence lists ``model.bias`` (the bias less the threshold) and every
feature's contribution (``feature.<name>``), which add up to the score.
"""

from __future__ import annotations

from segtext.report import Evidence, SpamFinding
from segtext.spam.features import FEATURES, MESSAGES, Line
from segtext.spam.model import Model
from segtext.spam.rules.base import Rule
from segtext.spam.view import View

RULE = Rule("model.lines", "lines", "lines the fitted line model scores as spam")
BIAS = Rule("model.bias", "evidence", "the line model's bias, less its threshold")

KEYWORDS_SHOWN = 8  # vocabulary entries named in a finding, the strongest first
EXCERPT = 60  # characters of the spam quoted in the message


def caller_span(v: View, ln: Line) -> tuple[int, int]:
    line = v.view[ln.start : ln.end]
    lead = len(line) - len(line.lstrip())
    trail = len(line.rstrip())
    return v.map.span(ln.start + lead, ln.start + max(trail, lead))


def evidence(v: View, model: Model, offset: float, s: float, ln: Line) -> list[Evidence]:
    a, b = caller_span(v, ln)
    ev = [Evidence(BIAS.id, a, b, model.bias + offset, "the model's bias, less its threshold")]
    for name in FEATURES:
        c = model.weights.get(name, 0.0) * ln.values.get(name, 0.0)
        if c:
            ev.append(Evidence(f"feature.{name}", a, b, c, MESSAGES.get(name, name)))
    return ev


def keywords(v: View, model: Model, lines: list[Line]) -> tuple[str, ...]:
    matcher = model.matcher()
    entries = {k for ln in lines for k in ln.grams if matcher.ratios[k] > 0}
    best = sorted(entries, key=lambda k: (-matcher.ratios[k], matcher.keys[k]))
    return tuple(matcher.keys[k] for k in best[:KEYWORDS_SHOWN])


def finding(v: View, model: Model, offset: float, group: list[tuple[float, Line]]) -> SpamFinding:
    top_score, top = max(group, key=lambda x: x[0])
    start = caller_span(v, group[0][1])[0]
    end = caller_span(v, group[-1][1])[1]
    lines = [ln for _, ln in group]
    ev = evidence(v, model, offset, top_score, top)
    shown = keywords(v, model, lines)
    excerpt = v.text[start:end]
    if len(excerpt) > EXCERPT:
        excerpt = excerpt[: EXCERPT - 3] + "..."
    n = len(group)
    return SpamFinding(
        start=start,
        end=end,
        kind="lines",
        rule=RULE.id,
        score=top_score,
        categories=(),
        keywords=shown,
        items=n,
        message=f"{n} line(s) the line model scores as spam: {excerpt!r}",
        evidence=tuple(ev),
    )
