"""How time and peak memory grow with the input: 1, 10 and 100 MB.

    python bench/scale.py                     # all cases at 1, 10, 100 MB
    python bench/scale.py --sizes 1,10 --cases pages,line

Cases (inputs are generated, deterministic, never written to disk):

``pages``   mixed pages (English and Chinese, some with injected spam), each
            encoded as UTF-8, GBK or Big5, decoded and analysed one by one, as
            a batch run streams them. Peak memory should stay flat.
``stream``  one input of the given size read as a binary stream through
            :class:`segtext.decode.DecodedStream` and analysed in windows of
            about 1 MB cut at line ends, the way a huge stdin can be handled
            in bounded memory. Peak memory should stay flat.
``line``    one adversarial single line of the given size (scripts switching
            every few characters, invisible and control characters, emoji,
            spam items, no newline), decoded and analysed whole. Not streamed:
            memory grows with the line; time per MB should not.
``glued``   one line of spam keywords glued together or joined by 丨, 一
            and |, decoded and analysed whole (not in the default cases):
            the worst input for the keyword rules' covers and splits, whose
            time per MB must not grow with the size (an n^2 cover once took
            166 s for 200 KB).

Each measurement runs in a fresh child process, which reports its wall time
and its own peak resident memory (``getrusage`` maximum RSS), so runs do not
share caches or heap. Time per MB should stay within 20% across sizes.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

MB = 1_000_000

# Word lists written for this benchmark.
EN_WORDS = [
    "the",
    "city",
    "council",
    "said",
    "on",
    "monday",
    "that",
    "a",
    "new",
    "bridge",
    "over",
    "the",
    "river",
    "will",
    "open",
    "next",
    "spring",
    "after",
    "three",
    "years",
    "of",
    "work",
    "residents",
    "have",
    "asked",
    "for",
    "better",
    "bus",
    "routes",
    "and",
    "safer",
    "crossings",
    "near",
    "the",
    "school",
    "while",
    "shop",
    "owners",
    "hope",
    "the",
    "project",
    "brings",
    "more",
    "visitors",
    "to",
    "the",
    "old",
    "market",
]
ZH_CHARS = (
    "市政府周一表示新桥将于明年春天通车经过三年施工居民希望改善公交线路和学校附近的过街安全"
    "商户期待项目为老市场带来更多游客記者報導說明天氣預報顯示週末有雨交通部門提醒駕駛人注意"
)
SPAM_ITEMS = [
    "免费观看毛片视频网站",
    "亚洲精品无码在线观看",
    "国产成人精品一区二区",
    "澳门新葡京娱乐城官网",
    "网上赌场注册送彩金",
    "高清完整版在线播放",
    "久久精品国产免费视频",
    "六合彩开奖结果查询",
]
NAV = "Home | News | Sports | 首页 | 新闻 | 联系我们"
FOOTER = "Copyright 2026 Example Daily. All rights reserved. 京ICP备00000000号"
HOSTILE = ["\u200b", "\u202e", "\ufe0f", "\x00", "\u0301", "👍🏽", "𠀀", "\r", "\t", "Ｆ"]


def _en_sentence(rng: random.Random) -> str:
    words = [rng.choice(EN_WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def _zh_sentence(rng: random.Random) -> str:
    return "".join(rng.choice(ZH_CHARS) for _ in range(rng.randint(12, 40))) + "。"


def make_page(rng: random.Random) -> str:
    """One page: navigation, a mixed article, maybe a spam run, a footer."""
    lines = [NAV, _en_sentence(rng)[:60], ""]
    for _ in range(rng.randint(4, 12)):
        if rng.random() < 0.5:
            para = " ".join(_en_sentence(rng) for _ in range(rng.randint(2, 6)))
        else:
            para = "".join(_zh_sentence(rng) for _ in range(rng.randint(2, 6)))
        lines += [para, ""]
    if rng.random() < 0.2:
        lines.append("友情推荐：" + "| ".join(rng.sample(SPAM_ITEMS, 6)) + "|")
    lines.append(FOOTER)
    return "\n".join(lines) + "\n"


def pages_bytes(size: int, seed: int = 1) -> Iterator[bytes]:
    """Encoded pages totalling about ``size`` bytes, generated lazily."""
    rng = random.Random(seed)
    done = 0
    while done < size:
        text = make_page(rng)
        codec = rng.choice(["utf-8", "utf-8", "gbk", "big5"])
        data = text.encode(codec, errors="replace")
        done += len(data)
        yield data


def adversarial_line(size: int, seed: int = 2) -> bytes:
    """One line of ``size`` UTF-8 bytes that switches script every few characters."""
    rng = random.Random(seed)
    pieces: list[str] = []
    done = 0
    while done < size:
        r = rng.random()
        if r < 0.3:
            piece = rng.choice(EN_WORDS) + rng.choice([" ", "-", ".", "|", ""])
        elif r < 0.6:
            piece = "".join(rng.choice(ZH_CHARS) for _ in range(rng.randint(1, 4)))
        elif r < 0.75:
            piece = rng.choice(SPAM_ITEMS) + rng.choice(["|", " | ", "_"])
        elif r < 0.9:
            piece = rng.choice(HOSTILE)
        else:
            piece = rng.choice(["，", "。", "：", "!", "?", "…", "1", "2024", "@", "#"])
        data = piece.encode("utf-8")
        pieces.append(piece)
        done += len(data)
    return "".join(pieces).encode("utf-8")[:size].decode("utf-8", "ignore").encode("utf-8")


def glued_line(size: int, seed: int = 3) -> bytes:
    """One line of ``size`` UTF-8 bytes of spam items glued or joined by letters."""
    rng = random.Random(seed)
    pieces: list[str] = []
    done = 0
    while done < size:
        piece = rng.choice(SPAM_ITEMS) + rng.choice(["", "", "丨", "一", "|"])
        pieces.append(piece)
        done += len(piece.encode("utf-8"))
    return "".join(pieces).encode("utf-8")[:size].decode("utf-8", "ignore").encode("utf-8")


class _Chunks(io.RawIOBase):
    """A read-only binary stream over generated pieces (constant memory)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buf:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._buf = piece
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _utf8_pages(size: int) -> Iterator[bytes]:
    rng = random.Random(3)
    done = 0
    while done < size:
        data = make_page(rng).encode("utf-8")
        done += len(data)
        yield data


def run_case(case: str, size: int) -> dict[str, float]:
    """Do one measurement in this process; returns seconds and counts."""
    from segtext import analyze  # noqa: PLC0415 - imported in the child only
    from segtext.decode import DecodedStream, decode_bytes  # noqa: PLC0415

    analyze("warm up 预热")
    chars = spam = 0
    if case in ("line", "glued"):
        data = adversarial_line(size) if case == "line" else glued_line(size)
        t0 = time.perf_counter()
        text = decode_bytes(data).text
        report = analyze(text)
        chars, spam = len(text), len(report.spam)
    elif case == "pages":
        t0 = time.perf_counter()
        for data in pages_bytes(size):
            text = decode_bytes(data).text
            report = analyze(text)
            chars += len(text)
            spam += report.is_spam
    elif case == "stream":
        # What the command line does with an input too large to hold.
        from segtext.pipeline import WINDOW_CHARS, analyze_windows, iter_windows  # noqa: PLC0415

        raw = io.BufferedReader(_Chunks(_utf8_pages(size)), buffer_size=1 << 16)
        t0 = time.perf_counter()
        lines = DecodedStream(raw).lines(max_chars=WINDOW_CHARS)
        for _, window, report in analyze_windows(iter_windows(lines, WINDOW_CHARS)):
            spam += len(report.spam)
            chars += len(window)
    else:
        raise SystemExit(f"unknown case {case!r}")
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "chars": chars, "spam": spam}


def measure(case: str, size_mb: float, timeout: float) -> dict[str, float] | str:
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", case, str(size_mb)],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"did not finish in {timeout:g} s"
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"failed: {last[:60]}"
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="sizes in MB (default: 1,10,100)")
    parser.add_argument("--cases", default="pages,stream,line", help="cases to run (also: glued)")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds allowed per measurement"
    )
    parser.add_argument("--child", nargs=2, metavar=("CASE", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        case, size = args.child
        print(json.dumps(run_case(case, int(float(size) * MB))))
        return 0
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"{'case':8} {'MB':>5} {'seconds':>9} {'s/MB':>7} {'vs 1st':>7} {'peak MB':>8}  spam")
    for case in args.cases.split(","):
        first: float | None = None
        for size in sizes:
            r = measure(case, size, args.timeout)
            if isinstance(r, str):
                print(f"{case:8} {size:5g} {r}", flush=True)
                continue
            per_mb = r["seconds"] / size
            first = first or per_mb
            print(
                f"{case:8} {size:5g} {r['seconds']:9.2f} {per_mb:7.2f} {per_mb / first:7.2f}"
                f" {r['peak_mb']:8.0f}  {int(r['spam'])}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
