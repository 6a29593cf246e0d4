"""Build dicts/spam_lexicon.tsv and dicts/spam_exclusions.txt from tools/lexicon/.

Run from the repository root:

    python tools/build_lexicon.py          # write the dictionaries
    python tools/build_lexicon.py --check  # exit 1 if they are out of date

The method (see tools/lexicon/README.md): every entry is expanded (braces),
folded exactly as the detector folds page text (segtext.normalize.fold:
NFKC, lower case, invisible characters removed, Traditional to Simplified),
validated, and de-duplicated keeping the highest weight; the output is sorted
so that a rebuild from the same sources gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "lexicon"
OUT_LEXICON = ROOT / "dicts" / "spam_lexicon.tsv"
OUT_EXCLUSIONS = ROOT / "dicts" / "spam_exclusions.txt"
CATEGORIES = (
    "adult",
    "gambling",
    "lottery",
    "piracy",
    "drugs",
    "documents",
    "services",
    "seo",
    "vpn",
)
FLAGS = {"inline", "marker", "compound"}
_BRACES = re.compile(r"\{([^{}]*)\}")

sys.path.insert(0, str(ROOT))
from segtext.lexicon import latin_forms  # noqa: E402  (needs the repo on sys.path)
from segtext.normalize import fold  # noqa: E402

#: Letters an entry's bare form needs (see build()), and the weight: a weak
#: entry's bare form may be another phrase's (đổi thưởng and đời thường are
#: both doi thuong).
BARE_MIN = 7
BARE_WEIGHT = 1.5
_BARE_LETTERS = str.maketrans({"ı": "i", "đ": "d", "ø": "o", "ł": "l"})


def bare_latin(key: str) -> str:
    """``key`` without the marks of its Latin letters (``güncel giriş`` ->
    ``guncel giris``); a key with other letters comes back as it is."""
    if not all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in key):
        return key
    decomposed = unicodedata.normalize("NFD", key.translate(_BARE_LETTERS))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def expand(entry: str) -> list[str]:
    """``{a,b}c`` -> ``[ac, bc]``; nested braces are not supported."""
    parts = _BRACES.split(entry)
    # parts alternate literal, alternatives, literal, ...
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
    return ["".join(c) for c in itertools.product(*choices)]


def parse_source(path: Path) -> list[tuple[str, float, frozenset[str]]]:
    weight: float | None = None
    flags: frozenset[str] = frozenset()
    out: list[tuple[str, float, frozenset[str]]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@weight"):
            weight = float(line.split()[1])
            if not 0 < weight <= 5:
                raise SystemExit(f"{path}:{lineno}: weight must be in (0, 5]")
            continue
        if line.startswith("@flags"):
            names = line.split(None, 1)[1].split(",")
            flags = frozenset() if names == ["none"] else frozenset(n.strip() for n in names)
            if not flags <= FLAGS:
                raise SystemExit(f"{path}:{lineno}: unknown flag in {sorted(flags)}")
            continue
        if weight is None:
            raise SystemExit(f"{path}:{lineno}: entries before any @weight line")
        for entry in line.split():
            for word in expand(entry):
                out.append((word.replace("_", " "), weight, flags))
    return out


def build() -> tuple[str, str]:
    digest = hashlib.sha256()
    best: dict[str, tuple[float, str, frozenset[str]]] = {}
    counts: dict[str, int] = {}
    for category in CATEGORIES:
        path = SOURCES / f"{category}.txt"
        digest.update(path.read_bytes())
        for word, weight, flags in parse_source(path):
            key = fold(word).text
            if len(key) < 2 and weight >= 1:
                raise SystemExit(f"{path}: single-character entry {word!r} may only add up (< 1)")
            old = best.get(key)
            if old is None or weight > old[0]:
                best[key] = (weight, category, flags | (old[2] if old else frozenset()))
            else:
                best[key] = (old[0], old[1], old[2] | flags)
    # Spam written without its marks (güncel giriş as guncel giris, nhà cái
    # uy tín as nha cai uy tin, in slugs and domains above all): each entry
    # of Latin letters with marks is matched bare too, when the bare form
    # is long enough to be no other language's word (lo de, ca do are) and
    # the entry strong.
    taken = set(best) | {f for k in best if k.isascii() for f in latin_forms(k)}
    for key, value in list(best.items()):
        bare = bare_latin(key)
        if (
            bare != key
            and bare.isascii()
            and len(bare) >= BARE_MIN
            and bare not in taken
            and value[0] >= BARE_WEIGHT
        ):
            best[bare] = value
    for weight, category, _ in best.values():
        counts[category] = counts.get(category, 0) + 1
        del weight
    excl_path = SOURCES / "exclusions.txt"
    digest.update(excl_path.read_bytes())
    exclusions = sorted(
        {
            fold(w).text
            for line in excl_path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
            for w in line.split()
        }
    )
    head = [
        "# segtext spam lexicon: keyword<TAB>category<TAB>weight<TAB>flags",
        "# Keywords are folded as page text is folded (NFKC, lower case, Traditional to",
        "# Simplified). Written by the segtext developers; generated from tools/lexicon/",
        "# by `python tools/build_lexicon.py` (do not edit by hand).",
        f"# sources sha256: {digest.hexdigest()}",
        "# entries: "
        + ", ".join(f"{c} {counts.get(c, 0)}" for c in CATEGORIES)
        + f"; total {len(best)}",
    ]
    rows = [
        f"{k}\t{cat}\t{w:g}\t{','.join(sorted(fl)) or '-'}"
        for k, (w, cat, fl) in sorted(best.items(), key=lambda kv: (kv[1][1], kv[0]))
    ]
    lexicon = "\n".join(head + rows) + "\n"
    excl_head = [
        "# segtext spam exclusions: one innocent phrase per line; a keyword hit lying",
        "# inside one of them is not counted. Generated from tools/lexicon/exclusions.txt",
        "# by `python tools/build_lexicon.py` (do not edit by hand).",
    ]
    return lexicon, "\n".join(excl_head + exclusions) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped files differ")
    args = parser.parse_args(argv)
    lexicon, exclusions = build()
    if args.check:
        stale = [
            p.name
            for p, want in ((OUT_LEXICON, lexicon), (OUT_EXCLUSIONS, exclusions))
            if not p.exists() or p.read_text(encoding="utf-8") != want
        ]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python tools/build_lexicon.py")
            return 1
        print("dictionaries are up to date")
        return 0
    OUT_LEXICON.write_text(lexicon, encoding="utf-8")
    OUT_EXCLUSIONS.write_text(exclusions, encoding="utf-8")
    print(f"wrote {OUT_LEXICON.relative_to(ROOT)} and {OUT_EXCLUSIONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
