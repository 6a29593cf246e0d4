"""The real pages in ../shared/cases and the seed: the floors of issue 2 and 4.

Every ``cluster`` and ``inline`` case must be flagged with its labelled lines
(or text) covered, every ``clean`` case must stay clean, and the same must
hold after the evasions spammers use (full-width letters, invisible
characters, spacing between characters, Traditional variants, mixed case,
homoglyph digits), with spans still pointing into the transformed text.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

import pytest

from segtext import analyze, clean, detect_spam
from segtext.normalize import converter
from tests.conftest import SEED, case_labels, line_spans, need_shared, read_case

LABELS = case_labels()
CLEAN = sorted(k for k, v in LABELS.items() if v["label"] == "clean")
CLUSTER = sorted(k for k, v in LABELS.items() if v.get("kind") == "cluster")
INLINE = sorted(k for k, v in LABELS.items() if v.get("kind") == "inline")
OTHER_SPAM = sorted(
    k
    for k, v in LABELS.items()
    if v["label"] == "spam" and v.get("kind") not in ("cluster", "inline")
)


def covered_share(spans: list[tuple[int, int]], a: int, b: int, text: str) -> float:
    """Share of the non-space characters of ``text[a:b]`` inside ``spans``."""
    want = [i for i in range(a, b) if not text[i].isspace()]
    if not want:
        return 1.0
    inside = sum(1 for i in want if any(s <= i < e for s, e in spans))
    return inside / len(want)


def assert_lines_covered(text: str, lines: list[int], spans: list[tuple[int, int]]) -> None:
    bounds = line_spans(text)
    for ln in lines:
        a, b = bounds[ln - 1]
        share = covered_share(spans, a, b, text)
        # A labelled line is spam if most of it is reported; the tail of a
        # line that trails off into ordinary words may be left out.
        assert share >= 0.5, f"line {ln} only {share:.0%} covered"


@pytest.mark.parametrize("name", CLEAN)
def test_clean_case_not_flagged(name: str) -> None:
    report = analyze(read_case(name))
    assert report.verdict == "clean", [f.message for f in report.spam]
    assert not [b for b in report.blocks if b.role == "spam"]


@pytest.mark.parametrize("name", CLUSTER)
def test_cluster_case_flagged_on_its_lines(name: str) -> None:
    text = read_case(name)
    report = analyze(text)
    assert report.verdict == "spam"
    # The labelled lines are the cluster's; the line model may report more of
    # the page (spam/26: the spam issue's own casino title, line 1).
    clusters = [(f.start, f.end) for f in report.spam if f.kind == "cluster"]
    assert clusters
    assert_lines_covered(text, LABELS[name]["lines"], clusters)


@pytest.mark.parametrize("name", INLINE)
def test_inline_case_flagged_at_its_text(name: str) -> None:
    text = read_case(name)
    label = LABELS[name]["text"]
    start = text.index(label)
    findings = detect_spam(text)
    assert any(f.start <= start and start + len(label) <= f.end for f in findings)
    # ... and only that phrase: the headline around it is not spam.
    assert all(f.end - f.start <= len(label) + 2 for f in findings)


@pytest.mark.parametrize("name", OTHER_SPAM)
def test_other_spam_kinds_flagged(name: str) -> None:
    # Beyond the floors: advert prose and doorway pages (no keyword run).
    assert detect_spam(read_case(name))


def test_seed_cluster_span_is_the_keyword_run() -> None:
    text = need_shared(SEED).read_text(encoding="utf-8")
    report = analyze(text)
    assert report.verdict == "spam"
    assert len(report.spam) == 1
    f = report.spam[0]
    assert text[f.start :].startswith("主站蜘蛛池模板")
    assert f.end == len(text) and text.endswith("|")
    assert "seo" in f.categories and "adult" in f.categories


def test_seed_blocks_have_their_roles() -> None:
    text = need_shared(SEED).read_text(encoding="utf-8")
    blocks = analyze(text).blocks

    def role_of(snippet: str) -> set[str]:
        at = text.index(snippet)
        return {b.role for b in blocks if b.start <= at < b.end}

    assert role_of("[網上傳播視聽節目許可證") == {"footer"}
    assert role_of("[京公網安備") == {"footer"}
    for snippet in ("MorePhoto", "Back to top About Us", "Copyright ©1999-2023"):
        assert role_of(snippet) == {"boilerplate"}, snippet
    assert role_of("China-Russia mutual trust improving") == {"article"}
    # Every paragraph of the article body, first to last.
    first = text.index("The fruitful visit")
    last = text.index("said Tan.", text.index("The Chinese military will make"))
    paragraphs = [p.strip() for p in text[first:last].split("\n\n") if p.strip()]
    assert len(paragraphs) == 11
    for p in paragraphs:
        assert role_of(p[:40]) == {"article"}, p[:40]
    # The clean text keeps every paragraph and no CJK character.
    out = clean(text)
    for p in paragraphs:
        assert p in out
    assert "said Tan." in out
    assert not any("\u4e00" <= c <= "\u9fff" for c in out)


# --- evasions -----------------------------------------------------------------


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def _zero_width(s: str) -> str:
    rng = random.Random(7)
    return "".join(c + ("\u200b" if rng.random() < 0.5 and c != "\n" else "") for c in s)


def _spaced(s: str) -> str:
    # A space between every two characters of a word (not around separators).
    out = []
    for i, c in enumerate(s):
        out.append(c)
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if c.isalnum() and nxt.isalnum():
            out.append(" ")
    return "".join(out)


def _traditional(s: str) -> str:
    return converter("s2t").convert(s)


def _mixed_case(s: str) -> str:
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(s))


def _homoglyph_digits(s: str) -> str:
    # Mathematical bold digits look like ASCII ones.
    return "".join(chr(0x1D7CE + int(c)) if c.isdigit() and c.isascii() else c for c in s)


EVASIONS: dict[str, Callable[[str], str]] = {
    "fullwidth": _fullwidth,
    "zero_width": _zero_width,
    "spaced": _spaced,
    "traditional": _traditional,
    "mixed_case": _mixed_case,
    "homoglyph_digits": _homoglyph_digits,
}


@pytest.mark.parametrize("evasion", sorted(EVASIONS))
@pytest.mark.parametrize("name", CLUSTER + INLINE)
def test_spam_survives_evasion(name: str, evasion: str) -> None:
    text = read_case(name)
    transform = EVASIONS[evasion]
    label = LABELS[name]
    # Line by line, so that the labelled line numbers stay valid.
    changed = "\n".join(transform(line) for line in text.split("\n"))
    findings = detect_spam(changed)
    assert findings, f"{evasion} hid the spam"
    if "lines" in label:
        assert_lines_covered(changed, label["lines"], [(f.start, f.end) for f in findings])
    else:
        target = transform(label["text"])
        at = changed.find(target)
        if at >= 0:
            assert any(f.start <= at + 1 and at + len(target) - 1 <= f.end for f in findings)


@pytest.mark.parametrize("evasion", sorted(EVASIONS))
@pytest.mark.parametrize("name", CLEAN)
def test_evasion_transforms_do_not_make_clean_pages_spam(name: str, evasion: str) -> None:
    changed = EVASIONS[evasion](read_case(name))
    assert detect_spam(unicodedata.normalize("NFC", changed)) == ()
