"""Synthetic scraped pages for the throughput benchmark, made from word lists written here.

Three kinds of page, in a fixed mix drawn from a seeded generator:

- English news articles (about 5 KB) with an English nav bar, byline and
  copyright and a Chinese site footer (registration numbers, nav links);
- a share of them with an injected spam run: a spider-pool marker or a bare
  run of keyword titles, built from the keywords of the shipped lexicon
  (``dicts/spam_lexicon.tsv``), in the footer or the title slot;
- all-Chinese pages (news-like prose), some of them with spam too.

Every page comes with a label (``"spam"`` or ``"clean"``) saying whether
spam was injected, so a benchmark can print how often each method agrees.
The text is nonsense at the sentence level, but has the shape of the real
thing: line lengths, punctuation, script mix and footers.
"""

from __future__ import annotations

import importlib.resources
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass

# English: enough variety that lines are not repeated verbatim.
_EN_SUBJECTS = (
    "The city council",
    "A team of engineers",
    "Local farmers",
    "The new library",
    "Researchers at the university",
    "The transport ministry",
    "Shop owners downtown",
    "A group of volunteers",
    "The regional hospital",
    "Officials in the port district",
    "The school board",
    "A small start-up",
    "Residents of the old quarter",
    "The national weather service",
    "Fishermen along the coast",
    "The museum's curators",
)
_EN_VERBS = (
    "announced",
    "opened",
    "delayed",
    "approved",
    "reviewed",
    "expanded",
    "tested",
    "questioned",
    "welcomed",
    "postponed",
    "unveiled",
    "funded",
    "rebuilt",
    "studied",
)
_EN_OBJECTS = (
    "a plan to widen the river walk",
    "a night bus route to the airport",
    "new rules for street vendors",
    "a pilot programme for rooftop gardens",
    "the budget for next year's repairs",
    "a survey of air quality near schools",
    "a cheaper monthly rail pass",
    "the design of a pedestrian bridge",
    "a reading scheme for older residents",
    "a study of water use in summer",
    "the reopening of the covered market",
    "a festival of regional food",
)
_EN_TAILS = (
    "after months of public hearings",
    "despite objections from some residents",
    "with support from two local firms",
    "ahead of the rainy season",
    "as part of a wider recovery effort",
    "following a vote on Tuesday",
    "in response to rising demand",
    "to the surprise of many observers",
)
_EN_QUOTES = (
    "We listened to what people told us, and this is the result",
    "It will take time, but the first steps are already visible",
    "Nobody expected the response to be this strong",
    "The numbers show that the change is working",
    "We want families to feel safe using it at any hour",
)
_EN_ROLES = (
    "a spokesperson said",
    "the director told reporters",
    "one resident said",
    "an official added",
    "the project's lead engineer said",
)
_EN_NAV = ("Home", "World", "Business", "Culture", "Sports", "Opinion", "Travel", "Tech")

# Chinese: prose pieces and site furniture.
_ZH_SUBJECTS = (
    "市政府",
    "研究人员",
    "当地居民",
    "这家公司",
    "教育部门",
    "交通部门",
    "环保组织",
    "多位专家",
    "社区志愿者",
    "图书馆",
    "气象部门",
    "农业合作社",
    "博物馆",
    "医院",
)
_ZH_VERBS = (
    "宣布",
    "推出了",
    "完成了",
    "正在研究",
    "计划明年启动",
    "召开会议讨论",
    "公布了",
    "开始试行",
    "进一步完善了",
    "重新开放了",
)
_ZH_OBJECTS = (
    "新的公交线路",
    "老城区改造方案",
    "河道清理工程",
    "夜间阅读服务",
    "社区健康调查",
    "青少年科普活动",
    "农产品直销平台",
    "节水措施",
    "街道绿化计划",
    "文化遗产保护项目",
)
_ZH_TAILS = (
    "受到了市民的广泛欢迎",
    "预计将在年底前完成",
    "相关负责人表示将继续听取意见",
    "这是近年来规模最大的一次",
    "不少居民认为这是一件好事",
    "具体细节仍在讨论之中",
    "有关部门表示会加强监督",
    "项目资金主要来自地方财政",
)
_ZH_NAV = ("首页", "新闻", "财经", "文化", "体育", "科技", "旅游", "评论")
_ZH_FOOTER = (
    "关于我们 | 联系我们 | 广告服务 | 网站地图 | 法律声明",
    "上一篇：{a}  下一篇：{b}",
    "版权所有 © {y} {site} 未经授权禁止转载",
    "[京ICP备{n8}号-1] [京公网安备 {n14}号]",
    "信息网络传播视听节目许可证：{n7}",
    "违法和不良信息举报电话：010-{n8}",
)
_SITE_NAMES = ("河畔日报", "东港晚报", "山城新闻网", "南湖时报", "北岸在线")
# Generic title words that spam runs pad their keywords with.
_SPAM_PAD = ("在线观看", "免费", "高清", "最新", "官网", "下载", "完整版", "网站")


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page and whether spam was injected into it."""

    text: str
    label: str  # "spam" or "clean"
    kind: str  # "en", "en+spam", "zh", "zh+spam"


def _lexicon() -> tuple[list[str], list[str]]:
    """Strong keywords (weight >= 1) and marker keywords of the shipped lexicon."""
    text = (
        importlib.resources.files("segtext.dicts")
        .joinpath("spam_lexicon.tsv")
        .read_text(encoding="utf-8")
    )
    strong: list[str] = []
    markers: list[str] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        keyword, weight = fields[0], float(fields[2])
        flags = fields[3] if len(fields) > 3 else "-"
        if "marker" in flags:
            markers.append(keyword)
        elif weight >= 1 and not keyword.isascii():
            strong.append(keyword)
    return strong, markers


class PageGenerator:
    """Deterministic pages: the same seed gives the same pages."""

    def __init__(self, seed: int = 2024, spam_share: float = 0.2, zh_share: float = 0.15) -> None:
        self.rng = random.Random(seed)
        self.spam_share = spam_share
        self.zh_share = zh_share
        self.strong, self.markers = _lexicon()

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def _en_sentence(self) -> str:
        r = self.rng
        s = f"{r.choice(_EN_SUBJECTS)} {r.choice(_EN_VERBS)} {r.choice(_EN_OBJECTS)}"
        if r.random() < 0.6:
            s += f" {r.choice(_EN_TAILS)}"
        s += "."
        if r.random() < 0.2:
            s = f'"{r.choice(_EN_QUOTES)}," {r.choice(_EN_ROLES)}.'
        return s

    def _zh_sentence(self) -> str:
        r = self.rng
        return (
            f"{r.choice(_ZH_SUBJECTS)}{r.choice(_ZH_VERBS)}{r.choice(_ZH_OBJECTS)}，"
            f"{r.choice(_ZH_TAILS)}。"
        )

    def _zh_footer(self) -> list[str]:
        r = self.rng
        lines = []
        for tmpl in r.sample(_ZH_FOOTER, k=r.randint(3, len(_ZH_FOOTER))):
            lines.append(
                tmpl.format(
                    a=self._zh_sentence()[:12],
                    b=self._zh_sentence()[:12],
                    y=r.randint(2015, 2026),
                    site=r.choice(_SITE_NAMES),
                    n7=self._digits(7),
                    n8=self._digits(8),
                    n14=self._digits(14),
                )
            )
        return lines

    def spam_run(self) -> str:
        """A run of keyword titles, with a spider-pool marker half of the time."""
        r = self.rng
        titles = []
        for _ in range(r.randint(5, 14)):
            words = r.sample(self.strong, k=r.randint(1, 2))
            if r.random() < 0.5:
                words.append(r.choice(_SPAM_PAD))
            titles.append("".join(words))
        sep = r.choice(("| ", "|", "_", " ", "、"))
        run = sep.join(titles)
        if self.markers and r.random() < 0.5:
            run = f"{r.choice(self.markers)}: {run}"
        return run

    def english(self, spam: bool) -> str:
        r = self.rng
        lines = [" | ".join(r.sample(_EN_NAV, k=5)), ""]
        title = self._en_sentence().rstrip(".")
        if spam and r.random() < 0.3:
            lines.append(self.spam_run())  # the title slot taken over
        lines += [
            title,
            "",
            f"By Staff Writer Updated: 2026-0{r.randint(1, 9)}-1{r.randint(0, 9)}",
            "",
        ]
        size = 0
        target = r.randint(3000, 5000)
        while size < target:
            para = " ".join(self._en_sentence() for _ in range(r.randint(3, 7)))
            lines += [para, ""]
            size += len(para)
        lines.append(
            f"Copyright {r.randint(2015, 2026)} {r.choice(_SITE_NAMES)}. All rights reserved."
        )
        lines += self._zh_footer()
        if spam:
            lines.append(self.spam_run())
        return "\n".join(lines) + "\n"

    def chinese(self, spam: bool) -> str:
        r = self.rng
        lines = [" | ".join(r.sample(_ZH_NAV, k=5)), "", self._zh_sentence()[:-1], ""]
        size = 0
        target = r.randint(800, 1600)  # characters; about 2.5-5 KB of UTF-8
        while size < target:
            para = "".join(self._zh_sentence() for _ in range(r.randint(3, 6)))
            lines += [para, ""]
            size += len(para)
        lines += self._zh_footer()
        if spam:
            lines.insert(r.choice((2, len(lines))), self.spam_run())
        return "\n".join(lines) + "\n"

    def page(self) -> Page:
        r = self.rng
        spam = r.random() < self.spam_share
        if r.random() < self.zh_share:
            return Page(
                self.chinese(spam), "spam" if spam else "clean", "zh+spam" if spam else "zh"
            )
        return Page(self.english(spam), "spam" if spam else "clean", "en+spam" if spam else "en")

    def pages(self, total_bytes: int) -> Iterator[Page]:
        """Pages until their UTF-8 size reaches ``total_bytes``."""
        size = 0
        while size < total_bytes:
            p = self.page()
            size += len(p.text.encode("utf-8"))
            yield p


def installed_env(pycache: str) -> dict[str, str]:
    """The environment for timing ``segtext`` as a whole process.

    An installed package has its bytecode compiled (pip does it at install
    time), so a new process only reads it. Run from a checkout with
    ``PYTHONDONTWRITEBYTECODE`` set (as on these machines), every start would
    compile each module from source instead (about 50 ms). Give the child a
    bytecode cache under ``pycache`` (a temporary folder) and make one untimed
    run first.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env
