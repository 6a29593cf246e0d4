"""Line features that need no vocabulary, on texts written for the tests."""

from __future__ import annotations

import pytest

from segtext.spam.features import _enumerated, _items


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("期刊分区：一区、二区、三区、四区", 4),
        ("第1章 第2章 第3章 第4章 第5章", 5),
        ("一楼 二楼 三楼", 3),
        ("一区 二区", 0),  # two items are no list
        ("2024-11-14,9767| 2024-11-13,9759| 2024-11-12,9751", 0),  # numbers alone
        ("精品一区二区三区|无码视频|国产精品", 0),  # spam titles vary
    ],
)
def test_enumerated_items_are_one_word_counted_through(line: str, count: int) -> None:
    assert _enumerated(line, _items(line)) == count
