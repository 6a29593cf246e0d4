"""Invariants of analyze() on any text: tiling, bounds, no exception."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import segtext
from segtext import analyze, clean
from segtext.lexicon import Entry, Match
from segtext.spam.items import cut_items, join_spanned
from tests.conftest import assert_report_sound, assert_tiles

# Text that looks like pages: CJK, Latin, separators, newlines, invisibles.
PAGE_ALPHABET = st.sampled_from(
    list("毛片免费在线观看亚洲国产成人精品無碼視頻蜘蛛池模板澳门六开彩开奖结果")
    + list("abcXYZ 019|_-,，、:：。.!\n\t")
    + ["\u200b", "\ufeff", "\u202e", "\ufe0f", "Ｆ", "１", "𠀀", "👍🏽", "\r\n", "İ", "㈱"]
)
PAGES = st.lists(PAGE_ALPHABET, max_size=300).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), PAGES)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ANY_TEXT)
def test_analyze_tiles_and_stays_in_bounds(text: str) -> None:
    report = analyze(text)
    assert_report_sound(report, text)
    assert all(f.score >= report.threshold for f in report.spam)
    assert report.verdict == ("spam" if report.spam else "clean")
    spam_blocks = [b for b in report.blocks if b.role == "spam"]
    assert bool(spam_blocks) == bool(report.spam)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_clean_only_returns_text_from_the_page(text: str) -> None:
    out = clean(text)
    # Every line of the clean text is a substring of the page (paragraphs
    # rejoined around a removed inline phrase are checked elsewhere).
    report = analyze(text)
    if not any(f.kind == "inline" for f in report.spam):
        for line in out.splitlines():
            assert line in text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_any_unicode(text: str) -> None:
    analyze(text)


def test_lone_surrogates_through_the_api() -> None:
    text = "abc\ud800def 毛片\udfff|无码视频|成人网站"
    report = analyze(text)
    assert_tiles([(b.start, b.end) for b in report.blocks], len(text))


# --- a text that is not a str ---------------------------------------------------------

# Every public function that takes a text, with the arguments after it.
_TEXT_FUNCTIONS: list[tuple[str, tuple[object, ...]]] = [
    ("analyze", ()),
    ("clean", ()),
    ("script_runs", ()),
    ("fold", ()),
    ("assign_blocks", ((),)),
    ("clean_text", ((),)),
    ("extract", ()),
    ("analyze_html", ()),
    ("clean_html", ()),
    ("detect_spam", ()),
    ("segment", ()),
    ("han_runs", ()),
]


@pytest.mark.parametrize(
    ("name", "rest"),
    _TEXT_FUNCTIONS,
)
def test_a_non_str_text_is_the_one_documented_type_error(
    name: str, rest: tuple[object, ...]
) -> None:
    function = getattr(segtext, name)
    for value in (b"\xe4\xb8\xad", None, 12, ["text"]):
        with pytest.raises(TypeError) as caught:
            function(value, *rest)
        assert str(caught.value) == f"{name}() takes a str, not {type(value).__name__}"


_HITS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 8), st.sampled_from([0.3, 0.5, 1.0, 1.5, 2.0])),
    max_size=40,
)


@given(_HITS)
@settings(max_examples=300, deadline=None)
def test_best_cover_keeps_disjoint_hits_and_drops_only_overlapped_ones(spec: list) -> None:
    # The heaviest non-overlapping hits: what is kept never overlaps, and a
    # dropped hit overlaps a kept one at least as heavy (ties: at least as
    # long), so that nothing lighter ever pushed a heavier hit out.
    from segtext.lexicon import Entry, Match  # noqa: PLC0415
    from segtext.spam.items import best_cover  # noqa: PLC0415

    hits = [Match(a, a + n, Entry(f"k{i}", "seo", w)) for i, (a, n, w) in enumerate(spec)]
    kept = best_cover(hits)
    for x in kept:
        assert not any(x is not y and x.start < y.end and y.start < x.end for y in kept)
    for h in hits:
        if any(h is k for k in kept):
            continue
        assert any(
            k.start < h.end
            and h.start < k.end
            and (k.entry.weight, k.end - k.start) >= (h.entry.weight, h.end - h.start)
            for k in kept
        ), h


# Words and keywords of several words, joined by spaces, hyphens and separators.
_SPACED = st.lists(
    st.sampled_from(["slot", "gacor", "situs", "online", "casino", "cassino", "bônus", "de"])
    | st.sampled_from([" ", " ", "-", " | ", ", ", "\n"]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_SPACED, st.data())
def test_joined_items_tile_the_words_they_join(text: str, data: st.DataObject) -> None:
    """join_spanned only merges neighbouring items that a keyword spans: the
    result is sorted and disjoint, every input item lies in exactly one output
    item, the parts of a merged item have only spaces and hyphens between
    them, and its letters are the sum of its parts'."""
    items = cut_items(text)
    # Keywords from one item's start to a later item's end, across any gap.
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3)), max_size=8)
        if items
        else st.just([])
    )
    entry = Entry("k", "gambling", 2.0)
    matches = sorted(
        (
            Match(
                items[i % len(items)].start,
                items[min(i % len(items) + n, len(items) - 1)].end,
                entry,
            )
            for i, n in spans
        ),
        key=lambda m: (m.start, -m.end),
    )
    out = join_spanned(text, items, matches)
    assert all(a.end <= b.start for a, b in itertools.pairwise(out))
    for o in out:
        parts = [it for it in items if o.start <= it.start and it.end <= o.end]
        assert parts and parts[0].start == o.start and parts[-1].end == o.end
        assert o.size == sum(p.size for p in parts)
        for p, q in itertools.pairwise(parts):
            assert set(text[p.end : q.start]) <= {" ", "-"}
            # ... and a keyword reaches across the gap.
            assert any(m.start <= p.start and m.end >= q.end for m in matches) or any(
                m.start < q.start < m.end for m in matches
            )
    assert sum(1 for it in items for o in out if o.start <= it.start and it.end <= o.end) == len(
        items
    )
