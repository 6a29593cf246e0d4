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
import inspect
import itertools
import multiprocessing
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
import regex

import segtext
from segtext.normalize import fold
from segtext.scripts import script_runs

# Modules of optional extras, imported only when the extra is installed.
OPTIONAL = {"segtext.integrations.datatrove"}
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
    "spam.items._TRAILING_SEPARATOR",  # matched once after a run's last item
    # matched once after a colon; it stops at the next non-space, so colons
    # in a row each stop at once
    "spam.markers._AFTER_COLON",
    "inputs._SNIFF",  # matched once at the start of an input's first 1,024 characters
    # matched once after a start tag's name; on a failure the page ends there
    "html.tokenizer._TAG_REST",
    "html.tokenizer._END_REST",  # the same after an end tag's name
    # fullmatched once on the gap between two neighbouring string literals
    "html.script_strings._PLUS",
}


def _modules() -> Iterator[Any]:
    """Every module of the package, subpackages included."""
    for info in pkgutil.walk_packages(segtext.__path__, "segtext."):
        if info.name == "segtext.__main__":
            continue  # runs the command line when imported
        try:
            yield importlib.import_module(info.name)
        except ImportError:
            if info.name not in OPTIONAL:
                raise


MODULES = list(_modules())


def _patterns() -> Iterator[tuple[str, Any]]:
    """Compiled patterns at module level and in the classes a module defines,
    each once, under the name of the module that assigns it (not one that
    imports it)."""
    places: dict[int, list[tuple[str, str, Any, str]]] = {}
    for module in MODULES:
        short = module.__name__.removeprefix("segtext.")
        source = inspect.getsource(module)
        scopes = [(short, vars(module))]
        scopes += [
            (f"{short}.{name}", vars(cls))
            for name, cls in inspect.getmembers(module, inspect.isclass)
            if cls.__module__ == module.__name__
        ]
        for prefix, scope in scopes:
            for attr, value in scope.items():
                if isinstance(value, (re.Pattern, regex.Pattern)):
                    places.setdefault(id(value), []).append((prefix, attr, value, source))
    for found in places.values():
        assigned = [p for p in found if re.search(rf"^\s*{re.escape(p[1])}\b[^=\n]*=", p[3], re.M)]
        prefix, attr, value, _ = (assigned or found)[0]
        yield f"{prefix}.{attr}", value
    # Patterns built when a function is called, one of each kind.
    yield (
        "normalize._non_ascii_groups(1)",
        importlib.import_module("segtext.normalize")._non_ascii_groups(1),
    )
    yield (
        "html.tokenizer._close_pattern('script')",
        importlib.import_module("segtext.html.tokenizer")._close_pattern("script"),
    )


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
    # A module of every part of the package, the shells and the HTML stage included.
    assert {
        "normalize._NEEDS_FOLD",
        "scripts._RUN",
        "scripts._LEFT_PART",
        "html.tokenizer._MARKUP",
        "html.css._CSS_RULE",
        "html.script_strings._JS_STRING",
        "inputs._SNIFF",
    } <= set(PATTERNS)
    found = {name.split(".")[0] for name in PATTERNS}
    assert {"blocks", "spam", "lexicon", "segment", "html", "decode", "normalize"} <= found
    # The shells are searched too (they hold no pattern today).
    assert {"segtext.batch", "segtext.cli", "segtext.html"} <= {m.__name__ for m in MODULES}


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
