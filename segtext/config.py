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
        if not isinstance(self.threshold, (int, float)) or not math.isfinite(self.threshold):
            raise ConfigError(f"spam.threshold must be a finite number, not {self.threshold!r}")
        if not 0.0 < self.threshold <= 100.0:
            raise ConfigError(f"spam.threshold must be in (0, 100], not {self.threshold!r}")
        if not isinstance(self.min_items, int) or not 2 <= self.min_items <= 50:
            raise ConfigError(
                f"spam.min_items must be an integer in [2, 50], not {self.min_items!r}"
            )
        if not isinstance(self.model, bool) or not isinstance(self.near_misses, bool):
            raise ConfigError("spam.model and spam.near_misses must be True or False")
        if self.model_path is not None and not isinstance(self.model_path, str):
            raise ConfigError(f"spam.model_path must be a path string, not {self.model_path!r}")
        if isinstance(self.lexicons, str) or isinstance(self.exclusions, str):
            raise ConfigError("spam.lexicons and spam.exclusions must be tuples, not strings")


@dataclass(frozen=True, slots=True)
class Config:
    """All stages' settings. ``tokens=True`` makes :func:`analyze` segment."""

    segment: SegmentConfig = field(default_factory=SegmentConfig)
    spam: SpamConfig = field(default_factory=SpamConfig)
    tokens: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.segment, SegmentConfig):
            raise ConfigError("Config.segment must be a SegmentConfig")
        if not isinstance(self.spam, SpamConfig):
            raise ConfigError("Config.spam must be a SpamConfig")


DEFAULT_CONFIG = Config()
