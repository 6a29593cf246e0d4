"""Frozen, validated per-stage configurations composed into one :class:`Config`.

A config is checked when it is built, so a bad value fails at once with a
message that names the field and the allowed range. Configs are plain frozen
dataclasses: hashable, picklable, safe to share between worker processes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from segtext.errors import ConfigError

SegmentMode = Literal["precise", "search"]
HmmSetting = Literal["auto", "on", "off"]


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    """How Chinese is segmented.

    ``hmm="auto"`` lets jieba guess new words only in Han runs that are
    Traditional (where it helps, measured on SIGHAN 2005) and not in Simplified
    ones (where it hurts). ``user_dicts`` are paths to jieba-format word files;
    their entries may contain spaces, Latin letters, digits and punctuation.
    """

    mode: SegmentMode = "precise"
    hmm: HmmSetting = "auto"
    user_dicts: tuple[str, ...] = ()
    backend: Literal["jieba", "rjieba"] = "jieba"

    def __post_init__(self) -> None:
        if self.mode not in ("precise", "search"):
            raise ConfigError(f"segment.mode must be 'precise' or 'search', not {self.mode!r}")
        if self.hmm not in ("auto", "on", "off"):
            raise ConfigError(f"segment.hmm must be 'auto', 'on' or 'off', not {self.hmm!r}")
        if self.backend not in ("jieba", "rjieba"):
            raise ConfigError(f"segment.backend must be 'jieba' or 'rjieba', not {self.backend!r}")
        if isinstance(self.user_dicts, str):
            raise ConfigError("segment.user_dicts must be a tuple of paths, not one string")


@dataclass(frozen=True, slots=True)
class SpamConfig:
    """How spam findings are scored.

    A finding is reported when its score reaches ``threshold`` (default 1.0;
    the scale is documented in the README). ``lexicons`` are extra lexicon
    files in the shipped format; ``exclusions`` are phrases that never count as
    keyword hits (for example a brand name that contains a listed word).
    """

    threshold: float = 1.0
    lexicons: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    min_items: int = 3
    #: Score lines with the fitted line model (False: the lexicon rules only).
    model: bool = True
    #: A model file fitted by ``python -m segtext.spam.fit`` (None: the shipped one).
    model_path: str | None = None
    #: List the strongest candidates below the threshold (``Report.near_misses``).
    near_misses: bool = False

    def __post_init__(self) -> None:
        _check_number("spam.threshold", self.threshold, 0.0, 100.0)
        _check_int("spam.min_items", self.min_items, 2, 50)
        for where, flag in (("spam.model", self.model), ("spam.near_misses", self.near_misses)):
            if not isinstance(flag, bool):
                raise ConfigError(f"{where} must be True or False, not {flag!r}")
        if self.model_path is not None and not isinstance(self.model_path, str):
            raise ConfigError(f"spam.model_path must be a path string, not {self.model_path!r}")
        for where, files in (
            ("spam.lexicons", self.lexicons),
            ("spam.exclusions", self.exclusions),
        ):
            if isinstance(files, str):
                raise ConfigError(f"{where} must be a tuple, not one string")


def _check_int(where: str, value: object, low: int, high: int) -> None:
    """A ConfigError unless ``value`` is an int (not a bool) in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{where} must be an integer in [{low}, {high}], not {value!r}")


def _check_number(where: str, value: object, low: float, high: float) -> None:
    """A ConfigError unless ``value`` is a finite number (not a bool) in ``(low, high]``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not low < value <= high
    ):
        raise ConfigError(f"{where} must be a number in ({low:g}, {high:g}], not {value!r}")


@dataclass(frozen=True, slots=True)
class BlocksConfig:
    """How lines are given roles (:mod:`segtext.blocks`).

    ``min_en_words``: words a line needs to be English prose (with sentence
    punctuation or stop words). ``min_han_prose``: Han (and kana/Hangul)
    characters a line needs to be Chinese prose, with Chinese punctuation or
    twice as many characters without. ``min_nav_separators``: bars, bullets
    or spaced slashes that make a short line a navigation menu.
    ``max_heading_chars``: the longest line that can be a heading.
    """

    min_en_words: int = 8
    min_han_prose: int = 20
    min_nav_separators: int = 2
    max_heading_chars: int = 120

    def __post_init__(self) -> None:
        _check_int("blocks.min_en_words", self.min_en_words, 1, 40)
        _check_int("blocks.min_han_prose", self.min_han_prose, 1, 1000)
        _check_int("blocks.min_nav_separators", self.min_nav_separators, 1, 100)
        _check_int("blocks.max_heading_chars", self.max_heading_chars, 1, 10_000)


@dataclass(frozen=True, slots=True)
class HtmlConfig:
    """The thresholds of the HTML rules (:mod:`segtext.html`).

    ``html.hidden_spam``: a hidden element is spam on its own keywords when it
    holds at least ``hidden_min_keywords`` distinct ones, one of them strong,
    and their lexicon weight reaches ``threshold x hidden_keyword_weight``
    (the score is the weight divided by ``hidden_keyword_weight``).

    ``html.link_farm``: a run of links is links with at most ``link_run_gap``
    characters of other text between them; a run needs ``link_min_links``
    links to be weighed. Its foreign hosts count from ``link_min_hosts`` and
    fully at ``link_full_hosts``; its keyword link texts count from
    ``link_min_keyword_links`` and fully at ``link_full_keywords``; a run of
    ``link_min_hidden`` or more links, half of them hidden, counts as hidden.
    """

    hidden_keyword_weight: float = 2.0
    hidden_min_keywords: int = 2
    link_run_gap: int = 30
    link_min_links: int = 3
    link_min_hosts: int = 5
    link_full_hosts: int = 20
    link_min_keyword_links: float = 2.0
    link_full_keywords: float = 3.0
    link_min_hidden: int = 5

    def __post_init__(self) -> None:
        _check_number("html.hidden_keyword_weight", self.hidden_keyword_weight, 0.0, 100.0)
        _check_int("html.hidden_min_keywords", self.hidden_min_keywords, 1, 100)
        _check_int("html.link_run_gap", self.link_run_gap, 0, 10_000)
        _check_int("html.link_min_links", self.link_min_links, 2, 1000)
        _check_int("html.link_min_hosts", self.link_min_hosts, 1, 1000)
        _check_int("html.link_full_hosts", self.link_full_hosts, 1, 1000)
        if self.link_full_hosts < self.link_min_hosts:
            raise ConfigError(
                f"html.link_full_hosts ({self.link_full_hosts}) must be at least"
                f" html.link_min_hosts ({self.link_min_hosts})"
            )
        _check_number("html.link_min_keyword_links", self.link_min_keyword_links, 0.0, 1000.0)
        _check_number("html.link_full_keywords", self.link_full_keywords, 0.0, 1000.0)
        _check_int("html.link_min_hidden", self.link_min_hidden, 1, 1000)


@dataclass(frozen=True, slots=True)
class Config:
    """All stages' settings. ``tokens=True`` makes :func:`analyze` segment.

    ``blocks`` and ``html`` come after ``tokens`` so that positional calls
    written before they existed mean what they meant.
    """

    segment: SegmentConfig = field(default_factory=SegmentConfig)
    spam: SpamConfig = field(default_factory=SpamConfig)
    tokens: bool = False
    blocks: BlocksConfig = field(default_factory=BlocksConfig)
    html: HtmlConfig = field(default_factory=HtmlConfig)

    def __post_init__(self) -> None:
        if not isinstance(self.segment, SegmentConfig):
            raise ConfigError("Config.segment must be a SegmentConfig")
        if not isinstance(self.spam, SpamConfig):
            raise ConfigError("Config.spam must be a SpamConfig")
        if not isinstance(self.blocks, BlocksConfig):
            raise ConfigError("Config.blocks must be a BlocksConfig")
        if not isinstance(self.html, HtmlConfig):
            raise ConfigError("Config.html must be an HtmlConfig")


DEFAULT_CONFIG = Config()


#: Pages given a full section in an HTML batch report (``segtext.visual``,
#: ``report --max-pages``); the rest are index rows only. Kept here, not in
#: ``segtext.visual``, so that building the command line's parser does not
#: import the renderer (about 6 ms of every ``segtext check``'s start-up).
DEFAULT_MAX_PAGES = 200
