"""Refit the shipped spam line model, dicts/spam_model.tsv, from ../shared.

    python tools/fit_model.py [--shared DIR] [--check]

Reads the development corpus (dev/zh, dev/intl, dev/round1) and the shared
cases where they lie, beside the checkout, and never copies them; the model
file's header says what it was fitted from. ``--check`` exits 1 when the
shipped file differs from a fresh fit (the test suite runs this).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from segtext.spam.fit import fitted_text  # noqa: E402

CORPUS = ("dev/zh", "dev/intl", "dev/round1", "cases")
SEED = 0
MODEL = ROOT / "dicts" / "spam_model.tsv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    default = os.environ.get("SEGTEXT_SHARED") or ROOT.parent / "shared"
    ap.add_argument(
        "--shared", type=Path, default=default, help="default: $SEGTEXT_SHARED, else ../shared"
    )
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped model is stale")
    args = ap.parse_args(argv)
    text = fitted_text([args.shared / c for c in CORPUS], SEED, names=CORPUS)
    if args.check:
        if MODEL.read_text(encoding="utf-8") != text:
            print(
                f"{MODEL} is stale: run python tools/fit_model.py (the fit reads the"
                " corpus, segtext's code and jieba's dictionary: the header names each)",
                file=sys.stderr,
            )
            return 1
        return 0
    MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL} ({len(text.encode()) // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
