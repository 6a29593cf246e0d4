"""Every regular expression in segtext against catastrophic backtracking.

The patterns are collected from the modules, so a new one is checked without
being listed here. Each runs ``finditer`` (a search at every position, the
most work any caller can ask of it) over inputs built to make a backtracking
engine go quadratic or worse: long runs of one character, alternations of
two, and the prefix that opens a pattern followed by a long run that almost
continues it. ``regex`` patterns run with a timeout that is a hang guard,
not a benchmark: a linear pattern needs milliseconds here and the bound is a
second; a quadratic one needs minutes at this size.
"""

from __future__ import annotations

import importlib
import itertools
import multiprocessing
import re
from collections.abc import Iterator
from typing import Any

import pytest
import regex

from segtext.normalize import fold
from segtext.scripts import script_runs

MODULES = ["normalize", "scripts", "blocks", "spam", "segment", "lexicon", "decode", "_jieba"]
N = 40_000
TIMEOUT = 1.0  # per input, for `regex` patterns
STDLIB_BOUND = 4.0  # all inputs together, for `re` patterns (linear ones take < 0.5 s)

# Patterns found quadratic on these inputs; each entry is a reported bug with
# the proposed fix. strict=True: a fixed pattern makes the test fail until
# its entry is removed.
KNOWN_QUADRATIC: dict[str, str] = {}


# Patterns only ever used anchored, with ``match`` at one position per run
# or stretch (so a scan from every position is not how they are used): they
# are checked with one ``match`` at the start.
ANCHORED = {
    "scripts._LEFT_PART",  # matched once per Common stretch, bounded by its end
    "spam._TRAILING_SEPARATOR",  # matched once after a run's last item
    "decode._SNIFF",  # matched once at the start of an input's first 1,024 characters
}


def _patterns() -> Iterator[tuple[str, Any]]:
    for name in MODULES:
        try:
            module = importlib.import_module(f"segtext.{name}")
        except ImportError:  # a stage not written yet
            continue
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, (re.Pattern, regex.Pattern)):
                yield f"{name}.{attr}", value


PATTERNS = dict(_patterns())


def _adversarial(n: int) -> Iterator[str]:
    for c in [" ", "a", "1", ".", "中", "\u200b", "α", "!", "@", "-", "\n", "q", "'", "é"]:
        yield c * n
    for pair in ["a.", "a%", "a@", "a-", "1.", ". ", "中 ", "a中", "q ", "a\u0301", "1:", "a'"]:
        yield pair * (n // 2)
    for head, body, tail in [
        ("icp", " ", "x"),
        ("q", " ", "x"),
        ("qq:", " ", "x"),
        ("x@", "a.", "1"),
        ("www.", "!", ""),
        ("http://", "a", "!"),
        ("editor", " ", ""),
        (".", " ", "x"),
        ("charset=", " ", ""),
        ("2024-", "1", ""),
        ("a", "\u200b", "中"),
    ]:
        yield head + body * (n // len(body)) + tail


def _params() -> Iterator[Any]:
    for name in sorted(PATTERNS):
        marks = []
        if name in KNOWN_QUADRATIC:
            marks.append(
                pytest.mark.xfail(strict=True, raises=TimeoutError, reason=KNOWN_QUADRATIC[name])
            )
        yield pytest.param(name, marks=marks, id=name)


def test_patterns_were_found() -> None:
    assert {"normalize._NEEDS_FOLD", "scripts._RUN", "scripts._LEFT_PART"} <= set(PATTERNS)


def _run_all(name: str, timeout: float | None) -> None:
    pattern = PATTERNS[name]
    kw = {"timeout": timeout} if timeout is not None else {}
    for text in _adversarial(N):
        subject: Any = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
        if name in ANCHORED:
            pattern.match(subject, **kw)
            continue
        count = sum(1 for _ in pattern.finditer(subject, **kw))
        assert count <= len(subject) + 1


@pytest.mark.parametrize("name", list(_params()))
def test_pattern_is_linear_on_adversarial_input(name: str) -> None:
    if isinstance(PATTERNS[name], regex.Pattern):
        _run_all(name, TIMEOUT)
        return
    # The stdlib engine has no timeout: run all inputs in a forked child and
    # stop it if it outlives a bound far above what linear matching needs.
    child = multiprocessing.get_context("fork").Process(target=_run_all, args=(name, None))
    child.start()
    child.join(STDLIB_BOUND)
    if child.is_alive():
        child.kill()
        child.join()
        raise TimeoutError(f"{name} did not finish the adversarial inputs in {STDLIB_BOUND} s")
    assert child.exitcode == 0


# Whole functions built on those patterns, on inputs of the same kind: the
# results must still be exact (runs tile the text, maps cover it).


@pytest.mark.parametrize(
    "text",
    [
        "a中ア한я1 " * 20_000,
        "a" + " " * 100_000 + "中",
        "a" + "!" * 100_000 + "中",
        "中" + "。 " * 50_000 + "a",
        "\u0301" * 100_000,
        "1" * 100_000,
        "a\u200b" * 50_000,
    ],
    ids=["alternating", "spaces", "bangs", "cjk-punct", "marks", "digits", "zwsp"],
)
def test_script_runs_on_adversarial_text(text: str) -> None:
    runs = script_runs(text)
    assert runs[0].start == 0
    assert runs[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(runs))


@pytest.mark.parametrize(
    "text",
    ["\u200b" * 100_000, "Ａ" * 100_000, "㈱" * 50_000, "İ" * 50_000, "a\ufe0f" * 50_000],
    ids=["zwsp", "fullwidth", "expanding", "dotted-i", "variation-selectors"],
)
def test_fold_on_adversarial_text(text: str) -> None:
    folded = fold(text, t2s=False)
    assert folded.source_length == len(text)
    if folded.text:
        start, end = folded.span(0, len(folded.text))
        assert 0 <= start <= end <= len(text)
