"""Folding with exact maps back to the caller's text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from segtext.normalize import compose, fold, fold_case_width, to_simplified, unconfuse


def test_fullwidth_case_and_invisibles() -> None:
    text = "ＡＢｃ１２ 毛\u200b片"
    f = fold(text)
    assert f.text == "abc12 毛片"
    a = f.text.index("毛片")
    assert f.span(a, a + 2) == (text.index("毛"), len(text))  # the zero-width space inside


def test_expansion_maps_every_char_to_its_source() -> None:
    f = fold("㈱x")
    assert f.text == "(株)x"
    assert [f.span(i, i + 1) for i in range(4)] == [(0, 1), (0, 1), (0, 1), (1, 2)]


def test_traditional_to_simplified_keeps_offsets() -> None:
    f = to_simplified("紐約客後來")
    assert f.text == "纽约客后来"
    assert f.is_identity_map


def test_homoglyph_digits_and_lookalikes() -> None:
    assert fold("٣ ９ 𝟗 ①").text == "3 9 9 1"
    assert fold("亚洲αv a∨").text == "亚洲av av"
    # Inside a Greek or Cyrillic word nothing is replaced.
    assert unconfuse("Привет") == "Привет"


def test_dotted_capital_i_changes_length_and_maps() -> None:
    f = fold_case_width("İx")
    assert f.text == "i\u0307x"
    assert f.span(2, 3) == (1, 2)
    assert f.span(0, 2) == (0, 1)


def test_compose_chains_maps() -> None:
    inner = fold_case_width("Ａ\u200bＢ")
    outer = fold_case_width(inner.text + "")
    both = compose(inner, outer)
    assert both.text == "ab"
    assert both.span(1, 2) == (2, 3)


@given(st.text())
def test_every_folded_char_maps_inside_the_source(text: str) -> None:
    f = fold(text)
    prev = 0
    for i in range(len(f.text)):
        a, b = f.span(i, i + 1)
        assert 0 <= a < b <= len(text)
        assert a >= prev  # order is kept
        prev = a


@given(
    st.text(alphabet=st.characters(max_codepoint=127), min_size=256, max_size=400),
    st.text(alphabet=st.sampled_from("aAΣσς .é中İ\u0307Ω"), max_size=20),
)
@example("Page " * 60 + "OF", "Σ 中")  # a final sigma right after the ASCII head
def test_lowering_an_ascii_head_apart_changes_nothing(head: str, rest: str) -> None:
    # fold lowers a long ASCII head on its own; the final sigma (ς) depends on
    # the letters before it, which the split must not lose.
    from segtext.normalize import _lower  # noqa: PLC0415 - private, for this check

    assert _lower(head + rest) == (head + rest).lower()
