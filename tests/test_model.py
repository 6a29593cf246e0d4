"""The fitted spam line model: its file, its staleness, its explanations."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segtext import SpamConfig, analyze, detect_spam
from segtext.errors import SegtextError
from segtext.spam.features import FEATURES
from segtext.spam.fit import PINNED, logistic
from segtext.spam.model import format_model, grams, is_word_key, load_model, parse_model

from .conftest import ROOT, SHARED, need_shared


def test_shipped_model_is_not_stale() -> None:
    """dicts/spam_model.tsv is what `python tools/fit_model.py` fits today."""
    need_shared(SHARED / "dev")
    pytest.importorskip("numpy")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "fit_model.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_model_file_round_trips_and_names_its_origin() -> None:
    model = load_model()
    assert any("fit_model.py" in h for h in model.header)
    again = parse_model(format_model(model), "again")
    assert again.weights == model.weights and again.bias == model.bias
    assert set(again.weights) <= set(FEATURES)
    assert len(model.vocab) > 1000


def test_pinned_weights_are_set_not_fitted() -> None:
    """A weight the corpus cannot teach is the one set in fit.PINNED, and the
    logistic regression takes it as a fixed term of the logit."""
    np = pytest.importorskip("numpy")
    model = load_model()
    assert PINNED and all(model.weights[f] == pytest.approx(w) for f, w in PINNED.items())
    # One feature, labels that a weight of 2 explains exactly at the middle:
    # with an offset of -2 on every row, the fitted weight must make up for it.
    x = np.array([[0.0], [0.0], [1.0], [1.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    w = np.ones(4)
    (free,), _ = logistic(x, y, w, 0.0)
    (held,), bias = logistic(x, y, w, 0.0, np.array([0.0, 0.0, -2.0, -2.0]))
    assert free == pytest.approx(0.0, abs=1e-6) and bias == pytest.approx(0.0, abs=1e-6)
    assert held == pytest.approx(2.0, abs=1e-3)


def test_bad_model_file_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(SegtextError, match="not a 'segtext-spam-model 1' file"):
        parse_model("bias\t1\nthreshold\t2\n", "x.tsv")
    with pytest.raises(SegtextError, match=r"x\.tsv:2: bad model line"):
        parse_model("format\tsegtext-spam-model 1\nbias\tone\n", "x.tsv")


def test_grams_words_and_character_ngrams() -> None:
    # Latin words whole; Han runs as bigrams and trigrams; no pure-Latin
    # n-gram from a mixed run.
    assert grams("slot gacor") == {"slot", "gacor"}
    assert grams("在线观看") == {"在线", "线观", "观看", "在线观", "线观看"}
    assert "av" not in grams("av在线")
    assert is_word_key("casino") and not is_word_key("在线")


def test_word_entries_match_on_word_bounds_only() -> None:
    matcher = load_model().matcher()
    word = next(k for k in matcher.keys if is_word_key(k) and len(k) >= 4 and k.isascii())
    assert matcher.find(f"a {word} b")
    assert not matcher.find(f"x{word}x")


def test_finding_evidence_adds_up_to_its_score() -> None:
    text = (
        "Breaking news\n\n免费毛片在线观看|亚洲无码视频专区|国产成人精品网站\n"
        "主站蜘蛛池模板: 一级毛片| 成人网站| 无码视频| 国产精品\n"
    )
    findings = detect_spam(text) + detect_spam(text, SpamConfig(model=False))
    assert findings
    for f in findings:
        assert math.isclose(sum(e.weight for e in f.evidence), f.score, abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet="免费毛片在线观看亚洲无码视频专区国产主站蜘蛛池模板澳门六开彩开奖结果的了是|,。 \nab1qq微信",
        max_size=200,
    )
)
def test_scores_are_the_sum_of_their_contributions(text: str) -> None:
    report = analyze(text)
    cfg = SpamConfig(near_misses=True, threshold=1.0)
    from segtext.spam import detect  # noqa: PLC0415

    det = detect(text, cfg)
    for f in (*det.findings, *det.near_misses):
        assert 0 <= f.start <= f.end <= len(text)
        # Every rule's evidence carries its contribution: they add up.
        assert math.isclose(sum(e.weight for e in f.evidence), f.score, abs_tol=1e-9)
    assert report.length == len(text)


def test_near_misses_explain_a_clean_verdict() -> None:
    text = "今日新闻\n\n免费毛片在线观看|亚洲无码视频专区|国产成人精品网站\n\n本报记者报道，会议于昨日召开。\n"
    from segtext.spam import detect  # noqa: PLC0415

    flagged = detect(text).findings
    assert flagged
    bar = 1.0
    while flagged:  # raise the bar above every finding (a rule's hides the line's)
        bar = max(f.score for f in flagged) + 0.5
        flagged = detect(text, SpamConfig(threshold=bar)).findings
    det = detect(text, SpamConfig(near_misses=True, threshold=bar))
    assert det.findings == ()
    assert det.near_misses and all(bar - 3.0 <= f.score < bar for f in det.near_misses)
    assert all(text[f.start : f.end].strip() for f in det.near_misses)


def test_model_can_be_switched_off_and_replaced(tmp_path: object) -> None:
    from pathlib import Path  # noqa: PLC0415

    model = load_model()
    # Indonesian gambling vocabulary: no lexicon rule fires, the model does.
    spam = "slot gacor hari ini situs judi online terpercaya daftar sekarang"
    assert detect_spam(spam, SpamConfig(model=False)) == ()
    assert any(f.rule.startswith("model.") for f in detect_spam(spam))
    silent = Path(str(tmp_path)) / "silent.tsv"
    silent.write_text(
        format_model(type(model)({}, {}, -100.0, 0.0, ("a model that flags nothing",))), "utf-8"
    )
    assert all(
        not f.rule.startswith("model.")
        for f in detect_spam(spam, SpamConfig(model_path=str(silent)))
    )


def test_cli_explain_shows_near_misses_and_contributions(tmp_path: Path) -> None:
    from .conftest import run_cli  # noqa: PLC0415

    page = tmp_path / "page.txt"
    # An Indonesian gambling line above English news: below the threshold
    # on this page, so the page is clean, and the line is its near miss.
    page.write_text("judi slot hari ini\n\nThe council met on Tuesday.\n", encoding="utf-8")
    code, out, _ = run_cli(["check", "--explain", str(page)])
    assert code == 0 and "clean" in out.splitlines()[0]
    assert "near misses" in out and "[model.bias]" in out and "[feature.vocab.mean]" in out
    code, out, _ = run_cli(["check", str(page)])
    assert "near misses" not in out


def test_cli_model_options(tmp_path: Path) -> None:
    from .conftest import run_cli  # noqa: PLC0415

    page = tmp_path / "page.txt"
    page.write_text("slot gacor hari ini situs judi online terpercaya daftar sekarang\n", "utf-8")
    assert run_cli(["check", str(page)])[0] == 1  # the line model finds it
    assert run_cli(["check", "--no-model", str(page)])[0] == 0  # the rules alone do not
    silent = tmp_path / "silent.tsv"
    model = load_model()
    silent.write_text(format_model(type(model)({}, {}, -100.0, 0.0, ("flags nothing",))), "utf-8")
    assert run_cli(["check", "--model", str(silent), str(page)])[0] == 0
    code, _, err = run_cli(["check", "--model", str(tmp_path / "missing.tsv"), str(page)])
    assert code == 2 and "missing.tsv" in err


def test_corpus_labels(tmp_path: Path) -> None:
    """A spam page's lines come from ``lines`` or ``text``; naming neither
    makes every content line spam; a ``text`` not on the page is an error."""
    import json  # noqa: PLC0415

    from segtext.spam.corpus import load_folder  # noqa: PLC0415

    (tmp_path / "a.txt").write_text("News\n\nbuy pills\nmore news\n", "utf-8")
    (tmp_path / "b.txt").write_text("one\n\ntwo\n", "utf-8")
    (tmp_path / "c.txt").write_text("calm\n", "utf-8")
    labels = {
        "a.txt": {"label": "spam", "text": "buy pills"},
        "b.txt": {"label": "spam"},
        "c.txt": {"label": "clean"},
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels), "utf-8")
    pages = {p.name.split("/")[-1]: p for p in load_folder(tmp_path)}
    assert pages["a.txt"].spam_lines == {2} and pages["a.txt"].spans == ((6, 15),)
    assert pages["b.txt"].spam_lines == {0, 2}
    assert pages["c.txt"].spam_lines == frozenset() and pages["c.txt"].label == "clean"
    labels["a.txt"]["text"] = "sell pills"
    (tmp_path / "labels.json").write_text(json.dumps(labels), "utf-8")
    with pytest.raises(SegtextError, match=r"a\.txt.*sell pills"):
        load_folder(tmp_path)
    for bad in ({"lines": [0]}, {"lines": [6]}, {"lines": ["2"]}, {"text": 3}):
        labels["a.txt"] = {"label": "spam", **bad}  # a.txt has 5 lines, the last empty
        (tmp_path / "labels.json").write_text(json.dumps(labels), "utf-8")
        with pytest.raises(SegtextError, match=r"a\.txt"):
            load_folder(tmp_path)


def test_threshold_counts_every_clean_page() -> None:
    """1% of 100 clean pages may flag: one, although 98 of them have no
    candidate line (score -inf) and never could; spam pages do not count."""
    from segtext.spam.fit import choose_threshold  # noqa: PLC0415

    scores = [(-math.inf, False)] * 98 + [(3.0, False), (2.0, False), (9.0, True)]
    assert choose_threshold(scores, 0.01) == 2.05  # the second clean page's score + 0.05
    assert choose_threshold(scores, 0.0) == 3.05
    assert choose_threshold([(-math.inf, False)], 0.01) == 0.0


def test_background_share_from_jieba() -> None:
    """Everyday words are on more everyday pages than spam words (jieba's
    frequencies: 美国 36,089, 博彩 a few), and every share is a probability."""
    from segtext.spam.fit import _all_han, background_share, jieba_dictionary  # noqa: PLC0415

    share = background_share()
    assert share["美国"] > 0.1 and share.get("博彩", 0.0) < 0.01  # 0.33 and 0.001
    assert share["一起"] > share.get("娱乐城", 0.0)
    assert all(0.0 <= v <= 1.0 for v in share.values())
    assert _all_han("美国人") and not _all_han("上の") and not _all_han("av在")
    assert jieba_dictionary()[1].startswith("jieba ")
