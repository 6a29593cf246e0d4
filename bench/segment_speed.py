"""Throughput of :func:`segtext.segment` beside raw ``jieba.lcut``.

Usage::

    python bench/segment_speed.py [--data DIR] [--repeat 9] [--lines]

Both segment the MSR test text of SIGHAN 2005 (read from
``../shared/data/icwb2``) in the same process, after a warm-up call that
loads each one's dictionary, so the figures compare steady-state speed; the
best of ``--repeat`` runs is reported. By default the whole file is one
string (CRLFs kept); ``--lines`` segments it line by line instead, which adds
segtext's per-call overhead. Start-up is measured separately in fresh
processes (see :func:`startup`): the first call of ``jieba.lcut`` and of
``segtext.segment``, each with a cold and a warm dictionary cache.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "icwb2"

_FIRST_CALL = {
    "jieba.lcut": "import jieba; jieba.lcut('我们在北京')",
    "segtext.segment": "from segtext import segment; segment('我们在北京')",
}


def best_of(fns: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """The fastest of ``repeat`` timed calls of each function, in seconds.

    The functions take turns, so a burst of load on a shared machine slows
    both sides rather than one.
    """
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, ts in zip(fns, times, strict=True):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [min(ts) for ts in times]


def first_call(name: str, env: dict[str, str] | None = None) -> float:
    """Seconds from interpreter start-up to the end of the first call."""
    code = (
        "import time, logging; t0 = time.perf_counter(); "
        + _FIRST_CALL[name]
        + "; print(time.perf_counter() - t0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return float(out.stdout.strip().splitlines()[-1])


def startup() -> None:
    """Print first-call times in fresh processes, with cold and warm caches.

    Each side gets its own empty temporary directory as its cache (jieba's
    is ``tempfile.gettempdir()``, so ``TMPDIR``; segtext's is
    ``SEGTEXT_CACHE_DIR``); "cold" is the first process, which builds the
    cache, "warm" the best of three after it.
    """
    print("first call in a fresh process (import + dictionary + one short text):")
    for name in _FIRST_CALL:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, TMPDIR=tmp, SEGTEXT_CACHE_DIR=tmp)
            cold = first_call(name, env)
            warm = min(first_call(name, env) for _ in range(3))
        print(f"  {name:17} cold cache {cold:.3f} s, warm cache {warm:.3f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--lines", action="store_true", help="segment line by line")
    parser.add_argument("--no-startup", action="store_true", help="skip fresh-process timings")
    args = parser.parse_args(argv)
    path = args.data / "msr_test.utf8"
    if not path.is_file():
        print(f"no SIGHAN data in {args.data} (use --data)", file=sys.stderr)
        return 1
    text = path.read_text(encoding="utf-8")

    import logging  # noqa: PLC0415

    import jieba  # noqa: PLC0415

    from segtext import segment  # noqa: PLC0415
    from segtext._jieba import cache_dir  # noqa: PLC0415

    logging.getLogger("jieba").setLevel(logging.WARNING)
    # jieba's own cache goes beside segtext's rather than into /tmp.
    cache_dir().mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(cache_dir())
    units = text.splitlines() if args.lines else [text]
    jieba.lcut(units[0])
    segment(units[0])
    jieba.lcut(text)
    segment(text)
    t_jieba, t_seg = best_of(
        [lambda: [jieba.lcut(u) for u in units], lambda: [segment(u) for u in units]], args.repeat
    )
    mode = "line by line" if args.lines else "whole text"
    print(f"MSR test text, {len(text):,} characters, {mode}, best of {args.repeat}:")
    print(f"  jieba.lcut        {t_jieba:.3f} s  ({len(text) / t_jieba / 1e3:.0f} k chars/s)")
    print(f"  segtext.segment   {t_seg:.3f} s  ({len(text) / t_seg / 1e3:.0f} k chars/s)")
    print(f"  ratio segment / jieba.lcut: {t_seg / t_jieba:.2f}")
    if not args.no_startup:
        startup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
