"""Block roles on pages written for the purpose."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from segtext import Block, Config, ConfigError, analyze, clean
from segtext._fast import slot_constructor
from segtext.blocks import _new_block, assign_blocks, reset_caches
from segtext.config import BlocksConfig
from segtext.report import Token
from segtext.scripts import script_runs

PAGE = """Home | News | Sport | Contact
Markets

Harbour ferries return after the storm

By A Reporter 2026-01-05 10:00

Ferry services across the harbour resumed on Monday morning after three days of suspension, and the operator said all routes would run to the normal timetable by the evening.

Passengers queued from six o'clock at the central pier, where staff handed out printed notices about the changed schedule.

Copyright 2026 Harbour Times. All rights reserved.
[沪ICP备12345678号] 沪公网安备 31000000000000号
"""


def roles(text: str) -> dict[str, str]:
    report = analyze(text)
    return {text[b.start : b.end].strip(): b.role for b in report.blocks if b.role != "blank"}


def rules(text: str, config: Config | None = None) -> dict[str, str]:
    """Stripped text of each non-blank block -> the rule id that decided its role."""
    report = analyze(text, config)
    return {text[b.start : b.end].strip(): b.rule for b in report.blocks if b.role != "blank"}


def test_roles_of_an_english_page_with_a_chinese_footer() -> None:
    r = roles(PAGE)
    assert r["Home | News | Sport | Contact"] == "boilerplate"
    assert r["Markets"] == "boilerplate"
    assert r["Harbour ferries return after the storm"] == "article"
    assert r["By A Reporter 2026-01-05 10:00"] == "boilerplate"
    assert r["Copyright 2026 Harbour Times. All rights reserved."] == "boilerplate"
    assert r["[沪ICP备12345678号] 沪公网安备 31000000000000号"] == "footer"
    prose = [k for k, v in r.items() if v == "article"]
    assert len(prose) == 3


def test_rule_ids_of_an_english_page_with_a_chinese_footer() -> None:
    r = rules(PAGE)
    assert r["Home | News | Sport | Contact"] == "boilerplate.nav"
    assert r["Markets"] == "boilerplate.short"
    assert r["Harbour ferries return after the storm"] == "article.heading"
    assert r["By A Reporter 2026-01-05 10:00"] == "boilerplate.byline"
    assert r["Copyright 2026 Harbour Times. All rights reserved."] == "boilerplate.copyright"
    assert r["[沪ICP备12345678号] 沪公网安备 31000000000000号"] == "footer.licence"
    assert sorted(v for v in r.values() if v.startswith("article")) == [
        "article.heading",
        *["article.prose"] * 2,
    ]


def test_rule_ids_of_chinese_lines() -> None:
    text = (
        "城市新闻\n\n"
        "本市今天启用了新的公交线路，连接东部新区和老城区，预计每天可以服务两万名乘客。\n"
        "上一篇：港口迎来首班国际邮轮\n"
        "首页 · 新闻 · 体育\n"
        "版权所有 城市日报社\n"
    )
    r = rules(text)
    assert r["城市新闻"] == "article.heading"
    assert r["本市今天启用了新的公交线路，连接东部新区和老城区，预计每天可以服务两万名乘客。"] == (
        "article.prose"
    )
    assert r["上一篇：港口迎来首班国际邮轮"] == "boilerplate.nav"
    assert r["首页 · 新闻 · 体育"] == "boilerplate.nav"
    assert r["版权所有 城市日报社"] == "footer.licence"


def test_spam_and_blank_blocks_have_their_rule_ids() -> None:
    text = "Harbour news\n\n主站蜘蛛池模板: 免费毛片 | 成人网站 | 无码视频 | 澳门赌场\n"
    report = analyze(text)
    assert [(b.role, b.rule) for b in report.blocks] == [
        ("boilerplate", "boilerplate.short"),
        ("blank", "blank"),
        ("spam", "spam.finding"),
    ]


def test_chinese_article_lines_are_article() -> None:
    text = "城市新闻\n\n本市今天启用了新的公交线路，连接东部新区和老城区，预计每天可以服务两万名乘客。\n"
    r = roles(text)
    assert (
        r["本市今天启用了新的公交线路，连接东部新区和老城区，预计每天可以服务两万名乘客。"]
        == "article"
    )
    assert r["城市新闻"] == "article"  # its heading


def test_clean_keeps_paragraphs_and_drops_the_rest() -> None:
    out = clean(PAGE)
    assert out.startswith("Harbour ferries return after the storm\n\nFerry services")
    assert "Passengers queued from six o'clock" in out
    assert "Copyright" not in out and "ICP" not in out and "Home |" not in out


def test_inline_spam_removed_and_headline_rejoined() -> None:
    text = (
        "新年第一澳门六开彩开奖结果历史查询天，港口迎来首班国际邮轮\n"
        "本报讯 今天上午，一艘载有两千名游客的国际邮轮停靠本市港口，这是今年第一艘到港的国际邮轮。\n"
    )
    report = analyze(text)
    assert report.verdict == "spam"
    (finding,) = report.spam
    assert text[finding.start : finding.end] == "澳门六开彩开奖结果历史查询"
    out = clean(text)
    assert out.splitlines()[0] == "新年第一天，港口迎来首班国际邮轮"


def test_blocks_tile_and_blank_lines_merge() -> None:
    text = "a line\n\n\n\nanother line\n"
    blocks = analyze(text).blocks
    assert [b.role for b in blocks] == ["boilerplate", "blank", "boilerplate"]
    assert blocks[0].start == 0 and blocks[-1].end == len(text)
    assert all(x.end == y.start for x, y in itertools.pairwise(blocks))


def test_block_script_is_the_script_covering_most_of_it() -> None:
    report = analyze(PAGE)
    by_text = {PAGE[b.start : b.end].strip(): b.script for b in report.blocks}
    assert by_text["Harbour ferries return after the storm"] == "Latin"
    # The Han runs (with the digits between Han characters) cover most of the
    # licence line; "ICP" is the only Latin run.
    assert by_text["[沪ICP备12345678号] 沪公网安备 31000000000000号"] == "Han"
    mixed = "中文标题和说明 short\n"
    # Han run: 7 Han characters and the space after them (8); Latin: "short\n" (6).
    assert analyze(mixed).blocks[0].script == "Han"


def test_code_switching_stays_in_its_sentence_block() -> None:
    zh = "我用iPhone 15拍照，晚上的效果比去年的手机好了很多，朋友们都很喜欢这些照片。\n"
    en = "Defense Minister Li Shangfu (李尚福) met his Russian counterpart on Monday to discuss cooperation.\n"
    for line, script in ((zh, "Han"), (en, "Latin")):
        (block,) = analyze(line).blocks
        assert (block.start, block.end) == (0, len(line))
        assert block.role == "article" and block.script == script


def test_the_fast_block_constructor_gives_the_same_record() -> None:
    # _finish builds blocks through their slot descriptors (segtext._fast):
    # the records must be indistinguishable from the class's own.
    names = [f.name for f in dataclasses.fields(Block)]
    assert names == ["start", "end", "role", "script", "rule"]
    fast = _new_block(3, 9, "article", "Han", "article.prose")
    slow = Block(3, 9, "article", "Han", "article.prose")
    assert type(fast) is Block
    assert fast == slow and hash(fast) == hash(slow)
    assert dataclasses.astuple(fast) == (3, 9, "article", "Han", "article.prose")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 0  # type: ignore[misc]


def test_slot_constructors_follow_the_field_list_of_any_record() -> None:
    make = slot_constructor(Token)
    assert make(1, 3, "ab", "word") == Token(1, 3, "ab", "word")
    with pytest.raises(TypeError):
        make(1, 3, "ab")  # every field is an argument
    with pytest.raises(TypeError, match="validates"):
        slot_constructor(BlocksConfig)  # its __post_init__ must not be skipped
    with pytest.raises(TypeError, match="not a slotted dataclass"):
        slot_constructor(dict)


# --- BlocksConfig: each field validated, each field read ------------------------------

BAD_BLOCKS_VALUES = [
    ("min_en_words", [0, 41, 8.0, True, "8", None]),
    ("min_han_prose", [0, 1001, 20.5, False, "20"]),
    ("min_nav_separators", [0, 101, 2.0, True]),
    ("max_heading_chars", [0, 10_001, 120.0, True]),
]


@pytest.mark.parametrize(
    ("name", "value"), [(n, v) for n, values in BAD_BLOCKS_VALUES for v in values]
)
def test_blocks_config_rejects_a_bad_value_naming_the_field(name: str, value: object) -> None:
    with pytest.raises(ConfigError, match=f"blocks.{name} must be an integer"):
        BlocksConfig(**{name: value})  # type: ignore[arg-type]


def test_blocks_config_fields_are_all_checked() -> None:
    assert [f.name for f in dataclasses.fields(BlocksConfig)] == [n for n, _ in BAD_BLOCKS_VALUES]
    with pytest.raises(ConfigError, match=r"Config\.blocks must be a BlocksConfig"):
        Config(blocks={"min_en_words": 3})  # type: ignore[arg-type]


def test_min_en_words_decides_short_english_prose() -> None:
    line = "The ferry left on time."  # five words and a full stop
    assert rules(line)[line] == "boilerplate.short"
    assert rules(line, Config(blocks=BlocksConfig(min_en_words=5)))[line] == "article.prose"
    assert rules(line, Config(blocks=BlocksConfig(min_en_words=6)))[line] == "boilerplate.short"


def test_min_han_prose_decides_short_chinese_prose() -> None:
    line = "今天港口迎来首班国际邮轮，游客很多。"  # 16 Han characters with punctuation
    assert rules(line)[line] == "boilerplate.short"
    assert rules(line, Config(blocks=BlocksConfig(min_han_prose=16)))[line] == "article.prose"
    assert rules(line, Config(blocks=BlocksConfig(min_han_prose=17)))[line] == "boilerplate.short"


def test_min_nav_separators_decides_a_menu() -> None:
    line = "Home | News"
    assert rules(line)[line] == "boilerplate.short"
    assert rules(line, Config(blocks=BlocksConfig(min_nav_separators=1)))[line] == (
        "boilerplate.nav"
    )


def test_max_heading_chars_decides_a_heading() -> None:
    heading = "Harbour ferries return after the long storm"
    prose = next(line for line in PAGE.split("\n") if line.startswith("Ferry services"))
    text = f"{heading}\n{prose}\n"
    size = len(heading)
    assert rules(text)[heading] == "article.heading"
    assert rules(text, Config(blocks=BlocksConfig(max_heading_chars=size)))[heading] == (
        "article.heading"
    )
    assert rules(text, Config(blocks=BlocksConfig(max_heading_chars=size - 1)))[heading] == (
        "boilerplate.short"
    )


def test_a_config_equal_to_the_default_gives_the_default_blocks() -> None:
    runs = script_runs(PAGE)
    assert assign_blocks(PAGE, runs, (), BlocksConfig()) == assign_blocks(PAGE, runs)
    reset_caches()  # and the caches rebuilt after a reset give the same again
    assert assign_blocks(PAGE, runs, (), BlocksConfig(min_en_words=8)) == assign_blocks(PAGE, runs)


_WORDS = st.sampled_from(
    [
        *["the", "of", "and", "to", "a", "in", "for", "with", "is", "was"],
        *["Harbour", "ferries", "return", "after", "storm", "council", "budget", "2024"],
        *["Copyright", "(c)", "All rights reserved", "privacy policy", "terms of use"],
        *["Editor:", "By Staff", "2024-05-01", "12:30", "Updated:", "it's", "U.S."],
    ]
)


@st.composite
def _ascii_lines(draw: st.DrawFn) -> str:
    """English-like lines: words, some menu separators, an optional end mark."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=26))
    for _ in range(draw(st.integers(0, 5))):
        at = draw(st.integers(0, len(words)))
        words.insert(at, draw(st.sampled_from(["|", "/", ">", ",", ";"])))
    end = draw(st.sampled_from(["", ".", "!", "?", ":", '."', "...", " |"]))
    return " ".join(words) + end


@settings(max_examples=400)
@given(_ascii_lines())
@example("Home | News | the council of the harbour and the ferries in the storm")
@example("Home | News | Sport | the council of the harbour and the ferries in the storm")
@example("The council approved the budget for the harbour in 2024 | more | news")
def test_the_ascii_short_path_gives_the_rules_answer(line: str) -> None:
    # _classify_ascii restates the role rules for ASCII lines (for speed); it
    # must give what the general rules give, whatever rule is changed later.
    from segtext.blocks import _classify_ascii, _classify_by_rules  # noqa: PLC0415

    assert _classify_ascii(line) == _classify_by_rules(line)


@settings(max_examples=200)
@given(_ascii_lines(), st.integers(1, 40), st.integers(1, 5))
def test_the_ascii_short_path_follows_the_config_as_the_rules_do(
    line: str, min_words: int, min_seps: int
) -> None:
    from segtext.blocks import _classify_ascii, _classify_by_rules  # noqa: PLC0415

    cfg = BlocksConfig(min_en_words=min_words, min_nav_separators=min_seps)
    assert _classify_ascii(line, cfg) == _classify_by_rules(line, cfg)
