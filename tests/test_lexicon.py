"""The shipped dictionaries: up to date with their sources, well formed, found."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from segtext import _scriptdata
from segtext.errors import SegtextError
from segtext.lexicon import (
    SPAM_LEXICON,
    Matcher,
    latin_forms,
    load_lexicon,
    parse_lexicon,
    read_resource,
)

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_lexicon_is_built_from_its_sources() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_lexicon.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_lexicon_categories_weights_and_flags() -> None:
    entries = parse_lexicon(read_resource(SPAM_LEXICON), SPAM_LEXICON)
    cats = {e.category for e in entries}
    assert cats == set("adult gambling lottery piracy drugs documents services seo vpn".split())
    assert all(0 < e.weight <= 5 for e in entries)
    assert any(e.marker and e.keyword == "蜘蛛池" for e in entries)
    assert any(e.inline and e.keyword == "六开彩" for e in entries)
    # Keywords are stored folded: Simplified, lower case, half-width.
    assert all(e.keyword == e.keyword.lower() for e in entries)
    assert not [e.keyword for e in entries if re.search("[Ａ-Ｚａ-ｚ０-９]", e.keyword)]


def test_traditional_user_entry_matches_simplified_text(tmp_path: Path) -> None:
    lex = tmp_path / "t.tsv"
    lex.write_text("賭場網址\tgambling\t2\n", encoding="utf-8")
    found = load_lexicon((str(lex),)).find("最新赌场网址")
    assert [(m.start, m.end, m.entry.category) for m in found if m.entry.keyword == "赌场网址"] == [
        (2, 6, "gambling")
    ]


def test_latin_keywords_need_word_boundaries() -> None:
    lex = load_lexicon()
    assert [m.entry.keyword for m in lex.find("available avenue")] == []
    assert "av" in [m.entry.keyword for m in lex.find("日韩av高清")]
    # ... and so does the English end of a keyword with Chinese in it.
    assert "av在线" in [m.entry.keyword for m in lex.find("av在线")]
    assert "av在线" not in [m.entry.keyword for m in lex.find("java在线教程")]
    assert "pp电子" not in [m.entry.keyword for m in lex.find("app电子书")]


def test_latin_keywords_match_plurals_and_hyphens() -> None:
    lex = load_lexicon()
    text = "top essay writing services and first-copy watches at the sportsbooks"
    hits = {(text[m.start : m.end], m.entry.keyword) for m in lex.find(text)}
    assert ("essay writing services", "essay writing service") in hits
    assert ("first-copy", "first copy") in hits
    assert ("sportsbooks", "sportsbook") in hits
    # The ending is a whole word's: "sportsbookses" and "sportsbookx" are no forms.
    found = lex.find("sportsbookses sportsbookx")
    assert not [m for m in found if m.entry.keyword == "sportsbook"]


def test_compound_keywords_match_inside_longer_words(tmp_path: Path) -> None:
    lex = tmp_path / "c.tsv"
    lex.write_text("bahis\tgambling\t1.5\tcompound\nsportsbook\tgambling\t1.5\n", "utf-8")
    text = "ahenkbahis giriş, bestsportsbook"  # folded text, as find takes it
    found = load_lexicon((str(lex),)).find(text)
    hits = [(m.start, m.end) for m in found if m.entry.keyword in ("bahis", "sportsbook")]
    assert hits == [(5, 10)]  # bahis inside the brand; sportsbook needs its bounds
    # The shipped lexicon's glued-brand words.
    shipped = load_lexicon()
    for brand, word in [
        ("slotgacor777", "gacor"),
        ("elitbahisci", "bahis"),
        ("vdcasino", "casino"),
    ]:
        assert word in [m.entry.keyword for m in shipped.find(brand)], brand
    # A plural holds its compound keyword once, not as a plural form and a stem.
    casinos = [(m.start, m.end) for m in shipped.find("casinos") if m.entry.keyword == "casino"]
    assert casinos == [(0, 6)]
    with pytest.raises(SegtextError, match="flag compound is for one word"):
        parse_lexicon("online casino\tgambling\t1\tcompound\n", "x.tsv")


def test_strong_entries_with_marks_match_bare_too() -> None:
    lex = load_lexicon()
    keys = [m.entry.keyword for m in lex.find("guncel giris adresi, nha cai uy tin so 1")]
    assert "guncel giris" in keys and "nha cai uy tin" in keys
    # A weak entry's bare form may be another phrase's: đổi thưởng and đời
    # thường (everyday life) are both doi thuong.
    assert "doi thuong" not in {e.keyword for e in parse_lexicon(read_resource(SPAM_LEXICON), "x")}


def test_latin_forms() -> None:
    assert latin_forms("essay writing service") == [
        "essay-writing-service",
        "essay writing services",
        "essay-writing-services",
    ]
    assert latin_forms("first copy") == ["first-copy", "first copies", "first-copies"]
    assert latin_forms("box") == ["boxes"]
    assert latin_forms("bahis") == []  # already ends in s
    assert latin_forms("slot88") == []


def test_exclusions_hide_hits_inside_them() -> None:
    lex = load_lexicon()
    assert "成人" not in [m.entry.keyword for m in lex.find("成人教育学院")]
    assert "成人" in [m.entry.keyword for m in lex.find("成人视频")]


def test_script_table_agrees_with_the_unicode_script_property() -> None:
    # Code points assigned in Python's Unicode version; sampled for speed.
    classes = {
        name: (re.compile(f"[{getattr(_scriptdata, name)}]"), regex.compile(prop))
        for name, prop in {
            "HAN": r"\p{Script=Han}",
            "LATIN": r"\p{Script=Latin}",
            "HANGUL": r"\p{Script=Hangul}",
            "CYRILLIC": r"\p{Script=Cyrillic}",
        }.items()
    }
    for cp in range(0, 0x30000, 7):
        ch = chr(cp)
        if unicodedata.category(ch) in ("Cn", "Cs", "Co"):
            continue
        for name, (ours, theirs) in classes.items():
            assert bool(ours.match(ch)) == bool(theirs.match(ch)), (name, hex(cp))


_CHARS = st.sampled_from(["毛", "片", "a", "b", "🙂", "\ud800", "\ufffd", " "])


@given(
    st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=4), min_size=1, max_size=6),
    st.lists(_CHARS, max_size=30),
)
def test_the_matcher_finds_every_occurrence_overlaps_and_surrogates_included(
    keys: list[str], pieces: list[str]
) -> None:
    keys = [k for k in dict.fromkeys(keys) if "\ud800" not in k]  # lexicons are UTF-8
    if not keys:
        return
    text = "".join(pieces)
    expected = sorted(
        (i, s, s + len(k))
        for i, k in enumerate(keys)
        for s in range(len(text) - len(k) + 1)
        if text.startswith(k, s)
    )
    assert sorted(Matcher(keys).spans(text)) == expected
