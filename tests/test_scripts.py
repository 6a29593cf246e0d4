"""Script runs: hand-checked splits and the tiling property."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from segtext import script_runs


def pieces(text: str) -> list[tuple[str, str]]:
    return [(text[r.start : r.end], r.script) for r in script_runs(text)]


def test_brand_and_number_inside_chinese_sentence() -> None:
    assert pieces("我用iPhone 15拍照") == [("我用", "Han"), ("iPhone ", "Latin"), ("15拍照", "Han")]


def test_common_characters_join_the_same_script() -> None:
    assert pieces("Hello, world. 中国，北京") == [
        ("Hello, world. ", "Latin"),
        ("中国，北京", "Han"),
    ]


def test_sentence_punctuation_stays_left() -> None:
    assert pieces("你好。Hello") == [("你好。", "Han"), ("Hello", "Latin")]


def test_leading_common_joins_first_run() -> None:
    assert pieces("  (2023) 中国") == [("  (2023) 中国", "Han")]


def test_no_letters_is_one_common_run() -> None:
    assert pieces("123 -- 45") == [("123 -- 45", "Common")]
    assert script_runs("") == ()


def test_scripts_recognised() -> None:
    text = "ひらがなカタカナ 한국어 Привет ελληνικά"
    scripts = [s for _, s in pieces(text)]
    assert scripts == ["Kana", "Hangul", "Cyrillic", "Other"]


def test_astral_han_is_han() -> None:
    assert pieces("𠀀𪚥字") == [("𠀀𪚥字", "Han")]


@given(st.text())
def test_runs_tile_any_text(text: str) -> None:
    runs = script_runs(text)
    pos = 0
    for r in runs:
        assert r.start == pos < r.end
        pos = r.end
    assert pos == len(text)
    # Neighbours differ in script (otherwise they would be one run).
    assert all(a.script != b.script for a, b in itertools.pairwise(runs))


_ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=30)
_MIXED = st.text(
    alphabet=st.sampled_from("aZ ,.!\n1-中文é©“’한カЖα\u0301\u200b\U00020000🙂"), max_size=30
)


@given(_ASCII, _MIXED)
def test_the_ascii_head_shortcut_finds_the_same_raw_runs(head: str, rest: str) -> None:
    # _raw_runs starts the regex at the last letter of a leading ASCII part;
    # it must give what the regex gives scanning from the start.
    from segtext.scripts import _RUN, _raw_runs  # noqa: PLC0415 - private, for this check

    text = head + rest
    expected = [(m.start(), m.end(), m.lastgroup) for m in _RUN.finditer(text)]
    assert list(_raw_runs(text)) == expected
