"""The JSON records of segtext.output: same bytes with or without orjson."""

from __future__ import annotations

import pytest

from segtext import analyze, output
from segtext.output import text_record, to_json

SPAM = "主站蜘蛛池模板: 免费毛片 | 成人网站 | 无码视频 | 澳门赌场 |\n"


def test_json_is_the_same_bytes_with_and_without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("orjson", reason="orjson is installed by the test extra")
    rec = text_record({"input": "页.txt"}, analyze(SPAM), SPAM, "check")
    fast = to_json(rec)
    monkeypatch.setattr(output, "ORJSON", None)
    assert to_json(rec) == fast
    assert fast.startswith('{"schema_version":1,"input":"页.txt","verdict":"spam",')  # compact
