"""analyze_columns in a real datasets.map: one column type whatever a batch holds."""

from __future__ import annotations

from typing import Any

import pytest

from segtext import analyze
from segtext.batch import analyze_columns, column_features

datasets = pytest.importorskip("datasets", reason="datasets is installed by the test extra")

SPAM = (
    "主站蜘蛛池模板: 免费观看毛片视频网站| 亚洲精品无码在线观看|"
    " 国产成人精品一区二区| 澳门新葡京娱乐城官网|"
)
CLEAN = "The library opened on Saturday and kept its reading room open until two in the morning."

#: Clean rows first: the first batch (and the first worker's shard) has no finding.
ROWS = [CLEAN] * 4 + [SPAM, CLEAN, SPAM, CLEAN]


def _map(**kwargs: Any) -> Any:
    ds = datasets.Dataset.from_dict({"text": ROWS})
    return ds.map(
        lambda b: analyze_columns(b["text"]),
        batched=True,
        batch_size=2,
        features=column_features(ds.features),
        **kwargs,
    )


def _check(out: Any) -> None:
    assert out["text"] == ROWS  # the input column is kept beside the new ones
    assert out["segtext_verdict"] == [analyze(t).verdict for t in ROWS]
    spam = analyze(SPAM).spam
    assert out["segtext_rules"][4] == [f.rule for f in spam] and out["segtext_rules"][0] == []
    assert out["segtext_spans"][4] == [[f.start, f.end] for f in spam]
    types = {k: str(v) for k, v in out.features.items()}
    assert types["segtext_rules"].startswith("List(Value('string')")
    assert "int64" in types["segtext_spans"] and "float64" in types["segtext_score"]


def test_clean_only_batches_first_then_mixed_ones() -> None:
    _check(_map())


def test_two_worker_processes() -> None:
    # num_proc=2: the first shard is all clean, the second mixed; the shards'
    # tables are concatenated, so their types must be the same.
    _check(_map(num_proc=2))


def test_a_clean_only_dataset_keeps_the_types() -> None:
    ds = datasets.Dataset.from_dict({"text": [CLEAN] * 3})
    out = ds.map(
        lambda b: analyze_columns(b["text"], clean=True),
        batched=True,
        features=column_features(ds.features, clean=True),
    )
    assert out["segtext_rules"] == [[], [], []] and out["segtext_text"][0].startswith("The library")
    assert str(out.features["segtext_spans"]).count("int64") == 1


def test_without_features_a_clean_first_batch_breaks_the_map() -> None:
    # Why column_features exists: Arrow types an all-empty list column null.
    ds = datasets.Dataset.from_dict({"text": ROWS})
    with pytest.raises((TypeError, ValueError), match="null"):
        ds.map(lambda b: analyze_columns(b["text"]), batched=True, batch_size=2)


def test_the_features_name_every_column_analyze_columns_gives() -> None:
    for clean in (False, True):
        cols = analyze_columns([CLEAN, SPAM], clean=clean, prefix="x_")
        assert set(column_features(prefix="x_", clean=clean)) == set(cols)
