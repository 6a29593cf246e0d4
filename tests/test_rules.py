"""Every spam rule against its case file, and the registry, the case files
and the README's rule table in agreement.

A case file, ``tests/rules/<rule id>.json``, lists texts the rule must fire
on, each with the exact text its finding (or, for an evidence rule, the
finding it sits under) must span, and texts on which it must not fire.
``model: false`` runs the lexicon rules alone, so that a rule is seen
without the line model beside it. The texts are written for these tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from segtext import SpamConfig, SpamFinding, detect_spam
from segtext.spam.rules import EVIDENCE, RULES

from .conftest import ROOT

CASES = Path(__file__).parent / "rules"


def _cases() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted(CASES.glob("*.json")):
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        out[path.stem] = data
    return out


ALL = _cases()


def _by_rule(findings: tuple[SpamFinding, ...], rule: str) -> list[SpamFinding]:
    return [f for f in findings if f.rule == rule or any(e.rule == rule for e in f.evidence)]


def _params(which: str) -> list[Any]:
    return [
        pytest.param(rule, i, id=f"{rule}-{which}-{i}")
        for rule, data in ALL.items()
        for i in range(len(data[which]))
    ]


@pytest.mark.parametrize(("rule", "i"), _params("fires"))
def test_rule_fires_with_its_span(rule: str, i: int) -> None:
    case = ALL[rule]["fires"][i]
    text = case["text"]
    found = _by_rule(detect_spam(text, SpamConfig(model=ALL[rule]["model"])), rule)
    spans = [text[f.start : f.end] for f in found]
    assert case["span"] in spans, spans


@pytest.mark.parametrize(("rule", "i"), _params("clean"))
def test_rule_stays_quiet(rule: str, i: int) -> None:
    text = ALL[rule]["clean"][i]
    assert _by_rule(detect_spam(text, SpamConfig(model=ALL[rule]["model"])), rule) == []


def test_every_case_file_names_its_rule_and_has_both_sides() -> None:
    for stem, data in ALL.items():
        assert data["rule"] == stem
        assert data["fires"] and data["clean"], stem
        assert all(c["span"] in c["text"] for c in data["fires"]), stem


def _readme_rules() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Spam rules", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([a-z_.]+)` \|", section, re.MULTILINE))


def test_registry_case_files_and_readme_agree() -> None:
    registry = [r.id for r in (*RULES, *EVIDENCE)]
    assert len(registry) == len(set(registry)), "a rule id is registered twice"
    assert set(registry) == set(ALL), "every rule has a case file and every case file a rule"
    assert set(registry) == _readme_rules(), "the README's rule table lists every rule"
