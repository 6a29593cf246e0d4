"""One sha256 of segtext's output over a fixed set of pages, to prove a change neutral.

Run it before and after a reshape that must not change behaviour::

    python tools/fingerprint.py --save /tmp/before.json
    ... change the code ...
    python tools/fingerprint.py --compare /tmp/before.json

What is hashed, part by part (each part gets its own digest, and the whole
run one digest of them all):

- ``analyze``: ``analyze(text).as_dict()`` as JSON for the bench pages
  (``bench/pages.py``, seeded) and every file under ``../shared/cases``,
  ``../shared/seed`` and ``../shared/dev`` (read where they are, never
  copied; ``$SEGTEXT_SHARED`` names another place), decoded by
  ``decode_bytes``; ``analyze_html`` for ``.html`` files and for the bench
  pages turned into HTML (``bench/html_speed.py``);
- ``cli:...``: the bytes the command line prints for ``check --format json``,
  ``check`` (the text report) and ``clean --format json`` over those files, and
  a batch ``check`` of the bench pages as JSONL records.

``--compare`` names the inputs whose records changed, so a difference can be
read rather than guessed at. The shared files missing (no ``../shared``
beside the checkout) leave those parts out, and the run says so.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# As the tests find it: $SEGTEXT_SHARED, else ../shared beside the checkout.
SHARED = Path(os.environ.get("SEGTEXT_SHARED", ROOT.parent / "shared")).resolve()
SHARED_DIRS = ("cases", "seed", "dev")

# The checkout this file is in, whatever is installed; and the bench modules.
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def _digest(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def _dump(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False)


def shared_files() -> list[Path]:
    """Every file of the shared page sets, in a fixed order."""
    files: list[Path] = []
    for name in SHARED_DIRS:
        folder = SHARED / name
        if folder.is_dir():
            files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    return files


def bench_pages(mb: float) -> list[tuple[str, str, str]]:
    """``(name, text, html)`` of the seeded bench pages."""
    from html_speed import to_html  # noqa: PLC0415 - a bench module, on sys.path above
    from pages import PageGenerator  # noqa: PLC0415

    pages = list(PageGenerator(2024).pages(int(mb * 1e6)))
    return [(f"bench:{i}", p.text, to_html(p, i)) for i, p in enumerate(pages)]


def _library_records(
    files: list[Path], pages: list[tuple[str, str, str]]
) -> Iterator[tuple[str, str]]:
    from segtext import analyze, decode_bytes  # noqa: PLC0415 - after sys.path is set
    from segtext.html import analyze_html, decode_html  # noqa: PLC0415

    for name, text, html in pages:
        yield name, _dump(analyze(text).as_dict())
        yield name + ".html", _dump(analyze_html(html).as_dict())
    for path in files:
        data = path.read_bytes()
        name = str(path.relative_to(SHARED))
        if path.suffix.lower() in (".html", ".htm"):
            yield name, _dump(analyze_html(decode_html(data).text).as_dict())
        else:
            yield name, _dump(analyze(decode_bytes(data).text).as_dict())


def _cli(argv: list[str]) -> str:
    from segtext.cli import main  # noqa: PLC0415

    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.BytesIO(b""))
    return f"exit {code}\n{out.getvalue()}\n--- stderr\n{_stable_stderr(err.getvalue())}"


def _stable_stderr(text: str) -> str:
    # A batch run's summary line carries its speed; keep the counts only.
    return "\n".join(ln.split(" in ")[0] for ln in text.splitlines())


def _cli_records(files: list[Path], pages: list[tuple[str, str, str]]) -> Iterator[tuple[str, str]]:
    names = [str(p) for p in files]
    # Per file, so that --compare can name the one that changed; the inputs
    # are given relative to ../shared so the bytes do not depend on the checkout.
    for argv in (["check", "--format", "json"], ["check"], ["clean", "--format", "json"]):
        for name in names:
            rel = str(Path(name).relative_to(SHARED.parent))
            out = _cli([*argv, rel])
            yield f"cli:{' '.join(argv)}:{rel}", out
    with tempfile.TemporaryDirectory(prefix="segtext-fp-") as tmp:
        jsonl = Path(tmp) / "pages.jsonl"
        with jsonl.open("w", encoding="utf-8") as f:
            for i, (_, text, html) in enumerate(pages):
                f.write(_dump({"id": i, "text": text}) + "\n")
                f.write(_dump({"id": f"h{i}", "html": html}) + "\n")
        out = _cli(["check", "--input-format", "jsonl", "--jobs", "1", "--quiet", str(jsonl)])
        yield "cli:batch check jsonl", out.replace(str(jsonl), "pages.jsonl")


def fingerprint(mb: float, parts: tuple[str, ...]) -> dict[str, Any]:
    """Digests per input and per part, and one over all of them."""
    os.chdir(SHARED.parent)  # CLI inputs are named relative to ../shared's parent
    files = shared_files()
    pages = bench_pages(mb)
    makers: dict[str, Callable[[], Iterator[tuple[str, str]]]] = {
        "analyze": lambda: _library_records(files, pages),
        "cli": lambda: _cli_records(files, pages),
    }
    inputs: dict[str, str] = {}
    part_digests: dict[str, str] = {}
    for part in parts:
        h = hashlib.sha256()
        for name, record in makers[part]():
            d = _digest(record)
            inputs[f"{part}|{name}"] = d
            h.update(d.encode("ascii"))
        part_digests[part] = h.hexdigest()
    total = _digest("".join(f"{k}={v}\n" for k, v in part_digests.items()))
    return {
        "sha256": total,
        "parts": part_digests,
        "shared_files": len(files),
        "bench_pages": len(pages),
        "inputs": inputs,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of bench pages (default 1)")
    ap.add_argument(
        "--parts",
        default="analyze,cli",
        help="comma-separated parts to hash: analyze, cli (default: both)",
    )
    ap.add_argument("--save", metavar="FILE", help="write the digests (and per input) as JSON")
    ap.add_argument("--compare", metavar="FILE", help="compare with a run saved by --save")
    args = ap.parse_args(argv)
    parts = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    unknown = set(parts) - {"analyze", "cli"}
    if unknown:
        ap.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    cwd = Path.cwd()
    result = fingerprint(args.mb, parts)
    if not result["shared_files"]:
        print(f"note: no files under {SHARED}; only the bench pages were hashed", file=sys.stderr)
    print(f"sha256 {result['sha256']}")
    for part, d in result["parts"].items():
        print(f"  {part:<8} {d}")
    print(f"  ({result['shared_files']} shared files, {result['bench_pages']} bench pages)")
    if args.save:
        (cwd / args.save).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.compare:
        old = json.loads((cwd / args.compare).read_text(encoding="utf-8"))
        # Only the parts hashed in this run are compared.
        before = {k: v for k, v in old["inputs"].items() if k.split("|", 1)[0] in parts}
        changed = [k for k, v in result["inputs"].items() if before.get(k, v) != v]
        missing = sorted(set(before) ^ set(result["inputs"]))
        for k in changed[:40]:
            print(f"changed: {k}")
        if len(changed) > 40:
            print(f"... and {len(changed) - 40} more changed")
        for k in missing[:20]:
            print(f"only in one run: {k}")
        same = not changed and not missing
        print(
            "identical" if same else f"DIFFERENT: {len(changed)} changed, {len(missing)} unpaired"
        )
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
