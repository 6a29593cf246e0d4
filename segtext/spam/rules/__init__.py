"""The spam rules: one module per rule, and their ordered registry.

A rule module holds its id (:class:`Rule`), a docstring saying what the rule
finds and why, its named parameters, and the code that proposes candidates
or builds findings; a case file per rule (``tests/rules/<id>.json``) says
what it must fire on and what it must leave alone, and a meta-test checks
that this registry, the case files and the README's rule table agree.

Lexicon rules propose candidates on the folded view, scored in their own
unit (a finding at 1.0 or more is reported); the model rules report lines
and pages that the fitted line model scores at the threshold or above (the
score is ``1 + logit - t``, so that 1.0 means the same for both kinds).
Evidence rules (``EVIDENCE``) never make a finding of their own: they are
the contributions listed under a finding.
"""

from __future__ import annotations

from segtext.spam.rules import (
    cluster_contact,
    cluster_keywords,
    cluster_marker,
    contact_disguised,
    inline_chain,
    inline_splice,
    model_doorway,
    model_lines,
    model_short_page,
    page_keyword_density,
    title_injection,
)
from segtext.spam.rules.base import Rule

#: Every rule that reports findings, in the order they run.
RULES: tuple[Rule, ...] = (
    cluster_marker.RULE,
    cluster_keywords.RULE,
    title_injection.RULE,
    inline_chain.RULE,
    inline_splice.RULE,
    contact_disguised.RULE,
    page_keyword_density.RULE,
    model_lines.RULE,
    model_short_page.RULE,
    model_doorway.RULE,
)

#: Evidence ids that appear under findings (contributions, not findings).
EVIDENCE: tuple[Rule, ...] = (
    cluster_contact.RULE,
    cluster_keywords.SEPARATOR,
    cluster_keywords.PROSE,
    cluster_keywords.ONE_KIND,
    cluster_keywords.ENFORCEMENT,
    cluster_keywords.SENTENCE,
    model_lines.BIAS,
    model_short_page.LIFT,
    model_doorway.BIAS,
    model_doorway.SUPPORT,
)

__all__ = ["EVIDENCE", "RULES", "Rule"]
