"""Result records of every stage, and their JSON shape.

Offsets
-------
Every ``start``/``end`` in segtext is a half-open ``[start, end)`` range of
**code-point indices into the exact ``str`` the caller passed in**: not into a
normalised copy, not bytes, not UTF-16 units. ``text[r.start:r.end]`` is always
the piece of the caller's text a record speaks of. Stages that look at a
normalised copy (width folding, OpenCC t2s, invisible characters removed) map
their spans back before they return them.

All records are frozen and slotted; ``as_dict()`` gives the JSON shape that the
command line prints with ``--format json``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

#: Scripts a run can be labelled with. ``Common`` is only used for a run made
#: entirely of digits, punctuation, symbols or spaces with no letters anywhere
#: to attach to (for example a text that is just ``"2024 -- 11"``).
Script = Literal["Han", "Latin", "Kana", "Hangul", "Cyrillic", "Other", "Common"]

#: Roles a block can have. ``blank`` is a block of whitespace only.
Role = Literal["article", "boilerplate", "footer", "spam", "blank"]

#: Han-run variants, from OpenCC's character tables.
Variant = Literal["simplified", "traditional", "mixed", "ambiguous"]

#: What a token is.
TokenKind = Literal["han", "word", "number", "url", "email", "emoji", "punct", "other"]


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """A maximal stretch of one script; runs tile the text exactly."""

    start: int
    end: int
    script: Script

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "script": self.script}


@dataclass(frozen=True, slots=True)
class Block:
    """A line or a part of one, with the role the evidence gives it.

    Blocks tile the text exactly: the newline that ends a line belongs to the
    block of that line. ``rule`` names the evidence that decided the role.
    """

    start: int
    end: int
    role: Role
    script: Script
    rule: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "script": self.script,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Token:
    """One token of :func:`segtext.segment`; ``text`` is the caller's slice."""

    start: int
    end: int
    text: str
    kind: TokenKind

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class HanRun:
    """A maximal run of Han characters with its Simplified/Traditional label."""

    start: int
    end: int
    variant: Variant

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "variant": self.variant}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason behind a finding: a rule id, where, how much, and why."""

    rule: str
    start: int
    end: int
    weight: float
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "weight": round(self.weight, 3),
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class SpamFinding:
    """A spam cluster (a run of keyword titles), an inline injected phrase, or
    a page of advert prose (``kind="page"``: spam vocabulary at a density no
    article reaches).

    ``score`` is compared with the configured threshold; ``evidence`` lists
    every rule that contributed, each with its own span and weight, so a
    person can check the verdict against the text.
    """

    start: int
    end: int
    kind: Literal["cluster", "inline", "lines", "page"]
    rule: str
    score: float
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    items: int
    message: str
    evidence: tuple[Evidence, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "rule": self.rule,
            "score": round(self.score, 3),
            "categories": list(self.categories),
            "keywords": list(self.keywords),
            "items": self.items,
            "message": self.message,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything :func:`segtext.analyze` found in one text.

    ``verdict`` is ``"spam"`` when at least one finding reached the threshold.
    ``tokens`` is empty unless segmentation was asked for in the config, so
    that a spam check never pays for loading jieba.
    """

    length: int
    verdict: Literal["spam", "clean"]
    score: float
    threshold: float
    runs: tuple[ScriptRun, ...]
    blocks: tuple[Block, ...]
    spam: tuple[SpamFinding, ...]
    tokens: tuple[Token, ...] = ()
    han_runs: tuple[HanRun, ...] = ()
    #: The strongest candidates below the threshold, with their evidence
    #: (only with ``SpamConfig(near_misses=True)``; ``check --explain``).
    near_misses: tuple[SpamFinding, ...] = ()

    @property
    def is_spam(self) -> bool:
        return self.verdict == "spam"

    def as_dict(
        self,
        *,
        runs: bool = True,
        tokens: bool = True,
        finding: Callable[[SpamFinding], dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The JSON shape; ``finding`` builds each finding's (default:
        :meth:`SpamFinding.as_dict`; the command line adds line and column)."""
        one = finding or SpamFinding.as_dict
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "score": round(self.score, 3),
            "threshold": self.threshold,
            "length": self.length,
            "spam": [one(f) for f in self.spam],
            "blocks": [b.as_dict() for b in self.blocks],
        }
        if runs:
            out["runs"] = [r.as_dict() for r in self.runs]
        if tokens and self.tokens:
            out["tokens"] = [t.as_dict() for t in self.tokens]
        if self.han_runs:
            out["han_runs"] = [h.as_dict() for h in self.han_runs]
        if self.near_misses:
            out["near_misses"] = [one(f) for f in self.near_misses]
        return out


def _load_orjson() -> Any:
    try:
        import orjson  # noqa: PLC0415 - optional, from the 'fast' extra
    except ImportError:
        return None
    return orjson


#: The orjson module when it is installed (``pip install 'segtext[fast]'``), else None.
ORJSON: Any = _load_orjson()
