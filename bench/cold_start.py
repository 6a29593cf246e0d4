"""Median wall time of ``segtext check`` on one small page, as a whole process.

Each run starts a fresh interpreter (``python -m segtext check page.txt``, or
the installed ``segtext`` script with ``--script``), so the time includes
imports and building the lexicon: what a shell loop or a CI hook pays per
page. The bytecode is cached, as in an installed package. Two kinds of page: English only, and English with a Chinese spam
footer. The target is a median under 0.5 s; jieba must never be imported
(checked once with ``-X importtime``).

    python bench/cold_start.py            # 11 runs of each page
    python bench/cold_start.py --runs 21
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import installed_env

PAGES = {
    "english": (
        "Riverside city opens its first night library\n\n"
        "The riverside city of Lanxi opened its first night library on Saturday, keeping a"
        " reading room open until two in the morning for students and shift workers.\n"
    ),
    "english+spam footer": (
        "Riverside city opens its first night library\n\n"
        "The riverside city of Lanxi opened its first night library on Saturday.\n"
        "[浙ICP备00000000号-1]\n"
        "主站蜘蛛池模板: 免费观看毛片视频网站| 亚洲精品无码在线观看| 国产成人精品一区二区|\n"
    ),
}


def _command(script: bool) -> list[str]:
    if script:
        exe = shutil.which("segtext") or str(Path(sys.executable).with_name("segtext"))
        return [exe, "check"]
    return [sys.executable, "-m", "segtext", "check"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--script", action="store_true", help="run the installed segtext script")
    args = ap.parse_args(argv)
    cmd = _command(args.script)
    print(f"command: {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))} PAGE")
    print("| page | median | min | max | runs | jieba imported |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="segtext-cold-") as tmp:
        # Bytecode as an installed package has it (see pages.installed_env).
        env = installed_env(str(Path(tmp) / "pycache"))
        for name, text in PAGES.items():
            page = Path(tmp) / "page.txt"
            page.write_text(text, encoding="utf-8")
            subprocess.run([*cmd, str(page)], check=False, stdout=subprocess.DEVNULL, env=env)
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                proc = subprocess.run(
                    [*cmd, str(page)], check=False, stdout=subprocess.DEVNULL, env=env
                )
                rc = proc.returncode
                times.append(time.perf_counter() - t)
                if rc not in (0, 1):
                    raise SystemExit(f"segtext check exited {rc}")
            probe = subprocess.run(
                [sys.executable, "-X", "importtime", "-m", "segtext", "check", str(page)],
                capture_output=True,
                text=True,
                check=False,
            )
            jieba = any(line.rstrip().endswith("| jieba") for line in probe.stderr.splitlines())
            print(
                f"| {name} | {statistics.median(times):.3f} s | {min(times):.3f} s |"
                f" {max(times):.3f} s | {args.runs} | {'yes' if jieba else 'no'} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
