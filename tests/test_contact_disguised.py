"""``contact.disguised``: numbers in disguise beside contact markers."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from segtext import SpamConfig, detect_spam
from segtext.spam.rules.contact_disguised import DISGUISE, MARKER, disguised_numbers

RULE = "contact.disguised"


def _contacts(text: str, model: bool = False) -> list[str]:
    return [
        text[f.start : f.end] for f in detect_spam(text, SpamConfig(model=model)) if f.rule == RULE
    ]


def test_each_way_of_disguise_adds_to_the_score() -> None:
    one = detect_spam("客服薇87O9.55I8在线", SpamConfig(model=False))
    two = detect_spam("客服薇⒈O⒎⒎⒈⒐O⒐在线", SpamConfig(model=False))
    assert [f.score for f in one] == [MARKER + DISGUISE]  # letters for digits
    assert [f.score for f in two] == [MARKER + 2 * DISGUISE]  # ... and styled digits


def test_a_disguised_number_without_a_marker_is_not_a_contact() -> None:
    text = "比赛比分为87O9.55I8，观众散场。"
    assert [text[d.start : d.end] for d in disguised_numbers(text)] == ["87O9.55I8"]
    assert _contacts(text) == []


def test_the_nearest_marker_names_the_contact_and_the_sentence_stays() -> None:
    text = "新款手表微信130 31 1 88欢迎选购"
    assert _contacts(text) == ["微信130 31 1 88"]  # not from 手 of 手表
    assert _contacts(text, model=True) in (["微信130 31 1 88"], [])  # or the line model's


def test_letters_of_a_word_are_not_digits() -> None:
    assert _contacts("电话号码 lol 1234567 hello") == []
    assert _contacts("QQ群 123 456 789 欢迎加入") == []  # a plain grouping


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="微薇扣QqVx电：【】 ▋乄.,，0123456789OoIl一〇⒈⒏①\n的是新闻", max_size=80))
def test_contacts_stay_in_bounds_and_add_up(text: str) -> None:
    for f in detect_spam(text, SpamConfig(model=False)):
        assert 0 <= f.start < f.end <= len(text)
        assert math.isclose(sum(e.weight for e in f.evidence), f.score, abs_tol=1e-9)
        if f.rule == RULE:
            assert all(f.start <= e.start and e.end <= f.end for e in f.evidence)
            assert "\n" not in text[f.start : f.end]
