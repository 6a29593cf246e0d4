"""The JSON shape of reports: the same values with or without orjson
(``segtext.output.to_json``, the one JSON writer)."""

from __future__ import annotations

import json

import pytest

from segtext import analyze, output


def test_to_json_gives_the_same_values_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "标题\n免费毛片在线观看|亚洲无码视频专区|国产成人精品网站\nEnglish line.\n"
    rec = analyze(text).as_dict()
    fast = output.to_json(rec)
    monkeypatch.setattr(output, "ORJSON", None)
    plain = output.to_json(rec)
    assert json.loads(fast) == json.loads(plain) == json.loads(json.dumps(rec))
    assert "毛片" in plain  # non-ASCII kept, not escaped
    assert "\n" not in fast and "\n" not in plain


def test_to_json_falls_back_on_values_orjson_refuses() -> None:
    rec = {"text": "a\ud800b", "n": 1}  # a lone surrogate, possible in a Python str
    assert json.loads(output.to_json(rec)) == rec
