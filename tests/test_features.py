"""Line features that need no vocabulary, on texts written for the tests."""

from __future__ import annotations

import pytest

from segtext.lexicon import load_lexicon
from segtext.spam.features import _REFERRAL, _dangling, _enumerated, _items, line_features
from segtext.spam.model import load_model
from segtext.spam.view import make_view


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


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("注册送会员 https://example.world/index.php#/register?code=uzk8xo9p", True),
        ("Sign up at https://casino.example/?ref=abc123 today", True),
        ("下载 http://dl.example.cn/a.php?aff_id=9700776", True),
        ("下载地址 http://dl.example.cn/a.php?ch=9700776", False),  # a channel: every site has ids
        ("https://space.example.com/list?uid=12345", False),
        ("小火箭账号购买:http://t.cn/airnf5bt", True),
        ("安卓版 https://apk.example.com/app_211.apk", True),
        ("详见 https://www.example.gov.cn/news/index.html?id=12345", False),  # an id, no referral
        ("https://github.com/example/project/issues/17", False),
        ("the code=1234 of a form", False),  # a code, not in a link
    ],
)
def test_referral_links_shorteners_and_packages(line: str, found: bool) -> None:
    assert bool(_REFERRAL.search(line)) is found


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("青少年无保护性行为解析,性健康风险预防与正确引导策略|", True),
        ("某某产品介绍_", True),
        ("首页 | 新闻中心 | 联系我们", False),
        ("首页 | 新闻中心 | 联系我们 |", False),  # a spaced navigation bar
        ("香港邮政发行特别邮票_新华网", False),  # the site name is there
    ],
)
def test_a_title_ending_on_a_separator(line: str, found: bool) -> None:
    assert _dangling(line) is found


def test_lexicon_cover_counts_overlapping_keywords_once() -> None:
    text = "The council met on Tuesday.\ncheap viagra online\nbuy cialis and levitra now\n"
    v = make_view(text, load_lexicon())
    cover = {ln.index: ln.values["lexicon.cover"] for ln in line_features(v, load_model()).lines}
    # "cheap viagra", "viagra online" and "viagra" overlap: the line, once.
    assert cover[1] == 1.0
    # "buy cialis" (10 characters) and "levitra" (7) of 26.
    assert cover[2] == pytest.approx(17 / 26)
    assert 0 not in cover or cover[0] == 0.0
