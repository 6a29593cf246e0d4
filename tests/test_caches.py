"""segtext.caches.reset_caches: every per-process cache cleared, nothing loaded by it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from segtext import SpamConfig, analyze, blocks, lexicon, normalize
from segtext.caches import reset_caches
from segtext.config import BlocksConfig, Config
from segtext.spam import markers
from segtext.spam import model as spam_model
from tests.conftest import assert_unloaded

TEXT = "Harbour news\n\n主站蜘蛛池模板: 甲乙丙丁 | 戊己庚辛 | 壬癸子丑 | 寅卯辰巳\n"


def test_an_edited_lexicon_is_read_again_after_a_reset(tmp_path: Path) -> None:
    path = tmp_path / "extra.tsv"
    cfg = Config(spam=SpamConfig(lexicons=(str(path),)))
    path.write_text("甲乙丙丁\tadult\t1\t-\n", encoding="utf-8")
    before = analyze(TEXT, cfg).spam[0].keywords
    path.write_text("甲乙丙丁\tadult\t1\t-\n戊己庚辛\tadult\t1\t-\n", encoding="utf-8")
    assert analyze(TEXT, cfg).spam[0].keywords == before  # the lexicon is kept...
    reset_caches()
    assert len(analyze(TEXT, cfg).spam[0].keywords) == len(before) + 1  # ...until a reset


def test_every_cache_is_empty_after_a_reset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEGTEXT_CACHE_DIR", str(tmp_path))  # jieba's cache, not the user's
    seg = importlib.import_module("segtext.segment")
    seg.segment("我们在北京")
    seg.han_runs("電視节目")
    assert seg._variant_weights().counts("電視节目") == (2, 1)
    analyze(TEXT, Config(blocks=BlocksConfig(min_en_words=3)))
    reset_caches()
    assert seg._variant_weights.cache_info().currsize == 0
    assert lexicon.load_lexicon.cache_info().currsize == 0
    assert spam_model.load_model.cache_info().currsize == 0
    assert markers._automaton.cache_info().currsize == 0
    assert normalize.converter.cache_info().currsize == 0
    assert blocks._classifier.cache_info().currsize == 1  # the default's, rebuilt empty
    assert seg._segmenter.cache_info().currsize == 0
    assert seg._resources.cache_info().currsize == 0


def test_a_reset_loads_neither_segmentation_nor_jieba() -> None:
    assert_unloaded(
        "import segtext.caches\nsegtext.caches.reset_caches()\n",
        {"jieba", "segtext.segment", "segtext._jieba"},
    )
