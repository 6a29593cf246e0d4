"""The record every rule module declares: its id, kind and summary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's id, the finding kind it reports (or ``evidence``), and one
    line on what it finds."""

    id: str
    kind: str
    summary: str
