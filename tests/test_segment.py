"""Tests of the segmentation stage (segtext.segment and segtext._jieba).

Every expected offset below was counted by hand from the input string
(code points, half-open), not copied from output.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segtext import _jieba
from segtext.config import SegmentConfig
from segtext.errors import SegtextError
from segtext.report import Token
from segtext.segment import Segmenter
from tests.conftest import ICWB2, ROOT, SEED, need_shared

# ``segtext.segment`` the attribute is the function; the module is this one.
seg = importlib.import_module("segtext.segment")
segment = seg.segment


@pytest.fixture(autouse=True, scope="module")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Build jieba's dictionary cache in a temporary dir, not the user's."""
    old = os.environ.get("SEGTEXT_CACHE_DIR")
    os.environ["SEGTEXT_CACHE_DIR"] = str(tmp_path_factory.mktemp("segtext-cache"))
    seg.reset_caches()
    yield
    if old is None:
        os.environ.pop("SEGTEXT_CACHE_DIR", None)
    else:
        os.environ["SEGTEXT_CACHE_DIR"] = old
    seg.reset_caches()


def spans(text: str, config: SegmentConfig | None = None) -> list[tuple[int, int, str, str]]:
    return [(t.start, t.end, t.text, t.kind) for t in segment(text, config)]


# ---------------------------------------------------------------- offsets


def test_traditional_is_cut_through_t2s_with_original_offsets() -> None:
    # jieba alone cuts 紐約客 into three characters; 紐約 = 纽约 after t2s.
    assert spans("紐約客") == [(0, 2, "紐約", "han"), (2, 3, "客", "han")]


def test_full_width_digits_and_letters_stay_whole() -> None:
    assert spans("２０００年") == [(0, 4, "２０００", "number"), (4, 5, "年", "han")]
    assert spans("ｉｎｔｅｒｎｅｔ") == [(0, 8, "ｉｎｔｅｒｎｅｔ", "word")]
    # 到(0) ２０(1-3) ％(3) : a percentage is one number.
    assert spans("到２０％") == [(0, 1, "到", "han"), (1, 4, "２０％", "number")]


def test_month_and_magnitude_units_join_their_number() -> None:
    # ７(0) 月(1) ５(2) 日(3) ３(4) 万(5); days stay apart (standards differ).
    assert spans("７月５日３万") == [
        (0, 2, "７月", "number"),
        (2, 3, "５", "number"),
        (3, 4, "日", "han"),
        (4, 6, "３万", "number"),
    ]


def test_astral_han_characters_keep_code_point_offsets() -> None:
    # 我0 喜1 欢2 𠀀3 (U+20000) 𪚥4 (U+2A6A5) 字5
    text = "我喜欢𠀀𪚥字"
    assert spans(text) == [
        (0, 1, "我", "han"),
        (1, 3, "喜欢", "han"),
        (3, 4, "𠀀", "han"),
        (4, 5, "𪚥", "han"),
        (5, 6, "字", "han"),
    ]


def test_mixed_english_chinese() -> None:
    # 我0 用1 iPhone2-8 space8 15 at 9-11 拍照11-13
    assert spans("我用iPhone 15拍照") == [
        (0, 1, "我", "han"),
        (1, 2, "用", "han"),
        (2, 8, "iPhone", "word"),
        (9, 11, "15", "number"),
        (11, 13, "拍照", "han"),
    ]


def test_urls_and_emails_stay_whole() -> None:
    # 见0, then 18 characters of URL at 1-19, 。 at 19.
    assert spans("见https://a.cn/x?q=1。") == [
        (0, 1, "见", "han"),
        (1, 19, "https://a.cn/x?q=1", "url"),
        (19, 20, "。", "punct"),
    ]
    # 邮箱0-2 space2 foo.bar@example.com (19 chars) 3-22 space22 联系23-25
    assert spans("邮箱 foo.bar@example.com 联系") == [
        (0, 2, "邮箱", "han"),
        (3, 22, "foo.bar@example.com", "email"),
        (23, 25, "联系", "han"),
    ]


def test_emoji_sequences_stay_whole() -> None:
    # 👍🏽 is thumbs up + skin tone (2 code points); the family is
    # man ZWJ woman ZWJ girl (5 code points).
    assert spans("好👍🏽") == [(0, 1, "好", "han"), (1, 3, "👍🏽", "emoji")]
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert spans(family + "!") == [(0, 5, family, "emoji"), (5, 6, "!", "punct")]
    assert spans("🇨🇳") == [(0, 2, "🇨🇳", "emoji")]


def test_expanded_character_is_one_token() -> None:
    # NFKC turns ㍻ into 平成 (two characters from one): never two tokens
    # with the same span.
    assert spans("㍻元年")[0] == (0, 1, "㍻", "han")


def test_invisible_character_inside_a_word() -> None:
    # 中国0-2 赌2 ZWSP3 博4 网站5-7
    assert spans("中国赌\u200b博网站") == [
        (0, 2, "中国", "han"),
        (2, 5, "赌\u200b博", "han"),
        (5, 7, "网站", "han"),
    ]


def test_punctuation_runs_and_whitespace() -> None:
    assert spans("好……  \n") == [(0, 1, "好", "han"), (1, 3, "……", "punct")]
    assert segment("") == ()
    assert segment(" \t\n") == ()


def test_search_mode_cuts_finer_without_overlap() -> None:
    search = SegmentConfig(mode="search")
    assert [t.text for t in segment("中华人民共和国", search)] == ["中华", "人民", "共和国"]
    assert [t.text for t in segment("中华人民共和国")] == ["中华人民共和国"]


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="takes a str"):
        segment(b"bytes")


# ---------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    [
        *"中文紐約客纽约２０ｉｎ㍻㈱ …！,. \n\tAb9%@:/",
        *("\u200b", "\u200d", "\ufe0f", "\u0301", "👍", "🏽", "👨", "🇨", "🇳", "𠀀", "𪚥", "İ", "ß"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_ALPHABET)))
def test_spans_are_in_bounds_ordered_and_disjoint(text: str) -> None:
    last = 0
    for t in segment(text):
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= last
        assert text[t.start : t.end] == t.text
        assert not t.text.isspace()
        last = t.end


# ---------------------------------------------------------------- variants


def test_han_runs_are_labelled_from_opencc_tables() -> None:
    # 纽约和紐約 0-5 (Simplified 纽约, Traditional 紐約) ，5 中文6-8 (shared)
    assert [(r.start, r.end, r.variant) for r in seg.han_runs("纽约和紐約，中文")] == [
        (0, 5, "mixed"),
        (6, 8, "ambiguous"),
    ]
    assert seg.han_runs("紐約")[0].variant == "traditional"
    assert seg.han_runs("纽约")[0].variant == "simplified"
    assert seg.han_runs("abc") == ()


# ---------------------------------------------------------------- engine


def _real_text() -> str:
    parts = [need_shared(SEED).read_text(encoding="utf-8")]
    for name in ("pku_test.utf8", "cityu_test.utf8"):
        path = ICWB2 / name
        if path.exists():
            parts.append(path.read_text(encoding="utf-8-sig")[:60000])
    return "\n".join(parts)


def test_words_are_jiebas_words() -> None:
    jieba = pytest.importorskip("jieba")
    tok = jieba.Tokenizer()
    tok.tmp_dir = os.environ["SEGTEXT_CACHE_DIR"]  # keep jieba's own cache out of /tmp
    d = seg._resources(()).dictionary
    text = _real_text()
    runs = _jieba.JIEBA_HAN.findall(text)
    d.load(set(text))
    for hmm in (False, True):
        mismatched = [r for r in runs if d.cut(r, hmm) != tok.lcut(r, HMM=hmm)]
        assert not mismatched, mismatched[:5]


def test_rjieba_backend_gives_identical_han_tokens() -> None:
    pytest.importorskip("rjieba")
    text = _real_text()
    for hmm in ("on", "off", "auto"):
        ours = segment(text, SegmentConfig(hmm=hmm))
        fast = segment(text, SegmentConfig(hmm=hmm, backend="rjieba"))
        assert [t for t in ours if t.kind == "han"] == [t for t in fast if t.kind == "han"]


def test_rjieba_missing_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rjieba", None)
    seg.reset_caches()
    with pytest.raises(SegtextError, match="pip install rjieba"):
        segment("中文", SegmentConfig(backend="rjieba"))
    seg.reset_caches()


# ---------------------------------------------------------------- user dicts


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_user_entries_with_spaces_digits_and_punctuation(tmp_path: Path) -> None:
    d = _write(tmp_path / "u.txt", "# comment\nEdu Trust认证\n糖类抗原19-9 10 n\nck\n")
    cfg = SegmentConfig(user_dicts=(d,))
    # 获得0-2 Edu Trust认证 2-13 (3+1+5+2 = 11 characters)
    assert spans("获得Edu Trust认证", cfg) == [
        (0, 2, "获得", "han"),
        (2, 13, "Edu Trust认证", "han"),
    ]
    # 检测0-2 糖类抗原19-9 2-10 (4 Han + 19-9)
    assert spans("检测糖类抗原19-9", cfg)[1] == (2, 10, "糖类抗原19-9", "han")
    # ck does not split lock; a standalone ck is honoured.
    assert [t.text for t in segment("lock ck", cfg)] == ["lock", "ck"]
    # Full-width text matches too: Ｅｄｕ folds to Edu.
    assert [t.text for t in segment("Ｅｄｕ Ｔｒｕｓｔ認證", cfg)] == ["Ｅｄｕ Ｔｒｕｓｔ認證"]


def test_user_dicts_work_across_scripts(tmp_path: Path) -> None:
    # Without a user dict, 蜘蛛池 is not one word.
    assert len(segment("蜘蛛池模板")) > 2
    trad = _write(tmp_path / "t.txt", "蜘蛛池\t\t\n模板站\n")
    simp = _write(tmp_path / "s.txt", "蜘蛛池\n")
    for path in (trad, simp):
        cfg = SegmentConfig(user_dicts=(path,))
        assert [t.text for t in segment("蜘蛛池", cfg)] == ["蜘蛛池"]
    entry = _write(tmp_path / "tw.txt", "網站群\n")  # Traditional entry
    cfg = SegmentConfig(user_dicts=(entry,))
    assert segment("网站群很多", cfg)[0].text == "网站群"
    entry_s = _write(tmp_path / "cn.txt", "网站群\n")  # Simplified entry
    cfg_s = SegmentConfig(user_dicts=(entry_s,))
    assert segment("網站群很多", cfg_s)[0].text == "網站群"


def test_malformed_user_dict_names_file_and_line(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.txt", "好词\n坏词\tmany\n")
    with pytest.raises(SegtextError, match=r"bad\.txt, line 2: frequency"):
        segment("好词", SegmentConfig(user_dicts=(bad,)))
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(SegtextError, match=r"nope\.txt"):
        segment("好词", SegmentConfig(user_dicts=(missing,)))
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"ok\n\xff\xfe\n")
    with pytest.raises(SegtextError, match="line 2: not valid UTF-8"):
        segment("好词", SegmentConfig(user_dicts=(str(binary),)))


# ---------------------------------------------------------------- processes


def _worker(job: tuple[Segmenter, str]) -> list[tuple[int, int, str]]:
    segmenter, text = job
    return [(t.start, t.end, t.text) for t in segmenter.segment(text)]


def test_segmenter_pickles_and_works_in_a_spawned_worker() -> None:
    segmenter = Segmenter(SegmentConfig(hmm="off"))
    segmenter.segment("先建好缓存")  # per-process state must not travel
    data = pickle.dumps(segmenter)
    assert len(data) < 500
    assert pickle.loads(data) == segmenter
    text = "紐約客用iPhone 15拍照"
    expected = [(t.start, t.end, t.text) for t in segmenter.segment(text)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        assert pool.map(_worker, [(segmenter, text)]) == [expected]


def _run(code: str, cache: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SEGTEXT_CACHE_DIR=str(cache), TMPDIR=str(tmp), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )


def test_fresh_process_is_quiet_lazy_and_writes_only_the_cache(tmp_path: Path) -> None:
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    code = (
        "import sys, segtext\n"
        "assert 'jieba' not in sys.modules, 'import segtext loaded jieba'\n"
        "print([t.text for t in segtext.segment('我用iPhone拍照')])\n"
    )
    for _ in range(2):  # once building the cache, once reading it
        out = _run(code, cache, tmp)
        assert out.stdout.strip() == "['我', '用', 'iPhone', '拍照']"
        assert out.stderr == ""
    assert [p.suffix for p in cache.iterdir()] == [".marshal"]
    assert list(tmp.iterdir()) == []


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    code = "import segtext; print(len(segtext.segment('中华人民共和国')))"
    _run(code, cache, tmp)
    (cache_file,) = cache.iterdir()
    cache_file.write_bytes(b"\x00garbage")
    assert _run(code, cache, tmp).stdout.strip() == "1"
    assert cache_file.stat().st_size > 1_000_000


def test_token_records() -> None:
    (t,) = segment("中国")
    assert t == Token(0, 2, "中国", "han")
    assert t.as_dict() == {"start": 0, "end": 2, "text": "中国", "kind": "han"}


# ---------------------------------------------------------------- SIGHAN floor

# The best figures of jieba 0.42.1 in any configuration, measured here
# (PKU and MSR with HMM off, CityU with t2s first, AS with t2s and width
# folding first); the default configuration must reach all at once.
FLOORS = {"pku": 0.836, "msr": 0.827, "cityu": 0.826, "as": 0.837}


def _sighan() -> object:
    spec = importlib.util.spec_from_file_location("bench_sighan", ROOT / "bench" / "sighan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_sighan_f1_floor(corpus: str) -> None:
    """All lines of each test set; about 2 s per corpus on 2 cores."""
    need_shared(ICWB2 / f"{corpus}_test.utf8")
    sighan = _sighan()
    score = sighan.evaluate(  # type: ignore[attr-defined]
        ICWB2, corpus, lambda line: [t.text for t in segment(line)]
    )
    assert score.f1 >= FLOORS[corpus], f"{corpus}: F1 {score.f1:.4f} < {FLOORS[corpus]}"
