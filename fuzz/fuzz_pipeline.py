"""Fuzz the decoder, the script splitter, the spam detector and the command line.

Run from the repository root::

    python fuzz/fuzz_pipeline.py --examples 20000          # every target
    python fuzz/fuzz_pipeline.py --examples 5000 --target decode

Hypothesis generates the inputs (arbitrary bytes, arbitrary ``str`` with lone
surrogates, and page-like text built from CJK, Latin, separators, invisible
and control characters, in several encodings and with corrupted bytes). A
*crash* is any exception other than :class:`segtext.SegtextError`, or a broken
invariant: runs and blocks that do not tile the text, spans out of bounds, a
stream decoding that differs from the whole-input one, an exit status outside
{0, 1, 2}. Crashes are collected rather than stopping the run, deduplicated by
where they happened, and printed with a reproducing input; the exit status is
1 if there was any. Nothing is written to disk (the Hypothesis example
database is off).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from segtext import SegtextError, analyze
from segtext.cli import main
from segtext.config import SpamConfig
from segtext.decode import DecodedStream, decode_bytes
from segtext.scripts import script_runs
from segtext.spam import detect_spam

PIECES = st.sampled_from(
    [
        *"毛片免费在线观看亚洲国产成人精品無碼視頻蜘蛛池模板澳门六开彩開獎結果中文測試",
        *"abcXYZ 019|_-,，、:：。.!@#\n\t\r",
        "\x00",
        "\x07",
        "\x1b",
        "\x85",
        "\u0301",
        "\u200b",
        "\u200d",
        "\u202e",
        "\u2066",
        "\ufe0f",
        "\U000e0101",
        "\ufeff",
        "\U00020000",
        "👨\u200d👩\u200d👧",
        "🇨🇳",
        "👍🏽",
        "\r\n",
        "\u2028",
        "Ｆ",
        "１",
        "İ",
        "㈱",
        "http://x.cn/",
        "a@b.cn",
        "qq:12345678",
        "免费毛片 | ",
        "成人网站 | ",
        "澳门赌场 | ",
        "<div>",
        "</p>",
    ]
)
PAGE = st.lists(PIECES, max_size=400).map("".join)
ANY_STR = st.one_of(st.text(st.characters(codec=None, exclude_categories=()), max_size=500), PAGE)
CODECS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "cp1252"])


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """A page-like text, encoded, then maybe corrupted."""
    text = draw(PAGE)
    codec = draw(CODECS)
    data = bytearray(text.encode(codec, errors="replace"))
    for _ in range(draw(st.integers(0, 3))):
        if data:
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
    return bytes(data)


ANY_BYTES = st.one_of(st.binary(max_size=2000), page_bytes())


@dataclass
class Tally:
    executions: int = 0
    crashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # where -> (error, input)

    def crash(self, exc: BaseException, sample: object) -> None:
        tb = traceback.extract_tb(exc.__traceback__)
        frame = tb[-1] if tb else None
        where = f"{type(exc).__name__} at {frame.filename}:{frame.lineno}" if frame else repr(exc)
        self.crashes.setdefault(where, (f"{type(exc).__name__}: {exc}", repr(sample)[:300]))


def _tiles(spans: list[tuple[int, int]], length: int) -> None:
    pos = 0
    for a, b in spans:
        if not a == pos < b:
            raise AssertionError(f"spans do not tile at {pos}: ({a}, {b})")
        pos = b
    if pos != length:
        raise AssertionError(f"spans end at {pos}, text at {length}")


def check_decode(data: bytes) -> None:
    for strict in (False, True):
        try:
            whole = decode_bytes(data, strict=strict)
        except SegtextError:
            continue
        stream = DecodedStream(io.BytesIO(data), strict=strict, chunk_size=97)
        if "".join(stream) != whole.text or stream.replaced != whole.replaced:
            raise AssertionError("stream decoding differs from whole decoding")
        if any("\ud800" <= c <= "\udfff" for c in whole.text):
            raise AssertionError("decoded text holds a surrogate")


def check_split(text: str) -> None:
    if text:
        _tiles([(r.start, r.end) for r in script_runs(text)], len(text))


def check_spam(text: str) -> None:
    for f in detect_spam(text, SpamConfig()):
        if not 0 <= f.start < f.end <= len(text):
            raise AssertionError(f"finding out of bounds: {f.start}-{f.end} of {len(text)}")


def check_analyze(text: str) -> None:
    report = analyze(text)
    _tiles([(r.start, r.end) for r in report.runs], len(text))
    _tiles([(b.start, b.end) for b in report.blocks], len(text))
    for f in report.spam:
        if not 0 <= f.start < f.end <= len(text):
            raise AssertionError("finding out of bounds")


def check_cli(data: bytes) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--format", "json", "-"], stdout=out, stderr=err, stdin=io.BytesIO(data))
    if code not in (0, 1, 2):
        raise AssertionError(f"exit status {code}")
    if code != 2:
        record = json.loads(out.getvalue())
        # Text and HTML records have one shape; for HTML the offsets index
        # the extracted text, `length` long.
        _tiles([(b["start"], b["end"]) for b in record["blocks"]], record["length"])
        for f in record["spam"]:
            if not 0 <= f["start"] <= f["end"] <= record["length"]:
                raise AssertionError("finding out of bounds")


TARGETS: dict[str, tuple[Callable[[Any], None], st.SearchStrategy[Any]]] = {
    "decode": (check_decode, ANY_BYTES),
    "split": (check_split, ANY_STR),
    "spam": (check_spam, ANY_STR),
    "analyze": (check_analyze, ANY_STR),
    "cli": (check_cli, ANY_BYTES),
}


def fuzz(name: str, examples: int) -> Tally:
    check, strategy = TARGETS[name]
    tally = Tally()

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(sample: Any) -> None:
        tally.executions += 1
        try:
            check(sample)
        except SegtextError:
            pass
        except Exception as exc:  # a crash: record it and keep fuzzing
            tally.crash(exc, sample)

    run()
    return tally


def main_fuzz(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per target")
    parser.add_argument("--target", choices=sorted(TARGETS), action="append")
    args = parser.parse_args(argv)
    failed = False
    for name in args.target or list(TARGETS):
        t0 = time.perf_counter()
        tally = fuzz(name, args.examples)
        dt = time.perf_counter() - t0
        print(
            f"{name:8} {tally.executions:7d} executions  {len(tally.crashes)} crashes  {dt:6.1f} s"
        )
        for where, (error, sample) in tally.crashes.items():
            failed = True
            print(f"  {where}\n    {error}\n    input: {sample}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main_fuzz())
