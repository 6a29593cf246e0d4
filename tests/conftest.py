"""Shared test helpers, one copy each: where ../shared is, its labelled cases,
the command line run in-process, and the soundness checks of a report.

Third-party data (``../shared``) is skipped when it is absent, except under
``CI=true``: there a missing file fails the test, and missing labels fail the
collection, so that a parametrized test never runs on an empty set in silence.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from segtext.report import Report
    from segtext.spam.features import Line
    from segtext.spam.view import View

ROOT = Path(__file__).resolve().parent.parent


def _shared_dir() -> Path:
    """``$SEGTEXT_SHARED``, else ``shared`` beside the checkout (or beside the
    folder of worktrees the checkout is in)."""
    if "SEGTEXT_SHARED" in os.environ:
        return Path(os.environ["SEGTEXT_SHARED"])
    for candidate in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared"


SHARED = _shared_dir()
CASES = SHARED / "cases"
SEED = SHARED / "seed" / "chinadaily-page.txt"
ICWB2 = SHARED / "data" / "icwb2"


def in_ci() -> bool:
    """Whether the suite runs in CI (``CI`` set to anything but empty, 0, false, no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def need_shared(path: Path) -> Path:
    """Skip when third-party data is absent, except in CI where it must be there."""
    if not path.exists():
        if in_ci():
            pytest.fail(f"{path} is missing; CI must have ../shared beside the checkout")
        pytest.skip(f"{path} not present (third-party data lives in ../shared)")
    return path


def read_case(rel: str) -> str:
    return (need_shared(CASES) / rel).read_text(encoding="utf-8")


def case_labels() -> dict[str, dict[str, Any]]:
    """The labels of ../shared/cases, or ``{}`` outside CI when they are absent.

    Called at collection, to parametrize tests: in CI a missing file fails the
    collection instead of leaving the tests an empty parameter set.
    """
    path = CASES / "labels.json"
    if not path.exists():
        if in_ci():
            pytest.fail(f"{path} is missing; CI must have ../shared beside the checkout")
        return {}
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def line_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each line without its newline, 1-based by index+1."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def run_cli(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """``segtext.cli.main(argv)`` in this process: exit code, stdout, stderr."""
    from segtext.cli import main  # noqa: PLC0415 - only the tests of the shells need it

    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def assert_tiles(spans: list[tuple[int, int]], length: int) -> None:
    """The spans are non-empty, in order, and cover ``[0, length)`` exactly."""
    pos = 0
    for a, b in spans:
        assert a == pos < b
        pos = b
    assert pos == length


def assert_report_sound(report: Report, text: str) -> None:
    """A report of ``text``: runs and blocks tile it, findings and evidence in bounds."""
    assert report.length == len(text)
    assert_tiles([(r.start, r.end) for r in report.runs], len(text))
    assert_tiles([(b.start, b.end) for b in report.blocks], len(text))
    for f in report.spam:
        assert 0 <= f.start < f.end <= len(text)
        for e in f.evidence:
            assert 0 <= e.start <= e.end <= len(text)


def assert_unloaded(calls: str, modules: set[str]) -> None:
    """Run ``calls`` in a fresh interpreter; none of ``modules`` may be imported."""
    code = (
        "import sys\n"
        + calls
        + f"loaded = sorted(set({sorted(modules)!r}) & set(sys.modules))\n"
        + "assert not loaded, loaded\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def assert_linear(run: Callable[[int], object], size: int, *, rounds: int = 5) -> None:
    """``run(n)`` takes time linear in ``n``: at ``size`` at most 10 times its time at
    ``size // 4`` (linear is 4, quadratic 16), best of ``rounds`` for each.

    A ratio on this machine at this moment, not a wall-time bound, so it holds
    on a slow or busy machine. A small run shorter than 20 ms is repeated (the
    large one as often) so that timer noise does not decide.
    """

    def per_call(n: int, repeat: int) -> float:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(repeat):
                run(n)
            best = min(best, time.perf_counter() - start)
        return best / repeat

    once = per_call(size // 4, 1)
    repeat = max(1, min(1000, int(0.02 / max(once, 1e-6)) + 1))
    small, large = per_call(size // 4, repeat), per_call(size, repeat)
    assert large <= 10 * small, f"{size}: {large:.4f} s, {size // 4}: {small:.4f} s a call"


# --- the slow tests ------------------------------------------------------------------
# The slowest tests (about half of the suite's time), marked `slow` here
# rather than in their files so that the list is in one place. They run by
# default; `pytest -m "not slow"` leaves them out for a quick round. A listed
# name that matches no test of its collected file fails the run (a renamed
# test would lose its mark), and the summary names any unmarked test slower
# than SLOW_SECONDS and any marked one that no longer is.
SLOW_TESTS = {
    "tests/test_hostile.py::test_ten_megabytes_on_one_line",  # 10 MB through the CLI
    "tests/test_segment.py::test_sighan_f1_floor",  # three SIGHAN test sets
    "tests/test_segment.py::test_words_are_jiebas_words",  # jieba on every shared case
    "tests/test_segment.py::test_rjieba_backend_gives_identical_han_tokens",
    "tests/test_segment.py::test_corrupt_cache_is_rebuilt",  # jieba's dictionary, twice
    "tests/test_spam_eval.py::test_cross_validated_floors",  # five fits of the spam model
    "tests/test_model.py::test_shipped_model_is_not_stale",  # one fit of the spam model
    "tests/test_hostile.py::test_broken_pipe_is_a_quiet_exit",  # 40,000 candidate lines
}
SLOW_SECONDS = 3.0
_durations: dict[str, float] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    files = {item.nodeid.split("::")[0] for item in items}
    matched: set[str] = set()
    for item in items:
        name = item.nodeid.split("[")[0]
        if name in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
            matched.add(name)
    # Only when the whole file was collected can a missing name be told apart
    # from a test left out by -k or a node id.
    if not config.getoption("keyword") and not config.getoption("markexpr"):
        lost = {n for n in SLOW_TESTS - matched if n.split("::")[0] in files}
        if lost and all("::" not in arg for arg in config.args):
            raise pytest.UsageError(f"SLOW_TESTS in tests/conftest.py names no test: {lost}")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        name = report.nodeid.split("[")[0]
        _durations[name] = max(_durations.get(name, 0.0), report.duration)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    unmarked = sorted(n for n, t in _durations.items() if t > SLOW_SECONDS and n not in SLOW_TESTS)
    fast = sorted(n for n in SLOW_TESTS if n in _durations and _durations[n] < SLOW_SECONDS / 4)
    if unmarked or fast:
        terminalreporter.section("slow marks")
        for n in unmarked:
            terminalreporter.line(f"not marked slow, took {_durations[n]:.1f} s: {n}")
        for n in fast:
            terminalreporter.line(f"marked slow, took {_durations[n]:.2f} s: {n}")


def view_lines(text: str) -> tuple[View, list[Line]]:
    """The matching view of ``text`` and one featureless model line per line,
    for tests of the model rules that take scored lines."""
    from segtext.lexicon import load_lexicon  # noqa: PLC0415
    from segtext.spam.features import Line  # noqa: PLC0415
    from segtext.spam.view import make_view  # noqa: PLC0415

    v = make_view(text, load_lexicon((), ()))
    out, pos = [], 0
    for n, line in enumerate(text.split("\n")):
        out.append(Line(n, pos, pos + len(line), {}, ()))
        pos += len(line) + 1
    return v, out


def never(_: Line) -> bool:
    """A ``covered`` test that covers no line."""
    return False
