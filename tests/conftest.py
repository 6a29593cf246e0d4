"""Shared test helpers: where ../shared is, and loading its labelled cases."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SEGTEXT_SHARED", ROOT.parent / "shared"))
CASES = SHARED / "cases"
SEED = SHARED / "seed" / "chinadaily-page.txt"
ICWB2 = SHARED / "data" / "icwb2"


def need_shared(path: Path) -> Path:
    """Skip when third-party data is absent, except in CI where it must be there."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must have ../shared beside the checkout")
        pytest.skip(f"{path} not present (third-party data lives in ../shared)")
    return path


def read_case(rel: str) -> str:
    return (need_shared(CASES) / rel).read_text(encoding="utf-8")


def case_labels() -> dict[str, dict[str, Any]]:
    path = CASES / "labels.json"
    if not path.exists():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def line_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each line without its newline, 1-based by index+1."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
