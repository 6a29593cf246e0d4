"""Spam detection on pages written for the purpose: each injection form, each trap."""

from __future__ import annotations

from pathlib import Path

import pytest

from segtext import SegtextError, SpamConfig, detect_spam
from segtext.lexicon import load_lexicon, parse_lexicon

ARTICLE = (
    "The city council approved a new budget for public libraries on Tuesday, "
    "adding evening hours at four branches and a mobile reading van for villages.\n"
)


def spans(text: str, config: SpamConfig | None = None) -> list[str]:
    return [text[f.start : f.end] for f in detect_spam(text, config)]


# --- forms of injection --------------------------------------------------------


def test_title_slot_run() -> None:
    run = "免费毛片在线观看|亚洲无码视频专区|国产成人精品网站|日韩av高清播放"
    assert spans(run + "\n\n" + ARTICLE) == [run]


def test_footer_marker_with_innocent_items_is_a_link_farm() -> None:
    farm = "蜘蛛池模板: 东城区新闻 | 西城区新闻 | 朝阳区新闻 | 海淀区新闻 | 丰台区新闻 |"
    text = ARTICLE + "Copyright 2026 Example News.\n" + farm
    (finding,) = detect_spam(text)
    assert text[finding.start : finding.end] == farm
    assert finding.rule == "cluster.marker"


def test_run_fused_with_navigation_reports_only_the_run() -> None:
    text = (
        "Home | World | Sport | 免费毛片在线观看 | 亚洲无码视频 | 国产成人网站 | Contact\n"
        + ARTICLE
    )
    (found,) = spans(text)
    assert found.startswith("免费毛片在线观看") and found.endswith("国产成人网站 |")
    assert "Home" not in found and "Contact" not in found


@pytest.mark.parametrize("sep", ["|", "_", "-", ",", "，", "、", " I ", " ", "  "])
def test_any_separator(sep: str) -> None:
    run = sep.join(["免费毛片在线观看", "亚洲无码视频专区", "国产成人精品网站", "日韩av高清播放"])
    assert spans(run + "\n\n" + ARTICLE) == [run]


def test_short_run_of_three_items() -> None:
    run = "国产精品无码视频,免费成人网站在线看,日韩毛片高清播放"
    assert spans(run + "\n" + ARTICLE) == [run]


def test_gambling_run_with_contacts() -> None:
    text = (
        "网上赌场-博彩平台排行榜-真人娱乐开户-百家乐官网-注册送彩金\n"
        "客服微信: abc123 开户QQ: 123456789\n"
        "\n" + ARTICLE
    )
    (finding,) = detect_spam(text)
    assert text[finding.start : finding.end].endswith("123456789")
    assert finding.categories[0] == "gambling"


def test_inline_lottery_phrase_in_a_headline() -> None:
    text = (
        "市民冬至包饺子澳门六开彩开奖结果查询热闹非凡\n"
        + "今天是冬至，社区组织居民一起包饺子，现场气氛热烈。\n"
    )
    (finding,) = detect_spam(text)
    assert finding.kind == "inline"
    assert text[finding.start : finding.end] == "澳门六开彩开奖结果查询"


def test_traditional_spam() -> None:
    run = "免費毛片線上觀看|亞洲無碼視頻專區|國產成人精品網站|日韓av高清播放"
    assert spans(run + "\n\n" + ARTICLE) == [run]


# --- traps ---------------------------------------------------------------------

CLEAN_PAGES = {
    "adult_education": "成人教育是终身教育的重要组成部分，成人高考和成人本科教育为在职人员提供了学习机会。\n",
    "shuttlecock": "羽毛球的毛片一般选用鹅毛或鸭毛，毛片的质量决定了球的飞行稳定性和耐打程度。\n",
    "aircraft": "国产大飞机C919今天首次飞抵澳门，澳门民众在机场观看了飞机的静态展示。\n",
    "journal_ranks": "期刊分区：一区、二区、三区、四区\n本刊被列入中科院一区期刊，影响因子持续上升。\n",
    "horse_racing": "香港赛马会今晚在跑马地举行夜赛，头马由本地骑师策骑，派彩创本季新高。\n",
    "date_index": "2024-11-14,9767| 2024-11-13,9759| 2024-11-12,9751| 2024-11-11,9743| 2024-11-10,9739|\n",
    "menu": "首页 | 新闻中心 | 产品展示 | 视频中心 | 在线留言 | 联系我们\n",
    "about_spam": (
        "所谓蜘蛛池，是指利用大量域名和页面吸引搜索引擎爬虫的黑帽手段，"
        "有些网站被入侵后会在页脚插入赌博和色情关键词，站长应当定期检查网站源码。\n"
    ),
    "casino_novel": (
        "他走进葡京赌场，看着百家乐桌前的人群，心里想起父亲当年在澳门赌博输掉的家产，"
        "于是转身离开了赌场，沿着海边慢慢走回酒店。\n"
    ),
    "video_conference": "視頻會議系統採用高清攝像頭，支持在線觀看會議直播和錄播回放，方便員工遠程參會。\n",
}


@pytest.mark.parametrize("name", sorted(CLEAN_PAGES))
def test_innocent_pages_stay_clean(name: str) -> None:
    assert detect_spam(CLEAN_PAGES[name]) == ()


# --- configuration ------------------------------------------------------------


def test_threshold_changes_the_verdict() -> None:
    run = "国产精品无码视频,免费成人网站在线看,日韩毛片高清播放"
    (legacy,) = detect_spam(run, SpamConfig(model=False))
    assert detect_spam(run, SpamConfig(model=False, threshold=legacy.score + 0.01)) == ()
    # With the line model too: a threshold above every line's score clears it.
    assert detect_spam(run)
    assert detect_spam(run, SpamConfig(threshold=50.0)) == ()


def test_user_lexicon_and_exclusions(tmp_path: Path) -> None:
    lex = tmp_path / "mine.tsv"
    lex.write_text("# mine\n神秘药水\tdrugs\t2\n隐形眼镜贩卖\tdrugs\t2\n", encoding="utf-8")
    run = "神秘药水批发|神秘药水零售|隐形眼镜贩卖网"
    assert detect_spam(run) == ()
    assert spans(run, SpamConfig(lexicons=(str(lex),))) == [run]
    spam = "免费毛片在线观看|亚洲无码视频专区|国产成人精品网站"
    excl = ("免费毛片在线观看", "无码视频", "成人精品")
    assert detect_spam(spam, SpamConfig(model=False, exclusions=excl)) == ()
    # The line model's vocabulary inside an exclusion phrase does not count either.
    assert detect_spam(spam)
    assert detect_spam(spam, SpamConfig(exclusions=tuple(spam.split("|")))) == ()


def test_malformed_lexicon_names_file_and_line(tmp_path: Path) -> None:
    lex = tmp_path / "bad.tsv"
    lex.write_text("ok\tadult\t1\nbroken line\n", encoding="utf-8")
    with pytest.raises(SegtextError, match=r"bad\.tsv:2"):
        load_lexicon((str(lex),))
    with pytest.raises(SegtextError, match=r"x:1: weight 9 is outside"):
        parse_lexicon("词\tadult\t9\n", "x")


def test_finding_explains_itself() -> None:
    run = "免费毛片在线观看|亚洲无码视频专区|国产成人精品网站|日韩av高清播放"
    (f,) = detect_spam(run)
    assert f.rule == "cluster.keywords" and f.items == 4
    assert "adult" in f.categories and "免费毛片" in f.keywords
    rules = {e.rule for e in f.evidence}
    assert "cluster.keywords" in rules and "structure.separator" in rules
    assert all(0 <= e.start <= e.end <= len(run) and e.message for e in f.evidence)


# --- advert prose --------------------------------------------------------------

ADVERT = (
    "想找靠谱的博彩平台？我们的真人娱乐场提供百家乐、骰宝和老虎机，注册送彩金，首存再送，"
    "每日返水，洗码无上限。体育投注赔率全网最高，娱乐城官网二十四小时客服在线。\n"
)


def test_advert_prose_is_a_page_finding() -> None:
    (finding,) = detect_spam("今日推荐\n" + ADVERT)
    assert finding.kind == "page" and finding.rule == "page.keyword_density"
    assert finding.categories == ("gambling",)
    # The span runs over the lines with the keywords, not the heading above.
    assert finding.start == len("今日推荐\n")


def test_news_about_a_gambling_crackdown_is_not_advert_prose() -> None:
    news = (
        "警方近日破获一起特大网络赌博案，查明犯罪团伙通过境外博彩平台招揽赌客，涉案金额逾亿元。"
        "办案民警介绍，该团伙以注册送彩金为诱饵，吸引大量市民参赌，多人因此负债累累。"
        "警方提醒，网络赌博危害极大，市民切勿轻信所谓高额回报，发现线索请及时举报。"
        "目前，案件正在进一步审理中，相关涉案人员已被依法采取刑事强制措施，"
        "警方将继续保持高压态势，坚决打击各类违法犯罪活动，维护社会治安稳定。\n"
    )
    assert detect_spam(news) == ()


def test_japanese_and_korean_title_runs() -> None:
    ja = "無修正エロ動画 | 中出し無料動画 | 素人アダルト動画 | 人妻熟女エロ動画"
    ko = "무료야동 모음 | 섹스 영상 보기 | 성인영상 사이트 | 야동 다시보기"
    (finding,) = detect_spam(ja + "\n\n" + ARTICLE)
    assert (finding.start, finding.end) == (0, len(ja))
    assert finding.categories == ("adult",)
    # Korean puts spaces between words, so the run's items are words: it ends
    # at the last one with a keyword (야동), not at "다시보기" (watch again).
    (finding,) = detect_spam(ko + "\n\n" + ARTICLE)
    assert (finding.start, finding.end) == (0, ko.rindex("야동") + 2)
    assert finding.categories == ("adult",)


def test_marker_item_whose_marker_hit_is_covered_by_a_heavier_one() -> None:
    # A user's lexicon may hold a heavier entry over a marker: the item is
    # still a marker item, though the hits it keeps leave the marker out.
    from segtext.lexicon import Entry, Lexicon  # noqa: PLC0415

    lex = Lexicon([Entry("蜘蛛池", "seo", 2.0, marker=True), Entry("蜘蛛池模板站", "seo", 3.0)])
    text = "蜘蛛池模板站 北京|上海|广州|深圳|杭州|南京|成都|武汉"
    (f,) = detect_spam(text, SpamConfig(model=False), lexicon=lex)
    assert f.rule == "cluster.marker" and f.start == 0 and f.end == len(text)
    assert "'marker'" in f.evidence[0].message


# --- the config: every field checked, a bool never taken for a number ----------------------

BAD_SPAM_VALUES = [
    ("threshold", [0, -1.0, 100.5, float("nan"), float("inf"), True, "1"], "a number"),
    ("lexicons", ["extra.tsv"], "a tuple, not one string"),
    ("exclusions", ["brand"], "a tuple, not one string"),
    ("min_items", [1, 51, 3.0, True, "3"], "an integer"),
    ("model", [1, None, "yes"], "True or False"),
    ("model_path", [5, Path("m.tsv")], "a path string"),
    ("near_misses", [0, "no"], "True or False"),
]


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [(n, v, says) for n, values, says in BAD_SPAM_VALUES for v in values],
)
def test_spam_config_rejects_a_bad_value_naming_the_field(
    name: str, value: object, says: str
) -> None:
    with pytest.raises(SegtextError, match=rf"spam\.{name} must be {says}"):
        SpamConfig(**{name: value})  # type: ignore[arg-type]


def test_spam_config_fields_are_all_checked() -> None:
    import dataclasses  # noqa: PLC0415 - only here

    assert [f.name for f in dataclasses.fields(SpamConfig)] == [n for n, _, _ in BAD_SPAM_VALUES]
    assert SpamConfig(threshold=1, min_items=2).threshold == 1  # an int is a number


# --- glued Vietnamese syllables -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "glued"),
    [
        # Keyword runs stripped of their separators (written for this test).
        ("xổ số miền bắcquay thưởng tàixỉu onlinecách chơi", 3),
        ("giá vàng hôm nayxăng dầu mớilãi suất ngân hàng", 2),
        # Vietnamese prose: one syllable a word, qu and gi onsets included.
        ("Hôm nay trời đẹp, chúng tôi đi học ở trường quốc gia.", 0),
        ("người thương quyền giường khuya nguyễn", 0),
        # Other Latin scripts with marks: no letter only Vietnamese writes.
        ("Le hôtel près de la fenêtre", 0),
        ("Zhōngguó Běijīng rénmín", 0),
        ("informação e educação", 0),
        # Romanian writes ă alone, Yoruba ẹ and ọ: neither is Vietnamese.
        ("Această casă este frumoasă și mare, într-o țară", 0),
        ("Ọmọ ẹgbẹ́ wa ń lọ sí ilé ìwé lọ́jọ́ ajé", 0),
        # Croatian writes đ, Igbo ị and ụ (sentences written for this test).
        ("Međunarodni sud osudio je generala Đorđevića zbog zločina.", 0),
        ("Ụmụaka anyị na-agụ akwụkwọ n ụlọakwụkwọ kwa ụbọchị.", 0),
    ],
)
def test_glued_syllables(line: str, glued: int) -> None:
    from segtext.spam.items import glued_syllables  # noqa: PLC0415

    assert glued_syllables(line) == glued
